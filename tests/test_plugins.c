/* test_plugins.c - the plugin host and the pilots' measures.
 *
 * The plugins are the real modules of the build tree (a test program runs
 * from the build tree, so the host finds plugins/ by itself), driven by
 * the evaluation `thrive evaluate` runs (src/evaluation.h), a step at a
 * time: open (load, check, resolve), start, a row at a time, finish.  Rows
 * are made by hand; every expected figure is worked out in the comments.
 * tests/plugins/ holds two modules that must be refused: one built for
 * another ABI, one without a descriptor.
 */
#define _DEFAULT_SOURCE /* mkstemps */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "cell.h"
#include "cunit_tap.h"
#include "diag.h"
#include "evaluation.h"
#include "expr.h"
#include "model.h"
#include "plugins.h"
#include "results.h"
#include "thrive/plugin.h"

#define NA_OR(x)          (isnan(x) ? -12345.0 : (x))
#define ASSERT_NA(x)      CU_ASSERT(isnan(x))
#define ASSERT_NEAR(x, y) CU_ASSERT_DOUBLE_EQUAL(NA_OR(x), (y), 1e-12)

static char top_srcdir[1024] = ".";
static char test_modules[1024]; /* the build tree's tests/plugins */

/* ---- stderr capture, to check the host's messages ---- */

static char captured[16384];
static FILE *cap_file;
static int cap_saved = -1;

static void capture_start(void)
{
    fflush(stderr);
    cap_file = tmpfile();
    cap_saved = dup(STDERR_FILENO);
    dup2(fileno(cap_file), STDERR_FILENO);
}

static const char *capture_end(void)
{
    fflush(stderr);
    dup2(cap_saved, STDERR_FILENO);
    close(cap_saved);
    rewind(cap_file);
    size_t n = fread(captured, 1, sizeof captured - 1, cap_file);
    captured[n] = '\0';
    fclose(cap_file);
    return captured;
}

#define ASSERT_HAS(text, part)                                                                     \
    do {                                                                                           \
        bool has_ = strstr((text), (part)) != NULL;                                                \
        if (!has_)                                                                                 \
            fprintf(stderr, "# expected [%s] in [%s]\n", (part), (text));                          \
        CU_ASSERT(has_);                                                                           \
    } while (0)

/* ---- a run of one plugin over hand-made rows ---- */

/* An evaluation (src/evaluation.h) driven step by step: open, start, a
 * row at a time, finish; its model and results are looked at directly. */
typedef struct run {
    char model_file[2048], data_file[2048];
    evaluation *ev;
    const model *m;
    results *r; /* writable: a test tries the hiding rules of other --suppress values */
    diag_list dl;
    cell *row;
} run;

static void model_path(char *buf, size_t size, const char *name)
{
    if (name[0] == '/')
        snprintf(buf, size, "%s", name);
    else if (strchr(name, '/'))
        snprintf(buf, size, "%s/%s", top_srcdir, name);
    else
        snprintf(buf, size, "%s/tests/plugins/models/%s", top_srcdir, name);
}

/* Open the evaluation of NAME's model (with the case data DATA, a path
 * under top_srcdir, or NULL): its plugin loads and checks it, and the
 * model is resolved; the diags stay in x->dl.  Returns false when the
 * model is unusable. */
static bool run_open_with(run *x, const char *name, const char *data)
{
    memset(x, 0, sizeof *x);
    diag_init(&x->dl);
    model_path(x->model_file, sizeof x->model_file, name);
    if (data)
        snprintf(x->data_file, sizeof x->data_file, "%s/%s", top_srcdir, data);
    /* this build's plugins, and the test modules (host-api) */
    static char *dirs[] = {test_modules};
    evaluation_options o = {.model_file = x->model_file,
                            .data_file = data ? x->data_file : NULL,
                            .plugin_dirs = dirs,
                            .n_plugin_dirs = 1};
    if (evaluation_open(&x->ev, &o, &x->dl) != THRIVE_OK)
        return false;
    x->m = evaluation_model(x->ev);
    x->r = (results *)evaluation_results(x->ev);
    x->row = calloc(x->m->n_fields, sizeof *x->row);
    return x->row != NULL;
}

static bool run_open(run *x, const char *name)
{
    return run_open_with(x, name, NULL);
}

static thrive_error run_start(run *x)
{
    return evaluation_start(x->ev, &x->dl);
}

/* One row: NAMES[i] = VALUES[i] ("" = missing); every cell must be valid. */
static void run_row(run *x, const char *const *names, const char *const *values, size_t n)
{
    for (size_t f = 0; f < x->m->n_fields; f++)
        x->row[f] = (cell){"", 0, NAN, false};
    for (size_t i = 0; i < n; i++) {
        long f = model_field_index(x->m, names[i]);
        CU_ASSERT_FATAL(f >= 0);
        const char *why = cell_check(&x->m->fields[f], values[i], strlen(values[i]), &x->row[f]);
        if (why)
            fprintf(stderr, "# %s = '%s': %s\n", names[i], values[i], why);
        CU_ASSERT_FATAL(why == NULL);
    }
    evaluation_row(x->ev, x->row);
}

static thrive_error run_finish(run *x)
{
    return evaluation_finish(x->ev, &x->dl);
}

static void run_close(run *x)
{
    evaluation_close(x->ev);
    free(x->row);
    diag_free(&x->dl);
}

/* Load the plugin NAME from PP as a model's `pilot:` would, printing what
 * the host says on stderr (captured by the tests that look at it). */
static plugin *try_load(const char *name, const plugin_path *pp)
{
    diag_list dl;
    diag_init(&dl);
    plugin *p;
    plugin_load(name, pp, NULL, 0, 0, &dl, &p);
    diag_print(&dl, stderr);
    diag_free(&dl);
    return p;
}

static double measure(const results *r, const char *id)
{
    for (size_t i = 0; i < r->n_measures; i++)
        if (strcmp(r->measures[i].id, id) == 0)
            return r->measures[i].value;
    fprintf(stderr, "# no measure '%s'\n", id);
    CU_FAIL("measure missing");
    return -99999;
}

static const res_measure *measure_rec(const results *r, const char *id)
{
    for (size_t i = 0; i < r->n_measures; i++)
        if (strcmp(r->measures[i].id, id) == 0)
            return &r->measures[i];
    CU_FAIL("measure missing");
    return NULL;
}

static const res_table *table(const results *r, const char *id)
{
    for (size_t i = 0; i < r->n_tables; i++)
        if (strcmp(r->tables[i].id, id) == 0)
            return &r->tables[i];
    fprintf(stderr, "# no table '%s'\n", id);
    return NULL;
}

/* The value in row LABEL, column COL of table T. */
static double at(const res_table *t, const char *label, const char *col)
{
    if (!t)
        return -99999;
    size_t c = 0;
    while (c < t->n_cols && strcmp(t->col_ids[c], col) != 0)
        c++;
    for (size_t i = 0; i < t->n_rows && c > 0 && c < t->n_cols; i++)
        if (strcmp(t->row_labels[i], label) == 0)
            return t->values[i * (t->n_cols - 1) + c - 1];
    fprintf(stderr, "# no cell [%s, %s] in table %s\n", label, col, t->id);
    CU_FAIL("table cell missing");
    return -99999;
}

/* The index of column ID of table T (0 when there is none). */
static size_t col(const res_table *t, const char *id)
{
    for (size_t c = 1; t && c < t->n_cols; c++)
        if (strcmp(t->col_ids[c], id) == 0)
            return c;
    fprintf(stderr, "# no column '%s'\n", id);
    CU_FAIL("column missing");
    return 0;
}

/* The diag at index I is an error at LINE:COL whose message contains PART. */
static void assert_diag(const diag_list *dl, size_t i, int line, int col, const char *part)
{
    CU_ASSERT_FATAL(i < dl->n);
    const diag *d = &dl->items[i];
    if (d->line != line || d->col != col || !strstr(d->msg, part))
        fprintf(stderr, "# diag %zu: %d:%d: %s (expected %d:%d: ...%s...)\n", i, d->line, d->col,
                d->msg, line, col, part);
    CU_ASSERT_EQUAL(d->line, line);
    CU_ASSERT_EQUAL(d->col, col);
    CU_ASSERT_PTR_NOT_NULL(strstr(d->msg, part));
}

/* ------------------------------------------------------------------ */
/* The host                                                            */

static void test_search_order(void)
{
    setenv("THRIVE_PLUGIN_PATH", "/env/a::/env/b/:/cli/x", 1);
    char *extra[] = {"/cli/x", "/cli/y/"};
    plugin_path pp;
    plugin_path_init(&pp, extra, 2);
    unsetenv("THRIVE_PLUGIN_PATH");
    /* --plugin-path first, then the environment (empty items and
     * duplicates dropped), then the build tree's plugins (this test runs
     * from the build tree), then the installed directory. */
    CU_ASSERT_EQUAL_FATAL(pp.n, 6);
    CU_ASSERT_STRING_EQUAL(pp.dirs[0], "/cli/x");
    CU_ASSERT_STRING_EQUAL(pp.dirs[1], "/cli/y");
    CU_ASSERT_STRING_EQUAL(pp.dirs[2], "/env/a");
    CU_ASSERT_STRING_EQUAL(pp.dirs[3], "/env/b");
    CU_ASSERT_STRING_EQUAL(pp.dirs[4], BUILD_PLUGINDIR);
    CU_ASSERT_STRING_EQUAL(pp.dirs[5], PLUGINDIR);
    plugin_path_free(&pp);
}

static void test_missing(void)
{
    char *extra[] = {test_modules};
    plugin_path pp;
    plugin_path_init(&pp, extra, 1);
    capture_start();
    plugin *p = try_load("no-such-pilot", &pp);
    const char *msg = capture_end();
    CU_ASSERT_PTR_NULL(p);
    /* The message names the plugin and every directory searched. */
    ASSERT_HAS(msg, "thrive: no-such-pilot: error: no plugin 'no-such-pilot' found; searched: ");
    char dirs[4096];
    snprintf(dirs, sizeof dirs, "searched: %s, %s, %s", test_modules, BUILD_PLUGINDIR, PLUGINDIR);
    ASSERT_HAS(msg, dirs);
    CU_ASSERT_PTR_NULL(strstr(msg, "file not found")); /* not lt_dlerror() alone */
    plugin_path_free(&pp);
}

static void test_missing_hint(void)
{
    plugin_path pp;
    plugin_path_init(&pp, NULL, 0);
    capture_start();
    plugin *p = try_load("school-gate", &pp);
    const char *msg = capture_end();
    CU_ASSERT_PTR_NULL(p);
    ASSERT_HAS(msg, "no plugin 'school-gate' found (did you mean 'school-gates'?)");
    plugin_path_free(&pp);
}

static void test_bad_abi(void)
{
    char *extra[] = {test_modules};
    plugin_path pp;
    plugin_path_init(&pp, extra, 1);
    capture_start();
    plugin *p = try_load("bad-abi", &pp);
    const char *msg = capture_end();
    CU_ASSERT_PTR_NULL(p);
    char want[2048];
    snprintf(want, sizeof want,
             "thrive: %s/bad_abi.la: error: plugin 'bad-abi' was built for plugin ABI %d but "
             "this thrive has ABI %d; rebuild it against this thrive's <thrive/plugin.h> (ABI %d)",
             test_modules, 2, THRIVE_PLUGIN_ABI, THRIVE_PLUGIN_ABI);
    ASSERT_HAS(msg, want);
    plugin_path_free(&pp);
}

static void test_no_symbol(void)
{
    char *extra[] = {test_modules};
    plugin_path pp;
    plugin_path_init(&pp, extra, 1);
    capture_start();
    plugin *p = try_load("no-symbol", &pp);
    const char *msg = capture_end();
    CU_ASSERT_PTR_NULL(p);
    char want[2048];
    snprintf(want, sizeof want,
             "thrive: %s/no_symbol.la: error: not a thrive plugin: it exports neither "
             "'no_symbol_LTX_thrive_plugin' nor 'thrive_plugin'",
             test_modules);
    ASSERT_HAS(msg, want);
    plugin_path_free(&pp);
}

static void test_bad_name(void)
{
    plugin_path pp;
    plugin_path_init(&pp, NULL, 0);
    capture_start();
    plugin *p = try_load("../etc/passwd", &pp);
    const char *msg = capture_end();
    CU_ASSERT_PTR_NULL(p);
    ASSERT_HAS(msg, "is not a plugin name");
    plugin_path_free(&pp);
}

