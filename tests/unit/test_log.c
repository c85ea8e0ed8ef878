/*
 * test_log.c - unit tests of exec/log.h: Kafka's murmur2 partitioner and the
 * embedded log (topics, produce/consume, transactions, offsets, concurrent
 * writers, blocking consumers, retention, compaction, recovery).
 */
#include "exec/db.h"
#include "exec/log.h"
#include "exec/log_emb.h"
#include "test_log_util.h"

#include <check.h>
#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

static char *dir;
static sl_db *db;
static sl_log *log_;
static sl_arena *keep_ar; /* copies of consumed records, freed at teardown */

static void open_log(void)
{
    sl_log_embedded_conf conf = {.maintain_interval_ms = 0, .compact_min_dirty = 10};
    CK_OK(sl_db_open(dir, NULL, &db));
    CK_OK(sl_log_open_embedded_conf(db, &conf, &log_));
}

static void close_log(void)
{
    sl_log_close(log_);
    sl_db_close(db);
}

static void setup(void)
{
    dir = test_tmpdir();
    keep_ar = sl_arena_new(0);
    open_log();
}

static void teardown(void)
{
    close_log();
    sl_arena_free(keep_ar);
    test_rmdir(dir);
}

/* Copies a polled record's payloads so it outlives the next poll. */
static void keep(sl_log_record *r)
{
    if (r->key) r->key = sl_arena_memdup(keep_ar, r->key, r->klen);
    if (r->val) r->val = sl_arena_memdup(keep_ar, r->val, r->vlen);
    sl_header *hs = SL_ARENA_ARRAY(keep_ar, sl_header, r->headers.n);
    for (uint32_t i = 0; i < r->headers.n; i++) {
        hs[i] = r->headers.h[i];
        hs[i].key = sl_arena_strdup(keep_ar, hs[i].key);
        if (hs[i].val) hs[i].val = sl_arena_memdup(keep_ar, hs[i].val, hs[i].len);
    }
    r->headers.h = hs;
}

static void create(const char *name, int partitions, int64_t retention_ms, bool compacted)
{
    sl_topic_info ti = {
        .partitions = partitions, .retention_ms = retention_ms, .compacted = compacted};
    snprintf(ti.name, sizeof ti.name, "%s", name);
    CK_OK(sl_log_topic_create(log_, &ti));
}

static void produce(const char *topic, const char *key, const char *val, int64_t ts)
{
    sl_log_record r = test_rec(key, val, ts);
    CK_OK(sl_log_produce(log_, topic, &r));
}

/* Opens a consumer of one topic from its earliest offsets and polls until it
 * has want records or a poll comes back empty; returns how many it got. */
static int consume_all(const char *topic, sl_log_record *recs, int want, sl_log_consumer **out)
{
    const char *topics[] = {topic};
    CK_OK(sl_log_consumer_open(log_, "g", topics, 1, NULL, out));
    int got = 0, n;
    do {
        CK_OK(sl_log_consumer_poll(*out, recs + got, want - got, 100, &n));
        for (int i = 0; i < n; i++)
            keep(&recs[got + i]);
        got += n;
    } while (n > 0 && got < want);
    return got;
}

/* --- murmur2 ---------------------------------------------------------------------------- */

