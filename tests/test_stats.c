/* test_stats.c - the statistics of src/stats.c (docs/manual/methods.md).
 *
 * Expected values come two ways: worked by hand (the working is in the
 * comment above each such test), and computed once offline with SciPy by
 *
 *     /usr/bin/python3 tests/reference/stats_reference.py
 *
 * (see that script for why the t quantile is taken from SciPy's Boost beta
 * quantiles rather than scipy.stats.t.ppf, which is only good to ~1e-9).
 * It printed:
 *
 * # scipy 1.10.1 numpy 1.24.2 mpmath 1.2.1
 *
 * # t quantile: {df, p, t}  (scipy.stats.t.ppf alongside)
 *     {1.0, 0.975, 12.706204736174694}, // t.ppf 12.706204736432095
 *     {1.0, 0.995, 63.656741162871526}, // t.ppf 63.65674116287399
 *     {1.0, 0.5, 0.0}, // t.ppf 8.177562772704119e-17
 *     {1.0, 0.025, -12.706204736174705}, // t.ppf -12.706204736432102
 *     {1.0, 1e-06, -318309.88618274353}, // t.ppf -318309.88618278794
 *     {2.0, 0.975, 4.302652729749462}, // t.ppf 4.302652729911275
 *     {2.0, 0.995, 9.92484320091829}, // t.ppf 9.92484320091807
 *     {2.0, 0.5, 0.0}, // t.ppf 7.482931808881229e-17
 *     {2.0, 0.025, -4.302652729749464}, // t.ppf -4.3026527299112765
 *     {2.0, 1e-06, -707.1057205259339}, // t.ppf -707.1057205259351
 *     {3.0, 0.975, 3.182446305283708}, // t.ppf 3.182446305284263
 *     {3.0, 0.995, 5.840909309733356}, // t.ppf 5.84090929975643
 *     {3.0, 0.5, 0.0}, // t.ppf 7.203760432571475e-17
 *     {3.0, 0.025, -3.182446305283709}, // t.ppf -3.1824463052842638
 *     {3.0, 1e-06, -103.29946778041932}, // t.ppf -103.29946802190557
 *     {5.0, 0.975, 2.5705818356363146}, // t.ppf 2.5705818366147395
 *     {5.0, 0.995, 4.032142983555228}, // t.ppf 4.032142983557536
 *     {5.0, 0.5, 0.0}, // t.ppf 6.976003623003317e-17
 *     {5.0, 0.025, -2.5705818356363155}, // t.ppf -2.57058183661474
 *     {5.0, 1e-06, -24.771029720515948}, // t.ppf -24.771029720535676
 *     {10.0, 0.975, 2.228138851986274}, // t.ppf 2.2281388519649385
 *     {10.0, 0.995, 3.169272672616949}, // t.ppf 3.169272667175838
 *     {10.0, 0.5, 0.0}, // t.ppf 6.80574793290978e-17
 *     {10.0, 0.025, -2.228138851986275}, // t.ppf -2.2281388519649385
 *     {10.0, 1e-06, -9.751995490940581}, // t.ppf -9.75199549094326
 *     {30.0, 0.975, 2.0422724563012378}, // t.ppf 2.0422724563012373
 *     {30.0, 0.995, 2.7499956535672254}, // t.ppf 2.7499956535670305
 *     {30.0, 0.5, 0.0}, // t.ppf 6.693527296961538e-17
 *     {30.0, 0.025, -2.042272456301238}, // t.ppf -2.042272456301238
 *     {30.0, 1e-06, -5.871117120418876}, // t.ppf -5.871117120418899
 *     {100.0, 0.975, 1.9839715185235518}, // t.ppf 1.9839715184496334
 *     {100.0, 0.995, 2.6258905214380173}, // t.ppf 2.6258905205863337
 *     {100.0, 0.5, 0.0}, // t.ppf 6.654605374702225e-17
 *     {100.0, 0.025, -1.9839715185235522}, // t.ppf -1.983971518449634
 *     {100.0, 1e-06, -5.048830877228346}, // t.ppf -5.048830877226452
 *     {1000.0, 0.975, 1.962339080826408}, // t.ppf 1.9623390808264074
 *     {1000.0, 0.995, 2.5807546980659506}, // t.ppf 2.580754698065942
 *     {1000.0, 0.5, 0.0}, // t.ppf 6.63964962082731e-17
 *     {1000.0, 0.025, -1.9623390808264085}, // t.ppf -1.9623390808264078
 *     {1000.0, 1e-06, -4.781608620458351}, // t.ppf -4.781608620455028
 *     {1000000.0, 0.975, 1.959966356814107}, // t.ppf 1.9599663568141066
 *     {1000000.0, 0.995, 2.5758342201053344}, // t.ppf 2.575834220105334
 *     {1000000.0, 0.5, 0.0}, // t.ppf 6.637991575668132e-17
 *     {1000000.0, 0.025, -1.9599663568141072}, // t.ppf -1.959966356814107
 *     {1000000.0, 1e-06, -4.753452348279681}, // t.ppf -4.753452348279681
 * # t(0.975, 7), for the paired case worked by hand: 2.3646242515927844
 *
 * # t cdf: {t, df, F}  // relative difference from mpmath
 *     {-2.0, 1.0, 0.1475836176504332}, // 4.5e-16
 *     {2.5, 2.0, 0.9351941398892446}, // 7.3e-18
 *     {-1.96, 1000000.0, 0.02499803379263489}, // 1.7e-16
 *     {0.0, 5.0, 0.5}, // 0.0
 *     {3.0, 10.0, 0.9933281724887152}, // 2.3e-17
 *     {-4.75, 1000.0, 1.1656691139754853e-06}, // 2.2e-15
 *     {12.7, 1.0, 0.9749878361553279}, // 6.3e-18
 *     {-0.3, 30.0, 0.3831230526421764}, // 5.7e-17
 *     {1000.0, 3.0, 0.9999999988973461}, // 3.6e-17
 *     {-60.0, 4.0, 2.3105343638175676e-07}, // 1.4e-15
 *
 * # incomplete beta: {a, b, x, I}  // relative difference from mpmath
 *     {0.5, 0.5, 0.3, 0.3690101195655454}, // 1.0e-16
 *     {1.0, 1.0, 0.25, 0.25}, // 0.0
 *     {2.0, 3.0, 0.4, 0.5247999999999999}, // 2.0e-16
 *     {10.0, 5.0, 0.7, 0.5842011862193499}, // 9.6e-17
 *     {0.1, 0.1, 0.5, 0.4999999999999999}, // 2.2e-16
 *     {5.0, 0.5, 0.99, 0.7571581091015623}, // 7.6e-17
 *     {100.0, 100.0, 0.5, 0.5000000000000132}, // 2.6e-14
 *     {100.0, 100.0, 0.45, 0.07838793271222329}, // 3.5e-14
 *     {500000.0, 0.5, 0.999996, 0.04550010193252583}, // 2.1e-10
 *     {0.5, 1000.0, 0.001, 0.8427527257339249}, // 7.7e-13
 *     {50.0, 50.0, 0.6, 0.9780695578699148}, // 5.6e-18
 *     {3.0, 7.0, 0.0, 0.0}, // 0.0
 *     {3.0, 7.0, 1.0, 1.0}, // 0.0
 *     {2.5, 1000.0, 0.003, 0.6950946429861214}, // 9.8e-14
 *     {10000.0, 10000.0, 0.505, 0.9213529911182899}, // 5.0e-14
 *     {0.5, 500000.0, 3.84e-06, 0.9499566414888885}, // 1.2e-11
 *     {7.0, 2.0, 0.999, 0.9999721117902238}, // 3.2e-17
 *
 * # normal upper tail: {z, P(Z > z)}  // relative difference from mpmath
 *     {0.0, 0.5}, // 0.0
 *     {1.0, 0.15865525393145707}, // 1.4e-16
 *     {-1.0, 0.8413447460685429}, // 2.7e-17
 *     {1.959963984540054, 0.025}, // 3.8e-16
 *     {3.0, 0.0013498980316300933}, // 9.3e-16
 *     {-5.0, 0.9999997133484281}, // 4.4e-17
 *     {8.5, 9.47953482220325e-18}, // 7.2e-15
 *     {20.0, 2.7536241186061556e-89}, // 2.8e-14
 *
 * # Wilson, z = norm.ppf(0.975) = 1.959963984540054: {a, n, lo, hi}
 *     {3.0, 10.0, 0.10779126740630104, 0.6032218525388546},
 *     {0.0, 10.0, 0.0, 0.2775327998628892},
 *     {10.0, 10.0, 0.7224672001371109, 1.0},
 *     {0.0, 1.0, 0.0, 0.7934506856227626},
 *     {1.0, 1.0, 0.20654931437723745, 1.0},
 *     {1.0, 2.0, 0.09453120573423074, 0.9054687942657693},
 *     {50.0, 100.0, 0.4038315303659956, 0.5961684696340044},
 *     {1.0, 1000.0, 0.00017654637062607809, 0.0056425585979579355},
 *     {999.0, 1000.0, 0.9943574414020421, 0.9998234536293739},
 *     {17.0, 23.0, 0.5352999516257464, 0.8745138395501366},
 *
 * # paired: {name, dmin, counts}: n, mean, sd, ci_lo, ci_hi, dz, improved, same, worse, wilcoxon_p
 *     // empty: dmin 0, counts []
 *     0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN
 *     // zero counts: dmin -1, counts [0, 0, 0]
 *     0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN
 *     // one pair: dmin 2, counts [1]
 *     1, 2.0, NAN, NAN, NAN, NAN, 1.0, 0.0, 0.0, 1.0
 *     // all zero: dmin 0, counts [5]
 *     5, 0.0, 0.0, 0.0, 0.0, NAN, 0.0, 1.0, 0.0, NAN
 *     // constant 3: dmin 3, counts [4]
 *     4, 3.0, 0.0, 3.0, 3.0, NAN, 1.0, 0.0, 0.0, 0.07186063822585158
 *     // balanced: dmin -1, counts [1, 0, 1]
 *     2, 0.0, 1.4142135623730951, -12.706204736174694, 12.706204736174694, 0.0, 0.5, 0.0, 0.5, 1.0
 *     // ties and zeros: dmin -1, counts [1, 2, 2, 2, 1]
 *     8, 1.0, 1.3093073414159542, -0.09460833026711302, 2.0946083302671132, 0.7637626158259734, 0.625, 0.25, 0.125, 0.08898415384687434
 *     // offset: dmin 2, counts [1, 0, 2]
 *     3, 3.3333333333333335, 1.1547005383792515, 0.46489818016702555, 6.201768486499642, 2.886751345948129, 1.0, 0.0, 0.0, 0.17356816655592167
 *     // negative: dmin -4, counts [3, 6, 9, 4, 2]
 *     24, -2.1666666666666665, 1.1293194051465598, -2.6435364288147447, -1.689796904518588, -1.9185596712433033, 0.0, 0.08333333333333333, 0.9166666666666666, 3.5189360437347434e-05
 *     // skewed 200: dmin -3, counts [2, 5, 14, 40, 52, 38, 24, 14, 7, 4]
 *     200, 1.425, 1.7491922040856946, 1.181095464944287, 1.668904535055713, 0.8146617602522701, 0.695, 0.2, 0.105, 8.084552485820762e-20
 *     // large: dmin -2, counts [300000, 200000, 300000, 205000, 295000]
 *     1300000, -0.0038461538461538464, 1.463657933851746, -0.0063621872948742084, -0.0013301203974334843, -0.002627768249123858, 0.38461538461538464, 0.23076923076923078, 0.38461538461538464, 7.177198481819054e-06
 *
 * # largest relative difference from mpmath (40 digits)
 * #   t quantile (Boost beta route)        1.19e-15
 * #   t quantile (scipy t.ppf, not used)   2.34e-9
 * #   t cdf                                2.2e-15
 * #   inc beta                             2.06e-10
 * #   normal sf                            2.84e-14
 */
