#!/usr/bin/env bash
# The WebAssembly test layer: builds both modules, then runs in Node 20
#  - every case file of tests/cases through the JS package (compiler and runtime in wasm),
#  - the JS package's contract tests (byte-identical bundles, errors, no corruption),
#  - the native-vs-WebAssembly differential over generated bundles and requests,
#  - and the package in headless Chromium, against the native CLI's bytes.
# Expects the native build in build/ (refrain, refrain_corpus).
#   wasm/test.sh [PROGRAMS] [REQUESTS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
wasm/build.sh >/dev/null
REFRAIN_BIN=$root/build/bin/refrain node --test wasm/js/test/*.test.mjs
corpus=$(mktemp)
trap 'rm -f "$corpus"' EXIT
build/bin/refrain_corpus "$corpus" "${1:-2000}" "${2:-50}"
wasm/browser-check.sh
node wasm/js/test/differential.mjs "$corpus"
