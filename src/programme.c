/* programme.c - load and check a programme file (see programme.h). */
#include "programme.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "field.h"

typedef struct loader {
    programme *p;
    diag_list *dl;
    bool nomem;
} loader;

static void err_at(loader *ld, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void err_at(loader *ld, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(ld->dl, ld->p->file, line, col, fmt, ap);
    va_end(ap);
}

static char *dup_text(loader *ld, const char *s)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        ld->nomem = true;
    return d;
}

/* N zeroed items of SIZE bytes (at least one), or NULL after noting that
 * memory ran out. */
static void *zalloc(loader *ld, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        ld->nomem = true;
    return p;
}

static const char *const top_keys[] = {"programme", "title", "sites"};
static const char *const site_keys[] = {"name", "model", "data", "costs", "where", "summary"};
#define N_TOP_KEYS  (sizeof top_keys / sizeof *top_keys)
#define N_SITE_KEYS (sizeof site_keys / sizeof *site_keys)

/* Unknown keys are errors, with a hint when one is a near miss. */
static void check_keys(loader *ld, const ynode *map, const char *const *allowed, size_t n,
                       const char *where)
{
    for (size_t i = 0; i < map->n; i++) {
        bool known = false;
        for (size_t j = 0; !known && j < n; j++)
            known = strcmp(map->keys[i], allowed[j]) == 0;
        if (known)
            continue;
        const char *hint = diag_suggest(map->keys[i], allowed, n);
        if (hint)
            err_at(ld, map->key_lines[i], map->key_cols[i],
                   "unknown key '%s' in %s (did you mean '%s'?)", map->keys[i], where, hint);
        else
            err_at(ld, map->key_lines[i], map->key_cols[i], "unknown key '%s' in %s", map->keys[i],
                   where);
    }
}

/* The text under KEY in MAP, or NULL: absent (an error when REQUIRED), not
 * a single value, or empty. */
static const char *text(loader *ld, const ynode *map, const char *key, bool required,
                        const char *where)
{
    const char *t = ynode_text_of(map, key, required, where, ld->dl, ld->p->file);
    if (t && t[0] == '\0') {
        const ynode *v = ynode_get(map, key);
        err_at(ld, v->line, v->col, "'%s' in %s is empty", key, where);
        return NULL;
    }
    return t;
}

static bool valid_id(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-')
            return false;
    return true;
}

/* PATH as written, relative to the programme file's directory unless
 * absolute. */
static char *resolve(loader *ld, const char *path)
{
    const char *slash = strrchr(ld->p->file, '/');
    if (path[0] == '/' || !slash)
        return dup_text(ld, path);
    size_t dir = (size_t)(slash - ld->p->file) + 1;
    char *out = malloc(dir + strlen(path) + 1);
    if (!out) {
        ld->nomem = true;
        return NULL;
    }
    memcpy(out, ld->p->file, dir);
    strcpy(out + dir, path);
    return out;
}

/* A file named by KEY of site S: kept as written and resolved; an error
 * at the value when it cannot be read. */
static void site_file(loader *ld, const ynode *item, const char *key, const char *what,
                      char **as_written, char **path, int *line, int *col)
{
    const char *t = text(ld, item, key, false, "a site");
    if (!t)
        return;
    const ynode *v = ynode_get(item, key);
    *line = v->line;
    *col = v->col;
    *as_written = dup_text(ld, t);
    *path = resolve(ld, t);
    if (*path && access(*path, R_OK) != 0)
        err_at(ld, v->line, v->col, "cannot read the %s '%s'%s%s: %s", what, t,
               strcmp(t, *path) ? ", that is " : "", strcmp(t, *path) ? *path : "",
               strerror(errno));
}

