/*
 * render_value.c - values, types and schemas as ksqlDB's CLI writes them.
 *
 * The CLI is Java: a row value is printed with Objects.toString of what
 * Jackson parsed, so strings appear bare, doubles in Java's Double.toString
 * form (1.0, 0.001, 1.0E7, 1.0E-4), lists as [a, b] and maps/structs as
 * {K=v, L=w}. Types are printed from the REST schema objects the way
 * SchemaInfo.toTypeString does (VARCHAR(STRING), MAP<STRING, INTEGER>, ...).
 */
#include "cli/render_int.h"
#include "common/mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sl_render_str(const json_t *obj, const char *key, const char *def)
{
    const char *s = json_string_value(key ? json_object_get(obj, key) : obj);
    return s ? s : def;
}

/* Java's Double.toString: the shortest digits that read back as d, plain
 * notation for 1e-3 <= |d| < 1e7, computerised scientific notation otherwise. */
static void java_double(sl_buf *out, double d)
{
    if (isnan(d) || isinf(d) || d == 0) {
        sl_buf_puts(out, isnan(d)   ? "NaN"
                         : isinf(d) ? (d < 0 ? "-Infinity" : "Infinity")
                                    : (signbit(d) ? "-0.0" : "0.0"));
        return;
    }
    char e[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(e, sizeof e, "%.*e", prec - 1, d);
        if (strtod(e, NULL) == d) break;
    }
    /* e is [-]D[.DDD]e[+-]XX: collect the digits and the exponent */
    char digits[24];
    size_t nd = 0;
    const char *p = e;
    if (*p == '-') sl_buf_putc(out, '-'), p++;
    for (; *p && *p != 'e'; p++)
        if (*p != '.') digits[nd++] = *p;
    int exp = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    double a = fabs(d);
    if (a >= 1e-3 && a < 1e7) {
        if (exp < 0) {
            sl_buf_puts(out, "0.");
            for (int i = -1; i > exp; i--)
                sl_buf_putc(out, '0');
            sl_buf_append(out, digits, nd);
            return;
        }
        for (int i = 0; i <= exp; i++)
            sl_buf_putc(out, (size_t)i < nd ? digits[i] : '0');
        sl_buf_putc(out, '.');
        if ((size_t)exp + 1 < nd)
            sl_buf_append(out, digits + exp + 1, nd - (size_t)exp - 1);
        else
            sl_buf_putc(out, '0');
        return;
    }
    sl_buf_putc(out, digits[0]);
    sl_buf_putc(out, '.');
    if (nd > 1)
        sl_buf_append(out, digits + 1, nd - 1);
    else
        sl_buf_putc(out, '0');
    sl_buf_printf(out, "E%d", exp);
}

void sl_render_value(sl_buf *out, const json_t *v)
{
    if (!v) {
        sl_buf_puts(out, "null");
        return;
    }
    switch (json_typeof(v)) {
    case JSON_STRING:
        sl_buf_append(out, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        sl_buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        java_double(out, json_real_value(v));
        break;
    case JSON_TRUE:
        sl_buf_puts(out, "true");
        break;
    case JSON_FALSE:
        sl_buf_puts(out, "false");
        break;
    case JSON_ARRAY: {
        sl_buf_putc(out, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i) sl_buf_puts(out, ", ");
            sl_render_value(out, json_array_get(v, i));
        }
        sl_buf_putc(out, ']');
        break;
    }
    case JSON_OBJECT: {
        sl_buf_putc(out, '{');
        const char *k;
        json_t *m;
        bool first = true;
        json_object_foreach((json_t *)v, k, m)
        {
            if (!first) sl_buf_puts(out, ", ");
            first = false;
            sl_buf_printf(out, "%s=", k);
            sl_render_value(out, m);
        }
        sl_buf_putc(out, '}');
        break;
    }
    default:
        sl_buf_puts(out, "null");
    }
}

