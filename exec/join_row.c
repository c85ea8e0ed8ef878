/*
 * join_row.c - kept rows, join keys and output rows of the join operators
 * (see join_state.h).
 *
 *   sl_join_row:  [ts | seq | n | value 0 .. value n-1 | payloads ...]
 *
 * A kept row is copied in two passes: the first sizes every payload the values
 * point to (strings, decimals, nested arrays, maps and structs), the second
 * copies them behind the values, so a row is one malloc and one free and its
 * values can be handed to output batches without decoding.
 */
#include "common/mem.h"
#include "exec/join_state.h"
#include "exec/keycodec.h"

#include <stdlib.h>
#include <string.h>

/* --- copying values into one block --------------------------------------------------------- */

static size_t payload_size(const sl_type *t, sl_value v);

static size_t values_size(const sl_type *t, const sl_value *v, uint32_t n)
{
    size_t s = 0;
    for (uint32_t i = 0; i < n; i++)
        s += payload_size(t, v[i]);
    return s;
}

/* Bytes v points to (with alignment slack), recursively. */
static size_t payload_size(const sl_type *t, sl_value v)
{
    if (v.null) return 0;
    switch (t->kind) {
    case SL_K_STRING:
    case SL_K_BYTES:
        return v.len;
    case SL_K_DECIMAL:
        return 2 * sizeof(sl_int128);
    case SL_K_ARRAY:
        return 16 + sizeof(sl_array) + v.u.arr->n * sizeof(sl_value) +
               values_size(t->elem, v.u.arr->v, v.u.arr->n);
    case SL_K_MAP:
        return 16 + sizeof(sl_map) + 2 * v.u.map->n * sizeof(sl_value) +
               values_size(t->key, v.u.map->k, v.u.map->n) +
               values_size(t->elem, v.u.map->v, v.u.map->n);
    case SL_K_STRUCT: {
        size_t s = 16 + sizeof(sl_struct) + v.u.st->n * sizeof(sl_value);
        for (uint32_t i = 0; i < v.u.st->n && i < t->nfields; i++)
            s += payload_size(t->fields[i].type, v.u.st->f[i]);
        return s;
    }
    default:
        return 0;
    }
}

static void *take(uint8_t **p, size_t n, size_t align)
{
    uintptr_t a = ((uintptr_t)*p + align - 1) & ~(uintptr_t)(align - 1);
    *p = (uint8_t *)a + n;
    return (void *)a;
}

static sl_value copy_value(uint8_t **p, const sl_type *t, sl_value v);

static sl_value *copy_values(uint8_t **p, const sl_type *t, const sl_value *v, uint32_t n)
{
    sl_value *out = take(p, n * sizeof *out, 8);
    for (uint32_t i = 0; i < n; i++)
        out[i] = copy_value(p, t, v[i]);
    return out;
}

static sl_value copy_value(uint8_t **p, const sl_type *t, sl_value v)
{
    if (v.null) return v;
    switch (t->kind) {
    case SL_K_STRING:
    case SL_K_BYTES: {
        char *s = take(p, v.len, 1);
        if (v.len) memcpy(s, v.u.s, v.len);
        v.u.s = s;
        return v;
    }
    case SL_K_DECIMAL: {
        sl_int128 *d = take(p, sizeof *d, 16);
        *d = *v.u.dec;
        v.u.dec = d;
        return v;
    }
    case SL_K_ARRAY: {
        sl_array *a = take(p, sizeof *a, 8);
        a->n = v.u.arr->n;
        a->v = copy_values(p, t->elem, v.u.arr->v, a->n);
        v.u.arr = a;
        return v;
    }
    case SL_K_MAP: {
        sl_map *m = take(p, sizeof *m, 8);
        m->n = v.u.map->n;
        m->k = copy_values(p, t->key, v.u.map->k, m->n);
        m->v = copy_values(p, t->elem, v.u.map->v, m->n);
        v.u.map = m;
        return v;
    }
    case SL_K_STRUCT: {
        sl_struct *s = take(p, sizeof *s, 8);
        s->n = v.u.st->n;
        s->f = take(p, s->n * sizeof *s->f, 8);
        for (uint32_t i = 0; i < s->n; i++)
            s->f[i] =
                i < t->nfields ? copy_value(p, t->fields[i].type, v.u.st->f[i]) : v.u.st->f[i];
        v.u.st = s;
        return v;
    }
    default:
        return v;
    }
}

sl_join_row *sl_join_row_new(const sl_field *cols, uint32_t n, const sl_value *vals, int64_t ts)
{
    size_t extra = 0;
    for (uint32_t i = 0; i < n; i++)
        extra += payload_size(cols[i].type, vals[i]);
    sl_join_row *r = sl_malloc(sizeof *r + n * sizeof(sl_value) + extra);
    r->ts = ts;
    r->seq = 0;
    r->n = n;
    r->flags = 0;
    uint8_t *p = (uint8_t *)(r->v + n);
    for (uint32_t i = 0; i < n; i++)
        r->v[i] = copy_value(&p, cols[i].type, vals[i]);
    return r;
}

