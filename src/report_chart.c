/* report_chart.c - the report's charts as inline SVG (see report_int.h).
 *
 * Each chart is an <svg role="img"> with a <title> and a <desc> (its text
 * alternative); the figures themselves are in the table the caller writes
 * beside it.  Colours: dark enough on white for graphics (3:1) and text
 * (4.5:1), and never the only carrier of meaning: the legend names shapes.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

#define W        640.0 /* the drawing's width, in SVG units */
#define LABEL_W  200.0 /* the labels' column in a bar chart */
#define VALUE_W  92.0  /* the values' column on the right */
#define LINE_H   15.0
#define WRAP     26 /* characters per label line: about 180 units at 13px */
#define MAX_LINE 3

/* ---- scales ---- */

typedef struct axis {
    double lo, hi, step; /* data range, a multiple of step at each end */
    double x0, x1;       /* where it is drawn */
} axis;

static double nice_step(double span)
{
    if (!(span > 0))
        return 1;
    double raw = span / 5, mag = pow(10, floor(log10(raw)));
    double r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * mag;
}

static void axis_fit(axis *a, double lo, double hi)
{
    if (!(lo <= hi))
        lo = 0, hi = 1;
    if (lo == hi)
        hi = lo + 1;
    a->step = nice_step(hi - lo);
    a->lo = floor(lo / a->step) * a->step;
    a->hi = ceil(hi / a->step) * a->step;
    if (a->hi <= a->lo)
        a->hi = a->lo + a->step;
}

static double at(const axis *a, double v)
{
    if (v < a->lo)
        v = a->lo;
    if (v > a->hi)
        v = a->hi;
    return a->x0 + (v - a->lo) / (a->hi - a->lo) * (a->x1 - a->x0);
}

/* A tick's text: short, since it labels an axis ("£12k", "40%"). */
static const char *tick_text(char *buf, double v, axis_format f, const char *currency, double step)
{
    if (fabs(v) < step * 1e-9)
        v = 0;
    if (f == AXIS_PCT) {
        snprintf(buf, FIG_BUF, "%.*f%%", step * 100 < 1 ? 1 : 0, v * 100);
        return buf;
    }
    double scale = fabs(v) >= 1e6 || step >= 1e6 ? 1e6 : fabs(v) >= 1e4 ? 1e3 : 1;
    const char *suffix = scale == 1e6 ? "m" : scale == 1e3 ? "k" : "";
    double s = step / scale;
    int decimals = s >= 1 ? 0 : s >= 0.1 ? 1 : 2;
    char n[FIG_BUF];
    fmt_num(n, fig_value(fabs(v) / scale), decimals);
    snprintf(buf, FIG_BUF, "%s%.8s%.40s%s", v < 0 ? "\xE2\x88\x92" : "",
             f == AXIS_MONEY ? currency_prefix(currency) : "", n, suffix);
    return buf;
}

/* ---- pieces ---- */

static void svg_open(hw *w, double height, const char *title, const char *desc)
{
    unsigned id = hw_id(w);
    hw_fmt(w,
           "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %.0f %.0f\" "
           "aria-labelledby=\"chart-t%u chart-d%u\" xmlns=\"http://www.w3.org/2000/svg\">\n",
           W, ceil(height), id, id);
    hw_fmt(w, "<title id=\"chart-t%u\">", id);
    hw_text(w, title);
    hw_fmt(w, "</title>\n<desc id=\"chart-d%u\">", id);
    hw_text(w, desc);
    hw_raw(w, "</desc>\n");
}

/* Split LABEL into lines of about WRAP characters at spaces (at most
 * MAX_LINE, the last ending in an ellipsis if cut).  Returns the count;
 * START/LEN give each line. */
static int wrap(const char *label, size_t start[MAX_LINE], size_t len[MAX_LINE], bool *cut)
{
    size_t n = strlen(label), pos = 0;
    int lines = 0;
    *cut = false;
    while (pos < n && lines < MAX_LINE) {
        size_t end = pos + WRAP;
        if (end >= n) {
            end = n;
        } else {
            size_t space = end;
            while (space > pos && label[space] != ' ')
                space--;
            if (space > pos)
                end = space;
            else /* no space: cut, but not inside a UTF-8 sequence */
                while (end > pos && ((unsigned char)label[end] & 0xC0) == 0x80)
                    end--;
        }
        start[lines] = pos;
        len[lines] = end - pos;
        lines++;
        pos = end;
        while (pos < n && label[pos] == ' ')
            pos++;
    }
    *cut = pos < n;
    return lines ? lines : 1;
}

