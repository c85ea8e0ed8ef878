/*
 * ddl.c - CREATE [OR REPLACE] [SOURCE] STREAM|TABLE: from the statement to a
 * catalog source, validated as ksqlDB validates it.
 *
 *   name checks -> columns (key first, reserved names, header types)
 *   -> WITH: topic, formats, timestamp, window, partitions -> serde check
 *   -> topic: exists (take its partitions) or will be created (PARTITIONS)
 */
#include "common/mem.h"
#include "planner/planner_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *kind_word(bool is_table)
{
    return is_table ? "table" : "stream";
}

static sl_error *check_existing(sl_planctx *pc, const sl_ast_stmt *st, sl_ddl_result *out)
{
    const char *name = st->source.name.text;
    bool is_table = st->source.is_table;
    const sl_source *old = sl_catalog_source(pc->cat, name);
    if (!old) return NULL;
    if (st->source.if_not_exists) {
        out->exists = true;
        return NULL;
    }
    if (!st->source.or_replace)
        return sl_error_new(SL_E_STATEMENT,
                            "Cannot add %s '%s': A %s with the same name already exists",
                            kind_word(is_table), name, kind_word(old->is_table));
    if (old->is_table != is_table)
        return sl_error_new(SL_E_STATEMENT,
                            "Cannot add %s '%s': A %s with the same name already exists",
                            kind_word(is_table), name, kind_word(old->is_table));
    if (old->is_source || st->source.is_source)
        return sl_error_new(SL_E_STATEMENT,
                            "Cannot add %s '%s': CREATE OR REPLACE is not supported on source %ss.",
                            kind_word(is_table), name, kind_word(is_table));
    return NULL;
}

static const sl_type *headers_type(sl_arena *ar)
{
    sl_field f[2] = {{"KEY", &sl_type_string}, {"VALUE", &sl_type_bytes}};
    return sl_type_array(ar, sl_type_struct(ar, 2, f));
}

static sl_error *check_column(const sl_column *c, sl_arena *ar)
{
    if (sl_plan_is_reserved_col(c->name))
        return sl_error_new(SL_E_STATEMENT,
                            "'%s' is a reserved column name. You cannot use it as a name for a column.",
                            c->name);
    if (c->role == SL_COLROLE_HEADER && c->type->kind != SL_K_BYTES) {
        sl_buf b = SL_BUF_INIT;
        sl_type_print(&b, c->type);
        sl_error *err = sl_error_new(SL_E_STATEMENT,
                                     "Invalid type for HEADER('%s') column: expected BYTES, got %s",
                                     c->header, sl_buf_cstr(&b));
        sl_buf_free(&b);
        return err;
    }
    if (c->role == SL_COLROLE_HEADERS && !sl_type_eq(c->type, headers_type(ar)))
        return sl_error_new(SL_E_STATEMENT,
                            "Invalid type for HEADERS column: expected ARRAY<STRUCT<`KEY` STRING, "
                            "`VALUE` BYTES>>");
    return NULL;
}

static sl_colrole role_of(sl_col_constraint c)
{
    switch (c) {
    case SL_COL_KEY:
    case SL_COL_PRIMARY_KEY: return SL_COLROLE_KEY;
    case SL_COL_HEADERS: return SL_COLROLE_HEADERS;
    case SL_COL_HEADER: return SL_COLROLE_HEADER;
    default: return SL_COLROLE_VALUE;
    }
}

