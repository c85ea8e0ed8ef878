/*
 * decimal.c - DECIMAL arithmetic, comparison, rounding and conversions on
 * 128-bit scaled integers (see decimal.h for the rules).
 *
 * Model
 *   Magnitudes are handled as unsigned 128-bit numbers and the sign applied at
 *   the end, so rounding is symmetric (HALF_UP = half away from zero, as Java's
 *   RoundingMode.HALF_UP). Two operations can outgrow 128 bits before their
 *   result is rounded back into range: a product, and a dividend scaled up for
 *   division; both go through a small 256-bit type (u256) with multiply and
 *   long division by a 128-bit divisor. Every divisor here is below 10^38 <
 *   2^127, which keeps the long division's running remainder inside 128 bits.
 *
 *   Conversions from double reproduce Java exactly: new BigDecimal(d,
 *   MathContext(p)) rounds the exact binary value to p significant digits, then
 *   setScale rounds again to s. The exact digits come from printf, which glibc
 *   prints exactly; 40 digits settle the rounding unless the tail reads
 *   "500...0", in which case the value is printed in full (at most 767 digits).
 */
#include "exec/decimal.h"
#include "common/buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

#define MAXP SL_DECIMAL_MAX_PRECISION

static const uint64_t p10_64[20] = {
    1ULL,
    10ULL,
    100ULL,
    1000ULL,
    10000ULL,
    100000ULL,
    1000000ULL,
    10000000ULL,
    100000000ULL,
    1000000000ULL,
    10000000000ULL,
    100000000000ULL,
    1000000000000ULL,
    10000000000000ULL,
    100000000000000ULL,
    1000000000000000ULL,
    10000000000000000ULL,
    100000000000000000ULL,
    1000000000000000000ULL,
    10000000000000000000ULL,
};

/* 10^k for 0 <= k <= 38. */
static u128 pow10u(int k)
{
    return k < 20 ? (u128)p10_64[k] : (u128)p10_64[19] * p10_64[k - 19];
}

static u128 uabs(sl_int128 v)
{
    return v < 0 ? (u128)0 - (u128)v : (u128)v;
}

static sl_int128 with_sign(u128 m, bool neg)
{
    return neg ? (sl_int128)((u128)0 - m) : (sl_int128)m;
}

int sl_decimal_digits(sl_int128 v)
{
    u128 m = uabs(v);
    int d = 1;
    while (d <= MAXP && m >= pow10u(d))
        d++;
    return d;
}

/* Divides m by 10^k (k >= 0, any size) rounding half up. */
static u128 div_pow10_round(u128 m, int k)
{
    if (k == 0) return m;
    if (k > MAXP) return 0; /* m < 2^128 < 0.5 * 10^39 */
    u128 d = pow10u(k), q = m / d, r = m % d;
    return r >= d - r ? q + 1 : q; /* r >= d/2 without overflow */
}

/* --- 256-bit helpers --------------------------------------------------------------------- */

typedef struct u256 {
    u128 hi, lo;
} u256;

static u256 mul_128(u128 a, u128 b)
{
    uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64), b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
    u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1, p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
    u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    u256 r;
    r.lo = (mid << 64) | (uint64_t)p00;
    r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    return r;
}

/* n / d and n % d for 0 < d < 2^127; the quotient must fit in 128 bits (checked by callers
 * through n.hi < d). */
static u128 divmod_256(u256 n, u128 d, u128 *rem)
{
    if (n.hi == 0) {
        *rem = n.lo % d;
        return n.lo / d;
    }
    u128 r = n.hi % d, q = 0;
    for (int i = 127; i >= 0; i--) {
        r = (r << 1) | ((n.lo >> i) & 1);
        q <<= 1;
        if (r >= d) {
            r -= d;
            q |= 1;
        }
    }
    *rem = r;
    return q;
}

/* round_half_up(n / d); false when the quotient does not fit in 127 bits. */
static bool div_round_256(u256 n, u128 d, u128 *out)
{
    if (n.hi >= d) return false;
    u128 r, q = divmod_256(n, d, &r);
    if (q >> 127) return false;
    if (r >= d - r) q++;
    if (q >> 127) return false;
    *out = q;
    return true;
}

