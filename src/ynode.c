/* ynode.c - convert libyaml's document into a plain tree (see ynode.h). */
#include "ynode.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cell.h"

/* Aliases may point back at an ancestor; a model is never this deep. */
#define YNODE_MAX_DEPTH 64

/* Each alias is expanded into a copy of what it names, so a few lines of
 * aliases of aliases can stand for billions of nodes: the tree may hold at
 * most this many nodes more than the document itself. */
#define YNODE_MAX_ALIAS_NODES 100000

/* A model or programme file is a few kilobytes written by hand (a long
 * enum, a few megabytes): a bound for what is read, so that a pipe, a FIFO
 * or /dev/zero named as the model ends with an error. */
#define YNODE_MAX_BYTES (64 * 1024 * 1024)

static char *copy_text(const unsigned char *s, size_t len)
{
    char *t = malloc(len + 1);
    if (t) {
        memcpy(t, s, len);
        t[len] = '\0';
    }
    return t;
}

/* The conversion of one document: how many more nodes the tree may take
 * (0 once the error is given), and whether an allocation failed. */
typedef struct conv {
    yaml_document_t *doc;
    size_t left;
    bool nomem;
    const char *file;
    diag_list *dl;
} conv;

static ynode *convert(conv *cv, yaml_node_t *yn, int depth);

static void convert_scalar(conv *cv, ynode *n, const yaml_node_t *yn)
{
    n->kind = YNODE_SCALAR;
    const char *v = (const char *)yn->data.scalar.value;
    size_t len = yn->data.scalar.length;
    if (!(n->text = copy_text(yn->data.scalar.value, len)))
        cv->nomem = true;
    /* An escape ("\0", "\x01", "\uFFFE") can make a character that would
     * cut the text short in C or break the workbook's XML. */
    const char *bad =
        memchr(v, '\0', len) ? "holds a NUL character (\\0)" : cell_text_problem(v, len);
    if (bad)
        diag_error(cv->dl, cv->file, (int)yn->start_mark.line + 1, (int)yn->start_mark.column + 1,
                   "this text %s%s: write it without that escape",
                   strncmp(bad, "not ", 4) == 0 ? "is " : "", bad);
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
}

static void convert_seq(conv *cv, ynode *n, const yaml_node_t *yn, int depth)
{
    n->kind = YNODE_SEQ;
    size_t count = (size_t)(yn->data.sequence.items.top - yn->data.sequence.items.start);
    if (!(n->items = calloc(count ? count : 1, sizeof *n->items)))
        cv->nomem = true;
    for (size_t i = 0; n->items && i < count; i++) {
        yaml_node_t *child = yaml_document_get_node(cv->doc, yn->data.sequence.items.start[i]);
        ynode *c = child ? convert(cv, child, depth + 1) : NULL;
        if (!c)
            break;
        n->items[n->n++] = c;
    }
}

/* The pair P of map N: false when the conversion must stop. */
static bool convert_pair(conv *cv, ynode *n, const yaml_node_pair_t *p, int depth)
{
    yaml_node_t *k = yaml_document_get_node(cv->doc, p->key);
    yaml_node_t *v = yaml_document_get_node(cv->doc, p->value);
    if (!k || !v)
        return false;
    int kl = (int)k->start_mark.line + 1, kc = (int)k->start_mark.column + 1;
    if (k->type != YAML_SCALAR_NODE) {
        diag_error(cv->dl, cv->file, kl, kc, "expected a plain key, found a collection");
        return true;
    }
    char *key = copy_text(k->data.scalar.value, k->data.scalar.length);
    if (!key) {
        cv->nomem = true;
        return false;
    }
    int first = ynode_key_index(n, key);
    if (first >= 0) {
        diag_error(cv->dl, cv->file, kl, kc, "duplicate key '%s' (first at line %d)", key,
                   n->key_lines[first]);
        free(key);
        return true;
    }
    ynode *c = convert(cv, v, depth + 1);
    if (!c) {
        free(key);
        return false;
    }
    n->keys[n->n] = key;
    n->key_lines[n->n] = kl;
    n->key_cols[n->n] = kc;
    n->items[n->n] = c;
    n->n++;
    return true;
}

