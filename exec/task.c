/*
 * task.c - tasks: the operators of one sub-topology for one partition (see
 * task.h). Building a task walks the plan's nodes of its sub-topology, makes
 * one operator per node, links each to the operator of its `out` node, and
 * opens them all.
 */
#include "exec/task.h"
#include "common/mem.h"
#include "exec/query_int.h"

#include <stdlib.h>

const sl_op_vt *sl_op_vt_for(sl_pnode_kind k)
{
    switch (k) {
    case SL_PN_SOURCE: return &sl_op_source_vt;
    case SL_PN_FILTER: return &sl_op_filter_vt;
    case SL_PN_PROJECT: return &sl_op_project_vt;
    case SL_PN_FLATMAP: return &sl_op_flatmap_vt;
    case SL_PN_REPARTITION:
    case SL_PN_SINK: return &sl_op_sink_vt;
    case SL_PN_AGGREGATE: return &sl_op_aggregate_vt;
    case SL_PN_MATERIALIZE: return &sl_op_materialize_vt;
    default: return NULL;
    }
}

const sl_op_vt *sl_op_join_vt(sl_pn_join_kind k)
{
    switch (k) {
    case SL_PJ_STREAM_STREAM: return &sl_op_join_stream_stream_vt;
    case SL_PJ_STREAM_TABLE: return &sl_op_join_stream_table_vt;
    case SL_PJ_TABLE_TABLE: return &sl_op_join_table_table_vt;
    default: return &sl_op_join_foreign_key_vt;
    }
}

static sl_error *make_ops(sl_task *t)
{
    const sl_plan *plan = t->plan;
    for (uint32_t i = 0; i < plan->nnodes; i++) {
        const sl_pnode *n = plan->nodes[i];
        if (n->sub != t->sub) continue;
        const sl_op_vt *vt = n->kind == SL_PN_JOIN ? sl_op_join_vt(n->u.join.kind) : sl_op_vt_for(n->kind);
        if (!vt) return sl_error_new(SL_E_INTERNAL, "no operator for plan node %u", n->id);
        sl_op *op = sl_arena_zalloc(t->ar, vt->size);
        op->vt = vt;
        op->node = n;
        op->task = t;
        t->ops[i] = op;
    }
    for (uint32_t i = 0; i < plan->nnodes; i++) {
        sl_op *op = t->ops[i];
        if (!op || !op->node->out) continue;
        op->next = t->ops[op->node->out->id];
        op->next_port = op->node->out_port;
    }
    for (uint32_t i = 0; i < plan->nnodes; i++) {
        if (!t->ops[i]) continue;
        sl_error *err = t->ops[i]->vt->open(t->ops[i]);
        if (err) return err;
    }
    return NULL;
}

sl_error *sl_task_new(sl_worker *w, const sl_plan *plan, uint32_t sub, int32_t partition,
                      sl_task **out)
{
    sl_task *t = sl_calloc(1, sizeof *t);
    t->plan = plan;
    t->sub = sub;
    t->partition = partition;
    t->worker = w;
    t->ar = sl_arena_new(0);
    t->ops = SL_ARENA_ARRAY(t->ar, sl_op *, plan->nnodes);
    t->stream_time = INT64_MIN;
    sl_error *err = make_ops(t);
    if (err) {
        sl_task_free(t);
        return err;
    }
    *out = t;
    return NULL;
}

void sl_task_free(sl_task *t)
{
    if (!t) return;
    for (uint32_t i = 0; i < t->plan->nnodes; i++)
        if (t->ops[i] && t->ops[i]->vt->close) t->ops[i]->vt->close(t->ops[i]);
    sl_arena_free(t->ar);
    free(t);
}

/* Tells every operator that watches stream time where it is now. */
static sl_error *advance_watermark(sl_task *t)
{
    for (uint32_t i = 0; i < t->plan->nnodes; i++) {
        sl_op *op = t->ops[i];
        if (!op || !op->vt->watermark) continue;
        sl_error *err = op->vt->watermark(op, t->stream_time);
        if (err) return err;
    }
    return NULL;
}

sl_error *sl_task_feed(sl_task *t, const sl_pnode *src, const sl_log_record *recs, int n)
{
    int64_t before = t->stream_time;
    t->records_in += (uint64_t)n;
    sl_error *err = sl_op_source_feed(t->ops[src->id], recs, n);
    if (!err && t->stream_time > before) err = advance_watermark(t);
    return err;
}

sl_error *sl_task_feed_rows(sl_task *t, const sl_pnode *src, sl_batch *b)
{
    int64_t before = t->stream_time;
    t->records_in += b->n;
    for (uint32_t i = 0; i < b->n; i++)
        if (b->rows[i].ts > t->stream_time) t->stream_time = b->rows[i].ts;
    sl_error *err = sl_op_emit(t->ops[src->id], b);
    if (!err && t->stream_time > before) err = advance_watermark(t);
    return err;
}

sl_error *sl_task_flush(sl_task *t, sl_db_batch *batch)
{
    for (uint32_t i = 0; i < t->plan->nnodes; i++) {
        sl_op *op = t->ops[i];
        if (!op || !op->vt->flush) continue;
        sl_error *err = op->vt->flush(op, batch);
        if (err) return err;
    }
    return NULL;
}

sl_log_txn *sl_task_txn(sl_task *t)
{
    sl_worker *w = t->worker;
    if (!w->txn) w->txn = sl_log_txn_begin(w->q->rt->opts.log);
    return w->txn;
}

void sl_task_report(sl_task *t, sl_proclog_kind kind, const sl_error *err,
                    const sl_log_record *rec)
{
    t->errors++;
    sl_proclog_write(t->worker, kind, err, rec);
}

bool sl_task_fail_on_deser(const sl_task *t)
{
    return t->worker->q->rt->opts.fail_on_deser;
}
