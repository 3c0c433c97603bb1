// Refrain against its peers on one rights workload, in one Node process.
//
//   node bench/peers/bench.mjs --dir DIR --bundle BUNDLE.rfb [--check] [--rounds N] [--json OUT.json]
//
// DIR is what generate.mjs wrote; BUNDLE.rfb is DIR/refrain compiled with
// DIR/catalog.jsonl. First every engine decides every request and all must
// agree on allow or deny (any disagreement prints the request and exits 1).
// With --check that is all. Otherwise the engines are timed in rounds, the
// order rotating each round; each round times every decision of every
// request (median, p99), then the whole block again without per-decision
// clocks (mean). The table goes to stdout.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { refrainEngines, cedarEngine, cedarOneSetEngine, celEngine, casbinEngine, handEngine } from './engines.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const dir = option('dir');
const bundle = option('bundle');
if (!dir || !bundle) {
  console.error('usage: bench.mjs --dir DIR --bundle BUNDLE.rfb [--check] [--rounds N] [--limit N] [--only ENGINE,...] [--cedar-one-set] [--json OUT.json]');
  process.exit(2);
}
const checkOnly = args.includes('--check');
const rounds = Number(option('rounds', 5));
const modules = option('modules', join(here, 'node_modules'));
const refrainModule = option('refrain-module', join(root, 'wasm', 'js', 'refrain.mjs'));

let requests = readFileSync(join(dir, 'requests.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
if (option('limit')) requests = requests.slice(0, Number(option('limit')));
const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));

// ---------------------------------------------------------------- load

const engines = [];
const loadTimes = {};
async function load(name, make) {
  const start = process.hrtime.bigint();
  const made = await make();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  for (const e of Array.isArray(made) ? made : [made]) {
    engines.push(e);
    loadTimes[e.name] = ms;
  }
}
await load('refrain', () => refrainEngines(bundle, refrainModule));
await load('cedar', () => cedarEngine(dir, modules));
if (args.includes('--cedar-one-set')) await load('cedar-one-set', () => cedarOneSetEngine(dir, modules));
await load('cel', () => celEngine(dir, modules));
await load('casbin', () => casbinEngine(dir, modules));
await load('hand', () => handEngine(dir));
const refrain = engines[0];
const hand = engines.find((e) => e.name === 'hand-js');
const { verdicts } = await import(pathToFileURL(join(dir, 'hand', 'rules.mjs')).href);

// ---------------------------------------------------------------- agreement

console.log(`workload: seed ${summary.seed}, ${summary.parties} parties (${summary.silentParties} silent), ` +
  `${summary.policyVersions} policy versions, ${summary.rules} rules, ${summary.works} works; ` +
  `${summary.cedarPolicies} Cedar policies, ${summary.casbinLines} Casbin lines; ${requests.length} requests`);

let allows = 0;
const decidingRules = new Set();  // rules named as deciding a party's verdict: how much of the workload the requests exercise
let paid = 0;
let duties = 0;
const totals = new Map();  // currency -> micro-units (BigInt): exact, as Refrain computes them
for (let i = 0; i < requests.length; i++) {
  const request = requests[i];
  const full = refrain.full(request);
  if (full.errors && full.errors.length) {
    console.error(`\nREFRAIN ERROR on request ${i}: ${JSON.stringify(request)}\n${JSON.stringify(full.errors)}`);
    console.log(`agreement: ${i} passed, 1 failed`);
    process.exit(1);
  }
  for (const reason of full.reasons) if (reason.rule) decidingRules.add(reason.rule);
  const expected = full.decision === 'allow';
  const answers = engines.map((e) => e.decide(request));
  if (answers.some((a) => a !== expected)) {
    console.error(`\nDISAGREEMENT on request ${i}:\n${JSON.stringify(request)}`);
    engines.forEach((e, k) => console.error(`  ${e.name.padEnd(18)} ${answers[k] ? 'allow' : 'deny'}`));
    console.error(`  hand-js verdicts: ${JSON.stringify(verdicts(request))}`);
    console.error(`  refrain reasons:  ${JSON.stringify(full.reasons)}`);
    console.log(`agreement: ${i} passed, 1 failed`);
    process.exit(1);
  }
  if (expected) {
    allows++;
    duties += full.duties.length;
    for (const p of full.payments) {
      paid++;
      const [units, micros] = p.total.split('.');
      totals.set(p.currency, (totals.get(p.currency) || 0n) + BigInt(units) * 1000000n + BigInt(micros.padEnd(6, '0')));
    }
  }
}
console.log(`agreement: all ${engines.length} engines agree on all ${requests.length} requests ` +
  `(${allows} allow, ${requests.length - allows} deny; ${decidingRules.size} of the ${summary.rules} rules decide some party's verdict); ` +
  `Refrain's allows carry ${paid} payments ` +
  `(${[...totals].map(([c, t]) => `${t / 1000000n}.${String(t % 1000000n).padStart(6, '0')} ${c}`).join(', ')}) and ${duties} duties`);
