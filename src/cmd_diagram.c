/* cmd_diagram.c - `thrive diagram`: the logic model as a Graphviz graph. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "diag.h"
#include "diagram.h"
#include "model.h"
#include "outfile.h"

static const char diagram_usage[] =
    "Usage: thrive diagram MODEL.yaml [-o FILE.dot]\n"
    "Write the logic model as a Graphviz graph, inputs -> activities -> outputs ->\n"
    "outcomes -> impacts (render it with: dot -Tpng FILE.dot -o FILE.png).\n";

/* Common option parsing: --help and -o; returns the positional count. */
static int parse_simple(int argc, char **argv, const char *usage, const char **out_file,
                        char ***positional)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'}, {"output", required_argument, NULL, 'o'}, {0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, out_file ? "ho:" : "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(usage, stdout);
            exit(EXIT_OK);
        case 'o':
            if (out_file) {
                *out_file = optarg;
                break;
            }
            /* fall through */
        default:
            fputs(usage, stderr);
            exit(EXIT_USAGE);
        }
    }
    *positional = argv + optind;
    return argc - optind;
}

int cmd_diagram(int argc, char **argv)
{
    char **pos;
    const char *out_file = NULL;
    if (parse_simple(argc, argv, diagram_usage, &out_file, &pos) != 1) {
        fputs(diagram_usage, stderr);
        return EXIT_USAGE;
    }
    /* The graph is the model's structure: no plugin is needed (diagram has
     * no --plugin-path), and expressions are left to validate. */
    diag_list dl;
    diag_init(&dl);
    model *m = model_load(pos[0], &dl);
    diag_print(&dl, stderr);
    bool ok = m && dl.n_errors == 0;
    diag_free(&dl);
    if (!ok) {
        model_free(m);
        return EXIT_MODEL;
    }
    int status = EXIT_OK;
    /* Written beside the target and renamed: a failure leaves no half file. */
    char *tmp = out_file ? outfile_temp(out_file) : NULL;
    FILE *out = out_file ? (tmp ? fopen(tmp, "w") : NULL) : stdout;
    if (!out) {
        diag_say(out_file, 0, 0, "cannot write the diagram: %s", strerror(errno));
        status = EXIT_OUTPUT;
    } else if (diagram_write(m, out) != 0 || (out_file && fclose(out) != 0) ||
               (tmp && outfile_commit(tmp, out_file) != 0)) {
        diag_say(out_file ? out_file : "stdout", 0, 0, "cannot write the diagram: %s",
                 strerror(errno));
        status = EXIT_OUTPUT;
    }
    outfile_discard(status == EXIT_OK ? NULL : tmp);
    free(tmp);
    model_free(m);
    return status;
}
