/* school_gates.c - School Gates Employment Initiative.
 *
 * Jobcentre Plus advisers working from primary schools meet parents at the
 * school gate.  The model's `school-gates:` section names the columns:
 *
 *   school-gates:
 *     school: school               # the school (text or enum)
 *     engaged: engaged             # flag: the parent engaged with the adviser
 *     new_to_jcp: new_to_jcp       # flag (optional): not previously in touch with JCP
 *     start: engagement_date       # date (optional): days to job counted from here
 *     job_start: job_start_date    # date: present = a job entry
 *     sustained_13: sustained_13w  # flag (optional): job sustained 13 weeks
 *     sustained_26: sustained_26w  # flag (optional): job sustained 26 weeks
 *     hours: weekly_hours          # number (optional): hours a week in the job
 *     hours_threshold: 16          # (optional) the 16-hour Working Tax Credit line
 *
 * A flag is a yes/no column (true when the cell is "yes") or, when it is
 * not the name of a column, a condition such as `contact == "first"`.
 *
 * Per school (a table, with a chart) and in total (measures): parents, parents engaged, engaged
 * parents new to Jobcentre Plus and their share of those engaged, job entries, jobs sustained at 13
 * and 26 weeks, jobs of 16+ hours and of fewer; in total also the jobs whose 13- and 26-week checks
 * are recorded (a blank cell: not yet due) and the share of those sustained; median days from
 * `start` to `job_start`; cost per job entry and per sustained job. Derived field: days_to_job.
 *
 * Memory is fixed: at most SCHOOLS_MAX schools (the rest are counted as
 * "Other schools") and a histogram of days to job (0 .. 3650).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <thrive/plugin.h>

#define SCHOOLS_MAX 200
#define SLOTS       512 /* hash slots, a power of two > SCHOOLS_MAX */
#define DAYS_MAX    3650

typedef struct flag {
    long field; /* a yes/no column, or -1 */
    int cond;   /* a condition, or -1 */
} flag;

typedef struct counts {
    long long parents, engaged, engaged_new, jobs, sustained_13, sustained_26;
    long long recorded_13, recorded_26; /* job entries whose check is recorded */
    long long hours_plus, hours_under;
} counts;

typedef struct school {
    char *name;
    counts c;
} school;

typedef struct sg {
    long school, start, job_start, hours, f_days;
    flag engaged, new_to_jcp, sustained_13, sustained_26;
    bool has_new, has_13, has_26;
    double threshold;

    school schools[SCHOOLS_MAX];
    size_t n_schools;
    short slot[SLOTS]; /* index + 1 into schools; 0 = empty */
    counts other, missing, total;
    long long days[DAYS_MAX + 1], days_n, days_capped;
} sg;

static double ratio(double a, double b)
{
    return b != 0 ? a / b : THRIVE_NA;
}

static double hist_median(const long long *h, size_t max, long long n)
{
    if (n <= 0)
        return THRIVE_NA;
    long long lo = (n - 1) / 2, hi = n / 2;
    double vlo = NAN, vhi = NAN;
    long long seen = 0;
    for (size_t v = 0; v <= max && isnan(vhi); v++) {
        seen += h[v];
        if (isnan(vlo) && seen > lo)
            vlo = (double)v;
        if (seen > hi)
            vhi = (double)v;
    }
    return (vlo + vhi) / 2;
}

/* A flag setting KEY: a yes/no column, or else a condition.  REQUIRED
 * settings that are absent are errors; returns whether it is set. */
static bool get_flag(thrive_ctx *ctx, const thrive_host *host, const thrive_node *sec,
                     const char *key, bool required, flag *f)
{
    f->field = -1;
    f->cond = -1;
    const thrive_node *n = host->node_get(sec, key);
    if (!n) {
        if (required)
            host->error(ctx, sec, "the school-gates section needs '%s'", key);
        return false;
    }
    const char *text = host->node_text(n);
    if (text && host->find_field(ctx, text) >= 0)
        f->field = host->field(ctx, n, THRIVE_TEXTUAL);
    else
        f->cond = host->condition(ctx, n);
    return true;
}

/* A flag column left blank is not known yet (a 26-week check not yet
 * due); a condition always has an answer. */
static bool is_recorded(const thrive_host *host, const thrive_row *r, const flag *f)
{
    return f->field >= 0 ? host->present(r, f->field) : f->cond >= 0;
}

