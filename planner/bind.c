/*
 * bind.c - the binder: AST expressions -> typed expressions (exec/expr.h).
 *
 * Names resolve against a scope (the columns of the row the expression will
 * run over, each with the qualifier of its source), then against the lambda
 * parameters in force, then against the pseudo columns ROWTIME, ROWPARTITION,
 * ROWOFFSET and (in windowed scopes) WINDOWSTART / WINDOWEND. Type checking
 * and implicit conversions are the expression builders' (exec/expr_build.c);
 * the binder maps node kinds, resolves names and function arguments (lambdas
 * get their parameter types from the function's signature before their body
 * is bound), and hands aggregate and table function calls to the scope's
 * callbacks, since what they become depends on the plan being built.
 */
#include "common/mem.h"
#include "exec/func.h"
#include "planner/planner_int.h"

#include <string.h>

typedef struct lambda_frame {
    const struct lambda_frame *up;
    uint32_t n;
    const char *const *names;
    const sl_type *const *types;
} lambda_frame;

static sl_error *bind(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                      const sl_ast_expr *e, sl_expr **out);

bool sl_plan_is_reserved_col(const char *name)
{
    static const char *const names[] = {"ROWTIME", "ROWPARTITION", "ROWOFFSET", "WINDOWSTART",
                                        "WINDOWEND"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0) return true;
    return false;
}

static sl_error *at(sl_error *err, sl_pos pos)
{
    if (err && !err->line) {
        err->line = (int)pos.line;
        err->col = (int)pos.col;
    }
    return err;
}

/* --- names ----------------------------------------------------------------------------- */

static bool qualifier_known(const sl_scope *sc, const char *q)
{
    for (uint32_t i = 0; i < sc->ncols; i++)
        if (sc->cols[i].source && strcmp(sc->cols[i].source, q) == 0) return true;
    return false;
}

static sl_error *unresolved(const sl_scope *sc, const char *q, const char *name)
{
    const char *clause = sc->clause ? sc->clause : "SELECT";
    if (q) return sl_error_new(SL_E_STATEMENT, "%s column '%s.%s' cannot be resolved.", clause, q, name);
    return sl_error_new(SL_E_STATEMENT, "%s column '%s' cannot be resolved.", clause, name);
}

static sl_expr *pseudo_column(sl_planctx *pc, const sl_scope *sc, const char *name)
{
    if (strcmp(name, "ROWTIME") == 0) return sl_expr_syscol_new(pc->ar, SL_SYSCOL_ROWTIME);
    if (strcmp(name, "ROWPARTITION") == 0) return sl_expr_syscol_new(pc->ar, SL_SYSCOL_ROWPARTITION);
    if (strcmp(name, "ROWOFFSET") == 0) return sl_expr_syscol_new(pc->ar, SL_SYSCOL_ROWOFFSET);
    if (!sc->windowed || sc->no_wbounds) return NULL;
    if (strcmp(name, "WINDOWSTART") == 0) return sl_expr_syscol_new(pc->ar, SL_SYSCOL_WINDOWSTART);
    if (strcmp(name, "WINDOWEND") == 0) return sl_expr_syscol_new(pc->ar, SL_SYSCOL_WINDOWEND);
    return NULL;
}

static sl_expr *lambda_var(sl_planctx *pc, const lambda_frame *lf, const char *name)
{
    for (; lf; lf = lf->up)
        for (uint32_t i = 0; i < lf->n; i++)
            if (strcmp(lf->names[i], name) == 0)
                return sl_expr_lambda_var_new(pc->ar, lf->names[i], lf->types[i]);
    return NULL;
}

