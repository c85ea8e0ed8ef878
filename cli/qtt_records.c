/*
 * qtt_records.c - the records of a test, as ksqlDB's test files write them
 * (JSON values), to and from the bytes on a topic, using the formats of the
 * stream or table over that topic:
 *
 *   JSON       the JSON text         DELIMITED  the string as written
 *   KAFKA      the column's binary form (INT 4 bytes, BIGINT/DOUBLE 8, STRING)
 *   NONE       no bytes
 *
 * Windowed keys carry the window bounds after the key (Kafka Streams' layout).
 */
#include "cli/qtt.h"
#include "common/mem.h"
#include "exec/value.h"
#include "planner/catalog.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* JSON text with doubles in Java's shortest form (jansson prints 17 digits). */
static void write_json(sl_buf *b, json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *k;
        json_t *x;
        bool first = true;
        sl_buf_putc(b, '{');
        json_object_foreach(v, k, x)
        {
            if (!first) sl_buf_putc(b, ',');
            first = false;
            sl_buf_json_str(b, k, strlen(k));
            sl_buf_putc(b, ':');
            write_json(b, x);
        }
        sl_buf_putc(b, '}');
        return;
    }
    case JSON_ARRAY:
        sl_buf_putc(b, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i) sl_buf_putc(b, ',');
            write_json(b, json_array_get(v, i));
        }
        sl_buf_putc(b, ']');
        return;
    case JSON_STRING: sl_buf_json_str(b, json_string_value(v), json_string_length(v)); return;
    case JSON_INTEGER: sl_buf_printf(b, "%lld", (long long)json_integer_value(v)); return;
    case JSON_REAL: sl_value_print(b, &sl_type_double, sl_value_double(json_real_value(v))); return;
    case JSON_TRUE: sl_buf_puts(b, "true"); return;
    case JSON_FALSE: sl_buf_puts(b, "false"); return;
    default: sl_buf_puts(b, "null"); return;
    }
}

static void put_be(sl_buf *b, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--) sl_buf_putc(b, (char)(v >> (8 * i)));
}

/* One column's KAFKA-format bytes. */
static void encode_kafka(sl_buf *b, const sl_type *t, json_t *v)
{
    switch (t->kind) {
    case SL_K_INT: put_be(b, (uint32_t)json_integer_value(v), 4); return;
    case SL_K_BIGINT: put_be(b, (uint64_t)json_integer_value(v), 8); return;
    case SL_K_DOUBLE: {
        double d = json_number_value(v);
        uint64_t bits;
        memcpy(&bits, &d, 8);
        put_be(b, bits, 8);
        return;
    }
    default:
        if (json_is_string(v)) sl_buf_append(b, json_string_value(v), json_string_length(v));
        else write_json(b, v);
    }
}

static void encode_text(sl_buf *b, json_t *v)
{
    if (json_is_string(v)) sl_buf_append(b, json_string_value(v), json_string_length(v));
    else write_json(b, v);
}

static const sl_type *single_type(const sl_source *src, bool key)
{
    for (uint32_t i = 0; i < src->ncols; i++)
        if ((src->cols[i].role == SL_COLROLE_KEY) == key &&
            (key || src->cols[i].role == SL_COLROLE_VALUE))
            return src->cols[i].type;
    return &sl_type_string;
}

static void encode_side(const sl_source *src, bool key, json_t *v, sl_buf *b, bool *is_null)
{
    *is_null = !v || json_is_null(v);
    if (*is_null) return;
    sl_serde_format f = src ? (key ? src->key.format : src->value.format) : SL_SERDE_JSON;
    switch (f) {
    case SL_SERDE_NONE: *is_null = true; return;
    case SL_SERDE_KAFKA: encode_kafka(b, single_type(src, key), v); return;
    case SL_SERDE_DELIMITED: encode_text(b, v); return;
    default: write_json(b, v); return;
    }
}

static void append_window(json_t *rec, sl_buf *key)
{
    json_t *w = json_object_get(rec, "window");
    if (!w) return;
    int64_t start = json_integer_value(json_object_get(w, "start"));
    int64_t end = json_integer_value(json_object_get(w, "end"));
    const char *type = json_string_value(json_object_get(w, "type"));
    if (type && strcasecmp(type, "session") == 0) put_be(key, (uint64_t)end, 8);
    put_be(key, (uint64_t)start, 8);
}

sl_error *qtt_encode_input(sl_engine *eng, const char *topic, json_t *rec, sl_buf *key,
                           bool *key_null, sl_buf *val, bool *val_null)
{
    const sl_source *src = sl_engine_source_by_topic(eng, topic);
    encode_side(src, true, json_object_get(rec, "key"), key, key_null);
    if (json_object_get(rec, "window")) {
        append_window(rec, key);
        *key_null = false;
    }
    encode_side(src, false, json_object_get(rec, "value"), val, val_null);
    return NULL;
}

