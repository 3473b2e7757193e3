#!/bin/sh
# golden.sh - the workbooks, part by part, against reference copies in
# tests/golden/ (the idea of libxlsxwriter's functional tests): every sheet,
# the shared strings, charts, drawings, tables, styles and properties of
#   - each bundled example evaluated by thrive (fip, school-gates,
#     teen-parent-housing, work-focused, separating-parents, laip (Knowsley); under valgrind when the test wrapper asks);
#   - the hand-built workbooks of tests/test_book, with and without
#     --suppress 5 (tests/golden/book, tests/golden/book-suppressed).
# One TAP line a part.  tests/book_xlsx.py golden does the comparing: times,
# versions and the source tree's path are normalised, one XML tag a line.
#
# A deliberate change to the workbook: rewrite the copies, then review and
# commit them with the change:
#     THRIVE_GOLDEN_UPDATE=1 make check TESTS=tests/golden.sh
#     git diff tests/golden
. "$top_srcdir/tests/tap.sh"
: "${top_builddir:?}"
# No Graphviz: the picture on the Logic model sheet depends on the Graphviz
# version and fonts installed, so the golden workbooks are made without it
# (the sheet then says how to draw it); tests/diagram/diagram.sh checks
# the picture.
THRIVE_DOT=
export THRIVE_DOT
PYTHON=${PYTHON:-/usr/bin/python3}
tap_need "$PYTHON" python3
tap_tmp golden
golden=$top_srcdir/tests/golden
helper=$top_srcdir/tests/book_xlsx.py

# compare NAME BOOK: BOOK's parts against tests/golden/NAME.
compare() {
    "$PYTHON" "$helper" golden "$2" "$golden/$1" "$1" >"$tmp/result" 2>"$tmp/err"
    status=$?
    tap_results golden "$tmp/result"
    [ $status -le 1 ] || not_ok "golden: book_xlsx.py golden $1 ran (status $status)" "$tmp/err"
}

# The examples, from the source tree with relative paths, as a user would.
# The LAIP model's example is one file per site: Knowsley's, the smallest.
# Not under valgrind: tests/plugins/cli.sh writes each pilot's workbook and
# summary under it.
for pilot in fip school-gates teen-parent-housing work-focused separating-parents laip; do
    data=examples/$pilot/cases.csv
    [ "$pilot" = laip ] && data=examples/laip/knowsley.csv
    # shellcheck disable=SC2086
    (cd "$top_srcdir" && "$THRIVE" evaluate "logic-models/$pilot.yaml" \
        --data "$data" -o "$tmp/$pilot.xlsx" --quiet) >"$tmp/log" 2>&1
    status=$?
    if [ $status -eq 0 ] && [ -s "$tmp/$pilot.xlsx" ]; then
        compare "$pilot" "$tmp/$pilot.xlsx"
    else
        not_ok "golden: thrive evaluate writes the $pilot workbook (exit $status)" "$tmp/log"
    fi
done

# The hand-built workbooks.
if "$top_builddir/tests/test_book" --write "$tmp" >"$tmp/log" 2>&1; then
    compare book "$tmp/book.xlsx"
    compare book-suppressed "$tmp/book-suppressed.xlsx"
else
    not_ok "golden: test_book --write writes the hand-built workbooks" "$tmp/log"
fi
tap_done
