/* cases.c - stream and validate case data (see cases.h, docs/manual/case-data.md). */
#include "cases.h"

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
#include "scan.h"
#include "utf8.h"

#define BLOCK_SIZE (64 * 1024)

/* The bytes of the file, read straight into a batch's buffer: scan.h
 * finds its records and rewrites their cells in place.  About READ_SIZE
 * bytes are read into each; BATCHES of them circulate. */
#define READ_SIZE (128 * 1024)
#define BATCHES   4

typedef struct batch {
    char *buf; /* the bytes read, the cells of its records NUL-terminated in place */
    size_t cap;
    scan_out out; /* its records and cells */
    size_t skip;  /* records before this one are the header (read by the parser) */
    /* The quick check of each record (cells_clean), where the parser made
     * it (precheck): per record whether every cell is acceptable, and
     * n_fields values (cell.num). */
    bool checked;
    bool *clean;
    double *nums;
    size_t checked_cap; /* records */
} batch;

/* The reason for a cell holding a NUL byte (compared by address). */
static const char nul_reason[] = "contains a NUL byte";

/* Cell S (LEN bytes) of field FD into C: the reason to reject it, or NULL.
 * The file's bytes are checked once, as they stream in: as UTF-8
 * (utf8_limit) and, by the scan, for the bytes text cannot hold, which
 * mark their record odd (scan_odd_byte).  Only the cells of an odd record
 * are looked at again, to find which holds what. */
static const char *cell_reason(const field *fd, const char *s, size_t len, bool odd, cell *c)
{
    if (!odd)
        return cell_check_clean(fd, s, len, c);
    return memchr(s, '\0', len) ? nul_reason : cell_check(fd, s, len, c);
}

/* The read runs on two threads: the parser (fread, SHA-256, the scan:
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
    batch *fill;            /* the batch being filled */
    long long stream_limit; /* bytes, for data that is not a regular file; 0: none */
    long long p_records;
    bool p_failed; /* stop parsing: the file is unusable, or out of memory */
    bool p_nomem;  /* the parser ran out of memory */
    long long p_err_line;
    char p_err[256];    /* what was wrong (printed after the rows before it) */
    bool p_header_read; /* the first record, the header, was read */
    bool p_header;      /* and was usable */
    handoff *h;         /* NULL: no second thread, batches are checked at once */

    /* the checker: the record being checked, a view into its batch */
    const char *buf;
    const size_t *offsets, *lengths;
    size_t n_cells;
    long long record_line;
    bool record_odd;        /* a cell of the record may hold what text cannot */
    const double *pre_nums; /* its quick check made by the parser, or NULL */
    bool pre_clean;
    bool failed; /* the header is unusable, or out of memory (reported) */
    bool nomem;  /* the checker ran out of memory (reported) */

    /* the header */
    size_t n_columns;
    long *column_of_field; /* [n_fields]: column index, or -1 (a derived field too) */
    bool *in_scale;        /* [n_fields]: a distance field, checked against the scale */
    size_t *date_fields;   /* the date fields, for the guards */
    size_t n_date_fields;
    double *nums; /* [n_fields]: the checker's own quick check */

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
            cell_reason(fd, s, len, rd->record_odd, c) ||
            (rd->in_scale[f] && c->present && (c->num < m->scale_min || c->num > m->scale_max));
        if (bad)
            *c = (cell){.str = "", .len = 0, .present = false};
    }
    return expr_eval(rd->opt->where, rd->row);
}

/* Field F of the record being checked, into its cell C: the reason to
 * reject it, or NULL, as the guards refine it (in file order). */
static const char *check_field(reader *rd, size_t f, cell *c, char *reason, size_t size)
{
    const field *fd = &rd->m->fields[f];
    long col = rd->column_of_field[f];
    if (fd->derived || col < 0) {
        *c = (cell){.str = "", .len = 0, .present = false};
        return NULL;
    }
    const char *s = cell_text(rd, (size_t)col);
    size_t len = rd->lengths[col];
    const char *why = cell_reason(fd, s, len, rd->record_odd, c);
    return why == nul_reason ? why : guards_cell(&rd->g, f, s, len, why, reason, size);
}

/* The quick check of a record (the cells at BUF + OFFSETS, LENGTHS; N of
 * them; ODD: one may hold what text cannot): whether each cell is
 * acceptable to its field (type, range, values, pattern, the distance
 * scale), with their values into NUMS[n_fields].  No reasons: a record
 * that fails is checked again cell by cell for them (check_cells), which
 * keeps the hand-over between the threads small.  Reads only what the
 * header set, so either thread may make it. */
