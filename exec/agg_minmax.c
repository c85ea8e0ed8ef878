/*
 * agg_minmax.c - MIN and MAX over every type ksqlDB can order: INT, BIGINT,
 * DOUBLE, DECIMAL, DATE, TIME, TIMESTAMP, STRING, BYTES.
 *
 * Model
 *   The accumulator holds the extreme value seen so far, or nothing (the
 *   result is then NULL, as for a group whose values were all NULL). NULL
 *   arguments are skipped. Values order as ksqlDB's Java compareTo does
 *   (sl_agg_cmp): NaN is the largest DOUBLE, -0.0 < 0.0, strings by UTF-16
 *   code units, bytes as signed bytes.
 *
 *   layout                      kinds
 *   int64 + flag                INT BIGINT DATE TIME TIMESTAMP
 *   double + flag               DOUBLE
 *   128-bit unscaled + flag     DECIMAL(p, s) (the result keeps p and s)
 *   owned buffer + flag         STRING BYTES: a copy of the winner, in a buffer
 *                               that grows only when a longer value wins
 *
 * MIN and MAX differ only in the sign applied to the comparison, so each
 * layout's routines take it as a parameter and the vtables bind it.
 *
 * ksqlDB refuses MIN and MAX over a table ("The aggregation functions MIN and
 * MAX cannot be applied to a table source, only to a stream source."), so
 * retract is NULL.
 */
#include "exec/agg_int.h"
#include "common/mem.h"

#include <stdlib.h>

typedef struct i64_acc {
    int64_t v;
    uint8_t has;
} i64_acc;

typedef struct dbl_acc {
    double v;
    uint8_t has;
} dbl_acc;

typedef struct dec_acc {
    unsigned char v[16]; /* sl_int128, unaligned */
    uint8_t has;
} dec_acc;

typedef struct buf_acc {
    char *p;
    uint32_t len, cap;
    uint8_t has;
} buf_acc;

/* ---- int64 kinds ---- */

static inline void i64_fold(i64_acc *a, int64_t v, int sign)
{
    if (!a->has || (sign > 0 ? v > a->v : v < a->v)) {
        a->v = v;
        a->has = 1;
    }
}

static inline void i64_add(const sl_fn_call *call, void *acc, const sl_value *v, int sign)
{
    (void)call;
    i64_fold(acc, v->u.i, sign);
}

static inline void i64_merge(const sl_fn_call *call, void *acc, const void *other, int sign)
{
    (void)call;
    const i64_acc *o = other;
    if (o->has) i64_fold(acc, o->v, sign);
}

static sl_error *i64_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    (void)call, (void)ar;
    const i64_acc *a = acc;
    *out = a->has ? sl_value_int(a->v) : sl_value_null();
    return NULL;
}

static void i64_serialize(const void *acc, sl_buf *out, uint8_t tag)
{
    const i64_acc *a = acc;
    sl_agg_put_header(out, tag);
    sl_agg_put_u8(out, a->has);
    if (a->has) sl_agg_put_svarint(out, a->v);
}

static sl_error *i64_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n,
                                 uint8_t tag)
{
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, tag);
    if (err) return err;
    uint8_t has = sl_agg_get_u8(&r);
    int64_t v = has ? sl_agg_get_svarint(&r) : 0;
    if (has > 1) r.bad = true;
    if ((err = sl_agg_rd_close(&r))) return err;
    if (call->arg_types[0]->kind == SL_K_INT && (v < INT32_MIN || v > INT32_MAX))
        return sl_error_new(SL_E_CORRUPT, "aggregate state holds an out-of-range INT %lld",
                            (long long)v);
    *(i64_acc *)acc = (i64_acc){v, has};
    return NULL;
}

/* ---- DOUBLE ---- */

static inline void dbl_fold(dbl_acc *a, double v, int sign)
{
    if (!a->has || sign * sl_agg_cmp_double(v, a->v) > 0) {
        a->v = v;
        a->has = 1;
    }
}

static inline void dbl_add(const sl_fn_call *call, void *acc, const sl_value *v, int sign)
{
    (void)call;
    dbl_fold(acc, v->u.d, sign);
}

static inline void dbl_merge(const sl_fn_call *call, void *acc, const void *other, int sign)
{
    (void)call;
    const dbl_acc *o = other;
    if (o->has) dbl_fold(acc, o->v, sign);
}

static sl_error *dbl_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    (void)call, (void)ar;
    const dbl_acc *a = acc;
    *out = a->has ? sl_value_double(a->v) : sl_value_null();
    return NULL;
}

static void dbl_serialize(const void *acc, sl_buf *out, uint8_t tag)
{
    const dbl_acc *a = acc;
    sl_agg_put_header(out, tag);
    sl_agg_put_u8(out, a->has);
    if (a->has) sl_agg_put_f64(out, a->v);
}

