#!/usr/bin/env bash
# The WebAssembly test layer: builds both modules, then runs in Node 20
#  - every case file of tests/cases through the JS package (compiler and runtime in wasm),
#  - the JS package's contract tests (byte-identical bundles, errors, no corruption),
#  - the native-vs-WebAssembly differential over generated bundles and requests,
#  - and the package in headless Chromium, against the native CLI's bytes;
# and holds the runtime module to its size budget (460 KB raw, 180 KB gzip -9).
# Expects the native build in build/ (refrain, refrain_corpus).
#   wasm/test.sh [PROGRAMS] [REQUESTS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
for tool in build/bin/refrain build/bin/refrain_corpus; do
  [ -x "$tool" ] || { echo "wasm/test.sh: $tool is missing: build the native tree first (.ci/build)" >&2; exit 2; }
done
wasm/build.sh >/dev/null
runtime=wasm/js/dist/refrain-runtime.wasm
raw=$(stat -c %s "$runtime")
gz=$(gzip -9c "$runtime" | wc -c)
echo "refrain-runtime.wasm: $raw bytes, $gz gzip -9 (budget 460,000 / 180,000)"
if [ "$raw" -gt 460000 ] || [ "$gz" -gt 180000 ]; then
  echo "refrain-runtime.wasm is over its size budget" >&2
  exit 1
fi
REFRAIN_BIN=$root/build/bin/refrain node --test wasm/js/test/*.test.mjs
corpus=$(mktemp)
trap 'rm -f "$corpus"' EXIT
build/bin/refrain_corpus "$corpus" "${1:-2000}" "${2:-50}"
wasm/browser-check.sh
node wasm/js/test/differential.mjs "$corpus"
