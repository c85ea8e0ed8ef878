/*
 * http.c - libmicrohttpd glue (see http.h).
 *
 * A request goes through three calls of the access handler: the first sets up
 * a per-request context, the middle ones deliver body chunks (accumulated up
 * to max_body; beyond it the request is answered 413 and the rest of the body
 * is discarded), the last dispatches to the route. Responses with a stream
 * use MHD's content-reader callback with chunked encoding.
 */
#include "server/http.h"
#include "common/logger.h"
#include "common/mem.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct sl_http {
    struct MHD_Daemon *d;
    const sl_http_route *routes;
    int nroutes;
    void *app;
    sl_http_opts opts;
    uint16_t port;
};

typedef struct req_ctx {
    sl_buf body;
    bool too_large;
} req_ctx;

sl_error *sl_http_parse_listener(const char *url, char *host, size_t hostsz, uint16_t *port,
                                 bool *tls)
{
    const char *p = url;
    *tls = false;
    if (strncasecmp(p, "http://", 7) == 0) p += 7;
    else if (strncasecmp(p, "https://", 8) == 0) p += 8, *tls = true;
    else return sl_error_new(SL_E_BAD_REQUEST, "listener '%s' must start with http:// or https://", url);
    const char *colon = strrchr(p, ':');
    if (!colon) return sl_error_new(SL_E_BAD_REQUEST, "listener '%s' has no port", url);
    size_t hl = (size_t)(colon - p);
    if (hl >= hostsz) return sl_error_new(SL_E_BAD_REQUEST, "listener host too long");
    memcpy(host, p, hl);
    host[hl] = '\0';
    char *end;
    long v = strtol(colon + 1, &end, 10);
    if (end == colon + 1 || (*end && *end != '/') || v < 0 || v > 65535)
        return sl_error_new(SL_E_BAD_REQUEST, "listener '%s' has a bad port", url);
    *port = (uint16_t)v;
    return NULL;
}

/* Whether one Accept item ("type/sub;params") allows media type t. */
static bool accept_item_allows(const char *item, size_t n, const char *t)
{
    size_t rl = strcspn(item, ";");
    if (rl > n) rl = n;
    while (rl && (item[rl - 1] == ' ' || item[rl - 1] == '\t')) rl--;
    for (const char *p = item + rl; p < item + n; p++) { /* q=0 (or 0.0, 0.000) excludes */
        if (*p != ';') continue;
        p++;
        while (p < item + n && *p == ' ') p++;
        if (item + n - p >= 3 && strncasecmp(p, "q=0", 3) == 0 &&
            strspn(p + 3, ".0") >= (size_t)(item + n - p - 3))
            return false;
    }
    if (rl == 3 && strncmp(item, "*/*", 3) == 0) return true;
    const char *slash = strchr(t, '/');
    size_t tl = (size_t)(slash - t);
    if (rl == tl + 2 && strncasecmp(item, t, tl + 1) == 0 && item[tl + 1] == '*') return true;
    return rl == strlen(t) && strncasecmp(item, t, rl) == 0;
}

const char *sl_http_negotiate(const char *accept, const char *const *produces)
{
    if (!accept || !*accept) return produces[0];
    for (const char *const *t = produces; *t; t++) {
        for (const char *p = accept; *p;) {
            p += strspn(p, " \t,");
            size_t n = strcspn(p, ",");
            if (n && accept_item_allows(p, n, *t)) return *t;
            p += n;
        }
    }
    return NULL;
}

