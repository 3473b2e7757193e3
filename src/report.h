/* report.h - the HTML report: one self-contained page that a board, a
 * scrutiny committee or a partner reads in a browser or on paper.
 *
 * The report is made from summaries only (the JSON of `thrive evaluate
 * --summary` or of `thrive compare --summary`): it computes no figure of
 * the evaluation, it shows them.  The page needs nothing but itself: no
 * script, no font, no image file, no network; charts are inline SVG, each
 * with a title, a text alternative and its figures in a table beside it.
 * Every string read from a summary is escaped.
 *
 * @code
 *     diag_list dl;
 *     diag_init(&dl);
 *     thrive_error e = report_write(&summary, 1, "report.html", &dl);
 *     diag_print(&dl, stderr);
 * @endcode
 */
#ifndef THRIVE_REPORT_H
#define THRIVE_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "diag.h"
#include "error.h"

/* What a summary is, told by its keys: "programme" and "sites" make a
 * compare summary; "model" and "outcomes" an evaluate summary. */
typedef enum report_kind { REPORT_NOT_SUMMARY, REPORT_EVALUATE, REPORT_COMPARE } report_kind;

report_kind report_kind_of(const json_t *summary);

/* Write the report of the N summaries (evaluate or compare summaries, in
 * any mix; several are shown side by side) to PATH: to a temporary file
 * beside it, renamed into place only when complete, so that a failure
 * never leaves a half-written page nor destroys an existing one.
 * Returns THRIVE_OK; THRIVE_ERROR_DATA when a summary is of neither kind;
 * THRIVE_ERROR_OUTPUT when PATH cannot be written; THRIVE_ERROR_USAGE when
 * N is 0.  The reason is recorded in DL (file = PATH, or "summary N" for a
 * summary of neither kind); nothing is printed. */
thrive_error report_write(json_t *const *summaries, size_t n, const char *path, diag_list *dl);

/* The same page written to OUT (which the caller opens and closes).
 * Returns THRIVE_OK, THRIVE_ERROR_DATA or THRIVE_ERROR_OUTPUT (a write
 * failed), with the reason in DL under the name WHERE. */
thrive_error report_render(json_t *const *summaries, size_t n, FILE *out, const char *where,
                           diag_list *dl);

#endif
