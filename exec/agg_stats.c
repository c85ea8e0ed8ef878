/*
 * agg_stats.c - the statistical aggregates: STDDEV_SAMPLE, STDDEV_SAMP,
 * CORRELATION and COUNT_DISTINCT.
 *
 * STDDEV_SAMPLE(x), STDDEV_SAMP(x)   INT BIGINT DOUBLE -> DOUBLE, over tables
 *   Youngs-Cramer, as ksqlDB: the accumulator is (sum, count, M2), where M2 is
 *   the sum of squared deviations from the mean. Adding v to n values of sum S
 *   adds (n*v - S)^2 / (n(n+1)) to M2; undo subtracts the same term; merging
 *   adds n1*n2*(mean1 - mean2)^2 / (n1+n2). STDDEV_SAMPLE returns
 *   sqrt(M2 / (n-1)). STDDEV_SAMP is ksqlDB's other UDAF for the same thing,
 *   and its conformance cases pin what it really returns: M2 / (n-1), the
 *   sample variance, with the means in its merge taken by integer division
 *   for INT and BIGINT. Both return 0.0 below two values. Integer sums are kept
 *   exact in 128 bits (ksqlDB's int/long sums wrap).
 *
 * CORRELATION(x, y)   DOUBLE, DOUBLE -> DOUBLE, over tables
 *   Pearson's r from the running sums of x, y, x*x, y*y, x*y and the count, in
 *   ksqlDB's single-pass formula; a pair with a NULL is skipped; fewer than two
 *   pairs (or no variance) give NaN, as in ksqlDB.
 *
 * COUNT_DISTINCT(x)   any type -> BIGINT, streams only
 *   HyperLogLog with 2^14 registers, as ksqlDB (typical error under 1%): a
 *   value's 64-bit hash picks a register with its top 14 bits, and the
 *   register keeps the largest rank (leading zeros + 1) of the other 50. The
 *   estimate is ksqlDB's (stream-lib's): alpha*m^2 / sum(2^-register), with
 *   linear counting m*ln(m/zeros) while it is at most 2.5m. Registers stay
 *   sparse (a sorted list of the non-zero ones) until 1024 are set, then turn
 *   into a 16 KiB array, so small groups stay small; the estimator's sum is
 *   kept exactly (as an integer scaled by 2^51) as registers change, so a
 *   result costs no pass over the registers. NULLs are not counted.
 *   The hash is sluice's own (sl_value_hash), so estimates of large counts
 *   differ from ksqlDB's by the algorithm's error, not by more.
 *
 * ksqlDB refuses COUNT_DISTINCT over a table, so its retract is NULL.
 */
#include "exec/agg_int.h"
#include "common/mem.h"

#include <math.h>
#include <stdlib.h>

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

/* ---- STDDEV_SAMPLE, STDDEV_SAMP ---- */

typedef struct sd_int_acc {
    unsigned char sum[16]; /* sl_int128, unaligned */
    int64_t count;
    double m2;
} sd_int_acc;

typedef struct sd_dbl_acc {
    double sum;
    int64_t count;
    double m2;
} sd_dbl_acc;

static void sd_int_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    memset(acc, 0, sizeof(sd_int_acc));
}

static void sd_dbl_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    memset(acc, 0, sizeof(sd_dbl_acc));
}

/* The squared-deviation term of v against n values of sum s (delta = n*v - s),
 * divided by k = n(n+1), as add and undo both use it. */
static inline double sd_term(double delta, int64_t n)
{
    return delta * delta / ((double)n * ((double)n + 1));
}

/* n * v - s, the deviation of v from the mean of n values of sum s, times n. */
static inline double sd_delta(sl_int128 v, int64_t n, sl_int128 s)
{
    return (double)sl_agg_sub128(v * n, s);
}

/* M2 of two sets merged: n1 * n2 * d^2 / (n1 + n2) more than both; d is the
 * difference of their means. */
static inline double sd_merged_m2(double m2a, int64_t na, double m2b, int64_t nb, double d)
{
    double m2 = m2a + m2b;
    if (na && nb) m2 += (double)na * (double)nb * d * d / ((double)na + (double)nb);
    return m2;
}

