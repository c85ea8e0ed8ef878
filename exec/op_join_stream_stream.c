/*
 * op_join_stream_stream.c - windowed JOIN of two streams (Kafka Streams'
 * KStream-KStream join): every pair of rows of the same key whose times are
 * within the window joins; outer sides also emit their rows padded with NULLs
 * when nothing joined them.
 *
 *   a port-0 row at t meets the port-1 rows in [t - before, t + after]
 *   a port-1 row at t meets the port-0 rows in [t - after,  t + before]
 *
 *        port-1 rows it joins
 *   |<--- before --->|<--- after --->|
 *   ─────────────────t─────────────────> time        output time: max of the two
 *
 *   row (port p, key k, time t):
 *     1. kept in window[p] (unless older than its retention, before + after + grace)
 *     2. stream time = max(stream time, t); if t is the stream time, pad the
 *        waiting outer rows whose window closed (GRACE given)
 *     3. joined with every row of window[other] in its range, oldest first
 *     4. none and p is an outer side: padded now (no GRACE: Kafka Streams'
 *        legacy eager padding; or its window already closed), else kept in the
 *        outer buffer until its window closes (time + reach + grace < stream
 *        time), unless a later row of the other side joins it first
 *
 * Rows with a NULL key or a NULL value join nothing (counted, dropped). A
 * RIGHT join is planned with before and after swapped (ksqlDB runs it as the
 * right stream's LEFT join). State: both windows and the outer buffer, in
 * memory and in the state store (restored when the task starts).
 */
#include "common/mem.h"
#include "exec/join_state.h"
#include "exec/op.h"
#include "exec/task.h"

#include <stdlib.h>

typedef struct op_jss {
    sl_op base;
    const sl_pn_join *pj;
    sl_join_window win[2]; /* [port] */
    sl_join_outer outer;
    bool has_outer;      /* GRACE PERIOD given and a side is outer */
    int64_t stream_time; /* the largest time either input has seen */
    sl_buf key;
} op_jss;

/* How far before and after its own time a port-p row reaches into the other window. */
static int64_t reach_before(const sl_pn_join *pj, int p)
{
    return p ? pj->after : pj->before;
}

static int64_t reach_after(const sl_pn_join *pj, int p)
{
    return p ? pj->before : pj->after;
}

static bool outer_side(const sl_pn_join *pj, int p)
{
    return pj->type == SL_PJ_OUTER || (p == 0 ? pj->type == SL_PJ_LEFT : pj->type == SL_PJ_RIGHT);
}

/* Kafka Streams orders waiting rows of equal time by side, its right stream's first; a RIGHT
 * join's left stream there is our right input. */
static uint8_t side_byte(const sl_pn_join *pj, int p)
{
    int ks_left = pj->type == SL_PJ_RIGHT ? 1 : 0;
    return p == ks_left;
}

static int64_t sat_add(int64_t a, int64_t b)
{
    return a > INT64_MAX - b ? INT64_MAX : a + b;
}

static sl_error *jss_open(sl_op *op)
{
    op_jss *j = (op_jss *)op;
    const sl_pn_join *pj = j->pj = &op->node->u.join;
    op->out = sl_batch_new(op->node->ncols);
    j->stream_time = INT64_MIN;
    int64_t retention = sat_add(sat_add(pj->before, pj->after), pj->grace);
    static const char *const names[2] = {"left", "right"};
    for (int p = 0; p < 2; p++) {
        const sl_pnode *in = op->node->in[p];
        const char *store = sl_arena_printf(op->task->ar, "%s-%s", pj->store, names[p]);
        sl_error *err = sl_join_window_open(&j->win[p], op->task, store, in->cols + in->nkey,
                                            in->ncols - in->nkey, retention);
        if (err) return err;
        if (j->win[p].observed > j->stream_time) j->stream_time = j->win[p].observed;
    }
    j->has_outer = pj->spurious_fix && pj->type != SL_PJ_INNER;
    if (!j->has_outer) return NULL;
    const char *store = sl_arena_printf(op->task->ar, "%s-outer", pj->store);
    const sl_pnode *const in[2] = {op->node->in[0], op->node->in[1]};
    return sl_join_outer_open(&j->outer, op->task, store, in);
}

static void set_meta(sl_row *o, const sl_row *cur, int64_t ts, int64_t wstart, int64_t wend,
                     uint32_t flags)
{
    o->ts = ts;
    o->offset = cur->offset;
    o->partition = cur->partition;
    o->input = cur->input;
    o->headers = cur->headers;
    o->wstart = wstart;
    o->wend = wend;
    o->flags = flags & SL_ROW_WINDOWED;
}

