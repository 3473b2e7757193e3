/* model.c - load and check a logic model (see model.h).
 *
 * The loader walks the YAML tree section by section (model_chain.c,
 * model_data.c, with the helpers of model_read.c).  Every problem is
 * recorded with its position and the walk goes on, so that one run of
 * `thrive validate` shows all the mistakes in a file.
 */
#include "model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

const char *const input_kind_names[INPUT_KIND_COUNT] = {"funding",   "staff",   "premises",
                                                        "equipment", "in_kind", "other"};
/* What readers see for each kind (the names are what the model writes). */
const char *const input_kind_labels[INPUT_KIND_COUNT] = {"Funding",   "Staff",   "Premises",
                                                         "Equipment", "In kind", "Other"};
const char *const horizon_names[3] = {"short", "medium", "long"};
const char *const strategy_names[5] = {"none", "financial_support", "employment_skills",
                                       "life_chances", "place"};
const char *const strategy_labels[5] = {"none", "Financial support", "Employment and skills",
                                        "Life chances", "Place"};

bool model_pilot_valid(const char *name)
{
    if (!name || !*name)
        return false;
    for (const char *s = name; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_' && *s != '-')
            return false;
    return true;
}

static void load_model_id(loader *ld, const ynode *root)
{
    const char *id = ld_text(ld, root, "model", true, "the model");
    if (!id)
        return;
    for (const char *p = id; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-')) {
            const ynode *v = ynode_get(root, "model");
            ld_error(ld, v->line, v->col, "model id '%s' may use only a-z, 0-9 and '-'", id);
            break;
        }
    ld->m->id = ld_strdup(ld, id);
}

static void load_period(loader *ld, const ynode *root)
{
    const ynode *p = ynode_get(root, "period");
    if (!p || !ld_expect(ld, p, YNODE_MAP, "'period'"))
        return;
    static const char *const keys[] = {"start", "end"};
    ld_check_keys(ld, p, keys, 2, "'period'", NULL);
    double day[2] = {0, 0};
    bool ok[2] = {false, false};
    char **slots[] = {&ld->m->period_start, &ld->m->period_end};
    for (int k = 0; k < 2; k++) {
        const char *t = ld_text(ld, p, keys[k], true, "'period'");
        if (!t)
            continue;
        const ynode *v = ynode_get(p, keys[k]);
        if (!field_parse_date(t, strlen(t), &day[k]))
            ld_error(ld, v->line, v->col, "period %s must be a date (YYYY-MM-DD), found '%s'",
                     keys[k], t);
        else {
            ok[k] = true;
            *slots[k] = ld_strdup(ld, t);
        }
    }
    if (ok[0] && ok[1] && day[0] > day[1])
        ld_error(ld, p->line, p->col, "the period ends before it starts");
}

static void load_currency(loader *ld, const ynode *root)
{
    model *m = ld->m;
    m->currency = ld_dup_text(ld, root, "currency", false, "the model");
    if (!m->currency)
        m->currency = ld_strdup(ld, "GBP");
    else if (strlen(m->currency) != 3 || !isupper((unsigned char)m->currency[0]) ||
             !isupper((unsigned char)m->currency[1]) || !isupper((unsigned char)m->currency[2])) {
        const ynode *v = ynode_get(root, "currency");
        ld_error(ld, v->line, v->col, "currency must be an ISO 4217 code such as GBP, found '%s'",
                 m->currency);
    }
}

/* The keys of a model; a plugin may add its own section, named after it. */
static const char *const top_keys[] = {"model",
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
                                       "breakdowns",
                                       "sensitivity"};

/* model, title, pilot, period, currency and the texts. */
static void load_top(loader *ld, const ynode *root)
{
    model *m = ld->m;
    m->pilot = ld_dup_text(ld, root, "pilot", true, "the model");
    ld_check_keys(ld, root, top_keys, sizeof top_keys / sizeof *top_keys, "the model", m->pilot);
    load_model_id(ld, root);
    m->title = ld_dup_text(ld, root, "title", true, "the model");
    if (m->pilot && !model_pilot_valid(m->pilot)) {
        const ynode *v = ynode_get(root, "pilot");
        ld_error(ld, v->line, v->col, "pilot '%s' must name a plugin (" MODEL_PILOT_RULE ")",
                 m->pilot);
    }
    load_period(ld, root);
    load_currency(ld, root);
    m->rationale = ld_dup_text(ld, root, "rationale", false, "the model");
    m->target_group = ld_dup_text(ld, root, "target_group", false, "the model");
}

thrive_error model_open(const char *file, diag_list *dl, model **out)
{
    *out = NULL;
    model *m = calloc(1, sizeof *m);
    if (!m || !(m->file = strdup(file))) {
        free(m);
        diag_error(dl, file, 0, 0, "%s", thrive_strerror(THRIVE_ERROR_NOMEM));
        return THRIVE_ERROR_NOMEM;
    }
    m->id_field = m->date_field = -1;
    /* counted before the YAML is read: a duplicate key is an error of the
     * tree that the load itself goes on after */
    size_t errors = dl->n_errors;
    thrive_error e = ynode_load(file, dl, &m->root);
    if (e != THRIVE_OK) {
        model_free(m);
        return e;
    }
    loader ld = {m, dl, false};
    const ynode *root = m->root;
    if (root->kind != YNODE_MAP)
        ld_error(&ld, root->line, root->col,
                 "a logic model must be a mapping with 'model', 'inputs', 'outcomes' and the "
                 "other sections, found %s",
                 ynode_kind_word(root->kind));
    else {
        load_top(&ld, root);
        ld_load_chain(&ld, root);
        ld_load_data(&ld, root);
        ld_load_distance(&ld, root);
        ld_load_breakdowns(&ld, root);
        if (!ld.nomem)
            ld_check_ids(&ld);
    }
    if (ld.nomem) {
        diag_error(dl, file, 0, 0, "%s", thrive_strerror(THRIVE_ERROR_NOMEM));
        model_free(m);
        return THRIVE_ERROR_NOMEM;
    }
    *out = m;
    return dl->n_errors > errors ? THRIVE_ERROR_MODEL : THRIVE_OK;
}

model *model_load(const char *file, diag_list *dl)
{
    model *m;
    model_open(file, dl, &m);
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

void model_free(model *m)
{
    if (!m)
        return;
    ld_free_chain(m);
    ld_free_data(m);
    char *texts[] = {m->id,           m->title,        m->pilot,      m->currency, m->rationale,
                     m->target_group, m->period_start, m->period_end, m->file};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        free(texts[i]);
    ynode_free(m->root);
    free(m);
}
