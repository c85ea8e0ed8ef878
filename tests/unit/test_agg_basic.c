/*
 * test_agg_basic.c - COUNT, SUM, SUM_LIST, AVG, MIN and MAX: every overload
 * through add, retract, merge and state round trips, and the sequences of
 * results ksqlDB's conformance cases (count.json, sum.json, average*.json,
 * max-group-by.json, min-group-by.json) expect, replayed as add/retract calls.
 */
#include "agg_test.h"

#include <math.h>

/* Adds each value and checks the result after each step. */
static void expect_seq(agg_h *h, const sl_value *in, const char *const *want, int n)
{
    for (int i = 0; i < n; i++) {
        h_add(h, in[i]);
        ck_assert_str_eq(h_result(h), want[i]);
    }
}

START_TEST(test_agg_count_star_and_column)
{
    sl_fn_call *star = make_call("COUNT", "", 0, NULL, &sl_type_bigint, NULL);
    agg_h *h = h_new(star);
    ck_assert_str_eq(h_result(h), "0");
    h_addv(h, NULL, false);
    h_addv(h, NULL, false);
    ck_assert_str_eq(h_result(h), "2");
    h_addv(h, NULL, true);
    ck_assert_str_eq(h_result(h), "1");
    h_check_state(h);

    sl_fn_call *col = call1("COUNT", "ANY", &sl_type_string, &sl_type_bigint);
    sl_value in[] = {vstr("a"), vnull(), vstr("b"), vnull()};
    ck_assert_str_eq(h_check_merge(col, in, 4), "2");
}
END_TEST

/* count.json "should count back to zero": a table's rows move and vanish. */
START_TEST(test_agg_count_table_back_to_zero)
{
    agg_h *h = h_new(call1("COUNT", "ANY", &sl_type_bigint, &sl_type_bigint));
    h_add(h, vint(3));
    ck_assert_str_eq(h_result(h), "1");
    h_add(h, vint(3));
    ck_assert_str_eq(h_result(h), "2");
    h_retract(h, vint(3));
    ck_assert_str_eq(h_result(h), "1");
    h_retract(h, vint(3));
    ck_assert_str_eq(h_result(h), "0");
    h_retract(h, vnull()); /* NULLs were never counted */
    ck_assert_str_eq(h_result(h), "0");
}
END_TEST

START_TEST(test_agg_sum_int_bigint_double)
{
    sl_value ints[] = {vint(0), vint(100), vnull(), vint(-7)};
    ck_assert_str_eq(h_check_merge(call1("SUM", "INT", &sl_type_int, &sl_type_int), ints, 4), "93");
    sl_value longs[] = {vint(2147483648LL), vint(100)};
    agg_h *h = h_new(call1("SUM", "BIGINT", &sl_type_bigint, &sl_type_bigint));
    const char *want[] = {"2147483648", "2147483748"};
    expect_seq(h, longs, want, 2);
    h_check_state(h);
    sl_value dbls[] = {vdbl(10.0), vdbl(10.0), vdbl(10.0), vdbl(10.0), vdbl(10.0)};
    h = h_new(call1("SUM", "DOUBLE", &sl_type_double, &sl_type_double));
    const char *wd[] = {"10.0", "20.0", "30.0", "40.0", "50.0"};
    expect_seq(h, dbls, wd, 5);
    h_retract(h, vdbl(10.0));
    ck_assert_str_eq(h_result(h), "40.0");
    h_check_state(h);
    ck_assert_str_eq(h_check_merge(h->call, dbls, 5), "50.0");
}
END_TEST

