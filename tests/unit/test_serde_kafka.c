/*
 * test_serde_kafka.c - unit tests of the KAFKA format: the bytes Kafka's Java
 * serializers write for each supported type (kafka.json, key-schemas.json,
 * bytes.json), NULLs as records without bytes, and the size errors of Kafka's
 * deserializers.
 */
#include "exec/serde.h"

#include <check.h>
#include <stdio.h>
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

static sl_serde *mk(const sl_type *t, bool key)
{
    static sl_field f[1];
    f[0] = (sl_field){"V", t};
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    p.is_key = key;
    p.topic = "input";
    sl_serde *s = NULL;
    sl_error *err = sl_serde_new(SL_SERDE_KAFKA, f, 1, &p, NULL, &s);
    ck_assert_msg(!err, "sl_serde_new: %s", err ? err->msg : "");
    return s;
}

/* Encodes v and checks the bytes, then decodes them back and checks the value. */
static void round_trip(const sl_type *t, sl_value v, const char *bytes, size_t n)
{
    sl_serde *s = mk(t, false);
    sl_buf b = SL_BUF_INIT;
    bool is_null;
    ck_assert(!sl_serde_encode(s, &v, &b, &is_null));
    ck_assert(!is_null);
    ck_assert_int_eq(b.len, n);
    ck_assert(n == 0 || memcmp(b.p, bytes, n) == 0);
    sl_value out;
    ck_assert(!sl_serde_decode(s, b.p, b.len, ar, &out, &is_null));
    ck_assert(!is_null);
    ck_assert(sl_value_eq(t, v, out));
    sl_buf_free(&b);
    sl_serde_free(s);
}

START_TEST(test_serde_kafka_writes_kafka_serializer_bytes)
{
    round_trip(&sl_type_int, sl_value_int(2), "\0\0\0\x02", 4);
    round_trip(&sl_type_int, sl_value_int(-2), "\xff\xff\xff\xfe", 4);
    round_trip(&sl_type_bigint, sl_value_int(10000000000LL), "\0\0\0\x02\x54\x0b\xe4\0", 8);
    round_trip(&sl_type_double, sl_value_double(1.1), "\x3f\xf1\x99\x99\x99\x99\x99\x9a", 8);
    round_trip(&sl_type_string, sl_value_str("bar", 3), "bar", 3);
    round_trip(&sl_type_string, sl_value_str("", 0), "", 0); /* empty, not null */
    round_trip(&sl_type_bytes, sl_value_str("variations", 10), "variations", 10);
}
END_TEST

START_TEST(test_serde_kafka_nulls_and_errors)
{
    sl_serde *s = mk(&sl_type_int, true);
    sl_value v = sl_value_null();
    bool is_null;
    sl_buf b = SL_BUF_INIT;
    ck_assert(!sl_serde_encode(s, &v, &b, &is_null));
    ck_assert(is_null && b.len == 0);
    ck_assert(!sl_serde_decode(s, NULL, 0, ar, &v, &is_null));
    ck_assert(is_null && v.null);
    sl_error *err = sl_serde_decode(s, "\0\0\x01", 3, ar, &v, NULL);
    ck_assert_int_eq(err->code, SL_E_SERDE);
    ck_assert_str_eq(err->msg, "Failed to deserialize key from topic: input. Size of data "
                               "received by IntegerDeserializer is not 4");
    sl_error_free(err);
    sl_serde_free(s);
    s = mk(&sl_type_bigint, false);
    err = sl_serde_decode(s, "", 0, ar, &v, NULL);
    ck_assert_str_eq(err->msg, "Failed to deserialize value from topic: input. Size of data "
                               "received by LongDeserializer is not 8");
    sl_error_free(err);
    sl_serde_free(s);
    s = mk(&sl_type_double, false);
    err = sl_serde_decode(s, "123456789", 9, ar, &v, NULL);
    ck_assert_str_eq(err->msg, "Failed to deserialize value from topic: input. Size of data "
                               "received by DoubleDeserializer is not 8");
    sl_error_free(err);
    sl_serde_free(s);
    s = mk(&sl_type_string, false); /* invalid UTF-8 reads as U+FFFD, as Java's decoder */
    ck_assert(!sl_serde_decode(s, "a\xe2\x82z\x80", 5, ar, &v, NULL));
    ck_assert_int_eq(v.len, 8);
    ck_assert(memcmp(v.u.s, "a\xEF\xBF\xBDz\xEF\xBF\xBD", 8) == 0);
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_kafka_rejects_what_ksqldb_rejects)
{
    const sl_type *bad[] = {&sl_type_boolean, &sl_type_timestamp, sl_type_decimal(ar, 4, 2),
                            sl_type_array(ar, &sl_type_int)};
    const char *names[] = {"BOOLEAN", "TIMESTAMP", "DECIMAL", "ARRAY"};
    for (int i = 0; i < 4; i++) {
        sl_field f[] = {{"V", bad[i]}};
        sl_serde *s;
        sl_error *err = sl_serde_new(SL_SERDE_KAFKA, f, 1, NULL, NULL, &s);
        char want[80];
        snprintf(want, sizeof want, "The 'KAFKA' format does not support type '%s'", names[i]);
        ck_assert_str_eq(err->msg, want);
        sl_error_free(err);
    }
}
END_TEST

static Suite *serde_kafka_suite(void)
{
    Suite *su = suite_create("serde_kafka");
    TCase *tc = tcase_create("kafka");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_serde_kafka_writes_kafka_serializer_bytes);
    tcase_add_test(tc, test_serde_kafka_nulls_and_errors);
    tcase_add_test(tc, test_serde_kafka_rejects_what_ksqldb_rejects);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(serde_kafka_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
