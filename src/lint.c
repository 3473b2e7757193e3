/* lint.c - the warnings of `thrive validate` about a valid logic model (see
 * lint.h). */
#include "lint.h"

#include <stddef.h>
#include <string.h>

#include "expr.h"
#include "ynode.h"

/* Whether any of the N items at BASE (each SIZE bytes, its references at
 * OFFSET: an activity's uses, an outcome's or an impact's from) names ID. */
static bool named_in(const void *base, size_t n, size_t size, size_t offset, const char *id)
{
    for (size_t i = 0; i < n; i++) {
        const ref_list *r = (const ref_list *)((const char *)base + i * size + offset);
        for (size_t k = 0; k < r->n; k++)
            if (strcmp(r->ids[k], id) == 0)
                return true;
    }
    return false;
}

/* Inputs no activity uses, outputs no outcome comes from, and outcomes no
 * impact comes from: a link of the chain left out. */
static size_t lint_chain(const model *m, diag_list *dl)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_inputs; i++) {
        const input *in = &m->inputs[i];
        if (named_in(m->activities, m->n_activities, sizeof *m->activities,
                     offsetof(activity, uses), in->id))
            continue;
        n++;
        diag_warning(dl, m->file, in->line, in->col,
                     "input '%s' is used by no activity, yet its cost counts in the total "
                     "cost: name it in the 'uses' of the activities it pays for",
                     in->id);
    }
    for (size_t i = 0; i < m->n_outputs; i++) {
        const output *o = &m->outputs[i];
        /* counted over every case (`count: all`): the reach, which need
         * lead nowhere */
        if (!o->count.src || named_in(m->outcomes, m->n_outcomes, sizeof *m->outcomes,
                                      offsetof(outcome, from), o->id))
            continue;
        n++;
        diag_warning(dl, m->file, o->line, o->col,
                     "output '%s' feeds no outcome: name it in the 'from' of the outcomes it "
                     "leads to",
                     o->id);
    }
    for (size_t i = 0; m->n_impacts && i < m->n_outcomes; i++) {
        const outcome *o = &m->outcomes[i];
        if (named_in(m->impacts, m->n_impacts, sizeof *m->impacts, offsetof(impact, from), o->id))
            continue;
        n++;
        diag_warning(dl, m->file, o->line, o->col,
                     "outcome '%s' feeds no impact: name it in the 'from' of the impacts it "
                     "leads to",
                     o->id);
    }
    return n;
}

/* An adjustment of 1 takes the whole of every outcome away: net outcomes
 * are achieved x (1 - deadweight) x (1 - displacement) x (1 - attribution). */
static size_t lint_adjustments(const model *m, diag_list *dl)
{
    const ynode *a = ynode_get(m->root, "adjustments");
    static const char *const keys[] = {"deadweight", "displacement", "attribution"};
    const double values[] = {m->adj.deadweight, m->adj.displacement, m->adj.attribution};
    size_t n = 0;
    for (size_t i = 0; i < 3; i++) {
        int k = ynode_key_index(a, keys[i]);
        if (values[i] != 1 || k < 0)
            continue;
        n++;
        diag_warning(dl, m->file, a->items[k]->line, a->items[k]->col,
                     "%s: 1 makes every net outcome 0, and every value built on them: it is "
                     "the share of the outcomes taken away (0.2 for 20%%)",
                     keys[i]);
    }
    return n;
}

/* Line and column of byte OFFSET of expression E. */
static void expr_pos(const model_expr *e, size_t offset, int *line, int *col)
{
    *line = e->node ? e->node->line : 0;
    *col = e->node ? e->node->col : 0;
    if (e->node)
        ynode_text_pos(e->node, offset, line, col);
}

/* One outcome whose tests cannot all pass: the eligible alone, the achieved
 * alone, or the achieved of the eligible. */
static bool lint_outcome(const model *m, const outcome *o, diag_list *dl)
{
    const model_expr *el = &o->eligible, *ac = &o->achieved;
    expr_conflict c;
    const model_expr *at;
    const char *what;
    size_t side;
    if (expr_conflict_find(el->tree, NULL, m->fields, m->n_fields, &c))
        at = el, what = "eligible", side = 0;
    else if (expr_conflict_find(NULL, ac->tree, m->fields, m->n_fields, &c))
        at = ac, what = "achieved", side = 1;
    else if (expr_conflict_find(el->tree, ac->tree, m->fields, m->n_fields, &c))
        at = ac, what = NULL, side = 1;
    else
        return false;
    int line, col;
    expr_pos(at, c.start[side], &line, &col);
    const char *name = m->fields[c.field].name;
    if (what)
        diag_warning(dl, m->file, line, col,
                     "outcome '%s': '%s' can never be true: no value of '%s' passes every test "
                     "on it (the first: '%.*s'), so %s",
                     o->id, what, name, (int)(c.end[side] - c.start[side]), at->src + c.start[side],
                     side ? "no case is ever counted achieved" : "no case is ever eligible");
    else
        diag_warning(dl, m->file, line, col,
                     "outcome '%s': 'achieved' can never be true of an eligible case: no value "
                     "of '%s' passes both '%.*s' (eligible) and '%.*s' (achieved)",
                     o->id, name, (int)(c.end[0] - c.start[0]), el->src + c.start[0],
                     (int)(c.end[1] - c.start[1]), ac->src + c.start[1]);
    return true;
}

/* A period date written DD/MM/YYYY: read day first, as thrive reads it,
 * but a reader (or another program) may take it month first. */
static size_t lint_period(const model *m, diag_list *dl)
{
    const ynode *p = ynode_get(m->root, "period");
    const char *const keys[] = {"start", "end"};
    const char *const dates[] = {m->period_start, m->period_end};
    size_t n = 0;
    for (size_t i = 0; i < 2; i++) {
        const ynode *v = ynode_get(p, keys[i]);
        if (!dates[i] || !v || strlen(dates[i]) != 10 || dates[i][4] == '-')
            continue;
        n++;
        diag_warning(dl, m->file, v->line, v->col,
                     "period %s '%s' is not an ISO date: write it %.4s-%.2s-%.2s (YYYY-MM-DD), "
                     "which no reader can take month first",
                     keys[i], dates[i], dates[i] + 6, dates[i] + 3, dates[i]);
    }
    return n;
}

size_t lint_model(const model *m, diag_list *dl)
{
    size_t n = lint_chain(m, dl) + lint_adjustments(m, dl) + lint_period(m, dl);
    for (size_t k = 0; k < m->n_outcomes; k++)
        n += lint_outcome(m, &m->outcomes[k], dl);
    return n;
}
