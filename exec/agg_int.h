/*
 * agg_int.h - private to the aggregate and table functions (exec/agg_*.c,
 * exec/fn_table.c): the pieces they share. Not for other layers.
 *
 * State bytes
 *   A serialized accumulator is [SL_AGG_FORMAT][tag][body]. The format byte
 *   versions the encoding; the tag names the aggregate and overload, so state
 *   written by SUM(INT) is never read back as AVG(INT). Bodies use this codec:
 *   unsigned LEB128 varints, zigzag varints for signed numbers (64 and 128
 *   bit), little-endian IEEE doubles, and typed values: one byte (0 NULL,
 *   1 present), then the payload by kind (varint lengths and counts, fields in
 *   declaration order). Readers check every length against the bytes left, so
 *   garbage is rejected before anything is allocated for it.
 *
 * Owned values
 *   Values kept beyond a batch are deep copies. sl_agg_vals is a growable
 *   vector of values whose payloads (strings, decimals, composites) live in an
 *   arena the vector owns. Removing a value leaves its payload behind as
 *   garbage; once the garbage outnumbers the live values, the live ones are
 *   copied to a fresh arena and the old one freed, so memory stays within a
 *   constant factor of what is kept and each operation is amortised O(1)
 *   beyond its memmove. sl_agg_index is an open-addressing hash index over a
 *   vector (slot = position + 1), for the aggregates that look values up.
 *
 * Ordering
 *   sl_agg_cmp orders values as ksqlDB's Java compareTo does, which differs
 *   from sl_value_cmp in three places: doubles (-0.0 < 0.0, NaN above
 *   everything), strings (UTF-16 code units, not code points) and bytes
 *   (ByteBuffer compares signed bytes).
 *
 * Ownership, errors, threads
 *   Vectors and indexes own their memory (free with their _free; a zeroed one
 *   is empty); values passed in are borrowed and copied; values read out of
 *   state bytes are allocated in the arena the caller passes. Nothing here
 *   fails except the reader, which reports through bad and sl_agg_rd_close.
 *   Nothing is shared: each object belongs to one accumulator, used by one
 *   thread at a time.
 */
#ifndef SL_EXEC_AGG_INT_H
#define SL_EXEC_AGG_INT_H

#include "common/arena.h"
#include "common/buf.h"
#include "common/error.h"
#include "exec/agg.h"
#include "exec/func.h"
#include "exec/value.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define SL_AGG_FORMAT 1

/* One tag per accumulator layout, written after the format byte. Append only:
 * the numbers are on disk. */
enum {
    SL_AGG_TAG_COUNT = 1,
    SL_AGG_TAG_SUM_INT,
    SL_AGG_TAG_SUM_BIGINT,
    SL_AGG_TAG_SUM_DOUBLE,
    SL_AGG_TAG_SUM_DECIMAL,
    SL_AGG_TAG_SUM_LIST_INT,
    SL_AGG_TAG_SUM_LIST_BIGINT,
    SL_AGG_TAG_SUM_LIST_DOUBLE,
    SL_AGG_TAG_AVG_INT,
    SL_AGG_TAG_AVG_DOUBLE,
    SL_AGG_TAG_MIN_I64,
    SL_AGG_TAG_MAX_I64,
    SL_AGG_TAG_MIN_DOUBLE,
    SL_AGG_TAG_MAX_DOUBLE,
    SL_AGG_TAG_MIN_DECIMAL,
    SL_AGG_TAG_MAX_DECIMAL,
    SL_AGG_TAG_MIN_BYTES,
    SL_AGG_TAG_MAX_BYTES,
    SL_AGG_TAG_STDDEV_INT,
    SL_AGG_TAG_STDDEV_DOUBLE,
    SL_AGG_TAG_CORRELATION,
    SL_AGG_TAG_COUNT_DISTINCT,
    SL_AGG_TAG_EARLIEST,
    SL_AGG_TAG_LATEST,
    SL_AGG_TAG_EARLIEST_N,
    SL_AGG_TAG_LATEST_N,
    SL_AGG_TAG_COLLECT_LIST,
    SL_AGG_TAG_COLLECT_SET,
    SL_AGG_TAG_HISTOGRAM,
    SL_AGG_TAG_TOPK,
    SL_AGG_TAG_TOPK_DISTINCT,
};

/* ---- writing ---- */

void sl_agg_put_u8(sl_buf *out, uint8_t b);
void sl_agg_put_uvarint(sl_buf *out, uint64_t v);
void sl_agg_put_svarint(sl_buf *out, int64_t v);
void sl_agg_put_i128(sl_buf *out, sl_int128 v);
void sl_agg_put_f64(sl_buf *out, double d);
/* The format byte and tag that open every state. */
void sl_agg_put_header(sl_buf *out, uint8_t tag);
/* A value of type t (NULL included); see the top of this file. */
void sl_agg_put_value(sl_buf *out, const sl_type *t, sl_value v);

/* ---- reading: a short or malformed read sets bad and yields zero ---- */

typedef struct sl_agg_rd {
    const uint8_t *p, *end;
    bool bad;
} sl_agg_rd;

uint8_t sl_agg_get_u8(sl_agg_rd *r);
uint64_t sl_agg_get_uvarint(sl_agg_rd *r);
int64_t sl_agg_get_svarint(sl_agg_rd *r);
sl_int128 sl_agg_get_i128(sl_agg_rd *r);
double sl_agg_get_f64(sl_agg_rd *r);
/* A count of items that take at least one byte each: bad when more than remain. */
uint32_t sl_agg_get_count(sl_agg_rd *r);
/* Reads a value of type t; payloads are allocated in ar. */
sl_value sl_agg_get_value(sl_agg_rd *r, const sl_type *t, sl_arena *ar);
/* Starts reading state bytes: checks the format byte and the tag. */
sl_error *sl_agg_rd_open(sl_agg_rd *r, const uint8_t *p, size_t n, uint8_t tag);
/* Finishes: an error unless every byte was read and none was bad. */
sl_error *sl_agg_rd_close(const sl_agg_rd *r);

