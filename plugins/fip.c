/* fip.c - Family Intervention Projects (Child Poverty Pilot Programme).
 *
 * A FIP key worker assesses the family at entry and at exit in five
 * problem domains (family functioning and risk, crime and anti-social
 * behaviour, health, education and employment, finance and debt).  The
 * model's `fip:` section maps those onto columns:
 *
 *   fip:
 *     domains:                 # 1 to 10 domains, each a yes/no column at entry and exit
 *       - { id: health, label: Health, entry: health_entry, exit: health_exit }
 *     problem: "yes"           # the value meaning "has the problem" (default "yes")
 *     start: referral_date     # optional dates: days in the intervention
 *     end: exit_date           #   (missing end = still open)
 *     exit_type: exit_type     # optional: "planned" | "unplanned"
 *
 * Measures, per domain among families assessed at both entry and exit:
 * with the problem at entry, at exit, resolved (yes -> no), new (no -> yes)
 * and % reduction (entry - exit) / entry.  Per family: mean number of
 * domains with a problem at entry and at exit (families assessed in every
 * domain at both), planned and unplanned exits, median days from start to
 * end, and the cost per family with at least one domain resolved.
 *
 * Derived fields, set per row for the model's expressions and breakdowns:
 * domains_at_entry, domains_at_exit, domains_resolved, days_in_project.
 *
 * Memory is fixed: counters, and a histogram of days (0 .. 3650).
 */
#include <stdio.h>
#include <string.h>

#include <thrive/plugin.h>

#define FIP_DOMAINS_MAX 10
#define DAYS_MAX        3650 /* longer stays are counted as DAYS_MAX (noted) */

typedef struct domain {
    const char *id, *label; /* the model's text, valid for the whole run */
    long entry, exit;
    long long assessed; /* entry and exit both recorded */
    long long at_entry, at_exit, resolved, new_problem;
} domain;

typedef struct fip {
    domain d[FIP_DOMAINS_MAX];
    size_t n;
    char problem[64];
    long start, end, exit_type;
    long f_entry, f_exit, f_resolved, f_days;

    long long families, closed, planned, unplanned;
    long long fully_assessed, sum_entry, sum_exit;
    long long k_entry[FIP_DOMAINS_MAX + 1], k_exit[FIP_DOMAINS_MAX + 1];
    long long any_resolved;
    long long day_bins[DAYS_MAX + 1];
    thrive_hist days;
} fip;

/* One item of `domains`: { id, label, entry, exit }. */
static void check_domain(thrive_ctx *ctx, const thrive_host *host, fip *s, const thrive_node *item)
{
    if (host->node_kind(item) != THRIVE_NODE_MAP) {
        host->error(ctx, item, "a domain must be a mapping { id, label, entry, exit }");
        return;
    }
    static const char *const keys[] = {"id", "label", "entry", "exit"};
    host->check_keys(ctx, item, keys, 4, "a fip domain");
    domain *d = &s->d[s->n++];
    const thrive_node *id = host->node_get(item, "id");
    d->id = host->node_text(id);
    if (!d->id || !*d->id) {
        host->error(ctx, id ? id : item, "each domain needs an 'id'");
        d->id = "?";
    }
    for (size_t j = 0; j + 1 < s->n; j++)
        if (strcmp(s->d[j].id, d->id) == 0)
            host->error(ctx, id, "domain id '%s' is used twice", d->id);
    const char *label = host->node_text(host->node_get(item, "label"));
    d->label = label && *label ? label : d->id;
    /* Both columns must be able to hold the problem value, or no family
     * would ever be counted with the problem. */
    d->entry = host->key_flag(ctx, item, "entry", s->problem, THRIVE_REQUIRED);
    d->exit = host->key_flag(ctx, item, "exit", s->problem, THRIVE_REQUIRED);
}

static void check_domains(thrive_ctx *ctx, const thrive_host *host, fip *s, const thrive_node *sec)
{
    const thrive_node *doms = host->node_get(sec, "domains");
    size_t nd = host->node_count(doms);
    if (host->node_kind(doms) != THRIVE_NODE_LIST || nd == 0)
        host->error(ctx, doms ? doms : sec,
                    "'domains' must be a list of problem domains, each "
                    "{ id, label, entry, exit }");
    else if (nd > FIP_DOMAINS_MAX)
        host->error(ctx, doms, "at most %d problem domains, found %zu", FIP_DOMAINS_MAX, nd);
    else
        for (size_t i = 0; i < nd; i++)
            check_domain(ctx, host, s, host->node_item(doms, i));
}

/* start, end and exit_type: the dates and the way a family left. */
static void check_exits(thrive_ctx *ctx, const thrive_host *host, fip *s, const thrive_node *sec)
{
    s->start = host->key_field(ctx, sec, "start", THRIVE_TYPES(THRIVE_DATE), THRIVE_OPTIONAL);
    s->end = host->key_field(ctx, sec, "end", THRIVE_TYPES(THRIVE_DATE), THRIVE_OPTIONAL);
    if (!host->node_get(sec, "start") != !host->node_get(sec, "end"))
        host->error(ctx, sec, "give both 'start' and 'end' (dates) for days in the intervention");
    s->exit_type = host->key_field(ctx, sec, "exit_type", THRIVE_TEXTUAL, THRIVE_OPTIONAL);
    static const char *const exits[] = {"planned", "unplanned"};
    host->check_values(ctx, host->node_get(sec, "exit_type"), s->exit_type, exits, 2, "exit type",
                       "exits");
}

