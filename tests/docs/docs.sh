#!/bin/sh
# docs.sh - the man pages, `thrive help`, the manual and bash completion (TAP).
#
# - Every man page made from docs/man/*.scd renders with
#   `MANWIDTH=80 man --warnings -l` and no warning, with no @PLACEHOLDER@ left.
# - `thrive help COMMAND` shows the command's page, and every command's
#   --help names it.
# - Every key and every choice the model loader knows (the string tables of
#   src/model*.c and src/field.c) is in thrive-model(5) and in the manual's
#   chapter on the logic model.
# - Every complete model in the manual (a YAML block starting "model:")
#   validates; the one in "Getting started" validates against the template's
#   case data it was written for.
# - Every relative link in the manual leads to a file; the manual never
#   refers to a document users do not have.
# - The bash completion completes the commands and their options.
# THRIVE, top_srcdir and top_builddir come from the environment.

: "${THRIVE:?THRIVE must name the thrive program}"
. "$top_srcdir/tests/tap.sh"
: "${top_builddir:?top_builddir must name the build tree}"
tap_tmp docs

need() { # need TOOL: true if present; else a skip (or a failure under quickstart)
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "${THRIVE_REQUIRE_TOOLS:-0}" = 1 ]; then not_ok "$1 is installed"; else skip "$1" "not installed"; fi
    return 1
}

manual=$top_srcdir/docs/manual
pages="thrive.1 thrive-init.1 thrive-validate.1 thrive-evaluate.1 thrive-diagram.1
thrive-plugins.1 thrive-model.5 thrive-compare.1 thrive-report.1"
commands="init validate evaluate diagram plugins compare report"

# ---- man pages ----
if need man; then
    for page in $pages; do
        file=$top_builddir/docs/man/$page
        if [ ! -s "$file" ]; then
            not_ok "$page is made"
            continue
        fi
        MANWIDTH=80 man --warnings -l "$file" >"$tmp/out" 2>"$tmp/err"
        if [ $? = 0 ] && [ ! -s "$tmp/err" ] && [ -s "$tmp/out" ]; then
            ok "$page renders at 80 columns without a warning"
        else
            not_ok "$page renders at 80 columns without a warning"
            sed 's/^/# /' "$tmp/err"
        fi
        check "$page has every placeholder filled in" sh -c "! grep -q '@[A-Z]*@' '$file'"
    done
    export MANPAGER=cat PAGER=cat MANWIDTH=80
    for c in $commands; do
        "$THRIVE" help "$c" >"$tmp/help" 2>"$tmp/err"
        check "thrive help $c shows thrive-$c(1)" \
            sh -c "test $? = 0 && grep -q 'thrive-$c - ' '$tmp/help'"
    done
    "$THRIVE" help model >"$tmp/help" 2>/dev/null
    check "thrive help model shows thrive-model(5)" grep -q 'thrive-model - the logic model' "$tmp/help"
fi
"$THRIVE" help nosuch >/dev/null 2>&1
status=$?
check "thrive help of an unknown command exits 2 (got $status)" test "$status" = 2
check "thrive help lists the commands and says where the manual is" \
    sh -c "'$THRIVE' help | grep -q 'init CASES.csv' && '$THRIVE' help | grep -q 'manual'"
for c in $commands; do
    check "thrive $c --help names thrive-$c(1)" \
        sh -c "'$THRIVE' $c --help | grep -q 'thrive-$c(1)'"
done
check "thrive --help names thrive(1)" sh -c "'$THRIVE' --help | grep -q 'thrive(1)'"

# ---- every key of the model format is documented ----
if need python3; then
    python3 - "$top_srcdir" >"$tmp/keys" <<'EOF' || not_ok "the loader's key tables are found"
import re, sys
src = sys.argv[1] + "/src/"
words = set()
import glob
for name in sorted(glob.glob(src + "model*.c")) + [src + "field.c"]:
    try:
        text = open(name).read()
    except OSError:
        continue
    # the tables of keys and of choices: static const char *const X[] = {...};
    for m in re.finditer(r'const char \*const (\w+)\[[^\]]*\]\s*=\s*\{(.*?)\};', text, re.S):
        if m.group(1).endswith(("keys", "names")):
            words.update(re.findall(r'"([a-z_]+)"', m.group(2)))
words.discard("none")  # strategy_names[0]: no strategy
if len(words) < 60:
    sys.exit("only %d keys found" % len(words))
