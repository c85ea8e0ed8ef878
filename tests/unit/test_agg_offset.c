/*
 * test_agg_offset.c - EARLIEST_BY_OFFSET and LATEST_BY_OFFSET in all four
 * forms: ksqlDB's earliest-offset-udaf.json, latest-offset-udaf.json and
 * udaf.json cases replayed as add calls, their session-window merges replayed
 * as Kafka Streams does them (a fresh accumulator merges the old sessions,
 * then takes the new record), composite values, state round trips and the
 * planning-time checks of the literal arguments.
 */
#include "agg_test.h"

#include <stdio.h>

static sl_value v_true, v_false;

/* F(x [, n] [, ignoreNulls]) over a column of type t; n <= 0 means absent,
 * ign < 0 means absent. */
static sl_fn_call *offset_call(const char *f, const sl_type *t, int n, int ign)
{
    const sl_type *types[3] = {t};
    const sl_value *consts[3] = {NULL};
    sl_value *nv = SL_ARENA_NEW(ar, sl_value);
    *nv = vint(n);
    int k = 1;
    char params[32] = "T";
    if (n > 0) {
        types[k] = &sl_type_int;
        consts[k++] = nv;
        strcat(params, ", INT");
    }
    if (ign >= 0) {
        types[k] = &sl_type_boolean;
        consts[k++] = ign ? &v_true : &v_false;
        strcat(params, ", BOOLEAN");
    }
    const sl_type *ret = n > 0 ? sl_type_array(ar, t) : t;
    return make_call(f, params, k, types, ret, consts);
}

/* Adds each value and checks the JSON result after each. */
static void expect(agg_h *h, const sl_value *in, const char *const *want, int n)
{
    for (int i = 0; i < n; i++) {
        h_add(h, in[i]);
        ck_assert_str_eq(h_result(h), want[i]);
    }
    h_check_state(h);
}

/* A session merge: sessions holding a's and b's values, then a record x that
 * bridges them; returns the merged session's result. */
static const char *session_merge(sl_fn_call *c, sl_value a, sl_value b, sl_value x)
{
    agg_h *s1 = h_new(c), *s2 = h_new(c), *m = h_new(c);
    s1->seq = 0;
    h_add(s1, a);
    s2->seq = 1;
    h_add(s2, b);
    c->sig->agg->merge(c, m->acc, s1->acc);
    c->sig->agg->merge(c, m->acc, s2->acc);
    m->seq = 2;
    h_add(m, x);
    h_check_state(m);
    return h_result(m);
}

START_TEST(test_agg_latest_conformance)
{
    const char *L = "LATEST_BY_OFFSET";
    sl_value in[] = {vint(12), vnull(), vint(13)};
    const char *w_ign_n[] = {"[12]", "[12]", "[12,13]"};
    expect(h_new(offset_call(L, &sl_type_int, 2, 1)), in, w_ign_n, 3);
    const char *w_one[] = {"12", "null", "13"};
    expect(h_new(offset_call(L, &sl_type_int, 0, 0)), in, w_one, 3);
    const char *w_n[] = {"[12]", "[12,null]", "[null,13]"};
    expect(h_new(offset_call(L, &sl_type_int, 2, 0)), in, w_n, 3);
    const char *w_def[] = {"12", "12", "13"};
    expect(h_new(offset_call(L, &sl_type_int, 0, -1)), in, w_def, 3);
    sl_value nulls[] = {vnull(), vnull()};
    const char *w_nulls[] = {"null", "null"};
    expect(h_new(offset_call(L, &sl_type_int, 0, -1)), nulls, w_nulls, 2);
    const char *w_n2[] = {"[12]", "[12]"};
    expect(h_new(offset_call(L, &sl_type_int, 2, -1)), in, w_n2, 2);
    ck_assert_ptr_null(h_new(offset_call(L, &sl_type_int, 0, -1))->vt->retract);
}
END_TEST

