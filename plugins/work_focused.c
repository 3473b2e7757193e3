/* work_focused.c - Work-Focused Services in Children's Centres.
 *
 * Jobcentre Plus advisers based in Children's Centres meet parents where
 * they already go, and refer them on: to debt advice, childcare, training.
 * Around 60% of the pilot's parents were lone parents on benefit and
 * around 30% were not traditional Jobcentre Plus customers.  The model's
 * `work-focused:` section names the columns (yes/no columns unless said
 * otherwise; every key is required):
 *
 *   work-focused:
 *     centre: childrens_centre          # the Children's Centre (text or enum)
 *     lone_parent: lone_parent          # a lone parent
 *     on_benefit: on_benefit            # on an out-of-work benefit at first contact
 *     non_traditional: non_traditional  # not a traditional Jobcentre Plus customer
 *     referrals:                        # 1 to 8 referral types: type id -> its yes/no column
 *       debt_advice: referred_debt_advice
 *       childcare: referred_childcare
 *       training: referred_training
 *     job_start: job_start_date         # date: present = a job entry
 *     training_start: training_start    # started training or a course
 *
 * Per centre (a table, with a chart) and in total (measures): parents,
 * lone parents on benefit, non-traditional customers, parents referred by
 * type, job entries, training starts, each share of the parents beside the
 * count it comes from; per referral type, the job entries and training
 * starts of the parents referred; the cost per job entry and per training
 * start.  Derived field: referrals_made (how many types a parent was
 * referred to), for outcomes and breakdowns.
 *
 * Memory is fixed: at most CENTRES_MAX centres (the rest are counted as
 * "Other centres").
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <thrive/plugin.h>

#define CENTRES_MAX 100
#define REF_MAX     8
#define ID_LEN      48
#define NAME_LEN    96

/* What is counted per centre and in total: the referral types last. */
enum {
    C_PARENTS,
    C_LONE_ON_BENEFIT,
    C_NON_TRADITIONAL,
    C_JOBS,
    C_TRAINING,
    C_REF,
    C_COUNTS = C_REF + REF_MAX
};

typedef struct counts {
    long long n[C_COUNTS];
} counts;

/* A centre: its name, as written, when it fits (longer ones are "Other"). */
typedef struct centre {
    char name[NAME_LEN];
    counts c;
} centre;

/* One referral type: its column, and what became of the parents referred. */
typedef struct referral {
    long field;
    char id[ID_LEN], col_id[ID_LEN + 16], label[ID_LEN + 16], col_label[ID_LEN + 32];
    long long jobs, training;
} referral;

typedef struct wf {
    long centre, lone_parent, on_benefit, non_traditional, job_start, training_start;
    long f_referrals;
    referral ref[REF_MAX];
    size_t n_ref;

    centre centres[CENTRES_MAX];
    size_t n_centres;
    counts other, missing, total;
} wf;

/* PREFIX then ID with '_' as ' ': "Referred to debt advice". */
static void words(char *out, size_t size, const char *prefix, const char *id)
{
    snprintf(out, size, "%s%s", prefix, id);
    for (char *c = out; *c; c++)
        *c = *c == '_' ? ' ' : *c;
}

/* Item I of `referrals`: a type id and its yes/no column. */
static void check_referral(thrive_ctx *ctx, const thrive_host *host, wf *s, const thrive_node *refs,
                           size_t i)
{
    const char *id = host->node_key(refs, i);
    size_t len = strlen(id);
    if (len == 0 || len >= ID_LEN || strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_") != len) {
        host->error(ctx, host->node_item(refs, i),
                    "a referral type must be an id of lower-case letters, digits and '_' "
                    "(under %d characters), such as debt_advice",
                    ID_LEN);
        return;
    }
    referral *r = &s->ref[s->n_ref++];
    snprintf(r->id, sizeof r->id, "%s", id);
    snprintf(r->col_id, sizeof r->col_id, "referred_%s", id);
    words(r->label, sizeof r->label, "", id);
    r->label[0] = (char)toupper((unsigned char)r->label[0]);
    words(r->col_label, sizeof r->col_label, "Referred to ", id);
    r->field = host->key_flag(ctx, refs, id, "yes", THRIVE_REQUIRED);
}

