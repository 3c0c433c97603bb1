#!/usr/bin/env bash
# Opens the JS package in headless Chromium (Debian's `chromium`, driven by
# playwright-core from npm, installed into the build tree) against a
# localhost server and checks that the browser's decision equals the native
# CLI's, byte for byte. Needs build/ and wasm/build.sh first.
#   wasm/browser-check.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v chromium >/dev/null || { echo "browser-check: chromium is not installed (apt-get install chromium)"; exit 2; }
build/bin/refrain build examples/policies/*.refrain --catalog examples/catalog/works.jsonl -o build/examples.rfb 2>/dev/null
port=$((20000 + RANDOM % 20000))
python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
tools=$root/build-browser
[ -d "$tools/node_modules/playwright-core" ] ||
  npm install --no-audit --no-fund --silent --prefix "$tools" playwright-core@1.49.1 >/dev/null
sleep 1
text=$(node wasm/browser-check.mjs "$tools" "http://127.0.0.1:$port/wasm/js/test/browser.html?bundle=/build/examples.rfb")
native=$(build/bin/refrain eval --bundle build/examples.rfb --request examples/requests/01-train-low-tide.json)
browser=$(printf '%s\n' "$text" | sed -n '/^DECISION$/,/^COMPILE/p' | sed '1d;$d')
expected_compile='COMPILE false [{"col":9,"file":"x.refrain","line":2,"message":"unknown use `ai.x`","severity":"error"}]'
passed=0; failed=0
if [ "$browser" = "$native" ]; then passed=$((passed+1)); else failed=$((failed+1)); echo "FAIL: browser decision differs"; printf '%s\n' "$text" | head -20; fi
if printf '%s\n' "$text" | grep -qF "$expected_compile"; then passed=$((passed+1)); else failed=$((failed+1)); echo "FAIL: browser compile"; fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
