/* compare.h - the programme comparison of `thrive compare`: what every
 * site's evaluation says, side by side, and pooled.
 *
 * A site's figures (site_figures) come either from an evaluation run here
 * (site.c) or from the site's own evaluate summary, and are kept small: a
 * few numbers per output, outcome and distance area, and the histogram of
 * changes per area.  compare_build() then works out, from those alone and
 * with no I/O, what is compared and what each site leaves out, the pooled
 * programme total, each site's cost-per-outcome interval, funnel position
 * and rank, and its SROI rank.  NAN stands for "not defined" (null).
 */
#ifndef THRIVE_COMPARE_H
#define THRIVE_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "hash.h"
#include "stats.h"

/* z for the funnel's limits: two-sided 95% and 99.8%. */
#define COMPARE_Z95  1.959963984540054
#define COMPARE_Z998 3.090232306167813

/* The four Child Poverty Strategy building blocks, in the model's order. */
#define COMPARE_BLOCKS 4
extern const char *const compare_block_names[COMPARE_BLOCKS];
/* Their names for a reader ("Employment and skills"). */
extern const char *const compare_block_labels[COMPARE_BLOCKS];

typedef enum funnel_position {
    FUNNEL_NONE, /* E = 0, or no pooled rate */
    FUNNEL_ABOVE_998,
    FUNNEL_ABOVE_95,
    FUNNEL_WITHIN,
    FUNNEL_BELOW_95,
    FUNNEL_BELOW_998
} funnel_position;

/* "above 99.8%", ...; NULL for FUNNEL_NONE. */
const char *compare_funnel_name(funnel_position f);

typedef struct site_output {
    char *id, *label;
    long long count;
    double cost_per_output;
    bool compared;
    bool hidden; /* --suppress */
} site_output;

typedef struct site_outcome {
    char *id, *label;
    int block; /* index in compare_block_names, or -1 */
    long long eligible, achieved;
    double rate, ci_lo, ci_hi; /* A / E and its Wilson interval */
    double net, cost_per_outcome, cost_per_net_outcome;
    double present_value; /* NAN when the outcome has no value */
    bool compared;
    /* worked out by compare_build() */
    double cpo_lo, cpo_hi; /* cost_per_outcome_ci95 */
    funnel_position funnel;
    long rank, rank_best, rank_worst; /* 0 = null */
    bool eligible_hidden, achieved_hidden;
} site_outcome;

typedef struct site_area {
    char *id, *label;
    long long n, n_missing_review;
    long long sum_baseline, sum_review;
    long long *hist; /* pairs whose change is hist_min + i */
    long hist_min;
    size_t hist_width;
    double mean_change, ci_lo, ci_hi;
    bool compared;
    bool hidden;
} site_area;

typedef struct site_figures {
    char *name;
    bool from_summary;
    char *model_id, *model_file, *currency;
    char model_sha256[HASH_HEX_SIZE];
    char *data_file;
    char data_sha256[HASH_HEX_SIZE];
    long long rows_read, rows_accepted, rows_rejected, rows_outside;
    long long participants;
    double cost_total, cost_adjusted, cost_per_participant;
    double optimism_bias; /* C' = C (1 + optimism_bias) */
    site_output *outputs;
    size_t n_outputs;
    site_outcome *outcomes;
    size_t n_outcomes;
    site_area *areas;
    size_t n_areas;
    double present_value, npv, sroi_ratio;
    /* worked out by compare_build() */
    long sroi_rank; /* 0 = null */
    double block_net[COMPARE_BLOCKS], block_pv[COMPARE_BLOCKS];
    bool block_seen[COMPARE_BLOCKS];
    bool participants_hidden, value_hidden;
} site_figures;

void site_figures_free(site_figures *s);

/* The pooled figures of one compared outcome. */
typedef struct pooled_outcome {
    const char *id, *label; /* the first site's */
    long long eligible, achieved;
    double rate, ci_lo, ci_hi;
    double net;
    double cost; /* sum of C over the sites that have it */
    double cost_per_outcome;
    size_t n_ranked; /* sites with a cost per outcome */
    bool eligible_hidden, achieved_hidden;
} pooled_outcome;

/* The pooled figures of one compared area: every statistic of a single
 * evaluation, from the merged histograms. */
typedef struct pooled_area {
    const char *id, *label;
    long long n, n_missing_review;
    long long sum_baseline, sum_review;
    double mean_baseline, mean_review;
    stats_paired change;
    bool hidden, missing_hidden;
} pooled_area;

/* A compared item's id, and its index in each site (-1: not there). */
typedef struct compared_item {
    const char *id, *label;
    long *at; /* [n_sites] */
} compared_item;

typedef struct comparison {
    site_figures *sites; /* borrowed */
    size_t n_sites;
    long suppress;

    compared_item *outputs, *outcomes, *areas;
    size_t n_outputs, n_outcomes, n_areas;

    long long participants;
    double cost_total, cost_adjusted;
    pooled_outcome *pooled_outcomes; /* [n_outcomes] */
    pooled_area *pooled_areas;       /* [n_areas] */
    double present_value, npv, sroi_ratio;
    double block_net[COMPARE_BLOCKS], block_pv[COMPARE_BLOCKS];
    bool block_seen[COMPARE_BLOCKS];
    bool participants_hidden, value_hidden;
} comparison;

/* Compare SITES (N of them; their compared flags, ranks and the rest are
 * set) into *C, hiding counts from 1 to SUPPRESS - 1 (0: none).
 * THRIVE_OK or THRIVE_ERROR_NOMEM. */
thrive_error compare_build(site_figures *sites, size_t n, long suppress, comparison *c);
void comparison_free(comparison *c);

/* ---- the pieces, each a pure function ---- */

/* [C / (E hi), C / (E lo)]: an end is NAN when its divisor is 0 or NAN. */
void compare_cost_ci(double cost, long long eligible, double ci_lo, double ci_hi, double *lo,
                     double *hi);

/* The funnel's limits at E around the pooled rate P0 for quantile Z,
 * clipped to [0, 1]; NAN when E = 0 or P0 is NAN. */
void compare_funnel_limits(double p0, long long eligible, double z, double *lo, double *hi);

/* Where a site's RATE lies, strictly beyond a limit. */
funnel_position compare_funnel_position(double rate, double p0, long long eligible);

/* Competition ranks of VALUES (NAN: unranked, rank 0), lowest first or
 * highest first; ties share the better rank (1, 2, 2, 4). */
void compare_ranks(const double *values, size_t n, bool highest_first, long *ranks);

/* Rank ranges over the sites with a rank: best = 1 + the number of ranked
 * sites whose interval's upper end is below this one's lower end; worst =
 * (number ranked) - the number whose lower end is above this one's upper
 * end.  An upper end NAN is +infinity; an unranked site gets 0, 0. */
void compare_rank_ranges(const double *lo, const double *hi, const long *ranks, size_t n,
                         long *best, long *worst);

/* Add the histogram (HIST, MIN, WIDTH) into *ACC (*ACC_MIN, *ACC_WIDTH),
 * widening it as needed.  THRIVE_OK or THRIVE_ERROR_NOMEM. */
thrive_error compare_hist_add(long long **acc, long *acc_min, size_t *acc_width,
                              const long long *hist, long min, size_t width);

#endif