/* Java int and long arithmetic wraps; ksqlDB's SUM does too. */
START_TEST(test_agg_sum_wraps_like_java)
{
    agg_h *h = h_new(call1("SUM", "INT", &sl_type_int, &sl_type_int));
    h_add(h, vint(INT32_MAX));
    h_add(h, vint(1));
    ck_assert_str_eq(h_result(h), "-2147483648");
    h_retract(h, vint(1));
    ck_assert_str_eq(h_result(h), "2147483647");
    h = h_new(call1("SUM", "BIGINT", &sl_type_bigint, &sl_type_bigint));
    h_add(h, vint(INT64_MAX));
    h_add(h, vint(2));
    ck_assert_str_eq(h_result(h), "-9223372036854775807");
    h_retract(h, vint(INT64_MIN));
    ck_assert_str_eq(h_result(h), "1");
}
END_TEST

/* sum.json "sum int left join of table": NULLs from the join count as
 * nothing, and a table update retracts the old value first. */
START_TEST(test_agg_sum_table_left_join)
{
    agg_h *h = h_new(call1("SUM", "INT", &sl_type_int, &sl_type_int));
    h_add(h, vnull());
    ck_assert_str_eq(h_result(h), "0");
    h_retract(h, vnull());
    h_add(h, vint(5));
    ck_assert_str_eq(h_result(h), "5");
    h_retract(h, vint(5));
    h_add(h, vint(20));
    ck_assert_str_eq(h_result(h), "20");
    h_retract(h, vint(20));
    h_add(h, vnull());
    ck_assert_str_eq(h_result(h), "0");
}
END_TEST

START_TEST(test_agg_sum_decimal)
{
    const sl_type *d41 = sl_type_decimal(ar, 4, 1);
    sl_fn_call *c = call1("SUM", "DECIMAL", d41, NULL);
    ck_assert(sl_type_eq(c->ret_type, d41));
    agg_h *h = h_new(c);
    sl_value in[] = {vdec(54), vdec(1001)};
    const char *want[] = {"5.4", "105.5"};
    expect_seq(h, in, want, 2);
    h_retract(h, vdec(54));
    ck_assert_str_eq(h_result(h), "100.1");
    h_check_state(h);
    sl_value in2[] = {vdec(5009), vdec(3008), vnull(), vdec(-9999)};
    ck_assert_str_eq(h_check_merge(c, in2, 4), "-198.2");
}
END_TEST

/* sum.json "sum decimal should overflow with cast to lower precision". */
START_TEST(test_agg_sum_decimal_overflow)
{
    agg_h *h = h_new(call1("SUM", "DECIMAL", sl_type_decimal(ar, 3, 1), NULL));
    h_add(h, vdec(509));
    sl_value big = vdec(508);
    sl_error *err = h_addv(h, &big, false);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(err->code, SL_E_EVAL);
    ck_assert_str_eq(err->msg, "Numeric field overflow: A field with precision 3 and scale 1 must "
                               "round to an absolute value less than 10^2. Got 102");
    sl_error_free(err);
    ck_assert_str_eq(h_result(h), "50.9"); /* unchanged */
    h = h_new(call1("SUM", "DECIMAL", sl_type_decimal(ar, 2, 2), NULL));
    h_add(h, vdec(-99));
    big = vdec(-1);
    err = h_addv(h, &big, false);
    ck_assert_str_eq(err->msg, "Numeric field overflow: A field with precision 2 and scale 2 must "
                               "round to an absolute value less than 10^0. Got -1.0");
    sl_error_free(err);
}
END_TEST

