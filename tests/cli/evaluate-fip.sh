#!/bin/sh
# evaluate-fip.sh - `thrive evaluate` on the FIP example, as TAP:
#   - the run succeeds and writes the summary;
#   - every figure tests/cli/fip_expected.py recomputes independently from
#     examples/fip/cases.csv and the numbers of logic-models/fip.yaml is in
#     the summary (one TAP line per figure), and no number of the summary
#     goes unchecked;
#   - the same for a copy of the data that fip_expected.py --edge-cases
#     gives missing breakdown values and dates, DD/MM/YYYY dates, an area
#     with every difference zero, one with a single pair and one with none;
#   - exit statuses: 4 for a missing data file and for a header lacking the
#     id column (leaving an existing summary untouched), 1 with --strict
#     when rows were rejected (the summary still written), 6 when the
#     summary cannot be written.

. "$top_srcdir/tests/tap.sh"
PYTHON=${PYTHON:-/usr/bin/python3}
tap_need "$PYTHON" python3
tap_tmp evaluate-fip

model=$top_srcdir/logic-models/fip.yaml
cases=$top_srcdir/examples/fip/cases.csv
expected=$top_srcdir/tests/cli/fip_expected.py

# A summary file is JSON whose data.rows_rejected is at least 1.
json_has_rejections() {
    "$PYTHON" -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d["data"]["rows_rejected"] > 0 else 1)' "$1" 2>/dev/null
}

# 1. The run itself.
"$THRIVE" evaluate "$model" --data "$cases" --summary "$tmp/summary.json" \
    >"$tmp/out" 2>"$tmp/err"
status=$?
[ "$status" -eq 0 ] && [ -s "$tmp/summary.json" ]
report $? "evaluate fip.yaml with the example data exits 0 (got $status) and writes the summary" \
    "$tmp/err"

# figures PREFIX CASES SUMMARY: one TAP line per figure fip_expected.py
# recomputes from CASES and compares with SUMMARY.
figures() {
    "$PYTHON" "$expected" "$2" "$3" "$model" >"$tmp/figures" 2>"$tmp/figures.err"
    pystatus=$?
    tap_results "$1" "$tmp/figures"
    if [ "$pystatus" -ne 0 ] && ! grep -q '^FAIL ' "$tmp/figures"; then
        report 1 "$1: fip_expected.py ran (status $pystatus)" "$tmp/figures.err"
    fi
}

# 2. The figures, recomputed independently.
if [ -s "$tmp/summary.json" ]; then
    figures summary "$cases" "$tmp/summary.json"
else
    report 1 "summary figures (no summary to check)"
fi

# 2b. The same for the edge cases the example data does not reach.
if "$PYTHON" "$expected" --edge-cases "$cases" "$tmp/edge.csv" 2>"$tmp/err"; then
    $VG "$THRIVE" evaluate "$model" --data "$tmp/edge.csv" --summary "$tmp/edge.json" \
        >/dev/null 2>"$tmp/err"
    status=$?
    [ "$status" -eq 0 ] && [ -s "$tmp/edge.json" ]
    report $? "evaluate the edge-case copy of the data exits 0 (got $status)" "$tmp/err"
    if [ -s "$tmp/edge.json" ]; then
        figures "edge cases" "$tmp/edge.csv" "$tmp/edge.json"
    fi
else
    report 1 "fip_expected.py --edge-cases writes the edge-case data" "$tmp/err"
fi

# 3. A missing data file: exit 4, the file named, an existing summary kept.
printf 'an earlier summary\n' >"$tmp/keep.json"
$VG "$THRIVE" evaluate "$model" --data "$tmp/no-such.csv" --summary "$tmp/keep.json" \
    >/dev/null 2>"$tmp/err"
status=$?
[ "$status" -eq 4 ]
report $? "a missing data file exits 4 (got $status)" "$tmp/err"
grep -q "no-such.csv" "$tmp/err"
report $? "the error names the missing file" "$tmp/err"
[ "$(cat "$tmp/keep.json")" = "an earlier summary" ]
report $? "an existing summary is left untouched when the run fails with exit 4"

# 4. A header lacking the required id column: exit 4.
printf 'referral_date,site\r\n2010-01-04,Eastgate\r\n' >"$tmp/no-id.csv"
$VG "$THRIVE" evaluate "$model" --data "$tmp/no-id.csv" --summary "$tmp/keep.json" \
    >/dev/null 2>"$tmp/err"
status=$?
[ "$status" -eq 4 ]
report $? "a header lacking the id column exits 4 (got $status)" "$tmp/err"
grep -q "no-id.csv:1:.*family_id" "$tmp/err"
report $? "the error names the file, line 1 and the missing column" "$tmp/err"
[ "$(cat "$tmp/keep.json")" = "an earlier summary" ]
report $? "the existing summary is still untouched"

# 5. --strict with rejected rows: exit 1, and the summary is still written.
"$THRIVE" evaluate "$model" --data "$cases" --summary "$tmp/strict.json" --strict \
    >/dev/null 2>"$tmp/err"
status=$?
[ "$status" -eq 1 ]
report $? "--strict with rejected rows exits 1 (got $status)" "$tmp/err"
json_has_rejections "$tmp/strict.json"
report $? "--strict still writes the summary, counting the rejected rows"

# 6. A summary in a directory that does not exist: exit 6.
$VG "$THRIVE" evaluate "$model" --data "$cases" --summary "$tmp/no/such/dir/summary.json" \
    >/dev/null 2>"$tmp/err"
status=$?
[ "$status" -eq 6 ]
report $? "a summary path in a missing directory exits 6 (got $status)" "$tmp/err"
[ ! -e "$tmp/no" ]
report $? "nothing is created for it"

tap_done
