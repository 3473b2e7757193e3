/* book_vfm.c - the Value for money sheet (see book_int.h;
 * docs/manual/methods.md, "Value for money" and "Value for money in
 * depth").
 *
 * From the top: the totals (present value, adjusted cost, NPV, SROI, BCR,
 * fiscal return, payback year, the SROI ratio over the rates' intervals);
 * the present value of each valued outcome with what it is built on; the
 * parts of each value by who benefits; the present value by type and
 * agency; the benefits year by year; the one-way sensitivity table and
 * its tornado chart.  Every figure that follows from cells of the
 * workbook is a live formula over them: change a value, an adjustment or
 * a cost and NPV, SROI, the fiscal return and the payback year follow.
 * The sensitivity and the interval bounds are values thrive computed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book_int.h"
#include "vfm.h"
#include "words.h"

/* Columns of the totals, and of each table below them. */
enum { VF_LABEL, VF_VALUE, VF_HOW };
enum { VO_LABEL, VO_PV, VO_NET, VO_VALUE, VO_DURATION, VO_DROP_OFF, VO_NCOLS };
enum { VP_LABEL, VP_PV, VP_TYPE, VP_AGENCY, VP_VALUE, VP_NCOLS };
enum {
    VS_LABEL,
    VS_SWITCHING,
    VS_BASE,
    VS_LOW,
    VS_HIGH,
    VS_NPV_LOW,
    VS_NPV_HIGH,
    VS_SROI_LOW,
    VS_SROI_HIGH,
    VS_CHANGE_LOW,
    VS_CHANGE_HIGH,
    VS_NCOLS
};

/* A value's type as the sheet names it (SUMIF looks for these words). */
static const char *const type_words[VALUE_TYPES] = {"Not split", "Fiscal", "Economic", "Social"};

bool bk_vfm_split(const outcome *o)
{
    return o->has_value && !(o->n_parts == 1 && o->parts[0].type == VALUE_PLAIN);
}

void bk_vfm_layout(book *b)
{
    const model *m = b->m;
    lxw_row_t row = 1;
    cellpos *totals[] = {&b->vfm_at.pv,  &b->vfm_at.adjusted, &b->vfm_at.npv,    &b->vfm_at.sroi,
                         &b->vfm_at.bcr, &b->vfm_at.fiscal,   &b->vfm_at.payback};
    for (size_t i = 0; i < BK_COUNT(totals); i++)
        *totals[i] = (cellpos){row++, VF_VALUE};
    row += 4; /* discount rate, the two interval bounds, a blank */
    b->vfm_at.n_valued = b->vfm_at.n_parts = 0;
    for (size_t i = 0; i < m->n_outcomes; i++)
        if (m->outcomes[i].has_value) {
            b->vfm_at.n_valued++;
            b->vfm_at.n_parts += m->outcomes[i].n_parts;
        }
    size_t valued = b->vfm_at.n_valued ? b->vfm_at.n_valued : 1; /* or a note */
    b->vfm_at.valued0 = row + 1;
    b->vfm_at.parts0 = b->vfm_at.valued0 + (lxw_row_t)valued + 2;
    /* parts, a blank, a heading, 4 types and the agencies, a blank, a title, a heading */
    b->vfm_at.years0 = b->vfm_at.parts0 + (lxw_row_t)b->vfm_at.n_parts + 2 + VALUE_TYPES +
                       (lxw_row_t)m->n_agencies + 3;
}

/* The row of outcome I among the valued outcomes, and of its first part. */
static lxw_row_t valued_row(const book *b, size_t i, lxw_row_t *part)
{
    lxw_row_t row = b->vfm_at.valued0, p = b->vfm_at.parts0;
    for (size_t j = 0; j < i; j++)
        if (b->m->outcomes[j].has_value) {
            row++;
            p += (lxw_row_t)b->m->outcomes[j].n_parts;
        }
    if (part)
        *part = p;
    return row;
}

book_ref bk_vfm_parts(book *b, const sheet *here, size_t i)
{
    lxw_row_t first;
    valued_row(b, i, &first);
    return bk_range(here, &b->vfm, first, VP_VALUE,
                    first + (lxw_row_t)b->m->outcomes[i].n_parts - 1, VP_VALUE);
}

