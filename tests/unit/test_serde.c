/*
 * test_serde.c - unit tests of the serde front: format names, WITH property
 * validation and compile-time schema checks with ksqlDB's messages (formats.json,
 * serdes.json, kafka.json, delimited.json, none.json, key-schemas.json), the
 * NONE format, and windowed keys in Kafka Streams' layout.
 */
#include "exec/serde.h"

#include <check.h>
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

/* The message of compiling a serde that must fail. */
static const char *new_err(sl_serde_format f, const sl_field *cols, uint32_t n,
                           const sl_serde_props *p)
{
    sl_serde *s = NULL;
    sl_error *err = sl_serde_new(f, cols, n, p, NULL, &s);
    ck_assert_msg(err, "expected sl_serde_new to fail");
    ck_assert_ptr_null(s);
    char *m = sl_arena_strdup(ar, err->msg);
    sl_error_free(err);
    return m;
}

static const char *prop_err(sl_serde_props *p, sl_serde_format f, const char *name,
                            const char *value)
{
    sl_error *err = sl_serde_props_set(p, f, name, value);
    if (!err) return NULL;
    char *m = sl_arena_strdup(ar, err->msg);
    sl_error_free(err);
    return m;
}

START_TEST(test_serde_format_names)
{
    sl_serde_format f;
    ck_assert(!sl_serde_format_parse("json", &f) && f == SL_SERDE_JSON);
    ck_assert(!sl_serde_format_parse("Delimited", &f) && f == SL_SERDE_DELIMITED);
    ck_assert(!sl_serde_format_parse("KAFKA", &f) && f == SL_SERDE_KAFKA);
    ck_assert(!sl_serde_format_parse("none", &f) && f == SL_SERDE_NONE);
    ck_assert_str_eq(sl_serde_format_name(SL_SERDE_DELIMITED), "DELIMITED");
    sl_error *err = sl_serde_format_parse("FOO", &f);
    ck_assert_int_eq(err->code, SL_E_STATEMENT);
    ck_assert_str_eq(err->msg, "Unknown format: FOO"); /* formats.json */
    sl_error_free(err);
    err = sl_serde_format_parse("avro", &f);
    ck_assert_int_eq(err->code, SL_E_UNSUPPORTED);
    sl_error_free(err);
}
END_TEST

