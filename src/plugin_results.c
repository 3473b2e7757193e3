/* plugin_results.c - the measures and tables a plugin adds in finish
 * (the results part of thrive_host; include/thrive/plugin.h).  Measure
 * and table ids share one namespace: both are keys of "plugin_measures"
 * in the summary.  A failed allocation is reported as an error, which
 * fails the run: never a measure or row quietly left out. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plugin_int.h"

static bool id_chars_ok(const char *id)
{
    bool ok = id && *id;
    for (const char *c = id; ok && *c; c++)
        ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
    return ok;
}

static bool id_ok(thrive_ctx *ctx, const char *id, const char *what)
{
    if (!id_chars_ok(id)) {
        plugin_error(ctx, NULL, "%s id '%s' must be lower-case letters, digits and '_'", what,
                     id ? id : "");
        return false;
    }
    const results *r = ctx->r;
    bool used = false;
    for (size_t i = 0; i < r->n_measures && !used; i++)
        used = strcmp(r->measures[i].id, id) == 0;
    for (size_t i = 0; i < r->n_tables && !used; i++)
        used = strcmp(r->tables[i].id, id) == 0;
    if (used)
        plugin_error(ctx, NULL, "%s id '%s' is used twice", what, id);
    return !used;
}

static bool in_finish(thrive_ctx *ctx, const char *what)
{
    if (!ctx)
        return false;
    if (ctx->phase != PHASE_FINISH || !ctx->r) {
        plugin_error(ctx, NULL, "%s may only be called in finish", what);
        return false;
    }
    return true;
}

static void out_of_memory(thrive_ctx *ctx, const char *what, const char *id)
{
    ctx->nomem = true; /* the run fails as out of memory */
    plugin_error(ctx, NULL, "out of memory adding the %s '%s'", what, id ? id : "");
}

/* The core's format for a plugin's (results.h knows nothing of the plugin
 * ABI); an unknown one is a plain number. */
static fig_format format_of(thrive_format f)
{
    switch (f) {
    case THRIVE_FMT_COUNT:
        return FMT_COUNT;
    case THRIVE_FMT_PERCENT:
        return FMT_PERCENT;
    case THRIVE_FMT_CURRENCY:
        return FMT_CURRENCY;
    case THRIVE_FMT_DAYS:
        return FMT_DAYS;
    case THRIVE_FMT_TEXT:
        return FMT_TEXT;
    default:
        return FMT_NUMBER;
    }
}

/* The core's chart for a plugin's. */
static res_chart chart_of(thrive_chart c)
{
    return c == THRIVE_CHART_BAR      ? RES_CHART_BAR
           : c == THRIVE_CHART_COLUMN ? RES_CHART_COLUMN
                                      : RES_CHART_NONE;
}

/* ---- measures ---- */

/* Add a measure; the one added, or NULL after an error. */
static res_measure *add_measure(thrive_ctx *ctx, const char *id, const char *label, double value,
                                thrive_format format, double basis)
{
    if (!in_finish(ctx, "measure()") || !id_ok(ctx, id, "measure") ||
        !plugin_text_ok(ctx, label, "the label of measure", id))
        return NULL;
    results *r = ctx->r;
    res_measure *grown = realloc(r->measures, (r->n_measures + 1) * sizeof *grown);
    if (!grown) {
        out_of_memory(ctx, "measure", id);
        return NULL;
    }
    r->measures = grown;
    res_measure *ms = &r->measures[r->n_measures];
    *ms = (res_measure){.id = strdup(id), .label = strdup(label ? label : id)};
    if (!ms->id || !ms->label) {
        free(ms->id);
        free(ms->label);
        out_of_memory(ctx, "measure", id);
        return NULL;
    }
    ms->value = isfinite(value) ? value : NAN;
    ms->format = format_of(format);
    ms->has_basis = !isnan(basis);
    ms->basis = ms->has_basis && basis > 0 ? (long long)basis : 0;
    r->n_measures++;
    return ms;
}

void plugin_measure(thrive_ctx *ctx, const char *id, const char *label, double value,
                    thrive_format format)
{
    add_measure(ctx, id, label, value, format, NAN);
}

