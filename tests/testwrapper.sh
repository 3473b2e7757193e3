#!/bin/sh
# testwrapper.sh - how `make check` runs each test (LOG_COMPILER in
# Makefile.am).
#
#   - A compiled test runs under valgrind: a memory error, or a definite or
#     indirect leak, makes it exit 99, which fails it.
#   - A script named in THRIVE_VALGRIND_SCRIPTS (SCRIPTS_UNDER_VALGRIND in
#     Makefile.am) gets THRIVE_VALGRIND=1 and runs thrive under valgrind
#     where it says `$VG "$THRIVE"` (tests/tap.sh); the other scripts run
#     thrive bare here, and under ASan and UBSan in the sanitizer build.
#   - Neither in the sanitizer build (ASan and valgrind do not mix), nor
#     with THRIVE_VALGRIND=0 (`make check THRIVE_VALGRIND=0`, quicker while
#     working on something).  Without valgrind the tests run bare, with a
#     line that `make check` gathers into its closing advice, or fail when
#     THRIVE_REQUIRE_TOOLS=1 (./quickstart.sh check installs valgrind).
#
# The time each test took, wall and CPU, ends its log (build/tests/*.log).
# THRIVE_VALGRIND_BIN (configure's path to valgrind; not VALGRIND, which
# LibreOffice's soffice script would take as its own), LIBTOOL and
# THRIVE_SANITIZERS come from AM_TESTS_ENVIRONMENT.

# A name in the list that is no script would leave that script, unseen,
# without valgrind: fail every test instead.
for script in ${THRIVE_VALGRIND_SCRIPTS:-}; do
    [ -f "${top_srcdir:-.}/$script" ] && continue
    echo "Bail out! SCRIPTS_UNDER_VALGRIND (Makefile.am) names $script, which is not a test script"
    exit 99
done

want=${THRIVE_VALGRIND:-1}
[ -n "${THRIVE_SANITIZERS:-}" ] && want=0
case $1 in
*.sh | *.py)
    listed=0
    for script in ${THRIVE_VALGRIND_SCRIPTS:-}; do
        case $1 in */"$script" | "$script") listed=1 ;; esac
    done
    [ "$listed" = 1 ] || want=0
    ;;
esac
vg=${THRIVE_VALGRIND_BIN:-valgrind}
if [ "$want" = 1 ] && ! command -v "$vg" >/dev/null 2>&1; then
    if [ "${THRIVE_REQUIRE_TOOLS:-0}" = 1 ]; then
        echo "Bail out! valgrind is not installed (apt-get install valgrind)"
        exit 99
    fi
    echo "# thrive-missing: valgrind"
    want=0
fi
THRIVE_VALGRIND=$want
export THRIVE_VALGRIND

start=$(date +%s.%N)
case $1 in
*.sh | *.py) "$@" ;;
*)
    if [ "$want" = 1 ]; then
        # shellcheck disable=SC2086
        ${LIBTOOL:-libtool} --mode=execute "$vg" -q --error-exitcode=99 \
            --leak-check=full --errors-for-leak-kinds=definite,indirect \
            --show-leak-kinds=definite,indirect --child-silent-after-fork=yes \
            --suppressions="${top_srcdir:-.}/tests/valgrind.supp" "$@"
    else
        "$@"
    fi
    ;;
esac
status=$?
# The CPU time of the test and everything it ran (the shell's `times`,
# second line: children's user and system time).
# (Into a file: in a command substitution `times` would count a subshell's.)
times_file=$(mktemp "${TMPDIR:-/tmp}/thrive-times.XXXXXX") && times >"$times_file"
cpu=$(sed -n '2p' "$times_file" | awk '{
    t = 0
    for (i = 1; i <= 2; i++) { split($i, a, "m"); t += a[1] * 60 + a[2] }
    printf "%.1f", t }')
rm -f "$times_file"
end=$(date +%s.%N)
echo "# time: $(echo "$start $end" | awk '{ printf "%.1f", $2 - $1 }') s wall, $cpu s CPU" \
    "(valgrind: $( [ "$want" = 1 ] && echo yes || echo no))"
exit $status
