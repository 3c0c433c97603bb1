#!/usr/bin/env bash
# Refrain as its users get it. Installs a built tree into a temporary prefix
# and builds consumers outside the tree, each of which decides every example
# request and must print exactly what the installed `refrain eval` prints:
#   c/             C, built with `pkg-config --cflags --libs refrain`
#   cpp/           C++, find_package(Refrain 1.0 REQUIRED): on the shared
#                  library, and on the static one (which must not need it)
#   subdirectory/  C and C++, add_subdirectory of the source tree, which must
#                  build the runtime libraries alone: no command, test or
#                  benchmark target, and no other program or library
# It also checks that librefrain.so.1 is named so and exports rf_* alone.
# As root, with dpkg, it then builds the Debian packages (cpack -G DEB),
# checks them with lintian when that is installed, installs them with
# dpkg -i, builds the C and C++ consumers against /usr, and purges the
# packages again. Nothing is left behind.
#
#   tests/consumers/run.sh BUILD_DIR    a tree built whole (.ci/build BUILD_DIR)
#   REFRAIN_CONSUMERS_DEB=0             skip the packages, even as root
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: tests/consumers/run.sh BUILD_DIR" >&2; exit 2; }
start=$SECONDS
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
work=$(mktemp -d)
packages=(refrain librefrain-dev librefrain1)
installed_debs=0
cleanup() {
  if [ "$installed_debs" = 1 ]; then dpkg --purge "${packages[@]}" >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
jobs=$(nproc)
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }
# same NAME FILE: FILE holds exactly the expected decisions
same() {
  if cmp -s "$work/expected" "$2"; then
    pass "$1 prints the decisions of \`refrain eval\`, byte for byte"
  else
    fail "$1 prints other decisions than \`refrain eval\`:"
    diff "$work/expected" "$2" | head -20 || true
  fi
}

# The install, and what the installed command decides.
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
lib=$(dirname "$(find "$prefix" -name refrain.pc)")/..
lib=$(cd "$lib" && pwd)
bundle=$work/examples.rfb
cd "$src"
"$prefix/bin/refrain" build examples/policies/*.refrain --catalog examples/catalog/works.jsonl -o "$bundle"
requests=(examples/requests/*.json)
for r in "${requests[@]}"; do "$prefix/bin/refrain" eval --bundle "$bundle" --request "$r"; done > "$work/expected"
hash=$("$prefix/bin/refrain" inspect "$bundle" | grep -oE '[0-9a-f]{64}')
# The service takes JSON Lines and answers in any order: its decisions are
# compared as sorted records (a pretty decision ends with a line `}`).
records() { awk '{ printf "%s%s", $0, ($0 == "}" ? "\n" : "\001") }' | sort; }
lines=examples/requests/all.jsonl
while IFS= read -r line; do
  printf '%s\n' "$line" | "$prefix/bin/refrain" eval --bundle "$bundle" --request -
done < "$lines" | records > "$work/expected_records"
echo "${#requests[@]} example requests, bundle $hash"

docs_service=$(awk '/^\/\/ service\.cc:/ { on = 1 } on && /^```/ { exit } on' docs/embedding.md)
if [ "$docs_service" = "$(cat "$here/cpp/service.cc")" ]; then
  pass "docs/embedding.md's service is tests/consumers/cpp/service.cc, line for line"
else
  fail "docs/embedding.md's service is not tests/consumers/cpp/service.cc:"
  diff <(echo "$docs_service") "$here/cpp/service.cc" | head -20 || true
fi

# The reloading class of docs/embedding.md, compiled as it stands there: a
# swap serves the new bundle while a holder keeps the old, and a bundle that
# fails to load changes nothing.
{
  printf '#include <cassert>\n#include <fstream>\n#include <iostream>\n#include <iterator>\n#include <memory>\n#include <mutex>\n'
  printf '#include <refrain/refrain.hpp>\n'
  awk '/^\/\/ The bundle in force/ { on = 1 } on { print } on && /^};/ { exit }' docs/embedding.md
  cat <<'EOF2'
int main(int, char** argv) {
  std::ifstream file(argv[1], std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(file), {});
  CurrentBundle current(std::make_shared<const refrain::Bundle>(refrain::Bundle::load(bytes)));
  std::shared_ptr<const refrain::Bundle> held = current.get();
  current.reload(bytes);
  if (current.get() == held || current.get()->hash() != held->hash()) return 1;
  try {
    current.reload(std::string_view(bytes).substr(0, bytes.size() / 2));
    return 1;
  } catch (const refrain::LoadError& e) {
    std::cout << "refused: " << e.what() << "\n";
  }
  return current.get()->decide(argv[2]).json == held->decide(argv[2]).json ? 0 : 1;
}
EOF2
} > "$work/reload.cc"
reload_check() {  # reload_check LDFLAGS...: compiles and runs it
  # shellcheck disable=SC2068
  c++ -std=c++17 -Wall -Wextra -Werror -I"$prefix/include" "$work/reload.cc" -o "$work/reload" $@ &&
    "$work/reload" "$bundle" "$(cat "${requests[0]}")" > "$work/reload.txt"
}
if reload_check -L"$lib" -lrefrain -Wl,-rpath,"$lib"; then
  pass "docs/embedding.md's CurrentBundle swaps bundles and keeps its own on a failed load ($(cat "$work/reload.txt"))"
else
  fail "docs/embedding.md's CurrentBundle does not build or does not keep its promises"
fi

soname=$(readelf -d "$lib/librefrain.so.1" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = librefrain.so.1 ] && pass "SONAME is librefrain.so.1" || fail "SONAME is \`$soname\`, not librefrain.so.1"
others=$(nm -D --defined-only "$lib/librefrain.so.1" | grep -v ' rf_' || true)
exported=$(nm -D --defined-only "$lib/librefrain.so.1" | grep -c ' rf_' || true)
if [ -z "$others" ] && [ "$exported" -gt 0 ]; then
  pass "librefrain.so.1 exports the $exported rf_* functions and nothing else"
else
  fail "librefrain.so.1 exports more than rf_*:"; echo "$others" | head -20
fi
# A build with REFRAIN_LTO (CI's) compiles the runtime with GCC's LTO
# bytecode beside the machine code; the installed static library must have
# only the machine code.
if readelf -S "$lib/librefrain.a" | grep -q '\.gnu\.lto_'; then
  fail "librefrain.a carries LTO bytecode"
else
  pass "librefrain.a carries no LTO bytecode"
fi
# librefrain1's symbols file lists each exported function with the version
# that brought it: a new rf_* function needs its line there.
if diff <(nm -D --defined-only "$lib/librefrain.so.1" | awk '{ print $3 }' | sort) \
        <(sed -n 's/^ \([^@]*\)@Base .*/\1/p' packaging/debian/symbols | sort); then
  pass "packaging/debian/symbols lists exactly the exported functions"
