// The compiler's diagnostics for the generated policy, told in the form's words.
import { plainUse } from '../shared/uses.js';

const CLAUSES = {
  use: 'the use', when: 'the conditions', pay: 'the price', split: 'the split', duty: 'the credit line',
  never: 'a condition kept from your published policy', window: 'the dates your terms are in force', out: 'the opt-outs',
  header: 'the heading of your policy',
};

// Hints for the messages a form can cause; matched on the compiler's message.
const HINTS = [
  [/unknown territory/, 'Countries are two-letter ISO codes, such as US, GB or SE.'],
  [/split/, 'The percentages of a split must add up to exactly 100.'],
  [/money|currency|decimal|fractional/, 'Amounts are plain numbers with at most six decimals, such as 0.02 or 1500.00.'],
  [/percent/, 'A percentage is a number such as 5 or 2.5, with at most four decimals.'],
  [/invalid date|a date such as|invalid time|timestamp/, 'Dates are written year-month-day.'],
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

// The fields written in Refrain — an extra condition, a custom price — checked by the compiler
// on their own, so its message lands next to the field it is about (in the whole policy, an
// unfinished condition is reported where the parser stops, often the next clause). Each probe
// is a one-rule policy to compile with the other parties' policies (whose regions it may use):
// [{field, use, source: {name, text}}].
const PROBE_FILE = 'portal-field-check.refrain';
export function refrainFieldProbes(settings) {
  const probes = [];
  for (const [use, u] of Object.entries(settings.uses)) {
    if (u.stance !== 'in') continue;
    const probe = (field, clause) => probes.push({ field: `${use}-${field}`,
      source: { name: PROBE_FILE, text: `policy "portal-field-check" by artist "portal-field-check" {\n  allow ${use}\n    ${clause}\n}\n` } });
    if (u.extra.trim()) probe('extra', `when ${u.extra.trim()}`);
    if (u.price.kind === 'custom' && u.price.raw.trim()) probe('price-raw', `pay ${u.price.raw.trim()}`);
  }
  return probes;
}

// The probe's errors as the field's message: "Refrain says: unexpected `=`; compare with `==`."
export function probeProblem(field, diagnostics) {
  const errors = diagnostics.filter((d) => d.file === PROBE_FILE && d.severity === 'error');
  return errors.length ? { field, message: `Refrain says: ${errors.map((d) => d.message).join('; ')}.` } : null;
}
