/* model_value.c - who an outcome's value goes to, the Green Book discount
 * schedule and the one-way sensitivity list of a model (see model_int.h;
 * docs/manual/logic-model.md, "Values" and "Sensitivity"). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

const char *const value_type_names[VALUE_TYPES] = {"", "fiscal", "economic", "social"};

/* The index of AGENCY among the model's agencies, added when new; -1 when
 * out of memory. */
static long agency_index(loader *ld, const char *agency)
{
    model *m = ld->m;
    for (size_t i = 0; i < m->n_agencies; i++)
        if (strcmp(m->agencies[i], agency) == 0)
            return (long)i;
    char **grown = realloc(m->agencies, (m->n_agencies + 1) * sizeof *grown);
    if (!grown) {
        ld->nomem = true;
        return -1;
    }
    m->agencies = grown;
    if (!(m->agencies[m->n_agencies] = ld_strdup(ld, agency)))
        return -1;
    return (long)m->n_agencies++;
}

/* Add a part of TYPE (AGENCY -1 for none) worth the number under KEY of MAP. */
static void add_part(loader *ld, outcome *o, const ynode *map, const char *key, value_type type,
                     long agency)
{
    double v;
    if (!ld_number(ld, map, key, 0, INFINITY, &v, type == VALUE_PLAIN ? "an outcome" : "a value"))
        return;
    value_part *grown = realloc(o->parts, (o->n_parts + 1) * sizeof *grown);
    if (!grown) {
        ld->nomem = true;
        return;
    }
    o->parts = grown;
    o->parts[o->n_parts++] = (value_part){type, agency, v};
    o->value += v;
}

/* fiscal: a number, or a mapping of agencies to numbers. */
static void load_fiscal(loader *ld, outcome *o, const ynode *split)
{
    const ynode *f = ynode_get(split, "fiscal");
    if (!f)
        return;
    if (f->kind != YNODE_MAP) {
        add_part(ld, o, split, "fiscal", VALUE_FISCAL, -1);
        return;
    }
    if (f->n == 0)
        ld_error(ld, f->line, f->col, "'fiscal' names no agency: give { agency: value, ... }");
    for (size_t i = 0; i < f->n; i++) {
        long a = agency_index(ld, f->keys[i]);
        if (a >= 0)
            add_part(ld, o, f, f->keys[i], VALUE_FISCAL, a);
    }
}

void ld_load_value(loader *ld, outcome *o, const ynode *node)
{
    const ynode *v = ynode_get(node, "value");
    if (!v)
        return;
    if (v->kind != YNODE_MAP) {
        add_part(ld, o, node, "value", VALUE_PLAIN, -1);
        o->has_value = o->n_parts > 0;
        return;
    }
    static const char *const keys[] = {"fiscal", "economic", "social"};
    ld_check_keys(ld, v, keys, 3, "a value", NULL);
    load_fiscal(ld, o, v);
    add_part(ld, o, v, "economic", VALUE_ECONOMIC, -1);
    add_part(ld, o, v, "social", VALUE_SOCIAL, -1);
    if (o->n_parts == 0)
        ld_error(ld, v->line, v->col,
                 "a value split by who benefits needs 'fiscal', 'economic' or 'social'");
    o->has_value = o->n_parts > 0;
}

bool ld_load_discount(loader *ld, const ynode *adj)
{
    const ynode *v = ynode_get(adj, "discount_rate");
    if (!v || v->kind != YNODE_SCALAR || strcmp(v->text, "green-book") != 0)
        return false;
    ld->m->adj.green_book = true;
    ld->m->adj.discount_rate = 0.035; /* its rate for years 1 to 30 */
    return true;
}

/* ---- sensitivity ---- */

static const char *const adjustment_params[] = {"deadweight", "displacement", "attribution",
                                                "optimism_bias", "discount_rate"};
static const char *const outcome_params[] = {"value", "duration", "drop_off", "achieved"};
#define PARAM_FORMS                                                                                \
    "adjustments.deadweight, .displacement, .attribution, .optimism_bias or .discount_rate; "      \
    "outcomes.ID.value, .duration, .drop_off or .achieved; or inputs.ID.cost"

static long find_id(const void *base, size_t n, size_t size, size_t id_off, const char *id,
                    size_t len)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = *(char *const *)((const char *)base + i * size + id_off);
        if (s && strlen(s) == len && memcmp(s, id, len) == 0)
            return (long)i;
    }
    return -1;
}

