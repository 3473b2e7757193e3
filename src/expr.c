/* expr.c - parse and evaluate expressions (see expr.h, docs/manual/expressions.md).
 *
 * A recursive-descent parser over a hand-written tokenizer.  Literals are
 * checked against the field's type at parse time, so evaluation never
 * fails: every test on a missing cell is simply false.
 */
#include "expr.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { E_OR, E_AND, E_NOT, E_CMP, E_MATCH, E_IN, E_MISSING, E_PRESENT } expr_kind;
typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE } cmp_op;

typedef struct literal {
    double num; /* integer, number or date fields; an enum value's index */
    char *str;  /* text and enum fields */
    size_t len;
} literal;

/* Parentheses and 'not's inside one another, at most: the parser and the
 * evaluation recurse once per level, so an expression may not exhaust the
 * stack however it is written. */
#define EXPR_MAX_NESTING 256

struct expr {
    expr_kind kind;
    expr *a;      /* the operand of not */
    expr **ops;   /* the operands of or / and: a chain of any length is one */
    size_t n_ops; /*   node, evaluated by a loop, not by recursion */
    size_t field;
    cmp_op op;
    bool numeric;  /* compare num, not str (an enum by index for = != in) */
    literal *lits; /* one for a comparison, several for `in` */
    size_t n_lits;
    pattern *re;
    size_t start, end; /* a test's text in the source, for messages */
};

/* ---- tokens ---- */

typedef enum {
    T_END,
    T_IDENT,
    T_STRING,
    T_NUMBER,
    T_DATE,
    T_REGEX,
    T_OP,
    T_MATCH,
    T_LPAREN,
    T_RPAREN,
    T_LBRACKET,
    T_RBRACKET,
    T_COMMA,
    T_BAD
} tok_kind;

typedef struct token {
    tok_kind kind;
    size_t start, len; /* in the source */
    cmp_op op;
    double num;
    char *text;  /* unescaped string, identifier, or regex body */
    char *flags; /* regex flags */
} token;

typedef struct parser {
    const char *src;
    size_t pos;
    token tok;
    const field *fields;
    size_t n_fields;
    int nesting;     /* parentheses and 'not's open around the current token */
    size_t prev_end; /* where the token before the current one ends */
    bool failed;
    bool nomem; /* the failure is an allocation's */
    expr_error *err;
} parser;

