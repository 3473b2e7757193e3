/* pattern.c - PCRE2 compiled once, matched without allocating (see pattern.h). */
#include "pattern.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* The limits every match runs under, set here rather than left to how
 * PCRE2 was built, so that a result never depends on the machine
 * (docs/manual/case-data.md, "Limits of patterns").  A match that reaches one is not
 * decided: counted (pattern_undecided), never taken as "no match". */
#define MATCH_LIMIT    10000000u     /* backtracking steps per match, */
#define MATCH_PER_BYTE 64u           /* and as many more per byte of the value */
#define HEAP_LIMIT     (256u * 1024) /* KiB of backtracking memory */
#define JIT_STACK      (8u << 20)    /* bytes of JIT stack, at most */

/* What a match writes: one per thread that may match at once. */
typedef struct scratch {
    pcre2_match_data *md;    /* reused for every match */
    pcre2_match_context *mc; /* the limits, and the JIT stack */
    pcre2_jit_stack *stack;  /* NULL: the JIT's own small one */
} scratch;

struct pattern {
    pcre2_code *code;
    scratch on[PATTERN_THREADS];
    bool jit;         /* compiled by the JIT too: matched by pcre2_jit_match */
    char *src;        /* as written, for messages */
    uint32_t options; /* of pcre2_compile */
};

/* Matches not decided on this thread: a count and the last pattern's
 * source, per thread (cases.c checks each row's on the thread that
 * matched it); and the scratch this thread matches with. */
static _Thread_local unsigned long undecided;
static _Thread_local const char *undecided_src;
static _Thread_local unsigned thread_slot;

void pattern_thread(unsigned slot)
{
    thread_slot = slot < PATTERN_THREADS ? slot : 0;
}

/* Scratch S for CODE; false when out of memory. */
static bool scratch_init(scratch *s, pcre2_code *code)
{
    s->md = pcre2_match_data_create_from_pattern(code, NULL);
    s->mc = pcre2_match_context_create(NULL);
    if (!s->md || !s->mc)
        return false;
    pcre2_set_heap_limit(s->mc, HEAP_LIMIT);
    /* The JIT's default stack (32 KiB) is too small for a repeated group
     * over a long value; without a larger one the match falls back to the
     * interpreter, which is slower but under the same limits. */
    s->stack = pcre2_jit_stack_create(32 * 1024, JIT_STACK, NULL);
    if (s->stack)
        pcre2_jit_stack_assign(s->mc, NULL, s->stack);
    return true;
}

static void scratch_free(scratch *s)
{
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mc);
    if (s->stack)
        pcre2_jit_stack_free(s->stack);
}

thrive_error pattern_compile(const char *src, unsigned flags, pattern **out, size_t *err_offset,
                             char *why, size_t why_size)
{
    *out = NULL;
    uint32_t options = PCRE2_UTF;
    if (flags & PATTERN_CASELESS)
        options |= PCRE2_CASELESS;
    if (flags & PATTERN_WHOLE)
        options |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
    int code;
    PCRE2_SIZE off;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, options, &code, &off, NULL);
    if (!re && code == PCRE2_ERROR_HEAP_FAILED)
        return THRIVE_ERROR_NOMEM;
    if (!re) {
        PCRE2_UCHAR buf[160];
        pcre2_get_error_message(code, buf, sizeof buf);
        if (why_size)
            snprintf(why, why_size, "%s", (char *)buf);
        *err_offset = off;
        return THRIVE_ERROR_MODEL;
    }
    /* Without the JIT (none on this platform, or no memory for it) the
     * match is only slower. */
    bool jit = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
    pattern *p = calloc(1, sizeof *p);
    if (!p) {
        pcre2_code_free(re);
        return THRIVE_ERROR_NOMEM;
    }
    p->code = re;
    p->jit = jit;
    p->src = strdup(src);
    p->options = options;
    bool ok = p->src != NULL;
    for (unsigned k = 0; k < PATTERN_THREADS && ok; k++)
        ok = scratch_init(&p->on[k], re);
    if (!ok) {
        pattern_free(p);
        return THRIVE_ERROR_NOMEM;
    }
    *out = p;
    return THRIVE_OK;
}

