/* report_outcomes.c - each outcome and distance area a compare summary
 * compares: cost per outcome by site with its interval and rank, the
 * funnel plot of the rates, and the mean change on each scale by site. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* One site's entry for a compared outcome or area. */
typedef struct entry {
    const json_t *site, *item;
    char name[64];
    fig rank;
    size_t order;
} entry;

/* Ranked sites first, by rank, then the rest in site order. */
static int by_rank(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    bool rx = fig_ok(x->rank), ry = fig_ok(y->rank);
    if (rx != ry)
        return rx ? -1 : 1;
    if (rx && x->rank.v != y->rank.v)
        return x->rank.v < y->rank.v ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The sites that have ID in LIST; N set; NULL when out of memory. */
static entry *entries(const json_t *s, const char *list, const char *id, size_t *n)
{
    const json_t *sites = jarr(s, "sites");
    entry *e = calloc(json_array_size(sites) + 1, sizeof *e);
    *n = 0;
    if (!e)
        return NULL;
    size_t i;
    json_t *site;
    json_array_foreach(sites, i, site)
    {
        const json_t *item = jfind(jarr(site, list), id);
        if (!item)
            continue;
        entry *x = &e[(*n)++];
        x->site = site;
        x->item = item;
        x->order = i;
        x->rank = fig_get(item, "rank");
        char buf[sizeof x->name];
        snprintf(x->name, sizeof x->name, "%s", site_name(site, i, buf, sizeof buf));
    }
    return e;
}

static const char *rank_range(char *buf, const json_t *item)
{
    fig lo = fig_pair(item, "rank_range", 0), hi = fig_pair(item, "rank_range", 1);
    char a[FIG_BUF], b[FIG_BUF];
    if (!fig_ok(lo) || !fig_ok(hi))
        return lo.kind == FIG_HIDDEN || hi.kind == FIG_HIDDEN ? "[c]" : "n/a";
    if (lo.v == hi.v)
        return fmt_count(buf, lo);
    snprintf(buf, FIG_BUF, "%s to %s", fmt_count(a, lo), fmt_count(b, hi));
    return buf;
}

static void cost_table(hw *w, const json_t *s, const entry *e, size_t n, const char *caption,
                       const json_t *pooled)
{
    const char *cur = summary_currency(s);
    char a[FIG_BUF];
    fig_table_open(w, caption);
    hw_raw(w, "<thead><tr><th scope=\"col\">Site</th><th scope=\"col\" class=\"num\">Cost per "
              "outcome</th><th scope=\"col\" class=\"num\">95% interval</th><th scope=\"col\" "
              "class=\"num\">Rank</th><th scope=\"col\" class=\"num\">Could rank</th></tr>"
              "</thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        tr_open(w, e[i].name);
        td_num(w, fmt_money(a, fig_get(e[i].item, "cost_per_outcome"), cur));
        td_num(w, fmt_money_range(a, fig_pair(e[i].item, "cost_per_outcome_ci95", 0),
                                  fig_pair(e[i].item, "cost_per_outcome_ci95", 1), cur));
        td_num(w, fmt_count(a, e[i].rank));
        td_num(w, rank_range(a, e[i].item));
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "<tr class=\"total\"><th scope=\"row\">Programme</th>");
    td_num(w, fmt_money(a, fig_get(pooled, "cost_per_outcome"), cur));
    hw_raw(w, "<td></td><td></td><td></td></tr>\n</tbody>\n");
    fig_close(w);
}

static void cost_per_outcome(hw *w, const json_t *s, entry *e, size_t n, const char *label,
                             const json_t *pooled)
{
    hbar *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows) {
        w->failed = true;
        return;
    }
    qsort(e, n, sizeof *e, by_rank);
    for (size_t i = 0; i < n; i++)
        rows[i] = hbar_of(e[i].name, e[i].item, "cost_per_outcome", "cost_per_outcome_ci95",
                          fig_get(pooled, "cost_per_outcome"));
    char title[LABEL_BUF + 64];
    snprintf(title, sizeof title, "%s: cost per outcome by site, best value first", label);
    fig_open(w);
    chart_hbars(w, &(hbar_chart){.title = title,
                                 .desc = "Horizontal bars: each site's cost per outcome achieved, "
                                         "lowest (best value) first, with its 95% interval as "
                                         "whiskers (an end past the axis, or an open one, is an "
                                         "arrow at its edge) and the "
                                         "programme's cost per outcome as an upright mark. The "
                                         "figures are in the table beside the chart.",
                                 .x_label = "Cost per outcome achieved",
                                 .mark_key = "Programme",
                                 .interval_key = "95% interval",
                                 .format = AXIS_MONEY,
                                 .currency = summary_currency(s),
                                 .rows = rows,
                                 .n = n});
    cost_table(w, s, e, n, title, pooled);
    free(rows);
}

