/*
 * ast.h - the syntax tree of sluice SQL: what the parser produces and the planner reads.
 *
 * Model
 *   The tree says what was written, nothing more: names are not resolved, expressions are
 *   not typed, properties are not validated. Every node lives in the arena handed to the
 *   parser (see parser.h) and is freed with it; nodes point into that arena only, never
 *   into the statement text, so the text may be freed before the tree.
 *
 *   Three node families:
 *     sl_ast_stmt       a statement (tagged union on sl_stmt_kind); keeps its text span
 *     sl_ast_expr       an expression (tagged union on sl_ast_expr_kind)
 *     sl_type_ast   a type as written (INT, DECIMAL(4, 2), ARRAY<T>, a CREATE TYPE name)
 *   plus plain structs for the parts of statements (select items, joins, windows, column
 *   definitions, WITH properties, durations).
 *
 *   Every node carries its source position (sl_pos: 1-based line and column, in
 *   characters, and byte offset from the start of the parsed text).
 *
 *   Lists are arrays {v, n} (cap is for the builders); an absent optional list is n == 0
 *   unless a pointer is documented as "NULL when absent" (GROUP BY () is present and empty).
 *
 *   Canonical forms, so the planner compares plain strings:
 *     - identifiers: unquoted ones are upper-cased; quoted ones (`x` or "x") keep their
 *       case with the quotes removed and doubled quotes collapsed; `quoted` records which.
 *     - WITH property names are upper-cased.
 *     - AND / OR chains are flattened into one n-ary node: a AND b AND c has 3 args.
 *     - -5 is one negative literal (as in ksqlDB); -(5) and -x are unary minus.
 *     - durations (window sizes, WITHIN, GRACE PERIOD, ...) carry milliseconds, the number
 *       and unit as written.
 *
 * Functions here: structural equality (ast_eq.c) and the SQL printer (print.c).
 */
#ifndef SL_PARSER_AST_H
#define SL_PARSER_AST_H

#include "common/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A position in the parsed text. line and col are 1-based; col counts characters. */
typedef struct sl_pos {
    uint32_t off, line, col;
} sl_pos;

/* An array list; elements are owned by the arena. */
#define SL_AST_LIST(T)                                                                             \
    struct {                                                                                       \
        T *v;                                                                                      \
        uint32_t n, cap;                                                                           \
    }

typedef struct sl_ast_expr sl_ast_expr;
typedef struct sl_ast_stmt sl_ast_stmt;
typedef struct sl_ast_query sl_ast_query;
typedef struct sl_type_ast sl_type_ast;

/* An identifier. text is NULL for an absent optional identifier (an alias not given). */
typedef struct sl_ast_ident {
    const char *text; /* canonical name, NUL-terminated (see the model above) */
    sl_pos pos;
    bool quoted;   /* written `x` or "x": case preserved */
    bool variable; /* written ${x} and not substituted: text is the variable name x */
} sl_ast_ident;

typedef SL_AST_LIST(sl_ast_expr *) sl_ast_expr_list;
typedef SL_AST_LIST(sl_ast_ident) sl_ast_ident_list;

/* ---- durations ------------------------------------------------------------------------ */

typedef enum sl_time_unit {
    SL_UNIT_MILLISECOND,
    SL_UNIT_SECOND,
    SL_UNIT_MINUTE,
    SL_UNIT_HOUR,
    SL_UNIT_DAY,
} sl_time_unit;

/* n unit, as in SIZE 10 SECONDS, GRACE PERIOD 1 MINUTE, INTERVAL '5' SECOND. */
typedef struct sl_ast_duration {
    int64_t value;         /* the number as written */
    int64_t ms;            /* value * unit, in milliseconds (checked for overflow) */
    sl_time_unit unit;     /* singular and plural spellings map to the same unit */
    const char *unit_text; /* the unit as written, upper-cased: "SECONDS", "MINUTE" */
    sl_pos pos;
} sl_ast_duration;

/* ---- types ---------------------------------------------------------------------------- */