static void test_load_unload(void)
{
    /* Every shipped plugin loads, describes itself and unloads, twice. */
    static const char *const names[] = {"generic",      "fip",
                                        "school-gates", "teen-parent-housing",
                                        "work-focused", "separating-parents",
                                        "laip"};
    plugin_path pp;
    plugin_path_init(&pp, NULL, 0);
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
            plugin *p = try_load(names[i], &pp);
            CU_ASSERT_PTR_NOT_NULL_FATAL(p);
            CU_ASSERT_STRING_EQUAL(plugin_name(p), names[i]);
            CU_ASSERT_STRING_EQUAL(plugin_version(p), "1.0.0");
            CU_ASSERT_PTR_NOT_NULL(strstr(plugin_file(p), BUILD_PLUGINDIR));
            plugin_unload(p);
        }
    plugin_unload(NULL);
    plugin_path_free(&pp);
}

static void test_rejected(void)
{
    /* fip-rejected.yaml, lines 21-25:
     *   fip:
     *     domains:
     *       - { id: crime, entry: crime_entri, exit: crime_exit }
     *     start: start
     *     exit_typ: exit_type
     * Four errors, each where it is written. */
    run x;
    CU_ASSERT_FALSE(run_open(&x, "fip-rejected.yaml"));
    CU_ASSERT_EQUAL(x.dl.n_errors, 4);
    assert_diag(&x.dl, 0, 25, 3,
                "unknown key 'exit_typ' in the fip section (did you mean "
                "'exit_type'?)");
    assert_diag(&x.dl, 1, 23, 27,
                "field 'crime_entri' is not declared in data.fields (did "
                "you mean 'crime_entry'?)");
    assert_diag(&x.dl, 2, 23, 46,
                "field 'crime_exit' is declared as integer, but text or "
                "enum is needed here");
    assert_diag(&x.dl, 3, 22, 3, "give both 'start' and 'end'");
    CU_ASSERT_STRING_EQUAL(x.dl.items[0].file + strlen(x.dl.items[0].file) -
                               strlen("fip-rejected.yaml"),
                           "fip-rejected.yaml");
    run_close(&x);
}

static void test_no_section(void)
{
    /* No fip: section: the error points at `pilot: fip` (line 4, col 8). */
    run x;
    CU_ASSERT_FALSE(run_open(&x, "fip-no-section.yaml"));
    CU_ASSERT_EQUAL(x.dl.n_errors, 1);
    assert_diag(&x.dl, 0, 4, 8, "the fip plugin needs a 'fip' section");
    run_close(&x);
}

static void test_bad_condition(void)
{
    /* `  engaged: engaged == "yes" and nope == "x"` (line 23): not a
     * column, so a condition; its text starts at column 12 and `nope` is
     * 21 characters in, at column 33. */
    run x;
    CU_ASSERT_FALSE(run_open(&x, "school-gates-bad-condition.yaml"));
    CU_ASSERT_EQUAL(x.dl.n_errors, 1);
    assert_diag(&x.dl, 0, 23, 33, "unknown field 'nope'");
    run_close(&x);
}

static void test_list(void)
{
    char *extra[] = {test_modules};
    plugin_path pp;
    plugin_path_init(&pp, extra, 1);
    FILE *out = tmpfile();
    diag_list dl;
    diag_init(&dl);
    thrive_error status = plugins_list(&pp, out, &dl);
    CU_ASSERT_EQUAL(status, THRIVE_OK);
    rewind(out);
    char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, out);
    text[n] = '\0';
    fclose(out);
    ASSERT_HAS(text, "NAME");
    ASSERT_HAS(text, "generic              1.0.0      3  Any intervention");
    ASSERT_HAS(text, "fip                  1.0.0      3  Family Intervention Projects");
    ASSERT_HAS(text, "school-gates         1.0.0      3  School Gates");
    ASSERT_HAS(text, "teen-parent-housing  1.0.0      3  Teenage Parent");
    ASSERT_HAS(text, "work-focused         1.0.0      3  Work-Focused Services");
    ASSERT_HAS(text, "separating-parents   1.0.0      3  Supporting Separating Parents");
    ASSERT_HAS(text, "laip                 1.0.0      3  Local Authority Innovation Pilots");
    ASSERT_HAS(text, "bad-abi              -          2  (built for plugin ABI 2, this thrive "
                     "has ABI 3: rebuild it)");
    ASSERT_HAS(text, "no-symbol");
    /* the module loaded, not the libtool archive that names it */
    ASSERT_HAS(text, "/plugins/.libs/school_gates.so\n");
    CU_ASSERT_PTR_NULL(strstr(text, ".la\n"));
    plugin_path_free(&pp);

    /* Nothing usable: exit 5. */
    plugin_path empty = {0};
    capture_start();
    out = tmpfile();
    status = plugins_list(&empty, out, &dl);
    fclose(out);
    diag_print(&dl, stderr);
    diag_free(&dl);
    const char *msg = capture_end();
    CU_ASSERT_EQUAL(status, THRIVE_ERROR_PLUGIN);
    ASSERT_HAS(msg, "no plugins found");
}

/* ------------------------------------------------------------------ */
/* fip                                                                 */

static const char *const fip_cols[] = {"id",          "start",      "end",        "exit_type",
                                       "crime_entry", "crime_exit", "debt_entry", "debt_exit"};

static void test_fip(void)
{
    run x;
    CU_ASSERT_TRUE_FATAL(run_open(&x, "fip-small.yaml"));
    CU_ASSERT_EQUAL(run_start(&x), THRIVE_OK);
    /*        start        end          exit       crime in/out  debt in/out
     * F1  2010-01-01 2010-01-11  planned    yes no        yes yes   10 days
     * F2  2010-01-01 2010-01-31  unplanned  no  yes       yes no    30 days
     * F3  2010-02-01 (open)                 yes -         no  -
     * F4  2010-03-01 2010-03-21  planned    yes yes       no  no    20 days
     * F5  2010-01-01 2010-04-11  planned    no  no        yes -    100 days */
    static const char *const rows[5][8] = {
        {"F1", "2010-01-01", "2010-01-11", "planned", "yes", "no", "yes", "yes"},
        {"F2", "2010-01-01", "2010-01-31", "unplanned", "no", "yes", "yes", "no"},
        {"F3", "2010-02-01", "", "", "yes", "", "no", ""},
        {"F4", "2010-03-01", "2010-03-21", "planned", "yes", "yes", "no", "no"},
        {"F5", "2010-01-01", "2010-04-11", "planned", "no", "no", "yes", ""},
    };
    long f_entry = model_field_index(x.m, "domains_at_entry");
    long f_exit = model_field_index(x.m, "domains_at_exit");
    long f_res = model_field_index(x.m, "domains_resolved");
    long f_days = model_field_index(x.m, "days_in_project");
    CU_ASSERT_FATAL(f_entry >= 0 && f_exit >= 0 && f_res >= 0 && f_days >= 0);
    CU_ASSERT_TRUE(x.m->fields[f_res].derived);
    /* Derived per row: F1 entry 2, exit 1, resolved 1 (crime), 10 days;
     * F3 entry 1 (crime), no exit recorded so exit and resolved missing. */
    static const double want_entry[5] = {2, 1, 1, 1, 1};
    static const double want_exit[5] = {1, 1, NAN, 1, 0};
    static const double want_res[5] = {1, 1, NAN, 0, 0};
    static const double want_days[5] = {10, 30, NAN, 20, 100};
    for (int i = 0; i < 5; i++) {
        run_row(&x, fip_cols, rows[i], 8);
        ASSERT_NEAR(x.row[f_entry].num, want_entry[i]);
        CU_ASSERT_EQUAL(x.row[f_exit].present, !isnan(want_exit[i]));
        if (!isnan(want_exit[i]))
            ASSERT_NEAR(x.row[f_exit].num, want_exit[i]);
        CU_ASSERT_EQUAL(x.row[f_res].present, !isnan(want_res[i]));
        if (!isnan(want_res[i]))
            ASSERT_NEAR(x.row[f_res].num, want_res[i]);
        CU_ASSERT_EQUAL(x.row[f_days].present, !isnan(want_days[i]));
        if (!isnan(want_days[i]))
            ASSERT_NEAR(x.row[f_days].num, want_days[i]);
        /* The model's outcome `domains_resolved >= 1` can use them. */
        CU_ASSERT_EQUAL(expr_eval(x.m->outcomes[0].achieved.tree, x.row),
                        !isnan(want_res[i]) && want_res[i] >= 1);
    }
    CU_ASSERT_EQUAL(run_finish(&x), THRIVE_OK);
    CU_ASSERT_STRING_EQUAL(x.r->plugin_name, "fip");
    /* Closed (end present): F1 F2 F4 F5 = 4; open: F3. */
    ASSERT_NEAR(measure(x.r, "families_closed"), 4);
    ASSERT_NEAR(measure(x.r, "families_open"), 1);
    /* Exits: planned F1 F4 F5 = 3, unplanned F2 = 1, 3 / 4 = 0.75. */
    ASSERT_NEAR(measure(x.r, "exits_planned"), 3);
    ASSERT_NEAR(measure(x.r, "exits_unplanned"), 1);
    ASSERT_NEAR(measure(x.r, "pct_exits_planned"), 0.75);
    /* Assessed in both domains at entry and exit: F1 F2 F4.  Domains at
     * entry 2 + 1 + 1 = 4 -> 4/3; at exit 1 + 1 + 1 = 3 -> 1. */
    ASSERT_NEAR(measure(x.r, "families_fully_assessed"), 3);
    ASSERT_NEAR(measure(x.r, "mean_domains_entry"), 4.0 / 3.0);
    ASSERT_NEAR(measure(x.r, "mean_domains_exit"), 1.0);
    /* At least one domain resolved: F1 (crime), F2 (debt) -> cost 1200 / 2. */
    ASSERT_NEAR(measure(x.r, "families_any_resolved"), 2);
    ASSERT_NEAR(measure(x.r, "cost_per_family_resolved"), 600);
    /* Days 10, 20, 30, 100: median (20 + 30) / 2 = 25. */
    ASSERT_NEAR(measure(x.r, "families_with_duration"), 4);
    ASSERT_NEAR(measure(x.r, "median_days"), 25);
    /* Disclosure control: counts carry no basis; rates, means, medians and
     * costs per unit carry the rows they are built on. */
    CU_ASSERT_FALSE(measure_rec(x.r, "families_closed")->has_basis);
    CU_ASSERT_TRUE(measure_rec(x.r, "median_days")->has_basis);
    CU_ASSERT_EQUAL(measure_rec(x.r, "median_days")->basis, 4);
    CU_ASSERT_EQUAL(measure_rec(x.r, "mean_domains_entry")->basis, 3);
    CU_ASSERT_EQUAL(measure_rec(x.r, "cost_per_family_resolved")->basis, 2);
    CU_ASSERT_EQUAL(measure_rec(x.r, "pct_exits_planned")->basis, 4);

    /* Crime, among F1 F2 F4 F5 (both recorded): at entry F1 F4 = 2, at
     * exit F2 F4 = 2, resolved F1, new F2, reduction (2 - 2) / 2 = 0.
     * Debt, among F1 F2 F4: at entry F1 F2 = 2, at exit F1 = 1, resolved
     * F2, new none, reduction (2 - 1) / 2 = 0.5. */
    const res_table *t = table(x.r, "domains");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_rows, 2);
    ASSERT_NEAR(at(t, "Crime and ASB", "assessed"), 4);
    ASSERT_NEAR(at(t, "Crime and ASB", "at_entry"), 2);
    ASSERT_NEAR(at(t, "Crime and ASB", "at_exit"), 2);
    ASSERT_NEAR(at(t, "Crime and ASB", "resolved"), 1);
    ASSERT_NEAR(at(t, "Crime and ASB", "new"), 1);
    ASSERT_NEAR(at(t, "Crime and ASB", "pct_reduction"), 0);
    ASSERT_NEAR(at(t, "Finance and debt", "assessed"), 3);
    ASSERT_NEAR(at(t, "Finance and debt", "at_entry"), 2);
    ASSERT_NEAR(at(t, "Finance and debt", "at_exit"), 1);
    ASSERT_NEAR(at(t, "Finance and debt", "resolved"), 1);
    ASSERT_NEAR(at(t, "Finance and debt", "new"), 0);
    ASSERT_NEAR(at(t, "Finance and debt", "pct_reduction"), 0.5);
    CU_ASSERT_EQUAL(t->chart, RES_CHART_COLUMN);
    CU_ASSERT_EQUAL(t->n_chart_cols, 2);
    CU_ASSERT_EQUAL(t->formats[0], FMT_TEXT);
    CU_ASSERT_EQUAL(t->formats[6], FMT_PERCENT);
    /* The reduction is a share of those with the problem at entry. */
    CU_ASSERT_PTR_NOT_NULL_FATAL(t->basis_cols);
    CU_ASSERT_EQUAL(t->basis_cols[6], 2);
    CU_ASSERT_EQUAL(t->basis_cols[2], 0);
    /* Families by number of domains (F1 F2 F4): at entry 2, 1, 1 -> one
     * family with 2, two with 1; at exit 1, 1, 1 -> three with 1. */
    t = table(x.r, "domains_per_family");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_rows, 3);
    ASSERT_NEAR(at(t, "0", "families_entry"), 0);
    ASSERT_NEAR(at(t, "1", "families_entry"), 2);
    ASSERT_NEAR(at(t, "2", "families_entry"), 1);
    ASSERT_NEAR(at(t, "1", "families_exit"), 3);
    ASSERT_NEAR(at(t, "2", "families_exit"), 0);
    run_close(&x);
}

