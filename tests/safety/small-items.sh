#!/bin/sh
# small-items.sh - the smaller findings of the attack on thrive, as TAP,
# each a case that failed before its fix:
#   - CR-only line endings (old Mac files): a rejected row is reported at
#     its own line, not "line 1"; a CR LF split between two 64 KiB blocks
#     is one line end;
#   - a value written in the data as (missing) or (other) is a breakdown
#     group of its own ("(missing)" in double quotes), never merged with
#     the built-in group (docs/manual/methods.md, section 6);
#   - a 245-byte (and a 255-byte) output name works, twice (made, then
#     replaced: the temporary and backup names beside it are cut short);
#     a 256-byte one is refused up front, naming the file system's limit;
#   - a plugin module that is no shared object is reported as such, not
#     as "file not found";
#   - a million columns not in data.fields: a bounded number of notes,
#     then "and N more";
#   - an enum of 200,000 values loads in well under a second of CPU (the
#     check for repeated values was quadratic: half a minute).
. "$top_srcdir/tests/tap.sh"
tap_need python3 python3
tap_tmp safety-small

mkdir "$tmp/fx"
cp "$top_srcdir/tests/compare/fixtures/tiny.yaml" "$top_srcdir/tests/compare/fixtures/tiny.csv" \
    "$tmp/fx/"
fx=$tmp/fx
header=family_id,ward,plan,working_start,working_end,debt_start,debt_end,wellbeing_start,wellbeing_end

# ---- CR-only line endings ----
# line 3: a ward not allowed; line 5: a plan not allowed, in a quoted cell
# that goes on to line 6; line 7: a wellbeing above 10
printf '%s\rF0001,North,yes,no,no,no,no,2,3\rF0002,Nowhere,yes,no,no,no,no,2,3\rF0003,North,yes,no,no,no,no,2,3\r"F0004",North,"ye\rs",no,no,no,no,2,3\rF0005,North,yes,no,no,no,no,2,99\r' \
    "$header" >"$tmp/cr.csv"
"$THRIVE" validate "$fx/tiny.yaml" --data "$tmp/cr.csv" >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 0 ] && grep -q '5 rows read, 2 accepted, 3 rejected' "$tmp/out" &&
    [ "$(grep -o '^  line [0-9]*' "$tmp/out" | tr -d ' ' | tr '\n' ' ')" = "line3 line5 line7 " ]
report $? "CR-only lines: rejected rows at lines 3, 5 and 7 (exit $got)" "$tmp/out" "$tmp/err"

# a CR LF whose CR is the last byte of the first 64 KiB block: one line
# end, so the row rejected after it is at the line python counts
{
    tap_model_head lines "Lines"
    cat <<'YAML'
outputs:
  - { id: seen, label: Seen, from: [support], count: kind == "a" }
outcomes:
  - { id: done, label: Done, horizon: short, from: [seen], eligible: id is present,
      achieved: kind == "b" }
data:
  id: id
  fields:
    id: { type: text, required: true }
    note: { type: text }
    kind: { type: enum, values: [a, b] }
YAML
} >"$tmp/lines.yaml"
python3 - "$tmp" <<'PY'
import sys
tmp = sys.argv[1]
text = "id,note,kind\r\n"
i = 0
while len(text) < 65000:
    i += 1
    text += "%d,x,a\r\n" % i
# one more row whose CR is byte 65535 (0-based), its LF byte 65536
i += 1
head = "%d," % i
pad = 65535 - len(text) - len(head) - len(",a")
text += head + "y" * pad + ",a\r\n"
assert text.encode()[65535:65537] == b"\r\n"
bad_line = text.count("\r\n") + 1
text += "%d,z,c\r\n" % (i + 1)
open(tmp + "/split.csv", "w", newline="").write(text)
open(tmp + "/split.line", "w").write(str(bad_line))
PY
"$THRIVE" validate "$tmp/lines.yaml" --data "$tmp/split.csv" >"$tmp/out" 2>"$tmp/err"
got=$?
want=$(cat "$tmp/split.line")
[ "$got" = 0 ] && grep -q "^  line $want: kind" "$tmp/out" && [ "$(grep -c '^  line' "$tmp/out")" = 1 ]
report $? "a CR LF split between blocks: the rejected row at line $want (exit $got)" "$tmp/out" \
    "$tmp/err"

# ---- (missing) and (other) in the data ----
{
    tap_model_head groups "Groups"
    cat <<'YAML'
outputs:
  - { id: seen, label: Seen, from: [support], count: id is present }
outcomes:
  - { id: done, label: Done, horizon: short, from: [seen], eligible: id is present,
      achieved: id is present }
data:
  id: id
  fields:
    id: { type: text, required: true }
    area: { type: text }
breakdowns: [area]
YAML
} >"$tmp/groups.yaml"
printf 'id,area\n1,\n2,(missing)\n3,(missing)\n4,(other)\n5,"""(missing)"""\n6,North\n' \
    >"$tmp/groups.csv"
"$THRIVE" evaluate "$tmp/groups.yaml" --data "$tmp/groups.csv" --quiet -o "$tmp/g.xlsx" \
    --summary "$tmp/g.json" 2>"$tmp/err"
