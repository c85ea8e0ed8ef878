/*
 * fn_encode.c - conversions between text encodings, STRING and BYTES, and
 * numbers in bytes: ENCODE, TO_BYTES, FROM_BYTES, INT_FROM_BYTES,
 * BIGINT_FROM_BYTES, DOUBLE_FROM_BYTES, INT_FROM_BOOLEAN.
 *
 * Model: every conversion goes through bytes. A STRING becomes bytes by
 * decoding it in the named encoding (hex digits, base64 text, the UTF-8 bytes,
 * or ASCII with '?' for what ASCII lacks), and bytes become a STRING by the
 * reverse; text that is not valid UTF-8 or ASCII gets U+FFFD, as Java's
 * decoders do. ksqlDB has two families with slightly different codecs, kept
 * here: ENCODE (commons-codec: lower-case hex, "0x"/X'..' prefixes, lenient
 * base64) and TO_BYTES/FROM_BYTES (Guava upper-case hex, MIME base64 with a
 * line break every 76 characters).
 */
#include "exec/fn_int.h"

#include <string.h>

#define FN(name) static sl_error *name(sl_fnctx *cx, const sl_value *a, int n, sl_value *out)

typedef enum enc { ENC_HEX, ENC_UTF8, ENC_ASCII, ENC_BASE64, ENC_BAD } enc;

static enc enc_of(const sl_value *v)
{
    static const char *const names[] = {"hex", "utf8", "ascii", "base64"};
    for (int i = 0; i < 4; i++)
        if (sl_fn_ieq(v->u.s, v->len, names[i])) return (enc)i;
    return ENC_BAD;
}

/* --- bytes -> text ------------------------------------------------------------------------ */

/* The bytes as text in UTF-8: invalid sequences (ascii: any byte >= 0x80) become U+FFFD. */
static sl_value text_of(sl_fnctx *cx, const uint8_t *p, size_t n, bool ascii)
{
    if (ascii && sl_fn_is_ascii((const char *)p, n)) return fn_str_dup(cx, (const char *)p, n);
    char *o;
    sl_value v = fn_str_new(cx, n * 3, &o);
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp =
            ascii ? (p[i] < 0x80 ? p[i] : 0xFFFD) : sl_fn_utf8_next((const char *)p, n, &i);
        if (ascii) i++;
        w += (size_t)sl_fn_utf8_put(o + w, cp);
    }
    v.len = (uint32_t)w;
    return v;
}

static bool valid_utf8(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t j = i;
        if (sl_fn_utf8_next((const char *)p, n, &j) == 0xFFFD &&
            !(j - i == 3 && p[i] == 0xEF && p[i + 1] == 0xBF && p[i + 2] == 0xBD))
            return false;
        i = j;
    }
    return true;
}

static sl_value utf8_text(sl_fnctx *cx, const uint8_t *p, size_t n)
{
    if (valid_utf8(p, n)) return fn_str_dup(cx, (const char *)p, n);
    return text_of(cx, p, n, false);
}

static sl_value hex_text(sl_fnctx *cx, const uint8_t *p, size_t n, bool upper)
{
    char *o;
    sl_value v = fn_str_new(cx, 2 * n, &o);
    sl_fn_hex_encode(o, p, n);
    if (upper)
        for (size_t i = 0; i < 2 * n; i++)
            if (o[i] >= 'a') o[i] = (char)(o[i] - 32);
    return v;
}

static sl_value base64_text(sl_fnctx *cx, const uint8_t *p, size_t n, bool mime)
{
    if (mime) return sl_fn_base64_mime(cx, p, n);
    char *o;
    sl_value v = fn_str_new(cx, (n + 2) / 3 * 4, &o);
    sl_fn_base64_encode(o, p, n);
    return v;
}

/* --- text -> bytes ------------------------------------------------------------------------ */

/* ASCII bytes of a string: one '?' per character ASCII lacks. */
static sl_value ascii_bytes(sl_fnctx *cx, const sl_value *s)
{
    if (sl_fn_is_ascii(s->u.s, s->len)) return fn_str_dup(cx, s->u.s, s->len);
    char *o;
    sl_value v = fn_str_new(cx, s->len, &o);
    size_t w = 0;
    for (size_t i = 0; i < s->len;) {
        uint32_t cp = sl_fn_utf8_next(s->u.s, s->len, &i);
        o[w++] = cp < 0x80 ? (char)cp : '?';
    }
    v.len = (uint32_t)w;
    return v;
}

static sl_error *hex_bytes(sl_fnctx *cx, const char *s, size_t n, sl_value *out)
{
    if (n % 2) return fn_err("odd number of hex digits in '%.*s'", (int)(n > 64 ? 64 : n), s);
    char *o;
    *out = fn_str_new(cx, n / 2, &o);
    if (!sl_fn_hex_decode((uint8_t *)o, s, n))
        return fn_err("illegal hexadecimal character in '%.*s'", (int)(n > 64 ? 64 : n), s);
    return NULL;
}

