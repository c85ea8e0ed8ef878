/*
 * test_fn_math.c - the numeric functions (exec/fn_math.c) against ksqlDB's
 * behaviour: the expectations of its math.json, greatest.json, least.json and
 * geodistance.json conformance cases, plus NULLs, overflow and errors.
 */
#define FNT_GROUPS                                                                                 \
    {                                                                                              \
        sl_fn_defs_math, sl_fn_ndefs_math                                                          \
    }
#include "fn_test.h"

#include <math.h>

START_TEST(test_fn_math_abs)
{
    EQ(CALL("ABS", "INT", I(-1)), "1");
    EQ(CALL("ABS", "BIGINT", L(-2)), "2");
    EQ(CALL("ABS", "DOUBLE", D(-3.1)), "3.1");
    EQ(CALL("ABS", "DOUBLE", D(0.0)), "0.0");
    EQ(CALL("ABS", "DECIMAL", A("DECIMAL(2,1)", "\"-3.2\"")), "3.2");
    EQ(CALL("ABS", "DECIMAL", A("DECIMAL(2,1)", "\"3.4\"")), "3.4");
    EQ(CALL("ABS", "INT", N("INT")), "NULL");
    /* Java's Math.abs wraps at the minimum */
    EQ(CALL("ABS", "INT", I(INT32_MIN)), "-2147483648");
    EQ(CALL("ABS", "BIGINT", L(INT64_MIN)), "-9223372036854775808");
}
END_TEST

START_TEST(test_fn_math_ceil_floor)
{
    static const double in[] = {0.0, 1.0, 1.1, 1.5, 1.7, 2.0, -1.0, -1.1, -1.5, -1.7, -2.0};
    static const char *fl[] = {"0.0",  "1.0",  "1.0",  "1.0",  "1.0", "2.0",
                               "-1.0", "-2.0", "-2.0", "-2.0", "-2.0"};
    static const char *ce[] = {"0.0",  "1.0",  "2.0",  "2.0",  "2.0", "2.0",
                               "-1.0", "-1.0", "-1.0", "-1.0", "-2.0"};
    static const char *dec[] = {"\"0.0\"",  "\"1.0\"",  "\"1.1\"",  "\"1.5\"",
                                "\"1.7\"",  "\"2.0\"",  "\"-1.0\"", "\"-1.1\"",
                                "\"-1.5\"", "\"-1.7\"", "\"-2.0\""};
    for (int i = 0; i < 11; i++) {
        EQ(CALL("FLOOR", "DOUBLE", D(in[i])), fl[i]);
        EQ(CALL("CEIL", "DOUBLE", D(in[i])), ce[i]);
        /* DECIMAL keeps its scale: FLOOR(1.1) on DECIMAL(2,1) is 1.0 */
        EQ(CALL("FLOOR", "DECIMAL", A("DECIMAL(2,1)", dec[i])), fl[i]);
        EQ(CALL("CEIL", "DECIMAL", A("DECIMAL(2,1)", dec[i])), ce[i]);
    }
    EQ(CALL("FLOOR", "INT", I(-1)), "-1");
    EQ(CALL("CEIL", "BIGINT", L(7)), "7");
    EQ(CALL("FLOOR", "DOUBLE", N("DOUBLE")), "NULL");
    /* 9.5 in DECIMAL(2,1) ceils to 10.0, which needs DECIMAL(3,1) */
    ck_assert(strncmp(CALL("CEIL", "DECIMAL", A("DECIMAL(2,1)", "\"9.5\"")), "ERROR", 5) == 0);
}
END_TEST

