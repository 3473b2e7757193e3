#!/bin/bash
# run.sh - timing: thrive evaluate vs a bare CSV parse vs pandas vs DuckDB.
#
#   bench/run.sh [--rows N] [--runs N] [--seed S] [--no-pandas] [--no-duckdb]
#   THRIVE=path/to/thrive bench/run.sh      (default: build/thrive)
#
# In one run, on the same file (generated once by bench/gen_cases.py and
# cached in ${BENCH_DIR:-${TMPDIR:-/tmp}/thrive-bench}), times the best of
# --runs (default 3) wall-clock runs of:
#   bare    bench/csv_parse.c: libcsv parse, count fields and rows, nothing else
#   scan    bench/scan_parse.c: thrive's own scanner (src/scan.c) alone, the same
#   thrive  thrive evaluate bench/model.yaml --data F --summary S [-o BOOK.xlsx]
#           (-o only when this build writes workbooks: probed first)
#   pandas  bench/peer_pandas.py: the same evaluation with pandas + XlsxWriter
#   duckdb  bench/peer_duckdb.mjs: the same evaluation in DuckDB SQL (node)
# They are interleaved round by round, the file warm in the page cache.
# For each: the best wall-clock time, the best CPU time (user + sys, less
# disturbed when other work shares the machine) and the peak RSS.  Prints
# them and the ratios thrive/bare, pandas/thrive and duckdb/thrive, each
# the median over the rounds of that round's ratio (two runs measured
# side by side), then checks that thrive's summary and each peer's agree
# figure for figure.  The peers' packages are installed when missing
# (bench/common.sh).
set -eu

ROWS=1000000
RUNS=3
SEED=1
PANDAS=1
DUCKDB=1
while [ $# -gt 0 ]; do
    case $1 in
        --rows) ROWS=$2; shift 2 ;;
        --rows=*) ROWS=${1#*=}; shift ;;
        --runs) RUNS=$2; shift 2 ;;
        --runs=*) RUNS=${1#*=}; shift ;;
        --seed) SEED=$2; shift 2 ;;
        --seed=*) SEED=${1#*=}; shift ;;
        --no-pandas) PANDAS=0; shift ;;
        --no-duckdb) DUCKDB=0; shift ;;
        -h|--help) sed -n '2,/^set/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
done

# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
bench_packages time
[ "$PANDAS" = 1 ] && bench_packages python3-pandas python3-xlsxwriter
if [ "$DUCKDB" = 1 ]; then PEER_DUCKDB=$(bench_duckdb) || exit 2; fi

DATA=$(bench_data "$ROWS" "$SEED")
OUT=$BENCH_DIR/out
mkdir -p "$OUT"

# The bare parse, built here with the flags thrive's default build uses.
PARSE=$BENCH_DIR/csv_parse
if [ ! -x "$PARSE" ] || [ "$ROOT/bench/csv_parse.c" -nt "$PARSE" ] || [ "$ROOT/bench/bench_file.h" -nt "$PARSE" ]; then
    cc -O2 -o "$PARSE" "$ROOT/bench/csv_parse.c" -lcsv || die "cannot build csv_parse (libcsv-dev?)"
fi
SCAN=$BENCH_DIR/scan_parse
if [ ! -x "$SCAN" ] || [ "$ROOT/bench/scan_parse.c" -nt "$SCAN" ] || [ "$ROOT/src/scan.c" -nt "$SCAN" ] ||
    [ "$ROOT/bench/bench_file.h" -nt "$SCAN" ]; then
    cc -O2 -I"$ROOT/src" -o "$SCAN" "$ROOT/bench/scan_parse.c" "$ROOT/src/scan.c" ||
        die "cannot build scan_parse"
fi

BOOK_FLAG=$(bench_workbook_flag)
THRIVE_ARGS=(evaluate "$MODEL" --data "$DATA" --summary "$OUT/thrive.json" --quiet)
if [ -n "$BOOK_FLAG" ]; then
    THRIVE_ARGS+=(-o "$OUT/thrive.xlsx")
    thrive_what="evaluate --summary -o"
else
    thrive_what="evaluate --summary (this build writes no workbook for -o)"
fi
PANDAS_ARGS=("$ROOT/bench/peer_pandas.py" --data "$DATA" --summary "$OUT/pandas.json"
    -o "$OUT/pandas.xlsx")
DUCKDB_ARGS=("${PEER_DUCKDB:-}" --data "$DATA" --summary "$OUT/duckdb.json")

# run NAME CMD...: one timed run; appends "NAME WALL CPU KB" to $OUT/times.
run() {
    name=$1
    shift
    t0=$(now)
    if ! /usr/bin/time -f '%U %S %M' -o "$OUT/$name.rss" "$@" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr"; then
        echo "bench: $name failed:" >&2
        cat "$OUT/$name.stderr" >&2
        exit 1
    fi
    t1=$(now)
    tail -n 1 "$OUT/$name.rss" | awk -v n="$name" -v a="$t0" -v b="$t1" \
        '{ printf "%s %.3f %.2f %d\n", n, b - a, $1 + $2, $3 }' >>"$OUT/times"
}

