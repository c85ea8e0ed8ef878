/*
 * agg_basic.c - COUNT, SUM, SUM_LIST and AVG: the arithmetic aggregates on the
 * hot path of nearly every query (MIN and MAX are in agg_minmax.c).
 *
 * Model
 *   Each overload has its own vtable specialised to its argument type, so an
 *   add is a NULL test and one arithmetic step on a fixed-size accumulator:
 *   no type switch, no allocation.
 *
 *   aggregate      accumulator                 result            over tables
 *   COUNT(*)       count                       BIGINT            yes
 *   COUNT(x)       count of non-NULL x         BIGINT            yes
 *   SUM(x)         running sum, type of x      INT BIGINT DOUBLE DECIMAL  yes
 *   SUM_LIST(a)    sum of the non-NULL elements of each array           yes
 *   AVG(x)         sum (128-bit for integers) and count   DOUBLE        yes
 *
 * ksqlDB semantics kept: NULL arguments are skipped; SUM starts at 0 (never
 * NULL); SUM of INT/BIGINT wraps on overflow as Java's int/long do; SUM of
 * DECIMAL(p, s) stays DECIMAL(p, s) and fails the record with ksqlDB's
 * "Numeric field overflow" message once the sum needs more than p digits;
 * AVG of nothing is 0.0. One deliberate difference: AVG keeps its integer sum in 128 bits, where
 * ksqlDB keeps an int (AVG of INT) or long and returns garbage after overflow.
 */
#include "exec/agg_int.h"
#include "common/mem.h"

#include <stdlib.h>

/* Two's-complement wrap-around without undefined behaviour. */
static inline int64_t wrap_add64(int64_t a, int64_t b)
{
    return (int64_t)((uint64_t)a + (uint64_t)b);
}
static inline int64_t wrap_add32(int64_t a, int64_t b)
{
    return (int32_t)(uint32_t)((uint64_t)a + (uint64_t)b);
}

static inline sl_int128 load128(const void *p)
{
    sl_int128 x;
    memcpy(&x, p, sizeof x);
    return x;
}
static inline void store128(void *p, sl_int128 x)
{
    memcpy(p, &x, sizeof x);
}

/* ---- COUNT ---- */

static void count_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    *(int64_t *)acc = 0;
}

static sl_error *count_add(const sl_fn_call *call, void *acc, const sl_value *args,
                           const sl_agg_info *info)
{
    (void)info;
    if (call->nargs == 0 || !args[0].null) *(int64_t *)acc = sl_agg_add64(*(int64_t *)acc, 1);
    return NULL;
}

static sl_error *count_retract(const sl_fn_call *call, void *acc, const sl_value *args,
                               const sl_agg_info *info)
{
    (void)info;
    if (call->nargs == 0 || !args[0].null) *(int64_t *)acc = sl_agg_add64(*(int64_t *)acc, -1);
    return NULL;
}

static void count_merge(const sl_fn_call *call, void *acc, const void *other)
{
    (void)call;
    *(int64_t *)acc = sl_agg_add64(*(int64_t *)acc, *(const int64_t *)other);
}

static sl_error *i64_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    (void)call, (void)ar;
    *out = sl_value_int(*(const int64_t *)acc);
    return NULL;
}

/* State of the one-int64 accumulators (COUNT, SUM of integers): tag, svarint. */
static void i64_put(sl_buf *out, uint8_t tag, int64_t v)
{
    sl_agg_put_header(out, tag);
    sl_agg_put_svarint(out, v);
}

static sl_error *i64_get(const uint8_t *p, size_t n, uint8_t tag, int64_t min, int64_t max,
                         int64_t *v)
{
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, tag);
    if (err) return err;
    int64_t x = sl_agg_get_svarint(&r);
    if ((err = sl_agg_rd_close(&r))) return err;
    if (x < min || x > max)
        return sl_error_new(SL_E_CORRUPT, "aggregate state holds an out-of-range value %lld",
                            (long long)x);
    *v = x;
    return NULL;
}

static void count_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    (void)call;
    i64_put(out, SL_AGG_TAG_COUNT, *(const int64_t *)acc);
}

static sl_error *count_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    (void)call;
    return i64_get(p, n, SL_AGG_TAG_COUNT, INT64_MIN, INT64_MAX, acc);
}

