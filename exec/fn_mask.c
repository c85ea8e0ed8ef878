/*
 * fn_mask.c - obfuscation and identifiers: MASK, MASK_KEEP_LEFT,
 * MASK_KEEP_RIGHT, MASK_LEFT, MASK_RIGHT, MD5 and UUID.
 *
 * Model (MASK): every character is replaced by the mask of its class, upper
 * case 'X', lower case 'x', digit 'n', anything else '-' by default; a NULL
 * mask argument leaves that class unmasked. The _LEFT/_RIGHT forms mask (or
 * keep) only the first or last n characters, counted in UTF-16 units as ksqlDB
 * does. A character outside the BMP is two units in Java, and ksqlDB masks it
 * as two: its own class's mask, then the 'other' mask for its low surrogate.
 *
 * MD5 is RFC 1321 over the UTF-8 bytes, as lower-case hex. UUID is a random
 * (version 4) RFC 4122 UUID from the kernel's CSPRNG, drawn in blocks kept in
 * the call site's state so most calls make no system call.
 */
#include "common/mem.h"
#include "exec/fn_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define FN(name) static sl_error *name(sl_fnctx *cx, const sl_value *a, int n, sl_value *out)

#define NO_MASK UINT32_MAX

typedef struct masker {
    uint32_t upper, lower, digit, other;
} masker;

/* The mask character given as argument a (NULL: no masking of that class). */
static sl_error *mask_char(const sl_value *a, uint32_t *out)
{
    if (a->null) {
        *out = NO_MASK;
        return NULL;
    }
    size_t i = 0;
    if (a->len == 0 || sl_fn_utf16_len(a->u.s, a->len) != 1)
        return fn_err("Invalid mask character. Must be only single character, but was '%.*s'",
                      (int)a->len, a->u.s);
    *out = sl_fn_utf8_next(a->u.s, a->len, &i);
    return NULL;
}

/* The masker of the call: defaults, or the four mask arguments from index first. */
static sl_error *get_masker(const sl_value *a, int n, int first, masker *m)
{
    *m = (masker){'X', 'x', 'n', '-'};
    if (n < first + 4) return NULL;
    sl_error *err;
    if ((err = mask_char(&a[first], &m->upper)) || (err = mask_char(&a[first + 1], &m->lower)) ||
        (err = mask_char(&a[first + 2], &m->digit)) || (err = mask_char(&a[first + 3], &m->other)))
        return err;
    return NULL;
}

/* Masks s[b..e) into o; returns the bytes written (at most 4 per input byte). */
static size_t mask_range(const masker *m, const char *s, size_t b, size_t e, char *o)
{
    size_t w = 0;
    for (size_t i = b; i < e;) {
        uint32_t cp = sl_fn_utf8_next(s, e, &i), r = NO_MASK;
        switch (sl_fn_char_type(cp)) {
        case SL_FN_CH_UPPER:
            r = m->upper;
            break;
        case SL_FN_CH_LOWER:
            r = m->lower;
            break;
        case SL_FN_CH_DIGIT:
            r = m->digit;
            break;
        case SL_FN_CH_OTHER:
            r = m->other;
            break;
        }
        w += (size_t)sl_fn_utf8_put(o + w, r == NO_MASK ? cp : r);
        if (cp >= 0x10000 && m->other != NO_MASK) w += (size_t)sl_fn_utf8_put(o + w, m->other);
    }
    return w;
}

typedef enum span { MASK_ALL, KEEP_LEFT, KEEP_RIGHT, MASK_LEFT, MASK_RIGHT } span;

static const char *const span_names[] = {"mask", "mask_keep_left", "mask_keep_right", "mask_left",
                                         "mask_right"};

/* Masks a[0]; for the _LEFT/_RIGHT spans a[1] is the number of characters. */
static sl_error *do_mask(sl_fnctx *cx, const sl_value *a, int n, span sp, sl_value *out)
{
    int first = sp == MASK_ALL ? 1 : 2;
    if (sp != MASK_ALL) {
        if (a[1].null) {
            *out = sl_value_null();
            return NULL;
        }
        if (a[1].u.i < 0)
            return fn_err("function %s requires a non-negative number of characters to mask or "
                          "skip",
                          span_names[sp]);
    }
    masker m;
    sl_error *err = get_masker(a, n, first, &m);
    if (err || a[0].null) {
        *out = sl_value_null();
        return err;
    }
    const char *s = a[0].u.s;
    size_t len = a[0].len, units = sl_fn_utf16_len(s, len);
    size_t k = sp == MASK_ALL ? 0 : (size_t)a[1].u.i < units ? (size_t)a[1].u.i : units;
    size_t cut = sp == KEEP_RIGHT || sp == MASK_RIGHT ? sl_fn_utf16_off(s, len, units - k)
                                                      : sl_fn_utf16_off(s, len, k);
    size_t mb = 0, me = len; /* the masked byte range */
    switch (sp) {
    case MASK_ALL:
        break;
    case KEEP_LEFT:
    case MASK_RIGHT:
        mb = cut;
        break;
    case KEEP_RIGHT:
    case MASK_LEFT:
        me = cut;
        break;
    }
    char *p = sl_arena_alloc(cx->ar, len * 4 + 1); /* a mask grows a character at most 4x */
    size_t w = 0;
    memcpy(p, s, mb);
    w += mb;
    w += mask_range(&m, s, mb, me, p + w);
    memcpy(p + w, s + me, len - me);
    w += len - me;
    *out = sl_value_str(p, (uint32_t)w);
    return NULL;
}