#include "stats.h"
#include "cunit_tap.h"

#include <math.h>
#include <stdio.h>

#define REL_T 1e-12 /* t quantile */
#define REL   1e-9  /* everything else */

#define N_OF(a) (sizeof(a) / sizeof(a)[0])

/* Pass when GOT equals WANT to relative tolerance REL; NAN matches only
 * NAN, and a WANT of 0 must be met exactly.  WHAT names the table row. */
static void check_close(double got, double want, double rel, int line, const char *what)
{
    int ok = (isnan(want) && isnan(got)) || got == want || fabs(got - want) <= rel * fabs(want);
    char msg[256];
    snprintf(msg, sizeof msg, "%s: got %.17g, want %.17g (rel %.0e)", what, got, want, rel);
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, msg, __FILE__, "", CU_FALSE);
}

#define CHECK_CLOSE(got, want, rel, ...)                                                           \
    do {                                                                                           \
        char what_[160];                                                                           \
        snprintf(what_, sizeof what_, __VA_ARGS__);                                                \
        check_close((got), (want), (rel), __LINE__, what_);                                        \
    } while (0)

/* ---- normal tail ---------------------------------------------------- */

static const struct {
    double z, sf;
} normal_rows[] = {
    {0.0, 0.5},                     // 0.0
    {1.0, 0.15865525393145707},     // 1.4e-16
    {-1.0, 0.8413447460685429},     // 2.7e-17
    {1.959963984540054, 0.025},     // 3.8e-16
    {3.0, 0.0013498980316300933},   // 9.3e-16
    {-5.0, 0.9999997133484281},     // 4.4e-17
    {8.5, 9.47953482220325e-18},    // 7.2e-15
    {20.0, 2.7536241186061556e-89}, // 2.8e-14
};

