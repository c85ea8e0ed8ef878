/*
 * serde_num.c - numbers, base64 and UTF-8 the way the Java side of ksqlDB reads
 * and writes them, so records decode to the same values and encode to the same
 * bytes:
 *
 *   literal text --sl_serde_numlit_parse--> {sign, int digits, frac digits, exp}
 *       |-> wrap64    Java's BigDecimal.longValue(): truncate, keep the low 64 bits
 *       |-> double    BigDecimal.doubleValue(): nearest double (fast path, else strtod)
 *       |-> decimal   DecimalUtil.ensureFit: exact into DECIMAL(p, s), or ksqlDB's error
 *       `-> bigdec    BigDecimal.toString(): what a JSON number becomes in a STRING column
 *
 *   double -> Double.toString (shortest round-trip digits; 1.0E10, 1.0E-5, 123.45)
 *   int128 -> BigDecimal.toString / toPlainString (JSON / DELIMITED DECIMAL)
 *
 * Literals are never converted through double unless a double is wanted, and
 * any number of digits is handled. strtod is only handed digit strings without
 * a radix character, so the process locale cannot change results.
 */
#include "exec/serde_int.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static inline bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Digit i of the literal's digit string (integer digits then fraction digits). */
static inline int lit_digit(const sl_numlit *l, size_t i)
{
    return (i < l->in ? l->ip[i] : l->fp[i - l->in]) - '0';
}

static size_t lit_first_nonzero(const sl_numlit *l)
{
    size_t i = 0, nd = l->in + l->fn;
    while (i < nd && lit_digit(l, i) == 0)
        i++;
    return i;
}

bool sl_serde_numlit_parse(const char *s, size_t n, sl_numlit *out)
{
    size_t i = 0;
    memset(out, 0, sizeof *out);
    if (i < n && (s[i] == '+' || s[i] == '-')) out->neg = s[i++] == '-';
    out->ip = s + i;
    while (i < n && is_digit(s[i]))
        i++;
    out->in = (size_t)(s + i - out->ip);
    out->fp = s + i;
    if (i < n && s[i] == '.') {
        out->fp = s + ++i;
        while (i < n && is_digit(s[i]))
            i++;
        out->fn = (size_t)(s + i - out->fp);
    }
    if (out->in + out->fn == 0) return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        bool eneg = false;
        if (++i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
        if (i == n || !is_digit(s[i])) return false;
        int64_t e = 0;
        for (; i < n && is_digit(s[i]); i++)
            if (e < SL_NUMLIT_EXP_MAX) e = e * 10 + (s[i] - '0');
        if (e > SL_NUMLIT_EXP_MAX) e = SL_NUMLIT_EXP_MAX;
        out->exp = eneg ? -e : e;
    }
    return i == n;
}

uint64_t sl_serde_numlit_wrap64(const sl_numlit *l)
{
    /* The integer part is the first in + exp digits, padded with zeros past the end. */
    int64_t keep = (int64_t)l->in + l->exp, nd = (int64_t)(l->in + l->fn);
    uint64_t v = 0;
    if (keep <= 0) return 0;
    for (int64_t i = 0; i < keep && i < nd; i++)
        v = v * 10 + (uint64_t)lit_digit(l, (size_t)i);
    /* 10^64 is a multiple of 2^64: more zeros than that leave the low bits 0. */
    for (int64_t z = keep - nd; z > 0 && v; z--)
        v *= 10;
    return l->neg ? 0 - v : v;
}

double sl_serde_numlit_double(const sl_numlit *l, sl_arena *ar)
{
    size_t nd = l->in + l->fn, i = lit_first_nonzero(l), sig = nd - i;
    int64_t e10 = l->exp - (int64_t)l->fn; /* value = digits * 10^e10 */
    if (sig == 0) return 0.0;              /* BigDecimal has no negative zero */
    if (sig <= 19) {
        uint64_t w = 0;
        for (size_t j = i; j < nd; j++)
            w = w * 10 + (uint64_t)lit_digit(l, j);
        if (w <= (1ULL << 53) && e10 >= -22 && e10 <= 22) {
            /* Both operands exact: one correctly rounded operation (Clinger's fast path). */
            double d = (double)w;
            d = e10 < 0 ? d / pow10_exact[-e10] : d * pow10_exact[e10];
            return l->neg ? -d : d;
        }
    }
    char small[128];
    size_t cap = sig + 32;
    char *buf = cap <= sizeof small ? small : sl_arena_alloc(ar, cap);
    size_t k = 0;
    for (size_t j = i; j < nd; j++)
        buf[k++] = (char)('0' + lit_digit(l, j));
    snprintf(buf + k, cap - k, "e%lld", (long long)e10);
    double d = strtod(buf, NULL); /* no radix character: locale-proof */
    return l->neg ? -d : d;
}

