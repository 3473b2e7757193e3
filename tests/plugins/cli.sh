#!/bin/sh
# cli.sh - the plugin host seen from the command line (TAP).
#
# thrive plugins; the search path (the build tree's plugins are found only
# by the build tree's thrive); exit 5 for a missing plugin, a plugin of
# another ABI and a module without a descriptor; exit 3, with line and
# column, when a plugin rejects its section of the model.
. "$top_srcdir/tests/tap.sh"
: "${top_builddir:?}"
models="$top_srcdir/tests/plugins/models"
modules="$top_builddir/tests/plugins"
tap_tmp plugins-cli
unset THRIVE_PLUGIN_PATH
tap_diag="$tmp/err $tmp/out" # what not_ok shows

# run STATUS CMD...: run CMD, stdout in $tmp/out, stderr in $tmp/err; true when it exits STATUS
run() {
    want=$1; shift
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    [ "$got" -eq "$want" ] || { echo "exit $got, expected $want" >>"$tmp/err"; return 1; }
}
has() { grep -F -e "$2" "$1" >/dev/null || { echo "missing: $2" >>"$tmp/err"; return 1; }; }
hasnt() { ! grep -F -e "$2" "$1" >/dev/null || { echo "unexpected: $2" >>"$tmp/err"; return 1; }; }

t="thrive --version names the plugin ABI"
if run 0 "$THRIVE" --version && has "$tmp/out" "(plugin ABI 3)"; then ok "$t"; else not_ok "$t"; fi

t="thrive plugins lists the shipped plugins from the build tree"
if run 0 "$THRIVE" plugins &&
    has "$tmp/out" "NAME" && has "$tmp/out" "VERSION" && has "$tmp/out" "ABI" &&
    has "$tmp/out" "generic              1.0.0      3  Any intervention" &&
    has "$tmp/out" "fip                  1.0.0      3  Family Intervention Projects" &&
    has "$tmp/out" "school-gates         1.0.0      3  School Gates" &&
    has "$tmp/out" "teen-parent-housing  1.0.0      3  Teenage Parent" &&
    has "$tmp/out" "work-focused         1.0.0      3  Work-Focused Services" &&
    has "$tmp/out" "separating-parents   1.0.0      3  Supporting Separating Parents" &&
    has "$tmp/out" "laip                 1.0.0      3  Local Authority Innovation Pilots" &&
    has "$tmp/out" "$top_builddir/plugins/.libs/school_gates.so" &&
    ! grep -q '\.la$' "$tmp/out" && [ "$(grep -c '^school-gates ' "$tmp/out")" -eq 1 ]; then
    ok "$t"
else not_ok "$t"; fi

t="thrive plugins --plugin-path shows unusable modules with the reason"
if run 0 "$THRIVE" plugins --plugin-path "$modules" &&
    has "$tmp/out" "bad-abi              -          2  (built for plugin ABI 2, this thrive has ABI 3: rebuild it)" &&
    has "$tmp/out" "no-symbol" && has "$tmp/out" "not a thrive plugin" &&
    has "$tmp/out" "searched: $modules, $top_builddir/plugins,"; then ok "$t"; else not_ok "$t"; fi

t="thrive plugins --help, and a stray argument is a usage error"
if run 0 "$THRIVE" plugins --help && has "$tmp/out" "Usage: thrive plugins" &&
    run 2 "$THRIVE" plugins stray; then ok "$t"; else not_ok "$t"; fi

# A copy of the program outside the build tree does not see the build
# tree's plugins, unless THRIVE_PLUGIN_PATH says so.
cp "$THRIVE" "$tmp/thrive"
t="a thrive outside the build tree does not search the build tree"
if "$tmp/thrive" plugins >"$tmp/out" 2>"$tmp/err"; [ $? -ne 2 ] &&
    hasnt "$tmp/out" "$top_builddir/plugins" && hasnt "$tmp/err" "$top_builddir/plugins"; then
    ok "$t"
else
    not_ok "$t"
fi
t="THRIVE_PLUGIN_PATH is searched (colon-separated)"
if THRIVE_PLUGIN_PATH="/nonexistent:$top_builddir/plugins" run 0 "$tmp/thrive" plugins &&
    has "$tmp/out" "fip                  1.0.0" &&
    has "$tmp/out" "searched: /nonexistent, $top_builddir/plugins"; then ok "$t"; else not_ok "$t"; fi

# validate loads the model's plugin (docs/manual/plugins.md).
t="a missing plugin: exit 5, naming the directories searched"
if run 5 "$THRIVE" validate "$models/missing-plugin.yaml" --plugin-path "$modules" &&
    has "$tmp/err" "thrive: $models/missing-plugin.yaml:4:8: error: no plugin 'no-such-pilot' found; searched: $modules, $top_builddir/plugins, "
then ok "$t"; else not_ok "$t"; fi

