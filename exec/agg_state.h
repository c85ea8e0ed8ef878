/*
 * agg_state.h - the state of an aggregation operator: groups (one per group
 * key, or per key and window), their accumulators, and what must be written
 * at the next commit. Private to op_aggregate.c and agg_state.c.
 *
 *   hmap: key bytes (group key [‖ window start]) -> group
 *   group: window bounds, output time, row count, flags, accumulators
 *   dirty list: groups changed since the last commit (written key-sorted)
 *   dead list:  keys removed since the last commit (deleted)
 */
#ifndef SL_EXEC_AGG_STATE_H
#define SL_EXEC_AGG_STATE_H

#include "common/buf.h"
#include "exec/agg.h"
#include "exec/hmap.h"
#include "exec/plan.h"
#include "exec/store.h"

enum {
    GROUP_DIRTY = 1 << 0,   /* changed since the last commit */
    GROUP_EMITTED = 1 << 1, /* EMIT FINAL: its final row is out */
    GROUP_STORED = 1 << 2,  /* a version of it is in the state store */
};

typedef struct agg_group {
    uint8_t *key; /* the map's copy of the key bytes */
    uint32_t klen;
    uint32_t flags;
    uint32_t heap_idx[2]; /* positions in the operator's window heaps (agg_heap.h); 0: none */
    uint32_t dirty_idx;   /* position in the dirty list while GROUP_DIRTY */
    int64_t wstart, wend; /* windowed groups; session: first and last record time */
    int64_t ts;           /* output timestamp: the latest record time folded in */
    int64_t nrows;        /* records folded in minus records retracted */
    _Alignas(16) unsigned char acc[];
} agg_group;

typedef struct agg_state {
    const sl_pn_aggregate *spec;
    size_t *acc_off;  /* [naggs] offset of each accumulator in agg_group.acc */
    size_t group_size;
    sl_hmap groups;
    agg_group **dirty;
    size_t ndirty, capdirty;
    sl_buf *dead;     /* keys deleted since the last commit */
    size_t ndead, capdead;
    sl_store store;
    bool has_store;
    int64_t time;        /* the operator's stream time, stored (under the empty key) with the
                          * groups so a restart closes windows where it left off */
    int64_t stored_time;
} agg_state;

void agg_state_init(agg_state *st, const sl_pn_aggregate *spec);
void agg_state_fini(agg_state *st);
/* The group of key (allocated, init'ed accumulators, when new; *created set). */
agg_group *agg_state_group(agg_state *st, const void *key, uint32_t klen, bool *created);
agg_group *agg_state_find(agg_state *st, const void *key, uint32_t klen);
void agg_state_touch(agg_state *st, agg_group *g);
/* Removes a group (and its stored copy at the next commit). */
void agg_state_remove(agg_state *st, agg_group *g);
/* Writes dirty groups (key-sorted) and deletions into batch. */
sl_error *agg_state_flush(agg_state *st, sl_db_batch *batch);
/* Loads every group of the task from its store. */
sl_error *agg_state_restore(agg_state *st);

#endif
