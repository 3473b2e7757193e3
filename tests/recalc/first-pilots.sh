#!/bin/sh
# first-pilots.sh - the bundled FIP (also under --suppress 5),
# school-gates and teen-parent-housing examples, evaluated by thrive: each
# workbook recalculated in LibreOffice and checked, and its summary against
# it (tests/recalc/books.sh says how), as TAP.
. "$top_srcdir/tests/recalc/books.sh"

example "FIP example" fip.yaml fip/cases.csv
example "FIP example, --suppress 5" fip.yaml fip/cases.csv --suppress 5
example "school-gates example" school-gates.yaml school-gates/cases.csv
example "teen-parent-housing example" teen-parent-housing.yaml teen-parent-housing/cases.csv
recalc_and_check
tap_done
