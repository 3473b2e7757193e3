/* report_sites.c - sites side by side: several evaluate summaries, or one
 * compare summary (the sites, the programme total, cost per outcome with
 * intervals and ranks, the funnel, distance by site, building blocks,
 * what was left out). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

static const char *const blocks[] = {"financial_support", "employment_skills", "life_chances",
                                     "place"};
#define N_BLOCKS 4

/* ---- several evaluate summaries ---- */

void vfm_cells(hw *w, const json_t *vfm, const char *cur)
{
    char a[FIG_BUF];
    td_num(w, fmt_money(a, fig_get(vfm, "present_value"), cur));
    td_num(w, fmt_money(a, fig_get(vfm, "npv"), cur));
    td_num(w, fmt_num(a, fig_get(vfm, "sroi_ratio"), 2));
}

void sites_head(hw *w, bool ranks)
{
    hw_raw(w, "<thead><tr><th scope=\"col\">Site</th><th scope=\"col\" "
              "class=\"num\">Participants</th><th scope=\"col\" class=\"num\">Total cost</th><th "
              "scope=\"col\" class=\"num\">Cost per participant</th><th scope=\"col\" "
              "class=\"num\">Present value</th><th scope=\"col\" class=\"num\">Net present "
              "value</th><th scope=\"col\" class=\"num\">SROI ratio</th>");
    if (ranks)
        hw_raw(w, "<th scope=\"col\" class=\"num\">SROI rank</th>");
    hw_raw(w, "</tr></thead>\n<tbody>\n");
}

static fig participants_of(const json_t *site)
{
    return fig_of(json_object_get(site, "participants"),
                  fig_suppressed(jobj(site, "data")) || fig_suppressed(site));
}

