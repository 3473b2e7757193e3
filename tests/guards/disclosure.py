#!/usr/bin/env python3
"""disclosure.py [--no-tables] HIDDEN.json OPEN.json N - no count hidden
under --suppress N is recoverable from the summary HIDDEN.json.  OPEN.json is the summary of
the same run without --suppress, which says what each hidden count is.

Walked generically, whatever the model and plugin:
  - every count of 1 to N-1 in OPEN is hidden (null) in HIDDEN;
  - in each breakdown field and in the quarters, per count (participants,
    each output's count, each outcome's eligible and achieved), and in each
    count column of each plugin table (a column whose shown values are all
    whole numbers), never exactly one value hidden, unless every other is
    0: the total less the others would give it back;
  - an outcome's rate, net and costs are hidden with its achieved count, an
    output's share of target and cost with its count (rate x denominator);
  - in a plugin table's row, no shown fraction times a shown count gives a
    hidden count back.
--no-tables leaves the plugin tables out.  Prints PASS/FAIL lines
(tests/tap.sh reads them).  Standard library only.
"""
import json
import sys

failed = 0


def report(ok, what):
    global failed
    failed += not ok
    print("%s %s" % ("PASS" if ok else "FAIL", what))


def is_count(v):
    return isinstance(v, int) and not isinstance(v, bool)


def group_columns(groups):
    """{column: [(group label, value)]} over the groups' counts."""
    cols = {}
    for label, g in groups:
        cols.setdefault("participants", []).append((label, g.get("participants")))
        for oid, o in g.get("outputs", {}).items():
            cols.setdefault("outputs.%s.count" % oid, []).append((label, o.get("count")))
        for oid, o in g.get("outcomes", {}).items():
            for k in ("eligible", "achieved"):
                cols.setdefault("outcomes.%s.%s" % (oid, k), []).append((label, o.get(k)))
    return cols


def check_columns(where, hidden_cols, open_cols, n):
    for col, values in hidden_cols.items():
        opened = dict(open_cols.get(col, []))
        nulls = [label for label, v in values if v is None]
        small = [label for label, v in opened.items() if is_count(v) and 1 <= v < n]
        report(all(label in nulls for label in small),
               "%s %s: every count from 1 to %d is hidden" % (where, col, n - 1))
        # one hidden beside zeros only: the total is that count, hidden itself
        others = [v for label, v in opened.items() if label not in nulls]
        report(len(nulls) != 1 or all(v == 0 for v in others),
               "%s %s: not exactly one value hidden (%s)" % (where, col, nulls))


def main():
    args = sys.argv[1:]
    tables = args[0] != "--no-tables"
    args = args if tables else args[1:]
    hidden, opened, n = json.load(open(args[0])), json.load(open(args[1])), int(args[2])
    for field, groups in (hidden.get("breakdowns") or {}).items():
        og = (opened.get("breakdowns") or {}).get(field, {})
        check_columns("breakdown %s:" % field, group_columns(groups.items()),
                      group_columns(og.items()), n)
    q = [(g.get("quarter"), g) for g in hidden.get("quarters") or []]
    oq = [(g.get("quarter"), g) for g in opened.get("quarters") or []]
    if q:
        check_columns("quarters:", group_columns(q), group_columns(oq), n)

    for o in hidden.get("outcomes", []):
        if o.get("achieved") is None:
            shown = [k for k in ("rate", "net", "cost_per_outcome", "cost_per_net_outcome")
                     if o.get(k) is not None]
            report(not shown, "outcome %s: achieved hidden, and so %s" % (o["id"], shown or
                                                                           "rate, net, costs"))
        if o.get("eligible") is None:
            report(o.get("rate") is None, "outcome %s: eligible hidden, and so the rate" % o["id"])
    for o in hidden.get("outputs", []):
        if o.get("count") is None:
            report(o.get("pct_of_target") is None and o.get("cost_per_output") is None,
                   "output %s: count hidden, and so its share of target and cost" % o["id"])

    for tid, rows in (hidden.get("plugin_measures") or {}).items() if tables else ():
        if not isinstance(rows, list) or not rows:
            continue
        orows = opened["plugin_measures"][tid]
        keys = [k for k in rows[0] if k != list(rows[0])[0]]
        counts = [k for k in keys
                  if all(is_count(orow.get(k)) for orow in orows if orow.get(k) is not None)
                  and any(orow.get(k) is not None for orow in orows)]
        for k in counts:
            nulls = [i for i, row in enumerate(rows) if row.get(k) is None
                     and orows[i].get(k) is not None]
            others = [orow.get(k) for i, orow in enumerate(orows) if i not in nulls]
            report(len(nulls) != 1 or all(v in (0, None) for v in others),
                   "plugin table %s, count column %s: not exactly one value hidden (rows %s)"
                   % (tid, k, nulls))
        for i, row in enumerate(rows):
            fractions = [row[k] for k in keys if isinstance(row.get(k), float)]
            shown = [row[k] for k in counts if is_count(row.get(k))]
            for k in counts:
                if row.get(k) is not None or orows[i].get(k) is None:
                    continue
                v = orows[i][k]
                given = [(x, y) for x in fractions for y in shown
                         if abs(x * y - v) < 1e-6 and v != 0]
                report(not given, "plugin table %s, row %d: hidden %s not given back by a "
                       "rate x a count (%s)" % (tid, i, k, given[:1]))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
