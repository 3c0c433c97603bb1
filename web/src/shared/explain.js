// Puts a decision into plain words. It only reads the decision the runtime
// returned: it never decides and never computes money. It never throws on a
// decision the runtime can return (a request error has no use or work, an
// evaluation error names a policy and a rule, a consent error names neither):
// what it cannot put in words it shows as the runtime wrote it.
import { formatMoney } from './money.js';
import { displayName } from './names.js';
import { plainUse } from './uses.js';

// Plain words for the fields a rule usually reads; others are shown by path.
const FIELD_WORDS = {
  'context.units': 'how many units',
  'context.revenue': 'the revenue',
  'context.territory': 'where (the territory)',
  'context.purpose': 'the purpose',
  'context.time': 'when',
  'requester.verified': 'whether the requester is verified',
  'requester.kind': 'what kind of requester it is',
  'requester.id': 'who the requester is',
};

function fieldWords(path) {
  return FIELD_WORDS[path] ? `${FIELD_WORDS[path]} (\`${path}\`)` : `\`${path}\``;
}

// The field a message names in backquotes: "request has no `context.revenue`" -> "context.revenue".
function quoted(message) {
  return /`([^`]*)`/.exec(message || '')?.[1] || '';
}

// An evaluation error's cause in words: "the request does not say the revenue (`context.revenue`)".
export function evaluationCause(error) {
  const m = error.message || '';
  switch (error.code) {
    case 'missing_field': return `the request does not say ${fieldWords(quoted(m))}`;
    case 'type_mismatch': {
      const why = m.split(': ').slice(1).join(': ');
      return `the request's \`${quoted(m)}\` is not the kind of value the rule needs${why ? ` (${why})` : ''}`;
    }
    case 'currency_mismatch': {
      const c = /cannot combine (\w+) with (\w+)/.exec(m);
      return c ? `amounts in two currencies (${c[1]} and ${c[2]}) would have to be compared or added`
        : 'amounts in two currencies would have to be compared or added';
    }
    case 'negative_payment': return 'the price works out below zero, and nobody can be paid less than nothing';
    case 'no_holder_for_role': {
      const role = quoted(m);
      return role ? `the split pays a ${role}, but this work has no ${role}` : 'the split pays a role this work does not have';
    }
    case 'overflow': return 'an amount is too large to work out';
    default: return m || error.code || 'an unknown error';
  }
}

