/* test_vfm.c - value for money in depth (docs/manual/methods.md), worked
 * by hand for a model of two outcomes.
 *
 * The expected values come from the working below and from the small
 * independent appraisal in this file (indep_npv: plain loops over the
 * years, written from the manual's definitions, sharing no code with
 * vfm.c).  Decimals were checked with python3 as a calculator.
 *
 * The model (TWO below): C = 10000 + 2000 = 12000; optimism bias 0.2:
 * C' = 14400.  keep = (1 - 0.2)(1 - 0)(1 - 0.5) = 0.4; r = 0.1, so the
 * year divisors are 1.1, 1.21, 1.331.
 *
 *   job     E = 10, A = 5: net = 2.  Value 3000 (dwp) + 1000 (hmrc) fiscal
 *           + 1000 social = 5000 a year, 3 years, drop-off 0.5:
 *           sum of (0.5)^(t-1) / 1.1^t = 1.21/1.331 + 0.55/1.331 + 0.25/1.331
 *           = 2.01/1.331; PV = 2 x 5000 x 2.01/1.331 = 20100/1.331
 *           = 15101.42749...; dwp 12060/1.331, hmrc 4020/1.331, social
 *           4020/1.331.
 *   housed  E = 4, A = 2: net = 0.8.  Value 2000 (a plain number), 2
 *           years, no drop-off: PV = 0.8 x 2000 x (1/1.1 + 1/1.21)
 *           = 1600 x 2.1/1.21 = 3360/1.21 = 2776.85950...
 *   PV = 17878.28699...; NPV = PV - 14400 = 3478.28699...;
 *   SROI = BCR = PV / 14400 = 1.241547708...
 *   by type: fiscal 16080/1.331, economic 0, social 4020/1.331 (housed's
 *   plain value is in no type); by agency: dwp 12060/1.331, hmrc 4020/1.331;
 *   fiscal ROI = (16080/1.331) / 14400 = 0.83900...
 *   payback: B1 = (2 x 5000 + 0.8 x 2000) / 1.1 = 11600/1.1 = 10545.45 <
 *   14400; B2 = (2 x 5000 x 0.5 + 1600) / 1.21 = 6600/1.21 = 5454.55, the
 *   sum 16000 >= 14400: year 2.
 *
 * Switching values (NPV = 0):
 *   deadweight  PV is proportional to (1 - dw): (1 - dw) = 0.8 x 14400 / PV,
 *               dw = 1 - 11520 / PV = 0.355640...
 *   optimism    12000 (1 + ob) = PV: ob = PV / 12000 - 1 = 0.489857...
 *   job value   k x 20100/1.331 + 3360/1.21 = 14400:
 *   (multiplier) k = (14400 - 3360/1.21) / (20100/1.331) = 0.769658...; the
 *               achieved multiplier is the same number (net is linear in A)
 *   staff cost  1.2 (2000 + 10000 k) = PV: k = (PV/1.2 - 2000)/10000 = 1.289857...
 *   job drop-off  with u = 1 - d: 10000 (1/1.1 + u/1.21 + u^2/1.331) =
 *               14400 - 3360/1.21, a quadratic in u solved below.
 *   discount rate  no closed form: checked by NPV = 0 at it (indep_npv).
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
#include "vfm.h"

#define TWO_HEAD                                                                                   \
    "model: vfm-two\n"                                                                             \
    "title: Two outcomes worked by hand\n"                                                         \
    "pilot: generic\n"                                                                             \
    "inputs:\n"                                                                                    \
    "  - { id: staff, kind: staff, cost: 10000 }\n"                                                \
    "  - { id: fund, kind: funding, cost: 2000 }\n"                                                \
    "activities:\n"                                                                                \
    "  - { id: work, uses: [staff, fund] }\n"                                                      \
    "outputs:\n"                                                                                   \
    "  - { id: seen, from: [work], count: all }\n"                                                 \
    "outcomes:\n"                                                                                  \
    "  - id: job\n"                                                                                \
    "    horizon: short\n"                                                                         \
    "    from: [seen]\n"                                                                           \
    "    achieved: job == \"yes\"\n"                                                               \
    "    value: { fiscal: { dwp: 3000, hmrc: 1000 }, social: 1000 }\n"                             \
    "    duration: 3\n"                                                                            \
    "    drop_off: 0.5\n"                                                                          \
    "  - id: housed\n"                                                                             \
    "    horizon: short\n"                                                                         \
    "    from: [seen]\n"                                                                           \
    "    eligible: at_risk == \"yes\"\n"                                                           \
    "    achieved: housed == \"yes\"\n"                                                            \
    "    value: 2000\n"                                                                            \
    "    duration: 2\n"                                                                            \
    "data:\n"                                                                                      \
    "  id: cid\n"                                                                                  \
    "  fields:\n"                                                                                  \
    "    cid: { type: text }\n"                                                                    \
    "    job: { type: enum, values: [\"yes\", \"no\"] }\n"                                         \
    "    at_risk: { type: enum, values: [\"yes\", \"no\"] }\n"                                     \
    "    housed: { type: enum, values: [\"yes\", \"no\"] }\n"

static const char two_adjustments[] =
    "adjustments: { deadweight: 0.2, displacement: 0, "
    "attribution: 0.5, optimism_bias: 0.2, discount_rate: 0.1 }\n";

/* job: 5 of 10; at risk: 4, housed 2 of them. */
static const char two_csv[] = "cid,job,at_risk,housed\n"
                              "c1,yes,yes,yes\n"
                              "c2,yes,yes,no\n"
                              "c3,yes,no,no\n"
                              "c4,yes,no,yes\n"
                              "c5,yes,no,no\n"
                              "c6,no,yes,yes\n"
                              "c7,no,yes,no\n"
                              "c8,no,no,no\n"
                              "c9,no,no,no\n"
                              "c10,no,no,no\n";

