/* book_sheets.c - the sheets of figures: Costs, Outputs, Outcomes and
 * Distance travelled (see book_int.h for the helpers and the positions
 * they share; Value for money is book_vfm.c).
 *
 * Each writer records where it put the figures that later formulas use;
 * the order of the calls in book.c is the order of those dependencies:
 * Costs, then Outputs and Outcomes (which divide by the total cost), then
 * Value for money (which sums the Outcomes' present values).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "book_int.h"

/* A cell comment on a heading, saying how its figures are computed. */
typedef struct book_comment {
    lxw_col_t col;
    const char *text;
} book_comment;

static void comments(book *b, sheet *s, const book_comment *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        bk_comment(b, s, 0, c[i].col, c[i].text);
}

/* ---- Costs ---- */

enum { COST_LABEL, COST_KIND, COST_FTE, COST_ANNUAL, COST_YEARS, COST_COST, COST_ID, COST_NCOLS };

/* One row per input, from row FIRST: a staff cost as FTE x annual cost x
 * years, live; any other as a number.  The reader may change them all. */
static void costs_inputs(book *b, lxw_row_t first)
{
    const model *m = b->m;
    sheet *s = &b->costs;
    for (size_t i = 0; i < m->n_inputs; i++) {
        const input *in = &m->inputs[i];
        lxw_row_t row = first + (lxw_row_t)i;
        bk_text(b, s, row, COST_LABEL, in->label ? in->label : in->id, b->f.text);
        bk_text(b, s, row, COST_KIND, input_kind_labels[in->kind], b->f.text);
        bk_text(b, s, row, COST_ID, in->id, b->f.text);
        if (in->cost_is_fte) {
            bk_number(b, s, row, COST_FTE, in->fte, false, FMT_NUMBER, true);
            bk_number(b, s, row, COST_ANNUAL, in->annual_cost, false, FMT_CURRENCY, true);
            bk_number(b, s, row, COST_YEARS, in->years, false, FMT_NUMBER, true);
            bk_formula(b, s, row, COST_COST,
                       bk_fmla(b, "=%s*%s*%s", bk_ref(s, s, row, COST_FTE).s,
                               bk_ref(s, s, row, COST_ANNUAL).s, bk_ref(s, s, row, COST_YEARS).s),
                       in->cost, false, FMT_CURRENCY);
        } else {
            bk_number(b, s, row, COST_COST, in->cost, false, FMT_CURRENCY, true);
        }
    }
}

/* The totals under the inputs (rows FIRST..LAST), from ROW; returns the
 * row after them. */
