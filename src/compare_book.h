/* compare_book.h - the workbook of `thrive compare`: Sites (every site's
 * figures, live formulas for the derived ones, the programme total last),
 * Cost per outcome (each compared outcome's costs per outcome by rank,
 * with their intervals, charted), Funnel (each site's rate against what
 * chance alone would give at its size), Distance by site, Left out and
 * About.  Written like the evaluation workbook: to a temporary file beside
 * the target, renamed into place only when complete. */
#ifndef THRIVE_COMPARE_BOOK_H
#define THRIVE_COMPARE_BOOK_H

#include <time.h>

#include "compare.h"
#include "diag.h"
#include "error.h"
#include "programme.h"

/* THRIVE_OK; THRIVE_ERROR_OUTPUT or THRIVE_ERROR_NOMEM with why in DL. */
thrive_error compare_book_write(const comparison *c, const programme *p, const char *currency,
                                time_t generated, const char *path, diag_list *dl);

#endif
