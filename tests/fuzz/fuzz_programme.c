/* fuzz_programme.c - libFuzzer harness for the programme file of `thrive
 * compare` and the site summaries it reads.
 *
 * The input is a programme file (YAML), optionally followed by a NUL byte
 * and a JSON text: the YAML is written to DIR/fuzz-programme-PID.yaml and
 * the JSON to DIR/fuzz-summary.json, where DIR is THRIVE_FUZZ_DIR (default
 * /tmp; tests/fuzz/ci.sh points it at a copy of tests/compare/fixtures so
 * that the sites' models and data exist).  The programme is loaded with
 * programme_load(), and every site read from a summary
 * (`summary: fuzz-summary.json` in the seeds) is read with
 * site_from_summary(), as compare does before evaluating anything; every
 * diag is formatted, and everything is freed.  Build with
 * tests/fuzz/build.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare.h"
#include "diag.h"
#include "programme.h"
#include "site.h"

static char path[1024], summary[1024];
static FILE *devnull;

static void remove_temp(void)
{
    if (path[0])
        unlink(path);
    if (summary[0])
        unlink(summary);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = getenv("THRIVE_FUZZ_DIR");
    if (!dir || !*dir)
        dir = "/tmp";
    snprintf(path, sizeof path, "%s/fuzz-programme-%ld.yaml", dir, (long)getpid());
    snprintf(summary, sizeof summary, "%s/fuzz-summary.json", dir);
    devnull = fopen("/dev/null", "w");
    atexit(remove_temp);
    return 0;
}

static void write_file(const char *file, const uint8_t *data, size_t size)
{
    FILE *fp = fopen(file, "wb");
    if (!fp)
        abort();
    if (size && fwrite(data, 1, size, fp) != size)
        abort();
    fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t yaml_size = nul ? (size_t)(nul - data) : size;
    write_file(path, data, yaml_size);
    if (nul)
        write_file(summary, nul + 1, size - yaml_size - 1);
    else
        unlink(summary);

    diag_list dl;
    diag_init(&dl);
    programme *p = NULL;
    thrive_error e = programme_load(path, &dl, &p);
    /* an error says why; a programme comes back exactly when all is well */
    if ((e == THRIVE_OK) != (p != NULL) || (e != THRIVE_OK && !dl.n_errors))
        abort();
    for (size_t i = 0; p && i < p->n_sites; i++) {
        if (!p->sites[i].from_summary)
            continue;
        site_figures fig;
        memset(&fig, 0, sizeof fig);
        if (site_from_summary(p, &p->sites[i], &dl, &fig) == THRIVE_OK)
            site_figures_free(&fig);
    }
    diag_print(&dl, devnull);
    diag_free(&dl);
    programme_free(p);
    return 0;
}
