/* model_read.c - typed reading of the model's YAML tree, every problem a
 * diag at its position (see model_int.h). */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

void ld_error(loader *ld, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(ld->dl, ld->m->file, line, col, fmt, ap);
    va_end(ap);
}

bool ld_kept(const loader *ld)
{
    return ld->dl->n < DIAG_MAX;
}

void *ld_calloc(loader *ld, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        ld->nomem = true;
    return p;
}

char *ld_strdup(loader *ld, const char *s)
{
    char *t = s ? strdup(s) : NULL;
    if (s && !t)
        ld->nomem = true;
    return t;
}

void ld_key_pos(const ynode *map, const char *key, int *line, int *col)
{
    int i = ynode_key_index(map, key);
    *line = i >= 0 ? map->key_lines[i] : map->line;
    *col = i >= 0 ? map->key_cols[i] : map->col;
}

/* The adjustments apply to every outcome alike: written in an outcome, an
 * input or at the top level, they are a key of 'adjustments:'. */
static const char *const adjustment_keys[] = {"deadweight", "displacement", "attribution",
                                              "optimism_bias", "discount_rate"};

/* Whether unknown key I of MAP is a key of another section; if so, where it
 * goes, in BUF (SIZE bytes). */
static bool misplaced_key(const loader *ld, const ynode *map, size_t i, char *buf, size_t size)
{
    const char *key = map->keys[i];
    const ynode *v = map->items[i];
    const char *value = v && v->kind == YNODE_SCALAR ? v->text : "0.2";
    for (size_t k = 0; k < sizeof adjustment_keys / sizeof *adjustment_keys; k++) {
        if (strcmp(key, adjustment_keys[k]) != 0)
            continue;
        const ynode *root = ld->m->root;
        int at = root ? ynode_key_index(root, "adjustments") : -1;
        int n =
            snprintf(buf, size, "'%s' applies to the whole model, to every outcome alike: ", key);
        if (n > 0 && (size_t)n < size && at >= 0)
            snprintf(buf + n, size - (size_t)n, "set it in the model's 'adjustments:' (line %d)",
                     root->key_lines[at]);
        else if (n > 0 && (size_t)n < size)
            snprintf(buf + n, size - (size_t)n,
                     "set it in a top-level 'adjustments:' section, as adjustments: { %s: %s }",
                     key, value);
        return true;
    }
    if (strcmp(key, "drop_off") == 0 || strcmp(key, "duration") == 0) {
        snprintf(buf, size, "'%s' is set in each outcome that has a value, beside its 'value:'",
                 key);
        return true;
    }
    return false;
}

void ld_check_keys(loader *ld, const ynode *map, const char *const *allowed, size_t n,
                   const char *where, const char *extra_ok)
{
    const char *hint;
    char elsewhere[300];
    for (long i = -1; (i = ynode_unknown_key(map, allowed, n, (size_t)(i + 1), &hint)) >= 0;) {
        const char *key = map->keys[i];
        int line = map->key_lines[i], col = map->key_cols[i];
        if (extra_ok && strcmp(key, extra_ok) == 0)
            continue;
        if (misplaced_key(ld, map, (size_t)i, elsewhere, sizeof elsewhere))
            ld_error(ld, line, col, "unknown key '%s' in %s: %s", key, where, elsewhere);
        else if (hint)
            ld_error(ld, line, col, "unknown key '%s' in %s (did you mean '%s'?)", key, where,
                     hint);
        else if (extra_ok)
            /* At the top level: perhaps a plugin's section under another name. */
            ld_error(ld, line, col,
                     "unknown key '%s' in %s (the only plugin section allowed is '%s:', named "
                     "after the pilot)",
                     key, where, extra_ok);
        else
            ld_error(ld, line, col, "unknown key '%s' in %s", key, where);
    }
}

const ynode *ld_expect(loader *ld, const ynode *n, ynode_kind kind, const char *what)
{
    if (!n)
        return NULL;
    if (n->kind != kind) {
        ld_error(ld, n->line, n->col, "%s must be %s, found %s", what, ynode_kind_word(kind),
                 ynode_kind_word(n->kind));
        return NULL;
    }
    return n;
}