static sl_error *sd_int_add(const sl_fn_call *call, void *acc, const sl_value *args,
                            const sl_agg_info *info)
{
    (void)call, (void)info;
    if (args[0].null) return NULL;
    sd_int_acc *a = acc;
    sl_int128 s = load128(a->sum), v = args[0].u.i;
    if (a->count > 0) a->m2 += sd_term(sd_delta(v, a->count, s), a->count);
    store128(a->sum, sl_agg_add128(s, v));
    a->count = sl_agg_add64(a->count, 1);
    return NULL;
}

static sl_error *sd_int_retract(const sl_fn_call *call, void *acc, const sl_value *args,
                                const sl_agg_info *info)
{
    (void)call, (void)info;
    if (args[0].null) return NULL;
    sd_int_acc *a = acc;
    sl_int128 s = load128(a->sum), v = args[0].u.i;
    int64_t n = sl_agg_add64(a->count, -1);
    if (n > 0) a->m2 -= sd_term(sd_delta(v, a->count, s), n);
    store128(a->sum, sl_agg_sub128(s, v));
    a->count = n;
    return NULL;
}

/* Folds b into a; d is the difference of the two means (both counts > 0). */
static void sd_int_fold(sd_int_acc *a, const sd_int_acc *b, double d)
{
    a->m2 = sd_merged_m2(a->m2, a->count, b->m2, b->count, d);
    store128(a->sum, sl_agg_add128(load128(a->sum), load128(b->sum)));
    a->count = sl_agg_add64(a->count, b->count);
}

/* Truncating division that cannot trap (MIN / -1 wraps). */
static sl_int128 div128(sl_int128 a, int64_t b)
{
    return b == -1 ? sl_agg_sub128(0, a) : a / b;
}

static void sd_int_merge(const sl_fn_call *call, void *acc, const void *other)
{
    (void)call;
    sd_int_acc *a = acc;
    const sd_int_acc *b = other;
    double d = 0;
    if (a->count && b->count)
        d = (double)load128(a->sum) / (double)a->count - (double)load128(b->sum) / (double)b->count;
    sd_int_fold(a, b, d);
}

/* STDDEV_SAMP takes the means by integer division, as ksqlDB does. */
static void samp_int_merge(const sl_fn_call *call, void *acc, const void *other)
{
    (void)call;
    sd_int_acc *a = acc;
    const sd_int_acc *b = other;
    double d = 0;
    if (a->count && b->count)
        d = (double)sl_agg_sub128(div128(load128(a->sum), a->count),
                                  div128(load128(b->sum), b->count));
    sd_int_fold(a, b, d);
}

static sl_error *sd_dbl_add(const sl_fn_call *call, void *acc, const sl_value *args,
                            const sl_agg_info *info)
{
    (void)call, (void)info;
    if (args[0].null) return NULL;
    sd_dbl_acc *a = acc;
    double v = args[0].u.d;
    if (a->count > 0) a->m2 += sd_term(v * ((double)a->count + 1) - (a->sum + v), a->count);
    a->sum += v;
    a->count = sl_agg_add64(a->count, 1);
    return NULL;
}

static sl_error *sd_dbl_retract(const sl_fn_call *call, void *acc, const sl_value *args,
                                const sl_agg_info *info)
{
    (void)call, (void)info;
    if (args[0].null) return NULL;
    sd_dbl_acc *a = acc;
    double v = args[0].u.d;
    int64_t n = sl_agg_add64(a->count, -1);
    if (n > 0) a->m2 -= sd_term(v * ((double)a->count + 1) - (a->sum + v), n);
    a->sum -= v;
    a->count = n;
    return NULL;
}

static void sd_dbl_merge(const sl_fn_call *call, void *acc, const void *other)
{
    (void)call;
    sd_dbl_acc *a = acc;
    const sd_dbl_acc *b = other;
    double d = 0;
    if (a->count && b->count) d = a->sum / (double)a->count - b->sum / (double)b->count;
    a->m2 = sd_merged_m2(a->m2, a->count, b->m2, b->count, d);
    a->sum += b->sum;
    a->count = sl_agg_add64(a->count, b->count);
}

static double sd_variance(int64_t count, double m2)
{
    return count < 2 ? 0.0 : m2 / (double)(count - 1);
}

