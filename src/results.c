/* results.c - disclosure control, figures by name, and freeing (see
 * results.h). */
#include "results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- disclosure control ---- */

bool results_count_hidden(const results *r, long long count)
{
    return r->suppress > 0 && count >= 1 && count < r->suppress;
}

/* A plugin's count, as a whole number (NAN and infinities are no count). */
static bool plugin_count_hidden(const results *r, double value)
{
    return isfinite(value) && fabs(value) < 9e18 && results_count_hidden(r, llround(value));
}

bool results_measure_hidden(const results *r, const res_measure *ms)
{
    if (ms->format == FMT_COUNT && plugin_count_hidden(r, ms->value))
        return true;
    /* a ratio is hidden with either of its measures (both come before it) */
    if (ms->is_ratio)
        return (ms->den >= 0 && results_measure_hidden(r, &r->measures[ms->den])) ||
               (ms->num >= 0 && results_measure_hidden(r, &r->measures[ms->num]));
    return ms->has_basis && results_count_hidden(r, ms->basis);
}

double results_table_value(const res_table *t, size_t row, size_t col)
{
    return t->values[row * (t->n_cols - 1) + (col - 1)];
}

bool results_table_cell_hidden(const results *r, const res_table *t, size_t row, size_t col)
{
    if (t->formats[col] == FMT_COUNT && plugin_count_hidden(r, results_table_value(t, row, col)))
        return true;
    /* A rate or mean is hidden when the count it is built on is, and a
     * rate when its numerator is (rate x denominator would give it
     * away).  Bases come before the column, so this ends. */
    size_t basis = t->basis_cols ? t->basis_cols[col] : 0;
    size_t num = t->num_cols ? t->num_cols[col] : 0;
    return (basis >= 1 && basis < col && results_table_cell_hidden(r, t, row, basis)) ||
           (num >= 1 && num < col && results_table_cell_hidden(r, t, row, num));
}

bool results_table_hidden(const res_table *t, size_t row, size_t col)
{
    return t->hidden && t->hidden[row * (t->n_cols - 1) + (col - 1)];
}

/* Allocate (once) the flags of one group; false when out of memory. */
static bool group_flags_alloc(res_group *g, const model *m)
{
    size_t no = m->n_outputs ? m->n_outputs : 1, nc = m->n_outcomes ? m->n_outcomes : 1;
    if (!g->count_suppressed)
        g->count_suppressed = calloc(no, sizeof *g->count_suppressed);
    if (!g->eligible_suppressed)
        g->eligible_suppressed = calloc(nc, sizeof *g->eligible_suppressed);
    if (!g->achieved_suppressed)
        g->achieved_suppressed = calloc(nc, sizeof *g->achieved_suppressed);
    if (!g->rate_suppressed)
        g->rate_suppressed = calloc(nc, sizeof *g->rate_suppressed);
    return g->count_suppressed && g->eligible_suppressed && g->achieved_suppressed &&
           g->rate_suppressed;
}

static thrive_error disclose_group(const results *r, res_group *g)
{
    const model *m = r->m;
    if (!group_flags_alloc(g, m))
        return THRIVE_ERROR_NOMEM;
    g->participants_suppressed = results_count_hidden(r, g->participants);
    g->suppressed = g->participants_suppressed;
    for (size_t i = 0; i < m->n_outputs; i++) {
        g->count_suppressed[i] = results_count_hidden(r, g->output_counts[i]);
        g->suppressed |= g->count_suppressed[i];
    }
    for (size_t i = 0; i < m->n_outcomes; i++) {
        g->eligible_suppressed[i] = results_count_hidden(r, g->eligible[i]);
        g->achieved_suppressed[i] = results_count_hidden(r, g->achieved[i]);
        g->rate_suppressed[i] = g->eligible_suppressed[i] || g->achieved_suppressed[i];
        g->suppressed |= g->rate_suppressed[i];
    }
    return THRIVE_OK;
}

