/*
 * test_agg_collect.c - COLLECT_LIST, COLLECT_SET and HISTOGRAM: ksqlDB's
 * collect-list.json, collect-set.json and histogram.json cases replayed as
 * add/retract calls (stream and table forms), the configured limits, merges,
 * composite values that outlive their batch, and state round trips.
 */
#include "agg_test.h"

#include <stdio.h>

static void expect(agg_h *h, const sl_value *in, const char *const *want, int n)
{
    for (int i = 0; i < n; i++) {
        h_add(h, in[i]);
        ck_assert_str_eq(h_result(h), want[i]);
    }
    h_check_state(h);
}

static sl_fn_call *collect(const char *f, const sl_type *t)
{
    return call1(f, "T", t, sl_type_array(ar, t));
}

/* A one-entry map {k: v} of STRING to BIGINT, allocated in a. */
static sl_value map1(sl_arena *a, const char *k, int64_t v)
{
    sl_map *m = sl_map_new(a, 1);
    m->k[0] = sl_value_str(sl_arena_strdup(a, k), (uint32_t)strlen(k));
    m->v[0] = vint(v);
    return sl_value_map(m);
}

START_TEST(test_agg_collect_list_conformance)
{
    sl_value longs[] = {vint(2147483648LL), vint(100)};
    const char *wl[] = {"[2147483648]", "[2147483648,100]"};
    expect(h_new(collect("COLLECT_LIST", &sl_type_bigint)), longs, wl, 2);
    const sl_type *d41 = sl_type_decimal(ar, 4, 1);
    sl_value dec[] = {vdec(5009), vdec(3008), vnull(), vdec(3008), vnull()};
    const char *wd[] = {"[500.9]", "[500.9,300.8]", "[500.9,300.8,null]",
                        "[500.9,300.8,null,300.8]", "[500.9,300.8,null,300.8,null]"};
    expect(h_new(collect("COLLECT_LIST", d41)), dec, wd, 5);
    sl_value s[] = {vstr("baz"), vstr("baz"), vstr("foo"), vnull()};
    const char *ws[] = {"[\"baz\"]", "[\"baz\",\"baz\"]", "[\"baz\",\"baz\",\"foo\"]",
                        "[\"baz\",\"baz\",\"foo\",null]"};
    expect(h_new(collect("COLLECT_LIST", &sl_type_string)), s, ws, 4);
    sl_value b[] = {sl_value_bool(true), sl_value_bool(false), sl_value_bool(true)};
    const char *wb[] = {"[true]", "[true,false]", "[true,false,true]"};
    expect(h_new(collect("COLLECT_LIST", &sl_type_boolean)), b, wb, 3);
    sl_value t[] = {vint(10), vint(20)};
    const char *wt[] = {"[\"00:00:00.010\"]", "[\"00:00:00.010\",\"00:00:00.020\"]"};
    expect(h_new(collect("COLLECT_LIST", &sl_type_time)), t, wt, 2);
    const sl_type *mt = sl_type_map(ar, &sl_type_string, &sl_type_bigint);
    agg_h *h = h_new(collect("COLLECT_LIST", mt));
    for (int r = 0; r < 2; r++) { /* each record's batch dies before the next */
        sl_arena *batch = sl_arena_new(0);
        h_add(h, map1(batch, r ? "Record1" : "Record0", r ? 100 : 1));
        sl_arena_free(batch);
    }
    ck_assert_str_eq(h_result(h), "[{\"Record0\":1},{\"Record1\":100}]");
    h_check_state(h);
}
END_TEST

/* "collect_list int table": an update retracts the old value first. */
START_TEST(test_agg_collect_list_table)
{
    agg_h *h = h_new(collect("COLLECT_LIST", &sl_type_int));
    h_add(h, vint(0));
    ck_assert_str_eq(h_result(h), "[0]");
    h_retract(h, vint(0));
    h_add(h, vint(100));
    ck_assert_str_eq(h_result(h), "[100]");
    h_add(h, vint(7));
    h_add(h, vint(100));
    h_add(h, vnull());
    h_retract(h, vint(100)); /* the last equal value goes */
    ck_assert_str_eq(h_result(h), "[100,7,null]");
    h_retract(h, vnull());
    h_retract(h, vint(55)); /* never added: nothing happens */
    ck_assert_str_eq(h_result(h), "[100,7]");
    h_check_state(h);
    /* many strings in and out: garbage is reclaimed */
    agg_h *g = h_new(collect("COLLECT_LIST", &sl_type_string));
    char buf[32];
    for (int i = 0; i < 20000; i++) {
        int len = snprintf(buf, sizeof buf, "s%d", i);
        h_add(g, sl_value_str(buf, (uint32_t)len));
        if (i >= 2) {
            len = snprintf(buf, sizeof buf, "s%d", i - 2);
            h_retract(g, sl_value_str(buf, (uint32_t)len));
        }
    }
    ck_assert_str_eq(h_result(g), "[\"s19998\",\"s19999\"]");
    ck_assert_uint_lt(sl_arena_used(((sl_agg_vals *)g->acc)->ar), 8192);
}
END_TEST

