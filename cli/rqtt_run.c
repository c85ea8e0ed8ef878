/*
 * rqtt_run.c - running one RQTT case against a server (see rqtt.h for the
 * steps). A local synchronous engine runs the same statements, only to know
 * each topic's formats: inputs are encoded and outputs decoded with it, then
 * written and read over the server's topic API.
 *
 * Query answers are collected element by element (sl_rest_query); a push
 * query without a LIMIT is cancelled after the query timeout and compared as
 * far as it got. Request properties are the case's "properties"; queries also
 * get auto.offset.reset=earliest unless the case sets it (ksqlDB's test server
 * reads from the start), since a case's inputs are written before its queries.
 */
#include "cli/harness.h"
#include "cli/rest_client.h"
#include "cli/rqtt.h"
#include "common/clock.h"
#include "common/mem.h"
#include "parser/parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct rrun {
    const qtt_case *c;
    const rqtt_opts *o;
    sl_buf *why;
    rqtt_server srv;
    sl_rest *rest;
    sl_cli_harness h;
    json_t *props;  /* request properties */
    json_t *stmts;  /* the case's statements */
    size_t nadmin;  /* statements before the first SELECT */
    json_t *actual; /* responses: {"admin": entity} / {"query": [elements]} */
    json_t *error;  /* the first refused request: {"status", "body"}, or NULL */
    bool inputs_written;
} rrun;

bool rqtt_is_file(json_t *tests)
{
    size_t i;
    json_t *t;
    json_array_foreach(tests, i, t)
    {
        if (json_object_get(t, "responses")) return true;
    }
    return false;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* POSTs (or GETs, body NULL) and returns the JSON answer with its status; NULL on a
 * transport failure (why says so). */
static json_t *call(rrun *r, const char *path, json_t *body, long *status)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    sl_rest_result res;
    sl_error *err = sl_rest_call(r->rest, path, text, &res);
    free(text);
    if (err) {
        sl_buf_printf(r->why, "%s: %s", path, err->msg);
        sl_error_free(err);
        return NULL;
    }
    *status = res.status;
    return res.body;
}

/* --- topics ----------------------------------------------------------------------------- */

static void create_topic(rrun *r, const char *name, int partitions)
{
    if (!name) return;
    sl_cli_harness_topic_create(&r->h, name, partitions);
    json_t *b = json_pack("{s:s,s:i}", "name", name, "partitions", partitions > 0 ? partitions : 1);
    long st;
    json_decref(call(r, "/topics", b, &st));
    json_decref(b);
}

/* The topic (and partitions) a CREATE STREAM|TABLE statement names, created first as
 * ksqlDB's test driver does. */
static void topic_of_statement(rrun *r, const char *text)
{
    sl_arena *ar = sl_arena_new(0);
    sl_ast_stmt *st;
    sl_error *err = sl_parse_statement(ar, text, strlen(text), NULL, &st);
    if (!err && st->kind == SL_STMT_CREATE_SOURCE) {
        const char *topic = NULL;
        int parts = 1;
        for (uint32_t i = 0; i < st->source.props.n; i++) {
            const sl_ast_prop *p = &st->source.props.v[i];
            if (p->value->kind != SL_AST_LITERAL) continue;
            if (strcmp(p->name.text, "KAFKA_TOPIC") == 0) topic = p->value->lit.text;
            if (strcmp(p->name.text, "PARTITIONS") == 0) parts = (int)p->value->lit.i;
        }
        create_topic(r, topic, parts);
    }
    sl_error_free(err);
    sl_arena_free(ar);
}

static void create_topics(rrun *r)
{
    json_t *t = r->c->test, *x;
    size_t i;
    json_array_foreach(json_object_get(t, "topics"), i, x)
    {
        json_t *p = json_object_get(x, "partitions");
        create_topic(r, json_string_value(json_object_get(x, "name")),
                     p ? (int)json_integer_value(p) : 1);
    }
    json_array_foreach(r->stmts, i, x) topic_of_statement(r, json_string_value(x));
    json_array_foreach(json_object_get(t, "inputs"), i, x)
        create_topic(r, json_string_value(json_object_get(x, "topic")), 1);
    json_array_foreach(json_object_get(t, "outputs"), i, x)
        create_topic(r, json_string_value(json_object_get(x, "topic")), 1);
}

