#!/usr/bin/env bash
# The concurrency stress test under ThreadSanitizer: one engine shared by 8
# threads, PER_THREAD decisions each (default 20,000), every answer compared
# with the single-threaded one; then `refrain eval --threads` against one
# thread. TSan stops the run on the first data race.
#   tests/concurrency.sh [PER_THREAD]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREFRAIN_TSAN=ON >/dev/null
cmake --build build-tsan -j"$(nproc)" --target concurrency_test refrain >/dev/null
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
REFRAIN_STRESS_PER_THREAD=${1:-20000} build-tsan/bin/concurrency_test
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for _ in $(seq 400); do cat examples/requests/all.jsonl; done > "$work/requests.jsonl"
refrain=build-tsan/bin/refrain
$refrain build examples/policies/*.refrain --catalog examples/catalog/works.jsonl -o "$work/examples.rfb" >/dev/null
$refrain eval --bundle "$work/examples.rfb" --requests "$work/requests.jsonl" > "$work/one.jsonl" 2> "$work/one.err"
$refrain eval --bundle "$work/examples.rfb" --requests "$work/requests.jsonl" --threads 4 > "$work/four.jsonl" 2> "$work/four.err"
# One thread's answers are the examples' own (20 allow, 20 deny, 5 error each
# time round), so four threads cannot agree with one by both being wrong.
grep -qF "18000 decisions: 8000 allow, 8000 deny, 2000 error" "$work/one.err" ||
  { echo "one thread's summary is not the examples' 400 times over:"; head -3 "$work/one.err"; exit 1; }
cmp "$work/one.jsonl" "$work/four.jsonl"
cmp "$work/one.err" "$work/four.err"
echo "refrain eval --threads 4 under ThreadSanitizer: $(wc -l < "$work/four.jsonl") decisions, identical to one thread"
