/*
 * fn_jsondoc.c - the JSON document model of the JSON functions: a recursive
 * descent parser into an arena tree, lookups, and the compact writer (see
 * fn_jsondoc.h).
 */
#include "exec/fn_jsondoc.h"
#include "exec/fn_int.h"

#include <string.h>

typedef struct parser {
    sl_arena *ar;
    const char *s;
    size_t n, i;
} parser;

static void skip_ws(parser *p)
{
    while (p->i < p->n) {
        char c = p->s[p->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        p->i++;
    }
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool parse_value(parser *p, sl_fnjson *v, int depth);

static bool parse_string(parser *p, sl_fnjson *v)
{
    size_t start = ++p->i; /* past the quote */
    bool escaped = false;
    while (p->i < p->n) {
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '"') {
            *v = (sl_fnjson){.kind = SL_FNJSON_STRING,
                             .n = (uint32_t)(p->i - start),
                             .text = p->s + start,
                             .escaped = escaped};
            p->i++;
            return true;
        }
        if (c < 0x20) return false; /* control characters must be escaped */
        if (c == '\\') {
            escaped = true;
            if (++p->i >= p->n) return false;
            char e = p->s[p->i];
            if (e == 'u') {
                if (p->i + 4 >= p->n) return false;
                for (int k = 1; k <= 4; k++)
                    if (!is_hex(p->s[p->i + (size_t)k])) return false;
                p->i += 4;
            } else if (!strchr("\"\\/bfnrt", e) || e == 0) {
                return false;
            }
        }
        p->i++;
    }
    return false;
}

static bool parse_number(parser *p, sl_fnjson *v)
{
    size_t start = p->i;
    if (p->s[p->i] == '-') p->i++;
    if (p->i >= p->n || !is_digit(p->s[p->i])) return false;
    if (p->s[p->i] == '0') {
        p->i++;
        if (p->i < p->n && is_digit(p->s[p->i])) return false; /* no leading zeros */
    } else {
        while (p->i < p->n && is_digit(p->s[p->i]))
            p->i++;
    }
    if (p->i < p->n && p->s[p->i] == '.') {
        p->i++;
        if (p->i >= p->n || !is_digit(p->s[p->i])) return false;
        while (p->i < p->n && is_digit(p->s[p->i]))
            p->i++;
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) p->i++;
        if (p->i >= p->n || !is_digit(p->s[p->i])) return false;
        while (p->i < p->n && is_digit(p->s[p->i]))
            p->i++;
    }
    *v = (sl_fnjson){.kind = SL_FNJSON_NUMBER, .n = (uint32_t)(p->i - start), .text = p->s + start};
    return true;
}

static bool parse_literal(parser *p, const char *word, sl_fnjson_kind kind, sl_fnjson *v)
{
    size_t len = strlen(word);
    if (p->n - p->i < len || memcmp(p->s + p->i, word, len) != 0) return false;
    p->i += len;
    /* "trueish" is not true followed by garbage but an unknown token */
    if (p->i < p->n) {
        char c = p->s[p->i];
        if (is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
            return false;
    }
    *v = (sl_fnjson){.kind = kind};
    return true;
}

/* A growable run of nodes in the arena while a container is parsed. */
typedef struct run {
    sl_fnjson *v;
    uint32_t n, cap;
} run;

static sl_fnjson *run_push(sl_arena *ar, run *r)
{
    if (r->n == r->cap) {
        uint32_t cap = r->cap ? 2 * r->cap : 8;
        sl_fnjson *grown = sl_arena_alloc(ar, sizeof *grown * cap);
        if (r->n) memcpy(grown, r->v, sizeof *grown * r->n);
        r->v = grown, r->cap = cap;
    }
    return &r->v[r->n++];
}

static bool parse_array(parser *p, sl_fnjson *v, int depth)
{
    run items = {0};
    p->i++;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == ']') {
        p->i++;
    } else {
        for (;;) {
            if (!parse_value(p, run_push(p->ar, &items), depth + 1)) return false;
            skip_ws(p);
            if (p->i >= p->n) return false;
            char c = p->s[p->i++];
            if (c == ']') break;
            if (c != ',') return false;
        }
    }
    *v = (sl_fnjson){.kind = SL_FNJSON_ARRAY, .n = items.n, .items = items.v};
    return true;
}

static bool parse_object(parser *p, sl_fnjson *v, int depth)
{
    run keys = {0}, vals = {0};
    p->i++;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == '}') {
        p->i++;
    } else {
        for (;;) {
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != '"') return false;
            if (!parse_string(p, run_push(p->ar, &keys))) return false;
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i++] != ':') return false;
            if (!parse_value(p, run_push(p->ar, &vals), depth + 1)) return false;
            skip_ws(p);
            if (p->i >= p->n) return false;
            char c = p->s[p->i++];
            if (c == '}') break;
            if (c != ',') return false;
        }
    }
    *v = (sl_fnjson){.kind = SL_FNJSON_OBJECT, .n = keys.n, .items = vals.v, .keys = keys.v};
    return true;
}

static bool parse_value(parser *p, sl_fnjson *v, int depth)
{
    if (depth > SL_FNJSON_MAX_DEPTH) return false;
    skip_ws(p);
    if (p->i >= p->n) return false;
    switch (p->s[p->i]) {
    case '{':
        return parse_object(p, v, depth);
    case '[':
        return parse_array(p, v, depth);
    case '"':
        return parse_string(p, v);
    case 't':
        return parse_literal(p, "true", SL_FNJSON_TRUE, v);
    case 'f':
        return parse_literal(p, "false", SL_FNJSON_FALSE, v);
    case 'n':
        return parse_literal(p, "null", SL_FNJSON_NULL, v);
    default:
        return parse_number(p, v);
    }
}

