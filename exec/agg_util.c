/*
 * agg_util.c - what the aggregate functions share (see agg_int.h): the state
 * codec, Java-compatible ordering, owned value vectors and their hash index.
 */
#include "exec/agg_int.h"
#include "common/mem.h"

#include <math.h>
#include <stdlib.h>

/* ---- writing ---- */

void sl_agg_put_u8(sl_buf *out, uint8_t b)
{
    sl_buf_putc(out, (char)b);
}

void sl_agg_put_uvarint(sl_buf *out, uint64_t v)
{
    uint8_t tmp[10];
    int n = 0;
    while (v >= 0x80) {
        tmp[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    tmp[n++] = (uint8_t)v;
    sl_buf_append(out, tmp, (size_t)n);
}

void sl_agg_put_svarint(sl_buf *out, int64_t v)
{
    uint64_t u = (uint64_t)v;
    sl_agg_put_uvarint(out, (u << 1) ^ (uint64_t)(v >> 63));
}

void sl_agg_put_i128(sl_buf *out, sl_int128 v)
{
    unsigned __int128 u = (unsigned __int128)v;
    u = (u << 1) ^ (unsigned __int128)(v >> 127);
    while (u >= 0x80) {
        sl_buf_putc(out, (char)(uint8_t)(u | 0x80));
        u >>= 7;
    }
    sl_buf_putc(out, (char)(uint8_t)u);
}

void sl_agg_put_f64(sl_buf *out, double d)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    uint8_t tmp[8];
    for (int i = 0; i < 8; i++)
        tmp[i] = (uint8_t)(bits >> (8 * i));
    sl_buf_append(out, tmp, 8);
}

void sl_agg_put_header(sl_buf *out, uint8_t tag)
{
    sl_agg_put_u8(out, SL_AGG_FORMAT);
    sl_agg_put_u8(out, tag);
}

void sl_agg_put_value(sl_buf *out, const sl_type *t, sl_value v)
{
    sl_agg_put_u8(out, v.null ? 0 : 1);
    if (v.null) return;
    switch (t->kind) {
    case SL_K_BOOLEAN:
        sl_agg_put_u8(out, v.u.i ? 1 : 0);
        break;
    case SL_K_DOUBLE:
        sl_agg_put_f64(out, v.u.d);
        break;
    case SL_K_DECIMAL:
        sl_agg_put_i128(out, sl_agg_dec(v));
        break;
    case SL_K_STRING:
    case SL_K_BYTES:
        sl_agg_put_uvarint(out, v.len);
        sl_buf_append(out, v.u.s, v.len);
        break;
    case SL_K_ARRAY:
        sl_agg_put_uvarint(out, v.u.arr->n);
        for (uint32_t i = 0; i < v.u.arr->n; i++)
            sl_agg_put_value(out, t->elem, v.u.arr->v[i]);
        break;
    case SL_K_MAP:
        sl_agg_put_uvarint(out, v.u.map->n);
        for (uint32_t i = 0; i < v.u.map->n; i++) {
            sl_agg_put_value(out, t->key, v.u.map->k[i]);
            sl_agg_put_value(out, t->elem, v.u.map->v[i]);
        }
        break;
    case SL_K_STRUCT:
        for (uint32_t i = 0; i < t->nfields; i++)
            sl_agg_put_value(out, t->fields[i].type, v.u.st->f[i]);
        break;
    default:
        sl_agg_put_svarint(out, v.u.i);
        break; /* INT BIGINT DATE TIME TIMESTAMP */
    }
}

/* ---- reading ---- */

static bool need(sl_agg_rd *r, size_t n)
{
    if (r->bad || (size_t)(r->end - r->p) < n) {
        r->bad = true;
        return false;
    }
    return true;
}

uint8_t sl_agg_get_u8(sl_agg_rd *r)
{
    return need(r, 1) ? *r->p++ : 0;
}

uint64_t sl_agg_get_uvarint(sl_agg_rd *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (!need(r, 1)) return 0;
        uint8_t b = *r->p++;
        if (shift == 63 && b > 1) break; /* more than 64 bits */
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
    r->bad = true;
    return 0;
}

int64_t sl_agg_get_svarint(sl_agg_rd *r)
{
    uint64_t u = sl_agg_get_uvarint(r);
    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

sl_int128 sl_agg_get_i128(sl_agg_rd *r)
{
    unsigned __int128 u = 0;
    for (int shift = 0; shift < 128; shift += 7) {
        if (!need(r, 1)) return 0;
        uint8_t b = *r->p++;
        if (shift == 126 && b > 3) break; /* more than 128 bits */
        u |= (unsigned __int128)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            sl_int128 v = (sl_int128)(u >> 1);
            return (u & 1) ? -v - 1 : v;
        }
    }
    r->bad = true;
    return 0;
}

double sl_agg_get_f64(sl_agg_rd *r)
{
    if (!need(r, 8)) return 0;
    uint64_t bits = 0;
    for (int i = 0; i < 8; i++)
        bits |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

uint32_t sl_agg_get_count(sl_agg_rd *r)
{
    uint64_t n = sl_agg_get_uvarint(r);
    if (r->bad || n > (uint64_t)(r->end - r->p) || n > UINT32_MAX) {
        r->bad = true;
        return 0;
    }
    return (uint32_t)n;
}

static sl_value get_bytes(sl_agg_rd *r, sl_arena *ar)
{
    uint32_t len = sl_agg_get_count(r);
    if (r->bad) return sl_value_null();
    sl_value v = sl_value_str(sl_arena_memdup(ar, r->p, len), len);
    r->p += len;
    return v;
}

static sl_value get_composite(sl_agg_rd *r, const sl_type *t, sl_arena *ar)
{
    if (t->kind == SL_K_ARRAY) {
        uint32_t n = sl_agg_get_count(r);
        sl_array *a = sl_array_new(ar, r->bad ? 0 : n);
        for (uint32_t i = 0; i < a->n && !r->bad; i++)
            a->v[i] = sl_agg_get_value(r, t->elem, ar);
        return sl_value_array(a);
    }
    if (t->kind == SL_K_MAP) {
        uint32_t n = sl_agg_get_count(r);
        sl_map *m = sl_map_new(ar, r->bad ? 0 : n);
        for (uint32_t i = 0; i < m->n && !r->bad; i++) {
            m->k[i] = sl_agg_get_value(r, t->key, ar);
            m->v[i] = sl_agg_get_value(r, t->elem, ar);
        }
        return sl_value_map(m);
    }
    sl_struct *st = sl_struct_new(ar, t->nfields);
    for (uint32_t i = 0; i < t->nfields && !r->bad; i++)
        st->f[i] = sl_agg_get_value(r, t->fields[i].type, ar);
    return sl_value_struct(st);
}

sl_value sl_agg_get_value(sl_agg_rd *r, const sl_type *t, sl_arena *ar)
{
    uint8_t present = sl_agg_get_u8(r);
    if (r->bad || present > 1) {
        r->bad = true;
        return sl_value_null();
    }
    if (!present) return sl_value_null();
    switch (t->kind) {
    case SL_K_BOOLEAN: {
        uint8_t b = sl_agg_get_u8(r);
        if (b > 1) r->bad = true;
        return sl_value_bool(b);
    }
    case SL_K_INT: {
        int64_t i = sl_agg_get_svarint(r);
        if (i < INT32_MIN || i > INT32_MAX) r->bad = true;
        return sl_value_int(i);
    }
    case SL_K_BIGINT:
    case SL_K_DATE:
    case SL_K_TIME:
    case SL_K_TIMESTAMP:
        return sl_value_int(sl_agg_get_svarint(r));
    case SL_K_DOUBLE:
        return sl_value_double(sl_agg_get_f64(r));
    case SL_K_DECIMAL: {
        sl_int128 x = sl_agg_get_i128(r), lim = sl_agg_pow10(SL_DECIMAL_MAX_PRECISION);
        if (x >= lim || x <= -lim) r->bad = true;
        return sl_value_decimal(ar, x);
    }
    case SL_K_STRING:
    case SL_K_BYTES:
        return get_bytes(r, ar);
    case SL_K_ARRAY:
    case SL_K_MAP:
    case SL_K_STRUCT:
        return get_composite(r, t, ar);
    default:
        r->bad = true;
        return sl_value_null(); /* NULL, LAMBDA, INTERVAL hold no values */
    }
}

sl_error *sl_agg_rd_open(sl_agg_rd *r, const uint8_t *p, size_t n, uint8_t tag)
{
    r->p = p;
    r->end = p + n;
    r->bad = false;
    if (n < 2) return sl_error_new(SL_E_CORRUPT, "aggregate state is truncated (%zu bytes)", n);
    if (p[0] != SL_AGG_FORMAT)
        return sl_error_new(SL_E_CORRUPT, "aggregate state has unknown format version %u",
                            (unsigned)p[0]);
    if (p[1] != tag)
        return sl_error_new(SL_E_CORRUPT,
                            "aggregate state belongs to another aggregate (tag %u, "
                            "expected %u)",
                            (unsigned)p[1], (unsigned)tag);
    r->p += 2;
    return NULL;
}

sl_error *sl_agg_rd_close(const sl_agg_rd *r)
{
    if (r->bad) return sl_error_new(SL_E_CORRUPT, "aggregate state is truncated or malformed");
    if (r->p != r->end)
        return sl_error_new(SL_E_CORRUPT, "aggregate state has %zu unexpected trailing bytes",
                            (size_t)(r->end - r->p));
    return NULL;
}

/* ---- values ---- */

#define E19 ((sl_int128)10000000000000000000ULL)
static const sl_int128 pow10_table[SL_DECIMAL_MAX_PRECISION + 1] = {1,
                                                                    10,
                                                                    100,
                                                                    1000,
                                                                    10000,
                                                                    100000,
                                                                    1000000,
                                                                    10000000,
                                                                    100000000,
                                                                    1000000000,
                                                                    10000000000ULL,
                                                                    100000000000ULL,
                                                                    1000000000000ULL,
                                                                    10000000000000ULL,
                                                                    100000000000000ULL,
                                                                    1000000000000000ULL,
                                                                    10000000000000000ULL,
                                                                    100000000000000000ULL,
                                                                    1000000000000000000ULL,
                                                                    E19,
                                                                    E19 * 10,
                                                                    E19 * 100,
                                                                    E19 * 1000,
                                                                    E19 * 10000,
                                                                    E19 * 100000,
                                                                    E19 * 1000000,
                                                                    E19 * 10000000,
                                                                    E19 * 100000000,
                                                                    E19 * 1000000000,
                                                                    E19 * 10000000000ULL,
                                                                    E19 * 100000000000ULL,
                                                                    E19 * 1000000000000ULL,
                                                                    E19 * 10000000000000ULL,
                                                                    E19 * 100000000000000ULL,
                                                                    E19 * 1000000000000000ULL,
                                                                    E19 * 10000000000000000ULL,
                                                                    E19 * 100000000000000000ULL,
                                                                    E19 * 1000000000000000000ULL,
                                                                    E19 *E19};
#undef E19

sl_int128 sl_agg_pow10(int n)
{
    return n < 0                          ? 1
           : n > SL_DECIMAL_MAX_PRECISION ? pow10_table[SL_DECIMAL_MAX_PRECISION]
                                          : pow10_table[n];
}

bool sl_agg_type_has_payload(const sl_type *t)
{
    switch (t->kind) {
    case SL_K_STRING:
    case SL_K_BYTES:
    case SL_K_DECIMAL:
    case SL_K_ARRAY:
    case SL_K_MAP:
    case SL_K_STRUCT:
        return true;
    default:
        return false;
    }
}

bool sl_agg_type_is_comparable(const sl_type *t)
{
    switch (t->kind) {
    case SL_K_INT:
    case SL_K_BIGINT:
    case SL_K_DOUBLE:
    case SL_K_DECIMAL:
    case SL_K_STRING:
    case SL_K_BYTES:
    case SL_K_DATE:
    case SL_K_TIME:
    case SL_K_TIMESTAMP:
        return true;
    default:
        return false;
    }
}

/* Decodes the UTF-8 code point at s[i] (n bytes in s); -1 when malformed. */
static int32_t utf8_at(const unsigned char *s, uint32_t n, uint32_t i)
{
    unsigned c = s[i];
    int len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (!len || i + (uint32_t)len > n) return -1;
    int32_t cp = len == 1 ? (int32_t)c : (int32_t)(c & (0x7F >> len));
    for (int k = 1; k < len; k++) {
        if ((s[i + k] & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    return cp;
}

/* UTF-16 code unit of cp at unit index u (0 or 1). */
static uint32_t utf16_unit(int32_t cp, int u)
{
    if (cp < 0x10000) return u == 0 ? (uint32_t)cp : 0;
    uint32_t x = (uint32_t)cp - 0x10000;
    return u == 0 ? 0xD800 + (x >> 10) : 0xDC00 + (x & 0x3FF);
}

/*
 * String.compareTo compares UTF-16 code units. UTF-8 bytes order like code
 * points, which agrees except where a supplementary character (a surrogate
 * pair, 0xD800..) meets a BMP character from U+E000 up: so compare bytes, and
 * only at the first differing code point look at the UTF-16 units.
 */
static int cmp_string(sl_value a, sl_value b)
{
    const unsigned char *x = (const unsigned char *)a.u.s, *y = (const unsigned char *)b.u.s;
    uint32_t n = a.len < b.len ? a.len : b.len, j = 0;
    while (j < n && x[j] == y[j])
        j++;
    if (j == n) return (a.len > b.len) - (a.len < b.len);
    uint32_t i = j;
    while (i > 0 && (x[i] & 0xC0) == 0x80)
        i--; /* back to the start of the code point */
    int32_t ca = utf8_at(x, a.len, i), cb = utf8_at(y, b.len, i);
    if (ca < 0 || cb < 0 || (ca < 0x10000) == (cb < 0x10000)) return x[j] < y[j] ? -1 : 1;
    for (int u = 0; u < 2; u++) {
        uint32_t ua = utf16_unit(ca, u), ub = utf16_unit(cb, u);
        if (ua != ub) return ua < ub ? -1 : 1;
    }
    return 0;
}

/* ByteBuffer.compareTo: lexicographic over signed bytes, then length. */
static int cmp_bytes_signed(sl_value a, sl_value b)
{
    uint32_t n = a.len < b.len ? a.len : b.len;
    for (uint32_t i = 0; i < n; i++) {
        int8_t x = (int8_t)a.u.s[i], y = (int8_t)b.u.s[i];
        if (x != y) return x < y ? -1 : 1;
    }
    return (a.len > b.len) - (a.len < b.len);
}

int sl_agg_cmp(const sl_type *t, sl_value a, sl_value b)
{
    switch (t->kind) {
    case SL_K_DOUBLE:
        return sl_agg_cmp_double(a.u.d, b.u.d);
    case SL_K_DECIMAL: {
        sl_int128 x = sl_agg_dec(a), y = sl_agg_dec(b);
        return (x > y) - (x < y);
    }
    case SL_K_STRING:
        return cmp_string(a, b);
    case SL_K_BYTES:
        return cmp_bytes_signed(a, b);
    default:
        return (a.u.i > b.u.i) - (a.u.i < b.u.i);
    }
}

/* ---- owned value vectors ---- */

/* Copies the live values' payloads into a fresh arena and frees the old one. */
static void vals_compact(sl_agg_vals *vs, const sl_type *t)
{
    size_t used = sl_arena_used(vs->ar);
    size_t chunk = used / 2 < 512 ? 512 : used / 2 > 65536 ? 65536 : used / 2;
    sl_arena *fresh = sl_arena_new(chunk);
    for (uint32_t i = 0; i < vs->n; i++)
        vs->v[i] = sl_value_copy(fresh, t, vs->v[i]);
    sl_arena_free(vs->ar);
    vs->ar = fresh;
    vs->dead = 0;
}

void sl_agg_vals_insert(sl_agg_vals *vs, const sl_type *t, uint32_t at, sl_value v)
{
    if (vs->n == vs->cap) {
        size_t cap = vs->cap;
        SL_GROW(vs->v, cap, (size_t)vs->n + 1);
        vs->cap = (uint32_t)cap;
    }
    if (!v.null && sl_agg_type_has_payload(t)) {
        if (!vs->ar) vs->ar = sl_arena_new(512);
        v = sl_value_copy(vs->ar, t, v);
    }
    memmove(vs->v + at + 1, vs->v + at, sizeof *vs->v * (vs->n - at));
    vs->v[at] = v;
    vs->n++;
}

void sl_agg_vals_remove(sl_agg_vals *vs, const sl_type *t, uint32_t at, uint32_t count)
{
    memmove(vs->v + at, vs->v + at + count, sizeof *vs->v * (vs->n - at - count));
    vs->n -= count;
    if (!vs->ar) return;
    vs->dead += count;
    if (vs->n == 0) {
        sl_arena_reset(vs->ar);
        vs->dead = 0;
    } else if (vs->dead > vs->n + 32) {
        vals_compact(vs, t);
    }
}

void sl_agg_vals_free(sl_agg_vals *vs)
{
    free(vs->v);
    sl_arena_free(vs->ar);
    memset(vs, 0, sizeof *vs);
}

sl_value sl_agg_vals_array(const sl_agg_vals *vs, const sl_type *t, sl_arena *ar)
{
    sl_array *a = sl_array_new(ar, vs->n);
    for (uint32_t i = 0; i < vs->n; i++)
        a->v[i] = sl_value_copy(ar, t, vs->v[i]);
    return sl_value_array(a);
}

void sl_agg_vals_put(sl_buf *out, const sl_agg_vals *vs, const sl_type *t)
{
    sl_agg_put_uvarint(out, vs->n);
    for (uint32_t i = 0; i < vs->n; i++)
        sl_agg_put_value(out, t, vs->v[i]);
}

void sl_agg_vals_get(sl_agg_rd *r, sl_agg_vals *vs, const sl_type *t, uint32_t max)
{
    uint32_t n = sl_agg_get_count(r);
    sl_arena *tmp = sl_arena_new(0);
    for (uint32_t i = 0; i < n && !r->bad; i++) {
        sl_value v = sl_agg_get_value(r, t, tmp);
        if (!r->bad && vs->n < max) sl_agg_vals_push(vs, t, v);
    }
    sl_arena_free(tmp);
}

/* ---- hash index ---- */

static void index_put(sl_agg_index *ix, uint32_t pos, uint64_t h)
{
    uint32_t mask = ix->cap - 1, i = (uint32_t)h & mask;
    while (ix->slot[i])
        i = (i + 1) & mask;
    ix->slot[i] = pos + 1;
    ix->n++;
}

static void index_resize(sl_agg_index *ix, const sl_agg_vals *vs, const sl_type *t, uint32_t cap)
{
    while (cap < vs->n * 2 + 2)
        cap *= 2;
    free(ix->slot);
    ix->slot = sl_calloc(cap, sizeof *ix->slot);
    ix->cap = cap;
    ix->n = 0;
    for (uint32_t p = 0; p < vs->n; p++)
        index_put(ix, p, sl_value_hash(t, vs->v[p]));
}

int32_t sl_agg_index_find(const sl_agg_index *ix, const sl_agg_vals *vs, const sl_type *t,
                          sl_value v, uint64_t h)
{
    if (!ix->cap) return -1;
    uint32_t mask = ix->cap - 1;
    for (uint32_t i = (uint32_t)h & mask; ix->slot[i]; i = (i + 1) & mask) {
        uint32_t p = ix->slot[i] - 1;
        if (sl_value_eq(t, vs->v[p], v)) return (int32_t)p;
    }
    return -1;
}

void sl_agg_index_add(sl_agg_index *ix, const sl_agg_vals *vs, const sl_type *t, uint32_t pos,
                      uint64_t h)
{
    if ((ix->n + 1) * 2 > ix->cap) {
        index_resize(ix, vs, t, ix->cap ? ix->cap * 2 : 16); /* indexes pos too */
        return;
    }
    index_put(ix, pos, h);
}

void sl_agg_index_rebuild(sl_agg_index *ix, const sl_agg_vals *vs, const sl_type *t)
{
    index_resize(ix, vs, t, 16);
}

void sl_agg_index_free(sl_agg_index *ix)
{
    free(ix->slot);
    memset(ix, 0, sizeof *ix);
}

/* ---- signatures ---- */

const sl_type *sl_agg_ret_arg0(sl_arena *ar, const sl_type *const *args, int nargs, sl_error **err)
{
    (void)ar;
    if (nargs < 1) {
        *err = sl_error_new(SL_E_INTERNAL, "aggregate return type needs an argument");
        return NULL;
    }
    return args[0];
}

sl_error *sl_agg_check_literals(const sl_fn_call *call, int from)
{
    for (int i = from; i < call->nargs; i++)
        if (!call->is_const || !call->is_const[i])
            return sl_error_new(SL_E_STATEMENT,
                                "Parameter %d passed to function %s must be a literal constant",
                                i + 1, call->def->name);
    return NULL;
}