/* w *= m; false on overflow of 256 bits. */
static bool mul_small(u256 *w, uint64_t m)
{
    u256 lo = mul_128(w->lo, m), hi = mul_128(w->hi, m);
    if (hi.hi) return false;
    u128 h = hi.lo + lo.hi;
    if (h < hi.lo) return false;
    w->lo = lo.lo;
    w->hi = h;
    return true;
}

/* w /= d for 0 < d < 2^64, truncating; returns the remainder. */
static uint64_t div_small(u256 *w, uint64_t d)
{
    uint64_t limb[4] = {(uint64_t)(w->hi >> 64), (uint64_t)w->hi, (uint64_t)(w->lo >> 64),
                        (uint64_t)w->lo};
    u128 r = 0;
    for (int i = 0; i < 4; i++) {
        u128 cur = (r << 64) | limb[i];
        limb[i] = (uint64_t)(cur / d);
        r = cur % d;
    }
    w->hi = ((u128)limb[0] << 64) | limb[1];
    w->lo = ((u128)limb[2] << 64) | limb[3];
    return (uint64_t)r;
}

/* w * 10^k; false when it leaves 256 bits. */
static bool scale_up(u256 *w, int k)
{
    for (; k > 0; k -= 19)
        if (!mul_small(w, p10_64[k < 19 ? k : 19])) return false;
    return true;
}

/* round_half_up(w / 10^k) for any k >= 0; false when it does not fit in 127 bits.
 * Truncating the low digits first and rounding at the last step is exact for HALF_UP:
 * the decision depends only on the most significant dropped digit being >= 5. */
static bool round_pow10(u256 w, int k, u128 *out)
{
    for (; k > 19; k -= 19)
        div_small(&w, p10_64[19]);
    if (k > 0) {
        uint64_t d = p10_64[k], r = div_small(&w, d);
        if (r >= d - r && ++w.lo == 0) w.hi++;
    }
    if (w.hi || w.lo >> 127) return false;
    *out = w.lo;
    return true;
}

/* --- errors ------------------------------------------------------------------------------ */

sl_error *sl_decimal_overflow_error(int p, int s, const char *value_text)
{
    return sl_error_new(SL_E_EVAL,
                        "Numeric field overflow: A field with precision %d and scale %d must "
                        "round to an absolute value less than 10^%d. Got %s",
                        p, s, p - s, value_text);
}

/* Overflow of DECIMAL(p, s) by the value u / 10^us, or by an unknown value when u_known is
 * false (an intermediate that left 128 bits). */