/* "above 99.8%" and the like, with a symbol: higher is better.  No
 * position: [c] when the site's rate is hidden, else n/a. */
static void position(hw *w, const json_t *item)
{
    const char *pos = jstr(item, "funnel");
    static const char *const words[][2] = {{"above 99.8%", "\xE2\x96\xB2\xE2\x96\xB2 Above 99.8%"},
                                           {"above 95%", "\xE2\x96\xB2 Above 95%"},
                                           {"within", "\xE2\x97\x8F Within"},
                                           {"below 95%", "\xE2\x96\xBC Below 95%"},
                                           {"below 99.8%", "\xE2\x96\xBC\xE2\x96\xBC Below 99.8%"}};
    for (size_t i = 0; pos && i < sizeof words / sizeof *words; i++)
        if (strcmp(pos, words[i][0]) == 0) {
            hw_elem(w, "td", words[i][1]);
            return;
        }
    hw_elem(w, "td", pos ? pos : fig_suppressed(item) ? "[c]" : "n/a");
}

static void funnel(hw *w, const entry *e_ranked, size_t n, const char *label, const json_t *pooled)
{
    entry *e = malloc((n ? n : 1) * sizeof *e);
    funnel_point *pts = calloc(n ? n : 1, sizeof *pts);
    if (!e || !pts) {
        w->failed = true;
        free(e), free(pts);
        return;
    }
    memcpy(e, e_ranked, n * sizeof *e);
    for (size_t i = 0; i < n; i++) /* back to site order: numbers as in the sites table */
        for (size_t j = i + 1; j < n; j++)
            if (e[j].order < e[i].order) {
                entry t = e[i];
                e[i] = e[j], e[j] = t;
            }
    for (size_t i = 0; i < n; i++)
        pts[i] =
            (funnel_point){e[i].name, fig_get(e[i].item, "eligible"), fig_get(e[i].item, "rate")};
    char title[LABEL_BUF + 64], a[FIG_BUF];
    snprintf(title, sizeof title, "%s: funnel plot of the sites' rates", label);
    fig_open(w);
    chart_funnel(w, &(funnel_chart){.title = title,
                                    .desc = "Funnel plot: each site's rate against the number "
                                            "eligible, numbered as in the table beside, with "
                                            "the programme rate and the 95% and 99.8% limits "
                                            "around it, which narrow as sites grow. A site "
                                            "outside the limits differs by more than chance.",
                                    .p0 = fig_get(pooled, "rate"),
                                    .points = pts,
                                    .n = n});
    fig_table_open(w, title);
    hw_raw(w, "<thead><tr><th scope=\"col\" class=\"num\">No.</th><th scope=\"col\">Site</th><th "
              "scope=\"col\" class=\"num\">Rate (achieved of eligible)</th><th "
              "scope=\"col\">Position against the limits</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        hw_fmt(w, "<tr><td class=\"num\">%zu</td>", i + 1);
        th_row(w, e[i].name);
        td_rate(w, pts[i].rate, fig_get(e[i].item, "achieved"), pts[i].eligible, false);
        position(w, e[i].item);
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "<tr class=\"total\"><td></td><th scope=\"row\">Programme</th>");
    td_num(w, fmt_pct(a, fig_get(pooled, "rate")));
    hw_raw(w, "<td></td></tr>\n</tbody>\n");
    fig_close(w);
    free(e);
    free(pts);
}

