/*
 * test_parser.c - unit tests of the parser: every statement kind, every expression form,
 * precedence, names and keywords, positions and statement text, syntax errors (messages
 * and positions), and the limits. The printer's round trips are in test_print.c.
 */
#include "parser/parser.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static sl_arena *ar;

static void setup(void)
{
    ar = sl_arena_new(0);
}

static void teardown(void)
{
    sl_arena_free(ar);
}

static const sl_parse_opts all_allowed = {0, 0, SL_PARSE_ALLOW_ASSERT | SL_PARSE_ALLOW_RUN_SCRIPT};

static sl_ast_stmt *parse(const char *sql)
{
    sl_ast_stmt *s = NULL;
    sl_error *err = sl_parse_statement(ar, sql, strlen(sql), &all_allowed, &s);
    ck_assert_msg(err == NULL, "%s: %s: %s", sql, err ? err->msg : "",
                  err && err->detail ? err->detail : "");
    return s;
}

static sl_ast_expr *expr(const char *sql)
{
    sl_ast_expr *e = NULL;
    sl_error *err = sl_parse_expr(ar, sql, strlen(sql), NULL, &e);
    ck_assert_msg(err == NULL, "%s: %s: %s", sql, err ? err->msg : "",
                  err && err->detail ? err->detail : "");
    return e;
}

/* The error parsing sql as a script with opts (must fail). */
static sl_error *must_fail(const char *sql, const sl_parse_opts *opts)
{
    sl_ast_stmt_list l = {0};
    sl_error *err = sl_parse_script(ar, sql, strlen(sql), opts, &l);
    ck_assert_msg(err != NULL, "%s: parsed", sql);
    return err;
}

/* Fails with code at line:col and a detail (or message) containing what. */
static void expect_error(const char *sql, sl_errcode code, int line, int col, const char *what)
{
    sl_error *err = must_fail(sql, &all_allowed);
    const char *text = err->detail ? err->detail : err->msg;
    ck_assert_msg(err->code == code && err->line == line && err->col == col &&
                      strstr(text, what) != NULL,
                  "%s: got %s %d:%d '%s' / '%s'", sql, sl_errcode_name(err->code), err->line,
                  err->col, err->msg, err->detail ? err->detail : "");
    sl_error_free(err);
}

