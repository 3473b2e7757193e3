/* data_quality.h - what the data guards found in the case data, for the
 * reader of the figures (manual: "Case data", "When the data look wrong").
 *
 * A warning is a fault that leaves the figures computable but possibly
 * wrong (a column the model uses is absent, dates outside the period):
 * it goes to stderr, to the workbook's Summary sheet and to the summary's
 * data.warnings.  Rejections are counted per field and reason, beyond the
 * capped list of rejected lines, so that a file with a million faults is
 * still described completely.
 */
#ifndef THRIVE_DATA_QUALITY_H
#define THRIVE_DATA_QUALITY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef struct data_warning {
    const char *kind;  /* "missing_column", "american_dates", "date_outside_period" */
    const char *field; /* a field of the model (outlives the results), or NULL */
    long long count;   /* rows or values concerned */
    char *message;     /* a sentence for the reader */
} data_warning;

typedef struct reject_count {
    const char *field; /* a field of the model, or NULL for a whole-row fault */
    char *reason;
    long long count;
} reject_count;

/* Distinct (field, reason) pairs counted one by one; further pairs are
 * counted together in `other_rejections`. */
#define REJECT_COUNTS_MAX 500

typedef struct data_quality {
    long long blank_records; /* records with every cell empty: not rows */
    data_warning *warnings;
    size_t n_warnings;
    reject_count *counts; /* in order of first appearance */
    size_t n_counts;
    long long other_rejections; /* faults past REJECT_COUNTS_MAX pairs */
} data_quality;

/* Add a warning; MESSAGE is copied.  THRIVE_ERROR_NOMEM when it cannot be kept. */
thrive_error data_quality_warn(data_quality *dq, const char *kind, const char *field,
                               long long count, const char *message);

/* Count one fault of FIELD (NULL: the whole row) for REASON. */
thrive_error data_quality_count(data_quality *dq, const char *field, const char *reason);

/* The warning of KIND about FIELD, or NULL. */
const data_warning *data_quality_find(const data_quality *dq, const char *kind,
                                      const char *field);

void data_quality_free(data_quality *dq);

#endif
