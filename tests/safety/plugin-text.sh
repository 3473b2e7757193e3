#!/bin/sh
# plugin-text.sh - every text a plugin gives for the workbook is text a
# workbook can hold (UTF-8, none of the characters XML forbids), as TAP.
# The test plugin host-api (tests/plugins/host_api.c) with `mistake:
# bad_text` labels a measure with a control character, a table row with a
# byte that is not UTF-8, and a chart with U+FFFE: each an error naming
# the plugin and what it gave (exit 5), and no workbook, where the
# workbook was written with those characters raw, as invalid XML, before.
. "$top_srcdir/tests/tap.sh"
tap_tmp safety-plugin-text
modules=$top_builddir/tests/plugins
sed 's/mistake: none/mistake: bad_text/' "$top_srcdir/tests/plugins/models/host-api.yaml" \
    >"$tmp/bad.yaml"
cp "$top_srcdir/tests/plugins/models/host-api.yaml" "$tmp/good.yaml"
printf 'id,amount,flag\n1,50,yes\n2,150,no\n' >"$tmp/cases.csv"

$VG "$THRIVE" evaluate "$tmp/good.yaml" --data "$tmp/cases.csv" --plugin-path "$modules" \
    --quiet -o "$tmp/good.xlsx" 2>"$tmp/err"
got=$?
[ "$got" = 0 ] && [ -s "$tmp/good.xlsx" ]
report $? "the plugin's own texts: exit 0 (got $got), a workbook" "$tmp/err"

$VG "$THRIVE" evaluate "$tmp/bad.yaml" --data "$tmp/cases.csv" --plugin-path "$modules" \
    --quiet -o "$tmp/bad.xlsx" 2>"$tmp/err"
got=$?
[ "$got" = 5 ] && [ ! -e "$tmp/bad.xlsx" ]
report $? "texts a workbook cannot hold: exit 5 (got $got), no workbook" "$tmp/err"
for what in "the label of measure 'rows': the text it gave is not text a workbook can hold" \
    "a row label of table 'by_size': the text it gave is not valid UTF-8 text" \
    "the chart title of table 'by_size': the text it gave is not text a workbook can hold"; do
    grep -q "error: plugin 'host-api': $what" "$tmp/err"
    report $? "named: $what" "$tmp/err"
done
tap_done
