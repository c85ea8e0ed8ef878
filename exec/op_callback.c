/*
 * op_callback.c - CALLBACK: the end of a transient query's chain. Where a
 * persistent query's SINK writes a topic, this hands each batch to the query's
 * owner (the REST layer, which encodes the rows for its client):
 *
 *   rows ──> fn(ctx, node, batch)      on the task's thread, batch borrowed
 *
 * The owner decides what to keep; a full client buffer or a reached LIMIT is
 * the owner's to handle (it stops the query from its own thread). An error
 * from fn stops the query.
 */
#include "exec/op.h"
#include "exec/task.h"

static sl_error *cb_open(sl_op *op)
{
    (void)op;
    return NULL;
}

static sl_error *cb_push(sl_op *op, sl_batch *b, int port)
{
    (void)port;
    const sl_pn_callback *cb = &op->node->u.cb;
    if (!cb->fn || b->n == 0) return NULL;
    op->task->records_out += b->n;
    return cb->fn(cb->ctx, op->node, b);
}

static void cb_close(sl_op *op)
{
    (void)op;
}

const sl_op_vt sl_op_callback_vt = {
    .name = "callback",
    .size = sizeof(sl_op),
    .open = cb_open,
    .push = cb_push,
    .close = cb_close,
};
