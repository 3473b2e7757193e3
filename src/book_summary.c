/* book_summary.c - the Summary sheet: headline figures, targets with
 * red/amber/green status, the plugin's measures and a chart.  Written
 * last, as every row refers to a figure on another sheet.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "book_int.h"
#include "expr.h"

/* ---- the Summary ---- */

enum {
    SUM_LABEL,
    SUM_VALUE,
    SUM_OF,    /* the count a rate is built on: an outcome's eligible */
    SUM_CI_LO, /* a rate's 95% interval */
    SUM_CI_HI,
    SUM_TARGET,
    SUM_PCT,
    SUM_STATUS,
    SUM_NCOLS
};

/* The chart's copy of the rates, hidden (bk_chart_cell). */
#define SUM_CHART_RATE (SUM_NCOLS + 1)

/* Column A of the Summary is fixed in width: long labels wrap, and their
 * row grows to fit. */
#define SUMMARY_LABEL_WIDTH 55
/* The width the figures' columns are given (a warning spans them all). */
#define SUMMARY_FIGURE_WIDTH 11

/* The two costs per participant, each saying which cost it divides. */
static const char BOOK_PER_PARTICIPANT[] = "Cost per participant (total cost / participants)";
static const char BOOK_PER_PARTICIPANT_ADJ[] =
    "Cost per participant (adjusted cost / participants)";

static void summary_label(book *b, lxw_row_t row, const char *label)
{
    sheet *s = &b->summary;
    if (!label)
        label = "";
    int lines = bk_wrapped_lines(label, (SUMMARY_LABEL_WIDTH - 2) * BOOK_TEXT_CHARS);
    bk_text(b, s, row, SUM_LABEL, label, lines > 1 ? b->f.wrap_label : b->f.text);
    if (lines > 1)
        bk_row_lines(b, s, row, lines, 0);
}

/* A paragraph in column A. */
static void summary_paragraph(book *b, lxw_row_t row, const char *text)
{
    sheet *s = &b->summary;
    bk_text(b, s, row, SUM_LABEL, text, b->f.wrap);
    bk_row_lines(b, s, row, bk_wrapped_lines(text, SUMMARY_LABEL_WIDTH * BOOK_TEXT_CHARS), 2);
}

/* A Summary row: LABEL (the figure's own when NULL), then a reference to
 * figure F of item I at THERE/P. */
static void headline(book *b, lxw_row_t row, const char *label, sheet *there, cellpos p, fig_id f,
                     size_t i)
{
    sheet *s = &b->summary;
    summary_label(b, row, label ? label : figures[f].label);
    bk_figure_formula(b, s, row, SUM_VALUE, bk_fmla(b, "=%s", bk_ref_pos(s, there, p).s), f, i);
}

/* The target (a model input shown as K), the % of target (figure PCT of
 * item I) and its status, of a Summary row. */
static void target_cells(book *b, lxw_row_t row, sheet *there, cellpos target, bool has_target,
                         double target_value, fig_format k, cellpos pct, fig_id f, size_t i)
{
    sheet *s = &b->summary;
    if (has_target)
        bk_formula(b, s, row, SUM_TARGET, bk_fmla(b, "=%s", bk_ref_pos(s, there, target).s),
                   target_value, false, k);
    bk_figure_formula(b, s, row, SUM_PCT, bk_fmla(b, "=%s", bk_ref_pos(s, there, pct).s), f, i);
    if (results_hidden(b->r, f, i)) {
        bk_text(b, s, row, SUM_STATUS, "[c]", b->f.missing);
        return;
    }
    fig_status status =
        figures[f].owner == OF_OUTPUT ? b->r->outputs[i].status : b->r->outcomes[i].status;
    book_ref pct_cell = bk_ref(s, s, row, SUM_PCT);
    const char *d = pct_cell.s;
    char fm[1024];
    snprintf(fm, sizeof fm, "=IF(ISNUMBER(%s),IF(%s>=%g,\"%s\",IF(%s>=%g,\"%s\",\"%s\")),\"\")", d,
             d, RAG_GREEN, fig_status_name(STATUS_ON), d, RAG_AMBER, fig_status_name(STATUS_NEAR),
             fig_status_name(STATUS_BELOW));
    bk_formula_text(b, s, row, SUM_STATUS, fm, fig_status_name(status), b->f.text);
}

