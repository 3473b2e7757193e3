/* secondary.c - secondary suppression (see secondary.h). */
#include "secondary.h"

/* The flag of figure F (of output or outcome I) in group G. */
static bool *group_flag(res_group *g, fig_id f, size_t i)
{
    switch (f) {
    case FIG_PARTICIPANTS:
        return &g->participants_suppressed;
    case FIG_OUTPUT_COUNT:
        return &g->count_suppressed[i];
    case FIG_ELIGIBLE:
        return &g->eligible_suppressed[i];
    default:
        return &g->achieved_suppressed[i];
    }
}

/* Column (F, I) of the N groups G: when exactly one count is hidden, hide
 * the next smallest above 0.  With every other count 0, the total equals
 * the hidden count and is itself hidden: nothing to add. */
static void second_in_groups(res_group *g, size_t n, fig_id f, size_t i)
{
    size_t hidden = 0, pick = n;
    for (size_t k = 0; k < n; k++)
        hidden += *group_flag(&g[k], f, i);
    if (hidden != 1)
        return;
    for (size_t k = 0; k < n; k++) {
        double v = results_group_figure(&g[k], f, i);
        if (!*group_flag(&g[k], f, i) && v > 0 &&
            (pick == n || v < results_group_figure(&g[pick], f, i)))
            pick = k;
    }
    if (pick < n)
        *group_flag(&g[pick], f, i) = true;
}

/* Each group's rates and summary flag, after its counts changed. */
static void group_rates(const model *m, res_group *g)
{
    g->suppressed = g->participants_suppressed;
    for (size_t i = 0; i < m->n_outputs; i++)
        g->suppressed |= g->count_suppressed[i];
    for (size_t i = 0; i < m->n_outcomes; i++) {
        g->rate_suppressed[i] = g->eligible_suppressed[i] || g->achieved_suppressed[i];
        g->suppressed |= g->rate_suppressed[i];
    }
}

static void second_groups(const model *m, res_group *g, size_t n)
{
    if (n == 0 || !g[0].count_suppressed)
        return;
    second_in_groups(g, n, FIG_PARTICIPANTS, 0);
    for (size_t i = 0; i < m->n_outputs; i++)
        second_in_groups(g, n, FIG_OUTPUT_COUNT, i);
    for (size_t i = 0; i < m->n_outcomes; i++) {
        second_in_groups(g, n, FIG_ELIGIBLE, i);
        second_in_groups(g, n, FIG_ACHIEVED, i);
    }
    for (size_t k = 0; k < n; k++)
        group_rates(m, &g[k]);
}

void secondary_suppress(results *r)
{
    if (r->suppress <= 0)
        return;
    if (r->m) {
        for (size_t b = 0; b < r->m->n_breakdowns; b++)
            second_groups(r->m, r->breakdowns[b].groups, r->breakdowns[b].n_groups);
        second_groups(r->m, r->quarters, r->n_quarters);
    }
}
