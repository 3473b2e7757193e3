/* data_quality.c - warnings and rejection counts (see data_quality.h). */
#include "data_quality.h"

#include <stdlib.h>
#include <string.h>

thrive_error data_quality_warn(data_quality *dq, const char *kind, const char *field,
                               long long count, const char *message)
{
    data_warning *grown = realloc(dq->warnings, (dq->n_warnings + 1) * sizeof *grown);
    if (!grown)
        return THRIVE_ERROR_NOMEM;
    dq->warnings = grown;
    char *copy = strdup(message);
    if (!copy)
        return THRIVE_ERROR_NOMEM;
    dq->warnings[dq->n_warnings++] = (data_warning){kind, field, count, copy};
    return THRIVE_OK;
}

static bool same_field(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

thrive_error data_quality_count(data_quality *dq, const char *field, const char *reason)
{
    /* The same fault tends to repeat on row after row: look at the most
     * recent pairs first. */
    for (size_t i = dq->n_counts; i-- > 0;) {
        reject_count *c = &dq->counts[i];
        if (same_field(c->field, field) && strcmp(c->reason, reason) == 0) {
            c->count++;
            return THRIVE_OK;
        }
    }
    if (dq->n_counts >= REJECT_COUNTS_MAX) {
        dq->other_rejections++;
        return THRIVE_OK;
    }
    if (dq->n_counts % 16 == 0) {
        reject_count *grown = realloc(dq->counts, (dq->n_counts + 16) * sizeof *grown);
        if (!grown)
            return THRIVE_ERROR_NOMEM;
        dq->counts = grown;
    }
    char *copy = strdup(reason);
    if (!copy)
        return THRIVE_ERROR_NOMEM;
    dq->counts[dq->n_counts++] = (reject_count){field, copy, 1};
    return THRIVE_OK;
}

const data_warning *data_quality_find(const data_quality *dq, const char *kind, const char *field)
{
    for (size_t i = 0; i < dq->n_warnings; i++)
        if (strcmp(dq->warnings[i].kind, kind) == 0 && same_field(dq->warnings[i].field, field))
            return &dq->warnings[i];
    return NULL;
}

void data_quality_free(data_quality *dq)
{
    for (size_t i = 0; i < dq->n_warnings; i++)
        free(dq->warnings[i].message);
    free(dq->warnings);
    for (size_t i = 0; i < dq->n_counts; i++)
        free(dq->counts[i].reason);
    free(dq->counts);
    memset(dq, 0, sizeof *dq);
}
