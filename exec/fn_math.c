/*
 * fn_math.c - the numeric functions: ABS CEIL FLOOR ROUND TRUNC SIGN, the
 * DOUBLE-valued family (SQRT CBRT EXP LN LOG POWER, trigonometry, DEGREES
 * RADIANS), RANDOM PI, GREATEST LEAST and GEO_DISTANCE.
 *
 * Model: each function has ksqlDB's overloads. Integral arguments of the
 * DOUBLE-valued family are converted as Java's Integer/Long.doubleValue(), and
 * the results are IEEE doubles: NaN and infinities are values (SQRT(-1) is NaN,
 * LN(0) is -Infinity), never errors.
 *
 * DECIMAL values are 128-bit integers scaled by 10^scale (value.h). ROUND and
 * TRUNC with digits keep the argument's type (ksqlDB issue 6235) and express
 * the rounded value at its scale; without digits they return DECIMAL(p - s, 0).
 * ROUND rounds half towards positive infinity (ksqlDB keeps java.lang.Math.round's
 * behaviour: ROUND(-1.5) = -1). ROUND/TRUNC of a DOUBLE with digits work on the
 * double's shortest decimal text (Java's BigDecimal.valueOf), so ROUND(1.005, 2)
 * rounds the digits 1.005, not the binary value just below it.
 */
#include "common/mem.h"
#include "exec/decimal.h"
#include "exec/fn_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define FN(name) static sl_error *name(sl_fnctx *cx, const sl_value *a, int n, sl_value *out)
#define UNUSED_ARGS                                                                                \
    (void)cx;                                                                                      \
    (void)n

/* --- ABS CEIL FLOOR SIGN on integers and doubles ------------------------------------------ */

FN(abs_int)
{
    UNUSED_ARGS;
    /* Math.abs(Integer.MIN_VALUE) is MIN_VALUE: wrap like Java */
    int32_t v = (int32_t)a[0].u.i;
    *out = sl_value_int(v < 0 ? (int32_t)(0u - (uint32_t)v) : v);
    return NULL;
}

FN(abs_bigint)
{
    UNUSED_ARGS;
    int64_t v = a[0].u.i;
    *out = sl_value_int(v < 0 ? (int64_t)(0ull - (uint64_t)v) : v);
    return NULL;
}

FN(abs_double)
{
    UNUSED_ARGS;
    *out = sl_value_double(fabs(a[0].u.d));
    return NULL;
}

FN(identity)
{
    UNUSED_ARGS;
    *out = a[0];
    return NULL;
}

FN(ceil_double)
{
    UNUSED_ARGS;
    *out = sl_value_double(ceil(a[0].u.d));
    return NULL;
}

FN(floor_double)
{
    UNUSED_ARGS;
    *out = sl_value_double(floor(a[0].u.d));
    return NULL;
}

FN(sign_int)
{
    UNUSED_ARGS;
    *out = sl_value_int((a[0].u.i > 0) - (a[0].u.i < 0));
    return NULL;
}

FN(sign_double)
{
    UNUSED_ARGS;
    double d = a[0].u.d; /* (int) Math.signum(NaN) is 0 */
    *out = sl_value_int((d > 0) - (d < 0));
    return NULL;
}

/* --- DECIMAL rounding ------------------------------------------------------------------------ */

typedef enum rmode { R_FLOOR, R_CEIL, R_DOWN, R_HALF_CEIL } rmode;

/* v / 10^k as an integer, rounded by mode; k >= 0. */
static sl_int128 dec_shift(sl_int128 v, int k, rmode mode)
{
    if (k == 0) return v;
    if (k > SL_DECIMAL_MAX_PRECISION) { /* |v| < 10^38 < 10^k / 10 */
        if (mode == R_FLOOR && v < 0) return -1;
        if (mode == R_CEIL && v > 0) return 1;
        return 0;
    }
    sl_int128 p = sl_decimal_pow10(k);
    sl_int128 q = v / p, r = v % p; /* truncated towards zero */
    switch (mode) {
    case R_FLOOR:
        return r < 0 ? q - 1 : q;
    case R_CEIL:
        return r > 0 ? q + 1 : q;
    case R_DOWN:
        return q;
    case R_HALF_CEIL:
        /* ties go towards +inf: positive ties away from zero, negative towards it */
        if (r > 0 && 2 * r >= p) return q + 1;
        if (r < 0 && -2 * r > p) return q - 1;
        return q;
    }
    return q;
}

static bool dec_fits(sl_int128 v, int precision)
{
    sl_int128 lim = sl_decimal_pow10(precision);
    return v < lim && v > -lim;
}

