/* model.c - load and check a logic model (SPEC 3; see model.h).
 *
 * The loader walks the YAML tree section by section.  Every problem is
 * recorded with its position and the walk goes on, so that one run of
 * `thrive validate` shows all the mistakes in a file.
 */
#include "model.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "error.h"
#include "expr.h"

const char *const input_kind_names[INPUT_KIND_COUNT] = {"funding",   "staff",   "premises",
                                                        "equipment", "in_kind", "other"};
const char *const horizon_names[3] = {"short", "medium", "long"};
const char *const strategy_names[5] = {"none", "financial_support", "employment_skills",
                                       "life_chances", "place"};

typedef struct loader {
    model *m;
    diag_list *dl;
} loader;

static void err_at(loader *ld, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void err_at(loader *ld, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(ld->dl, ld->m->file, line, col, fmt, ap);
    va_end(ap);
}

/* Past DIAG_MAX, errors are only counted.  Their hint and exact position
 * each cost a search through a whole section or file, which over thousands
 * of errors would take quadratic time: skip them. */
static bool kept(const loader *ld)
{
    return ld->dl->n < DIAG_MAX;
}

static const char *kind_word(ynode_kind k)
{
    return k == YNODE_MAP ? "a mapping" : k == YNODE_SEQ ? "a list" : "a single value";
}

/* Unknown keys are errors, with a hint when one is a near miss. */
static void check_keys(loader *ld, const ynode *map, const char *const *allowed, size_t n,
                       const char *where, const char *extra_ok)
{
    for (size_t i = 0; i < map->n; i++) {
        const char *key = map->keys[i];
        bool known = extra_ok && strcmp(key, extra_ok) == 0;
        for (size_t j = 0; !known && j < n; j++)
            known = strcmp(key, allowed[j]) == 0;
        if (known)
            continue;
        const char *hint = diag_suggest(key, allowed, n);
        if (hint)
            err_at(ld, map->key_lines[i], map->key_cols[i],
                   "unknown key '%s' in %s (did you mean '%s'?)", key, where, hint);
        else if (extra_ok)
            /* At the top level: perhaps a plugin's section under another name. */
            err_at(ld, map->key_lines[i], map->key_cols[i],
                   "unknown key '%s' in %s (the only plugin section allowed is '%s:', named "
                   "after the pilot)",
                   key, where, extra_ok);
        else
            err_at(ld, map->key_lines[i], map->key_cols[i], "unknown key '%s' in %s", key, where);
    }
}

/* Position of KEY's key in MAP, or of MAP itself. */
static void key_pos(const ynode *map, const char *key, int *line, int *col)
{
    int i = ynode_key_index(map, key);
    *line = i >= 0 ? map->key_lines[i] : map->line;
    *col = i >= 0 ? map->key_cols[i] : map->col;
}

static const ynode *expect(loader *ld, const ynode *n, ynode_kind kind, const char *what)
{
    if (!n)
        return NULL;
    if (n->kind != kind) {
        err_at(ld, n->line, n->col, "%s must be %s, found %s", what, kind_word(kind),
               kind_word(n->kind));
        return NULL;
    }
    return n;
}

/* A scalar under KEY; NULL (with an error when REQUIRED) if absent. */
static const char *get_text(loader *ld, const ynode *map, const char *key, bool required,
                            const char *where)
{
    const ynode *v = ynode_get(map, key);
    if (!v) {
        if (required)
            err_at(ld, map->line, map->col, "%s has no '%s'", where, key);
        return NULL;
    }
    if (v->kind != YNODE_SCALAR) {
        err_at(ld, v->line, v->col, "'%s' in %s must be a single value, found %s", key, where,
               kind_word(v->kind));
        return NULL;
    }
    if (required && v->text[0] == '\0') {
        err_at(ld, v->line, v->col, "'%s' in %s is empty", key, where);
        return NULL;
    }
    return v->text;
}

static char *dup_text(loader *ld, const ynode *map, const char *key, bool required,
                      const char *where)
{
    const char *t = get_text(ld, map, key, required, where);
    return t ? strdup(t) : NULL;
}

/* A number under KEY, within [lo, hi]; returns true when present and valid. */
static bool get_number(loader *ld, const ynode *map, const char *key, double lo, double hi,
                       double *out, const char *where)
{
    const char *t = get_text(ld, map, key, false, where);
    if (!t)
        return false;
    const ynode *v = ynode_get(map, key);
    double x;
    if (!field_parse_number(t, strlen(t), &x)) {
        err_at(ld, v->line, v->col, "'%s' in %s must be a number, found '%s'", key, where, t);
        return false;
    }
    if (x < lo || x > hi) {
        if (isinf(hi))
            err_at(ld, v->line, v->col, "'%s' in %s must be at least %g, found %s", key, where, lo,
                   t);
        else
            err_at(ld, v->line, v->col, "'%s' in %s must be between %g and %g, found %s", key,
                   where, lo, hi, t);
        return false;
    }
    *out = x;
    return true;
}

static bool get_bool(loader *ld, const ynode *map, const char *key, const char *where)
{
    const char *t = get_text(ld, map, key, false, where);
    if (!t)
        return false;
    if (strcmp(t, "true") == 0)
        return true;
    if (strcmp(t, "false") != 0) {
        const ynode *v = ynode_get(map, key);
        err_at(ld, v->line, v->col, "'%s' in %s must be true or false, found '%s'", key, where, t);
    }
    return false;
}

/* Index of T in NAMES, or -1 after an error listing the choices. */
static int get_choice(loader *ld, const ynode *v, const char *key, const char *const *names,
                      size_t n, const char *where)
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
        err_at(ld, v->line, v->col,
               "'%s' in %s must be one of %s, found '%s' (did you mean "
               "'%s'?)",
               key, where, choices, v->text, hint);
    else
        err_at(ld, v->line, v->col, "'%s' in %s must be one of %s, found '%s'", key, where, choices,
               v->text);
    return -1;
}

