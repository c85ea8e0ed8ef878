/*
 * test_db.c - unit tests of exec/db.h: column families, atomic batches,
 * gets, range iterators, snapshots, drops and reopening.
 */
#include "exec/db.h"
#include "test_log_util.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>

static char *dir;
static sl_db *db;

static void setup(void)
{
    dir = test_tmpdir();
    CK_OK(sl_db_open(dir, NULL, &db));
}

static void teardown(void)
{
    sl_db_close(db);
    test_rmdir(dir);
}

static void reopen(void)
{
    sl_db_close(db);
    CK_OK(sl_db_open(dir, NULL, &db));
}

/* The value of k in cf as a C string, or NULL when absent. Caller frees. */
static char *get(sl_db_cf *cf, const sl_db_snapshot *snap, const char *k)
{
    sl_buf v = SL_BUF_INIT;
    bool found;
    CK_OK(sl_db_get(db, cf, snap, k, strlen(k), &v, &found));
    if (!found) {
        sl_buf_free(&v);
        return NULL;
    }
    return v.p ? sl_buf_take(&v) : strdup("");
}

static void ck_get(sl_db_cf *cf, const sl_db_snapshot *snap, const char *k, const char *want)
{
    char *v = get(cf, snap, k);
    if (!want)
        ck_assert_msg(v == NULL, "key %s: expected absent, got '%s'", k, v);
    else
        ck_assert_msg(v && strcmp(v, want) == 0, "key %s: expected '%s', got '%s'", k, want,
                      v ? v : "(absent)");
    free(v);
}

static void put(sl_db_batch *b, sl_db_cf *cf, const char *k, const char *v)
{
    sl_db_batch_put(b, cf, k, strlen(k), v, strlen(v));
}

START_TEST(test_db_batch_is_atomic_across_cfs_and_durable)
{
    sl_db_cf *a, *b2;
    CK_OK(sl_db_cf_get(db, "s/a", true, &a));
    CK_OK(sl_db_cf_get(db, "s/b", true, &b2));
    sl_db_batch *b = sl_db_batch_new();
    put(b, a, "k1", "v1");
    put(b, b2, "k1", "w1");
    put(b, sl_db_meta(db), "log/x", "m");
    ck_assert_int_eq(sl_db_batch_count(b), 3);
    ck_assert_uint_gt(sl_db_batch_size(b), 12);
    ck_get(a, NULL, "k1", NULL); /* nothing before the write */
    CK_OK(sl_db_write(db, b));
    sl_db_batch_free(b);
    ck_get(a, NULL, "k1", "v1");
    ck_get(b2, NULL, "k1", "w1");
    ck_get(a, NULL, "k2", NULL);

    reopen();
    CK_OK(sl_db_cf_get(db, "s/a", false, &a));
    CK_OK(sl_db_cf_get(db, "s/b", false, &b2));
    ck_get(a, NULL, "k1", "v1");
    ck_get(b2, NULL, "k1", "w1");
    ck_get(sl_db_meta(db), NULL, "log/x", "m");
    ck_assert_str_eq(sl_db_cf_name(a), "s/a");
}
END_TEST

START_TEST(test_db_delete_and_delete_range)
{
    sl_db_cf *cf;
    CK_OK(sl_db_cf_get(db, "s/d", true, &cf));
    sl_db_batch *b = sl_db_batch_new();
    const char *keys[] = {"a", "b", "c", "d", "e"};
    for (int i = 0; i < 5; i++)
        put(b, cf, keys[i], keys[i]);
    CK_OK(sl_db_write(db, b));
    sl_db_batch_clear(b);
    ck_assert_int_eq(sl_db_batch_count(b), 0);
    sl_db_batch_delete(b, cf, "a", 1);
    sl_db_batch_delete_range(b, cf, "b", 1, "d", 1); /* b and c, not d */
    CK_OK(sl_db_write(db, b));
    sl_db_batch_free(b);
    ck_get(cf, NULL, "a", NULL);
    ck_get(cf, NULL, "b", NULL);
    ck_get(cf, NULL, "c", NULL);
    ck_get(cf, NULL, "d", "d");
    ck_get(cf, NULL, "e", "e");
}
END_TEST

/* Keys are big-endian u64: 0, 10, 20, ... 990; values the decimal number. */
static sl_db_cf *fill_numbers(void)
{
    sl_db_cf *cf;
    CK_OK(sl_db_cf_get(db, "s/n", true, &cf));
    sl_db_batch *b = sl_db_batch_new();
    for (uint64_t i = 0; i < 100; i++) {
        uint8_t k[8];
        char v[16];
        sl_db_be64_put(k, i * 10);
        int n = snprintf(v, sizeof v, "%llu", (unsigned long long)(i * 10));
        sl_db_batch_put(b, cf, k, 8, v, (size_t)n);
    }
    CK_OK(sl_db_write(db, b));
    sl_db_batch_free(b);
    return cf;
}

