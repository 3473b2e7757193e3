#!/usr/bin/env python3
"""Synthetic case data for logic-models/school-gates.yaml.

Writes cases.csv beside this script: about 400 parents met by Jobcentre Plus
advisers working from seven primary schools between November 2009 and March
2011, as held in the advisers' tracking spreadsheet on 31 March 2012.  Dates
are written DD/MM/YYYY, as a UK spreadsheet export would have them.

The data are invented.  Their shape follows the School Gates pilot: about
three parents in four engage; about 60% of parents are not in touch with
Jobcentre Plus (second earners and parents on tax credits only); about a
quarter of engaged parents start work, most of them for 16 hours or more;
about three in four jobs last 13 weeks and three in five last 26 weeks.

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
N_PARENTS = 400
FIRST_CONTACT = dt.date(2009, 11, 2)
LAST_CONTACT = dt.date(2011, 3, 31)
LAST_JOB_START = dt.date(2011, 9, 30)

# School: (share of parents, how well the adviser is embedded: scales the
# chance of engaging and of a job start).
SCHOOLS = {
    "Brookside Primary": (16, 1.10),
    "Canal Street Primary": (18, 1.00),
    "Hillcrest Primary": (12, 0.85),
    "Meadow Lane Primary": (15, 1.05),
    "Oakfield Infant School": (11, 0.90),
    "Parkway Junior School": (13, 0.95),
    "St Mary's RC Primary": (15, 1.15),
}

# Benefit at first contact: (share, P(lone parent), P(new to Jobcentre Plus),
# P(job start | engaged), P(16+ hours | job)).  Lone parents on Income
# Support already had work-focused interviews, so few are new to JCP;
# second earners (no benefit) and tax-credit-only parents mostly are.
BENEFITS = {
    "income_support":   (30, 1.00, 0.30, 0.20, 0.75),
    "jsa":              (12, 0.40, 0.05, 0.34, 0.70),
    "esa":              (6,  0.45, 0.25, 0.09, 0.45),
    "tax_credits_only": (22, 0.35, 0.90, 0.30, 0.55),
    "none":             (30, 0.10, 0.92, 0.27, 0.45),
}

# Distance-travelled areas: (baseline, review, baseline mean, mean change,
# lower is better).
AREAS = [
    ("confidence_start", "confidence_review", 4.4, 1.8, False),
    ("jobsearch_start", "jobsearch_review", 4.0, 2.0, False),
    ("childcare_start", "childcare_review", 5.0, 1.2, False),
    ("worries_start", "worries_review", 6.9, 1.0, True),
]

COLUMNS = [
    "parent_id", "school", "engagement_date", "lone_parent", "benefit_at_start",
    "new_to_jcp", "youngest_child_age", "postcode", "engaged", "better_off_calc",
    "childcare_help", "training_start", "job_start_date", "weekly_hours",
    "sustained_13w", "sustained_26w",
] + [c for a in AREAS for c in a[:2]] + [
    "adviser_notes",   # free text; not declared in the model, so ignored
]

NOTES = {
    # {h} is replaced by the job's weekly hours
    "job": ["Started as a lunchtime supervisor at the school, {h} hours",
            "Care assistant, {h} hours, nights; better-off calc showed +£62 a week",
            "Retail, {h} hours, Saturdays and two weekdays"],
    "engaged": ["Wants work in school hours, needs a CV",
                "Interested in teaching assistant course, worried about childcare",
                "Says \"I didn't know the Jobcentre could help people like me\""],
    "not_engaged": ["Met at coffee morning, took a leaflet, will think about it",
                    "Partner works shifts, not ready yet"],
}


def yn(flag):
    return "yes" if flag else "no"


def ddmmyyyy(d):
    return d.strftime("%d/%m/%Y")


def school_day(rng):
    """A weekday in term time (not August) between the first and last contact."""
    while True:
        d = FIRST_CONTACT + dt.timedelta(days=rng.randint(0, (LAST_CONTACT - FIRST_CONTACT).days))
        if d.weekday() < 5 and d.month != 8 and not (d.month == 12 and d.day > 18):
            return d


def postcode(rng):
    # Fictitious "TH" postcode area, valid in form only.
    return "TH%d %d%s%s" % (rng.randint(1, 19), rng.randint(1, 9),
                            rng.choice("ABDEFGHJLNPQRSTUWXYZ"),
                            rng.choice("ABDEFGHJLNPQRSTUWXYZ"))


def clip(x, lo=1, hi=10):
    return max(lo, min(hi, x))


def hours(rng, sixteen_plus):
    if sixteen_plus:
        return rng.choice(["16", "16", "16", "18", "20", "20", "22.5", "24", "25", "30", "37.5"])
    return rng.choice(["6", "8", "10", "10", "12", "12.5", "15"])


def make_parent(rng, n):
    row = {c: "" for c in COLUMNS}
    school = rng.choices(list(SCHOOLS), [s[0] for s in SCHOOLS.values()])[0]
    embed = SCHOOLS[school][1]
    benefit = rng.choices(list(BENEFITS), [b[0] for b in BENEFITS.values()])[0]
    _, p_lone, p_new, p_job, p_16 = BENEFITS[benefit]
    start = school_day(rng)
    row.update({
        "parent_id": "SG%04d" % n,
        "school": school,
        "engagement_date": ddmmyyyy(start),
        "lone_parent": yn(rng.random() < p_lone),
        "benefit_at_start": benefit,
        "new_to_jcp": yn(rng.random() < p_new),
        "youngest_child_age": str(rng.choices(range(0, 12), [5, 6, 8, 10, 12, 12, 10, 9, 8, 7, 7, 6])[0]),
        "postcode": postcode(rng),
    })
    engaged = rng.random() < min(0.95, 0.72 * embed)
    row["engaged"] = yn(engaged)
    if not engaged:
        for c in ("better_off_calc", "childcare_help", "training_start"):
            row[c] = "no"
        if rng.random() < 0.3:
            row["adviser_notes"] = rng.choice(NOTES["not_engaged"])
        return row

    row["better_off_calc"] = yn(rng.random() < 0.62)
    row["childcare_help"] = yn(rng.random() < (0.45 if int(row["youngest_child_age"]) < 5 else 0.2))
    row["training_start"] = yn(rng.random() < 0.3)

    # Job start: a quarter of engaged parents, more after training or a
    # better-off calculation; typically three to five months after contact.
    p = p_job * embed * 0.8
    if row["training_start"] == "yes":
        p *= 1.25
    if row["better_off_calc"] == "yes":
        p *= 1.1
    job = rng.random() < p
    if job:
        days = int(clip(rng.lognormvariate(4.7, 0.6), 7, 540))
        job_start = start + dt.timedelta(days=days)
        if job_start > LAST_JOB_START:
            job = False
    if job:
        row["job_start_date"] = ddmmyyyy(job_start)
        row["weekly_hours"] = hours(rng, rng.random() < p_16)
        long_hours = float(row["weekly_hours"]) >= 16
        # One starter in twenty could not be contacted for the checks.
        if rng.random() < 0.05:
            pass
        else:
            s13 = rng.random() < (0.86 if long_hours else 0.74)
            row["sustained_13w"] = yn(s13)
            if rng.random() < 0.04:
                pass   # lost contact before the 26-week check
            else:
                row["sustained_26w"] = yn(s13 and rng.random() < 0.84)

    # Soft outcomes: scored at the first action-planning interview; reviewed
    # at about three months unless the parent stopped coming.
    reviewed = rng.random() < (0.92 if job else 0.72)
    shift_boost = 0.8 if job else 0.0
    for base, rev, mean, shift, lower in AREAS:
        b = clip(round(rng.gauss(mean, 1.6)))
        row[base] = str(b)
        if reviewed and rng.random() > 0.02:
            d = round(rng.gauss(shift + shift_boost, 1.5))
            row[rev] = str(clip(b - d if lower else b + d))

    if rng.random() < 0.4:
        note = rng.choice(NOTES["job" if job else "engaged"])
        row["adviser_notes"] = note.replace("{h}", row["weekly_hours"])
    return row


def to_cells(row):
    return [row[c] for c in COLUMNS]


def main():
    rng = random.Random(SEED)
    parents = [make_parent(rng, 0) for _ in range(N_PARENTS)]
    # The spreadsheet lists parents in order of first contact; ids were
    # issued in the same order.
    parents.sort(key=lambda r: dt.datetime.strptime(r["engagement_date"], "%d/%m/%Y"))
    for n, r in enumerate(parents):
        r["parent_id"] = "SG%04d" % (n + 1)
    good = [to_cells(r) for r in parents]

    # Deliberately bad rows.  Each is an otherwise valid parent with ONE
    # fault, inserted before the good row with the given index.  They are
    # drawn after the good parents so they do not change them.
    def spare(n, engaged=True):
        while True:
            r = make_parent(rng, n)
            if (r["engaged"] == "yes") == engaged:
                r["parent_id"] = "SG%04d" % n
                return r

    bad = []
    # 1. An impossible calendar date: engagement_date 31/02/2010.
    r = spare(9001)
    r["engagement_date"], r["job_start_date"] = "31/02/2010", ""
    r["weekly_hours"] = r["sustained_13w"] = r["sustained_26w"] = ""
    bad.append((33, to_cells(r), "engagement_date: 31/02/2010 is not a calendar date"))
    # 2. An enum value out of range: the school typed without its
    #    apostrophe, "St Marys RC Primary" (enum values are case- and
    #    punctuation-sensitive).
    r = spare(9002)
    r["school"] = "St Marys RC Primary"
    bad.append((121, to_cells(r), 'school: "St Marys RC Primary" is not one of the seven schools'))
    # 3. An integer out of range: 0 on the 1-10 confidence scale.
    r = spare(9003)
    r["confidence_start"] = "0"
    bad.append((187, to_cells(r), "confidence_start: 0 is below the minimum 1"))
    # 4. A duplicate id: SG0100, the id of an earlier accepted parent.
    r = spare(9004)
    r["parent_id"] = parents[99]["parent_id"]
    dup_target = parents[99]["parent_id"]
    bad.append((250, to_cells(r), "parent_id: %s duplicates an earlier accepted row" % dup_target))
    # 5. A ragged row: two cells too many (an unquoted comma in the notes
    #    split them into three cells).
    r = spare(9005)
    r["adviser_notes"] = "Wants admin work"
    bad.append((302, to_cells(r) + ["school hours only", "no weekends"],
                "ragged row: %d cells where the header has %d" % (len(COLUMNS) + 2, len(COLUMNS))))
    # 6. A missing required id: the parent_id cell is empty.
    r = spare(9006, engaged=False)
    r["parent_id"] = ""
    bad.append((377, to_cells(r), "parent_id: required value is missing"))

    rows = []
    todo = sorted(bad, key=lambda b: b[0])
    report = []
    dup_line = None
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