static bool valid_id(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return false;
    return true;
}

/* A plugin's name, as the host looks it up: [a-z0-9_-]+.  Anything else
 * would be evaluated without a plugin. */
static bool valid_pilot(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_' && *s != '-')
            return false;
    return true;
}

static bool valid_field_name(const char *s)
{
    if (!isalpha((unsigned char)*s) && *s != '_')
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

/* id and label, common to every item; the id must be unique in SECTION. */
static char *item_id(loader *ld, const ynode *item, const char *where)
{
    const char *id = get_text(ld, item, "id", true, where);
    if (!id)
        return NULL;
    const ynode *v = ynode_get(item, "id");
    if (!valid_id(id)) {
        err_at(ld, v->line, v->col, "id '%s' in %s may use only letters, digits, '_' and '-'", id,
               where);
    }
    return strdup(id);
}

static void check_unique(loader *ld, char **ids, const int *lines, const int *cols, size_t n,
                         const char *section)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; ids[i] && j < i; j++)
            if (ids[j] && strcmp(ids[i], ids[j]) == 0) {
                err_at(ld, lines[i], cols[i], "duplicate id '%s' in %s (first at line %d)", ids[i],
                       section, lines[j]);
                break;
            }
}

/* A list of ids (or one id) under KEY. */
static void get_refs(loader *ld, const ynode *map, const char *key, ref_list *r, const char *where,
                     bool required)
{
    const ynode *v = ynode_get(map, key);
    if (!v) {
        if (required)
            err_at(ld, map->line, map->col, "%s has no '%s'", where, key);
        return;
    }
    size_t count = v->kind == YNODE_SEQ ? v->n : 1;
    if (v->kind == YNODE_MAP) {
        err_at(ld, v->line, v->col, "'%s' in %s must be a list of ids", key, where);
        return;
    }
    r->ids = calloc(count ? count : 1, sizeof *r->ids);
    r->index = calloc(count ? count : 1, sizeof *r->index);
    r->lines = calloc(count ? count : 1, sizeof *r->lines);
    r->cols = calloc(count ? count : 1, sizeof *r->cols);
    if (!r->ids || !r->index || !r->lines || !r->cols)
        return;
    for (size_t i = 0; i < count; i++) {
        const ynode *s = v->kind == YNODE_SEQ ? v->items[i] : v;
        if (s->kind != YNODE_SCALAR) {
            err_at(ld, s->line, s->col, "'%s' in %s must list ids, found %s", key, where,
                   kind_word(s->kind));
            continue;
        }
        r->ids[r->n] = strdup(s->text);
        r->lines[r->n] = s->line;
        r->cols[r->n] = s->col;
        r->n++;
    }
    if (required && count == 0) /* items that are not ids were reported above */
        err_at(ld, v->line, v->col, "'%s' in %s is empty", key, where);
}

/* Resolve R against the ids of a section (an array of structs, each
 * starting... with its id pointer at ID_OFFSET). */
static void resolve_refs(loader *ld, ref_list *r, const void *base, size_t size, size_t n,
                         size_t id_offset, const char *target)
{
    const char **names = calloc(n ? n : 1, sizeof *names);
    if (!names)
        return;
    for (size_t j = 0; j < n; j++) {
        const char *id = *(char *const *)((const char *)base + j * size + id_offset);
        names[j] = id ? id : "";
    }
    for (size_t i = 0; i < r->n; i++) {
        size_t j;
        for (j = 0; j < n; j++)
            if (strcmp(r->ids[i], names[j]) == 0)
                break;
        if (j < n) {
            r->index[i] = j;
            continue;
        }
        const char *hint = kept(ld) ? diag_suggest(r->ids[i], names, n) : NULL;
        if (hint)
            err_at(ld, r->lines[i], r->cols[i], "unknown %s '%s' (did you mean '%s'?)", target,
                   r->ids[i], hint);
        else
            err_at(ld, r->lines[i], r->cols[i], "unknown %s '%s'", target, r->ids[i]);
    }
    free(names);
}

static const ynode *section_list(loader *ld, const ynode *root, const char *key, bool required)
{
    const ynode *v = ynode_get(root, key);
    if (!v) {
        if (required)
            err_at(ld, root->line, root->col, "the model has no '%s' section", key);
        return NULL;
    }
    char what[64];
    snprintf(what, sizeof what, "'%s'", key);
    return expect(ld, v, YNODE_SEQ, what);
}

/* ---- inputs ---- */

static void load_cost(loader *ld, input *in, const ynode *item)
{
    const ynode *c = ynode_get(item, "cost");
    if (!c) {
        err_at(ld, item->line, item->col, "input '%s' has no 'cost' (every input has a cost)",
               in->id ? in->id : "?");
        return;
    }
    in->cost_line = c->line;
    in->cost_col = c->col;
    if (c->kind == YNODE_SCALAR) {
        double x;
        if (!field_parse_number(c->text, strlen(c->text), &x) || x < 0)
            err_at(ld, c->line, c->col,
                   "cost must be a number of at least 0, or {fte, annual_cost, years}; found "
                   "'%s'",
                   c->text);
        else
            in->cost = x;
        return;
    }
    if (c->kind != YNODE_MAP) {
        err_at(ld, c->line, c->col, "cost must be a number or {fte, annual_cost, years}");
        return;
    }
    static const char *const keys[] = {"fte", "annual_cost", "years"};
    check_keys(ld, c, keys, 3, "a cost", NULL);
    in->cost_is_fte = true;
    in->years = 1;
    if (!ynode_get(c, "fte"))
        err_at(ld, c->line, c->col, "cost has no 'fte'");
    if (!ynode_get(c, "annual_cost"))
        err_at(ld, c->line, c->col, "cost has no 'annual_cost'");
    get_number(ld, c, "fte", 0, INFINITY, &in->fte, "a cost");
    get_number(ld, c, "annual_cost", 0, INFINITY, &in->annual_cost, "a cost");
    get_number(ld, c, "years", 0, INFINITY, &in->years, "a cost");
    in->cost = in->fte * in->annual_cost * in->years;
    if (!isfinite(in->cost)) {
        err_at(ld, c->line, c->col, "cost is too large: fte x annual_cost x years is beyond %g",
               DBL_MAX);
        in->cost = 0;
    }
}

