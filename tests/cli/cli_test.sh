#!/usr/bin/env bash
# End-to-end checks of the `refrain` command: exit codes, output shapes and --help, against the examples.
#   cli_test.sh REFRAIN SOURCE_DIR
set -u
refrain=$1
src=$2
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
    failed=$((failed + 1)); echo "FAIL $name: exit $got, want $want"; head -5 "$work/err"; fi
}
same() {  # same NAME EXPECTED_FILE: the last command's stdout is exactly the file
  if cmp -s "$work/out" "$2"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $1: stdout differs from $2"; diff "$work/out" "$2" | head -5; fi
}
says() {  # says NAME TEXT: the last command's stderr is exactly `refrain: TEXT`
  if [ "$(cat "$work/err")" = "refrain: $2" ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $1: stderr is not: refrain: $2"; head -5 "$work/err"; fi
}
contains() {  # contains NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $1: $2 lacks: $3"; head -5 "$2"; fi
}

policies=("$src"/examples/policies/*.refrain)
catalog=$src/examples/catalog/works.jsonl

check "check examples" 0 "$refrain" check "${policies[@]}" --catalog "$catalog"
printf 'policy "p" by artist "a" {\n  allow ai.train.foo\n  deny ai when territory == XX\n}\n' > "$work/bad.refrain"
check "check errors" 1 "$refrain" check "$work/bad.refrain"
contains "error format" "$work/err" "bad.refrain:2:9: error: unknown use \`ai.train.foo\`"
contains "second error" "$work/err" "bad.refrain:3:29: error: unknown territory \`XX\`"
contains "caret" "$work/err" "          ^"
check "missing file" 2 "$refrain" check "$work/nope.refrain"
contains "missing file message" "$work/err" "refrain: cannot read"
check "unknown option" 2 "$refrain" check --frobnicate "${policies[0]}"
check "unknown command" 2 "$refrain" frobnicate

check "build" 0 "$refrain" build "${policies[@]}" --catalog "$catalog" -o "$work/a.rfb"
check "build again" 0 "$refrain" build "${policies[@]}" --catalog "$catalog" -o "$work/b.rfb"
if cmp -s "$work/a.rfb" "$work/b.rfb"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL reproducible bundle"; fi
check "build without -o" 2 "$refrain" build "${policies[@]}"
check "inspect" 0 "$refrain" inspect "$work/a.rfb"
contains "inspect catalog" "$work/out" "catalog: 53 works"
contains "inspect versions" "$work/out" "\"northwind-ai\" by label \"northwind\", effective 2026-07-01"
head -c 100 "$work/a.rfb" > "$work/cut.rfb"
check "inspect truncated" 2 "$refrain" inspect "$work/cut.rfb"
contains "truncated message" "$work/err" "bundle is corrupted"

check "eval one" 0 "$refrain" eval --bundle "$work/a.rfb" --request "$src/examples/requests/01-train-low-tide.json"
contains "eval decision" "$work/out" '"decision": "allow"'
contains "eval payee" "$work/out" '"amount": "3000.000000"'
check "eval stdin" 0 sh -c "'$refrain' eval --bundle '$work/a.rfb' --request - < '$src/examples/requests/16-silent-artist.json'"
contains "eval stdin deny" "$work/out" '"verdict": "silent"'
check "eval sources" 0 "$refrain" eval "${policies[@]}" --catalog "$catalog" --request "$src/examples/requests/01-train-low-tide.json"
check "eval batch" 0 "$refrain" eval --bundle "$work/a.rfb" --requests "$src/examples/requests/all.jsonl"
lines=$(wc -l < "$work/out")
if [ "$lines" = 45 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL batch lines: $lines"; fi
contains "batch summary" "$work/err" "45 decisions: 20 allow, 20 deny, 5 error"
contains "batch payout" "$work/err" "  luna-ray  23629.166666"
# Threads: the same bytes in the same order, and the same summary, for any count.
# 9,000 lines make several chunks per thread; the last line has no newline and blank lines are skipped.
for _ in $(seq 200); do cat "$src/examples/requests/all.jsonl"; echo; done > "$work/many.jsonl"
printf '%s' "$(tail -1 "$src/examples/requests/all.jsonl")" >> "$work/many.jsonl"
check "threads 1" 0 "$refrain" eval --bundle "$work/a.rfb" --requests "$work/many.jsonl"
mv "$work/out" "$work/one.jsonl"; mv "$work/err" "$work/one.err"
for t in 2 3 8; do
  check "threads $t" 0 "$refrain" eval --bundle "$work/a.rfb" --requests "$work/many.jsonl" --threads $t
  if cmp -s "$work/out" "$work/one.jsonl" && cmp -s "$work/err" "$work/one.err"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL threads $t: output or summary differs from one thread"; fi
done
contains "threads summary" "$work/one.err" "9001 decisions: 4001 allow, 4000 deny, 1000 error"
check "threads zero" 2 "$refrain" eval --bundle "$work/a.rfb" --requests "$work/many.jsonl" --threads 0
contains "threads message" "$work/err" "refrain: --threads takes a whole number from 1 to 256, not \`0\`"
check "threads with one request" 2 "$refrain" eval --bundle "$work/a.rfb" --request x --threads 2
check "eval both" 2 "$refrain" eval --bundle "$work/a.rfb" --request x --requests y
check "eval bad sources" 1 "$refrain" eval "$work/bad.refrain" --request "$src/examples/requests/01-train-low-tide.json"

check "test examples" 0 "$refrain" test "$src/examples/tests"
contains "test summary" "$work/out" "55 passed, 0 failed"
sed 's/"amount": "3000.000000"/"amount": "3001.000000"/' "$src/examples/tests/examples.test.json" |
  sed "s#\.\./policies/#$src/examples/policies/#; s#\.\./catalog/#$src/examples/catalog/#" > "$work/wrong.test.json"
check "test failing" 1 "$refrain" test "$work/wrong.test.json"
contains "test fail line" "$work/out" "FAIL $work/wrong.test.json: 01 "
contains "test diff expected" "$work/out" '-         "amount": "3001.000000",'
contains "test diff actual" "$work/out" '+         "amount": "3000.000000",'
contains "test fail summary" "$work/out" "53 passed, 2 failed"
check "test coverage" 0 "$refrain" test "$src/examples/tests" --coverage
contains "test coverage line" "$work/out" "coverage: 54/54 rules decided (100.0%)"
check "test coverage-min" 1 "$refrain" test "$src/examples/tests" --coverage-min 101
echo '{"sources": ["nope.refrain"], "cases": []}' > "$work/broken.test.json"
check "test unreadable source" 2 "$refrain" test "$work/broken.test.json"
echo '{"sources": ["bad.refrain"], "cases": []}' > "$work/bad.test.json"
check "test bad sources" 2 "$refrain" test "$work/bad.test.json"
contains "test diagnostics" "$work/err" "bad.refrain:2:9: error: unknown use"

check "fmt --check examples" 0 "$refrain" fmt --check "${policies[@]}"
printf 'region  A=[US,CA]\npolicy "p" by artist "a" {  allow ai.train   when purpose=="research" # why\n}\n' > "$work/messy.refrain"
cp "$work/messy.refrain" "$work/messy.orig"
check "fmt --check messy" 1 "$refrain" fmt --check "$work/messy.refrain"
contains "fmt --check names the file" "$work/err" "messy.refrain: not formatted"
if cmp -s "$work/messy.refrain" "$work/messy.orig"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL fmt --check changed the file"; fi
check "fmt messy" 0 "$refrain" fmt "$work/messy.refrain"
contains "fmt rewrote" "$work/messy.refrain" '  allow ai.train when purpose == "research"  # why'
check "fmt --check fixed" 0 "$refrain" fmt --check "$work/messy.refrain"
printf 'policy "p" by artist "a" {\n  allow\n}\n' > "$work/syntax.refrain"
cp "$work/syntax.refrain" "$work/syntax.orig"
check "fmt syntax error" 1 "$refrain" fmt "$work/syntax.refrain"
contains "fmt diagnostics" "$work/err" "syntax.refrain:3:1: error:"
if cmp -s "$work/syntax.refrain" "$work/syntax.orig"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL fmt touched a file with syntax errors"; fi
check "fmt no files" 2 "$refrain" fmt
check "fmt --help" 0 "$refrain" fmt --help
contains "fmt help text" "$work/out" "usage: refrain fmt"

# catalog import: DDEX messages to a catalog that builds; a bad file is left out, and said.
ddex=$src/tests/ddex
check "catalog import" 0 "$refrain" catalog import --from ddex "$ddex/ern43.xml" "$ddex/ern432.xml" -o "$work/ddex.jsonl"
contains "import summary" "$work/err" "ern432.xml: ERN 4.3.2, 2 works"
lines=$(wc -l < "$work/ddex.jsonl")
if [ "$lines" = 2 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL later file replaces: $lines lines"; fi
contains "later file wins" "$work/ddex.jsonl" '"contains_ai":"partly"'
check "build with imported catalog" 0 "$refrain" build "${policies[@]}" --catalog "$work/ddex.jsonl" -o "$work/ddex.rfb"
printf '{"party":"nova-vale","isni":"0000000123456789"}\n' > "$work/map.jsonl"
check "catalog import to stdout" 0 "$refrain" catalog import --from ddex "$ddex/ern41.xml" --parties "$work/map.jsonl"
contains "mapped party" "$work/out" '{"party":"nova-vale","role":"artist"}'
sed 's/<ISRC>QZXYZ2500002/<ISRC>QZ2500002/' "$ddex/ern43.xml" > "$work/bad.xml"
check "catalog import bad ISRC" 1 "$refrain" catalog import --from ddex "$work/bad.xml" "$ddex/ern42.xml"
contains "ISRC error at its place" "$work/err" "bad.xml:81:21: error: malformed ISRC \`QZ2500002\`"
contains "bad file not imported" "$work/err" "bad.xml: not imported (1 error)"
contains "good file still imported" "$work/out" '"id":"QZXYZ2500002"'
check "catalog import without --from" 2 "$refrain" catalog import "$ddex/ern43.xml"
check "catalog --help" 0 "$refrain" catalog --help
contains "catalog help text" "$work/out" "usage: refrain catalog import --from ddex"

# signals: Luna Ray's choices as each format, exactly as examples/signals shows them; back as policies that check.
sig=$src/examples/signals
at=(--party luna-ray --at 2026-12-01 --rsl-url https://luna-ray.example/rsl.xml)
for pair in rsl:luna-ray.rsl.xml aipref:luna-ray.content-usage.txt tdmrep:luna-ray.tdmrep.json cawg:luna-ray.cawg.json iptc:luna-ray.iptc.xmp; do
  format=${pair%%:*} file=${pair#*:}
  check "signals export $format" 0 "$refrain" signals export "${policies[@]}" --catalog "$catalog" "${at[@]}" --format "$format"
  same "signals export $format as examples/signals/$file" "$sig/$file"
  check "signals import $format" 0 "$refrain" signals import --format "$format" "$sig/$file" --party artist:luna-ray -o "$work/imported.refrain"
  check "signals import $format checks" 0 "$refrain" check "$work/imported.refrain"
  check "signals import $format is formatted" 0 "$refrain" fmt --check "$work/imported.refrain"
done
check "signals export robots.txt" 0 "$refrain" signals export --bundle "$work/a.rfb" "${at[@]}" --format aipref --robots
same "signals robots.txt as examples/signals" "$sig/luna-ray.robots.txt"
check "signals stance of a party" 0 "$refrain" signals stance --bundle "$work/a.rfb" --party luna-ray --at 2026-12-01
same "signals stance as examples/signals" "$sig/luna-ray.stance.jsonl"
check "signals stance of a work" 0 "$refrain" signals stance --bundle "$work/a.rfb" --party luna-ray --work USNW12400013 --at 2026-12-01
same "signals work stance as examples/signals" "$sig/moth-light.stance.jsonl"
check "signals import cawg" 0 "$refrain" signals import --format cawg "$sig/luna-ray.cawg.json" --party artist:luna-ray
contains "signals import: the deny and its carve-outs" "$work/out" "deny ai except ai.train.analytic, ai.produce"
check "signals unknown work" 1 "$refrain" signals stance --bundle "$work/a.rfb" --party luna-ray --work NOPE --at 2026-12-01
contains "signals unknown work said" "$work/err" "refrain: no work \`NOPE\` in the bundle's catalog"
check "signals not a holder" 1 "$refrain" signals export --bundle "$work/a.rfb" --party eva-lindqvist --work USNW12400013 --format rsl
contains "signals not a holder said" "$work/err" "refrain: party \`eva-lindqvist\` holds no rights in work \`USNW12400013\`"
check "signals unknown format" 2 "$refrain" signals export --bundle "$work/a.rfb" --party luna-ray --format odrl
contains "signals unknown format said" "$work/err" "unknown format \`odrl\`; expected rsl, aipref, tdmrep, cawg or iptc"
check "signals bad --at" 2 "$refrain" signals export --bundle "$work/a.rfb" --party luna-ray --format rsl --at yesterday
check "signals tdmrep needs --rsl-url" 2 "$refrain" signals export --bundle "$work/a.rfb" --party luna-ray --at 2026-12-01 --format tdmrep
printf 'Content-Usage: train-ai="n"\n' > "$work/bad-usage.txt"
check "signals import refuses a guess" 1 "$refrain" signals import --format aipref "$work/bad-usage.txt" --party artist:luna-ray
contains "signals import error at its place" "$work/err" "bad-usage.txt:1:16: error: \`train-ai\` must be the token"
check "signals import without ROLE:ID" 2 "$refrain" signals import --format aipref "$sig/luna-ray.content-usage.txt" --party luna-ray
check "signals import bad role" 2 "$refrain" signals import --format aipref "$sig/luna-ray.content-usage.txt" --party fan:luna-ray
check "signals --help" 0 "$refrain" signals --help
contains "signals help text" "$work/out" "usage: refrain signals stance"

# diff --requests: Luna Ray's changed terms (tests/diff/luna-ray.refrain) against the examples, over
# tests/diff/requests.jsonl. Run in the source folder, so the rules' file names print as they do there.
insrc() { (cd "$src" && "$@"); }
mapfile -t old_sources < <(cd "$src" && printf '%s\n' examples/policies/*.refrain)
new_sources=("${old_sources[@]/examples\/policies\/luna-ray.refrain/tests/diff/luna-ray.refrain}")
rel_catalog=examples/catalog/works.jsonl
log=tests/diff/requests.jsonl
check "diff: build old" 0 insrc "$refrain" build "${old_sources[@]}" --catalog $rel_catalog -o "$work/old.rfb"
check "diff: build new" 0 insrc "$refrain" build "${new_sources[@]}" --catalog $rel_catalog -o "$work/new.rfb"
bundles=(--old "$work/old.rfb" --new "$work/new.rfb")
check "diff text" 0 insrc "$refrain" diff "${bundles[@]}" --requests $log
same "diff text output" "$src/tests/diff/expected.txt"
check "diff json, one use, one example" 0 insrc "$refrain" diff "${bundles[@]}" --requests $log --format json --use ai.train --limit 1
same "diff json output" "$src/tests/diff/expected-train.json"
check "diff --fail-on-change, changed" 1 insrc "$refrain" diff --fail-on-change "${bundles[@]}" --requests $log
same "diff --fail-on-change prints the same" "$src/tests/diff/expected.txt"
check "diff --limit 1" 0 insrc "$refrain" diff "${bundles[@]}" --requests $log --limit 1
contains "diff --limit 1 counts the rest" "$work/out" "  ... and 1 more"
check "diff --fail-on-change, unchanged" 0 insrc "$refrain" diff --old "$work/old.rfb" --new "$work/old.rfb" --requests $log --fail-on-change
contains "diff unchanged" "$work/out" "9 requests: 9 unchanged, 0 changed"
contains "diff unchanged payments" "$work/out" "paid in USD: 9739.200000 before, 9739.200000 after, no change"
check "diff --use: only the use and below" 1 insrc "$refrain" diff "${bundles[@]}" --requests $log --use ai.produce --fail-on-change
contains "diff --use header" "$work/out" "1 request for ai.produce or below: 0 unchanged, 1 changed (1 allow -> deny)"
check "diff --use: a gate on one subtree" 0 insrc "$refrain" diff "${bundles[@]}" --requests $log --use ai.generate --fail-on-change
contains "diff --use: nothing changed there" "$work/out" "1 request for ai.generate or below: 1 unchanged, 0 changed"
# A side may be sources and their catalog, on either side: the same summary as from bundles.
check "diff sources vs bundle" 0 insrc "$refrain" diff --old "${old_sources[@]}" --catalog $rel_catalog --new "$work/new.rfb" --requests $log
same "diff sources vs bundle output" "$src/tests/diff/expected.txt"
check "diff bundle vs sources" 0 insrc "$refrain" diff --requests $log --old "$work/old.rfb" --new "${new_sources[@]}" --catalog $rel_catalog
same "diff bundle vs sources output" "$src/tests/diff/expected.txt"
check "diff reads the log from stdin" 0 sh -c "cd '$src' && '$refrain' diff --old '$work/old.rfb' --new '$work/new.rfb' --requests - < $log"
same "diff stdin output" "$src/tests/diff/expected.txt"
# Each usage error: exit 2, one line.
diff_usage() {  # diff_usage NAME MESSAGE ARGS...
  local name=$1 message=$2
  shift 2
  check "diff usage: $name" 2 "$refrain" diff "$@"
  says "diff usage: $name says" "$message"
}
reqs=(--requests "$src/$log")
diff_usage "missing --old" "missing --old: give the policies before the change, as a bundle or as sources" \
  --new "$work/new.rfb" "${reqs[@]}"
diff_usage "missing --new" "missing --new: give the policies after the change, as a bundle or as sources" \
  --old "$work/old.rfb" "${reqs[@]}"
diff_usage "empty side" "--old names no files; give a bundle or policy sources after it" --old --new "$work/new.rfb"
diff_usage "side twice" "--new is given twice" --old "$work/old.rfb" --new "$work/new.rfb" --new "$work/new.rfb"
diff_usage "--catalog with a bundle" "--catalog goes with policy sources, not with the bundle \`$work/new.rfb\` of --new" \
  --old "$work/old.rfb" --new "$work/new.rfb" --catalog "$catalog"
diff_usage "a bundle among sources" "\`$work/old.rfb\` is a bundle; --old takes one bundle or policy sources, not both" \
  --old "$work/old.rfb" "${policies[0]}" --new "$work/new.rfb"
diff_usage "--catalog out of place" "--catalog goes right after the policy files of --old or --new" \
  "${reqs[@]}" --catalog "$catalog" --old "$work/old.rfb" --new "$work/new.rfb"
diff_usage "stray file" "unexpected \`extra.refrain\`: files go right after --old or --new" \
  --old "${policies[@]}" --catalog "$catalog" extra.refrain --new "$work/new.rfb"
diff_usage "unknown option" "unknown option \`--bundle\`; see --help" --bundle "$work/old.rfb" --new "$work/new.rfb"
diff_usage "option without its value" "option \`--limit\` needs a value" --old "$work/old.rfb" --new "$work/new.rfb" --limit
diff_usage "bad --use" "--use takes a use of the use tree, such as ai.train.generative, not \`ai.lyrics\`" \
  --old "$work/old.rfb" --new "$work/new.rfb" "${reqs[@]}" --use ai.lyrics
diff_usage "bad --at" "--at takes an RFC 3339 date or timestamp, not \`2026-13-01\`" \
  --old "$work/old.rfb" --new "$work/new.rfb" --at 2026-13-01
diff_usage "--at with --requests" "--at goes without --requests: each request in a log carries its own context.time" \
  --old "$work/old.rfb" --new "$work/new.rfb" "${reqs[@]}" --at 2026-05-01
diff_usage "--limit 0" "--limit takes a whole number from 1 to 1000, not \`0\`" --old "$work/old.rfb" --new "$work/new.rfb" --limit 0
diff_usage "--limit 1001" "--limit takes a whole number from 1 to 1000, not \`1001\`" \
  --old "$work/old.rfb" --new "$work/new.rfb" --limit 1001
diff_usage "--limit not a number" "--limit takes a whole number from 1 to 1000, not \`ten\`" \
  --old "$work/old.rfb" --new "$work/new.rfb" --limit ten
diff_usage "unknown format" "unknown format \`csv\`; expected text or json" \
  --old "$work/old.rfb" --new "$work/new.rfb" "${reqs[@]}" --format csv
diff_usage "unreadable log" "cannot read \`$work/nope.jsonl\`" --old "$work/old.rfb" --new "$work/new.rfb" --requests "$work/nope.jsonl"
diff_usage "unreadable side" "cannot read \`$work/nope.refrain\`" --old "$work/nope.refrain" --new "$work/new.rfb" "${reqs[@]}"
diff_usage "corrupted bundle" "\`$work/cut.rfb\`: bundle is corrupted: its content does not match its sha-256" \
  --old "$work/old.rfb" --new "$work/cut.rfb" "${reqs[@]}"
# Sources with errors exit 2 too: for diff, 1 means "changed".
check "diff: sources with errors" 2 "$refrain" diff --old "$work/old.rfb" --new "$work/bad.refrain" "${reqs[@]}"
contains "diff: the diagnostics" "$work/err" "bad.refrain:2:9: error: unknown use"
contains "diff: which side" "$work/err" "refrain: the sources of --new have errors"
check "diff --help" 0 "$refrain" diff --help
contains "diff help text" "$work/out" "usage: refrain diff --old SIDE --new SIDE"

for cmd in check build eval inspect test; do
  check "$cmd --help" 0 "$refrain" "$cmd" --help
  contains "$cmd help text" "$work/out" "usage: refrain $cmd"
done
check "--help" 0 "$refrain" --help

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
