// Builds the artist portal and the playground into build-web/site/:
//  - bundles web/src/{portal,playground}/main.js with esbuild (CodeMirror comes from npm),
//  - copies the pages, the stylesheet and the WebAssembly modules,
//  - writes examples.json from examples/ (policies, catalog, requests) and the use
//    tree read from policy/vocabulary.cc, so nothing the page shows is typed twice.
//
//   node web/build.mjs [OUT_DIR]
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));
const root = resolve(web, '..');
const out = resolve(process.argv[2] || join(root, 'build-web', 'site'));

// The use tree, parents before children, as the compiler knows it.
function readUseTree() {
  const text = readFileSync(join(root, 'policy', 'vocabulary.cc'), 'utf8');
  const body = text.slice(text.indexOf('kUses = {'), text.indexOf('return kUses;'));
  const uses = [];
  for (const entry of body.matchAll(/\{("ai[^"]*")\s*,\s*("[^"]*")\s*,((?:\s*"(?:[^"\\]|\\.)*")+)\s*\}/g)) {
    const strings = [...entry[3].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`));
    uses.push({ name: JSON.parse(entry[1]), parent: JSON.parse(entry[2]), description: strings.join('') });
  }
  if (uses.length < 10) throw new Error('build: could not read the use tree from policy/vocabulary.cc');
  return uses;
}

// The codes of the table after `comment` in vocabulary.cc: a built-in region's territories,
// every territory code, every currency code (the portal checks what an artist types against them).
function readCodes(comment, pattern) {
  const text = readFileSync(join(root, 'policy', 'vocabulary.cc'), 'utf8');
  const start = text.indexOf(comment);
  if (start < 0) throw new Error(`build: no table "${comment}" in policy/vocabulary.cc`);
  const block = text.slice(text.indexOf('{', start), text.indexOf('};', start));
  const codes = [...block.matchAll(pattern)].map((m) => m[1]);
  if (!codes.length) throw new Error(`build: the table "${comment}" in policy/vocabulary.cc has no codes`);
  return codes;
}

function readRegion(comment) {
  return readCodes(comment, /"([A-Z]{2})"/g);
}

function readExamples() {
  const dir = join(root, 'examples');
  const policies = readdirSync(join(dir, 'policies')).filter((f) => f.endsWith('.refrain')).sort()
    .map((name) => ({ name, text: readFileSync(join(dir, 'policies', name), 'utf8') }));
  const requests = readdirSync(join(dir, 'requests')).filter((f) => f.endsWith('.json')).sort()
    .map((name) => ({ name, request: JSON.parse(readFileSync(join(dir, 'requests', name), 'utf8')) }));
  const catalog = readFileSync(join(dir, 'catalog', 'works.jsonl'), 'utf8');
  return {
    policies, requests, catalog,
    uses: readUseTree(),
    regions: { EU: readRegion('// The 27 EU member states'), EEA: readRegion('// The EEA') },
    territories: readCodes('// ISO 3166-1 alpha-2', /"([A-Z]{2})"/g),
    currencies: readCodes('// ISO 4217 List One', /"([A-Z]{3})"/g),
  };
}

function copyWasm() {
  const candidates = [join(root, 'build-wasm'), join(root, 'wasm', 'js', 'dist')];
  const from = candidates.find((d) => existsSync(join(d, 'refrain-compiler.wasm')) && existsSync(join(d, 'refrain-runtime.wasm')));
  if (!from) throw new Error('build: no WebAssembly modules; run wasm/build.sh first');
  mkdirSync(join(out, 'wasm'), { recursive: true });
  for (const f of ['refrain-runtime.wasm', 'refrain-compiler.wasm']) copyFileSync(join(from, f), join(out, 'wasm', f));
}

mkdirSync(out, { recursive: true });
await build({
  entryPoints: { portal: join(web, 'src', 'portal', 'main.js'), playground: join(web, 'src', 'playground', 'main.js') },
  bundle: true, format: 'esm', target: 'es2022', minify: true, sourcemap: true,
  outdir: out, logLevel: 'warning',
  external: ['node:*'],  // refrain.mjs reads files with node:fs only when it runs in Node
});
for (const f of readdirSync(join(web, 'pages'))) copyFileSync(join(web, 'pages', f), join(out, f));
copyWasm();
writeFileSync(join(out, 'examples.json'), JSON.stringify(readExamples()));
console.log(`built ${out}`);
