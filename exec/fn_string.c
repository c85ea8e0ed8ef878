/*
 * fn_string.c - the string functions: CONCAT CONCAT_WS LCASE UCASE INITCAP LEN
 * TRIM LTRIM RTRIM LPAD RPAD SUBSTRING INSTR REPLACE CHR ELT FIELD SPLIT
 * SPLIT_TO_MAP, with their BYTES forms where ksqlDB has them.
 *
 * Model: ksqlDB's strings are Java Strings, so every length and position here
 * counts UTF-16 code units (LEN of an emoji is 2), while sluice stores UTF-8.
 * Positions are turned into byte offsets with sl_fn_utf16_off; ASCII strings,
 * the common case, take the byte-for-unit fast path. BYTES forms count bytes.
 *
 * Results are copied into cx->ar even when they are a slice of an argument, so
 * no result depends on how long its arguments live.
 */
#include "exec/fn_int.h"

#include <stdio.h>
#include <string.h>

#define FN(name) static sl_error *name(sl_fnctx *cx, const sl_value *a, int n, sl_value *out)

/* Byte offset of UTF-16 unit idx in value v (bytes when the value is BYTES). */
static size_t unit_off(const sl_value *v, bool bytes, size_t idx)
{
    if (bytes) return idx < v->len ? idx : v->len;
    return sl_fn_utf16_off(v->u.s, v->len, idx);
}

static size_t unit_len(const sl_value *v, bool bytes)
{
    return bytes ? v->len : sl_fn_utf16_len(v->u.s, v->len);
}

static bool is_bytes(const sl_fnctx *cx, int i)
{
    return fn_argtype(cx, i)->kind == SL_K_BYTES;
}

/* --- CONCAT CONCAT_WS -------------------------------------------------------------------- */

/* Joins the non-NULL values a[from..n) with sep between them. */
static sl_error *join(sl_fnctx *cx, const sl_value *a, int from, int n, const sl_value *sep,
                      sl_value *out)
{
    size_t total = 0, parts = 0;
    for (int i = from; i < n; i++)
        if (!a[i].null) total += a[i].len, parts++;
    if (sep && parts > 1) total += (parts - 1) * sep->len;
    if (total > FN_MAX_RESULT) return fn_err_too_big(cx->call->def->name);
    char *p;
    *out = fn_str_new(cx, total, &p);
    bool first = true;
    for (int i = from; i < n; i++) {
        if (a[i].null) continue;
        if (sep && !first) memcpy(p, sep->u.s, sep->len), p += sep->len;
        memcpy(p, a[i].u.s, a[i].len);
        p += a[i].len;
        first = false;
    }
    return NULL;
}

FN(concat)
{
    return join(cx, a, 0, n, NULL, out);
}

FN(concat_ws)
{
    if (n < 2) return fn_err("Function Concat_WS expects at least two input arguments.");
    if (a[0].null) {
        *out = sl_value_null();
        return NULL;
    }
    return join(cx, a, 1, n, &a[0], out);
}

/* --- case ---------------------------------------------------------------------------------- */

static sl_value case_map(sl_fnctx *cx, const sl_value *s, bool upper)
{
    char *p = sl_arena_alloc(cx->ar, (size_t)s->len * 3 / 2 + 4);
    size_t len = sl_fn_case_map(p, s->u.s, s->len, upper);
    return sl_value_str(p, (uint32_t)len);
}

FN(lcase)
{
    (void)n;
    *out = case_map(cx, &a[0], false);
    return NULL;
}

FN(ucase)
{
    (void)n;
    *out = case_map(cx, &a[0], true);
    return NULL;
}

static bool java_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* ksqlDB lower-cases the string, then upper-cases the first character of each
 * run of non-whitespace; leading whitespace is dropped (it matches [^\s]+\s*). */
