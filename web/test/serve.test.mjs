// web/serve.mjs against the site web/build.mjs made: compressed answers by Accept-Encoding with
// Vary, long immutable caching for content-hashed names and no-cache for the pages, 304s, and
// no file outside the site. The server is started as web/test.sh and e2e.mjs start it.
//
//   REFRAIN_SITE=build-web/site node --test web/test/serve.test.mjs
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseEncoding, isHashed } from '../serve.mjs';
import { startServer } from './server.mjs';

const site = process.env.REFRAIN_SITE;
if (!site) throw new Error('serve.test.mjs: set REFRAIN_SITE to a site built by web/build.mjs (web/test.sh does)');

let server;
before(async () => { server = await startServer(site); });
after(() => server.stop());

// GET (or `method`) `path` with `headers`: {status, headers, body (Buffer)}.
function get(path, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = { br: brotliDecompressSync, gzip: gunzipSync, undefined: (b) => b };
const IMMUTABLE = 'public, max-age=31536000, immutable';

// The assets portal.html names: the script and the stylesheet.
const portalHtml = readFileSync(join(site, 'portal.html'), 'utf8');
const script = /<script type="module" src="([^"]+)"/.exec(portalHtml)[1];
const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(portalHtml)[1];
const wasmDir = readdirSync(site).find((f) => f.startsWith('wasm-'));

test('the pages name their assets by content hash', () => {
  assert.match(script, /^portal-[A-Z0-9]{8,}\.js$/);
  assert.match(stylesheet, /^style-[A-Z0-9]{8,}\.css$/);
  assert.match(wasmDir, /^wasm-[A-Z0-9]{8,}$/);
  assert.ok(readFileSync(join(site, script), 'utf8').includes(`${wasmDir}/`), 'the bundle names the WebAssembly folder');
  assert.deepEqual(readdirSync(site).filter((f) => /^(portal|playground|style|examples)\.(js|css|json)$/.test(f)), [],
    'no asset without a hash');
});

for (const [accept, coding] of [
  ['br, gzip', 'br'], ['gzip, deflate, br, zstd', 'br'], ['gzip', 'gzip'], ['x-gzip', 'gzip'], ['br;q=0.5, gzip', 'gzip'],
  ['br;q=0, gzip;q=0.1', 'gzip'], ['*', 'br'], ['identity', undefined], ['deflate', undefined], [undefined, undefined],
]) {
  test(`Accept-Encoding: ${accept ?? '(none)'} -> ${coding ?? 'not compressed'}, with Vary`, async () => {
    for (const path of ['portal.html', script, stylesheet, `${wasmDir}/refrain-runtime.wasm`]) {
      const res = await get(path, accept === undefined ? {} : { 'accept-encoding': accept });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['content-encoding'], coding, path);
      assert.equal(res.headers.vary, 'Accept-Encoding', path);
      assert.equal(Number(res.headers['content-length']), res.body.length, path);
      assert.deepEqual(decode[coding](res.body), readFileSync(join(site, path)), `${path}: the decoded body is the file`);
    }
  });
}

test('Accept-Encoding that refuses every coding it can have: 406', async () => {
  const res = await get('portal.html', { 'accept-encoding': 'identity;q=0, deflate' });
  assert.equal(res.status, 406);
  assert.equal(chooseEncoding('*;q=0', []), null);
  assert.equal(chooseEncoding('*;q=0, identity', ['br']), 'identity');
});

test('hashed assets are cached for good; the pages and other names are revalidated (no-cache)', async () => {
  for (const path of [script, `${script}.map`, stylesheet, `${wasmDir}/refrain-runtime.wasm`, `${wasmDir}/refrain-compiler.wasm`,
    readdirSync(site).find((f) => /^examples-[A-Z0-9]+\.json$/.test(f))]) {
    assert.equal((await get(path, { 'accept-encoding': 'br' })).headers['cache-control'], IMMUTABLE, path);
  }
  for (const path of ['', 'index.html', 'portal.html', 'playground.html', 'portal.html?artist=luna-ray'])
    assert.equal((await get(path)).headers['cache-control'], 'no-cache', path || '/');
  assert.equal((await get('missing.js')).headers['cache-control'], 'no-cache');
  assert.equal(isHashed('/portal-33K6VVYF.js.map'), true);
  assert.equal(isHashed('/wasm-450A202C72/refrain-runtime.wasm'), true);
  assert.equal(isHashed('/playground.html'), false);
  assert.equal(isHashed('/refrain-runtime.wasm'), false);
});

test('a page unchanged since the browser has it: 304 by its ETag, per encoding', async () => {
  const first = await get('portal.html', { 'accept-encoding': 'br' });
  assert.match(first.headers.etag, /^"[A-Za-z0-9_-]+-br"$/);
  const again = await get('portal.html', { 'accept-encoding': 'br', 'if-none-match': first.headers.etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.equal(again.headers.vary, 'Accept-Encoding');
  assert.equal(again.headers['cache-control'], 'no-cache');
  const other = await get('portal.html', { 'accept-encoding': 'gzip', 'if-none-match': first.headers.etag });
  assert.equal(other.status, 200, 'the gzip representation has another ETag');
});

test('HEAD: the headers of GET and no body; other methods are refused', async () => {
  const head = await get(script, { 'accept-encoding': 'gzip' }, 'HEAD');
  const full = await get(script, { 'accept-encoding': 'gzip' });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  assert.equal(head.headers['content-length'], full.headers['content-length']);
  assert.equal((await get('portal.html', {}, 'POST')).status, 405);
});

test('nothing outside the site, and 404 for what is not there', async () => {
  assert.equal((await get('/../package.json')).status, 404);
  assert.equal((await get('/%2e%2e/%2e%2e/web/package.json')).status, 404);
  assert.equal((await get('/nope.html')).status, 404);
  assert.equal((await get(`/${wasmDir}`)).status, 404, 'a folder without index.html');
});

test('the tests wait for the readiness line with a deadline, and say why when it does not come', async () => {
  const silent = startServer(site, { deadlineMs: 300, args: ['-e', 'setInterval(() => {}, 1000)'] });
  await assert.rejects(silent, { message: 'web/serve.mjs printed no "serving" line within 300 ms; it printed:\n(nothing)' });
  const failing = startServer(site, { args: ['-e', 'console.error("listen EADDRINUSE"); process.exit(3)'] });
  await assert.rejects(failing, { message: 'web/serve.mjs exited (status 3) before it was ready; it printed:\nlisten EADDRINUSE\n' });
});
