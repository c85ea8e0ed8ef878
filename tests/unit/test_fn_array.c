/*
 * test_fn_array.c - the array and map functions (exec/fn_array.c, fn_map.c):
 * the expectations of ksqlDB's array*.json, array-set-functions.json,
 * array-min-max-sort.json, array-remove.json, arrayjoin.json, slice.json and
 * map.json cases, plus NULL handling, type checks and limits.
 */
#define FNT_GROUPS                                                                                 \
    {sl_fn_defs_array, sl_fn_ndefs_array},                                                         \
    {                                                                                              \
        sl_fn_defs_map, sl_fn_ndefs_map                                                            \
    }
#include "fn_test.h"

START_TEST(test_fn_array_contains_length)
{
    EQ(CALL("ARRAY_CONTAINS", "ARRAY<T>, T", A("ARRAY<INT>", "[1,2,3]"), I(3)), "true");
    EQ(CALL("ARRAY_CONTAINS", "ARRAY<T>, T", A("ARRAY<INT>", "[1,2,3]"), I(4)), "false");
    EQ(CALL("ARRAY_CONTAINS", "ARRAY<T>, T", A("ARRAY<INT>", "[1,null]"), N("INT")), "true");
    EQ(CALL("ARRAY_CONTAINS", "ARRAY<T>, T", N("ARRAY<INT>"), I(1)), "false");
    EQ(CALL("ARRAY_CONTAINS", "ARRAY<T>, T", A("ARRAY<STRING>", "[\"a\",\"b\"]"), S("b")), "true");
    EQ(CALL("ARRAY_LENGTH", "ARRAY<T>", A("ARRAY<DOUBLE>", "[0.0,0.1,0.2,0.3]")), "4");
    EQ(CALL("ARRAY_LENGTH", "ARRAY<T>", A("ARRAY<ARRAY<INT>>", "[[]]")), "1");
    EQ(CALL("ARRAY_LENGTH", "ARRAY<T>", N("ARRAY<INT>")), "NULL");
}
END_TEST

START_TEST(test_fn_array_set_functions)
{
    EQ(CALL("ARRAY_DISTINCT", "ARRAY<T>", A("ARRAY<INT>", "[0,0,1,0,-1]")), "[0, 1, -1]");
    EQ(CALLJ("ARRAY_DISTINCT", "ARRAY<T>", A("ARRAY<STRING>", "[\"foo\",\"Food\",null,\"food\"]")),
       "[\"foo\",\"Food\",null,\"food\"]");
    EQ(CALLJ("ARRAY_DISTINCT", "ARRAY<T>", A("ARRAY<BOOLEAN>", "[null,false,true,null]")),
       "[null,false,true]");
    EQ(CALL("ARRAY_DISTINCT", "ARRAY<T>",
            A("ARRAY<DECIMAL(2,1)>", "[\"1.0\",\"1.1\",\"1.1\",\"-0.2\",null,\"1.0\"]")),
       "[1.0, 1.1, -0.2, null]");
    EQ(CALLJ("ARRAY_DISTINCT", "ARRAY<T>",
             A("ARRAY<ARRAY<STRING>>", "[[\"foo\",\"bar\"],[\"foo\",\"bar\"],[\"foo\"]]")),
       "[[\"foo\",\"bar\"],[\"foo\"]]");
    EQ(CALLJ("ARRAY_DISTINCT", "ARRAY<T>",
             A("ARRAY<MAP<STRING,INT>>",
               "[{\"apple\":1,\"banana\":2},{\"apple\":3},{\"banana\":2,\"apple\":1}]")),
       "[{\"apple\":1,\"banana\":2},{\"apple\":3}]");
    EQ(CALL("ARRAY_DISTINCT", "ARRAY<T>", A("ARRAY<INT>", "[]")), "[]");
    EQ(CALL("ARRAY_DISTINCT", "ARRAY<T>", N("ARRAY<INT>")), "NULL");
    EQ(CALL("ARRAY_EXCEPT", "ARRAY<T>, ARRAY<T>", A("ARRAY<INT>", "[0,0,1,0,-1]"),
            A("ARRAY<INT>", "[1,-2]")),
       "[0, -1]");
    EQ(CALL("ARRAY_EXCEPT", "ARRAY<T>, ARRAY<T>", A("ARRAY<INT>", "[0,0,1,0,-1]"),
            A("ARRAY<INT>", "[1,-1,0]")),
       "[]");
    EQ(CALL("ARRAY_EXCEPT", "ARRAY<T>, ARRAY<T>", A("ARRAY<INT>", "[0,0,1,0,-1]"),
            A("ARRAY<INT>", "[]")),
       "[0, 1, -1]");
    EQ(CALL("ARRAY_EXCEPT", "ARRAY<T>, ARRAY<T>", A("ARRAY<INT>", "[0]"), N("ARRAY<INT>")), "NULL");
    EQ(CALLJ("ARRAY_EXCEPT", "ARRAY<T>, ARRAY<T>",
             A("ARRAY<STRING>", "[\"apple\",\"apple\",null,\"cherry\"]"),
             A("ARRAY<STRING>", "[\"cherry\"]")),
       "[\"apple\",null]");
    EQ(CALLJ("ARRAY_INTERSECT", "ARRAY<T>, ARRAY<T>",
             A("ARRAY<STRING>", "[\"foo\",\"bar\",\"foo\"]"),
             A("ARRAY<STRING>", "[\"foo\",\"baz\"]")),
       "[\"foo\"]");
    EQ(CALL("ARRAY_INTERSECT", "ARRAY<T>, ARRAY<T>", A("ARRAY<INT>", "[1,2,3,1,2]"),
            A("ARRAY<INT>", "[2,1]")),
       "[1, 2]");
    EQ(CALL("ARRAY_UNION", "ARRAY<T>, ARRAY<T>", A("ARRAY<INT>", "[0,0,1,0,-1]"),
            A("ARRAY<INT>", "[1,-2,0]")),
       "[0, 1, -1, -2]");
    EQ(CALL("ARRAY_UNION", "ARRAY<T>, ARRAY<T>", N("ARRAY<INT>"), A("ARRAY<INT>", "[1]")), "NULL");
    /* doubles: NaN equals NaN as in Java's Double.equals */
    EQ(CALL("ARRAY_DISTINCT", "ARRAY<T>", A("ARRAY<DOUBLE>", "[0.3,-12345.678,null,0.3]")),
       "[0.3, -12345.678, null]");
}
END_TEST

