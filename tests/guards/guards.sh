#!/bin/sh
# guards.sh - the data guards (docs/manual/case-data.md, "When the data look
# wrong"), each on a copy of the FIP example data with one mistake
# (tests/guards/make_cases.py), each with a quiet control on the clean data:
#   - a used column deleted: a warning naming it and the output built on it,
#     data.warnings, exit 0, and exit 1 under --strict;
#   - header names differing by case or a trailing space: exit 4, "did you mean";
#   - all-empty records: data.blank_records, not rows, not rejected;
#   - semicolons or tabs: exit 4 naming --delimiter; with it, the figures of
#     the comma file;
#   - WINDOWS-1252: exit 4 naming the line and --encoding; with it, the
#     figures of the UTF-8 copy;
#   - 'Yes' for 'yes': the allowed values and "did you mean";
#   - MM/DD/YYYY dates: one warning per column with the count make_cases.py
#     works out; a date outside the period: counted;
#   - --max-rejected: exit 1 over the share, 0 within it;
#   - faults counted by field and reason in validate --data;
#   - the bundled examples: no data warning.

. "$top_srcdir/tests/tap.sh"
PYTHON=${PYTHON:-/usr/bin/python3}
tap_need "$PYTHON" python3
tap_tmp guards

model=$top_srcdir/logic-models/fip.yaml
cases=$top_srcdir/examples/fip/cases.csv
"$PYTHON" "$top_srcdir/tests/guards/make_cases.py" "$cases" "$tmp" >"$tmp/american.json"
report $? "make_cases.py writes the copies"

# run NAME FILE [OPTION...]: evaluate FILE into $tmp/NAME.json, stderr in
# $tmp/NAME.err, the exit status in $status.
run() {
    name=$1 file=$2
    shift 2
    $VG "$THRIVE" evaluate "$model" --data "$file" --summary "$tmp/$name.json" "$@" \
        >/dev/null 2>"$tmp/$name.err"
    status=$?
}

# js NAME EXPR: EXPR (Python, over the summary as d) is true.
js() {
    "$PYTHON" -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$tmp/$1.json" "$2" 2>>"$tmp/$1.err"
}

# same_figures A B: the two summaries agree but for the data file's name and
# hash and the blank records.
same_figures() {
    "$PYTHON" -c 'import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d["data"].pop("file"); d["data"].pop("sha256"); d["data"].pop("blank_records")
    d.pop("generated", None)
sys.exit(0 if a == b else 1)' "$tmp/$1.json" "$tmp/$2.json"
}

# 0. The control: the example data draws no warning.
run clean "$cases"
[ "$status" -eq 0 ] && ! grep -q 'warning:' "$tmp/clean.err" && js clean 'd["data"]["warnings"] == [] and d["data"]["blank_records"] == 0'
report $? "the example data: exit 0, no warning, data.warnings empty" "$tmp/clean.err"
run strict "$cases" --strict --max-rejected 0.05
[ "$status" -eq 1 ] && ! grep -q 'data warning' "$tmp/strict.err"
report $? "the example data under --strict: exit 1 for its 6 rejected rows only" "$tmp/strict.err"

# 1. A used column deleted.
run missing "$tmp/missing.csv"
[ "$status" -eq 0 ] &&
    grep -q "warning: the header lacks the column 'action_plan'.*output 'support_plans'" "$tmp/missing.err"
report $? "a deleted column: a warning naming it and output support_plans, exit 0 (got $status)" "$tmp/missing.err"
js missing '[(w["kind"], w["field"], w["count"]) for w in d["data"]["warnings"]] == [("missing_column", "action_plan", 300)] and "support_plans" in d["data"]["warnings"][0]["message"]'
report $? "a deleted column: data.warnings names it, with the 300 rows it is missing in" "$tmp/missing.err"
run missing-strict "$tmp/missing.csv" --strict
[ "$status" -eq 1 ] && grep -q '1 data warning (--strict)' "$tmp/missing-strict.err" && [ -s "$tmp/missing-strict.json" ]
report $? "a deleted column under --strict: exit 1 after writing (got $status)" "$tmp/missing-strict.err"

# 2. Near-miss header names.
run near "$tmp/near.csv"
[ "$status" -eq 4 ] && grep -q "column 'Action_plan' .*did you mean 'action_plan'" "$tmp/near.err" &&
    grep -q "column 'site ' .*did you mean 'site'" "$tmp/near.err" && [ ! -e "$tmp/near.json" ]
report $? "header names differing by case or a space: exit 4, did you mean (got $status)" "$tmp/near.err"

# 3. Blank records.
run blank "$tmp/blank.csv"
[ "$status" -eq 0 ] && js blank 'd["data"]["blank_records"] == 3 and d["data"]["rows_read"] == 306 and d["data"]["rows_rejected"] == 6'
report $? "three all-empty records: blank_records 3; 306 rows read and 6 rejected, as without them" "$tmp/blank.err"
same_figures clean blank
report $? "three all-empty records: every other figure as without them"

# 4. Delimiters.
for d in semi tab; do
    run "$d" "$tmp/$d.csv"
    case $d in semi) opt=';' ;; *) opt=tab ;; esac
    [ "$status" -eq 4 ] && grep -q -- "--delimiter $( [ $d = semi ] && echo "';'" || echo tab)" "$tmp/$d.err"
    report $? "$d-separated: exit 4 naming --delimiter (got $status)" "$tmp/$d.err"
    run "$d-ok" "$tmp/$d.csv" --delimiter "$opt"
    [ "$status" -eq 0 ] && same_figures clean "$d-ok"
    report $? "$d-separated with --delimiter $opt: the figures of the comma file" "$tmp/$d-ok.err"
