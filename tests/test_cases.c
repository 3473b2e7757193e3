/* test_cases.c - reading and validating case data (src/cases.c; docs/manual/case-data.md).
 *
 * Each test writes a small CSV file into a temporary directory and reads it
 * with cases_read() against tests/models/valid/engine-cases.yaml, whose
 * data.fields are:
 *
 *     case_id  text, pattern ^C[0-9]+$, required   (the id)
 *     n        integer
 *     note     text
 *     when     date
 *     kind     enum [a, b]
 *     extra    text          (left out of most headers below)
 *     score_start, score_end integer, a distance area on the scale 1..5
 *
 * The expected counts, line numbers and values are read off the CSV text
 * written in each test: line 1 is the header, and every '\n' starts a new
 * physical line, whether or not it is inside quotes.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cases.h"
#include "cunit_tap.h"
#include "diag.h"
#include "ids.h"
#include "model.h"
#include "results.h"
#include "testlib.h"

static model *m;
static long f_id, f_n, f_note, f_when, f_kind, f_extra, f_start, f_end;

/* ---- what the row callback saw ---- */

#define SEEN_MAX 64
static struct {
    size_t n;
    char *id[SEEN_MAX];
    char *note[SEEN_MAX];
    bool n_present[SEEN_MAX], extra_present[SEEN_MAX], when_present[SEEN_MAX];
    double n_value[SEEN_MAX];
} seen;

/* Rows whose id is C<number> and comes before the previous such row's:
 * rows must reach the row function in file order. */
static long long seen_prev_number = -1;
static size_t seen_out_of_order;

static void seen_clear(void)
{
    seen_prev_number = -1;
    seen_out_of_order = 0;
    for (size_t i = 0; i < seen.n && i < SEEN_MAX; i++) {
        free(seen.id[i]);
        free(seen.note[i]);
    }
    memset(&seen, 0, sizeof seen);
}

static void on_row(void *ctx, cell *row)
{
    (void)ctx;
    size_t i = seen.n++;
    const char *id = row[f_id].str;
    if (id[0] == 'C' && id[1] >= '0' && id[1] <= '9') {
        long long k = atoll(id + 1);
        seen_out_of_order += k < seen_prev_number;
        seen_prev_number = k;
    }
    if (i >= SEEN_MAX)
        return;
    seen.id[i] = strdup(row[f_id].str);
    seen.note[i] = row[f_note].present ? strdup(row[f_note].str) : NULL;
    seen.n_present[i] = row[f_n].present;
    seen.n_value[i] = row[f_n].num;
    seen.extra_present[i] = row[f_extra].present;
    seen.when_present[i] = row[f_when].present;
}

/* ---- files ---- */


/* Read on the caller's thread alone (cases_options.one_thread). */
static bool one_thread;

/* What the last read said: its diags, printed as the program would. */
static char said[4096];

/* Bytes a read asks for (cases_options.read_size): 0, the default. */
static size_t read_size;

/* Read PATH into a fresh R; returns the error, its diags in SAID. */
static thrive_error read_into(const char *path, results *r)
{
    memset(r, 0, sizeof *r);
    seen_clear();
    cases_options opt = {.progress = false, .one_thread = one_thread, .read_size = read_size};
    diag_list dl;
    diag_init(&dl);
    thrive_error e = cases_read(path, m, &opt, on_row, NULL, r, &dl);
    memset(said, 0, sizeof said);
    FILE *f = fmemopen(said, sizeof said - 1, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    diag_print(&dl, f);
    fclose(f);
    diag_free(&dl);
    return e;
}

static bool has_rejection(const results *r, long long line, const char *name)
{
    for (size_t i = 0; i < r->n_rejections; i++)
        if (r->rejections[i].line == line &&
            (name ? r->rejections[i].field && strcmp(r->rejections[i].field, name) == 0
                  : r->rejections[i].field == NULL))
            return true;
    return false;
}

/* ---- the tests ---- */

/* RFC 4180 quoting.  Lines of the file:
 *   1 header
 *   2 C1: note "a, b" (a comma inside quotes)            accepted
 *   3 C2: note say "hi" (doubled quotes)                  accepted
 *   4-5 C3: note "two\nlines" (a newline inside quotes)   accepted
 *   6 C4: n = x                                           rejected at line 6
 *   7-8 C5: the id itself spans two lines: "C5\nX"        rejected at line 7 (pattern)
 *   9 C6: n = y                                           rejected at line 9
 *   10-11 C7: n = z, note spans lines 10-11               rejected at line 10
 *   12 C8: note "" (quoted empty = the empty cell)       accepted
 * Accepted C1 C2 C3 C8 = 4, rejected C4 C5 C6 C7 = 4, read 8. */
static void test_quoting(void)
{
    const char *p = testlib_write("quoting.csv", "case_id,n,note,kind\n"
                                             "C1,1,\"a, b\",a\n"
                                             "C2,2,\"say \"\"hi\"\"\",b\n"
                                             "C3,3,\"two\nlines\",a\n"
                                             "C4,x,plain,a\n"
                                             "\"C5\nX\",5,,a\n"
                                             "C6,y,,a\n"
                                             "C7,z,\"multi\nline\",a\n"
                                             "C8,8,\"\",b\n");
    results r;
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_read, 8);
    CU_ASSERT_EQUAL(r.rows_accepted, 4);
    CU_ASSERT_EQUAL(r.rows_rejected, 4);
    CU_ASSERT_EQUAL_FATAL(seen.n, 4);
    CU_ASSERT_STRING_EQUAL(seen.id[0], "C1");
    CU_ASSERT_STRING_EQUAL(seen.note[0], "a, b");
    CU_ASSERT_STRING_EQUAL(seen.note[1], "say \"hi\"");
    CU_ASSERT_STRING_EQUAL(seen.note[2], "two\nlines");
    CU_ASSERT_STRING_EQUAL(seen.id[3], "C8");
    CU_ASSERT_PTR_NULL(seen.note[3]); /* "" quoted is still the empty cell: missing */
    CU_ASSERT_EQUAL(seen.n_value[2], 3);
    CU_ASSERT_EQUAL(r.n_rejections, 4);
    CU_ASSERT(has_rejection(&r, 6, "n"));
    CU_ASSERT(has_rejection(&r, 7, "case_id"));
    CU_ASSERT(has_rejection(&r, 9, "n"));
    CU_ASSERT(has_rejection(&r, 10, "n"));
    results_free(&r);
}