/* --- statements ------------------------------------------------------------------------- */

static void split_statements(rrun *r)
{
    r->stmts = json_object_get(r->c->test, "statements");
    r->nadmin = json_array_size(r->stmts);
    for (size_t i = 0; i < json_array_size(r->stmts); i++) {
        const char *s = json_string_value(json_array_get(r->stmts, i));
        if (s && strncmp(s, "SELECT ", 7) == 0) {
            r->nadmin = i;
            break;
        }
    }
}

static void note_error(rrun *r, long status, json_t *body)
{
    if (!r->error) r->error = json_pack("{s:I,s:O}", "status", (json_int_t)status, "body", body);
}

/* The admin statements in one /ksql request (and on the local engine, for the formats). */
static bool run_admin(rrun *r)
{
    sl_buf sql = SL_BUF_INIT;
    for (size_t i = 0; i < r->nadmin; i++) {
        const char *s = json_string_value(json_array_get(r->stmts, i));
        sl_request req = {r->props, NULL, false};
        sl_result res;
        sl_engine_execute(r->h.eng, s, &req, &res);
        sl_result_fini(&res);
        sl_buf_printf(&sql, "%s%s", i ? "\n" : "", s);
    }
    if (!r->nadmin) {
        sl_buf_free(&sql);
        return true;
    }
    json_t *body = json_pack("{s:s,s:O}", "ksql", sl_buf_cstr(&sql), "streamsProperties", r->props);
    sl_buf_free(&sql);
    long status = 0;
    json_t *ans = call(r, "/ksql", body, &status);
    json_decref(body);
    if (!ans) return false;
    if (status != 200)
        note_error(r, status, ans);
    else {
        size_t i;
        json_t *e;
        json_array_foreach(ans, i, e)
            json_array_append_new(r->actual, json_pack("{s:O}", "admin", e));
    }
    json_decref(ans);
    return true;
}

/* --- inputs ----------------------------------------------------------------------------- */

static json_t *b64(const char *p, size_t n, bool null)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (null) return json_null();
    sl_buf b = SL_BUF_INIT;
    const unsigned char *u = (const unsigned char *)p;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)u[i] << 16 | (i + 1 < n ? (uint32_t)u[i + 1] << 8 : 0) |
                     (i + 2 < n ? u[i + 2] : 0);
        sl_buf_putc(&b, tbl[v >> 18 & 63]);
        sl_buf_putc(&b, tbl[v >> 12 & 63]);
        sl_buf_putc(&b, i + 1 < n ? tbl[v >> 6 & 63] : '=');
        sl_buf_putc(&b, i + 2 < n ? tbl[v & 63] : '=');
    }
    json_t *s = json_stringn(b.p ? b.p : "", b.len);
    sl_buf_free(&b);
    return s;
}

/* One input record as the topic API takes it. */
static json_t *input_record(rrun *r, json_t *in, const char *topic)
{
    sl_buf key = SL_BUF_INIT, val = SL_BUF_INIT;
    bool kn = true, vn = true;
    sl_error *err = qtt_encode_input(r->h.eng, topic, in, &key, &kn, &val, &vn);
    if (err) {
        sl_buf_printf(r->why, "input for %s: %s", topic, err->msg);
        sl_error_free(err);
        sl_buf_free(&key);
        sl_buf_free(&val);
        return NULL;
    }
    json_t *ts = json_object_get(in, "timestamp");
    json_t *rec =
        json_pack("{s:o,s:o,s:I}", "key", b64(key.p, key.len, kn), "value", b64(val.p, val.len, vn),
                  "timestamp", (json_int_t)(ts ? json_integer_value(ts) : 0));
    json_t *p = json_object_get(in, "partition");
    if (p) json_object_set(rec, "partition", p);
    json_t *hs = json_object_get(in, "headers"), *h;
    size_t i;
    if (json_array_size(hs)) {
        json_t *out = json_array();
        json_array_foreach(hs, i, h)
            json_array_append_new(out, json_pack("{s:O,s:O}", "key", json_object_get(h, "KEY"),
                                                 "value", json_object_get(h, "VALUE")));
        json_object_set_new(rec, "headers", out);
    }
    sl_buf_free(&key);
    sl_buf_free(&val);
    return rec;
}

