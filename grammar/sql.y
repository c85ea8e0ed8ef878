/*
** sql.y - the lemon grammar of sluice SQL: ksqlDB's statements and expressions, plus
** Flink-style WATERMARK in DDL.
**
** Generated into the build directory by grammar/meson.build:
**   lemon -c -T/usr/share/lemon/lempar.c -d<outdir> sql.y  ->  sql.c, sql.h (TK_* codes)
** "-c" keeps every lookahead explicit in the action table (no default reductions). That
** makes %fallback exact: a non-reserved keyword is read as a keyword only where the
** grammar can shift it, and as an identifier everywhere else. (With compressed tables
** lemon would fall back to IDENT before performing a default reduction, so FROM t WINDOW
** TUMBLING (...) would take WINDOW for an alias.) It also makes the parser stop in the
** very state that saw the bad token, so syntax errors list exactly what could come there.
**
** Actions only call the sl_ast_* builders of parser/parser_int.h (ast_expr.c and
** ast_stmt.c), which allocate in the parse arena. Every pointer non-terminal's value is
** arena-owned, so its %destructor is a no-op by design: a failed parse leaks nothing (the
** arena owns the partial tree) and the parser object itself is freed by the driver
** (parse.c) on every path.
**
** Layers of expressions follow ksqlDB's SqlBase.g4:
**   expr    = bexpr                      OR < AND < NOT
**   bexpr  -> pred                       comparison, BETWEEN, IN, LIKE, IS ...: one per pred
**   pred   -> vexpr                      || < + - < * / % < unary - + < AT TIME ZONE
**   vexpr  -> primary                    literals, names, calls, CASE, CAST, [..], ->
*/

%token_prefix TK_
%name sl_lemon_parse
%token_type {sl_token}
%extra_context {sl_parse_ctx *p}
%stack_size 0

%include {
#include "parser/parser_int.h"

#include "common/mem.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The driver stops at the first error: no lemon error recovery. */
#define YYNOERRORRECOVERY 1

struct yyParser;
static void syntax_error(struct yyParser *pp, int major, sl_token tok);

/* Prototypes of the generated entry points (the template declares none). */
void sl_lemon_parseInit(void *parser, sl_parse_ctx *p);
void sl_lemon_parseFinalize(void *parser);
void sl_lemon_parseTrace(FILE *out, char *prompt);
int sl_lemon_parseCoverage(FILE *out);
}

%syntax_error { syntax_error(yypParser, yymajor, yyminor); }
%stack_overflow { sl_parse_fail(p, SL_E_LIMIT, p->at, "statement is nested too deeply"); }

/* The destructor of every non-terminal, pointer-valued or not: their values are arena-owned
** (see the header comment), so there is nothing to free, by design. */
%default_destructor { (void)p; (void)yypminor; }

/* Terminal classes and punctuation, declared first so they get the lowest codes. The
** lexer also returns SPACE, COMMENT and ILLEGAL, which the driver never feeds; EXPR_MARK
** is fed by the driver to parse a lone expression. */
%token SEMI COMMA DOT LP RP LB RB EQ NE LT LE GT GE PLUS MINUS STAR SLASH REM CONCAT
       ARROW LAMBDA ASSIGN IDENT STRLIT INTLIT DECLIT FLOATLIT VARIABLE
       SPACE COMMENT ILLEGAL EXPR_MARK.

/* Keywords that need not be reserved: where the grammar cannot take them as keywords
** they read as identifiers (ksqlDB's nonReserved list and more). The reserved ones are
** the words that structure queries and expressions: AND AS BETWEEN BY CASE CAST CREATE
** DISTINCT DROP ELSE END EXISTS FALSE FROM FULL GROUP HAVING IN INNER INSERT INTO IS JOIN
** LEFT LIKE LIMIT NOT NULL ON OR OUTER RIGHT SELECT THEN TRUE VALUES WHEN WHERE WITH
** WITHIN. */
%fallback IDENT
  ADD ADVANCE ALL ALTER ARRAY ASSERT AT BEGINNING CHANGES COLUMN CONNECTOR CONNECTORS
  DAY DAYS DEFINE DELETE DESCRIBE EMIT ESCAPE EXPLAIN EXTENDED FINAL FOR FUNCTION FUNCTIONS
  GRACE HEADER HEADERS HOPPING HOUR HOURS ID IF INTERVAL KEY LIST MAP MILLISECOND
  MILLISECONDS MINUTE MINUTES PARTITION PAUSE PERIOD PLUGINS PRIMARY PRINT PROPERTIES
  QUERIES REPLACE RESUME RETENTION RUN SAMPLE SCHEMA SCRIPT SECOND SECONDS SESSION SET SHOW
  SINK SIZE SOURCE STREAM STREAMS STRING STRUCT SUBJECT SYSTEM TABLE TABLES TERMINATE TIME
  TIMEOUT TOPIC TOPICS TUMBLING TYPE TYPES UNDEFINE UNSET VARIABLES WATERMARK WINDOW ZONE.

/* The one precedence block. NUMLIT / NEGLIT only rank two rules: after '-' in operand
** position, "- 5" is the literal -5 (ksqlDB: number : MINUS? INTEGER_VALUE), not -(5). */
%left OR.
%left AND.
%right NOT.
%left CONCAT.
%left PLUS MINUS.
%left STAR SLASH REM.
%right UMINUS.
%left AT.
%nonassoc NUMLIT.
%nonassoc NEGLIT.

/* ==== script ======================================================================== */

input ::= cmdlist.
input ::= EXPR_MARK expr(E). { sl_ast_expr_done(p, E); }

cmdlist ::= cmdlist ecmd.
cmdlist ::= ecmd.
ecmd ::= SEMI.
ecmd ::= cmd(C) SEMI(S). { sl_ast_stmt_end(p, C, S); }

%type cmd {sl_ast_stmt *}

/* ==== SELECT: a push query (EMIT CHANGES|FINAL) or a pull query ====================== */

cmd(A) ::= query(Q). { A = sl_ast_query_stmt_new(p, Q); }

%type query {sl_ast_query *}
query(A) ::= SELECT(S) selitems(I) FROM from(F) window_opt(W) where_opt(X) groupby_opt(G)
             partby_opt(B) having_opt(H) emit_opt(E) limit_opt(L).
    { A = sl_ast_query_new(p, S, I, F, W, X, G, B, H, E, L); }

