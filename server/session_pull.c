/*
 * session_pull.c - a pull query on a materialized table:
 *
 *   open (engine lock):  plan (planner/pull.c) ─> the table's pull store ─> a reader
 *                        on one RocksDB snapshot (the consistent cut every row comes from)
 *   fill (as the client reads):  entry ─decode─> stored row ─WHERE─> projection ─> qout row
 *
 * The row being read lives in an arena reset per row, so reading costs no
 * allocation per row; the answer is produced as the client takes it, so a
 * large scan never sits whole in memory.
 */
#include "server/session_int.h"
#include "common/logger.h"
#include "common/mem.h"

#include <stdlib.h>

/* Compiles WHERE and the projection over the stored row. */
static sl_error *compile(sl_session *s)
{
    sl_pull_plan *pp = s->pp;
    sl_error *err = NULL;
    if (pp->where) err = sl_expr_compile(pp->ar, pp->where, &s->where);
    if (!err) err = sl_expr_compile_list(pp->ar, pp->exprs, pp->ncols, &s->proj);
    if (err) return err;
    s->row_ar = sl_arena_new(0);
    s->tvals = SL_ARENA_ARRAY(pp->ar, sl_value, pp->tncols + 1);
    s->vals = SL_ARENA_ARRAY(pp->ar, sl_value, pp->ncols + 1);
    return NULL;
}

sl_error *sl_sess_pull_open(sl_session *s, sl_stmtctx *sx)
{
    sl_error *err = sl_plan_pull(&sx->pc, sx->st, &s->pp);
    if (err) return err;
    sl_pull_plan *pp = s->pp;
    s->cols = pp->cols;
    s->ncols = pp->ncols;
    s->limit = pp->limit;
    if ((err = compile(s))) return err;
    sl_qout_header(&s->out, s->fmt, s->id, pp->cols, pp->ncols, pp->is_key);
    sl_db_cf *cf = NULL;
    err = sl_pullstore_cf(s->eng->db, pp->query_id, false, &cf);
    if (err && err->code == SL_E_NOT_FOUND) { /* nothing written yet: an empty table */
        sl_error_free(err);
        sl_sess_finish(s, NULL);
        return NULL;
    }
    if (err) return err;
    if (s->limit == 0)
        sl_sess_finish(s, NULL);
    else
        s->rd = sl_pull_reader_new(s->eng->db, cf, &pp->acc);
    return NULL;
}

/* Decodes one entry and appends its result row when WHERE holds. */
static sl_error *one_row(sl_session *s, const uint8_t *k, size_t kl, const uint8_t *v, size_t vl)
{
    sl_pull_plan *pp = s->pp;
    sl_arena_reset(s->row_ar);
    sl_row row = {.col = s->tvals};
    sl_error *err =
        sl_pullstore_decode(k, kl, v, vl, pp->tcols, pp->tncols, pp->windowed, s->row_ar, &row);
    if (err) return err;
    if (s->where) {
        sl_value ok = sl_prog_eval(s->where, &row, s->row_ar, NULL);
        if (ok.null || !ok.u.i) return NULL;
    }
    sl_prog_eval_all(s->proj, &row, s->row_ar, s->vals, NULL);
    sl_qout_row(&s->out, s->fmt, pp->cols, pp->ncols, s->vals, false);
    if (s->limit >= 0 && ++s->sent >= s->limit) sl_sess_finish(s, NULL);
    return NULL;
}

void sl_sess_pull_fill(sl_session *s, size_t want)
{
    while (!s->done && s->out.len - s->off < want) {
        const uint8_t *k, *v;
        size_t kl, vl;
        sl_error *err = NULL;
        if (sl_pull_reader_next(s->rd, &k, &kl, &v, &vl))
            err = one_row(s, k, kl, v, vl);
        else if (!(err = sl_pull_reader_error(s->rd)))
            sl_sess_finish(s, NULL);
        if (err) {
            SL_WARN("pull query failed", "query=%s err=\"%s\"", s->id, err->msg);
            sl_qout_error(&s->out, s->fmt, sl_errcode_ksql(err->code), err->msg);
            sl_error_free(err);
            sl_sess_finish(s, NULL);
        }
    }
}

void sl_sess_pull_close(sl_session *s)
{
    sl_pull_reader_free(s->rd);
    sl_prog_free(s->where);
    sl_prog_free(s->proj);
    sl_arena_free(s->row_ar);
    sl_pull_plan_free(s->pp);
}