static bool write_inputs(rrun *r)
{
    r->inputs_written = true;
    json_t *x;
    size_t i;
    json_array_foreach(json_object_get(r->c->test, "inputs"), i, x)
    {
        const char *topic = json_string_value(json_object_get(x, "topic"));
        json_t *rec = topic ? input_record(r, x, topic) : NULL;
        if (!rec) return false;
        json_t *body = json_pack("{s:[o]}", "records", rec);
        char path[512];
        snprintf(path, sizeof path, "/topics/%s/records", topic);
        long status = 0;
        json_t *ans = call(r, path, body, &status);
        json_decref(body);
        if (ans && status != 200) {
            sl_buf_printf(r->why, "writing to %s: HTTP %ld %s", topic, status,
                          sl_rest_error_message(ans));
            json_decref(ans);
            return false;
        }
        json_decref(ans);
        if (!ans) return false;
    }
    return true;
}

/* The records every persistent query still has to read (all sources' offset summaries). */
static int64_t lag(rrun *r)
{
    json_t *body = json_pack("{s:s}", "ksql", "SHOW STREAMS EXTENDED; SHOW TABLES EXTENDED;");
    long status = 0;
    json_t *ans = call(r, "/ksql", body, &status);
    json_decref(body);
    int64_t total = status == 200 ? 0 : -1;
    size_t i, j, k, m, n;
    json_t *ent, *src, *q, *t, *o;
    json_array_foreach(ans, i, ent)
        json_array_foreach(json_object_get(ent, "sourceDescriptions"), j, src)
            json_array_foreach(json_object_get(src, "queryOffsetSummaries"), k, q)
                json_array_foreach(json_object_get(q, "topicSummaries"), m, t)
                    json_array_foreach(json_object_get(t, "offsets"), n, o) total +=
        json_integer_value(json_object_get(o, "logEndOffset")) -
        json_integer_value(json_object_get(o, "consumerOffset"));
    json_decref(ans);
    return total;
}

/* Waits until the persistent queries have committed everything (twice in a row, so what a
 * query wrote for another has been read too). */
static void wait_processed(rrun *r)
{
    int zero = 0;
    for (int i = 0; i < 1500 && zero < 2; i++) {
        zero = lag(r) == 0 ? zero + 1 : 0;
        if (zero < 2) sleep_ms(20);
    }
}

/* --- queries ---------------------------------------------------------------------------- */

typedef struct qrun {
    rrun *r;
    json_t *elements;
    int64_t deadline_ns;
    bool header_seen;
    bool produce_after_header; /* inputConditions.waitForActivePushQuery */
    bool produce_failed;
} qrun;

static bool on_event(void *ctx, const sl_rest_event *ev)
{
    qrun *q = ctx;
    json_array_append_new(q->elements, json_deep_copy(ev->json));
    if (ev->kind == SL_REST_EV_HEADER) q->header_seen = true;
    return true;
}

static bool on_tick(void *ctx)
{
    qrun *q = ctx;
    if (q->produce_after_header && q->header_seen && !q->r->inputs_written)
        q->produce_failed = !write_inputs(q->r);
    return sl_clock_mono_ns() < q->deadline_ns && !q->produce_failed;
}

