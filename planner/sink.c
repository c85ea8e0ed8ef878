/*
 * sink.c - where a persistent query's rows go.
 *
 *   CREATE STREAM|TABLE x AS SELECT: a new source x whose schema is the
 *     projection's; topic, formats and partitions from the WITH clause, else
 *     inherited from the FROM source (KAFKA_TOPIC defaults to x).
 *   INSERT INTO x SELECT: x must be a writable stream whose schema equals the
 *     projection's.
 *
 * Then the final PROJECT and the SINK node.
 */
#include "common/mem.h"
#include "planner/planner_int.h"

#include <stdlib.h>
#include <string.h>

static bool has_map(const sl_type *t)
{
    if (t->kind == SL_K_MAP) return true;
    if (t->kind == SL_K_ARRAY) return has_map(t->elem);
    if (t->kind == SL_K_STRUCT)
        for (uint32_t i = 0; i < t->nfields; i++)
            if (has_map(t->fields[i].type)) return true;
    return false;
}

static sl_error *check_key_types(const sl_qctx *q)
{
    for (uint32_t i = 0; i < q->nout_key; i++) {
        if (!has_map(q->out[i].type)) continue;
        sl_buf b = SL_BUF_INIT;
        sl_type_print(&b, q->out[i].type);
        sl_error *err = sl_error_new(
            SL_E_STATEMENT,
            "Map keys, including types that contain maps, are not supported as they may lead to "
            "unexpected behavior due to inconsistent serialization. Key column name: `%s`. Column "
            "type: %s. See https://github.com/confluentinc/ksql/issues/6621 for more.",
            q->out[i].name, sl_buf_cstr(&b));
        sl_buf_free(&b);
        return err;
    }
    return NULL;
}

static void set_columns(const sl_qctx *q, sl_source *sink)
{
    sink->cols = SL_ARENA_ARRAY(sink->ar, sl_column, q->nout + 1);
    sink->ncols = q->nout;
    sink->nkey = q->nout_key;
    for (uint32_t i = 0; i < q->nout; i++)
        sink->cols[i] = (sl_column){sl_arena_strdup(sink->ar, q->out[i].name),
                                    sl_type_copy(sink->ar, q->out[i].type),
                                    i < q->nout_key ? SL_COLROLE_KEY : SL_COLROLE_VALUE, NULL};
}

static sl_error *sink_formats(sl_qctx *q, const sl_ast_prop_list *props, sl_source *sink)
{
    const sl_source *from = q->from;
    sl_fmtspec key = {from->key.format, SL_SERDE_PROPS_INIT};
    sl_fmtspec value = {from->value.format, SL_SERDE_PROPS_INIT};
    if (key.format == SL_SERDE_NONE) {
        const char *dk = sl_plan_prop(q->pc, "ksql.persistence.default.format.key");
        key.format = SL_SERDE_KAFKA;
        if (dk) sl_serde_format_parse(dk, &key.format);
    }
    bool key_given, value_given;
    sl_error *err = sl_plan_formats(q->pc, props, &key, &value, sink->ncols - sink->nkey, &key_given, &value_given);
    if (err) return err;
    /* an unchanged format keeps the source's delimiter unless the WITH clause sets one */
    if (key.format == from->key.format && !sl_plan_with(props, "KEY_DELIMITER"))
        key.props.delimiter = from->key.props.delimiter;
    if (value.format == from->value.format && !sl_plan_with(props, "VALUE_DELIMITER"))
        value.props.delimiter = from->value.props.delimiter;
    if (sink->nkey == 0) {
        if (key_given && key.format != SL_SERDE_NONE)
            return sl_error_new(SL_E_STATEMENT, "Key format specified for stream without key columns.");
        key.format = SL_SERDE_NONE;
    }
    sink->key = key;
    sink->value = value;
    return NULL;
}

