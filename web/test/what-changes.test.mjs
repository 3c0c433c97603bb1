// POST /api/what-changes of web/serve.mjs against the real site and the native CLI: bad input is
// a 4xx that says what is wrong (sources that do not compile: with the compiler's diagnostics),
// a real change is found with a request that the WebAssembly runtime decides differently on the
// two sides, identical sources change nothing, a missing CLI is 503, an analysis past its
// deadline is stopped (504), analyses beyond the queue are 429, and no temporary folder stays.
//
//   REFRAIN_BIN=build/bin/refrain REFRAIN_SITE=build-web/site node --test web/test/what-changes.test.mjs
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Refrain } from '../../wasm/js/refrain.mjs';
import { startServer } from './server.mjs';

const site = process.env.REFRAIN_SITE;
const refrain = process.env.REFRAIN_BIN;
if (!site || !refrain) throw new Error('what-changes.test.mjs: set REFRAIN_SITE and REFRAIN_BIN (web/test.sh does)');

const root = new URL('../../', import.meta.url).pathname;
const policies = readdirSync(join(root, 'examples', 'policies')).filter((f) => f.endsWith('.refrain')).sort()
  .map((name) => ({ name, text: readFileSync(join(root, 'examples', 'policies', name), 'utf8') }));
const catalog = readFileSync(join(root, 'examples', 'catalog', 'works.jsonl'), 'utf8');
const published = policies.find((p) => p.name === 'luna-ray.refrain').text;
const personalize = readFileSync(join(root, 'tests', 'analysis', 'luna-ray-personalize.refrain'), 'utf8');

// The temporary folders of analyses: none may stay behind.
const ours = () => new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('refrain-what-changes-')));
const before0 = ours();

let server;
before(async () => { server = await startServer(site, { env: { REFRAIN_BIN: refrain } }); });
after(() => server.stop());

