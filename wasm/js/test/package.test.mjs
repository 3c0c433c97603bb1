// The JS package's contract: native bundles load, WebAssembly bundles are byte-identical to native ones,
// errors are exceptions with the runtime's message, and nothing a caller sends corrupts the module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Refrain } from '../refrain.mjs';
import { writePlainJson } from '../plain_json.mjs';

const root = new URL('../../../', import.meta.url).pathname;
const examples = new URL('../../../examples/', import.meta.url);
// The native `refrain` command, to build and decide the examples natively (set by wasm/test.sh).
// The tests that compare with it fail, not skip, when it is not there.
const refrainBin = process.env.REFRAIN_BIN;
let builtBundle = null;
function nativeBundle() {
  if (builtBundle) return builtBundle;
  assert.ok(refrainBin, 'REFRAIN_BIN is not set: it must name the native refrain command (wasm/test.sh sets build/bin/refrain)');
  assert.ok(existsSync(refrainBin), `REFRAIN_BIN=${refrainBin} does not exist: build the native command first (.ci/build)`);
  const policies = readdirSync(new URL('policies/', examples)).filter((f) => f.endsWith('.refrain')).sort()
    .map((f) => `examples/policies/${f}`);
  const bundle = join(mkdtempSync(join(tmpdir(), 'refrain-')), 'examples.rfb');
  execFileSync(refrainBin, ['build', ...policies, '--catalog', 'examples/catalog/works.jsonl', '-o', bundle],
               { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  builtBundle = bundle;
  return bundle;
}

function exampleSources() {
  const dir = new URL('policies/', examples);
  return readdirSync(dir).filter((f) => f.endsWith('.refrain')).sort().map((f) => ({
    name: `examples/policies/${f}`,
    text: readFileSync(new URL(f, dir), 'utf8'),
  }));
}

const catalog = { name: 'examples/catalog/works.jsonl', text: readFileSync(new URL('catalog/works.jsonl', examples), 'utf8') };

test('a bundle compiled in WebAssembly is byte-identical to the native build', async () => {
  const native = readFileSync(nativeBundle());
  const compiled = await Refrain.compile(exampleSources(), { catalog });
  assert.equal(compiled.rendered, '');
  assert.deepEqual(Buffer.from(compiled.bundle), native);
});

test('a native bundle decides every example as natively', async () => {
  const bundle = nativeBundle();
  const engine = await Refrain.load(readFileSync(bundle));
  const requests = readFileSync(new URL('requests/all.jsonl', examples), 'utf8').split('\n').filter(Boolean);
  assert.equal(requests.length, 45);
  requests.forEach((r, i) => {
    const native = execFileSync(refrainBin, ['eval', '--bundle', bundle, '--request', '-'], { input: r, encoding: 'utf8' });
    assert.equal(engine.decideJson(r), native, `request ${i + 1}`);
  });
  engine.close();
});

test('decide takes an object or a JSON string, and returns the decision object', async () => {
  const compiled = await Refrain.compile({ 'a.refrain': 'policy "a" by artist "luna" {\n  allow ai.train pay 5% * revenue\n}\n' });
  const engine = await Refrain.load(compiled.bundle);
  const request = {
    use: 'ai.train.generative',
    work: { id: 'W1', rightsholders: [{ party: 'luna', role: 'artist' }] },
    context: { time: '2026-05-01T00:00:00.000Z', revenue: '1000.00 USD' },
  };
  const decision = engine.decide(request);
  assert.equal(decision.decision, 'allow');
  assert.deepEqual(decision.payments[0].payees, [{ party: 'luna', amount: '50.000000' }]);
  assert.equal(engine.decideJson(JSON.stringify(request)), engine.decideJson(request));
  engine.close();
  assert.throws(() => engine.decide(request), /closed/);
});

test('decide builds the object JSON.parse would, names decoded once per engine', async () => {
  const compiled = await Refrain.compile({
    'dir "q"/ö.refrain': 'policy "Ölga \\\\ \\"x\\"" by artist "łuna" {\n  allow ai.train pay 5% * revenue\n    duty attribution "By łuna for {work.title}"\n  deny ai.generate\n}\n',
  });
  assert.ok(compiled.ok, compiled.rendered);
  const engine = await Refrain.load(compiled.bundle);
  const request = (use, title) => ({
    use, work: { id: 'W1', title, rightsholders: [{ party: 'łuna', role: 'artist' }] },
    context: { time: '2026-05-01T00:00:00Z', revenue: '1000.00 USD' },
  });
  const bom = '\ufeff';
  for (const r of [request('ai.train.generative', 'Nöel "ii"'), request('ai.train', 'plain'), request('ai.generate.voice', 'x'),
    request('ai.nope', 'x'), '{', '{"use": "ai.train", "work": {"id": "\\u00e9"}}', request('ai.train', `${bom}x`),
    { use: 'ai.train', work: { id: `${bom}W`, rightsholders: [{ party: `${bom}p`, role: 'artist' }] }, context: { time: '2026-05-01T00:00:00Z' } }]) {
    const object = engine.decide(r);
    assert.equal(JSON.stringify(object), JSON.stringify(JSON.parse(engine.decideJson(r))), JSON.stringify(r));
  }
  const allow = engine.decide(request('ai.train.generative', 'Nöel "ii"'));
  assert.deepEqual(allow.duties, [{ party: 'łuna', duty: 'attribution', text: 'By łuna for Nöel "ii"' }]);
  assert.equal(allow.reasons[0].policy, 'Ölga \\ "x"');
  assert.equal(allow.reasons[0].rule, 'dir "q"/ö.refrain:2');
  const named = () => engine._names.filter((n) => n !== undefined).length;
  const before = named();
  assert.ok(before > 3);
  engine.decide(request('ai.train.generative', 'again'));
  assert.equal(named(), before, 'names already decoded are not decoded again');
  const withBom = engine.decide({ use: 'ai.train', work: { id: `${bom}W` }, context: { time: '2026-05-01T00:00:00Z' } });
  assert.equal(withBom.work, `${bom}W`);
  engine.close();
});

test('requests are written as JSON.stringify writes them, or left to it', () => {
  const requests = readFileSync(new URL('requests/all.jsonl', examples), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  class Work { constructor() { this.id = 'W'; } }
  const sparse = [1, , 3];  // eslint-disable-line no-sparse-arrays
  let deep = { a: 1 };
  for (let i = 0; i < 40; i++) deep = { deep };
  const plain = [
    ...requests, { b: 1, a: 2, 10: 'ten', 2: 'two' }, [1, -0, 0.1, 1e21, 5e-7, -123.25, 2 ** 53, true, false, null, [], {}],
    { skip: undefined, f() {}, [Symbol('s')]: 1, kept: 'x' }, 7, 'text', true, null, { nested: [[[{ a: [1] }]]] },
  ];
  const refused = [
    { s: 'é' }, { s: 'a"b' }, { s: 'a\\b' }, { s: 'tab\t' }, { s: '\u007f' }, { 'ké': 1 }, { when: new Date(0) },
    new Work(), Object.create(null), { toJSON: () => 'x' }, sparse, [undefined], [() => 1], { n: NaN }, { n: Infinity }, deep,
  ];
  const out = new Uint8Array(1 << 16);
  const encoder = new TextEncoder();
  for (const value of plain) {
    const n = writePlainJson(value, out);
    assert.ok(n >= 0, JSON.stringify(value));
    assert.deepEqual(out.slice(0, n), encoder.encode(JSON.stringify(value)), JSON.stringify(value));
  }
  for (const value of refused) assert.equal(writePlainJson(value, out), -1, String(JSON.stringify(value)));
  assert.equal(writePlainJson({ long: 'x'.repeat(100) }, new Uint8Array(64)), -1, 'no room');
  // Closing brackets need room too: a deep value that ends at the buffer's end must not lose its last bytes.
  let nested = -1.2345678901234567e-300;
  for (let i = 0; i < 8; i++) nested = [nested];
  const tight = { a: 'x'.repeat(4044), b: nested };
  for (let size = 4080; size <= 4110; size++) {
    const buffer = new Uint8Array(size);
    const n = writePlainJson(tight, buffer);
    assert.ok(n <= size, `size ${size}`);
    if (n >= 0) assert.deepEqual(buffer.slice(0, n), encoder.encode(JSON.stringify(tight)), `size ${size}`);
  }
  // toJSON on an array, or on the prototypes it reads through, is JSON.stringify's.
  const withToJson = [1];
  withToJson.toJSON = () => 'x';
  assert.equal(writePlainJson({ k: withToJson }, out), -1);
  for (const proto of [Array.prototype, Object.prototype]) {
    proto.toJSON = () => 'P';
    try {
      assert.equal(writePlainJson({ k: [1] }, out), -1);
    } finally {
      delete proto.toJSON;
    }
  }
  // The length is read once: a getter that grows the array is not followed.
  const growing = [1, 2];
  Object.defineProperty(growing, 0, { get() { growing.push(3); return 1; }, enumerable: true });
  const n = writePlainJson(growing, out);
  assert.ok(n === -1 || new TextDecoder().decode(out.slice(0, n)) === '[1,2]', 'length read once');
  Object.prototype.polluted = 1;  // an inherited enumerable key is JSON.stringify's to leave out
  try {
    assert.equal(writePlainJson({ a: 1 }, out), -1);
  } finally {
    delete Object.prototype.polluted;
  }
});

test('refused requests decide as their JSON text does', async () => {
  const compiled = await Refrain.compile({ 'a.refrain': 'policy "a" by artist "luna" {\n  allow ai.train when work.title == "Ōtsu"\n}\n' });
  const engine = await Refrain.load(compiled.bundle);
  const base = { use: 'ai.train', work: { id: 'W', title: 'Ōtsu', rightsholders: [{ party: 'luna', role: 'artist' }] } };
  for (const request of [{ ...base, context: { time: '2026-01-01T00:00:00Z' } }, { ...base, context: { time: new Date(Date.UTC(2026, 0, 1)) } },
    { ...base, context: { time: '2026-01-01T00:00:00Z', units: NaN } }, { ...base, work: { ...base.work, title: 'a"b' }, context: { time: '2026-01-01' } }])
    assert.equal(engine.decideJson(request), engine.decideJson(JSON.stringify(request)));
  assert.equal(engine.decide({ ...base, context: { time: new Date(Date.UTC(2026, 0, 1)) } }).decision, 'allow');
  engine.close();
});

test('bad bundles and bad requests never corrupt the module', async () => {
  const good = await Refrain.compile({ 'a.refrain': 'policy "a" by artist "luna" {\n  allow ai\n}\n' });
  const engine = await Refrain.load(good.bundle);
  const ok = '{"use": "ai.train", "work": {"id": "w", "rightsholders": [{"party": "luna", "role": "artist"}]}, "context": {"time": "2026-01-01"}}';
  const before = engine.decideJson(ok);
  await assert.rejects(Refrain.load(new Uint8Array([82, 70, 66, 0, 1])), /refrain: bundle is truncated/);
  const flipped = good.bundle.slice();
  flipped[flipped.length - 1] ^= 1;
  await assert.rejects(Refrain.load(flipped), /content does not match its sha-256/);
  for (const bad of ['', '{', '[]', 'null', '{"use": 7}', '"\\ud800"', '['.repeat(10000), 'x'.repeat(2 << 20)])
    assert.equal(engine.decide(bad).decision, 'deny');
  assert.equal(engine.decideJson(ok), before);
  engine.close();
});

test('compile reports diagnostics as data', async () => {
  const r = await Refrain.compile([{ name: 'x.refrain', text: 'policy "p" by artist "a" {\n  allow ai when units == "x"\n}\n' }]);
  assert.equal(r.ok, false);
  assert.equal(r.bundle, null);
  assert.deepEqual(r.diagnostics, [{ file: 'x.refrain', line: 2, col: 23, severity: 'error', message: '`==` cannot take int and string' }]);
});

test('explain gives the native explanation of every example, and the bundle hash', async () => {
  const bundle = nativeBundle();
  const engine = await Refrain.load(readFileSync(bundle));
  const requests = readFileSync(new URL('requests/all.jsonl', examples), 'utf8').split('\n').filter(Boolean);
  let conditions = 0;
  requests.forEach((r, i) => {
    const native = execFileSync(refrainBin, ['eval', '--bundle', bundle, '--request', '-', '--explain'],
                                { input: r, encoding: 'utf8' });
    const explained = engine.explain(r);
    assert.deepEqual(explained, JSON.parse(native), `request ${i + 1}`);
    assert.deepEqual(explained.decision, JSON.parse(engine.decideJson(r)), `request ${i + 1}: the decision`);
    conditions += explained.rules.filter((rule) => rule.when).length;
  });
  assert.ok(conditions > 40, `the examples' rules have conditions to show (${conditions})`);
  const inspected = execFileSync(refrainBin, ['inspect', bundle], { encoding: 'utf8' });
  assert.ok(inspected.includes(`sha-256 ${engine.hash}`), 'the hash is the one `refrain inspect` shows');
  engine.close();
});

// `refrain signals ARGS` on the example policies and catalog: stdout, or {status, stderr} when it refuses.
function nativeSignals(args) {
  assert.ok(refrainBin, 'REFRAIN_BIN is not set: it must name the native refrain command (wasm/test.sh sets build/bin/refrain)');
  const policies = exampleSources().map((s) => s.name);
  try {
    return execFileSync(refrainBin, ['signals', ...args.slice(0, 1), ...policies, '--catalog', catalog.name, ...args.slice(1)],
                        { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return { status: e.status, stderr: e.stderr };
  }
}

// Each signal of exportSignals and the `refrain signals export` arguments that write it.
const signalFormats = { rsl: ['--format', 'rsl'], aipref: ['--format', 'aipref'], robots: ['--format', 'aipref', '--robots'],
  tdmrep: ['--format', 'tdmrep'], cawg: ['--format', 'cawg'], iptc: ['--format', 'iptc'] };

test('exportSignals writes every signal byte for byte as `refrain signals export`, for a party and for a work', async () => {
  const rslUrl = 'https://luna-ray.example/rsl.xml';
  for (const [who, args] of [['Luna Ray', ['--party', 'luna-ray']], ['Moth Light', ['--party', 'luna-ray', '--work', 'USNW12400013']]]) {
    const work = args[3] ?? null;
    const result = await Refrain.exportSignals(exampleSources(), { catalog, party: 'luna-ray', work, at: '2026-12-01T00:00:00Z', rslUrl });
    assert.equal(result.ok, true, result.error);
    const stance = nativeSignals(['stance', ...args, '--at', '2026-12-01T00:00:00Z']);
    assert.deepEqual(result.stance, stance.split('\n').filter(Boolean).map((line) => JSON.parse(line)), `${who}: the stance`);
    assert.deepEqual(Object.keys(result.signals), Object.keys(signalFormats), `${who}: every signal`);
    assert.deepEqual(result.errors, {}, `${who}: errors`);
    for (const [name, format] of Object.entries(signalFormats))
      assert.equal(result.signals[name], nativeSignals(['export', ...args, '--at', '2026-12-01T00:00:00Z', '--rsl-url', rslUrl, ...format]),
                   `${who}: ${name}`);
  }
  // The files kept in examples/signals/ are those bytes too.
  const kept = await Refrain.exportSignals(exampleSources(), { catalog, party: 'luna-ray', at: new Date(Date.UTC(2026, 11, 1)), rslUrl });
  for (const [name, file] of [['rsl', 'luna-ray.rsl.xml'], ['aipref', 'luna-ray.content-usage.txt'], ['robots', 'luna-ray.robots.txt'],
    ['tdmrep', 'luna-ray.tdmrep.json'], ['cawg', 'luna-ray.cawg.json'], ['iptc', 'luna-ray.iptc.xmp']])
    assert.equal(kept.signals[name], readFileSync(new URL(`signals/${file}`, examples), 'utf8'), file);
});

test('exportSignals: what cannot be written is said, as natively', async () => {
  const at = '2026-12-01T00:00:00Z';
  // Without rslUrl TDMRep cannot point at Luna Ray's terms; the other signals are still written.
  const bare = await Refrain.exportSignals(exampleSources(), { catalog, party: 'luna-ray', at });
  assert.equal(bare.ok, true);
  assert.equal(bare.signals.tdmrep, undefined);
  assert.equal(`refrain: ${bare.errors.tdmrep}\n`, nativeSignals(['export', '--party', 'luna-ray', '--at', at, '--format', 'tdmrep']).stderr);
  assert.equal(bare.signals.robots, nativeSignals(['export', '--party', 'luna-ray', '--at', at, '--format', 'aipref', '--robots']));
  const path = await Refrain.exportSignals(exampleSources(), { catalog, party: 'luna-ray', at, url: '/music/*' });
  assert.equal(path.signals.rsl, nativeSignals(['export', '--party', 'luna-ray', '--at', at, '--url', '/music/*', '--format', 'rsl']));
  for (const [options, args] of [[{ party: 'nobody' }, ['--party', 'nobody']],
    [{ party: 'kofi-mensah', work: 'USNW12400013' }, ['--party', 'kofi-mensah', '--work', 'USNW12400013']],
    [{ party: 'luna-ray', work: 'XX0000000000' }, ['--party', 'luna-ray', '--work', 'XX0000000000']]]) {
    const refused = await Refrain.exportSignals(exampleSources(), { catalog, at, ...options });
    const native = nativeSignals(['export', ...args, '--at', at, '--format', 'rsl']);
    assert.equal(native.status, 1, JSON.stringify(options));
    assert.deepEqual(refused, { ok: false, error: native.stderr.replace(/^refrain: /, '').trimEnd() }, JSON.stringify(options));
  }
  const broken = await Refrain.exportSignals({ 'x.refrain': 'policy "p" by artist "a" {\n  allow ai.x\n}\n' }, { party: 'a', at });
  assert.equal(broken.ok, false);
  assert.match(broken.error, /^x\.refrain:2:9: error: unknown use `ai\.x`/);
  assert.deepEqual(await Refrain.exportSignals({}, { party: 'a', at: 'tomorrow' }),
                   { ok: false, error: '`at` must be an RFC 3339 time, not `tomorrow`' });
  await assert.rejects(Refrain.exportSignals({}, { party: 7 }), /^TypeError: refrain: `party` is a string$/);
  await assert.rejects(Refrain.exportSignals({}, { party: 'a', at: new Date(NaN) }), /^TypeError: refrain: `at` is an invalid Date$/);
});

test('an engine is disposable, and closing it twice is harmless', async () => {
  const compiled = await Refrain.compile({ 'a.refrain': 'policy "a" by artist "luna" {\n  allow ai\n}\n' });
  const engine = await Refrain.load(compiled.bundle);
  assert.equal(typeof Symbol.dispose, 'symbol');
  engine[Symbol.dispose]();
  assert.throws(() => engine.decideJson('{}'), /^Error: refrain: this engine is closed$/);
  engine.close();
});

test('wrong arguments and misplaced modules are errors that say what is wrong', async () => {
  await assert.rejects(Refrain.compile(null), /^TypeError: refrain: sources are \{name: text\} or \[\{name, text\}\]$/);
  await assert.rejects(Refrain.load('bytes'), /^TypeError: refrain: a bundle is a Uint8Array or an ArrayBuffer$/);
  await assert.rejects(Refrain.load(new Uint8Array(8), { module: 'x.wasm' }),
                       /^TypeError: refrain: there is no module x\.wasm; the modules are refrain-runtime\.wasm and refrain-compiler\.wasm$/);
  const dir = mkdtempSync(join(tmpdir(), 'refrain-modules-'));
  writeFileSync(join(dir, 'refrain-runtime.wasm'), '<!doctype html>');  // what a page server sends for any path
  try {
    Refrain.setModuleLocation(pathToFileURL(`${dir}/`));
    await assert.rejects(Refrain.load(new Uint8Array(8)),
                         { message: `refrain: ${pathToFileURL(dir)}/refrain-runtime.wasm is not a WebAssembly module: serve the package's dist/*.wasm there, or name their folder with Refrain.setModuleLocation` });
    await assert.rejects(Refrain.compile({}), { message: `refrain: cannot read ${pathToFileURL(dir)}/refrain-compiler.wasm: no such file` });
  } finally {
    Refrain.setModuleLocation(new URL('../dist/', import.meta.url));
    rmSync(dir, { recursive: true });
  }
  const compiled = await Refrain.compile({ 'a.refrain': 'policy "a" by artist "luna" {\n  allow ai\n}\n' });
  assert.ok(compiled.ok, 'the modules load again from where they are');
});
