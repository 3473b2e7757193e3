/* separating_parents.c - Supporting Separating Parents.
 *
 * Separating or separated parents supported by co-ordinated local
 * services (mediation, legal and debt advice, parenting support...), some
 * of them in the evening and at weekends.  The pilot found better outcomes
 * where more services were involved, and higher take-up where provision
 * was out of hours.  The model's `separating-parents:` section (every key
 * required):
 *
 *   separating-parents:
 *     maintenance_entry: maintenance_entry  # the child-maintenance arrangement at entry (text or enum)
 *     maintenance_exit: maintenance_exit    # ... at exit
 *     arranged: [family_based, statutory, court_order]  # the values meaning an arrangement is in place
 *     conflict_start: conflict_start        # integer: parental conflict at entry (higher = more)
 *     conflict_review: conflict_review      # ... at review
 *     services: [svc_mediation, svc_legal_advice, svc_debt_advice]  # 1 to 10 yes/no columns
 *     outcome: outcome_at_exit == "improved"  # a condition: the parent's outcome was achieved
 *     evening_weekend: evening_weekend      # yes/no: used evening or weekend provision
 *
 * Measures: child-maintenance arrangements at entry and at exit (among the
 * parents recorded at both), gained and lost, and per arrangement; the
 * conflict scale at entry and review (the parents scored at both), its
 * mean fall and the shares better, the same and worse; the outcome rate by
 * number of services involved and per service; evening and weekend
 * take-up and the outcome rate with and without it; the cost per outcome
 * and per arrangement gained.  Derived fields: services_involved (how many
 * of the services), conflict_change (entry minus review: > 0 is less
 * conflict).
 *
 * Memory is fixed: counters per service, per number of services and per
 * arrangement value.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <thrive/plugin.h>

#define SERVICES_MAX 10
#define VALUES_MAX   8
#define LABEL_LEN    64

/* Per number of services, and per service. */
typedef struct tally {
    long long parents, outcomes, pairs;
    double change; /* sum of conflict changes over the pairs */
} tally;

typedef struct service {
    long field;
    char label[LABEL_LEN];
    tally t;
} service;

typedef struct sp {
    long m_entry, m_exit, c_start, c_review, evening;
    int outcome;
    long f_services, f_change;
    const char *arranged[VALUES_MAX];
    size_t n_arranged;
    service svc[SERVICES_MAX];
    size_t n_svc;

    long long parents, outcomes, m_recorded, m_gained, m_lost;
    long long at_entry[VALUES_MAX + 1], at_exit[VALUES_MAX + 1]; /* [n_arranged] = none */
    long long c_pairs, c_better, c_same, c_worse, c_sum_start, c_sum_review;
    long long evening_n, evening_outcomes, services_total;
    tally by_count[SERVICES_MAX + 1];
} sp;

/* A list setting KEY of 1 to MAX scalars; its count, or 0 after an error. */
static size_t scalar_list(thrive_ctx *ctx, const thrive_host *host, const thrive_node *sec,
                          const char *key, size_t max, const char *example)
{
    const thrive_node *list = host->node_get(sec, key);
    size_t n = host->node_count(list);
    bool usable = host->node_kind(list) == THRIVE_NODE_LIST && n >= 1 && n <= max;
    for (size_t i = 0; usable && i < n; i++)
        usable = host->node_text(host->node_item(list, i)) != NULL;
    if (!usable)
        host->error(ctx, list ? list : sec, "'%s' must be a list of 1 to %zu %s", key, max,
                    example);
    return usable ? n : 0;
}

/* "svc_legal_advice" -> "Legal advice": a service's label from its column. */
static void service_label(char *out, const char *column)
{
    const char *name = strncmp(column, "svc_", 4) == 0 ? column + 4 : column;
    snprintf(out, LABEL_LEN, "%s", name);
    for (char *c = out; *c; c++)
        *c = *c == '_' ? ' ' : *c;
    if (*out >= 'a' && *out <= 'z')
        *out = (char)(*out - 'a' + 'A');
}

