/* handoff.c - a bounded queue and pool between two threads (see handoff.h). */
#include "handoff.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

/* A ring of at most HANDOFF_MAX items. */
typedef struct ring {
    void *items[HANDOFF_MAX];
    size_t head, n;
} ring;

struct handoff {
    pthread_mutex_t mu;
    pthread_cond_t changed; /* an item moved, or the producer closed */
    ring empty, full;
    bool closed;
};

static void push(ring *r, void *item)
{
    r->items[(r->head + r->n++) % HANDOFF_MAX] = item;
}

static void *pop(ring *r)
{
    void *item = r->items[r->head];
    r->head = (r->head + 1) % HANDOFF_MAX;
    r->n--;
    return item;
}

handoff *handoff_new(void *const *items, size_t n)
{
    if (n == 0 || n > HANDOFF_MAX)
        return NULL;
    handoff *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    if (pthread_mutex_init(&h->mu, NULL) != 0) {
        free(h);
        return NULL;
    }
    if (pthread_cond_init(&h->changed, NULL) != 0) {
        pthread_mutex_destroy(&h->mu);
        free(h);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        push(&h->empty, items[i]);
    return h;
}

void *handoff_take_empty(handoff *h)
{
    pthread_mutex_lock(&h->mu);
    while (h->empty.n == 0)
        pthread_cond_wait(&h->changed, &h->mu);
    void *item = pop(&h->empty);
    pthread_mutex_unlock(&h->mu);
    return item;
}

/* ITEM into ring R, waking the other side. */
static void put(handoff *h, ring *r, void *item)
{
    pthread_mutex_lock(&h->mu);
    push(r, item);
    pthread_cond_broadcast(&h->changed);
    pthread_mutex_unlock(&h->mu);
}

void handoff_put_full(handoff *h, void *item)
{
    put(h, &h->full, item);
}

void handoff_close(handoff *h)
{
    pthread_mutex_lock(&h->mu);
    h->closed = true;
    pthread_cond_broadcast(&h->changed);
    pthread_mutex_unlock(&h->mu);
}

size_t handoff_waiting(handoff *h)
{
    pthread_mutex_lock(&h->mu);
    size_t n = h->full.n;
    pthread_mutex_unlock(&h->mu);
    return n;
}

void *handoff_take_full(handoff *h)
{
    pthread_mutex_lock(&h->mu);
    while (h->full.n == 0 && !h->closed)
        pthread_cond_wait(&h->changed, &h->mu);
    void *item = h->full.n ? pop(&h->full) : NULL;
    pthread_mutex_unlock(&h->mu);
    return item;
}

void handoff_put_empty(handoff *h, void *item)
{
    put(h, &h->empty, item);
}

void handoff_free(handoff *h)
{
    if (!h)
        return;
    pthread_cond_destroy(&h->changed);
    pthread_mutex_destroy(&h->mu);
    free(h);
}
