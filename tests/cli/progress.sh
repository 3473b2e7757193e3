#!/bin/sh
# progress.sh - the progress line of `thrive evaluate` (docs/manual/commands.md): shown on
# stderr when it is a terminal, on a run long enough to need one; never
# when stderr is not a terminal; never with --quiet.  The terminal is the
# pseudo-terminal of script(1) (util-linux).  The data are 300,000 rows of
# a two-column model, made with awk; THRIVE_PROGRESS_INTERVAL=0 updates the
# line every 65,536 rows, however fast the machine, so four lines are due.

. "$top_srcdir/tests/tap.sh"
tap_need script util-linux
tap_need awk mawk
tap_tmp progress
model=$tmp/model.yaml
cat >"$model" <<'YAML'
model: progress
title: Progress line test
pilot: generic
inputs:
  - { id: staff, kind: staff, cost: 1000 }
activities:
  - { id: work, uses: [staff] }
outputs:
  - { id: seen, from: [work], count: all }
outcomes:
  - { id: some, horizon: short, from: [seen], achieved: n > 5 }
data:
  id: case_id
  fields:
    case_id: { type: text, required: true }
    n: { type: integer, min: 0, max: 9 }
YAML
awk 'BEGIN { print "case_id,n"; for (i = 0; i < 300000; i++) printf "C%d,%d\n", i, i % 10 }' \
    >"$tmp/big.csv" || exit 99

export THRIVE_PROGRESS_INTERVAL=0
# Each progress line: "\rthrive: ROWS rows, PCT%, RATE rows/s".
progress_lines() { tr '\r' '\n' <"$1" | grep -cE '^thrive: [0-9]+ rows, [0-9]+%, [0-9]+ rows/s' || true; }

# On a terminal (script makes one; its own output is the terminal's).
script -qec "'$THRIVE' evaluate '$model' --data '$tmp/big.csv' --summary '$tmp/a.json'" \
    "$tmp/tty.log" >/dev/null 2>&1
lines=$(progress_lines "$tmp/tty.log")
if [ "$lines" -eq 4 ] && [ -s "$tmp/a.json" ]; then
    ok "on a terminal: a progress line every 65,536 rows (4), then the summary"
else
    not_ok "on a terminal: 4 progress lines (found $lines)" "$tmp/tty.log"
fi
# The last one is wiped (CR, ESC [K) and the final count written over it.
esc=$(printf '\033')
if tr '\r' '\n' <"$tmp/tty.log" | grep -q "^$esc\[Kthrive: .*rows read, .* accepted"; then
    ok "on a terminal: the progress line is wiped, then the final count"
else
    not_ok "on a terminal: the progress line is wiped before the final count" "$tmp/tty.log"
fi

# --quiet on a terminal: none.
script -qec "'$THRIVE' evaluate '$model' --data '$tmp/big.csv' --summary '$tmp/b.json' --quiet" \
    "$tmp/quiet.log" >/dev/null 2>&1
lines=$(progress_lines "$tmp/quiet.log")
if [ "$lines" -eq 0 ] && [ -s "$tmp/b.json" ]; then
    ok "--quiet on a terminal: no progress line"
else
    not_ok "--quiet on a terminal: no progress line (found $lines)" "$tmp/quiet.log"
fi

# stderr a file, not a terminal: none, and no escape sequences.
"$THRIVE" evaluate "$model" --data "$tmp/big.csv" --summary "$tmp/c.json" 2>"$tmp/err.log"
lines=$(progress_lines "$tmp/err.log")
if [ "$lines" -eq 0 ] && ! grep -q "$(printf '\033')" "$tmp/err.log" && [ -s "$tmp/c.json" ]; then
    ok "stderr not a terminal: no progress line, no escape codes"
else
    not_ok "stderr not a terminal: no progress line (found $lines)" "$tmp/err.log"
fi

tap_done
