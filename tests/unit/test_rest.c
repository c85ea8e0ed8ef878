/*
 * test_rest.c - the REST API in one process: an engine on a temporary data
 * dir, the HTTP server on a free loopback port, and libcurl as the client.
 * Covers the /ksql body rules and error entities, content negotiation, the
 * HTTP layer's own errors, /info and /healthcheck (healthy and DEGRADED),
 * and the pure helpers (body parsing, Accept negotiation) directly. Run under
 * ASan it also checks that no request path leaks.
 */
#include "server/rest_int.h"

#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct server {
    char dir[64];
    sl_conf *conf;
    sl_engine *eng;
    sl_rest *rest;
} server;

typedef struct reply {
    long status;
    char ctype[256];
    char location[256];
    json_t *json; /* the body parsed, or NULL */
    sl_buf body;
} reply;

static void start(server *s, const char *const *kv)
{
    if (!s->dir[0]) {
        snprintf(s->dir, sizeof s->dir, "/tmp/sl_test_rest_XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(s->dir));
    }
    s->conf = sl_conf_new();
    ck_assert_ptr_null(sl_conf_set(s->conf, "data.dir", s->dir));
    ck_assert_ptr_null(sl_conf_set(s->conf, "listeners", "http://127.0.0.1:0"));
    ck_assert_ptr_null(sl_conf_set(s->conf, "log.level", "off"));
    for (; kv && *kv; kv += 2)
        ck_assert_ptr_null(sl_conf_set(s->conf, kv[0], kv[1]));
    sl_engine_opts eo = {.conf = s->conf};
    ck_assert_ptr_null(sl_engine_open(&eo, &s->eng));
    ck_assert_ptr_null(sl_rest_start(s->eng, s->conf, "9.9.9", &s->rest));
}

static void stop(server *s)
{
    sl_rest_stop(s->rest);
    sl_engine_close(s->eng);
    sl_conf_free(s->conf);
    s->rest = NULL;
    s->eng = NULL;
    s->conf = NULL;
}

static void cleanup(server *s)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", s->dir);
    ck_assert_int_eq(system(cmd), 0);
}

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    sl_buf_append(ctx, p, size * n);
    return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
    reply *r = ctx;
    size_t len = size * n;
    char line[256];
    snprintf(line, sizeof line, "%.*s", (int)(len < 255 ? len : 255), p);
    line[strcspn(line, "\r\n")] = '\0';
    if (strncasecmp(line, "Content-Type: ", 14) == 0) strcpy(r->ctype, line + 14);
    if (strncasecmp(line, "Location: ", 10) == 0) strcpy(r->location, line + 10);
    return len;
}

/* One request; body NULL for none, accept NULL for curl's default. */
static void call(server *s, const char *method, const char *path, const char *body,
                 const char *accept, reply *r)
{
    memset(r, 0, sizeof *r);
    char url[256], hdr[160];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", (unsigned)sl_rest_port(s->rest), path);
    CURL *c = curl_easy_init();
    struct curl_slist *hs = NULL;
    if (accept) {
        snprintf(hdr, sizeof hdr, "Accept: %s", accept);
        hs = curl_slist_append(hs, hdr);
    }
    hs = curl_slist_append(hs, "Content-Type: application/vnd.ksql.v1+json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hs);
    if (body) curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(hs);
    curl_easy_cleanup(c);
    r->json = r->body.len ? json_loadb(r->body.p, r->body.len, 0, NULL) : NULL;
}

static void reply_fini(reply *r)
{
    json_decref(r->json);
    sl_buf_free(&r->body);
}

static const char *str_at(json_t *v, const char *path)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
        v = json_is_array(v) ? json_array_get(v, (size_t)atoi(k)) : json_object_get(v, k);
    return json_string_value(v);
}

static char *ksql_body(const char *sql)
{
    json_t *b = json_pack("{s:s}", "ksql", sql);
    char *s = json_dumps(b, 0);
    json_decref(b);
    return s;
}

static const char *create_stream = "CREATE STREAM s (id STRING KEY, v INT) "
                                   "WITH (kafka_topic='s', partitions=1, value_format='JSON');";