/* CRLF line ends, also inside a quoted field: the same layout as above
 * with "\r\n".  The last field of each line (kind) must not keep a '\r',
 * or "a" would not be one of the enum values and every row would be
 * rejected.  Lines: 1 header, 2 C1, 3-4 C2 (quoted CRLF), 5 C3 (n = bad),
 * 6 C4.  Read 4, accepted 3, rejected 1 at line 5. */
static void test_crlf(void)
{
    const char *p = testlib_write("crlf.csv", "case_id,n,note,kind\r\n"
                                          "C1,1,x,a\r\n"
                                          "C2,2,\"one\r\ntwo\",b\r\n"
                                          "C3,bad,x,a\r\n"
                                          "C4,4,,b\r\n");
    results r;
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_read, 4);
    CU_ASSERT_EQUAL(r.rows_accepted, 3);
    CU_ASSERT_EQUAL(r.rows_rejected, 1);
    CU_ASSERT(has_rejection(&r, 5, "n"));
    CU_ASSERT_EQUAL_FATAL(seen.n, 3);
    CU_ASSERT_STRING_EQUAL(seen.note[1], "one\r\ntwo"); /* quoted content as written */
    CU_ASSERT_STRING_EQUAL(seen.id[2], "C4");
    results_free(&r);
}

/* A UTF-8 byte order mark before the header: without stripping it the
 * first column would be "\xEF\xBB\xBFcase_id", the required id column
 * would be missing and the read would fail with THRIVE_ERROR_DATA. */
static void test_bom(void)
{
    const char *p = testlib_write("bom.csv", "\xEF\xBB\xBF"
                                         "case_id,n\r\n"
                                         "C1,1\r\n"
                                         "C2,2\r\n");
    results r;
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_read, 2);
    CU_ASSERT_EQUAL(r.rows_accepted, 2);
    CU_ASSERT_EQUAL(r.n_ignored_columns, 0);
    CU_ASSERT_EQUAL_FATAL(seen.n, 2);
    CU_ASSERT_STRING_EQUAL(seen.id[0], "C1");
    results_free(&r);
}

/* Blank lines are not rows, but they are lines.  Lines: 1 header, 2 blank,
 * 3 C1, 4 blank, 5 blank (CRLF), 6 C2 with n = x, 7 blank, and the last
 * record C3 has no line end at all.  Read 3 (C1, C2, C3), rejected 1 at
 * line 6. */
static void test_blank_lines(void)
{
    const char *p = testlib_write("blank.csv", "case_id,n\n"
                                           "\n"
                                           "C1,1\n"
                                           "\n"
                                           "\r\n"
                                           "C2,x\n"
                                           "\n"
                                           "C3,3");
    results r;
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_read, 3);
    CU_ASSERT_EQUAL(r.rows_accepted, 2);
    CU_ASSERT_EQUAL(r.rows_rejected, 1);
    CU_ASSERT(has_rejection(&r, 6, "n"));
    CU_ASSERT_EQUAL_FATAL(seen.n, 2);
    CU_ASSERT_STRING_EQUAL(seen.id[1], "C3");
    CU_ASSERT_EQUAL(seen.n_value[1], 3);
    results_free(&r);
}

/* Cells are not trimmed (docs/manual/case-data.md): " 5" and "5 " are not integers, " C2"
 * does not match ^C[0-9]+$, " a" is not an enum value; a text cell keeps
 * its spaces.  Lines: 2 C1 accepted (note " x "), 3 n " 5", 4 n "5 ",
 * 5 id " C2", 6 kind " a": four rejections. */
static void test_no_trimming(void)
{
    const char *p = testlib_write("trim.csv", "case_id,n,note,kind\n"
                                          "C1,1, x ,a\n"
                                          "C3, 5,,a\n"
                                          "C4,5 ,,a\n"
                                          " C2,2,,a\n"
                                          "C5,5,, a\n");
    results r;
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_read, 5);
    CU_ASSERT_EQUAL(r.rows_accepted, 1);
    CU_ASSERT_EQUAL(r.rows_rejected, 4);
    CU_ASSERT(has_rejection(&r, 3, "n"));
    CU_ASSERT(has_rejection(&r, 4, "n"));
    CU_ASSERT(has_rejection(&r, 5, "case_id"));
    CU_ASSERT(has_rejection(&r, 6, "kind"));
    CU_ASSERT_EQUAL_FATAL(seen.n, 1);
    CU_ASSERT_STRING_EQUAL(seen.note[0], " x ");
    results_free(&r);
}

/* Ragged rows: the header has 3 cells.  Line 3 has 2, line 4 has 4
 * (a trailing comma adds an empty cell), line 6 has 1.  Each is read and
 * rejected as a whole row (no field), with its line. */
