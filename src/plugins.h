/* plugins.h - the plugin host: find, load, check and drive one plugin.
 *
 * Plugins are libtool modules loaded with libltdl; each exports a
 * thrive_plugin descriptor (include/thrive/plugin.h).  Search order
 * (docs/manual/plugins.md): each --plugin-path, then THRIVE_PLUGIN_PATH (colon-separated),
 * then the installed plugin directory; a thrive run from its build tree
 * also finds the in-tree plugins.
 */
#ifndef THRIVE_PLUGINS_H
#define THRIVE_PLUGINS_H

#include <stdbool.h>
#include <stdio.h>

#include "cell.h"
#include "diag.h"
#include "error.h"
#include "model.h"
#include "results.h"

typedef struct plugin plugin;

/* The directories to search, in order: EXTRA (from --plugin-path), then
 * THRIVE_PLUGIN_PATH (colon-separated), then - only when the running
 * program is inside the build tree - the build tree's plugins/, then the
 * installed plugin directory.  Duplicates are dropped. */
typedef struct plugin_path {
    char **dirs;
    size_t n;
} plugin_path;

/* THRIVE_OK, or THRIVE_ERROR_NOMEM with PP empty. */
thrive_error plugin_path_init(plugin_path *pp, char *const *extra, size_t n_extra);
void plugin_path_free(plugin_path *pp);


/* Load the plugin NAME into *OUT, asked for at FILE:LINE:COL (the model's
 * `pilot:`; FILE NULL when there is no model).  THRIVE_ERROR_PLUGIN after
 * a diag in DL naming the directories searched (missing), the module and
 * both ABI numbers (mismatch), or the module and the missing symbol;
 * THRIVE_ERROR_NOMEM. */
thrive_error plugin_load(const char *name, const plugin_path *pp, const char *file, int line,
                         int col, diag_list *dl, plugin **out);

const char *plugin_name(const plugin *p);
const char *plugin_version(const plugin *p);
/* The module file loaded (NAME.la or NAME.so in one of the directories). */
const char *plugin_file(const plugin *p);

/* Let the plugin check model M and declare derived fields; its complaints
 * are recorded in DL as model errors.  Call before model_resolve().
 * THRIVE_OK, THRIVE_ERROR_MODEL or THRIVE_ERROR_NOMEM. */
thrive_error plugin_check(plugin *p, model *m, diag_list *dl);

/* Streaming: start before the first row, row for every accepted row (the
 * cells of every field, derived ones included, which it may set: ROW has
 * m->n_fields cells; the plugin's derived fields are reset to missing
 * first), finish to add its measures and tables to R (and to set
 * R->plugin_name and R->plugin_version, which point into P: write the
 * outputs before plugin_unload).  What the plugin says from start to
 * finish goes to the DL given to start (so it must outlive the rows) and
 * then to finish's.  start and finish return THRIVE_OK,
 * THRIVE_ERROR_PLUGIN (the plugin failed; so does finish after a failed
 * row) or THRIVE_ERROR_NOMEM.  Call plugin_row before the generic measures
 * see the row, so expressions may use derived fields. */
thrive_error plugin_start(plugin *p, double total_cost, diag_list *dl);
void plugin_row(plugin *p, cell *row);
thrive_error plugin_finish(plugin *p, results *r, diag_list *dl);

/* Stop the plugin: its stop callback, while the model it checked is still
 * there; its state freed.  Once only (later calls do nothing). */
void plugin_stop(plugin *p);

/* Stop the plugin if it is not yet, and unload its module (NULL is fine).
 * Call it on every path after plugin_load succeeded, errors included. */
void plugin_unload(plugin *p);

/* `thrive plugins`: print name, version, ABI, title and file of every
 * plugin found on PP (*.la files, and *.so files without a .la), those
 * that cannot be used with the reason; returns THRIVE_OK, or
 * THRIVE_ERROR_PLUGIN when no usable plugin was found (said in DL), or
 * THRIVE_ERROR_NOMEM. */
thrive_error plugins_list(const plugin_path *pp, FILE *out, diag_list *dl);

/* Whether the running program is the one in its build tree (which then
 * uses the plugins and man pages built beside it). */
bool thrive_running_from_build_tree(void);

#endif
