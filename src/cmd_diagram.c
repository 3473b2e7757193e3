/* cmd_diagram.c - `thrive diagram`: the logic model as a Graphviz graph. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "commands.h"
#include "diag.h"
#include "diagram.h"
#include "model.h"
#include "outfile.h"

static const char diagram_usage[] =
    "Usage: thrive diagram MODEL.yaml [-o FILE.dot]\n"
    "Write the logic model as a Graphviz graph, inputs -> activities -> outputs ->\n"
    "outcomes -> impacts (render it with: dot -Tpng FILE.dot -o FILE.png).\n"
    "See thrive-diagram(1).\n";

/* Common option parsing: --help and -o; returns the positional count. */
static int parse_simple(int argc, char **argv, const char *usage, const char **out_file,
                        char ***positional)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'}, {"output", required_argument, NULL, 'o'}, {0}};
    const cmdline cl = {"diagram", usage, "o:", longopts};
    int c;
    optind = 1;
    while ((c = cmdline_next(&cl, argc, argv)) != -1) {
        if (c != 'o')
            exit(c == 'h' ? EXIT_OK : EXIT_USAGE);
        *out_file = optarg;
    }
    *positional = argv + optind;
    return argc - optind;
}

/* Write M's graph to OUT_FILE (NULL: stdout) through a temporary file
 * (outfile.h), so that a failure leaves no half file. */
static thrive_error write_diagram(const model *m, const char *out_file, diag_list *dl)
{
    if (!out_file) {
        if (diagram_write(m, stdout) == THRIVE_OK && fflush(stdout) == 0)
            return THRIVE_OK;
        diag_error(dl, "stdout", 0, 0, "cannot write the diagram: %s", strerror(errno));
        return THRIVE_ERROR_OUTPUT;
    }
    char *tmp = outfile_temp(out_file);
    FILE *out = tmp ? fopen(tmp, "w") : NULL;
    bool ok = out && diagram_write(m, out) == THRIVE_OK;
    int e = errno;
    if (out && fclose(out) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (ok && outfile_commit(tmp, out_file) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        diag_error(dl, out_file, 0, 0, "cannot write the diagram: %s", strerror(e));
        outfile_discard(tmp);
    }
    free(tmp);
    return ok ? THRIVE_OK : thrive_error_from_errno(e, THRIVE_ERROR_OUTPUT);
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
    const outfile_role in = {pos[0], "the model"}, out = {out_file, "the diagram (-o)"};
    thrive_error e = outfile_check(&in, 1, &out, 1, &dl);
    if (e != THRIVE_OK)
        return finish_command(&dl, e);
    model *m;
    e = model_open(pos[0], &dl, &m);
    if (e == THRIVE_OK)
        e = write_diagram(m, out_file, &dl);
    model_free(m);
    return finish_command(&dl, e);
}