static bool run_query(rrun *r, const char *sql, bool produce_after_header)
{
    json_t *props = json_deep_copy(r->props);
    if (!json_object_get(props, "auto.offset.reset"))
        json_object_set_new(props, "auto.offset.reset", json_string("earliest"));
    sl_rest_req req = {sql, props, NULL};
    qrun q = {r,
              json_array(),
              sl_clock_mono_ns() + (int64_t)r->o->query_timeout_s * 1000000000LL,
              false,
              produce_after_header,
              false};
    sl_rest_query_cb cb = {on_event, on_tick, &q};
    sl_rest_query_end end;
    sl_rest_result refusal = {0};
    sl_error *err = sl_rest_query(r->rest, &req, &cb, &end, &refusal);
    json_decref(props);
    bool ok = !err && !q.produce_failed;
    if (err) {
        sl_buf_printf(r->why, "%s: %s", sql, err->msg);
        sl_error_free(err);
    } else if (end == SL_REST_QUERY_REFUSED) {
        note_error(r, refusal.status, refusal.body);
    } else {
        json_array_append_new(r->actual, json_pack("{s:O}", "query", q.elements));
    }
    sl_rest_result_clear(&refusal);
    json_decref(q.elements);
    return ok;
}

/* --- outputs ---------------------------------------------------------------------------- */

static int b64v(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

static void unb64(const char *s, sl_buf *out)
{
    uint32_t acc = 0, bits = 0;
    for (; s && *s && *s != '='; s++) {
        int v = b64v(*s);
        if (v < 0) continue;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            sl_buf_putc(out, (char)(acc >> bits));
        }
    }
}

/* A record read from the topic API, decoded as the QTT runner decodes outputs. */
static json_t *decode_record(rrun *r, const char *topic, json_t *rec)
{
    sl_buf k = SL_BUF_INIT, v = SL_BUF_INIT;
    const char *ks = json_string_value(json_object_get(rec, "key"));
    const char *vs = json_string_value(json_object_get(rec, "value"));
    unb64(ks, &k);
    unb64(vs, &v);
    json_t *win = NULL;
    json_t *out = qtt_decode_output(r->h.eng, topic, ks ? (const uint8_t *)(k.p ? k.p : "") : NULL,
                                    (uint32_t)k.len, vs ? (const uint8_t *)(v.p ? v.p : "") : NULL,
                                    (uint32_t)v.len, &win);
    json_object_set(out, "timestamp", json_object_get(rec, "timestamp"));
    if (win) json_object_set_new(out, "window", win);
    json_t *hs = json_array(), *h;
    size_t i;
    json_array_foreach(json_object_get(rec, "headers"), i, h)
        json_array_append_new(hs, json_pack("{s:O,s:O}", "KEY", json_object_get(h, "key"), "VALUE",
                                            json_object_get(h, "value")));
    json_object_set_new(out, "headers", hs);
    sl_buf_free(&k);
    sl_buf_free(&v);
    return out;
}

/* The expected records of one topic against the first ones it holds (waiting up to 10 s
 * for enough of them, as ksqlDB's verifyAvailableRecords does). */
static bool check_topic(rrun *r, const char *topic, json_t *expected)
{
    size_t ne = json_array_size(expected);
    char path[512];
    snprintf(path, sizeof path, "/topics/%s/records?limit=%zu", topic, ne);
    json_t *recs = NULL;
    for (int i = 0; i < 500; i++) {
        long status = 0;
        json_t *ans = call(r, path, NULL, &status);
        if (!ans) return false;
        json_decref(recs);
        recs = json_incref(json_object_get(ans, "records"));
        json_decref(ans);
        if (json_array_size(recs) >= ne) break;
        sleep_ms(20);
    }
    bool ok = true;
    for (size_t i = 0; i < ne && ok; i++) {
        json_t *e = json_array_get(expected, i), *raw = json_array_get(recs, i);
        json_t *a = raw ? decode_record(r, topic, raw) : NULL;
        ok = a && qtt_record_matches(e, a);
        if (!ok) {
            char *es = json_dumps(e, JSON_COMPACT | JSON_SORT_KEYS);
            char *as = a ? json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
            sl_buf_printf(
                r->why,
                "topic %s, record %zu of %zu expected, %zu actual\nEXPECTED %s\nACTUAL   %s", topic,
                i + 1, ne, json_array_size(recs), es, as ? as : "(no more records)");
            free(es);
            free(as);
        }
        json_decref(a);
    }
    json_decref(recs);
    return ok;
}