static void fail(parser *p, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(parser *p, size_t offset, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    p->err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
    va_end(ap);
}

/* An allocation failed at OFFSET: the parse stops, as out of memory. */
static void fail_nomem(parser *p, size_t offset)
{
    if (!p->failed)
        p->nomem = true;
    fail(p, offset, "%s", thrive_strerror(THRIVE_ERROR_NOMEM));
}

static void tok_clear(token *t)
{
    free(t->text);
    free(t->flags);
    memset(t, 0, sizeof *t);
}

static char *substr(const char *s, size_t len)
{
    char *t = malloc(len + 1);
    if (t) {
        memcpy(t, s, len);
        t[len] = '\0';
    }
    return t;
}

static void lex_string(parser *p, token *t)
{
    const char *s = p->src;
    size_t i = p->pos + 1;
    /* The text is at most as long as the source up to the closing quote
     * (not the rest of the expression: a string per test would make that
     * quadratic). */
    size_t end = i;
    while (s[end] && s[end] != '"')
        end += s[end] == '\\' && s[end + 1] ? 2 : 1;
    char *out = malloc(end - i + 1);
    size_t n = 0;
    if (!out) {
        fail_nomem(p, p->pos);
        t->kind = T_BAD;
        return;
    }
    for (;;) {
        char c = s[i];
        if (c == '\0') {
            free(out);
            fail(p, p->pos, "unterminated string: expected a closing '\"'");
            t->kind = T_BAD;
            return;
        }
        if (c == '"')
            break;
        if (c == '\\') {
            if (s[i + 1] != '"' && s[i + 1] != '\\') {
                free(out);
                fail(p, i, "unknown escape '\\%c' in a string: only \\\" and \\\\ are allowed",
                     s[i + 1] ? s[i + 1] : ' ');
                t->kind = T_BAD;
                return;
            }
            c = s[++i];
        }
        out[n++] = c;
        i++;
    }
    out[n] = '\0';
    t->kind = T_STRING;
    t->text = out;
    t->len = i + 1 - p->pos;
}

static void lex_regex(parser *p, token *t)
{
    const char *s = p->src;
    size_t i = p->pos + 1;
    while (s[i] && s[i] != '/') {
        if (s[i] == '\\' && s[i + 1])
            i++;
        i++;
    }
    if (s[i] != '/') {
        fail(p, p->pos, "unterminated regex: expected a closing '/'");
        t->kind = T_BAD;
        return;
    }
    t->text = substr(s + p->pos + 1, i - p->pos - 1);
    size_t f = ++i;
    while (isalpha((unsigned char)s[i]))
        i++;
    t->flags = substr(s + f, i - f);
    t->kind = T_REGEX;
    t->len = i - p->pos;
    if (!t->text || !t->flags) {
        fail_nomem(p, p->pos);
        t->kind = T_BAD;
    }
}

/* A character that starts no token, at p->pos: what was probably meant
 * (the operators of other languages, single quotes). */
static void fail_stray(parser *p, char c)
{
    const char *s = p->src + p->pos;
    if (c == '=')
        fail(p, p->pos, "unexpected '=': use '==' to compare");
    else if (c == '&')
        fail(p, p->pos, "unexpected '%s': write 'and'", s[1] == '&' ? "&&" : "&");
    else if (c == '|')
        fail(p, p->pos, "unexpected '%s': write 'or'", s[1] == '|' ? "||" : "|");
    else if (c == '!')
        fail(p, p->pos, "unexpected '!': write 'not' (or '!=' to compare)");
    else if (c == '\'' && strchr(s + 1, '\''))
        fail(p, p->pos, "strings take double quotes: write \"%.*s\"",
             (int)(strchr(s + 1, '\'') - s - 1), s + 1);
    else if (c == '\'')
        fail(p, p->pos, "strings take double quotes (\"yes\"), not single ones");
    else
        fail(p, p->pos, "unexpected character '%c'", c);
}

/* Advance to the next token.  REGEX_OK: a '/' starts a regex. */
static void next(parser *p, bool regex_ok)
{
    p->prev_end = p->tok.start + p->tok.len;
    tok_clear(&p->tok);
    const char *s = p->src;
    while (isspace((unsigned char)s[p->pos]))
        p->pos++;
    token *t = &p->tok;
    t->start = p->pos;
    char c = s[p->pos];
    if (c == '\0') {
        t->kind = T_END;
        return;
    }
    if (isalpha((unsigned char)c) || c == '_') {
        size_t i = p->pos;
        while (isalnum((unsigned char)s[i]) || s[i] == '_')
            i++;
        t->kind = T_IDENT;
        t->len = i - p->pos;
        t->text = substr(s + p->pos, t->len);
        if (!t->text) {
            fail_nomem(p, p->pos);
            t->kind = T_BAD;
        }
    } else if (isdigit((unsigned char)c) || c == '.' || c == '-' || c == '+') {
        size_t i = p->pos + 1;
        while (isalnum((unsigned char)s[i]) || s[i] == '.' ||
               ((s[i] == '-' || s[i] == '+') && (isdigit((unsigned char)s[i + 1]))))
            i++;
        t->len = i - p->pos;
        if (s[i] == '%' && field_parse_number(s + p->pos, t->len, &t->num)) {
            t->kind = T_BAD;
            fail(p, p->pos,
                 "'%.*s%%': expressions take no '%%': write the share, %g (or %g if the field "
                 "holds percentages)",
                 (int)t->len, s + p->pos, t->num / 100, t->num);
        } else if (field_parse_date(s + p->pos, t->len, &t->num) && s[p->pos + 4] == '-')
            t->kind = T_DATE;
        else if (field_parse_number(s + p->pos, t->len, &t->num))
            t->kind = T_NUMBER;
        else {
            t->kind = T_BAD;
            fail(p, p->pos, "'%.*s' is not a number or a date (YYYY-MM-DD)", (int)t->len,
                 s + p->pos);
        }
    } else if (c == '"') {
        lex_string(p, t);
    } else if (c == '/' && regex_ok) {
        lex_regex(p, t);
    } else {
        static const struct {
            const char *text;
            tok_kind kind;
            cmp_op op;
        } ops[] = {{"==", T_OP, OP_EQ},      {"!=", T_OP, OP_NE},      {"<=", T_OP, OP_LE},
                   {">=", T_OP, OP_GE},      {"=~", T_MATCH, OP_EQ},   {"<", T_OP, OP_LT},
                   {">", T_OP, OP_GT},       {"(", T_LPAREN, OP_EQ},   {")", T_RPAREN, OP_EQ},
                   {"[", T_LBRACKET, OP_EQ}, {"]", T_RBRACKET, OP_EQ}, {",", T_COMMA, OP_EQ}};
        for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
            size_t n = strlen(ops[k].text);
            if (strncmp(s + p->pos, ops[k].text, n) == 0) {
                t->kind = ops[k].kind;
                t->op = ops[k].op;
                t->len = n;
                break;
            }
        }
        if (t->len == 0) {
            t->kind = T_BAD;
            fail_stray(p, c);
        }
    }
    p->pos = t->start + t->len;
}