// POSTs `body` (a string is sent as it is, anything else as JSON): {status, json, headers}.
async function ask(body, { url = server.url, method = 'POST' } = {}) {
  const res = await fetch(new URL('api/what-changes', url), { method, headers: { 'content-type': 'application/json' },
    body: method === 'POST' ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

async function engine(sources) {
  const compiled = await Refrain.compile(sources, { catalog });
  assert.equal(compiled.ok, true, compiled.rendered);
  return Refrain.load(compiled.bundle);
}

test('not JSON: 400, and says so', async () => {
  const r = await ask('{"party": "luna-ray", ');
  assert.equal(r.status, 400);
  assert.match(r.json.error, /^The request is not JSON: /);
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
});

test('missing or wrong fields: 400 with what is missing', async () => {
  for (const [body, message] of [
    [[], /must be a JSON object/],
    [{ published, edited: published }, /^Missing "party"/],
    [{ party: 'luna-ray', published }, /^Missing "edited"/],
    [{ party: 'luna-ray', published, edited: '  ' }, /"edited" is empty/],
    [{ party: 'luna-ray', published: 5, edited: published }, /"published" must be the text/],
    [{ party: 'nobody', published, edited: published }, /"party" must be an artist of the example catalog; "nobody" is not/],
    [{ party: '../etc', published, edited: published }, /must be an artist/],
  ]) {
    const r = await ask(body);
    assert.equal(r.status, 400, JSON.stringify(body).slice(0, 60));
    assert.match(r.json.error, message);
  }
});

test('a body over the limit: 413; another method: 405', async () => {
  const r = await ask({ party: 'luna-ray', published, edited: `${published}#${'x'.repeat(300 * 1024)}\n` });
  assert.equal(r.status, 413);
  assert.match(r.json.error, /larger than 262144 bytes/);
  const get = await ask(null, { method: 'GET' });
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
});

test('an edited policy that does not compile: 400 with the compiler\'s diagnostics', async () => {
  const broken = published.replace('when purpose in', 'when purpose =');
  const r = await ask({ party: 'luna-ray', published, edited: broken });
  assert.equal(r.status, 400);
  assert.equal(r.json.error, 'The edited policy does not compile.');
  assert.equal(r.json.side, 'edited');
  assert.ok(r.json.diagnostics.some((d) => /^edited\/luna-ray\.refrain:12:\d+: error: /.test(d)), r.json.diagnostics.join('\n'));
  const old = await ask({ party: 'luna-ray', published: broken, edited: published });
  assert.equal(old.status, 400);
  assert.equal(old.json.error, 'The published policy does not compile.');
  assert.ok(old.json.diagnostics.some((d) => d.startsWith('published/luna-ray.refrain:12:')), old.json.diagnostics.join('\n'));
});

test('a real change: personalised fan experiences, with a request each side decides its own way', async () => {
  const r = await ask({ party: 'luna-ray', published, edited: personalize });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.outcome, 'differs');
  assert.deepEqual(r.json.files, { published: 'published/luna-ray.refrain', edited: 'edited/luna-ray.refrain' });
  assert.equal(r.json.differs, 1);
  assert.equal(r.json.same, r.json.questions - 1);
  const [f] = r.json.findings;
  assert.equal(f.use, 'ai.engage.personalize');
  assert.equal(f.work, null);
  assert.match(f.runtime, /^old: deny \(luna-ray denies by published\/luna-ray\.refrain:\d+\); new: allow$/);
  // The WebAssembly runtime agrees: the published bundle denies the request, the edited one allows it.
  const others = policies.filter((p) => p.name !== 'luna-ray.refrain');
  const old = await engine(policies);
  const now = await engine([...others, { name: 'luna-ray.refrain', text: personalize }]);
  assert.equal(old.decide(f.request).decision, 'deny');
  assert.equal(now.decide(f.request).decision, 'allow');
  old.close();
  now.close();
});

test('identical sources: nothing changes', async () => {
  const r = await ask({ party: 'luna-ray', published, edited: published });
  assert.equal(r.status, 200);
  assert.equal(r.json.outcome, 'same');
  assert.equal(r.json.differs, 0);
  assert.deepEqual(r.json.findings, []);
});

test('an artist with no published policy: her first terms against silence', async () => {
  const first = 'policy "august-hale" by artist "august-hale" {\n  allow ai.produce.master\n}\n';
  const r = await ask({ party: 'august-hale', published: null, edited: first });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.files.published, null);
  assert.ok(r.json.findings.length > 0 && r.json.findings.every((f) => f.use === 'ai.produce.master'
    && /^old: deny .*; new: allow$/.test(f.runtime)), JSON.stringify(r.json.findings));
});

test('analyses wait their turn, one at a time; past the queue, 429', async () => {
  const body = { party: 'luna-ray', published, edited: personalize };
  const answers = await Promise.all(Array.from({ length: 7 }, () => ask(body)));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429], 'one running and four waiting');
  const busy = answers.find((a) => a.status === 429);
  assert.match(busy.json.error, /busy/);
  assert.equal(busy.headers.get('retry-after'), '5');
});

test('without the native CLI: 503 that says so', async () => {
  const missing = await startServer(site, { env: { REFRAIN_BIN: join(tmpdir(), 'no-such-refrain') } });
  try {
    const r = await ask({ party: 'luna-ray', published, edited: published }, { url: missing.url });
    assert.equal(r.status, 503);
    assert.match(r.json.error, /The native refrain tool is not there/);
  } finally {
    await missing.stop();
  }
});

test('past the deadline the analysis is stopped: 504, and its folder is gone', async () => {
  const slow = await startServer(site, { env: { REFRAIN_BIN: refrain, REFRAIN_WHAT_CHANGES_TIMEOUT_MS: '1' } });
  try {
    const r = await ask({ party: 'luna-ray', published, edited: personalize }, { url: slow.url });
    assert.equal(r.status, 504);
    assert.match(r.json.error, /took longer than 1 ms and was stopped/);
  } finally {
    await slow.stop();
  }
});

test('no temporary folder stays behind', () => {
  const left = [...ours()].filter((f) => !before0.has(f));
  assert.deepEqual(left, []);
});
