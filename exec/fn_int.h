/*
 * fn_int.h - private header of the scalar function library (exec/fn_*.c):
 * the group tables, and helpers every group uses.
 *
 * Strings are UTF-8 in sluice but ksqlDB measures them in Java chars (UTF-16
 * code units): LEN('😀') is 2, SUBSTRING positions count units. The helpers
 * here convert between the two; on ASCII text (the common case) a unit is a
 * byte and they take a fast path.
 *
 * Results live in cx->ar (the batch arena). A per-record failure is an
 * SL_E_EVAL error (fn_err); the evaluator turns it into NULL plus a processing
 * log entry.
 */
#ifndef SL_EXEC_FN_INT_H
#define SL_EXEC_FN_INT_H

#include "exec/cast.h"
#include "exec/func.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every group's table, as func.c reads them. */
#define X(group)                                                                                   \
    extern const sl_fn_def sl_fn_defs_##group[];                                                   \
    extern const uint32_t sl_fn_ndefs_##group;
#include "exec/fn_tables.def"
#undef X

#define FN_NSIGS(sigs) sigs, (uint32_t)(sizeof(sigs) / sizeof((sigs)[0]))
#define FN_NDEFS(defs) ((uint32_t)(sizeof(defs) / sizeof((defs)[0])))

/* Categories as SHOW FUNCTIONS groups them (ksqlDB's FunctionCategory). */
#define FN_CAT_MATH   "MATHEMATICAL"
#define FN_CAT_STRING "STRING"
#define FN_CAT_REGEX  "REGULAR EXPRESSION"
#define FN_CAT_JSON   "JSON"
#define FN_CAT_TIME   "DATE / TIME"
#define FN_CAT_ARRAY  "ARRAY"
#define FN_CAT_MAP    "MAP"
#define FN_CAT_URL    "URL"
#define FN_CAT_CONV   "CONVERSIONS"
#define FN_CAT_OTHER  "OTHER"

#define fn_err(...) sl_error_new(SL_E_EVAL, __VA_ARGS__)

/* The type of argument i at this call site. */
static inline const sl_type *fn_argtype(const sl_fnctx *cx, int i)
{
    return cx->call->arg_types[i];
}

/* Whether argument i is a constant at this call site (its value is in const_args). */
static inline bool fn_is_const(const sl_fn_call *call, int i)
{
    return i < call->nargs && call->is_const && call->const_args && call->is_const[i];
}

/* a / b rounded towards negative infinity (b > 0): days of a negative timestamp. */
static inline int64_t fn_floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The value of a hex digit, or -1. */
static inline int fn_hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* A string value over n new bytes in cx->ar; *p receives the bytes to fill. */
static inline sl_value fn_str_new(sl_fnctx *cx, size_t n, char **p)
{
    *p = sl_arena_alloc(cx->ar, n ? n : 1);
    return sl_value_str(*p, (uint32_t)n);
}

/* Copies n bytes into cx->ar as a string value. */
static inline sl_value fn_str_dup(sl_fnctx *cx, const char *s, size_t n)
{
    return sl_value_str(sl_arena_memdup(cx->ar, s, n), (uint32_t)n);
}

/* The longest string, bytes value or array a function builds (LPAD to a billion
 * characters is a per-record error, not an allocation of gigabytes). */
#define FN_MAX_RESULT ((size_t)64 << 20)
#define fn_err_too_big(fname)                                                                      \
    fn_err("the result of %s would exceed %zu bytes", fname, FN_MAX_RESULT)

/* --- UTF-8 and Java's UTF-16 view (fn_util.c) ------------------------------------------ */

/* Decodes the code point at s[*i] (n bytes in all) and advances *i past it. A byte
 * that does not start a well-formed sequence decodes as U+FFFD and advances by one. */
