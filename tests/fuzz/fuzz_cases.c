/* fuzz_cases.c - libFuzzer harness for reading case data and computing.
 *
 * A fixed valid model is loaded once: a required text id with a pattern,
 * integer, number, date and enum fields, a date field for the quarters,
 * two distance areas, breakdowns by an enum and a text field, and outputs
 * and outcomes whose expressions use every kind of test.  The input is the CSV
 * file: cases_read() streams it with a callback that runs
 * measures_add_row(), then measures_finish() and summary_build() compute
 * and serialise every figure, as `thrive evaluate --summary` does.
 * With THRIVE_FUZZ_BOOK set, the workbook is written too (book_write, to
 * a temporary file; much slower).
 * Build with tests/fuzz/build.sh; run with -close_fd_mask=2 to hide the
 * messages cases_read prints about bad files.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "book.h"
#include "cases.h"
#include "diag.h"
#include "measures.h"
#include "model.h"
#include "model_text.h"
#include "results.h"
#include "summary.h"

/* The column names are those of examples/fip/cases.csv, so that file (and
 * any cut of it) is a seed the model accepts. */
static const char cases_model[] =
    "model: fuzz-cases\n"
    "title: Case data fuzzing\n"
    "pilot: generic\n"
    "period: { start: 2009-10-01, end: 2011-03-31 }\n"
    "inputs:\n"
    "  - { id: staff, kind: staff, cost: { fte: 2, annual_cost: 30000, years: 1.5 } }\n"
    "  - { id: fund, kind: funding, cost: 15000 }\n"
    "activities: [{ id: work, uses: [staff, fund] }]\n"
    "outputs:\n"
    "  - { id: seen, from: [work], count: all }\n"
    "  - { id: planned, from: [work], count: 'action_plan == \"yes\" and children >= 2', "
    "target: 10 }\n"
    "  - { id: noted, from: [work], count: 'notes =~ /debt|arrears/i or site in [\"x\", "
    "\"Southmead\"]' }\n"
    "outcomes:\n"
    "  - id: debt\n"
    "    horizon: short\n"
    "    from: [planned]\n"
    "    eligible: debt_entry == \"yes\"\n"
    "    achieved: debt_exit == \"no\" and not (exit_date < 2010-01-01)\n"
    "    target: 0.5\n"
    "    value: 1500\n"
    "    duration: 3\n"
    "    drop_off: 0.25\n"
    "  - id: scored\n"
    "    horizon: medium\n"
    "    from: [seen]\n"
    "    eligible: score is present or postcode is missing\n"
    "    achieved: score > 2.5 or score <= -1e3 or money_review > 5\n"
    "adjustments: { deadweight: 0.2, attribution: 0.1, optimism_bias: 0.15, discount_rate: "
    "0.035 }\n"
    "data:\n"
    "  id: family_id\n"
    "  date: referral_date\n"
    "  fields:\n"
    "    family_id: { type: text, pattern: \"^F[0-9]{5}$\", required: true }\n"
    "    referral_date: { type: date }\n"
    "    exit_date: { type: date, min: 2009-01-01 }\n"
    "    site: { type: text }\n"
    "    household_type: { type: enum, values: [lone_parent, couple, other] }\n"
    "    children: { type: integer, min: 1, max: 12 }\n"
    "    postcode: { type: text, pattern: \"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$\", "
    "personal: true }\n"
    "    action_plan: { type: enum, values: [yes, no] }\n"
    "    debt_entry: { type: enum, values: [yes, no] }\n"
    "    debt_exit: { type: enum, values: [yes, no] }\n"
    "    score: { type: number, min: -1e9 }\n"
    "    notes: { type: text }\n"
    "    money_start: { type: integer }\n"
    "    money_review: { type: integer }\n"
    "    conflict_start: { type: integer }\n"
    "    conflict_review: { type: integer }\n"
    "distance_travelled:\n"
    "  scale: { min: 1, max: 10 }\n"
    "  areas:\n"
    "    - { id: money, label: Money, baseline: money_start, review: money_review }\n"
    "    - { id: conflict, label: Conflict, baseline: conflict_start, review: conflict_review, "
    "better: lower }\n"
    "breakdowns: [household_type, site]\n";

static model *the_model;
static char path[64], book_path[64];

static void remove_temp(void)
{
    if (path[0])
        unlink(path);
    if (book_path[0])
        unlink(book_path);
}

static void add_row(void *ctx, cell *row)
{
    measures_add_row(ctx, row);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    the_model = model_from_text_ok(cases_model);
    if (!the_model) {
        fprintf(stderr, "fuzz_cases: cannot load the fixed model\n");
        abort();
    }
    snprintf(path, sizeof path, "/tmp/thrive-fuzz-cases-%ld.csv", (long)getpid());
    if (getenv("THRIVE_FUZZ_BOOK"))
        snprintf(book_path, sizeof book_path, "/tmp/thrive-fuzz-cases-%ld.xlsx", (long)getpid());
    atexit(remove_temp);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        abort();
    if (size && fwrite(data, 1, size, fp) != size)
        abort();
    fclose(fp);

    /* --suppress on for half the inputs, so both paths are run */
    results r = {.model_file = "fuzz.yaml", .data_file = path, .suppress = size % 2 ? 5 : 0};
    measures *ms = measures_new(the_model);
    if (!ms)
        abort();
    cases_options opt = {.progress = false};
    diag_list dl;
    diag_init(&dl);
    thrive_error status = cases_read(path, the_model, &opt, add_row, ms, &r, &dl);
    if (r.rows_read != r.rows_accepted + r.rows_rejected)
        abort(); /* every record is counted once */
    if (status == THRIVE_OK) {
        measures_finish(ms, &r);
        json_t *summary = summary_build(&r);
        char *text = summary ? json_dumps(summary, JSON_REAL_PRECISION(17)) : NULL;
        free(text);
        json_decref(summary);
        if (book_path[0])
            (void)book_write(&r, book_path, &dl);
    }
    diag_free(&dl);
    measures_free(ms);
    r.m = the_model;
    results_free(&r);
    return 0;
}
