/* measures.h - accumulate every figure of SPEC 6 in one pass over the rows.
 *
 * Memory is independent of the number of rows: counts per output and
 * outcome, sums and a histogram of changes per distance area, and counts
 * per breakdown value (capped in number of groups) and per quarter (as
 * many as the dates span: at most four a year).
 */
#ifndef THRIVE_MEASURES_H
#define THRIVE_MEASURES_H

#include "cell.h"
#include "model.h"
#include "results.h"

typedef struct measures measures;

measures *measures_new(const model *m);
void measures_add_row(measures *ms, const cell *row);
/* Compute every figure into R (R->rows_*, R->suppress already set). */
void measures_finish(measures *ms, results *r);
void measures_free(measures *ms);

#endif
