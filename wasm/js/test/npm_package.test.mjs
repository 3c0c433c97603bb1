// The npm package's guards: its version is the project's, and `npm pack` from a clean checkout
// (no dist/, which is built and not committed) refuses, saying what to do, instead of packing a
// package without its modules. What the packed tarball does is wasm/consumers/run.sh's test.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;
const made = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = (prefix) => made[made.push(mkdtempSync(join(tmpdir(), prefix))) - 1];
const packageJson = (dir) => JSON.parse(readFileSync(join(dir, 'wasm/js/package.json'), 'utf8'));

test('the package version is the project version of runtime/version.h', () => {
  const header = readFileSync(join(root, 'runtime/version.h'), 'utf8');
  const project = header.match(/#define REFRAIN_VERSION "([^"]+)"/)[1];
  assert.equal(packageJson(root).version, project);
});

// The committed files `npm pack` reads, as a fresh clone has them, in a folder of their own.
function cleanCheckout() {
  const dir = tempDir('refrain-pack-');
  const files = execFileSync('git', ['ls-files', 'wasm/js', 'LICENSE', 'runtime/version.h'], { cwd: root, encoding: 'utf8' })
    .split('\n').filter(Boolean);
  assert.ok(files.includes('wasm/js/prepack.mjs'), 'git ls-files names the package');
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(root, file), join(dir, file));
  }
  return dir;
}

function pack(dir) {
  const out = tempDir('refrain-packed-');
  const run = spawnSync('npm', ['pack', '--pack-destination', out], { cwd: join(dir, 'wasm/js'), encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr, packed: readdirSync(out) };
}

test('npm pack refuses a checkout without the built modules', () => {
  const dir = cleanCheckout();
  assert.equal(existsSync(join(dir, 'wasm/js/dist')), false);
  const { status, stderr, packed } = pack(dir);
  assert.notEqual(status, 0);
  assert.match(stderr, /@refrain\/engine: not packing:\n {2}- dist\/refrain-runtime\.wasm is missing\n {2}- dist\/refrain-compiler\.wasm is missing\n {2}- build the modules first: wasm\/build\.sh, from the repository root \(docs\/wasm\.md\)\n/);
  assert.deepEqual(packed, []);
});

test('npm pack refuses a package whose version is not the project version', () => {
  const dir = cleanCheckout();
  mkdirSync(join(dir, 'wasm/js/dist'));
  for (const module of ['refrain-runtime.wasm', 'refrain-compiler.wasm'])
    writeFileSync(join(dir, 'wasm/js/dist', module), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  const manifest = packageJson(dir);
  writeFileSync(join(dir, 'wasm/js/package.json'), JSON.stringify({ ...manifest, version: '9.9.9' }));
  const { status, stderr, packed } = pack(dir);
  assert.notEqual(status, 0);
  assert.match(stderr, /@refrain\/engine: not packing:\n {2}- package\.json says version 9\.9\.9, runtime\/version\.h says \d+\.\d+\.\d+: make them the same\n/);
  assert.deepEqual(packed, []);
});