static lxw_row_t costs_totals(book *b, lxw_row_t first, lxw_row_t last, lxw_row_t row)
{
    const model *m = b->m;
    sheet *s = &b->costs;
    b->cost.total = (cellpos){row++, COST_COST};
    b->cost.optimism = (cellpos){row++, COST_COST};
    b->cost.adjusted = (cellpos){row++, COST_COST};
    b->cost.participants = (cellpos){row++, COST_COST};
    b->cost.per_participant = (cellpos){row++, COST_COST};
    b->cost.per_participant_adjusted = (cellpos){row++, COST_COST};
    book_ref total = bk_ref_pos(s, s, b->cost.total);
    book_ref participants = bk_ref_pos(s, s, b->cost.participants);

    bk_text(b, s, b->cost.total.row, COST_LABEL, figures[FIG_COST_TOTAL].label, b->f.bold);
    bk_figure_formula(
        b, s, b->cost.total.row, COST_COST,
        m->n_inputs ? bk_fmla(b, "=SUM(%s)", bk_range(s, s, first, COST_COST, last, COST_COST).s)
                    : "=0",
        FIG_COST_TOTAL, 0);
    bk_text(b, s, b->cost.optimism.row, COST_LABEL, "Optimism bias (uplift on costs)", b->f.text);
    bk_number(b, s, b->cost.optimism.row, COST_COST, m->adj.optimism_bias, false, FMT_PERCENT,
              true);
    bk_text(b, s, b->cost.adjusted.row, COST_LABEL, "Adjusted cost (total x (1 + optimism bias))",
            b->f.bold);
    bk_figure_formula(b, s, b->cost.adjusted.row, COST_COST,
                      bk_fmla(b, "=%s*(1+%s)", total.s, bk_ref_pos(s, s, b->cost.optimism).s),
                      FIG_COST_ADJUSTED, 0);
    bk_text(b, s, b->cost.participants.row, COST_LABEL, figures[FIG_PARTICIPANTS].label, b->f.text);
    bk_figure(b, s, b->cost.participants.row, COST_COST, FIG_PARTICIPANTS, 0);
    /* both costs per participant, each saying which cost it divides */
    bk_text(b, s, b->cost.per_participant.row, COST_LABEL,
            "Cost per participant (total cost / participants)", b->f.bold);
    bk_figure_formula(b, s, b->cost.per_participant.row, COST_COST,
                      bk_ratio(b, total.s, participants.s), FIG_COST_PER_PARTICIPANT, 0);
    const results *r = b->r;
    bk_text(b, s, b->cost.per_participant_adjusted.row, COST_LABEL,
            "Cost per participant (adjusted cost / participants)", b->f.text);
    bk_formula(b, s, b->cost.per_participant_adjusted.row, COST_COST,
               bk_ratio(b, bk_ref_pos(s, s, b->cost.adjusted).s, participants.s),
               r->rows_accepted ? r->cost_adjusted / (double)r->rows_accepted : NAN,
               r->participants_suppressed, FMT_CURRENCY);
    return row;
}

/* The cost of each kind of input present, summed live; from ROW. */
static lxw_row_t costs_by_kind(book *b, lxw_row_t first, lxw_row_t last, lxw_row_t row)
{
    const model *m = b->m;
    sheet *s = &b->costs;
    bk_header(b, s, row, COST_LABEL, "Cost by kind");
    bk_header(b, s, row, COST_COST, "Cost");
    row++;
    for (int k = 0; k < INPUT_KIND_COUNT; k++) {
        if (!b->r->kind_present[k])
            continue;
        bk_text(b, s, row, COST_LABEL, input_kind_labels[k], b->f.text);
        bk_formula(b, s, row, COST_COST,
                   m->n_inputs ? bk_fmla(b, "=SUMIF(%s,\"%s\",%s)",
                                         bk_range(s, s, first, COST_KIND, last, COST_KIND).s,
                                         input_kind_labels[k],
                                         bk_range(s, s, first, COST_COST, last, COST_COST).s)
                               : "=0",
                   b->r->cost_by_kind[k], false, FMT_CURRENCY);
        row++;
    }
    return row;
}

void bk_sheet_costs(book *b)
{
    sheet *s = &b->costs;
    static const book_col heads[COST_NCOLS] = {
        [COST_LABEL] = BK_TEXT("Input"), [COST_KIND] = BK_TEXT("Kind"),
        [COST_FTE] = BK_TEXT("FTE"),     [COST_ANNUAL] = BK_TEXT("Annual cost"),
        [COST_YEARS] = BK_TEXT("Years"), [COST_COST] = BK_TEXT("Cost"),
        [COST_ID] = BK_TEXT("Id"),
    };
    bk_heads(b, s, 0, heads, COST_NCOLS);
    bk_freeze(b, s, 1, 1);

    const lxw_row_t first = 1;
    lxw_row_t n = (lxw_row_t)b->m->n_inputs;
    lxw_row_t last = first + n - 1; /* < first when there are none */
    costs_inputs(b, first);
    lxw_row_t row = costs_totals(b, first, last, first + n + 1);
    row = costs_by_kind(b, first, last, row + 1);
    static const char *const notes[] = {
        "Yellow cells are inputs: change a cost here and every figure built on it follows "
        "(costs per participant, output and outcome, net present value, SROI).",
        "A staff cost is FTE x annual cost x years.",
        "Costs per participant, output and outcome divide the total cost; NPV and SROI "
        "(Value for money sheet) use the adjusted cost."};
    bk_notes(b, s, row + 1, notes, BK_COUNT(notes));
    bk_fit(b, s);
}

