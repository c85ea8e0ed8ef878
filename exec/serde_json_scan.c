/*
 * serde_json_scan.c - the lexical half of the JSON decoder: validating scans of
 * strings, numbers and literals, an iterative skipper for the values a query
 * does not need, and the re-serialization ksqlDB applies when a JSON value of
 * any kind lands in a STRING column. No allocation except into the caller's
 * arena; messages follow Jackson's, which is what ksqlDB reports.
 *
 * Strings are scanned 8 bytes at a time (SWAR): one test finds the next '"',
 * '\\', control byte or non-ASCII byte; only those are looked at one by one
 * (escapes, UTF-8 validation). Integers of up to 18 digits are accumulated
 * while scanning; any other number keeps its digits (sl_numlit) for exact
 * conversion (serde_num.c).
 *
 * skip does not recurse: it keeps one bit per open container (object or
 * array) and so needs no stack beyond SL_JS_MAX_LEVELS bits.
 */
#include "exec/serde_int.h"

#include <stdio.h>
#include <string.h>

/* An arena-backed growing string, for values re-serialized into STRING columns. */
typedef struct sbuf {
    char *p;
    size_t n, cap;
    sl_arena *ar;
} sbuf;

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the SWAR scans assume little-endian");

/* --- errors ------------------------------------------------------------------------------- */

int sl_jscan_fail(sl_jscan *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    d->err_at = (size_t)(d->p - d->begin);
    return SL_JS_FATAL;
}

/* Jackson's description of an unexpected character. */
int sl_jscan_unexpected(sl_jscan *d, const char *what)
{
    const char *sep = strncmp(what, "in ", 3) == 0 ? " " : ": ";
    if (d->p >= d->end) return sl_jscan_fail(d, "Unexpected end-of-input%s%s", sep, what);
    int c = *d->p;
    if (c < 0x20 || c == 0x7F)
        return sl_jscan_fail(d, "Unexpected character ((CTRL-CHAR, code %d))%s%s", c, sep, what);
    if (c >= 0x80) return sl_jscan_fail(d, "Unexpected character (byte 0x%02X)%s%s", c, sep, what);
    return sl_jscan_fail(d, "Unexpected character ('%c' (code %d))%s%s", c, c, sep, what);
}

void sl_jscan_path_reset(sl_jscan *d)
{
    d->path_at = sizeof d->path - 1;
    d->path[d->path_at] = '\0';
}

void sl_jscan_path_prepend(sl_jscan *d, const char *s, size_t n)
{
    if (n > d->path_at) return; /* a path this long is cut at its outer end */
    d->path_at -= (uint32_t)n;
    memcpy(d->path + d->path_at, s, n);
}

int sl_jscan_depth_error(sl_jscan *d, uint32_t depth)
{
    return sl_jscan_fail(d, "Document nesting depth (%u) exceeds the maximum allowed (%u)", depth,
                         d->max_depth);
}

/* --- lexing ------------------------------------------------------------------------------- */

static bool is_word_char(uint8_t c)
{
    return (uint8_t)((c | 0x20) - 'a') < 26 || sl_jscan_digit(c) || c == '_' || c == '$' ||
           c >= 0x80;
}

static int bad_token(sl_jscan *d)
{
    const uint8_t *q = d->p;
    while (q < d->end && q - d->p < 40 && is_word_char(*q))
        q++;
    size_t n = (size_t)(q - d->p);
    char tok[64];
    sl_serde_clip(tok, sizeof tok, d->p, n);
    if ((n == 3 && memcmp(d->p, "NaN", 3) == 0) || (n == 8 && memcmp(d->p, "Infinity", 8) == 0))
        return sl_jscan_fail(d,
                             "Non-standard token '%s': enable "
                             "`JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow",
                             tok);
    if (n == 0)
        return sl_jscan_unexpected(d,
                                   "expected a valid value (JSON String, Number, Array, Object or "
                                   "token 'null', 'true' or 'false')");
    return sl_jscan_fail(d,
                         "Unrecognized token '%s': was expecting (JSON String, Number, Array, "
                         "Object or token 'null', 'true' or 'false')",
                         tok);
}

int sl_jscan_literal(sl_jscan *d, const char *word, size_t n)
{
    if ((size_t)(d->end - d->p) < n || memcmp(d->p, word, n) != 0 ||
        ((size_t)(d->end - d->p) > n && is_word_char(d->p[n])))
        return bad_token(d);
    d->p += n;
    return SL_JS_OK;
}

