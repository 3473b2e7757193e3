/* scan.h - the CSV structural scanner: records and cells found in large
 * blocks, cells read in place (docs/manual/case-data.md, "The file").
 *
 * The grammar is RFC 4180 as libcsv reads it with thrive's options (no
 * space trimming; not strict, so a stray quote is text), and libcsv stays
 * the oracle: tests/fuzz/fuzz_scan.c feeds both the same bytes and requires
 * the same records, cells and errors.
 *
 *   - a record ends at CR or LF; empty lines are not records; CRLF is one
 *     end (the LF starts an empty line);
 *   - lines are counted as a text editor counts them: a line ends at LF,
 *     CR LF or a CR alone (old Mac files), inside quoted cells too;
 *   - a cell that starts with '"' is quoted: "" inside is one quote, the
 *     closing quote ends it when a delimiter, CR, LF or the end of the file
 *     follows; a quote followed by anything else is text, and the cell
 *     stays quoted;
 *   - a quote inside an unquoted cell is text;
 *   - at the end of the file a record without its line end is complete,
 *     but a quoted cell never closed is an error.
 *
 * Why not libcsv itself: it calls back per cell and copies every byte
 * into its own buffer one at a time, and thrive copied each cell again;
 * this scanner finds the delimiters, quotes and line ends of 64 bytes at a
 * time (SSE2 compares where the CPU has them, a portable loop otherwise),
 * jumps from one to the next, and rewrites the cells where they lie: the
 * delimiter after a cell becomes its NUL, and only a quoted cell with ""
 * inside is moved, within itself.
 */
#ifndef THRIVE_SCAN_H
#define THRIVE_SCAN_H

#include <stdbool.h>
#include <stddef.h>

typedef struct scan_record {
    long long line; /* the physical line it starts on (1-based) */
    size_t first;   /* its first cell in the cell arrays */
    size_t n;       /* its number of cells */
    bool odd;       /* a cell may hold what text cannot (see scan_odd_byte) */
} scan_record;

/* Where the records and cells of one buffer go: cell I is the
 * NUL-terminated text at BUF + OFFSETS[I], LENGTHS[I] bytes. */
typedef struct scan_out {
    size_t *offsets, *lengths;
    size_t n_cells, cells_cap;
    scan_record *recs;
    size_t n_recs, recs_cap;
} scan_out;

/* What the scanner carries from one buffer to the next, and its settings. */
typedef struct scan_state {
    char delim;
    size_t max_cell;  /* bytes a cell may hold; 0: no limit */
    size_t max_cells; /* cells a record may hold; 0: no limit */
    size_t pos;       /* where the next record starts in the buffer */
    long long line;   /* the physical line at POS (1-based) */
    bool after_cr;    /* the byte before POS was a CR: an LF at POS ends no line */
} scan_state;

typedef enum {
    SCAN_OK,
    SCAN_NOMEM,
    SCAN_UNCLOSED,  /* at the end: a quoted cell never closed */
    SCAN_LONG_CELL, /* a cell of more than max_cell bytes */
    SCAN_WIDE       /* a record of more than max_cells cells */
} scan_status;

/* Scan BUF from ST->pos to N, which starts at a record boundary on physical
 * line ST->line.  Each complete record is appended to OUT and its cells
 * rewritten in place; BUF[N] must be writable (the NUL of a last cell
 * without a line end).  ST->pos becomes the start of the first incomplete
 * record (N when none), ST->line its line and ST->after_cr whether a CR is
 * just before it, so that the caller can carry those bytes into the next
 * buffer (ST->pos 0 there).  With EOF, the bytes end the file: the last
 * record is completed, or SCAN_UNCLOSED is returned with ST->line the line
 * where the unclosed quoted cell opened.  SCAN_LONG_CELL and SCAN_WIDE
 * (also for an incomplete record: the carried bytes are bounded) set
 * ST->line to where the cell or the record starts. */
scan_status scan_block(char *buf, size_t n, bool eof, scan_state *st, scan_out *out);

/* The bytes that mark a record odd: a control character but tab, CR and
 * LF (NUL among them), and 0xEF, which starts U+FFFE and U+FFFF (and every
 * character from U+F000 on).  A record that is not odd holds none, so its
 * cells, once the file is known to be UTF-8, are clean text (cell.h). */
static inline bool scan_odd_byte(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0xEF;
}

void scan_out_clear(scan_out *o);
void scan_out_free(scan_out *o);

#endif