/* ---- Outputs ---- */

static const book_col output_cols[OUT_NCOLS] = {
    [OUT_LABEL] = BK_TEXT("Output"),
    [OUT_COUNT] = BK_FIG(FIG_OUTPUT_COUNT),
    [OUT_TARGET] = BK_TEXT("Target"),
    [OUT_PCT_OF_TARGET] = BK_FIG(FIG_OUTPUT_PCT_OF_TARGET),
    [OUT_COST_PER_OUTPUT] = BK_TEXT("Cost per output (total cost)"),
    [OUT_ID] = BK_TEXT("Id"),
    [OUT_FROM] = BK_TEXT("From activities"),
};

static void output_row(book *b, size_t i, book_ref total)
{
    const output *o = &b->m->outputs[i];
    sheet *s = &b->outputs;
    lxw_row_t row = b->output_row0 + (lxw_row_t)i;
    book_ref count = bk_ref(s, s, row, OUT_COUNT), target = bk_ref(s, s, row, OUT_TARGET);
    bk_text(b, s, row, OUT_LABEL, o->label ? o->label : o->id, b->f.text);
    bk_figure(b, s, row, OUT_COUNT, FIG_OUTPUT_COUNT, i);
    if (o->has_target)
        bk_number(b, s, row, OUT_TARGET, o->target, false, FMT_COUNT, true);
    else
        bk_blank_input(b, s, row, OUT_TARGET, FMT_COUNT);
    bk_figure_formula(b, s, row, OUT_PCT_OF_TARGET, bk_ratio(b, count.s, target.s),
                      FIG_OUTPUT_PCT_OF_TARGET, i);
    bk_figure_formula(b, s, row, OUT_COST_PER_OUTPUT, bk_ratio(b, total.s, count.s),
                      FIG_COST_PER_OUTPUT, i);
    bk_text(b, s, row, OUT_ID, o->id, b->f.text);
    char from[1024];
    bk_text(b, s, row, OUT_FROM, bk_join_ids(from, sizeof from, &o->from), b->f.text);
}

void bk_sheet_outputs(book *b)
{
    const model *m = b->m;
    sheet *s = &b->outputs;
    bk_heads(b, s, 0, output_cols, OUT_NCOLS);
    bk_freeze(b, s, 1, 1);

    b->output_row0 = 1;
    book_ref total = bk_ref_pos(s, &b->costs, b->cost.total);
    for (size_t i = 0; i < m->n_outputs; i++)
        output_row(b, i, total);
    static const char *const notes[] = {
        "% of target = count / target; cost per output = total cost (Costs sheet, before "
        "optimism bias) / count.",
        "Targets are inputs (yellow): set or change one and the status follows."};
    bk_notes(b, s, b->output_row0 + (lxw_row_t)m->n_outputs + 1, notes, BK_COUNT(notes));
    bk_fit(b, s);
}

/* ---- Outcomes ---- */

