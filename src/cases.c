/* cases.c - stream and validate case data (see cases.h, docs/manual/case-data.md). */
#include "cases.h"

#include <csv.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "diag.h"
#include "expr.h"
#include "guards.h"
#include "handoff.h"
#include "hash.h"
#include "ids.h"
#include "pattern.h"
#include "recode.h"
#include "utf8.h"

#define BLOCK_SIZE (64 * 1024)

/* Records parsed and not yet checked: their cells one after another, each
 * NUL-terminated.  A batch is handed over when it holds BATCH_RECORDS
 * records or BATCH_BYTES of cells; BATCHES of them circulate. */
#define BATCH_RECORDS 1024
#define BATCH_BYTES   (256 * 1024)
#define BATCHES       4

typedef struct record {
    long long line; /* where the record started */
    size_t first;   /* its first cell in the batch */
    size_t n;       /* its number of cells */
} record;

typedef struct batch {
    char *buf;
    size_t buf_len, buf_cap;
    size_t *offsets, *lengths; /* of every cell of every record */
    size_t n_cells, cells_cap;
    record *recs;
    size_t n_recs, recs_cap;
} batch;

/* The main pass runs on two threads: the parser (fread, SHA-256, libcsv:
 * the p_ fields and the batch it fills) and the checker (the caller: the
 * header, each row's cells, duplicate ids, the caller's row function: the
 * other fields).  They share only the handoff, bytes_done and stop. */
typedef struct reader {
    const char *file;
    const model *m;
    const cases_options *opt;
    cases_row_fn fn;
    void *ctx;
    results *r;
    diag_list *dl; /* the checker's alone */

    /* the parser */
    long long line;         /* physical line being parsed (1-based) */
    bool cr_at_end;         /* the last block ended in a CR: a LF next is its CR LF */
    long long stream_limit; /* bytes, for data that is not a regular file; 0: none */
    batch *fill;            /* the batch being filled */
    size_t p_cells;         /* cells of the record being parsed */
    long long p_line;       /* where that record started */
    long long p_records;
    bool p_failed; /* stop parsing: the file is unusable, or out of memory */
    bool p_nomem;  /* the parser ran out of memory */
    long long p_err_line;
    char p_err[256]; /* what was wrong (printed after the rows before it) */
    handoff *h;      /* NULL: no second thread, batches are checked at once */

    /* the checker: the record being checked, a view into its batch */
    const char *buf;
    const size_t *offsets, *lengths;
    size_t n_cells;
    long long record_line;
    bool header_done;
    /* pattern_undecided() when the read started */
    unsigned long undecided;
    bool failed; /* the header is unusable, or out of memory (reported) */
    bool nomem;  /* the checker ran out of memory (reported) */

    /* the header */
    size_t n_columns;
    long *column_of_field; /* [n_fields]: column index, or -1 */
    bool *in_scale;        /* [n_fields]: a distance field, checked against the scale */

    cell *row; /* [n_fields] */
    ids *ids;
    guards g;      /* the data guards' counts (the checker's) */
    utf8_state u8; /* the parser's: the bytes of the main pass are UTF-8 */

    /* shared */
    _Atomic long long bytes_done;
    atomic_bool stop; /* the checker needs no more rows */

    /* progress (the checker) */
    long long bytes_total;
    struct timespec started, last_shown;
} reader;

/* ---- rejections ---- */

static void reject(reader *rd, const char *field_name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool out_of_memory(reader *rd);

static void reject(reader *rd, const char *field_name, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* every fault is counted by field and reason; the first are listed */
    if (data_quality_count(&rd->r->dq, field_name, msg) != THRIVE_OK ||
        results_reject(rd->r, rd->record_line, field_name, msg) != THRIVE_OK)
        out_of_memory(rd);
}

/* ---- progress ---- */

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void show_progress(reader *rd, bool final)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!final && seconds_between(&rd->last_shown, &now) < rd->opt->progress_interval)
        return;
    rd->last_shown = now;
    double elapsed = seconds_between(&rd->started, &now);
    double done = (double)atomic_load_explicit(&rd->bytes_done, memory_order_relaxed);
    double pct = rd->bytes_total > 0 ? 100.0 * done / (double)rd->bytes_total : 0;
    if (final)
        fputs("\r\033[K", stderr);
    else
        fprintf(stderr, "\rthrive: %lld rows, %.0f%%, %.0f rows/s\033[K", rd->r->rows_read, pct,
                elapsed > 0 ? (double)rd->r->rows_read / elapsed : 0.0);
    fflush(stderr);
}

