/* book_groups.c - the sheets of rows counted by group and the plugin's
 * tables: Breakdowns, Quarters (when dated) and one sheet per plugin table.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book_int.h"

/* ---- Breakdowns and Quarters: counts per group of rows ---- */

/* Column headings of a group table: LEAD (1 or 2 of them), participants,
 * each output's count, each outcome's eligible, achieved and rate; made
 * unique, as an Excel table requires.  Returns the count, or 0. */
static size_t group_headings(const model *m, const char *const *lead, size_t n_lead, char ***out)
{
    size_t n = n_lead + 1 + m->n_outputs + 3 * m->n_outcomes;
    char **h = calloc(n, sizeof *h);
    if (!h)
        return 0;
    size_t k = 0;
    char buf[512];
    for (size_t i = 0; i < n_lead; i++)
        h[k++] = strdup(lead[i]);
    h[k++] = strdup("Participants");
    for (size_t i = 0; i < m->n_outputs; i++)
        h[k++] = strdup(m->outputs[i].label ? m->outputs[i].label : m->outputs[i].id);
    static const char *const parts[] = {"eligible", "achieved", "rate"};
    for (size_t i = 0; i < m->n_outcomes; i++)
        for (size_t p = 0; p < 3; p++) {
            snprintf(buf, sizeof buf, "%s: %s",
                     m->outcomes[i].label ? m->outcomes[i].label : m->outcomes[i].id, parts[p]);
            h[k++] = strdup(buf);
        }
    for (size_t i = 0; i < n; i++) {
        if (!h[i]) {
            for (size_t j = 0; j < n; j++)
                free(h[j]);
            free(h);
            return 0;
        }
        /* Excel tables want unique headings (compared without case). */
        for (int dup = 2;; dup++) {
            bool clash = false;
            for (size_t j = 0; j < i && !clash; j++)
                clash = strcasecmp(h[i], h[j]) == 0;
            if (!clash)
                break;
            snprintf(buf, sizeof buf, "%s (%d)", h[i], dup);
            free(h[i]);
            h[i] = strdup(buf);
            if (!h[i])
                h[i] = strdup("?");
        }
    }
    *out = h;
    return n;
}

static void free_headings(char **h, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(h[i]);
    free(h);
}

/* The counts of group G from column COL on. */
static void group_row(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const res_group *g)
{
    const model *m = b->m;
    bk_group_figure(b, s, row, col++, g, FIG_PARTICIPANTS, 0);
    for (size_t i = 0; i < m->n_outputs; i++, col++)
        bk_group_figure(b, s, row, col, g, FIG_OUTPUT_COUNT, i);
    for (size_t i = 0; i < m->n_outcomes; i++, col += 3) {
        bk_group_figure(b, s, row, col, g, FIG_ELIGIBLE, i);
        bk_group_figure(b, s, row, col + 1, g, FIG_ACHIEVED, i);
        book_ref er = bk_ref(s, s, row, col), ar = bk_ref(s, s, row, col + 1);
        bk_formula(b, s, row, col + 2, bk_ratio(b, ar.s, er.s),
                   results_group_figure(g, FIG_RATE, i), results_group_hidden(g, FIG_RATE, i),
                   figures[FIG_RATE].format);
    }
}

/* The headings of a group sheet (LEAD, N_LEAD of them, then the group's
 * figures) into *HEADS, with those first columns frozen; returns how
 * many, or 0 after recording the error. */
static size_t group_start(book *b, sheet *s, const char *const *lead, size_t n_lead, char ***heads)
{
    size_t n = group_headings(b->m, lead, n_lead, heads);
    if (!n)
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        worksheet_freeze_panes(s->ws, 1, (lxw_col_t)n_lead);
    return n;
}

/* The N headings, once the rows to LAST are written: a table to filter. */
static void group_end(book *b, sheet *s, char **heads, size_t n, lxw_row_t last)
{
    bk_table(b, s, 0, last, (const char *const *)heads, n);
    free_headings(heads, n);
}

/* Under the table, from ROW: which breakdowns had more values than are
 * kept, and what the columns mean. */
static void breakdown_notes(book *b, lxw_row_t row)
{
    const model *m = b->m;
    sheet *s = &b->breakdowns;
    if (m->n_breakdowns == 0)
        bk_note(b, s, row++, "The model lists no breakdowns.");
    for (size_t k = 0; k < m->n_breakdowns; k++) {
        long long other = b->r->breakdowns[k].rows_in_other;
        if (other == 0)
            continue;
        char buf[512];
        snprintf(buf, sizeof buf,
                 "%s: %lld rows have values beyond the first %d; they are counted "
                 "together as (other).",
                 m->breakdowns[k].name, other, GROUPS_MAX);
        bk_note(b, s, row++, buf);
    }
    bk_note(b, s, row,
            "Rate = achieved / eligible within the group. A missing value is "
            "listed as (missing). Use the filter buttons to pick a breakdown.");
}

void bk_sheet_breakdowns(book *b)
{
    const results *r = b->r;
    const model *m = b->m;
    sheet *s = &b->breakdowns;
    static const char *const lead[] = {"Breakdown", "Value"};
    char **heads;
    size_t n = group_start(b, s, lead, 2, &heads);
    if (!n)
        return;
    lxw_row_t row = 1;
    for (size_t k = 0; k < m->n_breakdowns; k++) {
        const res_breakdown *bd = &r->breakdowns[k];
        for (size_t g = 0; g < bd->n_groups; g++, row++) {
            bk_text(b, s, row, 0, m->breakdowns[k].name, b->f.text);
            bk_text(b, s, row, 1, bd->groups[g].label, b->f.text);
            group_row(b, s, row, 2, &bd->groups[g]);
        }
    }
    group_end(b, s, heads, n, row - 1);
    breakdown_notes(b, row + 1);
    bk_fit(b, s);
}

