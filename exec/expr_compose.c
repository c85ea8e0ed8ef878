/*
 * expr_compose.c - builders of the compound expressions: CASE, CAST, subscript
 * and dereference, the ARRAY/MAP/STRUCT constructors, function calls resolved
 * through the registry, and lambdas (see expr.h).
 *
 * Function calls: the arguments' types go to sl_fn_resolve (lambda arguments
 * as the types of their bodies); each argument is then converted to the type
 * the chosen overload takes, and each lambda's parameter types are checked
 * against what the overload will pass it, so the body never sees a value of a
 * type it was not bound with.
 */
#include "exec/expr_int.h"

#include <string.h>
#include <strings.h>

static const char *type_text(sl_arena *ar, const sl_type *t)
{
    if (t->kind == SL_K_NULL) return "null";
    sl_buf b = SL_BUF_INIT;
    sl_type_print(&b, t);
    const char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

/* --- CASE -------------------------------------------------------------------------------- */

static sl_error *case_types(sl_arena *ar, sl_expr *const *whens, sl_expr *const *thens, uint32_t n,
                            sl_expr *otherwise, bool searched, const sl_type **out)
{
    const sl_type *t = NULL;
    for (uint32_t i = 0; i < n; i++) {
        if (searched && whens[i]->type->kind != SL_K_BOOLEAN)
            return sl_error_new(SL_E_TYPE,
                                "WHEN operand type should be boolean.\nType for '%s' "
                                "is %s",
                                sl_expr_text(ar, whens[i]), type_text(ar, whens[i]->type));
        const sl_type *rt = thens[i]->type;
        if (rt->kind == SL_K_NULL) continue;
        if (t && !sl_type_eq(t, rt))
            return sl_error_new(SL_E_TYPE,
                                "Invalid Case expression. Type for all 'THEN' clauses should be "
                                "the same.\nTHEN expression 'WHEN %s THEN %s' has type: "
                                "%s.\nPrevious THEN expression(s) type: %s.",
                                sl_expr_text(ar, whens[i]), sl_expr_text(ar, thens[i]),
                                type_text(ar, rt), type_text(ar, t));
        t = rt;
    }
    const sl_type *dt = otherwise ? otherwise->type : &sl_type_null;
    if (t && dt->kind != SL_K_NULL && !sl_type_eq(t, dt))
        return sl_error_new(SL_E_TYPE,
                            "Invalid Case expression. Type for the default clause should be the "
                            "same as for 'THEN' clauses.\nTHEN type: %s.\nDEFAULT type: %s.",
                            type_text(ar, t), type_text(ar, dt));
    if (!t) t = dt->kind != SL_K_NULL ? dt : NULL;
    if (!t)
        return sl_error_new(SL_E_TYPE, "Invalid Case expression. All case branches have NULL "
                                       "type");
    *out = t;
    return NULL;
}

/* Simple CASE: the operand and every WHEN value meet at one type, compared with '='. */
static sl_error *case_operand(sl_arena *ar, sl_expr **operand, sl_expr **whens, uint32_t n)
{
    const sl_type *t = (*operand)->type;
    for (uint32_t i = 0; i < n && t; i++) {
        const sl_type *w = whens[i]->type;
        if (w->kind == SL_K_NULL || sl_type_eq(w, t)) continue;
        t = t->kind == SL_K_NULL ? w : sl_type_common(ar, t, w);
    }
    if (!t || t->kind == SL_K_NULL)
        return sl_error_new(SL_E_TYPE,
                            "Invalid Case expression. The operand %s cannot be "
                            "compared with every WHEN value",
                            sl_expr_text(ar, *operand));
    sl_error *err = sl_expr_coerce_to(ar, *operand, t, operand);
    for (uint32_t i = 0; i < n && !err; i++)
        err = sl_expr_coerce_to(ar, whens[i], t, &whens[i]);
    return err;
}

sl_error *sl_expr_case_new(sl_arena *ar, sl_expr *operand, sl_expr *const *whens,
                           sl_expr *const *thens, uint32_t n, sl_expr *otherwise, sl_expr **out)
{
    if (n == 0) return sl_error_new(SL_E_TYPE, "CASE needs at least one WHEN clause");
    sl_expr **w = SL_ARENA_ARRAY(ar, sl_expr *, n), **th = SL_ARENA_ARRAY(ar, sl_expr *, n);
    memcpy(w, whens, n * sizeof *w);
    memcpy(th, thens, n * sizeof *th);
    const sl_type *t = NULL;
    sl_error *err = case_types(ar, w, th, n, otherwise, operand == NULL, &t);
    if (!err && operand) err = case_operand(ar, &operand, w, n);
    for (uint32_t i = 0; i < n && !err; i++)
        err = sl_expr_coerce_to(ar, th[i], t, &th[i]);
    if (!err && otherwise) err = sl_expr_coerce_to(ar, otherwise, t, &otherwise);
    if (err) return err;
    uint32_t k = 0, total = 2 * n + (operand != NULL) + (otherwise != NULL);
    sl_expr *e = sl_expr_node_new(ar, SL_EX_CASE, t, total);
    if (operand) {
        e->args[k++] = operand;
        e->flags |= SL_EXF_CASE_OPERAND;
    }
    for (uint32_t i = 0; i < n; i++) {
        e->args[k++] = w[i];
        e->args[k++] = th[i];
    }
    if (otherwise) {
        e->args[k++] = otherwise;
        e->flags |= SL_EXF_CASE_ELSE;
    }
    *out = e;
    return NULL;
}

/* --- CAST, subscript, dereference -------------------------------------------------------- */

sl_error *sl_expr_cast_new(sl_arena *ar, sl_expr *e, const sl_type *to, sl_expr **out)
{
    sl_error *err = sl_cast_check(e->type, to);
    if (err) return err;
    sl_expr *c = sl_expr_node_new(ar, SL_EX_CAST, to, 1);
    c->args[0] = e;
    *out = c;
    return NULL;
}

sl_error *sl_expr_subscript_new(sl_arena *ar, sl_expr *base, sl_expr *index, sl_expr **out)
{
    const sl_type *bt = base->type;
    sl_error *err = NULL;
    if (bt->kind == SL_K_ARRAY) {
        sl_kind k = index->type->kind;
        if (k != SL_K_INT && k != SL_K_BIGINT && k != SL_K_NULL)
            return sl_error_new(SL_E_TYPE, "Array index must be INTEGER or BIGINT, not %s: %s[%s]",
                                type_text(ar, index->type), sl_expr_text(ar, base),
                                sl_expr_text(ar, index));
        if (k == SL_K_NULL) err = sl_expr_coerce_to(ar, index, &sl_type_int, &index);
    } else if (bt->kind == SL_K_MAP) {
        /* the key widens to the map's key type (INT for BIGINT keys), nothing more */
        err = sl_type_can_coerce(index->type, bt->key)
                  ? sl_expr_coerce_to(ar, index, bt->key, &index)
                  : sl_error_new(SL_E_TYPE, "no implicit conversion");
        if (err) {
            sl_error_free(err);
            return sl_error_new(SL_E_TYPE, "Map key %s (%s) does not match the key type of %s (%s)",
                                sl_expr_text(ar, index), type_text(ar, index->type),
                                sl_expr_text(ar, base), type_text(ar, bt));
        }
    } else {
        sl_expr tmp = {.kind = SL_EX_SUBSCRIPT, .nargs = 2, .args = (sl_expr *[]){base, index}};
        const char *hint = bt->kind == SL_K_STRUCT
                               ? sl_arena_printf(ar,
                                                 " Use the dereference operator for STRUCTS: "
                                                 "%s->%s",
                                                 sl_expr_text(ar, base), sl_expr_text(ar, index))
                               : "";
        return sl_error_new(SL_E_TYPE, "Subscript expression (%s) do not apply to %s.%s",
                            sl_expr_text(ar, &tmp), type_text(ar, bt), hint);
    }
    if (err) return err;
    sl_expr *e = sl_expr_node_new(ar, SL_EX_SUBSCRIPT, bt->elem, 2);
    e->args[0] = base;
    e->args[1] = index;
    *out = e;
    return NULL;
}

sl_error *sl_expr_deref_new(sl_arena *ar, sl_expr *base, const char *field, sl_expr **out)
{
    if (base->type->kind != SL_K_STRUCT)
        return sl_error_new(SL_E_TYPE, "Expected STRUCT type, got: %s", type_text(ar, base->type));
    int i = sl_type_field_index(base->type, field);
    if (i < 0)
        return sl_error_new(SL_E_TYPE, "Could not find field '%s' in '%s'.", field,
                            sl_expr_text(ar, base));
    sl_expr *e = sl_expr_node_new(ar, SL_EX_DEREF, base->type->fields[i].type, 1);
    e->args[0] = base;
    e->index = i;
    e->name = base->type->fields[i].name;
    *out = e;
    return NULL;
}

/* --- constructors ------------------------------------------------------------------------ */

#define ISSUE_4239 "(see https://github.com/confluentinc/ksql/issues/4239)"

sl_error *sl_expr_array_new(sl_arena *ar, sl_expr *const *elems, uint32_t n, sl_expr **out)
{
    if (n == 0)
        return sl_error_new(SL_E_TYPE, "Array constructor cannot be empty. Please supply at least "
                                       "one element " ISSUE_4239 ".");
    sl_expr *e = sl_expr_node_new(ar, SL_EX_ARRAY, NULL, n);
    memcpy(e->args, elems, n * sizeof *elems);
    const sl_type *t;
    sl_error *err = sl_expr_coerce_list(ar, e->args, n, &t);
    if (err) return err;
    if (!t)
        return sl_error_new(SL_E_TYPE,
                            "Cannot construct an array with all NULL elements " ISSUE_4239
                            ". As a workaround, you may cast a NULL value to the "
                            "desired type.");
    e->type = sl_type_array(ar, t);
    *out = e;
    return NULL;
}

sl_error *sl_expr_map_new(sl_arena *ar, sl_expr *const *keys, sl_expr *const *values, uint32_t n,
                          sl_expr **out)
{
    if (n == 0)
        return sl_error_new(SL_E_TYPE, "Map constructor cannot be empty. Please supply at least "
                                       "one key value pair " ISSUE_4239 ".");
    sl_expr **k = SL_ARENA_ARRAY(ar, sl_expr *, n), **v = SL_ARENA_ARRAY(ar, sl_expr *, n);
    memcpy(k, keys, n * sizeof *k);
    memcpy(v, values, n * sizeof *v);
    const sl_type *kt, *vt;
    sl_error *err = sl_expr_coerce_list(ar, k, n, &kt);
    if (err) return err;
    if (!kt)
        return sl_error_new(SL_E_TYPE, "Cannot construct a map with all NULL keys " ISSUE_4239
                                       ". As a workaround, you may cast a NULL key to the desired "
                                       "type.");
    if ((err = sl_expr_coerce_list(ar, v, n, &vt))) return err;
    if (!vt)
        return sl_error_new(SL_E_TYPE, "Cannot construct a map with all NULL values " ISSUE_4239
                                       ". As a workaround, you may cast a NULL value to the "
                                       "desired type.");
    sl_expr *e = sl_expr_node_new(ar, SL_EX_MAP, sl_type_map(ar, kt, vt), 2 * n);
    for (uint32_t i = 0; i < n; i++) {
        e->args[2 * i] = k[i];
        e->args[2 * i + 1] = v[i];
    }
    *out = e;
    return NULL;
}

sl_error *sl_expr_struct_new(sl_arena *ar, const char *const *names, sl_expr *const *values,
                             uint32_t n, sl_expr **out)
{
    sl_field *f = SL_ARENA_ARRAY(ar, sl_field, n ? n : 1);
    sl_expr *e = sl_expr_node_new(ar, SL_EX_STRUCT, NULL, n);
    e->names = SL_ARENA_ARRAY(ar, const char *, n ? n : 1);
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0)
                return sl_error_new(SL_E_TYPE, "Duplicate field names found in STRUCT");
        if (values[i]->type->kind == SL_K_NULL)
            return sl_error_new(SL_E_TYPE, "Can't infer a type of null. Please explicitly cast it "
                                           "to a required type, e.g. CAST(null AS VARCHAR).");
        e->names[i] = f[i].name = sl_arena_strdup(ar, names[i]);
        f[i].type = values[i]->type;
        e->args[i] = values[i];
    }
    e->type = sl_type_struct(ar, n, f);
    *out = e;
    return NULL;
}

