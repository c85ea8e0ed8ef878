/*
 * fake_ksqldb.c - a small stand-in for sluiced's REST API, for the shell's
 * integration tests (tests/integration/01xx-*.sh) until the real server runs.
 *
 *   fake_ksqldb --port-file FILE [--record FILE] [--port N] [--user U --password P]
 *
 * It serves, over server/http.c:
 *   GET  /info, /healthcheck    canned KsqlServerInfo / health
 *   POST /ksql                  a tiny catalog (fake_catalog.c): CREATE/DROP of
 *                               streams and tables, SHOW ..., DESCRIBE, EXPLAIN,
 *                               canned entities for the rest; "sluice.dry.run"
 *                               plans without changing anything
 *   POST /query                 PAGEVIEWS rows: a push query (EMIT CHANGES)
 *                               streams one row every 300 ms until the client
 *                               leaves or LIMIT n is reached; FROM QUIET streams
 *                               only keep-alives; a pull query ends after 3 rows
 *   POST /close-query           records the query id
 * Every request body's statement is appended to the record file, one line per
 * event ("ksql ...", "query ...", "close-query ID", "props {...}"), so a test
 * can check what the shell sent. Runs until SIGTERM or SIGINT.
 */
#include "tests/tools/fake_ksqldb.h"

#include "common/mem.h"

#include <pthread.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static pthread_mutex_t record_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *record_file;

void fake_record(const char *kind, const char *text)
{
    pthread_mutex_lock(&record_lock);
    if (record_file) {
        fprintf(record_file, "%s ", kind);
        for (const char *c = text; *c; c++)
            fputc(*c == '\n' ? ' ' : *c, record_file);
        fputc('\n', record_file);
        fflush(record_file);
    }
    pthread_mutex_unlock(&record_lock);
}

static void json_resp(sl_http_resp *resp, int status, json_t *body)
{
    char *s = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
    resp->status = status;
    sl_buf_puts(&resp->body, s);
    free(s);
    json_decref(body);
}

void fake_statement_error(sl_http_resp *resp, int status, const char *stmt, const json_t *entities,
                          const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_resp(resp, status,
              json_pack("{s:s,s:i,s:s,s:s,s:o}", "@type", "statement_error", "error_code",
                        status * 100 + 1, "message", msg, "statementText", stmt, "entities",
                        entities ? json_deep_copy(entities) : json_array()));
}

static void on_info(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    (void)app, (void)req;
    json_resp(resp, 200,
              json_pack("{s:{s:s,s:s,s:s,s:s}}", "KsqlServerInfo", "version", "0.1.0-fake",
                        "kafkaClusterId", "fake-cluster", "ksqlServiceId", "fake_", "serverStatus",
                        "RUNNING"));
}

static void on_health(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    (void)app, (void)req;
    json_resp(resp, 200, json_pack("{s:b}", "isHealthy", 1));
}

/* The request's JSON body, or NULL after answering 400. */
static json_t *body_of(const sl_http_req *req, sl_http_resp *resp)
{
    json_t *b = json_loadb(req->body, req->body_len, 0, NULL);
    if (b && json_is_string(json_object_get(b, "ksql"))) return b;
    json_decref(b);
    json_resp(resp, 400,
              json_pack("{s:s,s:i,s:s}", "@type", "generic_error", "error_code", 40000, "message",
                        "request body must be JSON with a \"ksql\" string"));
    return NULL;
}

static void record_props(const json_t *b)
{
    const json_t *props = json_object_get(b, "streamsProperties");
    char *ps = json_dumps(props ? props : json_object(), JSON_COMPACT | JSON_SORT_KEYS);
    fake_record("props", ps);
    free(ps);
}

static void on_ksql(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    json_t *b = body_of(req, resp);
    if (!b) return;
    const json_t *props = json_object_get(b, "streamsProperties");
    record_props(b);
    int status = 200;
    json_t *out =
        fake_catalog_ksql(app, json_string_value(json_object_get(b, "ksql")), props, resp, &status);
    if (out) json_resp(resp, status, out);
    json_decref(b);
}

static void on_close_query(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    (void)app;
    json_t *b = json_loadb(req->body, req->body_len, 0, NULL);
    const char *id = json_string_value(json_object_get(b, "queryId"));
    fake_record("close-query", id ? id : "(none)");
    json_resp(resp, id ? 200 : 400, json_object());
    json_decref(b);
}

static void on_query(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    json_t *b = body_of(req, resp);
    if (!b) return;
    record_props(b);
    fake_query_start(app, json_string_value(json_object_get(b, "ksql")), resp);
    json_decref(b);
}

static const sl_http_route routes[] = {
    {"GET", "/info", on_info, SL_HTTP_PUBLIC},
    {"GET", "/healthcheck", on_health, SL_HTTP_PUBLIC},
    {"POST", "/ksql", on_ksql, 0},
    {"POST", "/query", on_query, 0},
    {"POST", "/close-query", on_close_query, 0},
};

int main(int argc, char **argv)
{
    const char *port_file = NULL, *record = NULL, *user = NULL, *password = NULL;
    unsigned port = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--port-file") == 0)
            port_file = argv[i + 1];
        else if (strcmp(argv[i], "--record") == 0)
            record = argv[i + 1];
        else if (strcmp(argv[i], "--port") == 0)
            port = (unsigned)atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--user") == 0)
            user = argv[i + 1];
        else if (strcmp(argv[i], "--password") == 0)
            password = argv[i + 1];
    }
    if (record && !(record_file = fopen(record, "a"))) {
        perror(record);
        return 1;
    }
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* connection threads inherit the mask */
    fake_catalog *cat = fake_catalog_new();
    sl_http_opts opts = {.host = "127.0.0.1",
                         .port = (uint16_t)port,
                         .max_body = 1 << 20,
                         .max_connections = 64,
                         .idle_timeout_s = 600,
                         .auth_user = user,
                         .auth_password = password};
    sl_http *h;
    sl_error *err = sl_http_start(&opts, routes, sizeof routes / sizeof routes[0], cat, &h);
    if (err) {
        fprintf(stderr, "fake_ksqldb: %s\n", err->msg);
        sl_error_free(err);
        return 1;
    }
    FILE *pf = port_file ? fopen(port_file, "w") : stdout;
    if (pf) {
        fprintf(pf, "%u\n", sl_http_port(h));
        if (pf != stdout)
            fclose(pf);
        else
            fflush(stdout);
    }
    int sig;
    sigwait(&sigs, &sig);
    sl_http_stop(h);
    fake_catalog_free(cat);
    if (record_file) fclose(record_file);
    return 0;
}
