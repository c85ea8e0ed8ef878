/*
 * decimal.h - DECIMAL(p, s) arithmetic on 128-bit scaled integers.
 *
 * A DECIMAL value is an unscaled sl_int128 u meaning u / 10^s, with |u| < 10^p
 * and p <= 38 (value.h). This module follows ksqlDB (Java BigDecimal) for
 * result types, rounding (HALF_UP: ties away from zero) and the numeric
 * conversions that CAST uses; where an intermediate needs more than 128 bits
 * (a product of two 38-digit numbers, a dividend scaled up for division) it
 * computes in 256 bits, so results are exact before the final rounding.
 *
 * Result types of a op b for DECIMAL(p1, s1), DECIMAL(p2, s2) (ksqlDB's
 * SqlDecimal rules; INT/BIGINT operands count as DECIMAL(10,0)/(19,0)):
 *
 *   + -   p = max(s1, s2) + max(p1 - s1, p2 - s2) + 1     s = max(s1, s2)
 *   *     p = p1 + p2 + 1                                 s = s1 + s2
 *   /     p = p1 - s1 + s2 + max(6, s1 + p2 + 1)          s = max(6, s1 + p2 + 1)
 *   %     p = min(p1 - s1, p2 - s2) + max(s1, s2)         s = max(s1, s2)
 *
 * ksqlDB's BigDecimal has no precision limit; here a result wider than 38
 * digits is capped at DECIMAL(38, min(s, 38)) and a value that does not fit is
 * an overflow error (the expression yields NULL for that record).
 *
 * All functions are pure and thread-safe. Errors are SL_E_EVAL with ksqlDB's
 * texts ("Numeric field overflow: ...", "Division by zero").
 */
#ifndef SL_EXEC_DECIMAL_H
#define SL_EXEC_DECIMAL_H

#include "common/arena.h"
#include "common/error.h"
#include "exec/types.h"
#include "exec/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sl_decimal_op {
    SL_DEC_ADD,
    SL_DEC_SUB,
    SL_DEC_MUL,
    SL_DEC_DIV,
    SL_DEC_MOD,
} sl_decimal_op;

/* The result type of a op b; a and b are DECIMAL, INT or BIGINT. Built in ar. */
const sl_type *sl_decimal_result_type(sl_arena *ar, sl_decimal_op op, const sl_type *a,
                                      const sl_type *b);

/* a (scale sa) op b (scale sb), rounded HALF_UP to DECIMAL(rp, rs) (division) and checked to
 * fit it. Errors: overflow, division by zero. */
sl_error *sl_decimal_arith(sl_decimal_op op, sl_int128 a, int sa, sl_int128 b, int sb, int rp,
                           int rs, sl_int128 *out);

/* Three-way comparison of a / 10^sa and b / 10^sb; scales may differ or be negative. */
int sl_decimal_cmp(sl_int128 a, int sa, sl_int128 b, int sb);
/* Compares the decimal u / 10^s with the double d as ksqlDB does (d taken at its shortest
 * decimal form, BigDecimal.valueOf); *err is set for NaN and infinities. */
int sl_decimal_cmp_double(sl_int128 u, int s, double d, sl_error **err);

/* Digits of |v| (1 for 0). */
int sl_decimal_digits(sl_int128 v);
/* u / 10^from as a value of scale to, rounding HALF_UP when to < from; false when the result
 * does not fit in 128 bits. */
bool sl_decimal_rescale(sl_int128 u, int from, int to, sl_int128 *out);

/* Conversions with ksqlDB's CAST semantics (DecimalUtil.cast). A value whose magnitude is
 * 10^(p-s) or more, before or after rounding to s, is an overflow error. */
sl_error *sl_decimal_from_i64(int64_t v, int p, int s, sl_int128 *out);
sl_error *sl_decimal_from_double(double d, int p, int s, sl_int128 *out);
/* Decimal to DECIMAL(p, s), HALF_UP. */
sl_error *sl_decimal_to_decimal(sl_int128 u, int from_scale, int p, int s, sl_int128 *out);
/* Text in Java BigDecimal syntax ([+-]digits[.digits][e[+-]digits], surrounding whitespace
 * ignored) to DECIMAL(p, s), HALF_UP. Errors name the text. */
sl_error *sl_decimal_parse(const char *txt, size_t n, int p, int s, sl_int128 *out);
/* A literal's own value and type, as ksqlDB types DECIMAL literals: precision = digits of the
 * unscaled value, scale = fraction digits ("01.50" -> 150, DECIMAL(3, 2); "0.00" ->
 * DECIMAL(3, 2)). False when the text is not [+-]digits[.digits] or needs over 38 digits. */
bool sl_decimal_parse_literal(const char *txt, size_t n, sl_int128 *unscaled, int *precision,
                              int *scale);

/* The DECIMAL type of a number written in BigDecimal syntax (what DecimalUtil.fromValue gives
 * for new BigDecimal(text)), a negative scale read as 0: "4.000" -> (4, 3), "2e1" -> (2, 0).
 * False when the text is not a number or needs over 38 digits. */
bool sl_decimal_text_type(const char *txt, size_t n, int *precision, int *scale);

/* u / 10^s as the nearest double (BigDecimal.doubleValue). */
double sl_decimal_to_double(sl_int128 u, int s);
/* The integer part, truncated toward zero, wrapped to 64 bits (BigDecimal.longValue). */
int64_t sl_decimal_to_i64(sl_int128 u, int s);

/* The error for a value (text given) that does not fit DECIMAL(p, s). */
sl_error *sl_decimal_overflow_error(int p, int s, const char *value_text);

#endif
