#!/bin/sh
# broken-models.sh - run `thrive validate` on every model of the corpus in
# tests/models/broken and tests/models/valid and check, as TAP, that
#   - the exit status is the one on the model's `# exit: N` line (0 by
#     default for the valid models);
#   - stderr holds, as a whole line, `thrive: FILE:LINE:COL: error: MESSAGE`
#     for each `# error: LINE:COL: MESSAGE` line of the model;
#   - no other error is reported (one broken rule gives one error, no
#     cascade of follow-on errors).
# THRIVE and top_srcdir come from the environment (AM_TESTS_ENVIRONMENT).
# With THRIVE_VALGRIND=1 every run is under valgrind and a memory error or a
# definite leak fails the test.

: "${THRIVE:?THRIVE must name the thrive program}"
: "${top_srcdir:?top_srcdir must name the source tree}"

dir=$top_srcdir/tests/models
tmp=${TMPDIR:-/tmp}/thrive-broken-models.$$
mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

if [ "${THRIVE_VALGRIND:-0}" = 1 ]; then
    set -- valgrind --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect -q
else
    set --
fi

n=0
failed=0

for model in "$dir"/broken/*.yaml "$dir"/valid/*.yaml; do
    [ -f "$model" ] || continue
    n=$((n + 1))
    name=${model#"$dir"/}
    ok=yes
    : >"$tmp/why"

    want_exit=$(sed -n 's/^# exit: *\([0-9][0-9]*\) *$/\1/p' "$model" | head -n 1)
    if [ -z "$want_exit" ]; then
        case $name in
        valid/*) want_exit=0 ;; # shared with other tests, which may not say
        *)
            echo "the model has no '# exit: N' line" >>"$tmp/why"
            ok=no
            ;;
        esac
    fi
    sed -n 's/^# error: *//p' "$model" >"$tmp/want"

    "$@" "$THRIVE" validate "$model" >"$tmp/out" 2>"$tmp/err"
    status=$?

    if [ "$status" = 99 ] && [ $# -gt 0 ]; then
        echo "valgrind found memory errors or leaks" >>"$tmp/why"
        ok=no
    elif [ -n "$want_exit" ] && [ "$status" != "$want_exit" ]; then
        echo "exit status $status, expected $want_exit" >>"$tmp/why"
        ok=no
    fi

    # Each expected message, as a whole line of stderr.
    while IFS= read -r want; do
        pos=${want%%: *}
        msg=${want#*: }
        line="thrive: $model:$pos: error: $msg"
        if ! grep -Fx -e "$line" "$tmp/err" >/dev/null; then
            echo "missing: $line" >>"$tmp/why"
            ok=no
        fi
    done <"$tmp/want"

    # No error beyond those expected.
    n_want=$(wc -l <"$tmp/want")
    n_got=$(grep -c ': error: ' "$tmp/err")
    if [ "$n_got" -ne "$n_want" ]; then
        echo "$n_got errors reported, expected $n_want" >>"$tmp/why"
        ok=no
    fi

    if [ "$ok" = yes ]; then
        echo "ok $n - $name"
    else
        failed=$((failed + 1))
        echo "not ok $n - $name"
        sed 's/^/#   /' "$tmp/why"
        echo "# stderr was:"
        sed 's/^/#   /' "$tmp/err"
    fi
done

if [ "$n" -eq 0 ]; then
    echo "1..0 # SKIP no models found in $dir"
    exit 0
fi
echo "1..$n"
[ "$failed" -eq 0 ]