void plugin_measure_of(thrive_ctx *ctx, const char *id, const char *label, double value,
                       thrive_format format, double n)
{
    add_measure(ctx, id, label, value, format, isnan(n) ? 0 : n);
}

/* The index of the earlier measure ID (an operand of WHAT) into *AT, or
 * MEASURE_COST for a NULL ID (the total cost); false after an error. */
static bool operand(thrive_ctx *ctx, const char *id, const char *what, long *at)
{
    if (!id) {
        *at = MEASURE_COST;
        return true;
    }
    const results *r = ctx->r;
    for (size_t i = 0; i < r->n_measures; i++)
        if (strcmp(r->measures[i].id, id) == 0) {
            *at = (long)i;
            return true;
        }
    plugin_error(ctx, NULL, "measure '%s': no earlier measure '%s' to divide", what ? what : "",
                 id);
    return false;
}

/* NUM_ID / DEN_ID, two measures added before, either of which may be
 * NULL for the total cost: a live formula in the workbook. */
static void add_ratio(thrive_ctx *ctx, const char *id, const char *label, const char *num_id,
                      const char *den_id, thrive_format format)
{
    long num, den;
    if (!in_finish(ctx, "a ratio measure") || !operand(ctx, num_id, id, &num) ||
        !operand(ctx, den_id, id, &den))
        return;
    const results *r = ctx->r;
    double top = num >= 0 ? r->measures[num].value : ctx->total_cost;
    double bottom = den >= 0 ? r->measures[den].value : ctx->total_cost;
    /* Built on the count below the line; on the count above for a figure
     * per pound. */
    double basis = den >= 0 ? bottom : r->measures[num].value;
    res_measure *ms = add_measure(ctx, id, label, bottom != 0 ? top / bottom : NAN, format, basis);
    if (ms) {
        ms->is_ratio = true;
        ms->num = num;
        ms->den = den;
    }
}

void plugin_measure_ratio(thrive_ctx *ctx, const char *id, const char *label, const char *num_id,
                          const char *den_id, thrive_format format)
{
    if (ctx && (!num_id || !den_id)) {
        plugin_error(ctx, NULL, "measure_ratio() for '%s' needs the ids of two measures",
                     id ? id : "");
        return;
    }
    add_ratio(ctx, id, label, num_id, den_id, format);
}

void plugin_measure_cost_per(thrive_ctx *ctx, const char *id, const char *label,
                             const char *count_id)
{
    if (ctx && !count_id) {
        plugin_error(ctx, NULL, "measure_cost_per() for '%s' needs the id of a count",
                     id ? id : "");
        return;
    }
    add_ratio(ctx, id, label, NULL, count_id, THRIVE_FMT_CURRENCY);
}

void plugin_measure_per_cost(thrive_ctx *ctx, const char *id, const char *label,
                             const char *measure_id, thrive_format format)
{
    if (ctx && !measure_id) {
        plugin_error(ctx, NULL, "measure_per_cost() for '%s' needs the id of a measure",
                     id ? id : "");
        return;
    }
    add_ratio(ctx, id, label, measure_id, NULL, format);
}

/* ---- tables ---- */

/* The index of column ID among the first N of COLS, or 0 (column 0 holds
 * labels, so it is never a base). */
static size_t column_index(const thrive_column *cols, size_t n, const char *id)
{
    for (size_t c = 1; id && c < n; c++)
        if (cols[c].id && strcmp(cols[c].id, id) == 0)
            return c;
    return 0;
}

