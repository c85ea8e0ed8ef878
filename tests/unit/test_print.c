/*
 * test_print.c - unit tests of the AST -> SQL printer and of tree equality: canonical
 * forms, round trips (parse(print(parse(s))) == parse(s), and printing is idempotent),
 * identifier quoting for every keyword in every place a name can stand.
 */
#include "parser/parser_int.h"

#include <check.h>
#include <stdio.h>
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

static const sl_parse_opts opts = {0, 0, SL_PARSE_ALLOW_ASSERT | SL_PARSE_ALLOW_RUN_SCRIPT};

static sl_ast_stmt *parse(const char *sql)
{
    sl_ast_stmt *s = NULL;
    sl_error *err = sl_parse_statement(ar, sql, strlen(sql), &opts, &s);
    ck_assert_msg(err == NULL, "%s: %s: %s", sql, err ? err->msg : "",
                  err && err->detail ? err->detail : "");
    return s;
}

static const char *print(const sl_ast_stmt *s)
{
    sl_buf b = SL_BUF_INIT;
    sl_ast_stmt_print(&b, s);
    char *out = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return out;
}

/* Parses, prints, re-parses and re-prints sql; checks both trees and both texts agree. */
static const char *round_trip(const char *sql)
{
    sl_ast_stmt *s = parse(sql);
    const char *once = print(s);
    sl_ast_stmt *again = parse(once);
    const char *twice = print(again);
    ck_assert_msg(sl_ast_stmt_eq(s, again), "%s\n  printed %s\n  parses differently", sql, once);
    ck_assert_msg(strcmp(once, twice) == 0, "%s\n  printed %s\n  then %s", sql, once, twice);
    return once;
}

START_TEST(test_print_canonical_forms)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"select a as x, b y from t t1 left outer join u on t1.k=u.k emit changes",
         "SELECT A AS X, B AS Y FROM T AS T1 LEFT JOIN U ON T1.K = U.K EMIT CHANGES;"},
        {"create stream s (k varchar key, `v` int) with (kafka_topic='s', value_format='json')",
         "CREATE STREAM S (K VARCHAR KEY, `v` INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='json');"},
        {"create table t with ('value.format'='avro') as select k, count(*) from s window "
         "tumbling (size 1 hours, grace period 0 seconds) group by (k) having count(*)>1",
         "CREATE TABLE T WITH ('VALUE.FORMAT'='avro') AS SELECT K, COUNT(*) FROM S WINDOW "
         "TUMBLING (SIZE 1 HOURS, GRACE PERIOD 0 SECONDS) GROUP BY K HAVING COUNT(*) > 1;"},
        {"select * from a full join b within (1 second, 2 seconds) grace period 1 second on a.k "
         "= b.k join c on b.k=c.k",
         "SELECT * FROM A FULL OUTER JOIN B WITHIN (1 SECOND, 2 SECONDS) GRACE PERIOD 1 SECOND "
         "ON A.K = B.K INNER JOIN C ON B.K = C.K;"},
        {"select x from t partition by a, b limit 3", "SELECT X FROM T PARTITION BY A, B LIMIT 3;"},
        {"select 1 from t group by ()", "SELECT 1 FROM T GROUP BY ();"},
        {"insert into t (a) values (-1.5e0)", "INSERT INTO T (A) VALUES (-1.5E0);"},
        {"list tables extended", "SHOW TABLES EXTENDED;"},
        {"describe extended s", "DESCRIBE S EXTENDED;"},
        {"print mytopic sample 2", "PRINT 'mytopic' INTERVAL 2;"},
        {"set 'a'='b'", "SET 'a' = 'b';"},
        {"define v = 'x'", "DEFINE v = 'x';"},
        {"drop stream if exists s delete topic", "DROP STREAM IF EXISTS S DELETE TOPIC;"},
        {"create stream s (ts bigint, watermark for ts as ts - interval 5 seconds)",
         "CREATE STREAM S (TS BIGINT, WATERMARK FOR TS AS TS - INTERVAL '5' SECONDS);"},
        {"explain select * from t", "EXPLAIN SELECT * FROM T;"},
        {"select `select`, \"Mixed\", `a``b`, _x, a@b, `1a`, `` from t",
         "SELECT `select`, `Mixed`, `a``b`, _X, A@B, `1a`, `` FROM T;"},
        {"select size, window, array, map, struct, watermark, seconds, second from t",
         "SELECT SIZE, WINDOW, `ARRAY`, `MAP`, `STRUCT`, `WATERMARK`, `SECONDS`, SECOND FROM T;"},
        {"select 'it''s', x'', 1.5e3, .5 from t", "SELECT 'it''s', X '', 1.5E3, .5 FROM T;"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_str_eq(round_trip(cases[i].in), cases[i].out);
}
END_TEST