/* Red/amber/green fills on the % of target and status cells of rows
 * FIRST..LAST; text cells ("n/a", "[c]") stay plain. */
static void rag_formatting(book *b, lxw_row_t first, lxw_row_t last)
{
    sheet *s = &b->summary;
    char pct[16];
    lxw_rowcol_to_cell_abs(pct, first, SUM_PCT, 0, 1); /* $G5: relative row */
    char green[128], amber[128], red[128];
    snprintf(green, sizeof green, "=AND(ISNUMBER(%s),%s>=%g)", pct, pct, RAG_GREEN);
    snprintf(amber, sizeof amber, "=AND(ISNUMBER(%s),%s>=%g,%s<%g)", pct, pct, RAG_AMBER, pct,
             RAG_GREEN);
    snprintf(red, sizeof red, "=AND(ISNUMBER(%s),%s<%g)", pct, pct, RAG_AMBER);
    struct {
        char *rule;
        lxw_format *f;
    } rules[] = {{green, b->f.green}, {amber, b->f.amber}, {red, b->f.red}};
    for (size_t i = 0; i < 3; i++) {
        lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_FORMULA,
                                     .value_string = rules[i].rule,
                                     .format = rules[i].f};
        bk_check(b,
                 worksheet_conditional_format_range(s->ws, first, SUM_PCT, last, SUM_STATUS, &cf));
    }
}

/* Outcome rates (column B) against their targets (column C). */
static void summary_chart(book *b, lxw_row_t first, lxw_row_t last, lxw_row_t at)
{
    sheet *s = &b->summary;
    const book_series series[] = {{SUM_CHART_RATE, "Rate achieved", BOOK_SERIES},
                                  {SUM_TARGET, "Target", BOOK_SERIES_BASE}};
    lxw_chart *chart = bk_chart_of(b, s, LXW_CHART_BAR, "Outcome rates against their targets",
                                   first, last, SUM_LABEL, series, 2);
    if (!chart)
        return;
    /* In a bar chart the x axis is the value axis. */
    chart_axis_set_num_format(chart->x_axis, "0%");
    chart_axis_set_min(chart->x_axis, 0);
    chart_axis_set_reverse(chart->y_axis); /* first outcome at the top */
    size_t n = last - first + 1;
    /* Long outcome labels take the chart's width: widen it to keep the
     * plot itself as wide as for short ones. */
    size_t longest = 0;
    for (size_t i = 0; i < b->m->n_outcomes; i++) {
        const outcome *o = &b->m->outcomes[i];
        size_t len = strlen(o->label ? o->label : o->id);
        longest = len > longest ? len : longest;
    }
    double wide = longest > 40 ? (double)(longest - 40) * 0.025 : 0;
    lxw_chart_options opt = {.x_scale = 1.5 + (wide < 1.0 ? wide : 1.0),
                             .y_scale = n > 6 ? 1.0 + (n - 6) * 0.15 : 1.0,
                             .x_offset = 10,
                             .y_offset = 5,
                             .description = "Outcome rates against their targets"};
    /* under the table, not beside it: printed, the page keeps the width
     * of the table and its text a readable size */
    bk_check(b, worksheet_insert_chart_opt(s->ws, at, SUM_LABEL, chart, &opt));
}

