/*
 * aggregate.c - planning GROUP BY [WINDOW] [HAVING] (ksqlDB's rules):
 *
 *   row ──PROJECT "Aggregate-Prepare"──> [group keys | aggregate arguments]
 *       ──REPARTITION (unless the keys are the row's key)──> internal topic
 *       ──SOURCE──> AGGREGATE ──> [group keys | aggregate results]  (a table)
 *       ──HAVING (FILTER)──> the projection binds group-by expressions to the
 *         key columns and aggregate calls to the result columns
 *
 * A table source is MATERIALIZEd first, so each change retracts its old row
 * from its group before the new row joins one.
 */
#include "common/mem.h"
#include "exec/agg.h"
#include "exec/func.h"
#include "planner/planner_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_GRACE_MS (24LL * 3600 * 1000)

static bool is_agg_call(const sl_ast_expr *e)
{
    if (e->kind != SL_AST_CALL) return false;
    const sl_fn_def *d = sl_fn_lookup(e->call.name.text);
    return d && d->kind == SL_FN_AGGREGATE;
}

/* Collects, in the order they are written, the distinct sub-expressions of e that match
 * (not looking inside a match). */
typedef bool (*ast_match)(const sl_ast_expr *e);
typedef struct ast_found {
    ast_match match;
    const sl_ast_expr **v;
    uint32_t n, cap;
} ast_found;

static void collect(const sl_ast_expr *e, ast_found *f);

static void collect_list(const sl_ast_expr_list *l, ast_found *f)
{
    for (uint32_t i = 0; l && i < l->n; i++) collect(l->v[i], f);
}

static void add_unique(const sl_ast_expr *e, ast_found *f)
{
    for (uint32_t i = 0; i < f->n; i++)
        if (sl_ast_expr_eq(f->v[i], e)) return;
    if (f->n < f->cap) f->v[f->n++] = e;
}

static void collect_case(const sl_ast_expr *e, ast_found *f)
{
    collect(e->case_.operand, f);
    for (uint32_t i = 0; i < e->case_.whens.n; i++) {
        collect(e->case_.whens.v[i].cond, f);
        collect(e->case_.whens.v[i].result, f);
    }
    collect(e->case_.else_, f);
}

static void collect(const sl_ast_expr *e, ast_found *f)
{
    if (!e) return;
    if (f->match(e)) {
        add_unique(e, f);
        return;
    }
    switch (e->kind) {
    case SL_AST_CALL: collect_list(&e->call.args, f); return;
    case SL_AST_BINARY: collect(e->binary.left, f); collect(e->binary.right, f); return;
    case SL_AST_COMPARE: collect(e->compare.left, f); collect(e->compare.right, f); return;
    case SL_AST_UNARY: collect(e->unary.arg, f); return;
    case SL_AST_LOGIC: collect_list(&e->logic.args, f); return;
    case SL_AST_NOT: collect(e->not_arg, f); return;
    case SL_AST_IS_NULL: collect(e->is_null.arg, f); return;
    case SL_AST_CAST: collect(e->cast.arg, f); return;
    case SL_AST_DEREF: collect(e->deref.base, f); return;
    case SL_AST_SUBSCRIPT: collect(e->subscript.base, f); collect(e->subscript.index, f); return;
    case SL_AST_BETWEEN:
        collect(e->between.value, f);
        collect(e->between.low, f);
        collect(e->between.high, f);
        return;
    case SL_AST_IN: collect(e->in.value, f); collect_list(&e->in.list, f); return;
    case SL_AST_CASE: collect_case(e, f); return;
    case SL_AST_ARRAY: collect_list(&e->array, f); return;
    default: return;
    }
}

/* Collects the aggregate calls under e (not inside another aggregate). */
static void find_aggs(const sl_ast_expr *e, const sl_ast_expr **out, uint32_t *n, uint32_t cap)
{
    ast_found f = {is_agg_call, out, *n, cap};
    collect(e, &f);
    *n = f.n;
}

bool sl_q_is_aggregate(const sl_ast_query *aq)
{
    if (aq->group_by || aq->window) return true;
    const sl_ast_expr *tmp[1];
    uint32_t n = 0;
    for (uint32_t i = 0; i < aq->items.n && !n; i++) find_aggs(aq->items.v[i].expr, tmp, &n, 1);
    return n > 0;
}

