/* report_int.h - the parts of the HTML report, shared between its files:
 * figures read from a summary (report_fig.c), charts (report_chart.c),
 * the sections of one evaluation (report_eval.c) and of several sites
 * (report_sites.c).  See report.h for the whole. */
#ifndef THRIVE_REPORT_INT_H
#define THRIVE_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "report_html.h"
#include "words.h"

/* The size of a buffer for a label: an outcome's, a site's, a scale's. */
#define LABEL_BUF 256

/* ---- figures ---- */

/* A figure as a summary gives it: a number; not defined (null: a division
 * by zero, no target, ...: shown "n/a"); or hidden by disclosure control
 * (null in an object marked "suppressed": true: shown "[c]", never a
 * number). */
typedef enum fig_kind { FIG_VALUE, FIG_NA, FIG_HIDDEN } fig_kind;
typedef struct fig {
    fig_kind kind;
    double v;
} fig;

/* OBJ[KEY]: a number; null (hidden when OBJ says "suppressed": true); or
 * n/a when absent or not a number. */
fig fig_get(const json_t *obj, const char *key);
/* The same for a JSON value V in an object whose suppressed flag is HIDDEN. */
fig fig_of(const json_t *v, bool hidden);
/* ARR[I] of a pair such as "rate_ci95", in OBJ (for its suppressed flag). */
fig fig_pair(const json_t *obj, const char *key, size_t i);
fig fig_value(double v);
bool fig_ok(fig f);
/* Whether OBJ has "suppressed": true. */
bool fig_suppressed(const json_t *obj);

/* OBJ[KEY] as a string, or NULL. */
const char *jstr(const json_t *obj, const char *key);
/* OBJ[KEY] as an array or an object, or NULL. */
json_t *jarr(const json_t *obj, const char *key);
json_t *jobj(const json_t *obj, const char *key);
/* Whether an outcome of the summary names its building block. */
bool summary_has_strategy(const json_t *s);
/* The element of the array LIST whose "id" is ID, or NULL. */
json_t *jfind(const json_t *list, const char *id);

/* Text of a figure, into BUF (FIG_BUF bytes): "[c]" when hidden, "n/a"
 * when not defined.  The returned pointer is BUF or a constant. */
#define FIG_BUF 64
/* "£" for GBP (also EUR, USD), else the ISO code and a space. */
const char *currency_prefix(const char *currency);
const char *fmt_count(char *buf, fig f);                       /* 1,234 */
const char *fmt_money(char *buf, fig f, const char *currency); /* £1,234; £12.50 */
const char *fmt_pct(char *buf, fig f);                         /* 50.7% */
const char *fmt_num(char *buf, fig f, int decimals);           /* 1,234.57 */
const char *fmt_pvalue(char *buf, fig f);                      /* 0.023, < 0.001 */
/* "42.5% to 58.9%" (or "[c]", "n/a" when either end is). */
const char *fmt_pct_range(char *buf, fig lo, fig hi);
const char *fmt_money_range(char *buf, fig lo, fig hi, const char *currency);
const char *fmt_num_range(char *buf, fig lo, fig hi, int decimals);

/* OBJ's "label", else its id made readable. */
const char *label_of(char *buf, size_t n, const json_t *obj);
/* The readable name of a Child Poverty Strategy building block. */
const char *strategy_label(const char *block);

/* ---- status against a target ---- */

/* The workbook's rule: on target at 100% of it or more, near target from
 * 80%, below target under 80%. */
#define RAG_GREEN 1.0
#define RAG_AMBER 0.8
typedef enum rag { RAG_NONE, RAG_ON, RAG_NEAR, RAG_BELOW, RAG_HIDDEN } rag;
rag rag_of(fig pct_of_target);
/* The status as a badge: colour, a symbol and a word. */
void hw_rag(hw *w, rag r);

/* ---- charts (inline SVG) ---- */

/* One row of a horizontal bar chart: a bar from FROM to TO (TO n/a: no
 * bar, the row says why), an optional interval LO..HI drawn as whiskers,
 * an optional MARK (a target) drawn as a tick. */
typedef struct hbar {
    const char *label;
    fig from, to, lo, hi, mark;
} hbar;

typedef enum axis_format { AXIS_PCT, AXIS_MONEY, AXIS_NUMBER } axis_format;

typedef struct hbar_chart {
    const char *title;        /* also the SVG's <title> */
    const char *desc;         /* the text alternative */
    const char *x_label;      /* the axis title */
    const char *mark_key;     /* legend text of the mark ("Target"), or NULL */
    const char *interval_key; /* legend text of the whiskers, or NULL */
    axis_format format;
    const char *currency;
    const hbar *rows;
    size_t n;
    bool pct_axis_full; /* a percent axis from 0% to 100% */
} hbar_chart;

void chart_hbars(hw *w, const hbar_chart *c);

/* The rows of a bar chart and a label buffer for each, for N items:
 * false (and W failed) when out of memory. */
typedef struct hbar_rows {
    hbar *rows;
    char (*labels)[LABEL_BUF];
} hbar_rows;
bool hbar_rows_new(hw *w, hbar_rows *r, size_t n);
void hbar_rows_free(hbar_rows *r);

/* A bar from 0 to ITEM[KEY], with the interval ITEM[CI] (a pair; CI may
 * be NULL) and MARK. */
