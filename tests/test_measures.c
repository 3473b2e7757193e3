/* test_measures.c - the figures of docs/manual/methods.md, worked by hand.
 *
 * Each test reads a small CSV file through cases_read() and measures.c and
 * compares the results (and, for disclosure control, the JSON summary) with
 * values worked out by hand in the comments; nothing here was copied from
 * the program's output.  Decimal values in the working were evaluated with
 * a pocket calculator (python3 as one); the Student t quantiles and the
 * Wilcoxon p-values were cross-checked with SciPy 1.10.1 / mpmath 1.2.1 as
 * noted beside them.
 *
 * The models are tests/models/valid/engine-measures.yaml and
 * engine-expr.yaml.  Common numbers of engine-measures.yaml:
 *
 *   costs   keyworkers  staff    {fte 2, annual_cost 30000, years 1.5}
 *                                = 2 x 30000 x 1.5           =  90000
 *           manager     staff    {fte 0.5, annual_cost 40000} (years 1)
 *                                = 0.5 x 40000 x 1           =  20000
 *           fund        funding  10000                       =  10000
 *           C = 120000; by kind: staff 110000, funding 10000
 *           optimism_bias 0.15: C' = 120000 x 1.15 = 138000
 *   adjustments  keep = (1 - 0.2)(1 - 0.05)(1 - 0.1) = 0.8 x 0.95 x 0.9
 *                     = 0.684;  discount rate r = 0.035
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cases.h"
#include "cunit_tap.h"
#include "diag.h"
#include "measures.h"
#include "model.h"
#include "model_text.h"
#include "results.h"
#include "summary.h"
#include "testlib.h"

static model *mm; /* engine-measures.yaml */
static model *me; /* engine-expr.yaml */

/* The case data of engine-measures.yaml, 11 records; F011 is rejected
 * (household "single" is not an enum value) and so takes part in nothing.
 * Empty cells are missing.
 *
 *  id   date       household   route   plan debt_in/out job  money conflict single flat still
 *  F001 2009-03-31 lone_parent school  yes  yes/no      yes  3>5   8>6      4>6    2>3  5>5
 *  F002 2009-04-01 couple      housing yes  yes/no      no   4>4   7>7      4>.    5>6  3>3
 *  F003 2009-12-31 lone_parent .       no   yes/yes     no   2>5   6>7      .      3>4  .
 *  F004 2009-12-31 .           school  yes  no/no       yes  5>4   9>5
 *  F005 2010-01-15 couple      school  no   yes/.       no   3>5   5>5
 *  F006 2010-04-01 lone_parent housing yes  yes/no      no   6>8   .>3
 *  F007 .          couple      self    yes  no/.        yes  5>5   4>.
 *  F008 2010-06-30 lone_parent school  .    ./no        no   1>2
 *  F009 2010-07-01 couple      housing no   yes/yes     .    4>.
 *  F010 2009-04-01 .           self    yes  yes/no      no   .>.
 */
static const char measures_csv[] =
    "family_id,referral_date,household,route,plan,debt_entry,debt_exit,job,"
    "money_start,money_end,conflict_start,conflict_end,single_start,single_end,"
    "flat_start,flat_end,still_start,still_end\n"
    "F001,2009-03-31,lone_parent,school,yes,yes,no,yes,3,5,8,6,4,6,2,3,5,5\n"
    "F002,2009-04-01,couple,housing,yes,yes,no,no,4,4,7,7,4,,5,6,3,3\n"
    "F003,2009-12-31,lone_parent,,no,yes,yes,no,2,5,6,7,,,3,4,,\n"
    "F004,2009-12-31,,school,yes,no,no,yes,5,4,9,5,,,,,,\n"
    "F005,2010-01-15,couple,school,no,yes,,no,3,5,5,5,,,,,,\n"
    "F006,2010-04-01,lone_parent,housing,yes,yes,no,no,6,8,,3,,,,,,\n"
    "F007,,couple,self,yes,no,,yes,5,5,4,,,,,,,\n"
    "F008,2010-06-30,lone_parent,school,,,no,no,1,2,,,,,,,,\n"
    "F009,2010-07-01,couple,housing,no,yes,yes,,4,,,,,,,,,\n"
    "F010,2009-04-01,,self,yes,yes,no,no,,,,,,,,,,\n"
    "F011,2010-01-01,single,school,yes,yes,no,yes,1,10,10,1,1,10,1,10,1,10\n";

/* The same columns, no rows. */
static const char empty_csv[] =
    "family_id,referral_date,household,route,plan,debt_entry,debt_exit,job,"
    "money_start,money_end,conflict_start,conflict_end,single_start,single_end,"
    "flat_start,flat_end,still_start,still_end\n";

/* ---- helpers ---- */

#define REL_EXACT 1e-12 /* arithmetic the program does the same way */
#define REL_STATS 1e-10 /* through erfc, the t quantile, sqrt */

static bool close_to(double got, double want, double rel)
{
    if (isnan(want))
        return isnan(got);
    return fabs(got - want) <= rel * fmax(1.0, fabs(want));
}

#define CHECK(got, want)       CU_ASSERT(close_to((got), (want), REL_EXACT))
#define CHECK_STATS(got, want) CU_ASSERT(close_to((got), (want), REL_STATS))
#define CHECK_NAN(got)         CU_ASSERT(isnan(got))

static void on_row(void *ctx, cell *row)
{
    measures_add_row(ctx, row);
}

/* Evaluate CSV (text) against M into R with --suppress SUPPRESS. */
static void evaluate(const model *m, const char *name, const char *csv, long suppress, results *r)
{
    const char *path = testlib_write(name, csv);
    memset(r, 0, sizeof *r);
    r->suppress = suppress;
    r->model_file = m->file;
    r->data_file = name;
    measures *ms = measures_new(m);
    CU_ASSERT_FATAL(ms != NULL);
    cases_options opt = {.progress = false};
    diag_list dl;
    diag_init(&dl);
    CU_ASSERT_EQUAL_FATAL(cases_read(path, m, &opt, on_row, ms, r, &dl), THRIVE_OK);
    diag_free(&dl);
    CU_ASSERT_EQUAL(measures_finish(ms, r), THRIVE_OK);
    measures_free(ms);
}

static size_t output_index(const model *m, const char *id)
{
    for (size_t i = 0; i < m->n_outputs; i++)
        if (strcmp(m->outputs[i].id, id) == 0)
            return i;
    CU_FAIL_FATAL("no such output");
    return 0;
}

static size_t outcome_index(const model *m, const char *id)
{
    for (size_t i = 0; i < m->n_outcomes; i++)
        if (strcmp(m->outcomes[i].id, id) == 0)
            return i;
    CU_FAIL_FATAL("no such outcome");
    return 0;
}

static size_t area_index(const model *m, const char *id)
{
    for (size_t i = 0; i < m->n_areas; i++)
        if (strcmp(m->areas[i].id, id) == 0)
            return i;
    CU_FAIL_FATAL("no such area");
    return 0;
}

static const res_outcome *outcome_of(const results *r, const char *id)
{
    return &r->outcomes[outcome_index(r->m, id)];
}

static const res_output *output_of(const results *r, const char *id)
{
    return &r->outputs[output_index(r->m, id)];
}

static const res_area *area_of(const results *r, const char *id)
{
    return &r->areas[area_index(r->m, id)];
}

/* ---- costs ---- */

/* Costs as worked at the top of the file; C / N = 120000 / 10 = 12000. */
static void test_costs(void)
{
    results r;
    evaluate(mm, "costs.csv", measures_csv, 0, &r);
    CU_ASSERT_EQUAL(r.rows_read, 11);
    CU_ASSERT_EQUAL(r.rows_accepted, 10);
    CU_ASSERT_EQUAL(r.rows_rejected, 1);
    CU_ASSERT(mm->inputs[1].cost_is_fte);
    CHECK(mm->inputs[1].years, 1);
    CHECK(mm->inputs[0].cost, 90000);
    CHECK(mm->inputs[1].cost, 20000);
    CHECK(r.cost_total, 120000);
    CHECK(r.cost_adjusted, 138000);
    CHECK(r.cost_per_participant, 12000);
    CHECK(r.cost_by_kind[INPUT_STAFF], 110000);
    CHECK(r.cost_by_kind[INPUT_FUNDING], 10000);
    for (int k = 0; k < INPUT_KIND_COUNT; k++)
        CU_ASSERT_EQUAL(r.kind_present[k], k == INPUT_STAFF || k == INPUT_FUNDING);
    /* the summary lists only the kinds present */
    json_t *s = summary_build(&r);
    json_t *by_kind = json_object_get(json_object_get(s, "costs"), "by_kind");
    CU_ASSERT_EQUAL(json_object_size(by_kind), 2);
    CHECK(json_real_value(json_object_get(by_kind, "staff")), 110000);
    CHECK(json_real_value(json_object_get(by_kind, "funding")), 10000);
    CU_ASSERT_PTR_NULL(json_object_get(by_kind, "premises"));
    json_decref(s);
    results_free(&r);
}

/* ---- outputs ---- */

/* referred (all): every accepted row, 10 of 10 (F011 rejected);
 *   % of target 10 / 20 = 0.5; cost per output 120000 / 10 = 12000.
 * engaged (plan == "yes"): F001 F002 F004 F006 F007 F010 = 6 (F008's plan
 *   is missing: false); 6 / 8 = 0.75; 120000 / 6 = 20000.
 * from_school (route == "school"): F001 F004 F005 F008 = 4; 4 / 2 = 2;
 *   120000 / 4 = 30000.
 * nowhere (route == "nowhere"): nobody, 0; 0 / 5 = 0; 120000 / 0 = n/a. */
static void test_outputs(void)
{
    results r;
    evaluate(mm, "outputs.csv", measures_csv, 0, &r);
    const res_output *o = output_of(&r, "referred");
    CU_ASSERT_EQUAL(o->count, 10);
    CHECK(o->pct_of_target, 0.5);
    CHECK(o->cost_per_output, 12000);
    o = output_of(&r, "engaged");
    CU_ASSERT_EQUAL(o->count, 6);
    CHECK(o->pct_of_target, 0.75);
    CHECK(o->cost_per_output, 20000);
    o = output_of(&r, "from_school");
    CU_ASSERT_EQUAL(o->count, 4);
    CHECK(o->pct_of_target, 2);
    CHECK(o->cost_per_output, 30000);
    o = output_of(&r, "nowhere");
    CU_ASSERT_EQUAL(o->count, 0);
    CHECK(o->pct_of_target, 0);
    CHECK_NAN(o->cost_per_output);
    results_free(&r);
}