START_TEST(test_rest_ksql_runs_statements)
{
    server s = {0};
    start(&s, NULL);
    reply r;
    char *body = ksql_body(create_stream);
    call(&s, "POST", "/ksql", body, NULL, &r);
    free(body);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.ctype, "application/json");
    ck_assert_int_eq(json_array_size(r.json), 1);
    ck_assert_str_eq(str_at(r.json, "0.@type"), "currentStatus");
    ck_assert_str_eq(str_at(r.json, "0.commandStatus.message"), "Stream created");
    reply_fini(&r);

    call(&s, "POST", "/ksql", "{\"ksql\":\"SHOW STREAMS;\"}", "application/vnd.ksql.v1+json", &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.ctype, "application/vnd.ksql.v1+json");
    ck_assert_str_eq(str_at(r.json, "0.streams.0.name"), "S");
    reply_fini(&r);

    /* variables substitute; numbers become text; properties reach SET's scope */
    call(&s, "POST", "/ksql",
         "{\"ksql\":\"CREATE STREAM ${n} AS SELECT * FROM s WHERE v > ${min};\","
         "\"sessionVariables\":{\"n\":\"BIG\",\"min\":10},"
         "\"streamsProperties\":{\"auto.offset.reset\":\"earliest\"}}",
         NULL, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(str_at(r.json, "0.commandStatus.queryId"), "CSAS_BIG_0");
    reply_fini(&r);
    stop(&s);
    cleanup(&s);
}
END_TEST

START_TEST(test_rest_ksql_dry_run)
{
    server s = {0};
    start(&s, NULL);
    reply r;
    char *body = ksql_body(create_stream);
    call(&s, "POST", "/ksql", body, NULL, &r);
    free(body);
    reply_fini(&r);
    call(&s, "POST", "/ksql",
         "{\"ksql\":\"CREATE STREAM s2 (id STRING KEY) WITH (kafka_topic='s2', partitions=1, "
         "value_format='JSON'); CREATE STREAM c AS SELECT * FROM s; TERMINATE ALL; "
         "DROP STREAM s;\",\"streamsProperties\":{\"sluice.dry.run\":true}}",
         NULL, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(str_at(r.json, "0.commandStatus.message"), "Stream created");
    ck_assert_str_eq(str_at(r.json, "1.commandStatus.message"),
                     "Query valid (dry run: not started)");
    reply_fini(&r);
    call(&s, "POST", "/ksql", "{\"ksql\":\"SHOW STREAMS; SHOW QUERIES;\"}", NULL, &r);
    ck_assert_int_eq(json_array_size(json_object_get(json_array_get(r.json, 0), "streams")), 1);
    ck_assert_int_eq(json_array_size(json_object_get(json_array_get(r.json, 1), "queries")), 0);
    reply_fini(&r);
    call(&s, "POST", "/ksql",
         "{\"ksql\":\"SHOW STREAMS;\",\"streamsProperties\":{\"sluice.dry.run\":1}}", NULL, &r);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(str_at(r.json, "message"), "\"sluice.dry.run\" must be true or false");
    reply_fini(&r);
    stop(&s);

    start(&s, NULL); /* nothing of the dry run reached the command log */
    call(&s, "POST", "/ksql", "{\"ksql\":\"SHOW STREAMS;\"}", NULL, &r);
    ck_assert_int_eq(json_array_size(json_object_get(json_array_get(r.json, 0), "streams")), 1);
    reply_fini(&r);
    stop(&s);
    cleanup(&s);
}
END_TEST

START_TEST(test_rest_ksql_statement_errors)
{
    server s = {0};
    start(&s, NULL);
    reply r;
    char *body = ksql_body("SHOW STREAMS;\n  SELEC 1;");
    call(&s, "POST", "/ksql", body, NULL, &r);
    free(body);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(str_at(r.json, "@type"), "statement_error");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "error_code")), 40001);
    ck_assert_ptr_nonnull(strstr(str_at(r.json, "message"), "line 2:3: Syntax Error\n"));
    ck_assert_str_eq(str_at(r.json, "statementText"), "SELEC 1;");
    ck_assert_str_eq(str_at(r.json, "entities.0.@type"), "streams");
    reply_fini(&r);

    call(&s, "POST", "/ksql", "{\"ksql\":\"DESCRIBE nothing;\"}", NULL, &r);
    ck_assert_int_eq(r.status, 404);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "error_code")), 40400);
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "entities")), 0);
    reply_fini(&r);

    call(&s, "POST", "/ksql", "{\"ksql\":\"SELECT * FROM s;\"}", NULL, &r);
    ck_assert_int_eq(r.status, 400);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "error_code")), 40002);
    reply_fini(&r);
    stop(&s);
    cleanup(&s);
}
END_TEST