/* referrals: a mapping of referral type ids to their yes/no columns. */
static void check_referrals(thrive_ctx *ctx, const thrive_host *host, wf *s, const thrive_node *sec)
{
    const thrive_node *refs = host->node_get(sec, "referrals");
    size_t n = host->node_count(refs);
    if (host->node_kind(refs) == THRIVE_NODE_MAP && n >= 1 && n <= REF_MAX)
        for (size_t i = 0; i < n; i++)
            check_referral(ctx, host, s, refs, i);
    else
        host->error(ctx, refs ? refs : sec,
                    "'referrals' must map 1 to %d referral types to their yes/no columns, such "
                    "as { debt_advice: referred_debt_advice, childcare: referred_childcare }",
                    REF_MAX);
}

static int check(thrive_ctx *ctx, const thrive_host *host)
{
    wf *s = host->state(ctx);
    s->f_referrals = -1;
    static const char *const keys[] = {"centre",          "lone_parent", "on_benefit",
                                       "non_traditional", "referrals",   "job_start",
                                       "training_start"};
    static const char naming[] =
        "the centre, parent, referral and job columns; see logic-models/work-focused.yaml";
    const thrive_node *sec = host->settings(ctx, keys, sizeof keys / sizeof *keys, naming);
    if (!sec)
        return 1;
    s->centre = host->key_group(ctx, sec, "centre", "the per-centre table", THRIVE_REQUIRED);
    s->lone_parent = host->key_flag(ctx, sec, "lone_parent", "yes", THRIVE_REQUIRED);
    s->on_benefit = host->key_flag(ctx, sec, "on_benefit", "yes", THRIVE_REQUIRED);
    s->non_traditional = host->key_flag(ctx, sec, "non_traditional", "yes", THRIVE_REQUIRED);
    check_referrals(ctx, host, s, sec);
    s->job_start =
        host->key_field(ctx, sec, "job_start", THRIVE_TYPES(THRIVE_DATE), THRIVE_REQUIRED);
    s->training_start = host->key_flag(ctx, sec, "training_start", "yes", THRIVE_REQUIRED);
    s->f_referrals = host->derive(ctx, "referrals_made", THRIVE_INTEGER);
    return 0;
}

/* The counts of centre NAME: its own, or "Other centres" past the cap. */
static counts *centre_counts(wf *s, const char *name)
{
    size_t i = 0;
    while (i < s->n_centres && strcmp(s->centres[i].name, name) != 0)
        i++;
    if (i == s->n_centres) {
        if (i == CENTRES_MAX || strlen(name) >= NAME_LEN)
            return &s->other;
        strcpy(s->centres[s->n_centres++].name, name);
    }
    return &s->centres[i].c;
}

static bool yes(const thrive_host *host, const thrive_row *r, long field)
{
    return strcmp(host->text(r, field), "yes") == 0;
}

static void row(thrive_ctx *ctx, const thrive_host *host, thrive_row *r)
{
    wf *s = host->state(ctx);
    counts one = {.n = {[C_PARENTS] = 1}};
    long long *n = one.n;
    n[C_LONE_ON_BENEFIT] = yes(host, r, s->lone_parent) && yes(host, r, s->on_benefit);
    n[C_NON_TRADITIONAL] = yes(host, r, s->non_traditional);
    n[C_JOBS] = host->present(r, s->job_start);
    n[C_TRAINING] = yes(host, r, s->training_start);
    int made = 0;
    for (size_t k = 0; k < s->n_ref; k++) {
        if (!yes(host, r, s->ref[k].field))
            continue;
        n[C_REF + k] = 1;
        made++;
        s->ref[k].jobs += n[C_JOBS];
        s->ref[k].training += n[C_TRAINING];
    }
    host->set_number(r, s->f_referrals, made);
    counts *c =
        host->present(r, s->centre) ? centre_counts(s, host->text(r, s->centre)) : &s->missing;
    for (int k = 0; k < C_COUNTS; k++) {
        c->n[k] += n[k];
        s->total.n[k] += n[k];
    }
}

