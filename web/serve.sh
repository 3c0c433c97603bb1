#!/usr/bin/env bash
# Builds the artist portal and the playground and serves them on localhost, compressed
# (brotli or gzip, by Accept-Encoding) with cache headers for content-hashed assets
# (web/serve.mjs; docs/web.md, "Serving").
#   web/serve.sh [PORT]     default 8080; then open http://127.0.0.1:PORT/portal.html or /playground.html
# Builds the WebAssembly modules (installing Emscripten when missing); needs Node 20; installs the
# front-end packages from web/package-lock.json on first use. The portal's "What changes" card asks
# the server, which runs the native CLI's analyser (`refrain diff`, with Z3, which has no
# WebAssembly build: docs/web.md, "What changes"): it builds build/bin/refrain when missing.
# REFRAIN_BIN=PATH uses another native CLI.
set -euo pipefail
web=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$web")
command -v emcc >/dev/null || "$root/.ci/install-deps" wasm
"$root/wasm/build.sh" >/dev/null  # incremental: the pages always get modules built from this tree
refrain=${REFRAIN_BIN:-$root/build/bin/refrain}
if [ -z "${REFRAIN_BIN:-}" ] && [ ! -x "$refrain" ]; then
  echo "web/serve.sh: building the native CLI (build/bin/refrain) for the portal's What changes card…"
  "$root/.ci/install-deps"  # the native build's packages, libz3-dev among them
  "$root/.ci/build" build --target refrain >/dev/null
fi
[ -d "$web/node_modules/esbuild" ] || (cd "$web" && npm ci --no-audit --no-fund)
node "$web/build.mjs" "$root/build-web/site"
REFRAIN_BIN=$refrain exec node "$web/serve.mjs" "${1:-8080}" "$root/build-web/site"
