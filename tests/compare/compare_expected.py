#!/usr/bin/python3
"""compare_expected.py - an independent computation of a comparison's figures.

    compare_expected.py DIR SUMMARY.json
        recompute, from DIR/tiny.csv and the numbers of DIR/tiny.yaml and
        DIR/tiny-b.yaml (transcribed below: no YAML parser, no expression
        language shared with thrive), every figure of the summary that
        `thrive compare DIR/programme.yaml --summary SUMMARY.json` writes
        (DIR/programme.yaml and its sites are transcribed in SITES), and
        check that no number of the summary goes unchecked;
    compare_expected.py --site DIR NAME OUT.csv OUT.yaml
        write the rows of site NAME (those its `where` keeps, every one of
        them, valid or not) and its model with its costs replaced: what
        `thrive evaluate` needs to evaluate that site alone;
    compare_expected.py --pooled DIR OUT.csv
        write the accepted rows of North and South (their ids renumbered),
        as one data set: what the pooled figures must equal.

Figures follow the manual's definitions (cost per outcome interval
[C / (E hi), C / (E lo)], funnel limits p0 +/- z sqrt(p0 (1 - p0) / E)
clipped to [0, 1], competition ranks, rank ranges, pooling by sums).  The
statistics (Wilson, Student t, Wilcoxon) are tests/cli/fip_expected.py's,
which computes them from first principles.  Prints "PASS what" or "FAIL
what: got X, expected Y" per figure; exits 0 when every figure matched.
"""
import csv
import hashlib
import json
import math
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
import fip_expected as fe  # noqa: E402  (wilson, paired: the statistics)

Z95, Z998 = 1.959963984540054, 3.090232306167813

# ---- tiny.yaml and tiny-b.yaml, transcribed ----

YESNO = ["yes", "no"]
FIELDS = {
    "family_id": ("text", {"pattern": r"^F[0-9]{4}$", "required": True}),
    "ward": ("enum", {"values": ["North", "South"]}),
    "plan": ("enum", {"values": YESNO}),
    "working_start": ("enum", {"values": YESNO}),
    "working_end": ("enum", {"values": YESNO}),
    "debt_start": ("enum", {"values": YESNO}),
    "debt_end": ("enum", {"values": YESNO}),
    "wellbeing_start": ("integer", {"min": 1, "max": 10}),
    "wellbeing_end": ("integer", {"min": 1, "max": 10}),
}
INPUTS = {"grant": 100000, "staff": 2 * 30000 * 1}  # staff: fte 2 x 30000 x 1 year
DEADWEIGHT, DISPLACEMENT, ATTRIBUTION, OPTIMISM, RATE = 0.2, 0.0, 0.1, 0.1, 0.035
KEEP = (1 - DEADWEIGHT) * (1 - DISPLACEMENT) * (1 - ATTRIBUTION)

OUTPUTS = [("engaged", lambda r: r["plan"] == "yes")]
# id, building block, eligible, achieved, value, duration, drop-off
JOB = ("job", "employment_skills", lambda r: r["working_start"] == "no",
       lambda r: r["working_end"] == "yes", 5000, 2, 0.5)
DEBT = ("debt", "financial_support", lambda r: r["debt_start"] == "yes",
        lambda r: r["debt_end"] == "no", None, 1, 0.0)
TENANCY = ("tenancy", "place", lambda r: r["debt_start"] == "yes",
           lambda r: r["debt_end"] == "no", 2000, 1, 0.0)
MODELS = {
    "tiny.yaml": {"id": "tiny", "outcomes": [JOB, DEBT]},
    "tiny-b.yaml": {"id": "tiny-b", "outcomes": [JOB, TENANCY]},
}
AREAS = [("wellbeing", "wellbeing_start", "wellbeing_end")]

# ---- programme.yaml, transcribed: name, model, costs, where, source ----

SITES = [
    ("North", "tiny.yaml", {"grant": 40000}, lambda r: r["ward"] == "North", "evaluated"),
    ("South", "tiny.yaml", {"grant": 60000, "staff": 30000},
     lambda r: r["ward"] == "South" and r["plan"] != "", "evaluated"),
    ("Whole pilot", "tiny.yaml", {}, None, "summary"),
    ("Variant", "tiny-b.yaml", {}, None, "evaluated"),
]
DATA = {"Variant": "tiny-b.csv"}  # the others read tiny.csv
WHERE_TEXT = {"North": 'ward == "North"', "South": 'ward == "South" and plan is present'}
BLOCKS = ["financial_support", "employment_skills", "life_chances", "place"]

# ---- rows ----


