/*
 * fn_json.c - the JSON functions over STRING values holding JSON text:
 * EXTRACTJSONFIELD IS_JSON_STRING JSON_ARRAY_LENGTH JSON_ARRAY_CONTAINS
 * JSON_CONCAT JSON_KEYS JSON_RECORDS JSON_ITEMS, and TO_JSON_STRING, which
 * renders any value as JSON.
 *
 * Model: each call parses its text into a tree in the batch arena
 * (fn_jsondoc.h) and answers from it; values handed back as JSON are written
 * compactly as ksqlDB's Jackson mapper writes them. Text that is not JSON is a
 * per-record error ("Invalid JSON format"), except where ksqlDB answers
 * false (IS_JSON_STRING, JSON_ARRAY_CONTAINS). These functions are for the odd
 * JSON-in-a-column; whole records are decoded by the serde layer.
 *
 * EXTRACTJSONFIELD reads ksqlDB's JSONPath subset: $ followed by .name,
 * ['name'] / ["name"] or [index] steps; no wildcards. A constant path is
 * tokenized once per call site.
 */
#include "common/mem.h"
#include "exec/fn_int.h"
#include "exec/fn_jsondoc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FN(name) static sl_error *name(sl_fnctx *cx, const sl_value *a, int n, sl_value *out)

/* Parses a[i] as JSON; a syntax error is the per-record error ksqlDB reports. */
static sl_error *parse(sl_fnctx *cx, const sl_value *v, sl_fnjson *doc)
{
    if (!sl_fnjson_parse(cx->ar, v->u.s, v->len, doc))
        return fn_err("Invalid JSON format:%.*s", (int)(v->len > 200 ? 200 : v->len), v->u.s);
    return NULL;
}

/* The call site's scratch buffer for building JSON text. */
typedef struct json_state {
    sl_buf buf;
    struct jpath *path; /* EXTRACTJSONFIELD's constant path, tokenized */
} json_state;

static sl_error *json_init(const sl_fn_call *call, void **state)
{
    (void)call;
    *state = sl_calloc(1, sizeof(json_state));
    return NULL;
}

static void json_fini(void *state)
{
    json_state *st = state;
    if (!st) return;
    sl_buf_free(&st->buf);
    free(st->path);
    free(st);
}

/* v as compact JSON text in cx->ar. */
static sl_value json_text(sl_fnctx *cx, const sl_fnjson *v)
{
    sl_buf *b = &((json_state *)cx->state)->buf;
    sl_buf_reset(b);
    sl_fnjson_write(cx->ar, b, v);
    return fn_str_dup(cx, sl_buf_cstr(b), b->len);
}

/* --- EXTRACTJSONFIELD ---------------------------------------------------------------------- */

typedef struct jstep {
    const char *name; /* into the path text */
    size_t len;
} jstep;

typedef struct jpath {
    char *text; /* a private copy the steps point into */
    size_t len;
    size_t nsteps;
    jstep steps[];
} jpath;

/* Tokenizes a JSONPath; NULL when malformed. The result is one malloc'd block. */
static jpath *path_parse(const char *p, size_t n)
{
    jpath *jp = sl_malloc(sizeof *jp + sizeof(jstep) * (n + 1) + n + 1);
    jp->text = (char *)&jp->steps[n + 1];
    memcpy(jp->text, p, n);
    jp->text[n] = 0;
    jp->len = n;
    jp->nsteps = 0;
    const char *s = jp->text, *e = s + n;
#define WS()                                                                                       \
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))                         \
    s++
    WS();
    if (s == e || *s++ != '$') goto bad;
    for (;;) {
        WS();
        if (s == e) return jp;
        jstep *st = &jp->steps[jp->nsteps++];
        if (*s == '.' || *s == '[') {
            bool bracket = *s++ == '[';
            WS();
            if (bracket && s < e && (*s == '"' || *s == '\'')) {
                char q = *s++;
                st->name = s;
                while (s < e && *s != q)
                    s++;
                if (s == e) goto bad;
                st->len = (size_t)(s++ - st->name);
            } else {
                st->name = s;
                while (s < e && !strchr(" \t\n\r.[]\"'", *s))
                    s++;
                st->len = (size_t)(s - st->name);
                if (st->len == 0) goto bad;
            }
            if (bracket) {
                WS();
                if (s == e || *s++ != ']') goto bad;
            }
        } else {
            goto bad;
        }
    }