/* Pads the waiting outer rows whose window has closed, oldest first. */
static void emit_closed(op_jss *j, const sl_row *cur)
{
    const sl_pn_join *pj = j->pj;
    const sl_join_outer_entry *e;
    while ((e = sl_join_outer_peek(&j->outer))) {
        if (sat_add(sat_add(e->ts, reach_after(pj, e->port)), pj->grace) >= j->stream_time) break;
        const sl_value *v = e->row->v, *pay = v + pj->nkey;
        sl_row *o = sl_join_emit(j->base.out, pj->nkey, v, pj->nleft, e->port ? NULL : pay,
                                 pj->nright, e->port ? pay : NULL);
        set_meta(o, cur, e->ts, e->wstart, e->wend, e->flags);
        sl_join_outer_pop(&j->outer);
    }
}

static void join_row(op_jss *j, const sl_row *row, int p)
{
    const sl_pn_join *pj = j->pj;
    sl_buf_reset(&j->key);
    if ((row->flags & SL_ROW_TOMBSTONE) ||
        !sl_join_key(&j->key, j->base.node->in[p]->cols, pj->nkey, row)) {
        j->base.task->skipped++;
        return;
    }
    const uint8_t *k = (const uint8_t *)j->key.p;
    uint32_t klen = (uint32_t)j->key.len;
    int64_t t = row->ts;
    const sl_value *mine = row->col + pj->nkey;
    sl_join_window_put(&j->win[p], k, klen, mine, t);
    if (t > j->stream_time) j->stream_time = t;
    if (j->has_outer && t == j->stream_time) emit_closed(j, row);
    int64_t from = t - reach_before(pj, p), to = sat_add(t, reach_after(pj, p));
    sl_join_row *const *rows;
    uint32_t n =
        sl_join_window_range(&j->win[!p], k, klen, from < 0 ? 0 : from, to < 0 ? 0 : to, &rows);
    for (uint32_t i = 0; i < n; i++) {
        const sl_join_row *r = rows[i];
        if (j->has_outer) sl_join_outer_del(&j->outer, r->ts, side_byte(pj, !p), k, klen);
        sl_row *o = sl_join_emit(j->base.out, pj->nkey, row->col, pj->nleft, p ? r->v : mine,
                                 pj->nright, p ? mine : r->v);
        set_meta(o, row, t > r->ts ? t : r->ts, row->wstart, row->wend, row->flags);
    }
    if (n || !outer_side(pj, p)) return;
    if (j->has_outer && to >= j->stream_time) { /* its window is open: wait */
        sl_join_outer_put(&j->outer, side_byte(pj, p), p, k, klen, row);
        return;
    }
    sl_row *o = sl_join_emit(j->base.out, pj->nkey, row->col, pj->nleft, p ? NULL : mine,
                             pj->nright, p ? mine : NULL);
    set_meta(o, row, t, row->wstart, row->wend, row->flags);
}

static sl_error *jss_push(sl_op *op, sl_batch *b, int port)
{
    op_jss *j = (op_jss *)op;
    sl_batch_reset(op->out);
    sl_join_window_purge(&j->win[0]); /* before any output borrows a kept row */
    sl_join_window_purge(&j->win[1]);
    for (uint32_t i = 0; i < b->n; i++)
        join_row(j, &b->rows[i], port);
    sl_error *err = sl_op_emit(op, op->out);
    if (j->has_outer) sl_join_outer_release(&j->outer); /* the padded rows are out */
    return err;
}

static sl_error *jss_flush(sl_op *op, sl_db_batch *batch)
{
    op_jss *j = (op_jss *)op;
    sl_join_window_flush(&j->win[0], batch);
    sl_join_window_flush(&j->win[1], batch);
    if (j->has_outer) sl_join_outer_flush(&j->outer, batch);
    return NULL;
}

static void jss_close(sl_op *op)
{
    op_jss *j = (op_jss *)op;
    sl_join_window_close(&j->win[0]);
    sl_join_window_close(&j->win[1]);
    if (j->has_outer) sl_join_outer_close(&j->outer);
    sl_buf_free(&j->key);
    sl_batch_free(op->out);
}

const sl_op_vt sl_op_join_stream_stream_vt = {
    .name = "join_stream_stream",
    .size = sizeof(op_jss),
    .open = jss_open,
    .push = jss_push,
    .flush = jss_flush,
    .close = jss_close,
};