static sl_error *bind_column(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                             const sl_ast_expr *e, sl_expr **out)
{
    const char *q = e->column.qualifier.text, *name = e->column.name.text;
    if (!q && (*out = lambda_var(pc, lf, name))) return NULL;
    if (q && !qualifier_known(sc, q))
        return sl_error_new(SL_E_STATEMENT, "'%s' is not a valid stream/table name or alias.", q);
    const sl_scope_col *hit = NULL;
    for (uint32_t i = 0; i < sc->ncols; i++) {
        const sl_scope_col *c = &sc->cols[i];
        if (strcmp(c->name, name) != 0 || (q && (!c->source || strcmp(c->source, q) != 0)))
            continue;
        if (!q && c->qualified_only) continue; /* a join source's ROWTIME: S.ROWTIME only */
        if (hit)
            return sl_error_new(SL_E_STATEMENT, "Column '%s' is ambiguous. Could be %s.%s or %s.%s.",
                                name, hit->source ? hit->source : "", name,
                                c->source ? c->source : "", name);
        hit = c;
    }
    if (hit) {
        *out = sl_expr_col_new(pc->ar, hit->index, hit->join_name ? hit->join_name : hit->name, hit->type);
        return NULL;
    }
    if ((*out = pseudo_column(pc, sc, name))) return NULL;
    return unresolved(sc, q, name);
}

/* --- literals -------------------------------------------------------------------------- */

static sl_error *bind_literal(sl_planctx *pc, const sl_ast_lit *l, sl_expr **out)
{
    switch (l->kind) {
    case SL_LIT_NULL: *out = sl_expr_lit_null(pc->ar); return NULL;
    case SL_LIT_BOOLEAN: *out = sl_expr_lit_bool(pc->ar, l->b); return NULL;
    case SL_LIT_INT: *out = sl_expr_lit_int(pc->ar, (int32_t)l->i); return NULL;
    case SL_LIT_BIGINT: *out = sl_expr_lit_bigint(pc->ar, l->i); return NULL;
    case SL_LIT_DOUBLE: *out = sl_expr_lit_double(pc->ar, l->d); return NULL;
    case SL_LIT_DECIMAL: return sl_expr_lit_decimal(pc->ar, l->text, l->len, out);
    case SL_LIT_STRING: *out = sl_expr_lit_string(pc->ar, l->text, l->len); return NULL;
    case SL_LIT_VARIABLE:
        return sl_error_new(SL_E_STATEMENT, "Undefined variable: ${%s}", l->text);
    }
    return sl_error_new(SL_E_INTERNAL, "unknown literal kind");
}

static sl_error *bind_typed_literal(sl_planctx *pc, const sl_ast_expr *e, sl_expr **out)
{
    const char *tn = e->typed.type.text;
    const sl_type *t = strcmp(tn, "TIMESTAMP") == 0 ? &sl_type_timestamp
                       : strcmp(tn, "DATE") == 0    ? &sl_type_date
                       : strcmp(tn, "TIME") == 0    ? &sl_type_time
                                                    : NULL;
    if (strcmp(tn, "DECIMAL") == 0) return sl_expr_lit_decimal(pc->ar, e->typed.text, e->typed.len, out);
    if (!t) return sl_error_new(SL_E_STATEMENT, "Unknown literal type: %s", tn);
    sl_expr *s = sl_expr_lit_string(pc->ar, e->typed.text, e->typed.len);
    return sl_expr_cast_new(pc->ar, s, t, out);
}

/* --- calls ----------------------------------------------------------------------------- */

static bool is_kind(const char *name, sl_fn_kind kind)
{
    const sl_fn_def *d = sl_fn_lookup(name);
    return d && d->kind == kind;
}

static sl_error *bind_lambda(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                             const char *fname, sl_expr **args, uint32_t n, uint32_t li,
                             const sl_ast_expr *lam, sl_expr **out)
{
    const sl_type *types[3];
    uint32_t np = 0;
    sl_error *err = sl_expr_lambda_params(pc->ar, fname, args, n, li, types, &np);
    if (err) return err;
    if (np != lam->lambda.params.n)
        return sl_error_new(SL_E_STATEMENT,
                            "Was expecting %u arguments to lambda function, got %u", np,
                            lam->lambda.params.n);
    const char **names = SL_ARENA_ARRAY(pc->ar, const char *, np + 1);
    for (uint32_t i = 0; i < np; i++) names[i] = lam->lambda.params.v[i].text;
    lambda_frame frame = {lf, np, names, types};
    sl_expr *body;
    err = bind(pc, sc, &frame, lam->lambda.body, &body);
    if (err) return err;
    return sl_expr_lambda_new(pc->ar, np, names, types, body, out);
}

