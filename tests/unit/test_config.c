/*
 * test_config.c - sluiced's configuration (server/config.h): the .properties
 * reader, SLUICE_* environment overrides, typed values and their checks, the
 * kafka.* passthrough, and the generated reference.
 */
#include "server/config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes text to a fresh temporary file; returns its path (static buffer). */
static const char *temp_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/sl_test_config_XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

START_TEST(test_config_defaults)
{
    sl_conf *conf = sl_conf_new();
    ck_assert_str_eq(sl_conf_str(conf, "listeners"), "http://0.0.0.0:8088");
    ck_assert_str_eq(sl_conf_str(conf, "service.id"), "default_");
    ck_assert_ptr_null(sl_conf_str(conf, "bootstrap.servers"));
    ck_assert_int_eq(sl_conf_int(conf, "request.max.bytes"), 10 << 20);
    ck_assert(!sl_conf_bool(conf, "fail.on.deserialization.error"));
    ck_assert_ptr_null(sl_conf_kafka_props(conf)[0]);
    sl_conf_free(conf);
}
END_TEST

START_TEST(test_config_file)
{
    const char *path = temp_file("# a comment\n! another\n\n"
                                 "data.dir = /var/lib/sluice\n"
                                 "service.id: prod_\n"
                                 "commit.interval.ms=2s\n"
                                 "listeners=http://127.0.0.1:\\\n   9000\n"
                                 "log.level=WARN\n");
    sl_conf *conf = sl_conf_new();
    sl_error *err = sl_conf_load_file(conf, path);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(sl_conf_str(conf, "data.dir"), "/var/lib/sluice");
    ck_assert_str_eq(sl_conf_str(conf, "service.id"), "prod_");
    ck_assert_int_eq(sl_conf_int(conf, "commit.interval.ms"), 2000);
    ck_assert_str_eq(sl_conf_str(conf, "listeners"), "http://127.0.0.1:9000");
    ck_assert_int_eq(sl_conf_int(conf, "log.level"), 2); /* debug|info|warn: index 2 */
    sl_conf_free(conf);
    unlink(path);
}
END_TEST

START_TEST(test_config_file_errors_name_the_line)
{
    const char *path = temp_file("data.dir=/x\nnum.stream.threads=zero\n");
    sl_conf *conf = sl_conf_new();
    sl_error *err = sl_conf_load_file(conf, path);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err->msg, ":2: invalid value for 'num.stream.threads': 'zero'"));
    sl_error_free(err);
    unlink(path);

    path = temp_file("no.such.key=1\n");
    err = sl_conf_load_file(conf, path);
    ck_assert_ptr_nonnull(strstr(err->msg, ":1: unknown configuration property 'no.such.key'"));
    sl_error_free(err);
    unlink(path);

    path = temp_file("just a line\n");
    err = sl_conf_load_file(conf, path);
    ck_assert_ptr_nonnull(strstr(err->msg, ":1: expected key=value"));
    sl_error_free(err);
    unlink(path);

    err = sl_conf_load_file(conf, "/nonexistent/sluice.properties");
    ck_assert_ptr_nonnull(strstr(err->msg, "cannot open config file '/nonexistent/"));
    sl_error_free(err);
    sl_conf_free(conf);
}
END_TEST

START_TEST(test_config_checks_values)
{
    sl_conf *conf = sl_conf_new();
    sl_error *err = sl_conf_set(conf, "num.stream.threads", "0");
    ck_assert_ptr_nonnull(strstr(err->msg, "out of range [1, 256]"));
    sl_error_free(err);
    err = sl_conf_set(conf, "log.level", "loud");
    ck_assert_str_eq(err->msg, "invalid value for 'log.level': 'loud' (one of: "
                               "debug|info|warn|error|off)");
    sl_error_free(err);
    err = sl_conf_set(conf, "auto.offset.reset", "earliestt");
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
    err = sl_conf_set(conf, "log.sync", "yes");
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
    ck_assert_ptr_null(sl_conf_set(conf, "request.max.bytes", "64k"));
    ck_assert_int_eq(sl_conf_int(conf, "request.max.bytes"), 65536);
    ck_assert_ptr_null(sl_conf_set(conf, "auto.offset.reset", "Latest"));
    ck_assert_str_eq(sl_conf_str(conf, "log.level"), "info"); /* failures changed nothing */
    sl_conf_free(conf);
}
END_TEST