static void test_normal_sf_reference(void)
{
    for (size_t i = 0; i < N_OF(normal_rows); i++)
        CHECK_CLOSE(stats_normal_sf(normal_rows[i].z), normal_rows[i].sf, REL, "normal_sf(%g)",
                    normal_rows[i].z);
}

/* By hand: P(Z > 0) = 1/2 by symmetry; STATS_Z95 is the 0.975 quantile,
 * so P(Z > STATS_Z95) = 0.025; and P(Z > -z) = 1 - P(Z > z). */
static void test_normal_sf_hand(void)
{
    CHECK_CLOSE(stats_normal_sf(0), 0.5, 0, "sf(0)");
    CHECK_CLOSE(stats_normal_sf(STATS_Z95), 0.025, 1e-15, "sf(Z95)");
    const double z[] = {0.1, 0.7, 1.5, 2.5, 4};
    for (size_t i = 0; i < N_OF(z); i++)
        CHECK_CLOSE(stats_normal_sf(-z[i]), 1 - stats_normal_sf(z[i]), 1e-15,
                    "sf(-%g) = 1 - sf(%g)", z[i], z[i]);
}

/* ---- incomplete beta ------------------------------------------------ */

static const struct {
    double a, b, x, want;
} beta_rows[] = {
    {0.5, 0.5, 0.3, 0.3690101195655454},            // 1.0e-16
    {1.0, 1.0, 0.25, 0.25},                         // 0.0
    {2.0, 3.0, 0.4, 0.5247999999999999},            // 2.0e-16
    {10.0, 5.0, 0.7, 0.5842011862193499},           // 9.6e-17
    {0.1, 0.1, 0.5, 0.4999999999999999},            // 2.2e-16
    {5.0, 0.5, 0.99, 0.7571581091015623},           // 7.6e-17
    {100.0, 100.0, 0.5, 0.5000000000000132},        // 2.6e-14
    {100.0, 100.0, 0.45, 0.07838793271222329},      // 3.5e-14
    {500000.0, 0.5, 0.999996, 0.04550010193252583}, // 2.1e-10
    {0.5, 1000.0, 0.001, 0.8427527257339249},       // 7.7e-13
    {50.0, 50.0, 0.6, 0.9780695578699148},          // 5.6e-18
    {3.0, 7.0, 0.0, 0.0},                           // 0.0
    {3.0, 7.0, 1.0, 1.0},                           // 0.0
    {2.5, 1000.0, 0.003, 0.6950946429861214},       // 9.8e-14
    {10000.0, 10000.0, 0.505, 0.9213529911182899},  // 5.0e-14
    {0.5, 500000.0, 3.84e-06, 0.9499566414888885},  // 1.2e-11
    {7.0, 2.0, 0.999, 0.9999721117902238},          // 3.2e-17
};

static void test_inc_beta_reference(void)
{
    for (size_t i = 0; i < N_OF(beta_rows); i++)
        CHECK_CLOSE(stats_inc_beta(beta_rows[i].a, beta_rows[i].b, beta_rows[i].x),
                    beta_rows[i].want, REL, "I_%g(%g, %g)", beta_rows[i].x, beta_rows[i].a,
                    beta_rows[i].b);
}

/* Closed forms, from integrating the beta density by hand:
 *   I_x(a, 1) = x^a            (density a t^(a-1))
 *   I_x(1, b) = 1 - (1-x)^b    (density b (1-t)^(b-1))
 *   I_x(1/2, 1/2) = (2/pi) asin(sqrt x)   (arcsine law)
 * and the reflection I_x(a, b) = 1 - I_(1-x)(b, a). */
