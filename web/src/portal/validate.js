// Checks of what an artist types into the portal, in the artist's words.
// Each check takes the text of a field and returns the message to show next
// to it, or '' when it is fine. The portal compiles only a form without a
// message (settingsProblems), so an artist never sees a compiler message
// about a field the form could have checked. Amounts are checked as text:
// never through a floating-point number.
import { REGIONS, SPLIT_ROLES } from './settings.js';

const LIMIT_MICROS = 2n ** 63n - 1n;  // the runtime counts money in 64-bit micro-units

// The known codes, from the compiler's vocabulary (web/build.mjs writes them into examples.json).
let knownTerritories = new Set();
let knownCurrencies = new Set();
export function setVocabulary({ territories = [], currencies = [] } = {}) {
  knownTerritories = new Set(territories);
  knownCurrencies = new Set(currencies);
}

// Scaled integer of a plain decimal text ("12.5", scale 4 -> 125000n), or null.
function scaled(text, scale) {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m || (m[2] || '').length > scale) return null;
  return BigInt(m[1] + (m[2] || '').padEnd(scale, '0'));
}

// What is wrong with the shape of a number typed as text; '' when it is a plain decimal such as
// 0.02. `kind`: 'money' (its currency is chosen beside it) or 'percent'.
function numberShape(text, kind) {
  const money = kind === 'money';
  if (/^[-−]/.test(text)) return money ? 'A price cannot be negative.' : 'A percentage cannot be negative.';
  if (/[$€£¥₵₦]|[A-Za-z]/.test(text))
    return money ? 'Write only the number: the currency is chosen in the list beside it.' : 'Write the percentage as a number, such as 5 or 2.5.';
  if (/%/.test(text)) {
    if (money) return 'This is an amount of money, not a percentage: write a number such as 0.02.';
    if (/^\d+(\.\d+)?\s*%$/.test(text)) return `Write just the number, without the % sign: ${text.replace(/\s*%$/, '')}.`;
  }
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text))
    return `Write the number without commas: ${text.replace(/,/g, '')} (use a point for decimals).`;
  if (/^\d+,\d+$/.test(text)) return `Use a point for decimals: ${text.replace(',', '.')}, not ${text}.`;
  if (!/^\d+(\.\d+)?$/.test(text))
    return money ? 'Write the amount as a number, such as 0.02 or 1500.00.' : 'Write the percentage as a number, such as 5 or 2.5.';
  return '';
}

// A price or a minimum in money: "0.02", "1500.00". `required` texts must not be blank.
export function moneyProblem(text, { required = false, what = 'an amount' } = {}) {
  const t = String(text ?? '').trim();
  if (!t) return required ? `Enter ${what}, such as 0.02 or 1500.00.` : '';
  const shape = numberShape(t, 'money');
  if (shape) return shape;
  const micros = scaled(t, 6);
  if (micros === null) return 'Amounts have at most six decimals, such as 0.000125.';
  if (micros > LIMIT_MICROS) return 'That amount is too large.';
  return '';
}

// A percentage from 0 to 100: "5", "2.5" (at most four decimals, as the language counts them).
export function percentProblem(text, { required = false, what = 'a percentage' } = {}) {
  const t = String(text ?? '').trim();
  if (!t) return required ? `Enter ${what}, such as 5 or 2.5.` : '';
  const shape = numberShape(t, 'percent');
  if (shape) return shape;
  const ppm = scaled(t, 4);
  if (ppm === null) return 'A percentage has at most four decimals, such as 2.5 or 12.3456.';
  if (ppm > 1000000n) return 'A percentage cannot be more than 100.';
  return '';
}

// The shares of a split: {fields: {role: message}, total: message}. All blank is fine (everything to the artist).
export function splitProblems(split) {
  const fields = {};
  let total = 0n;
  let given = 0;
  for (const role of SPLIT_ROLES) {
    const t = String(split[role] ?? '').trim();
    if (!t) continue;
    given += 1;
    const problem = percentProblem(t);
    if (problem) fields[role] = problem;
    else total += scaled(t, 4);
  }
  let totalProblem = '';
  if (given && !Object.keys(fields).length && total !== 1000000n) {
    const whole = total / 10000n;
    const fraction = (total % 10000n).toString().padStart(4, '0').replace(/0+$/, '');
    totalProblem = `The shares add up to ${whole}${fraction ? `.${fraction}` : ''}%; they must add up to exactly 100% (or leave them all blank: everything goes to you).`;
  }
  return { fields, total: totalProblem };
}

