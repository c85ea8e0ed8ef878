/*
 * rest_client.c - requests to sluiced's REST API over libcurl (see
 * rest_client.h).
 *
 * Whole-body requests (/ksql, /info, /healthcheck, /close-query) share one
 * easy handle so the connection is kept alive between statements. A query
 * gets its own handle driven by a multi handle, polled every 100 ms: that lets
 * the caller's tick (Ctrl-C, "no rows yet" hints) and the idle timeout run
 * while the stream is silent, and dropping the handle closes the connection,
 * which is what stops a push query on the server.
 */
#include "cli/rest_client.h"
#include "common/buf.h"
#include "common/clock.h"
#include "common/mem.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_BODY     (64u << 20)
#define CONTENT_TYPE "application/vnd.ksql.v1+json"

struct sl_rest {
    char *url;
    char *user, *password;
    long connect_ms, request_ms, idle_ms;
    bool (*cancelled)(void *ctx);
    void *cancel_ctx;
    CURL *easy; /* for whole-body requests */
    struct curl_slist *headers;
    char errbuf[CURL_ERROR_SIZE];
};

static char *normalize_url(const char *url, sl_error **err)
{
    *err = NULL;
    sl_buf b = SL_BUF_INIT;
    if (!strstr(url, "://"))
        sl_buf_puts(&b, "http://");
    else if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
        *err = sl_error_new(SL_E_BAD_REQUEST, "server URL '%s' must start with http:// or https://",
                            url);
    sl_buf_puts(&b, url);
    while (b.len && b.p[b.len - 1] == '/')
        b.p[--b.len] = '\0';
    const char *host = strstr(b.p, "://") + 3;
    if (!*err && (!*host || *host == ':'))
        *err = sl_error_new(SL_E_BAD_REQUEST, "server URL '%s' has no host", url);
    if (*err) {
        sl_buf_free(&b);
        return NULL;
    }
    return sl_buf_take(&b);
}

sl_error *sl_rest_new(const sl_rest_opts *opts, sl_rest **out)
{
    sl_error *err;
    char *url = normalize_url(opts->url, &err);
    if (err) return err;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        free(url);
        return sl_error_new(SL_E_INTERNAL, "cannot initialise libcurl");
    }
    sl_rest *r = sl_calloc(1, sizeof *r);
    r->url = url;
    r->user = opts->user ? sl_strdup(opts->user) : NULL;
    r->password = opts->password ? sl_strdup(opts->password) : NULL;
    r->connect_ms = opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms : 5000;
    r->request_ms = opts->request_timeout_ms > 0 ? opts->request_timeout_ms : 60000;
    r->idle_ms = opts->idle_timeout_ms > 0 ? opts->idle_timeout_ms : 60000;
    r->headers = curl_slist_append(NULL, "Accept: " CONTENT_TYPE);
    r->headers = curl_slist_append(r->headers, "Content-Type: " CONTENT_TYPE);
    r->easy = curl_easy_init();
    if (!r->easy || !r->headers) {
        sl_rest_free(r);
        return sl_error_new(SL_E_INTERNAL, "cannot create a libcurl handle");
    }
    *out = r;
    return NULL;
}

void sl_rest_free(sl_rest *r)
{
    if (!r) return;
    if (r->easy) curl_easy_cleanup(r->easy);
    curl_slist_free_all(r->headers);
    free(r->url);
    free(r->user);
    if (r->password) {
        memset(r->password, 0, strlen(r->password));
        free(r->password);
    }
    free(r);
    curl_global_cleanup();
}

const char *sl_rest_url(const sl_rest *r)
{
    return r->url;
}

sl_error *sl_rest_set_url(sl_rest *r, const char *url)
{
    sl_error *err;
    char *u = normalize_url(url, &err);
    if (err) return err;
    free(r->url);
    r->url = u;
    return NULL;
}

void sl_rest_set_cancel(sl_rest *r, bool (*cancelled)(void *ctx), void *ctx)
{
    r->cancelled = cancelled;
    r->cancel_ctx = ctx;
}

void sl_rest_result_clear(sl_rest_result *res)
{
    json_decref(res->body);
    *res = (sl_rest_result){0};
}

