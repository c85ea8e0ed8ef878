/*
 * fn_jsondoc.h - a small JSON document model for the JSON functions
 * (fn_json.c): parse a STRING into a tree in an arena, look things up, and
 * write values back as compact JSON the way ksqlDB's Jackson mapper does.
 *
 * Model: the tree points into the source text. Numbers keep their exact text
 * (ksqlDB reads floats as exact BigDecimals, so '1.23450' stays '1.23450');
 * strings keep their raw contents and are decoded on demand. Objects keep
 * every member in order; a repeated key means its last value, at the place the
 * key first appeared (Jackson's ObjectNode), which lookups and writers honour.
 *
 * Parsing follows Jackson's readTree: strict JSON (no comments, NaN, single
 * quotes or leading zeros), nesting up to SL_FNJSON_MAX_DEPTH, and anything
 * after the first complete value ignored. Text that is empty or only
 * whitespace is no value at all (Jackson's MissingNode), not an error.
 */
#ifndef SL_EXEC_FN_JSONDOC_H
#define SL_EXEC_FN_JSONDOC_H

#include "common/arena.h"
#include "common/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SL_FNJSON_MAX_DEPTH 1000

typedef enum sl_fnjson_kind {
    SL_FNJSON_MISSING, /* no value: the text was empty */
    SL_FNJSON_NULL,
    SL_FNJSON_TRUE,
    SL_FNJSON_FALSE,
    SL_FNJSON_NUMBER,
    SL_FNJSON_STRING,
    SL_FNJSON_ARRAY,
    SL_FNJSON_OBJECT,
} sl_fnjson_kind;

typedef struct sl_fnjson sl_fnjson;
struct sl_fnjson {
    sl_fnjson_kind kind;
    uint32_t n;       /* NUMBER/STRING: text length; ARRAY/OBJECT: member count */
    const char *text; /* NUMBER: its text; STRING: raw contents between the quotes */
    sl_fnjson *items; /* ARRAY: elements; OBJECT: member values */
    sl_fnjson *keys;  /* OBJECT: member keys (STRING nodes), parallel to items */
    bool escaped;     /* STRING: the raw contents hold backslash escapes */
};

/* Parses s[0..n) into *out, allocating in ar. Returns false on malformed JSON,
 * with *out left undefined. */
bool sl_fnjson_parse(sl_arena *ar, const char *s, size_t n, sl_fnjson *out);

/* The decoded text of a STRING node, in ar (or borrowed when unescaped). */
const char *sl_fnjson_str(sl_arena *ar, const sl_fnjson *str, size_t *len);

/* The value of key (decoded text, len bytes) in an OBJECT node, or NULL. */
const sl_fnjson *sl_fnjson_get(sl_arena *ar, const sl_fnjson *obj, const char *key, size_t len);

/* Whether member i of an OBJECT is the one that counts for its key (its key
 * does not repeat earlier); i's value is then the key's last value, from
 * sl_fnjson_get. */
bool sl_fnjson_first_of_key(sl_arena *ar, const sl_fnjson *obj, uint32_t i);

/* Appends v as compact JSON (Jackson's JsonNode.toString). */
void sl_fnjson_write(sl_arena *ar, sl_buf *out, const sl_fnjson *v);

/* Appends s as a JSON string literal with Jackson's escaping. */
void sl_fnjson_write_str(sl_buf *out, const char *s, size_t n);

#endif
