#!/usr/bin/env python3
"""Synthetic case data for the ten Local Authority Innovation Pilots.

Writes one CSV per pilot site beside this script, for the shared model
logic-models/laip.yaml: the families each site worked with between April
2009 and March 2011, as exported from its case records on 31 March 2011.

The data are invented.  Their shape follows what the pilots set out to do
(background: the GO guidance on the LAIPs, 2009): Knowsley's ten volunteer
mentors work with two families each; Waltham Forest's benefits officers
visit about a thousand families and give about a hundred intensive
support; North Warwickshire's mobile one-stop shop sees many families
briefly; Islington, Sefton and Westminster are work-focused; Kent's family
mentoring and mediation aim at the family as a whole.  How many families a
site works with, and how often each outcome follows, differ by site so
that the comparison has something to show; the figures are not the pilots'
results.

A few deliberately bad rows (an impossible date, a misspelt strand, a
duplicate id) are in some files: thrive must reject each one with its line.

Python 3 standard library only; the output is the same on every run.
    python3 generate.py
"""

import csv
import datetime as dt
import os
import random

SEED = 20090401
FIRST = dt.date(2009, 6, 1)
LAST = dt.date(2011, 1, 31)
EXTRACT = dt.date(2011, 3, 31)

# Site: (file, id prefix, families, strand weights (employment, income,
# debt, childcare, family_support), P(workless), P(job | workless and
# referred), P(benefit check), P(a new award | check), P(debt), P(debt
# under control | reviewed), P(needs childcare), P(childcare arranged),
# P(goals met | reviewed), mean change in money, in confidence).
SITES = {
    "Cornwall": ("cornwall", "CW", 110, (2, 3, 2, 1, 2), 0.60, 0.22, 0.80, 0.45,
                 0.45, 0.55, 0.30, 0.55, 0.45, 1.4, 1.1),
    "Hammersmith and Fulham": ("hammersmith-and-fulham", "HF", 170, (2, 2, 1, 1, 4), 0.65,
                               0.24, 0.70, 0.40, 0.40, 0.50, 0.35, 0.60, 0.55, 1.2, 1.3),
    "Islington": ("islington", "IS", 300, (5, 3, 1, 1, 1), 0.70, 0.31, 0.75, 0.40, 0.35,
                  0.50, 0.40, 0.55, 0.40, 1.0, 1.6),
    "Kent": ("kent", "KT", 360, (1, 2, 2, 1, 5), 0.50, 0.15, 0.60, 0.35, 0.40, 0.60, 0.25,
             0.50, 0.62, 1.5, 1.2),
    "Knowsley": ("knowsley", "KN", 20, (1, 1, 1, 1, 6), 0.75, 0.18, 0.70, 0.40, 0.55,
                 0.45, 0.30, 0.45, 0.50, 1.8, 1.5),
    "North Warwickshire": ("north-warwickshire", "NW", 150, (1, 6, 2, 1, 1), 0.45, 0.12,
                           0.90, 0.50, 0.35, 0.40, 0.20, 0.40, 0.35, 0.8, 0.5),
    "Sefton": ("sefton", "SE", 170, (5, 2, 1, 2, 1), 0.70, 0.28, 0.65, 0.35, 0.35, 0.50,
               0.45, 0.60, 0.45, 1.1, 1.7),
    "North and South Tyneside": ("tyneside", "TY", 230, (2, 5, 2, 1, 1), 0.60, 0.20, 0.85,
                                 0.50, 0.45, 0.50, 0.30, 0.50, 0.40, 1.3, 1.0),
    "Waltham Forest": ("waltham-forest", "WF", 1000, (1, 6, 1, 1, 1), 0.45, 0.10, 0.97,
                       0.32, 0.30, 0.45, 0.25, 0.45, 0.50, 0.6, 0.4),
    "Westminster": ("westminster", "WM", 210, (6, 2, 1, 2, 1), 0.70, 0.36, 0.65, 0.35,
                    0.35, 0.55, 0.45, 0.65, 0.45, 1.0, 1.9),
}
STRANDS = ["employment", "income", "debt", "childcare", "family_support"]
HEADER = ["family_id", "referral_date", "strand", "household_type", "children", "postcode",
          "action_plan", "benefit_check", "income_gain_weekly", "employment_referral",
          "workless_at_entry", "job_entry", "debt_at_entry", "debt_at_review",
          "needs_childcare", "childcare_arranged", "review_date", "plan_goals",
          "money_start", "money_review", "confidence_start", "confidence_review",
          "flexible_fund_spend", "found_through"]

