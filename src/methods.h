/* methods.h - what each figure means, in plain words, for the workbook's
 * Methods sheet.
 *
 * One entry per figure of figures.h: a reader of the workbook learns what
 * a column means without the manual, and where the manual gives its
 * formula and source.  The manual's Methods chapter (docs/manual/methods.md)
 * is the full account; these sentences must agree with it.
 */
#ifndef THRIVE_METHODS_H
#define THRIVE_METHODS_H

#include "figures.h"

typedef struct fig_method {
    const char *definition; /* one or two sentences, plain words */
    const char *section;    /* the manual's section: "Methods 3" */
} fig_method;

/* Indexed by fig_id; every figure has one (tests/test_methods.c). */
extern const fig_method fig_methods[FIG_IDS];

#endif
