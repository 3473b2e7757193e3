/* diag.c - errors with positions (see diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag_init(diag_list *dl)
{
    memset(dl, 0, sizeof *dl);
}

void diag_free(diag_list *dl)
{
    for (size_t i = 0; i < dl->n; i++) {
        free(dl->items[i].file);
        free(dl->items[i].msg);
    }
    free(dl->items);
    diag_init(dl);
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int len = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (len < 0)
        len = 0;
    char *s = malloc((size_t)len + 1);
    if (s)
        vsnprintf(s, (size_t)len + 1, fmt, ap);
    return s;
}

static void add(diag_list *dl, diag_level level, const char *file, int line, int col,
                const char *fmt, va_list ap)
{
    if (level == DIAG_ERROR)
        dl->n_errors++;
    else if (level == DIAG_WARNING)
        dl->n_warnings++;
    if (dl->n >= DIAG_MAX) {
        dl->dropped++;
        return;
    }
    if (dl->n == dl->cap) {
        size_t cap = dl->cap ? dl->cap * 2 : 8;
        diag *items = realloc(dl->items, cap * sizeof *items);
        if (!items) {
            dl->dropped++;
            return;
        }
        dl->items = items;
        dl->cap = cap;
    }
    diag *d = &dl->items[dl->n++];
    d->level = level;
    d->file = file ? strdup(file) : NULL; /* NULL: the program itself, no file */
    d->line = line;
    d->col = col;
    d->msg = vformat(fmt, ap);
}

void diag_verror(diag_list *dl, const char *file, int line, int col, const char *fmt, va_list ap)
{
    add(dl, DIAG_ERROR, file, line, col, fmt, ap);
}

void diag_error(diag_list *dl, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(dl, DIAG_ERROR, file, line, col, fmt, ap);
    va_end(ap);
}

thrive_error diag_nomem(diag_list *dl, const char *file)
{
    diag_error(dl, file, 0, 0, "out of memory");
    return THRIVE_ERROR_NOMEM;
}

void diag_warning(diag_list *dl, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(dl, DIAG_WARNING, file, line, col, fmt, ap);
    va_end(ap);
}

void diag_note(diag_list *dl, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(dl, DIAG_NOTE, file, line, col, fmt, ap);
    va_end(ap);
}

static const char *const level_names[] = {
    [DIAG_ERROR] = "error", [DIAG_WARNING] = "warning", [DIAG_NOTE] = "note"};

static void print_one(FILE *out, diag_level level, const char *file, int line, int col,
                      const char *msg)
{
    fputs("thrive", out); /* a message of the program, not about a file: no file named */
    if (file)
        fprintf(out, ": %s", file);
    if (file && line > 0) {
        fprintf(out, ":%d", line);
        if (col > 0)
            fprintf(out, ":%d", col);
    }
    fprintf(out, ": %s: %s\n", level_names[level], msg ? msg : "out of memory");
}

void diag_print(const diag_list *dl, FILE *out)
{
    for (size_t i = 0; i < dl->n; i++) {
        const diag *d = &dl->items[i];
        print_one(out, d->level, d->file, d->line, d->col, d->msg);
    }
    if (dl->dropped)
        fprintf(out, "thrive: ... and %zu more not shown\n", dl->dropped);
}

void diag_say(const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = vformat(fmt, ap);
    va_end(ap);
    print_one(stderr, DIAG_ERROR, file, line, col, msg);
    free(msg);
}

const char *diag_plural(long long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

size_t diag_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag_prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag_prev + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag_prev = up;
        }
    }
    return row[lb];
}

const char *diag_suggest(const char *word, const char *const *candidates, size_t n)
{
    return diag_suggest_member(word, candidates, n, sizeof *candidates, 0);
}

const char *diag_suggest_member(const char *word, const void *base, size_t n, size_t size,
                                size_t offset)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    size_t limit = strlen(word) <= 4 ? 1 : strlen(word) <= 8 ? 2 : 3;
    for (size_t i = 0; base && i < n; i++) {
        const char *candidate = *(const char *const *)((const char *)base + i * size + offset);
        if (!candidate)
            continue; /* a plugin's list may have holes */
        size_t d = diag_edit_distance(word, candidate);
        if (d <= limit && d < best_d) {
            best = candidate;
            best_d = d;
        }
    }
    return best;
}
