/*
 * fn_test.h - a small harness for the scalar function tests (test_fn_*.c).
 *
 * It calls an overload the way the evaluator does, without the registry: finds
 * the definition by name in the function library's group tables and the
 * overload by its parameter text, builds the call site (argument types, return
 * type, constant arguments), runs init, skips impl and yields NULL when an
 * argument is NULL and the overload is not SL_FN_NULL_SAFE, runs impl, then fini.
 * The result comes back as text: ksqlDB's rendering (sl_value_print) by CALL,
 * JSON by CALLJ, "NULL" for SQL NULL and "ERROR: <message>" for an error.
 *
 * Arguments are written as typed JSON: A("ARRAY<INT>", "[1, null]"), or with the
 * shorthands I(5), L(5), D(1.5), S("text"), N("INT") (a NULL), and K(...) marks
 * an argument as a constant of the call site.
 */
#ifndef SL_TEST_FN_TEST_H
#define SL_TEST_FN_TEST_H

#include "exec/fn_int.h"
#include "exec/func.h"

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sl_arena *fnt_ar;
static const sl_type *fnt_vars[26]; /* type variables bound by the current call */

typedef struct targ {
    const sl_type *t;
    sl_value v;
    bool c;
} targ;

static inline void fnt_setup(void)
{
    fnt_ar = sl_arena_new(0);
}

static inline void fnt_teardown(void)
{
    sl_arena_free(fnt_ar);
    fnt_ar = NULL;
}

/* --- types from text --------------------------------------------------------------------- */

static inline const sl_type *fnt_type_p(const char **s);

static inline void fnt_skip(const char **s)
{
    while (**s == ' ')
        (*s)++;
}

static inline const sl_type *fnt_type_p(const char **s)
{
    static const struct {
        const char *name;
        const sl_type *t;
    } prims[] = {
        {"INT", &sl_type_int},       {"BIGINT", &sl_type_bigint},       {"DOUBLE", &sl_type_double},
        {"STRING", &sl_type_string}, {"BOOLEAN", &sl_type_boolean},     {"BYTES", &sl_type_bytes},
        {"DATE", &sl_type_date},     {"TIMESTAMP", &sl_type_timestamp}, {"TIME", &sl_type_time},
        {"NULL", &sl_type_null},     {"INTERVAL", &sl_type_interval}};
    fnt_skip(s);
    if ((*s)[0] >= 'A' && (*s)[0] <= 'Z' && !((*s)[1] >= 'A' && (*s)[1] <= 'Z') && (*s)[1] != '(') {
        const sl_type *v = fnt_vars[(*s)[0] - 'A'];
        ck_assert_msg(v != NULL, "fn_test: type variable %c is not bound", (*s)[0]);
        (*s)++;
        return v;
    }
    if (strncmp(*s, "ARRAY<", 6) == 0) {
        *s += 6;
        const sl_type *e = fnt_type_p(s);
        fnt_skip(s);
        (*s)++; /* > */
        return sl_type_array(fnt_ar, e);
    }
    if (strncmp(*s, "MAP<", 4) == 0) {
        *s += 4;
        const sl_type *k = fnt_type_p(s);
        fnt_skip(s);
        (*s)++; /* , */
        const sl_type *v = fnt_type_p(s);
        fnt_skip(s);
        (*s)++; /* > */
        return sl_type_map(fnt_ar, k, v);
    }
    if (strncmp(*s, "DECIMAL(", 8) == 0) {
        int p, sc, used;
        sscanf(*s, "DECIMAL(%d,%d)%n", &p, &sc, &used);
        *s += used;
        return sl_type_decimal(fnt_ar, p, sc);
    }
    if (strncmp(*s, "STRUCT<", 7) == 0) {
        *s += 7;
        sl_field f[16];
        uint32_t n = 0;
        while (**s != '>') {
            fnt_skip(s);
            const char *name = *s;
            while (**s != ' ')
                (*s)++;
            f[n].name = sl_arena_strndup(fnt_ar, name, (size_t)(*s - name));
            f[n].type = fnt_type_p(s);
            n++;
            fnt_skip(s);
            if (**s == ',') (*s)++;
        }
        (*s)++;
        return sl_type_struct(fnt_ar, n, f);
    }
    for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++) {
        size_t l = strlen(prims[i].name);
        if (strncmp(*s, prims[i].name, l) == 0 && !(((*s)[l] >= 'A' && (*s)[l] <= 'Z'))) {
            *s += l;
            return prims[i].t;
        }
    }
    ck_abort_msg("fn_test: cannot parse type %s", *s);
    return NULL;
}

