/* cmd_init.c - `thrive init CASES.csv [-o MODEL.yaml]`: draft a logic model
 * from the case data (infer.h profiles the columns, draft.h writes). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmdline.h"
#include "commands.h"
#include "diag.h"
#include "draft.h"
#include "error.h"
#include "infer.h"
#include "outfile.h"

static const char init_usage[] =
    "Usage: thrive init CASES.csv [-o MODEL.yaml] [--force]\n"
    "Draft a logic model from the case data: read the file once and declare\n"
    "every column in data.fields with the type, values and range it holds,\n"
    "mark the fields that look personal, name the case id, and give every\n"
    "other section as a skeleton to fill in.  The draft is valid as written;\n"
    "its comments list the rows the file would have rejected.\n\n"
    "  -o, --output FILE write the draft to FILE (default: standard output)\n"
    "  --force           replace FILE if it exists (never the case data)\n\n"
    "Then: thrive validate MODEL.yaml --data CASES.csv.  See thrive-init(1).\n";

/* The draft goes beside the target and is renamed into place when
 * complete; it never replaces the case data, nor a model without --force. */
static thrive_error write_draft(const infer_profile *p, const draft_options *o, bool force)
{
    if (!o->model_file)
        return draft_write(p, o, stdout);
    struct stat st;
    if (!force && !outfile_is_stdout(o->model_file) && stat(o->model_file, &st) == 0 &&
        S_ISREG(st.st_mode)) {
        diag_say(o->model_file, 0, 0,
                 "already exists: thrive init does not replace a model (name another file, "
                 "or add --force to replace it)");
        return THRIVE_ERROR_OUTPUT;
    }
    char *tmp = outfile_temp(o->model_file);
    FILE *out = tmp ? fopen(tmp, "w") : NULL;
    thrive_error e = out ? draft_write(p, o, out) : THRIVE_ERROR_OUTPUT;
    if (out && fclose(out) != 0)
        e = THRIVE_ERROR_OUTPUT;
    if (e == THRIVE_OK && outfile_commit(tmp, o->model_file) != 0)
        e = THRIVE_ERROR_OUTPUT;
    if (e != THRIVE_OK) {
        diag_say(o->model_file, 0, 0, "cannot write the draft model: %s", strerror(errno));
        outfile_discard(tmp);
    }
    free(tmp);
    return e;
}

/* One line on stderr: what was drafted, and what to do next. */
static void say_done(const infer_profile *p, const draft_options *o)
{
    size_t n_types[5] = {0}, personal = 0, unusable = 0;
    for (size_t c = 0; c < p->n_columns; c++) {
        const infer_column *col = &p->columns[c];
        if (col->unusable) {
            unusable++;
            continue;
        }
        n_types[col->type]++;
        personal += col->personal != NULL;
    }
    fprintf(stderr,
            "thrive: %s: %lld %s, %zu %s: %zu integer, %zu number, %zu date, %zu "
            "enum, %zu text (%zu personal)",
            o->data_file, p->rows, diag_plural(p->rows, "row", "rows"), p->n_columns,
            diag_plural((long long)p->n_columns, "column", "columns"), n_types[FIELD_INTEGER],
            n_types[FIELD_NUMBER], n_types[FIELD_DATE], n_types[FIELD_ENUM], n_types[FIELD_TEXT],
            personal);
    if (unusable)
        fprintf(stderr, "; %zu not declared (see the draft)", unusable);
    fprintf(stderr,
            "\nthrive: fill in the parts marked FILL IN, then: thrive validate %s --data %s\n",
            o->model_file ? o->model_file : "MODEL.yaml", o->data_file);
}

int cmd_init(int argc, char **argv)
{
    enum { OPT_FORCE = 256 };
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"force", no_argument, NULL, OPT_FORCE},
                                             {0}};
    draft_options o = {.version = PACKAGE_VERSION};
    bool force = false;
    const cmdline cl = {"init", init_usage, "o:", longopts};
    int c;
    optind = 1;
    while ((c = cmdline_next(&cl, argc, argv)) != -1) {
        if (c == 'o')
            o.model_file = optarg;
        else if (c == OPT_FORCE)
            force = true;
        else
            return c == 'h' ? EXIT_OK : EXIT_USAGE;
    }
    if (argc - optind != 1) {
        fputs(init_usage, stderr);
        return thrive_exit_status(THRIVE_ERROR_USAGE);
    }
    o.data_file = argv[optind];
    diag_list dl;
    diag_init(&dl);
    /* never over the case data, even with --force: checked before reading */
    const outfile_role in = {o.data_file, "the case data"}, out = {o.model_file, "the draft (-o)"};
    thrive_error e = outfile_check(&in, 1, &out, 1, &dl);
    infer_profile p = {0};
    if (e == THRIVE_OK)
        e = infer_profile_file(o.data_file, &p, &dl);
    diag_print(&dl, stderr);
    diag_free(&dl);
    if (e == THRIVE_OK)
        e = write_draft(&p, &o, force);
    if (e == THRIVE_OK)
        say_done(&p, &o);
    infer_profile_free(&p);
    return thrive_exit_status(e);
}