FN(initcap)
{
    (void)n;
    sl_value low = case_map(cx, &a[0], false);
    const char *s = low.u.s;
    size_t len = low.len, i = 0;
    while (i < len && java_space(s[i]))
        i++;
    char *p = sl_arena_alloc(cx->ar, (len - i) * 3 / 2 + 4), *o = p;
    bool word_start = true;
    while (i < len) {
        if (java_space(s[i])) {
            *o++ = s[i++];
            word_start = true;
            continue;
        }
        size_t j = i;
        uint32_t cp = sl_fn_utf8_next(s, len, &j);
        if (word_start && cp < 0x10000) cp = sl_fn_upper(cp);
        o += sl_fn_utf8_put(o, cp);
        i = j;
        word_start = false;
    }
    *out = sl_value_str(p, (uint32_t)(o - p));
    return NULL;
}

/* --- LEN TRIM ------------------------------------------------------------------------------ */

FN(len_string)
{
    (void)cx;
    (void)n;
    *out = sl_value_int((int64_t)sl_fn_utf16_len(a[0].u.s, a[0].len));
    return NULL;
}

FN(len_bytes)
{
    (void)cx;
    (void)n;
    *out = sl_value_int(a[0].len);
    return NULL;
}

/* Java's String.trim(): every character up to U+0020, which in UTF-8 are single bytes. */
static sl_value trim(sl_fnctx *cx, const sl_value *s, bool left, bool right)
{
    const uint8_t *p = (const uint8_t *)s->u.s;
    size_t b = 0, e = s->len;
    while (left && b < e && p[b] <= ' ')
        b++;
    while (right && e > b && p[e - 1] <= ' ')
        e--;
    return fn_str_dup(cx, s->u.s + b, e - b);
}

FN(trim_both)
{
    (void)n;
    *out = trim(cx, &a[0], true, true);
    return NULL;
}

FN(trim_left)
{
    (void)n;
    *out = trim(cx, &a[0], true, false);
    return NULL;
}

FN(trim_right)
{
    (void)n;
    *out = trim(cx, &a[0], false, true);
    return NULL;
}

/* --- LPAD RPAD ------------------------------------------------------------------------------ */

/* Pads a[0] to a[1] units with copies of a[2], on the left or the right; longer
 * input is truncated to a[1] units. Empty padding or a negative length: NULL. */
static sl_error *pad(sl_fnctx *cx, const sl_value *a, bool left, sl_value *out)
{
    bool bytes = is_bytes(cx, 0);
    const sl_value *in = &a[0], *pd = &a[2];
    int64_t target = a[1].u.i;
    if (pd->len == 0 || target < 0) {
        *out = sl_value_null();
        return NULL;
    }
    size_t inlen = unit_len(in, bytes);
    if ((uint64_t)target <= inlen) {
        *out = fn_str_dup(cx, in->u.s, unit_off(in, bytes, (size_t)target));
        return NULL;
    }
    size_t fill = (size_t)target - inlen, padlen = unit_len(pd, bytes);
    size_t reps = fill / padlen, rest = unit_off(pd, bytes, fill % padlen);
    uint64_t total = (uint64_t)reps * pd->len + rest + in->len;
    if (total > FN_MAX_RESULT) return fn_err_too_big(cx->call->def->name);
    char *p;
    *out = fn_str_new(cx, (size_t)total, &p);
    if (!left) memcpy(p, in->u.s, in->len), p += in->len;
    for (size_t i = 0; i < reps; i++)
        memcpy(p, pd->u.s, pd->len), p += pd->len;
    memcpy(p, pd->u.s, rest);
    p += rest;
    if (left) memcpy(p, in->u.s, in->len);
    return NULL;
}

FN(lpad)
{
    (void)n;
    return pad(cx, a, true, out);
}

FN(rpad)
{
    (void)n;
    return pad(cx, a, false, out);
}

/* --- SUBSTRING ----------------------------------------------------------------------------- */