/* costs: { INPUT_ID: NUMBER, ... } */
static void site_costs(loader *ld, const ynode *item, programme_site *s)
{
    const ynode *c = ynode_get(item, "costs");
    if (!c)
        return;
    if (c->kind != YNODE_MAP) {
        err_at(ld, c->line, c->col,
               "'costs' in a site must be a mapping of input ids to costs, such as "
               "{ grant: 198675 }, found %s",
               ynode_kind_word(c->kind));
        return;
    }
    if (!(s->costs = zalloc(ld, c->n, sizeof *s->costs)))
        return;
    for (size_t i = 0; i < c->n; i++) {
        const ynode *v = c->items[i];
        double x;
        if (v->kind != YNODE_SCALAR || !field_parse_number(v->text, strlen(v->text), &x) ||
            !(x >= 0) || isinf(x)) {
            err_at(ld, v->line, v->col,
                   "the cost of input '%s' must be a number of at least 0, found %s", c->keys[i],
                   v->kind == YNODE_SCALAR ? v->text : ynode_kind_word(v->kind));
            continue;
        }
        s->costs[s->n_costs++] =
            (cost_override){dup_text(ld, c->keys[i]), x, c->key_lines[i], c->key_cols[i]};
    }
}

/* A site read from a summary carries nothing to recompute with. */
static void summary_site_keys(loader *ld, const ynode *item, const char *name)
{
    static const char *const not_with_summary[] = {"model", "data", "costs", "where"};
    for (size_t k = 0; k < 4; k++) {
        int i = ynode_key_index(item, not_with_summary[k]);
        if (i >= 0)
            err_at(ld, item->key_lines[i], item->key_cols[i],
                   "site '%s' is read from its summary, so it cannot have '%s' too (a site is "
                   "either 'summary', or 'model' and 'data' with optional 'costs' and 'where')",
                   name, not_with_summary[k]);
    }
}

static void load_site(loader *ld, const ynode *item, programme_site *s)
{
    s->line = item->line;
    s->col = item->col;
    check_keys(ld, item, site_keys, N_SITE_KEYS, "a site");
    const char *name = text(ld, item, "name", true, "a site");
    s->name = dup_text(ld, name ? name : "?");
    if (ynode_get(item, "summary")) {
        s->from_summary = true;
        summary_site_keys(ld, item, s->name ? s->name : "?");
        site_file(ld, item, "summary", "summary", &s->summary_as_written, &s->summary_path,
                  &s->summary_line, &s->summary_col);
        return;
    }
    if (!ynode_get(item, "model") || !ynode_get(item, "data")) {
        err_at(ld, item->line, item->col,
               "site '%s' needs 'model' and 'data' (evaluated here), or 'summary' (a "
               "summary written by thrive evaluate --summary)",
               s->name ? s->name : "?");
    }
    site_file(ld, item, "model", "logic model", &s->model_as_written, &s->model_path,
              &s->model_line, &s->model_col);
    site_file(ld, item, "data", "case data", &s->data_as_written, &s->data_path, &s->data_line,
              &s->data_col);
    site_costs(ld, item, s);
    const char *where = text(ld, item, "where", false, "a site");
    if (where) {
        s->where = dup_text(ld, where);
        s->where_node = ynode_get(item, "where");
        s->where_line = s->where_node->line;
        s->where_col = s->where_node->col;
    }
}

