/*
 * test_qout.c - unit tests of server/qout.h: each framing of a query's answer is valid
 * JSON (V1 and JSON as one array, DELIMITED line by line) with ksqlDB's element shapes;
 * values render as the REST API renders them.
 */
#include "server/qout.h"

#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const sl_field cols[] = {{"K", &sl_type_string}, {"V", &sl_type_int}};

static void answer(sl_buf *b, sl_qfmt fmt, bool with_error)
{
    bool key[2] = {true, false};
    sl_qout_header(b, fmt, "q_1", cols, 2, key);
    sl_value r1[2] = {sl_value_str("a\"b", 3), sl_value_int(1)};
    sl_value r2[2] = {sl_value_str("k", 1), sl_value_null()};
    sl_qout_row(b, fmt, cols, 2, r1, false);
    sl_qout_row(b, fmt, cols, 2, r2, true);
    if (with_error)
        sl_qout_error(b, fmt, 50000, "boom");
    else
        sl_qout_final(b, fmt, "Limit Reached");
    sl_qout_end(b, fmt);
}

static json_t *parse(const char *text)
{
    json_error_t jerr;
    json_t *j = json_loads(text, 0, &jerr);
    ck_assert_msg(j != NULL, "not JSON (%s): %s", jerr.text, text);
    return j;
}

START_TEST(test_qout_v1)
{
    sl_buf b = SL_BUF_INIT;
    answer(&b, SL_QFMT_V1, false);
    json_t *a = parse(b.p);
    ck_assert_int_eq(json_array_size(a), 4);
    json_t *h = json_object_get(json_array_get(a, 0), "header");
    ck_assert_str_eq(json_string_value(json_object_get(h, "queryId")), "q_1");
    ck_assert_str_eq(json_string_value(json_object_get(h, "schema")),
                     "`K` STRING KEY, `V` INTEGER");
    json_t *row = json_object_get(json_array_get(a, 1), "row");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(row, "columns"), 0)), "a\"b");
    ck_assert_ptr_null(json_object_get(row, "tombstone"));
    json_t *tomb = json_object_get(json_array_get(a, 2), "row");
    ck_assert(json_is_true(json_object_get(tomb, "tombstone")));
    ck_assert(json_is_null(json_array_get(json_object_get(tomb, "columns"), 1)));
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(a, 3), "finalMessage")),
                     "Limit Reached");
    json_decref(a);
    sl_buf_reset(&b);
    answer(&b, SL_QFMT_V1, true);
    a = parse(b.p);
    json_t *em = json_object_get(json_array_get(a, 3), "errorMessage");
    ck_assert_int_eq(json_integer_value(json_object_get(em, "error_code")), 50000);
    ck_assert_str_eq(json_string_value(json_object_get(em, "message")), "boom");
    json_decref(a);
    sl_buf_free(&b);
}
END_TEST

START_TEST(test_qout_delimited)
{
    sl_buf b = SL_BUF_INIT;
    answer(&b, SL_QFMT_DELIMITED, true);
    char *save = NULL, *text = strdup(b.p);
    int n = 0;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
        json_t *j = parse(line);
        if (n == 0) {
            ck_assert_str_eq(
                json_string_value(json_array_get(json_object_get(j, "columnNames"), 1)), "V");
            ck_assert_str_eq(
                json_string_value(json_array_get(json_object_get(j, "columnTypes"), 1)), "INTEGER");
        } else if (n < 3) {
            ck_assert(json_is_array(j));
        } else {
            ck_assert_str_eq(json_string_value(json_object_get(j, "@type")), "generic_error");
        }
        json_decref(j);
    }
    ck_assert_int_eq(n, 4);
    ck_assert(b.p[b.len - 1] == '\n');
    free(text);
    sl_buf_free(&b);
}
END_TEST

START_TEST(test_qout_json)
{
    sl_buf b = SL_BUF_INIT;
    answer(&b, SL_QFMT_JSON, false);
    json_t *a = parse(b.p);
    ck_assert_int_eq(json_array_size(a), 3); /* metadata and two rows: no final message */
    ck_assert_int_eq(json_integer_value(json_array_get(json_array_get(a, 1), 1)), 1);
    json_decref(a);
    sl_buf_free(&b);
    ck_assert_str_eq(sl_qout_content_type(SL_QFMT_DELIMITED),
                     "application/vnd.ksqlapi.delimited.v1");
}
END_TEST

START_TEST(test_qout_values)
{
    const sl_field c[] = {{"T", &sl_type_timestamp}, {"B", &sl_type_bytes}, {"D", &sl_type_double}};
    sl_value v[3] = {sl_value_int(0), sl_value_str("\x01\x02", 2), sl_value_double(2.0)};
    sl_buf b = SL_BUF_INIT;
    sl_qout_row(&b, SL_QFMT_DELIMITED, c, 3, v, false);
    ck_assert_str_eq(b.p, "[\"1970-01-01T00:00:00.000\",\"AQI=\",2.0]\n");
    sl_buf_free(&b);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("qout");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_qout_v1);
    tcase_add_test(tc, test_qout_delimited);
    tcase_add_test(tc, test_qout_json);
    tcase_add_test(tc, test_qout_values);
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