static const sl_agg_vt count_vt = {
    .size = sizeof(int64_t),
    .init = count_init,
    .add = count_add,
    .retract = count_retract,
    .merge = count_merge,
    .result = i64_result,
    .serialize = count_serialize,
    .deserialize = count_deserialize,
};

/* ---- SUM of INT and BIGINT (wrapping like Java), and of DOUBLE ---- */

#define SUM_INTEGRAL(name, wrap, tag, lo, hi)                                                      \
    static sl_error *name##_add(const sl_fn_call *call, void *acc, const sl_value *args,           \
                                const sl_agg_info *info)                                           \
    {                                                                                              \
        (void)call, (void)info;                                                                    \
        if (!args[0].null) *(int64_t *)acc = wrap(*(int64_t *)acc, args[0].u.i);                   \
        return NULL;                                                                               \
    }                                                                                              \
    static sl_error *name##_retract(const sl_fn_call *call, void *acc, const sl_value *args,       \
                                    const sl_agg_info *info)                                       \
    {                                                                                              \
        (void)call, (void)info;                                                                    \
        if (!args[0].null)                                                                         \
            *(int64_t *)acc = wrap(*(int64_t *)acc, (int64_t)(0 - (uint64_t)args[0].u.i));         \
        return NULL;                                                                               \
    }                                                                                              \
    static void name##_merge(const sl_fn_call *call, void *acc, const void *other)                 \
    {                                                                                              \
        (void)call;                                                                                \
        *(int64_t *)acc = wrap(*(int64_t *)acc, *(const int64_t *)other);                          \
    }                                                                                              \
    static void name##_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)             \
    {                                                                                              \
        (void)call;                                                                                \
        i64_put(out, tag, *(const int64_t *)acc);                                                  \
    }                                                                                              \
    static sl_error *name##_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p,       \
                                        size_t n)                                                  \
    {                                                                                              \
        (void)call;                                                                                \
        return i64_get(p, n, tag, lo, hi, acc);                                                    \
    }                                                                                              \
    static const sl_agg_vt name##_vt = {                                                           \
        .size = sizeof(int64_t),                                                                   \
        .init = count_init,                                                                        \
        .add = name##_add,                                                                         \
        .retract = name##_retract,                                                                 \
        .merge = name##_merge,                                                                     \
        .result = i64_result,                                                                      \
        .serialize = name##_serialize,                                                             \
        .deserialize = name##_deserialize,                                                         \
    };

SUM_INTEGRAL(sum_int, wrap_add32, SL_AGG_TAG_SUM_INT, INT32_MIN, INT32_MAX)
SUM_INTEGRAL(sum_bigint, wrap_add64, SL_AGG_TAG_SUM_BIGINT, INT64_MIN, INT64_MAX)

static void dbl_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    *(double *)acc = 0.0;
}

static sl_error *sum_double_add(const sl_fn_call *call, void *acc, const sl_value *args,
                                const sl_agg_info *info)
{
    (void)call, (void)info;
    if (!args[0].null) *(double *)acc += args[0].u.d;
    return NULL;
}

static sl_error *sum_double_retract(const sl_fn_call *call, void *acc, const sl_value *args,
                                    const sl_agg_info *info)
{
    (void)call, (void)info;
    if (!args[0].null) *(double *)acc -= args[0].u.d;
    return NULL;
}

static void dbl_merge(const sl_fn_call *call, void *acc, const void *other)
{
    (void)call;
    *(double *)acc += *(const double *)other;
}

static sl_error *dbl_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    (void)call, (void)ar;
    *out = sl_value_double(*(const double *)acc);
    return NULL;
}

static void dbl_put(sl_buf *out, uint8_t tag, double d)
{
    sl_agg_put_header(out, tag);
    sl_agg_put_f64(out, d);
}

static sl_error *dbl_get(const uint8_t *p, size_t n, uint8_t tag, double *d)
{
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, tag);
    if (err) return err;
    double x = sl_agg_get_f64(&r);
    if ((err = sl_agg_rd_close(&r))) return err;
    *d = x;
    return NULL;
}

static void sum_double_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    (void)call;
    dbl_put(out, SL_AGG_TAG_SUM_DOUBLE, *(const double *)acc);
}

static sl_error *sum_double_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p,
                                        size_t n)
{
    (void)call;
    return dbl_get(p, n, SL_AGG_TAG_SUM_DOUBLE, acc);
}

