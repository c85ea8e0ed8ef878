/*
 * serde.h - record formats: bytes of a topic record <-> column values of a row.
 *
 * Every record the engine reads is decoded here and every record it writes is
 * encoded here, so this code sets the ceiling on throughput. The model:
 *
 *   compile once                          run per record (hot path)
 *   ------------                          -------------------------
 *   sl_serde_new(format, columns,   -->   sl_serde_decode(bytes) -> sl_value[ncols]
 *                props, needed)           sl_serde_encode(sl_value[ncols]) -> bytes
 *
 * A serde is compiled once per (format, schema, properties) for one side (key
 * or value) of a source or sink. Compiling validates the schema against the
 * format with ksqlDB's messages (so the planner calls it when it plans a
 * CREATE), and builds what the hot path needs: for JSON, per struct a hash
 * table from case-folded field names to fields and the pre-escaped `"NAME":`
 * prefixes of the encoder; for DELIMITED the column parsers.
 *
 * Decoding is schema-driven and streaming: no DOM, no malloc. The JSON decoder
 * is a purpose-built scanner that walks the record once, decodes the fields the
 * query needs (the `needed` mask given at compile time) straight into
 * sl_values whose payloads (strings, decimals, arrays, ...) go into the
 * caller's arena, and skips everything else at memchr-like speed while still
 * validating it (syntax, UTF-8, nesting depth). We chose it over jansson (a
 * DOM per record) by measuring: see bench/serde_bench.c. Columns outside the
 * mask come out NULL.
 *
 * Encoding writes a row into an sl_buf with a precompiled plan; it matches the
 * bytes ksqlDB (Kafka Connect's JsonConverter, commons-csv, Kafka's serializers)
 * writes to topics: JSON keys in column order, NULLs as null, doubles in Java's
 * shortest form ("1.0E10", "NaN" quoted), DECIMAL as a JSON number, TIMESTAMP /
 * TIME as milliseconds, DATE as days, BYTES as base64.
 *
 * Formats (ksqlDB semantics, pinned by the tests in tests/unit/test_serde*.c):
 *
 *   NONE       no columns (key format of keyless streams); bytes are ignored.
 *   KAFKA      one column: INT (4-byte big-endian), BIGINT (8), DOUBLE (8, IEEE
 *              754), STRING (UTF-8; invalid sequences become U+FFFD as Java
 *              does), BYTES (raw).
 *   JSON       an object whose fields match columns by name (exact match first,
 *              else the field name upper-cased; duplicate keys: last wins, as
 *              Jackson), or with WRAP_SINGLE_VALUE=false (and for single-column
 *              keys) the bare value of the one column. ksqlDB's coercions: a
 *              string "10" into INT, any scalar into STRING, a number or a
 *              string into DECIMAL (exact digits, never through double), a
 *              number into INT truncates as Java's intValue(). Missing field or
 *              null -> NULL. A JSON `null` (or no bytes) for a wrapped value is
 *              a null record.
 *   DELIMITED  CSV as Apache commons-csv 1.4 reads and writes it (ksqlDB's
 *              library): one record per message, fields split on the delimiter,
 *              "..." quoting with "" for a quote; an empty field is NULL; the
 *              column count must match. Only primitive types.
 *
 * Errors: decode returns SL_E_SERDE whose message is what ksqlDB writes to its
 * processing log, e.g. `Failed to deserialize value from topic: bids. Can't
 * convert type. sourceType: TextNode, requiredType: INTEGER, path: $.PRICE`;
 * it names the field (a JSON path, or the column for DELIMITED) and the
 * reason. The caller drops the record and reports the error (processing log +
 * metrics); the arena may hold partial payloads, which die with the batch.
 * Compile and property errors are SL_E_STATEMENT with ksqlDB's statement
 * messages.
 *
 * Threads: a compiled serde is immutable; any number of threads may decode and
 * encode with it at once. All per-record scratch lives in the caller's arena.
 */
#ifndef SL_EXEC_SERDE_H
#define SL_EXEC_SERDE_H

#include "common/arena.h"
#include "common/buf.h"
#include "common/error.h"
#include "exec/types.h"
#include "exec/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sl_serde_format {
    SL_SERDE_NONE,
    SL_SERDE_KAFKA,
    SL_SERDE_JSON,
    SL_SERDE_DELIMITED,
    SL_SERDE__COUNT
} sl_serde_format;

/* The format's name as ksqlDB prints it ("JSON", ...). */
const char *sl_serde_format_name(sl_serde_format f);
/* Looks a format name up, case-insensitively. Errors: SL_E_STATEMENT "Unknown format: FOO";
 * SL_E_UNSUPPORTED for ksqlDB formats sluice lacks (AVRO, PROTOBUF, JSON_SR, PROTOBUF_NOSR). */
sl_error *sl_serde_format_parse(const char *name, sl_serde_format *out);

#define SL_SERDE_WRAP_DEFAULT       (-1)
#define SL_SERDE_MAX_RECORD_DEFAULT (16u << 20) /* bytes */
#define SL_SERDE_MAX_DEPTH_DEFAULT  128         /* JSON nesting levels */

/* How one side (key or value) of a source or sink is (de)serialized, besides its format. */
typedef struct sl_serde_props {
    const char *topic;         /* named in error messages; NULL when none (copied by _new) */
    bool is_key;               /* the record key (else its value) */
    int8_t wrap_single;        /* WRAP_SINGLE_VALUE: 0, 1, or SL_SERDE_WRAP_DEFAULT */
    char delimiter;            /* DELIMITED field delimiter; 0 means ',' */
    uint32_t max_record_bytes; /* decode rejects larger records; 0: SL_SERDE_MAX_RECORD_DEFAULT */
    uint32_t max_depth;        /* JSON nesting limit; 0: SL_SERDE_MAX_DEPTH_DEFAULT */
} sl_serde_props;

