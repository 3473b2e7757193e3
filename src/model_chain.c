/* model_chain.c - the logic chain of a model: inputs, activities, outputs,
 * outcomes and impacts, the adjustments, and the checks that tie them
 * together (see model_int.h). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "model_int.h"

/* ---- inputs ---- */

static void load_fte_cost(loader *ld, input *in, const ynode *c)
{
    static const char *const keys[] = {"fte", "annual_cost", "years"};
    ld_check_keys(ld, c, keys, 3, "a cost", NULL);
    in->cost_is_fte = true;
    in->years = 1;
    if (!ynode_get(c, "fte"))
        ld_error(ld, c->line, c->col, "cost has no 'fte'");
    if (!ynode_get(c, "annual_cost"))
        ld_error(ld, c->line, c->col, "cost has no 'annual_cost'");
    ld_number(ld, c, "fte", 0, INFINITY, &in->fte, "a cost");
    ld_number(ld, c, "annual_cost", 0, INFINITY, &in->annual_cost, "a cost");
    ld_number(ld, c, "years", 0, INFINITY, &in->years, "a cost");
    in->cost = in->fte * in->annual_cost * in->years;
    if (!isfinite(in->cost)) {
        ld_error(ld, c->line, c->col, "cost is too large: fte x annual_cost x years is beyond %g",
                 DBL_MAX);
        in->cost = 0;
    }
}

static void load_cost(loader *ld, input *in, const ynode *item)
{
    const ynode *c = ynode_get(item, "cost");
    if (!c) {
        ld_error(ld, item->line, item->col, "input '%s' has no 'cost' (every input has a cost)",
                 in->id ? in->id : "?");
        return;
    }
    in->cost_line = c->line;
    in->cost_col = c->col;
    double x;
    if (c->kind == YNODE_MAP)
        load_fte_cost(ld, in, c);
    else if (c->kind != YNODE_SCALAR)
        ld_error(ld, c->line, c->col, "cost must be a number or {fte, annual_cost, years}");
    else if (!field_parse_number(c->text, strlen(c->text), &x) || x < 0)
        ld_error(ld, c->line, c->col,
                 "cost must be a number of at least 0, or {fte, annual_cost, years}; found '%s'",
                 c->text);
    else
        in->cost = x;
}

static void load_input(loader *ld, void *item, const ynode *node)
{
    input *in = item;
    const ynode *k = ynode_get(node, "kind");
    if (!k)
        ld_error(ld, node->line, node->col, "input '%s' has no 'kind'", in->id ? in->id : "?");
    else if (ld_expect(ld, k, YNODE_SCALAR, "'kind'")) {
        int c = ld_choice(ld, k, "kind", input_kind_names, INPUT_KIND_COUNT, "an input");
        in->kind = c < 0 ? INPUT_OTHER : (input_kind)c;
    }
    load_cost(ld, in, node);
}

/* ---- activities, outputs, outcomes, impacts ---- */

static void load_activity(loader *ld, void *item, const ynode *node)
{
    ld_refs(ld, node, "uses", &((activity *)item)->uses, "an activity", true);
}

/* An expression under KEY, kept as written until the model is resolved;
 * ALL_OK: `all` stands for no condition. */
static void load_expr(loader *ld, const ynode *item, const char *key, model_expr *e, bool required,
                      bool all_ok, const char *where)
{
    const char *t = ld_text(ld, item, key, required, where);
    if (!t)
        return;
    e->node = ynode_get(item, key);
    if (!(all_ok && strcmp(t, "all") == 0))
        e->src = ld_strdup(ld, t);
}

static void load_output(loader *ld, void *item, const ynode *node)
{
    output *o = item;
    ld_refs(ld, node, "from", &o->from, "an output", true);
    load_expr(ld, node, "count", &o->count, true, true, "an output");
    o->has_target = ld_number(ld, node, "target", 0, INFINITY, &o->target, "an output");
}

/* horizon (required) and strategy (optional), two choices. */
static void load_outcome_kinds(loader *ld, outcome *o, const ynode *node)
{
    const ynode *h = ynode_get(node, "horizon");
    if (!h)
        ld_error(ld, node->line, node->col, "outcome '%s' has no 'horizon' (short | medium | long)",
                 o->id ? o->id : "?");
    else if (ld_expect(ld, h, YNODE_SCALAR, "'horizon'")) {
        int c = ld_choice(ld, h, "horizon", horizon_names, 3, "an outcome");
        o->horizon = c < 0 ? HORIZON_SHORT : (horizon)c;
    }
    ld_refs(ld, node, "from", &o->from, "an outcome", true);
    const ynode *s = ynode_get(node, "strategy");
    if (s && ld_expect(ld, s, YNODE_SCALAR, "'strategy'")) {
        int c = ld_choice(ld, s, "strategy", strategy_names + 1, 4, "an outcome");
        o->strategy = c < 0 ? STRATEGY_NONE : (strategy)(c + 1);
    }
}

