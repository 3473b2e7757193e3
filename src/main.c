/* main.c - the thrive program: parse the command line, run a sub-command. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "book.h"
#include "cases.h"
#include "diag.h"
#include "diagram.h"
#include "hash.h"
#include "measures.h"
#include "model.h"
#include "outfile.h"
#include "plugins.h"
#include "results.h"
#include "summary.h"

typedef struct command {
    const char *name;
    const char *usage;
    int (*run)(int argc, char **argv);
} command;

/* Load model FILE and its plugin (searched for on DIRS, then the
 * environment and the installed directory), let the plugin check the model
 * and declare its derived fields, then resolve.  Prints every error.
 * Returns EXIT_OK with *M and *P set, EXIT_MODEL or EXIT_PLUGIN. */
static int load_model_and_plugin(const char *file, char *const *dirs, size_t n_dirs, model **m_out,
                                 plugin **p_out)
{
    *m_out = NULL;
    *p_out = NULL;
    diag_list dl;
    diag_init(&dl);
    model *m = model_load(file, &dl);
    plugin *p = NULL;
    bool tree = m && m->root && m->root->kind == YNODE_MAP;
    /* The plugin checks its section and declares its derived fields before
     * the model's expressions are resolved (they may use them). */
    if (tree && m->pilot && plugin_name_valid(m->pilot)) {
        plugin_path pp;
        plugin_path_init(&pp, dirs, n_dirs);
        const ynode *pilot = ynode_get(m->root, "pilot");
        p = plugin_load(m->pilot, &pp, file, pilot->line, pilot->col);
        plugin_path_free(&pp);
        if (!p) {
            diag_print(&dl, stderr);
            diag_free(&dl);
            model_free(m);
            return EXIT_PLUGIN;
        }
        plugin_check(p, m, &dl);
    }
    /* Resolve even after structural errors, to report everything in one run. */
    if (tree)
        model_resolve(m, &dl);
    diag_print(&dl, stderr);
    bool ok = m && dl.n_errors == 0;
    if (dl.n_errors > 1)
        fprintf(stderr, "thrive: %s: %zu errors\n", file, dl.n_errors);
    diag_free(&dl);
    if (!ok) {
        plugin_unload(p);
        model_free(m);
        return EXIT_MODEL;
    }
    *m_out = m;
    *p_out = p;
    return EXIT_OK;
}

static const char validate_usage[] =
    "Usage: thrive validate MODEL.yaml [--data CASES.csv] [--plugin-path DIR]...\n"
    "Check a logic model: every rule of the model format, every reference,\n"
    "every expression; with --data, also check every row of the case data and\n"
    "list the rows that would be rejected.  Writes nothing.\n"
    "Exit status 3 when the model is invalid, 4 when the data is unusable.\n";

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

static int run_diagram(int argc, char **argv)
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

static const char evaluate_usage[] =
    "Usage: thrive evaluate MODEL.yaml --data CASES.csv [-o BOOK.xlsx]\n"
    "                       [--summary SUMMARY.json] [--suppress N] [--strict]\n"
    "                       [--plugin-path DIR]... [--quiet]\n"
    "Evaluate a logic model against its case data.\n\n"
    "  --data FILE       the case data (CSV, one row per case)\n"
    "  -o, --output FILE write the evaluation workbook (.xlsx)\n"
    "  --summary FILE    write the JSON summary\n"
    "  --suppress N      disclosure control: hide counts from 1 to N-1\n"
    "  --strict          exit 1 when any row was rejected (after writing)\n"
    "  --plugin-path DIR look for plugins in DIR first (repeatable)\n"
    "  --quiet           no progress line\n";

typedef struct evaluate_options {
    const char *model_file, *data_file, *book_file, *summary_file;
    long suppress;
    bool strict, quiet;
    char **plugin_dirs;
    size_t n_plugin_dirs;
} evaluate_options;

