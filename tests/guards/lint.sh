#!/bin/sh
# lint.sh - the warnings of `thrive validate` about a valid logic model
# (docs/manual/commands.md, "thrive validate"):
#   - each model of tests/guards/lint draws exactly the warnings its
#     `# warning: LINE:COL: MESSAGE` lines say (positions counted by hand),
#     exit 0, and exit 1 under --strict;
#   - the control: every bundled model (logic-models/ and the models of
#     examples/, the plugin template's with its plugin built here) draws no
#     warning and passes --strict.

. "$top_srcdir/tests/tap.sh"
tap_tmp lint

for model in "$top_srcdir"/tests/guards/lint/*.yaml; do
    name=lint/$(basename "$model")
    $VG "$THRIVE" validate "$model" >/dev/null 2>"$tmp/err"
    status=$?
    : >"$tmp/why"
    [ "$status" -eq 0 ] || echo "exit status $status, expected 0" >>"$tmp/why"
    sed -n 's/^# warning: //p' "$model" >"$tmp/want"
    [ -s "$tmp/want" ] || echo "the model has no '# warning:' line" >>"$tmp/why"
    while IFS= read -r want; do
        line="thrive: $model:${want%%: *}: warning: ${want#*: }"
        grep -Fx -e "$line" "$tmp/err" >/dev/null || echo "missing: $line" >>"$tmp/why"
    done <"$tmp/want"
    n_got=$(grep -c ': warning: ' "$tmp/err")
    n_want=$(wc -l <"$tmp/want")
    [ "$n_got" -eq "$n_want" ] || echo "$n_got warnings, expected $n_want" >>"$tmp/why"
    [ -s "$tmp/why" ] && cat "$tmp/err" >>"$tmp/why"
    [ ! -s "$tmp/why" ]
    report $? "$name: its warnings, exit 0" "$tmp/why"

    "$THRIVE" validate --strict "$model" >/dev/null 2>"$tmp/err"
    status=$?
    [ "$status" -eq 1 ] && grep -q "^thrive: $model: $n_want warnings\{0,1\}, 0 rows rejected (--strict)$" "$tmp/err"
    report $? "$name: exit 1 under --strict (was $status)" "$tmp/err"
done

# The control: the bundled models lint clean.
find "$top_srcdir/logic-models" "$top_srcdir/examples" -name '*.yaml' | sort >"$tmp/yaml"
while IFS= read -r model; do
    grep -q '^outcomes:' "$model" || continue # a programme file, not a model
    name=${model#"$top_srcdir"/}
    set -- validate --strict "$model"
    case $name in
    examples/plugin-template/*)
        if ! command -v cc >/dev/null 2>&1; then
            skip "$name lints clean" "no C compiler to build its plugin"
            continue
        fi
        cc -std=c11 -shared -fPIC -I"$top_srcdir/include" -o "$tmp/debt_advice.so" \
            "$top_srcdir/examples/plugin-template/debt_advice.c" -lm 2>"$tmp/err" ||
            { not_ok "$name: its plugin builds" "$tmp/err"; continue; }
        set -- "$@" --plugin-path "$tmp"
        ;;
    esac
    "$THRIVE" "$@" >/dev/null 2>"$tmp/err"
    status=$?
    [ "$status" -eq 0 ] && ! grep -q 'warning:' "$tmp/err"
    report $? "$name lints clean (exit $status)" "$tmp/err"
done <"$tmp/yaml"

tap_done
