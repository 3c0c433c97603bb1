// Run by `npm pack` and `npm publish` before they pack: refuses a package without its WebAssembly
// modules (dist/ is built, not committed) or whose version is not the project's, and copies the
// project's LICENSE in (the tarball carries its own copy; the file here is not committed).
import { copyFileSync, existsSync, readFileSync } from 'node:fs';

const here = (path) => new URL(path, import.meta.url);
const problems = [];

for (const module of ['dist/refrain-runtime.wasm', 'dist/refrain-compiler.wasm']) {
  const bytes = existsSync(here(module)) ? readFileSync(here(module)) : null;
  if (!bytes) problems.push(`${module} is missing`);
  else if (bytes.readUInt32BE(0) !== 0x0061736d) problems.push(`${module} is not a WebAssembly module`);
}
if (problems.length) problems.push('build the modules first: wasm/build.sh, from the repository root (docs/wasm.md)');

// The project's version is defined once, in runtime/version.h; the package must say the same.
const header = here('../../runtime/version.h');
const projectVersion = existsSync(header) && readFileSync(header, 'utf8').match(/#define REFRAIN_VERSION "([^"]+)"/)?.[1];
const { version } = JSON.parse(readFileSync(here('package.json'), 'utf8'));
if (!projectVersion) problems.push('cannot read REFRAIN_VERSION from runtime/version.h: pack inside the repository');
else if (version !== projectVersion)
  problems.push(`package.json says version ${version}, runtime/version.h says ${projectVersion}: make them the same`);

const license = here('../../LICENSE');
if (!existsSync(license)) problems.push('cannot find the project\'s LICENSE: pack inside the repository');

if (problems.length) {
  console.error(`@refrain/engine: not packing:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
copyFileSync(license, here('LICENSE'));
