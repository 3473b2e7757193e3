#!/bin/bash
# compare-memory.sh - `thrive compare` keeps each site's figures, not its
# evaluation, and writes its outputs site by site (the workbook row by row
# in libxlsxwriter's constant memory, the summary one site object at a
# time): memory must not grow with the sites' rows, and grows with the
# number of sites only by the few KiB of figures each site keeps.
#
#   bench/compare-memory.sh [--small N] [--large N] [--rows R] [--limit PCT]
#   THRIVE=path/to/thrive bench/compare-memory.sh   (default: build/thrive)
#
# Writes programmes of --small (default 10) and --large (default 200) sites
# over bench/model.yaml, each site evaluated here from one of ten data files
# of --rows rows (default 2,000; bench/gen_cases.py, cached like run.sh's),
# with its own cost and, for every other site, a row filter.  Runs `thrive
# compare` under /usr/bin/time with no output, with --summary, and with -o
# and --summary, then both programmes again over files of four times the
# rows.  Prints each peak RSS and the KiB kept per site (the growth from
# the small to the large programme, per site), and exits 1 when four times
# the rows raise what a site keeps by more than --limit percent (default
# 10) and 1 KiB, or when the peak with -o and --summary at --large sites is
# more than --limit percent above that at --small sites; 0 otherwise, 2 on
# a setup error.
set -eu

SMALL=10
LARGE=200
ROWS=2000
LIMIT=10
while [ $# -gt 0 ]; do
    case $1 in
        --small) SMALL=$2; shift 2 ;;
        --large) LARGE=$2; shift 2 ;;
        --rows) ROWS=$2; shift 2 ;;
        --limit) LIMIT=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "compare-memory.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
done

# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install time"

OUT=$BENCH_DIR/out/compare
mkdir -p "$OUT"

# Ten data files, each site takes one of them.
declare -a DATA
for k in 0 1 2 3 4 5 6 7 8 9; do
    DATA[k]=$(bench_data "$ROWS" "$((k + 1))")
done

programme() { # SITES -> the programme file's path
    file=$OUT/programme-$1.yaml
    {
        echo "programme: bench-$1"
        echo "title: $1 sites"
        echo "sites:"
        for ((i = 1; i <= $1; i++)); do
            echo "  - name: Site $i"
            echo "    model: $MODEL"
            echo "    data: ${DATA[$((i % 10))]}"
            echo "    costs: { key_workers: $((100000 + 997 * i)) }"
            # every other site is part of its file only
            [ $((i % 2)) -eq 0 ] && echo '    where: site != "Ashford"'
        done
    } >"$file"
    echo "$file"
}

peak() { # SITES ROWS-FILE-SET OPTION... -> "KIB SECONDS"
    n=$1
    file=$(programme "$n")
    shift
    start=$(now)
    /usr/bin/time -f %M -o "$OUT/rss" "$THRIVE" compare "$file" "$@" --quiet >/dev/null \
        2>"$OUT/err-$n" || die "thrive compare failed on $file: $(tail -n 5 "$OUT/err-$n")"
    end=$(now)
    echo "$(tail -n 1 "$OUT/rss") $(echo "$start $end" | awk '{ printf "%.2f", $2 - $1 }')"
}

# line LABEL SITES OPTION...: one run, printed; sets kb and secs.
line() {
    label=$1 n=$2
    shift 2
    read -r kb secs <<<"$(peak "$n" "$@")"
    printf '  %-28s %4d sites: %8d KiB  (%6.2f s, %.3f s a site)\n' "$label" "$n" "$kb" \
        "$secs" "$(echo "$secs $n" | awk '{ print $1 / $2 }')"
}

printf 'thrive compare, sites of %d rows each, peak RSS:\n' "$ROWS"
line "figures only" "$SMALL"
small_none=$kb
line "figures only" "$LARGE"
large_none=$kb
line "--summary" "$LARGE" --summary "$OUT/summary-$LARGE.json"
large_summary=$kb
line "-o BOOK --summary" "$SMALL" -o "$OUT/book-$SMALL.xlsx" --summary "$OUT/summary-$SMALL.json"
small_both=$kb
line "-o BOOK --summary" "$LARGE" -o "$OUT/book-$LARGE.xlsx" --summary "$OUT/summary-$LARGE.json"
large_both=$kb
# The same sites with four times the rows: what a site keeps must not grow.
for k in 0 1 2 3 4 5 6 7 8 9; do
    DATA[k]=$(bench_data "$((ROWS * 4))" "$((k + 1))")
done
line "figures only, 4x the rows" "$SMALL"
small_rows=$kb
line "figures only, 4x the rows" "$LARGE"
large_rows=$kb
# One evaluation's own peak grows with its rows (the ids seen, for
# duplicates); what each site keeps after it must not.
awk -v s="$small_none" -v l="$large_none" -v s4="$small_rows" -v l4="$large_rows" \
    -v sm="$large_summary" -v b="$large_both" -v sb="$small_both" -v ns="$SMALL" -v nl="$LARGE" \
    -v lim="$LIMIT" 'BEGIN {
    per = (l - s) / (nl - ns)
    per4 = (l4 - s4) / (nl - ns)
    printf "  kept per site: %.1f KiB (%.1f KiB with 4x the rows); the outputs, which list " \
        "every site, hold %.1f KiB a site (summary) and %.1f KiB (summary and workbook)\n", \
        per, per4, (sm - l) / nl, (b - l) / nl
    bad = per4 > per * (1 + lim / 100) + 1
    printf "  kept per site with 4x the rows: %+.1f%% (limit %d%% + 1 KiB): %s\n", \
        100 * (per4 - per) / per, lim, \
        (bad ? "FAIL, a site keeps what grows with its rows" : \
         "ok, no site keeps its rows or its evaluation")
    grow = b > sb * (1 + lim / 100)
    printf "  peak with -o and --summary, %d sites against %d: %+.1f%% (limit %d%%): %s\n", \
        nl, ns, 100 * (b - sb) / sb, lim, \
        (grow ? "FAIL, the outputs hold what grows with the sites" : \
         "ok, the outputs are written site by site")
    exit bad || grow
}'
