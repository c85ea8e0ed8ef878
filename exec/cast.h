/*
 * cast.h - converting values between SQL types, with ksqlDB's CAST semantics.
 *
 * The pairs that convert are ksqlDB's CastEvaluator table (sl_type_can_cast):
 * numbers to each other and to STRING; STRING to every primitive (BOOLEAN,
 * INT, BIGINT, DOUBLE, DECIMAL, TIMESTAMP, DATE, TIME, BYTES from base64);
 * TIMESTAMP to DATE and TIME and back from DATE; ARRAY, MAP and STRUCT
 * element-wise to the same shape (a struct keeps the target's fields, matched
 * by name, missing ones NULL) and to STRING as Java prints them ("[1, 3]",
 * "{a=1}", "Struct{F0=1}").
 *
 * Results follow Java: BIGINT -> INT and DECIMAL -> INT/BIGINT keep the low
 * bits (truncating any fraction); DOUBLE -> INT/BIGINT truncates and saturates
 * (NaN is 0); numbers to DECIMAL round HALF_UP and overflow is an error; a
 * DOUBLE prints as Double.toString. The implicit widening that expressions
 * insert (INT -> BIGINT -> DECIMAL -> DOUBLE) goes through the same code.
 *
 * A conversion that fails on a value (text that is not a number, a decimal
 * overflow) returns an SL_E_EVAL error; the evaluator turns it into NULL and
 * reports it. NULL converts to NULL. Thread-safe; payloads go to the given arena.
 */
#ifndef SL_EXEC_CAST_H
#define SL_EXEC_CAST_H

#include "common/arena.h"
#include "common/buf.h"
#include "common/error.h"
#include "exec/types.h"
#include "exec/value.h"

#include <stddef.h>
#include <stdint.h>

/* NULL when CAST(x AS to) is allowed for x of type from, else ksqlDB's error:
 * "Cast of STRING to ARRAY<INTEGER> is not supported" (SL_E_TYPE). */
sl_error *sl_cast_check(const sl_type *from, const sl_type *to);

/* One conversion, specialised for a (from, to) pair when a program is compiled, so that a
 * row pays no dispatch on the types. scratch is a reusable buffer for text (may be NULL). */
typedef sl_error *(*sl_cast_fn)(sl_arena *ar, sl_buf *scratch, const sl_type *from,
                                const sl_type *to, sl_value in, sl_value *out);
/* The conversion for the pair, or NULL when the cast is not allowed. Never NULL for equal
 * types (the identity). in must not be NULL for the returned function: callers test
 * in.null first (sl_cast_value does). */
sl_cast_fn sl_cast_fn_for(const sl_type *from, const sl_type *to);

/* Converts in (of type from) to type to into *out, payloads allocated in ar. scratch may be
 * NULL. Errors: SL_E_TYPE when the cast is not allowed, SL_E_EVAL when the value does not
 * convert. */
sl_error *sl_cast_value(sl_arena *ar, sl_buf *scratch, const sl_type *from, const sl_type *to,
                        sl_value in, sl_value *out);

/* Text to values, as CAST reads STRING (surrounding whitespace ignored). Errors are
 * SL_E_EVAL: invalid input syntax for type X: "text". */
sl_error *sl_cast_parse_int(const char *s, size_t n, int64_t *out); /* 32-bit range */
sl_error *sl_cast_parse_bigint(const char *s, size_t n, int64_t *out);
sl_error *sl_cast_parse_double(const char *s, size_t n, double *out); /* no NaN/Infinity */
/* Any non-empty prefix of "true" or "yes" (any case) is true; everything else false. */
bool sl_cast_parse_boolean(const char *s, size_t n);
/* ksqlDB's partial timestamps: "2020", "2020-05", "2020-05-26", then optionally
 * "T23", "T23:59", "T23:59:58", "T23:59:58.123", then "Z" or an offset "+0200",
 * "-02:00"; UTC when none. Milliseconds since the epoch. */
sl_error *sl_cast_parse_timestamp(const char *s, size_t n, int64_t *ms);
/* "yyyy-MM-dd" (also "yyyy" and "yyyy-MM"): days since the epoch. */
sl_error *sl_cast_parse_date(const char *s, size_t n, int64_t *days);
/* "HH:mm", "HH:mm:ss", "HH:mm:ss.fffffffff": milliseconds since midnight. */
sl_error *sl_cast_parse_time(const char *s, size_t n, int64_t *ms);

/* Days since the epoch of a proleptic Gregorian date (month 1-12). */
int64_t sl_cast_days_from_civil(int64_t y, int m, int d);

#endif
