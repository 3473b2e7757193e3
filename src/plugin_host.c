/* plugin_host.c - the thrive_host table: the only way a plugin reaches
 * the core (include/thrive/plugin.h).  This file serves the model, the
 * fields and the rows; plugin_results.c the measures and tables.  Every
 * function checks its arguments, since a plugin's mistake must give a
 * message, not a crash. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "pattern.h"
#include "plugin_int.h"

#define Y plugin_ynode
#define N plugin_node

static const ynode *pilot_node(const thrive_ctx *ctx)
{
    return ctx->m && ctx->m->root ? ynode_get(ctx->m->root, "pilot") : NULL;
}

void plugin_where(const thrive_ctx *ctx, const thrive_node *node, int *line, int *col)
{
    const ynode *n = Y(node);
    if (!n && ctx->m && ctx->m->root)
        n = ynode_get(ctx->m->root, ctx->p->name);
    if (!n)
        n = pilot_node(ctx);
    *line = n ? n->line : 0;
    *col = n ? n->col : 0;
}

/* A message of the plugin at NODE: into the caller's diagnostics, or,
 * when no caller gave any, held for the next that does (plugin_check,
 * plugin_start, plugin_finish).  After check, an error fails the run. */
static void host_vsay(thrive_ctx *ctx, diag_level level, const thrive_node *node, const char *fmt,
                      va_list ap)
{
    if (!ctx)
        return;
    int line, col;
    plugin_where(ctx, node, &line, &col);
    const char *file = ctx->m ? ctx->m->file : ctx->p->file;
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    diag_list *dl = ctx->dl ? ctx->dl : &ctx->held;
    bool named = ctx->phase != PHASE_CHECK; /* after check, say whose message it is */
    if (level == DIAG_ERROR)
        diag_error(dl, file, line, col, "%s%s%s%s", named ? "plugin '" : "",
                   named ? ctx->p->name : "", named ? "': " : "", msg);
    else
        diag_note(dl, file, line, col, "%s", msg);
    if (level == DIAG_ERROR && ctx->phase != PHASE_CHECK)
        ctx->failed = true;
}

void plugin_error(thrive_ctx *ctx, const thrive_node *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    host_vsay(ctx, DIAG_ERROR, node, fmt, ap);
    va_end(ap);
}

bool plugin_text_ok(thrive_ctx *ctx, const char *text, const char *what, const char *id)
{
    const char *why = text ? cell_text_problem(text, strlen(text)) : NULL;
    if (why)
        plugin_error(ctx, NULL, "%s '%s': the text it gave is %s", what, id ? id : "",
                     strncmp(why, "not ", 4) == 0 ? "not valid UTF-8 text"
                                                  : "not text a workbook can hold (a control "
                                                    "character, U+FFFE or U+FFFF)");
    return !why;
}

static void host_note(thrive_ctx *ctx, const thrive_node *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    host_vsay(ctx, DIAG_NOTE, node, fmt, ap);
    va_end(ap);
}

static void *host_state(thrive_ctx *ctx)
{
    return ctx ? ctx->state : NULL;
}

/* ---- the model ---- */

static const thrive_node *host_section(thrive_ctx *ctx)
{
    return ctx && ctx->m ? N(ynode_get(ctx->m->root, ctx->p->name)) : NULL;
}

static const thrive_node *host_root(thrive_ctx *ctx)
{
    return ctx && ctx->m ? N(ctx->m->root) : NULL;
}

static thrive_node_kind host_node_kind(const thrive_node *node)
{
    const ynode *n = Y(node);
    if (!n)
        return THRIVE_NODE_NONE;
    return n->kind == YNODE_MAP   ? THRIVE_NODE_MAP
           : n->kind == YNODE_SEQ ? THRIVE_NODE_LIST
                                  : THRIVE_NODE_SCALAR;
}

static const thrive_node *host_node_get(const thrive_node *node, const char *key)
{
    return node && key ? N(ynode_get(Y(node), key)) : NULL;
}

static const char *host_node_text(const thrive_node *node)
{
    const ynode *n = Y(node);
    return n && n->kind == YNODE_SCALAR ? n->text : NULL;
}

static size_t host_node_count(const thrive_node *node)
{
    const ynode *n = Y(node);
    return n && n->kind != YNODE_SCALAR ? n->n : 0;
}

static const thrive_node *host_node_item(const thrive_node *node, size_t i)
{
    const ynode *n = Y(node);
    return n && n->kind != YNODE_SCALAR && i < n->n ? N(n->items[i]) : NULL;
}

