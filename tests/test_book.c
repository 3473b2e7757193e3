/* test_book.c - the evaluation workbook (src/book*.c; docs/manual/outputs.md).
 *
 * A results struct is built by hand around tests/models/valid/book.yaml,
 * with figures computed here by the definitions of docs/manual/methods.md so that they are
 * consistent (tests/recalc/hand-built.sh recalculates the same workbook in
 * LibreOffice and compares).  Each test writes a workbook into a temporary
 * directory and reads its XML parts back with `unzip -p`.
 *
 * Run as `test_book --write DIR` it only writes DIR/book.xlsx and
 * DIR/book-suppressed.xlsx (--suppress 5) for tests/recalc/hand-built.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>

#include "book.h"
#include "cunit_tap.h"
#include "diag.h"
#include "model.h"
#include "outfile.h"
#include "results.h"
#include "vfm.h"
#include "stats.h"
#include "testlib.h"

static model *m;
static char tmpdir[256];

/* ---- a results struct, by the definitions ---- */

static char *sdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        exit(99);
    return d;
}

static void *zalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        exit(99);
    return p;
}

static res_group group(const char *label, long long participants, const long long *outputs,
                       const long long *eligible, const long long *achieved)
{
    res_group g = {.label = sdup(label), .participants = participants};
    g.output_counts = zalloc(m->n_outputs, sizeof *g.output_counts);
    g.eligible = zalloc(m->n_outcomes, sizeof *g.eligible);
    g.achieved = zalloc(m->n_outcomes, sizeof *g.achieved);
    memcpy(g.output_counts, outputs, m->n_outputs * sizeof *outputs);
    memcpy(g.eligible, eligible, m->n_outcomes * sizeof *eligible);
    memcpy(g.achieved, achieved, m->n_outcomes * sizeof *achieved);
    g.rate = zalloc(m->n_outcomes, sizeof *g.rate);
    for (size_t i = 0; i < m->n_outcomes; i++) /* A / E within the group */
        g.rate[i] = eligible[i] ? (double)achieved[i] / (double)eligible[i] : NAN;
    return g;
}

/* Output counts: referred (all, target 100), engaged (no target), small
 * (target 10; under --suppress 5 it is hidden). */
static long long output_counts[] = {110, 60, 3};
/* Outcomes: debt_managed, in_work (4 achieved: hidden under --suppress 5),
 * nobody (no one eligible: rate n/a, net 0, present value 0). */
static const long long eligible[] = {50, 110, 0}, achieved[] = {30, 4, 0};

/* The plugin table's title, whose sheet name is "Domains entry exit per
 * family" ([]:/ dropped, cut to 31 characters at a word). */
static const char *table_title = "Domains: entry/exit [per family] at a glance";