book_ref bk_vfm_years(book *b, const sheet *here, lxw_col_t col)
{
    lxw_row_t n = b->r->n_years ? (lxw_row_t)b->r->n_years : 1;
    return bk_range(here, &b->vfm, b->vfm_at.years0, col, b->vfm_at.years0 + n - 1, col);
}

/* How a figure is computed, beside it: text that may run over the empty
 * cells to its right (not fitted into its column). */
static void how(book *b, lxw_row_t row, const char *text)
{
    bk_check(b, worksheet_write_string(b->vfm.ws, row, VF_HOW, text, b->f.text));
}

static void total(book *b, cellpos at, const char *label, lxw_format *f, const char *formula,
                  fig_id fig, const char *text)
{
    bk_text(b, &b->vfm, at.row, VF_LABEL, label, f);
    bk_figure_formula(b, &b->vfm, at.row, VF_VALUE, formula, fig, 0);
    how(b, at.row, text);
}

/* Present value, adjusted cost, NPV and SROI, from row 1. */
static void totals(book *b)
{
    const model *m = b->m;
    sheet *s = &b->vfm;
    book_ref pv = bk_ref_pos(s, s, b->vfm_at.pv), adjusted = bk_ref_pos(s, s, b->vfm_at.adjusted);
    lxw_row_t last = b->outcome_row0 + (lxw_row_t)m->n_outcomes - 1;
    total(b, b->vfm_at.pv, figures[FIG_PV_TOTAL].label, b->f.bold,
          m->n_outcomes ? bk_fmla(b, "=SUM(%s)",
                                  bk_range(s, &b->outcomes, b->outcome_row0, OC_PRESENT_VALUE, last,
                                           OC_PRESENT_VALUE)
                                      .s)
                        : "=0",
          FIG_PV_TOTAL, "Sum of the present values on the Outcomes sheet");
    total(b, b->vfm_at.adjusted, "Adjusted cost", b->f.text,
          bk_fmla(b, "=%s", bk_ref_pos(s, &b->costs, b->cost.adjusted).s), FIG_COST_ADJUSTED,
          "Total cost x (1 + optimism bias), Costs sheet");
    total(b, b->vfm_at.npv, figures[FIG_NPV].label, b->f.bold,
          bk_fmla(b, "=%s-%s", pv.s, adjusted.s), FIG_NPV, "Present value - adjusted cost");
    total(b, b->vfm_at.sroi, "SROI ratio", b->f.bold, bk_ratio(b, pv.s, adjusted.s), FIG_SROI_RATIO,
          "Present value / adjusted cost: social value per unit of money spent");
    /* a negative NPV in red */
    lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_CELL,
                                 .criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN,
                                 .value = 0,
                                 .format = b->f.red};
    bk_check(b, worksheet_conditional_format_cell(s->ws, b->vfm_at.npv.row, VF_VALUE, &cf));
}

/* The discount rate as used (row AT). */
static void discount_row(book *b, lxw_row_t at)
{
    const model *m = b->m;
    sheet *s = &b->vfm;
    bk_text(b, s, at, VF_LABEL, "Discount rate", b->f.text);
    if (m->adj.green_book) {
        bk_text(b, s, at, VF_VALUE, "Green Book", b->f.text);
        how(b, at,
            "HM Treasury's declining schedule: 3.5% a year to year 30, 3% to 75, 2.5% to "
            "125 (the rates of each year are in the table year by year)");
        return;
    }
    bk_formula(b, s, at, VF_VALUE,
               bk_fmla(b, "=%s", bk_ref_pos(s, &b->outcomes, b->adj.discount).s),
               m->adj.discount_rate, false, FMT_PERCENT);
    how(b, at, "HM Treasury Green Book convention; an input on the Outcomes sheet");
}

/* BCR, fiscal return, payback and the interval bounds; returns the row
 * after them. */
