/* results.h - every figure of one evaluation, computed once (SPEC 6).
 *
 * measures.c fills this; the workbook (book.c) and the summary (summary.c)
 * only read it.  NAN stands for "not defined" (n/a, null).  Disclosure
 * control (--suppress) is decided here too, per figure, so that both
 * writers hide exactly the same cells.
 */
#ifndef THRIVE_RESULTS_H
#define THRIVE_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"
#include "stats.h"
#include "thrive/plugin.h"

typedef struct res_output {
    long long count;
    double pct_of_target;   /* count / target; NAN without a target */
    double cost_per_output; /* C / count */
    bool count_suppressed;  /* and so pct_of_target and cost_per_output */
} res_output;

typedef struct res_outcome {
    long long eligible, achieved;
    double rate, ci_lo, ci_hi; /* A / E and its Wilson 95% interval */
    double pct_of_target;      /* rate / target; NAN without a target */
    double net;                /* A (1 - deadweight)(1 - displacement)(1 - attribution) */
    double cost_per_outcome, cost_per_net_outcome;
    double present_value;                          /* NAN when the outcome has no value */
    bool eligible_suppressed, achieved_suppressed; /* rate hidden if either */
} res_outcome;

typedef struct res_area {
    long long n, n_missing_review;
    double mean_baseline, mean_review;
    stats_paired change;
    bool n_suppressed;       /* n is 1..N-1: hidden, with every figure built on the pairs */
    bool missing_suppressed; /* n_missing_review is 1..N-1 */
} res_area;

/* Counts for one group of rows: a breakdown value or a quarter. */
typedef struct res_group {
    char *label;
    long long participants;
    long long *output_counts; /* [n_outputs] */
    long long *eligible;      /* [n_outcomes] */
    long long *achieved;      /* [n_outcomes] */
} res_group;

typedef struct res_breakdown {
    res_group *groups; /* in order of first appearance; "(missing)" last */
    size_t n_groups;
    long long rows_in_other; /* rows whose value came after the group cap,
                                counted in the group "(other)" */
} res_breakdown;

typedef struct rejection {
    long long line;     /* line of the record in the CSV file */
    const char *field;  /* the model's field name; NULL for a whole-row fault */
    const char *reason; /* one of results.reasons */
} rejection;

/* What a plugin added in finish(). */
typedef struct res_measure {
    char *id, *label;
    double value;
    thrive_format format;
    bool has_basis;  /* a rate or mean built on BASIS rows: hidden */
    long long basis; /*   under --suppress like a count of BASIS */
    bool is_ratio;   /* a live formula in the workbook: measures[num] / */
    size_t den;      /*   measures[den], two earlier measures, or the total */
    long num;        /*   cost / measures[den] when NUM is MEASURE_COST */
} res_measure;

#define MEASURE_COST (-1)

typedef struct res_table {
    char *id, *title;
    size_t n_cols;
    char **col_ids, **col_labels;
    thrive_format *formats;
    size_t n_rows;
    char **row_labels;
    double *values; /* n_rows x (n_cols - 1), row-major */
    thrive_chart chart;
    char *chart_title;
    size_t *chart_cols;
    size_t n_chart_cols;
    size_t *basis_cols; /* NULL, or [n_cols]: for a rate or mean column,
                                  the count column (>= 1) of the same row it is
                                  built on, hidden when that count is; 0 = none */
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
    rejection *rejections;
    size_t n_rejections; /* kept, at most REJECTIONS_MAX */
    char **reasons;      /* the distinct reasons, each kept once */
    size_t n_reasons;
    char **ignored_columns; /* header columns not in data.fields */
    size_t n_ignored_columns;

    /* costs */
    double cost_total, cost_adjusted, cost_per_participant;
    double cost_by_kind[INPUT_KIND_COUNT];
    bool kind_present[INPUT_KIND_COUNT];
    bool participants_suppressed;

    res_output *outputs;   /* [m->n_outputs] */
    res_outcome *outcomes; /* [m->n_outcomes] */
    double pv_total, npv, sroi_ratio;
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
} results;

#define REJECTIONS_MAX 10000

/* Groups kept per breakdown field; rows with further values are counted
 * together as "(other)". */
#define GROUPS_MAX 1000

/* Record a rejection of LINE (FIELD_NAME may be NULL), unless REJECTIONS_MAX are
 * kept already.  FIELD_NAME must outlive R (a name in the model). */
void results_reject(results *r, long long line, const char *field_name, const char *reason);

/* True when a count must be hidden under --suppress (1 .. N-1). */
bool results_count_hidden(const results *r, long long count);

/* The same for a plugin's measure, and for cell (ROW, COL >= 1) of a plugin
 * table: a count, or a rate or mean built on a hidden count. */
bool results_measure_hidden(const results *r, const res_measure *ms);
bool results_table_cell_hidden(const results *r, const res_table *t, size_t row, size_t col);

/* The value of cell (ROW, COL >= 1) of a plugin table. */
double results_table_value(const res_table *t, size_t row, size_t col);

/* Free what one group holds (not the group itself). */
void results_group_free(res_group *g);

void results_free(results *r);

#endif