#define REL 1e-12

static bool close_to(double got, double want, double rel)
{
    if (isnan(want))
        return isnan(got);
    return fabs(got - want) <= rel * fmax(1.0, fabs(want));
}

#define CHECK(got, want) CU_ASSERT(close_to((got), (want), REL))

static void on_row(void *ctx, cell *row)
{
    measures_add_row(ctx, row);
}

static void evaluate(const model *m, const char *csv, long suppress, results *r)
{
    const char *path = testlib_write("data.csv", csv);
    memset(r, 0, sizeof *r);
    r->suppress = suppress;
    r->model_file = m->file;
    r->data_file = "data.csv";
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

static model *two_model(const char *extra)
{
    char yaml[8192];
    snprintf(yaml, sizeof yaml, "%s%s%s", TWO_HEAD, two_adjustments, extra);
    model *m = model_from_text_ok(yaml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    return m;
}

/* ---- an independent appraisal of TWO ---- */

/* The parameters of TWO, as the working above has them. */
typedef struct two {
    double dw, disp, attr, ob, r;
    double a_job, a_housed; /* achieved */
    double v_job, v_housed; /* a year */
    double drop_job;
    double staff, fund;
} two;

static const two two_base = {0.2, 0, 0.5, 0.2, 0.1, 5, 2, 5000, 2000, 0.5, 10000, 2000};

static double indep_npv(two p, double *sroi)
{
    double keep = (1 - p.dw) * (1 - p.disp) * (1 - p.attr), pv = 0;
    for (int t = 1; t <= 3; t++) {
        double f = 1;
        for (int y = 0; y < t; y++)
            f /= 1 + p.r;
        pv += p.a_job * keep * p.v_job * pow(1 - p.drop_job, t - 1) * f;
        if (t <= 2)
            pv += p.a_housed * keep * p.v_housed * f;
    }
    double cost = (p.staff + p.fund) * (1 + p.ob);
    if (sroi)
        *sroi = pv / cost;
    return pv - cost;
}

/* ---- the tests ---- */

static void test_worked(void)
{
    model *m = two_model("");
    results r;
    evaluate(m, two_csv, 0, &r);
    double pv_job = 20100 / 1.331, pv_housed = 3360 / 1.21, pv = pv_job + pv_housed;
    CHECK(r.cost_adjusted, 14400);
    CHECK(r.outcomes[0].present_value, pv_job);
    CHECK(r.outcomes[1].present_value, pv_housed);
    CHECK(r.pv_total, pv);
    CHECK(r.npv, pv - 14400);
    CHECK(r.npv, indep_npv(two_base, NULL));
    CHECK(r.bcr, pv / 14400);
    CHECK(r.sroi_ratio, r.bcr);
    /* each part */
    CU_ASSERT_EQUAL_FATAL(m->outcomes[0].n_parts, 3);
    CHECK(m->outcomes[0].value, 5000);
    CHECK(r.outcomes[0].part_pv[0], 12060 / 1.331);
    CHECK(r.outcomes[0].part_pv[1], 4020 / 1.331);
    CHECK(r.outcomes[0].part_pv[2], 4020 / 1.331);
    CU_ASSERT_EQUAL(m->outcomes[1].parts[0].type, VALUE_PLAIN);
    CHECK(r.outcomes[1].part_pv[0], pv_housed);
    CHECK(r.pv_by_type[VALUE_FISCAL], 16080 / 1.331);
    CHECK(r.pv_by_type[VALUE_ECONOMIC], 0);
    CHECK(r.pv_by_type[VALUE_SOCIAL], 4020 / 1.331);
    CHECK(r.pv_by_type[VALUE_PLAIN], pv_housed);
    CU_ASSERT_EQUAL_FATAL(m->n_agencies, 2);
    CU_ASSERT_STRING_EQUAL(m->agencies[0], "dwp");
    CHECK(r.pv_by_agency[0], 12060 / 1.331);
    CHECK(r.pv_by_agency[1], 4020 / 1.331);
    CHECK(r.fiscal_roi, 16080 / 1.331 / 14400);
    /* payback */
    CU_ASSERT_EQUAL(r.n_years, 3);
    CHECK(r.benefit_by_year[0], 11600 / 1.1);
    CHECK(r.benefit_by_year[1], 6600 / 1.21);
    CHECK(r.benefit_by_year[2], 2 * 5000 * 0.25 / 1.331);
    CHECK(r.payback_year, 2);
    results_free(&r);
    model_free(m);
}

/* Wilson's interval, written out (z the exact 97.5% normal quantile). */
static void wilson(double a, double n, double *lo, double *hi)
{
    const double z = 1.959963984540054;
    double p = a / n, d = 1 + z * z / n, c = (p + z * z / (2 * n)) / d;
    double h = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d;
    *lo = c - h;
    *hi = c + h;
}

static void test_sroi_bounds(void)
{
    model *m = two_model("");
    results r;
    evaluate(m, two_csv, 0, &r);
    double lj, hj, lh, hh;
    wilson(5, 10, &lj, &hj);
    wilson(2, 4, &lh, &hh);
    two lo = two_base, hi = two_base;
    lo.a_job = 10 * lj, lo.a_housed = 4 * lh;
    hi.a_job = 10 * hj, hi.a_housed = 4 * hh;
    double s_lo, s_hi;
    indep_npv(lo, &s_lo);
    indep_npv(hi, &s_hi);
    CU_ASSERT(close_to(r.sroi_bounds_lo, s_lo, 1e-10));
    CU_ASSERT(close_to(r.sroi_bounds_hi, s_hi, 1e-10));
    CU_ASSERT(r.sroi_bounds_lo < r.sroi_ratio && r.sroi_ratio < r.sroi_bounds_hi);
    results_free(&r);
    model_free(m);
}

/* The default items, in order, each NPV at low and high against the
 * independent appraisal. */
static void test_default_sensitivity(void)
{
    model *m = two_model("");
    results r;
    evaluate(m, two_csv, 0, &r);
    CU_ASSERT_EQUAL_FATAL(r.n_sensitivity, 7);
    static const sens_kind kinds[] = {SENS_DEADWEIGHT,    SENS_DISPLACEMENT,  SENS_ATTRIBUTION,
                                      SENS_OPTIMISM_BIAS, SENS_DISCOUNT_RATE, SENS_VALUE,
                                      SENS_VALUE};
    static const double low[] = {0.1, 0, 0.4, 0.1, 0.015, 0.75, 0.75};
    static const double high[] = {0.3, 0.1, 0.6, 0.3, 0.05, 1.25, 1.25};
    for (size_t k = 0; k < 7; k++) {
        const res_sensitivity *s = &r.sensitivity[k];
        CU_ASSERT_EQUAL(s->kind, kinds[k]);
        CHECK(s->low, low[k]);
        CHECK(s->high, high[k]);
        for (int e = 0; e < 2; e++) {
            double x = e ? high[k] : low[k];
            two p = two_base;
            double *slot[] = {&p.dw, &p.disp, &p.attr, &p.ob, &p.r};
            if (k < 5)
                *slot[k] = x;
            else if (k == 5)
                p.v_job *= x;
            else
                p.v_housed *= x;
            double sroi, npv = indep_npv(p, &sroi);
            CU_ASSERT(close_to(e ? s->npv_high : s->npv_low, npv, 1e-12));
            CU_ASSERT(close_to(e ? s->sroi_high : s->sroi_low, sroi, 1e-12));
        }
    }
    CU_ASSERT_EQUAL(r.sensitivity[5].index, 0);
    CU_ASSERT_EQUAL(r.sensitivity[6].index, 1);
    CHECK(r.sensitivity[0].base, 0.2);
    CHECK(r.sensitivity[5].base, 1);
    results_free(&r);
    model_free(m);
}

/* Switching values: by hand where linear, and NPV = 0 at each (within
 * 1e-9 of C') by the independent appraisal. */
static void test_switching_values(void)
{
    model *m = two_model("sensitivity:\n"
                         "  - { param: adjustments.deadweight, low: 0, high: 0.5 }\n"
                         "  - { param: adjustments.optimism_bias, low: 0, high: 1 }\n"
                         "  - { param: outcomes.job.value, low: 0.5, high: 2 }\n"
                         "  - { param: outcomes.job.achieved, low: 0.5, high: 2 }\n"
                         "  - { param: inputs.staff.cost, low: 0.5, high: 2 }\n"
                         "  - { param: outcomes.job.drop_off, low: 0, high: 1 }\n"
                         "  - { param: adjustments.discount_rate, low: 0, high: 1 }\n"
                         "  - { param: outcomes.job.duration, low: 1, high: 5 }\n"
                         "  - { param: adjustments.displacement, low: 0, high: 0.2 }\n");
    results r;
    evaluate(m, two_csv, 0, &r);
    CU_ASSERT_EQUAL_FATAL(r.n_sensitivity, 9);
    double pv = 20100 / 1.331 + 3360 / 1.21;
    double job = (14400 - 3360 / 1.21) / (20100 / 1.331);
    /* drop-off: 10000 u^2/1.331 + 10000 u/1.21 + 10000/1.1 - (14400 - 3360/1.21) = 0 */
    double qa = 10000 / 1.331, qb = 10000 / 1.21, qc = 10000 / 1.1 - (14400 - 3360 / 1.21);
    double u = (-qb + sqrt(qb * qb - 4 * qa * qc)) / (2 * qa);
    double want[] = {1 - 11520 / pv, pv / 12000 - 1, job, job, (pv / 1.2 - 2000) / 10000, 1 - u};
    for (size_t k = 0; k < 6; k++)
        CU_ASSERT(close_to(r.sensitivity[k].switching_value, want[k], 1e-9));
    CU_ASSERT(r.sensitivity[5].switching_value > 0.5 && r.sensitivity[5].switching_value < 1);
    /* NPV at each switching value, independently: 0 within 1e-9 x C' */
    for (size_t k = 0; k < 7; k++) {
        double x = r.sensitivity[k].switching_value;
        two p = two_base;
        switch (k) {
        case 0:
            p.dw = x;
            break;
        case 1:
            p.ob = x;
            break;
        case 2:
            p.v_job *= x;
            break;
        case 3:
            p.a_job *= x;
            break;
        case 4:
            p.staff *= x;
            break;
        case 5:
            p.drop_job = x;
            break;
        case 6:
            p.r = x;
            break;
        }
        CU_ASSERT(fabs(indep_npv(p, NULL)) <= 1e-9 * 14400);
    }
    CU_ASSERT(r.sensitivity[6].switching_value > 0.1);
    CU_ASSERT(isnan(r.sensitivity[7].switching_value)); /* duration: whole years */
    CHECK(r.sensitivity[7].base, 3);
    /* displacement: NPV would be 0 at 1 - 0.8 x ... beyond nothing? PV x (1 - x) = 14400
     * gives x = 1 - 14400/PV = 0.19455...: in [0, 1] */
    CU_ASSERT(close_to(r.sensitivity[8].switching_value, 1 - 14400 / pv, 1e-9));
    results_free(&r);
    model_free(m);
}

/* A switching value outside the range, or none: null. */
static void test_switching_none(void)
{
    /* No valued outcome changes with housed's drop-off when its duration
     * is 1 year: NPV does not move.  The fund's cost can fall to 0 and NPV
     * stays positive: no root in [0, inf). */
    model *m = two_model("sensitivity:\n"
                         "  - { param: inputs.fund.cost, low: 0, high: 2 }\n"
                         "  - { param: outcomes.housed.achieved, low: 0, high: 2 }\n");
    results r;
    evaluate(m, two_csv, 0, &r);
    /* NPV(k) = PV - 1.2 (10000 + 2000 k) = 0 at k = (PV/1.2 - 10000)/2000 = 2.449...: a root */
    double pv = 20100 / 1.331 + 3360 / 1.21;
    CU_ASSERT(close_to(r.sensitivity[0].switching_value, (pv / 1.2 - 10000) / 2000, 1e-9));
    /* housed x k: 15101.43 + 2776.86 k - 14400 = 0 at k < 0: null */
    CU_ASSERT(isnan(r.sensitivity[1].switching_value));
    results_free(&r);
    model_free(m);
}

/* The Green Book schedule: 3.5% to year 30, 3% to 75, 2.5% to 125, 2% to
 * 200, 1.5% to 300, then 1%. */
static void test_green_book(void)
{
    adjustments gb = {.green_book = true};
    CHECK(vfm_discount_divisor(&gb, 1), 1.035);
    CU_ASSERT(close_to(vfm_discount_divisor(&gb, 30), pow(1.035, 30), 1e-13));
    CU_ASSERT(close_to(vfm_discount_divisor(&gb, 31), pow(1.035, 30) * 1.03, 1e-13));
    CU_ASSERT(
        close_to(vfm_discount_divisor(&gb, 76), pow(1.035, 30) * pow(1.03, 45) * 1.025, 1e-12));
    CU_ASSERT(close_to(vfm_discount_divisor(&gb, 126),
                       pow(1.035, 30) * pow(1.03, 45) * pow(1.025, 50) * 1.02, 1e-12));
    CU_ASSERT(close_to(vfm_discount_divisor(&gb, 302),
                       pow(1.035, 30) * pow(1.03, 45) * pow(1.025, 50) * pow(1.02, 75) *
                           pow(1.015, 100) * 1.01 * 1.01,
                       1e-11));
    adjustments flat = {.discount_rate = 0.035};
    CHECK(vfm_discount_divisor(&flat, 31), pow(1.035, 31));

    /* An outcome lasting 32 years at 1000 a year, net 1 (A = 1, keep 1):
     * PV = sum of 1000 / divisor(t), t = 1..32. */
    model *m = model_from_text_ok("model: gb\ntitle: G\npilot: generic\n"
                                  "inputs: [{ id: s, kind: staff, cost: 1000 }]\n"
                                  "activities: [{ id: w, uses: [s] }]\n"
                                  "outputs: [{ id: o, from: [w], count: all }]\n"
                                  "outcomes: [{ id: x, horizon: long, from: [o], achieved: all_in "
                                  "== \"yes\", value: 1000, duration: 32 }]\n"
                                  "adjustments: { discount_rate: green-book }\n"
                                  "data: { id: id, fields: { id: { type: text }, all_in: { type: "
                                  "enum, values: [\"yes\"] } } }\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT(m->adj.green_book);
    results r;
    evaluate(m, "id,all_in\na,yes\n", 0, &r);
    double pv = 0, f = 1;
    for (int t = 1; t <= 32; t++) {
        f /= t <= 30 ? 1.035 : 1.03;
        pv += 1000 * f;
    }
    CU_ASSERT(close_to(r.pv_total, pv, 1e-12));
    /* no discount-rate item by default on the schedule: 4 adjustments + 1 value */
    CU_ASSERT_EQUAL(r.n_sensitivity, 5);
    for (size_t k = 0; k < r.n_sensitivity; k++)
        CU_ASSERT(r.sensitivity[k].kind != SENS_DISCOUNT_RATE);
    /* C' = 1000: year 1 brings 1000/1.035 = 966.18, year 2 933.51 more */
    CHECK(r.payback_year, 2);
    results_free(&r);
    model_free(m);
}

/* The summary's keys, as the manual names them. */
static void test_summary_keys(void)
{
    model *m = two_model("");
    results r;
    evaluate(m, two_csv, 0, &r);
    json_t *s = summary_build(&r);
    json_t *v = json_object_get(s, "value_for_money");
    CHECK(json_real_value(json_object_get(v, "bcr")), r.sroi_ratio);
    CHECK(json_real_value(json_object_get(v, "fiscal_roi")), 16080 / 1.331 / 14400);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(v, "payback_year")), 2);
    json_t *bt = json_object_get(v, "by_type");
    CU_ASSERT_EQUAL(json_object_size(bt), 3);
    CHECK(json_real_value(json_object_get(bt, "economic")), 0);
    json_t *ba = json_object_get(v, "by_agency");
    CU_ASSERT_EQUAL(json_object_size(ba), 2);
    CHECK(json_real_value(json_object_get(ba, "hmrc")), 4020 / 1.331);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(v, "sroi_bounds")), 2);
    json_t *item = json_array_get(json_object_get(v, "sensitivity"), 5);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(item, "param")), "outcomes.job.value");
    static const char *const keys[] = {"param",    "base",      "low",
                                       "high",     "npv_low",   "npv_high",
                                       "sroi_low", "sroi_high", "switching_value"};
    CU_ASSERT_EQUAL(json_object_size(item), 9);
    for (size_t k = 0; k < 9; k++)
        CU_ASSERT_PTR_NOT_NULL(json_object_get(item, keys[k]));
    json_decref(s);

    /* hidden with the value under --suppress 6 (housed's 2 of 4) */
    results_free(&r);
    evaluate(m, two_csv, 6, &r);
    s = summary_build(&r);
    v = json_object_get(s, "value_for_money");
    CU_ASSERT(json_is_null(json_object_get(v, "payback_year")));
    CU_ASSERT(json_is_null(json_object_get(v, "fiscal_roi")));
    CU_ASSERT(json_is_null(json_object_get(json_object_get(v, "by_type"), "fiscal")));
    item = json_array_get(json_object_get(v, "sensitivity"), 0);
    CU_ASSERT(json_is_null(json_object_get(item, "npv_low")));
    CU_ASSERT(json_is_true(json_object_get(v, "suppressed")));
    json_decref(s);
    results_free(&r);
    model_free(m);
}

