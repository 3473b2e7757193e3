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
#include "pattern.h"

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
 * stream in (src/utf8.h, src/scan.h).  Inline, as the read calls it for
 * every cell. */
static inline const char *cell_check_clean(const field *f, const char *s, size_t len, cell *c)
{
    c->str = s;
    c->len = len;
    c->num = 0;
    c->present = len > 0;
    if (!c->present)
        return f->required ? "missing (the field is required)" : NULL;
    switch (f->type) {
    case FIELD_INTEGER:
    case FIELD_NUMBER:
    case FIELD_DATE:
        if (!field_parse_value(f->type, s, len, &c->num))
            return f->type == FIELD_INTEGER  ? "not an integer"
                   : f->type == FIELD_NUMBER ? "not a number"
                                             : "not a date (YYYY-MM-DD or DD/MM/YYYY, a real "
                                               "calendar date)";
        break;
    case FIELD_ENUM: {
        long i = field_value_index(f, s, len);
        if (i < 0)
            return "not one of the allowed values";
        c->num = (double)i;
        break;
    }
    default:
        break;
    }
    if (f->has_min && c->num < f->min)
        return "below the minimum";
    if (f->has_max && c->num > f->max)
        return "above the maximum";
    if (f->pattern && !pattern_match(f->pattern, s, len))
        return "does not match the field's pattern";
    return NULL;
}

/* Why text S (LEN bytes) cannot be written as it is, or NULL: not UTF-8,
 * or a character XML forbids (a control character other than tab, newline
 * and carriage return; U+FFFE; U+FFFF).  Every text that reaches the
 * workbook passes this check first. */
const char *cell_text_problem(const char *s, size_t len);

#endif