static sl_error *bind_call(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                           const sl_ast_expr *e, sl_expr **out)
{
    const char *name = e->call.name.text;
    if (!sl_fn_lookup(name))
        return sl_error_new(SL_E_STATEMENT, "Can't find any functions with the name '%s'", name);
    if (is_kind(name, SL_FN_AGGREGATE)) {
        if (sc->on_agg) return sc->on_agg(sc->ctx, sc, e, out);
        sl_expr **args; /* an argument's own error comes first, as in ksqlDB */
        uint32_t n;
        sl_error *err = sl_bind_call_args(pc, sc, e, &args, &n);
        return err ? err : sl_error_new(SL_E_STATEMENT, "Aggregate functions can not be used here: %s", name);
    }
    if (is_kind(name, SL_FN_TABLE)) {
        if (!sc->on_table)
            return sl_error_new(SL_E_STATEMENT, "Table functions can not be used here: %s", name);
        return sc->on_table(sc->ctx, sc, e, out);
    }
    uint32_t n = e->call.args.n;
    sl_expr **args = SL_ARENA_ARRAY(pc->ar, sl_expr *, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        if (e->call.args.v[i]->kind == SL_AST_LAMBDA) continue;
        sl_error *err = bind(pc, sc, lf, e->call.args.v[i], &args[i]);
        if (err) return err;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (e->call.args.v[i]->kind != SL_AST_LAMBDA) continue;
        sl_error *err = bind_lambda(pc, sc, lf, name, args, n, i, e->call.args.v[i], &args[i]);
        if (err) return err;
    }
    return sl_expr_call_new(pc->ar, name, args, n, out);
}

sl_error *sl_bind_call_args(sl_planctx *pc, const sl_scope *sc, const sl_ast_expr *call,
                            sl_expr ***args, uint32_t *n)
{
    *n = call->call.star ? 0 : call->call.args.n;
    *args = SL_ARENA_ARRAY(pc->ar, sl_expr *, *n + 1);
    for (uint32_t i = 0; i < *n; i++) {
        sl_error *err = bind(pc, sc, NULL, call->call.args.v[i], &(*args)[i]);
        if (err) return err;
    }
    return NULL;
}

/* --- composite nodes ------------------------------------------------------------------- */

static sl_error *bind_list(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                           const sl_ast_expr_list *l, sl_expr ***out)
{
    *out = SL_ARENA_ARRAY(pc->ar, sl_expr *, l->n + 1);
    for (uint32_t i = 0; i < l->n; i++) {
        sl_error *err = bind(pc, sc, lf, l->v[i], &(*out)[i]);
        if (err) return err;
    }
    return NULL;
}

static sl_error *bind_logic(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                            const sl_ast_expr *e, sl_expr **out)
{
    sl_expr **args;
    sl_error *err = bind_list(pc, sc, lf, &e->logic.args, &args);
    if (err) return err;
    sl_expr *acc = args[0];
    for (uint32_t i = 1; i < e->logic.args.n && !err; i++)
        err = e->logic.op == SL_LOGIC_AND ? sl_expr_and_new(pc->ar, acc, args[i], &acc)
                                          : sl_expr_or_new(pc->ar, acc, args[i], &acc);
    *out = acc;
    return err;
}

static sl_error *bind_case(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                           const sl_ast_expr *e, sl_expr **out)
{
    uint32_t n = e->case_.whens.n;
    sl_expr *operand = NULL, *otherwise = NULL;
    sl_expr **whens = SL_ARENA_ARRAY(pc->ar, sl_expr *, n), **thens = SL_ARENA_ARRAY(pc->ar, sl_expr *, n);
    sl_error *err = e->case_.operand ? bind(pc, sc, lf, e->case_.operand, &operand) : NULL;
    for (uint32_t i = 0; i < n && !err; i++) {
        err = bind(pc, sc, lf, e->case_.whens.v[i].cond, &whens[i]);
        if (!err) err = bind(pc, sc, lf, e->case_.whens.v[i].result, &thens[i]);
    }
    if (!err && e->case_.else_) err = bind(pc, sc, lf, e->case_.else_, &otherwise);
    return err ? err : sl_expr_case_new(pc->ar, operand, whens, thens, n, otherwise, out);
}