const char *sl_render_value_str(sl_arena *ar, const json_t *v)
{
    if (json_is_string(v)) return json_string_value(v);
    sl_buf b = SL_BUF_INIT;
    sl_render_value(&b, v);
    const char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

void sl_render_type(sl_buf *out, const json_t *schema)
{
    const char *type = sl_render_str(schema, "type", "null");
    const json_t *member = json_object_get(schema, "memberSchema");
    if (strcmp(type, "STRING") == 0) {
        sl_buf_puts(out, "VARCHAR(STRING)");
    } else if (strcmp(type, "ARRAY") == 0) {
        sl_buf_puts(out, "ARRAY<");
        sl_render_type(out, member);
        sl_buf_putc(out, '>');
    } else if (strcmp(type, "MAP") == 0) {
        sl_buf_puts(out, "MAP<STRING, ");
        sl_render_type(out, member);
        sl_buf_putc(out, '>');
    } else if (strcmp(type, "STRUCT") == 0) {
        const json_t *fields = json_object_get(schema, "fields");
        sl_buf_puts(out, "STRUCT<");
        for (size_t i = 0; i < json_array_size(fields); i++) {
            const json_t *f = json_array_get(fields, i);
            sl_buf_printf(out, "%s%s ", i ? ", " : "", sl_render_str(f, "name", ""));
            sl_render_type(out, json_object_get(f, "schema"));
        }
        sl_buf_putc(out, '>');
    } else if (strcmp(type, "DECIMAL") == 0) {
        const json_t *params = json_object_get(schema, "parameters");
        sl_buf_puts(out, "DECIMAL");
        if (json_object_size(params)) {
            sl_buf_putc(out, '(');
            sl_render_value(out, json_object_get(params, "precision"));
            sl_buf_puts(out, ", ");
            sl_render_value(out, json_object_get(params, "scale"));
            sl_buf_putc(out, ')');
        }
    } else {
        sl_buf_puts(out, type);
    }
}

/* The name at the start of one "`NAME` TYPE ..." column of a schema string. */
static json_t *column_name(const char *p, const char *end)
{
    while (p < end && *p == ' ')
        p++;
    sl_buf b = SL_BUF_INIT;
    if (p < end && *p == '`') {
        for (p++; p < end; p++) {
            if (*p == '`' && !(p + 1 < end && p[1] == '`')) break;
            if (*p == '`') p++;
            sl_buf_putc(&b, *p);
        }
    } else {
        for (; p < end && *p != ' '; p++)
            sl_buf_putc(&b, *p);
    }
    json_t *s = json_stringn(sl_buf_cstr(&b), b.len);
    sl_buf_free(&b);
    return s ? s : json_string("?");
}

json_t *sl_render_schema_names(const char *schema)
{
    json_t *names = json_array();
    const char *start = schema, *p = schema;
    int depth = 0;
    bool quoted = false;
    for (;; p++) {
        char c = *p;
        if (c == '`')
            quoted = !quoted;
        else if (!quoted && (c == '<' || c == '('))
            depth++;
        else if (!quoted && (c == '>' || c == ')'))
            depth--;
        if (c == '\0' || (c == ',' && depth == 0 && !quoted)) {
            const char *q = start;
            while (q < p && *q == ' ')
                q++;
            if (q < p) json_array_append_new(names, column_name(q, p));
            if (c == '\0') break;
            start = p + 1;
        }
    }
    return names;
}

void sl_render_json(sl_buf *out, const json_t *v)
{
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_ENCODE_ANY);
    sl_buf_puts(out, s ? s : "null");
    sl_buf_putc(out, '\n');
    free(s);
}

typedef struct sort_item {
    const json_t *v;
    const char *key;
    size_t index; /* ties keep their order: Java's sort is stable, qsort is not */
} sort_item;

static int cmp_item(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

const json_t **sl_render_sorted(sl_arena *ar, const json_t *arr, const char *key, size_t *n)
{
    *n = json_array_size(arr);
    sort_item *items = sl_malloc((*n ? *n : 1) * sizeof *items);
    for (size_t i = 0; i < *n; i++) {
        items[i].v = json_array_get(arr, i);
        items[i].key = sl_render_str(items[i].v, key, "");
        items[i].index = i;
    }
    qsort(items, *n, sizeof *items, cmp_item);
    const json_t **out = sl_arena_alloc(ar, (*n ? *n : 1) * sizeof *out);
    for (size_t i = 0; i < *n; i++)
        out[i] = items[i].v;
    free(items);
    return out;
}