/* One compared outcome or distance area: its label, the sites that have
 * it, and the programme's pooled figures. */
typedef struct compared_item {
    char buf[LABEL_BUF];
    const char *label;
    entry *e;
    size_t n;
    const json_t *pooled;
} compared_item;

/* Read ID of LIST and open its section (id PREFIX KIND-N); false (and W
 * failed) when out of memory. */
static bool compared_open(hw *w, const json_t *s, const char *list, const char *id,
                          compared_item *c, int level, const char *prefix, const char *kind)
{
    c->label = compared_label(s, list, id, c->buf, sizeof c->buf);
    c->e = entries(s, list, id, &c->n);
    if (!c->e) {
        w->failed = true;
        return false;
    }
    c->pooled = jfind(jarr(jobj(s, "programme_total"), list), id);
    char name[64];
    snprintf(name, sizeof name, "%s-%zu", kind, (size_t)hw_id(w));
    sec_open(w, level, prefix, name, c->label);
    return true;
}

static void compared_close(hw *w, compared_item *c)
{
    sec_close(w);
    free(c->e);
}

static void one_outcome(hw *w, const json_t *s, const char *oid, int level, const char *prefix)
{
    compared_item c;
    if (!compared_open(w, s, "outcomes", oid, &c, level, prefix, "outcome"))
        return;
    cost_per_outcome(w, s, c.e, c.n, c.label, c.pooled);
    funnel(w, c.e, c.n, c.label, c.pooled);
    compared_close(w, &c);
}

static void one_area(hw *w, const json_t *s, const char *aid, int level, const char *prefix)
{
    compared_item c;
    if (!compared_open(w, s, "distance_travelled", aid, &c, level, prefix, "area"))
        return;
    size_t n = c.n;
    hbar *rows = calloc(n + 1, sizeof *rows);
    if (!rows) {
        w->failed = true;
        compared_close(w, &c);
        return;
    }
    for (size_t i = 0; i <= n; i++)
        rows[i] = hbar_of(i < n ? c.e[i].name : "Programme (pooled)",
                          i < n ? c.e[i].item : c.pooled, "mean_change", "ci95", (fig){FIG_NA, 0});
    char title[LABEL_BUF + 64];
    snprintf(title, sizeof title, "%s: mean change by site", c.label);
    fig_open(w);
    chart_changes(w, title,
                  "Horizontal bars: each site's mean change on this scale, and the "
                  "programme's, with the 95% interval as whiskers (an end past the axis is an "
                  "arrow at its edge). The figures are in the table beside.",
                  rows, n + 1);
    fig_table_open(w, title);
    changes_head(w, "Site");
    for (size_t i = 0; i <= n; i++)
        change_row(w, &rows[i], fig_get(i < n ? c.e[i].item : c.pooled, "n"), i == n);
    hw_raw(w, "</tbody>\n");
    fig_close(w);
    compared_close(w, &c);
    free(rows);
}

void report_comparison_outcomes(hw *w, const json_t *s, int level, const char *prefix)
{
    const json_t *compared = jobj(s, "compared");
    size_t i;
    json_t *v;
    if (json_array_size(jarr(compared, "outcomes")) > 0) {
        sec_open(w, level, prefix, "outcomes", "Outcomes compared");
        hw_raw(w, "<p>For each outcome that two or more sites have: what one outcome cost at "
                  "each site, with its 95% interval (from the interval of the rate) and its "
                  "rank (1 = best value; \xE2\x80\x9C"
                  "could rank\xE2\x80\x9D is the range "
                  "of ranks the intervals allow), then a funnel plot of the rates.</p>\n");
        json_array_foreach(jarr(compared, "outcomes"), i, v)
        {
            if (json_is_string(v))
                one_outcome(w, s, json_string_value(v), level + 1, prefix);
        }
        sec_close(w);
    }
    if (json_array_size(jarr(compared, "areas")) > 0) {
        sec_open(w, level, prefix, "distance", "Distance travelled by site");
        json_array_foreach(jarr(compared, "areas"), i, v)
        {
            if (json_is_string(v))
                one_area(w, s, json_string_value(v), level + 1, prefix);
        }
        sec_close(w);
    }
}
