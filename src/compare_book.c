/* compare_book.c - the workbook of a comparison: the file, Sites, Left out
 * and About (see compare_book.h; the charted sheets are in
 * compare_book_charts.c). */
#include "config.h"

#include "compare_book.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare_book_int.h"

lxw_row_t cb_site_row(const cbook *cb, size_t s)
{
    return cb->site_row0 + (lxw_row_t)s;
}

lxw_col_t cb_output_col(const cbook *cb, size_t k)
{
    return cb->output_col0 + (lxw_col_t)(k * SO_NCOLS);
}

lxw_col_t cb_outcome_col(const cbook *cb, size_t k)
{
    return cb->outcome_col0 + (lxw_col_t)(k * SOC_NCOLS);
}

lxw_col_t cb_area_col(const cbook *cb, size_t k)
{
    return cb->area_col0 + (lxw_col_t)(k * SA_NCOLS);
}

book_ref cb_sites_ref(const cbook *cb, const sheet *here, size_t s, lxw_col_t col)
{
    return bk_ref(here, &cb->sites, cb_site_row(cb, s), col);
}

/* NUM / DEN as a formula: "n/a" when DEN is not a number or is 0, as the
 * figures are. */
static const char *div_fmla(book *b, const char *num, const char *den)
{
    return bk_fmla(b, "=IF(ISNUMBER(%s),IF(%s=0,\"n/a\",%s/(%s)),\"n/a\")", den, den, num, den);
}

/* ---- Sites ---- */

static const char *const fixed_heads[SC_NCOLS] = {"Site",
                                                  "Source",
                                                  "Participants",
                                                  "Cost",
                                                  "Optimism bias",
                                                  "Adjusted cost",
                                                  "Cost per participant",
                                                  "Present value",
                                                  "NPV",
                                                  "SROI ratio",
                                                  "SROI rank"};
static const char *const outcome_heads[SOC_NCOLS] = {"Eligible",
                                                     "Achieved",
                                                     "Rate",
                                                     "Rate 95% CI low",
                                                     "Rate 95% CI high",
                                                     "Net outcomes",
                                                     "Cost per outcome",
                                                     "Cost per outcome 95% low",
                                                     "Cost per outcome 95% high",
                                                     "Cost per net outcome",
                                                     "Present value",
                                                     "Funnel",
                                                     "Rank (lowest cost first)",
                                                     "Best rank",
                                                     "Worst rank"};
static const char *const area_heads[SA_NCOLS] = {"Pairs", "Mean change", "95% CI low",
                                                 "95% CI high"};

/* A group's heading over its columns COL .. COL + N - 1. */
static void group_head(cbook *cb, lxw_col_t col, lxw_col_t n, const char *what, const char *label)
{
    char text[256];
    snprintf(text, sizeof text, "%s: %s", what, label);
    if (!cb->sites.measure)
        bk_check(&cb->b,
                 worksheet_merge_range(cb->sites.ws, cb->site_row0 - 2, col, cb->site_row0 - 2,
                                       col + n - 1, text, cb->group_format));
}

/* The compared items' group headings, then the column headings under
 * them (rows in order). */