static void load_outcome(loader *ld, void *item, const ynode *node)
{
    outcome *o = item;
    o->duration = 1;
    load_outcome_kinds(ld, o, node);
    load_expr(ld, node, "eligible", &o->eligible, false, true, "an outcome");
    load_expr(ld, node, "achieved", &o->achieved, true, false, "an outcome");
    o->has_target = ld_number(ld, node, "target", 0, 1, &o->target, "an outcome");
    ld_load_value(ld, o, node);
    double d;
    if (ld_number(ld, node, "duration", 1, 1000, &d, "an outcome")) {
        if (d != floor(d)) {
            const ynode *v = ynode_get(node, "duration");
            ld_error(ld, v->line, v->col, "'duration' must be a whole number of years, found %s",
                     v->text);
        } else
            o->duration = (int)d;
    }
    ld_number(ld, node, "drop_off", 0, 1, &o->drop_off, "an outcome");
}

static void load_impact(loader *ld, void *item, const ynode *node)
{
    ld_refs(ld, node, "from", &((impact *)item)->from, "an impact", true);
}

static const char *const input_keys[] = {"id", "label", "kind", "cost"};
static const char *const activity_keys[] = {"id", "label", "uses"};
static const char *const output_keys[] = {"id", "label", "from", "count", "target"};
static const char *const outcome_keys[] = {"id",       "label",    "horizon",  "from",
                                           "strategy", "eligible", "achieved", "target",
                                           "value",    "duration", "drop_off"};
static const char *const impact_keys[] = {"id", "label", "from"};

static void clear_activity(void *item)
{
    ld_free_refs(&((activity *)item)->uses);
}

static void clear_expr(model_expr *e)
{
    free(e->src);
    expr_free(e->tree);
}

static void clear_output(void *item)
{
    output *o = item;
    ld_free_refs(&o->from);
    clear_expr(&o->count);
}

static void clear_outcome(void *item)
{
    outcome *o = item;
    ld_free_refs(&o->from);
    clear_expr(&o->eligible);
    clear_expr(&o->achieved);
    free(o->parts);
}

static void clear_impact(void *item)
{
    ld_free_refs(&((impact *)item)->from);
}

static const item_kind input_items =
    ITEM_KIND(input, "an input", "input", "inputs", input_keys, load_input, NULL);
static const item_kind activity_items = ITEM_KIND(activity, "an activity", "activity", "activities",
                                                  activity_keys, load_activity, clear_activity);
static const item_kind output_items =
    ITEM_KIND(output, "an output", "output", "outputs", output_keys, load_output, clear_output);
static const item_kind outcome_items = ITEM_KIND(outcome, "an outcome", "outcome", "outcomes",
                                                 outcome_keys, load_outcome, clear_outcome);
static const item_kind impact_items =
    ITEM_KIND(impact, "an impact", "impact", "impacts", impact_keys, load_impact, clear_impact);

/* ---- the lists that are not items ---- */

static char **load_strings(loader *ld, const ynode *root, const char *key, size_t *n)
{
    const ynode *v = ynode_get(root, key);
    char what[64];
    snprintf(what, sizeof what, "'%s'", key);
    if (!v || !ld_expect(ld, v, YNODE_SEQ, what))
        return NULL;
    char **out = ld_calloc(ld, v->n, sizeof *out);
    for (size_t i = 0; out && i < v->n; i++) {
        if (v->items[i]->kind != YNODE_SCALAR)
            ld_error(ld, v->items[i]->line, v->items[i]->col, "%s must list sentences", what);
        else if (!(out[*n] = ld_strdup(ld, v->items[i]->text)))
            break;
        else
            ++*n;
    }
    return out;
}

