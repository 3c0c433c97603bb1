#!/usr/bin/env bash
# Builds refrain-runtime.wasm and refrain-compiler.wasm into build-wasm/, and
# copies them next to the JS package (wasm/js/dist/).
#   wasm/build.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build-wasm
"$root/wasm/fetch-re2.sh" "$out/third_party"
# Debian's emcc runs its JS optimiser with Node and finds acorn there.
export NODE_PATH=/usr/share/nodejs
emcmake cmake -S "$root/wasm" -B "$out" -DRE2_SOURCE="$out/third_party/re2" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$out" -j"$(nproc)"
mkdir -p "$root/wasm/js/dist"
cp "$out/refrain-runtime.wasm" "$out/refrain-compiler.wasm" "$root/wasm/js/dist/"