const char *sl_http_header(const sl_http_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

void sl_http_resp_error(sl_http_resp *resp, const sl_error *err)
{
    resp->status = sl_errcode_http_status(err->code);
    resp->content_type = "application/json";
    sl_buf_reset(&resp->body);
    sl_buf_printf(&resp->body, "{\"@type\":\"generic_error\",\"error_code\":%d,\"message\":",
                  sl_errcode_ksql(err->code));
    sl_buf_json_str(&resp->body, err->msg, strlen(err->msg));
    sl_buf_puts(&resp->body, "}");
}

static enum MHD_Result send_resp(struct MHD_Connection *conn, sl_http_resp *resp);

static enum MHD_Result send_error(struct MHD_Connection *conn, sl_errcode code, const char *msg)
{
    sl_http_resp resp = {0};
    sl_error *err = sl_error_new(code, "%s", msg);
    sl_http_resp_error(&resp, err);
    sl_error_free(err);
    return send_resp(conn, &resp);
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    sl_http_stream *s = cls;
    return s->read(s->ctx, buf, max);
}

static void stream_free(void *cls)
{
    sl_http_stream *s = cls;
    if (s->close) s->close(s->ctx);
    free(s);
}

static enum MHD_Result send_resp(struct MHD_Connection *conn, sl_http_resp *resp)
{
    struct MHD_Response *r;
    if (resp->stream.read) {
        sl_http_stream *s = sl_malloc(sizeof *s);
        *s = resp->stream;
        r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, stream_read, s,
                                              stream_free);
    } else {
        r = MHD_create_response_from_buffer(resp->body.len, resp->body.p ? resp->body.p : "",
                                            MHD_RESPMEM_MUST_COPY);
    }
    sl_buf_free(&resp->body);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            resp->content_type ? resp->content_type : "application/json");
    if (resp->location) MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, resp->location);
    if (resp->allow) MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, resp->allow);
    enum MHD_Result ret = MHD_queue_response(conn, resp->status ? (unsigned)resp->status : 200, r);
    MHD_destroy_response(r);
    return ret;
}

/* The route for method and path; when none, *allow lists the methods the path has
 * ("" when the path is unknown). */
static const sl_http_route *match_route(const sl_http *h, const char *method, const char *path,
                                        sl_buf *allow)
{
    for (int i = 0; i < h->nroutes; i++) {
        const sl_http_route *rt = &h->routes[i];
        bool hit = rt->flags & SL_HTTP_PREFIX ? strncmp(path, rt->path, strlen(rt->path)) == 0
                                              : strcmp(path, rt->path) == 0;
        if (!hit) continue;
        if (strcmp(method, rt->method) == 0) return rt;
        sl_buf_printf(allow, "%s%s", allow->len ? ", " : "", rt->method);
    }
    return NULL;
}

static enum MHD_Result send_not_allowed(struct MHD_Connection *conn, const char *method,
                                        const char *url, sl_buf *allow)
{
    sl_http_resp resp = {0};
    sl_error *err = sl_error_new(SL_E_METHOD_NOT_ALLOWED, "method %s is not allowed on %s; use %s",
                                 method, url, sl_buf_cstr(allow));
    sl_http_resp_error(&resp, err);
    sl_error_free(err);
    resp.allow = sl_buf_cstr(allow);
    enum MHD_Result ret = send_resp(conn, &resp);
    sl_buf_free(allow);
    return ret;
}

static enum MHD_Result send_not_acceptable(struct MHD_Connection *conn, const sl_http_route *rt,
                                           const char *accept)
{
    sl_buf types = SL_BUF_INIT;
    for (const char *const *t = rt->produces; *t; t++)
        sl_buf_printf(&types, "%s%s", types.len ? " or " : "", *t);
    sl_error *err =
        sl_error_new(SL_E_NOT_ACCEPTABLE, "%s answers %s, which 'Accept: %s' does not allow",
                     rt->path, sl_buf_cstr(&types), accept);
    sl_http_resp resp = {0};
    sl_http_resp_error(&resp, err);
    sl_error_free(err);
    sl_buf_free(&types);
    return send_resp(conn, &resp);
}

static bool authorized(const sl_http *h, struct MHD_Connection *conn, char **user_out)
{
    *user_out = NULL;
    if (!h->opts.auth_user) return true;
    char *pass = NULL;
    char *user = MHD_basic_auth_get_username_password(conn, &pass);
    bool ok = user && pass && strcmp(user, h->opts.auth_user) == 0 &&
              strcmp(pass, h->opts.auth_password ? h->opts.auth_password : "") == 0;
    if (pass) MHD_free(pass);
    if (ok) *user_out = user;
    else if (user) MHD_free(user);
    return ok;
}

