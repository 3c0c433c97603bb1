// Turns the portal's settings into the artist's Refrain policy, in the
// canonical layout of `refrain fmt`, and remembers which use and clause
// each line belongs to, so a diagnostic can be told in the form's words.
import { plainUse } from '../shared/uses.js';
import { SPLIT_ROLES } from './settings.js';

function quote(text) {
  return JSON.stringify(text).replace(/\\u([0-9a-f]{4})/g, (_, hex) => `\\u{${hex}}`);
}

// "Anywhere" is no condition; "only in" lists the codes, then the regions. An empty
// "only in" is refused by the form (validate.js, whereProblem) and would be
// `territory in []`, nowhere: never the whole world.
function territoryTerm(u) {
  if (u.where !== 'only') return null;
  const codes = u.territories.split(/[\s,]+/).map((c) => c.trim().toUpperCase()).filter(Boolean);
  const terms = [...(codes.length ? [`[${codes.join(', ')}]`] : []), ...u.regions];
  return `territory in ${terms.length ? terms.join(' + ') : '[]'}`;
}

function conditions(u) {
  const parts = [];
  if (u.verifiedOnly) parts.push('requester.verified');
  const t = territoryTerm(u);
  if (t) parts.push(t);
  if (u.purposes.length === 1) parts.push(`purpose == ${quote(u.purposes[0])}`);
  else if (u.purposes.length > 1) parts.push(`purpose in [${u.purposes.map(quote).join(', ')}]`);
  if (u.from) parts.push(`time >= ${u.from}`);
  if (u.until) parts.push(`time < ${u.until}`);
  const extra = u.extra.trim();
  if (extra) parts.push(parts.length && / or /.test(extra) ? `(${extra})` : extra);
  return parts;
}

function price(p) {
  const amount = p.amount.trim();
  let expr;
  switch (p.kind) {
    case 'flat': expr = `${amount} ${p.currency}`; break;
    case 'unit': expr = `${amount} ${p.currency} * units`; break;
    case 'percent': expr = `${amount}% * revenue`; break;
    case 'custom': return p.raw.trim() || null;
    default: return null;
  }
  const minimum = p.minimum.trim();
  return minimum && p.kind !== 'flat' ? `max(${minimum} ${p.currency}, ${expr})` : expr;
}

function split(s) {
  const parts = SPLIT_ROLES.filter((r) => (s[r] || '').trim()).map((r) => `${r} ${s[r].trim()}%`);
  return parts.length ? parts.join(', ') : null;
}

// Words in lines of at most 78 columns, for comments.
function wrap(text) {
  const lines = [''];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last && last.length + 1 + word.length > 78) lines.push(word);
    else lines[lines.length - 1] = last ? `${last} ${word}` : word;
  }
  return lines;
}

// Leaves whose whole group is opted out are denied by the group's name.
function denyList(settings, groups) {
  const names = [];
  for (const g of groups) {
    const out = g.leaves.filter((l) => settings.uses[l.name].stance === 'out');
    if (out.length && out.length === g.leaves.length) names.push(g.name);
    else names.push(...out.map((l) => l.name));
  }
  return names;
}

// Returns {text, lines}: the source, and for each 1-based line {use, clause} (or nothing).
export function policySource(settings, groups, displayName) {
  const out = [];
  const lines = [];
  const emit = (text, use = null, clause = null) => { out.push(text); lines[out.length] = use ? { use, clause } : null; };
  const leaves = groups.flatMap((g) => g.leaves);
  const silent = leaves.filter((l) => settings.uses[l.name].stance === 'silent').map((l) => l.name);

  emit(`# ${displayName}'s terms for AI use of their music, written with the Refrain artist portal.`);
  if (silent.length) for (const line of wrap(`Silent (no rule, and silence means no): ${silent.join(', ')}.`)) emit(`# ${line}`);
  emit(`policy ${quote(settings.policyName)} by artist ${quote(settings.artist)} {`, 'policy', 'header');
  const header = [];
  if (settings.effective) header.push(`  effective ${settings.effective}`);
  if (settings.expires) header.push(`  expires ${settings.expires}`);
  for (const line of header) emit(line, 'policy', 'window');
  let first = true;
  const gap = () => { if (!first || header.length) emit(''); first = false; };

  for (const { name } of leaves) {
    const u = settings.uses[name];
    if (u.stance !== 'in') continue;
    gap();
    emit(`  # ${plainUse(name)}: opted in.`);
    const when = conditions(u);
    emit(`  allow ${name}`, name, 'use');
    if (when.length) {
      emit(`    when ${when[0]}`, name, 'when');
      for (const more of when.slice(1)) emit(`         and ${more}`, name, 'when');
    }
    const pay = price(u.price);
    if (pay) emit(`    pay ${pay}`, name, 'pay');
    const s = split(u.split);
    if (s) emit(`    split ${s}`, name, 'split');
    const duties = [...u.keptDuties];
    if (u.attribution.trim()) duties.splice(u.attributionIndex, 0, `attribution ${quote(u.attribution.trim())}`);
    for (const d of duties) emit(`    duty ${d}`, name, 'duty');
  }
  for (const { name } of leaves) {
    const u = settings.uses[name];
    if (u.stance === 'out') continue;
    for (const cond of u.neverWhen) {
      gap();
      emit(`  # ${plainUse(name)}: never when this holds.`);
      emit(`  deny ${name}`, name, 'never');
      emit(`    when ${cond}`, name, 'never');
    }
  }
  const denied = denyList(settings, groups);
  if (denied.length) {
    gap();
    emit(`  # Opted out.`);
    emit(`  deny ${denied.join(', ')}`, 'policy', 'out');
  }
  emit('}');
  return { text: `${out.join('\n')}\n`, lines };
}
