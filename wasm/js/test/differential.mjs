// Native against WebAssembly: decides a corpus written by refrain_corpus (native) in Node and
// compares every decision byte for byte, decide()'s object with the native JSON's, and a
// request given as an object with the same request given as JSON.stringify's text. Prints `N passed, M failed`; exits 1 on any mismatch.
//
//   node wasm/js/test/differential.mjs CORPUS.jsonl
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Refrain } from '../refrain.mjs';

const path = process.argv[2];
if (!path) {
  console.error('usage: differential.mjs CORPUS.jsonl');
  process.exit(2);
}
function parseOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

let passed = 0;
let failed = 0;
let bundles = 0;
const started = Date.now();
for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
  if (!line) continue;
  const entry = JSON.parse(line);
  const engine = await Refrain.load(Buffer.from(entry.bundle, 'hex'));
  bundles++;
  entry.requests.forEach((hex, j) => {
    const request = Buffer.from(hex, 'hex');
    const actual = engine.decideJson(request);
    // decide()'s object, from the decision record, must be the native JSON's object, key for key and in order.
    const object = JSON.stringify(engine.decide(request));
    const expectedObject = JSON.stringify(JSON.parse(entry.decisions[j]));
    // A request given as an object is written into the module by writePlainJson where it can:
    // it must decide as JSON.stringify's text of the same object does.
    let fromObject = true;
    const parsed = parseOrUndefined(request.toString('utf8'));
    if (parsed !== undefined && parsed !== null && typeof parsed === 'object')
      fromObject = JSON.stringify(engine.decide(parsed)) === JSON.stringify(JSON.parse(engine.decideJson(JSON.stringify(parsed))));
    if (actual === entry.decisions[j] && object === expectedObject && fromObject) {
      passed++;
    } else if (++failed <= 5) {
      console.error(`mismatch: program ${entry.program} request ${j}\n--- request\n${request.toString('latin1')}\n--- native\n${entry.decisions[j]}--- wasm\n${actual}--- wasm decide()\n${object}\n--- decided as an object the same as its JSON text: ${fromObject}\n`);
    }
  });
  engine.close();
}
console.error(`native vs WebAssembly: ${passed + failed} decisions over ${bundles} bundles in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
