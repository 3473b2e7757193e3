/* plugin_int.h - what the plugin loader (plugins.c) and the host table
 * (plugin_host.c) share; nothing outside those two files includes it. */
#ifndef THRIVE_PLUGIN_INT_H
#define THRIVE_PLUGIN_INT_H

#include <ltdl.h>
#include <stdbool.h>

#include "expr.h"
#include "plugins.h"
#include "thrive/plugin.h"

/* A condition a plugin asked for: parsed when its check returns. */
typedef struct plugin_cond {
    const ynode *node;
    expr *e;
} plugin_cond;

struct thrive_ctx {
    plugin *p;
    model *m;
    diag_list *dl; /* in check */
    results *r;    /* in finish */
    double total_cost;
    void *state;
    long *derived; /* indexes of the fields this plugin declared */
    size_t n_derived;
    plugin_cond *conds;
    size_t n_conds;
    enum { PHASE_LOADED, PHASE_CHECK, PHASE_CHECKED, PHASE_RUN, PHASE_FINISH, PHASE_DONE } phase;
    bool failed; /* an error after check: the run fails (exit 5) */
    bool stopped;
    bool nomem; /* an allocation failed: the run fails as out of memory */
};

struct thrive_row {
    cell *cells;
    size_t n;
    thrive_ctx *ctx;
};

struct plugin {
    lt_dlhandle handle;
    char *file; /* the module file opened, for messages */
    char *name, *version;
    const thrive_plugin *desc;
    thrive_ctx ctx;
};

/* The table of functions handed to every callback (plugin_host.c). */
extern const thrive_host plugin_host;

/* The position in the model of NODE, or of the plugin's section (or its
 * pilot: line) when NODE is NULL. */
void plugin_where(const thrive_ctx *ctx, const thrive_node *node, int *line, int *col);

#endif
