/* book_sheets.c - the sheets of the workbook after the Summary (see
 * book_int.h for the helpers and the positions they share).
 *
 * Each writer records where it put the figures that later formulas use;
 * the order of the calls in book.c is the order of those dependencies:
 * Costs, then Outputs and Outcomes (which divide by the total cost), then
 * Value for money (which sums the Outcomes' present values).
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "book_int.h"
#include "thrive/plugin.h" /* THRIVE_PLUGIN_ABI */

/* ---- small text helpers ---- */

/* Append to BUF (size N) like printf. */
static void cat(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cat(char *buf, size_t n, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, n - len, fmt, ap);
    va_end(ap);
}

/* V with thousands separators, and 2 decimals unless whole. */
static const char *thousands(char *out, size_t n, double v)
{
    char digits[64];
    bool whole = fabs(v - round(v)) < 1e-9;
    snprintf(digits, sizeof digits, whole ? "%.0f" : "%.2f", fabs(v));
    size_t int_len = strcspn(digits, ".");
    size_t o = 0;
    if (v < 0 && o + 1 < n)
        out[o++] = '-';
    for (size_t i = 0; digits[i] && o + 1 < n; i++) {
        if (i > 0 && i < int_len && (int_len - i) % 3 == 0 && o + 1 < n)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    return out;
}

static void cat_ids(char *buf, size_t n, const char *what, const ref_list *l)
{
    if (l->n == 0)
        return;
    cat(buf, n, "\n%s: ", what);
    for (size_t i = 0; i < l->n; i++)
        cat(buf, n, "%s%s", i ? ", " : "", l->ids[i]);
}

/* A note under a table, in grey italics, overflowing to the right. */
static void note(book *b, sheet *s, lxw_row_t row, const char *text)
{
    bk_text(b, s, row, 0, text, b->f.note);
}

/* Blank cell in an input's format: the reader may fill it in. */
static void blank_input(book *b, sheet *s, lxw_row_t row, lxw_col_t col, fig_format k)
{
    bk_check(b, worksheet_write_blank(s->ws, row, col, b->f.num[k][1]));
}

/* ---- Logic model ---- */

#define LOGIC_WIDTH 36

static void logic_cell(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *text,
                       int *lines)
{
    bk_text(b, s, row, col, text, b->f.wrap);
    int n = bk_wrapped_lines(text, LOGIC_WIDTH * BOOK_TEXT_CHARS);
    if (n > *lines)
        *lines = n;
}

/* A paragraph across the five columns. */
static void logic_paragraph(book *b, sheet *s, lxw_row_t row, const char *text)
{
    bk_check(b, worksheet_merge_range(s->ws, row, 0, row, 4, text, b->f.wrap));
    int lines = bk_wrapped_lines(text, LOGIC_WIDTH * 5 * BOOK_TEXT_CHARS);
    bk_check(b, worksheet_set_row(s->ws, row, 15.0 * lines + 3, NULL));
}

void bk_sheet_logic_model(book *b)
{
    const model *m = b->m;
    sheet *s = &b->logic;
    static const char *const heads[] = {"Inputs", "Activities", "Outputs", "Outcomes", "Impacts"};
    for (lxw_col_t c = 0; c < 5; c++) {
        bk_header(b, s, 0, c, heads[c]);
        bk_fix_column(b, s, c, LOGIC_WIDTH, NULL);
    }
    worksheet_freeze_panes(s->ws, 1, 0);

    size_t rows = m->n_inputs;
    size_t counts[] = {m->n_activities, m->n_outputs, m->n_outcomes, m->n_impacts};
    for (size_t i = 0; i < 4; i++)
        if (counts[i] > rows)
            rows = counts[i];
    char t[4096], n1[64], n2[64], n3[64], n4[64];
    for (size_t i = 0; i < rows; i++) {
        lxw_row_t row = (lxw_row_t)(i + 1);
        int lines = 1;
        if (i < m->n_inputs) {
            const input *in = &m->inputs[i];
            snprintf(t, sizeof t, "%s\nid: %s (%s)", in->label ? in->label : in->id, in->id,
                     input_kind_names[in->kind]);
            if (in->cost_is_fte)
                cat(t, sizeof t, "\ncost: %s FTE x %s a year x %s years = %s %s",
                    thousands(n1, sizeof n1, in->fte), thousands(n2, sizeof n2, in->annual_cost),
                    thousands(n3, sizeof n3, in->years), thousands(n4, sizeof n4, in->cost),
                    m->currency);
            else
                cat(t, sizeof t, "\ncost: %s %s", thousands(n1, sizeof n1, in->cost), m->currency);
            logic_cell(b, s, row, 0, t, &lines);
        }
        if (i < m->n_activities) {
            const activity *a = &m->activities[i];
            snprintf(t, sizeof t, "%s\nid: %s", a->label ? a->label : a->id, a->id);
            cat_ids(t, sizeof t, "uses", &a->uses);
            logic_cell(b, s, row, 1, t, &lines);
        }
        if (i < m->n_outputs) {
            const output *o = &m->outputs[i];
            snprintf(t, sizeof t, "%s\nid: %s", o->label ? o->label : o->id, o->id);
            cat_ids(t, sizeof t, "from", &o->from);
            cat(t, sizeof t, "\ncount: %s", o->count.src ? o->count.src : "all");
            if (o->has_target)
                cat(t, sizeof t, "\ntarget: %s", thousands(n1, sizeof n1, o->target));
            logic_cell(b, s, row, 2, t, &lines);
        }
        if (i < m->n_outcomes) {
            const outcome *o = &m->outcomes[i];
            snprintf(t, sizeof t, "%s\nid: %s (%s", o->label ? o->label : o->id, o->id,
                     horizon_names[o->horizon]);
            if (o->strategy != STRATEGY_NONE)
                cat(t, sizeof t, ", %s", strategy_names[o->strategy]);
            cat(t, sizeof t, ")");
            cat_ids(t, sizeof t, "from", &o->from);
            cat(t, sizeof t, "\neligible: %s", o->eligible.src ? o->eligible.src : "all");
            cat(t, sizeof t, "\nachieved: %s", o->achieved.src ? o->achieved.src : "");
            if (o->has_target)
                cat(t, sizeof t, "\ntarget: %g%%", o->target * 100);
            if (o->has_value)
                cat(t, sizeof t, "\nvalue: %s %s a year for %d year%s, drop-off %g%%",
                    thousands(n1, sizeof n1, o->value), m->currency, o->duration,
                    o->duration == 1 ? "" : "s", o->drop_off * 100);
            logic_cell(b, s, row, 3, t, &lines);
        }
        if (i < m->n_impacts) {
            const impact *im = &m->impacts[i];
            snprintf(t, sizeof t, "%s\nid: %s", im->label ? im->label : im->id, im->id);
            cat_ids(t, sizeof t, "from", &im->from);
            logic_cell(b, s, row, 4, t, &lines);
        }
        bk_check(b, worksheet_set_row(s->ws, row, 15.0 * lines + 3, NULL));
    }

    lxw_row_t row = (lxw_row_t)rows + 2;
    struct {
        const char *title;
        char **items;
        size_t n;
    } lists[] = {{"Assumptions", m->assumptions, m->n_assumptions},
                 {"External factors", m->external_factors, m->n_external_factors}};
    for (size_t l = 0; l < 2; l++) {
        bk_text(b, s, row++, 0, lists[l].title, b->f.section);
        if (lists[l].n == 0)
            note(b, s, row++, "None given in the model.");
        for (size_t i = 0; i < lists[l].n; i++) {
            snprintf(t, sizeof t, "- %s", lists[l].items[i]);
            logic_paragraph(b, s, row++, t);
        }
        row++;
    }
    bk_fit(b, s);
}

/* ---- Costs ---- */

enum { COST_LABEL, COST_KIND, COST_FTE, COST_ANNUAL, COST_YEARS, COST_COST, COST_ID, COST_NCOLS };

void bk_sheet_costs(book *b)
{
    const results *r = b->r;
    const model *m = b->m;
    sheet *s = &b->costs;
    static const char *const heads[COST_NCOLS] = {"Input", "Kind", "FTE", "Annual cost",
                                                  "Years", "Cost", "Id"};
    for (lxw_col_t c = 0; c < COST_NCOLS; c++)
        bk_header(b, s, 0, c, heads[c]);
    worksheet_freeze_panes(s->ws, 1, 1);

    const lxw_row_t first = 1;
    for (size_t i = 0; i < m->n_inputs; i++) {
        const input *in = &m->inputs[i];
        lxw_row_t row = first + (lxw_row_t)i;
        bk_text(b, s, row, COST_LABEL, in->label ? in->label : in->id, b->f.text);
        bk_text(b, s, row, COST_KIND, input_kind_names[in->kind], b->f.text);
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
    lxw_row_t last = first + (lxw_row_t)m->n_inputs - 1; /* < first when there are none */

    lxw_row_t row = first + (lxw_row_t)m->n_inputs + 1;
    b->cost.total = (cellpos){row++, COST_COST};
    b->cost.optimism = (cellpos){row++, COST_COST};
    b->cost.adjusted = (cellpos){row++, COST_COST};
    b->cost.participants = (cellpos){row++, COST_COST};
    b->cost.per_participant = (cellpos){row++, COST_COST};
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
    bk_text(b, s, b->cost.per_participant.row, COST_LABEL, figures[FIG_COST_PER_PARTICIPANT].label,
            b->f.bold);
    bk_figure_formula(
        b, s, b->cost.per_participant.row, COST_COST,
        bk_fmla(b, "=IF(%s=0,\"n/a\",%s/%s)", participants.s, total.s, participants.s),
        FIG_COST_PER_PARTICIPANT, 0);

    row++;
    bk_header(b, s, row, COST_LABEL, "Cost by kind");
    bk_header(b, s, row, COST_COST, "Cost");
    row++;
    for (int k = 0; k < INPUT_KIND_COUNT; k++) {
        if (!r->kind_present[k])
            continue;
        bk_text(b, s, row, COST_LABEL, input_kind_names[k], b->f.text);
        bk_formula(b, s, row, COST_COST,
                   m->n_inputs ? bk_fmla(b, "=SUMIF(%s,\"%s\",%s)",
                                         bk_range(s, s, first, COST_KIND, last, COST_KIND).s,
                                         input_kind_names[k],
                                         bk_range(s, s, first, COST_COST, last, COST_COST).s)
                               : "=0",
                   r->cost_by_kind[k], false, FMT_CURRENCY);
        row++;
    }
    row++;
    note(b, s, row++,
         "Yellow cells are inputs: change a cost here and every figure built on it follows "
         "(costs per participant, output and outcome, net present value, SROI).");
    note(b, s, row++, "A staff cost is FTE x annual cost x years.");
    bk_fit(b, s);
}

/* ---- Outputs ---- */

void bk_sheet_outputs(book *b)
{
    const model *m = b->m;
    sheet *s = &b->outputs;
    const char *const heads[OUT_NCOLS] = {
        [OUT_LABEL] = "Output",
        [OUT_COUNT] = figures[FIG_OUTPUT_COUNT].label,
        [OUT_TARGET] = "Target",
        [OUT_PCT_OF_TARGET] = figures[FIG_OUTPUT_PCT_OF_TARGET].label,
        [OUT_COST_PER_OUTPUT] = figures[FIG_COST_PER_OUTPUT].label,
        [OUT_ID] = "Id",
        [OUT_FROM] = "From activities",
    };
    for (lxw_col_t c = 0; c < OUT_NCOLS; c++)
        bk_header(b, s, 0, c, heads[c]);
    worksheet_freeze_panes(s->ws, 1, 1);

    b->output_row0 = 1;
    book_ref total = bk_ref_pos(s, &b->costs, b->cost.total);
    for (size_t i = 0; i < m->n_outputs; i++) {
        const output *o = &m->outputs[i];
        lxw_row_t row = b->output_row0 + (lxw_row_t)i;
        book_ref count = bk_ref(s, s, row, OUT_COUNT), target = bk_ref(s, s, row, OUT_TARGET);
        bk_text(b, s, row, OUT_LABEL, o->label ? o->label : o->id, b->f.text);
        bk_figure(b, s, row, OUT_COUNT, FIG_OUTPUT_COUNT, i);
        if (o->has_target)
            bk_number(b, s, row, OUT_TARGET, o->target, false, FMT_COUNT, true);
        else
            blank_input(b, s, row, OUT_TARGET, FMT_COUNT);
        bk_figure_formula(b, s, row, OUT_PCT_OF_TARGET,
                          bk_fmla(b, "=IF(%s=0,\"n/a\",%s/%s)", target.s, count.s, target.s),
                          FIG_OUTPUT_PCT_OF_TARGET, i);
        bk_figure_formula(b, s, row, OUT_COST_PER_OUTPUT,
                          bk_fmla(b, "=IF(%s=0,\"n/a\",%s/%s)", count.s, total.s, count.s),
                          FIG_COST_PER_OUTPUT, i);
        bk_text(b, s, row, OUT_ID, o->id, b->f.text);
        char from[1024] = "";
        for (size_t k = 0; k < o->from.n; k++)
            cat(from, sizeof from, "%s%s", k ? ", " : "", o->from.ids[k]);
        bk_text(b, s, row, OUT_FROM, from, b->f.text);
    }
    lxw_row_t row = b->output_row0 + (lxw_row_t)m->n_outputs + 1;
    note(b, s, row++,
         "% of target = count / target; cost per output = total cost (Costs sheet) / count.");
    note(b, s, row++, "Targets are inputs (yellow): set or change one and the status follows.");
    bk_fit(b, s);
}

/* ---- Outcomes ---- */

void bk_sheet_outcomes(book *b)
{
    const model *m = b->m;
    sheet *s = &b->outcomes;
    char ci_lo[BOOK_HEAD_MAX], ci_hi[BOOK_HEAD_MAX];
    bk_interval_heads(FIG_RATE_CI95, ci_lo, ci_hi);
    const char *const heads[OC_NCOLS] = {
        [OC_LABEL] = "Outcome",
        [OC_HORIZON] = "Horizon",
        [OC_ELIGIBLE] = figures[FIG_ELIGIBLE].label,
        [OC_ACHIEVED] = figures[FIG_ACHIEVED].label,
        [OC_RATE] = figures[FIG_RATE].label,
        [OC_RATE_CI95_LO] = ci_lo,
        [OC_RATE_CI95_HI] = ci_hi,
        [OC_TARGET] = "Target rate",
        [OC_PCT_OF_TARGET] = figures[FIG_OUTCOME_PCT_OF_TARGET].label,
        [OC_NET] = figures[FIG_NET].label,
        [OC_COST_PER_OUTCOME] = figures[FIG_COST_PER_OUTCOME].label,
        [OC_COST_PER_NET_OUTCOME] = figures[FIG_COST_PER_NET_OUTCOME].label,
        [OC_VALUE] = "Value a year",
        [OC_DURATION] = "Duration (years)",
        [OC_DROP_OFF] = "Drop-off a year",
        [OC_PRESENT_VALUE] = figures[FIG_PRESENT_VALUE].label,
        [OC_ID] = "Id",
        [OC_FROM] = "From outputs",
    };
    for (lxw_col_t c = 0; c < OC_NCOLS; c++)
        bk_header(b, s, 0, c, heads[c]);
    worksheet_freeze_panes(s->ws, 1, 1);
    b->outcome_row0 = 1;

    /* The adjustments sit under the table; place them first, since every
     * row's net outcomes and present value refer to them. */
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
    for (size_t i = 0; i < sizeof adj / sizeof *adj; i++, row++) {
        *adj[i].at = (cellpos){row, OC_HORIZON};
        bk_text(b, s, row, OC_LABEL, adj[i].label, b->f.text);
        bk_number(b, s, row, OC_HORIZON, adj[i].v, false, FMT_PERCENT, true);
    }
    row++;
    note(b, s, row++,
         "Rate = achieved / eligible. Net outcomes = achieved x (1 - deadweight) x "
         "(1 - displacement) x (1 - attribution).");
    note(b, s, row++,
         "Present value = sum over years t = 1..duration of net outcomes x value x "
         "(1 - drop-off)^(t-1) / (1 + discount rate)^t.");
    note(b, s, row++,
         "Costs per outcome divide the total cost (Costs sheet). Yellow cells are "
         "inputs.");

    book_ref total = bk_ref_pos(s, &b->costs, b->cost.total);
    book_ref dw = bk_ref_pos(s, s, b->adj.deadweight), disp = bk_ref_pos(s, s, b->adj.displacement),
             attr = bk_ref_pos(s, s, b->adj.attribution), disc = bk_ref_pos(s, s, b->adj.discount);
    for (size_t i = 0; i < m->n_outcomes; i++) {
        const outcome *o = &m->outcomes[i];
        lxw_row_t at = b->outcome_row0 + (lxw_row_t)i;
        book_ref e = bk_ref(s, s, at, OC_ELIGIBLE), a = bk_ref(s, s, at, OC_ACHIEVED),
                 rate = bk_ref(s, s, at, OC_RATE), target = bk_ref(s, s, at, OC_TARGET),
                 net = bk_ref(s, s, at, OC_NET), value = bk_ref(s, s, at, OC_VALUE),
                 years = bk_ref(s, s, at, OC_DURATION), drop = bk_ref(s, s, at, OC_DROP_OFF);

        bk_text(b, s, at, OC_LABEL, o->label ? o->label : o->id, b->f.text);
        bk_text(b, s, at, OC_HORIZON, horizon_names[o->horizon], b->f.text);
        bk_figure(b, s, at, OC_ELIGIBLE, FIG_ELIGIBLE, i);
        bk_figure(b, s, at, OC_ACHIEVED, FIG_ACHIEVED, i);
        bk_figure_formula(b, s, at, OC_RATE, bk_fmla(b, "=IF(%s=0,\"n/a\",%s/%s)", e.s, a.s, e.s),
                          FIG_RATE, i);
        bk_interval(b, s, at, OC_RATE_CI95_LO, FIG_RATE_CI95, i);
        if (o->has_target)
            bk_number(b, s, at, OC_TARGET, o->target, false, FMT_PERCENT, true);
        else
            blank_input(b, s, at, OC_TARGET, FMT_PERCENT);
        bk_figure_formula(b, s, at, OC_PCT_OF_TARGET,
                          bk_fmla(b, "=IF(%s=0,\"n/a\",IF(ISNUMBER(%s),%s/%s,\"n/a\"))", target.s,
                                  rate.s, rate.s, target.s),
                          FIG_OUTCOME_PCT_OF_TARGET, i);
        bk_figure_formula(b, s, at, OC_NET,
                          bk_fmla(b, "=%s*(1-%s)*(1-%s)*(1-%s)", a.s, dw.s, disp.s, attr.s),
                          FIG_NET, i);
        bk_figure_formula(b, s, at, OC_COST_PER_OUTCOME,
                          bk_fmla(b, "=IF(%s=0,\"n/a\",%s/%s)", a.s, total.s, a.s),
                          FIG_COST_PER_OUTCOME, i);
        bk_figure_formula(b, s, at, OC_COST_PER_NET_OUTCOME,
                          bk_fmla(b, "=IF(%s=0,\"n/a\",%s/%s)", net.s, total.s, net.s),
                          FIG_COST_PER_NET_OUTCOME, i);
        if (o->has_value)
            bk_number(b, s, at, OC_VALUE, o->value, false, FMT_CURRENCY, true);
        else
            blank_input(b, s, at, OC_VALUE, FMT_CURRENCY);
        bk_number(b, s, at, OC_DURATION, o->duration, false, FMT_COUNT, true);
        bk_number(b, s, at, OC_DROP_OFF, o->drop_off, false, FMT_PERCENT, true);
        /* The sum over the years in closed form, so that it follows the
         * duration: with q = (1 - d) / (1 + r), the sum of
         * (1 - d)^(t-1) / (1 + r)^t for t = 1..D is (1 - q^D) / (r + d), or D
         * when r + d = 0. */
        bk_figure_formula(b, s, at, OC_PRESENT_VALUE,
                          bk_fmla(b,
                                  "=IF(%s=\"\",\"n/a\",%s*%s*IF(%s+%s=0,%s,"
                                  "(1-((1-%s)/(1+%s))^%s)/(%s+%s)))",
                                  value.s, net.s, value.s, disc.s, drop.s, years.s, drop.s, disc.s,
                                  years.s, disc.s, drop.s),
                          FIG_PRESENT_VALUE, i);
        bk_text(b, s, at, OC_ID, o->id, b->f.text);
        char from[1024] = "";
        for (size_t k = 0; k < o->from.n; k++)
            cat(from, sizeof from, "%s%s", k ? ", " : "", o->from.ids[k]);
        bk_text(b, s, at, OC_FROM, from, b->f.text);
    }
    bk_comment(b, s, 0, OC_RATE_CI95_LO,
               "Wilson score interval, 95%, for achieved / eligible, with z = "
               "1.959963984540054 (the exact normal quantile). A value computed by thrive: it "
               "does not follow changes to the counts.");
    bk_comment(b, s, 0, OC_RATE_CI95_HI,
               "Wilson score interval, 95% (see the low end). A value computed by thrive.");
    bk_comment(b, s, 0, OC_PRESENT_VALUE,
               "Sum over t = 1..duration of net x value x (1 - drop-off)^(t-1) / (1 + discount "
               "rate)^t, written in closed form so that it follows the duration. n/a when the "
               "outcome has no value.");
    bk_fit(b, s);
}

/* ---- Value for money ---- */

void bk_sheet_value_for_money(book *b)
{
    const results *r = b->r;
    const model *m = b->m;
    sheet *s = &b->vfm;
    bk_header(b, s, 0, 0, "Figure");
    bk_header(b, s, 0, 1, "Value");
    bk_header(b, s, 0, 2, "How it is computed");
    worksheet_freeze_panes(s->ws, 1, 1);

    lxw_row_t row = 1;
    b->vfm_at.pv = (cellpos){row++, 1};
    b->vfm_at.adjusted = (cellpos){row++, 1};
    b->vfm_at.npv = (cellpos){row++, 1};
    b->vfm_at.sroi = (cellpos){row++, 1};
    cellpos disc_at = {row++, 1};
    book_ref pv = bk_ref_pos(s, s, b->vfm_at.pv), adjusted = bk_ref_pos(s, s, b->vfm_at.adjusted);

    bk_text(b, s, b->vfm_at.pv.row, 0, figures[FIG_PV_TOTAL].label, b->f.bold);
    lxw_row_t last = b->outcome_row0 + (lxw_row_t)m->n_outcomes - 1;
    bk_figure_formula(b, s, b->vfm_at.pv.row, 1,
                      m->n_outcomes ? bk_fmla(b, "=SUM(%s)",
                                              bk_range(s, &b->outcomes, b->outcome_row0,
                                                       OC_PRESENT_VALUE, last, OC_PRESENT_VALUE)
                                                  .s)
                                    : "=0",
                      FIG_PV_TOTAL, 0);
    bk_text(b, s, b->vfm_at.pv.row, 2, "Sum of the present values on the Outcomes sheet",
            b->f.text);

    bk_text(b, s, b->vfm_at.adjusted.row, 0, "Adjusted cost", b->f.text);
    bk_figure_formula(b, s, b->vfm_at.adjusted.row, 1,
                      bk_fmla(b, "=%s", bk_ref_pos(s, &b->costs, b->cost.adjusted).s),
                      FIG_COST_ADJUSTED, 0);
    bk_text(b, s, b->vfm_at.adjusted.row, 2, "Total cost x (1 + optimism bias), Costs sheet",
            b->f.text);

    bk_text(b, s, b->vfm_at.npv.row, 0, figures[FIG_NPV].label, b->f.bold);
    bk_figure_formula(b, s, b->vfm_at.npv.row, 1, bk_fmla(b, "=%s-%s", pv.s, adjusted.s), FIG_NPV,
                      0);
    bk_text(b, s, b->vfm_at.npv.row, 2, "Present value - adjusted cost", b->f.text);

    bk_text(b, s, b->vfm_at.sroi.row, 0, "SROI ratio", b->f.bold);
    bk_figure_formula(b, s, b->vfm_at.sroi.row, 1,
                      bk_fmla(b, "=IF(%s=0,\"n/a\",%s/%s)", adjusted.s, pv.s, adjusted.s),
                      FIG_SROI_RATIO, 0);
    bk_text(b, s, b->vfm_at.sroi.row, 2,
            "Present value / adjusted cost: social value per unit of money spent", b->f.text);

    bk_text(b, s, disc_at.row, 0, "Discount rate", b->f.text);
    bk_formula(b, s, disc_at.row, 1,
               bk_fmla(b, "=%s", bk_ref_pos(s, &b->outcomes, b->adj.discount).s),
               m->adj.discount_rate, false, FMT_PERCENT);
    bk_text(b, s, disc_at.row, 2,
            "HM Treasury Green Book convention; an input on the Outcomes "
            "sheet",
            b->f.text);

    row++;
    bk_header(b, s, row, 0, "Present value by outcome");
    bk_header(b, s, row, 1, figures[FIG_PRESENT_VALUE].label);
    row++;
    size_t valued = 0;
    for (size_t i = 0; i < m->n_outcomes; i++) {
        const outcome *o = &m->outcomes[i];
        if (!o->has_value)
            continue;
        valued++;
        bk_text(b, s, row, 0, o->label ? o->label : o->id, b->f.text);
        lxw_row_t at = b->outcome_row0 + (lxw_row_t)i;
        bk_figure_formula(b, s, row, 1,
                          bk_fmla(b, "=%s", bk_ref(s, &b->outcomes, at, OC_PRESENT_VALUE).s),
                          FIG_PRESENT_VALUE, i);
        row++;
    }
    if (!valued)
        note(b, s, row++, "No outcome has a value (a financial proxy), so the present value is 0.");
    if (r->value_suppressed) {
        row++;
        note(b, s, row++,
             "[c]: an outcome's count is hidden by disclosure control, so the "
             "totals built on it are hidden too.");
    }
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

void bk_sheet_distance(book *b)
{
    const model *m = b->m;
    sheet *s = &b->distance;
    char ci_lo[BOOK_HEAD_MAX], ci_hi[BOOK_HEAD_MAX];
    bk_interval_heads(FIG_CI95, ci_lo, ci_hi);
    const char *const heads[DT_NCOLS] = {
        [DT_LABEL] = "Area",
        [DT_BETTER] = "Better",
        [DT_N] = figures[FIG_N].label,
        [DT_N_MISSING_REVIEW] = figures[FIG_N_MISSING_REVIEW].label,
        [DT_MEAN_BASELINE] = figures[FIG_MEAN_BASELINE].label,
        [DT_MEAN_REVIEW] = figures[FIG_MEAN_REVIEW].label,
        [DT_MEAN_CHANGE] = figures[FIG_MEAN_CHANGE].label,
        [DT_SD_CHANGE] = figures[FIG_SD_CHANGE].label,
        [DT_CI95_LO] = ci_lo,
        [DT_CI95_HI] = ci_hi,
        [DT_EFFECT_SIZE_DZ] = figures[FIG_EFFECT_SIZE_DZ].label,
        [DT_PCT_IMPROVED] = figures[FIG_PCT_IMPROVED].label,
        [DT_PCT_SAME] = figures[FIG_PCT_SAME].label,
        [DT_PCT_WORSE] = figures[FIG_PCT_WORSE].label,
        [DT_WILCOXON_P] = figures[FIG_WILCOXON_P].label,
        [DT_ID] = "Id",
    };
    for (lxw_col_t c = 0; c < DT_NCOLS; c++)
        bk_header(b, s, 0, c, heads[c]);
    worksheet_freeze_panes(s->ws, 1, 1);
    if (m->n_areas == 0) {
        note(b, s, 2, "The model has no distance_travelled section.");
        bk_fit(b, s);
        return;
    }

    const lxw_row_t first = 1;
    for (size_t i = 0; i < m->n_areas; i++) {
        const area *ar = &m->areas[i];
        lxw_row_t row = first + (lxw_row_t)i;
        book_ref base = bk_ref(s, s, row, DT_MEAN_BASELINE),
                 review = bk_ref(s, s, row, DT_MEAN_REVIEW),
                 change = bk_ref(s, s, row, DT_MEAN_CHANGE), sd = bk_ref(s, s, row, DT_SD_CHANGE);

        bk_text(b, s, row, DT_LABEL, ar->label ? ar->label : ar->id, b->f.text);
        bk_text(b, s, row, DT_BETTER, ar->lower_is_better ? "lower" : "higher", b->f.text);
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
        bk_figure_formula(
            b, s, row, DT_EFFECT_SIZE_DZ,
            bk_fmla(b, "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),IF(%s=0,\"n/a\",%s/%s),\"n/a\")",
                    change.s, sd.s, sd.s, change.s, sd.s),
            FIG_EFFECT_SIZE_DZ, i);
        bk_figure(b, s, row, DT_PCT_IMPROVED, FIG_PCT_IMPROVED, i);
        bk_figure(b, s, row, DT_PCT_SAME, FIG_PCT_SAME, i);
        bk_figure(b, s, row, DT_PCT_WORSE, FIG_PCT_WORSE, i);
        bk_figure(b, s, row, DT_WILCOXON_P, FIG_WILCOXON_P, i);
        bk_text(b, s, row, DT_ID, ar->id, b->f.text);
    }
    lxw_row_t last = first + (lxw_row_t)m->n_areas - 1;

    bk_comment(b, s, 0, DT_SD_CHANGE,
               "Sample standard deviation (n - 1) of the change, computed by thrive from the "
               "histogram of changes (the rows are not kept). A value.");
    bk_comment(b, s, 0, DT_CI95_LO,
               "95% confidence interval of the mean change: Student t with n - 1 degrees of "
               "freedom, exact quantile. A value computed by thrive.");
    bk_comment(b, s, 0, DT_CI95_HI, "95% Student t interval of the mean change (see the low end).");
    bk_comment(b, s, 0, DT_PCT_IMPROVED,
               "Share of pairs whose change is above 0, from the histogram of changes. A value.");
    bk_comment(b, s, 0, DT_WILCOXON_P,
               "Two-sided Wilcoxon signed-rank test of the changes: zero changes dropped, normal "
               "approximation with tie and continuity corrections. A value computed by thrive; "
               "n/a when there are no pairs or every change is zero.");
    bk_comment(b, s, 0, DT_EFFECT_SIZE_DZ,
               "Mean change / SD of change (Cohen's dz). n/a when n < 2 or the "
               "SD is 0.");

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
    note(b, s, row++, buf);
    note(b, s, row++,
         "Change = review - baseline, or baseline - review where lower is better, "
         "so a positive change is always an improvement.");

    lxw_chart *chart = bk_chart(b, LXW_CHART_COLUMN);
    if (!chart)
        return;
    bk_chart_series(s, chart, first, last, DT_LABEL, DT_MEAN_BASELINE, "Mean baseline", 0xBFBFBF);
    bk_chart_series(s, chart, first, last, DT_LABEL, DT_MEAN_REVIEW, "Mean review", 0x2E75B6);
    chart_title_set_name(chart, "Mean score at baseline and at review");
    if (m->has_scale) {
        chart_axis_set_min(chart->y_axis, m->scale_min < 0 ? m->scale_min : 0);
        chart_axis_set_max(chart->y_axis, m->scale_max);
    }
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = {.x_scale = 1.6,
                             .y_scale = 1.2,
                             .x_offset = 5,
                             .y_offset = 5,
                             .description = "Mean score at baseline and at review per area"};
    row++;
    bk_check(b, worksheet_insert_chart_opt(s->ws, row, DT_LABEL, chart, &opt));
    bk_fix_column(b, s, DT_LABEL, 40, NULL);
    bk_fit(b, s);
}

/* ---- Breakdowns and Quarters: counts per group of rows ---- */

/* Column headings of a group table: LEAD (1 or 2 of them), participants,
 * each output's count, each outcome's eligible, achieved and rate; made
 * unique, as an Excel table requires.  Returns the count, or 0. */
static size_t group_headings(const model *m, const char *const *lead, size_t n_lead, char ***out)
{
    size_t n = n_lead + 1 + m->n_outputs + 3 * m->n_outcomes;
    char **h = calloc(n, sizeof *h);
    if (!h)
        return 0;
    size_t k = 0;
    char buf[512];
    for (size_t i = 0; i < n_lead; i++)
        h[k++] = strdup(lead[i]);
    h[k++] = strdup("Participants");
    for (size_t i = 0; i < m->n_outputs; i++)
        h[k++] = strdup(m->outputs[i].label ? m->outputs[i].label : m->outputs[i].id);
    static const char *const parts[] = {"eligible", "achieved", "rate"};
    for (size_t i = 0; i < m->n_outcomes; i++)
        for (size_t p = 0; p < 3; p++) {
            snprintf(buf, sizeof buf, "%s: %s",
                     m->outcomes[i].label ? m->outcomes[i].label : m->outcomes[i].id, parts[p]);
            h[k++] = strdup(buf);
        }
    for (size_t i = 0; i < n; i++) {
        if (!h[i]) {
            for (size_t j = 0; j < n; j++)
                free(h[j]);
            free(h);
            return 0;
        }
        /* Excel tables want unique headings (compared without case). */
        for (int dup = 2;; dup++) {
            bool clash = false;
            for (size_t j = 0; j < i && !clash; j++)
                clash = strcasecmp(h[i], h[j]) == 0;
            if (!clash)
                break;
            snprintf(buf, sizeof buf, "%s (%d)", h[i], dup);
            free(h[i]);
            h[i] = strdup(buf);
            if (!h[i])
                h[i] = strdup("?");
        }
    }
    *out = h;
    return n;
}

static void free_headings(char **h, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(h[i]);
    free(h);
}

/* The counts of group G from column COL on. */
static void group_row(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const res_group *g)
{
    const model *m = b->m;
    bk_group_figure(b, s, row, col++, g, FIG_PARTICIPANTS, 0);
    for (size_t i = 0; i < m->n_outputs; i++, col++)
        bk_group_figure(b, s, row, col, g, FIG_OUTPUT_COUNT, i);
    for (size_t i = 0; i < m->n_outcomes; i++, col += 3) {
        bk_group_figure(b, s, row, col, g, FIG_ELIGIBLE, i);
        bk_group_figure(b, s, row, col + 1, g, FIG_ACHIEVED, i);
        book_ref er = bk_ref(s, s, row, col), ar = bk_ref(s, s, row, col + 1);
        bk_formula(b, s, row, col + 2, bk_fmla(b, "=IF(%s=0,\"n/a\",%s/%s)", er.s, ar.s, er.s),
                   results_group_figure(g, FIG_RATE, i), results_group_hidden(g, FIG_RATE, i),
                   figures[FIG_RATE].format);
    }
}

/* Headings as an Excel table with autofilter over rows 0..LAST (or plain
 * headings when there are no rows). */
static void group_table(book *b, sheet *s, char **heads, size_t n, lxw_row_t last)
{
    for (size_t c = 0; c < n; c++)
        bk_header(b, s, 0, (lxw_col_t)c, heads[c]);
    if (last == 0)
        return;
    lxw_table_column *cols = calloc(n, sizeof *cols);
    lxw_table_column **list = calloc(n + 1, sizeof *list);
    if (!cols || !list) {
        free(cols);
        free(list);
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    for (size_t c = 0; c < n; c++) {
        cols[c].header = heads[c];
        cols[c].header_format = b->f.header;
        list[c] = &cols[c];
    }
    lxw_table_options opt = {
        .style_type = LXW_TABLE_STYLE_TYPE_LIGHT, .style_type_number = 9, .columns = list};
    bk_check(b, worksheet_add_table(s->ws, 0, 0, last, (lxw_col_t)(n - 1), &opt));
    free(cols);
    free(list);
}

void bk_sheet_breakdowns(book *b)
{
    const results *r = b->r;
    const model *m = b->m;
    sheet *s = &b->breakdowns;
    static const char *const lead[] = {"Breakdown", "Value"};
    char **heads;
    size_t n = group_headings(m, lead, 2, &heads);
    if (!n) {
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    worksheet_freeze_panes(s->ws, 1, 2);
    lxw_row_t row = 1;
    for (size_t k = 0; k < m->n_breakdowns; k++) {
        const res_breakdown *bd = &r->breakdowns[k];
        for (size_t g = 0; g < bd->n_groups; g++, row++) {
            bk_text(b, s, row, 0, m->breakdowns[k].name, b->f.text);
            bk_text(b, s, row, 1, bd->groups[g].label, b->f.text);
            group_row(b, s, row, 2, &bd->groups[g]);
        }
    }
    group_table(b, s, heads, n, row - 1);
    free_headings(heads, n);

    row++;
    char buf[512];
    if (m->n_breakdowns == 0)
        note(b, s, row++, "The model lists no breakdowns.");
    for (size_t k = 0; k < m->n_breakdowns; k++)
        if (r->breakdowns[k].rows_in_other > 0) {
            snprintf(buf, sizeof buf,
                     "%s: %lld rows have values beyond the first %d; they are counted "
                     "together as (other).",
                     m->breakdowns[k].name, r->breakdowns[k].rows_in_other, GROUPS_MAX);
            note(b, s, row++, buf);
        }
    note(b, s, row++,
         "Rate = achieved / eligible within the group. A missing value is "
         "listed as (missing). Use the filter buttons to pick a breakdown.");
    bk_fit(b, s);
}

void bk_sheet_quarters(book *b)
{
    const results *r = b->r;
    const model *m = b->m;
    sheet *s = &b->quarters;
    static const char *const lead[] = {"Quarter"};
    char **heads;
    size_t n = group_headings(m, lead, 1, &heads);
    if (!n) {
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    worksheet_freeze_panes(s->ws, 1, 1);
    const lxw_row_t first = 1;
    for (size_t q = 0; q < r->n_quarters; q++) {
        bk_text(b, s, first + (lxw_row_t)q, 0, r->quarters[q].label, b->f.text);
        group_row(b, s, first + (lxw_row_t)q, 1, &r->quarters[q]);
    }
    lxw_row_t last = first + (lxw_row_t)r->n_quarters - 1;
    group_table(b, s, heads, n, last);
    free_headings(heads, n);

    lxw_row_t row = last + 2;
    char buf[256];
    snprintf(buf, sizeof buf,
             "UK financial-year quarters of %s (Q1 = April to June). Rate = achieved / eligible.",
             m->date_field_name ? m->date_field_name : "the date");
    note(b, s, row++, buf);

    if (m->n_outputs == 0) {
        bk_fit(b, s);
        return;
    }
    lxw_chart *chart = bk_chart(b, LXW_CHART_COLUMN);
    if (!chart)
        return;
    for (size_t i = 0; i < m->n_outputs; i++)
        bk_chart_series(s, chart, first, last, 0, (lxw_col_t)(2 + i), NULL, 0);
    chart_title_set_name(chart, "Outputs per quarter");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = {.x_scale = 1.8,
                             .y_scale = 1.3,
                             .x_offset = 5,
                             .y_offset = 5,
                             .description = "Outputs per quarter"};
    row++;
    bk_check(b, worksheet_insert_chart_opt(s->ws, row, 0, chart, &opt));
    bk_fit(b, s);
}

/* ---- plugin tables ---- */

static void plugin_table(book *b, const res_table *t, sheet *s)
{
    const results *r = b->r;
    for (size_t c = 0; c < t->n_cols; c++)
        bk_header(b, s, 0, (lxw_col_t)c, t->col_labels[c] ? t->col_labels[c] : t->col_ids[c]);
    worksheet_freeze_panes(s->ws, 1, 1);
    for (size_t i = 0; i < t->n_rows; i++) {
        lxw_row_t row = (lxw_row_t)(i + 1);
        bk_text(b, s, row, 0, t->row_labels[i], b->f.text);
        for (size_t c = 1; c < t->n_cols; c++) {
            double v = results_table_value(t, i, c);
            bool hidden = results_table_hidden(t, i, c);
            if (t->formats[c] == FMT_COUNT && isfinite(v))
                bk_count(b, s, row, (lxw_col_t)c, llround(v), hidden);
            else
                bk_number(b, s, row, (lxw_col_t)c, v, hidden, t->formats[c], false);
        }
    }
    lxw_row_t row = (lxw_row_t)t->n_rows + 2;
    char buf[256];
    snprintf(buf, sizeof buf, "From the %s plugin%s%s.", r->plugin_name ? r->plugin_name : "",
             r->plugin_version ? ", version " : "", r->plugin_version ? r->plugin_version : "");
    note(b, s, row++, buf);
    bk_fit(b, s);

    if (t->chart == RES_CHART_NONE || t->n_rows == 0 || t->n_chart_cols == 0)
        return;
    lxw_chart *chart = bk_chart(b, t->chart == RES_CHART_BAR ? LXW_CHART_BAR : LXW_CHART_COLUMN);
    if (!chart)
        return;
    lxw_row_t last = (lxw_row_t)t->n_rows;
    for (size_t k = 0; k < t->n_chart_cols; k++)
        if (t->chart_cols[k] >= 1 && t->chart_cols[k] < t->n_cols)
            bk_chart_series(s, chart, 1, last, 0, (lxw_col_t)t->chart_cols[k], NULL, 0);
    if (t->chart_title)
        chart_title_set_name(chart, t->chart_title);
    if (t->chart == RES_CHART_BAR)
        chart_axis_set_reverse(chart->y_axis);
    /* Shares plotted as shares: the value axis in percent when every
     * series is (a bar chart's value axis is its x axis). */
    bool all_percent = t->n_chart_cols > 0;
    for (size_t k = 0; k < t->n_chart_cols; k++)
        all_percent = all_percent && t->chart_cols[k] < t->n_cols &&
                      t->formats[t->chart_cols[k]] == FMT_PERCENT;
    if (all_percent)
        chart_axis_set_num_format(t->chart == RES_CHART_BAR ? chart->x_axis : chart->y_axis, "0%");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = {.x_scale = 1.5,
                             .y_scale = 1.2,
                             .x_offset = 5,
                             .y_offset = 5,
                             .description = t->chart_title};
    bk_check(b, worksheet_insert_chart_opt(s->ws, row + 1, 0, chart, &opt));
}

void bk_sheet_plugin_tables(book *b)
{
    for (size_t t = 0; t < b->r->n_tables; t++)
        plugin_table(b, &b->r->tables[t], &b->tables[t]);
}

/* ---- Data quality ---- */

void bk_sheet_data_quality(book *b)
{
    const results *r = b->r;
    sheet *s = &b->quality;
    bk_header(b, s, 0, 0, "Rows");
    bk_header(b, s, 0, 1, "Count");
    bk_text(b, s, 1, 0, "Rows read", b->f.text);
    bk_count(b, s, 1, 1, r->rows_read, r->participants_suppressed);
    bk_text(b, s, 2, 0, "Rows accepted", b->f.text);
    bk_count(b, s, 2, 1, r->rows_accepted, r->participants_suppressed);
    bk_text(b, s, 3, 0, "Rows rejected", b->f.text);
    bk_count(b, s, 3, 1, r->rows_rejected, false);

    lxw_row_t row = 5;
    char buf[4096];
    if (r->n_ignored_columns > 0) {
        snprintf(buf, sizeof buf, "Columns not declared in data.fields, ignored: ");
        for (size_t i = 0; i < r->n_ignored_columns; i++)
            cat(buf, sizeof buf, "%s%s", i ? ", " : "", r->ignored_columns[i]);
        note(b, s, row++, buf);
        row++;
    }

    lxw_row_t header = row;
    const lxw_row_t first = header + 1;
    for (size_t i = 0; i < r->n_rejections; i++) {
        const rejection *x = &r->rejections[i];
        lxw_row_t at = first + (lxw_row_t)i;
        bk_number(b, s, at, 0, (double)x->line, false, FMT_TEXT, false);
        bk_text(b, s, at, 1, x->field ? x->field : "(whole row)", b->f.text);
        bk_text(b, s, at, 2, x->reason, b->f.text);
    }
    static const char *heads[] = {"Line", "Field", "Reason"};
    for (lxw_col_t c = 0; c < 3; c++)
        bk_header(b, s, header, c, heads[c]);
    if (r->n_rejections > 0) {
        lxw_table_column cols[3], *list[4] = {&cols[0], &cols[1], &cols[2], NULL};
        memset(cols, 0, sizeof cols);
        for (int c = 0; c < 3; c++) {
            cols[c].header = (char *)heads[c];
            cols[c].header_format = b->f.header;
        }
        lxw_table_options opt = {
            .style_type = LXW_TABLE_STYLE_TYPE_LIGHT, .style_type_number = 9, .columns = list};
        bk_check(b, worksheet_add_table(s->ws, header, 0, first + (lxw_row_t)r->n_rejections - 1, 2,
                                        &opt));
    }
    worksheet_freeze_panes(s->ws, header + 1, 0);

    row = first + (lxw_row_t)r->n_rejections + 1;
    if (r->n_rejections == 0 && r->rows_rejected == 0)
        note(b, s, row++, "No rows were rejected.");
    if (r->rows_rejected > r->rows_listed) {
        snprintf(buf, sizeof buf, "and %lld more rejected rows, not listed.",
                 r->rows_rejected - r->rows_listed);
        bk_text(b, s, row++, 0, buf, b->f.bold);
    }
    note(b, s, row++,
         "A rejected row is listed with its line in the CSV file, the field and "
         "the reason; values are never copied here.");
    bk_fit(b, s);
}

/* ---- About ---- */

void bk_sheet_about(book *b)
{
    const results *r = b->r;
    const model *m = b->m;
    sheet *s = &b->about;
    char buf[512], when[64];
    bk_header(b, s, 0, 0, "About this workbook");
    bk_header(b, s, 0, 1, "");
    worksheet_freeze_panes(s->ws, 1, 0);

    lxw_row_t row = 1;
#define ABOUT(label, value)                                                                        \
    (bk_text(b, s, row, 0, (label), b->f.bold), bk_text(b, s, row, 1, (value), b->f.text), row++)
    ABOUT("Written by", "thrive " PACKAGE_VERSION);
    snprintf(buf, sizeof buf, "%s %s", r->plugin_name ? r->plugin_name : "(none)",
             r->plugin_version ? r->plugin_version : "");
    ABOUT("Plugin", buf);
    snprintf(buf, sizeof buf, "%d", THRIVE_PLUGIN_ABI);
    ABOUT("Plugin ABI", buf);
    snprintf(buf, sizeof buf, "%s: %s", m->id ? m->id : "", m->title ? m->title : "");
    ABOUT("Logic model", buf);
    ABOUT("Model file", r->model_file ? r->model_file : m->file);
    ABOUT("Model SHA-256", r->model_sha256);
    ABOUT("Data file", r->data_file);
    ABOUT("Data SHA-256", r->data_sha256);
    bk_text(b, s, row, 0, "Rows read", b->f.bold);
    bk_count(b, s, row++, 1, r->rows_read, r->participants_suppressed);
    bk_text(b, s, row, 0, "Rows accepted", b->f.bold);
    bk_count(b, s, row++, 1, r->rows_accepted, r->participants_suppressed);
    bk_text(b, s, row, 0, "Rows rejected", b->f.bold);
    bk_count(b, s, row++, 1, r->rows_rejected, false);
    struct tm tm;
    time_t t = r->generated;
    if (gmtime_r(&t, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    else
        snprintf(when, sizeof when, "unknown");
    ABOUT("Generated (UTC)", when);
    if (r->suppress > 0)
        snprintf(buf, sizeof buf, "--suppress %ld: counts from 1 to %ld shown as [c]", r->suppress,
                 r->suppress - 1);
    else
        snprintf(buf, sizeof buf, "off (no --suppress)");
    ABOUT("Disclosure control", buf);
    ABOUT("Strict (--strict)", r->strict ? "yes: rejected rows make the run fail" : "no");
    ABOUT("Written with", "libxlsxwriter " LXW_VERSION);
#undef ABOUT
    row++;
    note(b, s, row++,
         "Derived figures are Excel formulas over the cells they come from, each "
         "with the value thrive computed cached; yellow cells are inputs.");
    note(b, s, row++,
         "n/a: not defined (a division by zero, or a missing target or value). "
         "[c]: hidden by disclosure control.");
    bk_fit(b, s);
}