#undef WS
bad:
    free(jp);
    return NULL;
}

static sl_error *extract_init(const sl_fn_call *call, void **state)
{
    json_state *st = sl_calloc(1, sizeof *st);
    if (fn_is_const(call, 1) && !call->const_args[1].null)
        st->path = path_parse(call->const_args[1].u.s, call->const_args[1].len);
    *state = st;
    return NULL;
}

/* An array index as ksqlDB reads one (Integer.parseInt); false when it is not. */
static bool parse_index(const jstep *st, int64_t *out)
{
    size_t i = st->name[0] == '-' || st->name[0] == '+';
    if (i == st->len || st->len > 11) return false;
    int64_t v = 0;
    for (; i < st->len; i++) {
        if (st->name[i] < '0' || st->name[i] > '9') return false;
        v = v * 10 + (st->name[i] - '0');
    }
    *out = st->name[0] == '-' ? -v : v;
    return *out >= INT32_MIN && *out <= INT32_MAX;
}

FN(extractjsonfield)
{
    (void)n;
    json_state *state = cx->state;
    const sl_value *pv = &a[1];
    jpath *path = state->path;
    if (!path || path->len != pv->len || memcmp(path->text, pv->u.s, pv->len) != 0) {
        /* a path that differs from the last one replaces it (paths rarely vary) */
        path = path_parse(pv->u.s, pv->len);
        if (!path) return fn_err("Invalid JSON path: '%.*s'", (int)pv->len, pv->u.s);
        free(state->path);
        state->path = path;
    }
    sl_fnjson doc;
    sl_error *err = parse(cx, &a[0], &doc);
    const sl_fnjson *cur = err ? NULL : &doc;
    for (size_t i = 0; cur && i < path->nsteps; i++) {
        const jstep *st = &path->steps[i];
        int64_t idx;
        if (cur->kind == SL_FNJSON_ARRAY)
            cur = parse_index(st, &idx) && idx >= 0 && idx < cur->n ? &cur->items[idx] : NULL;
        else
            cur = sl_fnjson_get(cx->ar, cur, st->name, st->len);
    }
    if (err) return err;
    if (!cur || cur->kind == SL_FNJSON_MISSING) {
        *out = sl_value_null();
    } else if (cur->kind == SL_FNJSON_STRING) {
        size_t len;
        const char *s = sl_fnjson_str(cx->ar, cur, &len);
        *out = fn_str_dup(cx, s, len);
    } else {
        *out = json_text(cx, cur);
    }
    return NULL;
}

/* --- IS_JSON_STRING JSON_ARRAY_LENGTH JSON_KEYS JSON_RECORDS JSON_ITEMS ------------------ */

FN(is_json_string)
{
    (void)n;
    sl_fnjson doc;
    bool ok = !a[0].null && sl_fnjson_parse(cx->ar, a[0].u.s, a[0].len, &doc) &&
              doc.kind != SL_FNJSON_MISSING;
    *out = sl_value_bool(ok);
    return NULL;
}

FN(json_array_length)
{
    (void)n;
    sl_fnjson doc;
    sl_error *err = parse(cx, &a[0], &doc);
    if (err) return err;
    *out = doc.kind == SL_FNJSON_ARRAY ? sl_value_int(doc.n) : sl_value_null();
    return NULL;
}

FN(json_keys)
{
    (void)n;
    sl_fnjson doc;
    sl_error *err = parse(cx, &a[0], &doc);
    if (err) return err;
    *out = sl_value_null();
    if (doc.kind != SL_FNJSON_OBJECT) return NULL;
    sl_array *r = sl_array_new(cx->ar, doc.n);
    r->n = 0;
    for (uint32_t i = 0; i < doc.n; i++) {
        if (!sl_fnjson_first_of_key(cx->ar, &doc, i)) continue;
        size_t len;
        const char *k = sl_fnjson_str(cx->ar, &doc.keys[i], &len);
        r->v[r->n++] = fn_str_dup(cx, k, len);
    }
    *out = sl_value_array(r);
    return NULL;
}

