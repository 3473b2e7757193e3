/* test_expr.c - the expression language (src/expr.c; docs/manual/expressions.md).
 *
 * Expressions are parsed against a table of fields built here (no model,
 * no YAML), and evaluated on rows of cells checked by cell_check, as the
 * evaluation does.  Each table row is one case; a failing row names its
 * expression and row in the TAP diagnostic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cell.h"
#include "cunit_tap.h"
#include "expr.h"
#include "field.h"

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        char msg_[1024];                                                                           \
        snprintf(msg_, sizeof msg_, __VA_ARGS__);                                                  \
        CU_assertImplementation((cond) ? CU_TRUE : CU_FALSE, __LINE__, msg_, __FILE__, "",         \
                                CU_FALSE);                                                         \
    } while (0)

/* The table of fields, as a model's data.fields would give it: id s e i x
 * d p.  p's pattern (?:a|b)* is compiled by main. */
static char *e_values[] = {"a", "b", "c"};
static size_t e_lens[] = {1, 1, 1};
static field fields[] = {
    {.name = "id", .type = FIELD_TEXT},
    {.name = "s", .type = FIELD_TEXT},
    {.name = "e", .type = FIELD_ENUM, .values = e_values, .value_lens = e_lens, .n_values = 3},
    {.name = "i", .type = FIELD_INTEGER},
    {.name = "x", .type = FIELD_NUMBER},
    {.name = "d", .type = FIELD_DATE},
    {.name = "p", .type = FIELD_TEXT},
};

enum { F_ID, F_S, F_E, F_I, F_X, F_D, F_P, N_FIELDS };

/* SRC parsed against the fields; NULL with ERR filled when it does not. */
static expr *parse(const char *src, expr_error *err)
{
    expr *e = NULL;
    thrive_error rc = expr_parse(src, fields, N_FIELDS, &e, err);
    CHECK((rc == THRIVE_OK) == (e != NULL), "'%s': returned %s, but the tree is %s", src,
          thrive_strerror(rc), e ? "set" : "NULL");
    CHECK(rc == THRIVE_OK || rc == THRIVE_ERROR_MODEL, "'%s': unexpected %s", src,
          thrive_strerror(rc));
    return e;
}

/* A row: the text of s, e, i, x and d (NULL = the empty cell, missing; p
 * is always missing). */
typedef struct {
    const char *s, *e, *i, *x, *d;
} row_text;

static bool make_row(const row_text *t, cell *row)
{
    const char *text[N_FIELDS] = {"id1", t->s, t->e, t->i, t->x, t->d, NULL};
    bool ok = true;
    for (int f = 0; f < N_FIELDS; f++) {
        const char *s = text[f] ? text[f] : "";
        const char *why = cell_check(&fields[f], s, strlen(s), &row[f]);
        CHECK(!why, "row cell %s = \"%s\" rejected: %s", fields[f].name, s, why ? why : "");
        ok = ok && !why;
    }
    return ok;
}

typedef struct {
    const char *src;
    row_text row;
    bool want;
} eval_case;

static void run_eval(const eval_case *cases, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const eval_case *c = &cases[k];
        expr_error err;
        expr *e = parse(c->src, &err);
        CHECK(e != NULL, "parse '%s': %s at %zu", c->src, err.msg, err.offset);
        if (!e)
            continue;
        cell row[N_FIELDS];
        if (make_row(&c->row, row)) {
            bool got = expr_eval(e, row);
            CHECK(got == c->want, "'%s' with s=%s e=%s i=%s x=%s d=%s: expected %s, got %s", c->src,
                  c->row.s ? c->row.s : "(missing)", c->row.e ? c->row.e : "(missing)",
                  c->row.i ? c->row.i : "(missing)", c->row.x ? c->row.x : "(missing)",
                  c->row.d ? c->row.d : "(missing)", c->want ? "true" : "false",
                  got ? "true" : "false");
        }
        expr_free(e);
    }
}

#define RUN(cases) run_eval(cases, sizeof cases / sizeof *cases)
#define ROW_I(v)                                                                                   \
    {                                                                                              \
        NULL, NULL, v, NULL, NULL                                                                  \
    }
