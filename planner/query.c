/*
 * query.c - planning persistent queries (CREATE STREAM|TABLE AS SELECT, INSERT
 * INTO ... SELECT) into a physical plan, step by step in ksqlDB's order:
 *
 *   FROM source ──> WHERE ──> table functions ──> PARTITION BY ──> SELECT ──> sink
 *   (SOURCE)        (FILTER)  (FLATMAP)           (PROJECT: re-key) (PROJECT)  (SINK)
 *
 * Each step appends a node and describes its output row as the scope the next
 * step binds against (sl_qctx.scope). A stateless PARTITION BY needs no
 * internal topic: the projection carries the new key and the sink partitions
 * by it. Aggregations and joins add their steps in aggregate.c and join.c.
 */
#include "common/mem.h"
#include "exec/func.h"
#include "planner/planner_int.h"

#include <stdio.h>
#include <string.h>

sl_pnode *sl_q_append(sl_qctx *q, sl_pnode_kind kind, const sl_field *cols, uint32_t ncols,
                      uint32_t nkey)
{
    sl_pnode *n = sl_plan_add(q->plan, kind, q->sub, cols, ncols, nkey);
    n->is_table = q->is_table;
    if (q->tail) sl_plan_link(q->tail, n, 0);
    q->tail = n;
    return n;
}

void sl_q_scope_from_tail(sl_qctx *q, const char *qualifier)
{
    sl_arena *ar = q->pc->ar;
    const sl_pnode *n = q->tail;
    q->scope.cols = SL_ARENA_ARRAY(ar, sl_scope_col, n->ncols + 1);
    q->scope.ncols = n->ncols;
    for (uint32_t i = 0; i < n->ncols; i++)
        q->scope.cols[i] = (sl_scope_col){n->cols[i].name, qualifier, n->cols[i].type, (int32_t)i,
                                          i < n->nkey};
    q->nkey = n->nkey;
}

static bool name_in_use(const sl_qctx *q, const char *name)
{
    for (uint32_t i = 0; i < q->scope.ncols; i++)
        if (strcmp(q->scope.cols[i].name, name) == 0) return true;
    for (uint32_t i = 0; i < q->nout; i++)
        if (q->out[i].name && strcmp(q->out[i].name, name) == 0) return true;
    return false;
}

const char *sl_q_ksql_col(sl_qctx *q)
{
    for (;;) {
        char *name = sl_arena_printf(q->pc->ar, "KSQL_COL_%u", q->ksql_col_seq++);
        if (!name_in_use(q, name)) return name;
    }
}

const char *sl_q_derived_name(const sl_ast_expr *e)
{
    if (e->kind == SL_AST_COLUMN) return e->column.name.text;
    if (e->kind == SL_AST_DEREF) return e->deref.field.text;
    return NULL;
}

/* --- FROM ------------------------------------------------------------------------------ */

/* Marks the value columns the query names (all of them for SELECT *). */
static void collect_names(const sl_ast_expr *e, const char **names, uint32_t *n, uint32_t cap);

static void collect_list(const sl_ast_expr_list *l, const char **names, uint32_t *n, uint32_t cap)
{
    for (uint32_t i = 0; l && i < l->n; i++) collect_names(l->v[i], names, n, cap);
}

