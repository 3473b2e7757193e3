/* ids.c - duplicate ids, exactly, in bounded memory (see ids.h). */
#include "ids.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

#define SPLIT_BITS 6
#define SPLITS     (1 << SPLIT_BITS)

/* An exact set of id strings, keyed by their hash (open addressing). */
typedef struct id_entry {
    uint64_t hash; /* 0 = empty slot */
    char *text;
    size_t len;
} id_entry;

typedef struct id_table {
    id_entry *slots;
    size_t cap, n;
} id_table;

struct ids {
    FILE *splits[SPLITS]; /* step 1: hashes by their top bits */
    bool keep_all;        /* no temporary files: compare every id */
    uint64_t *repeated;   /* sorted hashes seen more than once */
    size_t n_repeated;
    id_table accepted; /* step 2: accepted ids with a repeated hash */
};

static uint64_t hash_id(const char *s, size_t len)
{
    uint64_t h = hash_fnv1a(s, len); /* then a splitmix64 finish: the splits use the top bits */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h ? h : 1;
}

ids *ids_new(void)
{
    ids *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    for (int i = 0; i < SPLITS && !x->keep_all; i++)
        if (!(x->splits[i] = tmpfile())) {
            if (errno == ENOMEM) { /* no temporary file is fine; no memory is not */
                ids_free(x);
                return NULL;
            }
            x->keep_all = true;
        }
    if (x->keep_all)
        for (int i = 0; i < SPLITS; i++)
            if (x->splits[i]) {
                fclose(x->splits[i]);
                x->splits[i] = NULL;
            }
    return x;
}

void ids_note(ids *x, const char *s, size_t len)
{
    if (x->keep_all)
        return;
    uint64_t h = hash_id(s, len);
    if (fwrite(&h, sizeof h, 1, x->splits[h >> (64 - SPLIT_BITS)]) != 1)
        x->keep_all = true;
}

static int compare_hashes(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static bool add_repeated(ids *x, uint64_t h, size_t *cap)
{
    if (x->n_repeated == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        uint64_t *grown = realloc(x->repeated, *cap * sizeof *grown);
        if (!grown)
            return false;
        x->repeated = grown;
    }
    x->repeated[x->n_repeated++] = h;
    return true;
}

/* Sort one split and keep the hashes that occur more than once.  The
 * splits are in order of their top bits, so the result stays sorted.
 * Trouble reading the split back sets keep_all. */
static thrive_error scan_split(ids *x, FILE *fp, size_t *cap)
{
    long bytes = -1;
    if (fflush(fp) == 0 && fseek(fp, 0, SEEK_END) == 0)
        bytes = ftell(fp);
    if (bytes < 0 || fseek(fp, 0, SEEK_SET) != 0) {
        x->keep_all = true;
        return THRIVE_OK;
    }
    size_t n = (size_t)bytes / sizeof(uint64_t);
    if (n < 2)
        return THRIVE_OK;
    uint64_t *h = malloc(n * sizeof *h);
    if (!h)
        return THRIVE_ERROR_NOMEM;
    bool ok = true;
    if (fread(h, sizeof *h, n, fp) != n) {
        x->keep_all = true;
    } else {
        qsort(h, n, sizeof *h, compare_hashes);
        for (size_t i = 1; ok && i < n; i++)
            if (h[i] == h[i - 1] && (x->n_repeated == 0 || x->repeated[x->n_repeated - 1] != h[i]))
                ok = add_repeated(x, h[i], cap);
    }
    free(h);
    return ok ? THRIVE_OK : THRIVE_ERROR_NOMEM;
}

thrive_error ids_scan_done(ids *x)
{
    size_t cap = 0;
    thrive_error e = THRIVE_OK;
    for (int i = 0; i < SPLITS; i++) {
        if (!x->keep_all && e == THRIVE_OK)
            e = scan_split(x, x->splits[i], &cap);
        if (x->splits[i]) {
            fclose(x->splits[i]);
            x->splits[i] = NULL;
        }
    }
    return e;
}

static bool is_repeated(const ids *x, uint64_t h)
{
    /* no repeated hash at all: x->repeated is NULL, which bsearch may not take */
    return x->keep_all || (x->n_repeated > 0 && bsearch(&h, x->repeated, x->n_repeated, sizeof h,
                                                        compare_hashes) != NULL);
}

static bool table_grow(id_table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    id_entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].hash)
            continue;
        size_t j = t->slots[i].hash & (cap - 1);
        while (slots[j].hash)
            j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return true;
}

thrive_error ids_accept(ids *x, const char *s, size_t len, bool *duplicate)
{
    *duplicate = false;
    uint64_t h = hash_id(s, len);
    if (!is_repeated(x, h))
        return THRIVE_OK; /* this id occurs once in the whole file */
    id_table *t = &x->accepted;
    if ((t->n + 1) * 4 > t->cap * 3 && !table_grow(t))
        return THRIVE_ERROR_NOMEM;
    size_t j = h & (t->cap - 1);
    for (; t->slots[j].hash; j = (j + 1) & (t->cap - 1))
        if (t->slots[j].hash == h && t->slots[j].len == len &&
            memcmp(t->slots[j].text, s, len) == 0) {
            *duplicate = true;
            return THRIVE_OK;
        }
    char *text = malloc(len ? len : 1);
    if (!text)
        return THRIVE_ERROR_NOMEM;
    memcpy(text, s, len);
    t->slots[j] = (id_entry){h, text, len};
    t->n++;
    return THRIVE_OK;
}

void ids_free(ids *x)
{
    if (!x)
        return;
    for (int i = 0; i < SPLITS; i++)
        if (x->splits[i])
            fclose(x->splits[i]);
    for (size_t i = 0; i < x->accepted.cap; i++)
        free(x->accepted.slots[i].text);
    free(x->accepted.slots);
    free(x->repeated);
    free(x);
}

bool ids_all_unique(const ids *x)
{
    return !x->keep_all && x->n_repeated == 0;
}