static sl_error *base64_bytes(sl_fnctx *cx, const sl_value *s, bool mime, sl_value *out)
{
    char *o;
    *out = fn_str_new(cx, (size_t)s->len / 4 * 3 + 3, &o);
    size_t len;
    if (!sl_fn_base64_decode((uint8_t *)o, &len, s->u.s, s->len, mime))
        return fn_err("last unit of base64 input does not have enough valid bits");
    out->len = (uint32_t)len;
    return NULL;
}

/* --- ENCODE -------------------------------------------------------------------------------- */

/* commons-codec's hex input may be written 0x41 (an odd digit count gets a
 * leading 0) or X'41' / x'41'. */
static sl_error *encode_hex_input(sl_fnctx *cx, const sl_value *s, sl_value *out)
{
    const char *p = s->u.s;
    size_t n = s->len;
    if (n >= 2 && p[0] == '0' && p[1] == 'x' && !memchr(p, '\n', n)) {
        if (n % 2) {
            char *t = sl_arena_alloc(cx->ar, n);
            t[0] = '0';
            memcpy(t + 1, p + 2, n - 2);
            return hex_bytes(cx, t, n - 1, out);
        }
        return hex_bytes(cx, p + 2, n - 2, out);
    }
    if (n >= 3 && (p[0] == 'x' || p[0] == 'X') && p[1] == '\'' && p[n - 1] == '\'')
        return hex_bytes(cx, p + 2, n - 3, out);
    return hex_bytes(cx, p, n, out);
}

FN(encode)
{
    (void)n;
    enc in = enc_of(&a[1]), to = enc_of(&a[2]);
    if (in == ENC_BAD || to == ENC_BAD || in == to)
        return fn_err("Supported input and output encodings are: hex, utf8, ascii and base64");
    sl_value b;
    sl_error *err = NULL;
    switch (in) {
    case ENC_HEX:
        err = encode_hex_input(cx, &a[0], &b);
        break;
    case ENC_UTF8:
        b = a[0];
        break;
    case ENC_ASCII:
        b = ascii_bytes(cx, &a[0]);
        break;
    default:
        err = base64_bytes(cx, &a[0], false, &b);
        break;
    }
    if (err) return err;
    const uint8_t *p = (const uint8_t *)b.u.s;
    switch (to) {
    case ENC_HEX:
        *out = hex_text(cx, p, b.len, false);
        break;
    case ENC_UTF8:
        *out = utf8_text(cx, p, b.len);
        break;
    case ENC_ASCII:
        *out = text_of(cx, p, b.len, true);
        break;
    default:
        *out = base64_text(cx, p, b.len, false);
        break;
    }
    return NULL;
}

/* --- TO_BYTES FROM_BYTES ------------------------------------------------------------------- */

static sl_error *bad_encoding(const sl_value *e)
{
    return fn_err("Unknown encoding type '%.*s'. Supported formats are 'hex', 'utf8', 'ascii', "
                  "and 'base64'.",
                  (int)e->len, e->u.s);
}

FN(to_bytes)
{
    (void)n;
    switch (enc_of(&a[1])) {
    case ENC_HEX:
        return hex_bytes(cx, a[0].u.s, a[0].len, out);
    case ENC_UTF8:
        *out = fn_str_dup(cx, a[0].u.s, a[0].len);
        return NULL;
    case ENC_ASCII:
        *out = ascii_bytes(cx, &a[0]);
        return NULL;
    case ENC_BASE64:
        return base64_bytes(cx, &a[0], true, out);
    default:
        return bad_encoding(&a[1]);
    }
}

FN(from_bytes)
{
    (void)n;
    const uint8_t *p = (const uint8_t *)a[0].u.s;
    switch (enc_of(&a[1])) {
    case ENC_HEX:
        *out = hex_text(cx, p, a[0].len, true);
        return NULL;
    case ENC_UTF8:
        *out = utf8_text(cx, p, a[0].len);
        return NULL;
    case ENC_ASCII:
        *out = text_of(cx, p, a[0].len, true);
        return NULL;
    case ENC_BASE64:
        *out = base64_text(cx, p, a[0].len, true);
        return NULL;
    default:
        return bad_encoding(&a[1]);
    }
}

/* --- numbers from bytes -------------------------------------------------------------------- */

/* The size-byte number in a[0], in the byte order a[1] names (big endian without it). */
static sl_error *number_of(const sl_value *a, int n, uint32_t size, uint64_t *out)
{
    bool little = false;
    if (n > 1) {
        if (sl_fn_ieq(a[1].u.s, a[1].len, "LITTLE_ENDIAN"))
            little = true;
        else if (!sl_fn_ieq(a[1].u.s, a[1].len, "BIG_ENDIAN"))
            return fn_err("Byte order must be BIG_ENDIAN or LITTLE_ENDIAN, but was '%.*s'",
                          (int)a[1].len, a[1].u.s);
    }
    if (a[0].len != size)
        return fn_err("Number of bytes must be equal to %u, but found %u", size, a[0].len);
    const uint8_t *p = (const uint8_t *)a[0].u.s;
    uint64_t v = 0;
    for (uint32_t i = 0; i < size; i++)
        v = v << 8 | p[little ? size - 1 - i : i];
    *out = v;
    return NULL;
}

