/* guards.c - the data guards (see guards.h). */
#include "guards.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "expr.h"

bool guards_init(guards *g, const model *m)
{
    memset(g, 0, sizeof *g);
    g->m = m;
    size_t n = m->n_fields ? m->n_fields : 1;
    g->american = calloc(n, sizeof *g->american);
    g->either = calloc(n, sizeof *g->either);
    g->has_period = m->date_field >= 0 && m->period_start && m->period_end &&
                    field_parse_date(m->period_start, strlen(m->period_start), &g->period_start) &&
                    field_parse_date(m->period_end, strlen(m->period_end), &g->period_end);
    return g->american && g->either;
}

void guards_free(guards *g)
{
    free(g->american);
    free(g->either);
    g->american = g->either = NULL;
}

/* ---- the header ---- */

/* S (LEN bytes) without the spaces around it. */
static void trim(const char **s, size_t *len)
{
    while (*len && isspace((unsigned char)**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && isspace((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

/* Whether A (LEN bytes) is NAME but for case and spaces around it. */
static bool near_miss(const char *a, size_t len, const char *name)
{
    trim(&a, &len);
    return strlen(name) == len && strncasecmp(a, name, len) == 0;
}

/* The declared field, absent from the header, that column NAME nearly
 * names; -1 when none. */
static long near_field(const model *m, const char *name, size_t len, const long *column_of_field)
{
    for (size_t f = 0; f < m->n_fields; f++)
        if (!m->fields[f].derived && column_of_field[f] < 0 &&
            near_miss(name, len, m->fields[f].name))
            return (long)f;
    return -1;
}

/* How many pieces of the header's cells, split on D, are declared fields. */
static size_t fields_split_on(const model *m, const guard_record *h, char d, size_t *pieces)
{
    size_t found = 0;
    *pieces = 0;
    for (size_t c = 0; c < h->n; c++) {
        const char *s = h->buf + h->offsets[c], *end = s + h->lengths[c];
        while (s <= end) {
            const char *stop = memchr(s, d, (size_t)(end - s));
            if (!stop)
                stop = end;
            char name[256];
            size_t len = (size_t)(stop - s);
            (*pieces)++;
            if (len < sizeof name) {
                memcpy(name, s, len);
                name[len] = '\0';
                long f = model_field_index(m, name);
                found += f >= 0 && !m->fields[f].derived;
            }
            s = stop + 1;
        }
    }
    return found;
}

/* The delimiter D in words, and as --delimiter takes it. */
static const char *delimiter_name(char d)
{
    return d == ';' ? "semicolons" : d == '\t' ? "tabs" : d == ',' ? "commas" : "that character";
}

static const char *delimiter_option(char d)
{
    return d == ';' ? "--delimiter ';'" : d == '\t' ? "--delimiter tab" : "--delimiter ','";
}

bool guards_header(const model *m, const guard_record *h, const long *column_of_field,
                   char delimiter, const char *file, int line, diag_list *dl)
{
    bool any = false, ok = true;
    for (size_t f = 0; f < m->n_fields; f++)
        any |= column_of_field[f] >= 0;
    if (!any) {
        static const char others[] = {',', ';', '\t'};
        for (size_t k = 0; k < sizeof others; k++) {
            size_t pieces;
            if (others[k] == delimiter || fields_split_on(m, h, others[k], &pieces) == 0 ||
                pieces < 2)
                continue;
            diag_error(dl, file, line, 0,
                       "the header does not split on %s into the columns of data.fields, but "
                       "it does on %s: the file looks separated by %s; read it with %s (or "
                       "export it as CSV with commas)",
                       delimiter_name(delimiter), delimiter_name(others[k]),
                       delimiter_name(others[k]), delimiter_option(others[k]));
            return false;
        }
    }
    for (size_t c = 0; c < h->n; c++) {
        const char *name = h->buf + h->offsets[c];
        if (model_field_index(m, name) >= 0)
            continue;
        long f = near_field(m, name, h->lengths[c], column_of_field);
        if (f < 0)
            continue;
        diag_error(dl, file, line, (int)c + 1,
                   "column '%s' differs from the field '%s' of data.fields only by case or "
                   "spaces around it (did you mean '%s'?): names are compared exactly; rename "
                   "the column in the header",
                   name, m->fields[f].name, m->fields[f].name);
        ok = false;
    }
    return ok;
}

bool guards_blank(const guard_record *r)
{
    for (size_t c = 0; c < r->n; c++)
        if (r->lengths[c])
            return false;
    return true;
}

/* ---- cells ---- */

/* S as A/B/YYYY, A and B of one or two digits: the shape of DD/MM/YYYY,
 * and of dates written without leading zeros (9/15/2023). */
static bool slash_date(const char *s, size_t len, int *a, int *b, int *y)
{
    int part[3] = {0, 0, 0};
    size_t i = 0;
    for (int k = 0; k < 3; k++) {
        size_t start = i;
        for (; i < len && isdigit((unsigned char)s[i]); i++)
            if (i - start < 4) /* more digits fail below; no int overflow */
                part[k] = part[k] * 10 + (s[i] - '0');
        size_t n = i - start;
        if (k < 2 ? n < 1 || n > 2 || i == len || s[i++] != '/' : n != 4 || i != len)
            return false;
    }
    *a = part[0];
    *b = part[1];
    *y = part[2];
    return true;
}

/* Day D of month M of year Y is a real calendar date. */
static bool real_date(int y, int m, int d)
{
    char iso[16];
    double days;
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    return field_parse_date(iso, strlen(iso), &days);
}

/* A number or date beyond its field's min or max: the reason says the
 * bound and where the model sets it.  NULL when S is within them. */
static const char *bound_reason(const field *fd, const char *s, size_t len, char *buf, size_t size)
{
    double x;
    if (!field_type_numeric(fd->type) || !field_parse_value(fd->type, s, len, &x))
        return NULL;
    bool below = fd->has_min && x < fd->min;
    if (!below && !(fd->has_max && x > fd->max))
        return NULL;
    double bound = below ? fd->min : fd->max;
    char text[40];
    if (fd->type == FIELD_DATE) {
        int y, m, d;
        field_civil_from_days((long)bound, &y, &m, &d);
        snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
    } else {
        snprintf(text, sizeof text, "%.15g", bound);
    }
    int line = below ? fd->min_line : fd->max_line;
    int n = snprintf(buf, size, "%s, %s", below ? "below the minimum" : "above the maximum", text);
    if (line > 0 && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, " (the field's %s, line %d of the model)",
                 below ? "min" : "max", line);
    return buf;
}

/* An enum cell that is not allowed: the values it may take, and the one a
 * case or space variant was meant to be. */
static const char *enum_reason(const field *fd, const char *s, size_t len, char *buf, size_t size)
{
    int n = snprintf(buf, size, "not one of the allowed values (");
    for (size_t i = 0; i < fd->n_values && n > 0 && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, "%s%s", i ? ", " : "", fd->values[i]);
    if (n > 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, ")");
    /* a personal field's value is never hinted at, not even as a variant */
    for (size_t i = 0; !fd->personal && i < fd->n_values && n > 0 && (size_t)n < size; i++)
        if (near_miss(s, len, fd->values[i])) {
            snprintf(buf + n, size - (size_t)n, ": did you mean '%s'? (case and spaces count)",
                     fd->values[i]);
            break;
        }
    return buf;
}

const char *guards_cell(guards *g, size_t f, const char *s, size_t len, const char *why, char *buf,
                        size_t size)
{
    const field *fd = &g->m->fields[f];
    int a, b, y;
    if (fd->type == FIELD_DATE && slash_date(s, len, &a, &b, &y)) {
        bool day_first = real_date(y, b, a), month_first = real_date(y, a, b);
        if (!why) {
            /* both readings real dates, and different ones */
            if (a != b && month_first)
                g->either[f]++;
        } else if (!day_first && month_first) {
            g->american[f]++;
        } else if (day_first && len < 10) {
            return "not a date: day and month take two digits each (DD/MM/YYYY, as 05/09/2023 "
                   "for 5/9/2023), or write YYYY-MM-DD";
        }
    }
    if (why && fd->type == FIELD_ENUM && len && field_value_index(fd, s, len) < 0)
        return enum_reason(fd, s, len, buf, size);
    const char *bound =
        why && (fd->has_min || fd->has_max) ? bound_reason(fd, s, len, buf, size) : NULL;
    return bound ? bound : why;
}

void guards_row(guards *g, const cell *row)
{
    if (!g->has_period)
        return;
    const cell *d = &row[g->m->date_field];
    if (d->present && (d->num < g->period_start || d->num > g->period_end))
        g->outside_period++;
}

/* ---- the figures a column feeds ---- */

typedef struct list {
    char *buf;
    size_t size, len;
    bool any;
} list;

static void add(list *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(list *l, const char *fmt, ...)
{
    if (l->len + 1 >= l->size)
        return;
    if (l->any)
        l->len += (size_t)snprintf(l->buf + l->len, l->size - l->len, ", ");
    va_list ap;
    va_start(ap, fmt);
    int n = l->len < l->size ? vsnprintf(l->buf + l->len, l->size - l->len, fmt, ap) : 0;
    va_end(ap);
    l->len += n > 0 ? (size_t)n : 0;
    if (l->len >= l->size)
        l->len = l->size - 1;
    l->any = true;
}

bool guards_dependents(const model *m, size_t f, char *buf, size_t size)
{
    list l = {buf, size, 0, false};
    buf[0] = '\0';
    for (size_t i = 0; i < m->n_outputs; i++)
        if (expr_uses(m->outputs[i].count.tree, f))
            add(&l, "output '%s'", m->outputs[i].id);
    for (size_t i = 0; i < m->n_outcomes; i++) {
        const outcome *o = &m->outcomes[i];
        bool e = expr_uses(o->eligible.tree, f), a = expr_uses(o->achieved.tree, f);
        if (e || a)
            add(&l, "outcome '%s' (%s)", o->id,
                e && a ? "eligible and achieved"
                : e    ? "eligible"
                       : "achieved");
    }
    for (size_t i = 0; i < m->n_areas; i++)
        if (m->areas[i].baseline == f || m->areas[i].review == f)
            add(&l, "distance area '%s'", m->areas[i].id);
    for (size_t i = 0; i < m->n_breakdowns; i++)
        if (m->breakdowns[i].field == f)
            add(&l, "the breakdown by '%s'", m->breakdowns[i].name);
    if (m->date_field == (long)f)
        add(&l, "the quarters");
    if (m->id_field == (long)f)
        add(&l, "the duplicate-id check");
    if (m->fields[f].plugin_used)
        add(&l, "the figures of the '%s' plugin", m->pilot);
    return l.any;
}

/* ---- the end ---- */

static thrive_error warn(results *r, diag_list *dl, const char *file, const char *kind,
                         const char *name, long long count, const char *msg)
{
    diag_warning(dl, file, 0, 0, "%s", msg);
    if (data_quality_warn(&r->dq, kind, name, count, msg) != THRIVE_OK)
        return diag_nomem(dl, file);
    return THRIVE_OK;
}

static thrive_error warn_missing(const model *m, const long *column_of_field, results *r,
                                 const char *file, diag_list *dl)
{
    char deps[700], msg[1000];
    for (size_t f = 0; f < m->n_fields; f++) {
        const field *fd = &m->fields[f];
        if (fd->derived || column_of_field[f] >= 0 || !guards_dependents(m, f, deps, sizeof deps))
            continue;
        snprintf(msg, sizeof msg,
                 "the header lacks the column '%s', which the model uses: it is missing in "
                 "every row, and these figures depend on it: %s",
                 fd->name, deps);
        if (warn(r, dl, file, "missing_column", fd->name, r->rows_accepted, msg) != THRIVE_OK)
            return THRIVE_ERROR_NOMEM;
    }
    return THRIVE_OK;
}

static thrive_error warn_dates(guards *g, results *r, const char *file, diag_list *dl)
{
    const model *m = g->m;
    char msg[1000];
    for (size_t f = 0; f < m->n_fields; f++) {
        if (!g->american[f])
            continue;
        int n = snprintf(msg, sizeof msg,
                         "column '%s': %lld %s not real DD/MM/YYYY dates but would be "
                         "as MM/DD/YYYY: the dates look American (month first); their rows are "
                         "rejected. Export the dates as YYYY-MM-DD",
                         m->fields[f].name, g->american[f],
                         diag_plural(g->american[f], "value is", "values are"));
        if (g->either[f] && n > 0 && (size_t)n < sizeof msg)
            snprintf(msg + n, sizeof msg - (size_t)n,
                     "; %lld other values of the column read both ways and may have day and month "
                     "swapped",
                     g->either[f]);
        if (warn(r, dl, file, "american_dates", m->fields[f].name, g->american[f], msg) !=
            THRIVE_OK)
            return THRIVE_ERROR_NOMEM;
    }
    if (g->outside_period) {
        snprintf(msg, sizeof msg,
                 "%lld accepted rows have a %s outside the model's period (%s to %s): check "
                 "those dates and the period; the quarters and every figure count them",
                 g->outside_period, m->fields[m->date_field].name, m->period_start, m->period_end);
        if (warn(r, dl, file, "date_outside_period", m->fields[m->date_field].name,
                 g->outside_period, msg) != THRIVE_OK)
            return THRIVE_ERROR_NOMEM;
    }
    return THRIVE_OK;
}

thrive_error guards_finish(guards *g, const long *column_of_field, results *r, const char *file,
                           diag_list *dl)
{
    if (r->dq.blank_records)
        diag_note(dl, file, 0, 0,
                  "%lld blank records (every cell empty) are not rows: they are skipped",
                  r->dq.blank_records);
    /* Figures of nothing look like figures: a file of a header alone (an
     * export cut short, the wrong file) is said where they are read. */
    if (r->rows_read == 0 &&
        warn(r, dl, file, "no_rows", NULL, 0,
             "the file has a header and no rows of data, so every count is 0 and every rate "
             "n/a: is it the right file, and was the export complete?") != THRIVE_OK)
        return THRIVE_ERROR_NOMEM;
    thrive_error e = warn_missing(g->m, column_of_field, r, file, dl);
    return e == THRIVE_OK ? warn_dates(g, r, file, dl) : e;
}
