/*
 * plan.h - the physical plan: what the planner hands the runtime.
 *
 * A plan is immutable once built and lives in its own arena; running tasks
 * point at its nodes and keep their own state (PostgreSQL: the plan tree is
 * read-only, all data modified during execution is in the state tree).
 *
 * Shape. A persistent query is one or more sub-topologies (Kafka Streams'
 * term). Each reads one or more topics and pushes rows through a chain of
 * nodes to a sink: either the query's output topic, or an internal
 * repartition topic that the next sub-topology reads (re-keying for GROUP BY,
 * PARTITION BY, joins on non-key columns). A join node has two inputs (ports
 * 0 and 1), so a sub-topology is a small DAG whose source nodes are its entry
 * points:
 *
 *   sub 0:  SOURCE(bids) -> FILTER -> PROJECT -> REPARTITION(..-repartition)
 *   sub 1:  SOURCE(..-repartition) -> AGGREGATE -> PROJECT -> SINK(OUT)
 *
 * Rows. Every node has an output schema (exec field list); row columns are
 * in that order. Source rows are the source's key columns then its value
 * columns (header columns included); system columns (ROWTIME, ROWPARTITION,
 * ROWOFFSET, window bounds) travel in sl_row's fields.
 *
 * One task runs a sub-topology for one partition; see task.h.
 */
#ifndef SL_EXEC_PLAN_H
#define SL_EXEC_PLAN_H

#include "common/arena.h"
#include "exec/expr.h"
#include "exec/serde.h"
#include "exec/types.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum sl_pnode_kind {
    SL_PN_SOURCE,      /* decodes a topic's records into rows */
    SL_PN_FILTER,      /* keeps rows whose predicate is TRUE */
    SL_PN_PROJECT,     /* computes the output columns from expressions */
    SL_PN_FLATMAP,     /* table functions: zero or more rows per input row */
    SL_PN_REPARTITION, /* writes rows to an internal topic, keyed by new key columns */
    SL_PN_SINK,        /* encodes rows into the query's output topic */
    SL_PN_AGGREGATE,   /* GROUP BY [WINDOW]: rows in, the groups' new results out */
    SL_PN_MATERIALIZE, /* a table's latest row per key: upserts in, retract + new out */
    SL_PN_JOIN,        /* two inputs (ports 0 and 1) joined on their key columns */
    SL_PN_CALLBACK,    /* hands rows to the query's owner (a transient query's client) */
    SL_PN_PULLSTORE,   /* passes rows on, keeping a table's latest row per key (and window)
                        * in a store that pull queries read (exec/pullstore.h) */
    SL_PN__COUNT
} sl_pnode_kind;

/* A row column's origin in a source record. */
typedef enum sl_colsrc {
    SL_COLSRC_KEY,     /* key serde column `index` */
    SL_COLSRC_VALUE,   /* value serde column `index` */
    SL_COLSRC_HEADERS, /* every header: ARRAY<STRUCT<KEY STRING, VALUE BYTES>> */
    SL_COLSRC_HEADER,  /* the last header named `header` (BYTES), NULL when absent */
} sl_colsrc;

typedef struct sl_colmap {
    sl_colsrc src;
    uint32_t index;
    const char *header;
} sl_colmap;

/* How a record's timestamp is chosen (the TIMESTAMP / TIMESTAMP_FORMAT properties). */
typedef struct sl_tsspec {
    int32_t col;         /* row column holding event time; -1: the record's timestamp */
    const sl_expr *expr; /* event time in ms (BIGINT or TIMESTAMP) computed from the row: the
                          * column itself, or e.g. PARSE_TIMESTAMP(col, TIMESTAMP_FORMAT) */
} sl_tsspec;

typedef struct sl_pnode sl_pnode;

typedef struct sl_pn_source {
    const char *topic;
    const char *name;           /* the stream or table read, for messages and EXPLAIN */
    sl_serde *key, *value;      /* owned by the plan */
    const sl_serde_window *window; /* windowed key layout, or NULL */
    sl_colmap *map;             /* [schema.ncols] */
    sl_tsspec ts;
    bool is_table;              /* a table: rows are upserts; a NULL value is a delete */
    bool carry_flags;           /* an internal topic: row flags travel in a header */
} sl_pn_source;

typedef struct sl_pn_filter {
    const sl_expr *pred;
    bool track_keys; /* tables (HAVING): a miss deletes only a key that matched before */
    const char *store; /* track_keys: where the matching keys are kept across restarts */
    int64_t retention; /* track_keys over windows: a window's key is forgotten once stream
                        * time passes its end + this (its group is purged by then) */
} sl_pn_filter;