%type selitems {sl_ast_select_list}
selitems(A) ::= selitem(X). { A = sl_ast_select_add(p, (sl_ast_select_list){0}, X); }
selitems(A) ::= selitems(L) COMMA selitem(X). { A = sl_ast_select_add(p, L, X); }

%type selitem {sl_ast_select_item *}
selitem(A) ::= expr(E). { A = sl_ast_select_expr_new(p, E, (sl_token){0}); }
selitem(A) ::= expr(E) nm(N). { A = sl_ast_select_expr_new(p, E, N); }
selitem(A) ::= expr(E) AS nm(N). { A = sl_ast_select_expr_new(p, E, N); }
selitem(A) ::= STAR(S). { A = sl_ast_select_all_new(p, S, (sl_token){0}); }
selitem(A) ::= id(Q) DOT STAR(S). { A = sl_ast_select_all_new(p, S, Q); }
selitem(A) ::= primary(B) ARROW STAR. { A = sl_ast_select_struct_all_new(p, B); }

/* FROM a [[AS] x] [type JOIN b [[AS] y] [WITHIN ...] ON cond]... (n-way joins) */
%type from {sl_ast_from *}
from(A) ::= relation(R). { A = sl_ast_from_new(p, R); }
from(A) ::= from(F) jointype(T) JOIN(J) relation(R) within_opt(W) ON expr(E).
    { A = sl_ast_join_add(p, F, T, J, R, W, E); }

%type relation {sl_ast_relation *}
relation(A) ::= nm(N). { A = sl_ast_relation_new(p, N, (sl_token){0}); }
relation(A) ::= nm(N) nm(X). { A = sl_ast_relation_new(p, N, X); }
relation(A) ::= nm(N) AS nm(X). { A = sl_ast_relation_new(p, N, X); }

%type jointype {sl_join_type}
jointype(A) ::= . { A = SL_JOIN_INNER; }
jointype(A) ::= INNER. { A = SL_JOIN_INNER; }
jointype(A) ::= LEFT. { A = SL_JOIN_LEFT; }
jointype(A) ::= LEFT OUTER. { A = SL_JOIN_LEFT; }
jointype(A) ::= RIGHT. { A = SL_JOIN_RIGHT; }
jointype(A) ::= RIGHT OUTER. { A = SL_JOIN_RIGHT; }
jointype(A) ::= FULL. { A = SL_JOIN_FULL; }
jointype(A) ::= FULL OUTER. { A = SL_JOIN_FULL; }

%type within_opt {sl_ast_within *}
within_opt(A) ::= . { A = NULL; }
within_opt(A) ::= WITHIN duration(D) grace_opt(G). { A = sl_ast_within_new(p, D, D, false, G); }
within_opt(A) ::= WITHIN LP duration(B) COMMA duration(F) RP grace_opt(G).
    { A = sl_ast_within_new(p, B, F, true, G); }

%type grace_opt {sl_ast_duration *}
grace_opt(A) ::= . { A = NULL; }
grace_opt(A) ::= GRACE PERIOD duration(D). { A = D; }

%type duration {sl_ast_duration *}
duration(A) ::= INTLIT(N) unit(U). { A = sl_ast_duration_new(p, N, U); }

%type unit {sl_token}
unit(A) ::= MILLISECOND(X). { A = X; }
unit(A) ::= MILLISECONDS(X). { A = X; }
unit(A) ::= SECOND(X). { A = X; }
unit(A) ::= SECONDS(X). { A = X; }
unit(A) ::= MINUTE(X). { A = X; }
unit(A) ::= MINUTES(X). { A = X; }
unit(A) ::= HOUR(X). { A = X; }
unit(A) ::= HOURS(X). { A = X; }
unit(A) ::= DAY(X). { A = X; }
unit(A) ::= DAYS(X). { A = X; }

/* WINDOW [name] TUMBLING (SIZE n unit [, RETENTION n unit] [, GRACE PERIOD n unit])
**               HOPPING (SIZE n unit, ADVANCE BY n unit [, RETENTION ...] [, GRACE ...])
**               SESSION (n unit [, RETENTION ...] [, GRACE ...]) */
%type window_opt {sl_ast_window *}
window_opt(A) ::= . { A = NULL; }
window_opt(A) ::= WINDOW wspec(W). { A = W; }

%type wspec {sl_ast_window *}
wspec(A) ::= wname(N) TUMBLING(T) LP SIZE duration(S) wopts(O) RP.
    { A = sl_ast_window_new(p, T, N, S, NULL, O); }
wspec(A) ::= wname(N) HOPPING(T) LP SIZE duration(S) COMMA ADVANCE BY duration(V) wopts(O) RP.
    { A = sl_ast_window_new(p, T, N, S, V, O); }
wspec(A) ::= wname(N) SESSION(T) LP duration(S) wopts(O) RP.
    { A = sl_ast_window_new(p, T, N, S, NULL, O); }

%type wname {sl_token}
wname(A) ::= . { A = (sl_token){0}; }
wname(A) ::= nm(X). { A = X; }

%type wopts {sl_ast_wopts}
wopts(A) ::= . { A = (sl_ast_wopts){NULL, NULL}; }
wopts(A) ::= COMMA RETENTION duration(R). { A = (sl_ast_wopts){R, NULL}; }
wopts(A) ::= COMMA GRACE PERIOD duration(G). { A = (sl_ast_wopts){NULL, G}; }
wopts(A) ::= COMMA RETENTION duration(R) COMMA GRACE PERIOD duration(G).
    { A = (sl_ast_wopts){R, G}; }

%type where_opt {sl_ast_expr *}
where_opt(A) ::= . { A = NULL; }
where_opt(A) ::= WHERE expr(E). { A = E; }

%type having_opt {sl_ast_expr *}
having_opt(A) ::= . { A = NULL; }
having_opt(A) ::= HAVING expr(E). { A = E; }

/* GROUP BY a, b | GROUP BY (a, b) | GROUP BY (); PARTITION BY likewise. A single
** parenthesised item is an ordinary parenthesised expression. */
%type groupby_opt {sl_ast_expr_list *}
groupby_opt(A) ::= . { A = NULL; }
groupby_opt(A) ::= GROUP BY bylist(L). { A = sl_ast_expr_list_box(p, L); }

