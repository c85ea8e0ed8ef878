/*
 * query_int.h - the runtime's private structures: the shared context, queries
 * and their workers (see query.h for the model). Used by query.c, worker.c,
 * task.c and proclog.c only.
 */
#ifndef SL_EXEC_QUERY_INT_H
#define SL_EXEC_QUERY_INT_H

#include "exec/query.h"
#include "exec/db.h"
#include "exec/task.h"

#include <pthread.h>
#include <stdatomic.h>

struct sl_rt {
    sl_rt_opts opts; /* strings owned */
};

/* Which source nodes read a topic of the query (a self-join reads one topic twice). */
typedef struct topic_readers {
    const char *topic;
    const sl_pnode *src[4];
    uint32_t nsrc;
    int32_t partitions;
    bool internal; /* a repartition topic: always read from the start */
} topic_readers;

struct sl_worker {
    sl_query *q;
    int index;
    sl_log_consumer *consumer;
    sl_task ***tasks;     /* [nsubs][partitions of the sub] */
    int64_t **next_off;   /* [ntopics][partitions]: next offset to read; -1 untouched */
    bool **dirty;         /* [ntopics][partitions]: consumed since the last commit */
    bool **assigned;      /* [ntopics][partitions]: the consumer reads it */
    bool **restored;      /* [nsubs][partitions]: stores checked against their changelogs */
    bool told_caught_up;  /* the last poll found nothing and the tasks were told */
    int64_t last_tick_ns; /* the last idle-timeout check */
    sl_log_txn *txn;      /* open transaction, NULL until something is produced */
    int64_t last_commit_ns;
    uint64_t uncommitted; /* records processed since the last commit */
    sl_log_record *recs;
    int maxrecs;
    struct sl_poll_span *runs, *spans; /* a task reads several topics (a join): the poll's
                                        * feeding order (poll_order.h); NULL: as polled */
    sl_histo proc, e2e;   /* observed since the last count_records, merged into the stats */
    pthread_t thread;
    bool has_thread;
};

struct sl_query {
    sl_rt *rt;
    sl_plan *plan;
    sl_query_opts opts;
    char *group;           /* consumer group id */
    topic_readers *topics; /* every topic the query reads */
    uint32_t ntopics;
    sl_worker *workers;
    int nworkers;
    bool local_exchange;   /* one worker over the embedded log: re-keyed rows go straight to
                            * the next sub-topology's task, not through the internal topic */
    atomic_bool stop, paused;
    pthread_mutex_t mu;    /* guards state, why, stats */
    sl_query_state state;
    sl_error *why;
    sl_query_stats stats;
};

/* worker.c */
sl_error *sl_worker_init(sl_worker *w, sl_query *q, int index);
void sl_worker_fini(sl_worker *w);
/* Polls up to timeout_ms, processes what arrives, commits when due (or when force_commit). */
sl_error *sl_worker_step(sl_worker *w, int timeout_ms, bool force_commit, int *nrecs);
sl_error *sl_worker_commit(sl_worker *w);
/* The task of sub-topology sub for partition, created on first use. */
sl_error *sl_worker_task(sl_worker *w, uint32_t sub, int32_t partition, sl_task **out);
/* Where the worker goes on in topic ti's partition: the next offset to read (what a commit
 * would record), or the committed one when it has read nothing there yet. */
int64_t sl_worker_position(sl_worker *w, uint32_t ti, int32_t partition);
/* Tells the tasks of the sub-topologies fed by sub's repartition topics that sub's task for
 * partition reached watermark ts (and whether it is caught up): directly on a local
 * exchange, else as a progress record in every partition of the topic. */
sl_error *sl_worker_progress(sl_worker *w, uint32_t sub, int32_t partition, int64_t ts,
                             bool caught_up);

/* progress.c: after a poll that found nrecs records: tells tasks their outside partitions
 * are caught up (when nrecs is 0) and gives up on inputs silent past the idle timeout. */
sl_error *sl_worker_after_poll(sl_worker *w, int nrecs);

/* proclog.c: writes one processing log entry into the worker's transaction, or, alone, in
 * a transaction of its own committed at once (the query is about to fail and abort its). */
void sl_proclog_write(sl_worker *w, sl_proclog_kind kind, const sl_error *err,
                      const sl_log_record *rec, bool alone);

#endif