static bool cells_clean(const reader *rd, const char *buf, const size_t *offsets,
                        const size_t *lengths, size_t n, bool odd, double *nums)
{
    const model *m = rd->m;
    if (odd || n != rd->n_columns)
        return false;
    for (size_t f = 0; f < m->n_fields; f++) {
        long col = rd->column_of_field[f];
        cell c = {.num = 0};
        if (col >= 0 && cell_check_clean(&m->fields[f], buf + offsets[col], lengths[col], &c))
            return false;
        if (rd->in_scale[f] && c.present && (c.num < m->scale_min || c.num > m->scale_max))
            return false;
        nums[f] = c.num;
    }
    return true;
}

/* The row of a record that passed the quick check, its values NUMS: each
 * cell as cell_check_clean makes it; the date guards counted. */
static void fill_row(reader *rd, const double *nums)
{
    const model *m = rd->m;
    for (size_t f = 0; f < m->n_fields; f++) {
        long col = rd->column_of_field[f];
        size_t len = col >= 0 ? rd->lengths[col] : 0;
        rd->row[f] = (cell){.str = col >= 0 ? cell_text(rd, (size_t)col) : "",
                            .len = len,
                            .num = nums[f],
                            .present = len > 0};
    }
    for (size_t i = 0; i < rd->n_date_fields; i++) {
        size_t f = rd->date_fields[i];
        guards_cell(&rd->g, f, rd->row[f].str, rd->row[f].len, NULL, NULL, 0);
    }
}

/* Each cell of the record checked against its field, each failure listed
 * with its reason: whether any failed. */
static bool check_cells(reader *rd)
{
    const model *m = rd->m;
    bool bad = false;
    for (size_t f = 0; f < m->n_fields; f++) {
        const field *fd = &m->fields[f];
        cell *c = &rd->row[f];
        char reason[300];
        const char *why = check_field(rd, f, c, reason, sizeof reason);
        if (!why && rd->in_scale[f] && c->present &&
            (c->num < m->scale_min || c->num > m->scale_max)) {
            reject(rd, fd->name, "outside the distance scale %d..%d", m->scale_min, m->scale_max);
            bad = true;
        } else if (why) {
            reject(rd, fd->name, "%s", why);
            bad = true;
        }
    }
    return bad;
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
    const double *nums = rd->pre_nums ? rd->pre_nums : rd->nums;
    bool clean = rd->pre_nums ? rd->pre_clean
                              : cells_clean(rd, rd->buf, rd->offsets, rd->lengths, rd->n_cells,
                                            rd->record_odd, rd->nums);
    bool bad = false;
    if (clean)
        fill_row(rd, nums);
    else
        bad = check_cells(rd);
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
    scan_out_free(&b->out);
    free(b->clean);
    free(b->nums);
    free(b);
}

/* Room for N bytes and the NUL after them; false when out of memory. */
static bool batch_reserve(batch *b, size_t n)
{
    if (n + 1 <= b->cap)
        return true;
    char *grown = realloc(b->buf, n + 1);
    if (!grown)
        return false;
    b->buf = grown;
    b->cap = n + 1;
    return true;
}

/* B holds no record any more. */
static void batch_forget(batch *b)
{
    scan_out_clear(&b->out);
    b->skip = 0;
    b->checked = false;
}

static void batch_clear(batch *b)
{
    batch_forget(b);
    /* A huge record grew the buffer: give it back rather than keep it in
     * every batch of the pool. */
    if (b->cap > 4 * READ_SIZE) {
        free(b->buf);
        b->buf = NULL;
        b->cap = 0;
    }
}

/* The checker looks at record K of B. */
static void view(reader *rd, const batch *b, size_t k)
{
    const scan_record *rec = &b->out.recs[k];
    rd->buf = b->buf;
    rd->offsets = b->out.offsets + rec->first;
    rd->lengths = b->out.lengths + rec->first;
    rd->n_cells = rec->n;
    rd->record_line = rec->line;
    rd->record_odd = rec->odd;
    rd->pre_nums = b->checked ? b->nums + k * rd->m->n_fields : NULL;
    rd->pre_clean = b->checked && b->clean[k];
}

/* ---- the checker ---- */

/* A regex reached its limits on this record (pattern.h): whether the
 * value matches cannot be told, and neither a rejection nor a "no" would
 * be the truth.  The read stops with an error at the line. */
static void check_undecided(reader *rd, unsigned long before)
{
    const char *src;
    if (pattern_undecided(&src) == before)
        return;
    diag_error(rd->dl, rd->file, (int)rd->record_line, 0,
               "the regex /%s/ reached its limits on a value of this row, so whether it "
               "matches cannot be told: simplify the pattern (no nested repetition such as "
               "(a+)+), or shorten the value",
               src ? src : "?");
    rd->failed = true;
    atomic_store(&rd->stop, true);
}

