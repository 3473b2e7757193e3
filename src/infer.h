/* infer.h - profile the columns of a CSV file, to draft a logic model.
 *
 * `thrive init` reads the case data once, streamed, and for every column
 * infers the type a logic model should declare for it (integer, number,
 * date, enum with its values, or text), whether it is ever empty, the
 * smallest and largest values, whether its name suggests personal data,
 * and which column can be the case id.  Memory does not grow with the
 * number of rows: each column keeps counts, a few values and the lines of
 * its first misfits; the id check keeps the ids in a compressed set (ids.h).
 *
 * A type is chosen when nearly all non-empty cells fit it (INFER_FIT_PERCENT);
 * the cells that do not are the rows `thrive validate --data` will reject,
 * and their lines are kept (the first INFER_LINES_KEPT) so the draft can
 * say which.  The cell parsers are those of the case-data check (cell.h),
 * so a type inferred here accepts exactly the cells the check accepts.
 *
 * @code
 *     infer_profile p;
 *     diag_list dl;
 *     diag_init(&dl);
 *     thrive_error e = infer_profile_file("cases.csv", &p, &dl);
 *     diag_print(&dl, stderr);
 *     if (e == THRIVE_OK)
 *         draft_write(&p, &opts, stdout);
 *     infer_profile_free(&p);
 * @endcode
 */
#ifndef THRIVE_INFER_H
#define THRIVE_INFER_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "error.h"
#include "model.h"

#define INFER_LINES_KEPT   10 /* misfit lines kept per candidate type */
#define INFER_ENUM_MAX     12 /* at most this many distinct values make an enum */
#define INFER_VALUE_MAX    64 /* bytes: a longer value makes a column text */
#define INFER_FIT_PERCENT  98 /* a type fits when this share of cells parse */
#define INFER_FIT_ONE_MISS 20 /* ... or all but one, from this many cells on */

/* Lines of the records whose cell does not fit a type. */
typedef struct infer_lines {
    long long count;
    long long lines[INFER_LINES_KEPT];
} infer_lines;

/* The candidates a cell is tried against; TEXT is "valid UTF-8, no NUL",
 * what an enum or text field needs of any cell. */
enum { INFER_AS_INTEGER, INFER_AS_NUMBER, INFER_AS_DATE, INFER_AS_TEXT, INFER_AS_COUNT };

typedef struct infer_value {
    char *text;
    long long count, first_line;
} infer_value;

typedef struct infer_column {
    char *name;
    /* NULL when the column can be declared; else why not, in a phrase */
    const char *unusable;
    long repeats; /* unusable because it repeats column REPEATS (1-based) */

    long long n_present, n_empty;
    long long fit[INFER_AS_COUNT];
    infer_lines misfit[INFER_AS_COUNT];
    /* smallest and largest fitting value per numeric candidate, with the
     * text of integer and number values as written */
    double lo[3], hi[3];
    char lo_text[2][INFER_VALUE_MAX + 1], hi_text[2][INFER_VALUE_MAX + 1];

    infer_value values[INFER_ENUM_MAX];
    size_t n_values;
    bool too_many_values; /* more than INFER_ENUM_MAX, or one too long */

    /* the conclusions (infer_profile_file fills them at the end) */
    field_type type;
    const infer_lines *misfits; /* of the chosen type: rows to be rejected */
    bool required;              /* never empty */
    const char *personal;       /* what the name suggests ("a postcode"), or NULL */
    int best_numeric;           /* INFER_AS_* that fits most cells, or -1 */
} infer_column;

typedef struct infer_profile {
    char *file;
    infer_column *columns;
    size_t n_columns;
    long long rows;     /* records after the header, ragged and blank included */
    infer_lines blank;  /* records whose every cell is empty: not profiled */
    infer_lines ragged; /* records with the wrong number of cells */
    long id_column;     /* the id candidate (an index), or -1 */
    bool id_unique;     /* it is never empty and never repeated */
    long date_column;   /* the first date column not personal, or -1 */
} infer_profile;

/* Read FILE once and profile its columns into *P.  Returns THRIVE_OK, or
 * THRIVE_ERROR_DATA (unreadable, not CSV, empty, no column usable as a
 * field) or THRIVE_ERROR_NOMEM, with the reason recorded in DL.  *P must
 * be freed with infer_profile_free() in every case. */
thrive_error infer_profile_file(const char *file, infer_profile *p, diag_list *dl);

void infer_profile_free(infer_profile *p);

/* What a column's name suggests it holds, when that is personal data ("a
 * person's name", "a postcode", "a date of birth", "an address", "a phone
 * number", "an email address", "an NHS number", "a National Insurance
 * number"), or NULL.  Names are split into words at anything but letters
 * and digits and at camelCase humps: "DateOfBirth" is date, of, birth. */
const char *infer_personal(const char *name);

/* Whether a column's name suggests an identifier (case_id, ClientRef). */
bool infer_id_like(const char *name);

#endif
