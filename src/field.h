/* field.h - the fields of the case data (a model's data.fields): their
 * types, what each field allows, and the strict parsers of typed values.
 *
 * A table of fields is a plain array; a field is known by its index in
 * it, which is also the index of its cell in a row.  Expressions are
 * parsed against such a table, and cells checked against one field.
 *
 * Values are taken exactly as written (the manual's "Types" section):
 * integers are [+-]?[0-9]+, numbers are decimals with an optional exponent,
 * dates are YYYY-MM-DD or DD/MM/YYYY and real calendar dates, kept as the
 * number of days since 1970-01-01.
 */
#ifndef THRIVE_FIELD_H
#define THRIVE_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pattern.h"

typedef enum { FIELD_TEXT, FIELD_INTEGER, FIELD_NUMBER, FIELD_DATE, FIELD_ENUM } field_type;
#define FIELD_TYPE_COUNT 5

/* The names of the types as a model writes them, in field_type order. */
extern const char *const field_type_names[FIELD_TYPE_COUNT];
const char *field_type_name(field_type t);

/* Integer, number and date values are numbers (cell.num) and compare as
 * numbers; text and enum values compare as text. */
bool field_type_numeric(field_type t);

typedef struct field {
    char *name;
    field_type type;
    pattern *pattern; /* the whole value must match; NULL when none */
    bool has_min, has_max;
    double min, max;
    /* the model's lines that set min and max; 0 when not known */
    int min_line, max_line;
    char **values;      /* enum values */
    size_t *value_lens; /* their lengths, for the per-cell comparison */
    /* NULL, or the values by hash (value_mask + 1 slots), so that a cell
     * finds its value in a probe or two (field_index_values) */
    struct field_slot *value_slots;
    size_t value_mask;
    /* NULL, or [n_values]: each value's label for readers, NULL where the
     * model gives none */
    char **labels;
    size_t n_values;
    bool required, personal;
    bool derived;     /* declared by a plugin, not read from the data */
    bool plugin_used; /* named in the plugin's section: its figures depend on it */
    int line, col;
} field;

/* Whether NAME can name a field, so that expressions can name it: a
 * letter or '_', then letters, digits and '_'. */
bool field_name_valid(const char *name);

/* Index of the field called NAME among FIELDS[0..N), or -1. */
long field_index(const field *fields, size_t n, const char *name);

/* The name among FIELDS[0..N) nearest to NAME, for a "did you mean" hint
 * when NAME is not declared; NULL when none is near. */
const char *field_suggest(const field *fields, size_t n, const char *name);

/* Index of VALUE among the values of enum field F, or -1. */
long field_value_index(const field *f, const char *value, size_t len);

/* Room in F's index of values for N of them (field_index_value); false
 * when out of memory.  Without an index, field_value_index compares VALUE
 * with each value in turn. */
bool field_index_values(field *f, size_t n);

/* Value I of F (values[I] and value_lens[I] set) into F's index: false
 * when it repeats a value already there (it is not added). */
bool field_index_value(field *f, size_t i);

/* What readers see for value I of enum field F: its label, else the value
 * itself. */
const char *field_value_label(const field *f, size_t i);

/* The same for the value VALUE (a group's name): its label when VALUE is
 * one of F's values and has one, else VALUE. */
const char *field_label_of(const field *f, const char *value);

/* Free what F owns (name, pattern, values) and leave it empty. */
void field_clear(field *f);

/* The strict parsers.  Each returns true and sets *OUT when the whole of S
 * (LEN bytes, not necessarily NUL-terminated) is a value of its type. */
bool field_parse_integer(const char *s, size_t len, double *out);
bool field_parse_number(const char *s, size_t len, double *out);
/* YYYY-MM-DD or DD/MM/YYYY, a real calendar date, as days since 1970-01-01. */
bool field_parse_date(const char *s, size_t len, double *out);
/* The parser of numeric type T (integer, number or date); false for text
 * and enum. */
bool field_parse_value(field_type t, const char *s, size_t len, double *out);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
long field_days_from_civil(int y, int m, int d);
void field_civil_from_days(long days, int *y, int *m, int *d);

#endif
