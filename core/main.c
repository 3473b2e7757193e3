/* main.c - the thrive program: parse the command line, run a sub-command. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "diagram.h"
#include "model.h"

typedef struct command {
    const char *name;
    const char *usage;
    int (*run)(int argc, char **argv);
} command;

/* Load and resolve a model; prints every error and returns NULL when the
 * model is not usable. */
static model *load_model(const char *file)
{
    diag_list dl;
    diag_init(&dl);
    model *m = model_load(file, &dl);
    /* Resolve even after structural errors, to report everything in one run. */
    if (m && m->root && m->root->kind == YNODE_MAP)
        model_resolve(m, &dl);
    diag_print(&dl, stderr);
    bool ok = m && dl.n_errors == 0;
    if (dl.n_errors > 1)
        fprintf(stderr, "thrive: %s: %zu errors\n", file, dl.n_errors);
    diag_free(&dl);
    if (!ok) {
        model_free(m);
        return NULL;
    }
    return m;
}

static const char validate_usage[] =
    "Usage: thrive validate MODEL.yaml\n"
    "Check a logic model: every rule of the model format, every reference,\n"
    "every expression.  Writes nothing.  Exit status 3 when the model is invalid.\n";

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

static int run_validate(int argc, char **argv)
{
    char **pos;
    if (parse_simple(argc, argv, validate_usage, NULL, &pos) != 1) {
        fputs(validate_usage, stderr);
        return EXIT_USAGE;
    }
    model *m = load_model(pos[0]);
    if (!m)
        return EXIT_MODEL;
    printf("%s: valid logic model '%s' (%zu inputs, %zu activities, %zu outputs, %zu "
           "outcomes, %zu impacts)\n",
           pos[0], m->id, m->n_inputs, m->n_activities, m->n_outputs, m->n_outcomes,
           m->n_impacts);
    model_free(m);
    return EXIT_OK;
}

static int run_diagram(int argc, char **argv)
{
    char **pos;
    const char *out_file = NULL;
    if (parse_simple(argc, argv, diagram_usage, &out_file, &pos) != 1) {
        fputs(diagram_usage, stderr);
        return EXIT_USAGE;
    }
    model *m = load_model(pos[0]);
    if (!m)
        return EXIT_MODEL;
    int status = EXIT_OK;
    FILE *out = out_file ? fopen(out_file, "w") : stdout;
    if (!out) {
        diag_say(out_file, 0, 0, "cannot write the diagram: %s", strerror(errno));
        status = EXIT_OUTPUT;
    } else {
        if (diagram_write(m, out) != 0 || (out_file && fclose(out) != 0)) {
            diag_say(out_file ? out_file : "stdout", 0, 0, "cannot write the diagram");
            status = EXIT_OUTPUT;
        }
    }
    model_free(m);
    return status;
}

static const command commands[] = {
    {"validate", validate_usage, run_validate},
    {"diagram", diagram_usage, run_diagram},
};

static void usage(FILE *out)
{
    fputs("Usage: thrive COMMAND [OPTIONS]\n"
          "Evaluate a social intervention from its logic model and case data.\n\n"
          "Commands:\n"
          "  validate MODEL.yaml               check a logic model\n"
          "  diagram MODEL.yaml [-o FILE.dot]  the model as a Graphviz graph\n\n"
          "Run 'thrive COMMAND --help' for a command's options; 'thrive --version'.\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("thrive %s\n", PACKAGE_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "thrive: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
