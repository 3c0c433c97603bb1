// The "what would happen" panel: sample requests decided by the WebAssembly
// runtime against the bundle with the artist's generated policy, and a form
// to try a request of one's own. Everything shown is read from the decision.
import { h, uid } from '../shared/dom.js';
import { labelled, mark } from './fields.js';
import { dutyLines, explainDecision, payoutTo } from '../shared/explain.js';
import { describeRequest, useWords } from './samples.js';
import { requesterProblem, revenueProblem, territoryProblem, timeProblem, unitsProblem } from './validate.js';

function verdictBadge(decision) {
  return h('span', { class: `badge badge-${decision.decision}` }, decision.decision);
}

// words: {you, roleOf, ruleText}, as explainDecision takes them.
function whyList(decision, words) {
  const lines = explainDecision(decision, words);
  const blocking = lines.filter((l) => l.kind !== 'allow');
  const shown = decision.decision === 'allow' ? lines : blocking;
  return h('ul', { class: 'why' }, shown.map((l) => h('li', { class: `why-${l.kind}`, 'data-party': l.party || '', 'data-code': l.code || '' }, l.text)));
}

function payout(decision, artist) {
  const amounts = payoutTo(decision, artist);
  return amounts.length ? amounts.map((a) => h('div', { class: 'money' }, a)) : h('span', { class: 'muted' }, '—');
}

function duties(decision, words) {
  const lines = dutyLines(decision, words);
  return lines.length ? h('ul', { class: 'duties' }, lines.map((d) => h('li', {}, d))) : h('span', { class: 'muted' }, '—');
}

// A table cell with one wrapper, so that at phone width (a label beside the
// content, see style.css) the content stays in one grid column.
function cell(label, cls, ...children) {
  return h('td', { 'data-label': label, class: cls }, h('div', {}, ...children));
}

// Fills `tbody` with one row per sample. Each row carries its request (data-request), so a
// test can ask the native CLI for the same decision.
export function renderSamples(tbody, samples, decide, words) {
  tbody.replaceChildren(...samples.map(({ label, request }) => {
    const decision = decide(request);
    return h('tr', { 'data-sample': label, 'data-decision': decision.decision, 'data-request': JSON.stringify(request) },
      cell('Request', '', h('strong', {}, label), h('div', { class: 'muted' }, `${useWords(request.use)} · ${describeRequest(request)}`)),
      cell('Decision', 'decision', verdictBadge(decision)),
      cell('Why', '', whyList(decision, words)),
      cell('Duties', '', duties(decision, words)),
      cell('Payout to you', 'payout', payout(decision, words.you)));
  }));
}

// The "try your own request" form. `onSubmit(request)` gets the request, or null when a field
// needs a fix (each is checked as it is typed, with its message beside it).
export function requestForm(uses, works, onSubmit) {
  const useSel = h('select', { name: 'use' }, uses.filter((u) => u.name !== 'ai').map((u) =>
    h('option', { value: u.name }, useWords(u.name))));
  const workSel = h('select', { name: 'work' }, works.map((w) => h('option', { value: w.id }, `${w.title} (${w.id})`)));
  const requester = h('input', { type: 'text', name: 'requester', value: 'acme-ai' });
  const kind = h('select', { name: 'kind' }, ['company', 'research', 'artist', 'fan'].map((k) => h('option', { value: k }, k)));
  const verified = h('input', { type: 'checkbox', name: 'verified', checked: true });
  const purpose = h('select', { name: 'purpose' }, ['commercial', 'research', 'non_commercial', 'personal'].map((p) =>
    h('option', { value: p }, p.replace('_', '-'))));
  const territory = h('input', { type: 'text', name: 'territory', value: 'US', size: 3 });
  const units = h('input', { type: 'text', name: 'units', value: '10000', inputmode: 'numeric' });
  const revenue = h('input', { type: 'text', name: 'revenue', value: '20000.00 USD', placeholder: '20000.00 USD' });
  const time = h('input', { type: 'text', name: 'time', value: '2026-05-01T12:00:00Z' });
  const labelledAi = h('input', { type: 'checkbox', name: 'labelled', checked: true });
  const verifiedId = uid('q');
  const labelledId = uid('q');
  verified.id = verifiedId;
  labelledAi.id = labelledId;

  const checks = [[requester, requesterProblem], [territory, territoryProblem], [units, unitsProblem],
    [revenue, revenueProblem], [time, timeProblem]];
  for (const [input, problem] of checks) input.addEventListener('input', () => mark(input, problem(input.value)));

  const read = () => {
    const context = { purpose: purpose.value, time: time.value.trim(),
      output: { labelled_ai: labelledAi.checked, attribution: labelledAi.checked } };
    if (territory.value.trim()) context.territory = territory.value.trim().toUpperCase();
    if (units.value.trim()) context.units = Number(units.value.trim());
    if (revenue.value.trim()) {
      const [amount, currency] = revenue.value.trim().split(/\s+/);
      context.revenue = `${amount} ${currency.toUpperCase()}`;
    }
    return { use: useSel.value, requester: { id: requester.value.trim(), kind: kind.value, verified: verified.checked },
      work: { id: workSel.value }, context };
  };
  const submit = (e) => {
    e.preventDefault();
    const bad = checks.filter(([input, problem]) => !mark(input, problem(input.value)));
    if (bad.length) {
      bad[0][0].focus();
      onSubmit(null);
    } else {
      onSubmit(read());
    }
  };
  const element = h('form', { class: 'own-request', novalidate: true, onsubmit: submit },
    h('div', { class: 'row' }, labelled('Use', useSel), labelled('Work', workSel)),
    h('div', { class: 'row' }, labelled('Requester', requester), labelled('Kind', kind),
      h('div', { class: 'check' }, verified, h('label', { for: verifiedId }, 'Verified'))),
    h('div', { class: 'row' }, labelled('Purpose', purpose), labelled('Territory', territory, 'Blank: not stated'),
      labelled('Units', units, 'A whole number; blank: not stated'),
      labelled('Revenue', revenue, 'Such as 20000.00 USD; blank: not stated'), labelled('Time', time)),
    h('div', { class: 'check' }, labelledAi, h('label', { for: labelledId }, 'Output labelled as AI and credited')),
    h('button', { type: 'submit' }, 'What would happen?'));
  return { element, read };
}

// Shows the decision for one's own request.
export function renderOwnResult(container, request, decide, words) {
  const decision = decide(request);
  container.replaceChildren(h('div', { class: 'own-result', 'data-decision': decision.decision, 'data-request': JSON.stringify(request) },
    h('p', {}, verdictBadge(decision), ' ', `${useWords(request.use)} · ${describeRequest(request)}`),
    whyList(decision, words),
    h('h4', {}, 'Duties'), duties(decision, words),
    h('h4', {}, 'Payout to you'), payout(decision, words.you)));
}
