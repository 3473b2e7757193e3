/* report_compare.c - the report on a compare summary: the programme at a
 * glance, the sites side by side, each compared outcome (cost per outcome
 * with its interval and rank, the funnel), distance travelled by site,
 * what was left out, and the sites' data. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* A site's participants: hidden with its data rows or its cost per
 * participant (either marks it). */
static fig site_participants(const json_t *site)
{
    return fig_of(json_object_get(site, "participants"), fig_suppressed(jobj(site, "data")) ||
                                                             fig_suppressed(jobj(site, "costs")) ||
                                                             fig_suppressed(site));
}

static void glance(hw *w, const json_t *s, int level, const char *prefix)
{
    const json_t *total = jobj(s, "programme_total");
    const json_t *costs = jobj(total, "costs"), *vfm = jobj(total, "value_for_money");
    const char *cur = summary_currency(s);
    char a[FIG_BUF];
    sec_open(w, level, prefix, "glance", "The programme at a glance");
    hw_raw(w, "<ul class=\"tiles\">\n");
    tile(w, fmt_count(a, fig_value((double)json_array_size(jarr(s, "sites")))), "sites");
    tile(w, fmt_count(a, site_participants(total)), "participants, all sites");
    tile(w, fmt_money(a, fig_get(costs, "total"), cur), "total cost");
    tile(w, fmt_money(a, fig_get(vfm, "present_value"), cur), "present value of the outcomes");
    tile(w, fmt_money(a, fig_get(vfm, "npv"), cur), "net present value");
    tile(w, fmt_num(a, fig_get(vfm, "sroi_ratio"), 2), "social return on investment ratio");
    hw_raw(w, "</ul>\n");
    sec_close(w);
}

/* A row of the sites' table opened with site I's name. */
static void site_row_open(hw *w, const json_t *site, size_t i)
{
    char name[64];
    tr_open(w, site_name(site, i, name, sizeof name));
}

static void sites_table(hw *w, const json_t *s)
{
    const char *cur = summary_currency(s);
    const json_t *total = jobj(s, "programme_total");
    char a[FIG_BUF];
    table_open(w, "The sites' headline figures, and the programme total");
    sites_head(w, true);
    size_t i;
    json_t *site;
    json_array_foreach(jarr(s, "sites"), i, site)
    {
        const json_t *costs = jobj(site, "costs"), *vfm = jobj(site, "value_for_money");
        site_row_open(w, site, i);
        td_num(w, fmt_count(a, site_participants(site)));
        td_num(w, fmt_money(a, fig_get(costs, "total"), cur));
        td_num(w, fmt_money(a, fig_get(costs, "per_participant"), cur));
        vfm_cells(w, vfm, cur);
        /* The SROI rank is hidden with the value for money. */
        td_num(w, fmt_count(a, fig_of(json_object_get(site, "sroi_rank"), fig_suppressed(vfm))));
        hw_raw(w, "</tr>\n");
    }
    const json_t *costs = jobj(total, "costs"), *vfm = jobj(total, "value_for_money");
    fig p = site_participants(total), c = fig_get(costs, "total");
    hw_raw(w, "<tr class=\"total\"><th scope=\"row\">Programme total</th>");
    td_num(w, fmt_count(a, p));
    td_num(w, fmt_money(a, c, cur));
    /* The programme's cost per participant: its two totals divided. */
    td_num(w,
           fmt_money(a, fig_ok(p) && fig_ok(c) && p.v > 0 ? fig_value(c.v / p.v) : (fig){FIG_NA, 0},
                     cur));
    vfm_cells(w, vfm, cur);
    hw_raw(w, "<td></td></tr>\n</tbody>\n");
    table_close(w);
}

static void sroi_chart(hw *w, const json_t *s)
{
    const json_t *sites = jarr(s, "sites");
    size_t n = json_array_size(sites);
    hbar_rows b;
    if (!hbar_rows_new(w, &b, n))
        return;
    size_t i;
    json_t *site;
    json_array_foreach(sites, i, site)
    {
        const char *name = site_name(site, i, b.labels[i], sizeof b.labels[i]);
        b.rows[i] = hbar_of(name, jobj(site, "value_for_money"), "sroi_ratio", NULL, fig_value(1));
    }
    const char *title = "Social return on investment ratio by site";
    hw_raw(w, "<figure class=\"solo\">\n");
    chart_hbars(w, &(hbar_chart){.title = title,
                                 .desc = "Horizontal bars: each site's SROI ratio, the present "
                                         "value of its outcomes per unit of cost; the upright "
                                         "mark is 1, where value equals cost. The figures are in "
                                         "the table above.",
                                 .x_label = "SROI ratio (value per unit of cost)",
                                 .mark_key = "Break-even (1)",
                                 .format = AXIS_NUMBER,
                                 .rows = b.rows,
                                 .n = n});
    hw_raw(w, "<figcaption class=\"small muted\">The figures are in the table above.</figcaption>"
              "\n</figure>\n");
    hbar_rows_free(&b);
}

