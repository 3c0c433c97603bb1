// Builds the artist portal and the playground into build-web/site/:
//  - bundles web/src/{portal,playground}/main.js with esbuild (CodeMirror comes from npm),
//  - copies the pages, the stylesheet and the WebAssembly modules,
//  - writes examples.json from examples/ (policies, catalog, requests) and the use
//    tree read from policy/vocabulary.cc, so nothing the page shows is typed twice.
// Every asset but the HTML pages has a content hash in its name (portal-5HQZ7KXA.js,
// style-3F9A0C21B7.css, examples-….json, wasm-…/refrain-runtime.wasm), so a server may let
// browsers keep it for good (web/serve.mjs); the pages name the assets of their build. Each
// compressible file also gets a brotli (.br) and a gzip (.gz) copy for web/serve.mjs to send.
//
//   node web/build.mjs [OUT_DIR]     OUT_DIR is emptied first (only one this script made)
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

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

// A name's content hash: ten upper-case hex digits, the form web/serve.mjs recognises.
function hash(...contents) {
  const h = createHash('sha256');
  for (const c of contents) h.update(c);
  return h.digest('hex').slice(0, 10).toUpperCase();
}

// The two modules in wasm-HASH/ (the loader asks for them by their fixed names, in one folder).
function copyWasm() {
  const candidates = [join(root, 'build-wasm'), join(root, 'wasm', 'js', 'dist')];
  const from = candidates.find((d) => existsSync(join(d, 'refrain-compiler.wasm')) && existsSync(join(d, 'refrain-runtime.wasm')));
  if (!from) throw new Error('build: no WebAssembly modules; run wasm/build.sh first');
  const names = ['refrain-runtime.wasm', 'refrain-compiler.wasm'];
  const dir = `wasm-${hash(...names.flatMap((f) => [f, readFileSync(join(from, f))]))}/`;
  mkdirSync(join(out, dir), { recursive: true });
  for (const f of names) copyFileSync(join(from, f), join(out, dir, f));
  return dir;
}

// Writes `content` as NAME-HASH.EXT; returns the name.
function writeHashed(name, content) {
  const hashed = `${basename(name, extname(name))}-${hash(content)}${extname(name)}`;
  writeFileSync(join(out, hashed), content);
  return hashed;
}

// Empties OUT_DIR when this script made it (it holds our marker, or, from before the marker, both
// pages), so no asset of an older build stays.
const marker = '.refrain-site';
if (existsSync(out) && readdirSync(out).length) {
  const ours = existsSync(join(out, marker)) || (existsSync(join(out, 'portal.html')) && existsSync(join(out, 'playground.html')));
  if (!ours) throw new Error(`build: ${out} is not empty and was not made by web/build.mjs; not clearing it`);
  rmSync(out, { recursive: true, force: true });
}
mkdirSync(out, { recursive: true });
writeFileSync(join(out, marker), 'made by web/build.mjs; emptied by its next run\n');

const assets = { wasm: copyWasm(), examples: writeHashed('examples.json', JSON.stringify(readExamples())) };
const result = await build({
  entryPoints: { portal: join(web, 'src', 'portal', 'main.js'), playground: join(web, 'src', 'playground', 'main.js') },
  bundle: true, format: 'esm', target: 'es2022', minify: true, sourcemap: true,
  entryNames: '[name]-[hash]', outdir: out, logLevel: 'warning', metafile: true,
  define: { REFRAIN_ASSETS: JSON.stringify(assets) },
});
// The bundle of each entry point, by the entry's name: {portal: 'portal-5HQZ7KXA.js', ...}.
const bundles = {};
for (const [file, meta] of Object.entries(result.metafile.outputs))
  if (meta.entryPoint) bundles[basename(meta.entryPoint, '.js') === 'main' ? basename(dirname(meta.entryPoint)) : meta.entryPoint] = basename(file);
const style = writeHashed('style.css', readFileSync(join(web, 'pages', 'style.css')));
for (const f of readdirSync(join(web, 'pages')).filter((f) => f.endsWith('.html'))) {
  let html = readFileSync(join(web, 'pages', f), 'utf8').replace('href="style.css"', `href="${style}"`);
  for (const [entry, bundle] of Object.entries(bundles)) html = html.replace(`src="${entry}.js"`, `src="${bundle}"`);
  if (/(?:src|href)="(?:portal|playground)\.js"|href="style\.css"/.test(html)) throw new Error(`build: ${f} names an asset without its hash`);
  writeFileSync(join(out, f), html);
}

// Brotli and gzip copies of every compressible file (web/serve.mjs picks one by Accept-Encoding).
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.map', '.wasm', '.svg', '.txt']);
function compressAll(dir) {
  for (const f of readdirSync(dir)) {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) { compressAll(path); continue; }
    if (!COMPRESSIBLE.has(extname(f))) continue;
    const body = readFileSync(path);
    // Source maps are read by developer tools only: a quicker brotli level for them.
    writeFileSync(`${path}.br`, brotliCompressSync(body, { params: {
      [zlib.BROTLI_PARAM_QUALITY]: extname(f) === '.map' ? 5 : 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
      [zlib.BROTLI_PARAM_MODE]: extname(f) === '.wasm' ? zlib.BROTLI_MODE_GENERIC : zlib.BROTLI_MODE_TEXT } }));
    writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
  }
}
compressAll(out);
console.log(`built ${out} (${[...Object.values(bundles), style, assets.examples, assets.wasm].map((f) => relative(out, join(out, f))).join(', ')})`);
