/* words.h - names written in a model made readable, for the workbook and
 * the report (which cannot include model.h: its type names would shadow
 * the report's variables). */
#ifndef THRIVE_WORDS_H
#define THRIVE_WORDS_H

#include <stddef.h>

/* ID made readable, into BUF of N bytes: "debt_managed" -> "Debt managed". */
const char *humanize(char *buf, size_t n, const char *id);

/* An agency of a fiscal value as readers name it: a short code is an
 * acronym ("dwp" -> "DWP"), a longer name is made readable
 * ("local_authority" -> "Local authority"). */
const char *model_agency_label(char *buf, size_t n, const char *agency);

#endif