%type partby_opt {sl_ast_expr_list *}
partby_opt(A) ::= . { A = NULL; }
partby_opt(A) ::= PARTITION BY bylist(L). { A = sl_ast_expr_list_box(p, L); }

%type bylist {sl_ast_expr_list}
bylist(A) ::= vexprlist(L). { A = L; }
bylist(A) ::= LP RP. { A = (sl_ast_expr_list){0}; }
bylist(A) ::= LP vexprlist2(L) RP. { A = L; }

%type emit_opt {sl_emit}
emit_opt(A) ::= . { A = SL_EMIT_NONE; }
emit_opt(A) ::= EMIT CHANGES. { A = SL_EMIT_CHANGES; }
emit_opt(A) ::= EMIT FINAL. { A = SL_EMIT_FINAL; }

%type limit_opt {sl_ast_expr *}
limit_opt(A) ::= . { A = NULL; }
limit_opt(A) ::= LIMIT intnum(N). { A = N; }

/* An integer count; negative ones parse (as in ksqlDB) and are the planner's to reject. */
%type intnum {sl_ast_expr *}
intnum(A) ::= INTLIT(X). { A = sl_ast_literal_new(p, X); }
intnum(A) ::= MINUS(M) INTLIT(X). { A = sl_ast_negative_new(p, M, X); }

/* ==== CREATE [OR REPLACE] [SOURCE] STREAM|TABLE [IF NOT EXISTS] x [(elements)] [WITH] == */

%type crt {sl_ast_create_head}
crt(A) ::= CREATE(T). { A = (sl_ast_create_head){T, {0}}; }
crt(A) ::= CREATE(T) OR(O) REPLACE. { A = (sl_ast_create_head){T, O}; }

%type kind {bool}
kind(A) ::= STREAM. { A = false; }
kind(A) ::= TABLE. { A = true; }

%type ifne {sl_token}
ifne(A) ::= . { A = (sl_token){0}; }
ifne(A) ::= IF(T) NOT EXISTS. { A = T; }

cmd(A) ::= crt(H) kind(K) ifne(E) nm(N) with_opt(W).
    { A = sl_ast_source_new(p, H, (sl_token){0}, K, E, N, NULL, W); }
cmd(A) ::= crt(H) kind(K) ifne(E) nm(N) LP elems(L) RP with_opt(W).
    { A = sl_ast_source_new(p, H, (sl_token){0}, K, E, N, L, W); }
cmd(A) ::= crt(H) SOURCE(S) kind(K) ifne(E) nm(N) with_opt(W).
    { A = sl_ast_source_new(p, H, S, K, E, N, NULL, W); }
cmd(A) ::= crt(H) SOURCE(S) kind(K) ifne(E) nm(N) LP elems(L) RP with_opt(W).
    { A = sl_ast_source_new(p, H, S, K, E, N, L, W); }

/* Column elements: name type [KEY | PRIMARY KEY | HEADERS | HEADER('k')], and
** WATERMARK FOR col AS col [- INTERVAL 'n' unit] (Flink-style event time). */
%type elems {sl_ast_elems *}
elems(A) ::= coldef(C). { A = sl_ast_elems_add(p, NULL, C, NULL); }
elems(A) ::= watermark(W). { A = sl_ast_elems_add(p, NULL, NULL, W); }
elems(A) ::= elems(L) COMMA coldef(C). { A = sl_ast_elems_add(p, L, C, NULL); }
elems(A) ::= elems(L) COMMA watermark(W). { A = sl_ast_elems_add(p, L, NULL, W); }

%type coldef {sl_ast_column_def *}
coldef(A) ::= nm(N) type(T). { A = sl_ast_column_def_new(p, N, T, SL_COL_VALUE, (sl_token){0}); }
coldef(A) ::= nm(N) type(T) KEY. { A = sl_ast_column_def_new(p, N, T, SL_COL_KEY, (sl_token){0}); }
coldef(A) ::= nm(N) type(T) PRIMARY KEY.
    { A = sl_ast_column_def_new(p, N, T, SL_COL_PRIMARY_KEY, (sl_token){0}); }
coldef(A) ::= nm(N) type(T) HEADERS.
    { A = sl_ast_column_def_new(p, N, T, SL_COL_HEADERS, (sl_token){0}); }
coldef(A) ::= nm(N) type(T) HEADER LP STRLIT(K) RP.
    { A = sl_ast_column_def_new(p, N, T, SL_COL_HEADER, K); }

%type watermark {sl_ast_watermark *}
watermark(A) ::= WATERMARK(T) FOR nm(C) AS nm(B).
    { A = sl_ast_watermark_new(p, T, C, B, (sl_token){0}, (sl_token){0}); }
watermark(A) ::= WATERMARK(T) FOR nm(C) AS nm(B) MINUS INTERVAL ival(V) unit(U).
    { A = sl_ast_watermark_new(p, T, C, B, V, U); }

%type ival {sl_token}
ival(A) ::= STRLIT(X). { A = X; }
ival(A) ::= INTLIT(X). { A = X; }

%type with_opt {sl_ast_prop_list}
with_opt(A) ::= . { A = (sl_ast_prop_list){0}; }
with_opt(A) ::= WITH LP props(L) RP. { A = L; }

%type props {sl_ast_prop_list}
props(A) ::= pname(N) EQ literal(V). { A = sl_ast_prop_add(p, (sl_ast_prop_list){0}, N, V); }
props(A) ::= props(L) COMMA pname(N) EQ literal(V). { A = sl_ast_prop_add(p, L, N, V); }

%type pname {sl_token}
pname(A) ::= nm(X). { A = X; }
pname(A) ::= STRLIT(X). { A = X; }

/* ==== CREATE [OR REPLACE] STREAM|TABLE x [WITH (...)] AS SELECT ====================== */

cmd(A) ::= crt(H) kind(K) ifne(E) nm(N) with_opt(W) AS query(Q).
    { A = sl_ast_create_as_new(p, H, K, E, N, W, Q); }

/* ==== INSERT INTO x [WITH (...)] SELECT | INSERT INTO x [(cols)] VALUES (...) ========= */

