/* test_scan.c - the CSV structural scanner (src/scan.c): RFC 4180's
 * examples and the cases libcsv reads its own way, with the records and
 * cells expected written out by hand; then the scanner against libcsv
 * (tests/scan_oracle.c) on random bytes read in every chunk size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_tap.h"
#include "scan.h"
#include "scan_oracle.h"
#include "utf8.h"

/* DATA read whole, as "line:cell|cell|...;" per record, "U<line>" for an
 * unclosed quote at the end; cells with '|' or ';' are not used below. */
static const char *scan_text(const char *data, char delim)
{
    static char text[1024];
    size_t len = strlen(data);
    char *buf = malloc(len + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    memcpy(buf, data, len);
    scan_out out = {0};
    scan_state at = {.delim = delim, .line = 1};
    scan_status st = scan_block(buf, len, true, &at, &out);
    size_t n = 0;
    text[0] = '\0';
    for (size_t r = 0; r < out.n_recs; r++) {
        n += (size_t)snprintf(text + n, sizeof text - n, "%lld:", out.recs[r].line);
        for (size_t c = 0; c < out.recs[r].n; c++) {
            size_t i = out.recs[r].first + c;
            n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", c ? "|" : "",
                                  buf + out.offsets[i]);
        }
        n += (size_t)snprintf(text + n, sizeof text - n, ";");
    }
    if (st == SCAN_UNCLOSED)
        snprintf(text + n, sizeof text - n, "U%lld", at.line);
    scan_out_free(&out);
    free(buf);
    return text;
}