static void load_inputs(loader *ld, const ynode *root)
{
    const ynode *list = section_list(ld, root, "inputs", true);
    if (!list)
        return;
    model *m = ld->m;
    m->inputs = calloc(list->n ? list->n : 1, sizeof *m->inputs);
    if (!m->inputs)
        return;
    static const char *const keys[] = {"id", "label", "kind", "cost"};
    for (size_t i = 0; i < list->n; i++) {
        const ynode *item = expect(ld, list->items[i], YNODE_MAP, "an input");
        if (!item)
            continue;
        input *in = &m->inputs[m->n_inputs++];
        in->line = item->line;
        in->col = item->col;
        check_keys(ld, item, keys, 4, "an input", NULL);
        in->id = item_id(ld, item, "an input");
        in->label = dup_text(ld, item, "label", false, "an input");
        const ynode *k = ynode_get(item, "kind");
        if (!k)
            err_at(ld, item->line, item->col, "input '%s' has no 'kind'", in->id ? in->id : "?");
        else if (expect(ld, k, YNODE_SCALAR, "'kind'")) {
            int c = get_choice(ld, k, "kind", input_kind_names, INPUT_KIND_COUNT, "an input");
            in->kind = c < 0 ? INPUT_OTHER : (input_kind)c;
        }
        load_cost(ld, in, item);
    }
    if (list->n == 0)
        err_at(ld, list->line, list->col,
               "'inputs' is empty: list the resources and their "
               "costs");
}

/* The total cost and the adjusted cost (at most twice it: optimism_bias
 * <= 1) must be numbers, or the figures built on them are lost. */
static void check_total_cost(loader *ld, const ynode *root)
{
    if (isfinite(2 * model_total_cost(ld->m)))
        return;
    int line, col;
    key_pos(root, "inputs", &line, &col);
    err_at(ld, line, col,
           "the total cost of the inputs is too large (beyond %g with optimism bias)", DBL_MAX);
}

/* ---- activities, outputs, outcomes, impacts ---- */

static void load_expr(loader *ld, const ynode *item, const char *key, model_expr *e, bool required,
                      bool all_ok, const char *where)
{
    const char *t = get_text(ld, item, key, required, where);
    if (!t)
        return;
    e->node = ynode_get(item, key);
    if (all_ok && strcmp(t, "all") == 0)
        return;
    e->src = strdup(t);
}

static void load_activities(loader *ld, const ynode *root)
{
    const ynode *list = section_list(ld, root, "activities", true);
    if (!list)
        return;
    model *m = ld->m;
    m->activities = calloc(list->n ? list->n : 1, sizeof *m->activities);
    if (!m->activities)
        return;
    static const char *const keys[] = {"id", "label", "uses"};
    for (size_t i = 0; i < list->n; i++) {
        const ynode *item = expect(ld, list->items[i], YNODE_MAP, "an activity");
        if (!item)
            continue;
        activity *a = &m->activities[m->n_activities++];
        a->line = item->line;
        a->col = item->col;
        check_keys(ld, item, keys, 3, "an activity", NULL);
        a->id = item_id(ld, item, "an activity");
        a->label = dup_text(ld, item, "label", false, "an activity");
        get_refs(ld, item, "uses", &a->uses, "an activity", true);
    }
}

static void load_outputs(loader *ld, const ynode *root)
{
    const ynode *list = section_list(ld, root, "outputs", true);
    if (!list)
        return;
    model *m = ld->m;
    m->outputs = calloc(list->n ? list->n : 1, sizeof *m->outputs);
    if (!m->outputs)
        return;
    static const char *const keys[] = {"id", "label", "from", "count", "target"};
    for (size_t i = 0; i < list->n; i++) {
        const ynode *item = expect(ld, list->items[i], YNODE_MAP, "an output");
        if (!item)
            continue;
        output *o = &m->outputs[m->n_outputs++];
        o->line = item->line;
        o->col = item->col;
        check_keys(ld, item, keys, 5, "an output", NULL);
        o->id = item_id(ld, item, "an output");
        o->label = dup_text(ld, item, "label", false, "an output");
        get_refs(ld, item, "from", &o->from, "an output", true);
        load_expr(ld, item, "count", &o->count, true, true, "an output");
        o->has_target = get_number(ld, item, "target", 0, INFINITY, &o->target, "an output");
    }
}

