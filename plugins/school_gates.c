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
 * A flag is a yes/no column (true when the cell is "yes", which the column
 * must be able to hold) or, when it is not the name of a column, a
 * condition such as `contact == "first"`.
 *
 * Per school (a table, with a chart) and in total (measures): parents,
 * parents engaged, engaged parents new to Jobcentre Plus and their share of
 * those engaged, job entries, jobs sustained at 13 and 26 weeks, jobs of at
 * least hours_threshold hours a week and of fewer (their labels and ids say
 * the threshold: "Jobs of 30 hours a week or more", jobs_30_hours_plus); in
 * total also the jobs whose 13- and 26-week checks are recorded (a blank
 * cell: not yet due) and the share of those sustained; median days from
 * `start` to `job_start`; cost per job entry and per sustained job.
 * Derived field: days_to_job.
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

/* What is counted per school and in total. */
enum {
    C_PARENTS,
    C_ENGAGED,
    C_ENGAGED_NEW,
    C_JOBS,
    C_SUSTAINED_13,
    C_SUSTAINED_26,
    C_RECORDED_13, /* job entries whose 13-week check is recorded */
    C_RECORDED_26,
    C_HOURS_PLUS, /* jobs of at least the threshold's hours a week */
    C_HOURS_UNDER,
    C_COUNTS
};

typedef struct counts {
    long long n[C_COUNTS];
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
    /* The threshold in labels and ids: "16", and "16_5" for 16.5. */
    char hours_label[32], hours_id[32];

    school schools[SCHOOLS_MAX];
    size_t n_schools;
    short slot[SLOTS]; /* index + 1 into schools; 0 = empty */
    counts other, missing, total;
    long long day_bins[DAYS_MAX + 1];
    thrive_hist days;
} sg;

/* A flag setting KEY: a yes/no column (counted by "yes", which it must be
 * able to hold), or else a condition.  Returns whether it is set. */
