/*
 * http.h - the HTTP server under the REST API (libmicrohttpd).
 *
 * Model: one route table, matched in order by method and path; checks every
 * route needs (method, authentication, body size) happen here, once, before a
 * handler runs. A handler fills an sl_http_resp: either a whole body, or a
 * stream whose read callback the connection's thread calls until the stream
 * ends or the client goes away (push queries). Each connection has its own
 * thread, so a stream may block in read (with a timeout, returning a keep-alive
 * newline when idle).
 *
 * Errors the HTTP layer produces itself (404, 405, 401, 406, 413) are JSON error
 * entities: {"@type":"generic_error","error_code":...,"message":...}.
 *
 * Content negotiation: a route lists the media types it produces; a request
 * whose Accept header allows none of them is answered 406, else the handler
 * sees the type chosen (the first of the route's types the client accepts) in
 * req->accept, which is also the response's default Content-Type.
 */
#ifndef SL_SERVER_HTTP_H
#define SL_SERVER_HTTP_H

#include "common/buf.h"
#include "common/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct sl_http sl_http;
struct MHD_Connection;

typedef struct sl_http_req {
    const char *method;
    const char *path;
    const char *body; /* NUL-terminated; "" when none */
    size_t body_len;
    const char *user; /* the authenticated user, or NULL */
    const char *accept; /* the negotiated response type (one of the route's), or NULL */
    struct MHD_Connection *conn;
} sl_http_req;

#define SL_HTTP_STREAM_END ((ssize_t)-1)
#define SL_HTTP_STREAM_ERROR ((ssize_t)-2)

typedef struct sl_http_stream {
    /* Writes up to max bytes to buf and returns how many (> 0), or
     * SL_HTTP_STREAM_END / SL_HTTP_STREAM_ERROR. May block, but should return
     * within a few seconds (a keep-alive "\n" when idle) so a gone client is noticed. */
    ssize_t (*read)(void *ctx, char *buf, size_t max);
    /* Called once when the response is finished or the client went away. */
    void (*close)(void *ctx);
    void *ctx;
} sl_http_stream;

typedef struct sl_http_resp {
    int status;               /* default 200 */
    const char *content_type; /* default: req->accept, else application/json */
    sl_buf body;
    sl_http_stream stream;    /* set stream.read for a chunked streaming response */
    const char *location;     /* a Location header (redirects), or NULL; borrowed */
    const char *allow;        /* an Allow header (405), or NULL; borrowed */
} sl_http_resp;

typedef void (*sl_http_handler)(void *app, const sl_http_req *req, sl_http_resp *resp);

enum {
    SL_HTTP_PUBLIC = 1 << 0, /* no authentication required (/healthcheck) */
    SL_HTTP_PREFIX = 1 << 1, /* path matches as a prefix */
};

typedef struct sl_http_route {
    const char *method;
    const char *path;
    sl_http_handler handler;
    unsigned flags;
    const char *const *produces; /* NULL-terminated media types; NULL: no negotiation */
} sl_http_route;

typedef struct sl_http_opts {
    const char *host;          /* bind address, e.g. "0.0.0.0" */
    uint16_t port;             /* 0: any free port (see sl_http_port) */
    size_t max_body;           /* larger bodies: 413 */
    unsigned max_connections;
    unsigned idle_timeout_s;   /* idle connection timeout */
    const char *auth_user;     /* HTTP Basic credentials; NULL: no authentication */
    const char *auth_password;
    const char *tls_cert_pem;  /* TLS certificate and key (PEM text); NULL: plain HTTP */
    const char *tls_key_pem;
    bool tls;                  /* the listener is https:// (the PEM texts are required) */
} sl_http_opts;

/* Parses "http://host:port" (or https://) into host/port/tls; host buffer of hostsz bytes.
 * The host may be a name (resolved to IPv4 when the server starts). */
sl_error *sl_http_parse_listener(const char *url, char *host, size_t hostsz, uint16_t *port,
                                 bool *tls);

/* Starts serving. routes (borrowed) must outlive the server; app is passed to handlers. */
sl_error *sl_http_start(const sl_http_opts *opts, const sl_http_route *routes, int nroutes,
                        void *app, sl_http **out);
/* The port actually bound. */
uint16_t sl_http_port(const sl_http *h);
/* Stops accepting and waits for connection threads to end. NULL is a no-op. */
void sl_http_stop(sl_http *h);

/* The first of produces (NULL-terminated) that an Accept header value allows: exactly, or
 * through the wildcards type/'*' and '*'/'*'; an item with q=0 allows nothing. NULL when
 * none is allowed; a missing or empty accept allows the first. */
const char *sl_http_negotiate(const char *accept, const char *const *produces);
/* A request header (case-insensitive name), or NULL. */
const char *sl_http_header(const sl_http_req *req, const char *name);
/* Fills resp with a JSON error entity for err (status and error_code from its code). */
void sl_http_resp_error(sl_http_resp *resp, const sl_error *err);

#endif