START_TEST(test_fn_math_round_double)
{
    /* math.json "round" */
    static const double in[] = {1.2, 1.7,  1.5,  3,    1.234567,  0,
                                111, -1.1, -1.5, -1.7, 12345.678, -12345.678};
    static const char *r0[] = {"1",   "2",  "2",  "3",  "1",     "0",
                               "111", "-1", "-1", "-2", "12346", "-12346"};
    static const char *r1[] = {"1.2",   "1.7",  "1.5",  "3.0",  "1.2",     "0.0",
                               "111.0", "-1.1", "-1.5", "-1.7", "12345.7", "-12345.7"};
    static const char *r2[] = {"1.2",   "1.7",  "1.5",  "3.0",  "1.23",     "0.0",
                               "111.0", "-1.1", "-1.5", "-1.7", "12345.68", "-12345.68"};
    static const char *m1[] = {"0.0",   "0.0", "0.0", "0.0", "0.0",     "0.0",
                               "110.0", "0.0", "0.0", "0.0", "12350.0", "-12350.0"};
    static const char *m2[] = {"0.0",   "0.0", "0.0", "0.0", "0.0",     "0.0",
                               "100.0", "0.0", "0.0", "0.0", "12300.0", "-12300.0"};
    for (int i = 0; i < 12; i++) {
        EQ(CALL("ROUND", "DOUBLE", D(in[i])), r0[i]);
        EQ(CALL("ROUND", "DOUBLE, INT", D(in[i]), I(1)), r1[i]);
        EQ(CALL("ROUND", "DOUBLE, INT", D(in[i]), I(2)), r2[i]);
        EQ(CALL("ROUND", "DOUBLE, INT", D(in[i]), I(-1)), m1[i]);
        EQ(CALL("ROUND", "DOUBLE, INT", D(in[i]), I(-2)), m2[i]);
    }
    EQ(CALL("ROUND", "DOUBLE, INT", D(1.234567), I(10)), "1.234567");
    EQ(CALL("ROUND", "DOUBLE, INT", D(1.7), I(0)), "2.0");
    /* decimal text, not binary: 1.005 rounds up; ties on negatives go towards zero */
    EQ(CALL("ROUND", "DOUBLE, INT", D(1.005), I(2)), "1.01");
    EQ(CALL("ROUND", "DOUBLE, INT", D(-1.005), I(2)), "-1.0");
    EQ(CALL("ROUND", "DOUBLE, INT", D(9.99), I(1)), "10.0");
    EQ(CALL("ROUND", "DOUBLE, INT", D(0.5), I(0)), "1.0");
    EQ(CALL("ROUND", "DOUBLE, INT", D(1.5e300), I(-300)), "2.0E300");
    EQ(CALL("ROUND", "DOUBLE, INT", D(1e300), I(-302)), "0.0");
    EQ(CALL("ROUND", "DOUBLE", D(NAN)), "0");
    EQ(CALL("ROUND", "DOUBLE", D(1e300)), "9223372036854775807");
    ck_assert(strncmp(CALL("ROUND", "DOUBLE, INT", D(NAN), I(1)), "ERROR", 5) == 0);
    EQ(CALL("ROUND", "INT", I(5)), "5");
    EQ(CALL("ROUND", "BIGINT", L(-5)), "-5");
    EQ(CALL("ROUND", "DOUBLE, INT", D(1.5), N("INT")), "NULL");
}
END_TEST