got=$?
[ "$got" = 0 ] && python3 - "$tmp/g.json" >"$tmp/out" 2>&1 <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))["breakdowns"]["area"]
got = {k: v["participants"] for k, v in b.items()}
# worked out by hand from groups.csv: the empty cell is the one missing
# value; (missing) twice, (other) once, "(missing)" once, North once
want = {"(missing)": 1, '"(missing)"': 2, '"(other)"': 1, '""(missing)""': 1, "North": 1}
print(got)
sys.exit(0 if got == want else 1)
PY
report $? "values (missing), (other), \"(missing)\": groups of their own (exit $got)" "$tmp/out" \
    "$tmp/err"

# ---- long output names ----
for n in 245 255; do
    name=$(python3 -c "print('b' * ($n - 5) + '.xlsx')")
    jname=$(python3 -c "print('j' * ($n - 5) + '.json')")
    ok=0
    for time in 1 2; do
        (cd "$tmp" && "$THRIVE" evaluate "$fx/tiny.yaml" --data "$fx/tiny.csv" --quiet \
            -o "$name" --summary "$jname") 2>"$tmp/err" || ok=1
    done
    [ "$ok" = 0 ] && [ -s "$tmp/$name" ] && [ -s "$tmp/$jname" ] &&
        [ "$(ls "$tmp" | grep -c '^[bj]')" = 2 ]
    report $? "an output name of $n bytes: written, then replaced; nothing left beside" "$tmp/err"
    rm -f "$tmp/$name" "$tmp/$jname"
done
name=$(python3 -c "print('c' * 251 + '.xlsx')")
(cd "$tmp" && "$THRIVE" evaluate "$fx/tiny.yaml" --data "$fx/tiny.csv" --quiet -o "$name") \
    2>"$tmp/err"
got=$?
[ "$got" = 6 ] && grep -q 'its name is 256 bytes long, and a file name on this file system may have at most 255' "$tmp/err"
report $? "an output name of 256 bytes: exit 6 (got $got), naming the limit" "$tmp/err"

# ---- a plugin module that is not one ----
mkdir "$tmp/plugins"
echo 'not a module' >"$tmp/plugins/generic.so"
"$THRIVE" validate "$fx/tiny.yaml" --plugin-path "$tmp/plugins" >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 5 ] && grep -q "generic.so: error: cannot load plugin 'generic': not a shared object" \
    "$tmp/err" && ! grep -q 'file not found' "$tmp/err"
report $? "a text file as a plugin module: exit 5 (got $got), 'not a shared object'" "$tmp/err"
"$THRIVE" plugins --plugin-path "$tmp/plugins" >"$tmp/out" 2>"$tmp/err"
grep -q 'generic .*cannot be loaded: not a shared object' "$tmp/out"
report $? "thrive plugins: the same file 'not a shared object'" "$tmp/out" "$tmp/err"

# ---- a million columns not in data.fields ----
python3 - "$tmp" "$header" <<'PY'
import sys
tmp, header = sys.argv[1:]
with open(tmp + "/wide.csv", "w") as f:
    f.write(header + "," + ",".join("x%d" % i for i in range(1000000)) + "\n")
    f.write("F0001,North,yes,no,no,no,no,2,3" + "," * 1000000 + "\n")
PY
"$THRIVE" evaluate "$fx/tiny.yaml" --data "$tmp/wide.csv" -o "$tmp/w.xlsx" 2>"$tmp/err"
got=$?
[ "$got" = 0 ] && [ "$(wc -l <"$tmp/err")" -le 30 ] &&
    grep -q "column 'x19' is not in data.fields" "$tmp/err" &&
    grep -q 'and 999980 more columns not in data.fields; they are ignored too' "$tmp/err"
report $? "a million ignored columns: $(wc -l <"$tmp/err") lines, then 'and 999980 more'" "$tmp/err"

# ---- an enum of 200,000 values ----
python3 - "$fx/tiny.yaml" "$tmp/enum.yaml" <<'PY'
import sys
src = open(sys.argv[1]).read()
vals = ", ".join("v%d" % i for i in range(200000))
old = "ward: { type: enum, values: [North, South] }"
assert old in src
open(sys.argv[2], "w").write(src.replace(old, "ward: { type: enum, values: [North, South, %s] }" % vals))
PY
python3 - "$THRIVE" "$tmp/enum.yaml" >"$tmp/out" 2>&1 <<'PY'
import resource, subprocess, sys
p = subprocess.run([sys.argv[1], "validate", sys.argv[2]], capture_output=True, timeout=300)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = ru.ru_utime + ru.ru_stime
# linear: about 0.5 s of CPU (and under a sanitizer build some 3 times
# that); the quadratic check took 33 s
print("exit", p.returncode, "cpu %.2f s" % cpu, p.stderr.decode()[-300:])
sys.exit(0 if p.returncode == 0 and cpu < 5 else 1)
PY
report $? "an enum of 200,000 values: $(head -c 40 "$tmp/out")" "$tmp/out"
tap_done
