/*
 * op_join_table_table.c - JOIN of two tables on their primary key (Kafka
 * Streams' KTable-KTable join): each side keeps its table's latest row per
 * key; a change on either side re-joins its key with the other side's row.
 *
 *   change on side S (upsert or delete of k), O the other side's row of k:
 *
 *              O present                      O absent
 *   INNER      [k | both] / delete k          nothing
 *   S outer    [k | both, O's NULL] /         [k | S's row, NULLs] / delete k
 *   (LEFT: S     delete k                     (nothing if k had no row)
 *   is left)
 *   O outer    [k | both, S's NULL]           nothing
 *   (LEFT: S     (S deleted: padded, k stays)
 *   is right)
 *   OUTER      [k | both] (NULL where gone)   [k | S's row] / delete k
 *
 * The result's time is the later of the two rows' (only S's when O is
 * absent). Deletes are tombstones of k. Both tables live in memory and in the
 * state store (restored when the task starts).
 */
#include "common/mem.h"
#include "exec/join_state.h"
#include "exec/op.h"
#include "exec/task.h"

#include <stdlib.h>

typedef struct op_jtt {
    sl_op base;
    const sl_pn_join *pj;
    sl_join_table side[2]; /* [port]: each input's table */
    sl_buf key;
} op_jtt;

static sl_error *jtt_open(sl_op *op)
{
    op_jtt *j = (op_jtt *)op;
    j->pj = &op->node->u.join;
    op->out = sl_batch_new(op->node->ncols);
    static const char *const names[2] = {"left", "right"};
    for (int p = 0; p < 2; p++) {
        const sl_pnode *in = op->node->in[p];
        const char *store = sl_arena_printf(op->task->ar, "%s-%s", j->pj->store, names[p]);
        sl_error *err = sl_join_table_open(&j->side[p], op->task, store, in->cols + in->nkey,
                                           p ? j->pj->nright : j->pj->nleft);
        if (err) return err;
    }
    return NULL;
}

/* Whether the side on port p keeps its rows when the other side's row is missing. */
static bool outer_side(const sl_pn_join *pj, int p)
{
    return pj->type == SL_PJ_OUTER || (p == 0 ? pj->type == SL_PJ_LEFT : pj->type == SL_PJ_RIGHT);
}

static void emit(op_jtt *j, const sl_row *in, const sl_value *mine, const sl_value *other, int p,
                 int64_t ts)
{
    const sl_pn_join *pj = j->pj;
    sl_row *o;
    if (!mine && !other) {
        o = sl_join_emit(j->base.out, pj->nkey, in->col, pj->nleft, NULL, pj->nright, NULL);
        o->flags = SL_ROW_TOMBSTONE;
    } else {
        const sl_value *l = p ? other : mine, *r = p ? mine : other;
        o = sl_join_emit(j->base.out, pj->nkey, in->col, pj->nleft, l, pj->nright, r);
        o->flags = 0;
    }
    o->ts = ts;
    o->offset = in->offset;
    o->partition = in->partition;
    o->input = in->input;
    o->headers = in->headers;
    o->wstart = in->wstart;
    o->wend = in->wend;
    o->flags |= in->flags & SL_ROW_WINDOWED;
}

/* A change of k on port p (see the table above). */
static void change(op_jtt *j, const sl_row *row, int p)
{
    const sl_pn_join *pj = j->pj;
    sl_buf_reset(&j->key);
    if (!sl_join_key(&j->key, j->base.node->in[p]->cols, pj->nkey, row)) return;
    const uint8_t *k = (const uint8_t *)j->key.p;
    uint32_t klen = (uint32_t)j->key.len;
    const sl_value *mine = row->flags & SL_ROW_TOMBSTONE ? NULL : row->col + pj->nkey;
    bool had = sl_join_table_put(&j->side[p], k, klen, mine, row->ts);
    const sl_join_row *o = sl_join_table_get(&j->side[!p], k, klen);
    bool keep_mine = outer_side(pj, p), keep_other = outer_side(pj, !p);
    if (!o) {
        if (!keep_mine || (!mine && !had)) return;
        emit(j, row, mine, NULL, p, row->ts);
        return;
    }
    int64_t ts = row->ts > o->ts ? row->ts : o->ts;
    if (!mine && !keep_other)
        emit(j, row, NULL, NULL, p, ts); /* the join row is gone */
    else
        emit(j, row, mine, o->v, p, ts);
}

static sl_error *jtt_push(sl_op *op, sl_batch *b, int port)
{
    op_jtt *j = (op_jtt *)op;
    sl_batch_reset(op->out);
    for (uint32_t i = 0; i < b->n; i++)
        change(j, &b->rows[i], port);
    return sl_op_emit(op, op->out);
}

static sl_error *jtt_flush(sl_op *op, sl_db_batch *batch)
{
    op_jtt *j = (op_jtt *)op;
    sl_error *err = sl_join_table_flush(&j->side[0], batch);
    return err ? err : sl_join_table_flush(&j->side[1], batch);
}

static void jtt_close(sl_op *op)
{
    op_jtt *j = (op_jtt *)op;
    sl_join_table_close(&j->side[0]);
    sl_join_table_close(&j->side[1]);
    sl_buf_free(&j->key);
    sl_batch_free(op->out);
}

const sl_op_vt sl_op_join_table_table_vt = {
    .name = "join_table_table",
    .size = sizeof(op_jtt),
    .open = jtt_open,
    .push = jtt_push,
    .flush = jtt_flush,
    .close = jtt_close,
};
