// The form where an artist sets, for each AI use, a stance and, when opted
// in, the conditions, the price with its split, and the credit line.
import { fill, h, uid } from '../shared/dom.js';
import { formatDate } from '../shared/dates.js';
import { formatMoney } from '../shared/money.js';
import { plainUse } from '../shared/uses.js';
import { CURRENCIES, PURPOSES, REGIONS, SPLIT_ROLES } from './settings.js';

const STANCES = [
  ['in', 'Opted in'],
  ['out', 'Opted out'],
  ['silent', 'Silent (means no)'],
];
const PRICE_KINDS = [
  ['none', 'Free'], ['flat', 'Flat fee'], ['unit', 'Per unit'], ['percent', 'Percentage of revenue'], ['custom', 'Custom (Refrain)'],
];
const PURPOSE_NAMES = { commercial: 'Commercial', research: 'Research', non_commercial: 'Non-commercial', personal: 'Personal' };
const REGION_NAMES = { EU: 'EU', EEA: 'EEA', WORLD: 'Everywhere (WORLD)' };

function field(labelText, input, hint) {
  const id = input.id || (input.id = uid('f'));
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), input, hint ? h('small', {}, hint) : null);
}

function textInput(value, onInput, attrs = {}) {
  return h('input', { type: 'text', value, oninput: (e) => onInput(e.target.value), ...attrs });
}

