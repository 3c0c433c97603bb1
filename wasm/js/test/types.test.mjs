// The package's types name what the language defines, and only that: the use tree and the roles
// as the compiler knows them (policy/vocabulary.cc), the error codes of docs/language.md §7.2.
// (That the types compile, strictly, against a real project is wasm/consumers/run.sh's check.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const read = (path) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const types = read('wasm/js/refrain.d.ts');
const vocabulary = read('policy/vocabulary.cc');
const language = read('docs/language.md');

// The quoted members of `export type NAME = 'a' | 'b' ...;` in refrain.d.ts.
function union(name) {
  const match = types.match(new RegExp(`export type ${name} =([^;]*);`));
  assert.ok(match, `refrain.d.ts has no union ${name}`);
  return [...match[1].matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

// The strings of the C++ table that starts at `start` in vocabulary.cc, up to its `};`.
function table(start, pattern) {
  const from = vocabulary.indexOf(start);
  assert.ok(from >= 0, `policy/vocabulary.cc has no ${start}`);
  return [...vocabulary.slice(from, vocabulary.indexOf('};', from)).matchAll(pattern)].map((m) => m[1]);
}

// The codes of the table under `heading` in §7.2: its rows start with | `code` |.
function codes(heading) {
  const from = language.indexOf(heading);
  assert.ok(from >= 0, `docs/language.md has no "${heading}"`);
  const rows = language.slice(from).split('\n\n').find((block) => block.startsWith('| code |'));
  return [...rows.matchAll(/^\| `([a-z_]+)`(?:, `([a-z_]+)`)? \|/gm)].flatMap((m) => m.slice(1).filter(Boolean));
}

test('Use is the use tree', () => {
  assert.deepEqual(union('Use'), table('kUses = {', /\{"(ai[^"]*)"/g));
});

test('Role is the roles', () => {
  assert.deepEqual(union('Role'), table('kRoles = {', /"([a-z]+)"/g));
});

test('the error codes are the request and evaluation errors of §7.2', () => {
  assert.deepEqual(union('RequestErrorCode'), codes('**Request errors**'));
  assert.deepEqual(union('EvaluationErrorCode'), codes('**Evaluation errors**'));
});

test('no type the language defines is left open', () => {
  const code = types.replace(/\/\*[^]*?\*\//g, '').replace(/\/\/.*/g, '');
  for (const open of [/Record<string, unknown>/, /\bany\b/, /\bunknown\b/])
    assert.doesNotMatch(code, open, `refrain.d.ts has ${open.source}`);
});
