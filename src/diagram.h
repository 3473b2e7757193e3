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

/* The Graphviz program that draws the graph: $THRIVE_DOT when set (empty:
 * none, so that the workbook is the same on every machine), else `dot`
 * found on PATH; NULL when there is none.  Into BUF (SIZE bytes). */
const char *diagram_dot(char *buf, size_t size);

/* M drawn by Graphviz as FORMAT ("png" or "svg"): `dot -TFORMAT` run as a
 * subprocess, the graph on its input, its output read into *OUT (malloc'd,
 * *LEN bytes).  Returns THRIVE_OK; THRIVE_ERROR_OUTPUT when there is no
 * dot or it fails (WHY says why, in WHY_SIZE bytes); THRIVE_ERROR_NOMEM. */
thrive_error diagram_render(const model *m, const char *format, unsigned char **out, size_t *len,
                            char *why, size_t why_size);

/* The same in two steps, so that dot lays the graph out while thrive does
 * something else (reads the case data): diagram_start runs dot and gives
 * it the graph (THRIVE_OK, or THRIVE_ERROR_NOMEM); diagram_finish reads
 * the drawing and returns as diagram_render does, and frees JOB, which
 * must be finished once, on the thread that started it. */
typedef struct diagram_job diagram_job;
thrive_error diagram_start(const model *m, const char *format, diagram_job **job);
thrive_error diagram_finish(diagram_job *job, unsigned char **out, size_t *len, char *why,
                            size_t why_size);

#endif
