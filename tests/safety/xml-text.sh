#!/bin/sh
# xml-text.sh - every text written to the workbook is XML text
# (docs/manual/case-data.md, "Text"), as TAP:
#   - a column name that is not UTF-8, or holds U+FFFE, is refused at line 1
#     (exit 4);
#   - a text value holding U+FFFE or a control character is a rejected row
#     with its reason, never written raw;
#   - every XML part of the workbook of such a run parses (Python's
#     xml.etree, an independent parser).
# The model side (a "\0" or "\uFFFE" escape) is in tests/models/broken.
. "$top_srcdir/tests/tap.sh"
tap_need python3 python3
tap_tmp safety-xml

{
    tap_model_head xml "XML text"
    cat <<'YAML'
outputs:
  - { id: seen, label: Seen, from: [support], count: all }
outcomes:
  - { id: done, label: Done, horizon: short, from: [seen], achieved: note is present }
data:
  id: id
  fields:
    id: { type: text, required: true }
    note: { type: text }
breakdowns: [note]
YAML
} >"$tmp/m.yaml"

# xml_ok BOOK: every .xml part of BOOK parses
xml_ok() {
    python3 - "$1" <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    if n.endswith(".xml") or n.endswith(".rels"):
        try:
            ET.fromstring(z.read(n))
        except ET.ParseError as e:
            print("%s: %s" % (n, e))
            sys.exit(1)
PY
}

printf 'id,note,extra\377\n1,fine,x\n' >"$tmp/header.csv"
"$THRIVE" evaluate "$tmp/m.yaml" --data "$tmp/header.csv" -o "$tmp/h.xlsx" --quiet 2>"$tmp/err"
got=$?
[ "$got" = 4 ] && grep -q "header.csv:1: error: .*not UTF-8" "$tmp/err" && [ ! -e "$tmp/h.xlsx" ]
report $? "a column name that is not UTF-8: exit 4 (got $got) at line 1, no workbook" "$tmp/err"
printf 'id,note,extra\357\277\276\n1,fine,x\n' >"$tmp/header2.csv"
"$THRIVE" evaluate "$tmp/m.yaml" --data "$tmp/header2.csv" -o "$tmp/h.xlsx" --quiet 2>"$tmp/err"
got=$?
[ "$got" = 4 ] && grep -q "header2.csv:1: error: the name of column 3 holds a control character, U+FFFE or U+FFFF" "$tmp/err" &&
    [ ! -e "$tmp/h.xlsx" ]
report $? "a column name holding U+FFFE: exit 4 (got $got) at line 1, no workbook" "$tmp/err"

printf 'id,note\n1,fine\n2,odd \357\277\276 here\n3,bell \007\n4,tab\there\n' >"$tmp/value.csv"
"$THRIVE" evaluate "$tmp/m.yaml" --data "$tmp/value.csv" -o "$tmp/v.xlsx" --summary "$tmp/v.json" \
    --quiet 2>"$tmp/err"
got=$?
python3 - "$tmp/v.json" >"$tmp/why" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["data"]
print(d["rows_accepted"], d["rows_rejected"])
PY
[ "$got" = 0 ] && [ "$(cat "$tmp/why")" = "2 2" ]
report $? "U+FFFE and a bell in a text value: 2 rows rejected, 2 accepted (got $(cat "$tmp/why"))" \
    "$tmp/err"
"$THRIVE" validate "$tmp/m.yaml" --data "$tmp/value.csv" --quiet >"$tmp/out" 2>&1
grep -q "line 3: note: holds a control character, U+FFFE or U+FFFF" "$tmp/out" &&
    grep -q "line 4: note: holds a control character" "$tmp/out"
report $? "... each listed with its line and reason" "$tmp/out"
xml_ok "$tmp/v.xlsx" >"$tmp/xml" 2>&1
report $? "every XML part of that workbook parses" "$tmp/xml"

tap_done
