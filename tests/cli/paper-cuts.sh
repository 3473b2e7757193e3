#!/bin/sh
# paper-cuts.sh - the command line's small mistakes, each met with a message
# that says what to do (docs/manual/commands.md):
#   - the case data given without --data: named, with the command to type;
#   - an unknown option, in every command: the 'thrive: COMMAND:' prefix and
#     the nearest option; an option without its value;
#   - -o x.csv refused (the workbook is .xlsx), for evaluate and compare;
#   - evaluate with no output: a note that nothing was written, exit 0;
#   - expressions in another language's syntax (&&, ||, 'yes', 20%): the fix;
#   - counts of one in the singular ("1 activity");
#   - --help names every environment variable the sources read;
#   - a message of the program itself has one 'thrive:' prefix;
#   - a mistyped command: the nearest one; a model or CSV file named first:
#     the command to put before it;
#   - diagram -o x.jpg (DOT text under a picture's name) refused;
#   - plugins --plugin-path naming no directory: a warning;
#   - compare given a logic model: one error saying what compare takes.

. "$top_srcdir/tests/tap.sh"
tap_tmp paper-cuts

model=$top_srcdir/logic-models/fip.yaml
cases=$top_srcdir/examples/fip/cases.csv

# run STATUS CMD...: CMD exits with STATUS; its stderr in $tmp/err, stdout
# in $tmp/out.
run() {
    want=$1
    shift
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    [ "$got" -eq "$want" ] || { echo "exit status $got, expected $want" >>"$tmp/err"; return 1; }
}
has() { grep -F -e "$1" "$tmp/err" >/dev/null; }

# 1. The case data as a second positional argument.
run 2 "$THRIVE" evaluate "$model" "$cases" &&
    has "thrive: evaluate: '$cases' after the model: name the case data with --data, as in" &&
    has "  thrive evaluate $model --data $cases"
report $? "evaluate MODEL CASES names CASES and --data" "$tmp/err"
run 2 "$THRIVE" validate "$model" "$cases" && has "thrive: validate: '$cases' after the model"
report $? "validate MODEL CASES likewise" "$tmp/err"

# 2. Unknown options, in every command: the prefix and the nearest option.
while read -r cmd bad hint; do
    run 2 "$THRIVE" $cmd $bad x &&
        has "thrive: $cmd: unknown option '$bad' (did you mean '$hint'?)" &&
        ! grep -q "unrecognized option" "$tmp/err"
    report $? "$cmd $bad: did you mean $hint" "$tmp/err"
done <<EOF2
evaluate --sumary --summary
validate --dta --data
compare --sumary --summary
diagram --outptu --output
init --forse --force
report --outptu --output
plugins --plugin-pth --plugin-path
evaluate -summary --summary
EOF2
run 2 "$THRIVE" evaluate "$model" --data "$cases" -x &&
    has "thrive: evaluate: unknown option '-x' (thrive evaluate --help lists them)"
report $? "an unknown short option: named, with where to look" "$tmp/err"
run 2 "$THRIVE" evaluate "$model" --data &&
    has "thrive: evaluate: option '--data' needs a value (thrive evaluate --help)"
report $? "an option without its value" "$tmp/err"
run 2 "$THRIVE" validate "$model" --summary s.json &&
    has "thrive: validate: --summary is an option of evaluate: validate writes nothing"
report $? "validate --summary: an option of evaluate" "$tmp/err"

# 3. The workbook is .xlsx.
run 2 "$THRIVE" evaluate "$model" --data "$cases" -o "$tmp/x.csv" &&
    has "thrive: evaluate: -o $tmp/x.csv: the workbook is an Excel file, .xlsx: name it so ($tmp/x.xlsx); thrive writes no CSV" &&
    [ ! -e "$tmp/x.csv" ]
report $? "evaluate -o x.csv is refused, naming .xlsx" "$tmp/err"
run 2 "$THRIVE" compare "$top_srcdir/examples/laip/programme.yaml" -o "$tmp/x.json" &&
    has "the workbook is an Excel file, .xlsx: name it so ($tmp/x.xlsx); the JSON summary is --summary FILE.json"
report $? "compare -o x.json is refused, naming --summary" "$tmp/err"
run 0 "$THRIVE" evaluate "$model" --data "$cases" -o "$tmp/x.XLSX" --quiet && [ -s "$tmp/x.XLSX" ]
report $? "the control: -o x.XLSX is written" "$tmp/err"

# 4. No output named: a note, exit 0; none when an output is named.
run 0 "$THRIVE" evaluate "$model" --data "$cases" --quiet &&
    has "thrive: note: nothing written: name the workbook with -o BOOK.xlsx (or --summary FILE.json, --html FILE.html)"
report $? "evaluate with no output: a note that nothing was written, exit 0" "$tmp/err"
run 0 "$THRIVE" evaluate "$model" --data "$cases" --quiet --summary "$tmp/s.json" &&
    ! has "nothing written"
report $? "the control: with --summary, no such note" "$tmp/err"

# 5. Expressions in another syntax (each message is checked, with its
# offset, in test_expr; here, that validate shows it at its column).
sed "s/    count: action_plan == \"yes\"/    count: action_plan == 'yes'/" "$model" >"$tmp/quotes.yaml"
line=$(grep -n "action_plan == 'yes'" "$tmp/quotes.yaml" | cut -d: -f1) # column 27: the quote
run 3 "$THRIVE" validate "$tmp/quotes.yaml" &&
    has "thrive: $tmp/quotes.yaml:$line:27: error: in the count of output 'support_plans': strings take double quotes: write \"yes\""
