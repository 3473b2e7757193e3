/* report_vfm.c - value for money in depth: the sensitivity of the NPV to
 * each assumption (a tornado chart), and the outcomes rolled up by Child
 * Poverty Strategy building block. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* "adjustments.deadweight" -> "Deadweight"; "outcomes.ID.value" -> "Value
 * of LABEL" (the outcome's label, from the summary); "inputs.ID.cost" ->
 * "Cost of ID". */
static const char *param_label(char *buf, size_t n, const json_t *s, const char *param)
{
    char what[LABEL_BUF] = "", id[LABEL_BUF] = "";
    if (!param)
        return "";
    const char *dot = strchr(param, '.'), *last = strrchr(param, '.');
    if (!dot) {
        return humanize(buf, n, param);
    }
    if (strncmp(param, "adjustments.", 12) == 0)
        return humanize(buf, n, param + 12);
    snprintf(id, sizeof id, "%.*s", (int)(last > dot ? last - dot - 1 : 0), dot + 1);
    humanize(what, sizeof what, last + 1);
    char name[LABEL_BUF];
    const json_t *item =
        strncmp(param, "outcomes.", 9) == 0 ? jfind(jarr(s, "outcomes"), id) : NULL;
    const char *who = item ? label_of(name, sizeof name, item) : humanize(name, sizeof name, id);
    static const char *const nouns[][2] = {{"achieved", "Number achieved"},
                                           {"drop_off", "Drop-off"}};
    for (size_t i = 0; i < 2; i++)
        if (strcmp(last + 1, nouns[i][0]) == 0)
            snprintf(what, sizeof what, "%s", nouns[i][1]);
    snprintf(buf, n, "%s: %s", what, who);
    return buf;
}

/* How a parameter's values read: multipliers as "×0.75", shares and rates
 * as percentages, durations in years. */
static const char *param_value(char *buf, const char *param, fig f)
{
    const char *last = param ? strrchr(param, '.') : NULL;
    const char *kind = last ? last + 1 : "";
    if (!fig_ok(f))
        return fig_ok(f) ? "" : f.kind == FIG_HIDDEN ? "[c]" : "n/a";
    if (strcmp(kind, "value") == 0 || strcmp(kind, "achieved") == 0 || strcmp(kind, "cost") == 0) {
        char n[FIG_BUF];
        snprintf(buf, FIG_BUF, "\xC3\x97%s", fmt_num(n, f, 2));
        return buf;
    }
    if (strcmp(kind, "duration") == 0) {
        char n[FIG_BUF];
        snprintf(buf, FIG_BUF, "%s years", fmt_num(n, f, 0));
        return buf;
    }
    return fmt_pct(buf, f);
}

typedef struct swing {
    const json_t *item;
    double width;
} swing;

static int wider_first(const void *a, const void *b)
{
    double x = ((const swing *)a)->width, y = ((const swing *)b)->width;
    return x < y ? 1 : x > y ? -1 : 0;
}

