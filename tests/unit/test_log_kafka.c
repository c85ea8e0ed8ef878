/*
 * test_log_kafka.c - the Kafka log against librdkafka's mock cluster, hosted
 * in a helper process (tests/tools/sl_mock_kafka, path in $SL_MOCK_KAFKA) as
 * a real cluster would be: topics through sl_log, produce and consume,
 * transactions and their acknowledgement, consumer groups, the assignment
 * callback, seeks, and a delivery failure failing a commit.
 */
#include "exec/db.h"
#include "exec/log.h"
#include "exec/log_kafka.h" /* to inject a fatal producer error */
#include "test_log_util.h"

#include <check.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static char *dir;
static sl_db *db;
static sl_log *log_;
static pid_t mock_pid;
static int mock_stdin = -1;
static FILE *mock_stdout;
static char bootstrap[256], control[300];

/* Starts the helper; its stdin is our pipe, so it exits when we do. */
static void mock_start(void)
{
    const char *path = getenv("SL_MOCK_KAFKA");
    static char fallback[4096];
    if (!path) { /* next to the build's tests/unit: ../tools/sl_mock_kafka */
        ssize_t n = readlink("/proc/self/exe", fallback, sizeof fallback - 40);
        ck_assert_int_gt(n, 0);
        fallback[n] = 0;
        strcat(dirname(fallback), "/../tools/sl_mock_kafka");
        path = fallback;
    }
    snprintf(control, sizeof control, "%s/ctl", dir);
    int in[2], out[2];
    ck_assert(pipe(in) == 0 && pipe(out) == 0);
    mock_pid = fork();
    ck_assert_int_ge(mock_pid, 0);
    if (mock_pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[1]);
        close(out[0]);
        execl(path, path, "--brokers", "1", "--control", control, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    mock_stdin = in[1];
    mock_stdout = fdopen(out[0], "r");
    ck_assert_msg(fgets(bootstrap, sizeof bootstrap, mock_stdout) != NULL,
                  "the mock cluster did not start");
    bootstrap[strcspn(bootstrap, "\n")] = 0;
}

/* Sends the helper a request on its stdin; checks its reply is "ok". */
static void mock_cmd(const char *req)
{
    char reply[256];
    ck_assert(write(mock_stdin, req, strlen(req)) == (ssize_t)strlen(req));
    ck_assert(write(mock_stdin, "\n", 1) == 1);
    ck_assert(fgets(reply, sizeof reply, mock_stdout) != NULL);
    ck_assert_msg(strncmp(reply, "ok", 2) == 0, "%s: %s", req, reply);
}

static void mock_stop(void)
{
    close(mock_stdin); /* end of its stdin: it shuts down */
    fclose(mock_stdout);
    int st;
    waitpid(mock_pid, &st, 0);
}

/* A Kafka log on the mock; more: extra properties (NULL-terminated) or NULL. */
static sl_log *open_log(const char *const *more)
{
    /* the mock waits session.timeout.ms - 1 s before it rebalances a group that
     * a member joins late: keep that short */
    const char *extra[32] = {
        "sluice.mock.control",         control, "sluice.admin.timeout.ms",        "10000",
        "consumer.session.timeout.ms", "6000",  "consumer.heartbeat.interval.ms", "500"};
    for (int i = 0; more && more[i]; i++)
        extra[8 + i] = more[i];
    sl_log_kafka_conf conf = {bootstrap, extra};
    sl_log *log;
    CK_OK(sl_log_open_kafka(&conf, db, &log));
    ck_assert(sl_log_is_kafka(log));
    return log;
}

static void setup(void)
{
    dir = test_tmpdir();
    mock_start();
    CK_OK(sl_db_open(dir, NULL, &db));
    log_ = open_log(NULL);
}

static void teardown(void)
{
    sl_log_close(log_);
    sl_db_close(db);
    mock_stop();
    test_rmdir(dir);
}

static void create(const char *name, int partitions)
{
    sl_topic_info ti = {.partitions = partitions};
    snprintf(ti.name, sizeof ti.name, "%s", name);
    CK_OK(sl_log_topic_create(log_, &ti));
}

typedef struct assign_log {
    pthread_mutex_t mu;
    int assigned, revoked;
    int64_t start; /* the answer, or -100 to keep the default */
} assign_log;

static void on_assigned(void *ctx, uint32_t topic, int32_t partition, int64_t *start)
{
    assign_log *al = ctx;
    (void)topic, (void)partition;
    pthread_mutex_lock(&al->mu);
    al->assigned++;
    if (al->start != -100) *start = al->start;
    pthread_mutex_unlock(&al->mu);
}

static void on_revoked(void *ctx, uint32_t topic, int32_t partition)
{
    assign_log *al = ctx;
    (void)topic, (void)partition;
    pthread_mutex_lock(&al->mu);
    al->revoked++;
    pthread_mutex_unlock(&al->mu);
}

/* Polls c until it has want records (into recs, payloads valid until the
 * next poll of c) or 20 s pass; returns how many it got from the last poll
 * that returned any, with *total the count over all polls. */
static int poll_until(sl_log_consumer *c, sl_log_record *recs, int want, int *total)
{
    long long deadline = test_mono_ms() + 20000;
    int n = 0;
    *total = 0;
    while (*total < want && test_mono_ms() < deadline) {
        CK_OK(sl_log_consumer_poll(c, recs, want - *total, 200, &n));
        *total += n;
        if (n) break;
    }
    return n;
}

START_TEST(test_log_kafka_topics_through_the_mock)
{
    sl_topic_info ti = {.name = "orders", .partitions = 3, .retention_ms = 60000};
    CK_OK(sl_log_topic_create(log_, &ti));
    sl_topic_info cl = {.name = "changelog", .partitions = 1, .compacted = true};
    CK_OK(sl_log_topic_create(log_, &cl));
    CK_FAILS(sl_log_topic_create(log_, &ti), SL_E_STATEMENT, "topic 'orders' already exists");
    sl_topic_info got;
    CK_OK(sl_log_topic_describe(log_, "orders", &got));
    ck_assert_str_eq(got.name, "orders");
    ck_assert_int_eq(got.partitions, 3);
    ck_assert_int_eq(got.replicas, 1);
    ck_assert_int_eq(got.retention_ms, 60000);
    ck_assert(!got.compacted);
    CK_OK(sl_log_topic_describe(log_, "changelog", &got));
    ck_assert(got.compacted);
    CK_FAILS(sl_log_topic_describe(log_, "nope", &got), SL_E_NOT_FOUND,
             "topic 'nope' does not exist");

    sl_topic_info *all;
    int n;
    CK_OK(sl_log_topic_list(log_, &all, &n));
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(all[0].name, "changelog");
    ck_assert_str_eq(all[1].name, "orders");
    free(all);

    int64_t ends[3], starts[3];
    CK_OK(sl_log_end_offsets(log_, "orders", ends, 3));
    CK_OK(sl_log_start_offsets(log_, "orders", starts, 3));
    for (int p = 0; p < 3; p++)
        ck_assert(ends[p] == 0 && starts[p] == 0);
    CK_FAILS(sl_log_end_offsets(log_, "orders", ends, 4), SL_E_STATEMENT, "has 3 partitions");
    CK_FAILS(sl_log_end_offsets(log_, "nope", ends, 1), SL_E_NOT_FOUND, "nope");
    CK_FAILS(sl_log_topic_delete(log_, "orders"), SL_E_UNSUPPORTED, "cannot delete topics");
    CK_OK(sl_log_maintain(log_, 0));
}
END_TEST

START_TEST(test_log_kafka_admin_api_failures_are_clear_errors)
{
    /* without sluice.mock.control the log uses the Admin API, which the mock
     * (no controller) cannot serve: each call must fail cleanly and promptly */
    create("exists", 1);
    const char *extra[] = {"sluice.admin.timeout.ms", "1000", NULL};
    sl_log_kafka_conf conf = {bootstrap, extra};
    sl_log *log;
    CK_OK(sl_log_open_kafka(&conf, db, &log));
    sl_topic_info ti = {.name = "fresh", .partitions = 2, .retention_ms = 1000, .compacted = true};
    long long t0 = test_mono_ms();
    sl_error *err = sl_log_topic_create(log, &ti);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err->msg, "cannot create topic"), "%s", err->msg);
    sl_error_free(err);
    CK_FAILS(sl_log_topic_create(log, &(sl_topic_info){.name = "exists", .partitions = 1}),
             SL_E_STATEMENT, "topic 'exists' already exists");
    sl_topic_info got;
    err = sl_log_topic_describe(log, "exists", &got);
    ck_assert_msg(err && strstr(err->msg, "cannot read topic configs"), "%s",
                  err ? err->msg : "no error");
    sl_error_free(err);
    err = sl_log_topic_delete(log, "exists");
    ck_assert_msg(err && strstr(err->msg, "cannot delete topic"), "%s",
                  err ? err->msg : "no error");
    sl_error_free(err);
    ck_assert_int_lt(test_mono_ms() - t0, 30000);
    sl_log_close(log);

    const char *bad[] = {"no.such.property", "1", NULL};
    conf.extra = bad;
    CK_FAILS(sl_log_open_kafka(&conf, db, &log), SL_E_KAFKA, "no.such.property");
    const char *odd[] = {"linger.ms", NULL};
    conf.extra = odd;
    CK_FAILS(sl_log_open_kafka(&conf, db, &log), SL_E_KAFKA, "has no value");
    const char *unknown[] = {"sluice.nope", "1", NULL};
    conf.extra = unknown;
    CK_FAILS(sl_log_open_kafka(&conf, db, &log), SL_E_KAFKA, "unknown property 'sluice.nope'");
    conf = (sl_log_kafka_conf){"", NULL};
    CK_FAILS(sl_log_open_kafka(&conf, db, &log), SL_E_KAFKA, "needs bootstrap.servers");
}
END_TEST

