/*
 * progress.c - watermarks between sub-topologies (see watermark.h).
 *
 *   sub 0 task p ──rows──> repartition topic ──> sub 1 tasks
 *               ──progress (p, watermark, caught up)──> every sub 1 task
 *
 * A task that writes a repartition topic reports its progress after the rows
 * that made it. On a local exchange the next tasks hear it at once; through
 * Kafka it is a record in every partition of the topic, with no key or value
 * and one header, "sl-wm: <partition> <watermark> <0|1>", which the reading
 * SOURCE turns back into progress.
 *
 * When a poll finds nothing, every partition the worker reads from outside is
 * caught up: its task reports that (once: it reports changes only), so nothing
 * downstream waits for it. Inputs silent longer than
 * the idle timeout are given up on (sl_task_tick).
 */
#include "common/clock.h"
#include "exec/query_int.h"

#include <stdio.h>
#include <string.h>

static sl_error *tell_local(sl_worker *w, const char *topic, int32_t from, int64_t ts, bool idle)
{
    const sl_plan *plan = w->q->plan;
    for (uint32_t i = 0; i < plan->nnodes; i++) {
        const sl_pnode *src = plan->nodes[i];
        if (src->kind != SL_PN_SOURCE || strcmp(src->u.source.topic, topic) != 0) continue;
        for (int32_t p = 0; p < plan->subs[src->sub].partitions; p++) {
            sl_task *t;
            sl_error *err = sl_worker_task(w, src->sub, p, &t);
            if (!err) err = sl_task_progress(t, src, from, ts, idle);
            if (err) return err;
        }
    }
    return NULL;
}

static sl_error *tell_topic(sl_worker *w, const sl_pn_sink *sk, int32_t from, int64_t ts, bool idle)
{
    if (!w->txn) w->txn = sl_log_txn_begin(w->q->rt->opts.log);
    char text[64];
    int len = snprintf(text, sizeof text, "%d %lld %d", (int)from, (long long)ts, idle ? 1 : 0);
    sl_header h = {"sl-wm", (const uint8_t *)text, (uint32_t)len};
    for (int32_t p = 0; p < (sk->partitions > 0 ? sk->partitions : 1); p++) {
        sl_log_record rec = {0};
        rec.partition = p;
        rec.ts = ts > 0 ? ts : 0;
        rec.headers = (sl_headers){&h, 1};
        sl_error *err = sl_log_txn_produce(w->txn, sk->topic, &rec);
        if (err) return err;
    }
    return NULL;
}

sl_error *sl_worker_progress(sl_worker *w, uint32_t sub, int32_t partition, int64_t ts,
                             bool caught_up)
{
    const sl_plan *plan = w->q->plan;
    for (uint32_t i = 0; i < plan->nnodes; i++) {
        const sl_pnode *n = plan->nodes[i];
        if (n->kind != SL_PN_REPARTITION || n->sub != sub) continue;
        sl_error *err = w->q->local_exchange ? tell_local(w, n->u.sink.topic, partition, ts, caught_up)
                                             : tell_topic(w, &n->u.sink, partition, ts, caught_up);
        if (err) return err;
    }
    return NULL;
}

/* Partition p of topic t, read from outside, has nothing more for now. Its task says so
 * (made if the partition never had a record: it reports once, not at every idle poll). */
static sl_error *caught_up(sl_worker *w, const topic_readers *tr, int32_t p)
{
    for (uint32_t k = 0; k < tr->nsrc; k++) {
        const sl_pnode *src = tr->src[k];
        if (p >= w->q->plan->subs[src->sub].partitions) continue;
        sl_task *t;
        sl_error *err = sl_worker_task(w, src->sub, p, &t);
        if (!err) err = sl_task_caught_up(t, src);
        if (err) return err;
    }
    return NULL;
}

sl_error *sl_worker_after_poll(sl_worker *w, int nrecs)
{
    sl_query *q = w->q;
    sl_error *err = NULL;
    if (nrecs > 0) w->told_caught_up = false;
    else if (!w->told_caught_up) {
        w->told_caught_up = true;
        for (uint32_t t = 0; t < q->ntopics && !err; t++) {
            if (q->topics[t].internal) continue;
            for (int32_t p = 0; p < q->topics[t].partitions && !err; p++)
                if (w->assigned[t][p]) err = caught_up(w, &q->topics[t], p);
        }
    }
    int64_t now = sl_clock_mono_ns();
    if (err || q->rt->opts.idle_timeout_ms <= 0 || now - w->last_tick_ns < 100000000) return err;
    w->last_tick_ns = now;
    for (uint32_t s = 0; s < q->plan->nsubs && !err; s++)
        for (int32_t p = 0; p < q->plan->subs[s].partitions && !err; p++)
            if (w->tasks[s][p]) err = sl_task_tick(w->tasks[s][p], now);
    return err;
}
