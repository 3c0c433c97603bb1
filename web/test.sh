#!/usr/bin/env bash
# Tests of the artist portal and the playground: first, in Node, that the
# portal's policy generated from each published example policy decides every
# example request alike, and that every example decision is put into words;
# then, end to end: builds the pages, serves them on localhost (the test
# starts web/serve.mjs and waits for its readiness line, with a deadline),
# and drives Debian's chromium with playwright-core (web/test/e2e.mjs). Screenshots go to build-web/screenshots/. Prints
# "N passed, M failed"; exits non-zero on any failure.
# Needs the native CLI (build/bin/refrain) and chromium; builds the
# WebAssembly modules and installs web/'s npm packages (npm ci) when missing.
#   web/test.sh
set -euo pipefail
web=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$web")
cd "$root"
command -v chromium >/dev/null || { echo "web/test.sh: chromium is not installed (apt-get install chromium)"; exit 2; }
[ -x build/bin/refrain ] || { echo "web/test.sh: build the native CLI first (build/bin/refrain)"; exit 2; }
wasm/build.sh >/dev/null  # incremental; never test against modules of an older tree
[ -d web/node_modules/playwright-core ] && [ -d web/node_modules/esbuild ] ||
  (cd web && npm ci --no-audit --no-fund --silent >/dev/null)
node web/build.mjs build-web/site >/dev/null
# In Node, no browser: the portal's generated policies against the published examples, every
# decision put into words, the form's checks, amounts and dates, and the server's headers
# (web/test/*.test.mjs).
REFRAIN_BIN=$root/build/bin/refrain REFRAIN_SITE=$root/build-web/site node --test --test-reporter=dot web/test/*.test.mjs
# e2e.mjs serves build-web/site itself (web/serve.mjs on a free port) and waits for its readiness line.
node web/test/e2e.mjs "$root/build-web/site" "$root/build/bin/refrain" "$root/build-web/screenshots"
