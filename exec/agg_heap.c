/*
 * agg_heap.c - indexed min-heap of groups by window bound (see agg_heap.h).
 */
#include "exec/agg_heap.h"
#include "common/mem.h"

#include <stdlib.h>

static int64_t bound(const agg_heap *h, const agg_group *g)
{
    return h->by_end ? g->wend : g->wstart;
}

static void place(agg_heap *h, size_t i, agg_group *g)
{
    h->v[i] = g;
    g->heap_idx[h->which] = (uint32_t)i;
}

static void up(agg_heap *h, size_t i)
{
    agg_group *g = h->v[i];
    while (i > 1 && bound(h, h->v[i / 2]) > bound(h, g)) {
        place(h, i, h->v[i / 2]);
        i /= 2;
    }
    place(h, i, g);
}

static void down(agg_heap *h, size_t i)
{
    agg_group *g = h->v[i];
    for (;;) {
        size_t c = 2 * i;
        if (c > h->n) break;
        if (c + 1 <= h->n && bound(h, h->v[c + 1]) < bound(h, h->v[c])) c++;
        if (bound(h, h->v[c]) >= bound(h, g)) break;
        place(h, i, h->v[c]);
        i = c;
    }
    place(h, i, g);
}

void agg_heap_push(agg_heap *h, agg_group *g)
{
    if (g->heap_idx[h->which]) return;
    SL_GROW(h->v, h->cap, h->n + 2);
    h->v[++h->n] = g;
    up(h, h->n);
}

agg_group *agg_heap_top(const agg_heap *h)
{
    return h->n ? h->v[1] : NULL;
}

void agg_heap_remove(agg_heap *h, agg_group *g)
{
    size_t i = g->heap_idx[h->which];
    if (!i) return;
    g->heap_idx[h->which] = 0;
    agg_group *last = h->v[h->n--];
    if (i > h->n) return;
    place(h, i, last);
    up(h, i);
    down(h, last->heap_idx[h->which]);
}

agg_group *agg_heap_pop(agg_heap *h)
{
    agg_group *g = agg_heap_top(h);
    if (g) agg_heap_remove(h, g);
    return g;
}

void agg_heap_free(agg_heap *h)
{
    free(h->v);
    h->v = NULL;
    h->n = h->cap = 0;
}
