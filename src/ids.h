/* ids.h - exact detection of duplicate ids in one read of the data.
 *
 * A row is a duplicate when its id equals the id of an earlier accepted
 * row (docs/manual/case-data.md), however far apart the two are.  The
 * accepted ids are kept in a set as the rows go by, so the data are read
 * once: a file that changes while thrive reads it cannot slip a row past
 * the check, and a pipe need not be copied first.
 *
 * Most ids are numbered: a fixed prefix and a run of digits ("C0001234",
 * "104", "KW-17").  Such an id is kept as one bit of a compressed bitmap
 * (a sorted array of 16-bit numbers while a block of 65,536 numbers is
 * sparse, a plain bitmap once it is not), keyed by its prefix and its
 * number of digits, so "007" and "7" stay different ids: a million
 * numbered ids take about 128 KiB, not a million strings.  Any other id
 * is kept as its text in an exact hash set, so the check never mistakes
 * two different ids for one.
 */
#ifndef THRIVE_IDS_H
#define THRIVE_IDS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef struct ids ids;

/* NULL when out of memory. */
ids *ids_new(void);

/* An accepted row's id: added to the set.  *DUPLICATE is set when it was
 * there already (the row is a duplicate).  THRIVE_OK, or THRIVE_ERROR_NOMEM
 * (the answer is unknown). */
thrive_error ids_accept(ids *x, const char *s, size_t len, bool *duplicate);

/* For a column's profile (thrive init): note every id, then ask whether
 * any was noted twice.  ids_scan_done() says THRIVE_ERROR_NOMEM when a
 * note could not be kept. */
void ids_note(ids *x, const char *s, size_t len);
thrive_error ids_scan_done(ids *x);
bool ids_all_unique(const ids *x);

void ids_free(ids *x);

#endif
