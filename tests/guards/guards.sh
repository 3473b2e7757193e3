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
#   - MM/DD/YYYY dates, with leading zeros or without (9/15/2009): one
#     warning per column with the count make_cases.py works out; D/M/YYYY
#     (5/9/2009): the reason says two digits; a date outside the period:
#     counted;
#   - a value beyond its field's min or max: the reason says the bound and
#     the model's line that sets it;
#   - --max-rejected: exit 1 over the share, 0 within it;
#   - faults counted by field and reason in validate --data; no rejected
#     cell's value in the workbook or the summary;
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

# 6b. No rejected cell's value is copied into the workbook or the summary
# (the Data quality sheet says so): line 10's exit_type made 'ZQX-unplanned'.
"$PYTHON" - "$cases" "$tmp/zqx.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
rows[9][rows[0].index("exit_type")] = "ZQX-unplanned"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
"$THRIVE" evaluate "$model" --data "$tmp/zqx.csv" -o "$tmp/zqx.xlsx" --summary "$tmp/zqx.json" >/dev/null 2>"$tmp/zqx.err"
"$PYTHON" - "$tmp/zqx.xlsx" "$tmp/zqx.json" >>"$tmp/zqx.err" 2>&1 <<'PY'
import sys, zipfile
book = b"".join(zipfile.ZipFile(sys.argv[1]).read(n) for n in zipfile.ZipFile(sys.argv[1]).namelist())
summary = open(sys.argv[2], "rb").read()
import json
d = json.loads(summary)["data"]
assert d["rows_rejected"] == 7 and {"field": "exit_type", "count": 2,
    "reason": "not one of the allowed values (planned, unplanned)"} in d["rejections_by_reason"], "not rejected"
assert b"ZQX" not in book and b"ZQX" not in summary, "the value was copied"
assert b"no cell&apos;s value is copied here, of any field" in book or \
    b"no cell's value is copied here, of any field" in book, "the sheet does not say so"
PY
report $? "a rejected cell's value is in neither the workbook nor the summary, as the Data quality sheet says" "$tmp/zqx.err"

# 7. Dates.
run us "$tmp/us.csv"
for col in referral_date exit_date; do
    n=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$tmp/american.json" "$col")
    [ "$status" -eq 0 ] && [ "$(grep -c "column '$col': $n values are not real DD/MM/YYYY dates but would be as MM/DD/YYYY" "$tmp/us.err")" -eq 1 ] &&
        js us "any(w['kind'] == 'american_dates' and w['field'] == '$col' and w['count'] == $n for w in d['data']['warnings'])"
    report $? "MM/DD/YYYY dates: one warning for $col with its $n values, in data.warnings too" "$tmp/us.err"
done
run us1 "$tmp/us1.csv"
for col in referral_date exit_date; do
    n=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["us1:" + sys.argv[2]])' "$tmp/american.json" "$col")
    [ "$status" -eq 0 ] && [ "$(grep -c "column '$col': $n values are not real DD/MM/YYYY dates but would be as MM/DD/YYYY" "$tmp/us1.err")" -eq 1 ]
    report $? "M/D/YYYY dates (9/15/2009): the same warning for $col with its $n values" "$tmp/us1.err"
done
# 7/8/2009 reads both ways: not counted as American, the reason asks for
# two digits (line 2 of the example: referral 2009-07-08)
"$THRIVE" validate "$model" --data "$tmp/us1.csv" >"$tmp/us1.out" 2>&1
grep -q "line 2: referral_date: not a date: day and month take two digits each (DD/MM/YYYY, as 05/09/2023 for 5/9/2023), or write YYYY-MM-DD$" "$tmp/us1.out"
report $? "7/8/2009: the reason asks for two-digit day and month" "$tmp/us1.out"
run period "$tmp/period.csv"
[ "$status" -eq 0 ] && grep -q "warning: 1 accepted rows have a referral_date outside the model's period" "$tmp/period.err" &&
    js period '[(w["kind"], w["count"]) for w in d["data"]["warnings"]] == [("date_outside_period", 1)]'
report $? "a date before the period: counted, one warning" "$tmp/period.err"

# 7b. Bounds: the example's line 154 has parenting_review 12 (max 10);
# bounds.csv sets children 0 on line 3 (min 1); each reason names the bound
# and the model's line, found here by grep.
max_at=$(grep -n '^ *parenting_review:.*max: 10' "$model" | cut -d: -f1)
min_at=$(grep -n '^ *children:.*min: 1,' "$model" | cut -d: -f1)
"$THRIVE" validate "$model" --data "$tmp/bounds.csv" >"$tmp/bounds.out" 2>&1
grep -q "line 154: parenting_review: above the maximum, 10 (the field's max, line $max_at of the model)$" "$tmp/bounds.out" &&
    grep -q "line 3: children: below the minimum, 1 (the field's min, line $min_at of the model)$" "$tmp/bounds.out" &&
    grep -q "^  1  children: below the minimum, 1 (the field's min, line $min_at of the model)$" "$tmp/bounds.out"
report $? "above the maximum, below the minimum: the bound and its line ($max_at, $min_at)" "$tmp/bounds.out"
{
    tap_model_head bounds "Bounds"
    cat <<'YAML'
outputs:
  - { id: seen, label: Seen, from: [support], count: id is present }
outcomes:
  - { id: done, label: Done, horizon: short, from: [seen], eligible: id is present,
      achieved: score > 1 }
data:
  id: id
  fields:
    id: { type: text, required: true }
    score: { type: number, max: 2.5 }
    seen_on:
      type: date
      min: 2023-04-01
YAML
} >"$tmp/bounds.yaml"
# the model's lines: 8 of tap_model_head, so score's max is on line 18 and
# seen_on's min on line 21
printf 'id,score,seen_on\na,2.6,2023-04-01\nb,2.5,31/03/2023\nc,1000000,\n' >"$tmp/bounds-d.csv"
"$THRIVE" validate "$tmp/bounds.yaml" --data "$tmp/bounds-d.csv" >"$tmp/bounds-d.out" 2>&1
grep -q "line 2: score: above the maximum, 2.5 (the field's max, line 18 of the model)$" "$tmp/bounds-d.out" &&
    grep -q "line 3: seen_on: below the minimum, 2023-04-01 (the field's min, line 21 of the model)$" "$tmp/bounds-d.out" &&
    grep -q "line 4: score: above the maximum, 2.5 " "$tmp/bounds-d.out"
report $? "a number's bound as written (2.5), a date's as YYYY-MM-DD" "$tmp/bounds-d.out"

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
