/*
 * join_int.h - what the join planner's files share (join.c, join_check.c,
 * join_expr.c, join_key.c, join_side.c). Private to planner/.
 *
 * The model (ksqlDB's): FROM a JOIN b ON .. JOIN c ON .. is a left-deep tree
 * whose level i joins the result of levels 0..i-1 (or the FROM source) with
 * source i+1. Each level's output row is its key columns followed by the
 * payload of every source under it, left to right:
 *
 *   row of level i:  [ key | payload(src 0) | payload(src 1) | ... | payload(src i+1) ]
 *   payload(src):    [ value columns | ROWTIME ROWPARTITION ROWOFFSET | WINDOWSTART
 *                      WINDOWEND | key columns ]   (pseudo columns only when referenced)
 *
 * which is ksqlDB's join schema (each source's columns aliased ALIAS_NAME, keys
 * and pseudo columns copied into the value) without the names. A side whose
 * join expression is not its key is re-keyed through an internal topic first.
 */
#ifndef SL_PLANNER_JOIN_INT_H
#define SL_PLANNER_JOIN_INT_H

#include "planner/planner_int.h"

/* Pseudo columns a join source can carry in its payload, in payload order. */
enum { JP_ROWTIME, JP_ROWPARTITION, JP_ROWOFFSET, JP_WINDOWSTART, JP_WINDOWEND, JP__COUNT };

/* A column of a source: col >= 0 is sl_source.cols[col]; col < 0 is pseudo column -1 - col. */
typedef struct jcol {
    int src;
    int col;
} jcol;

typedef struct jsrc {
    const sl_source *src;
    const char *alias;
    const sl_ast_relation *rel;
    int32_t partitions; /* of its topic as it is now (falls back to the catalog's) */
    bool pseudo;        /* its payload carries ROWTIME, ROWPARTITION, ROWOFFSET */
    bool wbounds;       /* ... and WINDOWSTART, WINDOWEND */
    uint32_t npay;      /* payload width */
} jsrc;

/* One side of a join condition. */
typedef struct jexpr {
    const sl_ast_expr *e;
    int src;          /* the one source it references */
    const char *text; /* ksqlDB's rendering with every column qualified: the canonical form */
    bool is_col;      /* a plain column reference: col says which */
    jcol col;
} jexpr;

typedef enum jkind { JK_SS, JK_ST, JK_TT, JK_FK } jkind;

/* JOIN clause i, oriented so that l is over the tree built so far and r over source i+1. */
typedef struct jclause {
    const sl_ast_join *ast;
    jexpr l, r;
    bool flipped; /* written with the new source on the left of '=' */
    jkind kind;
} jclause;

/* The result of the levels up to and including level i. */
typedef struct jlevel {
    bool is_table;
    bool windowed;
    uint32_t nkey;      /* 1; FK: the left table's key columns */
    const char **equiv; /* canonical texts of the expressions equal to the key */
    uint32_t nequiv;
    jcol *viable; /* source columns equal to the key (ksqlDB's viable keys) */
    uint32_t nviable;
    bool synthetic; /* no source column equals the key (FULL OUTER, expressions) */
    const sl_type *key_type;
    sl_pnode *tail; /* the JOIN node */
} jlevel;

typedef struct jq {
    sl_qctx *q;
    jsrc *srcs;
    uint32_t nsrcs;
    jclause *jc;
    uint32_t njc;
    jlevel *lv; /* [njc] */
    jcol *key;  /* the final key's source columns ([nkey]); src -1: synthetic */
    uint32_t nkey;
    const char *synth; /* the synthetic key's name (ROWKEY, ROWKEY_1, ...) */
} jq;

/* join_expr.c */
/* Appends ksqlDB's rendering of e with every column qualified: (T.ID = 0), CAST(X AS INT). */
void sl_jq_expr_text(const jq *j, const sl_ast_expr *e, sl_buf *out);
/* Which sources e references (a bit per source, sources < 64); qualifier and column
 * errors as ksqlDB's analyzer reports them for clause ("JOIN ON"). */
sl_error *sl_jq_expr_sources(const jq *j, uint32_t nsrcs, const sl_ast_expr *e, const char *clause,
                             uint64_t *mask);
/* Resolves a column reference to a source column; false when it is none. */
bool sl_jq_resolve_col(const jq *j, uint32_t nsrcs, const sl_ast_expr *e, jcol *out);
/* The name of a source column (pseudo columns included). */
const char *sl_jq_col_name(const jq *j, jcol c);
const sl_type *sl_jq_col_type(const jq *j, jcol c);
/* Marks the sources whose pseudo columns the query names (S.ROWTIME, S.WINDOWSTART...). */
void sl_jq_find_pseudo(jq *j);

/* join_check.c */
/* Resolves the FROM and JOIN sources and orients and checks every ON clause. */
sl_error *sl_jq_analyze(jq *j);
/* The checks of each level's join kind and condition (after sl_jq_analyze). */
sl_error *sl_jq_check_levels(jq *j);

/* join_key.c */
/* Each level's key: equivalence sets, viable key columns, key types. */
sl_error *sl_jq_keys(jq *j);
/* The final key (ksqlDB: the first viable key column the projection selects). */
void sl_jq_choose_key(jq *j);
/* The scope of a level's output row (the final one for the query), in SELECT * order. */
void sl_jq_scope(jq *j, uint32_t level, bool final, sl_scope *sc);
/* The scope of source s's own row: its columns (its pseudo columns are the row's). */
void sl_jq_source_scope(const jq *j, int s, sl_scope *sc);
/* The type of join expression x of level i: bound over its source's row, or (the left side of
 * a level after the first) over the left level's. */
sl_error *sl_jq_expr_type(jq *j, uint32_t i, const jexpr *x, const sl_type **out);
/* Payload position of a source column within its source's payload, or -1. */
int sl_jq_pay_pos(const jq *j, jcol c);

/* join_side.c */
/* Plans the sources and joins into q->plan; q->tail and q->sub end at the last join. */
sl_error *sl_jq_build(jq *j);

#endif
