/*
 * parser_int.h - private to parser/: the parse context, tokens as the grammar sees them,
 * and the sl_ast_* builders that grammar/sql.y's actions call.
 *
 * Builders do no semantic work: they copy names and literals into the arena, normalise
 * their spelling (upper-cased names, milliseconds for durations), and check only what
 * ksqlDB's own parser rejects (numeric literal range, KEY vs PRIMARY KEY, one-character
 * ESCAPE, lambda parameters that are not names) plus the nesting-depth limit. A builder
 * never returns NULL where a node is expected: on a problem it records the first error in
 * the context (sl_parse_fail) and returns a harmless node, so the parse can unwind; the
 * driver stops feeding tokens once p->err is set.
 *
 * A token with z == NULL stands for an absent optional token.
 */
#ifndef SL_PARSER_PARSER_INT_H
#define SL_PARSER_PARSER_INT_H

#include "parser/parser.h"

#include <stdarg.h>

typedef struct sl_token {
    const char *z; /* into the parsed text; NULL for an absent optional token */
    uint32_t n;
    int type;
    sl_pos pos;
} sl_token;

/* The parse context: one per sl_parse_* call, on the caller's stack. */
typedef struct sl_parse_ctx {
    sl_arena *ar;
    const char *sql;
    size_t len;
    int max_depth;
    unsigned flags;
    sl_error *err;       /* the first error; set once */
    sl_pos at;           /* position of the token being fed (for errors without a node) */
    sl_ast_stmt_list *stmts; /* statement mode: finished statements are appended here */
    sl_ast_expr *expr;       /* expression mode: the result */
} sl_parse_ctx;