START_TEST(test_agg_earliest_conformance)
{
    const char *E = "EARLIEST_BY_OFFSET";
    sl_value in[] = {vnull(), vint(13)};
    const char *w_ign_n[] = {"[]", "[13]"};
    expect(h_new(offset_call(E, &sl_type_int, 2, -1)), in, w_ign_n, 2);
    sl_value in2[] = {vint(12), vnull(), vint(13)};
    const char *w_n[] = {"[12]", "[12,null]", "[12,null]"};
    expect(h_new(offset_call(E, &sl_type_int, 2, 0)), in2, w_n, 3);
    const char *w_n2[] = {"[12]", "[12]"};
    expect(h_new(offset_call(E, &sl_type_int, 2, -1)), in2, w_n2, 2);
    sl_value nulls[] = {vnull(), vnull()};
    const char *w_nulls[] = {"null", "null"};
    expect(h_new(offset_call(E, &sl_type_int, 0, -1)), nulls, w_nulls, 2);
    const char *w_empty[] = {"[]", "[]"};
    expect(h_new(offset_call(E, &sl_type_int, 2, -1)), nulls, w_empty, 2);
    const char *w_nn[] = {"null", "null"}; /* a NULL taken first stays */
    sl_value in3[] = {vnull(), vint(5)};
    expect(h_new(offset_call(E, &sl_type_int, 0, 0)), in3, w_nn, 2);
    const sl_type *d32 = sl_type_decimal(ar, 3, 2);
    sl_value dec[] = {vdec(340), vdec(890)};
    const char *w_dec[] = {"3.40", "3.40"};
    expect(h_new(offset_call(E, d32, 0, 1)), dec, w_dec, 2);
    /* udaf.json "support more than one literal param" */
    sl_value one[] = {vint(1)};
    const char *w1[] = {"[1]"};
    expect(h_new(offset_call(E, &sl_type_int, 2, 1)), one, w1, 1);
}
END_TEST

/* The "merging session windows" cases: sessions at 0 and 1500 joined by a
 * record at 700. */
START_TEST(test_agg_offset_session_merges)
{
    const char *L = "LATEST_BY_OFFSET", *E = "EARLIEST_BY_OFFSET";
    sl_value one = vint(1), two = vint(2), nul = vnull();
    ck_assert_str_eq(session_merge(offset_call(L, &sl_type_int, 0, -1), one, nul, two), "2");
    ck_assert_str_eq(session_merge(offset_call(L, &sl_type_int, 0, -1), one, nul, nul), "1");
    ck_assert_str_eq(session_merge(offset_call(L, &sl_type_int, 0, 0), one, nul, two), "2");
    ck_assert_str_eq(session_merge(offset_call(L, &sl_type_int, 0, 0), nul, nul, nul), "null");
    ck_assert_str_eq(session_merge(offset_call(L, &sl_type_int, 2, 1), one, nul, two), "[1,2]");
    ck_assert_str_eq(session_merge(offset_call(L, &sl_type_int, 2, 0), one, nul, two), "[null,2]");
    ck_assert_str_eq(session_merge(offset_call(L, &sl_type_int, 2, 0), nul, nul, nul),
                     "[null,null]");
    ck_assert_str_eq(session_merge(offset_call(E, &sl_type_int, 0, 1), nul, one, nul), "1");
    ck_assert_str_eq(session_merge(offset_call(E, &sl_type_int, 0, 0), nul, one, nul), "null");
    ck_assert_str_eq(session_merge(offset_call(E, &sl_type_int, 0, 0), nul, nul, nul), "null");
    ck_assert_str_eq(session_merge(offset_call(E, &sl_type_int, 2, 0), nul, one, nul), "[null,1]");
    ck_assert_str_eq(session_merge(offset_call(E, &sl_type_int, 2, 0), nul, nul, nul),
                     "[null,null]");
}
END_TEST