/* Each kind of expression, counted by hand over six rows:
 *
 *   id  name        age  score  born        colour
 *   E1  Anna        10   2.5    2001-05-01  red
 *   E2  bob         20   -1     2000-01-01  green
 *   E3  ANNABEL     .    3e-2   15/06/2001  blue
 *   E4  .           30   .      .           .
 *   E5  Zed         5    .5     2001-05-02  red
 *   E6  anna-marie  10   10     1999-12-31  green
 *
 * A test on a missing value is false; `not` of a false test is true. */
static const char expr_csv[] = "case_id,name,age,score,born,colour\n"
                               "E1,Anna,10,2.5,2001-05-01,red\n"
                               "E2,bob,20,-1,2000-01-01,green\n"
                               "E3,ANNABEL,,3e-2,15/06/2001,blue\n"
                               "E4,,30,,,\n"
                               "E5,Zed,5,.5,2001-05-02,red\n"
                               "E6,anna-marie,10,10,1999-12-31,green\n";

static void test_expressions(void)
{
    static const struct {
        const char *id;
        long long count;
    } want[] = {
        {"eq", 2},      /* colour == "red": E1 E5 */
        {"ne", 3},      /* colour != "red": E2 E3 E6 (E4 missing: false) */
        {"lt", 1},      /* age < 10: E5 (E3 missing) */
        {"le", 3},      /* age <= 10: E1 E5 E6 */
        {"gt", 2},      /* score > 0.5: E1 (2.5) E6 (10); E5's .5 is not > 0.5 */
        {"ge", 3},      /* score >= 0.5: E1 E5 E6 (E3 0.03, E2 -1) */
        {"num_eq", 1},  /* score == 10: E6 */
        {"date_lt", 3}, /* born < 2001-05-02: E1 E2 E6 (E3 is 2001-06-15) */
        {"date_ge", 1}, /* born >= 2001-06-01: E3, written 15/06/2001 */
        {"text_lt", 3}, /* name < "a" bytewise: Anna ANNABEL Zed (capitals first);
                           "anna-marie" > "a" as it is longer */
        {"re_i", 3},    /* name =~ /ann/i, anywhere: Anna ANNABEL anna-marie */
        {"re", 2},      /* name =~ /nna/, unanchored and case-sensitive: Anna
                           anna-marie (not ANNABEL) */
        {"text_eq", 1}, /* name == "bob": E2 */
        {"text_le", 1}, /* name <= "Ann": ANNABEL ("N" < "n"); "Anna" is longer
                           than its prefix "Ann", so greater */
        {"in_text", 3}, /* colour in ["red", "blue"]: E1 E3 E5 */
        {"in_num", 3},  /* age in [10, 30]: E1 E4 E6 */
        {"missing", 1}, /* name is missing: E4 */
        {"present", 5}, /* score is present: all but E4 */
        {"not_eq", 4},  /* not (colour == "red"): E2 E3 E4 E6 (E4 missing: true) */
        {"and_or", 3},  /* green or (age < 10 and score > 0): E2 E6, and E5;
                           (green or age < 10) and score > 0 would give 2 */
        {"paren", 2},   /* (green or age < 10) and score > 0: E5 E6 (E2 -1) */
        {"not_and", 3}, /* (not red) and age > 5: E2 E4 E6; not (red and
                           age > 5) would give 5 */
        {"everyone", 6},
    };
    results r;
    evaluate(me, "expr.csv", expr_csv, 0, &r);
    CU_ASSERT_EQUAL(r.rows_accepted, 6);
    CU_ASSERT_EQUAL_FATAL(me->n_outputs, sizeof want / sizeof *want);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const res_output *o = output_of(&r, want[i].id);
        if (o->count != want[i].count)
            fprintf(stderr, "output %s: count %lld, expected %lld\n", want[i].id, o->count,
                    want[i].count);
        CU_ASSERT_EQUAL(o->count, want[i].count);
        CHECK_NAN(o->pct_of_target); /* no target */
    }
    /* red_adult: eligible red or green = E1 E2 E5 E6 = 4; achieved age >= 20
     * among them: E2 = 1. */
    const res_outcome *oc = outcome_of(&r, "red_adult");
    CU_ASSERT_EQUAL(oc->eligible, 4);
    CU_ASSERT_EQUAL(oc->achieved, 1);
    CHECK(oc->rate, 0.25);
    /* No outcome has a value: PV_total = 0; C = C' = 600 (no optimism
     * bias); NPV = 0 - 600 = -600; SROI = 0 / 600 = 0. */
    CHECK(r.pv_total, 0);
    CHECK(r.npv, -600);
    CHECK(r.sroi_ratio, 0);
    results_free(&r);
}

/* ---- outcomes ---- */

/* debt_managed: eligible debt_entry == "yes": F001 F002 F003 F005 F006 F009
 * F010, E = 7 (F008's entry is missing); achieved debt_exit == "no" among
 * them: F001 F002 F006 F010, A = 4 (F005's exit is missing: not achieved;
 * F004 and F008 have "no" at exit but are not eligible).
 *
 *   rate = 4 / 7 = 0.571428571428571
 *   Wilson, z = 1.959963984540054, z^2 = 3.841458820694125, n = 7:
 *     z^2/n = 0.548779831527732, 1 + z^2/n = 1.548779831527732
 *     centre = (4/7 + z^2/(2n)) / (1 + z^2/n)
 *            = (0.571428571428571 + 0.274389915763866) / 1.548779831527732
 *            = 0.546119254638094
 *     half   = z / (1 + z^2/n) x sqrt(p(1-p)/n + z^2/(4n^2))
 *            = 1.265489093182939 x sqrt(0.034985422740525 + 0.019599279697419)
 *            = 1.265489093182939 x 0.233633692856882 = 0.295660890110437
 *     interval = [0.250458364527657, 0.841780144748530]
 *   net = 4 x 0.684 = 2.736
 *   cost per outcome = 120000 / 4 = 30000
 *   cost per net outcome = 120000 / 2.736 = 43859.649122807018
 *   PV, value 1500, duration 3, drop_off 0.25, r = 0.035:
 *     t = 1: 2.736 x 1500 x 0.75^0 / 1.035   = 4104   / 1.035       = 3965.217391304348
 *     t = 2: 2.736 x 1500 x 0.75^1 / 1.035^2 = 3078   / 1.071225    = 2873.345935727788
 *     t = 3: 2.736 x 1500 x 0.75^2 / 1.035^3 = 2308.5 / 1.108717875 = 2082.134736034629
 *     PV = 8920.698063066765 */
static void test_outcome_worked(void)
{
    results r;
    evaluate(mm, "outcome.csv", measures_csv, 0, &r);
    const res_outcome *o = outcome_of(&r, "debt_managed");
    CU_ASSERT_EQUAL(o->eligible, 7);
    CU_ASSERT_EQUAL(o->achieved, 4);
    CHECK(o->rate, 4.0 / 7.0);
    CHECK_STATS(o->ci_lo, 0.250458364527657);
    CHECK_STATS(o->ci_hi, 0.841780144748530);
    CHECK(o->net, 2.736);
    CHECK(o->cost_per_outcome, 30000);
    CHECK(o->cost_per_net_outcome, 43859.649122807018);
    CHECK(o->present_value, 3965.217391304348 + 2873.345935727788 + 2082.134736034629);
    CHECK(o->present_value, 8920.698063066765);

    /* in_work: eligible everyone, E = 10; achieved job == "yes": F001 F004
     * F007, A = 3 (F009's job is missing).  rate 0.3.
     *   Wilson, n = 10: z^2/n = 0.384145882069413, 1 + z^2/n = 1.384145882069413
     *     centre = (0.3 + 0.192072941034706) / 1.384145882069413 = 0.355506559972578
     *     half = 1.416009692280228 x sqrt(0.021 + 0.009603647051735)
     *          = 1.416009692280228 x 0.174938980938313 = 0.247715292566277
     *     interval = [0.107791267406301, 0.603221852538855]
     *   net = 3 x 0.684 = 2.052; 120000 / 3 = 40000; 120000 / 2.052 =
     *   58479.532163742690; no value: PV n/a. */
    o = outcome_of(&r, "in_work");
    CU_ASSERT_EQUAL(o->eligible, 10);
    CU_ASSERT_EQUAL(o->achieved, 3);
    CHECK(o->rate, 0.3);
    CHECK_STATS(o->ci_lo, 0.107791267406301);
    CHECK_STATS(o->ci_hi, 0.603221852538855);
    CHECK(o->net, 2.052);
    CHECK(o->cost_per_outcome, 40000);
    CHECK(o->cost_per_net_outcome, 58479.532163742690);
    CHECK_NAN(o->present_value);
    results_free(&r);
}

/* A = 0 (docs/manual/methods.md).
 * nobody_eligible: route == "nowhere" is nobody: E = 0, A = 0; rate n/a,
 *   interval n/a; net 0; it has a value (800): PV 0; costs per outcome n/a.
 * nobody_achieved: eligible couples F002 F005 F007 F009, E = 4; achieved
 *   job == "yes" and debt_exit == "yes": F002 no/no, F005 no/missing,
 *   F007 yes/missing, F009 missing/yes: A = 0.  rate 0 / 4 = 0;
 *   Wilson, n = 4, p = 0: centre = half = z^2/(2n) / (1 + z^2/n)
 *   = 0.480182352586766 / 1.960364705173531 = 0.244945418227299, so the
 *   interval is [0, 0.489890836454597]; net 0; no value: PV n/a; costs n/a. */
