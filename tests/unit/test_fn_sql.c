/*
 * test_fn_sql.c - scalar functions through the whole expression path: SQL text
 * (the test-only expr_sql.c parser) -> builders and the registry (resolution,
 * implicit widening) -> compiled program (constant folding, init with constant
 * arguments) -> evaluation over a row (NULL handling, per-record errors). The
 * other test_fn_* files call overloads directly; this one checks the pieces
 * fit, with the conformance cases that depend on them (udf-implicit-cast.json,
 * greatest.json with a DATE literal, udf.json nesting).
 */
#include "exec/expr.h"
#include "expr_sql.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static sl_arena *ar;
static expr_sql_col cols[16];
static sl_value vals[16];
static int ncols;
static const char *last_err;

static void setup(void)
{
    ar = sl_arena_new(0);
    ncols = 0;
    last_err = NULL;
}

static void teardown(void)
{
    sl_arena_free(ar);
}

static void col(const char *name, const char *type, sl_value v)
{
    cols[ncols].name = name;
    cols[ncols].type = expr_sql_type(ar, type);
    vals[ncols++] = v;
}

static sl_value S(const char *s)
{
    return sl_value_str(s, (uint32_t)strlen(s));
}

static void schema(void)
{
    col("S", "STRING", S("order 42,  shipped 7"));
    col("J", "STRING", S("{\"a\": {\"b\": [1, \"x\"]}, \"n\": 1.50}"));
    col("T", "TIMESTAMP", sl_value_int(1526075913000));
    col("DT", "DATE", sl_value_int(19071));
    col("D", "DOUBLE", sl_value_double(-12345.678));
    col("LAT", "DOUBLE", sl_value_double(37.4439));
    col("LON", "DOUBLE", sl_value_double(-122.1663));
    col("NS", "STRING", sl_value_null());
    sl_array *a = sl_array_new(ar, 3);
    for (int i = 0; i < 3; i++)
        a->v[i] = sl_value_int(i + 1);
    col("ARR", "ARRAY<INT>", sl_value_array(a));
}

static const char *eval_expr(const sl_expr *e)
{
    sl_prog *p = NULL;
    sl_error *err = sl_expr_compile(ar, e, &p);
    ck_assert_msg(!err, "compile: %s", err ? err->msg : "");
    sl_row row = {.col = vals, .offset = -1, .partition = -1};
    sl_error *rerr = NULL;
    sl_value v = sl_prog_eval(p, &row, ar, &rerr);
    last_err = rerr ? sl_arena_strdup(ar, rerr->msg) : NULL;
    sl_error_free(rerr);
    sl_buf b = SL_BUF_INIT;
    if (v.null)
        sl_buf_puts(&b, "NULL");
    else
        sl_value_print(&b, e->type, v);
    char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    sl_prog_free(p);
    return s;
}

static const char *run(const char *sql)
{
    sl_expr *e = NULL;
    sl_error *err = expr_sql_parse(ar, sql, cols, ncols, &e);
    ck_assert_msg(!err, "%s: %s", sql, err ? err->msg : "");
    return eval_expr(e);
}

static const char *build_err(const char *sql)
{
    sl_expr *e = NULL;
    sl_error *err = expr_sql_parse(ar, sql, cols, ncols, &e);
    ck_assert_msg(err != NULL, "%s: expected an error", sql);
    char *m = sl_arena_strdup(ar, err->msg);
    sl_error_free(err);
    return m;
}

#define RUN(sql, want) ck_assert_str_eq(run(sql), want)

START_TEST(test_fn_sql_strings_and_nesting)
{
    schema();
    RUN("UCASE(S)", "ORDER 42,  SHIPPED 7");
    RUN("SUBSTRING(S, 7, 2)", "42");
    RUN("LEN(S) + 1", "21");
    RUN("CONCAT(S, '!', NS)", "order 42,  shipped 7!");
    RUN("SPLIT(S, ',')[2]", "  shipped 7");
    RUN("TRIM(SPLIT(S, ',')[2])", "shipped 7");
    RUN("REGEXP_EXTRACT('(\\d+)', S)", "42");
    RUN("REGEXP_EXTRACT_ALL('\\d+', S)", "[42, 7]");
    RUN("REGEXP_REPLACE(S, '\\s+', ' ')", "order 42, shipped 7");
    RUN("ELT(2, 'a', NS)", "NULL");
    RUN("FIELD('x', 'a', 'x')", "2");
    RUN("INSTR(NS, 'a')", "0");
    RUN("UCASE(NS)", "NULL");
    /* udf.json "nested" */
    RUN("CONCAT(EXTRACTJSONFIELD(J, '$.a.b[1]'), CONCAT('-', EXTRACTJSONFIELD(J, '$.n')))",
        "x-1.50");
    RUN("TO_JSON_STRING(ARR)", "[1,2,3]");
    RUN("ARRAY_CONTAINS(ARR, 3)", "true");
    RUN("ARRAY_MAX(ARR)", "3");
    RUN("ARRAY_JOIN(ARRAY_SORT(ARR, 'DESC'), '-')", "3-2-1");
    RUN("MAP_KEYS(SPLIT_TO_MAP('a=1;b=2', ';', '='))", "[a, b]");
}
END_TEST

