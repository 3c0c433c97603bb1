// The form where an artist sets, for each AI use, a stance and, when opted
// in, the conditions, the price with its split, and the credit line. Every
// field is checked as it is typed (validate.js): the message stands next to
// the field, which gets aria-invalid and aria-describedby.
import { fill, h, uid } from '../shared/dom.js';
import { formatDate } from '../shared/dates.js';
import { formatMoney } from '../shared/money.js';
import { plainUse } from '../shared/uses.js';
import { CURRENCIES, PURPOSES, REGIONS, SPLIT_ROLES } from './settings.js';
import { settingsProblems } from './validate.js';

const STANCES = [
  ['in', 'Opted in'],
  ['out', 'Opted out'],
  ['silent', 'Silent (means no)'],
];
const PRICE_KINDS = [
  ['none', 'Free'], ['flat', 'Flat fee'], ['unit', 'Per unit'], ['percent', 'Percentage of revenue'], ['custom', 'Custom (Refrain)'],
];
const PURPOSE_NAMES = { commercial: 'Commercial', research: 'Research', non_commercial: 'Non-commercial', personal: 'Personal' };
const REGION_NAMES = { EU: 'EU', EEA: 'EEA', WORLD: 'Every country (WORLD)' };

// The fields that can show a message: key (the input's name) -> {inputs, box, details}.
class Messages {
  constructor() {
    this.fields = new Map();
  }

  // A message box for `key`, described-by for each of `inputs`.
  box(key, inputs) {
    const box = h('small', { class: 'field-error', id: uid('e'), 'data-for': key, 'aria-live': 'polite' });
    box.hidden = true;
    for (const input of inputs) {
      const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      input.setAttribute('aria-describedby', [...ids, box.id].join(' '));
    }
    this.fields.set(key, { inputs, box });
    return box;
  }

  // Shows `problems` ([{field, message}]); every other field is cleared. An input is invalid when
  // any message it is described by is shown (a share of a split: its own, or the split's total).
  show(problems) {
    const byField = new Map();
    for (const p of problems) if (!byField.has(p.field)) byField.set(p.field, p.message);
    const invalid = new Set();
    const inputs = new Set();
    for (const [key, field] of this.fields) {
      if (!field.box.isConnected) { this.fields.delete(key); continue; }
      const message = byField.get(key) || '';
      field.box.textContent = message;
      field.box.hidden = !message;
      for (const input of field.inputs) {
        inputs.add(input);
        if (message) invalid.add(input);
      }
      const details = message && field.box.closest('details');
      if (details && !details.open) details.open = true;
    }
    for (const input of inputs) {
      if (invalid.has(input)) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }
}

// A labelled field; `messages` and `key` give it a message box.
function field(labelText, input, { hint, messages, key } = {}) {
  const id = input.id || (input.id = uid('f'));
  let hintEl = null;
  if (hint) {
    hintEl = h('small', { class: 'hint', id: uid('h') }, hint);
    input.setAttribute('aria-describedby', hintEl.id);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), input, hintEl,
    messages ? messages.box(key, [input]) : null);
}

function textInput(value, onInput, attrs = {}) {
  return h('input', { type: 'text', value, oninput: (e) => onInput(e.target.value), ...attrs });
}

// A date input; the model holds "" for a blank field and "?" for a date the browser could not read.
function dateInput(value, onInput, attrs = {}) {
  return h('input', { type: 'date', value, ...attrs,
    oninput: (e) => onInput(e.target.value || (e.target.validity.badInput ? '?' : '')) });
}