static void test_ragged(void)
{
    const char *p = testlib_write("ragged.csv", "case_id,n,kind\n"
                                            "C1,1,a\n"
                                            "C2,2\n"
                                            "C3,3,a,\n"
                                            "C4,4,b\n"
                                            "C5\n");
    results r;
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_read, 5);
    CU_ASSERT_EQUAL(r.rows_accepted, 2);
    CU_ASSERT_EQUAL(r.rows_rejected, 3);
    CU_ASSERT_EQUAL(r.n_rejections, 3);
    CU_ASSERT(has_rejection(&r, 3, NULL));
    CU_ASSERT(has_rejection(&r, 4, NULL));
    CU_ASSERT(has_rejection(&r, 6, NULL));
    results_free(&r);
}

/* Duplicates are judged against ACCEPTED rows only (docs/manual/case-data.md).
 *   2 C1,x   rejected (n): not accepted, so it claims no id
 *   3 C1,1   accepted: the first accepted C1
 *   4 C1,2   rejected: duplicate of line 3
 *   5 C2,1   accepted
 *   6 C2,1   rejected: duplicate (identical rows are still duplicates)
 *   7 C3,y   rejected (n)
 *   8 C3,y   rejected (n) again, NOT as a duplicate
 * Read 7, accepted 2, rejected 5; the duplicate rejections name case_id. */
static void test_duplicates(void)
{
    const char *p = testlib_write("dup.csv", "case_id,n\n"
                                         "C1,x\n"
                                         "C1,1\n"
                                         "C1,2\n"
                                         "C2,1\n"
                                         "C2,1\n"
                                         "C3,y\n"
                                         "C3,y\n");
    results r;
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_read, 7);
    CU_ASSERT_EQUAL(r.rows_accepted, 2);
    CU_ASSERT_EQUAL(r.rows_rejected, 5);
    CU_ASSERT(has_rejection(&r, 2, "n"));
    CU_ASSERT(!has_rejection(&r, 3, "case_id"));
    CU_ASSERT(has_rejection(&r, 4, "case_id"));
    CU_ASSERT(has_rejection(&r, 6, "case_id"));
    CU_ASSERT(has_rejection(&r, 8, "n"));
    CU_ASSERT(!has_rejection(&r, 8, "case_id"));
    CU_ASSERT_EQUAL_FATAL(seen.n, 2);
    CU_ASSERT_EQUAL(seen.n_value[0], 1); /* the C1 kept is line 3's */
    results_free(&r);
}

/* Case data from a pipe (`--data <(zcat cases.csv.gz)`) can be read only
 * once: it is read, not found empty, and its duplicates are still found
 * (the same rows as test_duplicates: 7 read, C1 line 3 and C2 line 5
 * accepted). */
static void test_pipe(void)
{
    static const char csv[] = "case_id,n\nC1,x\nC1,1\nC1,2\nC2,1\nC2,1\nC3,y\nC3,y\n";
    int fds[2];
    CU_ASSERT_FATAL(pipe(fds) == 0);
    /* Small enough for the pipe's buffer: written whole before reading. */
    CU_ASSERT_FATAL(write(fds[1], csv, sizeof csv - 1) == (ssize_t)(sizeof csv - 1));
    close(fds[1]);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    results r;
    CU_ASSERT_EQUAL(read_into(path, &r), THRIVE_OK);
    close(fds[0]);
    CU_ASSERT_EQUAL(r.rows_read, 7);
    CU_ASSERT_EQUAL(r.rows_accepted, 2);
    CU_ASSERT(has_rejection(&r, 4, "case_id"));
    CU_ASSERT(has_rejection(&r, 6, "case_id"));
    CU_ASSERT_EQUAL(seen.n, 2);
    results_free(&r);

    /* 200,000 rows (3 MB, many times the pipe's buffer) from a writer
     * process; the last row repeats the first id, 200,000 lines apart. */
    CU_ASSERT_FATAL(pipe(fds) == 0);
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        FILE *out = fdopen(fds[1], "w");
        fputs("case_id,n\n", out);
        for (int i = 0; i < 200000; i++)
            fprintf(out, "C%d,%d\n", i, i % 7);
        fputs("C0,1\n", out);
        _exit(fclose(out) == 0 ? 0 : 1);
    }
    close(fds[1]);
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    CU_ASSERT_EQUAL(read_into(path, &r), THRIVE_OK);
    close(fds[0]);
    int child = -1;
    CU_ASSERT(waitpid(pid, &child, 0) == pid && WIFEXITED(child) && WEXITSTATUS(child) == 0);
    CU_ASSERT_EQUAL(r.rows_read, 200001);
    CU_ASSERT_EQUAL(r.rows_accepted, 200000);
    CU_ASSERT(has_rejection(&r, 200002, "case_id"));
    results_free(&r);
}

/* A row with three faults (n not an integer, 2010-13-01 not a date, c not
 * an enum value) is one rejected row; every fault is listed at its line. */
static void test_several_faults(void)
{
    const char *p = testlib_write("faults.csv", "case_id,n,when,kind\n"
                                            "C1,x,2010-13-01,c\n"
                                            "C2,2,2010-12-01,a\n");
    results r;
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_read, 2);
    CU_ASSERT_EQUAL(r.rows_accepted, 1);
    CU_ASSERT_EQUAL(r.rows_rejected, 1);
    CU_ASSERT(has_rejection(&r, 2, "n"));
    CU_ASSERT(has_rejection(&r, 2, "when"));
    CU_ASSERT(has_rejection(&r, 2, "kind"));
    for (size_t i = 0; i < r.n_rejections; i++)
        CU_ASSERT_EQUAL(r.rejections[i].line, 2);
    results_free(&r);
}