static const book_col outcome_cols[OC_NCOLS] = {
    [OC_LABEL] = BK_TEXT("Outcome"),
    [OC_HORIZON] = BK_TEXT("Horizon"),
    [OC_ELIGIBLE] = BK_FIG(FIG_ELIGIBLE),
    [OC_ACHIEVED] = BK_FIG(FIG_ACHIEVED),
    [OC_RATE] = BK_FIG(FIG_RATE),
    [OC_RATE_CI95_LO] = BK_LOW(FIG_RATE_CI95),
    [OC_RATE_CI95_HI] = BK_HIGH(FIG_RATE_CI95),
    [OC_TARGET] = BK_TEXT("Target rate"),
    [OC_PCT_OF_TARGET] = BK_FIG(FIG_OUTCOME_PCT_OF_TARGET),
    [OC_NET] = BK_FIG(FIG_NET),
    [OC_COST_PER_OUTCOME] = BK_TEXT("Cost per outcome (total cost)"),
    [OC_COST_PER_NET_OUTCOME] = BK_TEXT("Cost per net outcome (total cost)"),
    [OC_COST_PER_NET_ADJUSTED] = BK_TEXT("Cost per net outcome (adjusted cost)"),
    [OC_VALUE] = BK_TEXT("Value a year"),
    [OC_DURATION] = BK_TEXT("Duration (years)"),
    [OC_DROP_OFF] = BK_TEXT("Drop-off a year"),
    [OC_PRESENT_VALUE] = BK_FIG(FIG_PRESENT_VALUE),
    [OC_ID] = BK_TEXT("Id"),
    [OC_FROM] = BK_TEXT("From outputs"),
};

static const book_comment outcome_comments[] = {
    {OC_RATE_CI95_LO, "Wilson score interval, 95%, for achieved / eligible, with z = "
                      "1.959963984540054 (the exact normal quantile). A value computed by thrive: "
                      "it does not follow changes to the counts."},
    {OC_RATE_CI95_HI, "Wilson score interval, 95% (see the low end). A value computed by thrive."},
    {OC_PRESENT_VALUE,
     "Sum over t = 1..duration of net x value x (1 - drop-off)^(t-1) / (1 + discount "
     "rate)^t, written in closed form so that it follows the duration. n/a when the "
     "outcome has no value."},
};

/* The counterfactual adjustments under the table, and what the columns
 * mean; placed first, since every row's net outcomes and present value
 * refer to them. */
static void outcomes_adjustments(book *b)
{
    const model *m = b->m;
    sheet *s = &b->outcomes;
    lxw_row_t row = b->outcome_row0 + (lxw_row_t)m->n_outcomes + 1;
    bk_text(b, s, row++, OC_LABEL, "Counterfactual adjustments (SROI convention)", b->f.section);
    struct {
        const char *label;
        double v;
        cellpos *at;
    } adj[] = {
        {"Deadweight (would have happened anyway)", m->adj.deadweight, &b->adj.deadweight},
        {"Displacement (moved from elsewhere)", m->adj.displacement, &b->adj.displacement},
        {"Attribution (due to others)", m->adj.attribution, &b->adj.attribution},
        {"Discount rate (a year)", m->adj.discount_rate, &b->adj.discount},
    };
    for (size_t i = 0; i < BK_COUNT(adj); i++, row++) {
        *adj[i].at = (cellpos){row, OC_HORIZON};
        bk_text(b, s, row, OC_LABEL, adj[i].label, b->f.text);
        if (adj[i].at == &b->adj.discount && m->adj.green_book)
            bk_text(b, s, row, OC_HORIZON, "Green Book (Value for money sheet)", b->f.text);
        else
            bk_number(b, s, row, OC_HORIZON, adj[i].v, false, FMT_PERCENT, true);
    }
    static const char *const notes[] = {
        "Rate = achieved / eligible. Net outcomes = achieved x (1 - deadweight) x "
        "(1 - displacement) x (1 - attribution).",
        "Present value = sum over years t = 1..duration of net outcomes x value x "
        "(1 - drop-off)^(t-1) / (1 + discount rate)^t.",
        "Costs per outcome divide the total cost (Costs sheet), before optimism bias; the "
        "last divides the adjusted cost, as NPV and SROI do. Yellow cells are inputs."};
    bk_notes(b, s, row + 1, notes, BK_COUNT(notes));
}

/* The target of outcome I, an input (blank when the model has none). */
static void outcome_target(book *b, size_t i, lxw_row_t at)
{
    const outcome *o = &b->m->outcomes[i];
    sheet *s = &b->outcomes;
    if (o->has_target)
        bk_number(b, s, at, OC_TARGET, o->target, false, FMT_PERCENT, true);
    else
        bk_blank_input(b, s, at, OC_TARGET, FMT_PERCENT);
}

