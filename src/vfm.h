/* vfm.h - value for money in depth (docs/manual/methods.md, "Value for
 * money in depth"): present values by who benefits, the fiscal return,
 * the payback year, the Green Book discount schedule, one-way sensitivity
 * with switching values, and the SROI ratio over the rates' intervals.
 *
 * Everything here is worked out from the model and the counts already in
 * the results; measures_finish() calls vfm_finish() once the outcomes are
 * done.
 */
#ifndef THRIVE_VFM_H
#define THRIVE_VFM_H

#include "results.h"

/* What year T's benefits are divided by: (1 + r)^T for one rate R, or the
 * product of (1 + r_y) over years y <= T on the Green Book schedule
 * (3.5% to year 30, 3% to 75, 2.5% to 125, 2% to 200, 1.5% to 300, then
 * 1%). */
double vfm_discount_divisor(const adjustments *adj, int t);
/* The Green Book rate of year T (1-based). */
double vfm_green_book_rate(int t);

/* The present value of NET outcomes worth VALUE a year: the sum over
 * t = 1..DURATION of NET x VALUE x (1 - DROP)^(t-1) / divisor(t). */
double vfm_outcome_pv(const adjustments *adj, double net, double value, int duration, double drop);

/* NPV and SROI ratio (NAN when undefined) with parameter KIND of item
 * INDEX at X and everything else as in the model and R's counts; KIND
 * SENS_NONE is the base case.  SROI may be NULL. */
double vfm_npv_at(const results *r, sens_kind kind, size_t index, double x, double *sroi);

/* The value of the parameter at which NPV is 0, within its range; NAN
 * when NPV does not change with it, there is no root in the range, or
 * KIND is SENS_DURATION. */
double vfm_switching_value(const results *r, sens_kind kind, size_t index);

/* The parameter's value in the model (1 for a multiplier). */
double vfm_base(const model *m, sens_kind kind, size_t index);

/* Its path as the summary names it ("adjustments.deadweight",
 * "outcomes.ID.value"), into BUF of N bytes. */
const char *vfm_param_path(const model *m, sens_kind kind, size_t index, char *buf, size_t n);

/* Fill R's value-for-money-in-depth figures (R's outcomes done).
 * THRIVE_ERROR_NOMEM when they could not be kept. */
thrive_error vfm_finish(results *r);

#endif
