/* report_data.c - the plugin's own measures, data quality, and the page's
 * header and footer (what the figures were made from). */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_int.h"

/* ---- the plugin's measures ---- */

/* A plugin's figure, read by its name: "pct_..." a share, "cost_..." money,
 * days in whole days, whole numbers as counts.  A null is "—": the summary
 * does not say whether it is undefined or hidden. */
static const char *measure_text(char *buf, const char *name, const json_t *v, const char *cur)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (!json_is_number(v))
        return "\xE2\x80\x94";
    fig f = fig_value(json_number_value(v));
    if (strncmp(name, "pct_", 4) == 0 || strstr(name, "_pct"))
        return fmt_pct(buf, f);
    if (strncmp(name, "cost_", 5) == 0 || strstr(name, "_cost"))
        return fmt_money(buf, f, cur);
    if (json_is_integer(v) || (fig_ok(f) && f.v == floor(f.v)))
        return fmt_count(buf, f);
    return fmt_num(buf, f, 2);
}

/* A measure's name made readable: "pct_exits_planned" -> "% exits planned". */
static const char *measure_label(char *buf, size_t n, const char *key)
{
    if (strncmp(key, "pct_", 4) != 0)
        return humanize(buf, n, key);
    char rest[LABEL_BUF];
    humanize(rest, sizeof rest, key + 4);
    rest[0] = (char)tolower((unsigned char)rest[0]);
    snprintf(buf, n, "%% %.200s", rest);
    return buf;
}

static void measure_rows(hw *w, const json_t *pm, const char *cur)
{
    char a[FIG_BUF], label[LABEL_BUF];
    table_open_class(w, "The plugin's measures", "scroll kv");
    hw_raw(w, "<thead><tr><th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">Value</th>"
              "</tr></thead>\n<tbody>\n");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)pm, key, v)
    {
        if (json_is_array(v))
            continue;
        tr_open(w, measure_label(label, sizeof label, key));
        td_num(w, measure_text(a, key, v, cur));
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    table_close(w);
}

/* At most this many value columns in one table: wider ones do not fit a
 * page of A4. */
#define TABLE_COLS 7

/* Columns FROM..TO (1-based, the row name is column 0) of a plugin table. */
static void measure_part(hw *w, const char *caption, const json_t *rows, size_t from, size_t to,
                         const char *cur)
{
    const json_t *first = json_array_get(rows, 0);
    char a[FIG_BUF], label[LABEL_BUF];
    table_open(w, caption);
    hw_raw(w, "<thead><tr>");
    size_t col = 0;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)first, key, v)
    {
        if (col == 0 || (col >= from && col < to)) {
            hw_raw(w, col == 0 ? "<th scope=\"col\">" : "<th scope=\"col\" class=\"num\">");
            hw_text(w, measure_label(label, sizeof label, key));
            hw_raw(w, "</th>");
        }
        col++;
    }
    hw_raw(w, "</tr></thead>\n<tbody>\n");
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        hw_raw(w, "<tr>");
        col = 0;
        json_object_foreach((json_t *)first, key, v)
        {
            const char *text = measure_text(a, key, json_object_get(row, key), cur);
            if (col == 0)
                th_row(w, text);
            else if (col >= from && col < to)
                td_num(w, text);
            col++;
        }
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    table_close(w);
}

/* A plugin table: a list of rows, each an object; the first key names the
 * row.  Split into parts of at most TABLE_COLS columns. */
static void measure_table(hw *w, const char *name, const json_t *rows, const char *cur)
{
    const json_t *first = json_array_get(rows, 0);
    if (!json_is_object(first))
        return;
    size_t cols = json_object_size(first) - 1;
    size_t parts = cols > TABLE_COLS ? (cols + TABLE_COLS - 1) / TABLE_COLS : 1;
    size_t per = (cols + parts - 1) / parts;
    char label[LABEL_BUF], caption[LABEL_BUF + 64];
    humanize(label, sizeof label, name);
    for (size_t p = 0; p < parts; p++) {
        if (parts > 1)
            snprintf(caption, sizeof caption, "%.200s (%zu of %zu)", label, p + 1, parts);
        else
            snprintf(caption, sizeof caption, "%s", label);
        measure_part(w, caption, rows, 1 + p * per, 1 + (p + 1) * per, cur);
    }
}

