/*
 * test_history.c - unit tests of the shell's history file (cli/history.c):
 * it survives a reopen, keeps secrets out, stays private (0600), keeps
 * multi-line entries whole, trims itself to its maximum, and turns a typed
 * multi-line statement into one line.
 */
#include "cli/shell_int.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];
static char path[128];

static void setup(void)
{
    strcpy(dir, "/tmp/sl_history_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/.sluice_history", dir);
}

static void teardown(void)
{
    unlink(path);
    rmdir(dir);
}

static sl_history *open_ok(size_t max)
{
    sl_history *h;
    sl_error *err = sl_history_open(path, max, &h);
    ck_assert_msg(err == NULL, "%s", err ? err->msg : "");
    return h;
}

static bool add(sl_history *h, const char *e)
{
    sl_error *err;
    bool kept = sl_history_add(h, e, &err);
    ck_assert_msg(err == NULL, "%s", err ? err->msg : "");
    return kept;
}

START_TEST(test_history_secrets_are_recognised)
{
    ck_assert(sl_history_is_secret("SET 'ssl.key.password'='x';"));
    ck_assert(sl_history_is_secret("set 'sasl.jaas.config'='org.apache...';"));
    ck_assert(sl_history_is_secret("CREATE SOURCE CONNECTOR c WITH ('connection.password'='p');"));
    ck_assert(sl_history_is_secret("server http://bob:hunter2@host:8088"));
    ck_assert(sl_history_is_secret("SET 'basic.auth.user.info'='u:p';"));
    ck_assert(!sl_history_is_secret("SELECT * FROM pageviews EMIT CHANGES;"));
    ck_assert(!sl_history_is_secret("server http://host:8088"));
    ck_assert(!sl_history_is_secret("server http://host:8088/path@x"));
}
END_TEST

START_TEST(test_history_survives_reopen)
{
    sl_history *h = open_ok(100);
    ck_assert(add(h, "SHOW STREAMS;"));
    ck_assert(!add(h, "SHOW STREAMS;")); /* same as the last: not kept twice */
    ck_assert(!add(h, "   "));
    ck_assert(!add(h, "SET 'sasl.jaas.config'='secret stuff';"));
    ck_assert(add(h, "SELECT 'a\\b' FROM t\nWHERE x = 'multi\nline';"));
    ck_assert(add(h, "help"));
    ck_assert_uint_eq(sl_history_count(h), 3);
    sl_history_free(h);

    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);

    h = open_ok(100);
    ck_assert_uint_eq(sl_history_count(h), 3);
    ck_assert_str_eq(sl_history_get(h, 0), "SHOW STREAMS;");
    ck_assert_str_eq(sl_history_get(h, 1), "SELECT 'a\\b' FROM t\nWHERE x = 'multi\nline';");
    ck_assert_str_eq(sl_history_get(h, 2), "help");
    ck_assert_ptr_null(sl_history_get(h, 3));
    sl_history_free(h);

    /* nothing secret reached the file */
    FILE *f = fopen(path, "r");
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    ck_assert_ptr_null(strstr(buf, "sasl"));
    ck_assert_ptr_nonnull(strstr(buf, "FROM t\\nWHERE"));
}
END_TEST

START_TEST(test_history_trims_and_tightens_mode)
{
    sl_history *h = open_ok(1000);
    char e[32];
    for (int i = 0; i < 30; i++) {
        snprintf(e, sizeof e, "SELECT %d;", i);
        add(h, e);
    }
    sl_history_free(h);
    chmod(path, 0644);
    h = open_ok(10); /* keeps the newest 10 and rewrites the file */
    ck_assert_uint_eq(sl_history_count(h), 10);
    ck_assert_str_eq(sl_history_get(h, 0), "SELECT 20;");
    ck_assert_str_eq(sl_history_get(h, 9), "SELECT 29;");
    add(h, "SELECT 30;");
    ck_assert_uint_eq(sl_history_count(h), 10);
    ck_assert_str_eq(sl_history_get(h, 0), "SELECT 21;");
    sl_history_free(h);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    h = open_ok(100);
    ck_assert_uint_eq(sl_history_count(h), 11);
    sl_history_free(h);
}
END_TEST

START_TEST(test_history_in_memory_and_unreadable)
{
    sl_history *h;
    ck_assert_ptr_null(sl_history_open(NULL, 5, &h));
    ck_assert(add(h, "SHOW TABLES;"));
    ck_assert_uint_eq(sl_history_count(h), 1);
    sl_history_free(h);
    sl_history_free(NULL);
    /* a directory where the file should be: an error, but a usable history */
    ck_assert_int_eq(mkdir(path, 0700), 0);
    sl_error *err = sl_history_open(path, 5, &h);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
    ck_assert_ptr_nonnull(h);
    sl_error *werr;
    ck_assert(sl_history_add(h, "SHOW TABLES;", &werr));
    ck_assert_ptr_nonnull(werr);
    sl_error_free(werr);
    sl_history_free(h);
    rmdir(path);
}
END_TEST

START_TEST(test_history_line_flattens_statements)
{
    sl_buf b = SL_BUF_INIT;
    const char *s = "CREATE STREAM s -- the name\n  (id INT, /* key\n */ v STRING)\n"
                    "  WITH (x='a\nb');";
    sl_history_line(s, strlen(s), &b);
    ck_assert_str_eq(b.p, "CREATE STREAM s (id INT, /* key  */ v STRING) WITH (x='a\nb');");
    sl_buf_reset(&b);
    sl_history_line("SHOW\n\tTABLES;\n", 14, &b);
    ck_assert_str_eq(b.p, "SHOW TABLES;");
    sl_buf_reset(&b);
    sl_history_line("SELECT 'open\n", 13, &b); /* an unterminated quote stays as typed */
    ck_assert_str_eq(b.p, "SELECT 'open\n");
    sl_buf_free(&b);
}
END_TEST

static Suite *history_suite(void)
{
    Suite *s = suite_create("history");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_history_secrets_are_recognised);
    tcase_add_test(tc, test_history_survives_reopen);
    tcase_add_test(tc, test_history_trims_and_tightens_mode);
    tcase_add_test(tc, test_history_in_memory_and_unreadable);
    tcase_add_test(tc, test_history_line_flattens_statements);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(history_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