static const char *host_node_key(const thrive_node *node, size_t i)
{
    const ynode *n = Y(node);
    return n && n->kind == YNODE_MAP && i < n->n ? n->keys[i] : NULL;
}

static void host_node_pos(const thrive_node *node, int *line, int *col)
{
    const ynode *n = Y(node);
    if (line)
        *line = n ? n->line : 0;
    if (col)
        *col = n ? n->col : 0;
}

static size_t host_check_keys(thrive_ctx *ctx, const thrive_node *node, const char *const *allowed,
                              size_t n, const char *what)
{
    const ynode *map = Y(node);
    if (!ctx || !map || map->kind != YNODE_MAP)
        return 0;
    if (!allowed)
        n = 0;
    if (!what)
        what = "the plugin's section";
    size_t unknown = 0;
    for (size_t i = 0; i < map->n; i++) {
        const char *key = map->keys[i];
        bool known = false;
        for (size_t j = 0; !known && j < n; j++)
            known = allowed[j] && strcmp(key, allowed[j]) == 0;
        if (known)
            continue;
        unknown++;
        /* Point at the key itself, not at its value. */
        ynode at = {.kind = YNODE_SCALAR, .line = map->key_lines[i], .col = map->key_cols[i]};
        const char *hint = diag_suggest(key, allowed, n);
        if (hint)
            plugin_error(ctx, N(&at), "unknown key '%s' in %s (did you mean '%s'?)", key, what,
                         hint);
        else
            plugin_error(ctx, N(&at), "unknown key '%s' in %s", key, what);
    }
    return unknown;
}

static const thrive_node *host_settings(thrive_ctx *ctx, const char *const *allowed, size_t n,
                                        const char *naming)
{
    if (!ctx || !ctx->m)
        return NULL;
    const thrive_node *sec = host_section(ctx);
    const char *name = ctx->p->name;
    if (host_node_kind(sec) != THRIVE_NODE_MAP) {
        plugin_error(ctx, sec, "the %s plugin needs a '%s' section (a mapping)%s%s", name, name,
                     naming ? " naming " : "", naming ? naming : "");
        return NULL;
    }
    char where[128];
    snprintf(where, sizeof where, "the %s section", name);
    host_check_keys(ctx, sec, allowed, n, where);
    return sec;
}

/* ---- the data dictionary ---- */

/* thrive_type and field_type are the same list in the same order. */
_Static_assert((int)THRIVE_TEXT == (int)FIELD_TEXT && (int)THRIVE_INTEGER == (int)FIELD_INTEGER &&
                   (int)THRIVE_NUMBER == (int)FIELD_NUMBER && (int)THRIVE_DATE == (int)FIELD_DATE &&
                   (int)THRIVE_ENUM == (int)FIELD_ENUM,
               "thrive_type must mirror field_type");

static const field *field_at(const thrive_ctx *ctx, long f)
{
    return ctx && ctx->m && f >= 0 && (size_t)f < ctx->m->n_fields ? &ctx->m->fields[f] : NULL;
}

/* "text or enum" for the mask TYPES. */
static void type_words(unsigned types, char *buf, size_t size)
{
    static const char *const words[] = {"text", "integer", "number", "date", "enum"};
    buf[0] = '\0';
    for (unsigned k = 0; k < sizeof words / sizeof *words; k++)
        if (types & THRIVE_TYPES(k)) {
            size_t len = strlen(buf);
            snprintf(buf + len, size - len, "%s%s", len ? " or " : "", words[k]);
        }
}

static void report_unknown_field(thrive_ctx *ctx, const ynode *node)
{
    const model *m = ctx->m;
    const char **names = calloc(m->n_fields ? m->n_fields : 1, sizeof *names);
    for (size_t j = 0; names && j < m->n_fields; j++)
        names[j] = m->fields[j].name;
    const char *hint = names ? diag_suggest(node->text, names, m->n_fields) : NULL;
    if (hint)
        plugin_error(ctx, N(node), "field '%s' is not declared in data.fields (did you mean '%s'?)",
                     node->text, hint);
    else
        plugin_error(ctx, N(node), "field '%s' is not declared in data.fields", node->text);
    free(names);
}