/* Columns not in data.fields are ignored and listed, in header order; the
 * declared columns are still found by name wherever they are. */
static void test_ignored_columns(void)
{
    const char *p = testlib_write("ignored.csv", "zzz,case_id,notes,n\n"
                                             "anything,C1,\"free, text\",7\n");
    results r;
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL_FATAL(r.n_ignored_columns, 2);
    CU_ASSERT_STRING_EQUAL(r.ignored_columns[0], "zzz");
    CU_ASSERT_STRING_EQUAL(r.ignored_columns[1], "notes");
    CU_ASSERT_EQUAL_FATAL(seen.n, 1);
    CU_ASSERT_STRING_EQUAL(seen.id[0], "C1");
    CU_ASSERT_EQUAL(seen.n_value[0], 7);
    results_free(&r);
}

/* Files that are not usable case data: exit 4 (THRIVE_ERROR_DATA). */
static void test_unusable_files(void)
{
    results r;
    /* empty; only a BOM; only blank lines: no header row */
    CU_ASSERT_EQUAL(read_into(testlib_write("empty.csv", ""), &r), THRIVE_ERROR_DATA);
    results_free(&r);
    CU_ASSERT_EQUAL(read_into(testlib_write("bom-only.csv", "\xEF\xBB\xBF"), &r), THRIVE_ERROR_DATA);
    results_free(&r);
    CU_ASSERT_EQUAL(read_into(testlib_write("blank-only.csv", "\n\r\n\n"), &r), THRIVE_ERROR_DATA);
    results_free(&r);
    /* the header lacks the required id column: the message names it */
    thrive_error status = read_into(testlib_write("no-id.csv", "n,note\n1,x\n"), &r);
    CU_ASSERT(strstr(said, "no-id.csv:1: error: the header lacks the required "
                           "column 'case_id'") != NULL);
    CU_ASSERT_EQUAL(status, THRIVE_ERROR_DATA);
    CU_ASSERT_EQUAL(r.rows_accepted, 0);
    CU_ASSERT_EQUAL(seen.n, 0);
    results_free(&r);
    /* a binary file: the start of a PNG image */
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06";
    CU_ASSERT_EQUAL(read_into(testlib_write_bytes("image.csv", png, sizeof png - 1), &r),
                    THRIVE_ERROR_DATA);
    CU_ASSERT_EQUAL(seen.n, 0);
    results_free(&r);
    /* a quoted field never closed before the end of the file */
    CU_ASSERT_EQUAL(read_into(testlib_write("unterminated.csv", "case_id,note\n"
                                                            "C1,\"never closed\n"
                                                            "C2,more\n"),
                              &r),
                    THRIVE_ERROR_DATA);
    results_free(&r);
    /* ... and the error names the line where the quote opens: line 4 here
     * (line 3 is blank, line 2 the last complete record), even though the
     * unclosed field is the first of its record */
    status = read_into(testlib_write("unclosed.csv", "case_id,n\n"
                                                 "C1,1\n"
                                                 "\n"
                                                 "\"C2,2\n"
                                                 "C3,3\n"),
                       &r);
    CU_ASSERT(strstr(said, "unclosed.csv:4: error: not valid CSV: a quoted field "
                           "that starts here is never closed") != NULL);
    CU_ASSERT_EQUAL(status, THRIVE_ERROR_DATA);
    results_free(&r);
    /* no such file */
    CU_ASSERT_EQUAL(read_into(testlib_path("no-such-file.csv"), &r), THRIVE_ERROR_DATA);
    results_free(&r);
}

/* A header only: no rows, and that is fine. */
static void test_header_only(void)
{
    results r;
    CU_ASSERT_EQUAL(read_into(testlib_write("header-only.csv", "case_id,n\r\n"), &r), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_read, 0);
    CU_ASSERT_EQUAL(r.rows_accepted, 0);
    CU_ASSERT_EQUAL(r.rows_rejected, 0);
    /* said, and kept for the workbook and the summary */
    CU_ASSERT_PTR_NOT_NULL(strstr(said, "warning: the file has a header and no rows of data"));
    CU_ASSERT_PTR_NOT_NULL(data_quality_find(&r.dq, "no_rows", NULL));
    results_free(&r);
}

/* Optional declared fields (extra, when) absent from the header are
 * missing in every row; a present column's empty cell is missing too. */
static void test_optional_absent(void)
{
    const char *p = testlib_write("optional.csv", "case_id,n\n"
                                              "C1,1\n"
                                              "C2,\n"
                                              "C3,3\n");
    results r;
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_accepted, 3);
    CU_ASSERT_EQUAL_FATAL(seen.n, 3);
    for (size_t i = 0; i < 3; i++) {
        CU_ASSERT(!seen.extra_present[i]);
        CU_ASSERT(!seen.when_present[i]);
    }
    CU_ASSERT(seen.n_present[0]);
    CU_ASSERT(!seen.n_present[1]);
    results_free(&r);
}

/* The SHA-256 is of the raw bytes, BOM and CRLF included.  The expected
 * value was computed once with
 *     printf '\357\273\277case_id,n\r\nC1,1\r\n' | sha256sum
 * which printed
 *     73f377a9d7c4ff274f26cce1fc48771fb7ad5a289bc7715bcff1a84a78497a4f  -
 * and `printf '' | sha256sum` gave the empty file's e3b0c442...b855. */
