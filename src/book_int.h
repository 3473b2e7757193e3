/* book_int.h - what the files of the workbook writer share.  Not an API.
 *
 *   book.c          the workbook: its sheets in order, written safely
 *   book_cells.c    cell helpers: references, widths, cells, figures, charts
 *   book_format.c   cell formats and the palette
 *   book_summary.c  the Summary sheet
 *   book_sheets.c   Costs, Outputs, Outcomes, Distance
 *   book_vfm.c      Value for money: totals, who benefits, payback, sensitivity
 *   book_groups.c   Breakdowns, Quarters, the plugin's tables
 *   book_about.c    Logic model, Data quality, About
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

#include "diag.h"
#include "error.h"
#include "results.h"

#ifdef __GNUC__
#define BOOK_PRINTF(fmt, first) __attribute__((format(printf, fmt, first)))
#else
#define BOOK_PRINTF(fmt, first)
#endif

/* Columns whose widths are tracked per sheet; wider tables are left at the
 * default width beyond this. */
#define BOOK_MAX_COLS 256

/* The palette. */
enum {
    BOOK_GREY_TEXT = 0x595959,    /* subtitles and notes */
    BOOK_GREY_MISSING = 0x7F7F7F, /* "n/a" and "[c]" */
    BOOK_HEADER_FILL = 0xDDEBF7,  /* headings: pale blue */
    BOOK_INPUT_FILL = 0xFFF2CC,   /* an input the reader may change: pale yellow */
    /* Excel's own good, neutral and bad: the status of a % of target */
    BOOK_GOOD_FILL = 0xC6EFCE,
    BOOK_GOOD_FONT = 0x006100,
    BOOK_NEUTRAL_FILL = 0xFFEB9C,
    BOOK_NEUTRAL_FONT = 0x9C5700,
    BOOK_BAD_FILL = 0xFFC7CE,
    BOOK_BAD_FONT = 0x9C0006,
    /* charts: a figure, and what it is compared with (a target, the baseline) */
    BOOK_SERIES = 0x2E75B6,
    BOOK_SERIES_BASE = 0xBFBFBF,
};

/* A rate on fewer eligible cases than this, and every figure of a group
 * of fewer participants, is shown in grey: too few for the figure to say
 * much (its 95% interval is some 40 points wide). */
#define BOOK_SMALL_N 20

/* Printed on A4 (worksheet_set_paper()'s index 9), landscape. */
#define BOOK_PAPER_A4 9

typedef struct formats {
    lxw_format *title, *subtitle, *header, *section, *text, *bold, *wrap, *wrap_label, *note,
        *note_wrap, *missing;
    lxw_format *num[FMT_KINDS][2]; /* [kind][1 = an input the reader may change] */
    lxw_format *pence[2];          /* money with pence: bk_num_format() */
    lxw_format *green, *amber, *red;
    lxw_format *warning; /* a data warning on the Summary: red, wrapped */
    lxw_format *small;   /* conditional: a figure on few cases, in grey */
} formats;

/* Header cells kept per sheet to size their rows; more are not sized. */
#define BOOK_MAX_HEADS 256

