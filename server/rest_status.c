/*
 * rest_status.c - what a load balancer or an operator asks: GET /info,
 * GET /healthcheck, GET /metrics (Prometheus), GET /status (the commands'
 * statuses) and GET / (a redirect to /info, as ksqlDB does).
 *
 * /healthcheck runs three checks, as ksqlDB's does:
 *   metastore      the catalog answers SHOW STREAMS / TABLES / QUERIES
 *   kafka          the log lists its topics (a metadata round trip with Kafka)
 *   commandRunner  the command log replayed (not DEGRADED)
 *   queries        every persistent query is healthy (metrics.c: not failed, error
 *                  rate, watermark lag, not stalled; thresholds health.*)
 * Any failing check makes the answer 503; a failing check says why in its
 * "error" field (beside ksqlDB's "isHealthy"), and so does /info's
 * "serverStatusDetail" when the server is DEGRADED.
 */
#include "server/rest_int.h"
#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sl_rest_info(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    (void)req;
    sl_rest *rest = app;
    const char *why = NULL;
    bool degraded = sl_engine_degraded(rest->eng, &why);
    json_t *info = json_pack("{s:s,s:s,s:s,s:s}", "version", rest->version, "kafkaClusterId",
                             rest->cluster_id, "ksqlServiceId", sl_engine_service_id(rest->eng),
                             "serverStatus", degraded ? "DEGRADED" : "RUNNING");
    if (degraded) json_object_set_new(info, "serverStatusDetail", json_string(why ? why : ""));
    sl_rest_send_json(resp, 200, json_pack("{s:o}", "KsqlServerInfo", info));
}

/* One check's entry: {"isHealthy":ok} plus "error" when it failed. */
static json_t *check_entry(const char *why)
{
    json_t *e = json_pack("{s:b}", "isHealthy", why == NULL);
    if (why) json_object_set_new(e, "error", json_string(why));
    return e;
}

static json_t *check_metastore(sl_engine *eng)
{
    sl_request req = {0};
    sl_result res;
    sl_engine_execute(eng, "SHOW STREAMS; SHOW TABLES; SHOW QUERIES;", &req, &res);
    json_t *e = check_entry(res.err ? res.err->msg : NULL);
    sl_result_fini(&res);
    return e;
}

static json_t *check_kafka(sl_engine *eng)
{
    sl_topic_info *topics = NULL;
    int n = 0;
    sl_error *err = sl_log_topic_list(sl_engine_log(eng), &topics, &n);
    free(topics);
    json_t *e = check_entry(err ? err->msg : NULL);
    sl_error_free(err);
    return e;
}

void sl_rest_healthcheck(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    (void)req;
    sl_rest *rest = app;
    const char *why = NULL;
    bool degraded = sl_engine_degraded(rest->eng, &why);
    char *unhealthy = sl_engine_health(rest->eng, rest->conf);
    json_t *details = json_pack("{s:o,s:o,s:o,s:o}", "metastore", check_metastore(rest->eng),
                                "kafka", check_kafka(rest->eng), "commandRunner",
                                check_entry(degraded ? (why ? why : "DEGRADED") : NULL), "queries",
                                check_entry(unhealthy));
    free(unhealthy);
    bool healthy = true;
    const char *k;
    json_t *v;
    json_object_foreach(details, k, v) healthy &= json_is_true(json_object_get(v, "isHealthy"));
    json_t *body = json_pack("{s:b,s:o,s:s}", "isHealthy", healthy, "details", details,
                             "serverState", "READY");
    sl_rest_send_json(resp, healthy ? 200 : 503, body);
}

void sl_rest_root(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    (void)app, (void)req;
    resp->status = 307;
    resp->location = "/info";
}

void sl_rest_metrics(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    (void)req;
    sl_rest *rest = app;
    sl_buf_reset(&resp->body);
    sl_engine_metrics(rest->eng, &resp->body);
    resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
}

/* GET /status: {"commandStatuses": {...}}; GET /status/TYPE/ENTITY/ACTION: that command's
 * {"status", "message"} (the entity with or without its backquotes). */
void sl_rest_status(void *app, const sl_http_req *req, sl_http_resp *resp)
{
    sl_rest *rest = app;
    if (strcmp(req->path, "/status") == 0 || strcmp(req->path, "/status/") == 0) {
        sl_rest_send_json(resp, 200, json_pack("{s:o}", "commandStatuses",
                                               sl_engine_command_statuses(rest->eng)));
        return;
    }
    const char *id = req->path + strlen("/status/");
    json_t *st = sl_engine_command_status(rest->eng, id);
    const char *s1 = strchr(id, '/'), *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
    if (!st && s2 && s1[1] != '`') { /* stream/PAGEVIEWS/create names stream/`PAGEVIEWS`/create */
        char *quoted = sl_malloc(strlen(id) + 3);
        sprintf(quoted, "%.*s`%.*s`%s", (int)(s1 - id + 1), id, (int)(s2 - s1 - 1), s1 + 1, s2);
        st = sl_engine_command_status(rest->eng, quoted);
        free(quoted);
    }
    if (!st) {
        sl_error *err = sl_error_new(SL_E_NOT_FOUND, "Command not found: %s", id);
        sl_http_resp_error(resp, err);
        sl_error_free(err);
        return;
    }
    sl_rest_send_json(resp, 200, st);
}