void sl_q_materialize(sl_qctx *q)
{
    sl_pnode *n = sl_q_append(q, SL_PN_MATERIALIZE, q->tail->cols, q->tail->ncols, q->tail->nkey);
    n->u.mat.store = "KsqlTopic-Reduce";
    n->label = "KsqlTopic/Materialize";
    n->retracting = true;
}

/* --- window ---------------------------------------------------------------------------- */

static sl_error *window_spec(sl_qctx *q, sl_winspec *w)
{
    const sl_ast_window *aw = q->q->window;
    memset(w, 0, sizeof *w);
    if (!aw) return NULL;
    w->type = aw->type == SL_WINDOW_TUMBLING  ? SL_WIN_TUMBLING
              : aw->type == SL_WINDOW_HOPPING ? SL_WIN_HOPPING
                                              : SL_WIN_SESSION;
    w->size = aw->size.ms;
    if (w->size <= 0) return sl_error_new(SL_E_STATEMENT, "Window size must be positive");
    if (w->type == SL_WIN_HOPPING) {
        w->advance = aw->advance.ms;
        if (w->advance <= 0 || w->advance > w->size)
            return sl_error_new(SL_E_STATEMENT,
                                "Window advance interval should be more than zero and less than "
                                "window duration");
    }
    /* no GRACE PERIOD: the source's WATERMARK delay (its allowed out-of-orderness), else
     * Kafka Streams' legacy 24 hours (less the size) for EMIT CHANGES; EMIT FINAL windows
     * close at their end */
    bool final = q->q->emit == SL_EMIT_FINAL;
    w->grace = aw->grace                   ? aw->grace->ms
               : q->from->watermark_ms >= 0 ? q->from->watermark_ms
               : final                      ? 0
                                            : (DEFAULT_GRACE_MS > w->size ? DEFAULT_GRACE_MS - w->size : 0);
    w->fire_all = !aw->grace && !aw->retention && q->from->watermark_ms >= 0;
    int64_t keep = w->grace + w->size; /* sessions: gap + grace past their end */
    w->retention = aw->retention && aw->retention->ms > keep ? aw->retention->ms : keep;
    q->win.kind = w->type == SL_WIN_SESSION ? SL_SERDE_WINDOW_SESSION : SL_SERDE_WINDOW_TIME;
    q->win.size_ms = w->type == SL_WIN_SESSION ? 0 : w->size;
    q->windowed = true;
    return NULL;
}

/* --- the group key and the aggregate calls ------------------------------------------------ */

typedef struct prep {
    sl_field *cols;   /* the Aggregate-Prepare row: keys, then arguments */
    const char **names; /* how the query wrote each column (late records name them so) */
    const sl_expr **exprs;
    uint32_t n, nkey, cap;
    sl_pn_agg_call *aggs;
} prep;

