#!/usr/bin/python3
"""The pandas peer of the timing run: bench/model.yaml evaluated with pandas + XlsxWriter.

    /usr/bin/python3 bench/peer_pandas.py --data CASES.csv [--summary S.json] [-o BOOK.xlsx]

The same evaluation as `thrive evaluate bench/model.yaml`, written the way a
careful pandas user would: the logic model is transcribed below as Python
(types, ranges, values, patterns, the output and outcome expressions), the
CSV is read once with the C parser, every check and every expression is a
vectorised column operation, and the figures go to a small workbook written
with XlsxWriter (and, optionally, to a JSON summary with thrive's keys, so
that bench/run.sh can check that both computed the same thing).

Same rules as thrive (manual: case-data.md, methods.md): cells taken as written ("" = missing);
integer / number / date formats checked exactly (regular expressions), then
coerced (pd.to_numeric, pd.to_datetime) with a real-calendar check; min/max,
enum values, full-match patterns, required cells; ragged rows rejected;
duplicate ids rejected after the first accepted row; every test on a missing
value false.  Low-cardinality columns (enums, integers, dates) are read as
categoricals and validated once per distinct value, as a pandas user with a
large file would.  Ragged rows: pandas pads short rows silently and can only
skip long ones, so fields per record are counted first with a vectorised,
quote-aware pass over the bytes (numpy).

Debian packages: python3-pandas, python3-xlsxwriter (run with /usr/bin/python3).
Keep in step with bench/model.yaml.
"""

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import sys
import time

import numpy as np
import pandas as pd
import xlsxwriter

# ---------------------------------------------------------------------------
# The logic model (bench/model.yaml), transcribed.

MODEL_ID = "bench-generic"
TITLE = "Benchmark model (synthetic family support service)"
ID_FIELD = "case_id"
DATE_FIELD = "referral_date"
REJECTIONS_MAX = 10000  # as thrive: the Data quality list is capped, the rest counted

INPUTS = [  # id, kind, cost
    ("key_workers", "staff", 120 * 34000 * 3),
    ("managers", "staff", 12 * 46000 * 1),
    ("flexible_fund", "funding", 2500000),
    ("offices", "premises", 400000),
]
ADJ = dict(deadweight=0.2, displacement=0.05, attribution=0.1, optimism_bias=0.15,
           discount_rate=0.035)


def F(type_, **kw):
    return dict(type=type_, **kw)


YN = ["yes", "no"]
EMP = ["employed", "unemployed", "inactive"]
HOUSING = ["secure", "at_risk", "homeless"]
FIELDS = {
    "case_id": F("text", pattern=r"C[0-9]{7}", required=True),
    "referral_date": F("date", required=True),
    "exit_date": F("date"),
    "site": F("enum", values=["Ashford", "Barnet", "Croydon", "Dudley", "Enfield", "Fylde",
                              "Gateshead", "Halton"]),
    "referral_route": F("enum", values=["housing", "social_care", "education", "health",
                                        "jobcentre_plus", "self"]),
    "household_type": F("enum", values=["lone_parent", "couple", "other"]),
    "postcode": F("text", pattern=r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}"),
    "keyworker": F("text", pattern=r"KW[0-9]{3}"),
    "age": F("integer", min=16, max=80),
    "children": F("integer", min=0, max=12),
    "youngest_child_age": F("integer", min=0, max=18),
    "income_entry": F("number", min=0),
    "income_exit": F("number", min=0),
    "benefit_gain": F("number"),
    "hours_support": F("number", min=0, max=2000),
    "sessions": F("integer", min=0, max=500),
    "attendance": F("number", min=0, max=100),
    "employment_entry": F("enum", values=EMP),
    "employment_exit": F("enum", values=EMP),
    "job_entry_date": F("date"),
    "training_start": F("enum", values=YN),
    "debt_entry": F("enum", values=YN),
    "debt_exit": F("enum", values=YN),
    "housing_entry": F("enum", values=HOUSING),
    "housing_exit": F("enum", values=HOUSING),
    "action_plan": F("enum", values=YN),
    "exit_reason": F("enum", values=["planned", "unplanned", "moved_away"]),
    "gender": F("enum", values=["female", "male", "other"]),
    "notes": F("text"),
    "consent": F("enum", values=YN, required=True),
}
AREAS = [  # id, label, baseline, review, lower_is_better
    ("finances", "Money and debt", "finances_start", "finances_review", False),
    ("parenting", "Parenting", "parenting_start", "parenting_review", False),
    ("wellbeing", "Wellbeing", "wellbeing_start", "wellbeing_review", False),
    ("conflict", "Family conflict", "conflict_start", "conflict_review", True),
    ("housing", "Housing stability", "housing_start", "housing_review", False),
]
SCALE = (1, 10)
for _a in AREAS:
    FIELDS[_a[2]] = F("integer", min=1, max=10)
    FIELDS[_a[3]] = F("integer", min=1, max=10)