else
  fail "packaging/debian/symbols does not list exactly the exported functions (< exported, > listed)"
fi

# build_installed WHERE: builds the C and C++ consumers against an install
# (pkg-config and CMake find it through PKG_CONFIG_PATH and CMAKE_PREFIX_PATH
# when WHERE is the temporary prefix; /usr needs neither) and checks them.
build_installed() {
  local where=$1 out=$work/$2
  mkdir -p "$out"
  local cflags libs libdir
  cflags=$(pkg-config --cflags refrain)
  libs=$(pkg-config --libs refrain)
  libdir=$(pkg-config --variable=libdir refrain)
  # shellcheck disable=SC2086
  cc -std=c99 -Wall -Wextra -Werror $cflags "$here/c/main.c" -o "$out/c_consumer" $libs -Wl,-rpath,"$libdir"
  "$out/c_consumer" "$bundle" "${requests[@]}" > "$out/c.txt" 2>"$out/c.err"
  same "the C consumer ($where, pkg-config: $libs)" "$out/c.txt"

  cmake -S "$here/cpp" -B "$out/cpp" -DCMAKE_PREFIX_PATH="$3" "${launcher[@]}" >/dev/null
  cmake --build "$out/cpp" -j"$jobs" >/dev/null
  "$out/cpp/cpp_consumer" "$bundle" "${requests[@]}" > "$out/cpp.txt" 2>"$out/cpp.err"
  same "the C++ consumer ($where, find_package, Refrain::refrain)" "$out/cpp.txt"
  "$out/cpp/cpp_consumer_static" "$bundle" "${requests[@]}" > "$out/cpp_static.txt" 2>"$out/cpp_static.err"
  same "the C++ consumer ($where, find_package, Refrain::refrain_static)" "$out/cpp_static.txt"
  if readelf -d "$out/cpp/cpp_consumer_static" | grep -q 'NEEDED.*librefrain'; then
    fail "the static consumer needs librefrain.so"
  else
    pass "the static consumer does not need librefrain.so"
  fi
  "$out/cpp/service" "$bundle" < "$lines" 2> "$out/service.log" | records > "$out/service.txt"
  if cmp -s "$work/expected_records" "$out/service.txt" && [ "$(wc -l < "$out/service.log")" = "$(wc -l < "$lines")" ] &&
     [ "$(cut -d: -f1 "$out/service.log" | sort -u)" = "bundle $hash" ]; then
    pass "the service of docs/embedding.md ($where) decides $lines as \`refrain eval\` does, logging the bundle's hash"
  else
    fail "the service of docs/embedding.md ($where) decides otherwise, or logs otherwise"
  fi
}
PKG_CONFIG_PATH=$lib/pkgconfig build_installed "$prefix" prefix "$prefix"

