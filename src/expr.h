/* expr.h - the small, total expression language of conditions (manual:
 * "Expressions").
 *
 *   expr := expr "or" expr | expr "and" expr | "not" expr | "(" expr ")" | test
 *   test := FIELD OP VALUE | FIELD "=~" /REGEX/FLAGS | FIELD "in" [VALUE, ...]
 *         | FIELD "is" "missing" | FIELD "is" "present"
 *
 * Expressions are parsed once, against a table of fields, into a tree whose
 * literals are already converted to their field's type and whose regexes
 * are compiled (JIT where available).  Evaluation is a walk over the tree
 * with no allocation; every test on a missing cell is false.
 *
 * @code
 *     static const field fields[] = {{.name = "age", .type = FIELD_INTEGER}};
 *     expr *e;
 *     expr_error err;
 *     if (expr_parse("age >= 16", fields, 1, &e, &err) == THRIVE_OK) {
 *         cell row[1];
 *         cell_check(&fields[0], "17", 2, &row[0]);
 *         bool yes = expr_eval(e, row);
 *         expr_free(e);
 *     }
 * @endcode
 */
#ifndef THRIVE_EXPR_H
#define THRIVE_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "cell.h"
#include "error.h"
#include "field.h"

typedef struct expr expr;

/* Why SRC is not an expression, and where. */
typedef struct expr_error {
    size_t offset; /* bytes into SRC */
    char msg[256]; /* a sentence for the user, cut to fit */
} expr_error;

/* Parse SRC against FIELDS[0..N_FIELDS), which must outlive the tree (a
 * test keeps the index of its field, a row is indexed the same way).
 * Returns THRIVE_OK and *OUT; THRIVE_ERROR_MODEL when SRC is not a valid
 * expression over those fields, with ERR filled; THRIVE_ERROR_NOMEM (ERR
 * says so too).  *OUT is NULL on error. */
thrive_error expr_parse(const char *src, const field *fields, size_t n_fields, expr **out,
                        expr_error *err);

/* Evaluate against a row of cells indexed like the fields.  Not for two
 * threads at once on one tree (its regexes reuse their match data). */
bool expr_eval(const expr *e, const cell *row);

/* Whether E tests field F (its index in the table it was parsed
 * against): the figures built on E depend on that column. */
bool expr_uses(const expr *e, size_t f);

/* Where the tests of two expressions cannot all pass: FIELD, and a test on
 * it from each (START[0]..END[0] in A's source, START[1]..END[1] in B's;
 * both 0 when that side has none). */
typedef struct expr_conflict {
    size_t field;
    size_t start[2], end[2];
} expr_conflict;

/* Whether the tests joined by `and` at the top of A and of B (either may be
 * NULL) can never all be true of one row, filling *OUT.  The rule (manual:
 * "thrive validate"): field by field, every value the field can hold (an
 * enum's values; for numbers and dates, a value from each piece the
 * literals cut the line into, within min and max; for text, the literals
 * and one value that is none of them, and only for ==, != and `in`) and its
 * absence is tried on every test of that field; tests inside `or` or `not`
 * and regex tests are left out.  False when it cannot tell. */
bool expr_conflict_find(const struct expr *a, const struct expr *b, const field *fields,
                        size_t n_fields, expr_conflict *out);

/* The source of the first regex of E (a `=~` test) that backtracks
 * exponentially (see pattern_backtracks, which describes the value that
 * showed it in EXAMPLE), or NULL. */
const char *expr_backtracking_regex(const expr *e, char *example, size_t size);

void expr_free(expr *e);

#endif
