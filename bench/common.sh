# shellcheck shell=bash
# common.sh - shared by bench/run.sh and bench/memory.sh (sourced, not run).
#
# Sets ROOT (the repository), THRIVE (the program: $THRIVE, else
# build/thrive under the repository), PYTHON (/usr/bin/python3, which has
# the Debian pandas and XlsxWriter), BENCH_DIR (the data cache:
# $BENCH_DIR, else ${TMPDIR:-/tmp}/thrive-bench) and defines:
#   bench_data ROWS SEED [BAD_RATE]
#                          prints the path of the cached CSV, generating it
#                          first when missing (keyed by the generator's hash)
#   bench_workbook_flag    prints "-o FILE" when `thrive evaluate -o` writes
#                          a workbook, nothing otherwise
#   bench_packages PKG...  installs the Debian packages PKG not yet installed
#                          (apt-get, as root), or says the command to run
#   bench_duckdb           installs the DuckDB peer (npm ci from
#                          bench/package-lock.json) in $BENCH_DIR/duckdb and
#                          prints the path of its script there
#   now                    wall clock, seconds with nanoseconds

ROOT=$(cd "$(dirname "$0")/.." && pwd)
THRIVE=${THRIVE:-$ROOT/build/thrive}
PYTHON=${PYTHON:-/usr/bin/python3}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/thrive-bench}
MODEL=$ROOT/bench/model.yaml

die() {
    echo "bench: $*" >&2
    exit 2
}

case $THRIVE in
    /*) ;;
    *) THRIVE=$(pwd)/$THRIVE ;;
esac
[ -x "$THRIVE" ] || die "no thrive program at $THRIVE: build it (mkdir build && cd build && ../configure && make) or set THRIVE=path"
mkdir -p "$BENCH_DIR" || die "cannot create $BENCH_DIR"

now() {
    date +%s.%N
}

bench_data() {
    rows=$1
    seed=$2
    bad=${3:-}
    gen_hash=$(sha256sum "$ROOT/bench/gen_cases.py" | cut -c1-10)
    file=$BENCH_DIR/cases-$rows-s$seed${bad:+-bad$bad}-$gen_hash.csv
    if [ ! -s "$file" ]; then
        echo "bench: generating $rows rows into $file ..." >&2
        t0=$(now)
        "$PYTHON" "$ROOT/bench/gen_cases.py" --rows "$rows" --seed "$seed" \
            ${bad:+--bad-rate "$bad"} --out "$file.tmp" ||
            die "gen_cases.py failed"
        mv "$file.tmp" "$file"
        echo "bench: generated in $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s" >&2
    fi
    echo "$file"
}

bench_workbook_flag() {
    probe_csv=$BENCH_DIR/probe.csv
    probe_xlsx=$BENCH_DIR/probe.xlsx
    head -n 200 "$(bench_data 1000 1)" >"$probe_csv"
    rm -f "$probe_xlsx"
    if "$THRIVE" evaluate "$MODEL" --data "$probe_csv" -o "$probe_xlsx" --quiet \
        >/dev/null 2>&1 && [ "$(head -c 2 "$probe_xlsx" 2>/dev/null)" = "PK" ]; then
        echo "-o"
    fi
    rm -f "$probe_csv" "$probe_xlsx"
}

bench_packages() {
    missing=""
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
            missing="$missing $pkg"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "bench: installing:$missing" >&2
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
            >/dev/null || die "apt-get install$missing failed"
    else
        die "missing packages; run: sudo apt-get install$missing"
    fi
}

# The peer runs beside its own node_modules: an ES module finds its
# packages from where it lies, not from NODE_PATH.
bench_duckdb() {
    dir=$BENCH_DIR/duckdb
    command -v npm >/dev/null || bench_packages nodejs npm
    if ! cmp -s "$ROOT/bench/package-lock.json" "$dir/package-lock.json" ||
        [ ! -d "$dir/node_modules/@duckdb/node-api" ]; then
        mkdir -p "$dir"
        cp "$ROOT/bench/package.json" "$ROOT/bench/package-lock.json" "$dir/"
        echo "bench: installing DuckDB (npm ci) into $dir ..." >&2
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed in $dir"
    fi
    cp "$ROOT/bench/peer_duckdb.mjs" "$dir/"
    echo "$dir/peer_duckdb.mjs"
}