/* sum.json "sum list of doubles/longs into a single double/long". */
START_TEST(test_agg_sum_list)
{
    const sl_type *ad = sl_type_array(ar, &sl_type_double),
                  *al = sl_type_array(ar, &sl_type_bigint);
    sl_array *a1 = sl_array_new(ar, 2), *a2 = sl_array_new(ar, 2), *a3 = sl_array_new(ar, 2);
    sl_array *a4 = sl_array_new(ar, 3);
    a1->v[0] = a1->v[1] = vdbl(1.0);
    a2->v[0] = a2->v[1] = vdbl(2.0);
    a3->v[0] = vdbl(922337203685.0), a3->v[1] = vdbl(1.0);
    a4->v[0] = a4->v[1] = vdbl(1.0), a4->v[2] = vnull();
    sl_value in[] = {sl_value_array(a1), sl_value_array(a2), sl_value_array(a3),
                     sl_value_array(a4)};
    agg_h *h = h_new(call1("SUM_LIST", "ARRAY<DOUBLE>", ad, &sl_type_double));
    const char *want[] = {"2.0", "6.0", "9.22337203692E11", "9.22337203694E11"};
    expect_seq(h, in, want, 4);
    h_retract(h, sl_value_array(a3));
    ck_assert_str_eq(h_result(h), "8.0");
    h_add(h, vnull());
    ck_assert_str_eq(h_result(h), "8.0");
    h_check_state(h);
    ck_assert_str_eq(h_check_merge(h->call, in, 4), "9.22337203694E11");

    sl_array *l1 = sl_array_new(ar, 3);
    l1->v[0] = vint(100), l1->v[1] = vint(100), l1->v[2] = vnull();
    sl_value li[] = {sl_value_array(l1), sl_value_array(l1), vnull()};
    ck_assert_str_eq(h_check_merge(call1("SUM_LIST", "ARRAY<BIGINT>", al, &sl_type_bigint), li, 3),
                     "400");
    const sl_type *ai = sl_type_array(ar, &sl_type_int);
    l1->v[0] = vint(INT32_MAX), l1->v[1] = vint(1);
    h = h_new(call1("SUM_LIST", "ARRAY<INT>", ai, &sl_type_int));
    h_add(h, sl_value_array(l1));
    ck_assert_str_eq(h_result(h), "-2147483648");
    h_retract(h, sl_value_array(l1));
    ck_assert_str_eq(h_result(h), "0");
    h_check_state(h);
}
END_TEST

/* average-udaf.json "average int", "average long", "average double". */
START_TEST(test_agg_avg_conformance)
{
    agg_h *h = h_new(call1("AVG", "INT", &sl_type_int, &sl_type_double));
    ck_assert_str_eq(h_result(h), "0.0");
    sl_value ai[] = {vint(1), vint(2), vint(2), vnull()};
    const char *wi[] = {"1.0", "1.5", "1.6666666666666667", "1.6666666666666667"};
    expect_seq(h, ai, wi, 4);
    h_check_state(h);

    h = h_new(call1("AVG", "BIGINT", &sl_type_bigint, &sl_type_double));
    sl_value al[] = {vint(-1), vint(INT64_MAX), vint(1), vnull()};
    const char *wl[] = {"-1.0", "4.611686018427388E18", "3.0744573456182584E18",
                        "3.0744573456182584E18"};
    expect_seq(h, al, wl, 4);
    h_check_state(h);
    h = h_new(call1("AVG", "BIGINT", &sl_type_bigint, &sl_type_double));
    sl_value bl[] = {vint(2), vint(-2), vint(0)};
    const char *wb[] = {"2.0", "0.0", "0.0"};
    expect_seq(h, bl, wb, 3);

    h = h_new(call1("AVG", "DOUBLE", &sl_type_double, &sl_type_double));
    sl_value ad[] = {vdbl(-1.8), vdbl(9223372036854.775), vdbl(100.2), vnull()};
    const char *wd[] = {"-1.8", "4.611686018426487E12", "3.074457345651058E12",
                        "3.074457345651058E12"};
    expect_seq(h, ad, wd, 4);
    h_check_state(h);
    h = h_new(call1("AVG", "DOUBLE", &sl_type_double, &sl_type_double));
    sl_value bd[] = {vdbl(2.3), vdbl(-200000.6), vdbl(0.0)};
    const char *wbd[] = {"2.3", "-99999.15000000001", "-66666.1"};
    expect_seq(h, bd, wbd, 3);
}
END_TEST

