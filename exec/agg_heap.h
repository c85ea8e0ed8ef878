/*
 * agg_heap.h - an indexed binary min-heap of aggregation groups, ordered by a
 * window bound. The aggregation operator keeps two: windows waiting for their
 * EMIT FINAL row (by start) and windows waiting to be purged (by start, or by
 * end for sessions). Each group knows its place in each heap (heap_idx), so a
 * session merged away leaves both heaps in O(log n). Private to op_aggregate.c.
 */
#ifndef SL_EXEC_AGG_HEAP_H
#define SL_EXEC_AGG_HEAP_H

#include "exec/agg_state.h"

typedef struct agg_heap {
    agg_group **v; /* v[1..n]; index 0 unused so heap_idx 0 means "not in the heap" */
    size_t n, cap;
    int which;     /* which heap_idx slot of agg_group this heap uses */
    bool by_end;   /* order by wend instead of wstart */
} agg_heap;

void agg_heap_push(agg_heap *h, agg_group *g);
agg_group *agg_heap_top(const agg_heap *h);
agg_group *agg_heap_pop(agg_heap *h);
void agg_heap_remove(agg_heap *h, agg_group *g);
void agg_heap_free(agg_heap *h);

#endif
