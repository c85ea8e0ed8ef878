/*
 * serde_int.h - what the serde_*.c files share; not part of the exec face.
 *
 *   serde.c            format table, WITH properties, compile, dispatch, errors
 *   serde_key.c        key schema rules and windowed keys
 *   serde_num.c        numbers as Java reads and prints them, base64, UTF-8
 *   serde_json.c       JSON plan (compiled per schema) and encoder
 *   serde_json_scan.c  JSON scanner: strings, numbers, skipping, values into STRING
 *   serde_json_dec.c   JSON schema-driven decoder
 *   serde_delimited.c  DELIMITED (CSV as commons-csv 1.4) decode and encode
 *   serde_kafka.c      KAFKA and NONE
 */
#ifndef SL_EXEC_SERDE_INT_H
#define SL_EXEC_SERDE_INT_H

#include "exec/serde.h"

#include <stdarg.h>

/* --- JSON plan: one node per type node reachable from the columns ------------------------ */

typedef struct sl_jplan sl_jplan;

typedef struct sl_jfield {
    const char *name;     /* as declared */
    uint32_t len;         /* strlen(name) */
    uint32_t hash;        /* sl_serde_json_hash of the name */
    bool needed;          /* decode produces it (row level: the needed mask; nested: always) */
    const sl_jplan *plan; /* its type */
    const char *enc;      /* encoder prefix ,"NAME": (skip the comma for the first field) */
    uint32_t enc_len;
} sl_jfield;

typedef struct sl_jstruct {
    uint32_t n;
    sl_jfield *f;
    uint32_t mask;  /* hash table size - 1 (a power of two minus one) */
    uint32_t *slot; /* field index + 1 of needed fields; 0 = empty */
    uint32_t *slot_hash;
} sl_jstruct;

struct sl_jplan {
    const sl_type *t;
    const sl_jplan *elem;  /* ARRAY element, MAP value */
    const sl_jstruct *st;  /* STRUCT fields */
    const char *conn_type; /* the type as ksqlDB's errors print it: INT, ARRAY<VARCHAR>, ... */
};

/* --- the compiled serde ------------------------------------------------------------------- */

struct sl_serde {
    sl_serde_format format;
    bool is_key;
    bool unwrapped; /* one column, written bare (not inside an object) */
    char delim;     /* DELIMITED */
    uint32_t ncols;
    uint32_t max_record, max_depth;
    const char *topic; /* "" when none */
    sl_field *cols;    /* deep copies, in ar */
    bool *needed;
    sl_arena *ar;           /* owns everything the serde holds */
    const sl_jplan *row;    /* JSON, wrapped: the columns as a STRUCT */
    const sl_jplan *single; /* JSON, unwrapped: the one column */
};