bool pattern_match(pattern *re, const char *s, size_t len)
{
    /* A pattern that takes a few steps per byte decides any value; one
     * that backtracks exponentially (such as (a+)+b) reaches the limit
     * within a fraction of a second. */
    uint32_t limit = len > (UINT32_MAX - MATCH_LIMIT) / MATCH_PER_BYTE
                         ? UINT32_MAX
                         : MATCH_LIMIT + MATCH_PER_BYTE * (uint32_t)len;
    const scratch *on = &re->on[thread_slot];
    pcre2_set_match_limit(on->mc, limit);
    pcre2_set_depth_limit(on->mc, limit);
    /* S is UTF-8 (pattern.h): the JIT's own entry, which checks nothing,
     * and PCRE2_NO_UTF_CHECK otherwise, save checking each cell twice */
    int rc = PCRE2_ERROR_JIT_STACKLIMIT; /* the interpreter, unless the JIT decides */
    if (re->jit)
        rc = pcre2_jit_match(re->code, (PCRE2_SPTR)s, len, 0, 0, on->md, on->mc);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
        rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, PCRE2_NO_JIT | PCRE2_NO_UTF_CHECK, on->md,
                         on->mc);
    if (rc >= 0)
        return true;
    if (rc != PCRE2_ERROR_NOMATCH) {
        /* a limit (or no memory for the match): not decided */
        undecided++;
        undecided_src = re->src;
    }
    return false;
}

/* The probe of pattern_backtracks: a value of PROBE_LEN bytes may take at
 * most PROBE_STEPS steps. */
#define PROBE_LEN   24
#define PROBE_STEPS 200000u

/* Whether matching CODE against C repeated, then END, reaches PROBE_STEPS. */
static bool probe_one(pattern *re, pcre2_code *code, char c, char end)
{
    char s[PROBE_LEN + 1];
    memset(s, c, PROBE_LEN);
    s[PROBE_LEN] = end;
    const scratch *on = &re->on[thread_slot];
    pcre2_set_match_limit(on->mc, PROBE_STEPS);
    pcre2_set_depth_limit(on->mc, PROBE_STEPS);
    int rc = pcre2_match(code, (PCRE2_SPTR)s, sizeof s, 0, 0, on->md, on->mc);
    return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
           rc == PCRE2_ERROR_HEAPLIMIT;
}

bool pattern_backtracks(pattern *re, char *example, size_t size)
{
    /* the characters the pattern names, and a letter, a digit and a space
     * for its classes; the value ends in a character it does not name */
    char chars[16 + 3];
    size_t n = 0;
    for (const char *c = re->src; *c && n < 16; c++)
        if (((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')) &&
            !memchr(chars, *c, n))
            chars[n++] = *c;
    memcpy(chars + n, "a0 ", 3);
    n += 3;
    char end = '!';
    for (const char *e = "!#~%"; *e && strchr(re->src, end); e++)
        end = *e;
    /* PCRE2 rules out at once a value that lacks a character every match
     * needs, which hides the backtracking from a short probe: compile a
     * copy without those shortcuts (and without the JIT, whose steps count
     * differently) */
    int code;
    PCRE2_SIZE off;
    pcre2_code *probe = pcre2_compile((PCRE2_SPTR)re->src, PCRE2_ZERO_TERMINATED,
                                      re->options | PCRE2_NO_START_OPTIMIZE, &code, &off, NULL);
    bool found = false;
    for (size_t i = 0; probe && i < n && !found; i++)
        if ((found = probe_one(re, probe, chars[i], end)) && size)
            snprintf(example, size, "%d times '%c' then '%c'", PROBE_LEN, chars[i], end);
    pcre2_code_free(probe);
    return found;
}

unsigned long pattern_undecided(const char **last_src)
{
    if (last_src)
        *last_src = undecided_src;
    return undecided;
}

const char *pattern_source(const pattern *re)
{
    return re->src;
}

void pattern_free(pattern *re)
{
    if (!re)
        return;
    for (unsigned k = 0; k < PATTERN_THREADS; k++)
        scratch_free(&re->on[k]);
    pcre2_code_free(re->code);
    free(re->src);
    free(re);
}
