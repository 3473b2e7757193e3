#!/usr/bin/env python3
"""Synthetic case data for logic-models/separating-parents.yaml.

Writes cases.csv beside this script: about 320 parents supported by one
area's co-ordinated service for separating parents between November 2009 and
March 2011, as held in the co-ordinators' case records on 30 September 2011.
Dates are written DD/MM/YYYY, as a UK spreadsheet export would have them.

The data are invented.  Their shape follows the Supporting Separating
Parents pilot: the service first saw parents in the middle of separating,
then more who had lived apart for some time; a co-ordinator drew in between
one and seven services, and the more services were involved, the more often
a parent's situation improved; evening and weekend sessions, added a few
months in, were used by about a third of parents (more of them in work);
separation often brought debt.

Six deliberately bad rows are scattered through the file (see the bad-row
section of main() and README.md); thrive must reject each one with its line
number.

Python 3 standard library only; the output is the same on every run.
    python3 generate.py
"""

import csv
import datetime as dt
import os
import random

SEED = 20091102
N_PARENTS = 320
FIRST = dt.date(2009, 11, 2)
LAST = dt.date(2011, 3, 31)
EXPORT = dt.date(2011, 9, 30)
OUT_OF_HOURS_FROM = dt.date(2010, 3, 1)   # evening and weekend sessions began

SERVICES = [  # column, P(involved | plan), weight in the outcome
    ("svc_mediation", 0.42, 0.10),
    ("svc_legal_advice", 0.45, 0.06),
    ("svc_debt_advice", 0.38, 0.07),
    ("svc_parenting", 0.35, 0.07),
    ("svc_counselling", 0.22, 0.06),
    ("svc_housing", 0.25, 0.05),
    ("svc_employment", 0.18, 0.05),
]
SOURCES = {"self": 14, "childrens_centre": 22, "advice_agency": 18, "jobcentre_plus": 10,
           "court_or_cafcass": 12, "school": 12, "health": 12}
ARRANGEMENTS = ["family_based", "statutory", "court_order"]

COLUMNS = [
    "parent_id", "referral_date", "referral_source", "separation_stage", "parent_role",
    "children", "postcode", "support_plan", "evening_weekend",
] + [s[0] for s in SERVICES] + [
    "maintenance_entry", "maintenance_exit", "conflict_start", "conflict_review",
    "wellbeing_start", "wellbeing_review", "debt_entry", "debt_exit", "in_work_entry",
    "in_work_exit", "exit_date", "outcome_at_exit",
    "coordinator_notes",   # free text; not declared in the model, so ignored
]

NOTES = [
    "Ex-partner agreed to mediation after two letters",
    "Rent arrears since separation; referred to debt surgery",
    "Wants contact on Saturdays, \"the only day I'm not working\"",
    "Evening session suited, nursery pick-up until 6",
    "CSA case closed; family-based arrangement £45 a week",
]


def yn(flag):
    return "yes" if flag else "no"


def ddmmyyyy(d):
    return d.strftime("%d/%m/%Y")


def clip(x, lo=1, hi=10):
    return max(lo, min(hi, x))


def postcode(rng):
    # Fictitious "TH" postcode area, valid in form only.
    return "TH%d %d%s%s" % (rng.randint(40, 59), rng.randint(1, 9),
                            rng.choice("ABDEFGHJLNPQRSTUWXYZ"),
                            rng.choice("ABDEFGHJLNPQRSTUWXYZ"))


def referral_day(rng):
    while True:
        d = FIRST + dt.timedelta(days=rng.randint(0, (LAST - FIRST).days))
        if d.weekday() < 5:
            return d


