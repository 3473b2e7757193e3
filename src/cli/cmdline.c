/* cmdline.c - command-line parts shared by the sub-commands (see cmdline.h). */
#include "config.h"

#include "cmdline.h"

#include <errno.h>
#include <stddef.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "diag.h"
#include "recode.h"

enum {
    OPT_DATA = 256,
    OPT_SUMMARY,
    OPT_SUPPRESS,
    OPT_STRICT,
    OPT_PLUGIN_PATH,
    OPT_QUIET,
    OPT_HTML,
    OPT_MAX_REJECTED,
    OPT_DELIMITER,
    OPT_ENCODING
};

/* What is wrong with the option ARG that getopt could not take (C: '?'
 * unknown, ':' without its argument), and the option nearest to it. */
static void say_bad_option(const cmdline *cl, int c, const char *arg)
{
    if (c == ':') {
        fprintf(stderr, "thrive: %s: option '%s' needs a value (thrive %s --help)\n", cl->command,
                arg, cl->command);
        return;
    }
    char word[64];
    size_t n = strspn(arg, "-");
    snprintf(word, sizeof word, "%.*s", (int)strcspn(arg + n, "="), arg + n);
    size_t n_opts = 0;
    while (cl->longopts[n_opts].name)
        n_opts++;
    const char *hint = strlen(word) > 1
                           ? diag_suggest_member(word, cl->longopts, n_opts, sizeof *cl->longopts,
                                                 offsetof(struct option, name))
                           : NULL;
    if (hint)
        fprintf(stderr, "thrive: %s: unknown option '%s' (did you mean '--%s'?)\n", cl->command,
                arg, hint);
    else
        fprintf(stderr, "thrive: %s: unknown option '%s' (thrive %s --help lists them)\n",
                cl->command, arg, cl->command);
}

/* The element of ARGV that holds the short option OPT getopt just took:
 * the current one, or the one before when OPT was its last letter. */
static const char *short_arg(int argc, char **argv, int opt)
{
    for (int i = optind; i >= optind - 1 && i >= 1; i--)
        if (i < argc && argv[i][0] == '-' && argv[i][1] != '-' && strchr(argv[i] + 1, opt))
            return argv[i];
    return "";
}

int cmdline_next(const cmdline *cl, int argc, char **argv)
{
    char shortopts[32];
    snprintf(shortopts, sizeof shortopts, ":h%s", cl->shortopts);
    opterr = 0;
    int c = getopt_long(argc, argv, shortopts, cl->longopts, NULL);
    if (c == 'h')
        fputs(cl->usage, stdout);
    if (c != '?' && c != ':')
        return c;
    const char *arg = optind > 1 && optind <= argc ? argv[optind - 1] : "";
    if (optopt > 0 && optopt < 128) { /* a short option: -x, or -summary for --summary */
        arg = short_arg(argc, argv, optopt);
        char letter[3] = {'-', (char)optopt, '\0'};
        bool whole = c == '?' && arg[1] == optopt && strlen(arg) > 2;
        say_bad_option(cl, c, whole ? arg : letter);
    } else
        say_bad_option(cl, c, arg);
    return '?';
}

int cmdline_check_book(const char *command, const char *option, const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base || strcasecmp(dot, ".xlsx") == 0)
        return EXIT_OK;
    fprintf(stderr,
            "thrive: %s: %s %s: the workbook is an Excel file, .xlsx: name it so (%.*s.xlsx)%s\n",
            command, option, path, (int)(dot - path), path,
            strcasecmp(dot, ".json") == 0 ? "; the JSON summary is --summary FILE.json"
            : strcasecmp(dot, ".csv") == 0
                ? "; thrive writes no CSV: the workbook holds every table"
            : strcasecmp(dot, ".html") == 0 ? "; the HTML report is --html FILE.html"
                                            : "");
    return EXIT_USAGE;
}

