/*
 * hmap.h - a hash map from byte strings to pointers: the in-memory index of
 * operator state (aggregation groups, windows, materialized table rows).
 *
 * Open addressing with linear probing and backward-shift deletion (no
 * tombstones, so lookups stay short however much is removed). Keys are copied
 * into the map on insert (one allocation per new key, never per lookup) and
 * freed on removal; values are the caller's. Used by one thread at a time.
 */
#ifndef SL_EXEC_HMAP_H
#define SL_EXEC_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sl_hmap_slot {
    uint64_t hash;
    uint8_t *key; /* NULL: empty slot */
    uint32_t klen;
    void *val;
} sl_hmap_slot;

typedef struct sl_hmap {
    sl_hmap_slot *slots;
    size_t cap, n; /* cap is a power of two (or 0) */
} sl_hmap;

/* Frees every key and the slot array; free_val (may be NULL) is called on each value. */
void sl_hmap_fini(sl_hmap *m, void (*free_val)(void *ctx, void *val), void *ctx);
/* The slot of key, or NULL when absent. Valid until the map changes. */
sl_hmap_slot *sl_hmap_get(const sl_hmap *m, const void *key, uint32_t klen);
/* The slot of key, inserting it (val NULL, *created set) when absent; slot->key is the
 * map's copy of the key, stable until the key is removed. */
sl_hmap_slot *sl_hmap_put(sl_hmap *m, const void *key, uint32_t klen, bool *created);
/* Removes key; returns its value (or NULL when absent). */
void *sl_hmap_del(sl_hmap *m, const void *key, uint32_t klen);

#endif
