/* results.c - disclosure control, figures by name, and freeing (see
 * results.h). */
#include "results.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "secondary.h"

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

/* The counts of an area's histogram hidden under --suppress: each from 1
 * to N-1 and, when exactly one is, the next smallest too (the first of
 * equals), so that n minus the others does not give it away. */
static thrive_error disclose_histogram(const results *r, res_area *a)
{
    if (!a->hist)
        return THRIVE_OK;
    if (!a->hist_suppressed &&
        !(a->hist_suppressed = calloc(a->hist_width ? a->hist_width : 1, sizeof(bool))))
        return THRIVE_ERROR_NOMEM;
    size_t n_hidden = 0, also = (size_t)-1;
    for (size_t i = 0; i < a->hist_width; i++) {
        a->hist_suppressed[i] = results_count_hidden(r, a->hist[i]);
        n_hidden += a->hist_suppressed[i];
    }
    if (n_hidden == 1)
        for (size_t i = 0; i < a->hist_width; i++)
            if (a->hist[i] > 0 && !a->hist_suppressed[i] &&
                (also == (size_t)-1 || a->hist[i] < a->hist[also]))
                also = i;
    if (also != (size_t)-1)
        a->hist_suppressed[also] = true;
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

/* Secondary suppression of count column COL of plugin table T: when
 * exactly one of its cells is hidden, the next smallest shown cell (above
 * 0) is hidden too, so that a total shown elsewhere minus the others does
 * not give the hidden one away. */
static void disclose_column(res_table *t, size_t col)
{
    size_t cols = t->n_cols - 1, n_hidden = 0, also = (size_t)-1;
    for (size_t row = 0; row < t->n_rows; row++)
        n_hidden += t->hidden[row * cols + col - 1];
    if (n_hidden != 1)
        return;
    for (size_t row = 0; row < t->n_rows; row++) {
        double v = results_table_value(t, row, col);
        if (!t->hidden[row * cols + col - 1] && v > 0 &&
            (also == (size_t)-1 || v < results_table_value(t, also, col)))
            also = row;
    }
    if (also != (size_t)-1)
        t->hidden[also * cols + col - 1] = true;
}

/* A cell is hidden by its own size or by its bases' (primary), then by
 * secondary suppression of the count columns; a rate or figure built on a
 * cell hidden either way is hidden too (bases come before the column). */
static thrive_error disclose_table(const results *r, res_table *t)
{
    size_t cols = t->n_cols > 1 ? t->n_cols - 1 : 1;
    if (!t->hidden && !(t->hidden = calloc(t->n_rows ? t->n_rows * cols : 1, 1)))
        return THRIVE_ERROR_NOMEM;
    for (size_t row = 0; row < t->n_rows; row++)
        for (size_t col = 1; col < t->n_cols; col++)
            t->hidden[row * cols + col - 1] = results_table_cell_hidden(r, t, row, col);
    if (r->suppress <= 1)
        return THRIVE_OK;
    for (size_t col = 1; col < t->n_cols; col++) {
        if (t->formats[col] == FMT_COUNT)
            disclose_column(t, col);
        for (size_t row = 0; row < t->n_rows; row++) {
            size_t basis = t->basis_cols ? t->basis_cols[col] : 0;
            size_t num = t->num_cols ? t->num_cols[col] : 0;
            bool *h = &t->hidden[row * cols + col - 1];
            *h = *h || (basis >= 1 && basis < col && t->hidden[row * cols + basis - 1]) ||
                 (num >= 1 && num < col && t->hidden[row * cols + num - 1]);
        }
    }
    return THRIVE_OK;
}

static thrive_error disclose_plugin(results *r)
{
    for (size_t i = 0; i < r->n_measures; i++)
        r->measures[i].hidden = results_measure_hidden(r, &r->measures[i]);
    for (size_t k = 0; k < r->n_tables; k++)
        if (disclose_table(r, &r->tables[k]) != THRIVE_OK)
            return THRIVE_ERROR_NOMEM;
    return THRIVE_OK;
}

thrive_error results_disclose(results *r)
{
    if (r->m) {
        disclose_figures(r);
        for (size_t i = 0; i < r->m->n_areas; i++)
            if (disclose_histogram(r, &r->areas[i]) != THRIVE_OK)
                return THRIVE_ERROR_NOMEM;
        for (size_t b = 0; b < r->m->n_breakdowns; b++)
            for (size_t g = 0; g < r->breakdowns[b].n_groups; g++)
                if (disclose_group(r, &r->breakdowns[b].groups[g]) != THRIVE_OK)
                    return THRIVE_ERROR_NOMEM;
        for (size_t q = 0; q < r->n_quarters; q++)
            if (disclose_group(r, &r->quarters[q]) != THRIVE_OK)
                return THRIVE_ERROR_NOMEM;
    }
    thrive_error e = disclose_plugin(r);
    if (e == THRIVE_OK)
        secondary_suppress(r); /* what the counts hidden would give away */
    return e;
}

/* ---- figures by name ---- */

/* Where each figure is kept: the offset of its field in its owner's
 * struct (results, res_output, res_outcome or res_area), whether that
 * field is a count (long long) rather than a double, and for an interval
 * the offset of its high end. */
typedef struct fig_field {
    size_t offset;
    bool count;
    size_t high;
} fig_field;

#define FIELD(type, member)                                                                        \
    {                                                                                              \
        offsetof(type, member),                                                                    \
            _Generic(((type *)0)->member, long long                                                \
                     : true, default                                                               \
                     : false),                                                                     \
            0                                                                                      \
    }
#define INTERVAL(type, low, high)                                                                  \
    {                                                                                              \
        offsetof(type, low), false, offsetof(type, high)                                           \
    }

static const fig_field fields[FIG_IDS] = {
    [FIG_PARTICIPANTS] = FIELD(results, rows_accepted),
    [FIG_COST_TOTAL] = FIELD(results, cost_total),
    [FIG_COST_ADJUSTED] = FIELD(results, cost_adjusted),
    [FIG_COST_PER_PARTICIPANT] = FIELD(results, cost_per_participant),
    [FIG_PV_TOTAL] = FIELD(results, pv_total),
    [FIG_NPV] = FIELD(results, npv),
    [FIG_SROI_RATIO] = FIELD(results, sroi_ratio),
    [FIG_BCR] = FIELD(results, bcr),
    [FIG_FISCAL_ROI] = FIELD(results, fiscal_roi),
    [FIG_PAYBACK_YEAR] = FIELD(results, payback_year),
    [FIG_SROI_BOUNDS] = INTERVAL(results, sroi_bounds_lo, sroi_bounds_hi),
    [FIG_OUTPUT_COUNT] = FIELD(res_output, count),
    [FIG_OUTPUT_PCT_OF_TARGET] = FIELD(res_output, pct_of_target),
    [FIG_COST_PER_OUTPUT] = FIELD(res_output, cost_per_output),
    [FIG_ELIGIBLE] = FIELD(res_outcome, eligible),
    [FIG_ACHIEVED] = FIELD(res_outcome, achieved),
    [FIG_RATE] = FIELD(res_outcome, rate),
    [FIG_RATE_CI95] = INTERVAL(res_outcome, ci_lo, ci_hi),
    [FIG_OUTCOME_PCT_OF_TARGET] = FIELD(res_outcome, pct_of_target),
    [FIG_NET] = FIELD(res_outcome, net),
    [FIG_COST_PER_OUTCOME] = FIELD(res_outcome, cost_per_outcome),
    [FIG_COST_PER_NET_OUTCOME] = FIELD(res_outcome, cost_per_net_outcome),
    [FIG_PRESENT_VALUE] = FIELD(res_outcome, present_value),
    [FIG_N] = FIELD(res_area, n),
    [FIG_N_MISSING_REVIEW] = FIELD(res_area, n_missing_review),
    [FIG_MEAN_BASELINE] = FIELD(res_area, mean_baseline),
    [FIG_MEAN_REVIEW] = FIELD(res_area, mean_review),
    [FIG_MEAN_CHANGE] = FIELD(res_area, change.mean),
    [FIG_SD_CHANGE] = FIELD(res_area, change.sd),
    [FIG_CI95] = INTERVAL(res_area, change.ci_lo, change.ci_hi),
    [FIG_EFFECT_SIZE_DZ] = FIELD(res_area, change.dz),
    [FIG_PCT_IMPROVED] = FIELD(res_area, change.pct_improved),
    [FIG_PCT_SAME] = FIELD(res_area, change.pct_same),
    [FIG_PCT_WORSE] = FIELD(res_area, change.pct_worse),
    [FIG_WILCOXON_P] = FIELD(res_area, change.wilcoxon_p),
};

/* The struct that holds figure F of item I, as bytes. */
static const char *owner_of(const results *r, fig_id f, size_t i)
{
    switch (figures[f].owner) {
    case OF_OUTPUT:
        return (const char *)&r->outputs[i];
    case OF_OUTCOME:
        return (const char *)&r->outcomes[i];
    case OF_AREA:
        return (const char *)&r->areas[i];
    default:
        return (const char *)r;
    }
}

double results_figure(const results *r, fig_id f, size_t i)
{
    if ((unsigned)f >= FIG_IDS || figures[f].interval)
        return NAN;
    const char *p = owner_of(r, f, i) + fields[f].offset;
    return fields[f].count ? (double)*(const long long *)p : *(const double *)p;
}

void results_interval(const results *r, fig_id f, size_t i, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if ((unsigned)f < FIG_IDS && figures[f].interval) {
        const char *owner = owner_of(r, f, i);
        *lo = *(const double *)(owner + fields[f].offset);
        *hi = *(const double *)(owner + fields[f].high);
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
    void *owned[] = {t->id,         t->title,      t->formats,  t->values, t->chart_title,
                     t->chart_cols, t->basis_cols, t->num_cols, t->hidden};
    for (size_t i = 0; i < sizeof owned / sizeof *owned; i++)
        free(owned[i]);
}

void results_free(results *r)
{
    strings_free(r->reasons, r->n_reasons);
    strings_free(r->ignored_columns, r->n_ignored_columns);
    data_quality_free(&r->dq);
    if (r->areas && r->m)
        for (size_t a = 0; a < r->m->n_areas; a++) {
            free(r->areas[a].hist);
            free(r->areas[a].hist_suppressed);
        }
    if (r->breakdowns && r->m)
        for (size_t b = 0; b < r->m->n_breakdowns; b++)
            groups_free(r->breakdowns[b].groups, r->breakdowns[b].n_groups);
    groups_free(r->quarters, r->n_quarters);
    for (size_t i = 0; i < r->n_measures; i++) {
        free(r->measures[i].id);
        free(r->measures[i].label);
    }
    for (size_t t = 0; t < r->n_tables; t++)
        table_free(&r->tables[t]);
    if (r->outcomes && r->m)
        for (size_t i = 0; i < r->m->n_outcomes; i++)
            free(r->outcomes[i].part_pv);
    void *owned[] = {r->rejections,      r->outputs,        r->outcomes,    r->areas,
                     r->breakdowns,      r->measures,       r->tables,      r->pv_by_agency,
                     r->benefit_by_year, r->factor_by_year, r->sensitivity, r->picture};
    for (size_t i = 0; i < sizeof owned / sizeof *owned; i++)
        free(owned[i]);
}