static inline const sl_type *fnt_type(const char *s)
{
    return fnt_type_p(&s);
}

/* --- values from JSON -------------------------------------------------------------------- */

static inline sl_value fnt_from_json(const sl_type *t, json_t *j);

static inline sl_value fnt_from_text(const sl_type *t, const char *s)
{
    switch (t->kind) {
    case SL_K_STRING:
    case SL_K_BYTES:
        return sl_value_str(sl_arena_strdup(fnt_ar, s), (uint32_t)strlen(s));
    case SL_K_DOUBLE:
        return sl_value_double(strtod(s, NULL));
    case SL_K_BOOLEAN:
        return sl_value_bool(strcmp(s, "true") == 0);
    default:
        return sl_value_int(strtoll(s, NULL, 10));
    }
}

static inline sl_value fnt_decimal(const sl_type *t, const char *s)
{
    sl_int128 v = 0;
    int frac = -1;
    bool neg = *s == '-';
    for (const char *c = s + neg; *c; c++) {
        if (*c == '.') {
            frac = 0;
            continue;
        }
        v = v * 10 + (*c - '0');
        if (frac >= 0) frac++;
    }
    if (frac < 0) frac = 0;
    for (; frac < t->scale; frac++)
        v *= 10;
    return sl_value_decimal(fnt_ar, neg ? -v : v);
}

static inline sl_value fnt_from_json(const sl_type *t, json_t *j)
{
    if (json_is_null(j)) return sl_value_null();
    switch (t->kind) {
    case SL_K_ARRAY: {
        sl_array *a = sl_array_new(fnt_ar, (uint32_t)json_array_size(j));
        for (uint32_t i = 0; i < a->n; i++)
            a->v[i] = fnt_from_json(t->elem, json_array_get(j, i));
        return sl_value_array(a);
    }
    case SL_K_MAP: {
        sl_map *m = sl_map_new(fnt_ar, (uint32_t)json_object_size(j));
        const char *k;
        json_t *v;
        uint32_t i = 0;
        json_object_foreach(j, k, v)
        {
            m->k[i] = fnt_from_text(t->key, k);
            m->v[i++] = fnt_from_json(t->elem, v);
        }
        return sl_value_map(m);
    }
    case SL_K_STRUCT: {
        sl_struct *st = sl_struct_new(fnt_ar, t->nfields);
        for (uint32_t i = 0; i < t->nfields; i++) {
            json_t *f = json_object_get(j, t->fields[i].name);
            st->f[i] = f ? fnt_from_json(t->fields[i].type, f) : sl_value_null();
        }
        return sl_value_struct(st);
    }
    case SL_K_STRING:
    case SL_K_BYTES:
        return sl_value_str(sl_arena_memdup(fnt_ar, json_string_value(j), json_string_length(j)),
                            (uint32_t)json_string_length(j));
    case SL_K_DOUBLE:
        return sl_value_double(json_number_value(j));
    case SL_K_BOOLEAN:
        return sl_value_bool(json_is_true(j));
    case SL_K_DECIMAL:
        return fnt_decimal(t, json_string_value(j));
    default:
        return sl_value_int(json_integer_value(j));
    }
}

