#!/bin/sh
# compare-tiny.sh - `thrive compare` on tests/compare/fixtures/programme.yaml
# (two wards of one data file with their own costs and filters, a site read
# from its summary, a site of another model), as TAP:
#   - every figure of the compare summary equals compare_expected.py's
#     independent computation, and no number goes unchecked;
#   - each ward equals `thrive evaluate` on that ward's rows alone with its
#     costs written into the model;
#   - the pooled programme total of the two wards equals `thrive evaluate`
#     on their accepted rows put together as one data set (every statistic
#     of the distance area, the outcomes' counts, rates and intervals);
#   - a site read from its summary gives exactly the figures of the same
#     site evaluated here;
#   - an existing summary is left untouched when compare fails, and an
#     unwritable summary exits 6.
# THRIVE and top_srcdir come from the environment (AM_TESTS_ENVIRONMENT).

. "$top_srcdir/tests/tap.sh"
PYTHON=${PYTHON:-/usr/bin/python3}
tap_need "$PYTHON" python3

here=$top_srcdir/tests/compare
expected=$here/compare_expected.py
tap_tmp compare-tiny
for f in tiny.yaml tiny-b.yaml tiny.csv tiny-b.csv programme.yaml; do
    cp "$here/fixtures/$f" "$tmp/$f" || exit 99
done

# The whole pilot's summary, as a site would send it.
(cd "$tmp" && "$THRIVE" evaluate tiny.yaml --data tiny.csv --summary tiny-summary.json \
    2>"$tmp/err")
report $? "evaluate writes the summary the programme reads" "$tmp/err"

"$THRIVE" compare "$tmp/programme.yaml" --summary "$tmp/out.json" --quiet 2>"$tmp/err"
status=$?
[ "$status" -eq 0 ] && [ -s "$tmp/out.json" ]
report $? "compare exits 0 (got $status) and writes the summary" "$tmp/err"

# 1. Every figure, recomputed.
"$PYTHON" "$expected" "$tmp" "$tmp/out.json" >"$tmp/figures" 2>"$tmp/figures.err"
pystatus=$?
while IFS= read -r line; do
    case $line in
    PASS\ *) report 0 "${line#PASS }" ;;
    FAIL\ *) report 1 "${line#FAIL }" ;;
    esac
done <"$tmp/figures"
[ "$pystatus" -eq 0 ] || grep -q '^FAIL ' "$tmp/figures" ||
    report 1 "compare_expected.py ran (status $pystatus)" "$tmp/figures.err"

# same_figures A.json PATH-IN-A B.json PATH-IN-B WHAT KEY...: the figures
# KEY... (dotted; lists by id) equal, exactly, in both.
same_figures() {
    "$PYTHON" - "$@" <<'PY'
import json, sys
a_file, a_path, b_file, b_path, what = sys.argv[1:6]
def walk(node, path):
    for part in path.split(".") if path else []:
        if isinstance(node, list):
            node = next(x for x in node if x.get("id") == part or x.get("name") == part)
        else:
            node = node[part]
    return node
a = walk(json.load(open(a_file)), a_path)
b = walk(json.load(open(b_file)), b_path)
bad = []
for key in sys.argv[6:]:
    x, y = a, b
    try:
        x, y = walk(a, key), walk(b, key)
    except (KeyError, StopIteration, TypeError):
        bad.append("%s missing" % key)
        continue
    if x != y:
        bad.append("%s: %r against %r" % (key, x, y))
print("%s %s%s" % ("ok" if not bad else "not ok", what, "" if not bad else ": " + "; ".join(bad)))
PY
}

tap() {
    while IFS= read -r line; do
        case $line in
        ok\ *) report 0 "${line#ok }" ;;
        *) report 1 "${line#not ok }" ;;
        esac
    done
}

SITE_KEYS="participants costs.total costs.adjusted costs.per_participant
outputs.engaged.count outputs.engaged.cost_per_output
value_for_money.present_value value_for_money.npv value_for_money.sroi_ratio"
OUTCOME_KEYS="eligible achieved rate rate_ci95 net cost_per_outcome cost_per_net_outcome present_value"

# 2. Each ward alone, through evaluate.
for site in North South; do
    "$PYTHON" "$expected" --site "$tmp" "$site" "$tmp/$site.csv" "$tmp/$site.yaml"
    "$THRIVE" evaluate "$tmp/$site.yaml" --data "$tmp/$site.csv" --summary "$tmp/$site.json" \
        --quiet 2>"$tmp/err"
    report $? "evaluate $site's rows alone with its costs" "$tmp/err"
    keys=$SITE_KEYS
    for k in $OUTCOME_KEYS; do keys="$keys outcomes.job.$k outcomes.debt.$k"; done
    keys="$keys distance_travelled.wellbeing.n distance_travelled.wellbeing.mean_change