/* Check column C of COLS (ids, and bases that come before it). */
static bool column_ok(thrive_ctx *ctx, const char *table, const thrive_column *cols, size_t c)
{
    const thrive_column *col = &cols[c];
    if (!id_chars_ok(col->id) || column_index(cols, c, col->id) ||
        (c > 0 && strcmp(cols[0].id, col->id) == 0)) {
        plugin_error(ctx, NULL,
                     "table '%s': column id '%s' is missing, used twice, or not lower-case "
                     "letters, digits and '_'",
                     table, col->id ? col->id : "");
        return false;
    }
    size_t num = column_index(cols, c, col->num), den = column_index(cols, c, col->den);
    bool numeric = c > 0 && col->format != THRIVE_FMT_TEXT;
    bool ok = (!col->num || (num && col->den && cols[num].format != THRIVE_FMT_TEXT)) &&
              (!col->den || (den && numeric && cols[den].format != THRIVE_FMT_TEXT)) &&
              (!col->den || col->num || cols[den].format == THRIVE_FMT_COUNT);
    if (!ok)
        plugin_error(ctx, NULL,
                     "table '%s', column '%s': a rate names an earlier numeric column as its "
                     "'den' (and as its 'num'); without 'num', 'den' is an earlier count column",
                     table, col->id);
    return ok;
}

static bool table_alloc(res_table *tb, size_t n)
{
    tb->n_cols = 0; /* until every array is there */
    tb->col_ids = calloc(n, sizeof *tb->col_ids);
    tb->col_labels = calloc(n, sizeof *tb->col_labels);
    tb->formats = calloc(n, sizeof *tb->formats);
    tb->basis_cols = calloc(n, sizeof *tb->basis_cols);
    tb->num_cols = calloc(n, sizeof *tb->num_cols);
    if (!tb->col_ids || !tb->col_labels || !tb->formats || !tb->basis_cols || !tb->num_cols)
        return false;
    tb->n_cols = n;
    return true;
}

/* Free what TB holds, as results_free() would (a table left half made). */
static void table_drop(res_table *tb)
{
    for (size_t c = 0; c < tb->n_cols; c++) {
        free(tb->col_ids[c]);
        free(tb->col_labels[c]);
    }
    free(tb->id);
    free(tb->title);
    free(tb->col_ids);
    free(tb->col_labels);
    free(tb->formats);
    free(tb->basis_cols);
    free(tb->num_cols);
}

/* Copy the N columns COLS into TB; false when out of memory. */
static bool table_fill(res_table *tb, const thrive_column *cols, size_t n)
{
    if (!table_alloc(tb, n))
        return false;
    for (size_t c = 0; c < n; c++) {
        tb->col_ids[c] = strdup(cols[c].id);
        tb->col_labels[c] = strdup(cols[c].label ? cols[c].label : cols[c].id);
        if (!tb->col_ids[c] || !tb->col_labels[c])
            return false;
        tb->formats[c] = c == 0 ? FMT_TEXT : format_of(cols[c].format);
        tb->basis_cols[c] = column_index(cols, c, cols[c].den);
        tb->num_cols[c] = column_index(cols, c, cols[c].num);
    }
    return true;
}

int plugin_table(thrive_ctx *ctx, const char *id, const char *title, const thrive_column *cols,
                 size_t n_cols)
{
    if (!in_finish(ctx, "table()") || !id_ok(ctx, id, "table"))
        return -1;
    if (n_cols < 1 || !cols) {
        plugin_error(ctx, NULL, "table '%s' needs at least one column", id);
        return -1;
    }
    if (!plugin_text_ok(ctx, title, "the title of table", id))
        return -1;
    for (size_t c = 0; c < n_cols; c++)
        if (!column_ok(ctx, id, cols, c) ||
            !plugin_text_ok(ctx, cols[c].label, "a column label of table", id))
            return -1;
    results *r = ctx->r;
    res_table *grown = realloc(r->tables, (r->n_tables + 1) * sizeof *grown);
    if (!grown) {
        out_of_memory(ctx, "table", id);
        return -1;
    }
    r->tables = grown;
    res_table *tb = &r->tables[r->n_tables];
    memset(tb, 0, sizeof *tb);
    tb->chart = RES_CHART_NONE;
    tb->id = strdup(id);
    tb->title = strdup(title ? title : id);
    if (!tb->id || !tb->title || !table_fill(tb, cols, n_cols)) {
        table_drop(tb);
        out_of_memory(ctx, "table", id);
        return -1;
    }
    return (int)r->n_tables++;
}