static void collect_names(const sl_ast_expr *e, const char **names, uint32_t *n, uint32_t cap)
{
    if (!e || *n >= cap) return;
    switch (e->kind) {
    case SL_AST_COLUMN: names[(*n)++] = e->column.name.text; return;
    case SL_AST_DEREF: collect_names(e->deref.base, names, n, cap); return;
    case SL_AST_SUBSCRIPT:
        collect_names(e->subscript.base, names, n, cap);
        collect_names(e->subscript.index, names, n, cap);
        return;
    case SL_AST_UNARY: collect_names(e->unary.arg, names, n, cap); return;
    case SL_AST_BINARY:
        collect_names(e->binary.left, names, n, cap);
        collect_names(e->binary.right, names, n, cap);
        return;
    case SL_AST_COMPARE:
        collect_names(e->compare.left, names, n, cap);
        collect_names(e->compare.right, names, n, cap);
        return;
    case SL_AST_LOGIC: collect_list(&e->logic.args, names, n, cap); return;
    case SL_AST_NOT: collect_names(e->not_arg, names, n, cap); return;
    case SL_AST_IS_NULL: collect_names(e->is_null.arg, names, n, cap); return;
    case SL_AST_BETWEEN:
        collect_names(e->between.value, names, n, cap);
        collect_names(e->between.low, names, n, cap);
        collect_names(e->between.high, names, n, cap);
        return;
    case SL_AST_IN:
        collect_names(e->in.value, names, n, cap);
        collect_list(&e->in.list, names, n, cap);
        return;
    case SL_AST_LIKE:
        collect_names(e->like.value, names, n, cap);
        collect_names(e->like.pattern, names, n, cap);
        return;
    case SL_AST_CASE:
        collect_names(e->case_.operand, names, n, cap);
        for (uint32_t i = 0; i < e->case_.whens.n; i++) {
            collect_names(e->case_.whens.v[i].cond, names, n, cap);
            collect_names(e->case_.whens.v[i].result, names, n, cap);
        }
        collect_names(e->case_.else_, names, n, cap);
        return;
    case SL_AST_CAST: collect_names(e->cast.arg, names, n, cap); return;
    case SL_AST_ARRAY: collect_list(&e->array, names, n, cap); return;
    case SL_AST_MAP:
        for (uint32_t i = 0; i < e->map.n; i++) {
            collect_names(e->map.v[i].key, names, n, cap);
            collect_names(e->map.v[i].value, names, n, cap);
        }
        return;
    case SL_AST_STRUCT:
        for (uint32_t i = 0; i < e->struct_.n; i++) collect_names(e->struct_.v[i].value, names, n, cap);
        return;
    case SL_AST_CALL: collect_list(&e->call.args, names, n, cap); return;
    case SL_AST_LAMBDA: collect_names(e->lambda.body, names, n, cap); return;
    case SL_AST_AT_TIME_ZONE: collect_names(e->at_tz.arg, names, n, cap); return;
    default: return;
    }
}

/* The value columns the query reads, so the decoder skips the rest (NULL: all). */
static bool *needed_value_columns(sl_qctx *q, const sl_source *src)
{
    const sl_ast_query *aq = q->q;
    for (uint32_t i = 0; i < aq->items.n; i++)
        if (aq->items.v[i].kind == SL_SELECT_ALL) return NULL;
    uint32_t cap = 4096, n = 0;
    const char **names = SL_ARENA_ARRAY(q->pc->ar, const char *, cap);
    for (uint32_t i = 0; i < aq->items.n; i++) collect_names(aq->items.v[i].expr, names, &n, cap);
    collect_names(aq->where, names, &n, cap);
    collect_names(aq->having, names, &n, cap);
    collect_list(aq->group_by, names, &n, cap);
    collect_list(aq->partition_by, names, &n, cap);
    for (uint32_t j = 0; j < aq->joins.n; j++) collect_names(aq->joins.v[j].on, names, &n, cap);
    if (n >= cap) return NULL;
    bool *needed = SL_ARENA_ARRAY(q->pc->ar, bool, src->ncols + 1);
    uint32_t v = 0;
    for (uint32_t c = 0; c < src->ncols; c++) {
        if (src->cols[c].role != SL_COLROLE_VALUE) continue;
        bool hit = src->ts_col && strcmp(src->ts_col, src->cols[c].name) == 0;
        for (uint32_t k = 0; k < n && !hit; k++) hit = strcmp(names[k], src->cols[c].name) == 0;
        needed[v++] = hit;
    }
    return needed;
}

/* The event-time expression of a source row: the TIMESTAMP column, parsed with
 * TIMESTAMP_FORMAT when it is a string. */
static sl_error *event_time(sl_qctx *q, const sl_source *src, sl_pnode *n)
{
    n->u.source.ts.col = -1;
    if (!src->ts_col) return NULL;
    int i = sl_source_col(src, src->ts_col);
    sl_expr *col = sl_expr_col_new(q->plan->ar, i, src->cols[i].name, src->cols[i].type);
    n->u.source.ts.col = i;
    if (!src->ts_format) {
        n->u.source.ts.expr = col;
        return NULL;
    }
    sl_expr *args[2] = {col, sl_expr_lit_string(q->plan->ar, src->ts_format, strlen(src->ts_format))};
    sl_expr *call;
    sl_error *err = sl_expr_call_new(q->plan->ar, "STRINGTOTIMESTAMP", args, 2, &call);
    n->u.source.ts.expr = call;
    return err;
}