FN(json_records)
{
    (void)n;
    sl_fnjson doc;
    sl_error *err = parse(cx, &a[0], &doc);
    if (err) return err;
    *out = sl_value_null();
    if (doc.kind != SL_FNJSON_OBJECT) return NULL;
    sl_map *m = sl_map_new(cx->ar, doc.n);
    m->n = 0;
    for (uint32_t i = 0; i < doc.n; i++) {
        if (!sl_fnjson_first_of_key(cx->ar, &doc, i)) continue;
        size_t len;
        const char *k = sl_fnjson_str(cx->ar, &doc.keys[i], &len);
        m->k[m->n] = fn_str_dup(cx, k, len);
        m->v[m->n++] = json_text(cx, sl_fnjson_get(cx->ar, &doc, k, len));
    }
    *out = sl_value_map(m);
    return NULL;
}

FN(json_items)
{
    (void)n;
    sl_fnjson doc;
    sl_error *err = parse(cx, &a[0], &doc);
    if (err) return err;
    *out = sl_value_null();
    if (doc.kind != SL_FNJSON_ARRAY) return NULL;
    sl_array *r = sl_array_new(cx->ar, doc.n);
    for (uint32_t i = 0; i < doc.n; i++)
        r->v[i] = json_text(cx, &doc.items[i]);
    *out = sl_value_array(r);
    return NULL;
}

/* --- JSON_ARRAY_CONTAINS ------------------------------------------------------------------ */

/* Whether element e of a JSON array equals v (of kind k), as ksqlDB matches
 * token types: integers only INT/BIGINT, floats only DOUBLE, null only NULL. */
static bool element_matches(sl_fnctx *cx, const sl_fnjson *e, const sl_value *v, sl_kind k)
{
    switch (e->kind) {
    case SL_FNJSON_NULL:
        return v->null;
    case SL_FNJSON_TRUE:
    case SL_FNJSON_FALSE:
        return !v->null && k == SL_K_BOOLEAN && (v->u.i != 0) == (e->kind == SL_FNJSON_TRUE);
    case SL_FNJSON_STRING: {
        if (v->null || k != SL_K_STRING) return false;
        size_t len;
        const char *s = sl_fnjson_str(cx->ar, e, &len);
        return len == v->len && memcmp(s, v->u.s, len) == 0;
    }
    case SL_FNJSON_NUMBER: {
        if (v->null) return false;
        bool is_float =
            memchr(e->text, '.', e->n) || memchr(e->text, 'e', e->n) || memchr(e->text, 'E', e->n);
        char buf[64];
        size_t len = e->n < sizeof buf - 1 ? e->n : sizeof buf - 1;
        memcpy(buf, e->text, len);
        buf[len] = 0;
        if (is_float) return k == SL_K_DOUBLE && strtod(buf, NULL) == v->u.d;
        if (k != SL_K_INT && k != SL_K_BIGINT) return false;
        char *end;
        long long x = strtoll(buf, &end, 10);
        return *end == 0 && e->n < sizeof buf - 1 && x == v->u.i;
    }
    default:
        return false; /* nested arrays and objects never match */
    }
}

FN(json_array_contains)
{
    (void)n;
    sl_fnjson doc;
    *out = sl_value_bool(false);
    if (a[0].null || !sl_fnjson_parse(cx->ar, a[0].u.s, a[0].len, &doc) ||
        doc.kind != SL_FNJSON_ARRAY)
        return NULL;
    sl_kind k = fn_argtype(cx, 1)->kind;
    for (uint32_t i = 0; i < doc.n; i++)
        if (element_matches(cx, &doc.items[i], &a[1], k)) {
            *out = sl_value_bool(true);
            break;
        }
    return NULL;
}

/* --- JSON_CONCAT -------------------------------------------------------------------------- */

/* Postgres' ||: objects merge (later keys win); otherwise arrays concatenate,
 * a non-array value counting as a one-element array. NULL or empty input: NULL. */
