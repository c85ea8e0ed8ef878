/*
 * types_ast.c - types as written -> exec types: built-in names (with ksqlDB's
 * synonyms: INT/INTEGER, VARCHAR/STRING), DECIMAL(p, s) bounds, composites,
 * and CREATE TYPE aliases from the catalog.
 */
#include "common/mem.h"
#include "planner/planner_int.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    const sl_type *type;
} builtins[] = {
    {"BOOLEAN", &sl_type_boolean}, {"INT", &sl_type_int},         {"INTEGER", &sl_type_int},
    {"BIGINT", &sl_type_bigint},   {"DOUBLE", &sl_type_double},   {"VARCHAR", &sl_type_string},
    {"STRING", &sl_type_string},   {"BYTES", &sl_type_bytes},     {"TIMESTAMP", &sl_type_timestamp},
    {"DATE", &sl_type_date},       {"TIME", &sl_type_time},
};

static sl_error *decimal_type(const sl_type_ast *t, sl_arena *ar, const sl_type **out)
{
    const sl_ast_str_list *p = &t->named.params;
    if (p->n != 2)
        return sl_error_new(SL_E_STATEMENT, "DECIMAL requires precision and scale: DECIMAL(p, s)");
    int prec = atoi(p->v[0]), scale = atoi(p->v[1]);
    if (prec < 1 || prec > SL_DECIMAL_MAX_PRECISION)
        return sl_error_new(SL_E_STATEMENT, "DECIMAL precision must be between 1 and %d: %d",
                            SL_DECIMAL_MAX_PRECISION, prec);
    if (scale < 0 || scale > prec)
        return sl_error_new(SL_E_STATEMENT,
                            "DECIMAL scale must be equal to or less than precision. scale: %d, "
                            "precision: %d",
                            scale, prec);
    *out = sl_type_decimal(ar, prec, scale);
    return NULL;
}

static sl_error *named_type(sl_planctx *pc, const sl_type_ast *t, sl_arena *ar, const sl_type **out)
{
    const char *name = t->named.name.text;
    if (strcmp(name, "DECIMAL") == 0) return decimal_type(t, ar, out);
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
        if (strcmp(name, builtins[i].name) == 0) {
            *out = builtins[i].type;
            return NULL;
        }
    const sl_type *alias = pc->cat ? sl_catalog_type(pc->cat, name) : NULL;
    if (!alias) return sl_error_new(SL_E_STATEMENT, "Cannot resolve unknown type: %s", name);
    *out = sl_type_copy(ar, alias);
    return NULL;
}

static sl_error *struct_type(sl_planctx *pc, const sl_type_ast *t, sl_arena *ar,
                             const sl_type **out)
{
    uint32_t n = t->fields.n;
    sl_field *f = SL_ARENA_ARRAY(ar, sl_field, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        f[i].name = sl_arena_strdup(ar, t->fields.v[i].name.text);
        for (uint32_t j = 0; j < i; j++)
            if (strcmp(f[j].name, f[i].name) == 0)
                return sl_error_new(SL_E_STATEMENT, "Duplicate field names found in STRUCT: '%s'",
                                    f[i].name);
        sl_error *err = sl_plan_type(pc, t->fields.v[i].type, ar, &f[i].type);
        if (err) return err;
    }
    *out = sl_type_struct(ar, n, f);
    return NULL;
}

sl_error *sl_plan_type(sl_planctx *pc, const sl_type_ast *t, sl_arena *ar, const sl_type **out)
{
    const sl_type *a, *b;
    sl_error *err;
    switch (t->kind) {
    case SL_TYPE_AST_NAME: return named_type(pc, t, ar, out);
    case SL_TYPE_AST_ARRAY:
        err = sl_plan_type(pc, t->elem, ar, &a);
        if (!err) *out = sl_type_array(ar, a);
        return err;
    case SL_TYPE_AST_MAP:
        err = sl_plan_type(pc, t->map.key, ar, &a);
        if (!err) err = sl_plan_type(pc, t->map.value, ar, &b);
        if (!err) *out = sl_type_map(ar, a, b);
        return err;
    case SL_TYPE_AST_STRUCT: return struct_type(pc, t, ar, out);
    }
    return sl_error_new(SL_E_INTERNAL, "unknown type node");
}

sl_error *sl_plan_create_type(sl_planctx *pc, const sl_ast_stmt *st, sl_arena *ar,
                              const sl_type **out)
{
    return sl_plan_type(pc, st->create_type.type, ar, out);
}
