#!/usr/bin/env bash
# The runtime must build for WebAssembly unchanged: no I/O, no clock, no threads, no floating point.
#   runtime_purity_test.sh SOURCE_DIR
# The sources are searched without their `//` comments (line numbers kept):
# a comment may name a forbidden call, code followed by a comment may not.
set -u
cd "$1/runtime" || { echo "FAIL: no runtime/ folder under \`$1\`"; exit 2; }
shopt -s nullglob
sources=(*.h *.cc)
if [ ${#sources[@]} -lt 10 ]; then
  echo "FAIL: only ${#sources[@]} sources in $PWD; is SOURCE_DIR right?"
  exit 2
fi
code=$(mktemp -d)
trap 'rm -rf "$code"' EXIT
for f in "${sources[@]}"; do sed 's://.*$::' "$f" > "$code/$f" || exit 2; done
passed=0
failed=0
check() {  # check WHAT GREP_ARGS...: fails WHAT when a comment-free source matches
  local hits status
  hits=$(cd "$code" && grep -n "${@:2}" -- "${sources[@]}")
  status=$?
  if [ $status -eq 1 ]; then
    passed=$((passed + 1))
  elif [ $status -eq 0 ]; then
    echo "FAIL: $1"; echo "$hits"; failed=$((failed + 1))
  else
    echo "FAIL: $1: grep could not search (status $status)"; failed=$((failed + 1))
  fi
}
check "I/O, clock or thread headers in runtime/" \
  -E '#include *<(cstdio|stdio\.h|iostream|fstream|sstream|thread|mutex|chrono|ctime|time\.h|random|filesystem)>'
check "I/O or clock calls in runtime/" -E '\b(getenv|fopen|printf|clock|time)\s*\('
check "floating point in runtime/" -wE 'float|double|long double'
check "runtime/ depends on a later stage" -E '#include "(policy|compiler|cli)/'
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" = 4 ]
