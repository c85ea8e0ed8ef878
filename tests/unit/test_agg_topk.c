/*
 * test_agg_topk.c - TOPK (plain and with other columns) and TOPKDISTINCT:
 * ksqlDB's topk-group-by.json and topk-distinct.json cases replayed as add
 * calls, tie order, merges, return types, the k literal check, and states
 * that are out of order or too long.
 */
#include "agg_test.h"

#include <stdio.h>

static sl_value kval;

/* F(x, others..., k) with column types types[0..ncols). */
static sl_fn_call *topk_call(const char *f, int k, int ncols, const sl_type *const *types)
{
    const sl_type *ts[8];
    const sl_value *consts[8] = {NULL};
    sl_value *kv = SL_ARENA_NEW(ar, sl_value);
    *kv = vint(k);
    char params[64] = "T";
    for (int i = 0; i < ncols; i++) {
        ts[i] = types[i];
        if (i) strcat(params, ", ANY");
    }
    ts[ncols] = &sl_type_int;
    consts[ncols] = kv;
    strcat(params, ", INT");
    return make_call(f, params, ncols + 1, ts, NULL, consts);
}

static sl_fn_call *topk1(const char *f, const sl_type *t, int k)
{
    const sl_type *types[1] = {t};
    return topk_call(f, k, 1, types);
}

static void expect(agg_h *h, const sl_value *in, const char *const *want, int n)
{
    for (int i = 0; i < n; i++) {
        h_add(h, in[i]);
        ck_assert_str_eq(h_result(h), want[i]);
    }
    h_check_state(h);
}

/* Adds a row (x, c0) to a TOPK with one other column. */
static void add2(agg_h *h, sl_value x, sl_value c0)
{
    sl_value args[3] = {x, c0, kval};
    ck_assert_ptr_null(h_addv(h, args, false));
}

START_TEST(test_agg_topk_conformance)
{
    sl_value l[] = {vint(2147483648LL), vint(100), vint(99), vint(7), vint(100)};
    const char *wl[] = {"[2147483648]", "[2147483648,100]", "[2147483648,100,99]",
                        "[2147483648,100,99]", "[2147483648,100,100]"};
    agg_h *h = h_new(topk1("TOPK", &sl_type_bigint, 3));
    expect(h, l, wl, 5);
    ck_assert_ptr_null(h->vt->retract);
    sl_value d[] = {vdbl(2147483648.9), vdbl(100.5), vdbl(99.9), vdbl(7.3), vdbl(100.5), vnull()};
    const char *wd[] = {"[2.1474836489E9]",
                        "[2.1474836489E9,100.5]",
                        "[2.1474836489E9,100.5,99.9]",
                        "[2.1474836489E9,100.5,99.9]",
                        "[2.1474836489E9,100.5,100.5]",
                        "[2.1474836489E9,100.5,100.5]"};
    expect(h_new(topk1("TOPK", &sl_type_double, 3)), d, wd, 6);
}
END_TEST

/* "topk long struct" and "topk string struct": rows with one other column;
 * among equal values the earlier row stays first. */
