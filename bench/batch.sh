#!/usr/bin/env bash
# Batch throughput of `refrain eval --requests` on one core: the example
# requests repeated to N lines (default 200,000), best of 3 runs.
#
#   bench/batch.sh [N]        (after .ci/build)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
refrain=build/bin/refrain
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$refrain build examples/policies/*.refrain --catalog examples/catalog/works.jsonl -o "$work/examples.rfb" 2>/dev/null
lines=$(wc -l < examples/requests/all.jsonl)
reps=$(( (n + lines - 1) / lines ))
for _ in $(seq "$reps"); do cat examples/requests/all.jsonl; done | head -n "$n" > "$work/requests.jsonl"
best=""
for _ in 1 2 3; do
  start=$(date +%s%N)
  taskset -c 0 $refrain eval --bundle "$work/examples.rfb" --requests "$work/requests.jsonl" > /dev/null 2>"$work/summary"
  end=$(date +%s%N)
  ns=$(( end - start ))
  if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then best=$ns; fi
done
echo "$n decisions, best of 3 on one core: $(( best / 1000000 )) ms, $(( n * 1000000000 / best )) decisions/s"
head -1 "$work/summary"
