#!/usr/bin/env bash
# `refrain serve` under load from wrk (Debian's wrk), the server pinned to
# core 0 and wrk to core 1 (--threads 1 on the server: one server core).
#
#   single   POST /v1/decide, the 45 example requests in turn, 64 keep-alive connections
#   batch    POST /v1/decide/batch, bodies of 1,000 example requests, 8 connections
#
# each with the decision log off and in each sync mode (none, batch, always),
# in a temp folder on the disk /tmp is on. Each configuration runs ROUNDS
# times (default 3) for SECONDS each (default 10), alternating; reported are
# the median decisions/s and the median of wrk's p50 and p99 latencies.
#
#   bench/serve.sh [SECONDS] [ROUNDS]          (after .ci/build; needs wrk and taskset)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
rounds=${2:-3}
refrain=$PWD/build/bin/refrain
command -v wrk >/dev/null || { echo "bench/serve.sh: install wrk (apt-get install wrk)" >&2; exit 2; }
work=$(mktemp -d)
server=''
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
$refrain build examples/policies/*.refrain --catalog examples/catalog/works.jsonl -o "$work/examples.rfb" 2>/dev/null
for _ in $(seq 23); do cat examples/requests/all.jsonl; done | head -n 1000 > "$work/batch.jsonl"

# wrk's Lua: the single script cycles through the example requests; the batch one sends one body.
cat > "$work/single.lua" <<LUA
local requests = {}
for line in io.lines("$PWD/examples/requests/all.jsonl") do requests[#requests + 1] = line end
local i = 0
request = function()
  i = i % #requests + 1
  return wrk.format("POST", "/v1/decide", {["Content-Type"] = "application/json"}, requests[i])
end
LUA
cat > "$work/batch.lua" <<LUA
local f = io.open("$work/batch.jsonl", "rb")
local body = f:read("*a")
f:close()
request = function() return wrk.format("POST", "/v1/decide/batch", {["Content-Type"] = "application/jsonl"}, body) end
LUA

# Starts the server with the log options given; waits for its `listening` line.
start() {
  rm -rf "$work/log"
  mkfifo "$work/events" 2>/dev/null || true
  taskset -c 0 "$refrain" serve --bundle "$work/examples.rfb" --listen 127.0.0.1:0 --threads 1 "$@" 2>"$work/events" &
  server=$!
  exec 3<"$work/events"
  while read -r line <&3; do
    case $line in *" listening address="*) port=${line##*address=127.0.0.1:}; port=${port%% *}; break ;; esac
  done
  cat <&3 >/dev/null &  # keep draining its event lines
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=''; exec 3<&-; }

# Runs wrk; prints "requests/s p50_ms p99_ms".
load() {
  local script=$1 connections=$2
  taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$work/$script.lua" "http://127.0.0.1:$port" > "$work/wrk.out"
  if grep -q "Non-2xx" "$work/wrk.out"; then echo "bench/serve.sh: non-2xx answers:" >&2; cat "$work/wrk.out" >&2; exit 1; fi
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
  echo "$rps $(ms "$p50") $(ms "$p99")"
}
# wrk prints 1.23ms, 456.00us or 1.01s: milliseconds.
ms() { awk -v t="$1" 'BEGIN { if (t ~ /us$/) printf "%.3f", t / 1000; else if (t ~ /ms$/) printf "%.3f", t + 0; else printf "%.3f", t * 1000 }'; }
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

declare -A results
configs=("off" "none" "batch" "always")
for round in $(seq "$rounds"); do
  for mode in "${configs[@]}"; do
    if [ "$mode" = off ]; then start; else start --decision-log "$work/log" --decision-log-sync "$mode"; fi
    results[single,$mode]+="$(load single 64)"$'\n'
    results[batch,$mode]+="$(load batch 8)"$'\n'
    stop
  done
done

printf '%-7s %-7s %14s %10s %10s\n' endpoint log decisions/s p50_ms p99_ms
for endpoint in single batch; do
  for mode in "${configs[@]}"; do
    rows=${results[$endpoint,$mode]}
    per=1; [ "$endpoint" = batch ] && per=1000
    rps=$(printf '%s' "$rows" | awk 'NF {print $1}' | median)
    p50=$(printf '%s' "$rows" | awk 'NF {print $2}' | median)
    p99=$(printf '%s' "$rows" | awk 'NF {print $3}' | median)
    printf '%-7s %-7s %14.0f %10s %10s\n' "$endpoint" "$mode" "$(awk -v r="$rps" -v p="$per" 'BEGIN {print r * p}')" "$p50" "$p99"
  done
done
