/* test_compare.c - the programme comparison of src/compare.c (the manual's
 * "Comparing sites": cost-per-outcome intervals, funnel limits and
 * positions, ranks with ties, rank ranges, pooling).
 *
 * Every expected value is worked by hand in the comment above it, with
 * z95 = 1.959963984540054, z998 = 3.090232306167813 and the Wilson
 * interval  centre = (A + z^2/2) / (E + z^2),
 *           half = z sqrt(A (E - A) / E + z^2 / 4) / (E + z^2)
 * (z^2 = 3.8414588206941254); the decimals were carried with a desk
 * calculator to 17 digits (python3 -c, arithmetic only).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "cunit_tap.h"

/* got and want as doubles: fabs of an int literal would warn (-Wabsolute-value) */
#define CLOSE(got, want)                                                                           \
    CU_ASSERT_DOUBLE_EQUAL((double)(got), (double)(want), 1e-9 * fmax(1, fabs((double)(want))))
#define CHECK_NAN(x) CU_ASSERT_TRUE(isnan(x))

/* C = 10000, E = 20, Wilson [0.2, 0.5]:
 *   lower = C / (E hi) = 10000 / 10 = 1000; upper = C / (E lo) = 10000 / 4 = 2500.
 * lo = 0 (nothing achieved): the upper end has divisor 0, so null.
 * E = 0: both divisors 0 (and the interval itself NAN). */
static void test_cost_ci(void)
{
    double lo, hi;
    compare_cost_ci(10000, 20, 0.2, 0.5, &lo, &hi);
    CLOSE(lo, 1000);
    CLOSE(hi, 2500);
    compare_cost_ci(10000, 5, 0, 0.43448246478317476, &lo, &hi);
    /* 10000 / (5 x 0.43448246478317476) = 4603.177716270057 */
    CLOSE(lo, 4603.177716270057);
    CHECK_NAN(hi);
    compare_cost_ci(10000, 0, NAN, NAN, &lo, &hi);
    CHECK_NAN(lo);
    CHECK_NAN(hi);
}

/* p0 = 0.5, E = 100: sqrt(0.25 / 100) = 0.05;
 *   95%:   0.5 -/+ 1.959963984540054 x 0.05 = 0.5 -/+ 0.0979981992270027
 *          = [0.4020018007729973, 0.5979981992270027]
 *   99.8%: 0.5 -/+ 3.090232306167813 x 0.05 = 0.5 -/+ 0.15451161530839065
 *          = [0.34548838469160935, 0.65451161530839065]
 * p0 = 0.1, E = 4: sqrt(0.09 / 4) = 0.15; 95% half = 0.2939945976810081:
 *   lower 0.1 - 0.294 < 0, clipped to 0; upper 0.3939945976810081.
 * p0 = 0.9, E = 4: the mirror image, upper clipped to 1. */
static void test_funnel_limits(void)
{
    double lo, hi;
    compare_funnel_limits(0.5, 100, COMPARE_Z95, &lo, &hi);
    CLOSE(lo, 0.4020018007729973);
    CLOSE(hi, 0.5979981992270027);
    compare_funnel_limits(0.5, 100, COMPARE_Z998, &lo, &hi);
    CLOSE(lo, 0.34548838469160935);
    CLOSE(hi, 0.65451161530839065);
    compare_funnel_limits(0.1, 4, COMPARE_Z95, &lo, &hi);
    CU_ASSERT_EQUAL(lo, 0);
    CLOSE(hi, 0.3939945976810081);
    compare_funnel_limits(0.9, 4, COMPARE_Z95, &lo, &hi);
    CLOSE(lo, 0.9 - 0.2939945976810081);
    CU_ASSERT_EQUAL(hi, 1);
    compare_funnel_limits(0.5, 0, COMPARE_Z95, &lo, &hi);
    CHECK_NAN(lo);
    CHECK_NAN(hi);
    compare_funnel_limits(NAN, 10, COMPARE_Z95, &lo, &hi);
    CHECK_NAN(lo);
}