hbar hbar_of(const char *label, const json_t *item, const char *key, const char *ci, fig mark);
/* The report's two kinds of bar chart drawn more than once: the rates of
 * an outcome (with 95% intervals and targets), and the mean changes on a
 * distance-travelled scale (with 95% intervals). */
void chart_rates(hw *w, const char *title, const char *desc, const hbar *rows, size_t n);
void chart_changes(hw *w, const char *title, const char *desc, const hbar *rows, size_t n);
/* The table beside a chart of changes: its head (FIRST names the rows)
 * and a row (PAIRS: the cases with both readings; TOTAL: the pooled row). */
void changes_head(hw *w, const char *first);
void change_row(hw *w, const hbar *r, fig pairs, bool total);

/* A column chart of one count per period (quarters). */
typedef struct column_chart {
    const char *title, *desc, *y_label, *x_label;
    const char *const *labels;
    const fig *values;
    size_t n;
} column_chart;

void chart_columns(hw *w, const column_chart *c);

/* A funnel plot: each site's rate against its eligible count, with the
 * 95% and 99.8% limits around the pooled rate P0. */
typedef struct funnel_point {
    const char *label;
    fig eligible, rate;
} funnel_point;

typedef struct funnel_chart {
    const char *title, *desc;
    fig p0;
    const funnel_point *points;
    size_t n;
} funnel_chart;

void chart_funnel(hw *w, const funnel_chart *c);

/* ---- layout helpers ---- */

/* <section aria-labelledby=...><hN id=...>TITLE</hN>, the id PREFIX then
 * NAME (e.g. "s2-" "outcomes": one evaluation among several). */
void sec_open(hw *w, int level, const char *prefix, const char *name, const char *title);
void sec_close(hw *w);
/* A figure and its table side by side: open, then the chart, then
 * fig_table_open (caption), the table, fig_close. */
void fig_open(hw *w);
/* The same with the table below the chart, for a table too wide to sit
 * beside it. */
void fig_open_stacked(hw *w);
void fig_table_open(hw *w, const char *caption);
void fig_close(hw *w);
/* A table that may be wider than the page scrolls in its own region. */
void table_open(hw *w, const char *caption);
/* The same with the wrapper's class CLS ("scroll kv": a narrow table of
 * names and values). */
void table_open_class(hw *w, const char *caption, const char *cls);
void table_close(hw *w);
void th_col(hw *w, const char *text);
void th_row(hw *w, const char *text);
/* A table row opened with its heading cell. */
void tr_open(hw *w, const char *heading);
/* A numeric cell. */
void td_num(hw *w, const char *text);
/* A rate with its counts under it: "45.0% / 9 of 20"; SMALL_BASE marks the
 * rate with an asterisk (fewer than 30 eligible). */
void td_rate(hw *w, fig rate, fig achieved, fig eligible, bool small_base);
/* A headline figure and what it is, in a <ul class="tiles">. */
void tile(hw *w, const char *figure, const char *key);

/* ---- sections ---- */

/* One evaluation, its sections at heading LEVEL (2 alone, 3 in a report
 * of several), element ids prefixed with PREFIX. */
void report_evaluation(hw *w, const json_t *s, int level, const char *prefix);
/* Several evaluate summaries side by side (NAMES: one per summary). */
void report_side_by_side(hw *w, json_t *const *s, const char *const *names, size_t n);
/* A compare summary. */
void report_comparison(hw *w, const json_t *s, int level, const char *prefix);

/* The currency of a summary ("GBP" when it does not say). */
const char *summary_currency(const json_t *s);

/* Add F to the sum S: a hidden part hides the sum; n/a parts are left out. */
void fig_add(fig *s, fig f);

/* Parts of one evaluation (report_vfm.c, report_data.c). */
void report_sensitivity(hw *w, const json_t *s, int level, const char *prefix);
void report_strategy(hw *w, const json_t *s, int level, const char *prefix);
void report_plugin(hw *w, const json_t *s, int level, const char *prefix);
void report_quality(hw *w, const json_t *s, int level, const char *prefix);
/* What one evaluation was made from: files, hashes, versions. */
void report_about(hw *w, const json_t *s);

/* Parts of a comparison (report_sites.c, report_compare.c,
 * report_outcomes.c). */
/* The head of a table of sites' headline figures, with the SROI rank
 * column when RANKS; and a site's present value, NPV and SROI ratio. */
void sites_head(hw *w, bool ranks);
void vfm_cells(hw *w, const json_t *vfm, const char *cur);
const char *site_name(const json_t *site, size_t i, char *buf, size_t n);
const char *compared_label(const json_t *s, const char *list, const char *id, char *buf, size_t n);
void header_comparison(hw *w, const json_t *s);
void report_comparison_sites(hw *w, const json_t *s, int level, const char *prefix);
void report_comparison_outcomes(hw *w, const json_t *s, int level, const char *prefix);
void report_comparison_end(hw *w, const json_t *s, int level, const char *prefix);

/* The page's header (with the contents) and footer (how to read it). */
void report_header(hw *w, json_t *const *s, const char *const *names, size_t n);
void report_toc(hw *w, json_t *const *s, const char *const *names, size_t n);
void report_footer(hw *w, json_t *const *s, size_t n);

#endif