/* v at scale s rounded to `places` fractional digits, expressed again at scale s. */
static sl_error *dec_round_places(sl_fnctx *cx, sl_int128 v, int s, int64_t places, rmode mode,
                                  sl_value *out)
{
    const sl_type *rt = cx->call->ret_type;
    if (places < s) {
        int64_t k = (int64_t)s - places;
        /* past 38 digits every value (|v| < 10^38) rounds and truncates to zero */
        v = k > SL_DECIMAL_MAX_PRECISION ? 0
                                         : dec_shift(v, (int)k, mode) * sl_decimal_pow10((int)k);
    }
    if (!dec_fits(v, rt->precision))
        return fn_err("numeric value out of range for DECIMAL(%d, %d)", rt->precision, rt->scale);
    *out = sl_value_decimal(cx->ar, v);
    return NULL;
}

/* v at scale s rounded to an integer, as DECIMAL(p, 0) or at the argument's scale. */
static sl_error *dec_round_int(sl_fnctx *cx, const sl_value *a, rmode mode, bool keep_scale,
                               sl_value *out)
{
    int s = fn_argtype(cx, 0)->scale;
    sl_int128 q = dec_shift(*a[0].u.dec, s, mode);
    if (keep_scale) q *= sl_decimal_pow10(s);
    const sl_type *rt = cx->call->ret_type;
    if (!dec_fits(q, rt->precision))
        return fn_err("numeric value out of range for DECIMAL(%d, %d)", rt->precision, rt->scale);
    *out = sl_value_decimal(cx->ar, q);
    return NULL;
}

FN(abs_decimal)
{
    UNUSED_ARGS;
    sl_int128 v = *a[0].u.dec;
    *out = sl_value_decimal(cx->ar, v < 0 ? -v : v);
    return NULL;
}

FN(ceil_decimal)
{
    (void)n;
    return dec_round_int(cx, a, R_CEIL, true, out);
}

FN(floor_decimal)
{
    (void)n;
    return dec_round_int(cx, a, R_FLOOR, true, out);
}

FN(round_decimal)
{
    (void)n;
    return dec_round_int(cx, a, R_HALF_CEIL, false, out);
}

FN(trunc_decimal)
{
    (void)n;
    return dec_round_int(cx, a, R_DOWN, false, out);
}

FN(round_decimal_places)
{
    (void)n;
    return dec_round_places(cx, *a[0].u.dec, fn_argtype(cx, 0)->scale, a[1].u.i, R_HALF_CEIL, out);
}

FN(trunc_decimal_places)
{
    (void)n;
    return dec_round_places(cx, *a[0].u.dec, fn_argtype(cx, 0)->scale, a[1].u.i, R_DOWN, out);
}

/* DECIMAL(p - s, 0): ROUND and TRUNC without digits. */
static const sl_type *ret_decimal_int(sl_arena *ar, const sl_type *const *args, int nargs,
                                      sl_error **err)
{
    (void)nargs;
    (void)err;
    int p = args[0]->precision - args[0]->scale;
    return sl_type_decimal(ar, p < 1 ? 1 : p, 0);
}

/* The first argument's type: ABS CEIL FLOOR, ROUND/TRUNC with digits. */
static const sl_type *ret_arg0(sl_arena *ar, const sl_type *const *args, int nargs, sl_error **err)
{
    (void)ar;
    (void)nargs;
    (void)err;
    return args[0];
}

/* --- ROUND and TRUNC of DOUBLE ------------------------------------------------------------- */

/* Java's Math.round: nearest, ties towards +inf, NaN -> 0, saturating. */
static int64_t java_round(double d)
{
    if (isnan(d)) return 0;
    double f = floor(d);
    if (d - f >= 0.5) f += 1;
    if (f >= 9223372036854775807.0) return INT64_MAX;
    if (f <= -9223372036854775808.0) return INT64_MIN;
    return (int64_t)f;
}

/* Java's (long) cast: towards zero, NaN -> 0, saturating. */
static int64_t java_trunc(double d)
{
    if (isnan(d)) return 0;
    if (d >= 9223372036854775807.0) return INT64_MAX;
    if (d <= -9223372036854775808.0) return INT64_MIN;
    return (int64_t)d;
}

FN(round_double)
{
    UNUSED_ARGS;
    *out = sl_value_int(java_round(a[0].u.d));
    return NULL;
}

FN(trunc_double)
{
    UNUSED_ARGS;
    *out = sl_value_int(java_trunc(a[0].u.d));
    return NULL;
}

FN(round_int)
{
    UNUSED_ARGS;
    *out = a[0];
    return NULL;
}

/* The shortest decimal digits that read back as d (d finite, non-zero): digits
 * d0 d1 ... d(m-1) with value 0.d0d1... * 10^(exp + 1). Returns m. */
static int shortest_digits(double d, char *digits, int *exp)
{
    /* A representation of at most 15 digits that reads back is what rounding to
     * 15 digits gives (15-digit steps are wider than the double's error), so
     * 15 digits with trailing zeros dropped is the shortest when it reads back;
     * only the rest need 16 or 17. */
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, fabs(d));
        if (strtod(tmp, NULL) == fabs(d)) break;
    }
    char *e = strchr(tmp, 'e');
    *exp = atoi(e + 1);
    int m = 0;
    for (char *c = tmp; c < e; c++)
        if (*c >= '0' && *c <= '9') digits[m++] = *c;
    while (m > 1 && digits[m - 1] == '0')
        m--;
    return m;
}