static void disclose_figures(results *r)
{
    const model *m = r->m;
    r->participants_suppressed = results_count_hidden(r, r->rows_accepted);
    for (size_t i = 0; i < m->n_outputs; i++)
        r->outputs[i].count_suppressed = results_count_hidden(r, r->outputs[i].count);
    r->value_suppressed = false;
    for (size_t i = 0; i < m->n_outcomes; i++) {
        res_outcome *o = &r->outcomes[i];
        o->eligible_suppressed = results_count_hidden(r, o->eligible);
        o->achieved_suppressed = results_count_hidden(r, o->achieved);
        o->rate_suppressed = o->eligible_suppressed || o->achieved_suppressed;
        o->value_suppressed = o->achieved_suppressed && m->outcomes[i].has_value;
        r->value_suppressed |= o->value_suppressed;
    }
    for (size_t i = 0; i < m->n_areas; i++) {
        res_area *a = &r->areas[i];
        a->n_suppressed = results_count_hidden(r, a->n);
        a->missing_suppressed = results_count_hidden(r, a->n_missing_review);
        a->suppressed = a->n_suppressed || a->missing_suppressed;
    }
}

static thrive_error disclose_plugin(results *r)
{
    for (size_t i = 0; i < r->n_measures; i++)
        r->measures[i].hidden = results_measure_hidden(r, &r->measures[i]);
    for (size_t k = 0; k < r->n_tables; k++) {
        res_table *t = &r->tables[k];
        size_t cols = t->n_cols > 1 ? t->n_cols - 1 : 1;
        if (!t->hidden && !(t->hidden = calloc(t->n_rows ? t->n_rows * cols : 1, 1)))
            return THRIVE_ERROR_NOMEM;
        for (size_t row = 0; row < t->n_rows; row++)
            for (size_t col = 1; col < t->n_cols; col++)
                t->hidden[row * cols + col - 1] = results_table_cell_hidden(r, t, row, col);
    }
    return THRIVE_OK;
}

thrive_error results_disclose(results *r)
{
    if (r->m) {
        disclose_figures(r);
        for (size_t b = 0; b < r->m->n_breakdowns; b++)
            for (size_t g = 0; g < r->breakdowns[b].n_groups; g++)
                if (disclose_group(r, &r->breakdowns[b].groups[g]) != THRIVE_OK)
                    return THRIVE_ERROR_NOMEM;
        for (size_t q = 0; q < r->n_quarters; q++)
            if (disclose_group(r, &r->quarters[q]) != THRIVE_OK)
                return THRIVE_ERROR_NOMEM;
    }
    return disclose_plugin(r);
}

/* ---- figures by name ---- */

static double run_figure(const results *r, fig_id f)
{
    switch (f) {
    case FIG_PARTICIPANTS:
        return (double)r->rows_accepted;
    case FIG_COST_TOTAL:
        return r->cost_total;
    case FIG_COST_ADJUSTED:
        return r->cost_adjusted;
    case FIG_COST_PER_PARTICIPANT:
        return r->cost_per_participant;
    case FIG_PV_TOTAL:
        return r->pv_total;
    case FIG_NPV:
        return r->npv;
    case FIG_SROI_RATIO:
        return r->sroi_ratio;
    default:
        return NAN;
    }
}

static double output_figure(const res_output *o, fig_id f)
{
    switch (f) {
    case FIG_OUTPUT_COUNT:
        return (double)o->count;
    case FIG_OUTPUT_PCT_OF_TARGET:
        return o->pct_of_target;
    case FIG_COST_PER_OUTPUT:
        return o->cost_per_output;
    default:
        return NAN;
    }
}

