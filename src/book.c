/* book.c - the evaluation workbook: safe writing, the shared formats and
 * cell helpers, and the Summary sheet (see book.h).  The other sheets are
 * in book_sheets.c.
 *
 * Each cell helper decides between a number, "n/a" (not defined: a
 * division by zero or a figure without its inputs) and "[c]" (hidden under
 * --suppress), so the sheet writers only say what goes where.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book.h"
#include "book_int.h"
#include "outfile.h"

#define GREY          0x595959
#define BOOK_CELL_MAX 32767 /* characters in a cell (Excel) */
#define INPUT_FILL    0xFFF2CC

/* ---- references and formulas ---- */

/* 'NAME' with any quote doubled, as Excel wants a sheet name in a formula. */
static void quote_sheet(char *out, size_t n, const char *name)
{
    size_t o = 0;
    if (n < 3)
        return;
    out[o++] = '\'';
    for (const char *p = name; *p && o + 3 < n; p++) {
        if (*p == '\'')
            out[o++] = '\'';
        out[o++] = *p;
    }
    out[o++] = '\'';
    out[o] = '\0';
}

book_ref bk_ref(const sheet *here, const sheet *there, lxw_row_t row, lxw_col_t col)
{
    return bk_range(here, there, row, col, row, col);
}

book_ref bk_ref_pos(const sheet *here, const sheet *there, cellpos p)
{
    return bk_ref(here, there, p.row, p.col);
}

book_ref bk_range(const sheet *here, const sheet *there, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
                  lxw_col_t c2)
{
    book_ref out;
    char cells[40], quoted[sizeof out.s - sizeof cells];
    if (r1 == r2 && c1 == c2)
        lxw_rowcol_to_cell_abs(cells, r1, c1, 1, 1);
    else
        lxw_rowcol_to_range_abs(cells, r1, c1, r2, c2);
    if (here == there) {
        snprintf(out.s, sizeof out.s, "%s", cells);
    } else {
        quote_sheet(quoted, sizeof quoted, there->name);
        snprintf(out.s, sizeof out.s, "%s!%s", quoted, cells);
    }
    return out;
}

const char *bk_fmla(book *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->formula, sizeof b->formula, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof b->formula)
        bk_check(b, LXW_ERROR_PARAMETER_VALIDATION);
    return b->formula;
}

void bk_check(book *b, lxw_error e)
{
    if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
        b->err = e;
}

/* ---- column widths ---- */

/* Characters in the longest line of S (UTF-8). */
static double text_width(const char *s)
{
    double best = 0, cur = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n') {
            cur = 0;
            continue;
        }
        if ((*p & 0xC0) != 0x80 && ++cur > best)
            best = cur;
    }
    return best;
}

/* Characters V takes once formatted as K. */
static double number_width(double v, fig_format k)
{
    char buf[64];
    int decimals = k == FMT_COUNT                      ? 0
                   : k == FMT_PERCENT || k == FMT_DAYS ? 1
                   : k == FMT_PVALUE                   ? 4
                                                       : 2;
    double shown = k == FMT_PERCENT ? v * 100 : v;
    int n = snprintf(buf, sizeof buf, "%.*f", decimals, fabs(shown));
    int int_digits = n - (decimals ? decimals + 1 : 0);
    double w = n + (v < 0);
    if (k == FMT_COUNT || k == FMT_CURRENCY || k == FMT_NUMBER || k == FMT_DAYS)
        w += (int_digits - 1) / 3; /* thousands separators */
    if (k == FMT_CURRENCY || k == FMT_PERCENT)
        w += 1;
    return w;
}

static void track(sheet *s, lxw_col_t col, double w)
{
    if (col < BOOK_MAX_COLS && w > s->width[col])
        s->width[col] = w;
}

int bk_wrapped_lines(const char *text, double width)
{
    double cap = width > 3 ? width - 1 : 2;
    int lines = 1;
    double cur = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        if (*p == '\n') {
            lines++;
            cur = 0;
            p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        double word = 0;
        for (; *p && *p != ' ' && *p != '\n'; p++)
            word += (*p & 0xC0) != 0x80;
        if (cur > 0 && cur + 1 + word <= cap) {
            cur += 1 + word;
            continue;
        }
        if (cur > 0)
            lines++;
        /* A word longer than the line breaks where it must. */
        while (word > cap) {
            lines++;
            word -= cap;
        }
        cur = word;
    }
    return lines;
}