static bool is_word(const token *t, const char *w)
{
    return t->kind == T_IDENT && strcmp(t->text, w) == 0;
}

static const char *tok_desc(const token *t)
{
    switch (t->kind) {
    case T_END:
        return "the end";
    case T_STRING:
        return "a string";
    case T_NUMBER:
        return "a number";
    case T_DATE:
        return "a date";
    default:
        return NULL;
    }
}

static void fail_expected(parser *p, const char *what)
{
    const char *desc = tok_desc(&p->tok);
    if (desc)
        fail(p, p->tok.start, "expected %s, found %s", what, desc);
    else
        fail(p, p->tok.start, "expected %s, found '%.*s'", what, (int)p->tok.len,
             p->src + p->tok.start);
}

/* ---- tree ---- */

/* A new node of KIND, or NULL after failing as out of memory. */
static expr *node(parser *p, expr_kind kind)
{
    expr *e = calloc(1, sizeof *e);
    if (e)
        e->kind = kind;
    else
        fail_nomem(p, p->tok.start);
    return e;
}

void expr_free(expr *e)
{
    if (!e)
        return;
    expr_free(e->a);
    for (size_t i = 0; i < e->n_ops; i++)
        expr_free(e->ops[i]);
    free(e->ops);
    for (size_t i = 0; i < e->n_lits; i++)
        free(e->lits[i].str);
    free(e->lits);
    pattern_free(e->re);
    free(e);
}

