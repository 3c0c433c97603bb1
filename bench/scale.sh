#!/usr/bin/env bash
# Scale: the example policies with generated catalogs of 1,000, 100,000 and
# 1,000,000 works (or the sizes given): bundle bytes per work, median load
# time, and median time per decision over requests spread across the catalog,
# with each size's decision median as a ratio to the first size's. All sizes
# run in one process on one core, timed round by round in turn.
#
#   bench/scale.sh [WORKS...]        (after .ci/build-profiled or .ci/build; needs about 2 GB of memory for 1M works)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 100000 1000000)
list=$(IFS=,; echo "${sizes[*]}")
taskset -c 0 build/bin/scale_bench "$list" 10000 20