#define ROW_S(v)                                                                                   \
    {                                                                                              \
        v, NULL, NULL, NULL, NULL                                                                  \
    }
#define ROW_E(v)                                                                                   \
    {                                                                                              \
        NULL, v, NULL, NULL, NULL                                                                  \
    }
#define ROW_X(v)                                                                                   \
    {                                                                                              \
        NULL, NULL, NULL, v, NULL                                                                  \
    }
#define ROW_D(v)                                                                                   \
    {                                                                                              \
        NULL, NULL, NULL, NULL, v                                                                  \
    }
#define ROW_NONE                                                                                   \
    {                                                                                              \
        NULL, NULL, NULL, NULL, NULL                                                               \
    }

/* Loosest first: or, and, not.  Each case is chosen so that the other
 * grouping gives the other answer. */
static void test_precedence(void)
{
    static const eval_case cases[] = {
        /* i=1: 1==1 or (1==2 and 1==3) = T or F = T;
         * (1==1 or 1==2) and 1==3 would be F. */
        {"i == 1 or i == 2 and i == 3", ROW_I("1"), true},
        /* i=3: (3==1 and 3==2) or 3==3 = T; 3==1 and (3==2 or 3==3) = F. */
        {"i == 1 and i == 2 or i == 3", ROW_I("3"), true},
        /* i=1: (not 1==1) and 1==2 = F and F = F;
         * not (1==1 and 1==2) would be T. */
        {"not i == 1 and i == 2", ROW_I("1"), false},
        /* i=1: (not 1==1) or 1==1 = T; not (1==1 or 1==1) would be F. */
        {"not i == 1 or i == 1", ROW_I("1"), true},
        /* parentheses group: i=1: (T or F) and F = F */
        {"(i == 1 or i == 2) and i == 3", ROW_I("1"), false},
        {"i == 1 and (i == 2 or i == 1)", ROW_I("1"), true},
        {"not (i == 1 or i == 2)", ROW_I("2"), false},
        {"not not i == 1", ROW_I("1"), true},
        {"not not not i == 1", ROW_I("1"), false},
        {"((i == 1))", ROW_I("1"), true},
        /* a chain of or / and, left to right */
        {"i == 5 or i == 6 or i == 7 or i == 1", ROW_I("1"), true},
        {"i > 0 and i < 5 and i != 3 and i >= 1", ROW_I("3"), false},
        /* keywords need no spaces around parentheses */
        {"(i>0)and(i<2)", ROW_I("1"), true},
        {"not(i==1)", ROW_I("1"), false},
    };
    RUN(cases);
}

/* Every test on a missing value is false, x != "a" included; not (...) of
 * such a test is true (docs/manual/expressions.md). */
static void test_missing(void)
{
    static const eval_case cases[] = {
        {"s == \"a\"", ROW_NONE, false},
        {"s != \"a\"", ROW_NONE, false},
        {"not (s == \"a\")", ROW_NONE, true},
        {"not s == \"a\"", ROW_NONE, true},
        {"not (s != \"a\")", ROW_NONE, true},
        {"s < \"a\"", ROW_NONE, false},
        {"s >= \"\"", ROW_NONE, false},
        {"i < 5", ROW_NONE, false},
        {"i >= 5", ROW_NONE, false},
        {"i != 5", ROW_NONE, false},
        {"not (i < 5)", ROW_NONE, true},
        {"x > -1e300", ROW_NONE, false},
        {"d != 2010-04-01", ROW_NONE, false},
        {"e != \"a\"", ROW_NONE, false},
        {"s =~ /.*/", ROW_NONE, false}, /* would match "" if it were tested */
        {"s =~ /^$/", ROW_NONE, false},
        {"s in [\"a\", \"b\"]", ROW_NONE, false},
        {"e in [\"a\", \"b\", \"c\"]", ROW_NONE, false},
        {"i in [0]", ROW_NONE, false},
        {"not (i in [0])", ROW_NONE, true},
        {"s is missing", ROW_NONE, true},
        {"s is present", ROW_NONE, false},
        {"not s is missing", ROW_NONE, false},
        {"s is missing", ROW_S("x"), false},
        {"s is present", ROW_S("x"), true},
        /* cells are not trimmed: a space is a value */
        {"s is present", ROW_S(" "), true},
        {"s == \" \"", ROW_S(" "), true},
        /* missing in one operand does not spoil the other */
        {"s == \"a\" or i == 1", ROW_I("1"), true},
        {"s != \"a\" and i == 1", ROW_I("1"), false},
    };
    RUN(cases);
}

