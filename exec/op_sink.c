/*
 * op_sink.c - SINK and REPARTITION: rows out to a topic.
 *
 *   row [key cols | value cols] --key serde--> key bytes   (windowed: key ‖ start [‖ end])
 *                               --value serde-> value bytes (tombstone: no value)
 *                               --> the task's transaction, partition murmur2(key) % n
 *
 * The same operator writes the query's output topic (SINK) and the internal
 * topics that re-key rows for the next sub-topology (REPARTITION). A record
 * with a null key stays on its input partition (modulo the topic's partition
 * count), which keeps its order. Records join the worker's open transaction:
 * they become visible, with the source offsets that produced them, at commit.
 * A row that does not serialize goes to the processing log. A broadcast topic
 * (a foreign-key join's right table, read whole by every left task) gets
 * each row in every partition.
 */
#include "common/mem.h"
#include "exec/log.h"
#include "exec/op.h"
#include "exec/query_int.h"
#include "exec/task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct op_sink {
    sl_op base;
    const sl_pn_sink *sk;
    sl_buf key, val;
    const sl_pnode *target;  /* local exchange: the SOURCE node reading this topic */
    sl_batch **parts;        /* local exchange: rows bound for each partition */
    sl_header *hdrs;         /* scratch: a repartition record's headers */
    size_t hdrs_cap;
} op_sink;

static sl_error *sink_open(sl_op *op)
{
    op_sink *s = (op_sink *)op;
    s->sk = &op->node->u.sink;
    if (op->node->kind != SL_PN_REPARTITION || !op->task->worker || !op->task->worker->q->local_exchange)
        return NULL;
    const sl_plan *plan = op->task->plan;
    for (uint32_t i = 0; i < plan->nnodes && !s->target; i++)
        if (plan->nodes[i]->kind == SL_PN_SOURCE && strcmp(plan->nodes[i]->u.source.topic, s->sk->topic) == 0)
            s->target = plan->nodes[i];
    s->parts = sl_calloc((size_t)s->sk->partitions + 1, sizeof *s->parts);
    return NULL;
}

static sl_error *encode_key(op_sink *s, const sl_row *row, bool *is_null)
{
    const sl_pn_sink *sk = s->sk;
    *is_null = true;
    if (!sk->key || sk->nkey == 0) return NULL;
    if ((row->flags & SL_ROW_NULL_KEY) && !sk->window) return NULL; /* it had none */
    if (sk->window) {
        *is_null = false;
        return sl_serde_window_encode(sk->key, sk->window, row->col, row->wstart, row->wend,
                                      &s->key);
    }
    return sl_serde_encode(sk->key, row->col, &s->key, is_null);
}

static int32_t partition_for(const op_sink *s, const sl_row *row, bool key_null)
{
    int32_t n = s->sk->partitions > 0 ? s->sk->partitions : 1;
    if (!key_null) return sl_log_partition_for_key((const uint8_t *)s->key.p, (uint32_t)s->key.len, n);
    return row->partition > 0 ? row->partition % n : 0;
}

/* A copy of rec to every partition of the topic (an internal topic each task reads whole). */
static sl_error *broadcast(op_sink *s, sl_log_record *rec)
{
    for (int32_t p = 0; p < s->sk->partitions; p++) {
        rec->partition = p;
        s->base.task->records_out++;
        sl_error *err = sl_log_txn_produce(sl_task_txn(s->base.task), s->sk->topic, rec);
        if (err) return err;
    }
    return NULL;
}

/* The headers of a repartition record: the row's own, then sl-from (the writing task's
 * partition: the reader's watermark tracks each writer), and sl-retract or sl-paired for a
 * table change. */
static sl_headers internal_headers(op_sink *s, const sl_row *row, char *from)
{
    uint32_t n = 0, nrow = row->headers ? row->headers->n : 0;
    SL_GROW(s->hdrs, s->hdrs_cap, nrow + 2);
    sl_header *h = s->hdrs;
    for (uint32_t i = 0; i < nrow; i++) h[n++] = row->headers->h[i];
    int len = snprintf(from, 16, "%d", (int)s->base.task->partition);
    h[n++] = (sl_header){"sl-from", (const uint8_t *)from, (uint32_t)len};
    if (row->flags & SL_ROW_RETRACT) h[n++] = (sl_header){"sl-retract", (const uint8_t *)"1", 1};
    else if (row->flags & SL_ROW_PAIRED) h[n++] = (sl_header){"sl-paired", (const uint8_t *)"1", 1};
    return (sl_headers){h, n};
}