bool sl_fnjson_parse(sl_arena *ar, const char *s, size_t n, sl_fnjson *out)
{
    parser p = {ar, s, n, 0};
    skip_ws(&p);
    if (p.i == n) {
        *out = (sl_fnjson){.kind = SL_FNJSON_MISSING};
        return true;
    }
    if (!parse_value(&p, out, 0)) return false;
    /* a root-level number must be followed by space (Jackson's root value rule) */
    if (out->kind == SL_FNJSON_NUMBER && p.i < n) {
        char c = s[p.i];
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
    return true;
}

/* --- strings ---------------------------------------------------------------------------- */

static uint32_t read_u4(const char *s)
{
    return (uint32_t)(fn_hexval(s[0]) << 12 | fn_hexval(s[1]) << 8 | fn_hexval(s[2]) << 4 |
                      fn_hexval(s[3]));
}

const char *sl_fnjson_str(sl_arena *ar, const sl_fnjson *str, size_t *len)
{
    if (!str->escaped) {
        *len = str->n;
        return str->text;
    }
    const char *s = str->text;
    char *o = sl_arena_alloc(ar, (size_t)str->n + 1);
    size_t w = 0;
    for (size_t i = 0; i < str->n; i++) {
        if (s[i] != '\\') {
            o[w++] = s[i];
            continue;
        }
        char e = s[++i];
        if (e != 'u') {
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            o[w++] = to[strchr(from, e) - from];
            continue;
        }
        uint32_t u = read_u4(s + i + 1);
        i += 4;
        if (u >= 0xD800 && u <= 0xDBFF && i + 6 < str->n && s[i + 1] == '\\' && s[i + 2] == 'u') {
            uint32_t lo = read_u4(s + i + 3);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF) u = '?'; /* a lone surrogate has no UTF-8 form */
        w += (size_t)sl_fn_utf8_put(o + w, u);
    }
    *len = w;
    return o;
}

static bool key_is(sl_arena *ar, const sl_fnjson *k, const char *key, size_t len)
{
    if (!k->escaped) return k->n == len && memcmp(k->text, key, len) == 0;
    size_t kn;
    const char *ks = sl_fnjson_str(ar, k, &kn);
    return kn == len && memcmp(ks, key, len) == 0;
}

const sl_fnjson *sl_fnjson_get(sl_arena *ar, const sl_fnjson *obj, const char *key, size_t len)
{
    if (obj->kind != SL_FNJSON_OBJECT) return NULL;
    for (uint32_t i = obj->n; i-- > 0;) /* the last value of a repeated key wins */
        if (key_is(ar, &obj->keys[i], key, len)) return &obj->items[i];
    return NULL;
}

bool sl_fnjson_first_of_key(sl_arena *ar, const sl_fnjson *obj, uint32_t i)
{
    size_t len;
    const char *key = sl_fnjson_str(ar, &obj->keys[i], &len);
    for (uint32_t j = 0; j < i; j++)
        if (key_is(ar, &obj->keys[j], key, len)) return false;
    return true;
}

/* --- writing ---------------------------------------------------------------------------- */

void sl_fnjson_write_str(sl_buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    sl_buf_putc(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        sl_buf_append(out, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            sl_buf_puts(out, "\\\"");
            break;
        case '\\':
            sl_buf_puts(out, "\\\\");
            break;
        case '\n':
            sl_buf_puts(out, "\\n");
            break;
        case '\r':
            sl_buf_puts(out, "\\r");
            break;
        case '\t':
            sl_buf_puts(out, "\\t");
            break;
        case '\b':
            sl_buf_puts(out, "\\b");
            break;
        case '\f':
            sl_buf_puts(out, "\\f");
            break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            sl_buf_append(out, u, 6);
        }
        }
    }
    sl_buf_append(out, s + run, n - run);
    sl_buf_putc(out, '"');
}

void sl_fnjson_write(sl_arena *ar, sl_buf *out, const sl_fnjson *v)
{
    switch (v->kind) {
    case SL_FNJSON_MISSING:
        break;
    case SL_FNJSON_NULL:
        sl_buf_puts(out, "null");
        break;
    case SL_FNJSON_TRUE:
        sl_buf_puts(out, "true");
        break;
    case SL_FNJSON_FALSE:
        sl_buf_puts(out, "false");
        break;
    case SL_FNJSON_NUMBER:
        sl_buf_append(out, v->text, v->n);
        break;
    case SL_FNJSON_STRING: {
        size_t len;
        const char *s = sl_fnjson_str(ar, v, &len);
        sl_fnjson_write_str(out, s, len);
        break;
    }
    case SL_FNJSON_ARRAY:
        sl_buf_putc(out, '[');
        for (uint32_t i = 0; i < v->n; i++) {
            if (i) sl_buf_putc(out, ',');
            sl_fnjson_write(ar, out, &v->items[i]);
        }
        sl_buf_putc(out, ']');
        break;
    case SL_FNJSON_OBJECT: {
        sl_buf_putc(out, '{');
        bool first = true;
        for (uint32_t i = 0; i < v->n; i++) {
            if (!sl_fnjson_first_of_key(ar, v, i)) continue;
            size_t len;
            const char *key = sl_fnjson_str(ar, &v->keys[i], &len);
            if (!first) sl_buf_putc(out, ',');
            first = false;
            sl_fnjson_write_str(out, key, len);
            sl_buf_putc(out, ':');
            sl_fnjson_write(ar, out, sl_fnjson_get(ar, v, key, len));
        }
        sl_buf_putc(out, '}');
        break;
    }
    }
}
