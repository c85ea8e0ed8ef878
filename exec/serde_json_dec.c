/*
 * serde_json_dec.c - the JSON decoder: a purpose-built scanner driven by the
 * compiled plan (serde_json.c). One pass over the record, no DOM, no malloc.
 *
 *   record --scan--> '{' key ':' value ',' ... '}'
 *                        |        |
 *                        |        +-- field needed? decode straight into an sl_value
 *                        |        +-- else sl_jscan_skip: iterative, validating, fast
 *                        +-- hash(upper(key)) -> probe the struct's table -> field(s)
 *
 * The lexical work (strings, numbers, skipping, values read into STRING
 * columns) is serde_json_scan.c's; this file is the schema-driven half.
 *
 * ksqlDB semantics kept here:
 *   - a field matches a column by exact name, else by its upper-cased name;
 *     an exact match wins whatever the order, otherwise the last key wins;
 *   - coercions as KsqlJsonDeserializer: see dec_value;
 *   - a type mismatch is reported for the first field in schema order, with
 *     its path ($.A.B[2].k.value); a syntax error anywhere wins over it, as it
 *     would in Jackson, which parses the whole record first. To get this
 *     without a DOM, a failed field remembers its error, re-skips its value
 *     (validating it), and decoding goes on; see dec_struct.
 *
 * Stricter than ksqlDB on purpose: bytes after the top-level value (other than
 * whitespace) are an error (Jackson ignores them), and nesting is limited
 * (max_depth). Duplicate keys inside a value that becomes a STRING column keep
 * their order as written.
 */
#include "exec/serde_int.h"
#include "common/hash.h"
#include "common/str.h"

#include <stdio.h>
#include <string.h>

typedef struct pending {
    char *msg, *path;
} pending;

static int dec_value(sl_jscan *d, const sl_jplan *pl, sl_value *out);

/* --- conversion errors -------------------------------------------------------------------- */

static int conv(sl_jscan *d, const char *node, const char *required)
{
    snprintf(d->msg, sizeof d->msg, "Can't convert type. sourceType: %s, requiredType: %s", node,
             required);
    sl_jscan_path_reset(d);
    return SL_JS_CONV;
}

static int conv_msg(sl_jscan *d, const char *msg)
{
    snprintf(d->msg, sizeof d->msg, "%s", msg);
    sl_jscan_path_reset(d);
    return SL_JS_CONV;
}

static int coerce(sl_jscan *d, const char *target)
{
    snprintf(d->msg, sizeof d->msg, "Can't coerce string to type. targetType: %s", target);
    sl_jscan_path_reset(d);
    return SL_JS_CONV;
}

/* A conversion error naming the token at d->p and the type the plan wanted. */
static int mismatch(sl_jscan *d, const sl_jplan *pl)
{
    const char *node = "?";
    int r = sl_jscan_node_name(d, &node);
    if (r) return r;
    switch (pl->t->kind) {
    case SL_K_BOOLEAN:
    case SL_K_INT:
    case SL_K_BIGINT:
    case SL_K_DOUBLE:
    case SL_K_TIMESTAMP:
    case SL_K_DATE:
    case SL_K_TIME:
        return conv(d, node, sl_kind_name(pl->t->kind));
    default:
        return conv(d, node, pl->conn_type);
    }
}

/* --- decoding by type ----------------------------------------------------------------------- */

static int dec_integral(sl_jscan *d, const sl_jplan *pl, sl_value *out)
{
    sl_kind k = pl->t->kind;
    int64_t v;
    int r;
    if (*d->p == '"') {
        const char *s;
        uint32_t n;
        long long ll;
        if ((r = sl_jscan_text(d, &s, &n))) return r;
        if (!sl_str_to_i64(s, n, &ll) || (k == SL_K_INT && (ll < INT32_MIN || ll > INT32_MAX)))
            return coerce(d, sl_kind_name(k));
        v = ll;
    } else if (*d->p == '-' || sl_jscan_digit(*d->p)) {
        sl_jnum num;
        if ((r = sl_jscan_number(d, &num))) return r;
        uint64_t w = num.small ? (uint64_t)num.v : sl_serde_numlit_wrap64(&num.l);
        v = k == SL_K_INT ? (int32_t)(uint32_t)w : (int64_t)w; /* Java's intValue/longValue */
    } else {
        return mismatch(d, pl);
    }
    if (k == SL_K_TIME && (v < 0 || v > 86400000))
        return conv_msg(d, "Time values must use number of milliseconds greater than 0 and less "
                           "than 86400000.");
    *out = sl_value_int(v);
    return SL_JS_OK;
}

