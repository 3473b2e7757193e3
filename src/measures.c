/* measures.c - the one-pass computation of docs/manual/methods.md (see measures.h). */
#include "measures.h"

#include "expr.h"
#include "hash.h"
#include "vfm.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MISSING_LABEL "(missing)"
#define OTHER_LABEL   "(other)" /* values past GROUPS_MAX */

/* Groups of rows keyed by a label, with a hash index over them. */
typedef struct group_set {
    res_group *groups;
    size_t n, cap;
    uint32_t *index; /* group number + 1, 0 = empty; size index_cap */
    size_t index_cap;
    long long rows_in_other;
    /* A shortcut from a small integer key (an enum value's index, a
     * quarter's number) to its group, so most rows skip the label. */
    uint32_t *by_key; /* group number + 1, 0 = not yet seen */
    size_t n_keys;
    bool nomem; /* a group could not be added: the counts are incomplete */
} group_set;

/* Quarters from April 1900 to March 2200 take the shortcut. */
#define QUARTER_FIRST_YEAR 1900
#define QUARTER_KEYS       (300 * 4)

typedef struct area_acc {
    long long n, n_missing_review;
    long long sum_baseline, sum_review;
    long long *hist; /* changes from -span to +span */
    long span;
} area_acc;

/* An output's count, and whether this row counts in it. */
typedef struct output_acc {
    long long count;
    bool hit;
} output_acc;

/* An outcome's counts, and this row's part in them. */
typedef struct outcome_acc {
    long long eligible, achieved;
    bool eligible_hit, achieved_hit;
} outcome_acc;

struct measures {
    const model *m;
    long long n;
    output_acc *outputs;   /* [m->n_outputs] */
    outcome_acc *outcomes; /* [m->n_outcomes] */
    area_acc *areas;
    group_set *breakdowns;
    group_set quarters;
};

/* The slot of INDEX (CAP slots, a power of two) that holds the group
 * labelled LABEL (LEN bytes), or else the empty slot where it goes. */
static size_t index_slot(const group_set *gs, const uint32_t *index, size_t cap, const char *label,
                         size_t len)
{
    size_t j = (size_t)hash_fnv1a(label, len) & (cap - 1);
    for (; index[j]; j = (j + 1) & (cap - 1)) {
        const res_group *g = &gs->groups[index[j] - 1];
        if (strlen(g->label) == len && memcmp(g->label, label, len) == 0)
            break;
    }
    return j;
}

/* Double the index (4096 slots at first), re-placing every group.  A
 * breakdown's groups never fill it; quarters are not capped in number. */
static bool index_grow(group_set *gs)
{
    size_t cap = gs->index_cap ? gs->index_cap * 2 : 4096;
    uint32_t *index = calloc(cap, sizeof *index);
    if (!index)
        return false;
    for (size_t k = 0; k < gs->n; k++) {
        const char *label = gs->groups[k].label;
        index[index_slot(gs, index, cap, label, strlen(label))] = (uint32_t)k + 1;
    }
    free(gs->index);
    gs->index = index;
    gs->index_cap = cap;
    return true;
}

/* The group labelled LABEL (LEN bytes), added if new and fewer than
 * MAX_GROUPS; NULL past the cap, or (with GS->nomem set) out of memory. */
static res_group *group_find(group_set *gs, const model *m, const char *label, size_t len,
                             size_t max_groups)
{
    /* At most half full, so that a probe always ends at an empty slot. */
    if (2 * (gs->n + 1) > gs->index_cap && !index_grow(gs)) {
        gs->nomem = true;
        return NULL;
    }
    size_t j = index_slot(gs, gs->index, gs->index_cap, label, len);
    if (gs->index[j])
        return &gs->groups[gs->index[j] - 1];
    if (gs->n >= max_groups)
        return NULL;
    if (gs->n == gs->cap) {
        size_t cap = gs->cap ? gs->cap * 2 : 16;
        res_group *grown = realloc(gs->groups, cap * sizeof *grown);
        if (!grown) {
            gs->nomem = true;
            return NULL;
        }
        gs->groups = grown;
        gs->cap = cap;
    }
    res_group *g = &gs->groups[gs->n];
    memset(g, 0, sizeof *g);
    g->label = malloc(len + 1);
    g->output_counts = calloc(m->n_outputs ? m->n_outputs : 1, sizeof *g->output_counts);
    g->eligible = calloc(m->n_outcomes ? m->n_outcomes : 1, sizeof *g->eligible);
    g->achieved = calloc(m->n_outcomes ? m->n_outcomes : 1, sizeof *g->achieved);
    if (!g->label || !g->output_counts || !g->eligible || !g->achieved) {
        results_group_free(g);
        gs->nomem = true;
        return NULL;
    }
    g->sort_key = (long long)gs->n; /* the order of first appearance */
    memcpy(g->label, label, len);
    g->label[len] = '\0';
    gs->index[j] = (uint32_t)++gs->n;
    return g;
}

