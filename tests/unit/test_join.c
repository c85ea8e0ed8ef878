/*
 * test_join.c - the join operators driven directly: a JOIN node over two
 * BIGINT-keyed inputs [K | V STRING], rows pushed on port 0 (left) and 1
 * (right), outputs captured as "key:left|right@time" ("-" for a NULL side,
 * "key:DEL@time" for a tombstone). Covers the windows (reach before and after,
 * grace, retention of out-of-order rows), outer padding with and without
 * GRACE PERIOD, table-table changelog semantics, foreign keys, and state read
 * back from the store by a new task; and the order a worker feeds a poll to
 * join tasks (poll_order.h).
 */
#include "common/mem.h"
#include "exec/db.h"
#include "exec/expr.h"
#include "exec/op.h"
#include "exec/poll_order.h"
#include "exec/query_int.h"
#include "exec/task.h"

#include <check.h>
#include <stddef.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- a JOIN node and a task to run it ----------------------------------------------------- */

static const sl_field side_cols[] = {{"K", &sl_type_bigint}, {"V", &sl_type_string}};
static const sl_field out_cols[] = {
    {"K", &sl_type_bigint}, {"L", &sl_type_string}, {"R", &sl_type_string}};

typedef struct fixture {
    sl_plan *plan;
    sl_pnode *join;
    sl_task task;
    sl_op *op;
    sl_op capture;
    sl_buf seen; /* outputs, one per line */
    int last_input; /* the task input of the last output row; -1: none */
    /* for state: a database and the runtime a task finds it through */
    sl_db *db;
    sl_rt *rt;
    sl_query query;
    sl_worker worker;
    char dir[64];
} fixture;

static sl_error *capture_push(sl_op *op, sl_batch *b, int port)
{
    (void)port;
    fixture *f = (fixture *)((char *)op - offsetof(fixture, capture));
    for (uint32_t i = 0; i < b->n; i++) {
        const sl_row *r = &b->rows[i];
        f->last_input = r->input;
        sl_buf_printf(&f->seen, "%lld:", (long long)r->col[0].u.i);
        if (r->flags & SL_ROW_TOMBSTONE) sl_buf_puts(&f->seen, "DEL");
        for (int c = 1; c < 3 && !(r->flags & SL_ROW_TOMBSTONE); c++) {
            if (c == 2) sl_buf_putc(&f->seen, '|');
            if (r->col[c].null)
                sl_buf_putc(&f->seen, '-');
            else
                sl_buf_append(&f->seen, r->col[c].u.s, r->col[c].len);
        }
        sl_buf_printf(&f->seen, "@%lld\n", (long long)r->ts);
    }
    return NULL;
}

static const sl_op_vt capture_vt = {.name = "capture", .push = capture_push};

static void setup(fixture *f, sl_pn_join_kind kind, sl_pn_join_type type)
{
    memset(f, 0, sizeof *f);
    f->plan = sl_plan_new("TEST_1");
    uint32_t sub = sl_plan_add_sub(f->plan, 1);
    sl_pnode *l = sl_plan_add(f->plan, SL_PN_PROJECT, sub, side_cols, 2, 1);
    sl_pnode *r = sl_plan_add(f->plan, SL_PN_PROJECT, sub, side_cols, 2, 1);
    f->join = sl_plan_add(f->plan, SL_PN_JOIN, sub, out_cols, 3, 1);
    sl_plan_link(l, f->join, 0);
    sl_plan_link(r, f->join, 1);
    sl_pn_join *pj = &f->join->u.join;
    pj->kind = kind;
    pj->type = type;
    pj->nkey = 1;
    pj->nleft = pj->nright = 1;
    pj->store = "Join";
    f->capture.vt = &capture_vt;
}

/* A foreign key join: the left row's value, a number in text, names the right key. */
static void setup_fk(fixture *f, sl_pn_join_type type)
{
    setup(f, SL_PJ_FOREIGN_KEY, type);
    sl_expr *v = sl_expr_col_new(f->plan->ar, 1, "V", &sl_type_string), *fk;
    ck_assert_ptr_null(sl_expr_cast_new(f->plan->ar, v, &sl_type_bigint, &fk));
    f->join->u.join.fk = fk;
}

