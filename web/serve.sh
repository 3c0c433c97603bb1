#!/usr/bin/env bash
# Builds the artist portal and the playground and serves them on localhost.
#   web/serve.sh [PORT]     default 8080; then open http://127.0.0.1:PORT/portal.html or /playground.html
# Needs the WebAssembly modules (wasm/build.sh) and Node 20; installs the
# front-end packages from web/package-lock.json on first use.
set -euo pipefail
web=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$web")
[ -f "$root/build-wasm/refrain-compiler.wasm" ] || [ -f "$root/wasm/js/dist/refrain-compiler.wasm" ] || "$root/wasm/build.sh"
[ -d "$web/node_modules/esbuild" ] || (cd "$web" && npm ci --no-audit --no-fund)
node "$web/build.mjs" "$root/build-web/site"
exec node "$web/serve.mjs" "${1:-8080}" "$root/build-web/site"
