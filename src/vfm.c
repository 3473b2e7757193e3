/* vfm.c - value for money in depth (see vfm.h). */
#include "vfm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

double vfm_green_book_rate(int t)
{
    /* HM Treasury Green Book, the declining long-term discount rate */
    static const struct {
        int to;
        double rate;
    } schedule[] = {{30, 0.035}, {75, 0.03}, {125, 0.025}, {200, 0.02}, {300, 0.015}};
    for (size_t i = 0; i < sizeof schedule / sizeof *schedule; i++)
        if (t <= schedule[i].to)
            return schedule[i].rate;
    return 0.01;
}

double vfm_discount_divisor(const adjustments *adj, int t)
{
    if (!adj->green_book)
        return pow(1 + adj->discount_rate, t);
    double d = 1;
    for (int y = 1; y <= t; y++)
        d *= 1 + vfm_green_book_rate(y);
    return d;
}

/* The divisor of year T from that of year T - 1 (DIV): one step of the
 * schedule, so that a sum over the years takes linear time. */
static double next_divisor(const adjustments *adj, int t, double div)
{
    return adj->green_book ? div * (1 + vfm_green_book_rate(t)) : pow(1 + adj->discount_rate, t);
}

double vfm_outcome_pv(const adjustments *adj, double net, double value, int duration, double drop)
{
    double pv = 0, div = 1;
    for (int t = 1; t <= duration; t++) {
        div = next_divisor(adj, t, div);
        pv += net * value * pow(1 - drop, t - 1) / div;
    }
    return pv;
}

static double ratio(double a, double b)
{
    return b != 0 && isfinite(a) && isfinite(b) ? a / b : NAN;
}

static double keep_of(const adjustments *a)
{
    return (1 - a->deadweight) * (1 - a->displacement) * (1 - a->attribution);
}

/* One appraisal: the parameter KIND of item INDEX at X (SENS_NONE: none),
 * each outcome's achieved count from ACHIEVED (NULL: the results').
 * Returns the present value; *COST is the adjusted cost. */
static double appraise(const results *r, sens_kind kind, size_t index, double x,
                       const double *achieved, double *cost)
{
    const model *m = r->m;
    adjustments adj = m->adj;
    double *slot[] = {&adj.deadweight, &adj.displacement, &adj.attribution, &adj.optimism_bias,
                      &adj.discount_rate};
    if (kind <= SENS_DISCOUNT_RATE)
        *slot[kind] = x;
    double keep = keep_of(&adj), pv = 0;
    for (size_t i = 0; i < m->n_outcomes; i++) {
        const outcome *o = &m->outcomes[i];
        if (!o->has_value)
            continue;
        bool me = i == index;
        double a = achieved ? achieved[i] : (double)r->outcomes[i].achieved;
        double value = me && kind == SENS_VALUE ? o->value * x : o->value;
        int years = me && kind == SENS_DURATION ? (int)x : o->duration;
        double drop = me && kind == SENS_DROP_OFF ? x : o->drop_off;
        pv += vfm_outcome_pv(&adj, (me && kind == SENS_ACHIEVED ? a * x : a) * keep, value, years,
                             drop);
    }
    double c = 0;
    for (size_t j = 0; j < m->n_inputs; j++)
        c += kind == SENS_COST && j == index ? m->inputs[j].cost * x : m->inputs[j].cost;
    *cost = c * (1 + adj.optimism_bias);
    return pv;
}

double vfm_npv_at(const results *r, sens_kind kind, size_t index, double x, double *sroi)
{
    double cost, pv = appraise(r, kind, index, x, NULL, &cost);
    if (sroi)
        *sroi = ratio(pv, cost);
    return pv - cost;
}

/* NPV is linear in every parameter but the discount rate, drop-off and
 * duration: net outcomes are linear in each adjustment and in the
 * achieved count, the value and the cost multiply through. */
static bool is_linear(sens_kind k)
{
    return k != SENS_DISCOUNT_RATE && k != SENS_DROP_OFF && k != SENS_DURATION;
}

/* Bisection of NPV over [0, 1] until the bracket is narrower than
 * 1e-12 x max(1, |x|). */
static double bisect(const results *r, sens_kind kind, size_t index)
{
    double lo = 0, hi = 1;
    double flo = vfm_npv_at(r, kind, index, lo, NULL), fhi = vfm_npv_at(r, kind, index, hi, NULL);
    if (flo == 0)
        return lo;
    if (fhi == 0)
        return hi;
    if (!isfinite(flo) || !isfinite(fhi) || (flo < 0) == (fhi < 0))
        return NAN;
    while (hi - lo > 1e-12 * fmax(1, fabs(lo + (hi - lo) / 2))) {
        double mid = lo + (hi - lo) / 2, fm = vfm_npv_at(r, kind, index, mid, NULL);
        if (fm == 0)
            return mid;
        if ((fm < 0) == (flo < 0)) {
            lo = mid;
            flo = fm;
        } else
            hi = mid;
    }
    return lo + (hi - lo) / 2;
}