static sl_error *sink_topic(sl_qctx *q, const sl_ast_prop_list *props, sl_source *sink,
                            bool *create)
{
    const sl_ast_prop *t = sl_plan_with(props, "KAFKA_TOPIC");
    const char *prefix = sl_plan_prop(q->pc, "ksql.output.topic.name.prefix");
    sink->topic = t ? sl_arena_strdup(sink->ar, sl_plan_with_text(t))
                    : sl_arena_printf(sink->ar, "%s%s", prefix ? prefix : "", sink->name);
    const sl_ast_prop *p = sl_plan_with(props, "PARTITIONS");
    const sl_ast_prop *r = sl_plan_with(props, "REPLICAS");
    const char *dp = sl_plan_prop(q->pc, "ksql.sink.partitions");
    sink->partitions = p ? atoi(sl_plan_with_text(p)) : dp ? atoi(dp) : q->from->partitions;
    sink->replicas = (int16_t)(r ? atoi(sl_plan_with_text(r)) : q->from->replicas);
    if (sink->partitions < 1) return sl_error_new(SL_E_STATEMENT, "PARTITIONS must be at least 1");
    sl_topic_info info;
    sl_error *err = q->pc->topic ? q->pc->topic(q->pc->topic_ctx, sink->topic, &info)
                                 : sl_error_new(SL_E_NOT_FOUND, "no topics");
    *create = err != NULL;
    if (!err && !p) sink->partitions = info.partitions;
    sl_error_free(err);
    return NULL;
}

static sl_error *sink_timestamp(sl_qctx *q, const sl_ast_prop_list *props, sl_source *sink)
{
    const sl_ast_prop *ts = sl_plan_with(props, "TIMESTAMP");
    if (!ts) return NULL;
    char *name = sl_arena_strdup(sink->ar, sl_plan_with_text(ts));
    int i = sl_source_col(sink, name);
    if (i < 0) { /* unquoted: upper case */
        for (char *c = name; *c; c++) *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
        i = sl_source_col(sink, name);
    }
    if (i < 0)
        return sl_error_new(SL_E_STATEMENT,
                            "The TIMESTAMP column set in the WITH clause does not exist in the "
                            "schema: '%s'",
                            name);
    sink->ts_col = sink->cols[i].name;
    const sl_ast_prop *fmt = sl_plan_with(props, "TIMESTAMP_FORMAT");
    if (fmt) sink->ts_format = sl_arena_strdup(sink->ar, sl_plan_with_text(fmt));
    (void)q;
    return NULL;
}

static sl_error *check_existing_sink(sl_qctx *q)
{
    const sl_source *old = sl_catalog_source(q->pc->cat, q->sink_name);
    if (!old) return NULL;
    if (q->st->create_as.or_replace && old->is_table == q->sink_is_table) return NULL;
    return sl_error_new(SL_E_STATEMENT, "Cannot add %s '%s': A %s with the same name already exists",
                        q->sink_is_table ? "table" : "stream", q->sink_name,
                        old->is_table ? "table" : "stream");
}

/* ksqlDB quotes the statement, as it rewrote it, after a key format's refusal. */
static sl_error *with_statement(const sl_qctx *q, sl_error *err)
{
    sl_buf b = SL_BUF_INIT;
    sl_q_statement_text(&b, q);
    sl_error *out = sl_error_new(err->code, "%s\nStatement: %s", err->msg, sl_buf_cstr(&b));
    sl_buf_free(&b);
    sl_error_free(err);
    return out;
}

static sl_error *new_sink(sl_qctx *q, sl_persistent *out, sl_source **sinkp)
{
    if (q->sink_is_table != q->is_table)
        return sl_error_new(SL_E_STATEMENT,
                            "Invalid result type. Your SELECT query produces a %s. Please use "
                            "CREATE %s AS SELECT statement instead.",
                            q->is_table ? "TABLE" : "STREAM", q->is_table ? "TABLE" : "STREAM");
    sl_error *err = check_existing_sink(q);
    if (err) return err;
    sl_source *sink = sl_source_new(q->sink_name, q->sink_is_table);
    sink->sql = sl_arena_strdup(sink->ar, q->st->text);
    sink->owner = sl_arena_strdup(sink->ar, q->query_id);
    set_columns(q, sink);
    const sl_ast_prop_list *props = &q->st->create_as.props;
    err = sink_formats(q, props, sink);
    if (!err) err = sink_topic(q, props, sink, &out->create_topic);
    if (!err) err = sink_timestamp(q, props, sink);
    if (!err && q->windowed) {
        sink->windowed = true;
        sink->window = q->grouped ? q->win : q->from->window;
    }
    if (!err) {
        sl_serde *k, *v;
        err = sl_plan_source_serdes(sink, NULL, &k, &v);
        sl_serde_free(k);
        sl_serde_free(v);
        if (err && strncmp(err->msg, "Key format", 10) == 0) err = with_statement(q, err);
    }
    if (err) {
        sl_source_free(sink);
        return err;
    }
    *sinkp = sink;
    out->sink = sink;
    return NULL;
}