/* Fills src's columns from the column list: key columns first, in declaration order. */
static sl_error *build_columns(sl_planctx *pc, const sl_ast_column_list *defs, sl_source *src)
{
    src->cols = SL_ARENA_ARRAY(src->ar, sl_column, defs->n + 1);
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < defs->n; i++) {
            const sl_ast_column_def *d = &defs->v[i];
            sl_colrole role = role_of(d->constraint);
            if ((pass == 0) != (role == SL_COLROLE_KEY)) continue;
            sl_column *c = &src->cols[src->ncols];
            c->name = sl_arena_strdup(src->ar, d->name.text);
            c->role = role;
            c->header = d->header_key ? sl_arena_strdup(src->ar, d->header_key) : NULL;
            sl_error *err = sl_plan_type(pc, d->type, src->ar, &c->type);
            if (!err) err = check_column(c, src->ar);
            for (uint32_t j = 0; !err && j < src->ncols; j++)
                if (strcmp(src->cols[j].name, c->name) == 0)
                    err = sl_error_new(SL_E_STATEMENT, "Duplicate column names: %s", c->name);
            if (err) return err;
            src->ncols++;
            if (role == SL_COLROLE_KEY) src->nkey++;
        }
    if (src->is_table && src->nkey == 0)
        return sl_error_new(SL_E_STATEMENT, "Tables require a PRIMARY KEY. Please define the PRIMARY KEY.");
    if (defs->n == 0)
        return sl_error_new(SL_E_STATEMENT, "The statement does not define any columns.");
    return NULL;
}

/* TIMESTAMP / TIMESTAMP_FORMAT: the event-time column of a source. */
static sl_error *timestamp_props(const sl_ast_prop_list *props, sl_source *src)
{
    const sl_ast_prop *ts = sl_plan_with(props, "TIMESTAMP");
    const sl_ast_prop *fmt = sl_plan_with(props, "TIMESTAMP_FORMAT");
    if (!ts) return NULL;
    char *name = sl_arena_strdup(src->ar, sl_plan_with_text(ts));
    int i = sl_source_col(src, name);
    if (i < 0) {
        /* ksqlDB matches the TIMESTAMP property case-insensitively when unquoted */
        for (char *c = name; *c; c++) *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
        i = sl_source_col(src, name);
    }
    if (i < 0)
        return sl_error_new(SL_E_STATEMENT,
                            "The TIMESTAMP column set in the WITH clause does not exist in the "
                            "schema: '%s'",
                            name);
    sl_kind k = src->cols[i].type->kind;
    if (fmt && k != SL_K_STRING)
        return sl_error_new(SL_E_STATEMENT,
                            "TIMESTAMP_FORMAT can only be used with a STRING TIMESTAMP column");
    if (!fmt && k != SL_K_BIGINT && k != SL_K_TIMESTAMP)
        return sl_error_new(SL_E_STATEMENT,
                            "Timestamp column, `%s`, should be LONG(INT64), TIMESTAMP, or a String "
                            "with a timestamp_format specified.",
                            name);
    src->ts_col = src->cols[i].name;
    src->ts_format = fmt ? sl_arena_strdup(src->ar, sl_plan_with_text(fmt)) : NULL;
    return NULL;
}

/* Parses '10 SECONDS' style WINDOW_SIZE values into milliseconds. */
static sl_error *parse_window_size(const char *text, int64_t *ms)
{
    char num[32], unit[32];
    if (sscanf(text, "%31s %31s", num, unit) != 2)
        return sl_error_new(SL_E_STATEMENT,
                            "Configuration WINDOW_SIZE is invalid: Invalid duration: '%s'. "
                            "Expected format: '<number> <unit>'",
                            text);
    static const struct { const char *u; int64_t ms; } units[] = {
        {"MILLISECOND", 1}, {"MILLISECONDS", 1}, {"SECOND", 1000}, {"SECONDS", 1000},
        {"MINUTE", 60000}, {"MINUTES", 60000}, {"HOUR", 3600000}, {"HOURS", 3600000},
        {"DAY", 86400000}, {"DAYS", 86400000},
    };
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (strcasecmp(unit, units[i].u) == 0) {
            *ms = atoll(num) * units[i].ms;
            return NULL;
        }
    for (char *c = unit; *c; c++) *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
    return sl_error_new(SL_E_STATEMENT,
                        "Configuration WINDOW_SIZE is invalid: Invalid duration: '%s'. Unknown "
                        "time unit: '%s'",
                        text, unit);
}

