/*
 * test_agg_stats.c - STDDEV_SAMPLE, STDDEV_SAMP, CORRELATION and
 * COUNT_DISTINCT: the result sequences of ksqlDB's standarddeviation.json,
 * correlation-udaf.json and count-distinct.json replayed as add calls
 * (exact doubles), retract, merge, state round trips and HyperLogLog accuracy.
 */
#include "agg_test.h"

/* Adds in[i] and checks the result equals want[i] exactly. */
static void expect_d(agg_h *h, const sl_value *in, const double *want, int n)
{
    for (int i = 0; i < n; i++) {
        h_add(h, in[i]);
        double got = h_result_d(h);
        ck_assert_msg(got == want[i] || (isnan(got) && isnan(want[i])),
                      "step %d: got %.17g, want %.17g", i, got, want[i]);
    }
    h_check_state(h);
}

static bool near(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

START_TEST(test_agg_stddev_sample_conformance)
{
    const char *f = "STDDEV_SAMPLE";
    sl_value i0[] = {vint(0), vint(10), vint(7), vint(6)};
    double w0[] = {0.0, 7.0710678118654755, 5.131601439446884, 4.193248541803041};
    expect_d(h_new(call1(f, "INT", &sl_type_int, &sl_type_double)), i0, w0, 4);
    sl_value i1[] = {vint(50), vint(10), vint(3), vnull()};
    double w1[] = {0.0, 28.284271247461902, 25.357444666211933, 25.357444666211933};
    expect_d(h_new(call1(f, "INT", &sl_type_int, &sl_type_double)), i1, w1, 4);

    sl_value l0[] = {vint(2147483648LL), vint(100), vint(-2), vnull()};
    double wl0[] = {0.0, 1518500179.2773468, 1239850233.9629574, 1239850233.9629574};
    expect_d(h_new(call1(f, "BIGINT", &sl_type_bigint, &sl_type_double)), l0, wl0, 4);
    sl_value l1[] = {vint(500), vint(100), vint(0), vint(-6)};
    double wl1[] = {0.0, 282.842712474619, 264.5751311064591, 239.32335169528832};
    expect_d(h_new(call1(f, "BIGINT", &sl_type_bigint, &sl_type_double)), l1, wl1, 4);

    sl_value d0[] = {vdbl(-1.8), vdbl(2.3), vdbl(100.2), vnull()};
    double wd0[] = {0.0, 2.899137802864845, 57.74256084841869, 57.74256084841869};
    expect_d(h_new(call1(f, "DOUBLE", &sl_type_double, &sl_type_double)), d0, wd0, 4);
    sl_value d1[] = {vdbl(9223372036854.775), vdbl(300.8), vdbl(-200000.6), vdbl(0.0)};
    double wd1[] = {0.0, 6521908912453.693, 5325116385962.54, 4611686051710.689};
    expect_d(h_new(call1(f, "DOUBLE", &sl_type_double, &sl_type_double)), d1, wd1, 4);
}
END_TEST

/* STDDEV_SAMP's cases pin the sample variance. */
START_TEST(test_agg_stddev_samp_conformance)
{
    const char *f = "STDDEV_SAMP";
    sl_value i0[] = {vint(0), vint(10), vint(7), vint(6)};
    double w0[] = {0.0, 50.0, 26.333333333333332, 17.583333333333332};
    expect_d(h_new(call1(f, "INT", &sl_type_int, &sl_type_double)), i0, w0, 4);
    sl_value i1[] = {vint(50), vint(10), vint(3), vnull()};
    double w1[] = {0.0, 800.0, 643.0, 643.0};
    expect_d(h_new(call1(f, "INT", &sl_type_int, &sl_type_double)), i1, w1, 4);
    sl_value l0[] = {vint(2147483648LL), vint(100), vint(-2), vnull()};
    double wl0[] = {0.0, 2.3058427944653343e+18, 1.5372286026580004e+18, 1.5372286026580004e+18};
    expect_d(h_new(call1(f, "BIGINT", &sl_type_bigint, &sl_type_double)), l0, wl0, 4);
    sl_value l1[] = {vint(500), vint(100), vint(0), vint(-6)};
    double wl1[] = {0.0, 80000.0, 70000.0, 57275.666666666664};
    expect_d(h_new(call1(f, "BIGINT", &sl_type_bigint, &sl_type_double)), l1, wl1, 4);
    sl_value d0[] = {vdbl(-1.8), vdbl(2.3), vdbl(100.2), vnull()};
    double wd0[] = {0.0, 8.405, 3334.2033333333347, 3334.2033333333347};
    expect_d(h_new(call1(f, "DOUBLE", &sl_type_double, &sl_type_double)), d0, wd0, 4);
    sl_value d1[] = {vdbl(9223372036854.775), vdbl(300.8), vdbl(-200000.6), vdbl(0.0)};
    double wd1[] = {0.0, 4.253529586234292e+25, 2.835686452404674e+25, 2.1267648239542927e+25};
    expect_d(h_new(call1(f, "DOUBLE", &sl_type_double, &sl_type_double)), d1, wd1, 4);
}
END_TEST

/* Retracting a value gives what never adding it gives; merging two halves
 * gives what adding everything to one gives (up to rounding). */
START_TEST(test_agg_stddev_retract_and_merge)
{
    static const char *const fns[] = {"STDDEV_SAMPLE", "STDDEV_SAMP"};
    static const char *const ps[] = {"INT", "BIGINT", "DOUBLE"};
    const sl_type *ts[] = {&sl_type_int, &sl_type_bigint, &sl_type_double};
    for (int f = 0; f < 2; f++) {
        for (int k = 0; k < 3; k++) {
            sl_fn_call *c = call1(fns[f], ps[k], ts[k], &sl_type_double);
            bool dbl = ts[k]->kind == SL_K_DOUBLE;
            sl_value v[8];
            for (int i = 0; i < 8; i++)
                v[i] = dbl ? vdbl(i * 3.5 - 7) : vint(i * 3 - 7);
            agg_h *all = h_new(c), *part = h_new(c);
            for (int i = 0; i < 8; i++)
                h_add(all, v[i]);
            for (int i = 0; i < 8; i++)
                if (i != 5) h_add(part, v[i]);
            h_retract(all, v[5]);
            ck_assert_msg(near(h_result_d(all), h_result_d(part)), "%s(%s) retract", fns[f], ps[k]);
            h_retract(all, vnull());
            /* STDDEV_SAMP's integer-division merge is checked on its own below */
            for (int cut = 0; cut <= 8 && !(f == 1 && !dbl); cut++) {
                agg_h *one = h_new(c), *a = h_new(c), *b = h_new(c);
                for (int i = 0; i < 8; i++) {
                    h_add(one, v[i]);
                    h_add(i < cut ? a : b, v[i]);
                }
                c->sig->agg->merge(c, a->acc, b->acc);
                ck_assert_msg(near(h_result_d(a), h_result_d(one)), "%s(%s) merge at %d: %g %g",
                              fns[f], ps[k], cut, h_result_d(a), h_result_d(one));
            }
            h_check_state(all);
        }
    }
}
END_TEST

/* STDDEV_SAMP merges means taken by integer division (ksqlDB's formula). */
START_TEST(test_agg_stddev_samp_integer_merge)
{
    sl_fn_call *c = call1("STDDEV_SAMP", "INT", &sl_type_int, &sl_type_double);
    agg_h *a = h_new(c), *b = h_new(c);
    h_add(a, vint(1));
    h_add(a, vint(2)); /* mean 1 (3 / 2) */
    h_add(b, vint(4)); /* mean 4 */
    c->sig->agg->merge(c, a->acc, b->acc);
    /* M2 = 0.5 + 0 + 2 * 1 * (1 - 4)^2 / 3 = 6.5; variance = 6.5 / 2 */
    ck_assert(h_result_d(a) == 3.25);
}
END_TEST

static sl_value pair_args[2];

static void corr_add(agg_h *h, sl_value x, sl_value y, bool retract)
{
    pair_args[0] = x;
    pair_args[1] = y;
    sl_error *err = h_addv(h, pair_args, retract);
    ck_assert_ptr_null(err);
}

/* correlation-udaf.json: alice's and bob's pairs (INT/BIGINT widen to DOUBLE). */
START_TEST(test_agg_correlation_conformance)
{
    const sl_type *types[2] = {&sl_type_double, &sl_type_double};
    sl_fn_call *c = make_call("CORRELATION", "DOUBLE, DOUBLE", 2, types, &sl_type_double, NULL);
    agg_h *alice = h_new(c), *bob = h_new(c);
    corr_add(alice, vdbl(1.5), vdbl(8.0), false);
    ck_assert(isnan(h_result_d(alice)));
    corr_add(bob, vdbl(-3.5), vdbl(-2.0), false);
    ck_assert(isnan(h_result_d(bob)));
    corr_add(alice, vdbl(-1.0), vdbl(-2.0), false);
    ck_assert(h_result_d(alice) == 1.0);
    corr_add(alice, vdbl(-4.5), vdbl(-1.0), false);
    ck_assert(h_result_d(alice) == 0.7580764521133173);
    corr_add(bob, vdbl(13.1), vnull(), false);
    ck_assert(isnan(h_result_d(bob)));
    corr_add(bob, vdbl(3.0), vdbl(11.0), false);
    ck_assert(h_result_d(bob) == 1.0);
    corr_add(alice, vnull(), vdbl(-6.0), false);
    ck_assert(h_result_d(alice) == 0.7580764521133173);
    ck_assert_str_eq(h_result(bob), "1.0");
    h_check_state(alice);

    agg_h *ints = h_new(c), *other = h_new(c);
    corr_add(ints, vdbl(1), vdbl(8), false);
    corr_add(ints, vdbl(-1), vdbl(-2), false);
    corr_add(other, vdbl(-4), vdbl(-1), false);
    c->sig->agg->merge(c, ints->acc, other->acc);
    ck_assert(h_result_d(ints) == 0.7455284088780169);
    corr_add(ints, vdbl(-4), vdbl(-1), true);
    corr_add(ints, vnull(), vdbl(-1), true);
    ck_assert(h_result_d(ints) == 1.0);
    ck_assert_str_eq(h_result(h_new(c)), "\"NaN\"");
}
END_TEST

/* count-distinct.json: foo sees one, two, one, two, NULL. */
START_TEST(test_agg_count_distinct_conformance)
{
    sl_fn_call *c = call1("COUNT_DISTINCT", "ANY", &sl_type_string, &sl_type_bigint);
    agg_h *h = h_new(c);
    ck_assert_str_eq(h_result(h), "0");
    sl_value in[] = {vstr("one"), vstr("two"), vstr("one"), vstr("two"), vnull()};
    const char *want[] = {"1", "2", "2", "2", "2"};
    for (int i = 0; i < 5; i++) {
        h_add(h, in[i]);
        ck_assert_str_eq(h_result(h), want[i]);
    }
    ck_assert_ptr_null(h->vt->retract);
    ck_assert_str_eq(h_check_merge(c, in, 5), "2");
}
END_TEST

/* Within a few percent at every size, through the sparse-to-dense switch,
 * merges and state round trips. */
START_TEST(test_agg_count_distinct_accuracy)
{
    sl_fn_call *c = call1("COUNT_DISTINCT", "ANY", &sl_type_bigint, &sl_type_bigint);
    static const int sizes[] = {10, 100, 1000, 5000, 50000, 300000};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        int n = sizes[k];
        agg_h *a = h_new(c), *b = h_new(c);
        for (int i = 0; i < n; i++) {
            h_add(i % 3 ? a : b, vint(i * 7919LL));
            h_add(a, vint(i * 7919LL)); /* duplicates do not count */
        }
        c->sig->agg->merge(c, b->acc, a->acc);
        long est = strtol(h_result(b), NULL, 10);
        double err = fabs((double)est - n) / n;
        ck_assert_msg(err < (n <= 1000 ? 0.01 : 0.03), "n=%d est=%ld", n, est);
        size_t bytes = h_check_state(b);
        if (n <= 100) ck_assert_uint_lt(bytes, 8 + 4 * (size_t)n); /* sparse state is small */
        h_free(a);
        h_free(b);
    }
}
END_TEST

