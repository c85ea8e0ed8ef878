/*
 * agg_state.c - aggregation groups: allocation, the dirty and dead lists, and
 * their stored form (see agg_state.h).
 *
 * Stored value: version byte, then wstart, wend, ts, nrows (8 bytes each,
 * big-endian), flags (4), then per aggregate a 4-byte length and its
 * serialized accumulator.
 */
#include "exec/agg_state.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

#define STATE_VERSION 1

void agg_state_init(agg_state *st, const sl_pn_aggregate *spec)
{
    memset(st, 0, sizeof *st);
    st->spec = spec;
    st->time = st->stored_time = INT64_MIN;
    st->acc_off = sl_calloc(spec->naggs + 1, sizeof *st->acc_off);
    size_t off = 0;
    for (uint32_t i = 0; i < spec->naggs; i++) {
        st->acc_off[i] = off;
        off += (spec->aggs[i].call->sig->agg->size + 15) & ~(size_t)15;
    }
    st->group_size = sizeof(agg_group) + off;
}

static void free_group(void *ctx, void *val)
{
    agg_state *st = ctx;
    agg_group *g = val;
    for (uint32_t i = 0; i < st->spec->naggs; i++) {
        const sl_fn_call *c = st->spec->aggs[i].call;
        if (c->sig->agg->destroy) c->sig->agg->destroy(c, g->acc + st->acc_off[i]);
    }
    free(g);
}

void agg_state_fini(agg_state *st)
{
    sl_hmap_fini(&st->groups, free_group, st);
    for (size_t i = 0; i < st->ndead; i++) sl_buf_free(&st->dead[i]);
    free(st->dead);
    free(st->dirty);
    free(st->acc_off);
}

agg_group *agg_state_find(agg_state *st, const void *key, uint32_t klen)
{
    sl_hmap_slot *slot = sl_hmap_get(&st->groups, key, klen);
    return slot ? slot->val : NULL;
}

agg_group *agg_state_group(agg_state *st, const void *key, uint32_t klen, bool *created)
{
    sl_hmap_slot *slot = sl_hmap_put(&st->groups, key, klen, created);
    if (!*created) return slot->val;
    agg_group *g = sl_calloc(1, st->group_size);
    for (uint32_t i = 0; i < st->spec->naggs; i++) {
        const sl_fn_call *c = st->spec->aggs[i].call;
        c->sig->agg->init(c, g->acc + st->acc_off[i]);
    }
    g->ts = INT64_MIN;
    g->key = slot->key; /* the map's copy */
    g->klen = slot->klen;
    slot->val = g;
    return g;
}

void agg_state_touch(agg_state *st, agg_group *g)
{
    if (g->flags & GROUP_DIRTY) return;
    g->flags |= GROUP_DIRTY;
    SL_GROW(st->dirty, st->capdirty, st->ndirty + 1);
    g->dirty_idx = (uint32_t)st->ndirty;
    st->dirty[st->ndirty++] = g;
}

void agg_state_remove(agg_state *st, agg_group *g)
{
    if (g->flags & GROUP_DIRTY) { /* O(1): move the last dirty group into its place */
        agg_group *last = st->dirty[--st->ndirty];
        st->dirty[g->dirty_idx] = last;
        last->dirty_idx = g->dirty_idx;
    }
    if (g->flags & GROUP_STORED) { /* only what reached the store needs deleting there */
        SL_GROW(st->dead, st->capdead, st->ndead + 1);
        st->dead[st->ndead] = (sl_buf)SL_BUF_INIT;
        sl_buf_append(&st->dead[st->ndead++], g->key, g->klen);
    }
    agg_group *v = sl_hmap_del(&st->groups, g->key, g->klen);
    free_group(st, v);
}

static void put_be64(sl_buf *b, uint64_t v)
{
    for (int i = 7; i >= 0; i--) sl_buf_putc(b, (char)(v >> (8 * i)));
}

static uint64_t get_be64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | p[i];
    return v;
}