static void fill_results(results *r, long suppress, bool quarters)
{
    memset(r, 0, sizeof *r);
    r->m = m;
    r->model_file = "tests/models/valid/book.yaml";
    r->data_file = "book-cases.csv";
    memset(r->model_sha256, 'a', 64);
    memset(r->data_sha256, 'b', 64);
    r->plugin_name = "generic";
    r->plugin_version = "0.1.0";
    r->generated = 1262347200; /* 2010-01-01T12:00:00Z */
    r->suppress = suppress;

    r->rows_read = 120;
    r->rows_accepted = 110;
    r->rows_rejected = 10;
    /* two rows listed: "and 8 more" */
    results_reject(r, 5, "household", "not one of lone_parent, couple");
    results_reject(r, 5, "money_start", "above the maximum 10");
    results_reject(r, 9, NULL, "3 cells where the header has 13");
    /* every fault counted by field and reason, listed or not: 6 + 3 + 2 */
    static const struct {
        const char *field, *reason;
        int n;
    } faults[] = {{"money_start", "above the maximum 10", 3},
                  {"household", "not one of lone_parent, couple", 6},
                  {NULL, "3 cells where the header has 13", 2}};
    for (size_t k = 0; k < sizeof faults / sizeof *faults; k++)
        for (int j = 0; j < faults[k].n; j++)
            data_quality_count(&r->dq, faults[k].field, faults[k].reason);
    r->dq.blank_records = 2;
    r->n_ignored_columns = 2;
    r->ignored_columns = zalloc(2, sizeof *r->ignored_columns);
    r->ignored_columns[0] = sdup("notes");
    r->ignored_columns[1] = sdup("worker");

    double n = (double)r->rows_accepted;
    for (size_t i = 0; i < m->n_inputs; i++) {
        r->cost_total += m->inputs[i].cost;
        r->cost_by_kind[m->inputs[i].kind] += m->inputs[i].cost;
        r->kind_present[m->inputs[i].kind] = true;
    }
    r->cost_adjusted = r->cost_total * (1 + m->adj.optimism_bias);
    r->cost_per_participant = r->cost_total / n;

    r->outputs = zalloc(m->n_outputs, sizeof *r->outputs);
    for (size_t i = 0; i < m->n_outputs; i++) {
        res_output *o = &r->outputs[i];
        o->count = output_counts[i];
        o->pct_of_target = m->outputs[i].has_target && m->outputs[i].target != 0
                               ? (double)o->count / m->outputs[i].target
                               : NAN;
        o->cost_per_output = o->count ? r->cost_total / (double)o->count : NAN;
        o->status = fig_status_of(o->pct_of_target);
    }

    const adjustments *adj = &m->adj;
    r->outcomes = zalloc(m->n_outcomes, sizeof *r->outcomes);
    for (size_t i = 0; i < m->n_outcomes; i++) {
        const outcome *mo = &m->outcomes[i];
        res_outcome *o = &r->outcomes[i];
        o->eligible = eligible[i];
        o->achieved = achieved[i];
        o->rate = o->eligible ? (double)o->achieved / (double)o->eligible : NAN;
        stats_wilson((double)o->achieved, (double)o->eligible, STATS_Z95, &o->ci_lo, &o->ci_hi);
        o->net = (double)o->achieved * (1 - adj->deadweight) * (1 - adj->displacement) *
                 (1 - adj->attribution);
        o->cost_per_outcome = o->achieved ? r->cost_total / (double)o->achieved : NAN;
        o->cost_per_net_outcome = o->net != 0 ? r->cost_total / o->net : NAN;
        o->present_value = NAN;
        if (mo->has_value) {
            o->present_value = 0;
            for (int t = 1; t <= mo->duration; t++)
                o->present_value += o->net * mo->value * pow(1 - mo->drop_off, t - 1) /
                                    pow(1 + adj->discount_rate, t);
            r->pv_total += o->present_value;
        }
        o->pct_of_target = mo->has_target && mo->target != 0 ? o->rate / mo->target : NAN;
        o->status = fig_status_of(o->pct_of_target);
    }
    r->npv = r->pv_total - r->cost_adjusted;
    r->sroi_ratio = r->cost_adjusted != 0 ? r->pv_total / r->cost_adjusted : NAN;
    /* value for money in depth, as a real run works it out (tests/test_vfm.c checks it) */
    if (vfm_finish(r) != THRIVE_OK)
        exit(99);

    /* money: 80 pairs, changes -1..3; conflict (lower is better): 1 pair. */
    r->areas = zalloc(m->n_areas, sizeof *r->areas);
    static const long long money_hist[] = {5, 15, 25, 20, 15};
    stats_paired_from_histogram(money_hist, -1, 5, &r->areas[0].change);
    r->areas[0].n = 80;
    r->areas[0].n_missing_review = 5;
    r->areas[0].mean_baseline = 4.5;
    r->areas[0].mean_review = 4.5 + r->areas[0].change.mean;
    static const long long conflict_hist[] = {1};
    stats_paired_from_histogram(conflict_hist, 2, 1, &r->areas[1].change);
    r->areas[1].n = 1;
    r->areas[1].n_missing_review = 0;
    r->areas[1].mean_baseline = 7;
    r->areas[1].mean_review = 5; /* baseline - review = 2, the one change */

    r->breakdowns = zalloc(m->n_breakdowns, sizeof *r->breakdowns);
    r->breakdowns[0].n_groups = 2;
    r->breakdowns[0].groups = zalloc(2, sizeof(res_group));
    r->breakdowns[0].groups[0] = group("lone_parent", 70, (long long[]){70, 40, 2},
                                       (long long[]){30, 70, 0}, (long long[]){20, 3, 0});
    r->breakdowns[0].groups[1] = group("couple", 40, (long long[]){40, 20, 1},
                                       (long long[]){20, 40, 0}, (long long[]){10, 1, 0});
    r->breakdowns[1].n_groups = 3;
    r->breakdowns[1].groups = zalloc(3, sizeof(res_group));
    r->breakdowns[1].groups[0] =
        group("school", 3, (long long[]){3, 2, 3}, (long long[]){2, 3, 0}, (long long[]){1, 0, 0});
    r->breakdowns[1].groups[1] = group("housing", 100, (long long[]){100, 55, 0},
                                       (long long[]){45, 100, 0}, (long long[]){27, 4, 0});
    r->breakdowns[1].groups[2] = group("(missing)", 7, (long long[]){7, 3, 0},
                                       (long long[]){3, 7, 0}, (long long[]){2, 0, 0});
    r->breakdowns[1].rows_in_other = 0;

    if (quarters) {
        r->n_quarters = 3;
        r->quarters = zalloc(3, sizeof(res_group));
        /* in time order: their sort keys are year x 4 + quarter - 1 */
        r->quarters[0] = group("2009-10 Q1", 30, (long long[]){30, 10, 1}, (long long[]){10, 30, 0},
                               (long long[]){5, 1, 0});
        r->quarters[1] = group("2009-10 Q2", 50, (long long[]){50, 30, 2}, (long long[]){25, 50, 0},
                               (long long[]){15, 2, 0});
        r->quarters[2] = group("2009-10 Q3", 30, (long long[]){30, 20, 0}, (long long[]){15, 30, 0},
                               (long long[]){10, 1, 0});
        for (int q = 0; q < 3; q++)
            r->quarters[q].sort_key = 2009 * 4 + q;
    }

    r->n_measures = 2;
    r->measures = zalloc(2, sizeof *r->measures);
    r->measures[0] = (res_measure){.id = sdup("families_resolved"),
                                   .label = sdup("Families with a domain resolved"),
                                   .value = 4,
                                   .format = FMT_COUNT};
    r->measures[1] = (res_measure){.id = sdup("cost_per_resolved"),
                                   .label = sdup("Cost per family resolved"),
                                   .value = r->cost_total / 4,
                                   .format = FMT_CURRENCY,
                                   .has_basis = true,
                                   .basis = 4,
                                   .is_ratio = true, /* total cost / measure 0 */
                                   .num = MEASURE_COST,
                                   .den = 0};

    r->n_tables = 1;
    r->tables = zalloc(1, sizeof *r->tables);
    res_table *t = &r->tables[0];
    t->id = sdup("domains");
    t->title = sdup(table_title);
    t->n_cols = 4;
    t->col_ids = zalloc(4, sizeof(char *));
    t->col_labels = zalloc(4, sizeof(char *));
    t->formats = zalloc(4, sizeof(fig_format));
    const char *ids[] = {"domain", "entry", "exit", "reduction"};
    const char *labels[] = {"Domain", "At entry", "At exit", "% reduction"};
    const fig_format fmts[] = {FMT_TEXT, FMT_COUNT, FMT_COUNT, FMT_PERCENT};
    for (int c = 0; c < 4; c++) {
        t->col_ids[c] = sdup(ids[c]);
        t->col_labels[c] = sdup(labels[c]);
        t->formats[c] = fmts[c];
    }
    t->n_rows = 2;
    t->row_labels = zalloc(2, sizeof(char *));
    t->row_labels[0] = sdup("Debt");
    t->row_labels[1] = sdup("Crime");
    t->values = zalloc(6, sizeof(double));
    const double v[] = {40, 20, 0.5, 3, 0, 1};
    memcpy(t->values, v, sizeof v);
    t->basis_cols = zalloc(4, sizeof(size_t));
    t->basis_cols[3] = 1; /* % reduction is built on the families at entry */
    t->chart = RES_CHART_COLUMN;
    t->chart_title = sdup("Families with each problem");
    t->n_chart_cols = 2;
    t->chart_cols = zalloc(2, sizeof(size_t));
    t->chart_cols[0] = 1;
    t->chart_cols[1] = 2;
    /* what --suppress hides: decided by the results, as for a real run */
    if (results_disclose(r) != THRIVE_OK)
        exit(99);
}

/* ---- reading the workbook back ---- */

/* The bytes of PART inside the xlsx FILE (free it), or NULL. */
static char *unzip_part(const char *file, const char *part)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", file, part);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 2) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown) {
                free(buf);
                buf = NULL;
            }
            buf = grown;
        }
    }
    int status = pclose(p);
    if (!buf)
        return NULL;
    buf[len] = '\0';
    if (status != 0 || len == 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The sheet names in xl/workbook.xml, in order; returns the count. */
static size_t sheet_names(const char *file, char names[][64], size_t max)
{
    char *xml = unzip_part(file, "xl/workbook.xml");
    size_t n = 0;
    for (const char *p = xml; p && n < max && (p = strstr(p, "<sheet ")) != NULL; p++) {
        const char *a = strstr(p, "name=\"");
        if (!a)
            break;
        a += 6;
        size_t len = strcspn(a, "\"");
        snprintf(names[n++], 64, "%.*s", (int)len, a);
    }
    free(xml);
    return n;
}

/* The worksheet XML of sheet NAME (libxlsxwriter numbers them in order). */
static char *sheet_xml(const char *file, const char *name)
{
    char names[32][64];
    size_t n = sheet_names(file, names, 32);
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) {
            char part[64];
            snprintf(part, sizeof part, "xl/worksheets/sheet%zu.xml", i + 1);
            return unzip_part(file, part);
        }
    return NULL;
}

/* One cell as read back: its formula (or ""), and its value as text. */
typedef struct cellval {
    bool found;
    char formula[1024];
    char value[33000];
    char type[8]; /* "", "s", "str" */
} cellval;