static void check_services(thrive_ctx *ctx, const thrive_host *host, sp *s, const thrive_node *sec)
{
    size_t n =
        scalar_list(ctx, host, sec, "services", SERVICES_MAX,
                    "yes/no columns, one a service, such as [svc_mediation, svc_debt_advice]");
    const thrive_node *list = host->node_get(sec, "services");
    static const char *const yes[] = {"yes"};
    for (size_t i = 0; i < n; i++) {
        const thrive_node *item = host->node_item(list, i);
        service *v = &s->svc[s->n_svc++];
        v->field = host->field(ctx, item, THRIVE_TEXTUAL);
        host->check_values(ctx, item, v->field, yes, 1, "service",
                           "parents involved with a service");
        service_label(v->label, host->node_text(item));
    }
}

/* The arrangement columns, and the values that mean one is in place. */
static void check_maintenance(thrive_ctx *ctx, const thrive_host *host, sp *s,
                              const thrive_node *sec)
{
    s->m_entry = host->key_field(ctx, sec, "maintenance_entry", THRIVE_TEXTUAL, THRIVE_REQUIRED);
    s->m_exit = host->key_field(ctx, sec, "maintenance_exit", THRIVE_TEXTUAL, THRIVE_REQUIRED);
    s->n_arranged = scalar_list(ctx, host, sec, "arranged", VALUES_MAX,
                                "values meaning a child-maintenance arrangement is in place, such "
                                "as [family_based, statutory]");
    const thrive_node *list = host->node_get(sec, "arranged");
    for (size_t i = 0; i < s->n_arranged; i++)
        s->arranged[i] = host->node_text(host->node_item(list, i));
    host->check_values(ctx, host->node_get(sec, "maintenance_entry"), s->m_entry, s->arranged,
                       s->n_arranged, "child-maintenance at entry", "arrangements");
    host->check_values(ctx, host->node_get(sec, "maintenance_exit"), s->m_exit, s->arranged,
                       s->n_arranged, "child-maintenance at exit", "arrangements");
}

static int check(thrive_ctx *ctx, const thrive_host *host)
{
    sp *s = host->state(ctx);
    s->f_services = s->f_change = -1;
    s->outcome = -1;
    static const char *const keys[] = {"maintenance_entry", "maintenance_exit", "arranged",
                                       "conflict_start",    "conflict_review",  "services",
                                       "outcome",           "evening_weekend"};
    static const char naming[] = "the child-maintenance, conflict, service and outcome columns; "
                                 "see logic-models/separating-parents.yaml";
    const thrive_node *sec = host->settings(ctx, keys, sizeof keys / sizeof *keys, naming);
    if (!sec)
        return 1;
    check_maintenance(ctx, host, s, sec);
    s->c_start =
        host->key_field(ctx, sec, "conflict_start", THRIVE_TYPES(THRIVE_INTEGER), THRIVE_REQUIRED);
    s->c_review =
        host->key_field(ctx, sec, "conflict_review", THRIVE_TYPES(THRIVE_INTEGER), THRIVE_REQUIRED);
    check_services(ctx, host, s, sec);
    const thrive_node *outcome = host->node_get(sec, "outcome");
    if (outcome)
        s->outcome = host->condition(ctx, outcome);
    else
        host->error(ctx, sec,
                    "the separating-parents section needs 'outcome': a condition such as "
                    "outcome_at_exit == \"improved\"");
    s->evening = host->key_flag(ctx, sec, "evening_weekend", "yes", THRIVE_REQUIRED);
    s->f_services = host->derive(ctx, "services_involved", THRIVE_INTEGER);
    s->f_change = host->derive(ctx, "conflict_change", THRIVE_INTEGER);
    return 0;
}

