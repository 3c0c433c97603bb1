// The case files of tests/cases/, run through the JS package in Node: the
// same expected bytes as natively, with the compiler and runtime in WebAssembly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Refrain } from '../refrain.mjs';
import { parseCase } from './case_file.mjs';

const casesDir = process.env.REFRAIN_CASES_DIR || new URL('../../../tests/cases/', import.meta.url).pathname;

function caseFiles(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return caseFiles(path);
    return name.endsWith('.case') ? [path] : [];
  });
}

const files = caseFiles(casesDir);
test('there are case files', () => assert.ok(files.length >= 150, `${files.length} case files`));

for (const file of files) {
  test(file.slice(casesDir.length), async () => {
    const c = parseCase(readFileSync(file, 'utf8'));
    // As natively (tests/unit/cases_test.cc): a case that expects nothing would check nothing.
    assert.ok(c.sources.length > 0 && (c.hasDiagnostics || c.requests.length > 0),
      'a case needs a source and `--- diagnostics` or a request/decision pair');
    const compiled = await Refrain.compile(c.sources, { catalog: c.catalog });
    assert.equal(compiled.rendered, c.diagnostics, 'diagnostics');
    if (c.requests.length === 0) return;
    assert.ok(compiled.ok, compiled.rendered);
    const engine = await Refrain.load(compiled.bundle);
    try {
      for (const r of c.requests) {
        assert.equal(engine.decideJson(r.request), r.decision, `request ${r.label}`);
        // decide() builds its object from the decision record: the same keys, in the same order.
        assert.equal(JSON.stringify(engine.decide(r.request)), JSON.stringify(JSON.parse(r.decision)), `request ${r.label} as an object`);
      }
    } finally {
      engine.close();
    }
  });
}
