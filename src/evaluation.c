/* evaluation.c - one evaluation, from the model to the figures (see
 * evaluation.h). */
#include "evaluation.h"

#include <stdlib.h>
#include <time.h>

#include "diagram.h"
#include "hash.h"
#include "measures.h"
#include "plugins.h"

struct evaluation {
    evaluation_options opt;
    model *m;
    plugin *p;
    measures *ms; /* NULL when only checking */
    results r;
};

/* Load the plugin the model names in `pilot:` from the options' path. */
static thrive_error load_plugin(evaluation *ev, diag_list *dl)
{
    plugin_path pp;
    if (plugin_path_init(&pp, ev->opt.plugin_dirs, ev->opt.n_plugin_dirs) != THRIVE_OK)
        return diag_nomem(dl, ev->opt.model_file);
    const ynode *pilot = ynode_get(ev->m->root, "pilot");
    thrive_error e =
        plugin_load(ev->m->pilot, &pp, ev->opt.model_file, pilot->line, pilot->col, dl, &ev->p);
    plugin_path_free(&pp);
    return e;
}

/* Load the model, let its plugin check it and declare its derived fields,
 * then resolve its expressions, which may use them. */
static thrive_error load(evaluation *ev, diag_list *dl)
{
    size_t errors = dl->n_errors;
    if (model_open(ev->opt.model_file, dl, &ev->m) == THRIVE_ERROR_NOMEM)
        return THRIVE_ERROR_NOMEM;
    model *m = ev->m;
    bool tree = m && m->root && m->root->kind == YNODE_MAP;
    /* A pilot that is not a plugin name is the model's error, said by the
     * loader. */
    if (tree && m->pilot && model_pilot_valid(m->pilot)) {
        thrive_error e = load_plugin(ev, dl);
        if (e == THRIVE_OK)
            e = plugin_check(ev->p, m, dl);
        if (e != THRIVE_OK && e != THRIVE_ERROR_MODEL)
            return e;
    }
    /* Resolve even after structural errors, to report everything in one run. */
    if (tree && model_resolve(m, dl) == THRIVE_ERROR_NOMEM)
        return THRIVE_ERROR_NOMEM;
    return !m || dl->n_errors > errors ? THRIVE_ERROR_MODEL : THRIVE_OK;
}

thrive_error evaluation_open(evaluation **out, const evaluation_options *opt, diag_list *dl)
{
    *out = NULL;
    evaluation *ev = calloc(1, sizeof *ev);
    if (!ev)
        return diag_nomem(dl, opt->model_file);
    ev->opt = *opt;
    thrive_error e = load(ev, dl);
    if (e != THRIVE_OK) {
        evaluation_close(ev);
        return e;
    }
    *out = ev;
    return THRIVE_OK;
}

model *evaluation_model(evaluation *ev)
{
    return ev->m;
}

thrive_error evaluation_start(evaluation *ev, diag_list *dl)
{
    results *r = &ev->r;
    r->m = ev->m;
    r->model_file = ev->opt.model_file;
    r->data_file = ev->opt.data_file;
    r->suppress = ev->opt.suppress;
    r->strict = ev->opt.strict;
    r->generated = time(NULL);
    if (ev->opt.check_only)
        return THRIVE_OK;
    /* The model was read a moment ago: if it cannot be read again, the
     * figures are still right, only their provenance lacks its hash. */
    diag_list hash_dl;
    diag_init(&hash_dl);
    thrive_error e = hash_file_sha256(ev->opt.model_file, r->model_sha256, &hash_dl);
    diag_free(&hash_dl);
    if (e == THRIVE_ERROR_NOMEM)
        return diag_nomem(dl, ev->opt.model_file);
    if (!(ev->ms = measures_new(ev->m)))
        return diag_nomem(dl, ev->opt.model_file);
    return plugin_start(ev->p, model_total_cost(ev->m), dl);
}

/* Each accepted row: the plugin first (it sets its derived fields), then
 * the generic measures, whose expressions may use them. */
void evaluation_row(evaluation *ev, cell *row)
{
    if (ev->opt.check_only)
        return;
    plugin_row(ev->p, row);
    measures_add_row(ev->ms, row);
}

static void row_fn(void *ctx, cell *row)
{
    evaluation_row(ctx, row);
}

thrive_error evaluation_finish(evaluation *ev, diag_list *dl)
{
    if (ev->opt.check_only)
        return THRIVE_OK;
    /* The plugin's measures first: working out the figures decides what
     * --suppress hides, the plugin's figures included. */
    thrive_error e = plugin_finish(ev->p, &ev->r, dl);
    if (e == THRIVE_OK && (e = measures_finish(ev->ms, &ev->r)) == THRIVE_ERROR_NOMEM)
        diag_error(dl, ev->opt.data_file, 0, 0, "out of memory while computing the figures");
    return e;
}

/* The ignored columns named one by one (the rest are counted). */
#define IGNORED_NAMED_MAX 20

/* The drawing of the model, if one was started: into the results when
 * Graphviz made it (without it, the workbook says how to draw it). */
static thrive_error picture_finish(evaluation *ev, diagram_job *job, diag_list *dl)
{
    if (!job)
        return THRIVE_OK;
    char why[512];
    thrive_error e = diagram_finish(job, &ev->r.picture, &ev->r.picture_len, why, sizeof why);
    if (e == THRIVE_ERROR_NOMEM)
        return diag_nomem(dl, ev->opt.model_file);
    return THRIVE_OK;
}

thrive_error evaluation_run(evaluation *ev, diag_list *dl)
{
    thrive_error e = evaluation_start(ev, dl);
    diagram_job *job = NULL;
    if (e == THRIVE_OK && ev->opt.draw_model && diagram_start(ev->m, "png", &job) != THRIVE_OK)
        e = diag_nomem(dl, ev->opt.model_file);
    if (e == THRIVE_OK)
        e = cases_read(ev->opt.data_file, ev->m, &ev->opt.read, row_fn, ev, &ev->r, dl);
    thrive_error drawn = picture_finish(ev, job, dl);
    if (e == THRIVE_OK)
        e = drawn;
    if (e != THRIVE_OK)
        return e;
    /* Columns not in data.fields are named once each, the first few: a
     * header of a million would bury every other message. */
    size_t named = ev->r.n_ignored_columns <= IGNORED_NAMED_MAX + 1 ? ev->r.n_ignored_columns
                                                                    : IGNORED_NAMED_MAX;
    for (size_t i = 0; i < named; i++)
        diag_note(dl, ev->opt.data_file, 1, 0, "column '%s' is not in data.fields; it is ignored",
                  ev->r.ignored_columns[i]);
    if (named < ev->r.n_ignored_columns)
        diag_note(dl, ev->opt.data_file, 1, 0,
                  "and %zu more columns not in data.fields; they are ignored too",
                  ev->r.n_ignored_columns - named);
    return evaluation_finish(ev, dl);
}

const results *evaluation_results(const evaluation *ev)
{
    return &ev->r;
}

void evaluation_close(evaluation *ev)
{
    if (!ev)
        return;
    /* The plugin stops while the model it checked is there; its module
     * goes last, as the results point at its name. */
    plugin_stop(ev->p);
    results_free(&ev->r);
    measures_free(ev->ms);
    model_free(ev->m);
    plugin_unload(ev->p);
    free(ev);
}

void evaluation_set_filter(evaluation *ev, const struct expr *where)
{
    ev->opt.read.where = where;
}