if (allows === 0 || allows === requests.length) {
  console.error('agreement check is meaningless: every request got the same decision');
  process.exit(1);
}
if (checkOnly) {
  console.log(`agreement: ${requests.length} passed, 0 failed`);
  process.exit(0);
}

// ---------------------------------------------------------------- timing

const clock = (() => {
  const d = new Float64Array(100000);
  for (let i = 0; i < d.length; i++) {
    const a = process.hrtime.bigint();
    d[i] = Number(process.hrtime.bigint() - a);
  }
  return d.sort()[d.length >> 1];
})();

const only = option('only');
const timed = only ? engines.filter((e) => e === refrain || only.split(',').includes(e.name)) : engines;
const samples = new Map(engines.map((e) => [e.name, new Float64Array(rounds * requests.length)]));
const blockNs = new Map(engines.map((e) => [e.name, 0]));
let sink = 0;
for (let r = 0; r < rounds; r++) {
  const order = timed.map((_, k) => timed[(k + r) % timed.length]);
  for (const engine of order) {
    const out = samples.get(engine.name);
    const decide = engine.decide;
    for (let i = 0, base = r * requests.length; i < requests.length; i++) {
      const start = process.hrtime.bigint();
      const allowed = decide(requests[i]);
      out[base + i] = Number(process.hrtime.bigint() - start);
      sink += allowed ? 1 : 0;
    }
    const start = process.hrtime.bigint();
    for (let i = 0; i < requests.length; i++) sink += decide(requests[i]) ? 1 : 0;
    blockNs.set(engine.name, blockNs.get(engine.name) + Number(process.hrtime.bigint() - start));
  }
  process.stderr.write(`round ${r + 1}/${rounds} done (${order.map((e) => e.name).join(', ')})\n`);
}

const stats = {};
for (const e of timed) {
  const s = samples.get(e.name).sort();
  const at = (f) => Math.max(0, s[Math.min(s.length - 1, Math.floor(s.length * f))] - clock) / 1000;
  stats[e.name] = { median: at(0.5), p99: at(0.99), mean: blockNs.get(e.name) / (rounds * requests.length) / 1000 };
}

// ---------------------------------------------------------------- sizes