static void load_outcomes(loader *ld, const ynode *root)
{
    const ynode *list = section_list(ld, root, "outcomes", true);
    if (!list)
        return;
    model *m = ld->m;
    m->outcomes = calloc(list->n ? list->n : 1, sizeof *m->outcomes);
    if (!m->outcomes)
        return;
    static const char *const keys[] = {"id",       "label",    "horizon",  "from",
                                       "strategy", "eligible", "achieved", "target",
                                       "value",    "duration", "drop_off"};
    for (size_t i = 0; i < list->n; i++) {
        const ynode *item = expect(ld, list->items[i], YNODE_MAP, "an outcome");
        if (!item)
            continue;
        outcome *o = &m->outcomes[m->n_outcomes++];
        o->line = item->line;
        o->col = item->col;
        o->duration = 1;
        check_keys(ld, item, keys, sizeof keys / sizeof *keys, "an outcome", NULL);
        o->id = item_id(ld, item, "an outcome");
        o->label = dup_text(ld, item, "label", false, "an outcome");
        const ynode *h = ynode_get(item, "horizon");
        if (!h)
            err_at(ld, item->line, item->col,
                   "outcome '%s' has no 'horizon' (short | medium | "
                   "long)",
                   o->id ? o->id : "?");
        else if (expect(ld, h, YNODE_SCALAR, "'horizon'")) {
            int c = get_choice(ld, h, "horizon", horizon_names, 3, "an outcome");
            o->horizon = c < 0 ? HORIZON_SHORT : (horizon)c;
        }
        get_refs(ld, item, "from", &o->from, "an outcome", true);
        const ynode *s = ynode_get(item, "strategy");
        if (s && expect(ld, s, YNODE_SCALAR, "'strategy'")) {
            int c = get_choice(ld, s, "strategy", strategy_names + 1, 4, "an outcome");
            o->strategy = c < 0 ? STRATEGY_NONE : (strategy)(c + 1);
        }
        load_expr(ld, item, "eligible", &o->eligible, false, true, "an outcome");
        load_expr(ld, item, "achieved", &o->achieved, true, false, "an outcome");
        o->has_target = get_number(ld, item, "target", 0, 1, &o->target, "an outcome");
        o->has_value = get_number(ld, item, "value", 0, INFINITY, &o->value, "an outcome");
        double d;
        if (get_number(ld, item, "duration", 1, 1000, &d, "an outcome")) {
            if (d != floor(d)) {
                const ynode *v = ynode_get(item, "duration");
                err_at(ld, v->line, v->col,
                       "'duration' must be a whole number of years, found "
                       "%s",
                       v->text);
            } else
                o->duration = (int)d;
        }
        get_number(ld, item, "drop_off", 0, 1, &o->drop_off, "an outcome");
    }
}

static void load_impacts(loader *ld, const ynode *root)
{
    const ynode *list = section_list(ld, root, "impacts", false);
    if (!list)
        return;
    model *m = ld->m;
    m->impacts = calloc(list->n ? list->n : 1, sizeof *m->impacts);
    if (!m->impacts)
        return;
    static const char *const keys[] = {"id", "label", "from"};
    for (size_t i = 0; i < list->n; i++) {
        const ynode *item = expect(ld, list->items[i], YNODE_MAP, "an impact");
        if (!item)
            continue;
        impact *im = &m->impacts[m->n_impacts++];
        im->line = item->line;
        im->col = item->col;
        check_keys(ld, item, keys, 3, "an impact", NULL);
        im->id = item_id(ld, item, "an impact");
        im->label = dup_text(ld, item, "label", false, "an impact");
        get_refs(ld, item, "from", &im->from, "an impact", true);
    }
}

static char **load_strings(loader *ld, const ynode *root, const char *key, size_t *n)
{
    const ynode *v = ynode_get(root, key);
    if (!v)
        return NULL;
    char what[64];
    snprintf(what, sizeof what, "'%s'", key);
    if (!expect(ld, v, YNODE_SEQ, what))
        return NULL;
    char **out = calloc(v->n ? v->n : 1, sizeof *out);
    for (size_t i = 0; out && i < v->n; i++) {
        if (v->items[i]->kind != YNODE_SCALAR)
            err_at(ld, v->items[i]->line, v->items[i]->col, "%s must list sentences", what);
        else
            out[(*n)++] = strdup(v->items[i]->text);
    }
    return out;
}

static void load_adjustments(loader *ld, const ynode *root)
{
    const ynode *a = ynode_get(root, "adjustments");
    if (!a || !expect(ld, a, YNODE_MAP, "'adjustments'"))
        return;
    static const char *const keys[] = {"deadweight", "displacement", "attribution", "optimism_bias",
                                       "discount_rate"};
    check_keys(ld, a, keys, 5, "'adjustments'", NULL);
    adjustments *adj = &ld->m->adj;
    double *slots[] = {&adj->deadweight, &adj->displacement, &adj->attribution, &adj->optimism_bias,
                       &adj->discount_rate};
    for (size_t i = 0; i < 5; i++)
        get_number(ld, a, keys[i], 0, 1, slots[i], "'adjustments'");
}

/* ---- data dictionary ---- */

static void load_field_bound(loader *ld, const ynode *spec, field *f, const char *key, bool *has,
                             double *out)
{
    const char *t = get_text(ld, spec, key, false, "a field");
    if (!t)
        return;
    const ynode *v = ynode_get(spec, key);
    size_t len = strlen(t);
    bool ok;
    if (f->type == FIELD_INTEGER)
        ok = field_parse_integer(t, len, out);
    else if (f->type == FIELD_NUMBER)
        ok = field_parse_number(t, len, out);
    else if (f->type == FIELD_DATE)
        ok = field_parse_date(t, len, out);
    else {
        err_at(ld, v->line, v->col,
               "'%s' applies to integer, number and date fields, not to "
               "%s field '%s'",
               key, field_type_name(f->type), f->name);
        return;
    }
    if (!ok)
        err_at(ld, v->line, v->col, "'%s' of field '%s' must be %s, found '%s'", key, f->name,
               f->type == FIELD_DATE      ? "a date (YYYY-MM-DD)"
               : f->type == FIELD_INTEGER ? "an integer"
                                          : "a number",
               t);
    else
        *has = true;
}

