/*
 * test_pullstore.c - unit tests of exec/pullstore.h: the entry layout (keys sort as their
 * values, rows round-trip with ROWTIME and window bounds) and the reader's access paths
 * (point gets, windows of a key within WINDOWSTART bounds, key ranges, scans), all from
 * one snapshot.
 */
#include "exec/keycodec.h"
#include "exec/pullstore.h"
#include "test_log_util.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static char *dir;
static sl_db *db;
static sl_db_cf *cf;

/* A table (ID INT KEY, NAME STRING). */
static const sl_field cols[] = {{"ID", &sl_type_int}, {"NAME", &sl_type_string}};

static void setup(void)
{
    dir = test_tmpdir();
    CK_OK(sl_db_open(dir, NULL, &db));
    CK_OK(sl_pullstore_cf(db, "CTAS_T_1", true, &cf));
}

static void teardown(void)
{
    sl_db_close(db);
    test_rmdir(dir);
}

/* Writes row (id, name) with window [ws, ws + 1000) when windowed. */
static void put_row(int id, const char *name, int64_t ts, bool windowed, int64_t ws)
{
    sl_value v[2] = {sl_value_int(id), sl_value_str(name, (uint32_t)strlen(name))};
    sl_buf k = SL_BUF_INIT, val = SL_BUF_INIT;
    sl_pullstore_key(&k, cols, 1, v, windowed, ws, ws + 1000);
    sl_pullstore_value(&val, cols, 2, v, ts);
    sl_db_batch *b = sl_db_batch_new();
    sl_db_batch_put(b, cf, k.p, k.len, val.p, val.len);
    CK_OK(sl_db_write(db, b));
    sl_db_batch_free(b);
    sl_buf_free(&k);
    sl_buf_free(&val);
}

/* The ids (and window starts when windowed) the reader returns, as text: "1 2 3" or
 * "1@0 1@1000". */
static char *read_all(const sl_pull_access *acc)
{
    sl_pull_reader *r = sl_pull_reader_new(db, cf, acc);
    sl_buf out = SL_BUF_INIT;
    sl_arena *ar = sl_arena_new(0);
    const uint8_t *k, *v;
    size_t kl, vl;
    while (sl_pull_reader_next(r, &k, &kl, &v, &vl)) {
        sl_value vals[2];
        sl_row row = {.col = vals};
        CK_OK(sl_pullstore_decode(k, kl, v, vl, cols, 2, acc->windowed, ar, &row));
        sl_buf_printf(&out, "%s%lld", out.len ? " " : "", (long long)vals[0].u.i);
        if (acc->windowed) sl_buf_printf(&out, "@%lld", (long long)row.wstart);
    }
    CK_OK(sl_pull_reader_error(r));
    sl_pull_reader_free(r);
    sl_arena_free(ar);
    return out.p ? sl_buf_take(&out) : strdup("");
}

static void key_of(sl_buf *b, int id)
{
    sl_keycodec_put(b, &sl_type_int, sl_value_int(id));
}

static void ck_read(const sl_pull_access *acc, const char *want)
{
    char *got = read_all(acc);
    ck_assert_msg(strcmp(got, want) == 0, "expected '%s', got '%s'", want, got);
    free(got);
}

START_TEST(test_pullstore_roundtrip)
{
    put_row(7, "seven", 12345, false, 0);
    sl_buf k = SL_BUF_INIT;
    key_of(&k, 7);
    sl_buf v = SL_BUF_INIT;
    bool found;
    CK_OK(sl_db_get(db, cf, NULL, k.p, k.len, &v, &found));
    ck_assert(found);
    sl_value vals[2];
    sl_row row = {.col = vals};
    sl_arena *ar = sl_arena_new(0);
    CK_OK(sl_pullstore_decode((const uint8_t *)k.p, k.len, (const uint8_t *)v.p, v.len, cols, 2,
                              false, ar, &row));
    ck_assert_int_eq(row.ts, 12345);
    ck_assert_int_eq(vals[0].u.i, 7);
    ck_assert_int_eq(vals[1].len, 5);
    ck_assert(memcmp(vals[1].u.s, "seven", 5) == 0);
    ck_assert(!(row.flags & SL_ROW_WINDOWED));
    /* a truncated value is an error, not a crash */
    sl_error *err = sl_pullstore_decode((const uint8_t *)k.p, k.len, (const uint8_t *)v.p, 9, cols,
                                        2, false, ar, &row);
    ck_assert_ptr_nonnull(err);
    sl_error_free(err);
    sl_arena_free(ar);
    sl_buf_free(&k);
    sl_buf_free(&v);
}
END_TEST

