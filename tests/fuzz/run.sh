#!/usr/bin/env bash
# Builds the fuzz targets with clang (libFuzzer, ASan, UBSan), writes their
# seed corpora from the repository's inputs, and runs each target for a
# bounded time. Exits 1 if any target finds a crash or a broken invariant;
# the input that did it is left in $BUILD/fuzz-artifacts/.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET [TARGET...]]     (default 45 s; every target)
#
#   REFRAIN_FUZZ_BUILD   build folder (default build-fuzz)
#   REFRAIN_FUZZ_JOBS    build jobs (default nproc)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-45}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(policy case request bundle json batch ddex signals)
build=${REFRAIN_FUZZ_BUILD:-build-fuzz}
jobs=${REFRAIN_FUZZ_JOBS:-$(nproc)}

CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREFRAIN_FUZZ=ON >/dev/null
cmake --build "$build" -j"$jobs" --target fuzz_seeds $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null
rm -rf "$build/fuzz-seeds"
"$build/bin/fuzz_seeds" . "$build/fuzz-seeds" >/dev/null

# Longest input per target: big enough for a whole case file, small enough to stay fast.
declare -A max_len=([policy]=8192 [case]=16384 [request]=8192 [bundle]=16384 [json]=4096 [batch]=4096 [ddex]=16384 [signals]=8192)
mkdir -p "$build/fuzz-artifacts"
failed=0
for t in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$t"
  mkdir -p "$corpus"
  log="$build/fuzz-$t.log"
  set +e
  dirs=("$corpus" "$build/fuzz-seeds/$t")
  if [ -z "$(ls -A "$build/fuzz-seeds/$t" 2>/dev/null)" ]; then
    echo "fuzz_$t: FAILED: fuzz_seeds wrote no seeds to $build/fuzz-seeds/$t"
    failed=1
    continue
  fi
  if [ -d "tests/fuzz/regressions/$t" ]; then
    dirs+=("tests/fuzz/regressions/$t")
  else
    echo "fuzz_$t: no regression inputs yet (tests/fuzz/regressions/$t)"
  fi
  "$build/bin/fuzz_$t" "${dirs[@]}" \
    -max_total_time="$seconds" -max_len="${max_len[$t]}" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" >"$log" 2>&1
  status=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  if [ $status -eq 0 ] && ! [ "${execs:-0}" -gt 0 ] 2>/dev/null; then
    echo "fuzz_$t: FAILED: exit 0 but no executions reported; log $log"
    failed=1
  elif [ $status -eq 0 ]; then
    echo "fuzz_$t: ok, $execs executions in ${seconds} s (${rate:-?}/s)"
  else
    echo "fuzz_$t: FAILED after ${execs:-?} executions (exit $status); log $log, input in $build/fuzz-artifacts/"
    grep -E "BROKEN|ERROR|SUMMARY" "$log" | head -5 || true
    failed=1
  fi
done
exit $failed
