#!/usr/bin/env bash
# report.sh - time `thrive report` on the summary of a large evaluation.
#
# The summary's size depends on the model, not on the rows, so rendering
# its page should take a small fraction of a second whatever the rows.  The
# peer, measured in the same run, is a JSON round trip of the same summary
# (python3's json.load and json.dump): reading and writing the figures and
# nothing else.  Prints the median of RUNS timings of each and their ratio.
#
#   bench/report.sh [--rows N] [--runs N] [--seed S]    (default 1,000,000 rows, 5 runs)
set -u
. "$(dirname "$0")/common.sh"

rows=1000000
runs=5
seed=1
while [ $# -gt 0 ]; do
    case $1 in
        --rows) rows=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        *) die "usage: bench/report.sh [--rows N] [--runs N] [--seed S]" ;;
    esac
done

data=$(bench_data "$rows" "$seed")
out=$BENCH_DIR/out
mkdir -p "$out" || die "cannot create $out"
summary=$out/report-summary-$rows.json
"$THRIVE" evaluate "$MODEL" --data "$data" --summary "$summary" --quiet >/dev/null 2>&1 ||
    [ -s "$summary" ] || die "thrive evaluate failed on $data"

# median SECONDS...: the middle value (the lower middle for an even count).
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

timed() {
    t0=$(now)
    "$@" >/dev/null 2>&1 || die "failed: $*"
    awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.4f\n", b - a }'
}

report_t=()
peer_t=()
for _ in $(seq "$runs"); do
    report_t+=("$(timed "$THRIVE" report "$summary" -o "$out/report.html")")
    peer_t+=("$(timed "$PYTHON" -c 'import json, sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], "w"))' "$summary" "$out/roundtrip.json")")
done
r=$(median "${report_t[@]}")
p=$(median "${peer_t[@]}")
echo "summary of $rows rows: $(wc -c <"$summary") bytes; page: $(wc -c <"$out/report.html") bytes"
echo "thrive report:       $r s (median of $runs)"
echo "JSON round trip:     $p s (median of $runs)"
awk -v r="$r" -v p="$p" 'BEGIN { printf "thrive report / JSON round trip = %.2f\n", r / p }'
