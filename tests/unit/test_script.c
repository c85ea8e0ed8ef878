/*
 * test_script.c - unit tests of cli/script.c: where statements end, their
 * positions, tokens, ${var} substitution, normal forms and history lines.
 */
#include "cli/script.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Splits src and returns the statements joined by "|" ("~rest" for a partial
 * tail), each as "line:col:text". */
static char *split(const char *src)
{
    sl_script_scan sc;
    sl_script_scan_init(&sc, src, strlen(src));
    sl_script_stmt st;
    sl_script_next_result r;
    sl_buf out = SL_BUF_INIT;
    while ((r = sl_script_next(&sc, &st)) != SL_SCRIPT_END) {
        sl_buf_printf(&out, "%s%s%d:%d:%.*s", out.len ? "|" : "", r == SL_SCRIPT_PARTIAL ? "~" : "",
                      st.line, st.col, (int)st.len, st.text);
        if (r == SL_SCRIPT_PARTIAL) break;
    }
    return out.p ? sl_buf_take(&out) : strdup("");
}

#define ASSERT_SPLIT(src, want)                                                                    \
    do {                                                                                           \
        char *got_ = split(src);                                                                   \
        ck_assert_str_eq(got_, want);                                                              \
        free(got_);                                                                                \
    } while (0)

START_TEST(test_script_splits_at_semicolons)
{
    ASSERT_SPLIT("SHOW STREAMS;", "1:1:SHOW STREAMS;");
    ASSERT_SPLIT("SHOW STREAMS; SHOW TABLES;\n", "1:1:SHOW STREAMS;|1:15:SHOW TABLES;");
    ASSERT_SPLIT("  \n\n  CREATE STREAM s\n  (id INT)\n  WITH (x='y');",
                 "3:3:CREATE STREAM s\n  (id INT)\n  WITH (x='y');");
    ASSERT_SPLIT("", "");
    ASSERT_SPLIT("  \n -- only a comment\n /* and this */ ", "");
    ASSERT_SPLIT(";;", "1:1:;|1:2:;");
}
END_TEST

START_TEST(test_script_semicolons_in_quotes_and_comments)
{
    ASSERT_SPLIT("SELECT 'a;b' FROM t;", "1:1:SELECT 'a;b' FROM t;");
    ASSERT_SPLIT("SELECT 'it''s;' FROM t; X;", "1:1:SELECT 'it''s;' FROM t;|1:25:X;");
    ASSERT_SPLIT("SELECT `we;ird` , \"x;\" FROM t;", "1:1:SELECT `we;ird` , \"x;\" FROM t;");
    ASSERT_SPLIT("SELECT a -- not the end;\nFROM t;", "1:1:SELECT a -- not the end;\nFROM t;");
    ASSERT_SPLIT("SELECT /* ; */ a FROM t;", "1:1:SELECT /* ; */ a FROM t;");
    /* a comment before a statement is not part of it; the position is its first token */
    ASSERT_SPLIT("-- intro; still comment\n/* block\n; */ SHOW x;", "3:6:SHOW x;");
    /* a '-' alone is not a comment, nor is a lone '/' */
    ASSERT_SPLIT("SELECT 1 - 2 / 3;", "1:1:SELECT 1 - 2 / 3;");
}
END_TEST

START_TEST(test_script_partial_statements)
{
    ASSERT_SPLIT("SHOW STREAMS", "~1:1:SHOW STREAMS");
    ASSERT_SPLIT("A; SELECT 'open;", "1:1:A;|~1:4:SELECT 'open;");
    ASSERT_SPLIT("SELECT /* open; ", "~1:1:SELECT /* open; ");
    ASSERT_SPLIT("SELECT a -- c;", "~1:1:SELECT a -- c;");
    /* a partial result leaves the scan where it was, so more text can follow */
    sl_script_scan sc;
    const char *s = "X; Y";
    sl_script_scan_init(&sc, s, strlen(s));
    sl_script_stmt st;
    ck_assert_int_eq(sl_script_next(&sc, &st), SL_SCRIPT_STMT);
    ck_assert_int_eq(sl_script_next(&sc, &st), SL_SCRIPT_PARTIAL);
    ck_assert_int_eq(sl_script_next(&sc, &st), SL_SCRIPT_PARTIAL);
    ck_assert_int_eq(st.col, 4);
}
END_TEST

START_TEST(test_script_positions_count_characters)
{
    ASSERT_SPLIT("SELECT 'é'; SELECT 2;", "1:1:SELECT 'é';|1:13:SELECT 2;");
    ASSERT_SPLIT("a;\r\n  b;", "1:1:a;|2:3:b;");
    ASSERT_SPLIT("\t\tc;", "1:3:c;");
}
END_TEST