static int dec_double(sl_jscan *d, const sl_jplan *pl, sl_value *out)
{
    int r;
    if (*d->p == '"') {
        const char *s;
        uint32_t n;
        double x;
        if ((r = sl_jscan_text(d, &s, &n))) return r;
        if (!sl_serde_parse_double(s, n, d->ar, &x)) return coerce(d, "DOUBLE");
        *out = sl_value_double(x);
        return SL_JS_OK;
    }
    if (*d->p != '-' && !sl_jscan_digit(*d->p)) return mismatch(d, pl);
    sl_jnum num;
    if ((r = sl_jscan_number(d, &num))) return r;
    *out = sl_value_double(num.small ? (double)num.v : sl_serde_numlit_double(&num.l, d->ar));
    return SL_JS_OK;
}

static int dec_decimal(sl_jscan *d, const sl_jplan *pl, sl_value *out)
{
    sl_numlit l;
    char err[256];
    int r;
    if (*d->p == '"') {
        const char *s;
        uint32_t n;
        if ((r = sl_jscan_text(d, &s, &n))) return r;
        if (!sl_serde_numlit_parse(s, n, &l)) return coerce(d, pl->conn_type);
    } else if (*d->p == '-' || sl_jscan_digit(*d->p)) {
        sl_jnum num;
        if ((r = sl_jscan_number(d, &num))) return r;
        l = num.l;
    } else {
        return mismatch(d, pl);
    }
    sl_int128 v;
    if (!sl_serde_numlit_decimal(&l, pl->t->precision, pl->t->scale, &v, err, sizeof err))
        return conv_msg(d, err);
    *out = sl_value_decimal(d->ar, v);
    return SL_JS_OK;
}

static int dec_string(sl_jscan *d, sl_value *out)
{
    const uint8_t *body;
    size_t len;
    bool esc;
    int r;
    if (*d->p == '"') { /* the hot case */
        if ((r = sl_jscan_string(d, &body, &len, &esc))) return r;
        uint32_t n = (uint32_t)len;
        const char *s =
            esc ? sl_jscan_unescape(d, body, len, &n) : sl_arena_memdup(d->ar, body, len);
        *out = sl_value_str(s, n);
        return SL_JS_OK;
    }
    const char *s;
    uint32_t n;
    if ((r = sl_jscan_to_string(d, &s, &n))) return r;
    *out = sl_value_str(s, n);
    return SL_JS_OK;
}

static int dec_bytes(sl_jscan *d, const sl_jplan *pl, sl_value *out)
{
    const char *s;
    uint32_t n;
    size_t bn;
    int r;
    if (*d->p != '"') return mismatch(d, pl);
    if ((r = sl_jscan_text(d, &s, &n))) return r;
    uint8_t *bytes = sl_arena_alloc(d->ar, (size_t)n * 3 / 4 + 3);
    if (!sl_serde_b64_decode(s, n, true, bytes, &bn)) {
        char text[104];
        snprintf(d->msg, sizeof d->msg, "Value is not a valid Base64 encoded string: %s",
                 sl_serde_clip(text, sizeof text, s, n));
        sl_jscan_path_reset(d);
        return SL_JS_CONV;
    }
    *out = sl_value_str((const char *)bytes, (uint32_t)bn);
    return SL_JS_OK;
}

/* A growing value array in the arena (arrays and maps learn their size as they go). */
static sl_value *grow(sl_arena *ar, sl_value *v, uint32_t n, uint32_t *cap)
{
    uint32_t c = *cap ? *cap * 2 : 8;
    sl_value *nv = sl_arena_alloc(ar, sizeof *nv * c);
    if (n) memcpy(nv, v, sizeof *nv * n);
    *cap = c;
    return nv;
}