/* Merging keeps the earliest/latest over both sides whatever the order. */
START_TEST(test_agg_offset_merge_equals_single)
{
    const char *fs[] = {"EARLIEST_BY_OFFSET", "LATEST_BY_OFFSET"};
    sl_value in[] = {vstr("a"), vnull(), vstr("bb"), vstr("ccc"), vnull(), vstr("d")};
    for (int f = 0; f < 2; f++) {
        for (int n = 0; n <= 4; n += 2) {
            for (int ign = -1; ign <= 1; ign++) {
                sl_fn_call *c = offset_call(fs[f], &sl_type_string, n, ign);
                h_check_merge(c, in, 6);
                /* the later half merged into the earlier, and the other way */
                agg_h *a = h_new(c), *b = h_new(c), *one = h_new(c);
                for (int i = 0; i < 6; i++) {
                    agg_h *h = i < 3 ? a : b;
                    h->seq = i;
                    h_add(h, in[i]);
                    h_add(one, in[i]);
                }
                c->sig->agg->merge(c, b->acc, a->acc);
                ck_assert_str_eq(h_result(b), h_result(one));
            }
        }
    }
    sl_fn_call *c = offset_call("LATEST_BY_OFFSET", &sl_type_string, 0, -1);
    ck_assert_str_eq(h_check_merge(c, in, 6), "\"d\"");
    c = offset_call("EARLIEST_BY_OFFSET", &sl_type_string, 4, 0);
    ck_assert_str_eq(h_check_merge(c, in, 6), "[\"a\",null,\"bb\",\"ccc\"]");
    c = offset_call("LATEST_BY_OFFSET", &sl_type_string, 4, 1);
    ck_assert_str_eq(h_check_merge(c, in, 6), "[\"a\",\"bb\",\"ccc\",\"d\"]");
}
END_TEST

/* latest-offset-udaf.json "with arrays, structs, and maps"; values outlive
 * the batch arena they came from. */
START_TEST(test_agg_offset_composites)
{
    sl_field mf[2] = {{"A", &sl_type_string},
                      {"M", sl_type_map(ar, &sl_type_string, &sl_type_double)}};
    const sl_type *st = sl_type_struct(ar, 2, mf), *at = sl_type_array(ar, st);
    sl_fn_call *latest = offset_call("LATEST_BY_OFFSET", at, 0, -1);
    sl_fn_call *earliest3 = offset_call("EARLIEST_BY_OFFSET", at, 3, -1);
    agg_h *h = h_new(latest), *e = h_new(earliest3);
    static const char *const names[] = {"Early0", "Later0"};
    for (int r = 0; r < 2; r++) {
        sl_arena *batch = sl_arena_new(0);
        sl_map *m = sl_map_new(batch, 1);
        m->k[0] = sl_value_str(sl_arena_strdup(batch, names[r]), 6);
        m->v[0] = vdbl(1.25 + r);
        sl_struct *s = sl_struct_new(batch, 2);
        s->f[0] = sl_value_str(sl_arena_strdup(batch, names[r]), 6);
        s->f[1] = sl_value_map(m);
        sl_array *a = sl_array_new(batch, 2);
        a->v[0] = sl_value_struct(s);
        a->v[1] = vnull();
        h_add(h, sl_value_array(a));
        h_add(e, sl_value_array(a));
        sl_arena_free(batch);
    }
    ck_assert_str_eq(h_result(h), "[{\"A\":\"Later0\",\"M\":{\"Later0\":2.25}},null]");
    ck_assert_str_eq(h_result(e), "[[{\"A\":\"Early0\",\"M\":{\"Early0\":1.25}},null],"
                                  "[{\"A\":\"Later0\",\"M\":{\"Later0\":2.25}},null]]");
    h_check_state(h);
    h_check_state(e);
    sl_value bytes[] = {sl_value_str("a", 1), sl_value_str("b", 1)};
    ck_assert_str_eq(
        h_check_merge(offset_call("LATEST_BY_OFFSET", &sl_type_bytes, 0, -1), bytes, 2),
        "\"Yg==\"");
}
END_TEST

