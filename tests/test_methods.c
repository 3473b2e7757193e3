/* test_methods.c - every figure has a plain-words definition for the
 * workbook's Methods sheet (src/methods.c), and every section it cites is
 * a section of the manual's Methods chapter (docs/manual/methods.md).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "cunit_tap.h"
#include "methods.h"

static void every_figure_defined(void)
{
    for (int f = 0; f < FIG_IDS; f++) {
        const fig_method *m = &fig_methods[f];
        if (!m->definition || strlen(m->definition) < 10 || !m->section) {
            fprintf(stderr, "figure %s (%s) has no definition on the Methods sheet\n",
                    figures[f].key, figures[f].label);
            CU_FAIL("a figure without a definition");
        }
    }
}

/* "Methods N" names the manual's heading "## N. ..." of methods.md. */
static void sections_exist(void)
{
    const char *top = getenv("top_srcdir");
    char path[4096];
    snprintf(path, sizeof path, "%s/docs/manual/methods.md", top ? top : ".");
    FILE *f = fopen(path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    bool seen[100] = {false};
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        int n;
        if (sscanf(line, "## %d.", &n) == 1 && n > 0 && n < 100)
            seen[n] = true;
    }
    fclose(f);
    for (int i = 0; i < FIG_IDS; i++) {
        int n;
        const char *s = fig_methods[i].section;
        CU_ASSERT_FATAL(s != NULL);
        CU_ASSERT(sscanf(s, "Methods %d", &n) == 1 && n > 0 && n < 100 && seen[n]);
    }
}

int main(void)
{
    static CU_TestInfo methods[] = {
        {"every figure has a definition", every_figure_defined},
        {"every section cited is in the manual", sections_exist},
        CU_TEST_INFO_NULL,
    };
    cunit_tap_add("methods", methods);
    return cunit_tap_run();
}
