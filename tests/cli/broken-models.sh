#!/bin/sh
# broken-models.sh - run `thrive validate` on every model of the corpus in
# tests/models/broken and tests/models/valid and check, as TAP (one line a
# model), that
#   - the exit status is the one on the model's `# exit: N` line (0 by
#     default for the valid models);
#   - stderr holds, as a whole line, `thrive: FILE:LINE:COL: error: MESSAGE`
#     for each `# error: LINE:COL: MESSAGE` line of the model;
#   - no other error is reported (one broken rule gives one error, no
#     cascade of follow-on errors).
# The models are checked in parallel (THRIVE_TEST_JOBS, default the number
# of processors), each into its own result file, reported in order.  Not
# under valgrind (over a hundred runs, a second each): the sanitizer build
# (./configure --enable-sanitizers, run by ./quickstart.sh check) checks
# every one of them for memory errors and leaks.

. "$top_srcdir/tests/tap.sh"
dir=$top_srcdir/tests/models

# check_model MODEL RESULT: "ok" or "not ok" in RESULT's first line, the
# reasons after it.
check_model() {
    model=$1 result=$2
    name=${model#"$dir"/}
    why=$result.why err=$result.err
    : >"$why"

    want_exit=$(sed -n 's/^# exit: *\([0-9][0-9]*\) *$/\1/p' "$model" | head -n 1)
    if [ -z "$want_exit" ]; then
        case $name in
        valid/*) want_exit=0 ;; # shared with other tests, which may not say
        *) echo "the model has no '# exit: N' line" >>"$why" ;;
        esac
    fi

    "$THRIVE" validate "$model" >/dev/null 2>"$err"
    status=$?
    if [ -n "$want_exit" ] && [ "$status" != "$want_exit" ]; then
        echo "exit status $status, expected $want_exit" >>"$why"
    fi

    # Each expected message, as a whole line of stderr; none beyond them.
    n_want=0
    sed -n 's/^# error: *//p' "$model" >"$result.want"
    while IFS= read -r want; do
        n_want=$((n_want + 1))
        line="thrive: $model:${want%%: *}: error: ${want#*: }"
        grep -Fx -e "$line" "$err" >/dev/null || echo "missing: $line" >>"$why"
    done <"$result.want"
    n_got=$(grep -c ': error: ' "$err")
    [ "$n_got" -eq "$n_want" ] || echo "$n_got errors reported, expected $n_want" >>"$why"

    if [ -s "$why" ]; then
        { echo "not ok - $name"; cat "$why"; echo "stderr was:"; cat "$err"; } >"$result"
    else
        echo "ok - $name" >"$result"
    fi
}

# One model, in a process of its own (run by xargs below).
if [ "${1:-}" = --one ]; then
    check_model "$3" "$2/$(printf '%s' "${3#"$dir"/}" | tr / -)"
    exit 0
fi

tap_tmp broken-models
ls "$dir"/broken/*.yaml "$dir"/valid/*.yaml 2>/dev/null >"$tmp/models"
if [ ! -s "$tmp/models" ]; then
    echo "1..0 # SKIP no models found in $dir"
    exit 0
fi
jobs=${THRIVE_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
xargs -n 1 -P "$jobs" sh "$0" --one "$tmp" <"$tmp/models"

while IFS= read -r model; do
    result=$tmp/$(printf '%s' "${model#"$dir"/}" | tr / -)
    name=${model#"$dir"/}
    if [ "$(head -n 1 "$result" 2>/dev/null)" = "ok - $name" ]; then
        ok "$name"
    else
        [ -f "$result" ] || echo "no result (the check did not run)" >"$result"
        sed 1d "$result" >"$result.diag"
        not_ok "$name" "$result.diag"
    fi
done <"$tmp/models"
tap_done
