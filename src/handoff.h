/* handoff.h - hand work from one thread to another through a fixed pool.
 *
 * The case data are parsed on one thread and checked on another (cases.c).
 * The parser fills an item (a batch of records), puts it in the queue, and
 * takes an empty one from the pool; the checker takes the full items in
 * order and gives each back when done.  The pool is all the items there
 * are, so memory does not grow with the file, and neither side gets more
 * than the pool ahead of the other.
 */
#ifndef THRIVE_HANDOFF_H
#define THRIVE_HANDOFF_H

#include <stddef.h>

typedef struct handoff handoff;

/* A handoff whose pool is the N items ITEMS (N <= HANDOFF_MAX); NULL when
 * it cannot be made. */
#define HANDOFF_MAX 8
handoff *handoff_new(void *const *items, size_t n);

/* The producer's side: an empty item (waits for one), a full one into the
 * queue, and no more to come. */
void *handoff_take_empty(handoff *h);
void handoff_put_full(handoff *h, void *item);
void handoff_close(handoff *h);
/* How many full items wait for the consumer (a hint: it may change at once). */
size_t handoff_waiting(handoff *h);

/* The consumer's side: the next full item (waits for one), or NULL once the
 * producer has closed and the queue is empty; an item given back. */
void *handoff_take_full(handoff *h);
void handoff_put_empty(handoff *h, void *item);

void handoff_free(handoff *h);

#endif