START_TEST(test_fn_array_concat_remove_slice)
{
    const char *sig = "ARRAY<T>, ARRAY<T>";
    EQ(CALL("ARRAY_CONCAT", sig, A("ARRAY<INT>", "[0,0,1,0,-1]"), A("ARRAY<INT>", "[1,-2,0]")),
       "[0, 0, 1, 0, -1, 1, -2, 0]");
    EQ(CALL("ARRAY_CONCAT", sig, N("ARRAY<INT>"), A("ARRAY<INT>", "[1,-2]")), "[1, -2]");
    EQ(CALL("ARRAY_CONCAT", sig, A("ARRAY<INT>", "[1]"), N("ARRAY<INT>")), "[1]");
    EQ(CALL("ARRAY_CONCAT", sig, N("ARRAY<INT>"), N("ARRAY<INT>")), "NULL");
    EQ(CALL("ARRAY_REMOVE", "ARRAY<T>, T", A("ARRAY<STRING>", "[\"foo\",\"bar\",\"foo\"]"),
            S("foo")),
       "[bar]");
    EQ(CALLJ("ARRAY_REMOVE", "ARRAY<T>, T", A("ARRAY<BOOLEAN>", "[null,false,true]"),
             A("BOOLEAN", "true")),
       "[null,false]");
    EQ(CALLJ("ARRAY_REMOVE", "ARRAY<T>, T", A("ARRAY<INT>", "[0,null,1,0,-1]"), N("INT")),
       "[0,1,0,-1]");
    EQ(CALLJ("ARRAY_REMOVE", "ARRAY<T>, T", A("ARRAY<DOUBLE>", "[0.3,-12345.678,null,0.3]"),
             D(0.3)),
       "[-12345.678,null]");
    EQ(CALL("ARRAY_REMOVE", "ARRAY<T>, T", A("ARRAY<INT>", "[]"), I(1)), "[]");
    EQ(CALL("ARRAY_REMOVE", "ARRAY<T>, T", N("ARRAY<INT>"), I(1)), "NULL");
    const char *ss = "ARRAY<T>, INT, INT";
    EQ(CALL("SLICE", ss, A("ARRAY<STRING>", "[\"a\",\"b\",\"c\",\"d\"]"), I(2), I(3)), "[b, c]");
    EQ(CALL("SLICE", ss, A("ARRAY<ARRAY<STRING>>", "[[\"a\"],[\"b\"],[\"c\"],[\"d\"]]"), I(2),
            I(3)),
       "[[b], [c]]");
    EQ(CALL("SLICE", ss, A("ARRAY<INT>", "[1,2,3]"), N("INT"), I(2)), "[1, 2]");
    EQ(CALL("SLICE", ss, A("ARRAY<INT>", "[1,2,3]"), I(2), N("INT")), "[2, 3]");
    EQ(CALL("SLICE", ss, A("ARRAY<INT>", "[1,2,3]"), I(0), I(2)), "NULL");
    EQ(CALL("SLICE", ss, A("ARRAY<INT>", "[1,2,3]"), I(2), I(4)), "NULL");
    EQ(CALL("SLICE", ss, A("ARRAY<INT>", "[1,2,3]"), I(3), I(2)), "[]");
}
END_TEST

