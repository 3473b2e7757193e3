/* recode.c - converting the case data to UTF-8 with iconv (see recode.h). */
#include "recode.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* The longest sequence any encoding iconv knows needs to make a character. */
#define CARRY_MAX 16

struct recoder {
    iconv_t cd;
    char carry[CARRY_MAX]; /* the start of a character cut at a block's end */
    size_t n_carry;
    char *buf; /* the UTF-8 out */
    size_t cap;
};

recoder *recode_open(const char *encoding)
{
    recoder *rc = calloc(1, sizeof *rc);
    if (!rc)
        return NULL;
    rc->cd = iconv_open("UTF-8", encoding);
    if (rc->cd == (iconv_t)-1) {
        int e = errno;
        free(rc);
        errno = e;
        return NULL;
    }
    return rc;
}

bool recode_known(const char *encoding)
{
    iconv_t cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1)
        return false;
    iconv_close(cd);
    return true;
}

/* Room for the UTF-8 of N input bytes: at most 4 bytes per byte in. */
static bool reserve(recoder *rc, size_t n)
{
    size_t need = 4 * n + 16;
    if (need <= rc->cap)
        return true;
    char *grown = realloc(rc->buf, need);
    if (!grown)
        return false;
    rc->buf = grown;
    rc->cap = need;
    return true;
}

/* Convert IN, LEN bytes, appending to rc->buf at *USED.  0, -1 (not of
 * the encoding) or 1 (a character cut at the end: *REST bytes left). */
static int convert(recoder *rc, const char *in, size_t len, size_t *used, size_t *rest)
{
    char *src = (char *)in, *dst = rc->buf + *used;
    size_t left = len, room = rc->cap - *used;
    size_t r = iconv(rc->cd, &src, &left, &dst, &room);
    *used = (size_t)(dst - rc->buf);
    *rest = left;
    if (r != (size_t)-1)
        return 0;
    return errno == EINVAL ? 1 : -1; /* E2BIG cannot happen: reserve() */
}

int recode_block(recoder *rc, const char *in, size_t len, const char **out, size_t *out_len)
{
    *out = rc->buf;
    *out_len = 0;
    if (!reserve(rc, len + CARRY_MAX))
        return -2;
    size_t used = 0, rest = 0;
    /* First the character cut at the end of the last block, completed
     * with as few bytes of this one as it needs. */
    while (rc->n_carry && len) {
        rc->carry[rc->n_carry++] = *in++;
        len--;
        int k = convert(rc, rc->carry, rc->n_carry, &used, &rest);
        if (k < 0 || (k == 1 && rc->n_carry == CARRY_MAX)) {
            *out_len = used;
            return -1;
        }
        if (k == 0)
            rc->n_carry = 0;
    }
    *out = rc->buf;
    int k = len ? convert(rc, in, len, &used, &rest) : 0;
    *out_len = used;
    if (k < 0)
        return -1;
    if (k == 1) {
        memcpy(rc->carry, in + len - rest, rest);
        rc->n_carry = rest;
    }
    return 0;
}

bool recode_pending(const recoder *rc)
{
    return rc->n_carry > 0;
}

void recode_close(recoder *rc)
{
    if (!rc)
        return;
    iconv_close(rc->cd);
    free(rc->buf);
    free(rc);
}
