/* book_groups.c - the sheets of rows counted by group and the plugin's
 * tables: Breakdowns, Quarters (when dated) and one sheet per plugin table.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book_int.h"
#include "field.h"
#include "measures.h"
#include "stats.h"
#include "words.h"

/* ---- Breakdowns and Quarters: counts per group of rows ---- */

/* The columns of each outcome in a group table. */
enum { GO_ELIGIBLE, GO_ACHIEVED, GO_RATE, GO_CI_LO, GO_CI_HI, GO_NCOLS };

/* Column headings of a group table: LEAD (1 or 2 of them), participants,
 * each output's count, each outcome's eligible, achieved, rate and the
 * rate's 95% interval; made unique, as an Excel table requires.  Returns
 * the count, or 0. */
static size_t group_headings(const model *m, const char *const *lead, size_t n_lead, char ***out)
{
    size_t n = n_lead + 1 + m->n_outputs + GO_NCOLS * m->n_outcomes;
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
    static const char *const parts[GO_NCOLS] = {"eligible", "achieved", "rate", "rate 95% CI low",
                                                "rate 95% CI high"};
    for (size_t i = 0; i < m->n_outcomes; i++)
        for (size_t p = 0; p < GO_NCOLS; p++) {
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
    for (size_t i = 0; i < m->n_outcomes; i++, col += GO_NCOLS) {
        bk_group_figure(b, s, row, col + GO_ELIGIBLE, g, FIG_ELIGIBLE, i);
        bk_group_figure(b, s, row, col + GO_ACHIEVED, g, FIG_ACHIEVED, i);
        book_ref er = bk_ref(s, s, row, col + GO_ELIGIBLE),
                 ar = bk_ref(s, s, row, col + GO_ACHIEVED);
        bool hidden = results_group_hidden(g, FIG_RATE, i);
        bk_formula(b, s, row, col + GO_RATE, bk_ratio(b, ar.s, er.s),
                   results_group_figure(g, FIG_RATE, i), hidden, figures[FIG_RATE].format);
        /* the same Wilson interval as the whole run's rates (a value) */
        double lo, hi;
        stats_wilson((double)g->achieved[i], (double)g->eligible[i], STATS_Z95, &lo, &hi);
        bk_number(b, s, row, col + GO_CI_LO, lo, hidden, FMT_PERCENT, false);
        bk_number(b, s, row, col + GO_CI_HI, hi, hidden, FMT_PERCENT, false);
    }
}

/* Rows FIRST..LAST of a group table whose groups start in column COL
 * (participants): in grey, a group of few participants, and a rate and
 * its interval on few eligible cases. */
static void group_greys(book *b, sheet *s, lxw_row_t first, lxw_row_t last, lxw_col_t col)
{
    const model *m = b->m;
    if (last < first)
        return;
    lxw_col_t end = col + (lxw_col_t)(m->n_outputs + GO_NCOLS * m->n_outcomes);
    bk_grey_when_small(b, s, first, 0, last, end, col);
    for (size_t i = 0; i < m->n_outcomes; i++) {
        lxw_col_t c = col + 1 + (lxw_col_t)(m->n_outputs + GO_NCOLS * i);
        bk_grey_when_small(b, s, first, c + GO_RATE, last, c + GO_CI_HI, c + GO_ELIGIBLE);
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
        bk_freeze(b, s, 1, (lxw_col_t)n_lead);
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
        char buf[512], name[128];
        snprintf(buf, sizeof buf,
                 "%s: %lld rows have values beyond the first %d; they are counted "
                 "together as (other).",
                 humanize(name, sizeof name, m->breakdowns[k].name), other, GROUPS_MAX);
        bk_note(b, s, row++, buf);
    }
    bk_note(b, s, row,
            "Rate = achieved / eligible within the group. A missing value is "
            "listed as (missing). Use the filter buttons to pick a breakdown.");
    bk_note(b, s, row + 1, bk_small_note());
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
            char name[128]; /* "referral_route" as a reader says it: "Referral route" */
            bk_text(b, s, row, 0, humanize(name, sizeof name, m->breakdowns[k].name), b->f.text);
            const field *f = &m->fields[m->breakdowns[k].field];
            bk_text(b, s, row, 1, field_label_of(f, bd->groups[g].label), b->f.text);
            group_row(b, s, row, 2, &bd->groups[g]);
        }
    }
    group_end(b, s, heads, n, row - 1);
    group_greys(b, s, 1, row - 1, 2);
    breakdown_notes(b, row + 1);
    bk_fit(b, s);
}

