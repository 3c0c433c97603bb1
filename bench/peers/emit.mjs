// Writes one workload (workload.mjs) in each engine's own form. The same
// rules, the same combining:
//
//   - a party's deny wins over its allows; a party with no allow that holds
//     is silent;
//   - every rights holder of the work must allow (silence is never consent);
//   - the platform's deny blocks like anyone's; its allows never consent;
//   - a policy version is in force in [effective, next version's effective)
//     and before its own expiry; `on` narrows the works it speaks for.
//
// Each emitter turns a rule's condition atoms into its language; the
// windows of versions become conditions on the request's time in engines
// that have no versions. README.md has the mapping in prose.
import { USES, territoryCodes, versionWindows, dateSeconds, useChain } from './workload.mjs';

const q = JSON.stringify;  // a JSON string literal is a valid string literal in every target language

// ---------------------------------------------------------------- Refrain

function refrainAtom(a) {
  switch (a.k) {
    case 'purpose': return a.values.length === 1 ? `purpose == ${q(a.values[0])}` : `purpose in [${a.values.map(q).join(', ')}]`;
    case 'territory': {
      const parts = [];
      if (a.codes.length) parts.push(`[${a.codes.join(', ')}]`);
      parts.push(...a.regions);
      return `territory in ${parts.join(' + ')}`;
    }
    case 'territoryNot': return `territory not in [${a.codes.join(', ')}]`;
    case 'verified': return a.value ? 'requester.verified' : 'not requester.verified';
    case 'kind': return `requester.kind == ${q(a.value)}`;
    case 'requesterIs': return `requester.id == ${q(a.value)}`;
    case 'unitsMax': return `units <= ${a.value}`;
    case 'unitsOver': return `units > ${a.value}`;
    case 'any': return `(${a.of.map(refrainAtom).join(' or ')})`;
    default: throw new Error(`unknown atom ${a.k}`);
  }
}

function refrainPay(pay) {
  switch (pay.kind) {
    case 'percentRevenue': return `${pay.percent} * revenue`;
    case 'maxMinimumPerUnit': return `max(${pay.minimum} USD, ${pay.perUnit} USD * units)`;
    case 'perUnit': return `${pay.perUnit} USD * units`;
    default: throw new Error(`unknown pay ${pay.kind}`);
  }
}

function refrainRule(rule) {
  let line = `  ${rule.effect} ${rule.uses.join(', ')}`;
  if (rule.except && rule.except.length) line += ` except ${rule.except.join(', ')}`;
  const lines = [line];
  if (rule.when.length) lines.push(`    when ${rule.when.map(refrainAtom).join(' and ')}`);
  if (rule.pay) lines.push(`    pay ${refrainPay(rule.pay)}`);
  if (rule.split) lines.push(`    split ${rule.split.map(([role, pct]) => `${role} ${pct}`).join(', ')}`);
  for (const d of rule.duties || []) lines.push(`    duty ${d.name} ${q(d.text)}`);
  return lines.join('\n');
}

// Returns {fileName: source}: one file per party, plus the regions.
export function emitRefrain(workload, declaredRegions) {
  const files = {};
  files['regions.refrain'] = Object.entries(declaredRegions).map(([n, codes]) => `region ${n} = [${codes.join(', ')}]\n`).join('');
  for (const party of workload.parties) {
    if (!party.policies.length) continue;
    const blocks = [];
    for (const policy of party.policies)
      for (const v of policy.versions) {
        const head = [];
        if (v.effective) head.push(`  effective ${v.effective}`);
        if (v.expires) head.push(`  expires ${v.expires}`);
        if (v.on) head.push(`  on work.release_date < ${v.on.releasedBefore}`);
        blocks.push(`policy ${q(policy.name)} by ${party.role} ${q(party.id)} {\n${head.length ? head.join('\n') + '\n\n' : ''}${v.rules.map(refrainRule).join('\n')}\n}\n`);
      }
    files[`${party.id}.refrain`] = blocks.join('\n');
  }
  return files;
}

