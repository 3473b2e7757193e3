# tap.sh - what the shell tests share, sourced by each of them:
#
#     . "$top_srcdir/tests/tap.sh"
#     tap_need python3 python3     # a tool, and the Debian package that has it
#     tap_tmp progress             # $tmp: a scratch directory, removed on exit
#     ok "what held"               # one TAP line each
#     not_ok "what did not" [FILE...]   # FILEs shown as TAP comments;
#                                       # without any, those of $tap_diag
#     report STATUS "what" [FILE...]    # ok when STATUS is 0, else not_ok
#     check "what" COMMAND...      # ok when COMMAND succeeds, else not_ok
#     skip "what" "why"
#     tap_results PREFIX FILE      # a checker's PASS/FAIL lines as TAP
#     tap_done                     # the plan; exits 1 if anything failed
#     tap_model_head ID TITLE      # a generic model's first lines, up to
#                                  # its one activity; add outputs: on
#
# $VG runs a program under valgrind when the test wrapper asks for it
# (tests/testwrapper.sh sets THRIVE_VALGRIND=1): write `$VG "$THRIVE" ...`
# where a memory error or a definite leak should fail the test (valgrind
# then exits 99).  THRIVE, top_srcdir and top_builddir come from the
# environment (AM_TESTS_ENVIRONMENT in Makefile.am).

: "${THRIVE:?THRIVE must name the thrive program}"
: "${top_srcdir:?top_srcdir must name the source tree}"

tap_n=0
tap_failed=0

# The diagnostics of a failure: the last 100 lines of each FILE.
tap_show() {
    for f in "$@"; do
        [ -f "$f" ] && tail -n 100 "$f" | sed 's/^/#   /'
    done
    return 0
}

ok() {
    tap_n=$((tap_n + 1))
    echo "ok $tap_n - $1"
}

not_ok() {
    tap_n=$((tap_n + 1))
    tap_failed=$((tap_failed + 1))
    echo "not ok $tap_n - $1"
    shift
    # shellcheck disable=SC2086 # $tap_diag: paths without blanks
    [ $# -gt 0 ] || set -- ${tap_diag:-}
    tap_show "$@"
}

report() {
    status=$1
    shift
    if [ "$status" -eq 0 ]; then ok "$1"; else not_ok "$@"; fi
}

check() {
    what=$1
    shift
    if "$@"; then ok "$what"; else not_ok "$what"; fi
}

skip() {
    tap_n=$((tap_n + 1))
    echo "ok $tap_n - $1 # SKIP $2"
}

# tap_results PREFIX FILE: FILE's "PASS what" and "FAIL what" lines (as the
# Python checkers print them) as TAP lines, each FAIL with the indented
# lines after it as its diagnostics.
tap_results() {
    while IFS= read -r line; do
        case $line in
        PASS\ *) ok "$1: ${line#PASS }" ;;
        FAIL\ *) not_ok "$1: ${line#FAIL }" /dev/null ;;
        " "*) echo "#   $line" ;;
        esac
    done <"$2"
}

tap_done() {
    echo "1..$tap_n"
    [ "$tap_failed" -eq 0 ] && exit 0
    exit 1
}

# tap_need TOOL PACKAGE: the whole test is skipped without TOOL, with a
# line that `make check` gathers into its closing advice; a failure when
# THRIVE_REQUIRE_TOOLS=1 (./quickstart.sh check, which installs them).
tap_need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "${THRIVE_REQUIRE_TOOLS:-0}" = 1 ]; then
        echo "1..1"
        echo "not ok 1 - $1 is not installed (apt-get install $2)"
        exit 1
    fi
    echo "# thrive-missing: $2"
    echo "1..0 # SKIP $1 is not installed (apt-get install $2)"
    exit 0
}

# tap_heavy WHY: skip the whole test in the quick run (THRIVE_TESTS=quick,
# as ./quickstart.sh check sets for make distcheck, having run it in full).
tap_heavy() {
    [ "${THRIVE_TESTS:-full}" = quick ] || return 0
    echo "1..0 # SKIP THRIVE_TESTS=quick: $1"
    exit 0
}

# tap_tmp NAME: a scratch directory in $tmp, removed on exit.
# A small generic model's head (one input, one activity), for a test
# that writes the rest: { tap_model_head ID TITLE; cat <<'YAML' ...; } >FILE
tap_model_head() {
    cat <<YAML
model: $1
title: $2
pilot: generic
currency: GBP
inputs:
  - { id: grant, label: Grant, kind: funding, cost: 1000 }
activities:
  - { id: support, label: Support, uses: [grant] }
YAML
}

tap_tmp() {
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/thrive-$1.XXXXXX") || exit 99
    trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
    trap 'exit 99' HUP INT TERM
}

VG=
if [ "${THRIVE_VALGRIND:-0}" = 1 ]; then
    VG="${THRIVE_VALGRIND_BIN:-valgrind} -q --error-exitcode=99 --leak-check=full"
    VG="$VG --errors-for-leak-kinds=definite,indirect --child-silent-after-fork=yes"
fi
