/*
 * test_fn_table.c - EXPLODE and CUBE_EXPLODE: ksqlDB's explode.json,
 * table-functions.json and cube.json cases (NULL and empty arrays, structs,
 * rows in ksqlDB's order), NULL elements in a cube, and the column limit.
 */
#include "agg_test.h"

static sl_fnctx cx;

/* Runs name(ARRAY<t>) on arr and returns its rows as a JSON array. */
static const char *rows(const char *name, const char *params, const sl_type *t, sl_value arr)
{
    const sl_type *at = sl_type_array(ar, t);
    const sl_type *ret = strcmp(name, "EXPLODE") == 0 ? t : at;
    sl_fn_call *c = call1(name, params, at, ret);
    cx = (sl_fnctx){.ar = ar, .call = c};
    sl_value *out = NULL;
    uint32_t n = 99;
    sl_error *err = c->sig->table(&cx, &arr, 1, &out, &n);
    ck_assert_msg(err == NULL, "%s failed: %s", name, err ? err->msg : "");
    sl_array res = {out, n};
    return json(sl_type_array(ar, c->ret_type), sl_value_array(&res));
}

static sl_value arr_of(int n, const sl_value *v)
{
    sl_array *a = sl_array_new(ar, (uint32_t)n);
    for (int i = 0; i < n; i++)
        a->v[i] = v[i];
    return sl_value_array(a);
}

/* "explode array of struct": two rows, one row, none for [] and NULL. */
START_TEST(test_fn_table_explode)
{
    sl_field f = {"F1", &sl_type_bigint};
    const sl_type *st = sl_type_struct(ar, 1, &f);
    sl_struct *s1 = sl_struct_new(ar, 1), *s2 = sl_struct_new(ar, 1);
    s1->f[0] = vint(1), s2->f[0] = vint(2);
    sl_value two[] = {sl_value_struct(s1), sl_value_struct(s2)};
    ck_assert_str_eq(rows("EXPLODE", "ARRAY<T> list", st, arr_of(2, two)),
                     "[{\"F1\":1},{\"F1\":2}]");
    ck_assert_str_eq(rows("EXPLODE", "ARRAY<T> list", st, arr_of(0, NULL)), "[]");
    ck_assert_str_eq(rows("EXPLODE", "ARRAY<T> list", st, vnull()), "[]");
    sl_value ints[] = {vint(21), vnull(), vint(22)};
    ck_assert_str_eq(rows("EXPLODE", "ARRAY<T> list", &sl_type_bigint, arr_of(3, ints)),
                     "[21,null,22]");
}
END_TEST

START_TEST(test_fn_table_explode_decimal)
{
    const sl_type *d = sl_type_decimal(ar, 20, 10);
    const sl_type *at = sl_type_array(ar, d);
    sl_fn_call *c = call1("EXPLODE", "ARRAY<DECIMAL> input", at, NULL);
    ck_assert(sl_type_eq(c->ret_type, d));
    sl_value v[] = {vdec((sl_int128)1234560000000LL)};
    ck_assert_str_eq(rows("EXPLODE", "ARRAY<DECIMAL> input", d, arr_of(1, v)), "[123.4560000000]");
    sl_error *err = NULL;
    const sl_type *not_array[1] = {&sl_type_int};
    ck_assert_ptr_null(c->sig->ret_fn(ar, not_array, 1, &err));
    ck_assert_str_eq(err->msg, "explode should be provided with an ARRAY");
    sl_error_free(err);
}
END_TEST

/* cube.json "cube two columns twice". */
START_TEST(test_fn_table_cube_conformance)
{
    sl_value s[] = {vstr("one"), vstr("two")};
    ck_assert_str_eq(rows("CUBE_EXPLODE", "ARRAY<T>", &sl_type_string, arr_of(2, s)),
                     "[[null,null],[null,\"two\"],[\"one\",null],[\"one\",\"two\"]]");
    sl_value i[] = {vint(3), vint(4)};
    ck_assert_str_eq(rows("CUBE_EXPLODE", "ARRAY<T>", &sl_type_int, arr_of(2, i)),
                     "[[null,null],[null,4],[3,null],[3,4]]");
}
END_TEST

/* A NULL element has one form only; NULL array: no rows; empty: one row. */
START_TEST(test_fn_table_cube_nulls)
{
    sl_value v[] = {vint(1), vnull(), vint(3)};
    ck_assert_str_eq(rows("CUBE_EXPLODE", "ARRAY<T>", &sl_type_int, arr_of(3, v)),
                     "[[null,null,null],[null,null,3],[1,null,null],[1,null,3]]");
    ck_assert_str_eq(rows("CUBE_EXPLODE", "ARRAY<T>", &sl_type_int, vnull()), "[]");
    ck_assert_str_eq(rows("CUBE_EXPLODE", "ARRAY<T>", &sl_type_int, arr_of(0, NULL)), "[[]]");
    sl_value all_null[] = {vnull(), vnull()};
    ck_assert_str_eq(rows("CUBE_EXPLODE", "ARRAY<T>", &sl_type_int, arr_of(2, all_null)),
                     "[[null,null]]");
}
END_TEST

START_TEST(test_fn_table_cube_limits)
{
    sl_value v[21];
    for (int i = 0; i < 21; i++)
        v[i] = i % 4 ? vint(i) : vnull();
    const sl_type *at = sl_type_array(ar, &sl_type_int);
    sl_fn_call *c = call1("CUBE_EXPLODE", "ARRAY<T>", at, at);
    cx = (sl_fnctx){.ar = ar, .call = c};
    sl_value in = arr_of(21, v), *out;
    uint32_t n;
    sl_error *err = c->sig->table(&cx, &in, 1, &out, &n);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(err->code, SL_E_EVAL);
    ck_assert_str_eq(err->msg, "CUBE_EXPLODE input size (21) exceeds the maximum of 20 columns. "
                               "The output cardinality is 2^N rows and would exhaust server "
                               "memory.");
    sl_error_free(err);
    in = arr_of(20, v); /* 5 NULLs among 20: 2^15 rows */
    ck_assert_ptr_null(c->sig->table(&cx, &in, 1, &out, &n));
    ck_assert_uint_eq(n, 1u << 15);
    ck_assert_str_eq(json(at, out[n - 1]),
                     "[null,1,2,3,null,5,6,7,null,9,10,11,null,13,14,15,null,17,18,19]");
}
END_TEST

static Suite *fn_table_suite(void)
{
    Suite *s = suite_create("fn_table");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, agg_test_setup, agg_test_teardown);
    tcase_add_test(tc, test_fn_table_explode);
    tcase_add_test(tc, test_fn_table_explode_decimal);
    tcase_add_test(tc, test_fn_table_cube_conformance);
    tcase_add_test(tc, test_fn_table_cube_nulls);
    tcase_add_test(tc, test_fn_table_cube_limits);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fn_table_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