/* BigDecimal.toPlainString() of the literal, cut at cap - 4 characters with "...". */
static void lit_plain(const sl_numlit *l, char *out, size_t cap)
{
    size_t nd = l->in + l->fn, i = lit_first_nonzero(l), k = 0, lim = cap - 4;
    int64_t scale = (int64_t)l->fn - l->exp;
    bool zero = i == nd;
    size_t len = zero ? 1 : nd - i;
#define PUT(c)                                                                                     \
    do {                                                                                           \
        if (k < lim)                                                                               \
            out[k++] = (c);                                                                        \
        else                                                                                       \
            goto cut;                                                                              \
    } while (0)
    if (l->neg && !zero) PUT('-');
    if (scale <= 0) {
        for (size_t j = 0; j < len; j++)
            PUT(zero ? '0' : (char)('0' + lit_digit(l, i + j)));
        for (int64_t z = zero ? 0 : -scale; z > 0; z--)
            PUT('0');
    } else if ((int64_t)len > scale) {
        for (size_t j = 0; j < len; j++) {
            if ((int64_t)(len - j) == scale) PUT('.');
            PUT(zero ? '0' : (char)('0' + lit_digit(l, i + j)));
        }
    } else {
        PUT('0');
        PUT('.');
        for (int64_t z = scale - (int64_t)len; z > 0; z--)
            PUT('0');
        for (size_t j = 0; j < len; j++)
            PUT(zero ? '0' : (char)('0' + lit_digit(l, i + j)));
    }
#undef PUT
    out[k] = '\0';
    return;
cut:
    memcpy(out + k, "...", 4);
}

bool sl_serde_numlit_decimal(const sl_numlit *l, int p, int s, sl_int128 *out, char *err,
                             size_t errn)
{
    size_t nd = l->in + l->fn, i = lit_first_nonzero(l), j = nd;
    if (i == nd) {
        *out = 0;
        return true;
    }
    while (j > i && lit_digit(l, j - 1) == 0)
        j--;
    int64_t scale0 = (int64_t)l->fn - l->exp;
    int64_t sig = (int64_t)(j - i), scale = scale0 - (int64_t)(nd - j); /* trailing zeros off */
    char plain[96];
    if (sig - scale > p - s) {
        lit_plain(l, plain, sizeof plain);
        snprintf(err, errn,
                 "Numeric field overflow: A field with precision %d and scale %d must round to "
                 "an absolute value less than 10^%d. Got %s",
                 p, s, p - s, plain);
        return false;
    }
    if (scale > s) {
        lit_plain(l, plain, sizeof plain);
        snprintf(err, errn,
                 "Cannot fit decimal '%s' into DECIMAL(%d, %d) without rounding. (Requires "
                 "%lld,%lld)",
                 plain, p, s, (long long)(nd - i), (long long)scale0);
        return false;
    }
    /* Now sig + (s - scale) <= p <= 38 digits: the result fits 128 bits. */
    sl_int128 v = 0;
    for (size_t k = i; k < j; k++)
        v = v * 10 + lit_digit(l, k);
    for (int64_t z = s - scale; z > 0; z--)
        v *= 10;
    *out = l->neg ? -v : v;
    return true;
}

/* BigDecimal.toString() layout of coefficient digits dig[0..len) with a scale. */
static size_t layout_bigdec(char *out, bool neg, const char *dig, size_t len, int64_t scale,
                            bool plain)
{
    size_t k = 0;
    int64_t adjusted = -scale + (int64_t)len - 1;
    if (neg) out[k++] = '-';
    if (plain || (scale >= 0 && adjusted >= -6)) {
        if (scale <= 0) {
            memcpy(out + k, dig, len);
            k += len;
            for (int64_t z = dig[0] == '0' && len == 1 ? 0 : -scale; z > 0; z--)
                out[k++] = '0';
        } else if ((int64_t)len > scale) {
            size_t ip = len - (size_t)scale;
            memcpy(out + k, dig, ip);
            k += ip;
            out[k++] = '.';
            memcpy(out + k, dig + ip, (size_t)scale);
            k += (size_t)scale;
        } else {
            out[k++] = '0';
            out[k++] = '.';
            for (int64_t z = scale - (int64_t)len; z > 0; z--)
                out[k++] = '0';
            memcpy(out + k, dig, len);
            k += len;
        }
        return k;
    }
    out[k++] = dig[0];
    if (len > 1) {
        out[k++] = '.';
        memcpy(out + k, dig + 1, len - 1);
        k += len - 1;
    }
    if (adjusted != 0)
        k += (size_t)sprintf(out + k, "E%s%lld", adjusted > 0 ? "+" : "", (long long)adjusted);
    return k;
}