/* An argument of type `type` whose value is the JSON text (DECIMALs as strings). */
static inline targ A(const char *type, const char *json)
{
    const sl_type *t = fnt_type(type);
    json_error_t e;
    json_t *j = json_loads(json, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
    ck_assert_msg(j != NULL, "fn_test: bad JSON %s: %s", json, e.text);
    targ a = {t, fnt_from_json(t, j), false};
    json_decref(j);
    return a;
}

static inline targ I(int64_t i)
{
    return (targ){&sl_type_int, sl_value_int(i), false};
}
static inline targ L(int64_t i)
{
    return (targ){&sl_type_bigint, sl_value_int(i), false};
}
static inline targ D(double d)
{
    return (targ){&sl_type_double, sl_value_double(d), false};
}
static inline targ S(const char *s)
{
    return (targ){&sl_type_string, sl_value_str(s, (uint32_t)strlen(s)), false};
}
static inline targ N(const char *type)
{
    return (targ){fnt_type(type), sl_value_null(), false};
}
static inline targ K(targ a)
{
    a.c = true;
    return a;
}

/* --- calls ------------------------------------------------------------------------------- */

static inline const sl_fn_def *fnt_def(const char *name)
{
    const struct {
        const sl_fn_def *defs;
        uint32_t n;
    } groups[] = {FNT_GROUPS};
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        for (uint32_t i = 0; i < groups[g].n; i++)
            if (strcmp(groups[g].defs[i].name, name) == 0) return &groups[g].defs[i];
    ck_abort_msg("fn_test: no function %s", name);
    return NULL;
}

static inline const sl_fn_sig *fnt_sig(const sl_fn_def *def, const char *params)
{
    for (uint32_t i = 0; i < def->nsigs; i++)
        if (strcmp(def->sigs[i].params, params) == 0) return &def->sigs[i];
    ck_abort_msg("fn_test: %s has no overload (%s)", def->name, params);
    return NULL;
}

/* Binds the type variables of parameter text p (one parameter) to type t. */
static inline void fnt_bind(const char **p, const sl_type *t)
{
    fnt_skip(p);
    if (strncmp(*p, "...", 3) == 0) *p += 3;
    if ((*p)[0] >= 'A' && (*p)[0] <= 'Z' && !((*p)[1] >= 'A' && (*p)[1] <= 'Z')) {
        if (!fnt_vars[(*p)[0] - 'A'] && t->kind != SL_K_NULL) fnt_vars[(*p)[0] - 'A'] = t;
        (*p)++;
    } else if (strncmp(*p, "ARRAY<", 6) == 0) {
        *p += 6;
        fnt_bind(p, t->kind == SL_K_ARRAY ? t->elem : &sl_type_null);
        fnt_skip(p);
        (*p)++;
    } else if (strncmp(*p, "MAP<", 4) == 0) {
        *p += 4;
        fnt_bind(p, t->kind == SL_K_MAP ? t->key : &sl_type_null);
        fnt_skip(p);
        (*p)++;
        fnt_bind(p, t->kind == SL_K_MAP ? t->elem : &sl_type_null);
        fnt_skip(p);
        (*p)++;
    } else {
        while (**p && **p != ',')
            (*p)++;
    }
}

/* The return type of the call: from ret_fn, else the overload's text with its
 * type variables bound by the argument types. */
static inline const sl_type *fnt_ret(const sl_fn_sig *sig, int n, const targ *args)
{
    const sl_type **types = SL_ARENA_ARRAY(fnt_ar, const sl_type *, n + 1);
    for (int i = 0; i < n; i++)
        types[i] = args[i].t;
    if (sig->ret_fn) {
        sl_error *err = NULL;
        const sl_type *t = sig->ret_fn(fnt_ar, types, n, &err);
        ck_assert_msg(t != NULL, "fn_test: ret_fn failed: %s", err ? err->msg : "?");
        return t;
    }
    memset(fnt_vars, 0, sizeof fnt_vars);
    const char *p = sig->params, *last = p;
    for (int i = 0; i < n; i++) {
        fnt_skip(&p);
        if (!*p) p = last; /* the variadic parameter repeats */
        last = p;
        fnt_bind(&p, args[i].t);
        fnt_skip(&p);
        if (*p == ',') p++;
    }
    return fnt_type(sig->ret);
}

/* Runs the overload; *out gets the result. ret overrides the return type when not NULL. */
static inline sl_error *fnt_run(const char *name, const char *params, const sl_type *ret, int n,
                                const targ *args, sl_value *out, const sl_type **rtype)
{
    const sl_fn_def *def = fnt_def(name);
    const sl_fn_sig *sig = fnt_sig(def, params);
    sl_fn_call *call = SL_ARENA_NEW(fnt_ar, sl_fn_call);
    const sl_type **types = SL_ARENA_ARRAY(fnt_ar, const sl_type *, n + 1);
    sl_value *vals = SL_ARENA_ARRAY(fnt_ar, sl_value, n + 1);
    sl_value *consts = SL_ARENA_ARRAY(fnt_ar, sl_value, n + 1);
    bool *isc = SL_ARENA_ARRAY(fnt_ar, bool, n + 1);
    bool any_null = false;
    for (int i = 0; i < n; i++) {
        types[i] = args[i].t;
        vals[i] = args[i].v;
        isc[i] = args[i].c;
        consts[i] = args[i].c ? args[i].v : sl_value_null();
        any_null |= args[i].v.null;
    }
    call->def = def;
    call->sig = sig;
    call->nargs = n;
    call->arg_types = types;
    call->ret_type = ret ? ret : fnt_ret(sig, n, args);
    call->const_args = consts;
    call->is_const = isc;
    *rtype = call->ret_type;
    void *state = NULL;
    if (sig->init) {
        sl_error *err = sig->init(call, &state);
        if (err) return err;
    }
    sl_fnctx cx = {.ar = fnt_ar, .call = call, .state = state};
    sl_error *err = NULL;
    if (any_null && !(sig->flags & SL_FN_NULL_SAFE))
        *out = sl_value_null();
    else
        err = sig->impl(&cx, vals, n, out);
    if (sig->fini) sig->fini(state);
    return err;
}

static inline const char *fnt_text(const char *name, const char *params, const sl_type *ret, int n,
                                   const targ *args, bool json)
{
    sl_value out;
    const sl_type *rt;
    sl_error *err = fnt_run(name, params, ret, n, args, &out, &rt);
    sl_buf b = SL_BUF_INIT;
    if (err) {
        ck_assert_int_eq(err->code, SL_E_EVAL);
        sl_buf_printf(&b, "ERROR: %s", err->msg);
        sl_error_free(err);
    } else if (out.null) {
        sl_buf_puts(&b, "NULL");
    } else if (json) {
        sl_value_print_json(&b, rt, out);
    } else {
        sl_value_print(&b, rt, out);
    }
    char *s = sl_arena_strdup(fnt_ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

#define FNT_N(...) ((int)(sizeof((targ[]){__VA_ARGS__}) / sizeof(targ)))
#define CALL(name, params, ...)                                                                    \
    fnt_text(name, params, NULL, FNT_N(__VA_ARGS__), (targ[]){__VA_ARGS__}, false)
#define CALLJ(name, params, ...)                                                                   \
    fnt_text(name, params, NULL, FNT_N(__VA_ARGS__), (targ[]){__VA_ARGS__}, true)
#define CALLR(ret, name, params, ...)                                                              \
    fnt_text(name, params, fnt_type(ret), FNT_N(__VA_ARGS__), (targ[]){__VA_ARGS__}, false)
#define CALL0(name) fnt_text(name, "", NULL, 0, NULL, false)

#define EQ(call, want) ck_assert_str_eq(call, want)

/* Whether a CALL's text is a per-record error. */
static inline bool is_error(const char *r)
{
    return strncmp(r, "ERROR: ", 7) == 0;
}

#endif
