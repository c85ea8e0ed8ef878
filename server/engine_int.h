/*
 * engine_int.h - the engine's private structures and the statement handlers'
 * shared context. Used by engine*.c, stmt_*.c and entities.c only.
 */
#ifndef SL_SERVER_ENGINE_INT_H
#define SL_SERVER_ENGINE_INT_H

#include "exec/db.h"
#include "exec/query.h"
#include "planner/planner.h"
#include "server/engine.h"

#include <pthread.h>

typedef struct running_query {
    char *id;
    sl_query *q;
    char *sql;
    /* health (metrics.c): records read and errors at the start of the previous and the
     * current health window, when the current one began, and when the query started */
    uint64_t h_in0, h_err0, h_in1, h_err1;
    int64_t h_at, started_ms;
} running_query;

struct sl_engine {
    sl_engine_opts opts;
    pthread_mutex_t mu;   /* serialises statements */
    sl_db *db;
    sl_log *log;
    sl_rt *rt;
    sl_catalog *cat;
    running_query *queries;
    size_t nqueries, capqueries;
    char *service_id;
    char *cmd_topic;      /* the command log */
    char *proclog_topic;  /* the processing log */
    bool degraded;
    char *degraded_why;
    bool replaying;       /* executing the command log: no appends */
    int64_t cmd_seq;      /* commandSequenceNumber of the last command */
    /* Transient queries (session*.c): their own runtime (threads, no state in the
     * database), and the push sessions open now. */
    sl_rt *trt;
    pthread_mutex_t smu;  /* guards sessions */
    struct sl_session **sessions;
    size_t nsessions, capsessions;
    uint64_t qseq;        /* transient query ids (under smu) */
    json_t *cmd_status;   /* commandId -> {"status", "message"} of every command run (GET /status) */
};

/* The context of one statement being executed. */
typedef struct sl_stmtctx {
    sl_engine *eng;
    sl_request *req;
    const sl_ast_stmt *st;
    const char *text;     /* the statement's text (after variable substitution) */
    sl_arena *ar;         /* the statement's lifetime */
    sl_planctx pc;
    json_t *entity;       /* the result entity, set by the handler */
    const char *query_id; /* replay: the id the command log recorded */
    bool log_command;     /* the handler changed state: append to the command log */
} sl_stmtctx;

typedef sl_error *(*sl_stmt_fn)(sl_stmtctx *sx);

/* stmt_ddl.c */
sl_error *sl_stmt_create_source(sl_stmtctx *sx);
sl_error *sl_stmt_drop(sl_stmtctx *sx);
sl_error *sl_stmt_create_type(sl_stmtctx *sx);
sl_error *sl_stmt_alter(sl_stmtctx *sx);
sl_error *sl_stmt_insert_values(sl_stmtctx *sx);
/* stmt_query.c */
sl_error *sl_stmt_persistent(sl_stmtctx *sx);
sl_error *sl_stmt_terminate(sl_stmtctx *sx);
sl_error *sl_stmt_pause_resume(sl_stmtctx *sx);
/* stmt_show.c */
sl_error *sl_stmt_show(sl_stmtctx *sx);
sl_error *sl_stmt_describe(sl_stmtctx *sx);
sl_error *sl_stmt_explain(sl_stmtctx *sx);
sl_error *sl_stmt_set(sl_stmtctx *sx);

/* engine.c: running queries */
running_query *sl_engine_find_query(sl_engine *eng, const char *id);
void sl_engine_add_query(sl_engine *eng, const char *id, sl_query *q, const char *sql);
/* Stops and forgets a running query (and its catalog entry). */
void sl_engine_remove_query(sl_engine *eng, const char *id);
/* Creates a topic unless it exists. */
sl_error *sl_engine_ensure_topic(sl_engine *eng, const char *name, int32_t partitions,
                                 int16_t replicas);
/* A property as the statement sees it: request overrides, then server configuration. */
const char *sl_engine_prop(sl_stmtctx *sx, const char *name);
/* Parses text, one statement after ${var} substitution from req's variables, into a
 * statement context over ar with its planning context ready (caller holds eng->mu for the
 * planning). SL_E_BAD_REQUEST when text holds more or less than one statement. */
sl_error *sl_engine_stmt_prepare(sl_engine *eng, sl_request *req, const char *text, sl_arena *ar,
                                 sl_stmtctx *sx);

/* entities.c: ksqlDB's REST entities */
json_t *sl_ent_status(const char *text, const char *command_id, const char *message,
                      const char *query_id, int64_t seq);
json_t *sl_ent_sources(sl_engine *eng, const char *text, bool tables, bool extended);
json_t *sl_ent_source_description(sl_engine *eng, const sl_source *src, bool extended);
json_t *sl_ent_queries(sl_engine *eng, const char *text, bool extended);
json_t *sl_ent_query_description(sl_engine *eng, const char *query_id);
json_t *sl_ent_topics(sl_engine *eng, const char *text, bool all);
json_t *sl_ent_functions(const char *text);
json_t *sl_ent_describe_function(const char *text, const char *name, sl_error **err);
json_t *sl_ent_types(sl_engine *eng, const char *text);
json_t *sl_ent_schema(const sl_type *t);
json_t *sl_ent_fields(const sl_column *cols, uint32_t ncols);
json_t *sl_ent_with_text(json_t *entity, const char *text);

#endif
