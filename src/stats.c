/* stats.c - exact intervals and tests (see stats.h). */
#include "stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

/* M_SQRT2 and friends are POSIX, not C11. */
#define STATS_SQRT2       1.41421356237309504880
#define STATS_LN_SQRT_2PI 0.91893853320467274178

/* Terms of the incomplete beta continued fraction.  Near the switch point
 * it needs O(sqrt(max(a, b))) terms: a few hundred at df = 1e6. */
#define BETA_CF_MAXIT 1000000

/* Newton iterations for the t quantile; it normally takes under ten. */
#define T_QUANTILE_MAXIT 200

double stats_normal_sf(double z)
{
    return 0.5 * erfc(z / STATS_SQRT2);
}

/* lgamma(x) - Stirling's approximation, for x >= 10, by its asymptotic
 * series (Bernoulli numbers); the last term kept is below 1e-16 at 10. */
static double lgamma_corr(double x)
{
    double r = 1.0 / (x * x);
    return (1.0 / 12 +
            r * (-1.0 / 360 +
                 r * (1.0 / 1260 +
                      r * (-1.0 / 1680 +
                           r * (1.0 / 1188 + r * (-691.0 / 360360 +
                                                  r * (1.0 / 156 + r * (-3617.0 / 122400)))))))) /
           x;
}

/* log B(a, b).  lgamma(a) + lgamma(b) - lgamma(a + b) cancels badly when
 * an argument is large (lgamma(5e5) ~ 6e6, so ~1e-9 absolute error), which
 * would cap the t quantile at df = 1e6 near 1e-10; so for large arguments
 * the Stirling terms are cancelled by hand and only the small corrections
 * are subtracted. */
static double beta_log(double a, double b)
{
    double p = fmin(a, b), q = fmax(a, b);
    if (p >= 10) {
        double corr = lgamma_corr(p) + lgamma_corr(q) - lgamma_corr(p + q);
        return STATS_LN_SQRT_2PI - 0.5 * log(q) + corr + (p - 0.5) * log(p / (p + q)) +
               q * log1p(-p / (p + q));
    }
    if (q >= 10) {
        double corr = lgamma_corr(q) - lgamma_corr(p + q);
        return lgamma(p) + corr + p - p * log(p + q) + (q - 0.5) * log1p(-p / (p + q));
    }
    return lgamma(p) + lgamma(q) - lgamma(p + q);
}

/* One step of the modified Lentz method for b0 + a1/(b1 + a2/(b2 + ...)):
 * folds in the term (AJ, BJ) and returns the factor it changed F by. */
static double lentz_step(double aj, double bj, double *f, double *c, double *d)
{
    const double tiny = DBL_MIN / DBL_EPSILON;
    *d = bj + aj * *d;
    if (fabs(*d) < tiny)
        *d = tiny;
    *c = bj + aj / *c;
    if (fabs(*c) < tiny)
        *c = tiny;
    *d = 1 / *d;
    double delta = *c * *d;
    *f *= delta;
    return delta;
}

/* I_x(a, b) / (x^a y^b / B(a, b)) by the continued fraction of DiDonato
 * and Morris (TOMS 708, BFRAC), evaluated by the modified Lentz method;
 * converges fast for x < (a+1)/(a+b+2).  It is the classical fraction
 * (Numerical Recipes' betacf) contracted and rearranged about
 * LAMBDA = a - (a+b)x: the classical one has partial denominators
 * 1 - x(1 - O(1/a)) that cancel when a is large, and at df = 1e6 the
 * t CDF lost five digits to them.  Here nothing cancels, given LAMBDA
 * computed without cancellation by the caller. */