/* Numbers compare numerically, dates as dates, text and enums as strings. */
static void test_compare(void)
{
    static const eval_case cases[] = {
        /* "10" > "9" as numbers, though not as strings ('1' < '9') */
        {"i > 9", ROW_I("10"), true},
        {"i < 9", ROW_I("10"), false},
        {"s > \"9\"", ROW_S("10"), false},
        {"s < \"9\"", ROW_S("10"), true},
        /* the same number written differently */
        {"i == 10", ROW_I("+10"), true},
        {"i == 7", ROW_I("007"), true},
        {"i == 0", ROW_I("-0"), true},
        {"x == 1", ROW_X("1.0"), true},
        {"x == 0.5", ROW_X(".5"), true},
        {"x == 250", ROW_X("2.5e2"), true},
        {"x > -1", ROW_X("-0.5"), true},
        {"x < -0.25", ROW_X("-0.5"), true},
        {"x <= 2.5", ROW_X("2.5"), true},
        {"x >= 2.5", ROW_X("2.5"), true},
        {"x != 2.5", ROW_X("2.5"), false},
        {"i == 2.5", ROW_I("2"), false},
        {"i < 2.5", ROW_I("2"), true},
        /* dates: DD/MM/YYYY cells against ISO literals.  As strings
         * "01/04/2010" < "2009-12-31"; as dates it is later. */
        {"d > 2009-12-31", ROW_D("01/04/2010"), true},
        {"d == 2010-04-01", ROW_D("01/04/2010"), true},
        {"d == 2010-04-01", ROW_D("2010-04-01"), true},
        {"d < 2010-04-02", ROW_D("01/04/2010"), true},
        {"d <= 2010-03-31", ROW_D("01/04/2010"), false},
        {"d >= 2010-04-01", ROW_D("2010-04-01"), true},
        {"d != 2010-04-01", ROW_D("02/04/2010"), true},
        /* 31/12/2009 is before 01/01/2010, though "31" > "01" */
        {"d < 2010-01-01", ROW_D("31/12/2009"), true},
        /* text: case-sensitive, byte order, a prefix sorts first */
        {"s == \"abc\"", ROW_S("abc"), true},
        {"s == \"Abc\"", ROW_S("abc"), false},
        {"s != \"Abc\"", ROW_S("abc"), true},
        {"s < \"b\"", ROW_S("abc"), true},
        {"s < \"ab\"", ROW_S("abc"), false},
        {"s > \"ab\"", ROW_S("abc"), true},
        {"s <= \"abc\"", ROW_S("abc"), true},
        {"s >= \"abc\"", ROW_S("abc"), true},
        {"s > \"abc\"", ROW_S("abc"), false},
        {"s < \"abcd\"", ROW_S("abc"), true},
        {"s < \"a\"", ROW_S("B"), true}, /* 'B' (66) < 'a' (97) */
        {"s == \"\"", ROW_S("x"), false},
        /* escapes: \" and \\ */
        {"s == \"say \\\"hi\\\"\"", ROW_S("say \"hi\""), true},
        {"s == \"a\\\\b\"", ROW_S("a\\b"), true},
        {"s == \"a\\\\b\"", ROW_S("ab"), false},
        /* enums compare as strings */
        {"e == \"a\"", ROW_E("a"), true},
        {"e != \"a\"", ROW_E("b"), true},
        {"e < \"b\"", ROW_E("a"), true},
        {"e >= \"c\"", ROW_E("c"), true},
    };
    RUN(cases);
}