// A request-level error (or a consent error) in words.
function requestError(error, decision) {
  const m = error.message || '';
  switch (error.code) {
    case 'invalid_json': return 'The request is not valid JSON, so it cannot be answered.';
    case 'invalid_request': return `The request is malformed: ${m}.`;
    case 'missing_use': return 'The request does not say which use it asks for.';
    case 'missing_work': return 'The request does not say which work it is for.';
    case 'missing_time': return 'The request does not say when (`context.time`), so no terms can be checked.';
    case 'unknown_use': return `The request asks for \`${quoted(m) || decision.use}\`, which is not a use Refrain knows.`;
    case 'no_rightsholders': return `Nobody holds rights in ${quoted(m) ? `work \`${quoted(m)}\`` : 'this work'}, so nobody can agree to its use.`;
    case 'no_consenting_holder':
      return 'The platform asks for the agreement of roles nobody holds on this work, so nobody can agree to this use.';
    case 'request_too_large': return 'The request is too large to be read (over 1 MiB).';
    case 'request_too_deep': return 'The request is nested too deeply to be read.';
    default: return `${m || error.code || 'Error'}.`;
  }
}

// options: {roleOf(party) -> role; nameOf(party) -> words (default displayName); you: the signed-in
// party, spoken to as "you" (or none); ruleText(rule, item) -> words for a rule reference
// (default "rule FILE:LINE")}.
function speaker(options) {
  const roleOf = options.roleOf || (() => 'party');
  const nameOf = options.nameOf || displayName;
  const isYou = (party) => !!options.you && party === options.you;
  // "you", "the platform Streamco", "Harbor Line (label)"; `start`: at the start of a sentence.
  const who = (party, start = false) => {
    if (isYou(party)) return start ? 'You' : 'you';
    const role = roleOf(party);
    return role === 'platform' ? `${start ? 'The' : 'the'} platform ${nameOf(party)}` : `${nameOf(party)} (${role})`;
  };
  // " (policy "harbor-line-ai", rule harbor-line.refrain:12)"; one's own policy is not named.
  const where = (item) => {
    const parts = [];
    if (item.policy && !isYou(item.party)) parts.push(`policy "${item.policy}"`);
    if (item.rule) parts.push(options.ruleText ? options.ruleText(item.rule, item) : `rule ${item.rule}`);
    return parts.length ? ` (${parts.join(', ')})` : '';
  };
  return { who, where, isYou };
}

// One line per party or error that matters: [{kind: 'allow'|'deny'|'silent'|'error', party, code, text}],
// the ones that blocked the request first: request errors, denies, rules that failed, silences; then allows.
export function explainDecision(decision, options = {}) {
  const { who, where, isYou } = speaker(options);
  const reasons = Array.isArray(decision?.reasons) ? decision.reasons : [];
  const errors = Array.isArray(decision?.errors) ? decision.errors : [];
  // "Voice clones" -> "voice clones" inside a sentence; "AI remixes and covers" keeps its capitals.
  const plain = plainUse(decision?.use || '');
  const use = (/^[A-Z][a-z]/.test(plain) ? plain[0].toLowerCase() + plain.slice(1) : plain) || 'this use';
  const lines = [];
  const told = new Set();
  const errorOf = (r) => errors.find((e) => e.policy === r.policy && e.rule === r.rule)
    || errors.find((e) => e.policy && e.policy === r.policy);
  const verb = (party, one, you) => (isYou(party) ? you : one);

  for (const e of errors)
    if (!e.policy && !e.rule) {
      told.add(e);
      lines.push({ kind: 'error', party: null, code: e.code, text: `${requestError(e, decision || {})} Errors always mean no.` });
    }
  for (const r of reasons.filter((x) => x.verdict === 'deny'))
    lines.push({ kind: 'deny', party: r.party, code: null,
      text: `${who(r.party, true)} ${verb(r.party, 'says', 'say')} no to ${use}${where(r)}.` });
  for (const r of reasons.filter((x) => x.verdict === 'error')) {
    const e = errorOf(r);
    if (e) told.add(e);
    const whose = isYou(r.party) ? 'Your rule' : `A rule of ${who(r.party)}`;
    lines.push({ kind: 'error', party: r.party, code: e?.code || null,
      text: `${whose} could not be applied${where(r)}: ${e ? evaluationCause(e) : 'it failed to evaluate'}. An error always means no, so this use stays closed.` });
  }
  for (const e of errors)
    if (!told.has(e))
      lines.push({ kind: 'error', party: null, code: e.code,
        text: `A rule could not be applied${where(e)}: ${evaluationCause(e)}. An error always means no.` });
  for (const r of reasons.filter((x) => x.verdict === 'silent')) {
    const policy = !r.policy ? ''
      : isYou(r.party) ? ' (none of your rules allows this request)' : ` (no rule of policy "${r.policy}" allows this request)`;
    lines.push({ kind: 'silent', party: r.party, code: null,
      text: `${who(r.party, true)} ${verb(r.party, 'has', 'have')} not agreed, so this use stays closed${policy}.` });
  }
  for (const r of reasons.filter((x) => x.verdict === 'allow'))
    lines.push({ kind: 'allow', party: r.party, code: null,
      text: `${who(r.party, true)} ${verb(r.party, 'allows', 'allow')} it${where(r)}.` });
  if (!lines.length && decision?.decision !== 'allow')
    lines.push({ kind: 'error', party: null, code: null, text: 'Denied, and the decision gives no reason.' });
  return lines;
}

// What one party is paid, as the decision states it: ["USD 840.00", ...].
export function payoutTo(decision, party) {
  const amounts = [];
  for (const p of decision?.payments || [])
    for (const payee of p.payees || []) if (payee.party === party) amounts.push(formatMoney(payee.amount, p.currency));
  return amounts;
}

const DUTY_WORDS = { attribution: 'credit', label_ai_output: 'label the output as AI', notify: 'notify', report: 'report' };

// Every duty in words: ["For you — credit: “Voice: Kofi Mensah (AI)”", "For Harbor Line (label) — notify"].
export function dutyLines(decision, options = {}) {
  const { who } = speaker(options);
  return (decision?.duties || []).map((d) => {
    const words = DUTY_WORDS[d.duty] || String(d.duty).replace(/_/g, ' ');
    return `For ${who(d.party)} — ${words}${d.text !== undefined ? `: “${d.text}”` : ''}`;
  });
}