const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;
const sizeOf = (buffer) => ({ raw: buffer.length, gzip: gz(buffer) });
// JS: what a bundler ships for the API the benchmark uses, minified (esbuild).
async function bundled(source, platform = 'browser') {
  const esbuild = await import(pathToFileURL(join(modules, 'esbuild', 'lib', 'main.js')).href);
  const result = await (esbuild.build || esbuild.default.build)({
    stdin: { contents: source, resolveDir: here, loader: 'js' }, bundle: true, minify: true, format: 'esm',
    platform, external: ['fs', 'path', 'node:*'], write: false, logLevel: 'error',
  });
  return sizeOf(Buffer.from(result.outputFiles[0].contents));
}
const wasmDist = join(dirname(refrainModule), 'dist');
const sizes = {
  'refrain-wasm': {
    wasm: sizeOf(readFileSync(join(wasmDist, 'refrain-runtime.wasm'))),
    js: await bundled(`export { Refrain } from ${JSON.stringify(refrainModule)};`),
  },
  'cedar-wasm': {
    wasm: sizeOf(readFileSync(join(modules, '@cedar-policy/cedar-wasm/nodejs/cedar_wasm_bg.wasm'))),
    js: await bundled("export { statefulIsAuthorized, preparsePolicySet } from '@cedar-policy/cedar-wasm/nodejs';", 'node'),
  },
  cel: { js: await bundled("export { celEnv, parse, plan } from '@bufbuild/cel';") },
  casbin: { js: await bundled("export { newEnforcer, newModelFromString } from 'casbin';") },
  'hand-js': { js: sizeOf(readFileSync(join(dir, 'hand', 'rules.mjs'))) },
};
sizes['cedar-wasm-one-set'] = sizes['cedar-wasm'];
sizes['refrain-wasm-text'] = sizes['refrain-wasm'];

// ---------------------------------------------------------------- report

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const ref = stats['refrain-wasm'];
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const lines = [];
lines.push(`| engine | median µs | p99 µs | mean µs | median vs refrain-wasm | wasm raw / gzip | JS min / gzip | load + prepare |`);
lines.push(`|---|---:|---:|---:|---:|---:|---:|---:|`);
for (const e of timed) {
  const s = stats[e.name];
  const z = sizes[e.name];
  const ratio = s.median / ref.median;
  lines.push(`| ${e.name} | ${fmt(s.median)} | ${fmt(s.p99)} | ${fmt(s.mean)} | ${e === refrain ? '1×' : ratio >= 1 ? `${fmt(ratio)}× slower` : `${fmt(1 / ratio)}× faster`} | ` +
    `${z.wasm ? `${kb(z.wasm.raw)} / ${kb(z.wasm.gzip)}` : '—'} | ${kb(z.js.raw)} / ${kb(z.js.gzip)} | ${loadTimes[e.name].toFixed(0)} ms |`);
}
const median = (name) => (stats[name] ? stats[name].median : NaN);
const targets = [
  ['Refrain (wasm) at least 50× faster than cedar-wasm', median('cedar-wasm') / ref.median, (x) => x >= 50, (x) => `${fmt(x)}×`],
  ['Refrain (wasm) faster than Casbin', median('casbin') / ref.median, (x) => x > 1, (x) => `${fmt(x)}×`],
  ['Refrain (wasm) within 10× of hand-written JS', ref.median / median('hand-js'), (x) => x <= 10, (x) => `${fmt(x)}× the hand-written time`],
];
console.log(`\n${rounds} rounds × ${requests.length} requests per engine, order rotated each round; per-decision clock cost ${clock.toFixed(0)} ns subtracted from median and p99; mean is a block of all requests without per-decision clocks.\n`);
console.log(lines.join('\n'));
console.log('');
const bundleBytes = readFileSync(bundle);
console.log(`Refrain's bundle (policies and catalog): ${kb(bundleBytes.length)}, ${kb(gz(bundleBytes))} gzipped.`);
for (const [what, x, ok, show] of targets) if (Number.isFinite(x)) console.log(`${ok(x) ? 'MET ' : 'MISS'}  ${what}: ${show(x)}`);
console.log('');
for (const e of timed) console.log(`  ${e.name.padEnd(18)} ${e.note}`);
console.log(`(checksum ${sink})`);

const jsonOut = option('json');
if (jsonOut) {
  writeFileSync(jsonOut, JSON.stringify({
    date: new Date().toISOString(), node: process.version, rounds, requests: requests.length, clockNs: clock,
    workload: summary, allows, stats, sizes, loadTimes, table: lines,
    targets: targets.filter(([, x]) => Number.isFinite(x)).map(([what, x, ok]) => ({ what, value: x, met: ok(x) })),
  }, null, 1) + '\n');
}
