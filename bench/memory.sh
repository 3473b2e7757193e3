#!/bin/bash
# memory.sh - the main job streams, memory must not grow with rows.
#
#   bench/memory.sh [--small N] [--large N] [--seed S] [--limit PCT]
#   THRIVE=path/to/thrive bench/memory.sh   (default: build/thrive)
#
# Peak RSS (/usr/bin/time -f %M) of `thrive evaluate bench/model.yaml --summary
# [-o]` on 10,000 rows and on 1,000,000 rows of bench/gen_cases.py data
# (cached like bench/run.sh's).  Prints both and their ratio; exits 1 when
# the large run's peak exceeds the small run's by more than --limit percent
# (default 10), 0 otherwise, 2 on a setup error.
#
# Both files have the same expected number of bad rows (0.5% of the small
# run): the rejected rows are listed, on the Data quality sheet, up to a cap
# of 10,000, which is allowed beyond streaming; this measures what grows
# with the number of rows.  --same-rate gives the large file 0.5% bad rows
# too, to see the list's own cost.
set -eu

SMALL=10000
LARGE=1000000
SEED=1
LIMIT=10
SAME_RATE=no
while [ $# -gt 0 ]; do
    case $1 in
        --small) SMALL=$2; shift 2 ;;
        --large) LARGE=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --limit) LIMIT=$2; shift 2 ;;
        --same-rate) SAME_RATE=yes; shift ;;
        -h|--help) sed -n '2,/^set/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "memory.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
done

# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install time"

OUT=$BENCH_DIR/out
mkdir -p "$OUT"
BOOK_FLAG=$(bench_workbook_flag)

peak() { # peak ROWS [BAD_RATE] -> KB
    data=$(bench_data "$1" "$SEED" "${2:-}")
    args=(evaluate "$MODEL" --data "$data" --summary "$OUT/mem-$1.json" --quiet)
    [ -n "$BOOK_FLAG" ] && args+=(-o "$OUT/mem-$1.xlsx")
    /usr/bin/time -f %M -o "$OUT/mem-$1.rss" "$THRIVE" "${args[@]}" >/dev/null 2>"$OUT/mem-$1.err" ||
        die "thrive failed on $data: $(cat "$OUT/mem-$1.err")"
    tail -n 1 "$OUT/mem-$1.rss"
}

kb_small=$(peak "$SMALL")
if [ "$SAME_RATE" = yes ]; then
    kb_large=$(peak "$LARGE")
else
    kb_large=$(peak "$LARGE" "$(awk -v s="$SMALL" -v l="$LARGE" 'BEGIN { printf "%.8f", 0.005 * s / l }')")
fi
what="evaluate --summary"
[ -n "$BOOK_FLAG" ] && what="$what -o"
printf 'thrive %s, peak RSS:\n' "$what"
printf '  %9d rows: %8d KiB\n' "$SMALL" "$kb_small"
printf '  %9d rows: %8d KiB\n' "$LARGE" "$kb_large"
awk -v s="$kb_small" -v l="$kb_large" -v lim="$LIMIT" 'BEGIN {
    r = l / s
    bad = (r > 1 + lim / 100)
    printf "  ratio %.3f (limit %.2f): %s\n", r, 1 + lim / 100, \
        (bad ? "FAIL, memory grows with the number of rows" : "ok, streams")
    exit bad
}'