static double beta_cf(double a, double b, double x, double y, double lambda)
{
    double c0 = b / a, c1 = 1 / a + 1, c = lambda + 1;
    double f = DBL_MIN / DBL_EPSILON, lc = f, ld = 0;
    lentz_step(1, c / c1, &f, &lc, &ld);
    double p = 1, s = a + 1;
    for (long n = 1; n <= BETA_CF_MAXIT; n++) {
        double dn = (double)n, t = dn / a, w = dn * (b - dn) * x, e = a / s;
        double alpha = p * (p + c0) * e * e * (w * x);
        e = (t + 1) / (c1 + t + t);
        double beta = dn + w / s + e * (c + dn * (y + 1));
        p = t + 1;
        s += 2;
        if (fabs(lentz_step(alpha, beta, &f, &lc, &ld) - 1) <= DBL_EPSILON)
            break;
    }
    return f;
}

/* x^a y^b / B(a, b) times the continued fraction, with y = 1 - x
 * passed in so that callers who know y better than 1 - x (the t
 * distribution far out in its tail) lose nothing to the subtraction. */
static double beta_front_cf(double a, double b, double x, double y, double lambda)
{
    double lx = x < 0.5 ? log(x) : log1p(-y);
    double ly = y < 0.5 ? log(y) : log1p(-x);
    return exp(a * lx + b * ly - beta_log(a, b)) * beta_cf(a, b, x, y, lambda);
}

/* I_x(a, b) and its complement 1 - I_x(a, b) = I_y(b, a), given y = 1 - x
 * and lambda = a - (a+b)x; whichever the continued fraction gives directly
 * is exact to rounding, the other is one subtraction away. */
static void beta_reg_pair(double a, double b, double x, double y, double lambda, double *ix,
                          double *iy)
{
    if (x <= 0) {
        *ix = 0;
        *iy = 1;
    } else if (y <= 0) {
        *ix = 1;
        *iy = 0;
    } else if (x > (a + 1) / (a + b + 2)) {
        *iy = beta_front_cf(b, a, y, x, -lambda);
        *ix = 1 - *iy;
    } else {
        *ix = beta_front_cf(a, b, x, y, lambda);
        *iy = 1 - *ix;
    }
}

double stats_inc_beta(double a, double b, double x)
{
    if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1) || isinf(a) || isinf(b))
        return NAN;
    /* lambda = a - (a+b)x = (a+b)y - b; near the switch point, where it
     * matters, the form with the smaller of x and y rounds least. */
    double y = 1 - x;
    double lambda = a > b ? (a + b) * y - b : a - (a + b) * x;
    double ix, iy;
    beta_reg_pair(a, b, x, y, lambda, &ix, &iy);
    return ix;
}

/* For t <= 0: the lower tail F(t) = I_x(df/2, 1/2) / 2 with
 * x = df / (df + t^2), and G = 1/2 - F, each as exact as the beta pair.
 * x, y = 1 - x and lambda = df (t^2 - 1) / (2 (df + t^2)) are formed
 * without cancelling (lambda enters only as lambda + 1, so t^2 - 1 does no
 * harm), and beyond |t| = 1 divided through by t^2, which may overflow. */
static void t_lower(double t, double df, double *f, double *g)
{
    double x, y, lambda, at = fabs(t);
    if (at <= 1) {
        double t2 = t * t;
        x = df / (df + t2);
        y = t2 / (df + t2);
        lambda = df * (t2 - 1) / (2 * (df + t2));
    } else {
        double r = df / at / at, s = 1 / at / at;
        x = r / (1 + r);
        y = 1 / (1 + r);
        lambda = df * (1 - s) / (2 * (1 + r));
    }
    double ix, iy;
    beta_reg_pair(df / 2, 0.5, x, y, lambda, &ix, &iy);
    *f = ix / 2;
    *g = iy / 2;
}

/* The t density, with the same log B as the CDF. */
static double t_pdf(double t, double df)
{
    double q = fabs(t) / sqrt(df);
    double l = q < 1e150 ? log1p(q * q) : 2 * log(q);
    return exp(-(df + 1) / 2 * l - 0.5 * log(df) - beta_log(df / 2, 0.5));
}

