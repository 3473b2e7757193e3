/* summary.c - the JSON summary (see summary.h, docs/manual/outputs.md). */
#include "config.h"

#include "summary.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "stats.h"
#include "vfm.h"
#include "thrive/plugin.h" /* THRIVE_PLUGIN_ABI */

/* A summary being built.  INCOMPLETE is set when a value could not be
 * built (jansson refuses text that is not UTF-8, or memory ran out): the
 * summary is then not written at all, rather than written with a key
 * silently missing. */
typedef struct builder {
    const results *r;
    bool incomplete;
} builder;

static void put(builder *sb, json_t *obj, const char *key, json_t *value)
{
    if (!value || json_object_set_new(obj, key, value) != 0)
        sb->incomplete = true;
}

static void push(builder *sb, json_t *list, json_t *value)
{
    if (!value || json_array_append_new(list, value) != 0)
        sb->incomplete = true;
}

/* A figure, or null when undefined or hidden by --suppress. */
static json_t *real_or_null(double x, bool hidden)
{
    return hidden || !isfinite(x) ? json_null() : json_real(x);
}

/* Counts as integers, the rest as reals; null when undefined or hidden. */
static json_t *number_or_null(double x, fig_format format, bool hidden)
{
    if (hidden || !isfinite(x))
        return json_null();
    if (format == FMT_COUNT && x == floor(x) && fabs(x) < 9007199254740992.0)
        return json_integer((json_int_t)x);
    return json_real(x);
}

/* An item's label; the model's id when it has none. */
static json_t *label_of(const char *label, const char *id)
{
    return json_string(label ? label : id);
}

/* Figures FIRST..LAST (figures.h) of output, outcome or area I, each under
 * its key; an interval as [low, high]. */
static void put_figures(builder *sb, json_t *obj, fig_id first, fig_id last, size_t i)
{
    for (fig_id f = first; f <= last; f++) {
        bool hidden = results_hidden(sb->r, f, i);
        json_t *v;
        if (figures[f].interval) {
            double lo, hi;
            results_interval(sb->r, f, i, &lo, &hi);
            v = json_pack("[oo]", real_or_null(lo, hidden), real_or_null(hi, hidden));
        } else {
            v = number_or_null(results_figure(sb->r, f, i), figures[f].format, hidden);
        }
        put(sb, obj, figures[f].key, v);
    }
}

static void put_suppressed(builder *sb, json_t *obj, bool suppressed)
{
    if (obj && suppressed)
        put(sb, obj, "suppressed", json_true());
}

/* What the data guards found (manual: "When the data look wrong"):
 * blank records, every warning, and the faults counted by field and
 * reason, complete where the listed lines stop at their cap. */
static void append(builder *sb, json_t *array, json_t *value)
{
    if (!array || !value || json_array_append_new(array, value) != 0)
        sb->incomplete = true;
}

static void data_quality_keys(builder *sb, json_t *obj)
{
    const data_quality *dq = &sb->r->dq;
    json_t *warnings = json_array(), *counts = json_array();
    for (size_t i = 0; i < dq->n_warnings; i++) {
        const data_warning *w = &dq->warnings[i];
        append(sb, warnings,
               json_pack("{s:s, s:o, s:I, s:s}", "kind", w->kind, "field",
                         w->field ? json_string(w->field) : json_null(), "count",
                         (json_int_t)w->count, "message", w->message));
    }
    for (size_t i = 0; i < dq->n_counts; i++) {
        const reject_count *c = &dq->counts[i];
        append(sb, counts,
               json_pack("{s:o, s:s, s:I}", "field", c->field ? json_string(c->field) : json_null(),
                         "reason", c->reason, "count", (json_int_t)c->count));
    }
    if (dq->other_rejections)
        append(sb, counts,
               json_pack("{s:n, s:s, s:I}", "field", "reason", "other faults", "count",
                         (json_int_t)dq->other_rejections));
    put(sb, obj, "blank_records", json_integer(dq->blank_records));
    put(sb, obj, "warnings", warnings);
    put(sb, obj, "rejections_by_reason", counts);
}