static void sites_heads(cbook *cb)
{
    book *b = &cb->b;
    sheet *s = &cb->sites;
    const comparison *c = cb->c;
    lxw_row_t head = cb->site_row0 - 1;
    for (size_t k = 0; k < c->n_outputs; k++)
        group_head(cb, cb_output_col(cb, k), SO_NCOLS, "Output", c->outputs[k].label);
    for (size_t k = 0; k < c->n_outcomes; k++)
        group_head(cb, cb_outcome_col(cb, k), SOC_NCOLS, "Outcome", c->outcomes[k].label);
    for (size_t k = 0; k < c->n_areas; k++)
        group_head(cb, cb_area_col(cb, k), SA_NCOLS, "Distance travelled", c->areas[k].label);
    for (int k = 0; k < COMPARE_BLOCKS; k++)
        if (cb->block_col[k])
            group_head(cb, cb->block_col[k], SB_NCOLS, "Building block", compare_block_labels[k]);
    for (lxw_col_t i = 0; i < SC_NCOLS; i++)
        bk_header(b, s, head, i, fixed_heads[i]);
    for (size_t k = 0; k < c->n_outputs; k++) {
        lxw_col_t col = cb_output_col(cb, k);
        bk_header(b, s, head, col + SO_COUNT, "Count");
        bk_header(b, s, head, col + SO_COST_PER_OUTPUT, "Cost per output");
    }
    for (size_t k = 0; k < c->n_outcomes; k++)
        for (lxw_col_t i = 0; i < SOC_NCOLS; i++)
            bk_header(b, s, head, cb_outcome_col(cb, k) + i, outcome_heads[i]);
    for (size_t k = 0; k < c->n_areas; k++)
        for (lxw_col_t i = 0; i < SA_NCOLS; i++)
            bk_header(b, s, head, cb_area_col(cb, k) + i, area_heads[i]);
    for (int k = 0; k < COMPARE_BLOCKS; k++) {
        if (!cb->block_col[k])
            continue;
        bk_header(b, s, head, cb->block_col[k] + SB_NET, "Net outcomes");
        bk_header(b, s, head, cb->block_col[k] + SB_PV, "Present value");
    }
}

/* A rank: RANK() over the column RANGE when every cell of it shows its
 * figure (one hidden would be left out of RANK), else the value. */
static void rank_cell(cbook *cb, lxw_row_t row, lxw_col_t col, const char *value_cell,
                      const char *range, bool ascending, long rank, bool hidden, bool as_value)
{
    book *b = &cb->b;
    if (as_value || hidden || rank <= 0)
        bk_number(b, &cb->sites, row, col, rank > 0 ? (double)rank : NAN, hidden, FMT_COUNT, false);
    else
        bk_formula(b, &cb->sites, row, col,
                   bk_fmla(b, "=IF(ISNUMBER(%s),RANK(%s,%s,%d),\"n/a\")", value_cell, value_cell,
                           range, ascending),
                   (double)rank, false, FMT_COUNT);
}

static bool any_value_hidden(const comparison *c)
{
    for (size_t s = 0; s < c->n_sites; s++)
        if (c->sites[s].value_hidden)
            return true;
    return false;
}

static void site_fixed(cbook *cb, size_t i)
{
    book *b = &cb->b;
    sheet *s = &cb->sites;
    const site_figures *sf = &cb->c->sites[i];
    lxw_row_t row = cb_site_row(cb, i);
    book_ref n = bk_ref(s, s, row, SC_PARTICIPANTS), cost = bk_ref(s, s, row, SC_COST),
             ob = bk_ref(s, s, row, SC_OPTIMISM), adj = bk_ref(s, s, row, SC_ADJUSTED),
             pv = bk_ref(s, s, row, SC_PV), sroi = bk_ref(s, s, row, SC_SROI);
    bk_text(b, s, row, SC_SITE, sf->name, b->f.bold);
    bk_text(b, s, row, SC_SOURCE, sf->from_summary ? "its summary" : "evaluated here", b->f.text);
    bk_count(b, s, row, SC_PARTICIPANTS, sf->participants, sf->participants_hidden);
    bk_number(b, s, row, SC_COST, sf->cost_total, false, FMT_CURRENCY, true);
    bk_number(b, s, row, SC_OPTIMISM, sf->optimism_bias, false, FMT_PERCENT, true);
    bk_formula(b, s, row, SC_ADJUSTED, bk_fmla(b, "=%s*(1+%s)", cost.s, ob.s), sf->cost_adjusted,
               false, FMT_CURRENCY);
    bk_formula(b, s, row, SC_PER_PARTICIPANT, div_fmla(b, cost.s, n.s), sf->cost_per_participant,
               sf->participants_hidden, FMT_CURRENCY);
    bk_number(b, s, row, SC_PV, sf->present_value, sf->value_hidden, FMT_CURRENCY, false);
    bk_formula(b, s, row, SC_NPV, bk_fmla(b, "=%s-%s", pv.s, adj.s), sf->npv, sf->value_hidden,
               FMT_CURRENCY);
    bk_formula(b, s, row, SC_SROI, div_fmla(b, pv.s, adj.s), sf->sroi_ratio, sf->value_hidden,
               FMT_RATIO);
    book_ref range =
        bk_range(s, s, cb->site_row0, SC_SROI, cb_site_row(cb, cb->c->n_sites - 1), SC_SROI);
    rank_cell(cb, row, SC_SROI_RANK, sroi.s, range.s, false, sf->sroi_rank, sf->value_hidden,
              any_value_hidden(cb->c));
}

