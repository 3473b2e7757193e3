/* book_int.h - what book.c (the workbook, safe writing, shared helpers and
 * the Summary) and book_sheets.c (the other sheets) share.  Not an API.
 *
 * Every figure a formula refers to is found through this struct: a sheet
 * writer records where it wrote each figure (a cellpos, or the first row of
 * a table whose columns are the enums below) and later formulas build
 * their references from that, never from hard-coded addresses.
 */
#ifndef THRIVE_BOOK_INT_H
#define THRIVE_BOOK_INT_H

#include <stdbool.h>
#include <xlsxwriter.h>

#include "results.h"

/* Columns whose widths are tracked per sheet; wider tables are left at the
 * default width beyond this. */
#define BOOK_MAX_COLS 256

typedef struct formats {
    lxw_format *title, *subtitle, *header, *section, *text, *bold, *wrap, *wrap_label, *note,
        *missing;
    lxw_format *num[FMT_KINDS][2]; /* [kind][1 = an input the reader may change] */
    lxw_format *green, *amber, *red;
} formats;

/* Header cells kept per sheet to size their rows; more are not sized. */
#define BOOK_MAX_HEADS 256

typedef struct sheet {
    lxw_worksheet *ws;
    char name[128];              /* UTF-8, at most 31 characters */
    double width[BOOK_MAX_COLS]; /* widest content seen per column */
    bool fixed[BOOK_MAX_COLS];   /* width set by the writer, not fitted */
    double fixed_width[BOOK_MAX_COLS];
    struct { /* headings, which wrap: their rows grow to fit */
        lxw_row_t row;
        lxw_col_t col;
        char text[96];
    } heads[BOOK_MAX_HEADS];
    size_t n_heads;
} sheet;

typedef struct cellpos {
    lxw_row_t row;
    lxw_col_t col;
} cellpos;

/* Columns of the Outputs table. */
enum {
    OUT_LABEL,
    OUT_COUNT,
    OUT_TARGET,
    OUT_PCT_OF_TARGET,
    OUT_COST_PER_OUTPUT,
    OUT_ID,
    OUT_FROM,
    OUT_NCOLS
};

/* Columns of the Outcomes table. */
enum {
    OC_LABEL,
    OC_HORIZON,
    OC_ELIGIBLE,
    OC_ACHIEVED,
    OC_RATE,
    OC_RATE_CI95_LO,
    OC_RATE_CI95_HI,
    OC_TARGET,
    OC_PCT_OF_TARGET,
    OC_NET,
    OC_COST_PER_OUTCOME,
    OC_COST_PER_NET_OUTCOME,
    OC_VALUE,
    OC_DURATION,
    OC_DROP_OFF,
    OC_PRESENT_VALUE,
    OC_ID,
    OC_FROM,
    OC_NCOLS
};

typedef struct book {
    const results *r;
    const model *m;
    lxw_workbook *wb;
    formats f;
    lxw_error err; /* the first libxlsxwriter error, LXW_NO_ERROR if none */

    sheet summary, logic, costs, outputs, outcomes, vfm, distance, breakdowns, quarters, quality,
        about;
    sheet *tables; /* [r->n_tables] */

    /* Where the figures were written. */
    struct {
        cellpos total, optimism, adjusted, participants, per_participant;
    } cost;
    lxw_row_t output_row0;  /* first data row of the Outputs table */
    lxw_row_t outcome_row0; /* first data row of the Outcomes table */
    struct {
        cellpos deadweight, displacement, attribution, discount;
    } adj;
    struct {
        cellpos pv, adjusted, npv, sroi;
    } vfm_at;

    char formula[8192]; /* scratch for bk_fmla() */
} book;

/* A cell reference as text: "$C$5" on the same sheet, "'Costs'!$C$5" on
 * another.  Returned by value so that it can be used inline in bk_fmla(). */
typedef struct book_ref {
    char s[160];
} book_ref;

book_ref bk_ref(const sheet *here, const sheet *there, lxw_row_t row, lxw_col_t col);
book_ref bk_ref_pos(const sheet *here, const sheet *there, cellpos p);
book_ref bk_range(const sheet *here, const sheet *there, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
                  lxw_col_t c2);