static void summary_measures(book *b, lxw_row_t *row)
{
    const results *r = b->r;
    sheet *s = &b->summary;
    if (r->n_measures == 0)
        return;
    char title[256];
    snprintf(title, sizeof title, "Measures of the %s plugin",
             r->plugin_name ? r->plugin_name : "");
    (*row)++;
    bk_text(b, s, (*row)++, SUM_LABEL, title, b->f.section);
    lxw_row_t first = *row; /* measure i is on row first + i */
    for (size_t i = 0; i < r->n_measures; i++, (*row)++) {
        const res_measure *me = &r->measures[i];
        summary_label(b, *row, me->label ? me->label : me->id);
        bool hidden = me->hidden;
        fig_format k = me->format;
        if (me->is_ratio) {
            /* a ratio of two cells above (or of the total cost): live */
            book_ref num = me->num >= 0 ? bk_ref(s, s, first + (lxw_row_t)me->num, SUM_VALUE)
                                        : bk_ref_pos(s, &b->costs, b->cost.total);
            book_ref den = me->den >= 0 ? bk_ref(s, s, first + (lxw_row_t)me->den, SUM_VALUE)
                                        : bk_ref_pos(s, &b->costs, b->cost.total);
            bk_formula(b, s, *row, SUM_VALUE,
                       bk_fmla(b,
                               "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),IF(%s=0,\"n/a\",%s/%s),\"n/a\")",
                               num.s, den.s, den.s, num.s, den.s),
                       me->value, hidden, k);
        } else if (me->format == FMT_COUNT && isfinite(me->value))
            bk_count(b, s, *row, SUM_VALUE, llround(me->value), hidden);
        else
            bk_number(b, s, *row, SUM_VALUE, me->value, hidden, k, false);
    }
}

/* Rows 0 and 1: the model's title and what the workbook is. */
static void summary_title(book *b)
{
    const model *m = b->m;
    sheet *s = &b->summary;
    char buf[1024];
    bk_text(b, s, 0, 0, m->title ? m->title : m->id, b->f.title);
    snprintf(buf, sizeof buf,
             "Evaluation of the logic model %s (pilot: %s)%s%s%s%s. Money in %s. Yellow cells "
             "on the other sheets are inputs: change one and every figure here follows.",
             m->id ? m->id : "", m->pilot ? m->pilot : "", m->period_start ? ", " : "",
             m->period_start ? m->period_start : "", m->period_end ? " to " : "",
             m->period_end ? m->period_end : "", m->currency ? m->currency : "");
    bk_text(b, s, 1, 0, buf, b->f.subtitle);
}

/* The figures of the run, from the Costs and Value for money sheets,
 * each cost per participant saying which cost it divides; a negative NPV
 * in red. */
static void summary_headlines(book *b, lxw_row_t *row)
{
    const struct {
        fig_id f;
        const char *label; /* NULL: the figure's own */
        sheet *there;
        cellpos at;
    } heads[] = {
        {FIG_COST_TOTAL, NULL, &b->costs, b->cost.total},
        {FIG_COST_ADJUSTED, NULL, &b->costs, b->cost.adjusted},
        {FIG_COST_PER_PARTICIPANT, BOOK_PER_PARTICIPANT, &b->costs, b->cost.per_participant},
        {FIG_COST_PER_PARTICIPANT, BOOK_PER_PARTICIPANT_ADJ, &b->costs,
         b->cost.per_participant_adjusted},
        {FIG_PV_TOTAL, NULL, &b->vfm, b->vfm_at.pv},
        {FIG_NPV, "Net present value (present value - adjusted cost)", &b->vfm, b->vfm_at.npv},
        {FIG_SROI_RATIO, NULL, &b->vfm, b->vfm_at.sroi},
    };
    for (size_t i = 0; i < BK_COUNT(heads); i++) {
        if (heads[i].label == BOOK_PER_PARTICIPANT_ADJ) {
            /* not a figure of the results: cached as adjusted cost / N */
            const results *r = b->r;
            summary_label(b, *row, heads[i].label);
            bk_formula(b, &b->summary, (*row)++, SUM_VALUE,
                       bk_fmla(b, "=%s", bk_ref_pos(&b->summary, &b->costs, heads[i].at).s),
                       r->rows_accepted ? r->cost_adjusted / (double)r->rows_accepted : NAN,
                       r->participants_suppressed, FMT_CURRENCY);
            continue;
        }
        if (heads[i].f == FIG_NPV)
            bk_red_when_negative(b, &b->summary, *row, SUM_VALUE, *row, SUM_VALUE);
        headline(b, (*row)++, heads[i].label, heads[i].there, heads[i].at, heads[i].f, 0);
    }
}

/* The rows read, accepted and rejected (Data quality sheet) and the
 * share rejected, under a heading. */
