#!/usr/bin/python3
"""Reference values for tests/test_stats.c, computed once with SciPy.

Run:  /usr/bin/python3 tests/reference/stats_reference.py
(SciPy 1.10.1, NumPy 1.24.2, mpmath 1.2.1).  The output is copied into the
comment at the top of tests/test_stats.c, and its rows into the tables
there; it contains no C comment delimiters, so it can be pasted whole.

The t quantile: scipy.stats.t.ppf is cephes' stdtrit, which is only good
to about 1e-9 relative (it is 2e-11 off at df = 1, p = 0.975, where the
closed form tan(pi (p - 1/2)) is exact).  The tests need 1e-12, so the
quantile is taken from SciPy's Boost-based beta quantiles instead, through
x = df / (df + t^2) ~ Beta(df/2, 1/2):
    y = t^2 / (df + t^2) = beta.isf(2 q, 1/2, df/2),
    x = beta.ppf(2 q, df/2, 1/2),   t = sqrt(df y / x),   q = min(p, 1 - p),
and t.ppf's own value is printed beside it for the record.  Every value is
also checked against mpmath at 40 digits; the largest relative differences
are printed at the end.
"""
import math
import warnings

import mpmath as mp
import numpy as np
import scipy
import scipy.special as sp
from scipy import stats

mp.mp.dps = 40
# scipy warns that n < 10 is small for the normal approximation: known.
warnings.simplefilter("ignore", UserWarning)
Z95 = stats.norm.ppf(0.975)
worst = {}


def note(kind, got, exact):
    """Record and return the relative difference of GOT from the mpmath
    value EXACT."""
    exact = mp.mpf(exact)
    if exact == 0:
        err = abs(mp.mpf(got))
    else:
        err = abs((mp.mpf(got) - exact) / exact)
    worst[kind] = max(worst.get(kind, mp.mpf(0)), err)
    return mp.nstr(err, 2)


def t_ppf(p, df):
    """The t quantile from Boost's beta quantiles (see the docstring)."""
    if p == 0.5:
        return 0.0
    q = p if p < 0.5 else 1 - p      # 1 - p is exact for p >= 1/2
    y = stats.beta.isf(2 * q, 0.5, df / 2)
    x = stats.beta.ppf(2 * q, df / 2, 0.5)
    t = math.sqrt(df * y / x)
    return -t if p < 0.5 else t


def mp_beta_cf(a, b, x):
    """I_x(a, b) by the classical continued fraction at 60 digits, for
    where mpmath's hypergeometric series gives up (a, b ~ 1e4)."""
    with mp.workdps(60):
        if x > (a + 1) / (a + b + 2):
            return 1 - mp_beta_cf(b, a, 1 - x)
        h = 1 / (1 - (a + b) * x / (a + 1))
        c, d = mp.mpf(1), h
        for m in range(1, 100000):
            for aa in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                       -(a + m) * (a + b + m) * x
                       / ((a + 2 * m) * (a + 2 * m + 1))):
                d = 1 / (1 + aa * d)
                c = 1 + aa / c
                h *= c * d
            if abs(c * d - 1) < mp.mpf(10) ** -55:
                break
        return x ** a * (1 - x) ** b / (a * mp.beta(a, b)) * h


def mp_inc_beta(a, b, x):
    a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    try:
        if x <= 0.5:
            return mp.betainc(a, b, 0, x, regularized=True)
        return 1 - mp.betainc(b, a, 0, 1 - x, regularized=True)
    except ValueError:
        return mp_beta_cf(a, b, x)


def mp_t_cdf(t, df):
    t, df = mp.mpf(t), mp.mpf(df)
    if t == 0:
        return mp.mpf(1) / 2
    lower = mp_inc_beta(df / 2, mp.mpf(1) / 2, df / (df + t * t)) / 2
    return lower if t < 0 else 1 - lower


def mp_t_pdf(t, df):
    t, df = mp.mpf(t), mp.mpf(df)
    return (mp.exp(mp.loggamma((df + 1) / 2) - mp.loggamma(df / 2))
            / mp.sqrt(df * mp.pi) * (1 + t * t / df) ** (-(df + 1) / 2))


def mp_t_ppf(p, df):
    """Polish a double quantile by Newton steps at 40 digits."""
    t = mp.mpf(t_ppf(p, df))
    for _ in range(3):
        t -= (mp_t_cdf(t, df) - mp.mpf(p)) / mp_t_pdf(t, df)
    return t


def r(v):
    """A C literal for V: repr round-trips; NAN for nan."""
    if isinstance(v, float) and math.isnan(v):
        return "NAN"
    return repr(float(v))


print("# scipy", scipy.__version__, "numpy", np.__version__,
      "mpmath", mp.__version__)

print("\n# t quantile: {df, p, t}  (scipy.stats.t.ppf alongside)")
for df in [1, 2, 3, 5, 10, 30, 100, 1000, 1e6]:
    for p in [0.975, 0.995, 0.5, 0.025, 1e-6]:
        t = t_ppf(p, df)
        note("t quantile (Boost beta route)", t, mp_t_ppf(p, df))
        if p != 0.5:
            note("t quantile (scipy t.ppf, not used)", stats.t.ppf(p, df),
                 mp_t_ppf(p, df))
        print("    {%s, %s, %s}, // t.ppf %s"
              % (r(df), r(p), r(t), r(stats.t.ppf(p, df))))