static void test_sha256(void)
{
    results r;
    CU_ASSERT_EQUAL(read_into(testlib_write("sha.csv", "\xEF\xBB\xBF"
                                                   "case_id,n\r\nC1,1\r\n"),
                              &r),
                    THRIVE_OK);
    CU_ASSERT_STRING_EQUAL(r.data_sha256,
                           "73f377a9d7c4ff274f26cce1fc48771fb7ad5a289bc7715bcff1a84a78497a4f");
    results_free(&r);
    read_into(testlib_write("sha-empty.csv", ""), &r);
    CU_ASSERT_STRING_EQUAL(r.data_sha256,
                           "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    results_free(&r);
}

/* Distance-travelled scores outside the scale 1..5 are rejected (the
 * fields themselves have no min or max): lines 3 (0) and 4 (6); 1 and 5,
 * the ends of the scale, are accepted (line 2), and a missing score is
 * not checked (line 5). */
static void test_scale(void)
{
    const char *p = testlib_write("scale.csv", "case_id,score_start,score_end\n"
                                           "C1,1,5\n"
                                           "C2,0,3\n"
                                           "C3,3,6\n"
                                           "C4,,4\n");
    results r;
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_read, 4);
    CU_ASSERT_EQUAL(r.rows_accepted, 2);
    CU_ASSERT_EQUAL(r.rows_rejected, 2);
    CU_ASSERT(has_rejection(&r, 3, "score_start"));
    CU_ASSERT(has_rejection(&r, 4, "score_end"));
    results_free(&r);
}

/* The list of rejections is capped at REJECTIONS_MAX; rows_rejected still
 * counts every rejected row.  REJECTIONS_MAX + 5 bad rows (lines 2 ..
 * REJECTIONS_MAX + 6), then one good row. */
static void test_rejection_cap(void)
{
    size_t bad = REJECTIONS_MAX + 5;
    size_t cap = 32 + bad * 16;
    char *text = malloc(cap);
    CU_ASSERT_FATAL(text != NULL);
    size_t len = (size_t)snprintf(text, cap, "case_id,n\n");
    for (size_t i = 0; i < bad; i++)
        len += (size_t)snprintf(text + len, cap - len, "C%zu,x\n", i + 1);
    len += (size_t)snprintf(text + len, cap - len, "C0,0\n");
    const char *p = testlib_write_bytes("cap.csv", text, len);
    free(text);
    results r;
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_read, (long long)bad + 1);
    CU_ASSERT_EQUAL(r.rows_rejected, (long long)bad);
    CU_ASSERT_EQUAL(r.rows_accepted, 1);
    CU_ASSERT_EQUAL_FATAL(r.n_rejections, REJECTIONS_MAX);
    CU_ASSERT_EQUAL(r.rejections[0].line, 2);
    CU_ASSERT_EQUAL(r.rejections[REJECTIONS_MAX - 1].line, REJECTIONS_MAX + 1);
    results_free(&r);
}

/* A header of 100000 columns, and a quoted cell of 5 MB over 50000 lines,
 * are read in linear time (the list of ignored columns and libcsv's cell
 * buffer once grew a little at a time: minutes under the sanitizers). */
static void test_large(void)
{
    size_t n_cols = 100000, cap = 32 + n_cols * 16;
    char *text = malloc(cap);
    CU_ASSERT_FATAL(text != NULL);
    size_t len = (size_t)snprintf(text, cap, "case_id,n");
    for (size_t i = 0; i < n_cols; i++)
        len += (size_t)snprintf(text + len, cap - len, ",c%zu", i);
    len += (size_t)snprintf(text + len, cap - len, "\nC1,1");
    for (size_t i = 0; i < n_cols; i++)
        len += (size_t)snprintf(text + len, cap - len, ",v");
    len += (size_t)snprintf(text + len, cap - len, "\n");
    const char *p = testlib_write_bytes("wide.csv", text, len);
    free(text);
    results r;
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL_FATAL(r.n_ignored_columns, n_cols);
    CU_ASSERT_STRING_EQUAL(r.ignored_columns[0], "c0");
    CU_ASSERT_STRING_EQUAL(r.ignored_columns[n_cols - 1], "c99999");
    CU_ASSERT_EQUAL(r.rows_accepted, 1);
    results_free(&r);

    size_t n_lines = 50000, line_len = 100; /* 99 bytes and a newline */
    cap = 64 + n_lines * line_len;
    text = malloc(cap);
    CU_ASSERT_FATAL(text != NULL);
    len = (size_t)snprintf(text, cap, "case_id,note\nC1,\"");
    for (size_t i = 0; i < n_lines; i++) {
        memset(text + len, 'x', line_len - 1);
        text[len + line_len - 1] = '\n';
        len += line_len;
    }
    len += (size_t)snprintf(text + len, cap - len, "\"\nC2,short\nCx,bad id\n");
    p = testlib_write_bytes("big-cell.csv", text, len);
    free(text);
    CU_ASSERT_EQUAL_FATAL(read_into(p, &r), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_read, 3);
    CU_ASSERT_EQUAL_FATAL(seen.n, 2);
    CU_ASSERT_EQUAL(strlen(seen.note[0]), n_lines * line_len);
    CU_ASSERT_STRING_EQUAL(seen.note[1], "short");
    /* C1 starts on line 2 and ends on line 2 + 50000; C2, then Cx */
    CU_ASSERT(has_rejection(&r, (long long)n_lines + 4, "case_id"));
    results_free(&r);
}

/* The main pass hands rows from the parsing thread to the checking one in
 * batches of 1,024 (a pool of four): what is said, and when, is as if one
 * thread did both.  TEXT: a header, then N rows "C<i>,<i % 10>", then TAIL. */
