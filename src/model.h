/* model.h - the logic model (docs/manual/logic-model.md) as plain C structures.
 *
 * model_load() reads the YAML file, checks every structural rule and keeps
 * the position of every item.  Expressions and field references are
 * resolved by model_resolve(), after a plugin has had the chance to declare
 * derived fields with model_add_field().  Both record every problem found
 * in a diag_list; the model is usable only when no error was recorded.
 */
#ifndef THRIVE_MODEL_H
#define THRIVE_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "error.h"
#include "field.h"
#include "ynode.h"

struct expr;

typedef enum {
    INPUT_FUNDING,
    INPUT_STAFF,
    INPUT_PREMISES,
    INPUT_EQUIPMENT,
    INPUT_IN_KIND,
    INPUT_OTHER,
    INPUT_KIND_COUNT
} input_kind;

extern const char *const input_kind_names[INPUT_KIND_COUNT];  /* as the model writes them */
extern const char *const input_kind_labels[INPUT_KIND_COUNT]; /* "In kind": for readers */

typedef struct input {
    char *id, *label;
    input_kind kind;
    bool cost_is_fte; /* {fte, annual_cost, years} */
    double fte, annual_cost, years;
    double cost; /* the cost, as given or as the product */
    int line, col;
    int cost_line, cost_col;
} input;

typedef struct ref_list { /* ids referring to another section */
    size_t n;
    char **ids;
    size_t *index; /* resolved positions in the target section */
    int *lines, *cols;
} ref_list;

typedef struct activity {
    char *id, *label;
    ref_list uses; /* inputs */
    int line, col;
} activity;

/* An expression as written, and where, until resolved. */
typedef struct model_expr {
    char *src;         /* NULL when absent or `all` */
    const ynode *node; /* for error positions; valid while loaded */
    struct expr *tree; /* after model_resolve() */
} model_expr;

typedef struct output {
    char *id, *label;
    ref_list from;    /* activities */
    model_expr count; /* src NULL = all */
    bool has_target;
    double target;
    int line, col;
} output;

typedef enum { HORIZON_SHORT, HORIZON_MEDIUM, HORIZON_LONG } horizon;
extern const char *const horizon_names[3];

typedef enum {
    STRATEGY_NONE,
    STRATEGY_FINANCIAL_SUPPORT,
    STRATEGY_EMPLOYMENT_SKILLS,
    STRATEGY_LIFE_CHANCES,
    STRATEGY_PLACE
} strategy;
extern const char *const strategy_names[5];
extern const char *const strategy_labels[5]; /* "Financial support": for readers */

/* Who gets an outcome's value (docs/manual/logic-model.md, "Values"): the
 * public purse (fiscal, by agency), the economy, or society; a value
 * given as a plain number is of no type. */
typedef enum { VALUE_PLAIN, VALUE_FISCAL, VALUE_ECONOMIC, VALUE_SOCIAL, VALUE_TYPES } value_type;
extern const char *const value_type_names[VALUE_TYPES]; /* "", "fiscal", ... */

typedef struct value_part {
    value_type type;
    long agency;  /* a fiscal part's agency (model.agencies), or -1 */
    double value; /* per outcome per year */
} value_part;

typedef struct outcome {
    char *id, *label;
    horizon horizon;
    ref_list from; /* outputs */
    strategy strategy;
    model_expr eligible; /* src NULL = all */
    model_expr achieved; /* required */
    bool has_target, has_value;
    double target, value; /* value: the sum of the parts */
    value_part *parts;    /* [n_parts], at least one when has_value */
    size_t n_parts;
    int duration; /* whole years, default 1 */
    double drop_off;
    int line, col;
} outcome;

typedef struct impact {
    char *id, *label;
    ref_list from; /* outcomes */
    int line, col;
} impact;

typedef struct area {
    char *id, *label;
    char *baseline_name, *review_name;
    size_t baseline, review; /* field indexes, after model_resolve() */
    bool lower_is_better;
    int line, col;
    int baseline_line, baseline_col, review_line, review_col;
} area;

typedef struct adjustments {
    double deadweight, displacement, attribution, optimism_bias, discount_rate;
    bool green_book; /* discount_rate: green-book, the declining schedule
                        (discount_rate is then its first rate, 3.5%) */
} adjustments;

