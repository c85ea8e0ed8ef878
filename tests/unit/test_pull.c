/*
 * test_pull.c - unit tests of pull query planning (planner/pull.c) through an in-process
 * engine: the access path EXPLAIN names for each kind of WHERE clause, and ksqlDB's
 * refusals (not queryable, pseudo columns, key types, NULL keys, disabled table scans).
 */
#include "server/config.h"
#include "server/engine.h"
#include "test_log_util.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static char *dir;
static sl_conf *conf;
static sl_engine *eng;

static void run_ok(const char *sql)
{
    sl_request req = {0};
    sl_result res;
    sl_engine_execute(eng, sql, &req, &res);
    ck_assert_msg(res.err == NULL, "%s: %s", sql, res.err ? res.err->msg : "");
    sl_result_fini(&res);
}

static void setup(void)
{
    dir = test_tmpdir();
    conf = sl_conf_new();
    CK_OK(sl_conf_set(conf, "data.dir", dir));
    sl_engine_opts o = {.conf = conf, .synchronous = true};
    CK_OK(sl_engine_open(&o, &eng));
    run_ok("CREATE STREAM s (id INT KEY, name STRING, v INT) WITH (kafka_topic='s', "
           "value_format='JSON', partitions=1);");
    run_ok("CREATE TABLE t AS SELECT id, LATEST_BY_OFFSET(name) AS name, SUM(v) AS v FROM s GROUP "
           "BY id;");
    run_ok("CREATE TABLE w AS SELECT name, COUNT(*) AS n FROM s WINDOW TUMBLING (SIZE 1 SECOND) "
           "GROUP BY name;");
    run_ok("CREATE TABLE plain (k STRING PRIMARY KEY, x INT) WITH (kafka_topic='p', "
           "value_format='JSON', partitions=1);");
}

static void teardown(void)
{
    sl_engine_close(eng);
    sl_conf_free(conf);
    test_rmdir(dir);
}

/* EXPLAIN's plan of a pull query (props: a JSON object of request properties, or NULL). */
static char *explain(const char *query, const char *props)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "EXPLAIN %s", query);
    sl_request req = {props ? json_loads(props, 0, NULL) : NULL, NULL, false};
    sl_result res;
    sl_engine_execute(eng, sql, &req, &res);
    ck_assert_msg(res.err == NULL, "%s: %s", sql, res.err ? res.err->msg : "");
    const char *plan = json_string_value(json_object_get(
        json_object_get(json_array_get(res.entities, 0), "queryDescription"), "executionPlan"));
    char *out = strdup(plan ? plan : "");
    sl_result_fini(&res);
    json_decref(req.props);
    return out;
}

static void ck_path(const char *query, const char *props, const char *want)
{
    char *plan = explain(query, props);
    ck_assert_msg(strstr(plan, want) != NULL, "%s: expected '%s' in\n%s", query, want, plan);
    free(plan);
}

static void ck_refused(const char *query, const char *props, const char *part)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "EXPLAIN %s", query);
    sl_request req = {props ? json_loads(props, 0, NULL) : NULL, NULL, false};
    sl_result res;
    sl_engine_execute(eng, sql, &req, &res);
    ck_assert_msg(res.err != NULL, "%s was planned", query);
    ck_assert_msg(strstr(res.err->msg, part) != NULL, "%s: '%s' lacks '%s'", query, res.err->msg,
                  part);
    sl_result_fini(&res);
    json_decref(req.props);
}

#define NO_SCAN "{\"ksql.query.pull.table.scan.enabled\": \"false\"}"

START_TEST(test_pull_key_lookup)
{
    ck_path("SELECT * FROM t WHERE id = 1;", NULL, "KEY LOOKUP (1 key)");
    ck_path("SELECT * FROM t WHERE 1 = id AND v > 3;", NULL, "KEY LOOKUP (1 key)");
    ck_path("SELECT * FROM t WHERE id IN (1, 2, 3);", NULL, "KEY LOOKUP (3 keys)");
    ck_path("SELECT * FROM t WHERE id = 1 OR id = 2;", NULL, "KEY LOOKUP (2 keys)");
    ck_path("SELECT * FROM t WHERE id = 1;", NO_SCAN, "KEY LOOKUP (1 key)");
}
END_TEST

