/*
 * planner_int.h - what the planner's files share: scopes and the binder,
 * property lookup, naming helpers. Private to planner/.
 */
#ifndef SL_PLANNER_INT_H
#define SL_PLANNER_INT_H

#include "planner/planner.h"

/* A column an expression can name. */
typedef struct sl_scope_col {
    const char *name;
    const char *source; /* the qualifier that names its source (alias or name), or NULL */
    const sl_type *type;
    int32_t index;      /* position in the row the expression runs over */
    bool is_key;
    /* Joins (join_key.c): */
    const char *join_name; /* ALIAS_NAME: its name in SELECT * and in messages, and when the
                            * select list names it while another source has a column so named */
    bool common;           /* another join source has a column of this name */
    bool qualified_only;   /* a source's pseudo column: only ALIAS.ROWTIME reaches it */
    bool no_star;          /* left out of SELECT * */
} sl_scope_col;

struct sl_scope;
/* Called for an aggregate or table function call met while binding; binds it to an
 * expression over the row the enclosing expression runs on (e.g. a column holding the
 * aggregate's result). */
typedef sl_error *(*sl_special_call_fn)(void *ctx, const struct sl_scope *sc,
                                        const sl_ast_expr *call, sl_expr **out);

typedef struct sl_scope {
    sl_scope_col *cols;
    uint32_t ncols;
    bool windowed;           /* WINDOWSTART / WINDOWEND resolve */
    bool no_wbounds;         /* ...except unqualified (a join: each source has its own) */
    const char *clause;      /* "SELECT", "WHERE", ... in "<clause> column 'X' cannot be resolved." */
    sl_special_call_fn on_agg;   /* NULL: aggregate calls are an error here */
    sl_special_call_fn on_table; /* NULL: table functions are an error here */
    void *ctx;
    /* Expressions already computed into a column of the row (PARTITION BY and GROUP BY
     * keys): a sub-expression equal to subst[i] binds to column subst_col[i]. */
    const sl_ast_expr *const *subst;
    const int32_t *subst_col;
    uint32_t nsubst;
} sl_scope;

/* Binds an AST expression over scope sc into a typed expression (allocated in pc->ar). */
sl_error *sl_bind_expr(sl_planctx *pc, const sl_scope *sc, const sl_ast_expr *e, sl_expr **out);
/* Binds the arguments of an aggregate or table function call over sc. */
sl_error *sl_bind_call_args(sl_planctx *pc, const sl_scope *sc, const sl_ast_expr *call,
                            sl_expr ***args, uint32_t *n);
/* Binds a constant expression (no columns) and folds it to a literal value of its type. */
sl_error *sl_bind_const(sl_planctx *pc, const sl_ast_expr *e, sl_expr **out);

/* Appends e as ksqlDB writes expressions in its messages: (F1 * SUM(F2)). */
void sl_plan_expr_text(sl_buf *out, const sl_ast_expr *e);
/* The same, with unqualified columns qualified by qual. */
void sl_plan_expr_text_qualified(sl_buf *out, const sl_ast_expr *e, const char *qual);

/* Whether name is one of the pseudo columns (ROWTIME, ROWPARTITION, ROWOFFSET, WINDOWSTART,
 * WINDOWEND). */
bool sl_plan_is_reserved_col(const char *name);

/* Property lookup through the planning context (NULL when unset). */
const char *sl_plan_prop(sl_planctx *pc, const char *name);

/* A WITH clause property by upper-case name, or NULL. */
const sl_ast_prop *sl_plan_with(const sl_ast_prop_list *props, const char *name);
/* The text of a WITH property's literal value (strings unquoted, numbers as written). */
const char *sl_plan_with_text(const sl_ast_prop *p);

/* Applies the format properties of a WITH clause (nvalue: the number of value columns, as
 * ksql.persistence.wrap.single.values only applies to one) (KEY_FORMAT / VALUE_FORMAT / FORMAT,
 * WRAP_SINGLE_VALUE, VALUE_DELIMITER, KEY_DELIMITER) on top of key/value defaults. */
sl_error *sl_plan_formats(sl_planctx *pc, const sl_ast_prop_list *props, sl_fmtspec *key,
                          sl_fmtspec *value, uint32_t nvalue, bool *key_given, bool *value_given);
/* The key and value fields of a source's columns (in ar). */
void sl_plan_source_fields(sl_arena *ar, const sl_source *src, sl_field **key, uint32_t *nkey,
                           sl_field **value, uint32_t *nvalue);

#endif

/* ---- persistent and transient query planning (query.c, projection.c, sink.c) ---------- */

/* A table function call found in the select list, expanded by a FLATMAP step. */
typedef struct sl_tablefn_use {
    const sl_ast_expr *call;
    sl_expr *bound; /* the call, arguments bound over the pre-flatmap row */
    int32_t col;    /* the flatmap output column holding its values */
} sl_tablefn_use;