START_TEST(test_log_murmur2_matches_java_vectors)
{
    /* org.apache.kafka.common.utils.UtilsTest#testMurmur2 */
    static const struct {
        const char *key;
        int32_t hash;
    } v[] = {
        {"21", -973932308},
        {"foobar", -790332482},
        {"a-little-bit-long-string", -985981536},
        {"a-little-bit-longer-string", -1486304829},
        {"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971},
        {"abc", 479470107},
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        ck_assert_int_eq(sl_log_murmur2((const uint8_t *)v[i].key, (uint32_t)strlen(v[i].key)),
                         v[i].hash);
    /* partition = toPositive(hash) % n, so a negative hash still maps in range */
    ck_assert_int_eq(sl_log_partition_for_key((const uint8_t *)"21", 2, 6),
                     (int)((uint32_t)-973932308 & 0x7fffffff) % 6);
}
END_TEST

START_TEST(test_log_partitioner_agrees_with_librdkafka)
{
    /* librdkafka's murmur2 partitioner is the one Kafka clients in C use */
    uint8_t key[64];
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 5000; i++) {
        uint32_t len = (uint32_t)(i % 64);
        for (uint32_t j = 0; j < len; j++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            key[j] = (uint8_t)x;
        }
        int32_t n = 1 + i % 17;
        ck_assert_int_eq(sl_log_partition_for_key(key, len, n),
                         rd_kafka_msg_partitioner_murmur2(NULL, key, len, n, NULL, NULL));
    }
}
END_TEST

/* --- topics ----------------------------------------------------------------------------- */

START_TEST(test_log_topic_create_describe_list_delete)
{
    create("orders", 3, 0, false);
    create("changes", 1, 3600000, true);
    sl_topic_info ti;
    CK_OK(sl_log_topic_describe(log_, "orders", &ti));
    ck_assert_str_eq(ti.name, "orders");
    ck_assert_int_eq(ti.partitions, 3);
    ck_assert_int_eq(ti.replicas, 1);
    ck_assert_int_eq(ti.retention_ms, -1);
    ck_assert(!ti.compacted);
    CK_OK(sl_log_topic_describe(log_, "changes", &ti));
    ck_assert_int_eq(ti.retention_ms, 3600000);
    ck_assert(ti.compacted);

    sl_topic_info *all;
    int n;
    CK_OK(sl_log_topic_list(log_, &all, &n));
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(all[0].name, "changes");
    ck_assert_str_eq(all[1].name, "orders");
    free(all);

    sl_topic_info dup = {.name = "orders", .partitions = 1};
    CK_FAILS(sl_log_topic_create(log_, &dup), SL_E_STATEMENT, "topic 'orders' already exists");
    CK_FAILS(sl_log_topic_describe(log_, "nope", &ti), SL_E_NOT_FOUND,
             "topic 'nope' does not exist");
    CK_FAILS(sl_log_topic_delete(log_, "nope"), SL_E_NOT_FOUND, "nope");

    produce("orders", "k", "v", 1);
    CK_OK(sl_log_topic_delete(log_, "orders"));
    CK_FAILS(sl_log_topic_describe(log_, "orders", &ti), SL_E_NOT_FOUND, "orders");
    sl_log_record r = test_rec("k", "v", 1);
    CK_FAILS(sl_log_produce(log_, "orders", &r), SL_E_NOT_FOUND, "does not exist");

    /* re-created: empty, offsets from 0 */
    create("orders", 2, 0, false);
    int64_t ends[2];
    CK_OK(sl_log_end_offsets(log_, "orders", ends, 2));
    ck_assert(ends[0] == 0 && ends[1] == 0);

    close_log(); /* everything survives a restart */
    open_log();
    CK_OK(sl_log_topic_list(log_, &all, &n));
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(all[1].partitions, 2);
    free(all);
}
END_TEST

START_TEST(test_log_topic_bad_names_and_partitions)
{
    sl_topic_info ti = {.partitions = 1};
    const char *bad[] = {"", ".", "..", "has space", "slash/name", "quote'"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(ti.name, sizeof ti.name, "%s", bad[i]);
        sl_error *err = sl_log_topic_create(log_, &ti);
        ck_assert_msg(err && err->code == SL_E_STATEMENT, "name '%s' accepted", bad[i]);
        sl_error_free(err);
    }
    memset(ti.name, 'a', 250);
    ti.name[250] = 0;
    CK_FAILS(sl_log_topic_create(log_, &ti), SL_E_STATEMENT, "too long");
    snprintf(ti.name, sizeof ti.name, "ok_name-1.x");
    ti.partitions = 0;
    CK_FAILS(sl_log_topic_create(log_, &ti), SL_E_STATEMENT, "invalid number of partitions 0");
    ti.partitions = 1;
    CK_OK(sl_log_topic_create(log_, &ti));
}
END_TEST

/* --- produce and consume ---------------------------------------------------------------- */

START_TEST(test_log_produce_consume_all_fields)
{
    create("t", 1, 0, false);
    static const uint8_t bin[] = {0, 1, 0xff};
    sl_header hs[] = {{"h1", (const uint8_t *)"abc", 3}, {"h1", NULL, 0}, {"e", bin, 0}};
    sl_log_record r = test_rec("k1", "v1", 1700000000123);
    r.headers = (sl_headers){hs, 3};
    CK_OK(sl_log_produce(log_, "t", &r));
    ck_assert_int_eq(r.offset, 0);
    ck_assert_int_eq(r.partition, 0);
    produce("t", NULL, "null key", -5);
    produce("t", "tomb", NULL, 7);
    r = test_rec("", "", 8); /* empty, not null */
    r.key = bin, r.val = bin;
    CK_OK(sl_log_produce(log_, "t", &r));
    sl_log_record big = test_rec("big", NULL, 9);
    uint8_t *payload = malloc(1 << 20);
    memset(payload, 'z', 1 << 20);
    big.val = payload;
    big.vlen = 1 << 20;
    CK_OK(sl_log_produce(log_, "t", &big));
    ck_assert_int_eq(big.offset, 4);

    sl_log_record got[8];
    sl_log_consumer *c;
    ck_assert_int_eq(consume_all("t", got, 8, &c), 5);
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(got[i].offset, i);
        ck_assert_int_eq(got[i].partition, 0);
        ck_assert_int_eq(got[i].topic, 0);
    }
    ck_assert(test_payload_is(got[0].key, got[0].klen, "k1"));
    ck_assert(test_payload_is(got[0].val, got[0].vlen, "v1"));
    ck_assert_int_eq(got[0].ts, 1700000000123);
    ck_assert_int_eq(got[0].headers.n, 3);
    ck_assert_str_eq(got[0].headers.h[0].key, "h1");
    ck_assert(test_payload_is(got[0].headers.h[0].val, got[0].headers.h[0].len, "abc"));
    ck_assert_str_eq(got[0].headers.h[1].key, "h1");
    ck_assert_ptr_null(got[0].headers.h[1].val);
    ck_assert_ptr_nonnull(got[0].headers.h[2].val);
    ck_assert_int_eq(got[0].headers.h[2].len, 0);
    ck_assert_ptr_null(got[1].key);
    ck_assert(test_payload_is(got[1].val, got[1].vlen, "null key"));
    ck_assert_int_eq(got[1].ts, -5);
    ck_assert_int_eq(got[1].headers.n, 0);
    ck_assert_ptr_null(got[2].val);
    ck_assert(got[3].key && got[3].klen == 0 && got[3].val && got[3].vlen == 0);
    ck_assert_uint_eq(got[4].vlen, 1 << 20);
    ck_assert(memcmp(got[4].val, payload, 1 << 20) == 0);
    sl_log_consumer_close(c);
    free(payload);
}
END_TEST