# How each site found its families, and its flexible fund: (routes and their
# weights, P(help from the fund), mean spend in pounds).  Islington used
# housing and council-tax benefit data to find families; Sefton's family
# coaches, Knowsley's volunteer mentors and Tyneside's community
# entrepreneurs found them in their communities; Waltham Forest visited
# every family due to join its five schools; North Warwickshire's mobile
# office stopped where families were.  Small sums (a bus pass, school
# clothes, a work uniform) for a share of families.
FINDING = {
    "Cornwall": ({"childrens_centre": 4, "other_service": 5, "self": 1}, 0.30, 130),
    "Hammersmith and Fulham": ({"childrens_centre": 4, "other_service": 5, "self": 1}, 0.30, 200),
    "Islington": ({"hb_ctb_data": 6, "other_service": 3, "self": 1}, 0.25, 150),
    "Kent": ({"childrens_centre": 3, "other_service": 6, "self": 1}, 0.35, 150),
    "Knowsley": ({"volunteer_mentor": 8, "other_service": 2}, 0.60, 80),
    "North Warwickshire": ({"mobile_office": 7, "other_service": 2, "self": 1}, 0.10, 60),
    "Sefton": ({"family_coach": 6, "childrens_centre": 2, "other_service": 2}, 0.50, 90),
    "North and South Tyneside": ({"community_entrepreneur": 5, "childrens_centre": 3,
                                  "self": 2}, 0.20, 100),
    "Waltham Forest": ({"joint_home_visit": 9, "other_service": 1}, 0.50, 180),
    "Westminster": ({"other_service": 5, "childrens_centre": 3, "self": 2}, 0.30, 110),
}


def finding(rng, name, light):
    """The route a family was found by, and its flexible-fund spend ("" for
    none).  Drawn from their own random stream, so that the other columns
    stay as they were before these two were added."""
    routes, p_fund, mean = FINDING[name]
    route = rng.choices(list(routes), list(routes.values()))[0]
    if light:
        p_fund = 0.02
    spend = "%d" % max(5, round(rng.lognormvariate(0, 0.6) * mean)) if rng.random() < p_fund else ""
    return [route, spend]


def yn(rng, p):
    return "yes" if rng.random() < p else "no"


def scale(rng, mean):
    return max(1, min(10, int(round(rng.gauss(mean, 1.6)))))


def family(rng, prefix, i, p, light):
    """One family's row; LIGHT: a brief contact (Waltham Forest's visits,
    the mobile office's callers), with no plan and no review."""
    (_, _, _, weights, p_workless, p_job, p_check, p_gain, p_debt, p_debt_fixed,
     p_need_cc, p_cc, p_goals, money_gain, conf_gain) = p
    referred = FIRST + dt.timedelta(days=rng.randrange((LAST - FIRST).days))
    strand = rng.choices(STRANDS, weights)[0]
    plan = "no" if light else yn(rng, 0.9)
    reviewed = not light and rng.random() < 0.8
    review = referred + dt.timedelta(days=rng.randrange(90, 300))
    reviewed = reviewed and review <= EXTRACT
    check = yn(rng, p_check if not light else min(1.0, p_check + 0.05))
    gain = ""
    if check == "yes":
        gain = "%.2f" % (rng.uniform(8, 60) if rng.random() < p_gain else 0)
    workless = yn(rng, p_workless)
    referral = yn(rng, 0.8 if strand == "employment" else 0.4) if workless == "yes" else "no"
    job = ""
    if workless == "yes":
        chance = p_job * (1.0 if referral == "yes" else 0.35) * (0.3 if light else 1.0)
        job = yn(rng, chance)
    debt = yn(rng, p_debt)
    debt_review = ""
    if debt == "yes" and reviewed:
        debt_review = "no" if rng.random() < p_debt_fixed else "yes"
    need_cc = yn(rng, p_need_cc)
    cc = yn(rng, p_cc * (0.3 if light else 1.0)) if need_cc == "yes" else ""
    goals = ""
    if plan == "yes" and reviewed:
        goals = rng.choices(["met", "partly", "not_met"], [p_goals, 0.6 * (1 - p_goals),
                                                            0.4 * (1 - p_goals)])[0]
    m0, c0 = scale(rng, 4.0), scale(rng, 3.8)
    m1 = scale(rng, m0 + money_gain) if reviewed else ""
    c1 = scale(rng, c0 + conf_gain) if reviewed else ""
    return ["%s%05d" % (prefix, i), referred.isoformat(), strand,
            rng.choices(["lone_parent", "couple", "other"], [55, 38, 7])[0],
            str(rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5])),
            "ZZ%d %dAA" % (rng.randrange(1, 99), rng.randrange(1, 9)), plan, check, gain,
            referral, workless, job, debt, debt_review, need_cc, cc,
            review.isoformat() if reviewed else "", goals, str(m0), str(m1), str(c0), str(c1)]


def write_site(name, p, rng, rng_found):
    file, prefix, n = p[0], p[1], p[2]
    rows = []
    for i in range(1, n + 1):
        light = (name == "Waltham Forest" and i > 100) or \
                (name == "North Warwickshire" and i % 3 != 0)
        spend, route = finding(rng_found, name, light)[::-1]
        rows.append(family(rng, prefix, i, p, light) + [spend, route])
    # A few bad rows, as a real export has them (each rejected by thrive).
    if name == "Kent":
        bad = list(rows[10])
        bad[0] = "%s%05d" % (prefix, n + 1)
        bad[1] = "31/02/2010"            # no such date
        rows.insert(40, bad)
    if name == "Islington":
        bad = list(rows[5])
        bad[0] = "%s%05d" % (prefix, n + 1)
        bad[2] = "Employment"            # the enum is lower case
        rows.insert(120, bad)
    if name == "Sefton":
        rows.insert(60, list(rows[20]))  # the same family twice
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), file + ".csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADER)
        w.writerows(rows)


def main():
    rng = random.Random(SEED)
    rng_found = random.Random(SEED + 1)
    for name, p in SITES.items():
        write_site(name, p, rng, rng_found)


if __name__ == "__main__":
    main()
