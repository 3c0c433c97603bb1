#!/usr/bin/env bash
# The npm package as its users get it: packs wasm/js with `npm pack`, installs the tarball into a
# copy of this folder's project (its tools — Vite, esbuild, TypeScript, playwright-core — locked
# by package-lock.json and installed with `npm ci`), and there runs consumers.test.mjs: Node 20
# decides the examples, tsc checks the types strictly, and pages built by Vite and by esbuild
# decide them in headless Chromium, all with the native CLI's bytes and error messages.
# Needs the native CLI (build/bin/refrain) and chromium; builds the WebAssembly modules when they
# are older than their sources. Prints node's test summary; exits non-zero on any failure.
#   wasm/consumers/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
command -v chromium >/dev/null || { echo "wasm/consumers/run.sh: chromium is not installed (apt-get install chromium)" >&2; exit 2; }
[ -x build/bin/refrain ] || { echo "wasm/consumers/run.sh: build the native CLI first (.ci/build)" >&2; exit 2; }
# The package needs Node 20.16 (process.getBuiltinModule); the locked Vite, 20.19.
node -e 'const [major, minor] = process.versions.node.split(".").map(Number); process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1)' ||
  { echo "wasm/consumers/run.sh: Node $(node --version) is too old: Vite needs 20.19 or newer" >&2; exit 2; }
wasm/build.sh >/dev/null  # incremental; never pack modules of an older tree

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd wasm/js && npm pack --pack-destination "$work" >/dev/null)
tarball=$(echo "$work"/refrain-engine-*.tgz)

# What the page and decide.mjs are given: the examples' bundle, built natively, and their
# requests with two that cannot be judged; a truncated bundle; a source with an error.
fixtures=$work/fixtures
mkdir "$fixtures"
built=$(build/bin/refrain build examples/policies/*.refrain --catalog examples/catalog/works.jsonl -o "$fixtures/examples.rfb" 2>&1) ||
  { echo "$built" >&2; exit 1; }
{ cat examples/requests/all.jsonl; printf '%s\n' '{"use": "ai.train",' '[]'; } > "$fixtures/requests.jsonl"
head -c 100 "$fixtures/examples.rfb" > "$fixtures/damaged.rfb"
printf 'policy "p" by artist "a" {\n  allow ai.x\n}\n' > "$fixtures/bad.refrain"

project=$work/project
mkdir "$project"
cp -r "$here"/package.json "$here"/package-lock.json "$here"/consumers.test.mjs "$here"/node "$here"/page "$here"/types "$project/"
cd "$project"
npm ci --no-audit --no-fund --silent
npm install --no-save --no-audit --no-fund --silent "$tarball"
REFRAIN_ROOT=$root FIXTURES=$fixtures TARBALL=$tarball node --test --test-reporter=spec consumers.test.mjs