const char *ld_text(loader *ld, const ynode *map, const char *key, bool required, const char *where)
{
    const char *t = ynode_text_of(map, key, required, where, ld->dl, ld->m->file);
    if (t && required && t[0] == '\0') {
        const ynode *v = ynode_get(map, key);
        ld_error(ld, v->line, v->col, "'%s' in %s is empty", key, where);
        return NULL;
    }
    return t;
}

char *ld_dup_text(loader *ld, const ynode *map, const char *key, bool required, const char *where)
{
    return ld_strdup(ld, ld_text(ld, map, key, required, where));
}

bool ld_number(loader *ld, const ynode *map, const char *key, double lo, double hi, double *out,
               const char *where)
{
    const char *t = ld_text(ld, map, key, false, where);
    if (!t)
        return false;
    const ynode *v = ynode_get(map, key);
    double x;
    if (!field_parse_number(t, strlen(t), &x)) {
        ld_error(ld, v->line, v->col, "'%s' in %s must be a number, found '%s'", key, where, t);
        return false;
    }
    if (x < lo || x > hi) {
        if (isinf(hi))
            ld_error(ld, v->line, v->col, "'%s' in %s must be at least %g, found %s", key, where,
                     lo, t);
        else
            ld_error(ld, v->line, v->col, "'%s' in %s must be between %g and %g, found %s", key,
                     where, lo, hi, t);
        return false;
    }
    *out = x;
    return true;
}

bool ld_bool(loader *ld, const ynode *map, const char *key, const char *where)
{
    const char *t = ld_text(ld, map, key, false, where);
    if (!t)
        return false;
    if (strcmp(t, "true") == 0)
        return true;
    if (strcmp(t, "false") != 0) {
        const ynode *v = ynode_get(map, key);
        ld_error(ld, v->line, v->col, "'%s' in %s must be true or false, found '%s'", key, where,
                 t);
    }
    return false;
}

int ld_choice(loader *ld, const ynode *v, const char *key, const char *const *names, size_t n,
              const char *where)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v->text, names[i]) == 0)
            return (int)i;
    char choices[256] = "";
    for (size_t i = 0; i < n; i++) {
        if (i)
            strncat(choices, " | ", sizeof choices - strlen(choices) - 1);
        strncat(choices, names[i], sizeof choices - strlen(choices) - 1);
    }
    const char *hint = diag_suggest(v->text, names, n);
    if (hint)
        ld_error(ld, v->line, v->col,
                 "'%s' in %s must be one of %s, found '%s' (did you mean '%s'?)", key, where,
                 choices, v->text, hint);
    else
        ld_error(ld, v->line, v->col, "'%s' in %s must be one of %s, found '%s'", key, where,
                 choices, v->text);
    return -1;
}

const ynode *ld_section(loader *ld, const ynode *root, const char *key, bool required)
{
    const ynode *v = ynode_get(root, key);
    if (!v) {
        if (required)
            ld_error(ld, root->line, root->col, "the model has no '%s' section", key);
        return NULL;
    }
    char what[64];
    snprintf(what, sizeof what, "'%s'", key);
    return ld_expect(ld, v, YNODE_SEQ, what);
}

void ld_refs(loader *ld, const ynode *map, const char *key, ref_list *r, const char *where,
             bool required)
{
    const ynode *v = ynode_get(map, key);
    if (!v) {
        if (required)
            ld_error(ld, map->line, map->col, "%s has no '%s'", where, key);
        return;
    }
    if (v->kind == YNODE_MAP) {
        ld_error(ld, v->line, v->col, "'%s' in %s must be a list of ids", key, where);
        return;
    }
    size_t count = v->kind == YNODE_SEQ ? v->n : 1;
    r->ids = ld_calloc(ld, count, sizeof *r->ids);
    r->index = ld_calloc(ld, count, sizeof *r->index);
    r->lines = ld_calloc(ld, count, sizeof *r->lines);
    r->cols = ld_calloc(ld, count, sizeof *r->cols);
    if (!r->ids || !r->index || !r->lines || !r->cols)
        return;
    for (size_t i = 0; i < count; i++) {
        const ynode *s = v->kind == YNODE_SEQ ? v->items[i] : v;
        if (s->kind != YNODE_SCALAR) {
            ld_error(ld, s->line, s->col, "'%s' in %s must list ids, found %s", key, where,
                     ynode_kind_word(s->kind));
            continue;
        }
        if (!(r->ids[r->n] = ld_strdup(ld, s->text)))
            return;
        r->lines[r->n] = s->line;
        r->cols[r->n] = s->col;
        r->n++;
    }
    if (required && count == 0) /* items that are not ids were reported above */
        ld_error(ld, v->line, v->col, "'%s' in %s is empty", key, where);
}

