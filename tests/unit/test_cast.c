/*
 * test_cast.c - unit tests of exec/cast: which pairs cast (every pair of
 * kinds, against ksqlDB's CastEvaluator table), numeric edge values with
 * Java's semantics, text to every primitive (ksqlDB's accepted formats),
 * temporal conversions, composites element-wise, and the cases pinned down by
 * cast.json, time.json, date.json and timestamp.json.
 */
#include "exec/cast.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static sl_arena *ar;
static sl_buf scratch = SL_BUF_INIT;

static void setup(void)
{
    ar = sl_arena_new(0);
}

static void teardown(void)
{
    sl_arena_free(ar);
    sl_buf_free(&scratch);
}

static sl_value str(const char *s)
{
    return sl_value_str(s, (uint32_t)strlen(s));
}

/* CAST(v AS to) printed as ksqlDB renders values, or "ERR:<message>" */
static const char *cast(const sl_type *from, const sl_type *to, sl_value v)
{
    sl_value out;
    sl_error *err = sl_cast_value(ar, &scratch, from, to, v, &out);
    if (err) {
        char *m = sl_arena_printf(ar, "ERR:%s", err->msg);
        sl_error_free(err);
        return m;
    }
    sl_buf b = SL_BUF_INIT;
    sl_value_print(&b, to, out);
    char *r = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return r;
}

static int64_t cast_i(const sl_type *from, const sl_type *to, sl_value v)
{
    sl_value out = sl_value_null();
    sl_error *err = sl_cast_value(ar, &scratch, from, to, v, &out);
    ck_assert_msg(!err, "cast failed: %s", err ? err->msg : "");
    return out.u.i;
}

static bool cast_fails(const sl_type *from, const sl_type *to, sl_value v)
{
    sl_value out;
    sl_error *err = sl_cast_value(ar, &scratch, from, to, v, &out);
    bool failed = err && err->code == SL_E_EVAL;
    sl_error_free(err);
    return failed;
}

START_TEST(test_cast_every_pair_follows_ksqldb_table)
{
    /* rows: from; columns: to. Order: BOOLEAN INT BIGINT DOUBLE DECIMAL STRING BYTES
     * TIMESTAMP DATE TIME */
    static const char *const allowed[10] = {
        "1....1....", /* BOOLEAN */
        ".11111....", /* INT */
        ".11111....", /* BIGINT */
        ".11111....", /* DOUBLE */
        ".11111....", /* DECIMAL */
        "1111111111", /* STRING */
        "......1...", /* BYTES */
        ".....1.111", /* TIMESTAMP */
        ".....1.11.", /* DATE */
        ".....1...1", /* TIME */
    };
    const sl_type *ts[10] = {&sl_type_boolean,
                             &sl_type_int,
                             &sl_type_bigint,
                             &sl_type_double,
                             sl_type_decimal(ar, 10, 2),
                             &sl_type_string,
                             &sl_type_bytes,
                             &sl_type_timestamp,
                             &sl_type_date,
                             &sl_type_time};
    for (int f = 0; f < 10; f++)
        for (int t = 0; t < 10; t++) {
            bool want = allowed[f][t] == '1';
            ck_assert_msg((sl_cast_fn_for(ts[f], ts[t]) != NULL) == want, "%s -> %s",
                          sl_kind_name(ts[f]->kind), sl_kind_name(ts[t]->kind));
            ck_assert_msg(sl_type_can_cast(ts[f], ts[t]) == want, "types.c %s -> %s",
                          sl_kind_name(ts[f]->kind), sl_kind_name(ts[t]->kind));
            sl_error *err = sl_cast_check(ts[f], ts[t]);
            ck_assert((err == NULL) == want);
            sl_error_free(err);
        }
    for (int t = 0; t < 10; t++)
        ck_assert_ptr_nonnull(sl_cast_fn_for(&sl_type_null, ts[t]));
}
END_TEST

START_TEST(test_cast_unsupported_messages)
{
    sl_error *err = sl_cast_check(&sl_type_string, sl_type_array(ar, &sl_type_int));
    ck_assert_str_eq(err->msg, "Cast of STRING to ARRAY<INTEGER> is not supported");
    ck_assert_int_eq(err->code, SL_E_TYPE);
    sl_error_free(err);
    err = sl_cast_check(&sl_type_string, sl_type_map(ar, &sl_type_string, &sl_type_int));
    ck_assert_str_eq(err->msg, "Cast of STRING to MAP<STRING, INTEGER> is not supported");
    sl_error_free(err);
    const sl_type *ai = sl_type_array(ar, &sl_type_int), *ab = sl_type_array(ar, &sl_type_bytes);
    ck_assert_ptr_null(sl_cast_fn_for(ai, ab));
    ck_assert_ptr_nonnull(sl_cast_fn_for(ai, sl_type_array(ar, &sl_type_string)));
}
END_TEST

