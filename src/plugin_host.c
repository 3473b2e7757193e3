/* plugin_host.c - the thrive_host table: the only way a plugin reaches
 * the core (include/thrive/plugin.h).  Every function checks its
 * arguments, since a plugin's mistake must give a message, not a crash. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "plugin_int.h"

static const ynode *pilot_node(const thrive_ctx *ctx)
{
    return ctx->m && ctx->m->root ? ynode_get(ctx->m->root, "pilot") : NULL;
}

void plugin_where(const thrive_ctx *ctx, const thrive_node *node, int *line, int *col)
{
    const ynode *n = node;
    if (!n && ctx->m && ctx->m->root)
        n = ynode_get(ctx->m->root, ctx->p->name);
    if (!n)
        n = pilot_node(ctx);
    *line = n ? n->line : 0;
    *col = n ? n->col : 0;
}

static void host_verror(thrive_ctx *ctx, const thrive_node *node, const char *fmt, va_list ap)
{
    if (!ctx)
        return;
    int line, col;
    plugin_where(ctx, node, &line, &col);
    const char *file = ctx->m ? ctx->m->file : ctx->p->file;
    if (ctx->phase == PHASE_CHECK && ctx->dl) {
        diag_verror(ctx->dl, file, line, col, fmt, ap);
        return;
    }
    /* After check: no list to add to; say it now and fail the run. */
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    diag_say(file, line, col, "plugin '%s': %s", ctx->p->name, msg);
    ctx->failed = true;
}

static void host_error(thrive_ctx *ctx, const thrive_node *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    host_verror(ctx, node, fmt, ap);
    va_end(ap);
}

static void host_note(thrive_ctx *ctx, const thrive_node *node, const char *fmt, ...)
{
    if (!ctx)
        return;
    int line, col;
    plugin_where(ctx, node, &line, &col);
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *file = ctx->m ? ctx->m->file : ctx->p->file;
    if (ctx->phase == PHASE_CHECK && ctx->dl)
        diag_note(ctx->dl, file, line, col, "%s", msg);
    else {
        fprintf(stderr, "thrive: %s", file);
        if (line > 0)
            fprintf(stderr, ":%d:%d", line, col);
        fprintf(stderr, ": note: %s\n", msg);
    }
}

static void *host_state(thrive_ctx *ctx)
{
    return ctx ? ctx->state : NULL;
}

static const thrive_node *host_section(thrive_ctx *ctx)
{
    return ctx && ctx->m ? ynode_get(ctx->m->root, ctx->p->name) : NULL;
}

static const thrive_node *host_root(thrive_ctx *ctx)
{
    return ctx && ctx->m ? ctx->m->root : NULL;
}

static thrive_node_kind host_node_kind(const thrive_node *n)
{
    if (!n)
        return THRIVE_NODE_SCALAR;
    return n->kind == YNODE_MAP   ? THRIVE_NODE_MAP
           : n->kind == YNODE_SEQ ? THRIVE_NODE_LIST
                                  : THRIVE_NODE_SCALAR;
}

static const thrive_node *host_node_get(const thrive_node *n, const char *key)
{
    return n && key ? ynode_get(n, key) : NULL;
}

static const char *host_node_text(const thrive_node *n)
{
    return n && n->kind == YNODE_SCALAR ? n->text : NULL;
}

static size_t host_node_count(const thrive_node *n)
{
    return n && n->kind != YNODE_SCALAR ? n->n : 0;
}

static const thrive_node *host_node_item(const thrive_node *n, size_t i)
{
    return n && n->kind != YNODE_SCALAR && i < n->n ? n->items[i] : NULL;
}

static const char *host_node_key(const thrive_node *n, size_t i)
{
    return n && n->kind == YNODE_MAP && i < n->n ? n->keys[i] : NULL;
}

static void host_node_pos(const thrive_node *n, int *line, int *col)
{
    if (line)
        *line = n ? n->line : 0;
    if (col)
        *col = n ? n->col : 0;
}