const char *sl_rest_error_message(const json_t *body)
{
    const char *m = json_string_value(json_object_get(body, "message"));
    if (!m) {
        const json_t *cs = json_object_get(body, "commandStatus");
        m = json_string_value(json_object_get(cs, "message"));
    }
    return m ? m : "(the server gave no error message)";
}

/* ---- transport ---- */

typedef struct body_sink {
    sl_buf body;
    bool too_large;
} body_sink;

static size_t collect(char *p, size_t size, size_t nmemb, void *ud)
{
    body_sink *bs = ud;
    size_t n = size * nmemb;
    if (bs->body.len + n > MAX_BODY) {
        bs->too_large = true;
        return 0;
    }
    sl_buf_append(&bs->body, p, n);
    return n;
}

static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)dt, (void)dn, (void)ut, (void)un;
    sl_rest *r = ud;
    return r->cancelled && r->cancelled(r->cancel_ctx) ? 1 : 0;
}

/* Options every request shares. */
static void setup(sl_rest *r, CURL *h, const char *path, const char *post_body)
{
    sl_buf url = SL_BUF_INIT;
    sl_buf_printf(&url, "%s%s", r->url, path);
    curl_easy_setopt(h, CURLOPT_URL, url.p);
    sl_buf_free(&url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, r->headers);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, r->connect_ms);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r->errbuf);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "sluice-cli/" SL_VERSION);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, r);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    if (r->user) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERNAME, r->user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, r->password ? r->password : "");
    }
    if (post_body) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, post_body);
    } else {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }
    r->errbuf[0] = '\0';
}

static sl_error *transport_error(const sl_rest *r, CURLcode rc, long timeout_ms)
{
    const char *why = r->errbuf[0] ? r->errbuf : curl_easy_strerror(rc);
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
        return sl_error_with_hint(
            sl_error_new(SL_E_IO, "cannot connect to the server at %s: %s", r->url, why),
            "is sluiced running there? Give another server as: sluice http://HOST:PORT");
    case CURLE_OPERATION_TIMEDOUT:
        return sl_error_new(SL_E_TIMEOUT, "the server at %s did not answer within %ld ms (%s)",
                            r->url, timeout_ms, why);
    case CURLE_ABORTED_BY_CALLBACK:
        return sl_error_new(SL_E_IO, "request cancelled");
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
        return sl_error_new(SL_E_IO, "the server at %s closed the connection: %s", r->url, why);
    default:
        return sl_error_new(SL_E_IO, "request to %s failed: %s", r->url, why);
    }
}

/* Appends the start of an unexpected body on one line: blank runs become one
 * space, control bytes '?', at most max bytes (then "..."). */
static void snippet(sl_buf *out, const sl_buf *body, size_t max)
{
    size_t start = out->len;
    for (size_t i = 0; i < body->len; i++) {
        unsigned char c = (unsigned char)body->p[i];
        bool blank = c == ' ' || c == '\n' || c == '\r' || c == '\t';
        if (blank && (out->len == start || out->p[out->len - 1] == ' ')) continue;
        if (out->len - start >= max) {
            sl_buf_puts(out, "...");
            return;
        }
        sl_buf_putc(out, blank ? ' ' : c < 0x20 || c == 0x7f ? '?' : (char)c);
    }
}

/* Parses a whole body into res; a body that is not JSON is an error naming the status. */
static sl_error *parse_body(const sl_rest *r, long status, const sl_buf *body, sl_rest_result *res)
{
    json_error_t jerr;
    json_t *j = body->len ? json_loadb(body->p, body->len, JSON_DECODE_ANY, &jerr) : NULL;
    if (j) {
        *res = (sl_rest_result){status, j};
        return NULL;
    }
    if (status == 401)
        return sl_error_with_hint(
            sl_error_new(SL_E_UNAUTHORIZED, "the server at %s refused the credentials (HTTP 401)",
                         r->url),
            "give a user and password with -u USER -p PASSWORD");
    if (body->len == 0)
        return sl_error_new(SL_E_IO, "the server at %s answered HTTP %ld with an empty body",
                            r->url, status);
    sl_buf start = SL_BUF_INIT;
    snippet(&start, body, 160);
    sl_error *err = sl_error_new(
        SL_E_CORRUPT, "the server at %s answered HTTP %ld with a body that is not JSON: %s", r->url,
        status, sl_buf_cstr(&start));
    sl_buf_free(&start);
    return sl_error_with_hint(err, "is that a sluice (or ksqlDB) server?");
}