/* --- function calls and lambdas ---------------------------------------------------------- */

/* The registry's view of the arguments: types (NULL for lambdas), lambda body types and
 * constant literals. */
static void call_view(sl_arena *ar, sl_expr *const *args, uint32_t n, const sl_type ***types,
                      const sl_type ***lret, sl_value **consts, bool **isc)
{
    *types = SL_ARENA_ARRAY(ar, const sl_type *, n ? n : 1);
    *lret = SL_ARENA_ARRAY(ar, const sl_type *, n ? n : 1);
    *consts = SL_ARENA_ARRAY(ar, sl_value, n ? n : 1);
    *isc = SL_ARENA_ARRAY(ar, bool, n ? n : 1);
    for (uint32_t i = 0; i < n; i++) {
        const sl_expr *a = args[i];
        bool lambda = !a || a->kind == SL_EX_LAMBDA;
        (*types)[i] = lambda ? NULL : a->type;
        (*lret)[i] = a && lambda ? a->args[0]->type : NULL;
        (*isc)[i] = a && a->kind == SL_EX_LIT;
        (*consts)[i] = (*isc)[i] ? a->lit : sl_value_null();
    }
}

/* Each lambda's parameters must have the types the chosen overload passes it. */
static sl_error *check_lambdas(sl_arena *ar, const char *name, sl_expr *const *args, uint32_t n,
                               const sl_fn_call *call)
{
    const sl_type **wide = SL_ARENA_ARRAY(ar, const sl_type *, n ? n : 1);
    for (uint32_t i = 0; i < n; i++)
        wide[i] = args[i]->kind == SL_EX_LAMBDA ? NULL : call->arg_types[i];
    for (uint32_t i = 0; i < n; i++) {
        const sl_expr *l = args[i];
        if (l->kind != SL_EX_LAMBDA) continue;
        const sl_type *want[3];
        int np = 0;
        sl_error *err = sl_fn_lambda_params(ar, name, wide, (int)n, (int)i, want, &np);
        if (err) return err;
        bool ok = (uint32_t)np == l->nparams;
        for (uint32_t k = 0; ok && k < l->nparams; k++)
            ok = want[k]->kind == SL_K_NULL || sl_type_eq(want[k], l->ptypes[k]);
        if (!ok)
            return sl_error_new(SL_E_TYPE,
                                "Function '%s' expects a lambda with %d parameter%s "
                                "for argument %u, typed as resolved; got %s",
                                call->def->name, np, np == 1 ? "" : "s", i + 1,
                                sl_expr_text(ar, l));
    }
    return NULL;
}

