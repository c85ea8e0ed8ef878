/*
 * rest_inserts.c - POST /inserts-stream: rows into a stream (or table), acks out.
 *
 *   request (one JSON value per line):  {"target": "ORDERS", "properties": {}}
 *                                       {"ID": 1, "ITEM": "a"}
 *                                       {"ID": 2, "ITEM": "b"}
 *   answer, one ack per row:            {"status":"ok","seq":0}
 *                                       {"status":"ok","seq":1}
 *   a row that fails ends the answer:   {"status":"error","seq":2,"error_code":40000,
 *                                        "message":"..."}
 *
 * Over HTTP/1.1 the request body arrives whole (its size is capped by
 * request.max.bytes) before the rows are written, in order; application/json
 * asks for the acks as one JSON array instead of lines.
 */
#include "server/rest_int.h"

#include <string.h>

static void ack(sl_buf *out, bool json, size_t seq, const sl_error *err)
{
    if (json) sl_buf_putc(out, seq ? ',' : '[');
    if (!err) {
        sl_buf_printf(out, "{\"status\":\"ok\",\"seq\":%zu}", seq);
    } else {
        sl_buf_printf(out, "{\"status\":\"error\",\"seq\":%zu,\"error_code\":%d,\"message\":", seq,
                      sl_errcode_ksql(err->code));
        sl_buf_json_str(out, err->msg, strlen(err->msg));
        sl_buf_putc(out, '}');
    }
    if (!json) sl_buf_putc(out, '\n');
}

/* The first line: {"target": name, "properties": {...}}. */
static sl_error *target_of(const char *line, size_t len, char *target, size_t cap)
{
    json_t *root = json_loadb(line, len, 0, NULL);
    const char *t = json_string_value(json_object_get(root, "target"));
    sl_error *err = NULL;
    if (!t || !*t || strlen(t) >= cap)
        err = sl_error_new(SL_E_BAD_REQUEST, "the first line must be {\"target\": \"STREAM\"}");
    else
        strcpy(target, t);
    json_decref(root);
    return err;
}

void sl_rest_inserts(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    sl_rest *rest = app;
    bool json = req->accept && strcmp(req->accept, "application/json") == 0;
    const char *p = req->body, *end = req->body + req->body_len;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    char target[256];
    sl_error *err = target_of(p, (size_t)((nl ? nl : end) - p), target, sizeof target);
    sl_inserter *in = NULL;
    if (!err) err = sl_engine_inserter_open(rest->eng, target, &in);
    if (err) {
        sl_http_resp_error(resp, err);
        sl_error_free(err);
        return;
    }
    sl_buf_reset(&resp->body);
    size_t seq = 0;
    for (p = nl ? nl + 1 : end; p < end && !err;) {
        nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *q = p;
        while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
        if (q < e) {
            err = sl_engine_inserter_row(in, q, (size_t)(e - q));
            ack(&resp->body, json, seq++, err);
        }
        p = nl ? nl + 1 : end;
    }
    if (json) sl_buf_puts(&resp->body, seq ? "]" : "[]");
    sl_error_free(err);
    sl_engine_inserter_close(in);
}