static long host_field(thrive_ctx *ctx, const thrive_node *at, unsigned types)
{
    const ynode *node = Y(at);
    if (!ctx || !ctx->m)
        return -1;
    if (!node || node->kind != YNODE_SCALAR || !node->text || !*node->text) {
        plugin_error(ctx, at, "expected the name of a field declared in data.fields");
        return -1;
    }
    long i = model_field_index(ctx->m, node->text);
    if (i < 0) {
        report_unknown_field(ctx, node);
        return -1;
    }
    field_type t = ctx->m->fields[i].type;
    if (types && !(types & THRIVE_TYPES(t))) {
        char want[64];
        type_words(types, want, sizeof want);
        plugin_error(ctx, at, "field '%s' is declared as %s, but %s is needed here", node->text,
                     field_type_name(t), want);
        return -1;
    }
    ctx->m->fields[i].plugin_used = true; /* a missing column is then the plugin's too */
    return i;
}

static long host_key_field(thrive_ctx *ctx, const thrive_node *map, const char *key, unsigned types,
                           thrive_need need)
{
    if (!ctx || !key)
        return -1;
    const thrive_node *value = host_node_get(map, key);
    if (value)
        return host_field(ctx, value, types);
    if (need == THRIVE_REQUIRED) {
        char what[128] = "a field declared in data.fields";
        if (types) {
            char want[64];
            type_words(types, want, sizeof want);
            snprintf(what, sizeof what, "a field of type %s, declared in data.fields", want);
        }
        if (map && map == host_section(ctx))
            plugin_error(ctx, map, "the %s section needs '%s': %s", ctx->p->name, key, what);
        else
            plugin_error(ctx, map, "'%s' is needed here: %s", key, what);
    }
    return -1;
}

static long host_find_field(thrive_ctx *ctx, const char *name)
{
    return ctx && ctx->m && name ? model_field_index(ctx->m, name) : -1;
}

static thrive_type host_field_type(thrive_ctx *ctx, long f)
{
    const field *fd = field_at(ctx, f);
    return fd ? (thrive_type)fd->type : THRIVE_TEXT;
}

static bool host_field_personal(thrive_ctx *ctx, long f)
{
    const field *fd = field_at(ctx, f);
    return fd && fd->personal;
}

/* Whether field F can hold VALUE: 1, 0, or -1 when its pattern reached a
 * limit on VALUE (an error said so: not "cannot hold", but cannot tell). */
static int value_fits(thrive_ctx *ctx, long f, const char *value)
{
    const field *fd = field_at(ctx, f);
    if (!fd || !value || !*value)
        return 0;
    /* Exactly as a cell of the case data is checked: type, values, pattern. */
    cell c;
    unsigned long undecided = pattern_undecided(NULL);
    bool allowed = cell_check(fd, value, strlen(value), &c) == NULL;
    if (pattern_undecided(NULL) != undecided) {
        /* a limit reached: not "cannot hold", but cannot tell (an error) */
        const ynode *spec =
            ynode_get(ynode_get(ynode_get(ctx->m->root, "data"), "fields"), fd->name);
        plugin_error(ctx, N(ynode_get(spec, "pattern")),
                     "the regex /%s/ of field '%s' reached its limits on '%s', a value the %s "
                     "plugin counts rows by, so whether the field can hold it cannot be told: "
                     "simplify the pattern (no nested repetition such as (a+)+)",
                     pattern_source(fd->pattern), fd->name, value, ctx->p->name);
        return -1;
    }
    return allowed;
}

static bool host_field_allows(thrive_ctx *ctx, long f, const char *value)
{
    return value_fits(ctx, f, value) == 1;
}

/* "Yes, No" for an enum, or NULL: the values of F, into BUF. */
static const char *value_list(const field *f, char *buf, size_t size)
{
    if (f->type != FIELD_ENUM || f->n_values == 0)
        return NULL;
    buf[0] = '\0';
    for (size_t i = 0; i < f->n_values; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", i ? ", " : "", f->values[i]);
    }
    return buf;
}

static long host_key_flag(thrive_ctx *ctx, const thrive_node *map, const char *key,
                          const char *value, thrive_need need)
{
    long f = host_key_field(ctx, map, key, THRIVE_TEXTUAL, need);
    int fits = f < 0 ? 1 : value_fits(ctx, f, value);
    if (fits != 0)
        return fits > 0 ? f : -1;
    const field *fd = &ctx->m->fields[f];
    char buf[512];
    const char *values = value_list(fd, buf, sizeof buf);
    plugin_error(ctx, host_node_get(map, key),
                 "field '%s' cannot hold '%s'%s%s%s, but the %s plugin counts rows by that "
                 "value; give the field that value, or name another field",
                 fd->name, value ? value : "", values ? " (its values are " : "",
                 values ? values : "", values ? ")" : "", ctx->p->name);
    return -1;
}