START_TEST(test_rest_ksql_bad_bodies)
{
    static const struct {
        const char *body, *msg;
    } cases[] = {
        {"", "the request body is not valid JSON"},
        {"SHOW STREAMS;", "the request body is not valid JSON"},
        {"{\"ksql\":\"SHOW STREAMS;\"", "the request body is not valid JSON"},
        {"[\"SHOW STREAMS;\"]", "the request body must be a JSON object"},
        {"{\"sql\":\"SHOW STREAMS;\"}", "the request body has no \"ksql\" field"},
        {"{\"ksql\":null}", "\"ksql\" must be a string"},
        {"{\"ksql\":\"x\",\"ksql\":\"y\"}", "duplicate object key"},
        {"{\"ksql\":\"a\\u0000b\"}", "the request body is not valid JSON"},
        {"{\"ksql\":\"SHOW STREAMS;\",\"streamsProperties\":[]}",
         "\"streamsProperties\" must be a JSON object"},
        {"{\"ksql\":\"SHOW STREAMS;\",\"streamsProperties\":{\"a\":{}}}",
         "\"streamsProperties\".\"a\" must be a string, a number or a boolean"},
        {"{\"ksql\":\"SHOW STREAMS;\",\"sessionVariables\":{\"v\":null}}",
         "\"sessionVariables\".\"v\" must be a string, a number or a boolean"},
        {"{\"ksql\":\"SHOW STREAMS;\",\"commandSequenceNumber\":\"5\"}",
         "\"commandSequenceNumber\" must be an integer"},
    };
    server s = {0};
    start(&s, NULL);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        reply r;
        call(&s, "POST", "/ksql", cases[i].body, NULL, &r);
        ck_assert_msg(r.status == 400, "%s: status %ld", cases[i].body, r.status);
        ck_assert_str_eq(str_at(r.json, "@type"), "generic_error");
        ck_assert_int_eq(json_integer_value(json_object_get(r.json, "error_code")), 40000);
        ck_assert_msg(strstr(str_at(r.json, "message"), cases[i].msg), "%s: %s", cases[i].body,
                      str_at(r.json, "message"));
        reply_fini(&r);
    }
    stop(&s);
    cleanup(&s);
}
END_TEST

START_TEST(test_rest_limits)
{
    static const char *const kv[] = {"request.max.bytes",
                                     "1k",
                                     "request.max.statements",
                                     "2",
                                     "statement.max.bytes",
                                     "64",
                                     NULL};
    server s = {0};
    start(&s, kv);
    reply r;
    char big[2048];
    snprintf(big, sizeof big, "{\"ksql\":\"%01500d\"}", 0);
    call(&s, "POST", "/ksql", big, NULL, &r);
    ck_assert_int_eq(r.status, 413);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "error_code")), 41300);
    reply_fini(&r);

    call(&s, "POST", "/ksql", "{\"ksql\":\"SHOW STREAMS; SHOW TABLES; SHOW QUERIES\"}", NULL, &r);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(str_at(r.json, "message"), "the request holds 3 statements; the limit "
                                                "(request.max.statements) is 2");
    reply_fini(&r);

    call(&s, "POST", "/ksql", "{\"ksql\":\"SHOW STREAMS; SHOW TABLES; -- done\\n  \"}", NULL, &r);
    ck_assert_int_eq(r.status, 200); /* a trailing comment is no third statement */
    reply_fini(&r);

    call(&s, "POST", "/ksql",
         "{\"ksql\":\"SHOW STREAMS; DESCRIBE "
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;\"}",
         NULL, &r);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(str_at(r.json, "message"), "statement 2 is 65 bytes long; the limit "
                                                "(statement.max.bytes) is 64");
    reply_fini(&r);
    stop(&s);
    cleanup(&s);
}
END_TEST