/* 1-based pos; a negative pos counts from the end; the slice is clamped to the value. */
FN(substring)
{
    bool bytes = is_bytes(cx, 0);
    int64_t len = (int64_t)unit_len(&a[0], bytes), pos = a[1].u.i;
    int64_t start = pos < 0 ? (len + pos > 0 ? len + pos : 0) : (pos - 1 < len ? pos - 1 : len);
    if (start < 0) start = 0;
    int64_t end = len;
    if (n > 2) {
        end = start + a[2].u.i;
        if (end > len) end = len;
        if (end < start) end = start;
    }
    size_t b = unit_off(&a[0], bytes, (size_t)start);
    size_t e = unit_off(&a[0], bytes, (size_t)end);
    *out = fn_str_dup(cx, a[0].u.s + b, e - b);
    return NULL;
}

/* --- INSTR --------------------------------------------------------------------------------- */

/* The byte offset of the first match of needle in s[from..), or -1. */
static int64_t find_from(const sl_value *s, const sl_value *needle, size_t from)
{
    if (from > s->len) return -1;
    const char *m = memmem(s->u.s + from, s->len - from, needle->u.s, needle->len);
    return m ? m - s->u.s : -1;
}

/* The byte offset of the last match of needle ending at or before byte end, or -1. */
static int64_t rfind_before(const sl_value *s, const sl_value *needle, size_t end)
{
    if (needle->len > end) return -1;
    for (size_t i = end - needle->len + 1; i-- > 0;)
        if (memcmp(s->u.s + i, needle->u.s, needle->len) == 0) return (int64_t)i;
    return -1;
}

/* INSTR(str, sub[, pos[, occurrence]]): the 1-based position of the occurrence-th
 * match of sub at or after pos; with a negative pos, searching backwards from
 * pos counted from the end. Matches may overlap. 0 when there is none; NULL
 * str or sub give 0 as in ksqlDB. */
FN(instr)
{
    (void)cx;
    if (a[0].null || a[1].null) {
        *out = sl_value_int(0);
        return NULL;
    }
    if ((n > 2 && a[2].null) || (n > 3 && a[3].null)) {
        *out = sl_value_null();
        return NULL;
    }
    const sl_value *s = &a[0], *sub = &a[1];
    int64_t pos = n > 2 ? a[2].u.i : 1, occ = n > 3 ? a[3].u.i : 1;
    int64_t len = (int64_t)sl_fn_utf16_len(s->u.s, s->len);
    *out = sl_value_int(0);
    if (pos == 0 || pos > len || pos < -len || occ <= 0) return NULL;
    int64_t at;
    if (pos > 0) {
        at = find_from(s, sub, sl_fn_utf16_off(s->u.s, s->len, (size_t)(pos - 1)));
        while (at >= 0 && sub->len && --occ > 0) {
            size_t next = (size_t)at + 1;
            while (next < s->len && ((uint8_t)s->u.s[next] & 0xC0) == 0x80)
                next++;
            at = find_from(s, sub, next);
        }
    } else {
        /* matches must end at or before unit len + pos + 1 */
        size_t end = sl_fn_utf16_off(s->u.s, s->len, (size_t)(len + pos + 1));
        at = rfind_before(s, sub, end);
        while (at >= 0 && sub->len && --occ > 0)
            at = at == 0 ? -1 : rfind_before(s, sub, (size_t)at - 1 + sub->len);
    }
    if (at >= 0) *out = sl_value_int((int64_t)sl_fn_utf16_len(s->u.s, (size_t)at) + 1);
    return NULL;
}

/* --- REPLACE ------------------------------------------------------------------------------- */

/* Java's String.replace: every non-overlapping match, left to right; an empty
 * target inserts the replacement before each character and at the end. */