done
$VG "$THRIVE" evaluate "$model" --data "$cases" --delimiter ';;' >/dev/null 2>"$tmp/err"
[ $? -eq 2 ]
report $? "--delimiter ';;' is a usage error" "$tmp/err"

# 5. Encodings.
run cp "$tmp/cp1252.csv" --delimiter ';'
[ "$status" -eq 4 ] && grep -q 'cp1252.csv:6: error: not UTF-8.*--encoding WINDOWS-1252' "$tmp/cp.err" &&
    [ "$(grep -c 'error' "$tmp/cp.err")" -eq 1 ]
report $? "WINDOWS-1252: exit 4, one error naming line 6 and --encoding (got $status)" "$tmp/cp.err"
run cp-ok "$tmp/cp1252.csv" --delimiter ';' --encoding WINDOWS-1252
run cp-utf8 "$tmp/cp1252-utf8.csv"
[ "$status" -eq 0 ] && same_figures cp-utf8 cp-ok
report $? "WINDOWS-1252 with --encoding: the figures of the UTF-8 copy" "$tmp/cp-ok.err"
$VG "$THRIVE" evaluate "$model" --data "$cases" --encoding NO-SUCH-CODE >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'NO-SUCH-CODE' "$tmp/err"
report $? "--encoding NO-SUCH-CODE is a usage error naming it" "$tmp/err"

for f in dense dense1252; do
    case $f in dense) set -- ;; *) set -- --delimiter ';' --encoding WINDOWS-1252 ;; esac
    run "$f" "$tmp/$f.csv" "$@"
    [ "$status" -eq 0 ] && same_figures clean "$f"
    report $? "$f.csv, characters cut between blocks: read whole, the figures of the example" "$tmp/$f.err"
done

# 6. Enum values.
$VG "$THRIVE" validate "$model" --data "$tmp/enum.csv" >"$tmp/enum.out" 2>"$tmp/enum.err"
grep -q "line 4: debt_referral: not one of the allowed values (yes, no): did you mean 'yes'?" "$tmp/enum.out" &&
    grep -q "line 5: debt_referral: not one of the allowed values (yes, no)$" "$tmp/enum.out"
report $? "'Yes' for 'yes': the allowed values and did you mean; 'y': the allowed values" "$tmp/enum.out"
grep -q "^  1  debt_referral: not one of the allowed values (yes, no)$" "$tmp/enum.out" &&
    grep -q '^  1  family_id: duplicate id' "$tmp/enum.out" && grep -q '^  1  ragged row' "$tmp/enum.out"
report $? "validate --data counts the faults by field and reason" "$tmp/enum.out"

# 7. Dates.
run us "$tmp/us.csv"
for col in referral_date exit_date; do
    n=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$tmp/american.json" "$col")
    [ "$status" -eq 0 ] && [ "$(grep -c "column '$col': $n values are not real DD/MM/YYYY dates but would be as MM/DD/YYYY" "$tmp/us.err")" -eq 1 ] &&
        js us "any(w['kind'] == 'american_dates' and w['field'] == '$col' and w['count'] == $n for w in d['data']['warnings'])"
    report $? "MM/DD/YYYY dates: one warning for $col with its $n values, in data.warnings too" "$tmp/us.err"
done
run period "$tmp/period.csv"
[ "$status" -eq 0 ] && grep -q "warning: 1 accepted rows have a referral_date outside the model's period" "$tmp/period.err" &&
    js period '[(w["kind"], w["count"]) for w in d["data"]["warnings"]] == [("date_outside_period", 1)]'
report $? "a date before the period: counted, one warning" "$tmp/period.err"

# 8. --max-rejected: the example rejects 6 of 306 rows (1.96%).
run max1 "$cases" --max-rejected 0.01
[ "$status" -eq 1 ] && grep -q '6 of 306 rows rejected (2.0%), more than --max-rejected 0.01' "$tmp/max1.err" && [ -s "$tmp/max1.json" ]
report $? "--max-rejected 0.01 with 1.96% rejected: exit 1 after writing (got $status)" "$tmp/max1.err"
run max2 "$cases" --max-rejected 0.02
[ "$status" -eq 0 ]
report $? "--max-rejected 0.02 with 1.96% rejected: exit 0 (got $status)" "$tmp/max2.err"
$VG "$THRIVE" evaluate "$model" --data "$cases" --max-rejected 5% >/dev/null 2>"$tmp/err"
[ $? -eq 2 ]
report $? "--max-rejected 5% is a usage error (a fraction is expected)" "$tmp/err"

# 9. Every bundled example: no data warning.  (Not under valgrind:
# tests/plugins/cli.sh evaluates each example under it.)
for ex in fip school-gates teen-parent-housing; do
    "$THRIVE" evaluate "$top_srcdir/logic-models/$ex.yaml" --data "$top_srcdir/examples/$ex/cases.csv" \
        --summary "$tmp/ex.json" >/dev/null 2>"$tmp/ex.err"
    [ $? -eq 0 ] && ! grep -q 'warning' "$tmp/ex.err" &&
        "$PYTHON" -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["data"]["warnings"] != [])' "$tmp/ex.json"
    report $? "the $ex example: no data warning" "$tmp/ex.err"
done

tap_done