static void test_fip_no_rows(void)
{
    /* No rows: every ratio is a division by zero -> not defined. */
    run x;
    CU_ASSERT_TRUE_FATAL(run_open(&x, "fip-small.yaml"));
    CU_ASSERT_EQUAL(run_start(&x), THRIVE_OK);
    CU_ASSERT_EQUAL(run_finish(&x), THRIVE_OK);
    ASSERT_NEAR(measure(x.r, "families_closed"), 0);
    ASSERT_NA(measure(x.r, "pct_exits_planned"));
    ASSERT_NA(measure(x.r, "mean_domains_entry"));
    ASSERT_NA(measure(x.r, "cost_per_family_resolved"));
    ASSERT_NA(measure(x.r, "median_days"));
    ASSERT_NA(at(table(x.r, "domains"), "Crime and ASB", "pct_reduction"));
    run_close(&x);
}

/* ------------------------------------------------------------------ */
/* school-gates                                                        */

static void test_school_gates(void)
{
    run x;
    CU_ASSERT_TRUE_FATAL(run_open(&x, "school-gates-small.yaml"));
    CU_ASSERT_EQUAL(run_start(&x), THRIVE_OK);
    static const char *const cols[] = {"id",  "school", "engaged", "new",  "start",
                                       "job", "s13",    "s26",     "hours"};
    /*    school  engaged new  start       job         13w  26w  hours  days
     * P1 Alpha   yes     yes  2010-01-01  2010-01-15  yes  yes  20     14
     * P2 Alpha   yes     no   2010-01-01  2010-02-01  yes  no   10     31
     * P3 Beta    yes     yes  2010-01-10  -
     * P4 Beta    no      yes  2010-01-10  -
     * P5 -       yes     -    2010-01-01  2010-01-08  no   -    16      7
     * P6 Beta    yes     no   -           2010-03-01  -    -    -       - */
    static const char *const rows[6][9] = {
        {"P1", "Alpha", "yes", "yes", "2010-01-01", "2010-01-15", "yes", "yes", "20"},
        {"P2", "Alpha", "yes", "no", "2010-01-01", "2010-02-01", "yes", "no", "10"},
        {"P3", "Beta", "yes", "yes", "2010-01-10", "", "", "", ""},
        {"P4", "Beta", "no", "yes", "2010-01-10", "", "", "", ""},
        {"P5", "", "yes", "", "2010-01-01", "2010-01-08", "no", "", "16"},
        {"P6", "Beta", "yes", "no", "", "2010-03-01", "", "", ""},
    };
    long f_days = model_field_index(x.m, "days_to_job");
    CU_ASSERT_FATAL(f_days >= 0);
    static const double want_days[6] = {14, 31, NAN, NAN, 7, NAN};
    for (int i = 0; i < 6; i++) {
        run_row(&x, cols, rows[i], 9);
        CU_ASSERT_EQUAL(x.row[f_days].present, !isnan(want_days[i]));
        if (!isnan(want_days[i]))
            ASSERT_NEAR(x.row[f_days].num, want_days[i]);
    }
    CU_ASSERT_EQUAL(run_finish(&x), THRIVE_OK);
    /* Engaged: P1 P2 P3 P5 P6 = 5; new (the condition new == "yes") among
     * them: P1 P3 = 2 (P5's is missing: false) -> 2 / 5 = 0.4. */
    ASSERT_NEAR(measure(x.r, "parents_engaged"), 5);
    ASSERT_NEAR(measure(x.r, "engaged_new_to_jcp"), 2);
    ASSERT_NEAR(measure(x.r, "pct_engaged_new_to_jcp"), 0.4);
    /* Jobs: P1 P2 P5 P6 = 4; 13 weeks P1 P2 = 2; 26 weeks P1 = 1; hours
     * 20 and 16 are 16+ (P1 P5), 10 is under (P2), P6 has none. */
    ASSERT_NEAR(measure(x.r, "job_entries"), 4);
    ASSERT_NEAR(measure(x.r, "sustained_13_weeks"), 2);
    ASSERT_NEAR(measure(x.r, "sustained_26_weeks"), 1);
    /* Checks recorded (not blank) among the jobs: 13 weeks P1 yes, P2 yes,
     * P5 no (P6 blank) = 3, sustained 2 -> 2/3; 26 weeks P1 yes, P2 no (P5
     * and P6 blank: not yet due) = 2, sustained 1 -> 0.5. */
    ASSERT_NEAR(measure(x.r, "recorded_13_weeks"), 3);
    ASSERT_NEAR(measure(x.r, "pct_sustained_13_weeks"), 2.0 / 3.0);
    ASSERT_NEAR(measure(x.r, "recorded_26_weeks"), 2);
    ASSERT_NEAR(measure(x.r, "pct_sustained_26_weeks"), 0.5);
    ASSERT_NEAR(measure(x.r, "jobs_16_hours_plus"), 2);
    ASSERT_NEAR(measure(x.r, "jobs_under_16_hours"), 1);
    /* Days to job 7, 14, 31 -> median 14. */
    ASSERT_NEAR(measure(x.r, "jobs_with_days"), 3);
    ASSERT_NEAR(measure(x.r, "median_days_to_job"), 14);
    /* Cost 3000: per job 3000 / 4 = 750, per 13-week job 3000 / 2 = 1500,
     * per 26-week job 3000 / 1. */
    ASSERT_NEAR(measure(x.r, "cost_per_job_entry"), 750);
    ASSERT_NEAR(measure(x.r, "cost_per_sustained_job_13"), 1500);
    ASSERT_NEAR(measure(x.r, "cost_per_sustained_job_26"), 3000);

    /* By school, sorted, then (missing):
     * Alpha: P1 P2 - 2 parents, 2 engaged, 1 new (0.5), 2 jobs (2/2 = 1),
     *        13w 2, 26w 1, 16+ 1, under 1.
     * Beta:  P3 P4 P6 - 3 parents, 2 engaged (P3 P6), 1 new (0.5), 1 job
     *        (P6; 1/2 = 0.5), no sustained, no hours.
     * (missing): P5 - 1 parent, 1 engaged, 0 new (0), 1 job, 16+ 1. */
    const res_table *t = table(x.r, "schools");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_rows, 3);
    CU_ASSERT_STRING_EQUAL(t->row_labels[0], "Alpha");
    CU_ASSERT_STRING_EQUAL(t->row_labels[1], "Beta");
    CU_ASSERT_STRING_EQUAL(t->row_labels[2], "(missing)");
    ASSERT_NEAR(at(t, "Alpha", "parents"), 2);
    ASSERT_NEAR(at(t, "Alpha", "engaged"), 2);
    ASSERT_NEAR(at(t, "Alpha", "engaged_new"), 1);
    ASSERT_NEAR(at(t, "Alpha", "pct_new"), 0.5);
    ASSERT_NEAR(at(t, "Alpha", "job_entries"), 2);
    ASSERT_NEAR(at(t, "Alpha", "pct_job"), 1);
    ASSERT_NEAR(at(t, "Alpha", "sustained_13"), 2);
    ASSERT_NEAR(at(t, "Alpha", "sustained_26"), 1);
    ASSERT_NEAR(at(t, "Alpha", "hours_16_plus"), 1);
    ASSERT_NEAR(at(t, "Alpha", "hours_under_16"), 1);
    ASSERT_NEAR(at(t, "Beta", "parents"), 3);
    ASSERT_NEAR(at(t, "Beta", "engaged"), 2);
    ASSERT_NEAR(at(t, "Beta", "engaged_new"), 1);
    ASSERT_NEAR(at(t, "Beta", "job_entries"), 1);
    ASSERT_NEAR(at(t, "Beta", "pct_job"), 0.5);
    ASSERT_NEAR(at(t, "Beta", "sustained_13"), 0);
    ASSERT_NEAR(at(t, "(missing)", "pct_new"), 0);
    ASSERT_NEAR(at(t, "(missing)", "hours_16_plus"), 1);
    CU_ASSERT_EQUAL(t->chart, RES_CHART_BAR);
    CU_ASSERT_EQUAL(t->basis_cols[4], 2); /* shares of the engaged */
    CU_ASSERT_EQUAL(t->basis_cols[6], 2);
    CU_ASSERT_EQUAL(measure_rec(x.r, "cost_per_sustained_job_13")->basis, 2);
    run_close(&x);
}

static void test_school_gates_no_jobs(void)
{
    /* One parent, not engaged, no job: share of engaged and every cost per
     * job are divisions by zero. */
    run x;
    CU_ASSERT_TRUE_FATAL(run_open(&x, "school-gates-small.yaml"));
    CU_ASSERT_EQUAL(run_start(&x), THRIVE_OK);
    static const char *const cols[] = {"id", "school", "engaged"};
    static const char *const row[] = {"P1", "Alpha", "no"};
    run_row(&x, cols, row, 3);
    CU_ASSERT_EQUAL(run_finish(&x), THRIVE_OK);
    ASSERT_NEAR(measure(x.r, "parents_engaged"), 0);
    ASSERT_NA(measure(x.r, "pct_engaged_new_to_jcp"));
    ASSERT_NA(measure(x.r, "median_days_to_job"));
    ASSERT_NA(measure(x.r, "cost_per_job_entry"));
    ASSERT_NA(measure(x.r, "cost_per_sustained_job_26"));
    ASSERT_NA(at(table(x.r, "schools"), "Alpha", "pct_job"));
    run_close(&x);
}

static void test_school_gates_threshold(void)
{
    /* hours_threshold: 30.  Hours 20, 10, 16 and 35 (P1 P2 P5 P6): one
     * job of 30 hours or more (35), three of fewer.  The labels and ids say
     * 30, never 16. */
    run x;
    CU_ASSERT_TRUE_FATAL(run_open(&x, "school-gates-30h.yaml"));
    CU_ASSERT_EQUAL(run_start(&x), THRIVE_OK);
    static const char *const cols[] = {"id", "school", "engaged", "job", "hours"};
    static const char *const rows[4][5] = {
        {"P1", "Alpha", "yes", "2010-01-15", "20"},
        {"P2", "Alpha", "yes", "2010-02-01", "10"},
        {"P5", "Beta", "yes", "2010-01-08", "16"},
        {"P6", "Beta", "yes", "2010-03-01", "35"},
    };
    for (int i = 0; i < 4; i++)
        run_row(&x, cols, rows[i], 5);
    CU_ASSERT_EQUAL(run_finish(&x), THRIVE_OK);
    ASSERT_NEAR(measure(x.r, "jobs_30_hours_plus"), 1);
    ASSERT_NEAR(measure(x.r, "jobs_under_30_hours"), 3);
    CU_ASSERT_STRING_EQUAL(measure_rec(x.r, "jobs_30_hours_plus")->label,
                           "Jobs of 30 hours a week or more");
    CU_ASSERT_STRING_EQUAL(measure_rec(x.r, "jobs_under_30_hours")->label,
                           "Jobs of fewer than 30 hours a week");
    const res_table *t = table(x.r, "schools");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->col_labels[col(t, "hours_30_plus")], "Jobs of 30+ hours");
    CU_ASSERT_STRING_EQUAL(t->col_labels[col(t, "hours_under_30")], "Jobs under 30 hours");
    ASSERT_NEAR(at(t, "Beta", "hours_30_plus"), 1);
    ASSERT_NEAR(at(t, "Alpha", "hours_under_30"), 2);
    /* No label or id of a measure or column speaks of 16 hours. */
    for (size_t i = 0; i < x.r->n_measures; i++) {
        CU_ASSERT_PTR_NULL(strstr(x.r->measures[i].label, "16"));
        CU_ASSERT_PTR_NULL(strstr(x.r->measures[i].id, "16"));
    }
    for (size_t c = 0; c < t->n_cols; c++) {
        CU_ASSERT_PTR_NULL(strstr(t->col_labels[c], "16"));
        CU_ASSERT_PTR_NULL(strstr(t->col_ids[c], "16"));
    }
    run_close(&x);
}