/* Quarters spanned when every quarter is shown: beyond this (a date
 * a century out), only the quarters with rows are. */
#define QUARTERS_SPAN_MAX 400

/* The quarters without rows, each a copy of EMPTY with its own label. */
typedef struct quarter_fill {
    res_group *groups;
    char (*labels)[16];
} quarter_fill;

/* The quarters of the model's period and of the data, every one of them
 * in time order (those without rows copies of EMPTY, in FILL), then
 * "(missing)": into *OUT (free it and FILL's arrays); returns how many,
 * or 0 after recording the error. */
static size_t quarter_list(book *b, const res_group *empty, quarter_fill *fill,
                           const res_group ***out)
{
    const results *r = b->r;
    const model *m = b->m;
    long long lo = LLONG_MAX, hi = LLONG_MIN;
    double days;
    if (m->period_start && field_parse_date(m->period_start, strlen(m->period_start), &days))
        lo = measures_quarter(days);
    if (m->period_end && field_parse_date(m->period_end, strlen(m->period_end), &days))
        hi = measures_quarter(days);
    for (size_t q = 0; q < r->n_quarters; q++) {
        long long k = r->quarters[q].sort_key;
        if (k == LLONG_MAX)
            continue; /* (missing) */
        lo = k < lo ? k : lo;
        hi = k > hi ? k : hi;
    }
    size_t span = lo <= hi && hi - lo < QUARTERS_SPAN_MAX ? (size_t)(hi - lo + 1) : 0;
    const res_group **list = calloc(span + r->n_quarters + 1, sizeof *list);
    fill->groups = calloc(span + 1, sizeof *fill->groups);
    fill->labels = calloc(span + 1, sizeof *fill->labels);
    if (!list || !fill->groups || !fill->labels) {
        free(list);
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return 0;
    }
    size_t n = 0, q = 0;
    for (size_t k = 0; k < span; k++) {
        for (; q < r->n_quarters && r->quarters[q].sort_key < lo + (long long)k; q++)
            list[n++] = &r->quarters[q]; /* out of the span: cannot be, kept anyway */
        if (q < r->n_quarters && r->quarters[q].sort_key == lo + (long long)k) {
            list[n++] = &r->quarters[q++];
            continue;
        }
        measures_quarter_label(lo + (long long)k, fill->labels[k], sizeof fill->labels[k]);
        fill->groups[k] = *empty;
        fill->groups[k].label = fill->labels[k];
        fill->groups[k].sort_key = lo + (long long)k;
        list[n++] = &fill->groups[k];
    }
    for (; q < r->n_quarters; q++)
        list[n++] = &r->quarters[q];
    *out = list;
    return n;
}

/* A quarter without rows: every count 0, every rate n/a. */
static bool empty_group(const model *m, res_group *g)
{
    size_t no = m->n_outputs ? m->n_outputs : 1, nc = m->n_outcomes ? m->n_outcomes : 1;
    *g = (res_group){.output_counts = calloc(no, sizeof(long long)),
                     .eligible = calloc(nc, sizeof(long long)),
                     .achieved = calloc(nc, sizeof(long long)),
                     .rate = calloc(nc, sizeof(double)),
                     .count_suppressed = calloc(no, sizeof(bool)),
                     .eligible_suppressed = calloc(nc, sizeof(bool)),
                     .achieved_suppressed = calloc(nc, sizeof(bool)),
                     .rate_suppressed = calloc(nc, sizeof(bool))};
    for (size_t i = 0; g->rate && i < nc; i++)
        g->rate[i] = NAN;
    return g->output_counts && g->eligible && g->achieved && g->rate && g->count_suppressed &&
           g->eligible_suppressed && g->achieved_suppressed && g->rate_suppressed;
}

/* The chart of each output's count per quarter (rows FIRST..LAST, their
 * copies from column COPIES), at ROW. */
