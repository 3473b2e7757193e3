#!/bin/sh
# hand-built.sh - the hand-built workbooks of tests/test_book (with and
# without --suppress 5) and the two-outcome value-for-money models of
# tests/vfm (values split by who benefits, a sensitivity list, and the
# Green Book schedule over 40 years), recalculated in LibreOffice and
# checked (tests/recalc/books.sh says how), as TAP.
. "$top_srcdir/tests/recalc/books.sh"

if "$top_builddir/tests/test_book" --write "$tmp" >"$tmp/log" 2>&1; then
    ok "test_book writes the hand-built workbooks"
    prepare "hand-built" "$tmp/book.xlsx"
    prepare "hand-built, --suppress 5" "$tmp/book-suppressed.xlsx"
else
    not_ok "test_book writes the hand-built workbooks" "$tmp/log"
fi
vfm "two outcomes, split values" two.yaml
vfm "two outcomes, Green Book schedule" green-book.yaml
recalc_and_check
tap_done