/* The width a column gets for content W characters wide. */
static double column_width(double w)
{
    w = w * 1.1 + 2;
    return w < 8 ? 8 : w > 75 ? 75 : w;
}

/* Column widths a sheet may take per printed page: A4 landscape holds
 * about 130 at full size, so this keeps text at half size or more. */
#define PRINT_PAGE_WIDTH 260

void bk_fit(book *b, sheet *s)
{
    double total = 0;
    for (lxw_col_t c = 0; c < BOOK_MAX_COLS; c++) {
        if (s->fixed[c])
            total += s->fixed_width[c];
        if (s->fixed[c] || s->width[c] <= 0)
            continue;
        total += column_width(s->width[c]);
        bk_check(b, worksheet_set_column(s->ws, c, c, column_width(s->width[c]), NULL));
    }
    /* Printed as many pages wide as it takes to keep the text readable,
     * rather than shrunk to one. */
    worksheet_fit_to_pages(s->ws, (uint16_t)ceil(total / PRINT_PAGE_WIDTH), 0);
    /* Spreadsheets do not grow a row for wrapped text on their own. */
    for (size_t i = 0; i < s->n_heads; i++) {
        lxw_row_t row = s->heads[i].row;
        if (i > 0 && s->heads[i - 1].row == row)
            continue; /* sized with the first heading of its row */
        int lines = 1;
        for (size_t j = i; j < s->n_heads && s->heads[j].row == row; j++) {
            lxw_col_t c = s->heads[j].col;
            double width = c < BOOK_MAX_COLS && s->fixed[c] ? s->fixed_width[c]
                           : c < BOOK_MAX_COLS              ? column_width(s->width[c])
                                                            : LXW_DEF_COL_WIDTH;
            /* Bold letters are about as wide as the unit. */
            int n = bk_wrapped_lines(s->heads[j].text, width);
            if (n > lines)
                lines = n;
        }
        if (lines > 1)
            bk_check(b, worksheet_set_row(s->ws, row, 15.0 * lines + 2, NULL));
    }
}

void bk_fix_column(book *b, sheet *s, lxw_col_t col, double width, lxw_format *f)
{
    if (col < BOOK_MAX_COLS) {
        s->fixed[col] = true;
        s->fixed_width[col] = width;
    }
    bk_check(b, worksheet_set_column(s->ws, col, col, width, f));
}

/* ---- cells ---- */

