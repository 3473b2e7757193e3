/* teen_parent_housing.c - Teenage Parent Supported Housing.
 *
 * Young parents in supported accommodation or with floating support in
 * their own tenancy.  The model's `teen-parent-housing:` section names the
 * columns (yes/no columns unless said otherwise; every key but `age_bands`
 * is required):
 *
 *   teen-parent-housing:
 *     tenancy_6: tenancy_6m           # tenancy sustained at 6 months (empty = not yet due)
 *     tenancy_12: tenancy_12m         # ... at 12 months
 *     move_on: move_on                # "planned" | "unplanned" | anything else = not moved on
 *     eet_entry: eet_entry            # in education, employment or training at entry
 *     eet_exit: eet_exit              # ... at the latest review
 *     health_checks: child_health_checks  # child health checks up to date
 *     debt_entry: debt_entry          # debt problem at entry
 *     age: age                        # integer: age at entry
 *     parent: parent_role             # mother | father (any text)
 *     age_bands: [18, 20]             # optional cut points: under 18, 18-19, 20 and over
 *
 * Each rate counts only the young parents for whom it is recorded (a
 * follow-up not yet due is not a failure): tenancy sustained at 6 and 12
 * months, planned move-on among those who moved on, in EET at entry and
 * at exit (among those recorded at both), child health checks up to date,
 * debt at entry; overall, by age band and by mother/father; and the cost
 * per sustained tenancy.  Derived field: age_band (text), for breakdowns.
 *
 * Memory is fixed: one set of counters per age band and per parent role
 * (at most ROLES_MAX roles; the rest are "Other").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <thrive/plugin.h>

#define CUTS_MAX  8
#define ROLES_MAX 8
#define ROLE_LEN  48

typedef struct group {
    long long parents;
    long long t6_due, t6_yes, t12_due, t12_yes;
    long long moved_on, planned;
    long long eet_recorded, eet_entry, eet_exit;
    long long health_recorded, health_yes;
    long long debt_recorded, debt_yes;
} group;

typedef struct tph {
    long tenancy_6, tenancy_12, move_on, eet_entry, eet_exit, health, debt, age, parent;
    long f_band;
    int cuts[CUTS_MAX];
    size_t n_cuts;
    char band_label[CUTS_MAX + 1][32];

    group total;
    group bands[CUTS_MAX + 1], band_missing;
    char roles[ROLES_MAX][ROLE_LEN];
    group by_role[ROLES_MAX];
    size_t n_roles;
    group role_other, role_missing;
} tph;

static double ratio(double a, double b)
{
    return b != 0 ? a / b : THRIVE_NA;
}

static int check(thrive_ctx *ctx, const thrive_host *host)
{
    tph *s = host->state(ctx);
    const thrive_node *sec = host->section(ctx);
    if (!sec || host->node_kind(sec) != THRIVE_NODE_MAP) {
        host->error(ctx, sec,
                    "the teen-parent-housing plugin needs a 'teen-parent-housing' section (a "
                    "mapping) naming its columns; see logic-models/teen-parent-housing.yaml");
        return 1;
    }
    static const char *const keys[] = {"tenancy_6", "tenancy_12",    "move_on",    "eet_entry",
                                       "eet_exit",  "health_checks", "debt_entry", "age",
                                       "parent",    "age_bands"};
    host->check_keys(ctx, sec, keys, sizeof keys / sizeof *keys, "the teen-parent-housing section");
    long *const slots[] = {&s->tenancy_6, &s->tenancy_12, &s->move_on, &s->eet_entry, &s->eet_exit,
                           &s->health,    &s->debt,       &s->age,     &s->parent};
    for (size_t i = 0; i < sizeof slots / sizeof *slots; i++) {
        const thrive_node *n = host->node_get(sec, keys[i]);
        unsigned types =
            strcmp(keys[i], "age") == 0 ? THRIVE_TYPES(THRIVE_INTEGER) : THRIVE_TEXTUAL;
        *slots[i] = -1;
        if (!n)
            host->error(ctx, sec, "the teen-parent-housing section needs '%s'", keys[i]);
        else
            *slots[i] = host->field(ctx, n, types);
    }
    if (s->move_on >= 0 && !(host->field_allows(ctx, s->move_on, "planned") &&
                             host->field_allows(ctx, s->move_on, "unplanned")))
        host->error(ctx, host->node_get(sec, "move_on"),
                    "the move-on field's values must include 'planned' and 'unplanned': the "
                    "teen-parent-housing plugin counts moves on by them");
    if (s->parent >= 0 && host->field_personal(ctx, s->parent))
        host->error(ctx, host->node_get(sec, "parent"),
                    "the parent field is personal: its values would label the rows of the "
                    "table by parent; name a field that is not");

    const thrive_node *bands = host->node_get(sec, "age_bands");
    if (!bands) {
        s->cuts[0] = 18;
        s->cuts[1] = 20;
        s->n_cuts = 2;
    } else if (host->node_kind(bands) != THRIVE_NODE_LIST || host->node_count(bands) == 0 ||
               host->node_count(bands) > CUTS_MAX) {
        host->error(ctx, bands,
                    "'age_bands' must be a list of 1 to %d ages where a band "
                    "starts, such as [18, 20]",
                    CUTS_MAX);
    } else {
        for (size_t i = 0; i < host->node_count(bands); i++) {
            const thrive_node *item = host->node_item(bands, i);
            const char *t = host->node_text(item);
            char *end = NULL;
            long v = t ? strtol(t, &end, 10) : 0;
            if (!t || end == t || *end || v < 1 || v > 120 ||
                (s->n_cuts && v <= s->cuts[s->n_cuts - 1])) {
                host->error(ctx, item,
                            "age band starts must be whole ages in increasing "
                            "order, such as [18, 20]");
                break;
            }
            s->cuts[s->n_cuts++] = (int)v;
        }
    }
    for (size_t b = 0; b <= s->n_cuts && s->n_cuts; b++) {
        char *l = s->band_label[b];
        if (b == 0)
            snprintf(l, sizeof s->band_label[b], "under %d", s->cuts[0]);
        else if (b == s->n_cuts)
            snprintf(l, sizeof s->band_label[b], "%d and over", s->cuts[b - 1]);
        else if (s->cuts[b] - 1 == s->cuts[b - 1])
            snprintf(l, sizeof s->band_label[b], "%d", s->cuts[b - 1]);
        else
            snprintf(l, sizeof s->band_label[b], "%d-%d", s->cuts[b - 1], s->cuts[b] - 1);
    }
    s->f_band = host->derive(ctx, "age_band", THRIVE_TEXT);
    return 0;
}

static bool yes(const thrive_host *host, const thrive_row *r, long f)
{
    return strcmp(host->text(r, f), "yes") == 0;
}

/* The group of this row's parent role. */
static group *role_group(tph *s, const char *role)
{
    for (size_t i = 0; i < s->n_roles; i++)
        if (strcmp(s->roles[i], role) == 0)
            return &s->by_role[i];
    if (s->n_roles == ROLES_MAX || strlen(role) >= ROLE_LEN)
        return &s->role_other;
    strcpy(s->roles[s->n_roles], role);
    return &s->by_role[s->n_roles++];
}

