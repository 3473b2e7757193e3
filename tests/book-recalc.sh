#!/bin/sh
# book-recalc.sh - recalculate thrive workbooks in LibreOffice (SPEC 7).
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
#   - (examples) every figure of the JSON summary equals the workbook's.
# The comparisons are done by tests/book_xlsx.py (python3, standard library).
#
# Skipped (TAP) when LibreOffice (soffice) or python3 is not installed,
# unless THRIVE_REQUIRE_TOOLS=1 (as ./quickstart.sh check sets, having
# installed them): then that is a failure.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${top_builddir:-.}
THRIVE=${THRIVE:-$builddir/thrive}
helper="$srcdir/tests/book_xlsx.py"
python=/usr/bin/python3
[ -x "$python" ] || python=python3

missing_tool() {
    if [ "${THRIVE_REQUIRE_TOOLS:-0}" = 1 ]; then
        echo "1..1"
        echo "not ok 1 - $1 is not installed"
        exit 1
    fi
    echo "1..0 # SKIP $1 is not installed"
    exit 0
}
command -v soffice >/dev/null 2>&1 || missing_tool "soffice (LibreOffice)"
command -v "$python" >/dev/null 2>&1 || missing_tool python3

work=$(mktemp -d "${TMPDIR:-/tmp}/thrive-book-recalc.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM

# A throwaway LibreOffice profile that recalculates every formula on load
# (OOXMLRecalcMode 0 = always), whatever the cached values say.
mkdir -p "$work/profile/user"
cat > "$work/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU

n=0
failed=0
ok() {
    n=$((n + 1))
    echo "ok $n - $1"
}
not_ok() {
    n=$((n + 1))
    echo "not ok $n - $1"
    failed=1
}
# check DESCRIPTION COMMAND...: one TAP line, the command's output as comments.
check() {
    desc=$1
    shift
    if "$@" >"$work/log" 2>&1; then
        ok "$desc"
    else
        not_ok "$desc"
    fi
    sed 's/^/# /' "$work/log"
}

# recalc BOOK: LibreOffice loads BOOK (recalculating) and saves it as
# $work/recalc/<name>.
recalc() {
    mkdir -p "$work/recalc"
    rm -f "$work/recalc/$(basename "$1")"
    soffice -env:UserInstallation="file://$work/profile" --headless --norestore \
        --convert-to xlsx --outdir "$work/recalc" "$1" >"$work/soffice.log" 2>&1
    test -s "$work/recalc/$(basename "$1")" || {
        cat "$work/soffice.log"
        return 1
    }
}

# check_book NAME BOOK: the cached values, and an edited cost.
check_book() {
    name=$1
    book=$2
    if recalc "$book" >"$work/log" 2>&1; then
        check "$name: every formula recalculates to its cached value" \
            "$python" "$helper" compare "$book" "$work/recalc/$(basename "$book")"
    else
        not_ok "$name: LibreOffice converts the workbook"
        sed 's/^/# /' "$work/log"
        return
    fi
    edited="$work/edited-$(basename "$book")"
    if "$python" "$helper" set-cost "$book" "$edited" 1000 >"$work/log" 2>&1 &&
        recalc "$edited" >>"$work/log" 2>&1; then
        check "$name: a changed input cost moves every figure built on it" \
            "$python" "$helper" check-shift "$book" "$work/recalc/$(basename "$edited")" 1000
    else
        not_ok "$name: edit an input cost and recalculate"
        sed 's/^/# /' "$work/log"
    fi
}

# The hand-built workbooks.
mkdir -p "$work/hand"
if top_srcdir=$srcdir "$builddir/tests/test_book" --write "$work/hand" >"$work/log" 2>&1; then
    ok "test_book writes the hand-built workbooks"
    check_book "hand-built" "$work/hand/book.xlsx"
    check_book "hand-built, --suppress 5" "$work/hand/book-suppressed.xlsx"
else
    not_ok "test_book writes the hand-built workbooks"
    sed 's/^/# /' "$work/log"
fi

# The bundled examples, through the program: each pilot's workbook
# recalculates, follows a cost change (its plugin's costs per unit too) and
# agrees with its summary; FIP also under --suppress 5.
example() { # NAME MODEL DATA [OPTION...]
    name=$1 model=$2 data=$3
    shift 3
    dir="$work/$(printf '%s' "$name" | tr -c 'a-zA-Z0-9\n' '-')"
    mkdir -p "$dir"
    "$THRIVE" evaluate "$srcdir/logic-models/$model" --data "$srcdir/examples/$data" \
        -o "$dir/book.xlsx" --summary "$dir/summary.json" "$@" >"$work/log" 2>&1
    status=$?
    if [ "$status" -eq 0 ] && [ -s "$dir/book.xlsx" ] && [ -s "$dir/summary.json" ]; then
        ok "thrive evaluate writes the $name workbook and summary"
        check_book "$name" "$dir/book.xlsx"
        check "$name: the JSON summary and the workbook agree" \
            "$python" "$helper" compare-json "$dir/book.xlsx" "$dir/summary.json"
    else
        not_ok "thrive evaluate writes the $name workbook and summary (exit $status)"
        sed 's/^/# /' "$work/log"
    fi
}
example "FIP example" fip.yaml fip/cases.csv
example "FIP example, --suppress 5" fip.yaml fip/cases.csv --suppress 5
example "school-gates example" school-gates.yaml school-gates/cases.csv
example "teen-parent-housing example" teen-parent-housing.yaml teen-parent-housing/cases.csv

echo "1..$n"
exit $failed
