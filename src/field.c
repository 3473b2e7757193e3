/* field.c - field types, lookups and the strict parsers (see field.h). */
#include "field.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "hash.h"

const char *const field_type_names[FIELD_TYPE_COUNT] = {"text", "integer", "number", "date",
                                                        "enum"};

const char *field_type_name(field_type t)
{
    return (unsigned)t < FIELD_TYPE_COUNT ? field_type_names[t] : "unknown";
}

bool field_type_numeric(field_type t)
{
    return t == FIELD_INTEGER || t == FIELD_NUMBER || t == FIELD_DATE;
}

bool field_name_valid(const char *name)
{
    if (!isalpha((unsigned char)*name) && *name != '_')
        return false;
    for (const char *s = name; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

long field_index(const field *fields, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (fields[i].name && strcmp(fields[i].name, name) == 0)
            return (long)i;
    return -1;
}

const char *field_suggest(const field *fields, size_t n, const char *name)
{
    return diag_suggest_member(name, fields, n, sizeof *fields, offsetof(field, name));
}

/* A slot of the index of an enum's values: the value's length and its
 * first and last 8 bytes (or fewer), which decide equality for a value of
 * up to 16 bytes without looking at its text. */
struct field_slot {
    uint32_t index; /* the value's index + 1; 0: an empty slot */
    uint32_t len;
    uint64_t head, tail;
};

/* The slot VALUE (LEN bytes) would have, and its hash.  Up to 16 bytes,
 * HEAD and TAIL hold them all (for LEN < 8, HEAD alone: its first and
 * last four, or its first, middle and last byte), so that equal slots are
 * equal values; the hash is taken from them.  A longer value's hash is
 * taken from every byte, so that 200,000 values that differ only in the
 * middle still spread. */
static struct field_slot slot_of(const char *value, size_t len, uint64_t *hash)
{
    struct field_slot s = {0, (uint32_t)len, 0, 0};
    if (len >= 8) {
        memcpy(&s.head, value, 8);
        memcpy(&s.tail, value + len - 8, 8);
    } else if (len >= 4) {
        uint32_t a, b;
        memcpy(&a, value, 4);
        memcpy(&b, value + len - 4, 4);
        s.head = a | (uint64_t)b << 32;
    } else if (len > 0) {
        const unsigned char *u = (const unsigned char *)value;
        s.head = u[0] | (uint64_t)u[len / 2] << 8 | (uint64_t)u[len - 1] << 16;
    }
    *hash = len <= 16 ? ((s.head * 0x9E3779B97F4A7C15u) ^ s.tail ^ len) * 0xBF58476D1CE4E5B9u
                      : hash_fnv1a(value, len);
    return s;
}

/* Whether slot S, of value I of F, is VALUE (LEN bytes, its slot K). */
static bool slot_is(const field *f, const struct field_slot *s, const struct field_slot *k,
                    const char *value, size_t len)
{
    return s->len == k->len && s->head == k->head && s->tail == k->tail &&
           (len <= 16 || memcmp(f->values[s->index - 1], value, len) == 0);
}

long field_value_index(const field *f, const char *value, size_t len)
{
    if (f->value_slots && len <= UINT32_MAX) {
        uint64_t h;
        struct field_slot k = slot_of(value, len, &h);
        size_t mask = f->value_mask;
        for (size_t at = (size_t)(h >> 32) & mask; f->value_slots[at].index; at = (at + 1) & mask)
            if (slot_is(f, &f->value_slots[at], &k, value, len))
                return (long)f->value_slots[at].index - 1;
        return -1;
    }
    /* length and first byte before the whole text: values seldom share both */
    for (size_t i = 0; i < f->n_values; i++)
        if (f->value_lens[i] == len && (len == 0 || f->values[i][0] == value[0]) &&
            memcmp(f->values[i], value, len) == 0)
            return (long)i;
    return -1;
}

bool field_index_values(field *f, size_t n)
{
    /* at most half full: a probe or two per lookup */
    size_t mask = 7;
    while (mask + 1 < 2 * n && mask < UINT32_MAX)
        mask = mask * 2 + 1;
    free(f->value_slots);
    f->value_slots = calloc(mask + 1, sizeof *f->value_slots);
    f->value_mask = f->value_slots ? mask : 0;
    return f->value_slots != NULL;
}

bool field_index_value(field *f, size_t i)
{
    const char *value = f->values[i];
    size_t len = f->value_lens[i];
    uint64_t h;
    struct field_slot k = slot_of(value, len, &h);
    size_t mask = f->value_mask, at = (size_t)(h >> 32) & mask;
    for (; f->value_slots[at].index; at = (at + 1) & mask)
        if (slot_is(f, &f->value_slots[at], &k, value, len))
            return false;
    k.index = (uint32_t)i + 1;
    f->value_slots[at] = k;
    return true;
}

const char *field_value_label(const field *f, size_t i)
{
    return f->labels && f->labels[i] ? f->labels[i] : f->values[i];
}

const char *field_label_of(const field *f, const char *value)
{
    long i = f && f->labels && value ? field_value_index(f, value, strlen(value)) : -1;
    return i >= 0 ? field_value_label(f, (size_t)i) : value;
}

void field_clear(field *f)
{
    free(f->name);
    pattern_free(f->pattern);
    for (size_t i = 0; i < f->n_values; i++) {
        free(f->values[i]);
        if (f->labels)
            free(f->labels[i]);
    }
    free(f->labels);
    free(f->values);
    free(f->value_lens);
    free(f->value_slots);
    memset(f, 0, sizeof *f);
}

bool field_parse_integer(const char *s, size_t len, double *out)
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

/* Clinger's fast path: a decimal whose digits make an integer M of at
 * most 2^53, scaled by 10^K with |K| <= 22, is M * 10^K or M / 10^-K, both
 * exact doubles, in one correctly rounded operation: the double strtod
 * gives, without its arbitrary-precision arithmetic.  S is already known
 * to be a well-formed number.  False when it is not such a decimal. */
static bool number_fast(const char *s, size_t len, double *out)
{
#if FLT_EVAL_METHOD == 0
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const uint64_t max = (uint64_t)1 << 53;
    size_t i = 0;
    bool neg = s[0] == '-';
    i += s[0] == '-' || s[0] == '+';
    uint64_t m = 0;
    long k = 0;
    bool point = false;
    for (; i < len && s[i] != 'e' && s[i] != 'E'; i++) {
        if (s[i] == '.') {
            point = true;
            continue;
        }
        if (m > max)
            return false;
        m = m * 10 + (uint64_t)(s[i] - '0');
        k -= point;
    }
    if (i < len) { /* the exponent */
        bool eneg = s[++i] == '-';
        i += s[i] == '-' || s[i] == '+';
        long e = 0;
        for (; i < len; i++) {
            if (e > 1000)
                return false;
            e = e * 10 + (s[i] - '0');
        }
        k += eneg ? -e : e;
    }
    if (m > max || k < -22 || k > 22)
        return false;
    double v = k < 0 ? (double)m / pow10[-k] : (double)m * pow10[k];
    *out = neg ? -v : v;
    return true;
#else
    (void)s, (void)len, (void)out;
    return false; /* extended precision would round twice */
#endif
}

bool field_parse_number(const char *s, size_t len, double *out)
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
    if (number_fast(s, len, out))
        return true;
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
long field_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void field_civil_from_days(long z, int *y, int *m, int *d)
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

bool field_parse_date(const char *s, size_t len, double *out)
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
    *out = (double)field_days_from_civil(y, m, d);
    return true;
}

bool field_parse_value(field_type t, const char *s, size_t len, double *out)
{
    switch (t) {
    case FIELD_INTEGER:
        return field_parse_integer(s, len, out);
    case FIELD_NUMBER:
        return field_parse_number(s, len, out);
    case FIELD_DATE:
        return field_parse_date(s, len, out);
    default:
        return false;
    }
}
