/* cell.h - one case-data cell, checked against its field (manual: "Case
 * data").
 *
 * Cells are taken exactly as written: only the empty cell is missing.
 * Numbers (integer and number fields) and dates (as days since 1970-01-01)
 * are kept in `num` so expressions and measures never parse text twice.
 */
#ifndef THRIVE_CELL_H
#define THRIVE_CELL_H

#include <stdbool.h>
#include <stddef.h>

#include "field.h"

typedef struct cell {
    const char *str; /* the text, NUL-terminated; "" when missing */
    size_t len;
    double num; /* integer, number, date (days since 1970-01-01), or
                          the index of an enum's value */
    bool present;
} cell;

/* Validate the text S against field F and fill *C.  Returns NULL when the
 * cell is acceptable, else a reason for the Data quality list (never
 * containing the value itself, which may be personal).  F's pattern is
 * matched with its own match data: one thread at a time per field. */
const char *cell_check(const field *f, const char *s, size_t len, cell *c);

/* As cell_check, for S known to be clean text: UTF-8 with no character
 * that cell_text_problem refuses.  The case reader knows it of most cells
 * without looking at them again: it checks the file's bytes once, as they
 * stream in (src/utf8.h, src/scan.h). */
const char *cell_check_clean(const field *f, const char *s, size_t len, cell *c);

/* Why text S (LEN bytes) cannot be written as it is, or NULL: not UTF-8,
 * or a character XML forbids (a control character other than tab, newline
 * and carriage return; U+FFFE; U+FFFF).  Every text that reaches the
 * workbook passes this check first. */
const char *cell_text_problem(const char *s, size_t len);

#endif
