/* book_about.c - the sheets about the evaluation rather than its
 * figures: the Logic model, Data quality and About.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "book_int.h"
#include "diagram.h"
#include "thrive/plugin.h" /* THRIVE_PLUGIN_ABI */

/* V with thousands separators, and 2 decimals unless whole. */
static const char *thousands(char *out, size_t n, double v)
{
    char digits[64];
    bool whole = fabs(v - round(v)) < 1e-9;
    snprintf(digits, sizeof digits, whole ? "%.0f" : "%.2f", fabs(v));
    size_t int_len = strcspn(digits, ".");
    size_t o = 0;
    if (v < 0 && o + 1 < n)
        out[o++] = '-';
    for (size_t i = 0; digits[i] && o + 1 < n; i++) {
        if (i > 0 && i < int_len && (int_len - i) % 3 == 0 && o + 1 < n)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    return out;
}

/* "\nWHAT: a, b" after BUF, when L names any. */
static void cat_ids(char *buf, size_t n, const char *what, const ref_list *l)
{
    char ids[4096];
    if (l->n > 0)
        bk_cat(buf, n, "\n%s: %s", what, bk_join_ids(ids, sizeof ids, l));
}

/* ---- Logic model ---- */

#define LOGIC_WIDTH 36

/* The picture is printed on a page of its own (a page break before it)
 * and no taller than a page: the five columns, some 1,285 pixels as a
 * spreadsheet counts them, are fitted to the 988 of A4 landscape's
 * printable width (77%), so a page holds some 840 pixels of the sheet's
 * height, the picture at most this many below the heading rows. */
#define LOGIC_PICTURE_HEIGHT 760.0

static void logic_cell(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *text,
                       int *lines)
{
    bk_text(b, s, row, col, text, b->f.wrap);
    int n = bk_wrapped_lines(text, LOGIC_WIDTH * BOOK_WRAP_CHARS);
    if (n > *lines)
        *lines = n;
}

/* A paragraph across the five columns. */
static void logic_paragraph(book *b, sheet *s, lxw_row_t row, const char *text)
{
    bk_check(b, worksheet_merge_range(s->ws, row, 0, row, 4, text, b->f.wrap));
    bk_row_lines(b, s, row, bk_wrapped_lines(text, LOGIC_WIDTH * 5 * BOOK_WRAP_CHARS), 3);
}

/* What the cell of an input says: label, id, kind and cost. */
static void input_text(const model *m, const input *in, char *t, size_t n)
{
    char n1[64], n2[64], n3[64], n4[64];
    snprintf(t, n, "%s\nid: %s (%s)", in->label ? in->label : in->id, in->id,
             input_kind_labels[in->kind]);
    if (in->cost_is_fte)
        bk_cat(t, n, "\ncost: %s FTE x %s a year x %s years = %s %s",
               thousands(n1, sizeof n1, in->fte), thousands(n2, sizeof n2, in->annual_cost),
               thousands(n3, sizeof n3, in->years), thousands(n4, sizeof n4, in->cost),
               m->currency);
    else
        bk_cat(t, n, "\ncost: %s %s", thousands(n1, sizeof n1, in->cost), m->currency);
}

static void output_text(const output *o, char *t, size_t n)
{
    char n1[64];
    snprintf(t, n, "%s\nid: %s", o->label ? o->label : o->id, o->id);
    cat_ids(t, n, "from", &o->from);
    bk_cat(t, n, "\ncount: %s", o->count.src ? o->count.src : "all");
    if (o->has_target)
        bk_cat(t, n, "\ntarget: %s", thousands(n1, sizeof n1, o->target));
}

static void outcome_text(const model *m, const outcome *o, char *t, size_t n)
{
    char n1[64];
    snprintf(t, n, "%s\nid: %s (%s", o->label ? o->label : o->id, o->id, horizon_names[o->horizon]);
    if (o->strategy != STRATEGY_NONE)
        bk_cat(t, n, ", %s", strategy_labels[o->strategy]);
    bk_cat(t, n, ")");
    cat_ids(t, n, "from", &o->from);
    bk_cat(t, n, "\neligible: %s", o->eligible.src ? o->eligible.src : "all");
    bk_cat(t, n, "\nachieved: %s", o->achieved.src ? o->achieved.src : "");
    if (o->has_target)
        bk_cat(t, n, "\ntarget: %g%%", o->target * 100);
    if (o->has_value)
        bk_cat(t, n, "\nvalue: %s %s a year for %d year%s, drop-off %g%%",
               thousands(n1, sizeof n1, o->value), m->currency, o->duration,
               o->duration == 1 ? "" : "s", o->drop_off * 100);
}

/* An activity or an impact: label, id, and what it uses or comes from. */
static void step_text(const char *label, const char *id, const char *what, const ref_list *l,
                      char *t, size_t n)
{
    snprintf(t, n, "%s\nid: %s", label ? label : id, id);
    cat_ids(t, n, what, l);
}

/* The text of the I-th item of column COL (inputs, activities, outputs,
 * outcomes, impacts) in T; false when the column has no such item. */
static bool logic_text(const model *m, lxw_col_t col, size_t i, char *t, size_t n)
{
    const size_t counts[] = {m->n_inputs, m->n_activities, m->n_outputs, m->n_outcomes,
                             m->n_impacts};
    if (i >= counts[col])
        return false;
    if (col == 0)
        input_text(m, &m->inputs[i], t, n);
    else if (col == 1)
        step_text(m->activities[i].label, m->activities[i].id, "uses", &m->activities[i].uses, t,
                  n);
    else if (col == 2)
        output_text(&m->outputs[i], t, n);
    else if (col == 3)
        outcome_text(m, &m->outcomes[i], t, n);
    else
        step_text(m->impacts[i].label, m->impacts[i].id, "from", &m->impacts[i].from, t, n);
    return true;
}

/* The assumptions and external factors, from ROW; returns the row after. */
static lxw_row_t logic_lists(book *b, lxw_row_t row)
{
    const model *m = b->m;
    sheet *s = &b->logic;
    char t[4096];
    struct {
        const char *title;
        char **items;
        size_t n;
    } lists[] = {{"Assumptions", m->assumptions, m->n_assumptions},
                 {"External factors", m->external_factors, m->n_external_factors}};
    for (size_t l = 0; l < 2; l++) {
        bk_text(b, s, row++, 0, lists[l].title, b->f.section);
        if (lists[l].n == 0)
            bk_note(b, s, row++, "None given in the model.");
        for (size_t i = 0; i < lists[l].n; i++) {
            snprintf(t, sizeof t, "- %s", lists[l].items[i]);
            logic_paragraph(b, s, row++, t);
        }
        row++;
    }
    return row;
}

/* Width and height of a PNG image, from its header; false when DATA is
 * not one. */
static bool png_size(const unsigned char *data, size_t n, double *w, double *h)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (n < 24 || memcmp(data, sig, 8) != 0)
        return false;
    *w = (double)((uint32_t)data[16] << 24 | (uint32_t)data[17] << 16 | (uint32_t)data[18] << 8 |
                  data[19]);
    *h = (double)((uint32_t)data[20] << 24 | (uint32_t)data[21] << 16 | (uint32_t)data[22] << 8 |
                  data[23]);
    return *w > 0 && *h > 0;
}

