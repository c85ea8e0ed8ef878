/*
 * serde_delimited.c - DELIMITED: one CSV record per message, read and written
 * as Apache commons-csv 1.4 does with CSVFormat.DEFAULT.withDelimiter(d), the
 * library and settings ksqlDB uses.
 *
 * Reading:
 *   - leading empty lines are skipped; the record ends at the first unquoted
 *     CR, LF or CRLF and anything after it is ignored (ksqlDB reads only the
 *     first CSV record of a message);
 *   - a field is either quoted ("..." where "" is a quote and the delimiter,
 *     CR and LF are literal; after the closing quote only whitespace may come
 *     before the delimiter) or plain (up to the delimiter or the line end;
 *     quotes inside are literal);
 *   - a trailing delimiter adds an empty field; an empty field is NULL;
 *   - the field count must equal the column count;
 *   - text becomes a value as ksqlDB's parsers do: Integer/Long.parseInt,
 *     Double.parseDouble, new BigDecimal + ensureFit, Boolean.parseBoolean
 *     ("true" in any case, anything else is false), epoch numbers for
 *     TIMESTAMP/DATE/TIME, base64 for BYTES; invalid UTF-8 becomes U+FFFD.
 *
 * Writing (commons-csv 1.4, QuoteMode MINIMAL), field by field: NULL writes
 * nothing; a value is quoted when it is empty and first on the line, when it
 * is first and starts outside RFC 4180's TEXTDATA, when it starts with a
 * character <= '#', when it holds CR, LF, '"' or the delimiter, or when it
 * ends with a character <= ' '; quotes inside are doubled. No line end.
 */
#include "exec/serde_int.h"
#include "common/str.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct field {
    const uint8_t *p;
    uint32_t n;
    bool dq; /* quoted and holds "" pairs to fold */
} field;

sl_error *sl_serde_delim_check(const sl_serde *s)
{
    for (uint32_t i = 0; i < s->ncols; i++) {
        const sl_type *t = s->cols[i].type;
        if (t->kind == SL_K_ARRAY || t->kind == SL_K_MAP || t->kind == SL_K_STRUCT ||
            t->kind == SL_K_NULL || t->kind >= SL_K_LAMBDA)
            return sl_serde_type_unsupported(s, t, s->cols[i].name);
    }
    return NULL;
}

/* Character.isWhitespace for what can follow a closing quote (line ends excluded). */
static bool java_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == 0x0B || c == '\f' || (c >= 0x1C && c <= 0x1F);
}

static uint32_t line_of(const uint8_t *begin, const uint8_t *p)
{
    uint32_t line = 1;
    for (const uint8_t *q = begin; q < p; q++)
        if (*q == '\n' || (*q == '\r' && (q + 1 == p || q[1] != '\n'))) line++;
    return line;
}

/* The quoted field at *pp (on its opening quote); moves past its closing quote. */
static sl_error *lex_quoted(const sl_serde *s, const uint8_t *begin, const uint8_t **pp,
                            const uint8_t *end, field *f)
{
    const uint8_t *p = *pp + 1;
    f->p = p;
    f->dq = false;
    for (;;) {
        const uint8_t *q = memchr(p, '"', (size_t)(end - p));
        if (!q)
            return sl_serde_fail(s,
                                 "(startline %u) EOF reached before encapsulated token "
                                 "finished",
                                 line_of(begin, *pp));
        if (q + 1 < end && q[1] == '"') {
            f->dq = true;
            p = q + 2;
            continue;
        }
        f->n = (uint32_t)(q - f->p);
        *pp = q + 1;
        return NULL;
    }
}

