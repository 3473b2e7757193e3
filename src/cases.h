/* cases.h - stream case data (docs/manual/case-data.md): read, validate, hand on each row.
 *
 * The CSV file is read in blocks and scanned for records in place
 * (scan.h); each record is checked against data.fields as soon as it is
 * complete and, when accepted, handed to the caller as an array of cells
 * indexed by field.  Nothing is kept per row but the capped list of
 * rejections and the set of accepted ids (compressed: see ids.h).  The
 * file is read once, from start to end, so a pipe is read as it comes and
 * a file that changes while it is read cannot slip a row past a check; the
 * SHA-256 is computed over the same bytes.
 *
 * The read runs on two threads: one reads, hashes and scans the bytes; the
 * caller's takes the rows in file order and does what depends on order
 * (rejections listed, duplicate ids, the data guards, the row function).
 * Checking each cell against its field (type, range, values, pattern)
 * falls to whichever of the two would otherwise wait, batch by batch.
 * With one thread (one_thread, THRIVE_THREADS=1) the same work is done in
 * the same order, so the results are the same byte for byte.
 */
#ifndef THRIVE_CASES_H
#define THRIVE_CASES_H

#include <stdbool.h>

#include "cell.h"
#include "diag.h"
#include "error.h"
#include "model.h"
#include "results.h"

/* Bounds on what one file may ask of thrive (docs/manual/case-data.md,
 * "Limits"); each, when reached, stops the read with an error at its line.
 * A cell may hold at most CASES_MAX_CELL_BYTES bytes, a record at most
 * CASES_MAX_FIELDS cells.  Data that is not a regular file (a pipe, a
 * FIFO, a device) is read up to CASES_MAX_STREAM_MB MiB, or the number of
 * MiB in the environment variable THRIVE_STREAM_LIMIT_MB. */
#define CASES_MAX_CELL_BYTES (16 * 1024 * 1024)
#define CASES_MAX_FIELDS     (1024 * 1024)
#define CASES_MAX_STREAM_MB  (4 * 1024)

/* Called for every accepted row; ROW has m->n_fields cells (derived fields
 * missing until a plugin sets them). */
typedef void (*cases_row_fn)(void *ctx, cell *row);

typedef struct cases_options {
    bool progress;            /* show a progress line on stderr (a terminal) */
    double progress_interval; /* seconds between its updates at least */
    bool one_thread;          /* parse and check on the caller's thread alone */
    /* A row filter (compare's `where`), or NULL: evaluated first, on the
     * raw cells (a cell that fails its field's checks is missing there); a
     * record for which it is false is not validated nor checked for a
     * duplicate id, only counted in rows_outside. */
    const struct expr *where;
    char delimiter;       /* between cells: ',' when 0 (--delimiter) */
    const char *encoding; /* the file's, converted to UTF-8; NULL: UTF-8 (--encoding) */
    size_t read_size;     /* bytes a read asks for; 0: 64 KiB (the tests try every size) */
} cases_options;

/* Read FILE against model M.  Counts, rejections, ignored columns and the
 * SHA-256 go into R.  Returns THRIVE_OK; THRIVE_ERROR_DATA after a diag in
 * DL (unreadable, not CSV, empty, header lacking a required field);
 * THRIVE_ERROR_NOMEM.  Nothing is printed but the progress line. */
thrive_error cases_read(const char *file, const model *m, const cases_options *opt, cases_row_fn fn,
                        void *ctx, results *r, diag_list *dl);

/* The line a CSV record started on, its first field (FIRST, LEN bytes)
 * having been read up to LINE: a quoted field may span lines.  A line
 * ends at LF, CR LF, or a CR alone (old Mac files). */
long long cases_record_line(long long line, const char *first, size_t len);

#endif
