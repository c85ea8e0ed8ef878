/*
 * fake_catalog.c - the fake server's POST /ksql: a catalog of streams, tables
 * and queries kept in JSON, and the entities ksqlDB answers with
 * (io.confluent.ksql.rest.entity shapes).
 *
 * Statements are parsed with sluice's parser; a syntax error is answered as
 * the server would ("line L:C: Syntax Error" and what was expected), which is
 * how the tests provoke error carets. With "sluice.dry.run": true in the
 * request properties nothing changes, but the answers are the same.
 */
#include "tests/tools/fake_ksqldb.h"

#include "common/arena.h"
#include "common/mem.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct fake_catalog {
    pthread_mutex_t lock;
    json_t *sources; /* NAME -> {kind, topic, statement, fields} */
    json_t *queries; /* RunningQuery objects */
    int seq;
};

static json_t *field(const char *name, const char *type, bool key)
{
    json_t *f = json_pack("{s:s,s:{s:s,s:n,s:n}}", "name", name, "schema", "type", type, "fields",
                          "memberSchema");
    if (key) json_object_set_new(f, "type", json_string("KEY"));
    return f;
}

static void add_source(fake_catalog *c, const char *name, const char *kind, const char *stmt,
                       json_t *fields)
{
    char topic[128];
    snprintf(topic, sizeof topic, "%s", name);
    for (char *p = topic; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    json_object_set_new(c->sources, name,
                        json_pack("{s:s,s:s,s:s,s:o}", "kind", kind, "topic", topic, "statement",
                                  stmt, "fields", fields));
}

fake_catalog *fake_catalog_new(void)
{
    fake_catalog *c = sl_calloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->sources = json_object();
    c->queries = json_array();
    add_source(c, "PAGEVIEWS", "STREAM",
               "CREATE STREAM PAGEVIEWS (VIEWTIME BIGINT, USERID VARCHAR, PAGEID VARCHAR) WITH "
               "(KAFKA_TOPIC='pageviews', VALUE_FORMAT='JSON');",
               json_pack("[o,o,o]", field("VIEWTIME", "BIGINT", false),
                         field("USERID", "STRING", false), field("PAGEID", "STRING", false)));
    add_source(c, "USERS", "TABLE",
               "CREATE TABLE USERS (ID VARCHAR PRIMARY KEY, NAME VARCHAR) WITH "
               "(KAFKA_TOPIC='users', VALUE_FORMAT='JSON');",
               json_pack("[o,o]", field("ID", "STRING", true), field("NAME", "STRING", false)));
    return c;
}

void fake_catalog_free(fake_catalog *c)
{
    if (!c) return;
    json_decref(c->sources);
    json_decref(c->queries);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

sl_ast_stmt *fake_parse(sl_arena *ar, const char *text, sl_http_resp *resp, const json_t *done)
{
    sl_ast_stmt *st = NULL;
    sl_error *err = sl_parse_statement(ar, text, strlen(text), NULL, &st);
    if (!err) return st;
    sl_buf msg = SL_BUF_INIT;
    sl_parse_error_text(err, &msg);
    fake_statement_error(resp, 400, text, done, "%s", msg.p);
    sl_buf_free(&msg);
    sl_error_free(err);
    return NULL;
}

/* ---- entities ---- */

static json_t *status(fake_catalog *c, const char *stmt, const char *msg)
{
    return json_pack("{s:s,s:s,s:s,s:{s:s,s:s,s:n},s:i,s:[]}", "@type", "currentStatus",
                     "statementText", stmt, "commandId", "fake/command", "commandStatus", "status",
                     "SUCCESS", "message", msg, "queryId", "commandSequenceNumber", ++c->seq,
                     "warnings");
}

static json_t *source_list(fake_catalog *c, const char *stmt, const char *kind)
{
    json_t *list = json_array();
    const char *name;
    json_t *s;
    json_object_foreach(c->sources, name, s)
    {
        if (strcmp(json_string_value(json_object_get(s, "kind")), kind) != 0) continue;
        json_array_append_new(list,
                              json_pack("{s:s,s:s,s:O,s:s,s:s,s:b}", "type", kind, "name", name,
                                        "topic", json_object_get(s, "topic"), "keyFormat", "KAFKA",
                                        "valueFormat", "JSON", "isWindowed", 0));
    }
    bool streams = strcmp(kind, "STREAM") == 0;
    return json_pack("{s:s,s:s,s:o,s:[]}", "@type", streams ? "streams" : "tables", "statementText",
                     stmt, streams ? "streams" : "tables", list, "warnings");
}

static json_t *describe(fake_catalog *c, const char *stmt, const char *name, bool extended)
{
    const json_t *s = json_object_get(c->sources, name);
    if (!s) return NULL;
    json_t *writers = json_array();
    for (size_t i = 0; i < json_array_size(c->queries); i++) {
        json_t *q = json_array_get(c->queries, i);
        if (json_equal(json_array_get(json_object_get(q, "sinks"), 0), json_string(name)))
            json_array_append(writers, q);
    }
    json_t *sd =
        json_pack("{s:s,s:n,s:[],s:o,s:O,s:O,s:s,s:s,s:s,s:b,s:s,s:s,s:O,s:i,s:i,s:O,s:[],s:[]}",
                  "name", name, "windowType", "readQueries", "writeQueries", writers, "fields",
                  json_object_get(s, "fields"), "type", json_object_get(s, "kind"), "timestamp", "",
                  "statistics", "", "errorStats", "", "extended", extended, "keyFormat", "KAFKA",
                  "valueFormat", "JSON", "topic", json_object_get(s, "topic"), "partitions", 1,
                  "replication", 1, "statement", json_object_get(s, "statement"),
                  "queryOffsetSummaries", "sourceConstraints");
    return json_pack("{s:s,s:s,s:o,s:[]}", "@type", "sourceDescription", "statementText", stmt,
                     "sourceDescription", sd, "warnings");
}

static json_t *canned(const char *stmt, const char *type, const char *member, json_t *value)
{
    return json_pack("{s:s,s:s,s:o,s:[]}", "@type", type, "statementText", stmt, member, value,
                     "warnings");
}

static json_t *show(fake_catalog *c, const char *stmt, const sl_ast_stmt *st, const json_t *props)
{
    switch (st->show.what) {
    case SL_SHOW_STREAMS:
        return source_list(c, stmt, "STREAM");
    case SL_SHOW_TABLES:
        return source_list(c, stmt, "TABLE");
    case SL_SHOW_QUERIES:
        return canned(stmt, "queries", "queries", json_deep_copy(c->queries));
    case SL_SHOW_TOPICS:
        return canned(stmt, "kafka_topics", "topics",
                      json_pack("[{s:s,s:[i]},{s:s,s:[i,i]}]", "name", "pageviews", "replicaInfo",
                                1, "name", "users", "replicaInfo", 1, 1));
    case SL_SHOW_FUNCTIONS:
        return canned(stmt, "function_names", "functions",
                      json_pack("[{s:s,s:s,s:s},{s:s,s:s,s:s}]", "name", "UCASE", "type", "SCALAR",
                                "category", "STRING", "name", "COUNT", "type", "AGGREGATE",
                                "category", "AGGREGATE"));
    case SL_SHOW_PROPERTIES: {
        json_t *e = canned(stmt, "properties", "properties",
                           json_pack("[{s:s,s:s,s:s}]", "name", "auto.offset.reset", "scope",
                                     "KSQL", "value", "latest"));
        json_t *over = json_array();
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)props, k, v) json_array_append_new(over, json_string(k));
        json_object_set_new(e, "overwrittenProperties", over);
        json_object_set_new(e, "defaultProperties", json_array());
        return e;
    }
    default:
        return NULL;
    }
}