FN(mask)
{
    return do_mask(cx, a, n, MASK_ALL, out);
}

FN(mask_keep_left)
{
    return do_mask(cx, a, n, KEEP_LEFT, out);
}

FN(mask_keep_right)
{
    return do_mask(cx, a, n, KEEP_RIGHT, out);
}

FN(mask_left)
{
    return do_mask(cx, a, n, MASK_LEFT, out);
}

FN(mask_right)
{
    return do_mask(cx, a, n, MASK_RIGHT, out);
}

/* --- MD5 (RFC 1321) ------------------------------------------------------------------------ */

static const uint32_t md5_k[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

static const uint8_t md5_r[64] = {
    7,  12, 17, 22, 7,  12, 17, 22, 7,  12, 17, 22, 7,  12, 17, 22, 5,  9,  14, 20, 5,  9,
    14, 20, 5,  9,  14, 20, 5,  9,  14, 20, 4,  11, 16, 23, 4,  11, 16, 23, 4,  11, 16, 23,
    4,  11, 16, 23, 6,  10, 15, 21, 6,  10, 15, 21, 6,  10, 15, 21, 6,  10, 15, 21,
};

static void md5_block(uint32_t h[4], const uint8_t *blk)
{
    uint32_t w[16], a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)blk[4 * i] | (uint32_t)blk[4 * i + 1] << 8 |
               (uint32_t)blk[4 * i + 2] << 16 | (uint32_t)blk[4 * i + 3] << 24;
    for (int i = 0; i < 64; i++) {
        uint32_t f;
        int g;
        if (i < 16)
            f = (b & c) | (~b & d), g = i;
        else if (i < 32)
            f = (d & b) | (~d & c), g = (5 * i + 1) % 16;
        else if (i < 48)
            f = b ^ c ^ d, g = (3 * i + 5) % 16;
        else
            f = c ^ (b | ~d), g = (7 * i) % 16;
        uint32_t t = d;
        d = c;
        c = b;
        uint32_t x = a + f + md5_k[i] + w[g];
        b = b + (x << md5_r[i] | x >> (32 - md5_r[i]));
        a = t;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d;
}

static void md5(const uint8_t *p, size_t n, uint8_t digest[16])
{
    uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    size_t i = 0;
    for (; i + 64 <= n; i += 64)
        md5_block(h, p + i);
    uint8_t tail[128] = {0};
    size_t rest = n - i, tn = rest + 9 <= 64 ? 64 : 128;
    memcpy(tail, p + i, rest);
    tail[rest] = 0x80;
    uint64_t bits = (uint64_t)n * 8;
    for (int k = 0; k < 8; k++)
        tail[tn - 8 + (size_t)k] = (uint8_t)(bits >> (8 * k));
    for (size_t k = 0; k < tn; k += 64)
        md5_block(h, tail + k);
    for (int k = 0; k < 16; k++)
        digest[k] = (uint8_t)(h[k / 4] >> (8 * (k % 4)));
}

FN(md5_fn)
{
    (void)n;
    uint8_t d[16];
    md5((const uint8_t *)a[0].u.s, a[0].len, d);
    char *p;
    *out = fn_str_new(cx, 32, &p);
    sl_fn_hex_encode(p, d, 16);
    return NULL;
}

/* --- UUID ----------------------------------------------------------------------------------- */

typedef struct uuid_pool {
    uint8_t buf[256];
    size_t used;
} uuid_pool;

static sl_error *uuid_init(const sl_fn_call *call, void **state)
{
    (void)call;
    uuid_pool *u = sl_calloc(1, sizeof *u);
    u->used = sizeof u->buf;
    *state = u;
    return NULL;
}

static void uuid_fini(void *state)
{
    free(state);
}

FN(uuid)
{
    (void)a;
    (void)n;
    uuid_pool *u = cx->state;
    if (u->used + 16 > sizeof u->buf) {
        if (getrandom(u->buf, sizeof u->buf, 0) != (ssize_t)sizeof u->buf)
            return sl_error_new(SL_E_INTERNAL, "no randomness available for UUID()");
        u->used = 0;
    }
    uint8_t b[16];
    memcpy(b, u->buf + u->used, 16);
    u->used += 16;
    b[6] = (uint8_t)((b[6] & 0x0F) | 0x40); /* version 4 */
    b[8] = (uint8_t)((b[8] & 0x3F) | 0x80); /* IETF variant */
    char *p;
    *out = fn_str_new(cx, 36, &p);
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) p[o++] = '-';
        o += sl_fn_hex_encode(p + o, &b[i], 1);
    }
    return NULL;
}