/* ---- arithmetic that wraps instead of overflowing ----
 * Counters and sums in accumulators use these: state read from disk is
 * checked for shape, not for plausibility, so arithmetic on it must never be
 * undefined behaviour. */

static inline int64_t sl_agg_add64(int64_t a, int64_t b)
{
    return (int64_t)((uint64_t)a + (uint64_t)b);
}
static inline sl_int128 sl_agg_add128(sl_int128 a, sl_int128 b)
{
    return (sl_int128)((unsigned __int128)a + (unsigned __int128)b);
}
static inline sl_int128 sl_agg_sub128(sl_int128 a, sl_int128 b)
{
    return (sl_int128)((unsigned __int128)a - (unsigned __int128)b);
}

/* ---- values ---- */

/* Whether values of t have a payload outside the 16 bytes (need a deep copy). */
bool sl_agg_type_has_payload(const sl_type *t);
/* ksqlDB's (Java's) ordering for the comparable kinds: numbers, DECIMAL, STRING,
 * BYTES, BOOLEAN, DATE, TIME, TIMESTAMP. Neither value may be NULL. */
int sl_agg_cmp(const sl_type *t, sl_value a, sl_value b);
/* Double.compare: -0.0 < 0.0, NaN equal to itself and above everything. */
static inline int sl_agg_cmp_double(double a, double b)
{
    if (a < b) return -1;
    if (a > b) return 1;
    if (a != a || b != b) return (a != a) - (b != b); /* NaN */
    int64_t x, y;                                     /* equal: only the sign of 0 can differ */
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return (x > y) - (x < y);
}
/* 10^n for 0 <= n <= 38, from a table. */
sl_int128 sl_agg_pow10(int n);
/* Whether MIN/MAX/TOPK can order values of t. */
bool sl_agg_type_is_comparable(const sl_type *t);
/* A decimal's unscaled value (loaded without assuming 16-byte alignment). */
static inline sl_int128 sl_agg_dec(sl_value v)
{
    sl_int128 x;
    memcpy(&x, v.u.dec, sizeof x);
    return x;
}

/* ---- owned value vectors ---- */

typedef struct sl_agg_vals {
    sl_value *v;
    uint32_t n, cap;
    uint32_t dead; /* removed values whose payloads still sit in ar */
    sl_arena *ar;  /* payload copies; NULL until the first one */
} sl_agg_vals;

/* Inserts a deep copy of v at position at (0..n). */
void sl_agg_vals_insert(sl_agg_vals *vs, const sl_type *t, uint32_t at, sl_value v);
static inline void sl_agg_vals_push(sl_agg_vals *vs, const sl_type *t, sl_value v)
{
    sl_agg_vals_insert(vs, t, vs->n, v);
}
/* Removes count values starting at position at. */
void sl_agg_vals_remove(sl_agg_vals *vs, const sl_type *t, uint32_t at, uint32_t count);
void sl_agg_vals_free(sl_agg_vals *vs);
/* The values as an ARRAY value, deep-copied into ar. */
sl_value sl_agg_vals_array(const sl_agg_vals *vs, const sl_type *t, sl_arena *ar);
/* Writes a count then the values; reads them back (appending), at most max. */
void sl_agg_vals_put(sl_buf *out, const sl_agg_vals *vs, const sl_type *t);
void sl_agg_vals_get(sl_agg_rd *r, sl_agg_vals *vs, const sl_type *t, uint32_t max);

/* ---- hash index over a vector ---- */

typedef struct sl_agg_index {
    uint32_t *slot; /* position + 1, 0 when empty */
    uint32_t cap;   /* a power of two, or 0 */
    uint32_t n;     /* entries */
} sl_agg_index;

/* Position of a value equal to v (whose hash is h) in vs, or -1. */
int32_t sl_agg_index_find(const sl_agg_index *ix, const sl_agg_vals *vs, const sl_type *t,
                          sl_value v, uint64_t h);
/* Records vs->v[pos] (hash h), already stored; every other position is indexed. */
void sl_agg_index_add(sl_agg_index *ix, const sl_agg_vals *vs, const sl_type *t, uint32_t pos,
                      uint64_t h);
/* Rebuilds the index from scratch (after positions shifted). */
void sl_agg_index_rebuild(sl_agg_index *ix, const sl_agg_vals *vs, const sl_type *t);
void sl_agg_index_free(sl_agg_index *ix);

/* ---- signatures ---- */

/* The definition tables (see fn_tables.def). */
#define X(group)                                                                                   \
    extern const sl_fn_def sl_fn_defs_##group[];                                                   \
    extern const uint32_t sl_fn_ndefs_##group;
#include "exec/fn_tables.def"
#undef X

/* Return type = the first argument's type (SUM/MIN/MAX of DECIMAL). */
const sl_type *sl_agg_ret_arg0(sl_arena *ar, const sl_type *const *args, int nargs, sl_error **err);
/* The constant argument i as an integer / boolean (the binder made it one). */
static inline int64_t sl_agg_const_int(const sl_fn_call *call, int i)
{
    return call->const_args[i].u.i;
}
/* Checks that arguments from..nargs-1 are literal constants (ksqlDB's message). */
sl_error *sl_agg_check_literals(const sl_fn_call *call, int from);

#endif
