/*
 * cast.c - CAST between SQL types with ksqlDB's semantics (see cast.h).
 *
 * Model
 *   ksqlDB's CastEvaluator is a table from (source kind, target kind) to a
 *   conversion; this file is the same table as a switch (sl_cast_fn_for) that
 *   hands back one small function per pair. The expression compiler looks the
 *   function up once per call site, so a row pays one indirect call and no type
 *   dispatch; sl_cast_value is the convenience that looks up and calls.
 *
 *   Composite casts look up their element conversion once per value and apply
 *   it to every element; an element that fails fails the whole cast, as in
 *   ksqlDB. Text results are formatted into a caller's scratch buffer (reused
 *   across rows) and copied once into the batch arena.
 *
 * Text parsing (numbers, booleans, base64) is here; temporal text is in
 * cast_time.c.
 */
#include "exec/cast.h"
#include "common/str.h"
#include "exec/decimal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void trim(const char **s, size_t *n)
{
    while (*n && (unsigned char)(*s)[0] <= ' ')
        (*s)++, (*n)--;
    while (*n && (unsigned char)(*s)[*n - 1] <= ' ')
        (*n)--;
}

static sl_error *syntax_error(const char *type, const char *s, size_t n)
{
    return sl_error_new(SL_E_EVAL, "invalid input syntax for type %s: \"%.*s\"", type,
                        (int)(n > 200 ? 200 : n), s);
}

sl_error *sl_cast_check(const sl_type *from, const sl_type *to)
{
    if (sl_cast_fn_for(from, to)) return NULL;
    sl_buf a = SL_BUF_INIT, b = SL_BUF_INIT;
    sl_type_print(&a, from);
    sl_type_print(&b, to);
    sl_error *err = sl_error_new(SL_E_TYPE, "Cast of %s to %s is not supported", sl_buf_cstr(&a),
                                 sl_buf_cstr(&b));
    sl_buf_free(&a);
    sl_buf_free(&b);
    return err;
}

sl_error *sl_cast_value(sl_arena *ar, sl_buf *scratch, const sl_type *from, const sl_type *to,
                        sl_value in, sl_value *out)
{
    sl_cast_fn fn = sl_cast_fn_for(from, to);
    if (!fn) return sl_cast_check(from, to);
    if (in.null) {
        *out = sl_value_null();
        return NULL;
    }
    return fn(ar, scratch, from, to, in, out);
}

/* --- text to values ---------------------------------------------------------------------- */

sl_error *sl_cast_parse_bigint(const char *s, size_t n, int64_t *out)
{
    const char *t = s;
    size_t m = n;
    trim(&t, &m);
    long long v;
    if (!sl_str_to_i64(t, m, &v)) return syntax_error("BIGINT", s, n);
    *out = v;
    return NULL;
}

sl_error *sl_cast_parse_int(const char *s, size_t n, int64_t *out)
{
    const char *t = s;
    size_t m = n;
    trim(&t, &m);
    long long v;
    if (!sl_str_to_i64(t, m, &v) || v < INT32_MIN || v > INT32_MAX)
        return syntax_error("INTEGER", s, n);
    *out = v;
    return NULL;
}

/* Java's decimal floating-point literal: [+-](digits[.digits]|.digits)[e[+-]digits][fFdD] */
static bool is_java_double(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            digits++;
    if (!digits) return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = 0;
        if (++i < n && (s[i] == '+' || s[i] == '-')) i++;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            e++;
        if (!e) return false;
    }
    if (i < n && strchr("fFdD", s[i])) i++;
    return i == n;
}

sl_error *sl_cast_parse_double(const char *s, size_t n, double *out)
{
    const char *t = s;
    size_t m = n;
    trim(&t, &m);
    if (!is_java_double(t, m)) return syntax_error("DOUBLE", s, n);
    char small[128], *buf = m < sizeof small ? small : malloc(m + 1);
    if (!buf) return sl_error_new(SL_E_EVAL, "out of memory parsing a DOUBLE");
    memcpy(buf, t, m);
    buf[m] = '\0';
    errno = 0;
    double d = strtod(buf, NULL);
    bool range = errno == ERANGE && isinf(d);
    if (buf != small) free(buf);
    if (range) return sl_error_new(SL_E_EVAL, "Number overflows DOUBLE: %.*s", (int)m, t);
    *out = d;
    return NULL;
}