typedef enum sl_type_ast_kind {
    SL_TYPE_AST_NAME,   /* INT, VARCHAR(STRING), DECIMAL(4, 2), a CREATE TYPE alias */
    SL_TYPE_AST_ARRAY,  /* ARRAY<elem> */
    SL_TYPE_AST_MAP,    /* MAP<key, value> */
    SL_TYPE_AST_STRUCT, /* STRUCT<name type, ...> (possibly empty) */
} sl_type_ast_kind;

typedef struct sl_ast_type_field {
    sl_ast_ident name;
    sl_type_ast *type;
} sl_ast_type_field;

typedef SL_AST_LIST(sl_ast_type_field) sl_ast_type_field_list;
typedef SL_AST_LIST(const char *) sl_ast_str_list;

struct sl_type_ast {
    sl_type_ast_kind kind;
    uint32_t depth; /* nesting depth: 1 for a name */
    sl_pos pos;
    union {
        /* NAME: the binder resolves the name (built-in or alias); params are the
         * parenthesised parameters as written: integers ("4") or the word STRING. */
        struct {
            sl_ast_ident name;
            sl_ast_str_list params;
        } named;
        sl_type_ast *elem; /* ARRAY */
        struct {
            sl_type_ast *key, *value;
        } map;
        sl_ast_type_field_list fields; /* STRUCT */
    };
};

/* ---- expressions ---------------------------------------------------------------------- */

typedef enum sl_ast_expr_kind {
    SL_AST_LITERAL,       /* lit: NULL, TRUE, 42, 1.5, 1.5E3, 'text', ${var} */
    SL_AST_TYPED_LITERAL, /* typed: TIMESTAMP '2020-01-01T00:00:00', DECIMAL '1.5' */
    SL_AST_COLUMN,        /* column: name or qualifier.name */
    SL_AST_DEREF,         /* deref: base->field (struct field access) */
    SL_AST_SUBSCRIPT,     /* subscript: base[index] (arrays 1-based, maps by key) */
    SL_AST_UNARY,         /* unary: -x, +x */
    SL_AST_BINARY,        /* binary: + - * / % and || (concatenation) */
    SL_AST_COMPARE,       /* compare: = <> < <= > >=, IS [NOT] DISTINCT FROM */
    SL_AST_LOGIC,         /* logic: AND / OR with two or more args */
    SL_AST_NOT,           /* not: NOT x */
    SL_AST_IS_NULL,       /* is_null: x IS [NOT] NULL */
    SL_AST_BETWEEN,       /* between: x [NOT] BETWEEN low AND high */
    SL_AST_IN,            /* in: x [NOT] IN (a, b, ...) */
    SL_AST_LIKE,          /* like: x [NOT] LIKE pattern [ESCAPE 'c'] */
    SL_AST_CASE,          /* case_: CASE [operand] WHEN .. THEN .. [ELSE ..] END */
    SL_AST_CAST,          /* cast: CAST(x AS type) */
    SL_AST_ARRAY,         /* array: ARRAY[a, b, ...] */
    SL_AST_MAP,           /* map: MAP(k := v, ...) */
    SL_AST_STRUCT,        /* struct_: STRUCT(name := v, ...) */
    SL_AST_CALL,          /* call: f(args), COUNT(*) */
    SL_AST_LAMBDA,        /* lambda: x => body, (x, y) => body (function arguments only);
                            * in body the parameters are SL_AST_COLUMNs the binder resolves */
    SL_AST_TIME_UNIT,     /* time_unit: SECONDS as a function argument (TIMESTAMPADD); the
                            * singular DAY .. SECOND there are COLUMNs, as in ksqlDB */
    SL_AST_AT_TIME_ZONE,  /* at_tz: x AT TIME ZONE 'zone' */
} sl_ast_expr_kind;

typedef enum sl_lit_kind {
    SL_LIT_NULL,
    SL_LIT_BOOLEAN,
    SL_LIT_INT,      /* integer literal that fits in 32 bits: i */
    SL_LIT_BIGINT,   /* integer literal that needs 64 bits: i */
    SL_LIT_DECIMAL,  /* 1.5, .5, 5. (ksqlDB types these DECIMAL): text */
    SL_LIT_DOUBLE,   /* 1.5E3, 1e-1: text and d */
    SL_LIT_STRING,   /* 'it''s': text holds it's (len bytes; may contain NUL) */
    SL_LIT_VARIABLE, /* ${name} left unsubstituted: text holds name */
} sl_lit_kind;

