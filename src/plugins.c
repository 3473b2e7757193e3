/* plugins.c - the plugin host (see plugins.h and include/thrive/plugin.h).
 *
 * libltdl finds and opens the modules; this file adds what its messages
 * lack (lt_dlerror() says little more than "file not found"): the name
 * asked for, the directories searched, the file, the symbol, the ABI
 * numbers.  The thrive_host table below is the only way a plugin reaches
 * the core; every function checks its arguments, since a plugin's mistake
 * must give a message, not a crash.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "config.h"

#include "plugins.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <ltdl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expr.h"

#ifndef PLUGINDIR
#define PLUGINDIR "/usr/local/lib/thrive/plugins"
#endif
/* The extension of a module (defined by LT_SYS_MODULE_EXT when used). */
#ifndef LT_MODULE_EXT
#define LT_MODULE_EXT ".so"
#endif

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

/* ------------------------------------------------------------------ */
/* libltdl, initialised once per user (lt_dlinit counts its callers).  */

static bool ltdl_up(void)
{
    if (lt_dlinit() != 0) {
        const char *why = lt_dlerror();
        diag_say("thrive", 0, 0, "cannot initialise the plugin loader (libltdl): %s",
                 why ? why : "unknown error");
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* The search path.                                                    */

static void path_add(plugin_path *pp, const char *dir)
{
    if (!dir || !*dir)
        return;
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    for (size_t i = 0; i < pp->n; i++)
        if (strlen(pp->dirs[i]) == len && strncmp(pp->dirs[i], dir, len) == 0)
            return;
    char **dirs = realloc(pp->dirs, (pp->n + 1) * sizeof *dirs);
    if (!dirs)
        return;
    pp->dirs = dirs;
    char *d = strndup(dir, len);
    if (d)
        pp->dirs[pp->n++] = d;
}

/* True when the running program lives under the build tree BUILD_DIR. */
static bool running_from_build_tree(void)
{
#ifdef BUILD_DIR
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return false;
    exe[len] = '\0';
    char build[PATH_MAX];
    if (!realpath(BUILD_DIR, build))
        return false;
    size_t n = strlen(build);
    return strncmp(exe, build, n) == 0 && (exe[n] == '/' || (n > 0 && build[n - 1] == '/'));
#else
    return false;
#endif
}

void plugin_path_init(plugin_path *pp, char *const *extra, size_t n_extra)
{
    pp->dirs = NULL;
    pp->n = 0;
    for (size_t i = 0; i < n_extra; i++)
        path_add(pp, extra[i]);
    const char *env = getenv("THRIVE_PLUGIN_PATH");
    if (env) {
        char *copy = strdup(env), *save = NULL;
        for (char *d = copy ? strtok_r(copy, ":", &save) : NULL; d; d = strtok_r(NULL, ":", &save))
            path_add(pp, d);
        free(copy);
    }
    /* A thrive run from its build tree uses the plugins built beside it,
     * before any installed copy (which may be older). */
#ifdef BUILD_PLUGINDIR
    if (running_from_build_tree())
        path_add(pp, BUILD_PLUGINDIR);
#endif
    path_add(pp, PLUGINDIR);
}

void plugin_path_free(plugin_path *pp)
{
    for (size_t i = 0; i < pp->n; i++)
        free(pp->dirs[i]);
    free(pp->dirs);
    pp->dirs = NULL;
    pp->n = 0;
}

/* "DIR1, DIR2, ..." */
static char *path_list(const plugin_path *pp)
{
    size_t len = sizeof "(no directory)";
    for (size_t i = 0; i < pp->n; i++)
        len += strlen(pp->dirs[i]) + 2;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < pp->n; i++) {
        if (i)
            strcat(s, ", ");
        strcat(s, pp->dirs[i]);
    }
    if (pp->n == 0)
        strcpy(s, "(no directory)");
    return s;
}

/* ------------------------------------------------------------------ */
/* Finding and opening a module.                                       */

static char *join(const char *dir, const char *base, const char *ext)
{
    size_t len = strlen(dir) + 1 + strlen(base) + strlen(ext) + 1;
    char *s = malloc(len);
    if (s)
        snprintf(s, len, "%s/%s%s", dir, base, ext);
    return s;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The module file for plugin NAME in DIR (NAME.la, else NAME + LT_MODULE_EXT),
 * or NULL. */
static char *module_file(const char *dir, const char *module)
{
    static const char *const exts[] = {".la", LT_MODULE_EXT};
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        char *f = join(dir, module, exts[i]);
        if (f && is_file(f))
            return f;
        free(f);
    }
    return NULL;
}

/* "school-gates" -> "school_gates": module files use C identifiers. */
static char *module_name(const char *name)
{
    char *s = strdup(name);
    for (char *c = s; c && *c; c++)
        if (*c == '-')
            *c = '_';
    return s;
}

bool plugin_name_valid(const char *name)
{
    if (!name || !*name)
        return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
            return false;
    return true;
}

/* Open FILE and find its descriptor; prints the reason and returns NULL
 * when it cannot be used.  NAME (may be NULL) is the plugin asked for. */
static const thrive_plugin *open_module(const char *file, const char *name, lt_dlhandle *out)
{
    *out = NULL;
    lt_dlhandle h = lt_dlopen(file);
    if (!h) {
        const char *why = lt_dlerror();
        diag_say(file, 0, 0,
                 "cannot load plugin%s%s%s: %s (use ldd(1) on the module to check its "
                 "dependencies)",
                 name ? " '" : "", name ? name : "", name ? "'" : "", why ? why : "unknown error");
        return NULL;
    }
    const thrive_plugin *d = lt_dlsym(h, THRIVE_PLUGIN_SYMBOL);
    if (!d) {
        char *base = strrchr(file, '/') ? strdup(strrchr(file, '/') + 1) : strdup(file);
        char *dot = base ? strchr(base, '.') : NULL;
        if (dot)
            *dot = '\0';
        diag_say(file, 0, 0,
                 "not a thrive plugin: it exports neither '%s_LTX_%s' nor '%s'; define its "
                 "descriptor with THRIVE_PLUGIN_EXPORT(%s) from <thrive/plugin.h>",
                 base ? base : "MODULE", THRIVE_PLUGIN_SYMBOL, THRIVE_PLUGIN_SYMBOL,
                 base ? base : "MODULE");
        free(base);
        lt_dlclose(h);
        return NULL;
    }
    /* Only `abi` is read before the ABI is known to match: it is the first
     * member in every ABI. */
    if (d->abi != THRIVE_PLUGIN_ABI) {
        diag_say(file, 0, 0,
                 "plugin '%s' was built for plugin ABI %d but this thrive has ABI %d; "
                 "rebuild it against thrive-plugin %d",
                 name ? name : "?", d->abi, THRIVE_PLUGIN_ABI, THRIVE_PLUGIN_ABI);
        lt_dlclose(h);
        return NULL;
    }
    if (!d->name || !d->version) {
        diag_say(file, 0, 0, "plugin descriptor has no %s; set .name and .version",
                 d->name ? "version" : "name");
        lt_dlclose(h);
        return NULL;
    }
    *out = h;
    return d;
}

/* Names of the plugins in the search path: module stems of *.la and *.so
 * files, with '_' shown as '-'.  Returns how many, in *OUT (to free). */
static size_t scan_names(const plugin_path *pp, char ***out)
{
    char **names = NULL;
    size_t n = 0;
    for (size_t i = 0; i < pp->n; i++) {
        DIR *dir = opendir(pp->dirs[i]);
        if (!dir)
            continue;
        struct dirent *e;
        while ((e = readdir(dir))) {
            const char *dot = strrchr(e->d_name, '.');
            if (!dot || dot == e->d_name ||
                (strcmp(dot, ".la") != 0 && strcmp(dot, LT_MODULE_EXT) != 0))
                continue;
            char *stem = strndup(e->d_name, (size_t)(dot - e->d_name));
            if (!stem)
                continue;
            for (char *c = stem; *c; c++)
                if (*c == '_')
                    *c = '-';
            bool dup = false;
            for (size_t j = 0; j < n && !dup; j++)
                dup = strcmp(names[j], stem) == 0;
            char **grown = dup ? NULL : realloc(names, (n + 1) * sizeof *names);
            if (grown) {
                names = grown;
                names[n++] = stem;
            } else {
                free(stem);
            }
        }
        closedir(dir);
    }
    *out = names;
    return n;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static void report_missing(const char *name, const plugin_path *pp, const char *file, int line,
                           int col)
{
    char *dirs = path_list(pp);
    char **names;
    size_t n = scan_names(pp, &names);
    const char *hint = diag_suggest(name, (const char *const *)names, n);
    if (hint)
        diag_say(file ? file : name, line, col,
                 "no plugin '%s' found (did you mean '%s'?); searched: %s", name, hint,
                 dirs ? dirs : "");
    else
        diag_say(file ? file : name, line, col,
                 "no plugin '%s' found; searched: %s (add a directory with --plugin-path DIR "
                 "or THRIVE_PLUGIN_PATH)",
                 name, dirs ? dirs : "");
    free_names(names, n);
    free(dirs);
}

plugin *plugin_load(const char *name, const plugin_path *pp, const char *file, int line, int col)
{
    if (!plugin_name_valid(name)) {
        diag_say(file ? file : name ? name : "thrive", line, col,
                 "'%s' is not a plugin name (letters, digits and '-')", name ? name : "");
        return NULL;
    }
    if (!ltdl_up())
        return NULL;
    char *module = module_name(name);
    char *module_path = NULL;
    for (size_t i = 0; module && !module_path && i < pp->n; i++)
        module_path = module_file(pp->dirs[i], module);
    free(module);
    if (!module_path) {
        report_missing(name, pp, file, line, col);
        lt_dlexit();
        return NULL;
    }
    lt_dlhandle h;
    const thrive_plugin *d = open_module(module_path, name, &h);
    if (d && strcmp(d->name, name) != 0) {
        diag_say(module_path, 0, 0,
                 "this module is plugin '%s', not '%s'; rename the file or fix the "
                 "descriptor's .name",
                 d->name, name);
        lt_dlclose(h);
        d = NULL;
    }
    plugin *p = d ? calloc(1, sizeof *p) : NULL;
    if (p) {
        p->handle = h;
        p->file = module_path;
        p->desc = d;
        p->name = strdup(d->name);
        p->version = strdup(d->version);
        p->ctx.p = p;
        p->ctx.total_cost = NAN;
        p->ctx.state = calloc(1, d->state_size ? d->state_size : 1);
        if (!p->name || !p->version || !p->ctx.state) {
            diag_say(module_path, 0, 0, "out of memory loading plugin '%s'", name);
            p->ctx.stopped = true; /* nothing started */
            plugin_unload(p);
            return NULL;
        }
        return p;
    }
    if (d)
        lt_dlclose(h);
    free(module_path);
    lt_dlexit();
    return NULL;
}

const char *plugin_name(const plugin *p)
{
    return p ? p->name : NULL;
}

const char *plugin_version(const plugin *p)
{
    return p ? p->version : NULL;
}

const char *plugin_file(const plugin *p)
{
    return p ? p->file : NULL;
}

/* ------------------------------------------------------------------ */
/* The host table.                                                     */

static const ynode *pilot_node(const thrive_ctx *ctx)
{
    return ctx->m && ctx->m->root ? ynode_get(ctx->m->root, "pilot") : NULL;
}

static void where(const thrive_ctx *ctx, const thrive_node *node, int *line, int *col)
{
    const ynode *n = node;
    if (!n && ctx->m && ctx->m->root)
        n = ynode_get(ctx->m->root, ctx->p->name);
    if (!n)
        n = pilot_node(ctx);
    *line = n ? n->line : 0;
    *col = n ? n->col : 0;
}

static void host_verror(thrive_ctx *ctx, const thrive_node *node, const char *fmt, va_list ap)
{
    if (!ctx)
        return;
    int line, col;
    where(ctx, node, &line, &col);
    const char *file = ctx->m ? ctx->m->file : ctx->p->file;
    if (ctx->phase == PHASE_CHECK && ctx->dl) {
        diag_verror(ctx->dl, file, line, col, fmt, ap);
        return;
    }
    /* After check: no list to add to; say it now and fail the run. */
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    diag_say(file, line, col, "plugin '%s': %s", ctx->p->name, msg);
    ctx->failed = true;
}

static void host_error(thrive_ctx *ctx, const thrive_node *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    host_verror(ctx, node, fmt, ap);
    va_end(ap);
}

static void host_note(thrive_ctx *ctx, const thrive_node *node, const char *fmt, ...)
{
    if (!ctx)
        return;
    int line, col;
    where(ctx, node, &line, &col);
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *file = ctx->m ? ctx->m->file : ctx->p->file;
    if (ctx->phase == PHASE_CHECK && ctx->dl)
        diag_note(ctx->dl, file, line, col, "%s", msg);
    else {
        fprintf(stderr, "thrive: %s", file);
        if (line > 0)
            fprintf(stderr, ":%d:%d", line, col);
        fprintf(stderr, ": note: %s\n", msg);
    }
}

static void *host_state(thrive_ctx *ctx)
{
    return ctx ? ctx->state : NULL;
}

static const thrive_node *host_section(thrive_ctx *ctx)
{
    return ctx && ctx->m ? ynode_get(ctx->m->root, ctx->p->name) : NULL;
}

static const thrive_node *host_root(thrive_ctx *ctx)
{
    return ctx && ctx->m ? ctx->m->root : NULL;
}

static thrive_node_kind host_node_kind(const thrive_node *n)
{
    if (!n)
        return THRIVE_NODE_SCALAR;
    return n->kind == YNODE_MAP   ? THRIVE_NODE_MAP
           : n->kind == YNODE_SEQ ? THRIVE_NODE_LIST
                                  : THRIVE_NODE_SCALAR;
}

static const thrive_node *host_node_get(const thrive_node *n, const char *key)
{
    return n && key ? ynode_get(n, key) : NULL;
}

static const char *host_node_text(const thrive_node *n)
{
    return n && n->kind == YNODE_SCALAR ? n->text : NULL;
}

static size_t host_node_count(const thrive_node *n)
{
    return n && n->kind != YNODE_SCALAR ? n->n : 0;
}

static const thrive_node *host_node_item(const thrive_node *n, size_t i)
{
    return n && n->kind != YNODE_SCALAR && i < n->n ? n->items[i] : NULL;
}

static const char *host_node_key(const thrive_node *n, size_t i)
{
    return n && n->kind == YNODE_MAP && i < n->n ? n->keys[i] : NULL;
}

static void host_node_pos(const thrive_node *n, int *line, int *col)
{
    if (line)
        *line = n ? n->line : 0;
    if (col)
        *col = n ? n->col : 0;
}

static size_t host_check_keys(thrive_ctx *ctx, const thrive_node *node, const char *const *allowed,
                              size_t n, const char *what)
{
    if (!ctx || !node || node->kind != YNODE_MAP)
        return 0;
    if (!allowed)
        n = 0;
    size_t unknown = 0;
    for (size_t i = 0; i < node->n; i++) {
        const char *key = node->keys[i];
        bool known = false;
        for (size_t j = 0; !known && j < n; j++)
            known = allowed[j] && strcmp(key, allowed[j]) == 0;
        if (known)
            continue;
        unknown++;
        /* Point at the key itself, not at its value. */
        ynode at = {.kind = YNODE_SCALAR, .line = node->key_lines[i], .col = node->key_cols[i]};
        const char *hint = diag_suggest(key, allowed, n);
        if (hint)
            host_error(ctx, &at, "unknown key '%s' in %s (did you mean '%s'?)", key,
                       what ? what : "the plugin's section", hint);
        else
            host_error(ctx, &at, "unknown key '%s' in %s", key,
                       what ? what : "the plugin's section");
    }
    return unknown;
}

/* thrive_type and field_type are the same list in the same order. */
_Static_assert((int)THRIVE_TEXT == (int)FIELD_TEXT && (int)THRIVE_INTEGER == (int)FIELD_INTEGER &&
                   (int)THRIVE_NUMBER == (int)FIELD_NUMBER && (int)THRIVE_DATE == (int)FIELD_DATE &&
                   (int)THRIVE_ENUM == (int)FIELD_ENUM,
               "thrive_type must mirror field_type");
static thrive_type to_thrive_type(field_type t)
{
    return (thrive_type)t;
}

static const char *type_word(thrive_type t)
{
    static const char *const words[] = {"text", "integer", "number", "date", "enum"};
    return (unsigned)t < 5 ? words[t] : "unknown";
}

static long host_field(thrive_ctx *ctx, const thrive_node *node, unsigned types)
{
    if (!ctx || !ctx->m)
        return -1;
    if (!node || node->kind != YNODE_SCALAR || !node->text || !*node->text) {
        host_error(ctx, node, "expected the name of a field declared in data.fields");
        return -1;
    }
    const model *m = ctx->m;
    long i = model_field_index(m, node->text);
    if (i < 0) {
        const char **names = calloc(m->n_fields ? m->n_fields : 1, sizeof *names);
        for (size_t j = 0; names && j < m->n_fields; j++)
            names[j] = m->fields[j].name;
        const char *hint = names ? diag_suggest(node->text, names, m->n_fields) : NULL;
        if (hint)
            host_error(ctx, node, "field '%s' is not declared in data.fields (did you mean '%s'?)",
                       node->text, hint);
        else
            host_error(ctx, node, "field '%s' is not declared in data.fields", node->text);
        free(names);
        return -1;
    }
    thrive_type t = to_thrive_type(m->fields[i].type);
    if (types && !(types & THRIVE_TYPES(t))) {
        char want[64] = "";
        for (int k = 0; k < 5; k++)
            if (types & THRIVE_TYPES(k)) {
                if (*want)
                    strcat(want, " or ");
                strcat(want, type_word((thrive_type)k));
            }
        host_error(ctx, node, "field '%s' is declared as %s, but %s is needed here", node->text,
                   type_word(t), want);
        return -1;
    }
    return i;
}

static long host_find_field(thrive_ctx *ctx, const char *name)
{
    return ctx && ctx->m && name ? model_field_index(ctx->m, name) : -1;
}

static thrive_type host_field_type(thrive_ctx *ctx, long f)
{
    if (!ctx || !ctx->m || f < 0 || (size_t)f >= ctx->m->n_fields)
        return THRIVE_TEXT;
    return to_thrive_type(ctx->m->fields[f].type);
}

static long host_derive(thrive_ctx *ctx, const char *name, thrive_type type)
{
    if (!ctx || !ctx->m)
        return -1;
    if (ctx->phase != PHASE_CHECK) {
        host_error(ctx, NULL, "derived field '%s' must be declared in check", name ? name : "");
        return -1;
    }
    if (!name || !*name || (unsigned)type > THRIVE_ENUM) {
        host_error(ctx, NULL, "a derived field needs a name and a type");
        return -1;
    }
    long *grown = realloc(ctx->derived, (ctx->n_derived + 1) * sizeof *grown);
    if (!grown)
        return -1;
    ctx->derived = grown;
    long i = model_add_field(ctx->m, name, (field_type)type);
    if (i < 0) {
        host_error(ctx, NULL,
                   "plugin '%s' adds the field '%s', but the model already declares a field "
                   "of that name; rename the column in data.fields",
                   ctx->p->name, name);
        return -1;
    }
    ctx->derived[ctx->n_derived++] = i;
    return i;
}

static int host_condition(thrive_ctx *ctx, const thrive_node *node)
{
    if (!ctx || ctx->phase != PHASE_CHECK) {
        if (ctx)
            host_error(ctx, node, "conditions must be declared in check");
        return -1;
    }
    if (!node || node->kind != YNODE_SCALAR || !node->text) {
        host_error(ctx, node, "expected a condition such as: exit_type == \"planned\"");
        return -1;
    }
    plugin_cond *grown = realloc(ctx->conds, (ctx->n_conds + 1) * sizeof *grown);
    if (!grown)
        return -1;
    ctx->conds = grown;
    ctx->conds[ctx->n_conds] = (plugin_cond){node, NULL};
    return (int)ctx->n_conds++;
}

static bool host_parse_date(const char *text, double *days)
{
    double d;
    if (!text || !cell_parse_date(text, strlen(text), &d))
        return false;
    if (days)
        *days = d;
    return true;
}

static double host_total_cost(thrive_ctx *ctx)
{
    return ctx ? ctx->total_cost : NAN;
}

static const cell *row_cell(const thrive_row *row, long f)
{
    if (!row || f < 0 || (size_t)f >= row->n)
        return NULL;
    return &row->cells[f];
}

static bool host_present(const thrive_row *row, long f)
{
    const cell *c = row_cell(row, f);
    return c && c->present;
}

static double host_number(const thrive_row *row, long f)
{
    const cell *c = row_cell(row, f);
    if (!c || !c->present)
        return NAN;
    field_type t = row->ctx->m->fields[f].type;
    return t == FIELD_INTEGER || t == FIELD_NUMBER || t == FIELD_DATE ? c->num : NAN;
}

static const char *host_text(const thrive_row *row, long f)
{
    const cell *c = row_cell(row, f);
    return c && c->present && c->str ? c->str : "";
}

static bool host_holds(const thrive_row *row, int cond)
{
    if (!row || cond < 0 || (size_t)cond >= row->ctx->n_conds || !row->ctx->conds[cond].e)
        return false;
    return expr_eval(row->ctx->conds[cond].e, row->cells);
}

/* The cell of derived field F of this plugin, or NULL after an error. */
static cell *derived_cell(thrive_row *row, long f, bool numeric)
{
    if (!row)
        return NULL;
    thrive_ctx *ctx = row->ctx;
    bool mine = false;
    for (size_t i = 0; i < ctx->n_derived && !mine; i++)
        mine = ctx->derived[i] == f;
    if (!mine || (size_t)f >= row->n) {
        if (!ctx->failed)
            host_error(ctx, NULL, "set a field (%ld) it did not declare with derive()", f);
        return NULL;
    }
    field_type t = ctx->m->fields[f].type;
    bool is_num = t == FIELD_INTEGER || t == FIELD_NUMBER || t == FIELD_DATE;
    if (is_num != numeric) {
        if (!ctx->failed)
            host_error(ctx, NULL, "set the %s field '%s' with set_%s", field_type_name(t),
                       ctx->m->fields[f].name, numeric ? "number" : "text");
        return NULL;
    }
    return &row->cells[f];
}

static void host_set_number(thrive_row *row, long f, double value)
{
    cell *c = derived_cell(row, f, true);
    if (!c)
        return;
    c->num = value;
    c->present = !isnan(value);
    c->str = "";
    c->len = 0;
}

static void host_set_text(thrive_row *row, long f, const char *text)
{
    cell *c = derived_cell(row, f, false);
    if (!c)
        return;
    c->str = text ? text : "";
    c->len = strlen(c->str);
    c->present = c->len > 0;
    c->num = NAN;
}

/* Results.  Measure and table ids share one namespace: both are keys of
 * "plugin_measures" in the summary. */
static bool id_ok(thrive_ctx *ctx, const char *id, const char *what)
{
    bool ok = id && *id;
    for (const char *c = id; ok && *c; c++)
        ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
    if (!ok) {
        host_error(ctx, NULL, "%s id '%s' must be lower-case letters, digits and '_'", what,
                   id ? id : "");
        return false;
    }
    results *r = ctx->r;
    for (size_t i = 0; i < r->n_measures; i++)
        if (strcmp(r->measures[i].id, id) == 0)
            ok = false;
    for (size_t i = 0; i < r->n_tables; i++)
        if (strcmp(r->tables[i].id, id) == 0)
            ok = false;
    if (!ok)
        host_error(ctx, NULL, "%s id '%s' is used twice", what, id);
    return ok;
}

static bool in_finish(thrive_ctx *ctx, const char *what)
{
    if (!ctx)
        return false;
    if (ctx->phase != PHASE_FINISH || !ctx->r) {
        host_error(ctx, NULL, "%s may only be called in finish", what);
        return false;
    }
    return true;
}

static void add_measure(thrive_ctx *ctx, const char *id, const char *label, double value,
                        thrive_format format, double basis)
{
    if (!in_finish(ctx, "measure()") || !id_ok(ctx, id, "measure"))
        return;
    results *r = ctx->r;
    res_measure *grown = realloc(r->measures, (r->n_measures + 1) * sizeof *grown);
    if (!grown)
        return;
    r->measures = grown;
    res_measure *ms = &r->measures[r->n_measures];
    ms->id = strdup(id);
    ms->label = strdup(label ? label : id);
    ms->value = isfinite(value) ? value : NAN;
    ms->format = (unsigned)format <= THRIVE_FMT_TEXT ? format : THRIVE_FMT_NUMBER;
    ms->has_basis = !isnan(basis);
    ms->basis = ms->has_basis && basis > 0 ? (long long)basis : 0;
    if (!ms->id || !ms->label) {
        free(ms->id);
        free(ms->label);
        return;
    }
    r->n_measures++;
}

static void host_measure(thrive_ctx *ctx, const char *id, const char *label, double value,
                         thrive_format format)
{
    add_measure(ctx, id, label, value, format, NAN);
}

static void host_measure_of(thrive_ctx *ctx, const char *id, const char *label, double value,
                            thrive_format format, double n)
{
    add_measure(ctx, id, label, value, format, isnan(n) ? 0 : n);
}

static int host_table(thrive_ctx *ctx, const char *id, const char *title, size_t n_cols,
                      const char *const *ids, const char *const *labels,
                      const thrive_format *formats)
{
    if (!in_finish(ctx, "table()") || !id_ok(ctx, id, "table"))
        return -1;
    if (n_cols < 1 || !ids || !labels || !formats) {
        host_error(ctx, NULL, "table '%s' needs at least one column, with ids, labels and formats",
                   id);
        return -1;
    }
    for (size_t c = 0; c < n_cols; c++)
        for (size_t k = 0; k < c; k++)
            if (!ids[c] || strcmp(ids[c], ids[k]) == 0) {
                host_error(ctx, NULL, "table '%s': column id '%s' is missing or used twice", id,
                           ids[c] ? ids[c] : "");
                return -1;
            }
    results *r = ctx->r;
    res_table *grown = realloc(r->tables, (r->n_tables + 1) * sizeof *grown);
    if (!grown)
        return -1;
    r->tables = grown;
    res_table *tb = &r->tables[r->n_tables];
    memset(tb, 0, sizeof *tb);
    tb->id = strdup(id);
    tb->title = strdup(title ? title : id);
    tb->col_ids = calloc(n_cols, sizeof *tb->col_ids);
    tb->col_labels = calloc(n_cols, sizeof *tb->col_labels);
    tb->formats = calloc(n_cols, sizeof *tb->formats);
    if (!tb->id || !tb->title || !tb->col_ids || !tb->col_labels || !tb->formats) {
        free(tb->id);
        free(tb->title);
        free(tb->col_ids);
        free(tb->col_labels);
        free(tb->formats);
        return -1;
    }
    tb->n_cols = n_cols;
    for (size_t c = 0; c < n_cols; c++) {
        tb->col_ids[c] = strdup(ids[c] ? ids[c] : "");
        tb->col_labels[c] = strdup(labels[c] ? labels[c] : tb->col_ids[c]);
        tb->formats[c] = (unsigned)formats[c] <= THRIVE_FMT_TEXT ? formats[c] : THRIVE_FMT_NUMBER;
    }
    tb->formats[0] = THRIVE_FMT_TEXT;
    tb->chart = THRIVE_CHART_NONE;
    return (int)r->n_tables++;
}

static res_table *table_at(thrive_ctx *ctx, int t, const char *what)
{
    if (!in_finish(ctx, what))
        return NULL;
    if (t < 0 || (size_t)t >= ctx->r->n_tables) {
        host_error(ctx, NULL, "%s: no table %d", what, t);
        return NULL;
    }
    return &ctx->r->tables[t];
}

static bool power_of_two(size_t n)
{
    return n && !(n & (n - 1));
}

static void host_add_row(thrive_ctx *ctx, int t, const char *label, const double *values)
{
    res_table *tb = table_at(ctx, t, "add_row()");
    if (!tb)
        return;
    size_t w = tb->n_cols - 1;
    /* Grow geometrically: capacity is the next power of two. */
    if (tb->n_rows == 0 || power_of_two(tb->n_rows)) {
        size_t cap = tb->n_rows ? tb->n_rows * 2 : 4;
        char **labels = realloc(tb->row_labels, cap * sizeof *labels);
        if (!labels)
            return;
        tb->row_labels = labels;
        if (w) {
            double *v = realloc(tb->values, cap * w * sizeof *v);
            if (!v)
                return;
            tb->values = v;
        }
    }
    char *l = strdup(label ? label : "");
    if (!l)
        return;
    tb->row_labels[tb->n_rows] = l;
    for (size_t c = 0; c < w; c++) {
        double v = values ? values[c] : NAN;
        tb->values[tb->n_rows * w + c] = isfinite(v) ? v : NAN;
    }
    tb->n_rows++;
}

static void host_chart(thrive_ctx *ctx, int t, thrive_chart kind, const char *title,
                       const size_t *cols, size_t n)
{
    res_table *tb = table_at(ctx, t, "chart()");
    if (!tb)
        return;
    if (kind != THRIVE_CHART_BAR && kind != THRIVE_CHART_COLUMN) {
        tb->chart = THRIVE_CHART_NONE;
        return;
    }
    if (n == 0 || !cols) {
        host_error(ctx, NULL, "chart of table '%s' needs at least one column", tb->id);
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (cols[i] < 1 || cols[i] >= tb->n_cols || tb->formats[cols[i]] == THRIVE_FMT_TEXT) {
            host_error(ctx, NULL, "chart of table '%s': column %zu is not a numeric column", tb->id,
                       cols[i]);
            return;
        }
    size_t *copy = malloc(n * sizeof *copy);
    char *ttl = strdup(title ? title : tb->title);
    if (!copy || !ttl) {
        free(copy);
        free(ttl);
        return;
    }
    memcpy(copy, cols, n * sizeof *copy);
    free(tb->chart_cols);
    free(tb->chart_title);
    tb->chart_cols = copy;
    tb->n_chart_cols = n;
    tb->chart_title = ttl;
    tb->chart = kind;
}

static void host_column_basis(thrive_ctx *ctx, int t, size_t col, size_t basis_col)
{
    res_table *tb = table_at(ctx, t, "column_basis()");
    if (!tb)
        return;
    if (col < 1 || col >= tb->n_cols || basis_col < 1 || basis_col >= tb->n_cols ||
        tb->formats[basis_col] != THRIVE_FMT_COUNT) {
        host_error(ctx, NULL,
                   "table '%s': column_basis(%zu, %zu) needs a value column and a count column",
                   tb->id, col, basis_col);
        return;
    }
    if (!tb->basis_cols && !(tb->basis_cols = calloc(tb->n_cols, sizeof *tb->basis_cols)))
        return;
    tb->basis_cols[col] = basis_col;
}

static const thrive_host host = {
    .state = host_state,
    .section = host_section,
    .root = host_root,
    .node_kind = host_node_kind,
    .node_get = host_node_get,
    .node_text = host_node_text,
    .node_count = host_node_count,
    .node_item = host_node_item,
    .node_key = host_node_key,
    .node_pos = host_node_pos,
    .error = host_error,
    .note = host_note,
    .check_keys = host_check_keys,
    .field = host_field,
    .find_field = host_find_field,
    .field_type = host_field_type,
    .derive = host_derive,
    .condition = host_condition,
    .parse_date = host_parse_date,
    .total_cost = host_total_cost,
    .present = host_present,
    .number = host_number,
    .text = host_text,
    .holds = host_holds,
    .set_number = host_set_number,
    .set_text = host_set_text,
    .measure = host_measure,
    .table = host_table,
    .add_row = host_add_row,
    .chart = host_chart,
    .measure_of = host_measure_of,
    .column_basis = host_column_basis,
};

/* ------------------------------------------------------------------ */
/* Driving the plugin.                                                 */

void plugin_check(plugin *p, model *m, diag_list *dl)
{
    if (!p || !m)
        return;
    thrive_ctx *ctx = &p->ctx;
    ctx->m = m;
    ctx->dl = dl;
    ctx->phase = PHASE_CHECK;
    size_t errors = dl->n_errors;
    if (p->desc->check && p->desc->check(ctx, &host) != 0 && dl->n_errors == errors) {
        int line, col;
        where(ctx, NULL, &line, &col);
        diag_error(dl, m->file, line, col, "plugin '%s' rejected the model", p->name);
    }
    /* Conditions are parsed now, when every derived field is declared. */
    for (size_t i = 0; i < ctx->n_conds; i++) {
        plugin_cond *c = &ctx->conds[i];
        char msg[256];
        size_t off = 0;
        c->e = expr_parse(c->node->text, m, &off, msg, sizeof msg);
        if (!c->e) {
            int line, col;
            ynode_text_pos(c->node, off, &line, &col);
            diag_error(dl, m->file, line, col, "%s", msg);
        }
    }
    ctx->phase = PHASE_CHECKED;
    ctx->dl = NULL;
}

int plugin_start(plugin *p, double total_cost)
{
    if (!p)
        return 0;
    thrive_ctx *ctx = &p->ctx;
    ctx->total_cost = total_cost;
    ctx->phase = PHASE_RUN;
    if (p->desc->start && p->desc->start(ctx, &host) != 0 && !ctx->failed) {
        diag_say(p->file, 0, 0, "plugin '%s' could not start", p->name);
        ctx->failed = true;
    }
    return ctx->failed ? EXIT_PLUGIN : EXIT_OK;
}

void plugin_row(plugin *p, cell *row)
{
    if (!p || !p->ctx.m)
        return;
    thrive_ctx *ctx = &p->ctx;
    /* Derived fields start every row missing. */
    for (size_t i = 0; i < ctx->n_derived; i++) {
        cell *c = &row[ctx->derived[i]];
        c->str = "";
        c->len = 0;
        c->num = NAN;
        c->present = false;
    }
    if (!p->desc->row || ctx->failed)
        return;
    thrive_row r = {row, ctx->m->n_fields, ctx};
    p->desc->row(ctx, &host, &r);
}

int plugin_finish(plugin *p, results *r)
{
    if (!p)
        return 0;
    thrive_ctx *ctx = &p->ctx;
    r->plugin_name = p->name;
    r->plugin_version = p->version;
    ctx->r = r;
    ctx->phase = PHASE_FINISH;
    if (!ctx->failed && p->desc->finish && p->desc->finish(ctx, &host) != 0 && !ctx->failed) {
        diag_say(p->file, 0, 0, "plugin '%s' could not finish its measures", p->name);
        ctx->failed = true;
    }
    ctx->phase = PHASE_DONE;
    ctx->r = NULL;
    return ctx->failed ? EXIT_PLUGIN : EXIT_OK;
}

void plugin_unload(plugin *p)
{
    if (!p)
        return;
    thrive_ctx *ctx = &p->ctx;
    if (!ctx->stopped && p->desc && p->desc->stop)
        p->desc->stop(ctx, &host);
    for (size_t i = 0; i < ctx->n_conds; i++)
        expr_free(ctx->conds[i].e);
    free(ctx->conds);
    free(ctx->derived);
    free(ctx->state);
    if (p->handle)
        lt_dlclose(p->handle);
    free(p->file);
    free(p->name);
    free(p->version);
    free(p);
    lt_dlexit();
}

/* ------------------------------------------------------------------ */
/* thrive plugins                                                      */

typedef struct listed {
    char *name, *version, *title, *file;
    int abi;
    char *problem; /* why it cannot be used, or NULL */
} listed;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The module files in DIR: *.la, and *.so without a .la beside it. */
static size_t dir_modules(const char *dir, char ***out)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char **files = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *dot = strrchr(e->d_name, '.');
        if (!dot || dot == e->d_name)
            continue;
        bool la = strcmp(dot, ".la") == 0, so = strcmp(dot, LT_MODULE_EXT) == 0;
        if (!la && !so)
            continue;
        char *path = join(dir, e->d_name, "");
        if (!path || !is_file(path)) {
            free(path);
            continue;
        }
        if (so) {
            char *stem = strndup(e->d_name, (size_t)(dot - e->d_name));
            char *la_path = stem ? join(dir, stem, ".la") : NULL;
            bool has_la = la_path && is_file(la_path);
            free(stem);
            free(la_path);
            if (has_la) {
                free(path);
                continue;
            }
        }
        char **grown = realloc(files, (n + 1) * sizeof *files);
        if (!grown) {
            free(path);
            break;
        }
        files = grown;
        files[n++] = path;
    }
    closedir(d);
    if (n)
        qsort(files, n, sizeof *files, cmp_str);
    *out = files;
    return n;
}

/* Describe FILE without printing: fills L (problem set when unusable). */
static void describe(const char *file, listed *l)
{
    memset(l, 0, sizeof *l);
    l->file = strdup(file);
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    const char *dot = strchr(base, '.');
    l->name = dot ? strndup(base, (size_t)(dot - base)) : strdup(base);
    for (char *c = l->name; c && *c; c++)
        if (*c == '_')
            *c = '-';
    lt_dlhandle h = lt_dlopen(file);
    if (!h) {
        const char *why = lt_dlerror();
        size_t len = strlen(why ? why : "") + 40;
        l->problem = malloc(len);
        if (l->problem)
            snprintf(l->problem, len, "cannot be loaded: %s", why ? why : "unknown error");
        return;
    }
    const thrive_plugin *d = lt_dlsym(h, THRIVE_PLUGIN_SYMBOL);
    if (!d) {
        l->problem = strdup("not a thrive plugin: no " THRIVE_PLUGIN_SYMBOL " descriptor");
    } else if (d->abi != THRIVE_PLUGIN_ABI) {
        l->abi = d->abi;
        char buf[160];
        snprintf(buf, sizeof buf, "built for plugin ABI %d, this thrive has ABI %d: rebuild it",
                 d->abi, THRIVE_PLUGIN_ABI);
        l->problem = strdup(buf);
    } else {
        l->abi = d->abi;
        free(l->name);
        l->name = strdup(d->name ? d->name : "?");
        l->version = strdup(d->version ? d->version : "?");
        l->title = strdup(d->title ? d->title : "");
    }
    lt_dlclose(h);
}

int plugins_list(const plugin_path *pp, FILE *out)
{
    if (!ltdl_up())
        return EXIT_PLUGIN;
    listed *all = NULL;
    size_t n = 0;
    for (size_t i = 0; i < pp->n; i++) {
        char **files;
        size_t nf = dir_modules(pp->dirs[i], &files);
        for (size_t f = 0; f < nf; f++) {
            listed *grown = realloc(all, (n + 1) * sizeof *grown);
            if (grown) {
                all = grown;
                describe(files[f], &all[n++]);
            }
            free(files[f]);
        }
        free(files);
    }
    size_t wn = 4, wv = 7, wt = 5;
    for (size_t i = 0; i < n; i++) {
        const listed *l = &all[i];
        size_t lt = strlen(l->problem ? l->problem : l->title) + (l->problem ? 2 : 0);
        wn = strlen(l->name) > wn ? strlen(l->name) : wn;
        wv = l->version && strlen(l->version) > wv ? strlen(l->version) : wv;
        wt = lt > wt ? lt : wt;
    }
    if (n)
        fprintf(out, "%-*s  %-*s  %3s  %-*s  %s\n", (int)wn, "NAME", (int)wv, "VERSION", "ABI",
                (int)wt, "TITLE", "FILE");
    int usable = 0;
    for (size_t i = 0; i < n; i++) {
        listed *l = &all[i];
        /* A plugin found earlier in the path hides later ones of that name. */
        bool shadowed = false;
        for (size_t j = 0; j < i && !shadowed; j++)
            shadowed = !all[j].problem && !l->problem && strcmp(all[j].name, l->name) == 0;
        char abi[16] = "-";
        if (l->abi)
            snprintf(abi, sizeof abi, "%d", l->abi);
        if (l->problem) {
            char title[512];
            snprintf(title, sizeof title, "(%s)", l->problem);
            fprintf(out, "%-*s  %-*s  %3s  %-*s  %s\n", (int)wn, l->name, (int)wv, "-", abi,
                    (int)wt, title, l->file);
        } else {
            fprintf(out, "%-*s  %-*s  %3s  %-*s  %s%s\n", (int)wn, l->name, (int)wv, l->version,
                    abi, (int)wt, l->title, l->file, shadowed ? " (hidden by the one above)" : "");
            usable++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(all[i].name);
        free(all[i].version);
        free(all[i].title);
        free(all[i].file);
        free(all[i].problem);
    }
    free(all);
    char *dirs = path_list(pp);
    if (usable == 0)
        diag_say("thrive", 0, 0, "no plugins found; searched: %s", dirs ? dirs : "");
    else
        fprintf(out, "\nsearched: %s\n", dirs ? dirs : "");
    free(dirs);
    lt_dlexit();
    return usable ? EXIT_OK : EXIT_PLUGIN;
}
