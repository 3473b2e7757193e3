/* cmd_compare.c - `thrive compare`: several sites or pilots side by side
 * on value for money, each evaluated here or read from its summary. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmdline.h"
#include "commands.h"
#include "compare.h"
#include "compare_book.h"
#include "compare_summary.h"
#include "diag.h"
#include "evaluation.h"
#include "expr.h"
#include "model.h"
#include "outfile.h"
#include "programme.h"
#include "report.h"
#include "site.h"

static const char compare_usage[] =
    "Usage: thrive compare PROGRAMME.yaml [-o BOOK.xlsx] [--summary SUMMARY.json]\n"
    "                      [--html REPORT.html] [--suppress N] [--plugin-path DIR]...\n"
    "                      [--quiet]\n"
    "Compare several sites or pilots on value for money: cost per participant\n"
    "and per outcome with its interval, where each site's rate lies on a funnel\n"
    "around the programme's, ranks with their uncertainty, SROI, and the\n"
    "pooled programme total.  PROGRAMME.yaml names the sites: each evaluated\n"
    "here (its logic model and case data, with optional input costs and a row\n"
    "filter) or read from its own summary (thrive evaluate --summary).\n\n"
    "  -o, --output FILE write the comparison workbook (.xlsx)\n"
    "  --summary FILE    write the comparison as JSON\n"
    "  --html FILE       write the comparison as one HTML page (as thrive report)\n"
    "  --suppress N      disclosure control: hide counts from 1 to N-1, in every\n"
    "                    site and in the programme total\n"
    "  --plugin-path DIR look for plugins in DIR first (repeatable)\n"
    "  --quiet           no progress line\n"
    "Exit status 3 when the programme file (or a site's model) is invalid, 4\n"
    "when a site's data or summary is unusable, 5 for a missing plugin, 6 when\n"
    "an output cannot be written.  See thrive-compare(1).\n";

typedef struct compare_options {
    const char *programme_file, *book_file, *summary_file, *html_file;
    long suppress;
    bool quiet;
    char **plugin_dirs;
    size_t n_plugin_dirs;
} compare_options;

static int parse_options(int argc, char **argv, compare_options *o)
{
    enum { OPT_SUMMARY = 256, OPT_SUPPRESS, OPT_PLUGIN_PATH, OPT_QUIET, OPT_HTML };
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"output", required_argument, NULL, 'o'},
        {"summary", required_argument, NULL, OPT_SUMMARY},
        {"html", required_argument, NULL, OPT_HTML},
        {"suppress", required_argument, NULL, OPT_SUPPRESS},
        {"plugin-path", required_argument, NULL, OPT_PLUGIN_PATH},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {0}};
    memset(o, 0, sizeof *o);
    o->plugin_dirs = calloc((size_t)argc, sizeof *o->plugin_dirs);
    const cmdline cl = {"compare", compare_usage, "o:", longopts};
    int c;
    optind = 1;
    while ((c = cmdline_next(&cl, argc, argv)) != -1) {
        switch (c) {
        case 'h':
            free(o->plugin_dirs);
            exit(EXIT_OK);
        case 'o':
            o->book_file = optarg;
            break;
        case OPT_SUMMARY:
            o->summary_file = optarg;
            break;
        case OPT_HTML:
            o->html_file = optarg;
            break;
        case OPT_SUPPRESS:
            if (cmdline_suppress(optarg, &o->suppress) != EXIT_OK)
                return EXIT_USAGE;
            break;
        case OPT_PLUGIN_PATH:
            if (o->plugin_dirs)
                o->plugin_dirs[o->n_plugin_dirs++] = optarg;
            break;
        case OPT_QUIET:
            o->quiet = true;
            break;
        default:
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        fputs(compare_usage, stderr);
        return EXIT_USAGE;
    }
    o->programme_file = argv[optind];
    return EXIT_OK;
}

/* ---- a site evaluated here ---- */