static void summary_rows(book *b, lxw_row_t *row)
{
    const results *r = b->r;
    sheet *s = &b->summary;
    bk_text(b, s, (*row)++, SUM_LABEL, "Case data", b->f.section);
    const struct {
        const char *label;
        cellpos at;
        long long n;
        bool hidden;
    } rows[] = {
        {"Rows read", b->rows_at.read, r->rows_read, r->participants_suppressed},
        {"Rows accepted (the participants)", b->rows_at.accepted, r->rows_accepted,
         r->participants_suppressed},
        {"Rows rejected", b->rows_at.rejected, r->rows_rejected, false},
    };
    lxw_row_t read = *row;
    for (size_t i = 0; i < BK_COUNT(rows); i++, (*row)++) {
        summary_label(b, *row, rows[i].label);
        bk_formula(b, s, *row, SUM_VALUE,
                   bk_fmla(b, "=%s", bk_ref_pos(s, &b->quality, rows[i].at).s), (double)rows[i].n,
                   rows[i].hidden, FMT_COUNT);
    }
    summary_label(b, *row, "Share of rows rejected");
    bk_formula(b, s, *row, SUM_VALUE,
               bk_ratio(b, bk_ref(s, s, read + 2, SUM_VALUE).s, bk_ref(s, s, read, SUM_VALUE).s),
               r->rows_read ? (double)r->rows_rejected / (double)r->rows_read : NAN,
               r->participants_suppressed, FMT_PERCENT);
    (*row)++;
}

/* Each data warning, in red across the table, naming the column and the
 * figures that depend on it. */
static void summary_warnings(book *b, lxw_row_t *row)
{
    const data_quality *dq = &b->r->dq;
    sheet *s = &b->summary;
    if (dq->n_warnings == 0)
        return;
    bk_text(b, s, (*row)++, SUM_LABEL,
            dq->n_warnings == 1 ? "Warning about the data" : "Warnings about the data",
            b->f.section);
    double width = SUMMARY_LABEL_WIDTH + (SUM_NCOLS - 1) * SUMMARY_FIGURE_WIDTH;
    for (size_t i = 0; i < dq->n_warnings; i++, (*row)++) {
        /* a sentence of its own here: a capital, a full stop */
        const char *msg = dq->warnings[i].message;
        size_t len = strlen(msg);
        char text[1200];
        snprintf(text, sizeof text, "%s%s", msg, len && msg[len - 1] == '.' ? "" : ".");
        if (text[0] >= 'a' && text[0] <= 'z')
            text[0] = (char)(text[0] - 'a' + 'A');
        bk_check(
            b, worksheet_merge_range(s->ws, *row, SUM_LABEL, *row, SUM_STATUS, text, b->f.warning));
        bk_row_lines(b, s, *row, bk_wrapped_lines(text, width * BOOK_TEXT_CHARS), 4);
    }
    (*row)++;
}

/* The first column that a missing_column warning names and that
 * expression A or B uses, or NULL: its figure is built on a column the
 * data lack. */
static const char *missing_column(const book *b, const expr *a, const expr *e)
{
    const data_quality *dq = &b->r->dq;
    for (size_t k = 0; k < dq->n_warnings; k++) {
        const data_warning *w = &dq->warnings[k];
        long f = w->field && strcmp(w->kind, "missing_column") == 0
                     ? model_field_index(b->m, w->field)
                     : -1;
        if (f >= 0 && ((a && expr_uses(a, (size_t)f)) || (e && expr_uses(e, (size_t)f))))
            return w->field;
    }
    return NULL;
}

/* The label of a Summary row whose figure uses a column the data lack:
 * in red, saying so. */
static void summary_label_missing(book *b, lxw_row_t row, const char *label, const char *column)
{
    char text[600];
    snprintf(text, sizeof text, "%s (column '%s' missing: see the warning)", label, column);
    bk_text(b, &b->summary, row, SUM_LABEL, text, b->f.warning);
    bk_row_lines(b, &b->summary, row,
                 bk_wrapped_lines(text, (SUMMARY_LABEL_WIDTH - 2) * BOOK_TEXT_CHARS), 0);
}