/* PATH as a kind and an index; false after an error at V. */
static bool parse_param(loader *ld, const ynode *v, const char *path, sens_item *it)
{
    const model *m = ld->m;
    if (strncmp(path, "adjustments.", 12) == 0)
        for (size_t k = 0; k < 5; k++)
            if (strcmp(path + 12, adjustment_params[k]) == 0) {
                it->kind = (sens_kind)k;
                return true;
            }
    const char *dot = strchr(path, '.'), *last = strrchr(path, '.');
    bool of_outcome = strncmp(path, "outcomes.", 9) == 0,
         of_input = strncmp(path, "inputs.", 7) == 0;
    if ((of_outcome || of_input) && last > dot + 1) {
        size_t len = (size_t)(last - dot - 1);
        long i = of_outcome ? find_id(m->outcomes, m->n_outcomes, sizeof *m->outcomes,
                                      offsetof(struct outcome, id), dot + 1, len)
                            : find_id(m->inputs, m->n_inputs, sizeof *m->inputs,
                                      offsetof(struct input, id), dot + 1, len);
        if (i < 0) {
            ld_error(ld, v->line, v->col, "'%s': no %s has the id '%.*s'", path,
                     of_outcome ? "outcome" : "input", (int)len, dot + 1);
            return false;
        }
        it->index = (size_t)i;
        for (size_t k = 0; of_outcome && k < 4; k++)
            if (strcmp(last + 1, outcome_params[k]) == 0) {
                it->kind = (sens_kind)(SENS_VALUE + k);
                return true;
            }
        if (of_input && strcmp(last + 1, "cost") == 0) {
            it->kind = SENS_COST;
            return true;
        }
    }
    ld_error(ld, v->line, v->col, "sensitivity 'param' must be " PARAM_FORMS "; found '%s'", path);
    return false;
}

/* low and high of item NODE, within what its parameter allows. */
static void load_range(loader *ld, const ynode *node, sens_item *it)
{
    bool share = it->kind <= SENS_DISCOUNT_RATE || it->kind == SENS_DROP_OFF;
    double lo = it->kind == SENS_DURATION ? 1 : 0, hi = share ? 1 : INFINITY;
    if (it->kind == SENS_DURATION)
        hi = 1000;
    const char *const ends[] = {"low", "high"};
    double *slots[] = {&it->low, &it->high};
    for (size_t e = 0; e < 2; e++) {
        if (!ynode_get(node, ends[e]))
            ld_error(ld, node->line, node->col, "a sensitivity item has no '%s'", ends[e]);
        else if (ld_number(ld, node, ends[e], lo, hi, slots[e], "a sensitivity item") &&
                 it->kind == SENS_DURATION && *slots[e] != floor(*slots[e])) {
            const ynode *v = ynode_get(node, ends[e]);
            ld_error(ld, v->line, v->col, "a duration is whole years, found %s", v->text);
        }
    }
}

static void load_item(loader *ld, const ynode *node, sens_item *it)
{
    static const char *const keys[] = {"param", "low", "high"};
    ld_check_keys(ld, node, keys, 3, "a sensitivity item", NULL);
    it->line = node->line;
    it->col = node->col;
    const char *path = ld_text(ld, node, "param", true, "a sensitivity item");
    if (!path || !parse_param(ld, ynode_get(node, "param"), path, it))
        return;
    if (it->kind == SENS_DISCOUNT_RATE && ld->m->adj.green_book) {
        const ynode *v = ynode_get(node, "param");
        ld_error(ld, v->line, v->col,
                 "the discount rate is the Green Book schedule (green-book), not one rate to vary");
        return;
    }
    load_range(ld, node, it);
}

void ld_load_sensitivity(loader *ld, const ynode *root)
{
    const ynode *list = ld_section(ld, root, "sensitivity", false);
    if (!list)
        return;
    model *m = ld->m;
    m->has_sensitivity = true;
    if (list->n && !(m->sensitivity = ld_calloc(ld, list->n, sizeof *m->sensitivity)))
        return;
    for (size_t i = 0; i < list->n; i++) {
        const ynode *node = list->items[i];
        if (!ld_expect(ld, node, YNODE_MAP, "a sensitivity item"))
            continue;
        load_item(ld, node, &m->sensitivity[m->n_sensitivity++]);
    }
}

void ld_free_values(model *m)
{
    for (size_t i = 0; i < m->n_agencies; i++)
        free(m->agencies[i]);
    free(m->agencies);
    free(m->sensitivity);
}