static void text_lines(hw *w, double x, double y_mid, const char *label, const char *attrs)
{
    size_t start[MAX_LINE] = {0}, len[MAX_LINE] = {0};
    bool cut;
    int lines = wrap(label ? label : "", start, len, &cut);
    double y = y_mid - (lines - 1) * LINE_H / 2 + 4;
    hw_fmt(w, "<text x=\"%.1f\" y=\"%.1f\" %s>", x, y, attrs);
    for (int i = 0; i < lines; i++) {
        char line[4 * WRAP + 8];
        snprintf(line, sizeof line, "%.*s%s", (int)len[i], label + start[i],
                 cut && i == lines - 1 ? "\xE2\x80\xA6" : "");
        hw_fmt(w, "<tspan x=\"%.1f\" dy=\"%.1f\">", x, i == 0 ? 0 : LINE_H);
        hw_text(w, line);
        hw_raw(w, "</tspan>");
    }
    hw_raw(w, "</text>\n");
}

static int label_lines(const char *label)
{
    size_t start[MAX_LINE], len[MAX_LINE];
    bool cut;
    return wrap(label ? label : "", start, len, &cut);
}

static void x_axis(hw *w, const axis *a, double y_top, double y_axis, axis_format f,
                   const char *currency, const char *title)
{
    char buf[FIG_BUF];
    for (double v = a->lo; v <= a->hi + a->step / 2; v += a->step) {
        double x = at(a, v);
        hw_fmt(w,
               "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
               "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
               x, y_top, x, y_axis, x, y_axis + 15);
        hw_text(w, tick_text(buf, v, f, currency, a->step));
        hw_raw(w, "</text>\n");
    }
    if (a->lo < 0 && a->hi > 0)
        hw_fmt(w, "<line class=\"zero\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
               at(a, 0), y_top, at(a, 0), y_axis);
    hw_fmt(w, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", a->x0,
           y_axis, a->x1, y_axis);
    hw_fmt(w, "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
           (a->x0 + a->x1) / 2, y_axis + 34);
    hw_text(w, title);
    hw_raw(w, "</text>\n");
}

/* The legend: the bar, and the whiskers and the mark when used. */
static void hbar_legend(hw *w, const hbar_chart *c)
{
    double x = LABEL_W;
    hw_fmt(w, "<rect class=\"bar\" x=\"%.1f\" y=\"6\" width=\"14\" height=\"10\"/>", x);
    hw_fmt(w, "<text class=\"legend\" x=\"%.1f\" y=\"15\">%s</text>\n", x + 19,
           c->interval_key ? "Figure" : "Value");
    x += 80;
    if (c->interval_key) {
        hw_fmt(w,
               "<path class=\"whisker\" d=\"M%.1f 11 H%.1f M%.1f 6 V16 M%.1f 6 V16\"/>"
               "<text class=\"legend\" x=\"%.1f\" y=\"15\">",
               x, x + 20, x, x + 20, x + 25);
        hw_text(w, c->interval_key);
        hw_raw(w, "</text>\n");
        x += 40 + 7.0 * (double)strlen(c->interval_key);
    }
    if (c->mark_key) {
        hw_fmt(w,
               "<line class=\"mark\" x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"18\"/>"
               "<text class=\"legend\" x=\"%.1f\" y=\"15\">",
               x + 3, x + 3, x + 10);
        hw_text(w, c->mark_key);
        hw_raw(w, "</text>\n");
    }
}

static const char *value_text(char *buf, fig f, const hbar_chart *c)
{
    switch (c->format) {
    case AXIS_PCT:
        return fmt_pct(buf, f);
    case AXIS_MONEY:
        return fmt_money(buf, f, c->currency);
    case AXIS_NUMBER:
        break;
    }
    return fmt_num(buf, f, 2);
}

/* The axis covers every bar and mark, and every interval end within half
 * the bars' span beyond them: one site's very wide interval (a rate on a
 * handful of cases) would otherwise squeeze every other bar to a sliver.
 * An end past the axis is drawn as an arrow at the edge; the table beside
 * the chart has the figure. */