/* Format a formula into b->formula (valid until the next call). */
const char *bk_fmla(book *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Record the first libxlsxwriter error. */
void bk_check(book *b, lxw_error e);

/* Writers that also track column widths.  TEXT may be NULL (blank cell). */
void bk_text(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f);
void bk_header(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *text);
/* A stored figure: the number, "n/a" when V is NAN, or "[c]" when HIDDEN. */
void bk_number(book *b, sheet *s, lxw_row_t row, lxw_col_t col, double v, bool hidden, fig_format k,
               bool is_input);
/* A count: the number, or "[c]" when hidden. */
void bk_count(book *b, sheet *s, lxw_row_t row, lxw_col_t col, long long n, bool hidden);
/* A derived figure: FORMULA with CACHED as its result ("n/a" when NAN), or
 * "[c]" instead of the formula when HIDDEN. */
void bk_formula(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *formula, double cached,
                bool hidden, fig_format k);
/* Figure F (figures.h) of output, outcome or area I, as a value or as
 * FORMULA with its value cached: "n/a" or "[c]" as the results say. */
void bk_figure(book *b, sheet *s, lxw_row_t row, lxw_col_t col, fig_id f, size_t i);
void bk_figure_formula(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *formula,
                       fig_id f, size_t i);
/* An interval figure: its low end in COL, its high end in COL + 1. */
void bk_interval(book *b, sheet *s, lxw_row_t row, lxw_col_t col, fig_id f, size_t i);
/* Figure F of group G (of output or outcome I), as a value. */
void bk_group_figure(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const res_group *g, fig_id f,
                     size_t i);
/* The headings of an interval figure's two columns ("95% CI low"). */
#define BOOK_HEAD_MAX 64
void bk_interval_heads(fig_id f, char lo[BOOK_HEAD_MAX], char hi[BOOK_HEAD_MAX]);
/* A formula whose result is text. */
void bk_formula_text(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *formula,
                     const char *cached, lxw_format *f);
/* A cell comment saying how a figure was computed. */
void bk_comment(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *text);
/* Size the tracked columns to fit what was written, and the heading rows to
 * fit their wrapped headings. */
void bk_fit(book *b, sheet *s);

/* A chart of TYPE on the workbook, or NULL after recording the error. */
lxw_chart *bk_chart(book *b, uint8_t type);

/* Add to CHART the rows FIRST..LAST of sheet S: categories from column
 * CAT, values from column COL, named NAME (NULL: by the header in row 0
 * of COL), filled with COLOUR (0: the chart's own colours). */
void bk_chart_series(const sheet *s, lxw_chart *chart, lxw_row_t first, lxw_row_t last,
                     lxw_col_t cat, lxw_col_t col, const char *name, lxw_color_t colour);
/* Characters of ordinary text per unit of column width (the unit is the
 * width of a '0'; most letters are narrower). */
#define BOOK_TEXT_CHARS 1.2

/* Lines TEXT takes when wrapped at word boundaries in lines of WIDTH
 * characters. */
int bk_wrapped_lines(const char *text, double width);
/* Mark column COL as WIDTH wide, not fitted. */
void bk_fix_column(book *b, sheet *s, lxw_col_t col, double width, lxw_format *f);

/* The formats of a workbook whose amounts are in CURRENCY_CODE (ISO 4217);
 * and a sheet NAME added to it, set up for printing.  (Also used by the
 * workbook of a comparison, compare_book.c.) */
void bk_make_formats(book *b, const char *currency_code);
void bk_add_sheet(book *b, sheet *s, const char *name);

/* The sheets (book_sheets.c), in the order they are written. */
void bk_sheet_logic_model(book *b);
void bk_sheet_costs(book *b);
void bk_sheet_outputs(book *b);
void bk_sheet_outcomes(book *b);
void bk_sheet_value_for_money(book *b);
void bk_sheet_distance(book *b);
void bk_sheet_breakdowns(book *b);
void bk_sheet_quarters(book *b);
void bk_sheet_plugin_tables(book *b);
void bk_sheet_data_quality(book *b);
void bk_sheet_about(book *b);

#endif
