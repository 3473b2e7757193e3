#!/bin/sh
# book-recalc.sh - recalculate thrive workbooks in LibreOffice.
#
# For the hand-built workbooks of tests/test_book (with and without
# --suppress) and for each bundled example evaluated by thrive (FIP also
# under --suppress 5):
#   - every formula cell, recalculated by LibreOffice on load, equals the
#     value thrive cached in it;
#   - after adding 1000 to an input cost on the Costs sheet (a copy, edited
#     with python zipfile), the recalculated total, costs per participant,
#     output, outcome and net outcome, the plugin's costs per unit and the
#     NPV move by exactly what the definitions say;
#   - after adding 500 to a value a year (a part of a split value when
#     there is one), the outcome's present value, NPV, SROI, BCR, fiscal
#     return, each year's benefits and the payback year move as the
#     definitions say;
#   - (examples) every figure of the JSON summary equals the workbook's.
# The comparisons are done by tests/book_xlsx.py (python3, standard
# library).  LibreOffice starts once, for all the workbooks: the first
# pass writes them all, one soffice run recalculates them, the checks
# follow.  Not in the quick run (THRIVE_TESTS=quick).
. "$top_srcdir/tests/tap.sh"
: "${top_builddir:?}"
tap_heavy "LibreOffice recalculation"
python=/usr/bin/python3
[ -x "$python" ] || python=python3
tap_need soffice libreoffice-calc-nogui
tap_need "$python" python3
tap_tmp book-recalc
helper="$top_srcdir/tests/book_xlsx.py"
mkdir -p "$tmp/in" "$tmp/recalc"

# A throwaway LibreOffice profile that recalculates every formula on load
# (OOXMLRecalcMode 0 = always), whatever the cached values say.
mkdir -p "$tmp/profile/user"
cat >"$tmp/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU

# check DESCRIPTION COMMAND...: one TAP line, the command's output as comments.
check() {
    desc=$1
    shift
    "$@" >"$tmp/log" 2>&1
    report $? "$desc"
    sed 's/^/# /' "$tmp/log"
}

# slug NAME: a file name for NAME.
slug() { printf '%s' "$1" | tr -c 'a-zA-Z0-9' '-'; }

# prepare NAME BOOK: BOOK, and a copy with an input cost 1000 higher, into
# $tmp/in for the one recalculation; NAME joins the list to check
# ($tmp/books).
: >"$tmp/books"
prepare() {
    s=$(slug "$1")
    cp "$2" "$tmp/in/$s.xlsx"
    if ! "$python" "$helper" set-cost "$2" "$tmp/in/$s-edited.xlsx" 1000 >"$tmp/log" 2>&1; then
        not_ok "$1: edit an input cost" "$tmp/log"
    fi
    if ! "$python" "$helper" set-value "$2" "$tmp/in/$s-value.xlsx" 500 >"$tmp/log" 2>&1; then
        not_ok "$1: edit a value a year" "$tmp/log"
    fi
    echo "$1" >>"$tmp/books"
}

# The hand-built workbooks.
if "$top_builddir/tests/test_book" --write "$tmp" >"$tmp/log" 2>&1; then
    ok "test_book writes the hand-built workbooks"
    prepare "hand-built" "$tmp/book.xlsx"
    prepare "hand-built, --suppress 5" "$tmp/book-suppressed.xlsx"
else
    not_ok "test_book writes the hand-built workbooks" "$tmp/log"
fi

# The bundled examples, through the program: each pilot's workbook
# recalculates, follows a cost change (its plugin's costs per unit too) and
# agrees with its summary; FIP also under --suppress 5.
example() { # NAME MODEL DATA [OPTION...]
    name=$1 model=$2 data=$3
    shift 3
    s=$(slug "$name")
    "$THRIVE" evaluate "$top_srcdir/logic-models/$model" --data "$top_srcdir/examples/$data" \
        -o "$tmp/$s.xlsx" --summary "$tmp/$s.json" "$@" >"$tmp/log" 2>&1
    status=$?
    if [ "$status" -eq 0 ] && [ -s "$tmp/$s.xlsx" ] && [ -s "$tmp/$s.json" ]; then
        ok "thrive evaluate writes the $name workbook and summary"
        prepare "$name" "$tmp/$s.xlsx"
    else
        not_ok "thrive evaluate writes the $name workbook and summary (exit $status)" "$tmp/log"
    fi
}
example "FIP example" fip.yaml fip/cases.csv
example "FIP example, --suppress 5" fip.yaml fip/cases.csv --suppress 5
example "school-gates example" school-gates.yaml school-gates/cases.csv
example "teen-parent-housing example" teen-parent-housing.yaml teen-parent-housing/cases.csv
example "work-focused example" work-focused.yaml work-focused/cases.csv
example "work-focused example, --suppress 5" work-focused.yaml work-focused/cases.csv --suppress 5
example "separating-parents example" separating-parents.yaml separating-parents/cases.csv
example "laip example, Islington" laip.yaml laip/islington.csv
example "laip example, Islington, --suppress 5" laip.yaml laip/islington.csv --suppress 5
# Value for money in depth: values split by who benefits, a sensitivity
# list, and the Green Book schedule over 40 years.
vfm() { # NAME MODEL
    s=$(slug "$1")
    if "$THRIVE" evaluate "$top_srcdir/tests/vfm/$2" --data "$top_srcdir/tests/vfm/two.csv" \
        -o "$tmp/$s.xlsx" --summary "$tmp/$s.json" >"$tmp/log" 2>&1; then
        ok "thrive evaluate writes the $1 workbook and summary"
        prepare "$1" "$tmp/$s.xlsx"
    else
        not_ok "thrive evaluate writes the $1 workbook and summary" "$tmp/log"
    fi
}
vfm "two outcomes, split values" two.yaml
vfm "two outcomes, Green Book schedule" green-book.yaml

# One LibreOffice run loads (recalculating) and saves every workbook.
soffice -env:UserInstallation="file://$tmp/profile" --headless --norestore \
    --convert-to xlsx --outdir "$tmp/recalc" "$tmp"/in/*.xlsx >"$tmp/soffice.log" 2>&1

while IFS= read -r name; do
    s=$(slug "$name")
    if [ -s "$tmp/recalc/$s.xlsx" ]; then
        check "$name: every formula recalculates to its cached value" \
            "$python" "$helper" compare "$tmp/in/$s.xlsx" "$tmp/recalc/$s.xlsx"
    else
        not_ok "$name: LibreOffice converts the workbook" "$tmp/soffice.log"
    fi
    if [ -s "$tmp/recalc/$s-edited.xlsx" ]; then
        check "$name: a changed input cost moves every figure built on it" \
            "$python" "$helper" check-shift "$tmp/in/$s.xlsx" "$tmp/recalc/$s-edited.xlsx" 1000
    else
        not_ok "$name: LibreOffice converts the workbook with an edited cost" "$tmp/soffice.log"
    fi
    if [ -s "$tmp/recalc/$s-value.xlsx" ]; then
        check "$name: a changed value moves NPV, SROI, fiscal return and payback" \
            "$python" "$helper" check-value "$tmp/in/$s.xlsx" "$tmp/recalc/$s-value.xlsx" 500
    elif [ -s "$tmp/in/$s-value.xlsx" ]; then
        not_ok "$name: LibreOffice converts the workbook with an edited value" "$tmp/soffice.log"
    fi
    if [ -f "$tmp/$s.json" ]; then
        check "$name: the JSON summary and the workbook agree" \
            "$python" "$helper" compare-json "$tmp/in/$s.xlsx" "$tmp/$s.json"
    fi
done <"$tmp/books"
tap_done
