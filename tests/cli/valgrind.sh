#!/bin/sh
# valgrind.sh - the program under valgrind, as TAP: every bundled model
# evaluated into a workbook and a summary (plugins loaded and unloaded),
# and the whole broken-model corpus validated, with no memory error and no
# definite or indirect leak.  Skipped without valgrind, and in the
# sanitizer build (ASan and valgrind do not mix).
: "${THRIVE:?THRIVE must name the thrive program}"
: "${top_srcdir:?top_srcdir must name the source tree}"

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; sed 's/^/# /' "$tmp/err"; }

if ! command -v valgrind >/dev/null 2>&1; then
    # ./quickstart.sh check installs it and sets THRIVE_REQUIRE_TOOLS=1
    [ "${THRIVE_REQUIRE_TOOLS:-0}" = 1 ] && { echo "1..1"; echo "not ok 1 - valgrind is not installed"; exit 1; }
    echo "1..0 # SKIP valgrind is not installed"
    exit 0
fi
if [ -n "${THRIVE_SANITIZERS:-}" ]; then
    echo "1..0 # SKIP the sanitizer build is checked by ASan and UBSan instead"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/thrive-valgrind.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
vg="valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect -q"

for pilot in fip school-gates teen-parent-housing; do
    t="valgrind: evaluate $pilot into a workbook and a summary"
    # shellcheck disable=SC2086
    $vg "$THRIVE" evaluate "$top_srcdir/logic-models/$pilot.yaml" \
        --data "$top_srcdir/examples/$pilot/cases.csv" -o "$tmp/$pilot.xlsx" \
        --summary "$tmp/$pilot.json" --quiet >/dev/null 2>"$tmp/err"
    if [ $? -eq 0 ] && [ -s "$tmp/$pilot.xlsx" ]; then ok "$t"; else not_ok "$t"; fi
done

t="valgrind: validate every model of the broken-model corpus"
THRIVE_VALGRIND=1 sh "$top_srcdir/tests/cli/broken-models.sh" >"$tmp/err" 2>&1
if [ $? -eq 0 ]; then ok "$t"; else not_ok "$t"; fi

echo "1..$n"
exit $failed