/* The logic model drawn by Graphviz (the results' picture), at ROW, as
 * wide as the five columns at most; without it, how to draw it. */
static void logic_picture(book *b, lxw_row_t row)
{
    sheet *s = &b->logic;
    if (!s->measure) { /* the picture and its heading on a page of their own */
        static lxw_row_t breaks[2];
        breaks[0] = row;
        bk_check(b, worksheet_set_h_pagebreaks(s->ws, breaks));
    }
    bk_text(b, s, row++, 0, "The logic model drawn", b->f.section);
    const unsigned char *png = b->r->picture;
    size_t n = b->r->picture_len;
    double w, h;
    if (png && png_size(png, n, &w, &h)) {
        /* the five columns, in pixels, as a spreadsheet counts a column's width */
        const double width = 5 * (LOGIC_WIDTH * 7 + 5);
        double scale = w > width ? width / w : 1;
        if (h * scale > LOGIC_PICTURE_HEIGHT) /* and on one printed page */
            scale = LOGIC_PICTURE_HEIGHT / h;
        lxw_image_options opt = {.x_offset = 4,
                                 .y_offset = 4,
                                 .x_scale = scale,
                                 .y_scale = scale,
                                 .object_position = LXW_OBJECT_MOVE_DONT_SIZE,
                                 .description = "The logic model: inputs, activities, outputs, "
                                                "outcomes and impacts, with their links"};
        bk_check(b, worksheet_insert_image_buffer_opt(s->ws, row, 0, png, n, &opt));
    } else {
        bk_note(b, s, row++,
                "Graphviz was not found when this workbook was written, so the logic model "
                "is not drawn here. To draw it, install Graphviz (the package graphviz) and "
                "run: thrive diagram MODEL.yaml -o model.png (or -o model.svg); or write the "
                "DOT file with thrive diagram MODEL.yaml -o model.dot and open it in any "
                "Graphviz viewer.");
    }
}

