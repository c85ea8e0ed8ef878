/*
 * value.c - values: construction, deep copy, equality, ordering, hashing and
 * text/JSON rendering (see value.h).
 */
#include "exec/value.h"
#include "common/hash.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

sl_value sl_value_decimal(sl_arena *ar, sl_int128 unscaled)
{
    sl_int128 *p = sl_arena_alloc_aligned(ar, sizeof *p, 16);
    *p = unscaled;
    sl_value v = {.u.dec = p};
    return v;
}

sl_array *sl_array_new(sl_arena *ar, uint32_t n)
{
    sl_array *a = sl_arena_alloc(ar, sizeof *a);
    a->v = SL_ARENA_ARRAY(ar, sl_value, n ? n : 1);
    a->n = n;
    return a;
}

sl_map *sl_map_new(sl_arena *ar, uint32_t n)
{
    sl_map *m = sl_arena_alloc(ar, sizeof *m);
    m->k = SL_ARENA_ARRAY(ar, sl_value, n ? n : 1);
    m->v = SL_ARENA_ARRAY(ar, sl_value, n ? n : 1);
    m->n = n;
    return m;
}

sl_struct *sl_struct_new(sl_arena *ar, uint32_t n)
{
    sl_struct *s = sl_arena_alloc(ar, sizeof *s);
    s->f = SL_ARENA_ARRAY(ar, sl_value, n ? n : 1);
    s->n = n;
    return s;
}

sl_value sl_value_copy(sl_arena *ar, const sl_type *t, sl_value v)
{
    if (v.null) return v;
    switch (t->kind) {
    case SL_K_STRING:
    case SL_K_BYTES: v.u.s = sl_arena_memdup(ar, v.u.s, v.len); return v;
    case SL_K_DECIMAL: return sl_value_decimal(ar, *v.u.dec);
    case SL_K_ARRAY: {
        sl_array *a = sl_array_new(ar, v.u.arr->n);
        for (uint32_t i = 0; i < a->n; i++) a->v[i] = sl_value_copy(ar, t->elem, v.u.arr->v[i]);
        return sl_value_array(a);
    }
    case SL_K_MAP: {
        sl_map *m = sl_map_new(ar, v.u.map->n);
        for (uint32_t i = 0; i < m->n; i++) {
            m->k[i] = sl_value_copy(ar, t->key, v.u.map->k[i]);
            m->v[i] = sl_value_copy(ar, t->elem, v.u.map->v[i]);
        }
        return sl_value_map(m);
    }
    case SL_K_STRUCT: {
        sl_struct *s = sl_struct_new(ar, v.u.st->n);
        for (uint32_t i = 0; i < s->n && i < t->nfields; i++)
            s->f[i] = sl_value_copy(ar, t->fields[i].type, v.u.st->f[i]);
        return sl_value_struct(s);
    }
    default: return v;
    }
}

int sl_map_find(const sl_map *m, const sl_type *kt, sl_value k)
{
    for (uint32_t i = 0; i < m->n; i++)
        if (sl_value_eq(kt, m->k[i], k)) return (int)i;
    return -1;
}

static int cmp_i64(int64_t a, int64_t b)
{
    return (a > b) - (a < b);
}

static int cmp_bytes(sl_value a, sl_value b)
{
    uint32_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.u.s, b.u.s, n) : 0;
    return c ? (c < 0 ? -1 : 1) : cmp_i64(a.len, b.len);
}

static int cmp_double(double a, double b)
{
    if (isnan(a) || isnan(b)) return isnan(a) - isnan(b);
    return (a > b) - (a < b);
}

static bool map_eq(const sl_type *t, const sl_map *a, const sl_map *b)
{
    if (a->n != b->n) return false;
    for (uint32_t i = 0; i < a->n; i++) {
        int j = sl_map_find(b, t->key, a->k[i]);
        if (j < 0 || !sl_value_eq(t->elem, a->v[i], b->v[j])) return false;
    }
    return true;
}