START_TEST(test_fn_math_round_decimal)
{
    /* math.json "round with large DECIMAL values" */
    targ v = A("DECIMAL(33,16)", "\"12345678987654321.2345678987654321\"");
    EQ(CALL("ROUND", "DECIMAL", v), "12345678987654321");
    EQ(CALL("ROUND", "DECIMAL, INT", v, I(0)), "12345678987654321.0000000000000000");
    EQ(CALL("ROUND", "DECIMAL, INT", v, I(1)), "12345678987654321.2000000000000000");
    EQ(CALL("ROUND", "DECIMAL, INT", v, I(2)), "12345678987654321.2300000000000000");
    EQ(CALL("ROUND", "DECIMAL, INT", v, I(10)), "12345678987654321.2345678988000000");
    EQ(CALL("ROUND", "DECIMAL, INT", v, I(-1)), "12345678987654320.0000000000000000");
    EQ(CALL("ROUND", "DECIMAL, INT", v, I(-2)), "12345678987654300.0000000000000000");
    EQ(CALL("ROUND", "DECIMAL, INT", v, I(-40)), "0.0000000000000000");
    EQ(CALL("ROUND", "DECIMAL, INT", v, I(100)), "12345678987654321.2345678987654321");
    /* halves towards positive infinity */
    EQ(CALL("ROUND", "DECIMAL", A("DECIMAL(3,1)", "\"-1.5\"")), "-1");
    EQ(CALL("ROUND", "DECIMAL", A("DECIMAL(3,1)", "\"1.5\"")), "2");
    EQ(CALL("ROUND", "DECIMAL", A("DECIMAL(3,1)", "\"-1.6\"")), "-2");
    /* the result type of ROUND(DECIMAL(p, s)) is DECIMAL(p - s, 0) */
    ck_assert(strncmp(CALL("ROUND", "DECIMAL", A("DECIMAL(3,1)", "\"99.9\"")), "ERROR", 5) == 0);
}
END_TEST

START_TEST(test_fn_math_trunc)
{
    static const double in[] = {1.2, 1.7,  1.5,  3,    1.234567,  0,
                                111, -1.1, -1.5, -1.7, 12345.678, -12345.678};
    static const char *dec[] = {"\"1.2\"",      "\"1.7\"",  "\"1.5\"",       "\"3\"",
                                "\"1.234567\"", "\"0\"",    "\"111\"",       "\"-1.1\"",
                                "\"-1.5\"",     "\"-1.7\"", "\"12345.678\"", "\"-12345.678\""};
    static const char *t0[] = {"1",   "1",  "1",  "3",  "1",     "0",
                               "111", "-1", "-1", "-1", "12345", "-12345"};
    static const char *t2[] = {"1.2",   "1.7",  "1.5",  "3.0",  "1.23",     "0.0",
                               "111.0", "-1.1", "-1.5", "-1.7", "12345.67", "-12345.67"};
    static const char *m1[] = {"0.0",   "0.0", "0.0", "0.0", "0.0",     "0.0",
                               "110.0", "0.0", "0.0", "0.0", "12340.0", "-12340.0"};
    for (int i = 0; i < 12; i++) {
        EQ(CALL("TRUNC", "DOUBLE", D(in[i])), t0[i]);
        EQ(CALL("TRUNC", "DOUBLE, INT", D(in[i]), I(2)), t2[i]);
        EQ(CALL("TRUNC", "DOUBLE, INT", D(in[i]), I(-1)), m1[i]);
        EQ(CALL("TRUNC", "DECIMAL", A("DECIMAL(12,7)", dec[i])), t0[i]);
    }
    EQ(CALL("TRUNC", "DECIMAL, INT", A("DECIMAL(12,7)", "\"-12345.678\""), I(1)), "-12345.6000000");
    EQ(CALL("TRUNC", "DECIMAL, INT", A("DECIMAL(12,7)", "\"12345.678\""), I(-2)), "12300.0000000");
    EQ(CALL("TRUNC", "BIGINT", L(2147483648)), "2147483648");
    EQ(CALL("TRUNC", "DOUBLE", D(-1e300)), "-9223372036854775808");
}
END_TEST

START_TEST(test_fn_math_sign)
{
    EQ(CALL("SIGN", "INT", I(-1)), "-1");
    EQ(CALL("SIGN", "BIGINT", L(0)), "0");
    EQ(CALL("SIGN", "DOUBLE", D(3.0)), "1");
    EQ(CALL("SIGN", "DOUBLE", D(-0.5)), "-1");
    EQ(CALL("SIGN", "DOUBLE", D(NAN)), "0");
    EQ(CALL("SIGN", "INT", N("INT")), "NULL");
}
END_TEST