START_TEST(test_fn_array_max_min_sort)
{
    EQ(CALL("ARRAY_MAX", "ARRAY<T>", A("ARRAY<BOOLEAN>", "[false,true,false]")), "true");
    EQ(CALL("ARRAY_MAX", "ARRAY<T>", A("ARRAY<INT>", "[0,null,1,0,-1]")), "1");
    EQ(CALL("ARRAY_MAX", "ARRAY<T>",
            A("ARRAY<STRING>", "[\"foo\",\"fo\",\"Food\",null,\"F\",\"food\"]")),
       "food");
    EQ(CALL("ARRAY_MIN", "ARRAY<T>",
            A("ARRAY<STRING>", "[\"foo\",\"fo\",\"Food\",null,\"F\",\"food\"]")),
       "F");
    EQ(CALL("ARRAY_MIN", "ARRAY<T>", A("ARRAY<DOUBLE>", "[0.0,0.1,-12345.678,null,0.3]")),
       "-12345.678");
    EQ(CALL("ARRAY_MAX", "ARRAY<T>",
            A("ARRAY<DECIMAL(2,1)>", "[\"1.0\",\"1.1\",\"-0.2\",\"1.9\",\"9.0\",\"-9.9\"]")),
       "9.0");
    EQ(CALL("ARRAY_MAX", "ARRAY<T>", A("ARRAY<INT>", "[]")), "NULL");
    EQ(CALL("ARRAY_MIN", "ARRAY<T>", A("ARRAY<INT>", "[null]")), "NULL");
    EQ(CALLJ("ARRAY_SORT", "ARRAY<T>", A("ARRAY<BOOLEAN>", "[null,false,true]")),
       "[false,true,null]");
    EQ(CALLJ("ARRAY_SORT", "ARRAY<T>",
             A("ARRAY<STRING>", "[\"foo\",\"fo\",\"Food\",null,\"F\",\"food\"]")),
       "[\"F\",\"Food\",\"fo\",\"foo\",\"food\",null]");
    EQ(CALLJ("ARRAY_SORT", "ARRAY<T>, STRING", A("ARRAY<INT>", "[0,null,1,0,-1]"), S("desc")),
       "[1,0,0,-1,null]");
    EQ(CALLJ("ARRAY_SORT", "ARRAY<T>, STRING", A("ARRAY<INT>", "[3,1]"), S("ascending")), "[1,3]");
    EQ(CALLJ("ARRAY_SORT", "ARRAY<T>, STRING", A("ARRAY<INT>", "[3,1]"), S("sideways")), "NULL");
    EQ(CALLJ("ARRAY_SORT", "ARRAY<T>", A("ARRAY<DOUBLE>", "[0.3,-0.0,0.0,-1.5]")),
       "[-1.5,-0.0,0.0,0.3]");
    EQ(CALL("ARRAY_SORT", "ARRAY<T>", N("ARRAY<INT>")), "NULL");
    /* arrays of composites are refused when the call is typed */
    const sl_fn_sig *sig = fnt_sig(fnt_def("ARRAY_MAX"), "ARRAY<T>");
    const sl_type *arg = fnt_type("ARRAY<ARRAY<INT>>");
    sl_error *err = NULL;
    ck_assert_ptr_null(sig->ret_fn(fnt_ar, &arg, 1, &err));
    ck_assert_int_eq(err->code, SL_E_TYPE);
    sl_error_free(err);
}
END_TEST