/* Replace the costs of the inputs the site names; an unknown input id is
 * an error at its position in the programme file. */
static void apply_costs(const programme *p, const programme_site *ps, model *m, diag_list *dl)
{
    for (size_t c = 0; c < ps->n_costs; c++) {
        const cost_override *co = &ps->costs[c];
        size_t i = 0;
        while (i < m->n_inputs && strcmp(m->inputs[i].id, co->input_id) != 0)
            i++;
        if (i < m->n_inputs) {
            m->inputs[i].cost = co->cost;
            m->inputs[i].cost_is_fte = false;
            continue;
        }
        const char **ids = malloc((m->n_inputs ? m->n_inputs : 1) * sizeof *ids);
        for (size_t k = 0; ids && k < m->n_inputs; k++)
            ids[k] = m->inputs[k].id;
        const char *hint = ids ? diag_suggest(co->input_id, ids, m->n_inputs) : NULL;
        diag_error(dl, p->file, co->line, co->col,
                   "site '%s' sets the cost of input '%s', which its model %s does not have%s%s%s",
                   ps->name, co->input_id, ps->model_as_written, hint ? " (did you mean '" : "",
                   hint ? hint : "", hint ? "'?)" : "");
        free(ids);
    }
}

/* The fields read from the data (a plugin's derived fields come after
 * them): what a row filter may name. */
static size_t data_fields(const model *m)
{
    size_t n = 0;
    while (n < m->n_fields && !m->fields[n].derived)
        n++;
    return n;
}

/* Parse the site's row filter; an error points into the programme file. */
static expr *parse_where(const programme *p, const programme_site *ps, const model *m,
                         diag_list *dl)
{
    if (!ps->where)
        return NULL;
    expr *e = NULL;
    expr_error err;
    thrive_error status = expr_parse(ps->where, m->fields, data_fields(m), &e, &err);
    if (status == THRIVE_OK)
        return e;
    int line = ps->where_line, col = ps->where_col;
    if (status == THRIVE_ERROR_MODEL && ps->where_node)
        ynode_text_pos(ps->where_node, err.offset, &line, &col);
    diag_error(dl, p->file, line, col, "in the 'where' of site '%s': %s", ps->name,
               status == THRIVE_ERROR_MODEL ? err.msg : "out of memory");
    return NULL;
}

/* Open site PS's evaluation: its model and plugin, its costs replaced,
 * its filter set (kept in *WHERE, freed by the caller after the
 * evaluation).  Every problem goes to DL; returns the exit status. */
static int site_open(const programme *p, const programme_site *ps, const compare_options *o,
                     evaluation **ev, expr **where, diag_list *dl)
{
    *where = NULL;
    evaluation_options eo = {.model_file = ps->model_path,
                             .data_file = ps->data_path,
                             .plugin_dirs = o->plugin_dirs,
                             .n_plugin_dirs = o->n_plugin_dirs,
                             .suppress = 0, /* compare hides, over all the sites at once */
                             .read = read_options(o->quiet)};
    thrive_error e = evaluation_open(ev, &eo, dl);
    if (e != THRIVE_OK)
        return thrive_exit_status(e);
    size_t errors = dl->n_errors;
    model *m = evaluation_model(*ev);
    apply_costs(p, ps, m, dl);
    *where = parse_where(p, ps, m, dl);
    evaluation_set_filter(*ev, *where);
    if (dl->n_errors > errors) {
        evaluation_close(*ev);
        *ev = NULL;
        expr_free(*where);
        *where = NULL;
        return EXIT_MODEL;
    }
    return EXIT_OK;
}

static void say_rows(const programme_site *ps, const results *r)
{
    fprintf(stderr, "thrive: site '%s': %s: %lld %s read, %lld accepted, %lld rejected", ps->name,
            ps->data_path, r->rows_read, diag_plural(r->rows_read, "row", "rows"), r->rows_accepted,
            r->rows_rejected);
    if (ps->where)
        fprintf(stderr, ", %lld outside the site", r->rows_outside);
    fputc('\n', stderr);
}

