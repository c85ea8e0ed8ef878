/*
 * rest_topics.c - sluice's topic API: raw records in and out of topics, for
 * the standalone mode, where no Kafka client can reach the embedded log (test
 * drivers such as `sluice test`'s RQTT runner, loaders, debugging). Its shapes
 * follow the Confluent REST Proxy's binary embedding: keys and values are
 * base64, null for a null key or a tombstone.
 *
 *   GET  /topics                      {"topics":[{"name","partitions"}...]}
 *   POST /topics                      {"name":"t","partitions":1} -> {"name","partitions",
 *                                     "created":true|false}   (false: it existed)
 *   POST /topics/T/records            {"records":[{"key","value","timestamp","partition",
 *                                     "headers":[{"key","value"}]}]}
 *                                     -> {"offsets":[{"partition","offset"}]}
 *   DELETE /topics/T                  deletes the topic (its records with it)
 *   GET  /topics/T/records?limit=N    the first N records (default 1000, at most 100000) of
 *                                     every partition as they are now: {"records":[{...,
 *                                     "partition","offset"}]}, in offset order per partition
 *
 * Off when rest.topics.enabled is false (every such request is then 404).
 */
#include "server/rest_int.h"
#include "common/clock.h"
#include "common/mem.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_LIMIT_DEFAULT 1000
#define READ_LIMIT_MAX     100000

static int b64_val(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decodes base64 text into out (reset first); false on a character outside the alphabet. */
static bool b64_decode(const char *s, sl_buf *out)
{
    sl_buf_reset(out);
    uint32_t acc = 0, bits = 0;
    for (; *s && *s != '='; s++) {
        int v = b64_val(*s);
        if (v < 0) return false;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            sl_buf_putc(out, (char)(acc >> bits));
        }
    }
    return true;
}

static json_t *b64_json(const uint8_t *p, uint32_t n)
{
    if (!p) return json_null();
    sl_buf b = SL_BUF_INIT;
    sl_type t = {.kind = SL_K_BYTES};
    sl_value_print(&b, &t, sl_value_str((const char *)p, n));
    json_t *s = json_stringn(b.p ? b.p : "", b.len);
    sl_buf_free(&b);
    return s;
}

static sl_error *disabled(const sl_rest *rest)
{
    if (sl_conf_bool(rest->conf, "rest.topics.enabled")) return NULL;
    return sl_error_new(SL_E_NOT_FOUND, "the topic API is off (rest.topics.enabled=false)");
}

static void send_error(sl_http_resp *resp, sl_error *err)
{
    sl_http_resp_error(resp, err);
    sl_error_free(err);
}

static void list_topics(sl_rest *rest, sl_http_resp *resp)
{
    sl_topic_info *ts = NULL;
    int n = 0;
    sl_error *err = sl_log_topic_list(sl_engine_log(rest->eng), &ts, &n);
    if (err) return send_error(resp, err);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:s,s:i}", "name", ts[i].name, "partitions", (int)ts[i].partitions));
    free(ts);
    sl_rest_send_json(resp, 200, json_pack("{s:o}", "topics", arr));
}

static void create_topic(sl_rest *rest, const sl_http_req *req, sl_http_resp *resp)
{
    json_t *root = json_loadb(req->body, req->body_len, 0, NULL);
    const char *name = json_string_value(json_object_get(root, "name"));
    json_t *pj = json_object_get(root, "partitions");
    int64_t parts = pj ? json_integer_value(pj) : 1;
    sl_error *err = NULL;
    if (!name || !*name || strlen(name) >= 249 || (pj && !json_is_integer(pj)) || parts < 1 ||
        parts > 10000)
        err =
            sl_error_new(SL_E_BAD_REQUEST, "expected {\"name\": topic, \"partitions\": 1..10000}");
    sl_topic_info info;
    bool exists = !err && !(err = sl_log_topic_describe(sl_engine_log(rest->eng), name, &info));
    if (err && err->code == SL_E_NOT_FOUND) {
        sl_error_free(err);
        err = sl_engine_topic_create(rest->eng, name, (int32_t)parts);
    }
    if (err) {
        json_decref(root);
        return send_error(resp, err);
    }
    sl_rest_send_json(resp, 200,
                      json_pack("{s:s,s:i,s:b}", "name", name, "partitions",
                                exists ? (int)info.partitions : (int)parts, "created", !exists));
    json_decref(root);
}

