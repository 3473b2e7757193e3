/* report_eval.c - the sections of the report on one evaluation: the
 * headline, costs, outputs, outcomes, value for money, distance
 * travelled, breakdowns, quarters, the plugin's measures, data quality.
 * Everything shown is read from the evaluate summary. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "report_int.h"

/* A rate out of fewer eligible cases than this is marked: its interval is
 * wide, and one case more or less moves it several points. */
#define SMALL_BASE 30

static fig participants(const json_t *s)
{
    /* Hidden with the rows they count (the data object says so). */
    return fig_of(json_object_get(s, "participants"), fig_suppressed(jobj(s, "data")));
}

/* The % of target of an output (given) or an outcome (its rate / target). */
static fig pct_of_target(const json_t *item, bool is_outcome)
{
    if (!is_outcome)
        return fig_get(item, "pct_of_target");
    fig rate = fig_get(item, "rate"), target = fig_get(item, "target");
    if (!fig_ok(target) || target.v <= 0)
        return (fig){FIG_NA, 0};
    if (!fig_ok(rate))
        return rate;
    return fig_value(rate.v / target.v);
}

/* ---- the headline ---- */

/* How many of the items with a target are in each status (C[RAG_ON],
 * ...); RAG_NONE counts a target of 0 or less. */
static void count_rag(const json_t *list, bool is_outcome, int c[RAG_HIDDEN + 1])
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        if (fig_ok(fig_get(item, "target")))
            c[rag_of(pct_of_target(item, is_outcome))]++;
    }
}

static void headline_tiles(hw *w, const json_t *s)
{
    const char *cur = summary_currency(s);
    const json_t *costs = jobj(s, "costs"), *vfm = jobj(s, "value_for_money");
    char a[FIG_BUF], b[FIG_BUF], key[128];
    hw_raw(w, "<ul class=\"tiles\">\n");
    tile(w, fmt_count(a, participants(s)), "participants");
    snprintf(key, sizeof key, "total cost (%s with optimism bias)",
             fmt_money(b, fig_get(costs, "adjusted"), cur));
    tile(w, fmt_money(a, fig_get(costs, "total"), cur), key);
    tile(w, fmt_money(a, fig_get(costs, "per_participant"), cur), "cost per participant");
    tile(w, fmt_money(a, fig_get(vfm, "present_value"), cur), "present value of the outcomes");
    tile(w, fmt_money(a, fig_get(vfm, "npv"), cur), "net present value");
    fig sroi = fig_get(vfm, "sroi_ratio");
    snprintf(key, sizeof key, "social return on investment: %s of value per %s1 spent",
             fmt_money(b, sroi, cur), currency_prefix(cur));
    tile(w, fmt_num(a, sroi, 2), fig_ok(sroi) ? key : "social return on investment ratio");
    hw_raw(w, "</ul>\n");
}

/* One row of the targets table. */
static void target_row(hw *w, const json_t *item, bool is_outcome)
{
    char a[FIG_BUF], b[FIG_BUF], label[LABEL_BUF];
    tr_open(w, label_of(label, sizeof label, item));
    if (is_outcome) {
        td_num(w, fmt_pct(a, fig_get(item, "rate")));
        td_num(w, fmt_pct(b, fig_get(item, "target")));
    } else {
        td_num(w, fmt_count(a, fig_get(item, "count")));
        td_num(w, fmt_count(b, fig_get(item, "target")));
    }
    fig pct = pct_of_target(item, is_outcome);
    td_num(w, fmt_pct(a, pct));
    hw_raw(w, "<td>");
    hw_rag(w, rag_of(pct));
    hw_raw(w, "</td></tr>\n");
}