/* Parse the options of evaluate (and validate, which takes a subset). */
static int parse_evaluate(int argc, char **argv, const char *usage, bool writes,
                          evaluate_options *o)
{
    enum { OPT_DATA = 256, OPT_SUMMARY, OPT_SUPPRESS, OPT_STRICT, OPT_PLUGIN_PATH, OPT_QUIET };
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"data", required_argument, NULL, OPT_DATA},
        {"output", required_argument, NULL, 'o'},
        {"summary", required_argument, NULL, OPT_SUMMARY},
        {"suppress", required_argument, NULL, OPT_SUPPRESS},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"plugin-path", required_argument, NULL, OPT_PLUGIN_PATH},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {0}};
    memset(o, 0, sizeof *o);
    o->plugin_dirs = calloc((size_t)argc, sizeof *o->plugin_dirs);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, writes ? "ho:" : "h", longopts, NULL)) != -1) {
        bool write_option = c == 'o' || c == OPT_SUMMARY || c == OPT_SUPPRESS || c == OPT_STRICT;
        if (write_option && !writes)
            c = '?';
        switch (c) {
        case 'h':
            fputs(usage, stdout);
            exit(EXIT_OK);
        case OPT_DATA:
            o->data_file = optarg;
            break;
        case 'o':
            o->book_file = optarg;
            break;
        case OPT_SUMMARY:
            o->summary_file = optarg;
            break;
        case OPT_SUPPRESS: {
            char *end;
            errno = 0;
            o->suppress = strtol(optarg, &end, 10);
            if (errno || *end || end == optarg || o->suppress < 0) {
                fprintf(stderr,
                        "thrive: --suppress expects a whole number of at least 0, "
                        "found '%s'\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        }
        case OPT_STRICT:
            o->strict = true;
            break;
        case OPT_PLUGIN_PATH:
            if (o->plugin_dirs)
                o->plugin_dirs[o->n_plugin_dirs++] = optarg;
            break;
        case OPT_QUIET:
            o->quiet = true;
            break;
        default:
            fputs(usage, stderr);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    o->model_file = argv[optind];
    if (writes && !o->data_file) {
        fprintf(stderr, "thrive: evaluate needs the case data: --data CASES.csv\n");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* Columns not in data.fields are named once (SPEC 4). */
static void note_ignored_columns(const results *r, const char *data_file)
{
    for (size_t i = 0; i < r->n_ignored_columns; i++)
        fprintf(stderr, "thrive: %s:1: note: column '%s' is not in data.fields; it is ignored\n",
                data_file, r->ignored_columns[i]);
}

/* How the case data are read: the progress line (SPEC 2) only on a
 * terminal, never with --quiet, updated every half second or every
 * THRIVE_PROGRESS_INTERVAL seconds (0: as often as it is looked at, every
 * 65,536 rows); THRIVE_THREADS=1 reads on one thread. */
static cases_options read_options(bool quiet)
{
    cases_options opt = {.progress = !quiet && isatty(STDERR_FILENO),
                         .progress_interval = 0.5,
                         .one_thread = getenv("THRIVE_THREADS") &&
                                       strcmp(getenv("THRIVE_THREADS"), "1") == 0};
    const char *env = getenv("THRIVE_PROGRESS_INTERVAL");
    char *end = NULL;
    double v = env && *env ? strtod(env, &end) : NAN;
    if (end && !*end && v >= 0 && v <= 3600)
        opt.progress_interval = v;
    return opt;
}

static void ignore_row(void *ctx, cell *row)
{
    (void)ctx;
    (void)row;
}

static int run_validate(int argc, char **argv)
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

typedef struct evaluation {
    plugin *p;
    measures *ms;
} evaluation;

/* Each accepted row: the plugin first (it sets its derived fields), then
 * the generic measures, whose expressions may use them. */
static void add_row(void *ctx, cell *row)
{
    evaluation *ev = ctx;
    plugin_row(ev->p, row);
    measures_add_row(ev->ms, row);
}

static int run_evaluate(int argc, char **argv)
{
    evaluate_options o;
    int status = parse_evaluate(argc, argv, evaluate_usage, true, &o);
    if (status != EXIT_OK) {
        free(o.plugin_dirs);
        return status;
    }
    model *m;
    plugin *p;
    status = load_model_and_plugin(o.model_file, o.plugin_dirs, o.n_plugin_dirs, &m, &p);
    if (status != EXIT_OK) {
        free(o.plugin_dirs);
        return status;
    }
    results r = {.model_file = o.model_file,
                 .data_file = o.data_file,
                 .suppress = o.suppress,
                 .strict = o.strict,
                 .generated = time(NULL)};
    if (hash_file_sha256(o.model_file, r.model_sha256) != 0)
        r.model_sha256[0] = '\0';
    measures *ms = measures_new(m);
    cases_options copt = read_options(o.quiet);
    evaluation ev = {p, ms};
    status = !ms ? EXIT_DATA : plugin_start(p, model_total_cost(m));
    if (status == EXIT_OK)
        status = cases_read(o.data_file, m, &copt, add_row, &ev, &r);
    if (status == EXIT_OK) {
        note_ignored_columns(&r, o.data_file);
        measures_finish(ms, &r);
        status = plugin_finish(p, &r);
    }
    if (status == EXIT_OK) {
        if (o.book_file)
            status = book_write(&r, o.book_file);
        if (status == EXIT_OK && o.summary_file)
            status = summary_write(&r, o.summary_file);
        if (status == EXIT_OK && o.strict && r.rows_rejected > 0) {
            fprintf(stderr, "thrive: %s: %lld of %lld rows rejected (--strict)\n", o.data_file,
                    r.rows_rejected, r.rows_read);
            status = EXIT_REJECTED;
        }
    }
    if (status == EXIT_OK || status == EXIT_REJECTED) {
        fprintf(stderr, "thrive: %s: %lld rows read, %lld accepted, %lld rejected", o.data_file,
                r.rows_read, r.rows_accepted, r.rows_rejected);
        if (r.rows_rejected && o.book_file)
            fprintf(stderr, " (listed on the Data quality sheet of %s)", o.book_file);
        else if (r.rows_rejected)
            fprintf(stderr, " (thrive validate %s --data %s lists them)", o.model_file,
                    o.data_file);
        fputc('\n', stderr);
    }
    measures_free(ms);
    results_free(&r);
    plugin_unload(p);
    model_free(m);
    free(o.plugin_dirs);
    return status;
}

static const char plugins_usage[] =
    "Usage: thrive plugins [--plugin-path DIR]...\n"
    "List the plugins found: name, version, plugin ABI, title and file.\n"
    "Directories are searched in this order: each --plugin-path DIR, then\n"
    "THRIVE_PLUGIN_PATH (colon-separated), then the installed plugin directory.\n"
    "Exit status 5 when no usable plugin is found.\n";

static int run_plugins(int argc, char **argv)
{
    enum { OPT_PLUGIN_PATH = 256 };
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"plugin-path", required_argument, NULL, OPT_PLUGIN_PATH},
        {0}};
    char **dirs = calloc((size_t)argc, sizeof *dirs);
    size_t n_dirs = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(plugins_usage, stdout);
            free(dirs);
            return EXIT_OK;
        case OPT_PLUGIN_PATH:
            if (dirs)
                dirs[n_dirs++] = optarg;
            break;
        default:
            fputs(plugins_usage, stderr);
            free(dirs);
            return EXIT_USAGE;
        }
    }
    if (optind != argc) {
        fputs(plugins_usage, stderr);
        free(dirs);
        return EXIT_USAGE;
    }
    plugin_path pp;
    plugin_path_init(&pp, dirs, n_dirs);
    int status = plugins_list(&pp, stdout);
    plugin_path_free(&pp);
    free(dirs);
    return status;
}

static const command commands[] = {
    {"plugins", plugins_usage, run_plugins},
    {"evaluate", evaluate_usage, run_evaluate},
    {"validate", validate_usage, run_validate},
    {"diagram", diagram_usage, run_diagram},
};

static void usage(FILE *out)
{
    fputs("Usage: thrive COMMAND [OPTIONS]\n"
          "Evaluate a social intervention from its logic model and case data.\n\n"
          "Commands:\n"
          "  evaluate MODEL.yaml --data CASES.csv [-o BOOK.xlsx] [--summary FILE.json]\n"
          "                                    evaluate a model against its case data\n"
          "  validate MODEL.yaml [--data CASES.csv]\n"
          "                                    check a model, and its data, writing nothing\n"
          "  diagram MODEL.yaml [-o FILE.dot]  the model as a Graphviz graph\n"
          "  plugins [--plugin-path DIR]...    list the plugins found\n\n"
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
        printf("thrive %s (plugin ABI %d)\n", PACKAGE_VERSION, THRIVE_PLUGIN_ABI);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "thrive: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
