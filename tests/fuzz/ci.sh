#!/bin/sh
# ci.sh - every fuzzing harness for a short, fixed budget, from the corpus
# kept in the tree (tests/fuzz/corpus/TARGET), so that a regression in a
# parser shows up in CI rather than in the field.
#
#   tests/fuzz/ci.sh [OUTDIR [SECONDS]]
#
# Builds the harnesses into OUTDIR (default ./fuzz-build, see build.sh),
# then runs each for SECONDS (default 10) on one core (as many at once as
# there are cores, or JOBS), in a scratch copy
# of its corpus (libFuzzer adds what it finds to that copy, never to the
# tree).  Exits 1 when a harness crashes, with the input that did it left
# in OUTDIR/crashes and its name printed; prints the executions of each.
# Skips (exit 0, a message) where clang cannot build a libFuzzer harness,
# unless THRIVE_REQUIRE_TOOLS=1.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${1:-fuzz-build}
budget=${2:-10}
CC=${CC:-clang}

probe=$(mktemp -d "${TMPDIR:-/tmp}/thrive-fuzz-probe.XXXXXX") || exit 1
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' \
    >"$probe/p.c"
if ! "$CC" -fsanitize=fuzzer,address "$probe/p.c" -o "$probe/p" 2>/dev/null; then
    rm -rf "$probe"
    echo "fuzz: $CC cannot build a libFuzzer harness (apt-get install clang)"
    [ "${THRIVE_REQUIRE_TOOLS:-0}" = 1 ] && exit 1
    exit 0
fi
rm -rf "$probe"

mkdir -p "$out"
"$here/build.sh" "$out" >"$out/build.log" 2>&1 || {
    tail -30 "$out/build.log"
    echo "fuzz: the harnesses did not build"
    exit 1
}
out=$(cd "$out" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/thrive-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
mkdir -p "$out/crashes" "$work/fixtures"
cp "$top"/tests/compare/fixtures/* "$work/fixtures/"

# run TARGET: one harness for the budget, in a scratch copy of its corpus
# (tests/fuzz/corpus/TARGET); its log and exit status into $work.
run() {
    t=$1
    mkdir "$work/$t"
    cp "$top/tests/fuzz/corpus/$t"/* "$work/$t/"
    dict=$here/$t.dict
    [ -f "$dict" ] && set -- -dict="$dict" || set --
    max_len=16384
    case $t in summary | report) max_len=65536 ;; esac # a summary of a large model
    THRIVE_FUZZ_DIR="$work/fixtures" THRIVE_PLUGIN_PATH="$out/plugins" \
        "$out/fuzz_$t" "$@" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -max_total_time="$budget" -close_fd_mask=3 -print_final_stats=1 \
        -artifact_prefix="$out/crashes/$t-" "$work/$t" >"$work/$t.log" 2>&1
    echo $? >"$work/$t.rc"
}

# a target per parser, as many at once as there are cores (each on one)
targets=${THRIVE_FUZZ_RUN:-model expr cases programme summary report scan}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
n=0
for t in $targets; do
    run "$t" &
    n=$((n + 1))
    [ $((n % jobs)) = 0 ] && wait
done
wait

status=0
for t in $targets; do
    rc=$(cat "$work/$t.rc")
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
    if [ "$rc" != 0 ]; then
        status=1
        echo "fuzz: fuzz_$t FAILED (exit $rc) after ${runs:-?} executions:"
        grep -E 'ERROR|SUMMARY|artifact|Test unit written' "$work/$t.log" | head -20
    else
        echo "fuzz: fuzz_$t: ${runs:-?} executions in ${budget} s, no crash"
    fi
done
exit $status
