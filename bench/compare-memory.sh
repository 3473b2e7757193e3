#!/bin/bash
# compare-memory.sh - `thrive compare` keeps each site's figures, not its
# evaluation: memory must stay flat in the number of sites.
#
#   bench/compare-memory.sh [--small N] [--large N] [--rows R] [--limit PCT]
#   THRIVE=path/to/thrive bench/compare-memory.sh   (default: build/thrive)
#
# Writes programmes of --small (default 10) and --large (default 200) sites
# over bench/model.yaml, each site evaluated here from one of ten data files
# of --rows rows (default 2,000; bench/gen_cases.py, cached like run.sh's),
# with its own cost and, for every other site, a row filter; runs
# `thrive compare -o BOOK --summary S` on each under /usr/bin/time; prints
# the peak RSS of both runs, their ratio and the time per site; exits 1 when
# the large run's peak exceeds the small run's by more than --limit percent
# (default 10), 0 otherwise, 2 on a setup error.
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

peak() { # SITES -> "KIB SECONDS"
    file=$(programme "$1")
    start=$(now)
    /usr/bin/time -f %M -o "$OUT/rss-$1" "$THRIVE" compare "$file" -o "$OUT/book-$1.xlsx" \
        --summary "$OUT/summary-$1.json" --quiet >/dev/null 2>"$OUT/err-$1" ||
        die "thrive compare failed on $file: $(tail -n 5 "$OUT/err-$1")"
    end=$(now)
    echo "$(tail -n 1 "$OUT/rss-$1") $(echo "$start $end" | awk '{ printf "%.2f", $2 - $1 }')"
}

read -r kb_small s_small <<<"$(peak "$SMALL")"
read -r kb_large s_large <<<"$(peak "$LARGE")"
printf 'thrive compare -o --summary, sites of %d rows each, peak RSS:\n' "$ROWS"
printf '  %4d sites: %8d KiB  (%6.2f s, %.3f s a site)\n' "$SMALL" "$kb_small" "$s_small" \
    "$(echo "$s_small $SMALL" | awk '{ print $1 / $2 }')"
printf '  %4d sites: %8d KiB  (%6.2f s, %.3f s a site)\n' "$LARGE" "$kb_large" "$s_large" \
    "$(echo "$s_large $LARGE" | awk '{ print $1 / $2 }')"
awk -v s="$kb_small" -v l="$kb_large" -v lim="$LIMIT" 'BEGIN {
    r = l / s
    bad = (r > 1 + lim / 100)
    printf "  ratio %.3f (limit %.2f): %s\n", r, 1 + lim / 100, \
        (bad ? "FAIL, memory grows with the number of sites" : "ok, flat in the number of sites")
    exit bad
}'