/* The index of VALUE among the arranged values, or n_arranged (none). */
static size_t arrangement(const sp *s, const char *value)
{
    size_t i = 0;
    while (i < s->n_arranged && strcmp(s->arranged[i], value) != 0)
        i++;
    return i;
}

static void row_maintenance(const thrive_host *host, sp *s, const thrive_row *r)
{
    if (!host->present(r, s->m_entry) || !host->present(r, s->m_exit))
        return;
    size_t a = arrangement(s, host->text(r, s->m_entry));
    size_t b = arrangement(s, host->text(r, s->m_exit));
    s->m_recorded++;
    s->at_entry[a]++;
    s->at_exit[b]++;
    s->m_gained += a == s->n_arranged && b < s->n_arranged;
    s->m_lost += a < s->n_arranged && b == s->n_arranged;
}

/* Conflict at entry and review: returns whether both are scored, with the
 * fall (entry - review) in *CHANGE. */
static bool row_conflict(const thrive_host *host, sp *s, thrive_row *r, double *change)
{
    double a = host->number(r, s->c_start), b = host->number(r, s->c_review);
    if (isnan(a) || isnan(b))
        return false;
    *change = a - b;
    s->c_pairs++;
    s->c_sum_start += (long long)a;
    s->c_sum_review += (long long)b;
    s->c_better += *change > 0;
    s->c_same += *change == 0;
    s->c_worse += *change < 0;
    host->set_number(r, s->f_change, *change);
    return true;
}

static void add_tally(tally *t, bool outcome, bool pair, double change)
{
    t->parents++;
    t->outcomes += outcome;
    t->pairs += pair;
    t->change += pair ? change : 0;
}

static void row(thrive_ctx *ctx, const thrive_host *host, thrive_row *r)
{
    sp *s = host->state(ctx);
    bool outcome = s->outcome >= 0 && host->holds(r, s->outcome);
    s->parents++;
    s->outcomes += outcome;
    row_maintenance(host, s, r);
    double change = 0;
    bool pair = row_conflict(host, s, r, &change);
    int involved = 0;
    for (size_t i = 0; i < s->n_svc; i++)
        if (strcmp(host->text(r, s->svc[i].field), "yes") == 0) {
            involved++;
            add_tally(&s->svc[i].t, outcome, pair, change);
        }
    s->services_total += involved;
    add_tally(&s->by_count[involved], outcome, pair, change);
    host->set_number(r, s->f_services, involved);
    if (strcmp(host->text(r, s->evening), "yes") == 0) {
        s->evening_n++;
        s->evening_outcomes += outcome;
    }
}

#define CNT THRIVE_FMT_COUNT
#define PCT THRIVE_FMT_PERCENT

static void finish_maintenance(thrive_ctx *ctx, const thrive_host *host, const sp *s)
{
    size_t none = s->n_arranged;
    long long entry = 0, exit = 0;
    for (size_t i = 0; i < none; i++) {
        entry += s->at_entry[i];
        exit += s->at_exit[i];
    }
    host->measure(ctx, "maintenance_recorded",
                  "Parents with child maintenance recorded at entry and exit",
                  (double)s->m_recorded, CNT);
    host->measure(ctx, "arranged_at_entry", "Child-maintenance arrangement in place at entry",
                  (double)entry, CNT);
    host->measure(ctx, "arranged_at_exit", "Child-maintenance arrangement in place at exit",
                  (double)exit, CNT);
    host->measure_ratio(ctx, "pct_arranged_entry", "Arrangement at entry, share of those recorded",
                        "arranged_at_entry", "maintenance_recorded", PCT);
    host->measure_ratio(ctx, "pct_arranged_exit", "Arrangement at exit, share of those recorded",
                        "arranged_at_exit", "maintenance_recorded", PCT);
    host->measure(ctx, "arrangements_gained", "Arrangements made (none at entry, one at exit)",
                  (double)s->m_gained, CNT);
    host->measure(ctx, "arrangements_lost", "Arrangements lost (one at entry, none at exit)",
                  (double)s->m_lost, CNT);
    host->measure_cost_per(ctx, "cost_per_arrangement_gained", "Cost per arrangement made",
                           "arrangements_gained");

    static const thrive_column cols[] = {
        THRIVE_COLUMN("arrangement", "Child-maintenance arrangement", THRIVE_FMT_TEXT),
        THRIVE_COLUMN("at_entry", "Parents at entry", CNT),
        THRIVE_COLUMN("at_exit", "Parents at exit", CNT),
    };
    int t = host->table(ctx, "maintenance", "Child maintenance, entry and exit", cols, 3);
    for (size_t i = 0; i <= none; i++) {
        double v[2] = {(double)s->at_entry[i], (double)s->at_exit[i]};
        const char *label = i == none ? "No arrangement"
                            : THRIVE_HOST_HAS(host, value_label)
                                ? host->value_label(ctx, s->m_entry, s->arranged[i])
                                : s->arranged[i];
        host->add_row(ctx, t, label, v, 2);
    }
    static const char *const chart[] = {"at_entry", "at_exit"};
    host->chart(ctx, t, THRIVE_CHART_COLUMN, "Child-maintenance arrangements, entry and exit",
                chart, 2);
}

