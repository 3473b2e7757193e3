#!/bin/sh
# disclosure.sh - under --suppress 5 and 10, on every bundled example (each
# examples/NAME/cases.csv with its logic-models/NAME.yaml), no hidden count
# can be recovered from the summary: tests/guards/disclosure.py walks it
# generically against the summary of the same run without --suppress (every
# count from 1 to N-1 hidden; never exactly one value hidden in a breakdown
# field, the quarters or a plugin table's count column; no rate, net or cost
# shown beside a hidden count it would give back).

. "$top_srcdir/tests/tap.sh"
PYTHON=${PYTHON:-/usr/bin/python3}
tap_need "$PYTHON" python3
tap_tmp disclosure


for cases in "$top_srcdir"/examples/*/cases.csv; do
    ex=$(basename "$(dirname "$cases")")
    model=$top_srcdir/logic-models/$ex.yaml
    [ -f "$model" ] || continue
    "$THRIVE" evaluate "$model" --data "$cases" --summary "$tmp/open.json" >/dev/null 2>"$tmp/err"
    report $? "$ex: evaluated without --suppress" "$tmp/err"
    for n in 5 10; do
        # One level under valgrind: the same code runs at the other.
        vg=$VG
        [ "$n" = 10 ] && vg=
        $vg "$THRIVE" evaluate "$model" --data "$cases" --suppress "$n" --summary "$tmp/hidden.json" \
            >/dev/null 2>"$tmp/err"
        report $? "$ex: evaluated with --suppress $n" "$tmp/err"
        "$PYTHON" "$top_srcdir/tests/guards/disclosure.py" "$tmp/hidden.json" \
            "$tmp/open.json" "$n" >"$tmp/walk" 2>&1
        walked=$?
        tap_results "$ex --suppress $n" "$tmp/walk"
        [ "$walked" -eq 0 ] || grep -q '^FAIL ' "$tmp/walk" ||
            report 1 "$ex --suppress $n: disclosure.py ran" "$tmp/walk"
    done
done

tap_done