static void site_outputs(cbook *cb, size_t i)
{
    book *b = &cb->b;
    sheet *s = &cb->sites;
    lxw_row_t row = cb_site_row(cb, i);
    book_ref cost = bk_ref(s, s, row, SC_COST);
    for (size_t k = 0; k < cb->c->n_outputs; k++) {
        long at = cb->c->outputs[k].at[i];
        if (at < 0)
            continue;
        const site_output *o = &cb->c->sites[i].outputs[at];
        lxw_col_t col = cb_output_col(cb, k);
        book_ref count = bk_ref(s, s, row, col + SO_COUNT);
        bk_count(b, s, row, col + SO_COUNT, o->count, o->hidden);
        bk_formula(b, s, row, col + SO_COST_PER_OUTPUT, div_fmla(b, cost.s, count.s),
                   o->cost_per_output, o->hidden, FMT_CURRENCY);
    }
}

/* Whether any site's cell of compared outcome K hides a count. */
static bool outcome_column_hidden(const comparison *c, size_t k)
{
    for (size_t s = 0; s < c->n_sites; s++) {
        long at = c->outcomes[k].at[s];
        if (at >= 0 &&
            (c->sites[s].outcomes[at].eligible_hidden || c->sites[s].outcomes[at].achieved_hidden))
            return true;
    }
    return false;
}

static void site_outcome_cells(cbook *cb, size_t i, size_t k, const site_outcome *o)
{
    book *b = &cb->b;
    sheet *s = &cb->sites;
    lxw_row_t row = cb_site_row(cb, i);
    lxw_col_t col = cb_outcome_col(cb, k);
    bool hide_a = o->achieved_hidden, hide_rate = hide_a || o->eligible_hidden;
    book_ref cost = bk_ref(s, s, row, SC_COST), e = bk_ref(s, s, row, col + SOC_ELIGIBLE),
             a = bk_ref(s, s, row, col + SOC_ACHIEVED), net = bk_ref(s, s, row, col + SOC_NET),
             lo = bk_ref(s, s, row, col + SOC_RATE_LO), hi = bk_ref(s, s, row, col + SOC_RATE_HI),
             cpo = bk_ref(s, s, row, col + SOC_CPO);
    char den[2 * sizeof(book_ref) + 8];
    bk_count(b, s, row, col + SOC_ELIGIBLE, o->eligible, o->eligible_hidden);
    bk_count(b, s, row, col + SOC_ACHIEVED, o->achieved, hide_a);
    bk_formula(b, s, row, col + SOC_RATE, div_fmla(b, a.s, e.s), o->rate, hide_rate, FMT_PERCENT);
    bk_number(b, s, row, col + SOC_RATE_LO, o->ci_lo, hide_rate, FMT_PERCENT, false);
    bk_number(b, s, row, col + SOC_RATE_HI, o->ci_hi, hide_rate, FMT_PERCENT, false);
    bk_number(b, s, row, col + SOC_NET, o->net, hide_a, FMT_NUMBER, false);
    bk_formula(b, s, row, col + SOC_CPO, div_fmla(b, cost.s, a.s), o->cost_per_outcome, hide_a,
               FMT_CURRENCY);
    snprintf(den, sizeof den, "%s*%s", e.s, hi.s);
    bk_formula(b, s, row, col + SOC_CPO_LO, div_fmla(b, cost.s, den), o->cpo_lo, hide_rate,
               FMT_CURRENCY);
    snprintf(den, sizeof den, "%s*%s", e.s, lo.s);
    bk_formula(b, s, row, col + SOC_CPO_HI, div_fmla(b, cost.s, den), o->cpo_hi, hide_rate,
               FMT_CURRENCY);
    bk_formula(b, s, row, col + SOC_CPNO, div_fmla(b, cost.s, net.s), o->cost_per_net_outcome,
               hide_a, FMT_CURRENCY);
    bk_number(b, s, row, col + SOC_PV, o->present_value, hide_a, FMT_CURRENCY, false);
    const char *f = compare_funnel_name(o->funnel);
    bk_text(b, s, row, col + SOC_FUNNEL,
            hide_rate ? "[c]"
            : f       ? f
                      : "n/a",
            hide_rate || !f ? b->f.missing : b->f.text);
    book_ref range = bk_range(s, s, cb->site_row0, col + SOC_CPO,
                              cb_site_row(cb, cb->c->n_sites - 1), col + SOC_CPO);
    rank_cell(cb, row, col + SOC_RANK, cpo.s, range.s, true, o->rank, hide_rate,
              outcome_column_hidden(cb->c, k));
    bk_number(b, s, row, col + SOC_RANK_BEST, o->rank_best > 0 ? (double)o->rank_best : NAN,
              hide_rate, FMT_COUNT, false);
    bk_number(b, s, row, col + SOC_RANK_WORST, o->rank_worst > 0 ? (double)o->rank_worst : NAN,
              hide_rate, FMT_COUNT, false);
}

