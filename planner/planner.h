/*
 * planner.h - the face of the planner: statements (AST) in, catalog entries and
 * physical plans out.
 *
 * Model
 *   statement --binder--> typed expressions (exec/expr.h) over a scope of columns
 *             --planner--> a new source for the catalog (DDL), a physical plan
 *                          (persistent queries), or a record (INSERT VALUES)
 *
 *   The planner never changes the catalog or touches topics: it validates and
 *   builds, and the engine (server/engine.c) applies the result. It reads the
 *   catalog, the session's properties and, through a callback, what topics
 *   exist. Error messages are ksqlDB's where ksqlDB has one (its tests compare
 *   them).
 *
 * Threads: a planning context is used by one thread; the engine serialises
 * statements, so the catalog does not change under a plan being built.
 */
#ifndef SL_PLANNER_PLANNER_H
#define SL_PLANNER_PLANNER_H

#include "common/arena.h"
#include "common/buf.h"
#include "common/error.h"
#include "exec/expr.h"
#include "exec/log.h"
#include "exec/plan.h"
#include "exec/pullstore.h"
#include "parser/ast.h"
#include "planner/catalog.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct sl_planctx {
    sl_catalog *cat;
    sl_arena *ar;           /* the statement's lifetime: scratch and bound expressions */
    const char *service_id; /* names internal topics */
    /* A session property (SET / request properties / server config), or NULL. */
    const char *(*prop)(void *ctx, const char *name);
    void *prop_ctx;
    /* Describes a topic; SL_E_NOT_FOUND when it does not exist. */
    sl_error *(*topic)(void *ctx, const char *name, sl_topic_info *out);
    void *topic_ctx;
} sl_planctx;

/* What a CREATE STREAM/TABLE needs done besides adding the source. */
typedef struct sl_ddl_result {
    sl_source *source;  /* the new source (caller takes ownership) */
    bool create_topic;  /* the topic does not exist: create it with the source's partitions */
    bool exists;        /* IF NOT EXISTS and the source exists: nothing to do */
} sl_ddl_result;

/* CREATE [OR REPLACE] [SOURCE] STREAM|TABLE ... */
sl_error *sl_plan_create_source(sl_planctx *pc, const sl_ast_stmt *st, sl_ddl_result *out);

/* A persistent query: CREATE STREAM|TABLE AS SELECT or INSERT INTO ... SELECT. */
typedef struct sl_persistent {
    sl_plan *plan;        /* caller takes ownership */
    sl_source *sink;      /* CREATE ... AS: the new sink source (caller takes ownership) */
    bool create_topic;    /* the sink topic must be created */
    bool exists;          /* IF NOT EXISTS and the sink exists: nothing to do */
    const char **sources; /* names of the sources read (in pc->ar) */
    uint32_t nsources;
} sl_persistent;

/* Plans a persistent query with the given id (e.g. CSAS_OUT_3). */
sl_error *sl_plan_persistent(sl_planctx *pc, const sl_ast_stmt *st, const char *query_id,
                             sl_persistent *out);
/* The id ksqlDB gives the query of st (CSAS_<SINK>_<seq>, CTAS_.., INSERTQUERY_<seq>), in ar. */
const char *sl_plan_query_id(sl_arena *ar, const sl_ast_stmt *st, uint64_t seq);

/* A transient query: a bare SELECT that is a push query (EMIT CHANGES / EMIT FINAL), or a
 * pull query on a stream (a bounded scan of its topic). Planned as a persistent query is,
 * but the chain ends in a CALLBACK node (exec/plan.h) whose rows are the result, in select
 * order. */
typedef struct sl_transient {
    sl_plan *plan;        /* caller takes ownership */
    const sl_field *cols; /* the result columns (in the plan's arena) */
    uint32_t ncols;
    bool is_table;        /* rows are a table's changes: tombstones may come */
    bool pull;            /* a pull query on a stream (no EMIT clause) */
    const char *from;     /* the source read (in the plan's arena) */
    const char *topic;    /* its topic */
    int64_t limit;        /* LIMIT, or -1 */
} sl_transient;