/* =~ searches anywhere in the value; flag i is caseless (docs/manual/expressions.md). */
static void test_regex(void)
{
    static const eval_case cases[] = {
        {"s =~ /b/", ROW_S("abc"), true},
        {"s =~ /a.c/", ROW_S("xxabcxx"), true},
        {"s =~ /^b/", ROW_S("abc"), false},
        {"s =~ /^abc$/", ROW_S("abc"), true},
        {"s =~ /c$/", ROW_S("abc"), true},
        {"s =~ /B/", ROW_S("abc"), false},
        {"s =~ /B/i", ROW_S("abc"), true},
        {"s =~ /^A.C$/i", ROW_S("abc"), true},
        {"s =~ /debt|arrears/", ROW_S("rent arrears"), true},
        {"s =~ /x/", ROW_S("abc"), false},
        {"s =~ /[0-9]{3}/", ROW_S("F12"), false},
        {"s =~ /[0-9]{2}/", ROW_S("F12"), true},
        /* an escaped / inside the regex */
        {"s =~ /a\\/b/", ROW_S("xa/by"), true},
        /* on the text of a number field */
        {"i =~ /^1/", ROW_I("15"), true},
        {"i =~ /^1/", ROW_I("51"), false},
        {"not s =~ /b/", ROW_S("abc"), false},
        /* UTF-8 values: . is one character */
        {"s =~ /^caf.$/", ROW_S("caf\xc3\xa9"), true},
    };
    RUN(cases);
}

/* in [...] is equality with any of the values, in the field's type. */
static void test_in(void)
{
    static const eval_case cases[] = {
        {"e in [\"a\", \"b\"]", ROW_E("b"), true},
        {"e in [\"a\", \"b\"]", ROW_E("c"), false},
        {"e in [\"c\"]", ROW_E("c"), true},
        {"s in [\"x\", \"abc\"]", ROW_S("abc"), true},
        {"s in [\"ABC\"]", ROW_S("abc"), false},
        {"i in [1, 2, 3]", ROW_I("3"), true},
        {"i in [1, 2, 3]", ROW_I("4"), false},
        {"i in [1, 2, 3]", ROW_I("+2"), true},
        {"x in [0.5, 1e1]", ROW_X("10"), true},
        {"x in [0.5]", ROW_X(".5"), true},
        {"d in [2010-04-01, 2011-01-01]", ROW_D("01/01/2011"), true},
        {"d in [2010-04-01, 2011-01-01]", ROW_D("02/01/2011"), false},
        {"not e in [\"a\"]", ROW_E("b"), true},
        {"i in [1,2]and i in[2,3]", ROW_I("2"), true},
    };
    RUN(cases);
}