static void load_field(loader *ld, field *f, const char *name, int kline, int kcol,
                       const ynode *spec)
{
    f->name = strdup(name);
    f->line = kline;
    f->col = kcol;
    if (!valid_field_name(name))
        err_at(ld, kline, kcol,
               "field name '%s' must start with a letter or '_' and use only "
               "letters, digits and '_'",
               name);
    if (!expect(ld, spec, YNODE_MAP, "a field"))
        return;
    static const char *const keys[] = {"type",   "pattern",  "min",     "max",
                                       "values", "required", "personal"};
    check_keys(ld, spec, keys, 7, "a field", NULL);
    const ynode *t = ynode_get(spec, "type");
    if (!t)
        err_at(ld, spec->line, spec->col,
               "field '%s' has no 'type' (text | integer | number "
               "| date | enum)",
               name);
    else if (expect(ld, t, YNODE_SCALAR, "'type'")) {
        int c = get_choice(ld, t, "type", field_type_names, 5, "a field");
        f->type = c < 0 ? FIELD_TEXT : (field_type)c;
    }
    const char *pat = get_text(ld, spec, "pattern", false, "a field");
    if (pat) {
        char why[160];
        size_t off = 0;
        thrive_error e = pattern_compile(pat, PATTERN_WHOLE, &f->pattern, &off, why, sizeof why);
        if (e == THRIVE_ERROR_MODEL) {
            int line, col;
            ynode_text_pos(ynode_get(spec, "pattern"), off, &line, &col);
            err_at(ld, line, col, "bad pattern for field '%s': %s", name, why);
        } else if (e != THRIVE_OK)
            err_at(ld, spec->line, spec->col, "%s", thrive_strerror(e));
    }
    load_field_bound(ld, spec, f, "min", &f->has_min, &f->min);
    load_field_bound(ld, spec, f, "max", &f->has_max, &f->max);
    if (f->has_min && f->has_max && f->min > f->max) {
        int line, col;
        key_pos(spec, "min", &line, &col);
        err_at(ld, line, col, "field '%s' has min greater than max", name);
    }
    const ynode *vals = ynode_get(spec, "values");
    if (vals) {
        if (f->type != FIELD_ENUM)
            err_at(ld, vals->line, vals->col,
                   "'values' applies to enum fields only; field "
                   "'%s' is %s",
                   name, field_type_name(f->type));
        else if (expect(ld, vals, YNODE_SEQ, "'values'")) {
            f->values = calloc(vals->n ? vals->n : 1, sizeof *f->values);
            f->value_lens = calloc(vals->n ? vals->n : 1, sizeof *f->value_lens);
            for (size_t i = 0; f->values && f->value_lens && i < vals->n; i++) {
                const ynode *v = vals->items[i];
                if (v->kind != YNODE_SCALAR) {
                    err_at(ld, v->line, v->col, "enum values must be single values");
                    continue;
                }
                for (size_t j = 0; j < f->n_values; j++)
                    if (strcmp(f->values[j], v->text) == 0)
                        err_at(ld, v->line, v->col, "value '%s' is listed twice", v->text);
                f->value_lens[f->n_values] = strlen(v->text);
                f->values[f->n_values++] = strdup(v->text);
            }
        }
    }
    if (f->type == FIELD_ENUM && f->n_values == 0 && (!vals || vals->kind == YNODE_SEQ))
        err_at(ld, spec->line, spec->col, "enum field '%s' needs a non-empty 'values' list", name);
    f->required = get_bool(ld, spec, "required", "a field");
    f->personal = get_bool(ld, spec, "personal", "a field");
}

static void load_data(loader *ld, const ynode *root)
{
    const ynode *d = ynode_get(root, "data");
    if (!d) {
        err_at(ld, root->line, root->col,
               "the model has no 'data' section (the case data's "
               "dictionary)");
        return;
    }
    if (!expect(ld, d, YNODE_MAP, "'data'"))
        return;
    static const char *const keys[] = {"id", "date", "fields"};
    check_keys(ld, d, keys, 3, "'data'", NULL);
    model *m = ld->m;
    m->id_field_name = dup_text(ld, d, "id", true, "'data'");
    m->date_field_name = dup_text(ld, d, "date", false, "'data'");
    const ynode *fields = ynode_get(d, "fields");
    if (!fields) {
        err_at(ld, d->line, d->col, "'data' has no 'fields'");
        return;
    }
    if (!expect(ld, fields, YNODE_MAP, "'fields'"))
        return;
    m->fields = calloc(fields->n ? fields->n : 1, sizeof *m->fields);
    if (!m->fields)
        return;
    for (size_t i = 0; i < fields->n; i++)
        load_field(ld, &m->fields[m->n_fields++], fields->keys[i], fields->key_lines[i],
                   fields->key_cols[i], fields->items[i]);
}

