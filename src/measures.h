/* measures.h - accumulate every figure of docs/manual/methods.md in one pass over the rows.
 *
 * Memory is independent of the number of rows: counts per output and
 * outcome, sums and a histogram of changes per distance area, and counts
 * per breakdown value (capped in number of groups) and per quarter (as
 * many as the dates span: at most four a year).
 *
 * @code
 *     measures *ms = measures_new(m);           // NULL: out of memory
 *     while (...)                               // each accepted row
 *         measures_add_row(ms, row);
 *     // the plugin's finish() first: its measures go into r too
 *     thrive_error e = measures_finish(ms, &r);  // every figure and flag
 *     measures_free(ms);
 * @endcode
 */
#ifndef THRIVE_MEASURES_H
#define THRIVE_MEASURES_H

#include "cell.h"
#include "error.h"
#include "model.h"
#include "results.h"

typedef struct measures measures;

measures *measures_new(const model *m);

/* Count one accepted row.  An allocation failure (a new group) is kept and
 * reported by measures_finish(). */
void measures_add_row(measures *ms, const cell *row);

/* Compute every figure into R (R->rows_* and R->suppress already set, and
 * the plugin's measures and tables already added), then decide what
 * --suppress hides (results_disclose).  The last step before the writers.
 * Returns THRIVE_OK, or THRIVE_ERROR_NOMEM: then R is incomplete and must
 * only be freed. */
thrive_error measures_finish(measures *ms, results *r);

void measures_free(measures *ms);

/* The UK financial-year quarter of a date (days since 1970-01-01) as a
 * number, the sort key of its group: year * 4 + quarter - 1; and that
 * quarter's label, like "2009-10 Q3" (snprintf's return). */
long long measures_quarter(double days);
int measures_quarter_label(long long key, char *buf, size_t n);

#endif