/* The common case without decimal text: when d * 10^places is small and not
 * within reach of a rounding boundary (.5 for ROUND, an integer for TRUNC),
 * binary and decimal agree, and k / 10^places is the correctly rounded double
 * of the decimal result (both operands exact). False when it cannot decide. */
static bool round_fast(double d, int64_t places, bool round, double *r)
{
    static const double pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    if (places < 0 || places > 15) return false;
    double y = d * pow10[places];
    if (!(fabs(y) < 1e6)) return false;
    double f = floor(y), frac = y - f;
    double k;
    if (round) {
        if (fabs(frac - 0.5) < 1e-7) return false;
        k = frac > 0.5 ? f + 1 : f;
    } else {
        if (frac < 1e-7 || frac > 1 - 1e-7) return false;
        k = y < 0 ? f + 1 : f;
    }
    *r = k / pow10[places] + 0.0; /* + 0.0 turns -0.0 into 0.0: BigDecimal has no -0 */
    return true;
}

/* BigDecimal.valueOf(d).setScale(places, mode).doubleValue() for ROUND/TRUNC. */
static sl_error *double_round_places(double d, int64_t places, bool round, sl_value *out)
{
    double fast;
    if (isfinite(d) && round_fast(d, places, round, &fast)) {
        *out = sl_value_double(fast);
        return NULL;
    }
    if (!isfinite(d))
        return fn_err("cannot round %s to decimal places", isnan(d) ? "NaN" : "Infinity");
    if (d == 0) {
        *out = sl_value_double(0.0);
        return NULL;
    }
    char digits[24], text[64];
    int exp;
    int m = shortest_digits(d, digits, &exp);
    int64_t keep = (int64_t)exp + 1 + places; /* digits left of the cut */
    if (keep >= m) {
        *out = sl_value_double(d);
        return NULL;
    }
    bool up = false;
    if (round && keep >= 0) {
        /* HALF_UP for positive values, HALF_DOWN for negative ones */
        bool rest = false;
        for (int i = (int)keep + 1; i < m; i++)
            rest |= digits[i] != '0';
        char c = digits[keep];
        up = c > '5' || (c == '5' && (rest || d > 0));
    }
    if (keep < 0 || (keep == 0 && !up)) {
        *out = sl_value_double(0.0);
        return NULL;
    }
    /* integer digits[0..keep) (+1 when rounding up) times 10^(exp + 1 - keep) */
    int len = 0;
    text[len++] = d < 0 ? '-' : '+';
    text[len++] = '0';
    memcpy(text + len, digits, (size_t)keep);
    len += (int)keep;
    for (int i = len - 1; up; i--) {
        if (text[i] == '9') {
            text[i] = '0';
        } else {
            text[i]++;
            up = false;
        }
    }
    snprintf(text + len, sizeof text - (size_t)len, "e%lld", (long long)(exp + 1 - keep));
    double r = strtod(text, NULL);
    *out = sl_value_double(r == 0 ? 0.0 : r);
    return NULL;
}

FN(round_double_places)
{
    UNUSED_ARGS;
    return double_round_places(a[0].u.d, a[1].u.i, true, out);
}

FN(trunc_double_places)
{
    UNUSED_ARGS;
    return double_round_places(a[0].u.d, a[1].u.i, false, out);
}

/* --- the DOUBLE-valued family ------------------------------------------------------------ */

static double cot(double x)
{
    return cos(x) / sin(x);
}

static double degrees(double x)
{
    return x * (180.0 / M_PI);
}

static double radians(double x)
{
    return x / 180.0 * M_PI;
}

