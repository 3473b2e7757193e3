/* cmd_report.c - `thrive report`: the HTML report of one or more
 * summaries. */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmdline.h"
#include "commands.h"
#include "diag.h"
#include "error.h"
#include "outfile.h"
#include "report.h"

static const char report_usage[] =
    "Usage: thrive report SUMMARY.json... [-o REPORT.html]\n"
    "Write one self-contained HTML page (no network, no scripts; prints on A4) for a\n"
    "board or a partner, from the summaries of `thrive evaluate --summary` or\n"
    "`thrive compare --summary`.  Several evaluate summaries are shown side by side.\n"
    "Without -o, the page is written to standard output.\n"
    "\n"
    "  -o, --output FILE  the page to write (replaced only once complete)\n"
    "  -h, --help         this help\n"
    "\n"
    "See thrive-report(1).\n";

/* Read the N summaries into S; records why in DL when one cannot be. */
static thrive_error load(char *const *files, size_t n, json_t **s, diag_list *dl)
{
    for (size_t i = 0; i < n; i++) {
        json_error_t err;
        s[i] = json_load_file(files[i], JSON_REJECT_DUPLICATES, &err);
        if (!s[i]) {
            diag_error(dl, files[i], err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
                       "cannot read the summary: %s (expected the JSON written by `thrive "
                       "evaluate --summary` or `thrive compare --summary`)",
                       err.text);
            return THRIVE_ERROR_DATA;
        }
        if (report_kind_of(s[i]) == REPORT_NOT_SUMMARY) {
            diag_error(dl, files[i], 0, 0,
                       "not a thrive summary: expected the keys \"model\" and \"outcomes\" (of "
                       "`thrive evaluate --summary`) or \"programme\" and \"sites\" (of "
                       "`thrive compare --summary`)");
            return THRIVE_ERROR_DATA;
        }
    }
    return THRIVE_OK;
}

static thrive_error run(char *const *files, size_t n, const char *out_file, diag_list *dl)
{
    outfile_role *in = calloc(n, sizeof *in);
    if (!in)
        return THRIVE_ERROR_NOMEM;
    for (size_t i = 0; i < n; i++)
        in[i] = (outfile_role){files[i], "a summary read"};
    const outfile_role out = {out_file, "the report (-o)"};
    thrive_error checked = outfile_check(in, n, &out, 1, dl);
    free(in);
    if (checked != THRIVE_OK)
        return checked;
    json_t **s = calloc(n, sizeof *s);
    if (!s)
        return THRIVE_ERROR_NOMEM;
    thrive_error e = load(files, n, s, dl);
    if (e == THRIVE_OK)
        e = out_file ? report_write(s, n, out_file, dl) : report_render(s, n, stdout, "stdout", dl);
    for (size_t i = 0; i < n; i++)
        json_decref(s[i]);
    free(s);
    return e;
}

int cmd_report(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'}, {"output", required_argument, NULL, 'o'}, {0}};
    const char *out_file = NULL;
    const cmdline cl = {"report", report_usage, "o:", longopts};
    int c;
    optind = 1;
    while ((c = cmdline_next(&cl, argc, argv)) != -1) {
        if (c != 'o')
            return c == 'h' ? EXIT_OK : EXIT_USAGE;
        out_file = optarg;
    }
    if (optind >= argc) {
        fputs(report_usage, stderr);
        return thrive_exit_status(THRIVE_ERROR_USAGE);
    }
    diag_list dl;
    diag_init(&dl);
    thrive_error e = run(argv + optind, (size_t)(argc - optind), out_file, &dl);
    if (e == THRIVE_ERROR_NOMEM && dl.n_errors == 0)
        diag_error(&dl, out_file ? out_file : "stdout", 0, 0, "%s", thrive_strerror(e));
    diag_print(&dl, stderr);
    diag_free(&dl);
    return thrive_exit_status(e);
}
