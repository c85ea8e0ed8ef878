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

typedef struct op_filter {
    sl_op base;
    sl_prog *pred;
    uint32_t *sel;
    uint32_t selcap;
    sl_hmap present; /* track_keys: the keys whose last row matched */
    sl_buf key;
} op_filter;

static void on_eval_error(void *ctx, uint32_t row, sl_error *err)
{
    (void)row;
    sl_task_report(ctx, SL_PROCLOG_RECORD_PROCESSING, err, NULL);
    sl_error_free(err);
}

static sl_error *filter_open(sl_op *op)
{
    op_filter *f = (op_filter *)op;
    return sl_expr_compile(op->task->ar, op->node->u.filter.pred, &f->pred);
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
            sl_hmap_put(&f->present, f->key.p, (uint32_t)f->key.len, &created);
        } else {
            if (!sl_hmap_get(&f->present, f->key.p, (uint32_t)f->key.len)) continue;
            sl_hmap_del(&f->present, f->key.p, (uint32_t)f->key.len);
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
    sl_buf_free(&f->key);
}

const sl_op_vt sl_op_filter_vt = {
    .name = "filter",
    .size = sizeof(op_filter),
    .open = filter_open,
    .push = filter_push,
    .close = filter_close,
};
