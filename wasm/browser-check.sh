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
# The server picks a free port and says which once it listens: read through a
# FIFO, with a deadline, instead of guessing a port and sleeping.
served=$(mktemp -u)
mkfifo "$served"
python3 -u -m http.server 0 --bind 127.0.0.1 > "$served" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$served"' EXIT
exec 5< "$served"
if ! IFS= read -r -t 30 listening <&5; then
  echo "browser-check: the local web server did not say it listens within 30 s"
  exit 2
fi
port=$(printf '%s\n' "$listening" | sed -n 's/^Serving HTTP on 127\.0\.0\.1 port \([0-9][0-9]*\) .*/\1/p')
[ -n "$port" ] || { echo "browser-check: cannot read the server's port from: $listening"; exit 2; }
tools=$root/build-browser
[ -d "$tools/node_modules/playwright-core" ] ||
  npm install --no-audit --no-fund --silent --prefix "$tools" playwright-core@1.49.1 >/dev/null
text=$(node wasm/browser-check.mjs "$tools" "http://127.0.0.1:$port/wasm/js/test/browser.html?bundle=/build/examples.rfb")
native=$(build/bin/refrain eval --bundle build/examples.rfb --request examples/requests/01-train-low-tide.json)
browser=$(printf '%s\n' "$text" | sed -n '/^DECISION$/,/^COMPILE/p' | sed '1d;$d')
expected_compile='COMPILE false [{"col":9,"file":"x.refrain","line":2,"message":"unknown use `ai.x`","severity":"error"}]'
passed=0; failed=0
if [ "$browser" = "$native" ]; then passed=$((passed+1)); else failed=$((failed+1)); echo "FAIL: browser decision differs"; printf '%s\n' "$text" | head -20; fi
if printf '%s\n' "$text" | grep -qF "$expected_compile"; then passed=$((passed+1)); else failed=$((failed+1)); echo "FAIL: browser compile"; fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
