/* lint.h - what `thrive validate` warns about in a valid logic model: parts
 * that are allowed but are almost always a mistake (docs/manual/commands.md,
 * "thrive validate"):
 *   - an input no activity uses (its cost still counts);
 *   - an output no outcome comes from (but for `count: all`, the reach);
 *     an outcome no impact comes from (when the model lists impacts);
 *   - an adjustment of 1 (deadweight, displacement or attribution), which
 *     makes every net outcome 0;
 *   - an outcome whose `achieved` can never be true of an eligible case
 *     (or whose `eligible` or `achieved` can never be true at all), by the
 *     rule of expr_conflict_find();
 *   - a period date written DD/MM/YYYY rather than YYYY-MM-DD.
 * Each is a warning in the caller's diag_list, at the file, line and column
 * of the part; nothing is printed here. */
#ifndef THRIVE_LINT_H
#define THRIVE_LINT_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

/* Record a warning in DL for each lint of M (loaded and resolved, with no
 * error); the number recorded. */
size_t lint_model(const model *m, diag_list *dl);

#endif
