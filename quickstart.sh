#!/bin/sh
# quickstart.sh - build thrive and run it on the bundled example.
#
#   ./quickstart.sh          install what is missing, build, evaluate the FIP example
#                            and compare the ten LAIP sites (examples/laip)
#   ./quickstart.sh check    the same set-up, then every test: make check, the
#                            sanitizer build's make check, make distcheck, and
#                            each parser fuzzed for 5 s (tests/fuzz/ci.sh)
#
# On Debian 12 as root, missing packages are installed with apt-get;
# otherwise the one apt-get line to run is printed.
set -eu
cd "$(dirname "$0")"
top=$(pwd)
mode=${1:-run}
case $mode in
run | check) ;;
*)
    echo "usage: $0 [check]" >&2
    exit 2
    ;;
esac

jobs=$(nproc 2>/dev/null || echo 2)
build_deps="gcc make autoconf automake libtool libltdl-dev pkg-config libyaml-dev libpcre2-dev
libxlsxwriter-dev libcsv-dev libjansson-dev nettle-dev libcunit1-dev scdoc bash-completion"
# Graphviz's dot draws the logic model (thrive diagram -T png|svg, the picture
# on the workbook's Logic model sheet); thrive works without it.
build_deps="$build_deps graphviz"
check_deps="valgrind python3 libreoffice-calc-nogui poppler-utils unzip man-db"
# The HTML report's browser test: Chromium, and node with npm to install
# playwright-core and axe-core (tests/report/package-lock.json) into the build tree.
check_deps="$check_deps chromium nodejs"
# The fuzzing harnesses (tests/fuzz): clang, and libFuzzer with the
# sanitizers' runtimes (only recommended by clang, so named here).
check_deps="$check_deps clang libclang-rt-dev"
want=$build_deps
[ "$mode" = check ] && want="$build_deps $check_deps"

missing=""
for pkg in $want; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $pkg"
done
# npm comes with some builds of nodejs, and as its own package in Debian.
[ "$mode" = check ] && ! command -v npm >/dev/null 2>&1 && missing="$missing npm"
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "quickstart: installing:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "quickstart: missing packages; run:"
        echo "  sudo apt-get install$missing"
        exit 1
    fi
fi

configure_in() {
    dir=$1
    shift
    mkdir -p "$dir"
    (cd "$dir" && "$top/configure" -q "$@") || {
        echo "quickstart: configure failed in $dir (see $dir/config.log)" >&2
        exit 1
    }
}

[ -x configure ] || ./autogen.sh >/dev/null 2>&1 || ./autogen.sh
build() { # configure and build the plain build tree
    configure_in build
    make -C build -s -j"$jobs" >/dev/null
}

if [ "$mode" = run ]; then
    build
    mkdir -p out
    ./build/thrive validate logic-models/fip.yaml
    ./build/thrive diagram logic-models/fip.yaml -o out/fip.dot
    ./build/thrive evaluate logic-models/fip.yaml --data examples/fip/cases.csv \
        -o out/fip.xlsx --summary out/fip.json
    ./build/thrive compare examples/laip/programme.yaml -o out/laip.xlsx \
        --summary out/laip.json
    echo
    echo "The evaluation workbook: $top/out/fip.xlsx"
    echo "The JSON summary:        $top/out/fip.json"
    echo "The logic model diagram: $top/out/fip.dot (dot -Tpng out/fip.dot -o fip.png)"
    echo "The ten innovation pilots compared: $top/out/laip.xlsx (and out/laip.json)"
    exit 0
fi