/* The present value of outcome I (row AT), live.  The sum over the years
 * in closed form, so that it follows the duration: with q = (1 - d) /
 * (1 + r), the sum of (1 - d)^(t-1) / (1 + r)^t for t = 1..D is
 * (1 - q^D) / (r + d), or D when r + d = 0. */
static void outcome_present_value(book *b, size_t i, lxw_row_t at)
{
    sheet *s = &b->outcomes;
    book_ref net = bk_ref(s, s, at, OC_NET), value = bk_ref(s, s, at, OC_VALUE),
             years = bk_ref(s, s, at, OC_DURATION), drop = bk_ref(s, s, at, OC_DROP_OFF),
             disc = bk_ref_pos(s, s, b->adj.discount);
    if (b->m->adj.green_book) {
        /* the rates change with the year: a sum over the year-by-year
         * table of the Value for money sheet (to the longest duration) */
        book_ref y = bk_vfm_years(b, s, VY_YEAR), f = bk_vfm_years(b, s, VY_FACTOR);
        bk_figure_formula(
            b, s, at, OC_PRESENT_VALUE,
            bk_fmla(b, "=IF(%s=\"\",\"n/a\",%s*%s*SUMPRODUCT((1-%s)^(%s-1)*%s*(%s<=%s)))", value.s,
                    net.s, value.s, drop.s, y.s, f.s, y.s, years.s),
            FIG_PRESENT_VALUE, i);
        return;
    }
    bk_figure_formula(b, s, at, OC_PRESENT_VALUE,
                      bk_fmla(b,
                              "=IF(%s=\"\",\"n/a\",%s*%s*IF(%s+%s=0,%s,"
                              "(1-((1-%s)/(1+%s))^%s)/(%s+%s)))",
                              value.s, net.s, value.s, disc.s, drop.s, years.s, drop.s, disc.s,
                              years.s, disc.s, drop.s),
                      FIG_PRESENT_VALUE, i);
}

/* The figures of outcome I built on its counts, live. */
static void outcome_figures(book *b, size_t i, lxw_row_t at)
{
    sheet *s = &b->outcomes;
    book_ref total = bk_ref_pos(s, &b->costs, b->cost.total);
    book_ref dw = bk_ref_pos(s, s, b->adj.deadweight), disp = bk_ref_pos(s, s, b->adj.displacement),
             attr = bk_ref_pos(s, s, b->adj.attribution);
    book_ref e = bk_ref(s, s, at, OC_ELIGIBLE), a = bk_ref(s, s, at, OC_ACHIEVED),
             rate = bk_ref(s, s, at, OC_RATE), target = bk_ref(s, s, at, OC_TARGET),
             net = bk_ref(s, s, at, OC_NET);
    bk_figure(b, s, at, OC_ELIGIBLE, FIG_ELIGIBLE, i);
    bk_figure(b, s, at, OC_ACHIEVED, FIG_ACHIEVED, i);
    bk_figure_formula(b, s, at, OC_RATE, bk_ratio(b, a.s, e.s), FIG_RATE, i);
    bk_interval(b, s, at, OC_RATE_CI95_LO, FIG_RATE_CI95, i);
    outcome_target(b, i, at);
    bk_figure_formula(b, s, at, OC_PCT_OF_TARGET,
                      bk_fmla(b, "=IF(%s=0,\"n/a\",IF(ISNUMBER(%s),%s/%s,\"n/a\"))", target.s,
                              rate.s, rate.s, target.s),
                      FIG_OUTCOME_PCT_OF_TARGET, i);
    bk_figure_formula(b, s, at, OC_NET,
                      bk_fmla(b, "=%s*(1-%s)*(1-%s)*(1-%s)", a.s, dw.s, disp.s, attr.s), FIG_NET,
                      i);
    bk_figure_formula(b, s, at, OC_COST_PER_OUTCOME, bk_ratio(b, total.s, a.s),
                      FIG_COST_PER_OUTCOME, i);
    bk_figure_formula(b, s, at, OC_COST_PER_NET_OUTCOME, bk_ratio(b, total.s, net.s),
                      FIG_COST_PER_NET_OUTCOME, i);
    /* on the cost NPV and SROI use, so that the two are not taken for
     * each other */
    const res_outcome *ro = &b->r->outcomes[i];
    bk_formula(b, s, at, OC_COST_PER_NET_ADJUSTED,
               bk_ratio(b, bk_ref_pos(s, &b->costs, b->cost.adjusted).s, net.s),
               ro->net != 0 ? b->r->cost_adjusted / ro->net : NAN,
               results_hidden(b->r, FIG_COST_PER_NET_OUTCOME, i), FMT_CURRENCY);
}

