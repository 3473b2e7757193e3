/* report_html.c - HTML escaping and the page writer (see report_html.h). */
#include "config.h"

#include "report_html.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* U+FFFD REPLACEMENT CHARACTER, in UTF-8. */
static const char replacement[] = "\xEF\xBF\xBD";

/* The length of the valid UTF-8 sequence at S (1 to 4), or 0 when the
 * bytes there are not one (overlong forms, surrogates and values above
 * U+10FFFF included). */
static size_t utf8_length(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned long cp;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0; /* also stops at the terminating NUL */
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* C0 controls but tab, LF and CR; DEL; the C1 controls (U+0080-U+009F,
 * two bytes C2 80 to C2 9F): not allowed as text in an HTML document. */
static bool is_control(const unsigned char *s, size_t len)
{
    if (len == 1)
        return (s[0] < 0x20 && s[0] != '\t' && s[0] != '\n' && s[0] != '\r') || s[0] == 0x7F;
    return len == 2 && s[0] == 0xC2 && s[1] < 0xA0;
}

int html_escape(FILE *out, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        const char *ref = NULL;
        switch (*s) {
        case '&':
            ref = "&amp;";
            break;
        case '<':
            ref = "&lt;";
            break;
        case '>':
            ref = "&gt;";
            break;
        case '"':
            ref = "&quot;";
            break;
        case '\'':
            ref = "&#39;";
            break;
        default:
            break;
        }
        size_t len = ref ? 1 : utf8_length(s);
        if (!ref && (len == 0 || is_control(s, len)))
            ref = replacement;
        if (ref) {
            if (fputs(ref, out) == EOF)
                return -1;
            s += len ? len : 1;
            continue;
        }
        if (fwrite(s, 1, len, out) != len)
            return -1;
        s += len;
    }
    return 0;
}

void hw_raw(hw *w, const char *markup)
{
    if (fputs(markup, w->out) == EOF)
        w->failed = true;
}

void hw_fmt(hw *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(w->out, fmt, ap) < 0)
        w->failed = true;
    va_end(ap);
}

void hw_text(hw *w, const char *text)
{
    if (text && html_escape(w->out, text) != 0)
        w->failed = true;
}

void hw_textf(hw *w, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        w->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        hw_text(w, small);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        w->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    hw_text(w, big);
    free(big);
}

void hw_elem(hw *w, const char *tag, const char *text)
{
    size_t name = strcspn(tag, " ");
    hw_fmt(w, "<%s>", tag);
    hw_text(w, text);
    hw_fmt(w, "</%.*s>", (int)name, tag);
}

unsigned hw_id(hw *w)
{
    return ++w->next_id;
}
