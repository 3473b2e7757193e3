#!/bin/sh
# examples.sh - the bundled programmes run, and say what they should, as TAP:
#   - examples/laip/programme.yaml (the ten 2009-10 innovation pilots):
#     exit 0, the ten sites in order, each site's cost its grant as the
#     Child Poverty Unit's table lists it (transcribed below), the
#     programme's cost their sum, 4,068,131; each site's rows read, accepted
#     and rejected as its file has them (counted here); Westminster equals
#     `thrive evaluate` on its file with its grant written into the model;
#   - examples/programmes/child-poverty-pilots.yaml (four pilots whose
#     models share almost nothing): exit 0; each site equals `thrive
#     evaluate` on the bundled example; the programme's participants, costs,
#     present value and each building block's net outcomes and present
#     value are the sums over the sites; NPV and SROI follow from them.
# The sums are done here, in Python, from the per-site figures.
. "$top_srcdir/tests/tap.sh"
tap_need python3 python3
tap_tmp compare-examples
PYTHON3=/usr/bin/python3
[ -x "$PYTHON3" ] || PYTHON3=python3
ex=$top_srcdir/examples
models=$top_srcdir/logic-models

# ---- the ten innovation pilots ----
$VG "$THRIVE" compare "$ex/laip/programme.yaml" --summary "$tmp/laip.json" \
    --html "$tmp/laip.html" 2>"$tmp/err"
status=$?
[ "$status" -eq 0 ] && [ -s "$tmp/laip.json" ]
report $? "LAIP: compare exits 0 (got $status) and writes the summary" "$tmp/err"
# --html is the page thrive report makes of the same summary.
"$THRIVE" report "$tmp/laip.json" -o "$tmp/laip-report.html" 2>"$tmp/err" &&
    cmp -s "$tmp/laip.html" "$tmp/laip-report.html" &&
    grep -q "Local Authority Innovation Pilots, 2009-10" "$tmp/laip.html"
report $? "LAIP: compare --html writes the page thrive report makes of its summary" "$tmp/err"
# The grants of the table in the guidance (2009-10, pounds), and each
# site's file.
cat >"$tmp/grants" <<'TXT'
Cornwall	198675	cornwall.csv
Hammersmith and Fulham	460291	hammersmith-and-fulham.csv
Islington	625500	islington.csv
Kent	805000	kent.csv
Knowsley	141500	knowsley.csv
North Warwickshire	99210	north-warwickshire.csv
Sefton	355327	sefton.csv
North and South Tyneside	477500	tyneside.csv
Waltham Forest	435128	waltham-forest.csv
Westminster	470000	westminster.csv
TXT
"$PYTHON3" - "$tmp/laip.json" "$tmp/grants" "$ex/laip" >"$tmp/figures" 2>&1 <<'PY'
import csv, json, math, os, sys
summary = json.load(open(sys.argv[1]))
grants = [line.rstrip("\n").split("\t") for line in open(sys.argv[2])]
def check(ok, what):
    print("%s %s" % ("PASS" if ok else "FAIL", what))