START_TEST(test_log_kafka_produce_then_consume_in_a_group)
{
    create("events", 4);
    static const uint8_t bin[] = {0, 1, 2};
    sl_header hs[] = {{"trace", (const uint8_t *)"t1", 2}, {"none", NULL, 0}};
    int per[4] = {0};
    char key[16];
    for (int i = 0; i < 40; i++) {
        snprintf(key, sizeof key, "user-%d", i % 10);
        sl_log_record r = test_rec(key, "payload", 1000 + i);
        if (i == 0) r.headers = (sl_headers){hs, 2};
        CK_OK(sl_log_produce(log_, "events", &r));
        ck_assert_int_eq(r.partition,
                         sl_log_partition_for_key((const uint8_t *)key, (uint32_t)strlen(key), 4));
        ck_assert_int_eq(r.offset, per[r.partition]++);
    }
    sl_log_record tomb = test_rec("gone", NULL, 5), nokey = test_rec(NULL, "v", 6);
    tomb.partition = nokey.partition = 0;
    CK_OK(sl_log_produce(log_, "events", &tomb));
    CK_OK(sl_log_produce(log_, "events", &nokey));
    sl_log_record empty = test_rec("", "", 7);
    empty.key = empty.val = bin;
    empty.partition = 0;
    CK_OK(sl_log_produce(log_, "events", &empty));
    per[0] += 3;

    assign_log al = {PTHREAD_MUTEX_INITIALIZER, 0, 0, -100};
    sl_log_assign_cb cb = {on_assigned, on_revoked, &al};
    const char *topics[] = {"events"};
    sl_log_consumer *c;
    CK_OK(sl_log_consumer_open(log_, "svc_q1", topics, 1, &cb, &c));
    sl_log_record recs[64];
    int total = 0, seen = 0;
    int64_t next[4] = {0};
    bool saw_headers = false, saw_tomb = false, saw_nokey = false, saw_empty = false;
    long long deadline = test_mono_ms() + 20000;
    while (seen < 43 && test_mono_ms() < deadline) {
        int n = poll_until(c, recs, 43 - seen, &total);
        for (int i = 0; i < n; i++) {
            sl_log_record *r = &recs[i];
            ck_assert_int_eq(r->topic, 0);
            ck_assert_int_eq(r->offset, next[r->partition]++); /* in order, none missing */
            if (r->headers.n == 2) {
                saw_headers = true;
                ck_assert_str_eq(r->headers.h[0].key, "trace");
                ck_assert(test_payload_is(r->headers.h[0].val, r->headers.h[0].len, "t1"));
                ck_assert_ptr_null(r->headers.h[1].val);
                ck_assert(test_payload_is(r->key, r->klen, "user-0"));
                ck_assert_int_eq(r->ts, 1000);
            }
            saw_tomb |= test_payload_is(r->key, r->klen, "gone") && !r->val;
            saw_nokey |= !r->key && test_payload_is(r->val, r->vlen, "v");
            saw_empty |= r->key && !r->klen && r->val && !r->vlen;
        }
        seen += n;
    }
    ck_assert_int_eq(seen, 43);
    ck_assert(saw_headers && saw_tomb && saw_nokey && saw_empty);
    ck_assert_int_eq(al.assigned, 4); /* one group member: every partition */
    for (int p = 0; p < 4; p++)
        ck_assert_int_eq(next[p], per[p]);

    /* seek back and read partition 0 again from its second record */
    CK_OK(sl_log_consumer_seek(c, 0, 0, 1));
    int n = poll_until(c, recs, per[0] - 1, &total);
    ck_assert_int_gt(n, 0);
    ck_assert_int_eq(recs[0].partition, 0);
    ck_assert_int_eq(recs[0].offset, 1);
    CK_OK(sl_log_consumer_mark(c, 0, 0, per[0]));
    CK_FAILS(sl_log_consumer_seek(c, 0, 9, 0), SL_E_INTERNAL, "not assigned");
    sl_log_consumer_close(c);

    CK_FAILS(sl_log_consumer_open(log_, "g", (const char *[]){"missing"}, 1, NULL, &c),
             SL_E_NOT_FOUND, "topic 'missing' does not exist");
}
END_TEST