double vfm_switching_value(const results *r, sens_kind kind, size_t index)
{
    if (kind == SENS_DURATION || kind == SENS_NONE)
        return NAN;
    if (!is_linear(kind))
        return bisect(r, kind, index);
    /* NPV(x) = NPV(0) + x (NPV(1) - NPV(0)): the root in closed form */
    double f0 = vfm_npv_at(r, kind, index, 0, NULL), f1 = vfm_npv_at(r, kind, index, 1, NULL);
    double slope = f1 - f0;
    if (slope == 0 || !isfinite(slope))
        return NAN;
    double x = -f0 / slope;
    double top = kind <= SENS_DISCOUNT_RATE ? 1 : INFINITY; /* shares; multipliers */
    return x >= 0 && x <= top ? x : NAN;
}

double vfm_base(const model *m, sens_kind kind, size_t index)
{
    const double adj[] = {m->adj.deadweight, m->adj.displacement, m->adj.attribution,
                          m->adj.optimism_bias, m->adj.discount_rate};
    if (kind <= SENS_DISCOUNT_RATE)
        return adj[kind];
    if (kind == SENS_DURATION)
        return m->outcomes[index].duration;
    if (kind == SENS_DROP_OFF)
        return m->outcomes[index].drop_off;
    return 1;
}

const char *vfm_param_path(const model *m, sens_kind kind, size_t index, char *buf, size_t n)
{
    static const char *const adj[] = {"deadweight", "displacement", "attribution", "optimism_bias",
                                      "discount_rate"};
    static const char *const of_outcome[] = {"value", "duration", "drop_off", "achieved"};
    if (kind <= SENS_DISCOUNT_RATE)
        snprintf(buf, n, "adjustments.%s", adj[kind]);
    else if (kind == SENS_COST)
        snprintf(buf, n, "inputs.%s.cost", m->inputs[index].id);
    else if (kind < SENS_COST)
        snprintf(buf, n, "outcomes.%s.%s", m->outcomes[index].id, of_outcome[kind - SENS_VALUE]);
    else
        snprintf(buf, n, "none");
    return buf;
}

/* ---- the figures ---- */

/* The present value of each part of each value, by type and by agency. */
static thrive_error split_values(results *r)
{
    const model *m = r->m;
    if (!(r->pv_by_agency = calloc(m->n_agencies ? m->n_agencies : 1, sizeof *r->pv_by_agency)))
        return THRIVE_ERROR_NOMEM;
    for (size_t i = 0; i < m->n_outcomes; i++) {
        const outcome *o = &m->outcomes[i];
        res_outcome *ro = &r->outcomes[i];
        if (!o->has_value)
            continue;
        if (!(ro->part_pv = calloc(o->n_parts, sizeof *ro->part_pv)))
            return THRIVE_ERROR_NOMEM;
        for (size_t k = 0; k < o->n_parts; k++) {
            const value_part *p = &o->parts[k];
            ro->part_pv[k] = vfm_outcome_pv(&m->adj, ro->net, p->value, o->duration, o->drop_off);
            r->pv_by_type[p->type] += ro->part_pv[k];
            if (p->agency >= 0)
                r->pv_by_agency[p->agency] += ro->part_pv[k];
        }
    }
    r->fiscal_roi = ratio(r->pv_by_type[VALUE_FISCAL], r->cost_adjusted);
    r->bcr = r->sroi_ratio;
    return THRIVE_OK;
}

/* The discounted benefits of each year to the longest duration, and the
 * first year by which they add up to the adjusted cost. */
