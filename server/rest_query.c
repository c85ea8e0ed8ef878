/*
 * rest_query.c - POST /query, POST /query-stream and POST /close-query.
 *
 *   /query         {"ksql": "SELECT ...", "streamsProperties": {...}, "sessionVariables": {...}}
 *                  -> the V1 answer (qout.h), chunked; newline keep-alives while a push
 *                     query is quiet
 *   /query-stream  {"sql": "SELECT ...", "properties": {...}, "sessionVariables": {...}}
 *                  -> DELIMITED (Accept: application/vnd.ksqlapi.delimited.v1, the default)
 *                     or one JSON array (Accept: application/json)
 *   /close-query   {"queryId": "..."} -> 200; the push query's answer ends
 *
 * A query is a session (session.h). The handler reads the first part of the
 * answer itself: a pull query that is complete within it is sent whole, with
 * a Content-Length; anything longer, and every push query, streams as the
 * client reads, the connection's thread pulling from the session. When the
 * client goes away, the stream's close ends the session and its query.
 */
#include "server/rest_int.h"
#include "common/clock.h"
#include "common/logger.h"
#include "common/mem.h"
#include "server/session.h"

#include <stdlib.h>
#include <string.h>

#define FIRST_READ   (64 * 1024) /* a pull answer this small goes out whole */
#define READ_WAIT_MS 1000        /* a quiet push query: a keep-alive this often */

typedef struct qstream {
    sl_session *s;
    sl_buf head; /* bytes read by the handler, sent first */
    size_t head_off;
    bool keepalive;  /* newlines while the query is quiet */
    int64_t idle_ms; /* push.idle.timeout.ms: quiet this long ends the answer; 0: never */
    int64_t quiet_since;
} qstream;

static ssize_t qs_read(void *ctx, char *buf, size_t max)
{
    qstream *qs = ctx;
    if (qs->head_off < qs->head.len) {
        size_t n = qs->head.len - qs->head_off;
        if (n > max) n = max;
        memcpy(buf, qs->head.p + qs->head_off, n);
        qs->head_off += n;
        return (ssize_t)n;
    }
    ssize_t n = sl_session_read(qs->s, buf, max, READ_WAIT_MS);
    if (n == SL_SESSION_END) return SL_HTTP_STREAM_END;
    int64_t now = sl_clock_mono_ns() / 1000000;
    if (n > 0) {
        qs->quiet_since = now;
        return n;
    }
    if (qs->idle_ms > 0 && now - qs->quiet_since >= qs->idle_ms) {
        SL_INFO("push query idle; closing it", "query=%s idle_ms=%lld", sl_session_id(qs->s),
                (long long)qs->idle_ms);
        sl_session_fail(qs->s, "the push query produced nothing for push.idle.timeout.ms; "
                               "it was closed");
        qs->idle_ms = 0;
        return 0;
    }
    if (!qs->keepalive) return 0;
    buf[0] = '\n';
    return 1;
}

static void qs_close(void *ctx)
{
    qstream *qs = ctx;
    sl_session_close(qs->s);
    sl_buf_free(&qs->head);
    free(qs);
}

/* The answer of an open session: whole when a pull answer fits in the first read, else a
 * stream that starts with what was read. */
static void answer(sl_rest *rest, sl_session *s, sl_qfmt fmt, sl_http_resp *resp)
{
    qstream *qs = sl_calloc(1, sizeof *qs);
    qs->s = s;
    qs->keepalive = fmt != SL_QFMT_DELIMITED;
    qs->quiet_since = sl_clock_mono_ns() / 1000000;
    resp->content_type = sl_session_content_type(s);
    if (!sl_session_is_push(s)) {
        ssize_t n = 0;
        sl_buf *h = &qs->head;
        while (h->len < FIRST_READ) {
            sl_buf_reserve(h, 4096);
            n = sl_session_read(s, h->p + h->len, h->cap - h->len - 1, 0);
            if (n <= 0) break;
            h->len += (size_t)n;
        }
        if (n == SL_SESSION_END) { /* complete: one body */
            sl_buf_free(&resp->body);
            resp->body = qs->head;
            qs->head = (sl_buf)SL_BUF_INIT;
            qs_close(qs);
            return;
        }
    } else {
        qs->idle_ms = sl_conf_int(rest->conf, "push.idle.timeout.ms");
    }
    resp->stream = (sl_http_stream){qs_read, qs_close, qs};
}

static void refuse(sl_http_resp *resp, sl_error *err, const char *text)
{
    if (err->code == SL_E_TOO_MANY || err->code == SL_E_BAD_REQUEST) {
        sl_http_resp_error(resp, err);
    } else {
        sl_rest_send_json(resp, sl_errcode_http_status(err->code),
                          sl_rest_statement_error(err, text, NULL));
    }
    sl_error_free(err);
}

static void run_query(sl_rest *rest, const sl_http_req *req, sl_http_resp *resp, sl_qfmt fmt,
                      const char *text_field, const char *props_field)
{
    sl_rest_ksql_body b;
    sl_error *err = sl_rest_body_parse(req->body, req->body_len, text_field, props_field, &b);
    if (err) {
        sl_http_resp_error(resp, err);
        sl_error_free(err);
        return;
    }
    err = sl_rest_ksql_check_limits(b.ksql, rest->conf);
    if (!err) err = sl_rest_check_overrides(b.req.props, rest->conf);
    sl_session_opts so = {
        .fmt = fmt,
        .buffer_max = (size_t)sl_conf_int(rest->conf, "push.buffer.max.bytes"),
        .max_push = (int)sl_conf_int(rest->conf, "push.max.queries"),
    };
    sl_session *s = NULL;
    if (!err) err = sl_session_open(rest->eng, b.ksql, &b.req, &so, &s, NULL);
    if (err) {
        SL_DEBUG("query refused", "code=%s err=\"%s\"", sl_errcode_name(err->code), err->msg);
        refuse(resp, err, b.ksql);
    } else {
        answer(rest, s, fmt, resp);
    }
    sl_rest_ksql_body_fini(&b);
}

void sl_rest_query(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    run_query(app, req, resp, SL_QFMT_V1, "ksql", "streamsProperties");
}

void sl_rest_query_stream(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    bool json = req->accept && strcmp(req->accept, "application/json") == 0;
    run_query(app, req, resp, json ? SL_QFMT_JSON : SL_QFMT_DELIMITED, "sql", "properties");
}

void sl_rest_close_query(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    sl_rest *rest = app;
    json_error_t jerr;
    json_t *root = json_loadb(req->body, req->body_len, 0, &jerr);
    const char *id = json_string_value(json_object_get(root, "queryId"));
    sl_error *err =
        id ? sl_session_terminate(rest->eng, id)
           : sl_error_new(SL_E_BAD_REQUEST, "the request body must be a JSON object with a string "
                                            "\"queryId\"");
    json_decref(root);
    if (err) {
        sl_http_resp_error(resp, err);
        sl_error_free(err);
        return;
    }
    resp->status = 200;
    sl_buf_reset(&resp->body);
}
