/*
 * test_decimal.c - unit tests of exec/decimal: ksqlDB's result types, exact
 * arithmetic with HALF_UP rounding and 256-bit intermediates, overflow and
 * division by zero, comparison across scales, and the conversions CAST uses
 * (int, double, text), including the cases pinned down by cast.json and
 * decimal.json.
 */
#include "exec/decimal.h"

#include <check.h>
#include <math.h>
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

static const char *dstr(sl_int128 u, int s)
{
    sl_buf b = SL_BUF_INIT;
    sl_decimal_print(&b, u, s);
    char *r = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return r;
}

static const char *tstr(const sl_type *t)
{
    sl_buf b = SL_BUF_INIT;
    sl_type_print(&b, t);
    char *r = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return r;
}

/* a op b into DECIMAL(rp, rs) as text, or "ERR:<message>" */
static const char *arith(sl_decimal_op op, sl_int128 a, int sa, sl_int128 b, int sb, int rp, int rs)
{
    sl_int128 r = 0;
    sl_error *err = sl_decimal_arith(op, a, sa, b, sb, rp, rs, &r);
    if (err) {
        char *m = sl_arena_printf(ar, "ERR:%s", err->msg);
        sl_error_free(err);
        return m;
    }
    return dstr(r, rs);
}

/* r is read after the call that fills it (argument order is unspecified) */
static const char *conv(sl_error *err, const sl_int128 *r, int s)
{
    if (err) {
        char *m = sl_arena_printf(ar, "ERR:%s", err->msg);
        sl_error_free(err);
        return m;
    }
    return dstr(*r, s);
}

static const char *from_double(double d, int p, int s)
{
    sl_int128 r = 0;
    return conv(sl_decimal_from_double(d, p, s, &r), &r, s);
}

static const char *parse(const char *txt, int p, int s)
{
    sl_int128 r = 0;
    return conv(sl_decimal_parse(txt, strlen(txt), p, s, &r), &r, s);
}

static sl_int128 p10(int n)
{
    return sl_decimal_pow10(n);
}

START_TEST(test_decimal_result_types_follow_ksqldb)
{
    const sl_type *d42 = sl_type_decimal(ar, 4, 2);
    ck_assert_str_eq(tstr(sl_decimal_result_type(ar, SL_DEC_ADD, d42, d42)), "DECIMAL(5, 2)");
    ck_assert_str_eq(tstr(sl_decimal_result_type(ar, SL_DEC_SUB, d42, d42)), "DECIMAL(5, 2)");
    ck_assert_str_eq(tstr(sl_decimal_result_type(ar, SL_DEC_MUL, d42, d42)), "DECIMAL(9, 4)");
    ck_assert_str_eq(tstr(sl_decimal_result_type(ar, SL_DEC_DIV, d42, d42)), "DECIMAL(11, 7)");
    ck_assert_str_eq(tstr(sl_decimal_result_type(ar, SL_DEC_MOD, d42, d42)), "DECIMAL(4, 2)");
    ck_assert_str_eq(tstr(sl_decimal_result_type(ar, SL_DEC_ADD, d42, &sl_type_int)),
                     "DECIMAL(13, 2)");
    ck_assert_str_eq(tstr(sl_decimal_result_type(ar, SL_DEC_MUL, &sl_type_bigint, d42)),
                     "DECIMAL(24, 2)");
    const sl_type *d3810 = sl_type_decimal(ar, 38, 10), *d2020 = sl_type_decimal(ar, 20, 20);
    ck_assert_str_eq(tstr(sl_decimal_result_type(ar, SL_DEC_ADD, d3810, d3810)), "DECIMAL(38, 10)");
    ck_assert_str_eq(tstr(sl_decimal_result_type(ar, SL_DEC_MUL, d2020, d2020)), "DECIMAL(38, 38)");
}
END_TEST