static res_table *table_at(thrive_ctx *ctx, int t, const char *what)
{
    if (!in_finish(ctx, what))
        return NULL;
    if (t < 0 || (size_t)t >= ctx->r->n_tables) {
        plugin_error(ctx, NULL, "%s: no table %d", what, t);
        return NULL;
    }
    return &ctx->r->tables[t];
}

static bool power_of_two(size_t n)
{
    return n && !(n & (n - 1));
}

/* Room for one more row of TB: the capacity is the next power of two. */
static bool row_room(res_table *tb)
{
    if (tb->n_rows != 0 && !power_of_two(tb->n_rows))
        return true;
    size_t cap = tb->n_rows ? tb->n_rows * 2 : 4, w = tb->n_cols - 1;
    char **labels = realloc(tb->row_labels, cap * sizeof *labels);
    if (!labels)
        return false;
    tb->row_labels = labels;
    if (w) {
        double *v = realloc(tb->values, cap * w * sizeof *v);
        if (!v)
            return false;
        tb->values = v;
    }
    return true;
}

void plugin_add_row(thrive_ctx *ctx, int t, const char *label, const double *values,
                    size_t n_values)
{
    res_table *tb = table_at(ctx, t, "add_row()");
    if (!tb || !plugin_text_ok(ctx, label, "a row label of table", tb->id))
        return;
    size_t w = tb->n_cols - 1;
    if (n_values != w || (w && !values)) {
        plugin_error(ctx, NULL, "table '%s': add_row() got %zu %s for %zu %s after the label",
                     tb->id, values ? n_values : 0,
                     diag_plural(values ? (long long)n_values : 0, "value", "values"), w,
                     diag_plural((long long)w, "column", "columns"));
        return;
    }
    char *l = row_room(tb) ? strdup(label ? label : "") : NULL;
    if (!l) {
        out_of_memory(ctx, "row of the table", tb->id);
        return;
    }
    tb->row_labels[tb->n_rows] = l;
    double *v = tb->values ? tb->values + tb->n_rows * w : NULL;
    for (size_t c = 1; c <= w; c++) {
        double x = values[c - 1];
        size_t num = tb->num_cols[c], den = tb->basis_cols[c];
        if (num && den) /* a rate of two earlier columns of this row */
            x = v[den - 1] != 0 ? v[num - 1] / v[den - 1] : NAN;
        v[c - 1] = isfinite(x) ? x : NAN;
    }
    tb->n_rows++;
}

void plugin_chart(thrive_ctx *ctx, int t, thrive_chart kind, const char *title,
                  const char *const *col_ids, size_t n)
{
    res_table *tb = table_at(ctx, t, "chart()");
    if (!tb || !plugin_text_ok(ctx, title, "the chart title of table", tb->id))
        return;
    if (kind != THRIVE_CHART_BAR && kind != THRIVE_CHART_COLUMN) {
        tb->chart = RES_CHART_NONE;
        return;
    }
    if (n == 0 || !col_ids) {
        plugin_error(ctx, NULL, "chart of table '%s' needs at least one column", tb->id);
        return;
    }
    size_t *cols = malloc(n * sizeof *cols);
    char *ttl = strdup(title ? title : tb->title);
    for (size_t i = 0; cols && ttl && i < n; i++) {
        size_t c = 1;
        while (c < tb->n_cols && !(col_ids[i] && strcmp(tb->col_ids[c], col_ids[i]) == 0))
            c++;
        if (c == tb->n_cols || tb->formats[c] == FMT_TEXT) {
            plugin_error(ctx, NULL, "chart of table '%s': '%s' is not one of its numeric columns",
                         tb->id, col_ids[i] ? col_ids[i] : "");
            free(cols);
            free(ttl);
            return;
        }
        cols[i] = c;
    }
    if (!cols || !ttl) {
        free(cols);
        free(ttl);
        out_of_memory(ctx, "chart of the table", tb->id);
        return;
    }
    free(tb->chart_cols);
    free(tb->chart_title);
    tb->chart_cols = cols;
    tb->n_chart_cols = n;
    tb->chart_title = ttl;
    tb->chart = chart_of(kind);
}
