/* book_cells.c - the workbook's cell helpers (see book_int.h): cell
 * references and formulas, column widths, one cell of text, a number, a
 * figure or a formula, and charts.
 *
 * Each cell helper decides between a number, "n/a" (not defined: a
 * division by zero or a figure without its inputs) and "[c]" (hidden under
 * --suppress), so the sheet writers only say what goes where.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book_int.h"

#define BOOK_CELL_MAX 32767 /* characters in a cell (Excel) */

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

const char *bk_ratio(book *b, const char *num, const char *den)
{
    return bk_fmla(b, "=IF(%s=0,\"n/a\",%s/%s)", den, num, den);
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

/* Money is shown in whole units, as pence mean nothing beside costs
 * and values in hundreds or thousands; with pence when the amount has
 * them and is an input (shown as given) or under 100 (a cost per unit of
 * a few pounds). */
static bool with_pence(double v, bool is_input)
{
    return isfinite(v) && fabs(v - round(v)) >= 0.005 && (is_input || fabs(v) < 100);
}

lxw_format *bk_num_format(book *b, fig_format k, double v, bool is_input)
{
    if (k == FMT_CURRENCY && with_pence(v, is_input))
        return b->f.pence[is_input];
    return b->f.num[k][is_input];
}

/* Characters V takes once formatted as K. */
static double number_width(double v, fig_format k, bool is_input)
{
    char buf[64];
    int decimals = k == FMT_COUNT                      ? 0
                   : k == FMT_PERCENT || k == FMT_DAYS ? 1
                   : k == FMT_PVALUE                   ? 4
                   : k == FMT_CURRENCY                 ? (with_pence(v, is_input) ? 2 : 0)
                                                       : 2;
    double shown = k == FMT_PERCENT ? v * 100 : v;
    int n = snprintf(buf, sizeof buf, "%.*f", decimals, fabs(shown));
    int int_digits = n - (decimals ? decimals + 1 : 0);
    double w = n + (v < 0);
    if (k == FMT_COUNT || k == FMT_CURRENCY || k == FMT_NUMBER || k == FMT_DAYS)
        w += (int_digits - 1) / 3; /* thousands separators */
    if (k == FMT_CURRENCY || k == FMT_PERCENT)
        w += 1;
    if (k == FMT_RATIO) /* "£0.50 per £1" */
        w += 8;
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

/* Lines the headings of the run of S's headings from I (one row) take in
 * their columns. */
static int run_lines(const sheet *s, size_t i)
{
    int lines = 1;
    for (size_t j = i; j < s->n_heads && s->heads[j].row == s->heads[i].row; j++) {
        lxw_col_t c = s->heads[j].col;
        double width = c < BOOK_MAX_COLS && s->fixed[c] ? s->fixed_width[c]
                       : c < BOOK_MAX_COLS              ? column_width(s->width[c])
                                                        : LXW_DEF_COL_WIDTH;
        /* Bold letters are a little wider than ordinary ones: fitting
         * them at one a unit (the width of a '0') made rows twice as
         * tall as their headings, looked at in print. */
        int n = bk_wrapped_lines(s->heads[j].text, width * BOOK_BOLD_CHARS);
        if (n > lines)
            lines = n;
    }
    return lines;
}

void bk_fit(book *b, sheet *s)
{
    if (s->measure)
        return;
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
    if (s->heads_sized)
        return; /* as they were written */
    /* Spreadsheets do not grow a row for wrapped text on their own. */
    for (size_t i = 0; i < s->n_heads; i++) {
        if (i > 0 && s->heads[i - 1].row == s->heads[i].row)
            continue; /* sized with the first heading of its row */
        int lines = run_lines(s, i);
        if (lines > 1)
            bk_row_lines(b, s, s->heads[i].row, lines, 2);
    }
}

void bk_measured(sheet *s)
{
    s->measure = false;
    s->heads_sized = true;
}

/* A heading row of a measured sheet, sized as bk_fit() would size it. */
static void size_head_row(book *b, sheet *s, lxw_row_t row)
{
    int lines = 1;
    for (size_t i = 0; i < s->n_heads; i++)
        if (s->heads[i].row == row && (i == 0 || s->heads[i - 1].row != row)) {
            int n = run_lines(s, i);
            lines = n > lines ? n : lines;
        }
    if (lines > 1)
        bk_row_lines(b, s, row, lines, 2);
}

void bk_row_lines(book *b, sheet *s, lxw_row_t row, int lines, double pad)
{
    bk_check(b, worksheet_set_row(s->ws, row, LXW_DEF_ROW_HEIGHT * lines + pad, NULL));
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
        if (f && !s->measure)
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
    if (!s->measure)
        bk_check(b, worksheet_write_string(s->ws, row, col, text, f));
    /* Wrapped text fits its column, not the other way round. */
    if (f != b->f.wrap && f != b->f.wrap_label && f != b->f.note && f != b->f.title &&
        f != b->f.subtitle)
        track(s, col, text_width(text) / BOOK_TEXT_CHARS * (f == b->f.section ? 1.15 : 1.0));
    free(cut);
}

void bk_header(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *text)
{
    if (!s->measure)
        bk_check(b, worksheet_write_string(s->ws, row, col, text, b->f.header));
    /* Long headings wrap (the format says so) rather than widen a column of
     * short figures; bk_fit() makes their row tall enough. */
    double w = text_width(text) * 1.1;
    track(s, col, w > 13 ? 13 : w);
    if (s->heads_sized) {
        size_head_row(b, s, row);
        return;
    }
    if (s->n_heads < BOOK_MAX_HEADS) {
        s->heads[s->n_heads].row = row;
        s->heads[s->n_heads].col = col;
        snprintf(s->heads[s->n_heads].text, sizeof s->heads[0].text, "%s", text);
        s->n_heads++;
    }
}

static void missing(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *why)
{
    if (!s->measure)
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
        if (!s->measure)
            bk_check(b,
                     worksheet_write_number(s->ws, row, col, v, bk_num_format(b, k, v, is_input)));
        track(s, col, number_width(v, k, is_input));
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
        if (!s->measure)
            bk_check(b,
                     worksheet_write_formula_str(s->ws, row, col, formula, b->f.num[k][0], "n/a"));
        track(s, col, 4);
    } else {
        if (!s->measure)
            bk_check(b, worksheet_write_formula_num(s->ws, row, col, formula,
                                                    bk_num_format(b, k, cached, false), cached));
        track(s, col, number_width(cached, k, false));
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

void bk_heads(book *b, sheet *s, lxw_row_t row, const book_col *cols, size_t n)
{
    for (size_t c = 0; c < n; c++) {
        char text[96];
        const char *label = figures[cols[c].fig].label;
        if (cols[c].kind == BK_COL_TEXT)
            label = cols[c].text;
        else if (cols[c].kind != BK_COL_FIGURE) {
            snprintf(text, sizeof text, "%s %s", label,
                     cols[c].kind == BK_COL_LOW ? "low" : "high");
            label = text;
        }
        bk_header(b, s, row, (lxw_col_t)c, label);
    }
}

void bk_formula_text(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *formula,
                     const char *cached, lxw_format *f)
{
    if (!s->measure)
        bk_check(b, worksheet_write_formula_str(s->ws, row, col, formula, f, cached));
    track(s, col, text_width(cached) / BOOK_TEXT_CHARS);
}

void bk_table(book *b, sheet *s, lxw_row_t header, lxw_row_t last, const char *const *heads,
              size_t n)
{
    for (size_t c = 0; c < n; c++)
        bk_header(b, s, header, (lxw_col_t)c, heads[c]);
    if (last <= header)
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
        cols[c].header = (char *)heads[c]; /* libxlsxwriter copies it */
        cols[c].header_format = b->f.header;
        list[c] = &cols[c];
    }
    lxw_table_options opt = {
        .style_type = LXW_TABLE_STYLE_TYPE_LIGHT, .style_type_number = 9, .columns = list};
    bk_check(b, worksheet_add_table(s->ws, header, 0, last, (lxw_col_t)(n - 1), &opt));
    free(cols);
    free(list);
}

void bk_freeze(book *b, sheet *s, lxw_row_t row, lxw_col_t col)
{
    if (s->measure) /* the first of two passes over the sheet (compare) */
        return;
    worksheet_freeze_panes(s->ws, row, col);
    s->title_cols = col;
    if (row > 0)
        bk_check(b, worksheet_repeat_rows(s->ws, 0, row - 1));
    if (col > 0)
        bk_check(b, worksheet_repeat_columns(s->ws, 0, col - 1));
}

void bk_red_when_negative(book *b, sheet *s, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2)
{
    if (s->measure) /* the first of two passes over the sheet (compare) */
        return;
    /* text ("n/a", "[c]") is not below 0 */
    lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_CELL,
                                 .criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN,
                                 .value = 0,
                                 .format = b->f.red};
    bk_check(b, worksheet_conditional_format_range(s->ws, r1, c1, r2, c2, &cf));
}

void bk_grey_when_small(book *b, sheet *s, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                        lxw_col_t n)
{
    char cell[16], rule[96];
    lxw_rowcol_to_cell_abs(cell, r1, n, 0, 1); /* $E5: the row follows */
    snprintf(rule, sizeof rule, "=AND(ISNUMBER(%s),%s<%d)", cell, cell, BOOK_SMALL_N);
    lxw_conditional_format cf = {
        .type = LXW_CONDITIONAL_TYPE_FORMULA, .value_string = rule, .format = b->f.small};
    bk_check(b, worksheet_conditional_format_range(s->ws, r1, c1, r2, c2, &cf));
}

const char *bk_small_note(void)
{
    static char note[256];
    snprintf(note, sizeof note,
             "Grey: a group of fewer than %d participants, and a rate on fewer than %d eligible "
             "cases: too few to say much. The 95%% interval (Wilson) shows how far the true "
             "rate may be from the one seen.",
             BOOK_SMALL_N, BOOK_SMALL_N);
    return note;
}

void bk_comment(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *text)
{
    lxw_comment_options opt = {.author = "thrive", .width = 360, .height = 150};
    bk_check(b, worksheet_write_comment_opt(s->ws, row, col, text, &opt));
}

/* ---- charts ---- */

lxw_chart *bk_chart(book *b, uint8_t type)
{
    lxw_chart *chart = workbook_add_chart(b->wb, type);
    if (!chart)
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    else /* the chart data columns are hidden (bk_chart_cell) */
        chart_show_hidden_data(chart);
    return chart;
}

void bk_chart_cell(book *b, sheet *s, lxw_row_t row, lxw_col_t src, lxw_col_t dst, double v,
                   bool hidden)
{
    if (hidden || !isfinite(v))
        return;
    book_ref from = bk_ref(s, s, row, src);
    bk_check(b, worksheet_write_formula_num(s->ws, row, dst, bk_fmla(b, "=%s", from.s), NULL, v));
}

void bk_chart_columns(book *b, sheet *s, lxw_col_t first, lxw_col_t last)
{
    lxw_row_col_options hide = {.hidden = 1};
    bk_check(b, worksheet_set_column_opt(s->ws, first, last, LXW_DEF_COL_WIDTH, NULL, &hide));
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

lxw_chart *bk_chart_of(book *b, const sheet *s, uint8_t type, const char *title, lxw_row_t first,
                       lxw_row_t last, lxw_col_t cat, const book_series *series, size_t n)
{
    lxw_chart *chart = bk_chart(b, type);
    if (!chart)
        return NULL;
    for (size_t i = 0; i < n; i++)
        bk_chart_series(s, chart, first, last, cat, series[i].col, series[i].name,
                        series[i].colour);
    if (title)
        chart_title_set_name(chart, title);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    return chart;
}

/* ---- text ---- */

const char *bk_join_ids(char *buf, size_t n, const ref_list *ids)
{
    buf[0] = '\0';
    for (size_t k = 0; k < ids->n; k++)
        bk_cat(buf, n, "%s%s", k ? ", " : "", ids->ids[k]);
    return buf;
}

void bk_cat(char *buf, size_t n, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, n - len, fmt, ap);
    va_end(ap);
}

static double fitted_width(const sheet *s, lxw_col_t c)
{
    return s->fixed[c] ? s->fixed_width[c] : s->width[c] > 0 ? column_width(s->width[c]) : 0;
}

/* The last column wholly on the first printed page of S, as its columns
 * are sized so far; in *FROM the first column a note may take: 0, or on
 * a sheet printed more than one page wide, the first after the columns
 * repeated on every page (text in them is cut at their edge on the
 * later pages); and in *WIDTH the width of the columns FROM..last. */
static lxw_col_t first_page_columns(const sheet *s, lxw_col_t *from, double *width)
{
    double total = 0;
    lxw_col_t used = 0;
    for (lxw_col_t c = 0; c < BOOK_MAX_COLS; c++)
        if (fitted_width(s, c) > 0) {
            total += fitted_width(s, c);
            used = c;
        }
    *from = 0;
    *width = 0;
    if (total <= 0)
        return 0;
    /* bk_fit prints the sheet ceil(total / PRINT_PAGE_WIDTH) pages wide */
    double pages = ceil(total / PRINT_PAGE_WIDTH), page = total / pages, taken = 0;
    if (pages > 1)
        *from = s->title_cols;
    lxw_col_t last = 0;
    for (lxw_col_t c = 0; c <= used; c++) {
        double w = fitted_width(s, c) > 0 ? fitted_width(s, c) : LXW_DEF_COL_WIDTH;
        if (taken + w > page * 0.97) /* a margin for the printer's rounding */
            break;
        taken += w;
        if (c >= *from)
            *width += w;
        last = c;
    }
    return last;
}

lxw_col_t bk_below_col(const sheet *s)
{
    lxw_col_t from;
    double width;
    first_page_columns(s, &from, &width);
    return from;
}

void bk_note(book *b, sheet *s, lxw_row_t row, const char *text)
{
    lxw_col_t from;
    double width;
    lxw_col_t last = first_page_columns(s, &from, &width);
    if (last <= from || (from == 0 && text_width(text) / BOOK_TEXT_CHARS * 1.1 + 1 <= width)) {
        bk_text(b, s, row, from, text, b->f.note);
        return;
    }
    if (s->measure)
        return;
    bk_check(b, worksheet_merge_range(s->ws, row, from, row, last, text, b->f.note_wrap));
    int lines = bk_wrapped_lines(text, width * BOOK_WRAP_CHARS);
    if (lines > 1)
        bk_row_lines(b, s, row, lines, 2);
}

lxw_row_t bk_notes(book *b, sheet *s, lxw_row_t row, const char *const *notes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        bk_note(b, s, row++, notes[i]);
    return row;
}

void bk_blank_input(book *b, sheet *s, lxw_row_t row, lxw_col_t col, fig_format k)
{
    bk_check(b, worksheet_write_blank(s->ws, row, col, b->f.num[k][1]));
}
