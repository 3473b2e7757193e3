/* model_resolve.c - field references and expressions, resolved once every
 * field is declared, the plugin's derived fields included (see model.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "model_int.h"

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
    if (!(nf->name = strdup(name)))
        return -1;
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
        ld_error(ld, line, col, "%s '%s' is not declared in data.fields (did you mean '%s'?)", what,
                 name, hint);
    else
        ld_error(ld, line, col, "%s '%s' is not declared in data.fields", what, name);
    return -1;
}

/* data.id and data.date. */
static void resolve_id_date(loader *ld, const ynode *data)
{
    model *m = ld->m;
    if (m->id_field_name) {
        const ynode *v = ynode_get(data, "id");
        m->id_field = resolve_field(ld, m->id_field_name, v->line, v->col, "the id field");
    }
    if (m->date_field_name) {
        const ynode *v = ynode_get(data, "date");
        m->date_field = resolve_field(ld, m->date_field_name, v->line, v->col, "the date field");
        if (m->date_field >= 0 && m->fields[m->date_field].type != FIELD_DATE)
            ld_error(ld, v->line, v->col, "the date field '%s' must have type date, not %s",
                     m->date_field_name, field_type_name(m->fields[m->date_field].type));
        else if (m->date_field >= 0 && m->fields[m->date_field].personal)
            ld_error(ld, v->line, v->col,
                     "the date field '%s' is personal: its dates would label the quarters of "
                     "the workbook and the summary (a quarter of one case shows that case's "
                     "date); name a date that is not, such as the referral date",
                     m->date_field_name);
    }
}

/* The baseline and review fields of every area: integers, points on the scale. */
static void resolve_areas(loader *ld)
{
    model *m = ld->m;
    for (size_t i = 0; i < m->n_areas; i++) {
        area *a = &m->areas[i];
        const char *names[2] = {a->baseline_name, a->review_name};
        int lines[2] = {a->baseline_line, a->review_line};
        int cols[2] = {a->baseline_col, a->review_col};
        size_t *slots[2] = {&a->baseline, &a->review};
        for (int k = 0; k < 2; k++) {
            if (!names[k])
                continue;
            long f = resolve_field(ld, names[k], lines[k], cols[k],
                                   k ? "the review field" : "the baseline field");
            if (f < 0)
                continue;
            *slots[k] = (size_t)f;
            if (m->fields[f].type != FIELD_INTEGER)
                ld_error(ld, lines[k], cols[k],
                         "distance field '%s' must have type integer (a point on the scale), not "
                         "%s",
                         names[k], field_type_name(m->fields[f].type));
            else if (m->fields[f].personal)
                ld_error(ld, lines[k], cols[k],
                         "distance field '%s' is personal: the area's means and counts are "
                         "built on its values (with one case, they are that case's); use a "
                         "field that is not",
                         names[k]);
        }
    }
}

static void resolve_breakdowns(loader *ld)
{
    model *m = ld->m;
    for (size_t i = 0; i < m->n_breakdowns; i++) {
        breakdown *b = &m->breakdowns[i];
        long f = resolve_field(ld, b->name, b->line, b->col, "breakdown field");
        if (f >= 0 && m->fields[f].personal)
            ld_error(ld, b->line, b->col,
                     "breakdown field '%s' is personal: its values would become row labels in "
                     "the workbook and keys in the summary; break down by a field that is not",
                     b->name);
        else if (f >= 0)
            b->field = (size_t)f;
    }
}

/* E, the expression WHAT of item ID, for errors "in WHAT 'ID': ...". */
static void resolve_expr(loader *ld, model_expr *e, const char *what, const char *id)
{
    if (!e->src || e->tree)
        return;
    expr_error err;
    thrive_error rc = expr_parse(e->src, ld->m->fields, ld->m->n_fields, &e->tree, &err);
    if (rc == THRIVE_ERROR_NOMEM)
        ld->nomem = true;
    char example[64];
    const char *re =
        rc == THRIVE_OK ? expr_backtracking_regex(e->tree, example, sizeof example) : NULL;
    if (re) /* exact still, but likely to stop a run (docs/manual/case-data.md) */
        diag_warning(ld->dl, ld->m->file, e->node->line, e->node->col,
                     "in %s '%s': the regex /%s/ backtracks exponentially (on a value of %s it "
                     "takes over 200,000 steps): a longer value will reach its limits and stop "
                     "the run; rewrite it without nested repetition such as (a+)+",
                     what, id ? id : "(null)", re, example);
    if (rc != THRIVE_ERROR_MODEL)
        return;
    int line = e->node->line, col = e->node->col;
    if (ld_kept(ld))
        ynode_text_pos(e->node, err.offset, &line, &col);
    ld_error(ld, line, col, "in %s '%s': %s", what, id ? id : "(null)", err.msg);
}

thrive_error model_resolve(model *m, diag_list *dl)
{
    loader ld = {m, dl, false};
    size_t errors = dl->n_errors;
    const ynode *data = ynode_get(m->root, "data");
    /* Without a dictionary (already reported), every field named anywhere
     * would be "not declared" too: one error says it all. */
    const ynode *fields = ynode_get(data, "fields");
    if (!fields || fields->kind != YNODE_MAP)
        return THRIVE_OK;
    resolve_id_date(&ld, data);
    resolve_areas(&ld);
    resolve_breakdowns(&ld);
    for (size_t i = 0; i < m->n_outputs; i++)
        resolve_expr(&ld, &m->outputs[i].count, "the count of output", m->outputs[i].id);
    for (size_t i = 0; i < m->n_outcomes; i++) {
        resolve_expr(&ld, &m->outcomes[i].eligible, "'eligible' of outcome", m->outcomes[i].id);
        resolve_expr(&ld, &m->outcomes[i].achieved, "'achieved' of outcome", m->outcomes[i].id);
    }
    if (ld.nomem) {
        diag_error(dl, m->file, 0, 0, "%s", thrive_strerror(THRIVE_ERROR_NOMEM));
        return THRIVE_ERROR_NOMEM;
    }
    return dl->n_errors > errors ? THRIVE_ERROR_MODEL : THRIVE_OK;
}
