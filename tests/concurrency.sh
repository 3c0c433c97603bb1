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
$refrain eval --bundle "$work/examples.rfb" --requests "$work/requests.jsonl" > "$work/one.jsonl" 2>/dev/null
$refrain eval --bundle "$work/examples.rfb" --requests "$work/requests.jsonl" --threads 4 > "$work/four.jsonl" 2>/dev/null
cmp "$work/one.jsonl" "$work/four.jsonl"
echo "refrain eval --threads 4 under ThreadSanitizer: $(wc -l < "$work/four.jsonl") decisions, identical to one thread"
