/*
 * worker.c - a worker: one consumer, the tasks of the partitions it was
 * assigned, and one open transaction (see query.h).
 *
 *   step:   poll ──> runs of records of one (topic, partition)
 *                     (a join's tasks: interleaved by timestamp, poll_order.h)
 *                     └─> for each source node reading that topic:
 *                         task(sub, partition).feed(run)
 *           next offsets advance; commit when commit.interval.ms passed
 *   commit: tasks flush state into the txn's batch; consumed offsets join the
 *           txn; one atomic commit; the group is told (lag monitoring)
 *
 * Where a newly assigned partition starts is ours to say: the offset committed
 * with our state, else the query's auto.offset.reset (repartition topics
 * always from the start).
 */
#include "common/clock.h"
#include "common/logger.h"
#include "common/mem.h"
#include "exec/changelog.h"
#include "exec/poll_order.h"
#include "exec/query_int.h"

#include <stdlib.h>
#include <string.h>

#define POLL_MAX 1024
#define COMMIT_MAX_RECORDS 50000

/* A partition with no committed offset in the data dir: if its tasks' stores have
 * changelogs with commits (the data dir was lost), rebuild them first; the restore commits
 * the offsets that go with them. Once per (sub-topology, partition). */
static void restore_stores(sl_worker *w, uint32_t topic, int32_t partition)
{
    const topic_readers *tr = &w->q->topics[topic];
    for (uint32_t k = 0; k < tr->nsrc; k++) {
        uint32_t sub = tr->src[k]->sub;
        if (partition >= w->q->plan->subs[sub].partitions || w->restored[sub][partition]) continue;
        w->restored[sub][partition] = true;
        sl_error *err = sl_changelog_restore(w, sub, partition);
        if (!err) continue;
        SL_ERROR("cannot restore state from its changelog", "query=%s partition=%d err=\"%s\"",
                 w->q->plan->query_id, (int)partition, err->msg);
        sl_error_free(err);
    }
}

static void on_assigned(void *ctx, uint32_t topic, int32_t partition, int64_t *start)
{
    sl_worker *w = ctx;
    sl_query *q = w->q;
    int64_t off = SL_LOG_EARLIEST;
    sl_error *err = sl_log_committed_offset(q->rt->opts.log, q->group, q->topics[topic].topic,
                                            partition, &off);
    if (!err && off == SL_LOG_EARLIEST) {
        restore_stores(w, topic, partition);
        err = sl_log_committed_offset(q->rt->opts.log, q->group, q->topics[topic].topic,
                                      partition, &off);
        if (!err && off == SL_LOG_EARLIEST) off = *start; /* the log's fallback (group offset) */
    }
    if (err) {
        SL_WARN("cannot read committed offset", "query=%s topic=%s err=\"%s\"",
                q->plan->query_id, q->topics[topic].topic, err->msg);
        sl_error_free(err);
    }
    if (off == SL_LOG_EARLIEST && !q->topics[topic].internal && q->opts.start_latest)
        off = SL_LOG_LATEST;
    *start = off;
    if (partition >= 0 && partition < q->topics[topic].partitions) w->assigned[topic][partition] = true;
}

static void free_partition_tasks(sl_worker *w, int32_t partition, const topic_readers *tr)
{
    for (uint32_t k = 0; k < tr->nsrc; k++) {
        uint32_t sub = tr->src[k]->sub;
        if (partition < w->q->plan->subs[sub].partitions) {
            sl_task_free(w->tasks[sub][partition]);
            w->tasks[sub][partition] = NULL;
        }
    }
}

static void on_revoked(void *ctx, uint32_t topic, int32_t partition)
{
    sl_worker *w = ctx;
    if (partition >= 0 && partition < w->q->topics[topic].partitions) w->assigned[topic][partition] = false;
    sl_error *err = sl_worker_commit(w);
    if (err) {
        SL_WARN("commit before revocation failed", "query=%s err=\"%s\"", w->q->plan->query_id,
                err->msg);
        sl_error_free(err);
    }
    free_partition_tasks(w, partition, &w->q->topics[topic]);
}

