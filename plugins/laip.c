/* laip.c - Child Poverty Local Authority Innovation Pilots.
 *
 * Ten local authorities tested their own ways of tackling child poverty, in
 * strands: employment, income maximisation (benefit and tax-credit
 * take-up), debt, childcare and family support, with flexible funds for
 * what no mainstream budget would pay for.  The model's `laip:` section
 * (every key required but `income_per`):
 *
 *   laip:
 *     strand: strand                      # the family's strand (text or enum)
 *     strands:                            # 1 to 8 strands: the value -> its outcome, a condition
 *       employment: job_entry == "yes"
 *       income: income_gain_weekly > 0
 *       debt: debt_at_entry == "yes" and debt_at_review == "no"
 *       childcare: childcare_arranged == "yes"
 *       family_support: plan_goals == "met"
 *     income_gain: income_gain_weekly     # number: income gained from benefit take-up
 *     income_per: week                    # week (default), month or year: what income_gain holds
 *     flexible_fund: flexible_fund_spend  # number: pounds spent from the flexible fund on the family
 *
 * Per strand (a table, with a chart) and in total: families, the strand's
 * outcome achieved and its rate, annual income gained and flexible-fund
 * spend; annual income gained from benefit take-up in total, its mean and
 * median over the families with a gain, and per pound spent; flexible-fund
 * spend in total, per family and per family helped; the cost per strand
 * outcome.  Derived fields: annual_income_gain (number), strand_outcome
 * (yes/no: the family's strand's outcome achieved).
 *
 * Memory is fixed: counters per strand and a histogram of annual gains in
 * whole pounds (0 .. GAIN_MAX; larger gains count as GAIN_MAX, noted).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <thrive/plugin.h>

#define STRANDS_MAX 8
#define GAIN_MAX    60000

typedef struct strand {
    const char *value; /* the model's text, valid for the whole run */
    char label[64];
    int outcome; /* its condition */
    long long families, achieved, with_gain, with_fund;
    double gain, fund;
} strand;

typedef struct laip {
    long strand, income, fund;
    long f_annual, f_outcome;
    double per_year; /* income_gain x per_year = a year's gain */
    strand st[STRANDS_MAX];
    size_t n_st;
    strand other, total; /* a strand not in the list (or missing); everything */
    long long gain_bins[GAIN_MAX + 1];
    thrive_hist gains;
} laip;

/* "family_support" -> "Family support". */
static void strand_label(char *out, size_t size, const char *value)
{
    snprintf(out, size, "%s", value);
    for (char *c = out; *c; c++)
        *c = *c == '_' ? ' ' : *c;
    if (*out >= 'a' && *out <= 'z')
        *out = (char)(*out - 'a' + 'A');
}

/* strands: each value of the strand column with its outcome. */
static void check_strands(thrive_ctx *ctx, const thrive_host *host, laip *s, const thrive_node *sec)
{
    const thrive_node *map = host->node_get(sec, "strands");
    size_t n = host->node_count(map);
    const char *values[STRANDS_MAX];
    if (host->node_kind(map) == THRIVE_NODE_MAP && n >= 1 && n <= STRANDS_MAX) {
        for (size_t i = 0; i < n; i++) {
            strand *t = &s->st[s->n_st++];
            t->value = values[i] = host->node_key(map, i);
            /* the model's label for the value, else the value made readable */
            const char *l = THRIVE_HOST_HAS(host, value_label)
                                ? host->value_label(ctx, s->strand, t->value)
                                : t->value;
            if (l && strcmp(l, t->value) != 0)
                snprintf(t->label, sizeof t->label, "%s", l);
            else
                strand_label(t->label, sizeof t->label, t->value);
            t->outcome = host->condition(ctx, host->node_item(map, i));
        }
        host->check_values(ctx, host->node_get(sec, "strand"), s->strand, values, n, "strand",
                           "families by strand");
    } else {
        host->error(ctx, map ? map : sec,
                    "'strands' must map 1 to %d values of the strand column to the outcome of "
                    "each, such as { employment: job_entry == \"yes\" }",
                    STRANDS_MAX);
    }
}