/* One whole-body request on the shared handle. */
static sl_error *request(sl_rest *r, const char *path, const char *post_body, sl_rest_result *res)
{
    *res = (sl_rest_result){0};
    CURL *h = r->easy;
    curl_easy_reset(h);
    setup(r, h, path, post_body);
    body_sink bs = {SL_BUF_INIT, false};
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &bs);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, r->request_ms);
    CURLcode rc = curl_easy_perform(h);
    sl_error *err = NULL;
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (bs.too_large)
        err = sl_error_new(SL_E_TOO_LARGE, "the server's answer to %s exceeds %u MiB", path,
                           MAX_BODY >> 20);
    else if (rc != CURLE_OK)
        err =
            transport_error(r, rc, rc == CURLE_OPERATION_TIMEDOUT ? r->request_ms : r->connect_ms);
    else
        err = parse_body(r, status, &bs.body, res);
    sl_buf_free(&bs.body);
    return err;
}

static char *request_body(const sl_rest_req *req)
{
    json_t *o = json_object();
    json_object_set_new(o, "ksql", json_string(req->ksql ? req->ksql : ""));
    json_object_set_new(o, "streamsProperties",
                        req->props ? json_deep_copy(req->props) : json_object());
    if (req->vars) json_object_set_new(o, "sessionVariables", json_deep_copy(req->vars));
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

sl_error *sl_rest_ksql(sl_rest *r, const sl_rest_req *req, sl_rest_result *res)
{
    char *body = request_body(req);
    sl_error *err = request(r, "/ksql", body, res);
    free(body);
    return err;
}

sl_error *sl_rest_call(sl_rest *r, const char *path, const char *body, sl_rest_result *res)
{
    return request(r, path, body, res);
}

sl_error *sl_rest_delete(sl_rest *r, const char *path, sl_rest_result *res)
{
    curl_easy_reset(r->easy);
    *res = (sl_rest_result){0};
    CURL *h = r->easy;
    setup(r, h, path, NULL);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
    body_sink bs = {SL_BUF_INIT, false};
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &bs);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, r->request_ms);
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    sl_error *err = rc != CURLE_OK ? transport_error(r, rc, r->request_ms)
                                   : parse_body(r, status, &bs.body, res);
    sl_buf_free(&bs.body);
    return err;
}

sl_error *sl_rest_info(sl_rest *r, sl_rest_result *res)
{
    return request(r, "/info", NULL, res);
}

sl_error *sl_rest_healthcheck(sl_rest *r, sl_rest_result *res)
{
    return request(r, "/healthcheck", NULL, res);
}

sl_error *sl_rest_close_query(sl_rest *r, const char *query_id)
{
    json_t *o = json_pack("{s:s}", "queryId", query_id);
    char *body = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    sl_rest_result res;
    sl_error *err = request(r, "/close-query", body, &res);
    free(body);
    if (!err && (res.status < 200 || res.status >= 300))
        err = sl_error_new(SL_E_IO, "closing query %s failed (HTTP %ld): %s", query_id, res.status,
                           sl_rest_error_message(res.body));
    sl_rest_result_clear(&res);
    return err;
}

/* ---- query streams ---- */

typedef struct query_ctx {
    CURL *h;
    const sl_rest_query_cb *cb;
    sl_rest_stream *ps;
    long status;       /* known once the first body bytes arrive */
    body_sink errbody; /* the body of a refused query */
    char *query_id;
    bool stopped;  /* an event callback asked to stop */
    sl_error *err; /* the parser failed */
    int64_t last_byte_ns;
} query_ctx;

static bool relay_event(void *ud, const sl_rest_event *ev)
{
    query_ctx *qc = ud;
    if (ev->kind == SL_REST_EV_HEADER && ev->query_id && !qc->query_id)
        qc->query_id = sl_strdup(ev->query_id);
    return qc->cb->on_event(qc->cb->ctx, ev);
}