/* Whether a task of the query reads more than one topic (a join). */
static bool merges_inputs(const sl_plan *plan)
{
    for (uint32_t s = 0; s < plan->nsubs; s++) {
        uint32_t nsrc = 0;
        for (uint32_t i = 0; i < plan->nnodes; i++)
            nsrc += plan->nodes[i]->sub == s && plan->nodes[i]->kind == SL_PN_SOURCE;
        if (nsrc > 1) return true;
    }
    return false;
}

sl_error *sl_worker_init(sl_worker *w, sl_query *q, int index)
{
    const sl_plan *plan = q->plan;
    w->q = q;
    w->index = index;
    w->maxrecs = POLL_MAX;
    w->recs = sl_calloc((size_t)w->maxrecs, sizeof *w->recs);
    if (merges_inputs(plan)) {
        w->runs = sl_calloc((size_t)w->maxrecs, sizeof *w->runs);
        w->spans = sl_calloc((size_t)w->maxrecs, sizeof *w->spans);
    }
    w->tasks = sl_calloc(plan->nsubs, sizeof *w->tasks);
    w->restored = sl_calloc(plan->nsubs, sizeof *w->restored);
    for (uint32_t s = 0; s < plan->nsubs; s++) {
        w->tasks[s] = sl_calloc((size_t)plan->subs[s].partitions + 1, sizeof **w->tasks);
        w->restored[s] = sl_calloc((size_t)plan->subs[s].partitions + 1, sizeof **w->restored);
    }
    w->next_off = sl_calloc(q->ntopics, sizeof *w->next_off);
    w->dirty = sl_calloc(q->ntopics, sizeof *w->dirty);
    w->assigned = sl_calloc(q->ntopics, sizeof *w->assigned);
    const char **names = sl_calloc(q->ntopics, sizeof *names);
    for (uint32_t t = 0; t < q->ntopics; t++) {
        names[t] = q->topics[t].topic;
        w->next_off[t] = sl_calloc((size_t)q->topics[t].partitions + 1, sizeof **w->next_off);
        w->dirty[t] = sl_calloc((size_t)q->topics[t].partitions + 1, sizeof **w->dirty);
        w->assigned[t] = sl_calloc((size_t)q->topics[t].partitions + 1, sizeof **w->assigned);
    }
    sl_log_assign_cb cb = {on_assigned, on_revoked, w};
    sl_error *err = sl_log_consumer_open(q->rt->opts.log, q->group, names, (int)q->ntopics, &cb,
                                         &w->consumer);
    free(names);
    w->last_commit_ns = sl_clock_mono_ns();
    return err;
}

void sl_worker_fini(sl_worker *w)
{
    if (!w->q) return;
    sl_query *q = w->q;
    if (w->txn) sl_log_txn_abort(w->txn);
    sl_log_consumer_close(w->consumer);
    for (uint32_t s = 0; s < q->plan->nsubs; s++) {
        for (int32_t p = 0; p < q->plan->subs[s].partitions; p++) sl_task_free(w->tasks[s][p]);
        free(w->tasks[s]);
        free(w->restored[s]);
    }
    for (uint32_t t = 0; t < q->ntopics; t++) {
        free(w->next_off[t]);
        free(w->dirty[t]);
        free(w->assigned[t]);
    }
    free(w->tasks);
    free(w->restored);
    free(w->next_off);
    free(w->dirty);
    free(w->assigned);
    free(w->recs);
    free(w->runs);
    free(w->spans);
    memset(w, 0, sizeof *w);
}

int64_t sl_worker_position(sl_worker *w, uint32_t ti, int32_t partition)
{
    sl_query *q = w->q;
    if (w->next_off[ti][partition] > 0) return w->next_off[ti][partition];
    int64_t off = SL_LOG_EARLIEST;
    sl_error *err = sl_log_committed_offset(q->rt->opts.log, q->group, q->topics[ti].topic,
                                            partition, &off);
    sl_error_free(err); /* the marker then says "from the start", as a fresh query would */
    return off;
}