static void count(group *g, const group *one)
{
    g->parents += one->parents;
    g->t6_due += one->t6_due;
    g->t6_yes += one->t6_yes;
    g->t12_due += one->t12_due;
    g->t12_yes += one->t12_yes;
    g->moved_on += one->moved_on;
    g->planned += one->planned;
    g->eet_recorded += one->eet_recorded;
    g->eet_entry += one->eet_entry;
    g->eet_exit += one->eet_exit;
    g->health_recorded += one->health_recorded;
    g->health_yes += one->health_yes;
    g->debt_recorded += one->debt_recorded;
    g->debt_yes += one->debt_yes;
}

static void row(thrive_ctx *ctx, const thrive_host *host, thrive_row *r)
{
    tph *s = host->state(ctx);
    group one = {.parents = 1};
    if (host->present(r, s->tenancy_6)) {
        one.t6_due = 1;
        one.t6_yes = yes(host, r, s->tenancy_6);
    }
    if (host->present(r, s->tenancy_12)) {
        one.t12_due = 1;
        one.t12_yes = yes(host, r, s->tenancy_12);
    }
    const char *mo = host->text(r, s->move_on);
    one.planned = strcmp(mo, "planned") == 0;
    one.moved_on = one.planned || strcmp(mo, "unplanned") == 0;
    if (host->present(r, s->eet_entry) && host->present(r, s->eet_exit)) {
        one.eet_recorded = 1;
        one.eet_entry = yes(host, r, s->eet_entry);
        one.eet_exit = yes(host, r, s->eet_exit);
    }
    if (host->present(r, s->health)) {
        one.health_recorded = 1;
        one.health_yes = yes(host, r, s->health);
    }
    if (host->present(r, s->debt)) {
        one.debt_recorded = 1;
        one.debt_yes = yes(host, r, s->debt);
    }
    count(&s->total, &one);

    double age = host->number(r, s->age);
    if (isnan(age)) {
        count(&s->band_missing, &one);
    } else {
        size_t b = 0;
        while (b < s->n_cuts && age >= s->cuts[b])
            b++;
        count(&s->bands[b], &one);
        host->set_text(r, s->f_band, s->band_label[b]);
    }
    count(host->present(r, s->parent) ? role_group(s, host->text(r, s->parent)) : &s->role_missing,
          &one);
}