double stats_t_cdf(double t, double df)
{
    if (isnan(t) || !(df > 0) || isinf(df))
        return NAN;
    double f, g;
    t_lower(-fabs(t), df, &f, &g);
    return t <= 0 ? f : 0.5 + g;
}

/* Standard normal lower quantile, p < 0.5, to 4.5e-4 (Abramowitz and
 * Stegun 26.2.23): only a starting point for Newton. */
static double normal_quantile_rough(double p)
{
    double s = sqrt(-2 * log(p));
    return -(s - (2.515517 + s * (0.802853 + s * 0.010328)) /
                     (1 + s * (1.432788 + s * (0.189269 + s * 0.001308))));
}

/* A starting point for Newton, p < 0.5.  Near the median, the tangent
 * there.  Otherwise the Cornish-Fisher expansion about the normal quantile
 * (Abramowitz and Stegun 26.7.5), good for large df, or the leading term
 * of the tail, F ~ x^a / (2 a B(a, 1/2)) with a = df/2, good for small df
 * where the expansion falls far short; the one further out is the
 * better. */
static double t_quantile_start(double p, double df)
{
    if (p > 0.3)
        return -(0.5 - p) / t_pdf(0, df);
    double z = normal_quantile_rough(p);
    double z2 = z * z;
    double g1 = (z2 + 1) * z / 4;
    double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
    double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
    double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
    double t = z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
    if (!(t < 0))
        t = z;
    double a = df / 2;
    double lx = (log(2 * p) + log(a) + beta_log(a, 0.5)) / a;
    if (lx < 0) {
        double tail = -sqrt(df * expm1(-lx));
        if (tail < t)
            t = tail;
    }
    return t;
}

double stats_t_quantile(double p, double df)
{
    if (!(p > 0 && p < 1) || !(df > 0) || isinf(df))
        return NAN;
    if (p == 0.5)
        return 0;
    /* Work in the lower tail, where p is held to full relative precision;
     * 1 - p is exact for p >= 0.5. */
    if (p > 0.5)
        return -stats_t_quantile(1 - p, df);

    /* Newton on log F in u = log(-t): the Cauchy-like tails of small df
     * are then nearly straight lines, so a poor start costs a step or two,
     * and t = -exp(u) can never cross zero.  The residual F - p is taken
     * from whichever of F and 1/2 - F is exact. */
    double t = t_quantile_start(p, df);
    double prev = INFINITY;
    for (int it = 0; it < T_QUANTILE_MAXIT; it++) {
        double f, g;
        t_lower(t, df, &f, &g);
        double res = p <= 0.25 ? f - p : (0.5 - p) - g;
        if (res == 0 || f <= 0)
            break;
        double dlog = log1p(res / p);        /* log F - log p */
        double slope = t_pdf(t, df) * t / f; /* d log F / du, < 0 */
        double du = -dlog / slope;
        if (du > 2)
            du = 2;
        else if (du < -2)
            du = -2;
        t *= exp(du);
        double step = fabs(du);
        if (step <= 2 * DBL_EPSILON)
            break;
        /* Converged to the rounding noise of F. */
        if (step < 1e-9 && step >= prev / 2)
            break;
        prev = step;
    }
    return t;
}

void stats_wilson(double a, double n, double z, double *lo, double *hi)
{
    if (!(n > 0) || !(a >= 0) || !(a <= n) || isinf(n)) {
        *lo = *hi = NAN;
        return;
    }
    double z2 = z * z;
    double centre = (a + z2 / 2) / (n + z2);
    double half = z * sqrt(a * (n - a) / n + z2 / 4) / (n + z2);
    *lo = centre - half;
    *hi = centre + half;
    /* Exactly 0 and 1 in real arithmetic at the ends; rounding may not say
     * so, and a bound just outside [0, 1] would look like an error. */
    if (a == 0 || *lo < 0)
        *lo = 0;
    if (a == n || *hi > 1)
        *hi = 1;
}

