#!/usr/bin/python3
"""compare_book.py - check the workbook of `thrive compare` (standard library).

  compare_book.py check BOOK.xlsx SUMMARY.json
      the workbook shows every figure of the comparison's summary: on Sites,
      each site's and the programme total's participants, costs, present
      value, NPV, SROI and its rank, each compared output's count and cost,
      each compared outcome's counts, rate, intervals, net, costs, present
      value, funnel position, rank and rank range, each compared area's
      pairs, mean change and interval (numbers to 1e-9 relative, null as
      n/a or [c]); Cost per outcome lists the ranked sites by rank; Left out
      lists exactly what the summary leaves out; About has every file and
      hash.  One "PASS what" or "FAIL what" line per check.
  compare_book.py set-cost BOOK.xlsx OUT.xlsx SITE DELTA
      copy BOOK for LibreOffice (book_xlsx.py for-recalc) adding DELTA to
      SITE's cost on the Sites sheet.
  compare_book.py check-shift BOOK.xlsx RECALC SITE DELTA
      after set-cost and a recalculation by LibreOffice: SITE's cost per
      participant, per output and per outcome (and its interval), cost per
      net outcome, adjusted cost, NPV and SROI, and the programme total's
      cost, adjusted cost, NPV, SROI and costs per outcome, moved by exactly
      what the definitions say; no other site's figures moved.  RECALC is
      an .xlsx or the prefix of a CSV export (book_xlsx.py says how).
"""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import book_xlsx as bx  # noqa: E402

HEAD_ROW, GROUP_ROW, FIRST_ROW = 5, 4, 6   # 1-based rows of the Sites sheet
BLOCKS = {"financial_support": "Financial support", "employment_skills": "Employment and skills",
          "life_chances": "Life chances", "place": "Place"}
failed = 0


def report(ok, what):
    global failed
    failed += not ok
    print("%s %s" % ("PASS" if ok else "FAIL", what))


def same(got, want):
    if want is None:
        return got in ("n/a", "[c]")
    if isinstance(want, str):
        return got == want
    return isinstance(got, float) and math.isclose(got, float(want), rel_tol=1e-9,
                                                   abs_tol=1e-12)


