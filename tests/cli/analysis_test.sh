#!/usr/bin/env bash
# `refrain verify`, the symbolic `refrain diff` and the REPL's `:verify` and
# `:diff` on the examples: exact reports (the solver is deterministic, and
# every counterexample shown is one the runtime decided), exit codes, and
# usage errors. Expected reports live in tests/analysis/expected/.
#   analysis_test.sh REFRAIN SOURCE_DIR   (REFRAIN_UPDATE_CASES=1 rewrites the expected files)
set -u
refrain=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$2" || exit 2  # relative paths: reports name rules by the paths given
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() {  # check NAME EXPECTED_STATUS COMMAND...
  local name=$1 want=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" = "$want" ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $name: exit $got, want $want"; head -5 "$work/err" "$work/out"; fi
}
same() {  # same NAME EXPECTED_FILE: the last command's stdout is exactly the file
  if [ "${REFRAIN_UPDATE_CASES:-}" = 1 ]; then cp "$work/out" "$2"; fi
  if cmp -s "$work/out" "$2"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $1: stdout differs from $2"; diff "$work/out" "$2" | head -10; fi
}
says() {  # says NAME TEXT: the last command's stderr is exactly TEXT
  if [ "$(cat "$work/err")" = "$2" ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $1: stderr is '$(cat "$work/err")', want '$2'"; fi
}

expected=tests/analysis/expected
policies=(examples/policies/*.refrain)
catalog=examples/catalog/works.jsonl
changed=()  # the examples with Luna Ray's one change
for f in "${policies[@]}"; do
  case $f in */luna-ray.refrain) changed+=(tests/analysis/luna-ray-personalize.refrain) ;; *) changed+=("$f") ;; esac
done
"$refrain" build "${policies[@]}" --catalog "$catalog" -o "$work/old.rfb" >/dev/null 2>&1
"$refrain" build "${changed[@]}" --catalog "$catalog" -o "$work/new.rfb" >/dev/null 2>&1

# verify: holds (exit 0), fails with checked counterexamples (1), unknown (2).
check "verify holds" 0 "$refrain" verify "${policies[@]}" --catalog "$catalog" \
  --property 'never allow ai.generate.voice when work.id == "USNW12500001"'
same "verify holds" "$expected/verify-voice-northwind.txt"
check "verify fails" 1 "$refrain" verify --bundle "$work/old.rfb" --property 'never allow ai.generate.voice'
same "verify fails" "$expected/verify-voice.txt"
check "always deny is never allow" 1 "$refrain" verify --bundle "$work/old.rfb" --property 'always deny ai.generate.voice'
same "always deny is never allow" "$expected/verify-voice.txt"
check "never error" 1 "$refrain" verify --bundle "$work/old.rfb" --property 'never error ai.generate.style' --format json
same "never error" "$expected/verify-never-error-style.json"
check "always pays" 1 "$refrain" verify --bundle "$work/old.rfb" --property 'always pays ai.train.generative at least 1000.00 USD' --at 2026-06-01
same "always pays" "$expected/verify-pays.txt"
check "implies: the change allows more" 1 "$refrain" verify --bundle "$work/new.rfb" --property implies --old "$work/old.rfb"
same "implies: the change allows more" "$expected/verify-implies-fails.txt"
check "implies: the old allows less" 0 "$refrain" verify --bundle "$work/old.rfb" --property implies --old "$work/new.rfb" --use ai.engage
same "implies: the old allows less" "$expected/verify-implies-holds.txt"
check "unknown: a pattern not translated" 2 "$refrain" verify tests/analysis/word-boundary.refrain --property 'never allow ai.train'
same "unknown: a pattern not translated" "$expected/verify-unknown.txt"

check "when on catalog works" 1 "$refrain" verify --bundle "$work/old.rfb" \
  --property 'never allow ai.train.generative when work.genre == "nordic pop"'
same "when on catalog works" "$expected/verify-when-genre.txt"
check "a count with a leading zero is text" 1 "$refrain" verify tests/analysis/repeat-count.refrain --property 'never allow ai.train'
same "a count with a leading zero is text" "$expected/verify-repeat-count.txt"
check "characters past U+2FFFF: unknown, never same" 2 "$refrain" diff --old tests/analysis/astral-old.refrain \
  --new tests/analysis/astral-new.refrain --fail-on-change
same "characters past U+2FFFF: unknown, never same" "$expected/diff-astral.txt"

# diff without a request log: the one change, and nothing else.
check "diff" 0 "$refrain" diff --old "$work/old.rfb" --new "$work/new.rfb"
same "diff" "$expected/diff-personalize.txt"
check "diff json" 0 "$refrain" diff --old "$work/old.rfb" --new "$work/new.rfb" --format json
same "diff json" "$expected/diff-personalize.json"
check "diff gate" 1 "$refrain" diff --old "$work/old.rfb" --new "$work/new.rfb" --fail-on-change
check "diff same" 0 "$refrain" diff --old "$work/old.rfb" --new "${policies[@]}" --catalog "$catalog" --fail-on-change
check "diff one use" 0 "$refrain" diff --old "$work/old.rfb" --new "$work/new.rfb" --use ai.train --fail-on-change

# Usage errors, exact.
check "no property" 2 "$refrain" verify --bundle "$work/old.rfb"
says "no property" "refrain: give the property to prove with --property, e.g. --property 'never allow ai.generate.voice'"
check "bad property" 2 "$refrain" verify --bundle "$work/old.rfb" --property 'sometimes allow ai'
says "bad property" "refrain: --property: a property is \`never allow USE [when EXPR]\`, \`always deny USE [when EXPR]\`, \`never error USE\`, \`implies\` or \`always pays USE at least MONEY\`, not \`sometimes allow ai\`"
check "unknown use" 2 "$refrain" verify --bundle "$work/old.rfb" --property 'never allow ai.generate.lyrics'
says "unknown use" "refrain: --property: unknown use \`ai.generate.lyrics\`"
check "bad when" 2 "$refrain" verify --bundle "$work/old.rfb" --property 'never allow ai when territory == 3'
check "implies without old" 2 "$refrain" verify --bundle "$work/old.rfb" --property implies
says "implies without old" "refrain: \`implies\` compares with an older bundle: give it with --old"
check "bad at" 2 "$refrain" verify --bundle "$work/old.rfb" --property 'never allow ai' --at yesterday
says "bad at" "refrain: --at takes an RFC 3339 time or a date, not \`yesterday\`"
check "bad money" 2 "$refrain" verify --bundle "$work/old.rfb" --property 'always pays ai at least lots'
says "bad money" "refrain: --property: write \`always pays ai at least MONEY\`, e.g. \`at least 100.00 USD\`"

# The REPL: :verify on the loaded program, :diff against new sources.
printf '%s\n' ':verify never allow ai.generate.voice when work.id == "USNW12500001"' ":diff ${changed[*]}" ':verify implies' \
  | "$refrain" repl "${policies[@]}" --catalog "$catalog" >"$work/out" 2>&1
same "repl" "$expected/repl.txt"

echo "analysis_test: $passed passed, $failed failed"
[ "$failed" = 0 ]
