/*
 * test_watermark.c - event time over several inputs: the watermark arithmetic
 * (exec/watermark.h), and an aggregation fed by two partitions read one after
 * the other, where a watermark that followed the fastest input would drop the
 * slower partition's records as late.
 */
#include "cli/harness.h"
#include "exec/log.h"
#include "exec/watermark.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the arithmetic ------------------------------------------------------------------- */

START_TEST(one_input_is_the_largest_time_seen)
{
    sl_arena *ar = sl_arena_new(0);
    sl_wm w;
    sl_wm_init(&w, ar, 1, 0);
    ck_assert_int_eq(w.value, INT64_MIN);
    ck_assert_int_eq(sl_wm_observe(&w, 0, 50), 50);
    ck_assert_int_eq(sl_wm_observe(&w, 0, 20), 50); /* out of order: never goes back */
    ck_assert_int_eq(sl_wm_observe(&w, 0, 70), 70);
    sl_arena_free(ar);
}
END_TEST

START_TEST(several_inputs_wait_for_the_slowest)
{
    sl_arena *ar = sl_arena_new(0);
    sl_wm w;
    sl_wm_init(&w, ar, 3, 0);
    sl_wm_observe(&w, 0, 100);
    sl_wm_observe(&w, 1, 40);
    ck_assert_int_eq(w.value, INT64_MIN); /* input 2 not heard from yet */
    sl_wm_observe(&w, 2, 60);
    ck_assert_int_eq(w.value, 40);
    sl_wm_observe(&w, 1, 90);
    ck_assert_int_eq(w.value, 60);
    sl_wm_observe(&w, 0, 500); /* the fastest moving changes nothing */
    ck_assert_int_eq(w.value, 60);
    sl_arena_free(ar);
}
END_TEST

START_TEST(caught_up_inputs_are_not_waited_for)
{
    sl_arena *ar = sl_arena_new(0);
    sl_wm w;
    sl_wm_init(&w, ar, 2, 0);
    sl_wm_observe(&w, 0, 100);
    ck_assert_int_eq(sl_wm_progress(&w, 1, INT64_MIN, true, 0), 100);
    ck_assert(!sl_wm_all_idle(&w));
    sl_wm_progress(&w, 0, 100, true, 0);
    ck_assert(sl_wm_all_idle(&w));
    /* input 1 wakes up behind: the watermark stays where it was */
    ck_assert_int_eq(sl_wm_observe(&w, 1, 30), 100);
    ck_assert(!sl_wm_all_idle(&w));
    sl_arena_free(ar);
}
END_TEST

START_TEST(silent_inputs_time_out)
{
    sl_arena *ar = sl_arena_new(0);
    sl_wm w;
    sl_wm_init(&w, ar, 2, 0);
    sl_wm_progress(&w, 0, 100, false, 5000);
    ck_assert_int_eq(sl_wm_tick(&w, 6000, 10000), INT64_MIN); /* input 1: 6 s of 10 */
    ck_assert_int_eq(sl_wm_tick(&w, 10001, 10000), 100);      /* input 1 given up on */
    ck_assert_int_eq(sl_wm_tick(&w, 99999, 0), 100);          /* timeout 0: off */
    sl_arena_free(ar);
}
END_TEST

START_TEST(merge_takes_the_larger_times_and_the_idle_flags)
{
    sl_arena *ar = sl_arena_new(0);
    sl_wm a, b;
    sl_wm_init(&a, ar, 2, 0);
    sl_wm_init(&b, ar, 2, 0);
    sl_wm_observe(&a, 0, 10);
    sl_wm_observe(&b, 0, 5);
    sl_wm_progress(&b, 1, 70, false, 0);
    sl_wm_merge(&a, &b);
    ck_assert_int_eq(a.max[0], 10);
    ck_assert_int_eq(a.value, 10);
    sl_arena_free(ar);
}
END_TEST

/* --- an aggregation over two partitions ------------------------------------------------ */

