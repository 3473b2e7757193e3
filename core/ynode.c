/* ynode.c - convert libyaml's document into a plain tree (see ynode.h). */
#include "ynode.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Aliases may point back at an ancestor; a model is never this deep. */
#define YNODE_MAX_DEPTH 64

static char *copy_text(const unsigned char *s, size_t len)
{
    char *t = malloc(len + 1);
    if (t) {
        memcpy(t, s, len);
        t[len] = '\0';
    }
    return t;
}

static ynode *convert(yaml_document_t *doc, yaml_node_t *yn, int depth, const char *file,
                      diag_list *dl)
{
    if (depth > YNODE_MAX_DEPTH) {
        diag_error(dl, file, (int)yn->start_mark.line + 1, (int)yn->start_mark.column + 1,
                   "nesting deeper than %d levels (a recursive alias?)", YNODE_MAX_DEPTH);
        return NULL;
    }
    ynode *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->line = (int)yn->start_mark.line + 1;
    n->col = (int)yn->start_mark.column + 1;
    switch (yn->type) {
    case YAML_SCALAR_NODE:
        n->kind = YNODE_SCALAR;
        n->text = copy_text(yn->data.scalar.value, yn->data.scalar.length);
        switch (yn->data.scalar.style) {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE:
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
            n->style = YSTYLE_QUOTED;
            break;
        case YAML_LITERAL_SCALAR_STYLE:
        case YAML_FOLDED_SCALAR_STYLE:
            n->style = YSTYLE_BLOCK;
            break;
        default:
            n->style = YSTYLE_PLAIN;
        }
        break;
    case YAML_SEQUENCE_NODE: {
        n->kind = YNODE_SEQ;
        size_t count = (size_t)(yn->data.sequence.items.top - yn->data.sequence.items.start);
        n->items = calloc(count ? count : 1, sizeof *n->items);
        for (size_t i = 0; n->items && i < count; i++) {
            yaml_node_t *child = yaml_document_get_node(doc, yn->data.sequence.items.start[i]);
            ynode *c = child ? convert(doc, child, depth + 1, file, dl) : NULL;
            if (!c)
                break;
            n->items[n->n++] = c;
        }
        break;
    }
    case YAML_MAPPING_NODE: {
        n->kind = YNODE_MAP;
        size_t count = (size_t)(yn->data.mapping.pairs.top - yn->data.mapping.pairs.start);
        size_t cap = count ? count : 1;
        n->keys = calloc(cap, sizeof *n->keys);
        n->key_lines = calloc(cap, sizeof *n->key_lines);
        n->key_cols = calloc(cap, sizeof *n->key_cols);
        n->items = calloc(cap, sizeof *n->items);
        if (!n->keys || !n->key_lines || !n->key_cols || !n->items)
            break;
        for (size_t i = 0; i < count; i++) {
            yaml_node_pair_t *p = &yn->data.mapping.pairs.start[i];
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            yaml_node_t *v = yaml_document_get_node(doc, p->value);
            if (!k || !v)
                break;
            int kl = (int)k->start_mark.line + 1, kc = (int)k->start_mark.column + 1;
            if (k->type != YAML_SCALAR_NODE) {
                diag_error(dl, file, kl, kc, "expected a plain key, found a collection");
                continue;
            }
            char *key = copy_text(k->data.scalar.value, k->data.scalar.length);
            if (!key)
                break;
            if (ynode_key_index(n, key) >= 0) {
                diag_error(dl, file, kl, kc, "duplicate key '%s'", key);
                free(key);
                continue;
            }
            ynode *c = convert(doc, v, depth + 1, file, dl);
            if (!c) {
                free(key);
                break;
            }
            n->keys[n->n] = key;
            n->key_lines[n->n] = kl;
            n->key_cols[n->n] = kc;
            n->items[n->n] = c;
            n->n++;
        }
        break;
    }
    default:
        n->kind = YNODE_SCALAR;
        n->text = strdup("");
    }
    return n;
}

ynode *ynode_load(const char *file, diag_list *dl)
{
    FILE *fp = fopen(file, "rb");
    if (!fp) {
        diag_error(dl, file, 0, 0, "cannot open the model: %s", strerror(errno));
        return NULL;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        fclose(fp);
        diag_error(dl, file, 0, 0, "out of memory");
        return NULL;
    }
    yaml_parser_set_input_file(&parser, fp);
    ynode *root = NULL;
    if (!yaml_parser_load(&parser, &doc)) {
        const char *what = parser.problem ? parser.problem : "not valid YAML";
        if (parser.context)
            diag_error(dl, file, (int)parser.problem_mark.line + 1,
                       (int)parser.problem_mark.column + 1, "not valid YAML: %s %s", what,
                       parser.context);
        else
            diag_error(dl, file, (int)parser.problem_mark.line + 1,
                       (int)parser.problem_mark.column + 1, "not valid YAML: %s", what);
    } else {
        yaml_node_t *top = yaml_document_get_root_node(&doc);
        if (!top)
            diag_error(dl, file, 1, 1, "the model is empty: expected a mapping with "
                                       "'model', 'inputs', 'outcomes' and the other sections");
        else
            root = convert(&doc, top, 0, file, dl);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    fclose(fp);
    return root;
}

void ynode_free(ynode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++) {
        ynode_free(n->items[i]);
        if (n->keys)
            free(n->keys[i]);
    }
    free(n->items);
    free(n->keys);
    free(n->key_lines);
    free(n->key_cols);
    free(n->text);
    free(n);
}

int ynode_key_index(const ynode *m, const char *key)
{
    if (!m || m->kind != YNODE_MAP)
        return -1;
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->keys[i], key) == 0)
            return (int)i;
    return -1;
}

const ynode *ynode_get(const ynode *m, const char *key)
{
    int i = ynode_key_index(m, key);
    return i < 0 ? NULL : m->items[i];
}

void ynode_text_pos(const ynode *s, size_t offset, int *line, int *col)
{
    *line = s->line;
    *col = s->col;
    if (s->kind != YNODE_SCALAR || !s->text)
        return;
    if (s->style == YSTYLE_BLOCK) {
        /* The text starts on the line after the indicator; the indentation
         * is not known here, so point at the line only. */
        size_t lines = 1;
        for (size_t i = 0; i < offset && s->text[i]; i++)
            lines += s->text[i] == '\n';
        *line = s->line + (int)lines;
        *col = 0;
        return;
    }
    if (memchr(s->text, '\n', offset < strlen(s->text) ? offset : strlen(s->text)))
        return; /* folded over several lines: the node's start is the best we know */
    *col = s->col + (int)offset + (s->style == YSTYLE_QUOTED ? 1 : 0);
}