START_TEST(test_rest_http_errors)
{
    server s = {0};
    start(&s, NULL);
    reply r;
    call(&s, "GET", "/nowhere", NULL, NULL, &r);
    ck_assert_int_eq(r.status, 404);
    ck_assert_str_eq(str_at(r.json, "@type"), "generic_error");
    reply_fini(&r);
    call(&s, "GET", "/ksql", NULL, NULL, &r);
    ck_assert_int_eq(r.status, 405);
    ck_assert_str_eq(str_at(r.json, "message"), "method GET is not allowed on /ksql; use POST");
    reply_fini(&r);
    call(&s, "GET", "/info", NULL, "text/html", &r);
    ck_assert_int_eq(r.status, 406);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "error_code")), 40600);
    reply_fini(&r);
    call(&s, "GET", "/", NULL, NULL, &r);
    ck_assert_int_eq(r.status, 307);
    ck_assert_str_eq(r.location, "/info");
    reply_fini(&r);
    stop(&s);
    cleanup(&s);
}
END_TEST

START_TEST(test_rest_info_and_health)
{
    server s = {0};
    start(&s, NULL);
    reply r;
    call(&s, "GET", "/info", NULL, "application/vnd.ksql.v1+json", &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(str_at(r.json, "KsqlServerInfo.version"), "9.9.9");
    ck_assert_str_eq(str_at(r.json, "KsqlServerInfo.ksqlServiceId"), "default_");
    ck_assert_str_eq(str_at(r.json, "KsqlServerInfo.serverStatus"), "RUNNING");
    char id[64];
    snprintf(id, sizeof id, "%s", str_at(r.json, "KsqlServerInfo.kafkaClusterId"));
    ck_assert_int_eq(strlen(id), 22);
    reply_fini(&r);
    call(&s, "GET", "/healthcheck", NULL, NULL, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert(json_is_true(json_object_get(r.json, "isHealthy")));
    ck_assert_str_eq(str_at(r.json, "serverState"), "READY");
    ck_assert(json_is_true(json_object_get(
        json_object_get(json_object_get(r.json, "details"), "kafka"), "isHealthy")));
    reply_fini(&r);

    /* the cluster id is the data dir's: the same after a restart */
    stop(&s);
    start(&s, NULL);
    call(&s, "GET", "/info", NULL, NULL, &r);
    ck_assert_str_eq(str_at(r.json, "KsqlServerInfo.kafkaClusterId"), id);
    reply_fini(&r);
    stop(&s);
    cleanup(&s);
}
END_TEST

START_TEST(test_rest_degraded)
{
    server s = {0};
    start(&s, NULL);
    reply r;
    char *body = ksql_body(create_stream);
    call(&s, "POST", "/ksql", body, NULL, &r);
    free(body);
    reply_fini(&r);
    sl_log_record rec = {.val = (const uint8_t *)"{not json", .vlen = 9, .partition = 0};
    ck_assert_ptr_null(
        sl_log_produce(sl_engine_log(s.eng), "_confluent-ksql-default__command_topic", &rec));
    stop(&s);

    start(&s, NULL);
    call(&s, "GET", "/info", NULL, NULL, &r);
    ck_assert_str_eq(str_at(r.json, "KsqlServerInfo.serverStatus"), "DEGRADED");
    ck_assert_ptr_nonnull(strstr(str_at(r.json, "KsqlServerInfo.serverStatusDetail"),
                                 "command 1 is not a valid command record"));
    reply_fini(&r);
    call(&s, "GET", "/healthcheck", NULL, NULL, &r);
    ck_assert_int_eq(r.status, 503);
    ck_assert(json_is_false(json_object_get(r.json, "isHealthy")));
    ck_assert_ptr_nonnull(
        strstr(str_at(r.json, "details.commandRunner.error"), "not a valid command"));
    reply_fini(&r);
    call(&s, "POST", "/ksql", "{\"ksql\":\"SHOW STREAMS; DROP STREAM s;\"}", NULL, &r);
    ck_assert_int_eq(r.status, 503);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "error_code")), 50303);
    ck_assert_ptr_nonnull(strstr(str_at(r.json, "message"), "degraded state (read-only)"));
    ck_assert_str_eq(str_at(r.json, "entities.0.streams.0.name"), "S"); /* replayed before it */
    reply_fini(&r);
    /* request-scoped settings are no change to the server; SELECT still belongs to /query */
    call(&s, "POST", "/ksql",
         "{\"ksql\":\"SET 'auto.offset.reset'='latest'; UNSET 'auto.offset.reset'; "
         "DEFINE x = 'S'; DESCRIBE ${x}; UNDEFINE x; SELECT * FROM s;\"}",
         NULL, &r);
    ck_assert_int_eq(r.status, 400);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "error_code")), 40002);
    ck_assert_str_eq(str_at(r.json, "entities.0.sourceDescription.name"), "S");
    reply_fini(&r);
    stop(&s);
    cleanup(&s);
}
END_TEST