BREAKDOWNS = ["site", "household_type"]

OUTPUTS = [  # id, label, target
    ("referred", "Families referred", 1000000),
    ("with_plan", "Families with an action plan", 700000),
    ("intensive", "Families given intensive support", None),
    ("training_starts", "Adults starting training while out of work", None),
    ("safeguarding_noted", "Cases with safeguarding or violence noted", None),
]
OUTCOMES = [  # id, label, target, value, duration, drop_off
    ("debt_managed", "Debt resolved or managed", 0.5, 1500, 3, 0.25),
    ("into_work", "An adult started work", 0.15, 7000, 2, 0.4),
    ("housing_secured", "Housing secured", 0.4, 6500, 1, 0.0),
    ("income_raised", "Household income raised", None, None, 1, 0.0),
    ("school_attendance", "Children attending school well", None, None, 1, 0.0),
]


def expressions(c):
    """The model's expressions over the accepted rows.  C gives, per field,
    .s (the text, "" = missing), .num (float, NaN = missing), .present.
    Every test on a missing value is false; `not` is plain negation."""
    def eq(f, v): return c[f].s == v              # "" never equals a value
    def ne(f, v): return c[f].present & (c[f].s != v)
    def num(f): return c[f].num                   # NaN compares false

    outputs = {
        "referred": None,  # all
        "with_plan": eq("action_plan", "yes"),
        "intensive": (num("sessions") >= 12) & (num("hours_support") > 40.5),
        "training_starts": eq("training_start", "yes") & ~eq("employment_entry", "employed"),
        "safeguarding_noted": c["notes"].s.str.contains(r"safeguard|violence", case=False,
                                                        regex=True).to_numpy(),
    }
    exit_present = c["exit_date"].present
    outcomes = {
        "debt_managed": (eq("debt_entry", "yes") & exit_present, eq("debt_exit", "no")),
        "into_work": (c["employment_entry"].s.isin(["unemployed", "inactive"]).to_numpy(),
                      eq("employment_exit", "employed")
                      | (c["job_entry_date"].present
                         & (num("job_entry_date") <= day_number(dt.date(2012, 3, 31))))),
        "housing_secured": (ne("housing_entry", "secure"),
                            eq("housing_exit", "secure") & ~eq("exit_reason", "unplanned")),
        "income_raised": ((num("income_entry") < 15000) & exit_present,
                          (num("benefit_gain") > 500) | (num("income_exit") >= 15000)),
        "school_attendance": ((num("children") > 0) & (num("youngest_child_age") >= 5)
                              & (num("youngest_child_age") <= 16),
                              (num("attendance") >= 90.0)
                              | ((num("attendance") > 85) & ~(~c["exit_reason"].present))),
    }
    return outputs, outcomes

# ---------------------------------------------------------------------------
# Statistics (no scipy on the machine: Wilson, Student t, Wilcoxon by hand).

Z95 = 1.959963984540054
EPOCH = dt.date(1970, 1, 1)


def day_number(d):
    return float((d - EPOCH).days)