static bool get_flag(thrive_ctx *ctx, const thrive_host *host, const thrive_node *sec,
                     const char *key, thrive_need need, flag *f)
{
    f->field = -1;
    f->cond = -1;
    const thrive_node *n = host->node_get(sec, key);
    const char *text = host->node_text(n);
    if (!n) {
        if (need == THRIVE_REQUIRED)
            host->error(ctx, sec,
                        "the school-gates section needs '%s': a yes/no column or a "
                        "condition",
                        key);
        return false;
    }
    if (text && host->find_field(ctx, text) >= 0)
        f->field = host->key_flag(ctx, sec, key, "yes", need);
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

/* hours_threshold: the hours a week that count as a job "of N hours or
 * more"; the labels and ids of those counts say N. */
static void check_threshold(thrive_ctx *ctx, const thrive_host *host, sg *s, const thrive_node *sec)
{
    s->threshold = 16;
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
    snprintf(s->hours_label, sizeof s->hours_label, "%g", s->threshold);
    snprintf(s->hours_id, sizeof s->hours_id, "%s", s->hours_label);
    for (char *c = s->hours_id; *c; c++)
        if (*c == '.')
            *c = '_';
}

static int check(thrive_ctx *ctx, const thrive_host *host)
{
    sg *s = host->state(ctx);
    s->school = s->start = s->job_start = s->hours = s->f_days = -1;
    thrive_hist_init(&s->days, s->day_bins, DAYS_MAX);
    static const char *const keys[] = {"school",       "engaged",   "new_to_jcp",
                                       "start",        "job_start", "sustained_13",
                                       "sustained_26", "hours",     "hours_threshold"};
    const thrive_node *sec = host->settings(
        ctx, keys, sizeof keys / sizeof *keys,
        "the school, engagement and job columns; see logic-models/school-gates.yaml");
    if (!sec)
        return 1;
    s->school = host->key_group(ctx, sec, "school", "the per-school table", THRIVE_REQUIRED);
    get_flag(ctx, host, sec, "engaged", THRIVE_REQUIRED, &s->engaged);
    s->has_new = get_flag(ctx, host, sec, "new_to_jcp", THRIVE_OPTIONAL, &s->new_to_jcp);
    s->start = host->key_field(ctx, sec, "start", THRIVE_TYPES(THRIVE_DATE), THRIVE_OPTIONAL);
    s->job_start =
        host->key_field(ctx, sec, "job_start", THRIVE_TYPES(THRIVE_DATE), THRIVE_REQUIRED);
    s->has_13 = get_flag(ctx, host, sec, "sustained_13", THRIVE_OPTIONAL, &s->sustained_13);
    s->has_26 = get_flag(ctx, host, sec, "sustained_26", THRIVE_OPTIONAL, &s->sustained_26);
    s->hours = host->key_field(ctx, sec, "hours", THRIVE_NUMERIC, THRIVE_OPTIONAL);
    check_threshold(ctx, host, s, sec);
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
    for (int k = 0; k < C_COUNTS; k++)
        c->n[k] += one->n[k];
}

/* A job entry: sustainment, hours, days from engagement. */
static void count_job(const thrive_host *host, sg *s, thrive_row *r, counts *one)
{
    long long *n = one->n;
    n[C_JOBS] = 1;
    n[C_SUSTAINED_13] = s->has_13 && is_set(host, r, &s->sustained_13);
    n[C_SUSTAINED_26] = s->has_26 && is_set(host, r, &s->sustained_26);
    n[C_RECORDED_13] = s->has_13 && is_recorded(host, r, &s->sustained_13);
    n[C_RECORDED_26] = s->has_26 && is_recorded(host, r, &s->sustained_26);
    double h = s->hours >= 0 ? host->number(r, s->hours) : NAN;
    if (!isnan(h)) {
        n[C_HOURS_PLUS] = h >= s->threshold;
        n[C_HOURS_UNDER] = h < s->threshold;
    }
    double a = s->start >= 0 ? host->number(r, s->start) : NAN;
    double days = host->number(r, s->job_start) - a;
    if (thrive_hist_add(&s->days, days))
        host->set_number(r, s->f_days, days);
}

static void row(thrive_ctx *ctx, const thrive_host *host, thrive_row *r)
{
    sg *s = host->state(ctx);
    counts one = {.n = {[C_PARENTS] = 1}};
    bool engaged = is_set(host, r, &s->engaged);
    one.n[C_ENGAGED] = engaged;
    one.n[C_ENGAGED_NEW] = engaged && s->has_new && is_set(host, r, &s->new_to_jcp);
    if (host->present(r, s->job_start))
        count_job(host, s, r, &one);
    counts *c =
        host->present(r, s->school) ? school_counts(s, host->text(r, s->school)) : &s->missing;
    add(c, &one);
    add(&s->total, &one);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const school *)a)->name, ((const school *)b)->name);
}

/* Sustainment is a share of the jobs whose check is recorded: a job
 * begun a month before the data was exported has no 26-week answer. */
static void finish_sustained(thrive_ctx *ctx, const thrive_host *host, const counts *c, int weeks)
{
    char id[3][32], label[3][64];
    snprintf(id[0], sizeof id[0], "recorded_%d_weeks", weeks);
    snprintf(id[1], sizeof id[1], "sustained_%d_weeks", weeks);
    snprintf(id[2], sizeof id[2], "pct_sustained_%d_weeks", weeks);
    snprintf(label[0], sizeof label[0], "Job entries with the %d-week check recorded", weeks);
    snprintf(label[1], sizeof label[1], "Jobs sustained at %d weeks", weeks);
    snprintf(label[2], sizeof label[2], "Jobs sustained at %d weeks, share of those recorded",
             weeks);
    bool w13 = weeks == 13;
    host->measure(ctx, id[0], label[0], (double)c->n[w13 ? C_RECORDED_13 : C_RECORDED_26],
                  THRIVE_FMT_COUNT);
    host->measure(ctx, id[1], label[1], (double)c->n[w13 ? C_SUSTAINED_13 : C_SUSTAINED_26],
                  THRIVE_FMT_COUNT);
    host->measure_ratio(ctx, id[2], label[2], id[1], id[0], THRIVE_FMT_PERCENT);
}

