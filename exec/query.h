/*
 * query.h - running persistent queries: the face of the runtime for the engine.
 *
 * Model (Kafka Streams'): a query runs its plan's sub-topologies as tasks,
 * one per (sub-topology, input partition). Tasks are spread over the query's
 * workers; a worker owns one consumer (group "_confluent-ksql-<service>query_<id>")
 * and one open transaction, and loops: poll a batch of records, push each run
 * of records of one partition through its task, and commit every
 * commit.interval.ms. A commit writes, atomically, the outputs the worker
 * produced, its tasks' state and the source offsets it consumed up to
 * (exec/log.h), so a restart resumes exactly where the last commit ended.
 *
 * Threads: in server mode each worker has a thread. In synchronous mode (the
 * `sluice test` runner, deterministic) there are none: the caller drives every
 * query with sl_query_step until it is idle.
 */
#ifndef SL_EXEC_QUERY_H
#define SL_EXEC_QUERY_H

#include "common/error.h"
#include "exec/histo.h"
#include "exec/log.h"
#include "exec/plan.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct sl_rt sl_rt;
typedef struct sl_query sl_query;

typedef struct sl_rt_opts {
    sl_log *log;                /* borrowed; outlives the runtime */
    struct sl_db *db;           /* state stores (borrowed); NULL: state is memory-only */
    const char *service_id;     /* names consumer groups */
    int threads;                /* workers per query (num.stream.threads) */
    int64_t commit_interval_ms;
    int64_t idle_timeout_ms;    /* an input silent this long is not waited for (watermark.h);
                                 * 0: wait forever */
    bool synchronous;           /* no threads: callers step queries */
    bool fail_on_deser;         /* fail.on.deserialization.error */
    bool proclog_include_rows;  /* processing log entries carry the record */
    const char *proclog_topic;  /* processing log topic; NULL: entries are only counted */
} sl_rt_opts;

/* The shared runtime context; copies opts' strings. */
sl_rt *sl_rt_new(const sl_rt_opts *opts);
/* Every query must be stopped first. NULL is a no-op. */
void sl_rt_free(sl_rt *rt);

typedef enum sl_query_state {
    SL_QUERY_RUNNING,
    SL_QUERY_PAUSED,
    SL_QUERY_ERROR,
} sl_query_state;

typedef struct sl_query_opts {
    bool start_latest; /* auto.offset.reset=latest: new partitions start at their end */
    bool transient;    /* a transient (push or pull) query: commits write no source offsets
                        * and mark no progress with the group (nothing resumes it) */
    bool synchronous;  /* no worker thread even in a threaded runtime: the owner drives it
                        * with sl_query_step (a pull query's bounded scan) */
} sl_query_opts;

typedef struct sl_query_stats {
    uint64_t records_in;   /* source records consumed */
    uint64_t records_out;  /* records written to sinks */
    uint64_t errors;       /* processing log entries */
    uint64_t late;         /* records dropped as late (beyond their window's grace) */
    uint64_t skipped;      /* rows a join skipped for a NULL key or value */
    uint64_t commits;
    int64_t last_record_ms; /* wall clock of the last record processed; 0: none yet */
    uint64_t errors_by_kind[4]; /* errors by sl_proclog_kind (task.h): deserialization,
                                 * record processing, production, serialization */
    int64_t watermark_ms;   /* the lowest watermark of the query's tasks; INT64_MIN: none */
    sl_histo processing;    /* seconds to process one polled batch of records */
    sl_histo e2e;           /* seconds from a record's timestamp to its processing */
    sl_histo commit;        /* seconds per commit */
} sl_query_stats;

/* Starts plan (the query takes ownership of it, even on failure). Internal topics are
 * created when missing. */
sl_error *sl_query_start(sl_rt *rt, sl_plan *plan, const sl_query_opts *opts, sl_query **out);
/* Stops the query's workers, commits what they processed, frees the query. NULL: no-op. */
void sl_query_stop(sl_query *q);
void sl_query_pause(sl_query *q);
void sl_query_resume(sl_query *q);
/* The state; for SL_QUERY_ERROR, *why (may be NULL) receives the error (borrowed, valid
 * while the query lives). */
sl_query_state sl_query_get_state(sl_query *q, const char **why);
void sl_query_get_stats(sl_query *q, sl_query_stats *out);
const sl_plan *sl_query_plan(const sl_query *q);

/* Synchronous mode: polls every worker once without waiting and processes what it got; a
 * worker with nothing left to read commits. *nrecs receives the records processed, or 1
 * when a worker with nothing to read wrote output (0: the query is idle and everything it
 * did is committed). */
sl_error *sl_query_step(sl_query *q, int *nrecs);
/* A synchronous query: whether it has read partitions [0, n) of topic up to end[p] (the
 * end offsets sl_log_end_offsets reported); an empty partition (end 0) counts as read. */
bool sl_query_reached(const sl_query *q, const char *topic, const int64_t *end, int32_t n);

#endif
