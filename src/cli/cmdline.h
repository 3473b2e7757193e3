/* cmdline.h - command-line parts shared by the sub-commands: the options
 * of evaluate and validate, and how a run's settings are read from the
 * environment.  Part of the program, not of the core library: these print. */
#ifndef THRIVE_CMDLINE_H
#define THRIVE_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "cases.h"
#include "diag.h"
#include "evaluation.h"

struct option;

/* One command's command line, for the options every command parses the
 * same way. */
typedef struct cmdline {
    const char *command;           /* "evaluate", for messages */
    const char *usage;             /* printed by --help */
    const char *shortopts;         /* as getopt's, without 'h' ("o:") */
    const struct option *longopts; /* with {"help", no_argument, NULL, 'h'} */
} cmdline;

/* The next option of ARGV, as getopt_long gives it (set optind to 1
 * first), or -1 after the last.  'h' after printing the usage on stdout;
 * '?' after printing what is wrong with the option, as
 * "thrive: COMMAND: unknown option '--sumary' (did you mean '--summary'?)",
 * for the caller to return EXIT_USAGE. */
int cmdline_next(const cmdline *cl, int argc, char **argv);

/* The workbook's file name PATH is refused (EXIT_USAGE, after a message)
 * when it ends in another extension than .xlsx: a name without one, "-"
 * and /dev/null are taken. */
int cmdline_check_book(const char *command, const char *option, const char *path);

/* --suppress N: a whole number of at least 0 into *OUT; else EXIT_USAGE,
 * after a message. */
int cmdline_suppress(const char *arg, long *out);

typedef struct evaluate_options {
    evaluation_options ev; /* model, data, plugin path, suppress, strict, reading */
    const char *book_file, *summary_file;
    const char *html_file; /* --html: the report, made from the summary */
    bool quiet;
    double max_rejected;  /* --max-rejected: the largest share of rows rejected; < 0 none */
    char delimiter;       /* --delimiter, 0 for ',' */
    const char *encoding; /* --encoding, NULL for UTF-8 */
    char **plugin_dirs;   /* ev.plugin_dirs, to free() whatever parse_evaluate returned */
} evaluate_options;

/* Parse the options of evaluate (WRITES) or validate (a subset), printing
 * USAGE on --help (and exiting) or on a mistake.  Returns the exit status:
 * EXIT_OK, EXIT_USAGE, or that of THRIVE_ERROR_NOMEM. */
int parse_evaluate(int argc, char **argv, const char *usage, bool writes, evaluate_options *o);

/* parse_evaluate, then open_evaluation: the exit status, with *EV open
 * (and O->plugin_dirs to free) when it is EXIT_OK. */
int start_evaluation(int argc, char **argv, const char *usage, bool writes, evaluate_options *o,
                     evaluation **ev);

/* Open the evaluation of O into *EV, printing every diag; the exit status
 * (EXIT_OK with *EV set). */
int open_evaluation(const evaluate_options *o, evaluation **ev);

/* Print DL to stderr, free it, and return the exit status for E. */
int finish_command(diag_list *dl, thrive_error e);

/* How the case data are read, from the terminal and the environment. */
cases_options read_options(bool quiet);

#endif
