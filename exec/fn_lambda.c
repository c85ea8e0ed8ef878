/*
 * fn_lambda.c - the lambda group: TRANSFORM, FILTER and REDUCE over arrays and
 * maps, as ksqlDB defines them.
 *
 *   TRANSFORM(array, x => f)             each element mapped, order kept
 *   TRANSFORM(map, (k, v) => kf, (k, v) => vf)   both mapped; two entries that map to one
 *                                        key are an error (ksqlDB's Collectors.toMap)
 *   FILTER(array, x => p)  FILTER(map, (k, v) => p)   entries where p is TRUE
 *   REDUCE(array, s0, (s, x) => f)  REDUCE(map, s0, (s, k, v) => f)
 *                                        folds from s0; a NULL collection gives s0, a NULL
 *                                        s0 gives NULL
 *
 * The lambda runs through sl_lambda_call, which evaluates its compiled body in
 * the calling program; an error in the body fails the whole call. Results are
 * allocated in cx->ar.
 */
#include "exec/func.h"

static sl_error *call1(sl_fnctx *cx, const sl_value *fn, sl_value a, sl_value *out)
{
    return sl_lambda_call(cx, fn, &a, 1, out);
}

static sl_error *call2(sl_fnctx *cx, const sl_value *fn, sl_value a, sl_value b, sl_value *out)
{
    sl_value argv[2] = {a, b};
    return sl_lambda_call(cx, fn, argv, 2, out);
}

static sl_error *transform_array(sl_fnctx *cx, const sl_value *args, int nargs, sl_value *out)
{
    (void)nargs;
    const sl_array *a = args[0].u.arr;
    sl_array *r = sl_array_new(cx->ar, a->n);
    for (uint32_t i = 0; i < a->n; i++) {
        sl_error *err = call1(cx, &args[1], a->v[i], &r->v[i]);
        if (err) return err;
    }
    *out = sl_value_array(r);
    return NULL;
}

static sl_error *duplicate_key(const sl_type *kt, sl_value k)
{
    sl_buf b = SL_BUF_INIT;
    sl_value_print(&b, kt, k);
    sl_error *err = sl_error_new(SL_E_EVAL, "Duplicate key %s", sl_buf_cstr(&b));
    sl_buf_free(&b);
    return err;
}

static sl_error *transform_map(sl_fnctx *cx, const sl_value *args, int nargs, sl_value *out)
{
    (void)nargs;
    const sl_map *m = args[0].u.map;
    const sl_type *kt = cx->call->ret_type->key;
    sl_map *r = sl_map_new(cx->ar, m->n);
    r->n = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        sl_value k, v;
        sl_error *err = call2(cx, &args[1], m->k[i], m->v[i], &k);
        if (!err) err = call2(cx, &args[2], m->k[i], m->v[i], &v);
        if (err) return err;
        if (sl_map_find(r, kt, k) >= 0) return duplicate_key(kt, k);
        r->k[r->n] = k;
        r->v[r->n++] = v;
    }
    *out = sl_value_map(r);
    return NULL;
}

static bool is_true(sl_value v)
{
    return !v.null && v.u.i;
}

static sl_error *filter_array(sl_fnctx *cx, const sl_value *args, int nargs, sl_value *out)
{
    (void)nargs;
    const sl_array *a = args[0].u.arr;
    sl_array *r = sl_array_new(cx->ar, a->n);
    r->n = 0;
    for (uint32_t i = 0; i < a->n; i++) {
        sl_value keep;
        sl_error *err = call1(cx, &args[1], a->v[i], &keep);
        if (err) return err;
        if (is_true(keep)) r->v[r->n++] = a->v[i];
    }
    *out = sl_value_array(r);
    return NULL;
}

static sl_error *filter_map(sl_fnctx *cx, const sl_value *args, int nargs, sl_value *out)
{
    (void)nargs;
    const sl_map *m = args[0].u.map;
    sl_map *r = sl_map_new(cx->ar, m->n);
    r->n = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        sl_value keep;
        sl_error *err = call2(cx, &args[1], m->k[i], m->v[i], &keep);
        if (err) return err;
        if (!is_true(keep)) continue;
        r->k[r->n] = m->k[i];
        r->v[r->n++] = m->v[i];
    }
    *out = sl_value_map(r);
    return NULL;
}

static sl_error *reduce_array(sl_fnctx *cx, const sl_value *args, int nargs, sl_value *out)
{
    (void)nargs;
    sl_value s = args[1];
    if (!args[0].null && !s.null) {
        const sl_array *a = args[0].u.arr;
        for (uint32_t i = 0; i < a->n; i++) {
            sl_error *err = call2(cx, &args[2], s, a->v[i], &s);
            if (err) return err;
        }
    }
    *out = s;
    return NULL;
}

static sl_error *reduce_map(sl_fnctx *cx, const sl_value *args, int nargs, sl_value *out)
{
    (void)nargs;
    sl_value s = args[1];
    if (!args[0].null && !s.null) {
        const sl_map *m = args[0].u.map;
        for (uint32_t i = 0; i < m->n; i++) {
            sl_value argv[3] = {s, m->k[i], m->v[i]};
            sl_error *err = sl_lambda_call(cx, &args[2], argv, 3, &s);
            if (err) return err;
        }
    }
    *out = s;
    return NULL;
}

static const sl_fn_sig transform_sigs[] = {
    {.params = "ARRAY<T> array, FUNC(T)->U function",
     .ret = "ARRAY<U>",
     .impl = transform_array,
     .doc = "Applies the function to each element of the array."},
    {.params = "MAP<K, V> map, FUNC(K, V)->T key_function, FUNC(K, V)->U value_function",
     .ret = "MAP<T, U>",
     .impl = transform_map,
     .doc = "Applies the functions to each key and value of the map."},
};
static const sl_fn_sig filter_sigs[] = {
    {.params = "ARRAY<T> array, FUNC(T)->BOOLEAN function",
     .ret = "ARRAY<T>",
     .impl = filter_array,
     .doc = "The elements of the array the function holds for."},
    {.params = "MAP<K, V> map, FUNC(K, V)->BOOLEAN function",
     .ret = "MAP<K, V>",
     .impl = filter_map,
     .doc = "The entries of the map the function holds for."},
};
static const sl_fn_sig reduce_sigs[] = {
    {.params = "ARRAY<T> array, U initialState, FUNC(U, T)->U function",
     .ret = "U",
     .impl = reduce_array,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Folds the array into one value, starting from the initial state."},
    {.params = "MAP<K, V> map, U initialState, FUNC(U, K, V)->U function",
     .ret = "U",
     .impl = reduce_map,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Folds the map into one value, starting from the initial state."},
};

#define DEF(n, s, d)                                                                               \
    {                                                                                              \
        .name = n, .kind = SL_FN_SCALAR, .category = "LAMBDA", .description = d, .sigs = s,        \
        .nsigs = sizeof s / sizeof *s                                                              \
    }

const sl_fn_def sl_fn_defs_lambda[] = {
    DEF("FILTER", filter_sigs, "Filters an array or map with a lambda function."),
    DEF("REDUCE", reduce_sigs, "Reduces an array or map to one value with a lambda function."),
    DEF("TRANSFORM", transform_sigs, "Transforms an array or map with lambda functions."),
};
const uint32_t sl_fn_ndefs_lambda = sizeof sl_fn_defs_lambda / sizeof *sl_fn_defs_lambda;
