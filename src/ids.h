/* ids.h - exact detection of duplicate ids in memory that does not grow
 * with the number of rows.
 *
 * A row is a duplicate when its id equals the id of an earlier accepted
 * row (docs/manual/case-data.md), however far apart the two are.  Keeping every id would
 * make memory grow with the file, so the check takes two steps:
 *
 *   1. before the main pass, every id in the file (of any row, valid or
 *      not) is noted as a 64-bit hash, spilled to temporary files split by
 *      the hash's top bits; ids_scan_done() sorts one split at a time and
 *      keeps only the hashes seen more than once;
 *   2. in the main pass, ids_accept() compares, exactly, only the ids
 *      whose hash was seen more than once: every other id is unique in the
 *      file and so cannot be a duplicate.
 *
 * Memory is the repeated ids plus one split at a time (about 1/64 of the
 * hashes).  If the temporary files cannot be made, every id is kept
 * instead: slower and larger, but still exact.
 */
#ifndef THRIVE_IDS_H
#define THRIVE_IDS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef struct ids ids;

/* NULL when out of memory. */
ids *ids_new(void);

/* Step 1: note an id seen in the file; then finish the scan (THRIVE_OK or
 * THRIVE_ERROR_NOMEM).  Trouble with the temporary files is not an error:
 * every id is then compared, exactly, in memory. */
void ids_note(ids *x, const char *s, size_t len);
thrive_error ids_scan_done(ids *x);

/* Step 2: an accepted row's id.  *DUPLICATE is set when an earlier
 * accepted row had the same id (the row is a duplicate and is not
 * recorded).  THRIVE_OK, or THRIVE_ERROR_NOMEM (the answer is unknown). */
thrive_error ids_accept(ids *x, const char *s, size_t len, bool *duplicate);

void ids_free(ids *x);

/* After ids_scan_done(): true when no id was noted twice (exact: equal
 * ids have equal hashes); false when one may have been, or when the scan
 * could not be made. */
bool ids_all_unique(const ids *x);

#endif