report $? "validate: 'yes' in single quotes, at its column, with the fix" "$tmp/err"

# 6. One in the singular.
run 0 "$THRIVE" validate "$top_srcdir/tests/models/valid/minimal.yaml" &&
    grep -F "(1 input, 1 activity, 1 output, 1 outcome, 0 impacts)" "$tmp/out" >/dev/null
report $? "validate: 1 input, 1 activity, 1 output, 1 outcome, 0 impacts" "$tmp/out"
head -n 2 "$cases" >"$tmp/one.csv"
run 0 "$THRIVE" evaluate "$model" --data "$tmp/one.csv" --quiet --summary "$tmp/one.json" &&
    has "1 row read, "
report $? "evaluate: 1 row read" "$tmp/err"

# 7. --help names every environment variable the sources read.
"$THRIVE" --help >"$tmp/help"
vars=$(cat "$top_srcdir"/src/*.c "$top_srcdir"/src/cli/*.c "$top_srcdir"/plugins/*.c | grep -o 'getenv("[A-Z_]*")' |
    sed 's/getenv("\(.*\)")/\1/' | sort -u)
missing=
for v in $vars; do grep -q "^  $v " "$tmp/help" || missing="$missing $v"; done
[ -n "$vars" ] && [ -z "$missing" ]
report $? "thrive --help names every variable read ($(echo $vars))${missing:+; missing:$missing}" "$tmp/help"

# 8. One prefix: "no plugins found" from a copy of thrive outside the build
# tree (which would find the built plugins), searching an empty directory.
cp "$THRIVE" "$tmp/thrive" && mkdir "$tmp/empty"
env -u THRIVE_PLUGIN_PATH "$tmp/thrive" plugins --plugin-path "$tmp/empty" >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ]; then
    skip "no doubled 'thrive: thrive:'" "plugins are installed, so some were found"
else
    has "thrive: error: no plugins found; searched: $tmp/empty" && ! has "thrive: thrive:"
    report $? "no plugins found: one 'thrive:' prefix" "$tmp/err"
fi

# 9. A mistyped command, a file where the command goes.
run 2 "$THRIVE" evalute "$model" && has "thrive: unknown command 'evalute' (did you mean 'evaluate'?)" &&
    has "Usage: thrive COMMAND"
report $? "thrive evalute: did you mean 'evaluate'" "$tmp/err"
run 2 "$THRIVE" help modle && has "thrive: help: unknown command 'modle' (did you mean 'model'?)"
report $? "thrive help modle: did you mean 'model'" "$tmp/err"
run 2 "$THRIVE" "$model" && has "  thrive validate $model" &&
    has "  thrive evaluate $model --data CASES.csv -o BOOK.xlsx"
report $? "thrive MODEL.yaml: the commands to put before it" "$tmp/err"
run 2 "$THRIVE" "$cases" && has "  thrive init $cases -o MODEL.yaml"
report $? "thrive CASES.csv: thrive init before it" "$tmp/err"

# 10. diagram: the format follows -o's extension; another one is refused
# (it would hold DOT text under a picture's name), unless -T says.
run 2 "$THRIVE" diagram "$model" -o "$tmp/model.jpg" &&
    has "'$tmp/model.jpg': the diagram is written as DOT text (.dot, .gv), PNG or SVG" &&
    [ ! -e "$tmp/model.jpg" ]
report $? "diagram -o model.jpg: refused, nothing written" "$tmp/err"
run 0 "$THRIVE" diagram "$model" -T dot -o "$tmp/model.jpg" && head -n 1 "$tmp/model.jpg" | grep -q '^digraph' &&
    run 0 "$THRIVE" diagram "$model" -o "$tmp/model.gv" && head -n 1 "$tmp/model.gv" | grep -q '^digraph' &&
    mkdir -p "$tmp/d.x" && run 0 "$THRIVE" diagram "$model" -o "$tmp/d.x/graph" &&
    head -n 1 "$tmp/d.x/graph" | grep -q '^digraph'
report $? "diagram: -T dot -o model.jpg, -o model.gv and -o d.x/graph write DOT text" "$tmp/err"

# 11. plugins --plugin-path naming no directory: a warning, the list still.
run 0 "$THRIVE" plugins --plugin-path "$tmp/no-such-dir" --plugin-path "$model" &&
    has "thrive: $tmp/no-such-dir: warning: --plugin-path: No such file or directory" &&
    has "thrive: $model: warning: --plugin-path: not a directory" && grep -q '^generic ' "$tmp/out"
report $? "plugins --plugin-path to no directory: a warning for each, exit 0" "$tmp/err"

# 12. compare given a logic model, not a programme: one error, not one per
# key of the model, at its first key (line 17 of fip.yaml, after comments).
run 3 "$THRIVE" compare "$model" &&
    has "thrive: $model:17:1: error: this is a logic model, not a programme file: thrive compare takes a programme" &&
    has "to evaluate this model: thrive evaluate $model --data CASES.csv" &&
    [ "$(grep -c 'error:' "$tmp/err")" -eq 1 ]
report $? "compare MODEL.yaml: one error naming what compare takes" "$tmp/err"

tap_done