static bool is_set(const thrive_host *host, const thrive_row *r, const flag *f)
{
    if (f->field >= 0)
        return strcmp(host->text(r, f->field), "yes") == 0;
    return f->cond >= 0 && host->holds(r, f->cond);
}

static long get_field(thrive_ctx *ctx, const thrive_host *host, const thrive_node *sec,
                      const char *key, unsigned types, bool required)
{
    const thrive_node *n = host->node_get(sec, key);
    if (!n) {
        if (required)
            host->error(ctx, sec, "the school-gates section needs '%s'", key);
        return -1;
    }
    return host->field(ctx, n, types);
}

static int check(thrive_ctx *ctx, const thrive_host *host)
{
    sg *s = host->state(ctx);
    s->school = s->start = s->job_start = s->hours = s->f_days = -1;
    s->threshold = 16;
    const thrive_node *sec = host->section(ctx);
    if (!sec || host->node_kind(sec) != THRIVE_NODE_MAP) {
        host->error(ctx, sec,
                    "the school-gates plugin needs a 'school-gates' section (a mapping) "
                    "naming the school, engagement and job columns; see "
                    "logic-models/school-gates.yaml");
        return 1;
    }
    static const char *const keys[] = {"school",       "engaged",   "new_to_jcp",
                                       "start",        "job_start", "sustained_13",
                                       "sustained_26", "hours",     "hours_threshold"};
    host->check_keys(ctx, sec, keys, sizeof keys / sizeof *keys, "the school-gates section");
    s->school = get_field(ctx, host, sec, "school", THRIVE_TEXTUAL, true);
    if (s->school >= 0 && host->field_personal(ctx, s->school))
        host->error(ctx, host->node_get(sec, "school"),
                    "the school field is personal: its values would label the rows of the "
                    "per-school table; name a field that is not");
    get_flag(ctx, host, sec, "engaged", true, &s->engaged);
    s->has_new = get_flag(ctx, host, sec, "new_to_jcp", false, &s->new_to_jcp);
    s->start = get_field(ctx, host, sec, "start", THRIVE_TYPES(THRIVE_DATE), false);
    s->job_start = get_field(ctx, host, sec, "job_start", THRIVE_TYPES(THRIVE_DATE), true);
    s->has_13 = get_flag(ctx, host, sec, "sustained_13", false, &s->sustained_13);
    s->has_26 = get_flag(ctx, host, sec, "sustained_26", false, &s->sustained_26);
    s->hours = get_field(ctx, host, sec, "hours", THRIVE_NUMERIC, false);
    const thrive_node *th = host->node_get(sec, "hours_threshold");
    if (th) {
        const char *t = host->node_text(th);
        char *end = NULL;
        double v = t ? strtod(t, &end) : NAN;
        if (!t || end == t || *end || !(v > 0 && v < 168))
            host->error(ctx, th, "'hours_threshold' must be a number of hours a week, such as 16");
        else
            s->threshold = v;
    }
    if (host->node_get(sec, "start"))
        s->f_days = host->derive(ctx, "days_to_job", THRIVE_INTEGER);
    return 0;
}

static unsigned hash(const char *str)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (const unsigned char *c = (const unsigned char *)str; *c; c++)
        h = (h ^ *c) * 16777619u;
    return h;
}

/* The counts of school NAME: its own, or "Other schools" past the cap. */
static counts *school_counts(sg *s, const char *name)
{
    unsigned i = hash(name) & (SLOTS - 1);
    for (;; i = (i + 1) & (SLOTS - 1)) {
        int k = s->slot[i];
        if (k == 0)
            break;
        if (strcmp(s->schools[k - 1].name, name) == 0)
            return &s->schools[k - 1].c;
    }
    if (s->n_schools == SCHOOLS_MAX)
        return &s->other;
    size_t len = strlen(name) + 1;
    char *copy = malloc(len);
    if (!copy)
        return &s->other;
    memcpy(copy, name, len);
    s->schools[s->n_schools].name = copy;
    s->slot[i] = (short)++s->n_schools;
    return &s->schools[s->n_schools - 1].c;
}

static void add(counts *c, const counts *one)
{
    c->parents += one->parents;
    c->engaged += one->engaged;
    c->engaged_new += one->engaged_new;
    c->jobs += one->jobs;
    c->sustained_13 += one->sustained_13;
    c->sustained_26 += one->sustained_26;
    c->recorded_13 += one->recorded_13;
    c->recorded_26 += one->recorded_26;
    c->hours_plus += one->hours_plus;
    c->hours_under += one->hours_under;
}