/* The rows read and accepted say how many participants there were: hidden
 * with them.  The rejected rows are listed (by line) on the Data quality
 * sheet, so their count is no secret. */
static json_t *data(builder *sb)
{
    const results *r = sb->r;
    bool hide = r->participants_suppressed;
    json_t *obj =
        json_pack("{s:s, s:s, s:o, s:o, s:I}", "file", r->data_file, "sha256", r->data_sha256,
                  "rows_read", hide ? json_null() : json_integer(r->rows_read), "rows_accepted",
                  hide ? json_null() : json_integer(r->rows_accepted), "rows_rejected",
                  (json_int_t)r->rows_rejected);
    put_suppressed(sb, obj, hide);
    data_quality_keys(sb, obj);
    return obj;
}

static json_t *costs(builder *sb)
{
    const results *r = sb->r;
    json_t *by_kind = json_object(), *obj = json_object();
    for (int k = 0; k < INPUT_KIND_COUNT; k++)
        if (r->kind_present[k])
            put(sb, by_kind, input_kind_names[k], json_real(r->cost_by_kind[k]));
    put_figures(sb, obj, FIG_COST_TOTAL, FIG_COST_ADJUSTED, 0);
    put(sb, obj, "by_kind", by_kind);
    put_figures(sb, obj, FIG_COST_PER_PARTICIPANT, FIG_COST_PER_PARTICIPANT, 0);
    put_suppressed(sb, obj, r->participants_suppressed);
    return obj;
}

/* by_type (always its three keys) and by_agency (fiscal parts only). */
static void vfm_by_type(builder *sb, json_t *obj)
{
    const results *r = sb->r;
    bool hide = r->value_suppressed;
    json_t *types = json_object(), *agencies = json_object();
    for (value_type t = VALUE_FISCAL; t < VALUE_TYPES; t++)
        put(sb, types, value_type_names[t], real_or_null(r->pv_by_type[t], hide));
    for (size_t a = 0; a < r->m->n_agencies; a++)
        put(sb, agencies, r->m->agencies[a], real_or_null(r->pv_by_agency[a], hide));
    put(sb, obj, "by_type", types);
    put(sb, obj, "by_agency", agencies);
}

/* The one-way sensitivity items, in the model's order. */
static json_t *vfm_sensitivity(builder *sb)
{
    const results *r = sb->r;
    bool hide = r->value_suppressed;
    json_t *list = json_array();
    for (size_t k = 0; k < r->n_sensitivity; k++) {
        const res_sensitivity *it = &r->sensitivity[k];
        char path[512];
        vfm_param_path(r->m, it->kind, it->index, path, sizeof path);
        push(sb, list,
             json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "param", path, "base",
                       real_or_null(it->base, false), "low", real_or_null(it->low, false), "high",
                       real_or_null(it->high, false), "npv_low", real_or_null(it->npv_low, hide),
                       "npv_high", real_or_null(it->npv_high, hide), "sroi_low",
                       real_or_null(it->sroi_low, hide), "sroi_high",
                       real_or_null(it->sroi_high, hide), "switching_value",
                       real_or_null(it->switching_value, hide)));
    }
    return list;
}

static json_t *value_for_money(builder *sb)
{
    json_t *obj = json_object();
    put_figures(sb, obj, FIG_PV_TOTAL, FIG_SROI_BOUNDS, 0);
    vfm_by_type(sb, obj);
    put(sb, obj, "sensitivity", vfm_sensitivity(sb));
    put_suppressed(sb, obj, sb->r->value_suppressed);
    return obj;
}

/* The keys of an output, an outcome and a distance area, in order: their
 * figures, and TARGET where the model's target goes (an outcome's % of
 * target is on the workbook only). */
#define TARGET    FIG_IDS
#define N_KEYS(a) (sizeof(a) / sizeof *(a))
static const fig_id output_keys[] = {FIG_OUTPUT_COUNT, TARGET, FIG_OUTPUT_PCT_OF_TARGET,
                                     FIG_COST_PER_OUTPUT};
