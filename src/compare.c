/* compare.c - the programme comparison (see compare.h). */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const compare_block_names[COMPARE_BLOCKS] = {"financial_support", "employment_skills",
                                                         "life_chances", "place"};
const char *const compare_block_labels[COMPARE_BLOCKS] = {
    "Financial support", "Employment and skills", "Life chances", "Place"};

static const char *const funnel_names[] = {NULL,     "above 99.8%", "above 95%",
                                           "within", "below 95%",   "below 99.8%"};

const char *compare_funnel_name(funnel_position f)
{
    return funnel_names[f];
}

static double ratio(double a, double b)
{
    return b != 0 && isfinite(a) && isfinite(b) ? a / b : NAN;
}

/* ---- the pieces ---- */

void compare_cost_ci(double cost, long long eligible, double ci_lo, double ci_hi, double *lo,
                     double *hi)
{
    *lo = ratio(cost, (double)eligible * ci_hi);
    *hi = ratio(cost, (double)eligible * ci_lo);
}

void compare_funnel_limits(double p0, long long eligible, double z, double *lo, double *hi)
{
    if (eligible <= 0 || !isfinite(p0)) {
        *lo = *hi = NAN;
        return;
    }
    double half = z * sqrt(p0 * (1 - p0) / (double)eligible);
    *lo = fmax(0, p0 - half);
    *hi = fmin(1, p0 + half);
}

funnel_position compare_funnel_position(double rate, double p0, long long eligible)
{
    if (eligible <= 0 || !isfinite(p0) || !isfinite(rate))
        return FUNNEL_NONE;
    double lo95, hi95, lo998, hi998;
    compare_funnel_limits(p0, eligible, COMPARE_Z95, &lo95, &hi95);
    compare_funnel_limits(p0, eligible, COMPARE_Z998, &lo998, &hi998);
    if (rate > hi998)
        return FUNNEL_ABOVE_998;
    if (rate > hi95)
        return FUNNEL_ABOVE_95;
    if (rate < lo998)
        return FUNNEL_BELOW_998;
    if (rate < lo95)
        return FUNNEL_BELOW_95;
    return FUNNEL_WITHIN;
}

void compare_ranks(const double *values, size_t n, bool highest_first, long *ranks)
{
    for (size_t i = 0; i < n; i++) {
        ranks[i] = 0;
        if (isnan(values[i]))
            continue;
        long better = 0;
        for (size_t j = 0; j < n; j++)
            if (!isnan(values[j]) &&
                (highest_first ? values[j] > values[i] : values[j] < values[i]))
                better++;
        ranks[i] = better + 1;
    }
}

void compare_rank_ranges(const double *lo, const double *hi, const long *ranks, size_t n,
                         long *best, long *worst)
{
    long n_ranked = 0;
    for (size_t i = 0; i < n; i++)
        n_ranked += ranks[i] > 0;
    for (size_t i = 0; i < n; i++) {
        best[i] = worst[i] = 0;
        if (ranks[i] <= 0)
            continue;
        long below = 0, above = 0;
        for (size_t j = 0; j < n; j++) {
            if (ranks[j] <= 0)
                continue;
            /* NAN upper ends are +infinity: never below, and nothing is
             * above them. */
            if (!isnan(hi[j]) && hi[j] < lo[i])
                below++;
            if (!isnan(hi[i]) && lo[j] > hi[i])
                above++;
        }
        best[i] = 1 + below;
        worst[i] = n_ranked - above;
    }
}

thrive_error compare_hist_add(long long **acc, long *acc_min, size_t *acc_width,
                              const long long *hist, long min, size_t width)
{
    if (width == 0)
        return THRIVE_OK;
    long lo = *acc_width ? (min < *acc_min ? min : *acc_min) : min;
    long end_acc = *acc_width ? *acc_min + (long)*acc_width : min + (long)width;
    long end = min + (long)width > end_acc ? min + (long)width : end_acc;
    if (!*acc_width || lo != *acc_min || end != *acc_min + (long)*acc_width) {
        long long *grown = calloc((size_t)(end - lo), sizeof *grown);
        if (!grown)
            return THRIVE_ERROR_NOMEM;
        for (size_t i = 0; i < *acc_width; i++)
            grown[*acc_min - lo + (long)i] = (*acc)[i];
        free(*acc);
        *acc = grown;
        *acc_min = lo;
        *acc_width = (size_t)(end - lo);
    }
    for (size_t i = 0; i < width; i++)
        (*acc)[min - *acc_min + (long)i] += hist[i];
    return THRIVE_OK;
}