/* --- encoding ------------------------------------------------------------------------------ */

void sl_join_row_encode(sl_buf *out, const sl_field *cols, const sl_join_row *r)
{
    sl_keycodec_put_i64(out, r->ts);
    sl_keycodec_put_i64(out, (int64_t)r->seq);
    sl_keycodec_put_row(out, cols, r->n, r->v);
}

sl_error *sl_join_row_decode(const uint8_t *p, size_t len, const sl_field *cols, uint32_t n,
                             sl_arena *scratch, sl_join_row **out)
{
    if (len < 16) return sl_error_new(SL_E_CORRUPT, "join state row too short");
    int64_t ts = sl_keycodec_get_i64(p), seq = sl_keycodec_get_i64(p + 8);
    const uint8_t *q = p + 16;
    sl_value *vals = SL_ARENA_ARRAY(scratch, sl_value, n + 1);
    sl_error *err = sl_keycodec_get_row(&q, p + len, cols, n, scratch, vals);
    if (err) return err;
    *out = sl_join_row_new(cols, n, vals, ts);
    (*out)->seq = (uint64_t)seq;
    return NULL;
}

/* --- keys and output rows ------------------------------------------------------------------ */

bool sl_join_key(sl_buf *out, const sl_field *cols, uint32_t nkey, const sl_row *r)
{
    for (uint32_t k = 0; k < nkey; k++)
        if (r->col[k].null) return false;
    sl_keycodec_put_row(out, cols, nkey, r->col);
    if (r->flags & SL_ROW_WINDOWED) { /* windowed sources join on key and window */
        sl_keycodec_put_i64(out, r->wstart);
        sl_keycodec_put_i64(out, r->wend);
    }
    return true;
}

sl_row *sl_join_emit(sl_batch *out, uint32_t nkey, const sl_value *key, uint32_t nl,
                     const sl_value *l, uint32_t nr, const sl_value *r)
{
    sl_row *o = sl_batch_add(out);
    memcpy(o->col, key, nkey * sizeof *key);
    if (l)
        memcpy(o->col + nkey, l, nl * sizeof *l);
    else
        for (uint32_t i = 0; i < nl; i++)
            o->col[nkey + i] = sl_value_null();
    if (r)
        memcpy(o->col + nkey + nl, r, nr * sizeof *r);
    else
        for (uint32_t i = 0; i < nr; i++)
            o->col[nkey + nl + i] = sl_value_null();
    return o;
}

static int cmp_bufs(const void *x, const void *y)
{
    const sl_buf *a = x, *b = y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(a->p, b->p, n) : 0;
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

void sl_join_keys_sort(sl_buf *keys, size_t *n)
{
    if (*n) qsort(keys, *n, sizeof *keys, cmp_bufs);
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        if (k && cmp_bufs(&keys[k - 1], &keys[i]) == 0) {
            sl_buf_free(&keys[i]);
            continue;
        }
        keys[k++] = keys[i];
    }
    *n = k;
}

/* --- pending store writes ------------------------------------------------------------------ */

struct sl_join_write {
    sl_buf key, val;
    size_t order; /* arrival: among writes of one key the last wins */
    bool del;
};

static void pending_add(sl_join_pending *p, const sl_buf *key, const sl_buf *val)
{
    SL_GROW(p->v, p->cap, p->n + 1);
    struct sl_join_write *w = &p->v[p->n];
    *w = (struct sl_join_write){SL_BUF_INIT, SL_BUF_INIT, p->n, val == NULL};
    sl_buf_append(&w->key, key->p, key->len);
    if (val) sl_buf_append(&w->val, val->p, val->len);
    p->n++;
}

void sl_join_pending_put(sl_join_pending *p, const sl_buf *key, const sl_buf *val)
{
    pending_add(p, key, val);
}

void sl_join_pending_del(sl_join_pending *p, const sl_buf *key)
{
    pending_add(p, key, NULL);
}

static int cmp_writes(const void *x, const void *y)
{
    const struct sl_join_write *a = x, *b = y;
    int c = cmp_bufs(&a->key, &b->key);
    return c ? c : (a->order > b->order) - (a->order < b->order);
}

void sl_join_pending_flush(sl_join_pending *p, sl_store *s, sl_db_batch *batch)
{
    if (s && p->n) qsort(p->v, p->n, sizeof *p->v, cmp_writes);
    for (size_t i = 0; i < p->n; i++) {
        struct sl_join_write *w = &p->v[i];
        bool last = i + 1 == p->n || cmp_bufs(&w->key, &p->v[i + 1].key) != 0;
        if (s && last && w->del)
            sl_store_del(s, batch, w->key.p, w->key.len);
        else if (s && last)
            sl_store_put(s, batch, w->key.p, w->key.len, w->val.p, w->val.len);
        sl_buf_free(&w->key);
        sl_buf_free(&w->val);
    }
    p->n = 0;
}

void sl_join_pending_free(sl_join_pending *p)
{
    sl_join_pending_flush(p, NULL, NULL);
    free(p->v);
    memset(p, 0, sizeof *p);
}
