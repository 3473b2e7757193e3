/* report_fig.c - figures read from a summary, and their text in the
 * report (see report_int.h). */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"

/* ---- reading ---- */

bool fig_suppressed(const json_t *obj)
{
    return json_is_true(json_object_get(obj, "suppressed"));
}

fig fig_value(double v)
{
    return isfinite(v) ? (fig){FIG_VALUE, v} : (fig){FIG_NA, 0};
}

fig fig_of(const json_t *v, bool hidden)
{
    if (json_is_number(v))
        return fig_value(json_number_value(v));
    if (json_is_null(v) && hidden)
        return (fig){FIG_HIDDEN, 0};
    return (fig){FIG_NA, 0};
}

fig fig_get(const json_t *obj, const char *key)
{
    return fig_of(json_object_get(obj, key), fig_suppressed(obj));
}

fig fig_pair(const json_t *obj, const char *key, size_t i)
{
    const json_t *pair = json_object_get(obj, key);
    if (!json_is_array(pair))
        return (fig){FIG_NA, 0};
    return fig_of(json_array_get(pair, i), fig_suppressed(obj));
}

bool fig_ok(fig f)
{
    return f.kind == FIG_VALUE;
}

const char *jstr(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

json_t *jarr(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_array(v) ? v : NULL;
}

json_t *jobj(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_object(v) ? v : NULL;
}

json_t *jfind(const json_t *list, const char *id)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        const char *its = jstr(item, "id");
        if (its && id && strcmp(its, id) == 0)
            return item;
    }
    return NULL;
}

bool summary_has_strategy(const json_t *s)
{
    size_t i;
    json_t *o;
    json_array_foreach(jarr(s, "outcomes"), i, o)
    {
        if (jstr(o, "strategy"))
            return true;
    }
    return false;
}

/* ---- text ---- */

static const char *not_a_number(fig f)
{
    return f.kind == FIG_HIDDEN ? "[c]" : "n/a";
}