/* One record of a produce request into rec (payloads in bufs, headers in ar). */
static sl_error *record_of(json_t *r, sl_buf *kb, sl_buf *vb, sl_arena *ar, sl_log_record *rec)
{
    memset(rec, 0, sizeof *rec);
    json_t *k = json_object_get(r, "key"), *v = json_object_get(r, "value");
    json_t *ts = json_object_get(r, "timestamp"), *p = json_object_get(r, "partition");
    if (!json_is_object(r) || (k && !json_is_null(k) && !json_is_string(k)) ||
        (v && !json_is_null(v) && !json_is_string(v)) || (ts && !json_is_integer(ts)) ||
        (p && !json_is_integer(p)))
        return sl_error_new(SL_E_BAD_REQUEST,
                            "a record is {\"key\": base64|null, \"value\": base64|null, "
                            "\"timestamp\": ms, \"partition\": n, \"headers\": [...]}");
    if (json_is_string(k) && !b64_decode(json_string_value(k), kb))
        return sl_error_new(SL_E_BAD_REQUEST, "a record's key is not base64");
    if (json_is_string(v) && !b64_decode(json_string_value(v), vb))
        return sl_error_new(SL_E_BAD_REQUEST, "a record's value is not base64");
    rec->key = json_is_string(k) ? (const uint8_t *)(kb->p ? kb->p : "") : NULL;
    rec->klen = (uint32_t)kb->len;
    rec->val = json_is_string(v) ? (const uint8_t *)(vb->p ? vb->p : "") : NULL;
    rec->vlen = (uint32_t)vb->len;
    rec->ts = ts ? json_integer_value(ts) : sl_clock_wall_ms();
    rec->partition = p ? (int32_t)json_integer_value(p) : SL_LOG_ANY_PARTITION;
    json_t *hs = json_object_get(r, "headers"), *h;
    size_t i;
    if (!json_array_size(hs)) return NULL;
    sl_header *hv = SL_ARENA_ARRAY(ar, sl_header, json_array_size(hs));
    json_array_foreach(hs, i, h)
    {
        const char *hk = json_string_value(json_object_get(h, "key"));
        const char *hval = json_string_value(json_object_get(h, "value"));
        sl_buf d = SL_BUF_INIT;
        if (!hk || (hval && !b64_decode(hval, &d))) {
            sl_buf_free(&d);
            return sl_error_new(SL_E_BAD_REQUEST,
                                "a header is {\"key\": name, \"value\": base64|null}");
        }
        hv[i] = (sl_header){sl_arena_strdup(ar, hk), hval ? sl_arena_memdup(ar, d.p, d.len) : NULL,
                            (uint32_t)d.len};
        sl_buf_free(&d);
    }
    rec->headers = (sl_headers){hv, (uint32_t)json_array_size(hs)};
    return NULL;
}

static void produce(sl_rest *rest, const char *topic, const sl_http_req *req, sl_http_resp *resp)
{
    json_t *root = json_loadb(req->body, req->body_len, 0, NULL);
    json_t *recs = json_object_get(root, "records"), *r;
    sl_error *err = json_is_array(recs)
                        ? NULL
                        : sl_error_new(SL_E_BAD_REQUEST, "expected {\"records\": [...]}");
    json_t *offsets = json_array();
    sl_buf kb = SL_BUF_INIT, vb = SL_BUF_INIT;
    sl_arena *ar = sl_arena_new(0);
    size_t i;
    json_array_foreach(recs, i, r)
    {
        if (err) break;
        sl_log_record rec;
        err = record_of(r, &kb, &vb, ar, &rec);
        if (!err) err = sl_log_produce(sl_engine_log(rest->eng), topic, &rec);
        if (!err)
            json_array_append_new(offsets, json_pack("{s:i,s:I}", "partition", (int)rec.partition,
                                                     "offset", (json_int_t)rec.offset));
    }
    sl_arena_free(ar);
    sl_buf_free(&kb);
    sl_buf_free(&vb);
    json_decref(root);
    if (err) {
        json_decref(offsets);
        return send_error(resp, err);
    }
    sl_rest_send_json(resp, 200, json_pack("{s:o}", "offsets", offsets));
}

typedef struct reader {
    int32_t nparts;
    int64_t *ends;
} reader;

static void read_assigned(void *ctx, uint32_t topic, int32_t partition, int64_t *start)
{
    (void)ctx, (void)topic, (void)partition;
    *start = SL_LOG_EARLIEST;
}

static void read_revoked(void *ctx, uint32_t topic, int32_t partition)
{
    (void)ctx, (void)topic, (void)partition;
}