START_TEST(test_agg_topk_struct_conformance)
{
    const sl_type *lt[2] = {&sl_type_bigint, &sl_type_string};
    sl_fn_call *c = topk_call("TOPK", 3, 2, lt);
    agg_h *h = h_new(c);
    kval = vint(3);
    add2(h, vint(2147483648LL), vstr("zero"));
    ck_assert_str_eq(h_result(h), "[{\"sort_col\":2147483648,\"col0\":\"zero\"}]");
    add2(h, vint(100), vstr("one"));
    add2(h, vint(99), vstr("two"));
    add2(h, vnull(), vstr("three"));
    ck_assert_str_eq(h_result(h), "[{\"sort_col\":2147483648,\"col0\":\"zero\"},{\"sort_col\":100,"
                                  "\"col0\":\"one\"},{\"sort_col\":99,\"col0\":\"two\"}]");
    add2(h, vint(100), vnull());
    ck_assert_str_eq(h_result(h), "[{\"sort_col\":2147483648,\"col0\":\"zero\"},{\"sort_col\":100,"
                                  "\"col0\":\"one\"},{\"sort_col\":100,\"col0\":null}]");
    h_check_state(h);

    const sl_type *st[2] = {&sl_type_string, &sl_type_string};
    h = h_new(topk_call("TOPK", 3, 2, st));
    add2(h, vstr("a"), vstr("zero"));
    add2(h, vnull(), vstr("one"));
    ck_assert_str_eq(h_result(h), "[{\"sort_col\":\"a\",\"col0\":\"zero\"}]");
    add2(h, vstr("c"), vstr("two"));
    add2(h, vstr("b"), vstr("three"));
    add2(h, vstr("d"), vnull());
    ck_assert_str_eq(h_result(h),
                     "[{\"sort_col\":\"d\",\"col0\":null},{\"sort_col\":\"c\",\"col0\":"
                     "\"two\"},{\"sort_col\":\"b\",\"col0\":\"three\"}]");
    h_check_state(h);
}
END_TEST

/* Up to five other columns; the result type names them col0..col4. */
START_TEST(test_agg_topk_many_columns)
{
    const sl_type *t[6] = {&sl_type_int,    &sl_type_string, &sl_type_double,
                           &sl_type_bigint, &sl_type_bytes,  &sl_type_boolean};
    sl_fn_call *c = topk_call("TOPK", 2, 6, t);
    sl_buf b = SL_BUF_INIT;
    sl_type_print(&b, c->ret_type);
    ck_assert_str_eq(sl_buf_cstr(&b), "ARRAY<STRUCT<`sort_col` INTEGER, `col0` STRING, `col1` "
                                      "DOUBLE, `col2` BIGINT, `col3` BYTES, `col4` BOOLEAN>>");
    sl_buf_free(&b);
    agg_h *h = h_new(c);
    for (int i = 0; i < 4; i++) {
        sl_value args[7] = {
            vint(i % 3),          vstr("s"), vdbl(i), vint(-i), sl_value_str("b", 1),
            sl_value_bool(i & 1), vint(2)};
        ck_assert_ptr_null(h_addv(h, args, false));
    }
    ck_assert_str_eq(h_result(h),
                     "[{\"sort_col\":2,\"col0\":\"s\",\"col1\":2.0,\"col2\":-2,"
                     "\"col3\":\"Yg==\",\"col4\":false},{\"sort_col\":1,\"col0\":\"s\","
                     "\"col1\":1.0,\"col2\":-1,\"col3\":\"Yg==\",\"col4\":true}]");
    h_check_state(h);
}
END_TEST

