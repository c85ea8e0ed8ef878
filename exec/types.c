/*
 * types.c - SQL types: singletons, builders, equality, printing, and ksqlDB's
 * coercion and cast rules (see types.h).
 */
#include "exec/types.h"

#include <string.h>
#include <strings.h>

#define PRIM(name, k) const sl_type name = {.kind = k}
PRIM(sl_type_null, SL_K_NULL);
PRIM(sl_type_boolean, SL_K_BOOLEAN);
PRIM(sl_type_int, SL_K_INT);
PRIM(sl_type_bigint, SL_K_BIGINT);
PRIM(sl_type_double, SL_K_DOUBLE);
PRIM(sl_type_string, SL_K_STRING);
PRIM(sl_type_bytes, SL_K_BYTES);
PRIM(sl_type_timestamp, SL_K_TIMESTAMP);
PRIM(sl_type_date, SL_K_DATE);
PRIM(sl_type_time, SL_K_TIME);
PRIM(sl_type_lambda, SL_K_LAMBDA);
PRIM(sl_type_interval, SL_K_INTERVAL);
#undef PRIM

static const sl_type dec_int = {.kind = SL_K_DECIMAL, .precision = 10, .scale = 0};
static const sl_type dec_bigint = {.kind = SL_K_DECIMAL, .precision = 19, .scale = 0};

static const char *const kind_names[SL_K__COUNT] = {
    [SL_K_NULL] = "NULL",           [SL_K_BOOLEAN] = "BOOLEAN", [SL_K_INT] = "INTEGER",
    [SL_K_BIGINT] = "BIGINT",       [SL_K_DOUBLE] = "DOUBLE",   [SL_K_DECIMAL] = "DECIMAL",
    [SL_K_STRING] = "STRING",       [SL_K_BYTES] = "BYTES",     [SL_K_TIMESTAMP] = "TIMESTAMP",
    [SL_K_DATE] = "DATE",           [SL_K_TIME] = "TIME",       [SL_K_ARRAY] = "ARRAY",
    [SL_K_MAP] = "MAP",             [SL_K_STRUCT] = "STRUCT",   [SL_K_LAMBDA] = "LAMBDA",
    [SL_K_INTERVAL] = "INTERVAL",
};

const char *sl_kind_name(sl_kind kind)
{
    return kind < SL_K__COUNT ? kind_names[kind] : "UNKNOWN";
}

const sl_type *sl_type_primitive(sl_kind kind)
{
    switch (kind) {
    case SL_K_NULL: return &sl_type_null;
    case SL_K_BOOLEAN: return &sl_type_boolean;
    case SL_K_INT: return &sl_type_int;
    case SL_K_BIGINT: return &sl_type_bigint;
    case SL_K_DOUBLE: return &sl_type_double;
    case SL_K_STRING: return &sl_type_string;
    case SL_K_BYTES: return &sl_type_bytes;
    case SL_K_TIMESTAMP: return &sl_type_timestamp;
    case SL_K_DATE: return &sl_type_date;
    case SL_K_TIME: return &sl_type_time;
    case SL_K_LAMBDA: return &sl_type_lambda;
    case SL_K_INTERVAL: return &sl_type_interval;
    default: return NULL;
    }
}

const sl_type *sl_type_decimal(sl_arena *ar, int precision, int scale)
{
    sl_type *t = SL_ARENA_NEW(ar, sl_type);
    t->kind = SL_K_DECIMAL;
    t->precision = (uint8_t)precision;
    t->scale = (uint8_t)scale;
    return t;
}

const sl_type *sl_type_array(sl_arena *ar, const sl_type *elem)
{
    sl_type *t = SL_ARENA_NEW(ar, sl_type);
    t->kind = SL_K_ARRAY;
    t->elem = elem;
    return t;
}

const sl_type *sl_type_map(sl_arena *ar, const sl_type *key, const sl_type *value)
{
    sl_type *t = SL_ARENA_NEW(ar, sl_type);
    t->kind = SL_K_MAP;
    t->key = key;
    t->elem = value;
    return t;
}

const sl_type *sl_type_struct(sl_arena *ar, uint32_t nfields, const sl_field *fields)
{
    sl_type *t = SL_ARENA_NEW(ar, sl_type);
    t->kind = SL_K_STRUCT;
    t->nfields = nfields;
    t->fields = nfields ? sl_arena_memdup(ar, fields, nfields * sizeof *fields) : NULL;
    return t;
}