START_TEST(test_log_keys_go_to_murmur2_partitions)
{
    create("p", 4, 0, false);
    char key[16];
    int per[4] = {0};
    for (int i = 0; i < 200; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        sl_log_record r = test_rec(key, "v", i);
        CK_OK(sl_log_produce(log_, "p", &r));
        ck_assert_int_eq(r.partition,
                         sl_log_partition_for_key((const uint8_t *)key, (uint32_t)strlen(key), 4));
        ck_assert_int_eq(r.offset, per[r.partition]++);
    }
    /* null keys: round-robin, so every partition gets one of 4 in a row */
    int seen[4] = {0};
    for (int i = 0; i < 4; i++) {
        sl_log_record r = test_rec(NULL, "v", i);
        CK_OK(sl_log_produce(log_, "p", &r));
        seen[r.partition]++;
    }
    for (int p = 0; p < 4; p++)
        ck_assert_int_eq(seen[p], 1);
    /* an explicit partition wins; a wrong one is refused */
    sl_log_record r = test_rec("key-1", "v", 0);
    r.partition = 3;
    CK_OK(sl_log_produce(log_, "p", &r));
    ck_assert_int_eq(r.partition, 3);
    r.partition = 4;
    CK_FAILS(sl_log_produce(log_, "p", &r), SL_E_STATEMENT, "partition 4 out of range");

    int64_t ends[4], starts[4];
    CK_OK(sl_log_end_offsets(log_, "p", ends, 4));
    CK_OK(sl_log_start_offsets(log_, "p", starts, 4));
    for (int p = 0; p < 4; p++) {
        ck_assert_int_eq(ends[p], per[p] + 1 + (p == 3));
        ck_assert_int_eq(starts[p], 0);
    }
    CK_FAILS(sl_log_end_offsets(log_, "p", ends, 5), SL_E_STATEMENT, "has 4 partitions");
}
END_TEST