static void outcome_row(book *b, size_t i)
{
    const outcome *o = &b->m->outcomes[i];
    sheet *s = &b->outcomes;
    lxw_row_t at = b->outcome_row0 + (lxw_row_t)i;
    bk_text(b, s, at, OC_LABEL, o->label ? o->label : o->id, b->f.text);
    bk_text(b, s, at, OC_HORIZON, horizon_names[o->horizon], b->f.text);
    outcome_figures(b, i, at);
    if (bk_vfm_split(o)) /* the sum of its parts, inputs on the Value for money sheet */
        bk_formula(b, s, at, OC_VALUE, bk_fmla(b, "=SUM(%s)", bk_vfm_parts(b, s, i).s), o->value,
                   false, FMT_CURRENCY);
    else if (o->has_value)
        bk_number(b, s, at, OC_VALUE, o->value, false, FMT_CURRENCY, true);
    else
        bk_blank_input(b, s, at, OC_VALUE, FMT_CURRENCY);
    bk_number(b, s, at, OC_DURATION, o->duration, false, FMT_COUNT, true);
    bk_number(b, s, at, OC_DROP_OFF, o->drop_off, false, FMT_PERCENT, true);
    outcome_present_value(b, i, at);
    bk_text(b, s, at, OC_ID, o->id, b->f.text);
    char from[1024];
    bk_text(b, s, at, OC_FROM, bk_join_ids(from, sizeof from, &o->from), b->f.text);
}

void bk_sheet_outcomes(book *b)
{
    sheet *s = &b->outcomes;
    bk_heads(b, s, 0, outcome_cols, OC_NCOLS);
    bk_freeze(b, s, 1, 1);
    b->outcome_row0 = 1;
    outcomes_adjustments(b);
    for (size_t i = 0; i < b->m->n_outcomes; i++)
        outcome_row(b, i);
    comments(b, s, outcome_comments, BK_COUNT(outcome_comments));
    bk_fit(b, s);
}

/* ---- Distance travelled ---- */

enum {
    DT_LABEL,
    DT_BETTER,
    DT_N,
    DT_N_MISSING_REVIEW,
    DT_MEAN_BASELINE,
    DT_MEAN_REVIEW,
    DT_MEAN_CHANGE,
    DT_SD_CHANGE,
    DT_CI95_LO,
    DT_CI95_HI,
    DT_EFFECT_SIZE_DZ,
    DT_PCT_IMPROVED,
    DT_PCT_SAME,
    DT_PCT_WORSE,
    DT_WILCOXON_P,
    DT_ID,
    DT_NCOLS
};

/* The columns from DT_N are the area's figures, in the table's order (an
 * interval takes two), then its id. */
_Static_assert(DT_ID - DT_N == FIG_WILCOXON_P - FIG_N + 2, "a column per figure of an area");

static void distance_heads(book *b, sheet *s)
{
    book_col cols[DT_NCOLS] = {
        [DT_LABEL] = BK_TEXT("Area"), [DT_BETTER] = BK_TEXT("Better"), [DT_ID] = BK_TEXT("Id")};
    lxw_col_t c = DT_N;
    for (fig_id f = FIG_N; f <= FIG_WILCOXON_P; f++)
        if (figures[f].interval) {
            cols[c++] = (book_col)BK_LOW(f);
            cols[c++] = (book_col)BK_HIGH(f);
        } else {
            cols[c++] = (book_col)BK_FIG(f);
        }
    bk_heads(b, s, 0, cols, DT_NCOLS);
}

