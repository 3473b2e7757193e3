/* ynode.h - a YAML document as a plain tree, with the position of every node.
 *
 * libyaml parses the file; thrive keeps only what a logic model needs:
 * mappings (in file order), sequences and scalars, each scalar the string
 * exactly as written (no YAML 1.1 booleans: `yes` is the string "yes").
 * Plugins read their own section through the same tree.
 */
#ifndef THRIVE_YNODE_H
#define THRIVE_YNODE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "error.h"

typedef enum { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ } ynode_kind;

/* How a scalar was written: plain, quoted or a block (| or >).  Used to
 * map an offset inside the text back to a column in the file. */
typedef enum { YSTYLE_PLAIN, YSTYLE_QUOTED, YSTYLE_BLOCK } ynode_style;

typedef struct ynode ynode;
struct ynode {
    ynode_kind kind;
    ynode_style style;
    int line, col; /* 1-based position of the node's first character */
    char *text;    /* scalar: its value; NULL otherwise */
    size_t n;      /* map: number of pairs; seq: number of items */
    char **keys;   /* map: keys in file order */
    int *key_lines, *key_cols;
    ynode **items;   /* map: values; seq: items */
    const char *src; /* the whole file as read, shared by every node of a
                            tree and owned by its root (for ynode_text_pos) */
    size_t src_len;
    bool owns_src;
};

/* Parse the first document of FILE into *OUT.  Returns THRIVE_OK;
 * THRIVE_ERROR_MODEL when FILE cannot be read or is not valid YAML (or is
 * nested too deeply, or its aliases expand too far), after a diag;
 * THRIVE_ERROR_NOMEM, after a diag too.  *OUT is NULL on error. */
thrive_error ynode_load(const char *file, diag_list *dl, ynode **out);
void ynode_free(ynode *n);

/* The value of KEY in map M, or NULL (also when M is not a map). */
const ynode *ynode_get(const ynode *m, const char *key);
/* "a mapping", "a list" or "a single value", for "found %s". */
const char *ynode_kind_word(ynode_kind k);
/* The text of KEY in map MAP (a key of WHERE: "a site"), or NULL after an
 * error in DL at FILE when KEY is absent and REQUIRED ("WHERE has no
 * 'KEY'") or its value is not a single value.  The text may be empty. */
const char *ynode_text_of(const ynode *map, const char *key, bool required, const char *where,
                          diag_list *dl, const char *file);
/* Index of KEY in map M, or -1. */
int ynode_key_index(const ynode *m, const char *key);

/* Index of the first key of map M, from index FROM on, that is not among
 * ALLOWED[0..N) (NULL entries are skipped), or -1.  *HINT is then the
 * allowed key nearest to it (a near miss, for "did you mean"), or NULL.
 * Walk every unknown key with
 *     for (long i = -1; (i = ynode_unknown_key(m, allowed, n, i + 1, &hint)) >= 0;)  */
long ynode_unknown_key(const ynode *m, const char *const *allowed, size_t n, size_t from,
                       const char **hint);

/* Line and column in the file of byte OFFSET inside a scalar's text.  The
 * scalar's source is replayed against its value, so plain scalars folded
 * over several lines, block scalars (| and >) and quoted scalars with
 * escapes map back to where the character is written. */
void ynode_text_pos(const ynode *s, size_t offset, int *line, int *col);

#endif