/* |V| with DECIMALS decimals and commas between thousands, into BUF. */
static void grouped(char *buf, double v, int decimals)
{
    double a = fabs(v);
    if (a >= 1e15) { /* beyond exact whole numbers: no grouping */
        snprintf(buf, FIG_BUF, "%.4g", a);
        return;
    }
    char digits[FIG_BUF];
    snprintf(digits, sizeof digits, "%.*f", decimals, a);
    size_t int_len = strcspn(digits, ".");
    size_t o = 0;
    for (size_t i = 0; digits[i]; i++) {
        if (i > 0 && i < int_len && (int_len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

/* "−" (U+2212 MINUS SIGN) when V would print as a negative number. */
static const char *minus(double v, int decimals)
{
    return v < 0 && fabs(v) >= 0.5 * pow(10, -decimals) ? "\xE2\x88\x92" : "";
}

const char *fmt_num(char *buf, fig f, int decimals)
{
    if (!fig_ok(f))
        return not_a_number(f);
    char g[FIG_BUF];
    grouped(g, f.v, decimals);
    snprintf(buf, FIG_BUF, "%s%.40s", minus(f.v, decimals), g);
    return buf;
}

const char *fmt_count(char *buf, fig f)
{
    return fmt_num(buf, f, 0);
}

const char *currency_prefix(const char *currency)
{
    static const struct {
        const char *code, *symbol;
    } symbols[] = {{"GBP", "\xC2\xA3"}, {"EUR", "\xE2\x82\xAC"}, {"USD", "$"}};
    for (size_t i = 0; i < sizeof symbols / sizeof *symbols; i++)
        if (currency && strcmp(currency, symbols[i].code) == 0)
            return symbols[i].symbol;
    /* Another ISO 4217 code: written before the figure, "CHF 1,200". */
    static char code[8];
    if (!currency || !*currency)
        return "";
    snprintf(code, sizeof code, "%.3s ", currency);
    return code;
}

const char *fmt_money(char *buf, fig f, const char *currency)
{
    if (!fig_ok(f))
        return not_a_number(f);
    /* Pence only where they matter: below 100 units, and not a whole
     * amount once rounded to the penny (£0, £50, but £12.50). */
    double pence = round(fabs(f.v) * 100);
    int decimals = fabs(f.v) < 100 && fmod(pence, 100) != 0 ? 2 : 0;
    char g[FIG_BUF];
    grouped(g, f.v, decimals);
    snprintf(buf, FIG_BUF, "%s%.8s%.40s", minus(f.v, decimals), currency_prefix(currency), g);
    return buf;
}

const char *fmt_pct(char *buf, fig f)
{
    if (!fig_ok(f))
        return not_a_number(f);
    char n[FIG_BUF];
    fmt_num(n, fig_value(f.v * 100), 1);
    snprintf(buf, FIG_BUF, "%.48s%%", n);
    return buf;
}

const char *fmt_pvalue(char *buf, fig f)
{
    if (!fig_ok(f))
        return not_a_number(f);
    if (f.v < 0.001)
        return "< 0.001";
    snprintf(buf, FIG_BUF, "%.3f", f.v);
    return buf;
}

/* "LO to HI" from two texts, or the state of the missing end. */
static const char *range(char *buf, fig lo, fig hi, const char *a, const char *b)
{
    if (lo.kind == FIG_HIDDEN || hi.kind == FIG_HIDDEN)
        return "[c]";
    if (!fig_ok(lo) && !fig_ok(hi))
        return "n/a";
    snprintf(buf, FIG_BUF, "%.28s to %.28s", a, b);
    return buf;
}

const char *fmt_pct_range(char *buf, fig lo, fig hi)
{
    char a[FIG_BUF], b[FIG_BUF];
    return range(buf, lo, hi, fmt_pct(a, lo), fmt_pct(b, hi));
}

const char *fmt_money_range(char *buf, fig lo, fig hi, const char *currency)
{
    char a[FIG_BUF], b[FIG_BUF];
    return range(buf, lo, hi, fmt_money(a, lo, currency), fmt_money(b, hi, currency));
}

const char *fmt_num_range(char *buf, fig lo, fig hi, int decimals)
{
    char a[FIG_BUF], b[FIG_BUF];
    return range(buf, lo, hi, fmt_num(a, lo, decimals), fmt_num(b, hi, decimals));
}

const char *label_of(char *buf, size_t n, const json_t *obj)
{
    const char *label = jstr(obj, "label");
    if (label && *label)
        return label;
    return humanize(buf, n, jstr(obj, "id"));
}

const char *strategy_label(const char *block)
{
    static const struct {
        const char *id, *label;
    } blocks[] = {{"financial_support", "Financial support"},
                  {"employment_skills", "Employment and skills"},
                  {"life_chances", "Life chances"},
                  {"place", "Place"}};
    for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
        if (block && strcmp(block, blocks[i].id) == 0)
            return blocks[i].label;
    return block;
}

/* ---- status against a target ---- */

rag rag_of(fig pct)
{
    if (pct.kind == FIG_HIDDEN)
        return RAG_HIDDEN;
    if (!fig_ok(pct))
        return RAG_NONE;
    return pct.v >= RAG_GREEN ? RAG_ON : pct.v >= RAG_AMBER ? RAG_NEAR : RAG_BELOW;
}

void hw_rag(hw *w, rag r)
{
    /* Never colour alone: a symbol and a word say the same. */
    switch (r) {
    case RAG_ON:
        hw_raw(w, "<span class=\"rag rag-on\"><span aria-hidden=\"true\">\xE2\x9C\x94</span> "
                  "On target</span>");
        break;
    case RAG_NEAR:
        hw_raw(w, "<span class=\"rag rag-near\"><span aria-hidden=\"true\">\xE2\x97\x86</span> "
                  "Near target</span>");
        break;
    case RAG_BELOW:
        hw_raw(w, "<span class=\"rag rag-below\"><span aria-hidden=\"true\">\xE2\x9C\x96</span> "
                  "Below target</span>");
        break;
    case RAG_HIDDEN:
        hw_raw(w, "[c]");
        break;
    case RAG_NONE:
        hw_raw(w, "<span class=\"muted\">no target</span>");
        break;
    }
}
