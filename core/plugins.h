/* plugins.h - the plugin host: find, load, check and drive one plugin.
 *
 * Plugins are libtool modules loaded with libltdl; each exports a
 * thrive_plugin descriptor (include/thrive/plugin.h).  Search order
 * (SPEC 8): each --plugin-path, then THRIVE_PLUGIN_PATH (colon-separated),
 * then the installed plugin directory; a thrive run from its build tree
 * also finds the in-tree plugins.
 */
#ifndef THRIVE_PLUGINS_H
#define THRIVE_PLUGINS_H

#include <stdio.h>

#include "cell.h"
#include "diag.h"
#include "model.h"
#include "results.h"

typedef struct plugin plugin;

/* The directories to search, in order: EXTRA (from --plugin-path), then the
 * environment, then the installed directory (and the build tree's). */
typedef struct plugin_path {
    char **dirs;
    size_t n;
} plugin_path;

void plugin_path_init(plugin_path *pp, char *const *extra, size_t n_extra);
void plugin_path_free(plugin_path *pp);

/* Load the plugin NAME.  NULL after a message naming the directories
 * searched (missing), the file and both ABI numbers (mismatch), or the
 * file and the missing symbol; the caller exits with EXIT_PLUGIN. */
plugin *plugin_load(const char *name, const plugin_path *pp);

const char *plugin_name(const plugin *p);
const char *plugin_version(const plugin *p);

/* Let the plugin check model M and declare derived fields; its complaints
 * are recorded in DL as model errors.  Call before model_resolve(). */
void plugin_check(plugin *p, model *m, diag_list *dl);

/* Streaming: start before the first row, row for every accepted row (the
 * cells of every field, derived ones included, which it may set), finish
 * to add its measures and tables to R. */
int plugin_start(plugin *p, double total_cost);
void plugin_row(plugin *p, cell *row);
int plugin_finish(plugin *p, results *r);

/* Stop the plugin and unload it (NULL is fine). */
void plugin_unload(plugin *p);

/* `thrive plugins`: print name, version, ABI, title and file of every
 * plugin found on PP; returns an exit status. */
int plugins_list(const plugin_path *pp, FILE *out);

#endif
