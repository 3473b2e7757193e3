/* cell.c - checking case-data cells against their fields (see cell.h). */
#include "cell.h"

/* Well-formed UTF-8 (RFC 3629: no overlongs, surrogates or code points past
 * U+10FFFF) that XML can hold: no control character but tab, newline and
 * carriage return, no U+FFFE or U+FFFF.  The case data is UTF-8
 * (docs/manual/case-data.md); text that is not would break regexes, the
 * JSON summary and the workbook's XML.  Sets *XML_BAD for a character XML
 * forbids (the text is UTF-8 then). */
static bool utf8_valid(const char *str, size_t len, bool *xml_bad)
{
    *xml_bad = false;
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                *xml_bad = true;
                return false;
            }
            i++;
            continue;
        }
        /* U+FFFE and U+FFFF: EF BF BE, EF BF BF */
        if (c == 0xEF && i + 2 < len && s[i + 1] == 0xBF && (s[i + 2] & 0xFE) == 0xBE) {
            *xml_bad = true;
            return false;
        }
        size_t n;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else
            return false;
        if (i + n >= len) /* the sequence is cut short */
            return false;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return false;
        for (size_t k = 2; k <= n; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return false;
        i += n + 1;
    }
    return true;
}

const char *cell_text_problem(const char *s, size_t len)
{
    bool xml_bad;
    if (utf8_valid(s, len, &xml_bad))
        return NULL;
    return xml_bad ? "holds a control character, U+FFFE or U+FFFF, which a workbook cannot hold"
                   : "not valid UTF-8 text (save the file as UTF-8)";
}

const char *cell_check(const field *f, const char *s, size_t len, cell *c)
{
    const char *why = f->type == FIELD_TEXT ? cell_text_problem(s, len) : NULL;
    if (!why)
        return cell_check_clean(f, s, len, c);
    *c = (cell){.str = s, .len = len, .num = 0, .present = true};
    return why;
}