export function emitCatalog(workload) {
  return workload.catalog.map((w) => JSON.stringify(w)).join('\n') + '\n';
}

// ---------------------------------------------------------------- shared by the condition languages

// A condition language: how to write an atom, a window, `on`, a use test.
// `kind` of the atom list is AND; an `any` atom is OR.
function condition(lang, atoms) {
  return atoms.map((a) => (a.k === 'any' ? `(${a.of.map((b) => lang.atom(b)).join(' || ')})` : lang.atom(a)));
}

// The parts of one rule's condition, given the version's window and scope.
function ruleParts(lang, rule, window) {
  const parts = [];
  if (window.lo !== null) parts.push(lang.timeAtLeast(window.lo));
  if (window.hi !== null) parts.push(lang.timeBefore(window.hi));
  if (window.version.on) parts.push(lang.releasedBefore(dateSeconds(window.version.on.releasedBefore)));
  parts.push(...condition(lang, rule.when));
  return parts;
}

// For each party: [{effect, uses, except, parts}] over all its versions.
function flatRules(lang, party) {
  const out = [];
  for (const policy of party.policies)
    for (const w of versionWindows(policy))
      for (const rule of w.version.rules)
        out.push({ effect: rule.effect, uses: rule.uses, except: rule.except || [], parts: ruleParts(lang, rule, w) });
  return out;
}

// ---------------------------------------------------------------- Cedar

const cedarLang = {
  atom(a) {
    switch (a.k) {
      case 'purpose': return a.values.length === 1 ? `context.purpose == ${q(a.values[0])}` : `[${a.values.map(q).join(', ')}].contains(context.purpose)`;
      case 'territory': return `[${territoryCodes(a).map(q).join(', ')}].contains(context.territory)`;
      case 'territoryNot': return `!([${a.codes.map(q).join(', ')}].contains(context.territory))`;
      case 'verified': return a.value ? 'principal.verified' : '!principal.verified';
      case 'kind': return `principal.kind == ${q(a.value)}`;
      case 'requesterIs': return `principal == Requester::${q(a.value)}`;
      case 'unitsMax': return `context.units <= ${a.value}`;
      case 'unitsOver': return `context.units > ${a.value}`;
      default: throw new Error(`unknown atom ${a.k}`);
    }
  },
  timeAtLeast: (s) => `context.time >= ${s}`,
  timeBefore: (s) => `context.time < ${s}`,
  releasedBefore: (s) => `resource.released < ${s}`,
};

const cedarType = { artist: 'Artist', label: 'Label' };
const cedarActions = (uses) => (uses.length === 1 ? `action in Action::${q(uses[0])}` : `action in [${uses.map((u) => `Action::${q(u)}`).join(', ')}]`);

// One permit for everything; forbids carry every party's terms:
//   - each deny rule is a forbid on the works the party holds;
//   - each holder's consent is one forbid "unless one of its allows holds",
//     unconditional for a party with no allow (silence is never consent);
//   - the platform's denies are forbids on every work.
export function emitCedar(workload) {
  const out = ['@id("everything-unless-forbidden")\npermit (principal, action, resource);'];
  for (const party of workload.parties) {
    const rules = flatRules(cedarLang, party);
    const scope = party.role === 'platform' ? 'resource' : `resource in ${cedarType[party.role]}::${q(party.id)}`;
    rules.forEach((r, i) => {
      if (r.effect !== 'deny') return;
      let text = `@id(${q(`${party.id}/deny-${i}`)})\nforbid (principal, ${cedarActions(r.uses)}, ${scope})`;
      if (r.parts.length) text += `\nwhen { ${r.parts.join(' && ')} }`;
      if (r.except.length) text += `\nunless { ${r.except.map((u) => `action in Action::${q(u)}`).join(' || ')} }`;
      out.push(text + ';');
    });
    if (party.role === 'platform') continue;
    const allows = rules.filter((r) => r.effect === 'allow')
      .map((r) => `(${[cedarActions(r.uses), ...r.parts].join(' && ')})`);
    let consent = `@id(${q(`${party.id}/consent`)})\nforbid (principal, action, ${scope})`;
    if (allows.length) consent += `\nunless {\n  ${allows.join(' ||\n  ')}\n}`;
    out.push(consent + ';');
  }
  return out.join('\n\n') + '\n';
}

