#!/usr/bin/env bash
# Batch throughput of `refrain eval --requests`: the example requests
# repeated to N lines (default 200,000), on 1 thread pinned to one core and on
# 2 threads pinned to two (or the thread counts given). The runs alternate
# between the thread counts, ROUNDS times (default 7). Reported: the best run
# of each, and the median over rounds of each round's speed-up over the first
# count; a shared machine's speed drifts, and runs side by side in one round
# see the same drift.
#
# Each round also runs as many independent one-thread processes side by side
# as the largest thread count, one per core, each deciding all N lines: what
# the machine's cores give when nothing is shared but the hardware (caches,
# memory, the host). The threads' speed-up is reported against theirs too.
#
#   bench/batch.sh [N] [ROUNDS] [THREADS...]        (after .ci/build-profiled or .ci/build)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
rounds=${2:-7}
shift $(( $# < 2 ? $# : 2 ))
counts=("${@:-1 2}")
read -r -a counts <<< "${counts[*]}"
refrain=build/bin/refrain
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$refrain build examples/policies/*.refrain --catalog examples/catalog/works.jsonl -o "$work/examples.rfb" 2>/dev/null
bench/example_requests.sh "$n" > "$work/requests.jsonl"
declare -A best speedups
most=$(printf '%s\n' "${counts[@]}" | sort -n | tail -1)
best_apart='' apart='' apart_speedups=''
for _ in $(seq "$rounds"); do
  declare -A this
  for threads in "${counts[@]}"; do
    start=$(date +%s%N)
    taskset -c "0-$((threads - 1))" $refrain eval --bundle "$work/examples.rfb" --requests "$work/requests.jsonl" \
      --threads "$threads" > /dev/null 2>"$work/summary"
    ns=$(( $(date +%s%N) - start ))
    this[$threads]=$ns
    if [ -z "${best[$threads]:-}" ] || [ "$ns" -lt "${best[$threads]}" ]; then best[$threads]=$ns; fi
  done
  for threads in "${counts[@]}"; do speedups[$threads]+="$(( this[${counts[0]}] * 100 / this[$threads] )) "; done
  if [ "$most" -gt 1 ]; then
    start=$(date +%s%N)
    for core in $(seq 0 $((most - 1))); do
      taskset -c "$core" $refrain eval --bundle "$work/examples.rfb" --requests "$work/requests.jsonl" > /dev/null 2>&1 &
    done
    wait
    ns=$(( ($(date +%s%N) - start) / most ))  # per N lines: they decided most × N together
    if [ -z "$best_apart" ] || [ "$ns" -lt "$best_apart" ]; then best_apart=$ns; fi
    apart+="$(( this[$most] > 0 ? ns * 100 / this[$most] : 0 )) "
    apart_speedups+="$(( this[${counts[0]}] * 100 / ns )) "
  fi
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
head -1 "$work/summary"
for threads in "${counts[@]}"; do
  ns=${best[$threads]}
  speedup=$(echo "${speedups[$threads]}" | median)
  echo "$threads thread(s) on cores 0-$((threads - 1)): best of $rounds $(( ns / 1000000 )) ms, $(( n * 1000000000 / ns )) decisions/s; median speed-up over ${counts[0]} thread(s) $((speedup / 100)).$(printf %02d $((speedup % 100)))x"
done
if [ "$most" -gt 1 ]; then
  ratio=$(echo "$apart" | median)
  speedup=$(echo "$apart_speedups" | median)
  echo "$most one-thread processes side by side on cores 0-$((most - 1)): best of $rounds $(( n * 1000000000 / best_apart )) decisions/s together; median speed-up over ${counts[0]} thread(s) $((speedup / 100)).$(printf %02d $((speedup % 100)))x; $most threads in one process reach $((ratio))% of their speed (median)"
fi