/* A long stream through LATEST n keeps memory bounded (garbage compaction). */
START_TEST(test_agg_latest_n_many_strings)
{
    agg_h *h = h_new(offset_call("LATEST_BY_OFFSET", &sl_type_string, 3, -1));
    char buf[32];
    for (int i = 0; i < 100000; i++) {
        int len = snprintf(buf, sizeof buf, "value-%d", i);
        h_add(h, sl_value_str(buf, (uint32_t)len));
    }
    ck_assert_str_eq(h_result(h), "[\"value-99997\",\"value-99998\",\"value-99999\"]");
    const sl_agg_vals *vs = h->acc;
    ck_assert_uint_lt(sl_arena_used(vs->ar), 16 * 1024);
}
END_TEST

START_TEST(test_agg_offset_literal_checks)
{
    sl_fn_call *c = offset_call("LATEST_BY_OFFSET", &sl_type_int, 2, -1);
    sl_value *zero = (sl_value *)&c->const_args[1];
    *zero = vint(0);
    void *state = (void *)1;
    sl_error *err = c->sig->init(c, &state);
    ck_assert_ptr_null(state);
    ck_assert_str_eq(err->msg, "latestN must be 1 or greater");
    sl_error_free(err);
    c = offset_call("EARLIEST_BY_OFFSET", &sl_type_int, 2, 1);
    ((sl_value *)c->const_args)[1] = vint(-3);
    err = c->sig->init(c, &state);
    ck_assert_str_eq(err->msg, "earliestN must be 1 or greater");
    sl_error_free(err);
    /* udaf.json "throw on no literal expressions pass for literal params" */
    c = offset_call("EARLIEST_BY_OFFSET", &sl_type_int, 2, -1);
    ((bool *)c->is_const)[1] = false;
    err = c->sig->init(c, &state);
    ck_assert_str_eq(
        err->msg, "Parameter 2 passed to function EARLIEST_BY_OFFSET must be a literal constant");
    sl_error_free(err);
    c = offset_call("EARLIEST_BY_OFFSET", &sl_type_int, 0, 1);
    ((sl_value *)c->const_args)[1] = vnull();
    err = c->sig->init(c, &state);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
    c = offset_call("EARLIEST_BY_OFFSET", &sl_type_int, 3, 0);
    ck_assert_ptr_null(c->sig->init(c, &state));
}
END_TEST

/* A state with more values than n does not belong to this query. */
START_TEST(test_agg_offset_rejects_oversized_state)
{
    sl_fn_call *big = offset_call("EARLIEST_BY_OFFSET", &sl_type_int, 3, -1);
    sl_fn_call *small = offset_call("EARLIEST_BY_OFFSET", &sl_type_int, 2, -1);
    agg_h *h = h_new(big), *g = h_new(small);
    for (int i = 0; i < 3; i++)
        h_add(h, vint(i));
    sl_buf s = SL_BUF_INIT;
    h->vt->serialize(big, h->acc, &s);
    sl_error *err = g->vt->deserialize(small, g->acc, (const uint8_t *)s.p, s.len);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(err->code, SL_E_CORRUPT);
    sl_error_free(err);
    ck_assert_str_eq(h_result(g), "[]");
    sl_buf_free(&s);
}
END_TEST

static Suite *agg_offset_suite(void)
{
    Suite *s = suite_create("agg_offset");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, agg_test_setup, agg_test_teardown);
    tcase_add_test(tc, test_agg_latest_conformance);
    tcase_add_test(tc, test_agg_earliest_conformance);
    tcase_add_test(tc, test_agg_offset_session_merges);
    tcase_add_test(tc, test_agg_offset_merge_equals_single);
    tcase_add_test(tc, test_agg_offset_composites);
    tcase_add_test(tc, test_agg_latest_n_many_strings);
    tcase_add_test(tc, test_agg_offset_literal_checks);
    tcase_add_test(tc, test_agg_offset_rejects_oversized_state);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    v_true = sl_value_bool(true);
    v_false = sl_value_bool(false);
    SRunner *sr = srunner_create(agg_offset_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