char *sl_serde_numlit_bigdec(const sl_numlit *l, sl_arena *ar, uint32_t *outn)
{
    size_t nd = l->in + l->fn, i = lit_first_nonzero(l), len = 0;
    int64_t scale = (int64_t)l->fn - l->exp;
    char *dig = sl_arena_alloc(ar, nd + 1), *out = sl_arena_alloc(ar, nd + 32);
    if (i == nd) dig[len++] = '0';
    for (; i < nd; i++)
        dig[len++] = (char)('0' + lit_digit(l, i));
    bool neg = l->neg && dig[0] != '0';
    if (l->fn == 0 && l->exp == 0) { /* an integer literal: IntNode, LongNode, BigIntegerNode */
        size_t k = 0;
        if (neg) out[k++] = '-';
        memcpy(out + k, dig, len);
        *outn = (uint32_t)(k + len);
        return out;
    }
    *outn = (uint32_t)layout_bigdec(out, neg, dig, len, scale, false);
    return out;
}

/* Decimal digits of u into out (no terminator); returns their count. */
static size_t u128_digits(unsigned __int128 u, char *out)
{
    char tmp[48];
    size_t n = 0;
    while (u >= 10000000000000000000ULL) {
        uint64_t r = (uint64_t)(u % 10000000000000000000ULL);
        u /= 10000000000000000000ULL;
        for (int i = 0; i < 19; i++, r /= 10)
            tmp[n++] = (char)('0' + r % 10);
    }
    uint64_t v = (uint64_t)u;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

size_t sl_serde_fmt_bigdec(sl_int128 unscaled, int scale, bool plain, char *out)
{
    char dig[48];
    bool neg = unscaled < 0;
    unsigned __int128 u =
        neg ? (unsigned __int128)0 - (unsigned __int128)unscaled : (unsigned __int128)unscaled;
    return layout_bigdec(out, neg, dig, u128_digits(u, dig), scale, plain);
}

static bool is_hex_digit(char c)
{
    return is_digit(c) || (uint8_t)((c | 0x20) - 'a') < 6;
}

static bool is_suffix(char c)
{
    return c == 'f' || c == 'F' || c == 'd' || c == 'D';
}

/* Java's Double.parseDouble for the hex form [+-]0x<h>[.<h>]p[+-]<d>[fFdD]: rebuilt without
 * a radix character so strtod cannot be misled by the locale. Digits past the 60th only
 * matter as a sticky bit, kept as one trailing 1. */
static bool parse_hex_double(const char *s, size_t n, double *out)
{
    size_t i = 2, k = 2;
    char buf[96] = "0x";
    int64_t shift = 0;
    bool any = false, sticky = false;
    for (; i < n && is_hex_digit(s[i]); i++, any = true) {
        if (k < 62)
            buf[k++] = s[i];
        else
            shift += 4, sticky |= s[i] != '0';
    }
    if (i < n && s[i] == '.')
        for (i++; i < n && is_hex_digit(s[i]); i++, any = true) {
            if (k < 62)
                buf[k++] = s[i], shift -= 4;
            else
                sticky |= s[i] != '0';
        }
    if (sticky) buf[k++] = '1', shift -= 4;
    if (!any || i == n || (s[i] != 'p' && s[i] != 'P')) return false;
    i++;
    bool eneg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    if (i == n || !is_digit(s[i])) return false;
    int64_t e = 0;
    for (; i < n && is_digit(s[i]); i++)
        if (e < SL_NUMLIT_EXP_MAX) e = e * 10 + (s[i] - '0');
    if (i < n && is_suffix(s[i])) i++;
    if (i != n) return false;
    snprintf(buf + k, sizeof buf - k, "p%lld", (long long)((eneg ? -e : e) + shift));
    *out = strtod(buf, NULL);
    return true;
}

bool sl_serde_parse_double(const char *s, size_t n, sl_arena *ar, double *out)
{
    while (n && (unsigned char)s[0] <= ' ')
        s++, n--; /* String.trim() */
    while (n && (unsigned char)s[n - 1] <= ' ')
        n--;
    bool neg = n && s[0] == '-';
    size_t i = n && (s[0] == '-' || s[0] == '+') ? 1 : 0;
    const char *r = s + i;
    size_t rn = n - i;
    double d;
    if (rn == 3 && memcmp(r, "NaN", 3) == 0)
        d = NAN;
    else if (rn == 8 && memcmp(r, "Infinity", 8) == 0)
        d = INFINITY;
    else if (rn > 2 && r[0] == '0' && (r[1] == 'x' || r[1] == 'X')) {
        if (!parse_hex_double(r, rn, &d)) return false;
    } else {
        sl_numlit l;
        if (rn && is_suffix(r[rn - 1])) rn--; /* the float/double suffix */
        if (rn == 0 || r[0] == '+' || r[0] == '-' || !sl_serde_numlit_parse(r, rn, &l))
            return false;
        d = sl_serde_numlit_double(&l, ar);
    }
    *out = neg ? -d : d;
    return true;
}

size_t sl_serde_fmt_i64(int64_t v, char *out)
{
    char tmp[24];
    size_t n = 0, k = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) out[k++] = '-';
    while (n)
        out[k++] = tmp[--n];
    return k;
}

