/*
 * task.c - tasks: the operators of one sub-topology for one partition (see
 * task.h). Building a task walks the plan's nodes of its sub-topology, makes
 * one operator per node, links each to the operator of its `out` node, and
 * opens them all.
 */
#include "exec/task.h"
#include "exec/changelog.h"
#include "common/clock.h"
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
    case SL_PN_CALLBACK: return &sl_op_callback_vt;
    case SL_PN_PULLSTORE: return &sl_op_pullstore_vt;
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

/* One input per SOURCE node reading a topic from outside; one per upstream partition for a
 * repartition topic (each upstream task reports its own progress). */
static void count_inputs(sl_task *t)
{
    const sl_plan *plan = t->plan;
    uint32_t n = 0;
    t->in_base = SL_ARENA_ARRAY(t->ar, uint32_t, plan->nnodes);
    for (uint32_t i = 0; i < plan->nnodes; i++) {
        const sl_pnode *node = plan->nodes[i];
        if (node->sub != t->sub) continue;
        if (node->kind == SL_PN_REPARTITION) t->feeds_next = true;
        if (node->kind != SL_PN_SOURCE) continue;
        t->in_base[i] = n;
        int32_t up = sl_plan_topic_writer(plan, node->u.source.topic);
        n += up >= 0 ? (uint32_t)plan->subs[up].partitions : 1;
    }
    sl_wm_init(&t->wm, t->ar, n, sl_clock_mono_ns());
    t->told_wm = INT64_MIN;
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
    count_inputs(t);
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

/* Tells every operator that watches event time where the watermark is now. */
static sl_error *advance_watermark(sl_task *t)
{
    for (uint32_t i = 0; i < t->plan->nnodes; i++) {
        sl_op *op = t->ops[i];
        if (!op || !op->vt->watermark) continue;
        sl_error *err = op->vt->watermark(op, t->wm.value);
        if (err) return err;
    }
    return NULL;
}

/* The next sub-topology's tasks hear this task's progress when it changed (after the rows
 * that made it: a watermark never overtakes data). */
static sl_error *tell_next(sl_task *t)
{
    if (!t->feeds_next) return NULL;
    bool idle = sl_wm_all_idle(&t->wm);
    if (t->wm.value == t->told_wm && idle == t->told_idle) return NULL;
    t->told_wm = t->wm.value;
    t->told_idle = idle;
    return sl_worker_progress(t->worker, t->sub, t->partition, t->wm.value, idle);
}

static sl_error *moved(sl_task *t, int64_t before)
{
    sl_error *err = t->wm.value > before ? advance_watermark(t) : NULL;
    return err ? err : tell_next(t);
}

sl_error *sl_task_feed(sl_task *t, const sl_pnode *src, const sl_log_record *recs, int n)
{
    int64_t before = t->wm.value;
    t->records_in += (uint64_t)n;
    t->now_ns = sl_clock_mono_ns();
    sl_error *err = sl_op_source_feed(t->ops[src->id], recs, n);
    return err ? err : moved(t, before);
}

sl_error *sl_task_feed_rows(sl_task *t, const sl_pnode *src, int32_t from, sl_batch *b)
{
    int64_t before = t->wm.value;
    t->records_in += b->n;
    uint16_t input = (uint16_t)(t->in_base[src->id] + (uint32_t)from);
    for (uint32_t i = 0; i < b->n; i++) {
        sl_row *row = &b->rows[i];
        row->input = input;
        if (row->ts > t->stream_time) t->stream_time = row->ts;
        sl_wm_observe(&t->wm, input, row->ts);
    }
    if (input < t->wm.n) t->wm.heard_ns[input] = sl_clock_mono_ns();
    sl_error *err = sl_op_emit(t->ops[src->id], b);
    return err ? err : moved(t, before);
}

sl_error *sl_task_progress(sl_task *t, const sl_pnode *src, int32_t from, int64_t ts,
                           bool caught_up)
{
    int64_t before = t->wm.value;
    sl_wm_progress(&t->wm, t->in_base[src->id] + (uint32_t)from, ts, caught_up, sl_clock_mono_ns());
    return moved(t, before);
}

sl_error *sl_task_caught_up(sl_task *t, const sl_pnode *src)
{
    return sl_task_progress(t, src, 0, INT64_MIN, true);
}

sl_error *sl_task_tick(sl_task *t, int64_t now_ns)
{
    int64_t before = t->wm.value;
    sl_wm_tick(&t->wm, now_ns, t->worker->q->rt->opts.idle_timeout_ms * 1000000);
    return moved(t, before);
}

sl_error *sl_task_flush(sl_task *t, sl_db_batch *batch)
{
    for (uint32_t i = 0; i < t->plan->nnodes; i++) {
        sl_op *op = t->ops[i];
        if (!op || !op->vt->flush) continue;
        sl_error *err = op->vt->flush(op, batch);
        if (err) return err;
    }
    return sl_changelog_mark(t);
}

sl_error *sl_task_store_open(sl_task *t, const char *name, sl_store *out, bool *opened)
{
    *opened = false;
    sl_db *db = t->worker ? t->worker->q->rt->opts.db : NULL;
    if (!db) return NULL;
    if (t->nstores == 8) return sl_error_new(SL_E_INTERNAL, "more than 8 stores in a task");
    sl_error *err = sl_store_open(db, t->plan->query_id, name, t->partition, out);
    if (!err) err = sl_changelog_attach(t, name, out);
    if (err) return err;
    t->stores[t->nstores++] = out;
    *opened = true;
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
    if ((unsigned)kind < 4) t->errors_kind[kind]++;
    bool fatal = kind == SL_PROCLOG_DESERIALIZATION && sl_task_fail_on_deser(t);
    sl_proclog_write(t->worker, kind, err, rec, fatal);
}

bool sl_task_fail_on_deser(const sl_task *t)
{
    return t->worker->q->rt->opts.fail_on_deser;
}