START_TEST(test_rest_negotiate)
{
    static const char *const types[] = {"application/json", "application/vnd.ksql.v1+json", NULL};
    ck_assert_str_eq(sl_http_negotiate(NULL, types), "application/json");
    ck_assert_str_eq(sl_http_negotiate("*/*", types), "application/json");
    ck_assert_str_eq(sl_http_negotiate("application/vnd.ksql.v1+json", types),
                     "application/vnd.ksql.v1+json");
    ck_assert_str_eq(sl_http_negotiate("text/html, application/*;q=0.5", types),
                     "application/json");
    ck_assert_str_eq(sl_http_negotiate("application/json;q=0, application/vnd.ksql.v1+json", types),
                     "application/vnd.ksql.v1+json");
    ck_assert_str_eq(sl_http_negotiate("APPLICATION/JSON ; charset=utf-8", types),
                     "application/json");
    ck_assert_ptr_null(sl_http_negotiate("text/html", types));
    ck_assert_ptr_null(sl_http_negotiate("application/json;q=0.0", types));
}
END_TEST

START_TEST(test_rest_body_parse)
{
    sl_rest_ksql_body b;
    const char *body = "{\"ksql\":\"SHOW STREAMS;\",\"unknown\":[1],"
                       "\"sessionVariables\":{\"a\":true,\"b\":1.5},\"streamsProperties\":null}";
    sl_error *err = sl_rest_ksql_parse(body, strlen(body), &b);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(b.ksql, "SHOW STREAMS;");
    ck_assert_str_eq(json_string_value(json_object_get(b.req.vars, "a")), "true");
    ck_assert_str_eq(json_string_value(json_object_get(b.req.vars, "b")), "1.5");
    ck_assert_int_eq(json_object_size(b.req.props), 0);
    sl_rest_ksql_body_fini(&b);

    sl_error *e = sl_error_with_hint(sl_error_new(SL_E_STATEMENT, "no"), "try yes");
    json_t *ents = json_array();
    json_t *x = sl_rest_statement_error(e, NULL, ents);
    sl_error_free(e);
    ck_assert_str_eq(json_string_value(json_object_get(x, "message")), "no\ntry yes");
    ck_assert_str_eq(json_string_value(json_object_get(x, "statementText")), "");
    ck_assert(json_object_get(x, "entities") != ents); /* a copy */
    json_decref(x);
    json_decref(ents);
}
END_TEST

static Suite *rest_suite(void)
{
    Suite *s = suite_create("rest");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_rest_ksql_runs_statements);
    tcase_add_test(tc, test_rest_ksql_dry_run);
    tcase_add_test(tc, test_rest_ksql_statement_errors);
    tcase_add_test(tc, test_rest_ksql_bad_bodies);
    tcase_add_test(tc, test_rest_limits);
    tcase_add_test(tc, test_rest_http_errors);
    tcase_add_test(tc, test_rest_info_and_health);
    tcase_add_test(tc, test_rest_degraded);
    tcase_add_test(tc, test_rest_negotiate);
    tcase_add_test(tc, test_rest_body_parse);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    SRunner *sr = srunner_create(rest_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    curl_global_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
