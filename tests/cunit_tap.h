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

/* How many rounds a test of volume (random inputs, very long input) runs:
 * N, or N / 20 (at least 1) under valgrind (THRIVE_VALGRIND=1, which
 * tests/testwrapper.sh sets).  Valgrind looks for uninitialised reads and
 * leaks on the paths the rounds take, and a twentieth of them takes the
 * same paths at a twentieth of the cost (it runs the code 30 times slower);
 * the full volume runs without valgrind, as in the sanitizer build of
 * ./quickstart.sh check. */
size_t cunit_tap_rounds(size_t n);

#endif