static void load_adjustments(loader *ld, const ynode *root)
{
    const ynode *a = ynode_get(root, "adjustments");
    if (!a || !ld_expect(ld, a, YNODE_MAP, "'adjustments'"))
        return;
    static const char *const keys[] = {"deadweight", "displacement", "attribution", "optimism_bias",
                                       "discount_rate"};
    ld_check_keys(ld, a, keys, 5, "'adjustments'", NULL);
    adjustments *adj = &ld->m->adj;
    double *slots[] = {&adj->deadweight, &adj->displacement, &adj->attribution, &adj->optimism_bias,
                       &adj->discount_rate};
    bool green_book = ld_load_discount(ld, a);
    for (size_t i = 0; i < (green_book ? 4u : 5u); i++) /* green-book is not a number */
        ld_number(ld, a, keys[i], 0, 1, slots[i], "'adjustments'");
}

/* The total cost and the adjusted cost (at most twice it: optimism_bias
 * <= 1) must be numbers, or the figures built on them are lost. */
static void check_total_cost(loader *ld, const ynode *root)
{
    if (isfinite(2 * model_total_cost(ld->m)))
        return;
    int line, col;
    ld_key_pos(root, "inputs", &line, &col);
    ld_error(ld, line, col,
             "the total cost of the inputs is too large (beyond %g with optimism bias)", DBL_MAX);
}

/* The items of section KEY, of kind K: an array of *N. */
static void *load_section(loader *ld, const ynode *root, const char *key, bool required,
                          const item_kind *k, size_t *n)
{
    const ynode *list = ld_section(ld, root, key, required);
    return list ? ld_items(ld, list, k, n) : NULL;
}

void ld_load_chain(loader *ld, const ynode *root)
{
    model *m = ld->m;
    m->inputs = load_section(ld, root, "inputs", true, &input_items, &m->n_inputs);
    const ynode *inputs = ynode_get(root, "inputs");
    if (inputs && inputs->kind == YNODE_SEQ && inputs->n == 0)
        ld_error(ld, inputs->line, inputs->col,
                 "'inputs' is empty: list the resources and their costs");
    m->activities = load_section(ld, root, "activities", true, &activity_items, &m->n_activities);
    m->outputs = load_section(ld, root, "outputs", true, &output_items, &m->n_outputs);
    m->outcomes = load_section(ld, root, "outcomes", true, &outcome_items, &m->n_outcomes);
    m->impacts = load_section(ld, root, "impacts", false, &impact_items, &m->n_impacts);
    m->assumptions = load_strings(ld, root, "assumptions", &m->n_assumptions);
    m->external_factors = load_strings(ld, root, "external_factors", &m->n_external_factors);
    load_adjustments(ld, root);
    ld_load_sensitivity(ld, root);
    check_total_cost(ld, root);
}

void ld_check_ids(loader *ld)
{
    model *m = ld->m;
    ld_unique(ld, &input_items, m->inputs, m->n_inputs);
    ld_unique(ld, &activity_items, m->activities, m->n_activities);
    ld_unique(ld, &output_items, m->outputs, m->n_outputs);
    ld_unique(ld, &outcome_items, m->outcomes, m->n_outcomes);
    ld_unique(ld, &impact_items, m->impacts, m->n_impacts);
    ld_unique(ld, &ld_area_items, m->areas, m->n_areas);
    for (size_t i = 0; i < m->n_activities; i++)
        ld_resolve_refs(ld, &m->activities[i].uses, &input_items, m->inputs, m->n_inputs);
    for (size_t i = 0; i < m->n_outputs; i++)
        ld_resolve_refs(ld, &m->outputs[i].from, &activity_items, m->activities, m->n_activities);
    for (size_t i = 0; i < m->n_outcomes; i++)
        ld_resolve_refs(ld, &m->outcomes[i].from, &output_items, m->outputs, m->n_outputs);
    for (size_t i = 0; i < m->n_impacts; i++)
        ld_resolve_refs(ld, &m->impacts[i].from, &outcome_items, m->outcomes, m->n_outcomes);
}

void ld_free_chain(model *m)
{
    ld_free_items(&input_items, m->inputs, m->n_inputs);
    ld_free_items(&activity_items, m->activities, m->n_activities);
    ld_free_items(&output_items, m->outputs, m->n_outputs);
    ld_free_items(&outcome_items, m->outcomes, m->n_outcomes);
    ld_free_items(&impact_items, m->impacts, m->n_impacts);
    for (size_t i = 0; i < m->n_assumptions; i++)
        free(m->assumptions[i]);
    free(m->assumptions);
    for (size_t i = 0; i < m->n_external_factors; i++)
        free(m->external_factors[i]);
    free(m->external_factors);
    ld_free_values(m);
}
