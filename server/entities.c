/*
 * entities.c - ksqlDB's REST entities as JSON: what /ksql answers for each
 * statement (currentStatus, streams, tables, queries, kafka_topics,
 * sourceDescription, queryDescription, function_names, describe_function,
 * type_list), shaped exactly as ksqlDB's io.confluent.ksql.rest.entity
 * classes serialise, so ksqlDB's clients and CLI read them.
 */
#include "common/mem.h"
#include "exec/func.h"
#include "server/engine_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *sl_ent_with_text(json_t *entity, const char *text)
{
    json_object_set_new(entity, "statementText", json_string(text ? text : ""));
    json_object_set_new(entity, "warnings", json_array());
    return entity;
}

json_t *sl_ent_status(const char *text, const char *command_id, const char *message,
                      const char *query_id, int64_t seq)
{
    json_t *st = json_pack("{s:s,s:s,s:o}", "status", "SUCCESS", "message", message, "queryId",
                           query_id ? json_string(query_id) : json_null());
    json_t *e = json_pack("{s:s,s:s,s:o,s:I}", "@type", "currentStatus", "commandId", command_id,
                          "commandStatus", st, "commandSequenceNumber", (json_int_t)seq);
    return sl_ent_with_text(e, text);
}

json_t *sl_ent_schema(const sl_type *t)
{
    json_t *s = json_object();
    json_object_set_new(s, "type", json_string(sl_kind_name(t->kind)));
    json_t *fields = json_null(), *member = json_null();
    if (t->kind == SL_K_STRUCT) {
        fields = json_array();
        for (uint32_t i = 0; i < t->nfields; i++)
            json_array_append_new(fields, json_pack("{s:s,s:o}", "name", t->fields[i].name,
                                                    "schema", sl_ent_schema(t->fields[i].type)));
    }
    if (t->kind == SL_K_ARRAY || t->kind == SL_K_MAP) member = sl_ent_schema(t->elem);
    json_object_set_new(s, "fields", fields);
    json_object_set_new(s, "memberSchema", member);
    if (t->kind == SL_K_DECIMAL)
        json_object_set_new(s, "parameters", json_pack("{s:i,s:i}", "precision", t->precision,
                                                       "scale", t->scale));
    return s;
}

json_t *sl_ent_fields(const sl_column *cols, uint32_t ncols)
{
    json_t *a = json_array();
    for (uint32_t i = 0; i < ncols; i++) {
        json_t *f = json_pack("{s:s,s:o}", "name", cols[i].name, "schema", sl_ent_schema(cols[i].type));
        if (cols[i].role == SL_COLROLE_KEY) json_object_set_new(f, "type", json_string("KEY"));
        else if (cols[i].role != SL_COLROLE_VALUE) json_object_set_new(f, "type", json_string("HEADER"));
        json_array_append_new(a, f);
    }
    return a;
}

static const char *window_type(const sl_source *src)
{
    if (!src->windowed) return NULL;
    if (src->window.kind == SL_SERDE_WINDOW_SESSION) return "SESSION";
    return "TUMBLING";
}

static json_t *query_info(sl_engine *eng, const sl_catquery *q)
{
    const sl_source *sink = q->sink ? sl_catalog_source(eng->cat, q->sink) : NULL;
    running_query *rq = sl_engine_find_query(eng, q->id);
    const char *state = "RUNNING";
    if (rq) {
        sl_query_state s = sl_query_get_state(rq->q, NULL);
        state = s == SL_QUERY_ERROR ? "ERROR" : s == SL_QUERY_PAUSED ? "PAUSED" : "RUNNING";
    }
    json_t *sinks = json_array(), *topics = json_array();
    if (q->sink) json_array_append_new(sinks, json_string(q->sink));
    if (sink) json_array_append_new(topics, json_string(sink->topic));
    return json_pack("{s:s,s:o,s:o,s:s,s:{s:i},s:s,s:s}", "queryString", q->sql, "sinks", sinks,
                     "sinkKafkaTopics", topics, "id", q->id, "statusCount", state, 1, "queryType",
                     "PERSISTENT", "state", state);
}

