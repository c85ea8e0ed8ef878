/*
 * test_log_crash.c - exactly-once through kill -9, for the embedded log.
 *
 * A child process (this binary run with --child DIR) is a tiny persistent
 * query: it consumes topic "in" from its committed offset and, per batch of
 * input records, commits one transaction holding K output records per input
 * (to the 2-partition topic "out"), the source offset, and a state store
 * counter of inputs seen. The parent kills it with SIGKILL at random moments
 * 20 times, restarting it each time, then lets it finish. At the end "out"
 * must hold every input's K records exactly once, each partition in input
 * order, and the counter must equal the number of inputs: nothing committed
 * was lost and nothing was applied twice.
 */
#include "exec/db.h"
#include "exec/log.h"
#include "test_log_util.h"

#include <check.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

enum { INPUTS = 20000, K = 3, PER_TXN = 10, KILLS = 20 };

static const char *self_path;

static sl_error *open_all(const char *dir, sl_db **db, sl_log **log)
{
    sl_log_embedded_conf conf = {0};
    sl_error *err = sl_db_open(dir, NULL, db);
    if (!err) err = sl_log_open_embedded_conf(*db, &conf, log);
    return err;
}

/* One transaction per batch of inputs; see the top of this file. */
static sl_error *process(sl_log *log, sl_db *db, sl_db_cf *store, sl_log_record *in, int n)
{
    sl_buf v = SL_BUF_INIT;
    bool found;
    sl_error *err = sl_db_get(db, store, NULL, "seen", 4, &v, &found);
    uint64_t seen = found && v.len == 8 ? sl_db_be64_get((const uint8_t *)v.p) : 0;
    sl_buf_free(&v);
    sl_log_txn *txn = sl_log_txn_begin(log);
    for (int i = 0; !err && i < n; i++) {
        for (int j = 0; !err && j < K; j++) {
            char key[16], val[32];
            snprintf(key, sizeof key, "k%lld", (long long)in[i].offset % 7);
            snprintf(val, sizeof val, "%.*s:%d", (int)in[i].vlen, (const char *)in[i].val, j);
            sl_log_record r = {.key = (const uint8_t *)key,
                               .klen = (uint32_t)strlen(key),
                               .val = (const uint8_t *)val,
                               .vlen = (uint32_t)strlen(val),
                               .ts = in[i].ts,
                               .partition = SL_LOG_ANY_PARTITION};
            err = sl_log_txn_produce(txn, "out", &r);
        }
    }
    if (err) {
        sl_log_txn_abort(txn);
        return err;
    }
    uint8_t cnt[8];
    sl_db_be64_put(cnt, seen + (uint64_t)n);
    sl_db_batch_put(sl_log_txn_batch(txn), store, "seen", 4, cnt, 8);
    sl_log_txn_offset(txn, "crashq", "in", 0, in[n - 1].offset + 1);
    return sl_log_txn_commit(txn);
}

static int child_main(const char *dir, int ready_fd)
{
    sl_db *db;
    sl_log *log;
    sl_db_cf *store;
    sl_log_consumer *c = NULL;
    const char *topics[] = {"in"};
    sl_error *err = open_all(dir, &db, &log);
    if (!err) err = sl_db_cf_get(db, "s/seen", true, &store);
    /* no callback: the consumer starts at the group's committed offset */
    if (!err) err = sl_log_consumer_open(log, "crashq", topics, 1, NULL, &c);
    if (!err && write(ready_fd, "r", 1) != 1) err = sl_error_new(SL_E_IO, "ready pipe");
    close(ready_fd);
    sl_log_record in[PER_TXN];
    int n = 1;
    while (!err && n > 0) {
        err = sl_log_consumer_poll(c, in, PER_TXN, 0, &n);
        if (!err && n > 0) err = process(log, db, store, in, n);
        usleep(100); /* stretch the run so the kills land mid-stream */
    }
    if (err) fprintf(stderr, "crash child: %s\n", err->msg);
    sl_log_consumer_close(c);
    sl_log_close(log);
    sl_db_close(db);
    return err ? 1 : 0;
}

/* The child's committed offset on "in", as a restart would find it. */
static int64_t committed(const char *dir)
{
    sl_db *db;
    sl_log *log;
    int64_t off;
    CK_OK(open_all(dir, &db, &log));
    CK_OK(sl_log_committed_offset(log, "crashq", "in", 0, &off));
    sl_log_close(log);
    sl_db_close(db);
    return off < 0 ? 0 : off;
}

/* Starts a child; *ready is a pipe that yields a byte once it has recovered. */
static pid_t spawn(const char *dir, int *ready)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        char fd[16];
        snprintf(fd, sizeof fd, "%d", fds[1]);
        close(fds[0]);
        execl(self_path, self_path, "--child", dir, fd, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    *ready = fds[0];
    return pid;
}