cmd(A) ::= INSERT(T) INTO nm(N) with_opt(W) query(Q). { A = sl_ast_insert_into_new(p, T, N, W, Q); }
cmd(A) ::= INSERT(T) INTO nm(N) VALUES values(V).
    { A = sl_ast_values_new(p, SL_STMT_INSERT_VALUES, T, N, (sl_ast_ident_list){0}, V); }
cmd(A) ::= INSERT(T) INTO nm(N) LP nmlist(C) RP VALUES values(V).
    { A = sl_ast_values_new(p, SL_STMT_INSERT_VALUES, T, N, C, V); }

%type values {sl_ast_expr_list}
values(A) ::= LP RP. { A = (sl_ast_expr_list){0}; }
values(A) ::= LP vexprlist(L) RP. { A = L; }

%type nmlist {sl_ast_ident_list}
nmlist(A) ::= nm(X). { A = sl_ast_ident_list_add(p, (sl_ast_ident_list){0}, X); }
nmlist(A) ::= nmlist(L) COMMA nm(X). { A = sl_ast_ident_list_add(p, L, X); }

/* ==== DROP STREAM|TABLE [IF EXISTS] x [DELETE TOPIC]; DROP TYPE|CONNECTOR [IF EXISTS] x = */

%type ifexists {sl_token}
ifexists(A) ::= . { A = (sl_token){0}; }
ifexists(A) ::= IF(T) EXISTS. { A = T; }

%type deltopic {sl_token}
deltopic(A) ::= . { A = (sl_token){0}; }
deltopic(A) ::= DELETE(T) TOPIC. { A = T; }

cmd(A) ::= DROP(T) STREAM ifexists(E) nm(N) deltopic(D).
    { A = sl_ast_drop_new(p, T, SL_DROP_STREAM, E, N, D); }
cmd(A) ::= DROP(T) TABLE ifexists(E) nm(N) deltopic(D).
    { A = sl_ast_drop_new(p, T, SL_DROP_TABLE, E, N, D); }
cmd(A) ::= DROP(T) TYPE ifexists(E) nm(N). { A = sl_ast_drop_new(p, T, SL_DROP_TYPE, E, N, (sl_token){0}); }
cmd(A) ::= DROP(T) CONNECTOR ifexists(E) nm(N).
    { A = sl_ast_drop_new(p, T, SL_DROP_CONNECTOR, E, N, (sl_token){0}); }

/* ==== CREATE TYPE [IF NOT EXISTS] x AS type ========================================== */

cmd(A) ::= CREATE(T) TYPE ifne(E) nm(N) AS type(Y). { A = sl_ast_create_type_new(p, T, E, N, Y); }

/* ==== ALTER STREAM|TABLE x ADD [COLUMN] c type, ...; ALTER SYSTEM 'k' = 'v' =========== */

cmd(A) ::= ALTER(T) kind(K) nm(N) alterops(L). { A = sl_ast_alter_new(p, T, K, N, L); }
cmd(A) ::= ALTER(T) SYSTEM STRLIT(K) EQ STRLIT(V).
    { A = sl_ast_setting_new(p, SL_STMT_ALTER_SYSTEM, T, K, V); }

%type alterops {sl_ast_column_list}
alterops(A) ::= alterop(C). { A = sl_ast_column_add(p, (sl_ast_column_list){0}, C); }
alterops(A) ::= alterops(L) COMMA alterop(C). { A = sl_ast_column_add(p, L, C); }

%type alterop {sl_ast_column_def *}
alterop(A) ::= ADD nm(N) type(T). { A = sl_ast_column_def_new(p, N, T, SL_COL_VALUE, (sl_token){0}); }
alterop(A) ::= ADD COLUMN nm(N) type(T).
    { A = sl_ast_column_def_new(p, N, T, SL_COL_VALUE, (sl_token){0}); }

/* ==== CREATE SOURCE|SINK CONNECTOR [IF NOT EXISTS] x WITH (...) ====================== */

cmd(A) ::= crt(H) SOURCE CONNECTOR ifne(E) nm(N) WITH LP props(W) RP.
    { A = sl_ast_connector_new(p, H, true, E, N, W); }
cmd(A) ::= crt(H) SINK CONNECTOR ifne(E) nm(N) WITH LP props(W) RP.
    { A = sl_ast_connector_new(p, H, false, E, N, W); }

/* ==== SHOW | LIST ... ================================================================ */

%type showkw {sl_token}
showkw(A) ::= SHOW(T). { A = T; }
showkw(A) ::= LIST(T). { A = T; }

%type ext {bool}
ext(A) ::= . { A = false; }
ext(A) ::= EXTENDED. { A = true; }

cmd(A) ::= showkw(T) PROPERTIES.
    { A = sl_ast_show_new(p, T, SL_SHOW_PROPERTIES, false, false, SL_CONNECTOR_ALL); }
cmd(A) ::= showkw(T) TOPICS ext(E). { A = sl_ast_show_new(p, T, SL_SHOW_TOPICS, E, false, SL_CONNECTOR_ALL); }
cmd(A) ::= showkw(T) ALL TOPICS ext(E).
    { A = sl_ast_show_new(p, T, SL_SHOW_TOPICS, E, true, SL_CONNECTOR_ALL); }
cmd(A) ::= showkw(T) STREAMS ext(E).
    { A = sl_ast_show_new(p, T, SL_SHOW_STREAMS, E, false, SL_CONNECTOR_ALL); }
cmd(A) ::= showkw(T) TABLES ext(E). { A = sl_ast_show_new(p, T, SL_SHOW_TABLES, E, false, SL_CONNECTOR_ALL); }
cmd(A) ::= showkw(T) QUERIES ext(E).
    { A = sl_ast_show_new(p, T, SL_SHOW_QUERIES, E, false, SL_CONNECTOR_ALL); }
cmd(A) ::= showkw(T) FUNCTIONS.
    { A = sl_ast_show_new(p, T, SL_SHOW_FUNCTIONS, false, false, SL_CONNECTOR_ALL); }
cmd(A) ::= showkw(T) TYPES. { A = sl_ast_show_new(p, T, SL_SHOW_TYPES, false, false, SL_CONNECTOR_ALL); }
cmd(A) ::= showkw(T) VARIABLES.
    { A = sl_ast_show_new(p, T, SL_SHOW_VARIABLES, false, false, SL_CONNECTOR_ALL); }