/* Evaluate site PS, keeping only its figures.  Returns the exit status. */
static int site_evaluate(const programme *p, const programme_site *ps, const compare_options *o,
                         site_figures *out)
{
    diag_list dl;
    diag_init(&dl);
    evaluation *ev;
    expr *where;
    int status = site_open(p, ps, o, &ev, &where, &dl);
    thrive_error e = THRIVE_OK;
    if (status == EXIT_OK)
        e = evaluation_run(ev, &dl);
    if (status == EXIT_OK && e == THRIVE_OK)
        e = site_from_results(evaluation_results(ev), ps->name, ps->model_as_written,
                              ps->data_as_written, out);
    diag_print(&dl, stderr);
    diag_free(&dl);
    if (status == EXIT_OK)
        status = thrive_exit_status(e);
    if (status == EXIT_OK)
        say_rows(ps, evaluation_results(ev));
    evaluation_close(ev);
    expr_free(where);
    return status;
}

/* ---- the programme ---- */

/* Check every site before evaluating any: models, costs, filters, and
 * that every site counts in the same currency.  Summaries are read here
 * once and kept.  Returns the exit status of the first problem. */
static int check_sites(const programme *p, const compare_options *o, site_figures *sites)
{
    int status = EXIT_OK;
    const char *currency = NULL;
    size_t first = 0;
    diag_list dl;
    diag_init(&dl);
    for (size_t i = 0; i < p->n_sites; i++) {
        const programme_site *ps = &p->sites[i];
        char *site_currency = NULL;
        int line, col, s = EXIT_OK;
        if (ps->from_summary) {
            thrive_error e = site_from_summary(p, ps, &dl, &sites[i]);
            s = thrive_exit_status(e);
            site_currency = e == THRIVE_OK ? strdup(sites[i].currency) : NULL;
            line = ps->summary_line;
            col = ps->summary_col;
        } else {
            evaluation *ev;
            expr *where;
            s = site_open(p, ps, o, &ev, &where, &dl);
            site_currency = s == EXIT_OK ? strdup(evaluation_model(ev)->currency) : NULL;
            evaluation_close(ev);
            expr_free(where);
            line = ps->model_line;
            col = ps->model_col;
        }
        if (status == EXIT_OK)
            status = s;
        if (site_currency && !currency) {
            currency = site_currency;
            first = i;
            continue;
        }
        if (site_currency && strcmp(site_currency, currency) != 0) {
            diag_error(&dl, p->file, line, col,
                       "site '%s' counts in %s, but site '%s' in %s: every site of a programme "
                       "must use the same currency",
                       ps->name, site_currency, p->sites[first].name, currency);
            if (status == EXIT_OK)
                status = EXIT_MODEL;
        }
        free(site_currency);
    }
    diag_print(&dl, stderr);
    diag_free(&dl);
    free((char *)currency);
    return status;
}

/* The summary to PATH and the page to HTML, each when asked for: the page
 * is made from the summary exactly as `thrive report` makes it (from the
 * whole tree: only the summary file is written site by site). */
static thrive_error write_summary(const comparison *c, const programme *p, const char *currency,
                                  const char *path, const char *html, diag_list *dl)
{
    thrive_error e = path ? compare_summary_write(c, p, currency, path, dl) : THRIVE_OK;
    if (e != THRIVE_OK || !html)
        return e;
    json_t *root = compare_summary_build(c, p, currency);
    if (!root) {
        diag_error(dl, html, 0, 0,
                   "cannot write the summary: a value could not be put into JSON (text that is "
                   "not UTF-8, or out of memory)");
        return THRIVE_ERROR_NOMEM;
    }
    e = report_write(&root, 1, html, dl);
    json_decref(root);
    return e;
}

