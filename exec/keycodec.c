/*
 * keycodec.c - binary-comparable value encoding (see keycodec.h).
 */
#include "exec/keycodec.h"

#include <math.h>
#include <string.h>

static void put_be(sl_buf *out, uint64_t v, int bytes)
{
    char b[16];
    for (int i = 0; i < bytes; i++) b[i] = (char)(v >> (8 * (bytes - 1 - i)));
    sl_buf_append(out, b, (size_t)bytes);
}

static uint64_t get_be(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v = v << 8 | p[i];
    return v;
}

void sl_keycodec_put_i64(sl_buf *out, int64_t v)
{
    put_be(out, (uint64_t)v ^ (1ULL << 63), 8);
}

int64_t sl_keycodec_get_i64(const uint8_t *p)
{
    return (int64_t)(get_be(p, 8) ^ (1ULL << 63));
}

static uint64_t double_bits(double d)
{
    if (d == 0) d = 0.0;
    if (isnan(d)) d = NAN;
    uint64_t bits;
    memcpy(&bits, &d, 8);
    return bits >> 63 ? ~bits : bits ^ (1ULL << 63);
}

static void put_bytes(sl_buf *out, const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        sl_buf_putc(out, s[i]);
        if (s[i] == 0) sl_buf_putc(out, (char)0xFF);
    }
    sl_buf_putc(out, 0);
    sl_buf_putc(out, 1);
}

void sl_keycodec_put(sl_buf *out, const sl_type *t, sl_value v)
{
    if (v.null) {
        sl_buf_putc(out, 0);
        return;
    }
    sl_buf_putc(out, 1);
    switch (t->kind) {
    case SL_K_BOOLEAN: sl_buf_putc(out, (char)(v.u.i != 0)); return;
    case SL_K_INT: put_be(out, (uint32_t)v.u.i ^ (1U << 31), 4); return;
    case SL_K_DOUBLE: put_be(out, double_bits(v.u.d), 8); return;
    case SL_K_DECIMAL: {
        unsigned __int128 u = (unsigned __int128)*v.u.dec ^ ((unsigned __int128)1 << 127);
        put_be(out, (uint64_t)(u >> 64), 8);
        put_be(out, (uint64_t)u, 8);
        return;
    }
    case SL_K_STRING:
    case SL_K_BYTES: put_bytes(out, v.u.s, v.len); return;
    case SL_K_ARRAY:
        for (uint32_t i = 0; i < v.u.arr->n; i++) {
            sl_buf_putc(out, 1);
            sl_keycodec_put(out, t->elem, v.u.arr->v[i]);
        }
        sl_buf_putc(out, 0);
        return;
    case SL_K_MAP:
        for (uint32_t i = 0; i < v.u.map->n; i++) {
            sl_buf_putc(out, 1);
            sl_keycodec_put(out, t->key, v.u.map->k[i]);
            sl_keycodec_put(out, t->elem, v.u.map->v[i]);
        }
        sl_buf_putc(out, 0);
        return;
    case SL_K_STRUCT:
        for (uint32_t i = 0; i < t->nfields; i++)
            sl_keycodec_put(out, t->fields[i].type, v.u.st->f[i]);
        return;
    default: sl_keycodec_put_i64(out, v.u.i); return;
    }
}

void sl_keycodec_put_row(sl_buf *out, const sl_field *cols, uint32_t n, const sl_value *vals)
{
    for (uint32_t i = 0; i < n; i++) sl_keycodec_put(out, cols[i].type, vals[i]);
}

static sl_error *corrupt(void)
{
    return sl_error_new(SL_E_CORRUPT, "state key is malformed");
}

static sl_error *get_bytes(const uint8_t **p, const uint8_t *end, sl_arena *ar, sl_value *v)
{
    sl_buf b = SL_BUF_INIT;
    const uint8_t *q = *p;
    for (;;) {
        if (q >= end) {
            sl_buf_free(&b);
            return corrupt();
        }
        if (*q != 0) {
            sl_buf_putc(&b, (char)*q++);
            continue;
        }
        if (q + 1 >= end) break;
        if (q[1] == 0xFF) sl_buf_putc(&b, 0), q += 2;
        else if (q[1] == 1) {
            q += 2;
            *p = q;
            v->u.s = sl_arena_memdup(ar, b.p ? b.p : "", b.len);
            v->len = (uint32_t)b.len;
            sl_buf_free(&b);
            return NULL;
        } else break;
    }
    sl_buf_free(&b);
    return corrupt();
}