static void hbar_fit(const hbar_chart *c, axis *a)
{
    double lo = 0, hi = c->format == AXIS_PCT ? 0.1 : 0;
    for (size_t i = 0; i < c->n; i++) {
        const fig f[3] = {c->rows[i].from, c->rows[i].to, c->rows[i].mark};
        for (int k = 0; k < 3; k++)
            if (fig_ok(f[k]))
                lo = fmin(lo, f[k].v), hi = fmax(hi, f[k].v);
    }
    double reach = (hi - lo) / 2, bars_lo = lo, bars_hi = hi;
    for (size_t i = 0; i < c->n; i++) {
        const fig f[2] = {c->rows[i].lo, c->rows[i].hi};
        for (int k = 0; k < 2; k++)
            if (fig_ok(f[k]) &&
                (reach <= 0 || (f[k].v >= bars_lo - reach && f[k].v <= bars_hi + reach)))
                lo = fmin(lo, f[k].v), hi = fmax(hi, f[k].v);
    }
    axis_fit(a, lo, hi);
    if (c->pct_axis_full)
        a->lo = fmin(a->lo, 0), a->hi = fmax(a->hi, 1), a->step = fmax(a->step, 0.2);
    a->x0 = LABEL_W;
    a->x1 = W - VALUE_W - 12;
}

/* A whisker's end at X: a tick, or an arrow pointing DIR (-1 left, 1
 * right) when the interval runs past the axis. */
static void whisker_end(hw *w, double x, double mid, bool past, int dir)
{
    if (past)
        hw_fmt(w, " M%.1f %.1f L%.1f %.1f L%.1f %.1f", x - dir * 6, mid - 5, x, mid, x - dir * 6,
               mid + 5);
    else
        hw_fmt(w, " M%.1f %.1f V%.1f", x, mid - 6, mid + 6);
}

