/* summary.c - the JSON summary (see summary.h, SPEC 7 and 10). */
#include "config.h"

#include "summary.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "outfile.h"

/* Set when a value could not be built (jansson refuses text that is not
 * UTF-8, or memory ran out): the summary is then not written at all,
 * rather than written with a key silently missing. */
static bool incomplete;

static void put(json_t *obj, const char *key, json_t *value)
{
    if (!value || json_object_set_new(obj, key, value) != 0)
        incomplete = true;
}

static void push(json_t *list, json_t *value)
{
    if (!value || json_array_append_new(list, value) != 0)
        incomplete = true;
}

/* A figure, or null when undefined or hidden by --suppress. */
static json_t *real_or_null(double x, bool hidden)
{
    return hidden || !isfinite(x) ? json_null() : json_real(x);
}

/* A plugin's figure: counts as integers, the rest as reals. */
static json_t *number_or_null(double x, thrive_format format, bool hidden)
{
    if (hidden || !isfinite(x))
        return json_null();
    if (format == THRIVE_FMT_COUNT && x == floor(x) && fabs(x) < 9007199254740992.0)
        return json_integer((json_int_t)x);
    return json_real(x);
}

static json_t *count_or_null(const results *r, long long n)
{
    return results_count_hidden(r, n) ? json_null() : json_integer(n);
}

/* The rows read and accepted say how many participants there were: hidden
 * with them.  The rejected rows are listed (by line) on the Data quality
 * sheet, so their count is no secret. */
static json_t *data(const results *r)
{
    bool hide = r->participants_suppressed;
    json_t *obj =
        json_pack("{s:s, s:s, s:o, s:o, s:I}", "file", r->data_file, "sha256", r->data_sha256,
                  "rows_read", hide ? json_null() : json_integer(r->rows_read), "rows_accepted",
                  hide ? json_null() : json_integer(r->rows_accepted), "rows_rejected",
                  (json_int_t)r->rows_rejected);
    if (obj && hide)
        put(obj, "suppressed", json_true());
    return obj;
}

static json_t *pair(double lo, double hi, bool hidden)
{
    return json_pack("[oo]", real_or_null(lo, hidden), real_or_null(hi, hidden));
}

static json_t *costs(const results *r)
{
    json_t *by_kind = json_object();
    for (int k = 0; k < INPUT_KIND_COUNT; k++)
        if (r->kind_present[k])
            put(by_kind, input_kind_names[k], json_real(r->cost_by_kind[k]));
    json_t *obj = json_pack("{s:f, s:f, s:o, s:o}", "total", r->cost_total, "adjusted",
                            r->cost_adjusted, "by_kind", by_kind, "per_participant",
                            real_or_null(r->cost_per_participant, r->participants_suppressed));
    if (obj && r->participants_suppressed)
        put(obj, "suppressed", json_true());
    return obj;
}

static json_t *value_for_money(const results *r)
{
    bool hide = r->value_suppressed;
    json_t *obj =
        json_pack("{s:o, s:o, s:o}", "present_value", real_or_null(r->pv_total, hide), "npv",
                  real_or_null(r->npv, hide), "sroi_ratio", real_or_null(r->sroi_ratio, hide));
    if (obj && hide)
        put(obj, "suppressed", json_true());
    return obj;
}

static json_t *outputs(const results *r)
{
    const model *m = r->m;
    json_t *list = json_array();
    for (size_t i = 0; i < m->n_outputs; i++) {
        const res_output *o = &r->outputs[i];
        bool hide = o->count_suppressed;
        json_t *item =
            json_pack("{s:s, s:o, s:o, s:o, s:o}", "id", m->outputs[i].id, "count",
                      count_or_null(r, o->count), "target",
                      m->outputs[i].has_target ? json_real(m->outputs[i].target) : json_null(),
                      "pct_of_target", real_or_null(o->pct_of_target, hide), "cost_per_output",
                      real_or_null(o->cost_per_output, hide));
        if (hide)
            put(item, "suppressed", json_true());
        push(list, item);
    }
    return list;
}

