/* plugins.c - the plugin host (see plugins.h and include/thrive/plugin.h).
 *
 * libltdl finds and opens the modules; this file adds what its messages
 * lack (lt_dlerror() says little more than "file not found"): the name
 * asked for, the directories searched, the file, the symbol, the ABI
 * numbers.  The table of functions plugins call is in plugin_host.c.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "config.h"

#include "plugin_int.h"

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

/* ------------------------------------------------------------------ */
/* libltdl, initialised once per user (lt_dlinit counts its callers).  */

/* libltdl failed, saying WHY, with errno as it left it: out of memory, or
 * OTHERWISE.  libltdl says "not enough memory" when its own allocation
 * fails; the dynamic loader's leaves ENOMEM behind. */
static thrive_error ltdl_error(const char *why, thrive_error otherwise)
{
    if (errno == ENOMEM || (why && strcmp(why, "not enough memory") == 0))
        return THRIVE_ERROR_NOMEM;
    return otherwise;
}

static thrive_error ltdl_up(diag_list *dl)
{
    errno = 0;
    if (lt_dlinit() != 0) {
        const char *why = lt_dlerror();
        thrive_error e = ltdl_error(why, THRIVE_ERROR_PLUGIN);
        diag_error(dl, NULL, 0, 0, "cannot initialise the plugin loader (libltdl): %s",
                   why ? why : "unknown error");
        lt_dlexit(); /* lt_dlinit counts a failed call too, and frees on the last exit */
        return e;
    }
    return THRIVE_OK;
}

/* ------------------------------------------------------------------ */
/* The search path.                                                    */

/* Add DIR unless it is there already; false when out of memory. */
static bool path_add(plugin_path *pp, const char *dir)
{
    if (!dir || !*dir)
        return true;
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    for (size_t i = 0; i < pp->n; i++)
        if (strlen(pp->dirs[i]) == len && strncmp(pp->dirs[i], dir, len) == 0)
            return true;
    char **dirs = realloc(pp->dirs, (pp->n + 1) * sizeof *dirs);
    if (!dirs)
        return false;
    pp->dirs = dirs;
    char *d = strndup(dir, len);
    if (d)
        pp->dirs[pp->n++] = d;
    return d != NULL;
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

thrive_error plugin_path_init(plugin_path *pp, char *const *extra, size_t n_extra)
{
    pp->dirs = NULL;
    pp->n = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < n_extra; i++)
        ok = path_add(pp, extra[i]);
    const char *env = getenv("THRIVE_PLUGIN_PATH");
    if (ok && env) {
        char *copy = strdup(env), *save = NULL;
        ok = copy != NULL;
        for (char *d = copy ? strtok_r(copy, ":", &save) : NULL; ok && d;
             d = strtok_r(NULL, ":", &save))
            ok = path_add(pp, d);
        free(copy);
    }
    /* A thrive run from its build tree uses the plugins built beside it,
     * before any installed copy (which may be older). */
#ifdef BUILD_PLUGINDIR
    if (ok && running_from_build_tree())
        ok = path_add(pp, BUILD_PLUGINDIR);
#endif
    if (ok)
        ok = path_add(pp, PLUGINDIR);
    if (!ok)
        plugin_path_free(pp);
    return ok ? THRIVE_OK : THRIVE_ERROR_NOMEM;
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

/* The module file for plugin MODULE in DIR (MODULE.la, else MODULE +
 * LT_MODULE_EXT) into *OUT, NULL when there is none; NOMEM. */
static thrive_error module_file(const char *dir, const char *module, char **out)
{
    static const char *const exts[] = {".la", LT_MODULE_EXT};
    *out = NULL;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        char *f = join(dir, module, exts[i]);
        if (!f)
            return THRIVE_ERROR_NOMEM;
        if (is_file(f)) {
            *out = f;
            return THRIVE_OK;
        }
        free(f);
    }
    return THRIVE_OK;
}

/* The file of plugin NAME on PP into *OUT (NULL: not found); NOMEM.
 * "school-gates" is looked for as school_gates: module files use C
 * identifiers. */