/* A count of the total, and its share of the parents (live: a ratio). */
static void count_and_share(thrive_ctx *ctx, const thrive_host *host, const char *id,
                            const char *label, long long count, const char *share_label)
{
    char share_id[ID_LEN + 32];
    snprintf(share_id, sizeof share_id, "pct_%s", id);
    host->measure(ctx, id, label, (double)count, THRIVE_FMT_COUNT);
    host->measure_ratio(ctx, share_id, share_label, id, "parents", THRIVE_FMT_PERCENT);
}

static void finish_measures(thrive_ctx *ctx, const thrive_host *host, const wf *s)
{
    const long long *n = s->total.n;
    host->measure(ctx, "parents", "Parents", (double)n[C_PARENTS], THRIVE_FMT_COUNT);
    count_and_share(ctx, host, "lone_parents_on_benefit", "Lone parents on benefit",
                    n[C_LONE_ON_BENEFIT], "Lone parents on benefit, share of parents");
    count_and_share(ctx, host, "non_traditional_customers",
                    "Parents who were not traditional Jobcentre Plus customers",
                    n[C_NON_TRADITIONAL],
                    "Non-traditional Jobcentre Plus customers, share of parents");
    for (size_t k = 0; k < s->n_ref; k++) {
        char label[128], share[128];
        snprintf(label, sizeof label, "Parents referred: %s", s->ref[k].label);
        snprintf(share, sizeof share, "Referred: %s, share of parents", s->ref[k].label);
        count_and_share(ctx, host, s->ref[k].col_id, label, n[C_REF + k], share);
    }
    count_and_share(ctx, host, "job_entries", "Job entries", n[C_JOBS],
                    "Job entries, share of parents");
    count_and_share(ctx, host, "training_starts", "Training starts", n[C_TRAINING],
                    "Training starts, share of parents");
    host->measure_cost_per(ctx, "cost_per_job_entry", "Cost per job entry", "job_entries");
    host->measure_cost_per(ctx, "cost_per_training_start", "Cost per training start",
                           "training_starts");
}

#define CNT THRIVE_FMT_COUNT
#define PCT THRIVE_FMT_PERCENT

/* Two columns: the count ID, then SHARE_ID, its share of the count BASE. */
static size_t count_share(thrive_column *c, const char *id, const char *label, const char *share_id,
                          const char *share_label, const char *base)
{
    c[0] = (thrive_column)THRIVE_COLUMN(id, label, CNT);
    c[1] = (thrive_column)THRIVE_RATE_COLUMN(share_id, share_label, PCT, id, base);
    return 2;
}

static void centre_row(thrive_ctx *ctx, const thrive_host *host, int t, const wf *s,
                       const char *label, const counts *c)
{
    const long long *n = c->n;
    double v[10 + REF_MAX];
    size_t i = 0;
    /* The shares are worked out by the host from their columns. */
    v[i++] = (double)n[C_PARENTS];
    v[i++] = (double)n[C_LONE_ON_BENEFIT];
    v[i++] = THRIVE_NA;
    v[i++] = (double)n[C_NON_TRADITIONAL];
    v[i++] = THRIVE_NA;
    for (size_t k = 0; k < s->n_ref; k++)
        v[i++] = (double)n[C_REF + k];
    v[i++] = (double)n[C_JOBS];
    v[i++] = THRIVE_NA;
    v[i++] = (double)n[C_TRAINING];
    host->add_row(ctx, t, label, v, i);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const centre *)a)->name, ((const centre *)b)->name);
}

