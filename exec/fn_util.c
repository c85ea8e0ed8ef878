/*
 * fn_util.c - helpers of the scalar function library: UTF-8 decoding, Java's
 * UTF-16 view of a string (lengths, positions, ordering), and the hex/base64
 * codecs behind ENCODE, TO_BYTES and FROM_BYTES. See fn_int.h.
 */
#include "exec/fn_int.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

uint32_t sl_fn_utf8_next(const char *s, size_t n, size_t *i)
{
    const uint8_t *p = (const uint8_t *)s + *i;
    size_t left = n - *i;
    uint8_t c = p[0];
    if (c < 0x80) {
        *i += 1;
        return c;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (len == 0 || (size_t)len > left || c > 0xF4) goto bad;
    uint32_t cp = c & (0x7F >> len);
    for (int k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) goto bad;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    /* overlong forms, surrogates and values past U+10FFFF are not UTF-8 */
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        goto bad;
    *i += (size_t)len;
    return cp;
bad:
    *i += 1;
    return 0xFFFD;
}

int sl_fn_utf8_put(char *out, uint32_t cp)
{
    uint8_t *o = (uint8_t *)out;
    if (cp < 0x80) {
        o[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (uint8_t)(0xC0 | (cp >> 6));
        o[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (uint8_t)(0xE0 | (cp >> 12));
        o[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (uint8_t)(0xF0 | (cp >> 18));
    o[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

bool sl_fn_is_ascii(const char *s, size_t n)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ULL) return false;
    }
    for (; i < n; i++)
        if (p[i] & 0x80) return false;
    return true;
}

size_t sl_fn_utf16_len(const char *s, size_t n)
{
    if (sl_fn_is_ascii(s, n)) return n;
    size_t units = 0;
    for (size_t i = 0; i < n;)
        units += sl_fn_utf8_next(s, n, &i) >= 0x10000 ? 2 : 1;
    return units;
}

size_t sl_fn_utf16_off(const char *s, size_t n, size_t idx)
{
    size_t i = 0, units = 0;
    while (i < n && units < idx) {
        /* ASCII runs: one unit per byte */
        if (!((uint8_t)s[i] & 0x80)) {
            i++;
            units++;
            continue;
        }
        size_t j = i;
        uint32_t cp = sl_fn_utf8_next(s, n, &j);
        if (cp >= 0x10000 && units + 2 > idx) break; /* idx falls inside the pair */
        units += cp >= 0x10000 ? 2 : 1;
        i = j;
    }
    return i;
}

/* UTF-16 ordering differs from code point (= UTF-8 byte) ordering only between
 * supplementary characters (surrogates D800-DFFF) and U+E000..U+FFFF. */
static uint32_t utf16_key(uint32_t cp)
{
    if (cp >= 0x10000) return 0xD800 + ((cp - 0x10000) >> 10);
    return cp;
}

int sl_fn_utf16_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t n = an < bn ? an : bn, d = 0;
    while (d < n && a[d] == b[d])
        d++;
    if (d == n) return an < bn ? -1 : an > bn;
    /* back up to the start of the character holding the first difference */
    while (d > 0 && ((uint8_t)a[d] & 0xC0) == 0x80)
        d--;
    size_t i = d, j = d;
    uint32_t ca = sl_fn_utf8_next(a, an, &i), cb = sl_fn_utf8_next(b, bn, &j);
    uint32_t ka = utf16_key(ca), kb = utf16_key(cb);
    if (ka != kb) return ka < kb ? -1 : 1;
    /* same high surrogate: the low surrogates order like the code points */
    return ca < cb ? -1 : ca > cb;
}

bool sl_fn_ieq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

static const char hexdig[] = "0123456789abcdef";
static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t sl_fn_hex_encode(char *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hexdig[p[i] >> 4];
        out[2 * i + 1] = hexdig[p[i] & 15];
    }
    return 2 * n;
}

size_t sl_fn_base64_encode(char *out, const uint8_t *p, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n) v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n) v |= p[i + 2];
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        out[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? b64[v & 63] : '=';
    }
    return o;
}