/* ---- what is compared ---- */

/* The ids of one kind of item in site S: its outputs, outcomes or areas. */
typedef enum { KIND_OUTPUT, KIND_OUTCOME, KIND_AREA } item_kind;

static size_t n_items(const site_figures *s, item_kind k)
{
    return k == KIND_OUTPUT ? s->n_outputs : k == KIND_OUTCOME ? s->n_outcomes : s->n_areas;
}

static const char *item_id(const site_figures *s, item_kind k, size_t i)
{
    return k == KIND_OUTPUT    ? s->outputs[i].id
           : k == KIND_OUTCOME ? s->outcomes[i].id
                               : s->areas[i].id;
}

static const char *item_label(const site_figures *s, item_kind k, size_t i)
{
    return k == KIND_OUTPUT    ? s->outputs[i].label
           : k == KIND_OUTCOME ? s->outcomes[i].label
                               : s->areas[i].label;
}

static void item_set_compared(site_figures *s, item_kind k, size_t i)
{
    if (k == KIND_OUTPUT)
        s->outputs[i].compared = true;
    else if (k == KIND_OUTCOME)
        s->outcomes[i].compared = true;
    else
        s->areas[i].compared = true;
}

static long find_item(const site_figures *s, item_kind k, const char *id)
{
    for (size_t i = 0; i < n_items(s, k); i++)
        if (strcmp(item_id(s, k, i), id) == 0)
            return (long)i;
    return -1;
}

/* The items of kind K that two or more sites have, in order of first
 * appearance (sites in order, each in its own order). */
static thrive_error find_compared(comparison *c, item_kind k, compared_item **out, size_t *n_out)
{
    size_t cap = 0;
    for (size_t s = 0; s < c->n_sites; s++)
        cap += n_items(&c->sites[s], k);
    compared_item *items = calloc(cap ? cap : 1, sizeof *items);
    if (!items)
        return THRIVE_ERROR_NOMEM;
    size_t n = 0;
    for (size_t s = 0; s < c->n_sites; s++)
        for (size_t i = 0; i < n_items(&c->sites[s], k); i++) {
            const char *id = item_id(&c->sites[s], k, i);
            bool seen = false;
            for (size_t j = 0; j < n && !seen; j++)
                seen = strcmp(items[j].id, id) == 0;
            if (seen)
                continue;
            long *at = malloc(c->n_sites * sizeof *at);
            if (!at) {
                for (size_t j = 0; j < n; j++)
                    free(items[j].at);
                free(items);
                return THRIVE_ERROR_NOMEM;
            }
            size_t having = 0;
            for (size_t t = 0; t < c->n_sites; t++) {
                at[t] = t < s ? -1 : find_item(&c->sites[t], k, id);
                having += at[t] >= 0;
            }
            if (having < 2) {
                free(at);
                continue;
            }
            for (size_t t = 0; t < c->n_sites; t++)
                if (at[t] >= 0)
                    item_set_compared(&c->sites[t], k, (size_t)at[t]);
            items[n++] = (compared_item){id, item_label(&c->sites[s], k, i), at};
        }
    *out = items;
    *n_out = n;
    return THRIVE_OK;
}

/* ---- disclosure control ---- */

static bool count_hidden(long suppress, long long count)
{
    return suppress > 0 && count >= 1 && count < suppress;
}

/* One count column across the sites (COUNTS[i], HIDDEN[i] for the N sites
 * that have the item): when exactly one is hidden, the next smallest is
 * too, so that the pooled total minus the others does not give it away. */
static void hide_second(const long long *counts, bool **hidden, size_t n)
{
    size_t n_hidden = 0, next = (size_t)-1;
    for (size_t i = 0; i < n; i++)
        n_hidden += *hidden[i];
    if (n_hidden != 1)
        return;
    for (size_t i = 0; i < n; i++)
        if (!*hidden[i] && counts[i] > 0 && (next == (size_t)-1 || counts[i] < counts[next]))
            next = i;
    if (next != (size_t)-1)
        *hidden[next] = true;
}

