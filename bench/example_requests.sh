#!/usr/bin/env bash
# The example requests (examples/requests/all.jsonl) repeated to N lines, on
# stdout: the input of the batch benchmarks.
#   bench/example_requests.sh N > REQS.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
n=$1
all=examples/requests/all.jsonl
lines=$(wc -l < "$all")
reps=$(( (n + lines - 1) / lines ))
for _ in $(seq "$reps"); do cat "$all"; done | head -n "$n"