START_TEST(test_cast_integers_wrap_and_doubles_saturate_like_java)
{
    ck_assert_int_eq(cast_i(&sl_type_bigint, &sl_type_int, sl_value_int(2147483648LL)),
                     -2147483648LL);
    ck_assert_int_eq(cast_i(&sl_type_bigint, &sl_type_int, sl_value_int(-1)), -1);
    ck_assert_int_eq(cast_i(&sl_type_int, &sl_type_bigint, sl_value_int(-1)), -1);
    ck_assert_int_eq(cast_i(&sl_type_double, &sl_type_int, sl_value_double(3.3 - 2.1)), 1);
    ck_assert_int_eq(cast_i(&sl_type_double, &sl_type_int, sl_value_double(-0.9)), 0);
    ck_assert_int_eq(cast_i(&sl_type_double, &sl_type_int, sl_value_double(1e20)), INT32_MAX);
    ck_assert_int_eq(cast_i(&sl_type_double, &sl_type_int, sl_value_double(-1e20)), INT32_MIN);
    ck_assert_int_eq(cast_i(&sl_type_double, &sl_type_int, sl_value_double(NAN)), 0);
    ck_assert_int_eq(cast_i(&sl_type_double, &sl_type_bigint, sl_value_double(1e19)), INT64_MAX);
    ck_assert_int_eq(cast_i(&sl_type_double, &sl_type_bigint, sl_value_double(-INFINITY)),
                     INT64_MIN);
    const sl_type *d42 = sl_type_decimal(ar, 4, 2);
    /* cast.json "decimal to other" */
    ck_assert_int_eq(cast_i(d42, &sl_type_int, sl_value_decimal(ar, 1001)), 10);
    ck_assert_int_eq(cast_i(d42, &sl_type_bigint, sl_value_decimal(ar, 1)), 0);
    ck_assert_int_eq(cast_i(d42, &sl_type_int, sl_value_decimal(ar, -1099)), -10);
    ck_assert_str_eq(cast(d42, &sl_type_double, sl_value_decimal(ar, 1001)), "10.01");
    ck_assert_str_eq(cast(d42, &sl_type_string, sl_value_decimal(ar, 0)), "0.00");
    ck_assert_str_eq(cast(d42, &sl_type_string, sl_value_decimal(ar, 1000)), "10.00");
    /* cast.json "integer to decimal": 10 does not fit DECIMAL(2,1) */
    const sl_type *d21 = sl_type_decimal(ar, 2, 1);
    ck_assert_str_eq(cast(&sl_type_int, d21, sl_value_int(1)), "1.0");
    ck_assert(cast_fails(&sl_type_int, d21, sl_value_int(10)));
    ck_assert_str_eq(cast(&sl_type_double, d21, sl_value_double(0.99)), "1.0");
    ck_assert_str_eq(cast(&sl_type_string, d21, str("0.99")), "1.0");
    ck_assert_str_eq(cast(d42, sl_type_decimal(ar, 5, 3), sl_value_decimal(ar, 1012)), "10.120");
}
END_TEST