START_TEST(test_fn_sql_numbers_and_widening)
{
    schema();
    /* udf-implicit-cast.json: INT arguments widen to GEO_DISTANCE's DOUBLE parameters */
    RUN("GEO_DISTANCE(LAT, LON, 51, 0)", "8682.459061368269");
    RUN("ROUND(D, 1)", "-12345.7");
    RUN("ROUND(D)", "-12346");
    RUN("ABS(-5)", "5");
    RUN("SQRT(16)", "4.0");
    RUN("GREATEST(1, 7, NULL, 3)", "7");
    /* greatest.json: a STRING literal compared with DATE values becomes a DATE */
    RUN("GREATEST(DT, '2022-06-14')", "2022-06-14");
    ck_assert_str_eq(build_err("GREATEST(S, 1)"),
                     "Function 'GREATEST' does not accept parameters (STRING, INTEGER).");
    ck_assert_str_eq(build_err("ABS('x')"), "Function 'ABS' does not accept parameters (STRING).");
}
END_TEST

START_TEST(test_fn_sql_time_and_errors)
{
    schema();
    RUN("FORMAT_TIMESTAMP(T, 'yyyy-MM-dd HH:mm:ss zzz', 'America/Los_Angeles')",
        "2018-05-11 14:58:33 PDT");
    RUN("PARSE_DATE('2021-05-01', 'yyyy-MM-dd')", "2021-05-01");
    RUN("FORMAT_DATE(DT, 'dd MMM yyyy')", "20 Mar 2022");
    RUN("UNIX_TIMESTAMP(T)", "1526075913000");
    /* a per-record failure is NULL plus an error for the processing log */
    RUN("PARSE_DATE(S, 'yyyy-MM-dd')", "NULL");
    ck_assert_ptr_nonnull(last_err);
    ck_assert(strstr(last_err, "Failed to parse date 'order 42,  shipped 7'") != NULL);
    RUN("FORMAT_TIMESTAMP(T, 'yyyy', 'Nowhere/Land')", "NULL");
    ck_assert(strstr(last_err, "Unknown time-zone ID: Nowhere/Land") != NULL);
    /* TIMESTAMPADD(SECONDS, 5, T): the planner passes the unit as an INTERVAL constant */
    sl_expr *args[3] = {
        sl_expr_lit_new(ar, &sl_type_interval, sl_value_int(1000)),
        sl_expr_lit_new(ar, &sl_type_int, sl_value_int(5)),
        sl_expr_col_new(ar, 2, "T", &sl_type_timestamp),
    };
    sl_expr *call = NULL;
    sl_error *err = sl_expr_call_new(ar, "TIMESTAMPADD", args, 3, &call);
    ck_assert_msg(!err, "%s", err ? err->msg : "");
    ck_assert_str_eq(eval_expr(call), "2018-05-11T21:58:38.000");
}
END_TEST

START_TEST(test_fn_sql_nondeterministic_not_folded)
{
    schema();
    ck_assert_str_ne(run("UUID()"), run("UUID()"));
    double r = strtod(run("RANDOM()"), NULL);
    ck_assert(r >= 0 && r < 1);
}
END_TEST

static Suite *fn_sql_suite(void)
{
    Suite *s = suite_create("fn_sql");
    TCase *tc = tcase_create("sql");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_fn_sql_strings_and_nesting);
    tcase_add_test(tc, test_fn_sql_numbers_and_widening);
    tcase_add_test(tc, test_fn_sql_time_and_errors);
    tcase_add_test(tc, test_fn_sql_nondeterministic_not_folded);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fn_sql_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