static const book_comment distance_comments[] = {
    {DT_SD_CHANGE, "Sample standard deviation (n - 1) of the change, computed by thrive from the "
                   "histogram of changes (the rows are not kept). A value."},
    {DT_CI95_LO, "95% confidence interval of the mean change: Student t with n - 1 degrees of "
                 "freedom, exact quantile. A value computed by thrive."},
    {DT_CI95_HI, "95% Student t interval of the mean change (see the low end)."},
    {DT_PCT_IMPROVED,
     "Share of pairs whose change is above 0, from the histogram of changes. A value."},
    {DT_WILCOXON_P,
     "Two-sided Wilcoxon signed-rank test of the changes: zero changes dropped, normal "
     "approximation with tie and continuity corrections. A value computed by thrive; "
     "n/a when there are no pairs or every change is zero."},
    {DT_EFFECT_SIZE_DZ, "Mean change / SD of change (Cohen's dz). n/a when n < 2 or the "
                        "SD is 0."},
};

static void distance_row(book *b, size_t i, lxw_row_t row)
{
    const area *ar = &b->m->areas[i];
    sheet *s = &b->distance;
    book_ref base = bk_ref(s, s, row, DT_MEAN_BASELINE), review = bk_ref(s, s, row, DT_MEAN_REVIEW),
             change = bk_ref(s, s, row, DT_MEAN_CHANGE), sd = bk_ref(s, s, row, DT_SD_CHANGE);
    /* A lower-is-better area says so where it is named, so that its falling
     * bar in the chart (whose categories are these cells) reads as the
     * improvement it is. */
    char label[512];
    snprintf(label, sizeof label, "%s%s", ar->label ? ar->label : ar->id,
             ar->lower_is_better ? " (lower is better)" : "");
    bk_text(b, s, row, DT_LABEL, label, b->f.text);
    bk_text(b, s, row, DT_BETTER, ar->lower_is_better ? "lower" : "higher",
            ar->lower_is_better ? b->f.bold : b->f.text);
    bk_figure(b, s, row, DT_N, FIG_N, i);
    bk_figure(b, s, row, DT_N_MISSING_REVIEW, FIG_N_MISSING_REVIEW, i);
    bk_figure(b, s, row, DT_MEAN_BASELINE, FIG_MEAN_BASELINE, i);
    bk_figure(b, s, row, DT_MEAN_REVIEW, FIG_MEAN_REVIEW, i);
    bk_figure_formula(b, s, row, DT_MEAN_CHANGE,
                      bk_fmla(b, "=IF(COUNT(%s,%s)<2,\"n/a\",%s-%s)", base.s, review.s,
                              ar->lower_is_better ? base.s : review.s,
                              ar->lower_is_better ? review.s : base.s),
                      FIG_MEAN_CHANGE, i);
    bk_figure(b, s, row, DT_SD_CHANGE, FIG_SD_CHANGE, i);
    bk_interval(b, s, row, DT_CI95_LO, FIG_CI95, i);
    bk_figure_formula(b, s, row, DT_EFFECT_SIZE_DZ,
                      bk_fmla(b,
                              "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),IF(%s=0,\"n/a\",%s/%s),\"n/a\")",
                              change.s, sd.s, sd.s, change.s, sd.s),
                      FIG_EFFECT_SIZE_DZ, i);
    bk_figure(b, s, row, DT_PCT_IMPROVED, FIG_PCT_IMPROVED, i);
    bk_figure(b, s, row, DT_PCT_SAME, FIG_PCT_SAME, i);
    bk_figure(b, s, row, DT_PCT_WORSE, FIG_PCT_WORSE, i);
    bk_figure(b, s, row, DT_WILCOXON_P, FIG_WILCOXON_P, i);
    bk_text(b, s, row, DT_ID, ar->id, b->f.text);
}

