/* guards.h - the data guards: the mistakes evaluators make every week,
 * caught where they would otherwise give a wrong figure in silence
 * (manual: "Case data", "When the data look wrong").
 *
 *   - a header name that differs from a declared field only by case or by
 *     spaces around it, and a header split on the wrong delimiter: errors;
 *   - a column the model uses that the header lacks: a warning naming the
 *     figures that depend on it;
 *   - a record whose every cell is empty: not a row, only counted;
 *   - dates that look American (MM/DD/YYYY, M/D/YYYY): said once, with
 *     their count; accepted rows dated outside the model's period: counted,
 *     a warning; a date without leading zeros: the reason says two digits;
 *   - an enum cell that is not an allowed value: the reason lists them, and
 *     says "did you mean" for a case or space variant;
 *   - a value beyond its field's min or max: the reason says the bound and
 *     the model's line that sets it.
 *
 * The reader of the case data (cases.c) calls these at the header, at each
 * cell or row, and at the end; they keep their own counts here.
 */
#ifndef THRIVE_GUARDS_H
#define THRIVE_GUARDS_H

#include <stdbool.h>
#include <stddef.h>

#include "cell.h"
#include "diag.h"
#include "error.h"
#include "model.h"
#include "results.h"

/* The cells of one record: cell I is the NUL-terminated text at
 * BUF + OFFSETS[I], LENGTHS[I] bytes. */
typedef struct guard_record {
    const char *buf;
    const size_t *offsets, *lengths;
    size_t n;
} guard_record;

typedef struct guards {
    const model *m;
    long long *american; /* [n_fields] values rejected as DD/MM/YYYY, valid as MM/DD/YYYY */
    long long *either;   /* [n_fields] accepted DD/MM/YYYY values that read both ways */
    bool has_period;
    double period_start, period_end; /* days since 1970-01-01 */
    long long outside_period;        /* accepted rows with data.date outside */
} guards;

/* Ready G for model M; false when out of memory. */
bool guards_init(guards *g, const model *m);
void guards_free(guards *g);

/* The header H, its columns mapped to the fields in COLUMN_OF_FIELD (-1:
 * absent), cells split on DELIMITER.  Records an error in DL and returns
 * false when a column name is a near miss of a declared field, or when
 * no declared field was found and the names split on another delimiter
 * into declared fields. */
bool guards_header(const model *m, const guard_record *h, const long *column_of_field,
                   char delimiter, const char *file, int line, diag_list *dl);

/* Whether every cell of R is empty (a spreadsheet's trailing record). */
bool guards_blank(const guard_record *r);

/* Cell S (LEN bytes) of field F was rejected for WHY (from cell_check), or
 * accepted (WHY NULL).  Returns the reason to list: WHY, or a fuller one
 * written into BUF (SIZE bytes). */
const char *guards_cell(guards *g, size_t f, const char *s, size_t len, const char *why, char *buf,
                        size_t size);

/* An accepted row. */
void guards_row(guards *g, const cell *row);

/* After the last row: every warning, on stderr (DL) and in R->dq, with
 * COLUMN_OF_FIELD as the header mapped it.  THRIVE_ERROR_NOMEM or OK. */
thrive_error guards_finish(guards *g, const long *column_of_field, results *r, const char *file,
                           diag_list *dl);

/* The figures of M that depend on field F, as a list for a message
 * ("output 'support_plans', outcome 'debt_managed' (eligible)"), written
 * into BUF (SIZE bytes); false when none does. */
bool guards_dependents(const model *m, size_t f, char *buf, size_t size);

#endif
