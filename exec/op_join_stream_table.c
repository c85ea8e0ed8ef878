/*
 * op_join_stream_table.c - JOIN of a stream (port 0) with a table (port 1),
 * Kafka Streams' KStream-KTable join: a stream row looks up the table's
 * current row of its key; table changes only update the table.
 *
 *   port 1 (table)    upsert k row ───> table[k] = row        (no output)
 *                     tombstone k ────> table[k] deleted      (no output)
 *
 *   port 0 (stream)   k row ──table[k]?──yes──> [k | row | table[k]]
 *                                      └──no───> LEFT:  [k | row | NULL...]
 *                                                INNER: nothing
 *
 * The output row is the stream row's: its time, offset, partition, headers,
 * window. A stream row with a NULL key or a NULL value (a tombstone) joins
 * nothing: it is counted and dropped, as Kafka Streams does. The table is kept
 * in memory and in the state store (restored when the task starts).
 */
#include "common/mem.h"
#include "exec/join_state.h"
#include "exec/op.h"
#include "exec/task.h"

#include <stdlib.h>

typedef struct op_jst {
    sl_op base;
    const sl_pn_join *pj;
    sl_join_table table;
    sl_buf key;
} op_jst;

static sl_error *jst_open(sl_op *op)
{
    op_jst *j = (op_jst *)op;
    j->pj = &op->node->u.join;
    op->out = sl_batch_new(op->node->ncols);
    const sl_pnode *right = op->node->in[1];
    const char *store = sl_arena_printf(op->task->ar, "%s-right", j->pj->store);
    return sl_join_table_open(&j->table, op->task, store, right->cols + right->nkey, j->pj->nright);
}

static void stream_row(op_jst *j, const sl_row *row)
{
    const sl_pn_join *pj = j->pj;
    sl_buf_reset(&j->key);
    if ((row->flags & SL_ROW_TOMBSTONE) ||
        !sl_join_key(&j->key, j->base.node->cols, pj->nkey, row)) {
        j->base.task->skipped++;
        return;
    }
    const sl_join_row *t = sl_join_table_get(&j->table, j->key.p, (uint32_t)j->key.len);
    if (!t && pj->type != SL_PJ_LEFT) return;
    sl_row *o = sl_join_emit(j->base.out, pj->nkey, row->col, pj->nleft, row->col + pj->nkey,
                             pj->nright, t ? t->v : NULL);
    o->ts = row->ts;
    o->offset = row->offset;
    o->partition = row->partition;
    o->input = row->input;
    o->headers = row->headers;
    o->wstart = row->wstart;
    o->wend = row->wend;
    o->flags = row->flags & SL_ROW_WINDOWED;
}

static void table_row(op_jst *j, const sl_row *row)
{
    const sl_pnode *right = j->base.node->in[1];
    sl_buf_reset(&j->key);
    if (!sl_join_key(&j->key, right->cols, j->pj->nkey, row)) return;
    bool del = row->flags & SL_ROW_TOMBSTONE;
    sl_join_table_put(&j->table, j->key.p, (uint32_t)j->key.len,
                      del ? NULL : row->col + j->pj->nkey, row->ts);
}

static sl_error *jst_push(sl_op *op, sl_batch *b, int port)
{
    op_jst *j = (op_jst *)op;
    if (port == 1) {
        for (uint32_t i = 0; i < b->n; i++)
            table_row(j, &b->rows[i]);
        return NULL;
    }
    sl_batch_reset(op->out);
    for (uint32_t i = 0; i < b->n; i++)
        stream_row(j, &b->rows[i]);
    return sl_op_emit(op, op->out);
}

static sl_error *jst_flush(sl_op *op, sl_db_batch *batch)
{
    return sl_join_table_flush(&((op_jst *)op)->table, batch);
}

static void jst_close(sl_op *op)
{
    op_jst *j = (op_jst *)op;
    sl_join_table_close(&j->table);
    sl_buf_free(&j->key);
    sl_batch_free(op->out);
}

const sl_op_vt sl_op_join_stream_table_vt = {
    .name = "join_stream_table",
    .size = sizeof(op_jst),
    .open = jst_open,
    .push = jst_push,
    .flush = jst_flush,
    .close = jst_close,
};