START_TEST(test_fn_math_logs_and_roots)
{
    /* math.json ln, sqrt, log-base-10 (which is natural, as ksqlDB computes it), cbrt */
    EQ(CALL("LN", "INT", I(-1)), "NaN");
    EQ(CALL("LN", "BIGINT", L(0)), "-Infinity");
    EQ(CALL("LN", "BIGINT", L(2)), "0.6931471805599453");
    EQ(CALL("LN", "DOUBLE", D(3.0)), "1.0986122886681098");
    EQ(CALL("SQRT", "INT", I(-1)), "NaN");
    EQ(CALL("SQRT", "BIGINT", L(2)), "1.4142135623730951");
    EQ(CALL("SQRT", "DOUBLE", D(3.0)), "1.7320508075688772");
    EQ(CALL("LOG", "INT", I(13)), "2.5649493574615367");
    EQ(CALL("LOG", "DOUBLE", D(0.0)), "-Infinity");
    EQ(CALL("LOG", "INT, INT", I(15), I(13)), "0.9471572411831843");
    EQ(CALL("LOG", "BIGINT, BIGINT", L(15), L(1)), "0.0");
    EQ(CALL("LOG", "DOUBLE, DOUBLE", D(15), D(0)), "-Infinity");
    EQ(CALL("LOG", "DOUBLE, DOUBLE", D(15), D(-13)), "NaN");
    EQ(CALL("LOG", "INT, INT", I(-15), I(13)), "NaN");
    EQ(CALL("LOG", "INT, INT", I(0), I(13)), "NaN");
    EQ(CALL("LOG", "INT, INT", I(1), I(13)), "NaN");
    EQ(CALL("LOG", "INT, INT", I(1), N("INT")), "NULL");
    EQ(CALL("CBRT", "INT", I(-8)), "-2.0");
    EQ(CALL("CBRT", "BIGINT", L(3)), "1.4422495703074083");
    EQ(CALL("EXP", "INT", I(0)), "1.0");
    EQ(CALL("EXP", "DOUBLE", D(1.0)), "2.718281828459045");
}
END_TEST

START_TEST(test_fn_math_power)
{
    EQ(CALL("POWER", "INT, INT", I(15), I(-1)), "0.06666666666666667");
    EQ(CALL("POWER", "BIGINT, BIGINT", L(0), L(0)), "1.0");
    EQ(CALL("POWER", "DOUBLE, DOUBLE", D(15), D(13)), "1.946195068359375E15");
    EQ(CALL("POWER", "INT, INT", I(-15), I(2)), "225.0");
    EQ(CALL("POWER", "INT, INT", N("INT"), I(2)), "NULL");
    EQ(CALL("POWER", "DOUBLE, DOUBLE", D(10), D(400)), "Infinity");
}
END_TEST

static double num(const char *s)
{
    return strtod(s, NULL);
}

static double round13(double d)
{
    return round(d * 1e13) / 1e13;
}