static sl_error *dbl_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n,
                                 uint8_t tag)
{
    (void)call;
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, tag);
    if (err) return err;
    uint8_t has = sl_agg_get_u8(&r);
    double v = has ? sl_agg_get_f64(&r) : 0.0;
    if (has > 1) r.bad = true;
    if ((err = sl_agg_rd_close(&r))) return err;
    *(dbl_acc *)acc = (dbl_acc){v, has};
    return NULL;
}

/* ---- DECIMAL ---- */

static inline void dec_fold(dec_acc *a, sl_int128 v, int sign)
{
    sl_int128 cur;
    memcpy(&cur, a->v, sizeof cur);
    if (!a->has || (sign > 0 ? v > cur : v < cur)) {
        memcpy(a->v, &v, sizeof v);
        a->has = 1;
    }
}

static inline void dec_add(const sl_fn_call *call, void *acc, const sl_value *v, int sign)
{
    (void)call;
    dec_fold(acc, sl_agg_dec(*v), sign);
}

static inline void dec_merge(const sl_fn_call *call, void *acc, const void *other, int sign)
{
    (void)call;
    const dec_acc *o = other;
    sl_int128 v;
    memcpy(&v, o->v, sizeof v);
    if (o->has) dec_fold(acc, v, sign);
}

static sl_error *dec_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    (void)call;
    const dec_acc *a = acc;
    sl_int128 v;
    memcpy(&v, a->v, sizeof v);
    *out = a->has ? sl_value_decimal(ar, v) : sl_value_null();
    return NULL;
}

static void dec_serialize(const void *acc, sl_buf *out, uint8_t tag)
{
    const dec_acc *a = acc;
    sl_int128 v;
    memcpy(&v, a->v, sizeof v);
    sl_agg_put_header(out, tag);
    sl_agg_put_u8(out, a->has);
    if (a->has) sl_agg_put_i128(out, v);
}

static sl_error *dec_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n,
                                 uint8_t tag)
{
    (void)call;
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, tag);
    if (err) return err;
    uint8_t has = sl_agg_get_u8(&r);
    sl_int128 v = has ? sl_agg_get_i128(&r) : 0;
    if (has > 1) r.bad = true;
    if ((err = sl_agg_rd_close(&r))) return err;
    dec_acc *a = acc;
    memcpy(a->v, &v, sizeof v);
    a->has = has;
    return NULL;
}

/* ---- STRING and BYTES: an owned copy of the winner ---- */

static void buf_set(buf_acc *a, const char *s, uint32_t len)
{
    if (len > a->cap) {
        a->cap = len < 16 ? 16 : len + len / 2;
        free(a->p);
        a->p = sl_malloc(a->cap);
    }
    if (len) memcpy(a->p, s, len);
    a->len = len;
    a->has = 1;
}

static inline void buf_fold(const sl_type *t, buf_acc *a, sl_value v, int sign)
{
    if (!a->has || sign * sl_agg_cmp(t, v, sl_value_str(a->p, a->len)) > 0)
        buf_set(a, v.u.s, v.len);
}

static inline void buf_add(const sl_fn_call *call, void *acc, const sl_value *v, int sign)
{
    buf_fold(call->arg_types[0], acc, *v, sign);
}

static inline void buf_merge(const sl_fn_call *call, void *acc, const void *other, int sign)
{
    const buf_acc *o = other;
    if (o->has) buf_fold(call->arg_types[0], acc, sl_value_str(o->p, o->len), sign);
}

static sl_error *buf_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    (void)call;
    const buf_acc *a = acc;
    *out = a->has ? sl_value_str(sl_arena_memdup(ar, a->p, a->len), a->len) : sl_value_null();
    return NULL;
}

static void buf_serialize(const void *acc, sl_buf *out, uint8_t tag)
{
    const buf_acc *a = acc;
    sl_agg_put_header(out, tag);
    sl_agg_put_u8(out, a->has);
    if (!a->has) return;
    sl_agg_put_uvarint(out, a->len);
    sl_buf_append(out, a->p, a->len);
}

static sl_error *buf_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n,
                                 uint8_t tag)
{
    (void)call;
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, tag);
    if (err) return err;
    uint8_t has = sl_agg_get_u8(&r);
    uint32_t len = has ? sl_agg_get_count(&r) : 0;
    const uint8_t *s = r.p;
    if (!r.bad) r.p += len;
    if (has > 1) r.bad = true;
    if ((err = sl_agg_rd_close(&r))) return err;
    if (has) buf_set(acc, (const char *)s, len);
    return NULL;
}

static void buf_destroy(const sl_fn_call *call, void *acc)
{
    (void)call;
    buf_acc *a = acc;
    free(a->p);
    memset(a, 0, sizeof *a);
}

#define i64_destroy NULL
#define dbl_destroy NULL
#define dec_destroy NULL