/* ---- records ---- */

static const char *cell_text(reader *rd, size_t i)
{
    return rd->buf + rd->offsets[i];
}

/* The checker ran out of memory: say so, and stop reading. */
static bool out_of_memory(reader *rd)
{
    if (!rd->nomem)
        diag_nomem(rd->dl, rd->file);
    rd->nomem = rd->failed = true;
    atomic_store(&rd->stop, true);
    return false;
}

/* The record being checked, for the guards. */
static guard_record this_record(const reader *rd)
{
    return (guard_record){rd->buf, rd->offsets, rd->lengths, rd->n_cells};
}

static char delimiter(const reader *rd)
{
    return rd->opt && rd->opt->delimiter ? rd->opt->delimiter : ',';
}

static bool read_header(reader *rd)
{
    const model *m = rd->m;
    results *r = rd->r;
    rd->n_columns = rd->n_cells;
    for (size_t f = 0; f < m->n_fields; f++)
        rd->column_of_field[f] = -1;
    /* room for every column at once: growing by one per column would copy
     * the list once per column of a wide header */
    r->ignored_columns = malloc((rd->n_cells ? rd->n_cells : 1) * sizeof *r->ignored_columns);
    if (!r->ignored_columns)
        return out_of_memory(rd);
    bool any = false;
    for (size_t c = 0; c < rd->n_cells; c++) {
        const char *name = cell_text(rd, c);
        if (memchr(name, '\0', rd->lengths[c]) != NULL) {
            diag_error(rd->dl, rd->file, 1, 0, "not a CSV file: binary data in the header");
            return false;
        }
        /* a column's name is written to the workbook and the summary */
        const char *bad = cell_text_problem(name, rd->lengths[c]);
        if (bad) {
            diag_error(rd->dl, rd->file, (int)rd->record_line, 0, "the name of column %zu %s%s",
                       c + 1, strncmp(bad, "not ", 4) == 0 ? "is " : "", bad);
            return false;
        }
        long f = model_field_index(m, name);
        if (f >= 0 && !m->fields[f].derived) {
            if (rd->column_of_field[f] >= 0) {
                diag_error(rd->dl, rd->file, (int)rd->record_line, 0,
                           "column '%s' appears twice in the header (columns %ld and %zu)", name,
                           rd->column_of_field[f] + 1, c + 1);
                return false;
            }
            rd->column_of_field[f] = (long)c;
            any = true;
        } else if (!(r->ignored_columns[r->n_ignored_columns++] = strdup(name))) {
            r->n_ignored_columns--;
            return out_of_memory(rd);
        }
    }
    guard_record h = this_record(rd);
    if (!guards_header(m, &h, rd->column_of_field, delimiter(rd), rd->file, (int)rd->record_line,
                       rd->dl))
        return false;
    if (!any) {
        diag_error(rd->dl, rd->file, (int)rd->record_line, 0,
                   "the header names none of the fields in data.fields (expected a header row "
                   "with columns such as '%s')",
                   m->n_fields ? m->fields[0].name : "?");
        return false;
    }
    bool ok = true;
    for (size_t f = 0; f < m->n_fields; f++)
        if (m->fields[f].required && !m->fields[f].derived && rd->column_of_field[f] < 0) {
            diag_error(rd->dl, rd->file, (int)rd->record_line, 0,
                       "the header lacks the required column '%s'", m->fields[f].name);
            ok = false;
        }
    return ok;
}

