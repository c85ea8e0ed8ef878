/*
 * join.c - planning FROM a JOIN b ON ... [JOIN c ON ...]: the steps, in
 * ksqlDB's order, that turn the join clauses into plan nodes and leave the
 * query context where a single-source FROM would leave it (the tail, the
 * sub-topology, the scope the rest of the statement binds against):
 *
 *   analyze      sources and ON clauses (join_check.c)
 *   levels       the kind of each join: stream-stream, stream-table,
 *                table-table on the key, foreign key (join_check.c)
 *   keys         equivalence sets, viable keys, the final key (join_key.c)
 *   build        sides, internal topics, JOIN nodes (join_side.c)
 *   scope        the joined row as the projection sees it (join_key.c)
 *
 * The projection then checks the key is selected; a join's message for a
 * missing key is key_missing below.
 */
#include "common/mem.h"
#include "planner/join_int.h"

#include <string.h>

static void join_list(sl_buf *b, const char *const *v, uint32_t n, const char *last)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i) sl_buf_puts(b, i == n - 1 ? last : ", ");
        sl_buf_puts(b, v[i]);
    }
}

/* A foreign key join's result is keyed by the left table's key: all of it must be selected. */
static sl_error *fk_key_missing(const jq *j, const bool *seen)
{
    const sl_source *l = j->srcs[0].src;
    const char **miss = SL_ARENA_ARRAY(j->q->pc->ar, const char *, l->nkey + 1);
    uint32_t n = 0;
    for (uint32_t k = 0; k < l->nkey; k++)
        if (!seen[k]) miss[n++] = sl_arena_printf(j->q->pc->ar, "`%s`", l->cols[k].name);
    sl_buf b = SL_BUF_INIT;
    join_list(&b, miss, n, ", ");
    const char *s = n == 1 ? "" : "s";
    sl_error *err = sl_error_new(SL_E_STATEMENT,
                                 "Primary key column%s missing in projection. For foreign-key "
                                 "table-table joins, the projection must include all primary key "
                                 "columns from the left input table (`%s`). Missing column%s: %s.",
                                 s, l->name, s, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return err;
}

/* ksqlDB: at least one of the columns equal to the key must be selected. */
static sl_error *key_missing(const sl_qctx *q, const bool *seen)
{
    const jq *j = q->join;
    if (q->grouped) return NULL; /* keyed by the GROUP BY now */
    if (j->jc[j->njc - 1].kind == JK_FK) return fk_key_missing(j, seen);
    const jlevel *lv = &j->lv[j->njc - 1];
    uint32_t n = lv->synthetic ? 1 : lv->nviable;
    const char **keys = SL_ARENA_ARRAY(q->pc->ar, const char *, n + 1);
    for (uint32_t i = 0; i < lv->nviable; i++) {
        sl_buf b = SL_BUF_INIT;
        sl_ast_ident_print(&b, j->srcs[lv->viable[i].src].alias);
        sl_buf_putc(&b, '.');
        sl_ast_ident_print(&b, sl_jq_col_name(j, lv->viable[i]));
        keys[i] = sl_arena_strdup(q->pc->ar, sl_buf_cstr(&b));
        sl_buf_free(&b);
    }
    if (lv->synthetic) keys[0] = j->synth;
    sl_buf b = SL_BUF_INIT;
    sl_buf_printf(&b,
                  "Key missing from projection (ie, SELECT).\nThe query used to build `%s` must "
                  "include the join expression%s ",
                  q->sink_name, n == 1 ? "" : "s");
    join_list(&b, keys, n, " or ");
    sl_buf_printf(&b, " in its projection (eg, SELECT %s...).", keys[0]);
    if (lv->synthetic)
        sl_buf_printf(&b,
                      "\n%s was added as a synthetic key column because the join criteria did "
                      "not match any source column. This expression must be included in the "
                      "projection and may be aliased. ",
                      j->synth);
    sl_error *err = sl_error_new(SL_E_STATEMENT, "%s", sl_buf_cstr(&b));
    sl_buf_free(&b);
    return err;
}

static void payload_widths(jq *j)
{
    for (uint32_t s = 0; s < j->nsrcs; s++) {
        jsrc *js = &j->srcs[s];
        js->npay = js->src->ncols + (js->pseudo ? 3 : 0) + (js->wbounds ? 2 : 0);
    }
}

/* Leaves the query context at the last join: its node, sub-topology and scope. */
static void finish(sl_qctx *q, jq *j)
{
    const jlevel *lv = &j->lv[j->njc - 1];
    q->tail = lv->tail;
    q->sub = lv->tail->sub;
    q->is_table = lv->is_table;
    q->from = j->srcs[0].src;
    q->from_alias = j->srcs[0].alias;
    q->windowed = j->srcs[0].src->windowed;
    sl_jq_scope(j, j->njc - 1, true, &q->scope);
    q->scope.windowed = q->windowed;
    q->nkey = lv->nkey;
    q->joined = true;
    q->key_missing = key_missing;
    q->join = j;
    q->key_what = "join expression";
}

sl_error *sl_q_join(sl_qctx *q)
{
    jq *j = SL_ARENA_NEW(q->pc->ar, jq);
    j->q = q;
    sl_error *err = sl_jq_analyze(j);
    if (err) return err;
    j->lv = SL_ARENA_ARRAY(q->pc->ar, jlevel, j->njc + 1);
    if ((err = sl_jq_check_levels(j))) return err;
    sl_jq_find_pseudo(j);
    payload_widths(j);
    if ((err = sl_jq_keys(j))) return err;
    sl_jq_choose_key(j);
    if ((err = sl_jq_build(j))) return err;
    finish(q, j);
    return NULL;
}

const char **sl_q_join_sources(const sl_qctx *q, sl_arena *ar, uint32_t *n)
{
    const jq *j = q->join;
    const char **names = SL_ARENA_ARRAY(ar, const char *, j->nsrcs + 1);
    for (uint32_t i = 0; i < j->nsrcs; i++)
        names[i] = j->srcs[i].src->name;
    *n = j->nsrcs;
    return names;
}

/* --- PARTITION BY after a join ---------------------------------------------------------- */

static const sl_scope_col *col_at(const sl_scope *sc, int32_t index)
{
    for (uint32_t i = 0; i < sc->ncols; i++)
        if (sc->cols[i].index == index) return &sc->cols[i];
    return NULL;
}

uint32_t sl_q_join_values(const sl_qctx *q, const bool *moved, sl_field *cols,
                          const sl_expr **exprs, uint32_t n)
{
    for (uint32_t i = 0; i < q->tail->ncols; i++) {
        const sl_scope_col *c = col_at(&q->scope, (int32_t)i);
        if (moved[i] || !c) continue; /* a new key, or a copy the key stands for */
        cols[n] = (sl_field){c->join_name ? c->join_name : c->name, c->type};
        exprs[n] = sl_expr_col_new(q->pc->ar, (int32_t)i, cols[n].name, cols[n].type);
        n++;
    }
    return n;
}

void sl_q_join_rescope(sl_qctx *q, const sl_scope *before, const sl_expr *const *exprs)
{
    const sl_pnode *n = q->tail;
    sl_scope_col *cols = SL_ARENA_ARRAY(q->pc->ar, sl_scope_col, n->ncols + 1);
    for (uint32_t i = 0; i < n->ncols; i++) {
        const sl_scope_col *c =
            exprs[i]->kind == SL_EX_COL ? col_at(before, exprs[i]->index) : NULL;
        if (c)
            cols[i] = *c;
        else
            cols[i] = (sl_scope_col){.name = n->cols[i].name, .join_name = n->cols[i].name};
        cols[i].type = n->cols[i].type;
        cols[i].index = (int32_t)i;
        cols[i].is_key = i < n->nkey;
        cols[i].no_star = false; /* ksqlDB's SELECT * shows pseudo columns past PARTITION BY */
    }
    q->scope.cols = cols;
    q->scope.ncols = n->ncols;
    q->nkey = n->nkey;
    q->key_missing = NULL; /* keyed by the PARTITION BY now */
    q->key_what = NULL;
}