/* Convert the current token into a literal for field F. */
static bool take_literal(parser *p, const field *f, literal *lit)
{
    token *t = &p->tok;
    switch (f->type) {
    case FIELD_INTEGER:
    case FIELD_NUMBER:
        if (t->kind != T_NUMBER) {
            fail_expected(p, f->type == FIELD_INTEGER ? "an integer (the field is an integer)"
                                                      : "a number (the field is a number)");
            return false;
        }
        lit->num = t->num;
        return true;
    case FIELD_DATE:
        if (t->kind != T_DATE) {
            fail_expected(p, "a date like 2010-04-01 (the field is a date)");
            return false;
        }
        lit->num = t->num;
        return true;
    case FIELD_ENUM:
    case FIELD_TEXT:
        if (t->kind != T_STRING) {
            fail_expected(p, "a string in double quotes");
            return false;
        }
        long index = f->type == FIELD_ENUM ? field_value_index(f, t->text, strlen(t->text)) : 0;
        if (index < 0) {
            fail(p, t->start, "\"%s\" is not one of the values of enum field '%s'", t->text,
                 f->name);
            return false;
        }
        lit->num = (double)index; /* an enum cell's num is its value's index */
        lit->len = strlen(t->text);
        lit->str = t->text;
        t->text = NULL;
        return true;
    }
    return false;
}

static expr *parse_or(parser *p);

/* FIELD OP VALUE, the operator being the current token. */
static expr *parse_cmp(parser *p, const field *f)
{
    expr *e = node(p, E_CMP);
    if (!e)
        return NULL;
    e->op = p->tok.op;
    /* an enum's values are equal when their indexes are; < and > compare
     * them as text */
    e->numeric = field_type_numeric(f->type) ||
                 (f->type == FIELD_ENUM && (e->op == OP_EQ || e->op == OP_NE));
    e->lits = calloc(1, sizeof *e->lits);
    if (!e->lits)
        fail_nomem(p, p->tok.start);
    next(p, false);
    if (!e->lits || !take_literal(p, f, e->lits)) {
        expr_free(e);
        return NULL;
    }
    e->n_lits = 1;
    next(p, false);
    return e;
}

/* FIELD =~ /REGEX/FLAGS, after the '=~'. */
static expr *parse_match(parser *p)
{
    token *t = &p->tok;
    next(p, true);
    if (t->kind != T_REGEX) {
        fail_expected(p, "a regex like /pattern/ after '=~'");
        return NULL;
    }
    unsigned flags = 0;
    for (const char *fl = t->flags; *fl; fl++) {
        if (*fl != 'i') {
            fail(p, t->start + t->len - strlen(t->flags) + (size_t)(fl - t->flags),
                 "unknown regex flag '%c': only 'i' (caseless) is allowed", *fl);
            return NULL;
        }
        flags |= PATTERN_CASELESS;
    }
    char why[160];
    size_t off = 0;
    pattern *re;
    thrive_error err = pattern_compile(t->text, flags, &re, &off, why, sizeof why);
    if (err == THRIVE_ERROR_MODEL)
        fail(p, t->start + 1 + off, "bad regex: %s", why);
    else if (err != THRIVE_OK)
        fail_nomem(p, t->start);
    if (err != THRIVE_OK)
        return NULL;
    expr *e = node(p, E_MATCH);
    if (!e) {
        pattern_free(re);
        return NULL;
    }
    e->re = re;
    next(p, false);
    return e;
}

/* Append LIT to the literals of E, doubling the room (long lists stay
 * linear); false after failing as out of memory. */
static bool add_literal(parser *p, expr *e, size_t *cap, literal lit)
{
    if (e->n_lits == *cap) {
        size_t n = *cap ? *cap * 2 : 4;
        literal *grown = realloc(e->lits, n * sizeof *grown);
        if (!grown) {
            free(lit.str);
            fail_nomem(p, p->tok.start);
            return false;
        }
        e->lits = grown;
        *cap = n;
    }
    e->lits[e->n_lits++] = lit;
    return true;
}

/* FIELD in [VALUE, ...], after the 'in'. */
static expr *parse_in(parser *p, const field *f)
{
    token *t = &p->tok;
    next(p, false);
    if (t->kind != T_LBRACKET) {
        fail_expected(p, "'[' to start the list after 'in'");
        return NULL;
    }
    expr *e = node(p, E_IN);
    if (!e)
        return NULL;
    e->numeric = field_type_numeric(f->type) || f->type == FIELD_ENUM; /* by index */
    next(p, false);
    size_t cap = 0;
    while (!p->failed) {
        literal lit = {0};
        if (!take_literal(p, f, &lit) || !add_literal(p, e, &cap, lit))
            break;
        next(p, false);
        if (t->kind == T_RBRACKET)
            break;
        if (t->kind != T_COMMA) {
            fail_expected(p, "',' or ']' in the list");
            break;
        }
        next(p, false);
    }
    if (p->failed) {
        expr_free(e);
        return NULL;
    }
    next(p, false);
    return e;
}