static size_t on_query_bytes(char *p, size_t size, size_t nmemb, void *ud)
{
    query_ctx *qc = ud;
    size_t n = size * nmemb;
    qc->last_byte_ns = sl_clock_mono_ns();
    if (!qc->status) curl_easy_getinfo(qc->h, CURLINFO_RESPONSE_CODE, &qc->status);
    if (qc->status < 200 || qc->status >= 300) return collect(p, size, nmemb, &qc->errbody);
    qc->err = sl_rest_stream_feed(qc->ps, p, n, relay_event, qc, &qc->stopped);
    return qc->err || qc->stopped ? 0 : n;
}

/* Drives the transfer until it ends, is cancelled, or goes silent. */
static sl_error *pump(sl_rest *r, query_ctx *qc, bool *cancelled)
{
    CURLM *m = curl_multi_init();
    curl_multi_add_handle(m, qc->h);
    int running = 1;
    sl_error *err = NULL;
    while (running && !qc->err && !qc->stopped) {
        curl_multi_perform(m, &running);
        if (!running || qc->err || qc->stopped) break;
        curl_multi_poll(m, NULL, 0, 100, NULL);
        if (qc->cb->tick && !qc->cb->tick(qc->cb->ctx)) {
            *cancelled = true;
            break;
        }
        if (sl_clock_mono_ns() - qc->last_byte_ns > (int64_t)r->idle_ms * 1000000) {
            err = sl_error_new(SL_E_TIMEOUT,
                               "the server at %s sent nothing for %ld ms; giving up "
                               "on the query",
                               r->url, r->idle_ms);
            break;
        }
    }
    CURLMsg *msg;
    int left;
    while (!err && !running && (msg = curl_multi_info_read(m, &left)))
        if (msg->msg == CURLMSG_DONE && msg->data.result != CURLE_OK && !qc->err && !qc->stopped)
            err = qc->errbody.too_large
                      ? sl_error_new(SL_E_TOO_LARGE, "the server's error body exceeds %u MiB",
                                     MAX_BODY >> 20)
                      : transport_error(r, msg->data.result, r->connect_ms);
    curl_multi_remove_handle(m, qc->h);
    curl_multi_cleanup(m);
    return err;
}

sl_error *sl_rest_query(sl_rest *r, const sl_rest_req *req, const sl_rest_query_cb *cb,
                        sl_rest_query_end *end, sl_rest_result *refusal)
{
    *refusal = (sl_rest_result){0};
    *end = SL_REST_QUERY_DONE;
    query_ctx qc = {.cb = cb, .ps = sl_rest_stream_new(), .last_byte_ns = sl_clock_mono_ns()};
    qc.h = curl_easy_init();
    if (!qc.h) {
        sl_rest_stream_free(qc.ps);
        return sl_error_new(SL_E_INTERNAL, "cannot create a libcurl handle");
    }
    char *body = request_body(req);
    setup(r, qc.h, "/query", body);
    free(body);
    curl_easy_setopt(qc.h, CURLOPT_NOPROGRESS, 1L); /* cb->tick decides about cancelling */
    curl_easy_setopt(qc.h, CURLOPT_WRITEFUNCTION, on_query_bytes);
    curl_easy_setopt(qc.h, CURLOPT_WRITEDATA, &qc);
    bool cancelled = false;
    sl_error *err = pump(r, &qc, &cancelled);
    if (!qc.status) curl_easy_getinfo(qc.h, CURLINFO_RESPONSE_CODE, &qc.status);
    curl_easy_cleanup(qc.h); /* drops the connection if the stream is still open */
    if (!err) err = qc.err;
    if (!err && (cancelled || qc.stopped)) {
        *end = SL_REST_QUERY_CANCELLED;
        if (qc.query_id) sl_error_free(sl_rest_close_query(r, qc.query_id));
    } else if (!err && (qc.status < 200 || qc.status >= 300)) {
        *end = SL_REST_QUERY_REFUSED;
        err = parse_body(r, qc.status, &qc.errbody.body, refusal);
    } else if (!err) {
        err = sl_rest_stream_finish(qc.ps);
    }
    sl_buf_free(&qc.errbody.body);
    sl_rest_stream_free(qc.ps);
    free(qc.query_id);
    return err;
}
