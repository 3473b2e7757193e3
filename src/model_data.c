/* model_data.c - what a model says of its case data: the dictionary
 * (data.id, data.date, data.fields), distance travelled (a scale and its
 * areas) and the breakdowns (see model_int.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "model_int.h"

/* ---- the data dictionary ---- */

/* min or max of F, a value of F's type. */
static void load_bound(loader *ld, const ynode *spec, field *f, const char *key, bool *has,
                       double *out, int *line)
{
    const char *t = ld_text(ld, spec, key, false, "a field");
    if (!t)
        return;
    const ynode *v = ynode_get(spec, key);
    if (!field_type_numeric(f->type))
        ld_error(ld, v->line, v->col,
                 "'%s' applies to integer, number and date fields, not to %s field '%s'", key,
                 field_type_name(f->type), f->name);
    else if (!field_parse_value(f->type, t, strlen(t), out))
        ld_error(ld, v->line, v->col, "'%s' of field '%s' must be %s, found '%s'", key, f->name,
                 f->type == FIELD_DATE      ? "a date (YYYY-MM-DD)"
                 : f->type == FIELD_INTEGER ? "an integer"
                                            : "a number",
                 t);
    else {
        *has = true;
        *line = v->line;
    }
}

static void load_pattern(loader *ld, const ynode *spec, field *f)
{
    const char *pat = ld_text(ld, spec, "pattern", false, "a field");
    if (!pat)
        return;
    char why[160];
    size_t off = 0;
    thrive_error e = pattern_compile(pat, PATTERN_WHOLE, &f->pattern, &off, why, sizeof why);
    if (e == THRIVE_ERROR_NOMEM)
        ld->nomem = true;
    else if (e != THRIVE_OK) {
        int line, col;
        ynode_text_pos(ynode_get(spec, "pattern"), off, &line, &col);
        ld_error(ld, line, col, "bad pattern for field '%s': %s", f->name, why);
    } else if (pattern_backtracks(f->pattern, why, sizeof why)) {
        /* exact still (a value that reaches the limits is an error), but
         * likely to stop a run: say so now (docs/manual/case-data.md) */
        const ynode *at = ynode_get(spec, "pattern");
        diag_warning(ld->dl, ld->m->file, at->line, at->col,
                     "the pattern /%s/ of field '%s' backtracks exponentially (on a value of %s "
                     "it takes over 200,000 steps): a longer value will reach its limits and "
                     "stop the run; rewrite it without nested repetition such as (a+)+",
                     pat, f->name, why);
    }
}

/* Value TEXT of enum field F, written at LINE:COL, with LABEL (NULL: none). */
static void add_value(loader *ld, field *f, int line, int col, const char *text, const char *label)
{
    size_t i = f->n_values;
    if (!(f->values[i] = ld_strdup(ld, text)))
        return;
    f->value_lens[i] = strlen(text);
    if (!field_index_value(f, i))
        ld_error(ld, line, col, "value '%s' is listed twice", text);
    if (label && f->labels)
        f->labels[i] = ld_strdup(ld, label);
    f->n_values++;
}

/* A label: a single value, not empty. */
static const char *label_text(loader *ld, const ynode *l, const char *value)
{
    if (l->kind != YNODE_SCALAR || !l->text[0]) {
        ld_error(ld, l->line, l->col, "the label of value '%s' must be a single value, not %s",
                 value, l->kind == YNODE_SCALAR ? "empty" : ynode_kind_word(l->kind));
        return NULL;
    }
    return l->text;
}

/* `values: [a, b]`, or `values: {a: Label A, b: Label B}` (manual:
 * logic-model.md, "Labels for values"). */
static void load_value_list(loader *ld, const ynode *vals, field *f)
{
    bool map = vals->kind == YNODE_MAP;
    f->values = ld_calloc(ld, vals->n, sizeof *f->values);
    f->value_lens = ld_calloc(ld, vals->n, sizeof *f->value_lens);
    if (map)
        f->labels = ld_calloc(ld, vals->n, sizeof *f->labels);
    /* repeats found through the index: a list of 200,000 values in linear time */
    bool ok = f->values && f->value_lens && (!map || f->labels);
    if (ok && !field_index_values(f, vals->n))
        ld->nomem = true;
    for (size_t i = 0; f->value_slots && i < vals->n; i++) {
        const ynode *v = vals->items[i];
        if (map) {
            add_value(ld, f, vals->key_lines[i], vals->key_cols[i], vals->keys[i],
                      label_text(ld, v, vals->keys[i]));
        } else if (v->kind != YNODE_SCALAR)
            ld_error(ld, v->line, v->col, "enum values must be single values");
        else
            add_value(ld, f, v->line, v->col, v->text, NULL);
    }
}

