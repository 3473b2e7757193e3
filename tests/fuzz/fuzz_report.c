/* fuzz_report.c - libFuzzer harness for the HTML report, which `thrive
 * report` makes from summaries a user names (the JSON of `thrive evaluate
 * --summary` or `thrive compare --summary`).
 *
 * The input is a JSON text: it is parsed with jansson as `thrive report`
 * parses it and, when it parses, the page is rendered to /dev/null with
 * report_render(): the summary alone, or (an input of odd length) twice
 * side by side, as two summaries named together are shown.  A summary that
 * is refused must say why; every diag is formatted and everything is
 * freed.  Build with tests/fuzz/build.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "diag.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull; /* the page and the diags go here */
    if (!devnull && !(devnull = fopen("/dev/null", "w")))
        abort();
    json_error_t err;
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return 0;
    json_t *const summaries[2] = {root, root};
    diag_list dl;
    diag_init(&dl);
    thrive_error e = report_render(summaries, 1 + size % 2, devnull, "fuzz", &dl);
    /* a refused summary says why; /dev/null takes every write */
    if ((e == THRIVE_ERROR_DATA && !dl.n_errors) || e == THRIVE_ERROR_OUTPUT)
        abort();
    diag_print(&dl, devnull);
    diag_free(&dl);
    json_decref(root);
    return 0;
}