static sl_error *get_list(const uint8_t **p, const uint8_t *end, const sl_type *t, sl_arena *ar,
                          sl_value *v)
{
    uint32_t n = 0, cap = 8;
    sl_value *keys = SL_ARENA_ARRAY(ar, sl_value, cap), *vals = SL_ARENA_ARRAY(ar, sl_value, cap);
    for (;;) {
        if (*p >= end) return corrupt();
        if (*(*p)++ == 0) break;
        if (n == cap) {
            sl_value *k2 = SL_ARENA_ARRAY(ar, sl_value, cap * 2), *v2 = SL_ARENA_ARRAY(ar, sl_value, cap * 2);
            memcpy(k2, keys, n * sizeof *k2);
            memcpy(v2, vals, n * sizeof *v2);
            keys = k2, vals = v2, cap *= 2;
        }
        sl_error *err = t->kind == SL_K_MAP ? sl_keycodec_get(p, end, t->key, ar, &keys[n]) : NULL;
        if (!err) err = sl_keycodec_get(p, end, t->elem, ar, &vals[n]);
        if (err) return err;
        n++;
    }
    if (t->kind == SL_K_MAP) {
        sl_map *m = sl_map_new(ar, n);
        memcpy(m->k, keys, n * sizeof *keys);
        memcpy(m->v, vals, n * sizeof *vals);
        *v = sl_value_map(m);
    } else {
        sl_array *a = sl_array_new(ar, n);
        memcpy(a->v, vals, n * sizeof *vals);
        *v = sl_value_array(a);
    }
    return NULL;
}

sl_error *sl_keycodec_get(const uint8_t **p, const uint8_t *end, const sl_type *t, sl_arena *ar,
                          sl_value *v)
{
    if (*p >= end) return corrupt();
    uint8_t tag = *(*p)++;
    *v = sl_value_null();
    if (tag == 0) return NULL;
    if (tag != 1) return corrupt();
    v->null = 0;
    int need = t->kind == SL_K_BOOLEAN ? 1 : t->kind == SL_K_INT ? 4 : t->kind == SL_K_DECIMAL ? 16 : 8;
    switch (t->kind) {
    case SL_K_STRING:
    case SL_K_BYTES: return get_bytes(p, end, ar, v);
    case SL_K_ARRAY:
    case SL_K_MAP: return get_list(p, end, t, ar, v);
    case SL_K_STRUCT: {
        sl_struct *st = sl_struct_new(ar, t->nfields);
        for (uint32_t i = 0; i < t->nfields; i++) {
            sl_error *err = sl_keycodec_get(p, end, t->fields[i].type, ar, &st->f[i]);
            if (err) return err;
        }
        *v = sl_value_struct(st);
        return NULL;
    }
    default: break;
    }
    if (end - *p < need) return corrupt();
    const uint8_t *q = *p;
    *p += need;
    switch (t->kind) {
    case SL_K_BOOLEAN: v->u.i = q[0] != 0; return NULL;
    case SL_K_INT: v->u.i = (int32_t)((uint32_t)get_be(q, 4) ^ (1U << 31)); return NULL;
    case SL_K_DOUBLE: {
        uint64_t bits = get_be(q, 8);
        bits = bits >> 63 ? bits ^ (1ULL << 63) : ~bits;
        memcpy(&v->u.d, &bits, 8);
        return NULL;
    }
    case SL_K_DECIMAL: {
        unsigned __int128 u = (unsigned __int128)get_be(q, 8) << 64 | get_be(q + 8, 8);
        *v = sl_value_decimal(ar, (sl_int128)(u ^ ((unsigned __int128)1 << 127)));
        return NULL;
    }
    default: v->u.i = sl_keycodec_get_i64(q); return NULL;
    }
}

sl_error *sl_keycodec_get_row(const uint8_t **p, const uint8_t *end, const sl_field *cols,
                              uint32_t n, sl_arena *ar, sl_value *vals)
{
    for (uint32_t i = 0; i < n; i++) {
        sl_error *err = sl_keycodec_get(p, end, cols[i].type, ar, &vals[i]);
        if (err) return err;
    }
    return NULL;
}