sl_error *sl_expr_call_new(sl_arena *ar, const char *name, sl_expr *const *args, uint32_t n,
                           sl_expr **out)
{
    const sl_type **types, **lret;
    sl_value *consts;
    bool *isc;
    call_view(ar, args, n, &types, &lret, &consts, &isc);
    sl_fn_call *call;
    sl_error *err = sl_fn_resolve(ar, name, types, lret, (int)n, consts, isc, &call);
    if (!err) err = check_lambdas(ar, name, args, n, call);
    if (err) return err;
    sl_expr *e = sl_expr_node_new(ar, SL_EX_CALL, call->ret_type, n);
    for (uint32_t i = 0; i < n && !err; i++) {
        e->args[i] = args[i];
        if (args[i]->kind != SL_EX_LAMBDA)
            err = sl_expr_coerce_to(ar, args[i], call->arg_types[i], &e->args[i]);
    }
    if (err) return err;
    e->call = call;
    e->name = call->def->name;
    *out = e;
    return NULL;
}

sl_error *sl_expr_lambda_params(sl_arena *ar, const char *name, sl_expr *const *args, uint32_t n,
                                uint32_t li, const sl_type **params, uint32_t *nparams)
{
    const sl_type **types, **lret;
    sl_value *consts;
    bool *isc;
    call_view(ar, args, n, &types, &lret, &consts, &isc);
    int np = 0;
    sl_error *err = sl_fn_lambda_params(ar, name, types, (int)n, (int)li, params, &np);
    if (!err) *nparams = (uint32_t)np;
    return err;
}

