/*
 * fake_catalog.c - the fake server's POST /ksql: a catalog of streams, tables
 * and queries kept in JSON, and the entities ksqlDB answers with
 * (io.confluent.ksql.rest.entity shapes).
 *
 * Statements are recognised by their first words only. A statement holding
 * the word FORM is a syntax error at that word ("line L:C: ..."), which is how
 * the tests provoke error carets. With "sluice.dry.run": true in the request
 * properties nothing changes, but the answers are the same.
 */
#include "tests/tools/fake_ksqldb.h"

#include "cli/script.h"
#include "common/mem.h"
#include "common/str.h"

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

int fake_find_word(const char *s, const char *w, int *line, int *col)
{
    size_t n = strlen(s), off = 0;
    sl_script_tok t;
    while ((off += sl_script_token(s + off, n - off, &t)), t.type != SL_TOK_END) {
        if (!sl_script_tok_is(&t, w)) continue;
        *line = 1;
        *col = 1;
        for (const char *p = s; p < t.p; p++) {
            if (*p == '\n') {
                ++*line;
                *col = 1;
            } else if (((unsigned char)*p & 0xC0) != 0x80) {
                ++*col;
            }
        }
        return 1;
    }
    return 0;
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

static json_t *show(fake_catalog *c, const char *stmt, const sl_script_tok *t, int n,
                    const json_t *props)
{
    if (n < 2) return NULL;
    if (sl_script_tok_is(&t[1], "STREAMS")) return source_list(c, stmt, "STREAM");
    if (sl_script_tok_is(&t[1], "TABLES")) return source_list(c, stmt, "TABLE");
    if (sl_script_tok_is(&t[1], "QUERIES"))
        return canned(stmt, "queries", "queries", json_deep_copy(c->queries));
    if (sl_script_tok_is(&t[1], "TOPICS"))
        return canned(stmt, "kafka_topics", "topics",
                      json_pack("[{s:s,s:[i]},{s:s,s:[i,i]}]", "name", "pageviews", "replicaInfo",
                                1, "name", "users", "replicaInfo", 1, 1));
    if (sl_script_tok_is(&t[1], "FUNCTIONS"))
        return canned(stmt, "function_names", "functions",
                      json_pack("[{s:s,s:s,s:s},{s:s,s:s,s:s}]", "name", "UCASE", "type", "SCALAR",
                                "category", "STRING", "name", "COUNT", "type", "AGGREGATE",
                                "category", "AGGREGATE"));
    if (sl_script_tok_is(&t[1], "PROPERTIES")) {
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
    return NULL;
}

/* CREATE [OR REPLACE] [SOURCE] STREAM|TABLE [IF NOT EXISTS] name ... */
static json_t *create(fake_catalog *c, const char *stmt, const sl_script_tok *t, int n, bool dry,
                      sl_buf *err)
{
    int i = 1;
    bool replace = false, if_not = false;
    if (i < n && sl_script_tok_is(&t[i], "OR")) replace = true, i += 2;
    if (i < n && sl_script_tok_is(&t[i], "SOURCE")) i++;
    if (i < n && sl_script_tok_is(&t[i], "TYPE")) return status(c, stmt, "Registered custom type");
    if (i >= n || (!sl_script_tok_is(&t[i], "STREAM") && !sl_script_tok_is(&t[i], "TABLE")))
        return NULL;
    const char *kind = sl_script_tok_is(&t[i], "STREAM") ? "STREAM" : "TABLE";
    i++;
    if (i < n && sl_script_tok_is(&t[i], "IF")) if_not = true, i += 3;
    if (i >= n) return NULL;
    char name[128];
    snprintf(name, sizeof name, "%.*s", (int)t[i].n, t[i].p);
    sl_str_upper(name);
    bool exists = json_object_get(c->sources, name) != NULL;
    if (exists && !replace && !if_not) {
        sl_buf_printf(err, "Cannot add %s '%s': A %s with the same name already exists",
                      strcmp(kind, "STREAM") == 0 ? "stream" : "table", name,
                      strcmp(kind, "STREAM") == 0 ? "stream" : "table");
        return NULL;
    }
    bool as_select = strcasestr(stmt, " AS SELECT") != NULL;
    if (!dry && !(exists && if_not)) {
        add_source(c, name, kind, stmt, json_array());
        if (as_select) {
            char id[160];
            snprintf(id, sizeof id, "C%sAS_%s_%d", kind[0] == 'S' ? "S" : "T", name, c->seq);
            json_array_append_new(c->queries,
                                  json_pack("{s:s,s:[s],s:[s],s:s,s:{s:i},s:s,s:s}", "queryString",
                                            stmt, "sinks", name, "sinkKafkaTopics", name, "id", id,
                                            "statusCount", "RUNNING", 1, "queryType", "PERSISTENT",
                                            "state", "RUNNING"));
        }
    }
    return status(c, stmt,
                  strcmp(kind, "STREAM") == 0 ? (as_select ? "Created query" : "Stream created")
                                              : (as_select ? "Created query" : "Table created"));
}

static json_t *drop(fake_catalog *c, const char *stmt, const sl_script_tok *t, int n, bool dry,
                    sl_buf *err)
{
    int i = 2;
    if (i < n && sl_script_tok_is(&t[i], "IF")) i += 2;
    if (i >= n) return NULL;
    char name[128];
    snprintf(name, sizeof name, "%.*s", (int)t[i].n, t[i].p);
    sl_str_upper(name);
    if (!json_object_get(c->sources, name) && i == 2) {
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
static json_t *run_one(fake_catalog *c, const char *stmt, const json_t *props, sl_buf *err)
{
    bool dry = json_is_true(json_object_get(props, "sluice.dry.run"));
    sl_script_tok t[16];
    int n = sl_script_tokens(stmt, strlen(stmt), t, 16);
    if (n == 0) return NULL;
    if (sl_script_tok_is(&t[0], "SHOW") || sl_script_tok_is(&t[0], "LIST"))
        return show(c, stmt, t, n, props);
    if (sl_script_tok_is(&t[0], "CREATE")) return create(c, stmt, t, n, dry, err);
    if (sl_script_tok_is(&t[0], "DROP")) return drop(c, stmt, t, n, dry, err);
    if (sl_script_tok_is(&t[0], "INSERT")) return insert(c, stmt, dry);
    if (sl_script_tok_is(&t[0], "DESCRIBE") && n > 1) {
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)t[1].n - (t[1].p[0] == '`' ? 2 : 0),
                 t[1].p + (t[1].p[0] == '`'));
        sl_str_upper(name);
        json_t *e = describe(c, stmt, name, n > 2 && sl_script_tok_is(&t[2], "EXTENDED"));
        if (!e) sl_buf_printf(err, "line 1:10: %s does not exist.", name);
        return e;
    }
    return NULL;
}

json_t *fake_catalog_ksql(fake_catalog *c, const char *ksql, const json_t *props,
                          sl_http_resp *resp, int *http_status)
{
    *http_status = 200;
    json_t *out = json_array();
    sl_script_scan sc;
    sl_script_scan_init(&sc, ksql, strlen(ksql));
    sl_script_stmt st;
    pthread_mutex_lock(&c->lock);
    while (sl_script_next(&sc, &st) != SL_SCRIPT_END) {
        char *stmt = sl_strndup(st.text, st.len);
        fake_record("ksql", stmt);
        sl_buf err = SL_BUF_INIT;
        int line, col;
        json_t *e = NULL;
        if (fake_find_word(stmt, "FORM", &line, &col))
            sl_buf_printf(&err, "line %d:%d: mismatched input 'FORM' expecting ';'", line, col);
        else if (!(e = run_one(c, stmt, props, &err)) && !err.len)
            sl_buf_puts(&err, "line 1:1: fake_ksqldb does not know this statement");
        if (e)
            json_array_append_new(out, e);
        else
            fake_statement_error(resp, 400, stmt, out, "%s", err.p);
        sl_buf_free(&err);
        free(stmt);
        if (!e) {
            pthread_mutex_unlock(&c->lock);
            json_decref(out);
            return NULL;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return out;
}