START_TEST(test_decimal_add_sub_mul_from_decimal_json)
{
    ck_assert_str_eq(arith(SL_DEC_ADD, 1001, 2, 510, 2, 5, 2), "15.11");
    ck_assert_str_eq(arith(SL_DEC_ADD, 1001, 2, -500, 2, 5, 2), "5.01");
    ck_assert_str_eq(arith(SL_DEC_ADD, 1001, 2, 5, 0, 13, 2), "15.01");
    ck_assert_str_eq(arith(SL_DEC_SUB, 1010, 2, 510, 2, 5, 2), "5.00");
    ck_assert_str_eq(arith(SL_DEC_MUL, 1010, 2, 200, 2, 9, 4), "20.2000");
    ck_assert_str_eq(arith(SL_DEC_MUL, 1010, 2, -200, 2, 9, 4), "-20.2000");
    ck_assert_str_eq(arith(SL_DEC_MUL, 1010, 2, 0, 2, 9, 4), "0.0000");
}
END_TEST

START_TEST(test_decimal_division_rounds_half_up)
{
    ck_assert_str_eq(arith(SL_DEC_DIV, 100, 2, 300, 2, 11, 7), "0.3333333");
    ck_assert_str_eq(arith(SL_DEC_DIV, 200, 2, 300, 2, 11, 7), "0.6666667");
    ck_assert_str_eq(arith(SL_DEC_DIV, -200, 2, 300, 2, 11, 7), "-0.6666667");
    ck_assert_str_eq(arith(SL_DEC_DIV, 1, 0, 8, 0, 11, 2), "0.13"); /* 0.125 */
    ck_assert_str_eq(arith(SL_DEC_DIV, 100, 2, 0, 2, 11, 7), "ERR:Division by zero");
    /* a dividend that must be scaled past 128 bits */
    ck_assert_str_eq(arith(SL_DEC_DIV, p10(37), 0, p10(37), 0, 38, 37),
                     "1.0000000000000000000000000000000000000");
    ck_assert_int_eq(strncmp(arith(SL_DEC_DIV, p10(37), 0, 3, 0, 38, 2), "ERR:Numeric", 11), 0);
    ck_assert_str_eq(arith(SL_DEC_DIV, p10(36), 0, 3 * p10(30), 0, 38, 30),
                     "333333.333333333333333333333333333333");
}
END_TEST

START_TEST(test_decimal_modulus_takes_dividend_sign)
{
    ck_assert_str_eq(arith(SL_DEC_MOD, 105, 1, 3, 0, 3, 1), "1.5");
    ck_assert_str_eq(arith(SL_DEC_MOD, -105, 1, 3, 0, 3, 1), "-1.5");
    ck_assert_str_eq(arith(SL_DEC_MOD, 105, 1, -3, 0, 3, 1), "1.5");
    ck_assert_str_eq(arith(SL_DEC_MOD, 105, 1, 0, 0, 3, 1), "ERR:Division by zero");
    /* b rescaled beyond 128 bits: |a| < |b| */
    ck_assert_str_eq(arith(SL_DEC_MOD, 5, 38, p10(37), 0, 38, 38),
                     "0.00000000000000000000000000000000000005");
    /* a rescaled beyond 128 bits */
    ck_assert_str_eq(arith(SL_DEC_MOD, p10(37) + 1, 0, 3, 38, 38, 38),
                     "0.00000000000000000000000000000000000002"); /* 10^75 + 10^38 mod 3 */
}
END_TEST