static void test_school_gates_yes_no(void)
{
    /* engaged is an enum of Yes/No, but the plugin counts "yes": refused
     * at the setting's value (line 28, `  engaged: engaged`, column 12),
     * naming the field's values, rather than counting no one engaged. */
    run x;
    CU_ASSERT_FALSE(run_open(&x, "school-gates-yes-no.yaml"));
    CU_ASSERT_EQUAL(x.dl.n_errors, 1);
    assert_diag(&x.dl, 0, 28, 12,
                "field 'engaged' cannot hold 'yes' (its values are Yes, No), but the "
                "school-gates plugin counts rows by that value");
    run_close(&x);
}

/* ------------------------------------------------------------------ */
/* The host table, through a test plugin that uses each service        */

/* host-api.yaml with `mistake: none` made `mistake: MISTAKE`, or with
 * the line `  amount: amount` left out when MISTAKE is NULL; opened as
 * run_open does. */
/* host-api.yaml with `mistake: MISTAKE`, or without `amount:` when
 * MISTAKE is NULL, written to TMP (a mkstemps template ending ".yaml"). */
static void variant_model(char *tmp, const char *mistake)
{
    char src[2048];
    model_path(src, sizeof src, "host-api.yaml");
    FILE *in = fopen(src, "r");
    int fd = mkstemps(tmp, 5);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    CU_ASSERT_FATAL(in && out);
    char line[512];
    while (fgets(line, sizeof line, in)) {
        if (!mistake && strcmp(line, "  amount: amount\n") == 0)
            continue;
        if (mistake && strcmp(line, "  mistake: none\n") == 0)
            fprintf(out, "  mistake: %s\n", mistake);
        else
            fputs(line, out);
    }
    fclose(in);
    fclose(out);
}

static bool run_open_variant(run *x, const char *mistake)
{
    char tmp[] = "/tmp/thrive-host-api-XXXXXX.yaml";
    variant_model(tmp, mistake);
    bool ok = run_open(x, tmp);
    unlink(tmp);
    return ok;
}

/* Rows (id, amount, flag), sizes by amount (under 100 small):
 *   H1  50 yes   small        H2 150 yes   large
 *   H4   - yes   small        H3 250 no    large
 *   H5  80 no    small        H6 120 yes   large
 * small: 3 rows, 2 flagged, amount 130; large: 3 rows, 2 flagged, 520. */
static void host_api_rows(run *x, bool check)
{
    static const char *const cols[] = {"id", "amount", "flag"};
    static const char *const rows[6][3] = {
        {"H1", "50", "yes"}, {"H2", "150", "yes"}, {"H3", "250", "no"},
        {"H4", "", "yes"},   {"H5", "80", "no"},   {"H6", "120", "yes"},
    };
    long f_size = model_field_index(x->m, "size");
    CU_ASSERT_FATAL(f_size >= 0);
    static const char *const want[6] = {"small", "large", "large", "small", "small", "large"};
    for (int i = 0; i < 6; i++) {
        run_row(x, cols, rows[i], 3);
        if (!check)
            continue;
        CU_ASSERT_STRING_EQUAL(x->row[f_size].str, want[i]);
        /* an enum cell's number is its value's index, as for the data */
        ASSERT_NEAR(x->row[f_size].num, strcmp(want[i], "large") == 0);
    }
}

static void test_host_api(void)
{
    run x;
    CU_ASSERT_TRUE_FATAL(run_open(&x, "host-api.yaml")); /* no error: node checks passed */
    CU_ASSERT_EQUAL(run_start(&x), THRIVE_OK);
    host_api_rows(&x, true);
    CU_ASSERT_EQUAL(run_finish(&x), THRIVE_OK);
    /* 6 rows, 4 flagged (4/6), amount 650; cost 2000: 2000 / 4 = 500 a
     * row flagged, 650 / 2000 = 0.325 per pound. */
    ASSERT_NEAR(measure(x.r, "rows"), 6);
    ASSERT_NEAR(measure(x.r, "flagged"), 4);
    ASSERT_NEAR(measure(x.r, "share_flagged"), 4.0 / 6.0);
    ASSERT_NEAR(measure(x.r, "cost_per_flagged"), 500);
    ASSERT_NEAR(measure(x.r, "amount_per_pound"), 0.325);
    /* Per pound: a live ratio of the amount's cell over the total cost. */
    const res_measure *pp = measure_rec(x.r, "amount_per_pound");
    CU_ASSERT_TRUE_FATAL(pp->is_ratio);
    CU_ASSERT_STRING_EQUAL(x.r->measures[pp->num].id, "amount_total");
    CU_ASSERT_EQUAL(pp->den, MEASURE_COST);
    /* The rates of the table are worked out from their columns (the
     * plugin passed -1): small 2/3 flagged and 130 / 2 = 65 a row
     * flagged; large 2/3 and 520 / 2 = 260. */
    const res_table *t = table(x.r, "by_size");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_rows, 2);
    ASSERT_NEAR(at(t, "small", "share"), 2.0 / 3.0);
    ASSERT_NEAR(at(t, "small", "per_flagged"), 65);
    ASSERT_NEAR(at(t, "large", "amount"), 520);
    ASSERT_NEAR(at(t, "large", "per_flagged"), 260);
    CU_ASSERT_EQUAL(t->n_chart_cols, 2);
    CU_ASSERT_EQUAL(t->chart_cols[1], col(t, "flagged"));
    /* --suppress 3 hides the flagged 2s: both rates built on them go,
     * though the 3 rows are shown; the amount, built on the rows, stays. */
    x.r->suppress = 3;
    CU_ASSERT_FALSE(results_table_cell_hidden(x.r, t, 0, col(t, "rows")));
    CU_ASSERT_TRUE(results_table_cell_hidden(x.r, t, 0, col(t, "share")));
    CU_ASSERT_TRUE(results_table_cell_hidden(x.r, t, 0, col(t, "per_flagged")));
    CU_ASSERT_FALSE(results_table_cell_hidden(x.r, t, 0, col(t, "amount")));
    CU_ASSERT_FALSE(results_measure_hidden(x.r, pp));
    /* --suppress 7 hides the 6 rows, so the amount built on them, so the
     * figure per pound built on that. */
    x.r->suppress = 7;
    CU_ASSERT_TRUE(results_measure_hidden(x.r, measure_rec(x.r, "amount_total")));
    CU_ASSERT_TRUE(results_measure_hidden(x.r, pp));
    CU_ASSERT_TRUE(results_table_cell_hidden(x.r, t, 1, col(t, "amount")));
    x.r->suppress = 0;
    run_close(&x);
}

static void test_host_api_required(void)
{
    /* Without `amount:` the section (its first key, line 21 col 3) needs
     * it, and says what it must name. */
    run x;
    CU_ASSERT_FALSE(run_open_variant(&x, NULL));
    CU_ASSERT_EQUAL(x.dl.n_errors, 1);
    assert_diag(&x.dl, 0, 21, 3,
                "the host-api section needs 'amount': a field of type integer or number");
    run_close(&x);
}

/* A misuse of the host in finish (or row) fails the run with a message
 * naming the plugin, rather than giving a wrong table. */
static void host_api_mistake(const char *mistake, const char *message, size_t rows)
{
    run x;
    CU_ASSERT_TRUE_FATAL(run_open_variant(&x, mistake));
    CU_ASSERT_EQUAL(run_start(&x), THRIVE_OK);
    host_api_rows(&x, false);
    CU_ASSERT_EQUAL(run_finish(&x), THRIVE_ERROR_PLUGIN);
    /* the run's messages: each diag's text, one a line */
    char msg[4096] = "";
    for (size_t i = 0; i < x.dl.n; i++) {
        size_t len = strlen(msg);
        snprintf(msg + len, sizeof msg - len, "%s\n", x.dl.items[i].msg);
    }
    ASSERT_HAS(msg, "plugin 'host-api': ");
    ASSERT_HAS(msg, message);
    const res_table *t = table(x.r, "by_size");
    CU_ASSERT_EQUAL(t ? t->n_rows : 0, rows);
    run_close(&x);
}

static void test_host_api_mistakes(void)
{
    host_api_mistake("add_row_count", "table 'by_size': add_row() got 4 values for 5 columns", 0);
    host_api_mistake("chart_id",
                     "chart of table 'by_size': 'nope' is not one of its numeric "
                     "columns",
                     2);
    host_api_mistake("late_base", "table 'by_size', column 'share': a rate names an earlier", 0);
    /* row() stops being called after the error: the table is never made */
    host_api_mistake("enum_value", "set the enum field 'size' to 'medium', not one of its values",
                     0);
}

/* A message the plugin says when the host was given no list of
 * diagnostics (here start() without one) is held, not printed, and
 * handed to the next list the host is given (finish's), in order. */
static void test_host_held_messages(void)
{
    char tmp[] = "/tmp/thrive-host-api-XXXXXX.yaml";
    variant_model(tmp, "start_note");
    diag_list dl;
    diag_init(&dl);
    model *m = NULL;
    CU_ASSERT_EQUAL_FATAL(model_open(tmp, &dl, &m), THRIVE_OK);
    plugin_path pp;
    char *extra[] = {test_modules};
    plugin_path_init(&pp, extra, 1);
    plugin *p = NULL;
    CU_ASSERT_EQUAL_FATAL(plugin_load("host-api", &pp, tmp, 1, 1, &dl, &p), THRIVE_OK);
    CU_ASSERT_EQUAL(plugin_check(p, m, &dl), THRIVE_OK);
    CU_ASSERT_EQUAL(dl.n, 0);
    capture_start();
    CU_ASSERT_EQUAL(plugin_start(p, 1000, NULL), THRIVE_OK);
    const char *said = capture_end();
    CU_ASSERT_STRING_EQUAL(said, ""); /* nothing printed */
    results r = {0};
    CU_ASSERT_EQUAL(plugin_finish(p, &r, &dl), THRIVE_OK);
    CU_ASSERT_EQUAL_FATAL(dl.n, 1);
    CU_ASSERT_EQUAL(dl.items[0].level, DIAG_NOTE);
    CU_ASSERT_STRING_EQUAL(dl.items[0].msg, "started without a list of diagnostics");
    CU_ASSERT_EQUAL(dl.n_errors, 0);
    plugin_stop(p);
    results_free(&r);
    model_free(m);
    plugin_unload(p);
    plugin_path_free(&pp);
    diag_free(&dl);
    unlink(tmp);
}

/* What the plugin says in stop() is not shown (the run is over, and the
 * caller's list may be gone), nor leaked. */
static void test_host_stop_quiet(void)
{
    run x;
    CU_ASSERT_TRUE_FATAL(run_open_variant(&x, "stop_note"));
    CU_ASSERT_EQUAL(run_start(&x), THRIVE_OK);
    CU_ASSERT_EQUAL(run_finish(&x), THRIVE_OK);
    size_t n = x.dl.n;
    capture_start();
    evaluation_close(x.ev);
    x.ev = NULL;
    CU_ASSERT_STRING_EQUAL(capture_end(), "");
    CU_ASSERT_EQUAL(x.dl.n, n);
    run_close(&x);
}

/* ------------------------------------------------------------------ */
/* teen-parent-housing                                                 */