void bk_sheet_logic_model(book *b)
{
    const model *m = b->m;
    sheet *s = &b->logic;
    static const char *const heads[] = {"Inputs", "Activities", "Outputs", "Outcomes", "Impacts"};
    for (lxw_col_t c = 0; c < 5; c++) {
        bk_header(b, s, 0, c, heads[c]);
        bk_fix_column(b, s, c, LOGIC_WIDTH, NULL);
    }
    bk_freeze(b, s, 1, 0);

    size_t rows = m->n_inputs;
    size_t counts[] = {m->n_activities, m->n_outputs, m->n_outcomes, m->n_impacts};
    for (size_t i = 0; i < 4; i++)
        if (counts[i] > rows)
            rows = counts[i];
    char t[4096];
    for (size_t i = 0; i < rows; i++) {
        /* Row I + 1: the I-th item of each column, as tall as its longest. */
        lxw_row_t row = (lxw_row_t)(i + 1);
        int lines = 1;
        for (lxw_col_t c = 0; c < 5; c++)
            if (logic_text(m, c, i, t, sizeof t))
                logic_cell(b, s, row, c, t, &lines);
        bk_row_lines(b, s, row, lines, 3);
    }
    logic_picture(b, logic_lists(b, (lxw_row_t)rows + 2));
    bk_fit(b, s);
}

/* ---- Data quality ---- */

/* Rows 0..4: rows read, accepted and rejected, each with its share of
 * the rows read (live), and the blank records; their places in
 * b->rows_at for the Summary. */
static void quality_rows(book *b)
{
    const results *r = b->r;
    sheet *s = &b->quality;
    static const book_col heads[] = {BK_TEXT("Rows"), BK_TEXT("Count"),
                                     BK_TEXT("Share of rows read")};
    bk_heads(b, s, 0, heads, BK_COUNT(heads));
    b->rows_at.read = (cellpos){1, 1};
    b->rows_at.accepted = (cellpos){2, 1};
    b->rows_at.rejected = (cellpos){3, 1};
    bool hidden = r->participants_suppressed; /* rows read would give them away */
    bk_text(b, s, 1, 0, "Rows read", b->f.text);
    bk_count(b, s, 1, 1, r->rows_read, hidden);
    bk_text(b, s, 2, 0, "Rows accepted", b->f.text);
    bk_count(b, s, 2, 1, r->rows_accepted, hidden);
    bk_text(b, s, 3, 0, "Rows rejected", b->f.text);
    bk_count(b, s, 3, 1, r->rows_rejected, false);
    book_ref read = bk_ref_pos(s, s, b->rows_at.read);
    for (lxw_row_t row = 2; row <= 3; row++) {
        long long n = row == 2 ? r->rows_accepted : r->rows_rejected;
        double share = r->rows_read > 0 ? (double)n / (double)r->rows_read : NAN;
        bk_formula(b, s, row, 2, bk_ratio(b, bk_ref(s, s, row, 1).s, read.s), share, hidden,
                   FMT_PERCENT);
    }
    bk_text(b, s, 4, 0, "Blank records", b->f.text);
    bk_count(b, s, 4, 1, r->dq.blank_records, false);
}