/* Check every record of B but the header (read by the parser). */
static void check_batch(reader *rd, const batch *b)
{
    for (size_t k = b->skip; k < b->out.n_recs && !rd->failed; k++) {
        view(rd, b, k);
        /* this thread's count, which the checks of this record alone move */
        unsigned long before = pattern_undecided(NULL);
        check_record(rd);
        check_undecided(rd, before);
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

/* Room for the quick checks of RECS records of NF cells in B. */
static bool reserve_checked(batch *b, size_t recs, size_t nf)
{
    if (recs <= b->checked_cap)
        return true;
    size_t cap = recs + recs / 2;
    bool *clean = realloc(b->clean, cap * sizeof *clean);
    if (clean)
        b->clean = clean;
    double *nums = clean ? realloc(b->nums, cap * (nf ? nf : 1) * sizeof *nums) : NULL;
    if (!nums)
        return false;
    b->nums = nums;
    b->checked_cap = cap;
    return true;
}

/* The new records of B, from FROM on, on the parser's thread: the first
 * of the file is the header, read here before any batch reaches the
 * checker (which sees what it set through the handoff). */
static void read_header_first(reader *rd, batch *b, size_t from)
{
    if (from == b->out.n_recs || rd->p_header_read)
        return;
    rd->p_header_read = true;
    view(rd, b, from);
    b->skip = from + 1;
    rd->p_header = read_header(rd);
    if (!rd->p_header) {
        rd->failed = true; /* no batch has reached the checker yet */
        atomic_store(&rd->stop, true);
    }
}

/* The cells of each record of B checked against their fields on the
 * parser's thread.  Not when the read has a row filter (its cells are
 * checked with it). */
static void precheck(reader *rd, batch *b)
{
    if (!rd->p_header || rd->opt->where || b->skip >= b->out.n_recs)
        return;
    if (!reserve_checked(b, b->out.n_recs, rd->m->n_fields)) {
        parser_nomem(rd);
        return;
    }
    size_t nf = rd->m->n_fields;
    for (size_t k = b->skip; k < b->out.n_recs; k++) {
        const scan_record *rec = &b->out.recs[k];
        b->clean[k] = cells_clean(rd, b->buf, b->out.offsets + rec->first,
                                  b->out.lengths + rec->first, rec->n, rec->odd, b->nums + k * nf);
    }
    b->checked = true;
}

/* The filled batch goes to the checker (through the handoff, or checked at
 * once when there is no second thread), and the next batch to fill starts
 * with the CARRY bytes at FROM of the old one: a record not yet complete.
 * A batch with no complete record is kept, the carried bytes moved to its
 * start. */
static void hand_over(reader *rd, size_t from, size_t carry)
{
    batch *old = rd->fill;
    if (old->out.n_recs == 0) {
        memmove(old->buf, old->buf + from, carry);
        return;
    }
    if (!rd->h) {
        check_batch(rd, old);
        memmove(old->buf, old->buf + from, carry);
        batch_forget(old);
        return;
    }
    /* The cells of a batch are checked by whichever thread would
     * otherwise wait: by the parser while the checker has a batch
     * waiting, else by the checker (check_field). */
    if (handoff_waiting(rd->h) > 0)
        precheck(rd, old);
    batch *next = handoff_take_empty(rd->h);
    batch_clear(next);
    if (batch_reserve(next, carry + READ_SIZE))
        memcpy(next->buf, old->buf + from, carry);
    else
        parser_nomem(rd);
    handoff_put_full(rd->h, old);
    rd->fill = next;
}

long long cases_record_line(long long line, const char *first, size_t len)
{
    long long newlines = 0;
    for (size_t i = 0; i < len; i++)
        newlines +=
            first[i] == '\n' || (first[i] == '\r' && (i + 1 == len || first[i + 1] != '\n'));
    return line - newlines;
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
        parse_error(rd, line,
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

static void stream_too_big(reader *rd, long long line)
{
    parse_error(rd, line,
                "the case data is not a regular file (a pipe, a FIFO or a device) and goes on "
                "past %lld MiB, the limit for such input: save it to a file and name that with "
                "--data, or raise the limit with THRIVE_STREAM_LIMIT_MB",
                rd->stream_limit / (1024 * 1024));
}

static void reader_free(reader *rd)
{
    free(rd->column_of_field);
    free(rd->in_scale);
    free(rd->row);
    free(rd->nums);
    free(rd->date_fields);
    guards_free(&rd->g);
    ids_free(rd->ids);
}

static const char not_utf8[] =
    "not UTF-8: this line holds a byte that is not UTF-8, so the file is in another "
    "encoding (Excel's plain \"CSV\" is WINDOWS-1252 on Windows); save it as "
    "\"CSV UTF-8\", or name its encoding: --encoding WINDOWS-1252";

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

/* Read the next bytes of FP into the batch being filled, after its CARRY
 * bytes: WANT bytes as they are, or a block converted from --encoding by
 * RC (through BLOCK).  Hashes and counts the bytes read.  Returns how many
 * bytes were added; sets *END at the end of the file and *WHOLE false
 * when a byte is not of the encoding (the bytes before it are added). */
static size_t read_more(reader *rd, FILE *fp, recoder *rc, char *block, struct sha256_ctx *sha,
                        size_t carry, size_t want, bool *end, bool *whole)
{
    batch *b = rd->fill;
    char *to = rc ? block : b->buf + carry;
    size_t got = fread(to, 1, rc ? BLOCK_SIZE : want, fp);
    *end = got == 0;
    *whole = true;
    if (sha)
        sha256_update(sha, got, (const uint8_t *)to);
    atomic_fetch_add_explicit(&rd->bytes_done, (long long)got, memory_order_relaxed);
    if (!rc || got == 0)
        return got;
    const char *data;
    size_t n;
    int k = recode_block(rc, block, got, &data, &n);
    *whole = k == 0;
    if (k == -2 || !batch_reserve(b, carry + n)) {
        parser_nomem(rd);
        return 0;
    }
    memcpy(b->buf + carry, data, n);
    return n;
}

/* The line ends in the LEN bytes at S (LF, CR LF, a CR alone), AFTER_CR
 * when the byte before S was a CR. */
static long long line_ends(const char *s, size_t len, bool after_cr)
{
    long long k = 0;
    for (size_t i = 0; i < len; i++)
        k += s[i] == '\r' || (s[i] == '\n' && !(i ? s[i - 1] == '\r' : after_cr));
    return k;
}

/* The first bytes of the file: a byte order mark to skip (its length), or
 * a NUL (a binary file: an error). */
static size_t file_start(reader *rd, const char *s, size_t n)
{
    if (memchr(s, '\0', n < BLOCK_SIZE ? n : BLOCK_SIZE)) {
        parse_error(rd, 0,
                    "not a CSV file: it contains binary data (a NUL byte); export the case data "
                    "as CSV");
        return 0;
    }
    return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* The UTF-8 check of the N_NEW bytes read at S + FROM, S + AT->pos being
 * the first not yet in a record: the bytes to scan (those before the line
 * that holds a byte that is not UTF-8), and that line in *BAD. */
static size_t utf8_limit(reader *rd, const char *s, const scan_state *at, size_t from, size_t n_new,
                         long long *bad)
{
    size_t u = utf8_check(&rd->u8, s + from, n_new);
    *bad = 0;
    if (u == UTF8_VALID)
        return from + n_new;
    size_t start = at->pos, bad_at = from + u, ls = bad_at;
    while (ls > start && s[ls - 1] != '\n' && s[ls - 1] != '\r')
        ls--;
    *bad = at->line + line_ends(s + start, bad_at - start, at->after_cr);
    return ls;
}

/* Scan the bytes of B from AT->pos to N (FRESH on not yet checked as
 * UTF-8; END: the end of the file, WHOLE: every byte was of --encoding)
 * for records, counted.  False when the read stops there
 * (the reason noted). */
static bool scan_more(reader *rd, FILE *fp, const recoder *rc, batch *b, scan_state *at,
                      size_t fresh, size_t n, bool end, bool whole)
{
    long long bad = 0;
    size_t limit = rc ? n : utf8_limit(rd, b->buf, at, fresh, n - fresh, &bad);
    if (end && ferror(fp)) {
        parse_error(rd, 0, "cannot read the case data: %s", strerror(errno));
        return false;
    }
    if (end && !bad && (rc ? recode_pending(rc) : !utf8_complete(&rd->u8))) {
        parse_error(rd, at->line + line_ends(b->buf + at->pos, n - at->pos, at->after_cr),
                    "the file ends in the middle of a character: %s",
                    rc ? "is --encoding right?" : "not UTF-8; save it as \"CSV UTF-8\"");
        return false;
    }
    size_t before = b->out.n_recs;
    scan_status st = scan_block(b->buf, limit, end, at, &b->out);
    rd->p_records += (long long)(b->out.n_recs - before);
    read_header_first(rd, b, before);
    if (st == SCAN_NOMEM)
        parser_nomem(rd);
    else if (st == SCAN_UNCLOSED)
        parse_error(rd, at->line, "not valid CSV: a quoted field that starts here is never closed");
    else if (st == SCAN_LONG_CELL || st == SCAN_WIDE)
        too_big(rd, st == SCAN_LONG_CELL, at->line);
    else if (bad)
        parse_error(rd, bad, "%s", not_utf8);
    else if (!whole)
        parse_error(rd, at->line + line_ends(b->buf + at->pos, n - at->pos, at->after_cr),
                    "this line holds a byte that is not a character of the encoding '%s' "
                    "(--encoding): name the encoding the file was saved in",
                    rd->opt->encoding);
    return !rd->p_failed;
}

/* Read FP into batches, scanned for records (scan.h) as they fill, each
 * handed to the checker (see hand_over).  Notes what is wrong with the
 * file in rd->p_err, hashes its bytes into SHA and counts them for the
 * progress line; stops early when the checker has no use for more rows. */
static void parse(reader *rd, FILE *fp, struct sha256_ctx *sha)
{
    recoder *rc = open_recoder(rd);
    char *block = rc ? malloc(BLOCK_SIZE) : NULL;
    if (rc && !block)
        parser_nomem(rd);
    /* the scan's place: the first byte not yet in a record, on its line */
    scan_state at = {.delim = delimiter(rd),
                     .max_cell = CASES_MAX_CELL_BYTES,
                     .max_cells = CASES_MAX_FIELDS,
                     .line = 1};
    size_t carry = 0; /* bytes at the start of the batch not yet in a record */
    bool first = true, end = false;
    while (!rd->p_failed && !end && !atomic_load_explicit(&rd->stop, memory_order_relaxed)) {
        /* a record longer than a read: double the read, so that it is
         * scanned a bounded number of times */
        size_t read = rd->opt->read_size ? rd->opt->read_size : READ_SIZE;
        size_t want = carry > read ? carry : read;
        if (!batch_reserve(rd->fill, carry + want)) {
            parser_nomem(rd);
            break;
        }
        bool whole;
        size_t n_new = read_more(rd, fp, rc, block, sha, carry, want, &end, &whole);
        batch *b = rd->fill;
        size_t n = carry + n_new;
        if (rd->p_failed)
            break;
        if (rd->stream_limit && atomic_load(&rd->bytes_done) > rd->stream_limit) {
            stream_too_big(rd, at.line);
            break;
        }
        size_t fresh = carry; /* the bytes from here on are yet to be checked as UTF-8 */
        at.pos = 0;
        if (first) {
            /* the first 64 KiB (or the whole file) decide the byte order
             * mark and binary data, whatever the size of the reads */
            if (n < BLOCK_SIZE && !end && whole) {
                carry = n;
                continue;
            }
            first = false;
            fresh = 0;
            at.pos = file_start(rd, b->buf, n);
            if (rd->p_failed)
                break;
        }
        if (!scan_more(rd, fp, rc, b, &at, fresh, n, end, whole) || end)
            break;
        carry = n - at.pos;
        hand_over(rd, at.pos, carry);
    }
    if (!rd->p_failed && rd->p_records == 0)
        parse_error(rd, 1, "the file is empty: expected a header row naming the columns");
    hand_over(rd, 0, 0); /* the last batch */
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
    pattern_thread(1); /* the checker, the caller's thread, matches as 0 */
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
    rd->nums = calloc(nf, sizeof *rd->nums);
    rd->date_fields = calloc(nf, sizeof *rd->date_fields);
    rd->ids = m->id_field >= 0 ? ids_new() : NULL;
    if (!rd->column_of_field || !rd->in_scale || !rd->row || !rd->nums || !rd->date_fields ||
        (m->id_field >= 0 && !rd->ids) || !guards_init(&rd->g, m))
        return false;
    for (size_t f = 0; f < m->n_fields; f++)
        if (m->fields[f].type == FIELD_DATE)
            rd->date_fields[rd->n_date_fields++] = f;
    for (size_t a = 0; a < m->n_areas; a++) {
        rd->in_scale[m->areas[a].baseline] = true;
        rd->in_scale[m->areas[a].review] = true;
    }
    return true;
}

thrive_error cases_read(const char *file, const model *m, const cases_options *opt, cases_row_fn fn,
                        void *ctx, results *r, diag_list *dl)
{
    reader rd = {.file = file, .m = m, .opt = opt, .fn = fn, .ctx = ctx, .r = r, .dl = dl};
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