START_TEST(test_fn_array_join)
{
    EQ(CALL("ARRAY_JOIN", "ARRAY<T>, STRING", A("ARRAY<BOOLEAN>", "[true,null,false]"), S("|")),
       "true|null|false");
    EQ(CALL("ARRAY_JOIN", "ARRAY<T>, STRING", A("ARRAY<INT>", "[1,23,-42,0]"), S("?")),
       "1?23?-42?0");
    EQ(CALL("ARRAY_JOIN", "ARRAY<T>, STRING", A("ARRAY<BIGINT>", "[-4294967297,8589934592]"),
            S(";")),
       "-4294967297;8589934592");
    EQ(CALL("ARRAY_JOIN", "ARRAY<T>, STRING", A("ARRAY<DOUBLE>", "[1.23,-23.42,0.0]"), S(" ")),
       "1.23 -23.42 0.0");
    EQ(CALL("ARRAY_JOIN", "ARRAY<T>, STRING", A("ARRAY<DECIMAL(5,2)>", "[\"123.45\",\"987.65\"]"),
            S("#")),
       "123.45#987.65");
    EQ(CALL("ARRAY_JOIN", "ARRAY<T>, STRING",
            A("ARRAY<STRING>", "[\"Hello\",\"From\",\"\",\"Ksqldb\",\"Udf\"]"), N("STRING")),
       "HelloFromKsqldbUdf");
    EQ(CALL("ARRAY_JOIN", "ARRAY<T>", A("ARRAY<INT>", "[1,2]")), "1,2");
    EQ(CALL("ARRAY_JOIN", "ARRAY<T>", N("ARRAY<INT>")), "NULL");
}
END_TEST

START_TEST(test_fn_array_generate_series)
{
    EQ(CALL("GENERATE_SERIES", "INT, INT", I(0), I(3)), "[0, 1, 2, 3]");
    EQ(CALL("GENERATE_SERIES", "INT, INT", I(-2), I(1)), "[-2, -1, 0, 1]");
    EQ(CALL("GENERATE_SERIES", "INT, INT", I(4), I(3)), "[4, 3]");
    EQ(CALL("GENERATE_SERIES", "INT, INT", I(4), I(0)), "[4, 3, 2, 1, 0]");
    EQ(CALL("GENERATE_SERIES", "INT, INT", I(7), I(7)), "[7]");
    EQ(CALL("GENERATE_SERIES", "INT, INT, INT", I(-2), I(1), I(2)), "[-2, 0]");
    EQ(CALL("GENERATE_SERIES", "INT, INT, INT", I(0), I(9), I(3)), "[0, 3, 6, 9]");
    EQ(CALL("GENERATE_SERIES", "INT, INT, INT", I(1), I(-2), I(-2)), "[1, -1]");
    EQ(CALL("GENERATE_SERIES", "INT, INT, INT", I(9), I(0), I(-3)), "[9, 6, 3, 0]");
    EQ(CALL("GENERATE_SERIES", "BIGINT, BIGINT", L(5000000000), L(5000000002)),
       "[5000000000, 5000000001, 5000000002]");
    EQ(CALL("GENERATE_SERIES", "BIGINT, BIGINT, INT", L(10), L(0), I(-5)), "[10, 5, 0]");
    EQ(CALL("GENERATE_SERIES", "INT, INT, INT", I(0), I(1), I(0)),
       "ERROR: GENERATE_SERIES step cannot be zero");
    EQ(CALL("GENERATE_SERIES", "INT, INT, INT", I(0), I(3), I(-1)),
       "ERROR: GENERATE_SERIES step has wrong sign");
    ck_assert(is_error(CALL("GENERATE_SERIES", "BIGINT, BIGINT", L(0), L(INT64_MAX))));
}
END_TEST