static thrive_error find_module(const char *name, const plugin_path *pp, char **out)
{
    *out = NULL;
    char *module = strdup(name);
    if (!module)
        return THRIVE_ERROR_NOMEM;
    for (char *c = module; *c; c++)
        if (*c == '-')
            *c = '_';
    thrive_error e = THRIVE_OK;
    for (size_t i = 0; e == THRIVE_OK && !*out && i < pp->n; i++)
        e = module_file(pp->dirs[i], module, out);
    free(module);
    return e;
}

/* FILE has no descriptor: say which symbols were looked for. */
static thrive_error report_no_symbol(const char *file, diag_list *dl)
{
    const char *slash = strrchr(file, '/');
    char *base = strdup(slash ? slash + 1 : file);
    if (!base)
        return diag_nomem(dl, file);
    char *dot = strchr(base, '.');
    if (dot)
        *dot = '\0';
    diag_error(dl, file, 0, 0,
               "not a thrive plugin: it exports neither '%s_LTX_%s' nor '%s'; define its "
               "descriptor with THRIVE_PLUGIN_EXPORT(%s) from <thrive/plugin.h>",
               base, THRIVE_PLUGIN_SYMBOL, THRIVE_PLUGIN_SYMBOL, base);
    free(base);
    return THRIVE_ERROR_PLUGIN;
}

/* Check descriptor D of FILE; NAME (may be NULL) is the plugin asked for. */
static thrive_error check_descriptor(const thrive_plugin *d, const char *file, const char *name,
                                     diag_list *dl)
{
    /* Only `abi` is read before the ABI is known to match: it is the first
     * member in every ABI. */
    if (d->abi != THRIVE_PLUGIN_ABI) {
        diag_error(dl, file, 0, 0,
                   "plugin '%s' was built for plugin ABI %d but this thrive has ABI %d; "
                   "rebuild it against this thrive's <thrive/plugin.h> (ABI %d)",
                   name ? name : "?", d->abi, THRIVE_PLUGIN_ABI, THRIVE_PLUGIN_ABI);
        return THRIVE_ERROR_PLUGIN;
    }
    if (!d->name || !d->version) {
        diag_error(dl, file, 0, 0, "plugin descriptor has no %s; set .name and .version",
                   d->name ? "version" : "name");
        return THRIVE_ERROR_PLUGIN;
    }
    if (name && strcmp(d->name, name) != 0) {
        diag_error(dl, file, 0, 0,
                   "this module is plugin '%s', not '%s'; rename the file or fix the "
                   "descriptor's .name",
                   d->name, name);
        return THRIVE_ERROR_PLUGIN;
    }
    return THRIVE_OK;
}

/* What libltdl's WHY means for FILE: for a file that is there but is no
 * shared object it says "file not found", so look at the file's first
 * bytes (a libtool .la is text, and names the real module). */
static const char *load_problem(const char *file, const char *why)
{
    size_t len = strlen(file);
    FILE *fp = len > 3 && strcmp(file + len - 3, ".la") == 0 ? NULL : fopen(file, "rb");
    unsigned char head[4] = {0};
    size_t n = fp ? fread(head, 1, sizeof head, fp) : 0;
    if (!fp)
        return why ? why : "unknown error";
    fclose(fp);
    if (n == sizeof head && memcmp(head,
                                   "\x7f"
                                   "ELF",
                                   sizeof head) == 0)
        return why ? why : "unknown error";
    return "not a shared object (no ELF header), so not a plugin module: remove it from the "
           "plugin directory";
}

/* Open FILE and find its descriptor into *D, the module into *OUT.  NAME
 * (may be NULL) is the plugin asked for. */
static thrive_error open_module(const char *file, const char *name, lt_dlhandle *out,
                                const thrive_plugin **d, diag_list *dl)
{
    *out = NULL;
    errno = 0;
    lt_dlhandle h = lt_dlopen(file);
    if (!h) {
        const char *why = lt_dlerror();
        thrive_error e = ltdl_error(why, THRIVE_ERROR_PLUGIN);
        if (e == THRIVE_ERROR_NOMEM)
            return diag_nomem(dl, file);
        const char *problem = load_problem(file, why);
        diag_error(dl, file, 0, 0, "cannot load plugin%s%s%s: %s%s", name ? " '" : "",
                   name ? name : "", name ? "'" : "", problem,
                   problem == why ? " (use ldd(1) on the module to check its dependencies)" : "");
        return e;
    }
    *d = lt_dlsym(h, THRIVE_PLUGIN_SYMBOL);
    thrive_error e = *d ? check_descriptor(*d, file, name, dl) : report_no_symbol(file, dl);
    if (e != THRIVE_OK)
        lt_dlclose(h);
    else
        *out = h;
    return e;
}