/* Parse errors: the byte offset in the expression and the message. */
static void test_parse_errors(void)
{
    static const struct {
        const char *src;
        size_t offset;
        const char *msg;
    } cases[] = {
        {"", 0, "the expression is empty"},
        {"   ", 0, "the expression is empty"},
        {"s", 0, "expected a test on field 's': an operator (== != < <= > >=), '=~', 'in' or 'is'"},
        {"s == ", 5, "expected a string in double quotes, found the end"},
        {"s \"a\"", 2,
         "expected an operator (== != < <= > >=), '=~', 'in' or 'is', found a string"},
        {"s = \"a\"", 2, "unexpected '=': use '==' to compare"},
        {"s @ \"a\"", 2, "unexpected character '@'"},
        /* what other languages write, and what thrive takes */
        {"s == \"a\" && i > 1", 9, "unexpected '&&': write 'and'"},
        {"s == \"a\" || i > 1", 9, "unexpected '||': write 'or'"},
        {"!(s == \"a\")", 0, "unexpected '!': write 'not' (or '!=' to compare)"},
        {"s == 'yes'", 5, "strings take double quotes: write \"yes\""},
        {"s == 'yes", 5, "strings take double quotes (\"yes\"), not single ones"},
        {"x >= 20%", 5, "'20%': expressions take no '%': write the share, 0.2 (or 20 if the field "
                        "holds percentages)"},
        {"(s == \"a\"", 0, "unbalanced '(': expected a closing ')'"},
        {"(s == \"a\" s", 10, "expected ')', found 's'"},
        {"s == \"a\")", 8, "expected 'and', 'or' or the end of the expression, found ')'"},
        {"()", 1, "expected a field name, 'not' or '(', found ')'"},
        {"not", 3, "expected a field name, 'not' or '(', found the end"},
        {"s == \"a\" and", 12, "expected a field name, 'not' or '(', found the end"},
        {"s == \"a\" s == \"b\"", 9, "expected 'and', 'or' or the end, found 's'"},
        {"s == \"a", 5, "unterminated string: expected a closing '\"'"},
        /* offsets: s0 ' '1 =2 =3 ' '4 "5 a6 \7 */
        {"s == \"a\\n\"", 7, "unknown escape '\\n' in a string: only \\\" and \\\\ are allowed"},
        /* the regex token starts at 5; PCRE2 reports offset 2 in "a(", the
         * end of the pattern, so 5 + 1 ('/') + 2 = 8 */
        {"s =~ /a(/", 8, "bad regex: missing closing parenthesis"},
        /* "/a/x" starts at 5 and is 4 long; the flag is its last byte: 8 */
        {"s =~ /a/x", 8, "unknown regex flag 'x': only 'i' (caseless) is allowed"},
        {"s =~ /a/ig", 9, "unknown regex flag 'g': only 'i' (caseless) is allowed"},
        {"s =~ /a", 5, "unterminated regex: expected a closing '/'"},
        {"s =~ \"a\"", 5, "expected a regex like /pattern/ after '=~', found a string"},
        {"i == \"1\"", 5, "expected an integer (the field is an integer), found a string"},
        {"x > \"1\"", 4, "expected a number (the field is a number), found a string"},
        {"i == 2010-04-01", 5, "expected an integer (the field is an integer), found a date"},
        {"s == 1", 5, "expected a string in double quotes, found a number"},
        {"e == a", 5, "expected a string in double quotes, found 'a'"},
        {"e == \"d\"", 5, "\"d\" is not one of the values of enum field 'e'"},
        {"e == \"A\"", 5, "\"A\" is not one of the values of enum field 'e'"},
        {"e in [\"a\", \"z\"]", 11, "\"z\" is not one of the values of enum field 'e'"},
        {"d < \"2010-04-01\"", 4,
         "expected a date like 2010-04-01 (the field is a date), found a string"},
        /* "01/04/2010" lexes as the number 01, then '/' */
        {"d < 01/04/2010", 4,
         "expected a date like 2010-04-01 (the field is a date), found a number"},
        {"d < 2010-02-30", 4, "'2010-02-30' is not a number or a date (YYYY-MM-DD)"},
        {"x > 0x1A", 4, "'0x1A' is not a number or a date (YYYY-MM-DD)"},
        {"x > 1e", 4, "'1e' is not a number or a date (YYYY-MM-DD)"},
        {"zzzz == 1", 0, "unknown field 'zzzz': fields must be declared in data.fields"},
        {"ee == \"a\"", 0, "unknown field 'ee' (did you mean 'e'?)"},
        {"i == 1 and zzzz == 1", 11,
         "unknown field 'zzzz': fields must be declared in data.fields"},
        {"s is absent", 5, "expected 'missing' or 'present' after 'is', found 'absent'"},
        {"s is", 4, "expected 'missing' or 'present' after 'is', found the end"},
        {"s in \"a\"", 5, "expected '[' to start the list after 'in', found a string"},
        {"s in [\"a\" \"b\"]", 10, "expected ',' or ']' in the list, found a string"},
        {"s in [\"a\",]", 10, "expected a string in double quotes, found ']'"},
        {"s in []", 6, "expected a string in double quotes, found ']'"},
        {"s in [\"a\"", 9, "expected ',' or ']' in the list, found the end"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        expr_error err = {999, "unchanged"};
        expr *e = parse(cases[k].src, &err);
        CHECK(e == NULL, "'%s' parsed, expected an error", cases[k].src);
        expr_free(e);
        if (e)
            continue;
        CHECK(err.offset == cases[k].offset, "'%s': expected the error at offset %zu, got %zu",
              cases[k].src, cases[k].offset, err.offset);
        CHECK(strcmp(err.msg, cases[k].msg) == 0, "'%s': expected \"%s\", got \"%s\"", cases[k].src,
              cases[k].msg, err.msg);
    }
}

/* A message longer than expr_error.msg is cut to fit, NUL-terminated:
 * "unknown field '" (15 bytes) and a 300-byte name make more than 255. */
static void test_error_buffer(void)
{
    char src[320];
    memset(src, 'z', 300);
    strcpy(src + 300, " == 1");
    expr_error err;
    memset(&err, 'x', sizeof err);
    expr *e = parse(src, &err);
    CU_ASSERT_PTR_NULL(e);
    CU_ASSERT_EQUAL(err.offset, 0);
    CU_ASSERT_EQUAL(strlen(err.msg), sizeof err.msg - 1);
    CU_ASSERT_EQUAL(strncmp(err.msg, "unknown field 'zzz", 18), 0);
    CU_ASSERT_EQUAL(err.msg[sizeof err.msg - 2], 'z');
}

/* SRC parses; returns its value on ROW (false if it does not parse). */
static bool parse_eval(const char *src, const cell *row)
{
    expr_error err;
    expr *e = parse(src, &err);
    CHECK(e != NULL, "a %zu-byte expression: %s at %zu", strlen(src), err.msg, err.offset);
    bool got = e && expr_eval(e, row);
    expr_free(e);
    return got;
}

/* SRC does not parse: the error is MSG at OFFSET. */
static void parse_fails(const char *src, size_t offset, const char *msg)
{
    expr_error err;
    expr *e = parse(src, &err);
    CHECK(e == NULL, "a %zu-byte expression parsed, expected an error", strlen(src));
    expr_free(e);
    CHECK(err.offset == offset, "expected the error at offset %zu, got %zu", offset, err.offset);
    CHECK(strcmp(err.msg, msg) == 0, "expected \"%s\", got \"%s\"", msg, err.msg);
}

/* SRC: N copies of UNIT, then TAIL (N - 1 copies of SEP between them if
 * SEP); the caller frees it. */
static char *repeat(const char *unit, const char *sep, size_t n, const char *tail)
{
    size_t lu = strlen(unit), ls = sep ? strlen(sep) : 0, lt = strlen(tail);
    char *s = malloc(n * (lu + ls) + lt + 1);
    CU_ASSERT_FATAL(s != NULL);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && sep) {
            memcpy(s + k, sep, ls);
            k += ls;
        }
        memcpy(s + k, unit, lu);
        k += lu;
    }
    memcpy(s + k, tail, lt + 1);
    return s;
}