static const char *many_rows(const char *name, const char *header, size_t n, const char *tail)
{
    size_t cap = strlen(header) + n * 24 + strlen(tail) + 1;
    char *text = malloc(cap);
    CU_ASSERT_FATAL(text != NULL);
    size_t len = (size_t)snprintf(text, cap, "%s", header);
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, "C%zu,%zu\n", i, i % 10);
    len += (size_t)snprintf(text + len, cap - len, "%s", tail);
    const char *p = testlib_write_bytes(name, text, len);
    free(text);
    return p;
}

static void batches(void)
{
    results r;
    /* A bad header stops the parser, twenty batches ahead of nothing: one
     * message, and not the unclosed quote at the end (never reached). */
    thrive_error status =
        read_into(many_rows("twice.csv", "case_id,case_id\n", 20000, "\"C,1\n"), &r);
    const char *msg = said;
    CU_ASSERT_EQUAL(status, THRIVE_ERROR_DATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "twice.csv:1: error: column 'case_id' appears twice"));
    CU_ASSERT_PTR_NULL(strstr(msg, "not valid CSV"));
    CU_ASSERT_EQUAL(r.rows_read, 0);
    CU_ASSERT_EQUAL(seen.n, 0);
    results_free(&r);

    /* A fault found by the parser after 20 batches: said once, at its line,
     * after every row before it was checked (lines 2..20001). */
    status = read_into(many_rows("late.csv", "case_id,n\n", 20000, "\"C-late,1\n"), &r);
    msg = said;
    CU_ASSERT_EQUAL(status, THRIVE_ERROR_DATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "late.csv:20002: error: not valid CSV: a quoted field "
                                       "that starts here is never closed"));
    CU_ASSERT_EQUAL(r.rows_read, 20000);
    CU_ASSERT_EQUAL(r.rows_accepted, 20000);
    results_free(&r);

    /* Rows in order across ten batches, the last C9999, and a duplicate
     * of row 1 on the last line rejected at its line. */
    CU_ASSERT_EQUAL(read_into(many_rows("order.csv", "case_id,n\n", 10000, "C0,1\n"), &r),
                    THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_read, 10001);
    CU_ASSERT_EQUAL(r.rows_accepted, 10000);
    CU_ASSERT(has_rejection(&r, 10002, "case_id"));
    CU_ASSERT_EQUAL(seen.n, 10000);
    CU_ASSERT_EQUAL(seen_out_of_order, 0);
    CU_ASSERT_EQUAL(seen_prev_number, 9999);
    results_free(&r);
}

static void test_batches(void)
{
    batches();
}

/* The same on one thread (THRIVE_THREADS=1, or no thread to be had): the
 * batches are checked as they fill. */
static void test_batches_one_thread(void)
{
    one_thread = true;
    batches();
    one_thread = false;
}

/* ---- setup ---- */

/* ---- one read of the data ---- */

/* A file that changes between two reads of it: when armed, any rewind of
 * a stream (fseek, fseeko, rewind: what a second read of the data needs)
 * first appends APPEND_ROW to APPEND_PATH.  These definitions stand in for
 * the C library's in this program. */
static const char *append_path, *append_row;
static int rewinds;

static void append_now(void)
{
    if (!append_path)
        return;
    rewinds++;
    int fd = open(append_path, O_WRONLY | O_APPEND);
    if (fd >= 0) {
        ssize_t w = write(fd, append_row, strlen(append_row));
        (void)w;
        close(fd);
    }
}

int fseek(FILE *fp, long off, int whence)
{
    append_now();
    int (*real)(FILE *, long, int) = (int (*)(FILE *, long, int))dlsym(RTLD_NEXT, "fseek");
    return real(fp, off, whence);
}

int fseeko(FILE *fp, off_t off, int whence)
{
    append_now();
    int (*real)(FILE *, off_t, int) = (int (*)(FILE *, off_t, int))dlsym(RTLD_NEXT, "fseeko");
    return real(fp, off, whence);
}

void rewind(FILE *fp)
{
    append_now();
    void (*real)(FILE *) = (void (*)(FILE *))dlsym(RTLD_NEXT, "rewind");
    real(fp);
}

/* Rows appended to the file while thrive reads it cannot escape the
 * duplicate check: the data are read once, start to end, so every row
 * read is checked against every earlier accepted id.  A reader that read
 * the file twice (ids first, then the rows) would accept the appended C1
 * as new, its id not having been there in the first read. */
static void test_one_read(void)
{
    const char *p = testlib_write("one-read.csv", "case_id,n\nC1,1\nC2,2\nC3,3\n");
    char path[512];
    snprintf(path, sizeof path, "%s", p);
    append_path = path;
    append_row = "C1,4\n";
    rewinds = 0;
    results r;
    thrive_error e = read_into(path, &r);
    append_path = NULL;
    CU_ASSERT_EQUAL(e, THRIVE_OK);
    CU_ASSERT_EQUAL(rewinds, 0); /* never rewound: one read */
    /* whatever was read, no id reached the row function twice */
    size_t twice = 0;
    for (size_t i = 0; i < seen.n && i < SEEN_MAX; i++)
        for (size_t j = 0; j < i; j++)
            twice += strcmp(seen.id[i], seen.id[j]) == 0;
    CU_ASSERT_EQUAL(twice, 0);
    CU_ASSERT_EQUAL(r.rows_accepted + r.rows_rejected, r.rows_read);
    CU_ASSERT_EQUAL(r.rows_accepted, 3);
    results_free(&r);
}

/* What a read gave, as text: counts, every rejection (line, field,
 * reason), every row seen (id, note), the SHA-256 and what was said. */
