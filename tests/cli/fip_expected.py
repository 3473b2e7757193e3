#!/usr/bin/python3
"""fip_expected.py - an independent computation of the FIP example's figures.

    fip_expected.py CASES.csv SUMMARY.json [MODEL.yaml]
    fip_expected.py --edge-cases CASES.csv OUT.csv

Recomputes, from the case data and the numbers of logic-models/fip.yaml
(transcribed below, so that this script shares nothing with thrive: no
YAML parser, no expression language), every figure the summary holds, as
docs/manual/methods.md, outputs.md and case-data.md define them:

  - data row counts and hash, participants, costs (total, adjusted, by kind,
    per participant);
  - each output (count, target, % of target, cost per output) and outcome
    (eligible, achieved, rate, Wilson interval, target, net, costs per
    outcome, present value), and value for money;
  - every distance-travelled area with every statistic: n, n_missing_review,
    the means, sd, the Student t interval (the quantile computed here from
    the regularised incomplete beta function), dz, % improved/same/worse
    and the Wilcoxon signed-rank p (zeros dropped, normal approximation
    with tie and continuity corrections);
  - every breakdown entry (participants, output counts, outcome eligible and
    achieved per value, "(missing)" for a missing value) and every UK
    financial-year quarter of referral_date (rows without one last, as
    "(missing)");
  - the fip plugin's measures and tables (docs/manual/plugins.md, as the plugin documents
    them: per domain among families assessed at entry and exit, per family
    among families assessed in every domain, exits, median days, cost per
    family with a domain resolved).

Compares them with SUMMARY.json to 1e-9 relative (counts exactly), checks
that the summary lists exactly the expected kinds, areas, breakdown values
and quarters, and that no number in the summary went unchecked.  Prints one
line per figure, "PASS what" or "FAIL what: got X, expected Y"; exits 0
when every figure matched.  With MODEL.yaml, its SHA-256 is checked too.

--edge-cases writes a copy of CASES.csv that reaches the corners the
example data does not: missing breakdown values and dates, DD/MM/YYYY
dates, an area whose differences are all zero (sd 0: no dz, a CI of
[mean, mean], no Wilcoxon p), one with a single pair and one with none,
and two all-empty records at the end (not rows: data.blank_records).

Only the standard library is used.
"""
import csv
import datetime
import fractions
import hashlib
import json
import math
import re
import sys

F = fractions.Fraction

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
DATE_FIELD = "referral_date"  # data.date: enables the quarters

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


# outcomes: id, eligible, achieved, target, value, duration, drop_off
OUTCOMES = [
    ("crime_asb_reduced", left_with("crime_entry"), lambda r: r["crime_exit"] == "no",
     0.5, 3500, 2, 0.5),
    ("eviction_risk_removed", left_with("eviction_risk_entry"),
     lambda r: r["eviction_risk_exit"] == "no", 0.6, 6500, 1, 0.0),
    ("family_functioning_improved", left_with("ff_entry"), lambda r: r["ff_exit"] == "no",
     0.45, 4000, 3, 0.5),
    ("health_risks_reduced", left_with("health_entry"), lambda r: r["health_exit"] == "no",
     0.3, 900, 1, 0.0),
    ("education_improved", left_with("edu_entry"), lambda r: r["edu_exit"] == "no",
     0.5, 1200, 2, 0.3),
    ("debt_managed", left_with("debt_entry"), lambda r: r["debt_exit"] == "no",
     0.4, 1000, 2, 0.3),
    ("adult_in_eet", left_with("no_eet_entry"), lambda r: r["no_eet_exit"] == "no",
     0.15, None, 1, 0.0),
    ("adult_job_entry", left_with("no_eet_entry"), lambda r: r["job_entry"] == "yes",
     0.08, 7000, 2, 0.4),
]

# The split of each value by who benefits (fip.yaml, illustrative figures):
# (type, agency or None, amount a year); each outcome's parts add up to its
# value above.
PARTS = {
    "crime_asb_reduced": [("fiscal", "police", 1900), ("fiscal", "local_authority", 1000),
                          ("social", None, 600)],
    "eviction_risk_removed": [("fiscal", "local_authority", 5200), ("social", None, 1300)],
    "family_functioning_improved": [("fiscal", "local_authority", 3400), ("social", None, 600)],
    "health_risks_reduced": [("fiscal", "nhs", 900)],
    "education_improved": [("fiscal", "local_authority", 800), ("social", None, 400)],
    "debt_managed": [("fiscal", "local_authority", 300), ("economic", None, 700)],
    "adult_job_entry": [("fiscal", "dwp", 4800), ("fiscal", "hmrc", 1200),
                        ("economic", None, 1000)],
}