static json_t *queries_of(sl_engine *eng, const char *source, bool writers)
{
    uint32_t n;
    const char **ids = sl_catalog_query_users(eng->cat, source, writers, &n);
    json_t *a = json_array();
    for (uint32_t i = 0; i < n; i++)
        json_array_append_new(a, query_info(eng, sl_catalog_query(eng->cat, ids[i])));
    free(ids);
    return a;
}

/* ksqlDB's statistics line of the queries writing source: messages written (with late records
 * dropped by windowed aggregations, when any), or failed messages. */
static json_t *statistics(sl_engine *eng, const char *source, bool errors)
{
    uint64_t total = 0, late = 0;
    uint32_t n;
    const char **ids = sl_catalog_query_users(eng->cat, source, true, &n);
    for (uint32_t i = 0; i < n; i++) {
        running_query *rq = sl_engine_find_query(eng, ids[i]);
        if (!rq) continue;
        sl_query_stats st;
        sl_query_get_stats(rq->q, &st);
        total += errors ? st.errors : st.records_out;
        late += st.late;
    }
    free(ids);
    char buf[160];
    int len = snprintf(buf, sizeof buf, errors ? "failed-messages: %llu" : "messages-written: %llu",
                       (unsigned long long)total);
    if (!errors && late)
        snprintf(buf + len, sizeof buf - (size_t)len, " late-records-dropped: %llu",
                 (unsigned long long)late);
    return json_string(n ? buf : "");
}

/* One query's offsets on topic: its committed position against each partition's range.
 * The group is the one exec/query.c names the query's consumers with. */
static json_t *query_offsets(sl_engine *eng, const char *query_id, const char *topic,
                             const int64_t *starts, const int64_t *ends, int32_t nparts)
{
    char group[512];
    snprintf(group, sizeof group, "_confluent-ksql-%squery_%s", eng->service_id, query_id);
    json_t *offsets = json_array();
    for (int32_t p = 0; p < nparts; p++) {
        int64_t off = SL_LOG_EARLIEST;
        sl_error_free(sl_log_committed_offset(eng->log, group, topic, p, &off));
        if (off < 0) off = starts[p]; /* nothing committed yet */
        json_array_append_new(offsets, json_pack("{s:i,s:I,s:I,s:I}", "partition", (int)p,
                                                 "logStartOffset", (json_int_t)starts[p],
                                                 "logEndOffset", (json_int_t)ends[p],
                                                 "consumerOffset", (json_int_t)off));
    }
    return json_pack("{s:s,s:[{s:s,s:o}]}", "groupId", group, "topicSummaries", "kafkaTopic",
                     topic, "offsets", offsets);
}

/* ksqlDB's queryOffsetSummaries: how far each query reading src has got in its topic. */
static json_t *offset_summaries(sl_engine *eng, const sl_source *src)
{
    json_t *list = json_array();
    sl_topic_info ti;
    sl_error *err = sl_log_topic_describe(eng->log, src->topic, &ti);
    if (err || ti.partitions <= 0) {
        sl_error_free(err);
        return list;
    }
    int64_t *starts = sl_calloc((size_t)ti.partitions, sizeof *starts);
    int64_t *ends = sl_calloc((size_t)ti.partitions, sizeof *ends);
    err = sl_log_start_offsets(eng->log, src->topic, starts, ti.partitions);
    if (!err) err = sl_log_end_offsets(eng->log, src->topic, ends, ti.partitions);
    uint32_t n = 0;
    const char **ids = err ? NULL : sl_catalog_query_users(eng->cat, src->name, false, &n);
    for (uint32_t i = 0; i < n; i++)
        json_array_append_new(list, query_offsets(eng, ids[i], src->topic, starts, ends,
                                                  ti.partitions));
    free(ids);
    free(starts);
    free(ends);
    sl_error_free(err);
    return list;
}