sites = summary["sites"]
check([s["name"] for s in sites] == [g[0] for g in grants], "the ten sites, in order")
for s, (name, grant, file) in zip(sites, grants):
    check(s["costs"]["total"] == float(grant), "%s: cost %s (got %r)" % (name, grant, s["costs"]["total"]))
    with open(os.path.join(sys.argv[3], file), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    # rejected: an impossible date, a misspelt strand, a repeated id
    ids, bad = set(), 0
    for r in rows:
        date_ok = r[1][4:5] == "-" and r[1] <= "2011-12-31"
        if not date_ok or r[2] not in ("employment", "income", "debt", "childcare",
                                       "family_support") or r[0] in ids:
            bad += 1
        ids.add(r[0])
    d = s["data"]
    check((d["rows_read"], d["rows_accepted"], d["rows_rejected"]) ==
          (len(rows), len(rows) - bad, bad),
          "%s: rows read, accepted, rejected %r (got %r)" % (name, (len(rows), len(rows) - bad, bad),
          (d["rows_read"], d["rows_accepted"], d["rows_rejected"])))
    check(s["participants"] == len(rows) - bad, "%s: participants" % name)
total = summary["programme_total"]
check(total["costs"]["total"] == 4068131.0 == sum(float(g[1]) for g in grants),
      "the programme's cost is the ten grants' sum, 4,068,131 (got %r)" % total["costs"]["total"])
check(total["participants"] == sum(s["participants"] for s in sites) == 2720,
      "the programme's participants: 2,720 families (got %r)" % total["participants"])
check(summary["compared"]["outcomes"] == ["parent_into_work", "income_raised", "debt_managed",
                                          "childcare_arranged", "plan_goals_met"],
      "every outcome of the shared model is compared")
check(all(not any(s["left_out"].values()) for s in sites), "nothing is left out")
PY
tap_results "LAIP" "$tmp/figures"

# Westminster alone: the model with its grant, through evaluate.
sed 's/^    cost: 400000 .*$/    cost: 470000/' "$models/laip.yaml" >"$tmp/laip-westminster.yaml"
grep -q "cost: 470000" "$tmp/laip-westminster.yaml" || echo "the grant line of laip.yaml moved" >"$tmp/err"
"$THRIVE" evaluate "$tmp/laip-westminster.yaml" --data "$ex/laip/westminster.csv" \
    --summary "$tmp/westminster.json" --quiet 2>>"$tmp/err"
report $? "LAIP: evaluate Westminster alone with its grant" "$tmp/err"

# same_site COMPARE.json SITE EVALUATE.json WHAT: the site's figures in the
# comparison equal those of its own evaluation, exactly.
same_site() {
    "$PYTHON3" - "$@" <<'PY'
import json, sys
c, site, e, what = json.load(open(sys.argv[1])), sys.argv[2], json.load(open(sys.argv[3])), sys.argv[4]
s = next(x for x in c["sites"] if x["name"] == site)
bad = []
def same(key, a, b):
    if a != b:
        bad.append("%s: %r against %r" % (key, a, b))
same("participants", s["participants"], e["participants"])
for k in ("total", "adjusted", "per_participant"):
    same("costs." + k, s["costs"][k], e["costs"][k])
for k in ("present_value", "npv", "sroi_ratio"):
    same(k, s["value_for_money"][k], e["value_for_money"][k])
eo = {o["id"]: o for o in e["outcomes"]}
for o in s["outcomes"]:
    for k in ("eligible", "achieved", "rate", "rate_ci95", "net", "cost_per_outcome",
              "cost_per_net_outcome"):
        same("%s.%s" % (o["id"], k), o[k], eo[o["id"]][k])
ea = {a["id"]: a for a in e["distance_travelled"]}
for a in s["distance_travelled"]:
    for k in ("n", "mean_change", "ci95"):
        same("%s.%s" % (a["id"], k), a[k], ea[a["id"]][k])
print("%s %s%s" % ("PASS" if not bad else "FAIL", what, "" if not bad else "\n  " + "\n  ".join(bad)))
PY
}
same_site "$tmp/laip.json" Westminster "$tmp/westminster.json" \
    "Westminster in the comparison equals evaluate on its file alone" >"$tmp/figures"
tap_results "LAIP" "$tmp/figures"

# ---- four pilots, by building block ----
"$THRIVE" compare "$ex/programmes/child-poverty-pilots.yaml" --summary "$tmp/pilots.json" \
    --quiet 2>"$tmp/err"
status=$?
[ "$status" -eq 0 ] && [ -s "$tmp/pilots.json" ]
report $? "cross-pilot: compare exits 0 (got $status) and writes the summary" "$tmp/err"
for pilot in "Family Intervention Project:fip.yaml:fip/cases.csv" \
    "School Gates Employment Initiative:school-gates.yaml:school-gates/cases.csv" \
    "Teenage Parent Supported Housing:teen-parent-housing.yaml:teen-parent-housing/cases.csv"; do
    name=${pilot%%:*} rest=${pilot#*:}
    model=${rest%%:*} data=${rest#*:}
    "$THRIVE" evaluate "$models/$model" --data "$ex/$data" --summary "$tmp/one.json" --quiet \
        2>"$tmp/err"
    report $? "cross-pilot: evaluate $name alone" "$tmp/err"
    same_site "$tmp/pilots.json" "$name" "$tmp/one.json" \
        "$name in the comparison equals evaluate on the bundled example" >"$tmp/figures"
    tap_results "cross-pilot" "$tmp/figures"
done
"$PYTHON3" - "$tmp/pilots.json" >"$tmp/figures" 2>&1 <<'PY'
import json, math, sys
summary = json.load(open(sys.argv[1]))
sites, total = summary["sites"], summary["programme_total"]
def check(ok, what):
    print("%s %s" % ("PASS" if ok else "FAIL", what))
def close(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)
check(len(sites) == 4, "four pilots")
check(total["participants"] == sum(s["participants"] for s in sites), "participants: the sum")
for k in ("total", "adjusted"):
    check(close(total["costs"][k], sum(s["costs"][k] for s in sites)), "costs.%s: the sum" % k)
pv = sum(s["value_for_money"]["present_value"] for s in sites)
vfm = total["value_for_money"]
check(close(vfm["present_value"], pv), "present value: the sum")
check(close(vfm["npv"], pv - total["costs"]["adjusted"]), "NPV = PV - adjusted cost")
check(close(vfm["sroi_ratio"], pv / total["costs"]["adjusted"]), "SROI = PV / adjusted cost")
ranks = sorted(sites, key=lambda s: -s["value_for_money"]["sroi_ratio"])
check([s["sroi_rank"] for s in ranks] == [1, 2, 3, 4], "SROI ranks, highest first")
blocks = set()
for s in sites:
    blocks |= set(s["by_strategy"])
check(set(total["by_strategy"]) == blocks, "the total has every building block a site has")
for b in sorted(blocks):
    for k in ("net", "present_value"):
        want = sum(s["by_strategy"][b][k] for s in sites if b in s["by_strategy"])
        check(close(total["by_strategy"][b][k], want), "%s %s: the sum over the sites" % (b, k))
check(all(s["left_out"]["outcomes"] for s in sites),
      "each pilot has outcomes of its own, listed as left out")
PY
tap_results "cross-pilot" "$tmp/figures"
tap_done