static void convert_map(conv *cv, ynode *n, const yaml_node_t *yn, int depth)
{
    n->kind = YNODE_MAP;
    size_t count = (size_t)(yn->data.mapping.pairs.top - yn->data.mapping.pairs.start);
    size_t cap = count ? count : 1;
    n->keys = calloc(cap, sizeof *n->keys);
    n->key_lines = calloc(cap, sizeof *n->key_lines);
    n->key_cols = calloc(cap, sizeof *n->key_cols);
    n->items = calloc(cap, sizeof *n->items);
    if (!n->keys || !n->key_lines || !n->key_cols || !n->items) {
        cv->nomem = true;
        return;
    }
    for (size_t i = 0; i < count; i++)
        if (!convert_pair(cv, n, &yn->data.mapping.pairs.start[i], depth))
            break;
}

/* YN as a tree; NULL after an error (or when an allocation failed). */
static ynode *convert(conv *cv, yaml_node_t *yn, int depth)
{
    int line = (int)yn->start_mark.line + 1, col = (int)yn->start_mark.column + 1;
    if (depth > YNODE_MAX_DEPTH) {
        diag_error(cv->dl, cv->file, line, col,
                   "nesting deeper than %d levels (a recursive alias?)", YNODE_MAX_DEPTH);
        return NULL;
    }
    if (cv->left == 0 || cv->nomem)
        return NULL;
    if (--cv->left == 0) {
        diag_error(cv->dl, cv->file, line, col,
                   "the aliases expand to more than %d nodes beyond those written",
                   YNODE_MAX_ALIAS_NODES);
        return NULL;
    }
    ynode *n = calloc(1, sizeof *n);
    if (!n) {
        cv->nomem = true;
        return NULL;
    }
    n->line = line;
    n->col = col;
    if (yn->type == YAML_SCALAR_NODE)
        convert_scalar(cv, n, yn);
    else if (yn->type == YAML_SEQUENCE_NODE)
        convert_seq(cv, n, yn, depth);
    else if (yn->type == YAML_MAPPING_NODE)
        convert_map(cv, n, yn, depth);
    else {
        n->kind = YNODE_SCALAR;
        if (!(n->text = strdup("")))
            cv->nomem = true;
    }
    return n;
}

/* The whole of FP, NUL-terminated; NULL on a read error, out of memory,
 * or with errno EFBIG past YNODE_MAX_BYTES. */
static char *read_all(FILE *fp, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n > YNODE_MAX_BYTES) {
            errno = EFBIG;
            break;
        }
        n += fread(buf + n, 1, cap - n - 1, fp);
        if (ferror(fp))
            break;
        if (feof(fp)) {
            buf[n] = '\0';
            *len = n;
            return buf;
        }
        char *grown = realloc(buf, cap * 2);
        if (!grown)
            break;
        buf = grown;
        cap *= 2;
    }
    free(buf);
    return NULL;
}

/* libyaml's scanner looks at every open flow collection ([ or {) for every
 * token, so a file nested thousands deep takes quadratic time to load,
 * long before convert() could refuse it.  This first pass over the events
 * stops at the first node deeper than YNODE_MAX_DEPTH.  Returns false after
 * recording the error; a syntax error is left for the load to report. */
static bool check_nesting(const char *src, size_t len, const char *file, diag_list *dl)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return true;
    yaml_parser_set_input_string(&parser, (const unsigned char *)src, len);
    int depth = 0; /* collections open */
    int documents = 0;
    bool ok = true, done = false;
    while (ok && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev))
            break;
        switch (ev.type) {
        case YAML_SCALAR_EVENT:
        case YAML_ALIAS_EVENT:
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (depth > YNODE_MAX_DEPTH) {
                diag_error(dl, file, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                           "nesting deeper than %d levels", YNODE_MAX_DEPTH);
                ok = false;
            }
            depth += ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            break;
        case YAML_DOCUMENT_START_EVENT:
            /* the load reads one document: a second would be silently left */
            if (documents++ > 0) {
                diag_error(dl, file, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                           "a second YAML document: thrive reads one document per file (remove "
                           "this '---' and what follows, or make it a file of its own)");
                ok = false;
            }
            break;
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return ok;
}

/* Every node of the tree shares the source; the root owns it. */
static void set_src(ynode *n, const char *src, size_t len)
{
    n->src = src;
    n->src_len = len;
    for (size_t i = 0; i < n->n; i++)
        set_src(n->items[i], src, len);
}

/* FILE, whole, into *SRC (*LEN bytes); an error after a diag when it
 * cannot be read. */