START_TEST(test_config_env_overrides)
{
    char *env[] = {"SLUICE_DATA_DIR=/srv/data",
                   "SLUICE_NUM_STREAM_THREADS=4",
                   "SLUICE_KAFKA_MOCK_CONTROL=/tmp/ctl",
                   "SLUICE_KAFKA_SECURITY_PROTOCOL=SASL_SSL",
                   "SLUICEX_DATA_DIR=/ignored",
                   "PATH=/bin",
                   NULL};
    sl_conf *conf = sl_conf_new();
    ck_assert_ptr_null(sl_conf_load_env(conf, env));
    ck_assert_str_eq(sl_conf_str(conf, "data.dir"), "/srv/data");
    ck_assert_int_eq(sl_conf_int(conf, "num.stream.threads"), 4);
    ck_assert_str_eq(sl_conf_str(conf, "kafka.mock.control"), "/tmp/ctl");
    const char *const *kv = sl_conf_kafka_props(conf);
    ck_assert_str_eq(kv[0], "security.protocol"); /* the table key is not a passthrough */
    ck_assert_str_eq(kv[1], "SASL_SSL");
    ck_assert_ptr_null(kv[2]);

    char *bad[] = {"SLUICE_COMMIT_INTERVAL_MS=soon", NULL};
    sl_error *err = sl_conf_load_env(conf, bad);
    ck_assert_str_eq(err->msg, "environment SLUICE_COMMIT_INTERVAL_MS: invalid value for "
                               "'commit.interval.ms': 'soon'");
    sl_error_free(err);
    sl_conf_free(conf);
}
END_TEST

START_TEST(test_config_kafka_passthrough)
{
    sl_conf *conf = sl_conf_new();
    ck_assert_ptr_null(sl_conf_set(conf, "kafka.sasl.mechanism", "PLAIN"));
    ck_assert_ptr_null(sl_conf_set(conf, "kafka.producer.linger.ms", "5"));
    ck_assert_ptr_null(sl_conf_set(conf, "kafka.sasl.mechanism", "SCRAM-SHA-256"));
    const char *const *kv = sl_conf_kafka_props(conf);
    ck_assert_str_eq(kv[0], "sasl.mechanism");
    ck_assert_str_eq(kv[1], "SCRAM-SHA-256"); /* replaced in place */
    ck_assert_str_eq(kv[2], "producer.linger.ms");
    ck_assert_str_eq(kv[3], "5");
    ck_assert_ptr_null(kv[4]);
    sl_error *err = sl_conf_set(conf, "kafka.", "x");
    ck_assert_ptr_nonnull(strstr(err->msg, "names no librdkafka property"));
    sl_error_free(err);
    sl_conf_free(conf);
}
END_TEST

START_TEST(test_config_doc_lists_every_key)
{
    sl_buf b = SL_BUF_INIT;
    sl_conf_print_doc(&b);
    int n;
    const sl_conf_def *defs = sl_conf_defs(&n);
    for (int i = 0; i < n; i++) {
        char row[128];
        snprintf(row, sizeof row, "| `%s` |", defs[i].name);
        ck_assert_msg(strstr(b.p, row), "%s is not documented", defs[i].name);
    }
    ck_assert_ptr_nonnull(strstr(b.p, "| `log.level` | one of `debug`, `info`, `warn`, `error`, "
                                      "`off` | info |"));
    ck_assert_ptr_nonnull(strstr(b.p, "## Kafka client properties"));
    sl_buf_free(&b);
}
END_TEST

static Suite *config_suite(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_config_defaults);
    tcase_add_test(tc, test_config_file);
    tcase_add_test(tc, test_config_file_errors_name_the_line);
    tcase_add_test(tc, test_config_checks_values);
    tcase_add_test(tc, test_config_env_overrides);
    tcase_add_test(tc, test_config_kafka_passthrough);
    tcase_add_test(tc, test_config_doc_lists_every_key);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(config_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
