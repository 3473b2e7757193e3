/* cmd_validate.c - `thrive validate`: check a model, and its data, writing
 * nothing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmdline.h"
#include "commands.h"
#include "diag.h"
#include "evaluation.h"

static const char validate_usage[] =
    "Usage: thrive validate MODEL.yaml [--data CASES.csv] [--delimiter C]\n"
    "                       [--encoding NAME] [--plugin-path DIR]...\n"
    "Check a logic model: every rule of the model format, every reference,\n"
    "every expression; with --data, also check every row of the case data and\n"
    "list the rows that would be rejected.  Writes nothing.\n"
    "Exit status 3 when the model is invalid, 4 when the data is unusable.\n\n"
    "  --data FILE       the case data (CSV, one row per case)\n"
    "  --delimiter C     the cells are separated by C (';', or tab), not commas\n"
    "  --encoding NAME   the file is in NAME (e.g. WINDOWS-1252), not UTF-8\n"
    "  --plugin-path DIR look for plugins in DIR first (repeatable)\n"
    "See thrive-validate(1).\n";

/* The rows that would be rejected, as the data were checked. */
static void list_rejections(const results *r, const char *data_file)
{
    printf("%s: %lld rows read, %lld accepted, %lld rejected\n", data_file, r->rows_read,
           r->rows_accepted, r->rows_rejected);
    for (size_t i = 0; i < r->n_rejections; i++)
        printf("  line %lld: %s%s%s\n", r->rejections[i].line,
               r->rejections[i].field ? r->rejections[i].field : "",
               r->rejections[i].field ? ": " : "", r->rejections[i].reason);
    if (r->rows_rejected > (long long)r->rows_listed)
        printf("  ... and %lld more rows\n", r->rows_rejected - r->rows_listed);
    if (r->dq.n_counts)
        printf("faults by field and reason:\n");
    for (size_t i = 0; i < r->dq.n_counts; i++)
        printf("  %lld  %s%s%s\n", r->dq.counts[i].count,
               r->dq.counts[i].field ? r->dq.counts[i].field : "",
               r->dq.counts[i].field ? ": " : "", r->dq.counts[i].reason);
    if (r->dq.other_rejections)
        printf("  %lld  other faults\n", r->dq.other_rejections);
    if (r->dq.blank_records)
        printf("%lld blank records (every cell empty) skipped: they are not rows\n",
               r->dq.blank_records);
}

int cmd_validate(int argc, char **argv)
{
    evaluate_options o;
    evaluation *ev;
    int status = start_evaluation(argc, argv, validate_usage, false, &o, &ev);
    if (status != EXIT_OK)
        return status;
    const model *m = evaluation_model(ev);
    printf("%s: valid logic model '%s' (%zu inputs, %zu activities, %zu outputs, %zu "
           "outcomes, %zu impacts)\n",
           o.ev.model_file, m->id, m->n_inputs, m->n_activities, m->n_outputs, m->n_outcomes,
           m->n_impacts);
    diag_list dl;
    diag_init(&dl);
    thrive_error e = o.ev.data_file ? evaluation_run(ev, &dl) : THRIVE_OK;
    if (o.ev.data_file && e == THRIVE_OK)
        list_rejections(evaluation_results(ev), o.ev.data_file);
    fflush(stdout);
    status = finish_command(&dl, e);
    evaluation_close(ev);
    free(o.plugin_dirs);
    return status;
}