json_t *sl_ent_source_description(sl_engine *eng, const sl_source *src, bool extended)
{
    const char *wt = window_type(src);
    json_t *d = json_object();
    json_object_set_new(d, "name", json_string(src->name));
    json_object_set_new(d, "windowType", wt ? json_string(wt) : json_null());
    json_object_set_new(d, "readQueries", queries_of(eng, src->name, false));
    json_object_set_new(d, "writeQueries", queries_of(eng, src->name, true));
    json_object_set_new(d, "fields", sl_ent_fields(src->cols, src->ncols));
    json_object_set_new(d, "type", json_string(src->is_table ? "TABLE" : "STREAM"));
    json_object_set_new(d, "timestamp", json_string(src->ts_col ? src->ts_col : ""));
    json_object_set_new(d, "statistics", extended ? statistics(eng, src->name, false) : json_string(""));
    json_object_set_new(d, "errorStats", extended ? statistics(eng, src->name, true) : json_string(""));
    json_object_set_new(d, "extended", json_boolean(extended));
    json_object_set_new(d, "keyFormat", json_string(sl_serde_format_name(src->key.format)));
    json_object_set_new(d, "valueFormat", json_string(sl_serde_format_name(src->value.format)));
    json_object_set_new(d, "topic", json_string(src->topic));
    json_object_set_new(d, "partitions", json_integer(src->partitions));
    json_object_set_new(d, "replication", json_integer(src->replicas));
    json_object_set_new(d, "statement", json_string(src->sql ? src->sql : ""));
    json_object_set_new(d, "queryOffsetSummaries",
                        extended ? offset_summaries(eng, src) : json_array());
    json_object_set_new(d, "sourceConstraints", json_array());
    return d;
}

json_t *sl_ent_sources(sl_engine *eng, const char *text, bool tables, bool extended)
{
    uint32_t n;
    const sl_source *const *all = sl_catalog_sources(eng->cat, &n);
    json_t *list = json_array();
    for (uint32_t i = 0; i < n; i++) {
        const sl_source *s = all[i];
        if (s->is_table != tables) continue;
        if (extended) {
            json_array_append_new(list, sl_ent_source_description(eng, s, true));
            continue;
        }
        json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "type",
                                              tables ? "TABLE" : "STREAM", "name", s->name, "topic",
                                              s->topic, "keyFormat", sl_serde_format_name(s->key.format),
                                              "valueFormat", sl_serde_format_name(s->value.format),
                                              "isWindowed", s->windowed));
    }
    json_t *e = extended ? json_pack("{s:s,s:o}", "@type", "source_descriptions", "sourceDescriptions", list)
                         : json_pack("{s:s,s:o}", "@type", tables ? "tables" : "streams",
                                     tables ? "tables" : "streams", list);
    return sl_ent_with_text(e, text);
}

json_t *sl_ent_queries(sl_engine *eng, const char *text, bool extended)
{
    uint32_t n;
    const sl_catquery *const *qs = sl_catalog_queries(eng->cat, &n);
    json_t *list = json_array();
    for (uint32_t i = 0; i < n; i++) {
        json_t *qi = extended ? sl_ent_query_description(eng, qs[i]->id) : query_info(eng, qs[i]);
        if (qi) json_array_append_new(list, qi);
    }
    json_t *e = extended ? json_pack("{s:s,s:o}", "@type", "query_descriptions", "queryDescriptions", list)
                         : json_pack("{s:s,s:o}", "@type", "queries", "queries", list);
    return sl_ent_with_text(e, text);
}