static json_t *outcomes(const results *r)
{
    const model *m = r->m;
    json_t *list = json_array();
    for (size_t i = 0; i < m->n_outcomes; i++) {
        const res_outcome *o = &r->outcomes[i];
        const outcome *def = &m->outcomes[i];
        bool hide_a = o->achieved_suppressed;
        bool hide_rate = hide_a || o->eligible_suppressed;
        json_t *item = json_object();
        put(item, "id", json_string(def->id));
        put(item, "eligible", count_or_null(r, o->eligible));
        put(item, "achieved", count_or_null(r, o->achieved));
        put(item, "rate", real_or_null(o->rate, hide_rate));
        put(item, "rate_ci95", pair(o->ci_lo, o->ci_hi, hide_rate));
        put(item, "target", def->has_target ? json_real(def->target) : json_null());
        put(item, "net", real_or_null(o->net, hide_a));
        put(item, "cost_per_outcome", real_or_null(o->cost_per_outcome, hide_a));
        put(item, "cost_per_net_outcome", real_or_null(o->cost_per_net_outcome, hide_a));
        put(item, "present_value", real_or_null(o->present_value, hide_a));
        if (hide_rate)
            put(item, "suppressed", json_true());
        push(list, item);
    }
    return list;
}

static json_t *areas(const results *r)
{
    const model *m = r->m;
    json_t *list = json_array();
    for (size_t i = 0; i < m->n_areas; i++) {
        const res_area *a = &r->areas[i];
        const stats_paired *c = &a->change;
        bool hide = a->n_suppressed;
        json_t *item = json_object();
        put(item, "id", json_string(m->areas[i].id));
        put(item, "n", count_or_null(r, a->n));
        put(item, "n_missing_review", count_or_null(r, a->n_missing_review));
        put(item, "mean_baseline", real_or_null(a->mean_baseline, hide));
        put(item, "mean_review", real_or_null(a->mean_review, hide));
        put(item, "mean_change", real_or_null(c->mean, hide));
        put(item, "sd_change", real_or_null(c->sd, hide));
        put(item, "ci95", pair(c->ci_lo, c->ci_hi, hide));
        put(item, "effect_size_dz", real_or_null(c->dz, hide));
        put(item, "pct_improved", real_or_null(c->pct_improved, hide));
        put(item, "pct_same", real_or_null(c->pct_same, hide));
        put(item, "pct_worse", real_or_null(c->pct_worse, hide));
        put(item, "wilcoxon_p", real_or_null(c->wilcoxon_p, hide));
        if (hide || a->missing_suppressed)
            put(item, "suppressed", json_true());
        push(list, item);
    }
    return list;
}

/* {"participants": n, "outputs": {ID: {"count": n}}, "outcomes": {ID: {...}}} */
static json_t *group(const results *r, const res_group *g)
{
    const model *m = r->m;
    json_t *outs = json_object(), *outc = json_object();
    bool hidden = results_count_hidden(r, g->participants);
    for (size_t i = 0; i < m->n_outputs; i++) {
        hidden |= results_count_hidden(r, g->output_counts[i]);
        put(outs, m->outputs[i].id,
            json_pack("{s:o}", "count", count_or_null(r, g->output_counts[i])));
    }
    for (size_t i = 0; i < m->n_outcomes; i++) {
        hidden |=
            results_count_hidden(r, g->eligible[i]) || results_count_hidden(r, g->achieved[i]);
        put(outc, m->outcomes[i].id,
            json_pack("{s:o, s:o}", "eligible", count_or_null(r, g->eligible[i]), "achieved",
                      count_or_null(r, g->achieved[i])));
    }
    json_t *obj = json_pack("{s:o, s:o, s:o}", "participants", count_or_null(r, g->participants),
                            "outputs", outs, "outcomes", outc);
    if (hidden)
        put(obj, "suppressed", json_true());
    return obj;
}