static void side_sites_table(hw *w, json_t *const *s, const char *const *names, size_t n)
{
    char a[FIG_BUF];
    table_open(w, "The sites' headline figures");
    sites_head(w, false);
    for (size_t i = 0; i < n; i++) {
        const char *cur = summary_currency(s[i]);
        const json_t *costs = jobj(s[i], "costs");
        tr_open(w, names[i]);
        td_num(w, fmt_count(a, participants_of(s[i])));
        td_num(w, fmt_money(a, fig_get(costs, "total"), cur));
        td_num(w, fmt_money(a, fig_get(costs, "per_participant"), cur));
        vfm_cells(w, jobj(s[i], "value_for_money"), cur);
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    table_close(w);
}

/* The outcome OUTCOME_ID at each site that has it: a chart of rates with
 * their intervals, and the table. */
static void side_outcome(hw *w, json_t *const *s, const char *const *names, size_t n,
                         const json_t *first, int level)
{
    const char *oid = jstr(first, "id");
    hbar *rows = calloc(n, sizeof *rows);
    const json_t **items = calloc(n, sizeof *items);
    if (!rows || !items) {
        w->failed = true;
        free(rows), free(items);
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *o = jfind(jarr(s[i], "outcomes"), oid);
        if (!o)
            continue;
        items[k] = o;
        rows[k++] = hbar_of(names[i], o, "rate", "rate_ci95", fig_get(o, "target"));
    }
    char buf[LABEL_BUF], title[LABEL_BUF + 32], a[FIG_BUF], id[64];
    const char *label = label_of(buf, sizeof buf, first);
    snprintf(id, sizeof id, "side-%s", oid);
    for (char *p = id; *p; p++)
        if (!(*p >= 'a' && *p <= 'z') && !(*p >= '0' && *p <= '9') && *p != '-')
            *p = '-';
    sec_open(w, level, "", id, label);
    snprintf(title, sizeof title, "%s: rate by site", label);
    fig_open(w);
    chart_rates(w, title,
                "Horizontal bars: each site's rate for this outcome, with its 95% interval as "
                "whiskers and its target as an upright mark. The figures are in the table "
                "beside.",
                rows, k);
    fig_table_open(w, title);
    hw_raw(w, "<thead><tr><th scope=\"col\">Site</th><th scope=\"col\" class=\"num\">Rate "
              "(achieved of eligible)</th><th scope=\"col\" class=\"num\">95% interval</th><th "
              "scope=\"col\" class=\"num\">Cost per outcome</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < k; i++) {
        tr_open(w, rows[i].label);
        td_rate(w, rows[i].to, fig_get(items[i], "achieved"), fig_get(items[i], "eligible"), false);
        td_num(w, fmt_pct_range(a, rows[i].lo, rows[i].hi));
        td_num(w, fmt_money(a, fig_get(items[i], "cost_per_outcome"), summary_currency(s[0])));
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    fig_close(w);
    sec_close(w);
    free(rows);
    free(items);
}

/* Whether an outcome with ID is at more than one site, and the first of
 * the sites' outcomes with it is at site FIRST. */
static bool compared_first(json_t *const *s, size_t n, size_t first, const char *id)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (jfind(jarr(s[i], "outcomes"), id)) {
            if (count == 0 && i != first)
                return false;
            count++;
        }
    return count > 1;
}

static void side_blocks(hw *w, json_t *const *s, const char *const *names, size_t n);

void report_side_by_side(hw *w, json_t *const *s, const char *const *names, size_t n)
{
    sec_open(w, 2, "", "sites", "Sites side by side");
    side_sites_table(w, s, names, n);
    for (size_t i = 0; i < n; i++) {
        size_t j;
        json_t *o;
        json_array_foreach(jarr(s[i], "outcomes"), j, o)
        {
            if (jstr(o, "id") && compared_first(s, n, i, jstr(o, "id")))
                side_outcome(w, s, names, n, o, 3);
        }
    }
    side_blocks(w, s, names, n);
    sec_close(w);
    for (size_t i = 0; i < n; i++) {
        char prefix[32], id[48];
        snprintf(prefix, sizeof prefix, "s%zu-", i + 1);
        snprintf(id, sizeof id, "site-%zu", i + 1);
        hw_fmt(w, "<article class=\"site\" aria-labelledby=\"%s\">\n<h2 id=\"%s\">", id, id);
        hw_text(w, names[i]);
        hw_raw(w, "</h2>\n");
        report_evaluation(w, s[i], 3, prefix);
        hw_raw(w, "</article>\n");
    }
}

/* ---- building blocks, side by side ---- */

/* The sums over a site's outcomes tagged with BLOCK. */
static void block_of_outcomes(const json_t *site, const char *block, fig *net, fig *pv)
{
    *net = *pv = (fig){FIG_NA, 0};
    size_t i;
    json_t *o;
    json_array_foreach(jarr(site, "outcomes"), i, o)
    {
        const char *b = jstr(o, "strategy");
        if (b && strcmp(b, block) == 0) {
            fig_add(net, fig_get(o, "net"));
            fig_add(pv, fig_get(o, "present_value"));
        }
    }
}

/* The block figures of a compare site or total ("by_strategy"), else the
 * sums over its outcomes. */
static void block_figs(const json_t *site, const char *block, fig *net, fig *pv)
{
    const json_t *by = jobj(site, "by_strategy");
    if (!by) {
        block_of_outcomes(site, block, net, pv);
        return;
    }
    const json_t *b = jobj(by, block);
    *net = b ? fig_get(b, "net") : (fig){FIG_NA, 0};
    *pv = b ? fig_get(b, "present_value") : (fig){FIG_NA, 0};
}

static void blocks_head(hw *w, const bool used[N_BLOCKS])
{
    hw_raw(w, "<thead><tr><th scope=\"col\" rowspan=\"2\">Site</th>");
    for (int b = 0; b < N_BLOCKS; b++)
        if (used[b]) {
            hw_raw(w, "<th scope=\"colgroup\" colspan=\"2\">");
            hw_text(w, strategy_label(blocks[b]));
            hw_raw(w, "</th>");
        }
    hw_raw(w, "</tr>\n<tr>");
    for (int b = 0; b < N_BLOCKS; b++)
        if (used[b])
            hw_raw(w, "<th scope=\"col\" class=\"num\">Net outcomes</th><th scope=\"col\" "
                      "class=\"num\">Present value</th>");
    hw_raw(w, "</tr></thead>\n<tbody>\n");
}

static void blocks_row(hw *w, const char *name, const json_t *site, const bool used[N_BLOCKS],
                       const char *cur, bool total)
{
    char a[FIG_BUF];
    hw_raw(w, total ? "<tr class=\"total\">" : "<tr>");
    th_row(w, name);
    for (int b = 0; b < N_BLOCKS; b++) {
        if (!used[b])
            continue;
        fig net, pv;
        block_figs(site, blocks[b], &net, &pv);
        td_num(w, fmt_num(a, net, 1));
        td_num(w, fmt_money(a, pv, cur));
    }
    hw_raw(w, "</tr>\n");
}

/* Which blocks any of the N sites has figures for. */
static bool blocks_used(const json_t *const *sites, size_t n, bool used[N_BLOCKS])
{
    bool any = false;
    for (int b = 0; b < N_BLOCKS; b++) {
        used[b] = false;
        for (size_t i = 0; i < n; i++) {
            fig net, pv;
            block_figs(sites[i], blocks[b], &net, &pv);
            if (net.kind != FIG_NA || pv.kind != FIG_NA)
                used[b] = true;
        }
        any |= used[b];
    }
    return any;
}

static void blocks_intro(hw *w)
{
    hw_raw(w, "<p>Outcomes rolled up by the building block of the Child Poverty Strategy they "
              "serve: the net outcomes (after deadweight, displacement and attribution) and "
              "their present value, summed over each site's outcomes tagged with the block. "
              "Sites with different outcomes can be set side by side here.</p>\n");
}

static void side_blocks(hw *w, json_t *const *s, const char *const *names, size_t n)
{
    bool used[N_BLOCKS];
    if (!blocks_used((const json_t *const *)s, n, used))
        return;
    sec_open(w, 3, "", "side-blocks", "By Child Poverty Strategy building block");
    blocks_intro(w);
    table_open(w, "Net outcomes and present value by building block and site");
    blocks_head(w, used);
    for (size_t i = 0; i < n; i++)
        blocks_row(w, names[i], s[i], used, summary_currency(s[i]), false);
    hw_raw(w, "</tbody>\n");
    table_close(w);
    sec_close(w);
}

/* ---- a compare summary ---- */

const char *site_name(const json_t *site, size_t i, char *buf, size_t n)
{
    const char *name = jstr(site, "name");
    if (name && *name)
        return name;
    snprintf(buf, n, "Site %zu", i + 1);
    return buf;
}

/* The label of the compared outcome or area ID: from the first site or
 * total that has one, else the id made readable. */
const char *compared_label(const json_t *s, const char *list, const char *id, char *buf, size_t n)
{
    size_t i;
    json_t *site;
    json_array_foreach(jarr(s, "sites"), i, site)
    {
        const char *l = jstr(jfind(jarr(site, list), id), "label");
        if (l && *l)
            return l;
    }
    const char *l = jstr(jfind(jarr(jobj(s, "programme_total"), list), id), "label");
    return l && *l ? l : humanize(buf, n, id);
}

void header_comparison(hw *w, const json_t *s)
{
    const json_t *p = jobj(s, "programme");
    size_t n = json_array_size(jarr(s, "sites"));
    hw_raw(w, "<p>");
    hw_textf(w, "Programme comparison %s: %zu site%s side by side on value for money.",
             jstr(p, "id") ? jstr(p, "id") : "", n, n == 1 ? "" : "s");
    hw_raw(w, "</p>\n");
}

static void compare_blocks(hw *w, const json_t *s, int level, const char *prefix)
{
    const json_t *sites = jarr(s, "sites"), *total = jobj(s, "programme_total");
    size_t n = json_array_size(sites);
    const json_t **all = calloc(n + 1, sizeof *all);
    if (!all) {
        w->failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++)
        all[i] = json_array_get(sites, i);
    all[n] = total;
    bool used[N_BLOCKS];
    if (blocks_used(all, n + 1, used)) {
        char name[64];
        const char *cur = summary_currency(s);
        sec_open(w, level, prefix, "blocks", "By Child Poverty Strategy building block");
        blocks_intro(w);
        table_open(w, "Net outcomes and present value by building block and site");
        blocks_head(w, used);
        for (size_t i = 0; i < n; i++)
            blocks_row(w, site_name(all[i], i, name, sizeof name), all[i], used, cur, false);
        blocks_row(w, "Programme total", total, used, cur, true);
        hw_raw(w, "</tbody>\n");
        table_close(w);
        sec_close(w);
    }
    free(all);
}

void report_comparison(hw *w, const json_t *s, int level, const char *prefix)
{
    report_comparison_sites(w, s, level, prefix);
    report_comparison_outcomes(w, s, level, prefix);
    compare_blocks(w, s, level, prefix);
    report_comparison_end(w, s, level, prefix);
}