START_TEST(test_print_round_trip_every_statement_kind)
{
    static const char *const stmts[] = {
        ("CREATE OR REPLACE SOURCE TABLE IF NOT EXISTS `MixedCase` (id INT PRIMARY KEY, h "
         "ARRAY<STRUCT<key STRING, value BYTES>> HEADERS, h1 BYTES HEADER('a''b'), d DECIMAL(4, "
         "2), "
         "m MAP<STRING, ARRAY<INT>>, s STRUCT<a INT, `b c` VARCHAR(STRING)>, e STRUCT<>, ts "
         "TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH (kafka_topic='t', "
         "'value.format'='JSON', partitions=-1, replicas=${r}, flag=true, x=null, y=1.5)"),
        ("CREATE TABLE t2 WITH (kafka_topic='x') AS SELECT id, COUNT(*) AS cnt FROM s WINDOW "
         "HOPPING (SIZE 1 MINUTE, ADVANCE BY 10 SECONDS, RETENTION 2 DAYS, GRACE PERIOD 0 "
         "MILLISECONDS) GROUP BY id HAVING COUNT(*) > 1 EMIT CHANGES"),
        ("INSERT INTO x WITH (QUERY_ID='q') SELECT * FROM a LEFT OUTER JOIN b WITHIN (1 SECOND, 2 "
         "SECONDS) GRACE PERIOD 3 SECONDS ON a.id = b.id FULL JOIN c WITHIN 5 MINUTES ON b.id = "
         "c.id"),
        "INSERT INTO x (a, b) VALUES (1, 'x''y')",
        "INSERT INTO x VALUES ()",
        "DROP TABLE IF EXISTS t DELETE TOPIC",
        "DROP TYPE x",
        "DROP CONNECTOR IF EXISTS c",
        "CREATE TYPE IF NOT EXISTS addr AS STRUCT<number INTEGER, street VARCHAR>",
        "ALTER TABLE t ADD COLUMN a INT, ADD b STRING",
        "ALTER SYSTEM 'k' = 'v'",
        "CREATE SOURCE CONNECTOR IF NOT EXISTS c WITH ('connector.class'='x')",
        "CREATE SINK CONNECTOR c2 WITH (a=1)",
        "SHOW STREAMS",
        "LIST TABLES EXTENDED",
        "SHOW ALL TOPICS EXTENDED",
        "SHOW TOPICS",
        "SHOW QUERIES EXTENDED",
        "SHOW PROPERTIES",
        "SHOW FUNCTIONS",
        "SHOW TYPES",
        "SHOW VARIABLES",
        "SHOW CONNECTORS",
        "SHOW SOURCE CONNECTORS",
        "LIST SINK CONNECTORS",
        "SHOW CONNECTOR PLUGINS",
        "DESCRIBE t",
        "DESCRIBE EXTENDED t",
        "DESCRIBE STREAMS EXTENDED",
        "DESCRIBE TABLES",
        "DESCRIBE FUNCTION substring",
        "DESCRIBE CONNECTOR c",
        "EXPLAIN CSAS_X_1",
        "EXPLAIN SELECT * FROM t EMIT CHANGES",
        "EXPLAIN EXPLAIN q",
        "TERMINATE q1",
        "TERMINATE ALL",
        "PAUSE q",
        "PAUSE ALL",
        "RESUME q",
        "RESUME ALL",
        "PRINT 'MyTopic' FROM BEGINNING INTERVAL 2 LIMIT 10",
        "PRINT `My``Topic`",
        "SET 'auto.offset.reset'='earliest'",
        "UNSET 'auto.offset.reset'",
        "DEFINE myVar = 'v''x'",
        "UNDEFINE myVar",
        "RUN SCRIPT '/tmp/x.sql'",
        "ASSERT VALUES out (a, b) VALUES (1, 2)",
        "ASSERT NULL VALUES out (k) KEY (1)",
        "ASSERT NULL VALUES out KEY ()",
        "ASSERT STREAM out (k INT KEY, v STRING) WITH (kafka_topic='out')",
        "ASSERT TABLE t",
        "ASSERT NOT EXISTS TOPIC 'x' WITH (partitions=1) TIMEOUT 3 SECONDS",
        "ASSERT TOPIC x",
        "ASSERT SCHEMA SUBJECT 's' ID 5 TIMEOUT 1 MINUTE",
        "ASSERT NOT EXISTS SCHEMA ID -1",
        ("SELECT a AT TIME ZONE 'UTC', TIMESTAMP '2020-01-01', ARRAY[1, 2], ARRAY[], MAP('a' := "
         "1), "
         "MAP(), STRUCT(f := 1, g := 'x'), STRUCT(), CAST(x AS DECIMAL(4,2)), TRANSFORM(arr, x => "
         "x + 1), REDUCE(m, 0, (s, k, v) => s + v), TIMESTAMPADD(SECONDS, 5, ts), x NOT LIKE 'a%' "
         "ESCAPE '!', x IS NOT DISTINCT FROM y, x IN (1, 2), NOT (a OR b) AND c, (a + b) * c, a - "
         "(b - c), -(-x), - -5, s->*, t.*, a || b || c, f(*), g() FROM t"),
        ("SELECT CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' END, 1.5e3, .5, 5., 1e-1, 2147483648, "
         "-2147483648, `from`, \"quoted Id\" FROM t PARTITION BY (a, b) LIMIT -1"),
        "SELECT map, array, struct FROM t GROUP BY ()",
        "SELECT * FROM ${src} WHERE ${col} = ${val}",
        "SELECT a FROM t WINDOW w SESSION (5 MINUTES, RETENTION 1 DAY)",
        ("SELECT -(a[1]), -(-5)[1], -x AT TIME ZONE 'z', (-5)->f, (a = b) IS NULL, "
         "(a BETWEEN 1 AND 2) = TRUE, a BETWEEN (b = c) AND d, NOT NOT a FROM t"),
        "SELECT x FROM t WHERE a = 1 OR b = 2 AND (c = 3 OR d = 4)",
    };
    for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++)
        round_trip(stmts[i]);
}
END_TEST