typedef struct sl_ast_lit {
    sl_lit_kind kind;
    uint32_t len;     /* bytes of text */
    const char *text; /* numbers as written (with a leading '-' when negative), strings
                       * unescaped; NUL-terminated; NULL for NULL and booleans */
    union {
        bool b;    /* BOOLEAN */
        int64_t i; /* INT, BIGINT */
        double d;  /* DOUBLE */
    };
} sl_ast_lit;

typedef enum sl_ast_binop {
    SL_AST_OP_ADD,
    SL_AST_OP_SUB,
    SL_AST_OP_MUL,
    SL_AST_OP_DIV,
    SL_AST_OP_MOD,
    SL_AST_OP_CONCAT, /* a || b (ksqlDB's CONCAT) */
} sl_ast_binop;

typedef enum sl_ast_cmpop {
    SL_AST_CMP_EQ,
    SL_AST_CMP_NE, /* <> and != */
    SL_AST_CMP_LT,
    SL_AST_CMP_LE,
    SL_AST_CMP_GT,
    SL_AST_CMP_GE,
    SL_AST_CMP_IS_DISTINCT,
    SL_AST_CMP_IS_NOT_DISTINCT,
} sl_ast_cmpop;

typedef enum sl_logicop {
    SL_LOGIC_AND,
    SL_LOGIC_OR,
} sl_logicop;

typedef struct sl_ast_when {
    sl_ast_expr *cond; /* searched CASE: a condition; simple CASE: a value compared with operand */
    sl_ast_expr *result;
} sl_ast_when;

typedef struct sl_ast_map_entry {
    sl_ast_expr *key, *value;
} sl_ast_map_entry;

typedef struct sl_ast_field_init {
    sl_ast_ident name;
    sl_ast_expr *value;
} sl_ast_field_init;

typedef SL_AST_LIST(sl_ast_when) sl_ast_when_list;
typedef SL_AST_LIST(sl_ast_map_entry) sl_ast_map_entry_list;
typedef SL_AST_LIST(sl_ast_field_init) sl_ast_field_init_list;

struct sl_ast_expr {
    sl_ast_expr_kind kind;
    uint32_t depth; /* 1 + the deepest child; bounded by the parse options' max_depth */
    sl_pos pos;     /* operators: the operator token (as ksqlDB reports); others: first token */
    union {
        sl_ast_lit lit;
        struct {
            sl_ast_ident type; /* TIMESTAMP, DATE, TIME, DECIMAL, ... as written */
            const char *text;
            uint32_t len;
        } typed;
        struct {
            sl_ast_ident qualifier; /* text NULL when unqualified */
            sl_ast_ident name;
        } column;
        struct {
            sl_ast_expr *base;
            sl_ast_ident field;
        } deref;
        struct {
            sl_ast_expr *base, *index;
        } subscript;
        struct {
            bool negate; /* true for -x, false for +x */
            sl_ast_expr *arg;
        } unary;
        struct {
            sl_ast_binop op;
            sl_ast_expr *left, *right;
        } binary;
        struct {
            sl_ast_cmpop op;
            sl_ast_expr *left, *right;
        } compare;
        struct {
            sl_logicop op;
            sl_ast_expr_list args; /* two or more, never itself of the same op */
        } logic;
        sl_ast_expr *not_arg;
        struct {
            bool negated; /* IS NOT NULL */
            sl_ast_expr *arg;
        } is_null;
        struct {
            bool negated;
            sl_ast_expr *value, *low, *high;
        } between;
        struct {
            bool negated;
            sl_ast_expr *value;
            sl_ast_expr_list list; /* one or more */
        } in;
        struct {
            bool negated;
            sl_ast_expr *value, *pattern;
            const char *escape; /* one character (UTF-8), NULL when absent */
        } like;
        struct {
            sl_ast_expr *operand;   /* NULL for a searched CASE */
            sl_ast_when_list whens; /* one or more */
            sl_ast_expr *else_;     /* NULL when absent */
        } case_;
        struct {
            sl_ast_expr *arg;
            sl_type_ast *type;
        } cast;
        sl_ast_expr_list array; /* ARRAY[...] elements, possibly none */
        sl_ast_map_entry_list map;
        sl_ast_field_init_list struct_;
        struct {
            sl_ast_ident name;
            bool star;         /* f(*) */
            sl_ast_expr_list args; /* in order; lambdas and time units included */
        } call;
        struct {
            sl_ast_ident_list params; /* one or more */
            sl_ast_expr *body;
        } lambda;
        struct {
            sl_time_unit unit;
            const char *text; /* as written, upper-cased */
        } time_unit;
        struct {
            sl_ast_expr *arg;
            const char *zone;
        } at_tz;
    };
};