void report_plugin(hw *w, const json_t *s, int level, const char *prefix)
{
    const json_t *pm = jobj(s, "plugin_measures");
    if (json_object_size(pm) == 0)
        return;
    const char *cur = summary_currency(s);
    const char *plugin = jstr(jobj(s, "plugin"), "name");
    char title[LABEL_BUF];
    snprintf(title, sizeof title, "Measures of the %s plugin", plugin ? plugin : "evaluation's");
    sec_open(w, level, prefix, "plugin", title);
    hw_raw(w, "<p>What the plugin for this kind of intervention counts beyond the logic model. "
              "\xE2\x80\x94: not available (not defined, or hidden because too few cases).</p>\n");
    measure_rows(w, pm, cur);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)pm, key, v)
    {
        if (json_is_array(v))
            measure_table(w, key, v, cur);
    }
    sec_close(w);
}

/* ---- data quality ---- */

static void quality_table(hw *w, const json_t *s)
{
    const json_t *data = jobj(s, "data");
    fig read = fig_get(data, "rows_read"), rejected = fig_get(data, "rows_rejected");
    char a[FIG_BUF];
    table_open_class(w, "Case data", "scroll kv");
    hw_raw(w, "<tbody>\n<tr><th scope=\"row\">Rows read</th>");
    td_num(w, fmt_count(a, read));
    hw_raw(w, "</tr>\n<tr><th scope=\"row\">Accepted (the participants)</th>");
    td_num(w, fmt_count(a, fig_get(data, "rows_accepted")));
    hw_raw(w, "</tr>\n<tr><th scope=\"row\">Rejected (listed in the workbook, line by line)</th>");
    td_num(w, fmt_count(a, rejected));
    hw_raw(w, "</tr>\n<tr><th scope=\"row\">Share rejected</th>");
    td_num(w, fmt_pct(a, fig_ok(read) && read.v > 0 && fig_ok(rejected)
                             ? fig_value(rejected.v / read.v)
                         : read.kind == FIG_HIDDEN ? read
                                                   : (fig){FIG_NA, 0}));
    hw_raw(w, "</tr>\n");
    if (json_object_get(data, "blank_records")) {
        hw_raw(w, "<tr><th scope=\"row\">Blank records (not rows)</th>");
        td_num(w, fmt_count(a, fig_get(data, "blank_records")));
        hw_raw(w, "</tr>\n");
    }
    if (json_object_get(data, "rows_outside_period")) {
        hw_raw(w, "<tr><th scope=\"row\">Dated outside the model's period</th>");
        td_num(w, fmt_count(a, fig_get(data, "rows_outside_period")));
        hw_raw(w, "</tr>\n");
    }
    hw_raw(w, "</tbody>\n");
    table_close(w);
}

static void warnings_list(hw *w, const json_t *s, int level)
{
    const json_t *list = jarr(jobj(s, "data"), "warnings");
    if (json_array_size(list) == 0) {
        hw_raw(w, "<p>No warnings about the case data.</p>\n");
        return;
    }
    hw_fmt(w,
           "<div class=\"warn\">\n<h%d><span aria-hidden=\"true\">\xE2\x9A\xA0</span> "
           "Warnings</h%d>\n<ul>\n",
           level, level);
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it)
    {
        char a[FIG_BUF];
        hw_raw(w, "<li>");
        const char *msg = jstr(it, "message");
        hw_text(w, msg ? msg : jstr(it, "kind"));
        const char *field = jstr(it, "field");
        fig count = fig_get(it, "count");
        if (field || fig_ok(count)) {
            hw_raw(w, " <span class=\"muted\">(");
            if (field)
                hw_textf(w, "column %s", field);
            if (field && fig_ok(count))
                hw_raw(w, "; ");
            if (fig_ok(count))
                hw_textf(w, "%s %s", fmt_count(a, count), count.v == 1 ? "case" : "cases");
            hw_raw(w, ")</span>");
        }
        hw_raw(w, "</li>\n");
    }
    hw_raw(w, "</ul>\n</div>\n");
}

void report_quality(hw *w, const json_t *s, int level, const char *prefix)
{
    char a[FIG_BUF], b[FIG_BUF];
    sec_open(w, level, prefix, "quality", "Data quality");
    quality_table(w, s);
    warnings_list(w, s, level + 1);
    fig suppress = fig_get(s, "suppress");
    if (fig_ok(suppress)) {
        hw_raw(w, "<p>");
        hw_textf(w,
                 "Disclosure control: counts from 1 to %s, and figures built on fewer than %s "
                 "cases, are shown as [c].",
                 fmt_count(a, fig_value(suppress.v - 1)), fmt_count(b, suppress));
        hw_raw(w, "</p>\n");
    }
    sec_close(w);
}

