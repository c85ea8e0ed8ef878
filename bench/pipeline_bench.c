/*
 * pipeline_bench.c - end-to-end throughput of one persistent query in the
 * in-process engine: N Nexmark-style bids (JSON, ~170 B) pre-loaded into a
 * topic of the embedded log, then a query run to completion.
 *
 *   pipeline_bench [--events N] [--query NAME] [--keys K] [--runs R]
 *
 * Queries: filter, project, tumbling, tumbling_final, hopping_final, session_final, and
 * count_1h (a one-hour tumbling count: with --keys 1000000 it holds about a million groups
 * at once, for the state memory figure).
 * Reports events/s per CPU-second of the process (the Flink runner's method), wall
 * events/s, median of R runs, and the peak RSS of the streaming runs (max_rss_mb, measured
 * before the SQLite batch job runs).
 */
#include "common/buf.h"
#include "common/clock.h"
#include "exec/log.h"
#include "server/config.h"
#include "server/engine.h"

#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Each query, and the batch job it replaces: the same result computed by SQLite from the
 * raw JSON lines (load, json_extract, GROUP BY), as the nightly job would. */
#define J(f) "json_extract(v,'$." f "')"
static const struct {
    const char *name;
    const char *sql;
    const char *batch;
} queries[] = {
    {"filter", "CREATE STREAM out AS SELECT * FROM bids WHERE price > 5000;",
     "SELECT count(*) FROM (SELECT v FROM bids WHERE " J("price") " > 5000)"},
    {"project", "CREATE STREAM out AS SELECT auction, bidder, price * 0.908 AS euros, dateTime FROM bids;",
     "SELECT count(*) FROM (SELECT " J("auction") ", " J("bidder") ", " J("price") " * 0.908, "
     J("dateTime") " FROM bids)"},
    {"tumbling", "CREATE TABLE out AS SELECT auction, COUNT(*) AS n, SUM(price) AS total FROM bids "
                 "WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY auction;",
     "SELECT count(*) FROM (SELECT " J("auction") " a, " J("dateTime") " / 10000 w, count(*), sum("
     J("price") ") FROM bids GROUP BY a, w)"},
    {"tumbling_final", "CREATE TABLE out AS SELECT auction, COUNT(*) AS n, SUM(price) AS total FROM bids "
                       "WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY auction EMIT FINAL;",
     "SELECT count(*) FROM (SELECT " J("auction") " a, " J("dateTime") " / 10000 w, count(*), sum("
     J("price") ") FROM bids GROUP BY a, w)"},
    {"hopping_final", "CREATE TABLE out AS SELECT auction, COUNT(*) AS n, SUM(price) AS total FROM bids "
                      "WINDOW HOPPING (SIZE 10 SECONDS, ADVANCE BY 2 SECONDS) GROUP BY auction EMIT FINAL;",
     "SELECT count(*) FROM (SELECT a, w, count(*), sum(p) FROM (SELECT " J("auction") " a, " J("price")
     " p, (" J("dateTime") " / 2000 - k) * 2000 w FROM bids, (SELECT 0 k UNION ALL SELECT 1 UNION ALL "
     "SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4)) GROUP BY a, w)"},
    {"count_1h", "CREATE TABLE out AS SELECT auction, COUNT(*) AS n FROM bids "
                 "WINDOW TUMBLING (SIZE 1 HOUR) GROUP BY auction EMIT FINAL;",
     "SELECT count(*) FROM (SELECT " J("auction") " a, " J("dateTime") " / 3600000 w, count(*) "
     "FROM bids GROUP BY a, w)"},
    {"session_final", "CREATE TABLE out AS SELECT bidder, COUNT(*) AS n, SUM(price) AS total FROM bids "
                      "WINDOW SESSION (10 SECONDS) GROUP BY bidder EMIT FINAL;",
     "WITH t AS (SELECT " J("bidder") " b, " J("dateTime") " ts, " J("price") " p FROM bids), "
     "s AS (SELECT b, ts, p, CASE WHEN ts - lag(ts) OVER (PARTITION BY b ORDER BY ts) > 10000 "
     "THEN 1 ELSE 0 END brk FROM t), g AS (SELECT b, p, sum(brk) OVER (PARTITION BY b ORDER BY ts "
     "ROWS UNBOUNDED PRECEDING) sid FROM s) SELECT count(*) FROM (SELECT b, sid, count(*), sum(p) "
     "FROM g GROUP BY b, sid)"},
};

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void bid_json(sl_buf *b, long i, long keys)
{
    static const char *channels[] = {"Google", "Facebook", "Baidu", "Apple"};
    int64_t ts = 1700000000000LL + i; /* 1000 events per second of event time */
    sl_buf_reset(b);
    sl_buf_printf(b,
                  "{\"auction\":%ld,\"bidder\":%ld,\"price\":%ld,\"channel\":\"%s\","
                  "\"url\":\"https://www.nexmark.com/item.htm?query=1&channel_id=%ld\","
                  "\"dateTime\":%lld,\"extra\":\"%s\"}",
                  1000 + (long)(next_rand() % (uint64_t)keys), 2000 + (long)(next_rand() % (uint64_t)(keys * 10)),
                  (long)(next_rand() % 10000), channels[next_rand() % 4], (long)(next_rand() % 100000),
                  (long long)ts, "aaaaaaaaaaaaaaaaaaaaaaaaa");
}