static sl_error *sd_int_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    (void)call, (void)ar;
    const sd_int_acc *a = acc;
    *out = sl_value_double(sqrt(sd_variance(a->count, a->m2)));
    return NULL;
}

static sl_error *sd_dbl_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    (void)call, (void)ar;
    const sd_dbl_acc *a = acc;
    *out = sl_value_double(sqrt(sd_variance(a->count, a->m2)));
    return NULL;
}

static sl_error *samp_int_result(const sl_fn_call *call, const void *acc, sl_arena *ar,
                                 sl_value *out)
{
    (void)call, (void)ar;
    const sd_int_acc *a = acc;
    *out = sl_value_double(sd_variance(a->count, a->m2));
    return NULL;
}

static sl_error *samp_dbl_result(const sl_fn_call *call, const void *acc, sl_arena *ar,
                                 sl_value *out)
{
    (void)call, (void)ar;
    const sd_dbl_acc *a = acc;
    *out = sl_value_double(sd_variance(a->count, a->m2));
    return NULL;
}

static void sd_int_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    (void)call;
    const sd_int_acc *a = acc;
    sl_agg_put_header(out, SL_AGG_TAG_STDDEV_INT);
    sl_agg_put_i128(out, load128(a->sum));
    sl_agg_put_svarint(out, a->count);
    sl_agg_put_f64(out, a->m2);
}

static sl_error *sd_int_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    (void)call;
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, SL_AGG_TAG_STDDEV_INT);
    if (err) return err;
    sl_int128 sum = sl_agg_get_i128(&r);
    int64_t count = sl_agg_get_svarint(&r);
    double m2 = sl_agg_get_f64(&r);
    if ((err = sl_agg_rd_close(&r))) return err;
    sd_int_acc *a = acc;
    store128(a->sum, sum);
    a->count = count;
    a->m2 = m2;
    return NULL;
}

static void sd_dbl_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    (void)call;
    const sd_dbl_acc *a = acc;
    sl_agg_put_header(out, SL_AGG_TAG_STDDEV_DOUBLE);
    sl_agg_put_f64(out, a->sum);
    sl_agg_put_svarint(out, a->count);
    sl_agg_put_f64(out, a->m2);
}

static sl_error *sd_dbl_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    (void)call;
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, SL_AGG_TAG_STDDEV_DOUBLE);
    if (err) return err;
    double sum = sl_agg_get_f64(&r);
    int64_t count = sl_agg_get_svarint(&r);
    double m2 = sl_agg_get_f64(&r);
    if ((err = sl_agg_rd_close(&r))) return err;
    *(sd_dbl_acc *)acc = (sd_dbl_acc){sum, count, m2};
    return NULL;
}

#define SD_VT(name, L, merge_fn, result_fn)                                                        \
    static const sl_agg_vt name = {                                                                \
        .size = sizeof(L##_acc),                                                                   \
        .init = L##_init,                                                                          \
        .add = L##_add,                                                                            \
        .retract = L##_retract,                                                                    \
        .merge = merge_fn,                                                                         \
        .result = result_fn,                                                                       \
        .serialize = L##_serialize,                                                                \
        .deserialize = L##_deserialize,                                                            \
    };

SD_VT(sd_int_vt, sd_int, sd_int_merge, sd_int_result)
SD_VT(sd_dbl_vt, sd_dbl, sd_dbl_merge, sd_dbl_result)
SD_VT(samp_int_vt, sd_int, samp_int_merge, samp_int_result)
SD_VT(samp_dbl_vt, sd_dbl, sd_dbl_merge, samp_dbl_result)

/* ---- CORRELATION ---- */

typedef struct corr_acc {
    double sx, sy, sxx, syy, sxy;
    int64_t count;
} corr_acc;

static void corr_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    memset(acc, 0, sizeof(corr_acc));
}

static void corr_step(corr_acc *a, double x, double y, double sign)
{
    a->sx += sign * x;
    a->sy += sign * y;
    a->sxx += sign * (x * x);
    a->syy += sign * (y * y);
    a->sxy += sign * (x * y);
    a->count = sl_agg_add64(a->count, (int64_t)sign);
}