bool sl_value_eq(const sl_type *t, sl_value a, sl_value b)
{
    if (a.null || b.null) return a.null && b.null;
    if (t->kind == SL_K_MAP) return map_eq(t, a.u.map, b.u.map);
    return sl_value_cmp(t, a, b) == 0;
}

int sl_value_cmp(const sl_type *t, sl_value a, sl_value b)
{
    if (a.null || b.null) return a.null && b.null ? 0 : (a.null ? -1 : 1);
    switch (t->kind) {
    case SL_K_DOUBLE: return cmp_double(a.u.d, b.u.d);
    case SL_K_DECIMAL: return (*a.u.dec > *b.u.dec) - (*a.u.dec < *b.u.dec);
    case SL_K_STRING:
    case SL_K_BYTES: return cmp_bytes(a, b);
    case SL_K_ARRAY: {
        const sl_array *x = a.u.arr, *y = b.u.arr;
        for (uint32_t i = 0; i < x->n && i < y->n; i++) {
            int c = sl_value_cmp(t->elem, x->v[i], y->v[i]);
            if (c) return c;
        }
        return cmp_i64(x->n, y->n);
    }
    case SL_K_MAP: {
        const sl_map *x = a.u.map, *y = b.u.map;
        for (uint32_t i = 0; i < x->n && i < y->n; i++) {
            int c = sl_value_cmp(t->key, x->k[i], y->k[i]);
            if (!c) c = sl_value_cmp(t->elem, x->v[i], y->v[i]);
            if (c) return c;
        }
        return cmp_i64(x->n, y->n);
    }
    case SL_K_STRUCT:
        for (uint32_t i = 0; i < t->nfields; i++) {
            int c = sl_value_cmp(t->fields[i].type, a.u.st->f[i], b.u.st->f[i]);
            if (c) return c;
        }
        return 0;
    case SL_K_NULL: return 0;
    default: return cmp_i64(a.u.i, b.u.i);
    }
}

uint64_t sl_value_hash(const sl_type *t, sl_value v)
{
    if (v.null) return 0x6e756c6cULL;
    switch (t->kind) {
    case SL_K_DOUBLE: {
        double d = v.u.d == 0.0 ? 0.0 : v.u.d; /* -0.0 == 0.0 */
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        return sl_hash_u64(bits);
    }
    case SL_K_DECIMAL: return sl_hash_bytes(v.u.dec, sizeof *v.u.dec);
    case SL_K_STRING:
    case SL_K_BYTES: return sl_hash_bytes(v.u.s, v.len);
    case SL_K_ARRAY: {
        uint64_t h = 0xa11a7;
        for (uint32_t i = 0; i < v.u.arr->n; i++)
            h = sl_hash_combine(h, sl_value_hash(t->elem, v.u.arr->v[i]));
        return h;
    }
    case SL_K_MAP: { /* order-independent, like map equality */
        uint64_t h = 0x3a9;
        for (uint32_t i = 0; i < v.u.map->n; i++)
            h += sl_hash_combine(sl_value_hash(t->key, v.u.map->k[i]),
                                 sl_value_hash(t->elem, v.u.map->v[i]));
        return h;
    }
    case SL_K_STRUCT: {
        uint64_t h = 0x57c7;
        for (uint32_t i = 0; i < t->nfields; i++)
            h = sl_hash_combine(h, sl_value_hash(t->fields[i].type, v.u.st->f[i]));
        return h;
    }
    default: return sl_hash_u64((uint64_t)v.u.i);
    }
}

sl_int128 sl_decimal_pow10(int n)
{
    sl_int128 p = 1;
    for (int i = 0; i < n; i++) p *= 10;
    return p;
}