static const char *printed(const sl_ast_expr *e)
{
    sl_buf b = SL_BUF_INIT;
    sl_ast_expr_print(&b, e);
    char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

/* ---- statements ----------------------------------------------------------------------- */

START_TEST(test_parser_create_stream)
{
    sl_ast_stmt *s = parse("CREATE STREAM pageviews (viewtime BIGINT, userid VARCHAR KEY, "
                       "h ARRAY<STRUCT<key STRING, value BYTES>> HEADERS, h1 BYTES HEADER('abc')) "
                       "WITH (kafka_topic='pv', value_format='JSON', partitions=-2);");
    ck_assert_int_eq(s->kind, SL_STMT_CREATE_SOURCE);
    ck_assert(!s->source.is_table && !s->source.or_replace && !s->source.is_source);
    ck_assert_str_eq(s->source.name.text, "PAGEVIEWS");
    ck_assert_uint_eq(s->source.columns.n, 4);
    ck_assert_str_eq(s->source.columns.v[0].name.text, "VIEWTIME");
    ck_assert_str_eq(s->source.columns.v[0].type->named.name.text, "BIGINT");
    ck_assert_int_eq(s->source.columns.v[1].constraint, SL_COL_KEY);
    ck_assert_int_eq(s->source.columns.v[2].constraint, SL_COL_HEADERS);
    ck_assert_int_eq(s->source.columns.v[2].type->kind, SL_TYPE_AST_ARRAY);
    ck_assert_int_eq(s->source.columns.v[2].type->elem->kind, SL_TYPE_AST_STRUCT);
    ck_assert_str_eq(s->source.columns.v[2].type->elem->fields.v[1].name.text, "VALUE");
    ck_assert_int_eq(s->source.columns.v[3].constraint, SL_COL_HEADER);
    ck_assert_str_eq(s->source.columns.v[3].header_key, "abc");
    ck_assert_uint_eq(s->source.props.n, 3);
    ck_assert_str_eq(s->source.props.v[0].name.text, "KAFKA_TOPIC");
    ck_assert_str_eq(s->source.props.v[0].value->lit.text, "pv");
    ck_assert_int_eq(s->source.props.v[2].value->lit.i, -2);
    ck_assert_ptr_null(s->source.watermark);
}
END_TEST

START_TEST(test_parser_create_table_variants)
{
    sl_ast_stmt *s = parse("CREATE OR REPLACE SOURCE TABLE IF NOT EXISTS t (id INT PRIMARY KEY, "
                       "d DECIMAL(4, 2), v VARCHAR(STRING), m MAP<STRING, ARRAY<INT>>, x address) "
                       "WITH ('value.format'='AVRO')");
    ck_assert(s->source.is_table && s->source.or_replace && s->source.is_source &&
              s->source.if_not_exists);
    ck_assert_int_eq(s->source.columns.v[0].constraint, SL_COL_PRIMARY_KEY);
    const sl_type_ast *d = s->source.columns.v[1].type;
    ck_assert_uint_eq(d->named.params.n, 2);
    ck_assert_str_eq(d->named.params.v[1], "2");
    ck_assert_str_eq(s->source.columns.v[2].type->named.params.v[0], "STRING");
    ck_assert_int_eq(s->source.columns.v[3].type->map.value->kind, SL_TYPE_AST_ARRAY);
    ck_assert_str_eq(s->source.columns.v[4].type->named.name.text, "ADDRESS");
    ck_assert_str_eq(s->source.props.v[0].name.text, "VALUE.FORMAT");
    /* schema inference: no element list */
    s = parse("CREATE TABLE t WITH (kafka_topic='t', format='AVRO')");
    ck_assert_uint_eq(s->source.columns.n, 0);
}
END_TEST

START_TEST(test_parser_watermark)
{
    sl_ast_stmt *s = parse("CREATE STREAM s (ts TIMESTAMP, v INT, WATERMARK FOR ts AS ts - INTERVAL "
                       "'5' SECOND) WITH (kafka_topic='s');");
    ck_assert_ptr_nonnull(s->source.watermark);
    ck_assert_str_eq(s->source.watermark->column.text, "TS");
    ck_assert_str_eq(s->source.watermark->base.text, "TS");
    ck_assert_int_eq(s->source.watermark->delay->ms, 5000);
    ck_assert_str_eq(s->source.watermark->delay->unit_text, "SECOND");
    s = parse("CREATE STREAM s (WATERMARK FOR ts AS ts, ts TIMESTAMP, watermark_x INT)");
    ck_assert_ptr_null(s->source.watermark->delay);
    ck_assert_uint_eq(s->source.columns.n, 2);
    s = parse("CREATE STREAM s (ts BIGINT, WATERMARK FOR ts AS ts - INTERVAL 2 MINUTES)");
    ck_assert_int_eq(s->source.watermark->delay->ms, 120000);
    expect_error("CREATE STREAM s (WATERMARK FOR a AS a, WATERMARK FOR b AS b)", SL_E_SYNTAX, 1, 40,
                 "only one WATERMARK");
    expect_error("CREATE STREAM s (WATERMARK FOR a AS a - INTERVAL '1.5' SECOND)", SL_E_SYNTAX, 1,
                 50, "Invalid duration");
}
END_TEST

START_TEST(test_parser_create_as_and_insert)
{
    sl_ast_stmt *s = parse("CREATE TABLE t WITH (kafka_topic='x') AS SELECT id, COUNT(*) AS cnt "
                       "FROM s GROUP BY id EMIT CHANGES;");
    ck_assert_int_eq(s->kind, SL_STMT_CREATE_AS);
    ck_assert(s->create_as.is_table);
    ck_assert_uint_eq(s->create_as.props.n, 1);
    ck_assert_str_eq(s->create_as.query->items.v[1].alias.text, "CNT");
    ck_assert(s->create_as.query->items.v[1].expr->call.star);
    s = parse("CREATE OR REPLACE STREAM IF NOT EXISTS o AS SELECT * FROM s");
    ck_assert(s->create_as.or_replace && s->create_as.if_not_exists && !s->create_as.is_table);
    ck_assert_int_eq(s->create_as.query->emit, SL_EMIT_NONE);

    s = parse("INSERT INTO o WITH (QUERY_ID='q1') SELECT * FROM s;");
    ck_assert_int_eq(s->kind, SL_STMT_INSERT_INTO);
    ck_assert_str_eq(s->insert_into.target.text, "O");
    ck_assert_str_eq(s->insert_into.props.v[0].name.text, "QUERY_ID");
    s = parse("INSERT INTO o (a, `b`) VALUES (1, 'x''y', NULL)");
    ck_assert_int_eq(s->kind, SL_STMT_INSERT_VALUES);
    ck_assert_uint_eq(s->values.columns.n, 2);
    ck_assert_str_eq(s->values.columns.v[1].text, "b");
    ck_assert(s->values.columns.v[1].quoted);
    ck_assert_uint_eq(s->values.values.n, 3);
    ck_assert_str_eq(s->values.values.v[1]->lit.text, "x'y");
    s = parse("INSERT INTO o VALUES ()");
    ck_assert_uint_eq(s->values.values.n, 0);
}
END_TEST

START_TEST(test_parser_drop_type_alter_connector)
{
    sl_ast_stmt *s = parse("DROP TABLE IF EXISTS t DELETE TOPIC");
    ck_assert(s->drop.what == SL_DROP_TABLE && s->drop.if_exists && s->drop.delete_topic);
    s = parse("DROP STREAM s");
    ck_assert(s->drop.what == SL_DROP_STREAM && !s->drop.if_exists && !s->drop.delete_topic);
    ck_assert_int_eq(parse("DROP TYPE IF EXISTS addr")->drop.what, SL_DROP_TYPE);
    ck_assert_int_eq(parse("DROP CONNECTOR c")->drop.what, SL_DROP_CONNECTOR);
    s = parse("CREATE TYPE IF NOT EXISTS addr AS STRUCT<number INTEGER, street VARCHAR>");
    ck_assert_int_eq(s->kind, SL_STMT_CREATE_TYPE);
    ck_assert(s->create_type.if_not_exists);
    ck_assert_uint_eq(s->create_type.type->fields.n, 2);
    s = parse("ALTER STREAM s ADD COLUMN a INT, ADD b STRING");
    ck_assert_int_eq(s->kind, SL_STMT_ALTER_SOURCE);
    ck_assert_uint_eq(s->alter.columns.n, 2);
    ck_assert_str_eq(s->alter.columns.v[1].name.text, "B");
    s = parse("ALTER SYSTEM 'ksql.x' = 'y'");
    ck_assert_int_eq(s->kind, SL_STMT_ALTER_SYSTEM);
    ck_assert_str_eq(s->set.value, "y");
    s = parse("CREATE SOURCE CONNECTOR IF NOT EXISTS c WITH ('connector.class'='x')");
    ck_assert(s->kind == SL_STMT_CREATE_CONNECTOR && s->connector.is_source);
    ck_assert(!parse("CREATE SINK CONNECTOR c WITH (a=1)")->connector.is_source);
    expect_error("CREATE OR REPLACE SOURCE CONNECTOR c WITH (a=1)", SL_E_SYNTAX, 1, 8,
                 "connectors");
}
END_TEST

START_TEST(test_parser_show_describe_explain)
{
    sl_ast_stmt *s = parse("SHOW ALL TOPICS EXTENDED");
    ck_assert(s->show.what == SL_SHOW_TOPICS && s->show.all && s->show.extended);
    ck_assert_int_eq(parse("LIST STREAMS")->show.what, SL_SHOW_STREAMS);
    ck_assert(parse("SHOW TABLES EXTENDED")->show.extended);
    ck_assert_int_eq(parse("SHOW QUERIES")->show.what, SL_SHOW_QUERIES);
    ck_assert_int_eq(parse("SHOW PROPERTIES")->show.what, SL_SHOW_PROPERTIES);
    ck_assert_int_eq(parse("SHOW FUNCTIONS")->show.what, SL_SHOW_FUNCTIONS);
    ck_assert_int_eq(parse("SHOW TYPES")->show.what, SL_SHOW_TYPES);
    ck_assert_int_eq(parse("SHOW VARIABLES")->show.what, SL_SHOW_VARIABLES);
    ck_assert_int_eq(parse("SHOW SINK CONNECTORS")->show.scope, SL_CONNECTOR_SINK);
    ck_assert_int_eq(parse("SHOW CONNECTOR PLUGINS")->show.what, SL_SHOW_CONNECTOR_PLUGINS);
    s = parse("DESCRIBE EXTENDED pageviews");
    ck_assert(s->describe.what == SL_DESCRIBE_SOURCE && s->describe.extended);
    ck_assert_str_eq(s->describe.name.text, "PAGEVIEWS");
    ck_assert(parse("DESCRIBE pageviews EXTENDED")->describe.extended);
    ck_assert(!parse("DESCRIBE pageviews")->describe.extended);
    ck_assert_int_eq(parse("DESCRIBE STREAMS EXTENDED")->describe.what, SL_DESCRIBE_STREAMS);
    ck_assert_int_eq(parse("DESCRIBE TABLES")->describe.what, SL_DESCRIBE_TABLES);
    ck_assert_int_eq(parse("DESCRIBE `tables`")->describe.what, SL_DESCRIBE_SOURCE);
    s = parse("DESCRIBE FUNCTION substring");
    ck_assert(s->describe.what == SL_DESCRIBE_FUNCTION);
    ck_assert_str_eq(s->describe.name.text, "SUBSTRING");
    ck_assert_int_eq(parse("DESCRIBE CONNECTOR c")->describe.what, SL_DESCRIBE_CONNECTOR);
    s = parse("EXPLAIN CSAS_OUT_0");
    ck_assert_str_eq(s->explain.query_id.text, "CSAS_OUT_0");
    ck_assert_ptr_null(s->explain.stmt);
    s = parse("EXPLAIN SELECT * FROM t EMIT CHANGES;");
    ck_assert_int_eq(s->explain.stmt->kind, SL_STMT_QUERY);
    ck_assert_str_eq(s->explain.stmt->text, "SELECT * FROM t EMIT CHANGES;");
    ck_assert_ptr_null(s->explain.query_id.text);
}
END_TEST

START_TEST(test_parser_control_and_settings)
{
    sl_ast_stmt *s = parse("TERMINATE CTAS_T_1");
    ck_assert(s->kind == SL_STMT_TERMINATE && !s->query_ctl.all);
    ck_assert_str_eq(s->query_ctl.query_id.text, "CTAS_T_1");
    ck_assert(parse("TERMINATE ALL")->query_ctl.all);
    ck_assert_int_eq(parse("PAUSE q")->kind, SL_STMT_PAUSE);
    ck_assert(parse("RESUME ALL")->query_ctl.all);
    s = parse("PRINT 'My_Topic' FROM BEGINNING INTERVAL 2 LIMIT 10");
    ck_assert_str_eq(s->print.topic, "My_Topic");
    ck_assert(s->print.from_beginning && s->print.has_interval && s->print.has_limit);
    ck_assert_int_eq(s->print.interval, 2);
    ck_assert_int_eq(s->print.limit, 10);
    s = parse("PRINT My_Topic SAMPLE 3");
    ck_assert_str_eq(s->print.topic, "My_Topic"); /* case kept, as in ksqlDB */
    ck_assert(!s->print.from_beginning && !s->print.has_limit);
    s = parse("SET 'auto.offset.reset'='earliest'");
    ck_assert(s->kind == SL_STMT_SET);
    ck_assert_str_eq(s->set.name, "auto.offset.reset");
    ck_assert_str_eq(s->set.value, "earliest");
    s = parse("UNSET 'auto.offset.reset'");
    ck_assert(s->kind == SL_STMT_UNSET && s->set.value == NULL);
    s = parse("DEFINE myVar = 'it''s'");
    ck_assert_str_eq(s->define.name, "myVar");
    ck_assert_str_eq(s->define.value, "it's");
    ck_assert_ptr_null(parse("UNDEFINE myVar")->define.value);
    ck_assert_str_eq(parse("RUN SCRIPT '/tmp/a.sql'")->script_path, "/tmp/a.sql");
}
END_TEST

START_TEST(test_parser_asserts)
{
    sl_ast_stmt *s = parse("ASSERT VALUES out (a, b) VALUES (1, 'x')");
    ck_assert_int_eq(s->kind, SL_STMT_ASSERT_VALUES);
    ck_assert_uint_eq(s->values.values.n, 2);
    s = parse("ASSERT NULL VALUES out (k) KEY (1)");
    ck_assert_int_eq(s->kind, SL_STMT_ASSERT_TOMBSTONE);
    s = parse("ASSERT stream out (k INT KEY, v DECIMAL(4,3)) WITH (KAFKA_TOPIC='out')");
    ck_assert(s->kind == SL_STMT_ASSERT_SOURCE && !s->source.is_table);
    ck_assert(parse("ASSERT TABLE t")->source.is_table);
    s = parse("ASSERT NOT EXISTS TOPIC 'x' WITH (partitions=1) TIMEOUT 3 SECONDS");
    ck_assert(s->kind == SL_STMT_ASSERT_TOPIC && s->assert_topic.not_exists);
    ck_assert_int_eq(s->assert_topic.timeout->ms, 3000);
    s = parse("ASSERT SCHEMA SUBJECT 's' ID 5");
    ck_assert_str_eq(s->assert_schema.subject, "s");
    ck_assert_int_eq(s->assert_schema.id->lit.i, 5);
}
END_TEST

/* ---- queries -------------------------------------------------------------------------- */

START_TEST(test_parser_query_clauses)
{
    sl_ast_stmt *s = parse("SELECT a.x, b.*, * , s->f->* FROM t1 a JOIN t2 AS b ON a.id = b.id "
                       "WINDOW TUMBLING (SIZE 1 HOUR, RETENTION 2 DAYS, GRACE PERIOD 10 MINUTES) "
                       "WHERE x > 1 GROUP BY (a.x, b.y) PARTITION BY z HAVING COUNT(*) > 2 "
                       "EMIT FINAL LIMIT 5");
    const sl_ast_query *q = s->query;
    ck_assert_uint_eq(q->items.n, 4);
    ck_assert_int_eq(q->items.v[0].kind, SL_SELECT_EXPR);
    ck_assert_int_eq(q->items.v[1].kind, SL_SELECT_ALL);
    ck_assert_str_eq(q->items.v[1].source.text, "B");
    ck_assert_ptr_null(q->items.v[2].source.text);
    ck_assert_int_eq(q->items.v[3].kind, SL_SELECT_STRUCT_ALL);
    ck_assert_int_eq(q->items.v[3].expr->kind, SL_AST_DEREF);
    ck_assert_str_eq(q->from.alias.text, "A");
    ck_assert_uint_eq(q->joins.n, 1);
    ck_assert_int_eq(q->joins.v[0].type, SL_JOIN_INNER);
    ck_assert_str_eq(q->joins.v[0].right.alias.text, "B");
    ck_assert_int_eq(q->window->type, SL_WINDOW_TUMBLING);
    ck_assert_int_eq(q->window->size.ms, 3600000);
    ck_assert_int_eq(q->window->retention->ms, 2 * 86400000LL);
    ck_assert_int_eq(q->window->grace->ms, 600000);
    ck_assert_uint_eq(q->group_by->n, 2);
    ck_assert_uint_eq(q->partition_by->n, 1);
    ck_assert_ptr_nonnull(q->having);
    ck_assert_int_eq(q->emit, SL_EMIT_FINAL);
    ck_assert(q->has_limit);
    ck_assert_int_eq(q->limit, 5);

    q = parse("SELECT * FROM t")->query;
    ck_assert(!q->has_limit && q->emit == SL_EMIT_NONE && !q->group_by && !q->window);
    q = parse("SELECT COUNT(*) FROM t GROUP BY ()")->query;
    ck_assert_uint_eq(q->group_by->n, 0);
    q = parse("SELECT * FROM t GROUP BY (a)")->query; /* a parenthesised expression */
    ck_assert_uint_eq(q->group_by->n, 1);
    ck_assert_int_eq(parse("SELECT * FROM t LIMIT -1")->query->limit, -1);
}
END_TEST

START_TEST(test_parser_joins_and_windows)
{
    const sl_ast_query *q = parse("SELECT * FROM a LEFT OUTER JOIN b WITHIN (1 SECOND, 2 SECONDS) "
                              "GRACE PERIOD 3 SECONDS ON a.k = b.k RIGHT JOIN c WITHIN 5 MINUTES "
                              "ON b.k = c.k FULL JOIN d ON c.k = d.k INNER JOIN e ON d.k = e.k")
                            ->query;
    ck_assert_uint_eq(q->joins.n, 4);
    ck_assert_int_eq(q->joins.v[0].type, SL_JOIN_LEFT);
    ck_assert(q->joins.v[0].within->before_after);
    ck_assert_int_eq(q->joins.v[0].within->before.ms, 1000);
    ck_assert_int_eq(q->joins.v[0].within->after.ms, 2000);
    ck_assert_int_eq(q->joins.v[0].within->grace->ms, 3000);
    ck_assert_int_eq(q->joins.v[1].type, SL_JOIN_RIGHT);
    ck_assert(!q->joins.v[1].within->before_after);
    ck_assert_int_eq(q->joins.v[1].within->after.ms, 300000);
    ck_assert_int_eq(q->joins.v[2].type, SL_JOIN_FULL);
    ck_assert_ptr_null(q->joins.v[2].within);
    ck_assert_int_eq(q->joins.v[3].type, SL_JOIN_INNER);

    q = parse("SELECT * FROM t WINDOW w HOPPING (SIZE 30 SECONDS, ADVANCE BY 10 MILLISECONDS)")
            ->query;
    ck_assert_int_eq(q->window->type, SL_WINDOW_HOPPING);
    ck_assert_str_eq(q->window->name.text, "W");
    ck_assert_int_eq(q->window->advance.ms, 10);
    ck_assert_str_eq(q->window->advance.unit_text, "MILLISECONDS");
    q = parse("SELECT * FROM t WINDOW SESSION (5 minute, GRACE PERIOD 1 day)")->query;
    ck_assert_int_eq(q->window->type, SL_WINDOW_SESSION);
    ck_assert_int_eq(q->window->size.ms, 300000);
    ck_assert_int_eq(q->window->size.unit, SL_UNIT_MINUTE);
    ck_assert_ptr_null(q->window->retention);
    expect_error("SELECT * FROM t WINDOW TUMBLING (SIZE 9999999999999999 DAYS)", SL_E_SYNTAX, 1, 39,
                 "Invalid duration");
}
END_TEST

/* Keywords that need not be reserved read as names wherever the grammar cannot take them as
 * keywords, and as keywords where it can. */
START_TEST(test_parser_keywords_as_names)
{
    const sl_ast_query *q = parse("SELECT size, key, window, type, value, id, map, array, struct, "
                              "emit, partition, time, date, timestamp FROM t")
                            ->query;
    ck_assert_uint_eq(q->items.n, 14);
    for (uint32_t i = 0; i < q->items.n; i++)
        ck_assert_int_eq(q->items.v[i].expr->kind, SL_AST_COLUMN);
    ck_assert_str_eq(q->items.v[2].expr->column.name.text, "WINDOW");
    /* ... and where the grammar can take them, they are keywords */
    q = parse("SELECT * FROM t WINDOW TUMBLING (SIZE 1 SECOND) EMIT CHANGES")->query;
    ck_assert_ptr_nonnull(q->window);
    ck_assert_ptr_null(q->from.alias.text);
    q = parse("SELECT * FROM t size PARTITION BY key")->query;
    ck_assert_str_eq(q->from.alias.text, "SIZE");
    ck_assert_uint_eq(q->partition_by->n, 1);
    q = parse("SELECT a window FROM t")->query;
    ck_assert_str_eq(q->items.v[0].alias.text, "WINDOW");
    sl_ast_stmt *s = parse("CREATE STREAM headers (key STRING KEY, headers ARRAY<STRUCT<key STRING, "
                       "value BYTES>> HEADERS, size INT, type INT, window INT)");
    ck_assert_str_eq(s->source.name.text, "HEADERS");
    ck_assert_uint_eq(s->source.columns.n, 5);
    ck_assert_int_eq(s->source.columns.v[1].constraint, SL_COL_HEADERS);
    /* singular time units in function arguments are names, as in ksqlDB */
    sl_ast_expr *e = expr("DATEADD(date, 5, date)");
    ck_assert_int_eq(e->call.args.v[0]->kind, SL_AST_COLUMN);
    e = expr("TIMESTAMPADD(SECONDS, 5, ts)");
    ck_assert_int_eq(e->call.args.v[0]->kind, SL_AST_TIME_UNIT);
    ck_assert_int_eq(e->call.args.v[0]->time_unit.unit, SL_UNIT_SECOND);
    /* reserved words need quotes */
    expect_error("SELECT from FROM t", SL_E_SYNTAX, 1, 8, "mismatched input 'from'");
    ck_assert_str_eq(parse("SELECT `from` FROM t")->query->items.v[0].expr->column.name.text,
                     "from");
}
END_TEST

START_TEST(test_parser_identifiers)
{
    sl_ast_expr *e = expr("abc");
    ck_assert_str_eq(e->column.name.text, "ABC");
    ck_assert(!e->column.name.quoted);
    e = expr("`MixedCase`");
    ck_assert_str_eq(e->column.name.text, "MixedCase");
    ck_assert(e->column.name.quoted);
    e = expr("\"a\"\"b\"");
    ck_assert_str_eq(e->column.name.text, "a\"b");
    e = expr("`a``b`.c");
    ck_assert_str_eq(e->column.qualifier.text, "a`b");
    ck_assert_str_eq(e->column.name.text, "C");
    e = expr("1abc");
    ck_assert_str_eq(e->column.name.text, "1ABC");
    e = expr("a@b");
    ck_assert_str_eq(e->column.name.text, "A@B");
    sl_ast_stmt *s = parse("SELECT * FROM ${src} WHERE ${col} = ${val}");
    ck_assert(s->query->from.name.variable);
    ck_assert_str_eq(s->query->from.name.text, "src");
    ck_assert_int_eq(s->query->where->compare.right->lit.kind, SL_LIT_VARIABLE);
    ck_assert_str_eq(s->query->where->compare.right->lit.text, "val");
}
END_TEST

/* ---- expressions ---------------------------------------------------------------------- */

START_TEST(test_parser_literals)
{
    sl_ast_expr *e = expr("42");
    ck_assert(e->kind == SL_AST_LITERAL && e->lit.kind == SL_LIT_INT && e->lit.i == 42);
    ck_assert_int_eq(expr("2147483647")->lit.kind, SL_LIT_INT);
    ck_assert_int_eq(expr("2147483648")->lit.kind, SL_LIT_BIGINT);
    ck_assert_int_eq(expr("-2147483648")->lit.kind, SL_LIT_INT);
    ck_assert_int_eq(expr("-2147483649")->lit.kind, SL_LIT_BIGINT);
    e = expr("-9223372036854775808");
    ck_assert(e->lit.kind == SL_LIT_BIGINT && e->lit.i == INT64_MIN);
    ck_assert_str_eq(e->lit.text, "-9223372036854775808");
    ck_assert_int_eq(expr("000009223372036854775807")->lit.i, INT64_MAX);
    e = expr("1.50");
    ck_assert(e->lit.kind == SL_LIT_DECIMAL);
    ck_assert_str_eq(e->lit.text, "1.50");
    ck_assert_str_eq(expr("- .5")->lit.text, "-.5");
    e = expr("1.5e3");
    ck_assert(e->lit.kind == SL_LIT_DOUBLE && e->lit.d == 1500.0);
    ck_assert_str_eq(e->lit.text, "1.5E3");
    ck_assert(expr("4.9E-324")->lit.d > 0);
    e = expr("'it''s'");
    ck_assert(e->lit.kind == SL_LIT_STRING && e->lit.len == 4);
    ck_assert_str_eq(e->lit.text, "it's");
    ck_assert(expr("TRUE")->lit.b && !expr("false")->lit.b);
    ck_assert_int_eq(expr("NULL")->lit.kind, SL_LIT_NULL);
    e = expr("TIMESTAMP '2020-01-01T00:00:00'");
    ck_assert_int_eq(e->kind, SL_AST_TYPED_LITERAL);
    ck_assert_str_eq(e->typed.type.text, "TIMESTAMP");
    ck_assert_str_eq(e->typed.text, "2020-01-01T00:00:00");
    ck_assert_str_eq(expr("DECIMAL '1.5'")->typed.type.text, "DECIMAL");
    ck_assert_str_eq(expr("time '10:00'")->typed.type.text, "TIME");

    expect_error("SELECT 9223372036854775808 FROM t", SL_E_SYNTAX, 1, 8,
                 "Invalid numeric literal: 9223372036854775808");
    expect_error("SELECT k, -9223372036854775809 FROM t", SL_E_SYNTAX, 1, 11,
                 "Invalid numeric literal: -9223372036854775809");
    expect_error("SELECT 1.7976931348623159E308 FROM t", SL_E_SYNTAX, 1, 8,
                 "Number overflows DOUBLE: 1.7976931348623159E308");
    expect_error("SELECT -1.7976931348623160E308 FROM t", SL_E_SYNTAX, 1, 8,
                 "Number overflows DOUBLE: -1.7976931348623160E308");
}
END_TEST

START_TEST(test_parser_negative_numbers)
{
    /* "-5" and "- 5" are one literal (ksqlDB's number: MINUS? INTEGER_VALUE) ... */
    ck_assert_int_eq(expr("-5")->kind, SL_AST_LITERAL);
    ck_assert_int_eq(expr("- 5")->lit.i, -5);
    /* ... "-(5)" and "-x" are unary minus, and "1 - 5" is a subtraction */
    sl_ast_expr *e = expr("-(5)");
    ck_assert(e->kind == SL_AST_UNARY && e->unary.negate && e->unary.arg->lit.i == 5);
    ck_assert_int_eq(expr("-x")->kind, SL_AST_UNARY);
    ck_assert_int_eq(expr("+5")->kind, SL_AST_UNARY);
    e = expr("1 - 5");
    ck_assert(e->kind == SL_AST_BINARY && e->binary.op == SL_AST_OP_SUB &&
              e->binary.right->lit.i == 5);
    e = expr("1 - -5");
    ck_assert(e->binary.op == SL_AST_OP_SUB && e->binary.right->lit.i == -5);
    e = expr("- -5");
    ck_assert(e->kind == SL_AST_UNARY && e->unary.arg->lit.i == -5);
    e = expr("-5 * 2");
    ck_assert(e->kind == SL_AST_BINARY && e->binary.left->lit.i == -5);
}
END_TEST

START_TEST(test_parser_precedence)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"a OR b AND c", "A OR B AND C"},
        {"(a OR b) AND c", "(A OR B) AND C"},
        {"NOT a AND b", "NOT A AND B"},
        {"NOT (a AND b)", "NOT (A AND B)"},
        {"NOT a = b", "NOT A = B"},
        {"a || b + c", "A || B + C"},
        {"(a || b) + c", "(A || B) + C"},
        {"a + b * c", "A + B * C"},
        {"(a + b) * c", "(A + B) * C"},
        {"a - b - c", "A - B - C"},
        {"a - (b - c)", "A - (B - C)"},
        {"a / b % c * d", "A / B % C * D"},
        {"-a * b", "-A * B"},
        {"-(a * b)", "-(A * B)"},
        {"-(-a)", "-(-A)"},
        {"-(5)", "-(5)"},
        {"-(-5)", "-(-5)"},
        {"- -x[1]", "-(-X[1])"},
        {"a AT TIME ZONE 'UTC' + b", "A AT TIME ZONE 'UTC' + B"},
        {"-a AT TIME ZONE 'UTC'", "-A AT TIME ZONE 'UTC'"},
        {"(a + b) AT TIME ZONE 'x'", "(A + B) AT TIME ZONE 'x'"},
        {"a BETWEEN 1 AND 2 AND b", "A BETWEEN 1 AND 2 AND B"},
        {"a BETWEEN b + 1 AND c * 2", "A BETWEEN B + 1 AND C * 2"},
        {"(a = b) = c", "(A = B) = C"},
        {"(a > b) IS NULL", "(A > B) IS NULL"},
        {"a[1][2]->b->c[3]", "A[1][2]->B->C[3]"},
        {"(a + b)[1]", "(A + B)[1]"},
        {"a AND b AND (c AND d)", "A AND B AND C AND D"},
        {"a OR (b OR c) OR d", "A OR B OR C OR D"},
        {"f(a = 1, b AND c)", "F(A = 1, B AND C)"},
        {"CASE a + 1 WHEN b = c THEN 1 END", "CASE A + 1 WHEN B = C THEN 1 END"},
        {"CASE (a = b) WHEN TRUE THEN 1 END", "CASE (A = B) WHEN TRUE THEN 1 END"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_str_eq(printed(expr(cases[i].in)), cases[i].out);
    sl_ast_expr *e = expr("a OR b AND c");
    ck_assert(e->kind == SL_AST_LOGIC && e->logic.op == SL_LOGIC_OR);
    ck_assert_int_eq(e->logic.args.v[1]->logic.op, SL_LOGIC_AND);
    e = expr("a AND b AND c AND d");
    ck_assert_uint_eq(e->logic.args.n, 4);
    e = expr("NOT a AND b");
    ck_assert_int_eq(e->logic.args.v[0]->kind, SL_AST_NOT);
    e = expr("a || b + c");
    ck_assert(e->binary.op == SL_AST_OP_CONCAT && e->binary.right->binary.op == SL_AST_OP_ADD);
}
END_TEST