static const fig_id outcome_keys[] = {FIG_ELIGIBLE,
                                      FIG_ACHIEVED,
                                      FIG_RATE,
                                      FIG_RATE_CI95,
                                      TARGET,
                                      FIG_NET,
                                      FIG_COST_PER_OUTCOME,
                                      FIG_COST_PER_NET_OUTCOME,
                                      FIG_PRESENT_VALUE};
static const fig_id area_keys[] = {FIG_N,           FIG_N_MISSING_REVIEW, FIG_MEAN_BASELINE,
                                   FIG_MEAN_REVIEW, FIG_MEAN_CHANGE,      FIG_SD_CHANGE,
                                   FIG_CI95,        FIG_EFFECT_SIZE_DZ,   FIG_PCT_IMPROVED,
                                   FIG_PCT_SAME,    FIG_PCT_WORSE,        FIG_WILCOXON_P};

/* [[d, count], ...]: every change seen, ascending, with the counts that
 * --suppress hides (results_disclose) as null.  Such a summary cannot be
 * pooled by compare. */
static json_t *histogram(builder *sb, const res_area *a)
{
    json_t *list = json_array();
    for (size_t i = 0; a->hist && i < a->hist_width; i++)
        if (a->hist[i] > 0) {
            bool hidden = a->hist_suppressed && a->hist_suppressed[i];
            push(sb, list,
                 json_pack("[Io]", (json_int_t)(a->hist_min + (long)i),
                           hidden ? json_null() : json_integer(a->hist[i])));
        }
    return list;
}

/* The sufficient statistics of an area: enough to pool areas across
 * sites. */
static void area_statistics(builder *sb, json_t *obj, const res_area *a)
{
    put(sb, obj, "histogram", histogram(sb, a));
    put(sb, obj, "sum_baseline", a->n_suppressed ? json_null() : json_integer(a->sum_baseline));
    put(sb, obj, "sum_review", a->n_suppressed ? json_null() : json_integer(a->sum_review));
}

/* Output, outcome or area I: its id, label (and an outcome's strategy),
 * its figures in the order of its keys with the model's target, an area's
 * statistics, and "suppressed" when anything of it is hidden. */
static json_t *item(builder *sb, fig_owner owner, size_t i)
{
    const results *r = sb->r;
    const model *m = r->m;
    const output *o = owner == OF_OUTPUT ? &m->outputs[i] : NULL;
    const outcome *oc = owner == OF_OUTCOME ? &m->outcomes[i] : NULL;
    const area *ar = owner == OF_AREA ? &m->areas[i] : NULL;
    const fig_id *keys = o ? output_keys : oc ? outcome_keys : area_keys;
    size_t n = o ? N_KEYS(output_keys) : oc ? N_KEYS(outcome_keys) : N_KEYS(area_keys);
    json_t *obj = json_object();
    put(sb, obj, "id", json_string(o ? o->id : oc ? oc->id : ar->id));
    put(sb, obj, "label",
        o    ? label_of(o->label, o->id)
        : oc ? label_of(oc->label, oc->id)
             : label_of(ar->label, ar->id));
    if (oc && oc->strategy != STRATEGY_NONE)
        put(sb, obj, "strategy", json_string(strategy_names[oc->strategy]));
    for (size_t k = 0; k < n; k++)
        if (keys[k] != TARGET)
            put_figures(sb, obj, keys[k], keys[k], i);
        else if (o ? o->has_target : oc->has_target)
            put(sb, obj, "target", json_real(o ? o->target : oc->target));
        else
            put(sb, obj, "target", json_null());
    if (ar)
        area_statistics(sb, obj, &r->areas[i]);
    put_suppressed(sb, obj,
                   o    ? r->outputs[i].count_suppressed
                   : oc ? r->outcomes[i].rate_suppressed
                        : r->areas[i].suppressed);
    return obj;
}

/* Every output, outcome or area. */
static json_t *items(builder *sb, fig_owner owner)
{
    const model *m = sb->r->m;
    size_t n = owner == OF_OUTPUT ? m->n_outputs : owner == OF_OUTCOME ? m->n_outcomes : m->n_areas;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        push(sb, list, item(sb, owner, i));
    return list;
}