FN(replace)
{
    (void)n;
    const sl_value *s = &a[0], *from = &a[1], *to = &a[2];
    size_t count = 0;
    if (from->len == 0) {
        for (size_t i = 0; i < s->len;)
            sl_fn_utf8_next(s->u.s, s->len, &i), count++;
        count++;
    } else {
        for (int64_t at = find_from(s, from, 0); at >= 0;
             at = find_from(s, from, (size_t)at + from->len))
            count++;
    }
    uint64_t total = s->len - (uint64_t)count * from->len + (uint64_t)count * to->len;
    if (total > FN_MAX_RESULT) return fn_err_too_big("REPLACE");
    char *p;
    *out = fn_str_new(cx, (size_t)total, &p);
    size_t i = 0;
    if (from->len == 0) {
        while (i < s->len) {
            size_t j = i;
            sl_fn_utf8_next(s->u.s, s->len, &j);
            memcpy(p, to->u.s, to->len), p += to->len;
            memcpy(p, s->u.s + i, j - i), p += j - i;
            i = j;
        }
        memcpy(p, to->u.s, to->len);
        return NULL;
    }
    for (int64_t at = find_from(s, from, 0); at >= 0; at = find_from(s, from, i)) {
        memcpy(p, s->u.s + i, (size_t)at - i), p += (size_t)at - i;
        memcpy(p, to->u.s, to->len), p += to->len;
        i = (size_t)at + from->len;
    }
    memcpy(p, s->u.s + i, s->len - i);
    return NULL;
}

/* --- CHR ------------------------------------------------------------------------------------- */

static sl_value code_point_str(sl_fnctx *cx, uint32_t cp)
{
    char *p;
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = '?'; /* a lone surrogate has no UTF-8 form */
    sl_value v = fn_str_new(cx, 4, &p);
    v.len = (uint32_t)sl_fn_utf8_put(p, cp);
    return v;
}

FN(chr_int)
{
    (void)n;
    int64_t cp = a[0].u.i;
    *out = cp < 0 || cp > 0x10FFFF ? sl_value_null() : code_point_str(cx, (uint32_t)cp);
    return NULL;
}

/* Reads the \uXXXX escape at s[*i] (after the backslash-u); -1 when malformed. */
static int32_t unicode_escape(const char *s, size_t n, size_t *i)
{
    while (*i < n && s[*i] == 'u')
        (*i)++; /* Java allows \uuuu0041 */
    if (*i + 4 > n) return -1;
    int32_t v = 0;
    for (int k = 0; k < 4; k++) {
        int h = fn_hexval(s[*i + (size_t)k]);
        if (h < 0) return -1;
        v = v << 4 | h;
    }
    *i += 4;
    return v;
}

/* Appends UTF-16 unit u, pairing surrogates through *hi. */
static void put_unit(char **o, int32_t u, int32_t *hi)
{
    if (u >= 0xD800 && u <= 0xDBFF) {
        if (*hi) *(*o)++ = '?';
        *hi = u;
        return;
    }
    if (u >= 0xDC00 && u <= 0xDFFF && *hi) {
        *o +=
            sl_fn_utf8_put(*o, 0x10000 + (((uint32_t)*hi - 0xD800) << 10) + ((uint32_t)u - 0xDC00));
        *hi = 0;
        return;
    }
    if (*hi) *(*o)++ = '?';
    *hi = 0;
    *o += sl_fn_utf8_put(*o, u >= 0xD800 && u <= 0xDFFF ? '?' : (uint32_t)u);
}

/* CHR('\u004b'): commons-lang's unescapeJava of the whole string, which must
 * start with \u and be at least 6 characters long. */
FN(chr_string)
{
    (void)n;
    const char *s = a[0].u.s;
    size_t len = a[0].len;
    if (len < 6 || s[0] != '\\' || s[1] != 'u') {
        *out = sl_value_null();
        return NULL;
    }
    char *p, *o;
    *out = fn_str_new(cx, len * 3 + 4, &p);
    o = p;
    int32_t hi = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] != '\\' || i + 1 == len) {
            size_t j = i;
            put_unit(&o, (int32_t)sl_fn_utf8_next(s, len, &j), &hi);
            i = j;
            continue;
        }
        char e = s[i + 1];
        i += 2;
        int32_t u;
        switch (e) {
        case 'u':
            i--;
            u = unicode_escape(s, len, &i);
            if (u < 0) return fn_err("unable to parse unicode value in '%.*s'", (int)len, s);
            break;
        case 'b':
            u = '\b';
            break;
        case 't':
            u = '\t';
            break;
        case 'n':
            u = '\n';
            break;
        case 'f':
            u = '\f';
            break;
        case 'r':
            u = '\r';
            break;
        case '"':
        case '\'':
        case '\\':
            u = e;
            break;
        default:
            if (e >= '0' && e <= '7') { /* octal: up to \377 */
                u = e - '0';
                int max = e <= '3' ? 2 : 1;
                for (int k = 0; k < max && i < len && s[i] >= '0' && s[i] <= '7'; k++)
                    u = u * 8 + (s[i++] - '0');
            } else { /* not an escape: kept as written */
                put_unit(&o, '\\', &hi);
                i--;
                continue;
            }
        }
        put_unit(&o, u, &hi);
    }
    if (hi) *o++ = '?';
    out->len = (uint32_t)(o - p);
    return NULL;
}

