/* test_cell.c - case-data cells: the strict parsers (src/field.c) and cell_check
 * (src/cell.c; docs/manual/case-data.md).
 *
 * Every table row is one case.  A failing row names its input in the TAP
 * diagnostic.  Day numbers are days since 1970-01-01; the working for each
 * is in the comment above the date table.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cell.h"
#include "cunit_tap.h"
#include "diag.h"
#include "model.h"
#include "model_text.h"

/* A check whose failure message says which case failed. */
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        char msg_[1024];                                                                           \
        snprintf(msg_, sizeof msg_, __VA_ARGS__);                                                  \
        CU_assertImplementation((cond) ? CU_TRUE : CU_FALSE, __LINE__, msg_, __FILE__, "",         \
                                CU_FALSE);                                                         \
    } while (0)

/* ---- integer: [+-]?[0-9]+, nothing else (docs/manual/case-data.md) ---- */

typedef struct {
    const char *s;
    bool ok;
    double value;
} num_case;

static void test_integer(void)
{
    static const num_case cases[] = {
        {"0", true, 0},
        {"42", true, 42},
        {"+5", true, 5},
        {"-0", true, 0},
        {"-17", true, -17},
        {"007", true, 7},
        /* 2^53 = 9007199254740992 is the largest integer a double holds
         * with every smaller one; 2^53 + 1 must not round into range. */
        {"9007199254740992", true, 9007199254740992.0},
        {"-9007199254740992", true, -9007199254740992.0},
        {"9007199254740993", false, 0},
        {"99999999999999999999999", false, 0},
        {"", false, 0},
        {"+", false, 0},
        {"-", false, 0},
        {"1.", false, 0},
        {"1.0", false, 0},
        {"1e5", false, 0},
        {".5", false, 0},
        {"0x1A", false, 0},
        {"1,000", false, 0},
        {"--1", false, 0},
        {"+-1", false, 0},
        {" 1", false, 0},
        {"1 ", false, 0},
        {"inf", false, 0},
        {"nan", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const num_case *c = &cases[i];
        double v = -12345;
        bool ok = field_parse_integer(c->s, strlen(c->s), &v);
        CHECK(ok == c->ok, "integer \"%s\": expected %s", c->s, c->ok ? "accepted" : "rejected");
        if (ok && c->ok)
            CHECK(v == c->value, "integer \"%s\": expected %.17g, got %.17g", c->s, c->value, v);
    }
    /* Only LEN bytes are read: "12" out of "123". */
    double v = 0;
    CHECK(field_parse_integer("123", 2, &v) && v == 12, "integer: the length is respected");
}

/* ---- number: decimal, optional fraction and exponent; no inf, nan, hex ---- */

static void test_number(void)
{
    static const num_case cases[] = {
        {"1", true, 1},
        {"-2.5", true, -2.5},
        {"+2.5", true, 2.5},
        {".5", true, 0.5},
        {"-.5", true, -0.5},
        {"3e-2", true, 0.03},
        {"1e5", true, 100000},
        {"2E3", true, 2000},
        {"1e+3", true, 1000},
        {"-0", true, 0},
        {"+5", true, 5},
        {"0.000", true, 0},
        /* "1." is a decimal with an empty fraction, as strtod, Python and
         * spreadsheets read it. */
        {"1.", true, 1},
        {"1.5e1", true, 15},
        {"1e", false, 0},
        {"1e+", false, 0},
        {"e5", false, 0},
        {".", false, 0},
        {"-", false, 0},
        {"", false, 0},
        {".e1", false, 0},
        {"1.5.2", false, 0},
        {"--1", false, 0},
        {"inf", false, 0},
        {"-inf", false, 0},
        {"Infinity", false, 0},
        {"nan", false, 0},
        {"NaN", false, 0},
        {"0x1A", false, 0},
        {"0x1p3", false, 0},
        {"1,5", false, 0},
        {" 1", false, 0},
        {"1 ", false, 0},
        {"1e999", false, 0}, /* overflows to infinity */
        {"1d", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const num_case *c = &cases[i];
        double v = -12345;
        bool ok = field_parse_number(c->s, strlen(c->s), &v);
        CHECK(ok == c->ok, "number \"%s\": expected %s", c->s, c->ok ? "accepted" : "rejected");
        if (ok && c->ok)
            CHECK(v == c->value, "number \"%s\": expected %.17g, got %.17g", c->s, c->value, v);
    }
    double v = 0;
    CHECK(field_parse_number("2.5x", 3, &v) && v == 2.5, "number: the length is respected");
}

/* Numbers are converted without strtod where that is exact (a fast path
 * for up to 2^53 scaled by at most 10^22): on 1,000,000 random decimals of
 * every shape the accepted ones are read bit for bit as strtod reads them
 * (glibc's strtod rounds correctly: it is the independent reference). */
static void test_number_exact(void)
{
    unsigned long long st = 0x2545F4914F6CDD1DULL;
#define NEXT() (st ^= st << 13, st ^= st >> 7, st ^= st << 17, st)
    size_t differ = 0, compared = 0, rounds = cunit_tap_rounds(1000000);
    for (size_t k = 0; k < rounds; k++) {
        char s[80];
        size_t n = 0;
        unsigned long long r = NEXT();
        if (r % 3 == 1)
            s[n++] = '-';
        else if (r % 3 == 2)
            s[n++] = '+';
        int whole = (int)(NEXT() % 21);
        int frac = (int)(NEXT() % 21);
        bool point = NEXT() % 2;
        for (int i = 0; i < whole; i++) {
            int d = (int)(NEXT() % 10);
            s[n++] = (char)('0' + d);
        }
        if (point) {
            s[n++] = '.';
            for (int i = 0; i < frac; i++) {
                int d = (int)(NEXT() % 10);
                s[n++] = (char)('0' + d);
            }
        }
        if (!whole && !frac)
            s[n++] = '7';
        if (NEXT() % 3 == 0) {
            unsigned long long e = NEXT();
            n += (size_t)snprintf(s + n, sizeof s - n, "%s%s%d", e % 2 ? "e" : "E",
                                  e % 3 == 0   ? "-"
                                  : e % 5 == 0 ? "+"
                                               : "",
                                  (int)((e >> 8) % 45));
        }
        s[n] = '\0';
        double v, want = strtod(s, NULL);
        if (!field_parse_number(s, n, &v))
            continue;
        compared++;
        if (memcmp(&v, &want, sizeof v) != 0 && differ++ < 5)
            fprintf(stderr, "# \"%s\": %.17g, strtod %.17g\n", s, v, want);
    }
#undef NEXT
    CHECK(differ == 0, "numbers: %zu of %zu differ from strtod", differ, compared);
    CHECK(compared > rounds / 2, "numbers: only %zu of %zu accepted", compared, rounds);
}

/* ---- dates: YYYY-MM-DD or DD/MM/YYYY, a real calendar date ----
 *
 * Day numbers worked by hand:
 *   1970-01-01 = 0 by definition; 1970-01-02 = 1; 1969-12-31 = -1.
 *   2000-01-01: 30 years of 365 days plus the 7 leap days of 1972, 76, 80,
 *     84, 88, 92, 96 = 10950 + 7 = 10957.
 *   2000-03-01: + 31 (January) + 29 (February; 2000 is a leap year, being
 *     divisible by 400) = 11017.
 *   2010-04-01: 2010-01-01 = 40 * 365 + 10 leap days (1972 .. 2008) = 14610;
 *     + 31 + 28 + 31 (Jan, Feb, Mar) = 14700.
 *   2011-03-31: 2011-01-01 = 14610 + 365 = 14975; + 31 + 28 + 30 = 15064.
 *   2024-02-29: 2024-01-01 = 54 * 365 + 13 leap days (1972 .. 2020) = 19723;
 *     + 31 (January) + 28 = 19782.
 *   1900-03-01: 1900-01-01 = -(70 * 365 + 17 leap days (1904 .. 1968)) =
 *     -25567; + 31 + 28 (1900 is not a leap year) = -25508.
 *   0001-01-01: -(1969 * 365 + 1969/4 - 1969/100 + 1969/400)
 *     = -(718685 + 492 - 19 + 4) = -719162.
 */

typedef struct {
    const char *s;
    bool ok;
    long days;
} date_case;

static void test_date_parse(void)
{
    static const date_case cases[] = {
        {"1970-01-01", true, 0},
        {"01/01/1970", true, 0},
        {"1970-01-02", true, 1},
        {"1969-12-31", true, -1},
        {"2000-03-01", true, 11017},
        {"01/03/2000", true, 11017},
        {"2010-04-01", true, 14700},
        {"01/04/2010", true, 14700},
        {"31/03/2011", true, 15064},
        {"2024-02-29", true, 19782},
        {"29/02/2024", true, 19782},
        {"2000-02-29", true, 11016},
        {"1900-03-01", true, -25508},
        {"0001-01-01", true, -719162},
        {"29/02/2023", false, 0}, /* 2023 is not a leap year */
        {"2023-02-29", false, 0},
        {"1900-02-29", false, 0}, /* divisible by 100, not by 400 */
        {"2010-13-01", false, 0},
        {"2010-00-10", false, 0},
        {"2010-01-00", false, 0},
        {"31/04/2010", false, 0}, /* April has 30 days */
        {"2010-04-31", false, 0},
        {"32/01/2010", false, 0},
        {"2010-4-01", false, 0}, /* two-digit month */
        {"2010-04-1", false, 0},
        {"1/04/2010", false, 0},
        {"01/4/2010", false, 0},
        {"01/04/10", false, 0},
        {"2010/04/01", false, 0},
        {"01-04-2010", false, 0},
        {"2010-04-01 ", false, 0},
        {" 2010-04-01", false, 0},
        {"2010-04-01T00:00", false, 0},
        {"20100401", false, 0},
        {"2010-O4-01", false, 0},
        {"+010-04-01", false, 0},
        {"", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const date_case *c = &cases[i];
        double v = -12345;
        bool ok = field_parse_date(c->s, strlen(c->s), &v);
        CHECK(ok == c->ok, "date \"%s\": expected %s", c->s, c->ok ? "accepted" : "rejected");
        if (ok && c->ok)
            CHECK(v == (double)c->days, "date \"%s\": expected day %ld, got %.17g", c->s, c->days,
                  v);
    }
}

static void test_days_from_civil(void)
{
    static const struct {
        int y, m, d;
        long days;
    } cases[] = {
        {1970, 1, 1, 0},
        {1970, 1, 2, 1},
        {1969, 12, 31, -1},
        {2000, 1, 1, 10957},
        {2000, 3, 1, 11017},
        {2010, 4, 1, 14700},
        {2024, 2, 29, 19782},
        {1900, 3, 1, -25508},
        {1, 1, 1, -719162},
        /* 1970-12-31 = 364; 1971-01-01 = 365; 1972-01-01 = 365 + 365 = 730
         * and 1972 has 366 days, so 1972-12-31 = 730 + 365 = 1095. */
        {1970, 12, 31, 364},
        {1971, 1, 1, 365},
        {1972, 12, 31, 1095},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        long got = field_days_from_civil(cases[i].y, cases[i].m, cases[i].d);
        CHECK(got == cases[i].days, "days_from_civil(%04d-%02d-%02d): expected %ld, got %ld",
              cases[i].y, cases[i].m, cases[i].d, cases[i].days, got);
        int y, m, d;
        field_civil_from_days(cases[i].days, &y, &m, &d);
        CHECK(y == cases[i].y && m == cases[i].m && d == cases[i].d,
              "civil_from_days(%ld): expected %04d-%02d-%02d, got %04d-%02d-%02d", cases[i].days,
              cases[i].y, cases[i].m, cases[i].d, y, m, d);
    }
    /* Consecutive day numbers are consecutive dates, across every month
     * end and leap day from 1899 to 2101, and the two functions are
     * inverses. */
    int py, pm, pd;
    long first = field_days_from_civil(1899, 1, 1);
    field_civil_from_days(first, &py, &pm, &pd);
    unsigned bad = 0;
    for (long z = first + 1; z <= field_days_from_civil(2101, 12, 31); z++) {
        int y, m, d;
        field_civil_from_days(z, &y, &m, &d);
        bool next_day = y == py && m == pm && d == pd + 1;
        bool next_month = y == py && m == pm + 1 && d == 1;
        bool next_year = y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31;
        if (!(next_day || next_month || next_year) || field_days_from_civil(y, m, d) != z)
            bad++;
        py = y, pm = m, pd = d;
    }
    CHECK(bad == 0, "%u day numbers do not follow the calendar", bad);
}

/* ---- cell_check: type, pattern (full match), min/max, values, required ---- */

static const char check_model[] =
    "model: cells\n"
    "title: Cells\n"
    "pilot: generic\n"
    "inputs: [{ id: i, kind: staff, cost: 1 }]\n"
    "activities: [{ id: a, uses: [i] }]\n"
    "outputs: [{ id: o, from: [a], count: all }]\n"
    "outcomes: [{ id: c, horizon: short, from: [o], achieved: code is present }]\n"
    "data:\n"
    "  id: code\n"
    "  fields:\n"
    "    code: { type: text, pattern: \"F[0-9]{2}\", required: true }\n"
    "    note: { type: text }\n"
    "    n: { type: integer, min: -5, max: 10 }\n"
    "    x: { type: number, min: 0.5, max: 2.5 }\n"
    "    d: { type: date, min: 2010-04-01, max: 2011-03-31 }\n"
    "    e: { type: enum, values: [yes, no, \"Don't know\"], required: true }\n"
    "    alt: { type: text, pattern: \"a|b\" }\n";

#define BELOW     "below the minimum"
#define ABOVE     "above the maximum"
#define PATTERN   "does not match the field's pattern"
#define REQUIRED  "missing (the field is required)"
#define NOT_INT   "not an integer"
#define NOT_NUM   "not a number"
#define NOT_DATE  "not a date (YYYY-MM-DD or DD/MM/YYYY, a real calendar date)"
#define NOT_VALUE "not one of the allowed values"
#define NOT_UTF8  "not valid UTF-8 text (save the file as UTF-8)"

static void test_cell_check(void)
{
    static const struct {
        const char *field, *s;
        const char *reason; /* NULL = accepted */
        bool present;
        double num;
    } cases[] = {
        /* pattern: the whole value must match, not a part of it */
        {"code", "F12", NULL, true, 0},
        {"code", "xF12", PATTERN, true, 0},
        {"code", "F12x", PATTERN, true, 0},
        {"code", "F1", PATTERN, true, 0},
        {"code", "F123", PATTERN, true, 0},
        {"code", "f12", PATTERN, true, 0},
        {"code", "", REQUIRED, false, 0},
        /* an alternation is anchored as a whole: "ab" matches neither "a"
         * nor "b" in full, though each alternative matches a part */
        /* text must be well-formed UTF-8: 2- and 4-byte sequences pass;
         * a stray byte, a cut sequence, an overlong form and a UTF-16
         * surrogate do not */
        {"note", "Caf\xc3\xa9", NULL, true, 0},
        {"note", "\xf0\x9f\x98\x80", NULL, true, 0},
        {"note", "Caf\xe9", NOT_UTF8, true, 0},
        {"note", "\xff", NOT_UTF8, true, 0},
        {"note", "ab\xc3", NOT_UTF8, true, 0},
        {"note", "\xc0\xaf", NOT_UTF8, true, 0},
        {"note", "\xed\xa0\x80", NOT_UTF8, true, 0},
        {"note", "\xf4\x90\x80\x80", NOT_UTF8, true, 0},
        {"alt", "a", NULL, true, 0},
        {"alt", "ab", PATTERN, true, 0},
        {"alt", "xb", PATTERN, true, 0},
        {"alt", "", NULL, false, 0},
        /* text: taken exactly as written, only the empty cell is missing */
        {"note", "", NULL, false, 0},
        {"note", " ", NULL, true, 0},
        {"note", "anything at all", NULL, true, 0},
        /* integer with min -5, max 10 (inclusive) */
        {"n", "10", NULL, true, 10},
        {"n", "+10", NULL, true, 10},
        {"n", "-5", NULL, true, -5},
        {"n", "11", ABOVE, true, 11},
        {"n", "-6", BELOW, true, -6},
        {"n", "1.0", NOT_INT, true, 0},
        {"n", " 1", NOT_INT, true, 0},
        {"n", "", NULL, false, 0},
        /* number with min 0.5, max 2.5 */
        {"x", "2.5", NULL, true, 2.5},
        {"x", ".5", NULL, true, 0.5},
        {"x", "25e-1", NULL, true, 2.5},
        {"x", "2.51", ABOVE, true, 2.51},
        {"x", "0.49", BELOW, true, 0.49},
        {"x", "abc", NOT_NUM, true, 0},
        {"x", "nan", NOT_NUM, true, 0},
        /* date from 2010-04-01 (day 14700) to 2011-03-31 (day 15064) */
        {"d", "2010-04-01", NULL, true, 14700},
        {"d", "31/03/2011", NULL, true, 15064},
        {"d", "2010-03-31", BELOW, true, 14699},
        {"d", "01/04/2011", ABOVE, true, 15065},
        {"d", "2010-02-30", NOT_DATE, true, 0},
        {"d", "2010-4-01", NOT_DATE, true, 0},
        /* enum: values exactly as written, case-sensitive; required; the
         * number is the value's position in `values` */
        {"e", "yes", NULL, true, 0},
        {"e", "no", NULL, true, 1},
        {"e", "Don't know", NULL, true, 2},
        {"e", "Yes", NOT_VALUE, true, 0},
        {"e", "YES", NOT_VALUE, true, 0},
        {"e", "yes ", NOT_VALUE, true, 0},
        {"e", "true", NOT_VALUE, true, 0},
        {"e", "", REQUIRED, false, 0},
    };
    model *m = model_from_text_ok(check_model);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        long fi = model_field_index(m, cases[i].field);
        CHECK(fi >= 0, "field %s", cases[i].field);
        if (fi < 0)
            continue;
        cell c;
        const char *s = cases[i].s;
        const char *why = cell_check(&m->fields[fi], s, strlen(s), &c);
        if (cases[i].reason)
            CHECK(why && strcmp(why, cases[i].reason) == 0,
                  "%s = \"%s\": expected rejected as \"%s\", got %s%s%s", cases[i].field, s,
                  cases[i].reason, why ? "\"" : "", why ? why : "accepted", why ? "\"" : "");
        else
            CHECK(!why, "%s = \"%s\": expected accepted, got \"%s\"", cases[i].field, s,
                  why ? why : "");
        /* The reason never quotes the value, which may be personal. */
        if (why && *s)
            CHECK(!strstr(why, s), "%s = \"%s\": the reason quotes the value", cases[i].field, s);
        CHECK(c.present == cases[i].present, "%s = \"%s\": expected %s", cases[i].field, s,
              cases[i].present ? "present" : "missing");
        CHECK(c.str == s && c.len == strlen(s), "%s = \"%s\": the cell keeps the text",
              cases[i].field, s);
        if (!why && cases[i].present)
            CHECK(c.num == cases[i].num, "%s = \"%s\": expected %.17g, got %.17g", cases[i].field,
                  s, cases[i].num, c.num);
    }
    model_free(m);
}

/* ---- an enum's values found through their index (field.c) ---- */

/* Values of every length around the index's 8- and 16-byte words, some
 * sharing their first or last bytes, each found at its own position, and
 * near misses not found; then 50,000 values that differ only in their
 * middle (the index spreads them: loading them is linear). */
static void test_value_index(void)
{
    static const char *const values[] = {"",
                                         "a",
                                         "ab",
                                         "abcdefg",
                                         "abcdefgh",
                                         "abcdefghi",
                                         "abcdefgh-bcdefgh",
                                         "abcdefghXbcdefgh",
                                         "abcdefgh-bcdefghi",
                                         "abcdefgh-middle-1-bcdefghi",
                                         "abcdefgh-middle-2-bcdefghi",
                                         "\xc3\xa9t\xc3\xa9"};
    enum { N = sizeof values / sizeof *values };
    static const char *const misses[] = {"b",
                                         "abcdefh",
                                         "abcdefgi",
                                         "bbcdefgh",
                                         "abcdefghj",
                                         "abcdefgh-bcdefgi",
                                         "Abcdefgh-bcdefgh",
                                         "abcdefgh-bcdefghj",
                                         "abcdefgh-middle-3-bcdefghi",
                                         "abcdefgh-middle-1-bcdefghij",
                                         "abcdefgh-middle--bcdefghi",
                                         "\xc3\xa9t\xc3\xa8"};
    field f = {.name = strdup("e"), .type = FIELD_ENUM};
    f.values = calloc(N, sizeof *f.values);
    f.value_lens = calloc(N, sizeof *f.value_lens);
    CU_ASSERT_FATAL(f.values && f.value_lens && field_index_values(&f, N));
    for (size_t i = 0; i < N; i++) {
        f.values[i] = strdup(values[i]);
        f.value_lens[i] = strlen(values[i]);
        CHECK(field_index_value(&f, i), "value %zu '%s' is new", i, values[i]);
        f.n_values = i + 1;
    }
    for (size_t i = 0; i < N; i++) {
        long k = field_value_index(&f, values[i], strlen(values[i]));
        CHECK(k == (long)i, "'%s' is value %zu, got %ld", values[i], i, k);
        CHECK(!field_index_value(&f, i), "'%s' again is a repeat", values[i]);
    }
    for (size_t i = 0; i < sizeof misses / sizeof *misses; i++) {
        long k = field_value_index(&f, misses[i], strlen(misses[i]));
        CHECK(k == -1, "'%s' is not a value, got %ld", misses[i], k);
    }
    field_clear(&f);

    enum { MANY = 50000 };
    field g = {.name = strdup("g"), .type = FIELD_ENUM};
    g.values = calloc(MANY, sizeof *g.values);
    g.value_lens = calloc(MANY, sizeof *g.value_lens);
    CU_ASSERT_FATAL(g.values && g.value_lens && field_index_values(&g, MANY));
    bool all_new = true, all_found = true;
    for (size_t i = 0; i < MANY; i++) {
        char v[64];
        g.value_lens[i] = (size_t)snprintf(v, sizeof v, "same-start-%06zu-same-end", i);
        g.values[i] = strdup(v);
        all_new &= field_index_value(&g, i);
        g.n_values = i + 1;
    }
    for (size_t i = 0; i < MANY; i += 997)
        all_found &= field_value_index(&g, g.values[i], g.value_lens[i]) == (long)i;
    CU_ASSERT(all_new);
    CU_ASSERT(all_found);
    CU_ASSERT_EQUAL(field_value_index(&g, "same-start-050000-same-end", 26), -1);
    field_clear(&g);
}

int main(void)
{
    static CU_TestInfo parse[] = {
        {"integer", test_integer},
        {"number", test_number},
        {"numbers read bit for bit as strtod reads them", test_number_exact},
        {"date", test_date_parse},
        {"days_from_civil", test_days_from_civil},
        CU_TEST_INFO_NULL,
    };
    static CU_TestInfo check[] = {
        {"cell_check", test_cell_check},
        {"an enum's values found through their index", test_value_index},
        CU_TEST_INFO_NULL,
    };
    cunit_tap_add("parse", parse);
    cunit_tap_add("check", check);
    return cunit_tap_run();
}
