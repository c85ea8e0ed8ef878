/*
 * query.c - persistent query lifecycle: start (topics, workers, threads),
 * pause/resume, stop, state and statistics (see query.h).
 */
#include "exec/query.h"
#include "common/logger.h"
#include "common/mem.h"
#include "exec/query_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

sl_rt *sl_rt_new(const sl_rt_opts *opts)
{
    sl_rt *rt = sl_calloc(1, sizeof *rt);
    rt->opts = *opts;
    rt->opts.service_id = sl_strdup(opts->service_id ? opts->service_id : "default_");
    rt->opts.proclog_topic = opts->proclog_topic ? sl_strdup(opts->proclog_topic) : NULL;
    if (rt->opts.threads < 1) rt->opts.threads = 1;
    if (rt->opts.commit_interval_ms < 1) rt->opts.commit_interval_ms = 100;
    return rt;
}

void sl_rt_free(sl_rt *rt)
{
    if (!rt) return;
    free((char *)rt->opts.service_id);
    free((char *)rt->opts.proclog_topic);
    free(rt);
}

static bool is_internal_topic(const sl_plan *plan, const char *topic)
{
    for (uint32_t i = 0; i < plan->ninternal; i++)
        if (strcmp(plan->internal_topics[i], topic) == 0) return true;
    return false;
}

/* Collects the topics the plan reads and which source nodes read each. */
static sl_error *collect_topics(sl_query *q)
{
    const sl_plan *plan = q->plan;
    q->topics = sl_calloc(plan->nnodes + 1, sizeof *q->topics);
    for (uint32_t i = 0; i < plan->nnodes; i++) {
        const sl_pnode *n = plan->nodes[i];
        if (n->kind != SL_PN_SOURCE) continue;
        if (q->local_exchange && is_internal_topic(plan, n->u.source.topic)) continue;
        uint32_t t = 0;
        while (t < q->ntopics && strcmp(q->topics[t].topic, n->u.source.topic) != 0) t++;
        topic_readers *tr = &q->topics[t];
        if (t == q->ntopics) {
            q->ntopics++;
            tr->topic = n->u.source.topic;
            tr->internal = is_internal_topic(plan, tr->topic);
            tr->partitions = plan->subs[n->sub].partitions;
        }
        if (tr->nsrc == 4) return sl_error_new(SL_E_UNSUPPORTED, "a topic read more than 4 times");
        tr->src[tr->nsrc++] = n;
    }
    return NULL;
}

static sl_error *ensure_topic(sl_query *q, const char *name, int32_t partitions)
{
    sl_topic_info info;
    sl_error *err = sl_log_topic_describe(q->rt->opts.log, name, &info);
    if (!err) return NULL;
    sl_error_free(err);
    memset(&info, 0, sizeof info);
    snprintf(info.name, sizeof info.name, "%s", name);
    info.partitions = partitions;
    info.replicas = 1;
    info.retention_ms = -1;
    return sl_log_topic_create(q->rt->opts.log, &info);
}

static sl_error *create_internal_topics(sl_query *q)
{
    const sl_plan *plan = q->plan;
    sl_error *err = NULL;
    for (uint32_t i = 0; i < plan->nside && !err; i++) err = ensure_topic(q, plan->side_topics[i], 1);
    for (uint32_t i = 0; i < plan->ninternal && !err && !q->local_exchange; i++)
        err = ensure_topic(q, plan->internal_topics[i], plan->internal_partitions[i]);
    return err;
}

static void set_error(sl_query *q, sl_error *err)
{
    pthread_mutex_lock(&q->mu);
    if (!q->why) {
        q->why = err;
        q->state = SL_QUERY_ERROR;
        err = NULL;
    }
    pthread_mutex_unlock(&q->mu);
    if (q->why) SL_ERROR("query failed", "query=%s err=\"%s\"", q->plan->query_id, q->why->msg);
    sl_error_free(err);
}

static void *worker_main(void *arg)
{
    sl_worker *w = arg;
    sl_query *q = w->q;
    while (!atomic_load(&q->stop)) {
        if (atomic_load(&q->paused)) {
            struct timespec ts = {0, 50 * 1000000};
            nanosleep(&ts, NULL);
            continue;
        }
        sl_error *err = sl_worker_step(w, 100, false, NULL);
        if (err) {
            set_error(q, err);
            return NULL;
        }
    }
    sl_error *err = sl_worker_commit(w);
    if (err) set_error(q, err);
    return NULL;
}