START_TEST(test_parser_predicates)
{
    sl_ast_expr *e = expr("a = b");
    ck_assert(e->kind == SL_AST_COMPARE && e->compare.op == SL_AST_CMP_EQ);
    ck_assert_int_eq(expr("a <> b")->compare.op, SL_AST_CMP_NE);
    ck_assert_int_eq(expr("a != b")->compare.op, SL_AST_CMP_NE);
    ck_assert_int_eq(expr("a < b")->compare.op, SL_AST_CMP_LT);
    ck_assert_int_eq(expr("a <= b")->compare.op, SL_AST_CMP_LE);
    ck_assert_int_eq(expr("a > b")->compare.op, SL_AST_CMP_GT);
    ck_assert_int_eq(expr("a >= b")->compare.op, SL_AST_CMP_GE);
    ck_assert_int_eq(expr("a IS DISTINCT FROM b")->compare.op, SL_AST_CMP_IS_DISTINCT);
    ck_assert_int_eq(expr("a IS NOT DISTINCT FROM b")->compare.op, SL_AST_CMP_IS_NOT_DISTINCT);
    e = expr("a NOT BETWEEN 1 AND 10");
    ck_assert(e->kind == SL_AST_BETWEEN && e->between.negated);
    ck_assert(!expr("a BETWEEN 1 AND 10")->between.negated);
    e = expr("a NOT IN (1, 2, 3)");
    ck_assert(e->kind == SL_AST_IN && e->in.negated && e->in.list.n == 3);
    e = expr("a LIKE 'x!%' ESCAPE '!'");
    ck_assert(e->kind == SL_AST_LIKE && !e->like.negated);
    ck_assert_str_eq(e->like.escape, "!");
    ck_assert(expr("a NOT LIKE b")->like.negated);
    ck_assert_ptr_null(expr("a LIKE b")->like.escape);
    ck_assert_str_eq(expr("a LIKE b ESCAPE 'é'")->like.escape, "é");
    e = expr("a IS NOT NULL");
    ck_assert(e->kind == SL_AST_IS_NULL && e->is_null.negated);
    ck_assert(!expr("a IS NULL")->is_null.negated);
    expect_error("SELECT * FROM t WHERE a LIKE b ESCAPE 'ab'", SL_E_SYNTAX, 1, 39,
                 "Expected single character escape but got: ab");
    expect_error("SELECT * FROM t WHERE a = b = c", SL_E_SYNTAX, 1, 29, "mismatched input '='");
    expect_error("SELECT * FROM t WHERE a IN ()", SL_E_SYNTAX, 1, 29, "mismatched input ')'");
}
END_TEST