/* Bytes a string body must look at one by one: '"', '\\', < 0x20, >= 0x80 (high bits; the
 * lowest flagged byte is exact, higher flags may be false and cost only a check). */
static inline uint64_t string_mask(uint64_t w)
{
    uint64_t q = w ^ (ONES * '"'), bs = w ^ (ONES * '\\');
    return (((q - ONES) & ~q) | ((bs - ONES) & ~bs) | ((w - ONES * 0x20) & ~w) | w) & HIGHS;
}

static inline bool is_hex(uint8_t c)
{
    return sl_jscan_digit(c) || (uint8_t)((c | 0x20) - 'a') < 6;
}

/* Checks the escape at p (a backslash); returns its length or 0. */
static size_t escape_len(const uint8_t *p, const uint8_t *end)
{
    if (end - p < 2) return 0;
    switch (p[1]) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
        return 2;
    case 'u':
        if (end - p < 6) return 0;
        for (int i = 2; i < 6; i++)
            if (!is_hex(p[i])) return 0;
        return 6;
    default:
        return 0;
    }
}

/* Scans a string whose opening quote is at d->p, validating it, and moves past the closing
 * quote. The body is [*body, *body + *len); *esc says whether it holds escapes. */
int sl_jscan_string(sl_jscan *d, const uint8_t **body, size_t *len, bool *esc)
{
    const uint8_t *p = d->p + 1, *end = d->end;
    *body = p;
    *esc = false;
    for (;;) {
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            uint64_t m = string_mask(w);
            if (m) {
                p += __builtin_ctzll(m) >> 3;
                break;
            }
            p += 8;
        }
        while (p < end && *p != '"' && *p != '\\' && *p >= 0x20 && *p < 0x80)
            p++;
        if (p == end) {
            d->p = p;
            return sl_jscan_fail(
                d, "Unexpected end-of-input: was expecting closing quote for a string "
                   "value");
        }
        uint8_t c = *p;
        if (c == '"') {
            *len = (size_t)(p - *body);
            d->p = p + 1;
            return SL_JS_OK;
        }
        if (c == '\\') {
            size_t k = escape_len(p, end);
            d->p = p;
            if (!k)
                return p + 1 < end
                           ? sl_jscan_fail(d, "Unrecognized character escape '%c' (code %d)", p[1],
                                           p[1])
                           : sl_jscan_unexpected(d, "in character escape sequence");
            *esc = true;
            p += k;
        } else if (c < 0x20) {
            d->p = p;
            return sl_jscan_fail(d,
                                 "Illegal unquoted character ((CTRL-CHAR, code %d)): has to be "
                                 "escaped using backslash to be included in string value",
                                 c);
        } else {
            size_t k = sl_serde_utf8_seq(p, (size_t)(end - p));
            d->p = p;
            if (!k)
                return c < 0xC2 || c > 0xF4 ? sl_jscan_fail(d, "Invalid UTF-8 start byte 0x%02X", c)
                                            : sl_jscan_fail(d, "Invalid UTF-8 middle byte");
            p += k;
        }
    }
}