static void load_distance(loader *ld, const ynode *root)
{
    const ynode *d = ynode_get(root, "distance_travelled");
    if (!d || !expect(ld, d, YNODE_MAP, "'distance_travelled'"))
        return;
    static const char *const keys[] = {"scale", "areas"};
    check_keys(ld, d, keys, 2, "'distance_travelled'", NULL);
    model *m = ld->m;
    const ynode *s = ynode_get(d, "scale");
    if (!s)
        err_at(ld, d->line, d->col, "'distance_travelled' has no 'scale' ({min, max})");
    else if (expect(ld, s, YNODE_MAP, "'scale'")) {
        static const char *const skeys[] = {"min", "max"};
        check_keys(ld, s, skeys, 2, "'scale'", NULL);
        double lo = 0, hi = 0;
        bool has_lo = false, has_hi = false;
        for (int k = 0; k < 2; k++) {
            const char *t = get_text(ld, s, skeys[k], true, "'scale'");
            double *slot = k ? &hi : &lo;
            if (!t)
                continue;
            const ynode *v = ynode_get(s, skeys[k]);
            if (!field_parse_integer(t, strlen(t), slot) || fabs(*slot) > 1000)
                err_at(ld, v->line, v->col,
                       "scale '%s' must be a whole number between -1000 "
                       "and 1000, found '%s'",
                       skeys[k], t);
            else
                *(k ? &has_hi : &has_lo) = true;
        }
        if (has_lo && has_hi) {
            if (lo >= hi)
                err_at(ld, s->line, s->col,
                       "the scale's min (%g) must be less than its max "
                       "(%g)",
                       lo, hi);
            else {
                m->has_scale = true;
                m->scale_min = (int)lo;
                m->scale_max = (int)hi;
            }
        }
    }
    const ynode *areas = ynode_get(d, "areas");
    if (!areas) {
        err_at(ld, d->line, d->col, "'distance_travelled' has no 'areas'");
        return;
    }
    if (!expect(ld, areas, YNODE_SEQ, "'areas'"))
        return;
    m->areas = calloc(areas->n ? areas->n : 1, sizeof *m->areas);
    if (!m->areas)
        return;
    static const char *const akeys[] = {"id", "label", "baseline", "review", "better"};
    static const char *const better[] = {"higher", "lower"};
    for (size_t i = 0; i < areas->n; i++) {
        const ynode *item = expect(ld, areas->items[i], YNODE_MAP, "an area");
        if (!item)
            continue;
        area *a = &m->areas[m->n_areas++];
        a->line = item->line;
        a->col = item->col;
        check_keys(ld, item, akeys, 5, "an area", NULL);
        a->id = item_id(ld, item, "an area");
        a->label = dup_text(ld, item, "label", false, "an area");
        a->baseline_name = dup_text(ld, item, "baseline", true, "an area");
        a->review_name = dup_text(ld, item, "review", true, "an area");
        /* Errors about the fields point at the names, as for data.id. */
        const ynode *bv = ynode_get(item, "baseline"), *rv = ynode_get(item, "review");
        a->baseline_line = bv ? bv->line : item->line;
        a->baseline_col = bv ? bv->col : item->col;
        a->review_line = rv ? rv->line : item->line;
        a->review_col = rv ? rv->col : item->col;
        const ynode *b = ynode_get(item, "better");
        if (b && expect(ld, b, YNODE_SCALAR, "'better'"))
            a->lower_is_better = get_choice(ld, b, "better", better, 2, "an area") == 1;
    }
}

static void load_breakdowns(loader *ld, const ynode *root)
{
    const ynode *b = ynode_get(root, "breakdowns");
    if (!b || !expect(ld, b, YNODE_SEQ, "'breakdowns'"))
        return;
    model *m = ld->m;
    m->breakdowns = calloc(b->n ? b->n : 1, sizeof *m->breakdowns);
    for (size_t i = 0; m->breakdowns && i < b->n; i++) {
        const ynode *v = b->items[i];
        if (v->kind != YNODE_SCALAR) {
            err_at(ld, v->line, v->col, "'breakdowns' must list field names");
            continue;
        }
        breakdown *bd = &m->breakdowns[m->n_breakdowns++];
        bd->name = strdup(v->text);
        bd->line = v->line;
        bd->col = v->col;
    }
}

/* ---- the whole model ---- */

static void check_model_id(loader *ld, const ynode *root)
{
    const char *id = get_text(ld, root, "model", true, "the model");
    if (!id)
        return;
    for (const char *p = id; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-')) {
            const ynode *v = ynode_get(root, "model");
            err_at(ld, v->line, v->col, "model id '%s' may use only a-z, 0-9 and '-'", id);
            break;
        }
    ld->m->id = strdup(id);
}

static void load_period(loader *ld, const ynode *root)
{
    const ynode *p = ynode_get(root, "period");
    if (!p || !expect(ld, p, YNODE_MAP, "'period'"))
        return;
    static const char *const keys[] = {"start", "end"};
    check_keys(ld, p, keys, 2, "'period'", NULL);
    double start = 0, end = 0;
    bool ok[2] = {false, false};
    char **slots[] = {&ld->m->period_start, &ld->m->period_end};
    for (int k = 0; k < 2; k++) {
        const char *t = get_text(ld, p, keys[k], true, "'period'");
        if (!t)
            continue;
        const ynode *v = ynode_get(p, keys[k]);
        if (!field_parse_date(t, strlen(t), k ? &end : &start))
            err_at(ld, v->line, v->col, "period %s must be a date (YYYY-MM-DD), found '%s'",
                   keys[k], t);
        else {
            ok[k] = true;
            *slots[k] = strdup(t);
        }
    }
    if (ok[0] && ok[1] && start > end)
        err_at(ld, p->line, p->col, "the period ends before it starts");
}