def records(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        recs = [rec for rec in csv.reader(f, strict=True) if rec != []]
    return recs[0], recs[1:]


def raw_row(header, rec):
    """The cells by field, from the record's own positions; a cell that is
    absent or fails its field's checks is missing (as a filter sees it)."""
    row = {}
    for name, (kind, opts) in FIELDS.items():
        s = rec[header.index(name)] if header.index(name) < len(rec) else ""
        row[name] = s if s != "" and fe.cell_ok(kind, opts, s) else ""
    return row


def read_site(path, where):
    """(rows read, accepted rows, rejected, outside)"""
    header, recs = records(path)
    accepted, rejected, outside, ids = [], 0, 0, set()
    for rec in recs:
        if where is not None and not where(raw_row(header, rec)):
            outside += 1
            continue
        if len(rec) != len(header):
            rejected += 1
            continue
        row = {name: rec[header.index(name)] for name in FIELDS}
        if not all(fe.cell_ok(k, o, row[n]) for n, (k, o) in FIELDS.items()) or \
                row["family_id"] in ids:
            rejected += 1
            continue
        ids.add(row["family_id"])
        accepted.append(row)
    return len(recs), accepted, rejected, outside


def ratio(a, b):
    return a / b if b else None


def pv_of(net, value, duration, drop):
    return sum(net * value * (1 - drop) ** (t - 1) / (1 + RATE) ** t
               for t in range(1, duration + 1))


def site_figures(d, name, model_file, costs, where):
    read, rows, rejected, outside = read_site(os.path.join(d, DATA.get(name, "tiny.csv")), where)
    inputs = dict(INPUTS, **costs)
    c = sum(inputs.values())
    s = {"name": name, "read": read, "rows": rows, "rejected": rejected, "outside": outside,
         "n": len(rows), "cost": c, "adjusted": c * (1 + OPTIMISM), "outputs": {},
         "outcomes": {}, "areas": {}, "model": MODELS[model_file], "model_file": model_file}
    for oid, test in OUTPUTS:
        count = sum(1 for r in rows if test(r))
        s["outputs"][oid] = {"count": count, "cost_per_output": ratio(c, count)}
    pv_total = 0.0
    for oid, block, elig, ach, value, duration, drop in MODELS[model_file]["outcomes"]:
        el = [r for r in rows if elig(r)]
        a = sum(1 for r in el if ach(r))
        lo, hi = fe.wilson(a, len(el))
        if len(el) and a == 0:
            lo = 0.0  # exactly 0 when nothing is achieved
        if len(el) and a == len(el):
            hi = 1.0
        net = a * KEEP
        pv = None if value is None else pv_of(net, value, duration, drop)
        if pv is not None:
            pv_total += pv
        s["outcomes"][oid] = {
            "block": block, "eligible": len(el), "achieved": a, "rate": ratio(a, len(el)),
            "ci": (lo, hi), "net": net, "cost_per_outcome": ratio(c, a),
            "cost_per_outcome_ci95": (ratio(c, len(el) * hi) if hi is not None else None,
                                      ratio(c, len(el) * lo) if lo is not None else None),
            "cost_per_net_outcome": ratio(c, net) if a else None, "present_value": pv}
    s["pv"], s["npv"] = pv_total, pv_total - s["adjusted"]
    s["sroi"] = ratio(pv_total, s["adjusted"])
    for aid, b, r in AREAS:
        pairs = [(int(x[b]), int(x[r])) for x in rows if x[b] != "" and x[r] != ""]
        st = fe.paired(pairs, False)
        st["n_missing_review"] = sum(1 for x in rows if x[b] != "" and x[r] == "")
        st["pairs"] = pairs
        s["areas"][aid] = st
    return s


def competition_ranks(values, highest_first):
    """1 + the number strictly better; None for None."""
    out = []
    for v in values:
        if v is None:
            out.append(None)
        else:
            out.append(1 + sum(1 for w in values if w is not None and
                                (w > v if highest_first else w < v)))
    return out


def funnel(rate, p0, e):
    if not e or p0 is None:
        return None
    sd = math.sqrt(p0 * (1 - p0) / e)
    lo95, hi95 = max(0.0, p0 - Z95 * sd), min(1.0, p0 + Z95 * sd)
    lo998, hi998 = max(0.0, p0 - Z998 * sd), min(1.0, p0 + Z998 * sd)
    if rate > hi998:
        return "above 99.8%"
    if rate > hi95:
        return "above 95%"
    if rate < lo998:
        return "below 99.8%"
    if rate < lo95:
        return "below 95%"
    return "within"


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def first_appearance(sites, key):
    """ids two or more sites have, in order of first appearance"""
    order = []
    for s in sites:
        for i in s[key]:
            if i not in order:
                order.append(i)
    return [i for i in order if sum(1 for s in sites if i in s[key]) >= 2]


def expected(d, summary_file):
    """{dotted key: value}: list items are named by their name or id"""
    e = {}
    sites = [site_figures(d, n, m, c, w) for n, m, c, w, _ in SITES]
    e["programme.id"] = "tiny-wards"
    e["programme.title"] = "The small pilot, ward by ward"
    e["programme.sha256"] = sha(os.path.join(d, "programme.yaml"))
    e["currency"] = "GBP"
    compared = {k: first_appearance(sites, k) for k in ("outputs", "outcomes", "areas")}
    for k, ids in compared.items():
        for i, x in enumerate(ids):
            e["compared.%s.%d" % (k, i)] = x

    # the pooled outcomes first: the funnel needs p0
    pooled = {}
    for oid in compared["outcomes"]:
        having = [s for s in sites if oid in s["outcomes"]]
        el = sum(s["outcomes"][oid]["eligible"] for s in having)
        a = sum(s["outcomes"][oid]["achieved"] for s in having)
        cost = sum(s["cost"] for s in having)
        lo, hi = fe.wilson(a, el)
        pooled[oid] = {"eligible": el, "achieved": a, "rate": ratio(a, el), "ci": (lo, hi),
                       "net": sum(s["outcomes"][oid]["net"] for s in having),
                       "cost_per_outcome": ratio(cost, a)}
        cpo = [s["outcomes"][oid]["cost_per_outcome"] for s in having]
        ranks = competition_ranks(cpo, False)
        ranked = [k for k, r in enumerate(ranks) if r is not None]
        for k, s in enumerate(having):
            o = s["outcomes"][oid]
            o["funnel"] = funnel(o["rate"], pooled[oid]["rate"], o["eligible"])
            o["rank"] = ranks[k]
            if ranks[k] is None:
                o["rank_range"] = (None, None)
                continue
            lo_k, hi_k = o["cost_per_outcome_ci95"]
            inf = math.inf
            uppers = [having[j]["outcomes"][oid]["cost_per_outcome_ci95"][1] for j in ranked]
            lowers = [having[j]["outcomes"][oid]["cost_per_outcome_ci95"][0] for j in ranked]
            best = 1 + sum(1 for u in uppers if (u if u is not None else inf) < lo_k)
            worst = len(ranked) - sum(1 for lw in lowers
                                      if lw > (hi_k if hi_k is not None else inf))
            o["rank_range"] = (best, worst)
    sroi_ranks = competition_ranks([s["sroi"] for s in sites], True)

    for k, (s, (name, model_file, _, _, source)) in enumerate(zip(sites, SITES)):
        key = "sites.%s." % name
        e[key + "name"] = name
        e[key + "source"] = source
        e[key + "model.id"] = s["model"]["id"]
        e[key + "model.file"] = model_file
        e[key + "model.sha256"] = sha(os.path.join(d, model_file))
        e[key + "data.file"] = DATA.get(name, "tiny.csv")
        e[key + "data.sha256"] = sha(os.path.join(d, DATA.get(name, "tiny.csv")))
        e[key + "data.rows_read"] = s["read"]
        e[key + "data.rows_accepted"] = s["n"]
        e[key + "data.rows_rejected"] = s["rejected"]
        e[key + "data.rows_outside"] = s["outside"]
        e[key + "participants"] = s["n"]
        e[key + "costs.total"] = s["cost"]
        e[key + "costs.adjusted"] = s["adjusted"]
        e[key + "costs.per_participant"] = ratio(s["cost"], s["n"])
        for oid in compared["outputs"]:
            if oid in s["outputs"]:
                for f, v in s["outputs"][oid].items():
                    e[key + "outputs.%s.%s" % (oid, f)] = v
                e[key + "outputs.%s.id" % oid] = oid
        for oid in compared["outcomes"]:
            if oid not in s["outcomes"]:
                continue
            o, kk = s["outcomes"][oid], key + "outcomes.%s." % oid
            e[kk + "id"] = oid
            for f in ("eligible", "achieved", "rate", "net", "cost_per_outcome",
                      "cost_per_net_outcome", "present_value", "funnel", "rank"):
                e[kk + f] = o[f]
            e[kk + "rate_ci95.0"], e[kk + "rate_ci95.1"] = o["ci"]
            e[kk + "cost_per_outcome_ci95.0"], e[kk + "cost_per_outcome_ci95.1"] = \
                o["cost_per_outcome_ci95"]
            e[kk + "rank_range.0"], e[kk + "rank_range.1"] = o["rank_range"]
        for aid in compared["areas"]:
            if aid in s["areas"]:
                a, kk = s["areas"][aid], key + "distance_travelled.%s." % aid
                e[kk + "id"] = aid
                e[kk + "n"] = a["n"]
                e[kk + "mean_change"] = a["mean_change"]
                e[kk + "ci95.0"], e[kk + "ci95.1"] = a["ci95"]
        e[key + "value_for_money.present_value"] = s["pv"]
        e[key + "value_for_money.npv"] = s["npv"]
        e[key + "value_for_money.sroi_ratio"] = s["sroi"]
        e[key + "sroi_rank"] = sroi_ranks[k]
        for kind in ("outputs", "outcomes", "areas"):
            left = [i for i in s[kind] if i not in compared[kind]]
            for i, x in enumerate(left):
                e[key + "left_out.%s.%d" % (kind, i)] = x
            e[key + "left_out.%s#" % kind] = len(left)
        blocks = {}
        for oid, o in s["outcomes"].items():
            b = blocks.setdefault(o["block"], [0.0, 0.0])
            b[0] += o["net"]
            b[1] += o["present_value"] or 0.0
        for b, (net, pv) in blocks.items():
            e[key + "by_strategy.%s.net" % b] = net
            e[key + "by_strategy.%s.present_value" % b] = pv
        e[key + "by_strategy#"] = sorted(blocks)

    key = "programme_total."
    e[key + "participants"] = sum(s["n"] for s in sites)
    e[key + "costs.total"] = sum(s["cost"] for s in sites)
    adjusted = sum(s["adjusted"] for s in sites)
    e[key + "costs.adjusted"] = adjusted
    for oid, p in pooled.items():
        kk = key + "outcomes.%s." % oid
        e[kk + "id"] = oid
        for f in ("eligible", "achieved", "rate", "net", "cost_per_outcome"):
            e[kk + f] = p[f]
        e[kk + "rate_ci95.0"], e[kk + "rate_ci95.1"] = p["ci"]
    for aid in compared["areas"]:
        having = [s for s in sites if aid in s["areas"]]
        pairs = [pr for s in having for pr in s["areas"][aid]["pairs"]]
        st = fe.paired(pairs, False)  # as if one data set
        kk = key + "distance_travelled.%s." % aid
        e[kk + "id"] = aid
        e[kk + "n_missing_review"] = sum(s["areas"][aid]["n_missing_review"] for s in having)
        for f, v in st.items():
            if f == "ci95":
                e[kk + "ci95.0"], e[kk + "ci95.1"] = v
            elif f not in ("histogram", "sum_baseline", "sum_review"):
                e[kk + f] = v
    pv = sum(s["pv"] for s in sites)
    e[key + "value_for_money.present_value"] = pv
    e[key + "value_for_money.npv"] = pv - adjusted
    e[key + "value_for_money.sroi_ratio"] = pv / adjusted
    blocks = {}
    for s in sites:
        for o in s["outcomes"].values():
            b = blocks.setdefault(o["block"], [0.0, 0.0])
            b[0] += o["net"]
            b[1] += o["present_value"] or 0.0
    for b, (net, pv) in blocks.items():
        e[key + "by_strategy.%s.net" % b] = net
        e[key + "by_strategy.%s.present_value" % b] = pv
    e[key + "by_strategy#"] = sorted(blocks)
    return e


def lookup(summary, key):
    """A dotted key; list items by their name or id, or their index; a key
    ending in '#' is the length of a list or the sorted keys of an object."""
    count = key.endswith("#")
    node = summary
    for part in key.rstrip("#").split("."):
        if isinstance(node, list):
            if part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                node = next((x for x in node if isinstance(x, dict) and
                             part in (x.get("id"), x.get("name"))), KeyError)
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return KeyError
        if node is KeyError:
            return KeyError
    if count:
        return len(node) if isinstance(node, list) else sorted(node)
    return node


def numbers(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from numbers(v, path + "." + k if path else k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            name = str(i)
            if isinstance(v, dict):
                name = v.get("id") or v.get("name") or name
            yield from numbers(v, "%s.%s" % (path, name))
    elif node is None or (isinstance(node, (int, float)) and not isinstance(node, bool)):
        yield path, node


def check(d, summary_file):
    want = expected(d, summary_file)
    with open(summary_file, encoding="utf-8") as f:
        summary = json.load(f)
    failed = 0
    for key, value in want.items():
        got = lookup(summary, key)
        ok = got is not KeyError and fe.same(got, value) if not isinstance(value, list) \
            else got == value
        if ok:
            print("PASS %s = %r" % (key, value))
        else:
            failed += 1
            print("FAIL %s: got %r, expected %r" % (key, None if got is KeyError else got, value))
    unchecked = [p for p, _ in numbers(summary) if p not in want and p != "suppress"]
    ok = not unchecked
    failed += not ok
    print("%s every number in the summary is checked%s" %
          ("PASS" if ok else "FAIL", "" if ok else ": not " + ", ".join(unchecked[:20])))
    # Every object has exactly its keys (as the manual lists them).
    shapes = [
        ("programme", ["id", "title", "file", "sha256"]),
        ("compared", ["outputs", "outcomes", "areas"]),
        ("programme_total", ["participants", "costs", "outcomes", "distance_travelled",
                             "value_for_money", "by_strategy"]),
        ("programme_total.costs", ["total", "adjusted"]),
        ("programme_total.outcomes.job", ["id", "eligible", "achieved", "rate", "rate_ci95",
                                          "net", "cost_per_outcome"]),
        ("programme_total.distance_travelled.wellbeing",
         ["id", "n", "n_missing_review", "mean_baseline", "mean_review", "mean_change",
          "sd_change", "ci95", "effect_size_dz", "pct_improved", "pct_same", "pct_worse",
          "wilcoxon_p"]),
        ("programme_total.value_for_money", ["present_value", "npv", "sroi_ratio"]),
    ]
    for name, *_ in SITES:
        k = "sites.%s" % name
        shapes += [
            (k, ["name", "source", "model", "data", "participants", "costs", "outputs",
                 "outcomes", "distance_travelled", "value_for_money", "sroi_rank", "left_out",
                 "by_strategy"]),
            (k + ".model", ["id", "file", "sha256"]),
            (k + ".data", ["file", "sha256", "rows_read", "rows_accepted", "rows_rejected",
                           "rows_outside"]),
            (k + ".costs", ["total", "adjusted", "per_participant"]),
            (k + ".outputs.engaged", ["id", "count", "cost_per_output"]),
            (k + ".outcomes.job", ["id", "eligible", "achieved", "rate", "rate_ci95", "net",
                                   "cost_per_outcome", "cost_per_outcome_ci95",
                                   "cost_per_net_outcome", "present_value", "funnel", "rank",
                                   "rank_range"]),
            (k + ".distance_travelled.wellbeing", ["id", "n", "mean_change", "ci95"]),
            (k + ".value_for_money", ["present_value", "npv", "sroi_ratio"]),
            (k + ".left_out", ["outputs", "outcomes", "areas"]),
        ]
    for key, want_keys in shapes:
        node = lookup(summary, key)
        got = sorted(node) if isinstance(node, dict) else node
        ok = got == sorted(want_keys)
        failed += not ok
        print("%s %s has exactly the keys %s%s" % ("PASS" if ok else "FAIL", key,
                                                  ", ".join(want_keys),
                                                  "" if ok else " (got %r)" % (got,)))
    keys = sorted(summary)
    ok = keys == sorted(["thrive_version", "programme", "currency", "compared", "sites",
                         "programme_total"])
    failed += not ok
    print("%s the summary has exactly the top-level keys (%s)" % ("PASS" if ok else "FAIL",
                                                                  ", ".join(keys)))
    return failed


def write_site(d, name, out_csv, out_yaml):
    site = next(s for s in SITES if s[0] == name)
    _, model_file, costs, where, _ = site
    header, recs = records(os.path.join(d, "tiny.csv"))
    keep = [rec for rec in recs if where is None or where(raw_row(header, rec))]
    with open(out_csv, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows([header] + keep)
    with open(os.path.join(d, model_file), encoding="utf-8") as f:
        text = f.read()
    if "grant" in costs:
        text = text.replace("cost: 100000 }", "cost: %d }" % costs["grant"])
    if "staff" in costs:
        text = text.replace("cost: { fte: 2, annual_cost: 30000 } }", "cost: %d }" % costs["staff"])
    with open(out_yaml, "w", encoding="utf-8") as f:
        f.write(text)


def write_pooled(d, out_csv):
    header = list(FIELDS)
    rows = []
    for name, model_file, costs, where, _ in SITES[:2]:
        rows += read_site(os.path.join(d, "tiny.csv"), where)[1]
    with open(out_csv, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        for i, r in enumerate(rows):
            w.writerow(["F%04d" % (i + 1)] + [r[h] for h in header[1:]])


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "--site":
        write_site(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "--pooled":
        write_pooled(*sys.argv[2:])
    elif len(sys.argv) == 3:
        sys.exit(1 if check(sys.argv[1], sys.argv[2]) else 0)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
