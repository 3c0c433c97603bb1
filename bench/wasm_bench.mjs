// WebAssembly decision benchmark in Node, comparable with decide_bench:
// median time per decision from a JSON string over the example requests, and
// the module's memory before and after a million decisions.
//
//   node bench/wasm_bench.mjs BUNDLE.rfb REQUESTS.jsonl [ROUNDS] [MILLION]
import { readFileSync } from 'node:fs';
import { Refrain } from '../wasm/js/refrain.mjs';

const [bundlePath, requestsPath, roundsArg, millionArg] = process.argv.slice(2);
if (!bundlePath || !requestsPath) {
  console.error('usage: wasm_bench.mjs BUNDLE.rfb REQUESTS.jsonl [ROUNDS] [DECISIONS]');
  process.exit(2);
}
const rounds = Number(roundsArg || 20);
const batch = 200;
const engine = await Refrain.load(readFileSync(bundlePath));
const requests = readFileSync(requestsPath, 'utf8').split('\n').filter(Boolean);

function sample(decideOne) {
  const nanos = [];
  for (let r = 0; r < rounds; r++)
    for (const request of requests) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < batch; i++) decideOne(request);
      nanos.push(Number(process.hrtime.bigint() - start) / batch);
    }
  return nanos.sort((a, b) => a - b);
}

let sink = 0;
sample((r) => { sink += engine.decideJson(r).length; });  // warm-up
const ns = sample((r) => { sink += engine.decideJson(r).length; });
console.log(`decide + canonical JSON out (wasm)  median ${ns[ns.length >> 1].toFixed(0).padStart(8)} ns   p90 ${ns[Math.floor(ns.length * 0.9)].toFixed(0).padStart(8)} ns   (${ns.length} samples x ${batch})`);

const decisions = Number(millionArg || 1_000_000);
const memory = engine._wasm.memory;
const before = memory.buffer.byteLength;
const start = process.hrtime.bigint();
for (let i = 0; i < decisions; i++) sink += engine.decideJson(requests[i % requests.length]).length;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const after = memory.buffer.byteLength;
console.log(`${decisions} decisions in ${seconds.toFixed(1)} s; module memory ${before} bytes before, ${after} after (${after === before ? 'no growth' : 'GREW'})`);
console.log(`(checksum ${sink})`);
engine.close();