static const char *const col_ids[] = {
    "group",          "young_parents",   "tenancy_6m_due",         "tenancy_6m_sustained",
    "pct_tenancy_6m", "tenancy_12m_due", "tenancy_12m_sustained",  "pct_tenancy_12m",
    "moved_on",       "planned_move_on", "pct_planned_move_on",    "eet_recorded",
    "pct_eet_entry",  "pct_eet_exit",    "health_checks_recorded", "pct_health_checks",
    "debt_recorded",  "pct_debt_entry"};
static const char *const col_labels[] = {"Group",
                                         "Young parents",
                                         "Due a 6-month check",
                                         "Tenancy sustained at 6 months",
                                         "Sustained at 6 months",
                                         "Due a 12-month check",
                                         "Tenancy sustained at 12 months",
                                         "Sustained at 12 months",
                                         "Moved on",
                                         "Planned move-on",
                                         "Planned, share of moves",
                                         "EET recorded at entry and exit",
                                         "In EET at entry",
                                         "In EET at exit",
                                         "Child health checks recorded",
                                         "Child health checks up to date",
                                         "Debt recorded at entry",
                                         "Debt at entry"};
#define N_COLS (sizeof col_ids / sizeof *col_ids)

static void group_row(thrive_ctx *ctx, const thrive_host *host, int t, const char *label,
                      const group *g)
{
    double v[N_COLS - 1] = {(double)g->parents,
                            (double)g->t6_due,
                            (double)g->t6_yes,
                            ratio((double)g->t6_yes, (double)g->t6_due),
                            (double)g->t12_due,
                            (double)g->t12_yes,
                            ratio((double)g->t12_yes, (double)g->t12_due),
                            (double)g->moved_on,
                            (double)g->planned,
                            ratio((double)g->planned, (double)g->moved_on),
                            (double)g->eet_recorded,
                            ratio((double)g->eet_entry, (double)g->eet_recorded),
                            ratio((double)g->eet_exit, (double)g->eet_recorded),
                            (double)g->health_recorded,
                            ratio((double)g->health_yes, (double)g->health_recorded),
                            (double)g->debt_recorded,
                            ratio((double)g->debt_yes, (double)g->debt_recorded)};
    host->add_row(ctx, t, label, v);
}

static int group_table(thrive_ctx *ctx, const thrive_host *host, const char *id, const char *title,
                       const char *first)
{
    thrive_format fmts[N_COLS];
    const char *labels[N_COLS];
    for (size_t c = 0; c < N_COLS; c++) {
        fmts[c] = strncmp(col_ids[c], "pct_", 4) == 0 ? THRIVE_FMT_PERCENT : THRIVE_FMT_COUNT;
        labels[c] = col_labels[c];
    }
    fmts[0] = THRIVE_FMT_TEXT;
    labels[0] = first;
    int t = host->table(ctx, id, title, N_COLS, col_ids, labels, fmts);
    /* Each share column is built on the count column before it. */
    static const size_t basis[][2] = {{4, 2},   {7, 5},   {10, 8}, {12, 11},
                                      {13, 11}, {15, 14}, {17, 16}};
    for (size_t i = 0; i < sizeof basis / sizeof *basis; i++)
        host->column_basis(ctx, t, basis[i][0], basis[i][1]);
    return t;
}