cmd(A) ::= showkw(T) CONNECTORS.
    { A = sl_ast_show_new(p, T, SL_SHOW_CONNECTORS, false, false, SL_CONNECTOR_ALL); }
cmd(A) ::= showkw(T) SOURCE CONNECTORS.
    { A = sl_ast_show_new(p, T, SL_SHOW_CONNECTORS, false, false, SL_CONNECTOR_SOURCE); }
cmd(A) ::= showkw(T) SINK CONNECTORS.
    { A = sl_ast_show_new(p, T, SL_SHOW_CONNECTORS, false, false, SL_CONNECTOR_SINK); }
cmd(A) ::= showkw(T) CONNECTOR PLUGINS.
    { A = sl_ast_show_new(p, T, SL_SHOW_CONNECTOR_PLUGINS, false, false, SL_CONNECTOR_ALL); }

/* ==== DESCRIBE [EXTENDED] x | x EXTENDED; STREAMS|TABLES [EXTENDED]; FUNCTION f; ... === */

cmd(A) ::= DESCRIBE(T) nm(N) ext(E). { A = sl_ast_describe_new(p, T, SL_DESCRIBE_SOURCE, E, N); }
cmd(A) ::= DESCRIBE(T) EXTENDED nm(N). { A = sl_ast_describe_new(p, T, SL_DESCRIBE_SOURCE, true, N); }
cmd(A) ::= DESCRIBE(T) STREAMS ext(E).
    { A = sl_ast_describe_new(p, T, SL_DESCRIBE_STREAMS, E, (sl_token){0}); }
cmd(A) ::= DESCRIBE(T) TABLES ext(E).
    { A = sl_ast_describe_new(p, T, SL_DESCRIBE_TABLES, E, (sl_token){0}); }
cmd(A) ::= DESCRIBE(T) FUNCTION nm(N).
    { A = sl_ast_describe_new(p, T, SL_DESCRIBE_FUNCTION, false, N); }
cmd(A) ::= DESCRIBE(T) CONNECTOR nm(N).
    { A = sl_ast_describe_new(p, T, SL_DESCRIBE_CONNECTOR, false, N); }

/* ==== EXPLAIN query_id | EXPLAIN statement =========================================== */

cmd(A) ::= EXPLAIN(T) cmd(S). { A = sl_ast_explain_new(p, T, S, (sl_token){0}); }
cmd(A) ::= EXPLAIN(T) nm(N). { A = sl_ast_explain_new(p, T, NULL, N); }

/* ==== TERMINATE | PAUSE | RESUME  query_id | ALL ===================================== */

cmd(A) ::= TERMINATE(T) nm(N). { A = sl_ast_query_ctl_new(p, SL_STMT_TERMINATE, T, N); }
cmd(A) ::= TERMINATE(T) ALL. { A = sl_ast_query_ctl_new(p, SL_STMT_TERMINATE, T, (sl_token){0}); }
cmd(A) ::= PAUSE(T) nm(N). { A = sl_ast_query_ctl_new(p, SL_STMT_PAUSE, T, N); }
cmd(A) ::= PAUSE(T) ALL. { A = sl_ast_query_ctl_new(p, SL_STMT_PAUSE, T, (sl_token){0}); }
cmd(A) ::= RESUME(T) nm(N). { A = sl_ast_query_ctl_new(p, SL_STMT_RESUME, T, N); }
cmd(A) ::= RESUME(T) ALL. { A = sl_ast_query_ctl_new(p, SL_STMT_RESUME, T, (sl_token){0}); }

/* ==== PRINT topic [FROM BEGINNING] [INTERVAL|SAMPLE n] [LIMIT n] ===================== */

cmd(A) ::= PRINT(T) ptopic(N) pfrom(F) pinterval(I) limit_opt(L).
    { A = sl_ast_print_new(p, T, N, F, I, L); }

%type ptopic {sl_token}
ptopic(A) ::= nm(X). { A = X; }
ptopic(A) ::= STRLIT(X). { A = X; }

%type pfrom {bool}
pfrom(A) ::= . { A = false; }
pfrom(A) ::= FROM BEGINNING. { A = true; }

%type pinterval {sl_ast_expr *}
pinterval(A) ::= . { A = NULL; }
pinterval(A) ::= INTERVAL intnum(N). { A = N; }
pinterval(A) ::= SAMPLE intnum(N). { A = N; }

/* ==== SET 'k' = 'v'; UNSET 'k'; DEFINE x = 'v'; UNDEFINE x; RUN SCRIPT 'file' ======== */

cmd(A) ::= SET(T) STRLIT(K) EQ STRLIT(V). { A = sl_ast_setting_new(p, SL_STMT_SET, T, K, V); }
cmd(A) ::= UNSET(T) STRLIT(K). { A = sl_ast_setting_new(p, SL_STMT_UNSET, T, K, (sl_token){0}); }
cmd(A) ::= DEFINE(T) id(N) EQ STRLIT(V). { A = sl_ast_setting_new(p, SL_STMT_DEFINE, T, N, V); }
cmd(A) ::= UNDEFINE(T) id(N). { A = sl_ast_setting_new(p, SL_STMT_UNDEFINE, T, N, (sl_token){0}); }
cmd(A) ::= RUN(T) SCRIPT STRLIT(F). { A = sl_ast_setting_new(p, SL_STMT_RUN_SCRIPT, T, F, (sl_token){0}); }

/* ==== ASSERT (ksqlDB's test statements; parse only with SL_PARSE_ALLOW_ASSERT) ========= */

cmd(A) ::= ASSERT(T) VALUES nm(N) VALUES values(V).
    { A = sl_ast_values_new(p, SL_STMT_ASSERT_VALUES, T, N, (sl_ast_ident_list){0}, V); }
cmd(A) ::= ASSERT(T) VALUES nm(N) LP nmlist(C) RP VALUES values(V).
    { A = sl_ast_values_new(p, SL_STMT_ASSERT_VALUES, T, N, C, V); }
cmd(A) ::= ASSERT(T) NULL VALUES nm(N) KEY values(V).
    { A = sl_ast_values_new(p, SL_STMT_ASSERT_TOMBSTONE, T, N, (sl_ast_ident_list){0}, V); }
cmd(A) ::= ASSERT(T) NULL VALUES nm(N) LP nmlist(C) RP KEY values(V).
    { A = sl_ast_values_new(p, SL_STMT_ASSERT_TOMBSTONE, T, N, C, V); }
