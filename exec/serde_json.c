/*
 * serde_json.c - the JSON format's compiled plan and its encoder.
 *
 * Compiling turns the column types into a plan tree that mirrors them, so the
 * hot path never re-derives anything from the types:
 *
 *   sl_jplan {type, elem, st, conn_type}
 *      STRUCT -> sl_jstruct: fields[] {name, hash, needed, plan, ,"NAME":}
 *                            + open-addressing table: hash(upper(name)) -> field
 *      ARRAY/MAP -> elem plan
 *
 * The row itself is a STRUCT of the columns (unless unwrapped), whose table
 * holds only the needed columns, so the decoder skips every other key after
 * one probe. conn_type is the type as ksqlDB's JSON errors print it (Kafka
 * Connect names: INT, VARCHAR, STRUCT<F INT>).
 *
 * The encoder writes what Kafka Connect's JsonConverter (schemas off, decimals
 * as numbers) writes for ksqlDB: compact, keys in column order, Jackson's
 * string escapes (\uXXXX in upper-case hex), doubles as Java's Double.toString
 * with NaN/Infinity quoted, DECIMAL as BigDecimal.toString, TIMESTAMP/TIME in
 * ms and DATE in days, BYTES in base64.
 */
#include "exec/serde_int.h"

#include <math.h>
#include <string.h>

uint32_t sl_serde_json_hash(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = (uint8_t)p[i];
        if ((uint8_t)(c - 'a') < 26) c -= 32;
        h = (h ^ c) * 16777619u;
    }
    return h;
}

void sl_serde_json_conn_type(sl_buf *b, const sl_type *t)
{
    switch (t->kind) {
    case SL_K_BOOLEAN:
        sl_buf_puts(b, "BOOLEAN");
        break;
    case SL_K_INT:
    case SL_K_DATE:
    case SL_K_TIME:
        sl_buf_puts(b, "INT");
        break;
    case SL_K_BIGINT:
    case SL_K_TIMESTAMP:
        sl_buf_puts(b, "BIGINT");
        break;
    case SL_K_DOUBLE:
        sl_buf_puts(b, "DOUBLE");
        break;
    case SL_K_STRING:
        sl_buf_puts(b, "VARCHAR");
        break;
    case SL_K_BYTES:
        sl_buf_puts(b, "BYTES");
        break;
    case SL_K_DECIMAL:
        sl_buf_printf(b, "DECIMAL(%d, %d)", t->precision, t->scale);
        break;
    case SL_K_ARRAY:
        sl_buf_puts(b, "ARRAY<");
        sl_serde_json_conn_type(b, t->elem);
        sl_buf_putc(b, '>');
        break;
    case SL_K_MAP:
        sl_buf_puts(b, "MAP<");
        sl_serde_json_conn_type(b, t->key);
        sl_buf_puts(b, ", ");
        sl_serde_json_conn_type(b, t->elem);
        sl_buf_putc(b, '>');
        break;
    case SL_K_STRUCT:
        if (t->nfields == 0) {
            sl_buf_puts(b, "STRUCT< >");
            break;
        }
        sl_buf_puts(b, "STRUCT<");
        for (uint32_t i = 0; i < t->nfields; i++) {
            if (i) sl_buf_puts(b, ", ");
            sl_buf_printf(b, "%s ", t->fields[i].name);
            sl_serde_json_conn_type(b, t->fields[i].type);
        }
        sl_buf_putc(b, '>');
        break;
    default:
        sl_buf_puts(b, sl_kind_name(t->kind));
        break;
    }
}

/* --- string escaping ---------------------------------------------------------------------- */

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the SWAR scans assume little-endian");

/* Bytes of w that JSON output must escape ('"', '\\', < 0x20): their high bits. The lowest
 * flagged byte is exact; flags above it may be false (borrows), which only costs a check. */
static inline uint64_t escape_mask(uint64_t w)
{
    uint64_t q = w ^ (ONES * '"'), bs = w ^ (ONES * '\\');
    return (((q - ONES) & ~q) | ((bs - ONES) & ~bs) | ((w - ONES * 0x20) & ~w)) & HIGHS;
}