static void row(thrive_ctx *ctx, const thrive_host *host, thrive_row *r)
{
    sg *s = host->state(ctx);
    counts one = {.parents = 1};
    bool engaged = is_set(host, r, &s->engaged);
    one.engaged = engaged;
    one.engaged_new = engaged && s->has_new && is_set(host, r, &s->new_to_jcp);
    bool job = host->present(r, s->job_start);
    if (job) {
        one.jobs = 1;
        one.sustained_13 = s->has_13 && is_set(host, r, &s->sustained_13);
        one.sustained_26 = s->has_26 && is_set(host, r, &s->sustained_26);
        one.recorded_13 = s->has_13 && is_recorded(host, r, &s->sustained_13);
        one.recorded_26 = s->has_26 && is_recorded(host, r, &s->sustained_26);
        double h = s->hours >= 0 ? host->number(r, s->hours) : NAN;
        if (!isnan(h)) {
            one.hours_plus = h >= s->threshold;
            one.hours_under = h < s->threshold;
        }
        double a = s->start >= 0 ? host->number(r, s->start) : NAN;
        double days = host->number(r, s->job_start) - a;
        if (!isnan(days) && days >= 0) {
            if (days > DAYS_MAX)
                s->days_capped++;
            s->days[days > DAYS_MAX ? DAYS_MAX : (size_t)days]++;
            s->days_n++;
            host->set_number(r, s->f_days, days);
        }
    }
    counts *c =
        host->present(r, s->school) ? school_counts(s, host->text(r, s->school)) : &s->missing;
    add(c, &one);
    add(&s->total, &one);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const school *)a)->name, ((const school *)b)->name);
}

static void table_row(thrive_ctx *ctx, const thrive_host *host, int t, const char *label,
                      const counts *c)
{
    double v[10] = {(double)c->parents,      (double)c->engaged,
                    (double)c->engaged_new,  ratio((double)c->engaged_new, (double)c->engaged),
                    (double)c->jobs,         ratio((double)c->jobs, (double)c->engaged),
                    (double)c->sustained_13, (double)c->sustained_26,
                    (double)c->hours_plus,   (double)c->hours_under};
    host->add_row(ctx, t, label, v);
}