static int dec_array(sl_jscan *d, const sl_jplan *pl, sl_value *out)
{
    sl_value *v = NULL;
    uint32_t n = 0, cap = 0;
    int r;
    if (*d->p != '[') return mismatch(d, pl);
    if (++d->depth > d->max_depth) return sl_jscan_depth_error(d, d->depth);
    d->p++;
    sl_jscan_ws(d);
    for (bool first = true; d->p >= d->end || *d->p != ']'; first = false) {
        if (!first) {
            if (d->p >= d->end || *d->p != ',')
                return sl_jscan_unexpected(d, "was expecting comma to separate Array entries");
            d->p++;
            sl_jscan_ws(d);
        }
        if (n == cap) v = grow(d->ar, v, n, &cap);
        if ((r = dec_value(d, pl->elem, &v[n]))) {
            char idx[24];
            if (r == SL_JS_CONV) sl_jscan_path_prepend(d, idx, (size_t)sprintf(idx, "[%u]", n));
            return r;
        }
        n++;
        sl_jscan_ws(d);
    }
    d->p++;
    d->depth--;
    sl_array *a = sl_arena_alloc(d->ar, sizeof *a);
    a->v = v ? v : sl_arena_zalloc(d->ar, sizeof *v);
    a->n = n;
    *out = sl_value_array(a);
    return SL_JS_OK;
}

/* Index of key in keys[0..n), or -1; large maps get a hash index built in the arena. */
static int map_find(sl_jscan *d, const sl_value *keys, uint32_t n, sl_value key, uint32_t **idx,
                    uint32_t *size)
{
    if (n < 32) {
        for (uint32_t i = 0; i < n; i++)
            if (keys[i].len == key.len && memcmp(keys[i].u.s, key.u.s, key.len) == 0) return (int)i;
        return -1;
    }
    if (*size < 2 * n + 2) { /* rebuild at double the size */
        uint32_t sz = 64;
        while (sz < 4 * n)
            sz *= 2;
        *idx = SL_ARENA_ARRAY(d->ar, uint32_t, sz);
        *size = sz;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t j = (uint32_t)sl_hash_bytes(keys[i].u.s, keys[i].len) & (sz - 1);
            while ((*idx)[j])
                j = (j + 1) & (sz - 1);
            (*idx)[j] = i + 1;
        }
    }
    uint32_t j = (uint32_t)sl_hash_bytes(key.u.s, key.len) & (*size - 1);
    for (; (*idx)[j]; j = (j + 1) & (*size - 1)) {
        const sl_value *k = &keys[(*idx)[j] - 1];
        if (k->len == key.len && memcmp(k->u.s, key.u.s, key.len) == 0) return (int)(*idx)[j] - 1;
    }
    (*idx)[j] = n + 1; /* the caller appends key as entry n */
    return -1;
}

