/*
 * test_fn_json.c - the JSON functions (exec/fn_json.c, fn_jsondoc.c): the
 * expectations of ksqlDB's extract-json-field.json, is_json_string.json,
 * json_*.json and to_json_string.json cases and its documentation examples,
 * Jackson's parsing rules, and malformed input.
 */
#define FNT_GROUPS                                                                                 \
    {                                                                                              \
        sl_fn_defs_json, sl_fn_ndefs_json                                                          \
    }
#include "fn_test.h"

#define EXTRACT(json, path) CALL("EXTRACTJSONFIELD", "STRING, STRING", S(json), K(S(path)))

START_TEST(test_fn_json_extract)
{
    const char *doc = "{\"name\": \"cdc\", \"version\": \"1\", \"@type\": \"UDF\"}";
    EQ(EXTRACT(doc, "$.name"), "cdc");
    EQ(EXTRACT(doc, "$.@type"), "UDF");
    /* trailing text after the value is ignored, as Jackson's readTree does */
    EQ(EXTRACT("{\"name\": \"cdd\", \"version\": \"2\", \"@type\": \"VAL\"}}", "$.version"), "2");
    EQ(EXTRACT("{\"nested\": \"nest0\"}", "$.nested"), "nest0");
    EQ(EXTRACT("{\"array\": [1, 2, 3]}", "$.array[-1]"), "NULL");
    EQ(EXTRACT("{\"array\": [1, 2, 3]}", "$.array[0]"), "1");
    EQ(EXTRACT("{\"array\": [1, 2, 3]}", "$.array[1]"), "2");
    EQ(EXTRACT("{\"array\": [1.23450]}", "$.array[0]"), "1.23450");
    EQ(EXTRACT("{\"array\": [1.23450]}", "$.array[1]"), "NULL");
    const char *logdoc =
        "{\"log\": {\"cloud\": \"gcp836Csd\", \"app\": \"ksProcessor\", \"instance\": 4}}";
    EQ(EXTRACT(logdoc, "$.log.cloud"), "gcp836Csd");
    EQ(EXTRACT(logdoc, "$.log.instance"), "4");
    EQ(EXTRACT(logdoc, "$['log'][\"app\"]"), "ksProcessor");
    EQ(EXTRACT(logdoc, "$.log"),
       "{\"cloud\":\"gcp836Csd\",\"app\":\"ksProcessor\",\"instance\":4}");
    EQ(EXTRACT(logdoc, "$"),
       "{\"log\":{\"cloud\":\"gcp836Csd\",\"app\":\"ksProcessor\",\"instance\":4}}");
    EQ(EXTRACT(logdoc, "$.missing.deeper"), "NULL");
    EQ(EXTRACT("{\"a\": null}", "$.a"), "null");
    EQ(EXTRACT("{\"a\": \"x\\ny \\u00e9\\ud83d\\ude00\"}", "$.a"), "x\ny é\xf0\x9f\x98\x80");
    EQ(EXTRACT("{\"a\": 1, \"a\": 2}", "$.a"), "2");
    EQ(EXTRACT("{\"a\": [\"q\\\"\"]}", "$.a"), "[\"q\\\"\"]");
    /* per-record paths, bad paths and bad documents */
    EQ(CALL("EXTRACTJSONFIELD", "STRING, STRING", S("{\"a\":{\"b\":7}}"), S("$.a.b")), "7");
    ck_assert(strstr(EXTRACT("{}", "a.b"), "Invalid JSON path") != NULL);
    ck_assert(strstr(EXTRACT("{}", "$.a["), "Invalid JSON path") != NULL);
    ck_assert(strstr(EXTRACT("{\"a\": ", "$.a"), "Invalid JSON format") != NULL);
    EQ(EXTRACT("", "$.a"), "NULL");
    EQ(CALL("EXTRACTJSONFIELD", "STRING, STRING", N("STRING"), S("$.a")), "NULL");
}
END_TEST

