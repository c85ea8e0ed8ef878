/*
 * expr_build.c - the expression builders: each node is type-checked with
 * ksqlDB's rules as it is built, and implicit conversions are inserted as CAST
 * nodes marked SL_EXF_IMPLICIT (see expr.h).
 *
 * Typing rules (ksqlDB's ExpressionTypeManager, Operator and ComparisonUtil):
 *   arithmetic  numbers only (INT op INT is INT, with BIGINT BIGINT, with DOUBLE
 *               DOUBLE, with DECIMAL decimal.h's result type); STRING + STRING
 *               concatenates; an untyped NULL operand is an error
 *   comparison  numbers with numbers, STRING with STRING, temporal values with
 *               each other or with STRING (parsed), BOOLEAN, ARRAY, MAP and STRUCT
 *               for (in)equality only; an untyped NULL is an error
 *   CASE        every THEN (and ELSE) of the same type; WHEN is BOOLEAN
 *
 * User lists (IN, ARRAY, MAP) are coerced in expr_coerce.c; function calls are
 * resolved through the registry, their arguments widened to the chosen
 * overload's parameter types.
 */
#include "exec/decimal.h"
#include "exec/expr_int.h"

#include <string.h>
#include <strings.h>

sl_expr *sl_expr_node_new(sl_arena *ar, sl_expr_kind kind, const sl_type *t, uint32_t nargs)
{
    sl_expr *e = SL_ARENA_NEW(ar, sl_expr);
    e->kind = kind;
    e->type = t;
    e->nargs = nargs;
    e->args = nargs ? SL_ARENA_ARRAY(ar, sl_expr *, nargs) : NULL;
    e->index = -1;
    return e;
}

static sl_expr *node2(sl_arena *ar, sl_expr_kind kind, const sl_type *t, sl_expr *a, sl_expr *b)
{
    sl_expr *e = sl_expr_node_new(ar, kind, t, b ? 2 : 1);
    e->args[0] = a;
    if (b) e->args[1] = b;
    return e;
}

