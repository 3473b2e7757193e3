#!/bin/sh
# cli.sh - `thrive init` from the command line.
#
# On every bundled example and on a CSV it has never seen (made here: a
# byte-order mark, CRLF line ends, quoted newlines, an empty column,
# personal columns, a header name that cannot be a field, two misfits and a
# ragged row), the draft must validate and `thrive validate --data` must
# accept the file, rejecting only rows the draft listed (and, where the
# draft says the id repeats, duplicate ids).  Then the output safety rules,
# and a file of 1,000,000 rows profiled in memory that does not grow with
# the rows: the peak RSS (ru_maxrss, read by python3) of the 1M-row run is
# compared with that of a 10,000-row run of the same columns.
# THRIVE and top_srcdir come from the environment (AM_TESTS_ENVIRONMENT).

. "$top_srcdir/tests/tap.sh"
tap_tmp init

# The line numbers the draft lists as rows to be rejected, one a line
# (sorted as text, for comm).
draft_lines() {
    sed -n '/^# As the file stands/,/^#$\|^$/p' "$1" |
        sed -n 's/^#   .*: \(lines\{0,1\} .*\)$/\1/p' |
        sed 's/ and [0-9]* more//; s/lines\{0,1\} //; s/ and /, /g' | tr ',' '\n' | tr -d ' ' |
        grep . | sort
}
# The line numbers validate rejects, and those it rejects as duplicate ids.
rejected_lines() { sed -n 's/^  line \([0-9]*\): .*/\1/p' "$1" | sort; }
duplicate_lines() { sed -n 's/^  line \([0-9]*\): .*duplicate id.*/\1/p' "$1" | sort; }

# init, then validate; the rows rejected must be those listed (or, when the
# draft says so, duplicate ids).
round_trip() { # round_trip NAME CSV
    name=$1
    csv=$2
    model=$tmp/$name.yaml
    if ! "$THRIVE" init "$csv" -o "$model" 2>"$tmp/$name.init.err"; then
        not_ok "$name: thrive init exits 0"
        sed 's/^/# /' "$tmp/$name.init.err"
        return
    fi
    ok "$name: thrive init exits 0"
    if "$THRIVE" validate "$model" --data "$csv" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
        ok "$name: thrive validate --data accepts the draft and the file"
    else
        not_ok "$name: thrive validate --data accepts the draft and the file"
        sed 's/^/# /' "$tmp/$name.err" "$tmp/$name.out"
        return
    fi
    draft_lines "$model" >"$tmp/$name.listed"
    rejected_lines "$tmp/$name.out" >"$tmp/$name.rejected"
    duplicate_lines "$tmp/$name.out" >"$tmp/$name.dups"
    unlisted=$(comm -23 "$tmp/$name.rejected" "$tmp/$name.listed" | comm -23 - "$tmp/$name.dups")
    if [ -z "$unlisted" ]; then
        ok "$name: every row rejected was listed by the draft"
    else
        not_ok "$name: every row rejected was listed by the draft (not listed: $unlisted)"
    fi
    if [ -s "$tmp/$name.dups" ] && ! grep -q "is empty or repeated on some rows" "$model"; then
        not_ok "$name: duplicate ids rejected, and the draft said the id repeats"
    else
        ok "$name: duplicate ids rejected only where the draft said the id repeats"
    fi
    missed=$(comm -13 "$tmp/$name.rejected" "$tmp/$name.listed")
    if [ -z "$missed" ]; then
        ok "$name: every row the draft listed was rejected"
    else
        not_ok "$name: every row the draft listed was rejected (not rejected: $missed)"
    fi
}