static const sl_agg_vt sum_double_vt = {
    .size = sizeof(double),
    .init = dbl_init,
    .add = sum_double_add,
    .retract = sum_double_retract,
    .merge = dbl_merge,
    .result = dbl_result,
    .serialize = sum_double_serialize,
    .deserialize = sum_double_deserialize,
};

/* ---- SUM of DECIMAL(p, s): unscaled 128-bit sum, p digits at most ---- */

static void dec_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    store128(acc, 0);
}

/* Appends what Java's BigDecimal.toPlainString prints for the exact sum u at
 * scale s once rounded (HALF_UP) to p significant digits, as ksqlDB's
 * MathContext(p) addition does before its overflow check. */
static void print_rounded(sl_buf *out, sl_int128 u, int scale, int p)
{
    unsigned __int128 a =
        u < 0 ? (unsigned __int128)0 - (unsigned __int128)u : (unsigned __int128)u;
    int digits = 1;
    for (unsigned __int128 x = a; x >= 10; x /= 10)
        digits++;
    int drop = digits > p ? digits - p : 0;
    if (drop) {
        unsigned __int128 div = (unsigned __int128)sl_agg_pow10(drop);
        unsigned __int128 rem = a % div;
        a /= div;
        if (rem * 2 >= div) a++;
        scale -= drop;
    }
    sl_int128 r = u < 0 ? -(sl_int128)a : (sl_int128)a;
    if (scale >= 0) {
        sl_decimal_print(out, r, scale);
        return;
    }
    sl_decimal_print(out, r, 0);
    for (int i = 0; i < -scale; i++)
        sl_buf_putc(out, '0');
}

static sl_error *sum_dec_add(const sl_fn_call *call, void *acc, const sl_value *args,
                             const sl_agg_info *info)
{
    (void)info;
    if (args[0].null) return NULL;
    const sl_type *t = call->arg_types[0];
    sl_int128 sum, lim = sl_agg_pow10(t->precision);
    bool ovf = __builtin_add_overflow(load128(acc), sl_agg_dec(args[0]), &sum);
    if (ovf || sum >= lim || sum <= -lim) {
        sl_buf b = SL_BUF_INIT;
        if (ovf)
            sl_buf_puts(&b, "(beyond 128 bits)");
        else
            print_rounded(&b, sum, t->scale, t->precision);
        sl_error *err = sl_error_new(
            SL_E_EVAL,
            "Numeric field overflow: A field with precision %d and scale %d must round to an "
            "absolute value less than 10^%d. Got %s",
            t->precision, t->scale, t->precision - t->scale, sl_buf_cstr(&b));
        sl_buf_free(&b);
        return err;
    }
    store128(acc, sum);
    return NULL;
}

/* Retract and merge are not checked, as in ksqlDB; they wrap rather than
 * overflow in the (unreachable for valid states) case of 128-bit overflow. */
static sl_error *sum_dec_retract(const sl_fn_call *call, void *acc, const sl_value *args,
                                 const sl_agg_info *info)
{
    (void)call, (void)info;
    if (!args[0].null)
        store128(acc, (sl_int128)((unsigned __int128)load128(acc) -
                                  (unsigned __int128)sl_agg_dec(args[0])));
    return NULL;
}

static void sum_dec_merge(const sl_fn_call *call, void *acc, const void *other)
{
    (void)call;
    store128(acc, (sl_int128)((unsigned __int128)load128(acc) + (unsigned __int128)load128(other)));
}

static sl_error *sum_dec_result(const sl_fn_call *call, const void *acc, sl_arena *ar,
                                sl_value *out)
{
    (void)call;
    *out = sl_value_decimal(ar, load128(acc));
    return NULL;
}

static void sum_dec_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    (void)call;
    sl_agg_put_header(out, SL_AGG_TAG_SUM_DECIMAL);
    sl_agg_put_i128(out, load128(acc));
}

static sl_error *sum_dec_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    (void)call;
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, SL_AGG_TAG_SUM_DECIMAL);
    if (err) return err;
    sl_int128 x = sl_agg_get_i128(&r);
    if ((err = sl_agg_rd_close(&r))) return err;
    store128(acc, x);
    return NULL;
}