#define SL_SERDE_PROPS_INIT                                                                        \
    {                                                                                              \
        NULL, false, SL_SERDE_WRAP_DEFAULT, 0, 0, 0                                                \
    }

/*
 * Applies one format property of a WITH clause to props for format f, validating it as ksqlDB
 * does. name is case-insensitive: WRAP_SINGLE_VALUE and VALUE_DELIMITER apply to a value's
 * props, KEY_DELIMITER to a key's. value is the property's text ('|', 'TAB', 'SPACE', 'true').
 * Errors (SL_E_STATEMENT, ksqlDB's text without its "Failed to prepare statement: " prefix):
 *   Configuration VALUE_DELIMITER is invalid: Invalid delimiter value: '<~>'. Delimiter must be
 *     a single character or TAB,SPACE\nExample valid value: ';'
 *   JSON does not support the following configs: [delimiter]
 *   Format 'KAFKA' does not support 'WRAP_SINGLE_VALUE' set to 'true'.
 * SL_E_INTERNAL when the property belongs to the other side (the planner routes it).
 * Any thread.
 */
sl_error *sl_serde_props_set(sl_serde_props *props, sl_serde_format f, const char *name,
                             const char *value);
/* Whether format f takes the WITH property name (case-insensitive) at all. */
bool sl_serde_format_accepts(sl_serde_format f, const char *name);

typedef struct sl_serde sl_serde;

/*
 * Compiles a serde for ncols columns (name and type each, in schema order) of one side of a
 * record. needed[i] says whether decode must produce column i (NULL: every column); encode
 * always writes every column. Copies everything it keeps (names, types, topic): the caller's
 * arguments may die after the call. Errors (SL_E_STATEMENT, ksqlDB's messages), e.g.
 *   The 'KAFKA' format does not support type 'STRUCT'
 *   The 'KAFKA' format only supports a single field. Got: [`A` INTEGER, `B` INTEGER]
 *   JSON only supports MAP types with STRING keys
 *   'WRAP_SINGLE_VALUE' is only valid for single-field value schemas
 *   The 'NONE' format can only be used when no columns are defined. Got: [`K` STRING KEY]
 *   Map keys, including types that contain maps, are not supported ... (keys)
 * Key errors come wrapped as ksqlDB wraps them ("Key format does not support schema.\n...").
 * On success *out is the caller's, freed with sl_serde_free. Any thread.
 */
sl_error *sl_serde_new(sl_serde_format f, const sl_field *cols, uint32_t ncols,
                       const sl_serde_props *props, const bool *needed, sl_serde **out);
/* NULL is a no-op. */
void sl_serde_free(sl_serde *s);

sl_serde_format sl_serde_format_of(const sl_serde *s);
uint32_t sl_serde_ncols(const sl_serde *s);

/*
 * Decodes one record of len bytes at data (NULL: the record has no key or value) into
 * cols[0..ncols). Payloads are allocated in ar and valid until it is reset; data is not
 * referenced after the call. *is_null (may be NULL) is set when the record is a null record
 * (no bytes, or a JSON null for a wrapped value): then every column is NULL, which for a
 * table value means a tombstone. A serde with no columns ignores the bytes. cols may point
 * into a row's column array (with ksqlDB's layout, key columns then value columns, a source
 * decodes the key into row->col and the value into row->col + nkeys). Errors:
 * SL_E_SERDE (see the top of this file); cols are then unspecified and the record is to be
 * dropped. Any thread (the serde is shared, ar is the caller's).
 */
sl_error *sl_serde_decode(const sl_serde *s, const void *data, size_t len, sl_arena *ar,
                          sl_value *cols, bool *is_null);

/*
 * Appends the encoding of cols[0..ncols) to out. *is_null (may be NULL) is set when the
 * record must be written with no bytes at all (an unwrapped NULL, a KAFKA NULL, format NONE);
 * nothing is appended then. Errors: SL_E_SERDE when the record exceeds max_record_bytes (out
 * is restored to its old length). Any thread.
 */
sl_error *sl_serde_encode(const sl_serde *s, const sl_value *cols, sl_buf *out, bool *is_null);

/*
 * Windowed keys, in Kafka Streams' layout (what ksqlDB writes for windowed tables):
 *   time windows (TUMBLING, HOPPING)   key ‖ start   start: 8-byte big-endian ms
 *   session windows                    key ‖ end ‖ start
 * A time window's end is start + size (saturated), as Kafka Streams derives it.
 */
typedef enum sl_serde_window_kind {
    SL_SERDE_WINDOW_TIME,
    SL_SERDE_WINDOW_SESSION,
} sl_serde_window_kind;

typedef struct sl_serde_window {
    sl_serde_window_kind kind;
    int64_t size_ms; /* time windows: the window size */
} sl_serde_window;

/* Decodes a windowed key: the key columns through s (a key serde) and the window bounds.
 * Errors: SL_E_SERDE for a null or too short key, or an undecodable inner key. */
sl_error *sl_serde_window_decode(const sl_serde *s, const sl_serde_window *w, const void *data,
                                 size_t len, sl_arena *ar, sl_value *cols, int64_t *wstart,
                                 int64_t *wend);
/* Appends the windowed key of cols and the window [wstart, wend) to out (a NULL inner key is
 * written as no bytes before the bounds). */
sl_error *sl_serde_window_encode(const sl_serde *s, const sl_serde_window *w, const sl_value *cols,
                                 int64_t wstart, int64_t wend, sl_buf *out);

#endif