static int finish(thrive_ctx *ctx, const thrive_host *host)
{
    sg *s = host->state(ctx);
    const counts *c = &s->total;

    host->measure(ctx, "parents_engaged", "Parents engaged", (double)c->engaged, THRIVE_FMT_COUNT);
    if (s->has_new) {
        host->measure(ctx, "engaged_new_to_jcp",
                      "Engaged parents not previously in touch with Jobcentre Plus",
                      (double)c->engaged_new, THRIVE_FMT_COUNT);
        host->measure_ratio(ctx, "pct_engaged_new_to_jcp",
                            "Share of engaged parents new to Jobcentre Plus", "engaged_new_to_jcp",
                            "parents_engaged", THRIVE_FMT_PERCENT);
    }
    host->measure(ctx, "job_entries", "Job entries", (double)c->jobs, THRIVE_FMT_COUNT);
    /* Sustainment is a share of the jobs whose check is recorded: a job
     * begun a month before the data was exported has no 26-week answer. */
    if (s->has_13) {
        host->measure(ctx, "recorded_13_weeks", "Job entries with the 13-week check recorded",
                      (double)c->recorded_13, THRIVE_FMT_COUNT);
        host->measure(ctx, "sustained_13_weeks", "Jobs sustained at 13 weeks",
                      (double)c->sustained_13, THRIVE_FMT_COUNT);
        host->measure_ratio(ctx, "pct_sustained_13_weeks",
                            "Jobs sustained at 13 weeks, share of those recorded",
                            "sustained_13_weeks", "recorded_13_weeks", THRIVE_FMT_PERCENT);
    }
    if (s->has_26) {
        host->measure(ctx, "recorded_26_weeks", "Job entries with the 26-week check recorded",
                      (double)c->recorded_26, THRIVE_FMT_COUNT);
        host->measure(ctx, "sustained_26_weeks", "Jobs sustained at 26 weeks",
                      (double)c->sustained_26, THRIVE_FMT_COUNT);
        host->measure_ratio(ctx, "pct_sustained_26_weeks",
                            "Jobs sustained at 26 weeks, share of those recorded",
                            "sustained_26_weeks", "recorded_26_weeks", THRIVE_FMT_PERCENT);
    }
    if (s->hours >= 0) {
        host->measure(ctx, "jobs_16_hours_plus", "Jobs of 16 hours a week or more",
                      (double)c->hours_plus, THRIVE_FMT_COUNT);
        host->measure(ctx, "jobs_under_16_hours", "Jobs of fewer than 16 hours a week",
                      (double)c->hours_under, THRIVE_FMT_COUNT);
    }
    if (s->start >= 0) {
        host->measure(ctx, "jobs_with_days", "Job entries with an engagement date",
                      (double)s->days_n, THRIVE_FMT_COUNT);
        host->measure_of(ctx, "median_days_to_job", "Median days from engagement to job",
                         hist_median(s->days, DAYS_MAX, s->days_n), THRIVE_FMT_DAYS,
                         (double)s->days_n);
        if (s->days_capped)
            host->note(ctx, NULL,
                       "school-gates: %lld jobs started over %d days after "
                       "engagement; counted as %d",
                       s->days_capped, DAYS_MAX, DAYS_MAX);
    }
    host->measure_cost_per(ctx, "cost_per_job_entry", "Cost per job entry", "job_entries");
    if (s->has_13)
        host->measure_cost_per(ctx, "cost_per_sustained_job_13", "Cost per job sustained 13 weeks",
                               "sustained_13_weeks");
    if (s->has_26)
        host->measure_cost_per(ctx, "cost_per_sustained_job_26", "Cost per job sustained 26 weeks",
                               "sustained_26_weeks");

    static const char *const ids[] = {
        "school",  "parents",      "engaged",      "engaged_new",   "pct_new",       "job_entries",
        "pct_job", "sustained_13", "sustained_26", "hours_16_plus", "hours_under_16"};
    static const char *const labels[] = {"School",
                                         "Parents",
                                         "Engaged",
                                         "Engaged, new to Jobcentre Plus",
                                         "New to Jobcentre Plus, share of engaged",
                                         "Job entries",
                                         "Job entries per engaged parent",
                                         "Sustained 13 weeks",
                                         "Sustained 26 weeks",
                                         "Jobs of 16+ hours",
                                         "Jobs under 16 hours"};
    static const thrive_format fmts[] = {THRIVE_FMT_TEXT,    THRIVE_FMT_COUNT,   THRIVE_FMT_COUNT,
                                         THRIVE_FMT_COUNT,   THRIVE_FMT_PERCENT, THRIVE_FMT_COUNT,
                                         THRIVE_FMT_PERCENT, THRIVE_FMT_COUNT,   THRIVE_FMT_COUNT,
                                         THRIVE_FMT_COUNT,   THRIVE_FMT_COUNT};
    int t = host->table(ctx, "schools", "Parents and jobs by school", 11, ids, labels, fmts);
    host->column_basis(ctx, t, 4, 2); /* shares of the engaged parents */
    host->column_basis(ctx, t, 6, 2);
    qsort(s->schools, s->n_schools, sizeof *s->schools, by_name);
    for (size_t i = 0; i < s->n_schools; i++)
        table_row(ctx, host, t, s->schools[i].name, &s->schools[i].c);
    if (s->other.parents)
        table_row(ctx, host, t, "Other schools", &s->other);
    if (s->missing.parents)
        table_row(ctx, host, t, "(missing)", &s->missing);
    if (s->other.parents)
        host->note(ctx, NULL,
                   "school-gates: more than %d schools; %lld parents at the others "
                   "are counted under 'Other schools'",
                   SCHOOLS_MAX, s->other.parents);
    static const size_t cols[] = {2, 5};
    host->chart(ctx, t, THRIVE_CHART_BAR, "Parents engaged and job entries by school", cols, 2);
    return 0;
}

static void stop(thrive_ctx *ctx, const thrive_host *host)
{
    sg *s = host->state(ctx);
    for (size_t i = 0; i < s->n_schools; i++)
        free(s->schools[i].name);
    s->n_schools = 0;
}

THRIVE_PLUGIN_EXPORT(school_gates) = {
    .abi = THRIVE_PLUGIN_ABI,
    .name = "school-gates",
    .version = "1.0.0",
    .title = "School Gates Employment Initiative: parents engaged and jobs, by school",
    .state_size = sizeof(sg),
    .check = check,
    .row = row,
    .finish = finish,
    .stop = stop,
};