static size_t host_check_keys(thrive_ctx *ctx, const thrive_node *node, const char *const *allowed,
                              size_t n, const char *what)
{
    if (!ctx || !node || node->kind != YNODE_MAP)
        return 0;
    if (!allowed)
        n = 0;
    size_t unknown = 0;
    for (size_t i = 0; i < node->n; i++) {
        const char *key = node->keys[i];
        bool known = false;
        for (size_t j = 0; !known && j < n; j++)
            known = allowed[j] && strcmp(key, allowed[j]) == 0;
        if (known)
            continue;
        unknown++;
        /* Point at the key itself, not at its value. */
        ynode at = {.kind = YNODE_SCALAR, .line = node->key_lines[i], .col = node->key_cols[i]};
        const char *hint = diag_suggest(key, allowed, n);
        if (hint)
            host_error(ctx, &at, "unknown key '%s' in %s (did you mean '%s'?)", key,
                       what ? what : "the plugin's section", hint);
        else
            host_error(ctx, &at, "unknown key '%s' in %s", key,
                       what ? what : "the plugin's section");
    }
    return unknown;
}

/* thrive_type and field_type are the same list in the same order. */
_Static_assert((int)THRIVE_TEXT == (int)FIELD_TEXT && (int)THRIVE_INTEGER == (int)FIELD_INTEGER &&
                   (int)THRIVE_NUMBER == (int)FIELD_NUMBER && (int)THRIVE_DATE == (int)FIELD_DATE &&
                   (int)THRIVE_ENUM == (int)FIELD_ENUM,
               "thrive_type must mirror field_type");
static thrive_type to_thrive_type(field_type t)
{
    return (thrive_type)t;
}

static const char *type_word(thrive_type t)
{
    static const char *const words[] = {"text", "integer", "number", "date", "enum"};
    return (unsigned)t < 5 ? words[t] : "unknown";
}

static long host_field(thrive_ctx *ctx, const thrive_node *node, unsigned types)
{
    if (!ctx || !ctx->m)
        return -1;
    if (!node || node->kind != YNODE_SCALAR || !node->text || !*node->text) {
        host_error(ctx, node, "expected the name of a field declared in data.fields");
        return -1;
    }
    const model *m = ctx->m;
    long i = model_field_index(m, node->text);
    if (i < 0) {
        const char **names = calloc(m->n_fields ? m->n_fields : 1, sizeof *names);
        for (size_t j = 0; names && j < m->n_fields; j++)
            names[j] = m->fields[j].name;
        const char *hint = names ? diag_suggest(node->text, names, m->n_fields) : NULL;
        if (hint)
            host_error(ctx, node, "field '%s' is not declared in data.fields (did you mean '%s'?)",
                       node->text, hint);
        else
            host_error(ctx, node, "field '%s' is not declared in data.fields", node->text);
        free(names);
        return -1;
    }
    thrive_type t = to_thrive_type(m->fields[i].type);
    if (types && !(types & THRIVE_TYPES(t))) {
        char want[64] = "";
        for (int k = 0; k < 5; k++)
            if (types & THRIVE_TYPES(k)) {
                if (*want)
                    strcat(want, " or ");
                strcat(want, type_word((thrive_type)k));
            }
        host_error(ctx, node, "field '%s' is declared as %s, but %s is needed here", node->text,
                   type_word(t), want);
        return -1;
    }
    return i;
}

static long host_find_field(thrive_ctx *ctx, const char *name)
{
    return ctx && ctx->m && name ? model_field_index(ctx->m, name) : -1;
}

static thrive_type host_field_type(thrive_ctx *ctx, long f)
{
    if (!ctx || !ctx->m || f < 0 || (size_t)f >= ctx->m->n_fields)
        return THRIVE_TEXT;
    return to_thrive_type(ctx->m->fields[f].type);
}

static bool host_field_personal(thrive_ctx *ctx, long f)
{
    return ctx && ctx->m && f >= 0 && (size_t)f < ctx->m->n_fields && ctx->m->fields[f].personal;
}