/* One function for INT/BIGINT (both read .i) and one for DOUBLE. */
#define UNARY(name, expr)                                                                          \
    FN(name##_l)                                                                                   \
    {                                                                                              \
        UNUSED_ARGS;                                                                               \
        double x = (double)a[0].u.i;                                                               \
        *out = sl_value_double(expr);                                                              \
        return NULL;                                                                               \
    }                                                                                              \
    FN(name##_d)                                                                                   \
    {                                                                                              \
        UNUSED_ARGS;                                                                               \
        double x = a[0].u.d;                                                                       \
        *out = sl_value_double(expr);                                                              \
        return NULL;                                                                               \
    }

UNARY(sqrt, sqrt(x))
UNARY(cbrt, cbrt(x))
UNARY(exp, exp(x))
UNARY(ln, log(x))
UNARY(sin, sin(x))
UNARY(cos, cos(x))
UNARY(tan, tan(x))
UNARY(asin, asin(x))
UNARY(acos, acos(x))
UNARY(atan, atan(x))
UNARY(sinh, sinh(x))
UNARY(cosh, cosh(x))
UNARY(tanh, tanh(x))
UNARY(cot, cot(x))
UNARY(degrees, degrees(x))
UNARY(radians, radians(x))

static double log_base(double base, double v)
{
    if (base <= 0 || base == 1) return NAN;
    return log(v) / log(base);
}

#define BINARY(name, expr)                                                                         \
    FN(name##_l)                                                                                   \
    {                                                                                              \
        UNUSED_ARGS;                                                                               \
        double x = (double)a[0].u.i, y = (double)a[1].u.i;                                         \
        *out = sl_value_double(expr);                                                              \
        return NULL;                                                                               \
    }                                                                                              \
    FN(name##_d)                                                                                   \
    {                                                                                              \
        UNUSED_ARGS;                                                                               \
        double x = a[0].u.d, y = a[1].u.d;                                                         \
        *out = sl_value_double(expr);                                                              \
        return NULL;                                                                               \
    }

BINARY(power, pow(x, y))
BINARY(atan2, atan2(x, y))
BINARY(logb, log_base(x, y))

/* --- RANDOM PI ------------------------------------------------------------------------------- */

/* RANDOM keeps a xoshiro256** generator per call site, seeded from the kernel. */
typedef struct rng {
    uint64_t s[4];
} rng;

static sl_error *random_init(const sl_fn_call *call, void **state)
{
    (void)call;
    rng *r = sl_calloc(1, sizeof *r);
    if (getrandom(r->s, sizeof r->s, 0) != (ssize_t)sizeof r->s) {
        uint64_t t = (uint64_t)(uintptr_t)r ^ 0x9E3779B97F4A7C15ULL;
        for (int i = 0; i < 4; i++)
            r->s[i] = t = t * 6364136223846793005ULL + 1442695040888963407ULL;
    }
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3])) r->s[0] = 1;
    *state = r;
    return NULL;
}

static void random_fini(void *state)
{
    free(state);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

FN(random_fn)
{
    (void)a;
    (void)n;
    uint64_t *s = ((rng *)cx->state)->s;
    uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    *out = sl_value_double((double)(r >> 11) * 0x1.0p-53);
    return NULL;
}

FN(pi_fn)
{
    (void)cx;
    (void)a;
    (void)n;
    *out = sl_value_double(M_PI);
    return NULL;
}

/* --- GREATEST LEAST: the largest/smallest non-NULL argument -------------------------------- */

static int cmp_decimal(const sl_fnctx *cx, const sl_value *a, int i, int j)
{
    return sl_decimal_cmp(*a[i].u.dec, fn_argtype(cx, i)->scale, *a[j].u.dec,
                          fn_argtype(cx, j)->scale);
}

static int cmp_arg(const sl_fnctx *cx, const sl_value *a, int i, int j)
{
    if (fn_argtype(cx, i)->kind == SL_K_DECIMAL) return cmp_decimal(cx, a, i, j);
    return sl_fn_java_cmp(fn_argtype(cx, i), a[i], a[j]);
}

static sl_error *extreme(sl_fnctx *cx, const sl_value *a, int n, int sign, sl_value *out)
{
    int best = -1;
    for (int i = 0; i < n; i++) {
        if (a[i].null || fn_argtype(cx, i)->kind == SL_K_NULL) continue;
        if (best < 0 || sign * cmp_arg(cx, a, i, best) > 0) best = i;
    }
    if (best < 0) {
        *out = sl_value_null();
        return NULL;
    }
    *out = a[best];
    const sl_type *at = fn_argtype(cx, best), *rt = cx->call->ret_type;
    if (at->kind == SL_K_DECIMAL && rt && rt->kind == SL_K_DECIMAL && at->scale != rt->scale) {
        sl_int128 v;
        if (!sl_decimal_rescale(*a[best].u.dec, at->scale, rt->scale, &v) ||
            !dec_fits(v, rt->precision))
            return fn_err("numeric value out of range for DECIMAL(%d, %d)", rt->precision,
                          rt->scale);
        *out = sl_value_decimal(cx->ar, v);
    }
    return NULL;
}

FN(greatest)
{
    return extreme(cx, a, n, 1, out);
}

FN(least)
{
    return extreme(cx, a, n, -1, out);
}

/* The DECIMAL every argument widens to (ksqlDB's DecimalUtil.widen). */
static const sl_type *ret_decimal_widest(sl_arena *ar, const sl_type *const *args, int nargs,
                                         sl_error **err)
{
    (void)err;
    const sl_type *w = NULL;
    for (int i = 0; i < nargs; i++) {
        if (args[i]->kind == SL_K_NULL) continue;
        w = w ? sl_type_common(ar, w, args[i]) : args[i];
    }
    if (w && w->kind != SL_K_DECIMAL) w = sl_type_decimal_of_integral(w);
    return w;
}

/* --- GEO_DISTANCE: the haversine great-circle distance ---------------------------------- */

static double haversin(double x)
{
    double s = sin(x / 2);
    return s * s;
}

static sl_error *geo_distance(const sl_value *a, double radius, sl_value *out)
{
    double lat1 = a[0].u.d, lon1 = a[1].u.d, lat2 = a[2].u.d, lon2 = a[3].u.d;
    if (lat1 < -90 || lat2 < -90 || lat1 > 90 || lat2 > 90)
        return fn_err("valid latitude values for GeoDistance function are in the range of -90 to "
                      "90 decimal degrees");
    if (lon1 < -180 || lon2 < -180 || lon1 > 180 || lon2 > 180)
        return fn_err("valid longitude values for GeoDistance function are in the range of -180 "
                      "to +180 decimal degrees");
    double dlat = radians(lat2 - lat1), dlon = radians(lon2 - lon1);
    double h = haversin(dlat) + haversin(dlon) * cos(radians(lat1)) * cos(radians(lat2));
    *out = sl_value_double(2 * asin(sqrt(h)) * radius);
    return NULL;
}

FN(geo_distance_km)
{
    UNUSED_ARGS;
    return geo_distance(a, 6371, out);
}

static bool unit_is(const char *s, size_t n, const char *const *names)
{
    for (; *names; names++)
        if (sl_fn_ieq(s, n, *names)) return true;
    return false;
}

FN(geo_distance_unit)
{
    (void)cx;
    for (int i = 0; i < 4; i++)
        if (a[i].null) {
            *out = sl_value_null();
            return NULL;
        }
    static const char *const miles[] = {"mi", "mile", "miles", NULL};
    static const char *const kms[] = {"km",        "kilometer",  "kilometers",
                                      "kilometre", "kilometres", NULL};
    double radius = 6371;
    if (n > 4 && !a[4].null) {
        const char *s = a[4].u.s;
        size_t len = a[4].len;
        while (len && (unsigned char)*s <= ' ')
            s++, len--; /* String.trim() */
        while (len && (unsigned char)s[len - 1] <= ' ')
            len--;
        if (len && unit_is(s, len, miles))
            radius = 3959;
        else if (len && !unit_is(s, len, kms))
            return fn_err("GeoDistance function units parameter must be one of mi, mile, miles, "
                          "km, kilometer, kilometers, kilometre or kilometres. Values are "
                          "case-insensitive.");
    }
    return geo_distance(a, radius, out);
}

/* --- the table ----------------------------------------------------------------------------- */

#define NUM3(fn, what)                                                                             \
    {.params = "INT",                                                                              \
     .ret = "DOUBLE",                                                                              \
     .impl = fn##_l,                                                                               \
     .doc = "Returns the " what " of an INT value."},                                              \
        {.params = "BIGINT",                                                                       \
         .ret = "DOUBLE",                                                                          \
         .impl = fn##_l,                                                                           \
         .doc = "Returns the " what " of a BIGINT value."},                                        \
    {                                                                                              \
        .params = "DOUBLE", .ret = "DOUBLE", .impl = fn##_d,                                       \
        .doc = "Returns the " what " of a DOUBLE value."                                           \
    }

#define NUM3x2(fn, what)                                                                           \
    {.params = "INT, INT", .ret = "DOUBLE", .impl = fn##_l, .doc = what " of INT values."},        \
        {.params = "BIGINT, BIGINT",                                                               \
         .ret = "DOUBLE",                                                                          \
         .impl = fn##_l,                                                                           \
         .doc = what " of BIGINT values."},                                                        \
    {                                                                                              \
        .params = "DOUBLE, DOUBLE", .ret = "DOUBLE", .impl = fn##_d,                               \
        .doc = what " of DOUBLE values."                                                           \
    }

static const sl_fn_sig abs_sigs[] = {
    {.params = "INT",
     .ret = "INT",
     .impl = abs_int,
     .doc = "Returns the absolute value of an INT."},
    {.params = "BIGINT",
     .ret = "BIGINT",
     .impl = abs_bigint,
     .doc = "Returns the absolute value of a BIGINT."},
    {.params = "DOUBLE",
     .ret = "DOUBLE",
     .impl = abs_double,
     .doc = "Returns the absolute value of a DOUBLE."},
    {.params = "DECIMAL",
     .ret_fn = ret_arg0,
     .impl = abs_decimal,
     .doc = "Returns the absolute value of a DECIMAL."},
};

static const sl_fn_sig ceil_sigs[] = {
    {.params = "INT", .ret = "INT", .impl = identity, .doc = "Returns the INT unchanged."},
    {.params = "BIGINT", .ret = "BIGINT", .impl = identity, .doc = "Returns the BIGINT unchanged."},
    {.params = "DOUBLE",
     .ret = "DOUBLE",
     .impl = ceil_double,
     .doc = "Returns the smallest integral DOUBLE greater than or equal to the value."},
    {.params = "DECIMAL",
     .ret_fn = ret_arg0,
     .impl = ceil_decimal,
     .doc = "Returns the smallest integral value greater than or equal to the DECIMAL, at its "
            "scale."},
};

static const sl_fn_sig floor_sigs[] = {
    {.params = "INT", .ret = "INT", .impl = identity, .doc = "Returns the INT unchanged."},
    {.params = "BIGINT", .ret = "BIGINT", .impl = identity, .doc = "Returns the BIGINT unchanged."},
    {.params = "DOUBLE",
     .ret = "DOUBLE",
     .impl = floor_double,
     .doc = "Returns the largest integral DOUBLE less than or equal to the value."},
    {.params = "DECIMAL",
     .ret_fn = ret_arg0,
     .impl = floor_decimal,
     .doc = "Returns the largest integral value less than or equal to the DECIMAL, at its scale."},
};

static const sl_fn_sig round_sigs[] = {
    {.params = "INT", .ret = "BIGINT", .impl = round_int, .doc = "Returns the INT as a BIGINT."},
    {.params = "BIGINT",
     .ret = "BIGINT",
     .impl = round_int,
     .doc = "Returns the BIGINT unchanged."},
    {.params = "DOUBLE",
     .ret = "BIGINT",
     .impl = round_double,
     .doc = "Rounds a DOUBLE to the nearest BIGINT, halves towards positive infinity."},
    {.params = "DOUBLE, INT",
     .ret = "DOUBLE",
     .impl = round_double_places,
     .doc = "Rounds a DOUBLE to the given number of decimal places."},
    {.params = "DECIMAL",
     .ret_fn = ret_decimal_int,
     .impl = round_decimal,
     .doc = "Rounds a DECIMAL(p, s) to a DECIMAL(p - s, 0)."},
    {.params = "DECIMAL, INT",
     .ret_fn = ret_arg0,
     .impl = round_decimal_places,
     .doc = "Rounds a DECIMAL to the given number of decimal places, keeping its type."},
};

static const sl_fn_sig trunc_sigs[] = {
    {.params = "INT", .ret = "BIGINT", .impl = round_int, .doc = "Returns the INT as a BIGINT."},
    {.params = "BIGINT",
     .ret = "BIGINT",
     .impl = round_int,
     .doc = "Returns the BIGINT unchanged."},
    {.params = "DOUBLE",
     .ret = "BIGINT",
     .impl = trunc_double,
     .doc = "Truncates a DOUBLE towards zero to a BIGINT."},
    {.params = "DOUBLE, INT",
     .ret = "DOUBLE",
     .impl = trunc_double_places,
     .doc = "Truncates a DOUBLE to the given number of decimal places."},
    {.params = "DECIMAL",
     .ret_fn = ret_decimal_int,
     .impl = trunc_decimal,
     .doc = "Truncates a DECIMAL(p, s) to a DECIMAL(p - s, 0)."},
    {.params = "DECIMAL, INT",
     .ret_fn = ret_arg0,
     .impl = trunc_decimal_places,
     .doc = "Truncates a DECIMAL to the given number of decimal places, keeping its type."},
};

static const sl_fn_sig sign_sigs[] = {
    {.params = "INT",
     .ret = "INT",
     .impl = sign_int,
     .doc = "Returns the sign of an INT value, denoted by 1, 0 or -1."},
    {.params = "BIGINT",
     .ret = "INT",
     .impl = sign_int,
     .doc = "Returns the sign of a BIGINT value, denoted by 1, 0 or -1."},
    {.params = "DOUBLE",
     .ret = "INT",
     .impl = sign_double,
     .doc = "Returns the sign of a DOUBLE value, denoted by 1, 0 or -1."},
};

static const sl_fn_sig sqrt_sigs[] = {NUM3(sqrt, "square root")};
static const sl_fn_sig cbrt_sigs[] = {NUM3(cbrt, "cube root")};
static const sl_fn_sig exp_sigs[] = {NUM3(exp, "exponential")};
static const sl_fn_sig ln_sigs[] = {NUM3(ln, "natural logarithm")};
static const sl_fn_sig log_sigs[] = {
    NUM3(ln, "natural logarithm"),
    NUM3x2(logb, "Returns the logarithm with the given base (first argument)"),
};
static const sl_fn_sig power_sigs[] = {
    NUM3x2(power, "Returns the base (first argument) raised to the exponent")};
static const sl_fn_sig sin_sigs[] = {NUM3(sin, "sine")};
static const sl_fn_sig cos_sigs[] = {NUM3(cos, "cosine")};
static const sl_fn_sig tan_sigs[] = {NUM3(tan, "tangent")};
static const sl_fn_sig cot_sigs[] = {NUM3(cot, "cotangent")};
static const sl_fn_sig asin_sigs[] = {NUM3(asin, "inverse sine")};
static const sl_fn_sig acos_sigs[] = {NUM3(acos, "inverse cosine")};
static const sl_fn_sig atan_sigs[] = {NUM3(atan, "inverse tangent")};
static const sl_fn_sig atan2_sigs[] = {NUM3x2(atan2, "Returns the inverse tangent of y / x")};
static const sl_fn_sig sinh_sigs[] = {NUM3(sinh, "hyperbolic sine")};
static const sl_fn_sig cosh_sigs[] = {NUM3(cosh, "hyperbolic cosine")};
static const sl_fn_sig tanh_sigs[] = {NUM3(tanh, "hyperbolic tangent")};
static const sl_fn_sig degrees_sigs[] = {NUM3(degrees, "value in degrees of the radians")};
static const sl_fn_sig radians_sigs[] = {NUM3(radians, "value in radians of the degrees")};

static const sl_fn_sig random_sigs[] = {
    {.params = "",
     .ret = "DOUBLE",
     .impl = random_fn,
     .init = random_init,
     .fini = random_fini,
     .flags = SL_FN_NONDETERMINISTIC,
     .doc = "Returns a random DOUBLE greater than or equal to 0.0 and less than 1.0."},
};

static const sl_fn_sig pi_sigs[] = {
    {.params = "", .ret = "DOUBLE", .impl = pi_fn, .doc = "Returns an approximate value of pi."},
};

#define EXTREME(fn, word)                                                                          \
    {.params = "INT, ...INT",                                                                      \
     .ret = "INT",                                                                                 \
     .impl = fn,                                                                                   \
     .flags = SL_FN_NULL_SAFE,                                                                     \
     .doc = "Returns the " word " non-NULL INT."},                                                 \
        {.params = "BIGINT, ...BIGINT",                                                            \
         .ret = "BIGINT",                                                                          \
         .impl = fn,                                                                               \
         .flags = SL_FN_NULL_SAFE,                                                                 \
         .doc = "Returns the " word " non-NULL BIGINT."},                                          \
        {.params = "DOUBLE, ...DOUBLE",                                                            \
         .ret = "DOUBLE",                                                                          \
         .impl = fn,                                                                               \
         .flags = SL_FN_NULL_SAFE,                                                                 \
         .doc = "Returns the " word " non-NULL DOUBLE."},                                          \
        {.params = "DECIMAL, ...DECIMAL",                                                          \
         .ret_fn = ret_decimal_widest,                                                             \
         .impl = fn,                                                                               \
         .flags = SL_FN_NULL_SAFE,                                                                 \
         .doc = "Returns the " word " non-NULL DECIMAL."},                                         \
        {.params = "STRING, ...STRING",                                                            \
         .ret = "STRING",                                                                          \
         .impl = fn,                                                                               \
         .flags = SL_FN_NULL_SAFE,                                                                 \
         .doc = "Returns the " word " non-NULL STRING."},                                          \
        {.params = "BYTES, ...BYTES",                                                              \
         .ret = "BYTES",                                                                           \
         .impl = fn,                                                                               \
         .flags = SL_FN_NULL_SAFE,                                                                 \
         .doc = "Returns the " word " non-NULL BYTES."},                                           \
        {.params = "DATE, ...DATE",                                                                \
         .ret = "DATE",                                                                            \
         .impl = fn,                                                                               \
         .flags = SL_FN_NULL_SAFE,                                                                 \
         .doc = "Returns the " word " non-NULL DATE."},                                            \
        {.params = "TIME, ...TIME",                                                                \
         .ret = "TIME",                                                                            \
         .impl = fn,                                                                               \
         .flags = SL_FN_NULL_SAFE,                                                                 \
         .doc = "Returns the " word " non-NULL TIME."},                                            \
    {                                                                                              \
        .params = "TIMESTAMP, ...TIMESTAMP", .ret = "TIMESTAMP", .impl = fn,                       \
        .flags = SL_FN_NULL_SAFE, .doc = "Returns the " word " non-NULL TIMESTAMP."                \
    }

static const sl_fn_sig greatest_sigs[] = {EXTREME(greatest, "largest")};
static const sl_fn_sig least_sigs[] = {EXTREME(least, "smallest")};

static const sl_fn_sig geo_sigs[] = {
    {.params = "DOUBLE, DOUBLE, DOUBLE, DOUBLE",
     .ret = "DOUBLE",
     .impl = geo_distance_km,
     .doc = "The distance in kilometers between two (lat, lon) points given in decimal degrees."},
    {.params = "DOUBLE, DOUBLE, DOUBLE, DOUBLE, STRING",
     .ret = "DOUBLE",
     .impl = geo_distance_unit,
     .flags = SL_FN_NULL_SAFE,
     .doc = "The distance between two (lat, lon) points in decimal degrees, in the unit 'KM' "
            "(the default, also for NULL) or 'MI'."},
};

const sl_fn_def sl_fn_defs_math[] = {
    {"ABS", SL_FN_SCALAR, FN_CAT_MATH, "Returns the absolute value of its argument.",
     FN_NSIGS(abs_sigs)},
    {"ACOS", SL_FN_SCALAR, FN_CAT_MATH, "The inverse (arc) cosine of a value, in radians.",
     FN_NSIGS(acos_sigs)},
    {"ASIN", SL_FN_SCALAR, FN_CAT_MATH, "The inverse (arc) sine of a value, in radians.",
     FN_NSIGS(asin_sigs)},
    {"ATAN", SL_FN_SCALAR, FN_CAT_MATH, "The inverse (arc) tangent of a value, in radians.",
     FN_NSIGS(atan_sigs)},
    {"ATAN2", SL_FN_SCALAR, FN_CAT_MATH,
     "The inverse (arc) tangent of y / x: the angle theta of the point (x, y) in polar "
     "coordinates, in radians.",
     FN_NSIGS(atan2_sigs)},
    {"CBRT", SL_FN_SCALAR, FN_CAT_MATH, "The cube root of a value.", FN_NSIGS(cbrt_sigs)},
    {"CEIL", SL_FN_SCALAR, FN_CAT_MATH,
     "Returns the smallest integer greater than or equal to the specified numeric expression.",
     FN_NSIGS(ceil_sigs)},
    {"COS", SL_FN_SCALAR, FN_CAT_MATH, "The cosine of a value in radians.", FN_NSIGS(cos_sigs)},
    {"COSH", SL_FN_SCALAR, FN_CAT_MATH, "The hyperbolic cosine of a value.", FN_NSIGS(cosh_sigs)},
    {"COT", SL_FN_SCALAR, FN_CAT_MATH, "The cotangent of a value in radians.", FN_NSIGS(cot_sigs)},
    {"DEGREES", SL_FN_SCALAR, FN_CAT_MATH, "Converts a value in radians to degrees.",
     FN_NSIGS(degrees_sigs)},
    {"EXP", SL_FN_SCALAR, FN_CAT_MATH, "The exponential of a value: e raised to its power.",
     FN_NSIGS(exp_sigs)},
    {"FLOOR", SL_FN_SCALAR, FN_CAT_MATH,
     "Returns the largest integer less than or equal to the specified numeric expression.",
     FN_NSIGS(floor_sigs)},
    {"GEO_DISTANCE", SL_FN_SCALAR, FN_CAT_MATH,
     "Compute the distance between two points on the surface of the earth, according to the "
     "Haversine formula for \"great circle distance\".",
     FN_NSIGS(geo_sigs)},
    {"GREATEST", SL_FN_SCALAR, FN_CAT_MATH,
     "Returns the highest non-null value among a variable number of comparable columns.",
     FN_NSIGS(greatest_sigs)},
    {"LEAST", SL_FN_SCALAR, FN_CAT_MATH,
     "Returns the lowest non-null value among a variable number of comparable columns.",
     FN_NSIGS(least_sigs)},
    {"LN", SL_FN_SCALAR, FN_CAT_MATH, "The natural logarithm of a value.", FN_NSIGS(ln_sigs)},
    {"LOG", SL_FN_SCALAR, FN_CAT_MATH,
     "The logarithm of a value: natural with one argument, of the given base with two.",
     FN_NSIGS(log_sigs)},
    {"PI", SL_FN_SCALAR, FN_CAT_MATH, "Returns an approximate value of pi.", FN_NSIGS(pi_sigs)},
    {"POWER", SL_FN_SCALAR, FN_CAT_MATH,
     "Given a base and an exponent, returns the result of the base raised to the exponent.",
     FN_NSIGS(power_sigs)},
    {"RADIANS", SL_FN_SCALAR, FN_CAT_MATH, "Converts a value in degrees to radians.",
     FN_NSIGS(radians_sigs)},
    {"RANDOM", SL_FN_SCALAR, FN_CAT_MATH,
     "Returns a random number greater than or equal to 0.0 and less than 1.0.",
     FN_NSIGS(random_sigs)},
    {"ROUND", SL_FN_SCALAR, FN_CAT_MATH,
     "Round a value to the number of decimal places as specified by scale to the right of the "
     "decimal point. If scale is negative then value is rounded to the right of the decimal "
     "point. Numbers equidistant to the nearest value are rounded up (in the positive "
     "direction). If the number of decimal places is not provided it defaults to zero.",
     FN_NSIGS(round_sigs)},
    {"SIGN", SL_FN_SCALAR, FN_CAT_MATH, "The sign of a value.", FN_NSIGS(sign_sigs)},
    {"SIN", SL_FN_SCALAR, FN_CAT_MATH, "The sine of a value in radians.", FN_NSIGS(sin_sigs)},
    {"SINH", SL_FN_SCALAR, FN_CAT_MATH, "The hyperbolic sine of a value.", FN_NSIGS(sinh_sigs)},
    {"SQRT", SL_FN_SCALAR, FN_CAT_MATH, "The square root of a value.", FN_NSIGS(sqrt_sigs)},
    {"TAN", SL_FN_SCALAR, FN_CAT_MATH, "The tangent of a value in radians.", FN_NSIGS(tan_sigs)},
    {"TANH", SL_FN_SCALAR, FN_CAT_MATH, "The hyperbolic tangent of a value.", FN_NSIGS(tanh_sigs)},
    {"TRUNC", SL_FN_SCALAR, FN_CAT_MATH,
     "Truncates a value to the number of decimal places as specified by scale to the right of "
     "the decimal point. If scale is negative then value is truncated to the right of the "
     "decimal point.",
     FN_NSIGS(trunc_sigs)},
};
const uint32_t sl_fn_ndefs_math = FN_NDEFS(sl_fn_defs_math);