START_TEST(test_parser_compound_values)
{
    sl_ast_expr *e = expr("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END");
    ck_assert(e->kind == SL_AST_CASE && !e->case_.operand && e->case_.whens.n == 2);
    ck_assert_int_eq(e->case_.else_->lit.i, 3);
    e = expr("CASE x WHEN 1 THEN 'a' END");
    ck_assert(e->case_.operand && !e->case_.else_);
    e = expr("CAST(x AS ARRAY<DECIMAL(4, 2)>)");
    ck_assert(e->kind == SL_AST_CAST && e->cast.type->kind == SL_TYPE_AST_ARRAY);
    e = expr("ARRAY[1, 2, 3]");
    ck_assert(e->kind == SL_AST_ARRAY && e->array.n == 3);
    ck_assert_uint_eq(expr("ARRAY[]")->array.n, 0);
    e = expr("MAP('a' := 1, 'b' := 2)");
    ck_assert(e->kind == SL_AST_MAP && e->map.n == 2);
    ck_assert_str_eq(e->map.v[1].key->lit.text, "b");
    ck_assert_uint_eq(expr("MAP()")->map.n, 0);
    e = expr("STRUCT(f := 1, `g` := 'x')");
    ck_assert(e->kind == SL_AST_STRUCT && e->struct_.n == 2);
    ck_assert_str_eq(e->struct_.v[0].name.text, "F");
    ck_assert_uint_eq(expr("STRUCT()")->struct_.n, 0);
    e = expr("m['k'][1]->f");
    ck_assert(e->kind == SL_AST_DEREF && e->deref.base->kind == SL_AST_SUBSCRIPT);
    ck_assert_str_eq(e->deref.field.text, "F");
    e = expr("ts AT TIME ZONE 'Europe/Paris'");
    ck_assert(e->kind == SL_AST_AT_TIME_ZONE);
    ck_assert_str_eq(e->at_tz.zone, "Europe/Paris");
}
END_TEST