sl_error *sl_worker_task(sl_worker *w, uint32_t sub, int32_t partition, sl_task **out)
{
    const sl_subtopo *st = &w->q->plan->subs[sub];
    if (partition < 0 || partition >= st->partitions)
        return sl_error_new(SL_E_INTERNAL, "record from partition %d of a %d-partition input",
                            partition, st->partitions);
    if (!w->tasks[sub][partition]) {
        sl_error *err = sl_task_new(w, w->q->plan, sub, partition, &w->tasks[sub][partition]);
        if (err) return err;
    }
    *out = w->tasks[sub][partition];
    return NULL;
}

/* Feeds a run of records of one (topic, partition) to every task reading it. */
static sl_error *process_run(sl_worker *w, const sl_log_record *recs, int n)
{
    const topic_readers *tr = &w->q->topics[recs[0].topic];
    for (uint32_t k = 0; k < tr->nsrc; k++) {
        sl_task *t = NULL;
        sl_error *err = sl_worker_task(w, tr->src[k]->sub, recs[0].partition, &t);
        if (!err) err = sl_task_feed(t, tr->src[k], recs, n);
        if (err) return err;
    }
    uint32_t ti = recs[0].topic;
    int32_t p = recs[0].partition;
    if (p >= 0 && p < tr->partitions) {
        w->next_off[ti][p] = recs[n - 1].offset + 1;
        w->dirty[ti][p] = true;
    }
    return NULL;
}

/* Feeds one run of records and notes the end-to-end age of its last one. */
static sl_error *feed_run(sl_worker *w, const sl_log_record *recs, int n)
{
    sl_error *err = process_run(w, recs, n);
    int64_t age = sl_clock_wall_ms() - recs[n - 1].ts;
    sl_histo_observe(&w->e2e, age > 0 ? (double)age / 1000.0 : 0.0);
    return err;
}

static sl_error *process_polled(sl_worker *w, int n)
{
    int64_t t0 = sl_clock_mono_ns();
    sl_error *err = NULL;
    if (w->spans) { /* joins: by timestamp across the topics of a task */
        int nspans = sl_poll_order(w->recs, n, w->runs, w->spans);
        for (int k = 0; k < nspans && !err; k++)
            err = feed_run(w, &w->recs[w->spans[k].start], w->spans[k].n);
    } else {
        for (int i = 0, j; i < n && !err; i = j) {
            for (j = i + 1; j < n && w->recs[j].topic == w->recs[i].topic &&
                            w->recs[j].partition == w->recs[i].partition;
                 j++) {
            }
            err = feed_run(w, &w->recs[i], j - i);
        }
    }
    if (!err) sl_histo_observe(&w->proc, (double)(sl_clock_mono_ns() - t0) / 1e9);
    return err;
}

static sl_error *flush_tasks(sl_worker *w, sl_db_batch *batch)
{
    const sl_plan *plan = w->q->plan;
    for (uint32_t s = 0; s < plan->nsubs; s++)
        for (int32_t p = 0; p < plan->subs[s].partitions; p++) {
            if (!w->tasks[s][p]) continue;
            sl_error *err = sl_task_flush(w->tasks[s][p], batch);
            if (err) return err;
        }
    return NULL;
}

/* Adds every offset consumed since the last commit to the transaction. */
static void add_offsets(sl_worker *w, sl_log_txn *txn)
{
    sl_query *q = w->q;
    if (q->opts.transient) return; /* nothing resumes a transient query */
    for (uint32_t t = 0; t < q->ntopics; t++)
        for (int32_t p = 0; p < q->topics[t].partitions; p++)
            if (w->dirty[t][p])
                sl_log_txn_offset(txn, q->group, q->topics[t].topic, p, w->next_off[t][p]);
}