/* Adds a SOURCE node reading src (in sub-topology q->sub) and makes it the tail. */
sl_error *sl_q_source(sl_qctx *q, const sl_source *src, const char *alias, sl_pnode **out);

sl_error *sl_q_source(sl_qctx *q, const sl_source *src, const char *alias, sl_pnode **out)
{
    sl_arena *ar = q->plan->ar;
    sl_field *cols = SL_ARENA_ARRAY(ar, sl_field, src->ncols + 1);
    for (uint32_t i = 0; i < src->ncols; i++)
        cols[i] = (sl_field){sl_arena_strdup(ar, src->cols[i].name), sl_type_copy(ar, src->cols[i].type)};
    q->tail = NULL;
    q->is_table = src->is_table;
    sl_pnode *n = sl_q_append(q, SL_PN_SOURCE, cols, src->ncols, src->nkey);
    sl_pn_source *s = &n->u.source;
    s->topic = sl_arena_strdup(ar, src->topic);
    s->name = sl_arena_strdup(ar, src->name);
    s->is_table = src->is_table;
    s->map = SL_ARENA_ARRAY(ar, sl_colmap, src->ncols + 1);
    for (uint32_t i = 0, k = 0, v = 0; i < src->ncols; i++) {
        const sl_column *c = &src->cols[i];
        sl_colsrc cs = c->role == SL_COLROLE_KEY      ? SL_COLSRC_KEY
                       : c->role == SL_COLROLE_VALUE  ? SL_COLSRC_VALUE
                       : c->role == SL_COLROLE_HEADER ? SL_COLSRC_HEADER
                                                      : SL_COLSRC_HEADERS;
        s->map[i] = (sl_colmap){cs, cs == SL_COLSRC_KEY ? k++ : cs == SL_COLSRC_VALUE ? v++ : 0,
                                c->header ? sl_arena_strdup(ar, c->header) : NULL};
    }
    if (src->windowed) {
        sl_serde_window *w = SL_ARENA_NEW(ar, sl_serde_window);
        *w = src->window;
        s->window = w;
        q->windowed = true;
    }
    n->label = "KsqlTopic/Source";
    sl_plan_add_source(q->plan, n);
    sl_error *err = event_time(q, src, n);
    if (!err) err = sl_plan_source_serdes(src, needed_value_columns(q, src), &s->key, &s->value);
    sl_q_scope_from_tail(q, alias);
    q->scope.windowed = q->windowed;
    *out = n;
    return err;
}

/* --- WHERE ----------------------------------------------------------------------------- */

static sl_error *where(sl_qctx *q)
{
    if (!q->q->where) return NULL;
    sl_scope sc = q->scope;
    sc.clause = "WHERE";
    sl_expr *pred;
    sl_error *err = sl_bind_expr(q->pc, &sc, q->q->where, &pred);
    if (err && (strstr(err->msg, "column 'WINDOWSTART'") || strstr(err->msg, "column 'WINDOWEND'"))) {
        const char *which = strstr(err->msg, "WINDOWSTART") ? "WINDOWSTART" : "WINDOWEND";
        sl_error_free(err);
        return sl_error_new(SL_E_STATEMENT, "Error in WHERE expression: Unknown column %s.", which);
    }
    if (err) {
        if (err->code == SL_E_TYPE) err = sl_error_prefix(err, "Error in WHERE expression: ");
        return err;
    }
    if (pred->type->kind != SL_K_BOOLEAN && pred->type->kind != SL_K_NULL) {
        sl_buf b = SL_BUF_INIT, t = SL_BUF_INIT;
        sl_expr_print(&b, pred);
        sl_type_print(&t, pred->type);
        err = sl_error_new(SL_E_STATEMENT,
                           "Type error in WHERE expression: Should evaluate to boolean but is %s "
                           "(%s) instead.",
                           sl_buf_cstr(&b), sl_buf_cstr(&t));
        sl_buf_free(&b);
        sl_buf_free(&t);
        return err;
    }
    sl_pnode *n = sl_q_append(q, SL_PN_FILTER, q->tail->cols, q->tail->ncols, q->tail->nkey);
    n->u.filter.pred = pred;
    n->retracting = n->in[0]->retracting;
    /* a table join's output carries no old rows: a miss deletes only a key that matched */
    n->u.filter.track_keys = q->joined && q->is_table;
    n->label = "WhereFilter";
    return NULL;
}

