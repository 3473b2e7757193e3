/* results.c - disclosure control and freeing (see results.h). */
#include "results.h"

#include <math.h>
#include <stdlib.h>

bool results_count_hidden(const results *r, long long count)
{
    return r->suppress > 0 && count >= 1 && count < r->suppress;
}

bool results_measure_hidden(const results *r, const res_measure *ms)
{
    if (ms->format == THRIVE_FMT_COUNT && results_count_hidden(r, (long long)ms->value))
        return true;
    return ms->has_basis && results_count_hidden(r, ms->basis);
}

double results_table_value(const res_table *t, size_t row, size_t col)
{
    return t->values[row * (t->n_cols - 1) + (col - 1)];
}

bool results_table_cell_hidden(const results *r, const res_table *t, size_t row, size_t col)
{
    double v = results_table_value(t, row, col);
    if (t->formats[col] == THRIVE_FMT_COUNT && isfinite(v) && results_count_hidden(r, (long long)v))
        return true;
    size_t basis = t->basis_cols ? t->basis_cols[col] : 0;
    if (basis >= 1 && basis < t->n_cols && basis != col) {
        double b = results_table_value(t, row, basis);
        return isfinite(b) && results_count_hidden(r, (long long)b);
    }
    return false;
}

static void free_group(res_group *g)
{
    free(g->label);
    free(g->output_counts);
    free(g->eligible);
    free(g->achieved);
}

void results_free(results *r)
{
    for (size_t i = 0; i < r->n_rejections; i++) {
        free(r->rejections[i].field);
        free(r->rejections[i].reason);
    }
    free(r->rejections);
    for (size_t i = 0; i < r->n_ignored_columns; i++)
        free(r->ignored_columns[i]);
    free(r->ignored_columns);
    free(r->outputs);
    free(r->outcomes);
    free(r->areas);
    if (r->breakdowns && r->m)
        for (size_t b = 0; b < r->m->n_breakdowns; b++) {
            for (size_t g = 0; g < r->breakdowns[b].n_groups; g++)
                free_group(&r->breakdowns[b].groups[g]);
            free(r->breakdowns[b].groups);
        }
    free(r->breakdowns);
    for (size_t q = 0; q < r->n_quarters; q++)
        free_group(&r->quarters[q]);
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
