/* figures.c - the table of figures (see figures.h). */
#include "figures.h"

#include <math.h>

const figure figures[FIG_IDS] = {
    [FIG_PARTICIPANTS] = {"participants", "Participants (accepted rows)", FMT_COUNT,
                          HIDE_PARTICIPANTS, OF_RUN},
    [FIG_COST_TOTAL] = {"total", "Total cost", FMT_CURRENCY, HIDE_NEVER, OF_RUN},
    [FIG_COST_ADJUSTED] = {"adjusted", "Adjusted cost (with optimism bias)", FMT_CURRENCY,
                           HIDE_NEVER, OF_RUN},
    [FIG_COST_PER_PARTICIPANT] = {"per_participant", "Cost per participant", FMT_CURRENCY,
                                  HIDE_PARTICIPANTS, OF_RUN},
    [FIG_PV_TOTAL] = {"present_value", "Present value of outcomes", FMT_CURRENCY, HIDE_VALUED,
                      OF_RUN},
    [FIG_NPV] = {"npv", "Net present value", FMT_CURRENCY, HIDE_VALUED, OF_RUN},
    [FIG_SROI_RATIO] = {"sroi_ratio", "SROI ratio (present value / adjusted cost)", FMT_RATIO,
                        HIDE_VALUED, OF_RUN},
    [FIG_BCR] = {"bcr", "Benefit-cost ratio (BCR)", FMT_RATIO, HIDE_VALUED, OF_RUN},
    [FIG_FISCAL_ROI] = {"fiscal_roi", "Fiscal return (fiscal present value / adjusted cost)",
                        FMT_RATIO, HIDE_VALUED, OF_RUN},
    [FIG_PAYBACK_YEAR] = {"payback_year", "Pays back in year", FMT_COUNT, HIDE_VALUED, OF_RUN},
    [FIG_SROI_BOUNDS] = {"sroi_bounds", "SROI ratio over the rates' 95% CI", FMT_RATIO, HIDE_VALUED,
                         OF_RUN, true},

    [FIG_OUTPUT_COUNT] = {"count", "Count", FMT_COUNT, HIDE_OUTPUT, OF_OUTPUT},
    [FIG_OUTPUT_PCT_OF_TARGET] = {"pct_of_target", "% of target", FMT_PERCENT, HIDE_OUTPUT,
                                  OF_OUTPUT},
    [FIG_COST_PER_OUTPUT] = {"cost_per_output", "Cost per output", FMT_CURRENCY, HIDE_OUTPUT,
                             OF_OUTPUT},

    [FIG_ELIGIBLE] = {"eligible", "Eligible", FMT_COUNT, HIDE_ELIGIBLE, OF_OUTCOME},
    [FIG_ACHIEVED] = {"achieved", "Achieved", FMT_COUNT, HIDE_ACHIEVED, OF_OUTCOME},
    [FIG_RATE] = {"rate", "Rate", FMT_PERCENT, HIDE_RATE, OF_OUTCOME},
    [FIG_RATE_CI95] = {"rate_ci95", "95% CI", FMT_PERCENT, HIDE_RATE, OF_OUTCOME, true},
    [FIG_OUTCOME_PCT_OF_TARGET] = {"pct_of_target", "% of target", FMT_PERCENT, HIDE_RATE,
                                   OF_OUTCOME},
    [FIG_NET] = {"net", "Net outcomes", FMT_NUMBER, HIDE_ACHIEVED, OF_OUTCOME},
    [FIG_COST_PER_OUTCOME] = {"cost_per_outcome", "Cost per outcome", FMT_CURRENCY, HIDE_ACHIEVED,
                              OF_OUTCOME},
    [FIG_COST_PER_NET_OUTCOME] = {"cost_per_net_outcome", "Cost per net outcome", FMT_CURRENCY,
                                  HIDE_ACHIEVED, OF_OUTCOME},
    [FIG_PRESENT_VALUE] = {"present_value", "Present value", FMT_CURRENCY, HIDE_VALUED, OF_OUTCOME},

    [FIG_N] = {"n", "Pairs (n)", FMT_COUNT, HIDE_PAIRS, OF_AREA},
    [FIG_N_MISSING_REVIEW] = {"n_missing_review", "Missing review", FMT_COUNT, HIDE_MISSING,
                              OF_AREA},
    [FIG_MEAN_BASELINE] = {"mean_baseline", "Mean baseline", FMT_NUMBER, HIDE_PAIRS, OF_AREA},
    [FIG_MEAN_REVIEW] = {"mean_review", "Mean review", FMT_NUMBER, HIDE_PAIRS, OF_AREA},
    [FIG_MEAN_CHANGE] = {"mean_change", "Mean change", FMT_NUMBER, HIDE_PAIRS, OF_AREA},
    [FIG_SD_CHANGE] = {"sd_change", "SD of change", FMT_NUMBER, HIDE_PAIRS, OF_AREA},
    [FIG_CI95] = {"ci95", "95% CI", FMT_NUMBER, HIDE_PAIRS, OF_AREA, true},
    [FIG_EFFECT_SIZE_DZ] = {"effect_size_dz", "Effect size dz", FMT_NUMBER, HIDE_PAIRS, OF_AREA},
    [FIG_PCT_IMPROVED] = {"pct_improved", "% improved", FMT_PERCENT, HIDE_PAIRS, OF_AREA},
    [FIG_PCT_SAME] = {"pct_same", "% same", FMT_PERCENT, HIDE_PAIRS, OF_AREA},
    [FIG_PCT_WORSE] = {"pct_worse", "% worse", FMT_PERCENT, HIDE_PAIRS, OF_AREA},
    [FIG_WILCOXON_P] = {"wilcoxon_p", "Wilcoxon p", FMT_PVALUE, HIDE_PAIRS, OF_AREA},
};

fig_status fig_status_of(double pct)
{
    if (!isfinite(pct))
        return STATUS_NONE;
    return pct >= RAG_GREEN ? STATUS_ON : pct >= RAG_AMBER ? STATUS_NEAR : STATUS_BELOW;
}

const char *fig_status_name(fig_status s)
{
    static const char *const names[] = {
        [STATUS_NONE] = "",
        [STATUS_BELOW] = "Below target",
        [STATUS_NEAR] = "Near target",
        [STATUS_ON] = "On target",
    };
    return (unsigned)s <= STATUS_ON ? names[s] : "";
}