/* Whether block K's figures of site S are hidden: with any of its
 * outcomes' achieved counts. */
static bool block_hidden(const site_figures *sf, int k)
{
    for (size_t i = 0; i < sf->n_outcomes; i++)
        if (sf->outcomes[i].block == k && sf->outcomes[i].achieved_hidden)
            return true;
    return false;
}

/* Each building block's net outcomes and present value, summed over the
 * site's outcomes that serve it (the comparison of sites whose models
 * share no outcome). */
static void site_blocks(cbook *cb, size_t i)
{
    const site_figures *sf = &cb->c->sites[i];
    lxw_row_t row = cb_site_row(cb, i);
    for (int k = 0; k < COMPARE_BLOCKS; k++) {
        if (!cb->block_col[k] || !sf->block_seen[k])
            continue;
        bool hide = block_hidden(sf, k);
        bk_number(&cb->b, &cb->sites, row, cb->block_col[k] + SB_NET, sf->block_net[k], hide,
                  FMT_NUMBER, false);
        bk_number(&cb->b, &cb->sites, row, cb->block_col[k] + SB_PV, sf->block_pv[k], hide,
                  FMT_CURRENCY, false);
    }
}

static void site_items(cbook *cb, size_t i)
{
    const comparison *c = cb->c;
    site_outputs(cb, i);
    for (size_t k = 0; k < c->n_outcomes; k++)
        if (c->outcomes[k].at[i] >= 0)
            site_outcome_cells(cb, i, k, &c->sites[i].outcomes[c->outcomes[k].at[i]]);
    for (size_t k = 0; k < c->n_areas; k++) {
        long at = c->areas[k].at[i];
        if (at < 0)
            continue;
        const site_area *a = &c->sites[i].areas[at];
        lxw_row_t row = cb_site_row(cb, i);
        lxw_col_t col = cb_area_col(cb, k);
        bk_count(&cb->b, &cb->sites, row, col + SA_N, a->n, a->hidden);
        bk_number(&cb->b, &cb->sites, row, col + SA_MEAN, a->mean_change, a->hidden, FMT_NUMBER,
                  false);
        bk_number(&cb->b, &cb->sites, row, col + SA_LO, a->ci_lo, a->hidden, FMT_NUMBER, false);
        bk_number(&cb->b, &cb->sites, row, col + SA_HI, a->ci_hi, a->hidden, FMT_NUMBER, false);
    }
    site_blocks(cb, i);
}

/* A total: SUM over the sites' column COL, or the value when a site's cell
 * is hidden (SUM would leave it out). */
static void total_sum(cbook *cb, lxw_col_t col, double value, bool any_hidden, bool hidden,
                      fig_format k)
{
    book *b = &cb->b;
    lxw_row_t row = cb_site_row(cb, cb->c->n_sites);
    if (any_hidden || hidden) {
        bk_number(b, &cb->sites, row, col, value, hidden, k, false);
        return;
    }
    book_ref range = bk_range(&cb->sites, &cb->sites, cb->site_row0, col, row - 1, col);
    bk_formula(b, &cb->sites, row, col, bk_fmla(b, "=SUM(%s)", range.s), value, false, k);
}