/* `labels: {a: Label A}` beside a list of values: each key one of them. */
static void load_labels(loader *ld, const ynode *spec, field *f)
{
    const ynode *labels = ynode_get(spec, "labels");
    if (!labels)
        return;
    const ynode *vals = ynode_get(spec, "values");
    if (f->type != FIELD_ENUM || !vals || vals->kind != YNODE_SEQ) {
        ld_error(ld, labels->line, labels->col,
                 "'labels' applies to an enum field with a list of 'values'%s",
                 vals && vals->kind == YNODE_MAP ? " (here the values carry their labels already)"
                                                 : "");
        return;
    }
    if (!ld_expect(ld, labels, YNODE_MAP, "'labels'") || !f->n_values)
        return;
    if (!f->labels && !(f->labels = ld_calloc(ld, f->n_values, sizeof *f->labels)))
        return;
    for (size_t i = 0; i < labels->n; i++) {
        const char *key = labels->keys[i];
        long k = field_value_index(f, key, strlen(key));
        if (k < 0) {
            const char *near = diag_suggest(key, (const char *const *)f->values, f->n_values);
            ld_error(ld, labels->key_lines[i], labels->key_cols[i],
                     "'%s' is not one of the values of field '%s'%s%s%s", key, f->name,
                     near ? ": did you mean '" : "", near ? near : "", near ? "'?" : "");
            continue;
        }
        const char *text = label_text(ld, labels->items[i], key);
        if (text && !(f->labels[k] = ld_strdup(ld, text)))
            return;
    }
}

static void load_values(loader *ld, const ynode *spec, field *f)
{
    const ynode *vals = ynode_get(spec, "values");
    if (vals && f->type != FIELD_ENUM)
        ld_error(ld, vals->line, vals->col,
                 "'values' applies to enum fields only; field '%s' is %s", f->name,
                 field_type_name(f->type));
    else if (vals && vals->kind != YNODE_SEQ && vals->kind != YNODE_MAP)
        ld_error(ld, vals->line, vals->col,
                 "'values' must be a list of values, or a mapping of each value to its label; "
                 "found %s",
                 ynode_kind_word(vals->kind));
    else if (vals)
        load_value_list(ld, vals, f);
    if (f->type == FIELD_ENUM && f->n_values == 0 && (!vals || vals->kind != YNODE_SCALAR))
        ld_error(ld, spec->line, spec->col, "enum field '%s' needs a non-empty 'values' list",
                 f->name);
    load_labels(ld, spec, f);
}

static void load_field(loader *ld, field *f, const ynode *fields, size_t i)
{
    const char *name = fields->keys[i];
    const ynode *spec = fields->items[i];
    f->line = fields->key_lines[i];
    f->col = fields->key_cols[i];
    if (!(f->name = ld_strdup(ld, name)))
        return;
    if (!field_name_valid(name))
        ld_error(ld, f->line, f->col,
                 "field name '%s' must start with a letter or '_' and use only letters, digits "
                 "and '_'",
                 name);
    if (!ld_expect(ld, spec, YNODE_MAP, "a field"))
        return;
    static const char *const keys[] = {"type",   "pattern", "min",      "max",
                                       "values", "labels",  "required", "personal"};
    ld_check_keys(ld, spec, keys, 8, "a field", NULL);
    const ynode *t = ynode_get(spec, "type");
    if (!t)
        ld_error(ld, spec->line, spec->col,
                 "field '%s' has no 'type' (text | integer | number | date | enum)", name);
    else if (ld_expect(ld, t, YNODE_SCALAR, "'type'")) {
        int c = ld_choice(ld, t, "type", field_type_names, FIELD_TYPE_COUNT, "a field");
        f->type = c < 0 ? FIELD_TEXT : (field_type)c;
    }
    load_pattern(ld, spec, f);
    load_bound(ld, spec, f, "min", &f->has_min, &f->min, &f->min_line);
    load_bound(ld, spec, f, "max", &f->has_max, &f->max, &f->max_line);
    if (f->has_min && f->has_max && f->min > f->max) {
        int line, col;
        ld_key_pos(spec, "min", &line, &col);
        ld_error(ld, line, col, "field '%s' has min greater than max", name);
    }
    load_values(ld, spec, f);
    f->required = ld_bool(ld, spec, "required", "a field");
    f->personal = ld_bool(ld, spec, "personal", "a field");
}

void ld_load_data(loader *ld, const ynode *root)
{
    const ynode *d = ynode_get(root, "data");
    if (!d) {
        ld_error(ld, root->line, root->col,
                 "the model has no 'data' section (the case data's dictionary)");
        return;
    }
    if (!ld_expect(ld, d, YNODE_MAP, "'data'"))
        return;
    static const char *const keys[] = {"id", "date", "fields"};
    ld_check_keys(ld, d, keys, 3, "'data'", NULL);
    model *m = ld->m;
    m->id_field_name = ld_dup_text(ld, d, "id", true, "'data'");
    m->date_field_name = ld_dup_text(ld, d, "date", false, "'data'");
    const ynode *fields = ynode_get(d, "fields");
    if (!fields) {
        ld_error(ld, d->line, d->col, "'data' has no 'fields'");
        return;
    }
    if (!ld_expect(ld, fields, YNODE_MAP, "'fields'"))
        return;
    m->fields = ld_calloc(ld, fields->n, sizeof *m->fields);
    for (size_t i = 0; m->fields && i < fields->n; i++)
        load_field(ld, &m->fields[m->n_fields++], fields, i);
}