START_TEST(test_script_tokens)
{
    const char *s = "SET 'auto.offset.reset' = 'earl''iest'; -- x\n`Q` \"D\" 1.5e3 x_1@y";
    sl_script_tok t[12];
    int n = sl_script_tokens(s, strlen(s), t, 12);
    ck_assert_int_eq(n, 9);
    ck_assert(sl_script_tok_is(&t[0], "set"));
    ck_assert_int_eq(t[1].type, SL_TOK_STRING);
    ck_assert_int_eq(t[2].type, SL_TOK_PUNCT);
    sl_buf b = SL_BUF_INIT;
    sl_script_tok_unquote(&t[3], &b);
    ck_assert_str_eq(b.p, "earl'iest");
    ck_assert_int_eq(t[4].type, SL_TOK_PUNCT);
    ck_assert_int_eq(t[5].type, SL_TOK_QIDENT);
    ck_assert_int_eq(t[6].type, SL_TOK_QIDENT);
    ck_assert_int_eq(t[7].type, SL_TOK_NUMBER);
    ck_assert_uint_eq(t[7].n, 5);
    ck_assert_int_eq(t[8].type, SL_TOK_WORD);
    ck_assert_uint_eq(t[8].n, 5);
    sl_buf_free(&b);
    /* an unterminated quote runs to the end */
    sl_script_tok u;
    ck_assert_uint_eq(sl_script_token("  'abc", 6, &u), 6);
    ck_assert_int_eq(u.type, SL_TOK_STRING);
}
END_TEST

static const char *lookup(void *ctx, const char *name, size_t n)
{
    (void)ctx;
    static const char *const vars[][2] = {
        {"topic", "page'views"},     {"TBL", "PAGEVIEWS"}, {"num", "42"},
        {"bad", "x; DROP STREAM y"}, {"lit", "'quoted'"},
    };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (strlen(vars[i][0]) == n && strncasecmp(vars[i][0], name, n) == 0) return vars[i][1];
    return NULL;
}

static char *subst(const char *s, sl_error **err)
{
    sl_buf out = SL_BUF_INIT;
    *err = sl_script_subst(s, strlen(s), lookup, NULL, &out);
    return out.p ? sl_buf_take(&out) : strdup("");
}

START_TEST(test_script_substitutes_variables)
{
    sl_error *err;
    char *got =
        subst("SELECT * FROM ${tbl} WHERE n > ${NUM} AND t = '${topic}' -- ${tbl}\n;", &err);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(got,
                     "SELECT * FROM PAGEVIEWS WHERE n > 42 AND t = 'page''views' -- ${tbl}\n;");
    free(got);
    got = subst("CREATE STREAM `${topic}` WITH (x=${lit}, y='${undefined}', z=${nope});", &err);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(got,
                     "CREATE STREAM `page'views` WITH (x='quoted', y='${undefined}', z=${nope});");
    free(got);
    got = subst("$ {tbl} ${ tbl} ${1x} ${", &err);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(got, "$ {tbl} ${ tbl} ${1x} ${");
    free(got);
}
END_TEST

START_TEST(test_script_refuses_injecting_values)
{
    sl_error *err;
    char *got = subst("SELECT 1,\n  ${bad};", &err);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(err->line, 2);
    ck_assert_int_eq(err->col, 3);
    ck_assert_msg(strncmp(err->msg, "line 2:3: variable 'bad'", 24) == 0, "%s", err->msg);
    ck_assert_ptr_nonnull(err->hint);
    sl_error_free(err);
    free(got);
}
END_TEST

static char *normal(const char *s)
{
    sl_buf b = SL_BUF_INIT;
    sl_script_normalize(s, strlen(s), &b);
    return b.p ? sl_buf_take(&b) : strdup("");
}

START_TEST(test_script_normal_forms)
{
    char *a =
        normal("create stream s (id int)\n  with (kafka_topic='S', value_format='json'); -- x");
    char *b = normal(
        "CREATE   STREAM `S` ( ID INT ) /* c */ WITH (KAFKA_TOPIC = 'S',VALUE_FORMAT='json')");
    ck_assert_str_eq(a, b);
    ck_assert_str_eq(
        a, "CREATE STREAM S ( ID INT ) WITH ( KAFKA_TOPIC = 'S' , VALUE_FORMAT = 'json' )");
    char *c = normal("CREATE STREAM s WITH (value_format='JSON');");
    ck_assert_str_ne(a, c); /* string literals keep their case */
    char *d = normal("SELECT `lower` FROM t;");
    ck_assert_str_eq(d, "SELECT `lower` FROM T");
    free(a);
    free(b);
    free(c);
    free(d);
}
END_TEST

START_TEST(test_script_flatten_for_history)
{
    sl_buf b = SL_BUF_INIT;
    const char *s =
        "CREATE STREAM s -- the name\n  (id INT, /* key\n */ v STRING)\n  WITH (x='a\nb');";
    sl_script_flatten(s, strlen(s), &b);
    ck_assert_str_eq(b.p, "CREATE STREAM s (id INT, /* key  */ v STRING) WITH (x='a\nb');");
    sl_buf_free(&b);
}
END_TEST

static Suite *script_suite(void)
{
    Suite *s = suite_create("script");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_script_splits_at_semicolons);
    tcase_add_test(tc, test_script_semicolons_in_quotes_and_comments);
    tcase_add_test(tc, test_script_partial_statements);
    tcase_add_test(tc, test_script_positions_count_characters);
    tcase_add_test(tc, test_script_tokens);
    tcase_add_test(tc, test_script_substitutes_variables);
    tcase_add_test(tc, test_script_refuses_injecting_values);
    tcase_add_test(tc, test_script_normal_forms);
    tcase_add_test(tc, test_script_flatten_for_history);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(script_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
