# books.sh - recalculate thrive workbooks in LibreOffice: what the tests
# in tests/recalc/ share, sourced by each of them (hand-built.sh: the
# hand-built and value-for-money workbooks; first-pilots.sh and
# new-pilots.sh: the bundled examples).  Each test prepares its workbooks,
# then `recalc_and_check` runs one soffice for them all and checks:
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
# library).  Three tests, so that `make -j` spreads LibreOffice over the
# cores.  Not in the quick run (THRIVE_TESTS=quick).
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/soffice.sh"
: "${top_builddir:?}"
tap_heavy "LibreOffice recalculation"
python=/usr/bin/python3
[ -x "$python" ] || python=python3
tap_need soffice libreoffice-calc-nogui
tap_need "$python" python3
tap_tmp "recalc-$(basename "$0" .sh)"
helper="$top_srcdir/tests/book_xlsx.py"
mkdir -p "$tmp/in"

# check_logged DESCRIPTION COMMAND...: one TAP line, the command's output
# as comments.
check_logged() {
    desc=$1
    shift
    "$@" >"$tmp/log" 2>&1
    report $? "$desc"
    sed 's/^/# /' "$tmp/log"
}

# slug NAME: a file name for NAME.
slug() { printf '%s' "$1" | tr -c 'a-zA-Z0-9' '-'; }

# prepare NAME BOOK: BOOK, a copy with an input cost 1000 higher and one
# with a value 500 higher, into $tmp/in for the one recalculation, each
# without its print titles (book_xlsx.py for-recalc says why); NAME joins
# the list to check ($tmp/books).
: >"$tmp/books"
prepare() {
    s=$(slug "$1")
    if ! "$python" "$helper" for-recalc "$2" "$tmp/in/$s.xlsx" >"$tmp/log" 2>&1; then
        not_ok "$1: copy the workbook" "$tmp/log"
    fi
    if ! "$python" "$helper" set-cost "$2" "$tmp/in/$s-edited.xlsx" 1000 >"$tmp/log" 2>&1; then
        not_ok "$1: edit an input cost" "$tmp/log"
    fi
    if ! "$python" "$helper" set-value "$2" "$tmp/in/$s-value.xlsx" 500 >"$tmp/log" 2>&1; then
        not_ok "$1: edit a value a year" "$tmp/log"
    fi
    echo "$1" >>"$tmp/books"
}

# example NAME MODEL DATA [OPTION...]: a bundled example through the
# program, its workbook prepared.
example() {
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
# vfm NAME MODEL: a model of tests/vfm on tests/vfm/two.csv, its workbook
# prepared.
vfm() {
    s=$(slug "$1")
    if "$THRIVE" evaluate "$top_srcdir/tests/vfm/$2" --data "$top_srcdir/tests/vfm/two.csv" \
        -o "$tmp/$s.xlsx" --summary "$tmp/$s.json" >"$tmp/log" 2>&1; then
        ok "thrive evaluate writes the $1 workbook and summary"
        prepare "$1" "$tmp/$s.xlsx"
    else
        not_ok "thrive evaluate writes the $1 workbook and summary" "$tmp/log"
    fi
}

# recalc_and_check: one LibreOffice run recalculates every workbook
# prepared, each sheet saved as CSV (tests/soffice.sh), then each is
# checked.
recalc_and_check() {
    soffice_recalc "$tmp/recalc" "$tmp"/in/*.xlsx

    while IFS= read -r name; do
        s=$(slug "$name")
        if [ -s "$tmp/recalc/$s-Summary.csv" ]; then
            check_logged "$name: every formula recalculates to its cached value" \
                "$python" "$helper" compare "$tmp/in/$s.xlsx" "$tmp/recalc/$s"
        else
            not_ok "$name: LibreOffice converts the workbook" "$tmp/soffice.log"
        fi
        if [ -s "$tmp/recalc/$s-edited-Summary.csv" ]; then
            check_logged "$name: a changed input cost moves every figure built on it" \
                "$python" "$helper" check-shift "$tmp/in/$s.xlsx" "$tmp/recalc/$s-edited" 1000
        else
            not_ok "$name: LibreOffice converts the workbook with an edited cost" "$tmp/soffice.log"
        fi
        if [ -s "$tmp/recalc/$s-value-Summary.csv" ]; then
            check_logged "$name: a changed value moves NPV, SROI, fiscal return and payback" \
                "$python" "$helper" check-value "$tmp/in/$s.xlsx" "$tmp/recalc/$s-value" 500
        elif [ -s "$tmp/in/$s-value.xlsx" ]; then
            not_ok "$name: LibreOffice converts the workbook with an edited value" "$tmp/soffice.log"
        fi
        if [ -f "$tmp/$s.json" ]; then
            check_logged "$name: the JSON summary and the workbook agree" \
                "$python" "$helper" compare-json "$tmp/in/$s.xlsx" "$tmp/$s.json"
        fi
    done <"$tmp/books"
}