static void test_outcome_none_achieved(void)
{
    results r;
    evaluate(mm, "none.csv", measures_csv, 0, &r);
    const res_outcome *o = outcome_of(&r, "nobody_eligible");
    CU_ASSERT_EQUAL(o->eligible, 0);
    CU_ASSERT_EQUAL(o->achieved, 0);
    CHECK_NAN(o->rate);
    CHECK_NAN(o->ci_lo);
    CHECK_NAN(o->ci_hi);
    CHECK(o->net, 0);
    CHECK(o->present_value, 0);
    CU_ASSERT(!isnan(o->present_value));
    CHECK_NAN(o->cost_per_outcome);
    CHECK_NAN(o->cost_per_net_outcome);

    o = outcome_of(&r, "nobody_achieved");
    CU_ASSERT_EQUAL(o->eligible, 4);
    CU_ASSERT_EQUAL(o->achieved, 0);
    CHECK(o->rate, 0);
    CHECK_STATS(o->ci_lo, 0);
    CHECK_STATS(o->ci_hi, 0.489890836454597);
    CHECK(o->net, 0);
    CHECK_NAN(o->present_value);
    CHECK_NAN(o->cost_per_outcome);
    CHECK_NAN(o->cost_per_net_outcome);

    /* In the summary: null, never NaN, and 0 stays 0. */
    json_t *s = summary_build(&r);
    json_t *item =
        json_array_get(json_object_get(s, "outcomes"), outcome_index(mm, "nobody_eligible"));
    CU_ASSERT(json_is_null(json_object_get(item, "rate")));
    CU_ASSERT(json_is_null(json_array_get(json_object_get(item, "rate_ci95"), 0)));
    CU_ASSERT(json_is_null(json_object_get(item, "cost_per_outcome")));
    CU_ASSERT(json_is_number(json_object_get(item, "present_value")));
    CHECK(json_number_value(json_object_get(item, "present_value")), 0);
    CU_ASSERT(json_integer_value(json_object_get(item, "eligible")) == 0 &&
              json_is_integer(json_object_get(item, "eligible")));
    item = json_array_get(json_object_get(s, "outcomes"), outcome_index(mm, "nobody_achieved"));
    CU_ASSERT(json_is_null(json_object_get(item, "present_value")));
    CU_ASSERT(json_is_null(json_object_get(item, "cost_per_net_outcome")));
    CHECK(json_number_value(json_object_get(item, "rate")), 0);
    json_decref(s);
    results_free(&r);
}

/* Value for money: the outcomes with a value are debt_managed (PV
 * 8920.698063066765) and nobody_eligible (PV 0): PV_total =
 * 8920.698063066765; NPV = 8920.698063066765 - 138000 = -129079.301936933235;
 * SROI = 8920.698063066765 / 138000 = 0.064642739587441. */
static void test_value_for_money(void)
{
    results r;
    evaluate(mm, "vfm.csv", measures_csv, 0, &r);
    CHECK(r.pv_total, 8920.698063066765);
    CHECK(r.npv, -129079.301936933235);
    CHECK(r.sroi_ratio, 0.064642739587441);
    results_free(&r);
}

/* No rows at all (a header only): N = 0.
 *   cost per participant 120000 / 0: n/a; costs themselves unchanged.
 *   every output 0: cost per output n/a; % of target 0.
 *   every outcome E = 0 = A: rate n/a, net 0, PV 0 for the valued ones
 *   (debt_managed, nobody_eligible), n/a otherwise.
 *   PV_total = 0, NPV = -138000, SROI = 0 / 138000 = 0.
 *   every area: n = 0, means n/a, Wilcoxon n/a. */
