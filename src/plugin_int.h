/* plugin_int.h - what the plugin loader (plugins.c) and the host table
 * (plugin_host.c, plugin_results.c) share; nothing else includes it. */
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
    diag_list *dl;  /* messages go here when set (in check at least) */
    diag_list held; /* messages said when no list was given, handed to the next */
    results *r;     /* in finish */
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

/* A model node as the plugin sees it, and back: thrive_node is never
 * defined, so a plugin cannot look inside. */
static inline const ynode *plugin_ynode(const thrive_node *n)
{
    return (const ynode *)n;
}

static inline const thrive_node *plugin_node(const ynode *y)
{
    return (const thrive_node *)y;
}

/* The table of functions handed to every callback (plugin_host.c). */
extern const thrive_host plugin_host;

/* The position in the model of NODE, or of the plugin's section (or its
 * pilot: line) when NODE is NULL. */
void plugin_where(const thrive_ctx *ctx, const thrive_node *node, int *line, int *col);

/* Report an error of the plugin at NODE (see thrive_host.error). */
void plugin_error(thrive_ctx *ctx, const thrive_node *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Whether TEXT (NULL: none, fine), which the plugin gives for WHAT ("the
 * label of measure 'x'"), is text a workbook can hold: UTF-8 without the
 * characters XML forbids; an error naming it when not. */
bool plugin_text_ok(thrive_ctx *ctx, const char *text, const char *what, const char *id);

/* The results members of the host table (plugin_results.c). */
void plugin_measure(thrive_ctx *ctx, const char *id, const char *label, double value,
                    thrive_format format);
void plugin_measure_of(thrive_ctx *ctx, const char *id, const char *label, double value,
                       thrive_format format, double n);
void plugin_measure_ratio(thrive_ctx *ctx, const char *id, const char *label, const char *num_id,
                          const char *den_id, thrive_format format);
void plugin_measure_cost_per(thrive_ctx *ctx, const char *id, const char *label,
                             const char *count_id);
void plugin_measure_per_cost(thrive_ctx *ctx, const char *id, const char *label,
                             const char *measure_id, thrive_format format);
int plugin_table(thrive_ctx *ctx, const char *id, const char *title, const thrive_column *cols,
                 size_t n_cols);
void plugin_add_row(thrive_ctx *ctx, int table, const char *label, const double *values,
                    size_t n_values);
void plugin_chart(thrive_ctx *ctx, int table, thrive_chart kind, const char *title,
                  const char *const *col_ids, size_t n);

#endif