static void with_store(fixture *f)
{
    strcpy(f->dir, "/tmp/sluice-join-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(f->dir));
    ck_assert_ptr_null(sl_db_open(f->dir, NULL, &f->db));
    sl_rt_opts opts = {.db = f->db};
    f->rt = sl_rt_new(&opts);
    f->query.rt = f->rt;
    f->worker.q = &f->query;
}

static void start(fixture *f)
{
    sl_task *t = &f->task;
    t->plan = f->plan;
    t->ar = sl_arena_new(0);
    t->worker = f->db ? &f->worker : NULL;
    t->ops = SL_ARENA_ARRAY(t->ar, sl_op *, f->plan->nnodes);
    const sl_op_vt *vt = sl_op_join_vt(f->join->u.join.kind);
    f->op = sl_arena_zalloc(t->ar, vt->size);
    f->op->vt = vt;
    f->op->node = f->join;
    f->op->task = t;
    f->op->next = &f->capture;
    ck_assert_ptr_null(vt->open(f->op));
}

static void stop(fixture *f)
{
    f->op->vt->close(f->op);
    sl_arena_free(f->task.ar);
    memset(&f->task, 0, sizeof f->task);
}

/* Writes the operator's pending state as a commit would. */
static void commit(fixture *f)
{
    sl_db_batch *b = sl_db_batch_new();
    ck_assert_ptr_null(f->op->vt->flush(f->op, b));
    ck_assert_ptr_null(sl_db_write(f->db, b));
    sl_db_batch_free(b);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static void teardown(fixture *f)
{
    if (f->task.ar) stop(f);
    sl_plan_free(f->plan);
    sl_buf_free(&f->seen);
    if (!f->db) return;
    sl_db_close(f->db);
    sl_rt_free(f->rt);
    nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Pushes one row (v NULL: a tombstone) and returns what came out, emptying the log. */
static const char *push(fixture *f, int port, int64_t k, const char *v, int64_t ts)
{
    sl_batch *b = sl_batch_new(2);
    sl_row *r = sl_batch_add(b);
    r->col[0] = sl_value_int(k);
    r->col[1] = v ? sl_value_str(v, (uint32_t)strlen(v)) : sl_value_null();
    r->ts = ts;
    r->input = (uint16_t)(port + 1); /* the task's inputs: 1 feeds the left side, 2 the right */
    if (!v) r->flags = SL_ROW_TOMBSTONE;
    sl_buf_reset(&f->seen);
    f->last_input = -1;
    ck_assert_ptr_null(f->op->vt->push(f->op, b, port));
    sl_batch_free(b);
    return sl_buf_cstr(&f->seen);
}

static void window(fixture *f, int64_t before, int64_t after, int64_t grace, bool fix)
{
    sl_pn_join *pj = &f->join->u.join;
    pj->before = before;
    pj->after = after;
    pj->grace = grace;
    pj->spurious_fix = fix;
}

/* --- stream-stream ------------------------------------------------------------------------- */

START_TEST(test_join_window_reach)
{
    fixture f;
    setup(&f, SL_PJ_STREAM_STREAM, SL_PJ_INNER);
    window(&f, 11000, 10000, 0, true);
    start(&f);
    ck_assert_str_eq(push(&f, 0, 0, "zero", 0), "");
    ck_assert_str_eq(push(&f, 1, 0, "blah", 11000), ""); /* after the left row's 10 s */
    ck_assert_str_eq(push(&f, 0, 0, "foo", 13000), "0:foo|blah@13000\n");
    ck_assert_str_eq(push(&f, 1, 0, "a", 15000), "0:foo|a@15000\n");
    /* 2 s after zero and 11 s before foo: both */
    ck_assert_str_eq(push(&f, 1, 0, "b", 2000), "0:zero|b@2000\n0:foo|b@13000\n");
    ck_assert_str_eq(push(&f, 1, 1, "other key", 13000), "");
    teardown(&f);
}
END_TEST

START_TEST(test_join_window_out_of_order_retention)
{
    fixture f;
    setup(&f, SL_PJ_STREAM_STREAM, SL_PJ_INNER);
    window(&f, 60000, 60000, 60000, true); /* retention 3 min */
    start(&f);
    ck_assert_str_eq(push(&f, 0, 0, "A", 0), "");
    ck_assert_str_eq(push(&f, 1, 0, "a", 60000), "0:A|a@60000\n");
    ck_assert_str_eq(push(&f, 0, 1, "B", 330000), "");
    /* too old for the left buffer (its stream time is 330 s): neither kept nor found */
    ck_assert_str_eq(push(&f, 0, 2, "C", 90000), "");
    ck_assert_str_eq(push(&f, 1, 2, "c", 90000), "");
    /* the right buffer's stream time is 90 s: it still keeps and finds 60 s */
    ck_assert_str_eq(push(&f, 1, 3, "d", 60000), "");
    ck_assert_str_eq(push(&f, 0, 3, "D", 90000), "3:D|d@90000\n");
    teardown(&f);
}
END_TEST

START_TEST(test_join_left_legacy_pads_at_once)
{
    fixture f;
    setup(&f, SL_PJ_STREAM_STREAM, SL_PJ_LEFT);
    window(&f, 11000, 11000, 86400000 - 22000, false);
    start(&f);
    ck_assert_str_eq(push(&f, 0, 0, "zero", 0), "0:zero|-@0\n");
    ck_assert_str_eq(push(&f, 1, 0, "blah", 10000), "0:zero|blah@10000\n");
    ck_assert_str_eq(push(&f, 1, 100, "right only", 16000), ""); /* the right side is inner */
    teardown(&f);
}
END_TEST

START_TEST(test_join_left_grace_waits_for_close)
{
    fixture f;
    setup(&f, SL_PJ_STREAM_STREAM, SL_PJ_LEFT);
    window(&f, 10, 10, 5, true);
    start(&f);
    ck_assert_str_eq(push(&f, 0, 1, "a", 0), ""); /* waits: its window is open */
    ck_assert_str_eq(push(&f, 0, 2, "b", 10), "");
    ck_assert_str_eq(push(&f, 1, 2, "x", 12), "2:b|x@12\n"); /* b matched: never padded */
    ck_assert_str_eq(push(&f, 1, 9, "y", 15), "");           /* 0 + 10 + 5 is not before 15 */
    ck_assert_str_eq(push(&f, 1, 9, "z", 16), "1:a|-@0\n");  /* a's window closed */
    /* late and already closed: padded at once */
    ck_assert_str_eq(push(&f, 0, 3, "c", 1), "3:c|-@1\n");
    ck_assert_str_eq(push(&f, 1, 9, "w", 100), ""); /* b was matched: nothing to pad */
    teardown(&f);
}
END_TEST

START_TEST(test_join_outer_pads_both_sides_in_order)
{
    fixture f;
    setup(&f, SL_PJ_STREAM_STREAM, SL_PJ_OUTER);
    window(&f, 10, 10, 0, true);
    start(&f);
    ck_assert_str_eq(push(&f, 0, 5, "L", 0), "");
    ck_assert_str_eq(push(&f, 1, 6, "R", 0), "");
    ck_assert_str_eq(push(&f, 0, 7, "L2", 3), "");
    /* at 11 both rows of time 0 close: the right one first, as Kafka Streams orders them */
    ck_assert_str_eq(push(&f, 0, 8, "M", 11), "6:-|R@0\n5:L|-@0\n");
    ck_assert_str_eq(push(&f, 1, 8, "N", 14), "7:L2|-@3\n8:M|N@14\n");
    teardown(&f);
}
END_TEST

START_TEST(test_join_right_is_the_right_sides_left_join)
{
    fixture f;
    setup(&f, SL_PJ_STREAM_STREAM, SL_PJ_RIGHT);
    window(&f, 11000, 11000, 86400000 - 22000, false);
    start(&f);
    ck_assert_str_eq(push(&f, 0, 0, "zero", 0), "");
    ck_assert_str_eq(push(&f, 1, 0, "blah", 10000), "0:zero|blah@10000\n");
    ck_assert_str_eq(push(&f, 1, 100, "newblah", 16000), "100:-|newblah@16000\n");
    teardown(&f);
}
END_TEST

START_TEST(test_join_null_key_and_value_join_nothing)
{
    fixture f;
    setup(&f, SL_PJ_STREAM_STREAM, SL_PJ_LEFT);
    window(&f, 10, 10, 0, false);
    start(&f);
    ck_assert_str_eq(push(&f, 0, 1, NULL, 0), ""); /* a stream tombstone: not padded, not kept */
    ck_assert_str_eq(push(&f, 1, 1, "r", 1), "");
    ck_assert_str_eq(push(&f, 0, 1, "l", 2), "1:l|r@2\n");
    ck_assert_uint_eq(f.task.skipped, 1); /* counted */
    teardown(&f);
}
END_TEST

START_TEST(test_join_window_state_restored)
{
    fixture f;
    setup(&f, SL_PJ_STREAM_STREAM, SL_PJ_LEFT);
    with_store(&f);
    window(&f, 10, 10, 5, true);
    start(&f);
    ck_assert_str_eq(push(&f, 0, 1, "a", 0), "");
    ck_assert_str_eq(push(&f, 1, 2, "x", 2), "");
    commit(&f);
    stop(&f);
    start(&f); /* a new task reads the windows and the waiting outer row back */
    ck_assert_str_eq(push(&f, 0, 2, "b", 5), "2:b|x@5\n");
    ck_assert_str_eq(push(&f, 1, 9, "z", 16), "1:a|-@0\n");
    teardown(&f);
}
END_TEST

/* --- stream-table and table-table ---------------------------------------------------------- */

START_TEST(test_join_stream_table)
{
    fixture f;
    setup(&f, SL_PJ_STREAM_TABLE, SL_PJ_LEFT);
    start(&f);
    ck_assert_str_eq(push(&f, 1, 0, "zero", 0), ""); /* table changes emit nothing */
    ck_assert_str_eq(push(&f, 0, 0, "blah", 10), "0:blah|zero@10\n");
    ck_assert_str_eq(push(&f, 0, 9, "nine", 11), "9:nine|-@11\n");
    ck_assert_str_eq(push(&f, 1, 0, NULL, 12), "");
    ck_assert_str_eq(push(&f, 0, 0, "after delete", 13), "0:after delete|-@13\n");
    teardown(&f);
}
END_TEST

/* An output row carries the task input of the row that made it, so a windowed aggregation
 * after the join tracks event time per input (watermark.h). */
START_TEST(test_join_outputs_carry_their_input)
{
    fixture f;
    setup(&f, SL_PJ_STREAM_STREAM, SL_PJ_OUTER);
    window(&f, 10, 10, 5, true);
    start(&f);
    ck_assert_str_eq(push(&f, 0, 1, "a", 0), "");
    ck_assert_str_eq(push(&f, 1, 2, "x", 16), "1:a|-@0\n"); /* padded when x closes it */
    ck_assert_int_eq(f.last_input, 2);
    ck_assert_str_eq(push(&f, 0, 2, "b", 17), "2:b|x@17\n");
    ck_assert_int_eq(f.last_input, 1);
    teardown(&f);
    setup(&f, SL_PJ_STREAM_TABLE, SL_PJ_INNER);
    start(&f);
    ck_assert_str_eq(push(&f, 1, 0, "zero", 0), "");
    ck_assert_str_eq(push(&f, 0, 0, "blah", 10), "0:blah|zero@10\n");
    ck_assert_int_eq(f.last_input, 1);
    teardown(&f);
    setup(&f, SL_PJ_TABLE_TABLE, SL_PJ_OUTER);
    start(&f);
    ck_assert_str_eq(push(&f, 1, 3, "r", 0), "3:-|r@0\n");
    ck_assert_int_eq(f.last_input, 2);
    teardown(&f);
}
END_TEST

START_TEST(test_join_table_table_inner)
{
    fixture f;
    setup(&f, SL_PJ_TABLE_TABLE, SL_PJ_INNER);
    start(&f);
    ck_assert_str_eq(push(&f, 0, 0, "a", 0), "");
    ck_assert_str_eq(push(&f, 1, 0, "b", 10), "0:a|b@10\n");
    ck_assert_str_eq(push(&f, 0, 0, "c", 5), "0:c|b@10\n"); /* the later of the two */
    ck_assert_str_eq(push(&f, 0, 0, NULL, 50), "0:DEL@50\n");
    ck_assert_str_eq(push(&f, 1, 0, NULL, 60), ""); /* nothing left to delete */
    ck_assert_str_eq(push(&f, 0, 7, NULL, 70), "");
    teardown(&f);
}
END_TEST

START_TEST(test_join_table_table_left_and_outer)
{
    fixture f;
    setup(&f, SL_PJ_TABLE_TABLE, SL_PJ_LEFT);
    start(&f);
    ck_assert_str_eq(push(&f, 1, 0, "r", 0), ""); /* the right side alone: nothing */
    ck_assert_str_eq(push(&f, 0, 1, "l", 1), "1:l|-@1\n");
    ck_assert_str_eq(push(&f, 0, 0, "l0", 2), "0:l0|r@2\n");
    ck_assert_str_eq(push(&f, 1, 0, NULL, 3), "0:l0|-@3\n"); /* padded, not deleted */
    ck_assert_str_eq(push(&f, 0, 5, NULL, 4), "");           /* never had a row */
    teardown(&f);
    setup(&f, SL_PJ_TABLE_TABLE, SL_PJ_OUTER);
    start(&f);
    ck_assert_str_eq(push(&f, 1, 0, "r", 0), "0:-|r@0\n");
    ck_assert_str_eq(push(&f, 0, 0, "l", 1), "0:l|r@1\n");
    ck_assert_str_eq(push(&f, 1, 0, NULL, 2), "0:l|-@2\n");
    ck_assert_str_eq(push(&f, 0, 0, NULL, 3), "0:DEL@3\n");
    teardown(&f);
}
END_TEST

START_TEST(test_join_table_state_restored)
{
    fixture f;
    setup(&f, SL_PJ_STREAM_TABLE, SL_PJ_INNER);
    with_store(&f);
    start(&f);
    push(&f, 1, 0, "zero", 0);
    push(&f, 1, 1, "one", 0);
    push(&f, 1, 1, NULL, 1);
    commit(&f);
    stop(&f);
    start(&f);
    ck_assert_str_eq(push(&f, 0, 0, "s", 5), "0:s|zero@5\n");
    ck_assert_str_eq(push(&f, 0, 1, "s", 5), "");
    teardown(&f);
}
END_TEST

/* --- foreign key ------------------------------------------------------------------------------ */

START_TEST(test_join_foreign_key)
{
    fixture f;
    setup_fk(&f, SL_PJ_INNER);
    start(&f);
    ck_assert_str_eq(push(&f, 1, 0, "blah", 0), "");
    ck_assert_str_eq(push(&f, 0, 1, "0", 10000), "1:0|blah@10000\n");
    ck_assert_str_eq(push(&f, 0, 2, "100", 13000), ""); /* no right row 100 */
    ck_assert_str_eq(push(&f, 0, 10, "0", 16000), "10:0|blah@16000\n");
    ck_assert_str_eq(push(&f, 1, 0, "a", 17000), "1:0|a@17000\n10:0|a@17000\n");
    ck_assert_str_eq(push(&f, 0, 1, "100", 18000), "1:DEL@18000\n"); /* moved to a missing key */
    ck_assert_str_eq(push(&f, 1, 0, NULL, 19000), "10:DEL@19000\n");
    ck_assert_str_eq(push(&f, 0, 10, NULL, 20000), "10:DEL@20000\n");
    teardown(&f);
    setup_fk(&f, SL_PJ_LEFT);
    start(&f);
    ck_assert_str_eq(push(&f, 0, 1, "0", 0), "1:0|-@0\n");
    ck_assert_str_eq(push(&f, 1, 0, "r", 10), "1:0|r@10\n");
    ck_assert_str_eq(push(&f, 1, 0, NULL, 20), "1:0|-@20\n");
    teardown(&f);
}
END_TEST

/* --- a poll's feeding order ------------------------------------------------------------- */

/* Orders a poll given as "topic:partition:ts" triples; returns the spans as "start+n ...". */
static const char *order(sl_buf *out, const int (*spec)[3], int n)
{
    sl_log_record recs[16] = {0};
    sl_poll_span runs[16], spans[16];
    for (int i = 0; i < n; i++) {
        recs[i].topic = (uint32_t)spec[i][0];
        recs[i].partition = spec[i][1];
        recs[i].ts = spec[i][2];
    }
    int ns = sl_poll_order(recs, n, runs, spans);
    sl_buf_reset(out);
    for (int k = 0; k < ns; k++) sl_buf_printf(out, "%s%d+%d", k ? " " : "", spans[k].start, spans[k].n);
    return sl_buf_cstr(out);
}

START_TEST(test_poll_order_interleaves_a_tasks_topics)
{
    sl_buf b = SL_BUF_INIT;
    /* S p0: 5 7 9 | T p0: 6 8 | S p1: 3 -> 5, 6, 7, 8, 9, then partition 1 as it came */
    static const int poll[][3] = {{0, 0, 5}, {0, 0, 7}, {0, 0, 9}, {1, 0, 6}, {1, 0, 8}, {0, 1, 3}};
    ck_assert_str_eq(order(&b, poll, 6), "0+1 3+1 1+1 4+1 2+1 5+1");
    /* a run older than the other's head goes in one span, up to and with equal times */
    static const int apart[][3] = {{1, 2, 50}, {1, 2, 60}, {0, 2, 1}, {0, 2, 2}, {0, 2, 50}};
    ck_assert_str_eq(order(&b, apart, 5), "2+3 0+2");
    /* out of order within a run: its order is kept, the head decides */
    static const int late[][3] = {{0, 0, 10}, {0, 0, 1}, {1, 0, 5}};
    ck_assert_str_eq(order(&b, late, 3), "2+1 0+2");
    sl_buf_free(&b);
}
END_TEST

static Suite *join_suite(void)
{
    Suite *s = suite_create("join");
    TCase *tc = tcase_create("stream_stream");
    tcase_add_test(tc, test_join_window_reach);
    tcase_add_test(tc, test_join_window_out_of_order_retention);
    tcase_add_test(tc, test_join_left_legacy_pads_at_once);
    tcase_add_test(tc, test_join_left_grace_waits_for_close);
    tcase_add_test(tc, test_join_outer_pads_both_sides_in_order);
    tcase_add_test(tc, test_join_right_is_the_right_sides_left_join);
    tcase_add_test(tc, test_join_null_key_and_value_join_nothing);
    tcase_add_test(tc, test_join_window_state_restored);
    suite_add_tcase(s, tc);
    tc = tcase_create("tables");
    tcase_add_test(tc, test_join_stream_table);
    tcase_add_test(tc, test_join_outputs_carry_their_input);
    tcase_add_test(tc, test_join_table_table_inner);
    tcase_add_test(tc, test_join_table_table_left_and_outer);
    tcase_add_test(tc, test_join_table_state_restored);
    tcase_add_test(tc, test_join_foreign_key);
    suite_add_tcase(s, tc);
    tc = tcase_create("poll order");
    tcase_add_test(tc, test_poll_order_interleaves_a_tasks_topics);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(join_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