static sl_error *overflow_u(int p, int s, sl_int128 u, int us, bool u_known)
{
    if (!u_known)
        return sl_error_new(SL_E_EVAL,
                            "Numeric field overflow: A field with precision %d and scale %d must "
                            "round to an absolute value less than 10^%d.",
                            p, s, p - s);
    sl_buf b = SL_BUF_INIT;
    sl_decimal_print(&b, u, us);
    sl_error *err = sl_decimal_overflow_error(p, s, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return err;
}

#define OVERFLOW(p, s) overflow_u(p, s, 0, 0, false)

/* Stores sign * m when it fits DECIMAL(p, s) (m is at scale s, below 2^127). */
static sl_error *fit(u128 m, bool neg, int p, int s, sl_int128 *out)
{
    if (m >= pow10u(p)) return overflow_u(p, s, with_sign(m, neg), s, true);
    *out = with_sign(m, neg);
    return NULL;
}

/* --- result types ------------------------------------------------------------------------ */

static const sl_type *as_decimal(const sl_type *t)
{
    return t->kind == SL_K_DECIMAL ? t : sl_type_decimal_of_integral(t);
}

static int imax(int a, int b)
{
    return a > b ? a : b;
}

static int imin(int a, int b)
{
    return a < b ? a : b;
}

const sl_type *sl_decimal_result_type(sl_arena *ar, sl_decimal_op op, const sl_type *a,
                                      const sl_type *b)
{
    a = as_decimal(a);
    b = as_decimal(b);
    int p1 = a->precision, s1 = a->scale, p2 = b->precision, s2 = b->scale, p, s;
    switch (op) {
    case SL_DEC_ADD:
    case SL_DEC_SUB:
        s = imax(s1, s2);
        p = s + imax(p1 - s1, p2 - s2) + 1;
        break;
    case SL_DEC_MUL:
        p = p1 + p2 + 1;
        s = s1 + s2;
        break;
    case SL_DEC_DIV:
        s = imax(6, s1 + p2 + 1);
        p = p1 - s1 + s2 + s;
        break;
    default:
        s = imax(s1, s2);
        p = imin(p1 - s1, p2 - s2) + s;
        break;
    }
    if (p > MAXP) p = MAXP;
    if (s > p) s = p;
    return sl_type_decimal(ar, p, s);
}

/* --- arithmetic -------------------------------------------------------------------------- */

bool sl_decimal_rescale(sl_int128 u, int from, int to, sl_int128 *out)
{
    bool neg = u < 0;
    u128 m = uabs(u);
    if (to < from) {
        *out = with_sign(div_pow10_round(m, from - to), neg);
        return true;
    }
    if (to == from) {
        *out = u;
        return true;
    }
    if (m == 0) {
        *out = 0;
        return true;
    }
    if (to - from > MAXP) return false;
    u256 w = mul_128(m, pow10u(to - from));
    if (w.hi || w.lo >> 127) return false;
    *out = with_sign(w.lo, neg);
    return true;
}

static sl_error *add_sub(bool sub, sl_int128 a, int sa, sl_int128 b, int sb, int rp, int rs,
                         sl_int128 *out)
{
    int s = imax(sa, sb);
    sl_int128 x, y, r;
    if (!sl_decimal_rescale(a, sa, s, &x) || !sl_decimal_rescale(b, sb, s, &y) ||
        (sub ? __builtin_sub_overflow(x, y, &r) : __builtin_add_overflow(x, y, &r)))
        return OVERFLOW(rp, rs);
    sl_int128 v;
    if (!sl_decimal_rescale(r, s, rs, &v)) return overflow_u(rp, rs, r, s, true);
    return fit(uabs(v), v < 0, rp, rs, out);
}

static sl_error *dec_mul(sl_int128 a, int sa, sl_int128 b, int sb, int rp, int rs, sl_int128 *out)
{
    u128 m;
    if (!round_pow10(mul_128(uabs(a), uabs(b)), sa + sb - rs, &m)) return OVERFLOW(rp, rs);
    return fit(m, (a < 0) != (b < 0), rp, rs, out);
}

static sl_error *dec_div(sl_int128 a, int sa, sl_int128 b, int sb, int rp, int rs, sl_int128 *out)
{
    if (b == 0) return sl_error_new(SL_E_EVAL, "Division by zero");
    /* q = round(a * 10^k / b) with k = rs + sb - sa */
    int k = rs + sb - sa;
    u256 n = {0, uabs(a)}, d = {0, uabs(b)};
    if (k >= 0 ? !scale_up(&n, k) : !scale_up(&d, -k)) {
        if (k >= 0) return OVERFLOW(rp, rs);
        d.hi = 1; /* the divisor outgrew 2^256: the quotient rounds to 0 */
    }
    u128 m = 0;
    if (d.hi == 0 && !(d.lo >> 127)) {
        if (!div_round_256(n, d.lo, &m)) return OVERFLOW(rp, rs);
    }
    return fit(m, (a < 0) != (b < 0), rp, rs, out);
}

static sl_error *dec_mod(sl_int128 a, int sa, sl_int128 b, int sb, int rp, int rs, sl_int128 *out)
{
    if (b == 0) return sl_error_new(SL_E_EVAL, "Division by zero");
    int s = imax(sa, sb);
    u256 na = {0, uabs(a)}, nb = {0, uabs(b)};
    u128 r;
    if (!scale_up(&nb, s - sb) || nb.hi || nb.lo >> 127) {
        /* b rescaled is beyond 2^127 while a kept its scale (s == sa): |a| < |b| */
        r = uabs(a);
    } else if (!scale_up(&na, s - sa)) {
        return OVERFLOW(rp, rs);
    } else {
        divmod_256(na, nb.lo, &r); /* the remainder is right even when the quotient is not */
    }
    sl_int128 v;
    if (!sl_decimal_rescale(with_sign(r, a < 0), s, rs, &v)) return OVERFLOW(rp, rs);
    return fit(uabs(v), v < 0, rp, rs, out);
}

sl_error *sl_decimal_arith(sl_decimal_op op, sl_int128 a, int sa, sl_int128 b, int sb, int rp,
                           int rs, sl_int128 *out)
{
    switch (op) {
    case SL_DEC_ADD:
        return add_sub(false, a, sa, b, sb, rp, rs, out);
    case SL_DEC_SUB:
        return add_sub(true, a, sa, b, sb, rp, rs, out);
    case SL_DEC_MUL:
        return dec_mul(a, sa, b, sb, rp, rs, out);
    case SL_DEC_DIV:
        return dec_div(a, sa, b, sb, rp, rs, out);
    default:
        return dec_mod(a, sa, b, sb, rp, rs, out);
    }
}

/* --- comparison -------------------------------------------------------------------------- */

/* Compares |a| at scale sa with |b| at scale sb (magnitudes). */
static int cmp_mag(u128 ma, int sa, u128 mb, int sb)
{
    if (sa == sb) return (ma > mb) - (ma < mb);
    if (sa < sb) return -cmp_mag(mb, sb, ma, sa);
    /* sa > sb: bring b up to scale sa */
    u256 w = {0, mb};
    if (!scale_up(&w, sa - sb) || w.hi) return mb ? -1 : (ma ? 1 : 0);
    return (ma > w.lo) - (ma < w.lo);
}

int sl_decimal_cmp(sl_int128 a, int sa, sl_int128 b, int sb)
{
    int sign_a = (a > 0) - (a < 0), sign_b = (b > 0) - (b < 0);
    if (sign_a != sign_b) return sign_a < sign_b ? -1 : 1;
    if (sign_a == 0) return 0;
    int c = cmp_mag(uabs(a), sa, uabs(b), sb);
    return sign_a > 0 ? c : -c;
}

/* The shortest decimal form of a finite d: |d| = m * 10^e10 (Double.toString's digits). */
static void shortest_digits(double d, uint64_t *m, int *e10)
{
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, fabs(d));
        if (strtod(buf, NULL) == fabs(d)) break;
    }
    uint64_t v = 0;
    int nd = 0;
    char *c = buf;
    for (; *c && *c != 'e'; c++)
        if (*c >= '0' && *c <= '9') {
            v = v * 10 + (uint64_t)(*c - '0');
            nd++;
        }
    *m = v;
    *e10 = atoi(c + 1) - (nd - 1);
}