START_TEST(test_parser_calls_and_lambdas)
{
    sl_ast_expr *e = expr("COUNT(*)");
    ck_assert(e->kind == SL_AST_CALL && e->call.star && e->call.args.n == 0);
    ck_assert_str_eq(e->call.name.text, "COUNT");
    e = expr("now()");
    ck_assert(!e->call.star && e->call.args.n == 0);
    e = expr("TRANSFORM(arr, x => x + 1)");
    ck_assert_uint_eq(e->call.args.n, 2);
    sl_ast_expr *l = e->call.args.v[1];
    ck_assert(l->kind == SL_AST_LAMBDA && l->lambda.params.n == 1);
    ck_assert_str_eq(l->lambda.params.v[0].text, "X");
    e = expr("REDUCE(m, 0, (s, k, v) => s + v)");
    l = e->call.args.v[2];
    ck_assert_uint_eq(l->lambda.params.n, 3);
    ck_assert_str_eq(l->lambda.params.v[2].text, "V");
    e = expr("FILTER(a, (x) => x > 1)");
    ck_assert_uint_eq(e->call.args.v[1]->lambda.params.n, 1);
    e = expr("f((a), b)");
    ck_assert_int_eq(e->call.args.v[0]->kind, SL_AST_COLUMN);
    e = expr("TRANSFORM(TRANSFORM(v, (x,y) => x, (x,y) => FILTER(y, z => z < 5)), (k,v) => 1)");
    ck_assert_int_eq(e->call.args.v[0]->call.args.v[2]->lambda.body->kind, SL_AST_CALL);
    expect_error("SELECT f(a.b => 1) FROM t", SL_E_SYNTAX, 1, 10, "lambda parameter");
    expect_error("SELECT f(1 => 1) FROM t", SL_E_SYNTAX, 1, 10, "lambda parameter");
}
END_TEST