function select(options, value, onChange, attrs = {}) {
  const el = h('select', { onchange: (e) => onChange(e.target.value), ...attrs },
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return el;
}

// options: [[value, text, title?]]; returns the fieldset with its inputs in `.inputs`.
function checkboxes(legend, options, chosen, onChange, name) {
  const inputs = [];
  const set = h('fieldset', { class: 'checks' }, h('legend', {}, legend),
    options.map(([value, text, title]) => {
      const id = uid('c');
      const input = h('input', { type: 'checkbox', id, name: name ? `${name}-${value}` : undefined, checked: chosen().includes(value),
        onchange: (e) => onChange(e.target.checked ? [...chosen().filter((x) => x !== value), value] : chosen().filter((x) => x !== value)) });
      inputs.push(input);
      return h('span', { class: 'check' }, input, h('label', { for: id, title }, text));
    }));
  set.inputs = inputs;
  return set;
}

// "Where": anywhere (no condition), or only in the ticked regions and typed countries.
function wherePanel(use, u, set, regionMembers, messages) {
  const only = h('div', { class: 'where-only' });
  const regions = checkboxes('Regions', REGIONS.map((r) => [r, REGION_NAMES[r], regionMembers[r]?.join(', ')]), () => u.regions,
    set('regions'), `${use}-region`);
  const countries = textInput(u.territories, set('territories'), { name: `${use}-territories`, placeholder: 'US, GB' });
  only.append(regions, field('Countries (two-letter ISO codes, separated by commas)', countries, { messages, key: `${use}-territories` }));
  only.hidden = u.where !== 'only';
  const radios = [['anywhere', 'Anywhere (no condition on where)'], ['only', 'Only in these places:']].map(([value, text]) => {
    const id = uid('w');
    const input = h('input', { type: 'radio', id, name: `${use}-where`, value, checked: u.where === value,
      onchange: () => { only.hidden = value !== 'only'; set('where')(value); } });
    return [input, h('span', { class: 'check' }, input, h('label', { for: id }, text))];
  });
  const box = messages.box(`${use}-where`, [...radios.map(([input]) => input), ...regions.inputs, countries]);
  return h('fieldset', { class: 'where' }, h('legend', {}, 'Where'), radios.map(([, el]) => el), only, box);
}

function conditionsPanel(use, u, changed, regionMembers, messages) {
  const set = (key) => (value) => { u[key] = value; changed(); };
  const p = u.price;
  const priceFields = h('div', { class: 'row' });
  const renderPrice = () => {
    priceFields.replaceChildren();
    if (p.kind === 'custom') {
      priceFields.append(field('Price expression', textInput(p.raw, (v) => { p.raw = v; changed(); }, { name: `${use}-price-raw`, class: 'code' }),
        { messages, key: `${use}-price-raw` }));
      return;
    }
    if (p.kind === 'none') return;
    const amountLabel = { flat: 'Fee', unit: 'Price per unit', percent: 'Percent of revenue' }[p.kind];
    priceFields.append(field(amountLabel, textInput(p.amount, (v) => { p.amount = v; changed(); },
      { name: `${use}-price-amount`, inputmode: 'decimal', placeholder: p.kind === 'percent' ? '5' : '0.02' }),
    { messages, key: `${use}-price-amount`, hint: p.kind === 'percent' ? 'A number from 0 to 100' : 'A number such as 0.02' }));
    priceFields.append(field('Currency', select(CURRENCIES.map((c) => [c, c]), p.currency, (v) => { p.currency = v; changed(); },
      { name: `${use}-price-currency` })));
    if (p.kind !== 'flat')
      priceFields.append(field('Minimum', textInput(p.minimum, (v) => { p.minimum = v; changed(); },
        { name: `${use}-price-minimum`, inputmode: 'decimal', placeholder: 'none' }), { messages, key: `${use}-price-minimum` }));
  };
  renderPrice();
  const shares = SPLIT_ROLES.map((role) => textInput(u.split[role] || '', (v) => { u.split[role] = v; changed(); },
    { name: `${use}-split-${role}`, inputmode: 'decimal', size: 4 }));
  const split = h('fieldset', { class: 'split' },
    h('legend', {}, 'Split of this payment (percent; blank roles get nothing, all blank: all to you)'),
    SPLIT_ROLES.map((role, i) => field(role, shares[i], { messages, key: `${use}-split-${role}` })),
    messages.box(`${use}-split`, shares));
  const kept = [...u.neverWhen.map((c) => `Never when ${c}`), ...u.keptDuties.map((d) => `Duty ${d}`)];
  return h('div', { class: 'conditions' },
    h('div', { class: 'check' }, (() => {
      const id = uid('v');
      return [h('input', { type: 'checkbox', id, name: `${use}-verified`, checked: u.verifiedOnly, onchange: (e) => set('verifiedOnly')(e.target.checked) }),
        h('label', { for: id }, 'Only verified requesters')];
    })()),
    wherePanel(use, u, set, regionMembers, messages),
    checkboxes('Purposes (none ticked: any purpose)', PURPOSES.map((x) => [x, PURPOSE_NAMES[x]]), () => u.purposes, set('purposes'), `${use}-purpose`),
    h('div', { class: 'row' },
      field('From', dateInput(u.from, set('from'), { name: `${use}-from` }), { messages, key: `${use}-from` }),
      field('Until (not including)', dateInput(u.until, set('until'), { name: `${use}-until` }), { messages, key: `${use}-until` })),
    h('div', { class: 'row' },
      field('Price', select(PRICE_KINDS, p.kind, (v) => { p.kind = v; renderPrice(); changed(); }, { name: `${use}-price-kind` })),
      priceFields),
    split,
    field('Credit line (attribution)', textInput(u.attribution, set('attribution'), { name: `${use}-attribution` }),
      { messages, key: `${use}-attribution`, hint: '{work.title} is replaced by the title of the work' }),
    h('details', { class: 'advanced', open: !!u.extra },
      h('summary', {}, 'Advanced: extra condition in Refrain'),
      field('Condition', textInput(u.extra, set('extra'), { name: `${use}-extra`, class: 'code', placeholder: 'model.open_weights == false' }),
        { messages, key: `${use}-extra` })),
    kept.length ? h('p', { class: 'kept' }, 'Also kept from your published policy: ', kept.map((k) => h('code', {}, k))) : null);
}

// One line on an opt-in's terms, from the form's own fields.
function termsSummary(u) {
  const parts = [];
  if (u.verifiedOnly) parts.push('verified requesters');
  const where = [u.territories.trim(), ...u.regions].filter(Boolean).join(' + ');
  parts.push(u.where === 'only' ? (where ? `in ${where}` : 'no place chosen yet') : 'anywhere');
  parts.push(u.purposes.length ? u.purposes.map((x) => PURPOSE_NAMES[x].toLowerCase()).join(', ') : 'any purpose');
  if (u.from && u.until) parts.push(`from ${formatDate(u.from)} until ${formatDate(u.until)}`);
  else if (u.from) parts.push(`from ${formatDate(u.from)}`);
  else if (u.until) parts.push(`until ${formatDate(u.until)}`);
  const p = u.price;
  const money = (amount) => formatMoney(amount.trim(), p.currency);
  const price = { none: 'free', flat: money(p.amount), unit: `${money(p.amount)} per unit`,
    percent: `${p.amount.trim()}% of revenue`, custom: p.raw }[p.kind];
  parts.push(p.minimum.trim() && ['unit', 'percent'].includes(p.kind) ? `${price}, at least ${money(p.minimum)}` : price);
  if (u.extra.trim()) parts.push('an extra condition');
  return parts.join(' · ');
}

function useRow(use, u, rowChanged, regionMembers, messages) {
  const panel = h('div', { class: 'conditions-holder' });
  const summary = h('span', { class: 'terms' });
  const changed = () => { summary.textContent = termsSummary(u); rowChanged(); };
  const renderPanel = () => {
    panel.replaceChildren();
    if (u.stance !== 'in') return;
    summary.textContent = termsSummary(u);
    panel.append(h('details', { class: 'conditions-box' },
      h('summary', {}, 'Conditions and price: ', summary),
      conditionsPanel(use.name, u, changed, regionMembers, messages)));
  };
  const name = `stance-${use.name}`;
  const radios = h('fieldset', { class: 'stance' }, h('legend', { class: 'visually-hidden' }, `Stance on ${plainUse(use.name)}`),
    STANCES.map(([value, text]) => {
      const id = uid('s');
      return h('span', { class: `choice choice-${value}` },
        h('input', { type: 'radio', id, name, value, checked: u.stance === value,
          onchange: () => { u.stance = value; renderPanel(); row.dataset.stance = value; rowChanged(); } }),
        h('label', { for: id }, text));
    }));
  const row = h('div', { class: 'use', 'data-use': use.name, 'data-stance': u.stance },
    h('div', { class: 'use-head' },
      h('div', {}, h('strong', {}, plainUse(use.name)), ' ', h('code', {}, use.name), h('div', { class: 'muted' }, use.description)),
      radios),
    panel);
  renderPanel();
  return row;
}

// Builds the editor for `settings` into `container`; `changed` runs after every edit, once the
// messages next to the fields are up to date. regionMembers: {EU: [codes], EEA: [codes]}, shown as
// the regions' tooltips. Returns {showCompilerProblems([{field, message}])}: messages of the
// compiler about fields the form cannot check (an extra condition, a custom price).
export function renderStanceEditor(container, settings, groups, changed, regionMembers = {}) {
  const messages = new Messages();
  let compilerProblems = [];
  const refresh = () => messages.show([...settingsProblems(settings), ...compilerProblems]);
  const edited = () => { compilerProblems = []; refresh(); changed(); };
  const set = (key) => (value) => { settings[key] = value; edited(); };
  fill(container,
    h('div', { class: 'row' },
      field('Your terms take effect on', dateInput(settings.effective, set('effective'), { name: 'effective' }),
        { hint: 'Blank: in force now. Before this date you are silent.', messages, key: 'effective' }),
      field('Your terms end on', dateInput(settings.expires, set('expires'), { name: 'expires' }),
        { hint: 'Blank: no end.', messages, key: 'expires' })),
    groups.map((g) => h('section', { class: 'group' },
      h('h3', {}, plainUse(g.name), ' ', h('code', {}, g.name)),
      g.leaves.map((leaf) => useRow(leaf, settings.uses[leaf.name], edited, regionMembers, messages)))));
  refresh();
  return {
    showCompilerProblems(problems) {
      compilerProblems = problems;
      refresh();
    },
  };
}