static void serialize(agg_state *st, const agg_group *g, sl_buf *out)
{
    sl_buf_putc(out, STATE_VERSION);
    put_be64(out, (uint64_t)g->wstart);
    put_be64(out, (uint64_t)g->wend);
    put_be64(out, (uint64_t)g->ts);
    put_be64(out, (uint64_t)g->nrows);
    uint32_t flags = g->flags & ~(uint32_t)(GROUP_DIRTY | GROUP_STORED);
    for (int i = 3; i >= 0; i--) sl_buf_putc(out, (char)(flags >> (8 * i)));
    sl_buf one = SL_BUF_INIT;
    for (uint32_t i = 0; i < st->spec->naggs; i++) {
        const sl_fn_call *c = st->spec->aggs[i].call;
        sl_buf_reset(&one);
        c->sig->agg->serialize(c, g->acc + st->acc_off[i], &one);
        for (int k = 3; k >= 0; k--) sl_buf_putc(out, (char)(one.len >> (8 * k)));
        sl_buf_append(out, one.p ? one.p : "", one.len);
    }
    sl_buf_free(&one);
}

static int cmp_groups(const void *a, const void *b)
{
    const agg_group *x = *(agg_group *const *)a, *y = *(agg_group *const *)b;
    uint32_t n = x->klen < y->klen ? x->klen : y->klen;
    int c = memcmp(x->key, y->key, n);
    return c ? c : (int)x->klen - (int)y->klen;
}

sl_error *agg_state_flush(agg_state *st, sl_db_batch *batch)
{
    if (!st->has_store) return NULL;
    if (st->time != st->stored_time) {
        sl_buf t = SL_BUF_INIT;
        sl_buf_putc(&t, STATE_VERSION);
        put_be64(&t, (uint64_t)st->time);
        sl_store_put(&st->store, batch, "", 0, t.p, t.len);
        sl_buf_free(&t);
        st->stored_time = st->time;
    }
    for (size_t i = 0; i < st->ndead; i++) {
        sl_store_del(&st->store, batch, st->dead[i].p, st->dead[i].len);
        sl_buf_free(&st->dead[i]);
    }
    st->ndead = 0;
    if (st->ndirty) qsort(st->dirty, st->ndirty, sizeof *st->dirty, cmp_groups);
    sl_buf v = SL_BUF_INIT;
    for (size_t i = 0; i < st->ndirty; i++) {
        agg_group *g = st->dirty[i];
        sl_buf_reset(&v);
        serialize(st, g, &v);
        sl_store_put(&st->store, batch, g->key, g->klen, v.p, v.len);
        g->flags = (g->flags & ~(uint32_t)GROUP_DIRTY) | GROUP_STORED;
    }
    st->ndirty = 0;
    sl_buf_free(&v);
    return NULL;
}

static sl_error *restore_one(void *ctx, const uint8_t *k, size_t klen, const uint8_t *v, size_t vlen)
{
    agg_state *st = ctx;
    if (klen == 0 && vlen == 9 && v[0] == STATE_VERSION) { /* the stream time */
        st->time = st->stored_time = (int64_t)get_be64(v + 1);
        return NULL;
    }
    if (vlen < 1 + 32 + 4 || v[0] != STATE_VERSION)
        return sl_error_new(SL_E_CORRUPT, "aggregation state entry is malformed");
    bool created;
    agg_group *g = agg_state_group(st, k, (uint32_t)klen, &created);
    g->wstart = (int64_t)get_be64(v + 1);
    g->wend = (int64_t)get_be64(v + 9);
    g->ts = (int64_t)get_be64(v + 17);
    g->nrows = (int64_t)get_be64(v + 25);
    g->flags = ((uint32_t)v[33] << 24 | (uint32_t)v[34] << 16 | (uint32_t)v[35] << 8 | v[36]) | GROUP_STORED;
    const uint8_t *p = v + 37, *end = v + vlen;
    for (uint32_t i = 0; i < st->spec->naggs; i++) {
        if (end - p < 4) return sl_error_new(SL_E_CORRUPT, "aggregation state entry is truncated");
        uint32_t n = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        p += 4;
        if ((size_t)(end - p) < n) return sl_error_new(SL_E_CORRUPT, "aggregation state entry is truncated");
        const sl_fn_call *c = st->spec->aggs[i].call;
        sl_error *err = c->sig->agg->deserialize(c, g->acc + st->acc_off[i], p, n);
        if (err) return err;
        p += n;
    }
    return NULL;
}

sl_error *agg_state_restore(agg_state *st)
{
    return st->has_store ? sl_store_scan(&st->store, restore_one, st) : NULL;
}