START_TEST(test_agg_topkdistinct_conformance)
{
    const sl_type *d21 = sl_type_decimal(ar, 2, 1);
    sl_value d[] = {vdec(98), vdec(89), vnull(), vdec(78), vdec(65), vdec(99)};
    const char *wd[] = {"[9.8]",         "[9.8,8.9]",     "[9.8,8.9]",
                        "[9.8,8.9,7.8]", "[9.8,8.9,7.8]", "[9.9,9.8,8.9]"};
    agg_h *h = h_new(topk1("TOPKDISTINCT", d21, 3));
    expect(h, d, wd, 6);
    ck_assert_ptr_null(h->vt->retract);
    sl_value b[] = {sl_value_str("B", 1), sl_value_str("F", 1), sl_value_str("G", 1), vnull(),
                    sl_value_str("A", 1), sl_value_str("F", 1)};
    const char *wb[] = {"[\"Qg==\"]",
                        "[\"Rg==\",\"Qg==\"]",
                        "[\"Rw==\",\"Rg==\",\"Qg==\"]",
                        "[\"Rw==\",\"Rg==\",\"Qg==\"]",
                        "[\"Rw==\",\"Rg==\",\"Qg==\"]",
                        "[\"Rw==\",\"Rg==\",\"Qg==\"]"};
    expect(h_new(topk1("TOPKDISTINCT", &sl_type_bytes, 3)), b, wb, 6);
    sl_value t[] = {vint(0), vint(100), vint(99), vnull(), vint(7), vint(100)};
    const char *wt[] = {"[\"00:00:00\"]",
                        "[\"00:00:00.100\",\"00:00:00\"]",
                        "[\"00:00:00.100\",\"00:00:00.099\",\"00:00:00\"]",
                        "[\"00:00:00.100\",\"00:00:00.099\",\"00:00:00\"]",
                        "[\"00:00:00.100\",\"00:00:00.099\",\"00:00:00.007\"]",
                        "[\"00:00:00.100\",\"00:00:00.099\",\"00:00:00.007\"]"};
    expect(h_new(topk1("TOPKDISTINCT", &sl_type_time, 3)), t, wt, 6);
    sl_value ts[] = {vint(0), vint(100), vint(99), vnull(), vint(-7), vint(100)};
    ck_assert_str_eq(h_check_merge(topk1("TOPKDISTINCT", &sl_type_timestamp, 3), ts, 6),
                     "[\"1970-01-01T00:00:00.100\",\"1970-01-01T00:00:00.099\","
                     "\"1970-01-01T00:00:00.000\"]");
}
END_TEST

/* Merging two answers equals one answer over all rows, ties included. */
START_TEST(test_agg_topk_merges)
{
    sl_value in[] = {vint(5), vint(9), vint(5), vnull(), vint(1), vint(9), vint(7), vint(5)};
    ck_assert_str_eq(h_check_merge(topk1("TOPK", &sl_type_int, 4), in, 8), "[9,9,7,5]");
    ck_assert_str_eq(h_check_merge(topk1("TOPKDISTINCT", &sl_type_int, 4), in, 8), "[9,7,5,1]");
    ck_assert_str_eq(h_check_merge(topk1("TOPK", &sl_type_int, 1), in, 8), "[9]");
    ck_assert_str_eq(h_check_merge(topk1("TOPKDISTINCT", &sl_type_int, 100), in, 8), "[9,7,5,1]");
    sl_value s[] = {vstr("b"), vstr("a"), vstr("c"), vstr("b")};
    ck_assert_str_eq(h_check_merge(topk1("TOPK", &sl_type_string, 3), s, 4), "[\"c\",\"b\",\"b\"]");
    /* ties in a merge: this accumulator's rows first */
    const sl_type *lt[2] = {&sl_type_int, &sl_type_string};
    sl_fn_call *c = topk_call("TOPK", 3, 2, lt);
    agg_h *a = h_new(c), *b = h_new(c);
    kval = vint(3);
    add2(a, vint(1), vstr("a1"));
    add2(b, vint(1), vstr("b1"));
    add2(b, vint(2), vstr("b2"));
    c->sig->agg->merge(c, a->acc, b->acc);
    ck_assert_str_eq(h_result(a), "[{\"sort_col\":2,\"col0\":\"b2\"},{\"sort_col\":1,\"col0\":"
                                  "\"a1\"},{\"sort_col\":1,\"col0\":\"b1\"}]");
    /* a long stream of strings keeps only k copies alive */
    agg_h *h = h_new(topk1("TOPK", &sl_type_string, 2));
    char buf[16];
    for (int i = 0; i < 50000; i++) {
        int len = snprintf(buf, sizeof buf, "%08d", i);
        h_add(h, sl_value_str(buf, (uint32_t)len));
    }
    ck_assert_str_eq(h_result(h), "[\"00049999\",\"00049998\"]");
    ck_assert_uint_lt(sl_arena_used(((sl_agg_vals *)h->acc)->ar), 8192);
}
END_TEST