static int finish(thrive_ctx *ctx, const thrive_host *host)
{
    tph *s = host->state(ctx);
    const group *g = &s->total;
    /* Counts (WHOLE NULL), and shares and costs per unit of them, live in
     * the workbook: PART / WHOLE, or the total cost / WHOLE when PART is
     * NULL. */
    const struct {
        const char *id, *label;
        double count;
        const char *part, *whole;
    } m[] = {
        {"tenancy_6m_due", "Young parents due a 6-month tenancy check", (double)g->t6_due, NULL,
         NULL},
        {"tenancy_6m_sustained", "Tenancies sustained at 6 months", (double)g->t6_yes, NULL, NULL},
        {"pct_tenancy_6m", "Tenancies sustained at 6 months, share of those due", 0,
         "tenancy_6m_sustained", "tenancy_6m_due"},
        {"tenancy_12m_due", "Young parents due a 12-month tenancy check", (double)g->t12_due, NULL,
         NULL},
        {"tenancy_12m_sustained", "Tenancies sustained at 12 months", (double)g->t12_yes, NULL,
         NULL},
        {"pct_tenancy_12m", "Tenancies sustained at 12 months, share of those due", 0,
         "tenancy_12m_sustained", "tenancy_12m_due"},
        {"moved_on", "Young parents who moved on", (double)g->moved_on, NULL, NULL},
        {"planned_move_on", "Planned moves on to independent living", (double)g->planned, NULL,
         NULL},
        {"pct_planned_move_on", "Planned moves on, share of all moves", 0, "planned_move_on",
         "moved_on"},
        {"eet_recorded", "Young parents with EET recorded at entry and exit",
         (double)g->eet_recorded, NULL, NULL},
        {"eet_at_entry", "In education, employment or training at entry", (double)g->eet_entry,
         NULL, NULL},
        {"eet_at_exit", "In education, employment or training at exit", (double)g->eet_exit, NULL,
         NULL},
        {"pct_eet_entry", "In EET at entry, share of those recorded", 0, "eet_at_entry",
         "eet_recorded"},
        {"pct_eet_exit", "In EET at exit, share of those recorded", 0, "eet_at_exit",
         "eet_recorded"},
        {"health_checks_recorded", "Children with health checks recorded",
         (double)g->health_recorded, NULL, NULL},
        {"health_checks_up_to_date", "Child health checks up to date", (double)g->health_yes, NULL,
         NULL},
        {"pct_health_checks", "Child health checks up to date, share of those recorded", 0,
         "health_checks_up_to_date", "health_checks_recorded"},
        {"debt_recorded", "Young parents with debt recorded at entry", (double)g->debt_recorded,
         NULL, NULL},
        {"debt_at_entry", "Young parents with debt at entry", (double)g->debt_yes, NULL, NULL},
        {"pct_debt_entry", "Debt at entry, share of those recorded", 0, "debt_at_entry",
         "debt_recorded"},
        {"cost_per_tenancy_sustained_6m", "Cost per tenancy sustained at 6 months", 0, NULL,
         "tenancy_6m_sustained"},
        {"cost_per_tenancy_sustained_12m", "Cost per tenancy sustained at 12 months", 0, NULL,
         "tenancy_12m_sustained"},
    };
    for (size_t i = 0; i < sizeof m / sizeof *m; i++) {
        if (!m[i].whole)
            host->measure(ctx, m[i].id, m[i].label, m[i].count, THRIVE_FMT_COUNT);
        else if (m[i].part)
            host->measure_ratio(ctx, m[i].id, m[i].label, m[i].part, m[i].whole,
                                THRIVE_FMT_PERCENT);
        else
            host->measure_cost_per(ctx, m[i].id, m[i].label, m[i].whole);
    }

    static const size_t chart_cols[] = {4, 7, 10};
    int t = group_table(ctx, host, "by_age_band", "Young parents by age band at entry", "Age band");
    for (size_t b = 0; b <= s->n_cuts; b++)
        group_row(ctx, host, t, s->band_label[b], &s->bands[b]);
    if (s->band_missing.parents)
        group_row(ctx, host, t, "(age missing)", &s->band_missing);
    host->chart(ctx, t, THRIVE_CHART_COLUMN, "Tenancies sustained and planned move-on by age band",
                chart_cols, 3);

    t = group_table(ctx, host, "by_parent", "Young mothers and fathers", "Parent");
    for (size_t i = 0; i < s->n_roles; i++)
        group_row(ctx, host, t, s->roles[i], &s->by_role[i]);
    if (s->role_other.parents)
        group_row(ctx, host, t, "Other", &s->role_other);
    if (s->role_missing.parents)
        group_row(ctx, host, t, "(missing)", &s->role_missing);
    host->chart(ctx, t, THRIVE_CHART_COLUMN,
                "Tenancies sustained and planned move-on, mothers and fathers", chart_cols, 3);
    return 0;
}

THRIVE_PLUGIN_EXPORT(teen_parent_housing) = {
    .abi = THRIVE_PLUGIN_ABI,
    .name = "teen-parent-housing",
    .version = "1.0.0",
    .title = "Teenage Parent Supported Housing: tenancies, move-on, EET, by age and parent",
    .state_size = sizeof(tph),
    .check = check,
    .row = row,
    .finish = finish,
};