/* Splits the first record into fields; the first s->ncols are kept in f, all are counted. */
static sl_error *lex(const sl_serde *s, const uint8_t *p, size_t n, field *f, uint32_t *count)
{
    const uint8_t *begin = p, *end = p + n;
    uint32_t k = 0;
    char delim = s->delim;
    while (p < end && (*p == '\r' || *p == '\n'))
        p++;
    if (p == end) return sl_serde_fail(s, "No fields in record");
    for (;;) {
        field cur = {p, 0, false};
        if (p < end && *p == '"') {
            sl_error *err = lex_quoted(s, begin, &p, end, &cur);
            if (err) return err;
            while (p < end && *p != delim && java_space(*p))
                p++;
            if (p < end && *p != delim && *p != '\r' && *p != '\n')
                return sl_serde_fail(s,
                                     "(line %u) invalid char between encapsulated token and "
                                     "delimiter",
                                     line_of(begin, p));
        } else {
            while (p < end && *p != delim && *p != '\r' && *p != '\n')
                p++;
            cur.n = (uint32_t)(p - cur.p);
        }
        if (k < s->ncols) f[k] = cur;
        k++;
        if (p == end || *p != delim) break; /* end of input, or CR/LF: the record is done */
        p++;
    }
    *count = k;
    return NULL;
}

/* The field's text: "" pairs folded into " in the arena when needed. */
static const char *field_text(sl_arena *ar, const field *f, uint32_t *n)
{
    if (!f->dq) {
        *n = f->n;
        return (const char *)f->p;
    }
    char *out = sl_arena_alloc(ar, f->n);
    uint32_t k = 0;
    for (uint32_t i = 0; i < f->n; i++) {
        out[k++] = (char)f->p[i];
        if (f->p[i] == '"') i++;
    }
    *n = k;
    return out;
}

static sl_error *bad_field(const sl_serde *s, uint32_t col, const char *text, uint32_t n,
                           const char *why)
{
    char clip[104];
    return sl_serde_fail(s, "%s \"%s\", column: `%s`", why,
                         sl_serde_clip(clip, sizeof clip, text, n), s->cols[col].name);
}

static sl_error *parse_integral(const sl_serde *s, uint32_t col, const char *t, uint32_t n,
                                sl_value *out)
{
    sl_kind k = s->cols[col].type->kind;
    long long v;
    if (!sl_str_to_i64(t, n, &v) || (k == SL_K_INT && (v < INT32_MIN || v > INT32_MAX)))
        return bad_field(s, col, t, n, "For input string:");
    if (k == SL_K_TIME && (v < 0 || v > 86400000))
        return sl_serde_fail(s,
                             "Time values must use number of milliseconds greater than 0 and "
                             "less than 86400000., column: `%s`",
                             s->cols[col].name);
    *out = sl_value_int(v);
    return NULL;
}

static sl_error *parse_field(const sl_serde *s, uint32_t col, const field *f, sl_arena *ar,
                             sl_value *out)
{
    const sl_type *t = s->cols[col].type;
    uint32_t n;
    const char *text = field_text(ar, f, &n);
    if (n == 0) {
        *out = sl_value_null();
        return NULL;
    }
    switch (t->kind) {
    case SL_K_STRING: {
        uint32_t len;
        const char *str = sl_serde_utf8_copy(ar, text, n, &len);
        *out = sl_value_str(str, len);
        return NULL;
    }
    case SL_K_BOOLEAN:
        *out = sl_value_bool(n == 4 && strncasecmp(text, "true", 4) == 0);
        return NULL;
    case SL_K_DOUBLE: {
        double d;
        if (!sl_serde_parse_double(text, n, ar, &d))
            return bad_field(s, col, text, n, "For input string:");
        *out = sl_value_double(d);
        return NULL;
    }
    case SL_K_DECIMAL: {
        sl_numlit l;
        sl_int128 v;
        char err[256];
        if (!sl_serde_numlit_parse(text, n, &l))
            return bad_field(s, col, text, n, "Invalid decimal value");
        if (!sl_serde_numlit_decimal(&l, t->precision, t->scale, &v, err, sizeof err))
            return sl_serde_fail(s, "%s, column: `%s`", err, s->cols[col].name);
        *out = sl_value_decimal(ar, v);
        return NULL;
    }
    case SL_K_BYTES: {
        uint8_t *b = sl_arena_alloc(ar, (size_t)n * 3 / 4 + 3);
        size_t bn;
        if (!sl_serde_b64_decode(text, n, false, b, &bn))
            return bad_field(s, col, text, n, "Illegal base64 value");
        *out = sl_value_str((const char *)b, (uint32_t)bn);
        return NULL;
    }
    default:
        return parse_integral(s, col, text, n, out); /* INT, BIGINT, time types */
    }
}

