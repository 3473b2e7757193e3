#!/usr/bin/env python3
"""Synthetic case data for logic-models/work-focused.yaml.

Writes cases.csv beside this script: about 460 parents in contact with
Jobcentre Plus advisers working from five Children's Centres between January
2009 and March 2011, as held in the advisers' tracking spreadsheet on 30
September 2011.  Dates are written DD/MM/YYYY, as a UK spreadsheet export
would have them.

The data are invented.  Their shape follows the Work-Focused Services pilot:
around 60% of parents are lone parents on an out-of-work benefit and around
30% are not traditional Jobcentre Plus customers (second earners, partners
of claimants, parents on tax credits only); referral to debt advice is the
advisers' most common referral, then training and childcare; about one
parent with an action plan in five starts work.

Seven deliberately bad rows are scattered through the file (see the bad-row
section of main() and README.md); thrive must reject each one with its line
number.

Python 3 standard library only; the output is the same on every run.
    python3 generate.py
"""

import csv
import datetime as dt
import os
import random

SEED = 20090112
N_PARENTS = 460
FIRST_CONTACT = dt.date(2009, 1, 12)
LAST_CONTACT = dt.date(2011, 3, 31)
LAST_JOB_START = dt.date(2011, 9, 16)

# Centre: (share of parents, how well the adviser is embedded: scales the
# chance of an action plan, of referrals and of a job start).
CENTRES = {
    "Acorn Children's Centre": (24, 1.10),
    "Brook Street Children's Centre": (22, 1.00),
    "Hawthorn Children's Centre": (17, 0.85),
    "Riverside Children's Centre": (21, 1.05),
    "Willow Children's Centre": (16, 0.90),
}

# Who the parent is: (share, lone parent, on an out-of-work benefit,
# non-traditional customer, P(job start | action plan)).  About 60% are lone
# parents on benefit; the non-traditional customers are the parents on no
# benefit or on tax credits only.
GROUPS = [
    (63, True, True, False, 0.17),    # lone parent on Income Support / JSA
    (5, True, False, True, 0.30),     # lone parent in low-paid work, tax credits only
    (8, False, True, False, 0.22),    # couple parent, claimant household
    (24, False, False, True, 0.26),   # second earner or partner of a claimant
]

SETTINGS = {"stay_and_play": 38, "drop_in": 27, "evening_session": 12,
            "referred_by_centre_staff": 23}

AREAS = [
    ("confidence_start", "confidence_review", 4.2, 1.7, False),
    ("readiness_start", "readiness_review", 3.8, 1.9, False),
    ("worries_start", "worries_review", 7.1, 1.2, True),
]

COLUMNS = [
    "parent_id", "centre", "first_contact", "contact_setting", "lone_parent",
    "out_of_work_benefit", "non_traditional", "youngest_child_age", "postcode",
    "action_plan", "referred_debt_advice", "referred_childcare", "referred_training",
    "debt_resolved", "childcare_arranged", "training_start", "job_start_date",
    "weekly_hours", "sustained_13w",
] + [c for a in AREAS for c in a[:2]] + [
    "adviser_notes",   # free text; not declared in the model, so ignored
]

NOTES = [
    "Catalogue debts and rent arrears; booked with the money adviser Thursday",
    "Wants to work in the centre's creche, needs Level 2",
    "Says \"I'd never have gone into the Jobcentre\"",
    "Evening session only, partner works days",
    "Better-off calc: +£48 a week at 16 hours",
]


def yn(flag):
    return "yes" if flag else "no"


def ddmmyyyy(d):
    return d.strftime("%d/%m/%Y")


def weekday(rng):
    while True:
        d = FIRST_CONTACT + dt.timedelta(days=rng.randint(0, (LAST_CONTACT - FIRST_CONTACT).days))
        if d.weekday() < 5 and not (d.month == 12 and d.day > 22):
            return d


def postcode(rng):
    # Fictitious "TH" postcode area, valid in form only.
    return "TH%d %d%s%s" % (rng.randint(20, 39), rng.randint(1, 9),
                            rng.choice("ABDEFGHJLNPQRSTUWXYZ"),
                            rng.choice("ABDEFGHJLNPQRSTUWXYZ"))


def clip(x, lo=1, hi=10):
    return max(lo, min(hi, x))


