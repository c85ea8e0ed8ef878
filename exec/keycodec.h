/*
 * keycodec.h - binary-comparable encoding of typed values, for state store keys.
 *
 * Encoded keys sort (memcmp) the way their values do, column by column, so a
 * RocksDB range scan over (key, window start) finds a key's windows in order,
 * and equal values always encode to equal bytes (hash tables key on them).
 *
 *   NULL        0x00                   (sorts first)
 *   value       0x01 then:
 *     BOOLEAN   1 byte
 *     INT       4 bytes big-endian, sign bit flipped
 *     BIGINT, TIMESTAMP, DATE, TIME   8 bytes big-endian, sign bit flipped
 *     DOUBLE    8 bytes: IEEE bits, all flipped when negative, else sign flipped
 *               (-0.0 and 0.0 encode alike, as do all NaNs)
 *     DECIMAL   16 bytes big-endian, sign bit flipped (one scale per column)
 *     STRING, BYTES   bytes with 0x00 escaped as 0x00 0xFF, ended by 0x00 0x01
 *     ARRAY     per element 0x01 + element; ended by 0x00
 *     MAP       per entry 0x01 + key + value; ended by 0x00
 *     STRUCT    the fields in order
 */
#ifndef SL_EXEC_KEYCODEC_H
#define SL_EXEC_KEYCODEC_H

#include "common/arena.h"
#include "common/buf.h"
#include "common/error.h"
#include "exec/types.h"
#include "exec/value.h"

#include <stdint.h>

/* Appends the encoding of v (of type t). */
void sl_keycodec_put(sl_buf *out, const sl_type *t, sl_value v);
/* Appends n columns. */
void sl_keycodec_put_row(sl_buf *out, const sl_field *cols, uint32_t n, const sl_value *vals);
/* Appends a big-endian int64 with its sign bit flipped (window bounds after a key). */
void sl_keycodec_put_i64(sl_buf *out, int64_t v);
int64_t sl_keycodec_get_i64(const uint8_t *p);

/* Decodes one value of type t at *p (advancing it, never past end) into *v, payloads in
 * ar. SL_E_CORRUPT on malformed bytes. */
sl_error *sl_keycodec_get(const uint8_t **p, const uint8_t *end, const sl_type *t, sl_arena *ar,
                          sl_value *v);
sl_error *sl_keycodec_get_row(const uint8_t **p, const uint8_t *end, const sl_field *cols,
                              uint32_t n, sl_arena *ar, sl_value *vals);

#endif