/* ---- queries -------------------------------------------------------------------------- */

typedef enum sl_select_kind {
    SL_SELECT_EXPR,       /* expr [AS alias] */
    SL_SELECT_ALL,        /* * or source.* */
    SL_SELECT_STRUCT_ALL, /* expr->* : every field of a struct */
} sl_select_kind;

typedef struct sl_ast_select_item {
    sl_select_kind kind;
    sl_pos pos;
    sl_ast_expr *expr;   /* EXPR, STRUCT_ALL */
    sl_ast_ident alias;  /* EXPR: the alias, text NULL when not given */
    sl_ast_ident source; /* ALL: the qualifier of source.*, text NULL for a bare * */
} sl_ast_select_item;

/* A source in FROM / JOIN: name [[AS] alias]. */
typedef struct sl_ast_relation {
    sl_ast_ident name;
    sl_ast_ident alias; /* text NULL when not given */
    sl_pos pos;
} sl_ast_relation;

typedef enum sl_join_type {
    SL_JOIN_INNER, /* JOIN, INNER JOIN */
    SL_JOIN_LEFT,  /* LEFT [OUTER] JOIN */
    SL_JOIN_RIGHT, /* RIGHT [OUTER] JOIN */
    SL_JOIN_FULL,  /* FULL [OUTER] JOIN */
} sl_join_type;

/* WITHIN n unit | WITHIN (before, after) [GRACE PERIOD n unit] */
typedef struct sl_ast_within {
    bool before_after; /* written as (before, after); otherwise before == after */
    sl_ast_duration before, after;
    sl_ast_duration *grace; /* NULL when absent */
} sl_ast_within;

typedef struct sl_ast_join {
    sl_join_type type;
    sl_ast_relation right;
    sl_ast_within *within; /* NULL when absent */
    sl_ast_expr *on;
    sl_pos pos; /* the JOIN keyword (or the join type before it) */
} sl_ast_join;

typedef enum sl_window_type {
    SL_WINDOW_TUMBLING,
    SL_WINDOW_HOPPING,
    SL_WINDOW_SESSION,
} sl_window_type;

typedef struct sl_ast_window {
    sl_window_type type;
    sl_ast_ident name;          /* ksqlDB's optional window name: WINDOW w TUMBLING (...) */
    sl_ast_duration size;       /* TUMBLING, HOPPING: SIZE; SESSION: the inactivity gap */
    sl_ast_duration advance;    /* HOPPING: ADVANCE BY */
    sl_ast_duration *retention; /* NULL when absent */
    sl_ast_duration *grace;     /* NULL when absent */
    sl_pos pos;
} sl_ast_window;

typedef enum sl_emit {
    SL_EMIT_NONE, /* no EMIT clause: a pull query when bare, EMIT CHANGES inside CSAS/CTAS */
    SL_EMIT_CHANGES,
    SL_EMIT_FINAL,
} sl_emit;

typedef SL_AST_LIST(sl_ast_select_item) sl_ast_select_list;
typedef SL_AST_LIST(sl_ast_join) sl_ast_join_list;

struct sl_ast_query {
    sl_pos pos; /* SELECT */
    sl_ast_select_list items;
    sl_ast_relation from;
    sl_ast_join_list joins;         /* n-way: each joins the relation built so far */
    sl_ast_window *window;          /* NULL when absent */
    sl_ast_expr *where;             /* NULL when absent */
    sl_ast_expr_list *group_by;     /* NULL when absent; n == 0 for GROUP BY () */
    sl_ast_expr_list *partition_by; /* NULL when absent; n == 0 for PARTITION BY () */
    sl_ast_expr *having;            /* NULL when absent */
    sl_emit emit;
    bool has_limit;
    int64_t limit; /* 32-bit range; may be negative (the planner rejects that) */
};