static lxw_row_t totals_in_depth(book *b)
{
    const results *r = b->r;
    sheet *s = &b->vfm;
    book_ref pv = bk_ref_pos(s, s, b->vfm_at.pv), adjusted = bk_ref_pos(s, s, b->vfm_at.adjusted);
    lxw_row_t fiscal_row = b->vfm_at.parts0 + (lxw_row_t)b->vfm_at.n_parts + 2 + VALUE_FISCAL;
    book_ref fiscal = bk_ref(s, s, fiscal_row, VP_PV);
    total(b, b->vfm_at.bcr, figures[FIG_BCR].label, b->f.text, bk_ratio(b, pv.s, adjusted.s),
          FIG_BCR, "The SROI ratio under its Green Book name");
    total(b, b->vfm_at.fiscal, "Fiscal return", b->f.bold, bk_ratio(b, fiscal.s, adjusted.s),
          FIG_FISCAL_ROI, "Fiscal present value (savings to public bodies, below) / adjusted cost");
    book_ref paid = bk_vfm_years(b, s, VY_PAID);
    total(b, b->vfm_at.payback, figures[FIG_PAYBACK_YEAR].label, b->f.bold,
          r->n_years ? bk_fmla(b, "=IF(COUNT(%s)=0,\"n/a\",MIN(%s))", paid.s, paid.s) : "=\"n/a\"",
          FIG_PAYBACK_YEAR,
          "The first year by which the discounted benefits cover the adjusted cost (n/a: "
          "not within the outcomes' duration)");
    lxw_row_t row = b->vfm_at.payback.row + 1;
    discount_row(b, row++);
    const char *ends[] = {"SROI ratio, rates at the low ends of their 95% CIs",
                          "SROI ratio, rates at the high ends of their 95% CIs"};
    double bound[] = {r->sroi_bounds_lo, r->sroi_bounds_hi};
    for (int e = 0; e < 2; e++, row++) {
        bk_text(b, s, row, VF_LABEL, ends[e], b->f.text);
        bk_number(b, s, row, VF_VALUE, bound[e], r->value_suppressed, FMT_RATIO, false);
        how(b, row,
            "Each outcome's achieved count at eligible x that end of its Wilson interval: the "
            "sampling noise of the rates alone. A value computed by thrive.");
    }
    return row + 1;
}

/* The present value of each valued outcome and what it is built on. */
static void valued_outcomes(book *b)
{
    const model *m = b->m;
    sheet *s = &b->vfm, *oc = &b->outcomes;
    static const char *const heads[VO_NCOLS] = {
        "Present value by outcome", "Present value",  "Net outcomes", "Value a year",
        "Duration (years)",         "Drop-off a year"};
    for (lxw_col_t c = 0; c < VO_NCOLS; c++)
        bk_header(b, s, b->vfm_at.valued0 - 1, c, heads[c]);
    if (!b->vfm_at.n_valued)
        bk_note(b, s, b->vfm_at.valued0,
                "No outcome has a value (a financial proxy), so the present value is 0.");
    static const struct {
        lxw_col_t col, from;
        fig_format k;
    } refs[] = {{VO_NET, OC_NET, FMT_NUMBER},
                {VO_VALUE, OC_VALUE, FMT_CURRENCY},
                {VO_DURATION, OC_DURATION, FMT_COUNT},
                {VO_DROP_OFF, OC_DROP_OFF, FMT_PERCENT}};
    for (size_t i = 0; i < m->n_outcomes; i++) {
        const outcome *o = &m->outcomes[i];
        if (!o->has_value)
            continue;
        lxw_row_t row = valued_row(b, i, NULL), at = b->outcome_row0 + (lxw_row_t)i;
        bk_text(b, s, row, VO_LABEL, o->label ? o->label : o->id, b->f.text);
        bk_figure_formula(b, s, row, VO_PV,
                          bk_fmla(b, "=%s", bk_ref(s, oc, at, OC_PRESENT_VALUE).s),
                          FIG_PRESENT_VALUE, i);
        double v[] = {b->r->outcomes[i].net, o->value, o->duration, o->drop_off};
        bool hide[] = {b->r->outcomes[i].achieved_suppressed, false, false, false};
        for (size_t k = 0; k < BK_COUNT(refs); k++)
            bk_formula(b, s, row, refs[k].col, bk_fmla(b, "=%s", bk_ref(s, oc, at, refs[k].from).s),
                       v[k], hide[k], refs[k].k);
    }
}

/* The parts of outcome I's value, from ROW: each an input when the value
 * is split (the Outcomes sheet adds them up), else the Outcomes sheet's
 * value; each part's present value is the outcome's in proportion. */
