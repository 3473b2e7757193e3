/* model_int.h - the logic-model loader's own helpers, shared by its files:
 * model.c (the whole model), model_read.c (typed reading of the YAML tree,
 * with errors), model_chain.c (inputs to impacts), model_data.c (the data
 * dictionary, distance travelled, breakdowns) and model_resolve.c.
 *
 * Every helper records what is wrong in the loader's diag_list, at the
 * position of the offending node, and the walk goes on: one run of
 * `thrive validate` shows every mistake in a file.  An allocation that
 * fails sets `nomem`, and the model is then refused as out of memory,
 * never used with a part missing.
 */
#ifndef THRIVE_MODEL_INT_H
#define THRIVE_MODEL_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

typedef struct loader {
    model *m;
    diag_list *dl;
    bool nomem; /* an allocation failed: the model is incomplete */
} loader;

void ld_error(loader *ld, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Past DIAG_MAX, errors are only counted.  Their hint and exact position
 * each cost a search through a whole section or file, which over thousands
 * of errors would take quadratic time: skip them when this is false. */
bool ld_kept(const loader *ld);

/* calloc of N (at least 1) items and strdup (NULL for NULL) that set
 * ld->nomem when they fail. */
void *ld_calloc(loader *ld, size_t n, size_t size);
char *ld_strdup(loader *ld, const char *s);

/* Position of KEY's key in MAP, or of MAP itself when absent. */
void ld_key_pos(const ynode *map, const char *key, int *line, int *col);

/* Unknown keys of MAP are errors, with a hint when one is a near miss of
 * ALLOWED[0..N).  EXTRA_OK (may be NULL) is one more key allowed: at the
 * top level, the plugin's section. */
void ld_check_keys(loader *ld, const ynode *map, const char *const *allowed, size_t n,
                   const char *where, const char *extra_ok);

/* N when it is of KIND, else NULL after an error naming WHAT (N NULL: NULL). */
const ynode *ld_expect(loader *ld, const ynode *n, ynode_kind kind, const char *what);

/* The scalar under KEY in MAP; NULL when absent (an error when REQUIRED),
 * not a scalar, or empty and REQUIRED.  WHERE names MAP in messages. */
const char *ld_text(loader *ld, const ynode *map, const char *key, bool required,
                    const char *where);
char *ld_dup_text(loader *ld, const ynode *map, const char *key, bool required, const char *where);
/* A number under KEY within [LO, HI] into *OUT; true when present and valid. */
bool ld_number(loader *ld, const ynode *map, const char *key, double lo, double hi, double *out,
               const char *where);
/* true or false under KEY; false when absent. */
bool ld_bool(loader *ld, const ynode *map, const char *key, const char *where);
/* Index of scalar V's text in NAMES[0..N), or -1 after an error listing
 * the choices. */
int ld_choice(loader *ld, const ynode *v, const char *key, const char *const *names, size_t n,
              const char *where);

/* The list of section KEY at the top level; NULL when absent (an error
 * when REQUIRED) or not a list. */
const ynode *ld_section(loader *ld, const ynode *root, const char *key, bool required);

/* A list of ids (or one id) under KEY, into R. */
void ld_refs(loader *ld, const ynode *map, const char *key, ref_list *r, const char *where,
             bool required);

/* The kinds of items with an id (inputs, activities, outputs, outcomes,
 * impacts, distance areas): how to read one, and where its id, label and
 * position are in its struct, so that one function reads every list and
 * checks every id. */
typedef struct item_kind {
    const char *item;    /* "an input": where an error is */
    const char *noun;    /* "input": in "unknown input 'x'" */
    const char *section; /* "inputs": in "duplicate id 'x' in inputs" */
    const char *const *keys;
    size_t n_keys;
    size_t size, id, label, line, col; /* sizeof and offsetof in the struct */
    /* What the item has besides its id and label, to read and to free;
     * either may be NULL. */
    void (*load)(loader *ld, void *item, const ynode *node);
    void (*clear)(void *item);
} item_kind;

#define ITEM_KIND(type, item, noun, section, keys, load, clear)                                    \
    {                                                                                              \
        item, noun, section, keys, sizeof keys / sizeof *keys, sizeof(type), offsetof(type, id),   \
            offsetof(type, label), offsetof(type, line), offsetof(type, col), load, clear          \
    }

/* The items of LIST, each a mapping of K's keys: an array of K's structs,
 * *N of them (the items that are not mappings are left out, after an
 * error). */
void *ld_items(loader *ld, const ynode *list, const item_kind *k, size_t *n);

/* Every id of the N items at BASE is unique. */
void ld_unique(loader *ld, const item_kind *k, const void *base, size_t n);

/* Resolve the ids of R against the N items of kind K at BASE. */
void ld_resolve_refs(loader *ld, ref_list *r, const item_kind *k, const void *base, size_t n);

/* Free the N items of kind K at BASE, and BASE; and a ref_list's members. */
void ld_free_items(const item_kind *k, void *base, size_t n);
void ld_free_refs(ref_list *r);

/* The sections, in the order they are read. */
void ld_load_chain(loader *ld, const ynode *root); /* inputs ... impacts, adjustments */
void ld_load_data(loader *ld, const ynode *root);  /* data: id, date, fields */
void ld_load_distance(loader *ld, const ynode *root);
void ld_load_breakdowns(loader *ld, const ynode *root);
extern const item_kind ld_area_items; /* distance_travelled.areas */
/* An outcome's value: a number, or split by who benefits (model_value.c);
 * `discount_rate: green-book` (true when so: the rate is not read as a
 * number); the `sensitivity:` list, after the outcomes and inputs. */
void ld_load_value(loader *ld, outcome *o, const ynode *node);
bool ld_load_discount(loader *ld, const ynode *adjustments);
void ld_load_sensitivity(loader *ld, const ynode *root);
void ld_free_values(model *m);
/* Every id unique in its section, every reference resolved. */
void ld_check_ids(loader *ld);
/* Free what ld_load_chain, and ld_load_data, ld_load_distance and
 * ld_load_breakdowns, put in M. */
void ld_free_chain(model *m);
void ld_free_data(model *m);

#endif