sl_error *sl_serde_delim_decode(const sl_serde *s, const uint8_t *p, size_t n, sl_arena *ar,
                                sl_value *cols)
{
    field small[32], *f = s->ncols <= 32 ? small : sl_arena_alloc(ar, sizeof *f * s->ncols);
    uint32_t count = 0;
    sl_error *err = lex(s, p, n, f, &count);
    if (err) return err;
    if (count != s->ncols)
        return sl_serde_fail(s,
                             "Column count mismatch on deserialization. topic: %s, expected: "
                             "%u, got: %u",
                             s->topic, s->ncols, count);
    for (uint32_t i = 0; i < s->ncols; i++) {
        cols[i] = sl_value_null();
        if (s->needed[i] && (err = parse_field(s, i, &f[i], ar, &cols[i]))) return err;
    }
    return NULL;
}

/* --- encode ------------------------------------------------------------------------------- */

static bool needs_quotes(const char *s, size_t n, bool first, char delim)
{
    if (n == 0) return first;
    uint8_t c = (uint8_t)s[0];
    if (first && (c < 0x20 || c == '"' || c == ',' || c > 0x7E)) return true; /* not TEXTDATA */
    if (c <= '#') return true;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || s[i] == '\r' || s[i] == '"' || s[i] == delim) return true;
    return (uint8_t)s[n - 1] <= ' ';
}

static void put_field(sl_buf *out, const char *s, size_t n, bool first, char delim)
{
    if (!needs_quotes(s, n, first, delim)) {
        sl_buf_append(out, s, n);
        return;
    }
    sl_buf_putc(out, '"');
    for (const char *q; n && (q = memchr(s, '"', n)); n -= (size_t)(q + 1 - s), s = q + 1) {
        sl_buf_append(out, s, (size_t)(q + 1 - s));
        sl_buf_putc(out, '"');
    }
    sl_buf_append(out, s, n);
    sl_buf_putc(out, '"');
}

void sl_serde_delim_encode(const sl_serde *s, const sl_value *cols, sl_buf *out)
{
    sl_buf_reserve(out, 0); /* an empty record is empty bytes, never a null record */
    for (uint32_t i = 0; i < s->ncols; i++) {
        const sl_type *t = s->cols[i].type;
        sl_value v = cols[i];
        char tmp[64];
        if (i) sl_buf_putc(out, s->delim);
        if (v.null) continue;
        switch (t->kind) {
        case SL_K_STRING:
            put_field(out, v.u.s, v.len, i == 0, s->delim);
            break;
        case SL_K_BOOLEAN:
            put_field(out, v.u.i ? "true" : "false", v.u.i ? 4 : 5, i == 0, s->delim);
            break;
        case SL_K_DOUBLE:
            put_field(out, tmp, sl_serde_fmt_double(v.u.d, tmp), i == 0, s->delim);
            break;
        case SL_K_DECIMAL:
            put_field(out, tmp, sl_serde_fmt_bigdec(*v.u.dec, t->scale, true, tmp), i == 0,
                      s->delim);
            break;
        case SL_K_BYTES: {
            size_t n = sl_serde_b64_len(v.len);
            sl_buf_reserve(out, n);
            sl_serde_b64_encode((const uint8_t *)v.u.s, v.len, out->p + out->len);
            out->len += n; /* encoded in place; quoted after the fact when it must be */
            out->p[out->len] = '\0';
            if (needs_quotes(out->p + out->len - n, n, i == 0, s->delim)) {
                char *enc = out->p + out->len - n;
                memmove(enc + 1, enc, n);
                enc[0] = '"';
                out->len++;
                sl_buf_putc(out, '"');
            }
            break;
        }
        default:
            put_field(out, tmp, sl_serde_fmt_i64(v.u.i, tmp), i == 0, s->delim);
            break;
        }
    }
}