static void value_parts(book *b, size_t i, lxw_row_t row)
{
    const outcome *o = &b->m->outcomes[i];
    const res_outcome *ro = &b->r->outcomes[i];
    sheet *s = &b->vfm;
    lxw_row_t vrow = valued_row(b, i, NULL);
    book_ref pv = bk_ref(s, s, vrow, VO_PV), whole = bk_ref(s, s, vrow, VO_VALUE);
    for (size_t k = 0; k < o->n_parts; k++, row++) {
        const value_part *p = &o->parts[k];
        bk_text(b, s, row, VP_LABEL, o->label ? o->label : o->id, b->f.text);
        bk_text(b, s, row, VP_TYPE, type_words[p->type], b->f.text);
        char agency[128]; /* as the report names it: "Local authority", "DWP" */
        bk_text(b, s, row, VP_AGENCY,
                p->agency >= 0
                    ? model_agency_label(agency, sizeof agency, b->m->agencies[p->agency])
                    : NULL,
                b->f.text);
        if (bk_vfm_split(o))
            bk_number(b, s, row, VP_VALUE, p->value, false, FMT_CURRENCY, true);
        else
            bk_formula(b, s, row, VP_VALUE,
                       bk_fmla(b, "=%s",
                               bk_ref(s, &b->outcomes, b->outcome_row0 + (lxw_row_t)i, OC_VALUE).s),
                       p->value, false, FMT_CURRENCY);
        book_ref part = bk_ref(s, s, row, VP_VALUE);
        bk_formula(b, s, row, VP_PV,
                   bk_fmla(b, "=IF(%s=0,0,%s*%s/%s)", whole.s, pv.s, part.s, whole.s),
                   ro->part_pv ? ro->part_pv[k] : NAN, ro->value_suppressed, FMT_CURRENCY);
    }
}

/* The present value by type and by agency, summed over the parts. */
static void by_type(book *b, lxw_row_t row)
{
    const results *r = b->r;
    sheet *s = &b->vfm;
    lxw_row_t last = b->vfm_at.parts0 + (lxw_row_t)(b->vfm_at.n_parts ? b->vfm_at.n_parts : 1) - 1;
    book_ref pv = bk_range(s, s, b->vfm_at.parts0, VP_PV, last, VP_PV),
             type = bk_range(s, s, b->vfm_at.parts0, VP_TYPE, last, VP_TYPE),
             agency = bk_range(s, s, b->vfm_at.parts0, VP_AGENCY, last, VP_AGENCY);
    bk_header(b, s, row, VP_LABEL, "Present value by who benefits");
    bk_header(b, s, row, VP_PV, "Present value");
    row++;
    /* rows in value_type order: the fiscal total is where totals_in_depth() looks */
    for (value_type vt = VALUE_PLAIN; vt < VALUE_TYPES; vt++) {
        char label[64];
        snprintf(label, sizeof label, "%s%s", type_words[vt],
                 vt == VALUE_PLAIN ? " (values given as one number)" : "");
        bk_text(b, s, row + (lxw_row_t)vt, VP_LABEL, label, b->f.text);
        bk_formula(b, s, row + (lxw_row_t)vt, VP_PV,
                   bk_fmla(b, "=SUMIF(%s,\"%s\",%s)", type.s, type_words[vt], pv.s),
                   r->pv_by_type[vt], r->value_suppressed, FMT_CURRENCY);
    }
    row += VALUE_TYPES;
    for (size_t a = 0; a < b->m->n_agencies; a++, row++) {
        char label[256], words[128];
        model_agency_label(words, sizeof words, b->m->agencies[a]);
        snprintf(label, sizeof label, "Fiscal: %s", words);
        bk_text(b, s, row, VP_LABEL, label, b->f.text);
        bk_formula(b, s, row, VP_PV,
                   bk_fmla(b, "=SUMIFS(%s,%s,\"Fiscal\",%s,\"%s\")", pv.s, type.s, agency.s, words),
                   r->pv_by_agency ? r->pv_by_agency[a] : NAN, r->value_suppressed, FMT_CURRENCY);
    }
}

static void who_benefits(book *b)
{
    const model *m = b->m;
    sheet *s = &b->vfm;
    static const char *const heads[VP_NCOLS] = {"Who benefits, outcome by outcome", "Present value",
                                                "Type", "Agency", "Value a year"};
    for (lxw_col_t c = 0; c < VP_NCOLS; c++)
        bk_header(b, s, b->vfm_at.parts0 - 1, c, heads[c]);
    for (size_t i = 0; i < m->n_outcomes; i++) {
        lxw_row_t first;
        valued_row(b, i, &first);
        if (m->outcomes[i].has_value)
            value_parts(b, i, first);
    }
    by_type(b, b->vfm_at.parts0 + (lxw_row_t)b->vfm_at.n_parts + 1);
}