static void xml_unescape(char *s)
{
    static const struct {
        const char *from;
        char to;
    } ents[] = {{"&quot;", '"'}, {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&apos;", '\''}};
    char *o = s;
    for (char *p = s; *p;) {
        bool done = false;
        for (size_t e = 0; e < sizeof ents / sizeof *ents && !done; e++) {
            size_t len = strlen(ents[e].from);
            if (strncmp(p, ents[e].from, len) == 0) {
                *o++ = ents[e].to;
                p += len;
                done = true;
            }
        }
        if (!done)
            *o++ = *p++;
    }
    *o = '\0';
}

/* The text between <TAG> and </TAG> inside [from, to), into OUT. */
static bool element(const char *from, const char *to, const char *tag, char *out, size_t n)
{
    char open[16], close[16];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *a = strstr(from, open);
    if (!a || a >= to)
        return false;
    a += strlen(open);
    const char *b = strstr(a, close);
    if (!b || b > to)
        return false;
    snprintf(out, n, "%.*s", (int)(b - a), a);
    xml_unescape(out);
    return true;
}

/* Shared string number I of the workbook. */
static void shared_string(const char *file, long i, char *out, size_t n)
{
    char *xml = unzip_part(file, "xl/sharedStrings.xml");
    out[0] = '\0';
    const char *p = xml;
    for (long k = 0; p && (p = strstr(p, "<si>")) != NULL; k++, p++)
        if (k == i) {
            const char *end = strstr(p, "</si>");
            const char *t = strstr(p, "<t");
            if (t && end && t < end) {
                t = strchr(t, '>') + 1;
                const char *te = strstr(t, "</t>");
                snprintf(out, n, "%.*s", (int)(te - t), t);
                xml_unescape(out);
            }
            break;
        }
    free(xml);
}

static cellval cell(const char *file, const char *sheet, const char *ref)
{
    cellval c = {0};
    char *xml = sheet_xml(file, sheet);
    char key[32];
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    const char *p = xml ? strstr(xml, key) : NULL;
    if (p) {
        const char *end_tag = strchr(p, '>');
        const char *end = end_tag && end_tag[-1] == '/' ? end_tag : strstr(p, "</c>");
        c.found = true;
        const char *t = strstr(p, " t=\"");
        if (t && t < end_tag)
            snprintf(c.type, sizeof c.type, "%.*s", (int)strcspn(t + 4, "\""), t + 4);
        element(p, end, "f", c.formula, sizeof c.formula);
        element(p, end, "v", c.value, sizeof c.value);
        if (strcmp(c.type, "s") == 0)
            shared_string(file, strtol(c.value, NULL, 10), c.value, sizeof c.value);
    }
    free(xml);
    return c;
}

static char *book_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

/* book_write, expecting no diagnostics. */
static thrive_error write_quietly(const results *r, const char *path)
{
    diag_list dl;
    diag_init(&dl);
    thrive_error status = book_write(r, path, &dl);
    CU_ASSERT_EQUAL(dl.n, 0);
    diag_free(&dl);
    return status;
}

/* Write the hand-built results to NAME in the temporary directory. */
static const char *write_book(const char *name, long suppress, bool quarters)
{
    results r;
    fill_results(&r, suppress, quarters);
    const char *path = book_path(name);
    CU_ASSERT_EQUAL(write_quietly(&r, path), THRIVE_OK);
    results_free(&r);
    return path;
}

/* The hand-built results as they are, written once and read by every
 * test that looks at them unchanged (a workbook written under valgrind
 * takes most of a second). */
static const char *default_book(void)
{
    static bool written;
    if (!written) {
        write_book("default.xlsx", 0, true);
        written = true;
    }
    return book_path("default.xlsx");
}

static size_t dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    if (!d)
        return 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* ---- the tests ---- */

static void test_sheet_order(void)
{
    static const char *const expected[] = {"Summary",
                                           "Logic model",
                                           "Costs",
                                           "Outputs",
                                           "Outcomes",
                                           "Value for money",
                                           "Distance travelled",
                                           "Breakdowns",
                                           "Quarters",
                                           "Domains entry exit per family",
                                           "Data quality",
                                           "Methods",
                                           "About"};
    const char *path = default_book();
    char names[32][64];
    size_t n = sheet_names(path, names, 32);
    CU_ASSERT_EQUAL_FATAL(n, 13);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], expected[i]) != 0)
            fprintf(stderr, "# sheet %zu: '%s', expected '%s'\n", i + 1, names[i], expected[i]);
        CU_ASSERT_STRING_EQUAL(names[i], expected[i]);
    }

    /* Without dated rows there is no Quarters sheet. */
    path = write_book("undated.xlsx", 0, false);
    n = sheet_names(path, names, 32);
    CU_ASSERT_EQUAL_FATAL(n, 12);
    CU_ASSERT_STRING_EQUAL(names[7], "Breakdowns");
    CU_ASSERT_STRING_EQUAL(names[8], "Domains entry exit per family");
}

/* A plugin table's title as its sheet's name: at most 31 characters, cut
 * at a clause or a word but not after a word that leads into the cut, no
 * []:*?/\ characters, unlike the fixed sheets. */
static void test_sheet_names(void)
{
    static const char *const cases[][2] = {
        {"Young parents by age band at entry", "Young parents by age band"},
        {"FIP problem domains, entry and exit", "FIP problem domains"},
        {"Parents and jobs by school", "Parents and jobs by school"},
        {"Clients: debts resolved / referred?", "Clients debts resolved referred"},
        {"Families supported in the community", "Families supported"},
        {"Summary", "Summary (2)"},
        {"data quality", "data quality (2)"},
        {"'quoted'", "quoted"},
        {"", "Table 1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        table_title = cases[i][0];
        const char *path = write_book("names.xlsx", 0, true);
        char names[32][64];
        size_t n = sheet_names(path, names, 32);
        CU_ASSERT_FATAL(n == 13);
        if (strcmp(names[9], cases[i][1]) != 0)
            fprintf(stderr, "# '%s' -> '%s', expected '%s'\n", cases[i][0], names[9], cases[i][1]);
        CU_ASSERT_STRING_EQUAL(names[9], cases[i][1]);
    }
    table_title = "Domains: entry/exit [per family] at a glance";
}

/* Derived figures are formulas over the cells they come from, with the
 * computed value cached. */
static void test_formulas(void)
{
    const char *path = default_book();
    results r;
    fill_results(&r, 0, true);

    /* Costs: keyworkers is 2 FTE x 30,000 x 1.5; then a blank row, the
     * total, optimism bias, adjusted cost, participants, cost per participant. */
    cellval c = cell(path, "Costs", "F2");
    CU_ASSERT_STRING_EQUAL(c.formula, "$C$2*$D$2*$E$2");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), 90000, 1e-9);
    c = cell(path, "Costs", "F6");
    CU_ASSERT_STRING_EQUAL(c.formula, "SUM($F$2:$F$4)");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), r.cost_total, 1e-9);
    c = cell(path, "Costs", "F8");
    CU_ASSERT_STRING_EQUAL(c.formula, "$F$6*(1+$F$7)");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), r.cost_adjusted, 1e-6);
    c = cell(path, "Costs", "F10");
    CU_ASSERT_STRING_EQUAL(c.formula, "IF($F$9=0,\"n/a\",$F$6/$F$9)");

    /* Cost per outcome divides the Costs sheet's total. */
    c = cell(path, "Outcomes", "K2");
    CU_ASSERT_STRING_EQUAL(c.formula, "IF($D$2=0,\"n/a\",'Costs'!$F$6/$D$2)");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), r.outcomes[0].cost_per_outcome, 1e-6);
    /* Net outcomes use the adjustments under the table. */
    c = cell(path, "Outcomes", "J2");
    CU_ASSERT_PTR_NOT_NULL(strstr(c.formula, "$D$2*(1-$B$"));
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), r.outcomes[0].net, 1e-9);
    /* Present value, and the totals of Value for money over it. */
    c = cell(path, "Outcomes", "Q2");
    CU_ASSERT_PTR_NOT_NULL(strstr(c.formula, "IF($N$2=\"\",\"n/a\""));
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), r.outcomes[0].present_value, 1e-6);
    c = cell(path, "Value for money", "B2");
    CU_ASSERT_STRING_EQUAL(c.formula, "SUM('Outcomes'!$Q$2:$Q$4)");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), r.pv_total, 1e-6);
    c = cell(path, "Value for money", "B5");
    CU_ASSERT_STRING_EQUAL(c.formula, "IF($B$3=0,\"n/a\",$B$2/$B$3)");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), r.sroi_ratio, 1e-12);

    /* The Summary refers to the sheets, it does not copy. */
    c = cell(path, "Summary", "B6");
    CU_ASSERT_STRING_EQUAL(c.formula, "'Data quality'!$B$3");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), 110, 0);

    /* Inputs and counts are plain numbers. */
    c = cell(path, "Outputs", "B2");
    CU_ASSERT_STRING_EQUAL(c.formula, "");
    CU_ASSERT_STRING_EQUAL(c.value, "110");
    results_free(&r);
}