static void read_text(const char *path, char *out, size_t size)
{
    results r;
    thrive_error e = read_into(path, &r);
    int n = snprintf(out, size, "e%d read %lld acc %lld rej %lld blank %lld sha %s said %s|",
                     (int)e, r.rows_read, r.rows_accepted, r.rows_rejected, r.dq.blank_records,
                     r.data_sha256, said);
    for (size_t i = 0; i < r.n_rejections && n > 0 && (size_t)n < size; i++)
        n += snprintf(out + n, size - (size_t)n, "%lld %s %s|", r.rejections[i].line,
                      r.rejections[i].field ? r.rejections[i].field : "-", r.rejections[i].reason);
    for (size_t i = 0; i < seen.n && i < SEEN_MAX && n > 0 && (size_t)n < size; i++)
        n += snprintf(out + n, size - (size_t)n, "%s=%s|", seen.id[i],
                      seen.note[i] ? seen.note[i] : "(none)");
    results_free(&r);
}

/* How many reads of PATH (LEN bytes) in pieces of every size, on one
 * thread and on two, do not give WANT; the first is shown. */
static size_t differing_splits(const char *path, size_t len, const char *want)
{
    static char got[8192];
    size_t differ = 0;
    for (int threads = 1; threads <= 2; threads++)
        for (size_t size = 1; size <= len; size++) {
            read_size = size;
            one_thread = threads == 1;
            read_text(path, got, sizeof got);
            if (strcmp(got, want) != 0 && differ++ == 0)
                fprintf(stderr, "# reads of %zu bytes, %d thread(s):\n# %s\n# expected\n# %s\n",
                        size, threads, got, want);
        }
    return differ;
}

/* The same file read in pieces of every size from 1 byte to the whole
 * file (so that a piece ends at every byte: inside a quoted cell, between
 * CR and LF, inside a UTF-8 character, in the byte order mark), on one
 * thread and on two: the same rows, rejections, lines, hash and messages
 * every time as one read of 64 KiB. */