/* Expressions of any length parse in linear time and space and evaluate
 * without recursing once per operand; only nesting is capped (256 levels of
 * parentheses and 'not's), so that no expression can exhaust the stack.
 * Each of these crashed, or took quadratic memory, before. */
static void test_limits(void)
{
    cell row[N_FIELDS];
    CU_ASSERT_FATAL(make_row(&(row_text)ROW_I("1"), row));
    static const char deep_msg[] =
        "the expression nests too deeply: more than 256 parentheses and 'not's inside one "
        "another";

    /* 256 parentheses are fine, the 257th is one too many */
    char *open = repeat("(", NULL, 256, "i == 1");
    char *src = repeat(")", NULL, 256, "");
    char *both = malloc(strlen(open) + strlen(src) + 1);
    CU_ASSERT_FATAL(both != NULL);
    strcat(strcpy(both, open), src);
    CHECK(parse_eval(both, row), "256 parentheses: expected true");
    free(both);
    free(src);
    free(open);
    /* a twentieth of these lengths under valgrind (cunit_tap_rounds), still
     * far past the cap */
    size_t many = cunit_tap_rounds(100000);
    src = repeat("(", NULL, many, "i == 1");
    parse_fails(src, 256, deep_msg);
    free(src);

    /* 'not' nests as deeply: 256 of them (true), then 257 (at byte 4 * 256) */
    src = repeat("not ", NULL, 256, "i == 1");
    CHECK(parse_eval(src, row), "256 'not's: expected true");
    free(src);
    src = repeat("not ", NULL, many, "i == 1");
    parse_fails(src, 1024, deep_msg);
    free(src);

    /* a chain of 'or' or 'and' is not nesting, however long */
    src = repeat("i == 2", " or ", 2 * many, " or i == 1");
    CHECK(parse_eval(src, row), "a chain of %zu 'or's: expected true", 2 * many + 1);
    free(src);
    src = repeat("i == 1", " and ", 2 * many, " and i == 2");
    CHECK(!parse_eval(src, row), "a chain of %zu 'and's: expected false", 2 * many + 1);
    free(src);
    src = repeat("(i == 2 or i == 3 or not i == 1)", " and ", many, "");
    CHECK(!parse_eval(src, row), "%zu parenthesised 'or's: expected false", many);
    free(src);

    /* a string per test, and a long 'in' list */
    src = repeat("s == \"abc\"", " or ", many, " or i == 1");
    CHECK(parse_eval(src, row), "%zu strings: expected true", many);
    free(src);
    src = repeat("2", ", ", 5 * many, ", 1]");
    char *in = malloc(strlen(src) + 7);
    CU_ASSERT_FATAL(in != NULL);
    strcat(strcpy(in, "i in ["), src);
    CHECK(parse_eval(in, row), "a list of %zu values: expected true", 5 * many + 1);
    free(in);
    free(src);
}