/* What a one-way sensitivity item varies (docs/manual/methods.md): an
 * adjustment, or one outcome's value, duration, drop-off or achieved
 * count, or one input's cost.  Value, achieved and cost are multipliers. */
typedef enum {
    SENS_DEADWEIGHT,
    SENS_DISPLACEMENT,
    SENS_ATTRIBUTION,
    SENS_OPTIMISM_BIAS,
    SENS_DISCOUNT_RATE,
    SENS_VALUE,
    SENS_DURATION,
    SENS_DROP_OFF,
    SENS_ACHIEVED,
    SENS_COST,
    SENS_NONE /* the base case */
} sens_kind;

typedef struct sens_item {
    sens_kind kind;
    size_t index; /* the outcome or input */
    double low, high;
    int line, col;
} sens_item;

typedef struct breakdown {
    char *name;
    size_t field; /* after model_resolve() */
    int line, col;
} breakdown;

typedef struct model {
    char *file;
    ynode *root; /* the parsed YAML, kept for plugin sections */
    char *id, *title, *pilot, *currency, *rationale, *target_group;
    char *period_start, *period_end; /* ISO dates or NULL */

    input *inputs;
    size_t n_inputs;
    activity *activities;
    size_t n_activities;
    output *outputs;
    size_t n_outputs;
    outcome *outcomes;
    size_t n_outcomes;
    impact *impacts;
    size_t n_impacts;
    char **assumptions;
    size_t n_assumptions;
    char **external_factors;
    size_t n_external_factors;
    adjustments adj;

    char *id_field_name, *date_field_name;
    long id_field, date_field; /* field indexes or -1, after model_resolve() */
    field *fields;
    size_t n_fields;

    bool has_scale;
    int scale_min, scale_max;
    area *areas;
    size_t n_areas;

    breakdown *breakdowns;
    size_t n_breakdowns;

    char **agencies; /* the agencies of fiscal values, first seen first */
    size_t n_agencies;
    bool has_sensitivity; /* a `sensitivity:` list (else the defaults) */
    sens_item *sensitivity;
    size_t n_sensitivity;
} model;

/* Load and check FILE.  Returns THRIVE_OK and the model in *OUT;
 * THRIVE_ERROR_MODEL when a rule is broken, every one recorded in DL, with
 * *OUT still the model as read (so that `validate` can go on to list the
 * errors of the expressions) or NULL when FILE cannot be read or parsed as
 * YAML; THRIVE_ERROR_NOMEM, *OUT NULL, after a diag.
 *
 * @code
 *     model *m;
 *     thrive_error e = model_open("fip.yaml", &dl, &m);
 *     if (m && e == THRIVE_ERROR_MODEL)
 *         model_resolve(m, &dl); // more errors, all reported at once
 * @endcode */
thrive_error model_open(const char *file, diag_list *dl, model **out);

/* The same, the model or NULL: NULL only when the file cannot be read or
 * parsed as YAML, or out of memory (then with an "out of memory" diag);
 * otherwise the model, with any rule broken recorded in DL (check
 * dl->n_errors).  Kept for the callers that predate model_open. */
model *model_load(const char *file, diag_list *dl);

/* Declare a derived field (a plugin's); returns its index, or -1 if the
 * name is taken or memory is short. */
long model_add_field(model *m, const char *name, field_type type);

/* Parse expressions, resolve field references; records errors in DL.
 * Returns THRIVE_OK, THRIVE_ERROR_MODEL (errors recorded by this call) or
 * THRIVE_ERROR_NOMEM (after a diag: the model must not be used). */
thrive_error model_resolve(model *m, diag_list *dl);

/* A plugin's name, as the plugin host looks it up: [a-z0-9_-]+, not empty.
 * MODEL_PILOT_RULE says it in words, for messages. */
bool model_pilot_valid(const char *name);
#define MODEL_PILOT_RULE "lower-case letters, digits, '-' and '_'"

/* C: the sum of the input costs. */

double model_total_cost(const model *m);

/* Index of field NAME, or -1. */
long model_field_index(const model *m, const char *name);

void model_free(model *m);

#endif