def make_parent(rng, n):
    row = {c: "" for c in COLUMNS}
    centre = rng.choices(list(CENTRES), [c[0] for c in CENTRES.values()])[0]
    embed = CENTRES[centre][1]
    _, lone, benefit, non_trad, p_job = rng.choices(GROUPS, [g[0] for g in GROUPS])[0]
    setting = rng.choices(list(SETTINGS), list(SETTINGS.values()))[0]
    start = weekday(rng)
    row.update({
        "parent_id": "WF%04d" % n,
        "centre": centre,
        "first_contact": ddmmyyyy(start),
        "contact_setting": setting,
        "lone_parent": yn(lone),
        "out_of_work_benefit": yn(benefit),
        "non_traditional": yn(non_trad),
        "youngest_child_age": str(rng.choices(range(0, 9), [14, 16, 16, 15, 14, 9, 6, 5, 5])[0]),
        "postcode": postcode(rng),
    })
    plan = rng.random() < min(0.95, 0.68 * embed)
    row["action_plan"] = yn(plan)
    # Referrals follow an action plan; debt advice is the most common.
    p_debt = (0.60 if benefit else 0.34) * embed
    p_child = 0.40 if int(row["youngest_child_age"]) < 3 else 0.25
    debt = plan and rng.random() < p_debt
    child = plan and rng.random() < p_child
    train = plan and rng.random() < 0.42 * embed
    row["referred_debt_advice"] = yn(debt)
    row["referred_childcare"] = yn(child)
    row["referred_training"] = yn(train)
    if debt:
        row["debt_resolved"] = yn(rng.random() < 0.58)
    if child:
        row["childcare_arranged"] = yn(rng.random() < 0.66)
    row["training_start"] = yn(train and rng.random() < 0.72)
    if not plan:
        return row

    p = p_job * embed
    if row["training_start"] == "yes":
        p *= 1.3
    if row["childcare_arranged"] == "yes":
        p *= 1.4
    if row["debt_resolved"] == "no":
        p *= 0.7
    if rng.random() < p:
        days = int(clip(rng.lognormvariate(4.9, 0.55), 14, 600))
        job_start = start + dt.timedelta(days=days)
        if job_start <= LAST_JOB_START:
            row["job_start_date"] = ddmmyyyy(job_start)
            sixteen = rng.random() < (0.7 if lone else 0.5)
            row["weekly_hours"] = rng.choice(["16", "16", "18", "20", "24", "30"] if sixteen
                                             else ["8", "10", "12", "15"])
            if job_start + dt.timedelta(weeks=13) <= LAST_JOB_START + dt.timedelta(days=14):
                row["sustained_13w"] = yn(rng.random() < (0.82 if sixteen else 0.7))
    job = row["job_start_date"] != ""
    reviewed = rng.random() < (0.9 if job else 0.7)
    for base, rev, mean, shift, lower in AREAS:
        b = clip(round(rng.gauss(mean, 1.6)))
        row[base] = str(b)
        if reviewed:
            d = round(rng.gauss(shift + (0.8 if job else 0.0), 1.5))
            row[rev] = str(clip(b - d if lower else b + d))
    if rng.random() < 0.3:
        row["adviser_notes"] = rng.choice(NOTES)
    return row


def to_cells(row):
    return [row[c] for c in COLUMNS]


def main():
    rng = random.Random(SEED)
    parents = [make_parent(rng, 0) for _ in range(N_PARENTS)]
    parents.sort(key=lambda r: dt.datetime.strptime(r["first_contact"], "%d/%m/%Y"))
    for n, r in enumerate(parents):
        r["parent_id"] = "WF%04d" % (n + 1)
    good = [to_cells(r) for r in parents]

    # Deliberately bad rows: each an otherwise valid parent with ONE fault,
    # inserted before the good row with the given index; drawn after the
    # good parents so they do not change them.
    def spare(n):
        while True:
            r = make_parent(rng, n)
            if r["action_plan"] == "yes":
                return r

    bad = []
    r = spare(9001)
    r["first_contact"] = "29/02/2010"
    bad.append((41, to_cells(r), "first_contact: 29/02/2010 is not a calendar date (2010 is not a leap year)"))
    r = spare(9002)
    r["centre"] = "Acorn Childrens Centre"
    bad.append((97, to_cells(r), 'centre: "Acorn Childrens Centre" (no apostrophe) is not one of the five centres'))
    r = spare(9003)
    r["referred_debt_advice"] = "Yes"
    bad.append((158, to_cells(r), 'referred_debt_advice: "Yes" is not one of yes, no (case matters)'))
    r = spare(9004)
    r["worries_start"] = "11"
    bad.append((213, to_cells(r), "worries_start: 11 is above the maximum 10"))
    r = spare(9005)
    dup_target = parents[149]["parent_id"]
    r["parent_id"] = dup_target
    bad.append((286, to_cells(r), "parent_id: %s duplicates an earlier accepted row" % dup_target))
    r = spare(9006)
    r["adviser_notes"] = "Wants evening work"
    bad.append((340, to_cells(r) + ["near the centre", "no weekends"],
                "ragged row: %d cells where the header has %d" % (len(COLUMNS) + 2, len(COLUMNS))))
    r = spare(9007)
    r["parent_id"] = ""
    bad.append((421, to_cells(r), "parent_id: required value is missing"))

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
