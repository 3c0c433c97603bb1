// The playground's right-hand side: diagnostics, the decision, why, duties,
// payments and the canonical decision JSON, all read from the runtime's output.
import { h, fill } from '../shared/dom.js';
import { conditionLines } from '../shared/conditions.js';
import { dutyLines, explainDecision } from '../shared/explain.js';
import { formatMoney } from '../shared/money.js';
import { plainUse } from '../shared/uses.js';

export function renderDiagnostics(list, diagnostics, onPick) {
  fill(list, diagnostics.map((d) => h('li', { class: `diag-${d.severity}` },
    h('a', { href: '#', onclick: (e) => { e.preventDefault(); onPick(d); } }, `${d.file}:${d.line}:${d.col}`),
    `: ${d.severity}: ${d.message}`)));
}

function payments(decision) {
  if (!decision.payments.length) return h('p', { class: 'muted' }, 'No payment.');
  return decision.payments.map((p) => h('table', { class: 'payments' },
    h('caption', {}, `${p.currency}: total ${formatMoney(p.total, p.currency)}`),
    h('thead', {}, h('tr', {}, h('th', {}, 'Payee'), h('th', {}, 'Amount'))),
    h('tbody', {}, p.payees.map((x) => h('tr', {}, h('td', {}, x.party), h('td', { class: 'money' }, formatMoney(x.amount, p.currency))))),
    h('tfoot', {}, p.terms.map((t) => h('tr', { class: 'muted' }, h('td', {}, `term: ${t.party} (rule ${t.rule})`),
      h('td', { class: 'money' }, formatMoney(t.amount, p.currency)))))));
}

// The rules that did not apply, each with the part of its condition that
// failed and the values the runtime read (engine.explain).
function conditions(explanation) {
  const items = conditionLines(explanation);
  if (!items.length) return h('p', { class: 'muted', id: 'conditions' }, 'Every relevant condition held.');
  return h('ul', { class: 'conditions', id: 'conditions' },
    items.map((c) => h('li', { 'data-party': c.party, 'data-rule': c.rule }, h('pre', {}, c.lines.join('\n')))));
}

// Fills `container` with the decision in words; `json` is the canonical text;
// `explanation` is the runtime's (engine.explain) for the same request.
// Parties are named by their ids here: policy authors write ids.
export function renderDecision(container, decision, json, roleOf, explanation) {
  const words = { roleOf, nameOf: (party) => party };
  const why = explainDecision(decision, words);
  const duties = dutyLines(decision, words);
  const use = plainUse(decision.use);
  fill(container,
    h('p', {}, h('span', { class: `badge badge-${decision.decision}`, id: 'verdict' }, decision.decision), ' ',
      use !== decision.use ? `${use} ` : '', decision.use ? h('code', {}, decision.use) : 'no use', ' on ',
      decision.work ? h('code', {}, decision.work) : 'no work'),
    h('h3', {}, 'Why'),
    h('ul', { class: 'why' }, why.map((l) => h('li', { class: `why-${l.kind}`, 'data-party': l.party || '', 'data-code': l.code || '' }, l.text))),
    h('h3', {}, 'Rules that did not apply'),
    conditions(explanation),
    h('h3', {}, 'Duties'),
    duties.length ? h('ul', { class: 'duties' }, duties.map((d) => h('li', {}, d))) : h('p', { class: 'muted' }, 'None.'),
    h('h3', {}, 'Payments'),
    payments(decision),
    h('h3', {}, 'Decision JSON (as ', h('code', {}, 'refrain eval'), ' prints it)'),
    h('pre', { class: 'decision', id: 'decision-json', tabindex: 0 }, json));
}
