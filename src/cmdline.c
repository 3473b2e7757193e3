/* cmdline.c - command-line parts shared by the sub-commands (see cmdline.h). */
#include "config.h"

#include "cmdline.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"

int load_model_and_plugin(const char *file, char *const *dirs, size_t n_dirs, model **m_out,
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

/* Parse the options of evaluate (and validate, which takes a subset). */
int parse_evaluate(int argc, char **argv, const char *usage, bool writes, evaluate_options *o)
{
    enum {
        OPT_DATA = 256,
        OPT_SUMMARY,
        OPT_SUPPRESS,
        OPT_STRICT,
        OPT_PLUGIN_PATH,
        OPT_QUIET,
        OPT_HTML
    };
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"data", required_argument, NULL, OPT_DATA},
        {"output", required_argument, NULL, 'o'},
        {"summary", required_argument, NULL, OPT_SUMMARY},
        {"suppress", required_argument, NULL, OPT_SUPPRESS},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"plugin-path", required_argument, NULL, OPT_PLUGIN_PATH},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"html", required_argument, NULL, OPT_HTML},
        {0}};
    memset(o, 0, sizeof *o);
    o->plugin_dirs = calloc((size_t)argc, sizeof *o->plugin_dirs);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, writes ? "ho:" : "h", longopts, NULL)) != -1) {
        bool write_option =
            c == 'o' || c == OPT_SUMMARY || c == OPT_SUPPRESS || c == OPT_STRICT || c == OPT_HTML;
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
        case OPT_HTML:
            o->html_file = optarg;
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
void note_ignored_columns(const results *r, const char *data_file)
{
    for (size_t i = 0; i < r->n_ignored_columns; i++)
        fprintf(stderr, "thrive: %s:1: note: column '%s' is not in data.fields; it is ignored\n",
                data_file, r->ignored_columns[i]);
}

/* How the case data are read: the progress line (SPEC 2) only on a
 * terminal, never with --quiet, updated every half second or every
 * THRIVE_PROGRESS_INTERVAL seconds (0: as often as it is looked at, every
 * 65,536 rows); THRIVE_THREADS=1 reads on one thread. */
cases_options read_options(bool quiet)
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
