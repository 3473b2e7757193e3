/* book.h - the evaluation workbook (docs/manual/outputs.md), written with libxlsxwriter.
 *
 * The workbook is a view of one results struct: it computes nothing the
 * results do not hold, but writes every derived figure (totals, adjusted
 * cost, % of target, rates, net outcomes, costs per participant, output and
 * outcome, present values, NPV, SROI) as a live Excel formula over the
 * cells it comes from, with the computed value cached, so that changing an
 * input (a yellow cell) moves every dependent figure.  A division by zero
 * shows "n/a"; a count hidden by --suppress, and every formula built on
 * one, shows "[c]".
 *
 * Sheets, in order: Summary, Logic model, Costs, Outputs, Outcomes, Value
 * for money, Distance travelled, Breakdowns, Quarters (when dated), one per
 * plugin table, Data quality, About.
 *
 * @code
 *     thrive_error e = book_write(&r, "evaluation.xlsx", &dl);  // THRIVE_OK or not, with why in dl
 * @endcode
 */
#ifndef THRIVE_BOOK_H
#define THRIVE_BOOK_H

#include "diag.h"
#include "error.h"
#include "results.h"

/* Write the workbook for R to PATH, safely: to a temporary file beside PATH,
 * renamed into place only when complete; on failure no temporary file is
 * left and an existing PATH is untouched.  Returns THRIVE_OK, or
 * THRIVE_ERROR_OUTPUT (THRIVE_ERROR_NOMEM when memory ran out) with an
 * error in DL, for PATH, saying why.  Prints nothing. */
thrive_error book_write(const results *r, const char *path, diag_list *dl);

#endif