/* Figure F of group G (of output or outcome I) under its key. */
static void put_group_figure(builder *sb, json_t *obj, const res_group *g, fig_id f, size_t i)
{
    put(sb, obj, figures[f].key,
        number_or_null(results_group_figure(g, f, i), figures[f].format,
                       results_group_hidden(g, f, i)));
}

/* Outcome I's rate in group G and its 95% interval (Wilson), as the
 * Breakdowns and Quarters sheets show them. */
static void put_group_rate(builder *sb, json_t *obj, const res_group *g, size_t i)
{
    put_group_figure(sb, obj, g, FIG_RATE, i);
    double lo, hi;
    bool hidden = results_group_hidden(g, FIG_RATE, i);
    stats_wilson((double)g->achieved[i], (double)g->eligible[i], STATS_Z95, &lo, &hi);
    put(sb, obj, figures[FIG_RATE_CI95].key,
        json_pack("[oo]", real_or_null(lo, hidden), real_or_null(hi, hidden)));
}

/* {"participants": n, "outputs": {ID: {"count": n}}, "outcomes": {ID: {...}}} */
static json_t *group(builder *sb, const res_group *g)
{
    const model *m = sb->r->m;
    json_t *obj = json_object(), *outs = json_object(), *outc = json_object();
    put_group_figure(sb, obj, g, FIG_PARTICIPANTS, 0);
    for (size_t i = 0; i < m->n_outputs; i++) {
        json_t *o = json_object();
        put_group_figure(sb, o, g, FIG_OUTPUT_COUNT, i);
        put(sb, outs, m->outputs[i].id, o);
    }
    for (size_t i = 0; i < m->n_outcomes; i++) {
        json_t *o = json_object();
        put_group_figure(sb, o, g, FIG_ELIGIBLE, i);
        put_group_figure(sb, o, g, FIG_ACHIEVED, i);
        put_group_rate(sb, o, g, i);
        put(sb, outc, m->outcomes[i].id, o);
    }
    put(sb, obj, "outputs", outs);
    put(sb, obj, "outcomes", outc);
    put_suppressed(sb, obj, g->suppressed);
    return obj;
}

static json_t *breakdowns(builder *sb)
{
    const results *r = sb->r;
    const model *m = r->m;
    json_t *all = json_object();
    for (size_t b = 0; b < m->n_breakdowns; b++) {
        json_t *values = json_object();
        const res_breakdown *rb = &r->breakdowns[b];
        const field *f = &m->fields[m->breakdowns[b].field];
        for (size_t g = 0; g < rb->n_groups; g++) {
            /* keyed by the value as in the data, with its label for readers */
            json_t *obj = group(sb, &rb->groups[g]);
            put(sb, obj, "label", json_string(field_label_of(f, rb->groups[g].label)));
            put(sb, values, rb->groups[g].label, obj);
        }
        put(sb, all, m->breakdowns[b].name, values);
    }
    return all;
}

static json_t *quarters(builder *sb)
{
    const results *r = sb->r;
    json_t *list = json_array();
    for (size_t q = 0; q < r->n_quarters; q++) {
        json_t *g = group(sb, &r->quarters[q]);
        put(sb, g, "quarter", json_string(r->quarters[q].label));
        push(sb, list, g);
    }
    return list;
}

/* What the plugin added: its measures, and each table as a list of rows. */
static json_t *plugin_measures(builder *sb)
{
    const results *r = sb->r;
    json_t *obj = json_object();
    for (size_t i = 0; i < r->n_measures; i++) {
        const res_measure *ms = &r->measures[i];
        put(sb, obj, ms->id, number_or_null(ms->value, ms->format, ms->hidden));
    }
    for (size_t t = 0; t < r->n_tables; t++) {
        const res_table *tb = &r->tables[t];
        json_t *rows = json_array();
        for (size_t i = 0; i < tb->n_rows; i++) {
            json_t *row = json_object();
            put(sb, row, tb->col_ids[0], json_string(tb->row_labels[i]));
            for (size_t c = 1; c < tb->n_cols; c++)
                put(sb, row, tb->col_ids[c],
                    number_or_null(results_table_value(tb, i, c), tb->formats[c],
                                   results_table_hidden(tb, i, c)));
            push(sb, rows, row);
        }
        put(sb, obj, tb->id, rows);
    }
    return obj;
}

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* The model and its context, so that a reader (compare) needs no copy of
 * the model. */
