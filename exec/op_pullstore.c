/*
 * op_pullstore.c - PULLSTORE: rows pass through unchanged on their way to the
 * sink; on the side, the latest row per key goes to the pull store at commit
 * (layout: exec/pullstore.h).
 *
 *   push:   row ──> next operator (the same batch)
 *            └──> log: (key bytes, value bytes | delete, seq) appended
 *   flush:  sort the log by (key, seq) ──> per key the last entry ──> put/delete
 *           into the commit's batch, in key order ──> log emptied
 *
 * The log is two growing buffers (bytes and entries), so a row costs no
 * allocation once they have grown to a commit interval's size; nothing is kept
 * between commits, the store is the state (no restore when a task starts).
 * Retractions (the old row of a table update) are not rows of the table and
 * are skipped; a tombstone deletes its key.
 */
#include "common/mem.h"
#include "exec/log.h"
#include "exec/op.h"
#include "exec/pullstore.h"
#include "exec/query_int.h"
#include "exec/task.h"

#include <stdlib.h>
#include <string.h>

#define DELETED UINT32_MAX

typedef struct entry {
    uint32_t koff, klen;
    uint32_t voff, vlen; /* vlen DELETED: a tombstone */
    uint32_t seq;
} entry;

typedef struct op_pull {
    sl_op base;
    sl_db_cf *cf; /* NULL: no database (memory-only runtime): nothing to keep */
    sl_buf bytes; /* keys and values of the interval's rows */
    entry *log;
    size_t nlog, caplog;
} op_pull;

static int cmp_entry(const void *x, const void *y, void *ctx)
{
    const entry *a = x, *b = y;
    const sl_buf *sorting = ctx;
    size_t n = a->klen < b->klen ? a->klen : b->klen;
    int c = memcmp(sorting->p + a->koff, sorting->p + b->koff, n);
    if (!c) c = (a->klen > b->klen) - (a->klen < b->klen);
    return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

static void record(op_pull *p, const sl_row *row)
{
    const sl_pnode *n = p->base.node;
    const sl_pn_pullstore *ps = &n->u.pull;
    SL_GROW(p->log, p->caplog, p->nlog + 1);
    entry *e = &p->log[p->nlog];
    e->seq = (uint32_t)p->nlog;
    e->koff = (uint32_t)p->bytes.len;
    bool windowed = ps->windowed && (row->flags & SL_ROW_WINDOWED);
    sl_pullstore_key(&p->bytes, n->cols, n->nkey, row->col, windowed, row->wstart, row->wend);
    e->klen = (uint32_t)(p->bytes.len - e->koff);
    e->voff = (uint32_t)p->bytes.len;
    if (row->flags & SL_ROW_TOMBSTONE) {
        e->vlen = DELETED;
    } else {
        int64_t ts = row->ts;
        if (ps->ts_col >= 0 && !row->col[ps->ts_col].null) ts = row->col[ps->ts_col].u.i;
        sl_pullstore_value(&p->bytes, n->cols, n->ncols, row->col, ts);
        e->vlen = (uint32_t)(p->bytes.len - e->voff);
    }
    p->nlog++;
}

static sl_error *pull_push(sl_op *op, sl_batch *b, int port)
{
    (void)port;
    op_pull *p = (op_pull *)op;
    if (p->cf)
        for (uint32_t i = 0; i < b->n; i++)
            if (!(b->rows[i].flags & SL_ROW_RETRACT)) record(p, &b->rows[i]);
    if (!op->next || b->n == 0) return NULL;
    return op->next->vt->push(op->next, b, op->next_port);
}

static sl_error *pull_flush(sl_op *op, sl_db_batch *batch)
{
    op_pull *p = (op_pull *)op;
    if (!p->nlog) return NULL;
    qsort_r(p->log, p->nlog, sizeof *p->log, cmp_entry, &p->bytes);
    for (size_t i = 0; i < p->nlog; i++) {
        const entry *e = &p->log[i];
        if (i + 1 < p->nlog && e->klen == p->log[i + 1].klen &&
            memcmp(p->bytes.p + e->koff, p->bytes.p + p->log[i + 1].koff, e->klen) == 0)
            continue; /* a later row of the same key wins */
        if (e->vlen == DELETED)
            sl_db_batch_delete(batch, p->cf, p->bytes.p + e->koff, e->klen);
        else
            sl_db_batch_put(batch, p->cf, p->bytes.p + e->koff, e->klen, p->bytes.p + e->voff,
                            e->vlen);
    }
    p->nlog = 0;
    sl_buf_reset(&p->bytes);
    return NULL;
}

static sl_error *pull_open(sl_op *op)
{
    op_pull *p = (op_pull *)op;
    sl_db *db = op->task->worker->q->rt->opts.db;
    if (!db) return NULL;
    return sl_pullstore_cf(db, op->task->plan->query_id, true, &p->cf);
}

static void pull_close(sl_op *op)
{
    op_pull *p = (op_pull *)op;
    sl_buf_free(&p->bytes);
    free(p->log);
}

const sl_op_vt sl_op_pullstore_vt = {
    .name = "pullstore",
    .size = sizeof(op_pull),
    .open = pull_open,
    .push = pull_push,
    .flush = pull_flush,
    .close = pull_close,
};