/* --- the table ------------------------------------------------------------------------------ */

#define MASKS ", STRING, STRING, STRING, STRING"

static const sl_fn_sig mask_sigs[] = {
    {.params = "STRING",
     .ret = "STRING",
     .impl = mask,
     .doc = "Returns a masked version of the input string: upper case 'X', lower case 'x', "
            "digits 'n', anything else '-'."},
    {.params = "STRING" MASKS,
     .ret = "STRING",
     .impl = mask,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns a masked version of the input string with the given upper, lower, digit "
            "and other masks; a NULL mask leaves that class unmasked."},
};

#define SPAN_SIGS(fn, what)                                                                        \
    {.params = "STRING, INT",                                                                      \
     .ret = "STRING",                                                                              \
     .impl = fn,                                                                                   \
     .flags = SL_FN_NULL_SAFE,                                                                     \
     .doc = "Returns a masked version of the input string: " what ", by the default masks."},      \
    {                                                                                              \
        .params = "STRING, INT" MASKS, .ret = "STRING", .impl = fn, .flags = SL_FN_NULL_SAFE,      \
        .doc = "Returns a masked version of the input string: " what ", by the given masks."       \
    }

static const sl_fn_sig keep_left_sigs[] = {SPAN_SIGS(mask_keep_left, "all but the first n "
                                                                     "characters masked")};
static const sl_fn_sig keep_right_sigs[] = {SPAN_SIGS(mask_keep_right, "all but the last n "
                                                                       "characters masked")};
static const sl_fn_sig mask_left_sigs[] = {SPAN_SIGS(mask_left, "the first n characters masked")};
static const sl_fn_sig mask_right_sigs[] = {SPAN_SIGS(mask_right, "the last n characters masked")};

static const sl_fn_sig md5_sigs[] = {
    {.params = "STRING",
     .ret = "STRING",
     .impl = md5_fn,
     .doc = "Returns the hex-encoded md5 hash of the input string."},
};

static const sl_fn_sig uuid_sigs[] = {
    {.params = "",
     .ret = "STRING",
     .impl = uuid,
     .init = uuid_init,
     .fini = uuid_fini,
     .flags = SL_FN_NONDETERMINISTIC,
     .doc = "Returns a random (version 4) RFC 4122 UUID."},
};

const sl_fn_def sl_fn_defs_mask[] = {
    {"MASK", SL_FN_SCALAR, FN_CAT_STRING,
     "Returns a version of the input string with every character replaced by a mask. Default "
     "masking rules will replace all upper-case characters with 'X', all lower-case characters "
     "with 'x', all digits with 'n', and any other character with '-'.",
     FN_NSIGS(mask_sigs)},
    {"MASK_KEEP_LEFT", SL_FN_SCALAR, FN_CAT_STRING,
     "Returns a version of the input string with all but the specified number of left-most "
     "characters masked out.",
     FN_NSIGS(keep_left_sigs)},
    {"MASK_KEEP_RIGHT", SL_FN_SCALAR, FN_CAT_STRING,
     "Returns a version of the input string with all but the specified number of right-most "
     "characters masked out.",
     FN_NSIGS(keep_right_sigs)},
    {"MASK_LEFT", SL_FN_SCALAR, FN_CAT_STRING,
     "Returns a version of the input string with the specified number of left-most characters "
     "masked out.",
     FN_NSIGS(mask_left_sigs)},
    {"MASK_RIGHT", SL_FN_SCALAR, FN_CAT_STRING,
     "Returns a version of the input string with the specified number of right-most characters "
     "masked out.",
     FN_NSIGS(mask_right_sigs)},
    {"MD5", SL_FN_SCALAR, FN_CAT_STRING, "Computes the hex-encoded md5 hash of the given string.",
     FN_NSIGS(md5_sigs)},
    {"UUID", SL_FN_SCALAR, FN_CAT_STRING,
     "Create a Universally Unique Identifier (UUID) generated according to RFC 4122.",
     FN_NSIGS(uuid_sigs)},
};
const uint32_t sl_fn_ndefs_mask = FN_NDEFS(sl_fn_defs_mask);