static json_t *model_obj(builder *sb)
{
    const results *r = sb->r;
    const model *m = r->m;
    json_t *obj = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", m->id, "title", m->title, "pilot",
                            m->pilot, "file", r->model_file, "sha256", r->model_sha256);
    if (!obj)
        return NULL;
    put(sb, obj, "period",
        json_pack("{s:o, s:o}", "start", text_or_null(m->period_start), "end",
                  text_or_null(m->period_end)));
    put(sb, obj, "currency", json_string(m->currency));
    return obj;
}

/* The adjustments as used; the discount rate is "green-book" when it
 * follows that schedule. */
static json_t *adjustments_obj(const model *m)
{
    return json_pack("{s:f, s:f, s:f, s:f, s:o}", "deadweight", m->adj.deadweight, "displacement",
                     m->adj.displacement, "attribution", m->adj.attribution, "optimism_bias",
                     m->adj.optimism_bias, "discount_rate",
                     m->adj.green_book ? json_string("green-book")
                                       : json_real(m->adj.discount_rate));
}

json_t *summary_build(const results *r)
{
    const model *m = r->m;
    builder sb = {r, false};
    json_t *root = json_object();
    put(&sb, root, "thrive_version", json_string(PACKAGE_VERSION));
    put(&sb, root, "plugin_abi", json_integer(THRIVE_PLUGIN_ABI));
    put(&sb, root, "model", model_obj(&sb));
    put(&sb, root, "plugin",
        json_pack("{s:s, s:s}", "name", r->plugin_name ? r->plugin_name : m->pilot, "version",
                  r->plugin_version ? r->plugin_version : PACKAGE_VERSION));
    put(&sb, root, "data", data(&sb));
    put_figures(&sb, root, FIG_PARTICIPANTS, FIG_PARTICIPANTS, 0);
    put(&sb, root, "costs", costs(&sb));
    put(&sb, root, "adjustments", adjustments_obj(m));
    put(&sb, root, "outputs", items(&sb, OF_OUTPUT));
    put(&sb, root, "outcomes", items(&sb, OF_OUTCOME));
    put(&sb, root, "value_for_money", value_for_money(&sb));
    put(&sb, root, "distance_travelled", items(&sb, OF_AREA));
    put(&sb, root, "breakdowns", breakdowns(&sb));
    if (r->n_quarters)
        put(&sb, root, "quarters", quarters(&sb));
    put(&sb, root, "plugin_measures", plugin_measures(&sb));
    if (r->suppress > 0)
        put(&sb, root, "suppress", json_integer(r->suppress));
    if (sb.incomplete) {
        json_decref(root);
        return NULL;
    }
    return root;
}

thrive_error summary_write(const results *r, const char *path, diag_list *dl)
{
    json_t *root = summary_build(r);
    char *tmp = root ? outfile_temp(path) : NULL;
    if (!tmp) {
        int e = errno;
        diag_error(dl, path, 0, 0, "cannot write the summary: %s",
                   root ? strerror(errno)
                        : "a value could not be put into JSON (text that is not UTF-8 in the "
                          "model, or out of memory)");
        json_decref(root);
        return root ? thrive_error_from_errno(e, THRIVE_ERROR_OUTPUT) : THRIVE_ERROR_OUTPUT;
    }
    /* 17 significant digits: every double round-trips exactly. */
    int rc = json_dump_file(root, tmp, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    json_decref(root);
    if (rc != 0 || outfile_commit(tmp, path) != 0) {
        int e = errno;
        diag_error(dl, path, 0, 0, "cannot write the summary: %s", strerror(e));
        outfile_discard(tmp);
        free(tmp);
        return thrive_error_from_errno(e, THRIVE_ERROR_OUTPUT);
    }
    free(tmp);
    return THRIVE_OK;
}