json_t *sl_ent_query_description(sl_engine *eng, const char *query_id)
{
    const sl_catquery *q = sl_catalog_query(eng->cat, query_id);
    running_query *rq = sl_engine_find_query(eng, query_id);
    if (!q || !rq) return NULL;
    const sl_plan *plan = sl_query_plan(rq->q);
    sl_buf ex = SL_BUF_INIT;
    sl_plan_explain(plan, &ex);
    const sl_source *sink = q->sink ? sl_catalog_source(eng->cat, q->sink) : NULL;
    json_t *sources = json_array(), *sinks = json_array();
    for (uint32_t i = 0; i < q->nsources; i++) json_array_append_new(sources, json_string(q->sources[i]));
    if (q->sink) json_array_append_new(sinks, json_string(q->sink));
    const char *why = NULL;
    sl_query_state s = sl_query_get_state(rq->q, &why);
    const char *state = s == SL_QUERY_ERROR ? "ERROR" : s == SL_QUERY_PAUSED ? "PAUSED" : "RUNNING";
    json_t *errors = json_array();
    if (why) json_array_append_new(errors, json_pack("{s:s,s:s}", "errorMessage", why, "type", "USER"));
    json_t *d = json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:s,s:s,s:{},s:{},s:s,s:o,s:[],s:s}", "id", q->id,
                          "statementText", q->sql, "windowType",
                          sink && window_type(sink) ? json_string(window_type(sink)) : json_null(),
                          "fields", sink ? sl_ent_fields(sink->cols, sink->ncols) : json_array(),
                          "sources", sources, "sinks", sinks, "topology", sl_buf_cstr(&ex),
                          "executionPlan", sl_buf_cstr(&ex), "overriddenProperties",
                          "ksqlHostQueryStatus", "queryType", "PERSISTENT", "queryErrors", errors,
                          "tasksMetadata", "state", state);
    sl_buf_free(&ex);
    return d;
}

json_t *sl_ent_topics(sl_engine *eng, const char *text, bool all)
{
    sl_topic_info *topics = NULL;
    int n = 0;
    json_t *list = json_array();
    sl_error *err = sl_log_topic_list(eng->log, &topics, &n);
    sl_error_free(err);
    for (int i = 0; i < n; i++) {
        if (!all && (topics[i].name[0] == '_' || strstr(topics[i].name, "ksql_processing_log")))
            continue;
        json_t *reps = json_array();
        for (int p = 0; p < topics[i].partitions; p++)
            json_array_append_new(reps, json_integer(topics[i].replicas > 0 ? topics[i].replicas : 1));
        json_array_append_new(list, json_pack("{s:s,s:o}", "name", topics[i].name, "replicaInfo", reps));
    }
    free(topics);
    return sl_ent_with_text(json_pack("{s:s,s:o}", "@type", "kafka_topics", "topics", list), text);
}

static const char *fn_type(sl_fn_kind k)
{
    return k == SL_FN_AGGREGATE ? "AGGREGATE" : k == SL_FN_TABLE ? "TABLE" : "SCALAR";
}

json_t *sl_ent_functions(const char *text)
{
    uint32_t n;
    const sl_fn_def *const *defs = sl_fn_all(&n);
    json_t *list = json_array();
    for (uint32_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "name", defs[i]->name, "type",
                                              fn_type(defs[i]->kind), "category",
                                              defs[i]->category ? defs[i]->category : "OTHER"));
    return sl_ent_with_text(json_pack("{s:s,s:o}", "@type", "function_names", "functions", list), text);
}

json_t *sl_ent_describe_function(const char *text, const char *name, sl_error **err)
{
    const sl_fn_def *d = sl_fn_lookup(name);
    if (!d) {
        *err = sl_error_new(SL_E_STATEMENT, "Can't find any functions with the name '%s'", name);
        return NULL;
    }
    json_t *variants = json_array();
    for (uint32_t i = 0; i < d->nsigs; i++) {
        const sl_fn_sig *s = &d->sigs[i];
        json_array_append_new(variants, json_pack("{s:s,s:s,s:s,s:[]}", "arguments_text", s->params,
                                                  "returnType", s->ret ? s->ret : "(depends on arguments)",
                                                  "description", s->doc ? s->doc : "",
                                                  "arguments"));
    }
    json_t *e = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s}", "@type", "describe_function", "name",
                          d->name, "description", d->description ? d->description : "", "author",
                          "sluice", "version", "", "path", "internal", "functions", variants,
                          "type", fn_type(d->kind));
    return sl_ent_with_text(e, text);
}

json_t *sl_ent_types(sl_engine *eng, const char *text)
{
    uint32_t n;
    const char *const *names = sl_catalog_type_names(eng->cat, &n);
    json_t *types = json_object();
    for (uint32_t i = 0; i < n; i++)
        json_object_set_new(types, names[i], sl_ent_schema(sl_catalog_type(eng->cat, names[i])));
    return sl_ent_with_text(json_pack("{s:s,s:o}", "@type", "type_list", "types", types), text);
}