static void finish_conflict(thrive_ctx *ctx, const thrive_host *host, const sp *s)
{
    double n = (double)s->c_pairs;
    host->measure(ctx, "conflict_pairs", "Parents with conflict scored at entry and review", n,
                  CNT);
    host->measure_of(ctx, "mean_conflict_entry", "Mean conflict score at entry",
                     thrive_ratio((double)s->c_sum_start, n), THRIVE_FMT_NUMBER, n);
    host->measure_of(ctx, "mean_conflict_review", "Mean conflict score at review",
                     thrive_ratio((double)s->c_sum_review, n), THRIVE_FMT_NUMBER, n);
    host->measure_of(ctx, "mean_conflict_fall", "Mean fall in conflict (entry minus review)",
                     thrive_ratio((double)(s->c_sum_start - s->c_sum_review), n), THRIVE_FMT_NUMBER,
                     n);
    const struct {
        const char *id, *label, *pct_id, *pct_label;
        long long count;
    } m[] = {
        {"conflict_less", "Parents with less conflict at review", "pct_conflict_less",
         "Less conflict, share of those scored", s->c_better},
        {"conflict_same", "Parents with the same conflict at review", "pct_conflict_same",
         "The same, share of those scored", s->c_same},
        {"conflict_more", "Parents with more conflict at review", "pct_conflict_more",
         "More conflict, share of those scored", s->c_worse},
    };
    for (size_t i = 0; i < 3; i++) {
        host->measure(ctx, m[i].id, m[i].label, (double)m[i].count, CNT);
        host->measure_ratio(ctx, m[i].pct_id, m[i].pct_label, m[i].id, "conflict_pairs", PCT);
    }
}

static void tally_row(thrive_ctx *ctx, const thrive_host *host, int t, const char *label,
                      const tally *y)
{
    /* The rate is worked out by the host from its two columns. */
    double v[5] = {(double)y->parents, (double)y->outcomes, THRIVE_NA, (double)y->pairs,
                   thrive_ratio(y->change, (double)y->pairs)};
    host->add_row(ctx, t, label, v, 5);
}

