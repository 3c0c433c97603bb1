// Puts a decision into plain words. It only reads the decision the runtime
// returned: it never decides and never computes money.
import { plainUse } from './uses.js';

function who(party, roleOf) {
  const role = roleOf(party);
  return role === 'platform' ? `the platform ${party}` : `${party} (${role})`;
}

function where(item) {
  const parts = [];
  if (item.policy) parts.push(`policy "${item.policy}"`);
  if (item.rule) parts.push(`rule ${item.rule}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

// One line per party that matters: [{kind: 'allow'|'deny'|'silent'|'error', party?, text}],
// the ones that blocked the request first.
export function explainDecision(decision, roleOf) {
  const use = plainUse(decision.use).toLowerCase();
  const lines = [];
  for (const e of decision.errors) {
    const party = decision.reasons.find((x) => x.verdict === 'error' && x.policy === e.policy)?.party ?? null;
    lines.push({ kind: 'error', party, text: `Error: ${e.message}${where(e)} — errors always mean no.` });
  }
  for (const r of decision.reasons.filter((x) => x.verdict === 'deny'))
    lines.push({ kind: 'deny', party: r.party, text: `${who(r.party, roleOf)} says no to ${use}${where(r)}.` });
  for (const r of decision.reasons.filter((x) => x.verdict === 'silent'))
    lines.push({
      kind: 'silent', party: r.party,
      text: `${who(r.party, roleOf)} has not consented: no rule of theirs allows this request${where(r)}, and silence means no.`,
    });
  for (const r of decision.reasons.filter((x) => x.verdict === 'error' && !decision.errors.some((e) => e.policy === x.policy)))
    lines.push({ kind: 'error', party: r.party, text: `${who(r.party, roleOf)}: a rule could not be evaluated${where(r)}.` });
  for (const r of decision.reasons.filter((x) => x.verdict === 'allow'))
    lines.push({ kind: 'allow', party: r.party, text: `${who(r.party, roleOf)} allows it${where(r)}.` });
  return lines;
}

// The shortest honest reason: who blocked it, or who allowed it.
export function summarize(decision, roleOf) {
  const lines = explainDecision(decision, roleOf);
  if (decision.decision === 'allow') return 'Allowed: every rights holder who is asked consents.';
  return lines.find((l) => l.kind !== 'allow')?.text || 'Denied.';
}

// What one party is paid, as the decision states it: ["840.000000 USD", ...].
export function payoutTo(decision, party) {
  const amounts = [];
  for (const p of decision.payments)
    for (const payee of p.payees) if (payee.party === party) amounts.push(`${payee.amount} ${p.currency}`);
  return amounts;
}

// Every payment: ["USD 1200.000000: harbor-line 360.000000, kofi-mensah 840.000000", ...].
export function paymentLines(decision) {
  return decision.payments.map((p) =>
    `${p.currency} ${p.total}: ${p.payees.map((x) => `${x.party} ${x.amount}`).join(', ')}`);
}

export function dutyLines(decision) {
  return decision.duties.map((d) => `${d.party} — ${d.duty.replace(/_/g, ' ')}${d.text ? `: “${d.text}”` : ''}`);
}
