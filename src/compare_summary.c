/* compare_summary.c - the JSON summary of a comparison (see
 * compare_summary.h and the manual's "Comparing sites"). */
#include "config.h"

#include "compare_summary.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"

/* A summary being built; INCOMPLETE when a value could not be made (text
 * that is not UTF-8, or out of memory): then nothing is written. */
typedef struct builder {
    const comparison *c;
    bool incomplete;
} builder;

static void put(builder *sb, json_t *obj, const char *key, json_t *value)
{
    if (!obj || !value || json_object_set_new(obj, key, value) != 0)
        sb->incomplete = true;
}

static void push(builder *sb, json_t *list, json_t *value)
{
    if (!list || !value || json_array_append_new(list, value) != 0)
        sb->incomplete = true;
}

static json_t *real_or_null(double x, bool hidden)
{
    return hidden || !isfinite(x) ? json_null() : json_real(x);
}

static json_t *count_or_null(long long n, bool hidden)
{
    return hidden ? json_null() : json_integer(n);
}

static json_t *rank_or_null(long rank, bool hidden)
{
    return hidden || rank <= 0 ? json_null() : json_integer(rank);
}

static json_t *pair(double lo, double hi, bool hidden)
{
    return json_pack("[oo]", real_or_null(lo, hidden), real_or_null(hi, hidden));
}

static json_t *text(const char *s)
{
    return s ? json_string(s) : json_null();
}

static void mark(builder *sb, json_t *obj, bool suppressed)
{
    if (suppressed)
        put(sb, obj, "suppressed", json_true());
}

/* ---- one site ---- */

static json_t *site_data(builder *sb, const site_figures *s)
{
    bool hide = s->participants_hidden;
    json_t *d = json_object();
    put(sb, d, "file", text(s->data_file));
    put(sb, d, "sha256", json_string(s->data_sha256));
    put(sb, d, "rows_read", count_or_null(s->rows_read, hide));
    put(sb, d, "rows_accepted", count_or_null(s->rows_accepted, hide));
    put(sb, d, "rows_rejected", json_integer(s->rows_rejected));
    put(sb, d, "rows_outside", count_or_null(s->rows_outside, hide));
    mark(sb, d, hide);
    return d;
}

/* The entry of one site's output, outcome or area at index I. */
typedef json_t *site_entry(builder *sb, const site_figures *s, long i);

/* Site S's entries of the N compared ITEMS it has, in their order. */
static json_t *site_list(builder *sb, const site_figures *s, const compared_item *items, size_t n,
                         site_entry *entry)
{
    json_t *list = json_array();
    for (size_t k = 0; k < n; k++) {
        long i = items[k].at[s - sb->c->sites];
        if (i >= 0)
            push(sb, list, entry(sb, s, i));
    }
    return list;
}

/* An entry's first members: its id, and its count under KEY (null when
 * HIDDEN). */
static json_t *entry_new(builder *sb, const char *id, const char *key, long long count, bool hidden)
{
    json_t *item = json_object();
    put(sb, item, "id", json_string(id));
    put(sb, item, key, count_or_null(count, hidden));
    return item;
}

static json_t *output_entry(builder *sb, const site_figures *s, long i)
{
    const site_output *o = &s->outputs[i];
    json_t *item = entry_new(sb, o->id, "count", o->count, o->hidden);
    put(sb, item, "cost_per_output", real_or_null(o->cost_per_output, o->hidden));
    mark(sb, item, o->hidden);
    return item;
}

static json_t *outcome_entry(builder *sb, const site_figures *s, long i)
{
    const site_outcome *o = &s->outcomes[i];
    bool hide_a = o->achieved_hidden, hide_rate = hide_a || o->eligible_hidden;
    json_t *item = entry_new(sb, o->id, "eligible", o->eligible, o->eligible_hidden);
    put(sb, item, "achieved", count_or_null(o->achieved, hide_a));
    put(sb, item, "rate", real_or_null(o->rate, hide_rate));
    put(sb, item, "rate_ci95", pair(o->ci_lo, o->ci_hi, hide_rate));
    put(sb, item, "net", real_or_null(o->net, hide_a));
    put(sb, item, "cost_per_outcome", real_or_null(o->cost_per_outcome, hide_a));
    put(sb, item, "cost_per_outcome_ci95", pair(o->cpo_lo, o->cpo_hi, hide_rate));
    put(sb, item, "cost_per_net_outcome", real_or_null(o->cost_per_net_outcome, hide_a));
    put(sb, item, "present_value", real_or_null(o->present_value, hide_a));
    const char *f = compare_funnel_name(o->funnel);
    put(sb, item, "funnel", f && !hide_rate ? json_string(f) : json_null());
    put(sb, item, "rank", rank_or_null(o->rank, hide_rate));
    put(sb, item, "rank_range",
        json_pack("[oo]", rank_or_null(o->rank_best, hide_rate),
                  rank_or_null(o->rank_worst, hide_rate)));
    mark(sb, item, hide_rate);
    return item;
}