static void test_inc_beta_closed_forms(void)
{
    static const struct {
        double s, x;
    } rows[] = {
        {0.5, 0.2}, {1, 0.5}, {2, 0.9}, {3.5, 0.01}, {40, 0.97}, {0.2, 0.6},
    };
    for (size_t i = 0; i < N_OF(rows); i++) {
        double s = rows[i].s, x = rows[i].x;
        CHECK_CLOSE(stats_inc_beta(s, 1, x), pow(x, s), REL, "I_%g(%g, 1)", x, s);
        CHECK_CLOSE(stats_inc_beta(1, s, x), -expm1(s * log1p(-x)), REL, "I_%g(1, %g)", x, s);
        CHECK_CLOSE(stats_inc_beta(0.5, 0.5, x), 2 / 3.14159265358979323846 * asin(sqrt(x)), REL,
                    "I_%g(1/2, 1/2)", x);
        CHECK_CLOSE(stats_inc_beta(s, 2.5, x), 1 - stats_inc_beta(2.5, s, 1 - x), REL,
                    "reflection at a=%g x=%g", s, x);
    }
}

static void test_inc_beta_domain(void)
{
    CU_ASSERT(isnan(stats_inc_beta(0, 1, 0.5)));
    CU_ASSERT(isnan(stats_inc_beta(1, -1, 0.5)));
    CU_ASSERT(isnan(stats_inc_beta(1, 1, 1.5)));
    CU_ASSERT(isnan(stats_inc_beta(1, 1, -0.1)));
    CU_ASSERT(isnan(stats_inc_beta(NAN, 1, 0.5)));
    CU_ASSERT(stats_inc_beta(2, 3, 0) == 0);
    CU_ASSERT(stats_inc_beta(2, 3, 1) == 1);
}

/* ---- Student t ------------------------------------------------------ */

static const struct {
    double df, p, t;
} tq_rows[] = {
    {1.0, 0.975, 12.706204736174694},        // t.ppf 12.706204736432095
    {1.0, 0.995, 63.656741162871526},        // t.ppf 63.65674116287399
    {1.0, 0.5, 0.0},                         // t.ppf 8.177562772704119e-17
    {1.0, 0.025, -12.706204736174705},       // t.ppf -12.706204736432102
    {1.0, 1e-06, -318309.88618274353},       // t.ppf -318309.88618278794
    {2.0, 0.975, 4.302652729749462},         // t.ppf 4.302652729911275
    {2.0, 0.995, 9.92484320091829},          // t.ppf 9.92484320091807
    {2.0, 0.5, 0.0},                         // t.ppf 7.482931808881229e-17
    {2.0, 0.025, -4.302652729749464},        // t.ppf -4.3026527299112765
    {2.0, 1e-06, -707.1057205259339},        // t.ppf -707.1057205259351
    {3.0, 0.975, 3.182446305283708},         // t.ppf 3.182446305284263
    {3.0, 0.995, 5.840909309733356},         // t.ppf 5.84090929975643
    {3.0, 0.5, 0.0},                         // t.ppf 7.203760432571475e-17
    {3.0, 0.025, -3.182446305283709},        // t.ppf -3.1824463052842638
    {3.0, 1e-06, -103.29946778041932},       // t.ppf -103.29946802190557
    {5.0, 0.975, 2.5705818356363146},        // t.ppf 2.5705818366147395
    {5.0, 0.995, 4.032142983555228},         // t.ppf 4.032142983557536
    {5.0, 0.5, 0.0},                         // t.ppf 6.976003623003317e-17
    {5.0, 0.025, -2.5705818356363155},       // t.ppf -2.57058183661474
    {5.0, 1e-06, -24.771029720515948},       // t.ppf -24.771029720535676
    {10.0, 0.975, 2.228138851986274},        // t.ppf 2.2281388519649385
    {10.0, 0.995, 3.169272672616949},        // t.ppf 3.169272667175838
    {10.0, 0.5, 0.0},                        // t.ppf 6.80574793290978e-17
    {10.0, 0.025, -2.228138851986275},       // t.ppf -2.2281388519649385
    {10.0, 1e-06, -9.751995490940581},       // t.ppf -9.75199549094326
    {30.0, 0.975, 2.0422724563012378},       // t.ppf 2.0422724563012373
    {30.0, 0.995, 2.7499956535672254},       // t.ppf 2.7499956535670305
    {30.0, 0.5, 0.0},                        // t.ppf 6.693527296961538e-17
    {30.0, 0.025, -2.042272456301238},       // t.ppf -2.042272456301238
    {30.0, 1e-06, -5.871117120418876},       // t.ppf -5.871117120418899
    {100.0, 0.975, 1.9839715185235518},      // t.ppf 1.9839715184496334
    {100.0, 0.995, 2.6258905214380173},      // t.ppf 2.6258905205863337
    {100.0, 0.5, 0.0},                       // t.ppf 6.654605374702225e-17
    {100.0, 0.025, -1.9839715185235522},     // t.ppf -1.983971518449634
    {100.0, 1e-06, -5.048830877228346},      // t.ppf -5.048830877226452
    {1000.0, 0.975, 1.962339080826408},      // t.ppf 1.9623390808264074
    {1000.0, 0.995, 2.5807546980659506},     // t.ppf 2.580754698065942
    {1000.0, 0.5, 0.0},                      // t.ppf 6.63964962082731e-17
    {1000.0, 0.025, -1.9623390808264085},    // t.ppf -1.9623390808264078
    {1000.0, 1e-06, -4.781608620458351},     // t.ppf -4.781608620455028
    {1000000.0, 0.975, 1.959966356814107},   // t.ppf 1.9599663568141066
    {1000000.0, 0.995, 2.5758342201053344},  // t.ppf 2.575834220105334
    {1000000.0, 0.5, 0.0},                   // t.ppf 6.637991575668132e-17
    {1000000.0, 0.025, -1.9599663568141072}, // t.ppf -1.959966356814107
    {1000000.0, 1e-06, -4.753452348279681},  // t.ppf -4.753452348279681
};

static void test_t_quantile_reference(void)
{
    for (size_t i = 0; i < N_OF(tq_rows); i++)
        CHECK_CLOSE(stats_t_quantile(tq_rows[i].p, tq_rows[i].df), tq_rows[i].t, REL_T,
                    "t_quantile(%g, df %g)", tq_rows[i].p, tq_rows[i].df);
}