size_t sl_serde_json_escape(char *dst, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i = 0, k = 0;
    for (;;) {
        while (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            uint64_t m = escape_mask(w);
            if (m) {
                size_t run = (size_t)__builtin_ctzll(m) >> 3;
                memcpy(dst + k, s + i, run);
                k += run;
                i += run;
                break;
            }
            memcpy(dst + k, s + i, 8);
            k += 8;
            i += 8;
        }
        if (i == n) return k;
        unsigned char c = (unsigned char)s[i++];
        if (c != '"' && c != '\\' && c >= 0x20) {
            dst[k++] = (char)c;
            continue;
        }
        dst[k++] = '\\';
        switch (c) {
        case '"':
            dst[k++] = '"';
            break;
        case '\\':
            dst[k++] = '\\';
            break;
        case '\b':
            dst[k++] = 'b';
            break;
        case '\t':
            dst[k++] = 't';
            break;
        case '\n':
            dst[k++] = 'n';
            break;
        case '\f':
            dst[k++] = 'f';
            break;
        case '\r':
            dst[k++] = 'r';
            break;
        default:
            memcpy(dst + k, "u00", 3);
            dst[k + 3] = hex[c >> 4];
            dst[k + 4] = hex[c & 15];
            k += 5;
        }
    }
}

static inline char *room(sl_buf *b, size_t n)
{
    if (b->len + n + 1 > b->cap) sl_buf_reserve(b, n);
    return b->p + b->len;
}

static inline void put(sl_buf *b, const void *p, size_t n)
{
    memcpy(room(b, n), p, n);
    b->len += n;
}

static inline void putc1(sl_buf *b, char c)
{
    *room(b, 1) = c;
    b->len++;
}

void sl_serde_json_put_str(sl_buf *b, const char *s, size_t n)
{
    char *d = room(b, n * 6 + 2);
    d[0] = '"';
    size_t k = sl_serde_json_escape(d + 1, s, n);
    d[k + 1] = '"';
    b->len += k + 2;
    b->p[b->len] = '\0';
}

/* --- compile ------------------------------------------------------------------------------ */

