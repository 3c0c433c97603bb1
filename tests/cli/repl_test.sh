#!/usr/bin/env bash
# Scripted sessions of `refrain repl`: requests built with :set, :decide, :why, expressions, :save-test, :reload.
#   repl_test.sh REFRAIN SOURCE_DIR
set -u
refrain=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
contains() {  # contains NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $1: $2 lacks: $3"; fi
}
lacks() {  # lacks NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then failed=$((failed + 1)); echo "FAIL $1: $2 has: $3"; else passed=$((passed + 1)); fi
}
status() {  # status NAME WANT GOT
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1: exit $3, want $2"; fi
}

# A session driven step by step: the REPL reads a FIFO the test writes (fd 3)
# and writes a FIFO the test reads (fd 4), and the test waits for an answer
# before its next step, never longer than $deadline seconds.
deadline=${REFRAIN_REPL_DEADLINE:-30}
start_session() {  # start_session LOG REPL_ARGS...
  session_log=$1
  shift
  : > "$session_log"
  rm -f "$work/to-repl" "$work/from-repl"
  mkfifo "$work/to-repl" "$work/from-repl"
  "$refrain" repl "$@" < "$work/to-repl" > "$work/from-repl" 2>&1 &
  session_pid=$!
  exec 3> "$work/to-repl" 4< "$work/from-repl"
}
send() { printf '%s\n' "$1" >&3; }
await() {  # await NAME TEXT: reads the REPL's output up to a line holding TEXT; fails at EOF or the deadline
  local line end=$((SECONDS + deadline)) left
  while :; do
    left=$((end - SECONDS))
    if [ "$left" -le 0 ]; then
      failed=$((failed + 1)); echo "FAIL $1: no \`$2\` from the REPL within $deadline s"; return 1
    fi
    IFS= read -r -t "$left" line <&4
    case $? in
      0) ;;
      1) failed=$((failed + 1)); echo "FAIL $1: the REPL ended without \`$2\`"; return 1 ;;
      *) failed=$((failed + 1)); echo "FAIL $1: no \`$2\` from the REPL within $deadline s"; return 1 ;;
    esac
    printf '%s\n' "$line" >> "$session_log"
    case $line in *"$2"*) passed=$((passed + 1)); return 0 ;; esac
  done
}
end_session() {  # end_session NAME: closes the REPL's input, keeps the rest of its output, checks it exits 0
  exec 3>&-
  if ! timeout "$deadline" cat <&4 >> "$session_log"; then
    failed=$((failed + 1)); echo "FAIL $1: the REPL did not finish within $deadline s of its input's end"
    kill "$session_pid" 2>/dev/null
  fi
  exec 4<&-
  wait "$session_pid"
  status "$1 exits 0" 0 $?
}