static int check(thrive_ctx *ctx, const thrive_host *host)
{
    fip *s = host->state(ctx);
    s->start = s->end = s->exit_type = -1;
    s->f_entry = s->f_exit = s->f_resolved = s->f_days = -1;
    thrive_hist_init(&s->days, s->day_bins, DAYS_MAX);
    static const char *const keys[] = {"domains", "problem", "start", "end", "exit_type"};
    const thrive_node *sec =
        host->settings(ctx, keys, sizeof keys / sizeof *keys,
                       "the problem domains' entry and exit columns; see logic-models/fip.yaml");
    if (!sec)
        return 1;

    const thrive_node *problem = host->node_get(sec, "problem");
    const char *ptext = problem ? host->node_text(problem) : "yes";
    if (!ptext || !*ptext || strlen(ptext) >= sizeof s->problem)
        host->error(ctx, problem,
                    "'problem' must be the value meaning a family has the "
                    "problem, such as \"yes\"");
    else
        strcpy(s->problem, ptext);
    check_domains(ctx, host, s, sec);
    check_exits(ctx, host, s, sec);

    s->f_entry = host->derive(ctx, "domains_at_entry", THRIVE_INTEGER);
    s->f_exit = host->derive(ctx, "domains_at_exit", THRIVE_INTEGER);
    s->f_resolved = host->derive(ctx, "domains_resolved", THRIVE_INTEGER);
    if (host->node_get(sec, "start"))
        s->f_days = host->derive(ctx, "days_in_project", THRIVE_INTEGER);
    return 0;
}

/* The domains of one family: counts per domain, derived fields. */
static void row_domains(const thrive_host *host, fip *s, thrive_row *r)
{
    int n_entry = 0, n_exit = 0, n_resolved = 0;
    bool any_entry = false, any_exit = false, any_pair = false, all_pairs = true;
    for (size_t i = 0; i < s->n; i++) {
        domain *d = &s->d[i];
        bool ep = host->present(r, d->entry), xp = host->present(r, d->exit);
        bool ey = ep && strcmp(host->text(r, d->entry), s->problem) == 0;
        bool xy = xp && strcmp(host->text(r, d->exit), s->problem) == 0;
        any_entry |= ep;
        any_exit |= xp;
        n_entry += ey;
        n_exit += xy;
        if (!(ep && xp)) {
            all_pairs = false;
            continue;
        }
        any_pair = true;
        d->assessed++;
        d->at_entry += ey;
        d->at_exit += xy;
        d->resolved += ey && !xy;
        d->new_problem += !ey && xy;
        n_resolved += ey && !xy;
    }
    if (all_pairs && s->n) {
        s->fully_assessed++;
        s->sum_entry += n_entry;
        s->sum_exit += n_exit;
        s->k_entry[n_entry]++;
        s->k_exit[n_exit]++;
    }
    if (n_resolved > 0)
        s->any_resolved++;
    host->set_number(r, s->f_entry, any_entry ? n_entry : THRIVE_NA);
    host->set_number(r, s->f_exit, any_exit ? n_exit : THRIVE_NA);
    host->set_number(r, s->f_resolved, any_pair ? n_resolved : THRIVE_NA);
}

static void row(thrive_ctx *ctx, const thrive_host *host, thrive_row *r)
{
    fip *s = host->state(ctx);
    s->families++;
    row_domains(host, s, r);
    if (s->end >= 0 && host->present(r, s->end))
        s->closed++;
    if (s->exit_type >= 0 && host->present(r, s->exit_type)) {
        const char *t = host->text(r, s->exit_type);
        s->planned += strcmp(t, "planned") == 0;
        s->unplanned += strcmp(t, "unplanned") == 0;
    }
    if (s->start >= 0 && s->end >= 0) {
        double days = host->number(r, s->end) - host->number(r, s->start);
        if (thrive_hist_add(&s->days, days))
            host->set_number(r, s->f_days, days);
    }
}

