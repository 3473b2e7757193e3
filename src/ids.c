/* ids.c - duplicate ids, exactly, in one read (see ids.h). */
#include "ids.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

#define CHUNK_BITS   16 /* numbers are kept in blocks of 2^16 */
#define ARRAY_MAX    4096 /* past this many, a block's sorted array (8 KiB) becomes a bitmap (8 KiB) */
#define DIGITS_MAX   18 /* any 18 digits fit a uint64_t */
#define FAMILIES_MAX 64 /* distinct (prefix, width) pairs kept as bitmaps; past that, as text */

/* One block of 2^16 numbers: a sorted array of their low bits, or a bitmap. */
typedef struct block {
    uint64_t key; /* the number >> CHUNK_BITS */
    uint32_t n, cap;
    uint16_t *arr;  /* while n <= ARRAY_MAX */
    uint64_t *bits; /* after */
} block;

/* The numbered ids of one prefix and one number of digits. */
typedef struct family {
    char *prefix;
    size_t prefix_len, width;
    block *slots; /* open addressing by key; a slot is used when arr or bits is set */
    size_t cap, n;
} family;

/* Any other id, as its text (in the arena) keyed by a hash. */
typedef struct text_entry {
    uint64_t hash; /* 0: empty slot */
    size_t off, len;
} text_entry;

struct ids {
    family fam[FAMILIES_MAX];
    size_t n_fam, last_fam;
    text_entry *slots;
    size_t cap, n;
    char *arena;
    size_t arena_len, arena_cap;
    bool repeated, nomem; /* for ids_note */
};

static uint64_t mix(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

ids *ids_new(void)
{
    return calloc(1, sizeof(ids));
}

/* ---- numbered ids ---- */

/* Whether S ends in 1..DIGITS_MAX digits: the prefix before them and
 * their value.  (prefix, number of digits, value) gives back the id. */
static bool numbered(const char *s, size_t len, size_t *prefix_len, uint64_t *value)
{
    size_t i = len;
    while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
        i--;
    if (i == len || len - i > DIGITS_MAX)
        return false;
    uint64_t v = 0;
    for (size_t k = i; k < len; k++)
        v = v * 10 + (uint64_t)(s[k] - '0');
    *prefix_len = i;
    *value = v;
    return true;
}

static bool block_used(const block *b)
{
    return b->arr || b->bits;
}

/* The family of ids with this prefix and width; NULL when there are too
 * many families (the id is then kept as text) or no memory (*NOMEM). */
static family *family_of(ids *x, const char *s, size_t plen, size_t width, bool *nomem)
{
    for (size_t k = 0; k < x->n_fam; k++) {
        size_t i = (x->last_fam + k) % x->n_fam;
        family *f = &x->fam[i];
        if (f->prefix_len == plen && f->width == width && memcmp(f->prefix, s, plen) == 0) {
            x->last_fam = i;
            return f;
        }
    }
    if (x->n_fam == FAMILIES_MAX)
        return NULL;
    family *f = &x->fam[x->n_fam];
    if (!(f->prefix = malloc(plen ? plen : 1))) {
        *nomem = true;
        return NULL;
    }
    memcpy(f->prefix, s, plen);
    f->prefix_len = plen;
    f->width = width;
    x->last_fam = x->n_fam++;
    return f;
}

static bool family_grow(family *f)
{
    size_t cap = f->cap ? f->cap * 2 : 16;
    block *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < f->cap; i++) {
        if (!block_used(&f->slots[i]))
            continue;
        size_t j = mix(f->slots[i].key) & (cap - 1);
        while (block_used(&slots[j]))
            j = (j + 1) & (cap - 1);
        slots[j] = f->slots[i];
    }
    free(f->slots);
    f->slots = slots;
    f->cap = cap;
    return true;
}

/* The block of KEY in F, made empty when absent; NULL when out of memory. */
static block *block_of(family *f, uint64_t key)
{
    if ((f->n + 1) * 4 > f->cap * 3 && !family_grow(f))
        return NULL;
    size_t j = mix(key) & (f->cap - 1);
    for (; block_used(&f->slots[j]); j = (j + 1) & (f->cap - 1))
        if (f->slots[j].key == key)
            return &f->slots[j];
    block *b = &f->slots[j];
    *b = (block){.key = key, .cap = 4};
    if (!(b->arr = malloc(b->cap * sizeof *b->arr)))
        return NULL;
    f->n++;
    return b;
}

/* The sorted array of B, full, becomes a bitmap. */
static bool to_bitmap(block *b)
{
    uint64_t *bits = calloc((size_t)1 << (CHUNK_BITS - 6), sizeof *bits);
    if (!bits)
        return false;
    for (uint32_t i = 0; i < b->n; i++)
        bits[b->arr[i] >> 6] |= 1ULL << (b->arr[i] & 63);
    free(b->arr);
    b->arr = NULL;
    b->bits = bits;
    return true;
}