def col_letter(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class Sites:
    """The Sites sheet: columns by (group, heading), rows by site name."""

    def __init__(self, book):
        self.book = book
        cells = book.sheets["Sites"]
        self.cols = {}
        group = ""
        width = max(col_index(bx.split_ref(r)[0]) for r in cells) + 1
        for c in range(width):
            g = book.get("Sites", "%s%d" % (col_letter(c), GROUP_ROW))
            if isinstance(g, str) and g:
                group = g
            h = book.get("Sites", "%s%d" % (col_letter(c), HEAD_ROW))
            if isinstance(h, str) and h:
                self.cols[(group, h)] = col_letter(c)
        self.rows = {}
        row = FIRST_ROW
        while isinstance(book.get("Sites", "A%d" % row), str):
            self.rows[book.get("Sites", "A%d" % row)] = row
            row += 1

    def get(self, site, group, head):
        col = self.cols.get((group, head))
        if col is None:
            return KeyError
        return self.book.get("Sites", "%s%d" % (col, self.rows[site]))

    def formula(self, site, group, head):
        """The formula of a cell, None when it holds a plain value."""
        col = self.cols.get((group, head))
        cell = self.book.sheets["Sites"].get("%s%d" % (col, self.rows[site])) if col else None
        return cell.formula if cell else None


def label_of(summary_item, labels):
    return labels.get(summary_item, summary_item)


def check_site(sites, s, labels, name=None):
    name = name or s["name"]
    g = ""
    for head, key in (("Participants", "participants"),):
        report(same(sites.get(name, g, head), s[key]), "%s: %s" % (name, head))
    for head, key in (("Cost", "total"), ("Adjusted cost", "adjusted"),
                      ("Cost per participant", "per_participant")):
        if key in s["costs"]:
            report(same(sites.get(name, g, head), s["costs"][key]), "%s: %s" % (name, head))
    for head, key in (("Present value", "present_value"), ("NPV", "npv"),
                      ("SROI ratio", "sroi_ratio")):
        report(same(sites.get(name, g, head), s["value_for_money"][key]),
               "%s: %s" % (name, head))
    if "sroi_rank" in s:
        report(same(sites.get(name, g, "SROI rank"), s["sroi_rank"]), "%s: SROI rank" % name)
    for o in s["outputs"]:
        grp = "Output: " + labels["outputs"][o["id"]]
        report(same(sites.get(name, grp, "Count"), o["count"]), "%s: %s count" % (name, o["id"]))
        if "cost_per_output" in o:
            report(same(sites.get(name, grp, "Cost per output"), o["cost_per_output"]),
                   "%s: %s cost per output" % (name, o["id"]))
    for o in s["outcomes"]:
        grp = "Outcome: " + labels["outcomes"][o["id"]]
        heads = [("Eligible", o["eligible"]), ("Achieved", o["achieved"]), ("Rate", o["rate"]),
                 ("Rate 95% CI low", o["rate_ci95"][0]),
                 ("Rate 95% CI high", o["rate_ci95"][1]), ("Net outcomes", o["net"]),
                 ("Cost per outcome", o["cost_per_outcome"])]
        if "cost_per_outcome_ci95" in o:
            heads += [("Cost per outcome 95% low", o["cost_per_outcome_ci95"][0]),
                      ("Cost per outcome 95% high", o["cost_per_outcome_ci95"][1]),
                      ("Cost per net outcome", o["cost_per_net_outcome"]),
                      ("Present value", o["present_value"]),
                      ("Funnel", o["funnel"] if o["funnel"] else None),
                      ("Rank (lowest cost first)", o["rank"]),
                      ("Best rank", o["rank_range"][0]), ("Worst rank", o["rank_range"][1])]
        for head, want in heads:
            report(same(sites.get(name, grp, head), want),
                   "%s: %s %s" % (name, o["id"], head))
    for a in s["distance_travelled"]:
        grp = "Distance travelled: " + labels["areas"][a["id"]]
        for head, want in (("Pairs", a["n"]), ("Mean change", a["mean_change"]),
                           ("95% CI low", a["ci95"][0]), ("95% CI high", a["ci95"][1])):
            report(same(sites.get(name, grp, head), want), "%s: %s %s" % (name, a["id"], head))
    for block, v in s.get("by_strategy", {}).items():
        grp = "Building block: " + BLOCKS[block]
        for head, want in (("Net outcomes", v["net"]), ("Present value", v["present_value"])):
            report(same(sites.get(name, grp, head), want), "%s: %s %s" % (name, block, head))


def check(book_path, summary_path):
    import json
    book = bx.Book(book_path)
    with open(summary_path, encoding="utf-8") as f:
        summary = json.load(f)
    report(book.order == ["Sites", "Cost per outcome", "Funnel", "Distance by site",
                          "Left out", "About"], "the sheets, in order: %s" % book.order)
    sites = Sites(book)
    # labels: the workbook's group headings name each compared item
    labels = {"outputs": {}, "outcomes": {}, "areas": {}}
    for (group, head) in sites.cols:
        for kind, word in (("outputs", "Output: "), ("outcomes", "Outcome: "),
                           ("areas", "Distance travelled: ")):
            if group.startswith(word):
                labels[kind][group[len(word):]] = group[len(word):]
    # the summary names items by id: map each compared id to its heading in order
    for kind, word in (("outputs", "Output: "), ("outcomes", "Outcome: "),
                       ("areas", "Distance travelled: ")):
        groups = []
        for (group, head) in sites.cols:
            if group.startswith(word) and group not in groups:
                groups.append(group)
        ids = summary["compared"][kind]
        report(len(groups) == len(ids), "Sites has a column group per compared %s" % kind[:-1])
        labels[kind] = {i: g[len(word):] for i, g in zip(ids, groups)}
    blocks = []
    for s in summary["sites"] + [summary["programme_total"]]:
        blocks += [b for b in s.get("by_strategy", {}) if b not in blocks]
    got = [g for (g, h) in sites.cols if g.startswith("Building block: ") and h == "Net outcomes"]
    report(sorted(got) == sorted("Building block: " + BLOCKS[b] for b in blocks),
           "Sites has a column group per building block of the summary (%s)" % got)
    report(list(sites.rows) == [s["name"] for s in summary["sites"]] + ["Programme total"],
           "Sites lists the sites in order, then the programme total")
    for s in summary["sites"]:
        check_site(sites, s, labels)
    t = summary["programme_total"]
    total = dict(t, name="Programme total", outputs=[])
    total["costs"] = dict(t["costs"])
    total["distance_travelled"] = [{"id": a["id"], "n": a["n"], "mean_change": a["mean_change"],
                                    "ci95": a["ci95"]} for a in t["distance_travelled"]]
    check_site(sites, total, labels)
    check_cost_per_outcome(book, summary, labels)
    check_left_out(book, summary)
    check_about(book, summary)
    return failed


def check_cost_per_outcome(book, summary, labels):
    """Each outcome's block lists its ranked sites by rank, then the rest."""
    cells = book.sheets["Cost per outcome"]
    col_a = {bx.split_ref(r)[1]: c.value for r, c in cells.items() if bx.split_ref(r)[0] == "A"}
    col_b = {bx.split_ref(r)[1]: c.value for r, c in cells.items() if bx.split_ref(r)[0] == "B"}
    for oid in summary["compared"]["outcomes"]:
        label = labels["outcomes"][oid]
        top = next((r for r, v in col_a.items() if v == label), None)
        report(top is not None, "Cost per outcome has a block for %s" % oid)
        if top is None:
            continue
        have = [s for s in summary["sites"] if any(o["id"] == oid for o in s["outcomes"])]
        ranked = sorted([s for s in have if next(o for o in s["outcomes"] if o["id"] == oid)
                         ["rank"] is not None],
                        key=lambda s: next(o for o in s["outcomes"] if o["id"] == oid)["rank"])
        rest = [s for s in have if s not in ranked]
        want = [s["name"] for s in ranked + rest]
        got = [col_b.get(top + 2 + i) for i in range(len(want))]
        report(got == want, "Cost per outcome, %s: sites by rank %s (got %s)" % (oid, want, got))


def check_left_out(book, summary):
    cells = book.sheets["Left out"]
    rows = {}
    for ref, c in cells.items():
        col, r = bx.split_ref(ref)
        if r >= 5:
            rows.setdefault(r, {})[col] = c.value
    got = sorted((v.get("A"), v.get("C")) for v in rows.values() if v.get("C"))
    want = sorted((s["name"], i) for s in summary["sites"]
                  for kind in ("outputs", "outcomes", "areas") for i in s["left_out"][kind])
    report(got == want, "Left out lists exactly what the summary leaves out (%d)" % len(want))


def check_about(book, summary):
    values = {c.value for c in book.sheets["About"].values()}
    p = summary["programme"]
    report(p["sha256"] in values and p["file"] in values, "About: the programme file and hash")
    for s in summary["sites"]:
        for v in (s["model"]["sha256"], s["data"]["sha256"], s["model"]["file"],
                  s["data"]["file"]):
            report(v in values, "About: %s's %s" % (s["name"], v))
    # The rejected rows: counted, with where to find them listed.
    counts = [s["data"]["rows_rejected"] for s in summary["sites"]]
    total, having = sum(counts), sum(1 for n in counts if n > 0)
    if total:
        want = "%d row%s rejected (in %d site%s)" % (total, "" if total == 1 else "s", having,
                                                      "" if having == 1 else "s")
        ok = any(isinstance(v, str) and v.startswith(want) and "thrive validate" in v
                 for v in values)
    else:
        want = "No site rejected a row of its data."
        ok = want in values
    report(ok, "About: '%s', with where they are listed" % want)


# ---- a changed cost ----


def set_cost(orig, out, site, delta):
    book = bx.Book(orig)
    sites = Sites(book)
    ref = "%s%d" % (sites.cols[("", "Cost")], sites.rows[site])
    cost = book.get("Sites", ref)
    if not isinstance(cost, float) or book.sheets["Sites"][ref].formula is not None:
        sys.exit("set-cost: no plain number in Sites!%s" % ref)
    if bx.copy_for_recalc(orig, out, ("Sites", ref, cost + delta)) != 0:
        sys.exit(1)


def check_shift(orig, recalc, site, delta):
    book = bx.Book(orig)
    a, b = Sites(book), Sites(bx.recalculated(recalc, book))

    def moved(name, group, head, want, what):
        got = b.get(name, group, head)
        report(isinstance(got, float) and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-6),
               "after +%g on %s's cost, %s %s = %r (got %r)" % (delta, site, name, what, want, got))

    cost = a.get(site, "", "Cost") + delta
    ob = a.get(site, "", "Optimism bias")
    moved(site, "", "Cost per participant", cost / a.get(site, "", "Participants"),
          "cost per participant")
    moved(site, "", "Adjusted cost", cost * (1 + ob), "adjusted cost")
    moved(site, "", "NPV", a.get(site, "", "Present value") - cost * (1 + ob), "NPV")
    moved(site, "", "SROI ratio", a.get(site, "", "Present value") / (cost * (1 + ob)), "SROI")
    for (group, head), col in a.cols.items():
        if group.startswith("Outcome: ") and head == "Achieved":
            n = a.get(site, group, "Achieved")
            e = a.get(site, group, "Eligible")
            if isinstance(n, float) and n > 0:
                moved(site, group, "Cost per outcome", cost / n, group + " cost per outcome")
                moved(site, group, "Cost per outcome 95% low",
                      cost / (e * a.get(site, group, "Rate 95% CI high")),
                      group + " cost per outcome, low end")
                moved(site, group, "Cost per net outcome",
                      cost / a.get(site, group, "Net outcomes"), group + " cost per net outcome")
            # the programme's: the cost of every site that has the outcome
            # (its Eligible cell is a count or [c]) over all achieved; a
            # plain value when a site's count is hidden (no SUM can see it)
            sites_with = [s for s in a.rows if s != "Programme total"
                          and a.get(s, group, "Eligible") not in (None, "")]
            total_cost = sum(a.get(s, "", "Cost") for s in sites_with) + \
                (delta if site in sites_with else 0)
            if a.formula("Programme total", group, "Cost per outcome"):
                moved("Programme total", group, "Cost per outcome",
                      total_cost / a.get("Programme total", group, "Achieved"),
                      group + " cost per outcome")
            else:
                hidden = any(a.get(s, group, h) == "[c]" for s in sites_with
                             for h in ("Eligible", "Achieved"))
                report(hidden and same(b.get("Programme total", group, "Cost per outcome"),
                                       a.get("Programme total", group, "Cost per outcome")),
                       "%s: the programme's cost per outcome is a value only because a site's "
                       "count is hidden, and stays" % group)
        if group.startswith("Output: ") and head == "Count":
            n = a.get(site, group, "Count")
            if isinstance(n, float) and n > 0:
                moved(site, group, "Cost per output", cost / n, group + " cost per output")
    moved("Programme total", "", "Cost", a.get("Programme total", "", "Cost") + delta, "cost")
    moved("Programme total", "", "Adjusted cost",
          a.get("Programme total", "", "Adjusted cost") + delta * (1 + ob), "adjusted cost")
    others = [s for s in a.rows if s not in (site, "Programme total")]
    same_elsewhere = all(a.get(s, g, h) == b.get(s, g, h) or
                         (isinstance(a.get(s, g, h), float) and
                          math.isclose(a.get(s, g, h), b.get(s, g, h), rel_tol=1e-12))
                         for s in others for (g, h) in a.cols
                         if h not in ("Rank (lowest cost first)", "SROI rank"))
    report(same_elsewhere, "no other site's figures moved")
    return failed


def main():
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "check":
        sys.exit(1 if check(args[1], args[2]) else 0)
    if len(args) == 5 and args[0] == "set-cost":
        set_cost(args[1], args[2], args[3], float(args[4]))
        return
    if len(args) == 5 and args[0] == "check-shift":
        sys.exit(1 if check_shift(args[1], args[2], args[3], float(args[4])) else 0)
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
