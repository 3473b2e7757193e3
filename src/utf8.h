/* utf8.h - UTF-8 checked as a stream (RFC 3629: no overlongs, surrogates or
 * code points past U+10FFFF), so that a file read in blocks is checked
 * whole, a sequence cut between two blocks included. */
#ifndef THRIVE_UTF8_H
#define THRIVE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

typedef struct utf8_state {
    unsigned need;         /* continuation bytes still expected */
    unsigned char lo, hi;  /* the range of the next one */
} utf8_state;

#define UTF8_VALID ((size_t)-1)

/* Check the next LEN bytes at S: UTF8_VALID, or the offset of the first
 * byte that cannot be part of well-formed UTF-8 (the state is then to be
 * thrown away). */
size_t utf8_check(utf8_state *st, const char *s, size_t len);

/* Whether the bytes checked so far end on a whole character. */
bool utf8_complete(const utf8_state *st);

#endif