static long host_key_group(thrive_ctx *ctx, const thrive_node *map, const char *key,
                           const char *table, thrive_need need)
{
    long f = host_key_field(ctx, map, key, THRIVE_TEXTUAL, need);
    if (f < 0 || !host_field_personal(ctx, f))
        return f;
    plugin_error(ctx, host_node_get(map, key),
                 "the %s field is personal: its values would label the rows of %s; name a field "
                 "that is not",
                 key, table ? table : "a table");
    return -1;
}

static const char *host_value_label(thrive_ctx *ctx, long f, const char *value)
{
    const field *fd = field_at(ctx, f);
    return fd ? field_label_of(fd, value) : value;
}

static bool host_check_values(thrive_ctx *ctx, const thrive_node *node, long f,
                              const char *const *values, size_t n, const char *what,
                              const char *counted)
{
    if (!field_at(ctx, f) || !values)
        return false;
    int fits = 1;
    for (size_t i = 0; i < n && fits == 1; i++)
        fits = value_fits(ctx, f, values[i]);
    if (fits != 0)
        return fits > 0; /* -1: reported */
    char list[512] = "";
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s'%s'",
                 i == 0      ? ""
                 : i + 1 < n ? ", "
                             : " and ",
                 values[i] ? values[i] : "");
    }
    plugin_error(ctx, node,
                 "the %s field's values must include %s: the %s plugin counts %s by them",
                 what ? what : "", list, ctx->p->name, counted ? counted : "rows");
    return false;
}

/* Declare derived field NAME of TYPE; its index, or -1 after an error. */
static long add_derived(thrive_ctx *ctx, const char *name, field_type type)
{
    if (!ctx || !ctx->m)
        return -1;
    if (ctx->phase != PHASE_CHECK) {
        plugin_error(ctx, NULL, "derived field '%s' must be declared in check", name ? name : "");
        return -1;
    }
    if (!name || !*name) {
        plugin_error(ctx, NULL, "a derived field needs a name");
        return -1;
    }
    long *grown = realloc(ctx->derived, (ctx->n_derived + 1) * sizeof *grown);
    if (!grown) {
        ctx->nomem = true;
        plugin_error(ctx, NULL, "out of memory declaring the field '%s'", name);
        return -1;
    }
    ctx->derived = grown;
    long i = model_field_index(ctx->m, name) < 0 ? model_add_field(ctx->m, name, type) : -1;
    if (i < 0 && model_field_index(ctx->m, name) < 0) {
        ctx->nomem = true;
        plugin_error(ctx, NULL, "out of memory declaring the field '%s'", name);
        return -1;
    }
    if (i < 0) {
        plugin_error(ctx, NULL,
                     "plugin '%s' adds the field '%s', but the model already declares a field "
                     "of that name; rename the column in data.fields",
                     ctx->p->name, name);
        return -1;
    }
    ctx->derived[ctx->n_derived++] = i;
    return i;
}

static long host_derive(thrive_ctx *ctx, const char *name, thrive_type type)
{
    if (ctx && (unsigned)type >= THRIVE_ENUM) {
        plugin_error(ctx, NULL, "derived field '%s': declare an enum with derive_enum()",
                     name ? name : "");
        return -1;
    }
    return add_derived(ctx, name, (field_type)type);
}

/* Give enum field F the N VALUES; false after an error. */
static bool set_enum_values(thrive_ctx *ctx, field *f, const char *const *values, size_t n)
{
    f->values = calloc(n, sizeof *f->values);
    f->value_lens = calloc(n, sizeof *f->value_lens);
    if (!f->values || !f->value_lens || !field_index_values(f, n)) {
        ctx->nomem = true;
        plugin_error(ctx, NULL, "out of memory declaring the field '%s'", f->name);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(f->values[i] = strdup(values[i]))) {
            ctx->nomem = true;
            plugin_error(ctx, NULL, "out of memory declaring the field '%s'", f->name);
            return false;
        }
        f->value_lens[i] = strlen(values[i]);
        f->n_values = i + 1;
        if (!field_index_value(f, i)) {
            plugin_error(ctx, NULL, "derived field '%s': the value '%s' is given twice", f->name,
                         values[i]);
            return false;
        }
    }
    return true;
}