static sl_error *write_row(op_sink *s, const sl_row *row)
{
    sl_buf_reset(&s->key);
    sl_buf_reset(&s->val);
    bool key_null, val_null = true;
    sl_error *err = encode_key(s, row, &key_null);
    if (!err && !(row->flags & SL_ROW_TOMBSTONE) && s->sk->value)
        err = sl_serde_encode(s->sk->value, row->col + s->sk->nkey, &s->val, &val_null);
    if (err) {
        sl_task_report(s->base.task, SL_PROCLOG_SERIALIZATION, err, NULL);
        sl_error_free(err);
        return NULL;
    }
    sl_log_record rec = {0};
    rec.key = key_null ? NULL : (const uint8_t *)(s->key.p ? s->key.p : "");
    rec.klen = key_null ? 0 : (uint32_t)s->key.len;
    rec.val = val_null ? NULL : (const uint8_t *)(s->val.p ? s->val.p : "");
    rec.vlen = val_null ? 0 : (uint32_t)s->val.len;
    rec.ts = row->ts;
    if (s->sk->ts_col >= 0) { /* WITH (TIMESTAMP=...) on the sink: the record's time */
        sl_value t = row->col[s->sk->ts_col];
        if (t.null || t.u.i < 0) {
            sl_error *e = sl_error_new(SL_E_EVAL, "Invalid timestamp in column '%s': %s",
                                       s->base.node->cols[s->sk->ts_col].name, t.null ? "null" : "negative");
            sl_task_report(s->base.task, SL_PROCLOG_RECORD_PROCESSING, e, NULL);
            sl_error_free(e);
            return NULL;
        }
        rec.ts = t.u.i;
    }
    rec.partition = partition_for(s, row, key_null);
    if (row->headers) rec.headers = *row->headers; /* Kafka Streams forwards headers */
    char from[16];
    if (s->sk->carry_flags) rec.headers = internal_headers(s, row, from); /* internal topic */
    if (s->sk->broadcast) return broadcast(s, &rec);
    s->base.task->records_out++;
    return sl_log_txn_produce(sl_task_txn(s->base.task), s->sk->topic, &rec);
}

/* Appends row to the rows bound for partition p. */
static void bound_for(op_sink *s, int32_t p, const sl_batch *b, const sl_row *row)
{
    if (!s->parts[p]) s->parts[p] = sl_batch_new(b->ncols);
    sl_batch *pb = s->parts[p];
    if (pb->n == pb->cap) {
        size_t cap = pb->cap;
        SL_GROW(pb->rows, cap, (size_t)pb->n + 1);
        pb->cap = (uint32_t)cap;
    }
    pb->rows[pb->n++] = *row; /* payloads stay in b, alive until this push returns */
}

/* A local exchange: rows go straight to the task of their partition in the next
 * sub-topology, partitioned exactly as the internal topic would be (murmur2 of the encoded
 * key), so state lands on the same tasks either way; a broadcast row goes to every
 * partition. */
static sl_error *exchange(op_sink *s, sl_batch *b)
{
    int32_t n = s->sk->partitions > 0 ? s->sk->partitions : 1;
    for (int32_t p = 0; p < n; p++)
        if (s->parts[p]) s->parts[p]->n = 0;
    for (uint32_t i = 0; i < b->n && s->sk->broadcast; i++) /* every row to every partition */
        for (int32_t p = 0; p < n; p++) bound_for(s, p, b, &b->rows[i]);
    for (uint32_t i = 0; i < b->n && !s->sk->broadcast; i++) {
        const sl_row *row = &b->rows[i];
        sl_buf_reset(&s->key);
        bool key_null;
        sl_error *err = encode_key(s, row, &key_null);
        if (err) {
            sl_task_report(s->base.task, SL_PROCLOG_SERIALIZATION, err, NULL);
            sl_error_free(err);
            continue;
        }
        bound_for(s, partition_for(s, row, key_null), b, row);
    }
    for (int32_t p = 0; p < n; p++) {
        if (!s->parts[p] || !s->parts[p]->n) continue;
        sl_task *t;
        sl_error *err = sl_worker_task(s->base.task->worker, s->target->sub, p, &t);
        if (!err) err = sl_task_feed_rows(t, s->target, s->base.task->partition, s->parts[p]);
        if (err) return err;
    }
    return NULL;
}

static sl_error *sink_push(sl_op *op, sl_batch *b, int port)
{
    (void)port;
    op_sink *s = (op_sink *)op;
    if (s->target) return exchange(s, b);
    for (uint32_t i = 0; i < b->n; i++) {
        sl_error *err = write_row(s, &b->rows[i]);
        if (err) return err;
    }
    return NULL;
}

static void sink_close(sl_op *op)
{
    op_sink *s = (op_sink *)op;
    sl_buf_free(&s->key);
    sl_buf_free(&s->val);
    for (int32_t p = 0; s->parts && p < s->sk->partitions; p++) sl_batch_free(s->parts[p]);
    free(s->parts);
    free(s->hdrs);
}

const sl_op_vt sl_op_sink_vt = {
    .name = "sink",
    .size = sizeof(op_sink),
    .open = sink_open,
    .push = sink_push,
    .close = sink_close,
};
