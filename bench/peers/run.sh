#!/usr/bin/env bash
# Refrain against Cedar, CEL, Casbin and hand-written JS on one generated
# rights workload; see bench/peers/README.md.
#
#   bench/peers/run.sh                  # the benchmark: agreement, then timed rounds, then native
#   bench/peers/run.sh --check          # correctness only: 1,000 requests, every engine must agree
#   bench/peers/run.sh --rounds 3 --json out.json --requests 10000 --seed 7
#   bench/peers/run.sh --artists 3000 --works 20000 --only hand-js   # a bigger catalog; time only Refrain and hand-js
#
# Builds what it needs, incrementally: build/bin/refrain and decide_bench
# (CMake, Release if build/ is not configured yet), the WebAssembly runtime
# (wasm/build.sh), and the npm packages of bench/peers (npm ci, from the
# committed package-lock.json). Needs Debian's build tools and Emscripten
# (.ci/install-deps wasm) and Node 20 with npm. Exit status 1 when the
# engines disagree.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${REFRAIN_BUILD:-$root/build}

check=0
rounds=5
requests=10000
seed=7
json=""
sizes=()
only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1; requests=1000 ;;
    --rounds) rounds=$2; shift ;;
    --requests) requests=$2; shift ;;
    --seed) seed=$2; shift ;;
    --json) json=$2; shift ;;
    --artists|--labels|--works) sizes+=("$1" "$2"); shift ;;
    --only) only=(--only "$2"); shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
jobs=$(( $(nproc) < 2 ? $(nproc) : 2 ))

step() { printf '== %s\n' "$*" >&2; }

step "npm packages (bench/peers/node_modules)"
if [ ! -f "$here/node_modules/.package-lock.json" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
fi

step "native: refrain, decide_bench ($build)"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
nice -n 10 cmake --build "$build" -j"$jobs" --target refrain decide_bench >/dev/null

step "WebAssembly runtime (wasm/build.sh)"
nice -n 10 "$root/wasm/build.sh" >/dev/null

out="$build/peers"
step "workload: seed $seed, $requests requests -> $out"
node "$here/generate.mjs" "$out" --seed "$seed" --requests "$requests" "${sizes[@]}" >&2
# Relative names, as an author would build: rule locations in decisions read "refrain/artist-0001.refrain:7".
if ! (cd "$out" && "$build/bin/refrain" build refrain/*.refrain --catalog catalog.jsonl -o bundle.rfb 2>build.log >&2); then
  cat "$out/build.log" >&2
  exit 1
fi
warnings=$(grep -c ': warning:' "$out/build.log" || true)
echo "(refrain build: $warnings never-wins warnings in the generated policies, as authors write them; see $out/build.log)" >&2

args=(--dir "$out" --bundle "$out/bundle.rfb" --rounds "$rounds" "${only[@]}")
[ "$check" = 1 ] && args+=(--check)
[ -n "$json" ] && args+=(--json "$json")
step "engines in one Node process ($(node --version))"
node "$here/bench.mjs" "${args[@]}"

if [ "$check" = 0 ]; then
  step "native: the same bundle and requests, build/bin/decide_bench (200 decisions of one request per sample)"
  "$build/bin/decide_bench" "$out/bundle.rfb" "$out/requests.jsonl" 1
fi