/* ---- statements ----------------------------------------------------------------------- */

/* A WITH property: name = literal. */
typedef struct sl_ast_prop {
    sl_ast_ident name;  /* upper-cased, whether written as an identifier or a 'string' */
    sl_ast_expr *value; /* SL_AST_LITERAL */
    sl_pos pos;
} sl_ast_prop;

typedef SL_AST_LIST(sl_ast_prop) sl_ast_prop_list;

typedef enum sl_col_constraint {
    SL_COL_VALUE,       /* no constraint: a value column */
    SL_COL_KEY,         /* KEY (streams) */
    SL_COL_PRIMARY_KEY, /* PRIMARY KEY (tables) */
    SL_COL_HEADERS,     /* HEADERS: all record headers, ARRAY<STRUCT<KEY STRING, VALUE BYTES>> */
    SL_COL_HEADER,      /* HEADER('key'): one header's value, header_key */
} sl_col_constraint;

typedef struct sl_ast_column_def {
    sl_ast_ident name;
    sl_type_ast *type;
    sl_col_constraint constraint;
    const char *header_key; /* HEADER('key') */
    sl_pos pos;
} sl_ast_column_def;

typedef SL_AST_LIST(sl_ast_column_def) sl_ast_column_list;

/* Flink-style event time: WATERMARK FOR col AS base [- INTERVAL 'n' unit]. */
typedef struct sl_ast_watermark {
    sl_ast_ident column;    /* the event-time column */
    sl_ast_ident base;      /* the column the watermark is computed from (normally == column) */
    sl_ast_duration *delay; /* allowed out-of-orderness; NULL for AS col (zero) */
    sl_pos pos;
} sl_ast_watermark;

typedef enum sl_stmt_kind {
    SL_STMT_QUERY,            /* query: a bare SELECT (push query with EMIT, else pull) */
    SL_STMT_CREATE_SOURCE,    /* source: CREATE [OR REPLACE] [SOURCE] STREAM|TABLE ... */
    SL_STMT_CREATE_AS,        /* create_as: CREATE [OR REPLACE] STREAM|TABLE x [WITH] AS SELECT */
    SL_STMT_INSERT_INTO,      /* insert_into: INSERT INTO x [WITH (...)] SELECT ... */
    SL_STMT_INSERT_VALUES,    /* values: INSERT INTO x [(cols)] VALUES (...) */
    SL_STMT_DROP,             /* drop: DROP STREAM|TABLE|TYPE|CONNECTOR ... */
    SL_STMT_CREATE_TYPE,      /* create_type: CREATE TYPE [IF NOT EXISTS] x AS type */
    SL_STMT_ALTER_SOURCE,     /* alter: ALTER STREAM|TABLE x ADD [COLUMN] c type, ... */
    SL_STMT_ALTER_SYSTEM,     /* set: ALTER SYSTEM 'k' = 'v' */
    SL_STMT_CREATE_CONNECTOR, /* connector: CREATE SOURCE|SINK CONNECTOR ... WITH (...) */
    SL_STMT_SHOW,             /* show: SHOW|LIST STREAMS|TABLES|... */
    SL_STMT_DESCRIBE,         /* describe: DESCRIBE [EXTENDED] x, DESCRIBE STREAMS, ... */
    SL_STMT_EXPLAIN,          /* explain: EXPLAIN query_id | EXPLAIN statement */
    SL_STMT_TERMINATE,        /* query_ctl: TERMINATE id | TERMINATE ALL */
    SL_STMT_PAUSE,            /* query_ctl: PAUSE id | PAUSE ALL */
    SL_STMT_RESUME,           /* query_ctl: RESUME id | RESUME ALL */
    SL_STMT_PRINT,            /* print: PRINT topic [FROM BEGINNING] [INTERVAL n] [LIMIT n] */
    SL_STMT_SET,              /* set: SET 'k' = 'v' */
    SL_STMT_UNSET,            /* set: UNSET 'k' (value NULL) */
    SL_STMT_DEFINE,           /* define: DEFINE name = 'value' */
    SL_STMT_UNDEFINE,         /* define: UNDEFINE name (value NULL) */
    SL_STMT_RUN_SCRIPT,       /* run_script: RUN SCRIPT 'file' (shell and scripts only) */
    SL_STMT_ASSERT_VALUES,    /* values: ASSERT VALUES x [(cols)] VALUES (...) (tests only) */
    SL_STMT_ASSERT_TOMBSTONE, /* values: ASSERT NULL VALUES x [(cols)] KEY (...) (tests only) */
    SL_STMT_ASSERT_SOURCE,    /* source: ASSERT STREAM|TABLE x [(cols)] [WITH] (tests only) */
    SL_STMT_ASSERT_TOPIC,     /* assert_topic: ASSERT [NOT EXISTS] TOPIC t [WITH] [TIMEOUT] */
    SL_STMT_ASSERT_SCHEMA,    /* assert_schema: ASSERT [NOT EXISTS] SCHEMA [SUBJECT s] [ID n] ... */
    SL_STMT__COUNT
} sl_stmt_kind;