/* Beside outcome I's rate (row AT of the Outcomes sheet): the eligible
 * count it is built on, and its 95% interval. */
static void rate_basis(book *b, lxw_row_t row, lxw_row_t at, size_t i)
{
    sheet *s = &b->summary;
    bk_figure_formula(b, s, row, SUM_OF,
                      bk_fmla(b, "=%s", bk_ref(s, &b->outcomes, at, OC_ELIGIBLE).s), FIG_ELIGIBLE,
                      i);
    double end[2];
    results_interval(b->r, FIG_RATE_CI95, i, &end[0], &end[1]);
    bool hidden = results_hidden(b->r, FIG_RATE_CI95, i);
    for (int e = 0; e < 2; e++)
        bk_formula(b, s, row, (lxw_col_t)(SUM_CI_LO + e),
                   bk_fmla(b, "=%s", bk_ref(s, &b->outcomes, at, OC_RATE_CI95_LO + e).s), end[e],
                   hidden, FMT_PERCENT);
}

/* A section of rows: each output's count (OUTPUTS) or each outcome's
 * rate, against its target, with a status.  Returns the first row of its
 * items. */
static lxw_row_t summary_section(book *b, lxw_row_t *row, bool outputs)
{
    const model *m = b->m;
    size_t n = outputs ? m->n_outputs : m->n_outcomes;
    sheet *there = outputs ? &b->outputs : &b->outcomes;
    fig_id value = outputs ? FIG_OUTPUT_COUNT : FIG_RATE;
    fig_id pct = outputs ? FIG_OUTPUT_PCT_OF_TARGET : FIG_OUTCOME_PCT_OF_TARGET;
    bk_text(b, &b->summary, (*row)++, SUM_LABEL,
            outputs ? "Outputs" : "Outcome rates (achieved among eligible)", b->f.section);
    lxw_row_t first = *row;
    for (size_t i = 0; i < n; i++, (*row)++) {
        const output *o = outputs ? &m->outputs[i] : NULL;
        const outcome *oc = outputs ? NULL : &m->outcomes[i];
        lxw_row_t at = (outputs ? b->output_row0 : b->outcome_row0) + (lxw_row_t)i;
        headline(b, *row, o ? (o->label ? o->label : o->id) : (oc->label ? oc->label : oc->id),
                 there, (cellpos){at, outputs ? OUT_COUNT : OC_RATE}, value, i);
        target_cells(b, *row, there, (cellpos){at, outputs ? OUT_TARGET : OC_TARGET},
                     o ? o->has_target : oc->has_target, o ? o->target : oc->target,
                     figures[value].format,
                     (cellpos){at, outputs ? OUT_PCT_OF_TARGET : OC_PCT_OF_TARGET}, pct, i);
        if (!outputs) {
            rate_basis(b, *row, at, i);
            bk_chart_cell(b, &b->summary, *row, SUM_VALUE, SUM_CHART_RATE,
                          results_figure(b->r, FIG_RATE, i), results_hidden(b->r, FIG_RATE, i));
        }
        const char *gone = outputs ? missing_column(b, o->count.tree, NULL)
                                   : missing_column(b, oc->eligible.tree, oc->achieved.tree);
        if (gone) /* over the label headline() wrote */
            summary_label_missing(
                b, *row, o ? (o->label ? o->label : o->id) : (oc->label ? oc->label : oc->id),
                gone);
    }
    if (!outputs && n > 0) /* a rate on few cases in grey */
        bk_grey_when_small(b, &b->summary, first, SUM_VALUE, *row - 1, SUM_CI_HI, SUM_OF);
    return first;
}

/* The outputs and the outcome rates against their targets, with their
 * status in red, amber or green; the outcome rates' rows in
 * *RATE_FIRST..*RATE_LAST. */
static void summary_targets(book *b, lxw_row_t *row, lxw_row_t *rate_first, lxw_row_t *rate_last)
{
    const model *m = b->m;
    lxw_row_t rag_first = *row + 1, rag_last = *row;
    if (m->n_outputs) {
        rag_first = summary_section(b, row, true);
        rag_last = *row - 1;
    }
    if (m->n_outcomes) {
        *rate_first = summary_section(b, row, false);
        if (!m->n_outputs)
            rag_first = *rate_first;
        *rate_last = rag_last = *row - 1;
    }
    if (rag_last >= rag_first)
        rag_formatting(b, rag_first, rag_last);
}