static bool check_outputs(rrun *r)
{
    json_t *by_topic = json_object(), *x;
    size_t i;
    json_array_foreach(json_object_get(r->c->test, "outputs"), i, x)
    {
        const char *t = json_string_value(json_object_get(x, "topic"));
        if (!t) continue;
        json_t *list = json_object_get(by_topic, t);
        if (!list) json_object_set_new(by_topic, t, list = json_array());
        json_array_append(list, x);
    }
    bool ok = true;
    const char *t;
    json_object_foreach(by_topic, t, x)
    {
        if (!(ok = check_topic(r, t, x))) break;
    }
    json_decref(by_topic);
    return ok;
}

/* --- responses -------------------------------------------------------------------------- */

static bool check_responses(rrun *r)
{
    json_t *expected = json_object_get(r->c->test, "responses");
    bool order = json_is_true(
        json_object_get(json_object_get(r->c->test, "outputConditions"), "verifyOrder"));
    if (json_array_size(r->actual) < json_array_size(expected)) {
        char *a = json_dumps(r->actual, JSON_COMPACT);
        sl_buf_printf(r->why, "Not enough responses: %zu expected, %zu received: %s",
                      json_array_size(expected), json_array_size(r->actual), a);
        free(a);
        return false;
    }
    for (size_t i = 0; i < json_array_size(expected); i++) {
        json_t *e = json_array_get(expected, i), *a = json_array_get(r->actual, i);
        const char *stmt = json_string_value(json_array_get(r->stmts, i));
        char path[64];
        json_t *ea = json_object_get(e, "admin"), *eq = json_object_get(e, "query");
        json_t *aa = json_object_get(a, "admin"), *aq = json_object_get(a, "query");
        if (ea)
            snprintf(path, sizeof path, "responses[%zu]->admin", i);
        else
            snprintf(path, sizeof path, "responses[%zu]->query", i);
        bool ok = ea ? aa && rqtt_match_admin(ea, aa, stmt, path, r->why)
                     : eq && aq && rqtt_match_query(eq, aq, stmt, order, path, r->why);
        if (!ok && !r->why->len)
            sl_buf_printf(r->why, "%s: expected %s response, got %s", path,
                          ea ? "an admin" : "a query", aa ? "an admin one" : "a query one");
        if (!ok) return false;
    }
    return true;
}

static bool check_error(rrun *r, json_t *expected)
{
    if (!r->error) {
        sl_buf_puts(r->why, "EXPECTED an error\nACTUAL   every request succeeded");
        return false;
    }
    return rqtt_match_error(expected, (long)json_integer_value(json_object_get(r->error, "status")),
                            json_object_get(r->error, "body"), r->why);
}

/* --- the case --------------------------------------------------------------------------- */

static void ksql_quiet(rrun *r, const char *sql)
{
    json_t *body = json_pack("{s:s}", "ksql", sql);
    long st;
    json_decref(call(r, "/ksql", body, &st));
    json_decref(body);
}

/* A shared server (--server): what earlier cases left goes, queries, sources, then the
 * topics (all but the server's own, whose names start with '_' or end in
 * ksql_processing_log). */
static void clean_server(rrun *r)
{
    ksql_quiet(r, "TERMINATE ALL;");
    for (int round = 0; round < 4; round++) {
        json_t *body = json_pack("{s:s}", "ksql", "SHOW STREAMS; SHOW TABLES;");
        long st = 0;
        json_t *ans = call(r, "/ksql", body, &st);
        json_decref(body);
        size_t i, j, n = 0;
        json_t *e, *src;
        json_array_foreach(ans, i, e)
        {
            json_t *list = json_object_get(e, json_object_get(e, "streams") ? "streams" : "tables");
            json_array_foreach(list, j, src)
            {
                const char *name = json_string_value(json_object_get(src, "name"));
                const char *type = json_string_value(json_object_get(src, "type"));
                if (!name || strstr(name, "KSQL_PROCESSING_LOG")) continue;
                char sql[600];
                snprintf(sql, sizeof sql, "DROP %s `%s`;",
                         type && !strcmp(type, "TABLE") ? "TABLE" : "STREAM", name);
                ksql_quiet(r, sql);
                n++;
            }
        }
        json_decref(ans);
        if (!n) break;
    }
    long st = 0;
    json_t *ans = call(r, "/topics", NULL, &st);
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(ans, "topics"), i, t)
    {
        const char *name = json_string_value(json_object_get(t, "name"));
        size_t len = name ? strlen(name) : 0;
        if (!len || name[0] == '_' ||
            (len >= 19 && !strcmp(name + len - 19, "ksql_processing_log")))
            continue;
        char path[512];
        snprintf(path, sizeof path, "/topics/%s", name);
        sl_rest_result res;
        sl_error *err = sl_rest_delete(r->rest, path, &res);
        if (!err) sl_rest_result_clear(&res);
        sl_error_free(err);
    }
    json_decref(ans);
    sl_buf_reset(r->why);
}

