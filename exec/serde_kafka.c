/*
 * serde_kafka.c - the KAFKA format: one column written with Kafka's standard
 * Java serializers, and nothing else around it.
 *
 *   INT     4 bytes, big-endian two's complement     (IntegerSerializer)
 *   BIGINT  8 bytes, big-endian two's complement     (LongSerializer)
 *   DOUBLE  8 bytes, big-endian IEEE 754 bits        (DoubleSerializer)
 *   STRING  the UTF-8 bytes; invalid sequences read as U+FFFD (StringDeserializer)
 *   BYTES   the bytes as they are
 *
 * A NULL column is a record with no bytes (null key or tombstone). With no
 * columns at all (a keyless stream's key) the bytes are ignored, as ksqlDB's
 * void serde does; format NONE behaves the same and is handled in serde.c.
 */
#include "exec/serde_int.h"

#include <string.h>

sl_error *sl_serde_kafka_check(const sl_serde *s)
{
    if (s->ncols > 1) {
        sl_buf b = SL_BUF_INIT;
        sl_serde_print_columns(&b, s->cols, s->ncols, s->is_key);
        sl_error *err =
            sl_error_new(SL_E_STATEMENT, "The 'KAFKA' format only supports a single field. Got: %s",
                         sl_buf_cstr(&b));
        sl_buf_free(&b);
        return err;
    }
    if (s->ncols == 0) return NULL;
    switch (s->cols[0].type->kind) {
    case SL_K_INT:
    case SL_K_BIGINT:
    case SL_K_DOUBLE:
    case SL_K_STRING:
    case SL_K_BYTES:
        return NULL;
    default:
        return sl_serde_type_unsupported(s, s->cols[0].type, NULL);
    }
}

static uint64_t get_be(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

static void put_be(sl_buf *out, uint64_t v, size_t n)
{
    uint8_t b[8];
    for (size_t i = n; i-- > 0; v >>= 8)
        b[i] = (uint8_t)v;
    sl_buf_append(out, b, n);
}

sl_error *sl_serde_kafka_decode(const sl_serde *s, const uint8_t *p, size_t n, sl_arena *ar,
                                sl_value *cols)
{
    sl_value *v = &cols[0];
    *v = sl_value_null();
    switch (s->cols[0].type->kind) {
    case SL_K_INT:
        if (n != 4)
            return sl_serde_fail(s, "Size of data received by IntegerDeserializer is not 4");
        if (s->needed[0]) *v = sl_value_int((int32_t)(uint32_t)get_be(p, 4));
        return NULL;
    case SL_K_BIGINT:
        if (n != 8) return sl_serde_fail(s, "Size of data received by LongDeserializer is not 8");
        if (s->needed[0]) *v = sl_value_int((int64_t)get_be(p, 8));
        return NULL;
    case SL_K_DOUBLE: {
        if (n != 8) return sl_serde_fail(s, "Size of data received by DoubleDeserializer is not 8");
        uint64_t bits = get_be(p, 8);
        double d;
        memcpy(&d, &bits, sizeof d);
        if (s->needed[0]) *v = sl_value_double(d);
        return NULL;
    }
    case SL_K_STRING:
        if (s->needed[0]) {
            uint32_t len;
            const char *str = sl_serde_utf8_copy(ar, (const char *)p, n, &len);
            *v = sl_value_str(str, len);
        }
        return NULL;
    case SL_K_BYTES:
        if (s->needed[0]) *v = sl_value_str(sl_arena_memdup(ar, p, n), (uint32_t)n);
        return NULL;
    default:
        return sl_error_new(SL_E_INTERNAL, "KAFKA serde compiled for an unsupported type");
    }
}

void sl_serde_kafka_encode(const sl_serde *s, const sl_value *cols, sl_buf *out, bool *is_null)
{
    if (s->ncols == 0 || cols[0].null) {
        *is_null = true;
        return;
    }
    sl_value v = cols[0];
    switch (s->cols[0].type->kind) {
    case SL_K_INT:
        put_be(out, (uint32_t)(int32_t)v.u.i, 4);
        break;
    case SL_K_BIGINT:
        put_be(out, (uint64_t)v.u.i, 8);
        break;
    case SL_K_DOUBLE: {
        uint64_t bits;
        memcpy(&bits, &v.u.d, sizeof bits);
        put_be(out, bits, 8);
        break;
    }
    default: /* STRING, BYTES */
        sl_buf_append(out, v.u.s, v.len);
        break;
    }
}
