/*
 * join_outer.c - the outer rows of a windowed join waiting for their window
 * to close (Kafka Streams' fix for spurious left/outer join results,
 * KIP-633's GRACE PERIOD): a row of an outer side that found no match is
 * padded only if none arrives before its window closes.
 *
 *   (time, side, key) ──hmap──> entry (the row, its window bounds)
 *   heap of entries ordered by (time, side, key): the oldest closes first
 *
 *   put      a row found no match
 *   del      a later row of the other side matched it: it will not be padded
 *   peek/pop the oldest: the operator pads and pops it once its window closed
 *
 * Deleted entries stay in the heap marked dead until they reach its top (no
 * search to remove them). Every put and delete is a pending write of the
 * state store, written at commit and read back when the task starts.
 */
#include "common/mem.h"
#include "exec/join_state.h"
#include "exec/keycodec.h"
#include "exec/query_int.h"
#include "exec/task.h"

#include <stdlib.h>
#include <string.h>

static void outer_key(sl_buf *out, int64_t ts, uint8_t side, const void *key, uint32_t klen)
{
    sl_buf_reset(out);
    sl_keycodec_put_i64(out, ts);
    sl_buf_putc(out, (char)side);
    sl_buf_append(out, key, klen);
}

static int cmp_entries(const sl_join_outer_entry *a, const sl_join_outer_entry *b)
{
    if (a->ts != b->ts) return a->ts < b->ts ? -1 : 1;
    if (a->side != b->side) return a->side < b->side ? -1 : 1;
    uint32_t n = a->klen < b->klen ? a->klen : b->klen;
    int c = memcmp(a->key, b->key, n);
    return c ? c : (a->klen > b->klen) - (a->klen < b->klen);
}

static void heap_push(sl_join_outer *o, sl_join_outer_entry *e)
{
    SL_GROW(o->heap, o->cap, o->n + 1);
    size_t i = o->n++;
    while (i > 0 && cmp_entries(e, o->heap[(i - 1) / 2]) < 0) {
        o->heap[i] = o->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    o->heap[i] = e;
}

static void heap_pop(sl_join_outer *o)
{
    sl_join_outer_entry *last = o->heap[--o->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= o->n) break;
        if (c + 1 < o->n && cmp_entries(o->heap[c + 1], o->heap[c]) < 0) c++;
        if (cmp_entries(last, o->heap[c]) <= 0) break;
        o->heap[i] = o->heap[c];
        i = c;
    }
    if (o->n) o->heap[i] = last;
}

static void entry_free(sl_join_outer_entry *e)
{
    if (!e) return;
    free(e->row);
    free(e);
}

/* Adds e, replacing an entry of the same (time, side, key) as Kafka Streams' store does. */
static void add(sl_join_outer *o, sl_join_outer_entry *e)
{
    sl_buf k = SL_BUF_INIT;
    outer_key(&k, e->ts, e->side, e->key, e->klen);
    bool created;
    sl_hmap_slot *slot = sl_hmap_put(&o->map, k.p, (uint32_t)k.len, &created);
    sl_buf_free(&k);
    if (!created) {
        sl_join_outer_entry *old = slot->val;
        sl_join_row *r = old->row;
        old->row = e->row;
        old->port = e->port;
        old->wstart = e->wstart;
        old->wend = e->wend;
        old->flags = e->flags;
        e->row = r;
        entry_free(e);
        return;
    }
    slot->val = e;
    heap_push(o, e);
}

static void pending_put(sl_join_outer *o, const sl_join_outer_entry *e)
{
    if (!o->has_store) return;
    sl_buf k = SL_BUF_INIT, v = SL_BUF_INIT;
    outer_key(&k, e->ts, e->side, e->key, e->klen);
    sl_buf_putc(&v, (char)e->port);
    sl_keycodec_put_i64(&v, e->wstart);
    sl_keycodec_put_i64(&v, e->wend);
    sl_keycodec_put_i64(&v, e->flags);
    sl_join_row_encode(&v, o->cols[e->port], e->row);
    sl_join_pending_put(&o->pending, &k, &v);
    sl_buf_free(&k);
    sl_buf_free(&v);
}

