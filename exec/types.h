/*
 * types.h - SQL types of sluice (ksqlDB's type system).
 *
 *   BOOLEAN INT BIGINT DOUBLE DECIMAL(p,s) STRING BYTES TIMESTAMP DATE TIME
 *   ARRAY<T> MAP<K,V> STRUCT<name T, ...>
 *
 * A type is an immutable tree. Primitive types are static singletons
 * (sl_type_int, ...); composite and DECIMAL types are built in an arena whose
 * lifetime covers every user of the type (the catalog's or a query's). Types
 * are compared structurally with sl_type_eq, never by pointer.
 *
 * CREATE TYPE aliases are resolved by the planner; exec never sees an alias.
 * Values of each kind are laid out as value.h describes.
 */
#ifndef SL_EXEC_TYPES_H
#define SL_EXEC_TYPES_H

#include "common/arena.h"
#include "common/buf.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum sl_kind {
    SL_K_NULL,      /* the type of an untyped NULL literal; coerces to anything */
    SL_K_BOOLEAN,
    SL_K_INT,       /* 32-bit signed */
    SL_K_BIGINT,    /* 64-bit signed */
    SL_K_DOUBLE,
    SL_K_DECIMAL,   /* precision 1..38, scale 0..precision */
    SL_K_STRING,    /* UTF-8 */
    SL_K_BYTES,
    SL_K_TIMESTAMP, /* milliseconds since the epoch, UTC */
    SL_K_DATE,      /* days since the epoch */
    SL_K_TIME,      /* milliseconds since midnight */
    SL_K_ARRAY,
    SL_K_MAP,
    SL_K_STRUCT,
    SL_K_LAMBDA,    /* a lambda argument of TRANSFORM/FILTER/REDUCE; never a column */
    SL_K_INTERVAL,  /* a time unit argument (TIMESTAMPADD(SECONDS, ...)); never a column */
    SL_K__COUNT
} sl_kind;

#define SL_DECIMAL_MAX_PRECISION 38

typedef struct sl_type sl_type;

typedef struct sl_field {
    const char *name; /* case as declared (upper-cased unless quoted) */
    const sl_type *type;
} sl_field;

struct sl_type {
    sl_kind kind;
    uint8_t precision, scale; /* DECIMAL */
    uint32_t nfields;         /* STRUCT */
    const sl_type *key;       /* MAP key */
    const sl_type *elem;      /* ARRAY element, MAP value */
    const sl_field *fields;   /* STRUCT fields, in declaration order */
};

extern const sl_type sl_type_null, sl_type_boolean, sl_type_int, sl_type_bigint, sl_type_double,
    sl_type_string, sl_type_bytes, sl_type_timestamp, sl_type_date, sl_type_time, sl_type_lambda,
    sl_type_interval;

/* Builders; the result lives in ar. Precision/scale are not checked here (the binder does). */
const sl_type *sl_type_decimal(sl_arena *ar, int precision, int scale);
const sl_type *sl_type_array(sl_arena *ar, const sl_type *elem);
const sl_type *sl_type_map(sl_arena *ar, const sl_type *key, const sl_type *value);
/* Copies the field array (not the names or field types, which must outlive the type). */
const sl_type *sl_type_struct(sl_arena *ar, uint32_t nfields, const sl_field *fields);
/* Deep copy of t into ar (names included). */
const sl_type *sl_type_copy(sl_arena *ar, const sl_type *t);

/* The singleton for a primitive kind; NULL for DECIMAL and composite kinds. */
const sl_type *sl_type_primitive(sl_kind kind);

bool sl_type_eq(const sl_type *a, const sl_type *b);
static inline bool sl_type_is_integral(const sl_type *t)
{
    return t->kind == SL_K_INT || t->kind == SL_K_BIGINT;
}
static inline bool sl_type_is_numeric(const sl_type *t)
{
    return t->kind == SL_K_INT || t->kind == SL_K_BIGINT || t->kind == SL_K_DOUBLE ||
           t->kind == SL_K_DECIMAL;
}
static inline bool sl_type_is_temporal(const sl_type *t)
{
    return t->kind == SL_K_TIMESTAMP || t->kind == SL_K_DATE || t->kind == SL_K_TIME;
}
/* Index of the field named name (exact match, then case-insensitive), or -1. */
int sl_type_field_index(const sl_type *t, const char *name);

/* Appends the type as ksqlDB prints it: INTEGER, BIGINT, DECIMAL(4, 2), ARRAY<STRING>,
 * MAP<STRING, INTEGER>, STRUCT<`F1` STRING, `F2` INTEGER>. */
void sl_type_print(sl_buf *out, const sl_type *t);
/* The SQL name of a kind as ksqlDB prints it ("INTEGER", "STRUCT", ...). */
const char *sl_kind_name(sl_kind kind);

/* DECIMAL(p, s) that holds every value of an INT (10, 0) or BIGINT (19, 0). */
const sl_type *sl_type_decimal_of_integral(const sl_type *t);

/*
 * ksqlDB's implicit coercion: NULL to anything; INT -> BIGINT -> DECIMAL -> DOUBLE;
 * DECIMAL(p,s) -> DECIMAL with room for its digits; STRING -> TIMESTAMP/DATE/TIME only for
 * literals (decided by the binder, not here); ARRAY/MAP/STRUCT element-wise.
 */
bool sl_type_can_coerce(const sl_type *from, const sl_type *to);
/* The narrowest type both a and b coerce to (CASE branches, COALESCE, IN lists, arithmetic
 * operands), built in ar when new; NULL when there is none. */
const sl_type *sl_type_common(sl_arena *ar, const sl_type *a, const sl_type *b);
/* Whether CAST(x AS to) is allowed for x of type from (ksqlDB's cast rules). */
bool sl_type_can_cast(const sl_type *from, const sl_type *to);

#endif