/* Parents, referrals and jobs per centre, sorted by name; then the rest. */
static void finish_centres(thrive_ctx *ctx, const thrive_host *host, wf *s)
{
    thrive_column cols[11 + REF_MAX] = {
        THRIVE_COLUMN("centre", "Children's Centre", THRIVE_FMT_TEXT),
        THRIVE_COLUMN("parents", "Parents", CNT),
    };
    size_t nc = 2;
    nc += count_share(cols + nc, "lone_parents_on_benefit", "Lone parents on benefit",
                      "pct_lone_parents_on_benefit", "Lone parents on benefit, share", "parents");
    nc += count_share(cols + nc, "non_traditional", "Non-traditional JCP customers",
                      "pct_non_traditional", "Non-traditional, share", "parents");
    for (size_t k = 0; k < s->n_ref; k++)
        cols[nc++] = (thrive_column)THRIVE_COLUMN(s->ref[k].col_id, s->ref[k].col_label, CNT);
    nc += count_share(cols + nc, "job_entries", "Job entries", "pct_job_entries",
                      "Job entries, share of parents", "parents");
    cols[nc++] = (thrive_column)THRIVE_COLUMN("training_starts", "Training starts", CNT);
    int t = host->table(ctx, "centres", "Parents and jobs by centre", cols, nc);
    qsort(s->centres, s->n_centres, sizeof *s->centres, by_name);
    for (size_t i = 0; i < s->n_centres; i++)
        centre_row(ctx, host, t, s, s->centres[i].name, &s->centres[i].c);
    if (s->other.n[C_PARENTS]) {
        centre_row(ctx, host, t, s, "Other centres", &s->other);
        host->note(ctx, NULL,
                   "work-focused: more than %d centres; %lld %s at the others %s counted under "
                   "'Other centres'",
                   CENTRES_MAX, s->other.n[C_PARENTS],
                   s->other.n[C_PARENTS] == 1 ? "parent" : "parents",
                   s->other.n[C_PARENTS] == 1 ? "is" : "are");
    }
    if (s->missing.n[C_PARENTS])
        centre_row(ctx, host, t, s, "(missing)", &s->missing);
    static const char *const chart[] = {"lone_parents_on_benefit", "non_traditional",
                                        "job_entries"};
    host->chart(ctx, t, THRIVE_CHART_COLUMN,
                "Lone parents on benefit, non-traditional customers and job entries by centre",
                chart, 3);
}

/* What became of the parents referred, by referral type. */
static void finish_referrals(thrive_ctx *ctx, const thrive_host *host, const wf *s)
{
    thrive_column cols[6] = {
        THRIVE_COLUMN("referral", "Referred to", THRIVE_FMT_TEXT),
        THRIVE_COLUMN("referred", "Parents referred", CNT),
    };
    size_t nc = 2;
    nc += count_share(cols + nc, "job_entries", "Of whom started work", "pct_job_entries",
                      "Job entries, share of those referred", "referred");
    nc +=
        count_share(cols + nc, "training_starts", "Of whom started training", "pct_training_starts",
                    "Training starts, share of those referred", "referred");
    int t = host->table(ctx, "referrals", "Referrals and what followed", cols, nc);
    for (size_t k = 0; k < s->n_ref; k++) {
        const referral *r = &s->ref[k];
        double v[5] = {(double)s->total.n[C_REF + k], (double)r->jobs, THRIVE_NA,
                       (double)r->training, THRIVE_NA};
        host->add_row(ctx, t, r->label, v, 5);
    }
    static const char *const chart[] = {"referred", "job_entries", "training_starts"};
    host->chart(ctx, t, THRIVE_CHART_BAR, "Parents referred, and their job and training starts",
                chart, 3);
}

#undef CNT
#undef PCT

static int finish(thrive_ctx *ctx, const thrive_host *host)
{
    wf *s = host->state(ctx);
    finish_measures(ctx, host, s);
    finish_centres(ctx, host, s);
    finish_referrals(ctx, host, s);
    return 0;
}

THRIVE_PLUGIN(work_focused, .name = "work-focused", .version = "1.0.0",
              .title = "Work-Focused Services in Children's Centres: referrals and jobs, by centre",
              .state_size = sizeof(wf), .check = check, .row = row, .finish = finish);
