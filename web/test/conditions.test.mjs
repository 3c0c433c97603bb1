// The playground's "rules that did not apply": the runtime's own explanation
// (refrain eval --explain) in the REPL's words, checked on an example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { conditionLines } from '../src/shared/conditions.js';

const root = new URL('../../', import.meta.url).pathname;
const refrain = process.env.REFRAIN_BIN;

function explain(request) {
  assert.ok(refrain, 'REFRAIN_BIN must name the native refrain command (web/test.sh sets it)');
  const policies = readdirSync(`${root}examples/policies`).filter((f) => f.endsWith('.refrain')).sort()
    .map((f) => `examples/policies/${f}`);
  return JSON.parse(execFileSync(refrain, ['eval', ...policies, '--catalog', 'examples/catalog/works.jsonl',
    '--request', request, '--explain'], { cwd: root, encoding: 'utf8' }));
}

test('research use of Low Tide: Northwind allows only commercial use, and says which part failed', () => {
  const lines = conditionLines(explain('examples/requests/04-research-low-tide-v1.json'));
  assert.deepEqual(lines, [{
    party: 'northwind',
    rule: 'examples/policies/northwind.refrain:14',
    lines: [
      'northwind: allow ai.train.generative at examples/policies/northwind.refrain:14 - when is false',
      '  `purpose == "commercial"` is false: purpose = "research"',
    ],
  }]);
});

test('an `or` shows both sides, `has` names its field, a failure shows its code', () => {
  const value = (v) => ({ value: v });
  const explanation = {
    scopes: [],
    rules: [{
      party: 'p', rule: 'p.refrain:2', effect: 'allow', uses: ['ai.train'], outcome: 'false',
      when: { kind: 'or', text: 'has(units) or tier == "gold"', ...value('false'), sides: [
        { kind: 'has', text: 'has(units)', ...value('false') },
        { kind: 'condition', text: 'tier == "gold"', ...value('false'), operands: [{ text: 'tier', error: { code: 'missing_field', message: 'request has no `context.tier`' } }] },
      ] },
    }, {
      party: 'q', rule: 'q.refrain:3', effect: 'allow', uses: ['ai'], outcome: 'error',
      when: { kind: 'condition', text: 'units > 3', error: { code: 'type_mismatch', message: '`context.units` has the wrong type: expected an integer' } },
    }, {
      party: 'q', rule: 'q.refrain:4', effect: 'deny', uses: ['ai'], outcome: 'false',
      when: { kind: 'condition', text: 'units > 9', value: 'false' },
    }],
  };
  assert.deepEqual(conditionLines(explanation).map((c) => c.lines), [[
    'p: allow ai.train at p.refrain:2 - when is false',
    '  neither side of `has(units) or tier == "gold"` holds:',
    '    `has(units)` is false: the request has no `units`',
    '    `tier == "gold"` is false: tier = <missing_field: request has no `context.tier`>',
  ], [
    'q: allow ai at q.refrain:3 - when failed: type_mismatch: `context.units` has the wrong type: expected an integer',
  ]]);
});
