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
                 "rebuild it against this thrive's <thrive/plugin.h> (ABI %d)",
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
        diag_say(file   ? file
                 : name ? name
                        : "thrive",
                 line, col, "'%s' is not a plugin name (letters, digits and '-')",
                 name ? name : "");
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
    if (p->desc->check && p->desc->check(ctx, &plugin_host) != 0 && dl->n_errors == errors) {
        int line, col;
        plugin_where(ctx, NULL, &line, &col);
        diag_error(dl, m->file, line, col, "plugin '%s' rejected the model", p->name);
    }
    /* Conditions are parsed now, when every derived field is declared. */
    for (size_t i = 0; i < ctx->n_conds; i++) {
        plugin_cond *c = &ctx->conds[i];
        expr_error err;
        if (expr_parse(c->node->text, m->fields, m->n_fields, &c->e, &err) != THRIVE_OK) {
            int line, col;
            ynode_text_pos(c->node, err.offset, &line, &col);
            diag_error(dl, m->file, line, col, "%s", err.msg);
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
    if (p->desc->start && p->desc->start(ctx, &plugin_host) != 0 && !ctx->failed) {
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
    p->desc->row(ctx, &plugin_host, &r);
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
    if (!ctx->failed && p->desc->finish && p->desc->finish(ctx, &plugin_host) != 0 &&
        !ctx->failed) {
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
        p->desc->stop(ctx, &plugin_host);
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
