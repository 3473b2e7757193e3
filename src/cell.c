/* cell.c - strict parsing of case-data cells (see cell.h, SPEC 10). */
#include "cell.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cell_parse_integer(const char *s, size_t len, double *out)
{
    size_t i = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    if (i == len)
        return false;
    /* Beyond 2^53 a double no longer holds every integer exactly: count in
     * an integer, so that 2^53 + 1 is not rounded into range. */
    const unsigned long long limit = 9007199254740992ULL;
    unsigned long long v = 0;
    for (size_t j = i; j < len; j++) {
        if (s[j] < '0' || s[j] > '9')
            return false;
        v = v * 10 + (unsigned long long)(s[j] - '0');
        if (v > limit)
            return false;
    }
    *out = s[0] == '-' ? -(double)v : (double)v;
    return true;
}

bool cell_parse_number(const char *s, size_t len, double *out)
{
    /* [+-]? (digits [. digits?] | . digits) ([eE][+-]?digits)? */
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, digits++;
    }
    if (digits == 0)
        return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t exp_digits = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, exp_digits++;
        if (exp_digits == 0)
            return false;
    }
    if (i != len || len > 64)
        return false;
    char buf[65];
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    double v = strtod(buf, NULL);
    if (!isfinite(v))
        return false;
    *out = v;
    return true;
}

/* Howard Hinnant's days-from-civil: exact for the proleptic Gregorian
 * calendar, no tables, no time zones. */
long cell_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void cell_civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

bool cell_parse_date(const char *s, size_t len, double *out)
{
    int y, m, d;
    if (len != 10)
        return false;
    if (s[4] == '-' && s[7] == '-') {
        y = digits(s, 4);
        m = digits(s + 5, 2);
        d = digits(s + 8, 2);
    } else if (s[2] == '/' && s[5] == '/') {
        d = digits(s, 2);
        m = digits(s + 3, 2);
        y = digits(s + 6, 4);
    } else
        return false;
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *out = (double)cell_days_from_civil(y, m, d);
    return true;
}

/* Well-formed UTF-8 (RFC 3629: no overlongs, surrogates or code points past
 * U+10FFFF).  The case data is UTF-8 (SPEC 4); text that is not would
 * break regexes and the JSON summary. */
static bool utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else
            return false;
        if (i + n >= len) /* the sequence is cut short */
            return false;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return false;
        for (size_t k = 2; k <= n; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return false;
        i += n + 1;
    }
    return true;
}

int cell_match(const pcre2_code *re, const char *s, size_t len, pcre2_match_data *md)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
        rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, PCRE2_NO_JIT, md, NULL);
    return rc;
}

static const char *type_reason(field_type t)
{
    switch (t) {
    case FIELD_INTEGER:
        return "not an integer";
    case FIELD_NUMBER:
        return "not a number";
    case FIELD_DATE:
        return "not a date (YYYY-MM-DD or DD/MM/YYYY, a real calendar date)";
    default:
        return "not valid text";
    }
}

const char *cell_check(const field *f, const char *s, size_t len, cell *c)
{
    c->str = s;
    c->len = len;
    c->num = 0;
    c->present = len > 0;
    if (!c->present)
        return f->required ? "missing (the field is required)" : NULL;
    switch (f->type) {
    case FIELD_INTEGER:
        if (!cell_parse_integer(s, len, &c->num))
            return type_reason(f->type);
        break;
    case FIELD_NUMBER:
        if (!cell_parse_number(s, len, &c->num))
            return type_reason(f->type);
        break;
    case FIELD_DATE:
        if (!cell_parse_date(s, len, &c->num))
            return type_reason(f->type);
        break;
    case FIELD_ENUM: {
        size_t i;
        for (i = 0; i < f->n_values; i++)
            if (f->value_lens[i] == len && memcmp(f->values[i], s, len) == 0)
                break;
        if (i == f->n_values)
            return "not one of the allowed values";
        c->num = (double)i;
        break;
    }
    case FIELD_TEXT:
        if (!utf8_valid(s, len))
            return "not valid UTF-8 text (save the file as UTF-8)";
        break;
    }
    if (f->has_min && c->num < f->min)
        return "below the minimum";
    if (f->has_max && c->num > f->max)
        return "above the maximum";
    if (f->pattern) {
        if (cell_match(f->pattern, s, len, f->pattern_match) < 0)
            return "does not match the field's pattern";
    }
    return NULL;
}