/* --- table functions ------------------------------------------------------------------- */

static bool has_tablefn(const sl_ast_expr *e)
{
    if (!e) return false;
    if (e->kind == SL_AST_CALL) {
        const sl_fn_def *d = sl_fn_lookup(e->call.name.text);
        if (d && d->kind == SL_FN_TABLE) return true;
        for (uint32_t i = 0; i < e->call.args.n; i++)
            if (has_tablefn(e->call.args.v[i])) return true;
    }
    if (e->kind == SL_AST_CAST) return has_tablefn(e->cast.arg);
    if (e->kind == SL_AST_BINARY) return has_tablefn(e->binary.left) || has_tablefn(e->binary.right);
    if (e->kind == SL_AST_DEREF) return has_tablefn(e->deref.base);
    if (e->kind == SL_AST_SUBSCRIPT) return has_tablefn(e->subscript.base);
    return false;
}

/* on_table callback: the call's values arrive as a new column of the FLATMAP row. */
static sl_error *bind_tablefn(void *ctx, const sl_scope *sc, const sl_ast_expr *call, sl_expr **out)
{
    sl_qctx *q = ctx;
    for (uint32_t i = 0; i < q->ntfns; i++)
        if (sl_ast_expr_eq(q->tfns[i].call, call)) {
            *out = sl_expr_col_new(q->pc->ar, q->tfns[i].col, "", q->tfns[i].bound->type);
            return NULL;
        }
    sl_expr **args;
    uint32_t n;
    sl_scope pre = *sc;
    pre.on_table = NULL;
    sl_error *err = sl_bind_call_args(q->pc, &pre, call, &args, &n);
    sl_expr *bound;
    if (!err) err = sl_expr_call_new(q->pc->ar, call->call.name.text, args, n, &bound);
    if (err) return err;
    sl_tablefn_use *u = &q->tfns[q->ntfns++];
    u->call = call;
    u->bound = bound;
    u->col = (int32_t)(q->scope.ncols + q->ntfns - 1);
    *out = sl_expr_col_new(q->pc->ar, u->col, "", bound->type);
    return NULL;
}

/* Adds the FLATMAP step when the select list calls table functions. Its row is the input
 * row plus one column per table function call; select items bind to those columns. */
static sl_error *table_functions(sl_qctx *q)
{
    bool any = false;
    for (uint32_t i = 0; i < q->q->items.n; i++) any |= has_tablefn(q->q->items.v[i].expr);
    if (!any) return NULL;
    if (q->is_table) return sl_error_new(SL_E_STATEMENT, "Table source is not supported with table functions");
    if (q->q->group_by) return sl_error_new(SL_E_STATEMENT, "Table functions cannot be used with aggregations.");
    q->tfns = SL_ARENA_ARRAY(q->pc->ar, sl_tablefn_use, q->q->items.n * 4 + 4);
    q->scope.on_table = bind_tablefn;
    q->scope.ctx = q;
    /* bind every select item once now, to collect the calls (the projection rebinds) */
    for (uint32_t i = 0; i < q->q->items.n; i++) {
        const sl_ast_select_item *it = &q->q->items.v[i];
        if (it->kind != SL_SELECT_EXPR || !has_tablefn(it->expr)) continue;
        sl_expr *e;
        sl_error *err = sl_bind_expr(q->pc, &q->scope, it->expr, &e);
        if (err) return err;
    }
    sl_arena *ar = q->plan->ar;
    uint32_t nin = q->tail->ncols, n = nin + q->ntfns;
    sl_field *cols = SL_ARENA_ARRAY(ar, sl_field, n + 1);
    memcpy(cols, q->tail->cols, nin * sizeof *cols);
    const sl_expr **exprs = SL_ARENA_ARRAY(ar, const sl_expr *, n + 1);
    bool *is_fn = SL_ARENA_ARRAY(ar, bool, n + 1);
    for (uint32_t i = 0; i < nin; i++)
        exprs[i] = sl_expr_col_new(ar, (int32_t)i, cols[i].name, cols[i].type);
    for (uint32_t k = 0; k < q->ntfns; k++) {
        cols[nin + k] = (sl_field){sl_arena_printf(ar, "$TF%u", k), q->tfns[k].bound->type};
        exprs[nin + k] = q->tfns[k].bound;
        is_fn[nin + k] = true;
    }
    sl_tablefn_use *keep = q->tfns;
    uint32_t nkeep = q->ntfns;
    const char *qual = q->scope.ncols ? q->scope.cols[0].source : NULL;
    sl_pnode *node = sl_q_append(q, SL_PN_FLATMAP, cols, n, q->tail->nkey);
    node->u.flatmap.exprs = exprs;
    node->u.flatmap.is_tablefn = is_fn;
    node->label = "FlatMap";
    sl_q_scope_from_tail(q, qual);
    q->tfns = keep;
    q->ntfns = nkeep;
    q->scope.on_table = bind_tablefn;
    q->scope.ctx = q;
    return NULL;
}