static sl_error *bind_map(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                          const sl_ast_expr *e, sl_expr **out)
{
    uint32_t n = e->map.n;
    sl_expr **k = SL_ARENA_ARRAY(pc->ar, sl_expr *, n + 1), **v = SL_ARENA_ARRAY(pc->ar, sl_expr *, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        sl_error *err = bind(pc, sc, lf, e->map.v[i].key, &k[i]);
        if (!err) err = bind(pc, sc, lf, e->map.v[i].value, &v[i]);
        if (err) return err;
    }
    return sl_expr_map_new(pc->ar, k, v, n, out);
}

static sl_error *bind_struct(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                             const sl_ast_expr *e, sl_expr **out)
{
    uint32_t n = e->struct_.n;
    const char **names = SL_ARENA_ARRAY(pc->ar, const char *, n + 1);
    sl_expr **v = SL_ARENA_ARRAY(pc->ar, sl_expr *, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        names[i] = e->struct_.v[i].name.text;
        sl_error *err = bind(pc, sc, lf, e->struct_.v[i].value, &v[i]);
        if (err) return err;
    }
    return sl_expr_struct_new(pc->ar, names, v, n, out);
}

static sl_cmp_op cmp_op(sl_ast_cmpop op)
{
    switch (op) {
    case SL_AST_CMP_EQ: return SL_CMP_EQ;
    case SL_AST_CMP_NE: return SL_CMP_NE;
    case SL_AST_CMP_LT: return SL_CMP_LT;
    case SL_AST_CMP_LE: return SL_CMP_LE;
    case SL_AST_CMP_GT: return SL_CMP_GT;
    case SL_AST_CMP_GE: return SL_CMP_GE;
    case SL_AST_CMP_IS_DISTINCT: return SL_CMP_DISTINCT;
    default: return SL_CMP_NOT_DISTINCT;
    }
}

static sl_error *bind_binary(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                             const sl_ast_expr *e, sl_expr **out)
{
    sl_expr *l, *r;
    sl_error *err = bind(pc, sc, lf, e->binary.left, &l);
    if (!err) err = bind(pc, sc, lf, e->binary.right, &r);
    if (err) return err;
    switch (e->binary.op) {
    case SL_AST_OP_ADD: return sl_expr_arith_new(pc->ar, SL_OP_ADD, l, r, out);
    case SL_AST_OP_SUB: return sl_expr_arith_new(pc->ar, SL_OP_SUB, l, r, out);
    case SL_AST_OP_MUL: return sl_expr_arith_new(pc->ar, SL_OP_MUL, l, r, out);
    case SL_AST_OP_DIV: return sl_expr_arith_new(pc->ar, SL_OP_DIV, l, r, out);
    case SL_AST_OP_MOD: return sl_expr_arith_new(pc->ar, SL_OP_MOD, l, r, out);
    default: return sl_expr_concat_new(pc->ar, l, r, out);
    }
}

static bool is_time_syscol(const sl_expr *e)
{
    return e->kind == SL_EX_SYSCOL && (e->index == SL_SYSCOL_ROWTIME || e->index == SL_SYSCOL_WINDOWSTART ||
                                       e->index == SL_SYSCOL_WINDOWEND);
}

/* ksqlDB lets ROWTIME, WINDOWSTART and WINDOWEND be compared with a timestamp written as a
 * string ('2020-01-01T00:00:00', or a prefix of it): the string becomes its milliseconds. */
