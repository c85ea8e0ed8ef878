/*
 * op_join_foreign_key.c - JOIN of two tables where a left row's foreign key
 * names a right row (Kafka Streams' KTable foreign-key join, KIP-213). The
 * result is keyed by the left table's key.
 *
 *   left  (port 0):  pk -> row          fk = the foreign key computed from row
 *   right (port 1):  fk -> row
 *   index:           fk -> the left keys whose row names it, sorted
 *
 *   left change pk: old row (fk0) -> new row (fk1)
 *     deleted                          delete pk
 *     new, or the same fk              right[fk1] ? [pk | new | right]
 *                                                 : LEFT [pk | new | NULLs]
 *     the fk changed                   right[fk1] ? [pk | new | right]
 *                                                 : LEFT padded, INNER delete pk
 *   right change fk: for every pk in index[fk], in key order
 *     upsert                           [pk | left[pk] | row]
 *     delete                           LEFT [pk | left[pk] | NULLs], INNER delete pk
 *
 * A left-triggered result takes the later of the two rows' times, a
 * right-triggered one the right row's. Kafka Streams routes subscriptions and
 * responses through internal topics because the right table is partitioned
 * by its own key; here the planner instead gives every task of the left table
 * the whole right table (a broadcast topic, unless both have one partition),
 * so the join is one operator and needs no staleness checks. Both tables live
 * in memory and in the state store; the index is rebuilt when the task starts.
 */
#include "common/mem.h"
#include "exec/expr.h"
#include "exec/join_state.h"
#include "exec/keycodec.h"
#include "exec/op.h"
#include "exec/task.h"

#include <stdlib.h>
#include <string.h>

typedef struct subs {
    sl_buf *pk; /* sorted */
    size_t n, cap;
} subs;

typedef struct op_jfk {
    sl_op base;
    const sl_pn_join *pj;
    sl_join_table left, right;
    sl_hmap index; /* fk bytes -> subs */
    sl_prog *fk;
    const sl_type *fk_type;
    sl_arena *scratch; /* foreign keys of old rows; reset per push */
    sl_buf pk, fk0, fk1;
} op_jfk;

/* --- the index ------------------------------------------------------------------------------ */

static int cmp_buf(const sl_buf *a, const void *p, size_t n)
{
    size_t m = a->len < n ? a->len : n;
    int c = m ? memcmp(a->p, p, m) : 0;
    return c ? c : (a->len > n) - (a->len < n);
}

static size_t find(const subs *s, const void *pk, size_t n, bool *hit)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cmp_buf(&s->pk[mid], pk, n) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *hit = lo < s->n && cmp_buf(&s->pk[lo], pk, n) == 0;
    return lo;
}

static void subscribe(op_jfk *j, const sl_buf *fk, const sl_buf *pk)
{
    bool created, hit;
    sl_hmap_slot *slot = sl_hmap_put(&j->index, fk->p, (uint32_t)fk->len, &created);
    if (created) slot->val = sl_calloc(1, sizeof(subs));
    subs *s = slot->val;
    size_t at = find(s, pk->p, pk->len, &hit);
    if (hit) return;
    SL_GROW(s->pk, s->cap, s->n + 1);
    memmove(s->pk + at + 1, s->pk + at, (s->n - at) * sizeof *s->pk);
    s->pk[at] = (sl_buf)SL_BUF_INIT;
    sl_buf_append(&s->pk[at], pk->p, pk->len);
    s->n++;
}

static void unsubscribe(op_jfk *j, const sl_buf *fk, const sl_buf *pk)
{
    sl_hmap_slot *slot = sl_hmap_get(&j->index, fk->p, (uint32_t)fk->len);
    if (!slot) return;
    subs *s = slot->val;
    bool hit;
    size_t at = find(s, pk->p, pk->len, &hit);
    if (!hit) return;
    sl_buf_free(&s->pk[at]);
    memmove(s->pk + at, s->pk + at + 1, (s->n - at - 1) * sizeof *s->pk);
    if (--s->n) return;
    free(s->pk);
    free(sl_hmap_del(&j->index, fk->p, (uint32_t)fk->len));
}

/* The foreign key of a left row [pk | payload] as key bytes; false when it is NULL. */
static bool foreign_key(op_jfk *j, const sl_value *cols, int64_t ts, sl_buf *out)
{
    sl_row r = {.col = (sl_value *)cols, .ts = ts, .offset = -1, .partition = -1};
    sl_error *err = NULL;
    sl_value v = sl_prog_eval(j->fk, &r, j->scratch, &err);
    sl_buf_reset(out);
    if (err) {
        sl_task_report(j->base.task, SL_PROCLOG_RECORD_PROCESSING, err, NULL);
        sl_error_free(err);
        return false;
    }
    if (v.null) return false;
    sl_keycodec_put(out, j->fk_type, v);
    return true;
}

/* --- results ------------------------------------------------------------------------------- */

static void emit(op_jfk *j, const sl_value *left, const sl_value *right, bool del, int64_t ts,
                 const sl_row *cur)
{
    const sl_pn_join *pj = j->pj;
    sl_row *o = sl_join_emit(j->base.out, pj->nkey, left, pj->nleft, del ? NULL : left + pj->nkey,
                             pj->nright, del ? NULL : right);
    o->ts = ts;
    o->offset = cur->offset;
    o->partition = cur->partition;
    o->input = cur->input;
    o->headers = cur->headers;
    o->flags = del ? SL_ROW_TOMBSTONE : 0;
}