START_TEST(test_fn_json_is_json_string)
{
    static const char *yes[] = {"1", "[1, 2, 3]", "\"abc\"", "{}", "null", " true ", "{\"a\":[]}"};
    static const char *no[] = {"abc", "",       "[1, 2", "{'a': 1}",  "01",   "1abc",
                               "NaN", "\"\t\"", "[1,]",  "{\"a\" 1}", "truex"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        EQ(CALL("IS_JSON_STRING", "STRING", S(yes[i])), "true");
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        EQ(CALL("IS_JSON_STRING", "STRING", S(no[i])), "false");
    EQ(CALL("IS_JSON_STRING", "STRING", N("STRING")), "false");
    /* nesting beyond the limit is refused, not a stack overflow */
    static char deep[4101];
    memset(deep, '[', 2050);
    memset(deep + 2050, ']', 2050);
    deep[4100] = 0;
    EQ(CALL("IS_JSON_STRING", "STRING", S(deep)), "false");
}
END_TEST

START_TEST(test_fn_json_array_length_keys_records_items)
{
    EQ(CALL("JSON_ARRAY_LENGTH", "STRING", S("[1, 2, 3]")), "3");
    EQ(CALL("JSON_ARRAY_LENGTH", "STRING", S("[1, [1, [2]], 3]")), "3");
    EQ(CALL("JSON_ARRAY_LENGTH", "STRING", S("[]")), "0");
    EQ(CALL("JSON_ARRAY_LENGTH", "STRING", S("{}")), "NULL");
    EQ(CALL("JSON_ARRAY_LENGTH", "STRING", S("123")), "NULL");
    EQ(CALL("JSON_ARRAY_LENGTH", "STRING", S("")), "NULL");
    ck_assert(strstr(CALL("JSON_ARRAY_LENGTH", "STRING", S("abc")), "Invalid JSON format") != NULL);
    EQ(CALLJ("JSON_KEYS", "STRING", S("{\"a\": \"abc\", \"b\": { \"c\": \"a\" }, \"d\": 1}")),
       "[\"a\",\"b\",\"d\"]");
    EQ(CALLJ("JSON_KEYS", "STRING", S("{\"Red\": 3, \"Green\": 5, \"Red\": 4}")),
       "[\"Red\",\"Green\"]");
    EQ(CALLJ("JSON_KEYS", "STRING", S("{}")), "[]");
    EQ(CALLJ("JSON_KEYS", "STRING", S("[]")), "NULL");
    EQ(CALLJ("JSON_KEYS", "STRING", S("")), "NULL");
    EQ(CALLJ("JSON_RECORDS", "STRING", S("{\"a\": \"abc\", \"b\": { \"c\": \"a\" }, \"d\": 1}")),
       "{\"a\":\"\\\"abc\\\"\",\"b\":\"{\\\"c\\\":\\\"a\\\"}\",\"d\":\"1\"}");
    EQ(CALL("JSON_RECORDS", "STRING", S("{\"Red\": 3, \"Green\": 5}")), "{Red=3, Green=5}");
    EQ(CALL("JSON_RECORDS", "STRING", S("{}")), "{}");
    EQ(CALL("JSON_RECORDS", "STRING", S("123")), "NULL");
    ck_assert(is_error(CALL("JSON_RECORDS", "STRING", S("abc"))));
    EQ(CALLJ("JSON_ITEMS", "STRING",
             S("[{\"type\": \"A\", \"timestamp\": \"2022-01-27\"}, {\"type\": \"B\"}]")),
       "[\"{\\\"type\\\":\\\"A\\\",\\\"timestamp\\\":\\\"2022-01-27\\\"}\",\"{\\\"type\\\":"
       "\\\"B\\\"}\"]");
    EQ(CALLJ("JSON_ITEMS", "STRING", S("[]")), "[]");
    EQ(CALLJ("JSON_ITEMS", "STRING", S("[1, \"a\", null]")), "[\"1\",\"\\\"a\\\"\",\"null\"]");
    EQ(CALLJ("JSON_ITEMS", "STRING", S("{}")), "NULL");
}
END_TEST

START_TEST(test_fn_json_array_contains)
{
    const char *sig = "STRING, ANY";
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("[\"Pink\", \"Yellow\", \"Pink\"]"), S("Pink")), "true");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("[\"Red\", \"Green\"]"), S("Pink")), "false");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("[\"Pink\", null]"), S("Pink")), "true");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, N("STRING"), S("Pink")), "false");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("[1, 2, 3]"), I(3)), "true");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("[1, 2, 3]"), L(2)), "true");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("[1, 2, 3]"), D(3.0)), "false");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("[1.5, 2]"), D(1.5)), "true");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("[true]"), A("BOOLEAN", "true")), "true");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("[false]"), A("BOOLEAN", "true")), "false");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("[null]"), N("STRING")), "true");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("[[3]]"), I(3)), "false");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("{\"a\": 3}"), I(3)), "false");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("[3"), I(3)), "false");
    EQ(CALL("JSON_ARRAY_CONTAINS", sig, S("[\"3\"]"), I(3)), "false");
}
END_TEST

START_TEST(test_fn_json_concat)
{
    const char *sig = "STRING, ...STRING";
    EQ(CALL("JSON_CONCAT", sig, S("{\"a\": 1}"), S("{\"b\": 2}")), "{\"a\":1,\"b\":2}");
    EQ(CALL("JSON_CONCAT", sig, S("{\"a\": {\"5\": 6}}"), S("{\"a\": {\"3\": 4}}")),
       "{\"a\":{\"3\":4}}");
    EQ(CALL("JSON_CONCAT", sig, S("{}"), S("{}")), "{}");
    EQ(CALL("JSON_CONCAT", sig, S("[1, 2]"), S("[3, 4]")), "[1,2,3,4]");
    EQ(CALL("JSON_CONCAT", sig, S("[1, [2]]"), S("[[[3]], [[[4]]]]")), "[1,[2],[[3]],[[[4]]]]");
    EQ(CALL("JSON_CONCAT", sig, S("null"), S("null")), "[null,null]");
    EQ(CALL("JSON_CONCAT", sig, S("[1, 2]"), S("{\"a\": 1}")), "[1,2,{\"a\":1}]");
    EQ(CALL("JSON_CONCAT", sig, S("[1, 2]"), S("3")), "[1,2,3]");
    EQ(CALL("JSON_CONCAT", sig, S("1"), S("2")), "[1,2]");
    EQ(CALL("JSON_CONCAT", sig, S("[]"), S("[]")), "[]");
    EQ(CALL("JSON_CONCAT", sig, S("{\"a\": 1, \"b\": 2}"), S("{\"a\": 3}"), S("{\"c\": 4}")),
       "{\"a\":3,\"b\":2,\"c\":4}");
    ck_assert(is_error(CALL("JSON_CONCAT", sig, S("abc"), S("[1]"))));
    EQ(CALL("JSON_CONCAT", sig, N("STRING"), S("[1]")), "NULL");
    EQ(CALL("JSON_CONCAT", sig, S(""), S("[1]")), "NULL");
}
END_TEST