typedef struct read_log {
    int n;
    int64_t first, last;
} read_log;

static sl_error *count_read(void *ctx, const sl_log_record *rec)
{
    read_log *r = ctx;
    if (!r->n++) r->first = rec->offset;
    r->last = rec->offset;
    return NULL;
}

START_TEST(test_log_kafka_read_partition_without_a_group)
{
    create("changes", 2);
    for (int i = 0; i < 30; i++) {
        sl_log_record r = test_rec("k", "v", 100 + i);
        r.partition = i % 2;
        CK_OK(sl_log_produce(log_, "changes", &r));
    }
    long long t0 = test_mono_ms();
    read_log r = {0};
    CK_OK(sl_log_read_partition(log_, "changes", 1, 0, 10000, count_read, &r));
    ck_assert_int_eq(r.n, 15);
    ck_assert_int_eq(r.first, 0);
    ck_assert_int_eq(r.last, 14);
    ck_assert_int_lt(test_mono_ms() - t0, 2500); /* no group join */
    r = (read_log){0};
    CK_OK(sl_log_read_partition(log_, "changes", 0, 10, 10000, count_read, &r));
    ck_assert_int_eq(r.n, 5);
    ck_assert_int_eq(r.first, 10);
    create("empty", 1);
    r = (read_log){0};
    CK_OK(sl_log_read_partition(log_, "empty", 0, 0, 10000, count_read, &r));
    ck_assert_int_eq(r.n, 0);
    CK_FAILS(sl_log_read_partition(log_, "changes", 5, 0, 1000, count_read, &r), SL_E_INTERNAL,
             "no partition 5");
}
END_TEST