static enum MHD_Result send_unauthorized(struct MHD_Connection *conn)
{
    const char *body = "{\"@type\":\"generic_error\",\"error_code\":40100,"
                       "\"message\":\"Unauthorized\"}";
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body,
                                                             MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    enum MHD_Result ret = MHD_queue_basic_auth_fail_response(conn, "sluice", r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result dispatch(sl_http *h, struct MHD_Connection *conn, const char *url,
                                const char *method, req_ctx *rc)
{
    if (rc->too_large)
        return send_error(conn, SL_E_TOO_LARGE, "request body exceeds the configured limit");
    sl_buf allow = SL_BUF_INIT;
    const sl_http_route *rt = match_route(h, method, url, &allow);
    if (rt) sl_buf_free(&allow); /* other methods of the path came before the one that matched */
    if (!rt && !allow.len) return send_error(conn, SL_E_NOT_FOUND, "no such endpoint");
    if (!rt) return send_not_allowed(conn, method, url, &allow);
    char *user = NULL;
    if (!(rt->flags & SL_HTTP_PUBLIC) && !authorized(h, conn, &user)) return send_unauthorized(conn);
    const char *accept = NULL;
    if (rt->produces) {
        const char *hdr =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
        accept = sl_http_negotiate(hdr, rt->produces);
        if (!accept) {
            if (user) MHD_free(user);
            return send_not_acceptable(conn, rt, hdr);
        }
    }
    sl_http_req req = {method, url, rc->body.p ? rc->body.p : "", rc->body.len, user, accept, conn};
    sl_http_resp resp = {.status = 200, .content_type = accept};
    rt->handler(h->app, &req, &resp);
    if (user) MHD_free(user);
    return send_resp(conn, &resp);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    sl_http *h = cls;
    req_ctx *rc = *con_cls;
    if (!rc) {
        *con_cls = sl_calloc(1, sizeof(req_ctx));
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!rc->too_large && rc->body.len + *upload_data_size > h->opts.max_body) {
            rc->too_large = true;
            sl_buf_free(&rc->body);
        }
        if (!rc->too_large) sl_buf_append(&rc->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    return dispatch(h, conn, url, method, rc);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)conn, (void)toe;
    req_ctx *rc = *con_cls;
    if (!rc) return;
    sl_buf_free(&rc->body);
    free(rc);
    *con_cls = NULL;
}

/* libmicrohttpd's own diagnostics (a client gone mid-request, a socket error) as log lines
 * of ours, not bare text on stderr. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    SL_INFO("http", "detail=\"%s\"", msg);
}

/* host (an IPv4 address or a name; NULL or "": any) and port as a socket address. */
static sl_error *resolve_ipv4(const char *host, uint16_t port, struct sockaddr_in *sa)
{
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE};
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(host && *host ? host : NULL, "0", &hints, &res);
    if (rc != 0 || !res)
        return sl_error_new(SL_E_BAD_REQUEST, "cannot bind to host '%s': %s", host ? host : "",
                            rc ? gai_strerror(rc) : "no IPv4 address");
    memcpy(sa, res->ai_addr, sizeof *sa);
    sa->sin_port = htons(port);
    freeaddrinfo(res);
    return NULL;
}

sl_error *sl_http_start(const sl_http_opts *opts, const sl_http_route *routes, int nroutes,
                        void *app, sl_http **out)
{
    sl_http *h = sl_calloc(1, sizeof *h);
    h->routes = routes;
    h->nroutes = nroutes;
    h->app = app;
    h->opts = *opts;
    struct sockaddr_in sa = {0};
    sl_error *err = resolve_ipv4(opts->host, opts->port, &sa);
    if (err) {
        free(h);
        return err;
    }
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_ERROR_LOG;
    /* poll(), not select(): no FD_SETSIZE ceiling on descriptor numbers, and one pollfd per
     * wake instead of a bitmap per connection thread */
    if (MHD_is_feature_supported(MHD_FEATURE_POLL) == MHD_YES) flags |= MHD_USE_POLL;
    if (opts->tls_cert_pem) flags |= MHD_USE_TLS;
    struct MHD_OptionItem tls_opts[] = {
        {opts->tls_cert_pem ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0,
         (void *)opts->tls_cert_pem},
        {opts->tls_key_pem ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0,
         (void *)opts->tls_key_pem},
        {MHD_OPTION_END, 0, NULL},
    };
    h->d = MHD_start_daemon(
        flags, opts->port, NULL, NULL, on_request, h, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
        MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)(opts->max_connections ? opts->max_connections : 1000),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(opts->idle_timeout_s ? opts->idle_timeout_s : 60),
        MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
    if (!h->d) {
        free(h);
        return sl_error_new(SL_E_IO, "cannot listen on %s:%u (in use, or no permission)",
                            opts->host ? opts->host : "0.0.0.0", opts->port);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
    h->port = info ? info->port : opts->port;
    *out = h;
    return NULL;
}

uint16_t sl_http_port(const sl_http *h)
{
    return h->port;
}

void sl_http_stop(sl_http *h)
{
    if (!h) return;
    MHD_stop_daemon(h->d);
    free(h);
}