/* Closed forms.  df = 1 is the Cauchy: F(t) = 1/2 + atan(t)/pi, so
 * t = tan(pi (p - 1/2)) = -1/tan(pi p), the second form keeping full
 * precision for small p (for p > 1/2 use t(p) = -t(1 - p)).
 * df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2)); solving,
 * t = (2p - 1) / sqrt(2 p (1 - p)). */
static void test_t_quantile_closed_forms(void)
{
    static const double ps[] = {1e-10,  1e-6, 0.001, 0.025, 0.2,
                                0.4999, 0.6,  0.975, 0.995, 1 - 1e-6};
    const double pi = 3.14159265358979323846;
    for (size_t i = 0; i < N_OF(ps); i++) {
        double p = ps[i];
        double cauchy = p < 0.5 ? -1 / tan(pi * p) : 1 / tan(pi * (1 - p));
        CHECK_CLOSE(stats_t_quantile(p, 1), cauchy, REL_T, "df 1, p %g", p);
        double two = (2 * p - 1) / sqrt(2 * p * (1 - p));
        CHECK_CLOSE(stats_t_quantile(p, 2), two, REL_T, "df 2, p %g", p);
    }
}

/* The quantile inverts the CDF, for df from 1 to 1e6 and p over
 * (1e-10, 1 - 1e-10); and it is odd about p = 1/2. */
static void test_t_quantile_round_trip(void)
{
    static const double dfs[] = {1, 1.5, 2, 3, 4, 7, 12, 29, 60, 250, 1e4, 1e6};
    static const double ps[] = {1e-10, 3e-8,  1e-4, 0.01, 0.05, 0.25,     0.45,
                                0.499, 0.501, 0.7,  0.9,  0.99, 1 - 1e-10};
    for (size_t i = 0; i < N_OF(dfs); i++)
        for (size_t j = 0; j < N_OF(ps); j++) {
            double t = stats_t_quantile(ps[j], dfs[i]);
            CHECK_CLOSE(stats_t_cdf(t, dfs[i]), ps[j], 1e-12, "cdf(quantile(%g)), df %g", ps[j],
                        dfs[i]);
            /* 1 - q is exact for q >= 1/2; 1 - (1 - p) need not be p. */
            double q = ps[j] >= 0.5 ? ps[j] : 1 - ps[j];
            CHECK_CLOSE(stats_t_quantile(q, dfs[i]), -stats_t_quantile(1 - q, dfs[i]), 1e-12,
                        "odd at %g, df %g", q, dfs[i]);
        }
}

static const struct {
    double t, df, f;
} tcdf_rows[] = {
    {-2.0, 1.0, 0.1475836176504332},         // 4.5e-16
    {2.5, 2.0, 0.9351941398892446},          // 7.3e-18
    {-1.96, 1000000.0, 0.02499803379263489}, // 1.7e-16
    {0.0, 5.0, 0.5},                         // 0.0
    {3.0, 10.0, 0.9933281724887152},         // 2.3e-17
    {-4.75, 1000.0, 1.1656691139754853e-06}, // 2.2e-15
    {12.7, 1.0, 0.9749878361553279},         // 6.3e-18
    {-0.3, 30.0, 0.3831230526421764},        // 5.7e-17
    {1000.0, 3.0, 0.9999999988973461},       // 3.6e-17
    {-60.0, 4.0, 2.3105343638175676e-07},    // 1.4e-15
};

static void test_t_cdf_reference(void)
{
    for (size_t i = 0; i < N_OF(tcdf_rows); i++)
        CHECK_CLOSE(stats_t_cdf(tcdf_rows[i].t, tcdf_rows[i].df), tcdf_rows[i].f, REL,
                    "t_cdf(%g, df %g)", tcdf_rows[i].t, tcdf_rows[i].df);
}

/* By hand: df = 1, F(-2) = 1/2 + atan(-2)/pi = 0.5 - 0.3524163823495667
 * = 0.14758361765043326; df = 2, F(2.5) = 1/2 + 2.5/(2 sqrt(8.25))
 * = 0.5 + 2.5/5.744562646538029 = 0.9351941398892446. */
static void test_t_cdf_hand(void)
{
    CHECK_CLOSE(stats_t_cdf(-2, 1), 0.5 + atan(-2) / 3.14159265358979323846, REL, "df 1, t -2");
    CHECK_CLOSE(stats_t_cdf(2.5, 2), 0.5 + 2.5 / (2 * sqrt(8.25)), REL, "df 2, t 2.5");
    CHECK_CLOSE(stats_t_cdf(0, 7), 0.5, 0, "median");
    CHECK_CLOSE(stats_t_cdf(-INFINITY, 7), 0, 0, "-inf");
    CHECK_CLOSE(stats_t_cdf(INFINITY, 7), 1, 0, "+inf");
}

static void test_t_domain(void)
{
    CU_ASSERT(isnan(stats_t_quantile(0, 5)));
    CU_ASSERT(isnan(stats_t_quantile(1, 5)));
    CU_ASSERT(isnan(stats_t_quantile(0.5, 0)));
    CU_ASSERT(isnan(stats_t_quantile(NAN, 5)));
    CU_ASSERT(isnan(stats_t_cdf(1, -1)));
    CU_ASSERT(isnan(stats_t_cdf(NAN, 3)));
}

/* ---- Wilson --------------------------------------------------------- */

static const struct {
    double a, n, lo, hi;
} wilson_rows[] = {
    {3.0, 10.0, 0.10779126740630104, 0.6032218525388546},
    {0.0, 10.0, 0.0, 0.2775327998628892},
    {10.0, 10.0, 0.7224672001371109, 1.0},
    {0.0, 1.0, 0.0, 0.7934506856227626},
    {1.0, 1.0, 0.20654931437723745, 1.0},
    {1.0, 2.0, 0.09453120573423074, 0.9054687942657693},
    {50.0, 100.0, 0.4038315303659956, 0.5961684696340044},
    {1.0, 1000.0, 0.00017654637062607809, 0.0056425585979579355},
    {999.0, 1000.0, 0.9943574414020421, 0.9998234536293739},
    {17.0, 23.0, 0.5352999516257464, 0.8745138395501366},
};