/* With the limits above (p0 = 0.5, E = 100): 0.7 > 0.6545 is above
 * 99.8%; 0.6 is above 0.5980 but not 0.6545: above 95%; 0.5 within; 0.4
 * is below 0.4020 but not 0.3455: below 95%; 0.3 below 99.8%.  A rate
 * exactly on a limit is within (strictly beyond only).  p0 = 0 (nothing
 * achieved anywhere): both limits are 0, and a rate of 0 is within. */
static void test_funnel_position(void)
{
    CU_ASSERT_EQUAL(compare_funnel_position(0.7, 0.5, 100), FUNNEL_ABOVE_998);
    CU_ASSERT_EQUAL(compare_funnel_position(0.6, 0.5, 100), FUNNEL_ABOVE_95);
    CU_ASSERT_EQUAL(compare_funnel_position(0.5, 0.5, 100), FUNNEL_WITHIN);
    CU_ASSERT_EQUAL(compare_funnel_position(0.4, 0.5, 100), FUNNEL_BELOW_95);
    CU_ASSERT_EQUAL(compare_funnel_position(0.3, 0.5, 100), FUNNEL_BELOW_998);
    double lo, hi;
    compare_funnel_limits(0.5, 100, COMPARE_Z95, &lo, &hi);
    CU_ASSERT_EQUAL(compare_funnel_position(hi, 0.5, 100), FUNNEL_WITHIN);
    CU_ASSERT_EQUAL(compare_funnel_position(lo, 0.5, 100), FUNNEL_WITHIN);
    CU_ASSERT_EQUAL(compare_funnel_position(0, 0, 7), FUNNEL_WITHIN);
    CU_ASSERT_EQUAL(compare_funnel_position(0.5, 0.5, 0), FUNNEL_NONE);
    CU_ASSERT_EQUAL(compare_funnel_position(0.5, NAN, 10), FUNNEL_NONE);
    CU_ASSERT_STRING_EQUAL(compare_funnel_name(FUNNEL_ABOVE_998), "above 99.8%");
    CU_ASSERT_STRING_EQUAL(compare_funnel_name(FUNNEL_BELOW_95), "below 95%");
    CU_ASSERT_STRING_EQUAL(compare_funnel_name(FUNNEL_WITHIN), "within");
    CU_ASSERT_PTR_NULL(compare_funnel_name(FUNNEL_NONE));
}

/* Costs 300, 100, 200, 200 and none, lowest first: 100 is 1st; the two
 * 200s tie for 2nd (both 2); 300 comes after three sites: 4th; none: 0.
 * SROI 1.5, 2.0, 1.5, none, highest first: 2.0 is 1st, the 1.5s share 2nd. */
static void test_ranks(void)
{
    double cost[] = {300, 100, 200, 200, NAN};
    long r[5];
    compare_ranks(cost, 5, false, r);
    CU_ASSERT_EQUAL(r[0], 4);
    CU_ASSERT_EQUAL(r[1], 1);
    CU_ASSERT_EQUAL(r[2], 2);
    CU_ASSERT_EQUAL(r[3], 2);
    CU_ASSERT_EQUAL(r[4], 0);
    double sroi[] = {1.5, 2.0, 1.5, NAN};
    compare_ranks(sroi, 4, true, r);
    CU_ASSERT_EQUAL(r[0], 2);
    CU_ASSERT_EQUAL(r[1], 1);
    CU_ASSERT_EQUAL(r[2], 2);
    CU_ASSERT_EQUAL(r[3], 0);
}

/* Four ranked sites and one without a cost per outcome:
 *   S1 [100, 150]   S2 [120, 300]   S3 [200, 250]   S4 [400, null = +inf]
 * best = 1 + #(ranked upper ends below my lower end),
 * worst = 4 - #(ranked lower ends above my upper end):
 *   S1: uppers below 100: none -> 1; lowers above 150: S3, S4 -> 4 - 2 = 2
 *   S2: uppers below 120: none -> 1; lowers above 300: S4 -> 3
 *   S3: uppers below 200: S1 (150) -> 2; lowers above 250: S4 -> 3
 *   S4: uppers below 400: S1, S2, S3 -> 4; nothing is above +inf -> 4
 *   S5: unranked -> 0, 0 (and its interval is not counted for the others). */