typedef enum sl_show_what {
    SL_SHOW_STREAMS,
    SL_SHOW_TABLES,
    SL_SHOW_TOPICS,
    SL_SHOW_QUERIES,
    SL_SHOW_PROPERTIES,
    SL_SHOW_FUNCTIONS,
    SL_SHOW_TYPES,
    SL_SHOW_VARIABLES,
    SL_SHOW_CONNECTORS, /* scope says SOURCE, SINK or all */
    SL_SHOW_CONNECTOR_PLUGINS,
} sl_show_what;

typedef enum sl_connector_scope {
    SL_CONNECTOR_ALL,
    SL_CONNECTOR_SOURCE,
    SL_CONNECTOR_SINK,
} sl_connector_scope;

typedef enum sl_describe_what {
    SL_DESCRIBE_SOURCE,    /* DESCRIBE x [EXTENDED] */
    SL_DESCRIBE_STREAMS,   /* DESCRIBE STREAMS [EXTENDED] */
    SL_DESCRIBE_TABLES,    /* DESCRIBE TABLES [EXTENDED] */
    SL_DESCRIBE_FUNCTION,  /* DESCRIBE FUNCTION f */
    SL_DESCRIBE_CONNECTOR, /* DESCRIBE CONNECTOR c */
} sl_describe_what;

typedef enum sl_drop_what {
    SL_DROP_STREAM,
    SL_DROP_TABLE,
    SL_DROP_TYPE,
    SL_DROP_CONNECTOR,
} sl_drop_what;

struct sl_ast_stmt {
    sl_stmt_kind kind;
    sl_pos pos;        /* the first token */
    uint32_t text_len; /* pos.off .. pos.off + text_len is the statement's text, through its ';' */
    const char *text;  /* that text, NUL-terminated, in the arena (ksqlDB's statementText) */
    union {
        sl_ast_query *query; /* QUERY */

        /* CREATE_SOURCE, ASSERT_SOURCE */
        struct {
            bool is_table, or_replace, if_not_exists, is_source;
            sl_ast_ident name;
            sl_ast_column_list columns;  /* n == 0 when the schema is left to inference */
            sl_ast_watermark *watermark; /* NULL when absent */
            sl_ast_prop_list props;
        } source;

        /* CREATE_AS */
        struct {
            bool is_table, or_replace, if_not_exists;
            sl_ast_ident name;
            sl_ast_prop_list props;
            sl_ast_query *query;
        } create_as;

        /* INSERT_INTO */
        struct {
            sl_ast_ident target;
            sl_ast_prop_list props;
            sl_ast_query *query;
        } insert_into;

        /* INSERT_VALUES, ASSERT_VALUES, ASSERT_TOMBSTONE (values are the key values) */
        struct {
            sl_ast_ident target;
            sl_ast_ident_list columns; /* n == 0: all columns in order */
            sl_ast_expr_list values;
        } values;

        /* DROP */
        struct {
            sl_drop_what what;
            bool if_exists, delete_topic;
            sl_ast_ident name;
        } drop;

        /* CREATE_TYPE */
        struct {
            bool if_not_exists;
            sl_ast_ident name;
            sl_type_ast *type;
        } create_type;