void sl_decimal_print(sl_buf *out, sl_int128 unscaled, int scale)
{
    char digits[48]; /* |unscaled| < 2^127 has at most 39 digits */
    int n = 0;
    bool neg = unscaled < 0;
    unsigned __int128 u = neg ? (unsigned __int128)0 - (unsigned __int128)unscaled
                              : (unsigned __int128)unscaled;
    do {
        digits[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    if (neg) sl_buf_putc(out, '-');
    if (scale >= n) { /* 0.000ddd: leading zeros are written, not buffered (any scale) */
        sl_buf_puts(out, "0.");
        for (int i = n; i < scale; i++) sl_buf_putc(out, '0');
        for (int i = n - 1; i >= 0; i--) sl_buf_putc(out, digits[i]);
        return;
    }
    for (int i = n - 1; i >= 0; i--) {
        sl_buf_putc(out, digits[i]);
        if (i == scale && scale > 0) sl_buf_putc(out, '.');
    }
    for (int i = scale; i < 0; i++) sl_buf_putc(out, '0'); /* a negative scale */
}

/* Java's Double.toString: shortest digits that round-trip; plain notation for
 * 1e-3 <= |d| < 1e7 (at least one fractional digit), else d.dddE<exp>. */
static void print_double_java(sl_buf *out, double d)
{
    if (isnan(d)) { sl_buf_puts(out, "NaN"); return; }
    if (isinf(d)) { sl_buf_puts(out, d < 0 ? "-Infinity" : "Infinity"); return; }
    if (d == 0) { sl_buf_puts(out, signbit(d) ? "-0.0" : "0.0"); return; }
    char tmp[40];
    int prec = 1;
    for (; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, d);
        if (strtod(tmp, NULL) == d) break;
    }
    /* tmp = [-]D.DDDDe[+-]XX */
    char *e = strchr(tmp, 'e');
    int exp = atoi(e + 1);
    *e = '\0';
    char mant[24];
    int m = 0;
    for (char *c = tmp; *c; c++)
        if (*c >= '0' && *c <= '9') mant[m++] = *c;
    while (m > 1 && mant[m - 1] == '0') m--;
    if (d < 0) sl_buf_putc(out, '-');
    if (exp >= -3 && exp < 7) {
        if (exp < 0) {
            sl_buf_puts(out, "0.");
            for (int i = 0; i < -exp - 1; i++) sl_buf_putc(out, '0');
            sl_buf_append(out, mant, (size_t)m);
        } else {
            for (int i = 0; i <= exp; i++) sl_buf_putc(out, i < m ? mant[i] : '0');
            sl_buf_putc(out, '.');
            if (m > exp + 1) sl_buf_append(out, mant + exp + 1, (size_t)(m - exp - 1));
            else sl_buf_putc(out, '0');
        }
    } else {
        sl_buf_putc(out, mant[0]);
        sl_buf_putc(out, '.');
        if (m > 1) sl_buf_append(out, mant + 1, (size_t)(m - 1));
        else sl_buf_putc(out, '0');
        sl_buf_printf(out, "E%d", exp);
    }
}

static void print_date(sl_buf *out, int64_t days)
{
    time_t t = (time_t)(days * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    sl_buf_printf(out, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static void print_time(sl_buf *out, int64_t ms)
{
    sl_buf_printf(out, "%02d:%02d:%02d", (int)(ms / 3600000), (int)(ms / 60000 % 60),
                  (int)(ms / 1000 % 60));
    if (ms % 1000) sl_buf_printf(out, ".%03d", (int)(ms % 1000));
}

static void print_timestamp(sl_buf *out, int64_t ms)
{
    int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    print_date(out, days);
    sl_buf_putc(out, 'T');
    int64_t rem = ms - days * 86400000;
    sl_buf_printf(out, "%02d:%02d:%02d.%03d", (int)(rem / 3600000), (int)(rem / 60000 % 60),
                  (int)(rem / 1000 % 60), (int)(rem % 1000));
}

static void print_base64(sl_buf *out, const unsigned char *p, uint32_t n)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (uint32_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n) v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n) v |= p[i + 2];
        sl_buf_putc(out, tbl[(v >> 18) & 63]);
        sl_buf_putc(out, tbl[(v >> 12) & 63]);
        sl_buf_putc(out, i + 1 < n ? tbl[(v >> 6) & 63] : '=');
        sl_buf_putc(out, i + 2 < n ? tbl[v & 63] : '=');
    }
}

/* Shared walk of both renderings; json selects quoting and container syntax. */
static void print_value(sl_buf *out, const sl_type *t, sl_value v, bool json)
{
    if (v.null) { sl_buf_puts(out, "null"); return; }
    switch (t->kind) {
    case SL_K_BOOLEAN: sl_buf_puts(out, v.u.i ? "true" : "false"); break;
    case SL_K_INT:
    case SL_K_BIGINT: sl_buf_printf(out, "%lld", (long long)v.u.i); break;
    case SL_K_DOUBLE:
        if (json && !isfinite(v.u.d)) {
            sl_buf_putc(out, '"');
            print_double_java(out, v.u.d);
            sl_buf_putc(out, '"');
        } else {
            print_double_java(out, v.u.d);
        }
        break;
    case SL_K_DECIMAL: sl_decimal_print(out, *v.u.dec, t->scale); break;
    case SL_K_STRING:
        if (json) sl_buf_json_str(out, v.u.s, v.len);
        else sl_buf_append(out, v.u.s, v.len);
        break;
    case SL_K_BYTES:
        if (json) sl_buf_putc(out, '"');
        print_base64(out, (const unsigned char *)v.u.s, v.len);
        if (json) sl_buf_putc(out, '"');
        break;
    case SL_K_TIMESTAMP:
    case SL_K_DATE:
    case SL_K_TIME:
        if (json) sl_buf_putc(out, '"');
        if (t->kind == SL_K_TIMESTAMP) print_timestamp(out, v.u.i);
        else if (t->kind == SL_K_DATE) print_date(out, v.u.i);
        else print_time(out, v.u.i);
        if (json) sl_buf_putc(out, '"');
        break;
    case SL_K_ARRAY:
        sl_buf_putc(out, '[');
        for (uint32_t i = 0; i < v.u.arr->n; i++) {
            if (i) sl_buf_puts(out, json ? "," : ", ");
            print_value(out, t->elem, v.u.arr->v[i], json);
        }
        sl_buf_putc(out, ']');
        break;
    case SL_K_MAP:
        sl_buf_putc(out, '{');
        for (uint32_t i = 0; i < v.u.map->n; i++) {
            if (i) sl_buf_puts(out, json ? "," : ", ");
            if (json) {
                sl_buf b = SL_BUF_INIT;
                print_value(&b, t->key, v.u.map->k[i], false);
                sl_buf_json_str(out, sl_buf_cstr(&b), b.len);
                sl_buf_free(&b);
                sl_buf_putc(out, ':');
            } else {
                print_value(out, t->key, v.u.map->k[i], false);
                sl_buf_putc(out, '=');
            }
            print_value(out, t->elem, v.u.map->v[i], json);
        }
        sl_buf_putc(out, '}');
        break;
    case SL_K_STRUCT:
        sl_buf_puts(out, json ? "{" : "Struct{");
        for (uint32_t i = 0, shown = 0; i < t->nfields; i++) {
            if (!json && v.u.st->f[i].null) continue; /* Connect's Struct.toString skips nulls */
            if (shown++) sl_buf_putc(out, ',');
            if (json) {
                sl_buf_json_str(out, t->fields[i].name, strlen(t->fields[i].name));
                sl_buf_putc(out, ':');
            } else {
                sl_buf_printf(out, "%s=", t->fields[i].name);
            }
            print_value(out, t->fields[i].type, v.u.st->f[i], json);
        }
        sl_buf_putc(out, '}');
        break;
    default: sl_buf_puts(out, "null"); break;
    }
}

void sl_value_print(sl_buf *out, const sl_type *t, sl_value v)
{
    print_value(out, t, v, false);
}

void sl_value_print_json(sl_buf *out, const sl_type *t, sl_value v)
{
    print_value(out, t, v, true);
}