static bool group_keys_init(group_set *gs, size_t n_keys)
{
    gs->n_keys = n_keys;
    gs->by_key = calloc(n_keys, sizeof *gs->by_key);
    return gs->by_key != NULL;
}

measures *measures_new(const model *m)
{
    measures *ms = calloc(1, sizeof *ms);
    if (!ms)
        return NULL;
    ms->m = m;
    size_t no = m->n_outputs ? m->n_outputs : 1, nc = m->n_outcomes ? m->n_outcomes : 1;
    ms->outputs = calloc(no, sizeof *ms->outputs);
    ms->outcomes = calloc(nc, sizeof *ms->outcomes);
    ms->areas = calloc(m->n_areas ? m->n_areas : 1, sizeof *ms->areas);
    ms->breakdowns = calloc(m->n_breakdowns ? m->n_breakdowns : 1, sizeof *ms->breakdowns);
    if (!ms->outputs || !ms->outcomes || !ms->areas || !ms->breakdowns) {
        measures_free(ms);
        return NULL;
    }
    for (size_t b = 0; b < m->n_breakdowns; b++) {
        const field *f = &m->fields[m->breakdowns[b].field];
        /* enum values by index, then "(missing)"; other fields: "(missing)" */
        size_t n_keys = (f->type == FIELD_ENUM && !f->derived ? f->n_values : 0) + 1;
        if (!group_keys_init(&ms->breakdowns[b], n_keys)) {
            measures_free(ms);
            return NULL;
        }
    }
    if (!group_keys_init(&ms->quarters, QUARTER_KEYS + 1)) {
        measures_free(ms);
        return NULL;
    }
    long span = m->has_scale ? m->scale_max - m->scale_min : 0;
    for (size_t a = 0; a < m->n_areas; a++) {
        ms->areas[a].span = span;
        ms->areas[a].hist = calloc((size_t)(2 * span + 1), sizeof *ms->areas[a].hist);
        if (!ms->areas[a].hist) {
            measures_free(ms);
            return NULL;
        }
    }
    return ms;
}

/* UK financial-year quarter of a date: the year it starts in and Q1-Q4. */
static void quarter_of(double days, int *fy, int *q)
{
    int y, mo, d;
    field_civil_from_days((long)days, &y, &mo, &d);
    *fy = mo >= 4 ? y : y - 1;
    *q = mo >= 4 ? (mo - 4) / 3 + 1 : 4;
}

long long measures_quarter(double days)
{
    int fy, q;
    quarter_of(days, &fy, &q);
    return (long long)fy * 4 + (q - 1);
}

int measures_quarter_label(long long key, char *buf, size_t n)
{
    long long fy = key >= 0 ? key / 4 : (key - 3) / 4;
    int q = (int)(key - fy * 4) + 1;
    return snprintf(buf, n, "%lld-%02lld Q%d", fy, (fy + 1) % 100, q);
}

/* The group already seen under KEY, or NULL. */
static res_group *group_known(const group_set *gs, size_t key)
{
    return key < gs->n_keys && gs->by_key[key] ? &gs->groups[gs->by_key[key] - 1] : NULL;
}

/* The group of KEY (any size_t: those past n_keys take no shortcut), found
 * by LABEL the first time. */
