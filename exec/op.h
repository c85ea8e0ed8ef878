/*
 * op.h - operators: the running instances of plan nodes inside a task.
 *
 * Push-based and batch-at-a-time. An operator receives a batch of rows on one
 * of its input ports, does its work, and hands its own output batch to the
 * next operator with sl_op_emit before returning. Batches flow depth-first, so
 * an input batch (and every payload it borrows) stays valid until the push
 * that received it returns; anything kept longer is copied on purpose into the
 * operator's own memory or a state store.
 *
 *   open(op)              set up: compile expressions, open stores
 *   push(op, b, port)     rows in; rows out through sl_op_emit(op, out)
 *   watermark(op, wm)     stream time advanced to wm (windows close on it)
 *   flush(op, batch)      a commit is coming: write pending state to batch
 *   close(op)             free everything open() and push() built
 *
 * Per-record failures (a record that does not decode, an expression error)
 * never fail a push: they go to the task's processing log and the row is
 * dropped or gets a NULL, as ksqlDB does. A push fails only when the query
 * cannot go on (a state store error, fail.on.deserialization.error).
 *
 * One file per operator, exec/op_<name>.c, each opening with a comment that
 * draws its model. Operators are used by their task's thread only.
 */
#ifndef SL_EXEC_OP_H
#define SL_EXEC_OP_H

#include "common/error.h"
#include "exec/plan.h"
#include "exec/row.h"

typedef struct sl_op sl_op;
typedef struct sl_task sl_task;
typedef struct sl_db_batch sl_db_batch;

typedef struct sl_op_vt {
    const char *name;
    size_t size; /* bytes of the operator's struct, which starts with sl_op */
    sl_error *(*open)(sl_op *op);
    sl_error *(*push)(sl_op *op, sl_batch *b, int port);
    sl_error *(*watermark)(sl_op *op, int64_t wm); /* NULL: nothing to do */
    sl_error *(*flush)(sl_op *op, sl_db_batch *batch); /* NULL: no state */
    void (*close)(sl_op *op);
} sl_op_vt;

struct sl_op {
    const sl_op_vt *vt;
    const sl_pnode *node;
    sl_task *task;
    sl_op *next; /* NULL for sinks */
    int next_port;
    sl_batch *out; /* the operator's output batch, reset at each push */
};

/* Passes b to the next operator (no-op for an empty batch or a sink). */
static inline sl_error *sl_op_emit(sl_op *op, sl_batch *b)
{
    if (!op->next || b->n == 0) return NULL;
    return op->next->vt->push(op->next, b, op->next_port);
}

/* The vtables, one per node kind that has an operator. */
extern const sl_op_vt sl_op_source_vt, sl_op_filter_vt, sl_op_project_vt, sl_op_flatmap_vt,
    sl_op_sink_vt, sl_op_aggregate_vt, sl_op_materialize_vt, sl_op_callback_vt,
    sl_op_pullstore_vt;

/* The joins, one operator per kind (exec/op_join_*.c). */
extern const sl_op_vt sl_op_join_stream_stream_vt, sl_op_join_stream_table_vt,
    sl_op_join_table_table_vt, sl_op_join_foreign_key_vt;

/* The vtable that runs node kind k. */
const sl_op_vt *sl_op_vt_for(sl_pnode_kind k);
/* The vtable that runs a JOIN node of kind k. */
const sl_op_vt *sl_op_join_vt(sl_pn_join_kind k);

/* Source operators are fed records, not rows (see op_source.c). */
struct sl_log_record;
sl_error *sl_op_source_feed(sl_op *op, const struct sl_log_record *recs, int n);

#endif