START_TEST(test_fn_math_trigonometry)
{
    /* math.json values, compared after ROUND(x, 13) as the cases do */
    ck_assert_double_eq_tol(round13(num(CALL("ACOS", "DOUBLE", D(-0.43)))), 2.0152891037307, 1e-13);
    ck_assert_double_eq_tol(round13(num(CALL("ACOS", "INT", I(0)))), 1.5707963267949, 1e-13);
    EQ(CALL("ACOS", "INT", I(2)), "NaN");
    EQ(CALL("ASIN", "DOUBLE", D(-1.1)), "NaN");
    ck_assert_double_eq_tol(round13(num(CALL("ATAN", "BIGINT", L(-6)))), -1.4056476493803, 1e-13);
    ck_assert_double_eq_tol(round13(num(CALL("ATAN2", "INT, INT", I(-2), I(-3)))), -2.5535900500422,
                            1e-13);
    ck_assert_double_eq_tol(round13(num(CALL("ATAN2", "DOUBLE, DOUBLE", D(1.1), D(-0.24)))),
                            1.7856117271966, 1e-13);
    EQ(CALL("ATAN2", "INT, INT", I(0), I(-3)), "3.141592653589793");
    EQ(CALL("ATAN2", "INT, INT", I(0), I(0)), "0.0");
    ck_assert_double_eq_tol(round13(num(CALL("COS", "INT", I(-7)))), 0.7539022543433, 1e-13);
    ck_assert_double_eq_tol(round13(num(CALL("SIN", "DOUBLE", D(9.1)))), 0.3190983623494, 1e-13);
    ck_assert_double_eq_tol(round13(num(CALL("TAN", "DOUBLE", D(-0.43)))), -0.4586210234856, 1e-13);
    ck_assert_double_eq_tol(round13(num(CALL("COT", "INT", I(6)))), -3.4363530041801, 1e-13);
    EQ(CALL("COT", "INT", I(0)), "Infinity");
    ck_assert_double_eq_tol(num(CALL("COSH", "DOUBLE", D(9.1))), 4477.646407574158, 1e-9);
    ck_assert_double_eq_tol(num(CALL("SINH", "INT", I(-7))), -548.3161232732465, 1e-10);
    ck_assert_double_eq_tol(round13(num(CALL("TANH", "DOUBLE", D(0.43)))), 0.4053213086895, 1e-13);
    ck_assert_double_eq_tol(num(CALL("DEGREES", "DOUBLE", D(1.2345))), 70.7316398089, 1e-10);
    ck_assert_double_eq_tol(num(CALL("DEGREES", "INT", I(-2))), -114.591559026165, 1e-11);
    EQ(CALL("RADIANS", "INT", I(180)), "3.141592653589793");
    EQ(CALL0("PI"), "3.141592653589793");
}
END_TEST

START_TEST(test_fn_math_random)
{
    for (int i = 0; i < 100; i++) {
        double r = num(CALL0("RANDOM"));
        ck_assert(r >= 0.0 && r < 1.0);
    }
    ck_assert_str_ne(CALL0("RANDOM"), CALL0("RANDOM"));
}
END_TEST

START_TEST(test_fn_math_greatest_least)
{
    EQ(CALL("GREATEST", "INT, ...INT", I(2147483647), I(-2147483648), N("INT"), N("NULL"), I(5)),
       "2147483647");
    EQ(CALL("LEAST", "INT, ...INT", I(2147483647), I(-2147483648), N("INT"), N("NULL"), I(5)),
       "-2147483648");
    EQ(CALL("GREATEST", "BIGINT, ...BIGINT", L(INT64_MAX), L(INT64_MIN), N("BIGINT")),
       "9223372036854775807");
    EQ(CALL("LEAST", "DOUBLE, ...DOUBLE", D(50000.555), D(-99999.555), N("DOUBLE")), "-99999.555");
    EQ(CALL("GREATEST", "STRING, ...STRING", S("apple"), S("banana"), S("aardvark"), N("STRING"),
            S("hello")),
       "hello");
    EQ(CALL("GREATEST", "STRING, ...STRING", S("!"), S("zebra"), S("aardvark"), S("hello")),
       "zebra");
    EQ(CALL("LEAST", "STRING, ...STRING", S("!"), S("Zebra"), S("aardvark"), S("hello")), "!");
    EQ(CALL("LEAST", "STRING, ...STRING", N("STRING"), N("STRING")), "NULL");
    EQ(CALL("GREATEST", "DATE, ...DATE", A("DATE", "19071"), A("DATE", "-5883"),
            A("DATE", "19157")),
       "2022-06-14");
    EQ(CALLJ("LEAST", "BYTES, ...BYTES", A("BYTES", "\"apple\""), A("BYTES", "\"aardvark\""),
             A("BYTES", "\"hello\"")),
       "\"YWFyZHZhcms=\"");
    /* decimals of different scales compare by value and come back at the widest type */
    EQ(CALL("GREATEST", "DECIMAL, ...DECIMAL", A("DECIMAL(9,2)", "\"1234567.89\""),
            A("DECIMAL(6,6)", "\"0.123456\"")),
       "1234567.890000");
    EQ(CALL("LEAST", "DECIMAL, ...DECIMAL", A("DECIMAL(9,2)", "\"1234567.89\""),
            A("DECIMAL(6,6)", "\"0.123456\"")),
       "0.123456");
    /* Java's String.compareTo orders by UTF-16 units: U+FFFD sorts above an emoji */
    EQ(CALL("GREATEST", "STRING, ...STRING", S("\xef\xbf\xbd"), S("\xf0\x9f\x98\x80")),
       "\xef\xbf\xbd");
}
END_TEST