function select(options, value, onChange, attrs = {}) {
  const el = h('select', { onchange: (e) => onChange(e.target.value), ...attrs },
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return el;
}

// options: [[value, text, title?]]
function checkboxes(legend, options, chosen, onChange) {
  return h('fieldset', { class: 'checks' }, h('legend', {}, legend),
    options.map(([value, text, title]) => {
      const id = uid('c');
      return h('span', { class: 'check' },
        h('input', { type: 'checkbox', id, checked: chosen.includes(value),
          onchange: (e) => onChange(e.target.checked ? [...chosen.filter((x) => x !== value), value] : chosen.filter((x) => x !== value)) }),
        h('label', { for: id, title }, text));
    }));
}

function conditionsPanel(use, u, changed, regionMembers) {
  const set = (key) => (value) => { u[key] = value; changed(); };
  const p = u.price;
  const priceFields = h('div', { class: 'row' });
  const renderPrice = () => {
    priceFields.replaceChildren();
    if (p.kind === 'custom') {
      priceFields.append(field('Price expression', textInput(p.raw, (v) => { p.raw = v; changed(); }, { name: `${use}-price-raw`, class: 'code' })));
      return;
    }
    if (p.kind === 'none') return;
    const amountLabel = { flat: 'Fee', unit: 'Price per unit', percent: 'Percent of revenue' }[p.kind];
    priceFields.append(field(amountLabel, textInput(p.amount, (v) => { p.amount = v; changed(); },
      { name: `${use}-price-amount`, inputmode: 'decimal', placeholder: p.kind === 'percent' ? '5' : '0.02' })));
    priceFields.append(field('Currency', select(CURRENCIES.map((c) => [c, c]), p.currency, (v) => { p.currency = v; changed(); },
      { name: `${use}-price-currency` })));
    if (p.kind !== 'flat')
      priceFields.append(field('Minimum', textInput(p.minimum, (v) => { p.minimum = v; changed(); },
        { name: `${use}-price-minimum`, inputmode: 'decimal', placeholder: 'none' })));
  };
  renderPrice();
  const split = h('fieldset', { class: 'split' }, h('legend', {}, 'Split of this payment (percent; blank roles get nothing, all blank: all to you)'),
    SPLIT_ROLES.map((role) => field(role, textInput(u.split[role] || '', (v) => { u.split[role] = v; changed(); },
      { name: `${use}-split-${role}`, inputmode: 'decimal', size: 4 }))));
  const kept = [...u.neverWhen.map((c) => `Never when ${c}`), ...u.keptDuties.map((d) => `Duty ${d}`)];
  return h('div', { class: 'conditions' },
    h('div', { class: 'check' }, (() => {
      const id = uid('v');
      return [h('input', { type: 'checkbox', id, name: `${use}-verified`, checked: u.verifiedOnly, onchange: (e) => set('verifiedOnly')(e.target.checked) }),
        h('label', { for: id }, 'Only verified requesters')];
    })()),
    h('div', { class: 'row' },
      checkboxes('Where (none ticked and no codes: anywhere)', REGIONS.map((r) => [r, REGION_NAMES[r], regionMembers[r]?.join(', ')]), u.regions, set('regions')),
      field('Countries (ISO codes)', textInput(u.territories, set('territories'), { name: `${use}-territories`, placeholder: 'US, GB' }))),
    checkboxes('Purposes (none ticked: any purpose)', PURPOSES.map((x) => [x, PURPOSE_NAMES[x]]), u.purposes, set('purposes')),
    h('div', { class: 'row' },
      field('From', h('input', { type: 'date', value: u.from, name: `${use}-from`, oninput: (e) => set('from')(e.target.value) })),
      field('Until (not including)', h('input', { type: 'date', value: u.until, name: `${use}-until`, oninput: (e) => set('until')(e.target.value) }))),
    h('div', { class: 'row' },
      field('Price', select(PRICE_KINDS, p.kind, (v) => { p.kind = v; renderPrice(); changed(); }, { name: `${use}-price-kind` })),
      priceFields),
    split,
    field('Credit line (attribution)', textInput(u.attribution, set('attribution'), { name: `${use}-attribution` })),
    h('details', { class: 'advanced', open: !!u.extra },
      h('summary', {}, 'Advanced: extra condition in Refrain'),
      field('Condition', textInput(u.extra, set('extra'), { name: `${use}-extra`, class: 'code', placeholder: 'model.open_weights == false' }))),
    kept.length ? h('p', { class: 'kept' }, 'Also kept from your published policy: ', kept.map((k) => h('code', {}, k))) : null);
}

// One line on an opt-in's terms, from the form's own fields.
function termsSummary(u) {
  const parts = [];
  if (u.verifiedOnly) parts.push('verified requesters');
  const where = [u.territories.trim(), ...u.regions].filter(Boolean).join(' + ');
  parts.push(where ? `in ${where}` : 'anywhere');
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

function useRow(use, u, rowChanged, regionMembers) {
  const panel = h('div', { class: 'conditions-holder' });
  const summary = h('span', { class: 'terms' });
  const changed = () => { summary.textContent = termsSummary(u); rowChanged(); };
  const renderPanel = () => {
    panel.replaceChildren();
    if (u.stance !== 'in') return;
    summary.textContent = termsSummary(u);
    panel.append(h('details', { class: 'conditions-box' },
      h('summary', {}, 'Conditions and price: ', summary),
      conditionsPanel(use.name, u, changed, regionMembers)));
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

// Builds the editor for `settings` into `container`; `changed` runs after every edit.
// regionMembers: {EU: [codes], EEA: [codes]}, shown as the regions' tooltips.
export function renderStanceEditor(container, settings, groups, changed, regionMembers = {}) {
  const set = (key) => (value) => { settings[key] = value; changed(); };
  fill(container,
    h('div', { class: 'row' },
      field('Your terms take effect on', h('input', { type: 'date', value: settings.effective, name: 'effective', oninput: (e) => set('effective')(e.target.value) }),
        'Blank: in force now. Before this date you are silent.'),
      field('Your terms end on', h('input', { type: 'date', value: settings.expires, name: 'expires', oninput: (e) => set('expires')(e.target.value) }),
        'Blank: no end.')),
    groups.map((g) => h('section', { class: 'group' },
      h('h3', {}, plainUse(g.name), ' ', h('code', {}, g.name)),
      g.leaves.map((leaf) => useRow(leaf, settings.uses[leaf.name], changed, regionMembers)))));
}