static uint64_t get_be(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v = v << 8 | p[i];
    return v;
}

static json_t *decode_kafka(const sl_type *t, const uint8_t *p, uint32_t n)
{
    if (t->kind == SL_K_INT && n == 4) return json_integer((int32_t)get_be(p, 4));
    if (t->kind == SL_K_BIGINT && n == 8) return json_integer((int64_t)get_be(p, 8));
    if (t->kind == SL_K_DOUBLE && n == 8) {
        uint64_t bits = get_be(p, 8);
        double d;
        memcpy(&d, &bits, 8);
        return json_real(d);
    }
    return json_stringn((const char *)p, n);
}

static json_t *decode_side(const sl_source *src, bool key, const uint8_t *p, uint32_t n)
{
    if (!p) return json_null();
    sl_serde_format f = src ? (key ? src->key.format : src->value.format) : SL_SERDE_JSON;
    switch (f) {
    case SL_SERDE_NONE: return json_null();
    case SL_SERDE_KAFKA: return decode_kafka(single_type(src, key), p, n);
    case SL_SERDE_DELIMITED: return json_stringn((const char *)p, n);
    default: {
        json_t *v = json_loadb((const char *)p, n, JSON_DECODE_ANY, NULL);
        return v ? v : json_stringn((const char *)p, n);
    }
    }
}

json_t *qtt_decode_output(sl_engine *eng, const char *topic, const uint8_t *key, uint32_t klen,
                          const uint8_t *val, uint32_t vlen, json_t **window)
{
    const sl_source *src = sl_engine_source_by_topic(eng, topic);
    *window = NULL;
    if (src && src->windowed && key) {
        bool session = src->window.kind == SL_SERDE_WINDOW_SESSION;
        uint32_t tail = session ? 16 : 8;
        if (klen >= tail) {
            int64_t start = (int64_t)get_be(key + klen - 8, 8);
            int64_t end = session ? (int64_t)get_be(key + klen - 16, 8) : start + src->window.size_ms;
            *window = json_pack("{s:I,s:I,s:s}", "start", (json_int_t)start, "end", (json_int_t)end,
                                "type", session ? "session" : "time");
            klen -= tail;
        }
    }
    json_t *rec = json_object();
    json_object_set_new(rec, "key", decode_side(src, true, key, klen));
    json_object_set_new(rec, "value", decode_side(src, false, val, vlen));
    return rec;
}

static bool numbers_equal(double a, double b)
{
    if (a == b) return true;
    double diff = fabs(a - b), scale = fmax(fabs(a), fabs(b));
    return diff <= 1e-6 * (scale > 1 ? scale : 1);
}

bool qtt_json_equal(json_t *e, json_t *a)
{
    if (!e || json_is_null(e)) return !a || json_is_null(a);
    if (!a) return false;
    if (json_is_number(e) && json_is_number(a)) {
        if (json_is_integer(e) && json_is_integer(a))
            return json_integer_value(e) == json_integer_value(a);
        return numbers_equal(json_number_value(e), json_number_value(a));
    }
    if (json_is_number(e) && json_is_string(a)) return false;
    if (json_is_string(e) && json_is_number(a)) { /* ksqlDB's tests write decimals as "3.40" */
        char *end;
        double d = strtod(json_string_value(e), &end);
        return *json_string_value(e) && !*end && numbers_equal(d, json_number_value(a));
    }
    if (json_typeof(e) != json_typeof(a)) return false;
    switch (json_typeof(e)) {
    case JSON_STRING: return strcmp(json_string_value(e), json_string_value(a)) == 0;
    case JSON_ARRAY:
        if (json_array_size(e) != json_array_size(a)) return false;
        for (size_t i = 0; i < json_array_size(e); i++)
            if (!qtt_json_equal(json_array_get(e, i), json_array_get(a, i))) return false;
        return true;
    case JSON_OBJECT: {
        /* ksqlDB's tests name JSON fields in any case: match exactly, else ignoring case */
        if (json_object_size(e) != json_object_size(a)) return false;
        const char *k, *ak;
        json_t *x, *y;
        json_object_foreach(e, k, x)
        {
            json_t *match = json_object_get(a, k);
            if (!match)
                json_object_foreach(a, ak, y) if (strcasecmp(ak, k) == 0) match = y;
            if (!match && !json_is_null(x)) return false;
            if (!qtt_json_equal(x, match)) return false;
        }
        return true;
    }
    default: return json_equal(e, a);
    }
}