/* ---- year by year ---- */

/* Year T's row (from YEAR_ROW): its discount rate, factor, discounted
 * benefits (over the valued outcomes still lasting), running total and,
 * once that covers the adjusted cost, the year. */
static void year_row(book *b, int t, double cumulative)
{
    const results *r = b->r;
    sheet *s = &b->vfm;
    lxw_row_t row = b->vfm_at.years0 + (lxw_row_t)(t - 1), v0 = b->vfm_at.valued0;
    lxw_row_t v1 = v0 + (lxw_row_t)b->vfm_at.n_valued - 1;
    bool hide = r->value_suppressed;
    book_ref rate = bk_ref(s, s, row, VY_RATE), year = bk_ref(s, s, row, VY_YEAR),
             factor = bk_ref(s, s, row, VY_FACTOR), cum = bk_ref(s, s, row, VY_CUMULATIVE);
    bk_number(b, s, row, VY_YEAR, t, false, FMT_COUNT, false);
    if (b->m->adj.green_book)
        bk_number(b, s, row, VY_RATE, vfm_green_book_rate(t), false, FMT_PERCENT, true);
    else
        bk_formula(b, s, row, VY_RATE,
                   bk_fmla(b, "=%s", bk_ref_pos(s, &b->outcomes, b->adj.discount).s),
                   b->m->adj.discount_rate, false, FMT_PERCENT);
    bk_formula(b, s, row, VY_FACTOR,
               t == 1 ? bk_fmla(b, "=1/(1+%s)", rate.s)
                      : bk_fmla(b, "=%s/(1+%s)", bk_ref(s, s, row - 1, VY_FACTOR).s, rate.s),
               r->factor_by_year[t - 1], false, FMT_NUMBER);
    book_ref net = bk_range(s, s, v0, VO_NET, v1, VO_NET),
             value = bk_range(s, s, v0, VO_VALUE, v1, VO_VALUE),
             years = bk_range(s, s, v0, VO_DURATION, v1, VO_DURATION),
             drop = bk_range(s, s, v0, VO_DROP_OFF, v1, VO_DROP_OFF);
    bk_formula(b, s, row, VY_BENEFIT,
               bk_fmla(b, "=SUMPRODUCT(%s*%s*(1-%s)^(%s-1)*(%s>=%s))*%s", net.s, value.s, drop.s,
                       year.s, years.s, year.s, factor.s),
               r->benefit_by_year[t - 1], hide, FMT_CURRENCY);
    book_ref benefit = bk_ref(s, s, row, VY_BENEFIT);
    bk_formula(b, s, row, VY_CUMULATIVE,
               t == 1 ? bk_fmla(b, "=%s", benefit.s)
                      : bk_fmla(b, "=%s+%s", bk_ref(s, s, row - 1, VY_CUMULATIVE).s, benefit.s),
               cumulative, hide, FMT_CURRENCY);
    const char *paid =
        bk_fmla(b, "=IF(%s>=%s,%s,\"\")", cum.s, bk_ref_pos(s, s, b->vfm_at.adjusted).s, year.s);
    if (hide)
        bk_formula(b, s, row, VY_PAID, paid, NAN, true, FMT_COUNT);
    else if (!isnan(r->payback_year) && t >= r->payback_year)
        bk_formula(b, s, row, VY_PAID, paid, t, false, FMT_COUNT);
    else
        bk_formula_text(b, s, row, VY_PAID, paid, "", b->f.num[FMT_COUNT][0]);
}

static void years(book *b)
{
    const results *r = b->r;
    sheet *s = &b->vfm;
    static const char *const heads[VY_NCOLS] = {"Year",
                                                "Benefits (discounted)",
                                                "Discount rate",
                                                "Discount factor",
                                                "Cumulative benefits",
                                                "Paid back in year"};
    bk_text(b, s, b->vfm_at.years0 - 2, VF_LABEL, "Benefits year by year", b->f.section);
    for (lxw_col_t c = 0; c < VY_NCOLS; c++)
        bk_header(b, s, b->vfm_at.years0 - 1, c, heads[c]);
    double cumulative = 0;
    for (int t = 1; t <= (int)r->n_years; t++) {
        cumulative += r->benefit_by_year[t - 1];
        year_row(b, t, cumulative);
    }
}