// The countries box: two-letter ISO codes, separated by commas or spaces.
export function territoriesProblem(text) {
  const codes = String(text ?? '').split(/[\s,;]+/).map((c) => c.trim()).filter(Boolean);
  for (const raw of codes) {
    const code = raw.toUpperCase();
    if (REGIONS.includes(code)) return `${code} is a region: tick it above instead of typing it here.`;
    if (!/^[A-Z]{2}$/.test(code)) return `“${raw}” is not a country code: use two-letter ISO codes such as US, GB or SE, separated by commas.`;
    if (knownTerritories.size && !knownTerritories.has(code)) return `“${raw}” is not a country code we know: use two-letter ISO codes such as US, GB or SE.`;
  }
  return '';
}

// "Only in" with nothing ticked or typed: an error, never "anywhere" (docs/web.md).
export function whereProblem(u) {
  if (u.where !== 'only') return '';
  const codes = String(u.territories ?? '').split(/[\s,;]+/).filter(Boolean);
  if (codes.length || u.regions.length) return '';
  return 'Choose at least one region or country, or choose Anywhere. (To allow this use nowhere, opt out of it instead.)';
}

const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;

// A date field's value: "" (none), "YYYY-MM-DD", or anything else (what the browser could not read).
export function dateProblem(value) {
  if (!value) return '';
  return DATE.test(value) ? '' : 'Enter a whole date (day, month and year), or clear the field.';
}

// Two dates of a window: `end` must come after `start` (the window is half-open).
export function dateOrderProblem(start, end, { startName, endName }) {
  if (!DATE.test(start || '') || !DATE.test(end || '')) return '';
  return end > start ? '' : `“${endName}” must be after “${startName}”: the terms run from the first day up to, but not including, the second.`;
}

// A credit line: any text, with {work.title} filled in; {{ and }} are braces themselves.
export function creditProblem(text) {
  const t = String(text ?? '');
  const rest = t.replace(/\{\{|\}\}/g, '').replace(/\{work\.title\}/g, '');
  if (/[{}]/.test(rest))
    return 'Curly braces fill in a detail of the request: only {work.title} (the title of the work) can be used. For a brace itself, write {{ or }}.';
  if (new TextEncoder().encode(t).length > 4096) return 'A credit line can be at most 4,096 bytes long.';
  return '';
}

// Every problem of an opt-in: [{field, message}]; `field` names the input (as in stance-editor.js).
export function useProblems(use, u) {
  if (u.stance !== 'in') return [];
  const out = [];
  const add = (field, message) => { if (message) out.push({ field: `${use}-${field}`, message }); };
  add('where', whereProblem(u));
  add('territories', territoriesProblem(u.territories));
  add('from', dateProblem(u.from));
  add('until', dateProblem(u.until) || dateOrderProblem(u.from, u.until, { startName: 'From', endName: 'Until' }));
  const p = u.price;
  if (p.kind === 'flat') add('price-amount', moneyProblem(p.amount, { required: true, what: 'the fee' }));
  if (p.kind === 'unit') add('price-amount', moneyProblem(p.amount, { required: true, what: 'the price per unit' }));
  if (p.kind === 'percent') add('price-amount', percentProblem(p.amount, { required: true, what: 'the percentage of revenue' }));
  if (p.kind === 'unit' || p.kind === 'percent') add('price-minimum', moneyProblem(p.minimum));
  if (p.kind === 'custom' && !p.raw.trim()) add('price-raw', 'Enter a price in Refrain, such as 250.00 USD, or choose another kind of price.');
  const split = splitProblems(u.split);
  for (const role of SPLIT_ROLES) add(`split-${role}`, split.fields[role]);
  add('split', split.total);
  add('attribution', creditProblem(u.attribution));
  return out;
}