static void mark_group(sl_worker *w)
{
    sl_query *q = w->q;
    for (uint32_t t = 0; t < q->ntopics; t++)
        for (int32_t p = 0; p < q->topics[t].partitions; p++) {
            if (!w->dirty[t][p]) continue;
            w->dirty[t][p] = false;
            if (q->opts.transient) continue;
            sl_error *err = sl_log_consumer_mark(w->consumer, t, p, w->next_off[t][p]);
            sl_error_free(err); /* a progress marker only: losing one is harmless */
        }
}

sl_error *sl_worker_commit(sl_worker *w)
{
    int64_t t0 = sl_clock_mono_ns();
    if (!w->txn) w->txn = sl_log_txn_begin(w->q->rt->opts.log);
    sl_log_txn *txn = w->txn; /* open while tasks flush: changelog records join it */
    sl_error *err = flush_tasks(w, sl_log_txn_batch(txn));
    w->txn = NULL;
    if (err) {
        sl_log_txn_abort(txn);
        return err;
    }
    add_offsets(w, txn);
    err = sl_log_txn_commit(txn);
    if (err) return err;
    mark_group(w);
    w->last_commit_ns = sl_clock_mono_ns();
    w->uncommitted = 0;
    pthread_mutex_lock(&w->q->mu);
    w->q->stats.commits++;
    sl_histo_observe(&w->q->stats.commit, (double)(sl_clock_mono_ns() - t0) / 1e9);
    pthread_mutex_unlock(&w->q->mu);
    return NULL;
}

static void count_records(sl_worker *w, int n)
{
    uint64_t out = 0, errs = 0, late = 0, skipped = 0, kinds[4] = {0};
    int64_t wm = INT64_MAX;
    const sl_plan *plan = w->q->plan;
    for (uint32_t s = 0; s < plan->nsubs; s++)
        for (int32_t p = 0; p < plan->subs[s].partitions; p++) {
            sl_task *t = w->tasks[s][p];
            if (!t) continue;
            out += t->records_out;
            errs += t->errors;
            late += t->late;
            skipped += t->skipped;
            for (int k = 0; k < 4; k++) kinds[k] += t->errors_kind[k];
            if (t->wm.value < wm) wm = t->wm.value;
            t->records_out = t->errors = t->late = t->skipped = 0;
            memset(t->errors_kind, 0, sizeof t->errors_kind);
        }
    pthread_mutex_lock(&w->q->mu);
    w->q->stats.records_in += (uint64_t)n;
    w->q->stats.records_out += out;
    w->q->stats.errors += errs;
    w->q->stats.late += late;
    w->q->stats.skipped += skipped;
    for (int k = 0; k < 4; k++) w->q->stats.errors_by_kind[k] += kinds[k];
    w->q->stats.watermark_ms = wm == INT64_MAX ? INT64_MIN : wm;
    sl_histo_merge(&w->q->stats.processing, &w->proc);
    sl_histo_merge(&w->q->stats.e2e, &w->e2e);
    memset(&w->proc, 0, sizeof w->proc);
    memset(&w->e2e, 0, sizeof w->e2e);
    if (n) w->q->stats.last_record_ms = sl_clock_wall_ms();
    pthread_mutex_unlock(&w->q->mu);
}

sl_error *sl_worker_step(sl_worker *w, int timeout_ms, bool force_commit, int *nrecs)
{
    int n = 0;
    sl_error *err = sl_log_consumer_poll(w->consumer, w->recs, w->maxrecs, timeout_ms, &n);
    if (!err && n > 0) err = process_polled(w, n);
    if (!err) err = sl_worker_after_poll(w, n);
    if (err) return err;
    w->uncommitted += (uint64_t)n;
    count_records(w, n);
    int64_t interval_ns = w->q->rt->opts.commit_interval_ms * 1000000;
    bool due = w->uncommitted > 0 &&
               (force_commit || w->uncommitted >= COMMIT_MAX_RECORDS ||
                sl_clock_mono_ns() - w->last_commit_ns >= interval_ns);
    if (due || (force_commit && w->txn)) err = sl_worker_commit(w);
    if (nrecs) *nrecs = n;
    return err;
}
