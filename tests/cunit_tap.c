/* cunit_tap.c - CUnit results as TAP (see cunit_tap.h). */
#include "cunit_tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned tap_count;
static unsigned tap_failed;

static void on_test_complete(const CU_pTest test, const CU_pSuite suite,
                             const CU_pFailureRecord failure)
{
    tap_count++;
    if (failure) {
        tap_failed++;
        printf("not ok %u - %s: %s\n", tap_count, suite->pName, test->pName);
        for (CU_pFailureRecord f = failure; f; f = f->pNext)
            printf("# %s:%u: %s\n", f->strFileName ? f->strFileName : "?", f->uiLineNumber,
                   f->strCondition ? f->strCondition : "");
    } else {
        printf("ok %u - %s: %s\n", tap_count, suite->pName, test->pName);
    }
    fflush(stdout);
}

void cunit_tap_add(const char *suite, const CU_TestInfo *tests)
{
    if (CU_get_registry() == NULL && CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "cannot initialise CUnit\n");
        exit(99);
    }
    CU_pSuite s = CU_add_suite(suite, NULL, NULL);
    if (!s) {
        fprintf(stderr, "cannot add suite %s\n", suite);
        exit(99);
    }
    for (const CU_TestInfo *t = tests; t->pName; t++)
        if (!CU_add_test(s, t->pName, t->pTestFunc)) {
            fprintf(stderr, "cannot add test %s\n", t->pName);
            exit(99);
        }
}

int cunit_tap_run(void)
{
    if (CU_get_registry() == NULL) {
        printf("1..0 # SKIP no tests\n");
        return 0;
    }
    CU_set_test_complete_handler(on_test_complete);
    CU_run_all_tests();
    printf("1..%u\n", tap_count);
    unsigned errors = CU_get_number_of_failure_records() > 0 && tap_failed == 0;
    CU_cleanup_registry();
    /* A suite that could not even run (setup failure) still fails the program. */
    return (tap_failed || errors) ? 1 : 0;
}

size_t cunit_tap_rounds(size_t n)
{
    const char *vg = getenv("THRIVE_VALGRIND");
    if (vg && strcmp(vg, "1") == 0)
        return n / 20 ? n / 20 : 1;
    return n;
}