t="a plugin of another ABI: exit 5, naming the file and both numbers"
if run 5 "$THRIVE" validate "$models/bad-abi.yaml" --plugin-path "$modules" &&
    has "$tmp/err" "thrive: $modules/bad_abi.la: error: plugin 'bad-abi' was built for plugin ABI 2 but this thrive has ABI 3; rebuild it against this thrive's <thrive/plugin.h> (ABI 3)"
then ok "$t"; else not_ok "$t"; fi

t="a module without the descriptor: exit 5, naming the symbol"
if run 5 "$THRIVE" validate "$models/no-symbol.yaml" --plugin-path "$modules" &&
    has "$tmp/err" "thrive: $modules/no_symbol.la: error: not a thrive plugin: it exports neither 'no_symbol_LTX_thrive_plugin' nor 'thrive_plugin'"
then ok "$t"; else not_ok "$t"; fi

t="a plugin rejecting its section: exit 3 with line and column"
if run 3 "$THRIVE" validate "$models/fip-rejected.yaml" &&
    has "$tmp/err" "fip-rejected.yaml:25:3: error: unknown key 'exit_typ' in the fip section (did you mean 'exit_type'?)" &&
    has "$tmp/err" "fip-rejected.yaml:23:27: error: field 'crime_entri' is not declared in data.fields (did you mean 'crime_entry'?)" &&
    has "$tmp/err" "fip-rejected.yaml:23:46: error: field 'crime_exit' is declared as integer, but text or enum is needed here"
then ok "$t"; else not_ok "$t"; fi

# Each bundled model evaluates its example data into a workbook and a
# summary, with the plugin's measures in the summary and its sheets in the
# workbook.
py=$(command -v python3)
for pilot in fip school-gates teen-parent-housing work-focused separating-parents laip; do
    t="evaluate $pilot: workbook and summary, with the plugin's measures and sheets"
    [ -n "$py" ] || { skip "$t" "no python3 to read the outputs"; continue; }
    case $pilot in
    fip) keys="median_days cost_per_family_resolved domains domains_per_family" ;;
    school-gates) keys="job_entries median_days_to_job cost_per_job_entry schools" ;;
    teen-parent-housing) keys="pct_tenancy_6m cost_per_tenancy_sustained_12m by_age_band by_parent" ;;
    work-focused) keys="pct_lone_parents_on_benefit pct_non_traditional_customers cost_per_job_entry centres referrals" ;;
    separating-parents) keys="pct_arranged_exit mean_conflict_fall pct_evening_weekend maintenance by_number_of_services by_service" ;;
    laip) keys="median_annual_income_gain income_gained_per_pound fund_per_family strands" ;;
    esac
    data=$top_srcdir/examples/$pilot/cases.csv
    [ "$pilot" = laip ] && data=$top_srcdir/examples/laip/sefton.csv
    rm -f "$tmp/s.json" "$tmp/b.xlsx"
    $VG "$THRIVE" evaluate "$top_srcdir/logic-models/$pilot.yaml" \
        --data "$data" --summary "$tmp/s.json" \
        -o "$tmp/b.xlsx" --quiet >"$tmp/out" 2>"$tmp/err"
    status=$?
    verdict=$("$py" - "$tmp/s.json" "$tmp/b.xlsx" "$pilot" $keys <<'PY' 2>>"$tmp/err"
import json, re, sys, zipfile
s = json.load(open(sys.argv[1]))
pm = s.get("plugin_measures") or {}
missing = [k for k in sys.argv[4:] if k not in pm]
with zipfile.ZipFile(sys.argv[2]) as z:
    sheets = re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())
core = {"Summary", "Logic model", "Costs", "Outputs", "Outcomes", "Value for money",
        "Distance travelled", "Breakdowns", "Quarters", "Data quality", "Methods", "About"}
plugin_sheets = [n for n in sheets if n not in core]
if s["plugin"]["name"] != sys.argv[3] or missing:
    print("summary: missing %s (plugin %s)" % (missing, s["plugin"]["name"]))
elif not plugin_sheets or sheets[-3:] != ["Data quality", "Methods", "About"]:
    print("workbook sheets: %s" % sheets)
else:
    print("ok")
PY
)
    if [ $status -eq 0 ] && [ "$verdict" = ok ]; then
        ok "$t"
    else
        echo "exit $status: $verdict" >>"$tmp/err"
        not_ok "$t"
    fi
done

# diagram draws the model's structure: it needs no plugin (and takes no
# --plugin-path to find one).
t="diagram of a model whose plugin is not installed"
if run 0 "$THRIVE" diagram "$models/missing-plugin.yaml" -o "$tmp/g.dot" &&
    has "$tmp/g.dot" '"outputs:seen" -> "outcomes:done";'; then ok "$t"; else not_ok "$t"; fi

tap_done