int sl_decimal_cmp_double(sl_int128 u, int s, double d, sl_error **err)
{
    if (!isfinite(d)) {
        *err = sl_error_new(SL_E_EVAL, "Infinite or NaN");
        return 0;
    }
    uint64_t m;
    int e10;
    shortest_digits(d, &m, &e10);
    sl_int128 v = d < 0 ? -(sl_int128)m : (sl_int128)m;
    return sl_decimal_cmp(u, s, v, -e10);
}

/* --- conversions ------------------------------------------------------------------------- */

/* value = m * 10^e (m > 0, at most 39 digits) into DECIMAL(p, s): ensureMax, then HALF_UP to
 * s, then the fit check. txt names the value in errors. */
static sl_error *from_scaled(u128 m, int64_t e, bool neg, int p, int s, const char *txt,
                             sl_int128 *out)
{
    if (m == 0) {
        *out = 0;
        return NULL;
    }
    if (sl_decimal_digits((sl_int128)m) + e > p - s) return sl_decimal_overflow_error(p, s, txt);
    int64_t k = e + s; /* <= p - digits(m) by the check above */
    u128 r = k >= 0 ? m * pow10u((int)k) : (k < -2 * MAXP ? 0 : div_pow10_round(m, (int)-k));
    return fit(r, neg, p, s, out);
}

sl_error *sl_decimal_from_i64(int64_t v, int p, int s, sl_int128 *out)
{
    char txt[24];
    snprintf(txt, sizeof txt, "%lld", (long long)v);
    return from_scaled(uabs(v), 0, v < 0, p, s, txt, out);
}

