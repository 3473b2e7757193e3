/* report_html.h - writing HTML safely: markup the report's own code
 * writes, and text that came from a summary (labels, titles, file names),
 * which is always escaped.
 *
 * Debian packages no maintained C library for HTML templates or escaping
 * that would fit (the choices are C++ or unmaintained), so this is one
 * small function, html_escape(), tested on its own
 * (tests/report/test_report.c).
 */
#ifndef THRIVE_REPORT_HTML_H
#define THRIVE_REPORT_HTML_H

#include <stdbool.h>
#include <stdio.h>

/* Write TEXT to OUT as HTML text that is also safe inside a quoted
 * attribute value and inside inline SVG: & < > " ' become character
 * references; control characters other than tab, line feed and carriage
 * return, and any byte that is not part of valid UTF-8, become U+FFFD.
 * Everything else is copied as is.  Returns 0, or -1 when a write failed. */
int html_escape(FILE *out, const char *text);

/* A page being written.  A write failure is remembered, so that the
 * callers need not check every call; report_write looks at it once. */
typedef struct hw {
    FILE *out;
    bool failed;
    unsigned next_id; /* for unique element ids (chart titles) */
} hw;

/* Markup written by the report's own code, as is. */
void hw_raw(hw *w, const char *markup);
/* Markup with printf formatting.  Never pass text from a summary as an
 * argument: write it with hw_text. */
void hw_fmt(hw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text, escaped (NULL writes nothing). */
void hw_text(hw *w, const char *text);
/* Text built with printf formatting, then escaped as a whole. */
void hw_textf(hw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* <TAG>text</TAG>, the text escaped; TAG may carry attributes ("td class=x"). */
void hw_elem(hw *w, const char *tag, const char *text);
/* A fresh id number for this page. */
unsigned hw_id(hw *w);

#endif