static res_group *group_by_key(group_set *gs, const model *m, size_t key, const char *label,
                               size_t len, size_t max_groups)
{
    res_group *g = group_known(gs, key);
    if (g)
        return g;
    g = group_find(gs, m, label, len, max_groups);
    if (g && key < gs->n_keys)
        gs->by_key[key] = (uint32_t)(g - gs->groups) + 1;
    return g;
}

/* The label of a plugin's numeric derived field: it has a number but no
 * text (set_number), so write the number as the data would: a date as
 * YYYY-MM-DD, otherwise the shortest form that reads back the same. */
static size_t derived_number_label(const field *f, const cell *c, char *buf, size_t n)
{
    int len;
    if (f->type == FIELD_DATE) {
        int y, mo, d;
        field_civil_from_days((long)c->num, &y, &mo, &d);
        len = snprintf(buf, n, "%04d-%02d-%02d", y, mo, d);
    } else {
        len = snprintf(buf, n, "%.15g", c->num);
        if (strtod(buf, NULL) != c->num)
            len = snprintf(buf, n, "%.17g", c->num);
    }
    return len < 0 ? 0 : (size_t)len < n ? (size_t)len : n - 1;
}

static void add_to_group(res_group *g, const measures *ms)
{
    const model *m = ms->m;
    g->participants++;
    for (size_t i = 0; i < m->n_outputs; i++)
        g->output_counts[i] += ms->outputs[i].hit;
    for (size_t i = 0; i < m->n_outcomes; i++) {
        g->eligible[i] += ms->outcomes[i].eligible_hit;
        g->achieved[i] += ms->outcomes[i].achieved_hit;
    }
}

/* Whether the LEN bytes at S are a built-in label in K >= 0 pairs of
 * double quotes: "(missing)", "\"(other)\"", ... */
static bool quoted_builtin(const char *s, size_t len)
{
    size_t k = 0;
    while (2 * (k + 1) <= len && s[k] == '"' && s[len - 1 - k] == '"')
        k++;
    size_t in = len - 2 * k;
    return (in == strlen(MISSING_LABEL) && memcmp(s + k, MISSING_LABEL, in) == 0) ||
           (in == strlen(OTHER_LABEL) && memcmp(s + k, OTHER_LABEL, in) == 0);
}

/* The group of a value from the data (LABEL, LEN bytes).  A value written
 * exactly as a built-in group, (missing) or (other), is its own group,
 * labelled in double quotes ("(missing)"); a value already so quoted
 * takes one more pair, so no two values ever share a label
 * (docs/manual/methods.md, section 6). */
static res_group *data_group(group_set *gs, const model *m, size_t key, const char *label,
                             size_t len)
{
    if (!quoted_builtin(label, len))
        return group_by_key(gs, m, key, label, len, GROUPS_MAX);
    char *q = malloc(len + 3);
    if (!q) {
        gs->nomem = true;
        return NULL;
    }
    q[0] = '"';
    memcpy(q + 1, label, len);
    q[len + 1] = '"';
    q[len + 2] = '\0';
    res_group *g = group_by_key(gs, m, key, q, len + 2, GROUPS_MAX);
    free(q);
    return g;
}

/* This row's group of breakdown I. */
static void add_breakdown(measures *ms, size_t i, const cell *row)
{
    const model *m = ms->m;
    const field *f = &m->fields[m->breakdowns[i].field];
    const cell *c = &row[m->breakdowns[i].field];
    group_set *gs = &ms->breakdowns[i];
    res_group *g;
    if (!c->present) { /* the last key: "(missing)", listed last */
        g = group_by_key(gs, m, gs->n_keys - 1, MISSING_LABEL, strlen(MISSING_LABEL),
                         GROUPS_MAX + 1);
        if (g)
            g->sort_key = LLONG_MAX;
    } else if (f->type == FIELD_ENUM && !f->derived) {
        g = data_group(gs, m, (size_t)c->num, c->str, c->len);
        if (g) /* listed in the order the model declares the values */
            g->sort_key = (long long)c->num;
    } else if (f->derived && f->type != FIELD_TEXT && f->type != FIELD_ENUM) {
        char label[32];
        g = group_find(gs, m, label, derived_number_label(f, c, label, sizeof label), GROUPS_MAX);
    } else
        g = data_group(gs, m, (size_t)-1, c->str, c->len);
    if (!g && !gs->nomem) {
        /* Past the cap: counted together, so totals still add up. */
        gs->rows_in_other++;
        g = group_find(gs, m, OTHER_LABEL, strlen(OTHER_LABEL), GROUPS_MAX + 2);
        if (g)
            g->sort_key = LLONG_MAX - 1; /* after the values, before "(missing)" */
    }
    if (g)
        add_to_group(g, ms);
}