/* CREATE [OR REPLACE] STREAM|TABLE x ... [AS SELECT ...] */
static json_t *create(fake_catalog *c, const char *stmt, const sl_ast_stmt *st, bool dry,
                      sl_buf *err)
{
    bool as = st->kind == SL_STMT_CREATE_AS;
    bool is_table = as ? st->create_as.is_table : st->source.is_table;
    bool replace = as ? st->create_as.or_replace : st->source.or_replace;
    bool if_not = as ? st->create_as.if_not_exists : st->source.if_not_exists;
    const char *name = as ? st->create_as.name.text : st->source.name.text;
    const char *kind = is_table ? "TABLE" : "STREAM", *what = is_table ? "table" : "stream";
    bool exists = json_object_get(c->sources, name) != NULL;
    if (exists && !replace && !if_not) {
        sl_buf_printf(err, "Cannot add %s '%s': A %s with the same name already exists", what, name,
                      what);
        return NULL;
    }
    if (!dry && !(exists && if_not)) {
        add_source(c, name, kind, stmt, json_array());
        if (as) {
            char id[160];
            snprintf(id, sizeof id, "C%sAS_%s_%d", is_table ? "T" : "S", name, c->seq);
            json_array_append_new(c->queries,
                                  json_pack("{s:s,s:[s],s:[s],s:s,s:{s:i},s:s,s:s}", "queryString",
                                            stmt, "sinks", name, "sinkKafkaTopics", name, "id", id,
                                            "statusCount", "RUNNING", 1, "queryType", "PERSISTENT",
                                            "state", "RUNNING"));
        }
    }
    return status(c, stmt, as ? "Created query" : is_table ? "Table created" : "Stream created");
}