static long host_derive_enum(thrive_ctx *ctx, const char *name, const char *const *values, size_t n)
{
    if (!ctx)
        return -1;
    bool ok = values && n > 0;
    for (size_t i = 0; ok && i < n; i++)
        ok = values[i] && *values[i];
    if (!ok) {
        plugin_error(ctx, NULL, "derived enum field '%s' needs a list of non-empty values",
                     name ? name : "");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (!plugin_text_ok(ctx, values[i], "a value of derived enum field", name))
            return -1;
    long i = add_derived(ctx, name, FIELD_ENUM);
    if (i >= 0 && !set_enum_values(ctx, &ctx->m->fields[i], values, n))
        return -1;
    return i;
}

static int host_condition(thrive_ctx *ctx, const thrive_node *at)
{
    const ynode *node = Y(at);
    if (!ctx || ctx->phase != PHASE_CHECK) {
        if (ctx)
            plugin_error(ctx, at, "conditions must be declared in check");
        return -1;
    }
    if (!node || node->kind != YNODE_SCALAR || !node->text) {
        plugin_error(ctx, at, "expected a condition such as: exit_type == \"planned\"");
        return -1;
    }
    plugin_cond *grown = realloc(ctx->conds, (ctx->n_conds + 1) * sizeof *grown);
    if (!grown) {
        ctx->nomem = true;
        plugin_error(ctx, at, "out of memory reading a condition");
        return -1;
    }
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

/* ---- a row ---- */

static const cell *row_cell(const thrive_row *row, long f)
{
    if (!row || f < 0 || (size_t)f >= row->n)
        return NULL;
    return &row->cells[f];
}

static bool is_numeric(field_type t)
{
    return t == FIELD_INTEGER || t == FIELD_NUMBER || t == FIELD_DATE;
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
    return is_numeric(row->ctx->m->fields[f].type) ? c->num : NAN;
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
            plugin_error(ctx, NULL, "set a field (%ld) it did not declare with derive()", f);
        return NULL;
    }
    field_type t = ctx->m->fields[f].type;
    if (is_numeric(t) != numeric) {
        if (!ctx->failed)
            plugin_error(ctx, NULL, "set the %s field '%s' with set_%s", field_type_name(t),
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
    const field *fd = &row->ctx->m->fields[f];
    if (!row->ctx->failed && !plugin_text_ok(row->ctx, text, "set_text() of field", fd->name))
        return;
    size_t len = text ? strlen(text) : 0;
    long value = fd->type == FIELD_ENUM && len ? field_value_index(fd, text, len) : -1;
    if (fd->type == FIELD_ENUM && len && value < 0) {
        if (!row->ctx->failed)
            plugin_error(row->ctx, NULL, "set the enum field '%s' to '%s', not one of its values",
                         fd->name, text);
        return;
    }
    c->str = len ? text : "";
    c->len = len;
    c->present = len > 0;
    c->num = value >= 0 ? (double)value : NAN; /* an enum cell's number is its value's index */
}

const thrive_host plugin_host = {
    .size = sizeof(thrive_host),
    .state = host_state,
    .section = host_section,
    .settings = host_settings,
    .root = host_root,
    .node_kind = host_node_kind,
    .node_get = host_node_get,
    .node_text = host_node_text,
    .node_count = host_node_count,
    .node_item = host_node_item,
    .node_key = host_node_key,
    .node_pos = host_node_pos,
    .error = plugin_error,
    .note = host_note,
    .check_keys = host_check_keys,
    .field = host_field,
    .key_field = host_key_field,
    .key_flag = host_key_flag,
    .check_values = host_check_values,
    .find_field = host_find_field,
    .field_type = host_field_type,
    .field_personal = host_field_personal,
    .field_allows = host_field_allows,
    .derive = host_derive,
    .derive_enum = host_derive_enum,
    .condition = host_condition,
    .parse_date = host_parse_date,
    .total_cost = host_total_cost,
    .present = host_present,
    .number = host_number,
    .text = host_text,
    .holds = host_holds,
    .set_number = host_set_number,
    .set_text = host_set_text,
    .measure = plugin_measure,
    .measure_of = plugin_measure_of,
    .measure_ratio = plugin_measure_ratio,
    .measure_cost_per = plugin_measure_cost_per,
    .measure_per_cost = plugin_measure_per_cost,
    .table = plugin_table,
    .add_row = plugin_add_row,
    .chart = plugin_chart,
    .key_group = host_key_group,
    .value_label = host_value_label,
};
