// Where Refrain's time per decision goes in JavaScript, on the peers workload
// (after bench/peers/run.sh has written it): the request object written as
// JSON into the module, the module's decision (as a record, or as JSON
// text), building the object from the record, and, for comparison,
// JSON.stringify and JSON.parse, which decide() used to do. Best of 9 passes over all requests, nanoseconds per
// decision.
//
//   node bench/peers/parts.mjs [WORKLOAD_DIR]      (default build/peers)
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = resolve(process.argv[2] ?? join(root, 'build/peers'));
const { Refrain } = await import(join(root, 'wasm/js/refrain.mjs'));
const engine = await Refrain.load(readFileSync(join(dir, 'bundle.rfb')));
const requests = readFileSync(join(dir, 'requests.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const texts = requests.map((r) => JSON.stringify(r));
const decisions = texts.map((t) => engine.decideJson(t));

let sink = 0;
function time(name, step) {
  let best = Infinity;
  for (let pass = 0; pass < 9; pass++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < requests.length; i++) sink += step(i);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / requests.length);
  }
  console.log(`${name.padEnd(52)} ${best.toFixed(0).padStart(6)} ns`);
}

const wasm = engine._wasm;
time('JSON.stringify(request), for comparison', (i) => JSON.stringify(requests[i]).length);
time('the request object as JSON into the module', (i) => engine._stage(requests[i]));
time('the module decides, record out (no object)', (i) => {
  const length = engine._stage(texts[i]);
  return wasm.rf_decide_record(engine._bundle, engine._scratch, engine._inputPtr, length, engine._bufferPtr);
});
time('engine.decide(text): record read into the object', (i) => engine.decide(texts[i]).errors.length);
time('engine.decide(object): all of the above', (i) => engine.decide(requests[i]).errors.length);
time('engine.decideJson(text)', (i) => engine.decideJson(texts[i]).length);
time('JSON.parse(decision text), for comparison', (i) => JSON.parse(decisions[i]).errors.length);
const bytes = decisions.reduce((sum, d) => sum + d.length, 0) / decisions.length;
console.log(`${requests.length} requests; decision JSON ${bytes.toFixed(0)} bytes on average (checksum ${sink % 1000})`);