void bk_text(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f)
{
    if (!text || !*text) {
        if (f)
            bk_check(b, worksheet_write_blank(s->ws, row, col, f));
        return;
    }
    /* A cell holds at most 32,767 characters: cut longer text (at a
     * character boundary) rather than lose the workbook. */
    char *cut = NULL;
    if (strlen(text) > BOOK_CELL_MAX) {
        size_t len = BOOK_CELL_MAX - 3;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
        cut = malloc(len + 4);
        if (!cut) {
            bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
        memcpy(cut, text, len);
        memcpy(cut + len, "...", 4);
        text = cut;
    }
    bk_check(b, worksheet_write_string(s->ws, row, col, text, f));
    /* Wrapped text fits its column, not the other way round. */
    if (f != b->f.wrap && f != b->f.wrap_label && f != b->f.note && f != b->f.title &&
        f != b->f.subtitle)
        track(s, col, text_width(text) / BOOK_TEXT_CHARS * (f == b->f.section ? 1.15 : 1.0));
    free(cut);
}

void bk_header(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *text)
{
    bk_check(b, worksheet_write_string(s->ws, row, col, text, b->f.header));
    /* Long headings wrap (the format says so) rather than widen a column of
     * short figures; bk_fit() makes their row tall enough. */
    double w = text_width(text) * 1.1;
    track(s, col, w > 13 ? 13 : w);
    if (s->n_heads < BOOK_MAX_HEADS) {
        s->heads[s->n_heads].row = row;
        s->heads[s->n_heads].col = col;
        snprintf(s->heads[s->n_heads].text, sizeof s->heads[0].text, "%s", text);
        s->n_heads++;
    }
}

static void missing(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *why)
{
    bk_check(b, worksheet_write_string(s->ws, row, col, why, b->f.missing));
    track(s, col, 4);
}

void bk_number(book *b, sheet *s, lxw_row_t row, lxw_col_t col, double v, bool hidden, fig_format k,
               bool is_input)
{
    if (hidden) {
        missing(b, s, row, col, "[c]");
    } else if (!isfinite(v)) {
        missing(b, s, row, col, "n/a");
    } else {
        bk_check(b, worksheet_write_number(s->ws, row, col, v, b->f.num[k][is_input]));
        track(s, col, number_width(v, k));
    }
}

void bk_count(book *b, sheet *s, lxw_row_t row, lxw_col_t col, long long n, bool hidden)
{
    bk_number(b, s, row, col, (double)n, hidden, FMT_COUNT, false);
}

void bk_formula(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *formula, double cached,
                bool hidden, fig_format k)
{
    if (hidden) {
        missing(b, s, row, col, "[c]");
    } else if (!isfinite(cached)) {
        bk_check(b, worksheet_write_formula_str(s->ws, row, col, formula, b->f.num[k][0], "n/a"));
        track(s, col, 4);
    } else {
        bk_check(b, worksheet_write_formula_num(s->ws, row, col, formula, b->f.num[k][0], cached));
        track(s, col, number_width(cached, k));
    }
}

void bk_figure(book *b, sheet *s, lxw_row_t row, lxw_col_t col, fig_id f, size_t i)
{
    bk_number(b, s, row, col, results_figure(b->r, f, i), results_hidden(b->r, f, i),
              figures[f].format, false);
}

void bk_figure_formula(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *formula,
                       fig_id f, size_t i)
{
    bk_formula(b, s, row, col, formula, results_figure(b->r, f, i), results_hidden(b->r, f, i),
               figures[f].format);
}

void bk_interval(book *b, sheet *s, lxw_row_t row, lxw_col_t col, fig_id f, size_t i)
{
    double lo, hi;
    bool hidden = results_hidden(b->r, f, i);
    results_interval(b->r, f, i, &lo, &hi);
    bk_number(b, s, row, col, lo, hidden, figures[f].format, false);
    bk_number(b, s, row, col + 1, hi, hidden, figures[f].format, false);
}

void bk_group_figure(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const res_group *g, fig_id f,
                     size_t i)
{
    bk_number(b, s, row, col, results_group_figure(g, f, i), results_group_hidden(g, f, i),
              figures[f].format, false);
}

void bk_interval_heads(fig_id f, char lo[BOOK_HEAD_MAX], char hi[BOOK_HEAD_MAX])
{
    snprintf(lo, BOOK_HEAD_MAX, "%s low", figures[f].label);
    snprintf(hi, BOOK_HEAD_MAX, "%s high", figures[f].label);
}

void bk_formula_text(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *formula,
                     const char *cached, lxw_format *f)
{
    bk_check(b, worksheet_write_formula_str(s->ws, row, col, formula, f, cached));
    track(s, col, text_width(cached) / BOOK_TEXT_CHARS);
}

void bk_comment(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *text)
{
    lxw_comment_options opt = {.author = "thrive", .width = 360, .height = 150};
    bk_check(b, worksheet_write_comment_opt(s->ws, row, col, text, &opt));
}

/* ---- formats ---- */

/* A number format for amounts in CODE (ISO 4217): the symbol for the
 * common ones, the code after the number otherwise. */
static void currency_format(const char *code, char *out, size_t n)
{
    static const struct {
        const char *code, *symbol;
    } symbols[] = {{"GBP", "£"}, {"EUR", "€"}, {"USD", "$"}, {"JPY", "¥"}, {"INR", "₹"}};
    for (size_t i = 0; i < sizeof symbols / sizeof *symbols; i++)
        if (code && strcmp(code, symbols[i].code) == 0) {
            snprintf(out, n, "\"%s\"#,##0.00;-\"%s\"#,##0.00", symbols[i].symbol,
                     symbols[i].symbol);
            return;
        }
    snprintf(out, n, "#,##0.00 \"%s\"", code ? code : "");
}

static lxw_format *colour_format(book *b, lxw_color_t fill, lxw_color_t font)
{
    lxw_format *f = workbook_add_format(b->wb);
    format_set_bg_color(f, fill);
    format_set_font_color(f, font);
    return f;
}

void bk_make_formats(book *b, const char *currency_code)
{
    formats *f = &b->f;
    lxw_workbook *wb = b->wb;

    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 15);
    f->subtitle = workbook_add_format(wb);
    format_set_italic(f->subtitle);
    format_set_font_color(f->subtitle, GREY);
    f->header = workbook_add_format(wb);
    format_set_bold(f->header);
    format_set_text_wrap(f->header);
    format_set_align(f->header, LXW_ALIGN_VERTICAL_TOP);
    format_set_bottom(f->header, LXW_BORDER_THIN);
    format_set_bg_color(f->header, 0xDDEBF7);
    f->section = workbook_add_format(wb);
    format_set_bold(f->section);
    format_set_font_size(f->section, 12);
    f->text = workbook_add_format(wb);
    format_set_indent(f->text, 1); /* clear of a right-aligned figure to its left */
    f->bold = workbook_add_format(wb);
    format_set_bold(f->bold);
    f->wrap = workbook_add_format(wb);
    format_set_text_wrap(f->wrap);
    format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
    f->wrap_label = workbook_add_format(wb); /* a label beside figures, wrapped */
    format_set_text_wrap(f->wrap_label);
    format_set_indent(f->wrap_label, 1);
    f->note = workbook_add_format(wb);
    format_set_italic(f->note);
    format_set_font_color(f->note, GREY);
    f->missing = workbook_add_format(wb);
    format_set_align(f->missing, LXW_ALIGN_RIGHT);
    format_set_font_color(f->missing, 0x7F7F7F);

    char currency[64];
    currency_format(currency_code, currency, sizeof currency);
    const char *num_formats[FMT_KINDS] = {
        [FMT_TEXT] = NULL,         [FMT_COUNT] = "#,##0",
        [FMT_NUMBER] = "#,##0.00", [FMT_PERCENT] = "0.0%",
        [FMT_CURRENCY] = currency, [FMT_RATIO] = "0.00",
        [FMT_DAYS] = "#,##0.0",    [FMT_PVALUE] = "[<0.0001]\"<0.0001\";0.0000",
    };
    for (int k = 0; k < FMT_KINDS; k++)
        for (int is_input = 0; is_input < 2; is_input++) {
            lxw_format *x = workbook_add_format(wb);
            if (num_formats[k])
                format_set_num_format(x, num_formats[k]);
            /* Right-aligned, so that "n/a" and "[c]" line up with numbers. */
            format_set_align(x, LXW_ALIGN_RIGHT);
            if (is_input) {
                format_set_bg_color(x, INPUT_FILL);
                format_set_border(x, LXW_BORDER_HAIR);
            }
            f->num[k][is_input] = x;
        }

    /* Excel's own good / neutral / bad colours. */
    f->green = colour_format(b, 0xC6EFCE, 0x006100);
    f->amber = colour_format(b, 0xFFEB9C, 0x9C5700);
    f->red = colour_format(b, 0xFFC7CE, 0x9C0006);
}