/* Records an error at pos unless one is already recorded. */
void sl_parse_fail(sl_parse_ctx *p, sl_errcode code, sl_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Records a syntax error: msg "Syntax Error", detail as given. */
void sl_parse_fail_syntax(sl_parse_ctx *p, sl_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reports a syntax error at tok (major is its code, 0 at the end of text), listing the
 * tokens the parser could take instead. Called by the grammar's %syntax_error. */
void sl_parse_syntax_error(sl_parse_ctx *p, void *parser, int major, sl_token tok);

/* Arena list append: grows l (an SL_AST_LIST) and returns a pointer to the new slot. */
void sl_ast_list_grow(sl_arena *ar, void **v, uint32_t *cap, uint32_t need, size_t elem);
#define SL_AST_PUSH(ar, l)                                                                         \
    (sl_ast_list_grow((ar), (void **)&(l).v, &(l).cap, (l).n + 1, sizeof *(l).v), &(l).v[(l).n++])

/* The lemon parser (generated from grammar/sql.y; %name sl_lemon_parse). */
void *sl_lemon_parseAlloc(void *(*malloc_fn)(size_t), sl_parse_ctx *p);
void sl_lemon_parseFree(void *parser, void (*free_fn)(void *));
void sl_lemon_parse(void *parser, int major, sl_token minor);
int sl_lemon_parseFallback(int tk);
/* Number of terminal codes (0 = end of input .. count - 1), for tests. */
int sl_lemon_token_count(void);
/* Height of the parser's stack: the driver bounds it (deep nesting, long unary chains). */
int sl_lemon_stack_height(void *parser);
/* Writes up to max token codes the parser could shift next into out; returns how many
 * (for the "expecting {...}" part of syntax errors). */
int sl_lemon_expected(void *parser, int *out, int max);

/* Canonical text of a keyword code ("SELECT"), or NULL (generated from keywords.txt);
 * sl_lex_keyword_quoted gives it between quotes ("'SELECT'"), as syntax errors show it. */
const char *sl_lex_keyword_text(int tk);
const char *sl_lex_keyword_quoted(int tk);
/* Number of keywords and the i-th keyword code, for tests and the printer. */
int sl_lex_keyword_count(void);
int sl_lex_keyword_code(int i);

/* ---- printer internals shared by print.c and print_stmt.c ------------------------------ */

/* Precedence levels a printed operand must reach (see print.c): a value expression (the
 * operand of a predicate, GROUP BY item, VALUES item) and a primary (base of ->, [ ]). */
#define SL_PRINT_VALUE   5
#define SL_PRINT_PRIMARY 10

/* Whether name must be quoted to re-read as itself; strict quotes every keyword. */
bool sl_ast_name_needs_quotes(const char *name, bool strict);
void sl_ast_name_print(sl_buf *b, const sl_ast_ident *id, bool strict);
void sl_ast_string_print(sl_buf *b, const char *s);
void sl_ast_duration_print(sl_buf *b, const sl_ast_duration *d);
/* e, in parentheses when its level is below min. */
void sl_ast_operand_print(sl_buf *b, const sl_ast_expr *e, int min);
void sl_ast_expr_list_print(sl_buf *b, const sl_ast_expr_list *l, int min);

/* ---- builders: identifiers, literals, expressions (ast_expr.c) ------------------------- */

sl_ast_ident sl_ast_ident_of(sl_parse_ctx *p, sl_token t);
/* Expression mode: records the parsed expression. */
void sl_ast_expr_done(sl_parse_ctx *p, sl_ast_expr *e);
/* Copies a token's text unquoted ('' -> ') and NUL-terminated into the arena. */
char *sl_ast_unquote(sl_parse_ctx *p, sl_token t, uint32_t *len);

sl_ast_expr *sl_ast_literal_new(sl_parse_ctx *p, sl_token t);
sl_ast_expr *sl_ast_negative_new(sl_parse_ctx *p, sl_token minus, sl_token num);
sl_ast_expr *sl_ast_typed_literal_new(sl_parse_ctx *p, sl_token type, sl_token str);
sl_ast_expr *sl_ast_column_new(sl_parse_ctx *p, sl_token qualifier, sl_token name);
sl_ast_expr *sl_ast_deref_new(sl_parse_ctx *p, sl_token arrow, sl_ast_expr *base, sl_token field);
sl_ast_expr *sl_ast_subscript_new(sl_parse_ctx *p, sl_token lb, sl_ast_expr *base, sl_ast_expr *index);
sl_ast_expr *sl_ast_unary_new(sl_parse_ctx *p, sl_token op, sl_ast_expr *arg);
sl_ast_expr *sl_ast_binary_new(sl_parse_ctx *p, sl_ast_binop op, sl_token t, sl_ast_expr *l, sl_ast_expr *r);
sl_ast_expr *sl_ast_compare_new(sl_parse_ctx *p, sl_ast_cmpop op, sl_token t, sl_ast_expr *l, sl_ast_expr *r);
sl_ast_expr *sl_ast_logic_new(sl_parse_ctx *p, sl_logicop op, sl_token t, sl_ast_expr *l, sl_ast_expr *r);
sl_ast_expr *sl_ast_not_new(sl_parse_ctx *p, sl_token t, sl_ast_expr *arg);
sl_ast_expr *sl_ast_is_null_new(sl_parse_ctx *p, sl_token t, sl_ast_expr *arg, bool negated);
sl_ast_expr *sl_ast_between_new(sl_parse_ctx *p, sl_token t, bool negated, sl_ast_expr *v, sl_ast_expr *lo,
                            sl_ast_expr *hi);
sl_ast_expr *sl_ast_in_new(sl_parse_ctx *p, sl_token t, bool negated, sl_ast_expr *v, sl_ast_expr_list list);
sl_ast_expr *sl_ast_like_new(sl_parse_ctx *p, sl_token t, bool negated, sl_ast_expr *v, sl_ast_expr *pattern,
                         sl_token escape);
sl_ast_expr *sl_ast_case_new(sl_parse_ctx *p, sl_token t, sl_ast_expr *operand, sl_ast_when_list whens,
                         sl_ast_expr *else_);
sl_ast_when_list sl_ast_when_add(sl_parse_ctx *p, sl_ast_when_list l, sl_ast_expr *cond, sl_ast_expr *result);
sl_ast_expr *sl_ast_cast_new(sl_parse_ctx *p, sl_token t, sl_ast_expr *arg, sl_type_ast *type);
sl_ast_expr *sl_ast_array_new(sl_parse_ctx *p, sl_token t, sl_ast_expr_list elems);
sl_ast_expr *sl_ast_map_new(sl_parse_ctx *p, sl_token t, sl_ast_map_entry_list entries);
sl_ast_map_entry_list sl_ast_map_entry_add(sl_parse_ctx *p, sl_ast_map_entry_list l, sl_ast_expr *k,
                                       sl_ast_expr *v);
sl_ast_expr *sl_ast_struct_new(sl_parse_ctx *p, sl_token t, sl_ast_field_init_list fields);
sl_ast_field_init_list sl_ast_field_init_add(sl_parse_ctx *p, sl_ast_field_init_list l, sl_token name,
                                         sl_ast_expr *v);
sl_ast_expr *sl_ast_call_new(sl_parse_ctx *p, sl_token name, sl_ast_expr_list args, bool star);
/* x => body where x was parsed as an expression: it must be a bare name. */
sl_ast_expr *sl_ast_lambda1_new(sl_parse_ctx *p, sl_token arrow, sl_ast_expr *param, sl_ast_expr *body);
sl_ast_expr *sl_ast_lambda_new(sl_parse_ctx *p, sl_token arrow, sl_ast_ident_list params, sl_ast_expr *body);
sl_ast_expr *sl_ast_time_unit_new(sl_parse_ctx *p, sl_token unit);
sl_ast_expr *sl_ast_at_tz_new(sl_parse_ctx *p, sl_token t, sl_ast_expr *arg, sl_token zone);
sl_ast_expr_list sl_ast_expr_list_add(sl_parse_ctx *p, sl_ast_expr_list l, sl_ast_expr *e);
sl_ast_ident_list sl_ast_ident_list_add(sl_parse_ctx *p, sl_ast_ident_list l, sl_token name);

sl_type_ast *sl_ast_type_name_new(sl_parse_ctx *p, sl_token name, sl_ast_str_list params);
sl_ast_str_list sl_ast_type_param_add(sl_parse_ctx *p, sl_ast_str_list l, sl_token param);
sl_type_ast *sl_ast_type_array_new(sl_parse_ctx *p, sl_token t, sl_type_ast *elem);
sl_type_ast *sl_ast_type_map_new(sl_parse_ctx *p, sl_token t, sl_type_ast *k, sl_type_ast *v);
sl_type_ast *sl_ast_type_struct_new(sl_parse_ctx *p, sl_token t, sl_ast_type_field_list fields);
sl_ast_type_field_list sl_ast_type_field_add(sl_parse_ctx *p, sl_ast_type_field_list l, sl_token name,
                                         sl_type_ast *type);

/* ---- builders: queries and statements (ast_stmt.c) ------------------------------------- */

/* FROM's relation plus its joins, before they move into the query. */
typedef struct sl_ast_from {
    sl_ast_relation rel;
    sl_ast_join_list joins;
} sl_ast_from;

/* CREATE [OR REPLACE]: the grammar's shared head of CREATE statements. */
typedef struct sl_ast_create_head {
    sl_token create;
    sl_token or_replace; /* the OR token; z NULL when absent */
} sl_ast_create_head;

/* A column list in DDL: columns plus the optional WATERMARK element. */
typedef struct sl_ast_elems {
    sl_ast_column_list columns;
    sl_ast_watermark *watermark;
} sl_ast_elems;

typedef struct sl_ast_wopts {
    sl_ast_duration *retention, *grace;
} sl_ast_wopts;

sl_ast_duration *sl_ast_duration_new(sl_parse_ctx *p, sl_token value, sl_token unit);
sl_ast_select_list sl_ast_select_add(sl_parse_ctx *p, sl_ast_select_list l, sl_ast_select_item *item);
sl_ast_select_item *sl_ast_select_expr_new(sl_parse_ctx *p, sl_ast_expr *e, sl_token alias);
sl_ast_select_item *sl_ast_select_all_new(sl_parse_ctx *p, sl_token star, sl_token qualifier);
sl_ast_select_item *sl_ast_select_struct_all_new(sl_parse_ctx *p, sl_ast_expr *base);
sl_ast_relation *sl_ast_relation_new(sl_parse_ctx *p, sl_token name, sl_token alias);
sl_ast_from *sl_ast_from_new(sl_parse_ctx *p, sl_ast_relation *rel);
sl_ast_from *sl_ast_join_add(sl_parse_ctx *p, sl_ast_from *f, sl_join_type type, sl_token t,
                             sl_ast_relation *rel, sl_ast_within *within, sl_ast_expr *on);
sl_ast_within *sl_ast_within_new(sl_parse_ctx *p, sl_ast_duration *before, sl_ast_duration *after,
                             bool before_after, sl_ast_duration *grace);
sl_ast_window *sl_ast_window_new(sl_parse_ctx *p, sl_token type, sl_token name, sl_ast_duration *size,
                             sl_ast_duration *advance, sl_ast_wopts opts);
sl_ast_query *sl_ast_query_new(sl_parse_ctx *p, sl_token select, sl_ast_select_list items,
                           sl_ast_from *from, sl_ast_window *window, sl_ast_expr *where,
                           sl_ast_expr_list *group_by, sl_ast_expr_list *partition_by, sl_ast_expr *having,
                           sl_emit emit, sl_ast_expr *limit);
/* A GROUP BY / PARTITION BY list, copied so that present-but-empty differs from absent. */
sl_ast_expr_list *sl_ast_expr_list_box(sl_parse_ctx *p, sl_ast_expr_list l);

sl_ast_prop_list sl_ast_prop_add(sl_parse_ctx *p, sl_ast_prop_list l, sl_token name, sl_ast_expr *value);
sl_ast_column_def *sl_ast_column_def_new(sl_parse_ctx *p, sl_token name, sl_type_ast *type,
                                     sl_col_constraint c, sl_token header_key);
sl_ast_watermark *sl_ast_watermark_new(sl_parse_ctx *p, sl_token t, sl_token column, sl_token base,
                                   sl_token value, sl_token unit);
sl_ast_elems *sl_ast_elems_add(sl_parse_ctx *p, sl_ast_elems *l, sl_ast_column_def *col,
                               sl_ast_watermark *wm);
sl_ast_column_list sl_ast_column_add(sl_parse_ctx *p, sl_ast_column_list l, sl_ast_column_def *col);

sl_ast_stmt *sl_ast_query_stmt_new(sl_parse_ctx *p, sl_ast_query *q);
sl_ast_stmt *sl_ast_source_new(sl_parse_ctx *p, sl_ast_create_head h, sl_token source, bool table,
                           sl_token ifne, sl_token name, sl_ast_elems *elems, sl_ast_prop_list props);
sl_ast_stmt *sl_ast_create_as_new(sl_parse_ctx *p, sl_ast_create_head h, bool table, sl_token ifne,
                              sl_token name, sl_ast_prop_list props, sl_ast_query *q);
sl_ast_stmt *sl_ast_insert_into_new(sl_parse_ctx *p, sl_token t, sl_token target, sl_ast_prop_list props,
                                sl_ast_query *q);
sl_ast_stmt *sl_ast_values_new(sl_parse_ctx *p, sl_stmt_kind kind, sl_token t, sl_token target,
                           sl_ast_ident_list cols, sl_ast_expr_list values);
sl_ast_stmt *sl_ast_drop_new(sl_parse_ctx *p, sl_token t, sl_drop_what what, sl_token if_exists,
                         sl_token name, sl_token delete_topic);
sl_ast_stmt *sl_ast_create_type_new(sl_parse_ctx *p, sl_token t, sl_token ifne, sl_token name,
                                sl_type_ast *type);
sl_ast_stmt *sl_ast_alter_new(sl_parse_ctx *p, sl_token t, bool table, sl_token name,
                          sl_ast_column_list cols);
sl_ast_stmt *sl_ast_connector_new(sl_parse_ctx *p, sl_ast_create_head h, bool source, sl_token ifne,
                              sl_token name, sl_ast_prop_list props);
sl_ast_stmt *sl_ast_show_new(sl_parse_ctx *p, sl_token t, sl_show_what what, bool extended, bool all,
                         sl_connector_scope scope);
sl_ast_stmt *sl_ast_describe_new(sl_parse_ctx *p, sl_token t, sl_describe_what what, bool extended,
                             sl_token name);
sl_ast_stmt *sl_ast_explain_new(sl_parse_ctx *p, sl_token t, sl_ast_stmt *stmt, sl_token query_id);
sl_ast_stmt *sl_ast_query_ctl_new(sl_parse_ctx *p, sl_stmt_kind kind, sl_token t, sl_token query_id);
sl_ast_stmt *sl_ast_print_new(sl_parse_ctx *p, sl_token t, sl_token topic, bool from_beginning,
                          sl_ast_expr *interval, sl_ast_expr *limit);
/* SET, UNSET, ALTER SYSTEM, DEFINE, UNDEFINE, RUN SCRIPT: a name and maybe a value. */
sl_ast_stmt *sl_ast_setting_new(sl_parse_ctx *p, sl_stmt_kind kind, sl_token t, sl_token name,
                            sl_token value);
sl_ast_stmt *sl_ast_assert_source_new(sl_parse_ctx *p, sl_token t, bool table, sl_token name,
                                  sl_ast_elems *elems, sl_ast_prop_list props);
sl_ast_stmt *sl_ast_assert_topic_new(sl_parse_ctx *p, sl_token t, bool not_exists, sl_token topic,
                                 sl_ast_prop_list props, sl_ast_duration *timeout);
sl_ast_stmt *sl_ast_assert_schema_new(sl_parse_ctx *p, sl_token t, bool not_exists, sl_token subject,
                                  sl_ast_expr *id, sl_ast_duration *timeout);
/* The statement ended at semi (a ';' or the end of text): records its text, checks the
 * statement kinds the options allow, and appends it to p->stmts. */
void sl_ast_stmt_end(sl_parse_ctx *p, sl_ast_stmt *s, sl_token semi);

#endif