static bool host_field_allows(thrive_ctx *ctx, long f, const char *value)
{
    if (!ctx || !ctx->m || f < 0 || (size_t)f >= ctx->m->n_fields || !value || !*value)
        return false;
    /* Exactly as a cell of the case data is checked: type, values, pattern. */
    cell c;
    return cell_check(&ctx->m->fields[f], value, strlen(value), &c) == NULL;
}

static long host_derive(thrive_ctx *ctx, const char *name, thrive_type type)
{
    if (!ctx || !ctx->m)
        return -1;
    if (ctx->phase != PHASE_CHECK) {
        host_error(ctx, NULL, "derived field '%s' must be declared in check", name ? name : "");
        return -1;
    }
    if (!name || !*name || (unsigned)type > THRIVE_ENUM) {
        host_error(ctx, NULL, "a derived field needs a name and a type");
        return -1;
    }
    long *grown = realloc(ctx->derived, (ctx->n_derived + 1) * sizeof *grown);
    if (!grown)
        return -1;
    ctx->derived = grown;
    long i = model_add_field(ctx->m, name, (field_type)type);
    if (i < 0) {
        host_error(ctx, NULL,
                   "plugin '%s' adds the field '%s', but the model already declares a field "
                   "of that name; rename the column in data.fields",
                   ctx->p->name, name);
        return -1;
    }
    ctx->derived[ctx->n_derived++] = i;
    return i;
}

static int host_condition(thrive_ctx *ctx, const thrive_node *node)
{
    if (!ctx || ctx->phase != PHASE_CHECK) {
        if (ctx)
            host_error(ctx, node, "conditions must be declared in check");
        return -1;
    }
    if (!node || node->kind != YNODE_SCALAR || !node->text) {
        host_error(ctx, node, "expected a condition such as: exit_type == \"planned\"");
        return -1;
    }
    plugin_cond *grown = realloc(ctx->conds, (ctx->n_conds + 1) * sizeof *grown);
    if (!grown)
        return -1;
    ctx->conds = grown;
    ctx->conds[ctx->n_conds] = (plugin_cond){node, NULL};
    return (int)ctx->n_conds++;
}

static bool host_parse_date(const char *text, double *days)
{
    double d;
    if (!text || !field_parse_date(text, strlen(text), &d))
        return false;
    if (days)
        *days = d;
    return true;
}

static double host_total_cost(thrive_ctx *ctx)
{
    return ctx ? ctx->total_cost : NAN;
}

static const cell *row_cell(const thrive_row *row, long f)
{
    if (!row || f < 0 || (size_t)f >= row->n)
        return NULL;
    return &row->cells[f];
}

static bool host_present(const thrive_row *row, long f)
{
    const cell *c = row_cell(row, f);
    return c && c->present;
}

static double host_number(const thrive_row *row, long f)
{
    const cell *c = row_cell(row, f);
    if (!c || !c->present)
        return NAN;
    field_type t = row->ctx->m->fields[f].type;
    return t == FIELD_INTEGER || t == FIELD_NUMBER || t == FIELD_DATE ? c->num : NAN;
}

static const char *host_text(const thrive_row *row, long f)
{
    const cell *c = row_cell(row, f);
    return c && c->present && c->str ? c->str : "";
}

static bool host_holds(const thrive_row *row, int cond)
{
    if (!row || cond < 0 || (size_t)cond >= row->ctx->n_conds || !row->ctx->conds[cond].e)
        return false;
    return expr_eval(row->ctx->conds[cond].e, row->cells);
}

/* The cell of derived field F of this plugin, or NULL after an error. */
static cell *derived_cell(thrive_row *row, long f, bool numeric)
{
    if (!row)
        return NULL;
    thrive_ctx *ctx = row->ctx;
    bool mine = false;
    for (size_t i = 0; i < ctx->n_derived && !mine; i++)
        mine = ctx->derived[i] == f;
    if (!mine || (size_t)f >= row->n) {
        if (!ctx->failed)
            host_error(ctx, NULL, "set a field (%ld) it did not declare with derive()", f);
        return NULL;
    }
    field_type t = ctx->m->fields[f].type;
    bool is_num = t == FIELD_INTEGER || t == FIELD_NUMBER || t == FIELD_DATE;
    if (is_num != numeric) {
        if (!ctx->failed)
            host_error(ctx, NULL, "set the %s field '%s' with set_%s", field_type_name(t),
                       ctx->m->fields[f].name, numeric ? "number" : "text");
        return NULL;
    }
    return &row->cells[f];
}