START_TEST(test_serde_props_validate_like_ksqldb)
{
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    ck_assert(!prop_err(&p, SL_SERDE_DELIMITED, "value_delimiter", "|"));
    ck_assert_int_eq(p.delimiter, '|');
    ck_assert(!prop_err(&p, SL_SERDE_DELIMITED, "VALUE_DELIMITER", "TAB"));
    ck_assert_int_eq(p.delimiter, '\t');
    ck_assert(!prop_err(&p, SL_SERDE_DELIMITED, "VALUE_DELIMITER", "SPACE"));
    ck_assert_int_eq(p.delimiter, ' ');
    /* delimited.json */
    ck_assert_str_eq(prop_err(&p, SL_SERDE_DELIMITED, "VALUE_DELIMITER", "<~>"),
                     "Configuration VALUE_DELIMITER is invalid: Invalid delimiter value: '<~>'. "
                     "Delimiter must be a single character or TAB,SPACE\nExample valid value: ';'");
    const char *empty = "Configuration VALUE_DELIMITER is invalid: Delimiter cannot be empty, if "
                        "you meant to have a tab or space for delimiter, please use the special "
                        "values 'TAB' or 'SPACE'\nExample valid value: ';'";
    ck_assert_str_eq(prop_err(&p, SL_SERDE_DELIMITED, "VALUE_DELIMITER", ""), empty);
    ck_assert_str_eq(prop_err(&p, SL_SERDE_DELIMITED, "VALUE_DELIMITER", " "), empty);
    ck_assert_str_eq(prop_err(&p, SL_SERDE_DELIMITED, "VALUE_DELIMITER", "\t"), empty);
    ck_assert_str_eq(prop_err(&p, SL_SERDE_DELIMITED, "VALUE_DELIMITER", "\""),
                     "Configuration VALUE_DELIMITER is invalid: The quoteChar character and the "
                     "delimiter cannot be the same ('\"')\nExample valid value: ';'");
    ck_assert_str_eq(prop_err(&p, SL_SERDE_JSON, "VALUE_DELIMITER", ";"),
                     "JSON does not support the following configs: [delimiter]");
    /* kafka.json */
    ck_assert_str_eq(prop_err(&p, SL_SERDE_KAFKA, "WRAP_SINGLE_VALUE", "true"),
                     "Format 'KAFKA' does not support 'WRAP_SINGLE_VALUE' set to 'true'.");
    ck_assert(!prop_err(&p, SL_SERDE_KAFKA, "WRAP_SINGLE_VALUE", "false"));
    ck_assert_int_eq(p.wrap_single, 0);
    ck_assert(!prop_err(&p, SL_SERDE_JSON, "wrap_single_value", "TRUE"));
    ck_assert_int_eq(p.wrap_single, 1);
    ck_assert_str_eq(prop_err(&p, SL_SERDE_JSON, "WRAP_SINGLE_VALUE", "yes"),
                     "Invalid value yes for configuration WRAP_SINGLE_VALUE: Expected value to "
                     "be either true or false");
    ck_assert_str_eq(prop_err(&p, SL_SERDE_JSON, "FOO", "1"),
                     "Invalid config variable(s) in the WITH clause: FOO");
    /* A key's property on a value's props is a routing bug in the caller. */
    sl_error *err = sl_serde_props_set(&p, SL_SERDE_DELIMITED, "KEY_DELIMITER", ";");
    ck_assert_int_eq(err->code, SL_E_INTERNAL);
    sl_error_free(err);
    sl_serde_props k = SL_SERDE_PROPS_INIT;
    k.is_key = true;
    ck_assert(!prop_err(&k, SL_SERDE_DELIMITED, "KEY_DELIMITER", ";"));
    ck_assert_int_eq(k.delimiter, ';');
    ck_assert(sl_serde_format_accepts(SL_SERDE_DELIMITED, "KEY_DELIMITER"));
    ck_assert(sl_serde_format_accepts(SL_SERDE_JSON, "WRAP_SINGLE_VALUE"));
    ck_assert(!sl_serde_format_accepts(SL_SERDE_JSON, "VALUE_DELIMITER"));
    ck_assert(!sl_serde_format_accepts(SL_SERDE_NONE, "WRAP_SINGLE_VALUE"));
}
END_TEST

