// The rights workload of the peer benchmark, generated from a fixed seed.
//
// One description of who allows what (parties, their policies and versions,
// rules with conditions) is made here; emit.mjs writes it in each engine's
// own form. Nothing in this file knows about any engine.
//
//   generateWorkload({ seed, artists, labels, works, requests }) -> workload

// mulberry32: a small seeded PRNG, so every run builds the same workload.
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The built-in use tree (docs/language.md §4).
export const USES = [
  'ai',
  'ai.train', 'ai.train.generative', 'ai.train.analytic',
  'ai.generate', 'ai.generate.voice', 'ai.generate.style', 'ai.generate.remix',
  'ai.produce', 'ai.produce.stems', 'ai.produce.master',
  'ai.engage', 'ai.engage.personalize', 'ai.engage.persona',
];

// Parent of a use ('ai.train.generative' -> 'ai.train'; 'ai' -> null).
export function parentUse(use) {
  const dot = use.lastIndexOf('.');
  return dot < 0 ? null : use.slice(0, dot);
}

// A use and its ancestors, nearest first.
export function useChain(use) {
  const chain = [];
  for (let u = use; u; u = parentUse(u)) chain.push(u);
  return chain;
}

// Does a rule naming `named` cover the requested `use`?
export function covers(named, use) {
  return use === named || use.startsWith(named + '.');
}

// Refrain's built-in regions (policy/vocabulary.cc) and the ones this
// workload declares; other engines get the expanded territory lists.
export const EU = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE',
  'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];
export const EEA = [...EU, 'IS', 'LI', 'NO'].sort();
export const DECLARED_REGIONS = {
  NORDICS: ['DK', 'FI', 'IS', 'NO', 'SE'],
  ANGLOSPHERE: ['AU', 'CA', 'GB', 'IE', 'NZ', 'US'],
  LATAM: ['AR', 'BR', 'CL', 'CO', 'MX'],
};
export const REGIONS = { EU, EEA, ...DECLARED_REGIONS };

// Territories requests come from: a mix of regions' members and others.
const REQUEST_TERRITORIES = ['US', 'US', 'US', 'US', 'US', 'US', 'GB', 'GB', 'GB', 'CA', 'DE', 'DE', 'FR', 'FR', 'DE', 'FR', 'SE', 'NO', 'IS', 'ES', 'IT', 'NL',
  'PL', 'IE', 'PT', 'FI', 'DK', 'AT', 'CH', 'JP', 'KR', 'AU', 'BR', 'MX', 'IN', 'CN', 'NG', 'SG'];
const LEAF_USES_WEIGHTED = [
  ['ai.train.generative', 30], ['ai.train.analytic', 18], ['ai.produce.stems', 10], ['ai.produce.master', 6],
  ['ai.generate.remix', 10], ['ai.generate.voice', 8], ['ai.generate.style', 6], ['ai.engage.personalize', 7],
  ['ai.engage.persona', 5],
];

const DAY = 86400;
export function dateSeconds(date) { return Date.parse(`${date}T00:00:00Z`) / 1000; }
function dateOf(seconds) { return new Date(seconds * 1000).toISOString().slice(0, 10); }

// Conditions are conjunctions of atoms:
//   {k: 'purpose', values}            purpose in [...]        (== when one value)
//   {k: 'territory', regions, codes}  territory in [codes] + REGION + ...
//   {k: 'territoryNot', codes}        territory not in [...]
//   {k: 'verified', value}            requester.verified / not requester.verified
//   {k: 'kind', value}                requester.kind == "..."
//   {k: 'unitsMax', value}            units <= N
//   {k: 'unitsOver', value}           units > N
//   {k: 'requesterIs', value}         requester.id == "..."
//   {k: 'any', of: [atom, ...]}       atom or atom ...
// Every engine gets each atom's list expanded: territoryCodes(atom).
export function territoryCodes(atom) {
  const set = new Set(atom.codes || []);
  for (const r of atom.regions || []) for (const c of REGIONS[r]) set.add(c);
  return [...set].sort();
}

