// The portal's round trip, in Node: for every artist with a published example
// policy, the policy the portal generates from it (published.js, then
// policy-source.js) decides every example request like the published one —
// same verdict, duties and payments — and is laid out as `refrain fmt` would.
//
//   REFRAIN_BIN=build/bin/refrain node --test web/test/generated.test.mjs
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Refrain } from '../../wasm/js/refrain.mjs';
import { policySource } from '../src/portal/policy-source.js';
import { readPublished } from '../src/portal/published.js';
import { leafUses, useGroups } from '../src/shared/uses.js';

const root = new URL('../../', import.meta.url).pathname;
// The native CLI checks the layout; without it the test fails rather than skip that part.
const refrain = process.env.REFRAIN_BIN;
if (!refrain) throw new Error('generated.test.mjs: set REFRAIN_BIN to the native CLI (build/bin/refrain); web/test.sh does');
const examples = join(root, 'examples');
const policies = readdirSync(join(examples, 'policies')).filter((f) => f.endsWith('.refrain')).sort()
  .map((name) => ({ name, text: readFileSync(join(examples, 'policies', name), 'utf8') }));
const catalog = readFileSync(join(examples, 'catalog', 'works.jsonl'), 'utf8');
const requests = readFileSync(join(examples, 'requests', 'all.jsonl'), 'utf8').split('\n').filter(Boolean);

// The use tree as web/build.mjs reads it from policy/vocabulary.cc.
const vocabulary = readFileSync(join(root, 'policy', 'vocabulary.cc'), 'utf8');
const uses = [...vocabulary.matchAll(/\{"(ai[^"]*)", "([^"]*)",/g)].map((m) => ({ name: m[1], parent: m[2], description: '' }));
const leaves = leafUses(uses);
const groups = useGroups(uses);

async function decideAll(sources) {
  const compiled = await Refrain.compile(sources, { catalog });
  assert.equal(compiled.ok, true, compiled.rendered);
  const engine = await Refrain.load(compiled.bundle);
  try {
    // Rule references name lines, which differ between the two sources: compare the rest.
    return requests.map((r) => {
      const d = engine.decide(r);
      return { decision: d.decision, duties: d.duties, errors: d.errors.map((e) => e.code),
        verdicts: d.reasons.map((x) => `${x.party} ${x.verdict}`),
        payments: d.payments.map((p) => ({ currency: p.currency, total: p.total, payees: p.payees })) };
    });
  } finally {
    engine.close();
  }
}

const artists = ['eva-lindqvist', 'ines-duarte', 'kofi-mensah', 'luna-ray', 'the-marlowes'];

for (const artist of artists) {
  test(`${artist}: the generated policy decides the example requests like the published one`, async () => {
    const { settings, file } = readPublished(policies, artist, leaves);
    assert.equal(file, `${artist}.refrain`);
    const { text } = policySource(settings, groups, artist);
    const generated = policies.map((p) => (p.name === file ? { name: file, text } : p));
    assert.deepEqual(await decideAll(generated), await decideAll(policies));

    const dir = mkdtempSync(join(tmpdir(), 'refrain-portal-'));
    try {
      writeFileSync(join(dir, file), text);
      execFileSync(refrain, ['fmt', '--check', file], { cwd: dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('an opt-out changes what the generated policy says', async () => {
  const { settings } = readPublished(policies, 'kofi-mensah', leaves);
  settings.uses['ai.generate.voice'].stance = 'out';
  const { text } = policySource(settings, groups, 'Kofi Mensah');
  assert.match(text, /^ {2}deny ai\.generate\.voice, ai\.engage\.persona$/m);
  assert.doesNotMatch(text, /allow ai\.generate\.voice/);
});