/* The column of one figure of compared item IT (or of participants when
 * IT is NULL) across the sites that have it. */
typedef enum { COL_PARTICIPANTS, COL_COUNT, COL_ELIGIBLE, COL_ACHIEVED, COL_PAIRS } column;

/* Site SF's count of column COL (of its item I) into *COUNT, and where its
 * hidden flag is. */
static bool *column_cell(site_figures *sf, column col, long i, long long *count)
{
    switch (col) {
    case COL_PARTICIPANTS:
        return *count = sf->participants, &sf->participants_hidden;
    case COL_COUNT:
        return *count = sf->outputs[i].count, &sf->outputs[i].hidden;
    case COL_ELIGIBLE:
        return *count = sf->outcomes[i].eligible, &sf->outcomes[i].eligible_hidden;
    case COL_ACHIEVED:
        return *count = sf->outcomes[i].achieved, &sf->outcomes[i].achieved_hidden;
    case COL_PAIRS:
    default:
        return *count = sf->areas[i].n, &sf->areas[i].hidden;
    }
}

static void hide_column(comparison *c, const compared_item *it, column col, long long *counts,
                        bool **hidden)
{
    size_t n = 0;
    for (size_t s = 0; s < c->n_sites; s++) {
        site_figures *sf = &c->sites[s];
        long i = it ? it->at[s] : 0;
        if (i < 0)
            continue;
        hidden[n] = column_cell(sf, col, i, &counts[n]);
        *hidden[n] = count_hidden(c->suppress, counts[n]);
        n++;
    }
    hide_second(counts, hidden, n);
}

static thrive_error suppress_sites(comparison *c)
{
    long long *counts = malloc((c->n_sites ? c->n_sites : 1) * sizeof *counts);
    bool **hidden = malloc((c->n_sites ? c->n_sites : 1) * sizeof *hidden);
    if (!counts || !hidden) {
        free(counts);
        free(hidden);
        return THRIVE_ERROR_NOMEM;
    }
    /* What is not compared is hidden on its own terms (not pooled). */
    for (size_t s = 0; s < c->n_sites; s++) {
        site_figures *sf = &c->sites[s];
        for (size_t i = 0; i < sf->n_outputs; i++)
            sf->outputs[i].hidden = count_hidden(c->suppress, sf->outputs[i].count);
        for (size_t i = 0; i < sf->n_outcomes; i++) {
            sf->outcomes[i].eligible_hidden = count_hidden(c->suppress, sf->outcomes[i].eligible);
            sf->outcomes[i].achieved_hidden = count_hidden(c->suppress, sf->outcomes[i].achieved);
        }
        for (size_t i = 0; i < sf->n_areas; i++)
            sf->areas[i].hidden = count_hidden(c->suppress, sf->areas[i].n);
    }
    hide_column(c, NULL, COL_PARTICIPANTS, counts, hidden);
    for (size_t k = 0; k < c->n_outputs; k++)
        hide_column(c, &c->outputs[k], COL_COUNT, counts, hidden);
    for (size_t k = 0; k < c->n_outcomes; k++) {
        hide_column(c, &c->outcomes[k], COL_ELIGIBLE, counts, hidden);
        hide_column(c, &c->outcomes[k], COL_ACHIEVED, counts, hidden);
    }
    for (size_t k = 0; k < c->n_areas; k++)
        hide_column(c, &c->areas[k], COL_PAIRS, counts, hidden);
    free(counts);
    free(hidden);
    return THRIVE_OK;
}

/* ---- per site ---- */