/* Outcomes and conflict per number of services, and per service. */
static void finish_services(thrive_ctx *ctx, const thrive_host *host, const sp *s)
{
    thrive_column cols[] = {
        THRIVE_COLUMN("services", "Services involved", THRIVE_FMT_TEXT),
        THRIVE_COLUMN("parents", "Parents", CNT),
        THRIVE_COLUMN("outcomes", "Outcome achieved", CNT),
        THRIVE_RATE_COLUMN("pct_outcome", "Outcome rate", PCT, "outcomes", "parents"),
        THRIVE_COLUMN("conflict_pairs", "Conflict scored at entry and review", CNT),
        THRIVE_COLUMN_OF("mean_conflict_fall", "Mean fall in conflict", THRIVE_FMT_NUMBER,
                         "conflict_pairs"),
    };
    int t = host->table(ctx, "by_number_of_services", "Outcomes by number of services", cols, 6);
    size_t most = s->n_svc; /* rows up to the most services any parent had */
    while (most > 0 && s->by_count[most].parents == 0)
        most--;
    for (size_t k = 0; k <= most; k++) {
        char label[32];
        snprintf(label, sizeof label, "%zu service%s", k, k == 1 ? "" : "s");
        tally_row(ctx, host, t, label, &s->by_count[k]);
    }
    static const char *const rate[] = {"pct_outcome"};
    host->chart(ctx, t, THRIVE_CHART_COLUMN, "Outcome rate by number of services involved", rate,
                1);

    cols[0] = (thrive_column)THRIVE_COLUMN("service", "Service", THRIVE_FMT_TEXT);
    cols[1].label = "Parents involved";
    t = host->table(ctx, "by_service", "Outcomes by service", cols, 6);
    for (size_t i = 0; i < s->n_svc; i++)
        tally_row(ctx, host, t, s->svc[i].label, &s->svc[i].t);
    static const char *const both[] = {"parents", "outcomes"};
    host->chart(ctx, t, THRIVE_CHART_BAR, "Parents involved and outcomes achieved, by service",
                both, 2);
}

static int finish(thrive_ctx *ctx, const thrive_host *host)
{
    const sp *s = host->state(ctx);
    const double parents = (double)s->parents;
    host->measure(ctx, "parents", "Parents", parents, CNT);
    host->measure(ctx, "outcomes_achieved", "Parents whose outcome was achieved",
                  (double)s->outcomes, CNT);
    host->measure_ratio(ctx, "pct_outcomes_achieved", "Outcome rate", "outcomes_achieved",
                        "parents", PCT);
    host->measure_cost_per(ctx, "cost_per_outcome", "Cost per outcome achieved",
                           "outcomes_achieved");
    host->measure_of(ctx, "service_involvements", "Services involved, summed over parents",
                     (double)s->services_total, THRIVE_FMT_NUMBER, parents);
    host->measure_ratio(ctx, "mean_services", "Mean services involved per parent",
                        "service_involvements", "parents", THRIVE_FMT_NUMBER);
    host->measure(ctx, "evening_weekend", "Parents using evening or weekend provision",
                  (double)s->evening_n, CNT);
    host->measure_ratio(ctx, "pct_evening_weekend", "Evening or weekend take-up, share of parents",
                        "evening_weekend", "parents", PCT);
    host->measure(ctx, "outcomes_evening_weekend",
                  "Outcomes achieved by parents using evening or weekend provision",
                  (double)s->evening_outcomes, CNT);
    host->measure_ratio(ctx, "pct_outcome_evening_weekend",
                        "Outcome rate with evening or weekend provision",
                        "outcomes_evening_weekend", "evening_weekend", PCT);
    host->measure(ctx, "standard_hours", "Parents using standard hours only",
                  (double)(s->parents - s->evening_n), CNT);
    host->measure(ctx, "outcomes_standard_hours",
                  "Outcomes achieved by parents using standard hours only",
                  (double)(s->outcomes - s->evening_outcomes), CNT);
    host->measure_ratio(ctx, "pct_outcome_standard_hours", "Outcome rate with standard hours only",
                        "outcomes_standard_hours", "standard_hours", PCT);
    finish_maintenance(ctx, host, s);
    finish_conflict(ctx, host, s);
    finish_services(ctx, host, s);
    return 0;
}

#undef CNT
#undef PCT

THRIVE_PLUGIN(
    separating_parents, .name = "separating-parents", .version = "1.0.0",
    .title = "Supporting Separating Parents: maintenance, conflict, services, out of hours",
    .state_size = sizeof(sp), .check = check, .row = row, .finish = finish);