static void test_wilson_reference(void)
{
    for (size_t i = 0; i < N_OF(wilson_rows); i++) {
        double lo, hi;
        stats_wilson(wilson_rows[i].a, wilson_rows[i].n, STATS_Z95, &lo, &hi);
        CHECK_CLOSE(lo, wilson_rows[i].lo, REL, "lo %g/%g", wilson_rows[i].a, wilson_rows[i].n);
        CHECK_CLOSE(hi, wilson_rows[i].hi, REL, "hi %g/%g", wilson_rows[i].a, wilson_rows[i].n);
    }
}

/* 3 successes in 10, by hand, z = 1.959963984540054:
 *   z^2 = 3.8414588206941254
 *   centre = (a + z^2/2) / (n + z^2) = 4.920729410347063 / 13.841458820694125
 *          = 0.35550655997257785
 *   half = z sqrt(a (n - a) / n + z^2/4) / (n + z^2)
 *        = 1.959963984540054 * sqrt(2.1 + 0.9603647051735314) / 13.8414588...
 *        = 1.959963984540054 * 1.7493898093831264 / 13.841458820694125
 *        = 0.2477152925662768
 *   [lo, hi] = [0.1077912674063010, 0.6032218525388547].
 * Independently of that formula, each bound pi solves the score equation
 * n (a/n - pi)^2 = z^2 pi (1 - pi). */
static void test_wilson_hand(void)
{
    double lo, hi, z = STATS_Z95;
    stats_wilson(3, 10, z, &lo, &hi);
    CHECK_CLOSE(lo, 0.35550655997257785 - 0.2477152925662768, REL, "3/10 lo");
    CHECK_CLOSE(hi, 0.35550655997257785 + 0.2477152925662768, REL, "3/10 hi");
    double bound[2] = {lo, hi};
    for (int i = 0; i < 2; i++) {
        double pi = bound[i];
        double lhs = 10 * (0.3 - pi) * (0.3 - pi), rhs = z * z * pi * (1 - pi);
        CHECK_CLOSE(lhs, rhs, 1e-12, "score equation at bound %d", i);
    }
}

/* The ends by hand.  a = 0: centre = half = (z^2/2) / (n + z^2), so
 * lo = 0 exactly and hi = z^2 / (n + z^2).  a = n: by symmetry hi = 1 and
 * lo = n / (n + z^2).  n = 1, z^2 = 3.8414588206941254: 0/1 gives
 * [0, 0.7934506856227626], 1/1 gives [0.20654931437723742, 1]. */
static void test_wilson_ends(void)
{
    double z = STATS_Z95, z2 = z * z, lo, hi;
    static const double ns[] = {1, 2, 10, 1000, 123456};
    for (size_t i = 0; i < N_OF(ns); i++) {
        double n = ns[i];
        stats_wilson(0, n, z, &lo, &hi);
        CHECK_CLOSE(lo, 0, 0, "0/%g lo", n);
        CHECK_CLOSE(hi, z2 / (n + z2), REL, "0/%g hi", n);
        stats_wilson(n, n, z, &lo, &hi);
        CHECK_CLOSE(lo, n / (n + z2), REL, "%g/%g lo", n, n);
        CHECK_CLOSE(hi, 1, 0, "%g/%g hi", n, n);
    }
    stats_wilson(0, 1, z, &lo, &hi);
    CHECK_CLOSE(hi, 0.7934506856227626, REL, "0/1 hi");
    stats_wilson(1, 1, z, &lo, &hi);
    CHECK_CLOSE(lo, 0.20654931437723742, REL, "1/1 lo");
}

static void test_wilson_empty(void)
{
    double lo = 0, hi = 0;
    stats_wilson(0, 0, STATS_Z95, &lo, &hi);
    CU_ASSERT(isnan(lo) && isnan(hi));
}

/* ---- paired differences --------------------------------------------- */

typedef struct paired_case {
    const char *name;
    long dmin;
    size_t width;
    long long counts[10];
    stats_paired want; /* n, mean, sd, ci_lo, ci_hi, dz, improved, same,
                            worse, wilcoxon_p */
} paired_case;

static const paired_case paired_rows[] = {
    {"empty", 0, 0, {0}, {0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN}},
    {"zero counts", -1, 3, {0, 0, 0}, {0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN}},
    {"one pair", 2, 1, {1}, {1, 2.0, NAN, NAN, NAN, NAN, 1.0, 0.0, 0.0, 1.0}},
    {"all zero", 0, 1, {5}, {5, 0.0, 0.0, 0.0, 0.0, NAN, 0.0, 1.0, 0.0, NAN}},
    {"constant 3", 3, 1, {4}, {4, 3.0, 0.0, 3.0, 3.0, NAN, 1.0, 0.0, 0.0, 0.07186063822585158}},
    {"balanced",
     -1,
     3,
     {1, 0, 1},
     {2, 0.0, 1.4142135623730951, -12.706204736174694, 12.706204736174694, 0.0, 0.5, 0.0, 0.5,
      1.0}},
    {"ties and zeros",
     -1,
     5,
     {1, 2, 2, 2, 1},
     {8, 1.0, 1.3093073414159542, -0.09460833026711302, 2.0946083302671132, 0.7637626158259734,
      0.625, 0.25, 0.125, 0.08898415384687434}},
    {"offset",
     2,
     3,
     {1, 0, 2},
     {3, 3.3333333333333335, 1.1547005383792515, 0.46489818016702555, 6.201768486499642,
      2.886751345948129, 1.0, 0.0, 0.0, 0.17356816655592167}},
    {"negative",
     -4,
     5,
     {3, 6, 9, 4, 2},
     {24, -2.1666666666666665, 1.1293194051465598, -2.6435364288147447, -1.689796904518588,
      -1.9185596712433033, 0.0, 0.08333333333333333, 0.9166666666666666, 3.5189360437347434e-05}},
    {"skewed 200",
     -3,
     10,
     {2, 5, 14, 40, 52, 38, 24, 14, 7, 4},
     {200, 1.425, 1.7491922040856946, 1.181095464944287, 1.668904535055713, 0.8146617602522701,
      0.695, 0.2, 0.105, 8.084552485820762e-20}},
    {"large",
     -2,
     5,
     {300000, 200000, 300000, 205000, 295000},
     {1300000, -0.0038461538461538464, 1.463657933851746, -0.0063621872948742084,
      -0.0013301203974334843, -0.002627768249123858, 0.38461538461538464, 0.23076923076923078,
      0.38461538461538464, 7.177198481819054e-06}},
};

