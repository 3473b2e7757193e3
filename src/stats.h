/* stats.h - the statistics of docs/manual/methods.md, exact rather than tabled.
 *
 * The normal tail comes from libm's erfc; the Student t distribution from
 * the regularised incomplete beta function (continued fraction, via
 * lgamma); the t quantile by Newton's method on that CDF.  NAN stands for
 * "not defined" (null in the summary, n/a in the workbook).
 */
#ifndef THRIVE_STATS_H
#define THRIVE_STATS_H

#include <stddef.h>

/* The 0.975 quantile of the standard normal distribution. */
#define STATS_Z95 1.959963984540054

/* Upper tail P(Z > z) of the standard normal. */
double stats_normal_sf(double z);

/* Regularised incomplete beta function I_x(a, b), a, b > 0, 0 <= x <= 1. */
double stats_inc_beta(double a, double b, double x);

/* Student t with DF degrees of freedom (DF > 0): CDF and quantile
 * (0 < P < 1).  The quantile is accurate to about 1e-12 relative. */
double stats_t_cdf(double t, double df);
double stats_t_quantile(double p, double df);

/* Wilson score interval for A successes in N trials at normal quantile Z.
 * Sets lo and hi to NAN when N == 0. */
void stats_wilson(double a, double n, double z, double *lo, double *hi);

/* Paired differences summarised from a histogram: HIST[i] is the number of
 * pairs whose difference is DMIN + i, for i in [0, WIDTH). */
typedef struct stats_paired {
    long long n;                              /* pairs */
    double mean;                              /* mean difference; NAN when n == 0 */
    double sd;                                /* sample sd (n - 1); NAN when n < 2 */
    double ci_lo, ci_hi;                      /* 95% t interval of the mean; NAN when n < 2;
                             [mean, mean] when sd == 0 */
    double dz;                                /* mean / sd; NAN when n < 2 or sd == 0 */
    double pct_improved, pct_same, pct_worse; /* fractions; NAN when n == 0 */
    double wilcoxon_p;                        /* two-sided signed-rank p, normal approximation
                             with tie and continuity correction, zeros
                             dropped; NAN when n == 0 or all are zero */
} stats_paired;

void stats_paired_from_histogram(const long long *hist, long dmin, size_t width, stats_paired *out);

#endif
