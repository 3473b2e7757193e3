#!/usr/bin/env python3
"""Synthetic case data for logic-models/fip.yaml (Child Poverty FIP).

Writes cases.csv beside this script: about 300 families referred between
July 2009 and September 2011 to a Child Poverty Family Intervention Project
run by six district teams, as exported on 31 March 2012.

The data are invented.  Their shape follows published figures (the
national FIP monitoring: Lloyd et al. 2011, Monitoring and evaluation of
family intervention services and projects between February 2007 and March
2011, Department for Education research report DFE-RR174): among families who left, the share
with each problem falls between entry and exit by about 50% for crime and
anti-social behaviour, 47% for family functioning, 34% for health, 53% for
education and 14% for "no adult in education, employment or training";
about half the families assessed have debt at entry (as among those
referred to the Child Poverty FIPs; a third of all FIP families); about 70%
of exits are planned.  Families still open at the extract date have empty exit fields.

Six deliberately bad rows are scattered through the file (see the bad-row
section of main() and README.md); thrive must reject each one with its
line number.

Python 3 standard library only; the output is the same on every run.
    python3 generate.py
"""

import csv
import datetime as dt
import os
import random

SEED = 20090701
N_FAMILIES = 300
FIRST_REFERRAL = dt.date(2009, 7, 1)
LAST_REFERRAL = dt.date(2011, 9, 30)
EXTRACT = dt.date(2012, 3, 31)   # the day the case-management system was exported

SITES = ["Eastgate", "Millbrook", "Northfield", "Riverside", "Southmead", "Westholme"]
SITE_WEIGHTS = [18, 16, 20, 17, 15, 14]
ROUTES = ["asb_team", "housing", "social_care", "education", "health",
          "jobcentre_plus", "self_or_family"]
ROUTE_WEIGHTS = [30, 20, 18, 12, 5, 8, 7]
HOUSEHOLDS = ["lone_parent", "couple", "other"]
HOUSEHOLD_WEIGHTS = [60, 30, 10]

# Domain: (entry prevalence, target reduction in the share with the problem
# among exited families, chance that the problem is newly present at exit).
# Entry rates are set a little below the intended shares because families
# with fewer than two problems are redrawn.
DOMAINS = {
    "ff":     (0.66, 0.47, 0.05),
    "crime":  (0.38, 0.50, 0.04),
    "health": (0.50, 0.34, 0.05),
    "edu":    (0.40, 0.53, 0.04),
    "debt":   (0.43, 0.42, 0.05),
}
# Tracked beside the five domains.
EXTRA = {
    "no_eet":        (0.76, 0.14, 0.02),
    "eviction_risk": (0.55, 0.68, 0.03),
}
# Planned exits resolve more than unplanned ones.  With 70/30 exits,
# 0.7*K_PLANNED + 0.3*K_UNPLANNED = 1 keeps the overall reduction on target.
K_UNPLANNED_RATIO = 0.45
K_PLANNED = 1.0 / (0.7 + 0.3 * K_UNPLANNED_RATIO)
K_UNPLANNED = K_PLANNED * K_UNPLANNED_RATIO

# Distance-travelled areas: (baseline column, review column, baseline mean,
# lower is better).
AREAS = [
    ("parenting_start", "parenting_review", 3.6, False),
    ("conflict_start", "conflict_review", 7.0, True),
    ("wellbeing_start", "wellbeing_review", 4.2, False),
    ("money_start", "money_review", 3.9, False),
    ("school_start", "school_review", 4.4, False),
]

COLUMNS = [
    "family_id", "referral_date", "site", "referral_route", "household_type",
    "children", "postcode", "action_plan", "debt_referral", "employment_support",
    "ff_entry", "crime_entry", "health_entry", "edu_entry", "debt_entry",
    "no_eet_entry", "eviction_risk_entry",
    "exit_date", "exit_type",
    "ff_exit", "crime_exit", "health_exit", "edu_exit", "debt_exit",
    "no_eet_exit", "eviction_risk_exit", "job_entry",
] + [c for a in AREAS for c in a[:2]] + [
    "notes",   # free text from the case file; not declared in the model, so ignored
]

# Free-text notes, as key workers write them; chosen to fit the family.
# Several contain commas (and one a quotation), so the CSV writer quotes them.
NOTES = {
    "crime": ["Referred by ASB team, acceptable behaviour contract in place",
              "Police call-outs reduced, no incidents since the spring"],
    "eviction_risk": ["Rent arrears, notice seeking possession served",
                      "Landlord agreed to suspend possession, repayment plan agreed"],
    "edu": ["Eldest child excluded twice, now on a part-time timetable",
            "School attendance up from 61% to 88%"],
    "debt": ["Debt advice: priority debts consolidated, DRO applied for",
             "Flexible fund: beds, bedding and a cooker"],
    "ff": ["Youngest on a child protection plan, now child in need",
           "Mum says \"this is the first time anyone listened\""],
    "job": ["Dad started work, 30 hours, warehouse",
            "Mum started part-time work at the supermarket, 16 hours"],
    "unplanned": ["Family moved out of area, case closed",
                  "Disengaged after three missed visits; closed, re-referral offered"],
}