/* A division by zero shows "n/a": a formula with a text result. */
static void test_not_available(void)
{
    const char *path = default_book();
    struct {
        const char *sheet, *ref, *why;
    } cases[] = {
        {"Outputs", "D3", "% of target without a target"},
        {"Outcomes", "E4", "rate with nobody eligible"},
        {"Outcomes", "K4", "cost per outcome with none achieved"},
        {"Outcomes", "L4", "cost per net outcome with none achieved"},
        {"Outcomes", "Q3", "present value without a value"},
        {"Distance travelled", "K3", "effect size from one pair"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cellval c = cell(path, cases[i].sheet, cases[i].ref);
        if (strcmp(c.value, "n/a") != 0 || !*c.formula)
            fprintf(stderr, "# %s!%s (%s): formula '%s', value '%s'\n", cases[i].sheet,
                    cases[i].ref, cases[i].why, c.formula, c.value);
        CU_ASSERT_STRING_EQUAL(c.value, "n/a");
        CU_ASSERT_STRING_EQUAL(c.type, "str");
        CU_ASSERT(c.formula[0] != '\0');
    }
    /* Stored values not defined are "n/a" text. */
    cellval c = cell(path, "Outcomes", "F4"); /* Wilson interval with E = 0 */
    CU_ASSERT_STRING_EQUAL(c.value, "n/a");
    CU_ASSERT_STRING_EQUAL(c.formula, "");
    /* With nothing achieved the present value of a valued outcome is 0. */
    c = cell(path, "Outcomes", "Q4");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), 0, 0);
    CU_ASSERT_STRING_EQUAL(c.type, "");
}

/* --suppress 5: counts 1..4, and formulas built on them, show "[c]". */
static void test_suppression(void)
{
    const char *path = write_book("suppressed.xlsx", 5, true);
    struct {
        const char *sheet, *ref, *why;
    } hidden[] = {
        {"Outputs", "B4", "count 3"},
        {"Outputs", "D4", "% of target of count 3"},
        {"Outputs", "E4", "cost per output of count 3"},
        {"Outcomes", "D3", "achieved 4"},
        {"Outcomes", "E3", "rate of achieved 4"},
        {"Outcomes", "F3", "its interval"},
        {"Outcomes", "J3", "net outcomes of achieved 4"},
        {"Outcomes", "K3", "cost per outcome of achieved 4"},
        {"Distance travelled", "C3", "one pair"},
        {"Distance travelled", "E3", "a mean of one pair"},
        {"Distance travelled", "G3", "a change of one pair"},
        {"Breakdowns", "C4", "participants 3 in a group"},
        {"Breakdowns", "I4", "rate of a hidden count"},
        {"Summary", "B23", "the Summary's rate of achieved 4"},
        {"Summary", "D23", "and its interval"},
        {"Summary", "G23", "and its % of target"},
        {"Breakdowns", "J4", "the interval of a hidden rate"},
        {"Domains entry exit per family", "B3", "a plugin count of 3"},
        {"Domains entry exit per family", "D3", "a plugin rate built on a count of 3"},
        {"Summary", "B27", "a plugin count of 4"},
        {"Summary", "B28", "a plugin cost per unit built on 4"},
    };
    for (size_t i = 0; i < sizeof hidden / sizeof *hidden; i++) {
        cellval c = cell(path, hidden[i].sheet, hidden[i].ref);
        if (strcmp(c.value, "[c]") != 0 || *c.formula)
            fprintf(stderr, "# %s!%s (%s): formula '%s', value '%s'\n", hidden[i].sheet,
                    hidden[i].ref, hidden[i].why, c.formula, c.value);
        CU_ASSERT_STRING_EQUAL(c.value, "[c]");
        CU_ASSERT_STRING_EQUAL(c.formula, "");
    }
    /* 0 is shown; 5 and more are shown. */
    cellval c = cell(path, "Outcomes", "D4");
    CU_ASSERT_STRING_EQUAL(c.value, "0");
    c = cell(path, "Distance travelled", "D3"); /* 0 missing reviews */
    CU_ASSERT_STRING_EQUAL(c.value, "0");
    c = cell(path, "Outcomes", "D2");
    CU_ASSERT_STRING_EQUAL(c.value, "30");

    /* A hidden count of a valued outcome hides the totals built on it. */
    path = write_book("suppressed-40.xlsx", 40, true);
    c = cell(path, "Outcomes", "Q2");
    CU_ASSERT_STRING_EQUAL(c.value, "[c]");
    c = cell(path, "Value for money", "B2");
    CU_ASSERT_STRING_EQUAL(c.value, "[c]");
    c = cell(path, "Value for money", "B4");
    CU_ASSERT_STRING_EQUAL(c.value, "[c]");
    c = cell(path, "About", "B10"); /* 110 participants are shown under 40 */
    CU_ASSERT_STRING_EQUAL(c.value, "120");

    /* --suppress 200 hides the 110 participants, and the rows read and
     * accepted that count them (Data quality and About); the 10 rejected
     * rows are listed by line anyway. */
    path = write_book("suppressed-200.xlsx", 200, true);
    static const char *const rows_hidden[][2] = {
        {"Data quality", "B2"}, {"Data quality", "B3"}, {"About", "B10"}, {"About", "B11"}};
    for (size_t i = 0; i < sizeof rows_hidden / sizeof *rows_hidden; i++) {
        c = cell(path, rows_hidden[i][0], rows_hidden[i][1]);
        CU_ASSERT_STRING_EQUAL(c.value, "[c]");
    }
    c = cell(path, "About", "B12");
    CU_ASSERT_STRING_EQUAL(c.value, "10");
}

/* The Summary's % of target cells carry red/amber/green rules. */
static void test_rag(void)
{
    const char *path = default_book();
    char *xml = sheet_xml(path, "Summary");
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<conditionalFormatting sqref=\"G18:H24\">"));
    size_t rules = 0;
    for (const char *p = xml; (p = strstr(p, "<cfRule type=\"expression\"")) != NULL; p++)
        rules++;
    CU_ASSERT_EQUAL(rules, 4); /* green, amber, red; grey for few cases */
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<formula>AND(ISNUMBER($G18),$G18&gt;=1)</formula>"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(xml, "<formula>AND(ISNUMBER($G18),$G18&gt;=0.8,$G18&lt;1)</formula>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<formula>AND(ISNUMBER($G18),$G18&lt;0.8)</formula>"));
    /* A chart, and frozen headers. */
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<drawing "));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "state=\"frozen\""));
    free(xml);
    /* referred: 110 of 100 is on target; small: 3 of 10 is below. */
    cellval c = cell(path, "Summary", "H18");
    CU_ASSERT_STRING_EQUAL(c.value, "On target");
    c = cell(path, "Summary", "H20");
    CU_ASSERT_STRING_EQUAL(c.value, "Below target");
    CU_ASSERT(strstr(c.formula, "IF(ISNUMBER($G$20)") == c.formula);

    /* The thresholds, at and either side of each (referred, target 100):
     * green from 100% of target, amber from 80% up to 100%, red below. */
    static const struct {
        long long count;
        const char *status;
    } edges[] = {{100, "On target"},  {101, "On target"},   {99, "Near target"},
                 {80, "Near target"}, {79, "Below target"}, {0, "Below target"}};
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
        output_counts[0] = edges[i].count;
        path = write_book("rag-edge.xlsx", 0, true);
        c = cell(path, "Summary", "H18");
        if (strcmp(c.value, edges[i].status) != 0)
            fprintf(stderr, "# %lld of 100: '%s', expected '%s'\n", edges[i].count, c.value,
                    edges[i].status);
        CU_ASSERT_STRING_EQUAL(c.value, edges[i].status);
    }
    output_counts[0] = 110;
}