static int write_outputs(const comparison *c, const programme *p, const compare_options *o)
{
    diag_list dl;
    diag_init(&dl);
    const char *currency = c->n_sites ? c->sites[0].currency : NULL;
    thrive_error e = THRIVE_OK;
    outfile_hold(); /* the workbook, the summary and the page together, or none */
    if (o->book_file)
        e = compare_book_write(c, p, currency, time(NULL), o->book_file, &dl);
    if (e == THRIVE_OK && (o->summary_file || o->html_file))
        e = write_summary(c, p, currency, o->summary_file, o->html_file, &dl);
    thrive_error put = outfile_release(e == THRIVE_OK, &dl);
    if (e == THRIVE_OK)
        e = put;
    diag_print(&dl, stderr);
    diag_free(&dl);
    if (e == THRIVE_OK && o->book_file)
        fprintf(stderr, "thrive: %s: the comparison of %zu sites is in %s\n", p->file, c->n_sites,
                o->book_file);
    return thrive_exit_status(e);
}

/* No output may be the programme file or a site's model, data or summary
 * (docs/manual/commands.md): checked before any site is read. */
static int check_outputs(const programme *p, const compare_options *o)
{
    size_t n = 1 + 3 * p->n_sites;
    outfile_role *in = calloc(n, sizeof *in);
    if (!in)
        return thrive_exit_status(THRIVE_ERROR_NOMEM);
    in[0] = (outfile_role){o->programme_file, "the programme file"};
    for (size_t i = 0; i < p->n_sites; i++) {
        const programme_site *ps = &p->sites[i];
        in[1 + 3 * i] = (outfile_role){ps->model_path, "a site's model"};
        in[2 + 3 * i] = (outfile_role){ps->data_path, "a site's case data"};
        in[3 + 3 * i] = (outfile_role){ps->summary_path, "a site's summary"};
    }
    const outfile_role out[] = {{o->book_file, "the workbook (-o)"},
                                {o->summary_file, "the summary (--summary)"},
                                {o->html_file, "the report (--html)"}};
    diag_list dl;
    diag_init(&dl);
    thrive_error e = outfile_check(in, n, out, 3, &dl);
    free(in);
    diag_print(&dl, stderr);
    diag_free(&dl);
    return thrive_exit_status(e);
}

static int run(const compare_options *o)
{
    diag_list dl;
    diag_init(&dl);
    programme *p;
    thrive_error e = programme_load(o->programme_file, &dl, &p);
    diag_print(&dl, stderr);
    if (dl.n_errors > 1)
        fprintf(stderr, "thrive: %s: %zu errors\n", o->programme_file, dl.n_errors);
    diag_free(&dl);
    if (e != THRIVE_OK)
        return thrive_exit_status(e);
    int status = check_outputs(p, o);
    if (status == EXIT_OK && o->book_file) /* after: over an input is the graver mistake */
        status = cmdline_check_book("compare", "-o", o->book_file);
    site_figures *sites = status == EXIT_OK ? calloc(p->n_sites, sizeof *sites) : NULL;
    if (status == EXIT_OK)
        status = sites ? check_sites(p, o, sites) : thrive_exit_status(THRIVE_ERROR_NOMEM);
    for (size_t i = 0; status == EXIT_OK && i < p->n_sites; i++)
        if (!p->sites[i].from_summary)
            status = site_evaluate(p, &p->sites[i], o, &sites[i]);
    comparison c = {0};
    if (status == EXIT_OK && compare_build(sites, p->n_sites, o->suppress, &c) != THRIVE_OK)
        status = thrive_exit_status(THRIVE_ERROR_NOMEM);
    if (status == EXIT_OK)
        status = write_outputs(&c, p, o);
    comparison_free(&c);
    for (size_t i = 0; sites && i < p->n_sites; i++)
        site_figures_free(&sites[i]);
    free(sites);
    programme_free(p);
    return status;
}

int cmd_compare(int argc, char **argv)
{
    compare_options o;
    int status = parse_options(argc, argv, &o);
    if (status == EXIT_OK)
        status = run(&o);
    free(o.plugin_dirs);
    return status;
}
