/*
 * props.c - WITH clauses and formats: reading properties, choosing key and
 * value formats (KEY_FORMAT, VALUE_FORMAT, FORMAT and their defaults), format
 * properties, compiling a source's serdes, and printing schemas.
 */
#include "common/mem.h"
#include "planner/planner_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *sl_plan_prop(sl_planctx *pc, const char *name)
{
    return pc->prop ? pc->prop(pc->prop_ctx, name) : NULL;
}

const sl_ast_prop *sl_plan_with(const sl_ast_prop_list *props, const char *name)
{
    for (uint32_t i = 0; i < props->n; i++)
        if (strcmp(props->v[i].name.text, name) == 0) return &props->v[i];
    return NULL;
}

const char *sl_plan_with_text(const sl_ast_prop *p)
{
    const sl_ast_expr *v = p->value;
    if (v->kind != SL_AST_LITERAL) return "";
    switch (v->lit.kind) {
    case SL_LIT_NULL: return "null";
    case SL_LIT_BOOLEAN: return v->lit.b ? "true" : "false";
    default: return v->lit.text ? v->lit.text : "";
    }
}

static sl_error *parse_format(const char *name, sl_serde_format *out)
{
    sl_error *err = sl_serde_format_parse(name, out);
    return err;
}

/* Applies the format-specific properties (WRAP_SINGLE_VALUE, delimiters) of a WITH clause. */
static sl_error *format_props(sl_planctx *pc, const sl_ast_prop_list *props, sl_fmtspec *key,
                              sl_fmtspec *value)
{
    const sl_ast_prop *p;
    sl_error *err = NULL;
    const char *wrap = sl_plan_prop(pc, "ksql.persistence.wrap.single.values");
    if ((p = sl_plan_with(props, "WRAP_SINGLE_VALUE")))
        err = sl_serde_props_set(&value->props, value->format, "WRAP_SINGLE_VALUE",
                                 sl_plan_with_text(p));
    else if (wrap && value->props.wrap_single == SL_SERDE_WRAP_DEFAULT &&
             sl_serde_format_accepts(value->format, "WRAP_SINGLE_VALUE"))
        err = sl_serde_props_set(&value->props, value->format, "WRAP_SINGLE_VALUE", wrap);
    if (!err && (p = sl_plan_with(props, "VALUE_DELIMITER")))
        err = sl_serde_props_set(&value->props, value->format, "VALUE_DELIMITER",
                                 sl_plan_with_text(p));
    if (!err && (p = sl_plan_with(props, "KEY_DELIMITER")))
        err = sl_serde_props_set(&key->props, key->format, "KEY_DELIMITER", sl_plan_with_text(p));
    return err;
}

sl_error *sl_plan_formats(sl_planctx *pc, const sl_ast_prop_list *props, sl_fmtspec *key,
                          sl_fmtspec *value, bool *key_given, bool *value_given)
{
    const sl_ast_prop *f = sl_plan_with(props, "FORMAT");
    const sl_ast_prop *kf = sl_plan_with(props, "KEY_FORMAT");
    const sl_ast_prop *vf = sl_plan_with(props, "VALUE_FORMAT");
    if (f && vf)
        return sl_error_new(SL_E_STATEMENT,
                            "Cannot supply both 'VALUE_FORMAT' and 'FORMAT' properties, as 'FORMAT' "
                            "sets both key and value formats. Either use just 'FORMAT', or use "
                            "'KEY_FORMAT' and 'VALUE_FORMAT'.");
    if (f && kf)
        return sl_error_new(SL_E_STATEMENT,
                            "Cannot supply both 'KEY_FORMAT' and 'FORMAT' properties, as 'FORMAT' "
                            "sets both key and value formats. Either use just 'FORMAT', or use "
                            "'KEY_FORMAT' and 'VALUE_FORMAT'.");
    sl_error *err = NULL;
    *key_given = kf || f;
    *value_given = vf || f;
    if (kf || f) {
        err = parse_format(sl_plan_with_text(kf ? kf : f), &key->format);
        key->props = (sl_serde_props)SL_SERDE_PROPS_INIT;
    }
    if (!err && (vf || f)) {
        err = parse_format(sl_plan_with_text(vf ? vf : f), &value->format);
        value->props = (sl_serde_props)SL_SERDE_PROPS_INIT;
    }
    key->props.is_key = true;
    value->props.is_key = false;
    return err ? err : format_props(pc, props, key, value);
}

void sl_plan_source_fields(sl_arena *ar, const sl_source *src, sl_field **key, uint32_t *nkey,
                           sl_field **value, uint32_t *nvalue)
{
    *key = SL_ARENA_ARRAY(ar, sl_field, src->ncols + 1);
    *value = SL_ARENA_ARRAY(ar, sl_field, src->ncols + 1);
    *nkey = *nvalue = 0;
    for (uint32_t i = 0; i < src->ncols; i++) {
        const sl_column *c = &src->cols[i];
        sl_field f = {c->name, c->type};
        if (c->role == SL_COLROLE_KEY) (*key)[(*nkey)++] = f;
        else if (c->role == SL_COLROLE_VALUE) (*value)[(*nvalue)++] = f;
    }
}

sl_error *sl_plan_source_serdes(const sl_source *src, const bool *needed_value, sl_serde **key,
                                sl_serde **value)
{
    sl_arena *ar = sl_arena_new(1024);
    sl_field *kf, *vf;
    uint32_t nk, nv;
    sl_plan_source_fields(ar, src, &kf, &nk, &vf, &nv);
    sl_serde_props kp = src->key.props, vp = src->value.props;
    kp.topic = vp.topic = src->topic;
    kp.is_key = true;
    vp.is_key = false;
    *key = *value = NULL;
    sl_error *err = sl_serde_new(nk ? src->key.format : SL_SERDE_NONE, kf, nk, &kp, NULL, key);
    if (!err) err = sl_serde_new(src->value.format, vf, nv, &vp, needed_value, value);
    if (err) {
        sl_serde_free(*key);
        *key = NULL;
    }
    sl_arena_free(ar);
    return err;
}

void sl_plan_schema_print(sl_buf *out, const sl_column *cols, uint32_t ncols)
{
    for (uint32_t i = 0; i < ncols; i++) {
        const sl_column *c = &cols[i];
        if (i) sl_buf_puts(out, ", ");
        sl_buf_printf(out, "`%s` ", c->name);
        sl_type_print(out, c->type);
        if (c->role == SL_COLROLE_KEY) sl_buf_puts(out, " KEY");
        else if (c->role == SL_COLROLE_HEADERS) sl_buf_puts(out, " HEADERS");
        else if (c->role == SL_COLROLE_HEADER) sl_buf_printf(out, " HEADER('%s')", c->header);
    }
}