t7 = t_ppf(0.975, 7)
note("t quantile (Boost beta route)", t7, mp_t_ppf(0.975, 7))
print("# t(0.975, 7), for the paired case worked by hand: %s" % r(t7))

print("\n# t cdf: {t, df, F}  // relative difference from mpmath")
for t, df in [(-2, 1), (2.5, 2), (-1.96, 1e6), (0, 5), (3, 10),
              (-4.75, 1000), (12.7, 1), (-0.3, 30), (1000, 3), (-60, 4)]:
    v = stats.t.cdf(t, df)
    e = note("t cdf", v, mp_t_cdf(t, df))
    print("    {%s, %s, %s}, // %s" % (r(t), r(df), r(v), e))

print("\n# incomplete beta: {a, b, x, I}  // relative difference from mpmath")
for a, b, x in [(0.5, 0.5, 0.3), (1, 1, 0.25), (2, 3, 0.4), (10, 5, 0.7),
                (0.1, 0.1, 0.5), (5, 0.5, 0.99), (100, 100, 0.5),
                (100, 100, 0.45), (5e5, 0.5, 0.999996), (0.5, 1000, 0.001),
                (50, 50, 0.6), (3, 7, 0.0), (3, 7, 1.0), (2.5, 1000, 0.003),
                (1e4, 1e4, 0.505), (0.5, 5e5, 3.84e-6), (7, 2, 0.999)]:
    v = sp.betainc(a, b, x)
    e = note("inc beta", v, mp_inc_beta(a, b, x))
    print("    {%s, %s, %s, %s}, // %s" % (r(a), r(b), r(x), r(v), e))

print("\n# normal upper tail: {z, P(Z > z)}  // relative difference from mpmath")
for z in [0, 1, -1, Z95, 3, -5, 8.5, 20]:
    v = stats.norm.sf(z)
    e = note("normal sf", v, mp.ncdf(-mp.mpf(z)))
    print("    {%s, %s}, // %s" % (r(z), r(v), e))

print("\n# Wilson, z = norm.ppf(0.975) = %s: {a, n, lo, hi}" % r(Z95))
for a, n in [(3, 10), (0, 10), (10, 10), (0, 1), (1, 1), (1, 2),
             (50, 100), (1, 1000), (999, 1000), (17, 23)]:
    z2 = Z95 * Z95
    centre = (a + z2 / 2) / (n + z2)
    half = Z95 * math.sqrt(a * (n - a) / n + z2 / 4) / (n + z2)
    lo, hi = centre - half, centre + half
    print("    {%s, %s, %s, %s}," % (r(a), r(n), r(lo), r(hi)))


def paired(dmin, counts):
    d = np.repeat(np.arange(dmin, dmin + len(counts)), counts)
    n = len(d)
    out = {"n": n}
    nan = float("nan")
    out["mean"] = d.mean() if n else nan
    out["sd"] = d.std(ddof=1) if n >= 2 else nan
    if n >= 2 and out["sd"] > 0:
        half = t_ppf(0.975, n - 1) * out["sd"] / math.sqrt(n)
        out["ci"] = (out["mean"] - half, out["mean"] + half)
        out["dz"] = out["mean"] / out["sd"]
    elif n >= 2:
        out["ci"] = (out["mean"], out["mean"])
        out["dz"] = nan
    else:
        out["ci"] = (nan, nan)
        out["dz"] = nan
    out["frac"] = ((d > 0).mean(), (d == 0).mean(), (d < 0).mean()) if n \
        else (nan, nan, nan)
    if n == 0 or not np.any(d != 0):
        out["p"] = nan   # docs/manual/methods.md: null; scipy returns nan or raises here
    else:
        out["p"] = stats.wilcoxon(d, zero_method="wilcox", correction=True,
                                  method="approx").pvalue
    return out


print("\n# paired: {name, dmin, counts}: n, mean, sd, ci_lo, ci_hi, dz, "
      "improved, same, worse, wilcoxon_p")
CASES = [
    ("empty", 0, []),
    ("zero counts", -1, [0, 0, 0]),
    ("one pair", 2, [1]),
    ("all zero", 0, [5]),
    ("constant 3", 3, [4]),
    ("balanced", -1, [1, 0, 1]),
    ("ties and zeros", -1, [1, 2, 2, 2, 1]),
    ("offset", 2, [1, 0, 2]),
    ("negative", -4, [3, 6, 9, 4, 2]),
    ("skewed 200", -3, [2, 5, 14, 40, 52, 38, 24, 14, 7, 4]),
    ("large", -2, [300000, 200000, 300000, 205000, 295000]),
]
for name, dmin, counts in CASES:
    o = paired(dmin, counts)
    print("    // %s: dmin %d, counts %s" % (name, dmin, counts))
    print("    %d, %s, %s, %s, %s, %s, %s, %s, %s, %s"
          % (o["n"], r(o["mean"]), r(o["sd"]), r(o["ci"][0]), r(o["ci"][1]),
             r(o["dz"]), r(o["frac"][0]), r(o["frac"][1]), r(o["frac"][2]),
             r(o["p"])))

print("\n# largest relative difference from mpmath (40 digits)")
for kind, err in worst.items():
    print("#   %-36s %s" % (kind, mp.nstr(err, 3)))