void sl_join_outer_put(sl_join_outer *o, uint8_t side, int port, const void *key, uint32_t klen,
                       const sl_row *row)
{
    sl_join_outer_entry *e = sl_malloc(sizeof *e + klen);
    e->ts = row->ts;
    e->side = side;
    e->port = (uint8_t)port;
    e->dead = false;
    e->wstart = row->wstart;
    e->wend = row->wend;
    e->flags = row->flags & SL_ROW_WINDOWED;
    e->klen = klen;
    memcpy(e->key, key, klen);
    e->row = sl_join_row_new(o->cols[port], o->ncols[port], row->col, row->ts);
    pending_put(o, e);
    add(o, e);
}

void sl_join_outer_del(sl_join_outer *o, int64_t ts, uint8_t side, const void *key, uint32_t klen)
{
    sl_buf k = SL_BUF_INIT;
    outer_key(&k, ts, side, key, klen);
    sl_join_outer_entry *e = sl_hmap_del(&o->map, k.p, (uint32_t)k.len);
    if (e) {
        e->dead = true; /* freed when it reaches the top of the heap */
        if (o->has_store) sl_join_pending_del(&o->pending, &k);
    }
    sl_buf_free(&k);
}

const sl_join_outer_entry *sl_join_outer_peek(sl_join_outer *o)
{
    while (o->n && o->heap[0]->dead) {
        sl_join_outer_entry *e = o->heap[0];
        heap_pop(o);
        entry_free(e);
    }
    return o->n ? o->heap[0] : NULL;
}

void sl_join_outer_pop(sl_join_outer *o)
{
    sl_join_outer_entry *e = o->heap[0];
    sl_join_outer_del(o, e->ts, e->side, e->key, e->klen);
    heap_pop(o);
    SL_GROW(o->popped, o->cappopped, o->npopped + 1); /* output rows still borrow its values */
    o->popped[o->npopped++] = e;
}

void sl_join_outer_release(sl_join_outer *o)
{
    for (size_t i = 0; i < o->npopped; i++)
        entry_free(o->popped[i]);
    o->npopped = 0;
}

static sl_error *restore_entry(void *ctx, const uint8_t *k, size_t klen, const uint8_t *v,
                               size_t vlen)
{
    sl_join_outer *o = ctx;
    if (klen < 9 || vlen < 25 || v[0] > 1)
        return sl_error_new(SL_E_CORRUPT, "join outer entry too short");
    int port = v[0];
    sl_arena *scratch = sl_arena_new(0);
    sl_join_row *r;
    sl_error *err =
        sl_join_row_decode(v + 25, vlen - 25, o->cols[port], o->ncols[port], scratch, &r);
    sl_arena_free(scratch);
    if (err) return err;
    sl_join_outer_entry *e = sl_malloc(sizeof *e + klen - 9);
    e->ts = sl_keycodec_get_i64(k);
    e->side = k[8];
    e->port = (uint8_t)port;
    e->dead = false;
    e->wstart = sl_keycodec_get_i64(v + 1);
    e->wend = sl_keycodec_get_i64(v + 9);
    e->flags = (uint32_t)sl_keycodec_get_i64(v + 17);
    e->klen = (uint32_t)(klen - 9);
    memcpy(e->key, k + 9, e->klen);
    e->row = r;
    add(o, e);
    return NULL;
}

sl_error *sl_join_outer_open(sl_join_outer *o, sl_task *task, const char *name,
                             const sl_pnode *const in[2])
{
    memset(o, 0, sizeof *o);
    for (int p = 0; p < 2; p++) {
        o->cols[p] = in[p]->cols;
        o->ncols[p] = in[p]->ncols;
    }
    sl_error *err = sl_task_store_open(task, name, &o->store, &o->has_store);
    if (err || !o->has_store) return err;
    return sl_store_scan(&o->store, restore_entry, o);
}

void sl_join_outer_flush(sl_join_outer *o, sl_db_batch *batch)
{
    sl_join_pending_flush(&o->pending, o->has_store ? &o->store : NULL, batch);
}

void sl_join_outer_close(sl_join_outer *o)
{
    for (size_t i = 0; i < o->n; i++)
        entry_free(o->heap[i]); /* every entry is in the heap */
    free(o->heap);
    sl_join_outer_release(o);
    free(o->popped);
    sl_hmap_fini(&o->map, NULL, NULL);
    sl_join_pending_free(&o->pending);
    memset(o, 0, sizeof *o);
}
