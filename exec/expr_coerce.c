/*
 * expr_coerce.c - implicit conversions of expressions, and ksqlDB's coercion
 * of user lists (CoercionUtil): IN lists and ARRAY/MAP constructor elements.
 *
 * Model
 *   Converting an expression to a type (sl_expr_coerce_to) takes one of three
 *   forms: a literal is converted now (so '10' in an INT list becomes the INT
 *   literal 10, and a bad one is a planning error); a constructor is rebuilt
 *   with its elements converted (so ARRAY['1'] can become ARRAY<BIGINT>); any
 *   other expression is wrapped in an implicit CAST, run per row.
 *
 *   A user list takes the type of its first typed element and then widens it
 *   element by element, in order:
 *
 *     number, number        the common number type (INT < BIGINT < DECIMAL < DOUBLE)
 *     number, 'text'        the text must read as a number; it widens like one
 *     BOOLEAN, 'text'       the text must read as a boolean (prefixes of true/yes/false/no)
 *     constructors          resolved element-wise; STRUCTs take the union of fields
 *     literal of any type   may become a STRING (MAP(k:=1, 10:=2) has STRING keys)
 *     anything else         the same type, or one coercible to the other
 *
 *   Failures read as ksqlDB's: 'operator does not exist: INTEGER = BOOLEAN
 *   (true)' with a hint, or 'invalid input syntax for type INTEGER: "x".'.
 */
#include "common/str.h"
#include "exec/decimal.h"
#include "exec/expr_int.h"

#include <string.h>
#include <strings.h>

static sl_error *bad_literal(const sl_type *t, const sl_expr *lit)
{
    sl_kind k = t->kind;
    return sl_error_new(SL_E_TYPE, "invalid input syntax for type %s: \"%.*s\".",
                        k == SL_K_DECIMAL ? "DECIMAL" : sl_kind_name(k), (int)lit->lit.len,
                        lit->lit.u.s);
}

const sl_type *sl_expr_string_numeric_type(sl_arena *ar, const char *s, size_t n)
{
    int p, sc;
    if (!sl_decimal_text_type(s, n, &p, &sc)) return NULL;
    bool plain = !memchr(s, '.', n) && !memchr(s, 'e', n) && !memchr(s, 'E', n);
    long long v;
    size_t i = 0, m = n;
    while (i < m && (unsigned char)s[i] <= ' ')
        i++;
    while (m > i && (unsigned char)s[m - 1] <= ' ')
        m--;
    if (plain && sl_str_to_i64(s + i, m - i, &v)) { /* ksqlDB's bounds are exclusive */
        if (v > INT32_MIN && v < INT32_MAX) return &sl_type_int;
        if (v > INT64_MIN && v < INT64_MAX) return &sl_type_bigint;
    }
    return sl_type_decimal(ar, p, sc);
}

/* ksqlDB's lax reading of a boolean literal: prefixes of true/yes/false/no. */
static int lax_boolean(const char *s, size_t n)
{
    while (n && (unsigned char)s[0] <= ' ')
        s++, n--;
    while (n && (unsigned char)s[n - 1] <= ' ')
        n--;
    if (!n) return -1;
    if ((n <= 4 && strncasecmp(s, "true", n) == 0) || (n <= 3 && strncasecmp(s, "yes", n) == 0))
        return 1;
    if ((n <= 5 && strncasecmp(s, "false", n) == 0) || (n <= 2 && strncasecmp(s, "no", n) == 0))
        return 0;
    return -1;
}

/* A literal converted to t now (ksqlDB's LAX coercer). */
static sl_error *convert_literal(sl_arena *ar, sl_expr *e, const sl_type *t, sl_expr **out)
{
    sl_value v;
    if (e->type->kind == SL_K_NULL || e->lit.null) {
        *out = sl_expr_lit_new(ar, t, sl_value_null());
        return NULL;
    }
    if (e->type->kind == SL_K_STRING && t->kind == SL_K_BOOLEAN) {
        int b = lax_boolean(e->lit.u.s, e->lit.len);
        if (b < 0) return bad_literal(t, e);
        *out = sl_expr_lit_new(ar, t, sl_value_bool(b));
        return NULL;
    }
    sl_error *err = sl_cast_value(ar, NULL, e->type, t, e->lit, &v);
    if (err) {
        bool text = e->type->kind == SL_K_STRING;
        sl_error *e2 = text ? bad_literal(t, e) : NULL;
        if (e2) {
            sl_error_free(err);
            return e2;
        }
        return err;
    }
    *out = sl_expr_lit_new(ar, t, v);
    return NULL;
}

static sl_error *rebuild_constructor(sl_arena *ar, sl_expr *e, const sl_type *t, sl_expr **out);