static void test_no_rows(void)
{
    results r;
    evaluate(mm, "empty.csv", empty_csv, 0, &r);
    CU_ASSERT_EQUAL(r.rows_accepted, 0);
    CHECK(r.cost_total, 120000);
    CHECK_NAN(r.cost_per_participant);
    for (size_t i = 0; i < mm->n_outputs; i++) {
        CU_ASSERT_EQUAL(r.outputs[i].count, 0);
        CHECK_NAN(r.outputs[i].cost_per_output);
        CHECK(r.outputs[i].pct_of_target, 0);
    }
    for (size_t i = 0; i < mm->n_outcomes; i++) {
        const res_outcome *o = &r.outcomes[i];
        CU_ASSERT_EQUAL(o->eligible, 0);
        CHECK_NAN(o->rate);
        CHECK(o->net, 0);
        if (mm->outcomes[i].has_value) {
            CHECK(o->present_value, 0);
        } else {
            CHECK_NAN(o->present_value);
        }
    }
    CHECK(r.pv_total, 0);
    CHECK(r.npv, -138000);
    CHECK(r.sroi_ratio, 0);
    for (size_t a = 0; a < mm->n_areas; a++) {
        CU_ASSERT_EQUAL(r.areas[a].n, 0);
        CHECK_NAN(r.areas[a].mean_baseline);
        CHECK_NAN(r.areas[a].change.mean);
        CHECK_NAN(r.areas[a].change.pct_improved);
        CHECK_NAN(r.areas[a].change.wilcoxon_p);
    }
    CU_ASSERT_EQUAL(r.n_quarters, 0);
    /* the summary holds no NaN: json_dumps would refuse it */
    json_t *s = summary_build(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char *text = json_dumps(s, 0);
    CU_ASSERT_PTR_NOT_NULL(text);
    free(text);
    json_decref(s);
    results_free(&r);
}

/* ---- distance travelled ---- */

/* money, better: higher, d = review - baseline:
 *   F001 3>5 +2, F002 4>4 0, F003 2>5 +3, F004 5>4 -1, F005 3>5 +2,
 *   F006 6>8 +2, F007 5>5 0, F008 1>2 +1; F009 4>. (review missing);
 *   F010 neither.  n = 8, n_missing_review = 1.
 *   mean baseline = (3+4+2+5+3+6+5+1)/8 = 29/8 = 3.625
 *   mean review   = (5+4+5+4+5+8+5+2)/8 = 38/8 = 4.75
 *   mean d = 9/8 = 1.125
 *   sum of squares about the mean = sum d^2 - n mean^2 = 23 - 8 x 1.265625
 *   = 12.875; sd = sqrt(12.875 / 7) = sqrt(1.839285714285714) = 1.356202681860538
 *   CI: t(0.975, 7) = 2.364624251592785 (mpmath, as in test_stats.c);
 *   half = 2.364624251592785 x 1.356202681860538 / sqrt(8)
 *        = 2.364624251592785 x 0.479490056503484 = 1.133813816005733
 *   CI = [-0.008813816005733, 2.258813816005733]
 *   dz = 1.125 / 1.356202681860538 = 0.829522028710814
 *   improved 5/8 = 0.625 (+2 +3 +2 +2 +1), same 2/8 = 0.25, worse 1/8 = 0.125
 *   Wilcoxon: zeros dropped, d = 2 3 -1 2 2 1, n' = 6; |d| ranked: the two
 *   1s share ranks 1-2 (1.5), the three 2s ranks 3-5 (4), the 3 rank 6.
 *   W+ = 4 + 6 + 4 + 4 + 1.5 = 19.5, W- = 1.5 (the -1); 19.5 + 1.5 = 21 = 6x7/2.
 *   mean W = 6x7/4 = 10.5; var = 6x7x13/24 - sum(t^3 - t)/48
 *   = 22.75 - ((8 - 2) + (27 - 3))/48 = 22.75 - 0.625 = 22.125; sd 4.703721930556695
 *   z = (1.5 - 10.5 + 0.5)/4.703721930556695 = -1.807079611739295
 *   p = 2 P(Z > 1.807079611739295) = erfc(1.807079611739295/sqrt 2) = 0.070749867076378
 *   SciPy agrees: scipy.stats.wilcoxon([2,0,3,-1,2,2,0,1], zero_method='wilcox',
 *   correction=True, method='approx').pvalue = 0.07074986707637762 */
static void test_distance_ties_and_zeros(void)
{
    results r;
    evaluate(mm, "money.csv", measures_csv, 0, &r);
    const res_area *a = area_of(&r, "money");
    CU_ASSERT_EQUAL(a->n, 8);
    CU_ASSERT_EQUAL(a->n_missing_review, 1);
    CHECK(a->mean_baseline, 3.625);
    CHECK(a->mean_review, 4.75);
    CHECK(a->change.mean, 1.125);
    CHECK(a->change.sd, 1.356202681860538);
    CHECK_STATS(a->change.ci_lo, -0.008813816005733);
    CHECK_STATS(a->change.ci_hi, 2.258813816005733);
    CHECK(a->change.dz, 0.829522028710814);
    CHECK(a->change.pct_improved, 0.625);
    CHECK(a->change.pct_same, 0.25);
    CHECK(a->change.pct_worse, 0.125);
    CHECK_STATS(a->change.wilcoxon_p, 0.070749867076378);
    results_free(&r);
}

/* conflict, better: lower, d = baseline - review:
 *   F001 8>6 +2, F002 7>7 0, F003 6>7 -1, F004 9>5 +4, F005 5>5 0;
 *   F006 .>3 (no baseline: counts nowhere), F007 4>. (review missing).
 *   n = 5, n_missing_review = 1.
 *   mean baseline = (8+7+6+9+5)/5 = 7, mean review = (6+7+7+5+5)/5 = 6,
 *   mean d = (2+0-1+4+0)/5 = 1 (= 7 - 6: lower is better)
 *   deviations 1 -1 -2 3 -1, squares 1+1+4+9+1 = 16, sd = sqrt(16/4) = 2
 *   t(0.975, 4) = 2.776445105197793 (mpmath); half = 2.776445105197793 x 2
 *   / sqrt 5 = 2.776445105197793 x 0.894427190999916 = 2.483327996407528;
 *   CI = [-1.483327996407528, 3.483327996407528]; dz = 1/2 = 0.5
 *   improved 2/5 = 0.4, same 2/5 = 0.4, worse 1/5 = 0.2
 *   Wilcoxon: nonzero 2 -1 4, ranks 2 1 3: W+ = 5, W- = 1; mean 3x4/4 = 3;
 *   var 3x4x7/24 = 3.5 (no ties); z = (1 - 3 + 0.5)/sqrt 3.5
 *   = -1.5/1.870828693386971 = -0.801783725737273; p = 0.422678074170635
 *   (SciPy, as above, on [2,0,-1,4,0]: 0.4226780741706355). */
static void test_distance_lower_is_better(void)
{
    results r;
    evaluate(mm, "conflict.csv", measures_csv, 0, &r);
    const res_area *a = area_of(&r, "conflict");
    CU_ASSERT_EQUAL(a->n, 5);
    CU_ASSERT_EQUAL(a->n_missing_review, 1);
    CHECK(a->mean_baseline, 7);
    CHECK(a->mean_review, 6);
    CHECK(a->change.mean, 1);
    CHECK(a->change.sd, 2);
    CHECK_STATS(a->change.ci_lo, -1.483327996407528);
    CHECK_STATS(a->change.ci_hi, 3.483327996407528);
    CHECK(a->change.dz, 0.5);
    CHECK(a->change.pct_improved, 0.4);
    CHECK(a->change.pct_same, 0.4);
    CHECK(a->change.pct_worse, 0.2);
    CHECK_STATS(a->change.wilcoxon_p, 0.422678074170635);
    results_free(&r);
}

/* The edge rules of docs/manual/methods.md.
 * single: one pair, F001 4>6, d = +2 (F002 4>. missing review): n = 1 < 2,
 *   so sd, CI and dz are n/a; mean 2; improved 1/1.  Wilcoxon over one
 *   nonzero difference: W+ = 1, W- = 0, mean 0.5, var 1x2x3/24 = 0.25;
 *   z = (0 - 0.5 + 0.5)/0.5 = 0, p = 1 (SciPy also gives 1.0).
 * flat: F001 2>3, F002 5>6, F003 3>4, every d = +1: n = 3, mean 1, sd 0:
 *   dz n/a and CI [1, 1]; improved 1.  Wilcoxon: three tied |d| share rank
 *   2; W+ = 6, W- = 0; mean 3; var = 3x4x7/24 - (27 - 3)/48 = 3.5 - 0.5 = 3;
 *   z = (0 - 3 + 0.5)/sqrt 3 = -1.443375672974065, p = 0.148914673178766
 *   (SciPy on [1,1,1]: 0.14891467317876572).
 * still: F001 5>5, F002 3>3, every d = 0: n = 2, mean 0, sd 0, CI [0, 0],
 *   dz n/a, same 1; every difference zero: Wilcoxon n/a. */
static void test_distance_edges(void)
{
    results r;
    evaluate(mm, "edges.csv", measures_csv, 0, &r);
    const res_area *a = area_of(&r, "single");
    CU_ASSERT_EQUAL(a->n, 1);
    CU_ASSERT_EQUAL(a->n_missing_review, 1);
    CHECK(a->mean_baseline, 4);
    CHECK(a->mean_review, 6);
    CHECK(a->change.mean, 2);
    CHECK_NAN(a->change.sd);
    CHECK_NAN(a->change.ci_lo);
    CHECK_NAN(a->change.ci_hi);
    CHECK_NAN(a->change.dz);
    CHECK(a->change.pct_improved, 1);
    CHECK(a->change.pct_same, 0);
    CHECK_STATS(a->change.wilcoxon_p, 1);

    a = area_of(&r, "flat");
    CU_ASSERT_EQUAL(a->n, 3);
    CU_ASSERT_EQUAL(a->n_missing_review, 0);
    CHECK(a->mean_baseline, 10.0 / 3.0);
    CHECK(a->mean_review, 13.0 / 3.0);
    CHECK(a->change.mean, 1);
    CHECK(a->change.sd, 0);
    CHECK(a->change.ci_lo, 1);
    CHECK(a->change.ci_hi, 1);
    CHECK_NAN(a->change.dz);
    CHECK(a->change.pct_improved, 1);
    CHECK_STATS(a->change.wilcoxon_p, 0.148914673178766);

    a = area_of(&r, "still");
    CU_ASSERT_EQUAL(a->n, 2);
    CHECK(a->change.mean, 0);
    CHECK(a->change.sd, 0);
    CHECK(a->change.ci_lo, 0);
    CHECK(a->change.ci_hi, 0);
    CHECK_NAN(a->change.dz);
    CHECK(a->change.pct_same, 1);
    CHECK(a->change.pct_improved, 0);
    CHECK_NAN(a->change.wilcoxon_p);

    /* and in the summary: null for n/a */
    json_t *s = summary_build(&r);
    json_t *item =
        json_array_get(json_object_get(s, "distance_travelled"), area_index(mm, "still"));
    CU_ASSERT(json_is_null(json_object_get(item, "wilcoxon_p")));
    CU_ASSERT(json_is_null(json_object_get(item, "effect_size_dz")));
    CHECK(json_number_value(json_array_get(json_object_get(item, "ci95"), 0)), 0);
    item = json_array_get(json_object_get(s, "distance_travelled"), area_index(mm, "single"));
    CU_ASSERT(json_is_null(json_object_get(item, "sd_change")));
    CU_ASSERT(json_is_null(json_array_get(json_object_get(item, "ci95"), 1)));
    json_decref(s);
    results_free(&r);
}

/* ---- breakdowns and quarters ---- */

static const res_group *group_of(const res_breakdown *b, const char *label)
{
    for (size_t g = 0; g < b->n_groups; g++)
        if (strcmp(b->groups[g].label, label) == 0)
            return &b->groups[g];
    return NULL;
}

/* household, in the model's order of its values (couple, then lone_parent,
 * though the data meets lone_parent first), "(missing)" last:
 *   lone_parent F001 F003 F006 F008: 4; engaged (plan yes) F001 F006 = 2;
 *     debt_managed eligible F001 F003 F006 = 3, achieved F001 F006 = 2;
 *     in_work achieved F001 = 1
 *   couple F002 F005 F007 F009: 4; engaged F002 F007 = 2; debt eligible
 *     F002 F005 F009 = 3, achieved F002 = 1; nobody_achieved eligible 4
 *   (missing) F004 F010: 2; engaged 2; debt eligible F010 = 1, achieved 1
 * (2+2+2 = 6 engaged, 3+3+1 = 7 eligible, 2+1+1 = 4 achieved: the totals.)
 * route: school F001 F004 F005 F008 (4), housing F002 F006 F009 (3),
 *   (missing) F003 (1), self F007 F010 (2): "self" is first seen after the
 *   missing value, yet "(missing)" goes last; "nowhere" is never seen.
 * Labels: couple "Couple", lone_parent "Lone parent" (values as a mapping),
 * self "Self-referred" (a labels mapping), school none: "school". */
/* A group's rate and its 95% interval (Wilson) in the summary, as the
 * Breakdowns sheet shows them; z = 1.959963984540054, z^2 = 3.841458820694125,
 * with a achieved of n eligible:
 *   centre = (a + z^2/2) / (n + z^2), half = z sqrt(a(n - a)/n + z^2/4) / (n + z^2)
 * lone_parent, debt_managed: a = 2, n = 3, rate 2/3 = 0.666666666666667
 *   centre = (2 + 1.920729410347063) / (3 + 3.841458820694125)
 *          = 3.920729410347063 / 6.841458820694125 = 0.573083828040826
 *   half   = 1.959963984540054 x sqrt(2 x 1 / 3 + 0.960364705173531) / 6.841458820694125
 *          = 1.959963984540054 x sqrt(1.627031371840198) / 6.841458820694125
 *          = 1.959963984540054 x 1.275551399136937 / 6.841458820694125 = 0.365424227238778
 *   interval = [0.207659600802048, 0.938508055279604]
 * couple, nobody_achieved: a = 0, n = 4, rate 0: the low end is 0 and
 *   centre = half = (z^2/2) / (4 + z^2) = 1.920729410347063 / 7.841458820694125
 *   interval = [0, 2 x 0.244945418227299] = [0, 0.489890836454597]
 * lone_parent, nobody_achieved: n = 0: rate and interval not defined (null). */
static void group_rates(json_t *lone, json_t *couple)
{
    json_t *debt = json_object_get(json_object_get(lone, "outcomes"), "debt_managed");
    json_t *ci = json_object_get(debt, "rate_ci95");
    CU_ASSERT_DOUBLE_EQUAL(json_real_value(json_object_get(debt, "rate")), 2.0 / 3, 1e-12);
    CU_ASSERT_EQUAL_FATAL(json_array_size(ci), 2);
    CU_ASSERT_DOUBLE_EQUAL(json_real_value(json_array_get(ci, 0)), 0.207659600802048, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(json_real_value(json_array_get(ci, 1)), 0.938508055279604, 1e-12);
    json_t *none = json_object_get(json_object_get(couple, "outcomes"), "nobody_achieved");
    ci = json_object_get(none, "rate_ci95");
    CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_object_get(none, "rate")), 0, 1e-12);
    CU_ASSERT_EQUAL_FATAL(json_array_size(ci), 2);
    CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_array_get(ci, 0)), 0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(json_real_value(json_array_get(ci, 1)), 0.489890836454597, 1e-12);
    json_t *empty = json_object_get(json_object_get(lone, "outcomes"), "nobody_achieved");
    CU_ASSERT_TRUE(json_is_null(json_object_get(empty, "rate")));
    ci = json_object_get(empty, "rate_ci95");
    CU_ASSERT_EQUAL_FATAL(json_array_size(ci), 2);
    CU_ASSERT_TRUE(json_is_null(json_array_get(ci, 0)));
    CU_ASSERT_TRUE(json_is_null(json_array_get(ci, 1)));
}