/* Whether any area of M is lower-is-better. */
static bool any_lower_is_better(const model *m)
{
    for (size_t i = 0; i < m->n_areas; i++)
        if (m->areas[i].lower_is_better)
            return true;
    return false;
}

/* Mean baseline and mean review per area (rows FIRST..LAST), at ROW; with
 * a lower-is-better area, the mean change beside it, up for an
 * improvement on every area. */
static void distance_chart(book *b, lxw_row_t first, lxw_row_t last, lxw_row_t row)
{
    const model *m = b->m;
    bool lower = any_lower_is_better(m);
    const book_series series[] = {{DT_MEAN_BASELINE, "Mean baseline", BOOK_SERIES_BASE},
                                  {DT_MEAN_REVIEW, "Mean review", BOOK_SERIES}};
    lxw_chart *chart =
        bk_chart_of(b, &b->distance, LXW_CHART_COLUMN,
                    lower ? "Mean score at baseline and at review (where marked, lower is better)"
                          : "Mean score at baseline and at review",
                    first, last, DT_LABEL, series, 2);
    if (!chart)
        return;
    if (m->has_scale) {
        chart_axis_set_min(chart->y_axis, m->scale_min < 0 ? m->scale_min : 0);
        chart_axis_set_max(chart->y_axis, m->scale_max);
    }
    lxw_chart_options opt = {.x_scale = 1.6,
                             .y_scale = 1.2,
                             .x_offset = 5,
                             .y_offset = 5,
                             .description = "Mean score at baseline and at review per area"};
    bk_check(b, worksheet_insert_chart_opt(b->distance.ws, row, bk_below_col(&b->distance), chart,
                                           &opt));
    if (!lower)
        return;
    const book_series change[] = {{DT_MEAN_CHANGE, "Mean change", BOOK_SERIES}};
    chart = bk_chart_of(b, &b->distance, LXW_CHART_COLUMN,
                        "Mean change: above 0 is an improvement on every area", first, last,
                        DT_LABEL, change, 1);
    if (!chart)
        return;
    lxw_chart_options opt2 = {.x_scale = 1.6,
                              .y_scale = 1.2,
                              .x_offset = 5,
                              .y_offset = 5,
                              .description = "Mean change per area, improvement upwards"};
    bk_check(b, worksheet_insert_chart_opt(b->distance.ws, row + 19, bk_below_col(&b->distance),
                                           chart, &opt2));
}

void bk_sheet_distance(book *b)
{
    const model *m = b->m;
    sheet *s = &b->distance;
    distance_heads(b, s);
    bk_freeze(b, s, 1, 1);
    if (m->n_areas == 0) {
        bk_note(b, s, 2, "The model has no distance_travelled section.");
        bk_fit(b, s);
        return;
    }
    const lxw_row_t first = 1, last = first + (lxw_row_t)m->n_areas - 1;
    for (size_t i = 0; i < m->n_areas; i++)
        distance_row(b, i, first + (lxw_row_t)i);
    comments(b, s, distance_comments, BK_COUNT(distance_comments));

    lxw_row_t row = last + 2;
    char buf[512];
    if (m->has_scale)
        snprintf(buf, sizeof buf,
                 "Scores on a scale from %d to %d. Pairs: rows with both a baseline and a review "
                 "score; the means are over those pairs.",
                 m->scale_min, m->scale_max);
    else
        snprintf(buf, sizeof buf,
                 "Pairs: rows with both a baseline and a review score; the "
                 "means are over those pairs.");
    bk_note(b, s, row++, buf);
    bk_note(b, s, row++,
            "Change = review - baseline, or baseline - review where lower is better, "
            "so a positive change is always an improvement.");
    distance_chart(b, first, last, row + 1);
    bk_fix_column(b, s, DT_LABEL, 40, NULL);
    bk_fit(b, s);
}
