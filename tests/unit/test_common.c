/*
 * test_common.c - unit tests of common/: errors, arenas, buffers, strings.
 */
#include "common/arena.h"
#include "common/buf.h"
#include "common/error.h"
#include "common/str.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>

START_TEST(test_error_new_has_code_and_message)
{
    sl_error *err = sl_error_new(SL_E_NOT_FOUND, "unknown stream '%s'", "BIDS");
    ck_assert_int_eq(err->code, SL_E_NOT_FOUND);
    ck_assert_str_eq(err->msg, "unknown stream 'BIDS'");
    ck_assert_ptr_null(err->detail);
    ck_assert_int_eq(sl_errcode_http_status(err->code), 404);
    ck_assert_str_eq(sl_errcode_name(err->code), "not_found");
    sl_error_free(err);
    sl_error_free(NULL);
}
END_TEST

START_TEST(test_error_detail_hint_prefix_keep_position)
{
    sl_error *err = sl_error_at(SL_E_SYNTAX, 3, 7, "mismatched input '%s'", "FROM");
    err = sl_error_with_hint(err, "did you mean '%s'?", "FORM");
    err = sl_error_with_detail(err, "expecting %s", "an identifier");
    err = sl_error_prefix(err, "line %d:%d: ", err->line, err->col);
    ck_assert_str_eq(err->msg, "line 3:7: mismatched input 'FROM'");
    ck_assert_str_eq(err->hint, "did you mean 'FORM'?");
    ck_assert_str_eq(err->detail, "expecting an identifier");
    ck_assert_int_eq(err->line, 3);
    ck_assert_int_eq(err->col, 7);
    ck_assert_int_eq(sl_errcode_ksql(err->code), 40001);
    sl_error *copy = sl_error_copy(err);
    ck_assert_str_eq(copy->hint, err->hint);
    sl_error_free(err);
    sl_error_free(copy);
}
END_TEST

START_TEST(test_arena_alignment_and_growth)
{
    sl_arena *ar = sl_arena_new(128);
    for (int i = 0; i < 1000; i++) {
        char *p = sl_arena_alloc(ar, (size_t)(i % 37) + 1);
        ck_assert_uint_eq((uintptr_t)p % 8, 0);
        p[0] = 'x';
        void *q = sl_arena_alloc_aligned(ar, 16, 16);
        ck_assert_uint_eq((uintptr_t)q % 16, 0);
    }
    void *big = sl_arena_alloc(ar, 10000);
    ck_assert_ptr_nonnull(big);
    ck_assert_uint_ge(sl_arena_used(ar), 10000);
    sl_arena_reset(ar);
    ck_assert_uint_eq(sl_arena_used(ar), 0);
    /* after reset one chunk holds the old peak */
    char *s = sl_arena_strndup(ar, "hello world", 5);
    ck_assert_str_eq(s, "hello");
    ck_assert_ptr_null(ar->chunk ? NULL : ar);
    ck_assert_str_eq(sl_arena_printf(ar, "%d-%s", 42, "x"), "42-x");
    sl_arena_free(ar);
    sl_arena_free(NULL);
}
END_TEST

START_TEST(test_buf_append_printf_json)
{
    sl_buf b = SL_BUF_INIT;
    ck_assert_str_eq(sl_buf_cstr(&b), "");
    sl_buf_puts(&b, "a");
    sl_buf_printf(&b, "%d", 12);
    sl_buf_putc(&b, ' ');
    sl_buf_json_str(&b, "q\"\n\x01", 4);
    ck_assert_str_eq(b.p, "a12 \"q\\\"\\n\\u0001\"");
    sl_buf_reset(&b);
    ck_assert_uint_eq(b.len, 0);
    for (int i = 0; i < 10000; i++) sl_buf_putc(&b, 'z');
    ck_assert_uint_eq(b.len, 10000);
    char *t = sl_buf_take(&b);
    ck_assert_uint_eq(strlen(t), 10000);
    free(t);
    sl_buf_free(&b);
}
END_TEST

START_TEST(test_str_to_i64_bounds)
{
    long long v;
    ck_assert(sl_str_to_i64("9223372036854775807", 19, &v));
    ck_assert_int_eq(v, INT64_MAX);
    ck_assert(sl_str_to_i64("-9223372036854775808", 20, &v));
    ck_assert_int_eq(v, INT64_MIN);
    ck_assert(!sl_str_to_i64("9223372036854775808", 19, &v));
    ck_assert(!sl_str_to_i64("12a", 3, &v));
    ck_assert(!sl_str_to_i64("-", 1, &v));
    ck_assert(sl_slice_ieq(sl_slice_of("Select"), "SELECT"));
    ck_assert(sl_str_ends_with("a.json", ".json"));
}
END_TEST

static Suite *common_suite(void)
{
    Suite *s = suite_create("common");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_error_new_has_code_and_message);
    tcase_add_test(tc, test_error_detail_hint_prefix_keep_position);
    tcase_add_test(tc, test_arena_alignment_and_growth);
    tcase_add_test(tc, test_buf_append_printf_json);
    tcase_add_test(tc, test_str_to_i64_bounds);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(common_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