/* "collect_list with limit of 1", and limits in merges and states. */
START_TEST(test_agg_collect_limits)
{
    sl_fn_conf conf = {.collect_list_limit = 1, .collect_set_limit = 2};
    sl_fn_call *c = collect("COLLECT_LIST", &sl_type_int);
    c->conf = &conf;
    sl_value in[] = {vint(0), vint(100), vint(0), vint(5)};
    const char *w[] = {"[0]", "[0]"};
    expect(h_new(c), in, w, 2);
    ck_assert_str_eq(h_check_merge(c, in, 4), "[0]");
    sl_fn_call *s = collect("COLLECT_SET", &sl_type_int);
    s->conf = &conf;
    ck_assert_str_eq(h_check_merge(s, in, 4), "[0,100]");
    sl_fn_conf none = {.collect_list_limit = -1, .collect_set_limit = 0};
    sl_fn_call *c2 = collect("COLLECT_LIST", &sl_type_int);
    c2->conf = &none;
    ck_assert_str_eq(h_check_merge(c2, in, 4), "[0,100,0,5]");
    sl_fn_call *s2 = collect("COLLECT_SET", &sl_type_int);
    s2->conf = &none;
    ck_assert_str_eq(h_check_merge(s2, in, 4), "[]");
    /* a state written under no limit, read under a limit of 1 */
    agg_h *big = h_new(c2), *small = h_new(c);
    for (int i = 0; i < 4; i++)
        h_add(big, in[i]);
    sl_buf st = SL_BUF_INIT;
    big->vt->serialize(c2, big->acc, &st);
    ck_assert_ptr_null(small->vt->deserialize(c, small->acc, (const uint8_t *)st.p, st.len));
    ck_assert_str_eq(h_result(small), "[0]");
    sl_buf_free(&st);
}
END_TEST

START_TEST(test_agg_collect_set_conformance)
{
    sl_value in[] = {vstr("foo"), vstr("bar"), vstr("baz"), vstr("baz"),
                     vstr("foo"), vnull(),     vnull()};
    const char *w[] = {"[\"foo\"]",
                       "[\"foo\",\"bar\"]",
                       "[\"foo\",\"bar\",\"baz\"]",
                       "[\"foo\",\"bar\",\"baz\"]",
                       "[\"foo\",\"bar\",\"baz\"]",
                       "[\"foo\",\"bar\",\"baz\",null]",
                       "[\"foo\",\"bar\",\"baz\",null]"};
    agg_h *h = h_new(collect("COLLECT_SET", &sl_type_string));
    expect(h, in, w, 7);
    ck_assert_ptr_null(h->vt->retract);
    ck_assert_str_eq(h_check_merge(h->call, in, 7), w[6]);
    const sl_type *d41 = sl_type_decimal(ar, 4, 1);
    sl_value dec[] = {vdec(5009), vdec(3008), vnull(), vdec(3008), vnull()};
    const char *wd[] = {"[500.9]", "[500.9,300.8]", "[500.9,300.8,null]", "[500.9,300.8,null]",
                        "[500.9,300.8,null]"};
    expect(h_new(collect("COLLECT_SET", d41)), dec, wd, 5);
    /* thousands of distinct values go through the hash index */
    agg_h *many = h_new(collect("COLLECT_SET", &sl_type_bigint));
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < 5000; i++)
            h_add(many, vint(i * 31 % 5000));
    ck_assert_uint_eq(((sl_agg_vals *)many->acc)->n, 5000);
    h_check_state(many);
}
END_TEST

/* "collect_set maps", "collect_set struct" and "with arrays, structs, and
 * maps": equal composites are one value, whatever the map order. */