FN(int_from_bytes)
{
    (void)cx;
    uint64_t v;
    sl_error *err = number_of(a, n, 4, &v);
    if (!err) *out = sl_value_int((int32_t)(uint32_t)v);
    return err;
}

FN(bigint_from_bytes)
{
    (void)cx;
    uint64_t v;
    sl_error *err = number_of(a, n, 8, &v);
    if (!err) *out = sl_value_int((int64_t)v);
    return err;
}

FN(double_from_bytes)
{
    (void)cx;
    uint64_t v;
    sl_error *err = number_of(a, n, 8, &v);
    if (!err) {
        double d;
        memcpy(&d, &v, sizeof d);
        *out = sl_value_double(d);
    }
    return err;
}

FN(int_from_boolean)
{
    (void)cx;
    (void)n;
    *out = sl_value_int(a[0].u.i ? 1 : 0);
    return NULL;
}

/* --- the table ------------------------------------------------------------------------------ */

static const sl_fn_sig encode_sigs[] = {
    {.params = "STRING, STRING, STRING",
     .ret = "STRING",
     .impl = encode,
     .doc = "Returns the string, read in the input encoding, written in the output encoding."},
};
static const sl_fn_sig to_bytes_sigs[] = {
    {.params = "STRING, STRING",
     .ret = "BYTES",
     .impl = to_bytes,
     .doc = "Converts a STRING value in the specified encoding to BYTES. The accepted encoders "
            "are 'hex', 'utf8', 'ascii', and 'base64'."},
};
static const sl_fn_sig from_bytes_sigs[] = {
    {.params = "BYTES, STRING",
     .ret = "STRING",
     .impl = from_bytes,
     .doc = "Converts a BYTES value to STRING in the specified encoding. The accepted encoders "
            "are 'hex', 'utf8', 'ascii', and 'base64'."},
};

#define FROM_BYTES_SIGS(fn, T, size)                                                               \
    {.params = "BYTES",                                                                            \
     .ret = T,                                                                                     \
     .impl = fn,                                                                                   \
     .doc = "Converts a " size "-byte big-endian BYTES value to " T "."},                          \
    {                                                                                              \
        .params = "BYTES, STRING", .ret = T, .impl = fn,                                           \
        .doc = "Converts a " size "-byte BYTES value to " T " in the byte order BIG_ENDIAN or "    \
               "LITTLE_ENDIAN."                                                                    \
    }

static const sl_fn_sig int_from_bytes_sigs[] = {FROM_BYTES_SIGS(int_from_bytes, "INT", "4")};
static const sl_fn_sig bigint_from_bytes_sigs[] = {
    FROM_BYTES_SIGS(bigint_from_bytes, "BIGINT", "8")};
static const sl_fn_sig double_from_bytes_sigs[] = {
    FROM_BYTES_SIGS(double_from_bytes, "DOUBLE", "8")};
static const sl_fn_sig int_from_boolean_sigs[] = {
    {.params = "BOOLEAN",
     .ret = "INT",
     .impl = int_from_boolean,
     .doc = "Converts a Boolean value to an Integer value: 1 for true, 0 for false."},
};

const sl_fn_def sl_fn_defs_encode[] = {
    {"BIGINT_FROM_BYTES", SL_FN_SCALAR, FN_CAT_CONV, "Converts a BYTES value to a BIGINT type.",
     FN_NSIGS(bigint_from_bytes_sigs)},
    {"DOUBLE_FROM_BYTES", SL_FN_SCALAR, FN_CAT_CONV, "Converts a BYTES value to a DOUBLE type.",
     FN_NSIGS(double_from_bytes_sigs)},
    {"ENCODE", SL_FN_SCALAR, FN_CAT_STRING,
     "Takes an input string s, which is encoded as input_encoding, and encodes it as "
     "output_encoding. The accepted input and output encodings are: hex, utf8, ascii and "
     "base64. Throws exception if provided encodings are not supported.",
     FN_NSIGS(encode_sigs)},
    {"FROM_BYTES", SL_FN_SCALAR, FN_CAT_STRING,
     "Converts a BYTES value to STRING in the specified encoding. The accepted encoders are "
     "'hex', 'utf8', 'ascii', and 'base64'.",
     FN_NSIGS(from_bytes_sigs)},
    {"INT_FROM_BOOLEAN", SL_FN_SCALAR, FN_CAT_CONV, "Converts a Boolean value to an Integer value",
     FN_NSIGS(int_from_boolean_sigs)},
    {"INT_FROM_BYTES", SL_FN_SCALAR, FN_CAT_CONV, "Converts a BYTES value to a INT type.",
     FN_NSIGS(int_from_bytes_sigs)},
    {"TO_BYTES", SL_FN_SCALAR, FN_CAT_STRING,
     "Converts a STRING value in the specified encoding to BYTES. The accepted encoders are "
     "'hex', 'utf8', 'ascii', and 'base64'.",
     FN_NSIGS(to_bytes_sigs)},
};
const uint32_t sl_fn_ndefs_encode = FN_NDEFS(sl_fn_defs_encode);
