/* compare_summary.h - the JSON summary of `thrive compare`: per site, the
 * compared figures with their intervals, funnel positions and ranks, what
 * the site leaves out, and the pooled programme total. */
#ifndef THRIVE_COMPARE_SUMMARY_H
#define THRIVE_COMPARE_SUMMARY_H

#include <jansson.h>

#include "compare.h"
#include "diag.h"
#include "error.h"
#include "programme.h"

/* The summary of comparison C of programme P (caller json_decref()s it),
 * or NULL when a value could not be built (out of memory, or text that is
 * not UTF-8). */
json_t *compare_summary_build(const comparison *c, const programme *p, const char *currency);

/* Write the summary of comparison C to PATH safely (a temporary file
 * beside it, renamed into place when complete), one site at a time: the
 * same bytes as the tree compare_summary_build() makes, in memory that does
 * not grow with the sites.  THRIVE_OK, or THRIVE_ERROR_OUTPUT or
 * THRIVE_ERROR_NOMEM (in DL). */
thrive_error compare_summary_write(const comparison *c, const programme *p, const char *currency,
                                   const char *path, diag_list *dl);

#endif
