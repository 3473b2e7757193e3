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

/* What is counted per group; *_DUE and *_RECORDED are the young parents
 * for whom the figure beside them is recorded. */
enum {
    G_PARENTS,
    G_T6_DUE,
    G_T6_YES,
    G_T12_DUE,
    G_T12_YES,
    G_MOVED_ON,
    G_PLANNED,
    G_EET_RECORDED,
    G_EET_ENTRY,
    G_EET_EXIT,
    G_HEALTH_RECORDED,
    G_HEALTH_YES,
    G_DEBT_RECORDED,
    G_DEBT_YES,
    G_COUNTS
};

typedef struct group {
    long long n[G_COUNTS];
} group;

/* The yes/no columns of the section, in the order of the keys. */
enum { F_T6, F_T12, F_EET_ENTRY, F_EET_EXIT, F_HEALTH, F_DEBT, F_FLAGS };

typedef struct tph {
    long flag[F_FLAGS];
    long move_on, age, parent;
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

/* age_bands: the ages where a band starts, [18, 20] when not given. */
static void check_bands(thrive_ctx *ctx, const thrive_host *host, tph *s, const thrive_node *sec)
{
    const thrive_node *bands = host->node_get(sec, "age_bands");
    size_t n = host->node_count(bands);
    if (!bands) {
        s->cuts[0] = 18;
        s->cuts[1] = 20;
        s->n_cuts = 2;
        return;
    }
    if (host->node_kind(bands) != THRIVE_NODE_LIST || n == 0 || n > CUTS_MAX) {
        host->error(ctx, bands,
                    "'age_bands' must be a list of 1 to %d ages where a band starts, such as "
                    "[18, 20]",
                    CUTS_MAX);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const thrive_node *item = host->node_item(bands, i);
        const char *t = host->node_text(item);
        char *end = NULL;
        long v = t ? strtol(t, &end, 10) : 0;
        if (!t || end == t || *end || v < 1 || v > 120 ||
            (s->n_cuts && v <= s->cuts[s->n_cuts - 1])) {
            host->error(ctx, item,
                        "age band starts must be whole ages in increasing order, such as [18, 20]");
            return;
        }
        s->cuts[s->n_cuts++] = (int)v;
    }
}

/* "under 18", "18-19", "20 and over": the values of the age_band field. */
static void band_labels(tph *s)
{
    for (size_t b = 0; b <= s->n_cuts && s->n_cuts; b++) {
        char *l = s->band_label[b];
        size_t size = sizeof s->band_label[b];
        if (b == 0)
            snprintf(l, size, "under %d", s->cuts[0]);
        else if (b == s->n_cuts)
            snprintf(l, size, "%d and over", s->cuts[b - 1]);
        else if (s->cuts[b] - 1 == s->cuts[b - 1])
            snprintf(l, size, "%d", s->cuts[b - 1]);
        else
            snprintf(l, size, "%d-%d", s->cuts[b - 1], s->cuts[b] - 1);
    }
}

static void check_columns(thrive_ctx *ctx, const thrive_host *host, tph *s, const thrive_node *sec)
{
    /* In the order of the keys, so that messages come in the file's order. */
    s->flag[F_T6] = host->key_flag(ctx, sec, "tenancy_6", "yes", THRIVE_REQUIRED);
    s->flag[F_T12] = host->key_flag(ctx, sec, "tenancy_12", "yes", THRIVE_REQUIRED);
    s->move_on = host->key_field(ctx, sec, "move_on", THRIVE_TEXTUAL, THRIVE_REQUIRED);
    s->flag[F_EET_ENTRY] = host->key_flag(ctx, sec, "eet_entry", "yes", THRIVE_REQUIRED);
    s->flag[F_EET_EXIT] = host->key_flag(ctx, sec, "eet_exit", "yes", THRIVE_REQUIRED);
    s->flag[F_HEALTH] = host->key_flag(ctx, sec, "health_checks", "yes", THRIVE_REQUIRED);
    s->flag[F_DEBT] = host->key_flag(ctx, sec, "debt_entry", "yes", THRIVE_REQUIRED);
    s->age = host->key_field(ctx, sec, "age", THRIVE_TYPES(THRIVE_INTEGER), THRIVE_REQUIRED);
    s->parent = host->key_group(ctx, sec, "parent", "the table by parent", THRIVE_REQUIRED);
    static const char *const moves[] = {"planned", "unplanned"};
    host->check_values(ctx, host->node_get(sec, "move_on"), s->move_on, moves, 2, "move-on",
                       "moves on");
}

static int check(thrive_ctx *ctx, const thrive_host *host)
{
    tph *s = host->state(ctx);
    s->f_band = -1;
    static const char *const keys[] = {"tenancy_6", "tenancy_12",    "move_on",    "eet_entry",
                                       "eet_exit",  "health_checks", "debt_entry", "age",
                                       "parent",    "age_bands"};
    const thrive_node *sec =
        host->settings(ctx, keys, sizeof keys / sizeof *keys,
                       "its columns; see logic-models/teen-parent-housing.yaml");
    if (!sec)
        return 1;
    check_columns(ctx, host, s, sec);
    check_bands(ctx, host, s, sec);
    band_labels(s);
    const char *values[CUTS_MAX + 1];
    for (size_t b = 0; b <= s->n_cuts; b++)
        values[b] = s->band_label[b];
    if (s->n_cuts)
        s->f_band = host->derive_enum(ctx, "age_band", values, s->n_cuts + 1);
    return 0;
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
    for (int k = 0; k < G_COUNTS; k++)
        g->n[k] += one->n[k];
}

/* Flag F of the row: recorded (counted in N[RECORDED]) and "yes" (N[YES]). */
static void count_flag(const thrive_host *host, const tph *s, const thrive_row *r, int f,
                       long long *n, int recorded, int yes)
{
    if (!host->present(r, s->flag[f]))
        return;
    n[recorded] = 1;
    n[yes] = strcmp(host->text(r, s->flag[f]), "yes") == 0;
}

static void row(thrive_ctx *ctx, const thrive_host *host, thrive_row *r)
{
    tph *s = host->state(ctx);
    group one = {.n = {[G_PARENTS] = 1}};
    long long *n = one.n;
    count_flag(host, s, r, F_T6, n, G_T6_DUE, G_T6_YES);
    count_flag(host, s, r, F_T12, n, G_T12_DUE, G_T12_YES);
    const char *mo = host->text(r, s->move_on);
    n[G_PLANNED] = strcmp(mo, "planned") == 0;
    n[G_MOVED_ON] = n[G_PLANNED] || strcmp(mo, "unplanned") == 0;
    if (host->present(r, s->flag[F_EET_ENTRY]) && host->present(r, s->flag[F_EET_EXIT])) {
        count_flag(host, s, r, F_EET_ENTRY, n, G_EET_RECORDED, G_EET_ENTRY);
        count_flag(host, s, r, F_EET_EXIT, n, G_EET_RECORDED, G_EET_EXIT);
    }
    count_flag(host, s, r, F_HEALTH, n, G_HEALTH_RECORDED, G_HEALTH_YES);
    count_flag(host, s, r, F_DEBT, n, G_DEBT_RECORDED, G_DEBT_YES);
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

#define PCT THRIVE_FMT_PERCENT
#define CNT THRIVE_FMT_COUNT
/* The group tables: every share names its two count columns, and the
 * host works it out from them.  COUNT_OF[c] is what column c + 1 counts
 * (-1 for a share). */
static const thrive_column group_cols[] = {
    THRIVE_COLUMN("group", "Group", THRIVE_FMT_TEXT),
    THRIVE_COLUMN("young_parents", "Young parents", CNT),
    THRIVE_COLUMN("tenancy_6m_due", "Due a 6-month check", CNT),
    THRIVE_COLUMN("tenancy_6m_sustained", "Tenancy sustained at 6 months", CNT),
    THRIVE_RATE_COLUMN("pct_tenancy_6m", "Sustained at 6 months", PCT, "tenancy_6m_sustained",
                       "tenancy_6m_due"),
    THRIVE_COLUMN("tenancy_12m_due", "Due a 12-month check", CNT),
    THRIVE_COLUMN("tenancy_12m_sustained", "Tenancy sustained at 12 months", CNT),
    THRIVE_RATE_COLUMN("pct_tenancy_12m", "Sustained at 12 months", PCT, "tenancy_12m_sustained",
                       "tenancy_12m_due"),
    THRIVE_COLUMN("moved_on", "Moved on", CNT),
    THRIVE_COLUMN("planned_move_on", "Planned move-on", CNT),
    THRIVE_RATE_COLUMN("pct_planned_move_on", "Planned, share of moves", PCT, "planned_move_on",
                       "moved_on"),
    THRIVE_COLUMN("eet_recorded", "EET recorded at entry and exit", CNT),
    THRIVE_COLUMN("eet_at_entry", "Young parents in EET at entry", CNT),
    THRIVE_RATE_COLUMN("pct_eet_entry", "In EET at entry", PCT, "eet_at_entry", "eet_recorded"),
    THRIVE_COLUMN("eet_at_exit", "Young parents in EET at exit", CNT),
    THRIVE_RATE_COLUMN("pct_eet_exit", "In EET at exit", PCT, "eet_at_exit", "eet_recorded"),
    THRIVE_COLUMN("health_checks_recorded", "Child health checks recorded", CNT),
    THRIVE_COLUMN("health_checks_up_to_date", "Children with health checks up to date", CNT),
    THRIVE_RATE_COLUMN("pct_health_checks", "Child health checks up to date", PCT,
                       "health_checks_up_to_date", "health_checks_recorded"),
    THRIVE_COLUMN("debt_recorded", "Debt recorded at entry", CNT),
    THRIVE_COLUMN("debt_at_entry", "Young parents with debt at entry", CNT),
    THRIVE_RATE_COLUMN("pct_debt_entry", "Debt at entry", PCT, "debt_at_entry", "debt_recorded"),
};
#define N_COLS (sizeof group_cols / sizeof *group_cols)
static const int count_of[N_COLS - 1] = {G_PARENTS,
                                         G_T6_DUE,
                                         G_T6_YES,
                                         -1,
                                         G_T12_DUE,
                                         G_T12_YES,
                                         -1,
                                         G_MOVED_ON,
                                         G_PLANNED,
                                         -1,
                                         G_EET_RECORDED,
                                         G_EET_ENTRY,
                                         -1,
                                         G_EET_EXIT,
                                         -1,
                                         G_HEALTH_RECORDED,
                                         G_HEALTH_YES,
                                         -1,
                                         G_DEBT_RECORDED,
                                         G_DEBT_YES,
                                         -1};
#undef PCT
#undef CNT

static void group_row(thrive_ctx *ctx, const thrive_host *host, int t, const char *label,
                      const group *g)
{
    double v[N_COLS - 1];
    for (size_t c = 0; c < N_COLS - 1; c++)
        v[c] = count_of[c] >= 0 ? (double)g->n[count_of[c]] : THRIVE_NA;
    host->add_row(ctx, t, label, v, N_COLS - 1);
}

static int group_table(thrive_ctx *ctx, const thrive_host *host, const char *id, const char *title,
                       const char *first)
{
    thrive_column cols[N_COLS];
    memcpy(cols, group_cols, sizeof cols);
    cols[0].label = first;
    return host->table(ctx, id, title, cols, N_COLS);
}

/* Counts, and shares and costs per unit of them: live in the workbook. */
static void finish_measures(thrive_ctx *ctx, const thrive_host *host, const group *g)
{
    /* A count (WHOLE NULL), PART / WHOLE, or the total cost / WHOLE when
     * PART is NULL. */
    const struct {
        const char *id, *label;
        int count;
        const char *part, *whole;
    } m[] = {
        {"tenancy_6m_due", "Young parents due a 6-month tenancy check", G_T6_DUE, NULL, NULL},
        {"tenancy_6m_sustained", "Tenancies sustained at 6 months", G_T6_YES, NULL, NULL},
        {"pct_tenancy_6m", "Tenancies sustained at 6 months, share of those due", 0,
         "tenancy_6m_sustained", "tenancy_6m_due"},
        {"tenancy_12m_due", "Young parents due a 12-month tenancy check", G_T12_DUE, NULL, NULL},
        {"tenancy_12m_sustained", "Tenancies sustained at 12 months", G_T12_YES, NULL, NULL},
        {"pct_tenancy_12m", "Tenancies sustained at 12 months, share of those due", 0,
         "tenancy_12m_sustained", "tenancy_12m_due"},
        {"moved_on", "Young parents who moved on", G_MOVED_ON, NULL, NULL},
        {"planned_move_on", "Planned moves on to independent living", G_PLANNED, NULL, NULL},
        {"pct_planned_move_on", "Planned moves on, share of all moves", 0, "planned_move_on",
         "moved_on"},
        {"eet_recorded", "Young parents with EET recorded at entry and exit", G_EET_RECORDED, NULL,
         NULL},
        {"eet_at_entry", "In education, employment or training at entry", G_EET_ENTRY, NULL, NULL},
        {"eet_at_exit", "In education, employment or training at exit", G_EET_EXIT, NULL, NULL},
        {"pct_eet_entry", "In EET at entry, share of those recorded", 0, "eet_at_entry",
         "eet_recorded"},
        {"pct_eet_exit", "In EET at exit, share of those recorded", 0, "eet_at_exit",
         "eet_recorded"},
        {"health_checks_recorded", "Children with health checks recorded", G_HEALTH_RECORDED, NULL,
         NULL},
        {"health_checks_up_to_date", "Child health checks up to date", G_HEALTH_YES, NULL, NULL},
        {"pct_health_checks", "Child health checks up to date, share of those recorded", 0,
         "health_checks_up_to_date", "health_checks_recorded"},
        {"debt_recorded", "Young parents with debt recorded at entry", G_DEBT_RECORDED, NULL, NULL},
        {"debt_at_entry", "Young parents with debt at entry", G_DEBT_YES, NULL, NULL},
        {"pct_debt_entry", "Debt at entry, share of those recorded", 0, "debt_at_entry",
         "debt_recorded"},
        {"cost_per_tenancy_sustained_6m", "Cost per tenancy sustained at 6 months", 0, NULL,
         "tenancy_6m_sustained"},
        {"cost_per_tenancy_sustained_12m", "Cost per tenancy sustained at 12 months", 0, NULL,
         "tenancy_12m_sustained"},
    };
    for (size_t i = 0; i < sizeof m / sizeof *m; i++) {
        if (!m[i].whole)
            host->measure(ctx, m[i].id, m[i].label, (double)g->n[m[i].count], THRIVE_FMT_COUNT);
        else if (m[i].part)
            host->measure_ratio(ctx, m[i].id, m[i].label, m[i].part, m[i].whole,
                                THRIVE_FMT_PERCENT);
        else
            host->measure_cost_per(ctx, m[i].id, m[i].label, m[i].whole);
    }
}

static int finish(thrive_ctx *ctx, const thrive_host *host)
{
    tph *s = host->state(ctx);
    finish_measures(ctx, host, &s->total);

    static const char *const chart[] = {"pct_tenancy_6m", "pct_tenancy_12m", "pct_planned_move_on"};
    int t = group_table(ctx, host, "by_age_band", "Young parents by age band at entry", "Age band");
    for (size_t b = 0; b <= s->n_cuts; b++)
        group_row(ctx, host, t, s->band_label[b], &s->bands[b]);
    if (s->band_missing.n[G_PARENTS])
        group_row(ctx, host, t, "(age missing)", &s->band_missing);
    host->chart(ctx, t, THRIVE_CHART_COLUMN, "Tenancies sustained and planned move-on by age band",
                chart, 3);

    t = group_table(ctx, host, "by_parent", "Young mothers and fathers", "Parent");
    for (size_t i = 0; i < s->n_roles; i++)
        group_row(ctx, host, t,
                  THRIVE_HOST_HAS(host, value_label)
                      ? host->value_label(ctx, s->parent, s->roles[i])
                      : s->roles[i],
                  &s->by_role[i]);
    if (s->role_other.n[G_PARENTS])
        group_row(ctx, host, t, "Other", &s->role_other);
    if (s->role_missing.n[G_PARENTS])
        group_row(ctx, host, t, "(missing)", &s->role_missing);
    host->chart(ctx, t, THRIVE_CHART_COLUMN,
                "Tenancies sustained and planned move-on, mothers and fathers", chart, 3);
    return 0;
}

THRIVE_PLUGIN(
    teen_parent_housing, .name = "teen-parent-housing", .version = "1.0.0",
    .title = "Teenage Parent Supported Housing: tenancies, move-on, EET, by age and parent",
    .state_size = sizeof(tph), .check = check, .row = row, .finish = finish);
