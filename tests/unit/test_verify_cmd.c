/*
 * test_verify_cmd.c - `sluice verify` end to end, in process: stateless pipelines from
 * tests/verify (SL_VERIFY_DIR) against their batch queries. A correct pipeline verifies
 * (exit 0); a deliberately wrong one (a filter off by one, a wrong computed column) fails
 * (exit 1) with the counts the data implies; bad usage and bad input exit 2.
 */
#include "cli/cli.h"

#include <check.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char report_path[64];

static void setup(void)
{
    strcpy(report_path, "/tmp/sl-verify-report-XXXXXX");
    int fd = mkstemp(report_path);
    ck_assert_int_ge(fd, 0);
    close(fd);
}

static void teardown(void)
{
    unlink(report_path);
}

/* A fixture's path. */
static char *fixture(const char *name)
{
    const char *dir = getenv("SL_VERIFY_DIR");
    char *p = malloc(strlen(dir ? dir : ".") + strlen(name) + 2);
    sprintf(p, "%s/%s", dir ? dir : ".", name);
    return p;
}

/*
 * Runs `sluice verify` with the arguments (NULL-terminated); "@name" stands for the
 * fixture's path, "SRC=@name" for SRC=<the fixture's path>. --json goes to report_path and
 * *report gets the report when the run got that far (else NULL). Returns the exit status.
 */
static int verify(json_t **report, ...)
{
    char *argv[64];
    int argc = 0;
    va_list ap;
    va_start(ap, report);
    for (const char *a; (a = va_arg(ap, const char *)) && argc < 60;) {
        const char *at = strchr(a, '@');
        char *f = at ? fixture(at + 1) : NULL;
        argv[argc] = malloc(strlen(a) + (f ? strlen(f) : 0) + 1);
        sprintf(argv[argc++], "%.*s%s", (int)(at ? at - a : (long)strlen(a)), a, f ? f : "");
        free(f);
    }
    va_end(ap);
    argv[argc++] = strdup("--json");
    argv[argc++] = strdup(report_path);
    FILE *old = fopen(report_path, "w"); /* no report from an earlier run */
    if (old) fclose(old);
    int status = sl_cli_verify_run(argc, argv);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    *report = json_load_file(report_path, 0, NULL);
    return status;
}

static json_int_t count(json_t *report, const char *name)
{
    json_t *v = json_object_get(report, name);
    ck_assert_msg(json_is_integer(v), "report has no count %s", name);
    return json_integer_value(v);
}

#define PRODUCTS "--input", "products=@products.csv", "--ts-column", "updated"

START_TEST(test_verify_cmd_table_passes)
{
    json_t *r;
    int rc = verify(&r, "--pipeline", "@products.sql", PRODUCTS, "--batch-file",
                    "@products_batch.sql", NULL);
    ck_assert_int_eq(rc, 0);
    ck_assert(json_is_true(json_object_get(r, "pass")));
    ck_assert_str_eq(json_string_value(json_object_get(r, "result")), "IN_STOCK");
    ck_assert_str_eq(json_string_value(json_object_get(r, "kind")), "table");
    ck_assert_int_eq(count(r, "keys"), 11);
    ck_assert_int_eq(count(r, "matching"), 11);
    ck_assert_int_eq(
        count(r, "mismatched") + count(r, "missing_in_stream") + count(r, "missing_in_batch"), 0);
    json_decref(r);
}
END_TEST