static thrive_error read_source(const char *file, diag_list *dl, char **src, size_t *len)
{
    FILE *fp = fopen(file, "rb");
    if (!fp) {
        diag_error(dl, file, 0, 0, "cannot open the model: %s", strerror(errno));
        return THRIVE_ERROR_MODEL;
    }
    errno = 0;
    *src = read_all(fp, len);
    int read_errno = errno;
    bool failed = ferror(fp);
    fclose(fp);
    if (*src)
        return THRIVE_OK;
    if (read_errno == EFBIG) {
        diag_error(dl, file, 0, 0,
                   "more than %d MiB: a logic model or a programme is a small text file (is this "
                   "the right "
                   "file?)",
                   YNODE_MAX_BYTES / (1024 * 1024));
        return THRIVE_ERROR_MODEL;
    }
    if (!failed) {
        diag_error(dl, file, 0, 0, "%s", thrive_strerror(THRIVE_ERROR_NOMEM));
        return THRIVE_ERROR_NOMEM;
    }
    diag_error(dl, file, 0, 0, "cannot read the model: %s", strerror(read_errno));
    return THRIVE_ERROR_MODEL;
}

/* Why libyaml could not load the document, where. */
static thrive_error yaml_error(const yaml_parser_t *parser, const char *file, diag_list *dl)
{
    if (parser->error == YAML_MEMORY_ERROR) {
        diag_error(dl, file, 0, 0, "%s", thrive_strerror(THRIVE_ERROR_NOMEM));
        return THRIVE_ERROR_NOMEM;
    }
    const char *what = parser->problem ? parser->problem : "not valid YAML";
    int line = (int)parser->problem_mark.line + 1, col = (int)parser->problem_mark.column + 1;
    if (parser->context && parser->context_mark.line != parser->problem_mark.line)
        /* Where the unclosed construct starts is often the real mistake. */
        diag_error(dl, file, line, col, "not valid YAML: %s %s that starts at line %d", what,
                   parser->context, (int)parser->context_mark.line + 1);
    else if (parser->context)
        diag_error(dl, file, line, col, "not valid YAML: %s %s", what, parser->context);
    else
        diag_error(dl, file, line, col, "not valid YAML: %s", what);
    return THRIVE_ERROR_MODEL;
}

/* The first document of DOC as a tree in *OUT (NULL when there is none). */
static thrive_error convert_document(yaml_document_t *doc, const char *file, diag_list *dl,
                                     ynode **out)
{
    yaml_node_t *top = yaml_document_get_root_node(doc);
    if (!top) {
        diag_error(dl, file, 1, 1,
                   "the model is empty: expected a mapping with 'model', 'inputs', 'outcomes' "
                   "and the other sections");
        return THRIVE_ERROR_MODEL;
    }
    size_t written = (size_t)(doc->nodes.top - doc->nodes.start);
    conv cv = {.doc = doc, .left = written + YNODE_MAX_ALIAS_NODES + 1, .file = file, .dl = dl};
    ynode *root = convert(&cv, top, 0);
    if (cv.nomem) {
        ynode_free(root);
        diag_error(dl, file, 0, 0, "%s", thrive_strerror(THRIVE_ERROR_NOMEM));
        return THRIVE_ERROR_NOMEM;
    }
    if (cv.left == 0) { /* too big: a partial tree would only add errors */
        ynode_free(root);
        return THRIVE_ERROR_MODEL;
    }
    *out = root;
    return root ? THRIVE_OK : THRIVE_ERROR_MODEL;
}

thrive_error ynode_load(const char *file, diag_list *dl, ynode **out)
{
    *out = NULL;
    char *src;
    size_t len = 0;
    thrive_error e = read_source(file, dl, &src, &len);
    if (e != THRIVE_OK)
        return e;
    if (!check_nesting(src, len, file, dl)) {
        free(src);
        return THRIVE_ERROR_MODEL;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        free(src);
        diag_error(dl, file, 0, 0, "%s", thrive_strerror(THRIVE_ERROR_NOMEM));
        return THRIVE_ERROR_NOMEM;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)src, len);
    if (!yaml_parser_load(&parser, &doc))
        e = yaml_error(&parser, file, dl);
    else {
        e = convert_document(&doc, file, dl, out);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    if (*out) {
        set_src(*out, src, len);
        (*out)->owns_src = true;
    } else
        free(src);
    return e;
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
    if (n->owns_src)
        free((char *)n->src);
    free(n);
}