        /* ALTER_SOURCE: each ADD COLUMN is a column definition without constraint */
        struct {
            bool is_table;
            sl_ast_ident name;
            sl_ast_column_list columns;
        } alter;

        /* CREATE_CONNECTOR */
        struct {
            bool is_source, if_not_exists;
            sl_ast_ident name;
            sl_ast_prop_list props;
        } connector;

        /* SHOW */
        struct {
            sl_show_what what;
            bool extended;
            bool all; /* SHOW ALL TOPICS */
            sl_connector_scope scope;
        } show;

        /* DESCRIBE */
        struct {
            sl_describe_what what;
            bool extended;
            sl_ast_ident name; /* SOURCE, FUNCTION, CONNECTOR */
        } describe;

        /* EXPLAIN: exactly one of query_id.text and stmt is set */
        struct {
            sl_ast_ident query_id;
            sl_ast_stmt *stmt;
        } explain;

        /* TERMINATE, PAUSE, RESUME */
        struct {
            bool all;
            sl_ast_ident query_id; /* text NULL for ALL */
        } query_ctl;

        /* PRINT: the topic name keeps its case (as in ksqlDB) */
        struct {
            const char *topic;
            bool from_beginning;
            bool has_interval, has_limit;
            int64_t interval, limit; /* 32-bit range, as written */
        } print;

        /* SET, UNSET, ALTER_SYSTEM: property name and value as written between quotes */
        struct {
            const char *name;
            const char *value; /* NULL for UNSET */
        } set;

        /* DEFINE, UNDEFINE: variable names are case-insensitive; kept as written */
        struct {
            const char *name;
            const char *value; /* NULL for UNDEFINE */
        } define;

        /* RUN_SCRIPT */
        const char *script_path;

        /* ASSERT_TOPIC */
        struct {
            bool not_exists;
            const char *topic; /* case kept */
            sl_ast_prop_list props;
            sl_ast_duration *timeout; /* NULL when absent */
        } assert_topic;

        /* ASSERT_SCHEMA */
        struct {
            bool not_exists;
            const char *subject;  /* NULL when absent; case kept */
            sl_ast_expr *id;          /* literal; NULL when absent */
            sl_ast_duration *timeout; /* NULL when absent */
        } assert_schema;
    };
};

typedef SL_AST_LIST(sl_ast_stmt *) sl_ast_stmt_list;

/* ---- functions ------------------------------------------------------------------------ */

/*
 * Structural equality: same kinds, names, literals, operators and shapes. Positions,
 * statement text and the `quoted` flag of identifiers are ignored (the canonical name is
 * what counts), so a statement equals its own re-parsed printed form. NULL equals NULL.
 * Used by the planner to match GROUP BY expressions with the select list, and by tests.
 * Pure; any thread.
 */
bool sl_ast_expr_eq(const sl_ast_expr *a, const sl_ast_expr *b);
bool sl_ast_type_eq(const sl_type_ast *a, const sl_type_ast *b);
bool sl_ast_query_eq(const sl_ast_query *a, const sl_ast_query *b);
bool sl_ast_stmt_eq(const sl_ast_stmt *a, const sl_ast_stmt *b);

/*
 * The printer: appends canonical SQL to out. Keywords upper case, identifiers quoted with
 * backticks only when needed, one space around binary operators, parentheses only where
 * precedence needs them. A statement is printed on one line ending with ';'. The output
 * re-parses to an equal tree (see sl_ast_stmt_eq). Any thread; out is the caller's.
 */
void sl_ast_stmt_print(sl_buf *out, const sl_ast_stmt *s);
void sl_ast_query_print(sl_buf *out, const sl_ast_query *q); /* no ';' */
void sl_ast_expr_print(sl_buf *out, const sl_ast_expr *e);
void sl_ast_type_print(sl_buf *out, const sl_type_ast *t);
/* Appends an identifier, quoted with backticks when it would not re-read as itself. */
void sl_ast_ident_print(sl_buf *out, const char *name);

/* Names for messages and debugging: "CREATE_AS", "BINARY", ... */
const char *sl_ast_stmt_kind_name(sl_stmt_kind kind);
const char *sl_ast_expr_kind_name(sl_ast_expr_kind kind);

#endif