static sl_error *corr_add(const sl_fn_call *call, void *acc, const sl_value *args,
                          const sl_agg_info *info)
{
    (void)call, (void)info;
    if (!args[0].null && !args[1].null) corr_step(acc, args[0].u.d, args[1].u.d, 1.0);
    return NULL;
}

static sl_error *corr_retract(const sl_fn_call *call, void *acc, const sl_value *args,
                              const sl_agg_info *info)
{
    (void)call, (void)info;
    if (!args[0].null && !args[1].null) corr_step(acc, args[0].u.d, args[1].u.d, -1.0);
    return NULL;
}

static void corr_merge(const sl_fn_call *call, void *acc, const void *other)
{
    (void)call;
    corr_acc *a = acc;
    const corr_acc *b = other;
    a->sx += b->sx;
    a->sy += b->sy;
    a->sxx += b->sxx;
    a->syy += b->syy;
    a->sxy += b->sxy;
    a->count = sl_agg_add64(a->count, b->count);
}

static sl_error *corr_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    (void)call, (void)ar;
    const corr_acc *a = acc;
    double n = (double)a->count;
    double num = n * a->sxy - a->sx * a->sy;
    double dx = n * a->sxx - a->sx * a->sx, dy = n * a->syy - a->sy * a->sy;
    *out = sl_value_double(num / sqrt(dx * dy));
    return NULL;
}

static void corr_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    (void)call;
    const corr_acc *a = acc;
    sl_agg_put_header(out, SL_AGG_TAG_CORRELATION);
    const double *d = &a->sx;
    for (int i = 0; i < 5; i++)
        sl_agg_put_f64(out, d[i]);
    sl_agg_put_svarint(out, a->count);
}

static sl_error *corr_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    (void)call;
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, SL_AGG_TAG_CORRELATION);
    if (err) return err;
    corr_acc a;
    double *d = &a.sx;
    for (int i = 0; i < 5; i++)
        d[i] = sl_agg_get_f64(&r);
    a.count = sl_agg_get_svarint(&r);
    if ((err = sl_agg_rd_close(&r))) return err;
    *(corr_acc *)acc = a;
    return NULL;
}

static const sl_agg_vt corr_vt = {
    .size = sizeof(corr_acc),
    .init = corr_init,
    .add = corr_add,
    .retract = corr_retract,
    .merge = corr_merge,
    .result = corr_result,
    .serialize = corr_serialize,
    .deserialize = corr_deserialize,
};

/* ---- COUNT_DISTINCT: HyperLogLog ---- */

enum {
    HLL_P = 14,
    HLL_M = 1 << HLL_P,
    HLL_MAX_RANK = 64 - HLL_P + 1,
    HLL_SPARSE_MAX = 1024, /* entries before the registers turn dense */
};

/* Dense registers with the estimator's inputs kept up to date: sum holds
 * sum(2^(51 - register)) exactly (zero registers included), i.e. the
 * estimator's sum(2^-register) scaled by 2^51. */
typedef struct hll_dense {
    unsigned __int128 sum;
    uint32_t zeros;
    uint8_t reg[HLL_M];
} hll_dense;

typedef struct hll_acc {
    hll_dense *d; /* when dense, else NULL */
    uint32_t *sp; /* sparse: non-zero registers as (index << 8 | rank), sorted */
    uint32_t nsp, capsp;
} hll_acc;

static inline unsigned __int128 hll_term(uint8_t rank)
{
    return (unsigned __int128)1 << (HLL_MAX_RANK - rank);
}

static void hll_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    memset(acc, 0, sizeof(hll_acc));
}

static void hll_destroy(const sl_fn_call *call, void *acc)
{
    (void)call;
    hll_acc *h = acc;
    free(h->d);
    free(h->sp);
    memset(h, 0, sizeof *h);
}

static void hll_dense_set(hll_dense *d, uint32_t idx, uint8_t rank)
{
    uint8_t old = d->reg[idx];
    if (old >= rank) return;
    d->sum = d->sum - hll_term(old) + hll_term(rank);
    d->zeros -= old == 0;
    d->reg[idx] = rank;
}

