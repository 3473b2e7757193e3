/* diagram.h - the logic model as a Graphviz DOT graph. */
#ifndef THRIVE_DIAGRAM_H
#define THRIVE_DIAGRAM_H

#include <stdio.h>

#include "model.h"

/* Write M as a left-to-right graph with the five columns (inputs,
 * activities, outputs, outcomes, impacts) as ranks.  Returns 0, or -1 on a
 * write error. */
int diagram_write(const model *m, FILE *out);

#endif