/* ---- distance travelled ---- */

static void load_scale(loader *ld, const ynode *s)
{
    static const char *const keys[] = {"min", "max"};
    ld_check_keys(ld, s, keys, 2, "'scale'", NULL);
    double bound[2] = {0, 0};
    bool has[2] = {false, false};
    for (int k = 0; k < 2; k++) {
        const char *t = ld_text(ld, s, keys[k], true, "'scale'");
        if (!t)
            continue;
        const ynode *v = ynode_get(s, keys[k]);
        if (!field_parse_integer(t, strlen(t), &bound[k]) || fabs(bound[k]) > 1000)
            ld_error(ld, v->line, v->col,
                     "scale '%s' must be a whole number between -1000 and 1000, found '%s'",
                     keys[k], t);
        else
            has[k] = true;
    }
    if (!has[0] || !has[1])
        return;
    if (bound[0] >= bound[1]) {
        ld_error(ld, s->line, s->col, "the scale's min (%g) must be less than its max (%g)",
                 bound[0], bound[1]);
        return;
    }
    ld->m->has_scale = true;
    ld->m->scale_min = (int)bound[0];
    ld->m->scale_max = (int)bound[1];
}

static void load_area(loader *ld, void *item, const ynode *node)
{
    area *a = item;
    a->baseline_name = ld_dup_text(ld, node, "baseline", true, "an area");
    a->review_name = ld_dup_text(ld, node, "review", true, "an area");
    /* Errors about the fields point at the names, as for data.id. */
    const ynode *bv = ynode_get(node, "baseline"), *rv = ynode_get(node, "review");
    a->baseline_line = bv ? bv->line : node->line;
    a->baseline_col = bv ? bv->col : node->col;
    a->review_line = rv ? rv->line : node->line;
    a->review_col = rv ? rv->col : node->col;
    static const char *const better[] = {"higher", "lower"};
    const ynode *b = ynode_get(node, "better");
    if (b && ld_expect(ld, b, YNODE_SCALAR, "'better'"))
        a->lower_is_better = ld_choice(ld, b, "better", better, 2, "an area") == 1;
}

static void clear_area(void *item)
{
    area *a = item;
    free(a->baseline_name);
    free(a->review_name);
}

static const char *const area_keys[] = {"id", "label", "baseline", "review", "better"};
const item_kind ld_area_items =
    ITEM_KIND(area, "an area", "area", "distance areas", area_keys, load_area, clear_area);

void ld_load_distance(loader *ld, const ynode *root)
{
    const ynode *d = ynode_get(root, "distance_travelled");
    if (!d || !ld_expect(ld, d, YNODE_MAP, "'distance_travelled'"))
        return;
    static const char *const keys[] = {"scale", "areas"};
    ld_check_keys(ld, d, keys, 2, "'distance_travelled'", NULL);
    const ynode *s = ynode_get(d, "scale");
    if (!s)
        ld_error(ld, d->line, d->col, "'distance_travelled' has no 'scale' ({min, max})");
    else if (ld_expect(ld, s, YNODE_MAP, "'scale'"))
        load_scale(ld, s);
    const ynode *areas = ynode_get(d, "areas");
    if (!areas)
        ld_error(ld, d->line, d->col, "'distance_travelled' has no 'areas'");
    else if (ld_expect(ld, areas, YNODE_SEQ, "'areas'"))
        ld->m->areas = ld_items(ld, areas, &ld_area_items, &ld->m->n_areas);
}

/* ---- breakdowns ---- */

void ld_load_breakdowns(loader *ld, const ynode *root)
{
    const ynode *b = ynode_get(root, "breakdowns");
    if (!b || !ld_expect(ld, b, YNODE_SEQ, "'breakdowns'"))
        return;
    model *m = ld->m;
    m->breakdowns = ld_calloc(ld, b->n, sizeof *m->breakdowns);
    for (size_t i = 0; m->breakdowns && i < b->n; i++) {
        const ynode *v = b->items[i];
        if (v->kind != YNODE_SCALAR) {
            ld_error(ld, v->line, v->col, "'breakdowns' must list field names");
            continue;
        }
        breakdown *bd = &m->breakdowns[m->n_breakdowns];
        if (!(bd->name = ld_strdup(ld, v->text)))
            break;
        bd->line = v->line;
        bd->col = v->col;
        m->n_breakdowns++;
    }
}

void ld_free_data(model *m)
{
    for (size_t i = 0; i < m->n_fields; i++)
        field_clear(&m->fields[i]);
    free(m->fields);
    ld_free_items(&ld_area_items, m->areas, m->n_areas);
    for (size_t i = 0; i < m->n_breakdowns; i++)
        free(m->breakdowns[i].name);
    free(m->breakdowns);
    free(m->id_field_name);
    free(m->date_field_name);
}