START_TEST(test_agg_collect_set_composites)
{
    const sl_type *mt = sl_type_map(ar, &sl_type_string, &sl_type_bigint);
    sl_map *a = sl_map_new(ar, 2), *b = sl_map_new(ar, 2);
    a->k[0] = vstr("Record0"), a->v[0] = vint(100), a->k[1] = vstr("Record2"), a->v[1] = vint(2);
    b->k[0] = vstr("Record2"), b->v[0] = vint(2), b->k[1] = vstr("Record0"), b->v[1] = vint(100);
    sl_value maps[] = {sl_value_map(a), sl_value_map(b)};
    const char *wm[] = {"[{\"Record0\":100,\"Record2\":2}]", "[{\"Record0\":100,\"Record2\":2}]"};
    expect(h_new(collect("COLLECT_SET", mt)), maps, wm, 2);

    sl_field f[2] = {{"A", &sl_type_string}, {"D", sl_type_decimal(ar, 4, 1)}};
    const sl_type *st = sl_type_struct(ar, 2, f), *at = sl_type_array(ar, st);
    sl_struct *s1 = sl_struct_new(ar, 2), *s2 = sl_struct_new(ar, 2);
    s1->f[0] = vstr("Later0"), s1->f[1] = vnull();
    s2->f[0] = vstr("Later0"), s2->f[1] = vdec(1);
    sl_array *a1 = sl_array_new(ar, 1), *a2 = sl_array_new(ar, 1), *a3 = sl_array_new(ar, 1);
    a1->v[0] = sl_value_struct(s1), a2->v[0] = sl_value_struct(s2), a3->v[0] = vnull();
    sl_value arrs[] = {sl_value_array(a1), sl_value_array(a2), sl_value_array(a3), vnull(),
                       sl_value_array(a1)};
    ck_assert_str_eq(
        h_check_merge(collect("COLLECT_SET", at), arrs, 5),
        "[[{\"A\":\"Later0\",\"D\":null}],[{\"A\":\"Later0\",\"D\":0.1}],[null],null]");
    ck_assert_str_eq(h_check_merge(collect("COLLECT_LIST", at), arrs, 3),
                     "[[{\"A\":\"Later0\",\"D\":null}],[{\"A\":\"Later0\",\"D\":0.1}],[null]]");
}
END_TEST

/* histogram.json "histogram on a table": people move between regions. */
START_TEST(test_agg_histogram_table)
{
    sl_fn_call *c = call1("HISTOGRAM", "STRING", &sl_type_string,
                          sl_type_map(ar, &sl_type_string, &sl_type_bigint));
    agg_h *east = h_new(c), *west = h_new(c);
    h_add(east, vstr("alice"));
    ck_assert_str_eq(h_result(east), "{\"alice\":1}");
    h_add(east, vstr("bob"));
    ck_assert_str_eq(h_result(east), "{\"alice\":1,\"bob\":1}");
    h_add(west, vstr("carol"));
    h_add(west, vstr("dave"));
    ck_assert_str_eq(h_result(west), "{\"carol\":1,\"dave\":1}");
    h_retract(east, vstr("bob"));
    ck_assert_str_eq(h_result(east), "{\"alice\":1}");
    h_add(west, vstr("bob"));
    ck_assert_str_eq(h_result(west), "{\"carol\":1,\"dave\":1,\"bob\":1}");
    h_retract(west, vstr("bob"));
    ck_assert_str_eq(h_result(west), "{\"carol\":1,\"dave\":1}");
    h_add(west, vstr("dave"));
    h_retract(west, vstr("dave"));
    h_retract(west, vstr("nobody"));
    ck_assert_str_eq(h_result(west), "{\"carol\":1,\"dave\":1}");
    h_check_state(west);
    sl_value in[] = {vstr("a"), vstr("b"), vstr("a"), vnull(), vstr("c"), vstr("a")};
    ck_assert_str_eq(h_check_merge(c, in, 6), "{\"a\":3,\"b\":1,\"null\":1,\"c\":1}");
}
END_TEST

/* At most 1000 distinct keys; known keys still count. */
START_TEST(test_agg_histogram_limit)
{
    sl_fn_call *c = call1("HISTOGRAM", "STRING", &sl_type_string,
                          sl_type_map(ar, &sl_type_string, &sl_type_bigint));
    agg_h *h = h_new(c);
    char buf[16];
    for (int i = 0; i < 1500; i++) {
        int len = snprintf(buf, sizeof buf, "k%d", i);
        h_add(h, sl_value_str(buf, (uint32_t)len));
    }
    h_add(h, vstr("k7"));
    h_retract(h, vstr("k1200"));
    const char *r = h_result(h);
    ck_assert_ptr_nonnull(strstr(r, "\"k7\":2"));
    ck_assert_ptr_null(strstr(r, "\"k1000\""));
    ck_assert_ptr_nonnull(strstr(r, "\"k999\":1"));
    h_check_state(h);
    h_retract(h, vstr("k0"));
    h_add(h, vstr("k1000")); /* room again */
    ck_assert_ptr_nonnull(strstr(h_result(h), "\"k1000\":1"));
}
END_TEST

static Suite *agg_collect_suite(void)
{
    Suite *s = suite_create("agg_collect");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, agg_test_setup, agg_test_teardown);
    tcase_add_test(tc, test_agg_collect_list_conformance);
    tcase_add_test(tc, test_agg_collect_list_table);
    tcase_add_test(tc, test_agg_collect_limits);
    tcase_add_test(tc, test_agg_collect_set_conformance);
    tcase_add_test(tc, test_agg_collect_set_composites);
    tcase_add_test(tc, test_agg_histogram_table);
    tcase_add_test(tc, test_agg_histogram_limit);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(agg_collect_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