static uint64_t iter_num(sl_db_iter *it)
{
    size_t kl;
    const uint8_t *k = sl_db_iter_key(it, &kl);
    ck_assert_uint_eq(kl, 8);
    return sl_db_be64_get(k);
}

START_TEST(test_db_iterator_range_seek_and_order)
{
    sl_db_cf *cf = fill_numbers();
    uint8_t lo[8], hi[8], at[8];
    sl_db_be64_put(lo, 100);
    sl_db_be64_put(hi, 200);
    sl_db_iter *it = sl_db_iter_new(db, cf, NULL, lo, 8, hi, 8);
    uint64_t want = 100;
    int n = 0;
    for (sl_db_iter_seek_first(it); sl_db_iter_valid(it); sl_db_iter_next(it), n++) {
        ck_assert_uint_eq(iter_num(it), want);
        size_t vl;
        const uint8_t *v = sl_db_iter_value(it, &vl);
        char buf[16];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)want);
        ck_assert_uint_eq(vl, strlen(buf));
        ck_assert(memcmp(v, buf, vl) == 0);
        want += 10;
    }
    ck_assert_int_eq(n, 10); /* 100..190: the upper bound is exclusive */
    CK_OK(sl_db_iter_error(it));

    sl_db_be64_put(at, 155); /* seek lands on the next key; seek_prev on the previous */
    sl_db_iter_seek(it, at, 8);
    ck_assert_uint_eq(iter_num(it), 160);
    sl_db_iter_seek_prev(it, at, 8);
    ck_assert_uint_eq(iter_num(it), 150);
    sl_db_iter_prev(it);
    ck_assert_uint_eq(iter_num(it), 140);
    sl_db_iter_seek_last(it);
    ck_assert_uint_eq(iter_num(it), 190);
    sl_db_be64_put(at, 500); /* past the bound */
    sl_db_iter_seek(it, at, 8);
    ck_assert(!sl_db_iter_valid(it));
    sl_db_iter_free(it);

    it = sl_db_iter_new(db, cf, NULL, NULL, 0, NULL, 0); /* open ends */
    sl_db_iter_seek_last(it);
    ck_assert_uint_eq(iter_num(it), 990);
    sl_db_iter_free(it);
}
END_TEST

START_TEST(test_db_snapshot_sees_the_past)
{
    sl_db_cf *cf = fill_numbers();
    sl_db_cf *kv;
    CK_OK(sl_db_cf_get(db, "s/kv", true, &kv));
    sl_db_batch *b = sl_db_batch_new();
    put(b, kv, "x", "old");
    CK_OK(sl_db_write(db, b));
    sl_db_snapshot *snap = sl_db_snapshot_new(db);

    sl_db_batch_clear(b);
    put(b, kv, "x", "new");
    put(b, kv, "y", "born");
    uint8_t k[8], lo[8], hi[8];
    sl_db_be64_put(lo, 0);
    sl_db_be64_put(hi, 500);
    sl_db_batch_delete_range(b, cf, lo, 8, hi, 8); /* 0..490 */
    sl_db_be64_put(k, 5);
    sl_db_batch_put(b, cf, k, 8, "5", 1);
    CK_OK(sl_db_write(db, b));
    sl_db_batch_free(b);

    ck_get(kv, snap, "x", "old");
    ck_get(kv, snap, "y", NULL);
    ck_get(kv, NULL, "x", "new");
    ck_get(kv, NULL, "y", "born");
    int n = 0, now = 0;
    sl_db_iter *it = sl_db_iter_new(db, cf, snap, NULL, 0, NULL, 0);
    for (sl_db_iter_seek_first(it); sl_db_iter_valid(it); sl_db_iter_next(it))
        n++;
    sl_db_iter_free(it);
    ck_assert_int_eq(n, 100); /* the snapshot has neither the deletion nor key 5 */
    it = sl_db_iter_new(db, cf, NULL, NULL, 0, NULL, 0);
    for (sl_db_iter_seek_first(it); sl_db_iter_valid(it); sl_db_iter_next(it))
        now++;
    sl_db_iter_free(it);
    ck_assert_int_eq(now, 51);
    sl_db_snapshot_free(db, snap);
    sl_db_snapshot_free(db, NULL);
}
END_TEST