/* --- transactions ----------------------------------------------------------------------- */

START_TEST(test_log_txn_commits_records_offsets_and_state_atomically)
{
    create("in", 1, 0, false);
    create("out_a", 2, 0, false);
    create("out_b", 1, 0, false);
    sl_db_cf *store;
    CK_OK(sl_db_cf_get(db, "s/store", true, &store));

    int64_t off;
    CK_OK(sl_log_committed_offset(log_, "q1", "in", 0, &off));
    ck_assert_int_eq(off, SL_LOG_EARLIEST);

    sl_log_txn *txn = sl_log_txn_begin(log_);
    for (int i = 0; i < 10; i++) {
        sl_log_record r = test_rec(i % 2 ? "x" : "y", "a", i);
        CK_OK(sl_log_txn_produce(txn, i < 5 ? "out_a" : "out_b", &r));
    }
    sl_log_txn_offset(txn, "q1", "in", 0, 42);
    sl_db_batch_put(sl_log_txn_batch(txn), store, "sk", 2, "sv", 2);
    int64_t ends[2];
    CK_OK(sl_log_end_offsets(log_, "out_a", ends, 2)); /* nothing visible before commit */
    ck_assert(ends[0] + ends[1] == 0);
    CK_OK(sl_log_txn_commit(txn));

    CK_OK(sl_log_end_offsets(log_, "out_a", ends, 2));
    ck_assert_int_eq(ends[0] + ends[1], 5);
    CK_OK(sl_log_end_offsets(log_, "out_b", ends, 1));
    ck_assert_int_eq(ends[0], 5);
    CK_OK(sl_log_committed_offset(log_, "q1", "in", 0, &off));
    ck_assert_int_eq(off, 42);
    sl_buf v = SL_BUF_INIT;
    bool found;
    CK_OK(sl_db_get(db, store, NULL, "sk", 2, &v, &found));
    ck_assert(found && strcmp(v.p, "sv") == 0);
    sl_buf_free(&v);

    /* an aborted txn leaves nothing */
    txn = sl_log_txn_begin(log_);
    sl_log_record r = test_rec("k", "v", 1);
    CK_OK(sl_log_txn_produce(txn, "out_b", &r));
    sl_log_txn_offset(txn, "q1", "in", 0, 99);
    CK_FAILS(sl_log_txn_produce(txn, "missing", &r), SL_E_NOT_FOUND, "'missing' does not exist");
    sl_log_txn_abort(txn);
    /* nor does a txn whose produce failed commit the rest */
    txn = sl_log_txn_begin(log_);
    CK_OK(sl_log_txn_produce(txn, "out_b", &r));
    CK_FAILS(sl_log_txn_produce(txn, "missing", &r), SL_E_NOT_FOUND, "missing");
    sl_log_txn_offset(txn, "q1", "in", 0, 99);
    CK_FAILS(sl_log_txn_commit(txn), SL_E_INTERNAL, "failed produce cannot commit");
    CK_OK(sl_log_end_offsets(log_, "out_b", ends, 1));
    ck_assert_int_eq(ends[0], 5);
    CK_OK(sl_log_committed_offset(log_, "q1", "in", 0, &off));
    ck_assert_int_eq(off, 42);

    /* a txn whose topic is deleted before commit fails whole */
    txn = sl_log_txn_begin(log_);
    CK_OK(sl_log_txn_produce(txn, "out_b", &r));
    CK_OK(sl_log_txn_produce(txn, "out_a", &r));
    sl_log_txn_offset(txn, "q1", "in", 0, 100);
    CK_OK(sl_log_topic_delete(log_, "out_b"));
    CK_FAILS(sl_log_txn_commit(txn), SL_E_NOT_FOUND, "topic 'out_b' was deleted");
    CK_OK(sl_log_end_offsets(log_, "out_a", ends, 2));
    ck_assert_int_eq(ends[0] + ends[1], 5);
    CK_OK(sl_log_committed_offset(log_, "q1", "in", 0, &off));
    ck_assert_int_eq(off, 42);
    sl_log_txn_abort(NULL);

    /* committed offsets die with their topic */
    CK_OK(sl_log_topic_delete(log_, "in"));
    CK_OK(sl_log_committed_offset(log_, "q1", "in", 0, &off));
    ck_assert_int_eq(off, SL_LOG_EARLIEST);
}
END_TEST

