/*
 * poll_order.h - the order a worker feeds a poll's records to tasks that read
 * more than one topic (joins), by timestamp across those topics.
 *
 *   poll:   [ S p0: 5 7 9 ][ T p0: 6 8 ][ S p1: 3 ]
 *   spans:  S p0 [5] · T p0 [6] · S p0 [7] · T p0 [8] · S p0 [9] · S p1 [3]
 *
 * A consumer returns records in runs of one (topic, partition), in no order
 * across topics. A join task reads partition p of each of its topics, and what
 * a record meets depends on what came before it: Kafka Streams gives a task
 * the buffered record with the smallest timestamp among its partitions
 * (PartitionGroup), so a stream record sees the table updates that are older
 * than it. The same is done here within each poll: the runs of one partition
 * index are merged by the timestamp of their next record, each span going as
 * far as it can before another run's next record is older. Runs of different
 * partition indexes feed different tasks and keep the consumer's order; each
 * run keeps its own (offset) order.
 */
#ifndef SL_EXEC_POLL_ORDER_H
#define SL_EXEC_POLL_ORDER_H

#include "exec/log.h"

/* recs[start, start + n): consecutive records of one (topic, partition). */
typedef struct sl_poll_span {
    int start, n;
} sl_poll_span;

/* Writes into out (room for n spans) the spans that feed recs[0, n) in timestamp order per
 * partition index; returns how many. Every record is in exactly one span. runs is scratch
 * room for n spans. */
int sl_poll_order(const sl_log_record *recs, int n, sl_poll_span *runs, sl_poll_span *out);

#endif