/* average-udaf.json "average udaf with table"; AVG keeps integer sums exact. */
START_TEST(test_agg_avg_table_and_merge)
{
    agg_h *h = h_new(call1("AVG", "INT", &sl_type_int, &sl_type_double));
    h_add(h, vint(1));
    ck_assert_str_eq(h_result(h), "1.0");
    h_add(h, vint(2));
    ck_assert_str_eq(h_result(h), "1.5");
    h_retract(h, vint(1));
    h_add(h, vnull());
    ck_assert_str_eq(h_result(h), "2.0");
    h_retract(h, vnull());
    h_add(h, vint(4));
    ck_assert_str_eq(h_result(h), "3.0");
    sl_value big[] = {vint(INT64_MAX), vint(INT64_MAX), vint(1)};
    ck_assert_str_eq(
        h_check_merge(call1("AVG", "BIGINT", &sl_type_bigint, &sl_type_double), big, 3),
        "6.148914691236517E18");
    sl_value d[] = {vdbl(1.5), vnull(), vdbl(2.5)};
    ck_assert_str_eq(h_check_merge(call1("AVG", "DOUBLE", &sl_type_double, &sl_type_double), d, 3),
                     "2.0");
}
END_TEST

/* max-group-by.json: key 0 sees NULL, -2147483647, 5, NULL, 2000, 100. */
START_TEST(test_agg_max_conformance)
{
    agg_h *h = h_new(call1("MAX", "INT", &sl_type_int, &sl_type_int));
    sl_value in[] = {vnull(), vint(-2147483647), vint(5), vnull(), vint(2000), vint(100)};
    const char *want[] = {"null", "-2147483647", "5", "5", "2000", "2000"};
    expect_seq(h, in, want, 6);
    ck_assert_ptr_null(h->vt->retract);
    h_check_state(h);
    ck_assert_str_eq(h_check_merge(h->call, in, 6), "2000");

    const sl_type *d42 = sl_type_decimal(ar, 4, 2);
    sl_value dec[] = {vnull(), vdec(-1012), vdec(0), vdec(510), vnull(), vdec(2099), vdec(1011)};
    ck_assert_str_eq(h_check_merge(call1("MAX", "DECIMAL", d42, NULL), dec, 7), "20.99");
    sl_value s[] = {vnull(), vstr("B"), vstr("A"), vnull(), vstr("F"), vstr("D")};
    h = h_new(call1("MAX", "STRING", &sl_type_string, &sl_type_string));
    const char *ws[] = {"null", "\"B\"", "\"B\"", "\"B\"", "\"F\"", "\"F\""};
    expect_seq(h, s, ws, 6);
    h_check_state(h);
    sl_value ts[] = {vnull(), vint(-1), vint(50), vnull(), vint(1010), vint(100)};
    ck_assert_str_eq(
        h_check_merge(call1("MAX", "TIMESTAMP", &sl_type_timestamp, &sl_type_timestamp), ts, 6),
        "\"1970-01-01T00:00:01.010\"");
    ck_assert_str_eq(h_check_merge(call1("MAX", "DATE", &sl_type_date, &sl_type_date), ts, 6),
                     "\"1972-10-07\"");
    ck_assert_str_eq(h_check_merge(call1("MAX", "TIME", &sl_type_time, &sl_type_time), ts + 2, 2),
                     "\"00:00:00.050\"");
}
END_TEST

/* min-group-by.json: key 0 sees -1000000, 5, NULL, -9223372036854775807, 100. */
START_TEST(test_agg_min_conformance)
{
    agg_h *h = h_new(call1("MIN", "BIGINT", &sl_type_bigint, &sl_type_bigint));
    sl_value in[] = {vint(-1000000), vint(5), vnull(), vint(-9223372036854775807LL), vint(100)};
    const char *want[] = {"-1000000", "-1000000", "-1000000", "-9223372036854775807",
                          "-9223372036854775807"};
    expect_seq(h, in, want, 5);
    h_check_state(h);
    const sl_type *d42 = sl_type_decimal(ar, 4, 2);
    sl_value dec[] = {vnull(), vdec(2179), vdec(110), vnull(), vdec(-179), vdec(1011)};
    ck_assert_str_eq(h_check_merge(call1("MIN", "DECIMAL", d42, NULL), dec, 6), "-1.79");
    sl_value s[] = {vstr("b"), vnull(), vstr("abc"), vstr("ab")};
    ck_assert_str_eq(h_check_merge(call1("MIN", "STRING", &sl_type_string, &sl_type_string), s, 4),
                     "\"ab\"");
    agg_h *e = h_new(call1("MIN", "DOUBLE", &sl_type_double, &sl_type_double));
    ck_assert_str_eq(h_result(e), "null");
    h_check_state(e);
}
END_TEST

