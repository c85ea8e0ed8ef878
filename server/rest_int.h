/*
 * rest_int.h - what the REST handlers share: the server's context, the
 * handlers the route table (rest.c) names, and small helpers for JSON bodies.
 * Used by rest*.c and cluster_id.c only.
 */
#ifndef SL_SERVER_REST_INT_H
#define SL_SERVER_REST_INT_H

#include "server/http.h"
#include "server/rest.h"

#include <jansson.h>

struct sl_rest {
    sl_engine *eng;      /* borrowed */
    const sl_conf *conf; /* borrowed */
    sl_http *http;
    char *version;
    char *cluster_id; /* /info's kafkaClusterId */
    char *tls_cert, *tls_key; /* PEM text, alive as long as the HTTP server */
};

/* rest_ksql.c */
void sl_rest_ksql(void *app, const sl_http_req *req, sl_http_resp *resp);

/* What a /ksql body carries, validated. */
typedef struct sl_rest_ksql_body {
    json_t *root;     /* the parsed body; owns the strings below */
    const char *ksql; /* the statements */
    sl_request req;   /* props and vars: fresh objects (never NULL), owned */
} sl_rest_ksql_body;

/* Parses and validates a /ksql body: a JSON object with a string "ksql", optional
 * objects "streamsProperties" (scalar values) and "sessionVariables" (scalar values,
 * kept as strings); the property "sluice.dry.run" becomes req.dry_run. SL_E_BAD_REQUEST
 * says what is wrong. On success the caller frees
 * out with sl_rest_ksql_body_fini; on failure nothing is left to free. */
sl_error *sl_rest_ksql_parse(const char *body, size_t len, sl_rest_ksql_body *out);
void sl_rest_ksql_body_fini(sl_rest_ksql_body *b);
/* The same for a body whose statements are in text_field and properties in props_field
 * (/query-stream: "sql" and "properties"). */
sl_error *sl_rest_body_parse(const char *body, size_t len, const char *text_field,
                             const char *props_field, sl_rest_ksql_body *out);
/* Refuses a request whose properties override one that conf denies
 * (request.denied.properties): SL_E_BAD_REQUEST. */
sl_error *sl_rest_check_overrides(const json_t *props, const sl_conf *conf);
/* Checks the request limits of conf (statements per request, bytes per statement). */
sl_error *sl_rest_ksql_check_limits(const char *ksql, const sl_conf *conf);
/* ksqlDB's statement_error entity for err, raised by statement stmt (may be NULL), after
 * the entities of the statements before it (borrowed; copied in). */
json_t *sl_rest_statement_error(const sl_error *err, const char *stmt, json_t *entities);
/* An error's message as ksqlDB renders it: "line L:C: ..." for syntax errors, then any
 * detail and hint on lines of their own. */
void sl_rest_error_text(const sl_error *err, sl_buf *out);

/* rest_query.c */
void sl_rest_query(void *app, const sl_http_req *req, sl_http_resp *resp);
void sl_rest_query_stream(void *app, const sl_http_req *req, sl_http_resp *resp);
void sl_rest_close_query(void *app, const sl_http_req *req, sl_http_resp *resp);

/* rest_inserts.c: POST /inserts-stream */
void sl_rest_inserts(void *app, const sl_http_req *req, sl_http_resp *resp);

/* rest_topics.c: GET|POST /topics, GET|POST /topics/{name}/records */
void sl_rest_topics(void *app, const sl_http_req *req, sl_http_resp *resp);

/* rest_status.c */
void sl_rest_info(void *app, const sl_http_req *req, sl_http_resp *resp);
void sl_rest_healthcheck(void *app, const sl_http_req *req, sl_http_resp *resp);
void sl_rest_root(void *app, const sl_http_req *req, sl_http_resp *resp);
void sl_rest_metrics(void *app, const sl_http_req *req, sl_http_resp *resp);
void sl_rest_status(void *app, const sl_http_req *req, sl_http_resp *resp);

/* rest.c: sets resp's status and its body to v serialised (takes ownership of v). */
void sl_rest_send_json(sl_http_resp *resp, int status, json_t *v);

/* cluster_id.c: the id /info reports as kafkaClusterId: the Kafka cluster's, or with
 * the embedded log a random id made once and kept in data.dir/cluster.id. *out is
 * malloc'd. */
sl_error *sl_rest_cluster_id(const sl_conf *conf, char **out);

#endif