static const char *conn_type_str(sl_arena *ar, const sl_type *t)
{
    sl_buf b = SL_BUF_INIT;
    sl_serde_json_conn_type(&b, t);
    char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

static sl_error *plan_of(sl_serde *s, const sl_type *t, const bool *needed, const sl_jplan **out);

static sl_error *struct_of(sl_serde *s, const sl_type *t, const bool *needed,
                           const sl_jstruct **out)
{
    sl_jstruct *js = SL_ARENA_NEW(s->ar, sl_jstruct);
    uint32_t size = 4;
    while (size < 2 * t->nfields)
        size *= 2;
    js->n = t->nfields;
    js->f = SL_ARENA_ARRAY(s->ar, sl_jfield, t->nfields ? t->nfields : 1);
    js->mask = size - 1;
    js->slot = SL_ARENA_ARRAY(s->ar, uint32_t, size);
    js->slot_hash = SL_ARENA_ARRAY(s->ar, uint32_t, size);
    for (uint32_t i = 0; i < t->nfields; i++) {
        sl_jfield *f = &js->f[i];
        sl_buf enc = SL_BUF_INIT;
        f->name = t->fields[i].name;
        f->len = (uint32_t)strlen(f->name);
        f->hash = sl_serde_json_hash(f->name, f->len);
        f->needed = needed ? needed[i] : true;
        sl_error *err = plan_of(s, t->fields[i].type, NULL, &f->plan);
        if (err) return err;
        sl_buf_putc(&enc, ',');
        sl_serde_json_put_str(&enc, f->name, f->len);
        sl_buf_putc(&enc, ':');
        f->enc = sl_arena_memdup(s->ar, enc.p, enc.len);
        f->enc_len = (uint32_t)enc.len;
        sl_buf_free(&enc);
        if (!f->needed) continue;
        uint32_t j = f->hash & js->mask;
        while (js->slot[j])
            j = (j + 1) & js->mask;
        js->slot[j] = i + 1;
        js->slot_hash[j] = f->hash;
    }
    *out = js;
    return NULL;
}

static sl_error *plan_of(sl_serde *s, const sl_type *t, const bool *needed, const sl_jplan **out)
{
    sl_jplan *pl = SL_ARENA_NEW(s->ar, sl_jplan);
    sl_error *err = NULL;
    pl->t = t;
    pl->conn_type = conn_type_str(s->ar, t);
    switch (t->kind) {
    case SL_K_ARRAY:
        err = plan_of(s, t->elem, NULL, &pl->elem);
        break;
    case SL_K_MAP:
        if (t->key->kind != SL_K_STRING)
            return sl_error_new(SL_E_STATEMENT, "JSON only supports MAP types with STRING keys");
        err = plan_of(s, t->elem, NULL, &pl->elem);
        break;
    case SL_K_STRUCT:
        err = struct_of(s, t, needed, &pl->st);
        break;
    case SL_K_NULL:
    case SL_K_LAMBDA:
    case SL_K_INTERVAL:
    case SL_K__COUNT:
        return sl_serde_type_unsupported(s, t, NULL);
    default:
        break;
    }
    *out = pl;
    return err;
}

sl_error *sl_serde_json_compile(sl_serde *s)
{
    if (s->unwrapped) return plan_of(s, s->cols[0].type, NULL, &s->single);
    return plan_of(s, sl_type_struct(s->ar, s->ncols, s->cols), s->needed, &s->row);
}

/* --- encode ------------------------------------------------------------------------------- */

static void enc_value(sl_buf *b, const sl_jplan *pl, sl_value v);

static void enc_struct(sl_buf *b, const sl_jstruct *js, const sl_value *vals)
{
    putc1(b, '{');
    for (uint32_t i = 0; i < js->n; i++) {
        const sl_jfield *f = &js->f[i];
        put(b, f->enc + (i == 0), f->enc_len - (i == 0));
        enc_value(b, f->plan, vals[i]);
    }
    putc1(b, '}');
}

static void enc_double(sl_buf *b, double d)
{
    char *p = room(b, 34);
    if (isfinite(d)) {
        b->len += sl_serde_fmt_double(d, p);
        return;
    }
    p[0] = '"'; /* Jackson quotes the non-numeric numbers */
    size_t n = sl_serde_fmt_double(d, p + 1);
    p[n + 1] = '"';
    b->len += n + 2;
}

static void enc_value(sl_buf *b, const sl_jplan *pl, sl_value v)
{
    if (v.null) {
        put(b, "null", 4);
        return;
    }
    switch (pl->t->kind) {
    case SL_K_BOOLEAN:
        v.u.i ? put(b, "true", 4) : put(b, "false", 5);
        break;
    case SL_K_DOUBLE:
        enc_double(b, v.u.d);
        break;
    case SL_K_DECIMAL:
        b->len += sl_serde_fmt_bigdec(*v.u.dec, pl->t->scale, false, room(b, 64));
        break;
    case SL_K_STRING:
        sl_serde_json_put_str(b, v.u.s, v.len);
        break;
    case SL_K_BYTES: {
        char *p = room(b, sl_serde_b64_len(v.len) + 2);
        p[0] = '"';
        sl_serde_b64_encode((const uint8_t *)v.u.s, v.len, p + 1);
        p[sl_serde_b64_len(v.len) + 1] = '"';
        b->len += sl_serde_b64_len(v.len) + 2;
        break;
    }
    case SL_K_ARRAY:
        putc1(b, '[');
        for (uint32_t i = 0; i < v.u.arr->n; i++) {
            if (i) putc1(b, ',');
            enc_value(b, pl->elem, v.u.arr->v[i]);
        }
        putc1(b, ']');
        break;
    case SL_K_MAP:
        putc1(b, '{');
        for (uint32_t i = 0; i < v.u.map->n; i++) {
            if (i) putc1(b, ',');
            sl_value k = v.u.map->k[i];
            if (k.null)
                put(b, "\"null\"", 6); /* a NULL key prints as Java's String.valueOf */
            else
                sl_serde_json_put_str(b, k.u.s, k.len);
            putc1(b, ':');
            enc_value(b, pl->elem, v.u.map->v[i]);
        }
        putc1(b, '}');
        break;
    case SL_K_STRUCT:
        enc_struct(b, pl->st, v.u.st->f);
        break;
    default:
        b->len += sl_serde_fmt_i64(v.u.i, room(b, 21));
        break; /* integers, time types */
    }
}

sl_error *sl_serde_json_encode(const sl_serde *s, const sl_value *cols, sl_buf *out, bool *is_null)
{
    if (s->unwrapped) {
        if (cols[0].null) {
            *is_null = true;
            return NULL;
        }
        enc_value(out, s->single, cols[0]);
    } else {
        enc_struct(out, s->row->st, cols);
    }
    out->p[out->len] = '\0';
    return NULL;
}