// One policy set per party, as a store per rights holder: a permit per
// allow rule and a forbid per deny rule, so Cedar's answer for the set is the
// party's verdict (allow, or not: deny and silence both deny). The platform's
// set permits everything its denies do not forbid. The host asks the
// platform's set and each holder's set, and allows only if all allow.
export function emitCedarSets(workload) {
  const sets = {};
  for (const party of workload.parties) {
    const out = [];
    const scope = party.role === 'platform' ? 'resource' : `resource in ${cedarType[party.role]}::${q(party.id)}`;
    if (party.role === 'platform') out.push('@id("platform-allows-unless-it-denies")\npermit (principal, action, resource);');
    flatRules(cedarLang, party).forEach((r, i) => {
      if (party.role === 'platform' && r.effect === 'allow') return;
      let text = `@id(${q(`${party.id}/${r.effect}-${i}`)})\n${r.effect === 'allow' ? 'permit' : 'forbid'} (principal, ${cedarActions(r.uses)}, ${scope})`;
      if (r.parts.length) text += `\nwhen { ${r.parts.join(' && ')} }`;
      if (r.except.length) text += `\nunless { ${r.except.map((u) => `action in Action::${q(u)}`).join(' || ')} }`;
      out.push(text + ';');
    });
    sets[party.id] = out.join('\n\n') + '\n';
  }
  return sets;
}

// Entities that never change, by id: works (parents: their holders), the
// parties and the action tree. Requests get a slice of these.
export function emitCedarEntities(workload) {
  const works = {};
  const roleOf = new Map(workload.parties.map((p) => [p.id, p.role]));
  for (const w of workload.catalog) {
    works[w.id] = {
      uid: { type: 'Work', id: w.id },
      attrs: { released: dateSeconds(w.release_date) },
      parents: w.rightsholders.map((h) => ({ type: cedarType[roleOf.get(h.party)], id: h.party })),
    };
  }
  const parties = {};
  for (const p of workload.parties)
    if (p.role !== 'platform') parties[p.id] = { uid: { type: cedarType[p.role], id: p.id }, attrs: {}, parents: [] };
  const actions = {};
  for (const u of USES) {
    const parent = u.includes('.') ? u.slice(0, u.lastIndexOf('.')) : null;
    actions[u] = { uid: { type: 'Action', id: u }, attrs: {}, parents: parent ? [{ type: 'Action', id: parent }] : [] };
  }
  return { works, parties, actions };
}

// ---------------------------------------------------------------- CEL

const celNumber = (n) => `${n}.0`;  // request numbers arrive as JS numbers, i.e. CEL doubles
const celLang = {
  atom(a) {
    switch (a.k) {
      case 'purpose': return a.values.length === 1 ? `purpose == ${q(a.values[0])}` : `purpose in [${a.values.map(q).join(', ')}]`;
      case 'territory': return `territory in [${territoryCodes(a).map(q).join(', ')}]`;
      case 'territoryNot': return `!(territory in [${a.codes.map(q).join(', ')}])`;
      case 'verified': return a.value ? 'verified' : '!verified';
      case 'kind': return `kind == ${q(a.value)}`;
      case 'requesterIs': return `requester == ${q(a.value)}`;
      case 'unitsMax': return `units <= ${celNumber(a.value)}`;
      case 'unitsOver': return `units > ${celNumber(a.value)}`;
      default: throw new Error(`unknown atom ${a.k}`);
    }
  },
  timeAtLeast: (s) => `time >= ${celNumber(s)}`,
  timeBefore: (s) => `time < ${celNumber(s)}`,
  releasedBefore: (s) => `released < ${celNumber(s)}`,
};
const celCovers = (uses) => `(${uses.map((u) => `${q(u)} in uses`).join(' || ')})`;