def wilson(a, n, z=Z95):
    if n <= 0:
        return (None, None)
    z2 = z * z
    centre = (a + z2 / 2) / (n + z2)
    half = z * math.sqrt(a * (n - a) / n + z2 / 4) / (n + z2)
    lo, hi = centre - half, centre + half
    return (0.0 if a == 0 or lo < 0 else lo, 1.0 if a == n or hi > 1 else hi)


def _betacf(a, b, x):
    # Numerical Recipes continued fraction for the incomplete beta function.
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d; d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c; c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d; d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c; c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return h


def _inc_beta(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lb = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) \
        + b * math.log1p(-x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(lb) * _betacf(a, b, x) / a
    return 1 - math.exp(lb) * _betacf(b, a, 1 - x) / b


def t_quantile_975(df):
    """Upper 2.5% point of Student t: the Cornish-Fisher expansion for large
    df (exact to double precision beyond df ~ 1000), bisection on the CDF
    below that."""
    z = Z95
    if df > 1000:
        g1 = (z ** 3 + z) / 4
        g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96
        g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384
        g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160
        return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4
    lo, hi = 0.0, 1000.0
    for _ in range(200):
        mid = (lo + hi) / 2
        upper = 0.5 * _inc_beta(df / 2, 0.5, df / (df + mid * mid))
        lo, hi = (mid, hi) if upper > 0.025 else (lo, mid)
    return (lo + hi) / 2


def paired(d):
    """The distance figures (manual: methods.md) from the differences D (an integer ndarray)."""
    n = int(d.size)
    out = dict(n=n, mean=None, sd=None, ci=(None, None), dz=None, improved=None, same=None,
               worse=None, p=None)
    if n == 0:
        return out
    mean = float(d.mean())
    out.update(mean=mean, improved=float((d > 0).sum()) / n, same=float((d == 0).sum()) / n,
               worse=float((d < 0).sum()) / n)
    # Wilcoxon signed rank, zeros dropped, ties and continuity corrected
    # (as scipy.stats.wilcoxon(correction=True, method="approx")).
    nz = d[d != 0]
    if nz.size:
        vals, counts = np.unique(np.abs(nz), return_counts=True)
        below = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(float)
        avg_rank = below + (counts + 1) / 2.0
        pos = pd.Series(nz[nz > 0]).value_counts().reindex(vals, fill_value=0).to_numpy()
        w_plus = float((pos * avg_rank).sum())
        m = float(nz.size)
        ties = float(((counts.astype(float) ** 2 - 1) * counts).sum())
        mu = m * (m + 1) / 4
        var = m * (m + 1) * (2 * m + 1) / 24 - ties / 48
        dist = max(abs(w_plus - mu) - 0.5, 0.0)
        out["p"] = min(1.0, math.erfc(dist / math.sqrt(var) / math.sqrt(2)))
    if n < 2:
        return out
    sd = float(d.std(ddof=1))
    out["sd"] = sd
    if sd == 0:
        out["ci"] = (mean, mean)
        return out
    half = t_quantile_975(n - 1) * sd / math.sqrt(n)
    out.update(ci=(mean - half, mean + half), dz=mean / sd)
    return out


def ratio(a, b):
    return a / b if b else None

# ---------------------------------------------------------------------------
# Reading and validating.

INT_RE = r"[+-]?[0-9]+"
NUM_RE = r"(?=.{1,64}$)[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"  # as thrive: <= 64
DATE_RE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}/[0-9]{2}/[0-9]{4}"