static void test_teen(void)
{
    run x;
    CU_ASSERT_TRUE_FATAL(run_open(&x, "teen-small.yaml"));
    CU_ASSERT_EQUAL(run_start(&x), THRIVE_OK);
    static const char *const cols[] = {"id",      "t6",     "t12",  "move_on", "eet_in",
                                       "eet_out", "health", "debt", "age",     "role"};
    /*    6m   12m  move_on    EET in/out  health debt age role
     * T1 yes  yes  planned    no  yes     yes    yes  17  mother
     * T2 yes  no   unplanned  no  no      no     no   19  mother
     * T3 no   -    none       yes -       yes    yes  22  father
     * T4 -    -    -          no  no      -      -    -   father
     * T5 yes  -    planned    yes yes     yes    no   18  mother */
    static const char *const rows[5][10] = {
        {"T1", "yes", "yes", "planned", "no", "yes", "yes", "yes", "17", "mother"},
        {"T2", "yes", "no", "unplanned", "no", "no", "no", "no", "19", "mother"},
        {"T3", "no", "", "none", "yes", "", "yes", "yes", "22", "father"},
        {"T4", "", "", "", "no", "no", "", "", "", "father"},
        {"T5", "yes", "", "planned", "yes", "yes", "yes", "no", "18", "mother"},
    };
    long f_band = model_field_index(x.m, "age_band");
    CU_ASSERT_FATAL(f_band >= 0);
    static const char *const want_band[5] = {"under 18", "18-19", "20 and over", "", "18-19"};
    for (int i = 0; i < 5; i++) {
        run_row(&x, cols, rows[i], 10);
        CU_ASSERT_STRING_EQUAL(x.row[f_band].str, want_band[i]);
        CU_ASSERT_EQUAL(x.row[f_band].present, *want_band[i] != '\0');
    }
    CU_ASSERT_EQUAL(run_finish(&x), THRIVE_OK);
    /* 6 months due: T1 T2 T3 T5 = 4, sustained T1 T2 T5 = 3 -> 0.75.
     * 12 months due: T1 T2 = 2, sustained T1 -> 0.5. */
    ASSERT_NEAR(measure(x.r, "tenancy_6m_due"), 4);
    ASSERT_NEAR(measure(x.r, "tenancy_6m_sustained"), 3);
    ASSERT_NEAR(measure(x.r, "pct_tenancy_6m"), 0.75);
    ASSERT_NEAR(measure(x.r, "tenancy_12m_due"), 2);
    ASSERT_NEAR(measure(x.r, "tenancy_12m_sustained"), 1);
    ASSERT_NEAR(measure(x.r, "pct_tenancy_12m"), 0.5);
    /* Moved on: T1 T2 T5 = 3, planned T1 T5 = 2 -> 2/3. */
    ASSERT_NEAR(measure(x.r, "moved_on"), 3);
    ASSERT_NEAR(measure(x.r, "planned_move_on"), 2);
    ASSERT_NEAR(measure(x.r, "pct_planned_move_on"), 2.0 / 3.0);
    /* EET recorded at both: T1 T2 T4 T5 = 4; at entry T5 = 1 (0.25); at
     * exit T1 T5 = 2 (0.5). */
    ASSERT_NEAR(measure(x.r, "eet_recorded"), 4);
    ASSERT_NEAR(measure(x.r, "eet_at_entry"), 1);
    ASSERT_NEAR(measure(x.r, "eet_at_exit"), 2);
    ASSERT_NEAR(measure(x.r, "pct_eet_entry"), 0.25);
    ASSERT_NEAR(measure(x.r, "pct_eet_exit"), 0.5);
    /* Health checks recorded T1 T2 T3 T5, up to date T1 T3 T5 -> 0.75;
     * debt recorded T1 T2 T3 T5, at entry T1 T3 -> 0.5. */
    ASSERT_NEAR(measure(x.r, "health_checks_recorded"), 4);
    ASSERT_NEAR(measure(x.r, "health_checks_up_to_date"), 3);
    ASSERT_NEAR(measure(x.r, "pct_health_checks"), 0.75);
    ASSERT_NEAR(measure(x.r, "debt_recorded"), 4);
    ASSERT_NEAR(measure(x.r, "debt_at_entry"), 2);
    ASSERT_NEAR(measure(x.r, "pct_debt_entry"), 0.5);
    /* Cost 2400: per tenancy sustained 6 months 2400 / 3 = 800; 12 months
     * 2400 / 1. */
    ASSERT_NEAR(measure(x.r, "cost_per_tenancy_sustained_6m"), 800);
    ASSERT_NEAR(measure(x.r, "cost_per_tenancy_sustained_12m"), 2400);
    CU_ASSERT_EQUAL(measure_rec(x.r, "pct_planned_move_on")->basis, 3);
    CU_ASSERT_EQUAL(measure_rec(x.r, "pct_eet_exit")->basis, 4);
    CU_ASSERT_FALSE(measure_rec(x.r, "moved_on")->has_basis);
    /* Shares and costs per unit are ratios of the measures they come from,
     * so that the workbook writes them as formulas over those cells. */
    const res_measure *share = measure_rec(x.r, "pct_tenancy_6m");
    const res_measure *per = measure_rec(x.r, "cost_per_tenancy_sustained_6m");
    CU_ASSERT_TRUE_FATAL(share->is_ratio && per->is_ratio);
    CU_ASSERT_STRING_EQUAL(x.r->measures[share->num].id, "tenancy_6m_sustained");
    CU_ASSERT_STRING_EQUAL(x.r->measures[share->den].id, "tenancy_6m_due");
    CU_ASSERT_EQUAL(per->num, MEASURE_COST);
    CU_ASSERT_STRING_EQUAL(x.r->measures[per->den].id, "tenancy_6m_sustained");
    CU_ASSERT_FALSE(measure_rec(x.r, "tenancy_6m_due")->is_ratio);
    /* --suppress 4 hides the 3 sustained of the 4 due: the share 3/4 and
     * the cost per sustained tenancy go with it (3 = 0.75 x 4 is
     * disclosed otherwise); the 4 due, and 12 months' share 1/2, are
     * hidden by their own counts (1 and 2). */
    x.r->suppress = 4;
    CU_ASSERT_FALSE(results_measure_hidden(x.r, measure_rec(x.r, "tenancy_6m_due")));
    CU_ASSERT_TRUE(results_measure_hidden(x.r, measure_rec(x.r, "tenancy_6m_sustained")));
    CU_ASSERT_TRUE(results_measure_hidden(x.r, share));
    CU_ASSERT_TRUE(results_measure_hidden(x.r, per));
    CU_ASSERT_TRUE(results_measure_hidden(x.r, measure_rec(x.r, "pct_tenancy_12m")));
    /* moved on 3, planned 2: hidden; EET recorded 4, at exit 2: hidden */
    CU_ASSERT_TRUE(results_measure_hidden(x.r, measure_rec(x.r, "pct_eet_exit")));
    x.r->suppress = 2; /* only counts of 1: EET at entry 1 of 4 */
    CU_ASSERT_FALSE(results_measure_hidden(x.r, share));
    CU_ASSERT_TRUE(results_measure_hidden(x.r, measure_rec(x.r, "pct_eet_entry")));
    CU_ASSERT_FALSE(results_measure_hidden(x.r, measure_rec(x.r, "pct_eet_exit")));
    x.r->suppress = 0;

    /* By age band (cut points 18, 20):
     * under 18: T1 - 6m 1/1, 12m 1/1, moved 1 planned 1.
     * 18-19: T2 T5 - 6m 2/2 (1.0), 12m 0/1 (0), moved 2 planned 1 (0.5).
     * 20 and over: T3 - 6m 0/1 (0), 12m 0/0 (n/a), moved 0 (n/a).
     * (age missing): T4. */
    const res_table *t = table(x.r, "by_age_band");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_rows, 4);
    ASSERT_NEAR(at(t, "under 18", "young_parents"), 1);
    ASSERT_NEAR(at(t, "under 18", "pct_tenancy_12m"), 1);
    ASSERT_NEAR(at(t, "18-19", "young_parents"), 2);
    ASSERT_NEAR(at(t, "18-19", "pct_tenancy_6m"), 1);
    ASSERT_NEAR(at(t, "18-19", "pct_tenancy_12m"), 0);
    ASSERT_NEAR(at(t, "18-19", "pct_planned_move_on"), 0.5);
    ASSERT_NEAR(at(t, "20 and over", "pct_tenancy_6m"), 0);
    ASSERT_NA(at(t, "20 and over", "pct_tenancy_12m"));
    ASSERT_NA(at(t, "20 and over", "pct_planned_move_on"));
    ASSERT_NEAR(at(t, "(age missing)", "young_parents"), 1);
    CU_ASSERT_EQUAL(t->chart, RES_CHART_COLUMN);
    /* Every share names its numerator's and its denominator's columns. */
    CU_ASSERT_EQUAL(t->basis_cols[col(t, "pct_tenancy_6m")], col(t, "tenancy_6m_due"));
    CU_ASSERT_EQUAL(t->num_cols[col(t, "pct_tenancy_6m")], col(t, "tenancy_6m_sustained"));
    CU_ASSERT_EQUAL(t->basis_cols[col(t, "pct_eet_exit")], col(t, "eet_recorded"));
    CU_ASSERT_EQUAL(t->num_cols[col(t, "pct_eet_exit")], col(t, "eet_at_exit"));
    CU_ASSERT_EQUAL(t->num_cols[col(t, "pct_debt_entry")], col(t, "debt_at_entry"));
    CU_ASSERT_EQUAL(t->num_cols[col(t, "eet_recorded")], 0);
    /* By parent, in order of appearance, under the model's labels (mother
     * has one, "Young mothers"; father none):
     * mother: T1 T2 T5 - 6m 3/3 (1.0), 12m 1/2 (0.5), planned 2/3.
     * father: T3 T4 - 6m 0/1 (0), moved 0 (n/a), EET recorded T4 only. */
    t = table(x.r, "by_parent");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_rows, 2);
    CU_ASSERT_STRING_EQUAL(t->row_labels[0], "Young mothers");
    CU_ASSERT_STRING_EQUAL(t->row_labels[1], "father");
    ASSERT_NEAR(at(t, "Young mothers", "young_parents"), 3);
    ASSERT_NEAR(at(t, "Young mothers", "pct_tenancy_6m"), 1);
    ASSERT_NEAR(at(t, "Young mothers", "pct_tenancy_12m"), 0.5);
    ASSERT_NEAR(at(t, "Young mothers", "pct_planned_move_on"), 2.0 / 3.0);
    ASSERT_NEAR(at(t, "father", "young_parents"), 2);
    ASSERT_NEAR(at(t, "father", "pct_tenancy_6m"), 0);
    ASSERT_NA(at(t, "father", "pct_planned_move_on"));
    ASSERT_NEAR(at(t, "father", "eet_recorded"), 1);
    ASSERT_NEAR(at(t, "father", "pct_eet_exit"), 0);
    /* The numerators beside their shares.  Mother, EET recorded at both
     * (T1 no/yes, T2 no/no, T5 yes/yes) = 3: at entry T5 = 1 (1/3), at
     * exit T1 T5 = 2 (2/3); health recorded T1 T2 T5, up to date T1 T5 =
     * 2 (2/3); debt recorded T1 T2 T5, at entry T1 = 1 (1/3).  Father:
     * health T3 yes (T4 blank) = 1 of 1; debt T3 yes = 1 of 1. */
    ASSERT_NEAR(at(t, "Young mothers", "eet_recorded"), 3);
    ASSERT_NEAR(at(t, "Young mothers", "eet_at_entry"), 1);
    ASSERT_NEAR(at(t, "Young mothers", "pct_eet_entry"), 1.0 / 3.0);
    ASSERT_NEAR(at(t, "Young mothers", "eet_at_exit"), 2);
    ASSERT_NEAR(at(t, "Young mothers", "pct_eet_exit"), 2.0 / 3.0);
    ASSERT_NEAR(at(t, "Young mothers", "health_checks_up_to_date"), 2);
    ASSERT_NEAR(at(t, "Young mothers", "pct_health_checks"), 2.0 / 3.0);
    ASSERT_NEAR(at(t, "Young mothers", "debt_at_entry"), 1);
    ASSERT_NEAR(at(t, "Young mothers", "pct_debt_entry"), 1.0 / 3.0);
    ASSERT_NEAR(at(t, "father", "health_checks_up_to_date"), 1);
    ASSERT_NEAR(at(t, "father", "pct_health_checks"), 1);
    ASSERT_NEAR(at(t, "father", "pct_debt_entry"), 1);
    /* --suppress 2 hides counts of 1.  The mother's 1 in EET at entry is
     * hidden, and so is its share, though its 3 recorded are shown (1/3 x 3
     * would give the 1 away); her 2 in EET at exit, and its share, stay. */
    x.r->suppress = 2;
    size_t mother = 0;
    CU_ASSERT_FALSE(results_table_cell_hidden(x.r, t, mother, col(t, "eet_recorded")));
    CU_ASSERT_TRUE(results_table_cell_hidden(x.r, t, mother, col(t, "eet_at_entry")));
    CU_ASSERT_TRUE(results_table_cell_hidden(x.r, t, mother, col(t, "pct_eet_entry")));
    CU_ASSERT_FALSE(results_table_cell_hidden(x.r, t, mother, col(t, "pct_eet_exit")));
    CU_ASSERT_TRUE(results_table_cell_hidden(x.r, t, mother, col(t, "pct_debt_entry")));
    x.r->suppress = 0;
    run_close(&x);
}

