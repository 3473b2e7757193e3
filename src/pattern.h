/* pattern.h - a compiled regular expression, PCRE2 behind an opaque type.
 *
 * Used for a field's `pattern` (the whole value must match) and for the
 * `=~` test of expressions (a search).  Patterns are UTF-8 and compiled
 * once, with the JIT where available; matching allocates nothing.
 *
 * @code
 *     pattern *re;
 *     size_t off;
 *     char why[160];
 *     if (pattern_compile("F[0-9]{2}", PATTERN_WHOLE, &re, &off, why, sizeof why) == THRIVE_OK) {
 *         bool yes = pattern_match(re, "F12", 3);
 *         pattern_free(re);
 *     }
 * @endcode
 */
#ifndef THRIVE_PATTERN_H
#define THRIVE_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef struct pattern pattern;

enum pattern_flags {
    PATTERN_CASELESS = 1, /* letters match in either case */
    PATTERN_WHOLE = 2     /* the whole subject must match, not a part of it */
};

/* Compile SRC (NUL-terminated) with FLAGS (pattern_flags, or-ed).  Returns
 * THRIVE_OK and *OUT; THRIVE_ERROR_MODEL when SRC is not a valid pattern,
 * with PCRE2's reason in WHY (of size WHY_SIZE) and the byte offset in SRC
 * where it is in *ERR_OFFSET; THRIVE_ERROR_NOMEM.  *OUT is NULL on error. */
thrive_error pattern_compile(const char *src, unsigned flags, pattern **out, size_t *err_offset,
                             char *why, size_t why_size);

/* Whether RE matches S (LEN bytes of valid UTF-8, which is not checked
 * again: every cell that reaches a pattern is, as the read checks the
 * file's bytes and cell_check a text cell's), under explicit limits (the
 * steps, depth and memory of backtracking; the same on every machine).
 * When the JIT's stack is too small for S the match is made again without
 * the JIT, so that the answer never depends on it.  A match that reaches a
 * limit is not decided: it returns false AND counts in
 * pattern_undecided(), which a caller must check (a read turns it into an
 * error at the line).  RE's match data are reused: PATTERN_THREADS threads
 * may match at once, each having said which it is (pattern_thread). */
bool pattern_match(pattern *re, const char *s, size_t len);

/* The threads that may match with one pattern at once (cases.c reads on
 * two), each with its own match data: the calling thread is number SLOT
 * (< PATTERN_THREADS; 0 unless it says otherwise). */
#define PATTERN_THREADS 2
void pattern_thread(unsigned slot);

/* Whether RE backtracks exponentially (or as a high power of the length)
 * on some short value, as a pattern with nested repetition such as (a+)+b
 * does where auto-possessification cannot help: probed at load with
 * values of 24 bytes made of the pattern's own characters, each allowed
 * 200,000 steps (a pattern fit for long values takes a few hundred).  When
 * true, EXAMPLE (of SIZE) describes the value that showed it.  Such a
 * pattern still gives exact answers: a value on which it reaches its
 * limits is an error (pattern_match). */
bool pattern_backtracks(pattern *re, char *example, size_t size);

/* How many matches made on this thread could not be decided so far, and
 * (in *LAST_SRC when not NULL) the source of the last such pattern (valid
 * while that pattern lives). */
unsigned long pattern_undecided(const char **last_src);

/* RE's source, as given to pattern_compile. */
const char *pattern_source(const pattern *re);

void pattern_free(pattern *re);

#endif
