#!/usr/bin/env bash
# The installed headers (include/refrain/) stand alone: they include only each
# other and the C and C++ standard libraries (no runtime/ internals, no RE2,
# no nlohmann/json), and compile with nothing but include/ on the path, every
# warning an error: refrain.h as C99 and as C++17, refrain.hpp as C++17.
#   public_headers_test.sh SOURCE_DIR CXX_COMPILER
set -u
include="$1/include"
cxx="$2"
[ -f "$include/refrain/refrain.h" ] || { echo "FAIL: no $include/refrain/refrain.h; is SOURCE_DIR right?"; exit 2; }
passed=0
failed=0
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }

headers=$(cd "$include" && ls refrain)
[ "$headers" = "$(printf 'refrain.h\nrefrain.hpp')" ] || fail "include/refrain/ holds more or less than refrain.h and refrain.hpp: $(echo $headers)"
for h in "$include"/refrain/*; do
  # Allowed: <name> (the C++ library), <stddef.h>/<stdint.h> (C), "refrain/name.h(pp)".
  bad=$(grep -nE '^\s*#\s*include' "$h" | grep -vE '#\s*include (<[a-z_]+>|<std(def|int)\.h>|"refrain/[a-z_]+\.h(pp)?")\s*$')
  if [ -n "$bad" ]; then fail "$(basename "$h") includes more than the standard library and refrain/:"; echo "$bad"; else passed=$((passed + 1)); fi
done

compile() {  # compile WHAT ARGS...: a syntax check of one header
  local out
  if out=$("$cxx" -fsyntax-only -Wall -Wextra -pedantic -Werror -I"$include" "${@:2}" 2>&1); then
    passed=$((passed + 1))
  else
    fail "$1"; echo "$out"
  fi
}
compile "refrain.h as C99" -x c -std=c99 "$include/refrain/refrain.h"
compile "refrain.h as C++17" -x c++ -std=c++17 "$include/refrain/refrain.h"
compile "refrain.hpp as C++17" -x c++ -std=c++17 "$include/refrain/refrain.hpp"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" = 5 ]