export function generateWorkload({ seed = 7, artists = 300, labels = 12, works = 2000, requests = 10000 } = {}) {
  const rand = mulberry32(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const chance = (p) => rand() < p;
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const subset = (list, min) => {
    const out = list.filter(() => chance(0.5));
    while (out.length < min) {
      const x = pick(list);
      if (!out.includes(x)) out.push(x);
    }
    return list.filter((x) => out.includes(x));  // keep the list's order
  };
  const monthDate = (fromYear, fromMonth, months) => {
    const m = fromMonth - 1 + int(0, months - 1);
    return `${fromYear + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
  };
  const addMonths = (date, n) => {
    const [y, m] = date.split('-').map(Number);
    const k = m - 1 + n;
    return `${y + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`;
  };
  const territoryAtom = () => {
    const regions = subset(Object.keys(REGIONS), 1).slice(0, int(1, 2));
    const codes = chance(0.6) ? subset(['US', 'CA', 'GB', 'JP', 'KR', 'AU', 'BR', 'CH'], 1).slice(0, int(1, 3)) : [];
    return { k: 'territory', regions, codes };
  };

  const parties = [];
  const artistIds = [];
  const labelIds = [];

  // Artists: some silent, some opting out of everything, most opting in to
  // some uses on conditions, with versions and expiry.
  const artistRules = (id) => {
    const rules = [];
    if (chance(0.9)) {
      const purposes = chance(0.85) ? ['commercial', ...subset(['research', 'non_commercial'], 0)] : subset(['research', 'non_commercial'], 1);
      const when = [{ k: 'purpose', values: purposes }];
      if (chance(0.25)) when.push(territoryAtom());
      if (chance(0.25)) when.push({ k: 'unitsMax', value: pick([100000, 500000, 2000000]) });
      rules.push({
        effect: 'allow', uses: ['ai.train.generative'], when,
        pay: { kind: 'percentRevenue', percent: pick(['1%', '2.5%', '5%']) },
        duties: [{ name: 'attribution', text: `Trained with music by ${id}` }],
      });
    }
    if (chance(0.6)) rules.push({ effect: 'allow', uses: ['ai.train.analytic'], when: chance(0.5) ? [{ k: 'verified', value: true }] : [] });
    if (chance(0.2)) rules.push({ effect: 'allow', uses: ['ai.train'], when: [{ k: 'purpose', values: ['research'] }, { k: 'verified', value: true }] });
    if (chance(0.7)) rules.push({ effect: 'allow', uses: ['ai.produce'], when: chance(0.4) ? [{ k: 'kind', value: 'artist' }] : [] });
    if (chance(0.35)) rules.push({ effect: 'allow', uses: ['ai.generate.remix'], when: [{ k: 'purpose', values: ['non_commercial', 'personal'] }] });
    if (chance(0.15)) rules.push({ effect: 'allow', uses: ['ai.generate.style'], when: [{ k: 'verified', value: true }, territoryAtom()] });
    if (chance(0.25)) rules.push({ effect: 'allow', uses: ['ai.engage'], when: [{ k: 'verified', value: true }] });
    if (chance(0.7)) rules.push({ effect: 'deny', uses: ['ai.generate.voice', 'ai.engage.persona'].slice(0, int(1, 2)), when: [] });
    if (chance(0.1)) rules.push({ effect: 'deny', uses: ['ai.train.generative'], when: [{ k: 'territoryNot', codes: subset(['US', 'CA', 'GB', ...EU], 3) }] });
    if (chance(0.15)) rules.push({ effect: 'deny', uses: ['ai.generate'], except: ['ai.generate.remix'], when: [] });
    if (chance(0.1)) rules.push({ effect: 'deny', uses: ['ai'], when: [{ k: 'purpose', values: ['personal'] }] });
    if (rules.length === 0) rules.push({ effect: 'deny', uses: ['ai.generate.voice'], when: [] });
    return rules;
  };
  for (let i = 1; i <= artists; i++) {
    const id = `artist-${String(i).padStart(4, '0')}`;
    artistIds.push(id);
    const party = { id, role: 'artist', policies: [] };
    const r = rand();
    if (r < 0.05) {
      // silent: no policy at all
    } else if (r < 0.15) {
      party.policies.push({
        name: `${id}-opt-out`,
        versions: [{ effective: chance(0.5) ? monthDate(2024, 6, 24) : null, rules: [{ effect: 'deny', uses: ['ai'], except: chance(0.5) ? ['ai.produce'] : [], when: [] }] }],
      });
    } else {
      const versions = [];
      const first = monthDate(2024, 7, 18);
      versions.push({ effective: first, expires: chance(0.15) ? addMonths(first, int(6, 24)) : null, rules: artistRules(id) });
      if (chance(0.3)) {
        const second = addMonths(first, int(4, 16));
        if (!versions[0].expires || versions[0].expires > second) versions.push({ effective: second, expires: chance(0.1) ? addMonths(second, 12) : null, rules: artistRules(id) });
      }
      party.policies.push({ name: `${id}-ai`, versions });
    }
    parties.push(party);
  }

  // Labels: terms with a fee split with the artists, a second version for
  // most, and for some a back-catalogue opt-out of generative training.
  const labelTerritory = () => ({ k: 'territory', regions: [pick(['EU', 'EEA'])], codes: ['US', 'CA', 'GB', ...subset(['JP', 'AU', 'KR', 'BR'], 0)] });
  const labelRules = (id, version) => {
    const rules = [];
    rules.push({
      effect: 'allow', uses: ['ai.train.generative'],
      when: [{ k: 'verified', value: true }, { k: 'purpose', values: version === 1 ? subset(['commercial', 'research'], 1) : ['commercial', 'research'] }, labelTerritory()],
      pay: { kind: 'maxMinimumPerUnit', minimum: pick(['1000.00', '1500.00', '2500.00']), perUnit: pick(['0.0025', '0.0030', '0.0040']) },
      split: [['label', '50%'], ['artist', '50%']],
      duties: [{ name: 'attribution', text: `Includes recordings licensed from ${id}` }],
    });
    rules.push({ effect: 'allow', uses: ['ai.train.analytic'], when: [{ k: 'verified', value: true }], pay: { kind: 'perUnit', perUnit: '0.0005' }, split: [['label', '50%'], ['artist', '50%']] });
    rules.push({ effect: 'allow', uses: ['ai.produce'], when: version === 1 ? [{ k: 'any', of: [{ k: 'kind', value: 'artist' }, { k: 'requesterIs', value: id }] }] : [] });
    if (chance(0.6)) rules.push({ effect: 'allow', uses: ['ai.generate.remix'], when: [{ k: 'purpose', values: ['non_commercial'] }] });
    if (chance(0.5)) rules.push({ effect: 'allow', uses: ['ai.engage.personalize'], when: [{ k: 'verified', value: true }] });
    if (chance(0.4)) rules.push({ effect: 'allow', uses: ['ai.generate.style'], when: [{ k: 'verified', value: true }, { k: 'purpose', values: ['commercial'] }] });
    rules.push({ effect: 'deny', uses: ['ai.generate.voice', 'ai.engage.persona'], when: [] });
    if (version === 2 && chance(0.5)) rules.push({ effect: 'deny', uses: ['ai.train.generative'], when: [{ k: 'unitsOver', value: 1000000 }, { k: 'verified', value: false }] });
    return rules;
  };
  for (let i = 1; i <= labels; i++) {
    const id = `label-${String(i).padStart(2, '0')}`;
    labelIds.push(id);
    const party = { id, role: 'label', policies: [] };
    const v1 = monthDate(2024, 9, 9);
    const versions = [{ effective: v1, rules: labelRules(id, 1) }];
    if (chance(0.7)) versions.push({ effective: monthDate(2026, 1, 12), rules: labelRules(id, 2) });
    party.policies.push({ name: `${id}-ai`, versions });
    if (chance(0.5)) {
      party.policies.push({
        name: `${id}-back-catalogue`,
        versions: [{ effective: null, on: { releasedBefore: `${int(1988, 2000)}-01-01` }, rules: [{ effect: 'deny', uses: ['ai.train.generative'], when: [] }] }],
      });
    }
    parties.push(party);
  }

  // The platform: its deny blocks like anyone's; its allows only add its fee
  // and duty (they never count as a rights holder's consent).
  const platform = {
    id: 'streamco', role: 'platform',
    policies: [{
      name: 'streamco-baseline',
      versions: [{
        effective: '2024-01-01',
        rules: [
          { effect: 'allow', uses: ['ai.train'], when: [{ k: 'verified', value: true }], pay: { kind: 'perUnit', perUnit: '0.0002' }, duties: [{ name: 'report', text: 'Report every training run that used {work.id}' }] },
          { effect: 'deny', uses: ['ai.generate.voice'], when: [{ k: 'verified', value: false }] },
          { effect: 'deny', uses: ['ai'], when: [{ k: 'territory', regions: [], codes: ['CN'] }] },
        ],
      }],
    }],
  };
  parties.push(platform);

  // Works: one artist and one label each; some feature a second artist.
  const catalog = [];
  for (let i = 1; i <= works; i++) {
    const artist = pick(artistIds);
    const holders = [{ party: artist, role: 'artist' }];
    if (chance(0.1)) {
      const featured = pick(artistIds);
      if (featured !== artist) holders.push({ party: featured, role: 'artist' });
    }
    holders.push({ party: pick(labelIds), role: 'label' });
    const release = dateOf(dateSeconds('1985-01-01') + int(0, 40 * 365) * DAY);
    catalog.push({ id: `QZRF${String(i).padStart(7, '0')}`, title: `Track ${i}`, release_date: release, rightsholders: holders });
  }

  // Requesters: companies, research labs, artists, the labels themselves.
  const requesters = [];
  for (let i = 1; i <= 30; i++) requesters.push({ id: `company-${i}`, kind: 'company', verified: chance(0.85) });
  for (let i = 1; i <= 8; i++) requesters.push({ id: `lab-${i}`, kind: 'research', verified: chance(0.9) });
  for (let i = 0; i < 10; i++) requesters.push({ id: pick(artistIds), kind: 'artist', verified: chance(0.7) });
  for (const id of labelIds.slice(0, 4)) requesters.push({ id, kind: 'label', verified: true });
  for (let i = 1; i <= 5; i++) requesters.push({ id: `fan-${i}`, kind: 'fan', verified: false });

  const useTotal = LEAF_USES_WEIGHTED.reduce((s, [, w]) => s + w, 0);
  const pickUse = () => {
    let x = rand() * useTotal;
    for (const [u, w] of LEAF_USES_WEIGHTED) if ((x -= w) < 0) return u;
    return LEAF_USES_WEIGHTED[0][0];
  };
  // Purposes follow the use: training is mostly commercial or research, remixes mostly not commercial.
  const pickPurpose = (use) => {
    const x = rand();
    if (use.startsWith('ai.train')) return x < 0.55 ? 'commercial' : x < 0.9 ? 'research' : x < 0.97 ? 'non_commercial' : 'personal';
    if (use === 'ai.generate.remix') return x < 0.25 ? 'commercial' : x < 0.75 ? 'non_commercial' : 'personal';
    return x < 0.6 ? 'commercial' : x < 0.75 ? 'research' : x < 0.92 ? 'non_commercial' : 'personal';
  };
  const from = dateSeconds('2025-01-01');
  const to = dateSeconds('2027-12-31');
  const requestList = [];
  for (let i = 0; i < requests; i++) {
    const requester = pick(requesters);
    const work = pick(catalog);
    const time = new Date((from + Math.floor(rand() * (to - from))) * 1000).toISOString().replace('.000Z', 'Z');
    const units = pick([500, 5000, 50000, 120000, 800000, 3000000]);
    const revenue = `${pick([0, 1200, 50000, 250000, 1000000])}.00 USD`;
    const use = pickUse();
    requestList.push({
      use,
      requester: { id: requester.id, kind: requester.kind, verified: requester.verified },
      work: { id: work.id },
      context: { time, territory: pick(REQUEST_TERRITORIES), purpose: pickPurpose(use), units, revenue },
    });
  }

  return { seed, parties, catalog, requests: requestList };
}

// The windows in which each version of a policy is in force: [lo, hi) in
// UTC seconds (null for unbounded). A newer version replaces an older one
// entirely; an expired version leaves the policy silent (an older one never
// comes back).
export function versionWindows(policy) {
  const sorted = [...policy.versions].sort((a, b) => (a.effective ? dateSeconds(a.effective) : -Infinity) - (b.effective ? dateSeconds(b.effective) : -Infinity));
  return sorted.map((v, i) => {
    const lo = v.effective ? dateSeconds(v.effective) : null;
    const next = i + 1 < sorted.length ? dateSeconds(sorted[i + 1].effective) : null;
    const expires = v.expires ? dateSeconds(v.expires) : null;
    let hi = next;
    if (expires !== null && (hi === null || expires < hi)) hi = expires;
    return { version: v, lo, hi };
  });
}
