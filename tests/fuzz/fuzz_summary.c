/* fuzz_summary.c - libFuzzer harness for the JSON summary that `thrive
 * compare` reads for a site given as `summary:` (and for summaries named
 * on its command line).
 *
 * The input is a JSON text: it is parsed with jansson as compare does
 * (json_loadb, no flags) and, when it parses, turned into a site's
 * figures with site_from_json(); every diag is formatted and everything
 * is freed.  A summary that is refused must say why.  Build with
 * tests/fuzz/build.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "site.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    devnull = fopen("/dev/null", "w");
    return devnull ? 0 : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t err;
    json_t *root = json_loadb((const char *)data, size, 0, &err);
    if (!root)
        return 0;
    diag_list dl;
    diag_init(&dl);
    site_figures fig;
    memset(&fig, 0, sizeof fig);
    thrive_error e =
        site_from_json(root, "fuzz", "fuzz-summary.json", "programme.yaml", 7, 5, &dl, &fig);
    /* a refused summary says why */
    if (e == THRIVE_ERROR_DATA && !dl.n_errors)
        abort();
    if (e == THRIVE_OK)
        site_figures_free(&fig);
    diag_print(&dl, devnull);
    diag_free(&dl);
    json_decref(root);
    return 0;
}