distance_travelled.wellbeing.ci95 data.rows_accepted data.rows_rejected"
    # shellcheck disable=SC2086
    same_figures "$tmp/out.json" "sites.$site" "$tmp/$site.json" "" \
        "$site in the comparison equals evaluate on its rows alone" $keys >"$tmp/tap"
    tap <"$tmp/tap"
done

# 3. The pooled total of the two wards, against one evaluation of their rows.
sed -n '1,/^  - name: Whole pilot/p' "$tmp/programme.yaml" | sed '$d' >"$tmp/wards.yaml"
"$THRIVE" compare "$tmp/wards.yaml" --summary "$tmp/wards.json" --quiet 2>"$tmp/err"
report $? "compare the two wards alone" "$tmp/err"
"$PYTHON" "$expected" --pooled "$tmp" "$tmp/pooled.csv"
"$THRIVE" evaluate "$tmp/tiny.yaml" --data "$tmp/pooled.csv" --summary "$tmp/pooled.json" \
    --quiet 2>"$tmp/err"
report $? "evaluate the two wards' accepted rows as one data set" "$tmp/err"
same_figures "$tmp/wards.json" "programme_total.distance_travelled.wellbeing" \
    "$tmp/pooled.json" "distance_travelled.wellbeing" \
    "the pooled distance area equals evaluate on the rows put together" \
    n n_missing_review mean_baseline mean_review mean_change sd_change ci95 effect_size_dz \
    pct_improved pct_same pct_worse wilcoxon_p >"$tmp/tap"
tap <"$tmp/tap"
for o in job debt; do
    same_figures "$tmp/wards.json" "programme_total.outcomes.$o" "$tmp/pooled.json" \
        "outcomes.$o" "the pooled $o equals evaluate on the rows put together" \
        eligible achieved rate rate_ci95 >"$tmp/tap"
    tap <"$tmp/tap"
done
same_figures "$tmp/wards.json" "programme_total" "$tmp/pooled.json" "" \
    "the pooled participants equal evaluate's" participants >"$tmp/tap"
tap <"$tmp/tap"

# 4. A site from its summary, and the same site evaluated here.
cat >"$tmp/evaluated.yaml" <<'YAML'
programme: same
sites:
  - { name: Whole, model: tiny.yaml, data: tiny.csv }
  - { name: Variant, model: tiny-b.yaml, data: tiny-b.csv }
YAML
sed 's/{ name: Whole, model: tiny.yaml, data: tiny.csv }/{ name: Whole, summary: tiny-summary.json }/' \
    "$tmp/evaluated.yaml" >"$tmp/from-summary.yaml"
"$THRIVE" compare "$tmp/evaluated.yaml" --summary "$tmp/evaluated.json" --quiet 2>"$tmp/err" &&
    "$THRIVE" compare "$tmp/from-summary.yaml" --summary "$tmp/from-summary.json" --quiet \
        2>>"$tmp/err"
report $? "compare the same site evaluated and from its summary" "$tmp/err"
"$PYTHON" - "$tmp/evaluated.json" "$tmp/from-summary.json" >"$tmp/same" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for d in (a, b):
    del d["programme"]
    d["sites"][0]["source"] = None
diff = [k for k in set(a) | set(b) if a.get(k) != b.get(k)]
print("%s a site from its summary gives every figure of the same site evaluated here%s"
      % ("ok" if not diff else "not ok", "" if not diff else ": differs in " + ", ".join(diff)))
PY
tap <"$tmp/same"

# 5. Failures leave outputs alone.
printf 'an earlier summary\n' >"$tmp/keep.json"
"$THRIVE" compare "$here/broken/duplicate-site.yaml" --summary "$tmp/keep.json" --quiet \
    2>/dev/null
[ "$(cat "$tmp/keep.json")" = "an earlier summary" ]
report $? "a failed comparison leaves an existing summary untouched"
"$THRIVE" compare "$tmp/programme.yaml" --summary "$tmp/no/such/dir/s.json" --quiet \
    2>"$tmp/err"
status=$?
[ "$status" -eq 6 ] && grep -q "no/such/dir/s.json" "$tmp/err"
report $? "a summary in a missing directory exits 6 (got $status), naming it" "$tmp/err"

tap_done