/* Names of the plugins in the search path: module stems of *.la and *.so
 * files, with '_' shown as '-', into *OUT (to free), their number in *N. */
static thrive_error scan_names(const plugin_path *pp, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
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
            char **grown = stem ? realloc(*out, (*n + 1) * sizeof **out) : NULL;
            if (!grown) {
                free(stem);
                closedir(dir);
                return THRIVE_ERROR_NOMEM;
            }
            *out = grown;
            for (char *c = stem; *c; c++)
                if (*c == '_')
                    *c = '-';
            bool dup = false;
            for (size_t j = 0; j < *n && !dup; j++)
                dup = strcmp((*out)[j], stem) == 0;
            if (dup)
                free(stem);
            else
                (*out)[(*n)++] = stem;
        }
        closedir(dir);
    }
    return THRIVE_OK;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static thrive_error report_missing(const char *name, const plugin_path *pp, const char *file,
                                   int line, int col, diag_list *dl)
{
    char *dirs = path_list(pp);
    char **names = NULL;
    size_t n = 0;
    if (!dirs || scan_names(pp, &names, &n) != THRIVE_OK) {
        free(dirs);
        free_names(names, n);
        return diag_nomem(dl, file ? file : name);
    }
    const char *hint = diag_suggest(name, (const char *const *)names, n);
    if (hint)
        diag_error(dl, file ? file : name, line, col,
                   "no plugin '%s' found (did you mean '%s'?); searched: %s", name, hint, dirs);
    else
        diag_error(dl, file ? file : name, line, col,
                   "no plugin '%s' found; searched: %s (add a directory with --plugin-path DIR "
                   "or THRIVE_PLUGIN_PATH)",
                   name, dirs);
    free_names(names, n);
    free(dirs);
    return THRIVE_ERROR_PLUGIN;
}

/* The plugin object for descriptor D of module H in MODULE_PATH (taken
 * over, as H is: both are released on failure). */
static thrive_error plugin_new(const thrive_plugin *d, lt_dlhandle h, char *module_path,
                               plugin **out, diag_list *dl)
{
    plugin *p = calloc(1, sizeof *p);
    if (!p) {
        lt_dlclose(h);
        lt_dlexit(); /* for plugin_load's lt_dlinit */
        diag_nomem(dl, module_path);
        free(module_path);
        return THRIVE_ERROR_NOMEM;
    }
    p->handle = h;
    p->file = module_path;
    p->desc = d;
    p->name = strdup(d->name);
    p->version = strdup(d->version);
    p->ctx.p = p;
    p->ctx.total_cost = NAN;
    p->ctx.state = calloc(1, d->state_size ? d->state_size : 1);
    if (!p->name || !p->version || !p->ctx.state) {
        diag_nomem(dl, module_path);
        p->ctx.stopped = true; /* nothing started */
        plugin_unload(p);      /* and lt_dlexit() for the caller's lt_dlinit() */
        return THRIVE_ERROR_NOMEM;
    }
    *out = p;
    return THRIVE_OK;
}