bool sl_fn_hex_decode(uint8_t *out, const char *s, size_t n)
{
    if (n % 2) return false;
    for (size_t i = 0; i < n; i += 2) {
        int hi = fn_hexval(s[i]), lo = fn_hexval(s[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

static int b64val(char c, bool urlsafe)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || (urlsafe && c == '-')) return 62;
    if (c == '/' || (urlsafe && c == '_')) return 63;
    return -1;
}

bool sl_fn_base64_decode(uint8_t *out, size_t *outn, const char *s, size_t n, bool mime)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n && s[i] != '='; i++) {
        int v = b64val(s[i], !mime);
        if (v < 0) continue; /* both decoders skip what is not in the alphabet */
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (uint8_t)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    /* Java's MIME decoder rejects a last group of one character (6 bits) */
    if (mime && bits >= 6) return false;
    *outn = o;
    return true;
}

/* --- Unicode case and character classes ------------------------------------------------- */

/* glibc's built-in C.UTF-8 locale gives Unicode case mappings and classes
 * through the thread-safe *_l functions; it is created once and never changes. */
static locale_t utf8_locale;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;

static void utf8_locale_init(void)
{
    utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static locale_t ctype(void)
{
    pthread_once(&utf8_once, utf8_locale_init);
    return utf8_locale;
}

uint32_t sl_fn_upper(uint32_t cp)
{
    if (cp < 0x80) return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
    locale_t l = ctype();
    return l ? (uint32_t)towupper_l((wint_t)cp, l) : cp;
}

uint32_t sl_fn_lower(uint32_t cp)
{
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    locale_t l = ctype();
    return l ? (uint32_t)towlower_l((wint_t)cp, l) : cp;
}

/* The first code point of each run of ten decimal digits (Unicode category Nd). */
static const uint32_t digit_zeros[] = {
    0x30,    0x660,   0x6F0,   0x7C0,   0x966,   0x9E6,   0xA66,   0xAE6,   0xB66,   0xBE6,
    0xC66,   0xCE6,   0xD66,   0xDE6,   0xE50,   0xED0,   0xF20,   0x1040,  0x1090,  0x17E0,
    0x1810,  0x1946,  0x19D0,  0x1A80,  0x1A90,  0x1B50,  0x1BB0,  0x1C40,  0x1C50,  0xA620,
    0xA8D0,  0xA900,  0xA9D0,  0xA9F0,  0xAA50,  0xABF0,  0xFF10,  0x104A0, 0x10D30, 0x11066,
    0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0,
    0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2,
    0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
};

sl_fn_chartype sl_fn_char_type(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') return SL_FN_CH_UPPER;
        if (cp >= 'a' && cp <= 'z') return SL_FN_CH_LOWER;
        if (cp >= '0' && cp <= '9') return SL_FN_CH_DIGIT;
        return SL_FN_CH_OTHER;
    }
    for (size_t i = 0; i < sizeof digit_zeros / sizeof digit_zeros[0]; i++)
        if (cp >= digit_zeros[i] && cp < digit_zeros[i] + 10) return SL_FN_CH_DIGIT;
    locale_t l = ctype();
    if (!l) return SL_FN_CH_OTHER;
    if (iswupper_l((wint_t)cp, l)) return SL_FN_CH_UPPER;
    if (iswlower_l((wint_t)cp, l)) return SL_FN_CH_LOWER;
    return SL_FN_CH_OTHER;
}

size_t sl_fn_case_map(char *out, const char *s, size_t n, bool upper)
{
    uint8_t from = upper ? 'a' : 'A';
    if (sl_fn_is_ascii(s, n)) { /* a loop the compiler vectorises */
        for (size_t i = 0; i < n; i++) {
            uint8_t c = (uint8_t)s[i];
            out[i] = (char)(c ^ ((uint8_t)(c - from) < 26u ? 0x20 : 0));
        }
        return n;
    }
    size_t o = 0;
    locale_t l = NULL;
    for (size_t i = 0; i < n;) {
        uint8_t c = (uint8_t)s[i];
        if (c < 0x80) { /* flip bit 5 of the letters of the other case */
            out[o++] = (char)(c ^ ((uint8_t)(c - from) < 26u ? 0x20 : 0));
            i++;
            continue;
        }
        if (!l) l = ctype();
        uint32_t cp = sl_fn_utf8_next(s, n, &i);
        if (l) cp = (uint32_t)(upper ? towupper_l((wint_t)cp, l) : towlower_l((wint_t)cp, l));
        o += (size_t)sl_fn_utf8_put(out + o, cp);
    }
    return o;
}

/* --- ordering ---------------------------------------------------------------------------- */

int sl_fn_java_cmp(const sl_type *t, sl_value a, sl_value b)
{
    if (a.null || b.null) return a.null == b.null ? 0 : (a.null ? -1 : 1);
    switch (t->kind) {
    case SL_K_DOUBLE:
        /* Double.compareTo: NaN above everything, -0.0 below 0.0 */
        if (isnan(a.u.d) || isnan(b.u.d)) return isnan(a.u.d) - isnan(b.u.d);
        if (a.u.d == b.u.d) return signbit(b.u.d) - signbit(a.u.d);
        return a.u.d < b.u.d ? -1 : 1;
    case SL_K_STRING:
        return sl_fn_utf16_cmp(a.u.s, a.len, b.u.s, b.len);
    default:
        return sl_value_cmp(t, a, b);
    }
}

/* --- calendar ------------------------------------------------------------------------------ */

/* Proleptic Gregorian calendar by 400-year eras (146097 days each), with years
 * starting on March 1st so the leap day falls at the end of a year; the inverse
 * of sl_cast_days_from_civil (cast.h). */
void sl_fn_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    int64_t z = days + 719468; /* days since 0000-03-01 */
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153; /* March = 0 */
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

sl_value sl_fn_base64_mime(sl_fnctx *cx, const uint8_t *p, size_t n)
{
    size_t plain = (n + 2) / 3 * 4;
    size_t breaks = plain ? (plain - 1) / 76 : 0;
    char *o;
    sl_value v = fn_str_new(cx, plain + 2 * breaks, &o);
    size_t w = sl_fn_base64_encode(o, p, n);
    /* spread the 76-character lines out from the end so nothing is overwritten */
    for (size_t line = breaks; line > 0; line--) {
        size_t from = line * 76, len = (line == breaks ? w : (line + 1) * 76) - from;
        memmove(o + from + 2 * line, o + from, len);
        o[from + 2 * line - 2] = '\r';
        o[from + 2 * line - 1] = '\n';
    }
    return v;
}

size_t sl_fn_i64_str(char *out, int64_t v)
{
    char tmp[24];
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    size_t n = 0, o = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) out[o++] = '-';
    while (n)
        out[o++] = tmp[--n];
    return o;
}

void sl_fn_print_value(sl_buf *out, const sl_type *t, sl_value v)
{
    char num[24];
    if (!v.null && (t->kind == SL_K_INT || t->kind == SL_K_BIGINT)) {
        sl_buf_append(out, num, sl_fn_i64_str(num, v.u.i));
    } else if (!v.null && t->kind == SL_K_STRING) {
        sl_buf_append(out, v.u.s, v.len);
    } else if (!v.null && t->kind == SL_K_BOOLEAN) {
        sl_buf_puts(out, v.u.i ? "true" : "false");
    } else {
        sl_value_print(out, t, v);
    }
}