def records(path):
    """Fields per record and the line each record starts on, for every
    non-blank record after the header, by a vectorised pass over the bytes
    (RFC 4180 quoting: a quote opens or closes a quoted span, "" inside one
    closes and reopens it, which comes to the same)."""
    raw = np.fromfile(path, dtype=np.uint8)
    start = 3 if raw[:3].tobytes() == b"\xef\xbb\xbf" else 0
    quotes = np.flatnonzero(raw == ord('"'))
    newlines = np.flatnonzero(raw == ord("\n"))
    seps = np.flatnonzero(raw == ord(","))
    size = raw.size
    # A newline after an odd number of quotes is inside a quoted cell.
    outside = (np.searchsorted(quotes, newlines) & 1) == 0
    ends = newlines[outside]
    cr_end = raw[np.maximum(ends - 1, 0)] == ord("\r")
    del raw
    if ends.size == 0 or ends[-1] != size - 1:
        ends = np.append(ends, size)  # a last record without a newline
        cr_end = np.append(cr_end, False)
    starts = np.concatenate(([start], ends[:-1] + 1))
    # Separators per record, less those inside quoted spans.
    fields = np.searchsorted(seps, ends) - np.searchsorted(seps, starts) + 1
    opens, closes = quotes[0::2], quotes[1::2]
    if closes.size < opens.size:
        closes = np.append(closes, size)  # unclosed at the end of the file
    inside = np.searchsorted(seps, closes) - np.searchsorted(seps, opens)
    span_record = np.searchsorted(ends, opens)
    fields -= np.bincount(span_record, weights=inside, minlength=ends.size).astype(np.int64)
    blank = (ends - starts - cr_end) <= 0
    lines = np.searchsorted(newlines, starts) + 1
    keep = ~blank
    fields, lines = fields[keep], lines[keep]
    return fields[1:], lines[1:]  # the first non-blank record is the header


class Col:
    """One declared field over the rows pandas read: text, number, presence."""
    __slots__ = ("s", "num", "present")


def check_column(name, fd, series, faults):
    """Validate SERIES against field FD.  Appends (bad mask, reason) to FAULTS
    and returns a Col over all rows."""
    col = Col()
    t = fd["type"]
    if isinstance(series.dtype, pd.CategoricalDtype):
        # Validate each distinct value once, then spread by the codes.
        cats = pd.Series(series.cat.categories.astype(str))
        codes = series.cat.codes.to_numpy()
        present_c = (cats != "").to_numpy()
        num_c = np.full(len(cats), np.nan)
        bad_c = [np.zeros(len(cats), bool) for _ in range(3)]  # type, min, max
        if t == "integer":
            ok = cats.str.fullmatch(INT_RE).to_numpy()
            num_c[ok] = pd.to_numeric(cats[ok]).to_numpy(float)
            bad_c[0] = present_c & ~ok
        elif t == "date":
            num_c = parse_dates(cats)
            bad_c[0] = present_c & np.isnan(num_c)
        elif t == "enum":
            bad_c[0] = present_c & ~cats.isin(fd["values"]).to_numpy()
        if "min" in fd:
            bad_c[1] = num_c < fd["min"]
        if "max" in fd:
            bad_c[2] = num_c > fd["max"]
        col.present = present_c[codes]
        col.num = num_c[codes]
        col.s = series if t == "enum" else None  # compared as a categorical
        masks = [b[codes] for b in bad_c]
    else:
        s = series
        col.s = s
        col.present = (s != "").to_numpy()
        masks = [np.zeros(len(s), bool)] * 3
        col.num = None
        if t == "number":
            ok = s.str.fullmatch(NUM_RE).to_numpy()
            num = pd.to_numeric(s.where(ok, ""), errors="coerce").to_numpy(float)
            num[~np.isfinite(num)] = np.nan
            col.num = num
            masks = [col.present & np.isnan(num),
                     num < fd["min"] if "min" in fd else masks[1],
                     num > fd["max"] if "max" in fd else masks[2]]
        elif t == "text" and "pattern" in fd:
            masks = [col.present & ~s.str.fullmatch(fd["pattern"]).to_numpy(), masks[1],
                     masks[2]]
    reasons = {"integer": "not an integer", "number": "not a number",
               "date": "not a date (YYYY-MM-DD or DD/MM/YYYY, a real calendar date)",
               "enum": "not one of the allowed values",
               "text": "does not match the field's pattern"}
    if fd.get("required"):
        faults.append((name, ~col.present, "missing (the field is required)"))
    faults.append((name, masks[0], reasons[t]))
    if "min" in fd:
        faults.append((name, masks[1] & ~masks[0], "below the minimum"))
    if "max" in fd:
        faults.append((name, masks[2] & ~masks[0], "above the maximum"))
    return col