/* income_per: what one income_gain holds; the factor to a year. */
static void check_period(thrive_ctx *ctx, const thrive_host *host, laip *s, const thrive_node *sec)
{
    static const char *const per[] = {"week", "month", "year"};
    static const double factor[] = {52, 12, 1};
    const thrive_node *node = host->node_get(sec, "income_per");
    const char *text = node ? host->node_text(node) : "week";
    for (size_t i = 0; text && i < 3; i++)
        if (strcmp(text, per[i]) == 0) {
            s->per_year = factor[i];
            return;
        }
    host->error(ctx, node, "'income_per' must be week, month or year: what income_gain holds");
}

static int check(thrive_ctx *ctx, const thrive_host *host)
{
    laip *s = host->state(ctx);
    s->f_annual = s->f_outcome = -1;
    static const char *const keys[] = {"strand", "strands", "income_gain", "income_per",
                                       "flexible_fund"};
    static const char naming[] = "the strand, its outcomes and the income and fund columns";
    const thrive_node *sec = host->settings(ctx, keys, sizeof keys / sizeof *keys, naming);
    if (!sec)
        return 1;
    thrive_hist_init(&s->gains, s->gain_bins, GAIN_MAX);
    s->strand = host->key_group(ctx, sec, "strand", "the table by strand", THRIVE_REQUIRED);
    check_strands(ctx, host, s, sec);
    s->income = host->key_field(ctx, sec, "income_gain", THRIVE_NUMERIC, THRIVE_REQUIRED);
    check_period(ctx, host, s, sec);
    s->fund = host->key_field(ctx, sec, "flexible_fund", THRIVE_NUMERIC, THRIVE_REQUIRED);
    s->f_annual = host->derive(ctx, "annual_income_gain", THRIVE_NUMBER);
    static const char *const yes_no[] = {"yes", "no"};
    s->f_outcome = host->derive_enum(ctx, "strand_outcome", yes_no, 2);
    return 0;
}

/* Add one family to strand T: its outcome, annual gain and fund spend. */
static void count(strand *t, bool achieved, double gain, double fund)
{
    t->families++;
    t->achieved += achieved;
    if (gain > 0) {
        t->with_gain++;
        t->gain += gain;
    }
    if (fund > 0) {
        t->with_fund++;
        t->fund += fund;
    }
}

static void row(thrive_ctx *ctx, const thrive_host *host, thrive_row *r)
{
    laip *s = host->state(ctx);
    const char *value = host->text(r, s->strand);
    strand *t = &s->other;
    for (size_t i = 0; i < s->n_st; i++)
        if (strcmp(s->st[i].value, value) == 0)
            t = &s->st[i];
    bool achieved = t != &s->other && host->holds(r, t->outcome);
    double gain = host->number(r, s->income) * s->per_year;
    double fund = host->number(r, s->fund);
    count(t, achieved, gain, fund);
    count(&s->total, achieved, gain, fund);
    if (gain > 0)
        thrive_hist_add(&s->gains, gain);
    host->set_number(r, s->f_annual, gain); /* NAN (missing) stays missing */
    if (t != &s->other)
        host->set_text(r, s->f_outcome, achieved ? "yes" : "no");
}

#define CNT THRIVE_FMT_COUNT
#define GBP THRIVE_FMT_CURRENCY

static void finish_income(thrive_ctx *ctx, const thrive_host *host, const laip *s)
{
    const strand *a = &s->total;
    host->measure(ctx, "families_with_income_gain", "Families with income gained from take-up",
                  (double)a->with_gain, CNT);
    host->measure_ratio(ctx, "pct_families_with_income_gain",
                        "Families with income gained, share of families",
                        "families_with_income_gain", "families", THRIVE_FMT_PERCENT);
    host->measure_of(ctx, "annual_income_gained", "Annual income gained from benefit take-up",
                     a->gain, GBP, (double)a->with_gain);
    host->measure_ratio(ctx, "mean_annual_income_gain",
                        "Mean annual income gained, per family with a gain", "annual_income_gained",
                        "families_with_income_gain", GBP);
    host->measure_of(ctx, "median_annual_income_gain",
                     "Median annual income gained, per family with a gain",
                     thrive_hist_median(&s->gains), GBP, (double)s->gains.n);
    host->measure_per_cost(ctx, "income_gained_per_pound", "Annual income gained per pound spent",
                           "annual_income_gained", THRIVE_FMT_NUMBER);
    if (s->gains.capped)
        host->note(ctx, NULL, "laip: %lld %s over %d pounds a year; the median counts %s as %d",
                   s->gains.capped, s->gains.capped == 1 ? "family gained" : "families gained",
                   GAIN_MAX, s->gains.capped == 1 ? "it" : "them", GAIN_MAX);
}