static sl_error *window_props(const sl_ast_prop_list *props, sl_source *src)
{
    const sl_ast_prop *wt = sl_plan_with(props, "WINDOW_TYPE");
    const sl_ast_prop *ws = sl_plan_with(props, "WINDOW_SIZE");
    if (!wt) {
        if (ws) return sl_error_new(SL_E_STATEMENT, "'WINDOW_SIZE' requires 'WINDOW_TYPE'");
        return NULL;
    }
    const char *t = sl_plan_with_text(wt);
    src->windowed = true;
    if (strcasecmp(t, "SESSION") == 0) {
        if (ws) return sl_error_new(SL_E_STATEMENT, "'WINDOW_SIZE' should not be set for SESSION windows.");
        src->window.kind = SL_SERDE_WINDOW_SESSION;
        return NULL;
    }
    if (strcasecmp(t, "TUMBLING") != 0 && strcasecmp(t, "HOPPING") != 0)
        return sl_error_new(SL_E_STATEMENT, "Unknown WINDOW_TYPE '%s': expected SESSION, HOPPING or TUMBLING", t);
    if (!ws)
        return sl_error_new(SL_E_STATEMENT, "WINDOW_SIZE is required for %s windows.", t);
    src->window.kind = SL_SERDE_WINDOW_TIME;
    return parse_window_size(sl_plan_with_text(ws), &src->window.size_ms);
}

static sl_error *int_prop(const sl_ast_prop_list *props, const char *name, int64_t *out)
{
    const sl_ast_prop *p = sl_plan_with(props, name);
    if (!p) return NULL;
    const sl_ast_expr *v = p->value;
    if (v->kind != SL_AST_LITERAL || (v->lit.kind != SL_LIT_INT && v->lit.kind != SL_LIT_BIGINT)) {
        const char *t = sl_plan_with_text(p);
        char *end;
        long long x = strtoll(t, &end, 10);
        if (!*t || *end)
            return sl_error_new(SL_E_STATEMENT, "Invalid value for %s: '%s' (expected an integer)",
                                name, t);
        *out = x;
        return NULL;
    }
    *out = v->lit.i;
    return NULL;
}

/* The topic: take an existing topic's partitions, or plan to create it (PARTITIONS). */
static sl_error *topic_props(sl_planctx *pc, const sl_ast_prop_list *props, sl_source *src,
                             bool *create)
{
    const sl_ast_prop *t = sl_plan_with(props, "KAFKA_TOPIC");
    if (!t)
        return sl_error_new(SL_E_STATEMENT,
                            "Missing required property \"KAFKA_TOPIC\" which has no default value.");
    src->topic = sl_arena_strdup(src->ar, sl_plan_with_text(t));
    int64_t parts = -1, reps = -1;
    sl_error *err = int_prop(props, "PARTITIONS", &parts);
    if (!err) err = int_prop(props, "REPLICAS", &reps);
    if (err) return err;
    sl_topic_info info;
    err = pc->topic ? pc->topic(pc->topic_ctx, src->topic, &info)
                    : sl_error_new(SL_E_NOT_FOUND, "no topics");
    if (!err) {
        src->partitions = info.partitions;
        src->replicas = info.replicas > 0 ? info.replicas : 1;
        *create = false;
        return NULL;
    }
    sl_error_free(err);
    if (parts < 1)
        return sl_error_new(SL_E_STATEMENT,
                            "Topic '%s' does not exist. If you want to create a new topic for the "
                            "stream/table please re-run the statement providing the required "
                            "'PARTITIONS' configuration in the WITH clause (and, optionally, "
                            "'REPLICAS'). For example: CREATE STREAM %s (ID INT, VALUE STRING) WITH "
                            "(KAFKA_TOPIC='%s', PARTITIONS=2, REPLICAS=1, VALUE_FORMAT='JSON');",
                            src->topic, src->name, src->topic);
    src->partitions = (int32_t)parts;
    src->replicas = (int16_t)(reps > 0 ? reps : 1);
    *create = true;
    return NULL;
}

