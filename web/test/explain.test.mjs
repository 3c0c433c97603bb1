// The pages' explanations of decisions, in Node: every example request, and
// a request for every way a decision can go (deny-cases.mjs), is decided by
// the WebAssembly runtime and put into words without an exception, with a
// line for every party that blocked it, in exact words.
//
//   node --test web/test/explain.test.mjs
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Refrain } from '../../wasm/js/refrain.mjs';
import { dutyLines, explainDecision, payoutTo } from '../src/shared/explain.js';
import { roleLookup, rolesFromSources, parseCatalog } from '../src/shared/parties.js';
import * as denyCases from './deny-cases.mjs';

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
const works = parseCatalog(catalog);
const sourceRoles = rolesFromSources(policies);

for (const { name, request } of requests) {
  test(`${name}: explained without an exception, every blocking party named`, () => {
    const decision = engine.decide(request);
    const roleOf = roleLookup(works.find((w) => w.id === decision.work), sourceRoles);
    const lines = explainDecision(decision, { roleOf, you: 'kofi-mensah' });
    for (const r of decision.reasons.filter((x) => x.verdict !== 'allow'))
      assert.ok(lines.some((l) => l.party === r.party && l.kind === r.verdict), `no line for ${r.party} (${r.verdict})`);
    if (decision.decision === 'deny') assert.ok(lines.some((l) => l.kind !== 'allow'), 'a deny without a reason');
    payoutTo(decision, 'kofi-mensah');
    dutyLines(decision, { roleOf, you: 'kofi-mensah' });
  });
}

test('the words of the portal: you, names, roles, lines of your policy, amounts', () => {
  const request = JSON.parse(readFileSync(join(examples, 'requests', '15-silent-cowriter.json'), 'utf8'));
  const decision = engine.decide(request);
  const roleOf = roleLookup(works.find((w) => w.id === decision.work), sourceRoles);
  assert.deepEqual(explainDecision(decision, { roleOf, you: 'luna-ray' }).map((l) => l.text), [
    'Mira Chen (writer) has not agreed, so this use stays closed.',
    'Ana Lima (writer) allows it (policy "ana-lima", rule writers.refrain:9).',
    'You allow it (rule luna-ray.refrain:11).',
    'Meridian Songs (publisher) allows it (policy "meridian-ai", rule meridian-songs.refrain:11).',
    'Northwind (label) allows it (policy "northwind-ai", rule northwind.refrain:14).',
    'The platform Streamco allows it (policy "streamco-baseline", rule platform.refrain:19).',
  ]);
});

const denyEngine = await (async () => {
  const c = await Refrain.compile(denyCases.files, { catalog: denyCases.catalog });
  assert.equal(c.ok, true, c.rendered);
  return Refrain.load(c.bundle);
})();
const denyRoles = roleLookup(parseCatalog(denyCases.catalog)[0], rolesFromSources(denyCases.files));

for (const c of denyCases.cases) {
  test(`deny case ${c.name}: ${c.decision}, explained in exact words`, () => {
    const decision = denyEngine.decide(c.request);
    assert.equal(decision.decision, c.decision);
    const lines = explainDecision(decision, { roleOf: denyRoles, nameOf: (p) => p });
    assert.equal(lines[0].kind, c.kind);
    assert.equal(lines[0].code ?? undefined, c.code);
    assert.equal(lines[0].text, c.text);
  });
}

test('deny cases in the voice of the artist "ana"', () => {
  const text = (name) => explainDecision(denyEngine.decide(denyCases.cases.find((c) => c.name === name).request),
    { roleOf: denyRoles, you: 'ana', ruleText: (rule) => `line ${rule.split(':')[1]} of your policy` })[0].text;
  assert.equal(text("a party's deny"), 'You say no to voice clones (line 21 of your policy).');
  assert.equal(text("a co-owner's silence"), 'Bo (writer) has not agreed, so this use stays closed (no rule of policy "bo" allows this request).');
  assert.equal(text('missing_field in a price'),
    'Your rule could not be applied (line 6 of your policy): the request does not say the revenue (`context.revenue`). An error always means no, so this use stays closed.');
  assert.deepEqual(payoutTo(denyEngine.decide(denyCases.cases[0].request), 'ana'), ['USD 1.00']);
  const remix = JSON.parse(denyCases.cases.find((c) => c.name === "a party's deny").request);
  remix.use = 'ai.generate.remix';
  const decision = { ...denyEngine.decide(remix), decision: 'deny', reasons: [{ party: 'ana', policy: 'ana', verdict: 'deny', rule: 'ana.refrain:12' }] };
  assert.equal(explainDecision(decision, { roleOf: denyRoles, you: 'ana' })[0].text,
    'You say no to AI remixes and covers (rule ana.refrain:12).', 'an initialism keeps its capitals');
});
