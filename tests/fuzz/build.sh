#!/bin/sh
# build.sh - build the libFuzzer harnesses of tests/fuzz with clang, with
# AddressSanitizer and UndefinedBehaviorSanitizer, directly from src/.
#
#   tests/fuzz/build.sh [OUTDIR]
#
# OUTDIR (default: ./fuzz-build) receives fuzz_model, fuzz_expr, fuzz_cases,
# fuzz_programme, fuzz_summary, fuzz_report and fuzz_scan (the CSV scanner against libcsv;
# THRIVE_FUZZ_TARGETS: a subset), and in OUTDIR/plugins
# the bundled plugins as instrumented modules (for fuzz_model with THRIVE_PLUGIN_PATH=OUTDIR/plugins).
# config.h comes from THRIVE_FUZZ_CONFIG (a configured build directory,
# as ./quickstart.sh check passes its own), else from an out-of-tree
# configure run in OUTDIR/config (made on first use).  CC (default clang),
# EXTRA_CFLAGS and JOBS (compilers at once; default: the cores) may be set
# in the environment.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${1:-fuzz-build}
mkdir -p "$out"
out=$(cd "$out" && pwd)
CC=${CC:-clang}

config=${THRIVE_FUZZ_CONFIG:-$out/config}
if [ ! -f "$config/config.h" ]; then
    mkdir -p "$config"
    (cd "$config" && "$top/configure" -q)
fi
config=$(cd "$config" && pwd)
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

# The library (src/*.c); the program's front end (src/cli/) is not
# linked: the harnesses have their own entry points.
srcs=$(ls "$top"/src/*.c)
libs="$(pkg-config --libs yaml-0.1 libpcre2-8 xlsxwriter jansson nettle) -lcsv -lltdl -lm"

sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all"
cflags="-g -O1 -std=c11 $sanitize -fsanitize=fuzzer-no-link -D_POSIX_C_SOURCE=200809L \
-I$top/src -I$top/include -I$config -I$top/tests ${EXTRA_CFLAGS:-} \
$(pkg-config --cflags yaml-0.1 libpcre2-8 xlsxwriter jansson nettle)"
export CC cflags

# compile_all: "SOURCE OUTPUT EXTRA" lines on standard input, compiled
# $jobs at a time (sh -c: the lines' words become its arguments).
compile_all() {
    # shellcheck disable=SC2016
    xargs -r -L 1 -P "$jobs" sh -c 'echo "building $2"; $CC $cflags $3 "$1" -o "$2" $4' sh
}

# The bundled plugins as instrumented modules.
mkdir -p "$out/plugins"
for p in "$top"/plugins/*.c; do
    echo "$p $out/plugins/$(basename "$p" .c).so \"-shared -fPIC\" -lm"
done | compile_all

# src/ once, into OUTDIR/obj (a file rebuilt when its .c is newer, all of
# them when a header is newer than the last build), then each harness
# linked against it.
mkdir -p "$out/obj"
stamp=$out/obj/.headers
if [ -n "$(find "$top/src" "$top/include" "$top/tests" -name '*.h' -newer "$stamp" 2>/dev/null | head -n 1)" ] ||
    [ ! -f "$stamp" ]; then
    rm -f "$out"/obj/*.o
fi
touch "$stamp"
objs=$(for c in $srcs "$top/tests/model_text.c" "$top/tests/scan_oracle.c"; do echo "$out/obj/$(basename "$c" .c).o"; done | tr '\n' ' ')
for c in $srcs "$top/tests/model_text.c" "$top/tests/scan_oracle.c"; do
    o="$out/obj/$(basename "$c" .c).o"
    [ "$o" -nt "$c" ] || echo "$c $o -c"
done | compile_all

for h in ${THRIVE_FUZZ_TARGETS:-fuzz_model fuzz_expr fuzz_cases fuzz_programme fuzz_summary fuzz_report fuzz_scan}; do
    echo "$here/$h.c $out/$h \"-fsanitize=fuzzer $objs\" \"$libs\""
done | compile_all