const char *ynode_kind_word(ynode_kind k)
{
    return k == YNODE_MAP ? "a mapping" : k == YNODE_SEQ ? "a list" : "a single value";
}

const char *ynode_text_of(const ynode *map, const char *key, bool required, const char *where,
                          diag_list *dl, const char *file)
{
    const ynode *v = ynode_get(map, key);
    if (!v) {
        if (required)
            diag_error(dl, file, map->line, map->col, "%s has no '%s'", where, key);
        return NULL;
    }
    if (v->kind != YNODE_SCALAR) {
        diag_error(dl, file, v->line, v->col, "'%s' in %s must be a single value, found %s", key,
                   where, ynode_kind_word(v->kind));
        return NULL;
    }
    return v->text;
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

long ynode_unknown_key(const ynode *m, const char *const *allowed, size_t n, size_t from,
                       const char **hint)
{
    *hint = NULL;
    if (!m || m->kind != YNODE_MAP)
        return -1;
    for (size_t i = from; i < m->n; i++) {
        bool known = false;
        for (size_t j = 0; !known && allowed && j < n; j++)
            known = allowed[j] && strcmp(m->keys[i], allowed[j]) == 0;
        if (!known) {
            *hint = diag_suggest(m->keys[i], allowed, allowed ? n : 0);
            return (long)i;
        }
    }
    return -1;
}

const ynode *ynode_get(const ynode *m, const char *key)
{
    int i = ynode_key_index(m, key);
    return i < 0 ? NULL : m->items[i];
}

/* Byte offset in SRC of the character at LINE:COL (1-based; columns count
 * characters, as libyaml does), or LEN when past the end. */
static size_t src_offset(const char *src, size_t len, int line, int col)
{
    size_t j = 0;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        j = 3; /* libyaml skips a byte-order mark without counting it */
    for (int l = 1; l < line && j < len; j++)
        if (src[j] == '\n')
            l++;
    for (int c = 1; c < col && j < len; c++)
        do
            j++;
        while (j < len && ((unsigned char)src[j] & 0xC0) == 0x80);
    return j;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void ynode_text_pos(const ynode *s, size_t offset, int *line, int *col)
{
    *line = s->line;
    *col = s->col;
    if (s->kind != YNODE_SCALAR || !s->text || !s->src)
        return;
    size_t tlen = strlen(s->text);
    if (offset > tlen)
        offset = tlen;
    const char *src = s->src;
    size_t len = s->src_len;
    size_t start = src_offset(src, len, s->line, s->col);
    size_t j = start;
    char quote = 0;
    if (s->style == YSTYLE_QUOTED && j < len) {
        quote = src[j];
        j++;
    } else if (s->style == YSTYLE_BLOCK) {
        /* The value starts on the line after the '|' or '>' indicator. */
        while (j < len && src[j] != '\n')
            j++;
        j++;
    }
    /* Replay the value against its source.  Folding and indentation change
     * only white space, and escapes only quoted text, so every other
     * character of the value is written, in order, in the source. */
    for (size_t i = 0; i < offset && j < len; i++) {
        char c = s->text[i];
        if (is_space(c)) {
            if (is_space(src[j]))
                while (j < len && is_space(src[j]))
                    j++;
            else if (quote == '"' && src[j] == '\\')
                j += 2; /* an escaped \n or \t */
            continue;
        }
        while (j < len && is_space(src[j]))
            j++;
        if (quote == '"' && src[j] == '\\')
            j += 2;
        else if (quote == '\'' && src[j] == '\'')
            j += 2; /* '' is one quote */
        else
            j++;
    }
    if (offset < tlen && !is_space(s->text[offset]))
        while (j < len && is_space(src[j]))
            j++;
    /* Check that the replay landed on the character; if not (an escape it
     * does not know), the scalar's start is the best answer. */
    if (j > len || j < start)
        return;
    if (offset < tlen) {
        char c = s->text[offset];
        bool escaped = (quote == '"' && src[j] == '\\') || (quote == '\'' && src[j] == '\'');
        if (!is_space(c) && src[j] != c && !escaped)
            return;
    }
    int l = s->line, k = s->col;
    for (size_t p = start; p < j; p++) {
        if (src[p] == '\n') {
            l++;
            k = 1;
        } else if (((unsigned char)src[p] & 0xC0) != 0x80)
            k++;
    }
    *line = l;
    *col = k;
}