/* Shortest digits of a (> 0) with at most 15 significant digits, found by trying k fraction
 * digits: m / 10^k is one correctly rounded division, so the test is exact. Returns the digit
 * count (trailing zeros stripped) and sets *e so that a = d.ddd * 10^e, or 0 when it fails. */
static int shortest_fast(double a, char *dig, int *e)
{
    if (a < 1e-5 || a >= 1e15) return 0;
    for (int k = 0; k <= 17; k++) {
        double x = a * pow10_exact[k];
        if (x >= 1e15) break;
        uint64_t m = (uint64_t)(x + 0.5);
        if ((double)m / pow10_exact[k] != a) continue;
        int n = (int)sl_serde_fmt_i64((int64_t)m, dig);
        *e = n - 1 - k;
        while (n > 1 && dig[n - 1] == '0')
            n--;
        return n;
    }
    return 0;
}

/* The general case: the fewest of 15, 16, 17 significant digits that round-trip. A normal
 * value with a representation of <= 15 digits has exactly one, which %.14e finds padded. */
static int shortest_slow(double a, char *dig, int *e)
{
    char tmp[48], chk[48];
    int n = 0;
    /* Subnormals carry fewer bits: fewer digits may do. Java prints at least two (4.9E-324). */
    for (int prec = a < DBL_MIN ? 2 : 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, a);
        char *ep = strchr(tmp, 'e');
        n = 0;
        for (char *c = tmp; c < ep; c++)
            if (is_digit(*c)) dig[n++] = *c;
        *e = atoi(ep + 1);
        snprintf(chk, sizeof chk, "%.*se%d", n, dig, *e - (n - 1));
        if (strtod(chk, NULL) == a) break;
    }
    while (n > 1 && dig[n - 1] == '0')
        n--;
    return n;
}

size_t sl_serde_fmt_double(double d, char *out)
{
    if (isnan(d)) return (size_t)sprintf(out, "NaN");
    if (isinf(d)) return (size_t)sprintf(out, d < 0 ? "-Infinity" : "Infinity");
    if (d == 0) return (size_t)sprintf(out, signbit(d) ? "-0.0" : "0.0");
    char dig[32];
    int e, n;
    size_t k = 0;
    double a = fabs(d);
    n = shortest_fast(a, dig, &e);
    if (!n) n = shortest_slow(a, dig, &e);
    if (d < 0) out[k++] = '-';
    if (e >= -3 && e < 7) { /* plain, at least one fraction digit */
        if (e < 0) {
            out[k++] = '0';
            out[k++] = '.';
            for (int z = -e - 1; z > 0; z--)
                out[k++] = '0';
            memcpy(out + k, dig, (size_t)n);
            return k + (size_t)n;
        }
        for (int i = 0; i <= e; i++)
            out[k++] = i < n ? dig[i] : '0';
        out[k++] = '.';
        if (n > e + 1) {
            memcpy(out + k, dig + e + 1, (size_t)(n - e - 1));
            return k + (size_t)(n - e - 1);
        }
        out[k++] = '0';
        return k;
    }
    out[k++] = dig[0];
    out[k++] = '.';
    if (n > 1)
        memcpy(out + k, dig + 1, (size_t)(n - 1)), k += (size_t)(n - 1);
    else
        out[k++] = '0';
    return k + (size_t)sprintf(out + k, "E%d", e);
}