/* --- PARTITION BY ---------------------------------------------------------------------- */

static sl_error *partition_exprs(sl_qctx *q, sl_expr ***keys, uint32_t *nkeys, bool *null_key)
{
    const sl_ast_expr_list *pb = q->q->partition_by;
    if (pb->n == 0) return sl_error_new(SL_E_STATEMENT, "PARTITION BY requires at least one expression");
    if (q->is_table) return sl_error_new(SL_E_STATEMENT, "Invalid use of PARTITION BY on a table");
    sl_scope sc = q->scope;
    sc.clause = "PARTITION BY";
    *keys = SL_ARENA_ARRAY(q->pc->ar, sl_expr *, pb->n + 1);
    *nkeys = pb->n;
    *null_key = false;
    for (uint32_t i = 0; i < pb->n; i++) {
        const sl_ast_expr *e = pb->v[i];
        if (e->kind == SL_AST_LITERAL && e->lit.kind == SL_LIT_NULL) {
            if (pb->n > 1) return sl_error_new(SL_E_STATEMENT, "Cannot PARTITION BY multiple columns including NULL");
            *null_key = true;
            return NULL;
        }
        sl_error *err = sl_bind_expr(q->pc, &sc, e, &(*keys)[i]);
        if (err) return err;
    }
    return NULL;
}

/* Re-keys the row: new key columns from the PARTITION BY expressions, then every value
 * column except those that became keys, then the old key columns as values. */
static sl_error *partition_by(sl_qctx *q)
{
    if (!q->q->partition_by) return NULL;
    sl_expr **keys = NULL;
    uint32_t nk = 0;
    bool null_key = false;
    sl_error *err = partition_exprs(q, &keys, &nk, &null_key);
    if (err) return err;
    sl_arena *ar = q->plan->ar;
    uint32_t nin = q->tail->ncols, cap = nin + nk + 1, n = 0;
    sl_field *cols = SL_ARENA_ARRAY(ar, sl_field, cap);
    const sl_expr **exprs = SL_ARENA_ARRAY(ar, const sl_expr *, cap);
    bool *moved = SL_ARENA_ARRAY(q->pc->ar, bool, cap);
    const sl_ast_expr_list *pb = q->q->partition_by;
    q->keyx = SL_ARENA_ARRAY(q->pc->ar, const sl_ast_expr *, nk + 1);
    q->keycol = SL_ARENA_ARRAY(q->pc->ar, int32_t, nk + 1);
    q->nkeyx = 0;
    for (uint32_t i = 0; i < nk && !null_key; i++) {
        const char *name = sl_q_derived_name(pb->v[i]);
        if (keys[i]->kind == SL_EX_COL) moved[keys[i]->index] = true;
        cols[n] = (sl_field){name ? sl_arena_strdup(ar, name) : sl_q_ksql_col(q), keys[i]->type};
        exprs[n] = keys[i];
        q->keyx[q->nkeyx] = pb->v[i];
        q->keycol[q->nkeyx++] = (int32_t)n;
        n++;
    }
    uint32_t newkeys = n;
    if (q->joined) n = sl_q_join_values(q, moved, cols, exprs, n);
    for (uint32_t i = q->nkey; i < nin && !q->joined; i++) /* value columns that stay values */
        if (!moved[i]) {
            cols[n] = q->tail->cols[i];
            exprs[n] = sl_expr_col_new(ar, (int32_t)i, cols[n].name, cols[n].type);
            n++;
        }
    for (uint32_t i = 0; i < q->nkey && !q->joined; i++) /* old key columns become values... */
        if (!moved[i]) { /* ...unless one is the new key itself */
            cols[n] = q->tail->cols[i];
            exprs[n] = sl_expr_col_new(ar, (int32_t)i, cols[n].name, cols[n].type);
            n++;
        }
    const char *qual = q->scope.ncols ? q->scope.cols[0].source : NULL;
    sl_tablefn_use *tf = q->tfns;
    uint32_t ntf = q->ntfns;
    sl_scope before = q->scope;
    sl_pnode *node = sl_q_append(q, SL_PN_PROJECT, cols, n, newkeys);
    node->u.project.exprs = exprs;
    node->u.project.rekey = true;
    node->label = "PartitionBy-SelectKey";
    if (q->joined) sl_q_join_rescope(q, &before, exprs);
    else sl_q_scope_from_tail(q, qual);
    q->tfns = tf;
    q->ntfns = ntf;
    q->scope.subst = q->keyx;
    q->scope.subst_col = q->keycol;
    q->scope.nsubst = q->nkeyx;
    return NULL;
}