sl_error *sl_expr_coerce_to(sl_arena *ar, sl_expr *e, const sl_type *t, sl_expr **out)
{
    if (sl_type_eq(e->type, t)) {
        *out = e;
        return NULL;
    }
    if (e->kind == SL_EX_LIT) return convert_literal(ar, e, t, out);
    if ((e->kind == SL_EX_ARRAY && t->kind == SL_K_ARRAY) ||
        (e->kind == SL_EX_MAP && t->kind == SL_K_MAP) ||
        (e->kind == SL_EX_STRUCT && t->kind == SL_K_STRUCT))
        return rebuild_constructor(ar, e, t, out);
    sl_error *err = sl_cast_check(e->type, t);
    if (err) return err;
    sl_expr *c = sl_expr_node_new(ar, SL_EX_CAST, t, 1);
    c->args[0] = e;
    c->flags = SL_EXF_IMPLICIT;
    *out = c;
    return NULL;
}

static sl_error *rebuild_constructor(sl_arena *ar, sl_expr *e, const sl_type *t, sl_expr **out)
{
    sl_expr *n;
    if (e->kind == SL_EX_STRUCT) { /* the target's fields, by name; missing ones NULL */
        n = sl_expr_node_new(ar, SL_EX_STRUCT, t, t->nfields);
        n->names = SL_ARENA_ARRAY(ar, const char *, t->nfields ? t->nfields : 1);
        for (uint32_t i = 0; i < t->nfields; i++) {
            const sl_type *ft = t->fields[i].type;
            n->names[i] = t->fields[i].name;
            n->args[i] = NULL;
            for (uint32_t j = 0; j < e->nargs; j++)
                if (strcmp(e->names[j], t->fields[i].name) == 0) n->args[i] = e->args[j];
            sl_error *err = n->args[i]
                                ? sl_expr_coerce_to(ar, n->args[i], ft, &n->args[i])
                                : (n->args[i] = sl_expr_lit_new(ar, ft, sl_value_null()), NULL);
            if (err) return err;
        }
        *out = n;
        return NULL;
    }
    n = sl_expr_node_new(ar, e->kind, t, e->nargs);
    for (uint32_t i = 0; i < e->nargs; i++) {
        const sl_type *et = e->kind == SL_EX_ARRAY ? t->elem : (i % 2 == 0 ? t->key : t->elem);
        sl_error *err = sl_expr_coerce_to(ar, e->args[i], et, &n->args[i]);
        if (err) return err;
    }
    *out = n;
    return NULL;
}

/* --- user lists -------------------------------------------------------------------------- */

static sl_error *no_operator(sl_arena *ar, const sl_type *target, const sl_expr *e)
{
    sl_buf a = SL_BUF_INIT, b = SL_BUF_INIT;
    sl_type_print(&a, target);
    sl_type_print(&b, e->type);
    sl_error *err = sl_error_new(SL_E_TYPE, "operator does not exist: %s = %s (%s)",
                                 sl_buf_cstr(&a), sl_buf_cstr(&b), sl_expr_text(ar, e));
    sl_buf_free(&a);
    sl_buf_free(&b);
    return sl_error_with_hint(err, "You might need to add explicit type casts.");
}

static sl_error *resolve(sl_arena *ar, const sl_type *target, const sl_expr *e,
                         const sl_type **out);

/* The common type of target and the typed expressions among es (stride apart). */
static sl_error *resolve_elements(sl_arena *ar, const sl_type *target, sl_expr *const *es,
                                  uint32_t n, uint32_t first, uint32_t stride, const sl_type **out)
{
    for (uint32_t i = first; i < n; i += stride) {
        if (es[i]->type->kind == SL_K_NULL) continue;
        sl_error *err = resolve(ar, target, es[i], &target);
        if (err) return err;
    }
    *out = target;
    return NULL;
}

static sl_error *resolve_struct(sl_arena *ar, const sl_type *target, const sl_expr *e,
                                const sl_type **out)
{
    uint32_t cap = e->nargs + target->nfields, nf = 0;
    sl_field *f = SL_ARENA_ARRAY(ar, sl_field, cap ? cap : 1);
    for (uint32_t pass = 0; pass < 2; pass++) {
        uint32_t n = pass == 0 ? e->nargs : target->nfields;
        for (uint32_t i = 0; i < n; i++) {
            const char *name = pass == 0 ? e->names[i] : target->fields[i].name;
            bool seen = false;
            for (uint32_t k = 0; k < nf; k++)
                seen |= strcmp(f[k].name, name) == 0;
            if (seen) continue;
            const sl_expr *src = NULL;
            const sl_type *tt = NULL;
            for (uint32_t k = 0; k < e->nargs; k++)
                if (strcmp(e->names[k], name) == 0) src = e->args[k];
            for (uint32_t k = 0; k < target->nfields; k++)
                if (strcmp(target->fields[k].name, name) == 0) tt = target->fields[k].type;
            const sl_type *ft = tt ? tt : src->type;
            if (tt && src && src->type->kind != SL_K_NULL) {
                sl_error *err = resolve(ar, tt, src, &ft);
                if (err) return err;
            }
            f[nf].name = name;
            f[nf++].type = ft;
        }
    }
    *out = sl_type_struct(ar, nf, f);
    return NULL;
}

