/* compare_book_charts.c - the charted sheets of a comparison's workbook:
 * Cost per outcome, Funnel and Distance by site (see compare_book.h).
 * Their figures are formulas over the Sites sheet, so that they follow a
 * changed cost there. */
#include "compare_book_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DARK  0x1F4E79
#define MID   0x2E75B6
#define LIGHT 0x9DC3E6
#define GREY  0x7F7F7F

/* A copy of a figure on Sites: a formula with its value cached. */
static void copy_cell(cbook *cb, sheet *s, lxw_row_t row, lxw_col_t col, size_t site,
                      lxw_col_t sites_col, double v, bool hidden, fig_format k)
{
    bk_formula(&cb->b, s, row, col, bk_fmla(&cb->b, "=%s", cb_sites_ref(cb, s, site, sites_col).s),
               v, hidden, k);
}

/* A block's heading: it runs over the columns to its right, so it does not
 * widen the first. */
static void section(cbook *cb, sheet *s, lxw_row_t row, const char *label)
{
    if (!s->measure)
        bk_check(&cb->b, worksheet_write_string(s->ws, row, 0, label, cb->b.f.section));
}

/* A round number at or above X: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a
 * power of ten. */
static double nice_ceiling(double x)
{
    if (!(x > 0) || !isfinite(x))
        return 1;
    static const double steps[] = {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10};
    double p = pow(10, floor(log10(x)));
    size_t i = 0;
    while (i + 1 < sizeof steps / sizeof *steps && x > steps[i] * p * (1 + 1e-12))
        i++;
    return steps[i] * p;
}

/* Columns of default width a chart of SCALE (of 480 pixels) covers, and
 * one more. */
static lxw_col_t chart_columns(double x_scale)
{
    return (lxw_col_t)ceil(480.0 * x_scale / 64.0) + 1;
}

/* A chart of TYPE for sheet S; NULL while S is measured, or after
 * recording the error. */
static lxw_chart *sheet_chart(cbook *cb, const sheet *s, uint8_t type)
{
    return s->measure ? NULL : bk_chart(&cb->b, type);
}

/* The title LABEL WHAT, in 11-point bold. */
static void chart_title(lxw_chart *chart, const char *label, const char *what)
{
    char title[512];
    snprintf(title, sizeof title, "%s%s", label, what);
    chart_title_set_name(chart, title);
    lxw_chart_font small = {.size = 11, .bold = LXW_TRUE};
    chart_title_set_name_font(chart, &small);
}

/* ---- Cost per outcome ---- */

/* The table, then the chart beside it, then the chart's three bar parts
 * (out of the way, to its right). */
#define CPO_X_SCALE 1.4
enum { CP_RANK, CP_SITE, CP_CPO, CP_LO, CP_HI, CP_BEST, CP_WORST, CP_CHART };
#define CP_BAR0 ((lxw_col_t)(CP_CHART + chart_columns(CPO_X_SCALE)))
#define CP_BAR1 (CP_BAR0 + 1)
#define CP_BAR2 (CP_BAR0 + 2)

/* The sites that have compared outcome K: those ranked, by rank (then in
 * programme order), then the rest.  Returns how many are ranked and shown. */
static size_t rank_order(const comparison *c, size_t k, size_t *order, size_t *n)
{
    *n = 0;
    size_t n_ranked = 0;
    for (long rank = 1; rank <= (long)c->n_sites; rank++)
        for (size_t s = 0; s < c->n_sites; s++) {
            long at = c->outcomes[k].at[s];
            const site_outcome *o = at >= 0 ? &c->sites[s].outcomes[at] : NULL;
            if (o && o->rank == rank && !o->achieved_hidden && !o->eligible_hidden) {
                order[(*n)++] = s;
                n_ranked++;
            }
        }
    for (size_t s = 0; s < c->n_sites; s++) {
        long at = c->outcomes[k].at[s];
        const site_outcome *o = at >= 0 ? &c->sites[s].outcomes[at] : NULL;
        if (o && (o->rank <= 0 || o->achieved_hidden || o->eligible_hidden))
            order[(*n)++] = s;
    }
    return n_ranked;
}