static sl_error *start_workers(sl_query *q)
{
    /* The embedded log gives every consumer all partitions, so one worker reads them all. */
    q->nworkers = sl_log_is_kafka(q->rt->opts.log) ? q->rt->opts.threads : 1;
    q->workers = sl_calloc((size_t)q->nworkers, sizeof *q->workers);
    for (int i = 0; i < q->nworkers; i++) {
        sl_error *err = sl_worker_init(&q->workers[i], q, i);
        if (err) return err;
    }
    if (q->rt->opts.synchronous || q->opts.synchronous) return NULL;
    for (int i = 0; i < q->nworkers; i++) {
        if (pthread_create(&q->workers[i].thread, NULL, worker_main, &q->workers[i]) != 0)
            return sl_error_new(SL_E_INTERNAL, "cannot start a worker thread");
        q->workers[i].has_thread = true;
    }
    return NULL;
}

sl_error *sl_query_start(sl_rt *rt, sl_plan *plan, const sl_query_opts *opts, sl_query **out)
{
    sl_query *q = sl_calloc(1, sizeof *q);
    q->rt = rt;
    q->plan = plan;
    if (opts) q->opts = *opts;
    pthread_mutex_init(&q->mu, NULL);
    size_t gl = strlen(rt->opts.service_id) + strlen(plan->query_id) + 32;
    q->group = sl_malloc(gl);
    snprintf(q->group, gl, "_confluent-ksql-%squery_%s", rt->opts.service_id, plan->query_id);
    q->local_exchange = !sl_log_is_kafka(rt->opts.log); /* one worker reads it all */
    sl_error *err = collect_topics(q);
    if (!err) err = create_internal_topics(q);
    if (!err) err = start_workers(q);
    if (err) {
        sl_query_stop(q);
        return err;
    }
    *out = q;
    return NULL;
}

void sl_query_stop(sl_query *q)
{
    if (!q) return;
    atomic_store(&q->stop, true);
    for (int i = 0; i < q->nworkers; i++)
        if (q->workers[i].has_thread) pthread_join(q->workers[i].thread, NULL);
    for (int i = 0; i < q->nworkers; i++) {
        if ((q->rt->opts.synchronous || q->opts.synchronous) && q->workers[i].q) {
            sl_error *err = sl_worker_commit(&q->workers[i]);
            sl_error_free(err);
        }
        sl_worker_fini(&q->workers[i]);
    }
    free(q->workers);
    free(q->topics);
    free(q->group);
    sl_error_free(q->why);
    pthread_mutex_destroy(&q->mu);
    sl_plan_free(q->plan);
    free(q);
}

void sl_query_pause(sl_query *q)
{
    atomic_store(&q->paused, true);
    pthread_mutex_lock(&q->mu);
    if (q->state == SL_QUERY_RUNNING) q->state = SL_QUERY_PAUSED;
    pthread_mutex_unlock(&q->mu);
}

void sl_query_resume(sl_query *q)
{
    atomic_store(&q->paused, false);
    pthread_mutex_lock(&q->mu);
    if (q->state == SL_QUERY_PAUSED) q->state = SL_QUERY_RUNNING;
    pthread_mutex_unlock(&q->mu);
}

sl_query_state sl_query_get_state(sl_query *q, const char **why)
{
    pthread_mutex_lock(&q->mu);
    sl_query_state s = q->state;
    if (why) *why = q->why ? q->why->msg : NULL;
    pthread_mutex_unlock(&q->mu);
    return s;
}

void sl_query_get_stats(sl_query *q, sl_query_stats *out)
{
    pthread_mutex_lock(&q->mu);
    *out = q->stats;
    pthread_mutex_unlock(&q->mu);
}

const sl_plan *sl_query_plan(const sl_query *q)
{
    return q->plan;
}

sl_error *sl_query_step(sl_query *q, int *nrecs)
{
    int total = 0;
    if (q->state == SL_QUERY_ERROR || atomic_load(&q->paused)) {
        *nrecs = 0;
        return NULL;
    }
    for (int i = 0; i < q->nworkers; i++) {
        int n = 0;
        /* commit when the worker runs dry (or its batch grows large), not after every poll */
        sl_worker *w = &q->workers[i];
        sl_error *err = sl_worker_step(w, 0, false, &n);
        bool wrote = n == 0 && w->txn; /* windows closed when its inputs went idle */
        if (!err && n == 0 && (w->uncommitted || w->txn)) err = sl_worker_commit(w);
        if (wrote) n = 1; /* not idle yet: what it wrote may feed another query */
        if (err) {
            set_error(q, sl_error_copy(err));
            return err;
        }
        total += n;
    }
    *nrecs = total;
    return NULL;
}

bool sl_query_reached(const sl_query *q, const char *topic, const int64_t *end, int32_t n)
{
    uint32_t t = 0;
    while (t < q->ntopics && strcmp(q->topics[t].topic, topic) != 0) t++;
    if (t == q->ntopics) return true;
    for (int32_t p = 0; p < n && p < q->topics[t].partitions; p++) {
        if (end[p] <= 0) continue;
        bool got = false;
        for (int i = 0; i < q->nworkers && !got; i++)
            got = q->workers[i].next_off && q->workers[i].next_off[t][p] >= end[p];
        if (!got) return false;
    }
    return true;
}
