/* cell.h - one case-data cell, parsed by the type of its field (SPEC 4, 10).
 *
 * Cells are taken exactly as written: only the empty cell is missing.
 * Numbers (integer and number fields) and dates (as days since 1970-01-01)
 * are kept in `num` so expressions and measures never parse text twice.
 */
#ifndef THRIVE_CELL_H
#define THRIVE_CELL_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

typedef struct cell {
    const char *str; /* the text, NUL-terminated; "" when missing */
    size_t len;
    double num; /* integer, number, date (days since 1970-01-01), or
                          the index of an enum's value */
    bool present;
} cell;

/* Strict parsers for the types of SPEC 10.  Each returns true and sets *out
 * when the whole of S (length LEN) is of the type. */
bool cell_parse_integer(const char *s, size_t len, double *out);
bool cell_parse_number(const char *s, size_t len, double *out);
/* YYYY-MM-DD or DD/MM/YYYY, a real calendar date. */
bool cell_parse_date(const char *s, size_t len, double *out);
/* Days since 1970-01-01 of a calendar date, and back. */
long cell_days_from_civil(int y, int m, int d);
void cell_civil_from_days(long days, int *y, int *m, int *d);

/* pcre2_match() of RE on S (length LEN) into MD: with the JIT when RE has
 * it, and again without when the JIT's own stack is too small for S (a
 * repeated group over a value of a few thousand bytes), so that the answer
 * never depends on the JIT.  Returns what pcre2_match() returns. */
int cell_match(const pcre2_code *re, const char *s, size_t len, pcre2_match_data *md);

/* Validate the text S against field F and fill *C.  Returns NULL when the
 * cell is acceptable, else a reason for the Data quality list (never
 * containing the value itself, which may be personal). */
const char *cell_check(const field *f, const char *s, size_t len, cell *c);

#endif
