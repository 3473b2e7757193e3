/* cmd_diagram.c - `thrive diagram`: the logic model as a Graphviz graph,
 * as DOT text or drawn by Graphviz (PNG, SVG). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "commands.h"
#include "diag.h"
#include "diagram.h"
#include "model.h"
#include "outfile.h"

static const char diagram_usage[] =
    "Usage: thrive diagram MODEL.yaml [-T dot|png|svg] [-o FILE]\n"
    "Write the logic model as a Graphviz graph, inputs -> activities -> outputs ->\n"
    "outcomes -> impacts: DOT text, or drawn as PNG or SVG by Graphviz's dot\n"
    "(the package graphviz).  -T defaults to the extension of -o, else dot.\n"
    "See thrive-diagram(1).\n";

typedef struct diagram_args {
    const char *out_file; /* NULL: standard output */
    const char *format;   /* "dot", "png" or "svg"; NULL: from out_file */
    char **positional;
    int n_positional;
} diagram_args;

static void parse_args(int argc, char **argv, diagram_args *a)
{
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"format", required_argument, NULL, 'T'},
                                             {0}};
    const cmdline cl = {"diagram", diagram_usage, "o:T:", longopts};
    int c;
    optind = 1;
    while ((c = cmdline_next(&cl, argc, argv)) != -1) {
        if (c == 'o')
            a->out_file = optarg;
        else if (c == 'T')
            a->format = optarg;
        else
            exit(c == 'h' ? EXIT_OK : EXIT_USAGE);
    }
    a->positional = argv + optind;
    a->n_positional = argc - optind;
}

/* The format: -T, else the extension of -o (.png, .svg; .dot, .gv or none:
 * dot); NULL after an error when -T or the extension names another. */
static const char *format_of(const diagram_args *a, diag_list *dl)
{
    static const char *const formats[] = {"dot", "png", "svg"};
    if (a->format) {
        for (size_t i = 0; i < 3; i++)
            if (strcmp(a->format, formats[i]) == 0)
                return formats[i];
        diag_error(dl, "-T", 0, 0, "unknown format '%s': use dot, png or svg", a->format);
        return NULL;
    }
    const char *base = a->out_file ? strrchr(a->out_file, '/') : NULL;
    base = base ? base + 1 : a->out_file;
    const char *dot = base ? strrchr(base, '.') : NULL;
    if (!dot || dot == base || strcmp(dot, ".gv") == 0)
        return "dot";
    for (size_t i = 0; i < 3; i++)
        if (strcmp(dot + 1, formats[i]) == 0)
            return formats[i];
    /* out.jpg or out.pdf would hold DOT text under a picture's name */
    diag_error(dl, "-o", 0, 0,
               "'%s': the diagram is written as DOT text (.dot, .gv), PNG or SVG: name the file "
               "so, or give the format with -T",
               a->out_file);
    return NULL;
}

/* Write N bytes of DATA (or, DATA NULL, M's DOT text) to OUT_FILE (NULL:
 * stdout) through a temporary file (outfile.h), so that a failure leaves
 * no half file. */
static thrive_error write_out(const model *m, const unsigned char *data, size_t n,
                              const char *out_file, diag_list *dl)
{
    if (!out_file || outfile_is_stdout(out_file)) {
        bool ok = data ? fwrite(data, 1, n, stdout) == n : diagram_write(m, stdout) == THRIVE_OK;
        if (ok && fflush(stdout) == 0)
            return THRIVE_OK;
        diag_error(dl, "stdout", 0, 0, "cannot write the diagram: %s", strerror(errno));
        return THRIVE_ERROR_OUTPUT;
    }
    char *tmp = outfile_temp(out_file);
    FILE *out = tmp ? fopen(tmp, "wb") : NULL;
    bool ok = out && (data ? fwrite(data, 1, n, out) == n : diagram_write(m, out) == THRIVE_OK);
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
        if (tmp)
            outfile_discard(tmp);
    }
    free(tmp);
    return ok ? THRIVE_OK : thrive_error_from_errno(e, THRIVE_ERROR_OUTPUT);
}

/* M drawn as FORMAT by Graphviz, written to OUT_FILE. */
static thrive_error draw(const model *m, const char *format, const char *out_file, diag_list *dl)
{
    unsigned char *data;
    size_t n;
    char why[512];
    thrive_error e = diagram_render(m, format, &data, &n, why, sizeof why);
    if (e == THRIVE_ERROR_NOMEM)
        diag_error(dl, "diagram", 0, 0, "out of memory");
    else if (e != THRIVE_OK) {
        char dot[4096];
        bool absent = !diagram_dot(dot, sizeof dot);
        diag_error(dl, "diagram", 0, 0, "cannot draw the diagram as %s: %s%s", format, why,
                   absent ? "; install Graphviz (apt-get install graphviz), or write the DOT "
                            "text with -T dot and draw it elsewhere"
                          : "");
    } else
        e = write_out(m, data, n, out_file, dl);
    free(data);
    return e;
}

int cmd_diagram(int argc, char **argv)
{
    diagram_args a = {0};
    parse_args(argc, argv, &a);
    if (a.n_positional != 1) {
        fputs(diagram_usage, stderr);
        return EXIT_USAGE;
    }
    /* The graph is the model's structure: no plugin is needed (diagram has
     * no --plugin-path), and expressions are left to validate. */
    diag_list dl;
    diag_init(&dl);
    /* the model kept from being written over comes before the format */
    const outfile_role in = {a.positional[0], "the model"}, out = {a.out_file, "the diagram (-o)"};
    thrive_error e = outfile_check(&in, 1, &out, 1, &dl);
    if (e != THRIVE_OK)
        return finish_command(&dl, e);
    const char *format = format_of(&a, &dl);
    if (!format)
        return finish_command(&dl, THRIVE_ERROR_USAGE);
    bool to_stdout = !a.out_file || outfile_is_stdout(a.out_file);
    if (strcmp(format, "png") == 0 && to_stdout && isatty(STDOUT_FILENO)) {
        diag_error(&dl, "stdout", 0, 0,
                   "a PNG image is not for a terminal: write it to a file with -o FILE.png");
        return finish_command(&dl, THRIVE_ERROR_USAGE);
    }
    model *m;
    e = model_open(a.positional[0], &dl, &m);
    if (e == THRIVE_OK)
        e = strcmp(format, "dot") == 0 ? write_out(m, NULL, 0, a.out_file, &dl)
                                       : draw(m, format, a.out_file, &dl);
    model_free(m);
    return finish_command(&dl, e);
}