int cmdline_suppress(const char *arg, long *out)
{
    char *end;
    errno = 0;
    *out = strtol(arg, &end, 10);
    if (errno || *end || end == arg || *out < 0) {
        fprintf(stderr, "thrive: --suppress expects a whole number of at least 0, found '%s'\n",
                arg);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* --max-rejected F: a fraction from 0 to 1. */
static int parse_max_rejected(const char *arg, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(arg, &end);
    if (errno || *end || end == arg || !(*out >= 0 && *out <= 1)) {
        fprintf(stderr,
                "thrive: --max-rejected expects the largest share of rows that may be rejected, "
                "a fraction from 0 to 1 (0.05 for 5%%), found '%s'\n",
                arg);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* --delimiter C: one character, or the word tab. */
static int parse_delimiter(const char *arg, char *out)
{
    if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0) {
        *out = '\t';
        return EXIT_OK;
    }
    if (strlen(arg) != 1 || strchr("\"\r\n", arg[0])) {
        fprintf(stderr,
                "thrive: --delimiter expects one character (such as ';') or the word tab, "
                "found '%s'\n",
                arg);
        return EXIT_USAGE;
    }
    *out = arg[0];
    return EXIT_OK;
}

/* --encoding NAME: one iconv knows; UTF-8 itself needs no conversion. */
static int parse_encoding(const char *arg, const char **out)
{
    if (strcasecmp(arg, "UTF-8") == 0 || strcasecmp(arg, "UTF8") == 0) {
        *out = NULL;
        return EXIT_OK;
    }
    if (!recode_known(arg)) {
        fprintf(stderr,
                "thrive: --encoding: '%s' is not an encoding this system can convert from "
                "(try WINDOWS-1252 or ISO-8859-1; `iconv -l` lists them)\n",
                arg);
        return EXIT_USAGE;
    }
    *out = arg;
    return EXIT_OK;
}

/* Take option C (its argument in optarg) into O; the exit status. */
static int take_option(int c, evaluate_options *o)
{
    evaluation_options *ev = &o->ev;
    switch (c) {
    case 'h':
        exit(EXIT_OK);
    case OPT_DATA:
        ev->data_file = optarg;
        return EXIT_OK;
    case 'o':
        o->book_file = optarg;
        return EXIT_OK;
    case OPT_SUMMARY:
        o->summary_file = optarg;
        return EXIT_OK;
    case OPT_HTML:
        o->html_file = optarg;
        return EXIT_OK;
    case OPT_SUPPRESS:
        return cmdline_suppress(optarg, &ev->suppress);
    case OPT_STRICT:
        ev->strict = true;
        return EXIT_OK;
    case OPT_PLUGIN_PATH:
        o->plugin_dirs[ev->n_plugin_dirs++] = optarg;
        return EXIT_OK;
    case OPT_QUIET:
        o->quiet = true;
        return EXIT_OK;
    case OPT_MAX_REJECTED:
        return parse_max_rejected(optarg, &o->max_rejected);
    case OPT_DELIMITER:
        return parse_delimiter(optarg, &o->delimiter);
    case OPT_ENCODING:
        return parse_encoding(optarg, &o->encoding);
    default:
        return EXIT_USAGE;
    }
}

/* An option of evaluate's that writes (its NAME in LONGOPTS), given to
 * validate. */
static int refuse_write_option(int c, const struct option *longopts)
{
    const char *name = "-o";
    for (size_t i = 0; longopts[i].name; i++)
        if (longopts[i].val == c && c != 'o')
            name = longopts[i].name;
    fprintf(stderr,
            "thrive: validate: %s%s is an option of evaluate: validate writes nothing, and only "
            "checks\n",
            c == 'o' ? "" : "--", name);
    return EXIT_USAGE;
}

/* Parse the options of evaluate (and validate, which takes a subset). */
int parse_evaluate(int argc, char **argv, const char *usage, bool writes, evaluate_options *o)
{
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
        {"max-rejected", required_argument, NULL, OPT_MAX_REJECTED},
        {"delimiter", required_argument, NULL, OPT_DELIMITER},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {0}};
    memset(o, 0, sizeof *o);
    o->max_rejected = -1;
    o->plugin_dirs = calloc((size_t)argc, sizeof *o->plugin_dirs);
    if (!o->plugin_dirs) {
        fprintf(stderr, "thrive: %s\n", thrive_strerror(THRIVE_ERROR_NOMEM));
        return thrive_exit_status(THRIVE_ERROR_NOMEM);
    }
    evaluation_options *ev = &o->ev;
    ev->plugin_dirs = o->plugin_dirs;
    const cmdline cl = {writes ? "evaluate" : "validate", usage, "o:", longopts};
    int c, status = EXIT_OK;
    optind = 1;
    while (status == EXIT_OK && (c = cmdline_next(&cl, argc, argv)) != -1) {
        bool write_option = c == 'o' || c == OPT_SUMMARY || c == OPT_SUPPRESS || c == OPT_HTML ||
                            c == OPT_MAX_REJECTED;
        status = write_option && !writes ? refuse_write_option(c, longopts) : take_option(c, o);
    }
    if (status != EXIT_OK)
        return status;
    if (argc - optind == 2 && !ev->data_file) {
        fprintf(stderr,
                "thrive: %s: '%s' after the model: name the case data with --data, as in\n"
                "  thrive %s %s --data %s\n",
                cl.command, argv[optind + 1], cl.command, argv[optind], argv[optind + 1]);
        return EXIT_USAGE;
    }
    if (argc - optind != 1) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    ev->model_file = argv[optind];
    if (writes && !ev->data_file) {
        fprintf(stderr, "thrive: evaluate needs the case data: --data CASES.csv\n");
        return EXIT_USAGE;
    }
    ev->read = read_options(o->quiet);
    ev->read.delimiter = o->delimiter;
    ev->read.encoding = o->encoding;
    ev->check_only = !writes;
    ev->draw_model = writes && o->book_file; /* for the workbook's Logic model sheet */
    return EXIT_OK;
}

int start_evaluation(int argc, char **argv, const char *usage, bool writes, evaluate_options *o,
                     evaluation **ev)
{
    *ev = NULL;
    int status = parse_evaluate(argc, argv, usage, writes, o);
    if (status == EXIT_OK)
        status = open_evaluation(o, ev);
    if (status != EXIT_OK) {
        free(o->plugin_dirs);
        o->plugin_dirs = NULL;
    }
    return status;
}

int open_evaluation(const evaluate_options *o, evaluation **ev)
{
    diag_list dl;
    diag_init(&dl);
    thrive_error e = evaluation_open(ev, &o->ev, &dl);
    diag_print(&dl, stderr);
    if (e == THRIVE_ERROR_MODEL && dl.n_errors > 1)
        fprintf(stderr, "thrive: %s: %zu errors\n", o->ev.model_file, dl.n_errors);
    diag_free(&dl);
    return thrive_exit_status(e);
}

int finish_command(diag_list *dl, thrive_error e)
{
    diag_print(dl, stderr);
    diag_free(dl);
    return thrive_exit_status(e);
}

/* How the case data are read: the progress line (docs/manual/commands.md) only on a
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
