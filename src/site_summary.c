/* site_summary.c - a site's figures from its evaluate summary (see site.h).
 *
 * Whichever version wrote it, a summary is accepted when it has the keys
 * the comparison needs; the first one missing is named, with what to do.
 */
#include "site.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    const char *summary_file, *report_file;
    int line, col;
    diag_list *dl;
    bool failed, nomem;
} reader;

/* The first problem only: the rest would follow from it. */
static void fail(reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(reader *rd, const char *fmt, ...)
{
    if (rd->failed)
        return;
    rd->failed = true;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(rd->dl, rd->report_file, rd->line, rd->col, "the summary '%s' %s", rd->summary_file,
               msg);
}

/* A key a summary written before compare existed lacks: say so. */
static void fail_old(reader *rd, const char *where, const char *key)
{
    fail(rd,
         "has no '%s' in %s: it was written by an older thrive; re-run thrive evaluate "
         "with --summary to write it again",
         key, where);
}

static const json_t *member(reader *rd, const json_t *obj, const char *key, const char *where,
                            bool old)
{
    const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    if (!v) {
        if (old)
            fail_old(rd, where, key);
        else
            fail(rd, "has no '%s' in %s", key, where);
    }
    return v;
}

static long long whole(reader *rd, const json_t *obj, const char *key, const char *where)
{
    const json_t *v = member(rd, obj, key, where, false);
    if (v && json_is_null(v)) {
        fail(rd,
             "has '%s' hidden in %s: it was written with --suppress; give compare the "
             "summary written without it (compare applies --suppress itself)",
             key, where);
        return 0;
    }
    if (v && !json_is_integer(v)) {
        fail(rd, "has '%s' in %s that is not a whole number", key, where);
        return 0;
    }
    return v ? (long long)json_integer_value(v) : 0;
}

/* A number, or NAN for null (undefined). */
static double num_of(reader *rd, const json_t *v, const char *key, const char *where)
{
    if (!v || json_is_null(v))
        return NAN;
    if (!json_is_number(v)) {
        fail(rd, "has '%s' in %s that is not a number", key, where);
        return NAN;
    }
    return json_number_value(v);
}

static double num(reader *rd, const json_t *obj, const char *key, const char *where)
{
    return num_of(rd, member(rd, obj, key, where, false), key, where);
}

static void pair(reader *rd, const json_t *obj, const char *key, const char *where, double *lo,
                 double *hi)
{
    const json_t *v = member(rd, obj, key, where, false);
    *lo = *hi = NAN;
    if (v && (!json_is_array(v) || json_array_size(v) != 2)) {
        fail(rd, "has '%s' in %s that is not a pair [low, high]", key, where);
        return;
    }
    if (v) {
        *lo = num_of(rd, json_array_get(v, 0), key, where);
        *hi = num_of(rd, json_array_get(v, 1), key, where);
    }
}

static char *text(reader *rd, const json_t *obj, const char *key, const char *where, bool old,
                  const char *fallback)
{
    const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    const char *s = json_is_string(v) ? json_string_value(v) : fallback;
    if (!s) {
        if (v)
            fail(rd, "has '%s' in %s that is not text", key, where);
        else
            member(rd, obj, key, where, old);
        return NULL;
    }
    char *d = strdup(s);
    if (!d)
        rd->nomem = true;
    return d;
}

static const json_t *list(reader *rd, const json_t *root, const char *key)
{
    const json_t *v = member(rd, root, key, "the summary", false);
    if (v && !json_is_array(v)) {
        fail(rd, "has '%s' that is not a list", key);
        return NULL;
    }
    return v;
}

static void *items(reader *rd, const json_t *a, size_t size, size_t *n)
{
    *n = 0;
    size_t len = a ? json_array_size(a) : 0;
    void *p = calloc(len ? len : 1, size);
    if (!p)
        rd->nomem = true;
    return p;
}

/* Each entry of the summary's list KEY, read by ONE into a new array of
 * SIZE-byte items (*OUT, *N of them), told "KEY[i]" to say where. */
typedef void read_one(reader *rd, const json_t *o, const char *where, void *item);

static void read_list(reader *rd, const json_t *root, const char *key, size_t size, void **out,
                      size_t *n, read_one *one)
{
    const json_t *a = list(rd, root, key);
    *out = items(rd, a, size, n);
    for (size_t i = 0; *out && a && i < json_array_size(a) && !rd->failed; i++) {
        char where[64];
        snprintf(where, sizeof where, "%s[%zu]", key, i);
        one(rd, json_array_get(a, i), where, (char *)*out + (*n)++ * size);
    }
}

/* An entry's id, and its label (the id when it has none). */
static void read_names(reader *rd, const json_t *o, const char *where, char **id, char **label)
{
    *id = text(rd, o, "id", where, false, NULL);
    *label = text(rd, o, "label", where, false, *id);
}

static void read_output(reader *rd, const json_t *o, const char *where, void *item)
{
    site_output *so = item;
    read_names(rd, o, where, &so->id, &so->label);
    so->count = whole(rd, o, "count", where);
    so->cost_per_output = num(rd, o, "cost_per_output", where);
}

static int block_of(const char *name)
{
    for (int b = 0; name && b < COMPARE_BLOCKS; b++)
        if (strcmp(name, compare_block_names[b]) == 0)
            return b;
    return -1;
}

static void read_outcome(reader *rd, const json_t *o, const char *where, void *item)
{
    site_outcome *so = item;
    read_names(rd, o, where, &so->id, &so->label);
    const json_t *st = json_object_get(o, "strategy");
    so->block = block_of(json_string_value(st));
    so->eligible = whole(rd, o, "eligible", where);
    so->achieved = whole(rd, o, "achieved", where);
    so->rate = num(rd, o, "rate", where);
    pair(rd, o, "rate_ci95", where, &so->ci_lo, &so->ci_hi);
    so->net = num(rd, o, "net", where);
    so->cost_per_outcome = num(rd, o, "cost_per_outcome", where);
    so->cost_per_net_outcome = num(rd, o, "cost_per_net_outcome", where);
    so->present_value = num(rd, o, "present_value", where);
}

/* [[d, count], ...] into a dense histogram from the least d to the most. */
static void read_histogram(reader *rd, const json_t *h, const char *where, site_area *sa)
{
    if (!json_is_array(h)) {
        fail(rd, "has a 'histogram' in %s that is not a list of [change, count]", where);
        return;
    }
    long lo = 0, hi = -1;
    for (size_t k = 0; k < json_array_size(h); k++) {
        const json_t *e = json_array_get(h, k);
        const json_t *d = json_array_get(e, 0), *c = json_array_get(e, 1);
        if (json_is_integer(d) && json_is_null(c)) {
            fail(rd,
                 "has a count hidden in the histogram of %s: it was written with --suppress; "
                 "give compare the summary written without it (compare applies --suppress "
                 "itself)",
                 where);
            return;
        }
        if (!json_is_array(e) || json_array_size(e) != 2 || !json_is_integer(d) ||
            !json_is_integer(c) || json_integer_value(c) < 0 ||
            llabs(json_integer_value(d)) > 1000000) {
            fail(rd, "has a histogram entry in %s that is not [change, count]", where);
            return;
        }
        long x = (long)json_integer_value(d);
        if (k == 0 || x < lo)
            lo = x;
        if (k == 0 || x > hi)
            hi = x;
    }
    sa->hist_min = lo;
    sa->hist_width = hi >= lo ? (size_t)(hi - lo + 1) : 0;
    sa->hist = calloc(sa->hist_width ? sa->hist_width : 1, sizeof *sa->hist);
    if (!sa->hist) {
        rd->nomem = true;
        return;
    }
    long long total = 0;
    for (size_t k = 0; k < json_array_size(h); k++) {
        const json_t *e = json_array_get(h, k);
        long long c = (long long)json_integer_value(json_array_get(e, 1));
        sa->hist[json_integer_value(json_array_get(e, 0)) - lo] += c;
        total += c;
    }
    if (total != sa->n)
        fail(rd, "has a histogram in %s whose counts add up to %lld, not n = %lld", where, total,
             sa->n);
}

static void read_area(reader *rd, const json_t *o, const char *where, void *item)
{
    site_area *sa = item;
    read_names(rd, o, where, &sa->id, &sa->label);
    sa->n = whole(rd, o, "n", where);
    sa->n_missing_review = whole(rd, o, "n_missing_review", where);
    sa->mean_change = num(rd, o, "mean_change", where);
    pair(rd, o, "ci95", where, &sa->ci_lo, &sa->ci_hi);
    /* the sufficient statistics, which pooling needs */
    const json_t *h = member(rd, o, "histogram", where, true);
    if (!member(rd, o, "sum_baseline", where, true) || !member(rd, o, "sum_review", where, true))
        return;
    sa->sum_baseline = whole(rd, o, "sum_baseline", where);
    sa->sum_review = whole(rd, o, "sum_review", where);
    if (h && !rd->failed)
        read_histogram(rd, h, where, sa);
}

static void copy_hash(reader *rd, const json_t *obj, const char *where, char out[HASH_HEX_SIZE])
{
    char *h = text(rd, obj, "sha256", where, false, NULL);
    snprintf(out, HASH_HEX_SIZE, "%s", h ? h : "");
    free(h);
}

static void read_head(reader *rd, const json_t *root, site_figures *s)
{
    if (json_object_get(root, "programme") && json_object_get(root, "sites")) {
        fail(rd, "is the summary of a comparison (thrive compare), not of one site's "
                 "evaluation (thrive evaluate --summary)");
        return;
    }
    const json_t *sup = json_object_get(root, "suppress");
    if (json_is_integer(sup) && json_integer_value(sup) > 0) {
        fail(rd,
             "was written with --suppress %lld: give compare the summary written without it "
             "(compare applies --suppress itself)",
             (long long)json_integer_value(sup));
        return;
    }
    const json_t *m = member(rd, root, "model", "the summary", false);
    s->model_id = text(rd, m, "id", "'model'", false, NULL);
    s->model_file = text(rd, m, "file", "'model'", false, NULL);
    copy_hash(rd, m, "'model'", s->model_sha256);
    s->currency = text(rd, m, "currency", "'model'", true, NULL);
    const json_t *d = member(rd, root, "data", "the summary", false);
    s->data_file = text(rd, d, "file", "'data'", false, NULL);
    copy_hash(rd, d, "'data'", s->data_sha256);
    s->rows_read = whole(rd, d, "rows_read", "'data'");
    s->rows_accepted = whole(rd, d, "rows_accepted", "'data'");
    s->rows_rejected = whole(rd, d, "rows_rejected", "'data'");
    s->rows_outside = json_is_integer(json_object_get(d, "rows_outside"))
                          ? (long long)json_integer_value(json_object_get(d, "rows_outside"))
                          : 0;
    s->participants = whole(rd, root, "participants", "the summary");
    const json_t *c = member(rd, root, "costs", "the summary", false);
    s->cost_total = num(rd, c, "total", "'costs'");
    s->cost_adjusted = num(rd, c, "adjusted", "'costs'");
    s->cost_per_participant = num(rd, c, "per_participant", "'costs'");
    /* As used (an older summary has no adjustments: the costs say it). */
    const json_t *ob = json_object_get(json_object_get(root, "adjustments"), "optimism_bias");
    s->optimism_bias = json_is_number(ob)  ? json_number_value(ob)
                       : s->cost_total > 0 ? s->cost_adjusted / s->cost_total - 1
                                           : 0;
    const json_t *v = member(rd, root, "value_for_money", "the summary", false);
    s->present_value = num(rd, v, "present_value", "'value_for_money'");
    s->npv = num(rd, v, "npv", "'value_for_money'");
    s->sroi_ratio = num(rd, v, "sroi_ratio", "'value_for_money'");
}

thrive_error site_from_json(const json_t *root, const char *name, const char *summary_file,
                            const char *report_file, int line, int col, diag_list *dl,
                            site_figures *out)
{
    memset(out, 0, sizeof *out);
    reader rd = {summary_file, report_file, line, col, dl, false, false};
    if (!json_is_object(root)) {
        fail(&rd, "is not a summary written by thrive evaluate --summary (a JSON object)");
        return THRIVE_ERROR_DATA;
    }
    out->from_summary = true;
    out->name = strdup(name);
    if (!out->name)
        return THRIVE_ERROR_NOMEM;
    read_head(&rd, root, out);
    void *outs = NULL, *outc = NULL, *areas = NULL;
    if (!rd.failed)
        read_list(&rd, root, "outputs", sizeof *out->outputs, &outs, &out->n_outputs, read_output);
    if (!rd.failed)
        read_list(&rd, root, "outcomes", sizeof *out->outcomes, &outc, &out->n_outcomes,
                  read_outcome);
    if (!rd.failed)
        read_list(&rd, root, "distance_travelled", sizeof *out->areas, &areas, &out->n_areas,
                  read_area);
    out->outputs = outs;
    out->outcomes = outc;
    out->areas = areas;
    if (rd.nomem || rd.failed) {
        site_figures_free(out);
        return rd.nomem ? THRIVE_ERROR_NOMEM : THRIVE_ERROR_DATA;
    }
    return THRIVE_OK;
}

thrive_error site_from_summary(const programme *p, const programme_site *ps, diag_list *dl,
                               site_figures *out)
{
    memset(out, 0, sizeof *out);
    json_error_t err;
    json_t *root = json_load_file(ps->summary_path, 0, &err);
    if (!root) {
        /* Where in the summary, then where the programme names it. */
        diag_error(dl, ps->summary_path, err.line > 0 ? err.line : 0,
                   err.column > 0 ? err.column : 0, "not a JSON summary: %s", err.text);
        diag_note(dl, p->file, ps->summary_line, ps->summary_col,
                  "the summary of site '%s', named here", ps->name);
        return THRIVE_ERROR_DATA;
    }
    thrive_error e = site_from_json(root, ps->name, ps->summary_as_written, p->file,
                                    ps->summary_line, ps->summary_col, dl, out);
    json_decref(root);
    return e;
}