/* Values and sensitivity items the loader refuses. */
static void test_model_errors(void)
{
    static const char *const bad[] = {
        "sensitivity: [{ param: outcomes.nope.value, low: 0, high: 1 }]\n",
        "sensitivity: [{ param: adjustments.deadweight, low: 0, high: 2 }]\n",
        "sensitivity: [{ param: outcomes.job.duration, low: 1.5, high: 2 }]\n",
        "sensitivity: [{ param: adjustments.weight, low: 0, high: 1 }]\n",
        "sensitivity: [{ param: inputs.staff.cost, low: 0 }]\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char yaml[8192];
        snprintf(yaml, sizeof yaml, "%s%s%s", TWO_HEAD, two_adjustments, bad[i]);
        diag_list dl;
        model *m = model_from_text(yaml, &dl, true);
        CU_ASSERT(dl.n_errors > 0);
        diag_free(&dl);
        model_free(m);
    }
    /* an empty split, and a discount-rate item on the Green Book schedule */
    char yaml[8192];
    snprintf(yaml, sizeof yaml, "%s%s", TWO_HEAD,
             "adjustments: { discount_rate: green-book }\n"
             "sensitivity: [{ param: adjustments.discount_rate, low: 0, high: 1 }]\n");
    diag_list dl;
    model *m = model_from_text(yaml, &dl, true);
    CU_ASSERT_EQUAL(dl.n_errors, 1);
    diag_free(&dl);
    model_free(m);
    const char *split = strstr(TWO_HEAD, "value: { fiscal");
    CU_ASSERT_PTR_NOT_NULL_FATAL(split);
    snprintf(yaml, sizeof yaml, "%.*svalue: {}\n%s", (int)(split - TWO_HEAD), TWO_HEAD,
             strchr(split, '\n') + 1);
    m = model_from_text(yaml, &dl, true);
    CU_ASSERT_EQUAL(dl.n_errors, 1);
    diag_free(&dl);
    model_free(m);
}

int main(void)
{
    static const CU_TestInfo tests[] = {
        {"two outcomes by hand: PV per part, by type and agency, fiscal ROI, payback", test_worked},
        {"SROI over the rates' 95% intervals", test_sroi_bounds},
        {"default sensitivity items, NPV and SROI at low and high", test_default_sensitivity},
        {"switching values: closed form, bisection, NPV = 0 at each", test_switching_values},
        {"switching values: none in range", test_switching_none},
        {"Green Book declining discount rates", test_green_book},
        {"summary keys, and hidden under --suppress", test_summary_keys},
        {"values and sensitivity items refused", test_model_errors},
        CU_TEST_INFO_NULL,
    };
    cunit_tap_add("vfm", tests);
    return cunit_tap_run();
}
