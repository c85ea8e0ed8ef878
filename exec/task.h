/*
 * task.h - a task: one sub-topology of a persistent query running for one
 * partition of its input topics (Kafka Streams' model). A task owns its
 * operators and their state; it is run by one worker thread at a time.
 *
 * What operators ask of their task: the transaction their outputs join
 * (sl_task_txn), where per-record failures go (sl_task_report), and the task's
 * stream time.
 */
#ifndef SL_EXEC_TASK_H
#define SL_EXEC_TASK_H

#include "common/arena.h"
#include "common/error.h"
#include "exec/log.h"
#include "exec/op.h"
#include "exec/plan.h"
#include "exec/store.h"
#include "exec/watermark.h"

#include <stdint.h>

typedef struct sl_worker sl_worker;

/* Kinds of processing log entries, numbered as ksqlDB's MESSAGE.TYPE. */
typedef enum sl_proclog_kind {
    SL_PROCLOG_DESERIALIZATION = 0,
    SL_PROCLOG_RECORD_PROCESSING = 1,
    SL_PROCLOG_PRODUCTION = 2,
    SL_PROCLOG_SERIALIZATION = 3,
} sl_proclog_kind;

struct sl_task {
    const sl_plan *plan;
    uint32_t sub;
    int32_t partition;
    sl_worker *worker;
    sl_arena *ar;          /* the task's lifetime: operators, compiled programs */
    sl_op **ops;           /* [plan->nnodes]; NULL for nodes of other sub-topologies */
    int64_t stream_time;   /* the largest record timestamp seen; INT64_MIN before any */
    sl_wm wm;              /* event time over the task's inputs: per SOURCE node, one input
                            * for a topic from outside, or one per partition of the
                            * sub-topology writing the repartition topic it reads */
    uint32_t *in_base;     /* [plan->nnodes]: the first input of each SOURCE node */
    bool feeds_next;       /* its sub-topology writes a repartition topic */
    int64_t told_wm;       /* the progress last reported to the next sub-topology */
    bool told_idle;
    int64_t now_ns;        /* monotonic time of the batch being fed */
    sl_store *stores[8];   /* its operators' state stores (sl_task_store_open) */
    uint32_t nstores;
    int64_t commit_seq;    /* the last commit marker written to the changelogs */
    uint64_t marked;       /* activity (records in + changelog records) at that marker */
    uint64_t records_in;   /* records read */
    uint64_t records_out;  /* rows written to sinks */
    uint64_t errors;       /* processing log entries */
    uint64_t late;         /* records dropped as late (their window had closed) */
    uint64_t skipped;      /* rows a join skipped: a NULL key or value (Kafka Streams' dropped
                            * records: counted, not logged) */
    uint64_t errors_kind[4]; /* errors by sl_proclog_kind */
};

/* Builds and opens the operators of sub-topology sub for partition. */
sl_error *sl_task_new(sl_worker *w, const sl_plan *plan, uint32_t sub, int32_t partition,
                      sl_task **out);
/* Closes the operators and frees the task. NULL is a no-op. */
void sl_task_free(sl_task *t);
/* Feeds n records of one partition of the topic read by source node src. */
sl_error *sl_task_feed(sl_task *t, const sl_pnode *src, const sl_log_record *recs, int n);
/* Feeds rows already decoded (a local exchange from partition `from` of another
 * sub-topology) to the operators after source node src, as if src had read them. */
sl_error *sl_task_feed_rows(sl_task *t, const sl_pnode *src, int32_t from, sl_batch *b);
/* Progress of input `from` (a partition of the sub-topology writing src's topic): its
 * watermark and whether it is caught up. Closes windows that the new watermark closes. */
sl_error *sl_task_progress(sl_task *t, const sl_pnode *src, int32_t from, int64_t ts,
                           bool caught_up);
/* The partition src reads from outside has nothing more for now. */
sl_error *sl_task_caught_up(sl_task *t, const sl_pnode *src);
/* Gives up waiting for inputs silent longer than the idle timeout. */
sl_error *sl_task_tick(sl_task *t, int64_t now_ns);
/* Lets every operator write its pending state into batch before a commit. */
sl_error *sl_task_flush(sl_task *t, sl_db_batch *batch);

/* Opens an operator's state store for this task's partition: out lives in the operator,
 * which keeps it until close; on the Kafka log it gets its changelog (exec/changelog.c).
 * Without a state db (memory-only runtime) *opened is false and out is untouched. */
sl_error *sl_task_store_open(sl_task *t, const char *name, sl_store *out, bool *opened);

/* The open transaction outputs of this task join. */
sl_log_txn *sl_task_txn(sl_task *t);
/* Reports a per-record failure to the processing log and the query's counters. rec is the
 * source record when known (may be NULL). Does not take ownership of err. */
void sl_task_report(sl_task *t, sl_proclog_kind kind, const sl_error *err,
                    const sl_log_record *rec);
/* Whether a record that fails to deserialize must stop the query. */
bool sl_task_fail_on_deser(const sl_task *t);

#endif
