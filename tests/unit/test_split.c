/*
 * test_split.c - unit tests of the statement splitter and ${variable} substitution
 * (parser/split.c).
 */
#include "parser/parser.h"

#include <check.h>
#include <strings.h>
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

static const char *span_text(const char *sql, sl_span s)
{
    return sl_arena_strndup(ar, sql + s.off, s.len);
}

START_TEST(test_split_statements)
{
    const char *sql = "-- head\nSELECT ';' FROM t; /* ; */ SHOW TOPICS\n;\n;;\n  INSERT INTO "
                      "`a;b` VALUES (\"x;\");\nSELECT 1";
    sl_span_list l = {0};
    size_t rest = sl_parse_split(ar, sql, strlen(sql), &l);
    ck_assert_uint_eq(l.n, 3);
    ck_assert_str_eq(span_text(sql, l.v[0]), "SELECT ';' FROM t;");
    ck_assert_uint_eq(l.v[0].line, 2);
    ck_assert_uint_eq(l.v[0].col, 1);
    ck_assert_str_eq(span_text(sql, l.v[1]), "SHOW TOPICS\n;");
    ck_assert_uint_eq(l.v[1].col, 28);
    ck_assert_str_eq(span_text(sql, l.v[2]), "INSERT INTO `a;b` VALUES (\"x;\");");
    ck_assert_uint_eq(l.v[2].line, 5);
    ck_assert_uint_eq(l.v[2].col, 3);
    ck_assert_str_eq(sql + rest, "SELECT 1");
}
END_TEST

START_TEST(test_split_incomplete_text)
{
    static const struct {
        const char *sql;
        size_t spans;
        const char *rest;
    } cases[] = {
        {"", 0, ""},
        {"  -- only a comment", 0, ""},
        {"SHOW TOPICS;", 1, ""},
        {"SHOW TOPICS; SELECT 'a;", 1, "SELECT 'a;"},
        {"SHOW TOPICS; /* open ; comment", 1, "/* open ; comment"},
        {"SELECT `x; y", 0, "SELECT `x; y"},
        {"SELECT a # b;", 1, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sl_span_list l = {0};
        size_t rest = sl_parse_split(ar, cases[i].sql, strlen(cases[i].sql), &l);
        ck_assert_uint_eq(l.n, cases[i].spans);
        ck_assert_str_eq(cases[i].sql + rest, cases[i].rest);
    }
}
END_TEST

/* A variable map for the tests (names are case-insensitive). */
static const char *vars[][2] = {
    {"topic", "orders"},         {"fmt", "JSON"},   {"n", "3"},       {"neg", "-1.5"},
    {"col", "`Amount`"},         {"quote", "it's"}, {"env", "prod"},  {"topic_prod", "p_topic"},
    {"bad", "1; DROP STREAM s"}, {"str", "'text'"}, {"flag", "TRUE"}, {"dq", "\"Mixed\""},
};

static const char *lookup(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (strlen(vars[i][0]) == len && strncasecmp(vars[i][0], name, len) == 0) return vars[i][1];
    return NULL;
}

static const char *subst(const char *sql, sl_error **err)
{
    sl_buf b = SL_BUF_INIT;
    *err = sl_parse_substitute(sql, strlen(sql), lookup, NULL, &b);
    const char *out = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return out;
}

START_TEST(test_split_substitute)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"CREATE STREAM s WITH (kafka_topic='${topic}', value_format='${FMT}', partitions=${n});",
         "CREATE STREAM s WITH (kafka_topic='orders', value_format='JSON', partitions=3);"},
        {"SELECT ${col}, ${neg}, ${str}, ${flag}, ${dq} FROM ${topic}",
         "SELECT `Amount`, -1.5, 'text', TRUE, \"Mixed\" FROM orders"},
        {"SELECT '${quote}' FROM t", "SELECT 'it''s' FROM t"},
        {"SELECT '${topic_${env}}', '${undefined}', '${bad}' FROM t",
         "SELECT 'p_topic', '${undefined}', '1; DROP STREAM s' FROM t"},
        {"SELECT a -- ${undefined} ${bad}\nFROM `${x}` /* ${y} */",
         "SELECT a -- ${undefined} "
         "${bad}\nFROM `${x}` /* ${y} */"},
        {"DEFINE b = 'x_${topic}';", "DEFINE b = 'x_orders';"},
        {"SELECT '${${${${${${${${${${${${${${${${${${${a}'",
         "SELECT '${${${${${${${${${${${${${${${${${${${a}'"},
        {"SELECT 'a''b ${n}' FROM t", "SELECT 'a''b 3' FROM t"},
    };
    sl_error *err;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_str_eq(subst(cases[i].in, &err), cases[i].out);
        ck_assert_ptr_null(err);
    }
}
END_TEST

START_TEST(test_split_substitute_errors)
{
    sl_error *err;
    subst("SELECT *\nFROM s WHERE x = ${nope}", &err);
    ck_assert_int_eq(err->code, SL_E_SYNTAX);
    ck_assert_int_eq(err->line, 2);
    ck_assert_int_eq(err->col, 18);
    ck_assert_str_eq(err->msg, "undefined variable 'nope'");
    sl_error_free(err);
    /* a value that is not one identifier or literal would add syntax: refused */
    subst("SELECT ${bad} FROM t", &err);
    ck_assert_int_eq(err->code, SL_E_SYNTAX);
    ck_assert_int_eq(err->col, 8);
    ck_assert_ptr_nonnull(strstr(err->msg, "one identifier or literal"));
    sl_error_free(err);
    subst("SELECT ${quote} FROM t", &err);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
}
END_TEST

static Suite *split_suite(void)
{
    Suite *s = suite_create("split");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_split_statements);
    tcase_add_test(tc, test_split_incomplete_text);
    tcase_add_test(tc, test_split_substitute);
    tcase_add_test(tc, test_split_substitute_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(split_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