START_TEST(test_decimal_overflow_and_wide_products)
{
    sl_int128 max38 = p10(38) - 1;
    const char *e = arith(SL_DEC_ADD, max38, 0, 1, 0, 38, 0);
    ck_assert_str_eq(e, "ERR:Numeric field overflow: A field with precision 38 and scale 0 "
                        "must round to an absolute value less than 10^38. Got "
                        "100000000000000000000000000000000000000");
    ck_assert_str_eq(arith(SL_DEC_MUL, p10(19), 0, p10(18), 0, 38, 0),
                     "10000000000000000000000000000000000000");
    ck_assert_int_eq(strncmp(arith(SL_DEC_MUL, p10(19), 0, p10(19), 0, 38, 0), "ERR:", 4), 0);
    ck_assert_int_eq(strncmp(arith(SL_DEC_MUL, max38, 0, max38, 0, 38, 0), "ERR:", 4), 0);
    /* 1.5e-19 * 1e-19 = 1.5e-38: the product's scale 40 rounds to 38, HALF_UP */
    ck_assert_str_eq(arith(SL_DEC_MUL, 15, 20, 10, 20, 38, 38),
                     "0.00000000000000000000000000000000000002");
    /* a 256-bit product rounded by more than 10^38 */
    ck_assert_str_eq(arith(SL_DEC_MUL, max38, 38, max38, 38, 38, 0), "1");
    ck_assert_str_eq(arith(SL_DEC_MUL, -max38, 38, max38, 38, 38, 38),
                     "-0.99999999999999999999999999999999999998");
}
END_TEST

START_TEST(test_decimal_compare_across_scales)
{
    ck_assert_int_eq(sl_decimal_cmp(15, 1, 150, 2), 0);
    ck_assert_int_eq(sl_decimal_cmp(15, 1, 151, 2), -1);
    ck_assert_int_eq(sl_decimal_cmp(-15, 1, -151, 2), 1);
    ck_assert_int_eq(sl_decimal_cmp(p10(37), 0, 1, 38), 1);
    ck_assert_int_eq(sl_decimal_cmp(-p10(37), 0, 1, 38), -1);
    ck_assert_int_eq(sl_decimal_cmp(0, 0, 0, 30), 0);
    ck_assert_int_eq(sl_decimal_cmp(1, -300, p10(37), 0), 1); /* 1e300 */
    sl_error *err = NULL;
    ck_assert_int_eq(sl_decimal_cmp_double(11, 1, 1.1, &err), 0);
    ck_assert_int_eq(sl_decimal_cmp_double(1001, 2, 10.01, &err), 0);
    ck_assert_int_eq(sl_decimal_cmp_double(1001, 2, 10.0, &err), 1);
    ck_assert_int_eq(sl_decimal_cmp_double(-1001, 2, 1e300, &err), -1);
    ck_assert_int_eq(sl_decimal_cmp_double(1, 20, 1e-20, &err), 0);
    ck_assert_ptr_null(err);
    sl_decimal_cmp_double(1, 0, NAN, &err);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
}
END_TEST

START_TEST(test_decimal_from_int_like_cast_json)
{
    sl_int128 r = 0;
    ck_assert_str_eq(conv(sl_decimal_from_i64(1, 2, 1, &r), &r, 1), "1.0");
    ck_assert_str_eq(conv(sl_decimal_from_i64(0, 2, 1, &r), &r, 1), "0.0");
    ck_assert_str_eq(conv(sl_decimal_from_i64(-1, 2, 1, &r), &r, 1), "-1.0");
    ck_assert_str_eq(conv(sl_decimal_from_i64(10, 2, 1, &r), &r, 1),
                     "ERR:Numeric field overflow: A field with precision 2 and scale 1 must "
                     "round to an absolute value less than 10^1. Got 10");
    ck_assert_str_eq(conv(sl_decimal_from_i64(INT64_MIN, 19, 0, &r), &r, 0),
                     "-9223372036854775808");
}
END_TEST

