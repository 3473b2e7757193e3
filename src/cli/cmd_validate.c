/* cmd_validate.c - `thrive validate`: check a model, and its data, writing
 * nothing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmdline.h"
#include "commands.h"
#include "diag.h"
#include "evaluation.h"
#include "lint.h"

static const char validate_usage[] =
    "Usage: thrive validate MODEL.yaml [--data CASES.csv] [--strict] [--delimiter C]\n"
    "                       [--encoding NAME] [--plugin-path DIR]...\n"
    "Check a logic model: every rule of the model format, every reference,\n"
    "every expression; warn about what is allowed but looks like a mistake (an\n"
    "input no activity uses, an output or outcome that feeds nothing, an\n"
    "adjustment of 1, an outcome no case can achieve, a period not YYYY-MM-DD).\n"
    "With --data, also check every row of the case data and list the rows that\n"
    "would be rejected.  Writes nothing.\n"
    "Exit status 3 when the model is invalid, 4 when the data is unusable, 1\n"
    "under --strict when there is a warning or a rejected row.\n\n"
    "  --data FILE       the case data (CSV, one row per case)\n"
    "  --strict          exit 1 on any warning or rejected row\n"
    "  --delimiter C     the cells are separated by C (';', or tab), not commas\n"
    "  --encoding NAME   the file is in NAME (e.g. WINDOWS-1252), not UTF-8\n"
    "  --plugin-path DIR look for plugins in DIR first (repeatable)\n"
    "See thrive-validate(1).\n";

/* The rows that would be rejected, as the data were checked. */
static void list_rejections(const results *r, const char *data_file)
{
    printf("%s: %lld %s read, %lld accepted, %lld rejected\n", data_file, r->rows_read,
           diag_plural(r->rows_read, "row", "rows"), r->rows_accepted, r->rows_rejected);
    for (size_t i = 0; i < r->n_rejections; i++)
        printf("  line %lld: %s%s%s\n", r->rejections[i].line,
               r->rejections[i].field ? r->rejections[i].field : "",
               r->rejections[i].field ? ": " : "", r->rejections[i].reason);
    if (r->rows_rejected > (long long)r->rows_listed)
        printf("  ... and %lld more %s\n", r->rows_rejected - r->rows_listed,
               diag_plural(r->rows_rejected - (long long)r->rows_listed, "row", "rows"));
    if (r->dq.n_counts)
        printf("faults by field and reason:\n");
    for (size_t i = 0; i < r->dq.n_counts; i++)
        printf("  %lld  %s%s%s\n", r->dq.counts[i].count,
               r->dq.counts[i].field ? r->dq.counts[i].field : "",
               r->dq.counts[i].field ? ": " : "", r->dq.counts[i].reason);
    if (r->dq.other_rejections)
        printf("  %lld  other faults\n", r->dq.other_rejections);
    if (r->dq.blank_records)
        printf("%lld blank %s (every cell empty) skipped: not rows\n", r->dq.blank_records,
               diag_plural(r->dq.blank_records, "record", "records"));
}

int cmd_validate(int argc, char **argv)
{
    evaluate_options o;
    evaluation *ev;
    int status = start_evaluation(argc, argv, validate_usage, false, &o, &ev);
    if (status != EXIT_OK)
        return status;
    const model *m = evaluation_model(ev);
    printf("%s: valid logic model '%s' (%zu %s, %zu %s, %zu %s, %zu %s, %zu %s)\n", o.ev.model_file,
           m->id, m->n_inputs, diag_plural((long long)m->n_inputs, "input", "inputs"),
           m->n_activities, diag_plural((long long)m->n_activities, "activity", "activities"),
           m->n_outputs, diag_plural((long long)m->n_outputs, "output", "outputs"), m->n_outcomes,
           diag_plural((long long)m->n_outcomes, "outcome", "outcomes"), m->n_impacts,
           diag_plural((long long)m->n_impacts, "impact", "impacts"));
    diag_list dl;
    diag_init(&dl);
    lint_model(m, &dl);
    thrive_error e = o.ev.data_file ? evaluation_run(ev, &dl) : THRIVE_OK;
    if (o.ev.data_file && e == THRIVE_OK)
        list_rejections(evaluation_results(ev), o.ev.data_file);
    fflush(stdout);
    size_t warnings = dl.n_warnings;
    long long rejected =
        o.ev.data_file && e == THRIVE_OK ? evaluation_results(ev)->rows_rejected : 0;
    status = finish_command(&dl, e);
    if (status == EXIT_OK && o.ev.strict && (warnings || rejected)) {
        fprintf(stderr, "thrive: %s: %zu warning%s, %lld row%s rejected (--strict)\n",
                o.ev.model_file, warnings, warnings == 1 ? "" : "s", rejected,
                rejected == 1 ? "" : "s");
        status = EXIT_REJECTED;
    }
    evaluation_close(ev);
    free(o.plugin_dirs);
    return status;
}