static const sl_agg_vt sum_dec_vt = {
    .size = sizeof(sl_int128),
    .init = dec_init,
    .add = sum_dec_add,
    .retract = sum_dec_retract,
    .merge = sum_dec_merge,
    .result = sum_dec_result,
    .serialize = sum_dec_serialize,
    .deserialize = sum_dec_deserialize,
};

/* ---- SUM_LIST: each array's non-NULL elements summed first, then added ---- */

static int64_t list_sum_i(const sl_value *a, bool wide)
{
    int64_t s = 0;
    if (a->null) return 0;
    for (uint32_t i = 0; i < a->u.arr->n; i++) {
        const sl_value *e = &a->u.arr->v[i];
        if (!e->null) s = wide ? wrap_add64(s, e->u.i) : wrap_add32(s, e->u.i);
    }
    return s;
}

static double list_sum_d(const sl_value *a)
{
    double s = 0.0;
    if (a->null) return 0.0;
    for (uint32_t i = 0; i < a->u.arr->n; i++)
        if (!a->u.arr->v[i].null) s += a->u.arr->v[i].u.d;
    return s;
}

#define SUM_LIST_INTEGRAL(name, wrap, wide, merge_fn, tag, lo, hi)                                 \
    static sl_error *name##_add(const sl_fn_call *call, void *acc, const sl_value *args,           \
                                const sl_agg_info *info)                                           \
    {                                                                                              \
        (void)call, (void)info;                                                                    \
        *(int64_t *)acc = wrap(*(int64_t *)acc, list_sum_i(&args[0], wide));                       \
        return NULL;                                                                               \
    }                                                                                              \
    static sl_error *name##_retract(const sl_fn_call *call, void *acc, const sl_value *args,       \
                                    const sl_agg_info *info)                                       \
    {                                                                                              \
        (void)call, (void)info;                                                                    \
        int64_t s = list_sum_i(&args[0], wide);                                                    \
        *(int64_t *)acc = wrap(*(int64_t *)acc, (int64_t)(0 - (uint64_t)s));                       \
        return NULL;                                                                               \
    }                                                                                              \
    static void name##_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)             \
    {                                                                                              \
        (void)call;                                                                                \
        i64_put(out, tag, *(const int64_t *)acc);                                                  \
    }                                                                                              \
    static sl_error *name##_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p,       \
                                        size_t n)                                                  \
    {                                                                                              \
        (void)call;                                                                                \
        return i64_get(p, n, tag, lo, hi, acc);                                                    \
    }                                                                                              \
    static const sl_agg_vt name##_vt = {                                                           \
        .size = sizeof(int64_t),                                                                   \
        .init = count_init,                                                                        \
        .add = name##_add,                                                                         \
        .retract = name##_retract,                                                                 \
        .merge = merge_fn,                                                                         \
        .result = i64_result,                                                                      \
        .serialize = name##_serialize,                                                             \
        .deserialize = name##_deserialize,                                                         \
    };

SUM_LIST_INTEGRAL(sum_list_int, wrap_add32, false, sum_int_merge, SL_AGG_TAG_SUM_LIST_INT,
                  INT32_MIN, INT32_MAX)
SUM_LIST_INTEGRAL(sum_list_bigint, wrap_add64, true, sum_bigint_merge, SL_AGG_TAG_SUM_LIST_BIGINT,
                  INT64_MIN, INT64_MAX)

static sl_error *sum_list_double_add(const sl_fn_call *call, void *acc, const sl_value *args,
                                     const sl_agg_info *info)
{
    (void)call, (void)info;
    *(double *)acc += list_sum_d(&args[0]);
    return NULL;
}

static sl_error *sum_list_double_retract(const sl_fn_call *call, void *acc, const sl_value *args,
                                         const sl_agg_info *info)
{
    (void)call, (void)info;
    *(double *)acc -= list_sum_d(&args[0]);
    return NULL;
}

static void sum_list_double_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    (void)call;
    dbl_put(out, SL_AGG_TAG_SUM_LIST_DOUBLE, *(const double *)acc);
}

static sl_error *sum_list_double_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p,
                                             size_t n)
{
    (void)call;
    return dbl_get(p, n, SL_AGG_TAG_SUM_LIST_DOUBLE, acc);
}

static const sl_agg_vt sum_list_double_vt = {
    .size = sizeof(double),
    .init = dbl_init,
    .add = sum_list_double_add,
    .retract = sum_list_double_retract,
    .merge = dbl_merge,
    .result = dbl_result,
    .serialize = sum_list_double_serialize,
    .deserialize = sum_list_double_deserialize,
};