/* This row's quarter. */
static void add_quarter(measures *ms, const cell *row)
{
    const cell *c = &row[ms->m->date_field];
    size_t key = QUARTER_KEYS; /* the last key: "(missing)" */
    int fy = 0, q = 0;
    if (c->present) {
        quarter_of(c->num, &fy, &q);
        key = fy >= QUARTER_FIRST_YEAR && fy < QUARTER_FIRST_YEAR + QUARTER_KEYS / 4
                  ? (size_t)(fy - QUARTER_FIRST_YEAR) * 4 + (size_t)(q - 1)
                  : (size_t)-1;
    }
    res_group *g = group_known(&ms->quarters, key);
    if (!g) {
        char label[32]; /* labelled like "2009-10 Q3" */
        int len = c->present
                      ? measures_quarter_label((long long)fy * 4 + (q - 1), label, sizeof label)
                      : snprintf(label, sizeof label, "%s", MISSING_LABEL);
        g = group_by_key(&ms->quarters, ms->m, key, label, (size_t)len, (size_t)-1);
        /* in time order, "(missing)" last */
        if (g)
            g->sort_key = c->present ? (long long)fy * 4 + (q - 1) : LLONG_MAX;
    }
    if (g)
        add_to_group(g, ms);
}

void measures_add_row(measures *ms, const cell *row)
{
    const model *m = ms->m;
    ms->n++;
    for (size_t i = 0; i < m->n_outputs; i++) {
        const expr *e = m->outputs[i].count.tree;
        ms->outputs[i].hit = e ? expr_eval(e, row) : true;
        ms->outputs[i].count += ms->outputs[i].hit;
    }
    for (size_t i = 0; i < m->n_outcomes; i++) {
        const outcome *o = &m->outcomes[i];
        bool eligible = o->eligible.tree ? expr_eval(o->eligible.tree, row) : true;
        bool achieved = eligible && o->achieved.tree && expr_eval(o->achieved.tree, row);
        outcome_acc *acc = &ms->outcomes[i];
        acc->eligible_hit = eligible;
        acc->achieved_hit = achieved;
        acc->eligible += eligible;
        acc->achieved += achieved;
    }
    for (size_t a = 0; a < m->n_areas; a++) {
        const area *ar = &m->areas[a];
        area_acc *acc = &ms->areas[a];
        const cell *b = &row[ar->baseline], *r = &row[ar->review];
        if (b->present && r->present) {
            long bv = (long)b->num, rv = (long)r->num;
            long d = ar->lower_is_better ? bv - rv : rv - bv;
            acc->n++;
            acc->sum_baseline += bv;
            acc->sum_review += rv;
            if (d >= -acc->span && d <= acc->span)
                acc->hist[d + acc->span]++;
        } else if (b->present) {
            acc->n_missing_review++;
        }
    }
    for (size_t i = 0; i < m->n_breakdowns; i++)
        add_breakdown(ms, i, row);
    if (m->date_field >= 0)
        add_quarter(ms, row);
}

static double ratio(double a, double b)
{
    return b != 0 && isfinite(a) && isfinite(b) ? a / b : NAN;
}

static int compare_groups(const void *a, const void *b)
{
    const res_group *x = a, *y = b;
    return (x->sort_key > y->sort_key) - (x->sort_key < y->sort_key);
}

/* Groups of a field that declares no order of its values: "(other)" and
 * "(missing)" last (their sort keys), the rest by value, so that the order
 * never depends on the order of the rows. */
