/*
 * op_filter.c - FILTER: keeps the rows whose predicate is TRUE.
 *
 *   stream:  row --pred TRUE--> row        FALSE/NULL --> dropped
 *   table:   row --pred TRUE--> upsert     FALSE/NULL --> tombstone of its key
 *            tombstone ------------------> tombstone
 *
 * A table row that stops matching must delete its key downstream (the key may
 * have matched before), which is why a table filter turns misses into
 * tombstones instead of dropping them (Kafka Streams' KTable filter). A table
 * whose rows carry retractions (after MATERIALIZE) drops misses instead: the
 * retraction of the old row already took it out.
 *
 * HAVING's filter remembers the keys whose last row matched (their rows are out
 * there to delete); that set is a state store, written at commits and loaded
 * when the task starts, so a restart still deletes what stops matching.
 *
 * The batch is filtered in place: surviving rows are moved down and the same
 * batch is passed on, so a filter costs no copy.
 */
#include "common/mem.h"
#include "exec/expr.h"
#include "exec/hmap.h"
#include "exec/keycodec.h"
#include "exec/op.h"
#include "exec/task.h"

#include <stdlib.h>
#include <string.h>

typedef struct op_filter {
    sl_op base;
    sl_prog *pred;
    uint32_t *sel;
    uint32_t selcap;
    sl_hmap present; /* track_keys: the keys whose last row matched (val: its window's end) */
    sl_hmap changed; /* ...and those added (val 1) or removed (val 2) since the last commit */
    sl_store store;
    bool has_store;
    sl_buf key;
} op_filter;

enum { KEY_ADDED = 1, KEY_REMOVED = 2 };

static void on_eval_error(void *ctx, uint32_t row, sl_error *err)
{
    (void)row;
    sl_task_report(ctx, SL_PROCLOG_RECORD_PROCESSING, err, NULL);
    sl_error_free(err);
}

static sl_error *restore_key(void *ctx, const uint8_t *k, size_t klen, const uint8_t *v,
                             size_t vlen)
{
    op_filter *f = ctx;
    bool created;
    sl_hmap_slot *s = sl_hmap_put(&f->present, k, (uint32_t)klen, &created);
    s->val = (void *)(intptr_t)(vlen == 8 ? sl_keycodec_get_i64(v) : 0);
    return NULL;
}

static sl_error *filter_open(sl_op *op)
{
    op_filter *f = (op_filter *)op;
    const sl_pn_filter *pf = &op->node->u.filter;
    sl_error *err = sl_expr_compile(op->task->ar, pf->pred, &f->pred);
    if (err || !pf->track_keys || !pf->store) return err;
    err = sl_task_store_open(op->task, pf->store, &f->store, &f->has_store);
    if (err || !f->has_store) return err;
    return sl_store_scan(&f->store, restore_key, f);
}

static void note_change(op_filter *f, uintptr_t what)
{
    if (!f->has_store) return;
    bool created;
    sl_hmap_put(&f->changed, f->key.p, (uint32_t)f->key.len, &created)->val = (void *)what;
}

static int cmp_slots(const void *x, const void *y)
{
    const sl_hmap_slot *a = *(const sl_hmap_slot *const *)x, *b = *(const sl_hmap_slot *const *)y;
    int c = memcmp(a->key, b->key, a->klen < b->klen ? a->klen : b->klen);
    return c ? c : (a->klen > b->klen) - (a->klen < b->klen);
}

/* Windows past retention are purged with their groups, so their keys are forgotten: a key
 * goes once stream time passes its window's end + retention (never before its group). */
static void forget_expired(op_filter *f)
{
    int64_t retention = f->base.node->u.filter.retention, now = f->base.task->wm.value;
    if (retention <= 0 || now == INT64_MIN || now - INT64_MIN < retention) return;
    for (size_t i = 0; i < f->present.cap;) {
        sl_hmap_slot *s = &f->present.slots[i];
        if (!s->key || (int64_t)(intptr_t)s->val >= now - retention) {
            i++;
            continue;
        }
        sl_buf_reset(&f->key);
        sl_buf_append(&f->key, s->key, s->klen);
        sl_hmap_del(&f->present, f->key.p, (uint32_t)f->key.len); /* shifts a later key here */
        note_change(f, KEY_REMOVED);
    }
}