/* Every keyword, quoted, in every place a name can stand, survives print and re-parse:
 * the printer quotes exactly the names that would not re-read as themselves. */
START_TEST(test_print_keywords_as_names_round_trip)
{
    static const char *const templates[] = {
        ("SELECT `%1$s`, `%1$s`.`%1$s`, `%1$s`->`%1$s`, `%1$s`[1], `%1$s`(`%1$s`, 1), `%1$s` AS "
         "`%1$s`, `%1$s`.*, TRANSFORM(`%1$s`, `%1$s` => `%1$s`), F((`%1$s`, `%1$s`) => 1), "
         "STRUCT(`%1$s` := 1), CAST(1 AS `%1$s`), `%1$s` '1' FROM `%1$s` AS `%1$s` JOIN `%1$s` ON "
         "`%1$s` = 1 WINDOW `%1$s` TUMBLING (SIZE 1 SECOND) GROUP BY `%1$s`"),
        ("CREATE STREAM `%1$s` (`%1$s` `%1$s`, `%1$s` STRUCT<`%1$s` INT> KEY, WATERMARK FOR "
         "`%1$s` AS `%1$s`) WITH (`%1$s`=1)"),
        "CREATE TABLE `%1$s` AS SELECT * FROM `%1$s`",
        "CREATE TYPE `%1$s` AS STRUCT<`%1$s` `%1$s`>",
        "DESCRIBE `%1$s`",
        "DESCRIBE FUNCTION `%1$s`",
        "EXPLAIN `%1$s`",
        "TERMINATE `%1$s`",
        "DROP STREAM `%1$s`",
        "INSERT INTO `%1$s` (`%1$s`) VALUES (1)",
        "ALTER STREAM `%1$s` ADD COLUMN `%1$s` INT",
        "CREATE SINK CONNECTOR `%1$s` WITH (a=1)",
        "SELECT * FROM `%1$s` WINDOW `%1$s` HOPPING (SIZE 1 SECOND, ADVANCE BY 1 SECOND)",
        "SELECT TIMESTAMPADD(`%1$s`, 1, `%1$s`) FROM `%1$s`",
        "ASSERT VALUES `%1$s` (`%1$s`) VALUES (1)",
    };
    char sql[2048], lower[64];
    for (int i = 0; i < sl_lex_keyword_count(); i++) {
        const char *kw = sl_lex_keyword_text(sl_lex_keyword_code(i));
        size_t n = strlen(kw);
        for (size_t k = 0; k <= n; k++)
            lower[k] = (char)(kw[k] >= 'A' ? kw[k] + 32 : kw[k]);
        for (size_t t = 0; t < sizeof templates / sizeof templates[0]; t++) {
            snprintf(sql, sizeof sql, templates[t], kw);
            round_trip(sql);
            snprintf(sql, sizeof sql, templates[t], lower);
            round_trip(sql);
        }
    }
}
END_TEST