/* ---- the Summary ---- */

enum { SUM_LABEL, SUM_VALUE, SUM_TARGET, SUM_PCT, SUM_STATUS, SUM_NCOLS };

/* Column A of the Summary is fixed in width: long labels wrap, and their
 * row grows to fit. */
#define SUMMARY_LABEL_WIDTH 55

static void summary_label(book *b, lxw_row_t row, const char *label)
{
    sheet *s = &b->summary;
    if (!label)
        label = "";
    int lines = bk_wrapped_lines(label, (SUMMARY_LABEL_WIDTH - 2) * BOOK_TEXT_CHARS);
    bk_text(b, s, row, SUM_LABEL, label, lines > 1 ? b->f.wrap_label : b->f.text);
    if (lines > 1)
        bk_check(b, worksheet_set_row(s->ws, row, 15.0 * lines, NULL));
}

/* A paragraph in column A. */
static void summary_paragraph(book *b, lxw_row_t row, const char *text)
{
    sheet *s = &b->summary;
    bk_text(b, s, row, SUM_LABEL, text, b->f.wrap);
    int lines = bk_wrapped_lines(text, SUMMARY_LABEL_WIDTH * BOOK_TEXT_CHARS);
    bk_check(b, worksheet_set_row(s->ws, row, 15.0 * lines + 2, NULL));
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
    char cell[16];
    lxw_rowcol_to_cell_abs(cell, first, SUM_PCT, 0, 1); /* $D5: relative row */
    char green[128], amber[128], red[128];
    snprintf(green, sizeof green, "=AND(ISNUMBER(%s),%s>=%g)", cell, cell, RAG_GREEN);
    snprintf(amber, sizeof amber, "=AND(ISNUMBER(%s),%s>=%g,%s<%g)", cell, cell, RAG_AMBER, cell,
             RAG_GREEN);
    snprintf(red, sizeof red, "=AND(ISNUMBER(%s),%s<%g)", cell, cell, RAG_AMBER);
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

lxw_chart *bk_chart(book *b, uint8_t type)
{
    lxw_chart *chart = workbook_add_chart(b->wb, type);
    if (!chart)
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return chart;
}

void bk_chart_series(const sheet *s, lxw_chart *chart, lxw_row_t first, lxw_row_t last,
                     lxw_col_t cat, lxw_col_t col, const char *name, lxw_color_t colour)
{
    lxw_chart_series *se = chart_add_series(chart, NULL, NULL);
    if (!se)
        return;
    chart_series_set_categories(se, s->name, first, cat, last, cat);
    chart_series_set_values(se, s->name, first, col, last, col);
    if (name)
        chart_series_set_name(se, name);
    else
        chart_series_set_name_range(se, s->name, 0, col);
    if (colour) {
        lxw_chart_fill fill = {.color = colour};
        chart_series_set_fill(se, &fill);
    }
}

/* Outcome rates (column B) against their targets (column C). */
static void summary_chart(book *b, lxw_row_t first, lxw_row_t last, lxw_row_t at)
{
    sheet *s = &b->summary;
    lxw_chart *chart = bk_chart(b, LXW_CHART_BAR);
    if (!chart)
        return;
    bk_chart_series(s, chart, first, last, SUM_LABEL, SUM_VALUE, "Rate achieved", 0x2E75B6);
    bk_chart_series(s, chart, first, last, SUM_LABEL, SUM_TARGET, "Target", 0xBFBFBF);
    chart_title_set_name(chart, "Outcome rates against their targets");
    /* In a bar chart the x axis is the value axis. */
    chart_axis_set_num_format(chart->x_axis, "0%");
    chart_axis_set_min(chart->x_axis, 0);
    chart_axis_set_reverse(chart->y_axis); /* first outcome at the top */
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
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
    bk_check(b, worksheet_insert_chart_opt(s->ws, at, SUM_STATUS + 2, chart, &opt));
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

static void sheet_summary(book *b)
{
    const results *r = b->r;
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

    lxw_row_t header = 2;
    static const char *const heads[SUM_NCOLS] = {"Headline figure", "Value", "Target",
                                                 "% of target", "Status"};
    for (int c = 0; c < SUM_NCOLS; c++)
        bk_header(b, s, header, c, heads[c]);
    worksheet_freeze_panes(s->ws, header + 1, 1);

    lxw_row_t row = header + 1;
    headline(b, row++, NULL, &b->costs, b->cost.participants, FIG_PARTICIPANTS, 0);
    headline(b, row++, NULL, &b->costs, b->cost.total, FIG_COST_TOTAL, 0);
    headline(b, row++, NULL, &b->costs, b->cost.adjusted, FIG_COST_ADJUSTED, 0);
    headline(b, row++, NULL, &b->costs, b->cost.per_participant, FIG_COST_PER_PARTICIPANT, 0);
    headline(b, row++, NULL, &b->vfm, b->vfm_at.pv, FIG_PV_TOTAL, 0);
    headline(b, row++, NULL, &b->vfm, b->vfm_at.npv, FIG_NPV, 0);
    headline(b, row++, NULL, &b->vfm, b->vfm_at.sroi, FIG_SROI_RATIO, 0);

    lxw_row_t rag_first = row + 1, rag_last = row;
    if (m->n_outputs) {
        bk_text(b, s, row++, SUM_LABEL, "Outputs", b->f.section);
        rag_first = row;
        for (size_t i = 0; i < m->n_outputs; i++, row++) {
            const output *o = &m->outputs[i];
            lxw_row_t at = b->output_row0 + (lxw_row_t)i;
            headline(b, row, o->label ? o->label : o->id, &b->outputs, (cellpos){at, OUT_COUNT},
                     FIG_OUTPUT_COUNT, i);
            target_cells(b, row, &b->outputs, (cellpos){at, OUT_TARGET}, o->has_target, o->target,
                         figures[FIG_OUTPUT_COUNT].format, (cellpos){at, OUT_PCT_OF_TARGET},
                         FIG_OUTPUT_PCT_OF_TARGET, i);
        }
        rag_last = row - 1;
    }
    lxw_row_t rate_first = 0, rate_last = 0;
    if (m->n_outcomes) {
        bk_text(b, s, row++, SUM_LABEL, "Outcome rates (achieved among eligible)", b->f.section);
        if (!m->n_outputs)
            rag_first = row;
        rate_first = row;
        for (size_t i = 0; i < m->n_outcomes; i++, row++) {
            const outcome *o = &m->outcomes[i];
            lxw_row_t at = b->outcome_row0 + (lxw_row_t)i;
            headline(b, row, o->label ? o->label : o->id, &b->outcomes, (cellpos){at, OC_RATE},
                     FIG_RATE, i);
            target_cells(b, row, &b->outcomes, (cellpos){at, OC_TARGET}, o->has_target, o->target,
                         figures[FIG_RATE].format, (cellpos){at, OC_PCT_OF_TARGET},
                         FIG_OUTCOME_PCT_OF_TARGET, i);
        }
        rate_last = row - 1;
        rag_last = row - 1;
    }
    if (rag_last >= rag_first)
        rag_formatting(b, rag_first, rag_last);
    summary_measures(b, &row);

    row++;
    snprintf(buf, sizeof buf,
             "Status: green (On target) when %% of target is %g%% or more, amber (Near "
             "target) from %g%%, red (Below target) under %g%%.",
             RAG_GREEN * 100, RAG_AMBER * 100, RAG_AMBER * 100);
    bk_text(b, s, row++, SUM_LABEL, buf, b->f.note);
    bk_text(b, s, row++, SUM_LABEL,
            "n/a: not defined (a division by zero, or no target or value given). "
            "[c]: hidden by disclosure control.",
            b->f.note);
    if (r->suppress > 0) {
        snprintf(buf, sizeof buf,
                 "Disclosure control: counts from 1 to %ld, and figures built on them, are "
                 "shown as [c].",
                 r->suppress - 1);
        bk_text(b, s, row++, SUM_LABEL, buf, b->f.note);
    }
    if (m->target_group) {
        row++;
        bk_text(b, s, row++, SUM_LABEL, "Target group", b->f.bold);
        summary_paragraph(b, row++, m->target_group);
    }
    if (m->rationale) {
        row++;
        bk_text(b, s, row++, SUM_LABEL, "Rationale", b->f.bold);
        summary_paragraph(b, row++, m->rationale);
    }

    bk_fix_column(b, s, SUM_LABEL, SUMMARY_LABEL_WIDTH, NULL);
    bk_fit(b, s);
    if (m->n_outcomes)
        summary_chart(b, rate_first, rate_last, header);
}

/* ---- the workbook ---- */

/* A plugin table's title as a sheet name: at most 31 characters, none of
 * []:*?/\, no quote at either end, and unlike every sheet so far. */
static void table_sheet_name(const book *b, const char *title, size_t index, char *out, size_t n)
{
    char clean[128]; /* 31 characters of up to 4 bytes fit */
    size_t o = 0, chars = 0, last_space = 0, last_clause = 0;
    bool truncated = false, mid_word = false;
    for (const unsigned char *p = (const unsigned char *)(title ? title : "");
         *p && o + 5 < sizeof clean; p++) {
        /* A forbidden character becomes a space, and spaces do not repeat. */
        unsigned char ch = strchr("[]:*?/\\", *p) || *p < 0x20 ? ' ' : *p;
        if (ch == ' ' && (o == 0 || clean[o - 1] == ' '))
            continue;
        bool start = (ch & 0xC0) != 0x80;
        if (start && chars == 31) {
            truncated = true;
            mid_word = ch != ' '; /* a forbidden character is a space too */
            break;
        }
        if (ch == ' ')
            last_space = o;
        if (ch == ',' || ch == ';' || ch == '(')
            last_clause = o;
        chars += start;
        clean[o++] = (char)ch;
    }
    /* Too long: end at the last whole clause ("FIP problem domains, entry
     * and exit" -> "FIP problem domains"), or else the last whole word. */
    if (truncated && last_clause > 12)
        o = last_clause;
    else if (mid_word && last_space > 15)
        o = last_space;
    clean[o] = '\0';
    /* nor on a word that leads into what was cut ("... by age band at") */
    static const char *const joins[] = {"a",  "and", "at",  "by",  "for", "in",  "of",
                                        "on", "or",  "per", "the", "to",  "with"};
    for (bool cut = truncated; cut;) {
        cut = false;
        char *sp = strrchr(clean, ' ');
        for (size_t j = 0; sp && sp - clean > 12 && j < sizeof joins / sizeof *joins; j++)
            if (strcasecmp(sp + 1, joins[j]) == 0) {
                *sp = '\0';
                o = (size_t)(sp - clean);
                cut = true;
                break;
            }
    }
    while (o > 0 && strchr(" ',;-(", clean[o - 1]))
        clean[--o] = '\0';
    char *start = clean;
    while (*start == ' ' || *start == '\'')
        start++;
    if (!*start)
        snprintf(clean, sizeof clean, "Table %zu", index + 1), start = clean;

    const sheet *taken[] = {&b->summary,  &b->logic,   &b->costs,    &b->outputs,
                            &b->outcomes, &b->vfm,     &b->distance, &b->breakdowns,
                            &b->quarters, &b->quality, &b->about};
    for (int k = 1;; k++) {
        if (k == 1) {
            snprintf(out, n, "%s", start);
        } else {
            /* Shorten by whole characters to make room for " (k)". */
            char head[160];
            snprintf(head, sizeof head, "%s", start);
            size_t len = strlen(head), count = 0;
            for (size_t i = 0; i < len; i++)
                count += ((unsigned char)head[i] & 0xC0) != 0x80;
            while (count > 26 && len > 0) {
                len--;
                if (((unsigned char)head[len] & 0xC0) != 0x80)
                    count--;
                head[len] = '\0';
            }
            snprintf(out, n, "%s (%d)", head, k);
        }
        bool clash = false;
        for (size_t i = 0; i < sizeof taken / sizeof *taken && !clash; i++)
            clash = strcasecmp(taken[i]->name, out) == 0;
        for (size_t i = 0; i < index && !clash; i++)
            clash = strcasecmp(b->tables[i].name, out) == 0;
        /* The fixed names not yet added (Quarters is optional). */
        clash = clash || strcasecmp(out, "Data quality") == 0 || strcasecmp(out, "About") == 0 ||
                strcasecmp(out, "Quarters") == 0;
        if (!clash)
            return;
    }
}

void bk_add_sheet(book *b, sheet *s, const char *name)
{
    snprintf(s->name, sizeof s->name, "%s", name);
    s->ws = workbook_add_worksheet(b->wb, s->name);
    if (!s->ws) {
        bk_check(b, LXW_ERROR_PARAMETER_VALIDATION);
        return;
    }
    /* Printed: A4 landscape (bk_fit decides the scale). */
    worksheet_set_landscape(s->ws);
    worksheet_set_paper(s->ws, 9);
}

static void add_sheets(book *b)
{
    const results *r = b->r;
    bk_add_sheet(b, &b->summary, "Summary");
    bk_add_sheet(b, &b->logic, "Logic model");
    bk_add_sheet(b, &b->costs, "Costs");
    bk_add_sheet(b, &b->outputs, "Outputs");
    bk_add_sheet(b, &b->outcomes, "Outcomes");
    bk_add_sheet(b, &b->vfm, "Value for money");
    bk_add_sheet(b, &b->distance, "Distance travelled");
    bk_add_sheet(b, &b->breakdowns, "Breakdowns");
    if (r->n_quarters > 0)
        bk_add_sheet(b, &b->quarters, "Quarters");
    for (size_t t = 0; t < r->n_tables; t++) {
        char name[128];
        table_sheet_name(b, r->tables[t].title, t, name, sizeof name);
        bk_add_sheet(b, &b->tables[t], name);
    }
    bk_add_sheet(b, &b->quality, "Data quality");
    bk_add_sheet(b, &b->about, "About");
}

static void build(book *b)
{
    const results *r = b->r;
    const model *m = b->m;
    char title[512], subject[512], comments[256];
    snprintf(title, sizeof title, "Evaluation: %s", m->title ? m->title : m->id);
    snprintf(subject, sizeof subject, "Logic model %s evaluated against %s", m->id ? m->id : "",
             r->data_file ? r->data_file : "its case data");
    snprintf(comments, sizeof comments, "Written by thrive %s", PACKAGE_VERSION);
    lxw_doc_properties props = {.title = title,
                                .subject = subject,
                                .author = "thrive",
                                .comments = comments,
                                .keywords = "evaluation, logic model, value for money",
                                .created = r->generated};
    bk_check(b, workbook_set_properties(b->wb, &props));

    add_sheets(b);
    if (b->err)
        return;
    bk_make_formats(b, m->currency);
    bk_sheet_logic_model(b);
    bk_sheet_costs(b);
    bk_sheet_outputs(b);
    bk_sheet_outcomes(b);
    bk_sheet_value_for_money(b);
    bk_sheet_distance(b);
    bk_sheet_breakdowns(b);
    if (r->n_quarters > 0)
        bk_sheet_quarters(b);
    bk_sheet_plugin_tables(b);
    bk_sheet_data_quality(b);
    bk_sheet_about(b);
    sheet_summary(b); /* last: it refers to figures on every other sheet */
    worksheet_activate(b->summary.ws);
}

thrive_error book_write(const results *r, const char *path, diag_list *dl)
{
    char *tmp = outfile_temp(path);
    if (!tmp) {
        int e = errno;
        diag_error(dl, path, 0, 0, "cannot write the workbook there: %s%s", strerror(e),
                   e == ENOENT   ? " (does the directory exist?)"
                   : e == EACCES ? " (is the directory writable?)"
                                 : "");
        return THRIVE_ERROR_OUTPUT;
    }
    book *b = calloc(1, sizeof *b);
    if (b)
        b->tables = calloc(r->n_tables ? r->n_tables : 1, sizeof *b->tables);
    if (!b || !b->tables) {
        if (b)
            free(b->tables);
        free(b);
        outfile_discard(tmp);
        free(tmp);
        diag_error(dl, path, 0, 0, "out of memory while writing the workbook");
        return THRIVE_ERROR_NOMEM;
    }
    b->r = r;
    b->m = r->m;
    b->wb = workbook_new(tmp);
    if (!b->wb) {
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    } else {
        build(b);
        /* Always closed, to free the workbook; the file is dropped on error. */
        bk_check(b, workbook_close(b->wb));
    }

    thrive_error status = THRIVE_OK;
    if (b->err != LXW_NO_ERROR) {
        outfile_discard(tmp);
        diag_error(dl, path, 0, 0, "cannot write the workbook: %s", lxw_strerror(b->err));
        status =
            b->err == LXW_ERROR_MEMORY_MALLOC_FAILED ? THRIVE_ERROR_NOMEM : THRIVE_ERROR_OUTPUT;
    } else if (outfile_commit(tmp, path) != 0) {
        diag_error(dl, path, 0, 0, "cannot put the finished workbook in place: %s",
                   strerror(errno));
        status = THRIVE_ERROR_OUTPUT;
    }
    free(tmp);
    free(b->tables);
    free(b);
    return status;
}