/* A decode error: "Failed to deserialize <key|value> from topic: T. <reason>". */
sl_error *sl_serde_fail(const sl_serde *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* ksqlDB's "The 'X' format does not support type 'Y'" family, with the column when given. */
sl_error *sl_serde_type_unsupported(const sl_serde *s, const sl_type *t, const char *column);
/* Record text made safe to quote in a message: invalid UTF-8 and control characters become
 * '?', and it is cut with "..." to fit cap bytes (NUL included). Returns out. */
const char *sl_serde_clip(char *out, size_t cap, const void *text, size_t n);
/* Appends the columns as ksqlDB lists them: [`A` INTEGER, `K` STRING KEY]. */
void sl_serde_print_columns(sl_buf *b, const sl_field *cols, uint32_t n, bool is_key);

/* --- per format --------------------------------------------------------------------------- */

sl_error *sl_serde_json_compile(sl_serde *s);
sl_error *sl_serde_json_decode(const sl_serde *s, const uint8_t *p, size_t n, sl_arena *ar,
                               sl_value *cols, bool *is_null);
sl_error *sl_serde_json_encode(const sl_serde *s, const sl_value *cols, sl_buf *out, bool *is_null);
/* FNV-1a of the ASCII upper-cased bytes: equal for names that match case-insensitively. */
uint32_t sl_serde_json_hash(const char *p, size_t n);
/* Appends the Connect-style type text ksqlDB's JSON errors use: INT, VARCHAR, STRUCT<F INT>. */
void sl_serde_json_conn_type(sl_buf *b, const sl_type *t);
/* Writes s escaped as Jackson escapes it (\uXXXX in upper-case hex), without quotes, at dst,
 * which has room for 6 * n bytes; returns the length written. */
size_t sl_serde_json_escape(char *dst, const char *s, size_t n);
/* Appends s as a JSON string literal escaped as Jackson does. */
void sl_serde_json_put_str(sl_buf *b, const char *s, size_t n);

sl_error *sl_serde_delim_check(const sl_serde *s);
sl_error *sl_serde_delim_decode(const sl_serde *s, const uint8_t *p, size_t n, sl_arena *ar,
                                sl_value *cols);
void sl_serde_delim_encode(const sl_serde *s, const sl_value *cols, sl_buf *out);

sl_error *sl_serde_kafka_check(const sl_serde *s);
sl_error *sl_serde_kafka_decode(const sl_serde *s, const uint8_t *p, size_t n, sl_arena *ar,
                                sl_value *cols);
void sl_serde_kafka_encode(const sl_serde *s, const sl_value *cols, sl_buf *out, bool *is_null);

sl_error *sl_serde_key_check(const sl_serde *s);

/* --- numbers (serde_num.c) ---------------------------------------------------------------- */

#define SL_NUMLIT_EXP_MAX 1000000000000000LL /* exponents saturate here */

/* A decimal literal split into its parts; the digit pointers point into the text. */
typedef struct sl_numlit {
    const char *ip, *fp; /* integer and fraction digits (either may be empty) */
    size_t in, fn;
    int64_t exp; /* decimal exponent */
    bool neg;
} sl_numlit;

/* Parses a whole string as Java's new BigDecimal(String): [+-]digits[.digits][e[+-]digits]. */
bool sl_serde_numlit_parse(const char *s, size_t n, sl_numlit *out);
/* The low 64 bits of the value truncated toward zero (Java's BigDecimal.longValue()). */
uint64_t sl_serde_numlit_wrap64(const sl_numlit *l);
/* The nearest double (Java's BigDecimal.doubleValue()); ar holds scratch for long literals. */
double sl_serde_numlit_double(const sl_numlit *l, sl_arena *ar);
/* Fits the literal into DECIMAL(p, s) as ksqlDB's DecimalUtil.ensureFit: exact or error. On
 * error writes ksqlDB's message into err (errn bytes) and returns false. */
bool sl_serde_numlit_decimal(const sl_numlit *l, int p, int s, sl_int128 *out, char *err,
                             size_t errn);
/* Java's BigDecimal.toString() of the literal (how Jackson's number nodes read as text),
 * allocated in ar; *outn gets its length. */
char *sl_serde_numlit_bigdec(const sl_numlit *l, sl_arena *ar, uint32_t *outn);
/* Writes BigDecimal.toString() (or toPlainString() when plain) of unscaled * 10^-scale, for
 * a DECIMAL value (|unscaled| < 10^38, 0 <= scale <= 38); out needs 64 bytes. */
size_t sl_serde_fmt_bigdec(sl_int128 unscaled, int scale, bool plain, char *out);
/* Java's Double.parseDouble: trims, NaN, Infinity, hex, [fFdD] suffix. */
bool sl_serde_parse_double(const char *s, size_t n, sl_arena *ar, double *out);
/* Java's Double.toString (shortest digits that round-trip). out needs 32 bytes. */
size_t sl_serde_fmt_double(double d, char *out);
/* Decimal digits of v; out needs 21 bytes. */
size_t sl_serde_fmt_i64(int64_t v, char *out);

/* Base64 (standard alphabet, padded). decode: jackson selects Jackson's rules (whitespace
 * skipped, padding required) over java.util.Base64's (no whitespace, padding optional);
 * out needs n * 3 / 4 + 3 bytes. */
size_t sl_serde_b64_len(size_t n);
void sl_serde_b64_encode(const uint8_t *p, size_t n, char *out);
bool sl_serde_b64_decode(const char *in, size_t n, bool jackson, uint8_t *out, size_t *outn);

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when the bytes there are not one. */
size_t sl_serde_utf8_seq(const uint8_t *p, size_t n);
/* A copy of p[0..n) in ar with each invalid UTF-8 subsequence replaced by U+FFFD (as Java's
 * decoder does); *outn gets its length. */
char *sl_serde_utf8_copy(sl_arena *ar, const char *p, size_t n, uint32_t *outn);

/* --- JSON scanner (serde_json_scan.c), the decoder's lexical half ------------------------- */

enum { SL_JS_OK = 0, SL_JS_CONV = 1, SL_JS_FATAL = 2 }; /* CONV: a value of the wrong type */
#define SL_JS_MAX_LEVELS 1024 /* nesting sl_jscan_skip can track; max_depth is clamped to it */

/* The cursor over one record, and the error being reported. */
typedef struct sl_jscan {
    const uint8_t *p, *end, *begin;
    sl_arena *ar;
    uint32_t depth, max_depth; /* open containers; the limit */
    size_t err_at;             /* byte offset of a syntax error */
    char msg[320];             /* the reason of the error being reported */
    char path[480];            /* JSON path of a conversion error, filled from the end */
    uint32_t path_at;          /* the path is path[path_at ..] */
} sl_jscan;

/* A number token. */
typedef struct sl_jnum {
    sl_numlit l;
    bool is_float; /* has a fraction or an exponent (Jackson: DecimalNode) */
    bool small;    /* an integer of <= 18 digits, exactly v */
    int64_t v;
} sl_jnum;

static inline void sl_jscan_ws(sl_jscan *d)
{
    const uint8_t *p = d->p;
    while (p < d->end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    d->p = p;
}

static inline bool sl_jscan_digit(uint8_t c)
{
    return (uint8_t)(c - '0') < 10;
}

/* Syntax errors: set msg and err_at, return SL_JS_FATAL. unexpected describes the character
 * at d->p as Jackson does; what is the context ("was expecting ..." or "in numeric value"). */
int sl_jscan_fail(sl_jscan *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sl_jscan_unexpected(sl_jscan *d, const char *what);
int sl_jscan_depth_error(sl_jscan *d, uint32_t depth);
void sl_jscan_path_reset(sl_jscan *d);
void sl_jscan_path_prepend(sl_jscan *d, const char *s, size_t n);
/* The literal word (true, false, null) at d->p. */
int sl_jscan_literal(sl_jscan *d, const char *word, size_t n);
/* The string at d->p (on its quote), validated; its body and whether it has escapes. */
int sl_jscan_string(sl_jscan *d, const uint8_t **body, size_t *len, bool *esc);
/* A validated body with its escapes resolved, in the arena. */
char *sl_jscan_unescape(sl_jscan *d, const uint8_t *s, size_t n, uint32_t *outn);
/* The string at d->p as text: borrowed from the record when it has no escapes. */
int sl_jscan_text(sl_jscan *d, const char **s, uint32_t *n);
int sl_jscan_number(sl_jscan *d, sl_jnum *out);
/* Jackson's node class of the token at d->p (TextNode, IntNode, ...), for errors. */
int sl_jscan_node_name(sl_jscan *d, const char **name);
/* Skips the value at d->p, validating it. */
int sl_jscan_skip(sl_jscan *d);
/* The value at d->p as ksqlDB reads it into a STRING: scalars as text, arrays as "[a, b]",
 * objects as compact JSON; in the arena. */
int sl_jscan_to_string(sl_jscan *d, const char **s, uint32_t *n);

#endif
