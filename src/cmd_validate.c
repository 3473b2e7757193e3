/* cmd_validate.c - `thrive validate`: check a model, and its data, writing
 * nothing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cases.h"
#include "cmdline.h"
#include "commands.h"
#include "diag.h"
#include "model.h"
#include "plugins.h"
#include "results.h"

static const char validate_usage[] =
    "Usage: thrive validate MODEL.yaml [--data CASES.csv] [--plugin-path DIR]...\n"
    "Check a logic model: every rule of the model format, every reference,\n"
    "every expression; with --data, also check every row of the case data and\n"
    "list the rows that would be rejected.  Writes nothing.\n"
    "Exit status 3 when the model is invalid, 4 when the data is unusable.\n";

static void ignore_row(void *ctx, cell *row)
{
    (void)ctx;
    (void)row;
}

int cmd_validate(int argc, char **argv)
{
    evaluate_options o;
    int status = parse_evaluate(argc, argv, validate_usage, false, &o);
    if (status != EXIT_OK) {
        free(o.plugin_dirs);
        return status;
    }
    model *m;
    plugin *p;
    status = load_model_and_plugin(o.model_file, o.plugin_dirs, o.n_plugin_dirs, &m, &p);
    free(o.plugin_dirs);
    if (status != EXIT_OK)
        return status;
    printf("%s: valid logic model '%s' (%zu inputs, %zu activities, %zu outputs, %zu "
           "outcomes, %zu impacts)\n",
           o.model_file, m->id, m->n_inputs, m->n_activities, m->n_outputs, m->n_outcomes,
           m->n_impacts);
    if (o.data_file) {
        results r = {.m = m};
        cases_options copt = read_options(o.quiet);
        status = cases_read(o.data_file, m, &copt, ignore_row, NULL, &r);
        if (status == EXIT_OK) {
            printf("%s: %lld rows read, %lld accepted, %lld rejected\n", o.data_file, r.rows_read,
                   r.rows_accepted, r.rows_rejected);
            for (size_t i = 0; i < r.n_rejections; i++)
                printf("  line %lld: %s%s%s\n", r.rejections[i].line,
                       r.rejections[i].field ? r.rejections[i].field : "",
                       r.rejections[i].field ? ": " : "", r.rejections[i].reason);
            if (r.rows_rejected > (long long)r.n_rejections)
                printf("  ... and %lld more\n", r.rows_rejected - (long long)r.n_rejections);
            note_ignored_columns(&r, o.data_file);
        }
        results_free(&r);
    }
    plugin_unload(p);
    model_free(m);
    return status;
}