static int32_t prep_col(sl_qctx *q, prep *p, const sl_expr *e)
{
    for (uint32_t i = p->nkey; i < p->n; i++)
        if (p->exprs[i] == e) return (int32_t)i;
    p->cols[p->n] = (sl_field){sl_arena_printf(q->pc->ar, "$A%u", p->n - p->nkey), e->type};
    sl_buf b = SL_BUF_INIT;
    sl_expr_print(&b, e);
    p->names[p->n] = sl_arena_strdup(q->plan->ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    p->exprs[p->n] = e;
    return (int32_t)p->n++;
}

static bool duplicate_key(const prep *p, const sl_expr *e)
{
    sl_buf a = SL_BUF_INIT, b = SL_BUF_INIT;
    sl_expr_print(&a, e);
    bool dup = false;
    for (uint32_t i = 0; i < p->n && !dup; i++) {
        sl_buf_reset(&b);
        sl_expr_print(&b, p->exprs[i]);
        dup = strcmp(sl_buf_cstr(&a), sl_buf_cstr(&b)) == 0;
    }
    sl_buf_free(&a);
    sl_buf_free(&b);
    return dup;
}

/* WINDOWSTART / WINDOWEND exist only in the SELECT of a windowed aggregation (ksqlDB). */
static bool names_window_bound(const sl_error *err)
{
    return strstr(err->msg, "column 'WINDOWSTART'") || strstr(err->msg, "column 'WINDOWEND'");
}

static sl_error *window_bounds_error(sl_error *err, const sl_ast_expr *e)
{
    (void)e;
    if (!names_window_bound(err)) return err;
    const char *which = strstr(err->msg, "WINDOWSTART") ? "WINDOWSTART" : "WINDOWEND";
    sl_error_free(err);
    return sl_error_new(SL_E_STATEMENT,
                        "Window bounds column %s can only be used in the SELECT clause of windowed "
                        "aggregations",
                        which);
}

static sl_error *group_keys(sl_qctx *q, prep *p)
{
    const sl_ast_expr_list *gb = q->q->group_by;
    sl_scope sc = q->scope;
    sc.clause = "GROUP BY";
    q->keyx = SL_ARENA_ARRAY(q->pc->ar, const sl_ast_expr *, gb->n + 1);
    q->keycol = SL_ARENA_ARRAY(q->pc->ar, int32_t, gb->n + 1);
    q->key_text = SL_ARENA_ARRAY(q->pc->ar, const char *, gb->n + 1);
    for (uint32_t i = 0; i < gb->n; i++) {
        const sl_ast_expr *ge = gb->v[i];
        const sl_ast_expr *inner[1];
        uint32_t ninner = 0;
        find_aggs(ge, inner, &ninner, 1);
        if (ninner)
            return sl_error_new(SL_E_STATEMENT,
                                "GROUP BY does not support aggregate functions: %s is an aggregate "
                                "function.",
                                inner[0]->call.name.text);
        sl_expr *e;
        sl_error *err = sl_bind_expr(q->pc, &sc, ge, &e);
        if (err) return window_bounds_error(err, ge);
        if (duplicate_key(p, e)) {
            sl_buf b = SL_BUF_INIT;
            sl_plan_expr_text(&b, ge);
            err = sl_error_new(SL_E_STATEMENT, "Duplicate GROUP BY expression: %s", sl_buf_cstr(&b));
            sl_buf_free(&b);
            return err;
        }
        /* an expression key is named by the projection (its alias, or KSQL_COL_n there) */
        const char *name = sl_q_derived_name(ge);
        p->cols[p->n] = (sl_field){name ? sl_arena_strdup(q->pc->ar, name) : sl_arena_printf(q->pc->ar, "$K%u", i), e->type};
        p->exprs[p->n++] = e;
        sl_buf b = SL_BUF_INIT;
        sl_ast_expr_print(&b, ge);
        q->key_text[i] = sl_arena_strdup(q->pc->ar, sl_buf_cstr(&b));
        p->names[i] = name ? p->cols[i].name : q->key_text[i];
        sl_buf_free(&b);
        q->keyx[i] = ge;
        q->keycol[i] = (int32_t)i;
    }
    p->nkey = p->n;
    q->nkeyx = gb->n;
    return NULL;
}

static sl_fn_conf *fn_conf(sl_qctx *q)
{
    const char *l = sl_plan_prop(q->pc, "ksql.functions.collect_list.limit");
    const char *s = sl_plan_prop(q->pc, "ksql.functions.collect_set.limit");
    if (!l && !s) return NULL; /* the functions' defaults */
    sl_fn_conf *c = SL_ARENA_NEW(q->pc->ar, sl_fn_conf);
    c->collect_list_limit = l ? atoi(l) : INT32_MAX;
    c->collect_set_limit = s ? atoi(s) : INT32_MAX;
    return c;
}

/* The value of a constant argument (TOPK's k, LATEST_BY_OFFSET's n). */
static sl_error *const_value(sl_qctx *q, const sl_expr *e, sl_value *out)
{
    sl_prog *p;
    sl_error *err = sl_expr_compile(q->pc->ar, e, &p);
    if (err) return err;
    sl_row row = {0};
    sl_error *eerr = NULL;
    *out = sl_prog_eval(p, &row, q->pc->ar, &eerr);
    sl_prog_free(p);
    return eerr;
}

static sl_error *resolve_agg(sl_qctx *q, prep *p, const sl_ast_expr *call, sl_pn_agg_call *out)
{
    sl_expr **args;
    uint32_t n;
    sl_scope sc = q->scope;
    sc.clause = "SELECT";
    sl_error *err = sl_bind_call_args(q->pc, &sc, call, &args, &n);
    if (err) return window_bounds_error(err, call);
    const sl_type **types = SL_ARENA_ARRAY(q->pc->ar, const sl_type *, n + 1);
    sl_value *consts = SL_ARENA_ARRAY(q->pc->ar, sl_value, n + 1);
    bool *is_const = SL_ARENA_ARRAY(q->pc->ar, bool, n + 1);
    for (uint32_t i = 0; i < n && !err; i++) {
        types[i] = args[i]->type;
        is_const[i] = i > 0 && sl_expr_is_constant(args[i]); /* the first argument is the column */
        if (is_const[i]) err = const_value(q, args[i], &consts[i]);
    }
    sl_fn_call *fc;
    if (!err) err = sl_fn_resolve(q->pc->ar, call->call.name.text, types, NULL, (int)n, consts, is_const, &fc);
    if (err) return err;
    fc->conf = fn_conf(q);
    if (fc->sig->init) {
        void *state = NULL;
        err = fc->sig->init(fc, &state);
        if (err && strstr(err->msg, "must be a literal constant")) {
            sl_buf b = SL_BUF_INIT;
            for (uint32_t i = 1; i < n; i++)
                if (!is_const[i]) sl_ast_expr_print(&b, call->call.args.v[i]);
            err = sl_error_with_detail(err, "%s", ""); /* keep the text, then append the expression */
            sl_error *e2 = sl_error_new(err->code, "%s, but was expression: '%s'", err->msg, sl_buf_cstr(&b));
            sl_error_free(err);
            sl_buf_free(&b);
            err = e2;
        }
        if (err) return err;
    }
    int32_t *argcol = SL_ARENA_ARRAY(q->pc->ar, int32_t, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        if (is_const[i]) {
            argcol[i] = -1;
            continue;
        }
        sl_expr *a = args[i];
        if (!sl_type_eq(a->type, fc->arg_types[i]) && (err = sl_expr_cast_new(q->pc->ar, a, fc->arg_types[i], &a)))
            return err;
        argcol[i] = prep_col(q, p, a);
    }
    out->call = fc;
    out->argcol = argcol;
    return NULL;
}

static sl_error *table_support(sl_qctx *q, const sl_pn_agg_call *aggs, uint32_t n)
{
    if (!q->is_table) return NULL;
    const char *names[64];
    uint32_t k = 0;
    for (uint32_t i = 0; i < n && k < 64; i++)
        if (!aggs[i].call->sig->agg->retract) names[k++] = aggs[i].call->def->name;
    if (!k) return NULL;
    sl_buf b = SL_BUF_INIT;
    for (uint32_t i = 0; i < k; i++) {
        if (i) sl_buf_puts(&b, i == k - 1 ? " and " : ", ");
        sl_buf_puts(&b, names[i]);
    }
    sl_error *err = sl_error_new(SL_E_STATEMENT,
                                 "The aggregation function%s %s cannot be applied to a table source, "
                                 "only to a stream source.",
                                 k > 1 ? "(s)" : "", sl_buf_cstr(&b));
    sl_buf_free(&b);
    return err;
}

static sl_error *format_support(sl_qctx *q, const sl_pn_agg_call *aggs, uint32_t n)
{
    sl_serde_format vf = q->from->value.format;
    if (vf == SL_SERDE_KAFKA)
        return sl_error_new(SL_E_STATEMENT,
                            "Source(s) %s are using the 'KAFKA' value format. This format does not "
                            "yet support GROUP BY.",
                            q->from->name);
    for (uint32_t i = 0; i < n; i++)
        if ((aggs[i].call->sig->flags & SL_FN_AGG_COMPOSITE_STATE) && vf == SL_SERDE_DELIMITED)
            return sl_error_new(SL_E_STATEMENT,
                                "One of the functions used in the statement has an intermediate "
                                "type that the value format can not handle. Please remove the "
                                "function or change the format.");
    return NULL;
}

/* --- steps ------------------------------------------------------------------------------ */

static bool keys_unchanged(const sl_qctx *q, const prep *p)
{
    if (p->nkey != q->nkey || q->nkey == 0) return false;
    for (uint32_t i = 0; i < p->nkey; i++)
        if (p->exprs[i]->kind != SL_EX_COL || p->exprs[i]->index != (int32_t)i) return false;
    return true;
}

/* Writes the prepared rows to an internal topic keyed by the group key, and starts a new
 * sub-topology reading it back. */
static sl_error *repartition(sl_qctx *q, const prep *p)
{
    sl_plan *plan = q->plan;
    int32_t parts = q->from->partitions;
    const char *topic = sl_arena_printf(plan->ar, "_confluent-ksql-%squery_%s-Aggregate-GroupBy-repartition",
                                        q->pc->service_id ? q->pc->service_id : "", q->query_id);
    sl_plan_add_internal_topic(plan, topic, parts);
    sl_pnode *rp = sl_q_append(q, SL_PN_REPARTITION, p->cols, p->n, p->nkey);
    rp->label = "Aggregate-GroupBy-Repartition";
    sl_serde_props kp = SL_SERDE_PROPS_INIT, vp = SL_SERDE_PROPS_INIT;
    kp.is_key = true;
    kp.topic = vp.topic = topic;
    sl_error *err = sl_serde_new(SL_SERDE_JSON, p->cols, p->nkey, &kp, NULL, &rp->u.sink.key);
    if (!err) err = sl_serde_new(SL_SERDE_JSON, p->cols + p->nkey, p->n - p->nkey, &vp, NULL, &rp->u.sink.value);
    if (err) return err;
    rp->u.sink.topic = topic;
    rp->u.sink.nkey = p->nkey;
    rp->u.sink.partitions = parts;
    rp->u.sink.ts_col = -1;
    rp->u.sink.carry_flags = true;
    bool retracting = rp->retracting;
    q->sub = sl_plan_add_sub(plan, parts);
    q->tail = NULL;
    sl_pnode *src = sl_q_append(q, SL_PN_SOURCE, p->cols, p->n, p->nkey);
    src->label = "Aggregate-GroupBy-Source";
    src->is_table = retracting;
    src->retracting = retracting;
    sl_pn_source *s = &src->u.source;
    s->topic = topic;
    s->name = topic;
    s->ts.col = -1;
    s->carry_flags = true;
    s->map = SL_ARENA_ARRAY(plan->ar, sl_colmap, p->n + 1);
    for (uint32_t i = 0; i < p->n; i++)
        s->map[i] = (sl_colmap){i < p->nkey ? SL_COLSRC_KEY : SL_COLSRC_VALUE, i < p->nkey ? i : i - p->nkey, NULL};
    sl_plan_add_source(plan, src);
    err = sl_serde_new(SL_SERDE_JSON, p->cols, p->nkey, &kp, NULL, &s->key);
    if (!err) err = sl_serde_new(SL_SERDE_JSON, p->cols + p->nkey, p->n - p->nkey, &vp, NULL, &s->value);
    return err;
}

/* on_agg callback: an aggregate call in the select list or HAVING reads its result column. */
static sl_error *bind_agg_result(void *ctx, const sl_scope *sc, const sl_ast_expr *call, sl_expr **out)
{
    (void)sc;
    sl_qctx *q = ctx;
    for (uint32_t i = 0; i < q->naggx; i++)
        if (sl_ast_expr_eq(q->aggx[i], call)) {
            const sl_scope_col *c = &q->scope.cols[q->agg_col0 + (int32_t)i];
            *out = sl_expr_col_new(q->pc->ar, c->index, c->name, c->type);
            return NULL;
        }
    return sl_error_new(SL_E_INTERNAL, "aggregate call not planned");
}

static bool is_window_bound_col(const sl_ast_expr *e)
{
    if (e->kind != SL_AST_COLUMN) return false;
    const char *n = e->column.name.text;
    return n && (strcmp(n, "WINDOWSTART") == 0 || strcmp(n, "WINDOWEND") == 0);
}

/* HAVING may not name a window bound, inside an aggregate or not: the first written is reported. */
static sl_error *having_window_bounds(const sl_ast_expr *having)
{
    const sl_ast_expr *first[1];
    ast_found f = {is_window_bound_col, first, 0, 1};
    collect(having, &f);
    if (!f.n) return NULL;
    return sl_error_new(SL_E_STATEMENT,
                        "Window bounds column %s can only be used in the SELECT clause of windowed "
                        "aggregations",
                        first[0]->column.name.text);
}

static sl_error *having(sl_qctx *q)
{
    if (!q->q->having) return NULL;
    sl_scope sc = q->scope;
    sc.clause = "HAVING";
    sc.windowed = false; /* window bounds belong to the SELECT only */
    sl_expr *pred;
    sl_error *err = sl_bind_expr(q->pc, &sc, q->q->having, &pred);
    if (err) return window_bounds_error(err, q->q->having);
    sl_pnode *n = sl_q_append(q, SL_PN_FILTER, q->tail->cols, q->tail->ncols, q->tail->nkey);
    n->u.filter.pred = pred;
    n->u.filter.track_keys = true;
    n->u.filter.store = "Aggregate-HavingFilter-Matching";
    n->u.filter.retention = q->windowed ? q->agg_retention : 0;
    n->label = "Aggregate-HavingFilter";
    return NULL;
}

static sl_error *aggregate_node(sl_qctx *q, const prep *p, const sl_winspec *w)
{
    sl_arena *ar = q->plan->ar;
    uint32_t n = p->nkey + q->naggx;
    sl_field *cols = SL_ARENA_ARRAY(ar, sl_field, n + 1);
    memcpy(cols, p->cols, p->nkey * sizeof *cols);
    for (uint32_t i = 0; i < q->naggx; i++)
        cols[p->nkey + i] = (sl_field){sl_arena_printf(ar, "$AGG%u", i), p->aggs[i].call->ret_type};
    bool retracting = q->tail->retracting;
    sl_pnode *node = sl_q_append(q, SL_PN_AGGREGATE, cols, n, p->nkey);
    node->label = "Aggregate-Aggregate";
    node->is_table = true;
    sl_pn_aggregate *a = &node->u.agg;
    a->nkey = p->nkey;
    a->aggs = p->aggs;
    a->naggs = q->naggx;
    a->win = *w;
    q->agg_retention = w->retention;
    a->emit_final = q->q->emit == SL_EMIT_FINAL;
    a->table_input = retracting;
    a->store = "Aggregate-Aggregate-Materialize";
    a->in_names = p->names;
    if (q->st->kind == SL_STMT_CREATE_AS) {
        const sl_ast_prop *lt = sl_plan_with(&q->st->create_as.props, "LATE_DATA_TOPIC");
        if (lt) a->late_topic = sl_arena_strdup(ar, sl_plan_with_text(lt));
        if (lt) sl_plan_add_side_topic(q->plan, a->late_topic);
    }
    q->is_table = true;
    q->pre_agg = q->scope;
    sl_q_scope_from_tail(q, q->from_alias);
    q->scope.windowed = q->windowed;
    q->scope.subst = q->keyx;
    q->scope.subst_col = q->keycol;
    q->scope.nsubst = q->nkeyx;
    q->scope.on_agg = bind_agg_result;
    q->scope.ctx = q;
    q->agg_col0 = (int32_t)p->nkey;
    q->grouped = true;
    q->key_what = "grouping expression";
    return NULL;
}

sl_error *sl_q_aggregate(sl_qctx *q)
{
    const sl_ast_query *aq = q->q;
    if (!sl_q_is_aggregate(aq)) return NULL;
    if (!aq->group_by)
        return sl_error_new(SL_E_STATEMENT, "Non-aggregate SELECT expression(s) not part of GROUP BY: "
                                            "aggregate functions need a GROUP BY clause");
    uint32_t cap = 256;
    q->aggx = SL_ARENA_ARRAY(q->pc->ar, const sl_ast_expr *, cap);
    for (uint32_t i = 0; i < aq->items.n; i++) find_aggs(aq->items.v[i].expr, q->aggx, &q->naggx, cap);
    find_aggs(aq->having, q->aggx, &q->naggx, cap);
    sl_winspec w;
    sl_error *err = having_window_bounds(aq->having);
    if (!err) err = window_spec(q, &w);
    if (err) return err;
    prep p = {0};
    p.cap = aq->group_by->n + 4 * q->naggx + 8;
    p.cols = SL_ARENA_ARRAY(q->plan->ar, sl_field, p.cap);
    p.exprs = SL_ARENA_ARRAY(q->plan->ar, const sl_expr *, p.cap);
    p.names = SL_ARENA_ARRAY(q->plan->ar, const char *, p.cap);
    p.aggs = SL_ARENA_ARRAY(q->plan->ar, sl_pn_agg_call, q->naggx + 1);
    err = group_keys(q, &p);
    for (uint32_t i = 0; i < q->naggx && !err; i++) err = resolve_agg(q, &p, q->aggx[i], &p.aggs[i]);
    if (!err) err = table_support(q, p.aggs, q->naggx);
    if (!err) err = format_support(q, p.aggs, q->naggx);
    if (err) return err;
    bool same_key = keys_unchanged(q, &p);
    sl_pnode *prepn = sl_q_append(q, SL_PN_PROJECT, p.cols, p.n, p.nkey);
    prepn->u.project.exprs = p.exprs;
    prepn->u.project.rekey = !same_key;
    prepn->retracting = prepn->in[0] && prepn->in[0]->retracting;
    prepn->label = "Aggregate-Prepare";
    if (!same_key && (err = repartition(q, &p))) return err;
    err = aggregate_node(q, &p, &w);
    return err ? err : having(q);
}