print("\n".join(sorted(words)))
EOF
    missing_man=""
    missing_manual=""
    while read -r key; do
        grep -q "\\b$key\\b" "$top_srcdir/docs/man/thrive-model.5.scd" || missing_man="$missing_man $key"
        grep -q "\\b$key\\b" "$manual/logic-model.md" || missing_manual="$missing_manual $key"
    done <"$tmp/keys"
    check "thrive-model(5) names every key and choice of the loader ($(wc -l <"$tmp/keys") words)${missing_man:+; missing:$missing_man}" \
        test -z "$missing_man"
    check "the manual's logic-model chapter names every key and choice${missing_manual:+; missing:$missing_manual}" \
        test -z "$missing_manual"

    # ---- every complete model in the manual validates ----
    python3 - "$manual" "$tmp" <<'EOF' >"$tmp/models"
import re, sys, glob, os
manual, out = sys.argv[1], sys.argv[2]
for md in sorted(glob.glob(manual + "/*.md")):
    for i, block in enumerate(re.findall(r"```yaml\n(.*?)```", open(md).read(), re.S)):
        if block.startswith("model:"):
            name = "%s/%s-%d.yaml" % (out, os.path.basename(md)[:-3], i)
            open(name, "w").write(block)
            print(name)
EOF
    check "the manual has complete models to check ($(wc -l <"$tmp/models"))" test -s "$tmp/models"
    while read -r model; do
        if "$THRIVE" validate "$model" >/dev/null 2>"$tmp/err"; then
            ok "the manual's $(basename "$model") validates"
        else
            not_ok "the manual's $(basename "$model") validates"
            sed 's/^/# /' "$tmp/err"
        fi
    done <"$tmp/models"
    started=$(grep 'getting-started' "$tmp/models" | head -1)
    check "the model of 'Getting started' accepts every row of the template's data" \
        sh -c "'$THRIVE' validate '$started' --data '$top_srcdir/examples/plugin-template/cases.csv' |
               grep -q '16 rows read, 16 accepted, 0 rejected'"
fi

# ---- links, and no document users do not have ----
broken=""
for md in "$manual"/*.md; do
    for link in $(sed -n 's/.*](\([^)#:]*\)\(#[^)]*\)\{0,1\}).*/\1/p' "$md" | grep -v '^http'); do
        [ -e "$manual/$link" ] || broken="$broken $(basename "$md"):$link"
    done
done
check "every relative link in the manual leads to a file${broken:+; broken:$broken}" test -z "$broken"
check "the manual refers to no specification users do not have" \
    sh -c "! grep -rniq 'SPEC\\b\|specification' '$manual' '$top_srcdir/docs/man'"
check "no comment or message in the tree cites a specification that does not ship" \
    sh -c "! grep -rIlw 'SPEC' --exclude-dir=golden --exclude=docs.sh '$top_srcdir/src' '$top_srcdir/plugins' '$top_srcdir/include' '$top_srcdir/tests' '$top_srcdir/bench' '$top_srcdir/examples' '$top_srcdir/logic-models' '$top_srcdir/docs' '$top_srcdir/README.md'"

# ---- bash completion ----
bc=/usr/share/bash-completion/bash_completion
if need bash && { [ -f "$bc" ] || {
    if [ "${THRIVE_REQUIRE_TOOLS:-0}" = 1 ]; then not_ok "bash-completion is installed"; else
        skip "bash completion" "bash-completion is not installed"; fi
    false
}; }; then
    complete_line() { # complete_line WORD...: what bash offers for the last word
        bash -c '
            . "$1" 2>/dev/null; . "$2"; shift 2
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
            COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
            _thrive thrive "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$bc" "$top_srcdir/completion/thrive" "$@"
    }
    check "completion: the commands" \
        test "$(complete_line thrive '' | grep -v '^-' | tr '\n' ' ')" = \
        "compare diagram evaluate help init plugins report validate "
    check "completion: thrive ev -> evaluate" test "$(complete_line thrive ev)" = evaluate
    check "completion: the options of evaluate" \
        test "$(complete_line thrive evaluate --s | tr '\n' ' ')" = "--strict --summary --suppress "
    check "completion: init has --force" test "$(complete_line thrive init --f)" = --force
    check "completion: the options of compare" \
        test "$(complete_line thrive compare --s | tr '\n' ' ')" = "--summary --suppress "
    check "completion: thrive help mo -> model" test "$(complete_line thrive help mo)" = model
    mkdir -p "$tmp/files" && : >"$tmp/files/a.csv" && : >"$tmp/files/b.yaml"
    check "completion: --data offers CSV files" \
        test "$(cd "$tmp/files" && complete_line thrive evaluate m.yaml --data '')" = a.csv
fi

tap_done