/* ---- header and footer ---- */

static void dl_item(hw *w, const char *term, const char *value)
{
    if (!value)
        return;
    hw_elem(w, "dt", term);
    hw_elem(w, "dd", value);
}

/* What one evaluation was made from. */
void report_about(hw *w, const json_t *s)
{
    const json_t *m = jobj(s, "model"), *d = jobj(s, "data"), *p = jobj(s, "plugin");
    hw_raw(w, "<dl class=\"about\">\n");
    dl_item(w, "Logic model", jstr(m, "file"));
    dl_item(w, "Its SHA-256", jstr(m, "sha256"));
    dl_item(w, "Case data", jstr(d, "file"));
    dl_item(w, "Their SHA-256", jstr(d, "sha256"));
    if (jstr(p, "name")) {
        hw_elem(w, "dt", "Plugin");
        hw_raw(w, "<dd>");
        hw_textf(w, "%s %s", jstr(p, "name"), jstr(p, "version") ? jstr(p, "version") : "");
        hw_raw(w, "</dd>\n");
    }
    dl_item(w, "Evaluated by thrive", jstr(s, "thrive_version"));
    hw_raw(w, "</dl>\n");
}

static void header_evaluation(hw *w, const json_t *s)
{
    const json_t *m = jobj(s, "model"), *period = jobj(m, "period");
    char a[FIG_BUF];
    hw_raw(w, "<p>");
    hw_textf(w, "Evaluation report on the logic model %s", jstr(m, "id") ? jstr(m, "id") : "");
    if (jstr(period, "start") && jstr(period, "end"))
        hw_textf(w, ", %s to %s", jstr(period, "start"), jstr(period, "end"));
    hw_raw(w, ".</p>\n<p>");
    const char *file = jstr(jobj(s, "data"), "file");
    hw_textf(
        w, "%s participants, from the case data in %s.",
        fmt_count(a, fig_of(json_object_get(s, "participants"), fig_suppressed(jobj(s, "data")))),
        file ? file : "(not named)");
    hw_raw(w, "</p>\n");
}

void report_header(hw *w, json_t *const *s, const char *const *names, size_t n)
{
    hw_raw(w, "<header class=\"page\">\n<h1>");
    if (n == 1) {
        bool cmp = report_kind_of(s[0]) == REPORT_COMPARE;
        const json_t *head = jobj(s[0], cmp ? "programme" : "model");
        const char *title = jstr(head, "title");
        hw_text(w, title && *title ? title : jstr(head, "id"));
        hw_raw(w, "</h1>\n");
        if (cmp)
            header_comparison(w, s[0]);
        else
            header_evaluation(w, s[0]);
    } else {
        hw_textf(w, "%zu evaluations side by side", n);
        hw_raw(w, "</h1>\n<p>Each evaluation's own figures, from its summary; a programme "
                  "comparison (thrive compare) adds pooled figures and the funnel.</p>\n");
    }
    hw_raw(w, "</header>\n");
    report_toc(w, s, names, n);
}

void report_footer(hw *w, json_t *const *s, size_t n)
{
    (void)s;
    (void)n;
    hw_raw(w, "<footer class=\"page\">\n<h2>How to read this report</h2>\n<ul>\n"
              "<li><strong>[c]</strong>: hidden (disclosure control): too few cases to show "
              "without the risk of identifying someone. <strong>n/a</strong>: not defined, for "
              "example a cost per outcome when none was achieved.</li>\n"
              "<li>Status against a target: <span class=\"rag rag-on\"><span "
              "aria-hidden=\"true\">\xE2\x9C\x94</span> On target</span> at 100% of it or more; "
              "<span class=\"rag rag-near\"><span aria-hidden=\"true\">\xE2\x97\x86</span> Near "
              "target</span> from 80%; <span class=\"rag rag-below\"><span "
              "aria-hidden=\"true\">\xE2\x9C\x96</span> Below target</span> under 80%.</li>\n"
              "<li>A 95% interval is the range the true figure very likely lies in; two sites "
              "whose intervals overlap may not really differ.</li>\n"
              "<li>Rates out of fewer than 30 cases are marked as a small base.</li>\n"
              "</ul>\n<p>Made by thrive " PACKAGE_VERSION
              " from the summaries named above. The figures are the evaluation's own; "
              "this page only works out shares (of the costs, rates of groups, % of an "
              "outcome's target) and sums by building block.</p>\n</footer>\n");
}