/* Add LOW to block B; *DUP when it was there.  False when out of memory. */
static bool block_add(block *b, uint16_t low, bool *dup)
{
    if (!b->bits) {
        size_t lo = 0, hi = b->n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (b->arr[mid] < low)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < b->n && b->arr[lo] == low) {
            *dup = true;
            return true;
        }
        if (b->n < ARRAY_MAX) {
            if (b->n == b->cap) {
                uint16_t *grown = realloc(b->arr, 2 * b->cap * sizeof *grown);
                if (!grown)
                    return false;
                b->arr = grown;
                b->cap *= 2;
            }
            memmove(b->arr + lo + 1, b->arr + lo, (b->n - lo) * sizeof *b->arr);
            b->arr[lo] = low;
            b->n++;
            return true;
        }
        if (!to_bitmap(b))
            return false;
    }
    uint64_t bit = 1ULL << (low & 63);
    *dup = (b->bits[low >> 6] & bit) != 0;
    b->bits[low >> 6] |= bit;
    b->n += !*dup;
    return true;
}

/* ---- other ids, as text ---- */

static bool text_grow(ids *x)
{
    size_t cap = x->cap ? x->cap * 2 : 64;
    text_entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < x->cap; i++) {
        if (!x->slots[i].hash)
            continue;
        size_t j = x->slots[i].hash & (cap - 1);
        while (slots[j].hash)
            j = (j + 1) & (cap - 1);
        slots[j] = x->slots[i];
    }
    free(x->slots);
    x->slots = slots;
    x->cap = cap;
    return true;
}

static bool arena_add(ids *x, const char *s, size_t len)
{
    if (len == 0) /* an empty id: nothing to keep (and no arena to copy into yet) */
        return true;
    if (x->arena_len + len > x->arena_cap) {
        size_t cap = x->arena_cap ? x->arena_cap : 4096;
        while (cap < x->arena_len + len)
            cap *= 2;
        char *grown = realloc(x->arena, cap);
        if (!grown)
            return false;
        x->arena = grown;
        x->arena_cap = cap;
    }
    memcpy(x->arena + x->arena_len, s, len);
    x->arena_len += len;
    return true;
}

static thrive_error text_accept(ids *x, const char *s, size_t len, bool *duplicate)
{
    if ((x->n + 1) * 4 > x->cap * 3 && !text_grow(x))
        return THRIVE_ERROR_NOMEM;
    uint64_t h = mix(hash_fnv1a(s, len));
    h = h ? h : 1;
    size_t j = h & (x->cap - 1);
    for (; x->slots[j].hash; j = (j + 1) & (x->cap - 1))
        if (x->slots[j].hash == h && x->slots[j].len == len &&
            (len == 0 || memcmp(x->arena + x->slots[j].off, s, len) == 0)) {
            *duplicate = true;
            return THRIVE_OK;
        }
    size_t off = x->arena_len;
    if (!arena_add(x, s, len))
        return THRIVE_ERROR_NOMEM;
    x->slots[j] = (text_entry){h, off, len};
    x->n++;
    return THRIVE_OK;
}

thrive_error ids_accept(ids *x, const char *s, size_t len, bool *duplicate)
{
    *duplicate = false;
    size_t plen;
    uint64_t v;
    bool nomem = false;
    if (numbered(s, len, &plen, &v)) {
        family *f = family_of(x, s, plen, len - plen, &nomem);
        if (f) {
            block *b = block_of(f, v >> CHUNK_BITS);
            if (!b || !block_add(b, (uint16_t)(v & 0xffff), duplicate))
                return THRIVE_ERROR_NOMEM;
            return THRIVE_OK;
        }
        if (nomem)
            return THRIVE_ERROR_NOMEM;
    }
    return text_accept(x, s, len, duplicate);
}

void ids_note(ids *x, const char *s, size_t len)
{
    bool dup;
    if (ids_accept(x, s, len, &dup) != THRIVE_OK)
        x->nomem = true;
    x->repeated |= dup;
}

thrive_error ids_scan_done(ids *x)
{
    return x->nomem ? THRIVE_ERROR_NOMEM : THRIVE_OK;
}

bool ids_all_unique(const ids *x)
{
    return !x->repeated && !x->nomem;
}

void ids_free(ids *x)
{
    if (!x)
        return;
    for (size_t k = 0; k < x->n_fam; k++) {
        family *f = &x->fam[k];
        for (size_t i = 0; i < f->cap; i++) {
            free(f->slots[i].arr);
            free(f->slots[i].bits);
        }
        free(f->slots);
        free(f->prefix);
    }
    free(x->slots);
    free(x->arena);
    free(x);
}
