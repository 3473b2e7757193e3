/* summary.h - the JSON summary of docs/manual/outputs.md, the machine-readable twin of
 * the workbook, written with jansson from the same results. */
#ifndef THRIVE_SUMMARY_H
#define THRIVE_SUMMARY_H

#include <jansson.h>

#include "diag.h"
#include "error.h"
#include "results.h"

/* The summary as a JSON object (caller json_decref()s it), or NULL when a
 * value could not be built: never a summary with a key missing. */
json_t *summary_build(const results *r);

/* Write the summary to PATH safely (temporary file, then rename).  Returns
 * THRIVE_OK, or THRIVE_ERROR_OUTPUT with an error in DL saying why. */
thrive_error summary_write(const results *r, const char *path, diag_list *dl);

#endif