static void resolve_sections(loader *ld)
{
    model *m = ld->m;
    struct {
        char **ids;
        int *lines, *cols;
    } tmp;
#define CHECK_UNIQUE(arr, n, section)                                                              \
    do {                                                                                           \
        tmp.ids = calloc((n) ? (n) : 1, sizeof(char *));                                           \
        tmp.lines = calloc((n) ? (n) : 1, sizeof(int));                                            \
        tmp.cols = calloc((n) ? (n) : 1, sizeof(int));                                             \
        if (tmp.ids && tmp.lines && tmp.cols) {                                                    \
            for (size_t i_ = 0; i_ < (n); i_++) {                                                  \
                tmp.ids[i_] = (arr)[i_].id;                                                        \
                tmp.lines[i_] = (arr)[i_].line;                                                    \
                tmp.cols[i_] = (arr)[i_].col;                                                      \
            }                                                                                      \
            check_unique(ld, tmp.ids, tmp.lines, tmp.cols, (n), section);                          \
        }                                                                                          \
        free(tmp.ids);                                                                             \
        free(tmp.lines);                                                                           \
        free(tmp.cols);                                                                            \
    } while (0)
    CHECK_UNIQUE(m->inputs, m->n_inputs, "inputs");
    CHECK_UNIQUE(m->activities, m->n_activities, "activities");
    CHECK_UNIQUE(m->outputs, m->n_outputs, "outputs");
    CHECK_UNIQUE(m->outcomes, m->n_outcomes, "outcomes");
    CHECK_UNIQUE(m->impacts, m->n_impacts, "impacts");
    CHECK_UNIQUE(m->areas, m->n_areas, "distance areas");
#undef CHECK_UNIQUE
    for (size_t i = 0; i < m->n_activities; i++)
        resolve_refs(ld, &m->activities[i].uses, m->inputs, sizeof(input), m->n_inputs,
                     offsetof(input, id), "input");
    for (size_t i = 0; i < m->n_outputs; i++)
        resolve_refs(ld, &m->outputs[i].from, m->activities, sizeof(activity), m->n_activities,
                     offsetof(activity, id), "activity");
    for (size_t i = 0; i < m->n_outcomes; i++)
        resolve_refs(ld, &m->outcomes[i].from, m->outputs, sizeof(output), m->n_outputs,
                     offsetof(output, id), "output");
    for (size_t i = 0; i < m->n_impacts; i++)
        resolve_refs(ld, &m->impacts[i].from, m->outcomes, sizeof(outcome), m->n_outcomes,
                     offsetof(outcome, id), "outcome");
}

model *model_load(const char *file, diag_list *dl)
{
    model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->file = strdup(file);
    m->id_field = m->date_field = -1;
    m->root = ynode_load(file, dl);
    if (!m->root) {
        model_free(m);
        return NULL;
    }
    loader ld = {m, dl};
    if (m->root->kind != YNODE_MAP) {
        err_at(&ld, m->root->line, m->root->col,
               "a logic model must be a mapping with 'model', 'inputs', 'outcomes' and the "
               "other sections, found %s",
               kind_word(m->root->kind));
        return m;
    }
    const ynode *root = m->root;
    m->pilot = dup_text(&ld, root, "pilot", true, "the model");
    static const char *const keys[] = {"model",
                                       "title",
                                       "pilot",
                                       "period",
                                       "currency",
                                       "rationale",
                                       "target_group",
                                       "inputs",
                                       "activities",
                                       "outputs",
                                       "outcomes",
                                       "impacts",
                                       "assumptions",
                                       "external_factors",
                                       "adjustments",
                                       "data",
                                       "distance_travelled",
                                       "breakdowns"};
    /* A plugin may add its own section, named after it (SPEC 3). */
    check_keys(&ld, root, keys, sizeof keys / sizeof *keys, "the model", m->pilot);
    check_model_id(&ld, root);
    m->title = dup_text(&ld, root, "title", true, "the model");
    if (m->pilot && !valid_pilot(m->pilot)) {
        const ynode *v = ynode_get(root, "pilot");
        err_at(&ld, v->line, v->col,
               "pilot '%s' must name a plugin (lower-case letters, digits, '-')", m->pilot);
    }
    load_period(&ld, root);
    m->currency = dup_text(&ld, root, "currency", false, "the model");
    if (!m->currency)
        m->currency = strdup("GBP");
    else if (strlen(m->currency) != 3 || !isupper((unsigned char)m->currency[0]) ||
             !isupper((unsigned char)m->currency[1]) || !isupper((unsigned char)m->currency[2])) {
        const ynode *v = ynode_get(root, "currency");
        err_at(&ld, v->line, v->col, "currency must be an ISO 4217 code such as GBP, found '%s'",
               m->currency);
    }
    m->rationale = dup_text(&ld, root, "rationale", false, "the model");
    m->target_group = dup_text(&ld, root, "target_group", false, "the model");
    load_inputs(&ld, root);
    load_activities(&ld, root);
    load_outputs(&ld, root);
    load_outcomes(&ld, root);
    load_impacts(&ld, root);
    m->assumptions = load_strings(&ld, root, "assumptions", &m->n_assumptions);
    m->external_factors = load_strings(&ld, root, "external_factors", &m->n_external_factors);
    load_adjustments(&ld, root);
    check_total_cost(&ld, root);
    load_data(&ld, root);
    load_distance(&ld, root);
    load_breakdowns(&ld, root);
    resolve_sections(&ld);
    return m;
}

double model_total_cost(const model *m)
{
    double total = 0;
    for (size_t i = 0; i < m->n_inputs; i++)
        total += m->inputs[i].cost;
    return total;
}

long model_field_index(const model *m, const char *name)
{
    return field_index(m->fields, m->n_fields, name);
}

long model_add_field(model *m, const char *name, field_type type)
{
    if (model_field_index(m, name) >= 0)
        return -1;
    field *f = realloc(m->fields, (m->n_fields + 1) * sizeof *f);
    if (!f)
        return -1;
    m->fields = f;
    field *nf = &m->fields[m->n_fields];
    memset(nf, 0, sizeof *nf);
    nf->name = strdup(name);
    nf->type = type;
    nf->derived = true;
    return (long)m->n_fields++;
}

/* A field reference NAME at LINE:COL; returns its index or -1 after an error. */
static long resolve_field(loader *ld, const char *name, int line, int col, const char *what)
{
    const model *m = ld->m;
    long i = model_field_index(m, name);
    if (i >= 0)
        return i;
    const char *hint = field_suggest(m->fields, m->n_fields, name);
    if (hint)
        err_at(ld, line, col, "%s '%s' is not declared in data.fields (did you mean '%s'?)", what,
               name, hint);
    else
        err_at(ld, line, col, "%s '%s' is not declared in data.fields", what, name);
    return -1;
}