/* --- ELT FIELD ----------------------------------------------------------------------------- */

FN(elt)
{
    (void)cx;
    int64_t k = a[0].null ? 0 : a[0].u.i;
    *out = k < 1 || k >= n ? sl_value_null() : a[k];
    return NULL;
}

FN(field)
{
    (void)cx;
    *out = sl_value_int(0);
    if (a[0].null) return NULL;
    for (int i = 1; i < n; i++)
        if (!a[i].null && a[i].len == a[0].len && memcmp(a[i].u.s, a[0].u.s, a[0].len) == 0) {
            *out = sl_value_int(i);
            break;
        }
    return NULL;
}

/* --- SPLIT SPLIT_TO_MAP -------------------------------------------------------------------- */

/* SPLIT(s, delim): the pieces between non-overlapping delimiters, empty pieces
 * kept. An empty delimiter splits every character (STRING) or byte (BYTES). */
FN(split)
{
    (void)n;
    bool bytes = is_bytes(cx, 0);
    sl_value s = fn_str_dup(cx, a[0].u.s, a[0].len);
    const sl_value *d = &a[1];
    size_t count = 0;
    if (d->len == 0) {
        for (size_t i = 0; i < s.len; count++)
            if (bytes)
                i++;
            else
                sl_fn_utf8_next(s.u.s, s.len, &i);
        if (count == 0) count = 1;
    } else {
        count = 1;
        for (int64_t at = find_from(&s, d, 0); at >= 0; at = find_from(&s, d, (size_t)at + d->len))
            count++;
    }
    sl_array *arr = sl_array_new(cx->ar, (uint32_t)count);
    size_t i = 0;
    for (uint32_t k = 0; k < count; k++) {
        size_t j;
        if (d->len == 0) {
            j = i;
            if (j < s.len) {
                if (bytes)
                    j++;
                else
                    sl_fn_utf8_next(s.u.s, s.len, &j);
            }
        } else {
            int64_t at = find_from(&s, d, i);
            j = at < 0 ? s.len : (size_t)at;
        }
        arr->v[k] = sl_value_str(s.u.s + i, (uint32_t)(j - i));
        i = d->len == 0 ? j : j + d->len;
    }
    *out = sl_value_array(arr);
    return NULL;
}

/* SPLIT_TO_MAP(s, entry_delim, kv_delim): non-empty entries holding kv_delim
 * become key -> value (the text between the first and any second kv_delim);
 * a repeated key keeps its last value. */
FN(split_to_map)
{
    (void)n;
    const sl_value *ed = &a[1], *kd = &a[2];
    if (ed->len == 0 || kd->len == 0 ||
        (ed->len == kd->len && memcmp(ed->u.s, kd->u.s, ed->len) == 0)) {
        *out = sl_value_null();
        return NULL;
    }
    sl_value s = fn_str_dup(cx, a[0].u.s, a[0].len);
    size_t cap = 1;
    for (int64_t at = find_from(&s, ed, 0); at >= 0; at = find_from(&s, ed, (size_t)at + ed->len))
        cap++;
    sl_map *m = sl_map_new(cx->ar, (uint32_t)cap);
    m->n = 0;
    for (size_t i = 0; i <= s.len;) {
        int64_t at = find_from(&s, ed, i);
        size_t end = at < 0 ? s.len : (size_t)at;
        sl_value entry = sl_value_str(s.u.s + i, (uint32_t)(end - i));
        int64_t kv = entry.len ? find_from(&entry, kd, 0) : -1;
        if (kv >= 0) {
            sl_value k = sl_value_str(entry.u.s, (uint32_t)kv);
            sl_value rest =
                sl_value_str(entry.u.s + kv + kd->len, entry.len - (uint32_t)kv - kd->len);
            int64_t kv2 = find_from(&rest, kd, 0);
            if (kv2 >= 0) rest.len = (uint32_t)kv2;
            int j = sl_map_find(m, &sl_type_string, k);
            if (j >= 0) {
                m->v[j] = rest;
            } else {
                m->k[m->n] = k;
                m->v[m->n++] = rest;
            }
        }
        if (at < 0) break;
        i = end + ed->len;
    }
    *out = sl_value_map(m);
    return NULL;
}

