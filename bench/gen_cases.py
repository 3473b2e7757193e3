#!/usr/bin/env python3
"""Benchmark case data for bench/model.yaml .

    python3 bench/gen_cases.py --rows 1000000 --seed 1 --out /tmp/cases.csv

Writes a CSV with a header and N rows of the 40 columns declared in
bench/model.yaml.  The output depends only on --rows and --seed.  Most rows
are valid; about 0.5% are bad in one of the ways the case-data rules reject
(type, range, enum, pattern, calendar date, required cell missing, distance
score off the scale, duplicate id, ragged row).  Optional cells are
sometimes empty (missing), and the free-text `notes` column sometimes needs
quoting (commas, double quotes).

Speed: values are drawn from pools built once (groups of correlated
columns are drawn together as tuples), a chunk of rows at a time, and
written with csv.writer; 1,000,000 rows take well under a minute.
Python 3 standard library only.
"""

import argparse
import csv
import datetime as dt
import random
import sys

CHUNK = 50_000
BAD_RATE = 0.005

SITES = ["Ashford", "Barnet", "Croydon", "Dudley", "Enfield", "Fylde", "Gateshead", "Halton"]
ROUTES = ["housing", "social_care", "education", "health", "jobcentre_plus", "self"]
HOUSEHOLDS = ["lone_parent", "couple", "other"]
EMPLOYMENT = ["employed", "unemployed", "inactive"]
HOUSING = ["secure", "at_risk", "homeless"]
GENDERS = ["female", "male", "other"]
NOTES = [
    "", "", "", "", "", "",
    "Initial assessment done",
    "Referred for debt advice, budgeting support",
    "Safeguarding concern raised with social care",
    "Domestic violence disclosed; MARAC referral",
    'Family said the plan was "too much" at first',
    "Rent arrears, eviction notice served",
    "Child attendance improving",
    "Moved to temporary accommodation",
    "Father back in work, part time",
    "Missed two appointments, re-engaged",
]

# Header, in the order of data.fields in bench/model.yaml.
COLUMNS = [
    "case_id", "referral_date", "exit_date", "site", "referral_route", "household_type",
    "postcode", "keyworker", "age", "children", "youngest_child_age", "income_entry",
    "income_exit", "benefit_gain", "hours_support", "sessions", "attendance",
    "employment_entry", "employment_exit", "job_entry_date", "training_start",
    "debt_entry", "debt_exit", "housing_entry", "housing_exit", "action_plan",
    "exit_reason", "gender", "notes", "consent",
    "finances_start", "finances_review", "parenting_start", "parenting_review",
    "wellbeing_start", "wellbeing_review", "conflict_start", "conflict_review",
    "housing_start", "housing_review",
]
assert len(COLUMNS) == 40

FIRST = dt.date(2009, 4, 1)
LAST = dt.date(2012, 3, 31)
SPAN = (LAST - FIRST).days


def fmt_date(d, rng):
    # Mostly ISO 8601; one in ten as DD/MM/YYYY, as some exports do.
    return d.strftime("%d/%m/%Y") if rng.random() < 0.1 else d.isoformat()


def pool_dates(rng, n):
    """(referral_date, exit_date, exit_reason, job_entry_date)"""
    out = []
    for _ in range(n):
        ref = FIRST + dt.timedelta(days=rng.randrange(SPAN + 1))
        r = rng.random()
        if r < 0.3:  # still open
            exit_d, reason = "", ""
        else:
            end = min(ref + dt.timedelta(days=rng.randrange(30, 600)), LAST)
            exit_d = fmt_date(end, rng)
            reason = rng.choices(["planned", "unplanned", "moved_away"], [70, 22, 8])[0]
        job = ""
        if rng.random() < 0.12:
            job = fmt_date(ref + dt.timedelta(days=rng.randrange(20, 500)), rng)
        out.append((fmt_date(ref, rng), exit_d, reason, job))
    return out