static void total_outcome(cbook *cb, size_t k)
{
    book *b = &cb->b;
    sheet *s = &cb->sites;
    const pooled_outcome *po = &cb->c->pooled_outcomes[k];
    lxw_row_t row = cb_site_row(cb, cb->c->n_sites);
    lxw_col_t col = cb_outcome_col(cb, k);
    bool column_hidden = outcome_column_hidden(cb->c, k);
    bool hide_a = po->achieved_hidden, hide_rate = hide_a || po->eligible_hidden;
    book_ref e = bk_ref(s, s, row, col + SOC_ELIGIBLE), a = bk_ref(s, s, row, col + SOC_ACHIEVED);
    total_sum(cb, col + SOC_ELIGIBLE, (double)po->eligible, column_hidden, po->eligible_hidden,
              FMT_COUNT);
    total_sum(cb, col + SOC_ACHIEVED, (double)po->achieved, column_hidden, hide_a, FMT_COUNT);
    bk_formula(b, s, row, col + SOC_RATE, div_fmla(b, a.s, e.s), po->rate, hide_rate, FMT_PERCENT);
    bk_number(b, s, row, col + SOC_RATE_LO, po->ci_lo, hide_rate, FMT_PERCENT, false);
    bk_number(b, s, row, col + SOC_RATE_HI, po->ci_hi, hide_rate, FMT_PERCENT, false);
    total_sum(cb, col + SOC_NET, po->net, column_hidden, hide_a, FMT_NUMBER);
    /* The cost of the sites that have the outcome (an eligible count). */
    if (column_hidden || hide_a) {
        bk_number(b, s, row, col + SOC_CPO, po->cost_per_outcome, hide_a, FMT_CURRENCY, false);
        return;
    }
    book_ref es = bk_range(s, s, cb->site_row0, col + SOC_ELIGIBLE, row - 1, col + SOC_ELIGIBLE);
    book_ref costs = bk_range(s, s, cb->site_row0, SC_COST, row - 1, SC_COST);
    char num[512];
    snprintf(num, sizeof num, "SUMIF(%s,\">=0\",%s)", es.s, costs.s);
    bk_formula(b, s, row, col + SOC_CPO, div_fmla(b, num, a.s), po->cost_per_outcome, false,
               FMT_CURRENCY);
}

static void total_row(cbook *cb)
{
    book *b = &cb->b;
    sheet *s = &cb->sites;
    const comparison *c = cb->c;
    lxw_row_t row = cb_site_row(cb, c->n_sites);
    bool any_participants_hidden = false, any_value = any_value_hidden(c);
    for (size_t i = 0; i < c->n_sites; i++)
        any_participants_hidden |= c->sites[i].participants_hidden;
    book_ref n = bk_ref(s, s, row, SC_PARTICIPANTS), cost = bk_ref(s, s, row, SC_COST),
             adj = bk_ref(s, s, row, SC_ADJUSTED), pv = bk_ref(s, s, row, SC_PV);
    bk_text(b, s, row, SC_SITE, "Programme total", b->f.bold);
    bk_text(b, s, row, SC_SOURCE, "pooled", b->f.text);
    total_sum(cb, SC_PARTICIPANTS, (double)c->participants, any_participants_hidden,
              c->participants_hidden, FMT_COUNT);
    total_sum(cb, SC_COST, c->cost_total, false, false, FMT_CURRENCY);
    total_sum(cb, SC_ADJUSTED, c->cost_adjusted, false, false, FMT_CURRENCY);
    bk_formula(b, s, row, SC_PER_PARTICIPANT, div_fmla(b, cost.s, n.s),
               c->participants ? c->cost_total / (double)c->participants : NAN,
               c->participants_hidden, FMT_CURRENCY);
    total_sum(cb, SC_PV, c->present_value, any_value, c->value_hidden, FMT_CURRENCY);
    bk_formula(b, s, row, SC_NPV, bk_fmla(b, "=%s-%s", pv.s, adj.s), c->npv, c->value_hidden,
               FMT_CURRENCY);
    bk_formula(b, s, row, SC_SROI, div_fmla(b, pv.s, adj.s), c->sroi_ratio, c->value_hidden,
               FMT_RATIO);
    for (size_t k = 0; k < c->n_outcomes; k++)
        total_outcome(cb, k);
    for (size_t k = 0; k < c->n_areas; k++) {
        const pooled_area *pa = &c->pooled_areas[k];
        lxw_col_t col = cb_area_col(cb, k);
        bool any = false;
        for (size_t i = 0; i < c->n_sites; i++)
            any |= c->areas[k].at[i] >= 0 && c->sites[i].areas[c->areas[k].at[i]].hidden;
        total_sum(cb, col + SA_N, (double)pa->n, any, pa->hidden, FMT_COUNT);
        bk_number(b, s, row, col + SA_MEAN, pa->change.mean, pa->hidden, FMT_NUMBER, false);
        bk_number(b, s, row, col + SA_LO, pa->change.ci_lo, pa->hidden, FMT_NUMBER, false);
        bk_number(b, s, row, col + SA_HI, pa->change.ci_hi, pa->hidden, FMT_NUMBER, false);
    }
    for (int k = 0; k < COMPARE_BLOCKS; k++) {
        if (!cb->block_col[k])
            continue;
        /* One site's hidden block would be the total minus the others'. */
        size_t n_hidden = 0;
        for (size_t i = 0; i < c->n_sites; i++)
            n_hidden += c->sites[i].block_seen[k] && block_hidden(&c->sites[i], k);
        total_sum(cb, cb->block_col[k] + SB_NET, c->block_net[k], n_hidden > 0, n_hidden == 1,
                  FMT_NUMBER);
        total_sum(cb, cb->block_col[k] + SB_PV, c->block_pv[k], n_hidden > 0, n_hidden == 1,
                  FMT_CURRENCY);
    }
}

