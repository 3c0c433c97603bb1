#!/usr/bin/env bash
# The Python package as a newcomer gets it (docs/embedding.md, "Python"):
# installed with pip, offline and without build isolation, into a fresh
# virtual environment that sees Debian's packages; then the Python tests
# (pytest) run against the installed package from outside the source tree,
# and examples/decide.py runs. Given the refrain command, also checks that
# the example prints exactly what `refrain eval --requests` prints.
#   python/test.sh [build/bin/refrain]        (after .ci/install-deps python)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
refrain_cli=${1:-}
# Debian's interpreter, whose setuptools, pybind11 and pytest the packages
# bring; another python3 earlier on PATH may have none of them.
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" -m venv --system-site-packages "$work/env"
if command -v ccache >/dev/null 2>&1; then export CMAKE_CXX_COMPILER_LAUNCHER=ccache; fi
"$work/env/bin/pip" install --no-build-isolation --no-index "$root"
cd "$work"  # so that `import refrain` can only find the installed package
"$work/env/bin/python" -c 'import refrain, sys; assert refrain.__file__.startswith(sys.prefix), refrain.__file__'
"$work/env/bin/python" -m pytest -p no:cacheprovider -q "$root/python/tests"
"$work/env/bin/python" "$root/examples/decide.py" > "$work/python.jsonl"
if [ -n "$refrain_cli" ]; then
  (cd "$root" && "$refrain_cli" eval examples/policies/*.refrain --catalog examples/catalog/works.jsonl \
    --requests examples/requests/all.jsonl 2>/dev/null) > "$work/native.jsonl"
  cmp "$work/python.jsonl" "$work/native.jsonl"
  echo "examples/decide.py prints what refrain eval --requests prints: $(wc -l < "$work/native.jsonl") decisions"
fi