START_TEST(test_verify_cmd_filter_off_by_one_fails)
{
    json_t *r;
    int rc = verify(&r, "--pipeline", "@products_off_by_one.sql", PRODUCTS, "--batch-file",
                    "@products_batch.sql", NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert(json_is_false(json_object_get(r, "pass")));
    ck_assert_int_eq(count(r, "keys"), 11);
    ck_assert_int_eq(count(r, "matching"), 8);
    ck_assert_int_eq(count(r, "mismatched"), 0);
    ck_assert_int_eq(count(r, "missing_in_stream"), 3); /* the products with one left */
    ck_assert_int_eq(count(r, "missing_in_batch"), 0);
    ck_assert_double_eq_tol(json_real_value(json_object_get(r, "mismatch_rate")), 3.0 / 11, 1e-9);
    json_t *first = json_array_get(json_object_get(r, "sample"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(first, "kind")), "missing in stream");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(first, "key"), "ID")),
                     "p03");
    ck_assert(json_is_null(json_object_get(first, "stream")));
    json_decref(r);
    /* a mismatch rate under --max-mismatch-rate passes */
    ck_assert_int_eq(verify(&r, "--pipeline", "@products_off_by_one.sql", PRODUCTS, "--batch-file",
                            "@products_batch.sql", "--max-mismatch-rate", "0.3", NULL),
                     0);
    json_decref(r);
    ck_assert_int_eq(verify(&r, "--pipeline", "@products_off_by_one.sql", PRODUCTS, "--batch-file",
                            "@products_batch.sql", "--max-mismatch-rate", "0.25", NULL),
                     1);
    json_decref(r);
}
END_TEST

