/*
 * projection.c - the select list: output columns, their names, and which are
 * the key (ksqlDB's rules).
 *
 *   items:  *, src.*     every column of the row (key columns stay keys)
 *           x->*         every field of struct x
 *           expr [AS a]  name: a, else the column or last field name, else
 *                        KSQL_COL_n
 *   key:    an item that is exactly a key column of the row (a source key,
 *           a PARTITION BY / GROUP BY expression) is a key column of the output;
 *           AS_VALUE(k) makes a value of it. Every key must be selected once.
 *   output: key columns (in key order), then value columns (in select order);
 *           at least one value column.
 */
#include "common/mem.h"
#include "planner/planner_int.h"

#include <string.h>

typedef struct item {
    const char *name;
    sl_expr *expr;
    int32_t key;         /* the row key column it selects, or -1 for a value */
    const char *written; /* alias or expression text, for messages */
    bool field_name;     /* named after a dereferenced field: made unique with _1, _2 */
    const sl_ast_expr *ast; /* the select item's expression; NULL for what * expanded to */
} item;

typedef struct items {
    item *v;
    uint32_t n, cap;
} items;

static void push(sl_qctx *q, items *its, const char *name, sl_expr *e, const char *written)
{
    if (its->n == its->cap) {
        uint32_t cap = its->cap ? its->cap * 2 : 16;
        item *v = SL_ARENA_ARRAY(q->pc->ar, item, cap);
        if (its->n) memcpy(v, its->v, its->n * sizeof *v);
        its->v = v;
        its->cap = cap;
    }
    int32_t key = e->kind == SL_EX_COL && e->index < (int32_t)q->nkey ? e->index : -1;
    its->v[its->n++] = (item){name, e, key, written, false, NULL};
}

static sl_error *not_grouped(sl_qctx *q, const sl_ast_expr *e)
{
    sl_buf b = SL_BUF_INIT;
    sl_plan_expr_text(&b, e);
    sl_error *err = sl_error_new(SL_E_STATEMENT,
                                 "Non-aggregate SELECT expression(s) not part of GROUP BY: %s\n"
                                 "Either add the column(s) to the GROUP BY or remove them from the "
                                 "SELECT.",
                                 sl_buf_cstr(&b));
    sl_buf_free(&b);
    (void)q;
    return err;
}

/* SELECT * of an aggregation names the source's columns: each must be a grouping key. */
static sl_error *expand_all_grouped(sl_qctx *q, items *its)
{
    for (uint32_t i = 0; i < q->pre_agg.ncols; i++) {
        const sl_scope_col *pc = &q->pre_agg.cols[i];
        if (pc->name[0] == '$') continue;
        const sl_scope_col *hit = NULL;
        for (uint32_t k = 0; k < q->nkey && !hit; k++)
            if (strcmp(q->scope.cols[k].name, pc->name) == 0) hit = &q->scope.cols[k];
        if (!hit)
            return sl_error_new(SL_E_STATEMENT,
                                "Non-aggregate SELECT expression(s) not part of GROUP BY: %s\n"
                                "Either add the column(s) to the GROUP BY or remove them from the "
                                "SELECT.",
                                pc->name);
        push(q, its, hit->name, sl_expr_col_new(q->pc->ar, hit->index, hit->name, hit->type), hit->name);
    }
    return NULL;
}

static sl_error *expand_all(sl_qctx *q, const sl_ast_select_item *it, items *its)
{
    const char *src = it->source.text;
    if (q->grouped && !src) return expand_all_grouped(q, its);
    bool known = !src;
    for (uint32_t i = 0; i < q->scope.ncols && !known; i++)
        known = q->scope.cols[i].source && strcmp(q->scope.cols[i].source, src) == 0;
    if (!known) return sl_error_new(SL_E_STATEMENT, "'%s' is not a valid stream/table name or alias.", src);
    for (uint32_t i = 0; i < q->scope.ncols; i++) {
        const sl_scope_col *c = &q->scope.cols[i];
        if (c->name[0] == '$' || c->no_star) continue; /* internal and pseudo columns */
        if (src && (!c->source || strcmp(c->source, src) != 0)) continue;
        const char *name = c->join_name ? c->join_name : c->name; /* joins: ALIAS_NAME */
        push(q, its, name, sl_expr_col_new(q->pc->ar, c->index, name, c->type), name);
        if (q->transient && q->windowed && i + 1 == q->nkey) { /* the window after the key */
            push(q, its, "WINDOWSTART", sl_expr_syscol_new(q->pc->ar, SL_SYSCOL_WINDOWSTART),
                 "WINDOWSTART");
            push(q, its, "WINDOWEND", sl_expr_syscol_new(q->pc->ar, SL_SYSCOL_WINDOWEND),
                 "WINDOWEND");
        }
    }
    return NULL;
}