static sl_error *time_literal(sl_planctx *pc, sl_expr **e)
{
    if ((*e)->kind != SL_EX_LIT || (*e)->type->kind != SL_K_STRING) return NULL;
    sl_expr *cast;
    sl_error *err = sl_expr_cast_new(pc->ar, *e, &sl_type_timestamp, &cast);
    sl_prog *p;
    if (!err) err = sl_expr_compile(pc->ar, cast, &p);
    if (err) return err;
    sl_row row = {0};
    sl_error *eerr = NULL;
    sl_value v = sl_prog_eval(p, &row, pc->ar, &eerr);
    sl_prog_free(p);
    if (eerr) return eerr;
    *e = v.null ? sl_expr_lit_null(pc->ar) : sl_expr_lit_bigint(pc->ar, v.u.i);
    return NULL;
}

static sl_error *time_literals(sl_planctx *pc, sl_expr **a, sl_expr **b)
{
    if (is_time_syscol(*a)) return time_literal(pc, b);
    if (is_time_syscol(*b)) return time_literal(pc, a);
    return NULL;
}

static sl_error *bind_two(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                          const sl_ast_expr *a, const sl_ast_expr *b, sl_expr **x, sl_expr **y)
{
    sl_error *err = bind(pc, sc, lf, a, x);
    return err ? err : bind(pc, sc, lf, b, y);
}

static sl_error *bind_predicate(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                                const sl_ast_expr *e, sl_expr **out)
{
    sl_expr *a, *b, *c, **list;
    sl_error *err;
    switch (e->kind) {
    case SL_AST_COMPARE:
        err = bind_two(pc, sc, lf, e->compare.left, e->compare.right, &a, &b);
        if (!err) err = time_literals(pc, &a, &b);
        return err ? err : sl_expr_cmp_new(pc->ar, cmp_op(e->compare.op), a, b, out);
    case SL_AST_NOT:
        err = bind(pc, sc, lf, e->not_arg, &a);
        return err ? err : sl_expr_not_new(pc->ar, a, out);
    case SL_AST_IS_NULL:
        err = bind(pc, sc, lf, e->is_null.arg, &a);
        if (!err) *out = sl_expr_is_null_new(pc->ar, a, e->is_null.negated);
        return err;
    case SL_AST_BETWEEN:
        err = bind_two(pc, sc, lf, e->between.value, e->between.low, &a, &b);
        if (!err) err = bind(pc, sc, lf, e->between.high, &c);
        if (!err && is_time_syscol(a)) err = time_literal(pc, &b);
        if (!err && is_time_syscol(a)) err = time_literal(pc, &c);
        return err ? err : sl_expr_between_new(pc->ar, a, b, c, e->between.negated, out);
    case SL_AST_IN:
        err = bind(pc, sc, lf, e->in.value, &a);
        if (!err) err = bind_list(pc, sc, lf, &e->in.list, &list);
        return err ? err : sl_expr_in_new(pc->ar, a, list, e->in.list.n, e->in.negated, out);
    default:
        err = bind_two(pc, sc, lf, e->like.value, e->like.pattern, &a, &b);
        return err ? err
                   : sl_expr_like_new(pc->ar, a, b, e->like.escape ? e->like.escape[0] : 0,
                                      e->like.negated, out);
    }
}

static sl_error *bind_access(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                             const sl_ast_expr *e, sl_expr **out)
{
    sl_expr *a, *b;
    sl_error *err;
    if (e->kind == SL_AST_DEREF) {
        err = bind(pc, sc, lf, e->deref.base, &a);
        return err ? err : sl_expr_deref_new(pc->ar, a, e->deref.field.text, out);
    }
    err = bind_two(pc, sc, lf, e->subscript.base, e->subscript.index, &a, &b);
    return err ? err : sl_expr_subscript_new(pc->ar, a, b, out);
}