/* ---- positions and text --------------------------------------------------------------- */

START_TEST(test_parser_positions_and_text)
{
    const char *sql = "-- a comment\nSELECT a,\n  b + c\nFROM t;  /* x */ SHOW TOPICS ;\n"
                      "SELECT 'é', d FROM t";
    sl_ast_stmt_list l = {0};
    sl_error *err = sl_parse_script(ar, sql, strlen(sql), NULL, &l);
    ck_assert_ptr_null(err);
    ck_assert_uint_eq(l.n, 3);
    ck_assert_str_eq(l.v[0]->text, "SELECT a,\n  b + c\nFROM t;");
    ck_assert_uint_eq(l.v[0]->pos.line, 2);
    ck_assert_uint_eq(l.v[0]->pos.col, 1);
    ck_assert_uint_eq(l.v[0]->pos.off, 13);
    const sl_ast_expr *sum = l.v[0]->query->items.v[1].expr;
    ck_assert_uint_eq(sum->pos.line, 3); /* the operator, as ksqlDB reports */
    ck_assert_uint_eq(sum->pos.col, 5);
    ck_assert_uint_eq(sum->binary.left->pos.col, 3);
    ck_assert_str_eq(l.v[1]->text, "SHOW TOPICS ;");
    ck_assert_uint_eq(l.v[1]->pos.col, 18);
    ck_assert_str_eq(l.v[2]->text, "SELECT 'é', d FROM t"); /* no ';': the text ends there */
    ck_assert_uint_eq(l.v[2]->query->items.v[1].expr->pos.col, 13); /* columns are characters */
    ck_assert_uint_eq(l.v[2]->query->items.v[1].expr->pos.off, strstr(sql, "d FROM") - sql);
}
END_TEST