static json_t *record_json(const sl_log_record *rec)
{
    json_t *hs = json_array();
    for (uint32_t h = 0; h < rec->headers.n; h++)
        json_array_append_new(hs,
                              json_pack("{s:s,s:o}", "key", rec->headers.h[h].key, "value",
                                        b64_json(rec->headers.h[h].val, rec->headers.h[h].len)));
    return json_pack("{s:i,s:I,s:I,s:o,s:o,s:o}", "partition", (int)rec->partition, "offset",
                     (json_int_t)rec->offset, "timestamp", (json_int_t)rec->ts, "key",
                     b64_json(rec->key, rec->klen), "value", b64_json(rec->val, rec->vlen),
                     "headers", hs);
}

/* Whether the consumer read every partition up to the ends taken at the start. */
static bool read_all(const int64_t *next, const int64_t *ends, int32_t n)
{
    for (int32_t p = 0; p < n; p++)
        if (next[p] < ends[p]) return false;
    return true;
}

static void read_records(sl_rest *rest, const char *topic, const sl_http_req *req,
                         sl_http_resp *resp)
{
    sl_log *log = sl_engine_log(rest->eng);
    const char *ls = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "limit");
    long limit = ls ? strtol(ls, NULL, 10) : READ_LIMIT_DEFAULT;
    if (limit < 0 || limit > READ_LIMIT_MAX) limit = READ_LIMIT_MAX;
    sl_topic_info info;
    sl_error *err = sl_log_topic_describe(log, topic, &info);
    if (err) return send_error(resp, err);
    int32_t n = info.partitions > 0 ? info.partitions : 1;
    int64_t *ends = sl_calloc((size_t)n, sizeof *ends), *next = sl_calloc((size_t)n, sizeof *next);
    err = sl_log_end_offsets(log, topic, ends, n);
    if (!err) err = sl_log_start_offsets(log, topic, next, n);
    char group[96];
    snprintf(group, sizeof group, "_sluice_topic_read_%p", (void *)next);
    const char *topics[] = {topic};
    sl_log_assign_cb cb = {read_assigned, read_revoked, NULL};
    sl_log_consumer *c = NULL;
    if (!err) err = sl_log_consumer_open(log, group, topics, 1, &cb, &c);
    json_t *out = json_array();
    sl_log_record recs[256];
    for (int idle = 0;
         !err && (long)json_array_size(out) < limit && !read_all(next, ends, n) && idle < 50;) {
        int got = 0;
        err = sl_log_consumer_poll(c, recs, 256, 100, &got);
        idle = got ? 0 : idle + 1;
        for (int i = 0; !err && i < got && (long)json_array_size(out) < limit; i++) {
            int32_t p = recs[i].partition;
            if (p < 0 || p >= n || recs[i].offset >= ends[p]) continue;
            next[p] = recs[i].offset + 1;
            json_array_append_new(out, record_json(&recs[i]));
        }
    }
    sl_log_consumer_close(c);
    free(ends);
    free(next);
    if (err) {
        json_decref(out);
        return send_error(resp, err);
    }
    sl_rest_send_json(resp, 200, json_pack("{s:o}", "records", out));
}

static void delete_topic(sl_rest *rest, const char *topic, sl_http_resp *resp)
{
    sl_error *err = sl_log_topic_delete(sl_engine_log(rest->eng), topic);
    if (err) return send_error(resp, err);
    sl_rest_send_json(resp, 200, json_pack("{s:s,s:b}", "name", topic, "deleted", 1));
}

void sl_rest_topics(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    sl_rest *rest = app;
    sl_error *err = disabled(rest);
    if (err) return send_error(resp, err);
    bool post = strcmp(req->method, "POST") == 0;
    if (strcmp(req->method, "DELETE") == 0) {
        const char *name = req->path + strlen("/topics/");
        if (strncmp(req->path, "/topics/", 8) != 0 || !*name || strchr(name, '/'))
            return send_error(resp,
                              sl_error_new(SL_E_NOT_FOUND, "no such endpoint: %s", req->path));
        return delete_topic(rest, name, resp);
    }
    if (strcmp(req->path, "/topics") == 0) {
        if (post)
            create_topic(rest, req, resp);
        else
            list_topics(rest, resp);
        return;
    }
    const char *name = req->path + strlen("/topics/");
    const char *slash = strchr(name, '/');
    if (!slash || strcmp(slash, "/records") != 0 || slash == name)
        return send_error(resp, sl_error_new(SL_E_NOT_FOUND, "no such endpoint: %s", req->path));
    char topic[256];
    size_t tl = (size_t)(slash - name);
    if (tl >= sizeof topic)
        return send_error(resp, sl_error_new(SL_E_BAD_REQUEST, "topic name too long"));
    memcpy(topic, name, tl);
    topic[tl] = '\0';
    if (post)
        produce(rest, topic, req, resp);
    else
        read_records(rest, topic, req, resp);
}