START_TEST(test_db_drop_cf)
{
    sl_db_cf *cf, *other;
    CK_OK(sl_db_cf_get(db, "t/gone", true, &cf));
    CK_OK(sl_db_cf_get(db, "t/kept", true, &other));
    sl_db_batch *b = sl_db_batch_new();
    put(b, cf, "k", "v");
    CK_OK(sl_db_write(db, b));
    CK_OK(sl_db_cf_drop(db, "t/gone"));
    sl_db_cf *none;
    CK_FAILS(sl_db_cf_get(db, "t/gone", false, &none), SL_E_NOT_FOUND, "does not exist");
    ck_assert_ptr_null(none);
    CK_FAILS(sl_db_cf_drop(db, "t/gone"), SL_E_NOT_FOUND, "t/gone");
    CK_FAILS(sl_db_cf_drop(db, SL_DB_META_CF), SL_E_INTERNAL, "cannot be dropped");

    /* a batch naming the dropped CF still writes the others */
    sl_db_batch_clear(b);
    put(b, cf, "k2", "v2");
    put(b, other, "k", "v");
    CK_OK(sl_db_write(db, b));
    sl_db_batch_free(b);
    ck_get(other, NULL, "k", "v");

    char **names;
    int n;
    sl_db_cf_list(db, "t/", &names, &n);
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(names[0], "t/kept");
    free(names);

    /* the dropped handle still reads what it held */
    ck_get(cf, NULL, "k", "v");

    reopen();
    CK_FAILS(sl_db_cf_get(db, "t/gone", false, &none), SL_E_NOT_FOUND, "t/gone");
    CK_OK(sl_db_cf_get(db, "t/gone", true, &cf)); /* re-created empty */
    ck_get(cf, NULL, "k", NULL);
}
END_TEST

START_TEST(test_db_cf_list_sorted_and_size)
{
    const char *names[] = {"s/c", "s/a", "t/x", "s/b"};
    sl_db_cf *cf = NULL;
    for (int i = 0; i < 4; i++)
        CK_OK(sl_db_cf_get(db, names[i], true, &cf));
    char **got;
    int n;
    sl_db_cf_list(db, "s/", &got, &n);
    ck_assert_int_eq(n, 3);
    ck_assert_str_eq(got[0], "s/a");
    ck_assert_str_eq(got[1], "s/b");
    ck_assert_str_eq(got[2], "s/c");
    ck_assert_ptr_null(got[3]);
    free(got);

    CK_OK(sl_db_cf_get(db, "s/a", false, &cf));
    ck_assert_uint_lt(sl_db_cf_size(db, cf), 64 << 10);
    sl_db_batch *b = sl_db_batch_new();
    char v[1000];
    memset(v, 'x', sizeof v);
    for (uint32_t i = 0; i < 2000; i++) {
        uint8_t k[4];
        sl_db_be32_put(k, i);
        sl_db_batch_put(b, cf, k, 4, v, sizeof v);
    }
    CK_OK(sl_db_write(db, b));
    sl_db_batch_free(b);
    ck_assert_uint_gt(sl_db_cf_size(db, cf), 1 << 20);
    sl_db_cf_compact(db, cf, NULL, 0, NULL, 0); /* to SST, LZ4-compressed */
    uint64_t sst = sl_db_cf_size(db, cf);
    ck_assert_uint_gt(sst, 0);
    ck_assert_uint_lt(sst, 1 << 20);
}
END_TEST

START_TEST(test_db_second_open_of_a_dir_fails)
{
    sl_db *again = NULL;
    CK_FAILS(sl_db_open(dir, NULL, &again), SL_E_STATE, "cannot open the state database");
    ck_assert_ptr_null(again);
    sl_db_close(NULL);
}
END_TEST

START_TEST(test_db_big_endian_keys_sort_as_numbers)
{
    int64_t nums[] = {INT64_MIN, -1000, -1, 0, 1, 255, 256, 1LL << 40, INT64_MAX};
    for (size_t i = 0; i + 1 < sizeof nums / sizeof *nums; i++) {
        uint8_t a[8], b[8];
        sl_db_bei64_put(a, nums[i]);
        sl_db_bei64_put(b, nums[i + 1]);
        ck_assert_int_lt(memcmp(a, b, 8), 0);
        ck_assert_int_eq(sl_db_bei64_get(a), nums[i]);
    }
    uint8_t k[4];
    sl_db_be32_put(k, 0x01020304);
    ck_assert(k[0] == 1 && k[3] == 4);
    ck_assert_uint_eq(sl_db_be32_get(k), 0x01020304);
}
END_TEST

static Suite *db_suite(void)
{
    Suite *s = suite_create("db");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_db_batch_is_atomic_across_cfs_and_durable);
    tcase_add_test(tc, test_db_delete_and_delete_range);
    tcase_add_test(tc, test_db_iterator_range_seek_and_order);
    tcase_add_test(tc, test_db_snapshot_sees_the_past);
    tcase_add_test(tc, test_db_drop_cf);
    tcase_add_test(tc, test_db_cf_list_sorted_and_size);
    tcase_add_test(tc, test_db_second_open_of_a_dir_fails);
    tcase_add_test(tc, test_db_big_endian_keys_sort_as_numbers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(db_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
