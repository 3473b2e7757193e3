/* site_results.c - a site's figures from an evaluation run here (see
 * site.h): the same figures its summary would carry, so that a site
 * evaluated here and the same site read from its summary compare alike. */
#include "site.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_id(const char *label, const char *id, bool *nomem)
{
    char *d = strdup(label ? label : id);
    *nomem |= !d;
    return d;
}

static int block_of(strategy s)
{
    switch (s) {
    case STRATEGY_FINANCIAL_SUPPORT:
        return 0;
    case STRATEGY_EMPLOYMENT_SKILLS:
        return 1;
    case STRATEGY_LIFE_CHANCES:
        return 2;
    case STRATEGY_PLACE:
        return 3;
    default:
        return -1;
    }
}

/* The histogram from its first to its last change seen, as a summary
 * lists it. */
static bool copy_hist(const res_area *ra, site_area *sa)
{
    size_t first = 0, last = 0;
    bool any = false;
    for (size_t i = 0; ra->hist && i < ra->hist_width; i++)
        if (ra->hist[i] > 0) {
            if (!any)
                first = i;
            last = i;
            any = true;
        }
    sa->hist_min = any ? ra->hist_min + (long)first : 0;
    sa->hist_width = any ? last - first + 1 : 0;
    sa->hist = calloc(sa->hist_width ? sa->hist_width : 1, sizeof *sa->hist);
    if (!sa->hist)
        return false;
    if (any)
        memcpy(sa->hist, ra->hist + first, sa->hist_width * sizeof *sa->hist);
    return true;
}

static void copy_items(const results *r, site_figures *s, bool *nomem)
{
    const model *m = r->m;
    s->outputs = calloc(m->n_outputs ? m->n_outputs : 1, sizeof *s->outputs);
    s->outcomes = calloc(m->n_outcomes ? m->n_outcomes : 1, sizeof *s->outcomes);
    s->areas = calloc(m->n_areas ? m->n_areas : 1, sizeof *s->areas);
    if (!s->outputs || !s->outcomes || !s->areas) {
        *nomem = true;
        return;
    }
    for (size_t i = 0; i < m->n_outputs; i++, s->n_outputs++)
        s->outputs[i] =
            (site_output){.id = dup_or_id(NULL, m->outputs[i].id, nomem),
                          .label = dup_or_id(m->outputs[i].label, m->outputs[i].id, nomem),
                          .count = r->outputs[i].count,
                          .cost_per_output = r->outputs[i].cost_per_output};
    for (size_t i = 0; i < m->n_outcomes; i++, s->n_outcomes++) {
        const outcome *o = &m->outcomes[i];
        const res_outcome *ro = &r->outcomes[i];
        s->outcomes[i] = (site_outcome){.id = dup_or_id(NULL, o->id, nomem),
                                        .label = dup_or_id(o->label, o->id, nomem),
                                        .block = block_of(o->strategy),
                                        .eligible = ro->eligible,
                                        .achieved = ro->achieved,
                                        .rate = ro->rate,
                                        .ci_lo = ro->ci_lo,
                                        .ci_hi = ro->ci_hi,
                                        .net = ro->net,
                                        .cost_per_outcome = ro->cost_per_outcome,
                                        .cost_per_net_outcome = ro->cost_per_net_outcome,
                                        .present_value = ro->present_value};
    }
    for (size_t i = 0; i < m->n_areas; i++, s->n_areas++) {
        const res_area *ra = &r->areas[i];
        site_area *sa = &s->areas[i];
        *sa = (site_area){.id = dup_or_id(NULL, m->areas[i].id, nomem),
                          .label = dup_or_id(m->areas[i].label, m->areas[i].id, nomem),
                          .n = ra->n,
                          .n_missing_review = ra->n_missing_review,
                          .sum_baseline = ra->sum_baseline,
                          .sum_review = ra->sum_review,
                          .mean_change = ra->change.mean,
                          .ci_lo = ra->change.ci_lo,
                          .ci_hi = ra->change.ci_hi};
        *nomem |= !copy_hist(ra, sa);
    }
}

thrive_error site_from_results(const results *r, const char *name, const char *model_file,
                               const char *data_file, site_figures *s)
{
    memset(s, 0, sizeof *s);
    const model *m = r->m;
    bool nomem = false;
    s->name = dup_or_id(NULL, name, &nomem);
    s->model_id = dup_or_id(NULL, m->id, &nomem);
    s->model_file = dup_or_id(NULL, model_file, &nomem);
    s->currency = dup_or_id(NULL, m->currency, &nomem);
    s->data_file = dup_or_id(NULL, data_file, &nomem);
    memcpy(s->model_sha256, r->model_sha256, HASH_HEX_SIZE);
    memcpy(s->data_sha256, r->data_sha256, HASH_HEX_SIZE);
    s->rows_read = r->rows_read;
    s->rows_accepted = r->rows_accepted;
    s->rows_rejected = r->rows_rejected;
    s->rows_outside = r->rows_outside;
    s->participants = r->rows_accepted;
    s->cost_total = r->cost_total;
    s->cost_adjusted = r->cost_adjusted;
    s->cost_per_participant = r->cost_per_participant;
    s->optimism_bias = m->adj.optimism_bias;
    s->present_value = r->pv_total;
    s->npv = r->npv;
    s->sroi_ratio = r->sroi_ratio;
    if (!nomem)
        copy_items(r, s, &nomem);
    if (nomem) {
        site_figures_free(s);
        return THRIVE_ERROR_NOMEM;
    }
    return THRIVE_OK;
}