static void finish_hours(thrive_ctx *ctx, const thrive_host *host, const sg *s)
{
    char id[2][64], label[2][96];
    snprintf(id[0], sizeof id[0], "jobs_%s_hours_plus", s->hours_id);
    snprintf(id[1], sizeof id[1], "jobs_under_%s_hours", s->hours_id);
    snprintf(label[0], sizeof label[0], "Jobs of %s hours a week or more", s->hours_label);
    snprintf(label[1], sizeof label[1], "Jobs of fewer than %s hours a week", s->hours_label);
    host->measure(ctx, id[0], label[0], (double)s->total.n[C_HOURS_PLUS], THRIVE_FMT_COUNT);
    host->measure(ctx, id[1], label[1], (double)s->total.n[C_HOURS_UNDER], THRIVE_FMT_COUNT);
}

static void finish_measures(thrive_ctx *ctx, const thrive_host *host, const sg *s)
{
    const counts *c = &s->total;
    host->measure(ctx, "parents_engaged", "Parents engaged", (double)c->n[C_ENGAGED],
                  THRIVE_FMT_COUNT);
    if (s->has_new) {
        host->measure(ctx, "engaged_new_to_jcp",
                      "Engaged parents not previously in touch with Jobcentre Plus",
                      (double)c->n[C_ENGAGED_NEW], THRIVE_FMT_COUNT);
        host->measure_ratio(ctx, "pct_engaged_new_to_jcp",
                            "Share of engaged parents new to Jobcentre Plus", "engaged_new_to_jcp",
                            "parents_engaged", THRIVE_FMT_PERCENT);
    }
    host->measure(ctx, "job_entries", "Job entries", (double)c->n[C_JOBS], THRIVE_FMT_COUNT);
    if (s->has_13)
        finish_sustained(ctx, host, c, 13);
    if (s->has_26)
        finish_sustained(ctx, host, c, 26);
    if (s->hours >= 0)
        finish_hours(ctx, host, s);
    if (s->start >= 0) {
        host->measure(ctx, "jobs_with_days", "Job entries with an engagement date",
                      (double)s->days.n, THRIVE_FMT_COUNT);
        host->measure_of(ctx, "median_days_to_job", "Median days from engagement to job",
                         thrive_hist_median(&s->days), THRIVE_FMT_DAYS, (double)s->days.n);
        if (s->days.capped)
            host->note(ctx, NULL,
                       "school-gates: %lld %s over %d days after engagement; counted as %d",
                       s->days.capped, s->days.capped == 1 ? "job started" : "jobs started",
                       DAYS_MAX, DAYS_MAX);
    }
    host->measure_cost_per(ctx, "cost_per_job_entry", "Cost per job entry", "job_entries");
    if (s->has_13)
        host->measure_cost_per(ctx, "cost_per_sustained_job_13", "Cost per job sustained 13 weeks",
                               "sustained_13_weeks");
    if (s->has_26)
        host->measure_cost_per(ctx, "cost_per_sustained_job_26", "Cost per job sustained 26 weeks",
                               "sustained_26_weeks");
}

static void table_row(thrive_ctx *ctx, const thrive_host *host, int t, const char *label,
                      const counts *c)
{
    const long long *n = c->n;
    /* The two shares are worked out by the host from their columns. */
    double v[10] = {(double)n[C_PARENTS],      (double)n[C_ENGAGED],
                    (double)n[C_ENGAGED_NEW],  THRIVE_NA,
                    (double)n[C_JOBS],         THRIVE_NA,
                    (double)n[C_SUSTAINED_13], (double)n[C_SUSTAINED_26],
                    (double)n[C_HOURS_PLUS],   (double)n[C_HOURS_UNDER]};
    host->add_row(ctx, t, label, v, 10);
}

