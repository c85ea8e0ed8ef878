/*
 * log_bench.c - throughput of the topic logs.
 *
 *   log_bench [-n EMBEDDED_RECORDS] [-k KAFKA_RECORDS] [-p PARTITIONS] [-X key=value]...
 *
 * Measures, in records per second, with 150-byte values and 12-byte keys:
 *   embedded produce   transactions of 1000 records (one RocksDB write each)
 *   embedded produce   the same with sync on (fsync per commit), fewer records
 *   embedded consume   one consumer reading everything back, polls of 1000
 *   kafka produce      transactions of 1000 through sl_log (each commit waits
 *                      for every acknowledgement) to a mock cluster in this
 *                      process
 *   kafka consume      a group consumer reading them back (timed from the
 *                      first record, so the group join is not counted)
 * The mock keeps ~5 MiB per partition: KAFKA_RECORDS / PARTITIONS * ~170 B
 * must stay under that, or old records vanish and the consume stalls.
 *
 * The producer runs with max.in.flight=1 by default here: librdkafka 2.0.2's
 * mock broker answers the second of two requests pipelined on a connection
 * only ~45 ms later, which would make every commit wait for it (measured:
 * 21K records/s with 5 in flight, 130K/s with 1, 16 partitions). A real
 * broker has no such delay. -X producer.max.in.flight=5 shows the effect.
 */
#include "exec/db.h"
#include "exec/log.h"
#include "mock_kafka.h"

#include <ftw.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { TXN = 1000, VLEN = 150, MAXPROPS = 32 };

/* Kafka log properties: the default above, then -X key=value pairs */
static const char *props[MAXPROPS + 5] = {"producer.max.in.flight", "1"};
static int nprops = 2;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(sl_error *err, const char *what)
{
    if (!err) return;
    fprintf(stderr, "log_bench: %s: %s\n", what, err->msg);
    exit(1);
}

static void report(const char *what, long n, double secs)
{
    printf("%-34s %9ld records %7.2f s %10.0f records/s\n", what, n, secs, (double)n / secs);
    fflush(stdout);
}

/* Produces n records in transactions of TXN; returns the seconds it took. */
static double produce(sl_log *log, const char *topic, long n)
{
    uint8_t val[VLEN];
    char key[16];
    memset(val, 'v', sizeof val);
    double t0 = now_s();
    for (long i = 0; i < n;) {
        sl_log_txn *txn = sl_log_txn_begin(log);
        for (int j = 0; j < TXN && i < n; j++, i++) {
            snprintf(key, sizeof key, "key-%08ld", i % 100000);
            sl_log_record r = {.key = (const uint8_t *)key,
                               .klen = 12,
                               .val = val,
                               .vlen = VLEN,
                               .ts = i,
                               .partition = SL_LOG_ANY_PARTITION};
            check(sl_log_txn_produce(txn, topic, &r), "produce");
        }
        sl_log_txn_offset(txn, "bench", "source", 0, i);
        check(sl_log_txn_commit(txn), "commit");
    }
    return now_s() - t0;
}

/* Reads n records; returns the seconds from the first record to the last. */
static double consume(sl_log *log, const char *topic, long n)
{
    static sl_log_record recs[TXN];
    sl_log_consumer *c;
    const char *topics[] = {topic};
    check(sl_log_consumer_open(log, "bench_reader", topics, 1, NULL, &c), "consumer");
    long got = 0;
    double t0 = 0, deadline = now_s() + 120;
    while (got < n && now_s() < deadline) {
        int k;
        check(sl_log_consumer_poll(c, recs, TXN, 1000, &k), "poll");
        if (k && !got) t0 = now_s();
        got += k;
    }
    double secs = now_s() - t0;
    sl_log_consumer_close(c);
    if (got < n) {
        fprintf(stderr, "log_bench: read %ld of %ld records from %s\n", got, n, topic);
        exit(1);
    }
    return secs;
}

static void create(sl_log *log, const char *name, int partitions)
{
    sl_topic_info ti = {.partitions = partitions};
    snprintf(ti.name, sizeof ti.name, "%s", name);
    check(sl_log_topic_create(log, &ti), "create topic");
}

static void bench_embedded(const char *dir, long n, int partitions)
{
    sl_db *db;
    sl_log *log;
    check(sl_db_open(dir, NULL, &db), "open db");
    check(sl_log_open_embedded(db, &log), "open log");
    create(log, "emb", partitions);
    report("embedded produce (txn of 1000)", n, produce(log, "emb", n));
    report("embedded consume", n, consume(log, "emb", n));
    sl_log_close(log);
    sl_db_close(db);

    sl_db_options sync = {.sync = true};
    check(sl_db_open(dir, &sync, &db), "open db");
    check(sl_log_open_embedded(db, &log), "open log");
    create(log, "emb_sync", partitions);
    long ns = n / 20 > TXN ? n / 20 : TXN;
    report("embedded produce, sync on", ns, produce(log, "emb_sync", ns));
    sl_log_close(log);
    sl_db_close(db);
}

static void bench_kafka(const char *dir, long n, int partitions)
{
    sl_mock *m;
    char ctl[4200];
    snprintf(ctl, sizeof ctl, "%s/ctl", dir);
    check(sl_mock_start(1, &m), "mock cluster");
    check(sl_mock_serve(m, ctl), "mock control socket");
    sl_db *db;
    sl_log *log;
    props[nprops] = "sluice.mock.control";
    props[nprops + 1] = ctl;
    sl_log_kafka_conf conf = {sl_mock_bootstraps(m), props};
    check(sl_db_open(dir, NULL, &db), "open db");
    check(sl_log_open_kafka(&conf, db, &log), "open kafka log");
    create(log, "kbench", partitions);
    report("kafka produce (txn of 1000, acked)", n, produce(log, "kbench", n));
    report("kafka consume (group)", n, consume(log, "kbench", n));
    sl_log_close(log);
    sl_db_close(db);
    sl_mock_stop(m);
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

int main(int argc, char **argv)
{
    long n = 1000000, kn = 200000;
    int partitions = 16, opt;
    while ((opt = getopt(argc, argv, "n:k:p:X:")) != -1) {
        if (opt == 'n')
            n = atol(optarg);
        else if (opt == 'k')
            kn = atol(optarg);
        else if (opt == 'p')
            partitions = atoi(optarg);
        else if (opt == 'X' && strchr(optarg, '=') && nprops < MAXPROPS) {
            *strchr(optarg, '=') = 0;
            props[nprops++] = optarg;
            props[nprops++] = optarg + strlen(optarg) + 1;
        } else {
            fprintf(stderr, "usage: log_bench [-n EMBEDDED_RECORDS] [-k KAFKA_RECORDS] "
                            "[-p PARTITIONS] [-X key=value]...\n");
            return 2;
        }
    }
    char dir[] = "/tmp/sl_bench_XXXXXX";
    if (!mkdtemp(dir)) return 1;
    char emb[64], kaf[64];
    snprintf(emb, sizeof emb, "%s/emb", dir);
    snprintf(kaf, sizeof kaf, "%s/kafka", dir);
    printf("%d partitions, %d-byte values, 12-byte keys\n", partitions, VLEN);
    if (n > 0) bench_embedded(emb, n, partitions);
    if (kn > 0) {
        if (mkdir(kaf, 0700) != 0) return 1;
        bench_kafka(kaf, kn, partitions);
    }
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}