FN(json_concat)
{
    sl_fnjson *docs = sl_arena_alloc(cx->ar, sizeof *docs * (size_t)(n ? n : 1));
    bool objects = true;
    *out = sl_value_null();
    for (int i = 0; i < n; i++) {
        if (a[i].null) return NULL;
        sl_error *err = parse(cx, &a[i], &docs[i]);
        if (err) return err;
        if (docs[i].kind == SL_FNJSON_MISSING) return NULL;
        objects &= docs[i].kind == SL_FNJSON_OBJECT;
    }
    if (n == 0) return NULL;
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += docs[i].kind == SL_FNJSON_ARRAY || objects ? docs[i].n : 1;
    sl_fnjson merged = {.kind = objects ? SL_FNJSON_OBJECT : SL_FNJSON_ARRAY};
    merged.items = sl_arena_alloc(cx->ar, sizeof(sl_fnjson) * (total ? total : 1));
    if (objects) merged.keys = sl_arena_alloc(cx->ar, sizeof(sl_fnjson) * (total ? total : 1));
    for (int i = 0; i < n; i++) {
        const sl_fnjson *d = &docs[i];
        if (!objects && d->kind != SL_FNJSON_ARRAY) {
            merged.items[merged.n++] = *d;
            continue;
        }
        for (uint32_t j = 0; j < d->n; j++) {
            if (objects) merged.keys[merged.n] = d->keys[j];
            merged.items[merged.n++] = d->items[j];
        }
    }
    *out = json_text(cx, &merged);
    return NULL;
}

/* --- TO_JSON_STRING ----------------------------------------------------------------------- */

static void write_value(sl_fnctx *cx, sl_buf *b, const sl_type *t, sl_value v);

/* The text of a map key as Java's toString gives it, in cx->ar. */
static sl_value key_text(sl_fnctx *cx, const sl_type *t, sl_value k)
{
    if (t->kind == SL_K_STRING) return k;
    sl_buf tmp = SL_BUF_INIT;
    sl_fn_print_value(&tmp, t, k);
    sl_value s = fn_str_dup(cx, sl_buf_cstr(&tmp), tmp.len);
    sl_buf_free(&tmp);
    return s;
}

typedef struct member {
    sl_value name;
    const sl_type *t;
    sl_value v;
} member;

static int member_cmp(const void *x, const void *y)
{
    const member *a = x, *b = y;
    return sl_fn_utf16_cmp(a->name.u.s, a->name.len, b->name.u.s, b->name.len);
}

/* An object with members sorted by name (ksqlDB puts them in a TreeMap); for
 * equal names the last one wins. */
static void write_members(sl_fnctx *cx, sl_buf *b, member *m, uint32_t n)
{
    /* stable: sort indexes by name, ties by position */
    for (uint32_t i = 1; i < n; i++) {
        member x = m[i];
        uint32_t j = i;
        while (j > 0 && member_cmp(&m[j - 1], &x) > 0) {
            m[j] = m[j - 1];
            j--;
        }
        m[j] = x;
    }
    sl_buf_putc(b, '{');
    bool first = true;
    for (uint32_t i = 0; i < n; i++) {
        if (i + 1 < n && member_cmp(&m[i], &m[i + 1]) == 0) continue;
        if (!first) sl_buf_putc(b, ',');
        first = false;
        sl_fnjson_write_str(b, m[i].name.u.s, m[i].name.len);
        sl_buf_putc(b, ':');
        write_value(cx, b, m[i].t, m[i].v);
    }
    sl_buf_putc(b, '}');
}

/* DATE/TIME/TIMESTAMP as ksqlDB's TO_JSON_STRING renders them. */
static void write_temporal(sl_buf *b, const sl_type *t, int64_t v)
{
    int64_t days =
        t->kind == SL_K_DATE ? v : (v >= 0 ? v / 86400000 : -((-v + 86399999) / 86400000));
    int64_t ms = t->kind == SL_K_TIME ? v : v - days * 86400000;
    int64_t y;
    int mo, d;
    sl_fn_civil_from_days(days, &y, &mo, &d);
    sl_buf_putc(b, '"');
    if (t->kind != SL_K_TIME) {
        if (y > 9999) sl_buf_putc(b, '+');
        sl_buf_printf(b, y < 0 ? "-%04lld-%02d-%02d" : "%04lld-%02d-%02d",
                      (long long)(y < 0 ? -y : y), mo, d);
    }
    if (t->kind == SL_K_TIMESTAMP) {
        sl_buf_printf(b, "T%02d:%02d:%02d.%03d", (int)(ms / 3600000), (int)(ms / 60000 % 60),
                      (int)(ms / 1000 % 60), (int)(ms % 1000));
    } else if (t->kind == SL_K_TIME) { /* LocalTime.ofSecondOfDay(ms / 1000).toString() */
        int s = (int)(ms / 1000 % 60);
        sl_buf_printf(b, "%02d:%02d", (int)(ms / 3600000), (int)(ms / 60000 % 60));
        if (s) sl_buf_printf(b, ":%02d", s);
    }
    sl_buf_putc(b, '"');
}