static void test_breakdowns(void)
{
    results r;
    evaluate(mm, "breakdowns.csv", measures_csv, 0, &r);
    size_t engaged = output_index(mm, "engaged"), debt = outcome_index(mm, "debt_managed");
    size_t work = outcome_index(mm, "in_work"), couple = outcome_index(mm, "nobody_achieved");
    const res_breakdown *b = &r.breakdowns[0];
    CU_ASSERT_STRING_EQUAL(mm->breakdowns[0].name, "household");
    CU_ASSERT_EQUAL_FATAL(b->n_groups, 3);
    CU_ASSERT_STRING_EQUAL(b->groups[0].label, "couple");
    CU_ASSERT_STRING_EQUAL(b->groups[1].label, "lone_parent");
    CU_ASSERT_STRING_EQUAL(b->groups[2].label, "(missing)");
    const field *hf = &mm->fields[mm->breakdowns[0].field];
    CU_ASSERT_STRING_EQUAL(field_label_of(hf, "couple"), "Couple");
    CU_ASSERT_STRING_EQUAL(field_label_of(hf, "lone_parent"), "Lone parent");
    CU_ASSERT_STRING_EQUAL(field_label_of(hf, "(missing)"), "(missing)");
    const res_group *g = &b->groups[1];
    CU_ASSERT_EQUAL(g->participants, 4);
    CU_ASSERT_EQUAL(g->output_counts[engaged], 2);
    CU_ASSERT_EQUAL(g->eligible[debt], 3);
    CU_ASSERT_EQUAL(g->achieved[debt], 2);
    CU_ASSERT_EQUAL(g->achieved[work], 1);
    CU_ASSERT_EQUAL(g->eligible[couple], 0);
    g = &b->groups[0];
    CU_ASSERT_EQUAL(g->participants, 4);
    CU_ASSERT_EQUAL(g->output_counts[engaged], 2);
    CU_ASSERT_EQUAL(g->eligible[debt], 3);
    CU_ASSERT_EQUAL(g->achieved[debt], 1);
    CU_ASSERT_EQUAL(g->eligible[couple], 4);
    g = &b->groups[2];
    CU_ASSERT_EQUAL(g->participants, 2);
    CU_ASSERT_EQUAL(g->output_counts[engaged], 2);
    CU_ASSERT_EQUAL(g->eligible[debt], 1);
    CU_ASSERT_EQUAL(g->achieved[debt], 1);
    CU_ASSERT_EQUAL(g->achieved[work], 1);

    b = &r.breakdowns[1];
    CU_ASSERT_EQUAL_FATAL(b->n_groups, 4);
    CU_ASSERT_STRING_EQUAL(b->groups[0].label, "school");
    CU_ASSERT_STRING_EQUAL(b->groups[1].label, "housing");
    CU_ASSERT_STRING_EQUAL(b->groups[2].label, "self");
    CU_ASSERT_STRING_EQUAL(b->groups[3].label, "(missing)");
    CU_ASSERT_EQUAL(group_of(b, "school")->participants, 4);
    CU_ASSERT_EQUAL(group_of(b, "housing")->participants, 3);
    CU_ASSERT_EQUAL(group_of(b, "self")->participants, 2);
    CU_ASSERT_EQUAL(group_of(b, "(missing)")->participants, 1);
    CU_ASSERT_PTR_NULL(group_of(b, "nowhere"));

    const field *rf = &mm->fields[mm->breakdowns[1].field];
    CU_ASSERT_STRING_EQUAL(field_label_of(rf, "self"), "Self-referred");
    CU_ASSERT_STRING_EQUAL(field_label_of(rf, "school"), "school");

    /* the summary: the groups in the same order, keyed by value, each with
     * its label; breakdowns.household."(missing)" */
    json_t *s = summary_build(&r);
    json_t *hh = json_object_get(json_object_get(s, "breakdowns"), "household");
    static const char *const keys[] = {"couple", "lone_parent", "(missing)"};
    static const char *const labels[] = {"Couple", "Lone parent", "(missing)"};
    void *it = json_object_iter(hh);
    for (size_t k = 0; k < 3; k++, it = json_object_iter_next(hh, it)) {
        CU_ASSERT_FATAL(it != NULL);
        CU_ASSERT_STRING_EQUAL(json_object_iter_key(it), keys[k]);
        CU_ASSERT_STRING_EQUAL(
            json_string_value(json_object_get(json_object_iter_value(it), "label")), labels[k]);
    }
    CU_ASSERT_STRING_EQUAL(
        json_string_value(json_object_get(
            json_object_get(json_object_get(json_object_get(s, "breakdowns"), "route"), "self"),
            "label")),
        "Self-referred");
    json_t *miss = json_object_get(json_object_get(json_object_get(s, "breakdowns"), "household"),
                                   "(missing)");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(miss, "participants")), 2);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(
                        json_object_get(json_object_get(miss, "outputs"), "engaged"), "count")),
                    2);
    CU_ASSERT_EQUAL(
        json_integer_value(json_object_get(
            json_object_get(json_object_get(miss, "outcomes"), "debt_managed"), "achieved")),
        1);
    group_rates(json_object_get(hh, "lone_parent"), json_object_get(hh, "couple"));
    json_decref(s);

    /* A label jansson cannot take (not UTF-8; the reader rejects such text,
     * but a plugin's label could carry it) makes the summary fail as a
     * whole rather than lose that group's key. */
    char *label = b->groups[0].label;
    b->groups[0].label = (char *)"\xff";
    CU_ASSERT_PTR_NULL(summary_build(&r));
    b->groups[0].label = label;
    results_free(&r);
}

/* A breakdown keeps GROUPS_MAX values; rows with further values are
 * counted together as "(other)", so the groups still add up to N.
 * GROUPS_MAX + 3 rows, each with its own value: GROUPS_MAX groups of one,
 * then "(other)" with 3 rows. */
static void test_breakdown_cap(void)
{
    static const char yaml[] =
        "model: m\ntitle: T\npilot: generic\n"
        "inputs:\n  - { id: staff, kind: staff, cost: 100 }\n"
        "activities:\n  - { id: work, uses: [staff] }\n"
        "outputs:\n  - { id: seen, from: [work], count: all }\n"
        "outcomes:\n  - { id: done, horizon: short, from: [seen], achieved: id is present }\n"
        "data:\n  id: id\n  fields:\n    id: { type: text }\n    place: { type: text }\n"
        "breakdowns: [place]\n";
    model *m = model_from_text_ok(yaml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);

    size_t n = GROUPS_MAX + 3;
    char *csv = malloc(32 * (n + 1));
    CU_ASSERT_FATAL(csv != NULL);
    size_t len = (size_t)sprintf(csv, "id,place\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(csv + len, "c%zu,p%zu\n", i, i);
    results r;
    evaluate(m, "cap.csv", csv, 0, &r);
    free(csv);
    const res_breakdown *b = &r.breakdowns[0];
    CU_ASSERT_EQUAL_FATAL(b->n_groups, GROUPS_MAX + 1);
    CU_ASSERT_EQUAL(b->rows_in_other, 3);
    /* a text field's groups in byte order, whatever the rows' order:
     * p0, p1, p10, p100, p101, ... p999, then "(other)" */
    CU_ASSERT_STRING_EQUAL(b->groups[0].label, "p0");
    CU_ASSERT_STRING_EQUAL(b->groups[1].label, "p1");
    CU_ASSERT_STRING_EQUAL(b->groups[2].label, "p10");
    CU_ASSERT_STRING_EQUAL(b->groups[3].label, "p100");
    CU_ASSERT_STRING_EQUAL(b->groups[GROUPS_MAX - 1].label, "p999");
    CU_ASSERT_STRING_EQUAL(b->groups[GROUPS_MAX].label, "(other)");
    CU_ASSERT(group_of(b, "p0") && group_of(b, "p0")->participants == 1);
    CU_ASSERT_PTR_NULL(group_of(b, "p1000"));
    const res_group *other = group_of(b, "(other)");
    CU_ASSERT(other && other->participants == 3 && other->output_counts[0] == 3);
    json_t *s = summary_build(&r);
    json_t *o =
        json_object_get(json_object_get(json_object_get(s, "breakdowns"), "place"), "(other)");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(o, "participants")), 3);
    json_decref(s);
    results_free(&r);
    model_free(m);
}

/* A plugin's numeric derived field (set with set_number) has a number and
 * no text: its breakdown groups are named by the number, a date as
 * YYYY-MM-DD, as the column would be written in the data.  Rows, fed as a
 * plugin leaves them (str "", the number in num):
 *   band 10, when 2011-01-31; band 2, when 2010-04-01;  band 2.5, when missing;
 *   band 2, when 2010-04-01;  band missing, when 2011-01-31
 * band, by value (not as text, where "10" < "2"; not as first seen):
 * "2" 2, "2.5" 1, "10" 1, "(missing)" 1;  when, by date: "2010-04-01" 2,
 * "2011-01-31" 2, "(missing)" 1. */
static void test_breakdown_derived(void)
{
    static const char yaml[] =
        "model: m\ntitle: T\npilot: generic\n"
        "inputs:\n  - { id: staff, kind: staff, cost: 100 }\n"
        "activities:\n  - { id: work, uses: [staff] }\n"
        "outputs:\n  - { id: seen, from: [work], count: all }\n"
        "outcomes:\n  - { id: done, horizon: short, from: [seen], achieved: band > 2 }\n"
        "data:\n  id: id\n  fields:\n    id: { type: text }\n"
        "breakdowns: [band, when]\n";
    diag_list dl;
    model *m = model_from_text(yaml, &dl, false); /* resolved once the fields are added */
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    long band = model_add_field(m, "band", FIELD_INTEGER);
    long when = model_add_field(m, "when", FIELD_DATE);
    model_resolve(m, &dl);
    CU_ASSERT_EQUAL_FATAL(dl.n_errors, 0);
    diag_free(&dl);
    CU_ASSERT_FATAL(band >= 0 && when >= 0 && m->n_fields == 3);

    double apr = (double)field_days_from_civil(2010, 4, 1);
    double jan = (double)field_days_from_civil(2011, 1, 31);
    struct {
        double band, when; /* NAN = missing */
    } rows[] = {{10, jan}, {2, apr}, {2.5, NAN}, {2, apr}, {NAN, jan}};
    measures *ms = measures_new(m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ms);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        cell row[3] = {{.str = "x", .len = 1, .present = true}};
        row[band] = (cell){.str = "", .num = rows[i].band, .present = !isnan(rows[i].band)};
        row[when] = (cell){.str = "", .num = rows[i].when, .present = !isnan(rows[i].when)};
        measures_add_row(ms, row);
    }
    results r;
    memset(&r, 0, sizeof r);
    r.rows_read = r.rows_accepted = 5;
    CU_ASSERT_EQUAL(measures_finish(ms, &r), THRIVE_OK);
    measures_free(ms);

    const res_breakdown *b = &r.breakdowns[0];
    CU_ASSERT_EQUAL_FATAL(b->n_groups, 4);
    CU_ASSERT(group_of(b, "2") && group_of(b, "2")->participants == 2);
    CU_ASSERT(group_of(b, "2.5") && group_of(b, "2.5")->achieved[0] == 1);
    CU_ASSERT(group_of(b, "10") && group_of(b, "10")->achieved[0] == 1);
    CU_ASSERT(group_of(b, "(missing)") && group_of(b, "(missing)")->participants == 1);
    static const char *const bands[] = {"2", "2.5", "10", "(missing)"};
    for (size_t g = 0; g < 4; g++)
        CU_ASSERT_STRING_EQUAL(b->groups[g].label, bands[g]);
    b = &r.breakdowns[1];
    CU_ASSERT_EQUAL_FATAL(b->n_groups, 3);
    CU_ASSERT(group_of(b, "2010-04-01") && group_of(b, "2010-04-01")->participants == 2);
    CU_ASSERT(group_of(b, "2011-01-31") && group_of(b, "2011-01-31")->participants == 2);
    CU_ASSERT(group_of(b, "(missing)") && group_of(b, "(missing)")->participants == 1);
    static const char *const whens[] = {"2010-04-01", "2011-01-31", "(missing)"};
    for (size_t g = 0; g < 3; g++)
        CU_ASSERT_STRING_EQUAL(b->groups[g].label, whens[g]);
    results_free(&r);
    model_free(m);
}