START_TEST(test_decimal_from_double_rounds_like_java)
{
    /* cast.json "double to decimal" into DECIMAL(2,1) */
    ck_assert_str_eq(from_double(0.1, 2, 1), "0.1");
    ck_assert_str_eq(from_double(1.1, 2, 1), "1.1");
    ck_assert_str_eq(from_double(0.0, 2, 1), "0.0");
    ck_assert_str_eq(from_double(0.99, 2, 1), "1.0");
    ck_assert_str_eq(from_double(0.01, 2, 1), "0.0");
    /* new BigDecimal(d, MathContext(p)) then setScale(s, HALF_UP): two roundings */
    ck_assert_str_eq(from_double(2.675, 3, 2), "2.67");
    ck_assert_str_eq(from_double(2.675, 4, 2), "2.68");
    ck_assert_str_eq(from_double(0.125, 3, 2), "0.13"); /* an exact tie */
    ck_assert_str_eq(from_double(1.5, 1, 0), "2");
    ck_assert_str_eq(from_double(-1.5, 1, 0), "-2");
    ck_assert_str_eq(from_double(1e20, 38, 0), "100000000000000000000");
    ck_assert_str_eq(from_double(-123.456, 10, 5), "-123.45600");
    ck_assert_str_eq(from_double(1e-30, 38, 2), "0.00");
    ck_assert_str_eq(from_double(9.96, 2, 1), "ERR:Numeric field overflow: A field with precision "
                                              "2 and scale 1 must round to an absolute value "
                                              "less than 10^1. Got 10");
    ck_assert_int_eq(strncmp(from_double(1e300, 38, 0), "ERR:Numeric field overflow", 26), 0);
    ck_assert_str_eq(from_double(NAN, 5, 1), "ERR:Infinite or NaN");
    ck_assert_str_eq(from_double(-INFINITY, 5, 1), "ERR:Infinite or NaN");
}
END_TEST

START_TEST(test_decimal_parse_text_like_bigdecimal)
{
    /* cast.json "string to decimal" into DECIMAL(2,1) */
    ck_assert_str_eq(parse("0.1", 2, 1), "0.1");
    ck_assert_str_eq(parse("1.1", 2, 1), "1.1");
    ck_assert_str_eq(parse("0.0", 2, 1), "0.0");
    ck_assert_str_eq(parse("0.99", 2, 1), "1.0");
    ck_assert_str_eq(parse("0.10", 2, 1), "0.1");
    ck_assert_str_eq(parse("0.01", 2, 1), "0.0");
    ck_assert_str_eq(parse(" 1.5e1 ", 3, 1), "15.0");
    ck_assert_str_eq(parse("-.5", 2, 1), "-0.5");
    ck_assert_str_eq(parse("+5.", 2, 1), "5.0");
    ck_assert_str_eq(parse("12E-3", 5, 3), "0.012");
    ck_assert_str_eq(parse("0.0000000000000000000000000000000000000000000000000000000001", 5, 2),
                     "0.00");
    ck_assert_str_eq(parse("99.995", 5, 2), "100.00");
    ck_assert_int_eq(strncmp(parse("99.996", 4, 2), "ERR:Numeric field overflow", 26), 0);
    ck_assert_str_eq(parse("100000000000000000000000000000000000000000000", 38, 0),
                     "ERR:Numeric field overflow: A field with precision 38 and scale 0 must "
                     "round to an absolute value less than 10^38. Got "
                     "100000000000000000000000000000000000000000000");
    ck_assert_str_eq(parse("abc", 2, 1), "ERR:invalid input syntax for type DECIMAL: \"abc\"");
    ck_assert_int_eq(strncmp(parse("", 2, 1), "ERR:invalid", 11), 0);
    ck_assert_int_eq(strncmp(parse(".", 2, 1), "ERR:invalid", 11), 0);
    ck_assert_int_eq(strncmp(parse("1e", 2, 1), "ERR:invalid", 11), 0);
    ck_assert_int_eq(strncmp(parse("1.2.3", 2, 1), "ERR:invalid", 11), 0);
    ck_assert_int_eq(strncmp(parse("- 1", 2, 1), "ERR:invalid", 11), 0);
}
END_TEST