/* A regex's answer does not depend on the JIT: a repeated group over a
 * value of a few thousand bytes overflows the JIT's own stack, and the
 * match is then made without it (it was false, and the pattern rejected
 * the cell). */
static void test_long_values(void)
{
    size_t len = 100000;
    char *value = malloc(len + 1);
    CU_ASSERT_FATAL(value != NULL);
    memset(value, 'a', len);
    value[len] = '\0';
    value[len - 1] = 'b';
    cell row[N_FIELDS];
    CU_ASSERT_FATAL(make_row(&(row_text)ROW_NONE, row));
    /* the field's pattern (a full match) */
    const char *why = cell_check(&fields[F_P], value, len, &row[F_P]);
    CHECK(why == NULL, "a %zu-byte value matching the pattern (?:a|b)*: rejected: %s", len,
          why ? why : "");
    why = cell_check(&fields[F_S], value, len, &row[F_S]);
    CU_ASSERT_PTR_NULL(why);
    /* =~ on the same value */
    CHECK(parse_eval("s =~ /^(a|b)*$/", row), "=~ /^(a|b)*$/ on %zu bytes: expected true", len);
    CHECK(parse_eval("s =~ /^(?:a|b)*b$/", row), "=~ /^(?:a|b)*b$/: expected true");
    CHECK(!parse_eval("s =~ /^(?:a|b)*a$/", row), "=~ /^(?:a|b)*a$/: expected false");
    free(value);
}

/* Tests that can never all pass (the lint of `thrive validate`): each case
 * worked out by hand, the witness that makes a "no" a no written beside it.
 * A "yes" means no value of the field passes every test on it. */