mkdir -p "$work/policies" "$work/tests"
cp "$src"/examples/policies/*.refrain "$work/policies/"
policies=("$work"/policies/*.refrain)
catalog=$src/examples/catalog/works.jsonl

# The request of examples/requests/01-train-low-tide.json, field by field.
cat > "$work/session1" <<'SCRIPT'
:set use ai.train.generative
:set requester.id acme-ai
:set requester.kind company
:set requester.verified true
:set work USNW12500001
:set purpose commercial
:set territory US
:set time 2026-05-01T12:00:00Z
:set units 120000
:set revenue "50000.00 USD"
:set model.name acme-music-2
:set model.provider acme-ai
:set model.open_weights false
:request
:decide
purpose == "commercial" and territory in EU
units * 2
:save-test low-tide-commercial tests/repl.test.json
:set purpose personal
:decide
:why
:save-test low-tide-personal tests/repl.test.json
:frobnicate
purpose = "x"
:set requester.shoe_size 42
:unset model
not has(model.name)
revenue + 1 EUR
unknown_field
:help
:quit
units
SCRIPT
(cd "$work" && "$refrain" repl "${policies[@]}" --catalog "$catalog" < session1 > out1 2> err1)
status "session exits 0" 0 $?
out=$work/out1
contains "loaded" "$out" "loaded 16 policies"
contains "set string" "$out" '"purpose": "commercial"'
contains "set JSON bool" "$out" '"verified": true'
contains "set JSON int" "$out" '"units": 120000'
contains "set work from catalog" "$out" '"title": "Low Tide"'
contains "decide allow" "$out" '"decision": "allow"'
contains "decide payee" "$out" '"amount": "3000.000000"'
contains "expression bool" "$out" "false : bool"
contains "expression int" "$out" "240000 : int"
contains "decide deny" "$out" '"decision": "deny"'
contains "why verdict" "$out" "luna-ray: silent"
contains "why platform rule" "$out" "streamco: allow by rule"
contains "why false condition" "$out" '`purpose in ["commercial", "research"]` is false: purpose = "personal"'
contains "why comparison" "$out" '`purpose == "commercial"` is false: purpose = "personal"'
contains "saved" "$out" "saved case \`low-tide-personal\`"
contains "unknown command" "$out" "error: unknown command \`:frobnicate\`"
contains "syntax error" "$out" "error: column 9: unexpected \`=\`"
contains "unknown field" "$out" "error: unknown field \`requester.shoe_size\`"
contains "unset" "$out" "true : bool"
contains "evaluation error" "$out" "error: currency_mismatch"
contains "untyped field" "$out" "error: column 1: cannot tell the type of \`unknown_field\`"
contains "help" "$out" ":save-test NAME [FILE]"
contains "help why" "$out" ":why"
lacks "quit ends" "$out" "120000 : int"
lacks "no prompt when piped" "$out" "refrain>"

# The saved test file: valid JSON in the shared format, paths relative to its folder.
test_file=$work/tests/repl.test.json
command -v python3 >/dev/null || { echo "FAIL: python3 is needed to read the saved test file (apt-get install python3)"; exit 1; }
if python3 - "$test_file" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["sources"][0] == "../policies/eva-lindqvist.refrain", d["sources"]
assert d["catalog"].endswith("examples/catalog/works.jsonl")
names = [c["name"] for c in d["cases"]]
assert names == ["low-tide-commercial", "low-tide-personal"], names
first = d["cases"][0]
assert first["request"]["context"]["territory"] == "US"
assert first["expect"]["decision"] == "allow"
assert list(first["expect"]) == ["decision", "reasons", "duties", "payments", "errors"]
assert d["cases"][1]["expect"]["decision"] == "deny"
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL save-test file"; fi
"$refrain" test "$test_file" > "$work/test-out" 2>&1
status "refrain test runs the saved cases" 0 $?
contains "refrain test passes both saved cases" "$work/test-out" "2 passed, 0 failed"

# :reload after editing a source: one policy changed, one added.
# The sources are edited only once the REPL has answered, so it loaded them first.
luna=$work/policies/luna-ray.refrain
start_session "$work/out2" "${policies[@]}" --catalog "$catalog"
send ':help'
await "reload: loaded before the edit" "commands:"
sed -i 's/pay 5% \* revenue/pay 6% * revenue/' "$luna"
printf 'policy "luna-extra" by artist "luna-ray" {\n  allow ai.produce.stems\n}\n' >> "$luna"
send ':reload'
end_session "reload"
contains "reload counts" "$work/out2" "rules: 54 -> 55"
contains "reload changed" "$work/out2" "changed: luna-ray (effective 2026-03-01) (4 rules -> 4)"
contains "reload added" "$work/out2" "added: luna-extra (1 rules)"
lacks "reload unchanged" "$work/out2" "changed: northwind"

# A reload that breaks a source keeps the previous program.
printf 'policy "broken" by artist "x" {\n  allow ai.nope\n}\n' > "$work/broken.refrain"
cp "$work/broken.refrain" "$work/ok.refrain"
printf 'policy "ok" by artist "x" {\n  allow ai.train\n}\n' > "$work/ok.refrain"
start_session "$work/out3" "$work/ok.refrain"
send ':help'
await "broken reload: loaded before the edit" "commands:"
cp "$work/broken.refrain" "$work/ok.refrain"
send ':reload'
send ":load $work/nope.refrain"
end_session "broken reload"
contains "reload error diagnostic" "$work/out3" "error: unknown use \`ai.nope\`"
contains "reload keeps program" "$work/out3" "keeping the previous program"
contains "load missing file" "$work/out3" "error: cannot read"

"$refrain" repl --help > "$work/out4" 2>&1
status "repl --help" 0 $?
contains "repl usage" "$work/out4" "usage: refrain repl"
"$refrain" repl --frobnicate > "$work/out4" 2>&1
status "repl bad option" 2 $?

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
