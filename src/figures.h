/* figures.h - one table of the figures an evaluation computes.
 *
 * Each figure has one name from its computation to the summary and the
 * workbook: FIG_COST_PER_NET_OUTCOME is computed into the results field
 * cost_per_net_outcome, written to the summary under the key
 * "cost_per_net_outcome" and to the workbook column OC_COST_PER_NET_OUTCOME
 * headed "Cost per net outcome", shown as money, and hidden under
 * --suppress with the outcome's achieved count.
 *
 * Model inputs (targets, values, costs, adjustments) are not figures: they
 * are written from the model.  A sheet may say more beside a figure than
 * its label (the Costs sheet's "Adjusted cost (total x (1 + optimism
 * bias))"); headings and the Summary use the label.
 *
 * @code
 *     const figure *f = &figures[FIG_COST_PER_NET_OUTCOME];
 *     double v = results_figure(r, FIG_COST_PER_NET_OUTCOME, i);   // results.h
 *     bool hidden = results_hidden(r, FIG_COST_PER_NET_OUTCOME, i);
 * @endcode
 */
#ifndef THRIVE_FIGURES_H
#define THRIVE_FIGURES_H

#include <stdbool.h>

/* How a figure is shown.  The order is that of the workbook's number
 * formats; a plugin's thrive_format is converted by the plugin host. */
typedef enum fig_format {
    FMT_TEXT,     /* a label, or a general number */
    FMT_COUNT,    /* a whole number: #,##0 (an integer in the summary) */
    FMT_NUMBER,   /* #,##0.00 */
    FMT_PERCENT,  /* a fraction shown as a percentage: 0.0% */
    FMT_CURRENCY, /* the model's currency, 2 decimals */
    FMT_RATIO,    /* 0.00 (SROI) */
    FMT_DAYS,     /* #,##0.0 */
    FMT_PVALUE,   /* 0.0000 */
    FMT_KINDS
} fig_format;

/* What a figure belongs to: the whole run, or one output, outcome or
 * distance area (the index I of results_figure()). */
typedef enum fig_owner { OF_RUN, OF_OUTPUT, OF_OUTCOME, OF_AREA } fig_owner;

/* The count a figure is built on, which hides it under --suppress N when
 * that count is from 1 to N - 1. */
typedef enum fig_hiding {
    HIDE_NEVER,        /* built on no count of people */
    HIDE_PARTICIPANTS, /* the accepted rows */
    HIDE_OUTPUT,       /* an output's count */
    HIDE_ELIGIBLE,     /* an outcome's eligible count */
    HIDE_ACHIEVED,     /* an outcome's achieved count */
    HIDE_RATE,         /* both of an outcome's counts (either hides it) */
    HIDE_VALUED,       /* the achieved count of an outcome with a value; for a
                          total, of any such outcome (it would give it away) */
    HIDE_PAIRS,        /* a distance area's pairs */
    HIDE_MISSING,      /* a distance area's missing reviews */
} fig_hiding;

typedef enum fig_id {
    /* the run (costs, participants, value for money) */
    FIG_PARTICIPANTS,
    FIG_COST_TOTAL,
    FIG_COST_ADJUSTED,
    FIG_COST_PER_PARTICIPANT,
    FIG_PV_TOTAL,
    FIG_NPV,
    FIG_SROI_RATIO,
    FIG_BCR,
    FIG_FISCAL_ROI,
    FIG_PAYBACK_YEAR,
    FIG_SROI_BOUNDS, /* an interval: results_interval() */
    /* each output */
    FIG_OUTPUT_COUNT,
    FIG_OUTPUT_PCT_OF_TARGET,
    FIG_COST_PER_OUTPUT,
    /* each outcome */
    FIG_ELIGIBLE,
    FIG_ACHIEVED,
    FIG_RATE,
    FIG_RATE_CI95, /* an interval: results_interval() */
    FIG_OUTCOME_PCT_OF_TARGET,
    FIG_NET,
    FIG_COST_PER_OUTCOME,
    FIG_COST_PER_NET_OUTCOME,
    FIG_PRESENT_VALUE,
    /* each distance area */
    FIG_N,
    FIG_N_MISSING_REVIEW,
    FIG_MEAN_BASELINE,
    FIG_MEAN_REVIEW,
    FIG_MEAN_CHANGE,
    FIG_SD_CHANGE,
    FIG_CI95, /* an interval: results_interval() */
    FIG_EFFECT_SIZE_DZ,
    FIG_PCT_IMPROVED,
    FIG_PCT_SAME,
    FIG_PCT_WORSE,
    FIG_WILCOXON_P,
    FIG_IDS /* the number of figures */
} fig_id;

typedef struct figure {
    const char *key;   /* the summary's key, and the results field's name */
    const char *label; /* the workbook's heading (an interval's: "... low",
                          "... high") */
    fig_format format;
    fig_hiding hide;
    fig_owner owner;
    bool interval; /* two values, low and high */
} figure;

extern const figure figures[FIG_IDS];

/* Red/amber/green status of a % of target, as the Summary sheet shows it:
 * on target from RAG_GREEN, near target from RAG_AMBER, below under it. */
#define RAG_GREEN 1.0
#define RAG_AMBER 0.8

typedef enum fig_status { STATUS_NONE, STATUS_BELOW, STATUS_NEAR, STATUS_ON } fig_status;

/* The status of PCT (a fraction of the target); STATUS_NONE when PCT is
 * not a number. */
fig_status fig_status_of(double pct);

/* "On target", "Near target", "Below target", or "" for STATUS_NONE. */
const char *fig_status_name(fig_status s);

#endif
