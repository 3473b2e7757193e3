/* cmd_evaluate.c - `thrive evaluate`: evaluate a logic model against its
 * case data, writing the workbook and the summary. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "book.h"
#include "cmdline.h"
#include "commands.h"
#include "diag.h"
#include "evaluation.h"
#include "outfile.h"
#include "report.h"
#include "summary.h"

static const char evaluate_usage[] =
    "Usage: thrive evaluate MODEL.yaml --data CASES.csv [-o BOOK.xlsx]\n"
    "                       [--summary SUMMARY.json] [--suppress N] [--strict]\n"
    "                       [--max-rejected F] [--delimiter C] [--encoding NAME]\n"
    "                       [--plugin-path DIR]... [--quiet]\n"
    "Evaluate a logic model against its case data.\n\n"
    "  --data FILE       the case data (CSV, one row per case)\n"
    "  -o, --output FILE write the evaluation workbook (.xlsx)\n"
    "  --summary FILE    write the JSON summary\n"
    "  --html FILE       write the HTML report (one page, for a board or partners)\n"
    "  --suppress N      disclosure control: hide counts from 1 to N-1\n"
    "  --strict          exit 1 when any row was rejected or the data drew a\n"
    "                    warning (after writing)\n"
    "  --max-rejected F  exit 1 when more than the share F of the rows (0.05 for\n"
    "                    5%) was rejected (after writing)\n"
    "  --delimiter C     the cells are separated by C (';', or tab), not commas\n"
    "  --encoding NAME   the file is in NAME (e.g. WINDOWS-1252), not UTF-8\n"
    "  --plugin-path DIR look for plugins in DIR first (repeatable)\n"
    "  --quiet           no progress line\n"
    "See thrive-evaluate(1).\n";

/* The closing line: how many rows were read, and where the rejected ones
 * are listed. */
static void say_rows(const evaluate_options *o, const results *r)
{
    fprintf(stderr, "thrive: %s: %lld %s read, %lld accepted, %lld rejected", o->ev.data_file,
            r->rows_read, diag_plural(r->rows_read, "row", "rows"), r->rows_accepted,
            r->rows_rejected);
    if (r->rows_rejected && o->book_file)
        fprintf(stderr, " (listed on the Data quality sheet of %s)", o->book_file);
    else if (r->rows_rejected)
        fprintf(stderr, " (thrive validate %s --data %s lists them)", o->ev.model_file,
                o->ev.data_file);
    fputc('\n', stderr);
}

/* A run without an output checked the data, and that was all: say so
 * (docs/manual/commands.md). */
static void say_nothing_written(void)
{
    diag_list dl;
    diag_init(&dl);
    diag_note(&dl, NULL, 0, 0,
              "nothing written: name the workbook with -o BOOK.xlsx (or --summary FILE.json, "
              "--html FILE.html)");
    finish_command(&dl, THRIVE_OK);
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

/* After writing: exit 1 under --strict when rows were rejected or the
 * data drew a warning, and when the share rejected is over --max-rejected. */
static int data_status(const evaluate_options *o, const results *r)
{
    int status = EXIT_OK;
    if (o->ev.strict && r->rows_rejected > 0) {
        fprintf(stderr, "thrive: %s: %lld of %lld %s rejected (--strict)\n", o->ev.data_file,
                r->rows_rejected, r->rows_read, diag_plural(r->rows_read, "row", "rows"));
        status = EXIT_REJECTED;
    }
    if (o->ev.strict && r->dq.n_warnings > 0) {
        fprintf(stderr, "thrive: %s: %zu data warning%s (--strict)\n", o->ev.data_file,
                r->dq.n_warnings, r->dq.n_warnings == 1 ? "" : "s");
        status = EXIT_REJECTED;
    }
    double share = r->rows_read ? (double)r->rows_rejected / (double)r->rows_read : 0;
    if (o->max_rejected >= 0 && share > o->max_rejected) {
        fprintf(stderr,
                "thrive: %s: %lld of %lld %s rejected (%.1f%%), more than "
                "--max-rejected %g allows\n",
                o->ev.data_file, r->rows_rejected, r->rows_read,
                diag_plural(r->rows_read, "row", "rows"), 100 * share, o->max_rejected);
        status = EXIT_REJECTED;
    }
    return status;
}

/* Write the workbook, the summary and the report asked for, all put in
 * place together or none; the exit status. */
static int write_outputs(const evaluate_options *o, const results *r)
{
    diag_list dl;
    diag_init(&dl);
    thrive_error e = THRIVE_OK;
    outfile_hold();
    if (o->book_file)
        e = book_write(r, o->book_file, &dl);
    if (e == THRIVE_OK && o->summary_file)
        e = summary_write(r, o->summary_file, &dl);
    if (e == THRIVE_OK && o->html_file)
        e = write_html(r, o->html_file, &dl);
    thrive_error put = outfile_release(e == THRIVE_OK, &dl);
    int status = finish_command(&dl, e != THRIVE_OK ? e : put);
    return status == EXIT_OK ? data_status(o, r) : status;
}

/* No output may be an input or another output (docs/manual/commands.md):
 * checked before anything is read. */
static int check_outputs(const evaluate_options *o)
{
    const outfile_role in[] = {{o->ev.model_file, "the model"},
                               {o->ev.data_file, "the case data (--data)"}};
    const outfile_role out[] = {{o->book_file, "the workbook (-o)"},
                                {o->summary_file, "the summary (--summary)"},
                                {o->html_file, "the report (--html)"}};
    diag_list dl;
    diag_init(&dl);
    return finish_command(&dl, outfile_check(in, 2, out, 3, &dl));
}

int cmd_evaluate(int argc, char **argv)
{
    evaluate_options o;
    evaluation *ev = NULL;
    int status = parse_evaluate(argc, argv, evaluate_usage, true, &o);
    if (status == EXIT_OK)
        status = check_outputs(&o);
    /* after: over an input is the graver mistake, and says so */
    if (status == EXIT_OK && o.book_file)
        status = cmdline_check_book("evaluate", "-o", o.book_file);
    if (status == EXIT_OK)
        status = open_evaluation(&o, &ev);
    if (status != EXIT_OK) {
        free(o.plugin_dirs);
        return status;
    }
    diag_list dl;
    diag_init(&dl);
    status = finish_command(&dl, evaluation_run(ev, &dl));
    const results *r = evaluation_results(ev);
    if (status == EXIT_OK)
        status = write_outputs(&o, r);
    if (status == EXIT_OK || status == EXIT_REJECTED)
        say_rows(&o, r);
    if ((status == EXIT_OK || status == EXIT_REJECTED) && !o.book_file && !o.summary_file &&
        !o.html_file)
        say_nothing_written();
    evaluation_close(ev);
    free(o.plugin_dirs);
    return status;
}