cmd(A) ::= ASSERT(T) kind(K) nm(N) with_opt(W). { A = sl_ast_assert_source_new(p, T, K, N, NULL, W); }
cmd(A) ::= ASSERT(T) kind(K) nm(N) LP elems(L) RP with_opt(W).
    { A = sl_ast_assert_source_new(p, T, K, N, L, W); }

/* ASSERT [NOT EXISTS] TOPIC t [WITH (...)] [TIMEOUT n unit] and
** ASSERT [NOT EXISTS] SCHEMA [SUBJECT s] [ID n] [TIMEOUT n unit] (always allowed). */
cmd(A) ::= ASSERT(T) notexists(X) TOPIC ptopic(N) with_opt(W) timeout(D).
    { A = sl_ast_assert_topic_new(p, T, X, N, W, D); }
cmd(A) ::= ASSERT(T) notexists(X) SCHEMA subject(S) schemaid(I) timeout(D).
    { A = sl_ast_assert_schema_new(p, T, X, S, I, D); }

%type notexists {bool}
notexists(A) ::= . { A = false; }
notexists(A) ::= NOT EXISTS. { A = true; }

%type subject {sl_token}
subject(A) ::= . { A = (sl_token){0}; }
subject(A) ::= SUBJECT ptopic(N). { A = N; }

%type schemaid {sl_ast_expr *}
schemaid(A) ::= . { A = NULL; }
schemaid(A) ::= ID literal(L). { A = L; }

%type timeout {sl_ast_duration *}
timeout(A) ::= . { A = NULL; }
timeout(A) ::= TIMEOUT duration(D). { A = D; }

/* ==== names ========================================================================== */

/* nm: a name that may also be a ${variable} (sources, columns, aliases); id: a plain one. */
%type nm {sl_token}
nm(A) ::= IDENT(X). { A = X; }
nm(A) ::= VARIABLE(X). { A = X; }

%type id {sl_token}
id(A) ::= IDENT(X). { A = X; }

/* ==== types: INT, DECIMAL(4, 2), VARCHAR(STRING), ARRAY<T>, MAP<K, V>, STRUCT<f T> ===== */
/* (STRUCT<> lexes as STRUCT followed by the '<>' operator.) */

%type type {sl_type_ast *}
type(A) ::= id(N). { A = sl_ast_type_name_new(p, N, (sl_ast_str_list){0}); }
type(A) ::= id(N) LP tparams(L) RP. { A = sl_ast_type_name_new(p, N, L); }
type(A) ::= ARRAY(T) LT type(E) GT. { A = sl_ast_type_array_new(p, T, E); }
type(A) ::= MAP(T) LT type(K) COMMA type(V) GT. { A = sl_ast_type_map_new(p, T, K, V); }
type(A) ::= STRUCT(T) LT GT. { A = sl_ast_type_struct_new(p, T, (sl_ast_type_field_list){0}); }
type(A) ::= STRUCT(T) NE. { A = sl_ast_type_struct_new(p, T, (sl_ast_type_field_list){0}); }
type(A) ::= STRUCT(T) LT tfields(L) GT. { A = sl_ast_type_struct_new(p, T, L); }

%type tparams {sl_ast_str_list}
tparams(A) ::= tparam(X). { A = sl_ast_type_param_add(p, (sl_ast_str_list){0}, X); }
tparams(A) ::= tparams(L) COMMA tparam(X). { A = sl_ast_type_param_add(p, L, X); }

%type tparam {sl_token}
tparam(A) ::= INTLIT(X). { A = X; }
tparam(A) ::= STRING(X). { A = X; }

%type tfields {sl_ast_type_field_list}
tfields(A) ::= nm(N) type(T). { A = sl_ast_type_field_add(p, (sl_ast_type_field_list){0}, N, T); }
tfields(A) ::= tfields(L) COMMA nm(N) type(T). { A = sl_ast_type_field_add(p, L, N, T); }

/* ==== expressions ==================================================================== */

%type expr {sl_ast_expr *}
expr(A) ::= bexpr(X). { A = X; }

%type bexpr {sl_ast_expr *}
bexpr(A) ::= pred(X). { A = X; }
bexpr(A) ::= NOT(T) bexpr(X). { A = sl_ast_not_new(p, T, X); }
bexpr(A) ::= bexpr(L) AND(T) bexpr(R). { A = sl_ast_logic_new(p, SL_LOGIC_AND, T, L, R); }
bexpr(A) ::= bexpr(L) OR(T) bexpr(R). { A = sl_ast_logic_new(p, SL_LOGIC_OR, T, L, R); }

/* At most one predicate per operand: a = b = c does not parse (as in ksqlDB). */
%type pred {sl_ast_expr *}
pred(A) ::= vexpr(X). { A = X; }
pred(A) ::= vexpr(L) EQ(T) vexpr(R). { A = sl_ast_compare_new(p, SL_AST_CMP_EQ, T, L, R); }
pred(A) ::= vexpr(L) NE(T) vexpr(R). { A = sl_ast_compare_new(p, SL_AST_CMP_NE, T, L, R); }
pred(A) ::= vexpr(L) LT(T) vexpr(R). { A = sl_ast_compare_new(p, SL_AST_CMP_LT, T, L, R); }
pred(A) ::= vexpr(L) LE(T) vexpr(R). { A = sl_ast_compare_new(p, SL_AST_CMP_LE, T, L, R); }
pred(A) ::= vexpr(L) GT(T) vexpr(R). { A = sl_ast_compare_new(p, SL_AST_CMP_GT, T, L, R); }
pred(A) ::= vexpr(L) GE(T) vexpr(R). { A = sl_ast_compare_new(p, SL_AST_CMP_GE, T, L, R); }
pred(A) ::= vexpr(V) BETWEEN(T) vexpr(L) AND vexpr(H). { A = sl_ast_between_new(p, T, false, V, L, H); }
pred(A) ::= vexpr(V) NOT BETWEEN(T) vexpr(L) AND vexpr(H). { A = sl_ast_between_new(p, T, true, V, L, H); }
pred(A) ::= vexpr(V) IN(T) LP exprlist(L) RP. { A = sl_ast_in_new(p, T, false, V, L); }
pred(A) ::= vexpr(V) NOT IN(T) LP exprlist(L) RP. { A = sl_ast_in_new(p, T, true, V, L); }
pred(A) ::= vexpr(V) LIKE(T) vexpr(P) escape(E). { A = sl_ast_like_new(p, T, false, V, P, E); }
pred(A) ::= vexpr(V) NOT LIKE(T) vexpr(P) escape(E). { A = sl_ast_like_new(p, T, true, V, P, E); }
pred(A) ::= vexpr(V) IS(T) NULL. { A = sl_ast_is_null_new(p, T, V, false); }
pred(A) ::= vexpr(V) IS(T) NOT NULL. { A = sl_ast_is_null_new(p, T, V, true); }
pred(A) ::= vexpr(L) IS(T) DISTINCT FROM vexpr(R).
    { A = sl_ast_compare_new(p, SL_AST_CMP_IS_DISTINCT, T, L, R); }
