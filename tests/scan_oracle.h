/* scan_oracle.h - the CSV scanner (src/scan.h) against libcsv, its oracle.
 *
 * Both read the same bytes: libcsv as thrive used it (no space trimming,
 * not strict but for an unclosed quote at the end, CSV_APPEND_NULL), fed
 * one byte at a time so that each record's line is known; the scanner in
 * reads of CHUNK bytes, carrying an incomplete record into the next buffer
 * as src/cases.c does.  Each gives a transcript (every record's line and
 * cells, and an unclosed quote with its line); they must be equal.
 */
#ifndef THRIVE_SCAN_ORACLE_H
#define THRIVE_SCAN_ORACLE_H

#include <stdbool.h>
#include <stddef.h>

/* NULL when the scanner and libcsv agree on DATA (LEN bytes) split on
 * DELIM, else a static description of the first difference.  CHUNK >= 1. */
const char *scan_oracle_diff(const char *data, size_t len, char delim, size_t chunk);

#endif