sl_error *sl_decimal_to_decimal(sl_int128 u, int from_scale, int p, int s, sl_int128 *out)
{
    if (u == 0) {
        *out = 0;
        return NULL;
    }
    if (sl_decimal_digits(u) - from_scale > p - s) return overflow_u(p, s, u, from_scale, true);
    sl_int128 v;
    if (!sl_decimal_rescale(u, from_scale, s, &v)) return overflow_u(p, s, u, from_scale, true);
    return fit(uabs(v), v < 0, p, s, out);
}

/* The first p significant digits of the exact value of |d| (d finite, non-zero), rounded
 * HALF_UP: |d| ~ *m * 10^*e. */
static void round_double_digits(double d, int p, u128 *m, int64_t *e)
{
    char buf[1100];
    snprintf(buf, sizeof buf, "%.39e", fabs(d)); /* "D.DDD...e+XX", 40 digits rounded at the 40th */
    const char *c = buf + p + 1;                 /* digit p (0-based): the first one dropped */
    bool tie = *c == '5';
    for (c++; tie && *c != 'e'; c++)
        tie = *c == '0';
    if (tie) /* "500...0" may be "4999..." rounded up: print every digit (at most 767) */
        snprintf(buf, sizeof buf, "%.800e", fabs(d));
    u128 v = 0;
    int nd = 0;
    for (c = buf; nd < p; c++)
        if (*c != '.') {
            v = v * 10 + (u128)(*c - '0');
            nd++;
        }
    if (*c == '.') c++;
    *e = atoi(strchr(buf, 'e') + 1) - (nd - 1);
    if (*c >= '5' && *c <= '9' && ++v == pow10u(p)) { /* 9.96 -> 10 keeps p digits */
        v /= 10;
        ++*e;
    }
    *m = v;
}

sl_error *sl_decimal_from_double(double d, int p, int s, sl_int128 *out)
{
    if (!isfinite(d)) return sl_error_new(SL_E_EVAL, "Infinite or NaN");
    if (d == 0) {
        *out = 0;
        return NULL;
    }
    u128 m;
    int64_t e;
    round_double_digits(d, p, &m, &e);
    /* the value as Java prints it after the first rounding (toPlainString) */
    sl_buf b = SL_BUF_INIT;
    if (e >= 0) {
        sl_decimal_print(&b, with_sign(m, d < 0), 0);
        for (int64_t z = 0; z < e && z < 400; z++)
            sl_buf_putc(&b, '0');
    } else {
        sl_decimal_print(&b, with_sign(m, d < 0), (int)(-e > 400 ? 400 : -e));
    }
    sl_error *err = from_scaled(m, e, d < 0, p, s, sl_buf_cstr(&b), out);
    sl_buf_free(&b);
    return err;
}

/* Java BigDecimal(String) syntax over txt[i, end): sign, digits with one optional '.',
 * optional exponent. Sets the first significant digit, the significant digit count and the
 * power of ten the digits are scaled by; false on bad syntax. */
static bool scan_number(const char *txt, size_t i, size_t end, bool *neg, const char **first,
                        int64_t *nd, int64_t *e)
{
    bool dot = false, any = false;
    int64_t nfrac = 0, exp = 0;
    *neg = false;
    *first = NULL;
    *nd = 0;
    if (i < end && (txt[i] == '+' || txt[i] == '-')) *neg = txt[i++] == '-';
    for (; i < end; i++) {
        if (txt[i] == '.' && !dot) {
            dot = true;
            continue;
        }
        if (txt[i] < '0' || txt[i] > '9') break;
        any = true;
        nfrac += dot;
        if (!*first && txt[i] == '0') continue;
        if (!*first) *first = txt + i;
        ++*nd;
    }
    if (any && i < end && (txt[i] == 'e' || txt[i] == 'E')) {
        bool eneg = false, edig = false;
        if (++i < end && (txt[i] == '+' || txt[i] == '-')) eneg = txt[i++] == '-';
        for (; i < end && txt[i] >= '0' && txt[i] <= '9'; i++, edig = true)
            if (exp < 1000000000) exp = exp * 10 + (txt[i] - '0');
        any = edig;
        if (eneg) exp = -exp;
    }
    *e = exp - nfrac;
    return any && i == end;
}