/* ---- AVG ---- */

typedef struct avg_int_acc {
    unsigned char sum[16]; /* sl_int128, unaligned */
    int64_t count;
} avg_int_acc;

typedef struct avg_dbl_acc {
    double sum;
    int64_t count;
} avg_dbl_acc;

static void avg_int_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    memset(acc, 0, sizeof(avg_int_acc));
}

static sl_error *avg_int_add(const sl_fn_call *call, void *acc, const sl_value *args,
                             const sl_agg_info *info)
{
    (void)call, (void)info;
    avg_int_acc *a = acc;
    if (args[0].null) return NULL;
    store128(a->sum, sl_agg_add128(load128(a->sum), args[0].u.i));
    a->count = sl_agg_add64(a->count, 1);
    return NULL;
}

static sl_error *avg_int_retract(const sl_fn_call *call, void *acc, const sl_value *args,
                                 const sl_agg_info *info)
{
    (void)call, (void)info;
    avg_int_acc *a = acc;
    if (args[0].null) return NULL;
    store128(a->sum, sl_agg_sub128(load128(a->sum), args[0].u.i));
    a->count = sl_agg_add64(a->count, -1);
    return NULL;
}

static void avg_int_merge(const sl_fn_call *call, void *acc, const void *other)
{
    (void)call;
    avg_int_acc *a = acc;
    const avg_int_acc *b = other;
    store128(a->sum, sl_agg_add128(load128(a->sum), load128(b->sum)));
    a->count = sl_agg_add64(a->count, b->count);
}

static sl_error *avg_int_result(const sl_fn_call *call, const void *acc, sl_arena *ar,
                                sl_value *out)
{
    (void)call, (void)ar;
    const avg_int_acc *a = acc;
    *out = sl_value_double(a->count ? (double)load128(a->sum) / (double)a->count : 0.0);
    return NULL;
}

static void avg_int_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    (void)call;
    const avg_int_acc *a = acc;
    sl_agg_put_header(out, SL_AGG_TAG_AVG_INT);
    sl_agg_put_i128(out, load128(a->sum));
    sl_agg_put_svarint(out, a->count);
}

static sl_error *avg_int_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    (void)call;
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, SL_AGG_TAG_AVG_INT);
    if (err) return err;
    sl_int128 sum = sl_agg_get_i128(&r);
    int64_t count = sl_agg_get_svarint(&r);
    if ((err = sl_agg_rd_close(&r))) return err;
    avg_int_acc *a = acc;
    store128(a->sum, sum);
    a->count = count;
    return NULL;
}

static const sl_agg_vt avg_int_vt = {
    .size = sizeof(avg_int_acc),
    .init = avg_int_init,
    .add = avg_int_add,
    .retract = avg_int_retract,
    .merge = avg_int_merge,
    .result = avg_int_result,
    .serialize = avg_int_serialize,
    .deserialize = avg_int_deserialize,
};

static void avg_dbl_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    *(avg_dbl_acc *)acc = (avg_dbl_acc){0.0, 0};
}

static sl_error *avg_dbl_add(const sl_fn_call *call, void *acc, const sl_value *args,
                             const sl_agg_info *info)
{
    (void)call, (void)info;
    avg_dbl_acc *a = acc;
    if (args[0].null) return NULL;
    a->sum += args[0].u.d;
    a->count = sl_agg_add64(a->count, 1);
    return NULL;
}

static sl_error *avg_dbl_retract(const sl_fn_call *call, void *acc, const sl_value *args,
                                 const sl_agg_info *info)
{
    (void)call, (void)info;
    avg_dbl_acc *a = acc;
    if (args[0].null) return NULL;
    a->sum -= args[0].u.d;
    a->count = sl_agg_add64(a->count, -1);
    return NULL;
}

static void avg_dbl_merge(const sl_fn_call *call, void *acc, const void *other)
{
    (void)call;
    avg_dbl_acc *a = acc;
    const avg_dbl_acc *b = other;
    a->sum += b->sum;
    a->count = sl_agg_add64(a->count, b->count);
}

static sl_error *avg_dbl_result(const sl_fn_call *call, const void *acc, sl_arena *ar,
                                sl_value *out)
{
    (void)call, (void)ar;
    const avg_dbl_acc *a = acc;
    *out = sl_value_double(a->count ? a->sum / (double)a->count : 0.0);
    return NULL;
}