START_TEST(test_pull_range_and_scan)
{
    ck_path("SELECT * FROM t WHERE id > 3 AND id <= 9;", NULL, "RANGE SCAN");
    ck_path("SELECT * FROM t WHERE id BETWEEN 3 AND 9;", NULL, "RANGE SCAN");
    ck_path("SELECT * FROM t WHERE v > 3;", NULL, "TABLE SCAN");
    ck_path("SELECT * FROM t;", NULL, "TABLE SCAN");
    ck_path("SELECT * FROM t WHERE id = 1 OR v = 2;", NULL, "TABLE SCAN");
    ck_path("SELECT * FROM t WHERE id > 3;", "{\"ksql.query.pull.range.scan.enabled\": \"false\"}",
            "TABLE SCAN");
}
END_TEST

START_TEST(test_pull_windowed)
{
    ck_path("SELECT * FROM w WHERE name = 'a' AND WINDOWSTART >= 1000 AND WINDOWSTART < 5000;",
            NULL, "WINDOWSTART: [1000, 4999]");
    ck_path("SELECT * FROM w WHERE name = 'a';", NULL, "KEY LOOKUP (1 key)");
}
END_TEST

START_TEST(test_pull_refusals)
{
    ck_refused("SELECT * FROM plain;", NULL, "isn't queryable");
    ck_refused("SELECT ROWOFFSET FROM t;", NULL, "columns in SELECT clauses: `ROWOFFSET`");
    ck_refused("SELECT * FROM t WHERE ROWPARTITION = 1;", NULL,
               "columns in WHERE clauses: `ROWPARTITION`");
    ck_refused("SELECT * FROM t WHERE id IN ('1', 2);", NULL,
               "'1' can not be converted to the type of the key column: ID INTEGER KEY");
    ck_refused("SELECT * FROM t WHERE id IN (NULL);", NULL, "Primary key columns can not be NULL");
    ck_refused("SELECT name, name FROM t WHERE id = 1;", NULL,
               "Duplicate value columns found in schema: `NAME` STRING");
    ck_refused("SELECT * FROM t GROUP BY id;", NULL,
               "Pull queries don't support GROUP BY clauses.");
    ck_refused("SELECT * FROM t LIMIT -1;", NULL, "negative integers in the LIMIT clause");
    ck_refused("SELECT * FROM t WHERE id = 'x';", NULL, "Error in WHERE expression");
}
END_TEST

START_TEST(test_pull_no_table_scan)
{
    ck_refused("SELECT * FROM t WHERE v = 1;", NO_SCAN,
               "WHERE clause missing key column for disjunct");
    ck_refused("SELECT * FROM t WHERE id <> 1;", NO_SCAN,
               "Bound on key columns '[`ID` INTEGER KEY]' must currently be '='");
    ck_refused("SELECT * FROM t WHERE id + 1 = 2;", NO_SCAN,
               "A comparison must directly reference a key column");
    ck_refused("SELECT * FROM t WHERE id = v;", NO_SCAN,
               "A comparison must be between a key column and a resolvable expression");
    ck_refused("SELECT * FROM t WHERE id > 3;", NO_SCAN, "Query requires table scan to be enabled");
    ck_refused("SELECT * FROM t;", NO_SCAN, "Query requires table scan to be enabled");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("pull");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_pull_key_lookup);
    tcase_add_test(tc, test_pull_range_and_scan);
    tcase_add_test(tc, test_pull_windowed);
    tcase_add_test(tc, test_pull_refusals);
    tcase_add_test(tc, test_pull_no_table_scan);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