static int execute(sl_engine *eng, const char *sql)
{
    sl_request req = {NULL, NULL, false};
    sl_result res;
    sl_engine_execute(eng, sql, &req, &res);
    int rc = 0;
    if (res.err) {
        fprintf(stderr, "%s: %s\n", sql, res.err->msg);
        rc = 1;
    }
    sl_result_fini(&res);
    return rc;
}

static int preload(sl_engine *eng, long n, long keys)
{
    sl_log *log = sl_engine_log(eng);
    sl_buf b = SL_BUF_INIT;
    for (long i = 0; i < n;) {
        sl_log_txn *txn = sl_log_txn_begin(log);
        for (long k = 0; k < 1000 && i < n; k++, i++) {
            bid_json(&b, i, keys);
            sl_log_record r = {0};
            r.val = (const uint8_t *)b.p;
            r.vlen = (uint32_t)b.len;
            r.ts = 1700000000000LL + i;
            r.partition = 0;
            sl_error *err = sl_log_txn_produce(txn, "bids", &r);
            if (err) {
                fprintf(stderr, "produce: %s\n", err->msg);
                return 1;
            }
        }
        sl_error *err = sl_log_txn_commit(txn);
        if (err) {
            fprintf(stderr, "commit: %s\n", err->msg);
            return 1;
        }
    }
    sl_buf_free(&b);
    return 0;
}

static int one_run(const char *sql, long n, long keys, double *cpu, double *wall)
{
    char dir[] = "/tmp/sluice-bench-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    sl_conf *conf = sl_conf_new();
    sl_conf_set(conf, "data.dir", dir);
    sl_conf_set(conf, "log.level", "warn");
    sl_engine *eng;
    sl_engine_opts opts = {.conf = conf, .synchronous = true};
    sl_error *err = sl_engine_open(&opts, &eng);
    if (err) {
        fprintf(stderr, "open: %s\n", err->msg);
        return 1;
    }
    int rc = execute(eng, "CREATE STREAM bids (auction BIGINT, bidder BIGINT, price BIGINT, "
                          "channel STRING, url STRING, dateTime BIGINT, extra STRING) WITH "
                          "(kafka_topic='bids', value_format='JSON', partitions=1, timestamp='dateTime');");
    if (!rc) rc = preload(eng, n, keys);
    if (!rc) rc = execute(eng, sql);
    double c0 = cpu_seconds();
    int64_t w0 = sl_clock_mono_ns();
    if (!rc && (err = sl_engine_run_until_idle(eng))) {
        fprintf(stderr, "run: %s\n", err->msg);
        rc = 1;
    }
    *cpu = cpu_seconds() - c0;
    *wall = (double)(sl_clock_mono_ns() - w0) / 1e9;
    sl_engine_close(eng);
    sl_conf_free(conf);
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}

/* The batch job: CPU seconds to load the same JSON lines into SQLite and run the query. */
static int batch_run(const char *sql, long n, long keys, double *cpu)
{
    sqlite3 *db;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) return 1;
    double c0 = cpu_seconds();
    sqlite3_exec(db, "CREATE TABLE bids (v TEXT); BEGIN;", NULL, NULL, NULL);
    sqlite3_stmt *ins;
    sqlite3_prepare_v2(db, "INSERT INTO bids VALUES (?)", -1, &ins, NULL);
    sl_buf b = SL_BUF_INIT;
    rng = 88172645463325252ULL;
    for (long i = 0; i < n; i++) {
        bid_json(&b, i, keys);
        sqlite3_bind_text(ins, 1, b.p, (int)b.len, SQLITE_STATIC);
        sqlite3_step(ins);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    *cpu = cpu_seconds() - c0;
    if (rc != SQLITE_OK) fprintf(stderr, "sqlite: %s\n", msg ? msg : "?");
    sqlite3_free(msg);
    sl_buf_free(&b);
    sqlite3_close(db);
    return rc != SQLITE_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    long n = 1000000, keys = 1000;
    int runs = 3;
    const char *qname = "tumbling_final";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--events") == 0) n = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--query") == 0) qname = argv[i + 1];
        else if (strcmp(argv[i], "--keys") == 0) keys = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--runs") == 0) runs = atoi(argv[i + 1]);
    }
    const char *sql = NULL, *batch = NULL;
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
        if (strcmp(queries[i].name, qname) == 0) sql = queries[i].sql, batch = queries[i].batch;
    if (!sql) {
        fprintf(stderr, "unknown query %s\n", qname);
        return 2;
    }
    double cpu[16], wall[16];
    if (runs > 16) runs = 16;
    double bcpu[16];
    long max_rss_kb = 0;
    for (int r = 0; r < runs; r++) {
        rng = 88172645463325252ULL;
        if (one_run(sql, n, keys, &cpu[r], &wall[r])) return 1;
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        if (r == 0) max_rss_kb = ru.ru_maxrss; /* before SQLite holds the JSON lines */
        if (batch_run(batch, n, keys, &bcpu[r])) return 1;
    }
    qsort(bcpu, (size_t)runs, sizeof *bcpu, cmp_double);
    qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
    qsort(wall, (size_t)runs, sizeof *wall, cmp_double);
    double c = cpu[runs / 2], w = wall[runs / 2];
    double bc = bcpu[runs / 2];
    printf("query=%s events=%ld cpu_s=%.3f wall_s=%.3f ev_per_cpu_s=%.0f ev_per_wall_s=%.0f "
           "sqlite_cpu_s=%.3f batch_ratio=%.2f max_rss_mb=%ld\n",
           qname, n, c, w, n / c, n / w, bc, c / bc, max_rss_kb / 1024);
    return 0;
}