/* Parents and jobs per school, sorted by name; then the rest. */
static void finish_schools(thrive_ctx *ctx, const thrive_host *host, sg *s)
{
    char plus_id[64], under_id[64], plus[64], under[64];
    snprintf(plus_id, sizeof plus_id, "hours_%s_plus", s->hours_id);
    snprintf(under_id, sizeof under_id, "hours_under_%s", s->hours_id);
    snprintf(plus, sizeof plus, "Jobs of %s+ hours", s->hours_label);
    snprintf(under, sizeof under, "Jobs under %s hours", s->hours_label);
    const thrive_column cols[] = {
        THRIVE_COLUMN("school", "School", THRIVE_FMT_TEXT),
        THRIVE_COLUMN("parents", "Parents", THRIVE_FMT_COUNT),
        THRIVE_COLUMN("engaged", "Engaged", THRIVE_FMT_COUNT),
        THRIVE_COLUMN("engaged_new", "Engaged, new to Jobcentre Plus", THRIVE_FMT_COUNT),
        THRIVE_RATE_COLUMN("pct_new", "New to Jobcentre Plus, share of engaged", THRIVE_FMT_PERCENT,
                           "engaged_new", "engaged"),
        THRIVE_COLUMN("job_entries", "Job entries", THRIVE_FMT_COUNT),
        THRIVE_RATE_COLUMN("pct_job", "Job entries per engaged parent", THRIVE_FMT_PERCENT,
                           "job_entries", "engaged"),
        THRIVE_COLUMN("sustained_13", "Sustained 13 weeks", THRIVE_FMT_COUNT),
        THRIVE_COLUMN("sustained_26", "Sustained 26 weeks", THRIVE_FMT_COUNT),
        THRIVE_COLUMN(plus_id, plus, THRIVE_FMT_COUNT),
        THRIVE_COLUMN(under_id, under, THRIVE_FMT_COUNT),
    };
    int t =
        host->table(ctx, "schools", "Parents and jobs by school", cols, sizeof cols / sizeof *cols);
    qsort(s->schools, s->n_schools, sizeof *s->schools, by_name);
    for (size_t i = 0; i < s->n_schools; i++)
        table_row(ctx, host, t, s->schools[i].name, &s->schools[i].c);
    if (s->other.n[C_PARENTS])
        table_row(ctx, host, t, "Other schools", &s->other);
    if (s->missing.n[C_PARENTS])
        table_row(ctx, host, t, "(missing)", &s->missing);
    if (s->other.n[C_PARENTS])
        host->note(ctx, NULL,
                   "school-gates: more than %d schools; %lld %s at the others %s counted under "
                   "'Other schools'",
                   SCHOOLS_MAX, s->other.n[C_PARENTS],
                   s->other.n[C_PARENTS] == 1 ? "parent" : "parents",
                   s->other.n[C_PARENTS] == 1 ? "is" : "are");
    static const char *const chart[] = {"engaged", "job_entries"};
    host->chart(ctx, t, THRIVE_CHART_BAR, "Parents engaged and job entries by school", chart, 2);
}

static int finish(thrive_ctx *ctx, const thrive_host *host)
{
    sg *s = host->state(ctx);
    finish_measures(ctx, host, s);
    finish_schools(ctx, host, s);
    return 0;
}

static void stop(thrive_ctx *ctx, const thrive_host *host)
{
    sg *s = host->state(ctx);
    for (size_t i = 0; i < s->n_schools; i++)
        free(s->schools[i].name);
    s->n_schools = 0;
}

THRIVE_PLUGIN(school_gates, .name = "school-gates", .version = "1.0.0",
              .title = "School Gates Employment Initiative: parents engaged and jobs, by school",
              .state_size = sizeof(sg), .check = check, .row = row, .finish = finish, .stop = stop);
