#!/bin/sh
# summary-stats.sh - the distance sufficient statistics of the evaluate
# summary under --suppress, as TAP.  (Without --suppress every figure is
# checked by tests/cli/evaluate-fip.sh against fip_expected.py.)
#   - a count from 1 to N-1 is null, every other count is as without
#     --suppress, and the changes listed are the same;
#   - when exactly one count of an area is hidden, the next smallest is too
#     (otherwise n minus the others would give it away);
#   - sum_baseline and sum_review are null exactly when n is hidden.
# THRIVE and top_srcdir come from the environment (AM_TESTS_ENVIRONMENT).

. "$top_srcdir/tests/tap.sh"
PYTHON=${PYTHON:-/usr/bin/python3}
tap_need "$PYTHON" python3

tap_tmp summary-stats

model=$top_srcdir/logic-models/fip.yaml
cases=$top_srcdir/examples/fip/cases.csv
"$THRIVE" evaluate "$model" --data "$cases" --summary "$tmp/plain.json" 2>/dev/null
for k in 3 8 60 400; do
    "$THRIVE" evaluate "$model" --data "$cases" --summary "$tmp/s$k.json" --suppress $k \
        2>/dev/null
done

"$PYTHON" - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
plain = {a["id"]: a for a in json.load(open(tmp + "/plain.json"))["distance_travelled"]}
n = 0
def report(ok, what):
    global n
    n += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
for k in (3, 8, 60, 400):
    summary = json.load(open("%s/s%d.json" % (tmp, k)))
    for area in summary["distance_travelled"]:
        full = plain[area["id"]]
        what = "--suppress %d, %s: " % (k, area["id"])
        report([d for d, _ in area["histogram"]] == [d for d, _ in full["histogram"]],
               what + "the same changes are listed")
        small = [d for d, c in full["histogram"] if 1 <= c < k]
        hidden = [d for d, c in area["histogram"] if c is None]
        # the expected set: the small counts, and with exactly one of
        # them, the smallest of the rest (the first such, ascending d)
        want = set(small)
        if len(small) == 1:
            rest = [(c, d) for d, c in full["histogram"] if c >= k]
            if rest:
                want.add(min(rest)[1])
        report(set(hidden) == want, what + "hidden counts at %s (expected %s)"
               % (sorted(hidden), sorted(want)))
        shown = all(c == dict(map(tuple, full["histogram"]))[d]
                    for d, c in area["histogram"] if c is not None)
        report(shown, what + "every shown count as without --suppress")
        n_hidden = 1 <= full["n"] < k
        report((area["sum_baseline"] is None) == n_hidden and
               (area["sum_review"] is None) == n_hidden and
               (n_hidden or (area["sum_baseline"], area["sum_review"]) ==
                (full["sum_baseline"], full["sum_review"])),
               what + "sums %s" % ("hidden with n" if n_hidden else "as without --suppress"))
print("1..%d" % n)
PY
