/* book_format.c - the workbook's cell formats, in the palette of
 * book_int.h: titles, headings, notes, and a number format per kind of
 * figure, plain or as an input (yellow). */
#include <stdio.h>
#include <string.h>

#include "book_int.h"

/* The number formats of amounts in CODE (ISO 4217), with the symbol for
 * the common ones and the code after the number otherwise: whole units
 * (WHOLE), with pence (PENCE), and a ratio of money to money as "£0.50
 * per £1" (RATIO), which keeps the cell a number. */
static void currency_formats(const char *code, char *whole, char *pence, char *ratio, size_t n)
{
    static const struct {
        const char *code, *symbol;
    } symbols[] = {{"GBP", "£"}, {"EUR", "€"}, {"USD", "$"}, {"JPY", "¥"}, {"INR", "₹"}};
    for (size_t i = 0; i < BK_COUNT(symbols); i++)
        if (code && strcmp(code, symbols[i].code) == 0) {
            const char *y = symbols[i].symbol;
            snprintf(whole, n, "\"%s\"#,##0;-\"%s\"#,##0", y, y);
            snprintf(pence, n, "\"%s\"#,##0.00;-\"%s\"#,##0.00", y, y);
            snprintf(ratio, n, "\"%s\"0.00\" per %s1\";-\"%s\"0.00\" per %s1\"", y, y, y, y);
            return;
        }
    const char *c = code ? code : "";
    snprintf(whole, n, "#,##0 \"%s\"", c);
    snprintf(pence, n, "#,##0.00 \"%s\"", c);
    snprintf(ratio, n, "0.00 \"%s per 1 %s\"", c, c);
}

/* How a format looks; 0 or false leaves a property as it is by default. */
typedef struct style {
    bool bold, italic, wrap;
    bool top;   /* aligned to the top of the cell */
    bool right; /* aligned right */
    bool ruled; /* a thin rule underneath */
    uint8_t size, indent;
    lxw_color_t font, fill;
} style;

static lxw_format *styled(lxw_workbook *wb, style st)
{
    lxw_format *f = workbook_add_format(wb);
    if (st.bold)
        format_set_bold(f);
    if (st.italic)
        format_set_italic(f);
    if (st.size)
        format_set_font_size(f, st.size);
    if (st.wrap)
        format_set_text_wrap(f);
    if (st.top)
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (st.right)
        format_set_align(f, LXW_ALIGN_RIGHT);
    if (st.indent)
        format_set_indent(f, st.indent);
    if (st.ruled)
        format_set_bottom(f, LXW_BORDER_THIN);
    if (st.font)
        format_set_font_color(f, st.font);
    if (st.fill)
        format_set_bg_color(f, st.fill);
    return f;
}

/* The format of each kind of figure (fig_format), plain and as an input
 * the reader may change (yellow, with a hairline border). */
static void number_formats(book *b, const char *currency_code)
{
    char currency[64], pence[64], ratio[96];
    currency_formats(currency_code, currency, pence, ratio, sizeof currency);
    const char *num_formats[FMT_KINDS] = {
        [FMT_TEXT] = NULL,         [FMT_COUNT] = "#,##0",
        [FMT_NUMBER] = "#,##0.00", [FMT_PERCENT] = "0.0%",
        [FMT_CURRENCY] = currency, [FMT_RATIO] = ratio,
        [FMT_DAYS] = "#,##0.0",    [FMT_PVALUE] = "[<0.0001]\"<0.0001\";0.0000",
    };
    for (int k = 0; k <= FMT_KINDS; k++)
        for (int is_input = 0; is_input < 2; is_input++) {
            /* Right-aligned, so that "n/a" and "[c]" line up with numbers. */
            lxw_format *x = styled(b->wb, (style){.right = true});
            const char *nf = k == FMT_KINDS ? pence : num_formats[k];
            if (nf)
                format_set_num_format(x, nf);
            if (is_input) {
                format_set_bg_color(x, BOOK_INPUT_FILL);
                format_set_border(x, LXW_BORDER_HAIR);
            }
            if (k == FMT_KINDS)
                b->f.pence[is_input] = x;
            else
                b->f.num[k][is_input] = x;
        }
}

void bk_make_formats(book *b, const char *currency_code)
{
    formats *f = &b->f;
    const struct {
        lxw_format **out;
        style st;
    } texts[] = {
        {&f->title, {.bold = true, .size = 15}},
        {&f->subtitle, {.italic = true, .font = BOOK_GREY_TEXT}},
        {&f->header,
         {.bold = true, .wrap = true, .top = true, .ruled = true, .fill = BOOK_HEADER_FILL}},
        {&f->section, {.bold = true, .size = 12}},
        {&f->text, {.indent = 1}}, /* clear of a right-aligned figure to its left */
        {&f->bold, {.bold = true}},
        {&f->wrap, {.wrap = true, .top = true}},
        {&f->wrap_label, {.wrap = true, .indent = 1}}, /* a label beside figures, wrapped */
        {&f->note, {.italic = true, .font = BOOK_GREY_TEXT}},
        {&f->missing, {.right = true, .font = BOOK_GREY_MISSING}},
    };
    for (size_t i = 0; i < BK_COUNT(texts); i++)
        *texts[i].out = styled(b->wb, texts[i].st);
    number_formats(b, currency_code);
    f->green = styled(b->wb, (style){.fill = BOOK_GOOD_FILL, .font = BOOK_GOOD_FONT});
    f->amber = styled(b->wb, (style){.fill = BOOK_NEUTRAL_FILL, .font = BOOK_NEUTRAL_FONT});
    f->red = styled(b->wb, (style){.fill = BOOK_BAD_FILL, .font = BOOK_BAD_FONT});
    f->warning = styled(
        b->wb, (style){.wrap = true, .top = true, .font = BOOK_BAD_FONT, .fill = BOOK_BAD_FILL});
    f->small = styled(b->wb, (style){.font = BOOK_GREY_MISSING});
    f->note_wrap =
        styled(b->wb, (style){.italic = true, .wrap = true, .top = true, .font = BOOK_GREY_TEXT});
}
