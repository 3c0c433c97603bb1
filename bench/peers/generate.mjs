// Generates the peer benchmark's workload and writes it in every engine's form.
//
//   node bench/peers/generate.mjs OUT_DIR [--seed N] [--requests N] [--works N] [--artists N] [--labels N]
//
// OUT_DIR/
//   refrain/*.refrain    policies (one file per party, plus regions.refrain)
//   catalog.jsonl        the works and their rights holders (Refrain's catalog)
//   requests.jsonl       the requests, one JSON object a line (every engine's input)
//   cedar/sets.json      one Cedar policy set per party (what the benchmark times)
//   cedar/policies.cedar all parties in one policy set (the --cedar-one-set variant)
//   cedar/entities.json  works, parties and actions, sliced per request by the host
//   cel/programs.json    one CEL expression per party
//   casbin/model.conf, casbin/platform-model.conf, casbin/policies.json
//   hand/rules.mjs       the plain-JS floor
//   summary.json         counts
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorkload, DECLARED_REGIONS } from './workload.mjs';
import {
  emitRefrain, emitCatalog, emitCedar, emitCedarSets, emitCedarEntities, emitCel, emitCasbin, emitHand,
  CASBIN_MODEL, CASBIN_PLATFORM_MODEL,
} from './emit.mjs';

const args = process.argv.slice(2);
const out = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
if (!out) {
  console.error('usage: generate.mjs OUT_DIR [--seed N] [--requests N] [--works N] [--artists N] [--labels N]');
  process.exit(2);
}
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const workload = generateWorkload({
  seed: option('seed', 7), requests: option('requests', 10000), works: option('works', 2000),
  artists: option('artists', 300), labels: option('labels', 12),
});

rmSync(out, { recursive: true, force: true });
for (const d of ['refrain', 'cedar', 'cel', 'casbin', 'hand']) mkdirSync(join(out, d), { recursive: true });

const refrain = emitRefrain(workload, DECLARED_REGIONS);
for (const [name, text] of Object.entries(refrain)) writeFileSync(join(out, 'refrain', name), text);
writeFileSync(join(out, 'catalog.jsonl'), emitCatalog(workload));
writeFileSync(join(out, 'requests.jsonl'), workload.requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
const cedar = emitCedar(workload);
writeFileSync(join(out, 'cedar', 'policies.cedar'), cedar);
writeFileSync(join(out, 'cedar', 'sets.json'), JSON.stringify(emitCedarSets(workload), null, 1));
writeFileSync(join(out, 'cedar', 'entities.json'), JSON.stringify(emitCedarEntities(workload)));
writeFileSync(join(out, 'cel', 'programs.json'), JSON.stringify(emitCel(workload), null, 1));
writeFileSync(join(out, 'casbin', 'model.conf'), CASBIN_MODEL);
writeFileSync(join(out, 'casbin', 'platform-model.conf'), CASBIN_PLATFORM_MODEL);
const casbin = emitCasbin(workload);
writeFileSync(join(out, 'casbin', 'policies.json'), JSON.stringify(casbin, null, 1));
writeFileSync(join(out, 'hand', 'rules.mjs'), emitHand(workload));

const rules = workload.parties.reduce((n, p) => n + p.policies.reduce((m, pol) => m + pol.versions.reduce((k, v) => k + v.rules.length, 0), 0), 0);
const summary = {
  seed: workload.seed,
  parties: workload.parties.length,
  silentParties: workload.parties.filter((p) => !p.policies.length).length,
  policyVersions: workload.parties.reduce((n, p) => n + p.policies.reduce((m, pol) => m + pol.versions.length, 0), 0),
  rules,
  works: workload.catalog.length,
  requests: workload.requests.length,
  cedarPolicies: (cedar.match(/^@id\(/gm) || []).length,
  casbinLines: Object.values(casbin).reduce((n, l) => n + l.length, 0),
};
writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 1) + '\n');
console.log(`workload (seed ${summary.seed}): ${summary.parties} parties (${summary.silentParties} silent), ` +
  `${summary.policyVersions} policy versions, ${summary.rules} rules, ${summary.works} works, ${summary.requests} requests; ` +
  `${summary.cedarPolicies} Cedar policies, ${summary.casbinLines} Casbin lines -> ${out}`);