uint32_t sl_fn_utf8_next(const char *s, size_t n, size_t *i);
/* Writes cp as UTF-8 to out (room for 4 bytes); returns the byte count. */
int sl_fn_utf8_put(char *out, uint32_t cp);
/* True when the n bytes are all ASCII. */
bool sl_fn_is_ascii(const char *s, size_t n);
/* Length in UTF-16 code units, as Java's String.length(). */
size_t sl_fn_utf16_len(const char *s, size_t n);
/* Byte offset of UTF-16 unit index idx (clamped to the end). An index inside a
 * surrogate pair resolves to the start of that character. */
size_t sl_fn_utf16_off(const char *s, size_t n, size_t idx);
/* Compares two UTF-8 strings in Java's String.compareTo order (UTF-16 units). */
int sl_fn_utf16_cmp(const char *a, size_t an, const char *b, size_t bn);

/* Unicode simple case mappings (Java's toUpperCase/toLowerCase without the few
 * one-to-many special cases such as the German sharp s). */
uint32_t sl_fn_upper(uint32_t cp);
uint32_t sl_fn_lower(uint32_t cp);
/* Upper- or lower-cases UTF-8 text into out, which has room for n * 3 / 2 + 4
 * bytes (a mapping may grow a 2-byte character to 3); returns the length. */
size_t sl_fn_case_map(char *out, const char *s, size_t n, bool upper);

/* The classes MASK tells apart (Java's Character.getType). */
typedef enum sl_fn_chartype {
    SL_FN_CH_UPPER,
    SL_FN_CH_LOWER,
    SL_FN_CH_DIGIT,
    SL_FN_CH_OTHER
} sl_fn_chartype;
sl_fn_chartype sl_fn_char_type(uint32_t cp);

/* Java's natural order of two values of type t (Comparable.compareTo): strings by
 * UTF-16 units, doubles as Double.compareTo, the rest as sl_value_cmp; NULL first. */
int sl_fn_java_cmp(const sl_type *t, sl_value a, sl_value b);

/* ASCII case-insensitive equality of the n bytes at s with the C string lit. */
bool sl_fn_ieq(const char *s, size_t n, const char *lit);

/* --- binary encodings shared by ENCODE, TO_BYTES and FROM_BYTES (fn_util.c) ------------ */

/* Hex/base64 text of n bytes, written to out (2n resp. 4*ceil(n/3) bytes); returns the length. */
size_t sl_fn_hex_encode(char *out, const uint8_t *p, size_t n);
size_t sl_fn_base64_encode(char *out, const uint8_t *p, size_t n);
/* Decodes hex (even length, [0-9a-fA-F]) into out (n/2 bytes); false on bad input. */
bool sl_fn_hex_decode(uint8_t *out, const char *s, size_t n);
/* Decodes base64 into out (room for 3n/4 + 3 bytes); *outn receives the length.
 * Characters outside the alphabet are skipped and decoding stops at '='. With
 * mime, as Java's MIME decoder (TO_BYTES): standard alphabet only, and a dangling
 * last character fails. Without, as commons-codec (ENCODE): the URL-safe
 * alphabet too, and dangling bits are dropped. */
bool sl_fn_base64_decode(uint8_t *out, size_t *outn, const char *s, size_t n, bool mime);

/* Java's MIME base64 (lines of 76 characters joined by CRLF), as ksqlDB's
 * BytesUtils encodes BYTES to text; the result is in cx->ar. */
sl_value sl_fn_base64_mime(sl_fnctx *cx, const uint8_t *p, size_t n);

/* Decimal text of v into out (room for 21 bytes); returns its length. */
size_t sl_fn_i64_str(char *out, int64_t v);
/* sl_value_print with fast paths for the common primitive kinds (no printf). */
void sl_fn_print_value(sl_buf *out, const sl_type *t, sl_value v);

/* --- calendar (fn_util.c) ---------------------------------------------------------------- */

/* Days since 1970-01-01 to a proleptic Gregorian date; the way back is
 * sl_cast_days_from_civil (cast.h). */
void sl_fn_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

#endif