static void left_out(hw *w, const json_t *s, int level, const char *prefix)
{
    char name[64], label[LABEL_BUF];
    bool any = false;
    size_t i;
    json_t *site;
    json_array_foreach(jarr(s, "sites"), i, site)
    {
        const json_t *lo = jobj(site, "left_out");
        any |= json_array_size(jarr(lo, "outputs")) + json_array_size(jarr(lo, "outcomes")) +
                   json_array_size(jarr(lo, "areas")) >
               0;
    }
    if (!any)
        return;
    sec_open(w, level, prefix, "left-out", "Left out of the comparison");
    hw_raw(w, "<p>Figures that only one site has cannot be compared; they are in that site's "
              "own evaluation.</p>\n<ul>\n");
    static const char *const kinds[] = {"outputs", "outcomes", "areas"};
    json_array_foreach(jarr(s, "sites"), i, site)
    {
        const json_t *lo = jobj(site, "left_out");
        for (int k = 0; k < 3; k++) {
            size_t j;
            json_t *v;
            json_array_foreach(jarr(lo, kinds[k]), j, v)
            {
                const char *vid = json_string_value(v);
                hw_raw(w, "<li>");
                hw_textf(w, "%s: %s (%s)", site_name(site, i, name, sizeof name),
                         humanize(label, sizeof label, vid ? vid : ""),
                         k == 2   ? "distance area"
                         : k == 1 ? "outcome"
                                  : "output");
                hw_raw(w, "</li>\n");
            }
        }
    }
    hw_raw(w, "</ul>\n");
    sec_close(w);
}

static void sites_data(hw *w, const json_t *s, int level, const char *prefix)
{
    char a[FIG_BUF];
    sec_open(w, level, prefix, "data", "The sites' data");
    table_open(w, "Where each site's figures come from");
    hw_raw(w, "<thead><tr><th scope=\"col\">Site</th><th scope=\"col\">From</th><th "
              "scope=\"col\" class=\"num\">Rows read</th><th scope=\"col\" "
              "class=\"num\">Accepted</th><th scope=\"col\" class=\"num\">Rejected</th><th "
              "scope=\"col\" class=\"num\">Outside the site</th></tr></thead>\n<tbody>\n");
    size_t i;
    json_t *site;
    json_array_foreach(jarr(s, "sites"), i, site)
    {
        const json_t *d = jobj(site, "data"), *m = jobj(site, "model");
        site_row_open(w, site, i);
        hw_raw(w, "<td>");
        const char *source = jstr(site, "source");
        bool from_summary = source && strcmp(source, "summary") == 0;
        hw_textf(w, "%s %s", from_summary ? "summary of" : "evaluated here:",
                 jstr(m, "file") ? jstr(m, "file") : "");
        if (jstr(d, "file"))
            hw_textf(w, " with %s", jstr(d, "file"));
        hw_raw(w, "</td>");
        static const char *const counts[] = {"rows_read", "rows_accepted", "rows_rejected",
                                             "rows_outside"};
        for (size_t k = 0; k < sizeof counts / sizeof *counts; k++)
            td_num(w, fmt_count(a, fig_get(d, counts[k])));
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    table_close(w);
    const json_t *p = jobj(s, "programme");
    hw_raw(w, "<dl class=\"about\">\n");
    hw_elem(w, "dt", "Programme file");
    hw_elem(w, "dd", jstr(p, "file") ? jstr(p, "file") : "");
    hw_elem(w, "dt", "Its SHA-256");
    hw_elem(w, "dd", jstr(p, "sha256") ? jstr(p, "sha256") : "");
    hw_elem(w, "dt", "Compared by thrive");
    hw_elem(w, "dd", jstr(s, "thrive_version") ? jstr(s, "thrive_version") : "");
    hw_raw(w, "</dl>\n");
    sec_close(w);
}

void report_comparison_sites(hw *w, const json_t *s, int level, const char *prefix)
{
    glance(w, s, level, prefix);
    sec_open(w, level, prefix, "sites", "Sites side by side");
    sites_table(w, s);
    sroi_chart(w, s);
    sec_close(w);
}

void report_comparison_end(hw *w, const json_t *s, int level, const char *prefix)
{
    left_out(w, s, level, prefix);
    sites_data(w, s, level, prefix);
}