static void site_derived(comparison *c, site_figures *sf)
{
    sf->value_hidden = false;
    for (int b = 0; b < COMPARE_BLOCKS; b++) {
        sf->block_net[b] = sf->block_pv[b] = 0;
        sf->block_seen[b] = false;
    }
    for (size_t i = 0; i < sf->n_outcomes; i++) {
        site_outcome *o = &sf->outcomes[i];
        /* With nothing achieved the interval still bounds the cost per
         * outcome from below: [C / (E hi), null]. */
        compare_cost_ci(sf->cost_total, o->eligible, o->ci_lo, o->ci_hi, &o->cpo_lo, &o->cpo_hi);
        if (!isnan(o->present_value))
            sf->value_hidden |= o->achieved_hidden;
        if (o->block >= 0) {
            sf->block_seen[o->block] = true;
            sf->block_net[o->block] += o->net;
            if (!isnan(o->present_value))
                sf->block_pv[o->block] += o->present_value;
        }
    }
    c->participants += sf->participants;
    c->cost_total += sf->cost_total;
    c->cost_adjusted += sf->cost_adjusted;
    c->present_value += sf->present_value;
    for (int b = 0; b < COMPARE_BLOCKS; b++)
        if (sf->block_seen[b]) {
            c->block_seen[b] = true;
            c->block_net[b] += sf->block_net[b];
            c->block_pv[b] += sf->block_pv[b];
        }
}

/* ---- pooled ---- */

static void pool_outcome(comparison *c, size_t k)
{
    const compared_item *it = &c->outcomes[k];
    pooled_outcome *po = &c->pooled_outcomes[k];
    *po = (pooled_outcome){.id = it->id, .label = it->label};
    double *cpo = malloc(c->n_sites * sizeof *cpo);
    double *lo = malloc(c->n_sites * sizeof *lo), *hi = malloc(c->n_sites * sizeof *hi);
    long *rank = malloc(c->n_sites * sizeof *rank), *best = malloc(c->n_sites * sizeof *best);
    long *worst = malloc(c->n_sites * sizeof *worst);
    for (size_t s = 0; s < c->n_sites; s++) {
        if (it->at[s] < 0)
            continue;
        const site_figures *sf = &c->sites[s];
        const site_outcome *o = &sf->outcomes[it->at[s]];
        po->eligible += o->eligible;
        po->achieved += o->achieved;
        po->net += o->net;
        po->cost += sf->cost_total;
    }
    po->rate = ratio((double)po->achieved, (double)po->eligible);
    stats_wilson((double)po->achieved, (double)po->eligible, STATS_Z95, &po->ci_lo, &po->ci_hi);
    po->cost_per_outcome = ratio(po->cost, (double)po->achieved);
    po->eligible_hidden = count_hidden(c->suppress, po->eligible);
    po->achieved_hidden = count_hidden(c->suppress, po->achieved);
    if (!cpo || !lo || !hi || !rank || !best || !worst)
        goto done; /* ranks stay null; compare_build reports the failure */
    for (size_t s = 0; s < c->n_sites; s++) {
        site_outcome *o = it->at[s] >= 0 ? &c->sites[s].outcomes[it->at[s]] : NULL;
        cpo[s] = o ? o->cost_per_outcome : NAN;
        lo[s] = o ? o->cpo_lo : NAN;
        hi[s] = o ? o->cpo_hi : NAN;
        if (o)
            o->funnel = compare_funnel_position(o->rate, po->rate, o->eligible);
    }
    compare_ranks(cpo, c->n_sites, false, rank);
    compare_rank_ranges(lo, hi, rank, c->n_sites, best, worst);
    for (size_t s = 0; s < c->n_sites; s++) {
        if (it->at[s] < 0)
            continue;
        site_outcome *o = &c->sites[s].outcomes[it->at[s]];
        o->rank = rank[s];
        o->rank_best = best[s];
        o->rank_worst = worst[s];
        po->n_ranked += rank[s] > 0;
    }
done:
    free(cpo);
    free(lo);
    free(hi);
    free(rank);
    free(best);
    free(worst);
}

static thrive_error pool_area(comparison *c, size_t k)
{
    const compared_item *it = &c->areas[k];
    pooled_area *pa = &c->pooled_areas[k];
    *pa = (pooled_area){.id = it->id, .label = it->label};
    long long *hist = NULL;
    long min = 0;
    size_t width = 0;
    for (size_t s = 0; s < c->n_sites; s++) {
        if (it->at[s] < 0)
            continue;
        const site_area *a = &c->sites[s].areas[it->at[s]];
        pa->n += a->n;
        pa->n_missing_review += a->n_missing_review;
        pa->sum_baseline += a->sum_baseline;
        pa->sum_review += a->sum_review;
        if (compare_hist_add(&hist, &min, &width, a->hist, a->hist_min, a->hist_width) !=
            THRIVE_OK) {
            free(hist);
            return THRIVE_ERROR_NOMEM;
        }
    }
    /* Exactly as a single evaluation computes them (see measures.c). */
    pa->mean_baseline = ratio((double)pa->sum_baseline, (double)pa->n);
    pa->mean_review = ratio((double)pa->sum_review, (double)pa->n);
    stats_paired_from_histogram(hist, min, width, &pa->change);
    pa->hidden = count_hidden(c->suppress, pa->n);
    pa->missing_hidden = count_hidden(c->suppress, pa->n_missing_review);
    free(hist);
    return THRIVE_OK;
}