static void host_set_number(thrive_row *row, long f, double value)
{
    cell *c = derived_cell(row, f, true);
    if (!c)
        return;
    c->num = value;
    c->present = !isnan(value);
    c->str = "";
    c->len = 0;
}

static void host_set_text(thrive_row *row, long f, const char *text)
{
    cell *c = derived_cell(row, f, false);
    if (!c)
        return;
    c->str = text ? text : "";
    c->len = strlen(c->str);
    c->present = c->len > 0;
    c->num = NAN;
}

/* Results.  Measure and table ids share one namespace: both are keys of
 * "plugin_measures" in the summary. */
static bool id_ok(thrive_ctx *ctx, const char *id, const char *what)
{
    bool ok = id && *id;
    for (const char *c = id; ok && *c; c++)
        ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
    if (!ok) {
        host_error(ctx, NULL, "%s id '%s' must be lower-case letters, digits and '_'", what,
                   id ? id : "");
        return false;
    }
    results *r = ctx->r;
    for (size_t i = 0; i < r->n_measures; i++)
        if (strcmp(r->measures[i].id, id) == 0)
            ok = false;
    for (size_t i = 0; i < r->n_tables; i++)
        if (strcmp(r->tables[i].id, id) == 0)
            ok = false;
    if (!ok)
        host_error(ctx, NULL, "%s id '%s' is used twice", what, id);
    return ok;
}