const sl_type *sl_type_copy(sl_arena *ar, const sl_type *t)
{
    switch (t->kind) {
    case SL_K_DECIMAL: return sl_type_decimal(ar, t->precision, t->scale);
    case SL_K_ARRAY: return sl_type_array(ar, sl_type_copy(ar, t->elem));
    case SL_K_MAP: return sl_type_map(ar, sl_type_copy(ar, t->key), sl_type_copy(ar, t->elem));
    case SL_K_STRUCT: {
        sl_field *f = SL_ARENA_ARRAY(ar, sl_field, t->nfields ? t->nfields : 1);
        for (uint32_t i = 0; i < t->nfields; i++) {
            f[i].name = sl_arena_strdup(ar, t->fields[i].name);
            f[i].type = sl_type_copy(ar, t->fields[i].type);
        }
        return sl_type_struct(ar, t->nfields, f);
    }
    default: return sl_type_primitive(t->kind);
    }
}

bool sl_type_eq(const sl_type *a, const sl_type *b)
{
    if (a == b) return true;
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case SL_K_DECIMAL: return a->precision == b->precision && a->scale == b->scale;
    case SL_K_ARRAY: return sl_type_eq(a->elem, b->elem);
    case SL_K_MAP: return sl_type_eq(a->key, b->key) && sl_type_eq(a->elem, b->elem);
    case SL_K_STRUCT:
        if (a->nfields != b->nfields) return false;
        for (uint32_t i = 0; i < a->nfields; i++)
            if (strcmp(a->fields[i].name, b->fields[i].name) != 0 ||
                !sl_type_eq(a->fields[i].type, b->fields[i].type))
                return false;
        return true;
    default: return true;
    }
}

int sl_type_field_index(const sl_type *t, const char *name)
{
    for (uint32_t i = 0; i < t->nfields; i++)
        if (strcmp(t->fields[i].name, name) == 0) return (int)i;
    for (uint32_t i = 0; i < t->nfields; i++)
        if (strcasecmp(t->fields[i].name, name) == 0) return (int)i;
    return -1;
}

void sl_type_print(sl_buf *out, const sl_type *t)
{
    switch (t->kind) {
    case SL_K_DECIMAL: sl_buf_printf(out, "DECIMAL(%d, %d)", t->precision, t->scale); break;
    case SL_K_ARRAY:
        sl_buf_puts(out, "ARRAY<");
        sl_type_print(out, t->elem);
        sl_buf_putc(out, '>');
        break;
    case SL_K_MAP:
        sl_buf_puts(out, "MAP<");
        sl_type_print(out, t->key);
        sl_buf_puts(out, ", ");
        sl_type_print(out, t->elem);
        sl_buf_putc(out, '>');
        break;
    case SL_K_STRUCT:
        sl_buf_puts(out, "STRUCT<");
        for (uint32_t i = 0; i < t->nfields; i++) {
            if (i) sl_buf_puts(out, ", ");
            sl_buf_printf(out, "`%s` ", t->fields[i].name);
            sl_type_print(out, t->fields[i].type);
        }
        sl_buf_putc(out, '>');
        break;
    default: sl_buf_puts(out, sl_kind_name(t->kind));
    }
}

const sl_type *sl_type_decimal_of_integral(const sl_type *t)
{
    return t->kind == SL_K_INT ? &dec_int : &dec_bigint;
}

/* Rank of a numeric kind in the widening chain INT < BIGINT < DECIMAL < DOUBLE. */
static int numeric_rank(sl_kind k)
{
    switch (k) {
    case SL_K_INT: return 1;
    case SL_K_BIGINT: return 2;
    case SL_K_DECIMAL: return 3;
    case SL_K_DOUBLE: return 4;
    default: return 0;
    }
}

/* Whether DECIMAL `to` holds every value of `from` (numeric, DECIMAL or integral). */
static bool decimal_fits(const sl_type *from, const sl_type *to)
{
    if (from->kind != SL_K_DECIMAL) from = sl_type_decimal_of_integral(from);
    return to->scale >= from->scale &&
           to->precision - to->scale >= from->precision - from->scale;
}

