#!/usr/bin/env bash
# The analyser's two targets (docs/analysis.md), timed whole by farm-bench
# on one core: the example bundle diffed against the copy with Luna Ray's
# one change (target: under 2 s), and a generated 1,000-policy, 2,000-work
# database diffed against the copy where one artist allows voice clones
# (target: under 60 s). Prints farm-bench's report (quote the median) and,
# first, the diff's own summary line for each, so the work done is on record.
#   bench/analysis.sh [RUNS] [POLICIES] [WORKS]    (after .ci/build or .ci/build-profiled)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
policies=${2:-1000}
works=${3:-2000}
refrain=build/bin/refrain
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

examples=(examples/policies/*.refrain)
changed=()
for f in "${examples[@]}"; do
  case $f in */luna-ray.refrain) changed+=(tests/analysis/luna-ray-personalize.refrain) ;; *) changed+=("$f") ;; esac
done
"$refrain" build "${examples[@]}" --catalog examples/catalog/works.jsonl -o "$work/examples-old.rfb" >/dev/null 2>&1
"$refrain" build "${changed[@]}" --catalog examples/catalog/works.jsonl -o "$work/examples-new.rfb" >/dev/null 2>&1
bench/analysis_policies.py "$work/big" "$policies" "$works"
"$refrain" build "$work/big/policies.refrain" --catalog "$work/big/works.jsonl" -o "$work/big-old.rfb" >/dev/null 2>&1
"$refrain" build "$work/big/changed.refrain" --catalog "$work/big/works.jsonl" -o "$work/big-new.rfb" >/dev/null 2>&1

for name in examples big; do
  echo "== $name: $("$refrain" diff --old "$work/$name-old.rfb" --new "$work/$name-new.rfb" | tail -1)"
  farm-bench -n "$runs" --pin 0 --timeout 3600 -- "$refrain" diff --old "$work/$name-old.rfb" --new "$work/$name-new.rfb"
done