def parse_dates(texts):
    """Days since 1970-01-01 (float, NaN when not a real date) of a Series of
    strings: YYYY-MM-DD or DD/MM/YYYY, two-digit day and month."""
    ok = texts.str.fullmatch(DATE_RE).fillna(False)
    iso = pd.to_datetime(texts.where(ok & texts.str.contains("-")), format="%Y-%m-%d",
                         errors="coerce")
    uk = pd.to_datetime(texts.where(ok & texts.str.contains("/")), format="%d/%m/%Y",
                        errors="coerce")
    d = iso.fillna(uk)
    days = (d - pd.Timestamp("1970-01-01")).dt.days.to_numpy(float)
    return days


def missing_col(n):
    c = Col()
    c.s = pd.Series([""] * n, dtype=object)
    c.num = np.full(n, np.nan)
    c.present = np.zeros(n, bool)
    return c

# ---------------------------------------------------------------------------


def lap(what, _last=[time.time()]):
    """With PEER_PROFILE=1 in the environment, time each stage on stderr."""
    if os.environ.get("PEER_PROFILE"):
        now = time.time()
        print(f"peer_pandas: {now - _last[0]:7.2f} s  {what}", file=sys.stderr)
        _last[0] = now


def evaluate(data_path):
    t0 = time.time()
    lap("start (imports)")
    sha = hashlib.sha256()
    with open(data_path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)

    lap("sha256")
    fields_per_record, record_lines = records(data_path)
    lap("fields per record (numpy)")
    header = pd.read_csv(data_path, nrows=0, encoding="utf-8-sig").columns.tolist()
    declared = [f for f in FIELDS if f in header]
    missing_required = [f for f in FIELDS if FIELDS[f].get("required") and f not in header]
    if missing_required:
        sys.exit(f"peer_pandas: {data_path}: the header lacks {missing_required}")
    ncol = len(header)
    dtypes = {f: ("category" if FIELDS[f]["type"] in ("enum", "integer", "date") else str)
              for f in declared}
    df = pd.read_csv(data_path, usecols=declared, dtype=dtypes, keep_default_na=False,
                     na_filter=False, on_bad_lines="skip", index_col=False,
                     encoding="utf-8-sig", engine="c")
    lap("read_csv")
    rows_read = int(fields_per_record.size)
    # With usecols, pandas keeps long rows (drops the extra cells); without,
    # on_bad_lines="skip" drops them.  Either way, line the frame up with the
    # records counted above.
    in_frame = np.ones(rows_read, bool)
    if len(df) != rows_read:
        in_frame = fields_per_record <= ncol
    assert int(in_frame.sum()) == len(df), (int(in_frame.sum()), len(df))
    lines = record_lines[in_frame]
    n = len(df)

    faults = [("", fields_per_record[in_frame] != ncol, "ragged row")]
    cols = {}
    for f, fd in FIELDS.items():
        cols[f] = check_column(f, fd, df[f], faults) if f in df else missing_col(n)
        lap(f"  {f} ({fd['type']})")
    del df
    lap("validate columns")
    bad = np.zeros(n, bool)
    for _, mask, _ in faults:
        bad |= mask
    ids = cols[ID_FIELD].s
    dup = np.zeros(n, bool)
    ok_idx = np.flatnonzero(~bad & cols[ID_FIELD].present)
    dup[ok_idx] = ids.iloc[ok_idx].duplicated(keep="first").to_numpy()
    faults.append((ID_FIELD, dup, "duplicate id: an earlier row with the same id was accepted"))
    bad |= dup
    accepted = ~bad
    long_rows = record_lines[~in_frame]
    rows_rejected = int(bad.sum()) + int(long_rows.size)

    # The Data quality list: every fault of the first rejected rows, capped.
    ragged = faults[0][1]
    dq = [pd.DataFrame({"line": lines[m], "field": f, "reason": r})
          for f, m, r in ((f, m if not f else m & ~ragged, r) for f, m, r in faults) if m.any()]
    dq.append(pd.DataFrame({"line": long_rows, "field": "", "reason": "ragged row"}))
    dq = pd.concat(dq, ignore_index=True).sort_values("line", kind="stable")
    dq_shown = dq.head(REJECTIONS_MAX)

    # Accepted rows only from here on.
    acc = {}
    for f, c in cols.items():
        a = Col()
        a.present = c.present[accepted]
        a.num = c.num[accepted] if c.num is not None else None
        a.s = c.s[accepted].reset_index(drop=True) if c.s is not None else None
        acc[f] = a
    N = int(accepted.sum())
    lap("duplicates, data quality list, accepted rows")
    out_masks, oc_masks = expressions(acc)
    lap("expressions")

    cost = float(sum(c for _, _, c in INPUTS))
    by_kind = {}
    for _, kind, c in INPUTS:
        by_kind[kind] = by_kind.get(kind, 0.0) + c
    adjusted = cost * (1 + ADJ["optimism_bias"])
    keep = (1 - ADJ["deadweight"]) * (1 - ADJ["displacement"]) * (1 - ADJ["attribution"])

    res_out = []
    for oid, label, target in OUTPUTS:
        m = out_masks[oid]
        count = N if m is None else int(np.count_nonzero(m))
        res_out.append(dict(id=oid, label=label, count=count, target=target,
                            pct_of_target=ratio(count, target) if target else None,
                            cost_per_output=ratio(cost, count)))
    res_oc = []
    pv_total = 0.0
    for oid, label, target, value, duration, drop_off in OUTCOMES:
        e, a = oc_masks[oid]
        a = e & a
        E, A = int(np.count_nonzero(e)), int(np.count_nonzero(a))
        net = A * keep
        pv = None
        if value is not None:
            pv = sum(net * value * (1 - drop_off) ** (t - 1) / (1 + ADJ["discount_rate"]) ** t
                     for t in range(1, duration + 1))
            pv_total += pv
        res_oc.append(dict(id=oid, label=label, eligible=E, achieved=A, rate=ratio(A, E),
                           rate_ci95=list(wilson(A, E)), target=target, net=net,
                           cost_per_outcome=ratio(cost, A),
                           cost_per_net_outcome=ratio(cost, net) if A else None,
                           present_value=pv))

    res_areas = []
    for aid, label, b_f, r_f, lower in AREAS:
        b, r = acc[b_f].num, acc[r_f].num
        both = ~np.isnan(b) & ~np.isnan(r)
        bb, rr = b[both].astype(np.int64), r[both].astype(np.int64)
        st = paired(bb - rr if lower else rr - bb)
        res_areas.append(dict(
            id=aid, label=label, n=st["n"],
            n_missing_review=int(np.count_nonzero(~np.isnan(b) & np.isnan(r))),
            mean_baseline=float(bb.mean()) if st["n"] else None,
            mean_review=float(rr.mean()) if st["n"] else None,
            mean_change=st["mean"], sd_change=st["sd"], ci95=list(st["ci"]),
            effect_size_dz=st["dz"], pct_improved=st["improved"], pct_same=st["same"],
            pct_worse=st["worse"], wilcoxon_p=st["p"]))

    # Breakdowns and quarters: one group-by over a frame of the row results.
    flags = {"participants": np.ones(N, np.int64)}
    for oid, _, _ in OUTPUTS:
        m = out_masks[oid]
        flags["o:" + oid] = np.ones(N, np.int64) if m is None else m.astype(np.int64)
    for oid, *_ in OUTCOMES:
        e, a = oc_masks[oid]
        flags["e:" + oid] = e.astype(np.int64)
        flags["a:" + oid] = (e & a).astype(np.int64)
    flags = pd.DataFrame(flags)

    def groups(keys):
        g = flags.groupby(keys, sort=False, observed=True).sum()
        return {str(k): {"participants": int(row["participants"]),
                         "outputs": {o[0]: {"count": int(row["o:" + o[0]])} for o in OUTPUTS},
                         "outcomes": {o[0]: {"eligible": int(row["e:" + o[0]]),
                                             "achieved": int(row["a:" + o[0]])}
                                      for o in OUTCOMES}}
                for k, row in g.iterrows()}

    breakdowns = {}
    for f in BREAKDOWNS:
        grp = groups(acc[f].s.cat.rename_categories(
            lambda v: "(missing)" if v == "" else v))
        if "(missing)" in grp:
            grp["(missing)"] = grp.pop("(missing)")
        breakdowns[f] = grp
    # UK financial-year quarters of the date field, as integer keys.
    days = acc[DATE_FIELD].num
    dated = ~np.isnan(days)
    d = np.where(dated, days, 0).astype("datetime64[D]")
    year = d.astype("datetime64[Y]").astype(np.int64) + 1970
    month = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    fy = year - (month < 4)
    key = np.where(dated, fy * 10 + np.where(month >= 4, (month - 4) // 3 + 1, 4), -1)
    quarters = []
    for k, v in sorted(groups(key).items(), key=lambda kv: (int(kv[0]) < 0, int(kv[0]))):
        k = int(k)
        label = f"{k // 10}-{(k // 10 + 1) % 100:02d} Q{k % 10}" if k >= 0 else "(missing)"
        quarters.append(dict(quarter=label, **v))

    lap("measures, distance, breakdowns, quarters")
    return dict(
        model={"id": MODEL_ID, "title": TITLE, "pilot": "generic"},
        data={"file": data_path, "sha256": sha.hexdigest(), "rows_read": rows_read,
              "rows_accepted": N, "rows_rejected": rows_rejected},
        participants=N,
        costs={"total": cost, "adjusted": adjusted, "by_kind": by_kind,
               "per_participant": ratio(cost, N)},
        outputs=res_out, outcomes=res_oc,
        value_for_money={"present_value": pv_total, "npv": pv_total - adjusted,
                         "sroi_ratio": ratio(pv_total, adjusted)},
        distance_travelled=res_areas, breakdowns=breakdowns, quarters=quarters,
        data_quality=dq_shown, data_quality_more=max(0, rows_rejected - len(dq_shown)),
        seconds=time.time() - t0)

# ---------------------------------------------------------------------------
# The workbook.


def write_book(res, path):
    wb = xlsxwriter.Workbook(path)
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "£#,##0.00"})
    pct = wb.add_format({"num_format": "0.0%"})
    num = wb.add_format({"num_format": "0.000"})

    def table(ws, row, headers, rows, formats=None):
        ws.write_row(row, 0, headers, bold)
        for i, r in enumerate(rows, start=row + 1):
            for j, v in enumerate(r):
                fmt = formats[j] if formats else None
                if v is None:
                    ws.write_string(i, j, "n/a")
                else:
                    ws.write(i, j, v, fmt)
        ws.freeze_panes(row + 1, 0)
        ws.set_column(0, 0, 28)
        ws.set_column(1, len(headers), 14)
        return row + 1 + len(rows)

    ws = wb.add_worksheet("Summary")
    d = res["data"]
    table(ws, 0, ["Figure", "Value"], [
        ["Participants", res["participants"]],
        ["Total cost", res["costs"]["total"]],
        ["Adjusted cost", res["costs"]["adjusted"]],
        ["Cost per participant", res["costs"]["per_participant"]],
        ["Present value", res["value_for_money"]["present_value"]],
        ["NPV", res["value_for_money"]["npv"]],
        ["SROI ratio", res["value_for_money"]["sroi_ratio"]],
        ["Rows read", d["rows_read"]], ["Rows accepted", d["rows_accepted"]],
        ["Rows rejected", d["rows_rejected"]]])

    ws = wb.add_worksheet("Outputs")
    table(ws, 0, ["Output", "Count", "Target", "% of target", "Cost per output"],
          [[o["label"], o["count"], o["target"], o["pct_of_target"], o["cost_per_output"]]
           for o in res["outputs"]], [None, None, None, pct, money])
    # Cost per output as a live formula over the count, value cached.
    cost = res["costs"]["total"]
    for i, o in enumerate(res["outputs"], start=1):
        if o["count"]:
            ws.write_formula(i, 4, f"={cost}/B{i + 1}", money, o["cost_per_output"])

    ws = wb.add_worksheet("Outcomes")
    table(ws, 0, ["Outcome", "Eligible", "Achieved", "Rate", "CI low", "CI high", "Net",
                  "Cost per outcome", "Cost per net outcome", "Present value"],
          [[o["label"], o["eligible"], o["achieved"], o["rate"], o["rate_ci95"][0],
            o["rate_ci95"][1], o["net"], o["cost_per_outcome"], o["cost_per_net_outcome"],
            o["present_value"]] for o in res["outcomes"]],
          [None, None, None, pct, pct, pct, num, money, money, money])

    ws = wb.add_worksheet("Distance travelled")
    keys = ["n", "n_missing_review", "mean_baseline", "mean_review", "mean_change",
            "sd_change", "effect_size_dz", "pct_improved", "pct_same", "pct_worse",
            "wilcoxon_p"]
    last = table(ws, 0, ["Area"] + keys,
                 [[a["label"]] + [a[k] for k in keys] for a in res["distance_travelled"]])
    chart = wb.add_chart({"type": "column"})
    for colno, name in ((3, "Mean baseline"), (4, "Mean review")):
        chart.add_series({"name": name,
                          "categories": ["Distance travelled", 1, 0, last - 1, 0],
                          "values": ["Distance travelled", 1, colno, last - 1, colno]})
    ws.insert_chart(last + 2, 1, chart)

    ws = wb.add_worksheet("Breakdowns")
    row = 0
    for f, groups in res["breakdowns"].items():
        ws.write(row, 0, f, bold)
        row = table(ws, row + 1, ["Value", "Participants"] + [o[0] for o in OUTPUTS]
                    + [f"{o[0]} achieved" for o in OUTCOMES],
                    [[k, g["participants"]] + [g["outputs"][o[0]]["count"] for o in OUTPUTS]
                     + [g["outcomes"][o[0]]["achieved"] for o in OUTCOMES]
                     for k, g in groups.items()]) + 1

    ws = wb.add_worksheet("Quarters")
    table(ws, 0, ["Quarter", "Participants"] + [o[0] for o in OUTPUTS],
          [[g["quarter"], g["participants"]] + [g["outputs"][o[0]]["count"] for o in OUTPUTS]
           for g in res["quarters"]])

    ws = wb.add_worksheet("Data quality")
    dq = res["data_quality"]
    ws.write_row(0, 0, ["Line", "Field", "Reason"], bold)
    for i, (line, field, reason) in enumerate(dq.itertuples(index=False), start=1):
        ws.write_number(i, 0, int(line))
        ws.write_string(i, 1, field)
        ws.write_string(i, 2, reason)
    if res["data_quality_more"]:
        ws.write(len(dq) + 1, 0, f"... and {res['data_quality_more']} more rejected rows")

    ws = wb.add_worksheet("About")
    table(ws, 0, ["Item", "Value"], [
        ["Peer", "bench/peer_pandas.py (pandas %s, XlsxWriter %s)"
         % (pd.__version__, xlsxwriter.__version__)],
        ["Model", MODEL_ID], ["Data", d["file"]], ["Data SHA-256", d["sha256"]],
        ["Generated (UTC)", dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")]])
    wb.close()


def main():
    ap = argparse.ArgumentParser(description="pandas peer of thrive evaluate (bench/)")
    ap.add_argument("--data", required=True)
    ap.add_argument("-o", "--output")
    ap.add_argument("--summary")
    a = ap.parse_args()
    res = evaluate(a.data)
    if a.output:
        write_book(res, a.output)
        lap("workbook")
    if a.summary:
        out = {k: v for k, v in res.items() if k not in ("data_quality", "data_quality_more",
                                                         "seconds")}
        for o in out["outputs"] + out["outcomes"] + out["distance_travelled"]:
            o.pop("label", None)
        with open(a.summary, "w") as fh:
            json.dump(out, fh, indent=2)
    d = res["data"]
    print(f"peer_pandas: {a.data}: {d['rows_read']} rows read, {d['rows_accepted']} accepted, "
          f"{d['rows_rejected']} rejected", file=sys.stderr)


if __name__ == "__main__":
    main()