START_TEST(test_fn_array_maps)
{
    EQ(CALLJ("MAP_KEYS", "MAP<K, V>", A("MAP<STRING,INT>", "{\"foo\":10,\"bar\":null}")),
       "[\"foo\",\"bar\"]");
    EQ(CALLJ("MAP_KEYS", "MAP<K, V>", A("MAP<STRING,INT>", "{}")), "[]");
    EQ(CALLJ("MAP_KEYS", "MAP<K, V>", N("MAP<STRING,INT>")), "NULL");
    EQ(CALLJ("MAP_VALUES", "MAP<K, V>", A("MAP<STRING,ARRAY<INT>>", "{\"foo\":[1,2,3]}")),
       "[[1,2,3]]");
    EQ(CALLJ("MAP_VALUES", "MAP<K, V>", A("MAP<STRING,INT>", "{\"foo\":null,\"bar\":null}")),
       "[null,null]");
    const char *u = "MAP<K, V>, MAP<K, V>";
    EQ(CALLJ("MAP_UNION", u, A("MAP<STRING,INT>", "{\"foo\":10,\"bar\":20,\"baz\":30}"),
             A("MAP<STRING,INT>", "{\"foo\":99,\"apple\":-1}")),
       "{\"foo\":99,\"bar\":20,\"baz\":30,\"apple\":-1}");
    EQ(CALLJ("MAP_UNION", u, A("MAP<STRING,INT>", "{\"foo\":10,\"bar\":20}"),
             A("MAP<STRING,INT>", "{\"foo\":null}")),
       "{\"foo\":null,\"bar\":20}");
    EQ(CALLJ("MAP_UNION", u, N("MAP<STRING,INT>"), A("MAP<STRING,INT>", "{\"foo\":null}")),
       "{\"foo\":null}");
    EQ(CALLJ("MAP_UNION", u, N("MAP<STRING,INT>"), N("MAP<STRING,INT>")), "NULL");
    EQ(CALLJ("AS_MAP", "ARRAY<STRING>, ARRAY<T>", A("ARRAY<STRING>", "[\"a\",\"b\",\"a\"]"),
             A("ARRAY<INT>", "[1,2,3]")),
       "{\"a\":3,\"b\":2}");
    EQ(CALLJ("AS_MAP", "ARRAY<STRING>, ARRAY<T>", A("ARRAY<STRING>", "[\"a\",\"b\"]"),
             A("ARRAY<INT>", "[1]")),
       "{\"a\":1,\"b\":null}");
    EQ(CALLJ("ENTRIES", "MAP<STRING, T>, BOOLEAN",
             A("MAP<STRING,INT>", "{\"K3\":3,\"K1\":1,\"K2\":2}"), A("BOOLEAN", "true")),
       "[{\"K\":\"K1\",\"V\":1},{\"K\":\"K2\",\"V\":2},{\"K\":\"K3\",\"V\":3}]");
    EQ(CALLJ("ENTRIES", "MAP<STRING, T>, BOOLEAN",
             A("MAP<STRING,STRING>", "{\"b\":\"x\",\"a\":null}"), A("BOOLEAN", "false")),
       "[{\"K\":\"b\",\"V\":\"x\"},{\"K\":\"a\",\"V\":null}]");
    EQ(CALLJ("ENTRIES", "MAP<STRING, T>, BOOLEAN", N("MAP<STRING,INT>"), A("BOOLEAN", "true")),
       "NULL");
}
END_TEST

START_TEST(test_fn_array_large_sets_are_linear)
{
    /* 20000 elements, half duplicates: the hash set keeps this fast */
    sl_array *arr = sl_array_new(fnt_ar, 20000);
    for (uint32_t i = 0; i < arr->n; i++)
        arr->v[i] = sl_value_int(i % 10000);
    targ big = {sl_type_array(fnt_ar, &sl_type_int), sl_value_array(arr), false};
    sl_value out;
    const sl_type *rt;
    ck_assert_ptr_null(fnt_run("ARRAY_DISTINCT", "ARRAY<T>", NULL, 1, &big, &out, &rt));
    ck_assert_uint_eq(out.u.arr->n, 10000);
    ck_assert_int_eq(out.u.arr->v[9999].u.i, 9999);
    targ both[2] = {big, big};
    ck_assert_ptr_null(fnt_run("ARRAY_EXCEPT", "ARRAY<T>, ARRAY<T>", NULL, 2, both, &out, &rt));
    ck_assert_uint_eq(out.u.arr->n, 0);
}
END_TEST

static Suite *fn_array_suite(void)
{
    Suite *s = suite_create("fn_array");
    TCase *tc = tcase_create("array");
    tcase_add_checked_fixture(tc, fnt_setup, fnt_teardown);
    tcase_add_test(tc, test_fn_array_contains_length);
    tcase_add_test(tc, test_fn_array_set_functions);
    tcase_add_test(tc, test_fn_array_concat_remove_slice);
    tcase_add_test(tc, test_fn_array_max_min_sort);
    tcase_add_test(tc, test_fn_array_join);
    tcase_add_test(tc, test_fn_array_generate_series);
    tcase_add_test(tc, test_fn_array_maps);
    tcase_add_test(tc, test_fn_array_large_sets_are_linear);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fn_array_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