static void test_teen_band_enum(void)
{
    /* age_band is a derived enum whose values are the bands: an outcome
     * comparing it with "18 to 19" (line 13; the string's quote is at
     * column 69) is refused as for a declared enum. */
    run x;
    CU_ASSERT_FALSE(run_open(&x, "teen-band-expr.yaml"));
    CU_ASSERT_EQUAL(x.dl.n_errors, 1);
    assert_diag(&x.dl, 0, 13, 69, "\"18 to 19\" is not one of the values of enum field 'age_band'");
    run_close(&x);
    /* In the valid model, its values are the bands, in order. */
    CU_ASSERT_TRUE_FATAL(run_open(&x, "teen-small.yaml"));
    long f = model_field_index(x.m, "age_band");
    CU_ASSERT_FATAL(f >= 0);
    const field *band = &x.m->fields[f];
    CU_ASSERT_EQUAL(band->type, FIELD_ENUM);
    CU_ASSERT_EQUAL_FATAL(band->n_values, 3);
    CU_ASSERT_STRING_EQUAL(band->values[0], "under 18");
    CU_ASSERT_STRING_EQUAL(band->values[1], "18-19");
    CU_ASSERT_STRING_EQUAL(band->values[2], "20 and over");
    run_close(&x);
}

/* ------------------------------------------------------------------ */
/* work-focused                                                        */

static void test_work_focused(void)
{
    run x;
    CU_ASSERT_TRUE_FATAL(run_open(&x, "work-focused-small.yaml"));
    CU_ASSERT_EQUAL(run_start(&x), THRIVE_OK);
    static const char *const cols[] = {"id",   "centre", "lone",  "benefit", "nontrad",
                                       "debt", "child",  "train", "job",     "trained"};
    /*    centre lone ben  nontrad | debt child train | job         trained  referrals
     * W1 Alpha  yes  yes  no      | yes  yes   no    | 2010-03-01  no       2
     * W2 Alpha  yes  no   yes     | no   no    yes   | -           yes      1
     * W3 Beta   no   yes  no      | yes  no    yes   | 2010-05-01  yes      2
     * W4 Beta   yes  yes  no      | no   no    no    | -           no       0
     * W5 -      -    yes  yes     | yes  yes   yes   | -           no       3
     * W6 Alpha  no   no   yes     | no   no    no    | 2010-06-01  -        0 */
    static const char *const rows[6][10] = {
        {"W1", "Alpha", "yes", "yes", "no", "yes", "yes", "no", "2010-03-01", "no"},
        {"W2", "Alpha", "yes", "no", "yes", "no", "no", "yes", "", "yes"},
        {"W3", "Beta", "no", "yes", "no", "yes", "no", "yes", "2010-05-01", "yes"},
        {"W4", "Beta", "yes", "yes", "no", "no", "no", "no", "", "no"},
        {"W5", "", "", "yes", "yes", "yes", "yes", "yes", "", "no"},
        {"W6", "Alpha", "no", "no", "yes", "no", "no", "no", "2010-06-01", ""},
    };
    long f_made = model_field_index(x.m, "referrals_made");
    CU_ASSERT_FATAL(f_made >= 0);
    static const double want_made[6] = {2, 1, 2, 0, 3, 0};
    for (int i = 0; i < 6; i++) {
        run_row(&x, cols, rows[i], 10);
        CU_ASSERT_TRUE(x.row[f_made].present);
        ASSERT_NEAR(x.row[f_made].num, want_made[i]);
    }
    CU_ASSERT_EQUAL(run_finish(&x), THRIVE_OK);
    /* The derived field in the model's own output: referrals_made >= 2 is
     * W1 W3 W5 = 3. */
    CU_ASSERT_EQUAL(x.r->outputs[1].count, 3);
    /* Lone parents on benefit (both "yes"): W1 W4 = 2 of 6 (W2 is not on
     * benefit, W5's lone parent cell is missing) -> 1/3.  Non-traditional:
     * W2 W5 W6 = 3 -> 0.5. */
    ASSERT_NEAR(measure(x.r, "parents"), 6);
    ASSERT_NEAR(measure(x.r, "lone_parents_on_benefit"), 2);
    ASSERT_NEAR(measure(x.r, "pct_lone_parents_on_benefit"), 1.0 / 3.0);
    ASSERT_NEAR(measure(x.r, "non_traditional_customers"), 3);
    ASSERT_NEAR(measure(x.r, "pct_non_traditional_customers"), 0.5);
    /* Referred: debt advice W1 W3 W5 = 3 (0.5); childcare W1 W5 = 2 (1/3);
     * training W2 W3 W5 = 3 (0.5). */
    ASSERT_NEAR(measure(x.r, "referred_debt_advice"), 3);
    ASSERT_NEAR(measure(x.r, "pct_referred_debt_advice"), 0.5);
    ASSERT_NEAR(measure(x.r, "referred_childcare"), 2);
    ASSERT_NEAR(measure(x.r, "pct_referred_childcare"), 1.0 / 3.0);
    ASSERT_NEAR(measure(x.r, "referred_training"), 3);
    CU_ASSERT_STRING_EQUAL(measure_rec(x.r, "referred_debt_advice")->label,
                           "Parents referred: Debt advice");
    /* Job entries W1 W3 W6 = 3 (0.5); training starts W2 W3 = 2 (1/3).
     * Cost 6000: 6000 / 3 = 2000 a job entry, 6000 / 2 = 3000 a training
     * start; both live over the total cost (den = MEASURE_COST). */
    ASSERT_NEAR(measure(x.r, "job_entries"), 3);
    ASSERT_NEAR(measure(x.r, "pct_job_entries"), 0.5);
    ASSERT_NEAR(measure(x.r, "training_starts"), 2);
    ASSERT_NEAR(measure(x.r, "pct_training_starts"), 1.0 / 3.0);
    ASSERT_NEAR(measure(x.r, "cost_per_job_entry"), 2000);
    ASSERT_NEAR(measure(x.r, "cost_per_training_start"), 3000);

    /* By centre, sorted, then (missing):
     * Alpha W1 W2 W6: 3 parents, 1 lone on benefit (W1; 1/3), 2
     *   non-traditional (W2 W6; 2/3), debt 1, childcare 1, training 1, 2 jobs
     *   (W1 W6; 2/3), 1 training start (W2).
     * Beta W3 W4: 2 parents, 1 lone on benefit (W4; 0.5), 0 non-traditional,
     *   debt 1, childcare 0, training 1, 1 job (0.5), 1 training start.
     * (missing) W5: 1 parent, 0 lone on benefit, 1 non-traditional, each
     *   referral 1, no job (0), no training start. */
    const res_table *t = table(x.r, "centres");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_rows, 3);
    CU_ASSERT_STRING_EQUAL(t->row_labels[0], "Alpha");
    CU_ASSERT_STRING_EQUAL(t->row_labels[1], "Beta");
    CU_ASSERT_STRING_EQUAL(t->row_labels[2], "(missing)");
    ASSERT_NEAR(at(t, "Alpha", "parents"), 3);
    ASSERT_NEAR(at(t, "Alpha", "lone_parents_on_benefit"), 1);
    ASSERT_NEAR(at(t, "Alpha", "pct_lone_parents_on_benefit"), 1.0 / 3.0);
    ASSERT_NEAR(at(t, "Alpha", "non_traditional"), 2);
    ASSERT_NEAR(at(t, "Alpha", "pct_non_traditional"), 2.0 / 3.0);
    ASSERT_NEAR(at(t, "Alpha", "referred_debt_advice"), 1);
    ASSERT_NEAR(at(t, "Alpha", "referred_childcare"), 1);
    ASSERT_NEAR(at(t, "Alpha", "referred_training"), 1);
    ASSERT_NEAR(at(t, "Alpha", "job_entries"), 2);
    ASSERT_NEAR(at(t, "Alpha", "pct_job_entries"), 2.0 / 3.0);
    ASSERT_NEAR(at(t, "Alpha", "training_starts"), 1);
    ASSERT_NEAR(at(t, "Beta", "parents"), 2);
    ASSERT_NEAR(at(t, "Beta", "pct_lone_parents_on_benefit"), 0.5);
    ASSERT_NEAR(at(t, "Beta", "non_traditional"), 0);
    ASSERT_NEAR(at(t, "Beta", "referred_childcare"), 0);
    ASSERT_NEAR(at(t, "Beta", "pct_job_entries"), 0.5);
    ASSERT_NEAR(at(t, "(missing)", "non_traditional"), 1);
    ASSERT_NEAR(at(t, "(missing)", "referred_training"), 1);
    ASSERT_NEAR(at(t, "(missing)", "pct_job_entries"), 0);
    CU_ASSERT_STRING_EQUAL(t->col_labels[col(t, "referred_debt_advice")],
                           "Referred to debt advice");
    CU_ASSERT_EQUAL(t->chart, RES_CHART_COLUMN);
    /* Each share names both its columns: parents (1) below, its count above. */
    CU_ASSERT_EQUAL(t->basis_cols[col(t, "pct_job_entries")], 1);
    CU_ASSERT_EQUAL(t->num_cols[col(t, "pct_job_entries")], col(t, "job_entries"));
    /* --suppress 2 hides the counts of 1, and secondary suppression one
     * more in a column where only one is hidden: parents 3, 2, 1 hides the
     * (missing) 1 and then Beta's 2 (else 6 - 3 - 2 would give it away), so
     * Beta's shares of parents go too; non-traditional 2, 0, 1 hides
     * Alpha's 2 as well (0 is never the next smallest); job entries 2, 1, 0
     * hides Alpha's 2 beside Beta's 1, and Alpha's share with it.  Lone
     * parents on benefit 1, 1, 0 has two hidden already: nothing more. */
    x.r->suppress = 2;
    CU_ASSERT_EQUAL(results_disclose(x.r), THRIVE_OK);
    size_t alpha = 0, beta = 1, none = 2;
    CU_ASSERT_FALSE(results_table_hidden(t, alpha, col(t, "parents")));
    CU_ASSERT_TRUE(results_table_hidden(t, beta, col(t, "parents")));
    CU_ASSERT_TRUE(results_table_hidden(t, none, col(t, "parents")));
    CU_ASSERT_TRUE(results_table_hidden(t, beta, col(t, "pct_non_traditional")));
    CU_ASSERT_TRUE(results_table_hidden(t, alpha, col(t, "non_traditional")));
    CU_ASSERT_FALSE(results_table_hidden(t, beta, col(t, "non_traditional")));
    CU_ASSERT_TRUE(results_table_hidden(t, alpha, col(t, "pct_non_traditional")));
    CU_ASSERT_TRUE(results_table_hidden(t, alpha, col(t, "job_entries")));
    CU_ASSERT_TRUE(results_table_hidden(t, alpha, col(t, "pct_job_entries")));
    CU_ASSERT_FALSE(results_table_hidden(t, none, col(t, "job_entries")));
    CU_ASSERT_TRUE(results_table_hidden(t, alpha, col(t, "lone_parents_on_benefit")));
    CU_ASSERT_TRUE(results_table_hidden(t, beta, col(t, "lone_parents_on_benefit")));
    CU_ASSERT_FALSE(results_table_hidden(t, none, col(t, "lone_parents_on_benefit")));
    x.r->suppress = 0;
    CU_ASSERT_EQUAL(results_disclose(x.r), THRIVE_OK);
    CU_ASSERT_FALSE(results_table_hidden(t, beta, col(t, "parents")));

    /* By referral type, what became of those referred:
     * debt advice W1 W3 W5: jobs W1 W3 = 2 (2/3), training W3 = 1 (1/3);
     * childcare W1 W5: jobs W1 = 1 (0.5), training 0 (0);
     * training W2 W3 W5: jobs W3 = 1 (1/3), training W2 W3 = 2 (2/3). */
    t = table(x.r, "referrals");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_rows, 3);
    ASSERT_NEAR(at(t, "Debt advice", "referred"), 3);
    ASSERT_NEAR(at(t, "Debt advice", "job_entries"), 2);
    ASSERT_NEAR(at(t, "Debt advice", "pct_job_entries"), 2.0 / 3.0);
    ASSERT_NEAR(at(t, "Debt advice", "training_starts"), 1);
    ASSERT_NEAR(at(t, "Debt advice", "pct_training_starts"), 1.0 / 3.0);
    ASSERT_NEAR(at(t, "Childcare", "referred"), 2);
    ASSERT_NEAR(at(t, "Childcare", "pct_job_entries"), 0.5);
    ASSERT_NEAR(at(t, "Childcare", "pct_training_starts"), 0);
    ASSERT_NEAR(at(t, "Training", "job_entries"), 1);
    ASSERT_NEAR(at(t, "Training", "pct_training_starts"), 2.0 / 3.0);
    run_close(&x);
}