static void test_rank_ranges(void)
{
    double lo[] = {100, 120, 200, 400, 1};
    double hi[] = {150, 300, 250, NAN, 2};
    long ranks[] = {1, 2, 3, 4, 0};
    long best[5], worst[5];
    compare_rank_ranges(lo, hi, ranks, 5, best, worst);
    long want_best[] = {1, 1, 2, 4, 0}, want_worst[] = {2, 3, 3, 4, 0};
    for (int i = 0; i < 5; i++) {
        CU_ASSERT_EQUAL(best[i], want_best[i]);
        CU_ASSERT_EQUAL(worst[i], want_worst[i]);
    }
}

/* Empty, then changes -1..1 counted 1, 2, 3: the same.  Then 0..3 counted
 * 1 each: -1..3 = 1, 3, 4, 1, 1.  Then -3 counted 5: -3..3 = 5, 0, 1, 3,
 * 4, 1, 1.  An empty histogram changes nothing. */
static void test_hist_add(void)
{
    long long *acc = NULL;
    long min = 0;
    size_t width = 0;
    long long h1[] = {1, 2, 3}, h2[] = {1, 1, 1, 1}, h3[] = {5};
    CU_ASSERT_EQUAL(compare_hist_add(&acc, &min, &width, h1, -1, 3), THRIVE_OK);
    CU_ASSERT_EQUAL(min, -1);
    CU_ASSERT_EQUAL(width, 3);
    CU_ASSERT_EQUAL(compare_hist_add(&acc, &min, &width, h2, 0, 4), THRIVE_OK);
    long long want2[] = {1, 3, 4, 1, 1};
    CU_ASSERT_EQUAL(min, -1);
    CU_ASSERT_EQUAL_FATAL(width, 5);
    for (int i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(acc[i], want2[i]);
    CU_ASSERT_EQUAL(compare_hist_add(&acc, &min, &width, h3, -3, 1), THRIVE_OK);
    CU_ASSERT_EQUAL(compare_hist_add(&acc, &min, &width, NULL, 7, 0), THRIVE_OK);
    long long want3[] = {5, 0, 1, 3, 4, 1, 1};
    CU_ASSERT_EQUAL(min, -3);
    CU_ASSERT_EQUAL_FATAL(width, 7);
    for (int i = 0; i < 7; i++)
        CU_ASSERT_EQUAL(acc[i], want3[i]);
    free(acc);
}

/* ---- a programme of four sites, by hand ---- */

static char *dupstr(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void add_output(site_figures *s, const char *id, long long count)
{
    s->outputs = realloc(s->outputs, (s->n_outputs + 1) * sizeof *s->outputs);
    s->outputs[s->n_outputs++] =
        (site_output){.id = dupstr(id),
                      .label = dupstr(id),
                      .count = count,
                      .cost_per_output = count ? s->cost_total / (double)count : NAN};
}

/* An outcome with the Wilson interval given (worked in the comments). */
static void add_outcome(site_figures *s, const char *id, int block, long long e, long long a,
                        double lo, double hi, double net, double pv)
{
    s->outcomes = realloc(s->outcomes, (s->n_outcomes + 1) * sizeof *s->outcomes);
    s->outcomes[s->n_outcomes++] =
        (site_outcome){.id = dupstr(id),
                       .label = dupstr(id),
                       .block = block,
                       .eligible = e,
                       .achieved = a,
                       .rate = e ? (double)a / (double)e : NAN,
                       .ci_lo = lo,
                       .ci_hi = hi,
                       .net = net,
                       .cost_per_outcome = a ? s->cost_total / (double)a : NAN,
                       .cost_per_net_outcome = a ? s->cost_total / net : NAN,
                       .present_value = pv};
}

static void add_area(site_figures *s, const char *id, long long sum_b, long long sum_r, long min,
                     const long long *hist, size_t width)
{
    s->areas = realloc(s->areas, (s->n_areas + 1) * sizeof *s->areas);
    site_area *a = &s->areas[s->n_areas++];
    *a = (site_area){.id = dupstr(id),
                     .label = dupstr(id),
                     .sum_baseline = sum_b,
                     .sum_review = sum_r,
                     .hist_min = min,
                     .hist_width = width};
    a->hist = malloc(width * sizeof *a->hist);
    memcpy(a->hist, hist, width * sizeof *hist);
    for (size_t i = 0; i < width; i++)
        a->n += hist[i];
}

static site_figures make_site(const char *name, long long participants, double cost, double pv)
{
    site_figures s = {.name = dupstr(name), .participants = participants, .cost_total = cost};
    s.cost_adjusted = cost * 1.1; /* optimism bias 0.1 */
    s.cost_per_participant = cost / (double)participants;
    s.present_value = pv;
    s.npv = pv - s.cost_adjusted;
    s.sroi_ratio = pv / s.cost_adjusted;
    return s;
}

enum { FS, ES, LC }; /* financial_support, employment_skills, life_chances */

/* Sites (costs C; adjusted C x 1.1; outcomes "job" E, A, Wilson [lo, hi]):
 *   A  C 50000  debt (FS, no value) E 40 A 20 net 14.4; job (ES) E 50 A 10
 *      [0.11243750015776108, 0.3303710593222541] net 7.2 PV 20000;
 *      output engaged 80; area money: changes -1 once, +1 twice (sums 12, 13)
 *   B  C 40000  job E 20 A 11 [0.3420853424503424, 0.7418021417443758]
 *      net 7.92 PV 60000; wellbeing (LC, no value) E 10 A 3 net 3;
 *      output engaged 30; area money: 0 once, +1 once (sums 10, 11)
 *   C  C 30000  job E 5 A 0 [0, 0.43448246478317476] net 0 PV 0
 *   D  C 25000  job E 10 A 5 [0.236593090512564, 0.7634069094874361]
 *      net 3.6 PV 30000; output engaged 12; area school: +2 once
 * Site present values (= their job PV): 20000, 60000, 0, 30000. */
static site_figures *four_sites(void)
{
    site_figures *s = calloc(4, sizeof *s);
    s[0] = make_site("A", 100, 50000, 20000);
    add_output(&s[0], "engaged", 80);
    add_outcome(&s[0], "debt", FS, 40, 20, 0.35, 0.65, 14.4, NAN);
    add_outcome(&s[0], "job", ES, 50, 10, 0.11243750015776108, 0.3303710593222541, 7.2, 20000);
    long long ha[] = {1, 0, 2};
    add_area(&s[0], "money", 12, 13, -1, ha, 3);
    s[1] = make_site("B", 50, 40000, 60000);
    add_output(&s[1], "engaged", 30);
    add_outcome(&s[1], "job", ES, 20, 11, 0.3420853424503424, 0.7418021417443758, 7.92, 60000);
    add_outcome(&s[1], "wellbeing", LC, 10, 3, 0.1, 0.6, 3, NAN);
    long long hb[] = {1, 1};
    add_area(&s[1], "money", 10, 11, 0, hb, 2);
    s[2] = make_site("C", 10, 30000, 0);
    add_outcome(&s[2], "job", ES, 5, 0, 0, 0.43448246478317476, 0, 0);
    s[3] = make_site("D", 40, 25000, 30000);
    add_output(&s[3], "engaged", 12);
    add_outcome(&s[3], "job", ES, 10, 5, 0.236593090512564, 0.7634069094874361, 3.6, 30000);
    long long hd[] = {1};
    add_area(&s[3], "school", 3, 5, 2, hd, 1);
    return s;
}

static void free_sites(site_figures *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        site_figures_free(&s[i]);
    free(s);
}

/* Compared: engaged (A, B, D), job (all four), money (A, B); left out:
 * A's debt, B's wellbeing, D's school (each only at one site), in each
 * site's own order. */
static void test_build_compared(void)
{
    site_figures *s = four_sites();
    comparison c;
    CU_ASSERT_EQUAL_FATAL(compare_build(s, 4, 0, &c), THRIVE_OK);
    CU_ASSERT_EQUAL_FATAL(c.n_outputs, 1);
    CU_ASSERT_STRING_EQUAL(c.outputs[0].id, "engaged");
    CU_ASSERT_EQUAL(c.outputs[0].at[0], 0);
    CU_ASSERT_EQUAL(c.outputs[0].at[2], -1);
    CU_ASSERT_EQUAL_FATAL(c.n_outcomes, 1);
    CU_ASSERT_STRING_EQUAL(c.outcomes[0].id, "job");
    CU_ASSERT_EQUAL(c.outcomes[0].at[0], 1);
    CU_ASSERT_EQUAL(c.outcomes[0].at[1], 0);
    CU_ASSERT_EQUAL_FATAL(c.n_areas, 1);
    CU_ASSERT_STRING_EQUAL(c.areas[0].id, "money");
    CU_ASSERT_FALSE(s[0].outcomes[0].compared); /* debt */
    CU_ASSERT_TRUE(s[0].outcomes[1].compared);
    CU_ASSERT_FALSE(s[1].outcomes[1].compared); /* wellbeing */
    CU_ASSERT_FALSE(s[3].areas[0].compared);    /* school */
    CU_ASSERT_TRUE(s[1].areas[0].compared);
    comparison_free(&c);
    free_sites(s, 4);
}

/* The programme total:
 *   participants 100 + 50 + 10 + 40 = 200; C 145000; C' 159500
 *   job: E 50 + 20 + 5 + 10 = 85, A 10 + 11 + 0 + 5 = 26,
 *        rate 26/85 = 0.3058823529411765,
 *        Wilson(26, 85) = [0.21809384837683818, 0.41045795122155826],
 *        net 7.2 + 7.92 + 0 + 3.6 = 18.72,
 *        cost per outcome 145000 / 26 = 5576.923076923077
 *   PV 20000 + 60000 + 0 + 30000 = 110000; NPV 110000 - 159500 = -49500;
 *   SROI 110000 / 159500 = 0.6896551724137931
 *   by strategy: employment_skills net 18.72, PV 110000; financial_support
 *   net 14.4, PV 0 (no value); life_chances net 3, PV 0; place never. */
static void test_build_total(void)
{
    site_figures *s = four_sites();
    comparison c;
    CU_ASSERT_EQUAL_FATAL(compare_build(s, 4, 0, &c), THRIVE_OK);
    CU_ASSERT_EQUAL(c.participants, 200);
    CLOSE(c.cost_total, 145000);
    CLOSE(c.cost_adjusted, 159500);
    const pooled_outcome *po = &c.pooled_outcomes[0];
    CU_ASSERT_EQUAL(po->eligible, 85);
    CU_ASSERT_EQUAL(po->achieved, 26);
    CLOSE(po->rate, 0.3058823529411765);
    CLOSE(po->ci_lo, 0.21809384837683818);
    CLOSE(po->ci_hi, 0.41045795122155826);
    CLOSE(po->net, 18.72);
    CLOSE(po->cost, 145000);
    CLOSE(po->cost_per_outcome, 5576.923076923077);
    CU_ASSERT_EQUAL(po->n_ranked, 3);
    CLOSE(c.present_value, 110000);
    CLOSE(c.npv, -49500);
    CLOSE(c.sroi_ratio, 0.6896551724137931);
    CU_ASSERT_TRUE(c.block_seen[ES] && c.block_seen[FS] && c.block_seen[LC]);
    CU_ASSERT_FALSE(c.block_seen[3]);
    CLOSE(c.block_net[ES], 18.72);
    CLOSE(c.block_pv[ES], 110000);
    CLOSE(c.block_net[FS], 14.4);
    CU_ASSERT_EQUAL(c.block_pv[FS], 0);
    CLOSE(c.block_net[LC], 3);
    /* per site: A has financial_support (debt) and employment_skills (job) */
    CU_ASSERT_TRUE(s[0].block_seen[FS] && s[0].block_seen[ES] && !s[0].block_seen[LC]);
    CLOSE(s[0].block_pv[ES], 20000);
    comparison_free(&c);
    free_sites(s, 4);
}

/* Per site, on job:
 *   cost per outcome: A 50000/10 = 5000, B 40000/11 = 3636.36..., C none
 *   (A = 0), D 25000/5 = 5000.  Ranks: B 1; A and D tie at 2; C null.
 *   ci95 = [C / (E hi), C / (E lo)]:
 *     A [50000/(50 x 0.33037...), 50000/(50 x 0.11243...)]
 *       = [3026.8995173229423, 8893.829893024124]
 *     B [40000/(20 x 0.74180...), 40000/(20 x 0.34208...)]
 *       = [2696.1367289893833, 5846.494286116112]
 *     C [30000/(5 x 0.43448...), 30000/(5 x 0) = null] = [13809.533148810173, null]
 *     D [25000/(10 x 0.76340...), 25000/(10 x 0.23659...)]
 *       = [3274.793519590412, 10566.665301103712]
 *   Rank ranges over A, B, D (3 ranked): no upper end is below another's
 *   lower end, no lower end above another's upper end: all [1, 3].
 *   Funnel at p0 = 26/85 = 0.30588: sd_E = sqrt(p0 (1 - p0) / E)
 *     A E 50: 95% [0.17816, 0.43360]: 0.2 within
 *     B E 20: 95% [0.10394, 0.50782], 99.8% [0, 0.62428]: 0.55 above 95%
 *     C E 5: 95% [0, 0.70977]: 0 is not below 0: within
 *     D E 10: 95% [0.02029, 0.59147]: 0.5 within
 *   SROI = PV / C': A 20000/55000 = 0.36, B 60000/44000 = 1.36, C 0,
 *   D 30000/27500 = 1.09: ranks B 1, D 2, A 3, C 4. */
static void test_build_sites(void)
{
    site_figures *s = four_sites();
    comparison c;
    CU_ASSERT_EQUAL_FATAL(compare_build(s, 4, 0, &c), THRIVE_OK);
    const site_outcome *a = &s[0].outcomes[1], *b = &s[1].outcomes[0], *cc = &s[2].outcomes[0],
                       *d = &s[3].outcomes[0];
    CU_ASSERT_EQUAL(a->rank, 2);
    CU_ASSERT_EQUAL(b->rank, 1);
    CU_ASSERT_EQUAL(cc->rank, 0);
    CU_ASSERT_EQUAL(d->rank, 2);
    CLOSE(a->cpo_lo, 3026.8995173229423);
    CLOSE(a->cpo_hi, 8893.829893024124);
    CLOSE(b->cpo_lo, 2696.1367289893833);
    CLOSE(b->cpo_hi, 5846.494286116112);
    CLOSE(cc->cpo_lo, 13809.533148810173);
    CHECK_NAN(cc->cpo_hi);
    CLOSE(d->cpo_lo, 3274.793519590412);
    CLOSE(d->cpo_hi, 10566.665301103712);
    const site_outcome *ranked[] = {a, b, d};
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL(ranked[i]->rank_best, 1);
        CU_ASSERT_EQUAL(ranked[i]->rank_worst, 3);
    }
    CU_ASSERT_EQUAL(cc->rank_best, 0);
    CU_ASSERT_EQUAL(cc->rank_worst, 0);
    CU_ASSERT_EQUAL(a->funnel, FUNNEL_WITHIN);
    CU_ASSERT_EQUAL(b->funnel, FUNNEL_ABOVE_95);
    CU_ASSERT_EQUAL(cc->funnel, FUNNEL_WITHIN);
    CU_ASSERT_EQUAL(d->funnel, FUNNEL_WITHIN);
    CU_ASSERT_EQUAL(s[0].sroi_rank, 3);
    CU_ASSERT_EQUAL(s[1].sroi_rank, 1);
    CU_ASSERT_EQUAL(s[2].sroi_rank, 4);
    CU_ASSERT_EQUAL(s[3].sroi_rank, 2);
    comparison_free(&c);
    free_sites(s, 4);
}

/* money pooled over A and B: changes -1, +1, +1 and 0, +1, i.e. -1 once,
 * 0 once, +1 three times; n = 5; sums 12 + 10 = 22 and 13 + 11 = 24.
 *   mean baseline 22/5 = 4.4, mean review 24/5 = 4.8, mean change 2/5 = 0.4
 *   squares about the mean: 1.96 + 0.16 + 3 x 0.36 = 3.2; sd = sqrt(3.2/4)
 *   = sqrt(0.8) = 0.8944271909999159; dz = 0.4 / sd = 0.4472135954999579
 *   t(0.975, 4) = 2.7764451051977987 (tests/test_stats.c's reference), half
 *   = 2.7764451051977987 x 0.8944271909999159 / sqrt(5) = 2.7764451051977987
 *   x 0.4 = 1.1105780420791195: [-0.7105780420791195, 1.5105780420791195]
 *   improved 3/5, same 1/5, worse 1/5
 *   Wilcoxon: the four non-zero |d| are all 1, ranks 2.5 each; W+ = 7.5,
 *   mean 4 x 5 / 4 = 5, variance 4 x 5 x 9 / 24 - (4^3 - 4) / 48 = 7.5 - 1.25
 *   = 6.25; z = (|7.5 - 5| - 0.5) / 2.5 = 0.8; p = 2 P(Z > 0.8) =
 *   0.42371079716679327 (2 x 0.21185539858339664, the normal table). */
static void test_build_pooled_area(void)
{
    site_figures *s = four_sites();
    comparison c;
    CU_ASSERT_EQUAL_FATAL(compare_build(s, 4, 0, &c), THRIVE_OK);
    const pooled_area *pa = &c.pooled_areas[0];
    CU_ASSERT_EQUAL(pa->n, 5);
    CU_ASSERT_EQUAL(pa->sum_baseline, 22);
    CU_ASSERT_EQUAL(pa->sum_review, 24);
    CLOSE(pa->mean_baseline, 4.4);
    CLOSE(pa->mean_review, 4.8);
    CLOSE(pa->change.mean, 0.4);
    CLOSE(pa->change.sd, 0.8944271909999159);
    CLOSE(pa->change.dz, 0.4472135954999579);
    CLOSE(pa->change.ci_lo, -0.7105780420791195);
    CLOSE(pa->change.ci_hi, 1.5105780420791195);
    CLOSE(pa->change.pct_improved, 0.6);
    CLOSE(pa->change.pct_same, 0.2);
    CLOSE(pa->change.pct_worse, 0.2);
    CLOSE(pa->change.wilcoxon_p, 0.42371079716679327);
    comparison_free(&c);
    free_sites(s, 4);
}

/* --suppress 11 hides counts 1..10, and in each column across the sites,
 * when exactly one is hidden, the next smallest too:
 *   participants 100, 50, 10, 40: C's 10 alone -> and D's 40 (next smallest)
 *   engaged 80, 30, 12 (A, B, D): none
 *   job eligible 50, 20, 5, 10: C's 5 and D's 10: two, nothing more
 *   job achieved 10, 11, 0, 5: A's 10 and D's 5 (0 is shown): two
 *   money n 3, 2: both
 * Pooled: participants 200, E 85, A 26, money n 5 (5 < 11: hidden).
 * Values: A's and D's job (valued) achieved are hidden, so their present
 * values are; two sites, so the programme's total is shown. */
static void test_build_suppress(void)
{
    site_figures *s = four_sites();
    comparison c;
    CU_ASSERT_EQUAL_FATAL(compare_build(s, 4, 11, &c), THRIVE_OK);
    CU_ASSERT_FALSE(s[0].participants_hidden);
    CU_ASSERT_FALSE(s[1].participants_hidden);
    CU_ASSERT_TRUE(s[2].participants_hidden);
    CU_ASSERT_TRUE(s[3].participants_hidden);
    CU_ASSERT_FALSE(s[0].outputs[0].hidden || s[1].outputs[0].hidden || s[3].outputs[0].hidden);
    CU_ASSERT_FALSE(s[0].outcomes[1].eligible_hidden);
    CU_ASSERT_FALSE(s[1].outcomes[0].eligible_hidden);
    CU_ASSERT_TRUE(s[2].outcomes[0].eligible_hidden);
    CU_ASSERT_TRUE(s[3].outcomes[0].eligible_hidden);
    CU_ASSERT_TRUE(s[0].outcomes[1].achieved_hidden);
    CU_ASSERT_FALSE(s[1].outcomes[0].achieved_hidden);
    CU_ASSERT_FALSE(s[2].outcomes[0].achieved_hidden);
    CU_ASSERT_TRUE(s[3].outcomes[0].achieved_hidden);
    CU_ASSERT_TRUE(s[0].areas[0].hidden && s[1].areas[0].hidden);
    CU_ASSERT_TRUE(s[0].value_hidden);
    CU_ASSERT_FALSE(s[1].value_hidden);
    CU_ASSERT_TRUE(s[3].value_hidden);
    CU_ASSERT_FALSE(c.value_hidden);
    CU_ASSERT_FALSE(c.participants_hidden);
    CU_ASSERT_FALSE(c.pooled_outcomes[0].eligible_hidden || c.pooled_outcomes[0].achieved_hidden);
    CU_ASSERT_TRUE(c.pooled_areas[0].hidden);
    comparison_free(&c);
    free_sites(s, 4);
}

/* One site's value hidden alone (--suppress 6: only D's job A = 5): the
 * programme's present value would give it away, so it is hidden too. */
static void test_build_suppress_value(void)
{
    site_figures *s = four_sites();
    comparison c;
    CU_ASSERT_EQUAL_FATAL(compare_build(s, 4, 6, &c), THRIVE_OK);
    CU_ASSERT_TRUE(s[3].outcomes[0].achieved_hidden);
    /* D's achieved alone in 1..5: the next smallest shown, A's 10, too */
    CU_ASSERT_TRUE(s[0].outcomes[1].achieved_hidden);
    CU_ASSERT_FALSE(s[1].outcomes[0].achieved_hidden);
    CU_ASSERT_TRUE(s[3].value_hidden && s[0].value_hidden);
    CU_ASSERT_FALSE(c.value_hidden); /* two hidden: the total tells neither */
    comparison_free(&c);
    s[0].outcomes[1].present_value = NAN; /* A's job no longer valued */
    CU_ASSERT_EQUAL_FATAL(compare_build(s, 4, 6, &c), THRIVE_OK);
    CU_ASSERT_FALSE(s[0].value_hidden);
    CU_ASSERT_TRUE(s[3].value_hidden);
    CU_ASSERT_TRUE(c.value_hidden);
    comparison_free(&c);
    free_sites(s, 4);
}

int main(void)
{
    static CU_TestInfo pieces[] = {
        {"cost per outcome interval", test_cost_ci},
        {"funnel limits, clipped", test_funnel_limits},
        {"funnel positions, strictly beyond", test_funnel_position},
        {"ranks with ties", test_ranks},
        {"rank ranges", test_rank_ranges},
        {"histograms merged", test_hist_add},
        CU_TEST_INFO_NULL,
    };
    static CU_TestInfo build[] = {
        {"what is compared and left out", test_build_compared},
        {"the programme total", test_build_total},
        {"per site: intervals, ranks, funnel, SROI rank", test_build_sites},
        {"a pooled distance area", test_build_pooled_area},
        {"--suppress with secondary suppression", test_build_suppress},
        {"--suppress: one site's value alone", test_build_suppress_value},
        CU_TEST_INFO_NULL,
    };
    cunit_tap_add("compare", pieces);
    cunit_tap_add("compare_build", build);
    return cunit_tap_run();
}
