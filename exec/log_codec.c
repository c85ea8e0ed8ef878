/*
 * log_codec.c - the embedded log's record encoding (format in log_emb.h).
 *
 * Compact (a 150-byte value with a short key costs ~5 bytes of framing) and
 * self-checking: the decoder checks every length against the bytes it has,
 * so a corrupt value yields an error, never an out-of-bounds read.
 */
#include "exec/log_emb.h"

enum { F_NULL_KEY = 1, F_NULL_VAL = 2, F_HEADERS = 4 };

static size_t varint_size(uint64_t v)
{
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

static uint8_t *varint_put(uint8_t *p, uint64_t v)
{
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
}

static uint64_t zigzag(int64_t v)
{
    return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t v)
{
    return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* A cursor over encoded bytes; ok turns false at the first overrun. */
typedef struct cursor {
    const uint8_t *p, *end;
    bool ok;
} cursor;

static uint64_t varint_get(cursor *c)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (c->p >= c->end) break;
        uint8_t b = *c->p++;
        if (shift == 63 && b > 1) break; /* more than 64 bits */
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
    c->ok = false;
    return 0;
}

/* n bytes at the cursor, or NULL (and !ok) when fewer remain. */
static const uint8_t *bytes_get(cursor *c, uint64_t n)
{
    if (!c->ok || n > (uint64_t)(c->end - c->p) || n > UINT32_MAX) {
        c->ok = false;
        return NULL;
    }
    const uint8_t *q = c->p;
    c->p += n;
    return q;
}

size_t sl_log_rec_size(const sl_log_record *rec)
{
    size_t n = 1 + varint_size(zigzag(rec->ts));
    if (rec->key) n += varint_size(rec->klen) + rec->klen;
    if (rec->val) n += varint_size(rec->vlen) + rec->vlen;
    if (rec->headers.n) {
        n += varint_size(rec->headers.n);
        for (uint32_t i = 0; i < rec->headers.n; i++) {
            const sl_header *h = &rec->headers.h[i];
            size_t kl = strlen(h->key);
            n += varint_size(kl) + kl + 1;
            n += varint_size(h->val ? (uint64_t)h->len + 1 : 0) + (h->val ? h->len : 0);
        }
    }
    return n;
}

uint8_t *sl_log_rec_encode(const sl_log_record *rec, uint8_t *p)
{
    uint8_t flags = (uint8_t)((rec->key ? 0 : F_NULL_KEY) | (rec->val ? 0 : F_NULL_VAL) |
                              (rec->headers.n ? F_HEADERS : 0));
    *p++ = flags;
    p = varint_put(p, zigzag(rec->ts));
    if (rec->key) {
        p = varint_put(p, rec->klen);
        if (rec->klen) memcpy(p, rec->key, rec->klen);
        p += rec->klen;
    }
    if (rec->val) {
        p = varint_put(p, rec->vlen);
        if (rec->vlen) memcpy(p, rec->val, rec->vlen);
        p += rec->vlen;
    }
    if (rec->headers.n) {
        p = varint_put(p, rec->headers.n);
        for (uint32_t i = 0; i < rec->headers.n; i++) {
            const sl_header *h = &rec->headers.h[i];
            size_t kl = strlen(h->key);
            p = varint_put(p, kl);
            memcpy(p, h->key, kl + 1);
            p += kl + 1;
            p = varint_put(p, h->val ? (uint64_t)h->len + 1 : 0);
            if (h->val && h->len) memcpy(p, h->val, h->len);
            if (h->val) p += h->len;
        }
    }
    return p;
}

/* Reads flags, ts and key; leaves the cursor at the value. */
static uint8_t decode_head(cursor *c, sl_log_record *rec)
{
    const uint8_t *f = bytes_get(c, 1);
    uint8_t flags = f ? *f : 0;
    if (flags & ~(F_NULL_KEY | F_NULL_VAL | F_HEADERS)) c->ok = false;
    rec->ts = unzigzag(varint_get(c));
    rec->key = NULL;
    rec->klen = 0;
    if (!(flags & F_NULL_KEY)) {
        uint64_t kl = varint_get(c);
        rec->key = bytes_get(c, kl);
        rec->klen = (uint32_t)kl;
    }
    return flags;
}

static bool decode_headers(cursor *c, sl_log_record *rec, sl_arena *ar)
{
    uint64_t n = varint_get(c);
    /* each header takes at least 3 bytes: a bound before allocating */
    if (!c->ok || n == 0 || n > (uint64_t)(c->end - c->p) / 3) return false;
    sl_header *hs = SL_ARENA_ARRAY(ar, sl_header, n);
    for (uint64_t i = 0; i < n && c->ok; i++) {
        uint64_t kl = varint_get(c);
        if (kl >= (uint64_t)(c->end - c->p)) return false;
        const uint8_t *k = bytes_get(c, kl + 1);
        if (!k || k[kl] != 0 || memchr(k, 0, kl)) return false;
        hs[i].key = (const char *)k;
        uint64_t vl = varint_get(c);
        hs[i].val = vl ? bytes_get(c, vl - 1) : NULL;
        hs[i].len = vl ? (uint32_t)(vl - 1) : 0;
        if (vl && !hs[i].val) return false;
    }
    rec->headers.h = hs;
    rec->headers.n = (uint32_t)n;
    return c->ok;
}

bool sl_log_rec_decode(const uint8_t *p, size_t n, sl_log_record *rec, sl_arena *ar)
{
    cursor c = {p, p + n, true};
    uint8_t flags = decode_head(&c, rec);
    rec->val = NULL;
    rec->vlen = 0;
    rec->headers.h = NULL;
    rec->headers.n = 0;
    if (c.ok && !(flags & F_NULL_VAL)) {
        uint64_t vl = varint_get(&c);
        rec->val = bytes_get(&c, vl);
        rec->vlen = (uint32_t)vl;
    }
    if (c.ok && (flags & F_HEADERS) && !decode_headers(&c, rec, ar)) return false;
    return c.ok && c.p == c.end;
}

bool sl_log_rec_peek(const uint8_t *p, size_t n, int64_t *ts, const uint8_t **key, uint32_t *klen)
{
    cursor c = {p, p + n, true};
    sl_log_record rec;
    decode_head(&c, &rec);
    *ts = rec.ts;
    *key = rec.key;
    *klen = rec.klen;
    return c.ok;
}