START_TEST(test_serde_new_checks_schemas_like_ksqldb)
{
    sl_serde_props v = SL_SERDE_PROPS_INIT, k = SL_SERDE_PROPS_INIT;
    k.is_key = true;
    sl_field two[] = {{"F0", &sl_type_string}, {"F1", &sl_type_string}};
    v.wrap_single = 1;
    ck_assert_str_eq(new_err(SL_SERDE_JSON, two, 2, &v),
                     "'WRAP_SINGLE_VALUE' is only valid for single-field value schemas");
    v.wrap_single = 0;
    ck_assert_str_eq(new_err(SL_SERDE_JSON, two, 2, &v),
                     "'WRAP_SINGLE_VALUE' is only valid for single-field value schemas");
    sl_field one[] = {{"FOO", &sl_type_int}};
    v.wrap_single = 1;
    ck_assert_str_eq(new_err(SL_SERDE_KAFKA, one, 1, &v),
                     "Format 'KAFKA' does not support 'WRAP_SINGLE_VALUE' set to 'true'.");
    sl_field st[] = {{"F1", &sl_type_double}};
    sl_field foo[] = {{"FOO", sl_type_struct(ar, 1, st)}};
    ck_assert_str_eq(new_err(SL_SERDE_KAFKA, foo, 1, NULL),
                     "The 'KAFKA' format does not support type 'STRUCT'");
    sl_field ints[] = {{"A", &sl_type_int}, {"B", &sl_type_int}};
    ck_assert_str_eq(new_err(SL_SERDE_KAFKA, ints, 2, NULL),
                     "The 'KAFKA' format only supports a single field. Got: [`A` INTEGER, `B` "
                     "INTEGER]");
    sl_field m[] = {{"FOO", sl_type_map(ar, &sl_type_int, &sl_type_double)}};
    ck_assert_str_eq(new_err(SL_SERDE_JSON, m, 1, NULL),
                     "JSON only supports MAP types with STRING keys");
    ck_assert_str_eq(new_err(SL_SERDE_DELIMITED, m, 1, NULL),
                     "The 'DELIMITED' format does not support type 'MAP', column: `FOO`");
    /* key-schemas.json, delimited.json, none.json, kafka.json: key schemas. */
    sl_field dec[] = {{"K", sl_type_decimal(ar, 21, 19)}};
    ck_assert_str_eq(new_err(SL_SERDE_KAFKA, dec, 1, &k),
                     "Key format does not support schema.\nformat: KAFKA\nschema: "
                     "Persistence{columns=[`K` DECIMAL(21, 19) KEY], features=[]}\nreason: The "
                     "'KAFKA' format does not support type 'DECIMAL'");
    sl_field ks[] = {{"K1", &sl_type_int}, {"K2", &sl_type_int}};
    ck_assert_str_eq(new_err(SL_SERDE_KAFKA, ks, 2, &k),
                     "Key format does not support schema.\nformat: KAFKA\nschema: "
                     "Persistence{columns=[`K1` INTEGER KEY, `K2` INTEGER KEY], features=[]}\n"
                     "reason: The 'KAFKA' format only supports a single field. Got: [`K1` INTEGER "
                     "KEY, `K2` INTEGER KEY]");
    sl_field arr[] = {{"K", sl_type_array(ar, &sl_type_double)}};
    ck_assert_str_eq(new_err(SL_SERDE_DELIMITED, arr, 1, &k),
                     "Key format does not support schema.\nformat: DELIMITED\nschema: "
                     "Persistence{columns=[`K` ARRAY<DOUBLE> KEY], features=[]}\nreason: The "
                     "'DELIMITED' format does not support type 'ARRAY', column: `K`");
    sl_field kstr[] = {{"K", &sl_type_string}};
    ck_assert_str_eq(new_err(SL_SERDE_NONE, kstr, 1, &k),
                     "Key format does not support schema.\nformat: NONE\nschema: "
                     "Persistence{columns=[`K` STRING KEY], features=[]}\nreason: The 'NONE' "
                     "format can only be used when no columns are defined. Got: [`K` STRING "
                     "KEY]");
    sl_field km[] = {{"K", sl_type_array(ar, sl_type_map(ar, &sl_type_int, &sl_type_double))}};
    ck_assert_str_eq(new_err(SL_SERDE_JSON, km, 1, &k),
                     "Map keys, including types that contain maps, are not supported as they may "
                     "lead to unexpected behavior due to inconsistent serialization. Key column "
                     "name: `K`. Column type: ARRAY<MAP<INTEGER, DOUBLE>>. See "
                     "https://github.com/confluentinc/ksql/issues/6621 for more.");
}
END_TEST

START_TEST(test_serde_none_ignores_bytes)
{
    sl_serde_props k = SL_SERDE_PROPS_INIT;
    k.is_key = true;
    sl_serde *s;
    ck_assert(!sl_serde_new(SL_SERDE_NONE, NULL, 0, &k, NULL, &s));
    bool is_null = true;
    ck_assert(!sl_serde_decode(s, "data that should be ignored", 27, ar, NULL, &is_null));
    ck_assert(!is_null);
    sl_buf b = SL_BUF_INIT;
    ck_assert(!sl_serde_encode(s, NULL, &b, &is_null));
    ck_assert(is_null && b.len == 0);
    sl_serde_free(s);
    /* A keyless stream's KAFKA key (no columns) also ignores whatever bytes come. */
    ck_assert(!sl_serde_new(SL_SERDE_KAFKA, NULL, 0, &k, NULL, &s));
    ck_assert(!sl_serde_decode(s, "ignored", 7, ar, NULL, &is_null));
    ck_assert(!sl_serde_encode(s, NULL, &b, &is_null) && is_null);
    ck_assert_int_eq(sl_serde_ncols(s), 0);
    ck_assert_int_eq(sl_serde_format_of(s), SL_SERDE_KAFKA);
    sl_serde_free(s);
    sl_serde_free(NULL);
}
END_TEST

