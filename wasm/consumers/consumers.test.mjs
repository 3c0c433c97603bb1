// @refrain/engine as its users get it: run by wasm/consumers/run.sh in a project that has installed
// the packed tarball. Node decides the examples; TypeScript checks the types strictly; Vite and
// esbuild build a page that decides the examples in headless Chromium. Every decision must be the
// native CLI's bytes, and every bad input the CLI's message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { chromium } from 'playwright-core';

const { REFRAIN_ROOT: root, FIXTURES: fixtures, TARBALL: tarball } = process.env;
assert.ok(root && fixtures && tarball, 'run by wasm/consumers/run.sh, which sets REFRAIN_ROOT, FIXTURES and TARBALL');
const refrain = join(root, 'build/bin/refrain');
const fixture = (name) => join(fixtures, name);
const installed = (path) => join('node_modules/@refrain/engine', path);
const requests = readFileSync(fixture('requests.jsonl'), 'utf8').split('\n').filter(Boolean);

// What the native CLI answers, to compare every consumer with.
const native = {
  decisions: requests.map((request) =>
    execFileSync(refrain, ['eval', '--bundle', fixture('examples.rfb'), '--request', '-'], { input: request, encoding: 'utf8' })),
  // `refrain check` prints diagnostics as the compiler's `rendered` gives them.
  rendered: spawnSync(refrain, ['check', 'bad.refrain'], { cwd: fixtures, encoding: 'utf8' }).stderr,
  // The CLI names the file it read (refrain: `FILE`: MESSAGE); the package is given bytes.
  damaged: spawnSync(refrain, ['eval', '--bundle', fixture('damaged.rfb'), '--request', '-'], { input: requests[0], encoding: 'utf8' })
    .stderr.replace(/^refrain: `[^`]*`: /, 'refrain: ').trimEnd(),
};

test('the native answers to compare with are what they should be', () => {
  assert.equal(requests.length, 47);
  assert.match(native.decisions[45], /"code": "invalid_json"/);
  assert.match(native.decisions[46], /"code": "invalid_request"/);
  assert.match(native.rendered, /^bad\.refrain:2:9: error: unknown use `ai\.x`\n/);
  assert.equal(native.damaged, 'refrain: bundle is corrupted: its content does not match its sha-256');
});

test('the tarball holds the package, its types, both modules, the README and the LICENSE', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  assert.deepEqual(files, ['LICENSE', 'README.md', 'decision_record.mjs', 'dist/refrain-compiler.wasm', 'dist/refrain-runtime.wasm',
    'package.json', 'plain_json.mjs', 'record_layout.mjs', 'refrain.d.ts', 'refrain.mjs'].map((f) => `package/${f}`));
  assert.deepEqual(readFileSync(installed('LICENSE')), readFileSync(join(root, 'LICENSE')));
  const manifest = JSON.parse(readFileSync(installed('package.json'), 'utf8'));
  const version = readFileSync(join(root, 'runtime/version.h'), 'utf8').match(/#define REFRAIN_VERSION "([^"]+)"/)[1];
  assert.deepEqual([manifest.name, manifest.version, manifest.license, manifest.private], ['@refrain/engine', version, 'Apache-2.0', undefined]);
});

test('the README\'s example is node/decide.mjs, which this test runs', () => {
  const readme = readFileSync(installed('README.md'), 'utf8');
  assert.ok(readme.includes(`\`\`\`js\n${readFileSync('node/decide.mjs', 'utf8')}\`\`\``), 'README.md shows node/decide.mjs as it is');
});

test('Node decides every example request with the native CLI\'s bytes', () => {
  const run = spawnSync('node', ['node/decide.mjs', fixture('examples.rfb')], { input: requests.join('\n'), encoding: 'utf8' });
  assert.equal(run.stderr, '');
  assert.equal(run.status, 0);
  assert.equal(run.stdout, native.decisions.join(''));
});

test('Node refuses a damaged bundle with the CLI\'s message, not a crash', () => {
  const run = spawnSync('node', ['node/decide.mjs', fixture('damaged.rfb')], { input: requests[0], encoding: 'utf8' });
  assert.equal(run.stderr, `${native.damaged}\n`);
  assert.equal(run.status, 1);
  assert.equal(run.stdout, '');
});

test('TypeScript takes the types strictly, and refuses what the language refuses', () => {
  const run = spawnSync('node_modules/.bin/tsc', ['-p', 'types'], { encoding: 'utf8' });
  assert.equal(run.stdout + run.stderr, '');
  assert.equal(run.status, 0);
});

// A static server for a built page, on 127.0.0.1 and a port the system picks; the page's data
// files come from the fixtures.
async function serve(dir) {
  const data = new Set(['examples.rfb', 'requests.jsonl', 'bad.refrain', 'damaged.rfb']);
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname).slice(1) || 'index.html';
    const file = data.has(path) ? fixture(path) : join(dir, path);
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

describe('a page built by a bundler decides in headless Chromium as the native CLI does', () => {
  let browser;
  before(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
    });
  });
  after(() => browser?.close());

  async function decideIn(dir) {
    const server = await serve(dir);
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(server.url);
      await page.waitForSelector('#out[data-done]', { timeout: 60000 });
      return { result: JSON.parse(await page.textContent('#out')), problems };
    } finally {
      await page.close();
      server.close();
    }
  }

  function assertNative({ result, problems }) {
    assert.deepEqual(problems, []);
    assert.equal(result.failed, undefined);
    assert.equal(result.decisions.length, native.decisions.length);
    result.decisions.forEach((decision, i) => assert.equal(decision, native.decisions[i], `request ${i + 1}`));
    assert.deepEqual(result.compiled, { ok: false, rendered: native.rendered });
    assert.equal(result.damaged, native.damaged);
  }

  test('Vite: `vite build` copies both modules, with no configuration', async () => {
    const out = join(process.cwd(), 'out/vite');
    const build = spawnSync('node_modules/.bin/vite', ['build', 'page', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'],
                            { encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    assert.equal(build.stderr, '');
    const modules = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.wasm'));
    assert.deepEqual(modules.map((f) => f.match(/^refrain-(runtime|compiler)-/)?.[1]).sort(), ['compiler', 'runtime'], String(modules));
    assertNative(await decideIn(out));
  });

  test('esbuild: an ES module bundle, with the package\'s dist/ beside it', async () => {
    const out = join(process.cwd(), 'out/esbuild');
    rmSync(out, { recursive: true, force: true });
    const build = spawnSync('node_modules/.bin/esbuild', ['page/main.js', '--bundle', '--format=esm', `--outdir=${out}`, '--log-level=warning'],
                            { encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    assert.equal(build.stderr, '');
    cpSync('page/index.html', join(out, 'index.html'));
    mkdirSync(join(out, 'dist'));
    cpSync(installed('dist'), join(out, 'dist'), { recursive: true });
    assertNative(await decideIn(out));
  });
});