static json_t *area_entry(builder *sb, const site_figures *s, long i)
{
    const site_area *a = &s->areas[i];
    json_t *item = entry_new(sb, a->id, "n", a->n, a->hidden);
    put(sb, item, "mean_change", real_or_null(a->mean_change, a->hidden));
    put(sb, item, "ci95", pair(a->ci_lo, a->ci_hi, a->hidden));
    mark(sb, item, a->hidden);
    return item;
}

static json_t *value_for_money(builder *sb, double pv, double npv, double sroi, bool hide)
{
    json_t *v = json_object();
    put(sb, v, "present_value", real_or_null(pv, hide));
    put(sb, v, "npv", real_or_null(npv, hide));
    put(sb, v, "sroi_ratio", real_or_null(sroi, hide));
    mark(sb, v, hide);
    return v;
}

static json_t *left_out(builder *sb, const site_figures *s)
{
    json_t *outs = json_array(), *outc = json_array(), *areas = json_array();
    for (size_t i = 0; i < s->n_outputs; i++)
        if (!s->outputs[i].compared)
            push(sb, outs, json_string(s->outputs[i].id));
    for (size_t i = 0; i < s->n_outcomes; i++)
        if (!s->outcomes[i].compared)
            push(sb, outc, json_string(s->outcomes[i].id));
    for (size_t i = 0; i < s->n_areas; i++)
        if (!s->areas[i].compared)
            push(sb, areas, json_string(s->areas[i].id));
    return json_pack("{s:o, s:o, s:o}", "outputs", outs, "outcomes", outc, "areas", areas);
}

/* {BLOCK: {"net", "present_value"}} over the blocks SEEN; a block is
 * hidden when HIDDEN[b]. */
static json_t *by_strategy(builder *sb, const double *net, const double *pv, const bool *seen,
                           const bool *hidden)
{
    json_t *obj = json_object();
    for (int b = 0; b < COMPARE_BLOCKS; b++) {
        if (!seen[b])
            continue;
        json_t *v = json_object();
        put(sb, v, "net", real_or_null(net[b], hidden[b]));
        put(sb, v, "present_value", real_or_null(pv[b], hidden[b]));
        mark(sb, v, hidden[b]);
        put(sb, obj, compare_block_names[b], v);
    }
    return obj;
}

/* A site's blocks are hidden with any of their outcomes' achieved counts. */
static void blocks_hidden(const site_figures *s, bool *hidden)
{
    for (int b = 0; b < COMPARE_BLOCKS; b++)
        hidden[b] = false;
    for (size_t i = 0; i < s->n_outcomes; i++)
        if (s->outcomes[i].block >= 0 && s->outcomes[i].achieved_hidden)
            hidden[s->outcomes[i].block] = true;
}

static json_t *site_obj(builder *sb, const site_figures *s)
{
    json_t *o = json_object();
    put(sb, o, "name", json_string(s->name));
    put(sb, o, "source", json_string(s->from_summary ? "summary" : "evaluated"));
    put(sb, o, "model",
        json_pack("{s:o, s:o, s:s}", "id", text(s->model_id), "file", text(s->model_file), "sha256",
                  s->model_sha256));
    put(sb, o, "data", site_data(sb, s));
    put(sb, o, "participants", count_or_null(s->participants, s->participants_hidden));
    json_t *costs = json_object();
    put(sb, costs, "total", json_real(s->cost_total));
    put(sb, costs, "adjusted", json_real(s->cost_adjusted));
    put(sb, costs, "per_participant",
        real_or_null(s->cost_per_participant, s->participants_hidden));
    mark(sb, costs, s->participants_hidden);
    put(sb, o, "costs", costs);
    const comparison *c = sb->c;
    put(sb, o, "outputs", site_list(sb, s, c->outputs, c->n_outputs, output_entry));
    put(sb, o, "outcomes", site_list(sb, s, c->outcomes, c->n_outcomes, outcome_entry));
    put(sb, o, "distance_travelled", site_list(sb, s, c->areas, c->n_areas, area_entry));
    put(sb, o, "value_for_money",
        value_for_money(sb, s->present_value, s->npv, s->sroi_ratio, s->value_hidden));
    put(sb, o, "sroi_rank", rank_or_null(s->sroi_rank, s->value_hidden));
    put(sb, o, "left_out", left_out(sb, s));
    bool hidden[COMPARE_BLOCKS];
    blocks_hidden(s, hidden);
    put(sb, o, "by_strategy", by_strategy(sb, s->block_net, s->block_pv, s->block_seen, hidden));
    return o;
}