static thrive_error sroi_ranks(comparison *c)
{
    double *v = malloc((c->n_sites ? c->n_sites : 1) * sizeof *v);
    long *r = malloc((c->n_sites ? c->n_sites : 1) * sizeof *r);
    if (!v || !r) {
        free(v);
        free(r);
        return THRIVE_ERROR_NOMEM;
    }
    for (size_t s = 0; s < c->n_sites; s++)
        v[s] = c->sites[s].sroi_ratio;
    compare_ranks(v, c->n_sites, true, r);
    for (size_t s = 0; s < c->n_sites; s++)
        c->sites[s].sroi_rank = r[s];
    free(v);
    free(r);
    return THRIVE_OK;
}

thrive_error compare_build(site_figures *sites, size_t n, long suppress, comparison *c)
{
    memset(c, 0, sizeof *c);
    c->sites = sites;
    c->n_sites = n;
    c->suppress = suppress;
    thrive_error e = find_compared(c, KIND_OUTPUT, &c->outputs, &c->n_outputs);
    if (e == THRIVE_OK)
        e = find_compared(c, KIND_OUTCOME, &c->outcomes, &c->n_outcomes);
    if (e == THRIVE_OK)
        e = find_compared(c, KIND_AREA, &c->areas, &c->n_areas);
    if (e == THRIVE_OK)
        e = suppress_sites(c);
    c->pooled_outcomes = calloc(c->n_outcomes ? c->n_outcomes : 1, sizeof *c->pooled_outcomes);
    c->pooled_areas = calloc(c->n_areas ? c->n_areas : 1, sizeof *c->pooled_areas);
    if (e != THRIVE_OK || !c->pooled_outcomes || !c->pooled_areas)
        return THRIVE_ERROR_NOMEM;
    size_t n_value_hidden = 0;
    for (size_t s = 0; s < n; s++) {
        site_derived(c, &sites[s]);
        n_value_hidden += sites[s].value_hidden;
    }
    c->participants_hidden = count_hidden(suppress, c->participants);
    /* One site's hidden value would be the total minus the others'. */
    c->value_hidden = n_value_hidden == 1;
    c->npv = c->present_value - c->cost_adjusted;
    c->sroi_ratio = ratio(c->present_value, c->cost_adjusted);
    for (size_t k = 0; k < c->n_outcomes; k++)
        pool_outcome(c, k);
    for (size_t k = 0; k < c->n_areas && e == THRIVE_OK; k++)
        e = pool_area(c, k);
    if (e == THRIVE_OK)
        e = sroi_ranks(c);
    return e;
}

static void free_items(compared_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i].at);
    free(items);
}

void comparison_free(comparison *c)
{
    free_items(c->outputs, c->n_outputs);
    free_items(c->outcomes, c->n_outcomes);
    free_items(c->areas, c->n_areas);
    free(c->pooled_outcomes);
    free(c->pooled_areas);
    memset(c, 0, sizeof *c);
}

void site_figures_free(site_figures *s)
{
    if (!s)
        return;
    char *texts[] = {s->name, s->model_id, s->model_file, s->currency, s->data_file};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        free(texts[i]);
    for (size_t i = 0; i < s->n_outputs; i++) {
        free(s->outputs[i].id);
        free(s->outputs[i].label);
    }
    free(s->outputs);
    for (size_t i = 0; i < s->n_outcomes; i++) {
        free(s->outcomes[i].id);
        free(s->outcomes[i].label);
    }
    free(s->outcomes);
    for (size_t i = 0; i < s->n_areas; i++) {
        free(s->areas[i].id);
        free(s->areas[i].label);
        free(s->areas[i].hist);
    }
    free(s->areas);
    memset(s, 0, sizeof *s);
}