static int dec_map(sl_jscan *d, const sl_jplan *pl, sl_value *out)
{
    sl_value *k = NULL, *v = NULL;
    uint32_t n = 0, kcap = 0, vcap = 0, *idx = NULL, size = 0;
    int r;
    if (*d->p != '{') return mismatch(d, pl);
    if (++d->depth > d->max_depth) return sl_jscan_depth_error(d, d->depth);
    d->p++;
    sl_jscan_ws(d);
    for (bool first = true; d->p >= d->end || *d->p != '}'; first = false) {
        const char *ks;
        uint32_t kn;
        sl_value val;
        if (!first) {
            if (d->p >= d->end || *d->p != ',')
                return sl_jscan_unexpected(d, "was expecting comma to separate Object entries");
            d->p++;
            sl_jscan_ws(d);
        }
        if (d->p >= d->end || *d->p != '"')
            return sl_jscan_unexpected(d, "was expecting double-quote to start field name");
        if ((r = sl_jscan_text(d, &ks, &kn))) return r;
        sl_jscan_ws(d);
        if (d->p >= d->end || *d->p != ':')
            return sl_jscan_unexpected(d, "was expecting a colon to separate field name and value");
        d->p++;
        sl_jscan_ws(d);
        if ((r = dec_value(d, pl->elem, &val))) {
            if (r == SL_JS_CONV) {
                char key[104];
                sl_jscan_path_prepend(d, ".value", 6);
                sl_serde_clip(key, sizeof key, ks, kn);
                sl_jscan_path_prepend(d, key, strlen(key));
                sl_jscan_path_prepend(d, ".", 1);
            }
            return r;
        }
        sl_value key = sl_value_str(ks, kn);
        int at = map_find(d, k, n, key, &idx, &size); /* Jackson: the last duplicate wins */
        if (at >= 0) {
            v[at] = val;
        } else {
            if (n == kcap) k = grow(d->ar, k, n, &kcap);
            if (n == vcap) v = grow(d->ar, v, n, &vcap);
            if ((const uint8_t *)ks >= d->begin && (const uint8_t *)ks < d->end)
                key.u.s = sl_arena_memdup(d->ar, ks, kn); /* borrowed from the record: copy */
            k[n] = key;
            v[n++] = val;
        }
        sl_jscan_ws(d);
    }
    d->p++;
    d->depth--;
    sl_map *m = sl_arena_alloc(d->ar, sizeof *m);
    m->k = k ? k : sl_arena_zalloc(d->ar, sizeof *k);
    m->v = v ? v : sl_arena_zalloc(d->ar, sizeof *v);
    m->n = n;
    *out = sl_value_map(m);
    return SL_JS_OK;
}

/* --- structs: field matching and deferred conversion errors ------------------------------- */

static bool upper_eq(const char *key, const char *name, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = (uint8_t)key[i];
        if ((uint8_t)(c - 'a') < 26) c -= 32;
        if (c != (uint8_t)name[i]) return false;
    }
    return true;
}

/* The fields a key feeds: at most one by exact name (prio 2) and one by upper-cased name
 * (prio 1). Returns how many. */
static int find_fields(const sl_jstruct *js, const char *key, size_t n, uint32_t *idx,
                       uint8_t *prio)
{
    uint32_t h = sl_serde_json_hash(key, n), j = h & js->mask;
    int cnt = 0;
    for (; js->slot[j] && cnt < 2; j = (j + 1) & js->mask) {
        if (js->slot_hash[j] != h) continue;
        uint32_t fi = js->slot[j] - 1;
        const sl_jfield *f = &js->f[fi];
        if (f->len != n) continue;
        if (memcmp(f->name, key, n) == 0)
            idx[cnt] = fi, prio[cnt++] = 2;
        else if (upper_eq(key, f->name, n))
            idx[cnt] = fi, prio[cnt++] = 1;
    }
    return cnt;
}

/* Remembers field fi's conversion error (path prefixed with the field) until the struct ends. */
static void keep_pending(sl_jscan *d, const sl_jstruct *js, uint32_t fi, pending **pend)
{
    if (!*pend) *pend = SL_ARENA_ARRAY(d->ar, pending, js->n);
    sl_jscan_path_prepend(d, js->f[fi].name, js->f[fi].len);
    sl_jscan_path_prepend(d, ".", 1);
    (*pend)[fi].msg = sl_arena_strdup(d->ar, d->msg);
    (*pend)[fi].path = sl_arena_strdup(d->ar, d->path + d->path_at);
}

/* Reports the pending error of the first field in schema order, if any. */
static int raise_pending(sl_jscan *d, const sl_jstruct *js, const pending *pend)
{
    for (uint32_t i = 0; i < js->n; i++) {
        if (!pend[i].msg) continue;
        snprintf(d->msg, sizeof d->msg, "%s", pend[i].msg);
        sl_jscan_path_reset(d);
        sl_jscan_path_prepend(d, pend[i].path, strlen(pend[i].path));
        return SL_JS_CONV;
    }
    return SL_JS_OK;
}