/* The row filter on the raw cells of the record: a cell that is absent
 * (a short ragged record) or fails its field's checks is missing there.
 * Leaves rd->row to be filled again by the checks. */
static bool inside_filter(reader *rd)
{
    const model *m = rd->m;
    for (size_t f = 0; f < m->n_fields; f++) {
        const field *fd = &m->fields[f];
        cell *c = &rd->row[f];
        long col = rd->column_of_field[f];
        *c = (cell){.str = "", .len = 0, .present = false};
        if (fd->derived || col < 0 || (size_t)col >= rd->n_cells)
            continue;
        const char *s = cell_text(rd, (size_t)col);
        size_t len = rd->lengths[col];
        bool bad =
            memchr(s, '\0', len) || cell_check(fd, s, len, c) ||
            (rd->in_scale[f] && c->present && (c->num < m->scale_min || c->num > m->scale_max));
        if (bad)
            *c = (cell){.str = "", .len = 0, .present = false};
    }
    return expr_eval(rd->opt->where, rd->row);
}

static void check_record(reader *rd)
{
    const model *m = rd->m;
    results *r = rd->r;
    guard_record rec = this_record(rd);
    if (guards_blank(&rec)) {
        r->dq.blank_records++; /* a spreadsheet's empty record: not a row */
        return;
    }
    r->rows_read++;
    if (rd->opt->where && !inside_filter(rd)) {
        r->rows_outside++;
        return;
    }
    if (rd->n_cells != rd->n_columns) {
        reject(rd, NULL, "ragged row: %zu cells where the header has %zu", rd->n_cells,
               rd->n_columns);
        r->rows_rejected++;
        return;
    }
    bool bad = false;
    for (size_t f = 0; f < m->n_fields; f++) {
        const field *fd = &m->fields[f];
        cell *c = &rd->row[f];
        long col = rd->column_of_field[f];
        if (fd->derived || col < 0) {
            *c = (cell){.str = "", .len = 0, .present = false};
            continue;
        }
        const char *s = cell_text(rd, (size_t)col);
        size_t len = rd->lengths[col];
        char reason[300];
        const char *why =
            memchr(s, '\0', len)
                ? "contains a NUL byte"
                : guards_cell(&rd->g, f, s, len, cell_check(fd, s, len, c), reason, sizeof reason);
        if (!why && rd->in_scale[f] && c->present &&
            (c->num < m->scale_min || c->num > m->scale_max)) {
            reject(rd, fd->name, "outside the distance scale %d..%d", m->scale_min, m->scale_max);
            bad = true;
        } else if (why) {
            reject(rd, fd->name, "%s", why);
            bad = true;
        }
    }
    if (!bad && m->id_field >= 0 && rd->row[m->id_field].present) {
        const cell *id = &rd->row[m->id_field];
        bool duplicate;
        if (ids_accept(rd->ids, id->str, id->len, &duplicate) != THRIVE_OK) {
            out_of_memory(rd);
            return;
        }
        if (duplicate) {
            reject(rd, m->fields[m->id_field].name,
                   "duplicate id: an earlier row with the "
                   "same id was accepted");
            bad = true;
        }
    }
    if (bad) {
        r->rows_rejected++;
        return;
    }
    r->rows_accepted++;
    guards_row(&rd->g, rd->row);
    rd->fn(rd->ctx, rd->row);
    if (rd->opt->progress && (r->rows_read & 0xffff) == 0)
        show_progress(rd, false);
}

/* ---- batches ---- */

static void batch_free(batch *b)
{
    if (!b)
        return;
    free(b->buf);
    free(b->offsets);
    free(b->lengths);
    free(b->recs);
    free(b);
}

static void batch_clear(batch *b)
{
    b->buf_len = b->n_cells = b->n_recs = 0;
    /* A huge cell grew the buffer: give it back rather than keep it in
     * every batch of the pool. */
    if (b->buf_cap > 4 * BATCH_BYTES) {
        free(b->buf);
        b->buf = NULL;
        b->buf_cap = 0;
    }
}

