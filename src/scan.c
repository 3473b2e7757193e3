/* scan.c - the CSV structural scanner (see scan.h). */
#include "scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A quoted cell's length, until its record is complete, carries this bit
 * when "" or a stray quote inside must be rewritten (not before: an
 * incomplete record's bytes are carried into the next buffer as read). */
#define UNESCAPE ((size_t)1 << (sizeof(size_t) * 8 - 1))

enum { ROW_START, FIELD, QUOTED };

typedef struct scanner {
    char *buf;
    size_t n;
    char delim;
    unsigned char special[256]; /* delimiter, quote, control characters, 0xEF */
    size_t max_cell, max_cells; /* 0: no limit */
    scan_out *out;
    size_t rec_first;     /* the current record's first cell */
    bool odd;             /* the record holds an odd byte (scan_odd_byte) */
    size_t cr_end;        /* just past the last CR seen (an LF there ends no line) */
    scan_status error;    /* a limit reached */
    long long error_line; /* where the cell or record past it starts */
} scanner;

/* Bit I set when P[I] is special, for the AVAIL (at most 64) bytes at P:
 * the delimiter, the quote, every byte below 0x20 (CR, LF, NUL, the other
 * control characters, tab) and 0xEF. */
static uint64_t structural(const scanner *sc, const char *p, size_t avail)
{
#ifdef __SSE2__
    if (avail >= 64) {
        const __m128i d = _mm_set1_epi8(sc->delim), q = _mm_set1_epi8('"'),
                      low = _mm_set1_epi8(0x1F), ef = _mm_set1_epi8((char)0xEF);
        uint64_t m = 0;
        for (int k = 0; k < 4; k++) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
            __m128i e = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q)),
                _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, low), v), _mm_cmpeq_epi8(v, ef)));
            m |= (uint64_t)(uint32_t)_mm_movemask_epi8(e) << (16 * k);
        }
        return m;
    }
#endif
    uint64_t m = 0;
    size_t k = avail < 64 ? avail : 64;
    for (size_t i = 0; i < k; i++)
        m |= (uint64_t)sc->special[(unsigned char)p[i]] << i;
    return m;
}

/* A limit reached at LINE: stop, as if out of memory, with its status. */
static bool limit(scanner *sc, scan_status why, long long line)
{
    sc->error = why;
    sc->error_line = line;
    return false;
}

static bool add_cell(scanner *sc, size_t off, size_t len)
{
    scan_out *o = sc->out;
    if (o->n_cells == o->cells_cap) {
        size_t cap = o->cells_cap ? 2 * o->cells_cap : 4096;
        size_t *a = realloc(o->offsets, cap * sizeof *a);
        if (!a)
            return false;
        o->offsets = a;
        size_t *b = realloc(o->lengths, cap * sizeof *b);
        if (!b)
            return false;
        o->lengths = b;
        o->cells_cap = cap;
    }
    o->offsets[o->n_cells] = off;
    o->lengths[o->n_cells++] = len;
    return true;
}

/* A quoted cell's text, from FROM to its closing quote RAW_LEN bytes on,
 * with "" made one quote: LIBCSV keeps a stray quote as text. */
static size_t unescape(char *s, size_t raw_len)
{
    size_t w = 0;
    for (size_t r = 0; r < raw_len; r++) {
        s[w++] = s[r];
        if (s[r] == '"' && r + 1 < raw_len && s[r + 1] == '"')
            r++;
    }
    return w;
}

/* The record whose cells are out->cells[rec_first..] is complete, on LINE. */
static bool end_record(scanner *sc, long long line)
{
    scan_out *o = sc->out;
    for (size_t i = sc->rec_first; i < o->n_cells; i++) {
        if (o->lengths[i] & UNESCAPE)
            o->lengths[i] = unescape(sc->buf + o->offsets[i], o->lengths[i] & ~UNESCAPE);
        sc->buf[o->offsets[i] + o->lengths[i]] = '\0';
    }
    if (o->n_recs == o->recs_cap) {
        size_t cap = o->recs_cap ? 2 * o->recs_cap : 1024;
        scan_record *r = realloc(o->recs, cap * sizeof *r);
        if (!r)
            return false;
        o->recs = r;
        o->recs_cap = cap;
    }
    o->recs[o->n_recs++] = (scan_record){line, sc->rec_first, o->n_cells - sc->rec_first, sc->odd};
    sc->rec_first = o->n_cells;
    sc->odd = false;
    return true;
}