static json_t *breakdowns(const results *r)
{
    const model *m = r->m;
    json_t *all = json_object();
    for (size_t b = 0; b < m->n_breakdowns; b++) {
        json_t *values = json_object();
        const res_breakdown *rb = &r->breakdowns[b];
        for (size_t g = 0; g < rb->n_groups; g++)
            put(values, rb->groups[g].label, group(r, &rb->groups[g]));
        put(all, m->breakdowns[b].name, values);
    }
    return all;
}

static json_t *quarters(const results *r)
{
    json_t *list = json_array();
    for (size_t q = 0; q < r->n_quarters; q++) {
        json_t *g = group(r, &r->quarters[q]);
        put(g, "quarter", json_string(r->quarters[q].label));
        push(list, g);
    }
    return list;
}

/* What the plugin added: its measures, and each table as a list of rows. */
static json_t *plugin_measures(const results *r)
{
    json_t *obj = json_object();
    for (size_t i = 0; i < r->n_measures; i++) {
        const res_measure *ms = &r->measures[i];
        put(obj, ms->id, number_or_null(ms->value, ms->format, results_measure_hidden(r, ms)));
    }
    for (size_t t = 0; t < r->n_tables; t++) {
        const res_table *tb = &r->tables[t];
        json_t *rows = json_array();
        for (size_t i = 0; i < tb->n_rows; i++) {
            json_t *row = json_object();
            put(row, tb->col_ids[0], json_string(tb->row_labels[i]));
            for (size_t c = 1; c < tb->n_cols; c++)
                put(row, tb->col_ids[c],
                    number_or_null(results_table_value(tb, i, c), tb->formats[c],
                                   results_table_cell_hidden(r, tb, i, c)));
            push(rows, row);
        }
        put(obj, tb->id, rows);
    }
    return obj;
}

json_t *summary_build(const results *r)
{
    const model *m = r->m;
    incomplete = false;
    json_t *root = json_object();
    put(root, "thrive_version", json_string(PACKAGE_VERSION));
    put(root, "plugin_abi", json_integer(THRIVE_PLUGIN_ABI));
    put(root, "model",
        json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", m->id, "title", m->title, "pilot", m->pilot,
                  "file", r->model_file, "sha256", r->model_sha256));
    put(root, "plugin",
        json_pack("{s:s, s:s}", "name", r->plugin_name ? r->plugin_name : m->pilot, "version",
                  r->plugin_version ? r->plugin_version : PACKAGE_VERSION));
    put(root, "data", data(r));
    put(root, "participants", count_or_null(r, r->rows_accepted));
    put(root, "costs", costs(r));
    put(root, "outputs", outputs(r));
    put(root, "outcomes", outcomes(r));
    put(root, "value_for_money", value_for_money(r));
    put(root, "distance_travelled", areas(r));
    put(root, "breakdowns", breakdowns(r));
    if (r->n_quarters)
        put(root, "quarters", quarters(r));
    put(root, "plugin_measures", plugin_measures(r));
    if (r->suppress > 0)
        put(root, "suppress", json_integer(r->suppress));
    if (incomplete) {
        json_decref(root);
        return NULL;
    }
    return root;
}

int summary_write(const results *r, const char *path)
{
    json_t *root = summary_build(r);
    char *tmp = root ? outfile_temp(path) : NULL;
    if (!tmp) {
        diag_say(path, 0, 0, "cannot write the summary: %s",
                 root ? strerror(errno)
                      : "a value could not be put into JSON (text that is not UTF-8 in the "
                        "model, or out of memory)");
        json_decref(root);
        return EXIT_OUTPUT;
    }
    /* 17 significant digits: every double round-trips exactly. */
    int rc = json_dump_file(root, tmp, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    json_decref(root);
    if (rc != 0 || outfile_commit(tmp, path) != 0) {
        diag_say(path, 0, 0, "cannot write the summary: %s", strerror(errno));
        outfile_discard(tmp);
        free(tmp);
        return EXIT_OUTPUT;
    }
    free(tmp);
    return EXIT_OK;
}