START_TEST(test_log_kafka_txn_acknowledged_then_offsets_committed)
{
    create("in", 1);
    create("out", 2);
    sl_db_cf *store;
    CK_OK(sl_db_cf_get(db, "s/agg", true, &store));
    sl_log_txn *txn = sl_log_txn_begin(log_);
    char val[16];
    for (int i = 0; i < 500; i++) {
        snprintf(val, sizeof val, "%d", i);
        sl_log_record r = test_rec(i % 2 ? "a" : "b", val, i);
        CK_OK(sl_log_txn_produce(txn, "out", &r));
    }
    sl_log_txn_offset(txn, "q", "in", 0, 17);
    sl_db_batch_put(sl_log_txn_batch(txn), store, "k", 1, "v", 1);
    CK_OK(sl_log_txn_commit(txn));
    /* on return every record is acknowledged: the brokers' end offsets show them */
    int64_t ends[2];
    CK_OK(sl_log_end_offsets(log_, "out", ends, 2));
    ck_assert_int_eq(ends[0] + ends[1], 500);
    int64_t off;
    CK_OK(sl_log_committed_offset(log_, "q", "in", 0, &off));
    ck_assert_int_eq(off, 17);

    /* a reader whose callback asks for the start of partition 0 only sees it in order */
    assign_log al = {PTHREAD_MUTEX_INITIALIZER, 0, 0, SL_LOG_EARLIEST};
    sl_log_assign_cb cb = {on_assigned, on_revoked, &al};
    sl_log_consumer *c;
    CK_OK(sl_log_consumer_open(log_, "reader", (const char *[]){"out"}, 1, &cb, &c));
    sl_log_record recs[500];
    int seen = 0, total;
    int last[2] = {-1, -1};
    long long deadline = test_mono_ms() + 20000;
    while (seen < 500 && test_mono_ms() < deadline) {
        int n = poll_until(c, recs, 500 - seen, &total);
        for (int i = 0; i < n; i++) {
            char buf[16];
            snprintf(buf, sizeof buf, "%.*s", (int)recs[i].vlen, (const char *)recs[i].val);
            ck_assert_int_gt(atoi(buf), last[recs[i].partition]);
            last[recs[i].partition] = atoi(buf);
        }
        seen += n;
    }
    ck_assert_int_eq(seen, 500);
    sl_log_consumer_close(c);

    /* a partition the topic does not have is refused at once */
    txn = sl_log_txn_begin(log_);
    sl_log_record bad = test_rec("k", "v", 1);
    bad.partition = 7;
    CK_FAILS(sl_log_txn_produce(txn, "out", &bad), SL_E_KAFKA, "Unknown partition");
    sl_log_txn_abort(txn);
}
END_TEST