/* The keys that started or stopped matching since the last commit, in key order. */
static sl_error *filter_flush(sl_op *op, sl_db_batch *batch)
{
    op_filter *f = (op_filter *)op;
    forget_expired(f);
    if (!f->has_store || !f->changed.n) return NULL;
    sl_hmap_slot **v = sl_calloc(f->changed.n, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < f->changed.cap; i++)
        if (f->changed.slots[i].key) v[n++] = &f->changed.slots[i];
    qsort(v, n, sizeof *v, cmp_slots);
    sl_buf end = SL_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const sl_hmap_slot *p = sl_hmap_get(&f->present, v[i]->key, v[i]->klen);
        if ((uintptr_t)v[i]->val == KEY_ADDED && p) {
            sl_buf_reset(&end);
            sl_keycodec_put_i64(&end, (int64_t)(intptr_t)p->val);
            sl_store_put(&f->store, batch, v[i]->key, v[i]->klen, end.p, end.len);
        } else {
            sl_store_del(&f->store, batch, v[i]->key, v[i]->klen);
        }
    }
    sl_buf_free(&end);
    free(v);
    sl_hmap_fini(&f->changed, NULL, NULL);
    memset(&f->changed, 0, sizeof f->changed);
    return NULL;
}

static void ensure_sel(op_filter *f, uint32_t n)
{
    if (n <= f->selcap) return;
    size_t cap = f->selcap;
    SL_GROW(f->sel, cap, n);
    f->selcap = (uint32_t)cap;
}

static void table_misses_to_tombstones(sl_op *op, sl_batch *b, const uint32_t *sel, uint32_t nsel)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        if (k < nsel && sel[k] == i) {
            k++;
            continue;
        }
        sl_row *r = &b->rows[i];
        r->flags |= SL_ROW_TOMBSTONE;
        for (uint32_t c = op->node->nkey; c < b->ncols; c++) r->col[c] = sl_value_null();
    }
}

static void row_key(op_filter *f, const sl_row *r)
{
    const sl_pnode *n = f->base.node;
    sl_buf_reset(&f->key);
    sl_keycodec_put_row(&f->key, n->cols, n->nkey, r->col);
    if (r->flags & SL_ROW_WINDOWED) sl_keycodec_put_i64(&f->key, r->wstart);
}

/* HAVING: a row that matches marks its key present; a miss becomes a tombstone only when
 * the key was present (its earlier row is out there to delete), else it is dropped, as
 * Kafka Streams' filter over an aggregation with old values does. */
static void track_keys(op_filter *f, sl_batch *b, const uint32_t *sel, uint32_t nsel)
{
    uint32_t k = 0, out = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        sl_row *r = &b->rows[i];
        bool hit = k < nsel && sel[k] == i;
        if (hit) k++;
        row_key(f, r);
        if (hit && !(r->flags & SL_ROW_TOMBSTONE)) {
            bool created;
            sl_hmap_slot *s = sl_hmap_put(&f->present, f->key.p, (uint32_t)f->key.len, &created);
            bool moved = (r->flags & SL_ROW_WINDOWED) && (intptr_t)s->val != (intptr_t)r->wend;
            if (r->flags & SL_ROW_WINDOWED) s->val = (void *)(intptr_t)r->wend;
            if (created || moved) note_change(f, KEY_ADDED);
        } else {
            if (!sl_hmap_get(&f->present, f->key.p, (uint32_t)f->key.len)) continue;
            sl_hmap_del(&f->present, f->key.p, (uint32_t)f->key.len);
            note_change(f, KEY_REMOVED);
            r->flags |= SL_ROW_TOMBSTONE;
            for (uint32_t c = f->base.node->nkey; c < b->ncols; c++) r->col[c] = sl_value_null();
        }
        b->rows[out++] = *r;
    }
    b->n = out;
}

static sl_error *filter_push(sl_op *op, sl_batch *b, int port)
{
    (void)port;
    op_filter *f = (op_filter *)op;
    ensure_sel(f, b->n);
    uint32_t n = sl_prog_select(f->pred, b, f->sel, on_eval_error, op->task);
    if (op->node->u.filter.track_keys) {
        track_keys(f, b, f->sel, n);
        return sl_op_emit(op, b);
    }
    if (op->node->is_table && !op->node->retracting) {
        table_misses_to_tombstones(op, b, f->sel, n);
        return sl_op_emit(op, b);
    }
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) /* a stream row with a NULL value never matches */
        if (!(b->rows[f->sel[i]].flags & SL_ROW_TOMBSTONE)) b->rows[k++] = b->rows[f->sel[i]];
    b->n = k;
    return sl_op_emit(op, b);
}

static void filter_close(sl_op *op)
{
    op_filter *f = (op_filter *)op;
    sl_prog_free(f->pred);
    free(f->sel);
    sl_hmap_fini(&f->present, NULL, NULL);
    sl_hmap_fini(&f->changed, NULL, NULL);
    sl_buf_free(&f->key);
}

const sl_op_vt sl_op_filter_vt = {
    .name = "filter",
    .size = sizeof(op_filter),
    .open = filter_open,
    .push = filter_push,
    .flush = filter_flush,
    .close = filter_close,
};