/* FIELD is missing | FIELD is present, after the 'is'. */
static expr *parse_is(parser *p)
{
    next(p, false);
    expr_kind kind;
    if (is_word(&p->tok, "missing"))
        kind = E_MISSING;
    else if (is_word(&p->tok, "present"))
        kind = E_PRESENT;
    else {
        fail_expected(p, "'missing' or 'present' after 'is'");
        return NULL;
    }
    expr *e = node(p, kind);
    if (e)
        next(p, false);
    return e;
}

/* The field the current token names, or NULL after an error with a hint. */
static const field *take_field(parser *p)
{
    const token *t = &p->tok;
    if (t->kind != T_IDENT) {
        fail_expected(p, "a field name, 'not' or '('");
        return NULL;
    }
    long i = field_index(p->fields, p->n_fields, t->text);
    if (i >= 0)
        return &p->fields[i];
    const char *hint = field_suggest(p->fields, p->n_fields, t->text);
    if (hint)
        fail(p, t->start, "unknown field '%s' (did you mean '%s'?)", t->text, hint);
    else
        fail(p, t->start, "unknown field '%s': fields must be declared in data.fields", t->text);
    return NULL;
}

static expr *parse_test(parser *p)
{
    const field *f = take_field(p);
    if (!f)
        return NULL;
    size_t field_start = p->tok.start;
    next(p, true);
    const token *t = &p->tok;
    expr *e = NULL;
    if (t->kind == T_OP)
        e = parse_cmp(p, f);
    else if (t->kind == T_MATCH)
        e = parse_match(p);
    else if (is_word(t, "in"))
        e = parse_in(p, f);
    else if (is_word(t, "is"))
        e = parse_is(p);
    else if (t->kind == T_END)
        fail(p, field_start,
             "expected a test on field '%s': an operator (== != < <= > >=), '=~', 'in' or 'is'",
             f->name);
    else
        fail_expected(p, "an operator (== != < <= > >=), '=~', 'in' or 'is'");
    if (e) {
        e->field = (size_t)(f - p->fields);
        e->start = field_start;
        e->end = p->prev_end;
    }
    return e;
}

static expr *parse_unary(parser *p);

/* INNER, one level of nesting further in. */
static expr *parse_nested(parser *p, expr *(*inner)(parser *))
{
    p->nesting++;
    expr *e = inner(p);
    p->nesting--;
    return e;
}

static expr *parse_unary(parser *p)
{
    if ((is_word(&p->tok, "not") || p->tok.kind == T_LPAREN) && p->nesting >= EXPR_MAX_NESTING) {
        fail(p, p->tok.start,
             "the expression nests too deeply: more than %d parentheses and 'not's inside one "
             "another",
             EXPR_MAX_NESTING);
        return NULL;
    }
    if (is_word(&p->tok, "not")) {
        next(p, false);
        expr *a = parse_nested(p, parse_unary);
        if (!a)
            return NULL;
        expr *e = node(p, E_NOT);
        if (!e) {
            expr_free(a);
            return NULL;
        }
        e->a = a;
        return e;
    }
    if (p->tok.kind == T_LPAREN) {
        size_t open = p->tok.start;
        next(p, false);
        expr *e = parse_nested(p, parse_or);
        if (!e)
            return NULL;
        if (p->tok.kind != T_RPAREN) {
            if (p->tok.kind == T_END)
                fail(p, open, "unbalanced '(': expected a closing ')'");
            else
                fail_expected(p, "')'");
            expr_free(e);
            return NULL;
        }
        next(p, false);
        return e;
    }
    return parse_test(p);
}