START_TEST(test_cast_to_string_as_java_prints)
{
    ck_assert_str_eq(cast(&sl_type_int, &sl_type_string, sl_value_int(-1)), "-1");
    ck_assert_str_eq(cast(&sl_type_bigint, &sl_type_string, sl_value_int(2147483648LL)),
                     "2147483648");
    ck_assert_str_eq(cast(&sl_type_boolean, &sl_type_string, sl_value_bool(true)), "true");
    ck_assert_str_eq(cast(&sl_type_double, &sl_type_string, sl_value_double(1.0)), "1.0");
    ck_assert_str_eq(cast(&sl_type_double, &sl_type_string, sl_value_double(1e7)), "1.0E7");
    ck_assert_str_eq(cast(&sl_type_double, &sl_type_string, sl_value_double(0.1 + 0.2)),
                     "0.30000000000000004");
    ck_assert_str_eq(cast(&sl_type_timestamp, &sl_type_string, sl_value_int(10)),
                     "1970-01-01T00:00:00.010");
    ck_assert_str_eq(cast(&sl_type_date, &sl_type_string, sl_value_int(10)), "1970-01-11");
    ck_assert_str_eq(cast(&sl_type_date, &sl_type_string, sl_value_int(-1)), "1969-12-31");
    ck_assert_str_eq(cast(&sl_type_time, &sl_type_string, sl_value_int(5000)), "00:00:05");
    /* cast.json "array to string", "map to string", "struct to string" */
    sl_array *a = sl_array_new(ar, 2);
    a->v[0] = sl_value_int(1);
    a->v[1] = sl_value_int(3);
    ck_assert_str_eq(cast(sl_type_array(ar, &sl_type_int), &sl_type_string, sl_value_array(a)),
                     "[1, 3]");
    sl_map *m = sl_map_new(ar, 1);
    m->k[0] = str("this");
    m->v[0] = sl_value_int(1);
    ck_assert_str_eq(
        cast(sl_type_map(ar, &sl_type_string, &sl_type_int), &sl_type_string, sl_value_map(m)),
        "{this=1}");
    sl_field f[2] = {{"F0", &sl_type_int}, {"f1", &sl_type_int}};
    sl_struct *s = sl_struct_new(ar, 2);
    s->f[0] = sl_value_int(1);
    s->f[1] = sl_value_int(3);
    ck_assert_str_eq(cast(sl_type_struct(ar, 2, f), &sl_type_string, sl_value_struct(s)),
                     "Struct{F0=1,f1=3}");
    ck_assert_str_eq(cast(&sl_type_int, &sl_type_string, sl_value_null()), "null");
}
END_TEST