static void quarters_chart(book *b, sheet *s, lxw_row_t first, lxw_row_t last, lxw_col_t copies,
                           lxw_row_t row)
{
    const model *m = b->m;
    lxw_chart *chart =
        bk_chart_of(b, s, LXW_CHART_COLUMN, "Outputs per quarter", first, last, 0, NULL, 0);
    if (!chart)
        return;
    for (size_t i = 0; i < m->n_outputs; i++) /* each output's count, named by its heading */
        bk_chart_series(s, chart, first, last, 0, copies + (lxw_col_t)i,
                        m->outputs[i].label ? m->outputs[i].label : m->outputs[i].id, 0);
    lxw_chart_options opt = {.x_scale = 1.8,
                             .y_scale = 1.3,
                             .x_offset = 5,
                             .y_offset = 5,
                             .description = "Outputs per quarter"};
    bk_check(b, worksheet_insert_chart_opt(s->ws, row, bk_below_col(s), chart, &opt));
}

void bk_sheet_quarters(book *b)
{
    const model *m = b->m;
    sheet *s = &b->quarters;
    static const char *const lead[] = {"Quarter"};
    char **heads;
    size_t n = group_start(b, s, lead, 1, &heads);
    if (!n)
        return;
    res_group empty;
    quarter_fill fill = {0};
    const res_group **list = NULL;
    size_t n_list = empty_group(m, &empty) ? quarter_list(b, &empty, &fill, &list) : 0;
    if (!n_list)
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    const lxw_row_t first = 1;
    const lxw_col_t copies = (lxw_col_t)n + 1; /* the chart's, of each output's count */
    for (size_t q = 0; q < n_list; q++) {
        lxw_row_t row = first + (lxw_row_t)q;
        bk_text(b, s, row, 0, list[q]->label, b->f.text);
        group_row(b, s, row, 1, list[q]);
        for (size_t i = 0; i < m->n_outputs; i++)
            bk_chart_cell(b, s, row, (lxw_col_t)(2 + i), copies + (lxw_col_t)i,
                          results_group_figure(list[q], FIG_OUTPUT_COUNT, i),
                          results_group_hidden(list[q], FIG_OUTPUT_COUNT, i));
    }
    free(list);
    free(fill.groups);
    free(fill.labels);
    results_group_free(&empty);
    lxw_row_t last = first + (lxw_row_t)n_list - 1;
    group_end(b, s, heads, n, last);
    group_greys(b, s, first, last, 1);

    lxw_row_t row = last + 2;
    char buf[320];
    snprintf(buf, sizeof buf,
             "UK financial-year quarters of %s (Q1 = April to June), every one of the period "
             "and of the data: a quarter without rows shows 0. Rate = achieved / eligible.",
             m->date_field_name ? m->date_field_name : "the date");
    bk_note(b, s, row++, buf);
    bk_note(b, s, row++, bk_small_note());
    if (m->n_outputs > 0) {
        bk_chart_columns(b, s, copies, copies + (lxw_col_t)m->n_outputs - 1);
        quarters_chart(b, s, first, last, copies, row + 1);
    }
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
    for (size_t k = 0; k < t->n_chart_cols; k++) /* the copies, named by the headings */
        if (t->chart_cols[k] >= 1 && t->chart_cols[k] < t->n_cols) {
            size_t c = t->chart_cols[k];
            bk_chart_series(s, chart, 1, last, 0, (lxw_col_t)(t->n_cols + c),
                            t->col_labels[c] ? t->col_labels[c] : t->col_ids[c], 0);
        }
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
    bk_check(b, worksheet_insert_chart_opt(s->ws, at, bk_below_col(s), chart, &opt));
}

static void plugin_table(book *b, const res_table *t, sheet *s)
{
    const results *r = b->r;
    for (size_t c = 0; c < t->n_cols; c++)
        bk_header(b, s, 0, (lxw_col_t)c, t->col_labels[c] ? t->col_labels[c] : t->col_ids[c]);
    bk_freeze(b, s, 1, 1);
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
            if (t->chart != RES_CHART_NONE) /* the chart's copy, after the table */
                bk_chart_cell(b, s, row, (lxw_col_t)c, (lxw_col_t)(t->n_cols + c), v, hidden);
        }
    }
    if (t->chart != RES_CHART_NONE && t->n_cols > 1)
        bk_chart_columns(b, s, (lxw_col_t)t->n_cols + 1, (lxw_col_t)(2 * t->n_cols - 1));
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
