/* fuzz_expr.c - libFuzzer harness for the expression language.
 *
 * A table of fields is built once, as a model's data.fields would give it
 * (no YAML).  The input, up to its first NUL byte, is an expression source:
 * expr_parse() parses it against the fields and, when it parses,
 * expr_eval() runs it on a few hand-made rows.  The bytes after the first
 * NUL, if any, are the text of every cell of one more row (each cell kept
 * when cell_check accepts it for its field, missing otherwise), so that
 * regexes also meet subjects the fuzzer chooses.  Build with
 * tests/fuzz/build.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cell.h"
#include "expr.h"
#include "field.h"

/* The fields, in this order: id s e i x d. */
static char *e_values[] = {"a", "b", "c", "\xc3\xa9t\xc3\xa9"};
static size_t e_lens[] = {1, 1, 1, 5};
static field fields[] = {
    {.name = "id", .type = FIELD_TEXT}, /* pattern ^[A-Z][0-9]+$, compiled at start */
    {.name = "s", .type = FIELD_TEXT},
    {.name = "e", .type = FIELD_ENUM, .values = e_values, .value_lens = e_lens, .n_values = 4},
    {.name = "i", .type = FIELD_INTEGER},
    {.name = "x", .type = FIELD_NUMBER},
    {.name = "d", .type = FIELD_DATE},
};

#define N_FIELDS 6
#define N_ROWS   6

/* Hand-made rows: the text of id s e i x d ("" = missing). */
static const char *const row_text[N_ROWS][N_FIELDS] = {
    {"A1", "abc", "a", "1", "1.5", "2010-04-01"},
    {"B22", "", "", "", "", ""},
    {"C3", "rent arrears", "b", "-7", "-2.5e3", "31/12/2009"},
    {"D4", "caf\xc3\xa9", "c", "9007199254740992", ".5", "29/02/2012"},
    {"E5", "\xff\xfe not UTF-8", "\xc3\xa9t\xc3\xa9", "+0", "1e308", "0000-01-01"},
    {"F6",
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
     "a", "00000000000000000000000000000000001", "0.000000000000000000001", "9999-12-31"},
};

static cell rows[N_ROWS][N_FIELDS];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    size_t off;
    char why[160];
    if (pattern_compile("^[A-Z][0-9]+$", PATTERN_WHOLE, &fields[0].pattern, &off, why,
                        sizeof why) != THRIVE_OK) {
        fprintf(stderr, "fuzz_expr: the pattern of id: %s\n", why);
        abort();
    }
    for (int r = 0; r < N_ROWS; r++)
        for (int f = 0; f < N_FIELDS; f++) {
            const char *s = row_text[r][f];
            if (cell_check(&fields[f], s, strlen(s), &rows[r][f]) != NULL)
                rows[r][f] = (cell){.str = "", .len = 0, .present = false};
        }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t src_len = nul ? (size_t)(nul - data) : size;
    char *src = malloc(src_len + 1);
    if (!src)
        return 0;
    memcpy(src, data, src_len);
    src[src_len] = '\0';

    expr_error err;
    expr *e;
    thrive_error rc = expr_parse(src, fields, N_FIELDS, &e, &err);
    if (rc != THRIVE_OK) {
        /* an error says why, and points inside the source (or at its end) */
        if (e || rc != THRIVE_ERROR_MODEL || err.offset > src_len || !err.msg[0])
            abort();
        free(src);
        return 0;
    }
    for (int r = 0; r < N_ROWS; r++)
        (void)expr_eval(e, rows[r]);
    if (nul) {
        /* one more row, every cell the text after the NUL */
        size_t len = size - src_len - 1;
        char *text = malloc(len + 1);
        if (text) {
            memcpy(text, nul + 1, len);
            text[len] = '\0';
            cell row[N_FIELDS];
            for (int f = 0; f < N_FIELDS; f++)
                if (memchr(text, '\0', len) || cell_check(&fields[f], text, len, &row[f]) != NULL)
                    row[f] = (cell){.str = "", .len = 0, .present = false};
            (void)expr_eval(e, row);
            free(text);
        }
    }
    expr_free(e);
    free(src);
    return 0;
}