static void test_work_focused_no_rows(void)
{
    /* No parents: every share and cost per unit divides by zero. */
    run x;
    CU_ASSERT_TRUE_FATAL(run_open(&x, "work-focused-small.yaml"));
    CU_ASSERT_EQUAL(run_start(&x), THRIVE_OK);
    CU_ASSERT_EQUAL(run_finish(&x), THRIVE_OK);
    ASSERT_NEAR(measure(x.r, "parents"), 0);
    ASSERT_NA(measure(x.r, "pct_lone_parents_on_benefit"));
    ASSERT_NA(measure(x.r, "cost_per_job_entry"));
    const res_table *t = table(x.r, "centres");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_rows, 0);
    ASSERT_NA(at(table(x.r, "referrals"), "Training", "pct_job_entries"));
    run_close(&x);
}

static void test_work_focused_yes_no(void)
{
    /* lone is an enum of Yes/No, but the plugin counts lone parents by
     * "yes": refused at the setting's value (line 30, `  lone_parent: lone`,
     * column 16), rather than counting no lone parent at all. */
    run x;
    CU_ASSERT_FALSE(run_open(&x, "work-focused-yes-no.yaml"));
    CU_ASSERT_EQUAL(x.dl.n_errors, 1);
    assert_diag(&x.dl, 0, 30, 16,
                "field 'lone' cannot hold 'yes' (its values are Yes, No), but the "
                "work-focused plugin counts rows by that value");
    run_close(&x);
}

/* ------------------------------------------------------------------ */
/* separating-parents                                                  */

static void test_separating_parents(void)
{
    run x;
    CU_ASSERT_TRUE_FATAL(run_open(&x, "separating-parents-small.yaml"));
    CU_ASSERT_EQUAL(run_start(&x), THRIVE_OK);
    static const char *const cols[] = {"id", "m_in", "m_out", "c0",  "c1",
                                       "s1", "s2",   "s3",    "res", "eve"};
    /*    m_in    m_out   c0 c1 change | s1  s2  s3  n | res   eve
     * P1 none    family  8  5   3     | yes yes no  2 | good  yes
     * P2 csa     csa     6  6   0     | no  no  no  0 | bad   no
     * P3 family  none    5  7  -2     | yes no  no  1 | bad   yes
     * P4 none    none    9  -  -      | yes yes yes 3 | good  no
     * P5 none    -       7  4   3     | no  yes no  1 | good  no
     * P6 -       csa     -  3  -      | no  no  yes 1 | -     yes */
    static const char *const rows[6][10] = {
        {"P1", "none", "family", "8", "5", "yes", "yes", "no", "good", "yes"},
        {"P2", "csa", "csa", "6", "6", "no", "no", "no", "bad", "no"},
        {"P3", "family", "none", "5", "7", "yes", "no", "no", "bad", "yes"},
        {"P4", "none", "none", "9", "", "yes", "yes", "yes", "good", "no"},
        {"P5", "none", "", "7", "4", "no", "yes", "no", "good", "no"},
        {"P6", "", "csa", "", "3", "no", "no", "yes", "", "yes"},
    };
    long f_n = model_field_index(x.m, "services_involved");
    long f_change = model_field_index(x.m, "conflict_change");
    CU_ASSERT_FATAL(f_n >= 0 && f_change >= 0);
    static const double want_n[6] = {2, 0, 1, 3, 1, 1};
    static const double want_change[6] = {3, 0, -2, NAN, 3, NAN};
    for (int i = 0; i < 6; i++) {
        run_row(&x, cols, rows[i], 10);
        ASSERT_NEAR(x.row[f_n].num, want_n[i]);
        CU_ASSERT_EQUAL(x.row[f_change].present, !isnan(want_change[i]));
        if (!isnan(want_change[i]))
            ASSERT_NEAR(x.row[f_change].num, want_change[i]);
    }
    CU_ASSERT_EQUAL(run_finish(&x), THRIVE_OK);
    /* The derived fields in the model's own figures: services_involved >= 2
     * is P1 P4 = 2; conflict_change > 0 among those with one: P1 P5 of P1
     * P2 P3 P5. */
    CU_ASSERT_EQUAL(x.r->outputs[1].count, 2);
    CU_ASSERT_EQUAL(x.r->outcomes[0].eligible, 4);
    CU_ASSERT_EQUAL(x.r->outcomes[0].achieved, 2);
    /* Outcome (res == "good"): P1 P4 P5 = 3 of 6 -> 0.5; cost 8000 / 3. */
    ASSERT_NEAR(measure(x.r, "parents"), 6);
    ASSERT_NEAR(measure(x.r, "outcomes_achieved"), 3);
    ASSERT_NEAR(measure(x.r, "pct_outcomes_achieved"), 0.5);
    ASSERT_NEAR(measure(x.r, "cost_per_outcome"), 8000.0 / 3.0);
    /* Services: 2 + 0 + 1 + 3 + 1 + 1 = 8 involvements, 8 / 6 a parent. */
    ASSERT_NEAR(measure(x.r, "service_involvements"), 8);
    ASSERT_NEAR(measure(x.r, "mean_services"), 8.0 / 6.0);
    /* Maintenance recorded at both: P1 P2 P3 P4 = 4.  At entry csa (P2) and
     * family (P3) = 2 of 4; at exit family (P1) and csa (P2) = 2 of 4;
     * gained P1 (none -> family), lost P3 (family -> none); cost per
     * arrangement gained 8000 / 1. */
    ASSERT_NEAR(measure(x.r, "maintenance_recorded"), 4);
    ASSERT_NEAR(measure(x.r, "arranged_at_entry"), 2);
    ASSERT_NEAR(measure(x.r, "arranged_at_exit"), 2);
    ASSERT_NEAR(measure(x.r, "pct_arranged_entry"), 0.5);
    ASSERT_NEAR(measure(x.r, "pct_arranged_exit"), 0.5);
    ASSERT_NEAR(measure(x.r, "arrangements_gained"), 1);
    ASSERT_NEAR(measure(x.r, "arrangements_lost"), 1);
    ASSERT_NEAR(measure(x.r, "cost_per_arrangement_gained"), 8000);
    const res_table *t = table(x.r, "maintenance");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_rows, 3);
    ASSERT_NEAR(at(t, "family", "at_entry"), 1);
    ASSERT_NEAR(at(t, "family", "at_exit"), 1);
    ASSERT_NEAR(at(t, "csa", "at_entry"), 1);
    ASSERT_NEAR(at(t, "No arrangement", "at_entry"), 2);
    ASSERT_NEAR(at(t, "No arrangement", "at_exit"), 2);
    /* Conflict scored at both: P1 (8, 5) P2 (6, 6) P3 (5, 7) P5 (7, 4):
     * means 26 / 4 = 6.5 and 22 / 4 = 5.5, fall 1; less 2 (0.5), same 1
     * (0.25), more 1 (0.25). */
    ASSERT_NEAR(measure(x.r, "conflict_pairs"), 4);
    ASSERT_NEAR(measure(x.r, "mean_conflict_entry"), 6.5);
    ASSERT_NEAR(measure(x.r, "mean_conflict_review"), 5.5);
    ASSERT_NEAR(measure(x.r, "mean_conflict_fall"), 1);
    ASSERT_NEAR(measure(x.r, "conflict_less"), 2);
    ASSERT_NEAR(measure(x.r, "pct_conflict_less"), 0.5);
    ASSERT_NEAR(measure(x.r, "pct_conflict_same"), 0.25);
    ASSERT_NEAR(measure(x.r, "pct_conflict_more"), 0.25);
    CU_ASSERT_EQUAL(measure_rec(x.r, "mean_conflict_entry")->basis, 4);
    /* Evening or weekend: P1 P3 P6 = 3 (0.5), outcomes P1 = 1 (1/3);
     * standard hours P2 P4 P5 = 3, outcomes P4 P5 = 2 (2/3). */
    ASSERT_NEAR(measure(x.r, "evening_weekend"), 3);
    ASSERT_NEAR(measure(x.r, "pct_evening_weekend"), 0.5);
    ASSERT_NEAR(measure(x.r, "pct_outcome_evening_weekend"), 1.0 / 3.0);
    ASSERT_NEAR(measure(x.r, "standard_hours"), 3);
    ASSERT_NEAR(measure(x.r, "pct_outcome_standard_hours"), 2.0 / 3.0);

    /* By number of services:
     * 0: P2 - 1 parent, 0 outcomes (0), 1 pair, fall 0;
     * 1: P3 P5 P6 - 3 parents, 1 outcome (P5; 1/3), pairs P3 P5, fall
     *    (-2 + 3) / 2 = 0.5;
     * 2: P1 - 1, 1 (1), 1 pair, fall 3;
     * 3: P4 - 1, 1 (1), no pair: mean n/a. */
    t = table(x.r, "by_number_of_services");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_rows, 4);
    CU_ASSERT_STRING_EQUAL(t->row_labels[1], "1 service");
    CU_ASSERT_STRING_EQUAL(t->row_labels[3], "3 services");
    ASSERT_NEAR(at(t, "0 services", "parents"), 1);
    ASSERT_NEAR(at(t, "0 services", "pct_outcome"), 0);
    ASSERT_NEAR(at(t, "0 services", "mean_conflict_fall"), 0);
    ASSERT_NEAR(at(t, "1 service", "parents"), 3);
    ASSERT_NEAR(at(t, "1 service", "outcomes"), 1);
    ASSERT_NEAR(at(t, "1 service", "pct_outcome"), 1.0 / 3.0);
    ASSERT_NEAR(at(t, "1 service", "conflict_pairs"), 2);
    ASSERT_NEAR(at(t, "1 service", "mean_conflict_fall"), 0.5);
    ASSERT_NEAR(at(t, "2 services", "pct_outcome"), 1);
    ASSERT_NEAR(at(t, "2 services", "mean_conflict_fall"), 3);
    ASSERT_NEAR(at(t, "3 services", "pct_outcome"), 1);
    ASSERT_NA(at(t, "3 services", "mean_conflict_fall"));
    CU_ASSERT_EQUAL(t->basis_cols[col(t, "mean_conflict_fall")], col(t, "conflict_pairs"));
    /* By service (labels from the columns, capitalised):
     * s1 P1 P3 P4: 3, outcomes P1 P4 = 2 (2/3), pairs P1 P3, fall 0.5;
     * s2 P1 P4 P5: 3, outcomes 3 (1), pairs P1 P5, fall 3;
     * s3 P4 P6: 2, outcome P4 (0.5), no pair. */
    t = table(x.r, "by_service");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_rows, 3);
    ASSERT_NEAR(at(t, "S1", "parents"), 3);
    ASSERT_NEAR(at(t, "S1", "pct_outcome"), 2.0 / 3.0);
    ASSERT_NEAR(at(t, "S1", "mean_conflict_fall"), 0.5);
    ASSERT_NEAR(at(t, "S2", "pct_outcome"), 1);
    ASSERT_NEAR(at(t, "S2", "mean_conflict_fall"), 3);
    ASSERT_NEAR(at(t, "S3", "parents"), 2);
    ASSERT_NEAR(at(t, "S3", "pct_outcome"), 0.5);
    ASSERT_NA(at(t, "S3", "mean_conflict_fall"));
    CU_ASSERT_STRING_EQUAL(t->col_labels[1], "Parents involved");
    run_close(&x);
}

static void test_separating_parents_refused(void)
{
    /* m_out is an enum of None/Family/CSA, but the plugin counts
     * arrangements by "family" and "csa": refused at the setting's value
     * (line 30, `  maintenance_exit: m_out`, column 21), rather than
     * counting no arrangement at exit. */
    run x;
    CU_ASSERT_FALSE(run_open(&x, "separating-parents-bad-values.yaml"));
    CU_ASSERT_EQUAL(x.dl.n_errors, 1);
    assert_diag(&x.dl, 0, 30, 21,
                "the child-maintenance at exit field's values must include 'family' and 'csa': "
                "the separating-parents plugin counts arrangements by them");
    run_close(&x);
}

/* ------------------------------------------------------------------ */
/* laip                                                                */

