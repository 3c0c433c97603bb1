// The pages' explanations of decisions, in Node: every example request (and
// requests that fail in every way the runtime names) is decided by the
// WebAssembly runtime and put into words without an exception, with a line
// for every party that blocked it.
//
//   node --test web/test/explain.test.mjs
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Refrain } from '../../wasm/js/refrain.mjs';
import { dutyLines, explainDecision, payoutTo } from '../src/shared/explain.js';

const root = new URL('../../', import.meta.url).pathname;
const examples = join(root, 'examples');
const policies = readdirSync(join(examples, 'policies')).filter((f) => f.endsWith('.refrain')).sort()
  .map((name) => ({ name, text: readFileSync(join(examples, 'policies', name), 'utf8') }));
const catalog = readFileSync(join(examples, 'catalog', 'works.jsonl'), 'utf8');
const requests = readdirSync(join(examples, 'requests')).filter((f) => f.endsWith('.json')).sort()
  .map((name) => ({ name, request: readFileSync(join(examples, 'requests', name), 'utf8') }));

const compiled = await Refrain.compile(policies, { catalog });
assert.equal(compiled.ok, true, compiled.rendered);
const engine = await Refrain.load(compiled.bundle);
const roleOf = () => 'party';

for (const { name, request } of requests) {
  test(`${name}: explained without an exception, every blocking party named`, () => {
    const decision = engine.decide(request);
    const lines = explainDecision(decision, roleOf);
    for (const r of decision.reasons.filter((x) => x.verdict !== 'allow'))
      assert.ok(lines.some((l) => l.party === r.party && l.kind === r.verdict), `no line for ${r.party} (${r.verdict})`);
    if (decision.decision === 'deny') assert.ok(lines.some((l) => l.kind !== 'allow'), 'a deny without a reason');
    payoutTo(decision, 'kofi-mensah');
    dutyLines(decision);
  });
}