enum { WRITERS = 4, TXNS = 50, PER_TXN = 20 };

static void *writer_main(void *arg)
{
    int id = (int)(intptr_t)arg;
    for (int t = 0; t < TXNS; t++) {
        sl_log_txn *txn = sl_log_txn_begin(log_);
        for (int i = 0; i < PER_TXN; i++) {
            char val[32];
            snprintf(val, sizeof val, "%d:%d", id, t * PER_TXN + i);
            sl_log_record r = test_rec(NULL, val, 0);
            r.partition = i % 2;
            if (sl_log_txn_produce(txn, i % 3 ? "dense" : "dense2", &r)) abort();
        }
        if (sl_log_txn_commit(txn)) abort();
    }
    return NULL;
}

/* Every writer's records, in each partition, appear in the order written. */
static void check_dense(const char *topic, int partitions, int total)
{
    sl_log_record *got = calloc((size_t)total + 1, sizeof *got);
    sl_log_consumer *c;
    ck_assert_int_eq(consume_all(topic, got, total + 1, &c), total);
    int64_t next_off[2] = {0, 0};
    int last[2][WRITERS];
    memset(last, -1, sizeof last);
    for (int i = 0; i < total; i++) {
        int p = got[i].partition, id, seq;
        ck_assert(p >= 0 && p < partitions);
        ck_assert_int_eq(got[i].offset, next_off[p]++);
        char buf[32];
        snprintf(buf, sizeof buf, "%.*s", (int)got[i].vlen, (const char *)got[i].val);
        ck_assert_int_eq(sscanf(buf, "%d:%d", &id, &seq), 2);
        ck_assert_int_gt(seq, last[p][id]);
        last[p][id] = seq;
    }
    sl_log_consumer_close(c);
    free(got);
}

START_TEST(test_log_concurrent_writers_get_dense_ordered_offsets)
{
    create("dense", 2, 0, false);
    create("dense2", 2, 0, false);
    pthread_t th[WRITERS];
    for (int i = 0; i < WRITERS; i++)
        pthread_create(&th[i], NULL, writer_main, (void *)(intptr_t)i);
    for (int i = 0; i < WRITERS; i++)
        pthread_join(th[i], NULL);
    int per_txn_dense = 0;
    for (int i = 0; i < PER_TXN; i++)
        per_txn_dense += i % 3 != 0;
    check_dense("dense", 2, WRITERS * TXNS * per_txn_dense);
    check_dense("dense2", 2, WRITERS * TXNS * (PER_TXN - per_txn_dense));
}
END_TEST

/* --- consumers -------------------------------------------------------------------------- */

typedef struct assign_log {
    int assigned, revoked;
    int64_t start; /* what the callback answers */
} assign_log;

static void on_assigned(void *ctx, uint32_t topic, int32_t partition, int64_t *start)
{
    assign_log *al = ctx;
    (void)topic, (void)partition;
    al->assigned++;
    if (al->start != -100) *start = al->start;
}

static void on_revoked(void *ctx, uint32_t topic, int32_t partition)
{
    (void)topic, (void)partition;
    ((assign_log *)ctx)->revoked++;
}

