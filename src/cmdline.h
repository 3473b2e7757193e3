/* cmdline.h - command-line parts shared by the sub-commands: the options
 * of evaluate and validate, and how a run's settings are read from the
 * environment.  Part of the program, not of the core library. */
#ifndef THRIVE_CMDLINE_H
#define THRIVE_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "cases.h"
#include "model.h"
#include "plugins.h"
#include "results.h"

typedef struct evaluate_options {
    const char *model_file, *data_file, *book_file, *summary_file;
    const char *html_file; /* --html: the report, made from the summary */
    long suppress;
    bool strict, quiet;
    char **plugin_dirs; /* free() it, whatever parse_evaluate returned */
    size_t n_plugin_dirs;
} evaluate_options;

/* Parse the options of evaluate (WRITES) or validate (a subset), printing
 * USAGE on --help (and exiting) or on a mistake.  Returns EXIT_OK or
 * EXIT_USAGE. */
int parse_evaluate(int argc, char **argv, const char *usage, bool writes, evaluate_options *o);

/* Load model FILE and its plugin (searched for on DIRS, then the
 * environment and the installed directory), let the plugin check the model
 * and declare its derived fields, then resolve.  Prints every error.
 * Returns EXIT_OK with *M and *P set, EXIT_MODEL or EXIT_PLUGIN. */
int load_model_and_plugin(const char *file, char *const *dirs, size_t n_dirs, model **m_out,
                          plugin **p_out);

/* How the case data are read, from the terminal and the environment. */
cases_options read_options(bool quiet);

/* Name the columns of DATA_FILE not in data.fields, once each. */
void note_ignored_columns(const results *r, const char *data_file);

#endif
