/* cunit_tap.h - run the registered CUnit suites and report each test as a
 * TAP line, so automake counts every test case, not every program. */
#ifndef THRIVE_CUNIT_TAP_H
#define THRIVE_CUNIT_TAP_H

#include <CUnit/CUnit.h>

/* Run every registered test; returns the process exit status (0 when all
 * passed).  Cleans up the registry. */
int cunit_tap_run(void);

/* Register SUITE with a NULL-terminated table of tests; aborts on failure. */
void cunit_tap_add(const char *suite, const CU_TestInfo *tests);

#endif