/* Count of pairs whose difference is D, or 0 outside the histogram. */
static double hist_count(const long long *hist, long dmin, size_t width, long long d)
{
    long long i = d - (long long)dmin;
    if (i < 0 || (unsigned long long)i >= (unsigned long long)width)
        return 0;
    return (double)hist[i];
}

/* Two-sided signed-rank p by the normal approximation, zeros dropped,
 * matching scipy.stats.wilcoxon(zero_method='wilcox', correction=True,
 * method='approx').  The ranks of |d| come in blocks of equal |d|, so they
 * are found by walking |d| upwards and never need the pairs. */
static double wilcoxon_p(const long long *hist, long dmin, size_t width)
{
    if (width == 0)
        return NAN;
    /* The |d| the histogram can hold: no more values than it has bins. */
    long long lo = dmin, hi = (long long)dmin + (long long)width - 1;
    long long kmin = lo > 0 ? lo : hi < 0 ? -hi : 1;
    long long kmax = llabs(lo) > llabs(hi) ? llabs(lo) : llabs(hi);
    double below = 0, w_plus = 0, ties = 0;
    for (long long k = kmin; k <= kmax; k++) {
        double pos = hist_count(hist, dmin, width, k);
        double neg = hist_count(hist, dmin, width, -k);
        double c = pos + neg;
        if (c == 0)
            continue;
        /* Ranks below + 1 .. below + c share their average. */
        w_plus += pos * (below + (c + 1) / 2);
        ties += (c * c - 1) * c;
        below += c;
    }
    double nz = below;
    if (nz == 0)
        return NAN;
    double mean = nz * (nz + 1) / 4;
    double var = nz * (nz + 1) * (2 * nz + 1) / 24 - ties / 48;
    /* W+ and the mean are multiples of 1/2, so |W+ - mean| - 1/2 is
     * negative only when W+ == mean; scipy then uses no correction. */
    double dist = fabs(w_plus - mean) - 0.5;
    if (dist < 0)
        dist = 0;
    double p = 2 * stats_normal_sf(dist / sqrt(var));
    return p > 1 ? 1 : p;
}

void stats_paired_from_histogram(const long long *hist, long dmin, size_t width, stats_paired *out)
{
    long long n = 0, improved = 0, same = 0, worse = 0;
    double sum = 0;
    for (size_t i = 0; i < width; i++) {
        long long d = (long long)dmin + (long long)i;
        n += hist[i];
        sum += (double)hist[i] * (double)d;
        if (d > 0)
            improved += hist[i];
        else if (d == 0)
            same += hist[i];
        else
            worse += hist[i];
    }
    out->n = n;
    out->mean = out->sd = out->ci_lo = out->ci_hi = out->dz = NAN;
    out->pct_improved = out->pct_same = out->pct_worse = NAN;
    out->wilcoxon_p = NAN;
    if (n == 0)
        return;

    double dn = (double)n;
    out->mean = sum / dn;
    out->pct_improved = (double)improved / dn;
    out->pct_same = (double)same / dn;
    out->pct_worse = (double)worse / dn;
    out->wilcoxon_p = wilcoxon_p(hist, dmin, width);
    if (n < 2)
        return;

    /* Second pass about the mean: no cancellation of large squares. */
    double ss = 0;
    for (size_t i = 0; i < width; i++) {
        double dev = (double)((long long)dmin + (long long)i) - out->mean;
        ss += (double)hist[i] * dev * dev;
    }
    out->sd = sqrt(ss / (dn - 1));
    if (out->sd == 0) {
        out->ci_lo = out->ci_hi = out->mean;
        return;
    }
    double half = stats_t_quantile(0.975, dn - 1) * out->sd / sqrt(dn);
    out->ci_lo = out->mean - half;
    out->ci_hi = out->mean + half;
    out->dz = out->mean / out->sd;
}
