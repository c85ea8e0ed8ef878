/*
 * transient.c - planning a bare SELECT that runs as a transient query: a push
 * query, or a pull query on a stream (a bounded scan of its topic).
 *
 *   FROM ──> WHERE ──> ... ──> SELECT ──> PROJECT (tombstones evaluated too) ──> CALLBACK
 *   (the persistent query's chain, query.c)                                  rows to the client
 *
 * The projection keeps the select order and has no key (projection.c's
 * transient mode); * names a windowed row's WINDOWSTART and WINDOWEND after
 * its key. Pull queries first pass ksqlDB's PullQueryValidator rules, shared
 * with pull.c.
 */
#include "common/mem.h"
#include "planner/planner_int.h"

#include <string.h>

#define PULL_HELP                                                                                  \
    " See https://cnfl.io/queries for more info.\nAdd EMIT CHANGES if you intended to issue a "    \
    "push query."

bool sl_plan_is_pull(const sl_ast_stmt *st)
{
    return st->kind == SL_STMT_QUERY && st->query->emit == SL_EMIT_NONE;
}

static sl_error *pull_error(const char *what)
{
    return sl_error_new(SL_E_STATEMENT, "%s" PULL_HELP, what);
}

sl_error *sl_q_pull_validate(const sl_ast_query *aq)
{
    if (aq->joins.n) return pull_error("Pull queries don't support JOIN clauses.");
    if (aq->window) return pull_error("Pull queries don't support WINDOW clauses.");
    if (aq->group_by) return pull_error("Pull queries don't support GROUP BY clauses.");
    if (aq->partition_by) return pull_error("Pull queries don't support PARTITION BY clauses.");
    if (aq->having) return pull_error("Pull queries don't support HAVING clauses.");
    if (aq->has_limit && aq->limit < 0)
        return pull_error("Pull queries don't support negative integers in the LIMIT clause.");
    return NULL;
}

/* Appends to names (", "-separated, backquoted) the disallowed pseudo columns e reads. */
static void disallowed(const sl_expr *e, sl_buf *names)
{
    if (!e) return;
    if (e->kind == SL_EX_SYSCOL &&
        (e->index == SL_SYSCOL_ROWPARTITION || e->index == SL_SYSCOL_ROWOFFSET)) {
        const char *n = e->index == SL_SYSCOL_ROWPARTITION ? "`ROWPARTITION`" : "`ROWOFFSET`";
        if (!strstr(sl_buf_cstr(names), n)) sl_buf_printf(names, "%s%s", names->len ? ", " : "", n);
    }
    for (uint32_t i = 0; i < e->nargs; i++)
        disallowed(e->args[i], names);
}

sl_error *sl_q_pull_columns(const sl_expr *const *items, uint32_t n, const sl_expr *where)
{
    sl_buf names = SL_BUF_INIT;
    for (uint32_t i = 0; i < n; i++)
        disallowed(items[i], &names);
    const char *clause = "SELECT";
    if (!names.len) {
        disallowed(where, &names);
        clause = "WHERE";
    }
    sl_error *err = NULL;
    if (names.len)
        err = sl_error_new(SL_E_STATEMENT,
                           "Pull queries don't support the following columns in %s clauses: "
                           "%s\n" PULL_HELP,
                           clause, sl_buf_cstr(&names));
    sl_buf_free(&names);
    return err;
}

/* The WHERE predicate the chain built, if any. */
static const sl_expr *chain_where(const sl_plan *plan)
{
    for (uint32_t i = 0; i < plan->nnodes; i++)
        if (plan->nodes[i]->kind == SL_PN_FILTER) return plan->nodes[i]->u.filter.pred;
    return NULL;
}

static sl_error *check_limit(const sl_ast_query *aq)
{
    if (aq->has_limit && aq->limit < 0)
        return sl_error_new(SL_E_STATEMENT, "LIMIT must not be negative: %lld",
                            (long long)aq->limit);
    return NULL;
}

/* The result PROJECT and the CALLBACK after the chain. A WHERE on a table deletes only
 * keys it let through before (a key it never showed needs no tombstone). */
static void finish(sl_qctx *q)
{
    for (uint32_t i = 0; i < q->plan->nnodes; i++)
        if (q->plan->nodes[i]->kind == SL_PN_FILTER && q->plan->nodes[i]->is_table)
            q->plan->nodes[i]->u.filter.track_keys = true;
    sl_pnode *proj = sl_q_append(q, SL_PN_PROJECT, q->out, q->nout, 0);
    proj->u.project.exprs = (const sl_expr **)q->out_exprs;
    proj->u.project.eval_tombstones = true;
    proj->label = "Project";
    sl_pnode *cb = sl_q_append(q, SL_PN_CALLBACK, q->out, q->nout, 0);
    cb->label = "TransientSink";
}

sl_error *sl_plan_transient(sl_planctx *pc, const sl_ast_stmt *st, const char *query_id,
                            sl_transient *out)
{
    memset(out, 0, sizeof *out);
    if (st->kind != SL_STMT_QUERY)
        return sl_error_new(SL_E_STATEMENT, "not a query: %s", sl_ast_stmt_kind_name(st->kind));
    sl_qctx q = {.pc = pc, .st = st, .q = st->query, .transient = true, .query_id = query_id};
    bool pull = sl_plan_is_pull(st);
    sl_ast_query global = *st->query;
    if (!pull && !global.group_by && sl_q_is_aggregate(&global)) {
        /* a push query may aggregate without GROUP BY: every row is in one group */
        global.group_by = SL_ARENA_NEW(pc->ar, sl_ast_expr_list);
        q.q = &global;
    }
    sl_error *err = pull ? sl_q_pull_validate(q.q) : check_limit(q.q);
    if (err) return err;
    q.plan = sl_plan_new(query_id);
    sl_planctx plan_pc = *pc;
    plan_pc.ar = q.plan->ar;
    q.pc = &plan_pc;
    err = sl_q_plan_chain(&q);
    if (!err && pull && q.from->is_table)
        err = sl_error_new(SL_E_INTERNAL, "a pull query on table %s is not a transient query",
                           q.from->name);
    if (!err && pull)
        err = sl_q_pull_columns((const sl_expr *const *)q.out_exprs, q.nout, chain_where(q.plan));
    if (err) {
        sl_plan_free(q.plan);
        return err;
    }
    finish(&q);
    out->plan = q.plan;
    out->cols = q.out;
    out->ncols = q.nout;
    out->is_table = q.is_table;
    out->pull = pull;
    out->from = sl_arena_strdup(q.plan->ar, q.from->name);
    out->topic = sl_arena_strdup(q.plan->ar, q.from->topic);
    out->limit = q.q->has_limit ? q.q->limit : -1;
    return NULL;
}