static unsigned hex4(const uint8_t *p)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        uint8_t c = p[i];
        v = v << 4 | (unsigned)(sl_jscan_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The text of a validated string body with escapes resolved, in the arena (never longer than
 * the body). Surrogate pairs combine; a lone surrogate becomes U+FFFD. */
char *sl_jscan_unescape(sl_jscan *d, const uint8_t *s, size_t n, uint32_t *outn)
{
    char *out = sl_arena_alloc(d->ar, n ? n : 1);
    size_t i = 0, k = 0;
    while (i < n) {
        const uint8_t *bs = memchr(s + i, '\\', n - i);
        size_t run = bs ? (size_t)(bs - (s + i)) : n - i;
        memcpy(out + k, s + i, run);
        k += run;
        i += run;
        if (i == n) break;
        uint8_t e = s[i + 1];
        i += 2;
        static const char simple[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
        const char *m = e == 'u' ? NULL : strchr(simple, e);
        if (m) {
            out[k++] = m[1];
            continue;
        }
        unsigned cp = hex4(s + i);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && n - i >= 6 && s[i] == '\\' && s[i + 1] == 'u') {
            unsigned lo = hex4(s + i + 2);
            if (lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
        }
        if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;
        k += put_utf8(out + k, cp);
    }
    *outn = (uint32_t)k;
    return out;
}

/* A string token's text: borrowed from the record when it has no escapes. */
int sl_jscan_text(sl_jscan *d, const char **s, uint32_t *n)
{
    const uint8_t *body;
    size_t len;
    bool esc;
    int r = sl_jscan_string(d, &body, &len, &esc);
    if (r) return r;
    if (esc)
        *s = sl_jscan_unescape(d, body, len, n);
    else
        *s = (const char *)body, *n = (uint32_t)len;
    return SL_JS_OK;
}

int sl_jscan_number(sl_jscan *d, sl_jnum *out)
{
    const uint8_t *p = d->p, *end = d->end, *start = p;
    memset(out, 0, sizeof *out);
    if (*p == '-') out->l.neg = true, p++;
    out->l.ip = (const char *)p;
    if (p == end || !sl_jscan_digit(*p)) {
        d->p = p;
        return sl_jscan_unexpected(
            d, "in numeric value: expected digit (0-9) to follow minus sign, for "
               "valid numeric value");
    }
    uint64_t v = 0;
    if (*p == '0') {
        p++;
        if (p < end && sl_jscan_digit(*p)) {
            d->p = p;
            return sl_jscan_fail(d, "Invalid numeric value: Leading zeroes not allowed");
        }
    } else {
        for (; p < end && sl_jscan_digit(*p); p++)
            v = v * 10 + (uint64_t)(*p - '0');
    }
    out->l.in = (size_t)((const char *)p - out->l.ip);
    out->l.fp = (const char *)p;
    if (p < end && *p == '.') {
        out->l.fp = (const char *)++p;
        for (; p < end && sl_jscan_digit(*p); p++) {
        }
        out->l.fn = (size_t)((const char *)p - out->l.fp);
        if (!out->l.fn) {
            d->p = p;
            return sl_jscan_unexpected(d,
                                       "in numeric value: Decimal point not followed by a digit");
        }
        out->is_float = true;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        bool eneg = false;
        int64_t e = 0;
        if (++p < end && (*p == '+' || *p == '-')) eneg = *p++ == '-';
        if (p == end || !sl_jscan_digit(*p)) {
            d->p = p;
            return sl_jscan_unexpected(
                d, "in numeric value: Exponent indicator not followed by a digit");
        }
        for (; p < end && sl_jscan_digit(*p); p++)
            if (e < SL_NUMLIT_EXP_MAX) e = e * 10 + (*p - '0');
        out->l.exp = eneg ? -e : e;
        out->is_float = true;
    }
    if (p - start > 1000)
        return sl_jscan_fail(d, "Number value length (%zu) exceeds the maximum allowed (1000)",
                             (size_t)(p - start));
    d->p = p;
    out->small = !out->is_float && out->l.in <= 18;
    out->v = (int64_t)(out->l.neg ? 0 - v : v); /* meaningful when small */
    return SL_JS_OK;
}

/* Jackson's node class for a number, named in conversion errors. */
static const char *number_node(const sl_jnum *n)
{
    if (n->is_float) return "DecimalNode";
    if (n->small) return n->v >= INT32_MIN && n->v <= INT32_MAX ? "IntNode" : "LongNode";
    if (n->l.in > 19) return "BigIntegerNode";
    return memcmp(n->l.ip, n->l.neg ? "9223372036854775808" : "9223372036854775807", 19) <= 0
               ? "LongNode"
               : "BigIntegerNode";
}

/* The Jackson node class of the token at d->p (for errors), or a syntax error. */
int sl_jscan_node_name(sl_jscan *d, const char **name)
{
    switch (*d->p) {
    case '"':
        *name = "TextNode";
        return SL_JS_OK;
    case '{':
        *name = "ObjectNode";
        return SL_JS_OK;
    case '[':
        *name = "ArrayNode";
        return SL_JS_OK;
    case 't':
        *name = "BooleanNode";
        return sl_jscan_literal(d, "true", 4);
    case 'f':
        *name = "BooleanNode";
        return sl_jscan_literal(d, "false", 5);
    default:
        if (*d->p == '-' || sl_jscan_digit(*d->p)) {
            sl_jnum n;
            int r = sl_jscan_number(d, &n);
            if (!r) *name = number_node(&n);
            return r;
        }
        return bad_token(d);
    }
}

/* --- skipping ----------------------------------------------------------------------------- */

static int skip_scalar(sl_jscan *d)
{
    const uint8_t *body;
    size_t len;
    bool esc;
    sl_jnum n;
    switch (*d->p) {
    case '"':
        return sl_jscan_string(d, &body, &len, &esc);
    case 't':
        return sl_jscan_literal(d, "true", 4);
    case 'f':
        return sl_jscan_literal(d, "false", 5);
    case 'n':
        return sl_jscan_literal(d, "null", 4);
    default:
        if (*d->p == '-' && d->end - d->p > 1 && d->p[1] == 'I') {
            d->p++;
            return bad_token(d); /* -Infinity */
        }
        if (*d->p == '-' || sl_jscan_digit(*d->p)) return sl_jscan_number(d, &n);
        return bad_token(d);
    }
}

/* After '{' or ',' inside an object: the member's name and colon. */
static int member_name(sl_jscan *d)
{
    const uint8_t *body;
    size_t len;
    bool esc;
    if (d->p >= d->end || *d->p != '"')
        return sl_jscan_unexpected(d, "was expecting double-quote to start field name");
    int r = sl_jscan_string(d, &body, &len, &esc);
    if (r) return r;
    sl_jscan_ws(d);
    if (d->p >= d->end || *d->p != ':')
        return sl_jscan_unexpected(d, "was expecting a colon to separate field name and value");
    d->p++;
    sl_jscan_ws(d);
    return SL_JS_OK;
}

/* Skips one value, validating it. Iterative: a bit per open container (1 = object). */
int sl_jscan_skip(sl_jscan *d)
{
    uint64_t objs[SL_JS_MAX_LEVELS / 64];
    uint32_t lvl = 0, room = d->max_depth - d->depth;
    int r;
    for (;;) {
        sl_jscan_ws(d);
        if (d->p >= d->end) return sl_jscan_unexpected(d, "expected a value");
        uint8_t c = *d->p;
        if (c == '{' || c == '[') {
            if (++lvl > room) return sl_jscan_depth_error(d, d->depth + lvl);
            uint64_t bit = 1ULL << ((lvl - 1) & 63);
            objs[(lvl - 1) >> 6] =
                c == '{' ? objs[(lvl - 1) >> 6] | bit : objs[(lvl - 1) >> 6] & ~bit;
            d->p++;
            sl_jscan_ws(d);
            if (d->p < d->end && *d->p == (c == '{' ? '}' : ']')) {
                d->p++;
                lvl--;
            } else {
                if (c == '{' && (r = member_name(d))) return r;
                continue;
            }
        } else if ((r = skip_scalar(d))) {
            return r;
        }
        for (;;) { /* after a value: close containers until one continues */
            if (lvl == 0) return SL_JS_OK;
            bool obj = objs[(lvl - 1) >> 6] >> ((lvl - 1) & 63) & 1;
            sl_jscan_ws(d);
            if (d->p < d->end && *d->p == ',') {
                d->p++;
                sl_jscan_ws(d);
                if (obj && (r = member_name(d))) return r;
                break;
            }
            if (d->p < d->end && *d->p == (obj ? '}' : ']')) {
                d->p++;
                lvl--;
                continue;
            }
            return sl_jscan_unexpected(d, obj ? "was expecting comma to separate Object entries"
                                              : "was expecting comma to separate Array entries");
        }
    }
}

/* --- reading any value into a STRING column ---------------------------------------- */

static char *sb_room(sbuf *b, size_t n)
{
    if (b->n + n > b->cap) {
        size_t cap = (b->cap + n) * 2 + 64;
        char *p = sl_arena_alloc(b->ar, cap);
        if (b->n) memcpy(p, b->p, b->n);
        b->p = p;
        b->cap = cap;
    }
    return b->p + b->n;
}

static void sb_put(sbuf *b, const char *s, size_t n)
{
    memcpy(sb_room(b, n), s, n);
    b->n += n;
}

static void sb_quoted(sbuf *b, const char *s, size_t n)
{
    char *o = sb_room(b, 6 * n + 2);
    o[0] = '"';
    size_t k = sl_serde_json_escape(o + 1, s, n);
    o[k + 1] = '"';
    b->n += k + 2;
}

/* A scalar as Jackson's asText() reads it; quoted adds JSON quotes to strings. */
static int text_scalar(sl_jscan *d, sbuf *b, bool quoted)
{
    const char *s;
    uint32_t n;
    sl_jnum num;
    int r;
    switch (*d->p) {
    case '"':
        if ((r = sl_jscan_text(d, &s, &n))) return r;
        quoted ? sb_quoted(b, s, n) : sb_put(b, s, n);
        return SL_JS_OK;
    case 't':
        sb_put(b, "true", 4);
        return sl_jscan_literal(d, "true", 4);
    case 'f':
        sb_put(b, "false", 5);
        return sl_jscan_literal(d, "false", 5);
    case 'n':
        sb_put(b, "null", 4);
        return sl_jscan_literal(d, "null", 4);
    default:
        if (*d->p != '-' && !sl_jscan_digit(*d->p)) return bad_token(d);
        if ((r = sl_jscan_number(d, &num))) return r;
        s = sl_serde_numlit_bigdec(&num.l, d->ar, &n);
        sb_put(b, s, n);
        return SL_JS_OK;
    }
}

/* The object or array at d->p as ObjectMapper.writeValueAsString writes it: compact. */
static int text_json(sl_jscan *d, sbuf *b)
{
    uint8_t open = *d->p, close = open == '{' ? '}' : ']';
    int r;
    if (open != '{' && open != '[') return text_scalar(d, b, true);
    if (++d->depth > d->max_depth) return sl_jscan_depth_error(d, d->depth);
    d->p++;
    sb_put(b, (const char *)&open, 1);
    sl_jscan_ws(d);
    for (bool first = true; d->p >= d->end || *d->p != close; first = false) {
        if (!first) {
            if (d->p >= d->end || *d->p != ',')
                return sl_jscan_unexpected(d, open == '{'
                                                  ? "was expecting comma to separate Object "
                                                    "entries"
                                                  : "was expecting comma to separate Array "
                                                    "entries");
            d->p++;
            sl_jscan_ws(d);
            sb_put(b, ",", 1);
        }
        if (open == '{') {
            if (d->p >= d->end || *d->p != '"')
                return sl_jscan_unexpected(d, "was expecting double-quote to start field name");
            if ((r = text_scalar(d, b, true))) return r;
            sl_jscan_ws(d);
            if (d->p >= d->end || *d->p != ':')
                return sl_jscan_unexpected(
                    d, "was expecting a colon to separate field name and value");
            d->p++;
            sl_jscan_ws(d);
            sb_put(b, ":", 1);
        }
        if (d->p >= d->end) return sl_jscan_unexpected(d, "expected a value");
        if ((r = text_json(d, b))) return r;
        sl_jscan_ws(d);
    }
    d->p++;
    d->depth--;
    sb_put(b, (const char *)&close, 1);
    return SL_JS_OK;
}

/* An array as ksqlDB reads it into a STRING: its elements as strings, in "[a, b]". */
static int text_array(sl_jscan *d, sbuf *b)
{
    int r;
    if (++d->depth > d->max_depth) return sl_jscan_depth_error(d, d->depth);
    d->p++;
    sb_put(b, "[", 1);
    sl_jscan_ws(d);
    for (bool first = true; d->p >= d->end || *d->p != ']'; first = false) {
        if (!first) {
            if (d->p >= d->end || *d->p != ',')
                return sl_jscan_unexpected(d, "was expecting comma to separate Array entries");
            d->p++;
            sl_jscan_ws(d);
            sb_put(b, ", ", 2);
        }
        if (d->p >= d->end) return sl_jscan_unexpected(d, "expected a value");
        if (*d->p == '[')
            r = text_array(d, b);
        else if (*d->p == '{')
            r = text_json(d, b);
        else
            r = text_scalar(d, b, false);
        if (r) return r;
        sl_jscan_ws(d);
    }
    d->p++;
    d->depth--;
    sb_put(b, "]", 1);
    return SL_JS_OK;
}

int sl_jscan_to_string(sl_jscan *d, const char **s, uint32_t *n)
{
    sbuf b = {NULL, 0, 0, d->ar};
    int r;
    if (*d->p == '[')
        r = text_array(d, &b);
    else if (*d->p == '{')
        r = text_json(d, &b);
    else
        r = text_scalar(d, &b, false);
    *s = b.n ? b.p : "";
    *n = (uint32_t)b.n;
    return r;
}
