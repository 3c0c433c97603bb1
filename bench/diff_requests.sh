#!/usr/bin/env bash
# `refrain diff --requests` against `refrain eval --requests`: diffing N
# requests decides each twice, once per side, and must take no longer than
# evaluating 2N. Diffs the examples against tests/diff's change to Luna Ray's
# terms over N example requests (default 1,000,000), and evaluates 2N
# against the examples, both on one thread; farm-bench runs the two in turn
# and gives the ratio diff/eval pair by pair (below 1: the diff is faster).
#   bench/diff_requests.sh [N] [RUNS]        (after .ci/build or .ci/build-profiled)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
runs=${2:-5}
refrain=$PWD/build/bin/refrain
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
old=(examples/policies/*.refrain)
new=("${old[@]/examples\/policies\/luna-ray.refrain/tests/diff/luna-ray.refrain}")
$refrain build "${old[@]}" --catalog examples/catalog/works.jsonl -o "$work/old.rfb" 2>/dev/null
$refrain build "${new[@]}" --catalog examples/catalog/works.jsonl -o "$work/new.rfb" 2>/dev/null
bench/example_requests.sh "$n" > "$work/n.jsonl"
bench/example_requests.sh $((2 * n)) > "$work/2n.jsonl"
# Both print to /dev/null, so that farm-bench's pipe is not timed with them.
farm-bench -n "$runs" --timeout 3600 \
  --vs "sh -c 'exec $refrain eval --bundle $work/old.rfb --requests $work/2n.jsonl >/dev/null 2>&1'" \
  -- sh -c "exec $refrain diff --old $work/old.rfb --new $work/new.rfb --requests $work/n.jsonl >/dev/null"
