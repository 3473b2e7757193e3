/* secondary.h - secondary suppression under --suppress (manual: "Methods",
 * disclosure control).
 *
 * Hiding the counts from 1 to N-1 is not enough where counts add up to a
 * total that is shown: with one count of a column hidden, the total less
 * the others gives it back.  So in each breakdown field and in the
 * quarters, per count (participants, each output's count, each outcome's
 * eligible and achieved), when exactly one group's count is hidden, the
 * next smallest above 0 is hidden too (with every other count 0, the
 * total is the hidden count, hidden itself); and a
 * group's rate is hidden with either of its counts (rate x denominator
 * would give the other back).  Plugin tables follow the same rule in
 * results.c, column by column.
 */
#ifndef THRIVE_SECONDARY_H
#define THRIVE_SECONDARY_H

#include "results.h"

/* Hide what the primary flags of R's groups (set by results_disclose)
 * would give away.  Called by results_disclose, last. */
void secondary_suppress(results *r);

#endif