#define EXPECT(data, want)                                                                         \
    do {                                                                                           \
        const char *got = scan_text(data, ',');                                                    \
        if (strcmp(got, want) != 0)                                                                \
            fprintf(stderr, "# %s: got %s, expected %s\n", #data, got, want);                      \
        CU_ASSERT_STRING_EQUAL(got, want);                                                         \
    } while (0)

/* RFC 4180 section 2, rules 1-7, with its own examples. */
static void test_rfc4180(void)
{
    EXPECT("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n", "1:aaa|bbb|ccc;2:zzz|yyy|xxx;");             /* 1 */
    EXPECT("aaa,bbb,ccc\r\nzzz,yyy,xxx", "1:aaa|bbb|ccc;2:zzz|yyy|xxx;");                 /* 2 */
    EXPECT("field_name,field_name\r\naaa,bbb\r\n", "1:field_name|field_name;2:aaa|bbb;"); /* 3 */
    EXPECT("aaa,bbb,ccc", "1:aaa|bbb|ccc;");                                              /* 4 */
    EXPECT("\"aaa\",\"bbb\",\"ccc\"\r\nzzz,yyy,xxx", "1:aaa|bbb|ccc;2:zzz|yyy|xxx;");     /* 5 */
    EXPECT("\"aaa\",\"b\r\nbb\",\"ccc\"\r\nzzz,yyy,xxx",
           "1:aaa|b\r\nbb|ccc;3:zzz|yyy|xxx;"); /* 6: the next record starts on line 3 */
    EXPECT("\"aaa\",\"b\"\"bb\",\"ccc\"", "1:aaa|b\"bb|ccc;"); /* 7 */
}

/* What libcsv does beyond the RFC, as thrive reads it (docs/manual/case-data.md). */
static void test_libcsv_ways(void)
{
    EXPECT("", "");
    EXPECT("\n\r\n\n", "");                             /* empty lines are not records */
    EXPECT("a\rb\r\nc\n", "1:a;2:b;3:c;");              /* CR alone ends a record and a line */
    EXPECT("\r\r\na\r\n\n\rb", "3:a;6:b;");             /* CR, CR LF, LF, CR: one line end each */
    EXPECT("\"a\rb\r\nc\",d\re", "1:a\rb\r\nc|d;4:e;"); /* lines inside a quoted cell too */
    EXPECT("\"a\"\r\nb\r\"c\r\"\n\"d", "1:a;2:b;3:c\r;U5"); /* after a closing quote */
    EXPECT("\n\na,b\n", "3:a|b;");                          /* lines counted across empty ones */
    EXPECT(",\n", "1:|;");                                  /* two empty cells */
    EXPECT("a,\n", "1:a|;");
    EXPECT("a,", "1:a|;");             /* at the end, without a line end */
    EXPECT(" a , b \n", "1: a | b ;"); /* never trimmed */
    EXPECT("a\"b,c\n", "1:a\"b|c;");   /* a quote inside an unquoted cell is text */
    EXPECT("\"ab\"c,d\n", "U1"); /* a quote before text is text, the cell still quoted: open */
    EXPECT("\"ab\"c,d\",e\n", "1:ab\"c,d|e;");
    EXPECT("\"\",\"\"\"\"\n", "1:|\";"); /* empty quoted; one quote */
    EXPECT("\"a\"\"\"\n", "1:a\";");
    EXPECT("\"a\"", "1:a;"); /* closing quote at the very end */
    EXPECT("\"a\n\nb\"\nc\n", "1:a\n\nb;4:c;");
    EXPECT("x\n\"open,\nmore\n", "1:x;U2"); /* an unclosed quote: the line it opened */
    EXPECT("\"a\"\"", "U1");                /* "" then the end: still open */
    EXPECT("a\n\"", "1:a;U2");
    EXPECT("a,\"b\"\r\nc", "1:a|b;2:c;");
    const char *semi = scan_text("a;\"b;c\";d\n", ';');
    CU_ASSERT_STRING_EQUAL(semi, "1:a|b;c|d;");
    const char *tab = scan_text("a\tb,c\t\n", '\t');
    CU_ASSERT_STRING_EQUAL(tab, "1:a|b,c|;");
}

/* A NUL byte is a cell's text, and its record is marked odd, as is one
 * with another control character or a byte 0xEF (U+FFFE is EF BF BE);
 * tab, CR, LF and other UTF-8 are not odd.  Each record is 70 bytes long,
 * a cell of spaces first, so that the SSE2 path (64 bytes at a time)
 * meets them too. */
static void test_odd(void)
{
    static const char *const recs[] = {
        "a,\"b\tc\r\nd\",\xE2\x82\xAC", /* tab, CR LF in quotes, the euro sign */
        "c,d\0e",
        "\"\0\"",
        "x,\x01",
        "\"\x1F\"",
        "y,\xEF\xBF\xBE",
        "\"\xEF\xBC\xA1\"", /* U+FF21, fullwidth A: odd, but clean text */
        "z,\x7F",           /* DEL is not a control character XML refuses */
    };
    static const bool odd[] = {false, true, true, true, true, true, true, false};
    size_t n_recs = sizeof recs / sizeof *recs;
    char data[1024];
    size_t len = 0;
    for (size_t r = 0; r < n_recs; r++) {
        size_t l = r == 1 ? 5 : r == 2 ? 3 : strlen(recs[r]); /* with their NULs */
        memset(data + len, ' ', 68 - l); /* a first cell of spaces */
        data[len + 68 - l] = ',';
        memcpy(data + len + 69 - l, recs[r], l);
        len += 69;
        data[len++] = '\n';
    }
    scan_out out = {0};
    scan_state at = {.delim = ',', .line = 1};
    CU_ASSERT_EQUAL(scan_block(data, len, true, &at, &out), SCAN_OK);
    CU_ASSERT_EQUAL_FATAL(out.n_recs, n_recs);
    for (size_t r = 0; r < n_recs; r++) {
        if (out.recs[r].odd != odd[r])
            fprintf(stderr, "# record %zu: odd %d, expected %d\n", r, out.recs[r].odd, odd[r]);
        CU_ASSERT_EQUAL(out.recs[r].odd, odd[r]);
    }
    CU_ASSERT_EQUAL(out.lengths[out.recs[1].first + 2], 3); /* "d\0e" */
    scan_out_free(&out);
}

/* The scanner and libcsv agree on 200,000 random inputs of the bytes that
 * matter (quotes, delimiters, CR, LF, NUL, space, tab, UTF-8, text), each
 * read in chunks of 1 to 80 bytes; longer inputs cross the 64-byte blocks
 * the scanner works in.  Seeded: the same inputs on every run. */
static void test_against_libcsv(void)
{
    static const char alphabet[] = "\"\",,,\r\n\n\n ;\tab\0\xC3\xA9x\x01\xEF";
    unsigned long long s = 0x9E3779B97F4A7C15ULL;
    char data[400];
    size_t differ = 0, rounds = cunit_tap_rounds(200000);
    for (size_t k = 0; k < rounds; k++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        size_t len = (size_t)(s % (k % 10 == 0 ? 400 : 40));
        for (size_t i = 0; i < len; i++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            data[i] = alphabet[s % (sizeof alphabet - 1)];
        }
        char delim = k % 7 == 0 ? ';' : k % 11 == 0 ? '\t' : ',';
        size_t chunk = 1 + (size_t)(s >> 20) % 80;
        const char *diff = scan_oracle_diff(data, len, delim, chunk);
        if (diff && differ++ < 3) {
            fprintf(stderr, "# %s (delimiter %d, chunk %zu):", diff, delim, chunk);
            for (size_t i = 0; i < len; i++)
                fprintf(stderr, " %02x", (unsigned char)data[i]);
            fprintf(stderr, "\n");
        }
    }
    CU_ASSERT_EQUAL(differ, 0);
}

/* ---- the streaming UTF-8 check (src/utf8.c) ---- */

/* The check as it was, one byte at a time (RFC 3629's table 3-7): the
 * reference for the check that skips ASCII eight bytes at a time. */
static size_t utf8_bytewise(const unsigned char *s, size_t len, unsigned *need)
{
    static unsigned char lo, hi;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (*need) {
            if (c < lo || c > hi)
                return i;
            (*need)--;
            lo = 0x80, hi = 0xBF;
            continue;
        }
        if (c < 0x80)
            continue;
        lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            *need = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            *need = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4)
            *need = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        else
            return i;
    }
    return UTF8_VALID;
}