def pool_people(rng, n):
    """(postcode, keyworker, age, children, youngest_child_age, gender)"""
    letters = "ABCDEFGHJKLMNOPRSTUWYZ"
    out = []
    for _ in range(n):
        area = rng.choice(letters) + (rng.choice(letters) if rng.random() < 0.6 else "")
        pc = f"{area}{rng.randrange(1, 10)}{rng.choice(['', str(rng.randrange(10))])} " \
             f"{rng.randrange(10)}{rng.choice(letters)}{rng.choice(letters)}"
        if rng.random() < 0.05:
            pc = ""
        kids = rng.choices(range(0, 8), [5, 30, 30, 18, 9, 5, 2, 1])[0]
        youngest = str(rng.randrange(0, 17)) if kids else ""
        age = str(rng.randrange(16, 66)) if rng.random() > 0.02 else ""
        out.append((pc, f"KW{rng.randrange(1, 400):03d}", age, str(kids), youngest,
                    rng.choices(GENDERS, [70, 28, 2])[0]))
    return out


def pool_money(rng, n):
    """(income_entry, income_exit, benefit_gain, hours_support, sessions, attendance)"""
    out = []
    for _ in range(n):
        inc = round(rng.lognormvariate(9.4, 0.5), 2)
        exit_inc = "" if rng.random() < 0.3 else f"{inc * rng.uniform(0.85, 1.4):.2f}"
        gain = "" if rng.random() < 0.5 else f"{rng.gauss(600, 500):.2f}"
        hours = f"{rng.uniform(0, 120):.1f}" if rng.random() > 0.03 else ""
        sess = str(rng.randrange(0, 60))
        att = "" if rng.random() < 0.25 else \
            (f"{min(100.0, rng.gauss(88, 8)):.1f}" if rng.random() > 0.01 else "1e2")
        out.append((f"{inc:.2f}", exit_inc, gain, hours, sess, att))
    return out


def pool_status(rng, n):
    """(employment_entry, employment_exit, training_start, debt_entry, debt_exit,
        housing_entry, housing_exit, action_plan)"""
    out = []
    for _ in range(n):
        emp_in = rng.choices(EMPLOYMENT, [20, 55, 25])[0]
        if rng.random() < 0.3:
            emp_out = ""
        elif emp_in != "employed" and rng.random() < 0.18:
            emp_out = "employed"
        else:
            emp_out = emp_in
        debt_in = "yes" if rng.random() < 0.4 else "no"
        debt_out = "" if rng.random() < 0.3 else (
            ("no" if rng.random() < 0.45 else "yes") if debt_in == "yes" else
            ("yes" if rng.random() < 0.05 else "no"))
        h_in = rng.choices(HOUSING, [60, 30, 10])[0]
        h_out = "" if rng.random() < 0.3 else (
            "secure" if h_in != "secure" and rng.random() < 0.5 else h_in)
        out.append((emp_in, emp_out, "yes" if rng.random() < 0.25 else "no", debt_in,
                    debt_out, h_in, h_out, "yes" if rng.random() < 0.72 else "no"))
    return out


def pool_scale(rng, n, drift):
    """(start, review) on the 1..10 scale; review missing now and then."""
    out = []
    for _ in range(n):
        if rng.random() < 0.04:
            out.append(("", ""))
            continue
        b = rng.randrange(1, 11)
        r = max(1, min(10, b + round(rng.gauss(drift, 1.6))))
        out.append((str(b), "" if rng.random() < 0.15 else str(r)))
    return out