static sl_error *resolve_constructor(sl_arena *ar, const sl_type *target, const sl_expr *e,
                                     const sl_type **out)
{
    sl_kind want = e->kind == SL_EX_ARRAY ? SL_K_ARRAY
                   : e->kind == SL_EX_MAP ? SL_K_MAP
                                          : SL_K_STRUCT;
    if (target->kind != want) return no_operator(ar, target, e);
    sl_error *err;
    if (e->kind == SL_EX_STRUCT) {
        err = resolve_struct(ar, target, e, out);
    } else if (e->kind == SL_EX_ARRAY) {
        const sl_type *el;
        err = resolve_elements(ar, target->elem, e->args, e->nargs, 0, 1, &el);
        if (!err) *out = sl_type_array(ar, el);
    } else {
        const sl_type *k, *v;
        err = resolve_elements(ar, target->key, e->args, e->nargs, 0, 2, &k);
        if (!err) err = resolve_elements(ar, target->elem, e->args, e->nargs, 1, 2, &v);
        if (!err) *out = sl_type_map(ar, k, v);
    }
    if (err && strncmp(err->msg, "operator does not exist", 23) == 0) {
        sl_error_free(err);
        return no_operator(ar, target, e);
    }
    return err;
}

/* A string literal meeting a numeric common type: it must read as a number. */
static sl_error *resolve_numeric_text(sl_arena *ar, const sl_type *target, const sl_expr *e,
                                      const sl_type **out)
{
    const sl_type *st = sl_expr_string_numeric_type(ar, e->lit.u.s, e->lit.len);
    if (!st) return bad_literal(target, e);
    *out = sl_type_common(ar, target, st);
    return NULL;
}

static sl_error *resolve(sl_arena *ar, const sl_type *target, const sl_expr *e, const sl_type **out)
{
    const sl_type *t = e->type;
    bool lit = e->kind == SL_EX_LIT;
    if (lit && e->lit.null) { /* a NULL literal typed by an earlier coercion fits anything */
        *out = target;
        return NULL;
    }
    if (e->kind == SL_EX_ARRAY || e->kind == SL_EX_MAP || e->kind == SL_EX_STRUCT)
        return resolve_constructor(ar, target, e, out);
    if (lit && t->kind == SL_K_STRING && sl_type_is_numeric(target))
        return resolve_numeric_text(ar, target, e, out);
    if (lit && t->kind == SL_K_STRING && target->kind == SL_K_BOOLEAN) {
        if (lax_boolean(e->lit.u.s, e->lit.len) < 0) return bad_literal(target, e);
        *out = target;
        return NULL;
    }
    if (sl_type_eq(t, target)) {
        *out = target;
        return NULL;
    }
    if (sl_type_is_numeric(t) && sl_type_is_numeric(target)) {
        *out = sl_type_common(ar, target, t);
        return NULL;
    }
    if (lit && target->kind == SL_K_STRING && t->kind != SL_K_BYTES &&
        sl_type_can_cast(t, target)) { /* a literal may become text */
        *out = target;
        return NULL;
    }
    if (lit && t->kind == SL_K_STRING && sl_type_is_temporal(target)) {
        *out = target;
        return NULL;
    }
    const sl_type *c = sl_type_common(ar, target, t);
    if (!c || !sl_type_can_coerce(t, c) || !sl_type_can_coerce(target, c))
        return no_operator(ar, target, e);
    *out = c;
    return NULL;
}

sl_error *sl_expr_coerce_list(sl_arena *ar, sl_expr **es, uint32_t n, const sl_type **common)
{
    const sl_type *c = NULL;
    for (uint32_t i = 0; i < n; i++) {
        if (es[i]->type->kind == SL_K_NULL) continue;
        if (!c) {
            c = es[i]->type;
            continue;
        }
        sl_error *err = resolve(ar, c, es[i], &c);
        if (err) return err;
    }
    *common = c;
    if (!c) return NULL;
    for (uint32_t i = 0; i < n; i++) {
        sl_error *err = sl_expr_coerce_to(ar, es[i], c, &es[i]);
        if (err) return err;
    }
    return NULL;
}