static void hbar_row(hw *w, const hbar_chart *c, const axis *a, const hbar *r, double y, double h)
{
    double mid = y + h / 2;
    char buf[FIG_BUF];
    text_lines(w, LABEL_W - 8, mid, r->label, "class=\"label\" text-anchor=\"end\"");
    if (fig_ok(r->to)) {
        double from = fig_ok(r->from) ? r->from.v : 0;
        double x0 = at(a, fmin(from, r->to.v)), x1 = at(a, fmax(from, r->to.v));
        hw_fmt(w, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\"/>\n", x0,
               mid - 7, fmax(x1 - x0, 1.5));
    }
    if (fig_ok(r->lo) || fig_ok(r->hi)) {
        /* An open end (null: a division by zero) runs to the axis's end. */
        double lo = fig_ok(r->lo) ? at(a, r->lo.v) : a->x0;
        double hi = fig_ok(r->hi) ? at(a, r->hi.v) : a->x1;
        hw_fmt(w, "<path class=\"whisker\" d=\"M%.1f %.1f H%.1f", lo, mid, hi);
        whisker_end(w, lo, mid, !fig_ok(r->lo) || r->lo.v < a->lo, -1);
        whisker_end(w, hi, mid, !fig_ok(r->hi) || r->hi.v > a->hi, 1);
        hw_raw(w, "\"/>\n");
    }
    if (fig_ok(r->mark))
        hw_fmt(w, "<line class=\"mark\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
               at(a, r->mark.v), mid - 11, at(a, r->mark.v), mid + 11);
    hw_fmt(w, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", W - 4, mid + 4);
    hw_text(w, value_text(buf, r->to, c));
    hw_raw(w, "</text>\n");
}

void chart_hbars(hw *w, const hbar_chart *c)
{
    axis a;
    hbar_fit(c, &a);
    double top = 28, height = top;
    for (size_t i = 0; i < c->n; i++)
        height += fmax(30, label_lines(c->rows[i].label) * LINE_H + 12);
    double y_axis = height + 4;
    svg_open(w, y_axis + 44, c->title, c->desc);
    hbar_legend(w, c);
    x_axis(w, &a, top - 4, y_axis, c->format, c->currency, c->x_label);
    double y = top;
    for (size_t i = 0; i < c->n; i++) {
        double h = fmax(30, label_lines(c->rows[i].label) * LINE_H + 12);
        hbar_row(w, c, &a, &c->rows[i], y, h);
        y += h;
    }
    hw_raw(w, "</svg>\n");
}

/* ---- columns ---- */

void chart_columns(hw *w, const column_chart *c)
{
    double top = 20, base = 200, left = 56, right = W - 10;
    double hi = 1;
    for (size_t i = 0; i < c->n; i++)
        if (fig_ok(c->values[i]))
            hi = fmax(hi, c->values[i].v);
    axis y;
    axis_fit(&y, 0, hi);
    svg_open(w, base + 58, c->title, c->desc);
    char buf[FIG_BUF];
    for (double v = 0; v <= y.hi + y.step / 2; v += y.step) {
        double py = base - v / y.hi * (base - top);
        hw_fmt(w,
               "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
               "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
               left, py, right, py, left - 6, py + 4);
        hw_text(w, fmt_count(buf, fig_value(v)));
        hw_raw(w, "</text>\n");
    }
    double slot = (right - left) / (double)(c->n ? c->n : 1);
    for (size_t i = 0; i < c->n; i++) {
        double x = left + slot * (double)i, mid = x + slot / 2;
        if (fig_ok(c->values[i])) {
            double h = c->values[i].v / y.hi * (base - top);
            hw_fmt(w,
                   "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>\n",
                   x + slot * 0.15, base - h, slot * 0.7, h);
        }
        /* Above the column: its count, or [c] / n/a where there is none. */
        double vy = base - (fig_ok(c->values[i]) ? c->values[i].v / y.hi * (base - top) : 0) - 4;
        hw_fmt(w, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", mid, vy);
        hw_text(w, fmt_count(buf, c->values[i]));
        hw_raw(w, "</text>\n");
        /* "2009-10 Q3" on two lines: the year, then the quarter. */
        const char *label = c->labels[i] ? c->labels[i] : "";
        const char *space = strchr(label, ' ');
        int first = space ? (int)(space - label) : (int)strlen(label);
        hw_fmt(w, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", mid,
               base + 15);
        hw_textf(w, "%.*s", first, label);
        hw_raw(w, "</text>\n");
        if (space) {
            hw_fmt(w, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", mid,
                   base + 29);
            hw_text(w, space + 1);
            hw_raw(w, "</text>\n");
        }
    }
    hw_fmt(w, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", left,
           base, right, base);
    hw_fmt(w,
           "<text class=\"axis-title\" x=\"14\" y=\"%.1f\" text-anchor=\"middle\" "
           "transform=\"rotate(-90 14 %.1f)\">",
           (top + base) / 2, (top + base) / 2);
    hw_text(w, c->y_label);
    hw_fmt(w, "</text>\n<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
           (left + right) / 2, base + 50);
    hw_text(w, c->x_label);
    hw_raw(w, "</text>\n</svg>\n");
}

/* ---- funnel ---- */

/* The two-sided normal quantiles of 95% and 99.8% (as the comparison
 * computes each site's position with). */
#define Z95  1.959963984540054
#define Z998 3.090232306167813

static void funnel_curve(hw *w, const axis *x, const axis *y, double p0, double z, double sign,
                         const char *cls)
{
    hw_fmt(w, "<polyline class=\"%s\" points=\"", cls);
    double e_max = x->hi;
    for (int i = 0; i <= 80; i++) {
        double e = 1 + (e_max - 1) * pow(i / 80.0, 2); /* denser where the curve bends */
        double lim = p0 + sign * z * sqrt(p0 * (1 - p0) / e);
        lim = fmin(1, fmax(0, lim));
        hw_fmt(w, "%s%.1f,%.1f", i ? " " : "", at(x, e), at(y, lim));
    }
    hw_raw(w, "\"/>\n");
}

static void funnel_legend(hw *w)
{
    hw_raw(w, "<line class=\"p0\" x1=\"70\" y1=\"11\" x2=\"94\" y2=\"11\"/>"
              "<text class=\"legend\" x=\"99\" y=\"15\">Programme rate</text>"
              "<line class=\"lim95\" x1=\"220\" y1=\"11\" x2=\"244\" y2=\"11\"/>"
              "<text class=\"legend\" x=\"249\" y=\"15\">95% limits</text>"
              "<line class=\"lim998\" x1=\"345\" y1=\"11\" x2=\"369\" y2=\"11\"/>"
              "<text class=\"legend\" x=\"374\" y=\"15\">99.8% limits</text>"
              "<circle class=\"site\" cx=\"480\" cy=\"11\" r=\"7\"/>"
              "<text class=\"legend\" x=\"492\" y=\"15\">Site (No. in the table)</text>\n");
}

void chart_funnel(hw *w, const funnel_chart *c)
{
    double e_max = 10;
    for (size_t i = 0; i < c->n; i++)
        if (fig_ok(c->points[i].eligible))
            e_max = fmax(e_max, c->points[i].eligible.v);
    axis x, y;
    axis_fit(&x, 0, e_max * 1.05);
    x.x0 = 70, x.x1 = W - 20;
    y.lo = 0, y.hi = 1, y.step = 0.2;
    y.x0 = 300, y.x1 = 30; /* upwards */
    svg_open(w, 360, c->title, c->desc);
    funnel_legend(w);
    char buf[FIG_BUF];
    for (double v = 0; v <= 1.0001; v += 0.2) {
        hw_fmt(w,
               "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
               "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
               x.x0, at(&y, v), x.x1, at(&y, v), x.x0 - 6, at(&y, v) + 4);
        hw_text(w, tick_text(buf, v, AXIS_PCT, NULL, 0.2));
        hw_raw(w, "</text>\n");
    }
    hw_fmt(w, "<text class=\"axis-title\" x=\"16\" y=\"165\" text-anchor=\"middle\" "
              "transform=\"rotate(-90 16 165)\">Rate achieved</text>\n");
    x_axis(w, &x, 30, 300, AXIS_NUMBER, NULL, "Eligible (the number the rate is out of)");
    if (fig_ok(c->p0)) {
        double p0 = c->p0.v;
        hw_fmt(w, "<line class=\"p0\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", x.x0,
               at(&y, p0), x.x1, at(&y, p0));
        funnel_curve(w, &x, &y, p0, Z95, 1, "lim95");
        funnel_curve(w, &x, &y, p0, Z95, -1, "lim95");
        funnel_curve(w, &x, &y, p0, Z998, 1, "lim998");
        funnel_curve(w, &x, &y, p0, Z998, -1, "lim998");
    }
    for (size_t i = 0; i < c->n; i++) {
        const funnel_point *p = &c->points[i];
        if (!fig_ok(p->eligible) || !fig_ok(p->rate))
            continue;
        double px = at(&x, p->eligible.v), py = at(&y, p->rate.v);
        hw_fmt(w,
               "<circle class=\"site\" cx=\"%.1f\" cy=\"%.1f\" r=\"9\"/>"
               "<text class=\"site-no\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu</text>\n",
               px, py, px, py + 4, i + 1);
    }
    hw_raw(w, "</svg>\n");
}

/* ---- the kinds of bar chart drawn more than once ---- */

bool hbar_rows_new(hw *w, hbar_rows *r, size_t n)
{
    r->rows = calloc(n ? n : 1, sizeof *r->rows);
    r->labels = calloc(n ? n : 1, sizeof *r->labels);
    if (r->rows && r->labels)
        return true;
    w->failed = true;
    hbar_rows_free(r);
    return false;
}

void hbar_rows_free(hbar_rows *r)
{
    free(r->rows);
    free(r->labels);
    r->rows = NULL;
    r->labels = NULL;
}

hbar hbar_of(const char *label, const json_t *item, const char *key, const char *ci, fig mark)
{
    fig none = {FIG_NA, 0};
    return (hbar){label,
                  fig_value(0),
                  fig_get(item, key),
                  ci ? fig_pair(item, ci, 0) : none,
                  ci ? fig_pair(item, ci, 1) : none,
                  mark};
}

void chart_rates(hw *w, const char *title, const char *desc, const hbar *rows, size_t n)
{
    chart_hbars(w, &(hbar_chart){.title = title,
                                 .desc = desc,
                                 .x_label = "Share of the eligible who achieved it",
                                 .mark_key = "Target",
                                 .interval_key = "95% interval",
                                 .format = AXIS_PCT,
                                 .rows = rows,
                                 .n = n,
                                 .pct_axis_full = true});
}

void chart_changes(hw *w, const char *title, const char *desc, const hbar *rows, size_t n)
{
    chart_hbars(w, &(hbar_chart){.title = title,
                                 .desc = desc,
                                 .x_label = "Mean change in score (positive: better)",
                                 .interval_key = "95% interval",
                                 .format = AXIS_NUMBER,
                                 .rows = rows,
                                 .n = n});
}

void changes_head(hw *w, const char *first)
{
    hw_raw(w, "<thead><tr>");
    th_col(w, first);
    hw_raw(w, "<th scope=\"col\" class=\"num\">Pairs</th><th scope=\"col\" class=\"num\">Mean "
              "change</th><th scope=\"col\" class=\"num\">95% interval</th></tr></thead>\n"
              "<tbody>\n");
}

void change_row(hw *w, const hbar *r, fig pairs, bool total)
{
    char a[FIG_BUF];
    hw_raw(w, total ? "<tr class=\"total\">" : "<tr>");
    th_row(w, r->label);
    td_num(w, fmt_count(a, pairs));
    td_num(w, fmt_num(a, r->to, 2));
    td_num(w, fmt_num_range(a, r->lo, r->hi, 2));
    hw_raw(w, "</tr>\n");
}
