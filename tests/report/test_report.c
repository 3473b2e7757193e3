/* test_report.c - the HTML report (src/report*.c): escaping, the text of
 * figures, status against targets, disclosure control, the few figures the
 * report works out itself (shares, group rates, % of an outcome's target,
 * sums by building block), a compare summary, and its errors.
 *
 * Expected figures are worked out by hand in the comments; the compare
 * fixture's numbers come from tests/report/compare_fixture.py, which
 * computes them from the definitions with Python's standard library.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <jansson.h>

#include "cunit_tap.h"
#include "report.h"
#include "report_html.h"
#include "report_int.h"

/* ---- helpers ---- */

static char *escaped(const char *in)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_FATAL(f != NULL);
    CU_ASSERT_EQUAL(html_escape(f, in), 0);
    fclose(f);
    return buf;
}

/* The page for the summaries in TEXTS (JSON), or NULL with *E set. */
static char *render_n(const char *const *texts, size_t n, thrive_error *e)
{
    json_t *s[8];
    for (size_t i = 0; i < n; i++) {
        json_error_t err;
        s[i] = json_loads(texts[i], 0, &err);
        if (!s[i])
            fprintf(stderr, "fixture %zu: %s at %d\n", i, err.text, err.line);
        CU_ASSERT_FATAL(s[i] != NULL);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag_list dl;
    diag_init(&dl);
    *e = report_render(s, n, f, "test", &dl);
    fclose(f);
    diag_free(&dl);
    for (size_t i = 0; i < n; i++)
        json_decref(s[i]);
    return buf;
}

static char *render(const char *text)
{
    thrive_error e;
    char *html = render_n(&text, 1, &e);
    CU_ASSERT_EQUAL(e, THRIVE_OK);
    return html;
}

/* Whether HTML has NEEDLE, ignoring case. */
static bool has_nocase(const char *html, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = html; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return true;
    return false;
}

static size_t count(const char *html, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(html, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* The table row whose header cell is LABEL: from its <th> to </tr>
 * (the first such row after AFTER, when given). */
static char *row(const char *html, const char *after, const char *label)
{
    char th[512];
    snprintf(th, sizeof th, "<th scope=\"row\">%s</th>", label);
    const char *from = after ? strstr(html, after) : html;
    const char *p = from ? strstr(from, th) : NULL;
    if (!p)
        return strdup("");
    const char *end = strstr(p, "</tr>");
    return strndup(p, end ? (size_t)(end - p) : strlen(p));
}

/* ---- escaping ---- */

static void escape_table(void)
{
    static const struct {
        const char *in, *out, *why;
    } cases[] = {
        {"plain text", "plain text", "text without markup is copied"},
        {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", "a script is text"},
        {"a & b", "a &amp; b", "an ampersand"},
        {"\"q\" 'a'", "&quot;q&quot; &#39;a&#39;", "quotes, safe in attribute values"},
        {"x\" onmouseover=\"y", "x&quot; onmouseover=&quot;y", "no way out of an attribute"},
        {"\xC2\xA3 \xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80",
         "\xC2\xA3 \xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80",
         "valid UTF-8 of 2, 3 and 4 bytes is kept"},
        {"a\tb\nc\rd", "a\tb\nc\rd", "tab, line feed, carriage return kept"},
        {"\x01x\x7F", "\xEF\xBF\xBDx\xEF\xBF\xBD", "C0 controls and DEL replaced"},
        {"\xC2\x85", "\xEF\xBF\xBD", "a C1 control (NEL) replaced"},
        {"\xFF", "\xEF\xBF\xBD", "a byte never in UTF-8"},
        {"\xC0\xBC", "\xEF\xBF\xBD\xEF\xBF\xBD", "an overlong '<' is not a '<'"},
        {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "a surrogate"},
        {"ab\xE2\x82", "ab\xEF\xBF\xBD\xEF\xBF\xBD", "a sequence cut short at the end"},
        {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "above U+10FFFF"},
        {"", "", "the empty string"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *out = escaped(cases[i].in);
        if (strcmp(out, cases[i].out) != 0)
            fprintf(stderr, "escape: %s: got '%s'\n", cases[i].why, out);
        CU_ASSERT_STRING_EQUAL(out, cases[i].out);
        free(out);
    }
}

/* ---- figures ---- */

static void format_table(void)
{
    char b[FIG_BUF];
    fig hidden = {FIG_HIDDEN, 0}, na = {FIG_NA, 0};
    CU_ASSERT_STRING_EQUAL(fmt_count(b, fig_value(1234567)), "1,234,567");
    CU_ASSERT_STRING_EQUAL(fmt_count(b, fig_value(0)), "0");
    CU_ASSERT_STRING_EQUAL(fmt_count(b, fig_value(999)), "999");
    CU_ASSERT_STRING_EQUAL(fmt_count(b, fig_value(1000)), "1,000");
    CU_ASSERT_STRING_EQUAL(fmt_count(b, hidden), "[c]");
    CU_ASSERT_STRING_EQUAL(fmt_count(b, na), "n/a");
    CU_ASSERT_STRING_EQUAL(fmt_money(b, fig_value(2175250), "GBP"), "\xC2\xA3"
                                                                    "2,175,250");
    /* 2175250 / 300 = 7250.833...: whole pounds from 100 up */
    CU_ASSERT_STRING_EQUAL(fmt_money(b, fig_value(7250.833333333333), "GBP"), "\xC2\xA3"
                                                                              "7,251");
    CU_ASSERT_STRING_EQUAL(fmt_money(b, fig_value(12.5), "GBP"), "\xC2\xA3"
                                                                 "12.50");
    CU_ASSERT_STRING_EQUAL(fmt_money(b, fig_value(-1158742.85), "GBP"), "\xE2\x88\x92\xC2\xA3"
                                                                        "1,158,743");
    /* pence only when there are some: -0.001 is £0.00, so £0; £50 whole */
    CU_ASSERT_STRING_EQUAL(fmt_money(b, fig_value(-0.001), "GBP"), "\xC2\xA3"
                                                                   "0");
    CU_ASSERT_STRING_EQUAL(fmt_money(b, fig_value(0), "GBP"), "\xC2\xA3"
                                                              "0");
    CU_ASSERT_STRING_EQUAL(fmt_money(b, fig_value(50), "GBP"), "\xC2\xA3"
                                                               "50");
    CU_ASSERT_STRING_EQUAL(fmt_money(b, fig_value(99.996), "GBP"), "\xC2\xA3"
                                                                   "100");
    CU_ASSERT_STRING_EQUAL(fmt_money(b, fig_value(0.5), "GBP"), "\xC2\xA3"
                                                                "0.50");
    CU_ASSERT_STRING_EQUAL(fmt_money(b, fig_value(1200), "EUR"), "\xE2\x82\xAC"
                                                                 "1,200");
    CU_ASSERT_STRING_EQUAL(fmt_money(b, fig_value(1200), "CHF"), "CHF 1,200");
    CU_ASSERT_STRING_EQUAL(fmt_money(b, hidden, "GBP"), "[c]");
    /* 70 / 138 = 0.50724...: one decimal of a percentage */
    CU_ASSERT_STRING_EQUAL(fmt_pct(b, fig_value(0.50724637681159424)), "50.7%");
    CU_ASSERT_STRING_EQUAL(fmt_pct(b, fig_value(1)), "100.0%");
    CU_ASSERT_STRING_EQUAL(fmt_pct(b, fig_value(0.0005)), "0.1%");
    CU_ASSERT_STRING_EQUAL(fmt_pct(b, na), "n/a");
    CU_ASSERT_STRING_EQUAL(fmt_num(b, fig_value(1.6228813559322033), 2), "1.62");
    CU_ASSERT_STRING_EQUAL(fmt_num(b, fig_value(-0.1), 2), "\xE2\x88\x92"
                                                           "0.10");
    CU_ASSERT_STRING_EQUAL(fmt_num(b, fig_value(1234.5678), 2), "1,234.57");
    CU_ASSERT_STRING_EQUAL(fmt_pvalue(b, fig_value(2.6e-26)), "< 0.001");
    CU_ASSERT_STRING_EQUAL(fmt_pvalue(b, fig_value(0.0234)), "0.023");
    CU_ASSERT_STRING_EQUAL(fmt_pct_range(b, fig_value(0.4247743), fig_value(0.5893259)),
                           "42.5% to 58.9%");
    CU_ASSERT_STRING_EQUAL(fmt_pct_range(b, hidden, hidden), "[c]");
    /* an open end (a cost per outcome interval over a Wilson end of 0) */
    CU_ASSERT_STRING_EQUAL(fmt_money_range(b, fig_value(9329.76), na, "GBP"), "\xC2\xA3"
                                                                              "9,330 to n/a");
    CU_ASSERT_STRING_EQUAL(fmt_count(b, fig_value(1e300)), "1e+300");
}

static void reading_figures(void)
{
    json_t *o = json_loads("{\"a\": 1.5, \"b\": null, \"c\": \"x\", \"d\": [0.1, null]}", 0, NULL);
    json_t *h = json_loads("{\"b\": null, \"d\": [null, null], \"suppressed\": true}", 0, NULL);
    CU_ASSERT_EQUAL(fig_get(o, "a").kind, FIG_VALUE);
    CU_ASSERT_DOUBLE_EQUAL(fig_get(o, "a").v, 1.5, 0);
    CU_ASSERT_EQUAL(fig_get(o, "b").kind, FIG_NA);     /* null, not suppressed: n/a */
    CU_ASSERT_EQUAL(fig_get(o, "c").kind, FIG_NA);     /* not a number */
    CU_ASSERT_EQUAL(fig_get(o, "zz").kind, FIG_NA);    /* absent */
    CU_ASSERT_EQUAL(fig_get(h, "b").kind, FIG_HIDDEN); /* null in a suppressed object */
    CU_ASSERT_EQUAL(fig_pair(o, "d", 0).kind, FIG_VALUE);
    CU_ASSERT_EQUAL(fig_pair(o, "d", 1).kind, FIG_NA);
    CU_ASSERT_EQUAL(fig_pair(h, "d", 0).kind, FIG_HIDDEN);
    CU_ASSERT_EQUAL(fig_pair(o, "a", 0).kind, FIG_NA); /* not a pair */
    json_decref(o);
    json_decref(h);
}

static void rag_thresholds(void)
{
    /* The workbook's rule: >= 100% on target, >= 80% near, else below. */
    CU_ASSERT_EQUAL(rag_of(fig_value(1.0)), RAG_ON);
    CU_ASSERT_EQUAL(rag_of(fig_value(1.51)), RAG_ON);
    CU_ASSERT_EQUAL(rag_of(fig_value(0.99999)), RAG_NEAR);
    CU_ASSERT_EQUAL(rag_of(fig_value(0.8)), RAG_NEAR);
    CU_ASSERT_EQUAL(rag_of(fig_value(0.7999)), RAG_BELOW);
    CU_ASSERT_EQUAL(rag_of((fig){FIG_HIDDEN, 0}), RAG_HIDDEN);
    CU_ASSERT_EQUAL(rag_of((fig){FIG_NA, 0}), RAG_NONE);
}

/* ---- one evaluation ---- */

/* An evaluate summary in the documented shape, with strings that try to
 * break out of the page wherever a summary's text is shown. */
static const char hostile[] =
    "{\"thrive_version\": \"0.1.0\", \"plugin_abi\": 2,"
    " \"model\": {\"id\": \"m<script>id</script>\", \"title\": \"T<script>alert('t')</script>\","
    "  \"pilot\": \"generic\", \"file\": \"</title><script>f</script>\", \"sha256\": \"ab\"},"
    " \"plugin\": {\"name\": \"<script>p</script>\", \"version\": \"1\"},"
    " \"data\": {\"file\": \"<img src=x onerror=alert(1)>\", \"sha256\": \"cd\","
    "  \"rows_read\": 10, \"rows_accepted\": 10, \"rows_rejected\": 0,"
    "  \"warnings\": [{\"kind\": \"absent_column\", \"field\": \"<b>f</b>\", \"count\": 2,"
    "    \"message\": \"<script>w</script>\"}]},"
    " \"participants\": 10,"
    " \"costs\": {\"total\": 100.0, \"adjusted\": 110.0, \"by_kind\": {\"<script>k\": 100.0},"
    "  \"per_participant\": 10.0},"
    " \"outputs\": [{\"id\": \"o1\", \"label\": \"<script>alert(1)</script>\", \"count\": 10,"
    "   \"target\": 10, \"pct_of_target\": 1.0, \"cost_per_output\": 10.0}],"
    " \"outcomes\": [{\"id\": \"x\", \"label\": \"x\\\" onmouseover=\\\"alert(1)\", \"strategy\": "
    "\"<s>\","
    "   \"eligible\": 10, \"achieved\": 5, \"rate\": 0.5, \"rate_ci95\": [0.2, 0.8],"
    "   \"target\": 0.5, \"net\": 5.0, \"cost_per_outcome\": 20.0, \"cost_per_net_outcome\": 20.0,"
    "   \"present_value\": null}],"
    " \"value_for_money\": {\"present_value\": 0.0, \"npv\": -110.0, \"sroi_ratio\": 0.0,"
    "   \"sensitivity\": [{\"param\": \"outcomes.<script>.value\", \"base\": 1, \"low\": 0.75,"
    "   \"high\": 1.25, \"npv_low\": -110, \"npv_high\": -110, \"sroi_low\": 0, \"sroi_high\": 0,"
    "   \"switching_value\": null}]},"
    " \"distance_travelled\": [{\"id\": \"d\", \"label\": \"<script>d</script>\", \"n\": 2,"
    "   \"mean_change\": 1.0, \"ci95\": [0.5, 1.5]}],"
    " \"breakdowns\": {\"<b>field</b>\": {\"<img src=y onerror=alert(2)>\": {\"participants\": 10,"
    "   \"outputs\": {\"o1\": {\"count\": 10}}, \"outcomes\": {\"x\": {\"eligible\": 10,"
    "   \"achieved\": 5}}}}},"
    " \"quarters\": [{\"quarter\": \"<script>q</script>\", \"participants\": 10, \"outputs\": {},"
    "   \"outcomes\": {}}],"
    " \"plugin_measures\": {\"<script>m\": 1, \"<t>\": [{\"<r>\": \"<script>v</script>\", \"n\": "
    "1}]}}";

static void script_in_a_label_is_text(void)
{
    char *html = render(hostile);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    /* No markup from the summary: not one script, image or event handler. */
    CU_ASSERT_FALSE(has_nocase(html, "<script"));
    CU_ASSERT_FALSE(has_nocase(html, "<img"));
    CU_ASSERT_FALSE(has_nocase(html, "<b>"));
    CU_ASSERT_FALSE(has_nocase(html, "onmouseover=\""));
    CU_ASSERT_FALSE(has_nocase(html, "</title><"));
    /* ... but the text itself, escaped, where a reader sees it. */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(html, "<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt;</th>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "x&quot; onmouseover=&quot;alert(1)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "&lt;img src=y onerror=alert(2)&gt;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "&lt;script&gt;w&lt;/script&gt;"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(html, "<h1>T&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;</h1>"));
    /* Nothing that could reach the network: the one URL is SVG's namespace. */
    CU_ASSERT_EQUAL(count(html, "http"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
    CU_ASSERT_FALSE(has_nocase(html, "src=\""));
    CU_ASSERT_FALSE(has_nocase(html, "url("));
    free(html);
}

/* A summary with figures hidden by --suppress 5. */
static const char suppressed[] =
    "{\"model\": {\"id\": \"m\", \"title\": \"M\"}, \"suppress\": 5,"
    " \"data\": {\"rows_read\": 40, \"rows_accepted\": 40, \"rows_rejected\": 0},"
    " \"participants\": 40, \"costs\": {\"total\": 1000.0},"
    " \"outcomes\": [{\"id\": \"rare\", \"label\": \"Rare\", \"eligible\": 20, \"achieved\": null,"
    "   \"rate\": null, \"rate_ci95\": [null, null], \"target\": 0.5, \"net\": null,"
    "   \"cost_per_outcome\": null, \"cost_per_net_outcome\": null, \"present_value\": null,"
    "   \"suppressed\": true},"
    "  {\"id\": \"none\", \"label\": \"None achieved\", \"eligible\": 20, \"achieved\": 0,"
    "   \"rate\": 0.0, \"rate_ci95\": [0.0, 0.16], \"net\": 0.0, \"cost_per_outcome\": null,"
    "   \"cost_per_net_outcome\": null, \"present_value\": null}],"
    " \"breakdowns\": {\"area\": {\"North\": {\"participants\": 37, \"outputs\": {},"
    "   \"outcomes\": {\"rare\": {\"eligible\": 18, \"achieved\": null}}, \"suppressed\": true},"
    "  \"South\": {\"participants\": null, \"outputs\": {}, \"outcomes\": {\"rare\": {\"eligible\":"
    "   null, \"achieved\": null}}, \"suppressed\": true}}}}";

static void hidden_figures_are_c(void)
{
    char *html = render(suppressed);
    char *rare = row(html, "Outcomes: cases", "Rare");
    /* eligible 20 shown; achieved, net, both costs per outcome and the
     * present value hidden: five [c], no n/a */
    CU_ASSERT_PTR_NOT_NULL(strstr(rare, ">20<"));
    CU_ASSERT_EQUAL(count(rare, "[c]"), 5);
    CU_ASSERT_EQUAL(count(rare, "n/a"), 0);
    /* the rate, its interval and the status against the target */
    char *rate = row(html, "Outcome rates against their targets</caption>", "Rare");
    CU_ASSERT_EQUAL(count(rate, "[c]"), 3);
    /* nothing achieved is no secret: 0 shown, its cost per outcome n/a */
    char *none = row(html, "Outcomes: cases", "None achieved");
    CU_ASSERT_PTR_NOT_NULL(strstr(none, ">0<"));
    CU_ASSERT_EQUAL(count(none, "n/a"), 3);
    CU_ASSERT_EQUAL(count(none, "[c]"), 0);
    /* a breakdown group: counts hidden, so is its rate */
    char *south = row(html, "Outcome rates by Area", "South");
    CU_ASSERT_EQUAL(count(south, "[c]"), 2);
    char *north = row(html, "Outcome rates by Area", "North");
    CU_ASSERT_PTR_NOT_NULL(strstr(north, ">37<"));
    CU_ASSERT_EQUAL(count(north, "[c]"), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Disclosure control: counts from 1 to 4"));
    free(rare), free(rate), free(none), free(south), free(north);
    free(html);
}

/* The figures the report works out itself. */
static const char derived[] =
    "{\"model\": {\"id\": \"m\", \"title\": \"M\", \"currency\": \"GBP\"},"
    " \"data\": {\"rows_read\": 306, \"rows_accepted\": 300, \"rows_rejected\": 6},"
    " \"participants\": 300,"
    " \"costs\": {\"total\": 2175250.0, \"adjusted\": 2392775.0,"
    "   \"by_kind\": {\"staff\": 1860000.0, \"funding\": 315250.0}, \"per_participant\": 7250.8},"
    " \"outputs\": [],"
    " \"outcomes\": ["
    "  {\"id\": \"a\", \"label\": \"Crime\", \"eligible\": 138, \"achieved\": 70,"
    "   \"rate\": 0.50724637681159424, \"rate_ci95\": [0.42, 0.59], \"target\": 0.5,"
    "   \"net\": 47.6, \"present_value\": 1000.0, \"strategy\": \"place\"},"
    "  {\"id\": \"b\", \"label\": \"Adult in work\", \"eligible\": 170, \"achieved\": 23,"
    "   \"rate\": 0.135, \"rate_ci95\": [0.09, 0.19], \"target\": 0.15, \"net\": 15.6,"
    "   \"present_value\": null, \"strategy\": \"financial_support\"},"
    "  {\"id\": \"c\", \"label\": \"Debt\", \"eligible\": 122, \"achieved\": 12,"
    "   \"rate\": 0.1, \"rate_ci95\": [0.05, 0.16], \"target\": 0.15, \"net\": 37.4,"
    "   \"present_value\": 60574.575836075535, \"strategy\": \"financial_support\"}],"
    " \"breakdowns\": {\"site\": {"
    "  \"Westholme\": {\"participants\": 40, \"outcomes\": {\"a\": {\"eligible\": 17, "
    "\"achieved\": 11}}},"
    "  \"Eastgate\": {\"participants\": 103, \"outcomes\": {\"a\": {\"eligible\": 74, "
    "\"achieved\": 47}}},"
    "  \"Tiny\": {\"participants\": 3, \"outcomes\": {\"a\": {\"eligible\": 0, \"achieved\": "
    "0}}}}}}";

static void derived_figures(void)
{
    char *html = render(derived);
    /* staff 1860000 / 2175250 = 0.85507; funding 315250 / 2175250 = 0.14493 */
    char *staff = row(html, "Costs by kind of input</caption>", "Staff");
    CU_ASSERT_PTR_NOT_NULL(strstr(staff, ">85.5%<"));
    char *funding = row(html, "Costs by kind of input</caption>", "Funding");
    CU_ASSERT_PTR_NOT_NULL(strstr(funding, ">14.5%<"));
    /* % of target = rate / target: 0.50725 / 0.5 = 1.01449 on target;
     * 0.135 / 0.15 = 0.9 near; 0.1 / 0.15 = 0.6667 below */
    char *crime = row(html, "against their targets</caption>", "Crime");
    CU_ASSERT_PTR_NOT_NULL(strstr(crime, ">101.4%<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(crime, "On target"));
    char *work = row(html, "against their targets</caption>", "Adult in work");
    CU_ASSERT_PTR_NOT_NULL(strstr(work, ">90.0%<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(work, "Near target"));
    char *debt = row(html, "against their targets</caption>", "Debt");
    CU_ASSERT_PTR_NOT_NULL(strstr(debt, ">66.7%<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(debt, "Below target"));
    /* 1 on, 1 near, 1 below, in words as well as colour */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Of 3 targets, 1 is on target, 1 near target"));
    /* group rates: 11 / 17 = 0.64706, a small base (17 < 30): marked;
     * 47 / 74 = 0.63514 not; 0 eligible: no rate */
    char *west = row(html, "Outcome rates by Site", "Westholme");
    CU_ASSERT_PTR_NOT_NULL(strstr(west, "64.7%<abbr"));
    CU_ASSERT_PTR_NOT_NULL(strstr(west, "11 of 17"));
    char *east = row(html, "Outcome rates by Site", "Eastgate");
    CU_ASSERT_PTR_NOT_NULL(strstr(east, "63.5%<br>"));
    char *tiny =
        row(html, "Outcome rates by Site", "Tiny <span class=\"small muted\">(small group)</span>");
    CU_ASSERT_PTR_NOT_NULL(strstr(tiny, "none eligible"));
    /* building blocks: financial support net 15.6 + 37.4 = 53.0, present
     * value null (n/a, left out) + 60574.58 = £60,575; place 47.6, £1,000 */
    char *fin = row(html, "by building block</caption>", "Financial support");
    CU_ASSERT_PTR_NOT_NULL(strstr(fin, ">53.0<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(fin, ">\xC2\xA3"
                                       "60,575<"));
    char *place = row(html, "by building block</caption>", "Place");
    CU_ASSERT_PTR_NOT_NULL(strstr(place, ">47.6<"));
    /* share rejected: 6 / 306 = 0.019608 */
    char *share = row(html, "Case data</caption>", "Share rejected");
    CU_ASSERT_PTR_NOT_NULL(strstr(share, ">2.0%<"));
    free(staff), free(funding), free(crime), free(work), free(debt), free(west), free(east);
    free(tiny), free(fin), free(place), free(share);
    free(html);
}

/* Value for money in depth, as the summary gives it when the model asks. */
static const char in_depth[] =
    "{\"model\": {\"id\": \"m\", \"title\": \"M\"}, \"participants\": 10,"
    " \"costs\": {\"total\": 1000.0, \"adjusted\": 1100.0},"
    " \"outcomes\": [{\"id\": \"debt\", \"label\": \"Debt managed\", \"eligible\": 10,"
    "   \"achieved\": 5, \"rate\": 0.5}],"
    " \"value_for_money\": {\"present_value\": 1500.0, \"npv\": 400.0, \"sroi_ratio\": 1.3636,"
    "  \"sroi_bounds\": [0.9, 1.8], \"fiscal_roi\": 0.5, \"payback_year\": null, \"bcr\": 1.3636,"
    "  \"by_type\": {\"fiscal\": 550.0, \"economic\": 0.0, \"social\": 950.0},"
    "  \"by_agency\": {\"dwp\": 500.0, \"nhs\": 50.0},"
    "  \"sensitivity\": ["
    "   {\"param\": \"adjustments.deadweight\", \"base\": 0.2, \"low\": 0.1, \"high\": 0.3,"
    "    \"npv_low\": 587.5, \"npv_high\": 212.5, \"sroi_low\": 1.53, \"sroi_high\": 1.19,"
    "    \"switching_value\": 0.4133},"
    "   {\"param\": \"outcomes.debt.value\", \"base\": 1, \"low\": 0.75, \"high\": 1.25,"
    "    \"npv_low\": 25.0, \"npv_high\": 775.0, \"sroi_low\": 1.02, \"sroi_high\": 1.70,"
    "    \"switching_value\": 0.7333},"
    "   {\"param\": \"outcomes.debt.duration\", \"base\": 3, \"low\": 2, \"high\": 4,"
    "    \"npv_low\": 300.0, \"npv_high\": 450.0, \"sroi_low\": 1.27, \"sroi_high\": 1.41,"
    "    \"switching_value\": null}]}}";

static void value_in_depth(void)
{
    char *html = render(in_depth);
    /* widest swing first: value (775 - 25 = 750), deadweight (375), duration (150) */
    const char *t = strstr(html, "when each assumption changes</caption>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    const char *v = strstr(t, ">Value: Debt managed<"), *d = strstr(t, ">Deadweight<"),
               *y = strstr(t, ">Duration: Debt managed<");
    CU_ASSERT(v && d && y && v < d && d < y);
    char *value = row(html, "when each assumption changes</caption>", "Value: Debt managed");
    /* multipliers as such; NPV at low and high; the switching value */
    CU_ASSERT_PTR_NOT_NULL(strstr(value, ">\xC3\x97"
                                         "0.75<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(value, ">\xC2\xA3"
                                         "25<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(value, ">\xC2\xA3"
                                         "775<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(value, ">\xC3\x97"
                                         "0.73<"));
    char *dead = row(html, "when each assumption changes</caption>", "Deadweight");
    CU_ASSERT_PTR_NOT_NULL(strstr(dead, ">20.0%<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(dead, ">41.3%<"));
    char *dur = row(html, "when each assumption changes</caption>", "Duration: Debt managed");
    CU_ASSERT_PTR_NOT_NULL(strstr(dur, ">3 years<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(dur, ">never<"));
    char *bounds =
        row(html, "Value for money</caption>", "SROI ratio over the 95% intervals of the rates");
    CU_ASSERT_PTR_NOT_NULL(strstr(bounds, ">0.90 to 1.80<"));
    char *payback = row(html, "Value for money</caption>", "Pays back");
    CU_ASSERT_PTR_NOT_NULL(strstr(payback, ">not within the outcomes"));
    char *dwp = row(html, "by who benefits</caption>", "Fiscal: DWP");
    CU_ASSERT_PTR_NOT_NULL(strstr(dwp, ">\xC2\xA3"
                                       "500<"));
    free(value), free(dead), free(dur), free(bounds), free(payback), free(dwp);
    free(html);
}

/* ---- a compare summary ---- */

static char *read_fixture(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", REPORT_FIXTURES, name);
    FILE *f = fopen(path, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *text = malloc((size_t)n + 1);
    CU_ASSERT_EQUAL_FATAL(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    return text;
}

static void comparison(void)
{
    char *text = read_fixture("compare-summary.json");
    char *html = render(text);
    /* Figures as compare_fixture.py printed them (rounded to whole pounds):
     * Cornwall 198675 / 40 = 4966.875, interval 4091.16 to 6319.60, rank 1,
     * could rank 1 to 2; Kent 6708.33, 5879.82 to 7751.60, rank 2, 1 to 2;
     * Islington 15000, 9329.76 to 26432.43, rank 3, 3. */
    char *c = row(html, "cost per outcome by site", "Cornwall");
    CU_ASSERT_PTR_NOT_NULL(strstr(c, ">\xC2\xA3"
                                     "4,967<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(c, ">\xC2\xA3"
                                     "4,091 to \xC2\xA3"
                                     "6,320<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(c, ">1<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(c, ">1 to 2<"));
    char *i = row(html, "cost per outcome by site", "Islington &lt;North&gt;");
    CU_ASSERT_PTR_NOT_NULL(strstr(i, ">\xC2\xA3"
                                     "9,330 to \xC2\xA3"
                                     "26,432<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(i, ">3<"));
    /* sorted by rank: Cornwall, Kent, Islington */
    const char *table = strstr(html, "cost per outcome by site, best value first</caption>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(table);
    const char *pc = strstr(table, ">Cornwall<"), *pk = strstr(table, ">Kent<"),
               *pi = strstr(table, ">Islington &lt;North&gt;<");
    CU_ASSERT(pc && pk && pi && pc < pk && pk < pi);
    /* funnel: p0 = 170 / 420; Islington 10 / 40 = 0.25 below the 95% limit
     * (0.2527), above the 99.8% one (0.1650); the others within */
    char *fi = row(html, "funnel plot of the sites", "Islington &lt;North&gt;");
    CU_ASSERT_PTR_NOT_NULL(strstr(fi, "Below 95%"));
    CU_ASSERT_PTR_NOT_NULL(strstr(fi, "10 of 40"));
    CU_ASSERT_EQUAL(count(html, "\xE2\x97\x8F Within"), 2);
    /* the programme: 1153675 / 580 = 1989.09 per participant; 306000 PV */
    char *t = row(html, "and the programme total</caption>", "Programme total");
    CU_ASSERT_PTR_NOT_NULL(strstr(t, ">580<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, ">\xC2\xA3"
                                     "1,989<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, ">\xC2\xA3"
                                     "306,000<"));
    /* building blocks from by_strategy: Kent net 120 x 0.72 = 86.4 */
    char *kb = row(html, "by building block and site</caption>", "Kent");
    CU_ASSERT_PTR_NOT_NULL(strstr(kb, ">86.4<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Kent: Childcare places (outcome)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<h3 id=\"outcome-"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, ">Debt resolved or managed</h3>"));
    free(c), free(i), free(fi), free(t), free(kb);
    free(html);
    free(text);
}

/* The chart of cost per outcome keeps its axis for the bars: the costs are
 * 4,967, 6,708 and 15,000, so the axis may reach 15,000 + 15,000 / 2 =
 * 22,500 for an interval; Islington's upper end, 26,432, is past that and
 * drawn as an arrow.  The axis is then 0 to 15,000 in steps of 5,000 (a
 * span of 15,000 / 5 = 3,000 a step, rounded up to a nice 5,000); had it
 * stretched to 26,432, the steps would be 10,000 and its end 30,000. */
static void wide_interval_is_an_arrow(void)
{
    char *text = read_fixture("compare-summary.json");
    char *html = render(text);
    const char *svg = strstr(html, "cost per outcome by site, best value first</title>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
    const char *end = strstr(svg, "</svg>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(end);
    char *chart = strndup(svg, (size_t)(end - svg));
    CU_ASSERT_PTR_NOT_NULL(strstr(chart, ">\xC2\xA3"
                                         "15k<"));
    CU_ASSERT_PTR_NULL(strstr(chart, ">\xC2\xA3"
                                     "20k<"));
    CU_ASSERT_PTR_NULL(strstr(chart, ">\xC2\xA3"
                                     "30k<"));
    /* one arrow (three points, " L") among the whiskers */
    CU_ASSERT_EQUAL(count(chart, " L"), 2);
    free(chart);
    free(html);
    free(text);
}

static void several_evaluations(void)
{
    const char *texts[] = {derived, derived};
    thrive_error e;
    char *html = render_n(texts, 2, &e);
    CU_ASSERT_EQUAL(e, THRIVE_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<h1>2 evaluations side by side</h1>"));
    /* each site's own sections, with ids that do not clash */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "id=\"s1-outcomes\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "id=\"s2-outcomes\""));
    CU_ASSERT_EQUAL(count(html, "id=\"s1-outcomes\""), 1);
    /* each outcome both have, side by side under its label */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, ">Crime</h3>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, ">Crime: rate by site</caption>"));
    free(html);
}

/* ---- errors ---- */

static void errors(void)
{
    thrive_error e;
    const char *not_summary = "{\"hello\": 1}";
    char *html = render_n(&not_summary, 1, &e);
    CU_ASSERT_EQUAL(e, THRIVE_ERROR_DATA);
    free(html);
    html = render_n(NULL, 0, &e);
    CU_ASSERT_EQUAL(e, THRIVE_ERROR_USAGE);
    free(html);
    char *cmp = read_fixture("compare-summary.json");
    const char *mixed[] = {derived, cmp};
    html = render_n(mixed, 2, &e);
    CU_ASSERT_EQUAL(e, THRIVE_ERROR_USAGE);
    free(html);
    free(cmp);

    /* An unwritable path; a failed report leaves an existing file alone. */
    json_t *bad = json_loads(not_summary, 0, NULL);
    diag_list dl;
    diag_init(&dl);
    CU_ASSERT_EQUAL(report_write(&bad, 1, "/nonexistent-dir/r.html", &dl), THRIVE_ERROR_OUTPUT);
    char path[] = "/tmp/thrive-report-test-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, "keep", 4), 4);
    close(fd);
    CU_ASSERT_EQUAL(report_write(&bad, 1, path, &dl), THRIVE_ERROR_DATA);
    FILE *f = fopen(path, "r");
    char buf[64] = "";
    CU_ASSERT_PTR_NOT_NULL(fgets(buf, sizeof buf, f));
    fclose(f);
    CU_ASSERT_STRING_EQUAL(buf, "keep");
    CU_ASSERT(dl.n_errors == 2);
    diag_free(&dl);
    json_decref(bad);
    json_t *good = json_loads(derived, 0, NULL);
    diag_init(&dl);
    CU_ASSERT_EQUAL(report_write(&good, 1, path, &dl), THRIVE_OK);
    f = fopen(path, "r");
    CU_ASSERT_PTR_NOT_NULL(fgets(buf, sizeof buf, f));
    fclose(f);
    CU_ASSERT_STRING_EQUAL(buf, "<!DOCTYPE html>\n");
    remove(path);
    diag_free(&dl);
    json_decref(good);
}

/* A large summary (many breakdown groups and quarters: the summary's size
 * depends on the model, not on the rows) renders whole: every group and
 * quarter is on the page.  Its speed is measured by bench/report.sh. */
static void large(void)
{
    json_t *s = json_loads(derived, 0, NULL);
    json_t *groups = json_object(), *quarters = json_array();
    for (int i = 0; i < 2000; i++) {
        char name[32];
        snprintf(name, sizeof name, "group %d", i);
        json_object_set_new(groups, name,
                            json_pack("{s:i, s:{s:{s:i, s:i}}}", "participants", 100 + i,
                                      "outcomes", "a", "eligible", 50 + i, "achieved", i % 50));
    }
    for (int q = 0; q < 200; q++)
        json_array_append_new(quarters, json_pack("{s:s, s:i, s:{}}", "quarter", "2009-10 Q1",
                                                  "participants", q, "outcomes"));
    json_object_set_new(json_object_get(s, "breakdowns"), "many", groups);
    json_object_set_new(s, "quarters", quarters);
    char *html = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&html, &size);
    diag_list dl;
    diag_init(&dl);
    CU_ASSERT_EQUAL(report_render(&s, 1, f, "large", &dl), THRIVE_OK);
    fclose(f);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, ">group 0<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, ">group 1999<"));
    diag_free(&dl);
    json_decref(s);
    free(html);
}

int main(void)
{
    static CU_TestInfo escaping[] = {{"escape_table", escape_table}, CU_TEST_INFO_NULL};
    static CU_TestInfo figures[] = {{"format_table", format_table},
                                    {"reading_figures", reading_figures},
                                    {"rag_thresholds", rag_thresholds},
                                    CU_TEST_INFO_NULL};
    static CU_TestInfo pages[] = {{"script_in_a_label_is_text", script_in_a_label_is_text},
                                  {"hidden_figures_are_c", hidden_figures_are_c},
                                  {"derived_figures", derived_figures},
                                  {"value_in_depth", value_in_depth},
                                  {"comparison", comparison},
                                  {"wide_interval_is_an_arrow", wide_interval_is_an_arrow},
                                  {"several_evaluations", several_evaluations},
                                  {"errors", errors},
                                  {"large", large},
                                  CU_TEST_INFO_NULL};
    cunit_tap_add("escaping", escaping);
    cunit_tap_add("figures", figures);
    cunit_tap_add("pages", pages);
    return cunit_tap_run();
}