static void sheet_sites(cbook *cb)
{
    book *b = &cb->b;
    sheet *s = &cb->sites;
    const comparison *c = cb->c;
    char text[1024];
    snprintf(text, sizeof text, "%s: %zu sites compared", cb->p->title, c->n_sites);
    bk_text(b, s, 0, 0, text, b->f.title);
    snprintf(text, sizeof text,
             "Amounts in %s. Shaded cells are inputs: change a site's cost and its costs per "
             "participant, output and outcome, its NPV and SROI, and the programme total "
             "follow. n/a: not defined (no one eligible, or nothing achieved).%s",
             cb->currency ? cb->currency : "", c->suppress ? " [c]: hidden (--suppress)." : "");
    bk_text(b, s, 1, 0, text, b->f.note);
    sites_heads(cb);
    for (size_t i = 0; i < c->n_sites; i++) {
        site_fixed(cb, i);
        site_items(cb, i);
    }
    total_row(cb);
    /* a negative NPV in red, a site's or the programme's */
    bk_red_when_negative(b, s, cb->site_row0, SC_NPV, cb_site_row(cb, c->n_sites), SC_NPV);
    bk_freeze(b, s, cb->site_row0, SC_SOURCE); /* printed on every page too */
    bk_fit(b, s);
}

/* ---- Left out ---- */

static void left_out_rows(cbook *cb, lxw_row_t *row)
{
    book *b = &cb->b;
    sheet *s = &cb->left_out;
    for (size_t i = 0; i < cb->c->n_sites; i++) {
        const site_figures *sf = &cb->c->sites[i];
        for (size_t k = 0; k < sf->n_outputs + sf->n_outcomes + sf->n_areas; k++) {
            const char *kind, *id, *label;
            bool compared;
            if (k < sf->n_outputs) {
                kind = "output", id = sf->outputs[k].id, label = sf->outputs[k].label;
                compared = sf->outputs[k].compared;
            } else if (k < sf->n_outputs + sf->n_outcomes) {
                const site_outcome *o = &sf->outcomes[k - sf->n_outputs];
                kind = "outcome", id = o->id, label = o->label, compared = o->compared;
            } else {
                const site_area *a = &sf->areas[k - sf->n_outputs - sf->n_outcomes];
                kind = "distance area", id = a->id, label = a->label, compared = a->compared;
            }
            if (compared)
                continue;
            bk_text(b, s, *row, 0, sf->name, b->f.text);
            bk_text(b, s, *row, 1, kind, b->f.text);
            bk_text(b, s, *row, 2, id, b->f.text);
            bk_text(b, s, *row, 3, label, b->f.text);
            (*row)++;
        }
    }
}

