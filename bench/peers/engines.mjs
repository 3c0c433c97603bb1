// The engines of the peer benchmark, each loaded from the generated workload
// (generate.mjs) with everything parsed and compiled up front. Each engine is
// {name, decide(request) -> true (allow) | false (deny), note}: `request` is
// the plain JS request object, the same for every engine; whatever an engine
// needs from it (entity slices, bindings, a JSON string) is made inside
// decide(), so it is timed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { useChain, covers } from './workload.mjs';

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

// Rights holders of each work, from the catalog: the peers look them up in
// the host, as a real integration would; Refrain has the catalog in its bundle.
function catalogHolders(dir) {
  const works = new Map();
  for (const line of readFileSync(join(dir, 'catalog.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const w = JSON.parse(line);
    works.set(w.id, { released: Date.parse(`${w.release_date}T00:00:00Z`) / 1000, holders: w.rightsholders.map((h) => h.party) });
  }
  return works;
}

// Request attributes as the condition languages see them (CEL, Casbin).
function attributes(request, released) {
  const c = request.context;
  return {
    time: Date.parse(c.time) / 1000, territory: c.territory, purpose: c.purpose, units: c.units,
    verified: request.requester.verified, kind: request.requester.kind, requester: request.requester.id, released,
  };
}

// The canonical decision's first key is "decision" (docs/language.md §10.5).
const ALLOW_TEXT = /^\{\s*"decision":\s*"allow"/;

export async function refrainEngines(bundlePath, refrainModule) {
  const { Refrain } = await import(pathToFileURL(refrainModule).href);
  const engine = await Refrain.load(readFileSync(bundlePath));
  return [
    {
      name: 'refrain-wasm',
      note: 'engine.decide(object): JSON.stringify in, decision object out (built from the decision record), payments and duties included',
      decide: (request) => engine.decide(request).decision === 'allow',
      full: (request) => engine.decide(request),
    },
    {
      name: 'refrain-wasm-text',
      note: 'engine.decideJson(object): the canonical decision JSON text out; allow read from its first key',
      decide: (request) => ALLOW_TEXT.test(engine.decideJson(request)),
    },
  ];
}

async function cedarModule(modulesDir) {
  return import(pathToFileURL(join(modulesDir, '@cedar-policy/cedar-wasm/nodejs/cedar_wasm.js')).href);
}

function preparse(cedar, id, text) {
  const parsed = cedar.preparsePolicySet(id, { staticPolicies: text });
  if (parsed.type !== 'success') throw new Error(`cedar: policy set ${id} does not parse: ${JSON.stringify(parsed.errors).slice(0, 2000)}`);
}

// The Cedar call for one request, with entities sliced to it: the
// requester, the work, the work's holders, the action and its ancestors.
function cedarSlicer(dir) {
  const { works, parties, actions } = readJson(join(dir, 'cedar', 'entities.json'));
  const sliceOfWork = new Map();
  for (const [id, work] of Object.entries(works))
    sliceOfWork.set(id, [work, ...work.parents.map((p) => parties[p.id])]);
  const actionChain = new Map();
  for (const use of Object.keys(actions)) actionChain.set(use, useChain(use).map((u) => actions[u]));
  return (request) => {
    const c = request.context;
    const r = request.requester;
    return {
      principal: { type: 'Requester', id: r.id },
      action: { type: 'Action', id: request.use },
      resource: { type: 'Work', id: request.work.id },
      context: { time: Date.parse(c.time) / 1000, territory: c.territory, purpose: c.purpose, units: c.units },
      preparsedPolicySetId: '',
      entities: [
        { uid: { type: 'Requester', id: r.id }, attrs: { verified: r.verified, kind: r.kind }, parents: [] },
        ...sliceOfWork.get(request.work.id),
        ...actionChain.get(request.use),
      ],
    };
  };
}

function cedarAllows(cedar, call) {
  const answer = cedar.statefulIsAuthorized(call);
  if (answer.type !== 'success') throw new Error(`cedar: ${JSON.stringify(answer.errors)}`);
  if (answer.response.diagnostics.errors.length) throw new Error(`cedar: ${JSON.stringify(answer.response.diagnostics.errors)}`);
  return answer.response.decision === 'allow';
}

// Cedar with one pre-parsed policy set per party; the host asks the
// platform's set and each holder's set (as CEL and Casbin do).
export async function cedarEngine(dir, modulesDir) {
  const cedar = await cedarModule(modulesDir);
  for (const [party, text] of Object.entries(readJson(join(dir, 'cedar', 'sets.json')))) preparse(cedar, party, text);
  const holders = catalogHolders(dir);
  const slice = cedarSlicer(dir);
  return {
    name: 'cedar-wasm',
    note: 'statefulIsAuthorized, one pre-parsed policy set per party, entities sliced to the request; the host asks the platform and each holder',
    decide(request) {
      const call = slice(request);
      call.preparsedPolicySetId = 'streamco';
      if (!cedarAllows(cedar, call)) return false;
      for (const party of holders.get(request.work.id).holders) {
        call.preparsedPolicySetId = party;
        if (!cedarAllows(cedar, call)) return false;
      }
      return true;
    },
  };
}

// Cedar with every party's terms in one pre-parsed policy set, and one call.
export async function cedarOneSetEngine(dir, modulesDir) {
  const cedar = await cedarModule(modulesDir);
  preparse(cedar, 'all-parties', readFileSync(join(dir, 'cedar', 'policies.cedar'), 'utf8'));
  const slice = cedarSlicer(dir);
  return {
    name: 'cedar-wasm-one-set',
    note: 'statefulIsAuthorized, all parties in one pre-parsed policy set (permit, forbid unless consent), one call',
    decide(request) {
      const call = slice(request);
      call.preparsedPolicySetId = 'all-parties';
      return cedarAllows(cedar, call);
    },
  };
}

export async function celEngine(dir, modulesDir) {
  const { celEnv, parse, plan } = await import(pathToFileURL(join(modulesDir, '@bufbuild/cel/dist/esm/index.js')).href);
  const env = celEnv();
  const programs = new Map();
  for (const [party, text] of Object.entries(readJson(join(dir, 'cel', 'programs.json'))))
    programs.set(party, plan(env, parse(text)));
  const works = catalogHolders(dir);
  for (const w of works.values()) w.programs = w.holders.map((p) => programs.get(p));
  const platform = programs.get('streamco');
  const chains = new Map();
  const verdict = (program, bindings) => {
    const v = program(bindings);
    if (typeof v !== 'bigint') throw new Error(`cel: ${v && v.message ? v.message : v}`);
    return v;
  };
  return {
    name: 'cel',
    note: 'one planned expression per party (2 deny, 1 allow, 0 silent); the host asks the platform and each holder',
    decide(request) {
      const work = works.get(request.work.id);
      let uses = chains.get(request.use);
      if (!uses) chains.set(request.use, (uses = useChain(request.use)));
      const bindings = attributes(request, work.released);
      bindings.uses = uses;
      if (verdict(platform, bindings) === 2n) return false;
      for (const program of work.programs) if (verdict(program, bindings) !== 1n) return false;
      return true;
    },
  };
}

export async function casbinEngine(dir, modulesDir) {
  const casbin = await import(pathToFileURL(join(modulesDir, 'casbin/lib/cjs/index.js')).href);
  const { newEnforcer, newModelFromString } = casbin.default || casbin;
  const model = readFileSync(join(dir, 'casbin', 'model.conf'), 'utf8');
  const platformModel = readFileSync(join(dir, 'casbin', 'platform-model.conf'), 'utf8');
  const enforcers = new Map();
  for (const [party, lines] of Object.entries(readJson(join(dir, 'casbin', 'policies.json')))) {
    const e = await newEnforcer(newModelFromString(party === 'streamco' ? platformModel : model));
    await e.addFunction('useIn', (use, named) => covers(named, use));
    if (lines.length) await e.addPolicies(lines);
    enforcers.set(party, e);
  }
  const works = catalogHolders(dir);
  for (const w of works.values()) w.enforcers = w.holders.map((p) => enforcers.get(p));
  const platform = enforcers.get('streamco');
  return {
    name: 'casbin',
    note: 'ABAC with eval() of rule lines; one enforcer per party, enforceSync for the platform and each holder',
    decide(request) {
      const work = works.get(request.work.id);
      const attrs = attributes(request, work.released);
      if (!platform.enforceSync(request.use, attrs)) return false;
      for (const e of work.enforcers) if (!e.enforceSync(request.use, attrs)) return false;
      return true;
    },
  };
}

export async function handEngine(dir) {
  const { decide } = await import(pathToFileURL(join(dir, 'hand', 'rules.mjs')).href);
  return { name: 'hand-js', note: 'generated plain JS: one function per party, the catalog in a Map', decide };
}
