/* results.h - every figure of one evaluation, computed once (docs/manual/methods.md).
 *
 * measures.c fills this; the workbook (book*.c) and the summary
 * (summary.c) only read it: every figure, every group rate, every sort key
 * and every flag saying what --suppress hides is here, so that both
 * writers show exactly the same.  NAN stands for "not defined" (n/a,
 * null).  figures.h names each figure once; results_figure() and
 * results_hidden() find it by that name.
 */
#ifndef THRIVE_RESULTS_H
#define THRIVE_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "data_quality.h"
#include "error.h"
#include "figures.h"
#include "model.h"
#include "stats.h"

typedef struct res_output {
    long long count;
    double pct_of_target;   /* count / target; NAN without a target */
    double cost_per_output; /* C / count */
    fig_status status;      /* of pct_of_target */
    bool count_suppressed;  /* and so pct_of_target and cost_per_output */
} res_output;

typedef struct res_outcome {
    long long eligible, achieved;
    double rate, ci_lo, ci_hi; /* A / E and its Wilson 95% interval */
    double pct_of_target;      /* rate / target; NAN without a target */
    fig_status status;         /* of pct_of_target */
    double net;                /* A (1 - deadweight)(1 - displacement)(1 - attribution) */
    double cost_per_outcome, cost_per_net_outcome;
    double present_value; /* NAN when the outcome has no value */
    double *part_pv;      /* [o->n_parts]: the present value of each part of the value */
    bool eligible_suppressed, achieved_suppressed;
    bool rate_suppressed;  /* either count: the rate, its interval, % of target */
    bool value_suppressed; /* the achieved count, when the outcome has a value */
} res_outcome;

/* One item of the one-way sensitivity analysis (vfm.c): NPV and SROI
 * with the parameter at LOW and at HIGH, the rest as in the model, and
 * the parameter's value at which NPV is 0 (NAN: none). */
typedef struct res_sensitivity {
    sens_kind kind;
    size_t index; /* the outcome or input */
    double base, low, high;
    double npv_low, npv_high, sroi_low, sroi_high;
    double switching_value;
} res_sensitivity;

typedef struct res_area {
    long long n, n_missing_review;
    double mean_baseline, mean_review;
    long long sum_baseline, sum_review; /* over the n complete pairs */
    long long *hist;                    /* pairs whose change is hist_min + i, */
    long hist_min;                      /*   for i in [0, hist_width): what a */
    size_t hist_width;                  /*   programme pools (compare) */
    stats_paired change;
    bool n_suppressed;       /* n is 1..N-1: hidden, with every figure built on the pairs */
    bool missing_suppressed; /* n_missing_review is 1..N-1 */
    bool suppressed;         /* either */
    bool *hist_suppressed;   /* [hist_width]: a count of 1..N-1 and, when exactly
                                one is, the next smallest too, so that n minus
                                the others does not give it away */
} res_area;

/* Counts for one group of rows: a breakdown value or a quarter. */
typedef struct res_group {
    char *label;
    long long sort_key; /* groups are listed by it: a quarter's number, an
                           enum value's place in the model; "(other)" and
                           "(missing)" last (other fields: by value) */
    long long participants;
    long long *output_counts; /* [n_outputs] */
    long long *eligible;      /* [n_outcomes] */
    long long *achieved;      /* [n_outcomes] */
    double *rate;             /* [n_outcomes] achieved / eligible, NAN when none */
    /* --suppress: each count, each rate (with either of its counts), and
     * whether anything of the group is hidden */
    bool participants_suppressed, suppressed;
    bool *count_suppressed;                                            /* [n_outputs] */
    bool *eligible_suppressed, *achieved_suppressed, *rate_suppressed; /* [n_outcomes] */
} res_group;

typedef struct res_breakdown {
    res_group *groups; /* in the model's order of the values (measures.c);
                          "(other)" and "(missing)" last */
    size_t n_groups;
    long long rows_in_other; /* rows whose value came after the group cap,
                                counted in the group "(other)" */
} res_breakdown;

typedef struct rejection {
    long long line;     /* line of the record in the CSV file */
    const char *field;  /* the model's field name; NULL for a whole-row fault */
    const char *reason; /* one of results.reasons */
} rejection;

/* What a plugin added in finish().  The plugin host converts the plugin's
 * formats and charts to the core's own. */
typedef struct res_measure {
    char *id, *label;
    double value;
    fig_format format;
    bool has_basis;  /* a rate or mean built on BASIS rows: hidden */
    long long basis; /*   under --suppress like a count of BASIS */
    bool is_ratio;   /* a live formula in the workbook: measures[num] / */
    long num, den;   /*   measures[den], two earlier measures; either is
                            MEASURE_COST for the total cost */
    bool hidden;     /* under --suppress (results_disclose) */
} res_measure;

#define MEASURE_COST (-1)

typedef enum res_chart { RES_CHART_NONE, RES_CHART_BAR, RES_CHART_COLUMN } res_chart;

typedef struct res_table {
    char *id, *title;
    size_t n_cols;
    char **col_ids, **col_labels;
    fig_format *formats;
    size_t n_rows;
    char **row_labels;
    double *values; /* n_rows x (n_cols - 1), row-major */
    res_chart chart;
    char *chart_title;
    size_t *chart_cols;
    size_t n_chart_cols;
    size_t *basis_cols; /* NULL, or [n_cols]: for a rate or mean column,
                                  the count column (>= 1) of the same row it is
                                  built on, hidden when that count is; 0 = none */
    size_t *num_cols;   /* NULL, or [n_cols]: for a rate, the column of its
                           numerator (>= 1; the denominator is basis_cols),
                           hidden when that is; 0 = none */
    bool *hidden;       /* like values: under --suppress (results_disclose) */
} res_table;

