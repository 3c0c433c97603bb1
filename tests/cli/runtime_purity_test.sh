#!/usr/bin/env bash
# The runtime must build for WebAssembly unchanged: no I/O, no clock, no threads, no floating point.
#   runtime_purity_test.sh SOURCE_DIR
set -u
cd "$1/runtime" || exit 2
failed=0
report() { echo "FAIL: $1"; echo "$2"; failed=$((failed + 1)); }
hits=$(grep -nE '#include *<(cstdio|stdio\.h|iostream|fstream|sstream|thread|mutex|chrono|ctime|time\.h|random|filesystem)>' ./*.h ./*.cc)
[ -n "$hits" ] && report "I/O, clock or thread headers in runtime/" "$hits"
hits=$(grep -nE '\b(getenv|fopen|printf|clock|time)\s*\(' ./*.h ./*.cc | grep -vE '(parseTime|formatTime|//)')
[ -n "$hits" ] && report "I/O or clock calls in runtime/" "$hits"
hits=$(grep -nwE 'float|double|long double' ./*.h ./*.cc | grep -vE '^\S+:\s*//')
[ -n "$hits" ] && report "floating point in runtime/" "$hits"
hits=$(grep -nE '#include "(policy|compiler|cli)/' ./*.h ./*.cc)
[ -n "$hits" ] && report "runtime/ depends on a later stage" "$hits"
echo "$((4 - failed)) passed, $failed failed"
[ "$failed" = 0 ]