# check: every test, counted across the three runs, each check run once
# where it tells most.  The tools the tests need were installed above, so a
# test may not skip for want of one.
#   build       make check: everything, the unit tests and each command's
#               main path under valgrind (SCRIPTS_UNDER_VALGRIND in Makefile.am),
#               the workbooks recalculated by LibreOffice, the reports in
#               Chromium;
#   build-asan  make check under ASan and UBSan (-O1, as ASan advises;
#               -g1: line tables, all a report's file:line needs):
#               every script and unit test but the LibreOffice and Chromium
#               ones, whose results do not depend on the build
#               (THRIVE_TESTS=quick);
#   build-dist  make distcheck: the tarball builds (-O0: the warnings
#               were seen above), installs, and runs DIST_TESTS
#               (Makefile.am) without valgrind; then every file git
#               tracks must be in the tarball (but .ci/, .gitignore and
#               m4/.keep), so the tests not run from it would find their
#               files there too.
#   build-fuzz  each parser's libFuzzer harness for 5 s from the corpus
#               in the tree (tests/fuzz/ci.sh; a crash fails the check): a
#               smoke test, the corpus replayed and new inputs tried; the
#               long runs are tests/fuzz/README.md's.
# Two lanes run at once from the start (build; build-asan, then the
# fuzzers, then build-dist: the two take about as long), so that neither
# core idles while the other waits on LibreOffice, Chromium, a configure
# script or a link.
# The wall time of each run is printed; see build*/tests/*.log for each
# test's.
export THRIVE_REQUIRE_TOOLS=1
timed() { # LABEL OUTPUT COMMAND...: run COMMAND into OUTPUT, say how long it took; 1 if it failed
    label=$1 output=$2
    shift 2
    t0=$(date +%s)
    rc=0
    "$@" >"$output" 2>&1 || rc=1
    echo "quickstart: $label: $(($(date +%s) - t0)) s"
    return $rc
}
tarball_has_every_file() {
    tarball=$(ls build-dist/thrive-*.tar.gz 2>/dev/null | tail -n 1)
    [ -n "$tarball" ] && [ -d .git ] && command -v git >/dev/null || return 0
    git ls-files | grep -v -x -e '\.ci/.*' -e '\.gitignore' -e 'm4/\.keep' |
        sort >build-dist/git-files.txt
    tar tzf "$tarball" | sed 's|^[^/]*/||' | sort -u >build-dist/tar-files.txt
    unshipped=$(comm -23 build-dist/git-files.txt build-dist/tar-files.txt)
    [ -z "$unshipped" ] && return 0
    echo "quickstart: $tarball lacks files git tracks (add them to EXTRA_DIST):"
    echo "$unshipped" | sed 's/^/  /'
    return 1
}
lane_plain() {
    ok=0
    build
    timed "make check" build/check.out make -C build -s -j"$jobs" check || ok=1
    return $ok
}
lane_sanitized() {
    ok=0
    configure_in build-asan --enable-sanitizers CFLAGS="-O1 -g1"
    timed "make check (ASan, UBSan)" build-asan/check.out \
        env THRIVE_TESTS=quick make -C build-asan -s -j"$jobs" check || ok=1
    timed "fuzz (5 s a parser)" build-asan/fuzz.out \
        env THRIVE_FUZZ_CONFIG=build-asan tests/fuzz/ci.sh build-fuzz 5 || ok=1
    grep '^fuzz:' build-asan/fuzz.out || true
    # DIST_TESTS need none of the test programs and libraries (the unit
    # tests ran in both other builds): they are not built from the tarball.
    configure_in build-dist
    timed "make distcheck" build-dist/distcheck.out \
        env THRIVE_TESTS=quick THRIVE_VALGRIND=0 \
        make -C build-dist -s -j"$jobs" distcheck DISTCHECK_CONFIGURE_FLAGS="CFLAGS=-O0" \
        TESTS='$(DIST_TESTS)' check_PROGRAMS= check_LTLIBRARIES= || ok=1
    tarball_has_every_file || ok=1
    return $ok
}
status=0
lane_plain &
plain=$!
lane_sanitized &
sanitized=$!
# The lanes run in the background, where a shell ignores SIGINT: on
# Ctrl-C (or a kill) stop them and everything they started.
trap 'trap - INT TERM; echo "quickstart: interrupted"; kill -TERM 0; exit 130' INT TERM
wait $plain || status=1
wait $sanitized || status=1

count() { # sum "# KEY: n" over automake's test-suite logs
    cat build/check.out build-asan/check.out build-dist/distcheck.out 2>/dev/null |
        sed -n "s/^# $1: *\([0-9]*\)/\1/p" | awk '{ s += $1 } END { print s + 0 }'
}
passed=$(count PASS)
failed=$(($(count FAIL) + $(count ERROR) + $(count XPASS)))
for f in build/check.out build-asan/check.out build-dist/distcheck.out; do
    grep -E '^(FAIL|ERROR|XPASS):' "$f" 2>/dev/null | sed "s|^|$f: |" || true
done
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
    echo "quickstart: a build step failed; see build/check.out, build-asan/check.out, build-dist/distcheck.out, build-asan/fuzz.out"
    tail -20 build/check.out build-asan/check.out build-dist/distcheck.out build-asan/fuzz.out 2>/dev/null || true
    failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