/* --- the statement ----------------------------------------------------------------------- */

static sl_error *resolve_from(sl_qctx *q)
{
    const sl_ast_relation *r = &q->q->from;
    q->from = sl_catalog_source(q->pc->cat, r->name.text);
    if (!q->from)
        return sl_error_new(SL_E_STATEMENT, "%s does not exist.", r->name.text);
    q->from_alias = r->alias.text ? r->alias.text : q->from->name;
    return NULL;
}

/* The FROM: one source, or the joins of several (join.c). */
static sl_error *from(sl_qctx *q)
{
    if (q->q->joins.n) return sl_q_join(q);
    q->sub = sl_plan_add_sub(q->plan, q->from->partitions);
    sl_pnode *src;
    sl_error *err = sl_q_source(q, q->from, q->from_alias, &src);
    if (!err && q->from->is_table && sl_q_is_aggregate(q->q)) sl_q_materialize(q);
    return err;
}

sl_error *sl_q_plan_chain(sl_qctx *q)
{
    sl_error *err = resolve_from(q);
    if (!err) err = from(q);
    if (!err) err = where(q);
    if (!err) err = table_functions(q);
    if (!err) err = partition_by(q);
    if (!err) err = sl_q_aggregate(q);
    if (!err) err = sl_q_projection(q);
    return err;
}

const char *sl_plan_query_id(sl_arena *ar, const sl_ast_stmt *st, uint64_t seq)
{
    if (st->kind == SL_STMT_INSERT_INTO)
        return sl_arena_printf(ar, "INSERTQUERY_%llu", (unsigned long long)seq);
    return sl_arena_printf(ar, "%s_%s_%llu", st->create_as.is_table ? "CTAS" : "CSAS",
                           st->create_as.name.text, (unsigned long long)seq);
}

sl_error *sl_plan_persistent(sl_planctx *pc, const sl_ast_stmt *st, const char *query_id,
                             sl_persistent *out)
{
    memset(out, 0, sizeof *out);
    sl_qctx q = {.pc = pc, .st = st};
    bool create = st->kind == SL_STMT_CREATE_AS;
    q.q = create ? st->create_as.query : st->insert_into.query;
    q.sink_name = create ? st->create_as.name.text : st->insert_into.target.text;
    q.sink_is_table = create && st->create_as.is_table;
    q.query_id = query_id;
    if (create && st->create_as.if_not_exists && sl_catalog_source(pc->cat, q.sink_name)) {
        out->exists = true;
        return NULL;
    }
    if (q.q->has_limit)
        return sl_error_new(SL_E_STATEMENT, "CREATE %s AS SELECT statements don't support LIMIT clause.",
                            q.sink_is_table ? "TABLE" : "STREAM");
    q.plan = sl_plan_new(query_id);
    /* bound expressions and types must live as long as the plan */
    sl_planctx plan_pc = *pc;
    plan_pc.ar = q.plan->ar;
    q.pc = &plan_pc;
    sl_error *err = sl_q_plan_chain(&q);
    if (!err) err = sl_q_sink(&q, out);
    if (err) {
        sl_plan_free(q.plan);
        out->plan = NULL;
        return err;
    }
    out->plan = q.plan;
    if (q.joined) {
        out->sources = sl_q_join_sources(&q, pc->ar, &out->nsources);
        return NULL;
    }
    out->sources = SL_ARENA_ARRAY(pc->ar, const char *, 2);
    out->sources[0] = q.from->name;
    out->nsources = 1;
    return NULL;
}