static void cpo_row(cbook *cb, lxw_row_t row, size_t k, size_t site, bool charted)
{
    book *b = &cb->b;
    sheet *s = &cb->cpo;
    const site_outcome *o = &cb->c->sites[site].outcomes[cb->c->outcomes[k].at[site]];
    lxw_col_t col = cb_outcome_col(cb, k);
    bool hide = o->achieved_hidden || o->eligible_hidden;
    copy_cell(cb, s, row, CP_RANK, site, col + SOC_RANK, o->rank > 0 ? (double)o->rank : NAN, hide,
              FMT_COUNT);
    bk_text(b, s, row, CP_SITE, cb->c->sites[site].name, b->f.text);
    copy_cell(cb, s, row, CP_CPO, site, col + SOC_CPO, o->cost_per_outcome, hide, FMT_CURRENCY);
    copy_cell(cb, s, row, CP_LO, site, col + SOC_CPO_LO, o->cpo_lo, hide, FMT_CURRENCY);
    copy_cell(cb, s, row, CP_HI, site, col + SOC_CPO_HI, o->cpo_hi, hide, FMT_CURRENCY);
    copy_cell(cb, s, row, CP_BEST, site, col + SOC_RANK_BEST,
              o->rank_best > 0 ? (double)o->rank_best : NAN, hide, FMT_COUNT);
    copy_cell(cb, s, row, CP_WORST, site, col + SOC_RANK_WORST,
              o->rank_worst > 0 ? (double)o->rank_worst : NAN, hide, FMT_COUNT);
    if (!charted)
        return;
    /* The bar's three parts: up to the low end (not drawn), on to the
     * estimate, on to the high end. */
    book_ref c = bk_ref(s, s, row, CP_CPO), lo = bk_ref(s, s, row, CP_LO),
             hi = bk_ref(s, s, row, CP_HI);
    bk_formula(b, s, row, CP_BAR0, bk_fmla(b, "=%s", lo.s), o->cpo_lo, false, FMT_CURRENCY);
    bk_formula(b, s, row, CP_BAR1, bk_fmla(b, "=%s-%s", c.s, lo.s), o->cost_per_outcome - o->cpo_lo,
               false, FMT_CURRENCY);
    bk_formula(b, s, row, CP_BAR2, bk_fmla(b, "=%s-%s", hi.s, c.s), o->cpo_hi - o->cost_per_outcome,
               false, FMT_CURRENCY);
}

/* The value axis shows every estimate, and every interval up to three
 * times the middle site's estimate: a small site's interval can be ten
 * times as wide as the rest, and would squash them into the axis.  Its bar
 * then runs off the edge (the note says so; the table has its ends). */
static double cpo_axis_max(const cbook *cb, size_t k, const size_t *order, size_t n)
{
    double est = 0, hi = 0, middle = 0;
    for (size_t i = 0; i < n; i++) {
        const site_figures *sf = &cb->c->sites[order[i]];
        const site_outcome *o = &sf->outcomes[cb->c->outcomes[k].at[order[i]]];
        est = fmax(est, o->cost_per_outcome);
        hi = fmax(hi, isnan(o->cpo_hi) ? INFINITY : o->cpo_hi);
        if (i == n / 2) /* ORDER is by cost per outcome */
            middle = o->cost_per_outcome;
    }
    return nice_ceiling(fmax(1.05 * est, fmin(hi, 3 * middle)));
}

static void cpo_chart(cbook *cb, lxw_row_t first, size_t n, lxw_row_t at, const char *label,
                      double axis_max)
{
    book *b = &cb->b;
    sheet *s = &cb->cpo;
    lxw_chart *chart = sheet_chart(cb, s, LXW_CHART_BAR_STACKED);
    if (!chart || n == 0)
        return;
    static const char *const names[] = {"", "95% interval: low end to the estimate",
                                        "the estimate to the high end"};
    static const lxw_color_t fills[] = {0, MID, LIGHT};
    for (int part = 0; part < 3; part++) {
        lxw_chart_series *se = chart_add_series(chart, NULL, NULL);
        if (!se)
            continue;
        chart_series_set_categories(se, s->name, first, CP_SITE, first + (lxw_row_t)n - 1, CP_SITE);
        chart_series_set_values(se, s->name, first, CP_BAR0 + part, first + (lxw_row_t)n - 1,
                                CP_BAR0 + part);
        chart_series_set_name(se, names[part]);
        lxw_chart_fill fill = {.color = fills[part], .none = part == 0};
        chart_series_set_fill(se, &fill);
        if (part == 0) {
            lxw_chart_line none = {.none = LXW_TRUE};
            chart_series_set_line(se, &none);
        }
    }
    /* No legend: the sheet's note says how to read a bar (LibreOffice
     * would name the invisible part in it). */
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_title(chart, label, ": cost per outcome and its 95% interval, lowest first");
    chart_axis_set_reverse(chart->y_axis); /* rank 1 at the top */
    chart_axis_set_num_format(chart->x_axis, "#,##0");
    chart_axis_set_min(chart->x_axis, 0);
    chart_axis_set_max(chart->x_axis, axis_max);
    chart_axis_major_gridlines_set_visible(chart->x_axis, LXW_TRUE);
    lxw_chart_options opt = {.x_scale = CPO_X_SCALE,
                             .y_scale = (80.0 + 26.0 * (double)n) / 288.0 + 0.3};
    bk_check(b, worksheet_insert_chart_opt(s->ws, at, CP_CHART, chart, &opt));
}