// One expression per party giving its verdict: 2 deny, 1 allow, 0 silent.
// The host asks the platform and every holder of the work, and allows only
// when the platform does not deny and every holder allows.
export function emitCel(workload) {
  const programs = {};
  for (const party of workload.parties) {
    const rules = flatRules(celLang, party);
    const term = (r) => {
      const parts = [celCovers(r.uses), ...r.parts];
      if (r.except.length) parts.push(`!${celCovers(r.except)}`);
      return `(${parts.join(' && ')})`;
    };
    const denies = rules.filter((r) => r.effect === 'deny').map(term);
    const allows = party.role === 'platform' ? [] : rules.filter((r) => r.effect === 'allow').map(term);
    const allowPart = allows.length ? `(${allows.join(' || ')}) ? 1 : 0` : '0';
    programs[party.id] = denies.length ? `(${denies.join(' || ')}) ? 2 : (${allowPart})` : allowPart;
  }
  return programs;
}

// ---------------------------------------------------------------- Casbin

// The rule text goes into Casbin's eval(); request attributes are r.q.*.
// Lists use Casbin's `in` operator on an array literal. Casbin rewrites any
// " (...)" holding a comma into an array when the matcher uses ` in `, so the
// rule text never has a space before "(". Casbin's `in` binds looser than
// `&&`, hence the parentheses around each membership test.
const casbinLang = {
  atom(a) {
    switch (a.k) {
      case 'purpose': return a.values.length === 1 ? `r.q.purpose == ${q(a.values[0])}` : `(r.q.purpose in [${a.values.map(q).join(', ')}])`;
      case 'territory': return `(r.q.territory in [${territoryCodes(a).map(q).join(', ')}])`;
      case 'territoryNot': return `!(r.q.territory in [${a.codes.map(q).join(', ')}])`;
      case 'verified': return a.value ? 'r.q.verified == true' : 'r.q.verified == false';
      case 'kind': return `r.q.kind == ${q(a.value)}`;
      case 'requesterIs': return `r.q.requester == ${q(a.value)}`;
      case 'unitsMax': return `r.q.units <= ${a.value}`;
      case 'unitsOver': return `r.q.units > ${a.value}`;
      default: throw new Error(`unknown atom ${a.k}`);
    }
  },
  timeAtLeast: (s) => `r.q.time >= ${s}`,
  timeBefore: (s) => `r.q.time < ${s}`,
  releasedBefore: (s) => `r.q.released < ${s}`,
};

export const CASBIN_MODEL = `[request_definition]
r = use, q

[policy_definition]
p = use, rule, eft

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = useIn(r.use, p.use) &&eval(p.rule)
`;
// The platform's enforcer: only its denies count.
export const CASBIN_PLATFORM_MODEL = CASBIN_MODEL.replace(
  'e = some(where (p.eft == allow)) && !some(where (p.eft == deny))', 'e = !some(where (p.eft == deny))');