/* The headline measures. */
static void finish_measures(thrive_ctx *ctx, const thrive_host *host, const fip *s)
{
    if (s->end >= 0) {
        host->measure(ctx, "families_closed", "Families whose case has closed", (double)s->closed,
                      THRIVE_FMT_COUNT);
        host->measure(ctx, "families_open", "Families still in the project",
                      (double)(s->families - s->closed), THRIVE_FMT_COUNT);
    }
    if (s->exit_type >= 0) {
        host->measure(ctx, "exits_planned", "Planned exits", (double)s->planned, THRIVE_FMT_COUNT);
        host->measure(ctx, "exits_unplanned", "Unplanned exits", (double)s->unplanned,
                      THRIVE_FMT_COUNT);
        double exits = (double)(s->planned + s->unplanned);
        host->measure_of(ctx, "pct_exits_planned", "Planned exits, share of all exits",
                         thrive_ratio((double)s->planned, exits), THRIVE_FMT_PERCENT, exits);
    }
    double fully = (double)s->fully_assessed;
    host->measure(ctx, "families_fully_assessed",
                  "Families assessed in every domain at entry and exit", fully, THRIVE_FMT_COUNT);
    host->measure_of(ctx, "mean_domains_entry", "Mean problem domains per family at entry",
                     thrive_ratio((double)s->sum_entry, fully), THRIVE_FMT_NUMBER, fully);
    host->measure_of(ctx, "mean_domains_exit", "Mean problem domains per family at exit",
                     thrive_ratio((double)s->sum_exit, fully), THRIVE_FMT_NUMBER, fully);
    host->measure(ctx, "families_any_resolved", "Families with at least one domain resolved",
                  (double)s->any_resolved, THRIVE_FMT_COUNT);
    host->measure_cost_per(ctx, "cost_per_family_resolved",
                           "Cost per family with at least one domain resolved",
                           "families_any_resolved");
    if (s->start < 0 || s->end < 0)
        return;
    host->measure(ctx, "families_with_duration", "Families with a start and an end date",
                  (double)s->days.n, THRIVE_FMT_COUNT);
    host->measure_of(ctx, "median_days", "Median days in the intervention",
                     thrive_hist_median(&s->days), THRIVE_FMT_DAYS, (double)s->days.n);
    if (s->days.negative)
        host->note(ctx, NULL, "fip: %lld %s before they start; left out of the median days",
                   s->days.negative, s->days.negative == 1 ? "family ends" : "families end");
    if (s->days.capped)
        host->note(ctx, NULL, "fip: %lld %s over %d days; counted as %d", s->days.capped,
                   s->days.capped == 1 ? "family stayed" : "families stayed", DAYS_MAX, DAYS_MAX);
}

static void finish_domains(thrive_ctx *ctx, const thrive_host *host, const fip *s)
{
    static const thrive_column cols[] = {
        THRIVE_COLUMN("domain", "Problem domain", THRIVE_FMT_TEXT),
        THRIVE_COLUMN("assessed", "Families assessed at entry and exit", THRIVE_FMT_COUNT),
        THRIVE_COLUMN("at_entry", "With the problem at entry", THRIVE_FMT_COUNT),
        THRIVE_COLUMN("at_exit", "With the problem at exit", THRIVE_FMT_COUNT),
        THRIVE_COLUMN("resolved", "Resolved", THRIVE_FMT_COUNT),
        THRIVE_COLUMN("new", "New at exit", THRIVE_FMT_COUNT),
        /* (entry - exit) / entry: a share of those with the problem at entry */
        THRIVE_COLUMN_OF("pct_reduction", "Reduction", THRIVE_FMT_PERCENT, "at_entry"),
    };
    int t = host->table(ctx, "domains", "FIP problem domains, entry and exit", cols,
                        sizeof cols / sizeof *cols);
    for (size_t i = 0; i < s->n; i++) {
        const domain *d = &s->d[i];
        double v[6] = {(double)d->assessed,
                       (double)d->at_entry,
                       (double)d->at_exit,
                       (double)d->resolved,
                       (double)d->new_problem,
                       thrive_ratio((double)(d->at_entry - d->at_exit), (double)d->at_entry)};
        host->add_row(ctx, t, d->label, v, 6);
    }
    static const char *const chart[] = {"at_entry", "at_exit"};
    host->chart(ctx, t, THRIVE_CHART_COLUMN, "Families with each problem, entry and exit", chart,
                2);
}

static void finish_per_family(thrive_ctx *ctx, const thrive_host *host, const fip *s)
{
    static const thrive_column cols[] = {
        THRIVE_COLUMN("domains", "Problem domains", THRIVE_FMT_TEXT),
        THRIVE_COLUMN("families_entry", "Families at entry", THRIVE_FMT_COUNT),
        THRIVE_COLUMN("families_exit", "Families at exit", THRIVE_FMT_COUNT),
    };
    int t = host->table(ctx, "domains_per_family", "Problem domains per family, entry and exit",
                        cols, sizeof cols / sizeof *cols);
    for (size_t k = 0; k <= s->n; k++) {
        char label[32];
        snprintf(label, sizeof label, "%zu", k);
        double v[2] = {(double)s->k_entry[k], (double)s->k_exit[k]};
        host->add_row(ctx, t, label, v, 2);
    }
    static const char *const chart[] = {"families_entry", "families_exit"};
    host->chart(ctx, t, THRIVE_CHART_COLUMN, "Families by number of problem domains", chart, 2);
}

static int finish(thrive_ctx *ctx, const thrive_host *host)
{
    const fip *s = host->state(ctx);
    finish_measures(ctx, host, s);
    finish_domains(ctx, host, s);
    finish_per_family(ctx, host, s);
    return 0;
}

THRIVE_PLUGIN(
    fip, .name = "fip", .version = "1.0.0",
    .title = "Family Intervention Projects: problem domains at entry and exit, exits, duration",
    .state_size = sizeof(fip), .check = check, .row = row, .finish = finish);