static void hll_densify(hll_acc *h)
{
    h->d = sl_calloc(1, sizeof *h->d);
    h->d->zeros = HLL_M;
    h->d->sum = (unsigned __int128)HLL_M << HLL_MAX_RANK;
    for (uint32_t i = 0; i < h->nsp; i++)
        hll_dense_set(h->d, h->sp[i] >> 8, (uint8_t)h->sp[i]);
    free(h->sp);
    h->sp = NULL;
    h->nsp = h->capsp = 0;
}

/* Raises register idx to rank. */
static void hll_set(hll_acc *h, uint32_t idx, uint8_t rank)
{
    if (h->d) {
        hll_dense_set(h->d, idx, rank);
        return;
    }
    uint32_t lo = 0, hi = h->nsp; /* first entry with index >= idx */
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if ((h->sp[mid] >> 8) < idx)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < h->nsp && (h->sp[lo] >> 8) == idx) {
        if ((uint8_t)h->sp[lo] < rank) h->sp[lo] = idx << 8 | rank;
        return;
    }
    if (h->nsp == HLL_SPARSE_MAX) {
        hll_densify(h);
        hll_dense_set(h->d, idx, rank);
        return;
    }
    size_t cap = h->capsp;
    SL_GROW(h->sp, cap, (size_t)h->nsp + 1);
    h->capsp = (uint32_t)cap;
    memmove(h->sp + lo + 1, h->sp + lo, sizeof *h->sp * (h->nsp - lo));
    h->sp[lo] = idx << 8 | rank;
    h->nsp++;
}

static sl_error *hll_add(const sl_fn_call *call, void *acc, const sl_value *args,
                         const sl_agg_info *info)
{
    (void)info;
    if (args[0].null) return NULL;
    uint64_t x = sl_value_hash(call->arg_types[0], args[0]);
    uint64_t w = x << HLL_P | (uint64_t)1 << (HLL_P - 1); /* the guard bit caps the rank */
    hll_set(acc, (uint32_t)(x >> (64 - HLL_P)), (uint8_t)(__builtin_clzll(w) + 1));
    return NULL;
}

static void hll_merge(const sl_fn_call *call, void *acc, const void *other)
{
    (void)call;
    const hll_acc *o = other;
    if (o->d) {
        for (uint32_t i = 0; i < HLL_M; i++)
            if (o->d->reg[i]) hll_set(acc, i, o->d->reg[i]);
    } else {
        for (uint32_t i = 0; i < o->nsp; i++)
            hll_set(acc, o->sp[i] >> 8, (uint8_t)o->sp[i]);
    }
}

static sl_error *hll_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    (void)call, (void)ar;
    const hll_acc *h = acc;
    unsigned __int128 scaled;
    double zeros;
    if (h->d) {
        scaled = h->d->sum;
        zeros = h->d->zeros;
    } else {
        zeros = HLL_M - h->nsp;
        scaled = (unsigned __int128)(HLL_M - h->nsp) << HLL_MAX_RANK;
        for (uint32_t i = 0; i < h->nsp; i++)
            scaled += hll_term((uint8_t)h->sp[i]);
    }
    double m = HLL_M, sum = ldexp((double)scaled, -HLL_MAX_RANK);
    double est = 0.7213 / (1 + 1.079 / m) * m * m / sum;
    if (est <= 2.5 * m && zeros > 0) est = m * log(m / zeros);
    *out = sl_value_int((int64_t)floor(est + 0.5));
    return NULL;
}

/* [mode 0][n][(index delta, rank)...] while sparse, [mode 1][HLL_M ranks] when dense. */
static void hll_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    (void)call;
    const hll_acc *h = acc;
    sl_agg_put_header(out, SL_AGG_TAG_COUNT_DISTINCT);
    sl_agg_put_u8(out, h->d ? 1 : 0);
    if (h->d) {
        sl_buf_append(out, h->d->reg, HLL_M);
        return;
    }
    sl_agg_put_uvarint(out, h->nsp);
    for (uint32_t i = 0, prev = 0; i < h->nsp; i++) {
        sl_agg_put_uvarint(out, (h->sp[i] >> 8) - prev);
        sl_agg_put_u8(out, (uint8_t)h->sp[i]);
        prev = h->sp[i] >> 8;
    }
}