static void targets_table(hw *w, const json_t *s, const char *caption)
{
    table_open(w, caption);
    hw_raw(w, "<thead><tr>");
    th_col(w, "Measure");
    hw_raw(w, "<th scope=\"col\" class=\"num\">Result</th><th scope=\"col\" class=\"num\">Target"
              "</th><th scope=\"col\" class=\"num\">% of target</th>");
    th_col(w, "Status");
    hw_raw(w, "</tr></thead>\n<tbody>\n");
    const char *lists[][2] = {{"outputs", "Outputs (counts)"}, {"outcomes", "Outcomes (rates)"}};
    for (int l = 0; l < 2; l++) {
        size_t i;
        json_t *item;
        bool first = true;
        json_array_foreach(jarr(s, lists[l][0]), i, item)
        {
            if (!fig_ok(fig_get(item, "target")))
                continue;
            if (first)
                hw_fmt(w, "<tr class=\"group\"><th scope=\"colgroup\" colspan=\"5\">%s</th></tr>\n",
                       lists[l][1]);
            first = false;
            target_row(w, item, l == 1);
        }
    }
    hw_raw(w, "</tbody>\n");
    table_close(w);
}

static void warnings_banner(hw *w, const json_t *s, const char *prefix)
{
    size_t n = json_array_size(jarr(jobj(s, "data"), "warnings"));
    if (n == 0)
        return;
    hw_raw(w, "<div class=\"warn\" role=\"note\"><strong><span aria-hidden=\"true\">"
              "\xE2\x9A\xA0</span> Read with care:</strong> ");
    hw_textf(w, "%zu warning%s about the case data affect%s these figures. See ", n,
             n == 1 ? "" : "s", n == 1 ? "s" : "");
    hw_fmt(w, "<a href=\"#%squality\">Data quality</a>.</div>\n", prefix);
}

static void section_glance(hw *w, const json_t *s, int level, const char *prefix)
{
    sec_open(w, level, prefix, "glance", "At a glance");
    warnings_banner(w, s, prefix);
    headline_tiles(w, s);
    int c[RAG_HIDDEN + 1] = {0};
    count_rag(jarr(s, "outputs"), false, c);
    count_rag(jarr(s, "outcomes"), true, c);
    int total = c[RAG_ON] + c[RAG_NEAR] + c[RAG_BELOW] + c[RAG_HIDDEN];
    if (total > 0) {
        hw_raw(w, "<p class=\"lead\">");
        hw_textf(w,
                 "Of %d %s, %d %s on target, %d near target (80%% to 99%% of it) and %d "
                 "below target.",
                 total, diag_plural(total, "target", "targets"), c[RAG_ON],
                 c[RAG_ON] == 1 ? "is" : "are", c[RAG_NEAR], c[RAG_BELOW]);
        if (c[RAG_HIDDEN])
            hw_textf(w, " %d cannot be shown ([c]: too few cases).", c[RAG_HIDDEN]);
        hw_raw(w, "</p>\n");
        targets_table(w, s, "Outputs and outcomes against their targets");
    }
    sec_close(w);
}

/* ---- costs ---- */