/* A server of our own, or the given one cleaned of what earlier cases left. */
static sl_error *connect_server(rrun *r)
{
    const char *url = r->o->server;
    if (!url) {
        sl_error *err = rqtt_server_start(&r->srv, r->o->sluiced);
        if (err) return err;
        url = r->srv.url;
    }
    sl_rest_opts ro = {.url = url, .request_timeout_ms = 60000};
    sl_error *err = sl_rest_new(&ro, &r->rest);
    if (!err && r->o->server) clean_server(r);
    return err;
}

static json_t *properties(json_t *test)
{
    json_t *props = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(test, "properties"), k, v)
    {
        if (json_is_string(v))
            json_object_set(props, k, v);
        else {
            char *s = json_dumps(v, JSON_ENCODE_ANY);
            json_object_set_new(props, k, json_string(s));
            free(s);
        }
    }
    return props;
}

static bool refused(rrun *r)
{
    json_t *b = json_object_get(r->error, "body");
    sl_buf_printf(r->why, "the server refused a statement (HTTP %lld): %s",
                  (long long)json_integer_value(json_object_get(r->error, "status")),
                  sl_rest_error_message(b));
    return false;
}

static bool run(rrun *r)
{
    json_t *t = r->c->test;
    json_t *expected_error = json_object_get(t, "expectedError");
    create_topics(r);
    if (!run_admin(r)) return false;
    if (r->error) return expected_error ? check_error(r, expected_error) : refused(r);
    bool after_header = json_is_true(
        json_object_get(json_object_get(t, "inputConditions"), "waitForActivePushQuery"));
    if (!after_header && !write_inputs(r)) return false;
    if (!expected_error && json_array_size(json_object_get(t, "responses")) > r->nadmin)
        wait_processed(r);
    for (size_t i = r->nadmin; i < json_array_size(r->stmts); i++)
        if (!run_query(r, json_string_value(json_array_get(r->stmts, i)),
                       after_header && i == r->nadmin))
            return false;
    if (expected_error) return check_error(r, expected_error);
    if (r->error) return refused(r);
    return check_outputs(r) && check_responses(r);
}

qtt_outcome rqtt_run_case(const qtt_case *c, const rqtt_opts *o, sl_buf *why)
{
    if (qtt_should_skip(c->test) ||
        json_is_true(json_object_get(c->test, "testPullWithProtoFormat")))
        return QTT_SKIP;
    rrun r = {.c = c, .o = o, .why = why, .actual = json_array()};
    r.props = properties(c->test);
    split_statements(&r);
    sl_error *err = sl_cli_harness_open(&r.h, "rqtt_local_");
    if (!err) err = connect_server(&r);
    bool ok = false;
    if (err) {
        sl_buf_printf(why, "setup: %s", err->msg);
        sl_error_free(err);
    } else {
        ok = run(&r);
    }
    if (!ok && !why->len) sl_buf_puts(why, "failed (no detail)");
    sl_rest_free(r.rest);
    rqtt_server_stop(&r.srv);
    sl_cli_harness_close(&r.h);
    json_decref(r.props);
    json_decref(r.actual);
    json_decref(r.error);
    return ok ? QTT_PASS : QTT_FAIL;
}