bytes=$(stat -c %s "$DATA")
echo "bench: $ROWS rows x 40 columns, $(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1048576 }') MiB: $DATA"
echo "bench: thrive $("$THRIVE" --version | head -n 1) at $THRIVE"
echo "bench: $(nproc) CPUs, $(uname -srm), $(date -u '+%Y-%m-%d %H:%M UTC')"
cat "$DATA" >/dev/null # warm the page cache: every peer reads from memory
: >"$OUT/times"
for i in $(seq "$RUNS"); do
    echo "bench: round $i of $RUNS ..." >&2
    run bare "$PARSE" "$DATA"
    run scan "$SCAN" "$DATA"
    run thrive "$THRIVE" "${THRIVE_ARGS[@]}"
    [ "$PANDAS" = 1 ] && run pandas "$PYTHON" "${PANDAS_ARGS[@]}"
    [ "$DUCKDB" = 1 ] && run duckdb node "${DUCKDB_ARGS[@]}"
done

best() { # best NAME -> "WALL CPU KB": the fastest wall time, the least CPU, the largest RSS
    awk -v n="$1" '$1 == n {
        if (w == "" || $2 < w) w = $2
        if (c == "" || $3 < c) c = $3
        if ($4 > kb) kb = $4
    } END { print w, c, kb }' "$OUT/times"
}
read -r t_bare c_bare kb_bare <<<"$(best bare)"
read -r t_thrive c_thrive kb_thrive <<<"$(best thrive)"
read -r t_scan c_scan kb_scan <<<"$(best scan)"
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %9s %8s %10s  %s\n' peer "wall (s)" "CPU (s)" "peak RSS" what
printf '%-8s %9s %8s %6s MiB  %s\n' bare "$t_bare" "$c_bare" "$((kb_bare / 1024))" \
    "libcsv parse only ($(cat "$OUT/bare.stdout"))"
printf '%-8s %9s %8s %6s MiB  %s\n' scan "$t_scan" "$c_scan" "$((kb_scan / 1024))" \
    "thrive's scanner only ($(cat "$OUT/scan.stdout"))"
printf '%-8s %9s %8s %6s MiB  %s\n' thrive "$t_thrive" "$c_thrive" "$((kb_thrive / 1024))" "$thrive_what"
if [ "$PANDAS" = 1 ]; then
    read -r t_pandas c_pandas kb_pandas <<<"$(best pandas)"
    printf '%-8s %9s %8s %6s MiB  %s\n' pandas "$t_pandas" "$c_pandas" "$((kb_pandas / 1024))" \
        "peer_pandas.py (read_csv, validate, measures, XlsxWriter book + summary)"
fi
if [ "$DUCKDB" = 1 ]; then
    read -r t_duckdb c_duckdb kb_duckdb <<<"$(best duckdb)"
    printf '%-8s %9s %8s %6s MiB  %s\n' duckdb "$t_duckdb" "$c_duckdb" "$((kb_duckdb / 1024))" \
        "peer_duckdb.mjs (read_csv, validate, measures in SQL; summary, no workbook)"
fi
echo
# median_ratio A B: the median over the rounds of A's wall time / B's in
# the same round (FIELD 2 wall, 3 CPU of $OUT/times).
median_ratio() {
    awk -v a="$1" -v b="$2" -v f="${3:-2}" '
        $1 == a { x[++na] = $f } $1 == b { y[++nb] = $f }
        END {
            n = na < nb ? na : nb
            for (i = 1; i <= n; i++) r[i] = y[i] > 0 ? x[i] / y[i] : 0
            for (i = 2; i <= n; i++) for (j = i; j > 1 && r[j - 1] > r[j]; j--) {
                t = r[j]; r[j] = r[j - 1]; r[j - 1] = t }
            printf "%.2f", n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
        }' "$OUT/times"
}
echo "ratios, each the median over $RUNS rounds of the ratio within a round (wall; CPU):"
printf 'thrive / bare parse : %s x wall, %s x CPU   (thrive: %.0f rows/s at its best)\n' \
    "$(median_ratio thrive bare)" "$(median_ratio thrive bare 3)" \
    "$(awk -v r="$ROWS" -v t="$t_thrive" 'BEGIN { print r / t }')"
printf 'scan / bare parse   : %s x wall, %s x CPU   (the scanner alone against libcsv)\n' \
    "$(median_ratio scan bare)" "$(median_ratio scan bare 3)"
[ "$PANDAS" = 1 ] && printf 'pandas / thrive     : %s x wall, %s x CPU\n' \
    "$(median_ratio pandas thrive)" "$(median_ratio pandas thrive 3)"
[ "$DUCKDB" = 1 ] && printf 'duckdb / thrive     : %s x wall, %s x CPU\n' \
    "$(median_ratio duckdb thrive)" "$(median_ratio duckdb thrive 3)"
echo
if [ "$PANDAS" = 1 ]; then
    printf 'pandas: '
    "$PYTHON" "$ROOT/bench/compare.py" "$OUT/thrive.json" "$OUT/pandas.json" ||
        echo "bench: WARNING: thrive and the pandas peer disagree (see above)"
fi
if [ "$DUCKDB" = 1 ]; then
    printf 'duckdb: '
    "$PYTHON" "$ROOT/bench/compare.py" "$OUT/thrive.json" "$OUT/duckdb.json" ||
        echo "bench: WARNING: thrive and the DuckDB peer disagree (see above)"
fi
echo "bench: all runs (name wall-s cpu-s rss-KiB) in $OUT/times"