static sl_error *expand_struct(sl_qctx *q, const sl_ast_select_item *it, items *its)
{
    sl_expr *base;
    sl_error *err = sl_bind_expr(q->pc, &q->scope, it->expr, &base);
    if (err) return err;
    if (base->type->kind != SL_K_STRUCT)
        return sl_error_new(SL_E_STATEMENT, "Expression does not evaluate to a STRUCT: ->* needs one");
    for (uint32_t f = 0; f < base->type->nfields; f++) {
        sl_expr *d;
        const char *fname = base->type->fields[f].name;
        err = sl_expr_deref_new(q->pc->ar, base, fname, &d);
        if (err) return err;
        push(q, its, fname, d, fname);
    }
    return NULL;
}

static sl_error *reserved_name(const sl_ast_select_item *it, const char *name)
{
    if (!sl_plan_is_reserved_col(name)) return NULL;
    /* an alias that only repeats the column's name (l.WINDOWSTART AS WINDOWSTART) is no alias */
    bool same = it->expr->kind == SL_AST_COLUMN && it->alias.text &&
                strcmp(it->expr->column.name.text, it->alias.text) == 0;
    if (it->alias.text && !same)
        return sl_error_new(SL_E_STATEMENT,
                            "`%s` is a reserved column name. You cannot use it as an alias for a "
                            "column.",
                            name);
    return sl_error_new(SL_E_STATEMENT,
                        "Reserved column name in select: `%s`. Please remove or alias the column.",
                        name);
}

/* The scope column a bound column expression reads, or NULL. */
static const sl_scope_col *scope_col(const sl_qctx *q, const sl_expr *e)
{
    for (uint32_t i = 0; e->kind == SL_EX_COL && i < q->scope.ncols; i++)
        if (q->scope.cols[i].index == e->index) return &q->scope.cols[i];
    return NULL;
}

/* A join's column named by the select list is ALIAS_NAME when another source has a column
 * of that name too (ksqlDB), else its own name; NULL outside joins. */
static const char *join_col_name(const sl_qctx *q, const sl_expr *e)
{
    const sl_scope_col *c = scope_col(q, e);
    if (!c || !c->join_name) return NULL;
    return c->common ? c->join_name : c->name;
}

/* Whether e binds over the row before aggregation (then it is a column the GROUP BY misses;
 * else it names nothing, e.g. WINDOWSTART in a join). */
static bool names_input(sl_qctx *q, const sl_ast_expr *e)
{
    sl_scope sc = q->pre_agg;
    sc.on_agg = NULL;
    sc.on_table = NULL;
    sl_expr *x;
    sl_error *err = sl_bind_expr(q->pc, &sc, e, &x);
    bool named = !err || !strstr(err->msg, "cannot be resolved");
    sl_error_free(err);
    return named;
}