def add_note(rng, row):
    """Most families have no note; others get one that fits their case."""
    if rng.random() < 0.55:
        return
    if row["job_entry"] == "yes":
        row["notes"] = rng.choice(NOTES["job"])
    elif row["exit_type"] == "unplanned" and rng.random() < 0.5:
        row["notes"] = rng.choice(NOTES["unplanned"])
    else:
        topics = [d for d in ("crime", "eviction_risk", "edu", "debt", "ff")
                  if row["_entry"][d]]
        if topics:
            row["notes"] = rng.choice(NOTES[rng.choice(topics)])


def yn(flag):
    return "yes" if flag else "no"


def rand_date(rng, start, end):
    """A working day (Monday to Friday, not Christmas or New Year's Day)."""
    while True:
        d = start + dt.timedelta(days=rng.randint(0, (end - start).days))
        if d.weekday() < 5 and (d.month, d.day) not in ((12, 25), (12, 26), (1, 1)):
            return d


def referral_date(rng):
    """Referrals ramp up over the first six months, then run steadily."""
    while True:
        d = rand_date(rng, FIRST_REFERRAL, LAST_REFERRAL)
        months_in = (d - FIRST_REFERRAL).days / 30.4
        if months_in >= 6 or rng.random() < 0.35 + 0.65 * months_in / 6:
            return d


def postcode(rng):
    # Fictitious "TH" postcode area, valid in form only.
    return "TH%d %d%s%s" % (rng.randint(1, 19), rng.randint(1, 9),
                            rng.choice("ABDEFGHJLNPQRSTUWXYZ"),
                            rng.choice("ABDEFGHJLNPQRSTUWXYZ"))


def clip(x, lo=1, hi=10):
    return max(lo, min(hi, x))


def make_family(rng, n):
    row = {c: "" for c in COLUMNS}
    route = rng.choices(ROUTES, ROUTE_WEIGHTS)[0]
    ref = referral_date(rng)
    row.update({
        "family_id": "F%05d" % (10000 + n),
        "referral_date": ref.isoformat(),
        "site": rng.choices(SITES, SITE_WEIGHTS)[0],
        "referral_route": route,
        "household_type": rng.choices(HOUSEHOLDS, HOUSEHOLD_WEIGHTS)[0],
        "children": str(rng.choices(range(1, 9), [14, 24, 24, 16, 10, 6, 4, 2])[0]),
        "postcode": postcode(rng),
    })

    # Problems at entry: a FIP family has problems in at least two domains.
    while True:
        entry = {}
        for d, (prev, _, _) in DOMAINS.items():
            p = prev
            if d == "crime" and route == "asb_team":
                p = 0.92
            if d == "edu" and route == "education":
                p = 0.9
            entry[d] = rng.random() < p
        if sum(entry.values()) >= 2:
            break
    for d, (prev, _, _) in EXTRA.items():
        p = prev
        if d == "eviction_risk" and route == "housing":
            p = 0.9
        entry[d] = rng.random() < p
    for d, flag in entry.items():
        row[d + "_entry"] = yn(flag)

    row["action_plan"] = yn(rng.random() < 0.93)
    row["debt_referral"] = yn(rng.random() < (0.8 if entry["debt"] else 0.06))
    row["employment_support"] = yn(rng.random() < (0.55 if entry["no_eet"] else 0.1))

    # Exit: planned families stay about a year, unplanned ones leave sooner.
    # 78% are drawn planned: planned families stay longer, so more of them
    # are still open at the extract, and about 70% of actual exits are planned.
    planned = rng.random() < 0.78
    if planned:
        days = int(clip(rng.gauss(400, 120), 120, 760))
    else:
        days = int(clip(rng.gauss(220, 110), 30, 600))
    exit_date = ref + dt.timedelta(days=days)
    exited = exit_date <= EXTRACT

    row["_planned"] = planned
    row["_exited"] = exited
    row["_entry"] = entry
    if exited:
        row["exit_date"] = exit_date.isoformat()
        row["exit_type"] = "planned" if planned else "unplanned"
        # About one unplanned exit in six has no exit assessment at all; the
        # exit columns of the others are filled in by resolve_problems().
        row["_assessed"] = planned or rng.random() > 0.17
    else:
        row["_assessed"] = False

    # Distance travelled: scored at the first assessment and at the latest
    # review (at exit, or the six-monthly review for open families).
    if exited:
        reviewed = rng.random() < (0.93 if planned else 0.55)
        shift = 2.1 if planned else 0.7
    else:
        reviewed = (EXTRACT - ref).days > 183 and rng.random() < 0.85
        shift = 1.3
    for base, rev, mean, lower in AREAS:
        if rng.random() < 0.02:
            continue   # baseline not scored
        b = clip(round(rng.gauss(mean, 1.5)))
        row[base] = str(b)
        if reviewed:
            d = round(rng.gauss(shift, 1.6))
            r = clip(b - d if lower else b + d)
            row[rev] = str(r)

    return row