static void avg_dbl_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    (void)call;
    const avg_dbl_acc *a = acc;
    sl_agg_put_header(out, SL_AGG_TAG_AVG_DOUBLE);
    sl_agg_put_f64(out, a->sum);
    sl_agg_put_svarint(out, a->count);
}

static sl_error *avg_dbl_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    (void)call;
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, SL_AGG_TAG_AVG_DOUBLE);
    if (err) return err;
    double sum = sl_agg_get_f64(&r);
    int64_t count = sl_agg_get_svarint(&r);
    if ((err = sl_agg_rd_close(&r))) return err;
    *(avg_dbl_acc *)acc = (avg_dbl_acc){sum, count};
    return NULL;
}

static const sl_agg_vt avg_dbl_vt = {
    .size = sizeof(avg_dbl_acc),
    .init = avg_dbl_init,
    .add = avg_dbl_add,
    .retract = avg_dbl_retract,
    .merge = avg_dbl_merge,
    .result = avg_dbl_result,
    .serialize = avg_dbl_serialize,
    .deserialize = avg_dbl_deserialize,
};

/* ---- definitions ---- */

#define AGG(p, r, vt, d)                                                                           \
    {                                                                                              \
        .params = p, .ret = r, .agg = &vt, .doc = d                                                \
    }
#define AGG_RETFN(p, vt, d)                                                                        \
    {                                                                                              \
        .params = p, .ret_fn = sl_agg_ret_arg0, .agg = &vt, .doc = d                               \
    }

static const sl_fn_sig count_sigs[] = {
    AGG("", "BIGINT", count_vt, "Counts rows."),
    AGG("ANY", "BIGINT", count_vt, "Counts the rows where the argument is not NULL."),
};

static const sl_fn_sig sum_sigs[] = {
    AGG("INT", "INT", sum_int_vt, "Sums INTEGER values."),
    AGG("BIGINT", "BIGINT", sum_bigint_vt, "Sums BIGINT values."),
    AGG("DOUBLE", "DOUBLE", sum_double_vt, "Sums DOUBLE values."),
    AGG_RETFN("DECIMAL", sum_dec_vt, "Sums DECIMAL values; the sum has the argument's type."),
};

static const sl_fn_sig sum_list_sigs[] = {
    AGG("ARRAY<INT>", "INT", sum_list_int_vt, "Sums the INTEGER elements of arrays."),
    AGG("ARRAY<BIGINT>", "BIGINT", sum_list_bigint_vt, "Sums the BIGINT elements of arrays."),
    AGG("ARRAY<DOUBLE>", "DOUBLE", sum_list_double_vt, "Sums the DOUBLE elements of arrays."),
};

#define AGG_COMPOSITE(p, r, vt, d)                                                                 \
    {                                                                                              \
        .params = p, .ret = r, .agg = &vt, .flags = SL_FN_AGG_COMPOSITE_STATE, .doc = d            \
    }

static const sl_fn_sig avg_sigs[] = {
    AGG_COMPOSITE("INT", "DOUBLE", avg_int_vt, "Average of INTEGER values."),
    AGG_COMPOSITE("BIGINT", "DOUBLE", avg_int_vt, "Average of BIGINT values."),
    AGG_COMPOSITE("DOUBLE", "DOUBLE", avg_dbl_vt, "Average of DOUBLE values."),
};

#define DEF(n, sig_array, desc)                                                                    \
    {                                                                                              \
        .name = n, .kind = SL_FN_AGGREGATE, .category = "AGGREGATE", .description = desc,          \
        .sigs = sig_array, .nsigs = sizeof sig_array / sizeof sig_array[0]                         \
    }

const sl_fn_def sl_fn_defs_agg_basic[] = {
    DEF("AVG", avg_sigs,
        "Returns the average value of the column computed as the sum divided by the count. "
        "Applicable only to numeric types."),
    DEF("COUNT", count_sigs, "Counts records by key."),
    DEF("SUM", sum_sigs, "Computes the sum for a key."),
    DEF("SUM_LIST", sum_list_sigs, "Returns the sum of elements contained in the list."),
};
const uint32_t sl_fn_ndefs_agg_basic = sizeof sl_fn_defs_agg_basic / sizeof sl_fn_defs_agg_basic[0];