/* ---- the vtables: each layout's routines with MIN's or MAX's sign bound ---- */

#define MINMAX_VT(which, sign, L, tag)                                                             \
    static void which##_##L##_init(const sl_fn_call *call, void *acc)                              \
    {                                                                                              \
        (void)call;                                                                                \
        memset(acc, 0, sizeof(L##_acc));                                                           \
    }                                                                                              \
    static sl_error *which##_##L##_add(const sl_fn_call *call, void *acc, const sl_value *args,    \
                                       const sl_agg_info *info)                                    \
    {                                                                                              \
        (void)info;                                                                                \
        if (!args[0].null) L##_add(call, acc, &args[0], sign);                                     \
        return NULL;                                                                               \
    }                                                                                              \
    static void which##_##L##_merge(const sl_fn_call *call, void *acc, const void *other)          \
    {                                                                                              \
        L##_merge(call, acc, other, sign);                                                         \
    }                                                                                              \
    static void which##_##L##_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)      \
    {                                                                                              \
        (void)call;                                                                                \
        L##_serialize(acc, out, tag);                                                              \
    }                                                                                              \
    static sl_error *which##_##L##_deserialize(const sl_fn_call *call, void *acc,                  \
                                               const uint8_t *p, size_t n)                         \
    {                                                                                              \
        return L##_deserialize(call, acc, p, n, tag);                                              \
    }                                                                                              \
    static const sl_agg_vt which##_##L##_vt = {                                                    \
        .size = sizeof(L##_acc),                                                                   \
        .init = which##_##L##_init,                                                                \
        .add = which##_##L##_add,                                                                  \
        .merge = which##_##L##_merge,                                                              \
        .result = L##_result,                                                                      \
        .serialize = which##_##L##_serialize,                                                      \
        .deserialize = which##_##L##_deserialize,                                                  \
        .destroy = L##_destroy,                                                                    \
    };

MINMAX_VT(min, -1, i64, SL_AGG_TAG_MIN_I64)
MINMAX_VT(max, 1, i64, SL_AGG_TAG_MAX_I64)
MINMAX_VT(min, -1, dbl, SL_AGG_TAG_MIN_DOUBLE)
MINMAX_VT(max, 1, dbl, SL_AGG_TAG_MAX_DOUBLE)
MINMAX_VT(min, -1, dec, SL_AGG_TAG_MIN_DECIMAL)
MINMAX_VT(max, 1, dec, SL_AGG_TAG_MAX_DECIMAL)
MINMAX_VT(min, -1, buf, SL_AGG_TAG_MIN_BYTES)
MINMAX_VT(max, 1, buf, SL_AGG_TAG_MAX_BYTES)

/* ---- definitions ---- */

#define AGG(p, r, vt, d)                                                                           \
    {                                                                                              \
        .params = p, .ret = r, .agg = &vt, .doc = d                                                \
    }

#define MINMAX_SIGS(which, what)                                                                   \
    static const sl_fn_sig which##_sigs[] = {                                                      \
        AGG("INT", "INT", which##_i64_vt, what " INTEGER."),                                       \
        AGG("BIGINT", "BIGINT", which##_i64_vt, what " BIGINT."),                                  \
        AGG("DOUBLE", "DOUBLE", which##_dbl_vt, what " DOUBLE."),                                  \
        {.params = "DECIMAL",                                                                      \
         .ret_fn = sl_agg_ret_arg0,                                                                \
         .agg = &which##_dec_vt,                                                                   \
         .doc = what " DECIMAL."},                                                                 \
        AGG("DATE", "DATE", which##_i64_vt, what " DATE."),                                        \
        AGG("TIME", "TIME", which##_i64_vt, what " TIME."),                                        \
        AGG("TIMESTAMP", "TIMESTAMP", which##_i64_vt, what " TIMESTAMP."),                         \
        AGG("STRING", "STRING", which##_buf_vt, what " STRING."),                                  \
        AGG("BYTES", "BYTES", which##_buf_vt, what " BYTES."),                                     \
    };

MINMAX_SIGS(min, "The smallest")
MINMAX_SIGS(max, "The largest")

const sl_fn_def sl_fn_defs_agg_minmax[] = {
    {.name = "MAX",
     .kind = SL_FN_AGGREGATE,
     .category = "AGGREGATE",
     .description = "Computes the maximum value for a key.",
     .sigs = max_sigs,
     .nsigs = sizeof max_sigs / sizeof max_sigs[0]},
    {.name = "MIN",
     .kind = SL_FN_AGGREGATE,
     .category = "AGGREGATE",
     .description = "Computes the minimum value for a key.",
     .sigs = min_sigs,
     .nsigs = sizeof min_sigs / sizeof min_sigs[0]},
};
const uint32_t sl_fn_ndefs_agg_minmax =
    sizeof sl_fn_defs_agg_minmax / sizeof sl_fn_defs_agg_minmax[0];