START_TEST(test_log_kafka_undelivered_records_fail_the_commit)
{
    create("in", 1);
    create("out", 1);
    const char *more[] = {"producer.message.timeout.ms", "1500", NULL};
    sl_log *log = open_log(more);
    sl_log_record r = test_rec("k", "before", 1);
    CK_OK(sl_log_produce(log, "out", &r)); /* connected, metadata known */

    mock_cmd("broker 1 down");
    sl_log_txn *txn = sl_log_txn_begin(log);
    for (int i = 0; i < 10; i++)
        CK_OK(sl_log_txn_produce(txn, "out", &r));
    sl_log_txn_offset(txn, "q", "in", 0, 5);
    long long t0 = test_mono_ms();
    CK_FAILS(sl_log_txn_commit(txn), SL_E_KAFKA, "");
    ck_assert_int_lt(test_mono_ms() - t0, 10000); /* bounded by message.timeout.ms */
    int64_t off;
    CK_OK(sl_log_committed_offset(log, "q", "in", 0, &off));
    ck_assert_int_eq(off, SL_LOG_EARLIEST); /* not acknowledged: offsets not committed */

    mock_cmd("broker 1 up"); /* the log recovers: the next transaction commits */
    long long deadline = test_mono_ms() + 20000;
    sl_error *err = NULL;
    do {
        sl_error_free(err);
        txn = sl_log_txn_begin(log);
        sl_log_record again = test_rec("k", "after", 2);
        err = sl_log_txn_produce(txn, "out", &again);
        sl_log_txn_offset(txn, "q", "in", 0, 6);
        if (err)
            sl_log_txn_abort(txn);
        else
            err = sl_log_txn_commit(txn);
    } while (err && test_mono_ms() < deadline);
    CK_OK(err);
    CK_OK(sl_log_committed_offset(log, "q", "in", 0, &off));
    ck_assert_int_eq(off, 6);
    sl_log_close(log);
}
END_TEST

START_TEST(test_log_kafka_fatal_error_rebuilds_the_producer)
{
    create("out", 1);
    sl_log_record r = test_rec("k", "v", 1);
    CK_OK(sl_log_produce(log_, "out", &r));
    kprod *p = sl_log_kafka_prod_get((kafka_log *)log_);
    rd_kafka_test_fatal_error(sl_log_kafka_prod_rk(p),
                              RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER,
                              "injected by the test");
    sl_log_kafka_prod_unref(p);
    sl_log_txn *txn = sl_log_txn_begin(log_);
    CK_FAILS(sl_log_txn_produce(txn, "out", &r), SL_E_KAFKA, "the Kafka producer failed");
    sl_log_txn_abort(txn);
    CK_OK(sl_log_produce(log_, "out", &r)); /* a new producer */
    ck_assert_int_eq(r.offset, 1);
}
END_TEST

