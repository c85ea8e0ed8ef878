/*
 * test_types.c - unit tests of exec/types and exec/value: printing types as
 * ksqlDB does, coercion and cast rules, value equality, ordering, copies and
 * rendering.
 */
#include "exec/types.h"
#include "exec/value.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>

static sl_arena *ar;

static void setup(void)
{
    ar = sl_arena_new(0);
}

static void teardown(void)
{
    sl_arena_free(ar);
}

static const char *type_str(const sl_type *t)
{
    sl_buf b = SL_BUF_INIT;
    sl_type_print(&b, t);
    char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

static const char *val_str(const sl_type *t, sl_value v, bool json)
{
    sl_buf b = SL_BUF_INIT;
    if (json) sl_value_print_json(&b, t, v);
    else sl_value_print(&b, t, v);
    char *s = sl_arena_strdup(ar, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return s;
}

START_TEST(test_types_print_like_ksqldb)
{
    sl_field f[2] = {{"F1", &sl_type_string}, {"F2", sl_type_array(ar, &sl_type_int)}};
    ck_assert_str_eq(type_str(&sl_type_int), "INTEGER");
    ck_assert_str_eq(type_str(sl_type_decimal(ar, 4, 2)), "DECIMAL(4, 2)");
    ck_assert_str_eq(type_str(sl_type_map(ar, &sl_type_string, &sl_type_bigint)),
                     "MAP<STRING, BIGINT>");
    ck_assert_str_eq(type_str(sl_type_struct(ar, 2, f)), "STRUCT<`F1` STRING, `F2` ARRAY<INTEGER>>");
}
END_TEST

START_TEST(test_types_coercion_widens_numbers)
{
    ck_assert(sl_type_can_coerce(&sl_type_int, &sl_type_bigint));
    ck_assert(sl_type_can_coerce(&sl_type_bigint, &sl_type_double));
    ck_assert(!sl_type_can_coerce(&sl_type_double, &sl_type_int));
    ck_assert(sl_type_can_coerce(&sl_type_int, sl_type_decimal(ar, 12, 2)));
    ck_assert(!sl_type_can_coerce(&sl_type_bigint, sl_type_decimal(ar, 12, 2)));
    ck_assert(sl_type_can_coerce(&sl_type_null, &sl_type_string));
    ck_assert(!sl_type_can_coerce(&sl_type_string, &sl_type_int));
    const sl_type *c = sl_type_common(ar, sl_type_decimal(ar, 4, 2), &sl_type_int);
    ck_assert_str_eq(type_str(c), "DECIMAL(12, 2)");
    ck_assert_int_eq(sl_type_common(ar, &sl_type_int, &sl_type_double)->kind, SL_K_DOUBLE);
    ck_assert_ptr_null(sl_type_common(ar, &sl_type_int, &sl_type_string));
    ck_assert(sl_type_can_cast(&sl_type_string, &sl_type_int));
    ck_assert(!sl_type_can_cast(&sl_type_bytes, &sl_type_int));
}
END_TEST

START_TEST(test_value_eq_cmp_hash_copy)
{
    sl_value a = sl_value_str("abc", 3), b = sl_value_str("abd", 3);
    ck_assert_int_lt(sl_value_cmp(&sl_type_string, a, b), 0);
    ck_assert_int_lt(sl_value_cmp(&sl_type_string, sl_value_null(), a), 0);
    ck_assert(sl_value_eq(&sl_type_string, sl_value_null(), sl_value_null()));
    sl_array *arr = sl_array_new(ar, 2);
    arr->v[0] = a;
    arr->v[1] = sl_value_null();
    const sl_type *at = sl_type_array(ar, &sl_type_string);
    sl_arena *other = sl_arena_new(0);
    sl_value c = sl_value_copy(other, at, sl_value_array(arr));
    ck_assert(sl_value_eq(at, c, sl_value_array(arr)));
    ck_assert_uint_eq(sl_value_hash(at, c), sl_value_hash(at, sl_value_array(arr)));
    ck_assert_ptr_ne(c.u.arr->v[0].u.s, a.u.s);
    sl_arena_free(other);
    ck_assert(sl_value_eq(&sl_type_double, sl_value_double(0.0), sl_value_double(-0.0)));
    ck_assert_uint_eq(sl_value_hash(&sl_type_double, sl_value_double(0.0)),
                      sl_value_hash(&sl_type_double, sl_value_double(-0.0)));
}
END_TEST

START_TEST(test_value_print_java_doubles_and_composites)
{
    ck_assert_str_eq(val_str(&sl_type_double, sl_value_double(1.0), false), "1.0");
    ck_assert_str_eq(val_str(&sl_type_double, sl_value_double(0.1), false), "0.1");
    ck_assert_str_eq(val_str(&sl_type_double, sl_value_double(1e7), false), "1.0E7");
    ck_assert_str_eq(val_str(&sl_type_double, sl_value_double(1.5e-4), false), "1.5E-4");
    ck_assert_str_eq(val_str(&sl_type_double, sl_value_double(123456.75), false), "123456.75");
    ck_assert_str_eq(val_str(&sl_type_double, sl_value_double(-0.001), false), "-0.001");
    const sl_type *dt = sl_type_decimal(ar, 5, 2);
    ck_assert_str_eq(val_str(dt, sl_value_decimal(ar, -5), false), "-0.05");
    ck_assert_str_eq(val_str(dt, sl_value_decimal(ar, 12345), false), "123.45");
    sl_map *m = sl_map_new(ar, 1);
    m->k[0] = sl_value_str("a", 1);
    m->v[0] = sl_value_int(1);
    const sl_type *mt = sl_type_map(ar, &sl_type_string, &sl_type_int);
    ck_assert_str_eq(val_str(mt, sl_value_map(m), false), "{a=1}");
    ck_assert_str_eq(val_str(mt, sl_value_map(m), true), "{\"a\":1}");
    ck_assert_str_eq(val_str(&sl_type_timestamp, sl_value_int(1000), true),
                     "\"1970-01-01T00:00:01.000\"");
    ck_assert_str_eq(val_str(&sl_type_bytes, sl_value_str("hi", 2), true), "\"aGk=\"");
}
END_TEST

static Suite *types_suite(void)
{
    Suite *s = suite_create("types");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_types_print_like_ksqldb);
    tcase_add_test(tc, test_types_coercion_widens_numbers);
    tcase_add_test(tc, test_value_eq_cmp_hash_copy);
    tcase_add_test(tc, test_value_print_java_doubles_and_composites);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(types_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
