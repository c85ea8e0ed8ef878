/*
 * engine.h - the engine: the catalog, the running persistent queries, the
 * topic log and state database under one data dir, and statement execution.
 *
 * Model
 *   text --parse--> statements --plan (planner/)--> catalog change + query
 *        --command log (append, durable)--> apply --> ksqlDB entities (JSON)
 *
 *   Every accepted DDL or persistent statement is appended to the command log
 *   (a topic) before the reply; on open the engine replays it and ends with the
 *   same catalog and the same queries, with the same ids, resuming from their
 *   committed offsets. A command log that cannot be replayed leaves the engine
 *   up but read-only (DEGRADED), saying why.
 *
 *   Results are ksqlDB's REST entities (jansson values): the REST layer sends
 *   them as they are, the test runner compares them.
 *
 * Threads: any thread may call sl_engine_execute; statements are serialised
 * by the engine's lock. Persistent queries run on their own worker threads,
 * or, in synchronous mode (`sluice test`), only inside sl_engine_run_until_idle.
 */
#ifndef SL_SERVER_ENGINE_H
#define SL_SERVER_ENGINE_H

#include "common/error.h"
#include "exec/log.h"
#include "server/config.h"

#include <jansson.h>
#include <stdbool.h>

typedef struct sl_engine sl_engine;

typedef struct sl_engine_opts {
    const sl_conf *conf;  /* borrowed; outlives the engine */
    bool synchronous;     /* no worker threads: the caller drives queries */
    int64_t (*clock_ms)(void *ctx); /* wall clock for INSERT VALUES timestamps; NULL: real */
    void *clock_ctx;
} sl_engine_opts;

/* Opens data.dir (creating it), the log (embedded or Kafka), replays the command log. */
sl_error *sl_engine_open(const sl_engine_opts *opts, sl_engine **out);
/* Stops every query (committing what they processed) and closes everything. NULL: no-op. */
void sl_engine_close(sl_engine *eng);

/* What one request carries besides its text. */
typedef struct sl_request {
    json_t *props;   /* streamsProperties overrides (object), or NULL; SET adds to it */
    json_t *vars;    /* sessionVariables (object) for ${var} substitution, or NULL */
    bool dry_run;    /* plan every statement, change nothing */
} sl_request;

typedef struct sl_result {
    json_t *entities;     /* one entity per statement that succeeded (always an array) */
    sl_error *err;        /* the failing statement's error, or NULL */
    char *err_statement;  /* that statement's text (malloc'd), or NULL */
} sl_result;

/* Executes every statement of text in order, stopping at the first failure. */
void sl_engine_execute(sl_engine *eng, const char *text, sl_request *req, sl_result *res);
void sl_result_fini(sl_result *res);

/* Synchronous mode: runs every query until none has anything left to read. */
sl_error *sl_engine_run_until_idle(sl_engine *eng);

struct sl_source;
/* The catalog's source named name, or the source over topic (a sink first, when several
 * use it); NULL when none. Valid until the next statement. */
const struct sl_source *sl_engine_source(sl_engine *eng, const char *name);
const struct sl_source *sl_engine_source_by_topic(sl_engine *eng, const char *topic);

/* Encodes the record an INSERT VALUES / ASSERT VALUES / ASSERT NULL VALUES statement
 * describes (the planner's sl_plan_insert_values against the engine's catalog); the caller
 * frees out->key and out->value. For test runners. */
struct sl_ast_stmt;
struct sl_insert_rec;
sl_error *sl_engine_encode_values(sl_engine *eng, const struct sl_ast_stmt *st, int64_t now_ms,
                                  struct sl_insert_rec *out);

/* Rows inserted as JSON objects into a stream or table (POST /inserts-stream): open checks
 * the target (SL_E_NOT_FOUND, or SL_E_STATEMENT for a read-only, windowed or header-column
 * source) and compiles its formats; each row is then decoded, encoded and written to the
 * topic, timestamped now (SL_E_SERDE / SL_E_BAD_REQUEST for a bad row). One thread uses an
 * inserter; close accepts NULL. */
typedef struct sl_inserter sl_inserter;
sl_error *sl_engine_inserter_open(sl_engine *eng, const char *target, sl_inserter **out);
sl_error *sl_engine_inserter_row(sl_inserter *in, const char *json, size_t len);
void sl_engine_inserter_close(sl_inserter *in);

/* Creates topic name with partitions partitions (1 replica) unless it exists. */
sl_error *sl_engine_topic_create(sl_engine *eng, const char *name, int32_t partitions);
/* GET /status: every command's status, {"<commandId>": "SUCCESS", ...} (a new object). */
json_t *sl_engine_command_statuses(sl_engine *eng);
/* One command's {"status", "message"} (a new object), or NULL when no command has that id. */
json_t *sl_engine_command_status(sl_engine *eng, const char *command_id);
/* Appends the Prometheus text exposition of the engine's metrics (metrics.c). */
void sl_engine_metrics(sl_engine *eng, sl_buf *out);
/* Why some persistent query is unhealthy (thresholds health.* of conf), malloc'd; NULL when
 * every query is healthy. */
char *sl_engine_health(sl_engine *eng, const sl_conf *conf);

/* The engine's log (topics), for producing test input and reading output. */
sl_log *sl_engine_log(sl_engine *eng);
/* Whether the command log failed to replay; *why (borrowed) says why. */
bool sl_engine_degraded(sl_engine *eng, const char **why);
const char *sl_engine_service_id(const sl_engine *eng);

#endif
