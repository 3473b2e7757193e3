/* scan_oracle.c - the CSV scanner against libcsv (see scan_oracle.h). */
#include "scan_oracle.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

typedef struct transcript {
    char *s;
    size_t n, cap;
    bool nomem;
} transcript;

static void put(transcript *t, const void *p, size_t len)
{
    if (t->nomem || len == 0)
        return;
    if (t->n + len > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->n + len)
            cap *= 2;
        char *grown = realloc(t->s, cap);
        if (!grown) {
            t->nomem = true;
            return;
        }
        t->s = grown;
        t->cap = cap;
    }
    memcpy(t->s + t->n, p, len);
    t->n += len;
}

/* A record starting on LINE, a cell of LEN bytes, an unclosed quote on LINE. */
static void put_record(transcript *t, long long line)
{
    put(t, "R", 1);
    put(t, &line, sizeof line);
}

static void put_cell(transcript *t, const char *s, size_t len)
{
    put(t, "C", 1);
    put(t, &len, sizeof len);
    put(t, s, len);
}

static void put_unclosed(transcript *t, long long line)
{
    put(t, "U", 1);
    put(t, &line, sizeof line);
}

/* ---- libcsv ---- */

typedef struct oracle {
    transcript t;
    long long line; /* 1 + the line ends fed before the byte being fed */
    size_t cells;   /* of the record being read */
    transcript cur; /* its cells, until its line is known */
    long long rec_line;
} oracle;

/* The line ends in a cell's text: LF, CR LF, or a CR alone (one at the
 * very end of the text was followed by a quote, not an LF). */
static long long newlines(const char *s, size_t len)
{
    long long k = 0;
    for (size_t i = 0; i < len; i++)
        k += s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'));
    return k;
}

static void on_field(void *s, size_t len, void *data)
{
    oracle *o = data;
    /* the record's line: where its first cell ended, less the lines inside it */
    if (o->cells++ == 0)
        o->rec_line = o->line - newlines(s, len);
    put_cell(&o->cur, s, len);
}

static void on_record(int c, void *data)
{
    oracle *o = data;
    (void)c;
    put_record(&o->t, o->rec_line);
    put(&o->t, o->cur.s, o->cur.n);
    o->cur.n = 0;
    o->cells = 0;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static void by_libcsv(const char *data, size_t len, char delim, transcript *out)
{
    oracle o = {.line = 1};
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        out->nomem = true;
        return;
    }
    csv_set_delim(&p, (unsigned char)delim);
    csv_set_space_func(&p, no_space);
    for (size_t i = 0; i < len; i++) {
        if (csv_parse(&p, data + i, 1, on_field, on_record, &o) != 1)
            o.t.nomem = true;
        /* a CR ends a line at once, so an LF just after it ends none */
        o.line += data[i] == '\r' || (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'));
    }
    long long open_line = o.line - newlines((const char *)p.entry_buf, p.entry_pos);
    csv_set_opts(&p, (unsigned char)(csv_get_opts(&p) | CSV_STRICT));
    if (csv_fini(&p, on_field, on_record, &o) != 0)
        put_unclosed(&o.t, open_line);
    csv_free(&p);
    free(o.cur.s);
    *out = o.t;
}

/* ---- the scanner ---- */

static void by_scanner(const char *data, size_t len, char delim, size_t chunk, transcript *t)
{
    scan_out out = {0};
    char *buf = NULL;
    size_t carry = 0, off = 0;
    scan_state at = {.delim = delim, .line = 1};
    for (;;) {
        size_t want = carry > chunk ? carry : chunk;
        size_t take = len - off < want ? len - off : want;
        char *grown = realloc(buf, carry + take + 1);
        if (!grown) {
            t->nomem = true;
            break;
        }
        buf = grown;
        memcpy(buf + carry, data + off, take);
        off += take;
        bool end = take == 0;
        size_t n = carry + take;
        at.pos = 0;
        scan_status st = scan_block(buf, n, end, &at, &out);
        for (size_t r = 0; r < out.n_recs; r++) {
            const scan_record *rec = &out.recs[r];
            put_record(t, rec->line);
            bool odd = false;
            for (size_t c = rec->first; c < rec->first + rec->n; c++) {
                const char *s = buf + out.offsets[c];
                size_t l = out.lengths[c];
                if (s[l] != '\0')
                    put(t, "!", 1); /* not NUL-terminated */
                for (size_t i = 0; i < l; i++)
                    odd |= scan_odd_byte((unsigned char)s[i]);
                put_cell(t, s, l);
            }
            if (odd != rec->odd)
                put(t, "?", 1); /* the record's odd flag wrong */
        }
        if (st == SCAN_NOMEM)
            t->nomem = true;
        if (st == SCAN_UNCLOSED)
            put_unclosed(t, at.line);
        if (st != SCAN_OK || end)
            break;
        carry = n - at.pos;
        memmove(buf, buf + at.pos, carry);
        scan_out_clear(&out);
    }
    free(buf);
    scan_out_free(&out);
}

const char *scan_oracle_diff(const char *data, size_t len, char delim, size_t chunk)
{
    transcript a = {0}, b = {0};
    by_libcsv(data, len, delim, &a);
    by_scanner(data, len, delim, chunk, &b);
    const char *diff = NULL;
    if (a.nomem || b.nomem)
        diff = "out of memory";
    else if (a.n != b.n || (a.n && memcmp(a.s, b.s, a.n) != 0))
        diff = "the scanner and libcsv read different records, cells, lines or errors";
    free(a.s);
    free(b.s);
    return diff;
}
