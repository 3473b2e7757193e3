#!/bin/sh
# cli.sh - `thrive report` and `thrive evaluate --html` from the command
# line, as TAP: the page evaluate --html writes is byte for byte the page
# `thrive report` makes from the summary of the same run; several summaries
# and standard output; the exit statuses of the mistakes (no summary 2,
# JSON that is not a summary 4, broken JSON 4 with its line, -o naming an
# input 2, an unwritable page 6), an existing page left whole by a failed
# run, an input never overwritten; and a page from the summary of a large
# evaluation made in well under a second (the summary does not grow with
# the rows: only with the model).
# THRIVE and top_srcdir come from the environment (AM_TESTS_ENVIRONMENT).

. "$top_srcdir/tests/tap.sh"
tap_tmp report-cli

model=$top_srcdir/logic-models/fip.yaml
cases=$top_srcdir/examples/fip/cases.csv

"$THRIVE" evaluate "$model" --data "$cases" --summary "$tmp/fip.json" --html "$tmp/fip.html" \
    >/dev/null 2>"$tmp/err"
status=$?
[ "$status" -eq 0 ] && [ -s "$tmp/fip.html" ]
report $? "evaluate --html writes the page (exit $status)" "$tmp/err"

"$THRIVE" report "$tmp/fip.json" -o "$tmp/report.html" 2>"$tmp/err"
report $? "report of the summary exits 0" "$tmp/err"
cmp -s "$tmp/fip.html" "$tmp/report.html"
report $? "evaluate --html and report of its summary write the same page"
grep -q '<h1>Child Poverty Family Intervention Project</h1>' "$tmp/report.html"
report $? "the page is headed by the model's title"

"$THRIVE" report "$tmp/fip.json" >"$tmp/stdout.html" 2>"$tmp/err"
cmp -s "$tmp/stdout.html" "$tmp/report.html"
report $? "without -o, the page goes to standard output" "$tmp/err"

"$THRIVE" report "$tmp/fip.json" "$tmp/fip.json" -o "$tmp/two.html" 2>"$tmp/err" &&
    grep -q '<h1>2 evaluations side by side</h1>' "$tmp/two.html"
report $? "two summaries side by side" "$tmp/err"

"$THRIVE" report "$top_srcdir/tests/report/compare-summary.json" -o "$tmp/cmp.html" \
    2>"$tmp/err" && grep -q '<h1>Local Authority Innovation Pilots, 2009-10</h1>' "$tmp/cmp.html"
report $? "a compare summary" "$tmp/err"

# expect STATUS GREP DESCRIPTION -- ARGS...: the exit status and the message
expect() {
    want=$1 pattern=$2 what=$3
    shift 4
    "$THRIVE" report "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    [ "$got" -eq "$want" ] && grep -q -- "$pattern" "$tmp/err"
    report $? "$what: exit $want (got $got), says '$pattern'" "$tmp/err"
}

echo '{"hello": 1}' >"$tmp/other.json"
printf '{\n  "model": {\n' >"$tmp/broken.json"
expect 2 'Usage: thrive report' "no summary" --
expect 4 'not a thrive summary' "JSON that is not a summary" -- "$tmp/other.json"
expect 4 'broken.json:3: error: cannot read the summary' "broken JSON, with its line" -- \
    "$tmp/broken.json"
expect 4 'No such file' "a summary that is not there" -- "$tmp/nothere.json"
expect 2 'never writes over an input' "-o naming an input" -- "$tmp/fip.json" \
    -o "$tmp/fip.json"
expect 6 'cannot write the report' "a page that cannot be written" -- "$tmp/fip.json" \
    -o "$tmp/no/such/dir/r.html"
expect 2 'a comparison' "a compare summary with others" -- \
    "$top_srcdir/tests/report/compare-summary.json" "$tmp/fip.json"

cp "$tmp/fip.json" "$tmp/fip.json.orig"
echo keep >"$tmp/keep.html"
"$THRIVE" report "$tmp/other.json" -o "$tmp/keep.html" 2>/dev/null
[ "$(cat "$tmp/keep.html")" = keep ]
report $? "a failed run leaves an existing page whole"
"$THRIVE" report "$tmp/fip.json" -o "$tmp/fip.json" 2>/dev/null
cmp -s "$tmp/fip.json" "$tmp/fip.json.orig"
report $? "a summary named as the output is not touched"
ls -A "$tmp" >"$tmp/list"
! grep -q '\.tmp-' "$tmp/list"
report $? "no temporary file left behind" "$tmp/list"

# The bench model's summary: the largest model shipped.  Its size does not
# depend on the rows (here 2,000).
if [ -f "$top_srcdir/bench/model.yaml" ] && command -v python3 >/dev/null 2>&1 &&
    python3 "$top_srcdir/bench/gen_cases.py" --help >/dev/null 2>&1; then
    python3 "$top_srcdir/bench/gen_cases.py" --rows 2000 --out "$tmp/bench.csv" 2>"$tmp/err" &&
        "$THRIVE" evaluate "$top_srcdir/bench/model.yaml" --data "$tmp/bench.csv" \
            --summary "$tmp/bench.json" >/dev/null 2>>"$tmp/err"
    report $? "the bench model evaluated (2,000 rows)" "$tmp/err"
    "$THRIVE" report "$tmp/bench.json" -o "$tmp/bench.html" 2>"$tmp/err"
    report $? "the bench summary ($(wc -c <"$tmp/bench.json") bytes) rendered (bench/report.sh times it)" "$tmp/err"
fi

tap_done