pred(A) ::= vexpr(L) IS(T) NOT DISTINCT FROM vexpr(R).
    { A = sl_ast_compare_new(p, SL_AST_CMP_IS_NOT_DISTINCT, T, L, R); }

%type escape {sl_token}
escape(A) ::= . { A = (sl_token){0}; }
escape(A) ::= ESCAPE STRLIT(S). { A = S; }

%type vexpr {sl_ast_expr *}
vexpr(A) ::= primary(X). { A = X; }
vexpr(A) ::= vexpr(L) CONCAT(T) vexpr(R). { A = sl_ast_binary_new(p, SL_AST_OP_CONCAT, T, L, R); }
vexpr(A) ::= vexpr(L) PLUS(T) vexpr(R). { A = sl_ast_binary_new(p, SL_AST_OP_ADD, T, L, R); }
vexpr(A) ::= vexpr(L) MINUS(T) vexpr(R). { A = sl_ast_binary_new(p, SL_AST_OP_SUB, T, L, R); }
vexpr(A) ::= vexpr(L) STAR(T) vexpr(R). { A = sl_ast_binary_new(p, SL_AST_OP_MUL, T, L, R); }
vexpr(A) ::= vexpr(L) SLASH(T) vexpr(R). { A = sl_ast_binary_new(p, SL_AST_OP_DIV, T, L, R); }
vexpr(A) ::= vexpr(L) REM(T) vexpr(R). { A = sl_ast_binary_new(p, SL_AST_OP_MOD, T, L, R); }
vexpr(A) ::= MINUS(T) vexpr(X). [UMINUS] { A = sl_ast_unary_new(p, T, X); }
vexpr(A) ::= PLUS(T) vexpr(X). [UMINUS] { A = sl_ast_unary_new(p, T, X); }
vexpr(A) ::= vexpr(X) AT(T) TIME ZONE STRLIT(Z). { A = sl_ast_at_tz_new(p, T, X, Z); }

%type primary {sl_ast_expr *}
primary(A) ::= literal(X). { A = X; }
primary(A) ::= id(T) STRLIT(S). { A = sl_ast_typed_literal_new(p, T, S); }
primary(A) ::= CASE(T) vexpr(O) whens(W) else_opt(E) END. { A = sl_ast_case_new(p, T, O, W, E); }
primary(A) ::= CASE(T) whens(W) else_opt(E) END. { A = sl_ast_case_new(p, T, NULL, W, E); }
primary(A) ::= CAST(T) LP expr(X) AS type(Y) RP. { A = sl_ast_cast_new(p, T, X, Y); }
primary(A) ::= ARRAY(T) LB RB. { A = sl_ast_array_new(p, T, (sl_ast_expr_list){0}); }
primary(A) ::= ARRAY(T) LB exprlist(L) RB. { A = sl_ast_array_new(p, T, L); }
primary(A) ::= MAP(T) LP RP. { A = sl_ast_map_new(p, T, (sl_ast_map_entry_list){0}); }
primary(A) ::= MAP(T) LP mapentries(L) RP. { A = sl_ast_map_new(p, T, L); }
primary(A) ::= STRUCT(T) LP RP. { A = sl_ast_struct_new(p, T, (sl_ast_field_init_list){0}); }
primary(A) ::= STRUCT(T) LP sfields(L) RP. { A = sl_ast_struct_new(p, T, L); }
primary(A) ::= id(N) LP STAR RP. { A = sl_ast_call_new(p, N, (sl_ast_expr_list){0}, true); }
primary(A) ::= id(N) LP RP. { A = sl_ast_call_new(p, N, (sl_ast_expr_list){0}, false); }
primary(A) ::= id(N) LP args(L) RP. { A = sl_ast_call_new(p, N, L, false); }
primary(A) ::= primary(B) LB(T) vexpr(I) RB. { A = sl_ast_subscript_new(p, T, B, I); }
primary(A) ::= id(N). { A = sl_ast_column_new(p, (sl_token){0}, N); }
primary(A) ::= id(Q) DOT id(N). { A = sl_ast_column_new(p, Q, N); }
primary(A) ::= primary(B) ARROW(T) nm(F). { A = sl_ast_deref_new(p, T, B, F); }
primary(A) ::= LP expr(X) RP. { A = X; }

%type literal {sl_ast_expr *}
literal(A) ::= NULL(X). { A = sl_ast_literal_new(p, X); }
literal(A) ::= TRUE(X). { A = sl_ast_literal_new(p, X); }
literal(A) ::= FALSE(X). { A = sl_ast_literal_new(p, X); }
literal(A) ::= STRLIT(X). { A = sl_ast_literal_new(p, X); }
literal(A) ::= VARIABLE(X). { A = sl_ast_literal_new(p, X); }
literal(A) ::= INTLIT(X). [NUMLIT] { A = sl_ast_literal_new(p, X); }
literal(A) ::= DECLIT(X). [NUMLIT] { A = sl_ast_literal_new(p, X); }
literal(A) ::= FLOATLIT(X). [NUMLIT] { A = sl_ast_literal_new(p, X); }
literal(A) ::= MINUS(M) INTLIT(X). [NEGLIT] { A = sl_ast_negative_new(p, M, X); }
literal(A) ::= MINUS(M) DECLIT(X). [NEGLIT] { A = sl_ast_negative_new(p, M, X); }
literal(A) ::= MINUS(M) FLOATLIT(X). [NEGLIT] { A = sl_ast_negative_new(p, M, X); }