static void finish_fund(thrive_ctx *ctx, const thrive_host *host, const laip *s)
{
    const strand *a = &s->total;
    host->measure(ctx, "families_with_fund", "Families helped from the flexible fund",
                  (double)a->with_fund, CNT);
    host->measure_of(ctx, "flexible_fund_spend", "Flexible-fund spend", a->fund, GBP,
                     (double)a->with_fund);
    host->measure_ratio(ctx, "fund_per_family", "Flexible-fund spend per family",
                        "flexible_fund_spend", "families", GBP);
    host->measure_ratio(ctx, "fund_per_family_helped",
                        "Flexible-fund spend per family helped from it", "flexible_fund_spend",
                        "families_with_fund", GBP);
}

static void strand_row(thrive_ctx *ctx, const thrive_host *host, int t, const strand *y)
{
    /* The rate and the spend per family are worked out from their columns. */
    double v[7] = {(double)y->families,
                   (double)y->with_gain,
                   y->gain,
                   (double)y->achieved,
                   THRIVE_NA,
                   y->fund,
                   THRIVE_NA};
    host->add_row(ctx, t, y->label, v, 7);
}

static void finish_strands(thrive_ctx *ctx, const thrive_host *host, laip *s)
{
    static const thrive_column cols[] = {
        THRIVE_COLUMN("strand", "Strand", THRIVE_FMT_TEXT),
        THRIVE_COLUMN("families", "Families", CNT),
        THRIVE_COLUMN("with_income_gain", "Families with income gained", CNT),
        THRIVE_COLUMN_OF("annual_income_gained", "Annual income gained", GBP, "with_income_gain"),
        THRIVE_COLUMN("outcomes", "Strand outcome achieved", CNT),
        THRIVE_RATE_COLUMN("pct_outcome", "Outcome rate", THRIVE_FMT_PERCENT, "outcomes",
                           "families"),
        THRIVE_COLUMN_OF("flexible_fund_spend", "Flexible-fund spend", GBP, "families"),
        THRIVE_RATE_COLUMN("fund_per_family", "Flexible fund per family", GBP,
                           "flexible_fund_spend", "families"),
    };
    int t = host->table(ctx, "strands", "Families and outcomes by strand", cols,
                        sizeof cols / sizeof *cols);
    for (size_t i = 0; i < s->n_st; i++)
        strand_row(ctx, host, t, &s->st[i]);
    if (s->other.families) {
        snprintf(s->other.label, sizeof s->other.label, "%s", "Other or missing");
        strand_row(ctx, host, t, &s->other);
    }
    static const char *const chart[] = {"families", "outcomes"};
    host->chart(ctx, t, THRIVE_CHART_COLUMN, "Families and strand outcomes achieved, by strand",
                chart, 2);
}

static void finish_totals(thrive_ctx *ctx, const thrive_host *host, const laip *s)
{
    host->measure(ctx, "families", "Families", (double)s->total.families, CNT);
    host->measure(ctx, "strand_outcomes", "Families whose strand's outcome was achieved",
                  (double)s->total.achieved, CNT);
    host->measure_ratio(ctx, "pct_strand_outcomes", "Strand outcomes, share of families",
                        "strand_outcomes", "families", THRIVE_FMT_PERCENT);
    host->measure_cost_per(ctx, "cost_per_strand_outcome", "Cost per strand outcome achieved",
                           "strand_outcomes");
}

static int finish(thrive_ctx *ctx, const thrive_host *host)
{
    laip *s = host->state(ctx);
    finish_totals(ctx, host, s);
    finish_income(ctx, host, s);
    finish_fund(ctx, host, s);
    finish_strands(ctx, host, s);
    return 0;
}

THRIVE_PLUGIN(laip, .name = "laip", .version = "1.0.0", .state_size = sizeof(laip),
              .title = "Local Authority Innovation Pilots: strands, income gained, flexible fund",
              .check = check, .row = row, .finish = finish);
