/* site.h - a site's figures for `thrive compare`, read from the site's own
 * evaluate summary (site_summary.c) or taken from an evaluation run here
 * (site_results.c).  Either way only the small site_figures are kept. */
#ifndef THRIVE_SITE_H
#define THRIVE_SITE_H

#include <jansson.h>

#include "compare.h"
#include "diag.h"
#include "error.h"
#include "programme.h"
#include "results.h"

/* Read site PS of programme P from its summary into *OUT.  Nothing is
 * recomputed.  THRIVE_OK; THRIVE_ERROR_DATA with a diag at the site's
 * `summary:` in the programme file when the summary cannot be read, is
 * not an evaluate summary, lacks a key the comparison needs (an older
 * summary without the distance statistics: re-run evaluate), or was
 * written with --suppress; THRIVE_ERROR_NOMEM. */
thrive_error site_from_summary(const programme *p, const programme_site *ps, diag_list *dl,
                               site_figures *out);

/* The same from a loaded summary ROOT (for tests and for compare's reader
 * of summaries named on its command line); FILE and LINE, COL say where
 * to report. */
thrive_error site_from_json(const json_t *root, const char *name, const char *summary_file,
                            const char *report_file, int line, int col, diag_list *dl,
                            site_figures *out);

/* The figures of an evaluation run here: R (with its model), the site's
 * NAME, and the files as the programme names them. */
thrive_error site_from_results(const results *r, const char *name, const char *model_file,
                               const char *data_file, site_figures *out);

#endif
