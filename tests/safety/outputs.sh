#!/bin/sh
# outputs.sh - an output never harms an input nor another output
# (docs/manual/commands.md, "Outputs"), as TAP:
#   - an output naming an input (the model, the case data, a summary read,
#     a site's file), directly or through a link, or naming another output,
#     is refused with exit 2 before anything is read, the message naming
#     both, and nothing is written;
#   - `-` and /dev/stdout write to standard output (as a normal user too);
#   - a replaced file keeps its mode; a read-only one, a directory and an
#     output in a missing directory are refused with exit 6;
#   - the outputs of one run are put in place together: when the summary
#     cannot be written the old workbook is kept.
# The special files (a device, a FIFO, /dev/stdout as root) are in
# tests/safety/special-files.sh, in a private mount namespace.
. "$top_srcdir/tests/tap.sh"
tap_need python3 python3
tap_tmp safety-outputs

fip=$top_srcdir/logic-models/fip.yaml
cp "$fip" "$tmp/fip.yaml"
cp "$top_srcdir/examples/fip/cases.csv" "$tmp/cases.csv"
cp "$tmp/fip.yaml" "$tmp/fip.yaml.orig"
cp "$tmp/cases.csv" "$tmp/cases.csv.orig"
ev() { "$THRIVE" evaluate "$tmp/fip.yaml" --data "$tmp/cases.csv" --quiet "$@"; }

# refused WANT PATTERN WHAT -- COMMAND...: COMMAND exits WANT, its stderr
# says PATTERN, and the inputs are as they were.
refused() {
    want=$1 pattern=$2 what=$3
    shift 4
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    [ "$got" = "$want" ] && grep -q -- "$pattern" "$tmp/err" &&
        cmp -s "$tmp/fip.yaml" "$tmp/fip.yaml.orig" && cmp -s "$tmp/cases.csv" "$tmp/cases.csv.orig"
    report $? "$what: exit $want (got $got), says '$pattern', inputs unchanged" "$tmp/err"
}

# ---- outputs against inputs and each other ----
refused 2 "the workbook (-o) would be written over the case data (--data) ($tmp/cases.csv)" \
    "-o naming the case data" -- ev -o "$tmp/cases.csv"
refused 2 "the summary (--summary) would be written over the model" \
    "--summary naming the model" -- ev --summary "$tmp/fip.yaml"
refused 2 "the report (--html) would be written over the case data" \
    "--html naming the case data" -- ev --html "$tmp/cases.csv"
ln -s cases.csv "$tmp/link.csv"
refused 2 "would be written over the case data" "-o naming the case data through a link" -- \
    ev -o "$tmp/link.csv"
ln "$tmp/cases.csv" "$tmp/hard.csv"
refused 2 "would be written over the case data" "--summary naming a hard link to the data" -- \
    ev --summary "$tmp/hard.csv"
refused 2 "the summary (--summary) and the workbook (-o) ($tmp/x) are the same file" \
    "-o X --summary X, X absent" -- ev -o "$tmp/x" --summary "$tmp/x"
[ ! -e "$tmp/x" ] && [ ! -e "$tmp/x.xlsx" ]
report $? "... and nothing is written"
mkdir "$tmp/d"
refused 2 "are the same file" "-o d/../y --summary y" -- ev -o "$tmp/d/../y" --summary "$tmp/y"
refused 2 "are the same file" "--summary - --html -: both standard output" -- \
    ev --summary - --html -
refused 2 "the diagram (-o) would be written over the model" "diagram -o MODEL" -- \
    "$THRIVE" diagram "$tmp/fip.yaml" -o "$tmp/fip.yaml"
refused 2 "the draft (-o) would be written over the case data" "init -o CASES --force" -- \
    "$THRIVE" init "$tmp/cases.csv" -o "$tmp/cases.csv" --force

# compare: the summary against the programme and every site's files
mkdir "$tmp/cmp"
for f in tiny.yaml tiny-b.yaml tiny.csv tiny-b.csv programme.yaml; do
    cp "$top_srcdir/tests/compare/fixtures/$f" "$tmp/cmp/$f" || exit 99
done
cp "$tmp/cmp/tiny-b.csv" "$tmp/cmp/keep.csv"
(cd "$tmp/cmp" && "$THRIVE" evaluate tiny.yaml --data tiny.csv --summary tiny-summary.json \
    --quiet 2>/dev/null) || exit 99
"$THRIVE" compare "$tmp/cmp/programme.yaml" --summary "$tmp/cmp/tiny-b.csv" --quiet \
    2>"$tmp/err"
got=$?
[ "$got" = 2 ] && grep -q "would be written over a site's case data" "$tmp/err" &&
    cmp -s "$tmp/cmp/tiny-b.csv" "$tmp/cmp/keep.csv"
report $? "compare --summary naming a site's data: exit 2 (got $got), data unchanged" "$tmp/err"
"$THRIVE" compare "$tmp/cmp/programme.yaml" --summary "$tmp/cmp/programme.yaml" --quiet \
    2>"$tmp/err"
got=$?
[ "$got" = 2 ] && grep -q "would be written over the programme file" "$tmp/err"
report $? "compare --summary naming the programme file: exit 2 (got $got)" "$tmp/err"
"$THRIVE" compare "$tmp/cmp/programme.yaml" --summary "$tmp/cmp/tiny-summary.json" --quiet \
    2>"$tmp/err"
