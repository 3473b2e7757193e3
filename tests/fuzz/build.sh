#!/bin/sh
# build.sh - build the libFuzzer harnesses of tests/fuzz with clang, with
# AddressSanitizer and UndefinedBehaviorSanitizer, directly from src/.
#
#   tests/fuzz/build.sh [OUTDIR]
#
# OUTDIR (default: ./fuzz-build) receives fuzz_model, fuzz_expr, fuzz_cases,
# fuzz_programme, fuzz_summary and fuzz_scan (the CSV scanner against libcsv;
# THRIVE_FUZZ_TARGETS: a subset), and in OUTDIR/plugins
# the bundled plugins as instrumented modules (for fuzz_model with THRIVE_PLUGIN_PATH=OUTDIR/plugins).
# config.h comes from an out-of-tree configure run in OUTDIR/config (made
# on first use).  CC (default clang) and EXTRA_CFLAGS may be set in the
# environment.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${1:-fuzz-build}
mkdir -p "$out"
out=$(cd "$out" && pwd)
CC=${CC:-clang}

if [ ! -f "$out/config/config.h" ]; then
    mkdir -p "$out/config"
    (cd "$out/config" && "$top/configure" -q)
fi

# main.c, the commands and their option parsing are the program's; the
# harnesses have their own entry points.
srcs=$(ls "$top"/src/*.c | grep -v '/main\.c$\|/cmd_[^/]*\.c$\|/cmdline\.c$')
libs="$(pkg-config --cflags --libs yaml-0.1 libpcre2-8 xlsxwriter jansson nettle) -lcsv -lltdl -lm"

sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all"

mkdir -p "$out/plugins"
for p in "$top"/plugins/*.c; do
    name=$(basename "$p" .c)
    echo "building $out/plugins/$name.so"
    # shellcheck disable=SC2086
    $CC -g -O1 -std=c11 -shared -fPIC $sanitize -fsanitize=fuzzer-no-link \
        -D_POSIX_C_SOURCE=200809L -I"$top/include" ${EXTRA_CFLAGS:-} "$p" -lm \
        -o "$out/plugins/$name.so"
done

# src/ once, into OUTDIR/obj (rebuilt when its .c is newer; after a change
# to a header, remove OUTDIR/obj), then each
# harness linked against it
mkdir -p "$out/obj"
objs=""
for c in $srcs "$top/tests/model_text.c" "$top/tests/scan_oracle.c"; do
    o="$out/obj/$(basename "$c" .c).o"
    objs="$objs $o"
    [ "$o" -nt "$c" ] && continue
    # shellcheck disable=SC2086
    $CC -g -O1 -std=c11 -fsanitize=fuzzer-no-link $sanitize \
        -D_POSIX_C_SOURCE=200809L -I"$top/src" -I"$top/include" -I"$out/config" \
        -I"$top/tests" ${EXTRA_CFLAGS:-} $(pkg-config --cflags yaml-0.1 libpcre2-8 xlsxwriter jansson nettle) \
        -c "$c" -o "$o"
done

for h in ${THRIVE_FUZZ_TARGETS:-fuzz_model fuzz_expr fuzz_cases fuzz_programme fuzz_summary fuzz_scan}; do
    echo "building $out/$h"
    # shellcheck disable=SC2086
    $CC -g -O1 -std=c11 -fsanitize=fuzzer $sanitize \
        -D_POSIX_C_SOURCE=200809L -I"$top/src" -I"$top/include" -I"$out/config" \
        -I"$top/tests" ${EXTRA_CFLAGS:-} $objs "$here/$h.c" $libs \
        -o "$out/$h"
done
