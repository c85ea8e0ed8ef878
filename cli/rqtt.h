/*
 * rqtt.h - private to cli/: the `sluice test` runner for ksqlDB's REST query
 * translation tests (RQTT files: cases with "responses").
 *
 * A case runs against a real sluiced, as ksqlDB's RestTestExecutor runs one
 * against a real server:
 *
 *   sluiced (a fresh one on a temp data dir, or --server URL, cleaned first)
 *   topics -> the statements before the first SELECT, in one POST /ksql
 *   -> inputs written (POST /topics/T/records, encoded with the formats of the
 *      sources, learned from a local engine that runs the same statements)
 *   -> wait until every persistent query has committed everything it read
 *   -> each SELECT to POST /query -> the output topics read back
 *   -> responses compared: expected fields a subset of actual ones, row
 *      columns as a multiset unless outputConditions.verifyOrder
 *
 * Threads: one case at a time per process (test_main.c forks per case).
 */
#ifndef SL_CLI_RQTT_H
#define SL_CLI_RQTT_H

#include "cli/qtt.h"
#include "common/buf.h"

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

typedef struct rqtt_opts {
    const char *server;  /* a running server's URL, or NULL: start one per case */
    const char *sluiced; /* the server binary (when starting one) */
    int query_timeout_s; /* a query's answer must end within this (push queries: LIMIT) */
} rqtt_opts;

/* rqtt_run.c: runs one case; on failure *why says what differed. */
qtt_outcome rqtt_run_case(const qtt_case *c, const rqtt_opts *o, sl_buf *why);
/* Whether a file's tests are RQTT cases: any of them has "responses". */
bool rqtt_is_file(json_t *tests);

/* rqtt_server.c: a sluiced of the runner's own. */
typedef struct rqtt_server {
    pid_t pid;
    char url[128];
    char dir[64]; /* its data dir (removed at stop) */
    char log[96]; /* its log file (stderr) */
} rqtt_server;

/* Starts sluiced (binary path) on a fresh temp data dir, on a free port, and waits for it
 * to be ready (10 s). The server dies with the calling process. */
sl_error *rqtt_server_start(rqtt_server *s, const char *sluiced);
/* Stops it (SIGTERM, then SIGKILL after 5 s) and removes its data dir and log. */
void rqtt_server_stop(rqtt_server *s);
/* The sluiced binary to use: given, $SLUICED, next to this program's build dir or install
 * dir, else "sluiced" on PATH. */
const char *rqtt_server_binary(const char *given);

/* rqtt_match.c: ksqlDB's response comparison (RestTestExecutor.verifyResponses). stmt
 * replaces {STATEMENT} in expected strings; path names the place in messages. */
bool rqtt_match_admin(json_t *expected, json_t *actual, const char *stmt, const char *path,
                      sl_buf *why);
bool rqtt_match_query(json_t *expected, json_t *actual, const char *stmt, bool verify_order,
                      const char *path, sl_buf *why);
/* Whether an error answer (HTTP status and body) is the expectedError {type, message,
 * status}: status equal, message contained, statement_error for KsqlStatementErrorMessage. */
bool rqtt_match_error(json_t *expected, long status, json_t *body, sl_buf *why);

#endif