static void fill_input(const char *dir)
{
    sl_db *db;
    sl_log *log;
    CK_OK(open_all(dir, &db, &log));
    sl_topic_info in = {.name = "in", .partitions = 1}, out = {.name = "out", .partitions = 2};
    CK_OK(sl_log_topic_create(log, &in));
    CK_OK(sl_log_topic_create(log, &out));
    sl_log_txn *txn = sl_log_txn_begin(log);
    for (int i = 0; i < INPUTS; i++) {
        char val[16];
        snprintf(val, sizeof val, "%d", i);
        sl_log_record r = {
            .val = (const uint8_t *)val, .vlen = (uint32_t)strlen(val), .ts = i, .partition = 0};
        CK_OK(sl_log_txn_produce(txn, "in", &r));
    }
    CK_OK(sl_log_txn_commit(txn));
    sl_log_close(log);
    sl_db_close(db);
}

/* Every input's K outputs exactly once, in input order within a partition. */
static void check_output(const char *dir)
{
    sl_db *db;
    sl_log *log;
    CK_OK(open_all(dir, &db, &log));
    unsigned char *seen = calloc((size_t)INPUTS * K, 1);
    long last[2] = {-1, -1};
    long total = 0;
    const char *topics[] = {"out"};
    sl_log_consumer *c;
    CK_OK(sl_log_consumer_open(log, "check", topics, 1, NULL, &c));
    sl_log_record recs[500];
    int n;
    do {
        CK_OK(sl_log_consumer_poll(c, recs, 500, 0, &n));
        for (int i = 0; i < n; i++) {
            char buf[32];
            int in, j;
            snprintf(buf, sizeof buf, "%.*s", (int)recs[i].vlen, (const char *)recs[i].val);
            ck_assert_int_eq(sscanf(buf, "%d:%d", &in, &j), 2);
            ck_assert(in >= 0 && in < INPUTS && j >= 0 && j < K);
            long pos = (long)in * K + j;
            ck_assert_msg(!seen[pos], "output %s appears twice", buf);
            seen[pos] = 1;
            ck_assert_msg(pos > last[recs[i].partition], "output %s out of order", buf);
            last[recs[i].partition] = pos;
            total++;
        }
    } while (n > 0);
    ck_assert_int_eq(total, (long)INPUTS * K);
    sl_log_consumer_close(c);

    sl_db_cf *store;
    sl_buf v = SL_BUF_INIT;
    bool found;
    CK_OK(sl_db_cf_get(db, "s/seen", false, &store));
    CK_OK(sl_db_get(db, store, NULL, "seen", 4, &v, &found));
    ck_assert(found && v.len == 8);
    ck_assert_int_eq(sl_db_be64_get((const uint8_t *)v.p), INPUTS);
    int64_t off;
    CK_OK(sl_log_committed_offset(log, "crashq", "in", 0, &off));
    ck_assert_int_eq(off, INPUTS);
    sl_buf_free(&v);
    free(seen);
    sl_log_close(log);
    sl_db_close(db);
}

START_TEST(test_log_crash_kill9_exactly_once)
{
    char *dir = test_tmpdir();
    fill_input(dir);
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    fprintf(stderr, "crash test seed %u\n", seed);
    srand(seed);
    int killed_mid_run = 0;
    int64_t last = 0;
    for (int k = 0; k < KILLS; k++) {
        int ready;
        char byte;
        pid_t pid = spawn(dir, &ready);
        /* most kills land while it streams; one in four may land during recovery */
        bool streaming = k % 4 != 3;
        if (streaming && read(ready, &byte, 1) != 1) ck_abort_msg("child died before ready");
        usleep((useconds_t)((streaming ? 5000 : 0) + rand() % 25000));
        kill(pid, SIGKILL);
        close(ready);
        int st;
        ck_assert_int_eq(waitpid(pid, &st, 0), pid);
        if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
            ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child failed: status %d", st);
        int64_t now = committed(dir);
        ck_assert_int_ge(now, last);
        /* killed while it still had input, after it had made progress */
        if (WIFSIGNALED(st) && now > last && now < INPUTS) killed_mid_run++;
        last = now;
    }
    fprintf(stderr, "crash test: %d of %d kills landed mid-stream (offset %lld of %d)\n",
            killed_mid_run, KILLS, (long long)last, INPUTS);
    ck_assert_int_ge(killed_mid_run, KILLS / 2);
    ck_assert_int_lt(last, INPUTS);
    int ready;
    pid_t pid = spawn(dir, &ready); /* the last run drains the input */
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    close(ready);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "final child failed: status %d", st);
    check_output(dir);
    test_rmdir(dir);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--child") == 0) return child_main(argv[2], atoi(argv[3]));
    self_path = "/proc/self/exe";
    static char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n > 0) {
        path[n] = 0;
        self_path = path;
    }
    Suite *s = suite_create("log_crash");
    TCase *tc = tcase_create("crash");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_log_crash_kill9_exactly_once);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