/* Plans a transient query st (SL_STMT_QUERY) with the given id. Pull queries on tables are
 * sl_plan_pull's. */
sl_error *sl_plan_transient(sl_planctx *pc, const sl_ast_stmt *st, const char *query_id,
                            sl_transient *out);
/* Whether st (SL_STMT_QUERY) is a pull query: no EMIT clause. */
bool sl_plan_is_pull(const sl_ast_stmt *st);

/* A pull query on a materialized table: where the rows are, which to read, and what to
 * make of each (WHERE and the projection, over the stored row: the table's columns). */
typedef struct sl_pull_plan {
    sl_arena *ar;           /* owns the plan (holder's arena) */
    sl_plan *holder;        /* the scratch plan whose arena holds everything */
    const char *table;
    const char *query_id;   /* the query whose pull store holds the table */
    const sl_field *tcols;  /* the stored row: the table's columns */
    uint32_t tncols, tnkey;
    bool windowed;
    sl_pull_access acc;     /* which stored entries to read */
    const sl_expr *where;   /* NULL: every row read */
    const sl_field *cols;   /* the result columns */
    const bool *is_key;     /* [ncols] a key column (or window bound) of the table */
    const sl_expr **exprs;  /* [ncols] over the stored row */
    uint32_t ncols;
    int64_t limit;          /* LIMIT, or -1 */
} sl_pull_plan;

/* Plans a pull query st on a table. SL_E_STATEMENT with ksqlDB's message when the table is
 * not materialized or the query is not one a pull query can be. Free with
 * sl_pull_plan_free. */
sl_error *sl_plan_pull(sl_planctx *pc, const sl_ast_stmt *st, sl_pull_plan **out);
void sl_pull_plan_free(sl_pull_plan *p);
/* The query that keeps a CREATE SOURCE TABLE's rows for pull queries (ksqlDB's CST_
 * query): the table's topic into a PULLSTORE. Caller takes ownership of *out. */
sl_error *sl_plan_materialize(sl_planctx *pc, const sl_source *src, const char *query_id,
                              sl_plan **out);
/* Appends EXPLAIN's rendering of a pull plan: the access path, then the steps. */
void sl_pull_plan_explain(const sl_pull_plan *p, sl_buf *out);

/* INSERT INTO ... VALUES: the record to write. */
typedef struct sl_insert_rec {
    const char *topic;
    sl_buf key, value;    /* encoded (caller frees); a windowed source's key carries the window */
    bool key_null, value_null;
    int64_t ts;
    int64_t wstart, wend; /* WINDOWSTART / WINDOWEND given for a windowed source */
} sl_insert_rec;

sl_error *sl_plan_insert_values(sl_planctx *pc, const sl_ast_stmt *st, int64_t now_ms,
                                sl_insert_rec *out);

/* Resolves a type as written (built-in or CREATE TYPE alias) into ar. */
sl_error *sl_plan_type(sl_planctx *pc, const sl_type_ast *t, sl_arena *ar, const sl_type **out);

/* CREATE TYPE: the type to register under st's name (in ar). */
sl_error *sl_plan_create_type(sl_planctx *pc, const sl_ast_stmt *st, sl_arena *ar,
                              const sl_type **out);

/* Compiles the key and value serdes of a source (validating its schema against its formats,
 * with ksqlDB's messages). needed_value may be NULL (all columns). Caller frees the serdes. */
sl_error *sl_plan_source_serdes(const sl_source *src, const bool *needed_value, sl_serde **key,
                                sl_serde **value);

/* Appends EXPLAIN's rendering of a plan: its sub-topologies and steps. */
void sl_plan_explain(const sl_plan *plan, sl_buf *out);

/* Appends a source's schema as ksqlDB prints it: `ID` BIGINT KEY, `NAME` STRING. */
void sl_plan_schema_print(sl_buf *out, const sl_column *cols, uint32_t ncols);

#endif