/* OPERAND, or a chain OPERAND WORD OPERAND ... as one node of KIND. */
static expr *parse_binary(parser *p, const char *word, expr_kind kind, expr *(*operand)(parser *))
{
    expr *first = operand(p);
    if (!first || !is_word(&p->tok, word))
        return first;
    expr *e = node(p, kind);
    if (!e) {
        expr_free(first);
        return NULL;
    }
    size_t cap = 0;
    expr *x = first;
    for (;;) {
        if (e->n_ops == cap) {
            cap = cap ? cap * 2 : 4;
            expr **grown = realloc(e->ops, cap * sizeof *grown);
            if (!grown) {
                fail_nomem(p, p->tok.start);
                expr_free(x);
                expr_free(e);
                return NULL;
            }
            e->ops = grown;
        }
        e->ops[e->n_ops++] = x;
        if (!is_word(&p->tok, word))
            return e;
        next(p, false);
        if (!(x = operand(p))) {
            expr_free(e);
            return NULL;
        }
    }
}

static expr *parse_and(parser *p)
{
    return parse_binary(p, "and", E_AND, parse_unary);
}

static expr *parse_or(parser *p)
{
    return parse_binary(p, "or", E_OR, parse_and);
}

thrive_error expr_parse(const char *src, const field *fields, size_t n_fields, expr **out,
                        expr_error *err)
{
    parser p = {.src = src, .fields = fields, .n_fields = n_fields, .err = err};
    *out = NULL;
    err->offset = 0;
    err->msg[0] = '\0';
    next(&p, false);
    expr *e = NULL;
    if (p.tok.kind == T_END)
        fail(&p, 0, "the expression is empty");
    else if (!p.failed)
        e = parse_or(&p);
    if (e && !p.failed && p.tok.kind != T_END) {
        if (p.tok.kind == T_IDENT)
            fail(&p, p.tok.start, "expected 'and', 'or' or the end, found '%s'", p.tok.text);
        else
            fail_expected(&p, "'and', 'or' or the end of the expression");
    }
    tok_clear(&p.tok);
    if (!e && !p.failed) /* every failure says why; this is a safety net */
        fail_nomem(&p, 0);
    if (p.failed) {
        expr_free(e);
        return p.nomem ? THRIVE_ERROR_NOMEM : THRIVE_ERROR_MODEL;
    }
    *out = e;
    return THRIVE_OK;
}

/* ---- evaluation ---- */

static int compare_text(const cell *c, const literal *lit)
{
    size_t n = c->len < lit->len ? c->len : lit->len;
    int r = memcmp(c->str, lit->str, n);
    if (r != 0)
        return r;
    return (c->len > lit->len) - (c->len < lit->len);
}

static int compare(const expr *e, const cell *c, const literal *lit)
{
    if (e->numeric)
        return (c->num > lit->num) - (c->num < lit->num);
    return compare_text(c, lit);
}

bool expr_uses(const expr *e, size_t f)
{
    if (!e)
        return false;
    switch (e->kind) {
    case E_OR:
    case E_AND:
        for (size_t i = 0; i < e->n_ops; i++)
            if (expr_uses(e->ops[i], f))
                return true;
        return false;
    case E_NOT:
        return expr_uses(e->a, f);
    default:
        return e->field == f;
    }
}

const char *expr_backtracking_regex(const expr *e, char *example, size_t size)
{
    if (!e)
        return NULL;
    const char *found = NULL;
    switch (e->kind) {
    case E_OR:
    case E_AND:
        for (size_t i = 0; i < e->n_ops && !found; i++)
            found = expr_backtracking_regex(e->ops[i], example, size);
        return found;
    case E_NOT:
        return expr_backtracking_regex(e->a, example, size);
    case E_MATCH:
        return pattern_backtracks(e->re, example, size) ? pattern_source(e->re) : NULL;
    default:
        return NULL;
    }
}