static void section_costs(hw *w, const json_t *s, int level, const char *prefix)
{
    const char *cur = summary_currency(s);
    const json_t *costs = jobj(s, "costs"), *by_kind = jobj(costs, "by_kind");
    char a[FIG_BUF], b[FIG_BUF];
    sec_open(w, level, prefix, "costs", "Costs");
    size_t n = json_object_size(by_kind), k = 0;
    hbar *rows = calloc(n ? n : 1, sizeof *rows);
    char(*labels)[48] = calloc(n ? n : 1, sizeof *labels);
    if (!rows || !labels) {
        w->failed = true;
        free(rows), free(labels);
        return;
    }
    fig total = fig_get(costs, "total");
    const char *kind;
    json_t *v;
    json_object_foreach((json_t *)by_kind, kind, v)
    {
        humanize(labels[k], sizeof labels[k], kind);
        if (strcmp(kind, "in_kind") == 0)
            snprintf(labels[k], sizeof labels[k], "In kind");
        rows[k] = (hbar){labels[k],   fig_value(0), fig_of(v, false),
                         {FIG_NA, 0}, {FIG_NA, 0},  {FIG_NA, 0}};
        k++;
    }
    fig_open(w);
    chart_hbars(w, &(hbar_chart){.title = "Costs by kind of input",
                                 .desc = "Horizontal bars: the cost of each kind of input. The "
                                         "figures are in the table beside the chart.",
                                 .x_label = "Cost",
                                 .format = AXIS_MONEY,
                                 .currency = cur,
                                 .rows = rows,
                                 .n = n});
    fig_table_open(w, "Costs by kind of input");
    hw_raw(w, "<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\" class=\"num\">Cost</th>"
              "<th scope=\"col\" class=\"num\">Share</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        tr_open(w, rows[i].label);
        td_num(w, fmt_money(a, rows[i].to, cur));
        fig share = fig_ok(total) && total.v > 0 && fig_ok(rows[i].to)
                        ? fig_value(rows[i].to.v / total.v)
                        : (fig){FIG_NA, 0};
        td_num(w, fmt_pct(b, share));
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n<tbody>\n<tr class=\"total\"><th scope=\"row\">Total</th>");
    td_num(w, fmt_money(a, total, cur));
    hw_raw(w, "<td></td></tr>\n<tr><th scope=\"row\">With optimism bias</th>");
    td_num(w, fmt_money(a, fig_get(costs, "adjusted"), cur));
    hw_raw(w, "<td></td></tr>\n<tr><th scope=\"row\">Per participant</th>");
    td_num(w, fmt_money(a, fig_get(costs, "per_participant"), cur));
    hw_raw(w, "<td></td></tr>\n</tbody>\n");
    fig_close(w);
    free(rows);
    free(labels);
    sec_close(w);
}

/* ---- outputs ---- */