static void left_change(op_jfk *j, const sl_row *row)
{
    const sl_pn_join *pj = j->pj;
    bool left_join = pj->type == SL_PJ_LEFT;
    sl_buf_reset(&j->pk);
    if (!sl_join_key(&j->pk, j->base.node->cols, pj->nkey, row)) return;
    const sl_join_row *old = sl_join_table_get(&j->left, j->pk.p, (uint32_t)j->pk.len);
    bool had_fk = old && foreign_key(j, old->v, old->ts, &j->fk0);
    bool del = row->flags & SL_ROW_TOMBSTONE;
    bool has_fk = !del && foreign_key(j, row->col, row->ts, &j->fk1);
    bool same = had_fk == has_fk && (!has_fk || cmp_buf(&j->fk0, j->fk1.p, j->fk1.len) == 0);
    if (had_fk && !same) unsubscribe(j, &j->fk0, &j->pk);
    if (has_fk) subscribe(j, &j->fk1, &j->pk);
    const sl_join_row *r =
        has_fk ? sl_join_table_get(&j->right, j->fk1.p, (uint32_t)j->fk1.len) : NULL;
    int64_t ts = r && r->ts > row->ts ? r->ts : row->ts;
    sl_join_table_put(&j->left, j->pk.p, (uint32_t)j->pk.len, del ? NULL : row->col, row->ts);
    if (del) {
        if (old) emit(j, row->col, NULL, true, ts, row);
    } else if (r) {
        emit(j, row->col, r->v, false, ts, row);
    } else if (left_join) {
        emit(j, row->col, NULL, false, ts, row);
    } else if (old && !same) { /* the old result named another right row: it is gone */
        emit(j, row->col, NULL, true, ts, row);
    }
}

static void right_change(op_jfk *j, const sl_row *row)
{
    const sl_pn_join *pj = j->pj;
    sl_buf_reset(&j->fk1);
    if (!sl_join_key(&j->fk1, j->base.node->in[1]->cols, 1, row)) return;
    bool del = row->flags & SL_ROW_TOMBSTONE;
    const sl_value *mine = del ? NULL : row->col + 1;
    bool had = sl_join_table_put(&j->right, j->fk1.p, (uint32_t)j->fk1.len, mine, row->ts);
    sl_hmap_slot *slot = sl_hmap_get(&j->index, j->fk1.p, (uint32_t)j->fk1.len);
    if (!slot || (del && !had)) return;
    const subs *s = slot->val;
    for (size_t i = 0; i < s->n; i++) {
        const sl_join_row *l = sl_join_table_get(&j->left, s->pk[i].p, (uint32_t)s->pk[i].len);
        if (l) emit(j, l->v, mine, del && pj->type != SL_PJ_LEFT, row->ts, row);
    }
}

static sl_error *jfk_push(sl_op *op, sl_batch *b, int port)
{
    op_jfk *j = (op_jfk *)op;
    sl_batch_reset(op->out);
    sl_arena_reset(j->scratch);
    for (uint32_t i = 0; i < b->n; i++) {
        if (port)
            right_change(j, &b->rows[i]);
        else
            left_change(j, &b->rows[i]);
    }
    return sl_op_emit(op, op->out);
}

/* --- lifetime ------------------------------------------------------------------------------ */

static sl_error *jfk_open(sl_op *op)
{
    op_jfk *j = (op_jfk *)op;
    const sl_pn_join *pj = j->pj = &op->node->u.join;
    op->out = sl_batch_new(op->node->ncols);
    j->scratch = sl_arena_new(0);
    j->fk_type = pj->fk->type;
    sl_error *err = sl_expr_compile(op->task->ar, pj->fk, &j->fk);
    const sl_pnode *l = op->node->in[0], *r = op->node->in[1];
    const char *ls = sl_arena_printf(op->task->ar, "%s-left", pj->store);
    const char *rs = sl_arena_printf(op->task->ar, "%s-right", pj->store);
    if (!err) err = sl_join_table_open(&j->left, op->task, ls, l->cols, l->ncols);
    if (!err) err = sl_join_table_open(&j->right, op->task, rs, r->cols + 1, pj->nright);
    for (size_t i = 0; !err && i < j->left.rows.cap; i++) { /* the index, from the left rows */
        const sl_hmap_slot *s = &j->left.rows.slots[i];
        if (!s->key) continue;
        const sl_join_row *row = s->val;
        sl_buf pk = SL_BUF_INIT;
        sl_buf_append(&pk, s->key, s->klen);
        if (foreign_key(j, row->v, row->ts, &j->fk1)) subscribe(j, &j->fk1, &pk);
        sl_buf_free(&pk);
    }
    return err;
}

static sl_error *jfk_flush(sl_op *op, sl_db_batch *batch)
{
    op_jfk *j = (op_jfk *)op;
    sl_error *err = sl_join_table_flush(&j->left, batch);
    return err ? err : sl_join_table_flush(&j->right, batch);
}

static void free_subs(void *ctx, void *val)
{
    (void)ctx;
    subs *s = val;
    for (size_t i = 0; i < s->n; i++)
        sl_buf_free(&s->pk[i]);
    free(s->pk);
    free(s);
}

static void jfk_close(sl_op *op)
{
    op_jfk *j = (op_jfk *)op;
    sl_join_table_close(&j->left);
    sl_join_table_close(&j->right);
    sl_hmap_fini(&j->index, free_subs, NULL);
    sl_prog_free(j->fk);
    sl_arena_free(j->scratch);
    sl_buf_free(&j->pk);
    sl_buf_free(&j->fk0);
    sl_buf_free(&j->fk1);
    sl_batch_free(op->out);
}

const sl_op_vt sl_op_join_foreign_key_vt = {
    .name = "join_foreign_key",
    .size = sizeof(op_jfk),
    .open = jfk_open,
    .push = jfk_push,
    .flush = jfk_flush,
    .close = jfk_close,
};