void cb_sheet_cost_per_outcome(cbook *cb)
{
    book *b = &cb->b;
    sheet *s = &cb->cpo;
    const comparison *c = cb->c;
    size_t *order = malloc((c->n_sites ? c->n_sites : 1) * sizeof *order);
    if (!order) {
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    bk_text(b, s, 0, 0, "Cost per outcome, site by site", b->f.title);
    bk_text(b, s, 1, 0,
            "Lowest cost first. Each bar spans the 95% interval of the site's cost per outcome, "
            "cost / (eligible x the rate's Wilson limits); the estimate is where dark meets "
            "light.",
            b->f.note);
    bk_text(b, s, 2, 0,
            "Bars that overlap: the sites may not really differ. A bar that runs off the chart: "
            "an interval too wide to draw (a small site). Best and worst rank: the ranks the "
            "intervals allow.",
            b->f.note);
    static const char *const heads[] = {"Rank",
                                        "Site",
                                        "Cost per outcome",
                                        "95% low",
                                        "95% high",
                                        "Best rank",
                                        "Worst rank",
                                        "(chart) to low end",
                                        "(chart) to estimate",
                                        "(chart) to high end"};
    lxw_row_t row = 4;
    for (size_t k = 0; k < c->n_outcomes; k++) {
        size_t n;
        size_t n_charted = rank_order(c, k, order, &n);
        section(cb, s, row, c->outcomes[k].label);
        lxw_row_t top = row;
        row++;
        for (lxw_col_t col = 0; col < sizeof heads / sizeof *heads; col++)
            bk_header(b, s, row, col < CP_CHART ? col : CP_BAR0 + (col - CP_CHART), heads[col]);
        lxw_row_t first = ++row;
        for (size_t i = 0; i < n; i++)
            cpo_row(cb, row++, k, order[i], i < n_charted);
        cpo_chart(cb, first, n_charted, top, c->outcomes[k].label,
                  cpo_axis_max(cb, k, order, n_charted));
        /* Room for the chart (about 20 pixels a row) before the next. */
        lxw_row_t chart_rows = (lxw_row_t)((80.0 + 26.0 * (double)n_charted + 86) / 20.0) + 2;
        row = (row > top + chart_rows ? row : top + chart_rows) + 2;
    }
    free(order);
    bk_fit(b, s);
}

/* ---- Funnel ---- */

/* The sites' table, the chart beside it, then the limits it draws (out of
 * the way, to its right). */
#define FUNNEL_X_SCALE 1.6
enum { FN_SITE, FN_ELIGIBLE, FN_RATE, FN_POSITION, FN_CHART };
#define FN_E          ((lxw_col_t)(FN_CHART + chart_columns(FUNNEL_X_SCALE)))
#define FN_LO95       (FN_E + 1)
#define FN_HI95       (FN_E + 2)
#define FN_LO998      (FN_E + 3)
#define FN_HI998      (FN_E + 4)
#define FN_P0         (FN_E + 5)
#define FUNNEL_POINTS 40

/* Row J of the limits the chart draws, at FUNNEL_POINTS sizes from BOTTOM
 * to TOP, closer together where the funnel bends. */
static void funnel_limit_row(cbook *cb, lxw_row_t row, int j, double bottom, double top, double p0,
                             const char *p0_ref, bool hidden)
{
    book *b = &cb->b;
    sheet *s = &cb->funnel;
    double t = (double)j / (FUNNEL_POINTS - 1);
    double e = bottom + (top - bottom) * t * t;
    bk_number(b, s, row, FN_E, e, false, FMT_NUMBER, false);
    book_ref er = bk_ref(s, s, row, FN_E);
    const double z[] = {COMPARE_Z95, COMPARE_Z998};
    for (int zi = 0; zi < 2; zi++) {
        /* as compare_funnel_limits() at a size that need not be whole */
        double half = z[zi] * sqrt(p0 * (1 - p0) / e);
        double lo = fmax(0, p0 - half), hi = fmin(1, p0 + half);
        lxw_col_t col = zi == 0 ? FN_LO95 : FN_LO998;
        bk_formula(
            b, s, row, col,
            bk_fmla(b, "=MAX(0,%s-%.15g*SQRT(%s*(1-%s)/%s))", p0_ref, z[zi], p0_ref, p0_ref, er.s),
            lo, hidden, FMT_PERCENT);
        bk_formula(
            b, s, row, col + 1,
            bk_fmla(b, "=MIN(1,%s+%.15g*SQRT(%s*(1-%s)/%s))", p0_ref, z[zi], p0_ref, p0_ref, er.s),
            hi, hidden, FMT_PERCENT);
    }
    bk_formula(b, s, row, FN_P0, bk_fmla(b, "=%s", p0_ref), p0, hidden, FMT_PERCENT);
}

static lxw_chart_series *funnel_series(lxw_chart *chart, const sheet *s, lxw_row_t first,
                                       lxw_row_t last, lxw_col_t xcol, lxw_col_t ycol,
                                       const char *name, lxw_color_t colour, uint8_t dash,
                                       bool markers)
{
    lxw_chart_series *se = chart_add_series(chart, NULL, NULL);
    if (!se)
        return NULL;
    chart_series_set_categories(se, s->name, first, xcol, last, xcol);
    chart_series_set_values(se, s->name, first, ycol, last, ycol);
    chart_series_set_name(se, name);
    if (markers) {
        lxw_chart_line none = {.none = LXW_TRUE};
        chart_series_set_line(se, &none);
        chart_series_set_marker_type(se, LXW_CHART_MARKER_CIRCLE);
        chart_series_set_marker_size(se, 8);
        lxw_chart_fill fill = {.color = colour};
        chart_series_set_marker_fill(se, &fill);
        lxw_chart_line edge = {.color = colour};
        chart_series_set_marker_line(se, &edge);
    } else {
        lxw_chart_line line = {.color = colour, .width = 1.5, .dash_type = dash};
        chart_series_set_line(se, &line);
        chart_series_set_marker_type(se, LXW_CHART_MARKER_NONE);
    }
    return se;
}

/* Each point of SE labelled with the name of its site (SITES, N of them),
 * so the reader need not look it up.  The names as text: LibreOffice shows
 * a label that refers to a cell as the point's value. */
static void funnel_labels(cbook *cb, lxw_chart_series *se, const size_t *sites, size_t n)
{
    if (!se || !sites || n == 0)
        return;
    lxw_chart_data_label *labels = calloc(n, sizeof *labels);
    lxw_chart_data_label **list = calloc(n + 1, sizeof *list);
    if (!labels || !list) {
        bk_check(&cb->b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    } else {
        lxw_chart_font font = {.size = 7, .color = 0x404040};
        for (size_t i = 0; i < n; i++) {
            labels[i].value = cb->c->sites[sites[i]].name;
            labels[i].font = &font;
            list[i] = &labels[i];
        }
        chart_series_set_labels(se);
        chart_series_set_labels_position(se, LXW_CHART_LABEL_POSITION_RIGHT);
        bk_check(&cb->b, chart_series_set_labels_custom(se, list));
    }
    free(list);
    free(labels);
}

static void funnel_chart(cbook *cb, lxw_row_t sites0, const size_t *shown, size_t n, lxw_row_t lim0,
                         lxw_row_t at, const char *label, double y_max)
{
    book *b = &cb->b;
    sheet *s = &cb->funnel;
    lxw_chart *chart = sheet_chart(cb, s, LXW_CHART_SCATTER_STRAIGHT);
    if (!chart)
        return;
    lxw_row_t lim1 = lim0 + FUNNEL_POINTS - 1;
    funnel_series(chart, s, lim0, lim1, FN_E, FN_HI998, "99.8% limits", GREY,
                  LXW_CHART_LINE_DASH_SOLID, false);
    funnel_series(chart, s, lim0, lim1, FN_E, FN_LO998, "99.8% low", GREY,
                  LXW_CHART_LINE_DASH_SOLID, false);
    funnel_series(chart, s, lim0, lim1, FN_E, FN_HI95, "95% limits", MID, LXW_CHART_LINE_DASH_DASH,
                  false);
    funnel_series(chart, s, lim0, lim1, FN_E, FN_LO95, "95% low", MID, LXW_CHART_LINE_DASH_DASH,
                  false);
    funnel_series(chart, s, lim0, lim1, FN_E, FN_P0, "Programme rate", DARK,
                  LXW_CHART_LINE_DASH_SOLID, false);
    lxw_chart_series *points = funnel_series(chart, s, sites0, sites0 + (lxw_row_t)n - 1,
                                             FN_ELIGIBLE, FN_RATE, "Sites", 0xC00000, 0, true);
    funnel_labels(cb, points, shown, n);
    int16_t lows[] = {1, 3, -1};
    chart_legend_delete_series(chart, lows);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_title(chart, label, ": rate against number eligible");
    chart_axis_set_name(chart->x_axis, "Eligible");
    chart_axis_set_name(chart->y_axis, "Rate");
    chart_axis_set_num_format(chart->y_axis, "0%");
    chart_axis_set_min(chart->y_axis, 0);
    chart_axis_set_max(chart->y_axis, y_max);
    chart_axis_set_min(chart->x_axis, 0);
    lxw_chart_options opt = {.x_scale = FUNNEL_X_SCALE, .y_scale = 1.6};
    bk_check(b, worksheet_insert_chart_opt(s->ws, at, FN_CHART, chart, &opt));
}

/* The smallest (non-zero) and largest numbers eligible of compared
 * outcome K, and the highest rate shown. */
static void funnel_range(const comparison *c, size_t k, long long *e_min, long long *e_max,
                         double *y_top)
{
    *e_max = 0;
    *e_min = -1;
    for (size_t i = 0; i < c->n_sites; i++) {
        long at = c->outcomes[k].at[i];
        if (at < 0)
            continue;
        const site_outcome *o = &c->sites[i].outcomes[at];
        if (o->eligible > *e_max)
            *e_max = o->eligible;
        if (o->eligible > 0 && (*e_min < 0 || o->eligible < *e_min))
            *e_min = o->eligible;
        if (!(o->eligible_hidden || o->achieved_hidden) && o->rate > *y_top)
            *y_top = o->rate;
    }
}

static void funnel_site_row(cbook *cb, size_t k, size_t i, lxw_row_t r)
{
    book *b = &cb->b;
    sheet *s = &cb->funnel;
    const site_outcome *o = &cb->c->sites[i].outcomes[cb->c->outcomes[k].at[i]];
    lxw_col_t col = cb_outcome_col(cb, k);
    bool hide = o->eligible_hidden || o->achieved_hidden;
    bk_text(b, s, r, FN_SITE, cb->c->sites[i].name, b->f.text);
    copy_cell(cb, s, r, FN_ELIGIBLE, i, col + SOC_ELIGIBLE, (double)o->eligible, o->eligible_hidden,
              FMT_COUNT);
    copy_cell(cb, s, r, FN_RATE, i, col + SOC_RATE, o->rate, hide, FMT_PERCENT);
    const char *f = compare_funnel_name(o->funnel);
    bk_text(b, s, r, FN_POSITION,
            hide ? "[c]"
            : f  ? f
                 : "n/a",
            hide || !f ? b->f.missing : b->f.text);
}

/* Compared outcome K: the sites' table and, beside it, the limits, row by
 * row (the workbook is written in order), then the chart. */
static void funnel_block(cbook *cb, size_t k, lxw_row_t *row)
{
    book *b = &cb->b;
    sheet *s = &cb->funnel;
    const comparison *c = cb->c;
    const pooled_outcome *po = &c->pooled_outcomes[k];
    bool hide_p0 = po->achieved_hidden || po->eligible_hidden;
    lxw_row_t top = *row;
    section(cb, s, top, c->outcomes[k].label);
    bk_text(b, s, top + 1, FN_SITE, "Programme rate (pooled)", b->f.bold);
    copy_cell(cb, s, top + 1, FN_ELIGIBLE, c->n_sites, cb_outcome_col(cb, k) + SOC_RATE, po->rate,
              hide_p0, FMT_PERCENT);
    book_ref p0 = bk_ref(s, s, top + 1, FN_ELIGIBLE);
    static const char *const heads[] = {"Site",      "Eligible",   "Rate",          "Position",
                                        "",          "Eligible",   "95% low",       "95% high",
                                        "99.8% low", "99.8% high", "Programme rate"};
    lxw_row_t head = top + 3;
    for (lxw_col_t h = 0; h < sizeof heads / sizeof *heads; h++)
        if (*heads[h])
            bk_header(b, s, head, h < FN_CHART ? h : FN_E + (h - FN_CHART - 1), heads[h]);
    size_t *shown = malloc((c->n_sites ? c->n_sites : 1) * sizeof *shown), n = 0;
    if (!shown)
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    long long e_max, e_min;
    double y_top = po->rate;
    funnel_range(c, k, &e_min, &e_max, &y_top);
    double bottom = fmax(0.5, (double)(e_min > 0 ? e_min : 1) / 2), e_top = (double)e_max * 1.1 + 1;
    lxw_row_t r = head + 1;
    for (size_t i = 0;; r++) {
        while (i < c->n_sites && c->outcomes[k].at[i] < 0)
            i++;
        int j = (int)(r - (head + 1));
        if (i >= c->n_sites && j >= FUNNEL_POINTS)
            break;
        if (i < c->n_sites) {
            funnel_site_row(cb, k, i, r);
            if (shown)
                shown[n++] = i;
            i++;
        }
        if (j < FUNNEL_POINTS)
            funnel_limit_row(cb, r, j, bottom, e_top, po->rate, p0.s, hide_p0 || isnan(po->rate));
    }
    /* The rate axis: up to the 99.8% limit at the smallest site, or the
     * highest rate, with room above; never past 100%. */
    if (e_min > 0 && !isnan(po->rate)) {
        double lo, hi;
        compare_funnel_limits(po->rate, e_min, COMPARE_Z998, &lo, &hi);
        y_top = fmax(y_top, hi);
    }
    y_top = fmin(1, ceil(y_top * 1.1 * 10) / 10);
    if (!hide_p0 && !isnan(po->rate))
        funnel_chart(cb, head + 1, shown, n, head + 1, top, c->outcomes[k].label,
                     y_top > 0 ? y_top : 1);
    free(shown);
    *row = r + 2;
}

void cb_sheet_funnel(cbook *cb)
{
    book *b = &cb->b;
    sheet *s = &cb->funnel;
    bk_text(b, s, 0, 0, "Funnel: is a site's rate out of the ordinary for its size?", b->f.title);
    bk_text(b, s, 1, 0,
            "Each outcome's programme rate p0 = all achieved / all eligible. At each number "
            "eligible E the limits are p0 +/- z sqrt(p0 (1 - p0) / E): 95% (z = 1.96) and 99.8% "
            "(z = 3.09). A site beyond the 99.8% limits differs from the programme by more than "
            "chance would make likely; small sites scatter widely by chance alone.",
            b->f.note);
    lxw_row_t row = 3;
    for (size_t k = 0; k < cb->c->n_outcomes; k++)
        funnel_block(cb, k, &row);
    bk_fit(b, s);
}

/* ---- Distance by site ---- */

static void distance_pooled(cbook *cb, const pooled_area *pa, lxw_row_t *row)
{
    book *b = &cb->b;
    sheet *s = &cb->distance;
    const stats_paired *ch = &pa->change;
    struct {
        const char *label;
        double v;
        fig_format k;
        bool hidden;
    } rows[] = {
        {"Pairs missing a review", (double)pa->n_missing_review, FMT_COUNT, pa->missing_hidden},
        {"Mean baseline", pa->mean_baseline, FMT_NUMBER, pa->hidden},
        {"Mean review", pa->mean_review, FMT_NUMBER, pa->hidden},
        {"SD of the change", ch->sd, FMT_NUMBER, pa->hidden},
        {"Effect size dz", ch->dz, FMT_NUMBER, pa->hidden},
        {"Improved", ch->pct_improved, FMT_PERCENT, pa->hidden},
        {"Same", ch->pct_same, FMT_PERCENT, pa->hidden},
        {"Worse", ch->pct_worse, FMT_PERCENT, pa->hidden},
        {"Wilcoxon signed-rank p", ch->wilcoxon_p, FMT_PVALUE, pa->hidden},
    };
    bk_text(b, s, (*row)++, 0, "The programme's pairs pooled, as one data set:", b->f.note);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++, (*row)++) {
        bk_text(b, s, *row, 0, rows[i].label, b->f.text);
        bk_number(b, s, *row, 1, rows[i].v, rows[i].hidden, rows[i].k, false);
    }
}

static void distance_chart(cbook *cb, lxw_row_t first, lxw_row_t last, lxw_row_t at,
                           const char *label)
{
    book *b = &cb->b;
    sheet *s = &cb->distance;
    lxw_chart *chart = sheet_chart(cb, s, LXW_CHART_BAR);
    if (!chart)
        return;
    bk_chart_series(s, chart, first, last, 0, 2, "Mean change", MID);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_title(chart, label, ": mean change by site");
    chart_axis_set_reverse(chart->y_axis);
    lxw_chart_options opt = {.x_scale = 1.2,
                             .y_scale = (60.0 + 26.0 * (double)(last - first + 1)) / 288.0 + 0.3};
    bk_check(b, worksheet_insert_chart_opt(s->ws, at, 7, chart, &opt));
}

void cb_sheet_distance(cbook *cb)
{
    book *b = &cb->b;
    sheet *s = &cb->distance;
    const comparison *c = cb->c;
    bk_text(b, s, 0, 0, "Distance travelled, site by site", b->f.title);
    bk_text(b, s, 1, 0,
            "Change from baseline to review on each compared scale (positive: better), over the "
            "pairs where both are recorded; the programme total pools every site's pairs.",
            b->f.note);
    if (c->n_areas == 0)
        bk_text(b, s, 3, 0, "No distance area is shared by two or more sites.", b->f.text);
    static const char *const heads[] = {"Site", "Pairs", "Mean change", "95% CI low",
                                        "95% CI high"};
    lxw_row_t row = 3;
    for (size_t k = 0; k < c->n_areas; k++) {
        lxw_col_t col = cb_area_col(cb, k);
        lxw_row_t top = row;
        section(cb, s, row++, c->areas[k].label);
        for (lxw_col_t h = 0; h < 5; h++)
            bk_header(b, s, row, h, heads[h]);
        lxw_row_t first = ++row;
        for (size_t i = 0; i <= c->n_sites; i++) {
            long at = i < c->n_sites ? c->areas[k].at[i] : 0;
            if (at < 0)
                continue;
            const pooled_area *pa = &c->pooled_areas[k];
            const site_area *a = i < c->n_sites ? &c->sites[i].areas[at] : NULL;
            bool hide = a ? a->hidden : pa->hidden;
            bk_text(b, s, row, 0, a ? c->sites[i].name : "Programme total",
                    a ? b->f.text : b->f.bold);
            copy_cell(cb, s, row, 1, i, col + SA_N, (double)(a ? a->n : pa->n), hide, FMT_COUNT);
            copy_cell(cb, s, row, 2, i, col + SA_MEAN, a ? a->mean_change : pa->change.mean, hide,
                      FMT_NUMBER);
            copy_cell(cb, s, row, 3, i, col + SA_LO, a ? a->ci_lo : pa->change.ci_lo, hide,
                      FMT_NUMBER);
            copy_cell(cb, s, row, 4, i, col + SA_HI, a ? a->ci_hi : pa->change.ci_hi, hide,
                      FMT_NUMBER);
            row++;
        }
        distance_chart(cb, first, row - 1, top, c->areas[k].label);
        row++;
        distance_pooled(cb, &c->pooled_areas[k], &row);
        lxw_row_t chart_rows = (lxw_row_t)((60.0 + 26.0 * (double)(row - first) + 86) / 20.0);
        row = (row > top + chart_rows ? row : top + chart_rows) + 2;
    }
    bk_fit(b, s);
}