static thrive_error payback(results *r)
{
    const model *m = r->m;
    r->n_years = 0;
    for (size_t i = 0; i < m->n_outcomes; i++)
        if (m->outcomes[i].has_value && (size_t)m->outcomes[i].duration > r->n_years)
            r->n_years = (size_t)m->outcomes[i].duration;
    r->payback_year = NAN;
    size_t n = r->n_years ? r->n_years : 1;
    r->benefit_by_year = calloc(n, sizeof *r->benefit_by_year);
    r->factor_by_year = calloc(n, sizeof *r->factor_by_year);
    if (!r->benefit_by_year || !r->factor_by_year)
        return THRIVE_ERROR_NOMEM;
    double div = 1, sum = 0;
    for (int t = 1; t <= (int)r->n_years; t++) {
        div = next_divisor(&m->adj, t, div);
        double b = 0;
        for (size_t i = 0; i < m->n_outcomes; i++) {
            const outcome *o = &m->outcomes[i];
            if (o->has_value && t <= o->duration)
                b += r->outcomes[i].net * o->value * pow(1 - o->drop_off, t - 1) / div;
        }
        r->benefit_by_year[t - 1] = b;
        r->factor_by_year[t - 1] = 1 / div;
        sum += b;
        if (isnan(r->payback_year) && sum >= r->cost_adjusted)
            r->payback_year = t;
    }
    return THRIVE_OK;
}

/* The SROI ratio with every outcome's achieved count at E x each end of
 * its rate's 95% interval (an outcome with E = 0 adds nothing). */
static thrive_error sroi_bounds(results *r)
{
    const model *m = r->m;
    double *a = calloc(m->n_outcomes ? m->n_outcomes : 1, sizeof *a);
    if (!a)
        return THRIVE_ERROR_NOMEM;
    double *ends[] = {&r->sroi_bounds_lo, &r->sroi_bounds_hi};
    for (int e = 0; e < 2; e++) {
        for (size_t i = 0; i < m->n_outcomes; i++) {
            const res_outcome *ro = &r->outcomes[i];
            double rate = e ? ro->ci_hi : ro->ci_lo;
            a[i] = ro->eligible > 0 && isfinite(rate) ? (double)ro->eligible * rate : 0;
        }
        double cost, pv = appraise(r, SENS_NONE, 0, 0, a, &cost);
        *ends[e] = ratio(pv, cost);
    }
    free(a);
    return THRIVE_OK;
}

/* The default items: each adjustment +/- 0.1 within [0, 1], the discount
 * rate from 1.5% to 5% (not on the Green Book schedule), each valued
 * outcome's value x 0.75 and x 1.25.  Into OUT when not NULL; returns the
 * number of items. */
static size_t default_items(const model *m, sens_item *out)
{
    size_t n = 0;
    for (sens_kind k = SENS_DEADWEIGHT; k <= SENS_DISCOUNT_RATE; k++) {
        if (k == SENS_DISCOUNT_RATE && m->adj.green_book)
            continue;
        double base = vfm_base(m, k, 0);
        sens_item it = {k, 0, fmax(0, base - 0.1), fmin(1, base + 0.1), 0, 0};
        if (k == SENS_DISCOUNT_RATE)
            it.low = 0.015, it.high = 0.05;
        if (out)
            out[n] = it;
        n++;
    }
    for (size_t i = 0; i < m->n_outcomes; i++)
        if (m->outcomes[i].has_value) {
            if (out)
                out[n] = (sens_item){SENS_VALUE, i, 0.75, 1.25, 0, 0};
            n++;
        }
    return n;
}

static thrive_error sensitivity(results *r)
{
    const model *m = r->m;
    size_t n = m->has_sensitivity ? m->n_sensitivity : default_items(m, NULL);
    sens_item *defaults = m->has_sensitivity ? NULL : calloc(n ? n : 1, sizeof *defaults);
    r->sensitivity = calloc(n ? n : 1, sizeof *r->sensitivity);
    if ((!m->has_sensitivity && !defaults) || !r->sensitivity) {
        free(defaults);
        return THRIVE_ERROR_NOMEM;
    }
    const sens_item *items = m->has_sensitivity ? m->sensitivity : defaults;
    if (defaults)
        default_items(m, defaults);
    for (size_t k = 0; k < n; k++) {
        const sens_item *it = &items[k];
        res_sensitivity *s = &r->sensitivity[k];
        *s = (res_sensitivity){
            .kind = it->kind, .index = it->index, .low = it->low, .high = it->high};
        s->base = vfm_base(m, it->kind, it->index);
        s->npv_low = vfm_npv_at(r, it->kind, it->index, it->low, &s->sroi_low);
        s->npv_high = vfm_npv_at(r, it->kind, it->index, it->high, &s->sroi_high);
        s->switching_value = vfm_switching_value(r, it->kind, it->index);
    }
    r->n_sensitivity = n;
    free(defaults);
    return THRIVE_OK;
}

thrive_error vfm_finish(results *r)
{
    thrive_error e = split_values(r);
    if (e == THRIVE_OK)
        e = payback(r);
    if (e == THRIVE_OK)
        e = sroi_bounds(r);
    if (e == THRIVE_OK)
        e = sensitivity(r);
    return e;
}
