/*
 * op_materialize.c - MATERIALIZE: a table's latest row per key, so that every
 * change downstream carries the row it replaces.
 *
 *   upsert k -> new      emits  retract(old row of k) if any, then new
 *   delete k (tombstone) emits  retract(old row of k) if any
 *
 * Aggregating a table needs this (the old row leaves its group before the new
 * one joins one), as Kafka Streams' KTable sends old values. Rows are kept in
 * memory (hmap, encoded with keycodec) and written to the state store at
 * commit; the task restores them when it starts.
 */
#include "common/mem.h"
#include "exec/hmap.h"
#include "exec/keycodec.h"
#include "exec/op.h"
#include "exec/query_int.h"
#include "exec/store.h"
#include "exec/task.h"

#include <stdlib.h>
#include <string.h>

typedef struct stored_row {
    uint32_t len;
    bool dirty;
    uint8_t bytes[];
} stored_row;

typedef struct op_mat {
    sl_op base;
    sl_hmap rows;   /* key bytes -> stored_row */
    sl_buf key, enc;
    sl_buf *dirty;  /* keys written (or deleted) since the last commit */
    size_t ndirty, capdirty;
    sl_store store;
    bool has_store;
} op_mat;

static void mark(op_mat *m)
{
    SL_GROW(m->dirty, m->capdirty, m->ndirty + 1);
    m->dirty[m->ndirty] = (sl_buf)SL_BUF_INIT;
    sl_buf_append(&m->dirty[m->ndirty++], m->key.p, m->key.len);
}

static void emit_retract(op_mat *m, const stored_row *old, const sl_row *row)
{
    sl_batch *out = m->base.out;
    sl_row *r = sl_batch_add(out);
    const uint8_t *p = old->bytes;
    sl_error *err = sl_keycodec_get_row(&p, old->bytes + old->len, m->base.node->cols,
                                        m->base.node->ncols, out->ar, r->col);
    if (err) {
        sl_task_report(m->base.task, SL_PROCLOG_RECORD_PROCESSING, err, NULL);
        sl_error_free(err);
        out->n--;
        return;
    }
    r->ts = row->ts;
    r->offset = row->offset;
    r->partition = row->partition;
    r->flags = SL_ROW_RETRACT;
}

static void process(op_mat *m, const sl_row *row)
{
    const sl_pnode *n = m->base.node;
    sl_buf_reset(&m->key);
    sl_keycodec_put_row(&m->key, n->cols, n->nkey, row->col);
    sl_hmap_slot *slot = sl_hmap_get(&m->rows, m->key.p, (uint32_t)m->key.len);
    bool had_old = slot != NULL;
    if (slot) emit_retract(m, slot->val, row);
    mark(m);
    if (row->flags & SL_ROW_TOMBSTONE) {
        free(sl_hmap_del(&m->rows, m->key.p, (uint32_t)m->key.len));
        return;
    }
    sl_buf_reset(&m->enc);
    sl_keycodec_put_row(&m->enc, n->cols, n->ncols, row->col);
    bool created;
    slot = sl_hmap_put(&m->rows, m->key.p, (uint32_t)m->key.len, &created);
    free(slot->val);
    stored_row *sr = sl_malloc(sizeof *sr + m->enc.len);
    sr->len = (uint32_t)m->enc.len;
    memcpy(sr->bytes, m->enc.p, m->enc.len);
    slot->val = sr;
    sl_row *r = sl_batch_add(m->base.out);
    memcpy(r->col, row->col, n->ncols * sizeof *r->col);
    r->ts = row->ts;
    r->offset = row->offset;
    r->partition = row->partition;
    r->headers = row->headers;
    r->flags = row->flags & ~(uint32_t)(SL_ROW_TOMBSTONE | SL_ROW_RETRACT);
    if (had_old) r->flags |= SL_ROW_PAIRED;
}

static sl_error *mat_push(sl_op *op, sl_batch *b, int port)
{
    (void)port;
    op_mat *m = (op_mat *)op;
    sl_batch_reset(op->out);
    for (uint32_t i = 0; i < b->n; i++) process(m, &b->rows[i]);
    return sl_op_emit(op, op->out);
}

static int cmp_bufs(const void *x, const void *y)
{
    const sl_buf *a = x, *b = y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->p, b->p, n);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

static sl_error *mat_flush(sl_op *op, sl_db_batch *batch)
{
    op_mat *m = (op_mat *)op;
    if (!m->has_store) {
        for (size_t i = 0; i < m->ndirty; i++) sl_buf_free(&m->dirty[i]);
        m->ndirty = 0;
        return NULL;
    }
    qsort(m->dirty, m->ndirty, sizeof *m->dirty, cmp_bufs);
    for (size_t i = 0; i < m->ndirty; i++) {
        sl_buf *k = &m->dirty[i];
        if (i + 1 < m->ndirty && cmp_bufs(k, &m->dirty[i + 1]) == 0) {
            sl_buf_free(k);
            continue;
        }
        sl_hmap_slot *slot = sl_hmap_get(&m->rows, k->p, (uint32_t)k->len);
        if (slot) {
            stored_row *sr = slot->val;
            sl_store_put(&m->store, batch, k->p, k->len, sr->bytes, sr->len);
        } else {
            sl_store_del(&m->store, batch, k->p, k->len);
        }
        sl_buf_free(k);
    }
    m->ndirty = 0;
    return NULL;
}

static sl_error *restore_row(void *ctx, const uint8_t *k, size_t klen, const uint8_t *v, size_t vlen)
{
    op_mat *m = ctx;
    bool created;
    sl_hmap_slot *slot = sl_hmap_put(&m->rows, k, (uint32_t)klen, &created);
    stored_row *sr = sl_malloc(sizeof *sr + vlen);
    sr->len = (uint32_t)vlen;
    memcpy(sr->bytes, v, vlen);
    free(slot->val);
    slot->val = sr;
    return NULL;
}

static sl_error *mat_open(sl_op *op)
{
    op_mat *m = (op_mat *)op;
    op->out = sl_batch_new(op->node->ncols);
    sl_error *err = sl_task_store_open(op->task, op->node->u.mat.store, &m->store, &m->has_store);
    if (err || !m->has_store) return err;
    return sl_store_scan(&m->store, restore_row, m);
}

static void free_row(void *ctx, void *val)
{
    (void)ctx;
    free(val);
}

static void mat_close(sl_op *op)
{
    op_mat *m = (op_mat *)op;
    sl_hmap_fini(&m->rows, free_row, NULL);
    for (size_t i = 0; i < m->ndirty; i++) sl_buf_free(&m->dirty[i]);
    free(m->dirty);
    sl_buf_free(&m->key);
    sl_buf_free(&m->enc);
    sl_batch_free(op->out);
}

const sl_op_vt sl_op_materialize_vt = {
    .name = "materialize",
    .size = sizeof(op_mat),
    .open = mat_open,
    .push = mat_push,
    .flush = mat_flush,
    .close = mat_close,
};
