/* cases.c - stream and validate case data (see cases.h, SPEC 4 and 10). */
#include "cases.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "diag.h"
#include "hash.h"
#include "ids.h"

#define BLOCK_SIZE (64 * 1024)

typedef struct reader {
    const char *file;
    const model *m;
    const cases_options *opt;
    cases_row_fn fn;
    void *ctx;
    results *r;

    long long line;        /* physical line being parsed (1-based) */
    long long record_line; /* line where the current record started */
    bool header_done;
    bool failed;

    /* the record being assembled */
    char *buf;
    size_t buf_len, buf_cap;
    size_t *offsets; /* start of each field in buf */
    size_t *lengths;
    size_t n_cells, cells_cap;

    /* the header */
    size_t n_columns;
    long *column_of_field; /* [n_fields]: column index, or -1 */
    bool *in_scale;        /* [n_fields]: a distance field, checked against the scale */

    cell *row; /* [n_fields] */
    ids *ids;

    /* the first pass, which only notes every id (see ids.h) */
    bool scan;
    long id_column;

    /* progress */
    long long bytes_done, bytes_total;
    struct timespec started, last_shown;
} reader;

/* ---- rejections ---- */

static void reject(reader *rd, const char *field_name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void reject(reader *rd, const char *field_name, const char *fmt, ...)
{
    if (rd->r->n_rejections >= REJECTIONS_MAX)
        return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    results_reject(rd->r, rd->record_line, field_name, msg);
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
    if (!final && seconds_between(&rd->last_shown, &now) < 0.5)
        return;
    rd->last_shown = now;
    double elapsed = seconds_between(&rd->started, &now);
    double pct = rd->bytes_total > 0 ? 100.0 * (double)rd->bytes_done / (double)rd->bytes_total : 0;
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
    bool any = false;
    for (size_t c = 0; c < rd->n_cells; c++) {
        const char *name = cell_text(rd, c);
        if (memchr(name, '\0', rd->lengths[c]) != NULL) {
            diag_say(rd->file, 1, 0, "not a CSV file: binary data in the header");
            return false;
        }
        long f = model_field_index(m, name);
        if (f >= 0 && !m->fields[f].derived) {
            if (rd->column_of_field[f] >= 0) {
                diag_say(rd->file, (int)rd->record_line, 0,
                         "column '%s' appears twice in the header (columns %ld and %zu)", name,
                         rd->column_of_field[f] + 1, c + 1);
                return false;
            }
            rd->column_of_field[f] = (long)c;
            any = true;
        } else if (r->ignored_columns) {
            r->ignored_columns[r->n_ignored_columns++] = strdup(name);
        }
    }
    if (!any) {
        diag_say(rd->file, (int)rd->record_line, 0,
                 "the header names none of the fields in data.fields (expected a header row "
                 "with columns such as '%s')",
                 m->n_fields ? m->fields[0].name : "?");
        return false;
    }
    bool ok = true;
    for (size_t f = 0; f < m->n_fields; f++)
        if (m->fields[f].required && !m->fields[f].derived && rd->column_of_field[f] < 0) {
            diag_say(rd->file, (int)rd->record_line, 0, "the header lacks the required column '%s'",
                     m->fields[f].name);
            ok = false;
        }
    return ok;
}

static void check_record(reader *rd)
{
    const model *m = rd->m;
    results *r = rd->r;
    r->rows_read++;
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
        const char *why = memchr(s, '\0', len) ? "contains a NUL byte" : cell_check(fd, s, len, c);
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
        if (!ids_accept(rd->ids, id->str, id->len)) {
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
    rd->fn(rd->ctx, rd->row);
    if (rd->opt->progress && (r->rows_read & 0xffff) == 0)
        show_progress(rd, false);
}

/* The first pass: find the id column, then note the id of every record. */
static void scan_record(reader *rd)
{
    if (!rd->header_done) {
        rd->header_done = true;
        rd->id_column = -1;
        const char *name = rd->m->fields[rd->m->id_field].name;
        for (size_t c = 0; c < rd->n_cells && rd->id_column < 0; c++)
            if (strcmp(cell_text(rd, c), name) == 0)
                rd->id_column = (long)c;
        if (rd->id_column < 0)
            rd->failed = true; /* no ids to note; the main pass says why if it matters */
        return;
    }
    /* Only the id cell was stored, at offset 0. */
    if ((long)rd->n_cells > rd->id_column && rd->buf_len > 1)
        ids_note(rd->ids, rd->buf, rd->buf_len - 1);
}

/* libcsv callbacks: a field ended, a record ended. */
static void on_field(void *s, size_t len, void *data)
{
    reader *rd = data;
    if (rd->failed)
        return;
    if (rd->n_cells == 0) {
        /* The record started on an earlier line if its first field spans lines. */
        long long newlines = 0;
        for (size_t i = 0; i < len; i++)
            newlines += ((const char *)s)[i] == '\n';
        rd->record_line = rd->line - newlines;
    }
    if (rd->scan && rd->header_done && (long)rd->n_cells != rd->id_column) {
        rd->n_cells++; /* the first pass needs only the id */
        return;
    }
    if (rd->n_cells == rd->cells_cap) {
        size_t cap = rd->cells_cap ? rd->cells_cap * 2 : 64;
        size_t *o = realloc(rd->offsets, cap * sizeof *o);
        if (o)
            rd->offsets = o;
        size_t *l = realloc(rd->lengths, cap * sizeof *l);
        if (l)
            rd->lengths = l;
        if (!o || !l) {
            rd->failed = true;
            return;
        }
        rd->cells_cap = cap;
    }
    if (rd->buf_len + len + 1 > rd->buf_cap) {
        size_t cap = rd->buf_cap ? rd->buf_cap : 4096;
        while (cap < rd->buf_len + len + 1)
            cap *= 2;
        char *b = realloc(rd->buf, cap);
        if (!b) {
            rd->failed = true;
            return;
        }
        rd->buf = b;
        rd->buf_cap = cap;
    }
    rd->offsets[rd->n_cells] = rd->buf_len;
    rd->lengths[rd->n_cells] = len;
    if (len)
        memcpy(rd->buf + rd->buf_len, s, len);
    rd->buf[rd->buf_len + len] = '\0';
    rd->buf_len += len + 1;
    rd->n_cells++;
}

static void on_record(int terminator, void *data)
{
    reader *rd = data;
    (void)terminator;
    if (rd->failed)
        return;
    if (rd->n_cells == 0)
        rd->record_line = rd->line;
    if (rd->scan)
        scan_record(rd);
    else if (!rd->header_done) {
        rd->header_done = true;
        if (!read_header(rd))
            rd->failed = true;
    } else {
        check_record(rd);
    }
    rd->n_cells = 0;
    rd->buf_len = 0;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0; /* cells are taken exactly as written: never trim */
}

static void reader_free(reader *rd)
{
    free(rd->buf);
    free(rd->offsets);
    free(rd->lengths);
    free(rd->column_of_field);
    free(rd->in_scale);
    free(rd->row);
    if (!rd->scan)
        ids_free(rd->ids);
}

/* Read FP through libcsv, one physical line at a time so that records
 * carry their line numbers.  The main pass (not rd->scan) reports what is
 * wrong with the file, hashes its bytes into SHA and shows progress. */
static int parse(reader *rd, FILE *fp, struct sha256_ctx *sha)
{
    const char *file = rd->file;
    bool say = !rd->scan;
    char *block = malloc(BLOCK_SIZE);
    struct csv_parser csv;
    if (!block || csv_init(&csv, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(block);
        if (say)
            diag_say(file, 0, 0, "out of memory");
        return EXIT_DATA;
    }
    csv_set_space_func(&csv, no_space);
    /* libcsv grows a cell's buffer by this much at a time (128 bytes by
     * default: a cell of megabytes would be reallocated tens of thousands
     * of times) */
    csv_set_blk_size(&csv, BLOCK_SIZE);
    int status = EXIT_OK;
    bool first = true;
    size_t got;
    while (!rd->failed && (got = fread(block, 1, BLOCK_SIZE, fp)) > 0) {
        if (sha)
            sha256_update(sha, got, (const uint8_t *)block);
        rd->bytes_done += (long long)got;
        size_t pos = 0;
        if (first) {
            first = false;
            if (got >= 3 && memcmp(block, "\xEF\xBB\xBF", 3) == 0)
                pos = 3;
            /* A NUL in the first block: a binary file, not CSV at all. */
            if (memchr(block, '\0', got)) {
                if (say)
                    diag_say(file, 0, 0,
                             "not a CSV file: it contains binary data (a NUL "
                             "byte); export the case data as CSV");
                status = EXIT_DATA;
                break;
            }
        }
        while (pos < got && !rd->failed) {
            /* The first pass needs no line numbers: it feeds whole blocks. */
            const char *nl = rd->scan ? NULL : memchr(block + pos, '\n', got - pos);
            size_t end = nl ? (size_t)(nl - block) + 1 : got;
            if (csv_parse(&csv, block + pos, end - pos, on_field, on_record, rd) != end - pos) {
                if (say)
                    diag_say(file, (int)rd->line, 0, "not valid CSV: %s",
                             csv_strerror(csv_error(&csv)));
                status = EXIT_DATA;
                rd->failed = true;
            }
            if (nl)
                rd->line++;
            pos = end;
        }
    }
    if (status == EXIT_OK && ferror(fp)) {
        if (say)
            diag_say(file, 0, 0, "cannot read the case data: %s", strerror(errno));
        status = EXIT_DATA;
    }
    if (status == EXIT_OK && !rd->failed) {
        /* An unclosed quoted field runs to the end of the file: it opened
         * as many lines back as its text holds newlines. */
        long long open_line = rd->line;
        for (size_t i = 0; i < csv.entry_pos; i++)
            open_line -= csv.entry_buf[i] == '\n';
        /* libcsv honours CSV_STRICT_FINI only in strict mode; turning strict
         * mode on just for csv_fini makes an unclosed quote at the end an
         * error without making the rows above fail on a stray quote. */
        csv_set_opts(&csv, (unsigned char)(csv_get_opts(&csv) | CSV_STRICT));
        if (csv_fini(&csv, on_field, on_record, rd) != 0) {
            if (say)
                diag_say(file, (int)open_line, 0,
                         "not valid CSV: a quoted field that starts here is never closed");
            status = EXIT_DATA;
        }
    }
    if (status == EXIT_OK && rd->failed)
        status = EXIT_DATA; /* the header was unusable (already reported) */
    if (status == EXIT_OK && !rd->header_done) {
        if (say)
            diag_say(file, 1, 0, "the file is empty: expected a header row naming the columns");
        status = EXIT_DATA;
    }
    csv_free(&csv);
    free(block);
    return status;
}

/* The first pass: note every id in FP (see ids.h), then rewind it for the
 * main pass.  Problems with the file are left for the main pass to report. */
static bool scan_ids(FILE *fp, const char *file, const model *m, ids *x)
{
    reader rd = {.file = file, .m = m, .line = 1, .scan = true, .ids = x};
    parse(&rd, fp, NULL);
    reader_free(&rd);
    ids_scan_done(x);
    clearerr(fp);
    return fseek(fp, 0, SEEK_SET) == 0;
}

/* A pipe can be read only once, and the duplicate-id check reads the data
 * twice: copy it to a temporary file (in TMPDIR) and read that.  NULL when
 * it cannot be made (FP is then left where it was). */
static FILE *spool(FILE *fp)
{
    FILE *tmp = tmpfile();
    char *block = tmp ? malloc(BLOCK_SIZE) : NULL;
    bool ok = block != NULL;
    size_t got;
    while (ok && (got = fread(block, 1, BLOCK_SIZE, fp)) > 0)
        ok = fwrite(block, 1, got, tmp) == got;
    free(block);
    if (ok && !ferror(fp) && fflush(tmp) == 0 && fseek(tmp, 0, SEEK_SET) == 0)
        return tmp;
    if (tmp)
        fclose(tmp);
    return NULL;
}

int cases_read(const char *file, const model *m, const cases_options *opt, cases_row_fn fn,
               void *ctx, results *r)
{
    FILE *fp = fopen(file, "rb");
    if (!fp) {
        diag_say(file, 0, 0, "cannot read the case data: %s", strerror(errno));
        return EXIT_DATA;
    }
    reader rd = {.file = file, .m = m, .opt = opt, .fn = fn, .ctx = ctx, .r = r, .line = 1};
    size_t nf = m->n_fields ? m->n_fields : 1;
    rd.column_of_field = calloc(nf, sizeof *rd.column_of_field);
    rd.in_scale = calloc(nf, sizeof *rd.in_scale);
    rd.row = calloc(nf, sizeof *rd.row);
    rd.ids = m->id_field >= 0 ? ids_new() : NULL;
    if (!rd.column_of_field || !rd.in_scale || !rd.row || (m->id_field >= 0 && !rd.ids)) {
        reader_free(&rd);
        fclose(fp);
        diag_say(file, 0, 0, "out of memory");
        return EXIT_DATA;
    }
    struct stat st;
    bool regular = fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);
    if (rd.ids && !regular) {
        FILE *copy = spool(fp);
        if (!copy) {
            diag_say(file, 0, 0, "cannot copy the case data to a temporary file (in TMPDIR): %s",
                     strerror(errno));
            reader_free(&rd);
            fclose(fp);
            return EXIT_DATA;
        }
        fclose(fp);
        fp = copy;
        regular = fstat(fileno(fp), &st) == 0;
    }
    if (rd.ids && !scan_ids(fp, file, m, rd.ids)) {
        diag_say(file, 0, 0, "cannot read the case data a second time: %s", strerror(errno));
        reader_free(&rd);
        fclose(fp);
        return EXIT_DATA;
    }
    for (size_t a = 0; a < m->n_areas; a++) {
        rd.in_scale[m->areas[a].baseline] = true;
        rd.in_scale[m->areas[a].review] = true;
    }
    rd.bytes_total = regular ? (long long)st.st_size : 0;
    clock_gettime(CLOCK_MONOTONIC, &rd.started);
    rd.last_shown = rd.started;

    struct sha256_ctx sha;
    sha256_init(&sha);
    int status = parse(&rd, fp, &sha);
    if (opt->progress)
        show_progress(&rd, true);
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&sha, sizeof digest, digest);
    hash_hex(digest, sizeof digest, r->data_sha256);
    reader_free(&rd);
    fclose(fp);
    return status;
}