typedef struct sheet {
    lxw_worksheet *ws;
    char name[128];              /* UTF-8, at most LXW_SHEETNAME_MAX characters */
    double width[BOOK_MAX_COLS]; /* widest content seen per column */
    bool fixed[BOOK_MAX_COLS];   /* width set by the writer, not fitted */
    double fixed_width[BOOK_MAX_COLS];
    struct { /* headings, which wrap: their rows grow to fit */
        lxw_row_t row;
        lxw_col_t col;
        char text[96];
    } heads[BOOK_MAX_HEADS];
    size_t n_heads;
    /* A sheet of a workbook written row by row (libxlsxwriter's constant
     * memory) is written twice: first MEASURE (widths and headings are
     * tracked, nothing is written), then for real, each heading row sized
     * as it is written, since a row cannot be changed once passed
     * (bk_measured()). */
    bool measure, heads_sized;
    lxw_col_t title_cols; /* columns printed on every page (bk_freeze) */
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
    OC_COST_PER_NET_ADJUSTED, /* on the adjusted cost, beside NPV and SROI */
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
        methods, about;
    sheet *tables; /* [r->n_tables] */

    /* Where the figures were written. */
    struct {
        cellpos total, optimism, adjusted, participants, per_participant, per_participant_adjusted;
    } cost;
    struct { /* the rows of the case data, on the Data quality sheet */
        cellpos read, accepted, rejected;
    } rows_at;
    lxw_row_t output_row0;  /* first data row of the Outputs table */
    lxw_row_t outcome_row0; /* first data row of the Outcomes table */
    struct {
        cellpos deadweight, displacement, attribution, discount;
    } adj;
    struct { /* the Value for money sheet (book_vfm.c), laid out first
                as the Outcomes sheet refers to it */
        cellpos pv, adjusted, npv, sroi, bcr, fiscal, payback;
        lxw_row_t valued0; /* "Present value by outcome": one row per valued outcome */
        lxw_row_t parts0;  /* the parts of each value, in outcome order */
        lxw_row_t years0;  /* year by year, r->n_years rows */
        size_t n_valued, n_parts;
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
const char *bk_fmla(book *b, const char *fmt, ...) BOOK_PRINTF(2, 3);

/* A live ratio NUM / DEN (cell references), "n/a" when DEN is 0: into
 * b->formula, like bk_fmla(). */
const char *bk_ratio(book *b, const char *num, const char *den);

/* Record the first libxlsxwriter error. */
void bk_check(book *b, lxw_error e);

/* The format of a figure V of kind K (an input the reader may change when
 * IS_INPUT): money in whole units unless its pence matter. */
lxw_format *bk_num_format(book *b, fig_format k, double v, bool is_input);

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

/* A column's heading: fixed text, or the label of a figure (figures.h);
 * an interval figure heads two columns ("95% CI low", "95% CI high"). */
typedef enum { BK_COL_TEXT, BK_COL_FIGURE, BK_COL_LOW, BK_COL_HIGH } book_col_kind;
typedef struct book_col {
    book_col_kind kind;
    const char *text; /* BK_COL_TEXT */
    fig_id fig;       /* the others */
} book_col;
#define BK_TEXT(t)                                                                                 \
    {                                                                                              \
        BK_COL_TEXT, (t), 0                                                                        \
    }
#define BK_FIG(f)                                                                                  \
    {                                                                                              \
        BK_COL_FIGURE, NULL, (f)                                                                   \
    }
#define BK_LOW(f)                                                                                  \
    {                                                                                              \
        BK_COL_LOW, NULL, (f)                                                                      \
    }
#define BK_HIGH(f)                                                                                 \
    {                                                                                              \
        BK_COL_HIGH, NULL, (f)                                                                     \
    }
/* The headings of columns 0..N-1 in ROW. */
void bk_heads(book *b, sheet *s, lxw_row_t row, const book_col *cols, size_t n);
/* A formula whose result is text. */
void bk_formula_text(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *formula,
                     const char *cached, lxw_format *f);
/* The N headings HEADS in row HEADER and, when rows follow to LAST, an
 * Excel table over them with buttons to filter and sort. */
void bk_table(book *b, sheet *s, lxw_row_t header, lxw_row_t last, const char *const *heads,
              size_t n);
/* Freeze the rows above ROW and the columns left of COL, and print them
 * on every page (print titles). */
void bk_freeze(book *b, sheet *s, lxw_row_t row, lxw_col_t col);
/* Cells R1..R2 x C1..C2 in red (b->f.red) when their value is below 0:
 * a negative NPV. */
void bk_red_when_negative(book *b, sheet *s, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
                          lxw_col_t c2);
/* Cells R1..R2 x C1..C2 in grey when the number in column N of their row
 * is under BOOK_SMALL_N (a relative reference: one rule for the range). */
void bk_grey_when_small(book *b, sheet *s, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                        lxw_col_t n);
/* The note under a group table saying what grey means. */
const char *bk_small_note(void);
/* A cell comment saying how a figure was computed. */
void bk_comment(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *text);
/* Size the tracked columns to fit what was written, and the heading rows to
 * fit their wrapped headings (nothing while measuring). */
void bk_fit(book *b, sheet *s);
/* End the measuring pass of S: from now on its cells are written, and a
 * heading row is sized to the measured widths when its heading is. */
void bk_measured(sheet *s);

/* A chart draws a text cell ("[c]", "n/a") as 0, a blank one as a gap:
 * its series take a copy of the figures, in hidden columns, that leaves
 * out what is hidden or not defined.  In (ROW, DST), a formula giving
 * the figure V of (ROW, SRC), or nothing when HIDDEN or V is NAN; and
 * columns FIRST..LAST hidden, as such copies. */
void bk_chart_cell(book *b, sheet *s, lxw_row_t row, lxw_col_t src, lxw_col_t dst, double v,
                   bool hidden);
void bk_chart_columns(book *b, sheet *s, lxw_col_t first, lxw_col_t last);

/* A chart of TYPE on the workbook (showing the data of hidden columns),
 * or NULL after recording the error. */
lxw_chart *bk_chart(book *b, uint8_t type);

/* A series of a chart: the values of column COL, named NAME (NULL: by the
 * heading in row 0 of COL), filled with COLOUR (0: the chart's own). */
typedef struct book_series {
    lxw_col_t col;
    const char *name;
    lxw_color_t colour;
} book_series;

/* A chart of TYPE titled TITLE, of the rows FIRST..LAST of sheet S, with
 * categories from column CAT and the N series given, its legend at the
 * bottom; NULL after recording the error. */
lxw_chart *bk_chart_of(book *b, const sheet *s, uint8_t type, const char *title, lxw_row_t first,
                       lxw_row_t last, lxw_col_t cat, const book_series *series, size_t n);

/* Add to CHART the rows FIRST..LAST of sheet S: categories from column
 * CAT, values from column COL, named NAME (NULL: by the header in row 0
 * of COL), filled with COLOUR (0: the chart's own colours). */
void bk_chart_series(const sheet *s, lxw_chart *chart, lxw_row_t first, lxw_row_t last,
                     lxw_col_t cat, lxw_col_t col, const char *name, lxw_color_t colour);
/* Characters of ordinary text per unit of column width (the unit is the
 * width of a '0'; most letters are narrower). */
#define BOOK_TEXT_CHARS 1.2
/* The same for bold text (headings), and for text that wraps, where a
 * line one character short of the estimate hides a line of the cell: a
 * little less than BOOK_TEXT_CHARS, as measured on printed sheets. */
#define BOOK_BOLD_CHARS 1.1
#define BOOK_WRAP_CHARS 1.1

/* Lines TEXT takes when wrapped at word boundaries in lines of WIDTH
 * characters. */
int bk_wrapped_lines(const char *text, double width);
/* Mark column COL as WIDTH wide, not fitted. */
void bk_fix_column(book *b, sheet *s, lxw_col_t col, double width, lxw_format *f);
/* Make ROW tall enough for LINES lines of text, and PAD points more. */
void bk_row_lines(book *b, sheet *s, lxw_row_t row, int lines, double pad);

/* IDS as "a, b, c" in BUF (size N); returns BUF. */
const char *bk_join_ids(char *buf, size_t n, const ref_list *ids);
/* Append to BUF (size N) like printf. */
void bk_cat(char *buf, size_t n, const char *fmt, ...) BOOK_PRINTF(3, 4);
/* A note under a table, in grey italics, overflowing to the right; or,
 * when longer than the first printed page is wide, wrapped in cells
 * merged across that page.  On a sheet printed more than one page wide
 * the note starts after the label columns printed on every page, which
 * would cut it at their edge on the later pages.  N of them from ROW,
 * returning the row after them. */
void bk_note(book *b, sheet *s, lxw_row_t row, const char *text);
lxw_row_t bk_notes(book *b, sheet *s, lxw_row_t row, const char *const *notes, size_t n);
/* The column a note or chart under a table starts in: 0, or on a sheet
 * printed more than one page wide, the first after the label columns
 * printed on every page (which would repeat a slice of it on each). */
lxw_col_t bk_below_col(const sheet *s);
#define BK_COUNT(a) (sizeof(a) / sizeof *(a))
/* A blank cell in an input's format: the reader may fill it in. */
void bk_blank_input(book *b, sheet *s, lxw_row_t row, lxw_col_t col, fig_format k);

/* The formats of a workbook whose amounts are in CURRENCY_CODE (ISO 4217)
 * (book_format.c); and a sheet NAME added to it, set up for printing
 * (book.c).  Also used by the workbook of a comparison. */
void bk_make_formats(book *b, const char *currency_code);
void bk_add_sheet(book *b, sheet *s, const char *name);
/* Write the workbook FILL makes in B to PATH safely: to a temporary file
 * beside it (workbook options OPT, or NULL), renamed into place only when
 * complete.  THRIVE_OK; THRIVE_ERROR_OUTPUT or THRIVE_ERROR_NOMEM with why
 * in DL. */
thrive_error bk_write_file(book *b, const char *path, const lxw_workbook_options *opt,
                           void (*fill)(book *), diag_list *dl);

/* The Value for money sheet's layout, before any sheet is written
 * (book_vfm.c); the range of outcome I's parts (an outcome with a split
 * value adds them up on the Outcomes sheet), and column COL of the year
 * by year table (Green Book present values sum over it), as seen from
 * HERE. */
void bk_vfm_layout(book *b);
bool bk_vfm_split(const outcome *o);
book_ref bk_vfm_parts(book *b, const sheet *here, size_t i);
book_ref bk_vfm_years(book *b, const sheet *here, lxw_col_t col);
enum { VY_YEAR, VY_BENEFIT, VY_RATE, VY_FACTOR, VY_CUMULATIVE, VY_PAID, VY_NCOLS };

/* The sheets, in the order they are written; the Summary last, as it
 * refers to figures on every other sheet. */
typedef void sheet_writer(book *b);
sheet_writer bk_sheet_logic_model, bk_sheet_costs, bk_sheet_outputs, bk_sheet_outcomes,
    bk_sheet_value_for_money, bk_sheet_distance, bk_sheet_breakdowns, bk_sheet_quarters,
    bk_sheet_plugin_tables, bk_sheet_data_quality, bk_sheet_methods, bk_sheet_about,
    bk_sheet_summary;

#endif