typedef struct sl_pn_project {
    const sl_expr **exprs;   /* [schema.ncols] */
    const int32_t *key_from; /* tables: [nkey] input column of each output key column, so a
                              * tombstone passes through without evaluating expressions */
    bool rekey;              /* computes a new key (PARTITION BY): rows lose SL_ROW_NULL_KEY */
    bool eval_tombstones;    /* tombstones are evaluated too (a transient query's result: key
                              * columns and window bounds keep their values wherever they are) */
} sl_pn_project;

typedef struct sl_pn_flatmap {
    const sl_expr **exprs;   /* [schema.ncols]; table function calls among them */
    const bool *is_tablefn;  /* [schema.ncols]: column i is expanded from a table function */
} sl_pn_flatmap;

/* SINK and REPARTITION: rows are encoded as key columns [0, nkey) and value columns
 * [nkey, ncols) of the input schema. */
typedef struct sl_pn_sink {
    const char *topic;
    sl_serde *key, *value;      /* owned by the plan */
    const sl_serde_window *window; /* windowed output keys, or NULL */
    uint32_t nkey;
    int32_t partitions;         /* of the topic; records go to murmur2(key) % partitions */
    bool is_table;              /* tombstones for deletes */
    int32_t ts_col;             /* row column giving the output timestamp; -1: the row's ts */
    bool carry_flags;           /* an internal topic: row flags travel in a header */
    bool broadcast;             /* every record to every partition (a foreign-key join's right
                                 * table, held whole by each task of the left) */
} sl_pn_sink;

typedef enum sl_wintype { SL_WIN_NONE, SL_WIN_TUMBLING, SL_WIN_HOPPING, SL_WIN_SESSION } sl_wintype;

typedef struct sl_winspec {
    sl_wintype type;
    int64_t size;      /* TUMBLING, HOPPING: window size; SESSION: the inactivity gap */
    int64_t advance;   /* HOPPING */
    int64_t grace;     /* a window closes at end + grace (stream time) */
    int64_t retention; /* state is kept until end + retention (>= grace) */
    bool fire_all;     /* EMIT FINAL over a source with a WATERMARK: every window fires once
                        * the watermark passes its end, however far time jumps (Flink); else
                        * Kafka Streams' rule, where a window that ages out of retention
                        * before a close reaches it expires unemitted (and is reported) */
} sl_winspec;

typedef struct sl_pn_agg_call {
    const sl_fn_call *call;
    const int32_t *argcol; /* [call->nargs]: input column of each argument; -1: a constant */
} sl_pn_agg_call;

/* AGGREGATE: input columns [0, nkey) are the group key; output is the key columns then one
 * column per aggregate. */
typedef struct sl_pn_aggregate {
    uint32_t nkey;
    const sl_pn_agg_call *aggs;
    uint32_t naggs;
    sl_winspec win;
    bool emit_final;        /* one row per window when it closes (EMIT FINAL) */
    bool table_input;       /* input rows carry retractions (aggregating a table) */
    const char *store;      /* state store (column family) name */
    const char *late_topic; /* late records go here (LATE_DATA_TOPIC), or NULL */
    const char **in_names;  /* [input ncols] the input columns as the query wrote them (for
                             * late records: key column names, argument expressions) */
} sl_pn_aggregate;

/* MATERIALIZE: keeps the latest row per key of a table so updates carry the old row. */
typedef struct sl_pn_materialize {
    const char *store;
} sl_pn_materialize;

/* JOIN: which inputs it joins and how (Kafka Streams' join semantics; see exec/op_join_*.c). */
typedef enum sl_pn_join_kind {
    SL_PJ_STREAM_STREAM, /* windowed: every pair within the window */
    SL_PJ_STREAM_TABLE,  /* a port-0 stream row looks up the port-1 table's current row */
    SL_PJ_TABLE_TABLE,   /* primary key: a change on either side re-joins its key */
    SL_PJ_FOREIGN_KEY,   /* a port-0 table row's foreign key names a port-1 table row */
} sl_pn_join_kind;

typedef enum sl_pn_join_type { SL_PJ_INNER, SL_PJ_LEFT, SL_PJ_RIGHT, SL_PJ_OUTER } sl_pn_join_type;

/* Rows: port 0 [key | left payload], port 1 [key | right payload], output [key | left payload |
 * right payload]; a side missing from an outer result is all NULL. FOREIGN_KEY: port 0 is
 * [left table key | left payload], port 1 [right table key | right payload], the output is
 * keyed by the left table's key. */
typedef struct sl_pn_join {
    sl_pn_join_kind kind;
    sl_pn_join_type type;
    uint32_t nkey;          /* key columns of port-0 rows and of the output */
    uint32_t nleft, nright; /* payload columns of each side */
    /* STREAM_STREAM: a port-0 row at time t matches port-1 rows in [t - before, t + after] */
    int64_t before, after;
    int64_t grace;          /* records later than window end + grace are not joined */
    bool spurious_fix;      /* GRACE PERIOD given: unmatched outer rows wait until their window
                             * closes; otherwise they are padded at once (legacy) */
    const sl_expr *fk;      /* FOREIGN_KEY: the right table's key, computed from a port-0 row */
    const char *store;      /* name prefix of the join's state stores */
} sl_pn_join;
/* Receives a CALLBACK node's rows, on the worker thread that runs the task (or the thread
 * stepping a synchronous query). The batch and its payloads are valid for the call only. An
 * error stops the query (SL_QUERY_ERROR). */