START_TEST(test_log_consumer_assign_callback_seek_and_committed_start)
{
    create("s", 2, 0, false);
    for (int i = 0; i < 10; i++) {
        sl_log_record r = test_rec(NULL, "v", i);
        r.partition = i % 2;
        CK_OK(sl_log_produce(log_, "s", &r));
    }
    /* the default start is the group's committed offset */
    sl_log_txn *txn = sl_log_txn_begin(log_);
    sl_log_txn_offset(txn, "grp", "s", 0, 3);
    CK_OK(sl_log_txn_commit(txn));
    assign_log al = {.start = -100};
    sl_log_assign_cb cb = {on_assigned, on_revoked, &al};
    const char *topics[] = {"s"};
    sl_log_consumer *c;
    CK_OK(sl_log_consumer_open(log_, "grp", topics, 1, &cb, &c));
    CK_FAILS(sl_log_consumer_seek(c, 0, 0, 0), SL_E_INTERNAL, "not assigned");
    sl_log_record got[20];
    int n;
    CK_OK(sl_log_consumer_poll(c, got, 20, 0, &n));
    ck_assert_int_eq(al.assigned, 2);
    ck_assert_int_eq(n, 2 + 5); /* partition 0 from 3, partition 1 from 0 */
    /* records of one partition come in offset order */
    int64_t last[2] = {-1, -1};
    for (int i = 0; i < n; i++) {
        ck_assert_int_gt(got[i].offset, last[got[i].partition]);
        last[got[i].partition] = got[i].offset;
    }
    ck_assert_int_eq(last[0], 4);

    CK_OK(sl_log_consumer_seek(c, 0, 1, 2));
    CK_OK(sl_log_consumer_poll(c, got, 20, 0, &n));
    ck_assert_int_eq(n, 3);
    ck_assert_int_eq(got[0].offset, 2);
    CK_OK(sl_log_consumer_seek(c, 0, 1, SL_LOG_EARLIEST));
    CK_OK(sl_log_consumer_poll(c, got, 2, 0, &n)); /* max is respected */
    ck_assert_int_eq(n, 2);
    CK_OK(sl_log_consumer_mark(c, 0, 1, 2));
    CK_FAILS(sl_log_consumer_seek(c, 1, 0, 0), SL_E_INTERNAL, "out of range");
    sl_log_consumer_close(c);

    /* a callback answering LATEST sees only new records */
    al = (assign_log){.start = SL_LOG_LATEST};
    CK_OK(sl_log_consumer_open(log_, "other", topics, 1, &cb, &c));
    CK_OK(sl_log_consumer_poll(c, got, 20, 0, &n));
    ck_assert_int_eq(n, 0);
    produce("s", NULL, "new", 1);
    CK_OK(sl_log_consumer_poll(c, got, 20, 0, &n));
    ck_assert_int_eq(n, 1);
    ck_assert(test_payload_is(got[0].val, got[0].vlen, "new"));

    /* deleting the topic revokes its partitions */
    CK_OK(sl_log_topic_delete(log_, "s"));
    CK_OK(sl_log_consumer_poll(c, got, 20, 0, &n));
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(al.revoked, 2);
    sl_log_consumer_close(c);

    CK_FAILS(sl_log_consumer_open(log_, "g", topics, 1, NULL, &c), SL_E_NOT_FOUND,
             "topic 's' does not exist");
}
END_TEST

static void *late_producer(void *arg)
{
    (void)arg;
    struct timespec ts = {0, 200 * 1000000L};
    nanosleep(&ts, NULL);
    produce("wake", "k", "late", 1);
    return NULL;
}

START_TEST(test_log_consumer_blocks_then_wakes_on_commit)
{
    create("wake", 1, 0, false);
    create("quiet", 1, 0, false);
    const char *topics[] = {"quiet", "wake"};
    sl_log_consumer *c;
    CK_OK(sl_log_consumer_open(log_, "g", topics, 2, NULL, &c));
    sl_log_record got[4];
    int n;
    long long t0 = test_mono_ms();
    CK_OK(sl_log_consumer_poll(c, got, 4, 150, &n)); /* nothing: waits the timeout */
    long long waited = test_mono_ms() - t0;
    ck_assert_int_eq(n, 0);
    ck_assert_int_ge(waited, 140);
    ck_assert_int_lt(waited, 1000);

    pthread_t th;
    pthread_create(&th, NULL, late_producer, NULL);
    t0 = test_mono_ms();
    CK_OK(sl_log_consumer_poll(c, got, 4, 10000, &n));
    waited = test_mono_ms() - t0;
    pthread_join(th, NULL);
    ck_assert_int_eq(n, 1);
    ck_assert_int_eq(got[0].topic, 1);
    ck_assert(test_payload_is(got[0].val, got[0].vlen, "late"));
    ck_assert_int_ge(waited, 150);
    ck_assert_int_lt(waited, 2000); /* woken by the commit, not the timeout */
    sl_log_consumer_close(c);
}
END_TEST

