#!/usr/bin/env bash
# Batch throughput of `refrain eval --requests`: the example requests
# repeated to N lines (default 200,000), best of 3 runs, on one core, or on
# THREADS threads pinned to as many cores.
#
#   bench/batch.sh [N] [THREADS]        (after .ci/build)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
threads=${2:-1}
cores=0-$((threads - 1))
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
  taskset -c "$cores" $refrain eval --bundle "$work/examples.rfb" --requests "$work/requests.jsonl" --threads "$threads" > /dev/null 2>"$work/summary"
  end=$(date +%s%N)
  ns=$(( end - start ))
  if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then best=$ns; fi
done
echo "$n decisions, best of 3, $threads thread(s) on cores $cores: $(( best / 1000000 )) ms, $(( n * 1000000000 / best )) decisions/s"
head -1 "$work/summary"