static int special_rank(const res_group *g)
{
    return g->sort_key == LLONG_MAX ? 2 : g->sort_key == LLONG_MAX - 1 ? 1 : 0;
}

static int compare_text_groups(const void *a, const void *b)
{
    const res_group *x = a, *y = b;
    int r = special_rank(x) - special_rank(y);
    return r ? r : strcmp(x->label, y->label);
}

/* Numbers and dates by their value (a date as days), ties as text. */
static double group_value(const res_group *g)
{
    double v;
    size_t len = strlen(g->label);
    if (field_parse_number(g->label, len, &v) || field_parse_date(g->label, len, &v))
        return v;
    return NAN;
}

static int compare_number_groups(const void *a, const void *b)
{
    const res_group *x = a, *y = b;
    int r = special_rank(x) - special_rank(y);
    if (r || special_rank(x))
        return r;
    double u = group_value(x), v = group_value(y);
    if (u != v && !isnan(u) && !isnan(v))
        return (u > v) - (u < v);
    return strcmp(x->label, y->label);
}

static void finish_costs(const model *m, results *r)
{
    r->cost_total = model_total_cost(m);
    for (size_t i = 0; i < m->n_inputs; i++) {
        r->cost_by_kind[m->inputs[i].kind] += m->inputs[i].cost;
        r->kind_present[m->inputs[i].kind] = true;
    }
    r->cost_adjusted = r->cost_total * (1 + m->adj.optimism_bias);
    r->cost_per_participant = ratio(r->cost_total, (double)r->rows_accepted);
}

static void finish_outputs(const measures *ms, results *r)
{
    const model *m = ms->m;
    for (size_t i = 0; i < m->n_outputs; i++) {
        res_output *ro = &r->outputs[i];
        ro->count = ms->outputs[i].count;
        ro->pct_of_target =
            m->outputs[i].has_target ? ratio((double)ro->count, m->outputs[i].target) : NAN;
        ro->status = fig_status_of(ro->pct_of_target);
        ro->cost_per_output = ratio(r->cost_total, (double)ro->count);
    }
}

static void finish_outcomes(const measures *ms, results *r)
{
    const model *m = ms->m;
    double keep = (1 - m->adj.deadweight) * (1 - m->adj.displacement) * (1 - m->adj.attribution);
    r->pv_total = 0;
    for (size_t i = 0; i < m->n_outcomes; i++) {
        const outcome *o = &m->outcomes[i];
        res_outcome *ro = &r->outcomes[i];
        ro->eligible = ms->outcomes[i].eligible;
        ro->achieved = ms->outcomes[i].achieved;
        ro->rate = ratio((double)ro->achieved, (double)ro->eligible);
        ro->pct_of_target = o->has_target ? ratio(ro->rate, o->target) : NAN;
        ro->status = fig_status_of(ro->pct_of_target);
        stats_wilson((double)ro->achieved, (double)ro->eligible, STATS_Z95, &ro->ci_lo, &ro->ci_hi);
        ro->net = (double)ro->achieved * keep;
        ro->cost_per_outcome = ratio(r->cost_total, (double)ro->achieved);
        ro->cost_per_net_outcome = ro->achieved ? ratio(r->cost_total, ro->net) : NAN;
        ro->present_value =
            o->has_value ? vfm_outcome_pv(&m->adj, ro->net, o->value, o->duration, o->drop_off)
                         : NAN;
        if (o->has_value)
            r->pv_total += ro->present_value;
    }
    r->npv = r->pv_total - r->cost_adjusted;
    r->sroi_ratio = ratio(r->pv_total, r->cost_adjusted);
}

static void finish_areas(measures *ms, results *r)
{
    const model *m = ms->m;
    for (size_t a = 0; a < m->n_areas; a++) {
        area_acc *acc = &ms->areas[a];
        res_area *ra = &r->areas[a];
        ra->n = acc->n;
        ra->n_missing_review = acc->n_missing_review;
        ra->mean_baseline = ratio((double)acc->sum_baseline, (double)acc->n);
        ra->mean_review = ratio((double)acc->sum_review, (double)acc->n);
        stats_paired_from_histogram(acc->hist, -acc->span, (size_t)(2 * acc->span + 1),
                                    &ra->change);
        /* The sufficient statistics, for pooling areas across sites. */
        ra->sum_baseline = acc->sum_baseline;
        ra->sum_review = acc->sum_review;
        ra->hist = acc->hist;
        ra->hist_min = -acc->span;
        ra->hist_width = (size_t)(2 * acc->span + 1);
        acc->hist = NULL;
    }
}

