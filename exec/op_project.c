/*
 * op_project.c - PROJECT: computes the output columns from expressions.
 *
 *   row(in cols) --[expr_0 .. expr_n-1]--> row(out cols), system columns kept
 *
 * One compiled list program evaluates every output column of a row; a failing
 * expression yields NULL and a processing log entry, the row goes on. A
 * tombstone (a table delete, a stream row with a NULL value) is not evaluated: it becomes a tombstone of the output key, whose
 * columns come straight from the input key columns (key_from), so deletes
 * never produce spurious expression errors.
 */
#include "common/mem.h"
#include "exec/expr.h"
#include "exec/op.h"
#include "exec/task.h"

#include <stdlib.h>

typedef struct op_project {
    sl_op base;
    sl_prog *prog;
    uint32_t *sel;
    uint32_t selcap;
} op_project;

static void on_eval_error(void *ctx, uint32_t row, sl_error *err)
{
    (void)row;
    sl_task_report(ctx, SL_PROCLOG_RECORD_PROCESSING, err, NULL);
    sl_error_free(err);
}

static sl_error *project_open(sl_op *op)
{
    op_project *p = (op_project *)op;
    op->out = sl_batch_new(op->node->ncols);
    return sl_expr_compile_list(op->task->ar, (const sl_expr *const *)op->node->u.project.exprs,
                                op->node->ncols, &p->prog);
}

static void append_tombstone(sl_op *op, const sl_row *in)
{
    const sl_pnode *n = op->node;
    sl_row *r = sl_batch_add(op->out);
    for (uint32_t c = 0; c < n->ncols; c++)
        r->col[c] = c < n->nkey && n->u.project.key_from ? in->col[n->u.project.key_from[c]]
                                                         : sl_value_null();
    r->ts = in->ts;
    r->offset = in->offset;
    r->partition = in->partition;
    r->input = in->input;
    r->wstart = in->wstart;
    r->wend = in->wend;
    r->headers = in->headers;
    r->flags = in->flags;
}

/* Projects the rows of b, keeping tombstones in their place without evaluating them. */
static void project_mixed(op_project *p, sl_batch *b)
{
    sl_op *op = &p->base;
    uint32_t i = 0;
    while (i < b->n) {
        if (b->rows[i].flags & SL_ROW_TOMBSTONE) {
            append_tombstone(op, &b->rows[i++]);
            continue;
        }
        uint32_t n = 0;
        for (; i < b->n && !(b->rows[i].flags & SL_ROW_TOMBSTONE); i++) p->sel[n++] = i;
        sl_prog_project(p->prog, b, p->sel, n, op->out, on_eval_error, op->task);
    }
}

static sl_error *project_push(sl_op *op, sl_batch *b, int port)
{
    (void)port;
    op_project *p = (op_project *)op;
    sl_batch_reset(op->out);
    bool deletes = false; /* table deletes; a stream row with a NULL value is evaluated */
    bool table = op->node->in[0] && op->node->in[0]->is_table && !op->node->u.project.eval_tombstones;
    for (uint32_t i = 0; table && i < b->n && !deletes; i++) deletes = b->rows[i].flags & SL_ROW_TOMBSTONE;
    if (!deletes) {
        sl_prog_project(p->prog, b, NULL, 0, op->out, on_eval_error, op->task);
        if (op->node->u.project.rekey)
            for (uint32_t i = 0; i < op->out->n; i++) op->out->rows[i].flags &= ~(uint32_t)SL_ROW_NULL_KEY;
        return sl_op_emit(op, op->out);
    }
    if (b->n > p->selcap) {
        size_t cap = p->selcap;
        SL_GROW(p->sel, cap, b->n);
        p->selcap = (uint32_t)cap;
    }
    project_mixed(p, b);
    return sl_op_emit(op, op->out);
}

static void project_close(sl_op *op)
{
    op_project *p = (op_project *)op;
    sl_prog_free(p->prog);
    sl_batch_free(op->out);
    free(p->sel);
}

const sl_op_vt sl_op_project_vt = {
    .name = "project",
    .size = sizeof(op_project),
    .open = project_open,
    .push = project_push,
    .close = project_close,
};