/* Tables with autofilter, document properties, Data quality and About. */
static void test_parts(void)
{
    const char *path = default_book();
    char *core = unzip_part(path, "docProps/core.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(core);
    CU_ASSERT_PTR_NOT_NULL(strstr(core, "<dc:title>Evaluation: Workbook test pilot</dc:title>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(core, "<dc:creator>thrive</dc:creator>"));
    free(core);
    /* Breakdowns, Quarters and the rejections are Excel tables. */
    for (int i = 1; i <= 3; i++) {
        char part[64];
        snprintf(part, sizeof part, "xl/tables/table%d.xml", i);
        char *t = unzip_part(path, part);
        CU_ASSERT_PTR_NOT_NULL(t);
        CU_ASSERT(t && strstr(t, "<autoFilter "));
        free(t);
    }
    /* Data quality: the list, then "and N more" rows not listed. */
    cellval c = cell(path, "Data quality", "C10");
    CU_ASSERT_STRING_EQUAL(c.value, "not one of lone_parent, couple");
    c = cell(path, "Data quality", "B12");
    CU_ASSERT_STRING_EQUAL(c.value, "(whole row)");
    c = cell(path, "Data quality", "A14");
    CU_ASSERT_STRING_EQUAL(c.value, "and 8 more rejected rows, not listed.");
    c = cell(path, "Data quality", "A7");
    CU_ASSERT_PTR_NOT_NULL(strstr(c.value, "notes, worker"));
    /* About: provenance. */
    c = cell(path, "About", "B7");
    CU_ASSERT_EQUAL(strlen(c.value), 64);
    c = cell(path, "About", "B13");
    CU_ASSERT_STRING_EQUAL(c.value, "2010-01-01T12:00:00Z");
    /* Logic model: each item with its links. */
    c = cell(path, "Logic model", "B2");
    CU_ASSERT_PTR_NOT_NULL(strstr(c.value, "uses: keyworkers, flexible_fund"));
    c = cell(path, "Logic model", "E2");
    CU_ASSERT_PTR_NOT_NULL(strstr(c.value, "from: debt_managed, in_work"));
}

/* ---- the workbook as a council reads it ---- */

/* The number format (formatCode, unescaped) of cell REF of SHEET, "" when
 * it has none of its own. */
static void format_code(const char *file, const char *sheet, const char *ref, char *out, size_t n)
{
    out[0] = '\0';
    char *xml = sheet_xml(file, sheet), *styles = unzip_part(file, "xl/styles.xml");
    char key[32];
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    const char *p = xml ? strstr(xml, key) : NULL;
    const char *sa = p ? strstr(p, " s=\"") : NULL;
    const char *end = p ? strchr(p, '>') : NULL;
    const char *xfs = styles ? strstr(styles, "<cellXfs") : NULL;
    if (sa && sa < end && xfs) {
        long k = strtol(sa + 4, NULL, 10);
        const char *xf = xfs;
        for (long i = 0; xf && i <= k; i++)
            xf = strstr(xf + 1, "<xf ");
        const char *id = xf ? strstr(xf, "numFmtId=\"") : NULL;
        char want[48];
        snprintf(want, sizeof want, "<numFmt numFmtId=\"%ld\" formatCode=\"",
                 id ? strtol(id + 10, NULL, 10) : -1);
        const char *fc = strstr(styles, want);
        if (fc) {
            fc += strlen(want);
            snprintf(out, n, "%.*s", (int)strcspn(fc, "\""), fc);
            xml_unescape(out);
        }
    }
    free(xml);
    free(styles);
}

/* Wilson's score interval for A of N, from its textbook formula (not
 * stats.c): centre (p + z^2/2n) / (1 + z^2/n), half-width
 * z / (1 + z^2/n) * sqrt(p(1 - p)/n + z^2/4n^2). */
static void wilson_by_hand(double a, double n, double *lo, double *hi)
{
    double z = 1.959963984540054, p = a / n, d = 1 + z * z / n;
    double centre = (p + z * z / (2 * n)) / d;
    double half = z / d * sqrt(p * (1 - p) / n + z * z / (4 * n * n));
    *lo = centre - half;
    *hi = centre + half;
}

/* Every cost per figure says which cost it divides; beside NPV and SROI,
 * the cost per net outcome on the adjusted cost too. */
static void test_cost_basis(void)
{
    const char *path = default_book();
    /* total 2 x 30,000 x 1.5 + 10,000 + 5,000 = 105,000; adjusted
     * x 1.15 = 120,750; 110 participants: 954.545... and 1,097.727... */
    cellval c = cell(path, "Costs", "A10");
    CU_ASSERT_STRING_EQUAL(c.value, "Cost per participant (total cost / participants)");
    c = cell(path, "Costs", "F10");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), 105000.0 / 110, 1e-9);
    c = cell(path, "Costs", "A11");
    CU_ASSERT_STRING_EQUAL(c.value, "Cost per participant (adjusted cost / participants)");
    c = cell(path, "Costs", "F11");
    CU_ASSERT_STRING_EQUAL(c.formula, "IF($F$9=0,\"n/a\",$F$8/$F$9)");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), 120750.0 / 110, 1e-9);
    c = cell(path, "Summary", "B13");
    CU_ASSERT_STRING_EQUAL(c.formula, "'Costs'!$F$11");
    /* debt_managed: net = 30 x 0.8 x 0.95 x 0.9 = 20.52; 120,750 / 20.52 */
    c = cell(path, "Outcomes", "M1");
    CU_ASSERT_STRING_EQUAL(c.value, "Cost per net outcome (adjusted cost)");
    c = cell(path, "Outcomes", "L1");
    CU_ASSERT_STRING_EQUAL(c.value, "Cost per net outcome (total cost)");
    c = cell(path, "Outcomes", "M2");
    CU_ASSERT_STRING_EQUAL(c.formula, "IF($J$2=0,\"n/a\",'Costs'!$F$8/$J$2)");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), 120750.0 / 20.52, 1e-6);
    c = cell(path, "Outputs", "E1");
    CU_ASSERT_STRING_EQUAL(c.value, "Cost per output (total cost)");
}

/* Money in whole pounds unless its pence matter; SROI as "£0.55 per £1",
 * a number; a negative NPV in red on the Summary. */