/* --- retention, compaction, recovery ---------------------------------------------------- */

START_TEST(test_log_retention_deletes_old_prefix)
{
    create("ret", 2, 1000, false);
    create("forever", 1, 0, false);
    int64_t now = 1000000;
    for (int i = 0; i < 10; i++) { /* partition 0: 5 old then 5 new; partition 1: all old */
        sl_log_record r = test_rec(NULL, "v", i < 5 ? now - 5000 : now - 10);
        r.partition = 0;
        CK_OK(sl_log_produce(log_, "ret", &r));
        r.ts = now - 5000;
        r.partition = 1;
        CK_OK(sl_log_produce(log_, "ret", &r));
        produce("forever", NULL, "v", 0);
    }
    /* an old record behind a young one stays, as in Kafka's segments */
    sl_log_record r = test_rec(NULL, "v", 0);
    r.partition = 0;
    CK_OK(sl_log_produce(log_, "ret", &r));
    CK_OK(sl_log_maintain(log_, now));
    int64_t s[2], e[2];
    CK_OK(sl_log_start_offsets(log_, "ret", s, 2));
    CK_OK(sl_log_end_offsets(log_, "ret", e, 2));
    ck_assert(s[0] == 5 && e[0] == 11 && s[1] == 10 && e[1] == 10);
    CK_OK(sl_log_start_offsets(log_, "forever", s, 1));
    ck_assert_int_eq(s[0], 0);

    sl_log_record got[20];
    sl_log_consumer *c;
    ck_assert_int_eq(consume_all("ret", got, 20, &c), 6);
    ck_assert_int_eq(got[0].offset, 5);
    sl_log_consumer_close(c);

    close_log(); /* starts survive a restart; an emptied partition keeps its end */
    open_log();
    CK_OK(sl_log_start_offsets(log_, "ret", s, 2));
    CK_OK(sl_log_end_offsets(log_, "ret", e, 2));
    ck_assert(s[0] == 5 && e[0] == 11 && s[1] == 10 && e[1] == 10);
    r.partition = 1;
    CK_OK(sl_log_produce(log_, "ret", &r));
    ck_assert_int_eq(r.offset, 10);
}
END_TEST

START_TEST(test_log_compaction_keeps_latest_per_key)
{
    create("cl", 1, 0, true);
    char key[8], val[16];
    for (int v = 0; v < 20; v++) {
        for (int k = 0; k < 5; k++) {
            snprintf(key, sizeof key, "k%d", k);
            snprintf(val, sizeof val, "%d", v);
            produce("cl", key, val, v);
        }
    }
    produce("cl", "k4", NULL, 99); /* a tombstone is the latest of k4 */
    sl_log_record r = test_rec(NULL, "v", 0);
    CK_FAILS(sl_log_produce(log_, "cl", &r), SL_E_STATEMENT, "null key");
    CK_OK(sl_log_maintain(log_, 0));

    sl_log_record got[200];
    sl_log_consumer *c;
    ck_assert_int_eq(consume_all("cl", got, 200, &c), 5);
    for (int k = 0; k < 4; k++) {
        snprintf(key, sizeof key, "k%d", k);
        ck_assert(test_payload_is(got[k].key, got[k].klen, key));
        ck_assert(test_payload_is(got[k].val, got[k].vlen, "19"));
        ck_assert_int_eq(got[k].offset, 95 + k); /* offsets are kept */
    }
    ck_assert(test_payload_is(got[4].key, got[4].klen, "k4"));
    ck_assert_ptr_null(got[4].val);
    ck_assert_int_eq(got[4].offset, 100);
    sl_log_consumer_close(c);

    int64_t e[1];
    CK_OK(sl_log_end_offsets(log_, "cl", e, 1));
    ck_assert_int_eq(e[0], 101);
    produce("cl", "k0", "new", 100);
    ck_assert_int_eq(consume_all("cl", got, 200, &c), 6);
    sl_log_consumer_close(c);
    CK_OK(sl_log_maintain(log_, 0)); /* 1 new record is under the threshold: no change */
    ck_assert_int_eq(consume_all("cl", got, 200, &c), 6);
    sl_log_consumer_close(c);
}
END_TEST