/* ---- errors --------------------------------------------------------------------------- */

START_TEST(test_parser_syntax_errors)
{
    sl_error *err = must_fail("SELECT * FROM riderLocations LIMIT heh;", NULL);
    ck_assert_int_eq(err->code, SL_E_SYNTAX);
    ck_assert_str_eq(err->msg, "Syntax Error");
    ck_assert_int_eq(err->line, 1);
    ck_assert_int_eq(err->col, 36);
    ck_assert_str_eq(err->detail, "mismatched input 'heh' expecting {'-', INTEGER_VALUE}");
    ck_assert_int_eq(sl_errcode_ksql(err->code), 40001);
    sl_buf b = SL_BUF_INIT;
    sl_parse_error_text(err, &b);
    ck_assert_str_eq(sl_buf_cstr(&b), "line 1:36: Syntax Error\nmismatched input 'heh' expecting "
                                      "{'-', INTEGER_VALUE}");
    sl_buf_free(&b);
    sl_error_free(err);

    expect_error("SELECT * FROM S1 ORDER BY MYKEY DESC;", SL_E_SYNTAX, 1, 24,
                 "mismatched input 'BY'");
    expect_error("SELECT * FROM", SL_E_SYNTAX, 1, 14, "mismatched input '<EOF>' expecting");
    expect_error("SELECT * FROM t;\nSELECT * FROM\n  WHERE x", SL_E_SYNTAX, 3, 3,
                 "mismatched input 'WHERE' expecting {IDENTIFIER, VARIABLE}");
    expect_error("CREATE STREAM INPUT (K STRING (KEY)) WITH (kafka_topic='i');", SL_E_SYNTAX, 1, 32,
                 "expecting {INTEGER_VALUE, 'STRING'}");
    expect_error("CREATE STREAM s (a NULL)", SL_E_SYNTAX, 1, 20, "mismatched input 'NULL'");
    expect_error("SELECT CAST(a AS NULL) FROM t", SL_E_SYNTAX, 1, 18, "mismatched input 'NULL'");
    expect_error("SELECT COUNT(*) FROM t GROUP BY a AND b", SL_E_SYNTAX, 1, 35, "'AND'");
    expect_error("SELECT 'abc FROM t", SL_E_SYNTAX, 1, 8, "unterminated string literal");
    expect_error("SELECT `abc FROM t", SL_E_SYNTAX, 1, 8, "unterminated quoted identifier");
    expect_error("SELECT a /* x FROM t", SL_E_SYNTAX, 1, 10, "unterminated comment");
    expect_error("SELECT a # b FROM t", SL_E_SYNTAX, 1, 10, "unexpected character '#'");
    expect_error("SELECT ${ FROM t", SL_E_SYNTAX, 1, 8, "invalid variable reference");
    expect_error("SELECT a\x01 FROM t", SL_E_SYNTAX, 1, 9, "'\\x01'");
    expect_error("FOO BAR", SL_E_SYNTAX, 1, 1, "mismatched input 'FOO'");
    sl_error *nul = sl_parse_script(ar, "SELECT 'a\0b' FROM t", 20, NULL, &(sl_ast_stmt_list){0});
    ck_assert_int_eq(nul->col, 8);
    ck_assert_ptr_nonnull(strstr(nul->detail, "NUL"));
    sl_error_free(nul);
    expect_error("SELECT * FROM t WHERE", SL_E_SYNTAX, 1, 22, "'<EOF>'");
    /* KEY columns belong to streams, PRIMARY KEY columns to tables (ksqlDB's message) */
    expect_error("CREATE TABLE INPUT (ID INT KEY, NAME STRING)", SL_E_SYNTAX, 1, 21,
                 "Column `ID` is a 'KEY' column: please use 'PRIMARY KEY' for tables.");
    expect_error("CREATE STREAM INPUT (ID INT PRIMARY KEY)", SL_E_SYNTAX, 1, 22,
                 "Column `ID` is a 'PRIMARY KEY' column: please use 'KEY' for streams.");
    expect_error("CREATE STREAM s WITH (a=1, A=2)", SL_E_SYNTAX, 1, 28, "Duplicate property: A");
    expect_error("DEFINE `x` = 'y'", SL_E_SYNTAX, 1, 8, "cannot be quoted");
    expect_error("SELECT * FROM t LIMIT 3000000000", SL_E_SYNTAX, 1, 23, "LIMIT");
}
END_TEST

START_TEST(test_parser_statement_kinds_by_context)
{
    /* Test statements and RUN SCRIPT only where the options allow them. */
    sl_error *err = must_fail("ASSERT VALUES foo (id) VALUES (123);", NULL);
    ck_assert_int_eq(err->col, 8);
    ck_assert_ptr_nonnull(strstr(err->detail, "only allowed in test files"));
    sl_error_free(err);
    err = must_fail("RUN SCRIPT 'foo';", NULL);
    ck_assert_int_eq(err->col, 1);
    ck_assert_str_eq(err->detail, "Unknown statement 'RUN'");
    sl_error_free(err);
    err = must_fail("EXPLAIN ASSERT TABLE t;", NULL);
    ck_assert_int_eq(err->col, 16);
    sl_error_free(err);
    /* ASSERT TOPIC / SCHEMA are server statements */
    sl_ast_stmt_list l = {0};
    ck_assert_ptr_null(sl_parse_script(ar, "ASSERT TOPIC t;", 15, NULL, &l));
    /* one statement exactly */
    sl_ast_stmt *s;
    err = sl_parse_statement(ar, "SHOW TOPICS; SHOW STREAMS;", 26, NULL, &s);
    ck_assert_int_eq(err->col, 14);
    sl_error_free(err);
    err = sl_parse_statement(ar, " -- nothing\n ;", 14, NULL, &s);
    ck_assert_str_eq(err->detail, "no statement");
    sl_error_free(err);
    ck_assert_ptr_null(sl_parse_script(ar, "", 0, NULL, &l));
    ck_assert_ptr_null(sl_parse_script(ar, ";;; -- x", 8, NULL, &l));
}
END_TEST