got=$?
[ "$got" = 2 ] && grep -q "would be written over a site's summary" "$tmp/err"
report $? "compare --summary naming a site's summary: exit 2 (got $got)" "$tmp/err"

# ---- standard output ----
ev --summary "$tmp/s.json" 2>/dev/null || exit 99
ev --summary - >"$tmp/stdout.json" 2>"$tmp/err"
report $? "--summary - exits 0" "$tmp/err"
cmp -s "$tmp/stdout.json" "$tmp/s.json"
report $? "--summary - writes the summary to standard output" "$tmp/err"
ev --summary /dev/stdout >"$tmp/devstdout.json" 2>"$tmp/err"
got=$?
[ "$got" = 0 ] && cmp -s "$tmp/devstdout.json" "$tmp/s.json" && [ -L /dev/stdout ] &&
    ! ls /dev/stdout.tmp* >/dev/null 2>&1
report $? "--summary /dev/stdout into a file: the summary there, /dev left alone" "$tmp/err"
ev --summary - 2>/dev/null | python3 -c 'import json,sys; json.load(sys.stdin)' 2>"$tmp/err"
report $? "--summary - into a pipe: valid JSON" "$tmp/err"
"$THRIVE" diagram "$tmp/fip.yaml" >"$tmp/plain.dot" 2>/dev/null
"$THRIVE" diagram "$tmp/fip.yaml" -o - >"$tmp/dash.dot" 2>"$tmp/err" &&
    cmp -s "$tmp/plain.dot" "$tmp/dash.dot" && [ -s "$tmp/dash.dot" ]
report $? "diagram -o - writes the graph to standard output" "$tmp/err"
# as a normal user, who cannot make a file in /dev
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    chmod 755 "$tmp" && chmod 644 "$tmp/fip.yaml" "$tmp/cases.csv"
    setpriv --reuid=65534 --regid=65534 --clear-groups "$THRIVE" evaluate "$tmp/fip.yaml" \
        --data "$tmp/cases.csv" --quiet --summary /dev/stdout >"$tmp/nobody.json" 2>"$tmp/err"
    got=$?
    [ "$got" = 0 ] && cmp -s "$tmp/nobody.json" "$tmp/s.json"
    report $? "a normal user's --summary /dev/stdout: exit 0 (got $got), the summary" "$tmp/err"
else
    [ "$(id -u)" = 0 ] && skip "a normal user's --summary /dev/stdout" "no setpriv" ||
        ok "a normal user's --summary /dev/stdout (tested above as this user)"
fi

# ---- modes, read-only targets, directories ----
echo old >"$tmp/private.xlsx"
chmod 600 "$tmp/private.xlsx"
ev -o "$tmp/private.xlsx" 2>"$tmp/err"
mode=$(stat -c %a "$tmp/private.xlsx")
[ "$mode" = 600 ] && [ "$(head -c 2 "$tmp/private.xlsx")" = PK ]
report $? "a replaced 0600 workbook stays 0600 (got $mode)" "$tmp/err"
echo old >"$tmp/shared.json"
chmod 640 "$tmp/shared.json"
ev --summary "$tmp/shared.json" 2>"$tmp/err"
mode=$(stat -c %a "$tmp/shared.json")
[ "$mode" = 640 ]
report $? "a replaced 0640 summary stays 0640 (got $mode)" "$tmp/err"
echo keep >"$tmp/ro.xlsx"
chmod 444 "$tmp/ro.xlsx"
refused 6 "is read-only" "a 0444 workbook" -- ev -o "$tmp/ro.xlsx"
[ "$(cat "$tmp/ro.xlsx")" = keep ]
report $? "... is left as it was"
refused 6 "is read-only" "diagram -o a 0444 file" -- "$THRIVE" diagram "$tmp/fip.yaml" -o "$tmp/ro.xlsx"
refused 6 "it is a directory" "-o a directory" -- ev -o "$tmp/d"
refused 6 "its directory does not exist" "--summary in a missing directory" -- \
    ev --summary "$tmp/no/such/s.json"
ln -s private.xlsx "$tmp/book-link.xlsx"
ev -o "$tmp/book-link.xlsx" 2>"$tmp/err"
[ -L "$tmp/book-link.xlsx" ] && [ "$(head -c 2 "$tmp/private.xlsx")" = PK ]
report $? "-o through a link writes the file it leads to, and the link stays" "$tmp/err"

# ---- all or none ----
# (as root, who writes anywhere, this is in special-files.sh: a summary on
# a full file system)
echo old-book >"$tmp/all.xlsx"
mkdir "$tmp/full"
if [ "$(id -u)" != 0 ]; then
    chmod 555 "$tmp/full"
    ev -o "$tmp/all.xlsx" --summary "$tmp/full/s.json" 2>"$tmp/err"
    got=$?
    [ "$got" = 6 ] && [ "$(cat "$tmp/all.xlsx")" = old-book ]
    report $? "unwritable summary: exit 6 (got $got), the old workbook kept" "$tmp/err"
    chmod 755 "$tmp/full"
else
    skip "unwritable summary, old workbook kept" "as root: see special-files.sh"
fi

tap_done
