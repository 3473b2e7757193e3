/* methods.c - the plain-words definition of every figure (see methods.h). */
#include "methods.h"

const fig_method fig_methods[FIG_IDS] = {
    [FIG_PARTICIPANTS] = {"The number of rows of case data that passed every check.", "Methods 1"},
    [FIG_COST_TOTAL] = {"The sum of the costs of the inputs (a cost given in FTE is FTE x annual "
                        "cost x years).",
                        "Methods 1"},
    [FIG_COST_ADJUSTED] = {"Total cost x (1 + optimism bias): the HM Treasury Green Book's "
                           "allowance for costs that appraisals tend to understate.",
                           "Methods 1"},
    [FIG_COST_PER_PARTICIPANT] = {"Total cost / participants.", "Methods 1"},
    [FIG_PV_TOTAL] = {"The sum of the present values of the outcomes that have a value.",
                      "Methods 4"},
    [FIG_NPV] = {"Total present value - adjusted cost. Below 0: the valued outcomes are worth "
                 "less than they cost.",
                 "Methods 4"},
    [FIG_SROI_RATIO] = {"Total present value / adjusted cost: the social value created per pound "
                        "spent (Social Return on Investment).",
                        "Methods 4"},
    [FIG_BCR] = {"Benefit-cost ratio: the SROI ratio under the Green Book's name, total present "
                 "value / adjusted cost.",
                 "Methods 4"},
    [FIG_FISCAL_ROI] = {"Fiscal return: the present value of the savings to public bodies (the "
                        "fiscal parts of the values) / adjusted cost.",
                        "Methods 4"},
    [FIG_PAYBACK_YEAR] = {"The first whole year by which the discounted benefits so far cover the "
                          "adjusted cost; n/a when they never do within the outcomes' duration.",
                          "Methods 4"},
    [FIG_SROI_BOUNDS] = {"The SROI ratio with each outcome's achieved count at eligible x the low "
                         "(or high) end of its rate's 95% interval: the sampling noise alone.",
                         "Methods 4"},
    [FIG_OUTPUT_COUNT] = {"The number of participants for whom the output's count condition "
                          "holds.",
                          "Methods 2"},
    [FIG_OUTPUT_PCT_OF_TARGET] = {"Count / target.", "Methods 2"},
    [FIG_COST_PER_OUTPUT] = {"Total cost / count (the unadjusted cost).", "Methods 2"},
    [FIG_ELIGIBLE] = {"The number of participants for whom the outcome's eligible condition "
                      "holds (all of them when it has none).",
                      "Methods 3"},
    [FIG_ACHIEVED] = {"The number of eligible participants for whom the achieved condition "
                      "holds.",
                      "Methods 3"},
    [FIG_RATE] = {"Achieved / eligible.", "Methods 3"},
    [FIG_RATE_CI95] = {"The Wilson score 95% interval of the rate: the range of rates the data "
                       "are consistent with; wide for small groups.",
                       "Methods 3"},
    [FIG_OUTCOME_PCT_OF_TARGET] = {"Rate / target rate.", "Methods 3"},
    [FIG_NET] = {"Achieved x (1 - deadweight) x (1 - displacement) x (1 - attribution): the "
                 "outcomes due to this intervention alone.",
                 "Methods 3"},
    [FIG_COST_PER_OUTCOME] = {"Total cost / achieved (the unadjusted cost).", "Methods 3"},
    [FIG_COST_PER_NET_OUTCOME] = {"Total cost / net outcomes (the unadjusted cost).", "Methods 3"},
    [FIG_PRESENT_VALUE] = {"Net outcomes x value a year, over the outcome's duration, less the "
                           "drop-off each year after the first, discounted each year at the "
                           "discount rate.",
                           "Methods 3"},
    [FIG_N] = {"The participants with both a baseline and a review score in the area.",
               "Methods 5"},
    [FIG_N_MISSING_REVIEW] = {"The participants with a baseline score but no review score.",
                              "Methods 5"},
    [FIG_MEAN_BASELINE] = {"The mean baseline score over the pairs.", "Methods 5"},
    [FIG_MEAN_REVIEW] = {"The mean review score over the pairs.", "Methods 5"},
    [FIG_MEAN_CHANGE] = {"The mean improvement per pair: review - baseline, or baseline - review "
                         "where a lower score is better.",
                         "Methods 5"},
    [FIG_SD_CHANGE] = {"The sample standard deviation of the improvements (divisor n - 1).",
                       "Methods 5"},
    [FIG_CI95] = {"The 95% interval of the mean change, from Student's t distribution on n - 1 "
                  "degrees of freedom.",
                  "Methods 5"},
    [FIG_EFFECT_SIZE_DZ] = {"Mean change / SD of change: the change in standard units (Cohen's "
                            "dz); about 0.2 is small, 0.5 medium, 0.8 large.",
                            "Methods 5"},
    [FIG_PCT_IMPROVED] = {"The share of pairs whose score improved.", "Methods 5"},
    [FIG_PCT_SAME] = {"The share of pairs whose score did not change.", "Methods 5"},
    [FIG_PCT_WORSE] = {"The share of pairs whose score got worse.", "Methods 5"},
    [FIG_WILCOXON_P] = {"The two-sided p-value of the Wilcoxon signed-rank test of no change: "
                        "below 0.05, a change this large is unlikely to be chance alone.",
                        "Methods 5"},
};
