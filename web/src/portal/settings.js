// The portal's model of an artist's choices: a stance per leaf use and, for
// an opt-in, its conditions, price, split and credit.
export const PURPOSES = ['commercial', 'research', 'non_commercial', 'personal'];
export const REGIONS = ['EU', 'EEA', 'WORLD'];
export const SPLIT_ROLES = ['artist', 'label', 'producer', 'writer', 'publisher'];
export const CURRENCIES = ['USD', 'EUR', 'GBP', 'SEK', 'JPY', 'CAD', 'GHS', 'NGN'];

export function emptyUse() {
  return {
    stance: 'silent',          // 'in' | 'out' | 'silent'
    verifiedOnly: false,
    where: 'anywhere',         // 'anywhere' (no condition) | 'only' (in `regions` and `territories`; none is an error)
    regions: [],               // built-in regions from REGIONS
    territories: '',           // ISO codes, "US, GB"
    purposes: [],              // from PURPOSES; none means any purpose
    from: '', until: '',       // dates, the window [from, until)
    extra: '',                 // a Refrain condition kept as written (advanced)
    price: { kind: 'none', amount: '', currency: 'USD', minimum: '', raw: '' },
    split: {},                 // role -> percent text; empty means all to the artist
    attribution: '',
    keptDuties: [],            // other duty clauses kept as written: 'label_ai_output "..."'
    attributionIndex: 0,       // where the credit line stands among them (duties are listed in clause order)
    neverWhen: [],             // conditions of conditional denies kept as written
  };
}

export function emptySettings(artist, leaves) {
  return {
    artist, policyName: artist, effective: '', expires: '',
    uses: Object.fromEntries(leaves.map((u) => [u.name, emptyUse()])),
  };
}