static void write_value(sl_fnctx *cx, sl_buf *b, const sl_type *t, sl_value v)
{
    if (v.null) {
        sl_buf_puts(b, "null");
        return;
    }
    switch (t->kind) {
    case SL_K_STRING:
        sl_fnjson_write_str(b, v.u.s, v.len);
        break;
    case SL_K_BYTES: { /* BASE64 as ksqlDB's BytesUtils encodes it (MIME, CRLF lines) */
        sl_value text = sl_fn_base64_mime(cx, (const uint8_t *)v.u.s, v.len);
        sl_fnjson_write_str(b, text.u.s, text.len);
        break;
    }
    case SL_K_DOUBLE:
        if (!isfinite(v.u.d)) sl_buf_putc(b, '"');
        sl_value_print(b, t, v);
        if (!isfinite(v.u.d)) sl_buf_putc(b, '"');
        break;
    case SL_K_DATE:
    case SL_K_TIME:
    case SL_K_TIMESTAMP:
        write_temporal(b, t, v.u.i);
        break;
    case SL_K_ARRAY:
        sl_buf_putc(b, '[');
        for (uint32_t i = 0; i < v.u.arr->n; i++) {
            if (i) sl_buf_putc(b, ',');
            write_value(cx, b, t->elem, v.u.arr->v[i]);
        }
        sl_buf_putc(b, ']');
        break;
    case SL_K_MAP: {
        member *m = sl_arena_alloc(cx->ar, sizeof *m * (v.u.map->n ? v.u.map->n : 1));
        for (uint32_t i = 0; i < v.u.map->n; i++)
            m[i] = (member){key_text(cx, t->key, v.u.map->k[i]), t->elem, v.u.map->v[i]};
        write_members(cx, b, m, v.u.map->n);
        break;
    }
    case SL_K_STRUCT: {
        member *m = sl_arena_alloc(cx->ar, sizeof *m * (t->nfields ? t->nfields : 1));
        for (uint32_t i = 0; i < t->nfields; i++) {
            const char *name = t->fields[i].name;
            m[i] = (member){sl_value_str(name, (uint32_t)strlen(name)), t->fields[i].type,
                            v.u.st->f[i]};
        }
        write_members(cx, b, m, t->nfields);
        break;
    }
    default:
        sl_fn_print_value(b, t, v);
        break; /* BOOLEAN, INT, BIGINT, DECIMAL (plain) */
    }
}

FN(to_json_string)
{
    (void)n;
    sl_buf *b = &((json_state *)cx->state)->buf;
    sl_buf_reset(b);
    write_value(cx, b, fn_argtype(cx, 0), a[0]);
    if (b->len > FN_MAX_RESULT) return fn_err_too_big("TO_JSON_STRING");
    *out = fn_str_dup(cx, sl_buf_cstr(b), b->len);
    return NULL;
}

/* --- the table ------------------------------------------------------------------------------ */

#define STATEFUL .init = json_init, .fini = json_fini

