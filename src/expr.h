/* expr.h - the small, total expression language of SPEC 5 and 10.
 *
 *   expr := expr "or" expr | expr "and" expr | "not" expr | "(" expr ")" | test
 *   test := FIELD OP VALUE | FIELD "=~" /REGEX/FLAGS | FIELD "in" [VALUE, ...]
 *         | FIELD "is" "missing" | FIELD "is" "present"
 *
 * Expressions are parsed once, when the model is resolved, into a tree whose
 * literals are already converted to their field's type and whose regexes
 * are compiled (JIT where available).  Evaluation is a walk over the tree
 * with no allocation.
 */
#ifndef THRIVE_EXPR_H
#define THRIVE_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "cell.h"
#include "model.h"

typedef struct expr expr;

/* Parse SRC against the fields of M.  On error returns NULL, sets *ERR_OFFSET
 * to the byte offset in SRC where the problem is, and writes a message into
 * ERR (of size ERR_SIZE). */
expr *expr_parse(const char *src, const model *m, size_t *err_offset, char *err, size_t err_size);

/* Evaluate against a row of cells indexed by field. */
bool expr_eval(const expr *e, const cell *row);

void expr_free(expr *e);

#endif