static void test_every_split(void)
{
    static const char csv[] = "\xEF\xBB\xBF"
                              "case_id,n,note,kind\r\n"
                              "C1,1,\"a \"\"quoted\"\" note\",a\r\n"
                              "C2,x,plain,b\r\n"
                              "\r\n"
                              "C3,3,\"two\nlines, and a comma\",a\n"
                              "C1,4,duplicate,b\n"
                              ",,,\n"
                              "C4,5,caf\xC3\xA9 \xE2\x82\xAC,c\n"
                              "C5,6\n"
                              "C7,8,old Mac,a\r"
                              "C8,y,lines,b\r\r"
                              "C6,7,last,a";
    const char *p = testlib_write_bytes("splits.csv", csv, sizeof csv - 1);
    char path[512];
    snprintf(path, sizeof path, "%s", p);
    static char want[8192];
    read_size = 0;
    one_thread = false;
    read_text(path, want, sizeof want);
    /* the expectations read off the text: 9 rows (the blank record is not
     * one); C2 (n), C1 again (duplicate), C4 (kind), C5 (ragged), C8 (n)
     * rejected at lines 3, 7, 9, 10 and 12 (a CR alone ends a line, so C6
     * is on line 14); C1, C3, C7 and C6 accepted */
    CU_ASSERT_PTR_NOT_NULL(strstr(want, "e0 read 9 acc 4 rej 5 blank 1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(want, "|3 n not an integer|7 case_id duplicate id"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(want, "|9 kind not one of the allowed values (a, b)|10 - ragged"));
    CU_ASSERT_PTR_NOT_NULL(strstr(want, "|12 n not an integer|"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(want, "|C1=a \"quoted\" note|C3=two\nlines, and a comma|C7=old Mac|C6=last|"));
    size_t differ = 0;
    differ += differing_splits(path, sizeof csv, want);
    /* a byte that is not UTF-8 on line 4 (after a CR alone): the rows
     * before it are checked, then the error at its line, whatever the reads */
    static const char bad[] = "case_id,n\nC1,1\nC2,x\rC3,\xE9t\xE9\nC4,4\n";
    p = testlib_write_bytes("splits-bad.csv", bad, sizeof bad - 1);
    snprintf(path, sizeof path, "%s", p);
    read_size = 0;
    one_thread = false;
    read_text(path, want, sizeof want);
    CU_ASSERT_PTR_NOT_NULL(strstr(want, "e4 read 2 acc 1 rej 1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(want, "splits-bad.csv:4: error: not UTF-8"));
    differ += differing_splits(path, sizeof bad, want);
    read_size = 0;
    one_thread = false;
    CU_ASSERT_EQUAL(differ, 0);
}

/* ---- the set of accepted ids (ids.h) ---- */

/* Numbered ids are kept as bits keyed by prefix and width, so the ids
 * that differ only by leading zeros, case or prefix stay different; each
 * answer here is read off the list. */
static void test_ids_shapes(void)
{
    static const struct {
        const char *id;
        bool dup;
    } seq[] = {
        {"7", false},
        {"07", false},
        {"007", false},
        {"7", true},
        {"007", true},
        {"C7", false},
        {"c7", false},
        {"C07", false},
        {"C7", true},
        {"", false},
        {"", true},
        {"abc", false},
        {"abc", true},
        {"ab", false},
        {"7a", false},
        {"7a", true},
        {"1-2", false},
        {"1-2", true},
        {"12", false},
        {"1-2", true},
        /* 18 digits: a number; 19 and 20: text */
        {"999999999999999999", false},
        {"999999999999999999", true},
        {"9999999999999999999", false},
        {"9999999999999999999", true},
        {"18446744073709551616", false},
        {"18446744073709551616", true},
        {"0", false},
        {"00", false},
        {"0", true},
        {"65536", false},
        {"65535", false},
        {"65536", true},
        {"131072", false},
        {"65535", true},
    };
    ids *x = ids_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    for (size_t i = 0; i < sizeof seq / sizeof *seq; i++) {
        bool dup = !seq[i].dup;
        CU_ASSERT_EQUAL(ids_accept(x, seq[i].id, strlen(seq[i].id), &dup), THRIVE_OK);
        if (dup != seq[i].dup)
            fprintf(stderr, "# id %zu '%s': duplicate %d, expected %d\n", i, seq[i].id, dup,
                    seq[i].dup);
        CU_ASSERT_EQUAL(dup, seq[i].dup);
    }
    ids_free(x);
}

/* A small random generator of our own: the same ids on every run. */
static unsigned long long rng_state = 88172645463325252ULL;
static unsigned long long rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* 300,000 ids of many shapes (dense and sparse numbers, 100 prefixes so
 * that some are kept as text, leading zeros, plain text), about a third
 * repeated: every answer agrees with the C library's hash table
 * (hsearch), which keeps every string.  The ranges are fractions of the
 * count, so that a smaller count (cunit_tap_rounds) repeats as often. */
static void test_ids_random(void)
{
    unsigned long long N = cunit_tap_rounds(300000);
    CU_ASSERT_FATAL(hcreate(2 * N) != 0);
    ids *x = ids_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    char **kept = calloc(N, sizeof *kept);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kept);
    size_t wrong = 0, dups = 0;
    for (size_t i = 0; i < N; i++) {
        char id[64];
        unsigned long long r = rng();
        switch (r % 5) {
        case 0: /* dense: a block of N / 3 numbers, in any order */
            snprintf(id, sizeof id, "C%07llu", (r >> 8) % (N / 3));
            break;
        case 1: /* sparse: ten digits anywhere */
            snprintf(id, sizeof id, "%010llu", (r >> 8) % 10000000000ULL % ((i % 7 + 1) * (N / 6)));
            break;
        case 2: /* one of 100 prefixes, past the families kept as bits */
            snprintf(id, sizeof id, "site%llu-%llu", (r >> 8) % 100, (r >> 20) % (N / 100));
            break;
        case 3: /* text */
            snprintf(id, sizeof id, "%llx-x", (r >> 8) % (N / 5));
            break;
        default: /* leading zeros make different ids of the same number */
            snprintf(id, sizeof id, "%0*llu", (int)((r >> 8) % 4 + 1), (r >> 16) % 300);
            break;
        }
        ENTRY want = {id, NULL}, *found = hsearch(want, FIND);
        bool expected = found != NULL;
        if (!found) {
            kept[i] = strdup(id);
            want.key = kept[i];
            CU_ASSERT_FATAL(hsearch(want, ENTER) != NULL);
        }
        bool dup;
        CU_ASSERT_EQUAL_FATAL(ids_accept(x, id, strlen(id), &dup), THRIVE_OK);
        wrong += dup != expected;
        dups += dup;
    }
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT(dups > N / 4); /* the test exercises repeats */
    ids_free(x);
    hdestroy();
    for (size_t i = 0; i < N; i++)
        free(kept[i]);
    free(kept);
}

int main(void)
{
    m = testlib_model("engine-cases.yaml");
    f_id = model_field_index(m, "case_id");
    f_n = model_field_index(m, "n");
    f_note = model_field_index(m, "note");
    f_when = model_field_index(m, "when");
    f_kind = model_field_index(m, "kind");
    f_extra = model_field_index(m, "extra");
    f_start = model_field_index(m, "score_start");
    f_end = model_field_index(m, "score_end");
    if (f_id < 0 || f_n < 0 || f_note < 0 || f_when < 0 || f_kind < 0 || f_extra < 0 ||
        f_start < 0 || f_end < 0)
        return 99;

    static const CU_TestInfo tests[] = {
        {"RFC 4180 quoting and line numbers after a multi-line record", test_quoting},
        {"CRLF line ends", test_crlf},
        {"UTF-8 byte order mark", test_bom},
        {"blank lines are not rows", test_blank_lines},
        {"cells are not trimmed", test_no_trimming},
        {"ragged rows rejected with their line", test_ragged},
        {"duplicates only of accepted ids", test_duplicates},
        {"a row with several faults is one rejected row", test_several_faults},
        {"undeclared columns ignored and listed", test_ignored_columns},
        {"unusable files exit 4", test_unusable_files},
        {"a header and no rows", test_header_only},
        {"optional field absent from the header", test_optional_absent},
        {"SHA-256 of the raw bytes", test_sha256},
        {"distance scores outside the scale", test_scale},
        {"the rejection list is capped, the count is not", test_rejection_cap},
        {"a wide header and a large cell in linear time", test_large},
        {"case data from a pipe: read once, duplicates still found", test_pipe},
        {"rows handed between threads in batches: order, messages, early stop", test_batches},
        {"the same read on one thread", test_batches_one_thread},
        {"one read: rows appended to the file cannot escape the duplicate check", test_one_read},
        {"reads of every size, one thread or two: the same results", test_every_split},
        {"the id set: leading zeros, case, prefixes, long numbers, text", test_ids_shapes},
        {"the id set agrees with hsearch on random ids (300,000; a twentieth under valgrind)",
         test_ids_random},
        CU_TEST_INFO_NULL,
    };
    cunit_tap_add("cases", tests);
    int status = cunit_tap_run();

    seen_clear();
    model_free(m);
    return status;
}