static void load_sites(loader *ld, const ynode *root)
{
    programme *p = ld->p;
    const ynode *sites = ynode_get(root, "sites");
    if (!sites) {
        err_at(ld, root->line, root->col,
               "the programme has no 'sites' (a list of the sites "
               "to compare, each with a 'name')");
        return;
    }
    if (sites->kind != YNODE_SEQ || sites->n < 2) {
        err_at(ld, sites->line, sites->col,
               "'sites' must be a list of at least two sites to compare, found %s",
               sites->kind != YNODE_SEQ ? ynode_kind_word(sites->kind)
               : sites->n == 1          ? "one site"
                                        : "none");
        if (sites->kind != YNODE_SEQ)
            return;
    }
    if (!(p->sites = zalloc(ld, sites->n, sizeof *p->sites)))
        return;
    for (size_t i = 0; i < sites->n; i++) {
        const ynode *item = sites->items[i];
        if (item->kind != YNODE_MAP) {
            err_at(ld, item->line, item->col, "a site must be a mapping with a 'name', found %s",
                   ynode_kind_word(item->kind));
            continue;
        }
        programme_site *s = &p->sites[p->n_sites++];
        load_site(ld, item, s);
        /* a site without a name is "?" (reported): not a second name */
        const ynode *v = ynode_get(item, "name");
        for (size_t j = 0; v && s->name && j + 1 < p->n_sites; j++)
            if (p->sites[j].name && strcmp(p->sites[j].name, s->name) == 0) {
                err_at(ld, v->line, v->col,
                       "site '%s' is named twice (first at line %d): site names must be unique",
                       s->name, p->sites[j].line);
                break;
            }
    }
}

thrive_error programme_load(const char *file, diag_list *dl, programme **out)
{
    *out = NULL;
    programme *p = calloc(1, sizeof *p);
    if (!p || !(p->file = strdup(file))) {
        free(p);
        return THRIVE_ERROR_NOMEM;
    }
    loader ld = {p, dl, false};
    size_t errors = dl->n_errors;
    thrive_error e = ynode_load(file, dl, &p->root);
    if (e != THRIVE_OK) {
        programme_free(p);
        return e;
    }
    /* The file was read a moment ago; should it vanish now, its hash is left empty. */
    diag_list hash_dl;
    diag_init(&hash_dl);
    if (hash_file_sha256(file, p->sha256, &hash_dl) != THRIVE_OK)
        p->sha256[0] = '\0';
    diag_free(&hash_dl);
    const ynode *root = p->root;
    if (root->kind != YNODE_MAP) {
        err_at(&ld, root->line, root->col,
               "a programme file must be a mapping with 'programme', 'title' and 'sites', "
               "found %s",
               ynode_kind_word(root->kind));
    } else if (!ynode_get(root, "programme") && !ynode_get(root, "sites") &&
               ynode_get(root, "model") && ynode_get(root, "outcomes")) {
        /* a logic model given where the programme goes: one error, not one
         * per key */
        err_at(&ld, root->line, root->col,
               "this is a logic model, not a programme file: thrive compare takes a programme "
               "naming the sites to compare, each with its model and data (thrive help "
               "compare); to evaluate this model: thrive evaluate %s --data CASES.csv",
               file);
    } else {
        check_keys(&ld, root, top_keys, N_TOP_KEYS, "the programme");
        const char *id = text(&ld, root, "programme", true, "the programme");
        if (id && !valid_id(id)) {
            const ynode *v = ynode_get(root, "programme");
            err_at(&ld, v->line, v->col,
                   "the programme id must be lower-case letters, digits and '-', found '%s'", id);
        }
        p->id = dup_text(&ld, id ? id : "");
        const char *title = text(&ld, root, "title", false, "the programme");
        p->title = dup_text(&ld, title ? title : p->id);
        load_sites(&ld, root);
    }
    if (ld.nomem) {
        programme_free(p);
        return THRIVE_ERROR_NOMEM;
    }
    if (dl->n_errors > errors) {
        programme_free(p);
        return THRIVE_ERROR_MODEL;
    }
    *out = p;
    return THRIVE_OK;
}

void programme_free(programme *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_sites; i++) {
        programme_site *s = &p->sites[i];
        free(s->name);
        free(s->model_as_written);
        free(s->data_as_written);
        free(s->summary_as_written);
        free(s->model_path);
        free(s->data_path);
        free(s->summary_path);
        for (size_t c = 0; c < s->n_costs; c++)
            free(s->costs[c].input_id);
        free(s->costs);
        free(s->where);
    }
    free(p->sites);
    free(p->id);
    free(p->title);
    ynode_free(p->root);
    free(p->file);
    free(p);
}