void bk_sheet_quarters(book *b)
{
    const results *r = b->r;
    const model *m = b->m;
    sheet *s = &b->quarters;
    static const char *const lead[] = {"Quarter"};
    char **heads;
    size_t n = group_start(b, s, lead, 1, &heads);
    if (!n)
        return;
    const lxw_row_t first = 1;
    for (size_t q = 0; q < r->n_quarters; q++) {
        bk_text(b, s, first + (lxw_row_t)q, 0, r->quarters[q].label, b->f.text);
        group_row(b, s, first + (lxw_row_t)q, 1, &r->quarters[q]);
    }
    lxw_row_t last = first + (lxw_row_t)r->n_quarters - 1;
    group_end(b, s, heads, n, last);

    lxw_row_t row = last + 2;
    char buf[256];
    snprintf(buf, sizeof buf,
             "UK financial-year quarters of %s (Q1 = April to June). Rate = achieved / eligible.",
             m->date_field_name ? m->date_field_name : "the date");
    bk_note(b, s, row++, buf);

    if (m->n_outputs == 0) {
        bk_fit(b, s);
        return;
    }
    lxw_chart *chart =
        bk_chart_of(b, s, LXW_CHART_COLUMN, "Outputs per quarter", first, last, 0, NULL, 0);
    if (!chart)
        return;
    for (size_t i = 0; i < m->n_outputs; i++) /* each output's count, named by its heading */
        bk_chart_series(s, chart, first, last, 0, (lxw_col_t)(2 + i), NULL, 0);
    lxw_chart_options opt = {.x_scale = 1.8,
                             .y_scale = 1.3,
                             .x_offset = 5,
                             .y_offset = 5,
                             .description = "Outputs per quarter"};
    row++;
    bk_check(b, worksheet_insert_chart_opt(s->ws, row, 0, chart, &opt));
    bk_fit(b, s);
}

/* ---- plugin tables ---- */

/* The chart the plugin asked for of table T, at row AT of its sheet S. */
static void plugin_chart(book *b, const res_table *t, sheet *s, lxw_row_t at)
{
    bool bar = t->chart == RES_CHART_BAR;
    lxw_row_t last = (lxw_row_t)t->n_rows;
    lxw_chart *chart = bk_chart_of(b, s, bar ? LXW_CHART_BAR : LXW_CHART_COLUMN, t->chart_title, 1,
                                   last, 0, NULL, 0);
    if (!chart)
        return;
    for (size_t k = 0; k < t->n_chart_cols; k++)
        if (t->chart_cols[k] >= 1 && t->chart_cols[k] < t->n_cols)
            bk_chart_series(s, chart, 1, last, 0, (lxw_col_t)t->chart_cols[k], NULL, 0);
    if (bar)
        chart_axis_set_reverse(chart->y_axis);
    /* Shares plotted as shares: the value axis in percent when every
     * series is (a bar chart's value axis is its x axis). */
    bool all_percent = t->n_chart_cols > 0;
    for (size_t k = 0; k < t->n_chart_cols; k++)
        all_percent = all_percent && t->chart_cols[k] < t->n_cols &&
                      t->formats[t->chart_cols[k]] == FMT_PERCENT;
    if (all_percent)
        chart_axis_set_num_format(bar ? chart->x_axis : chart->y_axis, "0%");
    lxw_chart_options opt = {.x_scale = 1.5,
                             .y_scale = 1.2,
                             .x_offset = 5,
                             .y_offset = 5,
                             .description = t->chart_title};
    bk_check(b, worksheet_insert_chart_opt(s->ws, at, 0, chart, &opt));
}

static void plugin_table(book *b, const res_table *t, sheet *s)
{
    const results *r = b->r;
    for (size_t c = 0; c < t->n_cols; c++)
        bk_header(b, s, 0, (lxw_col_t)c, t->col_labels[c] ? t->col_labels[c] : t->col_ids[c]);
    worksheet_freeze_panes(s->ws, 1, 1);
    for (size_t i = 0; i < t->n_rows; i++) {
        lxw_row_t row = (lxw_row_t)(i + 1);
        bk_text(b, s, row, 0, t->row_labels[i], b->f.text);
        for (size_t c = 1; c < t->n_cols; c++) {
            double v = results_table_value(t, i, c);
            bool hidden = results_table_hidden(t, i, c);
            if (t->formats[c] == FMT_COUNT && isfinite(v))
                bk_count(b, s, row, (lxw_col_t)c, llround(v), hidden);
            else
                bk_number(b, s, row, (lxw_col_t)c, v, hidden, t->formats[c], false);
        }
    }
    lxw_row_t row = (lxw_row_t)t->n_rows + 2;
    char buf[256];
    snprintf(buf, sizeof buf, "From the %s plugin%s%s.", r->plugin_name ? r->plugin_name : "",
             r->plugin_version ? ", version " : "", r->plugin_version ? r->plugin_version : "");
    bk_note(b, s, row++, buf);
    bk_fit(b, s);
    if (t->chart != RES_CHART_NONE && t->n_rows > 0 && t->n_chart_cols > 0)
        plugin_chart(b, t, s, row + 1);
}

void bk_sheet_plugin_tables(book *b)
{
    for (size_t t = 0; t < b->r->n_tables; t++)
        plugin_table(b, &b->r->tables[t], &b->tables[t]);
}