/* Append a cell of LEN bytes at S; false when out of memory. */
static bool batch_add_cell(batch *b, const char *s, size_t len)
{
    if (b->n_cells == b->cells_cap) {
        size_t cap = b->cells_cap ? b->cells_cap * 2 : 256;
        size_t *o = realloc(b->offsets, cap * sizeof *o);
        if (o)
            b->offsets = o;
        size_t *l = realloc(b->lengths, cap * sizeof *l);
        if (l)
            b->lengths = l;
        if (!o || !l)
            return false;
        b->cells_cap = cap;
    }
    if (b->buf_len + len + 1 > b->buf_cap) {
        size_t cap = b->buf_cap ? b->buf_cap : BATCH_BYTES + 4096;
        while (cap < b->buf_len + len + 1)
            cap *= 2;
        char *grown = realloc(b->buf, cap);
        if (!grown)
            return false;
        b->buf = grown;
        b->buf_cap = cap;
    }
    b->offsets[b->n_cells] = b->buf_len;
    b->lengths[b->n_cells] = len;
    if (len)
        memcpy(b->buf + b->buf_len, s, len);
    b->buf[b->buf_len + len] = '\0';
    b->buf_len += len + 1;
    b->n_cells++;
    return true;
}

static bool batch_add_record(batch *b, long long line, size_t n)
{
    if (b->n_recs == b->recs_cap) {
        size_t cap = b->recs_cap ? b->recs_cap * 2 : BATCH_RECORDS;
        record *grown = realloc(b->recs, cap * sizeof *grown);
        if (!grown)
            return false;
        b->recs = grown;
        b->recs_cap = cap;
    }
    b->recs[b->n_recs++] = (record){line, b->n_cells - n, n};
    return true;
}

/* The checker looks at record K of B. */
static void view(reader *rd, const batch *b, size_t k)
{
    const record *rec = &b->recs[k];
    rd->buf = b->buf;
    rd->offsets = b->offsets + rec->first;
    rd->lengths = b->lengths + rec->first;
    rd->n_cells = rec->n;
    rd->record_line = rec->line;
}

/* ---- the checker ---- */

/* A regex reached its limits on this record (pattern.h): whether the
 * value matches cannot be told, and neither a rejection nor a "no" would
 * be the truth.  The read stops with an error at the line. */
static void check_undecided(reader *rd)
{
    const char *src;
    unsigned long n = pattern_undecided(&src);
    if (n == rd->undecided)
        return;
    rd->undecided = n;
    diag_error(rd->dl, rd->file, (int)rd->record_line, 0,
               "the regex /%s/ reached its limits on a value of this row, so whether it "
               "matches cannot be told: simplify the pattern (no nested repetition such as "
               "(a+)+), or shorten the value",
               src ? src : "?");
    rd->failed = true;
    atomic_store(&rd->stop, true);
}

/* Check every record of B, the first of the file being the header. */
static void check_batch(reader *rd, const batch *b)
{
    for (size_t k = 0; k < b->n_recs && !rd->failed; k++) {
        view(rd, b, k);
        if (rd->header_done) {
            check_record(rd);
            check_undecided(rd);
        } else {
            rd->header_done = true;
            if (!read_header(rd)) {
                rd->failed = true;
                atomic_store(&rd->stop, true);
            }
        }
    }
}

/* ---- the parser ---- */

/* The first problem with the file, reported once the rows before it are
 * checked. */
