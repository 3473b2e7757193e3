/* diagram.h - the logic model as a Graphviz DOT graph. */
#ifndef THRIVE_DIAGRAM_H
#define THRIVE_DIAGRAM_H

#include <stdio.h>

#include "error.h"
#include "model.h"

/* Write M as a left-to-right graph with the five columns (inputs,
 * activities, outputs, outcomes, impacts) as ranks.  Returns THRIVE_OK, or
 * THRIVE_ERROR_OUTPUT on a write error (errno says why). */
thrive_error diagram_write(const model *m, FILE *out);

#endif