bool expr_eval(const expr *e, const cell *row)
{
    switch (e->kind) {
    case E_OR:
        for (size_t i = 0; i < e->n_ops; i++)
            if (expr_eval(e->ops[i], row))
                return true;
        return false;
    case E_AND:
        for (size_t i = 0; i < e->n_ops; i++)
            if (!expr_eval(e->ops[i], row))
                return false;
        return true;
    case E_NOT:
        return !expr_eval(e->a, row);
    case E_MISSING:
        return !row[e->field].present;
    case E_PRESENT:
        return row[e->field].present;
    default:
        break;
    }
    const cell *c = &row[e->field];
    if (!c->present)
        return false;
    switch (e->kind) {
    case E_CMP: {
        int r = compare(e, c, &e->lits[0]);
        switch (e->op) {
        case OP_EQ:
            return r == 0;
        case OP_NE:
            return r != 0;
        case OP_LT:
            return r < 0;
        case OP_LE:
            return r <= 0;
        case OP_GT:
            return r > 0;
        case OP_GE:
            return r >= 0;
        }
        return false;
    }
    case E_IN:
        for (size_t i = 0; i < e->n_lits; i++)
            if (compare(e, c, &e->lits[i]) == 0)
                return true;
        return false;
    case E_MATCH:
        return pattern_match(e->re, c->str, c->len);
    default:
        return false;
    }
}

/* ---- tests that cannot all pass (docs/manual/commands.md, "thrive
 * validate"): the tests joined by `and` at the top of an expression, field
 * by field, each tried on every kind of value the field can hold ---- */

/* Count (T NULL) or collect into T the tests joined by `and` at the top of
 * E, each with SIDE; tests inside `or` and `not`, and regex tests, are left
 * out: leaving a test out can only hide a conflict, never make one. */
static size_t top_tests(const expr *e, int side, const expr **t, int *sides, size_t n)
{
    if (!e)
        return n;
    if (e->kind == E_AND) {
        for (size_t i = 0; i < e->n_ops; i++)
            n = top_tests(e->ops[i], side, t, sides, n);
        return n;
    }
    if (e->kind == E_OR || e->kind == E_NOT || e->kind == E_MATCH)
        return n;
    if (t) {
        t[n] = e;
        sides[n] = side;
    }
    return n + 1;
}

typedef struct trial {
    const expr **t; /* the tests of both expressions */
    size_t n;
    size_t f;  /* the field tried */
    cell *row; /* one cell per field; only row[f] is read */
} trial;

/* Whether row[f] passes every test on the field. */
static bool passes(const trial *tr)
{
    for (size_t i = 0; i < tr->n; i++)
        if (tr->t[i]->field == tr->f && !expr_eval(tr->t[i], tr->row))
            return false;
    return true;
}

