/*
 * rest_client.h - a client of the ksqlDB-compatible REST API that sluiced
 * serves, over libcurl. The shell, `sluice run` and `sluice test` use it.
 *
 * Model: one sl_rest per server. Statements go to POST /ksql and come back as a
 * whole JSON document (an array of entities, or an error entity with a 4xx/5xx
 * status). Queries go to POST /query and come back as a chunked JSON array that
 * never ends for a push query:
 *
 *   [{"header":{"queryId":"...","schema":"`ID` BIGINT KEY, `NAME` STRING"}},
 *   {"row":{"columns":[1,"a"]}},            <- "tombstone":true for deletes
 *   {"errorMessage":{...}},                  <- error after the stream started
 *   {"finalMessage":"Limit Reached"}]        <- blank lines: keep-alives
 *
 * sl_rest_stream cuts that byte stream into elements as chunks arrive (at any
 * byte boundary) and hands each element on as an event, so rows show as they
 * come. A query is cancelled by its tick callback (Ctrl-C in the shell): the
 * client drops the connection and posts /close-query with the query id.
 *
 * Transport failures (server down, timeout, a body that is not JSON) are
 * sl_error values; an HTTP error status with a JSON body is a successful call
 * whose result carries the status and the error entity.
 *
 * Threads: an sl_rest is used by one thread at a time.
 */
#ifndef SL_CLI_REST_CLIENT_H
#define SL_CLI_REST_CLIENT_H

#include "common/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct sl_rest sl_rest;

typedef struct sl_rest_opts {
    const char *url;  /* http://host:port or https://...; required */
    const char *user; /* HTTP Basic credentials; NULL: none */
    const char *password;
    long connect_timeout_ms; /* 0: 5000 */
    long request_timeout_ms; /* whole /ksql, /info, /close-query requests; 0: 60000 */
    long idle_timeout_ms;    /* a /query stream silent this long (no byte, not even a
                                keep-alive) is a dead server; 0: 60000 */
} sl_rest_opts;

/* A new client; copies what opts points to. Fails on a malformed URL. */
sl_error *sl_rest_new(const sl_rest_opts *opts, sl_rest **out);
void sl_rest_free(sl_rest *r);
/* The server URL, without a trailing '/'. Valid until the next sl_rest_set_url. */
const char *sl_rest_url(const sl_rest *r);
/* Points the client at another server (same credentials and timeouts). */
sl_error *sl_rest_set_url(sl_rest *r, const char *url);
/* Makes every request ask cancelled(ctx) about ten times a second and give up
 * (SL_E_IO, "request cancelled") when it returns true; NULL turns that off. */
void sl_rest_set_cancel(sl_rest *r, bool (*cancelled)(void *ctx), void *ctx);

/* What a statement or query request carries besides its text. */
typedef struct sl_rest_req {
    const char *ksql;    /* one or more statements, each ending in ';' */
    const json_t *props; /* "streamsProperties" object; NULL: {} */
    const json_t *vars;  /* "sessionVariables" object; NULL: not sent */
} sl_rest_req;

/* A response with a JSON body. */
typedef struct sl_rest_result {
    long status;  /* HTTP status */
    json_t *body; /* owned; parsed body (never NULL on success) */
} sl_rest_result;

void sl_rest_result_clear(sl_rest_result *res);

/* POST /ksql. Fills *res (call sl_rest_result_clear after). */
sl_error *sl_rest_ksql(sl_rest *r, const sl_rest_req *req, sl_rest_result *res);
/* GET /info: the body's KsqlServerInfo object (status 200) or an error. */
sl_error *sl_rest_info(sl_rest *r, sl_rest_result *res);
/* GET /healthcheck. */
sl_error *sl_rest_healthcheck(sl_rest *r, sl_rest_result *res);
/* Any other whole-body request: POST body (JSON text) to path, or GET path when body is
 * NULL. Fills *res as sl_rest_ksql does. */
sl_error *sl_rest_call(sl_rest *r, const char *path, const char *body, sl_rest_result *res);
/* DELETE path. */
sl_error *sl_rest_delete(sl_rest *r, const char *path, sl_rest_result *res);
/* POST /close-query {"queryId": id}. An HTTP error status is an error here. */
sl_error *sl_rest_close_query(sl_rest *r, const char *query_id);

/* ---- query streams ---- */

typedef enum sl_rest_event_kind {
    SL_REST_EV_HEADER, /* query_id, schema */
    SL_REST_EV_ROW,    /* columns, tombstone */
    SL_REST_EV_FINAL,  /* message: "Limit Reached", "Query Completed", ... */
    SL_REST_EV_ERROR,  /* message; json is the error entity */
    SL_REST_EV_OTHER,  /* any other element (e.g. a consistency token); json */
} sl_rest_event_kind;

/* One element of a query response. Everything is borrowed for the callback only. */
typedef struct sl_rest_event {
    sl_rest_event_kind kind;
    const char *query_id;  /* HEADER; may be NULL */
    const char *schema;    /* HEADER; "" when absent */
    const json_t *columns; /* ROW: a JSON array */
    bool tombstone;        /* ROW */
    const char *message;   /* FINAL, ERROR */
    const json_t *json;    /* the whole element */
} sl_rest_event;

/* Receives each event; returns false to stop reading (as a cancel). */
typedef bool (*sl_rest_event_fn)(void *ctx, const sl_rest_event *ev);

/* Incremental parser of a query response body. */
typedef struct sl_rest_stream sl_rest_stream;

sl_rest_stream *sl_rest_stream_new(void);
void sl_rest_stream_free(sl_rest_stream *s);
/* Feeds the next n bytes; calls fn for every element they complete. Errors on
 * bytes that cannot be a query response (SL_E_CORRUPT), or an element over 64
 * MiB (SL_E_TOO_LARGE); *stopped is set when fn returned false. */
sl_error *sl_rest_stream_feed(sl_rest_stream *s, const char *p, size_t n, sl_rest_event_fn fn,
                              void *ctx, bool *stopped);
/* At the end of the body: an error when it stopped inside an element. */
sl_error *sl_rest_stream_finish(const sl_rest_stream *s);

/* How a query ended. */
typedef enum sl_rest_query_end {
    SL_REST_QUERY_DONE,      /* the server ended the response */
    SL_REST_QUERY_CANCELLED, /* tick or an event callback asked to stop */
    SL_REST_QUERY_REFUSED,   /* HTTP error status: see the error entity in *refusal */
} sl_rest_query_end;

typedef struct sl_rest_query_cb {
    sl_rest_event_fn on_event;
    /* Called about ten times a second while waiting; returns false to cancel. */
    bool (*tick)(void *ctx);
    void *ctx;
} sl_rest_query_cb;

/* POST /query, streaming events to cb as they arrive. On cancel the
 * connection is dropped and, when the header named the query, /close-query is
 * posted (its failure is ignored: the server also ends the query when the
 * connection goes). On SL_REST_QUERY_REFUSED, *refusal (owned by the caller,
 * cleared on entry) holds the status and error body. */
sl_error *sl_rest_query(sl_rest *r, const sl_rest_req *req, const sl_rest_query_cb *cb,
                        sl_rest_query_end *end, sl_rest_result *refusal);

/* The "message" of an error entity (or of a currentStatus' commandStatus), or
 * a fixed text when there is none; never NULL. Borrowed from body (or static). */
const char *sl_rest_error_message(const json_t *body);

#endif
