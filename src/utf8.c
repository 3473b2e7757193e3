/* utf8.c - UTF-8 checked as a stream (see utf8.h). */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

/* The first byte C of a sequence: how many continuation bytes follow, and
 * the range of the first of them; false when C cannot start one. */
static bool lead(unsigned char c, utf8_state *st)
{
    st->lo = 0x80;
    st->hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        st->need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        st->need = 2;
        if (c == 0xE0)
            st->lo = 0xA0; /* overlong */
        else if (c == 0xED)
            st->hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        st->need = 3;
        if (c == 0xF0)
            st->lo = 0x90; /* overlong */
        else if (c == 0xF4)
            st->hi = 0x8F; /* past U+10FFFF */
    } else
        return false;
    return true;
}

size_t utf8_check(utf8_state *st, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < len; i++) {
        /* most text is ASCII: eight bytes at a time while it is */
        while (!st->need && i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, sizeof w);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i == len)
            break;
        unsigned char c = s[i];
        if (st->need) {
            if (c < st->lo || c > st->hi)
                return i;
            st->need--;
            st->lo = 0x80;
            st->hi = 0xBF;
        } else if (c >= 0x80 && !lead(c, st)) {
            return i;
        }
    }
    return UTF8_VALID;
}

bool utf8_complete(const utf8_state *st)
{
    return st->need == 0;
}