sl_error *sl_decimal_parse(const char *txt, size_t n, int p, int s, sl_int128 *out)
{
    size_t i = 0, end = n;
    while (i < end && (unsigned char)txt[i] <= ' ')
        i++;
    while (end > i && (unsigned char)txt[end - 1] <= ' ')
        end--;
    bool neg;
    const char *first;
    int64_t nd, e;
    if (!scan_number(txt, i, end, &neg, &first, &nd, &e))
        return sl_error_new(SL_E_EVAL, "invalid input syntax for type DECIMAL: \"%.*s\"",
                            (int)(n > 200 ? 200 : n), txt);
    if (!first) {
        *out = 0;
        return NULL;
    }
    if (nd + e > p - s) {
        char vt[80];
        snprintf(vt, sizeof vt, "%.*s", (int)(end - i > 70 ? 70 : end - i), txt + i);
        return sl_decimal_overflow_error(p, s, vt);
    }
    /* keep the digits above scale s (at most p of them), rounding on the first dropped one */
    int64_t keep = nd + e + s, k = 0;
    u128 m = 0;
    const char *c = first;
    for (; k < keep && k < nd; c++)
        if (*c != '.') {
            m = m * 10 + (u128)(*c - '0');
            k++;
        }
    if (keep >= 0 && k < nd) {
        if (*c == '.') c++;
        if (*c >= '5') m++;
    }
    if (keep > nd) m *= pow10u((int)(keep - nd));
    return fit(m, neg, p, s, out);
}

bool sl_decimal_text_type(const char *txt, size_t n, int *precision, int *scale)
{
    size_t i = 0, end = n;
    while (i < end && (unsigned char)txt[i] <= ' ')
        i++;
    while (end > i && (unsigned char)txt[end - 1] <= ' ')
        end--;
    bool neg;
    const char *first;
    int64_t nd, e;
    if (!scan_number(txt, i, end, &neg, &first, &nd, &e)) return false;
    int64_t s = -e, p = nd ? nd : 1;
    if (s < 0) { /* 2e1: 20 at scale 0 */
        p -= s;
        s = 0;
    }
    if (!nd) p = s + 1; /* zero: DecimalUtil.fromValue's special case */
    if (p < s) p = s;
    if (p > MAXP) return false;
    *precision = (int)p;
    *scale = (int)s;
    return true;
}

bool sl_decimal_parse_literal(const char *txt, size_t n, sl_int128 *unscaled, int *precision,
                              int *scale)
{
    size_t i = 0;
    bool neg = false, dot = false;
    if (i < n && (txt[i] == '+' || txt[i] == '-')) neg = txt[i++] == '-';
    u128 v = 0;
    int nd = 0, nfrac = 0;
    bool any = false;
    for (; i < n; i++) {
        if (txt[i] == '.' && !dot) {
            dot = true;
            continue;
        }
        if (txt[i] < '0' || txt[i] > '9') return false;
        any = true;
        if (dot) nfrac++;
        if (v == 0 && txt[i] == '0') continue;
        if (++nd > MAXP || nfrac > MAXP) return false;
        v = v * 10 + (u128)(txt[i] - '0');
    }
    if (!any || nfrac > MAXP) return false;
    *unscaled = with_sign(v, neg);
    *scale = nfrac;
    *precision = v == 0 ? nfrac + 1 : (nd > nfrac ? nd : nfrac);
    if (*precision > MAXP) return false;
    return true;
}

double sl_decimal_to_double(sl_int128 u, int s)
{
    u128 m = uabs(u);
    if (m < ((u128)1 << 53) && s <= 22) {
        static const double p10d[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
        double d = (double)(uint64_t)m / p10d[s];
        return u < 0 ? -d : d;
    }
    sl_buf b = SL_BUF_INIT;
    sl_decimal_print(&b, u, s);
    double d = strtod(sl_buf_cstr(&b), NULL);
    sl_buf_free(&b);
    return d;
}

int64_t sl_decimal_to_i64(sl_int128 u, int s)
{
    sl_int128 q = u / (sl_int128)pow10u(s);
    return (int64_t)(uint64_t)(u128)q;
}