START_TEST(test_print_ident)
{
    static const struct {
        const char *name, *out;
    } cases[] = {
        {"ABC", "ABC"},         {"A_1@X", "A_1@X"},       {"_", "_"},           {"abc", "`abc`"},
        {"1A", "`1A`"},         {"A B", "`A B`"},         {"", "``"},           {"A`B", "`A``B`"},
        {"SELECT", "`SELECT`"}, {"FROM", "`FROM`"},       {"WINDOW", "WINDOW"}, {"KEY", "KEY"},
        {"MAP", "`MAP`"},       {"SECONDS", "`SECONDS`"}, {"SECOND", "SECOND"}, {"ÉTÉ", "`ÉTÉ`"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sl_buf b = SL_BUF_INIT;
        sl_ast_ident_print(&b, cases[i].name);
        ck_assert_str_eq(sl_buf_cstr(&b), cases[i].out);
        sl_buf_free(&b);
    }
}
END_TEST

START_TEST(test_print_equality)
{
    /* equal: spelling, quoting, spacing and positions do not matter */
    ck_assert(sl_ast_stmt_eq(parse("select a from t"), parse("SELECT\n  `A`\nFROM \"T\";")));
    ck_assert(sl_ast_stmt_eq(parse("select * from t where a and (b and c)"),
                             parse("select * from t where (a and b) and c")));
    ck_assert(sl_ast_stmt_eq(parse("SELECT * FROM t GROUP BY (a, b)"),
                             parse("SELECT * FROM t GROUP BY a, b")));
    /* different */
    static const char *const pairs[][2] = {
        {"SELECT a FROM t", "SELECT b FROM t"},
        {"SELECT `a` FROM t", "SELECT a FROM t"},
        {"SELECT 1 FROM t", "SELECT 1.0 FROM t"},
        {"SELECT 1 FROM t", "SELECT '1' FROM t"},
        {"SELECT a + b FROM t", "SELECT a - b FROM t"},
        {"SELECT -5 FROM t", "SELECT -(5) FROM t"},
        {"SELECT a FROM t", "SELECT a AS a FROM t"},
        {"SELECT * FROM t", "SELECT * FROM t EMIT CHANGES"},
        {"SELECT * FROM t", "SELECT * FROM t GROUP BY ()"},
        {"SELECT * FROM t LIMIT 1", "SELECT * FROM t LIMIT 2"},
        {"SELECT * FROM t WINDOW TUMBLING (SIZE 1 SECOND)",
         "SELECT * FROM t WINDOW TUMBLING (SIZE 1 MINUTE)"},
        {"SELECT * FROM a JOIN b ON x", "SELECT * FROM a LEFT JOIN b ON x"},
        {"SELECT a IN (1) FROM t", "SELECT a NOT IN (1) FROM t"},
        {"SELECT CAST(a AS INT) FROM t", "SELECT CAST(a AS BIGINT) FROM t"},
        {"SELECT f(x => x) FROM t", "SELECT f(y => y) FROM t"},
        {"CREATE STREAM s (a INT KEY)", "CREATE STREAM s (a INT)"},
        {"CREATE STREAM s WITH (a=1)", "CREATE STREAM s WITH (a=2)"},
        {"SHOW TOPICS", "SHOW ALL TOPICS"},
        {"DROP STREAM s", "DROP TABLE s"},
        {"PRINT t", "PRINT 'T'"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        ck_assert_msg(!sl_ast_stmt_eq(parse(pairs[i][0]), parse(pairs[i][1])), "%s == %s",
                      pairs[i][0], pairs[i][1]);
    ck_assert(sl_ast_stmt_eq(NULL, NULL));
    ck_assert(!sl_ast_stmt_eq(parse("SHOW TOPICS"), NULL));
    ck_assert_str_eq(sl_ast_stmt_kind_name(SL_STMT_CREATE_AS), "CREATE_AS");
    ck_assert_str_eq(sl_ast_expr_kind_name(SL_AST_AT_TIME_ZONE), "AT_TIME_ZONE");
}
END_TEST

static Suite *print_suite(void)
{
    Suite *s = suite_create("print");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_print_canonical_forms);
    tcase_add_test(tc, test_print_round_trip_every_statement_kind);
    tcase_add_test(tc, test_print_keywords_as_names_round_trip);
    tcase_add_test(tc, test_print_ident);
    tcase_add_test(tc, test_print_equality);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(print_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