static sl_error *bind_item(sl_qctx *q, const sl_ast_select_item *it, items *its)
{
    sl_expr *e;
    sl_scope sc = q->scope;
    sc.clause = "SELECT";
    sl_error *err = sl_bind_expr(q->pc, &sc, it->expr, &e);
    if (err && q->grouped && strstr(err->msg, "cannot be resolved") && names_input(q, it->expr)) {
        sl_error_free(err);
        return not_grouped(q, it->expr);
    }
    if (err) return err;
    if (e->type->kind == SL_K_NULL)
        return sl_error_new(SL_E_STATEMENT,
                            "Can't infer a type of null. Please explicitly cast it to a required "
                            "type, e.g. CAST(null AS VARCHAR).");
    const char *name = it->alias.text;
    if (!name && it->expr->kind == SL_AST_COLUMN) name = join_col_name(q, e);
    if (!name && e->kind == SL_EX_COL && e->index < (int32_t)q->nkey && e->name[0] != '$')
        name = e->name;
    if (!name) name = sl_q_derived_name(it->expr);
    /* a transient query may select ROWTIME and the other pseudo columns by name */
    if (name && (!q->transient || it->alias.text) && (err = reserved_name(it, name))) return err;
    sl_buf b = SL_BUF_INIT;
    sl_ast_expr_print(&b, it->expr);
    const char *written = it->alias.text ? it->alias.text : sl_arena_strdup(q->pc->ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    push(q, its, name, e, written);
    its->v[its->n - 1].ast = it->expr;
    its->v[its->n - 1].field_name =
        !it->alias.text && it->expr->kind == SL_AST_DEREF && its->v[its->n - 1].key < 0;
    return NULL;
}

static bool name_taken(const sl_qctx *q, const items *its, uint32_t upto, const char *name)
{
    for (uint32_t i = 0; i < q->scope.ncols; i++)
        if (strcmp(q->scope.cols[i].name, name) == 0) return true;
    for (uint32_t i = 0; i < upto; i++)
        if (its->v[i].name && strcmp(its->v[i].name, name) == 0) return true;
    return false;
}

/* A field name that collides with a column becomes FIELD_1, FIELD_2, ... as in ksqlDB. */
static void unique_field_names(sl_qctx *q, items *its)
{
    for (uint32_t i = 0; i < its->n; i++) {
        item *it = &its->v[i];
        if (!it->field_name || !name_taken(q, its, i, it->name)) continue;
        for (int k = 1;; k++) {
            const char *cand = sl_arena_printf(q->pc->ar, "%s_%d", it->name, k);
            if (!name_taken(q, its, i, cand)) {
                it->name = cand;
                break;
            }
        }
    }
}

static sl_error *collect_items(sl_qctx *q, items *its)
{
    for (uint32_t i = 0; i < q->q->items.n; i++) {
        const sl_ast_select_item *it = &q->q->items.v[i];
        sl_error *err = NULL;
        if (it->kind == SL_SELECT_ALL) err = expand_all(q, it, its);
        else if (it->kind == SL_SELECT_STRUCT_ALL) err = expand_struct(q, it, its);
        else err = bind_item(q, it, its);
        if (err) return err;
    }
    unique_field_names(q, its);
    for (uint32_t i = 0; i < its->n; i++) /* generated names come after the written ones */
        if (!its->v[i].name) its->v[i].name = sl_q_ksql_col(q);
    return NULL;
}

/* "ID", "K and K2", "A, B and C" */
static void join_names(sl_buf *b, const char **names, uint32_t n, const char *last_sep)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i) sl_buf_puts(b, i == n - 1 ? last_sep : ", ");
        sl_buf_puts(b, names[i]);
    }
}

/* How key column k is named in messages (a join's: ALIAS_NAME). */
static const char *key_name(const sl_qctx *q, uint32_t k)
{
    for (uint32_t i = 0; i < q->scope.ncols; i++) {
        const sl_scope_col *c = &q->scope.cols[i];
        if (c->index == (int32_t)k) return c->join_name ? c->join_name : c->name;
    }
    return q->scope.cols[k].name;
}

static sl_error *missing_keys(sl_qctx *q, const bool *seen)
{
    const char **miss = SL_ARENA_ARRAY(q->pc->ar, const char *, q->nkey + 1);
    uint32_t n = 0;
    /* ksqlDB names every key column of the source, but only the grouping expressions missing */
    for (uint32_t k = 0; k < q->nkey; k++)
        if (!q->grouped || !seen[k]) miss[n++] = q->key_text ? q->key_text[k] : key_name(q, k);
    sl_buf b = SL_BUF_INIT;
    sl_buf_printf(&b, "The query used to build `%s` must include the %s%s ", q->sink_name,
                  q->key_what ? q->key_what : "key column", n > 1 ? "s" : "");
    join_names(&b, miss, n, " and ");
    sl_buf_puts(&b, " in its projection (eg, SELECT ");
    join_names(&b, miss, n, ", ");
    sl_buf_puts(&b, "...).");
    sl_error *err = sl_error_new(SL_E_STATEMENT, "%s", sl_buf_cstr(&b));
    sl_buf_free(&b);
    return err;
}

/* Each row key selected exactly once; returns the item selecting key k in *sel[k]. */
static sl_error *check_keys(sl_qctx *q, const items *its, int32_t *sel)
{
    bool *seen = SL_ARENA_ARRAY(q->pc->ar, bool, q->nkey + 1);
    for (uint32_t i = 0; i < its->n; i++) {
        int32_t k = its->v[i].key;
        if (k < 0) continue;
        if (seen[k] && q->grouped)
            return sl_error_new(SL_E_STATEMENT,
                                "The projection contains a key column more than once: `%s` and `%s`.",
                                its->v[sel[k]].name, its->v[i].name);
        if (seen[k]) {
            const char *a = its->v[sel[k]].name, *b = its->v[i].name;
            if (strcmp(a, b) > 0) { /* ksqlDB lists the aliases sorted */
                const char *t = a;
                a = b;
                b = t;
            }
            return sl_error_new(SL_E_STATEMENT,
                                "The projection contains a key column (`%s`) more than once, "
                                "aliased as: %s and %s.",
                                key_name(q, (uint32_t)k), a, b);
        }
        seen[k] = true;
        sel[k] = (int32_t)i;
    }
    for (uint32_t k = 0; k < q->nkey; k++)
        if (!seen[k]) {
            sl_error *err = q->key_missing ? q->key_missing(q, seen) : NULL;
            return err ? err : missing_keys(q, seen);
        }
    return NULL;
}

