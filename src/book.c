/* book.c - the evaluation workbook (see book.h): its sheets, in order,
 * each written by its own file (book_summary.c, book_sheets.c,
 * book_groups.c, book_about.c) with the helpers of book_cells.c, and the
 * file written safely.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book.h"
#include "book_int.h"
#include "outfile.h"

/* ---- the workbook ---- */

/* A plugin table's title as a sheet name: at most LXW_SHEETNAME_MAX
 * characters, none of []:*?/\, no quote at either end, and unlike every
 * sheet so far. */

/* The characters of a title a sheet name may keep, up to the limit. */
typedef struct title_cut {
    size_t len;                     /* bytes kept */
    size_t last_space, last_clause; /* where the last word and clause end */
    bool truncated, mid_word;       /* cut, and in the middle of a word */
} title_cut;

static title_cut title_chars(const char *title, char *clean, size_t size)
{
    title_cut t = {0};
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)(title ? title : "");
         *p && t.len + 5 < size; p++) {
        /* A forbidden character becomes a space, and spaces do not repeat. */
        unsigned char ch = strchr("[]:*?/\\", *p) || *p < 0x20 ? ' ' : *p;
        if (ch == ' ' && (t.len == 0 || clean[t.len - 1] == ' '))
            continue;
        bool start = (ch & 0xC0) != 0x80;
        if (start && chars == LXW_SHEETNAME_MAX) {
            t.truncated = true;
            t.mid_word = ch != ' '; /* a forbidden character is a space too */
            break;
        }
        if (ch == ' ')
            t.last_space = t.len;
        if (ch == ',' || ch == ';' || ch == '(')
            t.last_clause = t.len;
        chars += start;
        clean[t.len++] = (char)ch;
    }
    return t;
}

/* Drop from CLEAN (LEN bytes) a last word that leads into what was cut
 * ("... by age band at"); returns the new length. */
static size_t drop_joining_words(char *clean, size_t len)
{
    static const char *const joins[] = {"a",  "and", "at",  "by",  "for", "in",  "of",
                                        "on", "or",  "per", "the", "to",  "with"};
    for (bool cut = true; cut;) {
        cut = false;
        char *sp = strrchr(clean, ' ');
        for (size_t j = 0; sp && sp - clean > 12 && j < BK_COUNT(joins); j++)
            if (strcasecmp(sp + 1, joins[j]) == 0) {
                *sp = '\0';
                len = (size_t)(sp - clean);
                cut = true;
                break;
            }
    }
    return len;
}

/* TITLE made fit for a sheet name, in CLEAN; returns where it starts. */
static char *sheet_title(const char *title, size_t index, char *clean, size_t size)
{
    title_cut t = title_chars(title, clean, size);
    size_t o = t.len;
    /* Too long: end at the last whole clause ("FIP problem domains, entry
     * and exit" -> "FIP problem domains"), or else the last whole word. */
    if (t.truncated && t.last_clause > 12)
        o = t.last_clause;
    else if (t.mid_word && t.last_space > 15)
        o = t.last_space;
    clean[o] = '\0';
    if (t.truncated)
        o = drop_joining_words(clean, o);
    while (o > 0 && strchr(" ',;-(", clean[o - 1]))
        clean[--o] = '\0';
    char *start = clean;
    while (*start == ' ' || *start == '\'')
        start++;
    if (!*start) {
        snprintf(clean, size, "Table %zu", index + 1);
        start = clean;
    }
    return start;
}

/* Whether NAME is taken by a sheet added so far, by one of the plugin's
 * first INDEX tables, or by a fixed sheet still to come. */
static bool sheet_name_taken(const book *b, const char *name, size_t index)
{
    const sheet *taken[] = {&b->summary,  &b->logic,   &b->costs,    &b->outputs,
                            &b->outcomes, &b->vfm,     &b->distance, &b->breakdowns,
                            &b->quarters, &b->quality, &b->about};
    for (size_t i = 0; i < BK_COUNT(taken); i++)
        if (strcasecmp(taken[i]->name, name) == 0)
            return true;
    for (size_t i = 0; i < index; i++)
        if (strcasecmp(b->tables[i].name, name) == 0)
            return true;
    /* The fixed names not yet added (Quarters is optional). */
    return strcasecmp(name, "Data quality") == 0 || strcasecmp(name, "About") == 0 ||
           strcasecmp(name, "Quarters") == 0;
}

static void table_sheet_name(const book *b, const char *title, size_t index, char *out, size_t n)
{
    char clean[128]; /* LXW_SHEETNAME_MAX characters of up to 4 bytes fit */
    const char *start = sheet_title(title, index, clean, sizeof clean);
    snprintf(out, n, "%s", start);
    for (int k = 2; sheet_name_taken(b, out, index); k++) {
        /* Shorten by whole characters to make room for " (k)". */
        char head[160];
        snprintf(head, sizeof head, "%s", start);
        size_t len = strlen(head), count = 0;
        for (size_t i = 0; i < len; i++)
            count += ((unsigned char)head[i] & 0xC0) != 0x80;
        while (count > LXW_SHEETNAME_MAX - 5 && len > 0) {
            len--;
            if (((unsigned char)head[len] & 0xC0) != 0x80)
                count--;
            head[len] = '\0';
        }
        snprintf(out, n, "%s (%d)", head, k);
    }
}

