/*
 * rest.h - sluiced's REST API, ksqlDB's: one route table (rest.c) over the
 * HTTP layer (http.h), handlers that turn requests into engine calls and
 * engine results into ksqlDB's JSON entities.
 *
 *   POST /ksql            statements -> [entities] | statement_error
 *   POST /query           a SELECT or PRINT -> its answer, chunked (rest_query.c)
 *   POST /query-stream    the same in the v2 framings (delimited, JSON)
 *   POST /close-query     ends a push query
 *   POST /inserts-stream  JSON rows into a stream -> acks
 *   GET  /info            KsqlServerInfo (version, cluster id, service id, status)
 *   GET  /healthcheck     metastore / kafka / command runner / queries (503 when unhealthy)
 *   GET  /metrics         Prometheus text
 *   GET  /status[/T/E/A]  command statuses
 *   /topics...            sluice's topic API (rest_topics.c)
 *   GET  /                redirect to /info
 *
 * Threads: the HTTP layer runs each connection on its own thread; handlers
 * share the engine, which serialises statements itself.
 */
#ifndef SL_SERVER_REST_H
#define SL_SERVER_REST_H

#include "common/error.h"
#include "server/config.h"
#include "server/engine.h"

#include <stdint.h>

typedef struct sl_rest sl_rest;

/* Checks conf's REST settings (the listener) without starting anything, so a
 * mistake is reported before the engine opens. */
sl_error *sl_rest_check_conf(const sl_conf *conf);
/* Starts serving eng (borrowed; must outlive the server) on conf's `listeners`, with
 * conf's request limits. version is what /info reports (copied). */
sl_error *sl_rest_start(sl_engine *eng, const sl_conf *conf, const char *version, sl_rest **out);
/* The port actually bound (listeners may name port 0). */
uint16_t sl_rest_port(const sl_rest *rest);
/* Stops accepting, waits for requests in progress, frees. NULL is a no-op. */
void sl_rest_stop(sl_rest *rest);

#endif