/* A sub-expression that the row already holds as a column (a PARTITION BY or GROUP BY key). */
static sl_expr *substituted(sl_planctx *pc, const sl_scope *sc, const sl_ast_expr *e)
{
    for (uint32_t i = 0; i < sc->nsubst; i++) {
        if (!sl_ast_expr_eq(sc->subst[i], e)) continue;
        const sl_scope_col *c = NULL;
        for (uint32_t j = 0; j < sc->ncols && !c; j++)
            if (sc->cols[j].index == sc->subst_col[i]) c = &sc->cols[j];
        if (c) return sl_expr_col_new(pc->ar, c->index, c->name, c->type);
    }
    return NULL;
}

static sl_error *bind(sl_planctx *pc, const sl_scope *sc, const lambda_frame *lf,
                      const sl_ast_expr *e, sl_expr **out)
{
    sl_error *err = NULL;
    sl_expr *a, **list;
    const sl_type *t;
    if (sc->nsubst && (*out = substituted(pc, sc, e))) return NULL;
    switch (e->kind) {
    case SL_AST_LITERAL: err = bind_literal(pc, &e->lit, out); break;
    case SL_AST_TYPED_LITERAL: err = bind_typed_literal(pc, e, out); break;
    case SL_AST_COLUMN: err = bind_column(pc, sc, lf, e, out); break;
    case SL_AST_DEREF:
    case SL_AST_SUBSCRIPT: err = bind_access(pc, sc, lf, e, out); break;
    case SL_AST_UNARY:
        err = bind(pc, sc, lf, e->unary.arg, &a);
        if (!err) {
            if (e->unary.negate) err = sl_expr_neg_new(pc->ar, a, out);
            else *out = a;
        }
        break;
    case SL_AST_BINARY: err = bind_binary(pc, sc, lf, e, out); break;
    case SL_AST_LOGIC: err = bind_logic(pc, sc, lf, e, out); break;
    case SL_AST_COMPARE:
    case SL_AST_NOT:
    case SL_AST_IS_NULL:
    case SL_AST_BETWEEN:
    case SL_AST_IN:
    case SL_AST_LIKE: err = bind_predicate(pc, sc, lf, e, out); break;
    case SL_AST_CASE: err = bind_case(pc, sc, lf, e, out); break;
    case SL_AST_CAST:
        err = bind(pc, sc, lf, e->cast.arg, &a);
        if (!err) err = sl_plan_type(pc, e->cast.type, pc->ar, &t);
        if (!err) err = sl_expr_cast_new(pc->ar, a, t, out);
        break;
    case SL_AST_ARRAY:
        err = bind_list(pc, sc, lf, &e->array, &list);
        if (!err) err = sl_expr_array_new(pc->ar, list, e->array.n, out);
        break;
    case SL_AST_MAP: err = bind_map(pc, sc, lf, e, out); break;
    case SL_AST_STRUCT: err = bind_struct(pc, sc, lf, e, out); break;
    case SL_AST_CALL: err = bind_call(pc, sc, lf, e, out); break;
    case SL_AST_LAMBDA:
        err = sl_error_new(SL_E_STATEMENT, "Lambda functions can only be used as function arguments");
        break;
    case SL_AST_TIME_UNIT:
        *out = sl_expr_lit_new(pc->ar, &sl_type_interval, sl_value_int(e->time_unit.unit == SL_UNIT_MILLISECOND ? 1
                               : e->time_unit.unit == SL_UNIT_SECOND ? 1000
                               : e->time_unit.unit == SL_UNIT_MINUTE ? 60000
                               : e->time_unit.unit == SL_UNIT_HOUR ? 3600000 : 86400000));
        break;
    case SL_AST_AT_TIME_ZONE:
        err = sl_error_new(SL_E_UNSUPPORTED, "AT TIME ZONE is not supported; use CONVERT_TZ");
        break;
    }
    return at(err, e->pos);
}

sl_error *sl_bind_expr(sl_planctx *pc, const sl_scope *sc, const sl_ast_expr *e, sl_expr **out)
{
    return bind(pc, sc, NULL, e, out);
}

sl_error *sl_bind_const(sl_planctx *pc, const sl_ast_expr *e, sl_expr **out)
{
    sl_scope empty = {.clause = "VALUES"};
    return bind(pc, &empty, NULL, e, out);
}
