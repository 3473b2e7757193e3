/* diag.h - errors that carry where they happened, and the exit codes.
 *
 * Every user-facing error is a diag: the file, the line and column (1-based;
 * 0 when not known) and a sentence saying what was expected.  Errors are
 * collected in a diag_list so that all problems in a file are reported at
 * once, up to DIAG_MAX; the rest are counted.
 */
#ifndef THRIVE_DIAG_H
#define THRIVE_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

/* Exit statuses of the thrive program (docs/manual/commands.md). */
enum thrive_exit {
    EXIT_OK = 0,       /* success */
    EXIT_REJECTED = 1, /* --strict and rows were rejected */
    EXIT_USAGE = 2,    /* bad command line */
    EXIT_MODEL = 3,    /* invalid logic model */
    EXIT_DATA = 4,     /* unreadable or unusable case data */
    EXIT_PLUGIN = 5,   /* plugin missing, unloadable or of another ABI */
    EXIT_OUTPUT = 6    /* an output could not be written */
};

#define DIAG_MAX 50

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_level;

typedef struct diag {
    diag_level level;
    char *file;
    int line, col;
    char *msg;
} diag;

typedef struct diag_list {
    diag *items;
    size_t n, cap;
    size_t n_errors;   /* errors recorded, including those over DIAG_MAX */
    size_t n_warnings; /* warnings recorded, likewise */
    size_t dropped;    /* diags not kept because of DIAG_MAX */
} diag_list;

void diag_init(diag_list *dl);
void diag_free(diag_list *dl);

/* Record an error at FILE:LINE:COL (LINE or COL 0 = unknown). */
void diag_error(diag_list *dl, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void diag_verror(diag_list *dl, const char *file, int line, int col, const char *fmt, va_list ap);
/* A warning: the run goes on, but the reader of the figures must be told. */
void diag_warning(diag_list *dl, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void diag_note(diag_list *dl, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Record "out of memory" at FILE (NULL: the program) and return
 * THRIVE_ERROR_NOMEM, for `return diag_nomem(dl, file);`.  A diag that
 * cannot be kept for want of memory is still counted, and printed as
 * "... and N more not shown". */
thrive_error diag_nomem(diag_list *dl, const char *file);

/* Print every diag as "thrive: FILE:LINE:COL: error: WHAT", then a line
 * counting those not kept. */
void diag_print(const diag_list *dl, FILE *out);

/* Print one message immediately in the same form. */
void diag_say(const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ONE when N is 1, else MANY: "1 activity", "2 activities". */
const char *diag_plural(long long n, const char *one, const char *many);

/* Edit distance, for "did you mean" hints. */
size_t diag_edit_distance(const char *a, const char *b);

/* The candidate closest to WORD within a small distance, or NULL. */
const char *diag_suggest(const char *word, const char *const *candidates, size_t n);

/* The same over N structs of SIZE bytes from BASE, each naming its
 * candidate with a char * member at OFFSET (offsetof), so that a table of
 * fields or of items needs no array of names built for it. */
const char *diag_suggest_member(const char *word, const void *base, size_t n, size_t size,
                                size_t offset);

#endif