static bool in_finish(thrive_ctx *ctx, const char *what)
{
    if (!ctx)
        return false;
    if (ctx->phase != PHASE_FINISH || !ctx->r) {
        host_error(ctx, NULL, "%s may only be called in finish", what);
        return false;
    }
    return true;
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

/* Add a measure; the last one added, or NULL. */
static res_measure *add_measure(thrive_ctx *ctx, const char *id, const char *label, double value,
                                thrive_format format, double basis)
{
    if (!in_finish(ctx, "measure()") || !id_ok(ctx, id, "measure"))
        return NULL;
    results *r = ctx->r;
    res_measure *grown = realloc(r->measures, (r->n_measures + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    r->measures = grown;
    res_measure *ms = &r->measures[r->n_measures];
    *ms = (res_measure){.id = strdup(id)};
    ms->label = strdup(label ? label : id);
    ms->value = isfinite(value) ? value : NAN;
    ms->format = format_of(format);
    ms->has_basis = !isnan(basis);
    ms->basis = ms->has_basis && basis > 0 ? (long long)basis : 0;
    if (!ms->id || !ms->label) {
        free(ms->id);
        free(ms->label);
        return NULL;
    }
    r->n_measures++;
    return ms;
}

static void host_measure(thrive_ctx *ctx, const char *id, const char *label, double value,
                         thrive_format format)
{
    add_measure(ctx, id, label, value, format, NAN);
}

static void host_measure_of(thrive_ctx *ctx, const char *id, const char *label, double value,
                            thrive_format format, double n)
{
    add_measure(ctx, id, label, value, format, isnan(n) ? 0 : n);
}

/* Find the earlier measure ID (an operand of the ratio WHAT) into *AT;
 * false after reporting it when there is none. */
static bool operand(thrive_ctx *ctx, const char *id, const char *what, size_t *at)
{
    const results *r = ctx->r;
    for (size_t i = 0; id && i < r->n_measures; i++)
        if (strcmp(r->measures[i].id, id) == 0) {
            *at = i;
            return true;
        }
    host_error(ctx, NULL, "measure '%s': no earlier measure '%s' to divide", what ? what : "",
               id ? id : "");
    return false;
}

/* NUM / DEN, two measures added before; the total cost / DEN when NUM_ID
 * is NULL. */
static void add_ratio(thrive_ctx *ctx, const char *id, const char *label, const char *num_id,
                      const char *den_id, thrive_format format)
{
    if (!in_finish(ctx, "measure_ratio()"))
        return;
    size_t num = 0, den;
    if ((num_id && !operand(ctx, num_id, id, &num)) || !operand(ctx, den_id, id, &den))
        return;
    const results *r = ctx->r;
    double top = num_id ? r->measures[num].value : ctx->total_cost;
    double bottom = r->measures[den].value;
    res_measure *ms = add_measure(ctx, id, label, bottom != 0 ? top / bottom : NAN, format, bottom);
    if (ms) {
        ms->is_ratio = true;
        ms->num = num_id ? (long)num : MEASURE_COST;
        ms->den = den;
    }
}

static void host_measure_cost_per(thrive_ctx *ctx, const char *id, const char *label,
                                  const char *count_id)
{
    add_ratio(ctx, id, label, NULL, count_id, THRIVE_FMT_CURRENCY);
}

static void host_measure_ratio(thrive_ctx *ctx, const char *id, const char *label,
                               const char *num_id, const char *den_id, thrive_format format)
{
    if (!num_id) {
        host_error(ctx, NULL, "measure_ratio() for '%s': the numerator's id is NULL", id ? id : "");
        return;
    }
    add_ratio(ctx, id, label, num_id, den_id, format);
}

static int host_table(thrive_ctx *ctx, const char *id, const char *title, size_t n_cols,
                      const char *const *ids, const char *const *labels,
                      const thrive_format *formats)
{
    if (!in_finish(ctx, "table()") || !id_ok(ctx, id, "table"))
        return -1;
    if (n_cols < 1 || !ids || !labels || !formats) {
        host_error(ctx, NULL, "table '%s' needs at least one column, with ids, labels and formats",
                   id);
        return -1;
    }
    for (size_t c = 0; c < n_cols; c++)
        for (size_t k = 0; k < c; k++)
            if (!ids[c] || strcmp(ids[c], ids[k]) == 0) {
                host_error(ctx, NULL, "table '%s': column id '%s' is missing or used twice", id,
                           ids[c] ? ids[c] : "");
                return -1;
            }
    results *r = ctx->r;
    res_table *grown = realloc(r->tables, (r->n_tables + 1) * sizeof *grown);
    if (!grown)
        return -1;
    r->tables = grown;
    res_table *tb = &r->tables[r->n_tables];
    memset(tb, 0, sizeof *tb);
    tb->id = strdup(id);
    tb->title = strdup(title ? title : id);
    tb->col_ids = calloc(n_cols, sizeof *tb->col_ids);
    tb->col_labels = calloc(n_cols, sizeof *tb->col_labels);
    tb->formats = calloc(n_cols, sizeof *tb->formats);
    if (!tb->id || !tb->title || !tb->col_ids || !tb->col_labels || !tb->formats) {
        free(tb->id);
        free(tb->title);
        free(tb->col_ids);
        free(tb->col_labels);
        free(tb->formats);
        return -1;
    }
    tb->n_cols = n_cols;
    for (size_t c = 0; c < n_cols; c++) {
        tb->col_ids[c] = strdup(ids[c] ? ids[c] : "");
        tb->col_labels[c] = strdup(labels[c] ? labels[c] : tb->col_ids[c]);
        tb->formats[c] = format_of(formats[c]);
    }
    tb->formats[0] = FMT_TEXT;
    tb->chart = RES_CHART_NONE;
    return (int)r->n_tables++;
}

static res_table *table_at(thrive_ctx *ctx, int t, const char *what)
{
    if (!in_finish(ctx, what))
        return NULL;
    if (t < 0 || (size_t)t >= ctx->r->n_tables) {
        host_error(ctx, NULL, "%s: no table %d", what, t);
        return NULL;
    }
    return &ctx->r->tables[t];
}

static bool power_of_two(size_t n)
{
    return n && !(n & (n - 1));
}

static void host_add_row(thrive_ctx *ctx, int t, const char *label, const double *values)
{
    res_table *tb = table_at(ctx, t, "add_row()");
    if (!tb)
        return;
    size_t w = tb->n_cols - 1;
    /* Grow geometrically: capacity is the next power of two. */
    if (tb->n_rows == 0 || power_of_two(tb->n_rows)) {
        size_t cap = tb->n_rows ? tb->n_rows * 2 : 4;
        char **labels = realloc(tb->row_labels, cap * sizeof *labels);
        if (!labels)
            return;
        tb->row_labels = labels;
        if (w) {
            double *v = realloc(tb->values, cap * w * sizeof *v);
            if (!v)
                return;
            tb->values = v;
        }
    }
    char *l = strdup(label ? label : "");
    if (!l)
        return;
    tb->row_labels[tb->n_rows] = l;
    for (size_t c = 0; c < w; c++) {
        double v = values ? values[c] : NAN;
        tb->values[tb->n_rows * w + c] = isfinite(v) ? v : NAN;
    }
    tb->n_rows++;
}

static void host_chart(thrive_ctx *ctx, int t, thrive_chart kind, const char *title,
                       const size_t *cols, size_t n)
{
    res_table *tb = table_at(ctx, t, "chart()");
    if (!tb)
        return;
    if (kind != THRIVE_CHART_BAR && kind != THRIVE_CHART_COLUMN) {
        tb->chart = RES_CHART_NONE;
        return;
    }
    if (n == 0 || !cols) {
        host_error(ctx, NULL, "chart of table '%s' needs at least one column", tb->id);
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (cols[i] < 1 || cols[i] >= tb->n_cols || tb->formats[cols[i]] == FMT_TEXT) {
            host_error(ctx, NULL, "chart of table '%s': column %zu is not a numeric column", tb->id,
                       cols[i]);
            return;
        }
    size_t *copy = malloc(n * sizeof *copy);
    char *ttl = strdup(title ? title : tb->title);
    if (!copy || !ttl) {
        free(copy);
        free(ttl);
        return;
    }
    memcpy(copy, cols, n * sizeof *copy);
    free(tb->chart_cols);
    free(tb->chart_title);
    tb->chart_cols = copy;
    tb->n_chart_cols = n;
    tb->chart_title = ttl;
    tb->chart = chart_of(kind);
}

static void host_column_basis(thrive_ctx *ctx, int t, size_t col, size_t basis_col)
{
    res_table *tb = table_at(ctx, t, "column_basis()");
    if (!tb)
        return;
    if (col < 1 || col >= tb->n_cols || basis_col < 1 || basis_col >= tb->n_cols ||
        tb->formats[basis_col] != FMT_COUNT) {
        host_error(ctx, NULL,
                   "table '%s': column_basis(%zu, %zu) needs a value column and a count column",
                   tb->id, col, basis_col);
        return;
    }
    if (!tb->basis_cols && !(tb->basis_cols = calloc(tb->n_cols, sizeof *tb->basis_cols)))
        return;
    tb->basis_cols[col] = basis_col;
}

const thrive_host plugin_host = {
    .size = sizeof(thrive_host),
    .state = host_state,
    .section = host_section,
    .root = host_root,
    .node_kind = host_node_kind,
    .node_get = host_node_get,
    .node_text = host_node_text,
    .node_count = host_node_count,
    .node_item = host_node_item,
    .node_key = host_node_key,
    .node_pos = host_node_pos,
    .error = host_error,
    .note = host_note,
    .check_keys = host_check_keys,
    .field = host_field,
    .find_field = host_find_field,
    .field_type = host_field_type,
    .derive = host_derive,
    .condition = host_condition,
    .parse_date = host_parse_date,
    .total_cost = host_total_cost,
    .present = host_present,
    .number = host_number,
    .text = host_text,
    .holds = host_holds,
    .set_number = host_set_number,
    .set_text = host_set_text,
    .measure = host_measure,
    .table = host_table,
    .add_row = host_add_row,
    .chart = host_chart,
    .measure_of = host_measure_of,
    .column_basis = host_column_basis,
    .measure_cost_per = host_measure_cost_per,
    .measure_ratio = host_measure_ratio,
    .field_personal = host_field_personal,
    .field_allows = host_field_allows,
};