/* UK financial-year quarters (Q1 = April-June) of referral_date:
 *   F001 2009-03-31 -> 2008-09 Q4 (March closes the year that began in April 2008)
 *   F002 2009-04-01 -> 2009-10 Q1, F010 2009-04-01 -> 2009-10 Q1
 *   F003 2009-12-31 -> 2009-10 Q3 (Oct-Dec), F004 the same
 *   F005 2010-01-15 -> 2009-10 Q4
 *   F006 2010-04-01 -> 2010-11 Q1, F008 2010-06-30 -> 2010-11 Q1
 *   F009 2010-07-01 -> 2010-11 Q2
 *   F007 no date    -> (missing), last
 * In time order: 1, 2, 2, 1, 2, 1, then 1 missing: 10 rows. */
static void test_quarters(void)
{
    static const struct {
        const char *label;
        long long n;
    } want[] = {{"2008-09 Q4", 1}, {"2009-10 Q1", 2}, {"2009-10 Q3", 2}, {"2009-10 Q4", 1},
                {"2010-11 Q1", 2}, {"2010-11 Q2", 1}, {"(missing)", 1}};
    results r;
    evaluate(mm, "quarters.csv", measures_csv, 0, &r);
    CU_ASSERT_EQUAL_FATAL(r.n_quarters, sizeof want / sizeof *want);
    for (size_t q = 0; q < r.n_quarters; q++) {
        CU_ASSERT_STRING_EQUAL(r.quarters[q].label, want[q].label);
        CU_ASSERT_EQUAL(r.quarters[q].participants, want[q].n);
    }
    /* 2009-10 Q1 is F002 and F010: both engaged, both eligible for and
     * achieving debt_managed. */
    size_t engaged = output_index(mm, "engaged"), debt = outcome_index(mm, "debt_managed");
    CU_ASSERT_EQUAL(r.quarters[1].output_counts[engaged], 2);
    CU_ASSERT_EQUAL(r.quarters[1].eligible[debt], 2);
    CU_ASSERT_EQUAL(r.quarters[1].achieved[debt], 2);
    results_free(&r);
}

/* ---- disclosure control ---- */

/* Quarters are not capped in number: one row in each of January, April,
 * July and October of the years 1 to 1300 is 5200 quarters (more than the
 * 4096 slots the label index starts with, which it once never outgrew,
 * probing for ever), each of one row, in time order: year 1's January
 * closes financial year 0 ("0-01 Q4"), then "1-02 Q1" .. Q3, and so on;
 * "999-00 Q4" (January 1000) comes before "1000-01 Q1"; last is October
 * 1300, "1300-01 Q3". */
static void test_quarters_many(void)
{
    measures *ms = measures_new(mm);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ms);
    cell *row = calloc(mm->n_fields, sizeof *row);
    CU_ASSERT_PTR_NOT_NULL_FATAL(row);
    for (size_t f = 0; f < mm->n_fields; f++)
        row[f] = (cell){.str = ""};
    alarm(60); /* a hang fails the test rather than the whole run */
    for (int y = 1; y <= 1300; y++)
        for (int mo = 1; mo <= 10; mo += 3) {
            row[mm->date_field] =
                (cell){.str = "", .num = (double)field_days_from_civil(y, mo, 1), .present = true};
            measures_add_row(ms, row);
        }
    alarm(0);
    free(row);
    results r;
    memset(&r, 0, sizeof r);
    r.rows_read = r.rows_accepted = 5200;
    CU_ASSERT_EQUAL(measures_finish(ms, &r), THRIVE_OK);
    measures_free(ms);
    CU_ASSERT_EQUAL_FATAL(r.n_quarters, 5200);
    CU_ASSERT_STRING_EQUAL(r.quarters[0].label, "0-01 Q4");
    CU_ASSERT_STRING_EQUAL(r.quarters[1].label, "1-02 Q1");
    CU_ASSERT_STRING_EQUAL(r.quarters[5200 - 1].label, "1300-01 Q3");
    bool ordered = true, ones = true;
    for (size_t q = 0; q < r.n_quarters; q++) {
        ones &= r.quarters[q].participants == 1;
        if (strcmp(r.quarters[q].label, "999-00 Q4") == 0)
            ordered &= q + 1 < r.n_quarters && strcmp(r.quarters[q + 1].label, "1000-01 Q1") == 0;
    }
    CU_ASSERT(ones);
    CU_ASSERT(ordered);
    results_free(&r);
}

/* --suppress 5 hides every count from 1 to 4; 0 and 5 or more are shown.
 *   participants 10: shown.  outputs: referred 10, engaged 6 shown;
 *   from_school 4 hidden; nowhere 0 shown.  debt_managed E 7 shown, A 4 hidden, so its rate too;
 *   in_work A 3 hidden; nobody_eligible 0/0 shown; nobody_achieved E 4
 *   hidden (rate hidden), A 0 shown.  areas: money n 8 shown, its missing
 *   review 1 hidden; conflict n 5 shown; single 1, flat 3, still 2 hidden. */
static void test_suppression_flags(void)
{
    results r;
    evaluate(mm, "suppress.csv", measures_csv, 5, &r);
    CU_ASSERT(!results_count_hidden(&r, 0));
    CU_ASSERT(results_count_hidden(&r, 1));
    CU_ASSERT(results_count_hidden(&r, 4));
    CU_ASSERT(!results_count_hidden(&r, 5));
    CU_ASSERT(!r.participants_suppressed);
    CU_ASSERT(!output_of(&r, "referred")->count_suppressed);
    CU_ASSERT(!output_of(&r, "engaged")->count_suppressed);
    CU_ASSERT(output_of(&r, "from_school")->count_suppressed);
    CU_ASSERT(!output_of(&r, "nowhere")->count_suppressed);
    const res_outcome *o = outcome_of(&r, "debt_managed");
    CU_ASSERT(!o->eligible_suppressed);
    CU_ASSERT(o->achieved_suppressed);
    o = outcome_of(&r, "in_work");
    CU_ASSERT(o->achieved_suppressed);
    o = outcome_of(&r, "nobody_eligible");
    CU_ASSERT(!o->eligible_suppressed);
    CU_ASSERT(!o->achieved_suppressed);
    o = outcome_of(&r, "nobody_achieved");
    CU_ASSERT(o->eligible_suppressed);
    CU_ASSERT(!o->achieved_suppressed);
    CU_ASSERT(!area_of(&r, "money")->n_suppressed);
    CU_ASSERT(area_of(&r, "money")->missing_suppressed);
    CU_ASSERT(!area_of(&r, "money")->n_suppressed);
    CU_ASSERT(!area_of(&r, "conflict")->n_suppressed);
    CU_ASSERT(area_of(&r, "single")->n_suppressed);
    CU_ASSERT(area_of(&r, "flat")->n_suppressed);
    CU_ASSERT(area_of(&r, "still")->n_suppressed);
    /* without --suppress nothing is hidden */
    results r0;
    evaluate(mm, "suppress0.csv", measures_csv, 0, &r0);
    CU_ASSERT(!results_count_hidden(&r0, 1));
    CU_ASSERT(!outcome_of(&r0, "debt_managed")->achieved_suppressed);
    CU_ASSERT(!area_of(&r0, "single")->n_suppressed);
    results_free(&r0);
    results_free(&r);
}

/* Each figure read by its name (figures.h) is the field it names, and is
 * hidden by its rule.  Under --suppress 5 (see above): debt_managed E 7
 * shown, A 4 hidden, and it has a value, so its rate, net, costs and
 * present value are hidden and so are the value-for-money totals;
 * in_work (A 3 hidden) has no value: its present value is n/a, not [c];
 * nobody_achieved E 4 hidden: its rate, but not its net (A = 0). */
static void test_figures_by_name(void)
{
    results r;
    evaluate(mm, "figures.csv", measures_csv, 5, &r);
    size_t debt = outcome_index(mm, "debt_managed"), work = outcome_index(mm, "in_work");
    size_t nobody = outcome_index(mm, "nobody_achieved");
    const res_outcome *o = &r.outcomes[debt];
    CU_ASSERT_EQUAL(results_figure(&r, FIG_ELIGIBLE, debt), 7);
    CU_ASSERT_EQUAL(results_figure(&r, FIG_ACHIEVED, debt), 4);
    CU_ASSERT_EQUAL(results_figure(&r, FIG_RATE, debt), o->rate);
    CU_ASSERT_EQUAL(results_figure(&r, FIG_COST_PER_NET_OUTCOME, debt), o->cost_per_net_outcome);
    CU_ASSERT_EQUAL(results_figure(&r, FIG_PRESENT_VALUE, debt), o->present_value);
    CHECK_NAN(results_figure(&r, FIG_RATE_CI95, debt)); /* an interval: two values */
    double lo, hi;
    results_interval(&r, FIG_RATE_CI95, debt, &lo, &hi);
    CU_ASSERT(lo == o->ci_lo && hi == o->ci_hi);
    CU_ASSERT(!results_hidden(&r, FIG_ELIGIBLE, debt));
    static const fig_id built_on_a[] = {FIG_ACHIEVED,
                                        FIG_RATE,
                                        FIG_RATE_CI95,
                                        FIG_OUTCOME_PCT_OF_TARGET,
                                        FIG_NET,
                                        FIG_COST_PER_OUTCOME,
                                        FIG_COST_PER_NET_OUTCOME,
                                        FIG_PRESENT_VALUE};
    for (size_t k = 0; k < sizeof built_on_a / sizeof *built_on_a; k++)
        CU_ASSERT(results_hidden(&r, built_on_a[k], debt));
    CU_ASSERT(results_hidden(&r, FIG_NET, work));
    CU_ASSERT(!results_hidden(&r, FIG_PRESENT_VALUE, work));
    CU_ASSERT(results_hidden(&r, FIG_RATE, nobody));
    CU_ASSERT(!results_hidden(&r, FIG_NET, nobody));
    CU_ASSERT(r.value_suppressed);
    CU_ASSERT(results_hidden(&r, FIG_NPV, 0) && results_hidden(&r, FIG_SROI_RATIO, 0));
    CU_ASSERT(!results_hidden(&r, FIG_COST_TOTAL, 0));
    CU_ASSERT_EQUAL(results_figure(&r, FIG_PARTICIPANTS, 0), 10);
    CU_ASSERT_EQUAL(results_figure(&r, FIG_COST_TOTAL, 0), r.cost_total);
    /* areas: money n 8 shown, its one missing review hidden; single n 1 */
    size_t money = 0, single = 0;
    for (size_t i = 0; i < mm->n_areas; i++) {
        money = strcmp(mm->areas[i].id, "money") == 0 ? i : money;
        single = strcmp(mm->areas[i].id, "single") == 0 ? i : single;
    }
    CU_ASSERT_EQUAL(results_figure(&r, FIG_N, money), 8);
    CU_ASSERT_EQUAL(results_figure(&r, FIG_MEAN_CHANGE, money), r.areas[money].change.mean);
    CU_ASSERT(!results_hidden(&r, FIG_MEAN_CHANGE, money));
    CU_ASSERT(results_hidden(&r, FIG_N_MISSING_REVIEW, money));
    CU_ASSERT(r.areas[money].suppressed);
    CU_ASSERT(results_hidden(&r, FIG_WILCOXON_P, single));
    results_free(&r);
}