static void test_conflicts(void)
{
    static char *yn[] = {"yes", "no"};
    static size_t yn_lens[] = {3, 2};
    static const field cf[] = {
        {.name = "debt", .type = FIELD_ENUM, .values = yn, .value_lens = yn_lens, .n_values = 2},
        {.name = "age", .type = FIELD_INTEGER, .has_min = true, .min = 0, .has_max = true,
         .max = 120},
        {.name = "score", .type = FIELD_NUMBER},
        {.name = "t", .type = FIELD_TEXT},
        {.name = "when", .type = FIELD_DATE},
    };
    static const struct {
        const char *a, *b;
        bool conflict;
        size_t field;
    } cases[] = {
        {"debt == \"yes\"", "debt == \"no\"", true, 0},
        {"debt == \"yes\"", "debt != \"yes\"", true, 0},
        {"debt == \"yes\"", "debt is missing", true, 0},
        {"debt is present", "debt is missing", true, 0},
        {"debt != \"yes\"", "debt != \"no\"", true, 0}, /* a test on a missing cell is false */
        {"debt != \"yes\" and debt is present", "debt != \"no\"", true, 0},
        {"debt == \"yes\"", "debt == \"yes\"", false, 0},   /* yes */
        {"debt in [\"yes\", \"no\"]", "debt == \"no\"", false, 0}, /* no */
        {"age >= 18", "age < 16", true, 1},
        {"age >= 18", "age <= 18", false, 1},               /* 18 */
        {"age > 18", "age < 19", false, 1},                 /* 18.5: integers not claimed */
        {"age > 120", NULL, true, 1},                       /* beyond max */
        {"age < 0", NULL, true, 1},                         /* below min */
        {"age == 30", "age != 30", true, 1},
        {"age in [1, 2]", "age in [3, 4]", true, 1},
        {"age in [1, 2]", "age in [2, 4]", false, 1},       /* 2 */
        {"score > 1.5", "score < 1.5", true, 2},
        {"score > 1.5", "score < 1.6", false, 2},           /* 1.55 */
        {"t == \"a\"", "t == \"b\"", true, 3},
        {"t == \"a\"", "t != \"b\"", false, 3},             /* "a" */
        {"t in [\"a\", \"b\"]", "t != \"a\" and t != \"b\"", true, 3},
        {"t != \"a\"", "t != \"b\"", false, 3},             /* "xx" or missing */
        {"t > \"a\"", "t < \"a\"", false, 3},               /* ordering of text: not claimed */
        {"when >= 2010-04-01", "when < 2010-04-01", true, 4},
        {"debt == \"yes\" or age > 3", "debt == \"no\"", false, 0}, /* inside or: left out */
        {"not debt == \"yes\"", "debt == \"yes\"", false, 0},       /* inside not: left out */
        {"t =~ /^a$/", "t == \"b\"", false, 3},             /* regex: left out */
        {"(debt == \"yes\" and age > 3)", "debt == \"no\"", true, 0},
        {NULL, "debt == \"no\" and debt == \"yes\"", true, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        expr *a = NULL, *b = NULL;
        expr_error err;
        if (cases[i].a)
            CU_ASSERT_FATAL(expr_parse(cases[i].a, cf, 5, &a, &err) == THRIVE_OK);
        if (cases[i].b)
            CU_ASSERT_FATAL(expr_parse(cases[i].b, cf, 5, &b, &err) == THRIVE_OK);
        expr_conflict c;
        bool got = expr_conflict_find(a, b, cf, 5, &c);
        CHECK(got == cases[i].conflict, "%s / %s: conflict %s, expected %s",
              cases[i].a ? cases[i].a : "(all)", cases[i].b ? cases[i].b : "(none)",
              got ? "found" : "not found", cases[i].conflict ? "one" : "none");
        if (got && cases[i].conflict)
            CHECK(c.field == cases[i].field, "%s / %s: field %zu, expected %zu",
                  cases[i].a ? cases[i].a : "(all)", cases[i].b, c.field, cases[i].field);
        expr_free(a);
        expr_free(b);
    }
    /* where the two tests are, for the message */
    expr *a, *b;
    expr_error err;
    CU_ASSERT_FATAL(expr_parse("age > 3 and debt == \"yes\"", cf, 5, &a, &err) == THRIVE_OK);
    CU_ASSERT_FATAL(expr_parse("debt == \"no\"", cf, 5, &b, &err) == THRIVE_OK);
    expr_conflict c;
    CU_ASSERT_FATAL(expr_conflict_find(a, b, cf, 5, &c));
    CHECK(c.start[0] == 12 && c.end[0] == 25, "eligible's test at %zu..%zu, expected 12..25",
          c.start[0], c.end[0]);
    CHECK(c.start[1] == 0 && c.end[1] == 12, "achieved's test at %zu..%zu, expected 0..12",
          c.start[1], c.end[1]);
    expr_free(a);
    expr_free(b);
}

int main(void)
{
    static CU_TestInfo eval[] = {
        {"precedence", test_precedence},
        {"missing values", test_missing},
        {"comparisons by type", test_compare},
        {"regex", test_regex},
        {"in lists", test_in},
        {"regexes on long values", test_long_values},
        CU_TEST_INFO_NULL,
    };
    static CU_TestInfo parse_tests[] = {
        {"errors and their offsets", test_parse_errors},
        {"error buffer", test_error_buffer},
        {"long and deeply nested expressions", test_limits},
        {"tests that can never all pass", test_conflicts},
        CU_TEST_INFO_NULL,
    };
    size_t off;
    char why[160];
    if (pattern_compile("(?:a|b)*", PATTERN_WHOLE, &fields[F_P].pattern, &off, why, sizeof why) !=
        THRIVE_OK) {
        fprintf(stderr, "test_expr: the pattern of p: %s\n", why);
        return 99;
    }
    cunit_tap_add("eval", eval);
    cunit_tap_add("parse", parse_tests);
    int status = cunit_tap_run();
    pattern_free(fields[F_P].pattern);
    return status;
}
