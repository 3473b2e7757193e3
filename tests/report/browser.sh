#!/bin/sh
# browser.sh - the HTML report of each bundled example in a real browser, as
# TAP.  `thrive evaluate --summary` on each example (and on the FIP example
# under --suppress 10), `thrive report` of each summary, of the three side
# by side, and of a compare summary (tests/report/compare-summary.json);
# then tests/report/browser.js opens every page in headless Chromium (the
# Debian package `chromium`) with playwright-core and checks it with
# axe-core: no console error, no request beyond the page, a screenshot
# (kept in BUILD/tests/report/shots/), no WCAG 2.1 A or AA violation, and
# a page that fits A4 when printed.
#
# playwright-core and axe-core come from the npm registry, installed by
# `npm ci` from the committed tests/report/package-lock.json into
# a cache outside the build tree (~/.cache/thrive/report-npm-HASH, or
# $THRIVE_NPM_CACHE), once per lock file.
# Without chromium, node or those modules the test skips, and fails under
# THRIVE_REQUIRE_TOOLS=1 (./quickstart.sh check).
# THRIVE, top_srcdir and top_builddir come from the environment.

: "${THRIVE:?THRIVE must name the thrive program}"
: "${top_srcdir:?top_srcdir must name the source tree}"
: "${top_builddir:?top_builddir must name the build tree}"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM

# What the browser sees does not depend on how thrive was built: checked
# once, in the full run, not again in the sanitizer build or distcheck
# (THRIVE_TESTS=quick; tests/report/cli.sh runs thrive report there).
if [ "${THRIVE_TESTS:-full}" = quick ]; then
    echo "1..0 # SKIP THRIVE_TESTS=quick: the pages in Chromium"
    exit 0
fi

missing() {
    if [ "${THRIVE_REQUIRE_TOOLS:-0}" = 1 ]; then
        echo "1..1"
        echo "not ok 1 - $1"
        exit 1
    fi
    echo "1..0 # SKIP $1"
    exit 0
}

[ -x "$CHROMIUM" ] || missing "no $CHROMIUM (apt-get install chromium)"
command -v node >/dev/null 2>&1 || missing "no node (apt-get install nodejs)"

dir=$top_builddir/tests/report
mkdir -p "$dir" || exit 99
# The npm packages go to a cache keyed by the lock file, outside the build
# tree: installed once for every build (build, ASan, distcheck), and nothing
# left for distclean.
lock=$top_srcdir/tests/report/package-lock.json
key=$(sha256sum "$lock" | cut -c1-16)
npmdir=${THRIVE_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/thrive}/report-npm-$key
if [ ! -f "$npmdir/node_modules/playwright-core/package.json" ] ||
    [ ! -f "$npmdir/node_modules/axe-core/axe.min.js" ]; then
    command -v npm >/dev/null 2>&1 || missing "no npm to install playwright-core and axe-core"
    rm -rf "$npmdir.$$" && mkdir -p "$npmdir.$$" || exit 99
    cat "$top_srcdir/tests/report/package.json" >"$npmdir.$$/package.json"
    cat "$lock" >"$npmdir.$$/package-lock.json"
    (cd "$npmdir.$$" && npm ci --no-audit --no-fund --loglevel=error >npm.log 2>&1) ||
        missing "npm ci could not install playwright-core and axe-core (see $npmdir.$$/npm.log)"
    # Another build's test may have installed it meanwhile: either copy serves.
    rm -rf "$npmdir" && mv "$npmdir.$$" "$npmdir" || rm -rf "$npmdir.$$"
fi

tmp=${TMPDIR:-/tmp}/thrive-report-browser.$$
mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

# Any failure to make a page is a failed test line of its own.
setup=0
fail_setup() {
    setup=$((setup + 1))
    echo "# $1"
    sed 's/^/#   /' "$tmp/err" 2>/dev/null
}

pages=""
for example in fip school-gates teen-parent-housing; do
    "$THRIVE" evaluate "$top_srcdir/logic-models/$example.yaml" \
        --data "$top_srcdir/examples/$example/cases.csv" --summary "$tmp/$example.json" \
        >/dev/null 2>"$tmp/err" || fail_setup "evaluate $example"
    "$THRIVE" report "$tmp/$example.json" -o "$tmp/$example.html" 2>"$tmp/err" ||
        fail_setup "report $example"
    pages="$pages $tmp/$example.html"
done
"$THRIVE" evaluate "$top_srcdir/logic-models/fip.yaml" --data "$top_srcdir/examples/fip/cases.csv" \
    --suppress 10 --summary "$tmp/fip-suppressed.json" >/dev/null 2>"$tmp/err" ||
    fail_setup "evaluate fip --suppress 10"
"$THRIVE" report "$tmp/fip-suppressed.json" -o "$tmp/fip-suppressed.html" 2>"$tmp/err" ||
    fail_setup "report fip --suppress 10"
"$THRIVE" report "$tmp/fip.json" "$tmp/school-gates.json" "$tmp/teen-parent-housing.json" \
    -o "$tmp/side-by-side.html" 2>"$tmp/err" || fail_setup "report of three summaries"
"$THRIVE" report "$top_srcdir/tests/report/compare-summary.json" -o "$tmp/compare.html" \
    2>"$tmp/err" || fail_setup "report of a compare summary"
pages="$pages $tmp/fip-suppressed.html $tmp/side-by-side.html $tmp/compare.html"

# shellcheck disable=SC2086
NODE_PATH=$npmdir/node_modules node "$top_srcdir/tests/report/browser.js" "$dir/shots" $pages
status=$?
if [ "$setup" -ne 0 ]; then
    echo "not ok - $setup pages could not be made"
    exit 1
fi
exit $status