def resolve_problems(rng, families):
    """Fill the exit assessments of families who have left.

    For each problem, new cases at exit are drawn first; then exactly enough
    families with the problem at entry are resolved for the share with the
    problem to fall by the published reduction.  Who is resolved is drawn
    with weights favouring planned exits (weighted sampling without
    replacement: the largest u ** (1 / w) are chosen).
    """
    assessed = [r for r in families if r["_assessed"]]
    for d, (prev, red, new) in list(DOMAINS.items()) + list(EXTRA.items()):
        had = [r for r in assessed if r["_entry"][d]]
        n_new = 0
        for r in assessed:
            if not r["_entry"][d]:
                gets = rng.random() < (new if r["_planned"] else new * 1.6)
                r[d + "_exit"] = yn(gets)
                n_new += gets
        # exit = entry - resolved + new, and (entry - exit) / entry = red
        n_resolved = min(len(had), round(red * len(had) + n_new))
        keyed = sorted(had, key=lambda r: rng.random() ** (
            1.0 / (K_PLANNED if r["_planned"] else K_UNPLANNED)), reverse=True)
        for i, r in enumerate(keyed):
            r[d + "_exit"] = yn(i >= n_resolved)
    for r in assessed:
        moved_into_eet = r["_entry"]["no_eet"] and r["no_eet_exit"] == "no"
        r["job_entry"] = yn(moved_into_eet and rng.random() < 0.6)


def to_cells(row):
    return [row[c] for c in COLUMNS]


def main():
    rng = random.Random(SEED)
    families = [make_family(rng, n + 1) for n in range(N_FAMILIES)]
    resolve_problems(rng, families)
    for r in families:
        add_note(rng, r)
    # Case-management exports list families in referral order; ids were
    # issued in the same order.
    families.sort(key=lambda r: r["referral_date"])
    for n, r in enumerate(families):
        r["family_id"] = "F%05d" % (10001 + n)
    good = [to_cells(r) for r in families]

    # Deliberately bad rows.  Each is an otherwise valid family with ONE
    # fault, inserted before the good row with the given index.  They are
    # drawn after the good families so they do not change them.
    def spare(n, exited=None):
        while True:
            r = make_family(rng, n)
            if exited is None or r["_exited"] == exited:
                break
        resolve_problems(rng, [r])
        add_note(rng, r)
        r["family_id"] = "F%05d" % (10000 + n)
        return r

    bad = []
    # 1. An impossible calendar date in exit_date: 31/02/2010 (typed in
    #    DD/MM/YYYY, which thrive accepts, but February has no 31st).
    r = spare(901, exited=True)
    r["referral_date"], r["exit_date"] = "2009-09-14", "31/02/2010"
    bad.append((40, to_cells(r), "exit_date: 31/02/2010 is not a calendar date"))
    # 2. An enum value out of range: exit_type "transferred" is not one of
    #    planned | unplanned (the case was moved to another team).
    r = spare(902, exited=True)
    r["exit_type"] = "transferred"
    bad.append((95, to_cells(r), 'exit_type: "transferred" is not one of planned, unplanned'))
    # 3. An integer out of range: 11 on the 1-10 parenting scale.
    r = spare(903, exited=True)
    r["parenting_start"], r["parenting_review"] = "6", "11"
    bad.append((150, to_cells(r), "parenting_review: 11 is above the maximum 10"))
    # 4. A duplicate id: F10001, the id of the first (accepted) family.
    r = spare(904)
    r["family_id"] = families[0]["family_id"]
    bad.append((200, to_cells(r), "family_id: F10001 duplicates the id on line 2"))
    # 5. A ragged row: the line was cut short, its last four cells are lost.
    r = spare(905)
    bad.append((245, to_cells(r)[:-4], "ragged row: %d cells where the header has %d"
                % (len(COLUMNS) - 4, len(COLUMNS))))
    # 6. A missing required id: the family_id cell is empty.
    r = spare(906)
    r["family_id"] = ""
    bad.append((280, to_cells(r), "family_id: required value is missing"))

    rows = []
    todo = sorted(bad, key=lambda b: b[0])
    report = []
    for i, cells in enumerate(good):
        while todo and todo[0][0] == i:
            _, bcells, why = todo.pop(0)
            rows.append(bcells)
            report.append((len(rows) + 1, why))   # +1 for the header line
        rows.append(cells)

    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "cases.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)          # RFC 4180: CRLF, quotes only where needed
        w.writerow(COLUMNS)
        w.writerows(rows)

    print("wrote %d rows (%d good, %d bad) to cases.csv" % (len(rows), len(good), len(bad)))
    for line, why in report:
        print("  line %d: %s" % (line, why))


if __name__ == "__main__":
    main()
