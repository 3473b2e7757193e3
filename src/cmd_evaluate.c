/* cmd_evaluate.c - `thrive evaluate`: evaluate a logic model against its
 * case data, writing the workbook and the summary. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "book.h"
#include "cases.h"
#include "cmdline.h"
#include "commands.h"
#include "diag.h"
#include "hash.h"
#include "measures.h"
#include "model.h"
#include "plugins.h"
#include "report.h"
#include "results.h"
#include "summary.h"

static const char evaluate_usage[] =
    "Usage: thrive evaluate MODEL.yaml --data CASES.csv [-o BOOK.xlsx]\n"
    "                       [--summary SUMMARY.json] [--suppress N] [--strict]\n"
    "                       [--plugin-path DIR]... [--quiet]\n"
    "Evaluate a logic model against its case data.\n\n"
    "  --data FILE       the case data (CSV, one row per case)\n"
    "  -o, --output FILE write the evaluation workbook (.xlsx)\n"
    "  --summary FILE    write the JSON summary\n"
    "  --html FILE       write the HTML report (one page, for a board or partners)\n"
    "  --suppress N      disclosure control: hide counts from 1 to N-1\n"
    "  --strict          exit 1 when any row was rejected (after writing)\n"
    "  --plugin-path DIR look for plugins in DIR first (repeatable)\n"
    "  --quiet           no progress line\n";

typedef struct evaluation {
    plugin *p;
    measures *ms;
} evaluation;

/* Each accepted row: the plugin first (it sets its derived fields), then
 * the generic measures, whose expressions may use them. */
static void add_row(void *ctx, cell *row)
{
    evaluation *ev = ctx;
    plugin_row(ev->p, row);
    measures_add_row(ev->ms, row);
}

/* The HTML report, made from the summary exactly as `thrive report` makes
 * it from the summary's file. */
static thrive_error write_html(const results *r, const char *path, diag_list *dl)
{
    json_t *summary = summary_build(r);
    if (!summary) {
        diag_error(dl, path, 0, 0,
                   "cannot write the report: a value could not be put into JSON (text that is "
                   "not UTF-8 in the model, or out of memory)");
        return THRIVE_ERROR_OUTPUT;
    }
    thrive_error e = report_write(&summary, 1, path, dl);
    json_decref(summary);
    return e;
}

int cmd_evaluate(int argc, char **argv)
{
    evaluate_options o;
    int status = parse_evaluate(argc, argv, evaluate_usage, true, &o);
    if (status != EXIT_OK) {
        free(o.plugin_dirs);
        return status;
    }
    model *m;
    plugin *p;
    status = load_model_and_plugin(o.model_file, o.plugin_dirs, o.n_plugin_dirs, &m, &p);
    if (status != EXIT_OK) {
        free(o.plugin_dirs);
        return status;
    }
    results r = {.model_file = o.model_file,
                 .data_file = o.data_file,
                 .suppress = o.suppress,
                 .strict = o.strict,
                 .generated = time(NULL)};
    if (hash_file_sha256(o.model_file, r.model_sha256) != 0)
        r.model_sha256[0] = '\0';
    measures *ms = measures_new(m);
    cases_options copt = read_options(o.quiet);
    evaluation ev = {p, ms};
    status = !ms ? EXIT_DATA : plugin_start(p, model_total_cost(m));
    if (status == EXIT_OK)
        status = cases_read(o.data_file, m, &copt, add_row, &ev, &r);
    if (status == EXIT_OK) {
        note_ignored_columns(&r, o.data_file);
        status = plugin_finish(p, &r);
    }
    /* The figures last: they decide what --suppress hides, the plugin's
     * measures included. */
    diag_list dl;
    diag_init(&dl);
    if (status == EXIT_OK && measures_finish(ms, &r) != THRIVE_OK) {
        diag_error(&dl, o.data_file, 0, 0, "out of memory while computing the figures");
        status = thrive_exit_status(THRIVE_ERROR_NOMEM);
    }
    if (status == EXIT_OK) {
        thrive_error e = THRIVE_OK;
        if (o.book_file)
            e = book_write(&r, o.book_file, &dl);
        if (e == THRIVE_OK && o.summary_file)
            e = summary_write(&r, o.summary_file, &dl);
        if (e == THRIVE_OK && o.html_file)
            e = write_html(&r, o.html_file, &dl);
        status = thrive_exit_status(e);
    }
    diag_print(&dl, stderr);
    diag_free(&dl);
    if (status == EXIT_OK && o.strict && r.rows_rejected > 0) {
        fprintf(stderr, "thrive: %s: %lld of %lld rows rejected (--strict)\n", o.data_file,
                r.rows_rejected, r.rows_read);
        status = EXIT_REJECTED;
    }
    if (status == EXIT_OK || status == EXIT_REJECTED) {
        fprintf(stderr, "thrive: %s: %lld rows read, %lld accepted, %lld rejected", o.data_file,
                r.rows_read, r.rows_accepted, r.rows_rejected);
        if (r.rows_rejected && o.book_file)
            fprintf(stderr, " (listed on the Data quality sheet of %s)", o.book_file);
        else if (r.rows_rejected)
            fprintf(stderr, " (thrive validate %s --data %s lists them)", o.model_file,
                    o.data_file);
        fputc('\n', stderr);
    }
    measures_free(ms);
    results_free(&r);
    plugin_unload(p);
    model_free(m);
    free(o.plugin_dirs);
    return status;
}