// Policy lines per party: [use, rule, allow|deny], one per named use.
export function emitCasbin(workload) {
  const lines = {};
  for (const party of workload.parties) {
    const rows = [];
    for (const r of flatRules(casbinLang, party)) {
      if (party.role === 'platform' && r.effect === 'allow') continue;
      const parts = [...r.parts];
      for (const u of r.except) parts.push(`!useIn(r.use, ${q(u)})`);
      const rule = (parts.length ? parts.join(' && ') : 'true').replace(/ \(/g, '(');
      for (const u of r.uses) rows.push([u, rule, r.effect]);
    }
    lines[party.id] = rows;
  }
  return lines;
}

// ---------------------------------------------------------------- hand-written JS

const handLang = {
  atom(a) {
    switch (a.k) {
      case 'purpose': return a.values.length === 1 ? `q.purpose === ${q(a.values[0])}` : `(${a.values.map((v) => `q.purpose === ${q(v)}`).join(' || ')})`;
      case 'territory': return `${this.set(territoryCodes(a))}.has(q.territory)`;
      case 'territoryNot': return `!${this.set(a.codes)}.has(q.territory)`;
      case 'verified': return a.value ? 'q.verified === true' : 'q.verified !== true';
      case 'kind': return `q.kind === ${q(a.value)}`;
      case 'requesterIs': return `q.requester === ${q(a.value)}`;
      case 'unitsMax': return `q.units <= ${a.value}`;
      case 'unitsOver': return `q.units > ${a.value}`;
      default: throw new Error(`unknown atom ${a.k}`);
    }
  },
  timeAtLeast: (s) => `q.time >= ${s}`,
  timeBefore: (s) => `q.time < ${s}`,
  releasedBefore: (s) => `q.released < ${s}`,
};
const handCovers = (uses) => uses.map((u) => `q.use === ${q(u)} || q.use.startsWith(${q(u + '.')})`).join(' || ');

// A module with one function per party (2 deny, 1 allow, 0 silent) and the
// catalog as a Map: the code a programmer would write for these terms.
export function emitHand(workload) {
  const sets = new Map();
  const lang = {
    ...handLang,
    set(codes) {
      const key = codes.join(',');
      if (!sets.has(key)) sets.set(key, `T${sets.size}`);
      return sets.get(key);
    },
  };
  lang.atom = handLang.atom.bind(lang);
  const fnName = new Map();
  const fns = [];
  workload.parties.forEach((party, i) => {
    const name = `p${i}`;
    fnName.set(party.id, name);
    const body = [];
    let hasAllow = false;
    for (const r of flatRules(lang, party)) {
      const test = [`(${handCovers(r.uses)})`, ...r.parts.map((p) => `(${p})`)];
      if (r.except.length) test.push(`!(${handCovers(r.except)})`);
      if (r.effect === 'deny') body.push(`  if (${test.join(' && ')}) return 2;`);
      else if (party.role !== 'platform') {
        hasAllow = true;
        body.push(`  if (${test.join(' && ')}) allow = true;`);
      }
    }
    fns.push(`// ${party.id}\nfunction ${name}(q) {\n${hasAllow ? '  let allow = false;\n' : ''}${body.join('\n')}\n  return ${hasAllow ? 'allow ? 1 : 0' : '0'};\n}`);
  });
  const platform = workload.parties.find((p) => p.role === 'platform');
  const works = workload.catalog.map((w) =>
    `[${q(w.id)}, { released: ${dateSeconds(w.release_date)}, holders: [${w.rightsholders.map((h) => fnName.get(h.party)).join(', ')}] }]`);
  return `// Generated by bench/peers/emit.mjs from the workload: the floor, plain JS.
${[...sets].map(([key, name]) => `const ${name} = new Set(${q(key.split(','))});`).join('\n')}

${fns.join('\n\n')}

const WORKS = new Map([
  ${works.join(',\n  ')},
]);

function attributes(request, work) {
  const c = request.context;
  return {
    use: request.use, time: Date.parse(c.time) / 1000, territory: c.territory, purpose: c.purpose, units: c.units,
    verified: request.requester.verified, kind: request.requester.kind, requester: request.requester.id, released: work.released,
  };
}

export function decide(request) {
  const work = WORKS.get(request.work.id);
  if (!work) return false;
  const q = attributes(request, work);
  if (${fnName.get(platform.id)}(q) === 2) return false;
  for (const holder of work.holders) if (holder(q) !== 1) return false;
  return true;
}

// Not timed: each speaking party's verdict, to explain a disagreement.
const NAMES = new Map([${workload.parties.map((p) => `[${fnName.get(p.id)}, ${q(p.id)}]`).join(', ')}]);
const VERDICT = ['silent', 'allow', 'deny'];
export function verdicts(request) {
  const work = WORKS.get(request.work.id);
  if (!work) return {};
  const q = attributes(request, work);
  const out = { ${q(platform.id)}: VERDICT[${fnName.get(platform.id)}(q)] };
  for (const holder of work.holders) out[NAMES.get(holder)] = VERDICT[holder(q)];
  return out;
}
`;
}

export { useChain };
