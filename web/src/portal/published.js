// Reads an artist's published policy (canonically formatted Refrain, as in
// examples/policies/) into the portal's settings, so the portal starts from
// what the artist has already published. What the portal's form cannot
// express is kept as written (an advanced condition, a price expression, a
// duty), so the generated policy means the same as the published one.
import { covers } from '../shared/uses.js';
import { emptySettings, PURPOSES, REGIONS } from './settings.js';

// Splits `text` at top-level occurrences of `word` (outside (), [] and strings).
function splitTop(text, word) {
  const parts = [];
  let depth = 0, quoted = false, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) { if (c === '\\') i++; else if (c === '"') quoted = false; continue; }
    if (c === '"') quoted = true;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && text.startsWith(` ${word} `, i)) {
      parts.push(text.slice(start, i).trim());
      start = i + word.length + 2;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

// The rules of the policies `by artist "ID"`: [{kind, uses, except, when, pay, split, duties}].
function readPolicies(source, artist) {
  const lines = source.split('\n').map((l) => l.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, ''));
  const result = { name: artist, effective: '', expires: '', rules: [] };
  let inside = false, rule = null, clause = null;
  for (const raw of lines) {
    const line = raw.trim();
    const header = line.match(/^policy\s+"([^"]*)"\s+by\s+artist\s+"([^"]*)"/);
    if (header) { inside = header[2] === artist; if (inside) result.name = header[1]; continue; }
    if (!inside || !line) continue;
    if (line === '}') { inside = false; continue; }
    let m;
    if ((m = line.match(/^effective\s+(\S+)/))) result.effective = m[1];
    else if ((m = line.match(/^expires\s+(\S+)/))) result.expires = m[1];
    else if ((m = line.match(/^(allow|deny)\s+(.*)$/))) {
      let rest = m[2], when = '';
      const w = rest.indexOf(' when ');
      if (w >= 0) { when = rest.slice(w + 6); rest = rest.slice(0, w); }
      const [uses, except = ''] = rest.split(/\s+except\s+/);
      rule = { kind: m[1], uses: uses.split(',').map((s) => s.trim()), except: except ? except.split(',').map((s) => s.trim()) : [],
        when, pay: '', split: '', duties: [] };
      result.rules.push(rule);
      clause = when ? 'when' : null;
    } else if (rule && (m = line.match(/^(when|pay|split|duty)\s+(.*)$/))) {
      clause = m[1];
      if (clause === 'duty') rule.duties.push(m[2]); else rule[clause] = m[2];
    } else if (rule && clause === 'when') rule.when += ` ${line}`;
  }
  return result;
}

function readCondition(when, target) {
  if (!when) return;
  if (splitTop(when, 'or').length > 1) { target.extra = when; return; }
  const extra = [];
  for (const part of splitTop(when, 'and')) {
    let m;
    if (part === 'requester.verified') target.verifiedOnly = true;
    else if ((m = part.match(/^purpose == "([a-z_]+)"$/)) && PURPOSES.includes(m[1])) target.purposes = [m[1]];
    else if ((m = part.match(/^purpose in \[(.*)\]$/)) && readPurposes(m[1], target)) { /* read */ }
    else if ((m = part.match(/^territory in (.*)$/)) && readTerritories(m[1], target)) { /* read */ }
    else if ((m = part.match(/^time >= (\d{4}-\d\d-\d\d)$/))) target.from = m[1];
    else if ((m = part.match(/^time < (\d{4}-\d\d-\d\d)$/))) target.until = m[1];
    else extra.push(part);
  }
  target.extra = extra.join(' and ');
}

function readPurposes(list, target) {
  const items = list.split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
  if (!items.every((p) => PURPOSES.includes(p))) return false;
  target.purposes = items;
  return true;
}

function readTerritories(expr, target) {
  const regions = [], codes = [];
  for (const term of expr.split('+').map((s) => s.trim())) {
    if (REGIONS.includes(term)) regions.push(term);
    else if (/^\[[A-Z, ]*\]$/.test(term)) codes.push(...term.slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean));
    else return false;
  }
  target.where = 'only';
  target.regions = regions;
  target.territories = codes.join(', ');
  return true;
}

const MONEY = /^(\d[\d_]*(?:\.\d+)?) ([A-Z]{3})$/;

function readPrice(pay, price) {
  if (!pay) return;
  let inner = pay, minimum = null;
  const max = pay.match(/^max\((.*)\)$/);
  if (max) {
    const args = splitTop(max[1].replace(/,/g, ' , '), ',').map((s) => s.trim());
    const money = args.filter((a) => MONEY.test(a));
    if (args.length === 2 && money.length >= 1) { minimum = money[0]; inner = args.find((a) => a !== minimum); }
  }
  let m;
  if ((m = inner.match(MONEY)) && !minimum) Object.assign(price, { kind: 'flat', amount: m[1], currency: m[2] });
  else if ((m = inner.match(/^(\d[\d_]*(?:\.\d+)?) ([A-Z]{3}) \* units$/))) Object.assign(price, { kind: 'unit', amount: m[1], currency: m[2] });
  else if ((m = inner.match(/^(\d+(?:\.\d+)?)% \* revenue$/))) Object.assign(price, { kind: 'percent', amount: m[1] });
  else { Object.assign(price, { kind: 'custom', raw: pay }); return; }
  if (minimum) {
    const [, amount, currency] = minimum.match(MONEY);
    if (price.kind === 'percent') price.currency = currency;
    if (price.currency !== currency) { Object.assign(price, { kind: 'custom', raw: pay }); return; }
    price.minimum = amount;
  }
}

function readSplit(split) {
  const out = {};
  for (const part of split ? split.split(',') : []) {
    const m = part.trim().match(/^([a-z_]+) (\d+(?:\.\d+)?)%$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

function depth(use) { return use.split('.').length; }

// Settings for `artist` from the sources that hold their published policies.
export function readPublished(sources, artist, leaves) {
  const settings = emptySettings(artist, leaves);
  const source = sources.find((s) => new RegExp(`by\\s+artist\\s+"${artist}"`).test(s.text));
  if (!source) return { settings, file: null };
  const policy = readPolicies(source.text, artist);
  Object.assign(settings, { policyName: policy.name, effective: policy.effective, expires: policy.expires });
  for (const { name } of leaves) {
    const target = settings.uses[name];
    const applies = (r) => r.uses.some((u) => covers(u, name)) && !r.except.some((e) => covers(e, name));
    const denies = policy.rules.filter((r) => r.kind === 'deny' && applies(r));
    if (denies.some((r) => !r.when)) { target.stance = 'out'; continue; }
    target.neverWhen = denies.map((r) => r.when);
    const allows = policy.rules.filter((r) => r.kind === 'allow' && applies(r));
    if (!allows.length) continue;
    const best = allows.reduce((a, r) => (Math.max(...r.uses.filter((u) => covers(u, name)).map(depth))
      > Math.max(...a.uses.filter((u) => covers(u, name)).map(depth)) ? r : a));
    target.stance = 'in';
    readCondition(best.when, target);
    readPrice(best.pay, target.price);
    target.split = readSplit(best.split);
    for (const d of best.duties) {
      const m = d.match(/^attribution "((?:[^"\\]|\\.)*)"$/);
      if (m && !target.attribution) {
        target.attribution = JSON.parse(`"${m[1]}"`);
        target.attributionIndex = target.keptDuties.length;
      }
      else target.keptDuties.push(d);
    }
  }
  return { settings, file: source.name };
}