bool sl_cast_parse_boolean(const char *s, size_t n)
{
    trim(&s, &n);
    return n && ((n <= 4 && strncasecmp(s, "true", n) == 0) ||
                 (n <= 3 && strncasecmp(s, "yes", n) == 0));
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

/* Java's Base64 decoder: standard alphabet, padding optional, nothing else allowed. */
static sl_error *decode_base64(sl_arena *ar, const char *s, size_t n, sl_value *out)
{
    trim(&s, &n);
    size_t len = n;
    while (len && s[len - 1] == '=' && n - len < 2)
        len--;
    if (len % 4 == 1) return syntax_error("BYTES", s, n);
    unsigned char *p = sl_arena_alloc(ar, len / 4 * 3 + 3);
    size_t o = 0;
    uint32_t acc = 0;
    for (size_t i = 0; i < len; i++) {
        int v = b64_val((unsigned char)s[i]);
        if (v < 0) return syntax_error("BYTES", s, n);
        acc = acc << 6 | (uint32_t)v;
        if (i % 4 == 3) {
            p[o++] = (unsigned char)(acc >> 16);
            p[o++] = (unsigned char)(acc >> 8);
            p[o++] = (unsigned char)acc;
            acc = 0;
        }
    }
    if (len % 4 == 2) p[o++] = (unsigned char)(acc >> 4);
    if (len % 4 == 3) {
        p[o++] = (unsigned char)(acc >> 10);
        p[o++] = (unsigned char)(acc >> 2);
    }
    *out = sl_value_str((const char *)p, (uint32_t)o);
    return NULL;
}

/* --- the conversions --------------------------------------------------------------------- */

#define CAST_FN(name)                                                                              \
    static sl_error *name(sl_arena *ar, sl_buf *scratch, const sl_type *from, const sl_type *to,   \
                          sl_value in, sl_value *out)
#define UNUSED_ARGS (void)ar, (void)scratch, (void)from, (void)to

CAST_FN(cast_identity)
{
    UNUSED_ARGS;
    *out = in;
    return NULL;
}

CAST_FN(cast_null)
{
    UNUSED_ARGS, (void)in;
    *out = sl_value_null();
    return NULL;
}

static sl_value arena_str(sl_arena *ar, const char *s, size_t n)
{
    return sl_value_str(sl_arena_memdup(ar, s, n), (uint32_t)n);
}

CAST_FN(to_string)
{
    (void)to;
    sl_buf local = SL_BUF_INIT, *b = scratch ? scratch : &local;
    sl_buf_reset(b);
    sl_value_print(b, from, in);
    *out = arena_str(ar, sl_buf_cstr(b), b->len);
    sl_buf_free(&local);
    return NULL;
}

CAST_FN(int_to_string)
{
    UNUSED_ARGS;
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)in.u.i);
    *out = arena_str(ar, buf, (size_t)n);
    return NULL;
}

CAST_FN(bool_to_string)
{
    UNUSED_ARGS;
    *out = in.u.i ? sl_value_str("true", 4) : sl_value_str("false", 5);
    return NULL;
}

CAST_FN(big_to_int)
{
    UNUSED_ARGS;
    *out = sl_value_int((int32_t)(uint32_t)(uint64_t)in.u.i); /* Java's intValue: low bits */
    return NULL;
}

CAST_FN(int_to_big)
{
    UNUSED_ARGS;
    *out = in;
    return NULL;
}

/* Java's (int)/(long) of a double: truncation, saturation, NaN -> 0. */
static int64_t double_to_integral(double d, double lo, double hi, int64_t ilo, int64_t ihi)
{
    if (isnan(d)) return 0;
    if (d <= lo) return ilo;
    if (d >= hi) return ihi;
    return (int64_t)d;
}

CAST_FN(double_to_int)
{
    UNUSED_ARGS;
    *out =
        sl_value_int(double_to_integral(in.u.d, -2147483648.0, 2147483647.0, INT32_MIN, INT32_MAX));
    return NULL;
}

CAST_FN(double_to_big)
{
    UNUSED_ARGS;
    *out = sl_value_int(double_to_integral(in.u.d, -9223372036854775808.0, 9223372036854775808.0,
                                           INT64_MIN, INT64_MAX));
    return NULL;
}

CAST_FN(int_to_double)
{
    UNUSED_ARGS;
    *out = sl_value_double((double)in.u.i);
    return NULL;
}

CAST_FN(dec_to_int)
{
    UNUSED_ARGS;
    *out = sl_value_int((int32_t)(uint32_t)(uint64_t)sl_decimal_to_i64(*in.u.dec, from->scale));
    return NULL;
}

CAST_FN(dec_to_big)
{
    UNUSED_ARGS;
    *out = sl_value_int(sl_decimal_to_i64(*in.u.dec, from->scale));
    return NULL;
}

CAST_FN(dec_to_double)
{
    UNUSED_ARGS;
    *out = sl_value_double(sl_decimal_to_double(*in.u.dec, from->scale));
    return NULL;
}

/* u is read after the conversion that fills it (argument order is unspecified) */
static sl_error *dec_result(sl_arena *ar, sl_error *err, const sl_int128 *u, sl_value *out)
{
    if (!err) *out = sl_value_decimal(ar, *u);
    return err;
}