static void sheet_left_out(cbook *cb)
{
    book *b = &cb->b;
    sheet *s = &cb->left_out;
    bk_text(b, s, 0, 0, "Left out of the comparison", b->f.title);
    bk_text(b, s, 1, 0,
            "An output, outcome or distance area is compared when two or more sites have it "
            "(the same id); these are each one site's alone.",
            b->f.note);
    static const char *const heads[] = {"Site", "What", "Id", "Label"};
    for (lxw_col_t c = 0; c < 4; c++)
        bk_header(b, s, 3, c, heads[c]);
    lxw_row_t row = 4;
    left_out_rows(cb, &row);
    if (row == 4)
        bk_text(b, s, row, 0, "Nothing: every site has every compared item.", b->f.text);
    bk_fit(b, s);
}

/* ---- About ---- */

static void about_site(cbook *cb, lxw_row_t row, const site_figures *sf)
{
    book *b = &cb->b;
    sheet *s = &cb->about;
    bk_text(b, s, row, 0, sf->name, b->f.bold);
    bk_text(b, s, row, 1, sf->from_summary ? "its summary" : "evaluated here", b->f.text);
    bk_text(b, s, row, 2, sf->model_id, b->f.text);
    bk_text(b, s, row, 3, sf->model_file, b->f.text);
    bk_text(b, s, row, 4, sf->model_sha256, b->f.text);
    bk_text(b, s, row, 5, sf->data_file, b->f.text);
    bk_text(b, s, row, 6, sf->data_sha256, b->f.text);
    bk_count(b, s, row, 7, sf->rows_read, sf->participants_hidden);
    bk_count(b, s, row, 8, sf->rows_accepted, sf->participants_hidden);
    bk_count(b, s, row, 9, sf->rows_rejected, false);
    bk_count(b, s, row, 10, sf->rows_outside, sf->participants_hidden);
}

/* Where the rejected rows are: in no figure here, each listed with its
 * line and reason by `thrive validate` on the site's model and data. */
static void about_rejected(cbook *cb, lxw_row_t row)
{
    long long rejected = 0;
    size_t n = 0;
    for (size_t i = 0; i < cb->c->n_sites; i++) {
        rejected += cb->c->sites[i].rows_rejected;
        n += cb->c->sites[i].rows_rejected > 0;
    }
    char text[512];
    if (rejected)
        snprintf(text, sizeof text,
                 "%lld row%s rejected (in %zu site%s) %s in no figure of this comparison. "
                 "`thrive validate MODEL --data DATA` on a site's files lists each with its line "
                 "and reason; a site read from its summary can list its own.",
                 rejected, rejected == 1 ? "" : "s", n, n == 1 ? "" : "s",
                 rejected == 1 ? "is" : "are");
    else
        snprintf(text, sizeof text, "No site rejected a row of its data.");
    bk_text(&cb->b, &cb->about, row, 0, text, cb->b.f.note);
}

static void sheet_about(cbook *cb)
{
    book *b = &cb->b;
    sheet *s = &cb->about;
    char when[64], text[256];
    struct tm tm;
    gmtime_r(&cb->generated, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
    bk_text(b, s, 0, 0, "About this comparison", b->f.title);
    const char *rows[][2] = {{"Written by", "thrive " PACKAGE_VERSION},
                             {"Programme", cb->p->id},
                             {"Title", cb->p->title},
                             {"Programme file", cb->p->file},
                             {"Programme file SHA-256", cb->p->sha256},
                             {"Written at", when}};
    lxw_row_t row = 2;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++, row++) {
        bk_text(b, s, row, 0, rows[i][0], b->f.bold);
        bk_text(b, s, row, 1, rows[i][1], b->f.text);
    }
    snprintf(text, sizeof text, "%ld", cb->c->suppress);
    bk_text(b, s, row, 0, "--suppress", b->f.bold);
    bk_text(b, s, row++, 1, cb->c->suppress ? text : "off", b->f.text);
    row++;
    static const char *const heads[] = {
        "Site",         "Figures from", "Model",    "Model file", "Model SHA-256",   "Data file",
        "Data SHA-256", "Rows read",    "Accepted", "Rejected",   "Outside the site"};
    for (lxw_col_t c = 0; c < 11; c++)
        bk_header(b, s, row, c, heads[c]);
    for (size_t i = 0; i < cb->c->n_sites; i++)
        about_site(cb, ++row, &cb->c->sites[i]);
    about_rejected(cb, row + 2);
    bk_fit(b, s);
}