START_TEST(test_fn_json_to_json_string)
{
    EQ(CALL("TO_JSON_STRING", "ANY", I(1)), "1");
    EQ(CALL("TO_JSON_STRING", "ANY", N("INT")), "null");
    EQ(CALL("TO_JSON_STRING", "ANY", S("abc")), "\"abc\"");
    EQ(CALL("TO_JSON_STRING", "ANY", S("a\"b\\c\n\x01")), "\"a\\\"b\\\\c\\n\\u0001\"");
    EQ(CALL("TO_JSON_STRING", "ANY", A("BOOLEAN", "true")), "true");
    EQ(CALL("TO_JSON_STRING", "ANY", L(123)), "123");
    EQ(CALL("TO_JSON_STRING", "ANY", D(15.3)), "15.3");
    EQ(CALL("TO_JSON_STRING", "ANY", D(1e21)), "1.0E21");
    EQ(CALL("TO_JSON_STRING", "ANY", D(NAN)), "\"NaN\"");
    EQ(CALL("TO_JSON_STRING", "ANY", A("DECIMAL(5,2)", "\"-1.50\"")), "-1.50");
    EQ(CALL("TO_JSON_STRING", "ANY", A("BYTES", "\"!\"")), "\"IQ==\"");
    EQ(CALL("TO_JSON_STRING", "ANY", A("TIME", "60220000")), "\"16:43:40\"");
    EQ(CALL("TO_JSON_STRING", "ANY", A("TIME", "48300123")), "\"13:25\"");
    EQ(CALL("TO_JSON_STRING", "ANY", A("DATE", "18911")), "\"2021-10-11\"");
    EQ(CALL("TO_JSON_STRING", "ANY", A("DATE", "-719529")), "\"-0001-12-31\"");
    EQ(CALL("TO_JSON_STRING", "ANY", A("TIMESTAMP", "1625055519446")),
       "\"2021-06-30T12:18:39.446\"");
    EQ(CALL("TO_JSON_STRING", "ANY", A("TIMESTAMP", "-1")), "\"1969-12-31T23:59:59.999\"");
    EQ(CALL("TO_JSON_STRING", "ANY", A("ARRAY<INT>", "[1, 2, 3]")), "[1,2,3]");
    EQ(CALL("TO_JSON_STRING", "ANY", A("STRUCT<NAME STRING, ID INT>", "{\"NAME\":\"A\",\"ID\":1}")),
       "{\"ID\":1,\"NAME\":\"A\"}");
    EQ(CALL("TO_JSON_STRING", "ANY", A("MAP<STRING,INT>", "{\"d\": 4, \"c\": 2}")),
       "{\"c\":2,\"d\":4}");
    EQ(CALL("TO_JSON_STRING", "ANY", A("MAP<INT,INT>", "{\"10\": 4, \"9\": 2}")),
       "{\"10\":4,\"9\":2}");
    EQ(CALL("TO_JSON_STRING", "ANY",
            A("ARRAY<STRUCT<JSON_KEY INT, JSON_VALUE MAP<STRING,INT>>>",
              "[{\"JSON_KEY\": 1, \"JSON_VALUE\": {\"c\": 2, \"d\": 3}}]")),
       "[{\"JSON_KEY\":1,\"JSON_VALUE\":{\"c\":2,\"d\":3}}]");
    EQ(CALL("TO_JSON_STRING", "ANY", A("ARRAY<STRING>", "[null, \"x\"]")), "[null,\"x\"]");
}
END_TEST

static Suite *fn_json_suite(void)
{
    Suite *s = suite_create("fn_json");
    TCase *tc = tcase_create("json");
    tcase_add_checked_fixture(tc, fnt_setup, fnt_teardown);
    tcase_add_test(tc, test_fn_json_extract);
    tcase_add_test(tc, test_fn_json_is_json_string);
    tcase_add_test(tc, test_fn_json_array_length_keys_records_items);
    tcase_add_test(tc, test_fn_json_array_contains);
    tcase_add_test(tc, test_fn_json_concat);
    tcase_add_test(tc, test_fn_json_to_json_string);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fn_json_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
