#!/bin/sh
# new-pilots.sh - the bundled work-focused (also under --suppress 5),
# separating-parents and LAIP (Islington, also under --suppress 5)
# examples, evaluated by thrive: each workbook recalculated in LibreOffice
# and checked, and its summary against it (tests/recalc/books.sh says
# how), as TAP.
. "$top_srcdir/tests/recalc/books.sh"

example "work-focused example" work-focused.yaml work-focused/cases.csv
example "work-focused example, --suppress 5" work-focused.yaml work-focused/cases.csv --suppress 5
example "separating-parents example" separating-parents.yaml separating-parents/cases.csv
example "laip example, Islington" laip.yaml laip/islington.csv
example "laip example, Islington, --suppress 5" laip.yaml laip/islington.csv --suppress 5
recalc_and_check
tap_done