START_TEST(test_decimal_literal_types)
{
    sl_int128 u;
    int p, s;
    ck_assert(sl_decimal_parse_literal("2.345", 5, &u, &p, &s));
    ck_assert(u == 2345 && p == 4 && s == 3);
    ck_assert(sl_decimal_parse_literal("01.00", 5, &u, &p, &s));
    ck_assert(u == 100 && p == 3 && s == 2);
    ck_assert(sl_decimal_parse_literal("0.00", 4, &u, &p, &s));
    ck_assert(u == 0 && p == 3 && s == 2);
    ck_assert(sl_decimal_parse_literal("-0.05", 5, &u, &p, &s));
    ck_assert(u == -5 && p == 2 && s == 2);
    ck_assert(!sl_decimal_parse_literal("1e3", 3, &u, &p, &s));
    ck_assert(!sl_decimal_parse_literal("123456789012345678901234567890123456789", 39, &u, &p, &s));
}
END_TEST

START_TEST(test_decimal_to_double_int_and_rescale)
{
    ck_assert(sl_decimal_to_double(1001, 2) == 10.01);
    ck_assert(sl_decimal_to_double(-1, 2) == -0.01);
    sl_int128 big = p10(30) + 123456789;
    ck_assert(sl_decimal_to_double(big, 10) == 1e20);
    ck_assert_int_eq(sl_decimal_to_i64(1001, 2), 10);
    ck_assert_int_eq(sl_decimal_to_i64(-1999, 2), -19);
    ck_assert_int_eq(sl_decimal_to_i64(((sl_int128)1 << 70) + 5, 0), 5);
    sl_int128 r;
    ck_assert(sl_decimal_rescale(15, 1, 0, &r) && r == 2);
    ck_assert(sl_decimal_rescale(-15, 1, 0, &r) && r == -2);
    ck_assert(sl_decimal_rescale(14, 1, 0, &r) && r == 1);
    ck_assert(sl_decimal_rescale(14, 1, 3, &r) && r == 1400);
    ck_assert(!sl_decimal_rescale(p10(37), 0, 38, &r));
    ck_assert_int_eq(sl_decimal_digits(0), 1);
    ck_assert_int_eq(sl_decimal_digits(-999), 3);
    ck_assert_int_eq(sl_decimal_digits(p10(37)), 38);
    /* cast.json "decimal to decimal" DECIMAL(4,2) -> DECIMAL(5,3) */
    ck_assert_str_eq(conv(sl_decimal_to_decimal(1012, 2, 5, 3, &r), &r, 3), "10.120");
    ck_assert_str_eq(conv(sl_decimal_to_decimal(100, 2, 5, 3, &r), &r, 3), "1.000");
    ck_assert_str_eq(conv(sl_decimal_to_decimal(996, 2, 2, 1, &r), &r, 1),
                     "ERR:Numeric field overflow: A field with precision 2 and scale 1 must "
                     "round to an absolute value less than 10^1. Got 10.0");
    ck_assert_str_eq(conv(sl_decimal_to_decimal(1234, 2, 2, 1, &r), &r, 1),
                     "ERR:Numeric field overflow: A field with precision 2 and scale 1 must "
                     "round to an absolute value less than 10^1. Got 12.34");
}
END_TEST

static Suite *decimal_suite(void)
{
    Suite *s = suite_create("decimal");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_decimal_result_types_follow_ksqldb);
    tcase_add_test(tc, test_decimal_add_sub_mul_from_decimal_json);
    tcase_add_test(tc, test_decimal_division_rounds_half_up);
    tcase_add_test(tc, test_decimal_modulus_takes_dividend_sign);
    tcase_add_test(tc, test_decimal_overflow_and_wide_products);
    tcase_add_test(tc, test_decimal_compare_across_scales);
    tcase_add_test(tc, test_decimal_from_int_like_cast_json);
    tcase_add_test(tc, test_decimal_from_double_rounds_like_java);
    tcase_add_test(tc, test_decimal_parse_text_like_bigdecimal);
    tcase_add_test(tc, test_decimal_literal_types);
    tcase_add_test(tc, test_decimal_to_double_int_and_rescale);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(decimal_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
