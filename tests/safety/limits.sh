#!/bin/sh
# limits.sh - a limit never changes a result (docs/manual/case-data.md,
# "Limits"), as TAP:
#   - a regex that reaches PCRE2's limits on a value (a field's pattern,
#     or `=~` in an expression) is an error naming the regex and the line,
#     exit 4: never a rejection as "does not match", never a count of 0;
#   - a long value that truly matches its field's pattern is accepted (the
#     limits grow with the value: only exponential backtracking reaches them);
#   - at load, a field's pattern or a `=~` regex that backtracks
#     exponentially is a warning at its line;
#   - a plugin checking that a field can hold a value (field_allows) that
#     reaches a limit: an error at the model's pattern (exit 3), not "the
#     field cannot hold it".
. "$top_srcdir/tests/tap.sh"
tap_need python3 python3
tap_tmp safety-limits

{
    tap_model_head limits "Regex limits"
    cat <<'YAML'
outputs:
  - { id: seen, label: Seen, from: [support], count: notes =~ /^(x+x+)+y/ }
outcomes:
  - { id: done, label: Done, horizon: short, from: [seen], eligible: id is present,
      achieved: notes =~ /y$/ }
data:
  id: id
  fields:
    id: { type: text, required: true }
    code: { type: text, pattern: "(a|b)*c?" }
    slow: { type: text, pattern: "(d+)+e" }
    notes: { type: text }
YAML
} >"$tmp/lim.yaml"
ev() { "$THRIVE" evaluate "$tmp/lim.yaml" --quiet "$@"; }

# at load: the field pattern (d+)+e and the regex /^(x+x+)+y/ of the count
# of 'seen' backtrack exponentially, so validate warns at each (exit 0:
# their answers are exact, and a value reaching the limits is an error);
# (a|b)*c? and /y$/ do not
"$THRIVE" validate "$tmp/lim.yaml" >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 0 ] && grep -q "lim.yaml:19:34: warning: the pattern /(d+)+e/ of field 'slow' backtracks exponentially" "$tmp/err" &&
    grep -q "lim.yaml:10:[0-9]*: warning: in the count of output 'seen': the regex /^(x+x+)+y/ backtracks exponentially" "$tmp/err" &&
    [ "$(grep -c 'backtracks' "$tmp/err")" = 2 ]
report $? "at load, a warning at each of the two regexes that backtrack exponentially (exit $got)" \
    "$tmp/err"

# =~ on 40 x's then "!y": (x+x+)+y backtracks some 2^40 ways before
# saying no (the y is there, so PCRE2 cannot rule it out at once)
printf 'id,code,slow,notes\n1,ab,de,hello\n2,ab,de,%s!y\n3,ab,de,xy\n' \
    "$(python3 -c 'print("x" * 40)')" >"$tmp/match.csv"
ev --data "$tmp/match.csv" --summary "$tmp/m.json" 2>"$tmp/err"
got=$?
[ "$got" = 4 ] && grep -q 'match.csv:3: error: the regex /^(x+x+)+y/ reached its limits' "$tmp/err" &&
    [ ! -e "$tmp/m.json" ]
report $? "=~ reaching the limit: exit 4 (got $got) at line 3, naming the regex, no summary" \
    "$tmp/err"

# a field's pattern: the same, not a rejected row
printf 'id,code,slow,notes\n1,ab,de,hello\n2,ab,%se!,hi\n' \
    "$(python3 -c 'print("d" * 40)')" >"$tmp/field.csv"
"$THRIVE" validate "$tmp/lim.yaml" --data "$tmp/field.csv" --quiet >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 4 ] && grep -q 'field.csv:3: error: the regex /(d+)+e/ reached its limits' "$tmp/err" &&
    ! grep -q "does not match" "$tmp/err" "$tmp/out"
report $? "a field's pattern reaching the limit: exit 4 (got $got) at line 3, not a rejection" \
    "$tmp/err" "$tmp/out"

# a value of 400,000 bytes that matches (a|b)*c?: beyond the JIT's default
# stack, within thrive's
python3 -c '
import sys
sys.stdout.write("id,code,slow,notes\n1,ab,de,hello\n2," + "ab" * 200000 + ",de,x\n")' \
    >"$tmp/long.csv"
ev --data "$tmp/long.csv" --summary "$tmp/l.json" 2>"$tmp/err"
got=$?
[ "$got" = 0 ] && python3 - "$tmp/l.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["data"]
sys.exit(0 if (d["rows_accepted"], d["rows_rejected"]) == (2, 0) else 1)
PY
report $? "a 400 KB value matching its pattern: accepted (exit $got)" "$tmp/err"

# a plugin's check that a field can hold a value it counts rows by: the fip
# plugin's `problem` value, 40 x's then "!y", against ff_entry's pattern
# (x+x+)+y reaches the limit: an error at the pattern naming it (exit 3),
# not "field 'ff_entry' cannot hold" as if the answer were no
python3 - "$top_srcdir/logic-models/fip.yaml" "$tmp/fipre.yaml" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
s = s.replace("\nfip:\n", "\nfip:\n  problem: \"%s!y\"\n" % ("x" * 40), 1)
old = re.search(r"\n    ff_entry: *\{[^}]*\}", s).group(0)
s = s.replace(old, '\n    ff_entry: { type: text, pattern: "(x+x+)+y" }')
open(sys.argv[2], "w").write(s)
PY
"$THRIVE" validate "$tmp/fipre.yaml" >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 3 ] && grep -q "fipre.yaml:[0-9]*:[0-9]*: error: the regex /(x+x+)+y/ of field 'ff_entry' reached its limits" "$tmp/err" &&
    ! grep -q "field 'ff_entry' cannot hold" "$tmp/err"
report $? "a plugin's value check reaching the limit: exit 3 (got $got), an error, not 'cannot hold'" \
    "$tmp/err"

# a value of 6,000,000 bytes that matches (a|b)*c?: PCRE2's default match
# limit (10,000,000 steps) is reached near 3,300,000 bytes, and thrive's
# memory limit (256 MiB of backtracking) here: an error at the line, never
# a row rejected as "does not match"
if [ "${THRIVE_TESTS:-full}" = quick ]; then
    skip "a 6 MB value beyond the limits" "THRIVE_TESTS=quick"
    tap_done
fi
python3 -c '
import sys
sys.stdout.write("id,code,slow,notes\n1,ab,de,hello\n2," + "ab" * 3000000 + ",de,x\n")' \
    >"$tmp/long.csv"
rm -f "$tmp/l.json"
ev --data "$tmp/long.csv" --summary "$tmp/l.json" 2>"$tmp/err"
got=$?
[ "$got" = 4 ] && grep -q 'long.csv:3: error: the regex /(a|b)\*c?/ reached its limits' "$tmp/err" &&
    [ ! -e "$tmp/l.json" ]
report $? "a 6 MB value beyond the limits: exit 4 (got $got) at line 3, not a rejection" "$tmp/err"

tap_done