/* ---- sensitivity ---- */

/* What item IT varies, in words. */
static const char *param_label(const book *b, const res_sensitivity *it, char *buf, size_t n)
{
    static const char *const adj[] = {"Deadweight", "Displacement", "Attribution", "Optimism bias",
                                      "Discount rate"};
    static const char *const what[] = {"Value of %s (x)", "Duration of %s (years)",
                                       "Drop-off of %s", "Number achieved: %s (x)",
                                       "Cost of %s (x)"};
    if (it->kind <= SENS_DISCOUNT_RATE)
        return adj[it->kind];
    const char *name;
    if (it->kind == SENS_COST)
        name = b->m->inputs[it->index].label ? b->m->inputs[it->index].label
                                             : b->m->inputs[it->index].id;
    else
        name = b->m->outcomes[it->index].label ? b->m->outcomes[it->index].label
                                               : b->m->outcomes[it->index].id;
    snprintf(buf, n, what[it->kind - SENS_VALUE], name);
    return buf;
}

/* How a parameter of KIND is shown: a share, whole years or a multiplier
 * (a plain number: not money per pound, as the SROI ratio is). */
static fig_format param_format(sens_kind kind)
{
    return kind <= SENS_DISCOUNT_RATE || kind == SENS_DROP_OFF ? FMT_PERCENT
           : kind == SENS_DURATION                             ? FMT_COUNT
                                                               : FMT_NUMBER;
}

/* An item and the width of its swing of NPV, to sort by. */
typedef struct swing {
    size_t index;
    double width; /* NAN sorts last */
} swing;

/* Widest swing of NPV first; the model's order between equals. */
static int widest_first(const void *x, const void *y)
{
    const swing *a = x, *c = y;
    double wa = isnan(a->width) ? -1 : a->width, wc = isnan(c->width) ? -1 : c->width;
    if (wa != wc)
        return wa < wc ? 1 : -1;
    return (a->index > c->index) - (a->index < c->index);
}

static void sensitivity_row(book *b, const res_sensitivity *it, lxw_row_t row)
{
    sheet *s = &b->vfm;
    bool hide = b->r->value_suppressed;
    char label[512];
    fig_format k = param_format(it->kind);
    bk_text(b, s, row, VS_LABEL, param_label(b, it, label, sizeof label), b->f.text);
    bk_number(b, s, row, VS_BASE, it->base, false, k, false);
    bk_number(b, s, row, VS_LOW, it->low, false, k, false);
    bk_number(b, s, row, VS_HIGH, it->high, false, k, false);
    double v[] = {it->npv_low, it->npv_high, it->sroi_low, it->sroi_high};
    for (lxw_col_t c = VS_NPV_LOW; c <= VS_SROI_HIGH; c++)
        bk_number(b, s, row, c, v[c - VS_NPV_LOW], hide, c < VS_SROI_LOW ? FMT_CURRENCY : FMT_RATIO,
                  false);
    bk_number(b, s, row, VS_SWITCHING, it->switching_value, hide, k, false);
    book_ref npv = bk_ref_pos(s, s, b->vfm_at.npv);
    for (int e = 0; e < 2; e++)
        bk_formula(b, s, row, VS_CHANGE_LOW + e,
                   bk_fmla(b, "=%s-%s", bk_ref(s, s, row, VS_NPV_LOW + e).s, npv.s),
                   (e ? it->npv_high : it->npv_low) - b->r->npv, hide, FMT_CURRENCY);
}

/* At most this many items in the tornado: the widest swings, which are
 * what a reader looks for; the rest are in the table, named in a note. */
#define TORNADO_MAX 8

/* The tornado: the change of NPV at each end of the items in rows
 * FIRST..LAST (widest swing first), at the top.  Beside the tables of
 * values, right of the present values by outcome, when it fits above the
 * sensitivity table (row TABLE), so that one printed page shows who
 * benefits, payback and what moves the answer; else at row BELOW. */