static void sensitivity_table(hw *w, const json_t *s, const swing *order, size_t n,
                              const char *caption, hbar *rows)
{
    const char *cur = summary_currency(s);
    char a[FIG_BUF];
    fig_table_open(w, caption);
    hw_raw(w, "<thead><tr><th scope=\"col\">Assumption</th><th scope=\"col\" class=\"num\">Base"
              "</th><th scope=\"col\" class=\"num\">Low</th><th scope=\"col\" "
              "class=\"num\">High</th><th scope=\"col\" class=\"num\">NPV at low</th><th "
              "scope=\"col\" class=\"num\">NPV at high</th><th scope=\"col\" class=\"num\">SROI "
              "at low</th><th scope=\"col\" class=\"num\">SROI at high</th><th scope=\"col\" "
              "class=\"num\">NPV is 0 at</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const json_t *it = order[i].item;
        const char *param = jstr(it, "param");
        tr_open(w, rows[i].label);
        td_num(w, param_value(a, param, fig_get(it, "base")));
        td_num(w, param_value(a, param, fig_get(it, "low")));
        td_num(w, param_value(a, param, fig_get(it, "high")));
        td_num(w, fmt_money(a, fig_get(it, "npv_low"), cur));
        td_num(w, fmt_money(a, fig_get(it, "npv_high"), cur));
        td_num(w, fmt_num(a, fig_get(it, "sroi_low"), 2));
        td_num(w, fmt_num(a, fig_get(it, "sroi_high"), 2));
        fig sw = fig_get(it, "switching_value");
        td_num(w, fig_ok(sw) ? param_value(a, param, sw) : sw.kind == FIG_HIDDEN ? "[c]" : "never");
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    fig_close(w);
}

void report_sensitivity(hw *w, const json_t *s, int level, const char *prefix)
{
    const json_t *list = jarr(jobj(s, "value_for_money"), "sensitivity");
    size_t n = json_array_size(list);
    if (n == 0)
        return;
    swing *order = calloc(n, sizeof *order);
    hbar_rows b;
    if (!order || !hbar_rows_new(w, &b, n)) {
        w->failed = true;
        free(order);
        return;
    }
    hbar *rows = b.rows;
    for (size_t i = 0; i < n; i++) {
        const json_t *it = json_array_get(list, i);
        fig lo = fig_get(it, "npv_low"), hi = fig_get(it, "npv_high");
        order[i] = (swing){it, fig_ok(lo) && fig_ok(hi) ? fabs(hi.v - lo.v) : -1};
    }
    /* Widest swing first, as a tornado chart is read. */
    qsort(order, n, sizeof *order, wider_first);
    fig npv = fig_get(jobj(s, "value_for_money"), "npv");
    for (size_t i = 0; i < n; i++) {
        const json_t *it = order[i].item;
        rows[i] = (hbar){param_label(b.labels[i], sizeof b.labels[i], s, jstr(it, "param")),
                         fig_get(it, "npv_low"),
                         fig_get(it, "npv_high"),
                         {FIG_NA, 0},
                         {FIG_NA, 0},
                         npv};
    }
    sec_open(w, level, prefix, "sensitivity", "How sure is the net present value?");
    hw_raw(w, "<p>Each assumption moved to a low and a high value, the others kept: the bar runs "
              "from the NPV at the low value to the NPV at the high value; the upright mark is "
              "the NPV as evaluated. The last column is the value at which the NPV would be "
              "zero.</p>\n");
    const char *caption = "Net present value when each assumption changes";
    fig_open_stacked(w);
    chart_hbars(w,
                &(hbar_chart){.title = caption,
                              .desc = "Tornado chart: for each assumption, a bar from the net "
                                      "present value at its low value to that at its high "
                                      "value, widest first. The figures are in the table "
                                      "below the chart.",
                              .x_label = "Net present value (bar ends at the low and high value)",
                              .mark_key = "NPV as evaluated",
                              .format = AXIS_MONEY,
                              .currency = summary_currency(s),
                              .rows = rows,
                              .n = n});
    sensitivity_table(w, s, order, n, caption, rows);
    sec_close(w);
    free(order);
    hbar_rows_free(&b);
}

/* ---- building blocks ---- */

static const char *const blocks[] = {"financial_support", "employment_skills", "life_chances",
                                     "place"};
#define N_BLOCKS 4

typedef struct block_sum {
    int outcomes;
    fig net, pv;
} block_sum;

void fig_add(fig *s, fig f)
{
    if (s->kind == FIG_HIDDEN || f.kind == FIG_NA)
        return;
    if (f.kind == FIG_HIDDEN) {
        *s = f;
        return;
    }
    *s = fig_value((s->kind == FIG_VALUE ? s->v : 0) + f.v);
}

void report_strategy(hw *w, const json_t *s, int level, const char *prefix)
{
    block_sum sums[N_BLOCKS];
    bool any = false;
    for (int b = 0; b < N_BLOCKS; b++)
        sums[b] = (block_sum){0, {FIG_NA, 0}, {FIG_NA, 0}};
    size_t i;
    json_t *o;
    json_array_foreach(jarr(s, "outcomes"), i, o)
    {
        const char *block = jstr(o, "strategy");
        for (int b = 0; block && b < N_BLOCKS; b++)
            if (strcmp(block, blocks[b]) == 0) {
                sums[b].outcomes++;
                fig_add(&sums[b].net, fig_get(o, "net"));
                fig_add(&sums[b].pv, fig_get(o, "present_value"));
                any = true;
            }
    }
    if (!any)
        return;
    char a[FIG_BUF];
    const char *cur = summary_currency(s);
    sec_open(w, level, prefix, "blocks", "By Child Poverty Strategy building block");
    table_open_class(w, "Net outcomes and present value by building block", "scroll kv");
    hw_raw(w, "<thead><tr><th scope=\"col\">Building block</th><th scope=\"col\" "
              "class=\"num\">Outcomes</th><th scope=\"col\" class=\"num\">Net outcomes</th><th "
              "scope=\"col\" class=\"num\">Present value</th></tr></thead>\n<tbody>\n");
    for (int b = 0; b < N_BLOCKS; b++) {
        if (!sums[b].outcomes)
            continue;
        tr_open(w, strategy_label(blocks[b]));
        td_num(w, fmt_count(a, fig_value(sums[b].outcomes)));
        td_num(w, fmt_num(a, sums[b].net, 1));
        td_num(w, fmt_money(a, sums[b].pv, cur));
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    table_close(w);
    sec_close(w);
}