typedef struct results {
    const model *m;

    /* provenance */
    const char *model_file, *data_file;
    char model_sha256[65], data_sha256[65];
    const char *plugin_name, *plugin_version;
    time_t generated; /* UTC */
    long suppress;    /* --suppress N, 0 = off */
    bool strict;

    /* rows */
    long long rows_read, rows_accepted, rows_rejected;
    long long rows_outside; /* records a row filter (compare's `where`) left out */
    rejection *rejections;
    size_t n_rejections;   /* kept, at most REJECTIONS_MAX */
    long long rows_listed; /* rows among them (a row may have several faults) */
    char **reasons;        /* the distinct reasons, each kept once */
    size_t n_reasons;
    char **ignored_columns; /* header columns not in data.fields */
    size_t n_ignored_columns;
    data_quality dq; /* the data guards' warnings, blank records, rejection counts */

    /* costs */
    double cost_total, cost_adjusted, cost_per_participant;
    double cost_by_kind[INPUT_KIND_COUNT];
    bool kind_present[INPUT_KIND_COUNT];
    bool participants_suppressed;

    res_output *outputs;   /* [m->n_outputs] */
    res_outcome *outcomes; /* [m->n_outcomes] */
    double pv_total, npv, sroi_ratio;
    /* value for money in depth (vfm.c); BCR is the SROI ratio under its
     * Green Book name */
    double bcr, fiscal_roi;
    double payback_year;                   /* the first year paid back; NAN: never */
    double sroi_bounds_lo, sroi_bounds_hi; /* the rates at their 95% ends */
    double pv_by_type[VALUE_TYPES];        /* [VALUE_PLAIN]: of no type */
    double *pv_by_agency;                  /* [m->n_agencies] */
    double *benefit_by_year;               /* [n_years] discounted, all outcomes */
    double *factor_by_year;                /* [n_years] 1 / the year's divisor */
    size_t n_years;                        /* the longest duration of a valued outcome */
    res_sensitivity *sensitivity;
    size_t n_sensitivity;
    bool value_suppressed;     /* a valued outcome's achieved count is hidden, and
                              the totals would give it away */
    res_area *areas;           /* [m->n_areas] */
    res_breakdown *breakdowns; /* [m->n_breakdowns] */
    res_group *quarters;       /* in time order, labelled like "2009-10 Q3" */
    size_t n_quarters;

    res_measure *measures;
    size_t n_measures;
    res_table *tables;
    size_t n_tables;

    /* the logic model drawn by Graphviz (PNG), when asked for
     * (evaluation_options.draw_model) and dot could draw it; else NULL */
    unsigned char *picture;
    size_t picture_len;
} results;

#define REJECTIONS_MAX 10000

/* Groups kept per breakdown field; rows with further values are counted
 * together as "(other)". */
#define GROUPS_MAX 1000

/* Record a rejection of LINE (FIELD_NAME may be NULL), unless REJECTIONS_MAX
 * are kept already.  FIELD_NAME must outlive R (a name in the model).
 * Returns THRIVE_ERROR_NOMEM when it could not be kept. */
thrive_error results_reject(results *r, long long line, const char *field_name, const char *reason);

/* Decide everything --suppress hides: every *_suppressed flag, and the
 * hidden flags of the plugin's measures and table cells.  measures_finish()
 * calls it last; call it again after changing R->suppress or the figures.
 * Returns THRIVE_ERROR_NOMEM when the flags could not be kept. */
thrive_error results_disclose(results *r);

/* Figure F (figures.h) of output, outcome or area I (I is ignored for the
 * figures of the run): its value, and whether --suppress hides it.  An
 * interval's value is NAN: results_interval() gives both ends. */
double results_figure(const results *r, fig_id f, size_t i);
void results_interval(const results *r, fig_id f, size_t i, double *lo, double *hi);
bool results_hidden(const results *r, fig_id f, size_t i);

/* The count, rate or hidden flag of a group's figure: FIG_PARTICIPANTS, or
 * FIG_OUTPUT_COUNT of output I, or FIG_ELIGIBLE, FIG_ACHIEVED or FIG_RATE of
 * outcome I. */
double results_group_figure(const res_group *g, fig_id f, size_t i);
bool results_group_hidden(const res_group *g, fig_id f, size_t i);

/* The rules results_disclose() applies: a count hidden under --suppress
 * (1 .. N-1); a plugin's measure and cell (ROW, COL >= 1) of a plugin table,
 * a count or a rate or mean built on a hidden count. */
bool results_count_hidden(const results *r, long long count);
bool results_measure_hidden(const results *r, const res_measure *ms);
bool results_table_cell_hidden(const results *r, const res_table *t, size_t row, size_t col);

/* The value of cell (ROW, COL >= 1) of a plugin table, and whether it is
 * hidden (as decided by results_disclose). */
double results_table_value(const res_table *t, size_t row, size_t col);
bool results_table_hidden(const res_table *t, size_t row, size_t col);

/* Free what one group holds (not the group itself). */
void results_group_free(res_group *g);

void results_free(results *r);

#endif