static void resolve_expr(loader *ld, model_expr *e, const char *what)
{
    if (!e->src || e->tree)
        return;
    expr_error err;
    thrive_error rc = expr_parse(e->src, ld->m->fields, ld->m->n_fields, &e->tree, &err);
    if (rc == THRIVE_OK)
        return;
    int line = e->node->line, col = e->node->col;
    if (rc == THRIVE_ERROR_MODEL && kept(ld))
        ynode_text_pos(e->node, err.offset, &line, &col);
    err_at(ld, line, col, "in %s: %s", what, err.msg);
}

void model_resolve(model *m, diag_list *dl)
{
    loader ld = {m, dl};
    const ynode *data = ynode_get(m->root, "data");
    /* Without a dictionary (already reported), every field named anywhere
     * would be "not declared" too: one error says it all. */
    const ynode *fields = ynode_get(data, "fields");
    if (!fields || fields->kind != YNODE_MAP)
        return;
    if (m->id_field_name) {
        const ynode *v = ynode_get(data, "id");
        m->id_field = resolve_field(&ld, m->id_field_name, v->line, v->col, "the id field");
    }
    if (m->date_field_name) {
        const ynode *v = ynode_get(data, "date");
        m->date_field = resolve_field(&ld, m->date_field_name, v->line, v->col, "the date field");
        if (m->date_field >= 0 && m->fields[m->date_field].type != FIELD_DATE)
            err_at(&ld, v->line, v->col, "the date field '%s' must have type date, not %s",
                   m->date_field_name, field_type_name(m->fields[m->date_field].type));
    }
    for (size_t i = 0; i < m->n_areas; i++) {
        area *a = &m->areas[i];
        const char *names[2] = {a->baseline_name, a->review_name};
        int lines[2] = {a->baseline_line, a->review_line};
        int cols[2] = {a->baseline_col, a->review_col};
        size_t *slots[2] = {&a->baseline, &a->review};
        for (int k = 0; k < 2; k++) {
            if (!names[k])
                continue;
            long f = resolve_field(&ld, names[k], lines[k], cols[k],
                                   k ? "the review field" : "the baseline field");
            if (f < 0)
                continue;
            *slots[k] = (size_t)f;
            if (m->fields[f].type != FIELD_INTEGER)
                err_at(&ld, lines[k], cols[k],
                       "distance field '%s' must have type integer "
                       "(a point on the scale), not %s",
                       names[k], field_type_name(m->fields[f].type));
        }
    }
    for (size_t i = 0; i < m->n_breakdowns; i++) {
        breakdown *b = &m->breakdowns[i];
        long f = resolve_field(&ld, b->name, b->line, b->col, "breakdown field");
        if (f >= 0 && m->fields[f].personal)
            err_at(&ld, b->line, b->col,
                   "breakdown field '%s' is personal: its values would become row labels in "
                   "the workbook and keys in the summary; break down by a field that is not",
                   b->name);
        else if (f >= 0)
            b->field = (size_t)f;
    }
    char what[128];
    for (size_t i = 0; i < m->n_outputs; i++) {
        snprintf(what, sizeof what, "the count of output '%s'", m->outputs[i].id);
        resolve_expr(&ld, &m->outputs[i].count, what);
    }
    for (size_t i = 0; i < m->n_outcomes; i++) {
        snprintf(what, sizeof what, "'eligible' of outcome '%s'", m->outcomes[i].id);
        resolve_expr(&ld, &m->outcomes[i].eligible, what);
        snprintf(what, sizeof what, "'achieved' of outcome '%s'", m->outcomes[i].id);
        resolve_expr(&ld, &m->outcomes[i].achieved, what);
    }
}

static void free_refs(ref_list *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->ids[i]);
    free(r->ids);
    free(r->index);
    free(r->lines);
    free(r->cols);
}

static void free_strings(char **s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

void model_free(model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_inputs; i++) {
        free(m->inputs[i].id);
        free(m->inputs[i].label);
    }
    for (size_t i = 0; i < m->n_activities; i++) {
        free(m->activities[i].id);
        free(m->activities[i].label);
        free_refs(&m->activities[i].uses);
    }
    for (size_t i = 0; i < m->n_outputs; i++) {
        output *o = &m->outputs[i];
        free(o->id);
        free(o->label);
        free_refs(&o->from);
        free(o->count.src);
        expr_free(o->count.tree);
    }
    for (size_t i = 0; i < m->n_outcomes; i++) {
        outcome *o = &m->outcomes[i];
        free(o->id);
        free(o->label);
        free_refs(&o->from);
        free(o->eligible.src);
        expr_free(o->eligible.tree);
        free(o->achieved.src);
        expr_free(o->achieved.tree);
    }
    for (size_t i = 0; i < m->n_impacts; i++) {
        free(m->impacts[i].id);
        free(m->impacts[i].label);
        free_refs(&m->impacts[i].from);
    }
    for (size_t i = 0; i < m->n_fields; i++)
        field_clear(&m->fields[i]);
    for (size_t i = 0; i < m->n_areas; i++) {
        area *a = &m->areas[i];
        free(a->id);
        free(a->label);
        free(a->baseline_name);
        free(a->review_name);
    }
    for (size_t i = 0; i < m->n_breakdowns; i++)
        free(m->breakdowns[i].name);
    free(m->inputs);
    free(m->activities);
    free(m->outputs);
    free(m->outcomes);
    free(m->impacts);
    free(m->fields);
    free(m->areas);
    free(m->breakdowns);
    free_strings(m->assumptions, m->n_assumptions);
    free_strings(m->external_factors, m->n_external_factors);
    free(m->id);
    free(m->title);
    free(m->pilot);
    free(m->currency);
    free(m->rationale);
    free(m->target_group);
    free(m->period_start);
    free(m->period_end);
    free(m->id_field_name);
    free(m->date_field_name);
    ynode_free(m->root);
    free(m->file);
    free(m);
}

bool model_field_name_valid(const char *name)
{
    return valid_field_name(name);
}