CAST_FN(int_to_dec)
{
    (void)scratch, (void)from;
    sl_int128 u = 0;
    return dec_result(ar, sl_decimal_from_i64(in.u.i, to->precision, to->scale, &u), &u, out);
}

CAST_FN(double_to_dec)
{
    (void)scratch, (void)from;
    sl_int128 u = 0;
    return dec_result(ar, sl_decimal_from_double(in.u.d, to->precision, to->scale, &u), &u, out);
}

CAST_FN(dec_to_dec)
{
    (void)scratch;
    if (from->precision == to->precision && from->scale == to->scale) {
        *out = in;
        return NULL;
    }
    sl_int128 u = 0;
    return dec_result(
        ar, sl_decimal_to_decimal(*in.u.dec, from->scale, to->precision, to->scale, &u), &u, out);
}

CAST_FN(str_to_dec)
{
    (void)scratch, (void)from;
    sl_int128 u = 0;
    return dec_result(ar, sl_decimal_parse(in.u.s, in.len, to->precision, to->scale, &u), &u, out);
}

CAST_FN(str_to_int)
{
    UNUSED_ARGS;
    int64_t v = 0;
    sl_error *err = sl_cast_parse_int(in.u.s, in.len, &v);
    *out = sl_value_int(v);
    return err;
}

CAST_FN(str_to_big)
{
    UNUSED_ARGS;
    int64_t v = 0;
    sl_error *err = sl_cast_parse_bigint(in.u.s, in.len, &v);
    *out = sl_value_int(v);
    return err;
}

CAST_FN(str_to_double)
{
    UNUSED_ARGS;
    double d = 0;
    sl_error *err = sl_cast_parse_double(in.u.s, in.len, &d);
    *out = sl_value_double(d);
    return err;
}

CAST_FN(str_to_bool)
{
    UNUSED_ARGS;
    *out = sl_value_bool(sl_cast_parse_boolean(in.u.s, in.len));
    return NULL;
}

CAST_FN(str_to_bytes)
{
    (void)scratch, (void)from, (void)to;
    return decode_base64(ar, in.u.s, in.len, out);
}

CAST_FN(str_to_temporal)
{
    (void)ar, (void)scratch, (void)from;
    int64_t v = 0;
    sl_error *err = to->kind == SL_K_TIMESTAMP ? sl_cast_parse_timestamp(in.u.s, in.len, &v)
                    : to->kind == SL_K_DATE    ? sl_cast_parse_date(in.u.s, in.len, &v)
                                               : sl_cast_parse_time(in.u.s, in.len, &v);
    *out = sl_value_int(v);
    return err;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

CAST_FN(ts_to_date)
{
    UNUSED_ARGS;
    *out = sl_value_int(floor_div(in.u.i, 86400000));
    return NULL;
}

CAST_FN(ts_to_time)
{
    UNUSED_ARGS;
    *out = sl_value_int(in.u.i - floor_div(in.u.i, 86400000) * 86400000);
    return NULL;
}

CAST_FN(date_to_ts)
{
    UNUSED_ARGS;
    *out = sl_value_int(in.u.i * 86400000);
    return NULL;
}

/* --- composites -------------------------------------------------------------------------- */

static sl_error *cast_elem(sl_arena *ar, sl_buf *scratch, sl_cast_fn fn, const sl_type *from,
                           const sl_type *to, sl_value in, sl_value *out)
{
    if (in.null) {
        *out = sl_value_null();
        return NULL;
    }
    return fn(ar, scratch, from, to, in, out);
}

CAST_FN(array_to_array)
{
    sl_cast_fn fn = sl_cast_fn_for(from->elem, to->elem);
    const sl_array *a = in.u.arr;
    sl_array *r = sl_array_new(ar, a->n);
    for (uint32_t i = 0; i < a->n; i++) {
        sl_error *err = cast_elem(ar, scratch, fn, from->elem, to->elem, a->v[i], &r->v[i]);
        if (err) return err;
    }
    *out = sl_value_array(r);
    return NULL;
}

CAST_FN(map_to_map)
{
    sl_cast_fn kf = sl_cast_fn_for(from->key, to->key), vf = sl_cast_fn_for(from->elem, to->elem);
    const sl_map *m = in.u.map;
    sl_map *r = sl_map_new(ar, m->n);
    r->n = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        sl_value k, v;
        sl_error *err = cast_elem(ar, scratch, kf, from->key, to->key, m->k[i], &k);
        if (!err) err = cast_elem(ar, scratch, vf, from->elem, to->elem, m->v[i], &v);
        if (err) return err;
        int j = sl_map_find(r, to->key, k); /* keys that collide after the cast: last wins */
        if (j >= 0) {
            r->v[j] = v;
            continue;
        }
        r->k[r->n] = k;
        r->v[r->n++] = v;
    }
    *out = sl_value_map(r);
    return NULL;
}