/* Decodes the value at d->p into each field the key feeds; on return d->p is past it. */
static int dec_member(sl_jscan *d, const sl_jstruct *js, const char *key, size_t n, sl_value *vals,
                      uint8_t *state, pending **pend)
{
    uint32_t idx[2];
    uint8_t prio[2];
    int cnt = find_fields(js, key, n, idx, prio), done = 0, r;
    const uint8_t *start = d->p;
    uint32_t depth = d->depth;
    for (int t = 0; t < cnt; t++) {
        uint32_t fi = idx[t];
        if (prio[t] < state[fi]) continue; /* an exact match already set it */
        if (done++) d->p = start;          /* the same value again, for a second field */
        state[fi] = prio[t];
        r = dec_value(d, js->f[fi].plan, &vals[fi]);
        if (r == SL_JS_FATAL) return r;
        if (r == SL_JS_CONV) {
            keep_pending(d, js, fi, pend);
            d->p = start; /* skip the value again from its start, containers closed */
            d->depth = depth;
            if ((r = sl_jscan_skip(d))) return r;
        } else if (*pend) {
            (*pend)[fi].msg = NULL; /* a later duplicate that decodes wins */
        }
    }
    return done ? SL_JS_OK : sl_jscan_skip(d);
}

static int dec_struct(sl_jscan *d, const sl_jplan *pl, sl_value *vals)
{
    const sl_jstruct *js = pl->st;
    uint8_t small[64], *state = js->n <= sizeof small ? small : sl_arena_alloc(d->ar, js->n);
    pending *pend = NULL;
    int r;
    if (*d->p != '{') return mismatch(d, pl);
    if (++d->depth > d->max_depth) return sl_jscan_depth_error(d, d->depth);
    memset(state, 0, js->n);
    for (uint32_t i = 0; i < js->n; i++)
        vals[i] = sl_value_null();
    d->p++;
    sl_jscan_ws(d);
    for (bool first = true; d->p >= d->end || *d->p != '}'; first = false) {
        const char *key;
        uint32_t kn;
        if (!first) {
            if (d->p >= d->end || *d->p != ',')
                return sl_jscan_unexpected(d, "was expecting comma to separate Object entries");
            d->p++;
            sl_jscan_ws(d);
        }
        if (d->p >= d->end || *d->p != '"')
            return sl_jscan_unexpected(d, "was expecting double-quote to start field name");
        if ((r = sl_jscan_text(d, &key, &kn))) return r;
        sl_jscan_ws(d);
        if (d->p >= d->end || *d->p != ':')
            return sl_jscan_unexpected(d, "was expecting a colon to separate field name and value");
        d->p++;
        sl_jscan_ws(d);
        if (d->p >= d->end) return sl_jscan_unexpected(d, "expected a value");
        if ((r = dec_member(d, js, key, kn, vals, state, &pend))) return r;
        sl_jscan_ws(d);
    }
    d->p++;
    d->depth--;
    return pend ? raise_pending(d, js, pend) : SL_JS_OK;
}

/*
 * One value of the plan's type at d->p (whitespace skipped), ksqlDB's coercions:
 *   BOOLEAN     true/false only
 *   INT, BIGINT a number (Java's intValue/longValue: truncated, low bits) or a string that
 *               parses as one (Integer/Long.parseLong); TIMESTAMP, DATE, TIME likewise
 *   DOUBLE      a number, or a string Double.parseDouble reads (NaN, 1e3, ...)
 *   DECIMAL     a number or a numeric string, exact, that fits DECIMAL(p, s)
 *   STRING      anything: strings as they are, numbers/booleans as text, arrays as
 *               "[a, b]", objects as compact JSON
 *   BYTES       a base64 string
 *   ARRAY, MAP, STRUCT  an array, an object, an object
 * null is NULL for every type.
 */
