#!/usr/bin/env bash
# Fetches RE2's source from Debian's source package into DEST (default
# build-wasm/third_party) and generates its Unicode tables from Debian's
# unicode-data, so RE2 can be compiled to WebAssembly. Nothing is committed:
# the source lives only in the build tree.
#
#   wasm/fetch-re2.sh [DEST]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$root/build-wasm/third_party}
src="$dest/re2"
if [ -f "$src/.refrain-ready" ]; then exit 0; fi

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
# apt-get source needs a deb-src entry for the same suite the machine uses.
if ! grep -rqs '^Types: deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src ' /etc/apt/sources.list; then
  $sudo_cmd tee /etc/apt/sources.list.d/refrain-deb-src.sources >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $sudo_cmd apt-get update -qq
fi

rm -rf "$dest/re2-fetch" && mkdir -p "$dest/re2-fetch"
(cd "$dest/re2-fetch" && apt-get source -qq re2=20220601+dfsg-1 >/dev/null 2>&1 || apt-get source -qq re2 >/dev/null)
rm -rf "$src"
mv "$dest"/re2-fetch/re2-*/ "$src"
rm -rf "$dest/re2-fetch"

# Debian's patch points unicode.py at /usr/share/unicode (package unicode-data).
cd "$src/re2"
/usr/bin/python3 make_unicode_casefold.py > unicode_casefold.cc
/usr/bin/python3 make_unicode_groups.py > unicode_groups.cc
perl make_perl_groups.pl > perl_groups.cc
touch "$src/.refrain-ready"
