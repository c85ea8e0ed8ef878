/*
 * serde_key.c - what is particular to record keys: the rule that no key column
 * may hold a MAP (its serialization is not canonical, so equal keys could land
 * on different partitions), and windowed keys in Kafka Streams' layout:
 *
 *   time window     [ key bytes ........ | start (8, BE) ]           end = start + size
 *   session window  [ key bytes ........ | end (8, BE) | start (8, BE) ]
 *
 * The key bytes are the key columns encoded by the key's own format.
 */
#include "exec/serde_int.h"

#include <stdint.h>
#include <string.h>

static bool contains_map(const sl_type *t)
{
    switch (t->kind) {
    case SL_K_MAP:
        return true;
    case SL_K_ARRAY:
        return contains_map(t->elem);
    case SL_K_STRUCT:
        for (uint32_t i = 0; i < t->nfields; i++)
            if (contains_map(t->fields[i].type)) return true;
        return false;
    default:
        return false;
    }
}

sl_error *sl_serde_key_check(const sl_serde *s)
{
    for (uint32_t i = 0; i < s->ncols; i++) {
        if (!contains_map(s->cols[i].type)) continue;
        sl_buf b = SL_BUF_INIT;
        sl_type_print(&b, s->cols[i].type);
        sl_error *err = sl_error_new(
            SL_E_STATEMENT,
            "Map keys, including types that contain maps, are not supported as they may lead "
            "to unexpected behavior due to inconsistent serialization. Key column name: `%s`. "
            "Column type: %s. See https://github.com/confluentinc/ksql/issues/6621 for more.",
            s->cols[i].name, sl_buf_cstr(&b));
        sl_buf_free(&b);
        return err;
    }
    return NULL;
}

static int64_t get_be64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return (int64_t)v;
}

static void put_be64(sl_buf *out, int64_t v)
{
    uint8_t b[8];
    for (int i = 7; i >= 0; i--, v = (int64_t)((uint64_t)v >> 8))
        b[i] = (uint8_t)v;
    sl_buf_append(out, b, 8);
}

sl_error *sl_serde_window_decode(const sl_serde *s, const sl_serde_window *w, const void *data,
                                 size_t len, sl_arena *ar, sl_value *cols, int64_t *wstart,
                                 int64_t *wend)
{
    bool session = w->kind == SL_SERDE_WINDOW_SESSION;
    size_t tail = session ? 16 : 8;
    if (!data) return sl_serde_fail(s, "Windowed key is null");
    if (len < tail)
        return sl_serde_fail(s, "Windowed key of %zu bytes is too short for a %s window", len,
                             session ? "session" : "time");
    const uint8_t *p = data;
    size_t klen = len - tail;
    if (session) {
        *wend = get_be64(p + klen);
        *wstart = get_be64(p + klen + 8);
    } else {
        *wstart = get_be64(p + klen);
        /* Kafka Streams: start + size, or Long.MAX_VALUE when that overflows. */
        if (__builtin_add_overflow(*wstart, w->size_ms, wend)) *wend = INT64_MAX;
    }
    return sl_serde_decode(s, p, klen, ar, cols, NULL);
}

sl_error *sl_serde_window_encode(const sl_serde *s, const sl_serde_window *w, const sl_value *cols,
                                 int64_t wstart, int64_t wend, sl_buf *out)
{
    bool is_null;
    sl_error *err = sl_serde_encode(s, cols, out, &is_null);
    if (err) return err;
    if (w->kind == SL_SERDE_WINDOW_SESSION) put_be64(out, wend);
    put_be64(out, wstart);
    return NULL;
}