sl_expr *sl_expr_lambda_var_new(sl_arena *ar, const char *name, const sl_type *t)
{
    sl_expr *e = sl_expr_node_new(ar, SL_EX_LAMBDA_VAR, t, 0);
    e->name = sl_arena_strdup(ar, name);
    return e;
}

sl_error *sl_expr_lambda_new(sl_arena *ar, uint32_t nparams, const char *const *names,
                             const sl_type *const *types, sl_expr *body, sl_expr **out)
{
    if (nparams == 0 || nparams > 3)
        return sl_error_new(SL_E_TYPE, "A lambda takes 1 to 3 parameters, not %u", nparams);
    sl_expr *e = sl_expr_node_new(ar, SL_EX_LAMBDA, &sl_type_lambda, 1);
    e->args[0] = body;
    e->nparams = nparams;
    e->names = SL_ARENA_ARRAY(ar, const char *, nparams);
    e->ptypes = SL_ARENA_ARRAY(ar, const sl_type *, nparams);
    for (uint32_t i = 0; i < nparams; i++) {
        for (uint32_t j = 0; j < i; j++)
            if (strcasecmp(names[i], names[j]) == 0)
                return sl_error_new(SL_E_TYPE, "Lambda parameter '%s' is declared twice", names[i]);
        e->names[i] = sl_arena_strdup(ar, names[i]);
        e->ptypes[i] = types[i];
    }
    *out = e;
    return NULL;
}