static void parse_error(reader *rd, long long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void parse_error(reader *rd, long long line, const char *fmt, ...)
{
    rd->p_failed = true;
    if (rd->p_err[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rd->p_err, sizeof rd->p_err, fmt, ap);
    va_end(ap);
    rd->p_err_line = line;
}

static void parser_nomem(reader *rd)
{
    rd->p_nomem = true;
    parse_error(rd, 0, "out of memory");
}

/* libcsv stopped at LINE: out of memory, or not CSV. */
static void csv_failed(reader *rd, struct csv_parser *csv, long long line)
{
    if (csv_error(csv) == CSV_ENOMEM)
        parser_nomem(rd);
    else
        parse_error(rd, line, "not valid CSV: %s", csv_strerror(csv_error(csv)));
}

/* The filled batch goes to the checker: through the handoff, or checked at
 * once when there is no second thread. */
static void hand_over(reader *rd)
{
    if (rd->fill->n_recs == 0)
        return;
    if (rd->h) {
        handoff_put_full(rd->h, rd->fill);
        rd->fill = handoff_take_empty(rd->h);
    } else {
        check_batch(rd, rd->fill);
    }
    batch_clear(rd->fill);
}

long long cases_record_line(long long line, const char *first, size_t len)
{
    long long newlines = 0;
    for (size_t i = 0; i < len; i++)
        newlines +=
            first[i] == '\n' || (first[i] == '\r' && (i + 1 == len || first[i + 1] != '\n'));
    return line - newlines;
}

/* Where the line starting at POS of DATA (N bytes) ends: just past its LF,
 * its CR LF or its lone CR, with *BREAK set; or N, the line going on in the
 * next block. */
static size_t line_end(const char *data, size_t pos, size_t n, bool *brk)
{
    const char *nl = memchr(data + pos, '\n', n - pos);
    size_t lim = nl ? (size_t)(nl - data) : n;
    const char *cr = memchr(data + pos, '\r', lim - pos);
    *brk = nl || cr;
    if (cr && (size_t)(cr - data) + 1 < lim)
        return (size_t)(cr - data) + 1; /* a CR alone */
    return nl ? lim + 1 : n;
}

/* A cell or a record past its limit (see cases.h), reached at LINE. */
static void too_big(reader *rd, bool is_cell, long long line)
{
    if (is_cell)
        parse_error(rd, line,
                    "a cell longer than %d MiB: this is not case data (is a quote left open "
                    "above?)",
                    CASES_MAX_CELL_BYTES / (1024 * 1024));
    else
        parse_error(rd, rd->p_line,
                    "a record of more than %d cells: this is not case data (is the delimiter "
                    "right?)",
                    CASES_MAX_FIELDS);
}

/* The limit on data that is not a regular file, in bytes (see cases.h). */
static long long stream_limit(void)
{
    const char *env = getenv("THRIVE_STREAM_LIMIT_MB");
    char *end;
    long long mb = env && *env ? strtoll(env, &end, 10) : 0;
    if (!env || !*env || *end || mb <= 0 || mb > (1LL << 40))
        mb = CASES_MAX_STREAM_MB;
    return mb * 1024 * 1024;
}

static void stream_too_big(reader *rd)
{
    parse_error(rd, rd->line,
                "the case data is not a regular file (a pipe, a FIFO or a device) and goes on "
                "past %lld MiB, the limit for such input: save it to a file and name that with "
                "--data, or raise the limit with THRIVE_STREAM_LIMIT_MB",
                rd->stream_limit / (1024 * 1024));
}

/* libcsv callbacks: a field ended, a record ended. */
static void on_field(void *s, size_t len, void *data)
{
    reader *rd = data;
    if (rd->p_failed)
        return;
    if (rd->p_cells == 0)
        rd->p_line = cases_record_line(rd->line, s, len);
    if (len > CASES_MAX_CELL_BYTES || rd->p_cells >= CASES_MAX_FIELDS) {
        too_big(rd, len > CASES_MAX_CELL_BYTES, cases_record_line(rd->line, s, len));
        return;
    }
    rd->p_cells++;
    if (!batch_add_cell(rd->fill, s, len))
        parser_nomem(rd);
}

static void on_record(int terminator, void *data)
{
    reader *rd = data;
    (void)terminator;
    if (rd->p_failed)
        return;
    if (rd->p_cells == 0)
        rd->p_line = rd->line;
    rd->p_records++;
    if (!batch_add_record(rd->fill, rd->p_line, rd->p_cells)) {
        parser_nomem(rd);
    } else if (rd->fill->n_recs >= BATCH_RECORDS || rd->fill->buf_len >= BATCH_BYTES) {
        hand_over(rd);
    }
    rd->p_cells = 0;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0; /* cells are taken exactly as written: never trim */
}

static void reader_free(reader *rd)
{
    free(rd->column_of_field);
    free(rd->in_scale);
    free(rd->row);
    guards_free(&rd->g);
    ids_free(rd->ids);
}

/* The check that the file is UTF-8, on the next LEN bytes at S
 * (within line rd->line); false after the error. */
static bool check_utf8(reader *rd, const char *s, size_t len)
{
    if (utf8_check(&rd->u8, s, len) == UTF8_VALID)
        return true;
    parse_error(rd, rd->line,
                "not UTF-8: this line holds a byte that is not UTF-8, so the file is in another "
                "encoding (Excel's plain \"CSV\" is WINDOWS-1252 on Windows); save it as "
                "\"CSV UTF-8\", or name its encoding: --encoding WINDOWS-1252");
    return false;
}

/* The converter from --encoding, or NULL: the file is UTF-8. */
static recoder *open_recoder(reader *rd)
{
    const char *enc = rd->opt ? rd->opt->encoding : NULL;
    if (!enc)
        return NULL;
    recoder *rc = recode_open(enc);
    if (!rc && errno == ENOMEM)
        parser_nomem(rd);
    else if (!rc)
        parse_error(rd, 0, "cannot convert from the encoding '%s': %s", enc, strerror(errno));
    return rc;
}

/* The next GOT bytes of the file in BLOCK as UTF-8: converted by RC, or as
 * they are.  False after an error (the bytes before it are in *DATA). */
static bool decode(reader *rd, recoder *rc, const char *block, size_t got, const char **data,
                   size_t *n)
{
    *data = block;
    *n = got;
    if (!rc)
        return true;
    int k = recode_block(rc, block, got, data, n);
    if (k == -2)
        parser_nomem(rd);
    return k == 0;
}

/* What is wrong with the end of the file once every block is parsed: a
 * character cut short, a read error, a quoted field never closed, no
 * header at all. */
static void parse_end(reader *rd, FILE *fp, struct csv_parser *csv, recoder *rc)
{
    if (!rd->p_failed && !ferror(fp) && !atomic_load(&rd->stop) &&
        (rc ? recode_pending(rc) : !utf8_complete(&rd->u8)))
        parse_error(rd, rd->line, "the file ends in the middle of a character: %s",
                    rc ? "is --encoding right?" : "not UTF-8; save it as \"CSV UTF-8\"");
    if (!rd->p_failed && ferror(fp))
        parse_error(rd, 0, "cannot read the case data: %s", strerror(errno));
    if (!rd->p_failed && !atomic_load(&rd->stop)) {
        /* An unclosed quoted field runs to the end of the file: it opened
         * as many lines back as its text holds newlines. */
        long long open_line =
            cases_record_line(rd->line, (const char *)csv->entry_buf, csv->entry_pos);
        /* libcsv honours CSV_STRICT_FINI only in strict mode; turning strict
         * mode on just for csv_fini makes an unclosed quote at the end an
         * error without making the rows above fail on a stray quote. */
        csv_set_opts(csv, (unsigned char)(csv_get_opts(csv) | CSV_STRICT));
        if (csv_fini(csv, on_field, on_record, rd) != 0)
            parse_error(rd, open_line,
                        "not valid CSV: a quoted field that starts here is never closed");
    }
    if (!rd->p_failed && rd->p_records == 0)
        parse_error(rd, 1, "the file is empty: expected a header row naming the columns");
}

/* Read FP through libcsv, one physical line at a time so that records
 * carry their line numbers, into batches (see hand_over).  Notes what is
 * wrong with the file in rd->p_err, hashes its bytes into SHA and counts
 * them for the progress line; stops early when the checker has no use
 * for more rows. */
static void parse(reader *rd, FILE *fp, struct sha256_ctx *sha)
{
    char *block = malloc(BLOCK_SIZE);
    struct csv_parser csv;
    if (!block || csv_init(&csv, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(block);
        parser_nomem(rd);
        return;
    }
    recoder *rc = open_recoder(rd);
    csv_set_delim(&csv, (unsigned char)delimiter(rd));
    csv_set_space_func(&csv, no_space);
    /* libcsv grows a cell's buffer by this much at a time (128 bytes by
     * default: a cell of megabytes would be reallocated tens of thousands
     * of times) */
    csv_set_blk_size(&csv, BLOCK_SIZE);
    bool first = true;
    size_t got;
    while (!rd->p_failed && !atomic_load_explicit(&rd->stop, memory_order_relaxed) &&
           (got = fread(block, 1, BLOCK_SIZE, fp)) > 0) {
        if (sha)
            sha256_update(sha, got, (const uint8_t *)block);
        atomic_fetch_add_explicit(&rd->bytes_done, (long long)got, memory_order_relaxed);
        const char *data;
        size_t n;
        bool whole = decode(rd, rc, block, got, &data, &n);
        size_t pos = 0;
        if (first) {
            first = false;
            if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
                pos = 3;
            /* A NUL in the first block: a binary file, not CSV at all. */
            if (memchr(data, '\0', n)) {
                parse_error(rd, 0,
                            "not a CSV file: it contains binary data (a NUL byte); export the "
                            "case data as CSV");
                break;
            }
        }
        if (rd->stream_limit && rd->bytes_done > rd->stream_limit) {
            stream_too_big(rd);
            break;
        }
        while (pos < n && !rd->p_failed) {
            /* The LF of a CR LF split between blocks ends no line. */
            bool brk = false, crlf = rd->cr_at_end && data[pos] == '\n';
            size_t end = crlf ? pos + 1 : line_end(data, pos, n, &brk);
            rd->cr_at_end = brk && data[end - 1] == '\r';
            if (!rc && !check_utf8(rd, data + pos, end - pos))
                break;
            if (csv_parse(&csv, data + pos, end - pos, on_field, on_record, rd) != end - pos)
                csv_failed(rd, &csv, rd->line);
            else if (csv.entry_pos > CASES_MAX_CELL_BYTES) /* a cell not yet ended */
                too_big(
                    rd, true,
                    cases_record_line(rd->line + brk, (const char *)csv.entry_buf, csv.entry_pos));
            if (brk)
                rd->line++;
            pos = end;
        }
        if (!whole && !rd->p_failed)
            parse_error(rd, rd->line,
                        "this line holds a byte that is not a character of the encoding '%s' "
                        "(--encoding): name the encoding the file was saved in",
                        rd->opt->encoding);
    }
    parse_end(rd, fp, &csv, rc);
    hand_over(rd); /* the last, partial batch */
    csv_free(&csv);
    recode_close(rc);
    free(block);
}

typedef struct parser_job {
    reader *rd;
    FILE *fp;
    struct sha256_ctx *sha;
} parser_job;

static void *parser_thread(void *arg)
{
    parser_job *job = arg;
    parse(job->rd, job->fp, job->sha);
    handoff_close(job->rd->h);
    return NULL;
}

/* The main pass: parse on a second thread while this one checks, or both
 * here if no thread can be had.  Returns the error, every message said. */
static thrive_error read_rows(reader *rd, FILE *fp, struct sha256_ctx *sha)
{
    batch *pool[BATCHES] = {0};
    size_t n = 0;
    while (n < BATCHES && (pool[n] = calloc(1, sizeof **pool)) != NULL)
        n++;
    if (n < BATCHES) {
        for (size_t i = 0; i < n; i++)
            batch_free(pool[i]);
        return diag_nomem(rd->dl, rd->file);
    }
    rd->fill = pool[0];
    rd->h = handoff_new((void *const *)(pool + 1), n - 1);
    pthread_t thread;
    parser_job job = {rd, fp, sha};
    if (rd->h && !rd->opt->one_thread && pthread_create(&thread, NULL, parser_thread, &job) == 0) {
        batch *b;
        while ((b = handoff_take_full(rd->h)) != NULL) {
            check_batch(rd, b);
            handoff_put_empty(rd->h, b);
        }
        pthread_join(thread, NULL);
    } else {
        handoff_free(rd->h);
        rd->h = NULL;
        parse(rd, fp, sha);
    }
    handoff_free(rd->h);
    rd->h = NULL;
    for (size_t i = 0; i < n; i++)
        batch_free(pool[i]);
    rd->fill = NULL;

    if (rd->nomem)
        return THRIVE_ERROR_NOMEM; /* reported */
    if (rd->failed)
        return THRIVE_ERROR_DATA; /* the header was unusable (reported) */
    if (rd->p_nomem)
        return diag_nomem(rd->dl, rd->file);
    if (rd->p_failed) {
        diag_error(rd->dl, rd->file, (int)rd->p_err_line, 0, "%s", rd->p_err);
        return THRIVE_ERROR_DATA;
    }
    return THRIVE_OK;
}

/* Open FILE: a regular file, a pipe or a device, read once from start to
 * end.  *REGULAR: whether it is a regular file (others are read up to the
 * stream limit). */
static thrive_error open_data(const char *file, FILE **out, long long *size, bool *regular,
                              diag_list *dl)
{
    FILE *fp = fopen(file, "rb");
    if (!fp) {
        diag_error(dl, file, 0, 0, "cannot read the case data: %s", strerror(errno));
        return thrive_error_from_errno(errno, THRIVE_ERROR_DATA);
    }
    struct stat st;
    *regular = fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);
    *size = *regular ? (long long)st.st_size : 0;
    *out = fp;
    return THRIVE_OK;
}

/* The reader's tables for model M; false when out of memory. */
static bool reader_init(reader *rd, const model *m)
{
    size_t nf = m->n_fields ? m->n_fields : 1;
    rd->column_of_field = calloc(nf, sizeof *rd->column_of_field);
    rd->in_scale = calloc(nf, sizeof *rd->in_scale);
    rd->row = calloc(nf, sizeof *rd->row);
    rd->ids = m->id_field >= 0 ? ids_new() : NULL;
    if (!rd->column_of_field || !rd->in_scale || !rd->row || (m->id_field >= 0 && !rd->ids) ||
        !guards_init(&rd->g, m))
        return false;
    for (size_t a = 0; a < m->n_areas; a++) {
        rd->in_scale[m->areas[a].baseline] = true;
        rd->in_scale[m->areas[a].review] = true;
    }
    return true;
}

thrive_error cases_read(const char *file, const model *m, const cases_options *opt, cases_row_fn fn,
                        void *ctx, results *r, diag_list *dl)
{
    reader rd = {
        .file = file, .m = m, .opt = opt, .fn = fn, .ctx = ctx, .r = r, .dl = dl, .line = 1};
    if (!reader_init(&rd, m)) {
        reader_free(&rd);
        return diag_nomem(dl, file);
    }
    FILE *fp = NULL;
    bool regular = false;
    thrive_error e = open_data(file, &fp, &rd.bytes_total, &regular, dl);
    rd.stream_limit = regular ? 0 : stream_limit();
    if (e != THRIVE_OK) {
        reader_free(&rd);
        return e;
    }
    rd.undecided = pattern_undecided(NULL);
    clock_gettime(CLOCK_MONOTONIC, &rd.started);
    rd.last_shown = rd.started;
    struct sha256_ctx sha;
    sha256_init(&sha);
    e = read_rows(&rd, fp, &sha);
    if (e == THRIVE_OK)
        e = guards_finish(&rd.g, rd.column_of_field, r, file, dl);
    if (opt->progress)
        show_progress(&rd, true);
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&sha, sizeof digest, digest);
    hash_hex(digest, sizeof digest, r->data_sha256);
    reader_free(&rd);
    fclose(fp);
    return e;
}