static void hll_read(sl_agg_rd *r, hll_acc *h)
{
    uint8_t mode = sl_agg_get_u8(r);
    if (mode == 1) {
        if ((size_t)(r->end - r->p) < HLL_M) r->bad = true;
        for (uint32_t i = 0; i < HLL_M && !r->bad; i++) {
            uint8_t rank = *r->p++;
            if (rank > HLL_MAX_RANK)
                r->bad = true;
            else if (rank)
                hll_set(h, i, rank);
        }
        return;
    }
    if (mode != 0) r->bad = true;
    uint32_t n = sl_agg_get_count(r);
    uint64_t idx = 0;
    for (uint32_t i = 0; i < n && !r->bad; i++) {
        uint64_t d = sl_agg_get_uvarint(r);
        uint8_t rank = sl_agg_get_u8(r);
        idx += d;
        if ((i > 0 && d == 0) || idx >= HLL_M || rank == 0 || rank > HLL_MAX_RANK)
            r->bad = true;
        else
            hll_set(h, (uint32_t)idx, rank);
    }
}

static sl_error *hll_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, SL_AGG_TAG_COUNT_DISTINCT);
    if (err) return err;
    hll_read(&r, acc);
    if ((err = sl_agg_rd_close(&r))) {
        hll_destroy(call, acc);
        return err;
    }
    return NULL;
}

static const sl_agg_vt hll_vt = {
    .size = sizeof(hll_acc),
    .init = hll_init,
    .add = hll_add,
    .merge = hll_merge,
    .result = hll_result,
    .serialize = hll_serialize,
    .deserialize = hll_deserialize,
    .destroy = hll_destroy,
};

/* ---- definitions ---- */

/* Every aggregate here has a composite intermediate type in ksqlDB. */
#define AGG(p, r, vt, d)                                                                           \
    {                                                                                              \
        .params = p, .ret = r, .agg = &vt, .flags = SL_FN_AGG_COMPOSITE_STATE, .doc = d            \
    }

static const sl_fn_sig stddev_sample_sigs[] = {
    AGG("INT", "DOUBLE", sd_int_vt, "Sample standard deviation of INTEGER values."),
    AGG("BIGINT", "DOUBLE", sd_int_vt, "Sample standard deviation of BIGINT values."),
    AGG("DOUBLE", "DOUBLE", sd_dbl_vt, "Sample standard deviation of DOUBLE values."),
};

static const sl_fn_sig stddev_samp_sigs[] = {
    AGG("INT", "DOUBLE", samp_int_vt, "Sample variance of INTEGER values, as ksqlDB computes it."),
    AGG("BIGINT", "DOUBLE", samp_int_vt,
        "Sample variance of BIGINT values, as ksqlDB computes it."),
    AGG("DOUBLE", "DOUBLE", samp_dbl_vt,
        "Sample variance of DOUBLE values, as ksqlDB computes it."),
};

static const sl_fn_sig corr_sigs[] = {
    AGG("DOUBLE, DOUBLE", "DOUBLE", corr_vt,
        "Pearson correlation coefficient of two columns; NaN below two rows."),
};

static const sl_fn_sig count_distinct_sigs[] = {
    AGG("ANY", "BIGINT", hll_vt, "Approximate number of distinct non-NULL values."),
};

#define DEF(n, sig_array, desc)                                                                    \
    {                                                                                              \
        .name = n, .kind = SL_FN_AGGREGATE, .category = "AGGREGATE", .description = desc,          \
        .sigs = sig_array, .nsigs = sizeof sig_array / sizeof sig_array[0]                         \
    }

const sl_fn_def sl_fn_defs_agg_stats[] = {
    DEF("CORRELATION", corr_sigs,
        "Computes the Pearson correlation coefficient between two columns of data."),
    DEF("COUNT_DISTINCT", count_distinct_sigs,
        "This function returns the number of items found in a group. The implementation is "
        "probabilistic with a typical accuracy (standard error) of less than 1%."),
    DEF("STDDEV_SAMP", stddev_samp_sigs,
        "Returns the sample standard deviation of the column. Applicable only to numeric types."),
    DEF("STDDEV_SAMPLE", stddev_sample_sigs,
        "Returns the sample standard deviation of the column. Applicable only to numeric types."),
};
const uint32_t sl_fn_ndefs_agg_stats = sizeof sl_fn_defs_agg_stats / sizeof sl_fn_defs_agg_stats[0];