typedef sl_error *(*sl_row_callback)(void *ctx, const sl_pnode *node, const sl_batch *b);

/* CALLBACK: the end of a transient query's chain. fn and ctx are the query owner's, set
 * with sl_plan_callback_set before the query starts. */
typedef struct sl_pn_callback {
    sl_row_callback fn;
    void *ctx;
} sl_pn_callback;

/* PULLSTORE: the rows a CREATE TABLE AS writes, kept per key for pull queries. */
typedef struct sl_pn_pullstore {
    int32_t ts_col; /* row column giving ROWTIME (the sink's TIMESTAMP); -1: the row's ts */
    bool windowed;  /* keys carry the row's window */
} sl_pn_pullstore;

struct sl_pnode {
    sl_pnode_kind kind;
    uint32_t id;      /* position in sl_plan.nodes */
    uint32_t sub;     /* the sub-topology it belongs to */
    sl_pnode *out;    /* the next node, NULL for SINK and REPARTITION */
    uint8_t out_port; /* which input of out this node feeds */
    sl_pnode *in[2];  /* inputs (in[1] only for two-input nodes) */
    sl_field *cols;   /* output schema */
    uint32_t ncols;
    uint32_t nkey;    /* the first nkey output columns are the key */
    bool is_table;    /* output rows are a table's changelog */
    bool retracting;  /* ...carrying old rows as retractions (after MATERIALIZE), not
                       * upserts and tombstones */
    const char *label; /* EXPLAIN's name for the step, e.g. "KsqlTopic/Source" */
    union {
        sl_pn_source source;
        sl_pn_filter filter;
        sl_pn_project project;
        sl_pn_flatmap flatmap;
        sl_pn_sink sink; /* SINK and REPARTITION */
        sl_pn_aggregate agg;
        sl_pn_materialize mat;
        sl_pn_join join;
        sl_pn_callback cb;
        sl_pn_pullstore pull;
    } u;
};

typedef struct sl_subtopo {
    sl_pnode **sources; /* entry points, one per topic read */
    uint32_t nsources;
    int32_t partitions; /* tasks: one per partition of the (co-partitioned) source topics */
} sl_subtopo;

typedef struct sl_plan {
    sl_arena *ar;        /* owns the plan */
    const char *query_id;
    sl_pnode **nodes;
    uint32_t nnodes;
    sl_subtopo *subs;
    uint32_t nsubs;
    const char **internal_topics; /* repartition (and later changelog) topics to create */
    int32_t *internal_partitions;
    uint32_t ninternal;
    const char **side_topics;     /* other topics the query writes (LATE_DATA_TOPIC): created
                                   * with one partition when missing */
    uint32_t nside;
} sl_plan;

/* A new empty plan in its own arena. */
sl_plan *sl_plan_new(const char *query_id);
/* Frees the plan, its serdes and its arena. NULL is a no-op. */
void sl_plan_free(sl_plan *plan);
/* Appends a node of kind to sub-topology sub with output schema cols[0..ncols) (copied). */
sl_pnode *sl_plan_add(sl_plan *plan, sl_pnode_kind kind, uint32_t sub, const sl_field *cols,
                      uint32_t ncols, uint32_t nkey);
/* Connects from -> to at input port. */
void sl_plan_link(sl_pnode *from, sl_pnode *to, uint8_t port);
/* Adds a sub-topology reading through the given source nodes (added later with
 * sl_plan_add_source); returns its index. */
uint32_t sl_plan_add_sub(sl_plan *plan, int32_t partitions);
void sl_plan_add_source(sl_plan *plan, sl_pnode *source);
/* The names of the state stores of sub-topology sub's operators (up to max); the count. */
#define SL_PLAN_STORE_NAME_MAX 256
uint32_t sl_plan_sub_stores(const sl_plan *plan, uint32_t sub,
                            char (*names)[SL_PLAN_STORE_NAME_MAX], uint32_t max);
/* The sub-topology whose REPARTITION node writes topic, or -1 (a topic from outside). */
int32_t sl_plan_topic_writer(const sl_plan *plan, const char *topic);
void sl_plan_add_internal_topic(sl_plan *plan, const char *topic, int32_t partitions);
void sl_plan_add_side_topic(sl_plan *plan, const char *topic);
/* Points every CALLBACK node of plan at fn(ctx, ...). Call before the query starts. */
void sl_plan_callback_set(sl_plan *plan, sl_row_callback fn, void *ctx);

#endif
