#!/usr/bin/env bash
# Builds the artist portal and the playground and serves them on localhost, compressed
# (brotli or gzip, by Accept-Encoding) with cache headers for content-hashed assets
# (web/serve.mjs; docs/web.md, "Serving").
#   web/serve.sh [PORT]     default 8080; then open http://127.0.0.1:PORT/portal.html or /playground.html
# Builds the WebAssembly modules (installing Emscripten when missing); needs Node 20; installs the
# front-end packages from web/package-lock.json on first use.
set -euo pipefail
web=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$web")
command -v emcc >/dev/null || "$root/.ci/install-deps" wasm
"$root/wasm/build.sh" >/dev/null  # incremental: the pages always get modules built from this tree
[ -d "$web/node_modules/esbuild" ] || (cd "$web" && npm ci --no-audit --no-fund)
node "$web/build.mjs" "$root/build-web/site"
exec node "$web/serve.mjs" "${1:-8080}" "$root/build-web/site"