# distance areas: id, baseline, review, lower is better (the default is higher)
AREAS = [
    ("parenting", "parenting_start", "parenting_review", False),  # better: higher
    ("conflict", "conflict_start", "conflict_review", True),      # better: lower
    ("wellbeing", "wellbeing_start", "wellbeing_review", False),
    ("money", "money_start", "money_review", False),
    ("school", "school_start", "school_review", False),
]

BREAKDOWNS = ["site", "referral_route", "household_type"]

# the context a reader of the summary needs without the model
PERIOD, CURRENCY = ("2009-07-01", "2012-03-31"), "GBP"
LABELS = {
    "outputs.families_referred": "Families accepted onto the project",
    "outputs.support_plans": "Families with an agreed whole-family support plan",
    "outputs.debt_referrals": "Families referred to specialist debt advice",
    "outputs.employment_referrals":
        "Families with an adult referred to employment or training support",
    "outputs.planned_exits":
        "Families leaving the project in a planned way (support plan completed)",
    "outcomes.crime_asb_reduced": "Crime and anti-social behaviour stopped",
    "outcomes.eviction_risk_removed": "Family no longer at risk of eviction",
    "outcomes.family_functioning_improved": "Family functioning and risk problems resolved",
    "outcomes.health_risks_reduced": "Health risks (including substance misuse) resolved",
    "outcomes.education_improved":
        "Children's education problems (attendance, exclusion, behaviour) resolved",
    "outcomes.debt_managed": "Debt problems resolved or under a manageable repayment plan",
    "outcomes.adult_in_eet": "An adult now in education, employment or training",
    "outcomes.adult_job_entry": "An adult from a workless family started paid work",
    "distance_travelled.parenting": "Parenting and boundaries",
    "distance_travelled.conflict": "Family conflict",
    "distance_travelled.wellbeing": "Physical and emotional health",
    "distance_travelled.money": "Money and debt",
    "distance_travelled.school": "Children's school attendance and behaviour",
}
STRATEGY = {  # outcomes that name a building block; the others have no key
    "crime_asb_reduced": "place", "eviction_risk_removed": "place",
    "family_functioning_improved": "life_chances", "health_risks_reduced": "life_chances",
    "education_improved": "life_chances", "debt_managed": "financial_support",
    "adult_in_eet": "employment_skills", "adult_job_entry": "employment_skills",
}

# the fip: section (problem: "yes" by default)
FIP_DOMAINS = [
    ("Family functioning and risk", "ff_entry", "ff_exit"),
    ("Crime and anti-social behaviour", "crime_entry", "crime_exit"),
    ("Health", "health_entry", "health_exit"),
    ("Education and employment", "edu_entry", "edu_exit"),
    ("Finance and debt", "debt_entry", "debt_exit"),
]
FIP_PROBLEM = "yes"
FIP_START, FIP_END, FIP_EXIT_TYPE = "referral_date", "exit_date", "exit_type"

Z95 = 1.959963984540054

# ---- validation (docs/manual/case-data.md) ----


def parse_date(s):
    """datetime.date of a valid YYYY-MM-DD or DD/MM/YYYY, else None."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", s)
        if not m:
            return None
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    try:
        return datetime.date(y, mo, d)
    except ValueError:
        return None


def valid_date(s):
    return parse_date(s) is not None


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


def read_cases(path, faults=None, blanks=None):
    """(rows_read, accepted rows as dicts, rows_rejected); FAULTS (a dict)
    gets the faults per field (None: a ragged row), BLANKS (a list) the
    number of records whose every cell is empty, which are not rows."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        records = [rec for rec in csv.reader(f, strict=True) if rec != []]
    header, records = records[0], records[1:]
    blank = [rec for rec in records if all(c == "" for c in rec)]
    records = [rec for rec in records if not all(c == "" for c in rec)]
    if blanks is not None:
        blanks.append(len(blank))
    faults = {} if faults is None else faults

    def fault(name):
        faults[name] = faults.get(name, 0) + 1

    col = {name: header.index(name) for name in FIELDS if name in header}
    accepted, rejected, ids = [], 0, set()
    for rec in records:
        if len(rec) != len(header):
            rejected += 1
            fault(None)
            continue
        row = {name: (rec[col[name]] if name in col else "") for name in FIELDS}
        bad = [name for name, (k, o) in FIELDS.items() if not cell_ok(k, o, row[name])]
        if bad:
            rejected += 1
            for name in bad:
                fault(name)
            continue
        if row["family_id"] in ids:
            rejected += 1
            fault("family_id")
            continue
        ids.add(row["family_id"])
        accepted.append(row)
    return len(records), accepted, rejected


# ---- distributions, from first principles ----