typedef struct sl_qctx {
    sl_planctx *pc;
    const sl_ast_stmt *st;
    const sl_ast_query *q;
    sl_plan *plan;
    const char *query_id;
    const char *sink_name; /* the stream/table written, NULL for a transient query */
    bool sink_is_table;    /* CREATE TABLE AS */
    bool transient;        /* a bare SELECT: the projection keeps the select order, no key
                            * rules, and * names the window bounds of a windowed row */
    const sl_source *from; /* the FROM source */
    const char *from_alias;
    /* The chain being built: its last node and the row it produces. */
    uint32_t sub;
    sl_pnode *tail;
    bool is_table;         /* rows are a table's changelog */
    bool windowed;
    sl_scope scope;        /* columns of the current row; scope.cols[i].index == i */
    uint32_t nkey;         /* the first nkey columns of the row are its key */
    /* Expressions the current row holds as key columns (PARTITION BY / GROUP BY). */
    const sl_ast_expr **keyx;
    int32_t *keycol;
    uint32_t nkeyx;
    const char *key_what;  /* what made the key, for messages: "key column", "grouping
                            * expression", "partitioning expression", "join expression" */
    const char **key_text; /* [nkey]: how each key is shown in messages */
    uint32_t ksql_col_seq; /* next KSQL_COL_n */
    sl_tablefn_use *tfns;
    uint32_t ntfns;
    /* Aggregation (aggregate.c). */
    bool grouped;             /* the row is an aggregation's output */
    sl_scope pre_agg;         /* the row before aggregation (SELECT * names its columns) */
    const sl_ast_expr **aggx; /* aggregate calls of the select list and HAVING */
    uint32_t naggx;
    int32_t agg_col0;         /* the post-aggregation row column of aggx[0] */
    sl_serde_window win;      /* windowed aggregation: the output windows */
    int64_t agg_retention;    /* ...kept in state this long past their end (at least; HAVING
                               * forgets them then) */
    /* Joins (join.c): the FROM is a join; the message for a projection that misses its key
     * (NULL from key_missing: the usual one). */
    bool joined;
    sl_error *(*key_missing)(const struct sl_qctx *q, const bool *seen);
    void *join;               /* the join planner's state, for key_missing */
    /* The projection's result: output columns, key columns first. */
    sl_field *out;
    sl_expr **out_exprs;
    int32_t *out_key_from;
    uint32_t nout, nout_key;
    /* The select list as written, in order: each item's name and expression (NULL for the
     * columns * expanded to), for the statement text of messages (stmt_text.c). */
    const char **sel_names;
    const sl_ast_expr **sel_asts;
    uint32_t nsel;
} sl_qctx;

/* Appends a node after q->tail (same sub-topology) and makes it the tail. */
sl_pnode *sl_q_append(sl_qctx *q, sl_pnode_kind kind, const sl_field *cols, uint32_t ncols,
                      uint32_t nkey);
/* Makes the scope describe the tail's output (columns qualified by qualifier, if any). */
void sl_q_scope_from_tail(sl_qctx *q, const char *qualifier);
/* A fresh KSQL_COL_n name not among the names in use. */
const char *sl_q_ksql_col(sl_qctx *q);
/* The name ksqlDB derives for an unaliased select expression or key expression: the
 * column name, the last dereferenced field, or NULL (then KSQL_COL_n). */
const char *sl_q_derived_name(const sl_ast_expr *e);

/* join.c: plans FROM ... JOIN ...: the sources, the joins, and the scope of the joined row. */
sl_error *sl_q_join(sl_qctx *q);
/* join.c: PARTITION BY after a join keeps every column the join's scope shows, in row order
 * (the join key first), except the new keys (moved[i]); appends them to cols/exprs from n and
 * returns the new count. rescope then describes the re-keyed row (the tail) with the join's
 * qualifiers and names, so L.K still resolves. */
uint32_t sl_q_join_values(const sl_qctx *q, const bool *moved, sl_field *cols,
                          const sl_expr **exprs, uint32_t n);
void sl_q_join_rescope(sl_qctx *q, const sl_scope *before, const sl_expr *const *exprs);
/* join.c: the names of the sources a join reads, in ar. */
const char **sl_q_join_sources(const sl_qctx *q, sl_arena *ar, uint32_t *n);

/* query.c: the chain of a query from its FROM source through its projection (q->q, q->plan
 * and q->pc set; q->sub is made). */
sl_error *sl_q_plan_chain(sl_qctx *q);
/* transient.c: ksqlDB's pull query rules on the clauses of aq, and on the pseudo columns
 * (ROWPARTITION, ROWOFFSET) the select items and WHERE read. */
sl_error *sl_q_pull_validate(const sl_ast_query *aq);
sl_error *sl_q_pull_columns(const sl_expr *const *items, uint32_t n, const sl_expr *where);
/* query.c: a SOURCE node reading src, made the tail. */
sl_error *sl_q_source(sl_qctx *q, const sl_source *src, const char *alias, sl_pnode **out);
/* aggregate.c: the aggregation steps (GROUP BY, WINDOW, HAVING) when the query has any. */
bool sl_q_is_aggregate(const sl_ast_query *aq);
sl_error *sl_q_aggregate(sl_qctx *q);
/* aggregate.c: a MATERIALIZE step after a table source, so changes carry old rows. */
void sl_q_materialize(sl_qctx *q);

/* projection.c: plans the select list into q->out*, with ksqlDB's key rules. */
sl_error *sl_q_projection(sl_qctx *q);
/* sink.c: the sink source of CREATE ... AS (or the checks of INSERT INTO) and the SINK node. */
sl_error *sl_q_sink(sl_qctx *q, sl_persistent *out);
/* stmt_text.c: CREATE ... AS SELECT as ksqlDB rewrites it for "Statement:" in messages:
 * every column qualified, every select item named, one item per line. */
void sl_q_statement_text(sl_buf *out, const sl_qctx *q);