/* 100,000 random texts, mostly ASCII with sequences good and bad, checked
 * in two pieces split anywhere: the same first bad byte and the same
 * "ends inside a character" as byte by byte. */
static void test_utf8_fast(void)
{
    static const unsigned char bytes[] = {'a',  'b',  ' ',  ',',  0xC3, 0xA9, 0xE2,
                                          0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xED,
                                          0xA0, 0xC0, 0xFF, 0xF4, 0x90};
    unsigned long long st = 0xDEADBEEFCAFEULL;
    size_t differ = 0;
    unsigned char s[200];
    size_t rounds = cunit_tap_rounds(100000);
    for (size_t k = 0; k < rounds; k++) {
        st ^= st << 13, st ^= st >> 7, st ^= st << 17;
        size_t len = (size_t)(st % 200), split = len ? (size_t)(st >> 32) % (len + 1) : 0;
        for (size_t i = 0; i < len; i++) {
            st ^= st << 13, st ^= st >> 7, st ^= st << 17;
            s[i] = st % 8 ? (unsigned char)('a' + st % 26) : bytes[(st >> 8) % sizeof bytes];
        }
        unsigned need = 0;
        size_t want = utf8_bytewise(s, len, &need);
        utf8_state u = {0};
        size_t got = utf8_check(&u, (const char *)s, split);
        if (got == UTF8_VALID &&
            (got = utf8_check(&u, (const char *)s + split, len - split)) != UTF8_VALID)
            got += split;
        bool same = got == want && (got != UTF8_VALID || utf8_complete(&u) == (need == 0));
        differ += !same;
    }
    CU_ASSERT_EQUAL(differ, 0);
}

int main(void)
{
    static const CU_TestInfo tests[] = {
        {"RFC 4180's rules and examples", test_rfc4180},
        {"libcsv's ways: empty lines, CR, stray quotes, unclosed quotes", test_libcsv_ways},
        {"NUL, control characters, 0xEF: text, their record marked odd", test_odd},
        {"random inputs (200,000; a twentieth under valgrind): the same records as libcsv in "
         "any chunking",
         test_against_libcsv},
        {"UTF-8 checked eight ASCII bytes at a time: the same answers", test_utf8_fast},
        CU_TEST_INFO_NULL,
    };
    cunit_tap_add("scan", tests);
    return cunit_tap_run();
}