START_TEST(test_pullstore_lookup)
{
    for (int i = -3; i <= 10; i++)
        put_row(i, "x", 1, false, 0);
    sl_buf keys[3] = {SL_BUF_INIT, SL_BUF_INIT, SL_BUF_INIT};
    key_of(&keys[0], 4);
    key_of(&keys[1], 99); /* absent: skipped */
    key_of(&keys[2], -3);
    sl_pull_access one = {.path = SL_PULL_KEY_LOOKUP, .keys = keys, .nkeys = 1};
    ck_read(&one, "4");
    sl_pull_access three = {.path = SL_PULL_KEY_LOOKUP, .keys = keys, .nkeys = 3};
    ck_read(&three, "4 -3");
    for (int i = 0; i < 3; i++)
        sl_buf_free(&keys[i]);
}
END_TEST

START_TEST(test_pullstore_range_and_scan)
{
    for (int i = -3; i <= 10; i++)
        put_row(i, "x", 1, false, 0);
    sl_pull_access acc = {.path = SL_PULL_RANGE};
    key_of(&acc.lo, -1); /* -1 <= id < 3: numbers sort as numbers, negatives first */
    key_of(&acc.hi, 3);
    ck_read(&acc, "-1 0 1 2");
    sl_buf_reset(&acc.lo); /* open below */
    ck_read(&acc, "-3 -2 -1 0 1 2");
    sl_buf_free(&acc.lo);
    sl_buf_free(&acc.hi);
    sl_pull_access scan = {.path = SL_PULL_SCAN};
    ck_read(&scan, "-3 -2 -1 0 1 2 3 4 5 6 7 8 9 10");
}
END_TEST

START_TEST(test_pullstore_windowed)
{
    for (int64_t ws = -2000; ws <= 4000; ws += 1000) {
        put_row(1, "a", 1, true, ws);
        put_row(2, "b", 1, true, ws);
    }
    sl_buf key = SL_BUF_INIT;
    key_of(&key, 1);
    sl_pull_access acc = {.path = SL_PULL_KEY_LOOKUP,
                          .keys = &key,
                          .nkeys = 1,
                          .windowed = true,
                          .ws_lo = INT64_MIN,
                          .ws_hi = INT64_MAX};
    ck_read(&acc, "1@-2000 1@-1000 1@0 1@1000 1@2000 1@3000 1@4000");
    acc.ws_lo = 0;
    acc.ws_hi = 2000;
    ck_read(&acc, "1@0 1@1000 1@2000");
    acc.ws_lo = 1500;
    acc.ws_hi = 1600;
    ck_read(&acc, "");
    sl_buf_free(&key);
}
END_TEST

START_TEST(test_pullstore_snapshot)
{
    for (int i = 0; i < 5; i++)
        put_row(i, "x", 1, false, 0);
    sl_pull_access scan = {.path = SL_PULL_SCAN};
    sl_pull_reader *r = sl_pull_reader_new(db, cf, &scan);
    const uint8_t *k, *v;
    size_t kl, vl;
    ck_assert(sl_pull_reader_next(r, &k, &kl, &v, &vl));
    put_row(100, "late", 1, false, 0); /* after the reader began: not in its snapshot */
    int n = 1;
    while (sl_pull_reader_next(r, &k, &kl, &v, &vl))
        n++;
    ck_assert_int_eq(n, 5);
    sl_pull_reader_free(r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("pullstore");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_pullstore_roundtrip);
    tcase_add_test(tc, test_pullstore_lookup);
    tcase_add_test(tc, test_pullstore_range_and_scan);
    tcase_add_test(tc, test_pullstore_windowed);
    tcase_add_test(tc, test_pullstore_snapshot);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