static void test_money_formats(void)
{
    m->inputs[1].cost = 10000.5; /* an input given with pence shows them */
    const char *path = write_book("money.xlsx", 0, true);
    m->inputs[1].cost = 10000;
    char code[128];
    format_code(path, "Summary", "B10", code, sizeof code); /* total cost, 105,000.50 */
    CU_ASSERT_STRING_EQUAL(code, "\"£\"#,##0;-\"£\"#,##0");
    format_code(path, "Costs", "F3", code, sizeof code); /* the input itself */
    CU_ASSERT_STRING_EQUAL(code, "\"£\"#,##0.00;-\"£\"#,##0.00");
    format_code(path, "Summary", "B16", code, sizeof code); /* SROI 0.554 */
    CU_ASSERT_STRING_EQUAL(code, "\"£\"0.00\" per £1\";-\"£\"0.00\" per £1\"");
    cellval c = cell(path, "Summary", "B16");
    CU_ASSERT_STRING_EQUAL(c.type, ""); /* a number */
    /* NPV = 66,905 - 120,751 < 0: red by a rule on its cell */
    char *xml = sheet_xml(path, "Summary");
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    const char *cf = strstr(xml, "<conditionalFormatting sqref=\"B15\">");
    CU_ASSERT_PTR_NOT_NULL(cf);
    CU_ASSERT(cf && strstr(cf, "operator=\"lessThan\"") &&
              strstr(cf, "<formula>0</formula>") < strstr(cf, "</conditionalFormatting>"));
    free(xml);
    c = cell(path, "Summary", "A15");
    CU_ASSERT_STRING_EQUAL(c.value, "Net present value (present value - adjusted cost)");
}

/* Rates on the Summary and Breakdowns with their 95% interval; rates on
 * few cases, and small groups, in grey. */
static void test_intervals(void)
{
    const char *path = default_book();
    double lo, hi;
    wilson_by_hand(30, 50, &lo, &hi); /* debt_managed: 30 of 50 */
    cellval c = cell(path, "Summary", "D22");
    CU_ASSERT_STRING_EQUAL(c.formula, "'Outcomes'!$F$2");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), lo, 1e-12);
    c = cell(path, "Summary", "E22");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), hi, 1e-12);
    c = cell(path, "Summary", "C22");
    CU_ASSERT_STRING_EQUAL(c.formula, "'Outcomes'!$C$2");
    /* Breakdowns, household = lone_parent: debt_managed 20 of 30 */
    wilson_by_hand(20, 30, &lo, &hi);
    c = cell(path, "Breakdowns", "J1");
    CU_ASSERT_STRING_EQUAL(c.value, "Debt problems resolved or managed: rate 95% CI low");
    c = cell(path, "Breakdowns", "J2");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), lo, 1e-12);
    c = cell(path, "Breakdowns", "K2");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), hi, 1e-12);
    /* nobody is eligible for nobody: n/a */
    c = cell(path, "Breakdowns", "T2");
    CU_ASSERT_STRING_EQUAL(c.value, "n/a");
    char *xml = sheet_xml(path, "Breakdowns");
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    /* a group of fewer than 20 participants, the whole row; a rate on
     * fewer than 20 eligible, with its interval */
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<formula>AND(ISNUMBER($C2),$C2&lt;20)</formula>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<conditionalFormatting sqref=\"I2:K6\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<formula>AND(ISNUMBER($G2),$G2&lt;20)</formula>"));
    free(xml);
    xml = sheet_xml(path, "Summary");
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<conditionalFormatting sqref=\"B22:E24\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<formula>AND(ISNUMBER($C22),$C22&lt;20)</formula>"));
    free(xml);
}

/* The rows read, accepted and rejected on the Summary; the faults counted
 * by field and reason on Data quality; warnings in red, and none when
 * there are none. */
static void test_data_rows(void)
{
    const char *path = default_book();
    cellval c = cell(path, "Summary", "A4");
    CU_ASSERT_STRING_EQUAL(c.value, "Case data"); /* no warning: no warning rows */
    c = cell(path, "Summary", "B5");
    CU_ASSERT_STRING_EQUAL(c.formula, "'Data quality'!$B$2");
    CU_ASSERT_STRING_EQUAL(c.value, "120");
    c = cell(path, "Summary", "B7");
    CU_ASSERT_STRING_EQUAL(c.value, "10");
    c = cell(path, "Summary", "B8"); /* 10 of 120 rejected */
    CU_ASSERT_STRING_EQUAL(c.formula, "IF($B$5=0,\"n/a\",$B$7/$B$5)");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), 10.0 / 120, 1e-15);
    /* faults, the most frequent first: household 6, money_start 3, the
     * whole row 2 */
    static const char *const faults[][3] = {
        {"household", "not one of lone_parent, couple", "6"},
        {"money_start", "above the maximum 10", "3"},
        {"(whole row)", "3 cells where the header has 13", "2"}};
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 3; k++) {
            char ref[8];
            snprintf(ref, sizeof ref, "%c%d", 'E' + k, 10 + i);
            c = cell(path, "Data quality", ref);
            CU_ASSERT_STRING_EQUAL(c.value, faults[i][k]);
        }
    c = cell(path, "Data quality", "B5"); /* blank records */
    CU_ASSERT_STRING_EQUAL(c.value, "2");
    c = cell(path, "Data quality", "C4"); /* share rejected, live */
    CU_ASSERT_STRING_EQUAL(c.formula, "IF($B$2=0,\"n/a\",$B$4/$B$2)");

    /* a missing column: its warning in red across the table, first */
    results r;
    fill_results(&r, 0, true);
    data_quality_warn(&r.dq, "missing_column", "job", 110,
                      "the header lacks the column 'job', which the model uses: it is missing "
                      "in every row, and these figures depend on it: outcome 'in_work' "
                      "(achieved), outcome 'nobody' (achieved)");
    path = book_path("warned.xlsx");
    CU_ASSERT_EQUAL(write_quietly(&r, path), THRIVE_OK);
    results_free(&r);
    c = cell(path, "Summary", "A4");
    CU_ASSERT_STRING_EQUAL(c.value, "Warning about the data");
    c = cell(path, "Summary", "A5");
    CU_ASSERT(strncmp(c.value, "The header lacks the column 'job'", 33) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(c.value, "outcome 'nobody' (achieved)."));
    c = cell(path, "Summary", "A7");
    CU_ASSERT_STRING_EQUAL(c.value, "Case data");
    /* the figures built on it say so, in red: in_work's achieved is
     * job == "yes"; debt_managed does not use job */
    c = cell(path, "Summary", "A26");
    CU_ASSERT_STRING_EQUAL(c.value,
                           "An adult started work (column 'job' missing: see the warning)");
    c = cell(path, "Summary", "A25");
    CU_ASSERT_STRING_EQUAL(c.value, "Debt problems resolved or managed");
    char *xml = sheet_xml(path, "Summary");
    CU_ASSERT_PTR_NOT_NULL(xml && strstr(xml, "<mergeCell ref=\"A5:H5\"/>"));
    free(xml);
    char *styles = unzip_part(path, "xl/styles.xml");
    CU_ASSERT_PTR_NOT_NULL(styles && strstr(styles, "<color rgb=\"FF9C0006\"/>"));
    free(styles);
}

/* Label columns and header rows print on every page. */
static void test_print_titles(void)
{
    const char *path = default_book();
    char *wb = unzip_part(path, "xl/workbook.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(wb);
    static const char *const titles[] = {
        ">Summary!$A:$A,Summary!$1:$3<", ">Outcomes!$A:$A,Outcomes!$1:$1<",
        ">Breakdowns!$A:$B,Breakdowns!$1:$1<", ">Quarters!$A:$A,Quarters!$1:$1<",
        ">'Data quality'!$1:$9<"};
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++) {
        const char *p = strstr(wb, titles[i]);
        if (!p)
            fprintf(stderr, "# no print titles %s\n", titles[i]);
        CU_ASSERT_PTR_NOT_NULL(p);
    }
    free(wb);
}

