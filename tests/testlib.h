/* testlib.h - what the unit tests share: a scratch directory and files in
 * it, and the test models of tests/models/valid.  Linked into every unit
 * test (tests/libcunittap.la).
 *
 *     model *m = testlib_model("engine-cases.yaml");    // exits 99 if it cannot
 *     const char *csv = testlib_write("a.csv", "id\nC1\n");
 *     ...                          // the scratch directory goes at exit
 */
#ifndef THRIVE_TESTLIB_H
#define THRIVE_TESTLIB_H

#include <stddef.h>

#include "model.h"

/* The scratch directory, made on first use in TMPDIR (or /tmp) and removed,
 * with everything in it, when the program exits.  Exits 99 if it cannot be
 * made. */
const char *testlib_tmpdir(void);

/* NAME in the scratch directory.  The path lives until the eighth call
 * after this one (a small ring of buffers), so two or three can be used
 * together. */
const char *testlib_path(const char *name);

/* Write LEN bytes of BYTES to NAME in the scratch directory; returns its
 * path (as testlib_path).  Exits 99 if the file cannot be written: a test
 * without its input cannot run. */
const char *testlib_write_bytes(const char *name, const void *bytes, size_t len);

/* The same for a NUL-terminated TEXT. */
const char *testlib_write(const char *name, const char *text);

/* tests/models/valid/NAME under $top_srcdir (set by make check; "."
 * without it), loaded and resolved.  Its diags are printed and the program
 * exits 99 if it has an error. */
model *testlib_model(const char *name);

/* Remove DIR and everything under it (made writable first). */
void testlib_rmtree(const char *dir);

#endif
