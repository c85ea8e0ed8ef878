/*
 * value.h - runtime values and rows.
 *
 * A value is 16 bytes and carries no type: the schema (types.h) says how to
 * read it. Payloads that do not fit (string bytes, decimals, arrays, maps,
 * structs) live in an arena, normally the batch arena, and are borrowed by the
 * value; anything that must outlive the batch is copied on purpose with
 * sl_value_copy into longer-lived memory (aggregate state, window buffers).
 *
 *   kind        payload
 *   BOOLEAN     i (0 or 1)
 *   INT         i (within int32 range)
 *   BIGINT      i
 *   DOUBLE      d
 *   DECIMAL     dec -> 128-bit integer scaled by 10^scale (16-byte aligned)
 *   STRING      s, len: UTF-8 bytes, not NUL-terminated
 *   BYTES       s, len
 *   TIMESTAMP   i: ms since the epoch (UTC)
 *   DATE        i: days since the epoch
 *   TIME        i: ms since midnight
 *   ARRAY       arr
 *   MAP         map (insertion order kept; keys unique)
 *   STRUCT      st: one value per field of the type, in field order
 *   LAMBDA      p: the evaluator's closure (see expr.h)
 *
 * SQL NULL is null == 1, whatever the kind; the payload is then meaningless.
 */
#ifndef SL_EXEC_VALUE_H
#define SL_EXEC_VALUE_H

#include "common/arena.h"
#include "common/buf.h"
#include "exec/types.h"

#include <stdbool.h>
#include <stdint.h>

typedef __int128 sl_int128;

typedef struct sl_array sl_array;
typedef struct sl_map sl_map;
typedef struct sl_struct sl_struct;

typedef struct sl_value {
    union {
        int64_t i;
        double d;
        const char *s;
        const sl_int128 *dec;
        const sl_array *arr;
        const sl_map *map;
        const sl_struct *st;
        const void *p;
    } u;
    uint32_t len;
    uint8_t null;
} sl_value;

struct sl_array {
    sl_value *v;
    uint32_t n;
};

struct sl_map {
    sl_value *k, *v;
    uint32_t n;
};

struct sl_struct {
    sl_value *f;
    uint32_t n;
};

/* Constructors. Strings and bytes are borrowed, not copied. */
static inline sl_value sl_value_null(void)
{
    sl_value v = {.null = 1};
    return v;
}
static inline sl_value sl_value_bool(bool b)
{
    sl_value v = {.u.i = b ? 1 : 0};
    return v;
}
static inline sl_value sl_value_int(int64_t i)
{
    sl_value v = {.u.i = i};
    return v;
}
static inline sl_value sl_value_double(double d)
{
    sl_value v = {.u.d = d};
    return v;
}
static inline sl_value sl_value_str(const char *s, uint32_t len)
{
    sl_value v = {.u.s = s, .len = len};
    return v;
}
/* A decimal holding unscaled, allocated in ar. */
sl_value sl_value_decimal(sl_arena *ar, sl_int128 unscaled);
/* Empty containers with room for n items, allocated in ar (items zeroed, i.e. not NULL). */
sl_array *sl_array_new(sl_arena *ar, uint32_t n);
sl_map *sl_map_new(sl_arena *ar, uint32_t n);
sl_struct *sl_struct_new(sl_arena *ar, uint32_t n);
static inline sl_value sl_value_array(const sl_array *a)
{
    sl_value v = {.u.arr = a};
    return v;
}
static inline sl_value sl_value_map(const sl_map *m)
{
    sl_value v = {.u.map = m};
    return v;
}
static inline sl_value sl_value_struct(const sl_struct *st)
{
    sl_value v = {.u.st = st};
    return v;
}

/* Deep copy of v (of type t) into ar. */
sl_value sl_value_copy(sl_arena *ar, const sl_type *t, sl_value v);
/* Equality as SQL '=' sees it, except that NULL equals NULL (used for grouping and tests). */
bool sl_value_eq(const sl_type *t, sl_value a, sl_value b);
/* Total order: NULL first, then by value (strings bytewise, doubles with NaN last). */
int sl_value_cmp(const sl_type *t, sl_value a, sl_value b);
/* Hash consistent with sl_value_eq. */
uint64_t sl_value_hash(const sl_type *t, sl_value v);
/* Index of key k in map m (keys of type kt), or -1. */
int sl_map_find(const sl_map *m, const sl_type *kt, sl_value k);

/* Appends v as ksqlDB renders values in text (the CLI, error messages, string casts of
 * composite values): 1, 1.5, 'text' unquoted, [1, 2], {K=V}, Struct{F1=a}, null. */
void sl_value_print(sl_buf *out, const sl_type *t, sl_value v);
/* Appends v as JSON the way ksqlDB's REST API renders a column value. */
void sl_value_print_json(sl_buf *out, const sl_type *t, sl_value v);

/* Decimal helpers: 10^n for 0 <= n <= 38; text of an unscaled value at a scale. */
sl_int128 sl_decimal_pow10(int n);
void sl_decimal_print(sl_buf *out, sl_int128 unscaled, int scale);

#endif