/* The scanner's position: where the current record and cell start, and on
 * which lines. */
typedef struct place {
    int state;
    size_t rs, fs;       /* record start; cell start (after the quote when quoted) */
    long long ln, rline; /* line at the scan position; the record's line */
    long long qline;     /* where the quoted cell opened */
    bool inner;          /* the quoted cell needs rewriting */
    size_t skip;         /* specials before this were taken with the one before */
} place;

/* A cell of the current record, LEN bytes at OFF (its UNESCAPE bit
 * aside), within the limits: its bytes as written (a doubled quote counts
 * two), whatever the buffers, and the cells of its record. */
static bool take_cell(scanner *sc, const place *p, size_t off, size_t len)
{
    if (sc->max_cell && (len & ~UNESCAPE) > sc->max_cell)
        return limit(sc, SCAN_LONG_CELL, p->state == QUOTED ? p->qline : p->ln);
    if (sc->max_cells && sc->out->n_cells - sc->rec_first >= sc->max_cells)
        return limit(sc, SCAN_WIDE, p->rline);
    return add_cell(sc, off, len);
}

/* Whether C at Q ends a line: a CR does, an LF unless just after a CR. */
static int line_break(scanner *sc, size_t q, char c)
{
    if (c == '\r') {
        sc->cr_end = q + 1;
        return 1;
    }
    return c == '\n' && sc->cr_end != q;
}

/* The next record starts at AT, on the current line. */
static void next_record(place *p, size_t at)
{
    p->state = ROW_START;
    p->rs = p->fs = at;
    p->rline = p->ln;
}

/* The quote at Q ends the quoted cell, followed by C. */
static bool close_quoted(scanner *sc, place *p, size_t q)
{
    return take_cell(sc, p, p->fs, (q - p->fs) | (p->inner ? UNESCAPE : 0));
}

/* One special character C at Q.  False when out of memory. */
static bool special(scanner *sc, place *p, size_t q, char c, bool eof, bool *stop)
{
    if (p->state == ROW_START) {
        if (q == p->fs && (c == '\n' || c == '\r')) { /* an empty line */
            p->ln += line_break(sc, q, c);
            next_record(p, q + 1);
            return true;
        }
        p->state = FIELD;
    }
    if (p->state == FIELD) {
        if (c == sc->delim) {
            if (!take_cell(sc, p, p->fs, q - p->fs))
                return false;
            p->fs = q + 1;
        } else if (c == '\n' || c == '\r') {
            if (!take_cell(sc, p, p->fs, q - p->fs) || !end_record(sc, p->rline))
                return false;
            p->ln += line_break(sc, q, c);
            next_record(p, q + 1);
        } else if (c == '"' && q == p->fs) {
            p->state = QUOTED;
            p->fs = q + 1;
            p->qline = p->ln;
            p->inner = false;
        } else if (scan_odd_byte((unsigned char)c)) {
            sc->odd = true;
        }
        return true;
    }
    /* QUOTED */
    if (c == '\n' || c == '\r') {
        p->ln += line_break(sc, q, c);
    } else if (c == '"') {
        if (q + 1 == sc->n) {
            if (!eof) {
                *stop = true; /* what follows decides */
                return true;
            }
            if (!close_quoted(sc, p, q) || !end_record(sc, p->rline))
                return false;
            next_record(p, q + 1);
            return true;
        }
        char next = sc->buf[q + 1];
        if (next == sc->delim) {
            if (!close_quoted(sc, p, q))
                return false;
            p->state = FIELD;
            p->fs = q + 2;
            p->skip = q + 2;
        } else if (next == '\n' || next == '\r') {
            if (!close_quoted(sc, p, q) || !end_record(sc, p->rline))
                return false;
            p->ln += line_break(sc, q + 1, next);
            next_record(p, q + 2);
            p->skip = q + 2;
        } else {
            p->inner = true; /* "" is one quote; a quote before anything else is text */
            if (next == '"')
                p->skip = q + 2;
        }
    } else if (scan_odd_byte((unsigned char)c)) {
        sc->odd = true;
    }
    return true;
}