static void tornado(book *b, lxw_row_t first, lxw_row_t last, lxw_row_t table, lxw_row_t below)
{
    const book_series series[] = {{VS_CHANGE_LOW, "NPV change at the low end", BOOK_SERIES_BASE},
                                  {VS_CHANGE_HIGH, "NPV change at the high end", BOOK_SERIES}};
    lxw_chart *chart =
        bk_chart_of(b, &b->vfm, LXW_CHART_BAR, "What moves the net present value most", first, last,
                    VS_LABEL, series, BK_COUNT(series));
    if (!chart)
        return;
    chart_set_series_overlap(chart, 100);
    chart_set_series_gap(chart, 40);
    /* a bar chart's categories are on its y axis: the first row at the
     * top, the labels at the left edge, clear of the bars */
    chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_label_position(chart->y_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
    /* thousands, so that the axis numbers do not run into each other */
    chart_axis_set_num_format(chart->x_axis, "#,##0,\"k\"");
    double y_scale = 0.5 + 0.12 * (double)(last - first + 1);
    lxw_row_t top = b->vfm_at.valued0 - 1;
    /* rows of at least 20 pixels; a chart is 288 pixels high at scale 1 */
    bool beside = table > top && (double)(table - top - 1) * 20 >= 288 * y_scale;
    lxw_chart_options opt = {.x_scale = 1.5, .y_scale = y_scale, .x_offset = 12, .y_offset = 2};
    bk_check(b, worksheet_insert_chart_opt(b->vfm.ws, beside ? top : below,
                                           beside ? VO_NCOLS : VS_LABEL, chart, &opt));
}

static void sensitivity(book *b, lxw_row_t row)
{
    const results *r = b->r;
    sheet *s = &b->vfm;
    static const char *const heads[VS_NCOLS] = {"One-way sensitivity (widest swing first)",
                                                "Switching value (NPV = 0)",
                                                "Base",
                                                "Low",
                                                "High",
                                                "NPV at low",
                                                "NPV at high",
                                                "SROI at low",
                                                "SROI at high",
                                                "NPV change at low",
                                                "NPV change at high"};
    for (lxw_col_t c = 0; c < VS_NCOLS; c++)
        bk_header(b, s, row, c, heads[c]);
    row++;
    size_t n = r->n_sensitivity;
    swing *order = calloc(n ? n : 1, sizeof *order);
    if (!order) {
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    for (size_t k = 0; k < n; k++)
        order[k] = (swing){k, fabs(r->sensitivity[k].npv_high - r->sensitivity[k].npv_low)};
    if (!r->value_suppressed) /* hidden swings would give the order away */
        qsort(order, n, sizeof *order, widest_first);
    for (size_t k = 0; k < n; k++)
        sensitivity_row(b, &r->sensitivity[order[k].index], row + (lxw_row_t)k);
    free(order);
    static const char *const notes[] = {
        "Each row moves one assumption from its low to its high value, the others as in the "
        "model (x: a multiplier of the model's figure). Values computed by thrive: they do not "
        "follow changes to the cells.",
        "Switching value: where the net present value would be 0; n/a when it does not change "
        "with the assumption or would need a value outside its range."};
    lxw_row_t after = bk_notes(b, s, row + (lxw_row_t)n + 1, notes, BK_COUNT(notes));
    if (!n || r->value_suppressed)
        return;
    size_t shown = n < TORNADO_MAX ? n : TORNADO_MAX;
    if (shown < n) {
        char buf[160];
        snprintf(buf, sizeof buf,
                 "The chart shows the %zu widest swings; the other %zu, each moving the net "
                 "present value less, are the last rows of this table.",
                 shown, n - shown);
        bk_note(b, s, after++, buf);
    }
    tornado(b, row, row + (lxw_row_t)shown - 1, row - 1, after + 1);
}

void bk_sheet_value_for_money(book *b)
{
    sheet *s = &b->vfm;
    static const book_col heads[] = {BK_TEXT("Figure"), BK_TEXT("Value"),
                                     BK_TEXT("How it is computed")};
    bk_heads(b, s, 0, heads, BK_COUNT(heads));
    bk_freeze(b, s, 1, 1);
    totals(b);
    lxw_row_t row = totals_in_depth(b);
    (void)row;
    valued_outcomes(b);
    who_benefits(b);
    years(b);
    row = b->vfm_at.years0 + (lxw_row_t)b->r->n_years + 1;
    if (b->r->value_suppressed)
        bk_note(b, s, row++,
                "[c]: an outcome's count is hidden by disclosure control, so the totals built "
                "on it are hidden too.");
    sensitivity(b, row + 1);
    bk_fit(b, s);
}