/* ---- the programme total ---- */

static json_t *total_outcomes(builder *sb)
{
    json_t *list = json_array();
    for (size_t k = 0; k < sb->c->n_outcomes; k++) {
        const pooled_outcome *po = &sb->c->pooled_outcomes[k];
        bool hide_a = po->achieved_hidden, hide_rate = hide_a || po->eligible_hidden;
        json_t *item = json_object();
        put(sb, item, "id", json_string(po->id));
        put(sb, item, "eligible", count_or_null(po->eligible, po->eligible_hidden));
        put(sb, item, "achieved", count_or_null(po->achieved, hide_a));
        put(sb, item, "rate", real_or_null(po->rate, hide_rate));
        put(sb, item, "rate_ci95", pair(po->ci_lo, po->ci_hi, hide_rate));
        put(sb, item, "net", real_or_null(po->net, hide_a));
        put(sb, item, "cost_per_outcome", real_or_null(po->cost_per_outcome, hide_a));
        mark(sb, item, hide_rate);
        push(sb, list, item);
    }
    return list;
}

/* The 13 keys of an evaluation's distance entry, from the merged
 * histograms. */
static json_t *total_areas(builder *sb)
{
    json_t *list = json_array();
    for (size_t k = 0; k < sb->c->n_areas; k++) {
        const pooled_area *pa = &sb->c->pooled_areas[k];
        const stats_paired *ch = &pa->change;
        bool hide = pa->hidden;
        json_t *item = json_object();
        put(sb, item, "id", json_string(pa->id));
        put(sb, item, "n", count_or_null(pa->n, hide));
        put(sb, item, "n_missing_review", count_or_null(pa->n_missing_review, pa->missing_hidden));
        put(sb, item, "mean_baseline", real_or_null(pa->mean_baseline, hide));
        put(sb, item, "mean_review", real_or_null(pa->mean_review, hide));
        put(sb, item, "mean_change", real_or_null(ch->mean, hide));
        put(sb, item, "sd_change", real_or_null(ch->sd, hide));
        put(sb, item, "ci95", pair(ch->ci_lo, ch->ci_hi, hide));
        put(sb, item, "effect_size_dz", real_or_null(ch->dz, hide));
        put(sb, item, "pct_improved", real_or_null(ch->pct_improved, hide));
        put(sb, item, "pct_same", real_or_null(ch->pct_same, hide));
        put(sb, item, "pct_worse", real_or_null(ch->pct_worse, hide));
        put(sb, item, "wilcoxon_p", real_or_null(ch->wilcoxon_p, hide));
        mark(sb, item, hide || pa->missing_hidden);
        push(sb, list, item);
    }
    return list;
}

static json_t *total_obj(builder *sb)
{
    const comparison *c = sb->c;
    json_t *t = json_object();
    put(sb, t, "participants", count_or_null(c->participants, c->participants_hidden));
    put(sb, t, "costs",
        json_pack("{s:f, s:f}", "total", c->cost_total, "adjusted", c->cost_adjusted));
    put(sb, t, "outcomes", total_outcomes(sb));
    put(sb, t, "distance_travelled", total_areas(sb));
    put(sb, t, "value_for_money",
        value_for_money(sb, c->present_value, c->npv, c->sroi_ratio, c->value_hidden));
    /* One site's hidden block would be the total minus the others'. */
    size_t n_hidden[COMPARE_BLOCKS] = {0};
    for (size_t s = 0; s < c->n_sites; s++) {
        bool hidden[COMPARE_BLOCKS];
        blocks_hidden(&c->sites[s], hidden);
        for (int b = 0; b < COMPARE_BLOCKS; b++)
            n_hidden[b] += hidden[b];
    }
    bool hidden[COMPARE_BLOCKS];
    for (int b = 0; b < COMPARE_BLOCKS; b++)
        hidden[b] = n_hidden[b] == 1;
    put(sb, t, "by_strategy", by_strategy(sb, c->block_net, c->block_pv, c->block_seen, hidden));
    return t;
}

static json_t *compared_ids(builder *sb, const compared_item *items, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        push(sb, list, json_string(items[i].id));
    return list;
}

/* The keys before "sites": the version, the programme, the currency and
 * what is compared. */
static json_t *head_obj(builder *sb, const programme *p, const char *currency)
{
    const comparison *c = sb->c;
    json_t *root = json_object();
    put(sb, root, "thrive_version", json_string(PACKAGE_VERSION));
    put(sb, root, "programme",
        json_pack("{s:s, s:s, s:s, s:s}", "id", p->id, "title", p->title, "file", p->file, "sha256",
                  p->sha256));
    put(sb, root, "currency", text(currency));
    put(sb, root, "compared",
        json_pack("{s:o, s:o, s:o}", "outputs", compared_ids(sb, c->outputs, c->n_outputs),
                  "outcomes", compared_ids(sb, c->outcomes, c->n_outcomes), "areas",
                  compared_ids(sb, c->areas, c->n_areas)));
    return root;
}