START_TEST(test_log_reopen_recovers_end_offsets)
{
    create("r", 3, 0, false);
    for (int i = 0; i < 30; i++) {
        sl_log_record r = test_rec(NULL, "v", i);
        r.partition = i % 3;
        CK_OK(sl_log_produce(log_, "r", &r));
    }
    close_log();
    open_log();
    int64_t e[3];
    CK_OK(sl_log_end_offsets(log_, "r", e, 3));
    ck_assert(e[0] == 10 && e[1] == 10 && e[2] == 10);
    sl_log_record r = test_rec(NULL, "v", 0);
    r.partition = 2;
    CK_OK(sl_log_produce(log_, "r", &r));
    ck_assert_int_eq(r.offset, 10);
}
END_TEST

START_TEST(test_log_record_codec_rejects_corrupt_bytes)
{
    sl_header hs[] = {{"name", (const uint8_t *)"value", 5}, {"n", NULL, 0}};
    sl_log_record r = test_rec("key", "value", -123456789);
    r.headers = (sl_headers){hs, 2};
    size_t n = sl_log_rec_size(&r);
    uint8_t *buf = malloc(n);
    ck_assert_ptr_eq(sl_log_rec_encode(&r, buf), buf + n);
    sl_arena *ar = sl_arena_new(0);
    sl_log_record d;
    ck_assert(sl_log_rec_decode(buf, n, &d, ar));
    ck_assert_int_eq(d.ts, -123456789);
    ck_assert_int_eq(d.headers.n, 2);
    for (size_t cut = 0; cut < n; cut++) { /* every truncation is caught */
        uint8_t *part = malloc(cut ? cut : 1);
        memcpy(part, buf, cut);
        ck_assert_msg(!sl_log_rec_decode(part, cut, &d, ar), "truncated at %zu accepted", cut);
        free(part);
    }
    buf[0] = 0x80; /* unknown flag */
    ck_assert(!sl_log_rec_decode(buf, n, &d, ar));
    free(buf);
    sl_arena_free(ar);
}
END_TEST

static Suite *log_suite(void)
{
    Suite *s = suite_create("log");
    TCase *tc = tcase_create("murmur2");
    tcase_add_test(tc, test_log_murmur2_matches_java_vectors);
    tcase_add_test(tc, test_log_partitioner_agrees_with_librdkafka);
    tcase_add_test(tc, test_log_record_codec_rejects_corrupt_bytes);
    suite_add_tcase(s, tc);
    tc = tcase_create("embedded");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_log_topic_create_describe_list_delete);
    tcase_add_test(tc, test_log_topic_bad_names_and_partitions);
    tcase_add_test(tc, test_log_produce_consume_all_fields);
    tcase_add_test(tc, test_log_keys_go_to_murmur2_partitions);
    tcase_add_test(tc, test_log_txn_commits_records_offsets_and_state_atomically);
    tcase_add_test(tc, test_log_concurrent_writers_get_dense_ordered_offsets);
    tcase_add_test(tc, test_log_consumer_assign_callback_seek_and_committed_start);
    tcase_add_test(tc, test_log_consumer_blocks_then_wakes_on_commit);
    tcase_add_test(tc, test_log_retention_deletes_old_prefix);
    tcase_add_test(tc, test_log_compaction_keeps_latest_per_key);
    tcase_add_test(tc, test_log_reopen_recovers_end_offsets);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(log_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
