/* programme.h - the programme file of `thrive compare`: which sites are
 * compared, each evaluated here (a logic model and its case data, with
 * input costs replaced and a row filter) or read from its own summary.
 *
 * programme_load() reads the YAML file and checks it like a model: every
 * problem is recorded in the caller's diag_list with its line and column,
 * unknown keys get a "did you mean" hint, and the walk goes on so that
 * one run shows every mistake.  What needs a site's model (input ids named
 * by `costs`, fields named by `where`) or its summary (currency,
 * sufficient statistics) is checked when the site is read: see site.h.
 */
#ifndef THRIVE_PROGRAMME_H
#define THRIVE_PROGRAMME_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "error.h"
#include "hash.h"
#include "ynode.h"

/* An input whose cost the site replaces. */
typedef struct cost_override {
    char *input_id;
    double cost;
    int line, col; /* of the input id (the key) */
} cost_override;

typedef struct programme_site {
    char *name;
    bool from_summary; /* `summary:`; otherwise `model:` and `data:` */
    /* Paths as written, and resolved against the programme's directory. */
    char *model_as_written, *data_as_written, *summary_as_written;
    char *model_path, *data_path, *summary_path;
    cost_override *costs;
    size_t n_costs;
    char *where; /* the row filter's source, or NULL */
    /* Positions, for errors found later: the site item, and each key's
     * value (0 when absent). */
    int line, col;
    int model_line, model_col, data_line, data_col, summary_line, summary_col;
    int where_line, where_col;
    const ynode *where_node; /* for positions inside the filter; valid
                                while the programme is loaded */
} programme_site;

typedef struct programme {
    char *file; /* as given */
    char sha256[HASH_HEX_SIZE];
    ynode *root;
    char *id, *title;
    programme_site *sites;
    size_t n_sites;
} programme;

/* Load and check PROGRAMME.yaml.  THRIVE_OK with *OUT set;
 * THRIVE_ERROR_MODEL when a rule is broken (every problem in DL; *OUT is
 * NULL); THRIVE_ERROR_NOMEM. */
thrive_error programme_load(const char *file, diag_list *dl, programme **out);

void programme_free(programme *p);

#endif