START_TEST(test_serde_windowed_keys_use_kafka_streams_layout)
{
    sl_serde_props k = SL_SERDE_PROPS_INIT;
    k.is_key = true;
    k.topic = "w";
    sl_field f[] = {{"K", &sl_type_string}};
    sl_serde *s;
    ck_assert(!sl_serde_new(SL_SERDE_KAFKA, f, 1, &k, NULL, &s));
    sl_value c[1] = {sl_value_str("k", 1)};
    sl_serde_window tw = {SL_SERDE_WINDOW_TIME, 1000}, sw = {SL_SERDE_WINDOW_SESSION, 0};
    sl_buf b = SL_BUF_INIT;
    ck_assert(!sl_serde_window_encode(s, &tw, c, 12, 1012, &b));
    ck_assert_int_eq(b.len, 9);
    ck_assert(memcmp(b.p, "k\0\0\0\0\0\0\0\x0c", 9) == 0);
    int64_t ws, we;
    sl_value out[1];
    ck_assert(!sl_serde_window_decode(s, &tw, b.p, b.len, ar, out, &ws, &we));
    ck_assert_int_eq(ws, 12);
    ck_assert_int_eq(we, 1012);
    ck_assert_int_eq(out[0].len, 1);
    sl_buf_reset(&b);
    ck_assert(!sl_serde_window_encode(s, &sw, c, 12, 465, &b)); /* key, end, start */
    ck_assert(memcmp(b.p, "k\0\0\0\0\0\0\x01\xd1\0\0\0\0\0\0\0\x0c", 17) == 0);
    ck_assert(!sl_serde_window_decode(s, &sw, b.p, b.len, ar, out, &ws, &we));
    ck_assert_int_eq(ws, 12);
    ck_assert_int_eq(we, 465);
    tw.size_ms = INT64_MAX; /* the end saturates as in Kafka Streams */
    ck_assert(!sl_serde_window_decode(s, &tw, b.p, 9, ar, out, &ws, &we));
    ck_assert_int_eq(we, INT64_MAX);
    sl_error *err = sl_serde_window_decode(s, &sw, b.p, 15, ar, out, &ws, &we);
    ck_assert_str_eq(err->msg, "Failed to deserialize key from topic: w. Windowed key of 15 "
                               "bytes is too short for a session window");
    sl_error_free(err);
    err = sl_serde_window_decode(s, &tw, NULL, 0, ar, out, &ws, &we);
    ck_assert_int_eq(err->code, SL_E_SERDE);
    sl_error_free(err);
    sl_buf_free(&b);
    sl_serde_free(s);
}
END_TEST

START_TEST(test_serde_encode_checks_the_record_cap)
{
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    p.max_record_bytes = 8;
    p.topic = "out";
    sl_field f[] = {{"S", &sl_type_string}};
    sl_serde *s;
    ck_assert(!sl_serde_new(SL_SERDE_JSON, f, 1, &p, NULL, &s));
    sl_value c[1] = {sl_value_str("0123456789", 10)};
    sl_buf b = SL_BUF_INIT;
    sl_buf_puts(&b, "kept");
    sl_error *err = sl_serde_encode(s, c, &b, NULL);
    ck_assert_str_eq(err->msg, "Failed to serialize value to topic: out: record of 18 bytes "
                               "exceeds the limit of 8 bytes");
    ck_assert_str_eq(sl_buf_cstr(&b), "kept");
    sl_error_free(err);
    sl_buf_free(&b);
    sl_serde_free(s);
}
END_TEST

static Suite *serde_suite(void)
{
    Suite *su = suite_create("serde");
    TCase *tc = tcase_create("serde");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_serde_format_names);
    tcase_add_test(tc, test_serde_props_validate_like_ksqldb);
    tcase_add_test(tc, test_serde_new_checks_schemas_like_ksqldb);
    tcase_add_test(tc, test_serde_none_ignores_bytes);
    tcase_add_test(tc, test_serde_windowed_keys_use_kafka_streams_layout);
    tcase_add_test(tc, test_serde_encode_checks_the_record_cap);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(serde_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