thrive_error plugin_load(const char *name, const plugin_path *pp, const char *file, int line,
                         int col, diag_list *dl, plugin **out)
{
    *out = NULL;
    const char *where = file ? file : name; /* NULL: the program */
    if (!model_pilot_valid(name)) {
        diag_error(dl, where, line, col, "'%s' is not a plugin name (" MODEL_PILOT_RULE ")",
                   name ? name : "");
        return THRIVE_ERROR_PLUGIN;
    }
    thrive_error e = ltdl_up(dl);
    if (e != THRIVE_OK)
        return e;
    char *module_path = NULL;
    e = find_module(name, pp, &module_path);
    if (e == THRIVE_OK && !module_path)
        e = report_missing(name, pp, file, line, col, dl);
    else if (e != THRIVE_OK)
        diag_nomem(dl, where);
    lt_dlhandle h = NULL;
    const thrive_plugin *d = NULL;
    if (e == THRIVE_OK)
        e = open_module(module_path, name, &h, &d, dl);
    if (e == THRIVE_OK)
        return plugin_new(d, h, module_path, out, dl);
    free(module_path);
    lt_dlexit();
    return e;
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
/* Driving the plugin.                                                 */

/* Give the plugin's messages to DL from now on, with those it said when
 * no list was given (see host_vsay), in the order said. */
static void use_list(thrive_ctx *ctx, diag_list *dl)
{
    ctx->dl = dl;
    diag_list *h = &ctx->held;
    if (!dl || (h->n == 0 && h->n_errors == 0 && h->n_warnings == 0))
        return;
    size_t errors = 0, warnings = 0;
    for (size_t i = 0; i < h->n; i++) {
        const diag *d = &h->items[i];
        errors += d->level == DIAG_ERROR;
        warnings += d->level == DIAG_WARNING;
        if (d->level == DIAG_ERROR)
            diag_error(dl, d->file, d->line, d->col, "%s", d->msg);
        else if (d->level == DIAG_WARNING)
            diag_warning(dl, d->file, d->line, d->col, "%s", d->msg);
        else
            diag_note(dl, d->file, d->line, d->col, "%s", d->msg);
    }
    /* those not kept (over DIAG_MAX, or for want of memory) still count */
    dl->n_errors += h->n_errors - errors;
    dl->n_warnings += h->n_warnings - warnings;
    dl->dropped += h->dropped;
    diag_free(h);
}

thrive_error plugin_check(plugin *p, model *m, diag_list *dl)
{
    if (!p || !m)
        return THRIVE_OK;
    thrive_ctx *ctx = &p->ctx;
    ctx->m = m;
    use_list(ctx, dl);
    ctx->phase = PHASE_CHECK;
    size_t errors = dl->n_errors;
    if (p->desc->check && p->desc->check(ctx, &plugin_host) != 0 && dl->n_errors == errors) {
        int line, col;
        plugin_where(ctx, NULL, &line, &col);
        diag_error(dl, m->file, line, col, "plugin '%s' rejected the model", p->name);
    }
    /* Conditions are parsed now, when every derived field is declared. */
    for (size_t i = 0; i < ctx->n_conds; i++) {
        plugin_cond *c = &ctx->conds[i];
        expr_error err;
        thrive_error e = expr_parse(c->node->text, m->fields, m->n_fields, &c->e, &err);
        ctx->nomem |= e == THRIVE_ERROR_NOMEM;
        if (e != THRIVE_OK) {
            int line, col;
            ynode_text_pos(c->node, err.offset, &line, &col);
            diag_error(dl, m->file, line, col, "%s", err.msg);
        }
    }
    ctx->phase = PHASE_CHECKED;
    ctx->dl = NULL;
    if (ctx->nomem)
        return THRIVE_ERROR_NOMEM;
    return dl->n_errors > errors ? THRIVE_ERROR_MODEL : THRIVE_OK;
}

/* The error of a plugin that failed in WHAT ("start"), after saying so
 * unless the host already did. */
static thrive_error run_failed(plugin *p, bool returned_error, const char *what)
{
    thrive_ctx *ctx = &p->ctx;
    if (returned_error && !ctx->failed) {
        diag_error(ctx->dl, p->file, 0, 0, "plugin '%s' could not %s", p->name, what);
        ctx->failed = true;
    }
    if (ctx->nomem)
        return THRIVE_ERROR_NOMEM;
    return ctx->failed ? THRIVE_ERROR_PLUGIN : THRIVE_OK;
}

thrive_error plugin_start(plugin *p, double total_cost, diag_list *dl)
{
    if (!p)
        return THRIVE_OK;
    thrive_ctx *ctx = &p->ctx;
    ctx->total_cost = total_cost;
    ctx->phase = PHASE_RUN;
    use_list(ctx, dl); /* kept for the rows, until finish */
    return run_failed(p, p->desc->start && p->desc->start(ctx, &plugin_host) != 0, "start");
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
    p->desc->row(ctx, &plugin_host, &r);
}

thrive_error plugin_finish(plugin *p, results *r, diag_list *dl)
{
    if (!p)
        return THRIVE_OK;
    thrive_ctx *ctx = &p->ctx;
    r->plugin_name = p->name;
    r->plugin_version = p->version;
    ctx->r = r;
    use_list(ctx, dl);
    ctx->phase = PHASE_FINISH;
    bool refused = !ctx->failed && p->desc->finish && p->desc->finish(ctx, &plugin_host) != 0;
    thrive_error e = run_failed(p, refused, "finish its measures");
    ctx->phase = PHASE_DONE;
    ctx->r = NULL;
    ctx->dl = NULL;
    return e;
}

void plugin_stop(plugin *p)
{
    if (!p)
        return;
    thrive_ctx *ctx = &p->ctx;
    /* The run is over (it may have failed before finish took the list
     * back): what stop says is held, and goes with the plugin. */
    ctx->dl = NULL;
    if (!ctx->stopped && p->desc && p->desc->stop)
        p->desc->stop(ctx, &plugin_host);
    ctx->stopped = true;
    for (size_t i = 0; i < ctx->n_conds; i++)
        expr_free(ctx->conds[i].e);
    free(ctx->conds);
    ctx->conds = NULL;
    ctx->n_conds = 0;
    free(ctx->derived);
    ctx->derived = NULL;
    ctx->n_derived = 0;
    free(ctx->state);
    ctx->state = NULL;
}

void plugin_unload(plugin *p)
{
    if (!p)
        return;
    plugin_stop(p);
    diag_free(&p->ctx.held); /* what stop said: no caller is left to take it */
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

typedef struct listing {
    listed *all;
    size_t n;
} listing;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether the directory entry NAME in DIR is a module to list: *.la, and
 * *.so without a .la beside it; the path in *PATH when it is. */
static thrive_error module_entry(const char *dir, const char *name, char **path)
{
    *path = NULL;
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name)
        return THRIVE_OK;
    bool la = strcmp(dot, ".la") == 0, so = strcmp(dot, LT_MODULE_EXT) == 0;
    if (!la && !so)
        return THRIVE_OK;
    char *p = join(dir, name, "");
    char *stem = so ? strndup(name, (size_t)(dot - name)) : NULL;
    char *la_path = stem ? join(dir, stem, ".la") : NULL;
    free(stem);
    if (!p || (so && !la_path)) {
        free(p);
        free(la_path);
        return THRIVE_ERROR_NOMEM;
    }
    if (is_file(p) && !(la_path && is_file(la_path)))
        *path = p;
    else
        free(p);
    free(la_path);
    return THRIVE_OK;
}

/* The module files in DIR, sorted, into *OUT and *N. */
static thrive_error dir_modules(const char *dir, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return THRIVE_OK;
    thrive_error e = THRIVE_OK;
    struct dirent *ent;
    while (e == THRIVE_OK && (ent = readdir(d))) {
        char *path;
        e = module_entry(dir, ent->d_name, &path);
        if (!path)
            continue;
        char **grown = realloc(*out, (*n + 1) * sizeof **out);
        if (!grown) {
            free(path);
            e = THRIVE_ERROR_NOMEM;
            break;
        }
        *out = grown;
        (*out)[(*n)++] = path;
    }
    closedir(d);
    if (*n)
        qsort(*out, *n, sizeof **out, cmp_str);
    return e;
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

/* What is wrong with descriptor D, or NULL; false when out of memory. */
static bool descriptor_problem(const thrive_plugin *d, listed *l)
{
    char buf[160];
    if (!d) {
        l->problem = strdup("not a thrive plugin: no " THRIVE_PLUGIN_SYMBOL " descriptor");
        return l->problem != NULL;
    }
    l->abi = d->abi;
    if (d->abi != THRIVE_PLUGIN_ABI) {
        snprintf(buf, sizeof buf, "built for plugin ABI %d, this thrive has ABI %d: rebuild it",
                 d->abi, THRIVE_PLUGIN_ABI);
        l->problem = strdup(buf);
        return l->problem != NULL;
    }
    free(l->name);
    l->name = strdup(d->name ? d->name : "?");
    l->version = strdup(d->version ? d->version : "?");
    l->title = dup_or_empty(d->title);
    return l->name && l->version && l->title;
}

/* Describe FILE without printing: fills L (problem set when unusable). */
static thrive_error describe(const char *file, listed *l)
{
    memset(l, 0, sizeof *l);
    l->file = strdup(file);
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    const char *dot = strchr(base, '.');
    l->name = dot ? strndup(base, (size_t)(dot - base)) : strdup(base);
    if (!l->file || !l->name)
        return THRIVE_ERROR_NOMEM;
    for (char *c = l->name; *c; c++)
        if (*c == '_')
            *c = '-';
    lt_dlhandle h = lt_dlopen(file);
    if (!h) {
        const char *why = load_problem(file, lt_dlerror());
        size_t len = strlen(why) + 40;
        l->problem = malloc(len);
        if (!l->problem)
            return THRIVE_ERROR_NOMEM;
        snprintf(l->problem, len, "cannot be loaded: %s", why);
        return THRIVE_OK;
    }
    bool ok = descriptor_problem(lt_dlsym(h, THRIVE_PLUGIN_SYMBOL), l);
    /* A libtool archive (.la) is a text file naming the module: list the
     * module itself, the file that is loaded. */
    const lt_dlinfo *info = lt_dlgetinfo(h);
    if (ok && info && info->filename && strcmp(info->filename, file) != 0) {
        char *module = strdup(info->filename);
        ok = module != NULL;
        if (ok) {
            free(l->file);
            l->file = module;
        }
    }
    lt_dlclose(h);
    return ok ? THRIVE_OK : THRIVE_ERROR_NOMEM;
}

static void listing_free(listing *ls)
{
    for (size_t i = 0; i < ls->n; i++) {
        free(ls->all[i].name);
        free(ls->all[i].version);
        free(ls->all[i].title);
        free(ls->all[i].file);
        free(ls->all[i].problem);
    }
    free(ls->all);
}

/* Every module on PP, described, into LS. */
static thrive_error collect(const plugin_path *pp, listing *ls)
{
    thrive_error e = THRIVE_OK;
    for (size_t i = 0; e == THRIVE_OK && i < pp->n; i++) {
        char **files;
        size_t nf;
        e = dir_modules(pp->dirs[i], &files, &nf);
        for (size_t f = 0; f < nf; f++) {
            listed *grown = e == THRIVE_OK ? realloc(ls->all, (ls->n + 1) * sizeof *grown) : NULL;
            if (grown) {
                ls->all = grown;
                e = describe(files[f], &ls->all[ls->n++]);
            } else {
                e = THRIVE_ERROR_NOMEM;
            }
            free(files[f]);
        }
        free(files);
    }
    return e;
}

/* Print LS as a table; returns the number of usable plugins. */
static int print_listing(const listing *ls, FILE *out)
{
    size_t wn = 4, wv = 7, wt = 5;
    for (size_t i = 0; i < ls->n; i++) {
        const listed *l = &ls->all[i];
        size_t lt = strlen(l->problem ? l->problem : l->title) + (l->problem ? 2 : 0);
        wn = strlen(l->name) > wn ? strlen(l->name) : wn;
        wv = l->version && strlen(l->version) > wv ? strlen(l->version) : wv;
        wt = lt > wt ? lt : wt;
    }
    if (ls->n)
        fprintf(out, "%-*s  %-*s  %3s  %-*s  %s\n", (int)wn, "NAME", (int)wv, "VERSION", "ABI",
                (int)wt, "TITLE", "FILE");
    int usable = 0;
    for (size_t i = 0; i < ls->n; i++) {
        const listed *l = &ls->all[i];
        /* A plugin found earlier in the path hides later ones of that name. */
        bool shadowed = false;
        for (size_t j = 0; j < i && !shadowed; j++)
            shadowed = !ls->all[j].problem && !l->problem && strcmp(ls->all[j].name, l->name) == 0;
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
    return usable;
}

thrive_error plugins_list(const plugin_path *pp, FILE *out, diag_list *dl)
{
    thrive_error e = ltdl_up(dl);
    if (e != THRIVE_OK)
        return e;
    listing ls = {0};
    char *dirs = path_list(pp);
    e = dirs ? collect(pp, &ls) : THRIVE_ERROR_NOMEM;
    if (e == THRIVE_OK) {
        if (print_listing(&ls, out) == 0) {
            diag_error(dl, NULL, 0, 0, "no plugins found; searched: %s", dirs);
            e = THRIVE_ERROR_PLUGIN;
        } else {
            fprintf(out, "\nsearched: %s\n", dirs);
        }
    } else {
        diag_nomem(dl, NULL);
    }
    listing_free(&ls);
    free(dirs);
    lt_dlexit();
    return e;
}

bool thrive_running_from_build_tree(void)
{
    return running_from_build_tree();
}
