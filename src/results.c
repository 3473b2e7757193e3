/* results.c - disclosure control and freeing (see results.h). */
#include "results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    if (ms->format == THRIVE_FMT_COUNT && plugin_count_hidden(r, ms->value))
        return true;
    /* a ratio is hidden with either of its measures (both come before it) */
    if (ms->is_ratio)
        return results_measure_hidden(r, &r->measures[ms->den]) ||
               (ms->num >= 0 && results_measure_hidden(r, &r->measures[ms->num]));
    return ms->has_basis && results_count_hidden(r, ms->basis);
}

double results_table_value(const res_table *t, size_t row, size_t col)
{
    return t->values[row * (t->n_cols - 1) + (col - 1)];
}

bool results_table_cell_hidden(const results *r, const res_table *t, size_t row, size_t col)
{
    if (t->formats[col] == THRIVE_FMT_COUNT &&
        plugin_count_hidden(r, results_table_value(t, row, col)))
        return true;
    /* A rate or mean is hidden when the count it is built on is. */
    size_t basis = t->basis_cols ? t->basis_cols[col] : 0;
    return basis >= 1 && basis < t->n_cols && basis != col &&
           plugin_count_hidden(r, results_table_value(t, row, basis));
}

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

void results_reject(results *r, long long line, const char *field_name, const char *reason)
{
    if (r->n_rejections >= REJECTIONS_MAX)
        return;
    if (r->n_rejections % 256 == 0) {
        rejection *grown = realloc(r->rejections, (r->n_rejections + 256) * sizeof *grown);
        if (!grown)
            return;
        r->rejections = grown;
    }
    const char *text = intern_reason(r, reason);
    if (text)
        r->rejections[r->n_rejections++] = (rejection){line, field_name, text};
}

void results_group_free(res_group *g)
{
    free(g->label);
    free(g->output_counts);
    free(g->eligible);
    free(g->achieved);
}

void results_free(results *r)
{
    free(r->rejections);
    for (size_t i = 0; i < r->n_reasons; i++)
        free(r->reasons[i]);
    free(r->reasons);
    for (size_t i = 0; i < r->n_ignored_columns; i++)
        free(r->ignored_columns[i]);
    free(r->ignored_columns);
    free(r->outputs);
    free(r->outcomes);
    free(r->areas);
    if (r->breakdowns && r->m)
        for (size_t b = 0; b < r->m->n_breakdowns; b++) {
            for (size_t g = 0; g < r->breakdowns[b].n_groups; g++)
                results_group_free(&r->breakdowns[b].groups[g]);
            free(r->breakdowns[b].groups);
        }
    free(r->breakdowns);
    for (size_t q = 0; q < r->n_quarters; q++)
        results_group_free(&r->quarters[q]);
    free(r->quarters);
    for (size_t i = 0; i < r->n_measures; i++) {
        free(r->measures[i].id);
        free(r->measures[i].label);
    }
    free(r->measures);
    for (size_t t = 0; t < r->n_tables; t++) {
        res_table *tb = &r->tables[t];
        for (size_t c = 0; c < tb->n_cols; c++) {
            free(tb->col_ids[c]);
            free(tb->col_labels[c]);
        }
        for (size_t i = 0; i < tb->n_rows; i++)
            free(tb->row_labels[i]);
        free(tb->id);
        free(tb->title);
        free(tb->col_ids);
        free(tb->col_labels);
        free(tb->formats);
        free(tb->row_labels);
        free(tb->values);
        free(tb->chart_title);
        free(tb->chart_cols);
        free(tb->basis_cols);
    }
    free(r->tables);
}