START_TEST(test_agg_topk_planning)
{
    const sl_fn_def *def = find_def("TOPK");
    const sl_type *bad[2] = {sl_type_map(ar, &sl_type_string, &sl_type_int), &sl_type_int};
    sl_error *err = NULL;
    ck_assert_ptr_null(def->sigs[0].ret_fn(ar, bad, 2, &err));
    ck_assert_str_eq(err->msg,
                     "Function 'TOPK' does not accept parameters (MAP<STRING, INTEGER>, INTEGER).");
    sl_error_free(err);
    err = NULL;
    const sl_type *bool_k[2] = {&sl_type_boolean, &sl_type_int};
    ck_assert_ptr_null(find_def("TOPKDISTINCT")->sigs[0].ret_fn(ar, bool_k, 2, &err));
    ck_assert_str_eq(err->msg,
                     "Function 'TOPKDISTINCT' does not accept parameters (BOOLEAN, INTEGER).");
    sl_error_free(err);
    void *state;
    sl_fn_call *c = topk1("TOPK", &sl_type_int, 0);
    err = c->sig->init(c, &state);
    ck_assert_str_eq(err->msg, "k passed to function TOPK must be 1 or greater");
    sl_error_free(err);
    c = topk1("TOPKDISTINCT", &sl_type_int, 2);
    ((bool *)c->is_const)[1] = false;
    err = c->sig->init(c, &state);
    ck_assert_str_eq(err->msg, "Parameter 2 passed to function TOPKDISTINCT must be a literal "
                               "constant");
    sl_error_free(err);
    c = topk1("TOPK", &sl_type_int, 5);
    ck_assert_ptr_null(c->sig->init(c, &state));
}
END_TEST

/* State bytes out of order are put in order; more than k entries, or a NULL
 * value, are corrupt. */
START_TEST(test_agg_topk_state_checks)
{
    sl_fn_call *c = topk1("TOPKDISTINCT", &sl_type_int, 3);
    agg_h *h = h_new(c);
    sl_buf b = SL_BUF_INIT;
    sl_agg_put_header(&b, SL_AGG_TAG_TOPK_DISTINCT);
    sl_agg_put_uvarint(&b, 3);
    sl_agg_put_value(&b, &sl_type_int, vint(1));
    sl_agg_put_value(&b, &sl_type_int, vint(5));
    sl_agg_put_value(&b, &sl_type_int, vint(1));
    ck_assert_ptr_null(h->vt->deserialize(c, h->acc, (const uint8_t *)b.p, b.len));
    ck_assert_str_eq(h_result(h), "[5,1]");
    sl_buf_reset(&b);
    sl_agg_put_header(&b, SL_AGG_TAG_TOPK_DISTINCT);
    sl_agg_put_uvarint(&b, 1);
    sl_agg_put_value(&b, &sl_type_int, vnull());
    agg_h *g = h_new(c);
    sl_error *err = g->vt->deserialize(c, g->acc, (const uint8_t *)b.p, b.len);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
    sl_buf_reset(&b);
    sl_agg_put_header(&b, SL_AGG_TAG_TOPK_DISTINCT);
    sl_agg_put_uvarint(&b, 4);
    for (int i = 0; i < 4; i++)
        sl_agg_put_value(&b, &sl_type_int, vint(i));
    err = g->vt->deserialize(c, g->acc, (const uint8_t *)b.p, b.len);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
    ck_assert_str_eq(h_result(g), "[]");
    sl_buf_free(&b);
}
END_TEST

static Suite *agg_topk_suite(void)
{
    Suite *s = suite_create("agg_topk");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, agg_test_setup, agg_test_teardown);
    tcase_add_test(tc, test_agg_topk_conformance);
    tcase_add_test(tc, test_agg_topk_struct_conformance);
    tcase_add_test(tc, test_agg_topk_many_columns);
    tcase_add_test(tc, test_agg_topkdistinct_conformance);
    tcase_add_test(tc, test_agg_topk_merges);
    tcase_add_test(tc, test_agg_topk_planning);
    tcase_add_test(tc, test_agg_topk_state_checks);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(agg_topk_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
