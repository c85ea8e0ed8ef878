/*
 * op_flatmap.c - FLATMAP: table functions (EXPLODE, CUBE_EXPLODE), zero or
 * more output rows per input row.
 *
 *   row --> plain columns evaluated once
 *       --> each table function: its arguments evaluated, then the function
 *           returns a list of values
 *       --> max(list lengths) rows: row j takes element j of every list (NULL
 *           where a list is shorter) and the plain columns
 *
 * That zip of several table functions, padding with NULLs, is ksqlDB's rule; a
 * row whose lists are all empty produces nothing.
 */
#include "exec/expr.h"
#include "exec/func.h"
#include "exec/op.h"
#include "exec/task.h"

typedef struct tablefn {
    uint32_t col;     /* output column it fills */
    const sl_expr *call;
    sl_prog *args;    /* its arguments as a list program */
    void *state;      /* sig->init's call-site state */
    sl_value *argv;
    sl_value *vals;   /* the current row's list */
    uint32_t nvals;
} tablefn;

typedef struct op_flatmap {
    sl_op base;
    sl_prog *plain;   /* the non-table-function columns, as a list program */
    uint32_t *plain_col;
    uint32_t nplain;
    sl_value *plain_vals;
    tablefn *fns;
    uint32_t nfns;
} op_flatmap;

static sl_error *open_tablefn(op_flatmap *f, uint32_t col, const sl_expr *call)
{
    tablefn *t = &f->fns[f->nfns++];
    sl_arena *ar = f->base.task->ar;
    t->col = col;
    t->call = call;
    t->argv = SL_ARENA_ARRAY(ar, sl_value, call->nargs + 1);
    if (call->call->sig->init) {
        sl_error *err = call->call->sig->init(call->call, &t->state);
        if (err) return err;
    }
    return sl_expr_compile_list(ar, (const sl_expr *const *)call->args, call->nargs, &t->args);
}

static sl_error *flatmap_open(sl_op *op)
{
    op_flatmap *f = (op_flatmap *)op;
    const sl_pnode *n = op->node;
    sl_arena *ar = op->task->ar;
    op->out = sl_batch_new(n->ncols);
    f->fns = SL_ARENA_ARRAY(ar, tablefn, n->ncols);
    f->plain_col = SL_ARENA_ARRAY(ar, uint32_t, n->ncols);
    const sl_expr **plain = SL_ARENA_ARRAY(ar, const sl_expr *, n->ncols);
    for (uint32_t i = 0; i < n->ncols; i++) {
        if (!n->u.flatmap.is_tablefn[i]) {
            f->plain_col[f->nplain] = i;
            plain[f->nplain++] = n->u.flatmap.exprs[i];
            continue;
        }
        sl_error *err = open_tablefn(f, i, n->u.flatmap.exprs[i]);
        if (err) return err;
    }
    f->plain_vals = SL_ARENA_ARRAY(ar, sl_value, f->nplain + 1);
    return sl_expr_compile_list(ar, plain, f->nplain, &f->plain);
}

static void report(sl_op *op, sl_error *err)
{
    if (!err) return;
    sl_task_report(op->task, SL_PROCLOG_RECORD_PROCESSING, err, NULL);
    sl_error_free(err);
}

/* Runs every table function on row; returns the longest list's length. */
static uint32_t run_tablefns(op_flatmap *f, const sl_row *row, sl_arena *ar)
{
    uint32_t most = 0;
    for (uint32_t k = 0; k < f->nfns; k++) {
        tablefn *t = &f->fns[k];
        sl_error *err = NULL;
        sl_prog_eval_all(t->args, row, ar, t->argv, &err);
        report(&f->base, err);
        t->nvals = 0;
        t->vals = NULL;
        sl_fnctx cx = {ar, t->call->call, t->state, NULL};
        report(&f->base, t->call->call->sig->table(&cx, t->argv, (int)t->call->nargs, &t->vals,
                                                   &t->nvals));
        if (t->nvals > most) most = t->nvals;
    }
    return most;
}

static void emit_rows(op_flatmap *f, const sl_row *in, uint32_t nrows)
{
    for (uint32_t j = 0; j < nrows; j++) {
        sl_row *r = sl_batch_add(f->base.out);
        for (uint32_t p = 0; p < f->nplain; p++) r->col[f->plain_col[p]] = f->plain_vals[p];
        for (uint32_t k = 0; k < f->nfns; k++)
            r->col[f->fns[k].col] = j < f->fns[k].nvals ? f->fns[k].vals[j] : sl_value_null();
        r->ts = in->ts;
        r->offset = in->offset;
        r->partition = in->partition;
        r->input = in->input;
        r->headers = in->headers;
        r->flags = in->flags;
        r->wstart = in->wstart;
        r->wend = in->wend;
    }
}

static sl_error *flatmap_push(sl_op *op, sl_batch *b, int port)
{
    (void)port;
    op_flatmap *f = (op_flatmap *)op;
    sl_batch_reset(op->out);
    for (uint32_t i = 0; i < b->n; i++) {
        const sl_row *row = &b->rows[i];
        sl_error *err = NULL;
        sl_prog_eval_all(f->plain, row, op->out->ar, f->plain_vals, &err);
        report(op, err);
        emit_rows(f, row, run_tablefns(f, row, op->out->ar));
    }
    return sl_op_emit(op, op->out);
}

static void flatmap_close(sl_op *op)
{
    op_flatmap *f = (op_flatmap *)op;
    for (uint32_t k = 0; k < f->nfns; k++) {
        sl_prog_free(f->fns[k].args);
        if (f->fns[k].state && f->fns[k].call->call->sig->fini)
            f->fns[k].call->call->sig->fini(f->fns[k].state);
    }
    sl_prog_free(f->plain);
    sl_batch_free(op->out);
}

const sl_op_vt sl_op_flatmap_vt = {
    .name = "flatmap",
    .size = sizeof(op_flatmap),
    .open = flatmap_open,
    .push = flatmap_push,
    .close = flatmap_close,
};