/* The table of figures itself: every figure has a key and a heading, and
 * the keys of one output, outcome or area (one JSON object) differ. */
static void test_figure_table(void)
{
    for (int f = 0; f < FIG_IDS; f++) {
        CU_ASSERT(figures[f].key && *figures[f].key);
        CU_ASSERT(figures[f].label && *figures[f].label);
        CU_ASSERT(figures[f].format > FMT_TEXT && figures[f].format < FMT_KINDS);
        for (int g = 0; g < f; g++)
            if (figures[g].owner == figures[f].owner && strcmp(figures[g].key, figures[f].key) == 0)
                fprintf(stderr, "# key '%s' twice\n", figures[f].key);
        for (int g = 0; g < f; g++)
            CU_ASSERT(figures[g].owner != figures[f].owner ||
                      strcmp(figures[g].key, figures[f].key) != 0);
    }
    CU_ASSERT_STRING_EQUAL(figures[FIG_COST_PER_NET_OUTCOME].key, "cost_per_net_outcome");
    CU_ASSERT_STRING_EQUAL(figures[FIG_COST_PER_NET_OUTCOME].label, "Cost per net outcome");
    CU_ASSERT(figures[FIG_RATE_CI95].interval && figures[FIG_CI95].interval);
    /* the status of a % of target: on from 100%, near from 80% */
    CU_ASSERT_EQUAL(fig_status_of(1.0), STATUS_ON);
    CU_ASSERT_EQUAL(fig_status_of(0.9999), STATUS_NEAR);
    CU_ASSERT_EQUAL(fig_status_of(0.8), STATUS_NEAR);
    CU_ASSERT_EQUAL(fig_status_of(0.7999), STATUS_BELOW);
    CU_ASSERT_EQUAL(fig_status_of(NAN), STATUS_NONE);
    CU_ASSERT_STRING_EQUAL(fig_status_name(STATUS_NONE), "");
}

/* Group rates, hidden counts and sort keys (the groups of test_breakdowns):
 *   household lone_parent: debt_managed 2 of 3 eligible; nobody_achieved
 *     0 of 0: n/a.  couple: debt 1/3; nobody_achieved 0/4 = 0.
 *     (missing): debt 1/1.
 * Under --suppress 5 every count from 1 to 4 is hidden, with the rates
 * built on it: lone_parent's 4 participants, 2 engaged, 3 and 2 for debt;
 * its 0 and 0 for nobody_achieved are shown, and that rate is n/a, not
 * hidden.  Under --suppress 3, couple's debt rate 1/3 is hidden by its
 * achieved count alone.  Quarters are keyed by year x 4 + quarter - 1: 2009-10 Q1 is
 * 8036; "(missing)" last. */
static void test_group_figures(void)
{
    results r, r0, r3;
    evaluate(mm, "groups.csv", measures_csv, 5, &r);
    evaluate(mm, "groups0.csv", measures_csv, 0, &r0);
    evaluate(mm, "groups3.csv", measures_csv, 3, &r3);
    size_t engaged = output_index(mm, "engaged"), debt = outcome_index(mm, "debt_managed");
    size_t nobody = outcome_index(mm, "nobody_achieved");
    const res_breakdown *b = &r.breakdowns[0];
    const res_group *lone = group_of(b, "lone_parent"), *couple = group_of(b, "couple");
    const res_group *missing = group_of(b, "(missing)");
    CU_ASSERT_PTR_NOT_NULL_FATAL(lone && couple && missing ? lone : NULL);
    CHECK(results_group_figure(lone, FIG_RATE, debt), 2.0 / 3.0);
    CHECK_NAN(results_group_figure(lone, FIG_RATE, nobody));
    CHECK(results_group_figure(couple, FIG_RATE, debt), 1.0 / 3.0);
    CHECK(results_group_figure(couple, FIG_RATE, nobody), 0);
    CHECK(results_group_figure(missing, FIG_RATE, debt), 1);
    CU_ASSERT(results_group_hidden(lone, FIG_PARTICIPANTS, 0));
    CU_ASSERT(results_group_hidden(lone, FIG_OUTPUT_COUNT, engaged));
    CU_ASSERT(results_group_hidden(lone, FIG_ELIGIBLE, debt));
    CU_ASSERT(results_group_hidden(lone, FIG_ACHIEVED, debt));
    CU_ASSERT(results_group_hidden(lone, FIG_RATE, debt));
    CU_ASSERT(!results_group_hidden(lone, FIG_ELIGIBLE, nobody));
    CU_ASSERT(!results_group_hidden(lone, FIG_RATE, nobody));
    CU_ASSERT(lone->suppressed);
    CU_ASSERT(!group_of(&r0.breakdowns[0], "lone_parent")->suppressed);
    CU_ASSERT(!results_group_hidden(group_of(&r0.breakdowns[0], "lone_parent"), FIG_RATE, debt));
    const res_group *couple3 = group_of(&r3.breakdowns[0], "couple");
    const res_group *lone3 = group_of(&r3.breakdowns[0], "lone_parent");
    CU_ASSERT(results_group_hidden(couple3, FIG_ACHIEVED, debt));
    CU_ASSERT(results_group_hidden(couple3, FIG_RATE, debt));
    /* debt eligible: (missing) 1 is hidden, so one more (secondary
     * suppression): of the two 3s, the first listed, couple's; lone
     * parents' 3 stays shown */
    CU_ASSERT(results_group_hidden(couple3, FIG_ELIGIBLE, debt));
    CU_ASSERT(!results_group_hidden(lone3, FIG_ELIGIBLE, debt));
    /* an enum's groups are keyed by the value's place in the model */
    CU_ASSERT_EQUAL(couple->sort_key, 0);
    CU_ASSERT_EQUAL(lone->sort_key, 1);
    CU_ASSERT(missing->sort_key > lone->sort_key);
    CU_ASSERT_EQUAL_FATAL(r.n_quarters, 7);
    CU_ASSERT_STRING_EQUAL(r.quarters[0].label, "2008-09 Q4");
    CU_ASSERT_EQUAL(r.quarters[0].sort_key, 2008 * 4 + 3);
    CU_ASSERT_STRING_EQUAL(r.quarters[1].label, "2009-10 Q1");
    CU_ASSERT_EQUAL(r.quarters[1].sort_key, 8036);
    for (size_t q = 1; q < r.n_quarters; q++)
        CU_ASSERT(r.quarters[q].sort_key > r.quarters[q - 1].sort_key);
    CU_ASSERT_STRING_EQUAL(r.quarters[r.n_quarters - 1].label, "(missing)");
    results_free(&r3);
    results_free(&r0);
    results_free(&r);
}

/* The rows listed on Data quality: the faults of one row come together,
 * each row is counted once (lines 5, 5, 9, 12, 12, 12: three rows), and a
 * reason given twice is kept once. */
static void test_rejections_listed(void)
{
    results r;
    memset(&r, 0, sizeof r);
    static const long long lines[] = {5, 5, 9, 12, 12, 12};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
        CU_ASSERT_EQUAL(results_reject(&r, lines[i], NULL, i % 2 ? "odd" : "even"), THRIVE_OK);
    CU_ASSERT_EQUAL(r.n_rejections, 6);
    CU_ASSERT_EQUAL(r.rows_listed, 3);
    CU_ASSERT_EQUAL(r.n_reasons, 2);
    CU_ASSERT_PTR_EQUAL(r.rejections[0].reason, r.rejections[2].reason);
    results_free(&r);
}

/* A plugin's measures and table cells, hidden by results_disclose under
 * --suppress 5: a count of 4, a ratio over it, a mean built on 3 rows;
 * not a count of 0 or 5.  In the table, the count 2 and the rate built
 * on it; then, 2 being the only count hidden in its column, the next
 * smallest, 7, and its rate (secondary suppression: 18 - 9 - 7 would give
 * the 2 away); not 9 or its rate.  Deciding twice gives the same. */