static sl_error *format_defaults(sl_planctx *pc, const sl_ast_prop_list *props, sl_source *src)
{
    sl_fmtspec key = {SL_SERDE_KAFKA, SL_SERDE_PROPS_INIT}, value = {SL_SERDE_JSON, SL_SERDE_PROPS_INIT};
    const char *dk = sl_plan_prop(pc, "ksql.persistence.default.format.key");
    const char *dv = sl_plan_prop(pc, "ksql.persistence.default.format.value");
    sl_error *err = dk ? sl_serde_format_parse(dk, &key.format) : NULL;
    if (!err && dv) err = sl_serde_format_parse(dv, &value.format);
    bool key_given, value_given;
    uint32_t nvalue = 0;
    for (uint32_t i = 0; i < src->ncols; i++) nvalue += src->cols[i].role == SL_COLROLE_VALUE;
    if (!err) err = sl_plan_formats(pc, props, &key, &value, nvalue, &key_given, &value_given);
    if (err) return err;
    if (!value_given && !dv)
        return sl_error_new(SL_E_STATEMENT,
                            "Statement is missing the 'VALUE_FORMAT' property from the WITH clause. "
                            "Either provide one or set a default via the "
                            "'ksql.persistence.default.format.value' config.");
    if (src->nkey == 0) { /* no key: NONE, unless FORMAT named one (sinks inherit it) */
        if (key_given && key.format != SL_SERDE_NONE && key.format != SL_SERDE_KAFKA)
            return sl_error_new(SL_E_STATEMENT, "Key format specified for stream without key columns.");
        if (!sl_plan_with(props, "FORMAT")) key.format = SL_SERDE_NONE;
    }
    src->key = key;
    src->value = value;
    return NULL;
}

static sl_error *watermark(const sl_ast_watermark *wm, sl_source *src)
{
    if (!wm) return NULL;
    int i = sl_source_col(src, wm->column.text);
    if (i < 0)
        return sl_error_new(SL_E_STATEMENT, "WATERMARK column '%s' is not a column of '%s'",
                            wm->column.text, src->name);
    sl_kind k = src->cols[i].type->kind;
    if (k != SL_K_TIMESTAMP && k != SL_K_BIGINT)
        return sl_error_new(SL_E_STATEMENT, "WATERMARK column '%s' must be TIMESTAMP or BIGINT",
                            wm->column.text);
    if (!src->ts_col) src->ts_col = src->cols[i].name;
    src->watermark_ms = wm->delay ? wm->delay->ms : 0;
    return NULL;
}

sl_error *sl_plan_create_source(sl_planctx *pc, const sl_ast_stmt *st, sl_ddl_result *out)
{
    memset(out, 0, sizeof *out);
    sl_error *err = check_existing(pc, st, out);
    if (err || out->exists) return err;
    sl_source *src = sl_source_new(st->source.name.text, st->source.is_table);
    src->is_source = st->source.is_source;
    src->sql = sl_arena_strdup(src->ar, st->text);
    const sl_ast_prop_list *props = &st->source.props;
    err = build_columns(pc, &st->source.columns, src);
    if (!err) err = format_defaults(pc, props, src);
    if (!err) err = topic_props(pc, props, src, &out->create_topic);
    if (!err) err = timestamp_props(props, src);
    if (!err) err = window_props(props, src);
    if (!err) err = watermark(st->source.watermark, src);
    if (!err) {
        sl_serde *k, *v;
        err = sl_plan_source_serdes(src, NULL, &k, &v);
        sl_serde_free(k);
        sl_serde_free(v);
    }
    if (err) {
        sl_source_free(src);
        return err;
    }
    out->source = src;
    return NULL;
}