static void test_laip(void)
{
    run x;
    CU_ASSERT_TRUE_FATAL(run_open(&x, "laip-small.yaml"));
    CU_ASSERT_EQUAL(run_start(&x), THRIVE_OK);
    static const char *const cols[] = {"id",      "strand",   "job", "gain",
                                       "debt_in", "debt_out", "fund"};
    /*    strand      job  gain/week  debt in/out  fund | outcome  annual gain
     * L1 employment  yes  0          -            100  | yes      0
     * L2 employment  no   10         -            -    | no       520
     * L3 income      -    25         -            50   | yes      1300
     * L4 income      -    -          -            0    | no       -
     * L5 debt        -    40         yes/no       200  | yes      2080
     * L6 -           yes  5          -            30   | - (no strand)  260 */
    static const char *const rows[6][7] = {
        {"L1", "employment", "yes", "0", "", "", "100"},
        {"L2", "employment", "no", "10", "", "", ""},
        {"L3", "income", "", "25", "", "", "50"},
        {"L4", "income", "", "", "", "", "0"},
        {"L5", "debt", "", "40", "yes", "no", "200"},
        {"L6", "", "yes", "5", "", "", "30"},
    };
    long f_gain = model_field_index(x.m, "annual_income_gain");
    long f_out = model_field_index(x.m, "strand_outcome");
    CU_ASSERT_FATAL(f_gain >= 0 && f_out >= 0);
    static const double want_gain[6] = {0, 520, 1300, NAN, 2080, 260};
    static const char *const want_out[6] = {"yes", "no", "yes", "no", "yes", ""};
    for (int i = 0; i < 6; i++) {
        run_row(&x, cols, rows[i], 7);
        CU_ASSERT_EQUAL(x.row[f_gain].present, !isnan(want_gain[i]));
        if (!isnan(want_gain[i]))
            ASSERT_NEAR(x.row[f_gain].num, want_gain[i]);
        CU_ASSERT_STRING_EQUAL(x.row[f_out].present ? x.row[f_out].str : "", want_out[i]);
    }
    CU_ASSERT_EQUAL(run_finish(&x), THRIVE_OK);
    /* The derived fields in the model's outcomes: strand_outcome == "yes"
     * L1 L3 L5 = 3 of 6; annual gain >= 1000 among those with one (L1 L2
     * L3 L5 L6): L3 L5 = 2 of 5. */
    CU_ASSERT_EQUAL(x.r->outcomes[0].achieved, 3);
    CU_ASSERT_EQUAL(x.r->outcomes[1].eligible, 5);
    CU_ASSERT_EQUAL(x.r->outcomes[1].achieved, 2);
    /* Strand outcomes L1 L3 L5 = 3 of 6 (L6 has no strand): 0.5; cost
     * 10400 / 3 a strand outcome. */
    ASSERT_NEAR(measure(x.r, "families"), 6);
    ASSERT_NEAR(measure(x.r, "strand_outcomes"), 3);
    ASSERT_NEAR(measure(x.r, "pct_strand_outcomes"), 0.5);
    ASSERT_NEAR(measure(x.r, "cost_per_strand_outcome"), 10400.0 / 3.0);
    /* Annual gains (weekly x 52) above 0: L2 520, L3 1300, L5 2080, L6 260
     * = 4 families (4/6), 4160 in all, mean 1040, median of 260 520 1300
     * 2080 = (520 + 1300) / 2 = 910; 4160 / 10400 = 0.4 a pound. */
    ASSERT_NEAR(measure(x.r, "families_with_income_gain"), 4);
    ASSERT_NEAR(measure(x.r, "pct_families_with_income_gain"), 4.0 / 6.0);
    ASSERT_NEAR(measure(x.r, "annual_income_gained"), 4160);
    ASSERT_NEAR(measure(x.r, "mean_annual_income_gain"), 1040);
    ASSERT_NEAR(measure(x.r, "median_annual_income_gain"), 910);
    ASSERT_NEAR(measure(x.r, "income_gained_per_pound"), 0.4);
    CU_ASSERT_EQUAL(measure_rec(x.r, "median_annual_income_gain")->basis, 4);
    /* Flexible fund above 0: L1 100, L3 50, L5 200, L6 30 = 4 families,
     * 380 in all: 380 / 6 a family, 380 / 4 = 95 a family helped. */
    ASSERT_NEAR(measure(x.r, "families_with_fund"), 4);
    ASSERT_NEAR(measure(x.r, "flexible_fund_spend"), 380);
    ASSERT_NEAR(measure(x.r, "fund_per_family"), 380.0 / 6.0);
    ASSERT_NEAR(measure(x.r, "fund_per_family_helped"), 95);

    /* By strand, in the section's order, then the family with none:
     * Employment L1 L2: 2, 1 (0.5), gain L2 520, fund 100 (50 a family);
     * Income L3 L4: 2, 1 (0.5), gain 1300, fund 50 (25);
     * Debt L5: 1, 1 (1), gain 2080, fund 200 (200);
     * Other or missing L6: 1, 0 (0), gain 260, fund 30 (30). */
    const res_table *t = table(x.r, "strands");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_rows, 4);
    CU_ASSERT_STRING_EQUAL(t->row_labels[0], "Employment");
    CU_ASSERT_STRING_EQUAL(t->row_labels[3], "Other or missing");
    ASSERT_NEAR(at(t, "Employment", "families"), 2);
    ASSERT_NEAR(at(t, "Employment", "outcomes"), 1);
    ASSERT_NEAR(at(t, "Employment", "pct_outcome"), 0.5);
    ASSERT_NEAR(at(t, "Employment", "with_income_gain"), 1);
    ASSERT_NEAR(at(t, "Employment", "annual_income_gained"), 520);
    ASSERT_NEAR(at(t, "Employment", "flexible_fund_spend"), 100);
    ASSERT_NEAR(at(t, "Employment", "fund_per_family"), 50);
    ASSERT_NEAR(at(t, "Income", "pct_outcome"), 0.5);
    ASSERT_NEAR(at(t, "Income", "annual_income_gained"), 1300);
    ASSERT_NEAR(at(t, "Income", "fund_per_family"), 25);
    ASSERT_NEAR(at(t, "Debt", "pct_outcome"), 1);
    ASSERT_NEAR(at(t, "Debt", "annual_income_gained"), 2080);
    ASSERT_NEAR(at(t, "Other or missing", "outcomes"), 0);
    ASSERT_NEAR(at(t, "Other or missing", "fund_per_family"), 30);
    CU_ASSERT_EQUAL(t->basis_cols[col(t, "annual_income_gained")], col(t, "with_income_gain"));
    CU_ASSERT_EQUAL(t->num_cols[col(t, "fund_per_family")], col(t, "flexible_fund_spend"));
    run_close(&x);
}

static void test_laip_refused(void)
{
    /* strand is an enum of Employment/Income/Debt, but the section names
     * the strands employment, income and debt: refused at the setting's
     * value (line 26, `  strand: strand`, column 11), rather than counting
     * every family under "Other or missing". */
    run x;
    CU_ASSERT_FALSE(run_open(&x, "laip-bad-strands.yaml"));
    CU_ASSERT_EQUAL(x.dl.n_errors, 1);
    assert_diag(&x.dl, 0, 26, 11,
                "the strand field's values must include 'employment', 'income' and 'debt': the "
                "laip plugin counts families by strand by them");
    run_close(&x);
}

/* ------------------------------------------------------------------ */
/* The shipped logic models, with their example data                   */

static void run_example(const char *model_file, const char *data_file, size_t min_measures)
{
    run x;
    CU_ASSERT_TRUE_FATAL(run_open_with(&x, model_file, data_file));
    /* notes on rejected rows stay in x.dl: not this test's business */
    CU_ASSERT_EQUAL(evaluation_run(x.ev, &x.dl), THRIVE_OK);
    CU_ASSERT(x.r->rows_accepted > 0);
    CU_ASSERT(x.r->n_measures >= min_measures);
    CU_ASSERT(x.r->n_tables >= 1);
    for (size_t i = 0; i < x.r->n_tables; i++) {
        CU_ASSERT(x.r->tables[i].n_rows > 0);
        CU_ASSERT(x.r->tables[i].chart != RES_CHART_NONE);
    }
    /* Counts are whole, non-negative and no larger than the rows. */
    for (size_t i = 0; i < x.r->n_measures; i++) {
        const res_measure *ms = &x.r->measures[i];
        if (ms->format == FMT_COUNT)
            CU_ASSERT(ms->value >= 0 && ms->value <= (double)x.r->rows_accepted &&
                      ms->value == floor(ms->value));
        if (ms->format == FMT_PERCENT)
            CU_ASSERT(isnan(ms->value) || (ms->value >= 0 && ms->value <= 1));
    }
    run_close(&x);
}

static void test_example_fip(void)
{
    run_example("logic-models/fip.yaml", "examples/fip/cases.csv", 10);
}

static void test_example_school_gates(void)
{
    run_example("logic-models/school-gates.yaml", "examples/school-gates/cases.csv", 10);
}

static void test_example_teen(void)
{
    run_example("logic-models/teen-parent-housing.yaml", "examples/teen-parent-housing/cases.csv",
                20);
}

static void test_example_work_focused(void)
{
    run_example("logic-models/work-focused.yaml", "examples/work-focused/cases.csv", 15);
}

static void test_example_laip(void)
{
    run_example("logic-models/laip.yaml", "examples/laip/knowsley.csv", 14);
}

static void test_example_separating_parents(void)
{
    run_example("logic-models/separating-parents.yaml", "examples/separating-parents/cases.csv",
                20);
}

int main(void)
{
    const char *top = getenv("top_srcdir");
    if (top && *top)
        snprintf(top_srcdir, sizeof top_srcdir, "%s", top);
    snprintf(test_modules, sizeof test_modules, "%s/tests/plugins", BUILD_DIR);
    unsetenv("THRIVE_PLUGIN_PATH"); /* only this build's plugins */

    static const CU_TestInfo host[] = {
        {"search order: --plugin-path, THRIVE_PLUGIN_PATH, build tree, installed",
         test_search_order},
        {"a missing plugin names every directory searched", test_missing},
        {"a misspelt plugin gets a hint", test_missing_hint},
        {"another ABI is refused, naming the file and both numbers", test_bad_abi},
        {"a module without the descriptor is refused, naming the symbol", test_no_symbol},
        {"a name that is not a plugin name", test_bad_name},
        {"every shipped plugin loads and unloads", test_load_unload},
        {"a plugin's model errors carry line and column", test_rejected},
        {"a missing plugin section points at pilot", test_no_section},
        {"a bad condition in a plugin setting points inside it", test_bad_condition},
        {"thrive plugins lists name, version, ABI, title, file", test_list},
        {"host services as documented: nodes, fields, measures, rate columns", test_host_api},
        {"a required key that is absent is an error at the section", test_host_api_required},
        {"a misuse of the host fails the run with a message", test_host_api_mistakes},
        {"a message said without a list is held for the next", test_host_held_messages},
        {"what stop() says is not shown", test_host_stop_quiet},
        CU_TEST_INFO_NULL,
    };
    static const CU_TestInfo pilots[] = {
        {"fip: domains, exits, days, cost per family resolved", test_fip},
        {"fip: no rows gives n/a, not a crash", test_fip_no_rows},
        {"school-gates: per school, jobs, days to job, costs", test_school_gates},
        {"school-gates: no jobs gives n/a", test_school_gates_no_jobs},
        {"school-gates: labels and ids follow hours_threshold", test_school_gates_threshold},
        {"school-gates: a flag field that cannot hold 'yes' is refused", test_school_gates_yes_no},
        {"teen-parent-housing: tenancies, move-on, EET, by age and parent", test_teen},
        {"teen-parent-housing: age_band is an enum of the bands", test_teen_band_enum},
        {"fip: the shipped model and example data", test_example_fip},
        {"school-gates: the shipped model and example data", test_example_school_gates},
        {"teen-parent-housing: the shipped model and example data", test_example_teen},
        {"work-focused: per centre, referrals by type, jobs, costs", test_work_focused},
        {"work-focused: no rows gives n/a, not a crash", test_work_focused_no_rows},
        {"work-focused: a flag field that cannot hold 'yes' is refused", test_work_focused_yes_no},
        {"work-focused: the shipped model and example data", test_example_work_focused},
        {"separating-parents: maintenance, conflict, services, out of hours",
         test_separating_parents},
        {"separating-parents: a field that cannot hold the arranged values is refused",
         test_separating_parents_refused},
        {"separating-parents: the shipped model and example data", test_example_separating_parents},
        {"laip: strands, income gained, flexible fund", test_laip},
        {"laip: a strand field that cannot hold the strands is refused", test_laip_refused},
        {"laip: the shipped model and a site's example data", test_example_laip},
        CU_TEST_INFO_NULL,
    };
    cunit_tap_add("plugin host", host);
    cunit_tap_add("pilots", pilots);
    return cunit_tap_run();
}