/* Item I of the N items of kind K at BASE, and its members. */
static char *item_at(const item_kind *k, const void *base, size_t i)
{
    return (char *)base + i * k->size;
}

static char **item_id(const item_kind *k, const void *base, size_t i)
{
    return (char **)(item_at(k, base, i) + k->id);
}

static int *item_int(const item_kind *k, const void *base, size_t i, size_t offset)
{
    return (int *)(item_at(k, base, i) + offset);
}

/* The id of an item: present, and of letters, digits, '_' and '-'. */
static char *load_id(loader *ld, const ynode *node, const char *where)
{
    const char *id = ld_text(ld, node, "id", true, where);
    if (!id)
        return NULL;
    for (const char *c = id; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-') {
            const ynode *v = ynode_get(node, "id");
            ld_error(ld, v->line, v->col, "id '%s' in %s may use only letters, digits, '_' and '-'",
                     id, where);
            break;
        }
    return ld_strdup(ld, id);
}

void *ld_items(loader *ld, const ynode *list, const item_kind *k, size_t *n)
{
    void *items = ld_calloc(ld, list->n, k->size);
    for (size_t i = 0; items && i < list->n; i++) {
        const ynode *node = ld_expect(ld, list->items[i], YNODE_MAP, k->item);
        if (!node)
            continue;
        size_t at = (*n)++;
        *item_int(k, items, at, k->line) = node->line;
        *item_int(k, items, at, k->col) = node->col;
        ld_check_keys(ld, node, k->keys, k->n_keys, k->item, NULL);
        *item_id(k, items, at) = load_id(ld, node, k->item);
        *(char **)(item_at(k, items, at) + k->label) =
            ld_dup_text(ld, node, "label", false, k->item);
        if (k->load)
            k->load(ld, item_at(k, items, at), node);
    }
    return items;
}

void ld_unique(loader *ld, const item_kind *k, const void *base, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *id = *item_id(k, base, i);
        for (size_t j = 0; id && j < i; j++) {
            const char *first = *item_id(k, base, j);
            if (first && strcmp(id, first) == 0) {
                ld_error(ld, *item_int(k, base, i, k->line), *item_int(k, base, i, k->col),
                         "duplicate id '%s' in %s (first at line %d)", id, k->section,
                         *item_int(k, base, j, k->line));
                break;
            }
        }
    }
}

void ld_resolve_refs(loader *ld, ref_list *r, const item_kind *k, const void *base, size_t n)
{
    for (size_t i = 0; i < r->n; i++) {
        size_t j = 0;
        while (j < n && !(*item_id(k, base, j) && strcmp(r->ids[i], *item_id(k, base, j)) == 0))
            j++;
        if (j < n) {
            r->index[i] = j;
            continue;
        }
        const char *hint =
            ld_kept(ld) ? diag_suggest_member(r->ids[i], base, n, k->size, k->id) : NULL;
        if (hint)
            ld_error(ld, r->lines[i], r->cols[i], "unknown %s '%s' (did you mean '%s'?)", k->noun,
                     r->ids[i], hint);
        else
            ld_error(ld, r->lines[i], r->cols[i], "unknown %s '%s'", k->noun, r->ids[i]);
    }
}

void ld_free_items(const item_kind *k, void *base, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(*item_id(k, base, i));
        free(*(char **)(item_at(k, base, i) + k->label));
        if (k->clear)
            k->clear(item_at(k, base, i));
    }
    free(base);
}

void ld_free_refs(ref_list *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->ids[i]);
    free(r->ids);
    free(r->index);
    free(r->lines);
    free(r->cols);
}
