/*
 * rest.c - the REST API's one route table, and starting and stopping it
 * (see rest.h).
 *
 * Every check a route needs before its handler (method, body size, Accept)
 * is the HTTP layer's, driven by this table; a handler only does its own job.
 * Each endpoint is a row here and a handler in rest_<what>.c.
 */
#include "server/rest_int.h"
#include "common/logger.h"
#include "common/mem.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ksqlDB's old API answers both; application/json first, as ksqlDB answers
 * clients that accept anything. */
static const char *const json_types[] = {"application/json", "application/vnd.ksql.v1+json", NULL};

static const char *const stream_types[] = {"application/vnd.ksqlapi.delimited.v1",
                                           "application/json", NULL};

static const sl_http_route routes[] = {
    {"POST", "/ksql", sl_rest_ksql, 0, json_types},
    {"POST", "/query", sl_rest_query, 0, json_types},
    {"POST", "/query-stream", sl_rest_query_stream, 0, stream_types},
    {"POST", "/close-query", sl_rest_close_query, 0, json_types},
    {"POST", "/inserts-stream", sl_rest_inserts, 0, stream_types},
    {"GET", "/topics", sl_rest_topics, SL_HTTP_PREFIX, json_types},
    {"POST", "/topics", sl_rest_topics, SL_HTTP_PREFIX, json_types},
    {"DELETE", "/topics", sl_rest_topics, SL_HTTP_PREFIX, json_types},
    {"GET", "/info", sl_rest_info, 0, json_types},
    {"GET", "/healthcheck", sl_rest_healthcheck, SL_HTTP_PUBLIC, json_types},
    {"GET", "/metrics", sl_rest_metrics, 0, NULL},
    {"GET", "/status", sl_rest_status, SL_HTTP_PREFIX, json_types},
    {"GET", "/", sl_rest_root, SL_HTTP_PUBLIC, NULL},
};

void sl_rest_send_json(sl_http_resp *resp, int status, json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(v);
    resp->status = status;
    sl_buf_reset(&resp->body);
    sl_buf_puts(&resp->body, s ? s : "null");
    free(s);
}

/* The whole of a PEM file named by conf key (malloc'd). */
static sl_error *read_pem(const sl_conf *conf, const char *key, char **out)
{
    const char *path = sl_conf_str(conf, key);
    *out = NULL;
    if (!path || !*path)
        return sl_error_new(SL_E_BAD_REQUEST, "an https:// listener needs %s (a PEM file)", key);
    FILE *f = fopen(path, "r");
    if (!f) return sl_error_new(SL_E_IO, "%s: cannot open '%s': %s", key, path, strerror(errno));
    sl_buf b = SL_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 20)) sl_buf_append(&b, chunk, n);
    fclose(f);
    if (!b.len || !strstr(sl_buf_cstr(&b), "-----BEGIN")) {
        sl_buf_free(&b);
        return sl_error_new(SL_E_BAD_REQUEST, "%s: '%s' is not a PEM file", key, path);
    }
    *out = sl_buf_take(&b);
    return NULL;
}

static sl_error *tls_opts(const sl_conf *conf, char **cert, char **key)
{
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
        return sl_error_new(SL_E_UNSUPPORTED, "this libmicrohttpd has no TLS; use an http:// listener");
    sl_error *err = read_pem(conf, "ssl.certificate.location", cert);
    if (!err) err = read_pem(conf, "ssl.key.location", key);
    return err;
}

static sl_error *http_opts(const sl_conf *conf, char *host, size_t hostsz, sl_http_opts *o)
{
    const char *url = sl_conf_str(conf, "listeners");
    if (strchr(url, ','))
        return sl_error_new(SL_E_BAD_REQUEST, "listeners '%s': sluiced listens on one address",
                            url);
    bool tls;
    sl_error *err = sl_http_parse_listener(url, host, hostsz, &o->port, &tls);
    if (err) return sl_error_prefix(err, "listeners: ");
    o->tls = tls;
    o->host = host;
    const char *user = sl_conf_str(conf, "authentication.basic.user");
    if (user && *user) {
        o->auth_user = user;
        o->auth_password = sl_conf_str(conf, "authentication.basic.password");
        if (!o->auth_password || !*o->auth_password)
            return sl_error_new(SL_E_BAD_REQUEST, "authentication.basic.user is set but "
                                                  "authentication.basic.password is not");
    }
    o->max_body = (size_t)sl_conf_int(conf, "request.max.bytes");
    o->idle_timeout_s = (unsigned)((sl_conf_int(conf, "http.idle.timeout.ms") + 999) / 1000);
    o->max_connections = (unsigned)sl_conf_int(conf, "http.max.connections");
    return NULL;
}

sl_error *sl_rest_check_conf(const sl_conf *conf)
{
    char host[256];
    sl_http_opts ho = {0};
    sl_error *err = http_opts(conf, host, sizeof host, &ho);
    if (!err && ho.tls) {
        char *cert = NULL, *key = NULL;
        err = tls_opts(conf, &cert, &key);
        free(cert);
        free(key);
    }
    return err;
}

sl_error *sl_rest_start(sl_engine *eng, const sl_conf *conf, const char *version, sl_rest **out)
{
    char host[256];
    sl_http_opts ho = {0};
    sl_error *err = http_opts(conf, host, sizeof host, &ho);
    if (err) return err;
    sl_rest *rest = sl_calloc(1, sizeof *rest);
    rest->eng = eng;
    rest->conf = conf;
    rest->version = sl_strdup(version);
    if (ho.tls && (err = tls_opts(conf, &rest->tls_cert, &rest->tls_key))) {
        sl_rest_stop(rest);
        return err;
    }
    ho.tls_cert_pem = rest->tls_cert;
    ho.tls_key_pem = rest->tls_key;
    err = sl_rest_cluster_id(conf, &rest->cluster_id);
    if (err) {
        SL_WARN("cannot learn the Kafka cluster id; /info reports none", "err=\"%s\"", err->msg);
        sl_error_free(err);
        rest->cluster_id = sl_strdup("");
    }
    err = sl_http_start(&ho, routes, (int)(sizeof routes / sizeof *routes), rest, &rest->http);
    if (err) {
        sl_rest_stop(rest);
        return err;
    }
    *out = rest;
    return NULL;
}

uint16_t sl_rest_port(const sl_rest *rest)
{
    return sl_http_port(rest->http);
}

void sl_rest_stop(sl_rest *rest)
{
    if (!rest) return;
    sl_http_stop(rest->http);
    free(rest->version);
    free(rest->cluster_id);
    free(rest->tls_cert);
    free(rest->tls_key);
    free(rest);
}