/* Every quarter of the period, and of the data, is shown: one without
 * rows as 0. */
static void test_quarters_filled(void)
{
    /* Q1 to Q3 of 2009-10 have rows; the period runs to 2010-03-31 */
    const char *path = default_book();
    static const char *const labels[] = {"2009-10 Q1", "2009-10 Q2", "2009-10 Q3", "2009-10 Q4"};
    for (int i = 0; i < 4; i++) {
        char ref[8];
        snprintf(ref, sizeof ref, "A%d", i + 2);
        cellval c = cell(path, "Quarters", ref);
        CU_ASSERT_STRING_EQUAL(c.value, labels[i]);
    }
    cellval c = cell(path, "Quarters", "B5"); /* Q4: no one, 0 */
    CU_ASSERT_STRING_EQUAL(c.value, "0");
    c = cell(path, "Quarters", "H5"); /* its rate: n/a */
    CU_ASSERT_STRING_EQUAL(c.value, "n/a");

    /* a gap: Q2 without rows, between Q1 and Q3 */
    results r;
    fill_results(&r, 0, true);
    results_group_free(&r.quarters[1]);
    r.quarters[1] = r.quarters[2];
    r.n_quarters = 2;
    path = book_path("gap.xlsx");
    CU_ASSERT_EQUAL(write_quietly(&r, path), THRIVE_OK);
    results_free(&r);
    c = cell(path, "Quarters", "A3");
    CU_ASSERT_STRING_EQUAL(c.value, "2009-10 Q2");
    c = cell(path, "Quarters", "B3");
    CU_ASSERT_STRING_EQUAL(c.value, "0");
    c = cell(path, "Quarters", "A4");
    CU_ASSERT_STRING_EQUAL(c.value, "2009-10 Q3");
    c = cell(path, "Quarters", "B4");
    CU_ASSERT_STRING_EQUAL(c.value, "30");
}

/* Under --suppress a chart leaves a hidden figure out (a gap), rather
 * than draw its "[c]" as 0: its series take hidden copies of the figures
 * in which a hidden one is blank. */
static void test_chart_gaps(void)
{
    const char *path = write_book("gaps.xlsx", 5, true);
    /* the Summary chart's rates: a copy in column J, in_work's (4 achieved,
     * hidden) left blank, debt_managed's a live copy */
    bool found = false;
    for (int k = 1; k <= 8 && !found; k++) {
        char part[40];
        snprintf(part, sizeof part, "xl/charts/chart%d.xml", k);
        char *xml = unzip_part(path, part);
        if (xml && strstr(xml, "Outcome rates against their targets")) {
            found = true;
            CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<c:f>Summary!$J$22:$J$24</c:f>"));
            /* and it plots hidden columns: no plotVisOnly (true when given) */
            CU_ASSERT_PTR_NULL(strstr(xml, "plotVisOnly"));
        }
        free(xml);
    }
    CU_ASSERT(found);
    cellval c = cell(path, "Summary", "B23");
    CU_ASSERT_STRING_EQUAL(c.value, "[c]");
    c = cell(path, "Summary", "J23");
    CU_ASSERT_FALSE(c.found);
    c = cell(path, "Summary", "J22");
    CU_ASSERT_STRING_EQUAL(c.formula, "$B$22");
    CU_ASSERT_DOUBLE_EQUAL(atof(c.value), 0.6, 1e-15);
    /* Quarters: the copies of the output counts from column V; the
     * school's 1 referral in Q1 is hidden, its 0 in Q3 is drawn */
    c = cell(path, "Quarters", "X2");
    CU_ASSERT_FALSE(c.found);
    c = cell(path, "Quarters", "X4");
    CU_ASSERT_STRING_EQUAL(c.value, "0");
    c = cell(path, "Quarters", "V2");
    CU_ASSERT_STRING_EQUAL(c.formula, "$C$2");
    /* the plugin table: At entry and At exit copied to F and G; at entry,
     * Crime's 3 families are hidden, and so Debt's 40 (the only other
     * count of the column, which would give the 3 away) */
    c = cell(path, "Domains entry exit per family", "F3");
    CU_ASSERT_FALSE(c.found);
    c = cell(path, "Domains entry exit per family", "F2");
    CU_ASSERT_FALSE(c.found);
    c = cell(path, "Domains entry exit per family", "G2");
    CU_ASSERT_STRING_EQUAL(c.formula, "$C$2");
    CU_ASSERT_STRING_EQUAL(c.value, "20");
    char *xml = sheet_xml(path, "Quarters");
    CU_ASSERT_PTR_NOT_NULL(xml && strstr(xml, "hidden=\"1\""));
    free(xml);
}

/* Text longer than a cell holds is cut, not fatal. */
static void test_long_text(void)
{
    results r;
    fill_results(&r, 0, true);
    char *longer = malloc(40001);
    CU_ASSERT_FATAL(longer != NULL);
    memset(longer, 'x', 40000);
    longer[40000] = '\0';
    r.rejections[2].reason = longer;
    const char *path = book_path("long.xlsx");
    CU_ASSERT_EQUAL(write_quietly(&r, path), THRIVE_OK);
    results_free(&r);
    free(longer);
    cellval c = cell(path, "Data quality", "C12");
    CU_ASSERT_EQUAL(strlen(c.value), 32767);
    CU_ASSERT(strcmp(c.value + 32764, "...") == 0);
}

/* book_write, with its diagnostics printed into MSG as the program would
 * print them; book_write itself must print nothing. */
static thrive_error write_capturing(const results *r, const char *path, char *msg, size_t n)
{
    char log[600];
    snprintf(log, sizeof log, "%s/stderr.log", tmpdir);
    fflush(stderr);
    int saved = dup(2);
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    diag_list dl;
    diag_init(&dl);
    thrive_error status = book_write(r, path, &dl);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    /* Nothing printed by thrive (libxlsxwriter says a word of its own when
     * the disk fills up). */
    char printed[2048] = "";
    FILE *lf = fopen(log, "r");
    if (lf) {
        printed[fread(printed, 1, sizeof printed - 1, lf)] = '\0';
        fclose(lf);
    }
    CU_ASSERT_PTR_NULL(strstr(printed, "thrive: "));
    unlink(log);
    FILE *f = fmemopen(msg, n, "w");
    if (f) {
        diag_print(&dl, f);
        fclose(f);
    }
    diag_free(&dl);
    return status;
}

/* Unwritable destinations: exit status 6, a message naming the file, and
 * nothing left behind. */
