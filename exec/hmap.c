/*
 * hmap.c - byte-keyed open-addressing hash map (see hmap.h).
 */
#include "exec/hmap.h"
#include "common/hash.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

static size_t find(const sl_hmap *m, uint64_t h, const void *key, uint32_t klen)
{
    size_t mask = m->cap - 1, i = h & mask;
    for (;;) {
        const sl_hmap_slot *s = &m->slots[i];
        if (!s->key) return i;
        if (s->hash == h && s->klen == klen && memcmp(s->key, key, klen) == 0) return i;
        i = (i + 1) & mask;
    }
}

static void grow(sl_hmap *m)
{
    size_t old_cap = m->cap;
    sl_hmap_slot *old = m->slots;
    m->cap = old_cap ? old_cap * 2 : 64;
    m->slots = sl_calloc(m->cap, sizeof *m->slots);
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i].key) continue;
        size_t j = find(m, old[i].hash, old[i].key, old[i].klen);
        m->slots[j] = old[i];
    }
    free(old);
}

void sl_hmap_fini(sl_hmap *m, void (*free_val)(void *ctx, void *val), void *ctx)
{
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key) continue;
        if (free_val) free_val(ctx, m->slots[i].val);
        free(m->slots[i].key);
    }
    free(m->slots);
    memset(m, 0, sizeof *m);
}

sl_hmap_slot *sl_hmap_get(const sl_hmap *m, const void *key, uint32_t klen)
{
    if (!m->n) return NULL;
    size_t i = find(m, sl_hash_bytes(key, klen), key, klen);
    return m->slots[i].key ? &m->slots[i] : NULL;
}

sl_hmap_slot *sl_hmap_put(sl_hmap *m, const void *key, uint32_t klen, bool *created)
{
    if ((m->n + 1) * 10 > m->cap * 7) grow(m);
    uint64_t h = sl_hash_bytes(key, klen);
    size_t i = find(m, h, key, klen);
    sl_hmap_slot *s = &m->slots[i];
    *created = !s->key;
    if (*created) {
        s->hash = h;
        s->key = sl_malloc(klen ? klen : 1);
        memcpy(s->key, key, klen);
        s->klen = klen;
        s->val = NULL;
        m->n++;
    }
    return s;
}

void *sl_hmap_del(sl_hmap *m, const void *key, uint32_t klen)
{
    if (!m->n) return NULL;
    size_t mask = m->cap - 1, i = find(m, sl_hash_bytes(key, klen), key, klen);
    if (!m->slots[i].key) return NULL;
    void *val = m->slots[i].val;
    free(m->slots[i].key);
    m->slots[i].key = NULL;
    m->n--;
    /* backward shift: pull later entries of the probe run into the hole */
    for (size_t j = (i + 1) & mask; m->slots[j].key; j = (j + 1) & mask) {
        size_t home = m->slots[j].hash & mask;
        bool movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
        if (!movable) continue;
        m->slots[i] = m->slots[j];
        m->slots[j].key = NULL;
        i = j;
    }
    return val;
}