/* Hand the groups of GS over to the results, in the order of their sort
 * keys, each with its rates; false when out of memory. */
static bool take_groups(const model *m, group_set *gs, res_group **groups, size_t *n,
                        int (*order)(const void *, const void *))
{
    *groups = gs->groups;
    *n = gs->n;
    gs->groups = NULL;
    gs->n = gs->cap = 0;
    if (*n)
        qsort(*groups, *n, sizeof **groups, order);
    for (size_t k = 0; k < *n; k++) {
        res_group *g = &(*groups)[k];
        if (!(g->rate = calloc(m->n_outcomes ? m->n_outcomes : 1, sizeof *g->rate)))
            return false;
        for (size_t i = 0; i < m->n_outcomes; i++)
            g->rate[i] = ratio((double)g->achieved[i], (double)g->eligible[i]);
    }
    return true;
}

static thrive_error finish_groups(measures *ms, results *r)
{
    const model *m = ms->m;
    bool ok = !ms->quarters.nomem;
    for (size_t b = 0; b < m->n_breakdowns; b++) {
        res_breakdown *rb = &r->breakdowns[b];
        rb->rows_in_other = ms->breakdowns[b].rows_in_other;
        ok = ok && !ms->breakdowns[b].nomem;
        const field *f = &m->fields[m->breakdowns[b].field];
        int (*order)(const void *, const void *) =
            f->type == FIELD_ENUM && !f->derived             ? compare_groups
            : f->type == FIELD_TEXT || f->type == FIELD_ENUM ? compare_text_groups
                                                             : compare_number_groups;
        ok = take_groups(m, &ms->breakdowns[b], &rb->groups, &rb->n_groups, order) && ok;
    }
    ok = take_groups(m, &ms->quarters, &r->quarters, &r->n_quarters, compare_groups) && ok;
    return ok ? THRIVE_OK : THRIVE_ERROR_NOMEM;
}

thrive_error measures_finish(measures *ms, results *r)
{
    const model *m = ms->m;
    r->m = m;
    r->outputs = calloc(m->n_outputs ? m->n_outputs : 1, sizeof *r->outputs);
    r->outcomes = calloc(m->n_outcomes ? m->n_outcomes : 1, sizeof *r->outcomes);
    r->areas = calloc(m->n_areas ? m->n_areas : 1, sizeof *r->areas);
    r->breakdowns = calloc(m->n_breakdowns ? m->n_breakdowns : 1, sizeof *r->breakdowns);
    if (!r->outputs || !r->outcomes || !r->areas || !r->breakdowns)
        return THRIVE_ERROR_NOMEM;
    finish_costs(m, r);
    finish_outputs(ms, r);
    finish_outcomes(ms, r);
    finish_areas(ms, r);
    thrive_error e = vfm_finish(r);
    if (e == THRIVE_OK)
        e = finish_groups(ms, r);
    return e != THRIVE_OK ? e : results_disclose(r);
}

static void group_set_free(group_set *gs)
{
    for (size_t i = 0; i < gs->n; i++)
        results_group_free(&gs->groups[i]);
    free(gs->groups);
    free(gs->index);
    free(gs->by_key);
}

void measures_free(measures *ms)
{
    if (!ms)
        return;
    if (ms->areas)
        for (size_t a = 0; a < ms->m->n_areas; a++)
            free(ms->areas[a].hist);
    if (ms->breakdowns)
        for (size_t b = 0; b < ms->m->n_breakdowns; b++)
            group_set_free(&ms->breakdowns[b]);
    group_set_free(&ms->quarters);
    free(ms->areas);
    free(ms->breakdowns);
    free(ms->outputs);
    free(ms->outcomes);
    free(ms);
}
