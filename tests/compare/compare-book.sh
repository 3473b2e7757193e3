#!/bin/sh
# compare-book.sh - the workbook of `thrive compare` on
# tests/compare/fixtures/programme.yaml (and the bundled LAIP programme),
# as TAP:
#   - written with the summary (exit 0), and under valgrind when the test
#     wrapper asks;
#   - recalculated by LibreOffice, every formula gives the value thrive
#     cached in it (tests/book_xlsx.py compare);
#   - every figure of the summary is on the Sites sheet, the Cost per
#     outcome sheet lists the sites by rank, Left out and About say what the
#     summary says (compare_book.py check);
#   - after adding 1000 to one site's cost, LibreOffice's recalculation
#     moves that site's derived figures and the programme total by exactly
#     what the definitions say, and nothing else;
#   - the same under --suppress 10 (hidden figures as [c]);
#   - a workbook in a missing directory: exit 6, nothing left behind, an
#     existing workbook untouched when the run fails.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/soffice.sh"
tap_need python3 python3
tap_need soffice libreoffice-calc-nogui
tap_heavy "LibreOffice recalculation"
tap_tmp compare-book

here=$top_srcdir/tests/compare
check=$here/compare_book.py
helper=$top_srcdir/tests/book_xlsx.py
for f in tiny.yaml tiny-b.yaml tiny.csv tiny-b.csv programme.yaml; do
    cp "$here/fixtures/$f" "$tmp/$f" || exit 99
done
(cd "$tmp" && "$THRIVE" evaluate tiny.yaml --data tiny.csv --summary tiny-summary.json \
    --quiet 2>"$tmp/err")
report $? "evaluate writes the summary the programme reads" "$tmp/err"

mkdir -p "$tmp/in"
PYTHON3=/usr/bin/python3
[ -x "$PYTHON3" ] || PYTHON3=python3

# book NAME PROGRAMME SITE [OPTION...]: write one workbook and its summary,
# check its figures against the summary, and put a copy of it and one with
# SITE's cost 1000 higher into $tmp/in for the one LibreOffice run below
# (copies without print titles: tests/book_xlsx.py for-recalc says why).
: >"$tmp/books"
book() {
    name=$1 programme=$2 site=$3
    shift 3
    s=$(printf '%s' "$name" | tr -c 'a-zA-Z0-9\n' '-')
    out=$tmp/$s
    # shellcheck disable=SC2086
    $VG "$THRIVE" compare "$programme" -o "$out.xlsx" --summary "$tmp/$s.json" --quiet "$@" \
        2>"$tmp/err"
    status=$?
    [ "$status" -eq 0 ] && [ -s "$out.xlsx" ] && [ -s "$tmp/$s.json" ]
    report $? "$name: compare writes the workbook and the summary (exit $status)" "$tmp/err"
    [ -s "$out.xlsx" ] || return
    "$PYTHON3" "$check" check "$out.xlsx" "$tmp/$s.json" >"$tmp/figures" 2>&1
    tap_results "$name" "$tmp/figures"
    "$PYTHON3" "$helper" for-recalc "$out.xlsx" "$tmp/in/$s.xlsx" >"$tmp/err" 2>&1
    report $? "$name: copy the workbook for LibreOffice" "$tmp/err"
    "$PYTHON3" "$check" set-cost "$out.xlsx" "$tmp/in/$s-edited.xlsx" "$site" 1000 2>"$tmp/err"
    report $? "$name: add 1000 to $site's cost" "$tmp/err"
    printf '%s\t%s\t%s\n' "$name" "$s" "$site" >>"$tmp/books"
}

book "tiny" "$tmp/programme.yaml" North
book "tiny, --suppress 10" "$tmp/programme.yaml" Variant --suppress 10
book "LAIP" "$top_srcdir/examples/laip/programme.yaml" Kent
book "cross-pilot" "$top_srcdir/examples/programmes/child-poverty-pilots.yaml" "School Gates Employment Initiative"

# One LibreOffice run recalculates every workbook, each sheet saved as
# CSV (tests/soffice.sh).
soffice_recalc "$tmp/recalc" "$tmp"/in/*.xlsx
tab=$(printf '\t')
while IFS=$tab read -r name s site; do
    if [ -s "$tmp/recalc/$s-Sites.csv" ]; then
        "$PYTHON3" "$helper" compare "$tmp/in/$s.xlsx" "$tmp/recalc/$s" >"$tmp/log" 2>&1
        report $? "$name: every formula recalculates in LibreOffice to its cached value" \
            "$tmp/log"
    else
        not_ok "$name: LibreOffice converts the workbook" "$tmp/soffice.log"
    fi
    if [ -s "$tmp/recalc/$s-edited-Sites.csv" ]; then
        "$PYTHON3" "$check" check-shift "$tmp/in/$s.xlsx" "$tmp/recalc/$s-edited" \
            "$site" 1000 >"$tmp/figures" 2>&1
        tap_results "$name" "$tmp/figures"
    else
        not_ok "$name: LibreOffice converts the workbook with $site's cost edited" \
            "$tmp/soffice.log"
    fi
done <"$tmp/books"

# Outputs are written safely.
printf 'an earlier workbook\n' >"$tmp/keep.xlsx"
"$THRIVE" compare "$here/broken/mixed-currencies.yaml" -o "$tmp/keep.xlsx" --quiet 2>/dev/null
[ "$(cat "$tmp/keep.xlsx")" = "an earlier workbook" ]
report $? "a failed comparison leaves an existing workbook untouched"
"$THRIVE" compare "$tmp/programme.yaml" -o "$tmp/no/such/dir/book.xlsx" --quiet 2>"$tmp/err"
status=$?
[ "$status" -eq 6 ] && grep -q "no/such/dir/book.xlsx" "$tmp/err" && [ ! -e "$tmp/no" ]
report $? "a workbook in a missing directory exits 6 (got $status), naming it" "$tmp/err"
tap_done