/* The widest a column of reasons is made; a longer reason (an enum's
 * allowed values) wraps in it, as it would be cut at the next column in
 * print, and its row grows to fit. */
#define REASON_WIDTH 75

static void reason_cell(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *reason)
{
    if (strlen(reason) <= REASON_WIDTH * BOOK_WRAP_CHARS) {
        bk_text(b, s, row, col, reason, b->f.text);
        return;
    }
    bk_fix_column(b, s, col, REASON_WIDTH, NULL);
    bk_text(b, s, row, col, reason, b->f.wrap_label);
    /* Tall enough for it, and for the other list's reason in the row. */
    int lines = bk_wrapped_lines(reason, REASON_WIDTH * BOOK_WRAP_CHARS);
    const lxw_row *r = lxw_worksheet_find_row(s->ws, row);
    if (!r || r->height < LXW_DEF_ROW_HEIGHT * lines + 2)
        bk_row_lines(b, s, row, lines, 2);
}

/* Beside the list, from column COL of row HEADER: the faults counted by
 * field and reason, most frequent first; every fault, not only the
 * listed ones. */
static void quality_counts(book *b, lxw_row_t header, lxw_col_t col)
{
    const data_quality *dq = &b->r->dq;
    sheet *s = &b->quality;
    bk_header(b, s, header, col, "Field");
    bk_header(b, s, header, col + 1, "Reason");
    bk_header(b, s, header, col + 2, "Faults");
    size_t n = dq->n_counts;
    bool *done = calloc(n ? n : 1, sizeof *done);
    if (!done) {
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    lxw_row_t row = header + 1;
    for (size_t k = 0; k < n; k++, row++) {
        size_t best = n;
        for (size_t i = 0; i < n; i++) /* the largest count left; ties in order */
            if (!done[i] && (best == n || dq->counts[i].count > dq->counts[best].count))
                best = i;
        done[best] = true;
        const reject_count *c = &dq->counts[best];
        bk_text(b, s, row, col, c->field ? c->field : "(whole row)", b->f.text);
        reason_cell(b, s, row, col + 1, c->reason);
        bk_count(b, s, row, col + 2, c->count, false);
    }
    free(done);
    if (dq->other_rejections > 0) {
        bk_text(b, s, row, col, "(other)", b->f.text);
        bk_text(b, s, row, col + 1, "further pairs of field and reason, counted together",
                b->f.text);
        bk_count(b, s, row++, col + 2, dq->other_rejections, false);
    }
    if (n == 0 && dq->other_rejections == 0)
        bk_text(b, s, row, col, "No faults.", b->f.note);
}

void bk_sheet_data_quality(book *b)
{
    const results *r = b->r;
    sheet *s = &b->quality;
    quality_rows(b);

    lxw_row_t row = 6;
    char buf[4096];
    if (r->n_ignored_columns > 0) {
        snprintf(buf, sizeof buf, "Columns not declared in data.fields, ignored: ");
        for (size_t i = 0; i < r->n_ignored_columns; i++)
            bk_cat(buf, sizeof buf, "%s%s", i ? ", " : "", r->ignored_columns[i]);
        bk_note(b, s, row++, buf);
        row++;
    }

    lxw_row_t header = row;
    const lxw_row_t first = header + 1;
    for (size_t i = 0; i < r->n_rejections; i++) {
        const rejection *x = &r->rejections[i];
        lxw_row_t at = first + (lxw_row_t)i;
        bk_number(b, s, at, 0, (double)x->line, false, FMT_TEXT, false);
        bk_text(b, s, at, 1, x->field ? x->field : "(whole row)", b->f.text);
        reason_cell(b, s, at, 2, x->reason);
    }
    static const char *const heads[] = {"Line", "Field", "Reason"};
    bk_table(b, s, header, header + (lxw_row_t)r->n_rejections, heads, 3);
    quality_counts(b, header, 4);
    bk_freeze(b, s, header + 1, 0);

    row = first + (lxw_row_t)r->n_rejections + 1;
    if (r->n_rejections == 0 && r->rows_rejected == 0)
        bk_note(b, s, row++, "No rows were rejected.");
    if (r->rows_rejected > r->rows_listed) {
        snprintf(buf, sizeof buf, "and %lld more rejected rows, not listed.",
                 r->rows_rejected - r->rows_listed);
        bk_text(b, s, row++, 0, buf, b->f.bold);
    }
    static const char *const notes[] = {
        "A rejected row is listed with its line in the CSV file, the field and the reason "
        "(the first 10,000); no cell's value is copied here, of any field: the line and the "
        "field find it in the CSV file.",
        "Beside the list, every fault is counted by field and reason, listed or not; a row "
        "with two faults counts in both.",
        "Blank records: records whose every cell is empty (as spreadsheets export below the "
        "data); they are not rows, and are neither accepted nor rejected."};
    bk_notes(b, s, row, notes, BK_COUNT(notes));
    bk_fit(b, s);
}

/* ---- About ---- */

void bk_sheet_about(book *b)
{
    const results *r = b->r;
    const model *m = b->m;
    sheet *s = &b->about;
    char buf[512], when[64];
    bk_header(b, s, 0, 0, "About this workbook");
    bk_header(b, s, 0, 1, "");
    bk_freeze(b, s, 1, 0);

    lxw_row_t row = 1;
#define ABOUT(label, value)                                                                        \
    (bk_text(b, s, row, 0, (label), b->f.bold), bk_text(b, s, row, 1, (value), b->f.text), row++)
    ABOUT("Written by", "thrive " PACKAGE_VERSION);
    snprintf(buf, sizeof buf, "%s %s", r->plugin_name ? r->plugin_name : "(none)",
             r->plugin_version ? r->plugin_version : "");
    ABOUT("Plugin", buf);
    snprintf(buf, sizeof buf, "%d", THRIVE_PLUGIN_ABI);
    ABOUT("Plugin ABI", buf);
    snprintf(buf, sizeof buf, "%s: %s", m->id ? m->id : "", m->title ? m->title : "");
    ABOUT("Logic model", buf);
    ABOUT("Model file", r->model_file ? r->model_file : m->file);
    ABOUT("Model SHA-256", r->model_sha256);
    ABOUT("Data file", r->data_file);
    ABOUT("Data SHA-256", r->data_sha256);
    bk_text(b, s, row, 0, "Rows read", b->f.bold);
    bk_count(b, s, row++, 1, r->rows_read, r->participants_suppressed);
    bk_text(b, s, row, 0, "Rows accepted", b->f.bold);
    bk_count(b, s, row++, 1, r->rows_accepted, r->participants_suppressed);
    bk_text(b, s, row, 0, "Rows rejected", b->f.bold);
    bk_count(b, s, row++, 1, r->rows_rejected, false);
    struct tm tm;
    time_t t = r->generated;
    if (gmtime_r(&t, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    else
        snprintf(when, sizeof when, "unknown");
    ABOUT("Generated (UTC)", when);
    if (r->suppress > 0)
        snprintf(buf, sizeof buf, "--suppress %ld: counts from 1 to %ld shown as [c]", r->suppress,
                 r->suppress - 1);
    else
        snprintf(buf, sizeof buf, "off (no --suppress)");
    ABOUT("Disclosure control", buf);
    ABOUT("Strict (--strict)", r->strict ? "yes: rejected rows make the run fail" : "no");
    ABOUT("Written with", "libxlsxwriter " LXW_VERSION);
#undef ABOUT
    static const char *const notes[] = {
        "Derived figures are Excel formulas over the cells they come from, each "
        "with the value thrive computed cached; yellow cells are inputs.",
        "n/a: not defined (a division by zero, or a missing target or value). "
        "[c]: hidden by disclosure control."};
    bk_notes(b, s, row + 1, notes, BK_COUNT(notes));
    bk_fit(b, s);
}