static void check_paired(const stats_paired *got, const stats_paired *want, int line,
                         const char *name)
{
    char what[160];
    snprintf(what, sizeof what, "%s: n %lld, want %lld", name, got->n, want->n);
    CU_assertImplementation(got->n == want->n ? CU_TRUE : CU_FALSE, (unsigned)line, what, __FILE__,
                            "", CU_FALSE);
    const struct {
        const char *field;
        double g, w;
    } f[] = {
        {"mean", got->mean, want->mean},
        {"sd", got->sd, want->sd},
        {"ci_lo", got->ci_lo, want->ci_lo},
        {"ci_hi", got->ci_hi, want->ci_hi},
        {"dz", got->dz, want->dz},
        {"improved", got->pct_improved, want->pct_improved},
        {"same", got->pct_same, want->pct_same},
        {"worse", got->pct_worse, want->pct_worse},
        {"wilcoxon_p", got->wilcoxon_p, want->wilcoxon_p},
    };
    for (size_t i = 0; i < N_OF(f); i++) {
        snprintf(what, sizeof what, "%s: %s", name, f[i].field);
        check_close(f[i].g, f[i].w, REL, line, what);
        /* docs/manual/methods.md: never inf. */
        snprintf(what, sizeof what, "%s: %s is inf", name, f[i].field);
        CU_assertImplementation(isinf(f[i].g) ? CU_FALSE : CU_TRUE, (unsigned)line, what, __FILE__,
                                "", CU_FALSE);
    }
}

static void test_paired_reference(void)
{
    for (size_t i = 0; i < N_OF(paired_rows); i++) {
        const paired_case *c = &paired_rows[i];
        stats_paired got;
        stats_paired_from_histogram(c->width ? c->counts : NULL, c->dmin, c->width, &got);
        check_paired(&got, &c->want, __LINE__, c->name);
    }
}

/* Ties and zeros, by hand.  Differences -1, 0, 0, 1, 1, 2, 2, 3 (n = 8).
 *   mean = 8/8 = 1; deviations -2 -1 -1 0 0 1 1 2, squares sum to 12, so
 *   sd = sqrt(12/7) = 1.3093073414159542 and dz = 1/sd = 0.7637626158259734;
 *   CI = 1 -/+ t(0.975, 7) sd / sqrt(8), t(0.975, 7) = 2.3646242515927844
 *   (reference), sd/sqrt(8) = 0.46291004988627565.
 *   improved 5/8, same 2/8, worse 1/8.
 * Wilcoxon: drop the two zeros, n = 6; |d| = 1 1 1 2 2 3 get ranks
 *   2 2 2 (1..3 averaged), 4.5 4.5 (4..5), 6.
 *   W+ = 2 + 2 + 4.5 + 4.5 + 6 = 19, W- = 2 (sum 21 = 6*7/2).
 *   mean = n(n+1)/4 = 10.5
 *   var = n(n+1)(2n+1)/24 - sum(t^3 - t)/48 = 546/24 - (24 + 6)/48
 *       = 22.75 - 0.625 = 22.125
 *   z = (|19 - 10.5| - 0.5) / sqrt(22.125) = 8 / 4.703721930556695
 *     = 1.7007808110487486
 *   p = 2 P(Z > z) = erfc(z / sqrt 2) = 0.08898415384687433. */
static void test_paired_hand(void)
{
    const long long hist[] = {1, 2, 2, 2, 1}; /* d = -1 .. 3 */
    stats_paired got;
    stats_paired_from_histogram(hist, -1, N_OF(hist), &got);
    double sd = sqrt(12.0 / 7), t7 = 2.3646242515927844;
    stats_paired want = {
        8,
        1,
        sd,
        1 - t7 * sd / sqrt(8),
        1 + t7 * sd / sqrt(8),
        1 / sd,
        5.0 / 8,
        2.0 / 8,
        1.0 / 8,
        erfc(8 / sqrt(22.125) / sqrt(2)),
    };
    check_paired(&got, &want, __LINE__, "ties and zeros by hand");
    CHECK_CLOSE(stats_t_quantile(0.975, 7), t7, REL_T, "t(0.975, 7)");
}

/* The null rules of docs/manual/methods.md, by hand.
 *   n = 0: everything NAN but n.
 *   one pair d = 2: mean 2, fractions 1/0/0; sd, CI, dz NAN; Wilcoxon
 *     n = 1, W+ = 1, mean 1/2, |1 - 1/2| - 1/2 = 0, so p = 1.
 *   five zeros: mean 0, sd 0, CI [0, 0], dz NAN, Wilcoxon NAN (nothing
 *     left after dropping zeros).
 *   four of d = 3: sd 0, so dz NAN and CI [3, 3]; Wilcoxon: one tie block
 *     of 4, ranks 2.5 each, W+ = 10, mean 5, var = 4*5*9/24 - 60/48 = 6.25,
 *     z = (5 - 0.5)/2.5 = 1.8, p = erfc(1.8/sqrt 2) = 0.07186063822585162.
 *   d = -1 and 1: W+ = 1.5 = mean, the corrected distance is floored at
 *     0 and p = 1 (never above 1). */
