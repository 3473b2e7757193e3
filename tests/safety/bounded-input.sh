#!/bin/sh
# bounded-input.sh - input that never ends, or never ends a cell or a
# record, stops with a clear error (docs/manual/case-data.md, "Limits"), as
# TAP:
#   - a model read from a pipe that never ends: exit 3 past 64 MiB;
#   - case data from a pipe that never ends: exit 4 past the stream limit
#     (THRIVE_STREAM_LIMIT_MB, lowered here to 2 MiB), not a run that
#     never ends;
#   - a cell of more than 16 MiB and a record of more than 1,048,576
#     cells: exit 4 at the line where they start;
#   - temporary files honour TMPDIR: with TMPDIR naming a directory that
#     is not there, a summary to standard output (made in TMPDIR first) is
#     refused before anything is read, naming it; with a private TMPDIR
#     the same run works and leaves nothing there;
#   - /dev/zero as the model or the data (a node made in a private mount
#     namespace, skipped where none can be made): an error, at once.
# Every run has a timeout: before these limits, each of them ran until
# the disk or the memory was full.
. "$top_srcdir/tests/tap.sh"
tap_need python3 python3
tap_tmp safety-bounded

fx=$top_srcdir/tests/compare/fixtures
cp "$fx/tiny.yaml" "$tmp/ids.yaml"
header=family_id,ward,plan,working_start,working_end,debt_start,debt_end,wellbeing_start,wellbeing_end
row=F0001,North,yes,no,yes,yes,no,2,5

# a model from a pipe that never ends
mkfifo "$tmp/model.fifo"
(yes 'title: x' >"$tmp/model.fifo" 2>/dev/null &)
timeout 60 "$THRIVE" validate "$tmp/model.fifo" >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 3 ] && grep -q 'model.fifo: error: more than 64 MiB' "$tmp/err"
report $? "a model from a FIFO that never ends: exit 3 (got $got), 'more than 64 MiB'" "$tmp/err"

# case data from a pipe that never ends
{ echo "$header"; yes "$row"; } 2>/dev/null |
    THRIVE_STREAM_LIMIT_MB=2 timeout 60 "$THRIVE" evaluate "$tmp/ids.yaml" --data /dev/stdin \
        -o "$tmp/p.xlsx" --quiet >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 4 ] && grep -q 'goes on past 2 MiB, the limit for such input' "$tmp/err" &&
    [ ! -e "$tmp/p.xlsx" ]
report $? "data from a pipe that never ends: exit 4 (got $got), past the limit" "$tmp/err"

# a cell of 17 MiB, unquoted and in a quote left open at line 3
python3 - "$tmp" "$header" "$row" <<'PY'
import sys
tmp, header, row = sys.argv[1:]
big = "x" * (17 * 1024 * 1024)
with open(tmp + "/cell.csv", "w") as f:
    f.write(header + "\n" + row + "\n" + "F0002," + big + ",yes,no,no,no,no,1,2\n")
with open(tmp + "/quote.csv", "w") as f:
    f.write(header + "\n" + row + "\n" + 'F0002,"North\n' + (big[:1000] + "\n") * 17500)
with open(tmp + "/wide.csv", "w") as f:
    f.write(header + "," * (1024 * 1024 - 8) + "\n" + row + "\n")
with open(tmp + "/wide-ok.csv", "w") as f:
    f.write(header + "," * (1024 * 1024 - 9) + "\n" + row + "\n")
PY
for f in cell quote; do
    timeout 60 "$THRIVE" validate "$tmp/ids.yaml" --data "$tmp/$f.csv" >"$tmp/out" 2>"$tmp/err"
    got=$?
    [ "$got" = 4 ] && grep -q "$f.csv:3: error: a cell longer than 16 MiB" "$tmp/err"
    report $? "a 17 MiB cell ($f): exit 4 (got $got) at line 3" "$tmp/err"
done
timeout 60 "$THRIVE" validate "$tmp/ids.yaml" --data "$tmp/wide.csv" >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 4 ] && grep -q "wide.csv:1: error: a record of more than 1048576 cells" "$tmp/err"
report $? "a header of 1,048,577 cells: exit 4 (got $got) at line 1" "$tmp/err"
timeout 60 "$THRIVE" validate "$tmp/ids.yaml" --data "$tmp/wide-ok.csv" >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 0 ]
report $? "a header of 1,048,576 cells (the limit): read (exit $got)" "$tmp/err"

# TMPDIR: an output to standard output or a stream is made in a temporary
# file there first (the data are read once, from the pipe, and copied
# nowhere); a TMPDIR that is not there is named before anything is read
printf '%s\n%s\n' "$header" "$row" >"$tmp/small.csv"
cat "$tmp/small.csv" | TMPDIR="$tmp/absent" timeout 60 "$THRIVE" evaluate "$tmp/ids.yaml" \
    --data /dev/stdin --quiet -o "$tmp/s.xlsx" --summary - >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 6 ] && grep -q "a temporary file in $tmp/absent (TMPDIR)" "$tmp/err" &&
    [ ! -e "$tmp/s.xlsx" ]
report $? "TMPDIR not there: exit 6 (got $got), the message names it, nothing written" "$tmp/err"
mkdir -m 700 "$tmp/private"
cat "$tmp/small.csv" | TMPDIR="$tmp/private" timeout 60 "$THRIVE" evaluate "$tmp/ids.yaml" \
    --data /dev/stdin --quiet -o "$tmp/s.xlsx" --summary - >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 0 ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" &&
    [ -z "$(ls -A "$tmp/private")" ]
report $? "a private TMPDIR: the summary on standard output (exit $got), nothing left there" \
    "$tmp/err"

# /dev/zero: only in a private mount namespace, never the real /dev
if command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
    mkdir "$tmp/dev"
    unshare -m --propagation private sh -c '
        mount -t tmpfs -o mode=755 thrive-dev "$1" && mknod -m 444 "$1/zero" c 1 5 || exit 99
        timeout 60 "$THRIVE" validate "$1/zero" >"$2/zm.out" 2>"$2/zm.err"; echo $? >"$2/zm.rc"
        timeout 60 "$THRIVE" validate "$3" --data "$1/zero" >"$2/zd.out" 2>"$2/zd.err"
        echo $? >"$2/zd.rc"' sh "$tmp/dev" "$tmp" "$tmp/ids.yaml"
    got=$(cat "$tmp/zm.rc" 2>/dev/null)
    [ "$got" = 3 ] && grep -q 'zero: error: more than 64 MiB' "$tmp/zm.err"
    report $? "/dev/zero as the model: exit 3 (got $got)" "$tmp/zm.err"
    got=$(cat "$tmp/zd.rc" 2>/dev/null)
    [ "$got" = 4 ] && grep -q 'zero: error: not a CSV file: it contains binary data' "$tmp/zd.err"
    report $? "/dev/zero as the data: exit 4 (got $got), binary data" "$tmp/zd.err"
else
    skip "/dev/zero as the model" "no private mount namespace (unshare -m needs root)"
    skip "/dev/zero as the data" "no private mount namespace (unshare -m needs root)"
fi
tap_done