static void test_disclose_plugin(void)
{
    results r;
    memset(&r, 0, sizeof r);
    r.suppress = 5;
    res_measure ms[] = {
        {.id = "four", .value = 4, .format = FMT_COUNT},
        {.id = "zero", .value = 0, .format = FMT_COUNT},
        {.id = "five", .value = 5, .format = FMT_COUNT},
        {.id = "per_four",
         .value = 250,
         .format = FMT_CURRENCY,
         .is_ratio = true,
         .den = 0,
         .num = MEASURE_COST},
        {.id = "per_five",
         .value = 200,
         .format = FMT_CURRENCY,
         .is_ratio = true,
         .den = 2,
         .num = MEASURE_COST},
        {.id = "mean", .value = 2.5, .format = FMT_NUMBER, .has_basis = true, .basis = 3},
    };
    r.measures = ms;
    r.n_measures = sizeof ms / sizeof *ms;
    fig_format formats[] = {FMT_TEXT, FMT_COUNT, FMT_PERCENT};
    size_t basis[] = {0, 0, 1};
    double values[] = {2, 0.5, 7, 0.25, 9, 0.1};
    res_table t = {
        .n_cols = 3, .formats = formats, .n_rows = 3, .values = values, .basis_cols = basis};
    r.tables = &t;
    r.n_tables = 1;
    for (int pass = 0; pass < 2; pass++) {
        CU_ASSERT_EQUAL(results_disclose(&r), THRIVE_OK);
        CU_ASSERT(ms[0].hidden && !ms[1].hidden && !ms[2].hidden);
        CU_ASSERT(ms[3].hidden && !ms[4].hidden && ms[5].hidden);
        CU_ASSERT(results_table_hidden(&t, 0, 1) && results_table_hidden(&t, 0, 2));
        CU_ASSERT(results_table_hidden(&t, 1, 1) && results_table_hidden(&t, 1, 2));
        CU_ASSERT(!results_table_hidden(&t, 2, 1) && !results_table_hidden(&t, 2, 2));
    }
    free(t.hidden);
}

static json_t *item_of(json_t *list, size_t i)
{
    json_t *item = json_array_get(list, i);
    CU_ASSERT_PTR_NOT_NULL_FATAL(item);
    return item;
}

/* The same in the summary: a hidden figure is null and its item says
 * "suppressed": true; 0 is shown as 0; figures built on 5 or more are
 * shown as computed. */
static void test_suppression_summary(void)
{
    results r;
    evaluate(mm, "suppress-json.csv", measures_csv, 5, &r);
    json_t *s = summary_build(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(s, "participants")), 10);

    json_t *outs = json_object_get(s, "outputs");
    json_t *it = item_of(outs, output_index(mm, "nowhere"));
    CU_ASSERT(json_is_integer(json_object_get(it, "count")));
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(it, "count")), 0);
    CU_ASSERT_PTR_NULL(json_object_get(it, "suppressed"));
    it = item_of(outs, output_index(mm, "engaged"));
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(it, "count")), 6);
    CHECK(json_number_value(json_object_get(it, "cost_per_output")), 20000);
    CU_ASSERT_PTR_NULL(json_object_get(it, "suppressed"));
    it = item_of(outs, output_index(mm, "from_school"));
    CU_ASSERT(json_is_null(json_object_get(it, "count")));
    CU_ASSERT(json_is_null(json_object_get(it, "pct_of_target")));
    CU_ASSERT(json_is_null(json_object_get(it, "cost_per_output")));
    CU_ASSERT(json_is_true(json_object_get(it, "suppressed")));
    CHECK(json_number_value(json_object_get(it, "target")), 2); /* not a count */

    json_t *outc = json_object_get(s, "outcomes");
    it = item_of(outc, outcome_index(mm, "debt_managed"));
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(it, "eligible")), 7);
    CU_ASSERT(json_is_null(json_object_get(it, "achieved")));
    CU_ASSERT(json_is_null(json_object_get(it, "rate")));
    CU_ASSERT(json_is_null(json_array_get(json_object_get(it, "rate_ci95"), 0)));
    CU_ASSERT(json_is_null(json_array_get(json_object_get(it, "rate_ci95"), 1)));
    CU_ASSERT(json_is_null(json_object_get(it, "net")));
    CU_ASSERT(json_is_null(json_object_get(it, "cost_per_outcome")));
    CU_ASSERT(json_is_null(json_object_get(it, "present_value")));
    CU_ASSERT(json_is_true(json_object_get(it, "suppressed")));
    it = item_of(outc, outcome_index(mm, "nobody_eligible"));
    CU_ASSERT(json_is_integer(json_object_get(it, "eligible")));
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(it, "achieved")), 0);
    CU_ASSERT(json_is_integer(json_object_get(it, "achieved")));
    CU_ASSERT_PTR_NULL(json_object_get(it, "suppressed"));
    it = item_of(outc, outcome_index(mm, "nobody_achieved"));
    CU_ASSERT(json_is_null(json_object_get(it, "eligible")));
    CU_ASSERT(json_is_integer(json_object_get(it, "achieved")));
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(it, "achieved")), 0);
    CU_ASSERT(json_is_null(json_object_get(it, "rate")));
    CU_ASSERT(json_is_true(json_object_get(it, "suppressed")));

    json_t *areas = json_object_get(s, "distance_travelled");
    it = item_of(areas, area_index(mm, "money"));
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(it, "n")), 8);
    CU_ASSERT(json_is_null(json_object_get(it, "n_missing_review")));
    CHECK(json_number_value(json_object_get(it, "mean_change")), 1.125);
    it = item_of(areas, area_index(mm, "flat"));
    CU_ASSERT(json_is_null(json_object_get(it, "n")));
    CU_ASSERT(json_is_null(json_object_get(it, "mean_change")));
    CU_ASSERT(json_is_null(json_object_get(it, "mean_baseline")));
    CU_ASSERT(json_is_null(json_object_get(it, "pct_improved")));
    CU_ASSERT(json_is_null(json_object_get(it, "wilcoxon_p")));
    CU_ASSERT(json_is_true(json_object_get(it, "suppressed")));

    /* breakdowns: household couple has 4 participants: hidden; its
     * nobody_eligible counts are 0: shown. */
    json_t *couple =
        json_object_get(json_object_get(json_object_get(s, "breakdowns"), "household"), "couple");
    CU_ASSERT(json_is_null(json_object_get(couple, "participants")));
    CU_ASSERT(json_is_true(json_object_get(couple, "suppressed")));
    json_t *ne = json_object_get(json_object_get(couple, "outcomes"), "nobody_eligible");
    CU_ASSERT(json_is_integer(json_object_get(ne, "eligible")));
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(ne, "eligible")), 0);
    json_decref(s);
    results_free(&r);
}

/* Figures outside an item hidden under --suppress: the costs (cost per
 * participant, when the participants are hidden) and value for money
 * (when a valued outcome's achieved count is hidden) say "suppressed".
 *   --suppress 5: participants 10 shown, so costs carry no flag;
 *     debt_managed (valued) has 4 achieved: hidden, so value for money is.
 *   --suppress 11: participants 10 hidden: per_participant null, flagged.
 *   no --suppress: neither object is flagged. */
static void test_suppression_summary_totals(void)
{
    static const struct {
        long suppress;
        bool costs_hidden, value_hidden;
    } cases[] = {{5, false, true}, {11, true, true}, {0, false, false}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        results r;
        evaluate(mm, "suppress-totals.csv", measures_csv, cases[i].suppress, &r);
        json_t *s = summary_build(&r);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        json_t *costs = json_object_get(s, "costs"), *vfm = json_object_get(s, "value_for_money");
        CU_ASSERT_EQUAL(json_is_null(json_object_get(costs, "per_participant")),
                        cases[i].costs_hidden);
        CU_ASSERT_EQUAL(json_is_true(json_object_get(costs, "suppressed")), cases[i].costs_hidden);
        CU_ASSERT_EQUAL(json_is_null(json_object_get(vfm, "present_value")), cases[i].value_hidden);
        CU_ASSERT_EQUAL(json_is_null(json_object_get(vfm, "npv")), cases[i].value_hidden);
        CU_ASSERT_EQUAL(json_is_true(json_object_get(vfm, "suppressed")), cases[i].value_hidden);
        /* the rows read and accepted count the participants: hidden with
         * them; the 0 rejected rows are listed anyway and stay shown */
        json_t *data = json_object_get(s, "data");
        CU_ASSERT_EQUAL(json_is_null(json_object_get(data, "rows_read")), cases[i].costs_hidden);
        CU_ASSERT_EQUAL(json_is_null(json_object_get(data, "rows_accepted")),
                        cases[i].costs_hidden);
        CU_ASSERT_EQUAL(json_is_true(json_object_get(data, "suppressed")), cases[i].costs_hidden);
        CU_ASSERT(json_is_integer(json_object_get(data, "rows_rejected")));
        if (!cases[i].costs_hidden)
            CU_ASSERT_EQUAL(json_integer_value(json_object_get(data, "rows_accepted")), 10);
        json_decref(s);
        results_free(&r);
    }
}

/* ---- setup ---- */

int main(void)
{
    mm = testlib_model("engine-measures.yaml");
    me = testlib_model("engine-expr.yaml");

    static const CU_TestInfo tests[] = {
        {"costs: both forms, years default 1, kinds present, optimism bias", test_costs},
        {"outputs: all, an expression, nobody; % of target; cost per output", test_outputs},
        {"each kind of expression", test_expressions},
        {"an outcome worked through: rate, Wilson, net, costs, present value", test_outcome_worked},
        {"outcomes with nothing achieved; an empty eligible set", test_outcome_none_achieved},
        {"value for money: PV total, NPV, SROI", test_value_for_money},
        {"no rows at all", test_no_rows},
        {"distance travelled: ties and zero differences", test_distance_ties_and_zeros},
        {"distance travelled: better is lower", test_distance_lower_is_better},
        {"distance travelled: n < 2, sd = 0, all zero", test_distance_edges},
        {"breakdowns with a (missing) group", test_breakdowns},
        {"breakdowns by a plugin's numeric and date derived fields", test_breakdown_derived},
        {"breakdown values past the cap are counted as (other)", test_breakdown_cap},
        {"UK financial-year quarters", test_quarters},
        {"quarters beyond the label index's first size, in time order", test_quarters_many},
        {"suppression: what is hidden", test_suppression_flags},
        {"figures by name: the field they name, hidden by their rule", test_figures_by_name},
        {"the table of figures: keys, headings, status of a % of target", test_figure_table},
        {"groups: rates, hidden counts and rates, sort keys", test_group_figures},
        {"rejections: rows listed once, reasons kept once", test_rejections_listed},
        {"a plugin's measures and cells hidden under --suppress", test_disclose_plugin},
        {"suppression in the summary: null, suppressed, 0 shown", test_suppression_summary},
        {"suppression in the summary: costs and value for money say so",
         test_suppression_summary_totals},
        CU_TEST_INFO_NULL,
    };
    cunit_tap_add("measures", tests);
    int status = cunit_tap_run();
    model_free(mm);
    model_free(me);
    return status;
}