static const sl_fn_sig extract_sigs[] = {
    {.params = "STRING, STRING",
     .ret = "STRING",
     .impl = extractjsonfield,
     .init = extract_init,
     .fini = json_fini,
     .doc = "Returns the value at the JSONPath in the JSON text: strings as their text, other "
            "values as JSON; NULL when the path does not exist."},
};
static const sl_fn_sig is_json_sigs[] = {
    {.params = "STRING",
     .ret = "BOOLEAN",
     .impl = is_json_string,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns true if the string can be parsed as a JSON value."},
};
static const sl_fn_sig length_sigs[] = {
    {.params = "STRING",
     .ret = "INT",
     .impl = json_array_length,
     .doc = "Returns the length of the top-level JSON array, or NULL when it is not an array."},
};
static const sl_fn_sig contains_sigs[] = {
    {.params = "STRING, ANY",
     .ret = "BOOLEAN",
     .impl = json_array_contains,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns true if the JSON array holds the value (BOOLEAN, INT, BIGINT, DOUBLE or "
            "STRING); false when the text is not a JSON array."},
};
static const sl_fn_sig concat_sigs[] = {
    {.params = "STRING, ...STRING",
     .ret = "STRING",
     .impl = json_concat,
     STATEFUL,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Concatenates JSON values as PostgreSQL's || does; NULL if any is NULL."},
};
static const sl_fn_sig keys_sigs[] = {
    {.params = "STRING",
     .ret = "ARRAY<STRING>",
     .impl = json_keys,
     .doc = "Returns the top-level keys of the JSON object, or NULL when it is not an object."},
};
static const sl_fn_sig records_sigs[] = {
    {.params = "STRING",
     .ret = "MAP<STRING, STRING>",
     .impl = json_records,
     STATEFUL,
     .doc = "Returns the top-level keys of the JSON object mapped to their values as JSON "
            "text, or NULL when it is not an object."},
};
static const sl_fn_sig items_sigs[] = {
    {.params = "STRING",
     .ret = "ARRAY<STRING>",
     .impl = json_items,
     STATEFUL,
     .doc = "Returns the elements of the JSON array as JSON text, or NULL when it is not an "
            "array."},
};
static const sl_fn_sig to_json_sigs[] = {
    {.params = "ANY",
     .ret = "STRING",
     .impl = to_json_string,
     STATEFUL,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns the value as JSON text; NULL gives 'null'."},
};

const sl_fn_def sl_fn_defs_json[] = {
    {"EXTRACTJSONFIELD", SL_FN_SCALAR, FN_CAT_JSON,
     "Given a STRING that contains JSON data, extract the value at the specified JSONPath or "
     "NULL if the specified path does not exist.",
     FN_NSIGS(extract_sigs)},
    {"IS_JSON_STRING", SL_FN_SCALAR, FN_CAT_JSON,
     "Given a string, returns true if it can be parsed as a valid JSON value, false otherwise.",
     FN_NSIGS(is_json_sigs)},
    {"JSON_ARRAY_CONTAINS", SL_FN_SCALAR, FN_CAT_JSON,
     "Parses a JSON array and determines whether or not the supplied value is contained within "
     "the array.",
     FN_NSIGS(contains_sigs)},
    {"JSON_ARRAY_LENGTH", SL_FN_SCALAR, FN_CAT_JSON,
     "Given a string, parses it as a JSON value and returns the length of the top-level array.",
     FN_NSIGS(length_sigs)},
    {"JSON_CONCAT", SL_FN_SCALAR, FN_CAT_JSON,
     "Given N strings, parse them as JSON values and return a string representing their "
     "concatenation, with the rules of PostgreSQL's || operator.",
     FN_NSIGS(concat_sigs)},
    {"JSON_ITEMS", SL_FN_SCALAR, FN_CAT_JSON,
     "Given a string with JSON array, converts it to an array of JSON strings.",
     FN_NSIGS(items_sigs)},
    {"JSON_KEYS", SL_FN_SCALAR, FN_CAT_JSON,
     "Given a string with JSON object, returns an array of its top-level keys.",
     FN_NSIGS(keys_sigs)},
    {"JSON_RECORDS", SL_FN_SCALAR, FN_CAT_JSON,
     "Given a string with JSON object, returns a map of its top-level keys to their values as "
     "JSON strings.",
     FN_NSIGS(records_sigs)},
    {"TO_JSON_STRING", SL_FN_SCALAR, FN_CAT_JSON,
     "Given any ksqlDB type returns the equivalent JSON string.", FN_NSIGS(to_json_sigs)},
};
const uint32_t sl_fn_ndefs_json = FN_NDEFS(sl_fn_defs_json);