static void exec_ok(sl_cli_harness *h, const char *sql)
{
    sl_request req = {0};
    sl_result res = {0};
    sl_engine_execute(h->eng, sql, &req, &res);
    ck_assert_msg(!res.err, "%s: %s", sql, res.err ? res.err->msg : "");
    sl_result_fini(&res);
}

static void produce(sl_log *log, int32_t partition, int64_t ts, const char *value)
{
    sl_log_record rec = {0};
    rec.partition = partition;
    rec.ts = ts;
    rec.val = (const uint8_t *)value;
    rec.vlen = (uint32_t)strlen(value);
    sl_error *err = sl_log_produce(log, "clicks", &rec);
    ck_assert_msg(!err, "%s", err ? err->msg : "");
}

/* The latest COUNT of each (key, window) in the output, summed. */
static long sum_final_counts(sl_log *log)
{
    const char *topics[] = {"COUNTS"};
    sl_log_consumer *c;
    sl_error *err = sl_log_consumer_open(log, "test-reader", topics, 1, NULL, &c);
    ck_assert_msg(!err, "%s", err ? err->msg : "");
    enum { MAXK = 256 };
    char keys[MAXK][64];
    uint32_t klen[MAXK];
    long count[MAXK];
    int nk = 0;
    sl_log_record recs[256];
    for (int n; !(err = sl_log_consumer_poll(c, recs, 256, 200, &n)) && n > 0;)
        for (int i = 0; i < n; i++) {
            int k = 0;
            while (k < nk && !(klen[k] == recs[i].klen && memcmp(keys[k], recs[i].key, klen[k]) == 0)) k++;
            if (k == nk) {
                ck_assert(nk < MAXK && recs[i].klen <= 64);
                memcpy(keys[nk], recs[i].key, recs[i].klen);
                klen[nk++] = recs[i].klen;
            }
            const char *v = memchr(recs[i].val, ':', recs[i].vlen);
            count[k] = v ? atol(v + 1) : 0;
        }
    ck_assert_msg(!err, "%s", err ? err->msg : "");
    sl_log_consumer_close(c);
    long total = 0;
    for (int k = 0; k < nk; k++) total += count[k];
    return total;
}

/* Partition 0 is read to its end before partition 1 starts: with no grace, a watermark
 * following the fastest input would close every window partition 1 still has records for. */
START_TEST(a_repartitioned_aggregation_waits_for_every_partition)
{
    sl_cli_harness h = {0};
    sl_error *err = sl_cli_harness_open(&h, "wm_test");
    ck_assert_msg(!err, "%s", err ? err->msg : "");
    exec_ok(&h, "CREATE STREAM clicks (user VARCHAR KEY, page VARCHAR) "
                "WITH (kafka_topic='clicks', value_format='JSON', partitions=2);");
    sl_log *log = sl_engine_log(h.eng);
    char value[64];
    for (int p = 0; p < 2; p++)
        for (int i = 0; i < 100; i++) {
            snprintf(value, sizeof value, "{\"PAGE\":\"p%d\"}", i % 3);
            produce(log, p, (int64_t)i * 1000, value);
        }
    exec_ok(&h, "CREATE TABLE counts AS SELECT page, COUNT(*) AS n FROM clicks "
                "WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY page;");
    err = sl_engine_run_until_idle(h.eng);
    ck_assert_msg(!err, "%s", err ? err->msg : "");
    ck_assert_int_eq(sum_final_counts(log), 200);
    sl_cli_harness_close(&h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("watermark");
    TCase *tc = tcase_create("arithmetic");
    tcase_add_test(tc, one_input_is_the_largest_time_seen);
    tcase_add_test(tc, several_inputs_wait_for_the_slowest);
    tcase_add_test(tc, caught_up_inputs_are_not_waited_for);
    tcase_add_test(tc, silent_inputs_time_out);
    tcase_add_test(tc, merge_takes_the_larger_times_and_the_idle_flags);
    suite_add_tcase(s, tc);
    tc = tcase_create("engine");
    tcase_add_test(tc, a_repartitioned_aggregation_waits_for_every_partition);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