/* --- the table ------------------------------------------------------------------------------ */

static const sl_fn_sig concat_sigs[] = {
    {.params = "...STRING",
     .ret = "STRING",
     .impl = concat,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Concatenates the strings; NULL arguments count as empty."},
    {.params = "...BYTES",
     .ret = "BYTES",
     .impl = concat,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Concatenates the bytes values; NULL arguments count as empty."},
};

static const sl_fn_sig concat_ws_sigs[] = {
    {.params = "STRING, ...STRING",
     .ret = "STRING",
     .impl = concat_ws,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Joins the non-NULL strings with the separator (first argument); NULL separator "
            "gives NULL."},
    {.params = "BYTES, ...BYTES",
     .ret = "BYTES",
     .impl = concat_ws,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Joins the non-NULL bytes values with the separator (first argument); NULL "
            "separator gives NULL."},
};

static const sl_fn_sig lcase_sigs[] = {
    {.params = "STRING",
     .ret = "STRING",
     .impl = lcase,
     .doc = "Returns the string in lower case."},
};
static const sl_fn_sig ucase_sigs[] = {
    {.params = "STRING",
     .ret = "STRING",
     .impl = ucase,
     .doc = "Returns the string in upper case."},
};
static const sl_fn_sig initcap_sigs[] = {
    {.params = "STRING",
     .ret = "STRING",
     .impl = initcap,
     .doc = "Returns the string with the first letter of each word capitalized and the rest "
            "lowercased."},
};
static const sl_fn_sig len_sigs[] = {
    {.params = "STRING",
     .ret = "INT",
     .impl = len_string,
     .doc = "Returns the length of the string in UTF-16 code units, as Java counts."},
    {.params = "BYTES",
     .ret = "INT",
     .impl = len_bytes,
     .doc = "Returns the number of bytes in the value."},
};
static const sl_fn_sig trim_sigs[] = {
    {.params = "STRING",
     .ret = "STRING",
     .impl = trim_both,
     .doc = "Removes whitespace and control characters from both ends of the string."},
};
static const sl_fn_sig ltrim_sigs[] = {
    {.params = "STRING",
     .ret = "STRING",
     .impl = trim_left,
     .doc = "Removes whitespace and control characters from the start of the string."},
};
static const sl_fn_sig rtrim_sigs[] = {
    {.params = "STRING",
     .ret = "STRING",
     .impl = trim_right,
     .doc = "Removes whitespace and control characters from the end of the string."},
};
static const sl_fn_sig lpad_sigs[] = {
    {.params = "STRING, INT, STRING",
     .ret = "STRING",
     .impl = lpad,
     .doc = "Pads the string on the left with the padding to the target length."},
    {.params = "BYTES, INT, BYTES",
     .ret = "BYTES",
     .impl = lpad,
     .doc = "Pads the bytes on the left with the padding bytes to the target length."},
};
static const sl_fn_sig rpad_sigs[] = {
    {.params = "STRING, INT, STRING",
     .ret = "STRING",
     .impl = rpad,
     .doc = "Pads the string on the right with the padding to the target length."},
    {.params = "BYTES, INT, BYTES",
     .ret = "BYTES",
     .impl = rpad,
     .doc = "Pads the bytes on the right with the padding bytes to the target length."},
};
static const sl_fn_sig substring_sigs[] = {
    {.params = "STRING, INT",
     .ret = "STRING",
     .impl = substring,
     .doc = "Returns the portion of str from pos (base one, negative from the end) to its end."},
    {.params = "STRING, INT, INT",
     .ret = "STRING",
     .impl = substring,
     .doc = "Returns the portion of str that starts at pos and is of length len."},
    {.params = "BYTES, INT",
     .ret = "BYTES",
     .impl = substring,
     .doc = "Returns the portion of the bytes from pos to their end."},
    {.params = "BYTES, INT, INT",
     .ret = "BYTES",
     .impl = substring,
     .doc = "Returns the portion of the bytes that starts at pos and is of length len."},
};
static const sl_fn_sig instr_sigs[] = {
    {.params = "STRING, STRING",
     .ret = "INT",
     .impl = instr,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns the position of the first occurrence of substring in string, or 0."},
    {.params = "STRING, STRING, INT",
     .ret = "INT",
     .impl = instr,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns the position of substring in string searching from position (backwards "
            "from the end when negative), or 0."},
    {.params = "STRING, STRING, INT, INT",
     .ret = "INT",
     .impl = instr,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns the position of the n-th occurrence of substring in string searching "
            "from position, or 0."},
};
static const sl_fn_sig replace_sigs[] = {
    {.params = "STRING, STRING, STRING",
     .ret = "STRING",
     .impl = replace,
     .doc = "Returns a new string with all occurences of oldStr in str with newStr."},
};
static const sl_fn_sig chr_sigs[] = {
    {.params = "INT",
     .ret = "STRING",
     .impl = chr_int,
     .doc = "Returns the character of a decimal code point; NULL when it is not a valid one."},
    {.params = "STRING",
     .ret = "STRING",
     .impl = chr_string,
     .doc = "Returns the character of a UTF-16 escape such as '\\u004b'."},
};
static const sl_fn_sig elt_sigs[] = {
    {.params = "INT, ...STRING",
     .ret = "STRING",
     .impl = elt,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns the n-th string (1-based) of the rest of the arguments, or NULL."},
};
static const sl_fn_sig field_sigs[] = {
    {.params = "STRING, ...STRING",
     .ret = "INT",
     .impl = field,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns the 1-based position of str among the rest of the arguments, or 0."},
};
static const sl_fn_sig split_sigs[] = {
    {.params = "STRING, STRING",
     .ret = "ARRAY<STRING>",
     .impl = split,
     .doc = "Splits a string into an array of substrings based on a delimiter."},
    {.params = "BYTES, BYTES",
     .ret = "ARRAY<BYTES>",
     .impl = split,
     .doc = "Splits a bytes value into an array of bytes values based on a delimiter."},
};
static const sl_fn_sig split_to_map_sigs[] = {
    {.params = "STRING, STRING, STRING",
     .ret = "MAP<STRING, STRING>",
     .impl = split_to_map,
     .doc = "Splits a string into key-value pairs by the entry delimiter, then each pair by the "
            "key-value delimiter."},
};

const sl_fn_def sl_fn_defs_string[] = {
    {"CHR", SL_FN_SCALAR, FN_CAT_STRING,
     "Returns a single-character string corresponding to the input character code.",
     FN_NSIGS(chr_sigs)},
    {"CONCAT", SL_FN_SCALAR, FN_CAT_STRING,
     "Concatenate an arbitrary number of string or bytes fields together.", FN_NSIGS(concat_sigs)},
    {"CONCAT_WS", SL_FN_SCALAR, FN_CAT_STRING,
     "Concatenate several strings or bytes, inserting a separator passed as the first argument "
     "between each one.",
     FN_NSIGS(concat_ws_sigs)},
    {"ELT", SL_FN_SCALAR, FN_CAT_STRING,
     "ELT() returns the Nth element of the list of strings. Returns NULL if N is less than 1 or "
     "greater than the number of arguments. Note that this method is 1-indexed. This is the "
     "complement to FIELD.",
     FN_NSIGS(elt_sigs)},
    {"FIELD", SL_FN_SCALAR, FN_CAT_STRING,
     "Returns the position (1-indexed) of str in args, or 0 if not found. If str is NULL, the "
     "return value is 0 because NULL is not considered equal to any value. This is the "
     "complement to ELT.",
     FN_NSIGS(field_sigs)},
    {"INITCAP", SL_FN_SCALAR, FN_CAT_STRING,
     "Capitalizes the first letter of each word in a string and the rest lowercased. Words are "
     "delimited by whitespace.",
     FN_NSIGS(initcap_sigs)},
    {"INSTR", SL_FN_SCALAR, FN_CAT_STRING,
     "Returns the position of substring in string, starting from position and counting "
     "occurrences; 0 when not found.",
     FN_NSIGS(instr_sigs)},
    {"LCASE", SL_FN_SCALAR, FN_CAT_STRING, "Converts a string to lower case.",
     FN_NSIGS(lcase_sigs)},
    {"LEN", SL_FN_SCALAR, FN_CAT_STRING,
     "Returns the length of a string, or the number of bytes in a bytes value.",
     FN_NSIGS(len_sigs)},
    {"LPAD", SL_FN_SCALAR, FN_CAT_STRING,
     "Pads the input string or bytes, starting from the beginning, with the specified padding "
     "until the target length is reached. If the input is longer than the target length it is "
     "truncated. If the padding is empty or NULL, or the target length is negative, NULL is "
     "returned.",
     FN_NSIGS(lpad_sigs)},
    {"LTRIM", SL_FN_SCALAR, FN_CAT_STRING,
     "Removes leading whitespace from a string (a sluice extension).", FN_NSIGS(ltrim_sigs)},
    {"REPLACE", SL_FN_SCALAR, FN_CAT_STRING,
     "Replaces all occurrences of a substring in a string with a new substring.",
     FN_NSIGS(replace_sigs)},
    {"RPAD", SL_FN_SCALAR, FN_CAT_STRING,
     "Pads the input string or bytes, starting from the end, with the specified padding until "
     "the target length is reached. If the input is longer than the target length it is "
     "truncated. If the padding is empty or NULL, or the target length is negative, NULL is "
     "returned.",
     FN_NSIGS(rpad_sigs)},
    {"RTRIM", SL_FN_SCALAR, FN_CAT_STRING,
     "Removes trailing whitespace from a string (a sluice extension).", FN_NSIGS(rtrim_sigs)},
    {"SPLIT", SL_FN_SCALAR, FN_CAT_STRING,
     "Splits a string or bytes into an array of substrings or bytes based on a delimiter. If "
     "the delimiter is found at the beginning or end, or there are contiguous delimiters, empty "
     "elements are added to the array. If the delimiter is not found, the original value is the "
     "only element. If the delimiter is empty, every character or byte is split.",
     FN_NSIGS(split_sigs)},
    {"SPLIT_TO_MAP", SL_FN_SCALAR, FN_CAT_STRING,
     "Splits a string into key-value pairs and creates a map from them. The 'entryDelimiter' "
     "splits the string into key-value pairs which are then split by 'kvDelimiter'. If the same "
     "key is present multiple times in the input, the latest value for that key is returned. "
     "Returns NULL if the input text or either of the delimiters is NULL.",
     FN_NSIGS(split_to_map_sigs)},
    {"SUBSTRING", SL_FN_SCALAR, FN_CAT_STRING,
     "Returns the portion of the string or bytes passed in value.", FN_NSIGS(substring_sigs)},
    {"TRIM", SL_FN_SCALAR, FN_CAT_STRING,
     "Removes the spaces from the beginning and end of a string.", FN_NSIGS(trim_sigs)},
    {"UCASE", SL_FN_SCALAR, FN_CAT_STRING, "Converts a string to upper case.",
     FN_NSIGS(ucase_sigs)},
};
const uint32_t sl_fn_ndefs_string = FN_NDEFS(sl_fn_defs_string);
