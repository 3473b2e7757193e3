#!/usr/bin/env python3
"""Write tests/report/compare-summary.json: a compare summary written by hand
in the documented shape (the thrive manual's "compare summary"), for the
report's tests until `thrive compare` writes real ones.  Its figures follow
the definitions (Wilson interval, cost per outcome interval C/(E*hi) to
C/(E*lo), funnel limits p0 +- z*sqrt(p0(1-p0)/E), ranks and rank ranges)
computed here with the standard library only, so that the report's tests
can check the text they expect against numbers worked out independently.

    python3 tests/report/compare_fixture.py > tests/report/compare-summary.json
"""
import json
import math

Z95 = 1.959963984540054
Z998 = 3.090232306167813


def wilson(a, e):
    if e == 0:
        return [None, None]
    p = a / e
    d = 1 + Z95 * Z95 / e
    c = (p + Z95 * Z95 / (2 * e)) / d
    h = Z95 * math.sqrt(p * (1 - p) / e + Z95 * Z95 / (4 * e * e)) / d
    lo, hi = c - h, c + h
    return [0.0 if a == 0 else lo, 1.0 if a == e else hi]


def position(rate, e, p0):
    s = math.sqrt(p0 * (1 - p0) / e)
    if rate > min(1, p0 + Z998 * s):
        return "above 99.8%"
    if rate > min(1, p0 + Z95 * s):
        return "above 95%"
    if rate < max(0, p0 - Z998 * s):
        return "below 99.8%"
    if rate < max(0, p0 - Z95 * s):
        return "below 95%"
    return "within"


ADJ = 0.8 * 1.0 * 0.9  # deadweight 0.2, displacement 0, attribution 0.1
# name, participants, cost, E, A, (area n, mean change, ci), block pv
SITES = [
    ("Cornwall", 120, 198675.0, 80, 40, (70, 1.2, [0.9, 1.5])),
    ("Kent", 400, 805000.0, 300, 120, (250, 0.8, [0.6, 1.0])),
    ("Islington <North>", 60, 150000.0, 40, 10, (30, 0.5, [-0.1, 1.1])),
]
VALUE = 2500.0  # present value per net outcome, for the fixture only

sites = []
for name, n, cost, e, a, (an, mc, ci) in SITES:
    lo, hi = wilson(a, e)
    net = a * ADJ
    pv = net * VALUE
    sites.append({
        "name": name, "source": "evaluated",
        "model": {"id": "laip", "file": "../../logic-models/laip.yaml", "sha256": "0" * 64},
        "data": {"file": name.split()[0].lower() + ".csv", "sha256": "1" * 64,
                 "rows_read": n + 2, "rows_accepted": n, "rows_rejected": 2, "rows_outside": 0},
        "participants": n,
        "costs": {"total": cost, "adjusted": cost * 1.1, "per_participant": cost / n},
        "outputs": [{"id": "families_engaged", "count": n, "cost_per_output": cost / n}],
        "outcomes": [{"id": "debt_managed", "label": "Debt resolved or managed",
                      "strategy": "financial_support", "eligible": e, "achieved": a,
                      "rate": a / e, "rate_ci95": [lo, hi], "net": net,
                      "cost_per_outcome": cost / a,
                      "cost_per_outcome_ci95": [cost / (e * hi), cost / (e * lo)],
                      "cost_per_net_outcome": cost / net, "present_value": pv,
                      "funnel": None, "rank": None, "rank_range": [None, None]}],
        "distance_travelled": [{"id": "wellbeing", "label": "Family wellbeing", "n": an,
                                "mean_change": mc, "ci95": ci}],
        "value_for_money": {"present_value": pv, "npv": pv - cost * 1.1,
                            "sroi_ratio": pv / (cost * 1.1)},
        "sroi_rank": None,
        "by_strategy": {"financial_support": {"net": net, "present_value": pv}},
        "left_out": {"outputs": [], "outcomes": [], "areas": []},
    })
sites[1]["left_out"]["outcomes"] = ["childcare_places"]

E = sum(s["outcomes"][0]["eligible"] for s in sites)
A = sum(s["outcomes"][0]["achieved"] for s in sites)
p0 = A / E
for s in sites:
    o = s["outcomes"][0]
    o["funnel"] = position(o["rate"], o["eligible"], p0)
# ranks by cost per outcome, lowest first; rank ranges over the intervals
ranked = sorted(sites, key=lambda s: s["outcomes"][0]["cost_per_outcome"])
for s in sites:
    o = s["outcomes"][0]
    o["rank"] = 1 + sum(t["outcomes"][0]["cost_per_outcome"] < o["cost_per_outcome"] for t in sites)
    lo, hi = o["cost_per_outcome_ci95"]
    best = 1 + sum(t["outcomes"][0]["cost_per_outcome_ci95"][1] < lo for t in sites)
    worst = len(sites) - sum(t["outcomes"][0]["cost_per_outcome_ci95"][0] > hi for t in sites)
    o["rank_range"] = [best, worst]
for s in sites:
    r = s["value_for_money"]["sroi_ratio"]
    s["sroi_rank"] = 1 + sum(t["value_for_money"]["sroi_ratio"] > r for t in sites)

C = sum(s["costs"]["total"] for s in sites)
Cadj = sum(s["costs"]["adjusted"] for s in sites)
PV = sum(s["value_for_money"]["present_value"] for s in sites)
NET = sum(s["outcomes"][0]["net"] for s in sites)
summary = {
    "thrive_version": "0.1.0",
    "programme": {"id": "laip-2009-10", "title": "Local Authority Innovation Pilots, 2009-10",
                  "file": "examples/laip/programme.yaml", "sha256": "2" * 64},
    "currency": "GBP",
    "compared": {"outputs": ["families_engaged"], "outcomes": ["debt_managed"],
                 "areas": ["wellbeing"]},
    "sites": sites,
    "programme_total": {
        "participants": sum(s["participants"] for s in sites),
        "costs": {"total": C, "adjusted": Cadj},
        "outcomes": [{"id": "debt_managed", "eligible": E, "achieved": A, "rate": p0,
                      "rate_ci95": wilson(A, E), "net": NET, "cost_per_outcome": C / A}],
        "distance_travelled": [{"id": "wellbeing", "n": 350, "mean_change": 0.86,
                                "ci95": [0.7, 1.02]}],
        "value_for_money": {"present_value": PV, "npv": PV - Cadj, "sroi_ratio": PV / Cadj},
        "by_strategy": {"financial_support": {"net": NET, "present_value": PV}},
    },
}
print(json.dumps(summary, indent=2))
