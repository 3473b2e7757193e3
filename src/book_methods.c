/* book_methods.c - the Methods sheet: what each figure of the workbook
 * means, in plain words, and where the manual defines it (methods.h).
 */
#include "config.h"

#include "book_int.h"
#include "methods.h"

enum { M_FIGURE, M_DEFINITION, M_MANUAL };

#define DEFINITION_WIDTH 80

static lxw_row_t method_row(book *b, sheet *s, lxw_row_t row, const char *name,
                            const char *definition, const char *section)
{
    bk_text(b, s, row, M_FIGURE, name, b->f.wrap);
    bk_text(b, s, row, M_DEFINITION, definition, b->f.wrap);
    bk_text(b, s, row, M_MANUAL, section, b->f.wrap);
    bk_row_lines(b, s, row, bk_wrapped_lines(definition, DEFINITION_WIDTH * BOOK_WRAP_CHARS), 2);
    return row + 1;
}

/* The figures that belong to OWNER, under the heading TITLE. */
static lxw_row_t owner_rows(book *b, sheet *s, lxw_row_t row, fig_owner owner, const char *title)
{
    bk_text(b, s, row++, M_FIGURE, title, b->f.section);
    for (int f = 0; f < FIG_IDS; f++)
        if (figures[f].owner == owner)
            row = method_row(b, s, row, figures[f].label, fig_methods[f].definition,
                             fig_methods[f].section);
    return row + 1;
}

void bk_sheet_methods(book *b)
{
    sheet *s = &b->methods;
    bk_header(b, s, 0, M_FIGURE, "Figure");
    bk_header(b, s, 0, M_DEFINITION, "What it is");
    bk_header(b, s, 0, M_MANUAL, "thrive manual");
    bk_freeze(b, s, 1, 0);
    bk_fix_column(b, s, M_DEFINITION, DEFINITION_WIDTH, NULL);
    lxw_row_t row = 1;
    row = owner_rows(b, s, row, OF_RUN, "The whole evaluation (Summary, Costs, Value for money)");
    row = owner_rows(b, s, row, OF_OUTPUT, "Each output (Outputs)");
    row = owner_rows(b, s, row, OF_OUTCOME, "Each outcome (Outcomes)");
    row = owner_rows(b, s, row, OF_AREA, "Each distance area (Distance travelled)");
    bk_text(b, s, row++, M_FIGURE, "Elsewhere in the workbook", b->f.section);
    row = method_row(b, s, row, "Breakdowns, Quarters",
                     "The same counts and rates over the participants of each group, or of each "
                     "financial-year quarter of the model's date field (Q1 is April to June).",
                     "Methods 6");
    row = method_row(b, s, row, "[c]",
                     "A count from 1 to N - 1 hidden by --suppress N, with every figure built on "
                     "it, so that no person can be recognised.",
                     "Methods 7");
    row = method_row(b, s, row, "n/a",
                     "Not defined: a division by zero, or a missing target or value.", "Methods");
    if (b->r->n_tables > 0)
        row = method_row(b, s, row, "The plugin's sheets",
                         "Figures defined by the pilot's plugin, each described on its sheet.",
                         "Plugins");
    static const char *const notes[] = {
        "The thrive manual's Methods chapter gives each formula with its published source, "
        "for citing in a report (installed with thrive under share/doc/thrive/manual/)."};
    bk_notes(b, s, row + 1, notes, BK_COUNT(notes));
    bk_fit(b, s);
}