static json_t *drop(fake_catalog *c, const char *stmt, const sl_ast_stmt *st, bool dry, sl_buf *err)
{
    const char *name = st->drop.name.text;
    if (!json_object_get(c->sources, name) && !st->drop.if_exists) {
        sl_buf_printf(err, "Source %s does not exist.", name);
        return NULL;
    }
    if (!dry) json_object_del(c->sources, name);
    return status(c, stmt, "Source dropped.");
}

static json_t *insert(fake_catalog *c, const char *stmt, bool dry)
{
    char id[64];
    snprintf(id, sizeof id, "INSERTQUERY_%d", c->seq);
    if (!dry)
        json_array_append_new(c->queries, json_pack("{s:s,s:[],s:[],s:s,s:{s:i},s:s,s:s}",
                                                    "queryString", stmt, "sinks", "sinkKafkaTopics",
                                                    "id", id, "statusCount", "RUNNING", 1,
                                                    "queryType", "PERSISTENT", "state", "RUNNING"));
    return status(c, stmt, "Created query");
}

/* One statement's entity; NULL with *err set (or empty: unknown statement). */
static json_t *run_one(fake_catalog *c, const char *stmt, const sl_ast_stmt *st,
                       const json_t *props, sl_buf *err)
{
    bool dry = json_is_true(json_object_get(props, "sluice.dry.run"));
    switch (st->kind) {
    case SL_STMT_SHOW:
        return show(c, stmt, st, props);
    case SL_STMT_CREATE_SOURCE:
    case SL_STMT_CREATE_AS:
        return create(c, stmt, st, dry, err);
    case SL_STMT_CREATE_TYPE:
        return status(c, stmt, "Registered custom type");
    case SL_STMT_DROP:
        return drop(c, stmt, st, dry, err);
    case SL_STMT_INSERT_INTO:
        return insert(c, stmt, dry);
    case SL_STMT_DESCRIBE: {
        json_t *e = st->describe.what == SL_DESCRIBE_SOURCE
                        ? describe(c, stmt, st->describe.name.text, st->describe.extended)
                        : NULL;
        if (!e)
            sl_buf_printf(err, "line %u:%u: %s does not exist.", st->describe.name.pos.line,
                          st->describe.name.pos.col, st->describe.name.text);
        return e;
    }
    default:
        return NULL;
    }
}

/* Runs one statement's text; false after writing the error into resp. */
static bool run_text(fake_catalog *c, sl_arena *ar, const char *text, size_t len,
                     const json_t *props, sl_http_resp *resp, json_t *out)
{
    char *stmt = sl_arena_strndup(ar, text, len);
    fake_record("ksql", stmt);
    sl_ast_stmt *st = fake_parse(ar, stmt, resp, out);
    if (!st) return false;
    sl_buf err = SL_BUF_INIT;
    json_t *e = run_one(c, stmt, st, props, &err);
    if (e)
        json_array_append_new(out, e);
    else
        fake_statement_error(resp, 400, stmt, out, "%s",
                             err.len ? err.p
                                     : "line 1:1: fake_ksqldb does not know this statement");
    sl_buf_free(&err);
    return e != NULL;
}

json_t *fake_catalog_ksql(fake_catalog *c, const char *ksql, const json_t *props,
                          sl_http_resp *resp, int *http_status)
{
    *http_status = 200;
    json_t *out = json_array();
    sl_arena *ar = sl_arena_new(0);
    sl_span_list spans = {0};
    size_t len = strlen(ksql), rest = sl_parse_split(ar, ksql, len, &spans);
    bool ok = true;
    pthread_mutex_lock(&c->lock);
    for (uint32_t i = 0; i < spans.n && ok; i++)
        ok = run_text(c, ar, ksql + spans.v[i].off, spans.v[i].len, props, resp, out);
    if (ok && rest < len) ok = run_text(c, ar, ksql + rest, len - rest, props, resp, out);
    pthread_mutex_unlock(&c->lock);
    sl_arena_free(ar);
    if (!ok) {
        json_decref(out);
        return NULL;
    }
    return out;
}