/* What the status, n/a and [c] mean; the target group and rationale;
 * returns the row after them. */
static lxw_row_t summary_notes(book *b, lxw_row_t row)
{
    const model *m = b->m;
    sheet *s = &b->summary;
    char buf[1024];
    snprintf(buf, sizeof buf,
             "Status: green (%s) when %% of target is %g%% or more, amber (%s) from %g%%, red "
             "(%s) under %g%%.",
             fig_status_name(STATUS_ON), RAG_GREEN * 100, fig_status_name(STATUS_NEAR),
             RAG_AMBER * 100, fig_status_name(STATUS_BELOW), RAG_AMBER * 100);
    bk_text(b, s, row++, SUM_LABEL, buf, b->f.note);
    bk_text(b, s, row++, SUM_LABEL,
            "n/a: not defined (a division by zero, or no target or value given). "
            "[c]: hidden by disclosure control.",
            b->f.note);
    snprintf(buf, sizeof buf,
             "Grey: a rate on fewer than %d eligible cases, too few for it to say much; the "
             "95%% interval (Wilson) shows how far the true rate may be from it.",
             BOOK_SMALL_N);
    bk_text(b, s, row++, SUM_LABEL, buf, b->f.note);
    bk_text(b, s, row++, SUM_LABEL,
            "Costs per participant, output and outcome divide the total cost; NPV and SROI "
            "use the adjusted cost (total cost x (1 + optimism bias)).",
            b->f.note);
    if (b->r->suppress > 0) {
        snprintf(buf, sizeof buf,
                 "Disclosure control: counts from 1 to %ld, and figures built on them, are "
                 "shown as [c].",
                 b->r->suppress - 1);
        bk_text(b, s, row++, SUM_LABEL, buf, b->f.note);
    }
    const struct {
        const char *title, *text;
    } paragraphs[] = {{"Target group", m->target_group}, {"Rationale", m->rationale}};
    for (size_t i = 0; i < 2; i++)
        if (paragraphs[i].text) {
            row++;
            bk_text(b, s, row++, SUM_LABEL, paragraphs[i].title, b->f.bold);
            summary_paragraph(b, row++, paragraphs[i].text);
        }
    return row;
}

void bk_sheet_summary(book *b)
{
    sheet *s = &b->summary;
    summary_title(b);
    lxw_row_t header = 2;
    static const book_col heads[SUM_NCOLS] = {
        [SUM_LABEL] = BK_TEXT("Headline figure"), [SUM_VALUE] = BK_TEXT("Value"),
        [SUM_OF] = BK_TEXT("Out of (eligible)"),  [SUM_CI_LO] = BK_LOW(FIG_RATE_CI95),
        [SUM_CI_HI] = BK_HIGH(FIG_RATE_CI95),     [SUM_TARGET] = BK_TEXT("Target"),
        [SUM_PCT] = BK_TEXT("% of target"),       [SUM_STATUS] = BK_TEXT("Status"),
    };
    bk_heads(b, s, header, heads, SUM_NCOLS);
    bk_freeze(b, s, header + 1, 1);

    lxw_row_t row = header + 1, rate_first = 0, rate_last = 0;
    summary_warnings(b, &row);
    summary_rows(b, &row);
    bk_text(b, s, row++, SUM_LABEL, "Costs and value for money", b->f.section);
    summary_headlines(b, &row);
    summary_targets(b, &row, &rate_first, &rate_last);
    summary_measures(b, &row);
    row = summary_notes(b, row + 1);

    bk_fix_column(b, s, SUM_LABEL, SUMMARY_LABEL_WIDTH, NULL);
    bk_fit(b, s);
    if (b->m->n_outcomes) {
        bk_chart_columns(b, s, SUM_CHART_RATE, SUM_CHART_RATE);
        summary_chart(b, rate_first, rate_last, row + 1);
    }
}