START_TEST(test_fn_math_geo_distance)
{
    /* geodistance.json */
    EQ(CALL("GEO_DISTANCE", "DOUBLE, DOUBLE, DOUBLE, DOUBLE", D(37.4439), D(-122.1663), D(51.5257),
            D(-0.1122)),
       "8634.659796579544");
    EQ(CALL("GEO_DISTANCE", "DOUBLE, DOUBLE, DOUBLE, DOUBLE, STRING", D(37.4439), D(-122.1663),
            D(51.5257), D(-0.1122), S("MI")),
       "5365.659729188262");
    EQ(CALL("GEO_DISTANCE", "DOUBLE, DOUBLE, DOUBLE, DOUBLE, STRING", D(51.5257), D(-0.1122),
            D(-33.9323), D(18.4197), N("STRING")),
       "9673.40421197142");
    EQ(CALL("GEO_DISTANCE", "DOUBLE, DOUBLE, DOUBLE, DOUBLE, STRING", D(-33.9323), D(18.4197),
            D(-33.8666), D(151.1), S(" km ")),
       "11005.23304055582");
    EQ(CALL("GEO_DISTANCE", "DOUBLE, DOUBLE, DOUBLE, DOUBLE", D(39.18660374), D(-76.73262144),
            D(39.18660374), D(-76.73222145)),
       "0.03447366811448324");
    ck_assert(
        strstr(CALL("GEO_DISTANCE", "DOUBLE, DOUBLE, DOUBLE, DOUBLE", D(91), D(0), D(0), D(0)),
               "valid latitude values") != NULL);
    ck_assert(strstr(CALL("GEO_DISTANCE", "DOUBLE, DOUBLE, DOUBLE, DOUBLE, STRING", D(1), D(0),
                          D(0), D(0), S("parsecs")),
                     "units parameter must be") != NULL);
    EQ(CALL("GEO_DISTANCE", "DOUBLE, DOUBLE, DOUBLE, DOUBLE, STRING", N("DOUBLE"), D(0), D(0), D(0),
            S("km")),
       "NULL");
}
END_TEST

static Suite *fn_math_suite(void)
{
    Suite *s = suite_create("fn_math");
    TCase *tc = tcase_create("math");
    tcase_add_checked_fixture(tc, fnt_setup, fnt_teardown);
    tcase_add_test(tc, test_fn_math_abs);
    tcase_add_test(tc, test_fn_math_ceil_floor);
    tcase_add_test(tc, test_fn_math_round_double);
    tcase_add_test(tc, test_fn_math_round_decimal);
    tcase_add_test(tc, test_fn_math_trunc);
    tcase_add_test(tc, test_fn_math_sign);
    tcase_add_test(tc, test_fn_math_logs_and_roots);
    tcase_add_test(tc, test_fn_math_power);
    tcase_add_test(tc, test_fn_math_trigonometry);
    tcase_add_test(tc, test_fn_math_random);
    tcase_add_test(tc, test_fn_math_greatest_least);
    tcase_add_test(tc, test_fn_math_geo_distance);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fn_math_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