static int dec_value(sl_jscan *d, const sl_jplan *pl, sl_value *out)
{
    if (d->p >= d->end) return sl_jscan_unexpected(d, "expected a value");
    if (*d->p == 'n') {
        *out = sl_value_null();
        return sl_jscan_literal(d, "null", 4);
    }
    switch (pl->t->kind) {
    case SL_K_BOOLEAN:
        if (*d->p != 't' && *d->p != 'f') return mismatch(d, pl);
        *out = sl_value_bool(*d->p == 't');
        return *d->p == 't' ? sl_jscan_literal(d, "true", 4) : sl_jscan_literal(d, "false", 5);
    case SL_K_INT:
    case SL_K_BIGINT:
    case SL_K_TIMESTAMP:
    case SL_K_DATE:
    case SL_K_TIME:
        return dec_integral(d, pl, out);
    case SL_K_DOUBLE:
        return dec_double(d, pl, out);
    case SL_K_DECIMAL:
        return dec_decimal(d, pl, out);
    case SL_K_STRING:
        return dec_string(d, out);
    case SL_K_BYTES:
        return dec_bytes(d, pl, out);
    case SL_K_ARRAY:
        return dec_array(d, pl, out);
    case SL_K_MAP:
        return dec_map(d, pl, out);
    case SL_K_STRUCT: {
        sl_struct *st = sl_arena_alloc(d->ar, sizeof *st);
        st->n = pl->st->n;
        st->f = sl_arena_alloc(d->ar, sizeof *st->f * (st->n ? st->n : 1));
        *out = sl_value_struct(st);
        return dec_struct(d, pl, st->f);
    }
    default:
        return mismatch(d, pl);
    }
}

/* --- the record --------------------------------------------------------------------------- */

static sl_error *report(const sl_serde *s, sl_jscan *d, int r)
{
    if (r == SL_JS_CONV) return sl_serde_fail(s, "%s, path: $%s", d->msg, d->path + d->path_at);
    return sl_error_with_detail(sl_serde_fail(s, "%s", d->msg), "at byte %zu of the record",
                                d->err_at);
}

/* After a conversion error: the record must still be valid JSON, else that is the error. */
static int check_rest(sl_jscan *d, const uint8_t *start)
{
    sl_jscan probe = *d;
    probe.p = start;
    probe.depth = 0;
    int r = sl_jscan_skip(&probe);
    if (!r) {
        sl_jscan_ws(&probe);
        if (probe.p < probe.end)
            r = sl_jscan_fail(&probe,
                              "Unexpected character after the JSON value: trailing content is "
                              "not allowed");
    }
    if (r) {
        memcpy(d->msg, probe.msg, sizeof d->msg);
        d->err_at = probe.err_at;
    }
    return r ? r : SL_JS_CONV;
}

static int decode_top(const sl_serde *s, sl_jscan *d, sl_value *cols, bool *is_null)
{
    const sl_jplan *pl = s->unwrapped ? s->single : s->row;
    int r;
    if (d->p == d->end) { /* no JSON at all: Jackson's MissingNode */
        if (s->unwrapped && pl->t->kind == SL_K_STRING) {
            cols[0] = sl_value_str("", 0);
            return SL_JS_OK;
        }
        return conv(d, "MissingNode", pl->conn_type);
    }
    if (!s->unwrapped) {
        if (*d->p == 'n') {
            for (uint32_t i = 0; i < s->ncols; i++)
                cols[i] = sl_value_null();
            *is_null = true;
            return sl_jscan_literal(d, "null", 4);
        }
        return dec_struct(d, pl, cols);
    }
    if (!s->needed[0]) {
        cols[0] = sl_value_null();
        return sl_jscan_skip(d);
    }
    r = dec_value(d, pl, &cols[0]);
    return r;
}

sl_error *sl_serde_json_decode(const sl_serde *s, const uint8_t *p, size_t n, sl_arena *ar,
                               sl_value *cols, bool *is_null)
{
    sl_jscan d;
    d.begin = p;
    d.end = p + n;
    d.p = p;
    d.ar = ar;
    d.depth = 0;
    d.max_depth = s->max_depth < SL_JS_MAX_LEVELS ? s->max_depth : SL_JS_MAX_LEVELS;
    sl_jscan_path_reset(&d);
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) d.p += 3; /* a UTF-8 byte order mark */
    sl_jscan_ws(&d);
    const uint8_t *start = d.p;
    int r = decode_top(s, &d, cols, is_null);
    if (r == SL_JS_CONV && start < d.end) r = check_rest(&d, start);
    if (r) return report(s, &d, r);
    sl_jscan_ws(&d);
    if (d.p < d.end)
        return report(s, &d,
                      sl_jscan_fail(&d, "Unexpected character after the JSON value: trailing "
                                        "content is not allowed"));
    return NULL;
}