/* Java's compareTo: NaN is the largest double and -0.0 < 0.0; bytes compare
 * signed; strings by UTF-16 code units (U+FF5E sorts after U+1F600). */
START_TEST(test_agg_minmax_java_order)
{
    sl_value d[] = {vdbl(1.0), vdbl(NAN), vdbl(-0.0), vdbl(0.0)};
    ck_assert_str_eq(h_check_merge(call1("MAX", "DOUBLE", &sl_type_double, &sl_type_double), d, 4),
                     "\"NaN\"");
    ck_assert_str_eq(h_check_merge(call1("MIN", "DOUBLE", &sl_type_double, &sl_type_double), d, 4),
                     "-0.0");
    sl_value b[] = {sl_value_str("\x01", 1), sl_value_str("\x80", 1), sl_value_str("\x7f", 1)};
    ck_assert_str_eq(h_check_merge(call1("MAX", "BYTES", &sl_type_bytes, &sl_type_bytes), b, 3),
                     "\"fw==\"");
    ck_assert_str_eq(h_check_merge(call1("MIN", "BYTES", &sl_type_bytes, &sl_type_bytes), b, 3),
                     "\"gA==\"");
    sl_value s[] = {vstr("\xef\xbd\x9e"), vstr("\xf0\x9f\x98\x80"), vstr("a")};
    ck_assert_str_eq(h_check_merge(call1("MAX", "STRING", &sl_type_string, &sl_type_string), s, 3),
                     "\"\xef\xbd\x9e\"");
}
END_TEST

/* Long strings replace shorter winners without leaking (ASan checks). */
START_TEST(test_agg_minmax_string_buffer_reuse)
{
    agg_h *h = h_new(call1("MAX", "STRING", &sl_type_string, &sl_type_string));
    char buf[300];
    for (int i = 1; i < 299; i++) {
        memset(buf, 'a' + i % 26, (size_t)i);
        h_add(h, sl_value_str(buf, (uint32_t)i));
    }
    char want[300] = "\"";
    memset(want + 1, 'z', 285); /* 'z' strings have length 25 + 26k; the longest wins */
    strcpy(want + 286, "\"");
    ck_assert_str_eq(h_result(h), want);
    h_check_state(h);
    h_free(h);
}
END_TEST

static Suite *agg_basic_suite(void)
{
    Suite *s = suite_create("agg_basic");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, agg_test_setup, agg_test_teardown);
    tcase_add_test(tc, test_agg_count_star_and_column);
    tcase_add_test(tc, test_agg_count_table_back_to_zero);
    tcase_add_test(tc, test_agg_sum_int_bigint_double);
    tcase_add_test(tc, test_agg_sum_wraps_like_java);
    tcase_add_test(tc, test_agg_sum_table_left_join);
    tcase_add_test(tc, test_agg_sum_decimal);
    tcase_add_test(tc, test_agg_sum_decimal_overflow);
    tcase_add_test(tc, test_agg_sum_list);
    tcase_add_test(tc, test_agg_avg_conformance);
    tcase_add_test(tc, test_agg_avg_table_and_merge);
    tcase_add_test(tc, test_agg_max_conformance);
    tcase_add_test(tc, test_agg_min_conformance);
    tcase_add_test(tc, test_agg_minmax_java_order);
    tcase_add_test(tc, test_agg_minmax_string_buffer_reuse);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(agg_basic_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
