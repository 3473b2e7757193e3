#!/usr/bin/env python3
"""Synthetic case data for logic-models/teen-parent-housing.yaml.

Writes cases.csv beside this script: about 150 young parents who entered
supported accommodation or floating support in three local authorities
between July 2009 and January 2011, as recorded on 30 September 2011.

The data are invented.  Their shape follows the Teenage Parent Supported
Housing pilot: mostly mothers aged 16-19, with young fathers joining once
the age criteria were widened (fathers over 19 only from April 2010); one
in five has a debt problem at entry; most sustain their tenancy and move on
in a planned way; few are in education, employment or training at entry.
Follow-up columns are empty until due at the extract date.

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

SEED = 20090629
N_PARENTS = 150
FIRST_ENTRY = dt.date(2009, 7, 1)
LAST_ENTRY = dt.date(2011, 1, 31)
WIDENED = dt.date(2010, 4, 1)     # fathers aged 20-24 accepted from here
EXTRACT = dt.date(2011, 9, 30)

SITES = ["Eastmoor", "Kingsford", "Lowbridge"]
SITE_WEIGHTS = [38, 34, 28]

# Areas: (baseline, review, baseline mean, mean change, lower is better)
AREAS = [
    ("living_skills_start", "living_skills_review", 4.2, 2.0, False),
    ("money_start", "money_review", 4.0, 1.6, False),
    ("parenting_start", "parenting_review", 5.1, 1.5, False),
    ("wellbeing_start", "wellbeing_review", 4.7, 1.2, False),
    ("stress_start", "stress_review", 6.8, 1.3, True),
]

COLUMNS = [
    "yp_id", "entry_date", "site", "support_model", "parent_role", "age",
    "care_leaver", "children", "postcode", "support_plan", "life_coaching",
    "parenting_course", "tenancy_6m", "tenancy_12m", "move_on",
    "eet_entry", "eet_exit", "child_health_checks", "debt_entry", "debt_exit",
] + [c for a in AREAS for c in a[:2]] + [
    "worker_notes",   # free text; not declared in the model, so ignored
]

# Free-text notes as support workers write them, chosen to fit the row; some
# contain commas (so the CSV writer quotes them) or a quotation.
NOTES = {
    "moved": "Moved from the mother-and-baby unit to a council flat, settled well",
    "debt": "Catalogue debt and rent arrears, payment plan agreed with landlord",
    "college": "Started a Care to Learn funded college course, hairdressing",
    "dad": "Dad, {age}, main carer since the baby came home",
    "abandoned": "Abandoned the flat, back with her mum; support offered, declined",
    "quote": "Said \"I can actually cook a proper tea now\"",
}


def add_note(rng, row):
    """Some rows have a note that fits the young parent's case."""
    if rng.random() < 0.6:
        return
    fits = []
    if row["parent_role"] == "father" and int(row["age"]) >= 20:
        fits.append("dad")
    if row["move_on"] == "unplanned" and row["parent_role"] == "mother":
        fits.append("abandoned")
    if row["move_on"] == "planned" and row["support_model"] == "supported_accommodation" \
            and row["parent_role"] == "mother":
        fits.append("moved")
    if row["debt_entry"] == "yes":
        fits.append("debt")
    if row["eet_entry"] == "no" and row["eet_exit"] == "yes":
        fits.append("college")
    if not fits:
        if rng.random() < 0.7:
            return
        fits = ["quote"]
    row["worker_notes"] = NOTES[rng.choice(fits)].replace("{age}", row["age"])


def yn(flag):
    return "yes" if flag else "no"


def rand_date(rng, start, end):
    """A working day (Monday to Friday, not Christmas or New Year's Day)."""
    while True:
        d = start + dt.timedelta(days=rng.randint(0, (end - start).days))
        if d.weekday() < 5 and (d.month, d.day) not in ((12, 25), (12, 26), (1, 1)):
            return d


def postcode(rng):
    # Fictitious "TH" postcode area, valid in form only.
    return "TH%d %d%s%s" % (rng.randint(1, 19), rng.randint(1, 9),
                            rng.choice("ABDEFGHJLNPQRSTUWXYZ"),
                            rng.choice("ABDEFGHJLNPQRSTUWXYZ"))


def clip(x, lo=1, hi=10):
    return max(lo, min(hi, x))