static double outcome_figure(const res_outcome *o, fig_id f)
{
    switch (f) {
    case FIG_ELIGIBLE:
        return (double)o->eligible;
    case FIG_ACHIEVED:
        return (double)o->achieved;
    case FIG_RATE:
        return o->rate;
    case FIG_OUTCOME_PCT_OF_TARGET:
        return o->pct_of_target;
    case FIG_NET:
        return o->net;
    case FIG_COST_PER_OUTCOME:
        return o->cost_per_outcome;
    case FIG_COST_PER_NET_OUTCOME:
        return o->cost_per_net_outcome;
    case FIG_PRESENT_VALUE:
        return o->present_value;
    default:
        return NAN;
    }
}

static double area_figure(const res_area *a, fig_id f)
{
    switch (f) {
    case FIG_N:
        return (double)a->n;
    case FIG_N_MISSING_REVIEW:
        return (double)a->n_missing_review;
    case FIG_MEAN_BASELINE:
        return a->mean_baseline;
    case FIG_MEAN_REVIEW:
        return a->mean_review;
    case FIG_MEAN_CHANGE:
        return a->change.mean;
    case FIG_SD_CHANGE:
        return a->change.sd;
    case FIG_EFFECT_SIZE_DZ:
        return a->change.dz;
    case FIG_PCT_IMPROVED:
        return a->change.pct_improved;
    case FIG_PCT_SAME:
        return a->change.pct_same;
    case FIG_PCT_WORSE:
        return a->change.pct_worse;
    case FIG_WILCOXON_P:
        return a->change.wilcoxon_p;
    default:
        return NAN;
    }
}

double results_figure(const results *r, fig_id f, size_t i)
{
    if ((unsigned)f >= FIG_IDS)
        return NAN;
    switch (figures[f].owner) {
    case OF_OUTPUT:
        return output_figure(&r->outputs[i], f);
    case OF_OUTCOME:
        return outcome_figure(&r->outcomes[i], f);
    case OF_AREA:
        return area_figure(&r->areas[i], f);
    default:
        return run_figure(r, f);
    }
}

void results_interval(const results *r, fig_id f, size_t i, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (f == FIG_RATE_CI95) {
        *lo = r->outcomes[i].ci_lo;
        *hi = r->outcomes[i].ci_hi;
    } else if (f == FIG_CI95) {
        *lo = r->areas[i].change.ci_lo;
        *hi = r->areas[i].change.ci_hi;
    }
}

bool results_hidden(const results *r, fig_id f, size_t i)
{
    if ((unsigned)f >= FIG_IDS)
        return false;
    bool run = figures[f].owner == OF_RUN;
    switch (figures[f].hide) {
    case HIDE_PARTICIPANTS:
        return r->participants_suppressed;
    case HIDE_OUTPUT:
        return r->outputs[i].count_suppressed;
    case HIDE_ELIGIBLE:
        return r->outcomes[i].eligible_suppressed;
    case HIDE_ACHIEVED:
        return r->outcomes[i].achieved_suppressed;
    case HIDE_RATE:
        return r->outcomes[i].rate_suppressed;
    case HIDE_VALUED:
        return run ? r->value_suppressed : r->outcomes[i].value_suppressed;
    case HIDE_PAIRS:
        return r->areas[i].n_suppressed;
    case HIDE_MISSING:
        return r->areas[i].missing_suppressed;
    default:
        return false;
    }
}

double results_group_figure(const res_group *g, fig_id f, size_t i)
{
    switch (f) {
    case FIG_PARTICIPANTS:
        return (double)g->participants;
    case FIG_OUTPUT_COUNT:
        return (double)g->output_counts[i];
    case FIG_ELIGIBLE:
        return (double)g->eligible[i];
    case FIG_ACHIEVED:
        return (double)g->achieved[i];
    case FIG_RATE:
        return g->rate ? g->rate[i] : NAN;
    default:
        return NAN;
    }
}

