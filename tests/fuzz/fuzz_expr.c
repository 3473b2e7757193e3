/* fuzz_expr.c - libFuzzer harness for the expression language.
 *
 * A small valid model is loaded once.  The input, up to its first NUL
 * byte, is an expression source: expr_parse() parses it against the model
 * and, when it parses, expr_eval() runs it on a few hand-made rows.  The
 * bytes after the first NUL, if any, are the text of every cell of one more
 * row (each cell kept when cell_check accepts it for its field, missing
 * otherwise), so that regexes also meet subjects the fuzzer chooses.
 * Build with tests/fuzz/build.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cell.h"
#include "diag.h"
#include "expr.h"
#include "model.h"
#include "model_text.h"

/* The fields, in this order: id s e i x d. */
static const char expr_model[] = "model: expressions\n"
                                 "title: Expressions\n"
                                 "pilot: generic\n"
                                 "inputs: [{ id: staff, kind: staff, cost: 1 }]\n"
                                 "activities: [{ id: work, uses: [staff] }]\n"
                                 "outputs: [{ id: seen, from: [work], count: all }]\n"
                                 "outcomes: [{ id: done, horizon: short, from: [seen], "
                                 "achieved: id is present }]\n"
                                 "data:\n"
                                 "  id: id\n"
                                 "  fields:\n"
                                 "    id: { type: text, pattern: \"^[A-Z][0-9]+$\" }\n"
                                 "    s: { type: text }\n"
                                 "    e: { type: enum, values: [a, b, c, \"\\u00e9t\\u00e9\"] }\n"
                                 "    i: { type: integer }\n"
                                 "    x: { type: number }\n"
                                 "    d: { type: date }\n";

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

static model *the_model;
static cell rows[N_ROWS][N_FIELDS];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    the_model = model_from_text_ok(expr_model);
    if (!the_model || the_model->n_fields != N_FIELDS) {
        fprintf(stderr, "fuzz_expr: cannot load the fixed model\n");
        abort();
    }
    for (int r = 0; r < N_ROWS; r++)
        for (int f = 0; f < N_FIELDS; f++) {
            const char *s = row_text[r][f];
            if (cell_check(&the_model->fields[f], s, strlen(s), &rows[r][f]) != NULL)
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

    char err[256];
    size_t off = (size_t)-1;
    expr *e = expr_parse(src, the_model, &off, err, sizeof err);
    if (!e) {
        /* the offset must point inside the source (or at its end) */
        if (off > src_len)
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
                if (memchr(text, '\0', len) ||
                    cell_check(&the_model->fields[f], text, len, &row[f]) != NULL)
                    row[f] = (cell){.str = "", .len = 0, .present = false};
            (void)expr_eval(e, row);
            free(text);
        }
    }
    expr_free(e);
    free(src);
    return 0;
}