# add_subdirectory: the runtime alone, unoptimised (the fastest to compile).
sub=$work/subdirectory
cmake -S "$here/subdirectory" -B "$sub" -DREFRAIN_SOURCE_DIR="$src" -DCMAKE_BUILD_TYPE= "${launcher[@]}" >/dev/null
cmake --build "$sub" -j"$jobs" >/dev/null
"$sub/c_consumer" "$bundle" "${requests[@]}" > "$sub/c.txt" 2>/dev/null
same "the add_subdirectory C consumer (Refrain::refrain)" "$sub/c.txt"
"$sub/cpp_consumer" "$bundle" "${requests[@]}" > "$sub/cpp.txt" 2>/dev/null
same "the add_subdirectory C++ consumer (Refrain::refrain_static)" "$sub/cpp.txt"
targets=$(cmake --build "$sub" --target help | sed -n 's/^\.\.\. \([^ ]*\).*/\1/p' | grep -v '\.[ios]$')
extra=$(echo "$targets" | grep -E '^(refrain|refrain_(policy|compiler|reference|corpus|runtime)|.*_test|.*_bench|fuzz_.*|record_layout_gen)$' || true)
built=$(cd "$sub" && find . -path ./CMakeFiles -prune -o -type f \( -perm -u+x -o -name '*.a' -o -name '*.so*' \) -print |
        grep -v '/CMakeFiles/' | sed 's:^\./::' | sort | tr '\n' ' ')
expected_built="c_consumer cpp_consumer refrain/runtime/librefrain.a refrain/runtime/librefrain.so.1.0.0 "
if [ -z "$extra" ] && [ "$built" = "$expected_built" ]; then
  pass "add_subdirectory builds the runtime alone: $(echo "$targets" | grep '^refrain' | tr '\n' ' ')"
else
  fail "add_subdirectory builds more than the runtime: targets \`$(echo $extra)\`, files \`$built\`"
fi

# The Debian packages, installed as a user installs them.
if [ "${REFRAIN_CONSUMERS_DEB:-1}" = 0 ]; then
  echo "skipped: the Debian packages (REFRAIN_CONSUMERS_DEB=0)"
elif [ "$(id -u)" != 0 ] || ! command -v dpkg >/dev/null 2>&1; then
  echo "skipped: the Debian packages (they are installed with dpkg -i, as root)"
elif dpkg -s "${packages[@]}" 2>/dev/null | grep -q '^Status: install'; then
  echo "skipped: the Debian packages (a Refrain package is installed already; not replacing it)"
else
  debs=$work/debs
  if ! (cd "$build" && cpack -G DEB -B "$debs" > "$work/cpack.log" 2>&1); then
    cat "$work/cpack.log"; exit 1
  fi
  files=("$debs"/*.deb)
  for deb in "${files[@]}"; do
    echo "   $(basename "$deb"): Depends: $(dpkg-deb -f "$deb" Depends)"
  done
  # Lintian's errors and warnings fail the run, but for the one explained:
  # pkg-config-unavailable-for-cross-compilation: refrain.pc is in
  #   /usr/lib/pkgconfig, not Debian's multiarch /usr/lib/x86_64-linux-gnu,
  #   because the packages are made from a tree configured, like any, for
  #   `cmake --install` into /usr/local (lib/). Configured with
  #   -DCMAKE_INSTALL_PREFIX=/usr, GNUInstallDirs picks the multiarch folder
  #   and the warning goes.
  # Its informational tags are printed (packaging/README.md explains them).
  if command -v lintian >/dev/null 2>&1; then
    findings=$(lintian --tag-display-limit 0 -I "${files[@]}" 2>&1 | grep -v 'running with root privileges' || true)
    unexplained=$(echo "$findings" | grep -E '^[EW]:' | grep -v ': pkg-config-unavailable-for-cross-compilation ' || true)
    if [ -n "$unexplained" ]; then
      fail "lintian finds errors or warnings:"; echo "$findings"
    else
      pass "lintian: no errors, no warnings but the one explained"
      [ -z "$findings" ] || echo "$findings" | sed 's/^/   /'
    fi
  else
    echo "skipped: lintian (not installed)"
  fi
  installed_debs=1
  dpkg -i "${files[@]}" >/dev/null
  pass "dpkg -i installed $(cd "$debs" && ls *.deb | tr '\n' ' ')"
  [ "$(refrain --version)" = "refrain 1.0.0" ] && pass "/usr/bin/refrain --version" || fail "refrain --version: $(refrain --version)"
  build_installed /usr deb ""
fi

echo "consumers: $passed passed, $failed failed in $((SECONDS - start)) s"
[ "$failed" = 0 ]