bool sl_type_can_coerce(const sl_type *from, const sl_type *to)
{
    if (from->kind == SL_K_NULL) return true;
    if (sl_type_eq(from, to)) return true;
    int rf = numeric_rank(from->kind), rt = numeric_rank(to->kind);
    if (rf && rt) {
        if (to->kind == SL_K_DECIMAL) return rf <= 3 && decimal_fits(from, to);
        return rf < rt;
    }
    if (from->kind != to->kind) return false;
    switch (from->kind) {
    case SL_K_ARRAY: return sl_type_can_coerce(from->elem, to->elem);
    case SL_K_MAP:
        return sl_type_can_coerce(from->key, to->key) && sl_type_can_coerce(from->elem, to->elem);
    case SL_K_STRUCT:
        if (from->nfields != to->nfields) return false;
        for (uint32_t i = 0; i < from->nfields; i++)
            if (strcasecmp(from->fields[i].name, to->fields[i].name) != 0 ||
                !sl_type_can_coerce(from->fields[i].type, to->fields[i].type))
                return false;
        return true;
    default: return false;
    }
}

static const sl_type *common_decimal(sl_arena *ar, const sl_type *a, const sl_type *b)
{
    if (a->kind != SL_K_DECIMAL) a = sl_type_decimal_of_integral(a);
    if (b->kind != SL_K_DECIMAL) b = sl_type_decimal_of_integral(b);
    int scale = a->scale > b->scale ? a->scale : b->scale;
    int ia = a->precision - a->scale, ib = b->precision - b->scale;
    int prec = (ia > ib ? ia : ib) + scale;
    if (prec > SL_DECIMAL_MAX_PRECISION) prec = SL_DECIMAL_MAX_PRECISION;
    return sl_type_decimal(ar, prec, scale);
}

const sl_type *sl_type_common(sl_arena *ar, const sl_type *a, const sl_type *b)
{
    if (a->kind == SL_K_NULL) return b;
    if (b->kind == SL_K_NULL) return a;
    if (sl_type_eq(a, b)) return a;
    int ra = numeric_rank(a->kind), rb = numeric_rank(b->kind);
    if (ra && rb) {
        if (ra == 4 || rb == 4) return &sl_type_double;
        if (ra == 3 || rb == 3) return common_decimal(ar, a, b);
        return ra > rb ? a : b;
    }
    if (a->kind != b->kind) return NULL;
    switch (a->kind) {
    case SL_K_ARRAY: {
        const sl_type *e = sl_type_common(ar, a->elem, b->elem);
        return e ? sl_type_array(ar, e) : NULL;
    }
    case SL_K_MAP: {
        const sl_type *k = sl_type_common(ar, a->key, b->key);
        const sl_type *v = sl_type_common(ar, a->elem, b->elem);
        return k && v ? sl_type_map(ar, k, v) : NULL;
    }
    case SL_K_STRUCT:
        return sl_type_can_coerce(a, b) ? b : sl_type_can_coerce(b, a) ? a : NULL;
    default: return NULL;
    }
}

bool sl_type_can_cast(const sl_type *from, const sl_type *to)
{
    sl_kind f = from->kind, t = to->kind;
    if (f == SL_K_NULL || sl_type_eq(from, to)) return true;
    if (t == SL_K_STRING) return f != SL_K_LAMBDA && f != SL_K_INTERVAL && f != SL_K_BYTES;
    if (numeric_rank(f) && numeric_rank(t)) return true;
    switch (t) {
    case SL_K_BOOLEAN: return f == SL_K_STRING;
    case SL_K_INT:
    case SL_K_BIGINT:
    case SL_K_DOUBLE:
    case SL_K_DECIMAL: return f == SL_K_STRING;
    case SL_K_TIMESTAMP: return f == SL_K_STRING || f == SL_K_DATE;
    case SL_K_DATE: return f == SL_K_STRING || f == SL_K_TIMESTAMP;
    case SL_K_TIME: return f == SL_K_STRING || f == SL_K_TIMESTAMP;
    case SL_K_BYTES: return f == SL_K_STRING; /* base64 */
    case SL_K_ARRAY: return f == SL_K_ARRAY && sl_type_can_cast(from->elem, to->elem);
    case SL_K_MAP:
        return f == SL_K_MAP && sl_type_can_cast(from->key, to->key) &&
               sl_type_can_cast(from->elem, to->elem);
    case SL_K_STRUCT:
        if (f != SL_K_STRUCT) return false;
        for (uint32_t i = 0; i < to->nfields; i++) {
            int j = sl_type_field_index(from, to->fields[i].name);
            if (j >= 0 && !sl_type_can_cast(from->fields[j].type, to->fields[i].type))
                return false;
        }
        return true;
    default: return false;
    }
}
