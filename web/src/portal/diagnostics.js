// The compiler's diagnostics for the generated policy, told in the form's words.
import { plainUse } from '../shared/uses.js';

const CLAUSES = {
  use: 'the use', when: 'the conditions', pay: 'the price', split: 'the split', duty: 'the credit line',
  never: 'a condition kept from your published policy', window: 'the dates your terms are in force', out: 'the opt-outs',
};

// Hints for the messages a form can cause; matched on the compiler's message.
const HINTS = [
  [/unknown territory/, 'Countries are two-letter ISO codes, such as US, GB or SE.'],
  [/split/, 'The percentages of a split must add up to exactly 100.'],
  [/money|currency|decimal|fractional/, 'Amounts are plain numbers with at most six decimals, such as 0.02 or 1500.00.'],
  [/percent/, 'A percentage is a number such as 5 or 2.5, with at most four decimals.'],
  [/date|timestamp/, 'Dates are written year-month-day.'],
];

// [{severity, text}] for every diagnostic; `file` is the generated policy's file name.
export function plainDiagnostics(diagnostics, file, lines) {
  return diagnostics.map((d) => {
    const hint = HINTS.find(([re]) => re.test(d.message))?.[1];
    let where;
    if (d.file !== file) where = `In ${d.file} (another party's policy), line ${d.line}`;
    else {
      const at = lines[d.line];
      where = at ? (at.use === 'policy' ? `In ${CLAUSES[at.clause]}` : `${plainUse(at.use)}, in ${CLAUSES[at.clause]}`)
        : `Line ${d.line} of your policy`;
    }
    const severity = d.severity === 'error' ? 'Problem' : 'Warning';
    return { severity: d.severity, text: `${severity} — ${where} (line ${d.line}, column ${d.col}): ${d.message}.${hint ? ` ${hint}` : ''}` };
  });
}

// The compiler's errors about fields the form cannot check itself — an extra condition, a custom
// price — as messages next to those fields: [{field, message}] (field: the input's name).
export function fieldDiagnostics(diagnostics, file, lines, settings) {
  const out = [];
  for (const d of diagnostics) {
    const at = d.file === file && d.severity === 'error' ? lines[d.line] : null;
    const u = at && settings.uses[at.use];
    if (!u) continue;
    if (at.clause === 'when' && u.extra.trim()) out.push({ field: `${at.use}-extra`, message: `Refrain says: ${d.message}.` });
    if (at.clause === 'pay' && u.price.kind === 'custom') out.push({ field: `${at.use}-price-raw`, message: `Refrain says: ${d.message}.` });
  }
  return out;
}