// Every problem of the whole form: [{use, field, message}] (`use` is 'policy' for the policy's dates).
export function settingsProblems(settings) {
  const out = [];
  const dates = [['effective', dateProblem(settings.effective)],
    ['expires', dateProblem(settings.expires) || dateOrderProblem(settings.effective, settings.expires,
      { startName: 'Your terms take effect on', endName: 'Your terms end on' })]];
  for (const [field, message] of dates) if (message) out.push({ use: 'policy', field, message });
  for (const [use, u] of Object.entries(settings.uses)) for (const p of useProblems(use, u)) out.push({ use, ...p });
  return out;
}

// The "try your own request" form.
export function requesterProblem(text) {
  const t = String(text ?? '').trim();
  if (!t) return 'Say who is asking, such as acme-ai.';
  return /["\\\u0000-\u001f]/.test(t) ? 'Use letters, digits and dashes, such as acme-ai.' : '';
}

export function territoryProblem(text) {
  const t = String(text ?? '').trim();
  if (!t) return '';
  if (!/^[A-Za-z]{2}$/.test(t)) return 'A two-letter country code, such as US, GB or SE (or leave it blank: not stated).';
  if (knownTerritories.size && !knownTerritories.has(t.toUpperCase())) return `“${t}” is not a country code we know: use a two-letter ISO code such as US, GB or SE.`;
  return '';
}

export function unitsProblem(text) {
  const t = String(text ?? '').trim();
  if (!t) return '';
  if (/^\d{1,3}([,. ']\d{3})+$/.test(t)) return `Write the number without commas, points or spaces: ${t.replace(/[,. ']/g, '')}.`;
  if (/^[-−]\s*\d/.test(t)) return 'Units cannot be negative.';
  if (/^\d+[.,]\d+$/.test(t)) return 'Units are whole numbers, such as 40000.';
  if (!/^\d+$/.test(t)) return 'Units are a whole number, such as 40000 (or leave it blank: not stated).';
  if (!Number.isSafeInteger(Number(t))) return 'That number is too large.';
  return '';
}

export function revenueProblem(text) {
  const t = String(text ?? '').trim();
  if (!t) return '';
  const m = /^(\S+)\s+([A-Za-z]{3})$/.exec(t);
  if (!m) return 'Write the revenue as an amount and a currency code, such as 20000.00 USD (or leave it blank: not stated).';
  const currency = m[2].toUpperCase();
  if (knownCurrencies.size && !knownCurrencies.has(currency)) return `“${currency}” is not a currency code we know, such as USD, EUR or GBP.`;
  const amount = moneyProblem(m[1]);
  return amount ? amount.replace('A price cannot', 'Revenue cannot').replace(': the currency is chosen in the list beside it', ', then the currency code') : '';
}

export function timeProblem(text) {
  const t = String(text ?? '').trim();
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))?$/.exec(t);
  if (!m) return 'Say when, such as 2026-05-01 or 2026-05-01T12:00:00Z.';
  const [y, mo, d, hh = '0', mm = '0', ss = '0'] = m.slice(1).map((x) => (x === undefined ? undefined : x));
  const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > days || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59)
    return 'That date or time does not exist.';
  return '';
}

// The "Publish my choices" card: the site's address (the RSL file is published at SITE/rsl.xml)
// and the part of the site the signals cover.
export function siteProblem(text) {
  const t = String(text ?? '').trim();
  if (!t) return '';
  let url = null;
  try {
    url = new URL(t);
  } catch { /* not an address */ }
  if (!url || !/^https?:$/.test(url.protocol) || !url.hostname || !/^https?:\/\//i.test(t) || /[\s\u0000-\u001f\u007f]/.test(t))
    return 'Write your site’s whole address, starting with https://, such as https://luna-ray.example.';
  if (url.search || url.hash || /[?#]/.test(t)) return 'Just the site’s address, without ? or #: such as https://luna-ray.example.';
  return '';
}

export function pathProblem(text) {
  const t = String(text ?? '').trim();
  if (!t) return 'Say which part of your site these files cover: / is all of it.';
  if (!t.startsWith('/')) return `A path on your site starts with /, such as /${t.replace(/^\/*/, '')}.`;
  if (/[\s#\u0000-\u001f\u007f]/.test(t)) return 'A path has no spaces and no #, such as /music/moth-light/.';
  return '';
}