static sl_error *check_names(const sl_qctx *q)
{
    for (uint32_t i = 0; i < q->nout; i++)
        for (uint32_t j = 0; j < i; j++)
            if (strcmp(q->out[i].name, q->out[j].name) == 0)
                return sl_error_new(SL_E_STATEMENT, "Duplicate column names in projection: %s",
                                    q->out[i].name);
    return NULL;
}

/* A transient query's result: the items in select order, none of them a key. */
static sl_error *transient_output(sl_qctx *q, const items *its)
{
    sl_arena *ar = q->plan->ar;
    q->nout = its->n;
    q->nout_key = 0;
    q->out = SL_ARENA_ARRAY(ar, sl_field, its->n + 1);
    q->out_exprs = SL_ARENA_ARRAY(ar, sl_expr *, its->n + 1);
    for (uint32_t i = 0; i < its->n; i++) {
        q->out[i] = (sl_field){sl_arena_strdup(ar, its->v[i].name), its->v[i].expr->type};
        q->out_exprs[i] = its->v[i].expr;
    }
    for (uint32_t i = 0; i < q->nout; i++)
        for (uint32_t j = 0; j < i; j++) {
            if (strcmp(q->out[i].name, q->out[j].name) != 0) continue;
            sl_buf t = SL_BUF_INIT;
            sl_type_print(&t, q->out[i].type);
            sl_error *err = sl_error_new(SL_E_STATEMENT,
                                         "Duplicate value columns found in schema: `%s` %s",
                                         q->out[i].name, sl_buf_cstr(&t));
            sl_buf_free(&t);
            return err;
        }
    return NULL;
}

sl_error *sl_q_projection(sl_qctx *q)
{
    items its = {0};
    sl_error *err = collect_items(q, &its);
    if (!err && q->transient) return transient_output(q, &its);
    int32_t *sel = SL_ARENA_ARRAY(q->pc->ar, int32_t, q->nkey + 1);
    if (!err) err = check_keys(q, &its, sel);
    if (err) return err;
    sl_arena *ar = q->plan->ar;
    q->nsel = its.n;
    q->sel_names = SL_ARENA_ARRAY(q->pc->ar, const char *, its.n + 1);
    q->sel_asts = SL_ARENA_ARRAY(q->pc->ar, const sl_ast_expr *, its.n + 1);
    for (uint32_t i = 0; i < its.n; i++) {
        q->sel_names[i] = its.v[i].name;
        q->sel_asts[i] = its.v[i].ast;
    }
    q->nout = 0;
    q->out = SL_ARENA_ARRAY(ar, sl_field, its.n + 1);
    q->out_exprs = SL_ARENA_ARRAY(ar, sl_expr *, its.n + 1);
    q->out_key_from = SL_ARENA_ARRAY(ar, int32_t, q->nkey + 1);
    const char *np = sl_plan_prop(q->pc, "ksql.new.query.planner.enabled");
    if (np && strcmp(np, "true") == 0) { /* the new planner keeps the projection's key order */
        uint32_t k = 0;
        for (uint32_t i = 0; i < its.n; i++)
            if (its.v[i].key >= 0) sel[k++] = (int32_t)i;
    }
    for (uint32_t k = 0; k < q->nkey; k++) {
        item *it = &its.v[sel[k]];
        q->out[q->nout] = (sl_field){sl_arena_strdup(ar, it->name), it->expr->type};
        q->out_exprs[q->nout++] = it->expr;
        q->out_key_from[k] = it->key;
    }
    q->nout_key = q->nkey;
    for (uint32_t i = 0; i < its.n; i++) {
        if (its.v[i].key >= 0) continue;
        q->out[q->nout] = (sl_field){sl_arena_strdup(ar, its.v[i].name), its.v[i].expr->type};
        q->out_exprs[q->nout++] = its.v[i].expr;
    }
    if (q->nout == q->nout_key) return sl_error_new(SL_E_STATEMENT, "The projection contains no value columns.");
    return check_names(q);
}