START_TEST(test_log_kafka_consumer_starts_at_engine_offsets)
{
    create("src", 2);
    for (int i = 0; i < 20; i++) {
        sl_log_record r = test_rec(NULL, "v", i);
        r.partition = i % 2;
        CK_OK(sl_log_produce(log_, "src", &r));
    }
    /* the engine committed 7 on partition 0 (in RocksDB, with its state) */
    sl_log_txn *txn = sl_log_txn_begin(log_);
    sl_log_txn_offset(txn, "svc_q2", "src", 0, 7);
    CK_OK(sl_log_txn_commit(txn));
    sl_log_consumer *c;
    CK_OK(sl_log_consumer_open(log_, "svc_q2", (const char *[]){"src"}, 1, NULL, &c));
    sl_log_record recs[32];
    int seen = 0, total;
    int64_t first[2] = {-1, -1};
    long long deadline = test_mono_ms() + 20000;
    while (seen < 13 && test_mono_ms() < deadline) {
        int n = poll_until(c, recs, 13 - seen, &total);
        for (int i = 0; i < n; i++)
            if (first[recs[i].partition] < 0) first[recs[i].partition] = recs[i].offset;
        seen += n;
    }
    ck_assert_int_eq(seen, 3 + 10);
    ck_assert_int_eq(first[0], 7);
    ck_assert_int_eq(first[1], 0);
    sl_log_consumer_close(c);
}
END_TEST

typedef struct member {
    sl_log_consumer *c;
    assign_log al;
    int records;
    volatile bool stop;
} member;

static void *member_main(void *arg)
{
    member *m = arg;
    sl_log_record recs[64];
    while (!m->stop) {
        int n = 0;
        sl_error *err = sl_log_consumer_poll(m->c, recs, 64, 100, &n);
        if (err) {
            fprintf(stderr, "member poll: %s\n", err->msg);
            sl_error_free(err);
        }
        m->records += n;
    }
    return NULL;
}

static int assigned_now(member *m)
{
    pthread_mutex_lock(&m->al.mu);
    int a = m->al.assigned - m->al.revoked;
    pthread_mutex_unlock(&m->al.mu);
    return a;
}

START_TEST(test_log_kafka_group_rebalance_splits_partitions)
{
    create("shared", 4);
    member a = {.al = {PTHREAD_MUTEX_INITIALIZER, 0, 0, -100}};
    member b = {.al = {PTHREAD_MUTEX_INITIALIZER, 0, 0, -100}};
    sl_log_assign_cb cba = {on_assigned, on_revoked, &a.al}, cbb = {on_assigned, on_revoked, &b.al};
    const char *topics[] = {"shared"};
    CK_OK(sl_log_consumer_open(log_, "grp", topics, 1, &cba, &a.c));
    pthread_t ta, tb;
    pthread_create(&ta, NULL, member_main, &a);
    long long deadline = test_mono_ms() + 20000;
    while (assigned_now(&a) != 4 && test_mono_ms() < deadline)
        usleep(50000);
    ck_assert_int_eq(assigned_now(&a), 4);

    CK_OK(sl_log_consumer_open(log_, "grp", topics, 1, &cbb, &b.c));
    pthread_create(&tb, NULL, member_main, &b);
    deadline = test_mono_ms() + 30000;
    while ((assigned_now(&a) != 2 || assigned_now(&b) != 2) && test_mono_ms() < deadline)
        usleep(50000);
    int na = assigned_now(&a), nb = assigned_now(&b);
    a.stop = b.stop = true;
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    ck_assert_int_eq(na, 2);
    ck_assert_int_eq(nb, 2);
    ck_assert_int_ge(a.al.revoked, 4); /* eager: the first member gave everything back */
    sl_log_consumer_close(a.c);
    sl_log_consumer_close(b.c);
}
END_TEST

static Suite *log_kafka_suite(void)
{
    Suite *s = suite_create("log_kafka");
    TCase *tc = tcase_create("mock");
    tcase_set_timeout(tc, 90);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_log_kafka_topics_through_the_mock);
    tcase_add_test(tc, test_log_kafka_admin_api_failures_are_clear_errors);
    tcase_add_test(tc, test_log_kafka_produce_then_consume_in_a_group);
    tcase_add_test(tc, test_log_kafka_read_partition_without_a_group);
    tcase_add_test(tc, test_log_kafka_txn_acknowledged_then_offsets_committed);
    tcase_add_test(tc, test_log_kafka_undelivered_records_fail_the_commit);
    tcase_add_test(tc, test_log_kafka_fatal_error_rebuilds_the_producer);
    tcase_add_test(tc, test_log_kafka_consumer_starts_at_engine_offsets);
    tcase_add_test(tc, test_log_kafka_group_rebalance_splits_partitions);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    SRunner *sr = srunner_create(log_kafka_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