START_TEST(test_parser_error_caret)
{
    const char *sql = "SELECT *\n\tFROM t LIMIT heh;";
    sl_error *err = must_fail(sql, NULL);
    ck_assert_int_eq(err->line, 2);
    ck_assert_int_eq(err->col, 15);
    sl_buf b = SL_BUF_INIT;
    sl_parse_error_caret(sql, strlen(sql), err, &b);
    ck_assert_str_eq(sl_buf_cstr(&b), "\tFROM t LIMIT heh;\n\t             ^\n");
    sl_buf_free(&b);
    sl_error_free(err);

    /* a long line is cut to a window around the column */
    sl_buf longsql = SL_BUF_INIT;
    sl_buf_puts(&longsql, "SELECT ");
    for (int i = 0; i < 100; i++)
        sl_buf_printf(&longsql, "col%d, ", i);
    sl_buf_puts(&longsql, "FROM t");
    err = must_fail(longsql.p, NULL);
    sl_parse_error_caret(longsql.p, longsql.len, err, &b);
    ck_assert_int_eq(strncmp(b.p, "...", 3), 0);
    ck_assert_ptr_nonnull(strstr(b.p, "FROM t\n"));
    const char *nl = strchr(b.p, '\n');
    size_t caret = (size_t)(strchr(nl + 1, '^') - (nl + 1));
    ck_assert_int_eq(b.p[caret], 'F'); /* the caret sits under FROM */
    sl_buf_free(&b);
    sl_buf_free(&longsql);
    sl_error_free(err);
}
END_TEST

/* ---- limits --------------------------------------------------------------------------- */

static char *repeat(const char *head, const char *unit, int n, const char *tail)
{
    sl_buf b = SL_BUF_INIT;
    sl_buf_puts(&b, head);
    for (int i = 0; i < n; i++)
        sl_buf_puts(&b, unit);
    sl_buf_puts(&b, tail);
    char *s = sl_arena_strdup(ar, b.p);
    sl_buf_free(&b);
    return s;
}

static sl_error *parse_with(const char *sql, const sl_parse_opts *opts)
{
    sl_ast_stmt_list l = {0};
    return sl_parse_script(ar, sql, strlen(sql), opts, &l);
}

START_TEST(test_parser_limits)
{
    /* nesting up to the limit parses; past it fails cleanly, never blowing the C stack */
    char *ok = repeat(repeat("SELECT ", "(", 190, "1"), ")", 190, " FROM t");
    ck_assert_ptr_null(parse_with(ok, NULL));
    static const char *deep[][5] = {
        {"SELECT ", "(", "1", ")", " FROM t"},
        {"SELECT ", "f(", "1", ")", " FROM t"},
        {"SELECT ", "- ", "x", "", " FROM t"},
        {"SELECT * FROM t WHERE ", "NOT ", "x", "", ""},
        {"SELECT ", "CASE WHEN a THEN ", "1", " END", " FROM t"},
        {"SELECT ", "ARRAY[", "1", "]", " FROM t"},
        {"SELECT ", "a[", "1", "]", " FROM t"},
        {"CREATE STREAM s (a ", "ARRAY<", "INT", ">", ")"},
        {"SELECT 1", " + 1", "", "", " FROM t"},
        {"SELECT 1", " || 'x'", "", "", " FROM t"},
    };
    for (size_t i = 0; i < sizeof deep / sizeof deep[0]; i++) {
        for (int n = 300; n <= 30000; n *= 100) {
            char *closed =
                repeat(repeat(deep[i][0], deep[i][1], n, deep[i][2]), deep[i][3], n, deep[i][4]);
            char *open = repeat(deep[i][0], deep[i][1], n, deep[i][2]);
            const char *texts[] = {closed, n > 300 ? open : closed};
            for (int k = 0; k < 2; k++) {
                sl_error *err = parse_with(texts[k], NULL);
                ck_assert_msg(err && err->code == SL_E_LIMIT, "%s x %d: %s", deep[i][1], n,
                              err ? err->detail ? err->detail : err->msg : "parsed");
                ck_assert_ptr_nonnull(strstr(err->msg, "nested too deeply"));
                sl_error_free(err);
            }
        }
    }
    /* AND / OR chains are flat, so long generated conditions are fine */
    ck_assert_ptr_null(
        parse_with(repeat("SELECT * FROM t WHERE x = 0", " OR x = 1", 20000, ""), NULL));
    /* the limits are options */
    sl_parse_opts small = {.max_stmt_len = 20, .max_depth = 3};
    sl_error *err = parse_with("SHOW TOPICS; SELECT * FROM t WHERE a;", &small);
    ck_assert_int_eq(err->code, SL_E_LIMIT);
    ck_assert_int_eq(err->col, 14);
    ck_assert_ptr_nonnull(strstr(err->msg, "statement is too long (limit 20 bytes)"));
    sl_error_free(err);
    small.max_stmt_len = 0;
    err = parse_with("SELECT ((((1)))) FROM t", &small);
    ck_assert_int_eq(err->code, SL_E_LIMIT);
    ck_assert_int_eq(err->col, 11);
    sl_error_free(err);
    err = parse_with("SELECT 1 + 2 + 3 + 4 FROM t", &small);
    ck_assert_int_eq(err->code, SL_E_LIMIT);
    sl_error_free(err);
    ck_assert_ptr_null(parse_with("SELECT (1 + 2) FROM t", &small));
    /* the default statement limit is 1 MiB */
    char *big = repeat("SELECT '", "x", 1 << 20, "' FROM t");
    err = parse_with(big, NULL);
    ck_assert_int_eq(err->code, SL_E_LIMIT);
    ck_assert_ptr_nonnull(strstr(err->msg, "too long"));
    sl_error_free(err);
}
END_TEST

static Suite *parser_suite(void)
{
    Suite *s = suite_create("parser");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_parser_create_stream);
    tcase_add_test(tc, test_parser_create_table_variants);
    tcase_add_test(tc, test_parser_watermark);
    tcase_add_test(tc, test_parser_create_as_and_insert);
    tcase_add_test(tc, test_parser_drop_type_alter_connector);
    tcase_add_test(tc, test_parser_show_describe_explain);
    tcase_add_test(tc, test_parser_control_and_settings);
    tcase_add_test(tc, test_parser_asserts);
    tcase_add_test(tc, test_parser_query_clauses);
    tcase_add_test(tc, test_parser_joins_and_windows);
    tcase_add_test(tc, test_parser_keywords_as_names);
    tcase_add_test(tc, test_parser_identifiers);
    tcase_add_test(tc, test_parser_literals);
    tcase_add_test(tc, test_parser_negative_numbers);
    tcase_add_test(tc, test_parser_precedence);
    tcase_add_test(tc, test_parser_predicates);
    tcase_add_test(tc, test_parser_compound_values);
    tcase_add_test(tc, test_parser_calls_and_lambdas);
    tcase_add_test(tc, test_parser_positions_and_text);
    tcase_add_test(tc, test_parser_syntax_errors);
    tcase_add_test(tc, test_parser_statement_kinds_by_context);
    tcase_add_test(tc, test_parser_error_caret);
    tcase_add_test(tc, test_parser_limits);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(parser_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