START_TEST(test_agg_count_distinct_rejects_bad_state)
{
    sl_fn_call *c = call1("COUNT_DISTINCT", "ANY", &sl_type_bigint, &sl_type_bigint);
    agg_h *h = h_new(c);
    static const uint8_t bad_rank[] = {SL_AGG_FORMAT, SL_AGG_TAG_COUNT_DISTINCT, 0, 1, 5, 52};
    static const uint8_t bad_order[] = {SL_AGG_FORMAT, SL_AGG_TAG_COUNT_DISTINCT, 0, 2, 5, 1, 0, 1};
    static const uint8_t bad_index[] = {
        SL_AGG_FORMAT, SL_AGG_TAG_COUNT_DISTINCT, 0, 1, 0x80, 0x80, 1, 1};
    static const uint8_t bad_mode[] = {SL_AGG_FORMAT, SL_AGG_TAG_COUNT_DISTINCT, 2, 0};
    static const uint8_t other_tag[] = {SL_AGG_FORMAT, SL_AGG_TAG_COUNT, 0};
    static const uint8_t new_format[] = {SL_AGG_FORMAT + 1, SL_AGG_TAG_COUNT_DISTINCT, 0, 0};
    const uint8_t *bad[] = {bad_rank, bad_order, bad_index, bad_mode, other_tag, new_format};
    size_t len[] = {sizeof bad_rank, sizeof bad_order, sizeof bad_index,
                    sizeof bad_mode, sizeof other_tag, sizeof new_format};
    for (int i = 0; i < 6; i++) {
        sl_error *err = h->vt->deserialize(c, h->acc, bad[i], len[i]);
        ck_assert_msg(err != NULL, "case %d accepted", i);
        ck_assert_int_eq(err->code, SL_E_CORRUPT);
        sl_error_free(err);
        ck_assert_str_eq(h_result(h), "0");
    }
}
END_TEST

static Suite *agg_stats_suite(void)
{
    Suite *s = suite_create("agg_stats");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, agg_test_setup, agg_test_teardown);
    tcase_add_test(tc, test_agg_stddev_sample_conformance);
    tcase_add_test(tc, test_agg_stddev_samp_conformance);
    tcase_add_test(tc, test_agg_stddev_retract_and_merge);
    tcase_add_test(tc, test_agg_stddev_samp_integer_merge);
    tcase_add_test(tc, test_agg_correlation_conformance);
    tcase_add_test(tc, test_agg_count_distinct_conformance);
    tcase_add_test(tc, test_agg_count_distinct_accuracy);
    tcase_add_test(tc, test_agg_count_distinct_rejects_bad_state);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(agg_stats_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
