#!/bin/sh
# broken-programmes.sh - run `thrive compare` on every programme file of the
# corpus in tests/compare/broken and check, as TAP, that
#   - the exit status is the one on the file's `# exit: N` line;
#   - stderr holds, as a whole line, `thrive: FILE:LINE:COL: error: MESSAGE`
#     for each `# error: LINE:COL: MESSAGE` line of the file (@DIR@ stands
#     for the corpus directory, as the program names it);
#   - no other error is reported (one broken rule gives one error);
#   - nothing is written: the summary asked for does not appear.
# THRIVE and top_srcdir come from the environment (AM_TESTS_ENVIRONMENT).

. "$top_srcdir/tests/tap.sh"
tap_tmp broken-programmes

dir=$top_srcdir/tests/compare/broken
for programme in "$dir"/*.yaml; do
    name=${programme##*/}
    ok=yes
    : >"$tmp/why"
    want_exit=$(sed -n 's/^# exit: *\([0-9][0-9]*\) *$/\1/p' "$programme" | head -n 1)
    sed -n 's/^# error: *//p' "$programme" >"$tmp/want"
    rm -f "$tmp/summary.json"
    "$THRIVE" compare "$programme" --summary "$tmp/summary.json" --quiet \
        >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ "$status" != "$want_exit" ]; then
        echo "exit status $status, expected $want_exit" >>"$tmp/why"
        ok=no
    fi
    while IFS= read -r want; do
        pos=${want%%: *}
        msg=$(printf '%s' "${want#*: }" | sed "s|@DIR@|$dir|g")
        line="thrive: $programme:$pos: error: $msg"
        if ! grep -Fx -e "$line" "$tmp/err" >/dev/null; then
            echo "missing: $line" >>"$tmp/why"
            ok=no
        fi
    done <"$tmp/want"
    n_want=$(wc -l <"$tmp/want")
    n_got=$(grep -c ': error: ' "$tmp/err")
    if [ "$n_got" -ne "$n_want" ]; then
        echo "$n_got errors reported, expected $n_want" >>"$tmp/why"
        ok=no
    fi
    if [ -e "$tmp/summary.json" ]; then
        echo "a summary was written" >>"$tmp/why"
        ok=no
    fi
    if [ $ok = yes ]; then
        ok "$name: exit $want_exit, $n_want error(s) with line and column"
    else
        not_ok "$name" "$tmp/why" "$tmp/err"
    fi
done
tap_done