START_TEST(test_cast_text_to_numbers_and_booleans)
{
    ck_assert_int_eq(cast_i(&sl_type_string, &sl_type_int, str(" 42 ")), 42);
    ck_assert_int_eq(cast_i(&sl_type_string, &sl_type_int, str("+7")), 7);
    ck_assert_int_eq(cast_i(&sl_type_string, &sl_type_int, str("-2147483648")), INT32_MIN);
    ck_assert(cast_fails(&sl_type_string, &sl_type_int, str("2147483648")));
    ck_assert(cast_fails(&sl_type_string, &sl_type_int, str("1.0")));
    ck_assert(cast_fails(&sl_type_string, &sl_type_int, str("")));
    ck_assert_str_eq(cast(&sl_type_string, &sl_type_int, str("x1")),
                     "ERR:invalid input syntax for type INTEGER: \"x1\"");
    ck_assert_int_eq(cast_i(&sl_type_string, &sl_type_bigint, str("9223372036854775807")),
                     INT64_MAX);
    ck_assert(cast_fails(&sl_type_string, &sl_type_bigint, str("9223372036854775808")));
    ck_assert_str_eq(cast(&sl_type_string, &sl_type_double, str(" 1.5 ")), "1.5");
    ck_assert_str_eq(cast(&sl_type_string, &sl_type_double, str("1e3")), "1000.0");
    ck_assert_str_eq(cast(&sl_type_string, &sl_type_double, str(".5d")), "0.5");
    ck_assert(cast_fails(&sl_type_string, &sl_type_double, str("NaN")));
    ck_assert(cast_fails(&sl_type_string, &sl_type_double, str("Infinity")));
    ck_assert(cast_fails(&sl_type_string, &sl_type_double, str("0x10")));
    ck_assert(cast_fails(&sl_type_string, &sl_type_double, str("1e400")));
    ck_assert(cast_fails(&sl_type_string, &sl_type_double, str("1e")));
    const char *yes[] = {"true", "TrUe", "tr", "t", "Y", "yes", " YES "};
    const char *no[] = {"false", "no", "foo", "", "truee", "yess"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        ck_assert_msg(cast_i(&sl_type_string, &sl_type_boolean, str(yes[i])) == 1, "%s", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        ck_assert_msg(cast_i(&sl_type_string, &sl_type_boolean, str(no[i])) == 0, "%s", no[i]);
}
END_TEST

START_TEST(test_cast_text_to_timestamps_like_ksqldb)
{
    const sl_type *s = &sl_type_string, *t = &sl_type_timestamp;
    ck_assert_int_eq(cast_i(s, t, str("2022-04-28T21:44:47.943")), 1651182287943LL);
    ck_assert_int_eq(cast_i(s, t, str("2022-04-28T21:44:47.943Z")), 1651182287943LL);
    ck_assert_int_eq(cast_i(s, t, str("1970-01-01T00:00:00.010")), 10);
    ck_assert_int_eq(cast_i(s, t, str("1970-01-01T00:00:01")), 1000);
    ck_assert_int_eq(cast_i(s, t, str("2017")), 1483228800000LL);
    ck_assert_int_eq(cast_i(s, t, str("2020-02")), 1580515200000LL);
    ck_assert_int_eq(cast_i(s, t, str("2020-01-02T")), 1577923200000LL);
    ck_assert_int_eq(cast_i(s, t, str("2020-01-02TZ")), 1577923200000LL);
    ck_assert_int_eq(cast_i(s, t, str("2020-12-02T13")), 1606914000000LL);
    ck_assert_int_eq(cast_i(s, t, str("2020-12-02T13:59Z")), 1606917540000LL);
    ck_assert_int_eq(cast_i(s, t, str("2017-11-13T23:59:58")), 1510617598000LL);
    ck_assert_int_eq(cast_i(s, t, str("2017-11-13T23:59:58.999+0100")), 1510613998999LL);
    ck_assert_int_eq(cast_i(s, t, str("2017-11-13T23:59:58.999-0100")), 1510621198999LL);
    ck_assert_int_eq(cast_i(s, t, str("2017-11-13T23:59:58.999+01:00")), 1510613998999LL);
    ck_assert_int_eq(cast_i(s, t, str("1969-12-31T23:59:59.999")), -1);
    ck_assert_int_eq(cast_i(s, t, str("2020-02-30")), cast_i(s, t, str("2020-02-29")));
    ck_assert(cast_fails(s, t, str("foo")));
    ck_assert(cast_fails(s, t, str("2017-1-1")));
    ck_assert(cast_fails(s, t, str("2017-01-01T00:00:00.000+foo")));
    ck_assert(cast_fails(s, t, str("2017-13-01")));
    ck_assert(cast_fails(s, t, str("2017-01-01T24:00")));
    ck_assert(cast_fails(s, t, str("2017-01-01T00:00:00.0001")));
    ck_assert(cast_fails(s, t, str("")));
}
END_TEST

START_TEST(test_cast_text_to_dates_and_times)
{
    const sl_type *s = &sl_type_string;
    ck_assert_int_eq(cast_i(s, &sl_type_date, str("1970-01-11")), 10);
    ck_assert_int_eq(cast_i(s, &sl_type_date, str("2022-06-14")), 19157);
    ck_assert_int_eq(cast_i(s, &sl_type_date, str("1600-03-01")), -135080);
    ck_assert(cast_fails(s, &sl_type_date, str("2022-06-14T00:00")));
    /* time.json "casting - string to time" */
    ck_assert_int_eq(cast_i(s, &sl_type_time, str("00:00:00.010")), 10);
    ck_assert_int_eq(cast_i(s, &sl_type_time, str("00:00:01")), 1000);
    ck_assert_int_eq(cast_i(s, &sl_type_time, str("00:01")), 60000);
    ck_assert_int_eq(cast_i(s, &sl_type_time, str("09:16:00.123456789")), 33360123);
    ck_assert(cast_fails(s, &sl_type_time, str("foo")));
    ck_assert(cast_fails(s, &sl_type_time, str("24:00")));
    ck_assert(cast_fails(s, &sl_type_time, str("12:00:")));
    ck_assert(cast_fails(s, &sl_type_time, str("12:00:00.")));
    /* time.json "casting - timestamp to time"; date <-> timestamp */
    ck_assert_int_eq(cast_i(&sl_type_timestamp, &sl_type_time, sl_value_int(5000)), 5000);
    ck_assert_int_eq(cast_i(&sl_type_timestamp, &sl_type_time, sl_value_int(-2000)), 86398000);
    ck_assert_int_eq(cast_i(&sl_type_timestamp, &sl_type_time, sl_value_int(86400100)), 100);
    ck_assert_int_eq(cast_i(&sl_type_timestamp, &sl_type_date, sl_value_int(-1)), -1);
    ck_assert_int_eq(cast_i(&sl_type_timestamp, &sl_type_date, sl_value_int(86400000)), 1);
    ck_assert_int_eq(cast_i(&sl_type_date, &sl_type_timestamp, sl_value_int(1)), 86400000);
}
END_TEST

START_TEST(test_cast_text_to_bytes_base64)
{
    sl_value out;
    ck_assert_ptr_null(sl_cast_value(ar, NULL, &sl_type_string, &sl_type_bytes, str("aGk="), &out));
    ck_assert(out.len == 2 && memcmp(out.u.s, "hi", 2) == 0);
    ck_assert_ptr_null(sl_cast_value(ar, NULL, &sl_type_string, &sl_type_bytes, str("aGk"), &out));
    ck_assert(out.len == 2 && memcmp(out.u.s, "hi", 2) == 0);
    ck_assert_ptr_null(sl_cast_value(ar, NULL, &sl_type_string, &sl_type_bytes, str(""), &out));
    ck_assert_int_eq(out.len, 0);
    ck_assert(cast_fails(&sl_type_string, &sl_type_bytes, str("a")));
    ck_assert(cast_fails(&sl_type_string, &sl_type_bytes, str("a*==")));
}
END_TEST

START_TEST(test_cast_composites_element_wise)
{
    /* cast.json "array<bigint> to array<string>" */
    sl_array *a = sl_array_new(ar, 3);
    a->v[0] = sl_value_int(1);
    a->v[1] = sl_value_null();
    a->v[2] = sl_value_int(2147483648LL);
    const sl_type *ab = sl_type_array(ar, &sl_type_bigint),
                  *as = sl_type_array(ar, &sl_type_string);
    ck_assert_str_eq(cast(ab, as, sl_value_array(a)), "[1, null, 2147483648]");
    ck_assert_str_eq(cast(ab, sl_type_array(ar, &sl_type_int), sl_value_array(a)),
                     "[1, null, -2147483648]");
    /* cast.json "map<string, map<string, string>> -> map<string, map<string, int>>" */
    sl_map *inner = sl_map_new(ar, 1), *outer = sl_map_new(ar, 1);
    inner->k[0] = str("k2");
    inner->v[0] = str("10");
    outer->k[0] = str("k1");
    outer->v[0] = sl_value_map(inner);
    const sl_type *mss = sl_type_map(ar, &sl_type_string, &sl_type_string);
    const sl_type *msi = sl_type_map(ar, &sl_type_string, &sl_type_int);
    ck_assert_str_eq(cast(sl_type_map(ar, &sl_type_string, mss),
                          sl_type_map(ar, &sl_type_string, msi), sl_value_map(outer)),
                     "{k1={k2=10}}");
    inner->v[0] = str("ten");
    ck_assert(cast_fails(sl_type_map(ar, &sl_type_string, mss),
                         sl_type_map(ar, &sl_type_string, msi), sl_value_map(outer)));
    /* keys that collide after the cast: the last value wins */
    sl_map *dm = sl_map_new(ar, 2);
    dm->k[0] = sl_value_double(1.2);
    dm->v[0] = sl_value_int(1);
    dm->k[1] = sl_value_double(1.7);
    dm->v[1] = sl_value_int(2);
    ck_assert_str_eq(cast(sl_type_map(ar, &sl_type_double, &sl_type_int),
                          sl_type_map(ar, &sl_type_int, &sl_type_int), sl_value_map(dm)),
                     "{1=2}");
    /* structs: fields matched by name, missing ones NULL */
    sl_field ff[2] = {{"A", &sl_type_int}, {"B", &sl_type_string}};
    sl_field tf[2] = {{"B", &sl_type_int}, {"C", &sl_type_int}};
    sl_struct *s = sl_struct_new(ar, 2);
    s->f[0] = sl_value_int(5);
    s->f[1] = str("7");
    sl_value out;
    const sl_type *to = sl_type_struct(ar, 2, tf);
    ck_assert_ptr_null(
        sl_cast_value(ar, &scratch, sl_type_struct(ar, 2, ff), to, sl_value_struct(s), &out));
    ck_assert_int_eq(out.u.st->n, 2);
    ck_assert_int_eq(out.u.st->f[0].u.i, 7);
    ck_assert(out.u.st->f[1].null);
    ck_assert_str_eq(cast(&sl_type_null, ab, sl_value_null()), "null");
}
END_TEST

static Suite *cast_suite(void)
{
    Suite *s = suite_create("cast");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cast_every_pair_follows_ksqldb_table);
    tcase_add_test(tc, test_cast_unsupported_messages);
    tcase_add_test(tc, test_cast_integers_wrap_and_doubles_saturate_like_java);
    tcase_add_test(tc, test_cast_to_string_as_java_prints);
    tcase_add_test(tc, test_cast_text_to_numbers_and_booleans);
    tcase_add_test(tc, test_cast_text_to_timestamps_like_ksqldb);
    tcase_add_test(tc, test_cast_text_to_dates_and_times);
    tcase_add_test(tc, test_cast_text_to_bytes_base64);
    tcase_add_test(tc, test_cast_composites_element_wise);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cast_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