void bk_add_sheet(book *b, sheet *s, const char *name)
{
    snprintf(s->name, sizeof s->name, "%s", name);
    s->ws = workbook_add_worksheet(b->wb, s->name);
    if (!s->ws) {
        bk_check(b, LXW_ERROR_PARAMETER_VALIDATION);
        return;
    }
    /* Printed: A4 landscape (bk_fit decides the scale). */
    worksheet_set_landscape(s->ws);
    worksheet_set_paper(s->ws, BOOK_PAPER_A4);
}

static void add_sheets(book *b)
{
    const results *r = b->r;
    bk_add_sheet(b, &b->summary, "Summary");
    bk_add_sheet(b, &b->logic, "Logic model");
    bk_add_sheet(b, &b->costs, "Costs");
    bk_add_sheet(b, &b->outputs, "Outputs");
    bk_add_sheet(b, &b->outcomes, "Outcomes");
    bk_add_sheet(b, &b->vfm, "Value for money");
    bk_add_sheet(b, &b->distance, "Distance travelled");
    bk_add_sheet(b, &b->breakdowns, "Breakdowns");
    if (r->n_quarters > 0)
        bk_add_sheet(b, &b->quarters, "Quarters");
    for (size_t t = 0; t < r->n_tables; t++) {
        char name[128];
        table_sheet_name(b, r->tables[t].title, t, name, sizeof name);
        bk_add_sheet(b, &b->tables[t], name);
    }
    bk_add_sheet(b, &b->quality, "Data quality");
    bk_add_sheet(b, &b->methods, "Methods");
    bk_add_sheet(b, &b->about, "About");
}

static void build(book *b)
{
    const results *r = b->r;
    const model *m = b->m;
    char title[512], subject[512], comments[256];
    snprintf(title, sizeof title, "Evaluation: %s", m->title ? m->title : m->id);
    snprintf(subject, sizeof subject, "Logic model %s evaluated against %s", m->id ? m->id : "",
             r->data_file ? r->data_file : "its case data");
    snprintf(comments, sizeof comments, "Written by thrive %s", PACKAGE_VERSION);
    lxw_doc_properties props = {.title = title,
                                .subject = subject,
                                .author = "thrive",
                                .comments = comments,
                                .keywords = "evaluation, logic model, value for money",
                                .created = r->generated};
    bk_check(b, workbook_set_properties(b->wb, &props));

    add_sheets(b);
    if (b->err)
        return;
    bk_make_formats(b, m->currency);
    bk_vfm_layout(b); /* the Outcomes sheet refers to it */
    bk_sheet_logic_model(b);
    bk_sheet_costs(b);
    bk_sheet_outputs(b);
    bk_sheet_outcomes(b);
    bk_sheet_value_for_money(b);
    bk_sheet_distance(b);
    bk_sheet_breakdowns(b);
    if (r->n_quarters > 0)
        bk_sheet_quarters(b);
    bk_sheet_plugin_tables(b);
    bk_sheet_data_quality(b);
    bk_sheet_methods(b);
    bk_sheet_about(b);
    bk_sheet_summary(b); /* last: it refers to figures on every other sheet */
    worksheet_activate(b->summary.ws);
}

thrive_error bk_write_file(book *b, const char *path, const lxw_workbook_options *opt,
                           void (*fill)(book *), diag_list *dl)
{
    char *tmp = outfile_temp(path);
    if (!tmp) {
        int e = errno;
        diag_error(dl, path, 0, 0, "cannot write the workbook there: %s%s", strerror(e),
                   e == ENOENT   ? " (does the directory exist?)"
                   : e == EACCES ? " (is the directory writable?)"
                                 : "");
        return THRIVE_ERROR_OUTPUT;
    }
    b->wb = opt ? workbook_new_opt(tmp, (lxw_workbook_options *)opt) : workbook_new(tmp);
    if (!b->wb) {
        bk_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    } else {
        fill(b);
        /* Always closed, to free the workbook; the file is dropped on error. */
        bk_check(b, workbook_close(b->wb));
    }

    thrive_error status = THRIVE_OK;
    if (b->err != LXW_NO_ERROR) {
        outfile_discard(tmp);
        diag_error(dl, path, 0, 0, "cannot write the workbook: %s", lxw_strerror(b->err));
        status =
            b->err == LXW_ERROR_MEMORY_MALLOC_FAILED ? THRIVE_ERROR_NOMEM : THRIVE_ERROR_OUTPUT;
    } else if (outfile_commit(tmp, path) != 0) {
        diag_error(dl, path, 0, 0, "cannot put the finished workbook in place: %s",
                   strerror(errno));
        status = THRIVE_ERROR_OUTPUT;
    }
    free(tmp);
    return status;
}

thrive_error book_write(const results *r, const char *path, diag_list *dl)
{
    book *b = calloc(1, sizeof *b);
    if (b)
        b->tables = calloc(r->n_tables ? r->n_tables : 1, sizeof *b->tables);
    if (!b || !b->tables) {
        if (b)
            free(b->tables);
        free(b);
        diag_error(dl, path, 0, 0, "out of memory while writing the workbook");
        return THRIVE_ERROR_NOMEM;
    }
    b->r = r;
    b->m = r->m;
    thrive_error status = bk_write_file(b, path, NULL, build, dl);
    free(b->tables);
    free(b);
    return status;
}