def make_parent(rng, n):
    row = {c: "" for c in COLUMNS}
    father = rng.random() < 0.14
    entry = rand_date(rng, FIRST_ENTRY, LAST_ENTRY)
    if father:
        ages = list(range(17, 25))
        weights = [8, 12, 15, 15, 15, 13, 12, 10]
        if entry < WIDENED:   # before the criteria were widened: 19 or under
            ages, weights = ages[:3], weights[:3]
        age = rng.choices(ages, weights)[0]
    else:
        age = rng.choices([16, 17, 18, 19, 20], [18, 30, 27, 18, 7])[0]
    model = rng.choices(["supported_accommodation", "floating_support"], [45, 55])[0]
    children = rng.choices([0, 1, 2], [25, 65, 10])[0] if not father else rng.choice([1, 1, 1, 2])
    debt = rng.random() < (0.28 if father else 0.19)
    eet = rng.random() < (0.45 if father else 0.24)
    row.update({
        "yp_id": "TP%04d" % n,
        "entry_date": entry.isoformat(),
        "site": rng.choices(SITES, SITE_WEIGHTS)[0],
        "support_model": model,
        "parent_role": "father" if father else "mother",
        "age": str(age),
        "care_leaver": yn(rng.random() < 0.22),
        "children": str(children),
        "postcode": postcode(rng),
        "support_plan": yn(rng.random() < 0.94),
        "life_coaching": yn(rng.random() < 0.38),
        "parenting_course": yn(rng.random() < (0.32 if father else 0.46)),
        "eet_entry": yn(eet),
        "debt_entry": yn(debt),
    })

    # The housing path: about one in six loses the place in an unplanned way
    # (eviction, abandonment, back to family); the rest move on as planned
    # after about ten to twelve months, and a few of those tenancies fail.
    risk = 0.21 + (0.06 if debt else 0) + (0.05 if row["care_leaver"] == "yes" else 0)
    if rng.random() < risk:
        unplanned = entry + dt.timedelta(days=rng.randint(30, 420))
        planned = failed = None
    else:
        unplanned = None
        stay = rng.gauss(330 if model == "supported_accommodation" else 300, 90)
        planned = entry + dt.timedelta(days=int(clip(stay, 120, 600)))
        failed = planned + dt.timedelta(days=rng.randint(30, 365)) if rng.random() < 0.05 else None
    lost = unplanned or failed

    def housed_at(days):
        when = entry + dt.timedelta(days=days)
        return not (lost and lost <= when)

    if entry + dt.timedelta(days=182) <= EXTRACT:
        row["tenancy_6m"] = yn(housed_at(182))
    if entry + dt.timedelta(days=365) <= EXTRACT and rng.random() > 0.04:
        row["tenancy_12m"] = yn(housed_at(365))   # a few lost touch after move-on
    if unplanned and unplanned <= EXTRACT:
        row["move_on"] = "unplanned"
    elif planned and planned <= EXTRACT:
        row["move_on"] = "planned"
    else:
        row["move_on"] = "none"

    # Latest review: due three months after entry; after an unplanned exit
    # it is often missing.
    months = (min(EXTRACT, unplanned or EXTRACT) - entry).days / 30.4
    reviewed = months >= 3 and rng.random() < (0.5 if unplanned else 0.93)
    if reviewed:
        if eet:
            row["eet_exit"] = yn(rng.random() < 0.86)
        else:
            p = 0.08 + 0.01 * min(months, 12) + (0.1 if row["life_coaching"] == "yes" else 0)
            row["eet_exit"] = yn(rng.random() < p)
        row["debt_exit"] = yn(rng.random() < (0.45 if debt else 0.06))
    born = children > 0 or months > 5
    if born and (reviewed or children > 0):
        row["child_health_checks"] = yn(rng.random() < (0.72 if unplanned else 0.9))

    shift_scale = 0.5 if unplanned else 1.0
    for base, rev, mean, shift, lower in AREAS:
        b = clip(round(rng.gauss(mean, 1.5)))
        row[base] = str(b)
        if reviewed and rng.random() > 0.05:
            d = round(rng.gauss(shift * shift_scale * min(1.0, months / 6), 1.5))
            row[rev] = str(clip(b - d if lower else b + d))

    add_note(rng, row)
    return row


def to_cells(row):
    return [row[c] for c in COLUMNS]


def main():
    rng = random.Random(SEED)
    parents = [make_parent(rng, 0) for _ in range(N_PARENTS)]
    parents.sort(key=lambda r: r["entry_date"])
    for n, r in enumerate(parents):
        r["yp_id"] = "TP%04d" % (n + 1)
    good = [to_cells(r) for r in parents]

    # Deliberately bad rows.  Each is an otherwise valid young parent with
    # ONE fault, inserted before the good row with the given index.  They
    # are drawn after the good rows so they do not change them.
    def spare(n, role="mother"):
        while True:
            r = make_parent(rng, n)
            if r["parent_role"] == role:
                r["yp_id"] = "TP%04d" % n
                return r

    bad = []
    # 1. An impossible calendar date: entry_date 31/02/2010.
    r = spare(9001)
    r["entry_date"] = "31/02/2010"
    bad.append((18, to_cells(r), "entry_date: 31/02/2010 is not a calendar date"))
    # 2. An enum value out of range: move_on "evicted" (should be recorded
    #    as unplanned).
    r = spare(9002)
    r["move_on"] = "evicted"
    bad.append((57, to_cells(r), 'move_on: "evicted" is not one of planned, unplanned, none'))
    # 3. An integer out of range: a father's age typed as 31 (for 21); the
    #    widened criteria stop at 25.
    r = spare(9003, role="father")
    r["entry_date"], r["age"] = "2010-06-14", "31"
    bad.append((84, to_cells(r), "age: 31 is above the maximum 25"))
    # 4. A duplicate id: TP0012 again.
    r = spare(9004)
    dup_target = parents[11]["yp_id"]
    r["yp_id"] = dup_target
    bad.append((110, to_cells(r), "yp_id: %s duplicates an earlier accepted row" % dup_target))
    # 5. A ragged row: the last six cells are missing.
    r = spare(9005)
    bad.append((131, to_cells(r)[:-6], "ragged row: %d cells where the header has %d"
                % (len(COLUMNS) - 6, len(COLUMNS))))
    # 6. A missing required id: the yp_id cell is empty.
    r = spare(9006)
    r["yp_id"] = ""
    bad.append((149, to_cells(r), "yp_id: required value is missing"))

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
