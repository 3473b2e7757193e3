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

: "${THRIVE:?THRIVE must name the thrive program}"
: "${top_srcdir:?top_srcdir must name the source tree}"

dir=$top_srcdir/tests/compare/broken
tmp=${TMPDIR:-/tmp}/thrive-broken-programmes.$$
mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

n=0
failed=0
for programme in "$dir"/*.yaml; do
    n=$((n + 1))
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
        echo "ok $n - $name: exit $want_exit, $n_want error(s) with line and column"
    else
        failed=$((failed + 1))
        echo "not ok $n - $name"
        sed 's/^/#   /' "$tmp/why" "$tmp/err"
    fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
