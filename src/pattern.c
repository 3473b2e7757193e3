/* pattern.c - PCRE2 compiled once, matched without allocating (see pattern.h). */
#include "pattern.h"

#include <stdio.h>
#include <stdlib.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

struct pattern {
    pcre2_code *code;
    pcre2_match_data *md; /* reused for every match */
};

thrive_error pattern_compile(const char *src, unsigned flags, pattern **out, size_t *err_offset,
                             char *why, size_t why_size)
{
    *out = NULL;
    uint32_t options = PCRE2_UTF;
    if (flags & PATTERN_CASELESS)
        options |= PCRE2_CASELESS;
    if (flags & PATTERN_WHOLE)
        options |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
    int code;
    PCRE2_SIZE off;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, options, &code, &off, NULL);
    if (!re && code == PCRE2_ERROR_HEAP_FAILED)
        return THRIVE_ERROR_NOMEM;
    if (!re) {
        PCRE2_UCHAR buf[160];
        pcre2_get_error_message(code, buf, sizeof buf);
        if (why_size)
            snprintf(why, why_size, "%s", (char *)buf);
        *err_offset = off;
        return THRIVE_ERROR_MODEL;
    }
    /* Without the JIT (none on this platform, or no memory for it) the
     * match is only slower. */
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    pattern *p = malloc(sizeof *p);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!p || !md) {
        free(p);
        pcre2_match_data_free(md);
        pcre2_code_free(re);
        return THRIVE_ERROR_NOMEM;
    }
    p->code = re;
    p->md = md;
    *out = p;
    return THRIVE_OK;
}

bool pattern_match(pattern *re, const char *s, size_t len)
{
    int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, re->md, NULL);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
        rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, PCRE2_NO_JIT, re->md, NULL);
    return rc >= 0;
}

void pattern_free(pattern *re)
{
    if (!re)
        return;
    pcre2_match_data_free(re->md);
    pcre2_code_free(re->code);
    free(re);
}