/* X as the field's value, when the field allows it (min and max). */
static bool try_number(const trial *tr, const field *fd, double x)
{
    if ((fd->has_min && x < fd->min) || (fd->has_max && x > fd->max))
        return false;
    tr->row[tr->f] = (cell){.str = "", .num = x, .present = true};
    return passes(tr);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Numbers and dates: the literals (and the field's min and max) cut the
 * line into points and open intervals, on each of which every test gives
 * one answer; one value from each piece tries them all. */
static bool numbers_pass(const trial *tr, const field *fd)
{
    size_t n = 2;
    for (size_t i = 0; i < tr->n; i++)
        n += tr->t[i]->field == tr->f ? tr->t[i]->n_lits : 0;
    double *x = malloc(n * sizeof *x);
    if (!x)
        return true; /* no memory: claim nothing */
    size_t k = 0;
    for (size_t i = 0; i < tr->n; i++)
        for (size_t j = 0; tr->t[i]->field == tr->f && j < tr->t[i]->n_lits; j++)
            x[k++] = tr->t[i]->lits[j].num;
    if (fd->has_min)
        x[k++] = fd->min;
    if (fd->has_max)
        x[k++] = fd->max;
    qsort(x, k, sizeof *x, cmp_double);
    bool ok = k == 0 || try_number(tr, fd, x[0] - 1);
    for (size_t i = 0; !ok && i < k; i++)
        ok = try_number(tr, fd, x[i]) ||
             try_number(tr, fd, i + 1 == k ? x[i] + 1 : (x[i] + x[i + 1]) / 2);
    free(x);
    return ok;
}

/* Text: only ==, != and `in` are tried (an ordering of strings is not); a
 * value is one of the literals or none of them. */
static bool text_passes(const trial *tr)
{
    size_t longest = 0;
    for (size_t i = 0; i < tr->n; i++) {
        const expr *e = tr->t[i];
        if (e->field != tr->f)
            continue;
        if (e->kind == E_CMP && e->op != OP_EQ && e->op != OP_NE)
            return true; /* not claimed */
        for (size_t j = 0; j < e->n_lits; j++) {
            tr->row[tr->f] = (cell){.str = e->lits[j].str, .len = e->lits[j].len, .present = true};
            if (passes(tr))
                return true;
            longest = e->lits[j].len > longest ? e->lits[j].len : longest;
        }
    }
    char *other = malloc(longest + 2); /* longer than every literal: none of them */
    if (!other)
        return true;
    memset(other, 'x', longest + 1);
    other[longest + 1] = '\0';
    tr->row[tr->f] = (cell){.str = other, .len = longest + 1, .present = true};
    bool ok = passes(tr);
    free(other);
    return ok;
}

/* Whether some value of field FD, or its absence, passes every test on it. */
static bool field_passes(const trial *tr, const field *fd)
{
    tr->row[tr->f] = (cell){.str = "", .present = false};
    if (passes(tr))
        return true;
    switch (fd->type) {
    case FIELD_ENUM:
        for (size_t v = 0; v < fd->n_values; v++) {
            tr->row[tr->f] = (cell){
                .str = fd->values[v], .len = fd->value_lens[v], .num = (double)v, .present = true};
            if (passes(tr))
                return true;
        }
        return false;
    case FIELD_TEXT:
        return text_passes(tr);
    default:
        return numbers_pass(tr, fd);
    }
}

/* The first test on field F from each side into OUT. */
static void name_conflict(const expr **t, const int *sides, size_t n, size_t f, expr_conflict *out)
{
    *out = (expr_conflict){.field = f};
    for (size_t i = n; i-- > 0;)
        if (t[i]->field == f) {
            out->start[sides[i]] = t[i]->start;
            out->end[sides[i]] = t[i]->end;
        }
}

bool expr_conflict_find(const expr *a, const expr *b, const field *fields, size_t n_fields,
                        expr_conflict *out)
{
    size_t n = top_tests(b, 1, NULL, NULL, top_tests(a, 0, NULL, NULL, 0));
    const expr **t = calloc(n ? n : 1, sizeof *t);
    int *sides = calloc(n ? n : 1, sizeof *sides);
    cell *row = calloc(n_fields ? n_fields : 1, sizeof *row);
    bool found = false;
    if (t && sides && row) {
        top_tests(b, 1, t, sides, top_tests(a, 0, t, sides, 0));
        trial tr = {.t = t, .n = n, .row = row};
        for (size_t i = 0; i < n && !found; i++) {
            tr.f = t[i]->field;
            found = tr.f < n_fields && !field_passes(&tr, &fields[tr.f]);
        }
        if (found)
            name_conflict(t, sides, n, tr.f, out);
    }
    free(t);
    free(sides);
    free(row);
    return found;
}