def betacf(a, b, x):
    """The continued fraction of the incomplete beta function (modified
    Lentz), to full double precision."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-16:
            return h
    raise ArithmeticError("betacf did not converge")


def betainc(a, b, x):
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    ln_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(ln_front) * betacf(a, b, x) / a
    return 1.0 - math.exp(ln_front) * betacf(b, a, 1.0 - x) / b


def t_upper_tail(t, df):
    """P(T > t) for Student's t with DF degrees of freedom, t >= 0."""
    return 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))


def t_quantile(p, df):
    """The t with P(T <= t) = P (P > 0.5), by bisection on the upper tail
    until the interval cannot shrink any further."""
    tail = 1.0 - p
    lo, hi = 0.0, 1.0
    while t_upper_tail(hi, df) > tail:
        hi *= 2.0
    while True:
        mid = (lo + hi) / 2.0
        if mid <= lo or mid >= hi:
            return mid
        if t_upper_tail(mid, df) > tail:
            lo = mid
        else:
            hi = mid


def normal_two_sided(z):
    """2 * P(Z > |z|) for the standard normal."""
    return math.erfc(abs(z) / math.sqrt(2.0))


def wilcoxon_p(d):
    """Two-sided Wilcoxon signed-rank p of the differences D: zeros dropped,
    average ranks for ties of |d|, normal approximation with the tie
    correction sum(t^3 - t) / 48 in the variance and a continuity correction
    of 1/2 towards the mean.  None when nothing is left."""
    nz = [x for x in d if x != 0]
    m = len(nz)
    if m == 0:
        return None
    absd = sorted(abs(x) for x in nz)
    rank_of, ties, i = {}, [], 0
    while i < m:
        j = i
        while j < m and absd[j] == absd[i]:
            j += 1
        rank_of[absd[i]] = F(i + 1 + j, 2)  # the mean of ranks i+1 .. j
        ties.append(j - i)
        i = j
    w_plus = sum(rank_of[abs(x)] for x in nz if x > 0)
    mean = F(m * (m + 1), 4)
    var = F(m * (m + 1) * (2 * m + 1), 24) - F(sum(t ** 3 - t for t in ties), 48)
    if var == 0:
        return None
    num = max(abs(w_plus - mean) - F(1, 2), F(0))
    z = float(num) / math.sqrt(float(var))
    return normal_two_sided(z)


def paired(pairs, lower_better):
    """Every statistic of docs/manual/methods.md for one area, from its (baseline, review)
    pairs: exact rational arithmetic, then one rounding to float."""
    n = len(pairs)
    d = [(b - r) if lower_better else (r - b) for b, r in pairs]
    out = {"n": n}
    # the sufficient statistics: every change seen with its count, the sums
    out["histogram"] = [[x, d.count(x)] for x in sorted(set(d))]
    out["sum_baseline"] = sum(b for b, _ in pairs)
    out["sum_review"] = sum(r for _, r in pairs)
    if n == 0:
        for k in ("mean_baseline", "mean_review", "mean_change", "sd_change",
                  "effect_size_dz", "pct_improved", "pct_same", "pct_worse", "wilcoxon_p"):
            out[k] = None
        out["ci95"] = [None, None]
        return out
    out["mean_baseline"] = float(F(sum(b for b, _ in pairs), n))
    out["mean_review"] = float(F(sum(r for _, r in pairs), n))
    mean = F(sum(d), n)
    out["mean_change"] = float(mean)
    out["pct_improved"] = float(F(sum(1 for x in d if x > 0), n))
    out["pct_same"] = float(F(sum(1 for x in d if x == 0), n))
    out["pct_worse"] = float(F(sum(1 for x in d if x < 0), n))
    out["wilcoxon_p"] = wilcoxon_p(d)
    if n < 2:
        out["sd_change"] = out["effect_size_dz"] = None
        out["ci95"] = [None, None]
        return out
    var = sum((x - mean) ** 2 for x in d) / (n - 1)
    sd = math.sqrt(var)  # float(var) first: the exact variance, rounded once
    out["sd_change"] = sd
    if var == 0:
        out["effect_size_dz"] = None
        out["ci95"] = [float(mean), float(mean)]
        return out
    out["effect_size_dz"] = float(mean) / sd
    half = t_quantile(0.975, n - 1) * sd / math.sqrt(n)
    out["ci95"] = [float(mean) - half, float(mean) + half]
    return out


