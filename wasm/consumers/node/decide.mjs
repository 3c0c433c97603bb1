// node decide.mjs BUNDLE.rfb < requests.jsonl: each request's decision, as `refrain eval` prints it.
import { readFileSync } from 'node:fs';
import { Refrain } from '@refrain/engine';

try {
  const engine = await Refrain.load(readFileSync(process.argv[2]));  // verified: a damaged bundle throws
  for (const request of readFileSync(0, 'utf8').split('\n').filter(Boolean))
    process.stdout.write(engine.decideJson(request));                // engine.decide(request): the object
  engine.close();
} catch (e) {
  console.error(e.message);  // "refrain: bundle is corrupted: ...", as `refrain eval` says it
  process.exitCode = 1;
}