static sl_error *schema_mismatch(const sl_qctx *q, const sl_source *target)
{
    sl_buf r = SL_BUF_INIT, s = SL_BUF_INIT;
    sl_column *cols = SL_ARENA_ARRAY(q->pc->ar, sl_column, q->nout + 1);
    for (uint32_t i = 0; i < q->nout; i++)
        cols[i] = (sl_column){q->out[i].name, q->out[i].type,
                              i < q->nout_key ? SL_COLROLE_KEY : SL_COLROLE_VALUE, NULL};
    sl_plan_schema_print(&r, cols, q->nout);
    sl_plan_schema_print(&s, target->cols, target->ncols);
    sl_error *err = sl_error_new(SL_E_STATEMENT,
                                 "Incompatible schema between results and sink.\nResult schema is "
                                 "%s\nSink schema is %s",
                                 sl_buf_cstr(&r), sl_buf_cstr(&s));
    sl_buf_free(&r);
    sl_buf_free(&s);
    return err;
}

static sl_error *insert_target(sl_qctx *q, const sl_source **targetp)
{
    const sl_source *t = sl_catalog_source(q->pc->cat, q->sink_name);
    if (!t) return sl_error_new(SL_E_STATEMENT, "%s does not exist.", q->sink_name);
    if (t->is_table)
        return sl_error_new(SL_E_STATEMENT,
                            "INSERT INTO can only be used to insert into a stream. %s is a table.",
                            t->name);
    if (t->is_source) return sl_error_new(SL_E_STATEMENT, "Cannot insert into read-only stream: %s", t->name);
    for (uint32_t i = 0; i < t->ncols; i++)
        if (t->cols[i].role == SL_COLROLE_HEADERS || t->cols[i].role == SL_COLROLE_HEADER)
            return sl_error_new(SL_E_STATEMENT, "Cannot insert into %s because it has header columns",
                                t->name);
    bool same = t->ncols == q->nout && t->nkey == q->nout_key;
    for (uint32_t i = 0; same && i < q->nout; i++)
        same = strcmp(t->cols[i].name, q->out[i].name) == 0 && sl_type_eq(t->cols[i].type, q->out[i].type);
    if (!same) return schema_mismatch(q, t);
    *targetp = t;
    return NULL;
}

static sl_error *sink_node(sl_qctx *q, const sl_source *target)
{
    sl_arena *ar = q->plan->ar;
    sl_pnode *proj = sl_q_append(q, SL_PN_PROJECT, q->out, q->nout, q->nout_key);
    proj->u.project.exprs = (const sl_expr **)q->out_exprs;
    proj->u.project.key_from = q->out_key_from;
    proj->label = "Project";
    if (q->st->kind == SL_STMT_CREATE_AS && target->is_table) { /* pull queries read it */
        sl_pnode *pull = sl_q_append(q, SL_PN_PULLSTORE, q->out, q->nout, q->nout_key);
        pull->u.pull.ts_col = target->ts_col ? sl_source_col(target, target->ts_col) : -1;
        pull->u.pull.windowed = target->windowed;
        pull->label = "PullStore";
    }
    sl_pnode *sink = sl_q_append(q, SL_PN_SINK, q->out, q->nout, q->nout_key);
    sl_pn_sink *sk = &sink->u.sink;
    sink->label = "KsqlTopic/Sink";
    sk->topic = sl_arena_strdup(ar, target->topic);
    sk->nkey = target->nkey;
    sk->partitions = target->partitions;
    sk->is_table = target->is_table;
    sk->ts_col = target->ts_col ? sl_source_col(target, target->ts_col) : -1;
    if (target->windowed) {
        sl_serde_window *w = SL_ARENA_NEW(ar, sl_serde_window);
        *w = target->window;
        sk->window = w;
    }
    return sl_plan_source_serdes(target, NULL, &sk->key, &sk->value);
}

sl_error *sl_q_sink(sl_qctx *q, sl_persistent *out)
{
    sl_error *err = check_key_types(q);
    if (err) return err;
    const sl_source *target = NULL;
    sl_source *sink = NULL;
    if (q->st->kind == SL_STMT_CREATE_AS) err = new_sink(q, out, &sink);
    else err = insert_target(q, &target);
    if (err) return err;
    return sink_node(q, sink ? sink : target);
}
