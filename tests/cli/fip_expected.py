#!/usr/bin/python3
"""fip_expected.py - an independent computation of the FIP example's figures.

    fip_expected.py CASES.csv SUMMARY.json

Recomputes, from the case data and the numbers of logic-models/fip.yaml
(transcribed below, so that this script shares nothing with thrive: no
YAML parser, no expression language), the figures of SPEC 6 that the
summary must hold, and compares them with SUMMARY.json.  Prints one line
per figure, "PASS what" or "FAIL what: got X, expected Y"; exits 0 when
every figure matched.  Only the standard library is used.
"""
import csv
import datetime
import hashlib
import json
import math
import re
import sys

# ---- logic-models/fip.yaml, transcribed ----

YESNO = ["yes", "no"]
FIELDS = {
    "family_id": ("text", {"pattern": r"^F[0-9]{5}$", "required": True}),
    "referral_date": ("date", {}),
    "site": ("enum", {"values": ["Eastgate", "Millbrook", "Northfield", "Riverside",
                                 "Southmead", "Westholme"]}),
    "referral_route": ("enum", {"values": ["asb_team", "housing", "social_care", "education",
                                           "health", "jobcentre_plus", "self_or_family"]}),
    "household_type": ("enum", {"values": ["lone_parent", "couple", "other"]}),
    "children": ("integer", {"min": 1, "max": 12}),
    "postcode": ("text", {"pattern": r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$"}),
    "exit_date": ("date", {}),
    "exit_type": ("enum", {"values": ["planned", "unplanned"]}),
}
for name in ["action_plan", "debt_referral", "employment_support", "job_entry"] + [
        d + s for d in ["ff", "crime", "health", "edu", "debt", "no_eet", "eviction_risk"]
        for s in ["_entry", "_exit"]]:
    FIELDS[name] = ("enum", {"values": YESNO})
for area in ["parenting", "conflict", "wellbeing", "money", "school"]:
    for s in ["_start", "_review"]:
        FIELDS[area + s] = ("integer", {"min": 1, "max": 10})
SCALE = (1, 10)

# inputs: fte * annual_cost * years, or a sum
INPUTS = [
    ("staff", 16 * 34000 * 2.5),     # key_workers
    ("staff", 3 * 46000 * 2.5),      # team_managers
    ("staff", 2 * 31000 * 2.5),      # debt_advisers
    ("in_kind", 0.5 * 33000 * 2.5),  # employment_adviser
    ("funding", 150000),             # flexible_fund
    ("premises", 72000),
    ("equipment", 28000),
    ("other", 24000),                # training
]
DEADWEIGHT, DISPLACEMENT, ATTRIBUTION = 0.15, 0.0, 0.2
OPTIMISM_BIAS, DISCOUNT = 0.1, 0.035

# outputs: id, the test on a row, target
OUTPUTS = [
    ("families_referred", lambda r: True, 300),
    ("support_plans", lambda r: r["action_plan"] == "yes", 270),
    ("debt_referrals", lambda r: r["debt_referral"] == "yes", 90),
    ("employment_referrals", lambda r: r["employment_support"] == "yes", 120),
    ("planned_exits", lambda r: r["exit_type"] == "planned", 160),
]


def left_with(entry):
    """eligible: ENTRY == "yes" and exit_date is present"""
    return lambda r: r[entry] == "yes" and r["exit_date"] != ""


# outcomes: id, eligible, achieved, value, duration, drop_off
OUTCOMES = [
    ("crime_asb_reduced", left_with("crime_entry"), lambda r: r["crime_exit"] == "no",
     3500, 2, 0.5),
    ("eviction_risk_removed", left_with("eviction_risk_entry"),
     lambda r: r["eviction_risk_exit"] == "no", 6500, 1, 0.0),
    ("family_functioning_improved", left_with("ff_entry"), lambda r: r["ff_exit"] == "no",
     4000, 3, 0.5),
    ("health_risks_reduced", left_with("health_entry"), lambda r: r["health_exit"] == "no",
     900, 1, 0.0),
    ("education_improved", left_with("edu_entry"), lambda r: r["edu_exit"] == "no",
     1200, 2, 0.3),
    ("debt_managed", left_with("debt_entry"), lambda r: r["debt_exit"] == "no", 1000, 2, 0.3),
    ("adult_in_eet", left_with("no_eet_entry"), lambda r: r["no_eet_exit"] == "no",
     None, 1, 0.0),
    ("adult_job_entry", left_with("no_eet_entry"), lambda r: r["job_entry"] == "yes",
     7000, 2, 0.4),
]

# distance areas: id, baseline, review, lower is better
AREAS = [
    ("parenting", "parenting_start", "parenting_review", False),
    ("conflict", "conflict_start", "conflict_review", True),
    ("money", "money_start", "money_review", False),
]

Z95 = 1.959963984540054

# ---- validation (SPEC 4 and 10) ----


def valid_date(s):
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", s)
        if not m:
            return False
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    try:
        datetime.date(y, mo, d)
        return True
    except ValueError:
        return False


def cell_ok(kind, opts, s):
    if s == "":
        return not opts.get("required", False)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", s):
            return False
        v = int(s)
        if "min" in opts and v < opts["min"] or "max" in opts and v > opts["max"]:
            return False
    elif kind == "date":
        if not valid_date(s):
            return False
    elif kind == "enum":
        if s not in opts["values"]:
            return False
    if "pattern" in opts and not re.fullmatch(opts["pattern"], s):
        return False
    return True


def read_cases(path):
    """(rows_read, accepted rows as dicts, rows_rejected)"""
    with open(path, encoding="utf-8-sig", newline="") as f:
        records = [rec for rec in csv.reader(f, strict=True) if rec != []]
    header, records = records[0], records[1:]
    col = {name: header.index(name) for name in FIELDS if name in header}
    accepted, rejected, ids = [], 0, set()
    for rec in records:
        if len(rec) != len(header):
            rejected += 1
            continue
        row = {name: (rec[col[name]] if name in col else "") for name in FIELDS}
        if not all(cell_ok(k, o, row[name]) for name, (k, o) in FIELDS.items()):
            rejected += 1
            continue
        if row["family_id"] in ids:
            rejected += 1
            continue
        ids.add(row["family_id"])
        accepted.append(row)
    return len(records), accepted, rejected


# ---- the figures ----


def ratio(a, b):
    return a / b if b else None


def wilson(a, n):
    if n == 0:
        return None, None
    p, z2 = a / n, Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return centre - half, centre + half


def expected(cases_path):
    e = {}
    with open(cases_path, "rb") as f:
        e["data.sha256"] = hashlib.sha256(f.read()).hexdigest()
    read, rows, rejected = read_cases(cases_path)
    n = len(rows)
    e["data.rows_read"] = read
    e["data.rows_accepted"] = n
    e["data.rows_rejected"] = rejected
    e["participants"] = n

    cost = sum(c for _, c in INPUTS)
    adjusted = cost * (1 + OPTIMISM_BIAS)
    e["costs.total"] = cost
    e["costs.adjusted"] = adjusted
    e["costs.per_participant"] = cost / n
    for kind in sorted({k for k, _ in INPUTS}):
        e["costs.by_kind." + kind] = sum(c for k, c in INPUTS if k == kind)

    for oid, test, target in OUTPUTS:
        count = sum(1 for r in rows if test(r))
        e["outputs.%s.count" % oid] = count
        e["outputs.%s.pct_of_target" % oid] = count / target
        e["outputs.%s.cost_per_output" % oid] = ratio(cost, count)

    keep = (1 - DEADWEIGHT) * (1 - DISPLACEMENT) * (1 - ATTRIBUTION)
    pv_total = 0.0
    for oid, eligible, achieved, value, duration, drop in OUTCOMES:
        el = [r for r in rows if eligible(r)]
        a = sum(1 for r in el if achieved(r))
        net = a * keep
        lo, hi = wilson(a, len(el))
        key = "outcomes.%s." % oid
        e[key + "eligible"] = len(el)
        e[key + "achieved"] = a
        e[key + "rate"] = ratio(a, len(el))
        e[key + "rate_ci95.0"] = lo
        e[key + "rate_ci95.1"] = hi
        e[key + "net"] = net
        e[key + "cost_per_outcome"] = ratio(cost, a)
        e[key + "cost_per_net_outcome"] = ratio(cost, net) if a else None
        if value is None:
            e[key + "present_value"] = None
        else:
            pv = sum(net * value * (1 - drop) ** (t - 1) / (1 + DISCOUNT) ** t
                     for t in range(1, duration + 1))
            e[key + "present_value"] = pv
            pv_total += pv
    e["value_for_money.present_value"] = pv_total
    e["value_for_money.npv"] = pv_total - adjusted
    e["value_for_money.sroi_ratio"] = pv_total / adjusted

    for aid, b, rv, lower in AREAS:
        pairs = [(int(r[b]), int(r[rv])) for r in rows if r[b] != "" and r[rv] != ""]
        d = [(x - y) if lower else (y - x) for x, y in pairs]
        key = "distance_travelled.%s." % aid
        e[key + "n"] = len(pairs)
        e[key + "n_missing_review"] = sum(1 for r in rows if r[b] != "" and r[rv] == "")
        e[key + "mean_baseline"] = sum(x for x, _ in pairs) / len(pairs)
        e[key + "mean_review"] = sum(y for _, y in pairs) / len(pairs)
        e[key + "mean_change"] = sum(d) / len(d)
        e[key + "pct_improved"] = sum(1 for x in d if x > 0) / len(d)
        e[key + "pct_same"] = sum(1 for x in d if x == 0) / len(d)

    for site in FIELDS["site"][1]["values"]:
        e["breakdowns.site.%s.participants" % site] = sum(1 for r in rows if r["site"] == site)
    return e


def lookup(summary, key):
    """Follow a dotted key; list items are found by their "id"."""
    node = summary
    for part in key.split("."):
        if isinstance(node, list):
            if part.isdigit():
                node = node[int(part)]
            else:
                node = next((x for x in node if x.get("id") == part), KeyError)
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return KeyError
        if node is KeyError:
            return KeyError
    return node


def same(got, want):
    if want is None or got is None:
        return got is None and want is None
    if isinstance(want, str) or isinstance(got, str):
        return got == want
    if isinstance(got, bool):
        return False
    return abs(got - want) <= 1e-9 * max(1.0, abs(want))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: fip_expected.py CASES.csv SUMMARY.json")
    want = expected(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        summary = json.load(f)
    failed = 0
    for key, value in want.items():
        got = lookup(summary, key)
        if got is not KeyError and same(got, value):
            print("PASS %s = %r" % (key, value))
        else:
            failed += 1
            print("FAIL %s: got %r, expected %r" % (key, None if got is KeyError else got,
                                                     value))
    # by_kind lists exactly the kinds with an input
    kinds = sorted(lookup(summary, "costs.by_kind") or {})
    if kinds == sorted({k for k, _ in INPUTS}):
        print("PASS costs.by_kind has the kinds %s" % ", ".join(kinds))
    else:
        failed += 1
        print("FAIL costs.by_kind has the kinds %s" % ", ".join(kinds))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