def median(values):
    v = sorted(values)
    if not v:
        return None
    k = len(v)
    return (v[(k - 1) // 2] + v[k // 2]) / 2


# ---- the figures ----


def ratio(a, b):
    return a / b if b else None


def wilson(a, n):
    if n == 0:
        return None, None
    p, z2 = a / n, Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # at a = 0 (a = n) centre and half are equal, so the low (high) end is
    # exactly 0 (1); the floating-point difference is not (2.8e-17)
    return (0.0 if a == 0 else centre - half), (1.0 if a == n else centre + half)


def quarter_label(day):
    """UK financial-year quarter: Q1 = April to June, labelled "2009-10 Q3"."""
    fy = day.year if day.month >= 4 else day.year - 1
    q = (day.month - 4) % 12 // 3 + 1
    return "%d-%02d Q%d" % (fy, (fy + 1) % 100, q), (fy, q)


def group_figures(e, key, rows):
    """participants, output counts, outcome eligible, achieved, rate and its
    95% interval (Wilson) of ROWS."""
    e[key + "participants"] = len(rows)
    for oid, test, _ in OUTPUTS:
        e[key + "outputs.%s.count" % oid] = sum(1 for r in rows if test(r))
    for oid, eligible, achieved, *_ in OUTCOMES:
        el = [r for r in rows if eligible(r)]
        a = sum(1 for r in el if achieved(r))
        lo, hi = wilson(a, len(el))
        e[key + "outcomes.%s.eligible" % oid] = len(el)
        e[key + "outcomes.%s.achieved" % oid] = a
        e[key + "outcomes.%s.rate" % oid] = ratio(a, len(el))
        e[key + "outcomes.%s.rate_ci95.0" % oid] = lo
        e[key + "outcomes.%s.rate_ci95.1" % oid] = hi


def fip_measures(e, rows, cost):
    """The fip plugin's measures and tables (docs/manual/plugins.md)."""
    key = "plugin_measures."
    n = len(rows)
    closed = sum(1 for r in rows if r[FIP_END] != "")
    planned = sum(1 for r in rows if r[FIP_EXIT_TYPE] == "planned")
    unplanned = sum(1 for r in rows if r[FIP_EXIT_TYPE] == "unplanned")
    e[key + "families_closed"] = closed
    e[key + "families_open"] = n - closed
    e[key + "exits_planned"] = planned
    e[key + "exits_unplanned"] = unplanned
    e[key + "pct_exits_planned"] = ratio(planned, planned + unplanned)

    def assessed(r, entry, exit_):
        return r[entry] != "" and r[exit_] != ""

    full = [r for r in rows if all(assessed(r, en, ex) for _, en, ex in FIP_DOMAINS)]
    k_entry = [sum(1 for _, en, _ in FIP_DOMAINS if r[en] == FIP_PROBLEM) for r in full]
    k_exit = [sum(1 for _, _, ex in FIP_DOMAINS if r[ex] == FIP_PROBLEM) for r in full]
    e[key + "families_fully_assessed"] = len(full)
    e[key + "mean_domains_entry"] = ratio(sum(k_entry), len(full))
    e[key + "mean_domains_exit"] = ratio(sum(k_exit), len(full))
    any_resolved = sum(1 for r in rows
                       if any(r[en] == FIP_PROBLEM and r[ex] != "" and r[ex] != FIP_PROBLEM
                              for _, en, ex in FIP_DOMAINS))
    e[key + "families_any_resolved"] = any_resolved
    e[key + "cost_per_family_resolved"] = ratio(cost, any_resolved)
    days = [(parse_date(r[FIP_END]) - parse_date(r[FIP_START])).days
            for r in rows if r[FIP_START] != "" and r[FIP_END] != ""]
    e[key + "families_with_duration"] = len(days)
    e[key + "median_days"] = median(days)

    for i, (label, en, ex) in enumerate(FIP_DOMAINS):
        both = [r for r in rows if assessed(r, en, ex)]
        at_entry = sum(1 for r in both if r[en] == FIP_PROBLEM)
        at_exit = sum(1 for r in both if r[ex] == FIP_PROBLEM)
        k = key + "domains.%d." % i
        e[k + "domain"] = label
        e[k + "assessed"] = len(both)
        e[k + "at_entry"] = at_entry
        e[k + "at_exit"] = at_exit
        e[k + "resolved"] = sum(1 for r in both if r[en] == FIP_PROBLEM and r[ex] != FIP_PROBLEM)
        e[k + "new"] = sum(1 for r in both if r[en] != FIP_PROBLEM and r[ex] == FIP_PROBLEM)
        e[k + "pct_reduction"] = ratio(at_entry - at_exit, at_entry)
    for k in range(len(FIP_DOMAINS) + 1):
        kk = key + "domains_per_family.%d." % k
        e[kk + "domains"] = str(k)
        e[kk + "families_entry"] = k_entry.count(k)
        e[kk + "families_exit"] = k_exit.count(k)


def expected(cases_path, model_path=None):
    """({dotted key: value}, {what: expected set or list of keys})"""
    e, shape = {}, {}
    e["model.id"] = "fip-child-poverty"
    e["model.title"] = "Child Poverty Family Intervention Project"
    e["model.pilot"] = "fip"
    e["plugin.name"] = "fip"
    e["model.period.start"], e["model.period.end"] = PERIOD
    e["model.currency"] = CURRENCY
    for name, value in (("deadweight", DEADWEIGHT), ("displacement", DISPLACEMENT),
                        ("attribution", ATTRIBUTION), ("optimism_bias", OPTIMISM_BIAS),
                        ("discount_rate", DISCOUNT)):
        e["adjustments." + name] = value
    for key, label in LABELS.items():
        e[key + ".label"] = label
    for oid, block in STRATEGY.items():
        e["outcomes.%s.strategy" % oid] = block
    if model_path:
        with open(model_path, "rb") as f:
            e["model.sha256"] = hashlib.sha256(f.read()).hexdigest()
    with open(cases_path, "rb") as f:
        e["data.sha256"] = hashlib.sha256(f.read()).hexdigest()
    faults, blanks = {}, []
    read, rows, rejected = read_cases(cases_path, faults, blanks)
    n = len(rows)
    e["data.blank_records"] = blanks[0]
    e["data.rows_read"] = read
    e["data.rows_accepted"] = n
    e["data.rows_rejected"] = rejected
    e["participants"] = n

    cost = sum(c for _, c in INPUTS)
    adjusted = cost * (1 + OPTIMISM_BIAS)
    e["costs.total"] = cost
    e["costs.adjusted"] = adjusted
    e["costs.per_participant"] = cost / n
    kinds = sorted({k for k, _ in INPUTS})
    for kind in kinds:
        e["costs.by_kind." + kind] = sum(c for k, c in INPUTS if k == kind)
    shape["costs.by_kind"] = set(kinds)

    for oid, test, target in OUTPUTS:
        count = sum(1 for r in rows if test(r))
        e["outputs.%s.count" % oid] = count
        e["outputs.%s.target" % oid] = target
        e["outputs.%s.pct_of_target" % oid] = count / target
        e["outputs.%s.cost_per_output" % oid] = ratio(cost, count)
    shape["outputs"] = [oid for oid, *_ in OUTPUTS]

    keep = (1 - DEADWEIGHT) * (1 - DISPLACEMENT) * (1 - ATTRIBUTION)
    pv_total = 0.0
    counts = []
    for oid, eligible, achieved, target, value, duration, drop in OUTCOMES:
        el = [r for r in rows if eligible(r)]
        a = sum(1 for r in el if achieved(r))
        counts.append((len(el), a))
        net = a * keep
        lo, hi = wilson(a, len(el))
        key = "outcomes.%s." % oid
        e[key + "eligible"] = len(el)
        e[key + "achieved"] = a
        e[key + "rate"] = ratio(a, len(el))
        e[key + "rate_ci95.0"] = lo
        e[key + "rate_ci95.1"] = hi
        e[key + "target"] = target
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
    shape["outcomes"] = [oid for oid, *_ in OUTCOMES]
    e["value_for_money.present_value"] = pv_total
    e["value_for_money.npv"] = pv_total - adjusted
    e["value_for_money.sroi_ratio"] = pv_total / adjusted
    value_in_depth(e, shape, counts)

    for aid, b, rv, lower in AREAS:
        pairs = [(int(r[b]), int(r[rv])) for r in rows if r[b] != "" and r[rv] != ""]
        key = "distance_travelled.%s." % aid
        e[key + "n_missing_review"] = sum(1 for r in rows if r[b] != "" and r[rv] == "")
        for stat, value in paired(pairs, lower).items():
            if stat == "ci95":
                e[key + "ci95.0"], e[key + "ci95.1"] = value
            elif stat == "histogram":
                for i, (d, count) in enumerate(value):
                    e[key + "histogram.%d.0" % i] = d
                    e[key + "histogram.%d.1" % i] = count
                shape[key + "histogram"] = len(value)
            else:
                e[key + stat] = value
    shape["distance_travelled"] = [aid for aid, *_ in AREAS]

    shape["breakdowns"] = list(BREAKDOWNS)
    for field in BREAKDOWNS:
        groups = {}
        for r in rows:
            groups.setdefault(r[field] if r[field] != "" else "(missing)", []).append(r)
        shape["breakdowns." + field] = set(groups)
        for value, members in groups.items():
            group_figures(e, "breakdowns.%s.%s." % (field, value), members)

    quarters = {}
    for r in rows:
        if r[DATE_FIELD] != "":
            label, order = quarter_label(parse_date(r[DATE_FIELD]))
            quarters.setdefault((order, label), []).append(r)
    # Rows without a date: a last group "(missing)", as for a breakdown
    # (docs/manual/case-data.md), so that the quarters still add up to every row.
    undated = [r for r in rows if r[DATE_FIELD] == ""]
    if undated:
        quarters[((math.inf, 0), "(missing)")] = undated
    shape["quarters"] = [label for _, label in sorted(quarters)]
    shape["faults"] = faults
    for (_, label), members in quarters.items():
        group_figures(e, "quarters.%s." % label, members)

    fip_measures(e, rows, cost)
    return e, shape


def lookup(summary, key):
    """Follow a dotted key; list items are found by their "id" (or, for the
    quarters, their "quarter"), or by their index."""
    node = summary
    for part in key.split("."):
        if isinstance(node, list):
            if part.isdigit():
                node = node[int(part)] if int(part) < len(node) else KeyError
            else:
                node = next((x for x in node if isinstance(x, dict) and
                             part in (x.get("id"), x.get("quarter"))), KeyError)
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return KeyError
        if node is KeyError:
            return KeyError
    return node


def same(got, want):
    """Text exactly; whole numbers (counts) exactly; other numbers to 1e-9
    relative (so a p-value of 1e-28 is checked as closely as a cost)."""
    if want is None or got is None:
        return got is None and want is None
    if isinstance(want, str) or isinstance(got, str):
        return got == want
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return False
    if isinstance(want, int):
        return got == want
    return abs(got - want) <= 1e-9 * abs(want)


def numbers(node, path=""):
    """Every number (and null) in the summary, as (dotted path, value); list
    items named by their id or quarter when they have one."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from numbers(v, path + "." + k if path else k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            name = str(i)
            if isinstance(v, dict):
                name = v.get("id") or v.get("quarter") or name
            yield from numbers(v, "%s.%s" % (path, name))
    elif node is None or (isinstance(node, (int, float)) and not isinstance(node, bool)):
        yield path, node


# Figures of the summary that are not computed from the data: the program's
# own version numbers.
NOT_FIGURES = {"plugin_abi"}


# ---- value for money in depth (docs/manual/methods.md) ----

BASE = {"deadweight": DEADWEIGHT, "displacement": DISPLACEMENT, "attribution": ATTRIBUTION,
        "optimism_bias": OPTIMISM_BIAS, "discount_rate": DISCOUNT}
ADJUSTMENTS = ["deadweight", "displacement", "attribution", "optimism_bias", "discount_rate"]


def appraise(achieved, change=None):
    """Present value and adjusted cost, each outcome's achieved count from
    ACHIEVED, with CHANGE = (what, index, x) applied: an adjustment's name,
    or "value"/"achieved"/"duration"/"drop_off" of outcome INDEX, or "cost"
    of input INDEX."""
    what, index, x = change or (None, None, None)
    p = dict(BASE)
    if what in p:
        p[what] = x
    keep = (1 - p["deadweight"]) * (1 - p["displacement"]) * (1 - p["attribution"])
    pv = 0.0
    for i, (oid, _, _, _, value, duration, drop) in enumerate(OUTCOMES):
        if value is None:
            continue
        me = i == index
        a = achieved[i] * (x if me and what == "achieved" else 1)
        v = value * (x if me and what == "value" else 1)
        years = int(x) if me and what == "duration" else duration
        d = x if me and what == "drop_off" else drop
        for t in range(1, years + 1):
            pv += a * keep * v * (1 - d) ** (t - 1) / (1 + p["discount_rate"]) ** t
    cost = sum(c * (x if what == "cost" and j == index else 1) for j, (_, c) in enumerate(INPUTS))
    return pv, cost * (1 + p["optimism_bias"])


def npv_of(achieved, change):
    pv, cost = appraise(achieved, change)
    return pv - cost


def switching_value(achieved, what, index):
    """Where NPV is 0: bisection over the parameter's range (a wide one for
    multipliers), to 1e-14; None when the ends have the same sign."""
    if what == "duration":
        return None
    lo, hi = 0.0, 1.0 if what in BASE or what == "drop_off" else 1e6
    f_lo = npv_of(achieved, (what, index, lo))
    f_hi = npv_of(achieved, (what, index, hi))
    if f_lo == 0:
        return lo
    if (f_lo < 0) == (f_hi < 0):
        return None
    while hi - lo > 1e-14 * max(1.0, hi):
        mid = (lo + hi) / 2
        f_mid = npv_of(achieved, (what, index, mid))
        if (f_mid < 0) == (f_lo < 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2


def value_in_depth(e, shape, counts):
    """bcr, fiscal_roi, payback_year, sroi_bounds, by_type, by_agency and the
    default sensitivity items (fip.yaml has no sensitivity section)."""
    achieved = [a for _, a in counts]
    pv, cost = appraise(achieved)
    v = "value_for_money."
    e[v + "bcr"] = pv / cost
    # each part's present value: net x part x the sum over its years of the
    # drop-off over the discount factor, as for the whole value
    keep = (1 - DEADWEIGHT) * (1 - DISPLACEMENT) * (1 - ATTRIBUTION)
    by_type = {"fiscal": 0.0, "economic": 0.0, "social": 0.0}
    by_agency = {}
    for a, (oid, _, _, _, value, d, drop) in zip(achieved, OUTCOMES):
        if value is None:
            continue
        assert sum(x for _, _, x in PARTS[oid]) == value, oid
        factor = sum((1 - drop) ** (t - 1) / (1 + DISCOUNT) ** t for t in range(1, d + 1))
        for kind, agency, x in PARTS[oid]:
            part_pv = a * keep * x * factor
            by_type[kind] += part_pv
            if agency is not None:
                by_agency[agency] = by_agency.get(agency, 0.0) + part_pv
    for t in ["fiscal", "economic", "social"]:
        e[v + "by_type." + t] = by_type[t]
    for agency, x in by_agency.items():
        e[v + "by_agency." + agency] = x
    shape[v + "by_agency"] = set(by_agency)
    e[v + "fiscal_roi"] = by_type["fiscal"] / cost
    longest = max(d for *_, value, d, _ in OUTCOMES if value is not None)
    e[v + "payback_year"] = None
    total = 0.0
    for t in range(1, longest + 1):
        total += sum(a * keep * value * (1 - drop) ** (t - 1) / (1 + DISCOUNT) ** t
                     for a, (_, _, _, _, value, d, drop) in zip(achieved, OUTCOMES)
                     if value is not None and t <= d)
        if total >= cost:
            e[v + "payback_year"] = t
            break
    for end in range(2):
        ends = [n * wilson(a, n)[end] if n else 0 for n, a in counts]
        p, c = appraise(ends)
        e[v + "sroi_bounds.%d" % end] = p / c
    items = [(name, None, max(0.0, BASE[name] - 0.1), min(1.0, BASE[name] + 0.1), BASE[name])
             for name in ADJUSTMENTS[:4]]
    items.append(("discount_rate", None, 0.015, 0.05, DISCOUNT))
    items += [("value", i, 0.75, 1.25, 1.0) for i, o in enumerate(OUTCOMES) if o[4] is not None]
    for k, (what, index, low, high, base) in enumerate(items):
        key = v + "sensitivity.%d." % k
        e[key + "base"], e[key + "low"], e[key + "high"] = base, low, high
        for end, x in (("low", low), ("high", high)):
            p, c = appraise(achieved, (what, index, x))
            e[key + "npv_" + end] = p - c
            e[key + "sroi_" + end] = p / c
        sv = switching_value(achieved, what, index)
        e[key + "switching_value"] = sv
        if sv is not None:
            shape.setdefault("checks", []).append(
                (abs(npv_of(achieved, (what, index, sv))) <= 1e-9 * cost,
                 "NPV at the switching value of sensitivity item %d is 0 within 1e-9 x C'" % k))
    shape[v + "sensitivity"] = len(items)


def edge_cases(cases_path, out_path):
    """Write the copy of CASES.csv described at the top."""
    with open(cases_path, encoding="utf-8-sig", newline="") as f:
        records = [rec for rec in csv.reader(f, strict=True) if rec != []]
    header, body = records[0], records[1:]
    col = {name: i for i, name in enumerate(header)}
    school_pair_kept = False
    for k, rec in enumerate(body):
        if len(rec) != len(header):
            continue  # ragged: left as it is, still rejected
        if k in (3, 10, 50):
            rec[col["referral_date"]] = ""
        if k in (4, 77):
            rec[col["site"]] = ""
        if k == 5:
            rec[col["household_type"]] = ""
        if k in (6, 7) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec[col["referral_date"]]):
            y, m, d = rec[col["referral_date"]].split("-")
            rec[col["referral_date"]] = "%s/%s/%s" % (d, m, y)
        if rec[col["wellbeing_review"]] != "":
            rec[col["wellbeing_review"]] = rec[col["wellbeing_start"]]
        if (not school_pair_kept and rec[col["school_start"]] != ""
                and rec[col["school_review"]] != "" and k > 20):
            school_pair_kept = True
        else:
            rec[col["school_review"]] = ""
        rec[col["money_review"]] = ""
    # two all-empty records, as spreadsheets export below the data: not rows
    body += [[""] * len(header)] * 2
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows([header] + body)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--edge-cases":
        edge_cases(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: fip_expected.py CASES.csv SUMMARY.json [MODEL.yaml]\n"
                 "       fip_expected.py --edge-cases CASES.csv OUT.csv")
    want, shape = expected(sys.argv[1], sys.argv[3] if len(sys.argv) == 4 else None)
    with open(sys.argv[2], encoding="utf-8") as f:
        summary = json.load(f)
    failed = 0

    def report(ok, what):
        nonlocal failed
        if not ok:
            failed += 1
        print("%s %s" % ("PASS" if ok else "FAIL", what))

    for key, value in want.items():
        got = lookup(summary, key)
        if got is not KeyError and same(got, value):
            print("PASS %s = %r" % (key, value))
        else:
            failed += 1
            print("FAIL %s: got %r, expected %r" % (key, None if got is KeyError else got,
                                                     value))

    # The summary lists exactly what is expected, nothing more.
    def ids(key, name="id"):
        node = lookup(summary, key)
        return [x.get(name) for x in node] if isinstance(node, list) else node

    got = sorted(lookup(summary, "costs.by_kind") or {})
    report(got == sorted(shape["costs.by_kind"]),
           "costs.by_kind has the kinds %s (expected %s)"
           % (", ".join(got), ", ".join(sorted(shape["costs.by_kind"]))))
    for section in ("outputs", "outcomes", "distance_travelled"):
        got = ids(section)
        report(got == shape[section], "%s lists %s (expected %s)" % (section, got, shape[section]))
    got = lookup(summary, "breakdowns")
    got = list(got) if isinstance(got, dict) else got
    report(got == shape["breakdowns"],
           "breakdowns has the fields %s (expected %s)" % (got, shape["breakdowns"]))
    for field in BREAKDOWNS:
        node = lookup(summary, "breakdowns." + field)
        got = sorted(node) if isinstance(node, dict) else node
        report(got == sorted(shape["breakdowns." + field]),
               "breakdowns.%s has the values %s (expected %s)"
               % (field, got, sorted(shape["breakdowns." + field])))
        # in the order the model declares the values, "(missing)" last
        declared = FIELDS[field][1]["values"] + ["(missing)"]
        order = [x for x in declared if x in shape["breakdowns." + field]]
        got = list(node) if isinstance(node, dict) else node
        report(got == order, "breakdowns.%s in the model's order: %s (expected %s)"
               % (field, got, order))
    for aid, *_ in AREAS:
        key = "distance_travelled.%s.histogram" % aid
        node = lookup(summary, key)
        got = len(node) if isinstance(node, list) else node
        report(got == shape[key], "%s has %r entries (expected %d)" % (key, got, shape[key]))
    for oid, *_ in OUTCOMES:
        node = lookup(summary, "outcomes." + oid)
        has = isinstance(node, dict) and "strategy" in node
        report(has == (oid in STRATEGY), "outcomes.%s %s a strategy" %
               (oid, "has" if oid in STRATEGY else "has no"))
    got = ids("quarters", "quarter")
    report(got == shape["quarters"],
           "quarters are, in order, %s (expected %s)" % (got, shape["quarters"]))
    got = sorted(k for k, v in (lookup(summary, "plugin_measures") or {}).items()
                 if not isinstance(v, list))
    exp = sorted({k.split(".")[1] for k in want if k.startswith("plugin_measures.")} -
                 {"domains", "domains_per_family"})
    report(got == exp, "plugin_measures has the measures %s (expected %s)" % (got, exp))
    for table, rows in (("domains", len(FIP_DOMAINS)),
                        ("domains_per_family", len(FIP_DOMAINS) + 1)):
        node = lookup(summary, "plugin_measures." + table)
        got = len(node) if isinstance(node, list) else node
        report(got == rows, "plugin_measures.%s has %r rows (expected %d)" % (table, got, rows))
    v = "value_for_money."
    got = sorted(lookup(summary, v + "by_agency") or {})
    report(got == sorted(shape[v + "by_agency"]), "by_agency lists %s" % got)
    node = lookup(summary, v + "sensitivity")
    got = len(node) if isinstance(node, list) else node
    report(got == shape[v + "sensitivity"],
           "sensitivity has %r items (expected %d)" % (got, shape[v + "sensitivity"]))
    for ok, what in shape.get("checks", []):
        report(ok, what)
    report("suppress" not in summary and '"suppressed"' not in json.dumps(summary),
           "nothing is marked suppressed (no --suppress)")

    # The faults counted by field and reason, summed by field; no warning
    # on data the model fits.
    counts = lookup(summary, "data.rejections_by_reason")
    got = {}
    for c in counts if isinstance(counts, list) else []:
        got[c.get("field")] = got.get(c.get("field"), 0) + c.get("count", 0)
    report(got == shape["faults"], "data.rejections_by_reason counts %s by field (expected %s)"
           % (got, shape["faults"]))
    got = lookup(summary, "data.warnings")
    report(got == [], "data.warnings is empty (got %r)" % (got,))

    # Every number in the summary was compared above.
    unchecked = [path for path, _ in numbers(summary)
                 if path not in want and path not in NOT_FIGURES
                 and not path.startswith("data.rejections_by_reason.")]
    report(not unchecked, "every number in the summary is checked%s"
           % (": not " + ", ".join(unchecked[:20]) if unchecked else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