static void test_unwritable(void)
{
    results r;
    fill_results(&r, 0, true);
    char dir[512], path[600], msg[2048];

    snprintf(dir, sizeof dir, "%s/fail", tmpdir);
    CU_ASSERT_FATAL(mkdir(dir, 0700) == 0);
    struct {
        const char *name, *why;
    } cases[] = {
        {"no-such-dir/book.xlsx", "a directory that does not exist"},
        {"a-file/book.xlsx", "a directory that is a file"},
        {"a-dir", "a destination that is a directory"},
    };
    snprintf(path, sizeof path, "%s/a-file", dir);
    FILE *f = fopen(path, "w");
    CU_ASSERT_FATAL(f != NULL);
    fclose(f);
    snprintf(path, sizeof path, "%s/a-dir", dir);
    CU_ASSERT_FATAL(mkdir(path, 0700) == 0);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, cases[i].name);
        thrive_error status = write_capturing(&r, path, msg, sizeof msg);
        CU_ASSERT_EQUAL(status, THRIVE_ERROR_OUTPUT);
        char expect[700];
        snprintf(expect, sizeof expect, "thrive: %s: error: ", path);
        if (strncmp(msg, expect, strlen(expect)) != 0)
            fprintf(stderr, "# %s: message '%s'\n", cases[i].why, msg);
        CU_ASSERT(strncmp(msg, expect, strlen(expect)) == 0);
        /* Nothing but what the test made. */
        CU_ASSERT_EQUAL(dir_entries(dir), 2);
    }
    snprintf(path, sizeof path, "%s/a-dir", dir);
    CU_ASSERT_EQUAL(dir_entries(path), 0);

    /* A directory without write permission (meaningless for root). */
    if (geteuid() != 0) {
        char ro[560];
        snprintf(ro, sizeof ro, "%s/read-only", dir);
        CU_ASSERT_FATAL(mkdir(ro, 0500) == 0);
        snprintf(path, sizeof path, "%s/book.xlsx", ro);
        CU_ASSERT_EQUAL(write_capturing(&r, path, msg, sizeof msg), THRIVE_ERROR_OUTPUT);
        CU_ASSERT_EQUAL(dir_entries(ro), 0);
        chmod(ro, 0700);
        rmdir(ro);
    }
    results_free(&r);
}

/* A failure while writing (here the disk "fills up": a file size limit)
 * leaves an existing workbook as it was, and no temporary file. */
static void test_existing_untouched(void)
{
    char dir[512], path[600], msg[2048];
    snprintf(dir, sizeof dir, "%s/keep", tmpdir);
    CU_ASSERT_FATAL(mkdir(dir, 0700) == 0);
    snprintf(path, sizeof path, "%s/book.xlsx", dir);
    static const char before[] = "an earlier workbook\n";
    FILE *f = fopen(path, "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs(before, f);
    fclose(f);

    results r;
    fill_results(&r, 0, true);
    struct rlimit saved, small;
    CU_ASSERT_FATAL(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    small = saved;
    small.rlim_cur = 4096; /* the workbook needs far more */
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    CU_ASSERT_FATAL(setrlimit(RLIMIT_FSIZE, &small) == 0);
    thrive_error status = write_capturing(&r, path, msg, sizeof msg);
    setrlimit(RLIMIT_FSIZE, &saved);
    signal(SIGXFSZ, old_handler);
    CU_ASSERT_EQUAL(status, THRIVE_ERROR_OUTPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "error: cannot write the workbook"));
    results_free(&r);

    char now[64] = "";
    f = fopen(path, "r");
    CU_ASSERT_FATAL(f != NULL);
    size_t got = fread(now, 1, sizeof now - 1, f);
    now[got] = '\0';
    fclose(f);
    CU_ASSERT_STRING_EQUAL(now, before);
    CU_ASSERT_EQUAL(dir_entries(dir), 1);

    /* And a successful run replaces it. */
    fill_results(&r, 0, true);
    CU_ASSERT_EQUAL(write_quietly(&r, path), THRIVE_OK);
    results_free(&r);
    CU_ASSERT_EQUAL(dir_entries(dir), 1);
    struct stat st;
    CU_ASSERT(stat(path, &st) == 0 && st.st_size > 1000);
}

/* Interrupted while writing (Ctrl-C, a kill), the program removes its
 * temporary file before it dies, and the workbook already there stays.
 * In a child: make the temporary file as book_write does, then be
 * killed. */
static void test_interrupted(void)
{
    static const int sigs[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        char dir[512], path[600];
        snprintf(dir, sizeof dir, "%s/interrupted-%zu", tmpdir, i);
        CU_ASSERT_FATAL(mkdir(dir, 0700) == 0);
        snprintf(path, sizeof path, "%s/book.xlsx", dir);
        FILE *f = fopen(path, "w");
        CU_ASSERT_FATAL(f != NULL);
        fputs("an earlier workbook\n", f);
        fclose(f);
        pid_t pid = fork();
        CU_ASSERT_FATAL(pid >= 0);
        if (pid == 0) {
            char *tmp = outfile_temp(path);
            if (!tmp || access(tmp, F_OK) != 0)
                _exit(3);
            kill(getpid(), sigs[i]);
            _exit(4); /* not reached: the signal ends the child */
        }
        int st = 0;
        CU_ASSERT_FATAL(waitpid(pid, &st, 0) == pid);
        CU_ASSERT(WIFSIGNALED(st) && WTERMSIG(st) == sigs[i]);
        CU_ASSERT_EQUAL(dir_entries(dir), 1); /* only book.xlsx */
        struct stat sb;
        CU_ASSERT(stat(path, &sb) == 0 && sb.st_size == 20);
    }
}

/* ---- driver ---- */

/* test_book --write DIR: the workbooks tests/recalc/hand-built.sh checks. */
static int write_only(const char *dir)
{
    results r;
    char path[1024];
    int status = 0;
    fill_results(&r, 0, true);
    snprintf(path, sizeof path, "%s/book.xlsx", dir);
    diag_list dl;
    diag_init(&dl);
    status |= book_write(&r, path, &dl) != THRIVE_OK;
    results_free(&r);
    fill_results(&r, 5, true);
    snprintf(path, sizeof path, "%s/book-suppressed.xlsx", dir);
    status |= book_write(&r, path, &dl) != THRIVE_OK;
    diag_print(&dl, stderr);
    diag_free(&dl);
    results_free(&r);
    return status ? 1 : 0;
}

int main(int argc, char **argv)
{
    /* As from a terminal: a shell that runs this test in the background
     * (./quickstart.sh check's lanes) hands SIGINT down ignored, and the
     * workbook writer rightly leaves an ignored signal alone, so
     * test_interrupted would find no handler to clean up. */
    signal(SIGINT, SIG_DFL);
    m = testlib_model("book.yaml");
    if (argc == 3 && strcmp(argv[1], "--write") == 0) {
        int status = write_only(argv[2]);
        model_free(m);
        return status;
    }
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/thrive-test-book.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir))
        return 99;

    static const CU_TestInfo tests[] = {
        {"sheets in the order of docs/manual/outputs.md; Quarters only when dated",
         test_sheet_order},
        {"a plugin table's title as a sheet name", test_sheet_names},
        {"derived figures are formulas over their cells, values cached", test_formulas},
        {"division by zero shows n/a", test_not_available},
        {"--suppress hides counts and the formulas built on them as [c]", test_suppression},
        {"Summary: red/amber/green rules, status, chart, frozen header", test_rag},
        {"tables with autofilter, properties, Data quality, About, Logic model", test_parts},
        {"unwritable destination: exit 6, a message, nothing left", test_unwritable},
        {"text longer than a cell holds is cut", test_long_text},
        {"each cost per figure names its cost; adjusted beside unadjusted", test_cost_basis},
        {"money in whole pounds unless pence matter; SROI per pound; NPV < 0 red",
         test_money_formats},
        {"95% intervals beside rates on Summary and Breakdowns; few cases grey", test_intervals},
        {"Summary: rows read, accepted, rejected; warnings in red; faults counted", test_data_rows},
        {"print titles on every sheet", test_print_titles},
        {"every quarter of the period, empty ones as 0", test_quarters_filled},
        {"charts leave a hidden figure out rather than draw it as 0", test_chart_gaps},
        {"a failed write leaves an existing workbook untouched", test_existing_untouched},
        {"an interrupted write leaves no temporary file", test_interrupted},
        CU_TEST_INFO_NULL,
    };
    cunit_tap_add("book", tests);
    int status = cunit_tap_run();
    testlib_rmtree(tmpdir);
    model_free(m);
    return status;
}