START_TEST(test_verify_cmd_wrong_column_fails)
{
    json_t *r;
    int rc = verify(&r, "--pipeline", "@products_wrong_gross.sql", PRODUCTS, "--batch-file",
                    "@products_batch.sql", "--sample", "2", NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert_int_eq(count(r, "matching"), 1); /* fig: no price, NULL on both sides */
    ck_assert_int_eq(count(r, "mismatched"), 10);
    json_t *cols = json_object_get(r, "columns"), *c;
    size_t i;
    json_array_foreach(cols, i, c)
    {
        const char *name = json_string_value(json_object_get(c, "name"));
        json_int_t want = strcmp(name, "GROSS") == 0 ? 10 : 0;
        ck_assert_int_eq(json_integer_value(json_object_get(c, "mismatched")), want);
    }
    ck_assert_int_eq(json_array_size(json_object_get(r, "sample")), 2);
    json_t *cols0 = json_object_get(json_array_get(json_object_get(r, "sample"), 0), "columns");
    ck_assert_str_eq(json_string_value(json_array_get(cols0, 0)), "GROSS");
    json_decref(r);
    /* 21% against 20% is within a 1% tolerance */
    ck_assert_int_eq(verify(&r, "--pipeline", "@products_wrong_gross.sql", PRODUCTS, "--batch-file",
                            "@products_batch.sql", "--tolerance", "0.01", NULL),
                     0);
    json_decref(r);
}
END_TEST

START_TEST(test_verify_cmd_stream_result)
{
    json_t *r;
    ck_assert_int_eq(verify(&r, "--pipeline", "@orders.sql", "--input", "ORDERS=@orders.jsonl",
                            "--batch-file", "@orders_batch.sql", NULL),
                     0);
    ck_assert_str_eq(json_string_value(json_object_get(r, "kind")), "stream");
    ck_assert_int_eq(count(r, "matching"), 9); /* DECIMAL amounts equal SQLite's REAL ones */
    json_decref(r);
    ck_assert_int_eq(verify(&r, "--pipeline", "@orders_off_by_one.sql", "--input",
                            "orders=@orders.jsonl", "--batch-file", "@orders_batch.sql", "--key",
                            "order_id", NULL),
                     1);
    ck_assert_int_eq(count(r, "matching"), 6);
    ck_assert_int_eq(count(r, "missing_in_stream"), 3);
    json_decref(r);
}
END_TEST

START_TEST(test_verify_cmd_windowed_result)
{
    json_t *r;
    ck_assert_int_eq(verify(&r, "--pipeline", "@daily_top.sql", "--input", "daily=@daily.jsonl",
                            "--batch-file", "@daily_top_batch.sql", "--window-column", "day_start",
                            NULL),
                     0);
    ck_assert_str_eq(json_string_value(json_object_get(r, "kind")), "windowed table");
    json_t *key = json_object_get(r, "key");
    ck_assert_int_eq(json_array_size(key), 2);
    ck_assert_str_eq(json_string_value(json_array_get(key, 1)), "WINDOWSTART");
    ck_assert_int_eq(count(r, "matching"), 4);
    json_decref(r);
    /* the batch side must say which column holds the window start */
    ck_assert_int_eq(verify(&r, "--pipeline", "@daily_top.sql", "--input", "daily=@daily.jsonl",
                            "--batch-file", "@daily_top_batch.sql", NULL),
                     2);
    ck_assert_ptr_null(r);
}
END_TEST

START_TEST(test_verify_cmd_result_option)
{
    json_t *r;
    /* the input table itself, as its final state, against the batch side's table */
    ck_assert_int_eq(verify(&r, "--pipeline", "@products.sql", PRODUCTS, "--result", "products",
                            "--batch", "SELECT id, name, price, stock FROM products", NULL),
                     0);
    ck_assert_int_eq(count(r, "matching"), 12);
    json_decref(r);
}
END_TEST

START_TEST(test_verify_cmd_bad_usage_and_input)
{
    json_t *r;
    ck_assert_int_eq(verify(&r, NULL), 2);
    ck_assert_int_eq(verify(&r, "--pipeline", "@products.sql", PRODUCTS, NULL), 2);
    ck_assert_int_eq(verify(&r, "--pipeline", "@products.sql", PRODUCTS, "--batch", "SELECT 1",
                            "--batch-file", "@products_batch.sql", NULL),
                     2);
    ck_assert_int_eq(
        verify(&r, "--pipeline", "@products.sql", PRODUCTS, "--batch", "x", "--frobnicate", NULL),
        2);
    ck_assert_int_eq(verify(&r, "--pipeline", "@products.sql", PRODUCTS, "--batch", "x",
                            "--tolerance", "-1", NULL),
                     2);
    ck_assert_int_eq(verify(&r, "--pipeline", "@products.sql", PRODUCTS, "--batch", "x",
                            "--max-mismatch-rate", "2", NULL),
                     2);
    /* an input naming no source of the pipeline, a missing file, a bad line */
    ck_assert_int_eq(verify(&r, "--pipeline", "@products.sql", "--input", "prods=@products.csv",
                            "--batch-file", "@products_batch.sql", NULL),
                     2);
    ck_assert_int_eq(verify(&r, "--pipeline", "@products.sql", "--input", "products=@nope.csv",
                            "--batch-file", "@products_batch.sql", NULL),
                     2);
    ck_assert_int_eq(verify(&r, "--pipeline", "@products.sql", "--input", "products=@orders.jsonl",
                            "--batch-file", "@products_batch.sql", NULL),
                     2);
    /* a pipeline that does not run, a batch query SQLite rejects */
    ck_assert_int_eq(
        verify(&r, "--pipeline", "@products_batch.sql", PRODUCTS, "--batch", "x", NULL), 2);
    ck_assert_int_eq(verify(&r, "--pipeline", "@products.sql", PRODUCTS, "--batch",
                            "SELECT id FROM nowhere", NULL),
                     2);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(verify(&r, "--help", NULL), 0);
}
END_TEST

static Suite *verify_cmd_suite(void)
{
    Suite *s = suite_create("verify_cmd");
    TCase *tc = tcase_create("command");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_verify_cmd_table_passes);
    tcase_add_test(tc, test_verify_cmd_filter_off_by_one_fails);
    tcase_add_test(tc, test_verify_cmd_wrong_column_fails);
    tcase_add_test(tc, test_verify_cmd_stream_result);
    tcase_add_test(tc, test_verify_cmd_windowed_result);
    tcase_add_test(tc, test_verify_cmd_result_option);
    tcase_add_test(tc, test_verify_cmd_bad_usage_and_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(verify_cmd_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