bool results_group_hidden(const res_group *g, fig_id f, size_t i)
{
    switch (f) {
    case FIG_PARTICIPANTS:
        return g->participants_suppressed;
    case FIG_OUTPUT_COUNT:
        return g->count_suppressed && g->count_suppressed[i];
    case FIG_ELIGIBLE:
        return g->eligible_suppressed && g->eligible_suppressed[i];
    case FIG_ACHIEVED:
        return g->achieved_suppressed && g->achieved_suppressed[i];
    case FIG_RATE:
        return g->rate_suppressed && g->rate_suppressed[i];
    default:
        return false;
    }
}

/* ---- rejections ---- */

/* Reasons repeat (the same fault on many rows): keep each text once, so
 * the list costs a line number and two pointers per row. */
static const char *intern_reason(results *r, const char *reason)
{
    for (size_t i = r->n_reasons; i-- > 0;)
        if (strcmp(r->reasons[i], reason) == 0)
            return r->reasons[i];
    char **grown = realloc(r->reasons, (r->n_reasons + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    r->reasons = grown;
    if (!(r->reasons[r->n_reasons] = strdup(reason)))
        return NULL;
    return r->reasons[r->n_reasons++];
}

thrive_error results_reject(results *r, long long line, const char *field_name, const char *reason)
{
    if (r->n_rejections >= REJECTIONS_MAX)
        return THRIVE_OK;
    if (r->n_rejections % 256 == 0) {
        rejection *grown = realloc(r->rejections, (r->n_rejections + 256) * sizeof *grown);
        if (!grown)
            return THRIVE_ERROR_NOMEM;
        r->rejections = grown;
    }
    const char *text = intern_reason(r, reason);
    if (!text)
        return THRIVE_ERROR_NOMEM;
    /* Faults of one row come together: a new line is a new row listed. */
    if (r->n_rejections == 0 || r->rejections[r->n_rejections - 1].line != line)
        r->rows_listed++;
    r->rejections[r->n_rejections++] = (rejection){line, field_name, text};
    return THRIVE_OK;
}

/* ---- freeing ---- */

void results_group_free(res_group *g)
{
    free(g->label);
    free(g->output_counts);
    free(g->eligible);
    free(g->achieved);
    free(g->rate);
    free(g->count_suppressed);
    free(g->eligible_suppressed);
    free(g->achieved_suppressed);
    free(g->rate_suppressed);
}

static void groups_free(res_group *groups, size_t n)
{
    for (size_t g = 0; g < n; g++)
        results_group_free(&groups[g]);
    free(groups);
}

static void strings_free(char **list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i]);
    free(list);
}

static void table_free(res_table *t)
{
    strings_free(t->col_ids, t->n_cols);
    strings_free(t->col_labels, t->n_cols);
    strings_free(t->row_labels, t->n_rows);
    free(t->id);
    free(t->title);
    free(t->formats);
    free(t->values);
    free(t->chart_title);
    free(t->chart_cols);
    free(t->basis_cols);
    free(t->num_cols);
    free(t->hidden);
}

void results_free(results *r)
{
    free(r->rejections);
    strings_free(r->reasons, r->n_reasons);
    strings_free(r->ignored_columns, r->n_ignored_columns);
    free(r->outputs);
    free(r->outcomes);
    if (r->areas && r->m)
        for (size_t a = 0; a < r->m->n_areas; a++)
            free(r->areas[a].hist);
    free(r->areas);
    if (r->breakdowns && r->m)
        for (size_t b = 0; b < r->m->n_breakdowns; b++)
            groups_free(r->breakdowns[b].groups, r->breakdowns[b].n_groups);
    free(r->breakdowns);
    groups_free(r->quarters, r->n_quarters);
    for (size_t i = 0; i < r->n_measures; i++) {
        free(r->measures[i].id);
        free(r->measures[i].label);
    }
    free(r->measures);
    for (size_t t = 0; t < r->n_tables; t++)
        table_free(&r->tables[t]);
    free(r->tables);
}