static void test_paired_null_rules(void)
{
    stats_paired got;
    stats_paired_from_histogram(NULL, 0, 0, &got);
    CU_ASSERT(got.n == 0 && isnan(got.mean) && isnan(got.sd) && isnan(got.dz));
    CU_ASSERT(isnan(got.ci_lo) && isnan(got.ci_hi) && isnan(got.wilcoxon_p));
    CU_ASSERT(isnan(got.pct_improved) && isnan(got.pct_same) && isnan(got.pct_worse));

    const long long one[] = {1};
    stats_paired_from_histogram(one, 2, 1, &got);
    CU_ASSERT(got.n == 1 && got.mean == 2);
    CU_ASSERT(isnan(got.sd) && isnan(got.ci_lo) && isnan(got.ci_hi) && isnan(got.dz));
    CU_ASSERT(got.pct_improved == 1 && got.pct_same == 0 && got.pct_worse == 0);
    CU_ASSERT(got.wilcoxon_p == 1);

    const long long zeros[] = {0, 5, 0};
    stats_paired_from_histogram(zeros, -1, 3, &got);
    CU_ASSERT(got.n == 5 && got.mean == 0 && got.sd == 0);
    CU_ASSERT(got.ci_lo == 0 && got.ci_hi == 0 && isnan(got.dz));
    CU_ASSERT(isnan(got.wilcoxon_p));
    CU_ASSERT(got.pct_same == 1);

    const long long threes[] = {0, 4};
    stats_paired_from_histogram(threes, 2, 2, &got);
    CU_ASSERT(got.n == 4 && got.mean == 3 && got.sd == 0);
    CU_ASSERT(got.ci_lo == 3 && got.ci_hi == 3 && isnan(got.dz));
    CHECK_CLOSE(got.wilcoxon_p, erfc(1.8 / sqrt(2)), REL, "four threes p");

    const long long balanced[] = {1, 0, 1};
    stats_paired_from_histogram(balanced, -1, 3, &got);
    CU_ASSERT(got.wilcoxon_p == 1);
    CU_ASSERT(got.mean == 0 && got.dz == 0);
}

/* The histogram's placement does not matter: the same differences
 * with empty bins around them give the same summary. */
static void test_paired_padding(void)
{
    const long long tight[] = {3, 6, 9, 4, 2};                 /* -4 .. 0 */
    const long long padded[] = {0, 0, 3, 6, 9, 4, 2, 0, 0, 0}; /* -6 .. 3 */
    stats_paired a, b;
    stats_paired_from_histogram(tight, -4, N_OF(tight), &a);
    stats_paired_from_histogram(padded, -6, N_OF(padded), &b);
    check_paired(&b, &a, __LINE__, "padded");
}

/* Far from zero, by hand: differences 1e9, 1e9 + 1, 1e9 + 1.
 *   mean = 1e9 + 2/3; deviations -2/3, 1/3, 1/3, squares sum to 6/9, so
 *   sd = sqrt(1/3) (a one-pass sum of squares, ~3e18, would lose it all).
 *   Wilcoxon: ranks 1, 2.5, 2.5, all positive: W+ = 6, mean 3,
 *   var = 3*4*7/24 - (2^3 - 2)/48 = 3.5 - 0.125 = 3.375,
 *   z = (3 - 0.5) / sqrt(3.375), p = erfc(z / sqrt 2).
 * The rank walk covers only the |d| the bins hold, so this is quick. */
static void test_paired_far(void)
{
    const long long hist[] = {1, 2};
    stats_paired got;
    stats_paired_from_histogram(hist, 1000000000L, 2, &got);
    CU_ASSERT(got.n == 3);
    CHECK_CLOSE(got.mean, 1e9 + 2.0 / 3, REL, "far mean");
    CHECK_CLOSE(got.sd, sqrt(1.0 / 3), REL, "far sd");
    CHECK_CLOSE(got.wilcoxon_p, erfc(2.5 / sqrt(3.375) / sqrt(2)), REL, "far p");
    CHECK_CLOSE(got.pct_improved, 1, 0, "far improved");
}

int main(void)
{
    static CU_TestInfo normal[] = {
        {"normal_sf matches scipy", test_normal_sf_reference},
        {"normal_sf by hand", test_normal_sf_hand},
        CU_TEST_INFO_NULL,
    };
    static CU_TestInfo beta[] = {
        {"inc_beta matches scipy", test_inc_beta_reference},
        {"inc_beta closed forms", test_inc_beta_closed_forms},
        {"inc_beta domain", test_inc_beta_domain},
        CU_TEST_INFO_NULL,
    };
    static CU_TestInfo t[] = {
        {"t_quantile matches scipy to 1e-12", test_t_quantile_reference},
        {"t_quantile closed forms df 1 and 2", test_t_quantile_closed_forms},
        {"t_quantile inverts t_cdf", test_t_quantile_round_trip},
        {"t_cdf matches scipy", test_t_cdf_reference},
        {"t_cdf by hand", test_t_cdf_hand},
        {"t domain", test_t_domain},
        CU_TEST_INFO_NULL,
    };
    static CU_TestInfo wilson[] = {
        {"wilson matches scipy", test_wilson_reference},
        {"wilson 3/10 by hand", test_wilson_hand},
        {"wilson at 0 and n", test_wilson_ends},
        {"wilson n = 0", test_wilson_empty},
        CU_TEST_INFO_NULL,
    };
    static CU_TestInfo paired[] = {
        {"paired matches scipy", test_paired_reference},
        {"paired ties and zeros by hand", test_paired_hand},
        {"paired null rules", test_paired_null_rules},
        {"paired histogram padding", test_paired_padding},
        {"paired far from zero", test_paired_far},
        CU_TEST_INFO_NULL,
    };
    cunit_tap_add("normal", normal);
    cunit_tap_add("inc_beta", beta);
    cunit_tap_add("t", t);
    cunit_tap_add("wilson", wilson);
    cunit_tap_add("paired", paired);
    return cunit_tap_run();
}