CAST_FN(struct_to_struct)
{
    const sl_struct *s = in.u.st;
    sl_struct *r = sl_struct_new(ar, to->nfields);
    for (uint32_t i = 0; i < to->nfields; i++) {
        int j = sl_type_field_index(from, to->fields[i].name);
        if (j < 0 || (uint32_t)j >= s->n) {
            r->f[i] = sl_value_null();
            continue;
        }
        const sl_type *ft = from->fields[j].type, *tt = to->fields[i].type;
        sl_error *err = cast_elem(ar, scratch, sl_cast_fn_for(ft, tt), ft, tt, s->f[j], &r->f[i]);
        if (err) return err;
    }
    *out = sl_value_struct(r);
    return NULL;
}

static bool struct_castable(const sl_type *from, const sl_type *to)
{
    for (uint32_t i = 0; i < to->nfields; i++) {
        int j = sl_type_field_index(from, to->fields[i].name);
        if (j >= 0 && !sl_cast_fn_for(from->fields[j].type, to->fields[i].type)) return false;
    }
    return true;
}

/* --- the table --------------------------------------------------------------------------- */

static sl_cast_fn to_string_fn(sl_kind f)
{
    switch (f) {
    case SL_K_BOOLEAN:
        return bool_to_string;
    case SL_K_INT:
    case SL_K_BIGINT:
        return int_to_string;
    case SL_K_DOUBLE:
    case SL_K_DECIMAL:
    case SL_K_TIMESTAMP:
    case SL_K_DATE:
    case SL_K_TIME:
    case SL_K_ARRAY:
    case SL_K_MAP:
    case SL_K_STRUCT:
        return to_string;
    default:
        return NULL;
    }
}

static sl_cast_fn to_number_fn(sl_kind f, sl_kind t)
{
    static sl_cast_fn const table[4][4] = {
        /* from \ to   INT          BIGINT         DOUBLE         DECIMAL */
        /* INT     */ {NULL, int_to_big, int_to_double, int_to_dec},
        /* BIGINT  */ {big_to_int, NULL, int_to_double, int_to_dec},
        /* DOUBLE  */ {double_to_int, double_to_big, NULL, double_to_dec},
        /* DECIMAL */ {dec_to_int, dec_to_big, dec_to_double, dec_to_dec},
    };
    static sl_cast_fn const from_str[4] = {str_to_int, str_to_big, str_to_double, str_to_dec};
    int ti = t == SL_K_INT ? 0 : t == SL_K_BIGINT ? 1 : t == SL_K_DOUBLE ? 2 : 3;
    switch (f) {
    case SL_K_INT:
        return table[0][ti];
    case SL_K_BIGINT:
        return table[1][ti];
    case SL_K_DOUBLE:
        return table[2][ti];
    case SL_K_DECIMAL:
        return table[3][ti];
    case SL_K_STRING:
        return from_str[ti];
    default:
        return NULL;
    }
}

sl_cast_fn sl_cast_fn_for(const sl_type *from, const sl_type *to)
{
    sl_kind f = from->kind, t = to->kind;
    if (f == SL_K_NULL) return cast_null;
    if (sl_type_eq(from, to)) return cast_identity;
    switch (t) {
    case SL_K_STRING:
        return to_string_fn(f);
    case SL_K_INT:
    case SL_K_BIGINT:
    case SL_K_DOUBLE:
    case SL_K_DECIMAL:
        return to_number_fn(f, t);
    case SL_K_BOOLEAN:
        return f == SL_K_STRING ? str_to_bool : NULL;
    case SL_K_BYTES:
        return f == SL_K_STRING ? str_to_bytes : NULL;
    case SL_K_TIMESTAMP:
        return f == SL_K_STRING ? str_to_temporal : f == SL_K_DATE ? date_to_ts : NULL;
    case SL_K_DATE:
        return f == SL_K_STRING ? str_to_temporal : f == SL_K_TIMESTAMP ? ts_to_date : NULL;
    case SL_K_TIME:
        return f == SL_K_STRING ? str_to_temporal : f == SL_K_TIMESTAMP ? ts_to_time : NULL;
    case SL_K_ARRAY:
        return f == SL_K_ARRAY && sl_cast_fn_for(from->elem, to->elem) ? array_to_array : NULL;
    case SL_K_MAP:
        return f == SL_K_MAP && sl_cast_fn_for(from->key, to->key) &&
                       sl_cast_fn_for(from->elem, to->elem)
                   ? map_to_map
                   : NULL;
    case SL_K_STRUCT:
        return f == SL_K_STRUCT && struct_castable(from, to) ? struct_to_struct : NULL;
    default:
        return NULL;
    }
}