/* --- base64 ------------------------------------------------------------------------------- */

static const char b64_alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t sl_serde_b64_len(size_t n)
{
    return (n + 2) / 3 * 4;
}

void sl_serde_b64_encode(const uint8_t *p, size_t n, char *out)
{
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        *out++ = b64_alpha[v >> 18];
        *out++ = b64_alpha[(v >> 12) & 63];
        *out++ = b64_alpha[(v >> 6) & 63];
        *out++ = b64_alpha[v & 63];
    }
    if (i < n) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
        *out++ = b64_alpha[v >> 18];
        *out++ = b64_alpha[(v >> 12) & 63];
        *out++ = i + 1 < n ? b64_alpha[(v >> 6) & 63] : '=';
        *out++ = '=';
    }
}

static int b64_val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

bool sl_serde_b64_decode(const char *in, size_t n, bool jackson, uint8_t *out, size_t *outn)
{
    uint32_t acc = 0;
    int have = 0, pad = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (jackson && c <= ' ') continue;
        if (c == '=') {
            if (have < 2 || have + pad >= 4) return false;
            pad++;
            continue;
        }
        int v = b64_val(c);
        if (v < 0 || pad) return false; /* nothing may follow the padding */
        acc = acc << 6 | (uint32_t)v;
        if (++have == 4) {
            out[k++] = (uint8_t)(acc >> 16);
            out[k++] = (uint8_t)(acc >> 8);
            out[k++] = (uint8_t)acc;
            acc = 0;
            have = 0;
        }
    }
    if (have == 1) return false;
    if (have && have + pad != 4 && (jackson || pad)) return false; /* padding incomplete */
    if (have >= 2) out[k++] = (uint8_t)(acc >> (have == 2 ? 4 : 10));
    if (have == 3) out[k++] = (uint8_t)(acc >> 2);
    *outn = k;
    return true;
}

/* --- UTF-8 -------------------------------------------------------------------------------- */

/* Bytes of a valid prefix of the sequence led by p[0] (the "maximal subpart"), at least 1. */
static size_t utf8_bad_len(const uint8_t *p, size_t n)
{
    uint8_t c = p[0], lo = 0x80, hi = 0xBF;
    size_t need;
    if (c < 0xC2 || c > 0xF4) return 1;
    need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    size_t i = 1;
    for (; i < need && i < n; i++) {
        if (p[i] < lo || p[i] > hi) break;
        lo = 0x80;
        hi = 0xBF;
    }
    return i;
}

size_t sl_serde_utf8_seq(const uint8_t *p, size_t n)
{
    uint8_t c = p[0];
    if (c < 0x80) return 1;
    size_t bad = utf8_bad_len(p, n), need = c < 0xC2 || c > 0xF4 ? 0
                                            : c < 0xE0           ? 2
                                            : c < 0xF0           ? 3
                                                                 : 4;
    return need && bad == need ? need : 0;
}

char *sl_serde_utf8_copy(sl_arena *ar, const char *p, size_t n, uint32_t *outn)
{
    const uint8_t *s = (const uint8_t *)p;
    size_t i = 0;
    while (i < n) { /* the common case: valid, one copy */
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = sl_serde_utf8_seq(s + i, n - i);
        if (!k) break;
        i += k;
    }
    if (i == n) {
        *outn = (uint32_t)n;
        return sl_arena_memdup(ar, p, n);
    }
    char *out = sl_arena_alloc(ar, n * 3 + 1);
    size_t k = 0;
    memcpy(out, p, i);
    k = i;
    while (i < n) {
        size_t q = s[i] < 0x80 ? 1 : sl_serde_utf8_seq(s + i, n - i);
        if (q) {
            memcpy(out + k, s + i, q);
            k += q;
            i += q;
        } else {
            memcpy(out + k, "\xEF\xBF\xBD", 3);
            k += 3;
            i += utf8_bad_len(s + i, n - i);
        }
    }
    *outn = (uint32_t)k;
    return out;
}