static void section_outputs(hw *w, const json_t *s, int level, const char *prefix)
{
    const char *cur = summary_currency(s);
    char a[FIG_BUF], label[LABEL_BUF];
    sec_open(w, level, prefix, "outputs", "Outputs");
    table_open(w, "Outputs: what was delivered");
    hw_raw(w, "<thead><tr><th scope=\"col\">Output</th><th scope=\"col\" class=\"num\">Count</th>"
              "<th scope=\"col\" class=\"num\">Target</th><th scope=\"col\" class=\"num\">% of "
              "target</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Cost per "
              "output</th></tr></thead>\n<tbody>\n");
    size_t i;
    json_t *o;
    json_array_foreach(jarr(s, "outputs"), i, o)
    {
        tr_open(w, label_of(label, sizeof label, o));
        td_num(w, fmt_count(a, fig_get(o, "count")));
        fig target = fig_get(o, "target");
        td_num(w, fig_ok(target) ? fmt_count(a, target) : "none");
        td_num(w, fig_ok(target) ? fmt_pct(a, fig_get(o, "pct_of_target")) : "");
        hw_raw(w, "<td>");
        if (fig_ok(target))
            hw_rag(w, rag_of(fig_get(o, "pct_of_target")));
        hw_raw(w, "</td>");
        td_num(w, fmt_money(a, fig_get(o, "cost_per_output"), cur));
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    table_close(w);
    sec_close(w);
}

/* ---- outcomes ---- */

static void outcome_chart(hw *w, const json_t *list, const char *caption)
{
    size_t n = json_array_size(list);
    hbar_rows b;
    if (!hbar_rows_new(w, &b, n))
        return;
    const hbar *rows = b.rows;
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        const char *label = label_of(b.labels[i], sizeof b.labels[i], o);
        b.rows[i] = hbar_of(label, o, "rate", "rate_ci95", fig_get(o, "target"));
    }
    fig_open(w);
    chart_rates(w, caption,
                "Horizontal bars: the share of eligible cases who achieved each outcome, with "
                "its 95% interval as whiskers and its target as an upright mark. The figures "
                "are in the table beside the chart.",
                rows, n);
    fig_table_open(w, caption);
    hw_raw(w, "<thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\" class=\"num\">Rate</th>"
              "<th scope=\"col\" class=\"num\">95% interval</th><th scope=\"col\" "
              "class=\"num\">Target</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
    char a[FIG_BUF];
    json_array_foreach(list, i, o)
    {
        tr_open(w, rows[i].label);
        td_num(w, fmt_pct(a, rows[i].to));
        td_num(w, fmt_pct_range(a, rows[i].lo, rows[i].hi));
        td_num(w, fig_ok(rows[i].mark) ? fmt_pct(a, rows[i].mark) : "none");
        hw_raw(w, "<td>");
        if (fig_ok(rows[i].mark))
            hw_rag(w, rag_of(pct_of_target(o, true)));
        hw_raw(w, "</td></tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    fig_close(w);
    hbar_rows_free(&b);
}

static void outcome_table(hw *w, const json_t *s)
{
    const char *cur = summary_currency(s);
    char a[FIG_BUF], label[LABEL_BUF];
    bool blocks = summary_has_strategy(s);
    table_open(w, "Outcomes: cases, net outcomes, costs and values");
    hw_raw(w, "<thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\" "
              "class=\"num\">Eligible</th><th scope=\"col\" class=\"num\">Achieved</th><th "
              "scope=\"col\" class=\"num\">Net outcomes</th><th "
              "scope=\"col\" class=\"num\">Cost per outcome</th><th scope=\"col\" class=\"num\">"
              "Cost per net outcome</th><th scope=\"col\" class=\"num\">Present value</th>");
    if (blocks)
        th_col(w, "Building block");
    hw_raw(w, "</tr></thead>\n<tbody>\n");
    size_t i;
    json_t *o;
    json_array_foreach(jarr(s, "outcomes"), i, o)
    {
        tr_open(w, label_of(label, sizeof label, o));
        td_num(w, fmt_count(a, fig_get(o, "eligible")));
        td_num(w, fmt_count(a, fig_get(o, "achieved")));
        td_num(w, fmt_num(a, fig_get(o, "net"), 1));
        td_num(w, fmt_money(a, fig_get(o, "cost_per_outcome"), cur));
        td_num(w, fmt_money(a, fig_get(o, "cost_per_net_outcome"), cur));
        td_num(w, fmt_money(a, fig_get(o, "present_value"), cur));
        const char *block = jstr(o, "strategy");
        if (blocks)
            hw_elem(w, "td", block ? strategy_label(block) : "");
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    table_close(w);
}

static void section_outcomes(hw *w, const json_t *s, int level, const char *prefix)
{
    sec_open(w, level, prefix, "outcomes", "Outcomes");
    hw_raw(w, "<p>The rate is the share of the eligible cases who achieved the outcome. The 95% "
              "interval is the range the true rate very likely lies in, given how many cases "
              "there were: the fewer the cases, the wider it is. Net outcomes are those "
              "achieved less the share that would have happened anyway (deadweight), that "
              "moved the problem elsewhere (displacement) or that is due to others "
              "(attribution).</p>\n");
    outcome_chart(w, jarr(s, "outcomes"), "Outcome rates against their targets");
    outcome_table(w, s);
    sec_close(w);
}

/* ---- value for money ---- */

static void vfm_table(hw *w, const json_t *s)
{
    const char *cur = summary_currency(s);
    const json_t *vfm = jobj(s, "value_for_money"), *costs = jobj(s, "costs");
    char a[FIG_BUF];
    table_open_class(w, "Value for money", "scroll kv");
    hw_raw(w, "<tbody>\n<tr><th scope=\"row\">Present value of the outcomes</th>");
    td_num(w, fmt_money(a, fig_get(vfm, "present_value"), cur));
    hw_raw(w, "</tr>\n<tr><th scope=\"row\">Cost with optimism bias</th>");
    td_num(w, fmt_money(a, fig_get(costs, "adjusted"), cur));
    hw_raw(w, "</tr>\n<tr class=\"total\"><th scope=\"row\">Net present value</th>");
    td_num(w, fmt_money(a, fig_get(vfm, "npv"), cur));
    hw_raw(w, "</tr>\n<tr><th scope=\"row\">Social return on investment (SROI) ratio</th>");
    td_num(w, fmt_num(a, fig_get(vfm, "sroi_ratio"), 2));
    hw_raw(w, "</tr>\n");
    /* The value for money in depth, when the summary has it. */
    if (json_object_get(vfm, "sroi_bounds")) {
        hw_raw(w, "<tr><th scope=\"row\">SROI ratio over the 95% intervals of the rates</th>");
        td_num(w, fmt_num_range(a, fig_pair(vfm, "sroi_bounds", 0), fig_pair(vfm, "sroi_bounds", 1),
                                2));
        hw_raw(w, "</tr>\n");
    }
    if (json_object_get(vfm, "fiscal_roi")) {
        hw_raw(w, "<tr><th scope=\"row\">Fiscal return on investment</th>");
        td_num(w, fmt_num(a, fig_get(vfm, "fiscal_roi"), 2));
        hw_raw(w, "</tr>\n");
    }
    if (json_object_get(vfm, "payback_year")) {
        fig p = fig_get(vfm, "payback_year");
        hw_raw(w, "<tr><th scope=\"row\">Pays back</th>");
        char year[FIG_BUF + 8];
        snprintf(year, sizeof year, "in year %s", fmt_count(a, p));
        td_num(w, fig_ok(p)              ? year
                  : p.kind == FIG_HIDDEN ? "[c]"
                                         : "not within the outcomes' duration");
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    table_close(w);
}

/* The present value by who benefits, when the summary has it. */
static void vfm_by_type(hw *w, const json_t *s)
{
    const json_t *vfm = jobj(s, "value_for_money");
    const json_t *by_type = jobj(vfm, "by_type"), *by_agency = jobj(vfm, "by_agency");
    if (!by_type)
        return;
    const char *cur = summary_currency(s);
    char a[FIG_BUF], label[LABEL_BUF];
    table_open(w, "Present value by who benefits");
    hw_raw(w, "<thead><tr><th scope=\"col\">Benefit</th><th scope=\"col\" class=\"num\">Present "
              "value</th></tr></thead>\n<tbody>\n");
    static const char *const types[][2] = {{"fiscal", "Fiscal (savings to public bodies)"},
                                           {"economic", "Economic"},
                                           {"social", "Social"}};
    for (int t = 0; t < 3; t++) {
        tr_open(w, types[t][1]);
        td_num(w, fmt_money(a, fig_of(json_object_get(by_type, types[t][0]), fig_suppressed(vfm)),
                            cur));
        hw_raw(w, "</tr>\n");
    }
    const char *agency;
    json_t *v;
    json_object_foreach((json_t *)by_agency, agency, v)
    {
        hw_raw(w, "<tr>");
        char text[LABEL_BUF + 32];
        snprintf(text, sizeof text, "Fiscal: %s", model_agency_label(label, sizeof label, agency));
        th_row(w, text);
        td_num(w, fmt_money(a, fig_of(v, fig_suppressed(vfm)), cur));
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    table_close(w);
}

static void adjustments_text(hw *w, const json_t *s)
{
    const json_t *adj = jobj(s, "adjustments");
    if (!adj)
        return;
    char a[FIG_BUF], b[FIG_BUF], c[FIG_BUF], d[FIG_BUF], e[FIG_BUF];
    hw_raw(w, "<p>");
    hw_textf(w,
             "Net outcomes take away %s deadweight (what would have happened anyway), %s "
             "displacement and %s attribution to others; costs carry %s optimism bias; future "
             "values are discounted at %s a year.",
             fmt_pct(a, fig_get(adj, "deadweight")), fmt_pct(b, fig_get(adj, "displacement")),
             fmt_pct(c, fig_get(adj, "attribution")), fmt_pct(d, fig_get(adj, "optimism_bias")),
             fmt_pct(e, fig_get(adj, "discount_rate")));
    hw_raw(w, "</p>\n");
}

static void section_value(hw *w, const json_t *s, int level, const char *prefix)
{
    sec_open(w, level, prefix, "value", "Value for money");
    hw_raw(w, "<p>The present value sums, over the outcomes that have a financial proxy, the net "
              "outcomes times their yearly value over the years it lasts, discounted. The "
              "SROI ratio is that present value per unit of cost (with optimism bias): above 1, "
              "the outcomes are worth more than they cost.</p>\n");
    adjustments_text(w, s);
    vfm_table(w, s);
    vfm_by_type(w, s);
    report_sensitivity(w, s, level + 1, prefix);
    report_strategy(w, s, level + 1, prefix);
    sec_close(w);
}

/* ---- distance travelled ---- */

static void distance_chart(hw *w, const json_t *list)
{
    hbar_rows b;
    if (!hbar_rows_new(w, &b, json_array_size(list)))
        return;
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        const char *label = label_of(b.labels[i], sizeof b.labels[i], a);
        b.rows[i] = hbar_of(label, a, "mean_change", "ci95", (fig){FIG_NA, 0});
    }
    const char *caption = "Mean change on each scale, start to review";
    fig_open(w);
    chart_changes(w, caption,
                  "Horizontal bars: the mean change in score between the first reading and "
                  "the review, on each scale, with its 95% interval as whiskers (an end past "
                  "the axis is an arrow at its edge); right of zero is better. The figures are in "
                  "the table beside the chart.",
                  b.rows, json_array_size(list));
    fig_table_open(w, caption);
    changes_head(w, "Scale");
    json_array_foreach(list, i, a)
    {
        change_row(w, &b.rows[i], fig_get(a, "n"), false);
    }
    hw_raw(w, "</tbody>\n");
    fig_close(w);
    hbar_rows_free(&b);
}

static void distance_table(hw *w, const json_t *list)
{
    char a[FIG_BUF], label[LABEL_BUF];
    table_open(w, "Distance travelled: every figure");
    hw_raw(w, "<thead><tr><th scope=\"col\">Scale</th><th scope=\"col\" class=\"num\">Pairs</th>"
              "<th scope=\"col\" class=\"num\">No review yet</th><th scope=\"col\" "
              "class=\"num\">Mean at start</th><th scope=\"col\" class=\"num\">Mean at "
              "review</th><th scope=\"col\" class=\"num\">Effect size (dz)</th><th scope=\"col\" "
              "class=\"num\">Better</th><th scope=\"col\" class=\"num\">Same</th><th "
              "scope=\"col\" class=\"num\">Worse</th><th scope=\"col\" class=\"num\">Wilcoxon "
              "p</th></tr></thead>\n<tbody>\n");
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d)
    {
        tr_open(w, label_of(label, sizeof label, d));
        td_num(w, fmt_count(a, fig_get(d, "n")));
        td_num(w, fmt_count(a, fig_get(d, "n_missing_review")));
        td_num(w, fmt_num(a, fig_get(d, "mean_baseline"), 2));
        td_num(w, fmt_num(a, fig_get(d, "mean_review"), 2));
        td_num(w, fmt_num(a, fig_get(d, "effect_size_dz"), 2));
        td_num(w, fmt_pct(a, fig_get(d, "pct_improved")));
        td_num(w, fmt_pct(a, fig_get(d, "pct_same")));
        td_num(w, fmt_pct(a, fig_get(d, "pct_worse")));
        td_num(w, fmt_pvalue(a, fig_get(d, "wilcoxon_p")));
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    table_close(w);
}

static void section_distance(hw *w, const json_t *s, int level, const char *prefix)
{
    const json_t *list = jarr(s, "distance_travelled");
    if (json_array_size(list) == 0)
        return;
    sec_open(w, level, prefix, "distance", "Distance travelled");
    hw_raw(w, "<p>Soft outcomes scored at the start and at a review, for the cases with both "
              "readings. The effect size is the mean change in standard deviations of the "
              "change (0.2 small, 0.5 medium, 0.8 large); the Wilcoxon p-value is the chance of "
              "a shift this large if nothing had changed.</p>\n");
    distance_chart(w, list);
    distance_table(w, list);
    sec_close(w);
}

/* ---- breakdowns and quarters ---- */

/* "45.0% (9 of 20)"; a small base marked with an asterisk and a word. */
static void group_rate(hw *w, const json_t *counts, bool hidden)
{
    fig e = fig_of(json_object_get(counts, "eligible"), hidden);
    fig a = fig_of(json_object_get(counts, "achieved"), hidden);
    if (!fig_ok(e) || !fig_ok(a) || e.v <= 0) {
        bool c = e.kind == FIG_HIDDEN || a.kind == FIG_HIDDEN;
        td_num(w, c ? "[c]" : fig_ok(e) ? "n/a (none eligible)" : "n/a");
        return;
    }
    td_rate(w, fig_value(a.v / e.v), a, e, e.v < SMALL_BASE);
}

/* At most this many outcomes in one table of group rates: wider tables
 * do not fit a page of A4. */
#define GROUP_COLS 5

static void group_header(hw *w, const json_t *s, const char *first, size_t from, size_t to)
{
    char label[LABEL_BUF];
    hw_raw(w, "<thead><tr>");
    th_col(w, first);
    hw_raw(w, "<th scope=\"col\" class=\"num\">Participants</th>");
    for (size_t i = from; i < to; i++) {
        hw_raw(w, "<th scope=\"col\" class=\"num\">");
        hw_text(w, label_of(label, sizeof label, json_array_get(jarr(s, "outcomes"), i)));
        hw_raw(w, "</th>");
    }
    hw_raw(w, "</tr></thead>\n<tbody>\n");
}

static void group_row(hw *w, const json_t *s, const char *name, const json_t *g, size_t from,
                      size_t to)
{
    bool hidden = fig_suppressed(g);
    fig p = fig_of(json_object_get(g, "participants"), hidden);
    char a[FIG_BUF];
    hw_raw(w, "<tr><th scope=\"row\">");
    hw_text(w, name);
    if (fig_ok(p) && p.v < SMALL_BASE)
        hw_raw(w, " <span class=\"small muted\">(small group)</span>");
    hw_raw(w, "</th>");
    td_num(w, fmt_count(a, p));
    const json_t *outcomes = jobj(g, "outcomes");
    for (size_t i = from; i < to; i++) {
        const char *id = jstr(json_array_get(jarr(s, "outcomes"), i), "id");
        group_rate(w, jobj(outcomes, id ? id : ""), hidden);
    }
    hw_raw(w, "</tr>\n");
}

typedef struct group_ref {
    const char *name;
    const json_t *g;
} group_ref;

/* The outcome rates of the N GROUPS, in as many tables as it takes to
 * show at most GROUP_COLS outcomes in each. */
static void group_tables(hw *w, const json_t *s, const char *caption, const char *first,
                         const group_ref *groups, size_t n)
{
    size_t n_out = json_array_size(jarr(s, "outcomes"));
    size_t parts = n_out > GROUP_COLS ? (n_out + GROUP_COLS - 1) / GROUP_COLS : 1;
    size_t per = (n_out + parts - 1) / parts;
    for (size_t p = 0; p < parts; p++) {
        size_t from = p * per, to = from + per < n_out ? from + per : n_out;
        char cap[LABEL_BUF + 96];
        if (parts > 1)
            snprintf(cap, sizeof cap, "%s (%zu of %zu)", caption, p + 1, parts);
        else
            snprintf(cap, sizeof cap, "%s", caption);
        table_open(w, cap);
        group_header(w, s, first, from, to);
        for (size_t i = 0; i < n; i++)
            group_row(w, s, groups[i].name, groups[i].g, from, to);
        hw_raw(w, "</tbody>\n");
        table_close(w);
    }
}

static void small_note(hw *w)
{
    hw_raw(w, "<p class=\"small\">* The rate is out of fewer than 30 eligible cases: a small "
              "base, read it with care. A group of fewer than 30 participants is marked "
              "\xE2\x80\x9C(small group)\xE2\x80\x9D. [c]: hidden, too few cases to show "
              "without identifying people.</p>\n");
}

static void section_breakdowns(hw *w, const json_t *s, int level, const char *prefix)
{
    const json_t *all = jobj(s, "breakdowns");
    if (json_object_size(all) == 0)
        return;
    char label[LABEL_BUF], caption[LABEL_BUF + 64];
    sec_open(w, level, prefix, "breakdowns", "Breakdowns");
    hw_raw(w, "<p>Outcome rates for each group of participants.</p>\n");
    const char *field;
    json_t *groups;
    json_object_foreach((json_t *)all, field, groups)
    {
        humanize(label, sizeof label, field);
        snprintf(caption, sizeof caption, "Outcome rates by %s", label);
        size_t n = json_object_size(groups), k = 0;
        group_ref *refs = calloc(n ? n : 1, sizeof *refs);
        if (!refs) {
            w->failed = true;
            break;
        }
        const char *value;
        json_t *g;
        json_object_foreach(groups, value, g)
        {
            const char *shown = jstr(g, "label"); /* summaries before labels: the value */
            refs[k++] = (group_ref){shown ? shown : value, g};
        }
        group_tables(w, s, caption, label, refs, n);
        free(refs);
    }
    small_note(w);
    sec_close(w);
}

static void section_quarters(hw *w, const json_t *s, int level, const char *prefix)
{
    const json_t *list = jarr(s, "quarters");
    size_t n = json_array_size(list);
    if (n == 0)
        return;
    char a[FIG_BUF];
    sec_open(w, level, prefix, "quarters", "Quarter by quarter");
    const char **labels = calloc(n, sizeof *labels);
    fig *values = calloc(n, sizeof *values);
    if (!labels || !values) {
        w->failed = true;
        free(labels), free(values);
        return;
    }
    size_t i;
    json_t *q;
    json_array_foreach(list, i, q)
    {
        labels[i] = jstr(q, "quarter") ? jstr(q, "quarter") : "";
        values[i] = fig_of(json_object_get(q, "participants"), fig_suppressed(q));
    }
    const char *caption = "Participants by quarter they started";
    fig_open(w);
    chart_columns(w, &(column_chart){.title = caption,
                                     .desc = "Columns: the number of participants who started "
                                             "in each financial-year quarter, oldest first. The "
                                             "figures are in the table beside the chart.",
                                     .y_label = "Participants",
                                     .x_label = "Financial-year quarter (Q1: April to June)",
                                     .labels = labels,
                                     .values = values,
                                     .n = n});
    fig_table_open(w, caption);
    hw_raw(w, "<thead><tr><th scope=\"col\">Quarter</th><th scope=\"col\" "
              "class=\"num\">Participants</th></tr></thead>\n<tbody>\n");
    for (i = 0; i < n; i++) {
        tr_open(w, labels[i]);
        td_num(w, fmt_count(a, values[i]));
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    fig_close(w);
    group_ref *refs = calloc(n, sizeof *refs);
    if (refs) {
        json_array_foreach(list, i, q)
        {
            refs[i] = (group_ref){labels[i], q};
        }
        group_tables(w, s, "Outcome rates by quarter started", "Quarter", refs, n);
    }
    w->failed |= !refs;
    free(refs);
    small_note(w);
    free(labels);
    free(values);
    sec_close(w);
}

/* ---- the whole evaluation ---- */

static void section_about(hw *w, const json_t *s, int level, const char *prefix)
{
    sec_open(w, level, prefix, "about", "About these figures");
    report_about(w, s);
    sec_close(w);
}

/* A section of the evaluation's page, written from the summary S. */
typedef void section_fn(hw *w, const json_t *s, int level, const char *prefix);

void report_evaluation(hw *w, const json_t *s, int level, const char *prefix)
{
    /* in the page's order, which the contents follow (report.c) */
    static section_fn *const sections[] = {
        section_glance, section_costs,    section_outputs,    section_outcomes,
        section_value,  section_distance, section_breakdowns, section_quarters,
        report_plugin,  report_quality,   section_about,
    };
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++)
        sections[i](w, s, level, prefix);
}
