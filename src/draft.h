/* draft.h - write a draft logic model from a profile of the case data.
 *
 * The draft declares every usable column in data.fields as infer.h
 * profiled it, names the id (and a date, when there is one), and gives
 * every other section as a skeleton the evaluator fills in: just enough
 * of inputs, activities and outputs to be a valid model, the rest
 * commented out, each with its keys.  Comments say which rows the file
 * would have rejected and why, which fields look personal, and which
 * columns could not be declared.  The draft is valid as written, and
 * `thrive validate --data` accepts the file it came from, rejecting
 * exactly the rows the draft lists.
 */
#ifndef THRIVE_DRAFT_H
#define THRIVE_DRAFT_H

#include <stdio.h>

#include "error.h"
#include "infer.h"

typedef struct draft_options {
    const char *data_file;  /* the case data, as the user named it */
    const char *model_file; /* where the draft is going, or NULL (stdout) */
    const char *version;    /* the thrive version that drafted it */
} draft_options;

/* Write the draft for profile P to OUT.  Returns THRIVE_OK, or
 * THRIVE_ERROR_OUTPUT when writing failed (errno says why). */
thrive_error draft_write(const infer_profile *p, const draft_options *o, FILE *out);

/* The model id drafted from the data file's name: its base name without
 * extension, lower-cased, with runs of anything but a-z and 0-9 made one
 * '-' ("Cases 2010.csv" -> "cases-2010"); "draft" if nothing is left.
 * Writes at most SIZE bytes into OUT. */
void draft_model_id(const char *data_file, char *out, size_t size);

#endif
