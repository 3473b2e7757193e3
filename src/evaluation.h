/* evaluation.h - one evaluation of a logic model against its case data.
 *
 * The run order lives here and nowhere else:
 *
 *   evaluation_open    load the model; load its plugin and let it check the
 *                      model and declare its derived fields; resolve the
 *                      model's expressions (which may use those fields)
 *   evaluation_run     the plugin starts; every row of the case data is read
 *                      and checked and, when accepted, handed to the plugin
 *                      (which sets its derived fields) and then to the
 *                      measures; the plugin finishes; the figures are worked
 *                      out
 *   evaluation_results the figures, for the workbook and the summary
 *   evaluation_close   everything freed, the plugin module unloaded last
 *
 * An evaluation holds all its state, so several may exist at once (one per
 * site of a programme).  Opening and closing use libltdl, which is not
 * thread-safe: open and close evaluations on one thread.  Nothing is
 * printed but the progress line: every error, warning and note goes to the
 * caller's diag_list.
 *
 * @code
 *     evaluation_options o = {.model_file = "fip.yaml", .data_file = "cases.csv"};
 *     evaluation *ev;
 *     thrive_error e = evaluation_open(&ev, &o, &dl);
 *     if (e == THRIVE_OK)
 *         e = evaluation_run(ev, &dl);
 *     if (e == THRIVE_OK)
 *         e = book_write(evaluation_results(ev), "fip.xlsx", &dl);
 *     evaluation_close(ev);
 * @endcode
 */
#ifndef THRIVE_EVALUATION_H
#define THRIVE_EVALUATION_H

#include <stdbool.h>
#include <stddef.h>

#include "cases.h"
#include "cell.h"
#include "diag.h"
#include "error.h"
#include "model.h"
#include "results.h"

typedef struct evaluation evaluation;

typedef struct evaluation_options {
    const char *model_file;   /* the logic model (YAML) */
    const char *data_file;    /* the case data (CSV), for evaluation_run */
    char *const *plugin_dirs; /* searched first for the plugin, then
                                 THRIVE_PLUGIN_PATH, then the installed directory */
    size_t n_plugin_dirs;
    long suppress;      /* disclosure control: hide counts 1..N-1; 0 = off */
    bool strict;        /* recorded in the results (the caller decides the exit) */
    bool check_only;    /* rows are read and checked, but nothing is evaluated:
                           no measures, and the plugin is not started */
    bool draw_model;    /* the logic model drawn into the results (for the
                           workbook): Graphviz lays it out while the rows are read */
    cases_options read; /* the progress line, one thread or two */
} evaluation_options;

/* Open an evaluation of OPT->model_file into *OUT.  THRIVE_OK;
 * THRIVE_ERROR_MODEL (every error of the model, its plugin's included, in
 * DL); THRIVE_ERROR_PLUGIN (the plugin cannot be loaded, in DL);
 * THRIVE_ERROR_NOMEM.  *OUT is NULL on error.  The strings and arrays of
 * OPT must outlive the evaluation. */
thrive_error evaluation_open(evaluation **out, const evaluation_options *opt, diag_list *dl);

/* The model, resolved: it may be changed (an input's cost) before the run. */
model *evaluation_model(evaluation *ev);

/* A row filter (compare's `where`), parsed against evaluation_model(EV):
 * only the records it keeps are the evaluation's (see cases.h).  Set
 * between open and run; EV does not own it. */
void evaluation_set_filter(evaluation *ev, const struct expr *where);

/* Run: start, every row of OPT->data_file, finish.  THRIVE_OK;
 * THRIVE_ERROR_DATA; THRIVE_ERROR_PLUGIN; THRIVE_ERROR_NOMEM.  Rows
 * rejected are not an error: they are counted in the results. */
thrive_error evaluation_run(evaluation *ev, diag_list *dl);

/* The three steps of evaluation_run, for a caller that makes its rows
 * itself (the tests).  ROW has a cell for every field of the model, each
 * valid for its field, derived fields missing.  DL given to start takes
 * what the plugin says about the rows: it must outlive them. */
thrive_error evaluation_start(evaluation *ev, diag_list *dl);
void evaluation_row(evaluation *ev, cell *row);
thrive_error evaluation_finish(evaluation *ev, diag_list *dl);

/* The figures, complete after a run that returned THRIVE_OK.  They point
 * into the model and the plugin: valid until evaluation_close. */
const results *evaluation_results(const evaluation *ev);

/* Free everything (NULL is fine). */
void evaluation_close(evaluation *ev);

#endif