def make_parent(rng, n):
    row = {c: "" for c in COLUMNS}
    start = referral_day(rng)
    # Early on the service saw parents in the middle of separating; later
    # it widened to parents apart for some time.
    late = (start - FIRST).days / (LAST - FIRST).days
    stage = rng.choices(["separating", "separated_under_1_year", "separated_1_year_plus"],
                        [50 - 25 * late, 30, 20 + 30 * late])[0]
    in_work = rng.random() < 0.42
    row.update({
        "parent_id": "SP%04d" % n,
        "referral_date": ddmmyyyy(start),
        "referral_source": rng.choices(list(SOURCES), list(SOURCES.values()))[0],
        "separation_stage": stage,
        "parent_role": rng.choices(["resident", "non_resident", "shared_care"], [62, 28, 10])[0],
        "children": str(rng.choices(range(1, 6), [38, 34, 17, 8, 3])[0]),
        "postcode": postcode(rng),
        "in_work_entry": yn(in_work),
        "debt_entry": yn(rng.random() < (0.55 if not in_work else 0.38)),
    })
    plan = rng.random() < 0.82
    row["support_plan"] = yn(plan)
    oohours = start >= OUT_OF_HOURS_FROM and rng.random() < (0.55 if in_work else 0.38)
    row["evening_weekend"] = yn(oohours)
    involved = []
    for col, p, _ in SERVICES:
        if col == "svc_debt_advice" and row["debt_entry"] == "yes":
            p += 0.35
        on = plan and rng.random() < p
        row[col] = yn(on)
        if on:
            involved.append(col)
    if plan and not involved:
        col = rng.choice(SERVICES)[0]
        row[col] = "yes"
        involved.append(col)

    row["maintenance_entry"] = rng.choices(["none"] + ARRANGEMENTS, [58, 20, 17, 5])[0]
    row["conflict_start"] = str(clip(round(rng.gauss(6.8, 1.8))))
    row["wellbeing_start"] = str(clip(round(rng.gauss(4.0, 1.6))))

    # Closed cases have exit data; about one case in eight is still open.
    length = int(clip(rng.lognormvariate(5.0, 0.5), 21, 420))
    end = start + dt.timedelta(days=length)
    if end > EXPORT or rng.random() < 0.08:
        return row
    row["exit_date"] = ddmmyyyy(end)
    weight = sum(w for c, _, w in SERVICES if c in involved)
    p_good = min(0.92, 0.25 + weight * 1.1 + (0.06 if oohours else 0) + (0.1 if plan else 0))
    good = rng.random() < p_good
    row["outcome_at_exit"] = ("improved" if good else
                              rng.choices(["no_change", "worse"], [80, 20])[0])
    entry = row["maintenance_entry"]
    mediated = "svc_mediation" in involved or "svc_legal_advice" in involved
    if entry == "none":
        row["maintenance_exit"] = (rng.choices(ARRANGEMENTS, [55, 35, 10])[0]
                                   if rng.random() < (0.62 if mediated else 0.25) * (1.2 if good else 0.7)
                                   else "none")
    else:
        row["maintenance_exit"] = entry if rng.random() < 0.92 else "none"
    if rng.random() < 0.9:
        fall = rng.gauss(2.2 if good else 0.3, 1.4) + (0.8 if "svc_mediation" in involved else 0)
        row["conflict_review"] = str(clip(round(int(row["conflict_start"]) - fall)))
        rise = rng.gauss(1.8 if good else 0.2, 1.3)
        row["wellbeing_review"] = str(clip(round(int(row["wellbeing_start"]) + rise)))
    if row["debt_entry"] == "yes":
        helped = "svc_debt_advice" in involved
        row["debt_exit"] = yn(rng.random() > (0.6 if helped else 0.2))
    else:
        row["debt_exit"] = yn(rng.random() < 0.06)
    row["in_work_exit"] = yn(in_work or rng.random() < (0.22 if "svc_employment" in involved else 0.08))
    if rng.random() < 0.3:
        row["coordinator_notes"] = rng.choice(NOTES)
    return row


def to_cells(row):
    return [row[c] for c in COLUMNS]


def main():
    rng = random.Random(SEED)
    parents = [make_parent(rng, 0) for _ in range(N_PARENTS)]
    parents.sort(key=lambda r: dt.datetime.strptime(r["referral_date"], "%d/%m/%Y"))
    for n, r in enumerate(parents):
        r["parent_id"] = "SP%04d" % (n + 1)
    good = [to_cells(r) for r in parents]

    # Deliberately bad rows: each an otherwise valid parent with ONE fault,
    # inserted before the good row with the given index.
    def spare(n):
        while True:
            r = make_parent(rng, n)
            if r["exit_date"]:
                return r

    bad = []
    r = spare(9001)
    r["maintenance_exit"] = "CSA"
    bad.append((29, to_cells(r), 'maintenance_exit: "CSA" is not one of none, family_based, statutory, court_order'))
    r = spare(9002)
    r["referral_date"] = "2010-13-04"
    bad.append((88, to_cells(r), "referral_date: 2010-13-04 is not a date (month 13)"))
    r = spare(9003)
    r["conflict_start"] = "12"
    bad.append((141, to_cells(r), "conflict_start: 12 is above the maximum 10"))
    r = spare(9004)
    dup_target = parents[59]["parent_id"]
    r["parent_id"] = dup_target
    bad.append((203, to_cells(r), "parent_id: %s duplicates an earlier accepted row" % dup_target))
    r = spare(9005)
    r["svc_mediation"] = "y"
    bad.append((256, to_cells(r), 'svc_mediation: "y" is not one of yes, no'))
    r = spare(9006)
    bad.append((301, to_cells(r)[:-3], "ragged row: %d cells where the header has %d"
                % (len(COLUMNS) - 3, len(COLUMNS))))

    rows, report, dup_line = [], [], None
    todo = sorted(bad, key=lambda b: b[0])
    for i, cells in enumerate(good):
        while todo and todo[0][0] == i:
            _, bcells, why = todo.pop(0)
            rows.append(bcells)
            report.append((len(rows) + 1, why))   # +1 for the header line
        rows.append(cells)
        if cells[0] == dup_target:
            dup_line = len(rows) + 1

    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "cases.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)          # RFC 4180: CRLF, quotes only where needed
        w.writerow(COLUMNS)
        w.writerows(rows)

    print("wrote %d rows (%d good, %d bad) to cases.csv" % (len(rows), len(good), len(bad)))
    for line, why in report:
        print("  line %d: %s" % (line, why))
    print("  (%s first appears on line %d)" % (dup_target, dup_line))


if __name__ == "__main__":
    main()