/* Why the scan stopped: a limit (its line in *LINE), or out of memory. */
static scan_status failed(const scanner *sc, long long *line)
{
    if (sc->error == SCAN_OK)
        return SCAN_NOMEM;
    *line = sc->error_line;
    return sc->error;
}

/* The record that goes on past the buffer: within the limits so far?  Its
 * cells found are checked as they were; the cell not yet ended here. */
static scan_status check_partial(scanner *sc, const place *p, long long *line)
{
    if (p->state == ROW_START || !sc->max_cell || sc->n - p->fs <= sc->max_cell)
        return SCAN_OK;
    *line = p->state == QUOTED ? p->qline : p->ln;
    return SCAN_LONG_CELL;
}

/* The bytes from P->fs to the end of the file end its last record. */
static scan_status finish(scanner *sc, place *p, long long *line)
{
    scan_status why = check_partial(sc, p, line);
    if (why != SCAN_OK)
        return why;
    if (p->state == QUOTED) {
        *line = p->qline;
        return SCAN_UNCLOSED;
    }
    if (p->state == ROW_START && p->fs == sc->n)
        return SCAN_OK;
    if (!take_cell(sc, p, p->fs, sc->n - p->fs) || !end_record(sc, p->rline))
        return failed(sc, line);
    return SCAN_OK;
}

scan_status scan_block(char *buf, size_t n, bool eof, scan_state *st, scan_out *out)
{
    scanner sc = {.buf = buf,
                  .n = n,
                  .delim = st->delim,
                  .max_cell = st->max_cell,
                  .max_cells = st->max_cells,
                  .out = out,
                  .rec_first = out->n_cells,
                  .cr_end = st->after_cr ? st->pos : (size_t)-1};
    memset(sc.special, 0, sizeof sc.special);
    for (int c = 0; c < 0x20; c++)
        sc.special[c] = 1;
    sc.special[(unsigned char)sc.delim] = sc.special['"'] = sc.special[0xEF] = 1;
    place p = {.ln = st->line};
    next_record(&p, st->pos);
    bool stop = false;
    for (size_t base = st->pos; base < n && !stop; base += 64) {
        uint64_t m = structural(&sc, buf + base, n - base);
        while (m && !stop) {
            size_t q = base + (size_t)__builtin_ctzll(m);
            m &= m - 1;
            if (q >= p.skip && !special(&sc, &p, q, buf[q], eof, &stop)) {
                out->n_cells = sc.rec_first;
                return failed(&sc, &st->line);
            }
        }
    }
    if (eof && !stop)
        return finish(&sc, &p, &st->line);
    bool done = !stop && p.state == ROW_START && p.fs == n;
    /* an incomplete record: its cells are dropped, its bytes carried */
    out->n_cells = sc.rec_first;
    scan_status why = done ? SCAN_OK : check_partial(&sc, &p, &st->line);
    if (why != SCAN_OK)
        return why;
    st->pos = done ? n : p.rs;
    st->line = done ? p.ln : p.rline;
    st->after_cr = sc.cr_end == st->pos;
    return SCAN_OK;
}

void scan_out_clear(scan_out *o)
{
    o->n_cells = o->n_recs = 0;
}

void scan_out_free(scan_out *o)
{
    free(o->offsets);
    free(o->lengths);
    free(o->recs);
    memset(o, 0, sizeof *o);
}