%type whens {sl_ast_when_list}
whens(A) ::= WHEN expr(C) THEN expr(R). { A = sl_ast_when_add(p, (sl_ast_when_list){0}, C, R); }
whens(A) ::= whens(L) WHEN expr(C) THEN expr(R). { A = sl_ast_when_add(p, L, C, R); }

%type else_opt {sl_ast_expr *}
else_opt(A) ::= . { A = NULL; }
else_opt(A) ::= ELSE expr(E). { A = E; }

%type mapentries {sl_ast_map_entry_list}
mapentries(A) ::= expr(K) ASSIGN expr(V). { A = sl_ast_map_entry_add(p, (sl_ast_map_entry_list){0}, K, V); }
mapentries(A) ::= mapentries(L) COMMA expr(K) ASSIGN expr(V). { A = sl_ast_map_entry_add(p, L, K, V); }

%type sfields {sl_ast_field_init_list}
sfields(A) ::= nm(N) ASSIGN expr(V). { A = sl_ast_field_init_add(p, (sl_ast_field_init_list){0}, N, V); }
sfields(A) ::= sfields(L) COMMA nm(N) ASSIGN expr(V). { A = sl_ast_field_init_add(p, L, N, V); }

/* Function arguments: expressions, lambdas (x => e, (x, y) => e) and time units
** (TIMESTAMPADD(SECONDS, 1, ts)). The singular units DAY .. SECOND are not taken here:
** as in ksqlDB they read as column names, and the binder interprets them. */
%type args {sl_ast_expr_list}
args(A) ::= arg(X). { A = sl_ast_expr_list_add(p, (sl_ast_expr_list){0}, X); }
args(A) ::= args(L) COMMA arg(X). { A = sl_ast_expr_list_add(p, L, X); }

%type arg {sl_ast_expr *}
arg(A) ::= expr(E). { A = E; }
arg(A) ::= primary(X) LAMBDA(T) expr(B). { A = sl_ast_lambda1_new(p, T, X, B); }
arg(A) ::= LP lparams(L) RP LAMBDA(T) expr(B). { A = sl_ast_lambda_new(p, T, L, B); }
arg(A) ::= unitarg(U). { A = sl_ast_time_unit_new(p, U); }

%type lparams {sl_ast_ident_list}
lparams(A) ::= id(X) COMMA id(Y).
    { A = sl_ast_ident_list_add(p, sl_ast_ident_list_add(p, (sl_ast_ident_list){0}, X), Y); }
lparams(A) ::= lparams(L) COMMA id(X). { A = sl_ast_ident_list_add(p, L, X); }

%type unitarg {sl_token}
unitarg(A) ::= MILLISECOND(X). { A = X; }
unitarg(A) ::= MILLISECONDS(X). { A = X; }
unitarg(A) ::= SECONDS(X). { A = X; }
unitarg(A) ::= MINUTES(X). { A = X; }
unitarg(A) ::= HOURS(X). { A = X; }
unitarg(A) ::= DAYS(X). { A = X; }

%type exprlist {sl_ast_expr_list}
exprlist(A) ::= expr(X). { A = sl_ast_expr_list_add(p, (sl_ast_expr_list){0}, X); }
exprlist(A) ::= exprlist(L) COMMA expr(X). { A = sl_ast_expr_list_add(p, L, X); }

%type vexprlist {sl_ast_expr_list}
vexprlist(A) ::= vexpr(X). { A = sl_ast_expr_list_add(p, (sl_ast_expr_list){0}, X); }
vexprlist(A) ::= vexprlist(L) COMMA vexpr(X). { A = sl_ast_expr_list_add(p, L, X); }

/* Two or more, for the parenthesised GROUP BY / PARTITION BY form. */
%type vexprlist2 {sl_ast_expr_list}
vexprlist2(A) ::= vexpr(X) COMMA vexpr(Y).
    { A = sl_ast_expr_list_add(p, sl_ast_expr_list_add(p, (sl_ast_expr_list){0}, X), Y); }
vexprlist2(A) ::= vexprlist2(L) COMMA vexpr(X). { A = sl_ast_expr_list_add(p, L, X); }

/* ==== table access for the driver and syntax errors ================================== */

%code {
int sl_lemon_token_count(void)
{
    return YYNTOKEN;
}

int sl_lemon_stack_height(void *parser)
{
    yyParser *pp = parser;
    return (int)(pp->yytos - pp->yystack);
}

/* The action for lookahead tk in state, as yy_find_shift_action but without fallback. */
static YYACTIONTYPE action_of(YYACTIONTYPE state, int tk)
{
    if (state > YY_MAX_SHIFT) return state;
    int i = yy_shift_ofst[state] + tk;
    return yy_lookahead[i] == tk ? yy_action[i] : yy_default[state];
}

/* Whether the parser, from the stack copied in st[0..top], would shift tk: replays the
** reductions tk triggers on the copy. room is st's capacity. */
static bool would_shift(YYACTIONTYPE *st, int top, int room, int tk)
{
    YYACTIONTYPE act = action_of(st[top], tk);
    while (act >= YY_MIN_REDUCE) {
        int rule = act - YY_MIN_REDUCE;
        top += yyRuleInfoNRhs[rule];
        if (top < 0 || top + 1 >= room) return false;
        YYACTIONTYPE go = yy_find_reduce_action(st[top], (YYCODETYPE)yyRuleInfoLhs[rule]);
        st[++top] = go;
        act = action_of(go, tk);
    }
    return act <= YY_MAX_SHIFTREDUCE || act == YY_ACCEPT_ACTION;
}

int sl_lemon_expected(void *parser, int *out, int max)
{
    yyParser *pp = parser;
    int h = (int)(pp->yytos - pp->yystack), room = h + 64, n = 0;
    YYACTIONTYPE *st = sl_malloc((size_t)room * sizeof *st);
    for (int tk = 0; tk < YYNTOKEN && n < max; tk++) {
        for (int i = 0; i <= h; i++) st[i] = pp->yystack[i].stateno;
        if (would_shift(st, h, room, tk)) out[n++] = tk;
    }
    free(st);
    return n;
}

static void syntax_error(struct yyParser *pp, int major, sl_token tok)
{
    sl_parse_syntax_error(pp->p, pp, major, tok);
}
}