/* ---- the workbook ---- */

/* The workbook is written row by row in constant memory, whatever the
 * number of sites: each sheet is measured first, so that its heading rows
 * are sized before the rows below them are written (bk_measured()). */
static void write_sheet(cbook *cb, sheet *s, void (*write)(cbook *))
{
    s->measure = true;
    write(cb);
    bk_measured(s);
    write(cb);
}

static void build(cbook *cb)
{
    book *b = &cb->b;
    char title[512];
    snprintf(title, sizeof title, "Programme comparison: %s", cb->p->title);
    lxw_doc_properties props = {.title = title,
                                .author = "thrive",
                                .comments = "Written by thrive " PACKAGE_VERSION,
                                .keywords = "programme comparison, value for money",
                                .created = cb->generated};
    bk_check(b, workbook_set_properties(b->wb, &props));
    const struct {
        sheet *s;
        const char *name;
    } sheets[] = {{&cb->sites, "Sites"},       {&cb->cpo, "Cost per outcome"},
                  {&cb->funnel, "Funnel"},     {&cb->distance, "Distance by site"},
                  {&cb->left_out, "Left out"}, {&cb->about, "About"}};
    for (size_t i = 0; i < sizeof sheets / sizeof *sheets; i++)
        bk_add_sheet(b, sheets[i].s, sheets[i].name);
    if (b->err)
        return;
    bk_make_formats(b, cb->currency);
    cb->group_format = workbook_add_format(b->wb);
    format_set_bold(cb->group_format);
    format_set_align(cb->group_format, LXW_ALIGN_CENTER);
    format_set_text_wrap(cb->group_format);
    format_set_bottom(cb->group_format, LXW_BORDER_MEDIUM);
    cb->site_row0 = 5;
    cb->output_col0 = SC_NCOLS;
    cb->outcome_col0 = cb->output_col0 + (lxw_col_t)(cb->c->n_outputs * SO_NCOLS);
    cb->area_col0 = cb->outcome_col0 + (lxw_col_t)(cb->c->n_outcomes * SOC_NCOLS);
    lxw_col_t col = cb->area_col0 + (lxw_col_t)(cb->c->n_areas * SA_NCOLS);
    for (int k = 0; k < COMPARE_BLOCKS; k++)
        if (cb->c->block_seen[k]) {
            cb->block_col[k] = col;
            col += SB_NCOLS;
        }
    write_sheet(cb, &cb->sites, sheet_sites);
    write_sheet(cb, &cb->cpo, cb_sheet_cost_per_outcome);
    write_sheet(cb, &cb->funnel, cb_sheet_funnel);
    write_sheet(cb, &cb->distance, cb_sheet_distance);
    write_sheet(cb, &cb->left_out, sheet_left_out);
    write_sheet(cb, &cb->about, sheet_about);
    worksheet_activate(cb->cpo.ws);
}

/* BUILD for bk_write_file(): B is the first member of a cbook. */
static void build_book(book *b)
{
    build((cbook *)b);
}

thrive_error compare_book_write(const comparison *c, const programme *p, const char *currency,
                                time_t generated, const char *path, diag_list *dl)
{
    cbook *cb = calloc(1, sizeof *cb);
    if (!cb) {
        diag_error(dl, path, 0, 0, "out of memory while writing the workbook");
        return THRIVE_ERROR_NOMEM;
    }
    cb->c = c;
    cb->p = p;
    cb->currency = currency;
    cb->generated = generated;
    /* Row by row, in memory that does not grow with the sites. */
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    thrive_error status = bk_write_file(&cb->b, path, &opt, build_book, dl);
    free(cb);
    return status;
}