const char *sl_expr_text(sl_arena *ar, const sl_expr *e)
{
    sl_buf b = SL_BUF_INIT;
    sl_expr_print(&b, e);
    const char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

static const char *type_text(sl_arena *ar, const sl_type *t)
{
    if (t->kind == SL_K_NULL) return "null";
    sl_buf b = SL_BUF_INIT;
    sl_type_print(&b, t);
    const char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

/* --- leaves ------------------------------------------------------------------------------ */

sl_expr *sl_expr_col_new(sl_arena *ar, int32_t index, const char *name, const sl_type *t)
{
    sl_expr *e = sl_expr_node_new(ar, SL_EX_COL, t, 0);
    e->index = index;
    e->name = name ? sl_arena_strdup(ar, name) : NULL;
    return e;
}

sl_expr *sl_expr_syscol_new(sl_arena *ar, sl_syscol which)
{
    sl_expr *e = sl_expr_node_new(
        ar, SL_EX_SYSCOL, which == SL_SYSCOL_ROWPARTITION ? &sl_type_int : &sl_type_bigint, 0);
    e->index = (int32_t)which;
    return e;
}

sl_expr *sl_expr_lit_new(sl_arena *ar, const sl_type *t, sl_value v)
{
    sl_expr *e = sl_expr_node_new(ar, SL_EX_LIT, t, 0);
    e->lit = t->kind == SL_K_NULL ? sl_value_null() : sl_value_copy(ar, t, v);
    return e;
}

sl_expr *sl_expr_lit_null(sl_arena *ar)
{
    return sl_expr_lit_new(ar, &sl_type_null, sl_value_null());
}

sl_expr *sl_expr_lit_bool(sl_arena *ar, bool b)
{
    return sl_expr_lit_new(ar, &sl_type_boolean, sl_value_bool(b));
}

sl_expr *sl_expr_lit_int(sl_arena *ar, int32_t i)
{
    return sl_expr_lit_new(ar, &sl_type_int, sl_value_int(i));
}

sl_expr *sl_expr_lit_bigint(sl_arena *ar, int64_t i)
{
    return sl_expr_lit_new(ar, &sl_type_bigint, sl_value_int(i));
}

sl_expr *sl_expr_lit_double(sl_arena *ar, double d)
{
    return sl_expr_lit_new(ar, &sl_type_double, sl_value_double(d));
}

sl_expr *sl_expr_lit_string(sl_arena *ar, const char *s, size_t n)
{
    return sl_expr_lit_new(ar, &sl_type_string, sl_value_str(s, (uint32_t)n));
}

sl_error *sl_expr_lit_decimal(sl_arena *ar, const char *text, size_t n, sl_expr **out)
{
    sl_int128 u;
    int p, s;
    if (!sl_decimal_parse_literal(text, n, &u, &p, &s))
        return sl_error_new(SL_E_TYPE, "Invalid DECIMAL literal: %.*s", (int)n, text);
    sl_expr *e = sl_expr_node_new(ar, SL_EX_LIT, sl_type_decimal(ar, p, s), 0);
    e->lit = sl_value_decimal(ar, u);
    *out = e;
    return NULL;
}

/* --- arithmetic -------------------------------------------------------------------------- */

static sl_error *arith_error(sl_arena *ar, sl_arith_op op, sl_expr *l, sl_expr *r, const char *why)
{
    sl_expr tmp = {.kind = SL_EX_ARITH, .op = (uint8_t)op, .nargs = 2, .args = (sl_expr *[]){l, r}};
    return sl_error_new(SL_E_TYPE, "Error processing expression: %s. %s", sl_expr_text(ar, &tmp),
                        why);
}

sl_error *sl_expr_arith_new(sl_arena *ar, sl_arith_op op, sl_expr *l, sl_expr *r, sl_expr **out)
{
    const sl_type *lt = l->type, *rt = r->type;
    if (lt->kind == SL_K_NULL || rt->kind == SL_K_NULL)
        return arith_error(ar, op, l, r,
                           sl_arena_printf(ar, "Arithmetic on types %s and %s are not supported.",
                                           type_text(ar, lt), type_text(ar, rt)));
    if (op == SL_OP_ADD && lt->kind == SL_K_STRING && rt->kind == SL_K_STRING) {
        *out = node2(ar, SL_EX_ARITH, &sl_type_string, l, r);
        (*out)->op = (uint8_t)op;
        return NULL;
    }
    if (!sl_type_is_numeric(lt) || !sl_type_is_numeric(rt))
        return arith_error(ar, op, l, r,
                           sl_arena_printf(ar, "Unsupported arithmetic types. %s %s",
                                           sl_kind_name(lt->kind), sl_kind_name(rt->kind)));
    const sl_type *t;
    if (lt->kind == SL_K_DOUBLE || rt->kind == SL_K_DOUBLE)
        t = &sl_type_double;
    else if (lt->kind == SL_K_DECIMAL || rt->kind == SL_K_DECIMAL)
        t = sl_decimal_result_type(ar, (sl_decimal_op)op, lt, rt);
    else
        t = lt->kind == SL_K_BIGINT || rt->kind == SL_K_BIGINT ? &sl_type_bigint : &sl_type_int;
    /* operands take the result's representation: DOUBLE, BIGINT, or DECIMAL of their own
     * precision (decimal.c works across scales) */
    const sl_type *lw = t->kind == SL_K_DECIMAL
                            ? (lt->kind == SL_K_DECIMAL ? lt : sl_type_decimal_of_integral(lt))
                            : t;
    const sl_type *rw = t->kind == SL_K_DECIMAL
                            ? (rt->kind == SL_K_DECIMAL ? rt : sl_type_decimal_of_integral(rt))
                            : t;
    sl_error *err = sl_expr_coerce_to(ar, l, lw, &l);
    if (!err) err = sl_expr_coerce_to(ar, r, rw, &r);
    if (err) return err;
    *out = node2(ar, SL_EX_ARITH, t, l, r);
    (*out)->op = (uint8_t)op;
    return NULL;
}

sl_error *sl_expr_neg_new(sl_arena *ar, sl_expr *e, sl_expr **out)
{
    if (!sl_type_is_numeric(e->type))
        return sl_error_new(SL_E_TYPE,
                            "Error processing expression: -%s. Unary minus needs a "
                            "number, not %s.",
                            sl_expr_text(ar, e), type_text(ar, e->type));
    *out = node2(ar, SL_EX_NEG, e->type, e, NULL);
    return NULL;
}

sl_error *sl_expr_concat_new(sl_arena *ar, sl_expr *l, sl_expr *r, sl_expr **out)
{
    bool lok = l->type->kind == SL_K_STRING || l->type->kind == SL_K_NULL;
    bool rok = r->type->kind == SL_K_STRING || r->type->kind == SL_K_NULL;
    if (!lok || !rok)
        return sl_error_new(SL_E_TYPE,
                            "Error processing expression: (%s || %s). Concatenation "
                            "needs STRING operands, not %s and %s.",
                            sl_expr_text(ar, l), sl_expr_text(ar, r), type_text(ar, l->type),
                            type_text(ar, r->type));
    sl_error *err = sl_expr_coerce_to(ar, l, &sl_type_string, &l);
    if (!err) err = sl_expr_coerce_to(ar, r, &sl_type_string, &r);
    if (!err) *out = node2(ar, SL_EX_CONCAT, &sl_type_string, l, r);
    return err;
}

/* --- comparisons ------------------------------------------------------------------------- */

static const char *const cmp_names[] = {"EQUAL",
                                        "NOT_EQUAL",
                                        "LESS_THAN",
                                        "LESS_THAN_OR_EQUAL",
                                        "GREATER_THAN",
                                        "GREATER_THAN_OR_EQUAL",
                                        "IS_DISTINCT_FROM",
                                        "IS_NOT_DISTINCT_FROM"};
static const char *const cmp_syms[] = {
    "=", "<>", "<", "<=", ">", ">=", "IS DISTINCT FROM", "IS NOT DISTINCT FROM"};

static bool is_equality(sl_cmp_op op)
{
    return op == SL_CMP_EQ || op == SL_CMP_NE || op == SL_CMP_DISTINCT || op == SL_CMP_NOT_DISTINCT;
}

static bool is_temporal_or_string(sl_kind k)
{
    return k == SL_K_TIMESTAMP || k == SL_K_DATE || k == SL_K_TIME || k == SL_K_STRING;
}

/* The types both sides of `l op r` are converted to before comparing; NULL when they do not
 * compare. Numbers keep their own types (the compiler compares across them). */
static bool cmp_targets(sl_arena *ar, sl_cmp_op op, const sl_type *l, const sl_type *r,
                        const sl_type **lt, const sl_type **rt)
{
    sl_kind a = l->kind, b = r->kind;
    *lt = l;
    *rt = r;
    if (sl_type_is_numeric(l) && sl_type_is_numeric(r)) {
        if ((a == SL_K_DOUBLE || b == SL_K_DOUBLE) && a != SL_K_DECIMAL && b != SL_K_DECIMAL)
            *lt = *rt = &sl_type_double;
        return true;
    }
    if (sl_type_is_temporal(l) || sl_type_is_temporal(r)) {
        if (!is_temporal_or_string(a) || !is_temporal_or_string(b)) return false;
        sl_kind t = a == SL_K_TIME || b == SL_K_TIME             ? SL_K_TIME
                    : a == SL_K_TIMESTAMP || b == SL_K_TIMESTAMP ? SL_K_TIMESTAMP
                                                                 : SL_K_DATE;
        if (t == SL_K_TIME &&
            (a == SL_K_DATE || a == SL_K_TIMESTAMP || b == SL_K_DATE || b == SL_K_TIMESTAMP))
            return false;
        *lt = *rt = sl_type_primitive(t);
        return true;
    }
    if (a != b) return false;
    switch (a) {
    case SL_K_STRING:
    case SL_K_BYTES:
        return true;
    case SL_K_BOOLEAN:
        return is_equality(op);
    case SL_K_ARRAY:
    case SL_K_MAP:
    case SL_K_STRUCT: {
        if (!is_equality(op)) return false;
        const sl_type *c = sl_type_eq(l, r) ? l : sl_type_common(ar, l, r);
        if (!c) return false;
        *lt = *rt = c;
        return true;
    }
    default:
        return false;
    }
}

static sl_error *cmp_error(sl_arena *ar, sl_cmp_op op, sl_expr *l, sl_expr *r)
{
    return sl_error_new(SL_E_TYPE, "Cannot compare %s (%s) to %s (%s) with %s.",
                        sl_expr_text(ar, l), type_text(ar, l->type), sl_expr_text(ar, r),
                        type_text(ar, r->type), cmp_names[op]);
}

/* Checks l op r and converts both sides to their comparison types. */
static sl_error *cmp_operands(sl_arena *ar, sl_cmp_op op, sl_expr **l, sl_expr **r)
{
    const sl_type *a = (*l)->type, *b = (*r)->type, *lt, *rt;
    if (a->kind == SL_K_NULL || b->kind == SL_K_NULL) {
        sl_error *err =
            sl_error_new(SL_E_TYPE, "Comparison with NULL not supported: %s %s %s",
                         a->kind == SL_K_NULL ? "NULL" : sl_kind_name(a->kind), cmp_syms[op],
                         b->kind == SL_K_NULL ? "NULL" : sl_kind_name(b->kind));
        return sl_error_with_hint(err, "Use 'IS NULL' or 'IS NOT NULL' instead.");
    }
    if (!cmp_targets(ar, op, a, b, &lt, &rt)) return cmp_error(ar, op, *l, *r);
    /* comparisons work across number types; IS [NOT] DISTINCT FROM compares one type */
    bool distinct = op == SL_CMP_DISTINCT || op == SL_CMP_NOT_DISTINCT;
    if (distinct && !sl_type_eq(lt, rt) && sl_type_is_numeric(lt) && sl_type_is_numeric(rt))
        lt = rt = sl_type_common(ar, lt, rt);
    sl_error *err = sl_expr_coerce_to(ar, *l, lt, l);
    if (!err) err = sl_expr_coerce_to(ar, *r, rt, r);
    return err;
}

sl_error *sl_expr_cmp_new(sl_arena *ar, sl_cmp_op op, sl_expr *l, sl_expr *r, sl_expr **out)
{
    sl_error *err = cmp_operands(ar, op, &l, &r);
    if (err) return err;
    *out = node2(ar, SL_EX_CMP, &sl_type_boolean, l, r);
    (*out)->op = (uint8_t)op;
    return NULL;
}

sl_error *sl_expr_between_new(sl_arena *ar, sl_expr *v, sl_expr *lo, sl_expr *hi, bool negated,
                              sl_expr **out)
{
    /* numbers meet at their common type so one value register serves both bounds */
    if (sl_type_is_numeric(v->type) && sl_type_is_numeric(lo->type) &&
        sl_type_is_numeric(hi->type)) {
        const sl_type *c = sl_type_common(ar, sl_type_common(ar, v->type, lo->type), hi->type);
        sl_error *err = sl_expr_coerce_to(ar, v, c, &v);
        if (!err) err = sl_expr_coerce_to(ar, lo, c, &lo);
        if (!err) err = sl_expr_coerce_to(ar, hi, c, &hi);
        if (err) return err;
    }
    sl_expr *v1 = v, *v2 = v;
    sl_error *err = cmp_operands(ar, SL_CMP_GE, &v1, &lo);
    if (!err) err = cmp_operands(ar, SL_CMP_LE, &v2, &hi);
    if (err) return err;
    if (!sl_type_eq(v1->type, v2->type)) return cmp_error(ar, SL_CMP_LE, v1, hi);
    sl_expr *e = sl_expr_node_new(ar, SL_EX_BETWEEN, &sl_type_boolean, 3);
    e->args[0] = v1;
    e->args[1] = lo;
    e->args[2] = hi;
    e->negated = negated;
    *out = e;
    return NULL;
}

sl_error *sl_expr_in_new(sl_arena *ar, sl_expr *v, sl_expr *const *list, uint32_t n, bool negated,
                         sl_expr **out)
{
    if (n == 0) return sl_error_new(SL_E_TYPE, "IN list cannot be empty");
    sl_expr *e = sl_expr_node_new(ar, SL_EX_IN, &sl_type_boolean, n + 1);
    e->args[0] = v;
    memcpy(e->args + 1, list, n * sizeof *list);
    const sl_type *common;
    sl_error *err = sl_expr_coerce_list(ar, e->args, n + 1, &common);
    if (err) return err;
    if (!common) return sl_error_new(SL_E_TYPE, "Comparison with NULL not supported: NULL IN");
    e->negated = negated;
    *out = e;
    return NULL;
}

/* --- boolean logic ----------------------------------------------------------------------- */

static sl_error *need_boolean(sl_arena *ar, const char *what, sl_expr *e)
{
    if (e->type->kind == SL_K_BOOLEAN || e->type->kind == SL_K_NULL) return NULL;
    return sl_error_new(SL_E_TYPE, "%s requires BOOLEAN operands, but %s is %s.", what,
                        sl_expr_text(ar, e), type_text(ar, e->type));
}

static sl_error *logic_new(sl_arena *ar, sl_expr_kind k, sl_expr *l, sl_expr *r, sl_expr **out)
{
    const char *what = k == SL_EX_AND ? "AND" : "OR";
    sl_error *err = need_boolean(ar, what, l);
    if (!err) err = need_boolean(ar, what, r);
    if (!err) err = sl_expr_coerce_to(ar, l, &sl_type_boolean, &l);
    if (!err) err = sl_expr_coerce_to(ar, r, &sl_type_boolean, &r);
    if (!err) *out = node2(ar, k, &sl_type_boolean, l, r);
    return err;
}

sl_error *sl_expr_and_new(sl_arena *ar, sl_expr *l, sl_expr *r, sl_expr **out)
{
    return logic_new(ar, SL_EX_AND, l, r, out);
}

sl_error *sl_expr_or_new(sl_arena *ar, sl_expr *l, sl_expr *r, sl_expr **out)
{
    return logic_new(ar, SL_EX_OR, l, r, out);
}

sl_error *sl_expr_not_new(sl_arena *ar, sl_expr *e, sl_expr **out)
{
    sl_error *err = need_boolean(ar, "NOT", e);
    if (!err) err = sl_expr_coerce_to(ar, e, &sl_type_boolean, &e);
    if (!err) *out = node2(ar, SL_EX_NOT, &sl_type_boolean, e, NULL);
    return err;
}

sl_expr *sl_expr_is_null_new(sl_arena *ar, sl_expr *e, bool negated)
{
    sl_expr *n = node2(ar, SL_EX_IS_NULL, &sl_type_boolean, e, NULL);
    n->negated = negated;
    return n;
}

sl_error *sl_expr_like_new(sl_arena *ar, sl_expr *v, sl_expr *pattern, char escape, bool negated,
                           sl_expr **out)
{
    sl_kind a = v->type->kind, b = pattern->type->kind;
    if ((a != SL_K_STRING && a != SL_K_NULL) || (b != SL_K_STRING && b != SL_K_NULL))
        return sl_error_new(SL_E_TYPE, "LIKE needs STRING operands: %s (%s) LIKE %s (%s)",
                            sl_expr_text(ar, v), type_text(ar, v->type), sl_expr_text(ar, pattern),
                            type_text(ar, pattern->type));
    sl_error *err = sl_expr_coerce_to(ar, v, &sl_type_string, &v);
    if (!err) err = sl_expr_coerce_to(ar, pattern, &sl_type_string, &pattern);
    if (err) return err;
    sl_expr *e = node2(ar, SL_EX_LIKE, &sl_type_boolean, v, pattern);
    e->escape = escape;
    e->negated = negated;
    *out = e;
    return NULL;
}