/* The keys after "sites": the programme total and --suppress. */
static json_t *tail_obj(builder *sb)
{
    json_t *tail = json_object();
    put(sb, tail, "programme_total", total_obj(sb));
    if (sb->c->suppress > 0)
        put(sb, tail, "suppress", json_integer(sb->c->suppress));
    return tail;
}

json_t *compare_summary_build(const comparison *c, const programme *p, const char *currency)
{
    builder sb = {c, false};
    json_t *root = head_obj(&sb, p, currency), *tail = tail_obj(&sb);
    json_t *sites = json_array();
    for (size_t s = 0; s < c->n_sites; s++)
        push(&sb, sites, site_obj(&sb, &c->sites[s]));
    put(&sb, root, "sites", sites);
    if (!root || !tail || json_object_update(root, tail) != 0)
        sb.incomplete = true;
    json_decref(tail);
    if (sb.incomplete) {
        json_decref(root);
        return NULL;
    }
    return root;
}

/* ---- written site by site ---- */

/* 17 significant digits: every double round-trips exactly. */
#define SUMMARY_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(17))

/* A value dumped into F with INDENT after every line break, so that it
 * sits where json_dump_file() would put it inside the whole summary. */
typedef struct indented {
    FILE *f;
    const char *indent;
} indented;

static int put_indented(const char *buf, size_t size, void *data)
{
    indented *out = data;
    for (size_t i = 0; i < size; i++) {
        if (putc(buf[i], out->f) == EOF)
            return -1;
        if (buf[i] == '\n' && fputs(out->indent, out->f) == EOF)
            return -1;
    }
    return 0;
}

/* The summary into F, byte for byte as json_dump_file() writes the tree
 * compare_summary_build() makes, but holding one site's figures at a time:
 * the head object without its closing brace, the sites one by one, then
 * the tail object without its opening brace.  0, or -1 with errno set
 * (EILSEQ when a value could not be built). */
static int stream_summary(FILE *f, const comparison *c, const programme *p, const char *currency)
{
    builder sb = {c, false};
    json_t *head = head_obj(&sb, p, currency);
    char *text = sb.incomplete ? NULL : json_dumps(head, SUMMARY_FLAGS);
    json_decref(head);
    size_t len = text ? strlen(text) : 0;
    int rc = len > 2 && fwrite(text, 1, len - 2, f) == len - 2 && fputs(",\n  \"sites\": [", f) >= 0
                 ? 0
                 : -1;
    free(text);
    indented out = {f, "    "};
    for (size_t s = 0; rc == 0 && s < c->n_sites; s++) {
        json_t *site = site_obj(&sb, &c->sites[s]);
        rc = sb.incomplete || fputs(s ? ",\n    " : "\n    ", f) < 0 ||
                     json_dump_callback(site, put_indented, &out, SUMMARY_FLAGS) != 0
                 ? -1
                 : 0;
        json_decref(site);
    }
    if (rc == 0 && fputs(c->n_sites ? "\n  ]," : "],", f) < 0)
        rc = -1;
    json_t *tail = rc == 0 ? tail_obj(&sb) : NULL;
    text = tail && !sb.incomplete ? json_dumps(tail, SUMMARY_FLAGS) : NULL;
    json_decref(tail);
    if (rc == 0 && (!text || fputs(text + 1, f) < 0))
        rc = -1;
    free(text);
    if (rc != 0 && sb.incomplete)
        errno = EILSEQ;
    return rc;
}

thrive_error compare_summary_write(const comparison *c, const programme *p, const char *currency,
                                   const char *path, diag_list *dl)
{
    char *tmp = outfile_temp(path);
    FILE *f = tmp ? fopen(tmp, "w") : NULL;
    errno = 0;
    int rc = f ? stream_summary(f, c, p, currency) : -1;
    int e = errno;
    if (f && fclose(f) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    if (rc == 0 && outfile_commit(tmp, path) != 0) {
        rc = -1;
        e = errno;
    }
    if (rc != 0) {
        diag_error(dl, path, 0, 0, "cannot write the summary: %s",
                   e == EILSEQ ? "a value could not be put into JSON (text that is not UTF-8, or "
                                 "out of memory)"
                               : strerror(e ? e : EIO));
        if (tmp)
            outfile_discard(tmp);
    }
    free(tmp);
    return rc == 0 ? THRIVE_OK : e == ENOMEM ? THRIVE_ERROR_NOMEM : THRIVE_ERROR_OUTPUT;
}