def corrupt(row, rng, seen_ids):
    """Make ROW (a list) bad in one way; returns the row (maybe ragged)."""
    kind = rng.randrange(12)
    if kind == 0:
        row[COLUMNS.index("age")] = rng.choice(["abc", "34.5", "12", "  40"])
    elif kind == 1:
        row[COLUMNS.index("referral_date")] = rng.choice(["31/02/2011", "2010-13-01",
                                                          "2011/04/01", "29/02/2011"])
    elif kind == 2:
        row[COLUMNS.index("site")] = rng.choice(["Unknown", "ashford", "Barnet "])
    elif kind == 3:
        row[COLUMNS.index("case_id")] = rng.choice(["C12345", "X0000001", "c0000001"])
    elif kind == 4:
        row[COLUMNS.index("consent")] = ""             # required cell missing
    elif kind == 5:
        row[COLUMNS.index("finances_review")] = rng.choice(["0", "11", "-1"])
    elif kind == 6:
        row[COLUMNS.index("income_entry")] = rng.choice(["n/a", "1,200.00", "inf", "-5"])
    elif kind == 7 and seen_ids:
        row[0] = rng.choice(seen_ids)                  # duplicate of an earlier id
    elif kind == 8:
        return row[:-1]                                # ragged: a cell short
    elif kind == 9:
        return row + ["extra"]                         # ragged: a cell over
    elif kind == 10:
        row[COLUMNS.index("postcode")] = rng.choice(["SW1A1AA", "sw1a 1aa", "12345"])
    else:
        row[COLUMNS.index("attendance")] = rng.choice(["101", "NaN", "0x10", "--3"])
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--bad-rate", type=float, default=BAD_RATE,
                    help="share of rows made bad (default %(default)s)")
    a = ap.parse_args()
    if a.rows < 0 or a.rows > 9_999_999:
        sys.exit("gen_cases.py: --rows must be between 0 and 9999999 (ids are C + 7 digits)")

    rng = random.Random(a.seed)
    groups = [  # (pool, number of columns), in header order after case_id
        pool_dates(rng, 20_000),
        [(s, r, h) for s, r, h in zip(rng.choices(SITES, [16, 14, 13, 12, 12, 11, 11, 11], k=4096),
                                      rng.choices(ROUTES, [25, 20, 15, 10, 15, 15], k=4096),
                                      rng.choices(HOUSEHOLDS, [55, 35, 10], k=4096))],
        pool_people(rng, 20_000),
        pool_money(rng, 20_000),
        pool_status(rng, 20_000),
        [(t,) for t in NOTES],
        [(c,) for c in rng.choices(["yes", "no"], [97, 3], k=1000)],
        pool_scale(rng, 5000, 0.8),
        pool_scale(rng, 5000, 0.5),
        pool_scale(rng, 5000, 0.3),
        pool_scale(rng, 5000, -0.6),   # conflict: lower is better
        pool_scale(rng, 5000, 0.4),
    ]
    # Reorder to the header: dates(4) then site.. are not contiguous in COLUMNS,
    # so map each group's columns to their header positions.
    names = [
        ("referral_date", "exit_date", "exit_reason", "job_entry_date"),
        ("site", "referral_route", "household_type"),
        ("postcode", "keyworker", "age", "children", "youngest_child_age", "gender"),
        ("income_entry", "income_exit", "benefit_gain", "hours_support", "sessions",
         "attendance"),
        ("employment_entry", "employment_exit", "training_start", "debt_entry", "debt_exit",
         "housing_entry", "housing_exit", "action_plan"),
        ("notes",), ("consent",),
        ("finances_start", "finances_review"), ("parenting_start", "parenting_review"),
        ("wellbeing_start", "wellbeing_review"), ("conflict_start", "conflict_review"),
        ("housing_start", "housing_review"),
    ]
    flat_names = ["case_id"] + [n for g in names for n in g]
    assert sorted(flat_names) == sorted(COLUMNS), set(COLUMNS) ^ set(flat_names)
    order = [flat_names.index(c) for c in COLUMNS]

    # Ids: a random permutation of a block of numbers, so they are unique.
    first_id = rng.randrange(0, 10_000_000 - a.rows) if a.rows < 10_000_000 else 0
    ids = list(range(first_id, first_id + a.rows))
    rng.shuffle(ids)

    seen = []
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for start in range(0, a.rows, CHUNK):
            k = min(CHUNK, a.rows - start)
            cols = [[f"C{i:07d}" for i in ids[start:start + k]]]
            for pool in groups:
                picks = rng.choices(pool, k=k)
                cols.extend(zip(*picks))
            rows = list(zip(*[cols[j] for j in order]))
            n_bad = sum(1 for _ in range(k) if rng.random() < a.bad_rate)
            for i in sorted(rng.sample(range(k), n_bad)):
                rows[i] = corrupt(list(rows[i]), rng, seen)
            seen.extend(rng.sample(cols[0], min(20, k)))
            w.writerows(rows)


if __name__ == "__main__":
    main()