for dir in "$top_srcdir"/examples/*/; do
    [ -f "$dir/cases.csv" ] || continue
    round_trip "$(basename "$dir")" "$dir/cases.csv"
done

# A council's export thrive has never seen.  Rows 37 (sessions "six") and
# 58 (an impossible date) are misfits; row 80 is ragged.  Row i (from 1)
# starts on line 2i up to row 80: each reason runs over two lines.
awk 'BEGIN {
    printf "\357\273\277Client Ref,client_ref,forename,date_of_birth,postcode,referral_date,"
    printf "support_hours,sessions,outcome,reason,unused,mobile\r\n"
    split("housed,referred_on,withdrew,housed,housed", outcomes, ",")
    for (i = 1; i <= 120; i++) {
        sessions = i == 37 ? "six" : i % 9 + 1
        referral = i == 58 ? "31/04/2010" : sprintf("%02d/%02d/2010", i % 28 + 1, i % 12 + 1)
        if (i == 80) { printf "R%04d,only three,cells\r\n", i; continue }
        printf "R%04d,CR-%05d,Name%d,%02d/%02d/19%02d,TH%d %dXY,%s,%.1f,%s,%s,", \
            i, i * 7, i, i % 28 + 1, i % 12 + 1, 60 + i % 40, i % 20, i % 9, referral, \
            (i % 13) * 1.5, sessions, outcomes[i % 5 + 1]
        printf "\"needs help with rent, \"\"arrears\"\"\r\nand a deposit\",,07700 9%05d\r\n", i
    }
}' >"$tmp/council.csv" || exit 99
round_trip council "$tmp/council.csv"
model=$tmp/council.yaml
check "council: the draft names the rows with misfits (lines 74 and 116) and the ragged one (160)" \
    grep -q '^#   sessions: 1 row (not an integer): line 74$' "$model"
check "council: the impossible date is a misfit of the date field" \
    grep -q '^#   referral_date: 1 row (not a date): line 116$' "$model"
check "council: the ragged row is listed" grep -q 'wrong number of cells: line 160$' "$model"
check "council: forename, date_of_birth, postcode and mobile are personal" \
    test "$(grep -c 'personal: true }$' "$model")" = 4
check "council: 'Client Ref' is not declared, with the reason" \
    grep -q '# column 1, "Client Ref", is not declared' "$model"
check "council: the id is client_ref, unique" grep -q '^  id: client_ref .*never repeated' "$model"
check "council: the empty column is text, not required" \
    grep -q '^    unused: { type: text }$' "$model"
check "council: outcome is an enum of its three values" \
    grep -q '^    outcome: { type: enum, values: \["referred_on", "withdrew", "housed"\], required: true }$' "$model"
check "council: support_hours is a number with its range as written" \
    grep -q '^    support_hours: { type: number, min: 0.0, max: 18.0, required: true }$' "$model"
check "council: no personal value is copied into the draft" \
    sh -c "! grep -q 'Name1\|TH1 \|07700' '$model'"
check "council: the draft evaluates" \
    "$THRIVE" evaluate "$model" --data "$tmp/council.csv" -o "$tmp/council.xlsx" --quiet
"$THRIVE" init "$tmp/council.csv" >"$tmp/again.yaml" 2>/dev/null
check "the draft is the same on stdout, but for the file it names" \
    sh -c "diff '$model' '$tmp/again.yaml' | grep '^[<>]' | grep -vq 'validate'; test \$? = 1"

# ---- output safety ----
cp "$tmp/council.csv" "$tmp/keep.csv"
"$THRIVE" init "$tmp/council.csv" -o "$tmp/council.csv" 2>"$tmp/err"
status=$?
check "-o naming the case data exits 2 (got $status)" test "$status" = 2
check "... says it never writes over an input" grep -q 'never writes over an input' "$tmp/err"
check "... and leaves the case data as it was" cmp -s "$tmp/council.csv" "$tmp/keep.csv"
ln -s council.csv "$tmp/link.csv"
"$THRIVE" init "$tmp/council.csv" -o "$tmp/link.csv" --force 2>/dev/null
status=$?
check "-o naming the case data through a link exits 2, even with --force (got $status)" \
    test "$status" = 2
check "... and leaves the case data as it was" cmp -s "$tmp/council.csv" "$tmp/keep.csv"
echo "model: mine" >"$tmp/mine.yaml"
"$THRIVE" init "$tmp/council.csv" -o "$tmp/mine.yaml" 2>"$tmp/err"
status=$?
check "-o naming an existing file exits 6 (got $status)" test "$status" = 6
check "... says to use --force" grep -q -- '--force' "$tmp/err"
check "... and leaves the file as it was" test "$(cat "$tmp/mine.yaml")" = "model: mine"
check "--force replaces it" sh -c "'$THRIVE' init '$tmp/council.csv' -o '$tmp/mine.yaml' --force 2>/dev/null && grep -q '^model: council' '$tmp/mine.yaml'"
"$THRIVE" init "$tmp/council.csv" -o "$tmp/no/such/dir/m.yaml" 2>/dev/null
status=$?
check "a draft that cannot be written exits 6 (got $status)" test "$status" = 6
check "no temporary file is left behind" sh -c "! ls -a '$tmp' | grep -q '\\.tmp-'"
"$THRIVE" init "$tmp/absent.csv" -o "$tmp/absent.yaml" 2>/dev/null
status=$?
check "unreadable case data exits 4 (got $status), writing nothing" \
    sh -c "test $status = 4 && test ! -e '$tmp/absent.yaml'"
"$THRIVE" init 2>/dev/null
status=$?
check "no file named exits 2 (got $status)" test "$status" = 2
check "--help points to the man page" sh -c "'$THRIVE' init --help | grep -q 'thrive-init(1)'"

# ---- a million rows in bounded memory ----
if [ -n "${THRIVE_SANITIZERS:-}" ]; then
    skip "peak memory of a million rows" "not measured under the sanitizers"
elif ! command -v python3 >/dev/null 2>&1; then
    if [ "${THRIVE_REQUIRE_TOOLS:-0}" = 1 ]; then not_ok "python3 is installed"; else
        skip "peak memory of a million rows" "no python3 to read it"
    fi
else
    rows() { # rows N: a CSV of N rows, seven columns of every inferred type
        awk -v n="$1" 'BEGIN {
            print "case_id,referral_date,age,score,status,postcode,notes"
            for (i = 0; i < n; i++)
                printf "C%07d,%02d/%02d/2010,%d,%.2f,%s,TH%d %dAB,\"note\n%d\"\n", i, i % 28 + 1,
                    i % 12 + 1, 16 + i % 60, (i % 1000) / 7, i % 3 ? "closed" : "open", i % 20,
                    i % 9, i
        }'
    }
    rows 10000 >"$tmp/small.csv"
    rows 1000000 >"$tmp/big.csv"
    peak() { # peak CSV: the peak RSS in kB of thrive init on it
        python3 -c '
import resource, subprocess, sys
r = subprocess.run([sys.argv[1], "init", sys.argv[2], "-o", sys.argv[3], "--force"],
                   stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if r.returncode == 0 else -1)
' "$THRIVE" "$1" "$1.yaml"
    }
    small=$(peak "$tmp/small.csv")
    big=$(peak "$tmp/big.csv")
    echo "# peak RSS: $small kB for 10,000 rows, $big kB for 1,000,000"
    check "1,000,000 rows: profiled (exit 0)" test "$big" -gt 0
    check "1,000,000 rows: peak memory within 4 MB of 10,000 rows' ($small kB, $big kB)" \
        test "$big" -gt 0 -a "$big" -lt $((small + 4096))
    check "1,000,000 rows: all counted" grep -q '(1000000 rows, 7 columns)' "$tmp/big.csv.yaml"
    check "1,000,000 rows: the types" \
        sh -c "grep -q '^    age: { type: integer, min: 16, max: 75, required: true }' '$tmp/big.csv.yaml' &&
               grep -q '^    referral_date: { type: date, min: 2010-01-01, max: 2010-12-28, required: true }' '$tmp/big.csv.yaml' &&
               grep -q '^    status: { type: enum, values: \[\"open\", \"closed\"\], required: true }' '$tmp/big.csv.yaml' &&
               grep -q '^  id: case_id .*never repeated' '$tmp/big.csv.yaml'"
fi

tap_done
