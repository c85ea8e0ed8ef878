/*
 * join_bench.c - throughput of the join operators on Nexmark-style events.
 *
 *   q3   auctions (stream) JOIN persons (table) ON seller = id
 *        WHERE category = 10 AND state IN ('OR', 'ID', 'CA')        stream-table
 *   q20  bids JOIN auctions WITHIN 10 SECONDS GRACE PERIOD 1 SECOND
 *        ON auction = id WHERE category = 10                         stream-stream
 *
 * The statements go through the real planner; the task built from the plan
 * runs the real operators (source pass-through, join, filter, projection).
 * Events are pre-built row batches in Nexmark's mix (persons : auctions :
 * bids = 1 : 3 : 46, each query taking the two kinds it reads), pushed into
 * the source operators as the worker would after decoding, so the numbers are
 * the operators' cost without serde and log I/O. The sink counts rows. State
 * goes to a RocksDB store committed every 50,000 events (--no-store: memory
 * only). Reports events per CPU-second (one core), median of the runs.
 *
 *   build/bench/join_bench [--query q3|q20] [--events N] [--runs R] [--no-store]
 */
#include "common/clock.h"
#include "common/mem.h"
#include "exec/db.h"
#include "exec/op.h"
#include "exec/query_int.h"
#include "exec/task.h"
#include "parser/parser.h"
#include "planner/planner.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { BATCH = 256, COMMIT_EVERY = 50000 };

static const char *const q3_sql[] = {
    "CREATE TABLE persons (id BIGINT PRIMARY KEY, name STRING, email STRING, city STRING, "
    "state STRING) WITH (kafka_topic='persons', value_format='JSON', partitions=1);",
    "CREATE STREAM auctions (seller BIGINT KEY, id BIGINT, itemname STRING, description STRING, "
    "initialbid BIGINT, reserve BIGINT, expires BIGINT, category INT) WITH "
    "(kafka_topic='auctions', value_format='JSON', partitions=1);",
    "CREATE STREAM q3 AS SELECT A.seller, P.name, P.city, P.state, A.id FROM auctions A JOIN "
    "persons P ON A.seller = P.id WHERE A.category = 10 AND P.state IN ('OR', 'ID', 'CA');",
    NULL};

static const char *const q20_sql[] = {
    "CREATE STREAM bids (auction BIGINT KEY, bidder BIGINT, price BIGINT, channel STRING, "
    "url STRING) WITH (kafka_topic='bids', value_format='JSON', partitions=1);",
    "CREATE STREAM auctions (id BIGINT KEY, itemname STRING, description STRING, initialbid "
    "BIGINT, reserve BIGINT, expires BIGINT, seller BIGINT, category INT) WITH "
    "(kafka_topic='auctions', value_format='JSON', partitions=1);",
    "CREATE STREAM q20 AS SELECT B.auction, bidder, price, channel, url, itemname, description, "
    "initialbid, reserve, expires, seller, category FROM bids B JOIN auctions A WITHIN 10 SECONDS "
    "GRACE PERIOD 1 SECOND ON B.auction = A.id WHERE A.category = 10;",
    NULL};

static const char *const states[] = {"AZ", "CA", "ID", "OR", "WA", "WY", "NV", "UT", "TX", "NY"};
static const char *const cities[] = {"Phoenix",  "Los Angeles", "San Francisco", "Boise",
                                     "Bend",     "Redmond",     "Seattle",       "Kent",
                                     "Cheyenne", "Saratoga"};

static uint64_t rng = 88172645463325252ULL;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* --- the plan and the task ---------------------------------------------------------------- */

typedef struct bench {
    sl_catalog *cat;
    sl_arena *ar;
    sl_plan *plan;
    sl_task *task;
    sl_op *src[2]; /* the source operators, in the order the statements create them */
    uint64_t out;  /* rows that reached the sink */
    sl_db *db;
    sl_rt *rt;
    sl_query query;
    sl_worker worker;
    char dir[64];
} bench;

static bench *the_bench;

static sl_error *count_push(sl_op *op, sl_batch *b, int port)
{
    (void)op, (void)port;
    the_bench->out += b->n;
    return NULL;
}

static const sl_op_vt count_vt = {.name = "count", .push = count_push};

static void die(sl_error *err, const char *what)
{
    if (!err) return;
    fprintf(stderr, "%s: %s\n", what, err->msg);
    exit(1);
}

static void plan(bench *b, const char *const *sql)
{
    b->cat = sl_catalog_new();
    b->ar = sl_arena_new(0);
    sl_planctx pc = {.cat = b->cat, .ar = b->ar, .service_id = "bench_"};
    for (int i = 0; sql[i]; i++) {
        sl_ast_stmt *st;
        die(sl_parse_statement(b->ar, sql[i], strlen(sql[i]), NULL, &st), "parse");
        if (st->kind == SL_STMT_CREATE_SOURCE) {
            sl_ddl_result r;
            die(sl_plan_create_source(&pc, st, &r), "create");
            sl_catalog_put_source(b->cat, r.source, false);
            continue;
        }
        sl_persistent p;
        die(sl_plan_persistent(&pc, st, "BENCH_1", &p), "plan");
        b->plan = p.plan;
        sl_source_free(p.sink);
    }
}

static void start(bench *b, bool store)
{
    if (store) {
        strcpy(b->dir, "/tmp/sluice-join-bench-XXXXXX");
        if (!mkdtemp(b->dir)) exit(1);
        die(sl_db_open(b->dir, NULL, &b->db), "db");
        sl_rt_opts opts = {.db = b->db};
        b->rt = sl_rt_new(&opts);
        b->query.rt = b->rt;
        b->worker.q = &b->query;
    }
    die(sl_task_new(store ? &b->worker : NULL, b->plan, 0, 0, &b->task), "task");
    const sl_subtopo *st = &b->plan->subs[0];
    for (uint32_t i = 0; i < st->nsources && i < 2; i++)
        b->src[i] = b->task->ops[st->sources[i]->id];
    for (uint32_t i = 0; i < b->plan->nnodes; i++)
        if (b->plan->nodes[i]->kind == SL_PN_SINK) b->task->ops[i]->vt = &count_vt;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static void stop(bench *b)
{
    sl_task_free(b->task);
    sl_plan_free(b->plan);
    sl_catalog_free(b->cat);
    sl_arena_free(b->ar);
    if (!b->db) return;
    sl_db_close(b->db);
    sl_rt_free(b->rt);
    nftw(b->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void commit(bench *b)
{
    if (!b->db) return;
    sl_db_batch *batch = sl_db_batch_new();
    die(sl_task_flush(b->task, batch), "flush");
    die(sl_db_write(b->db, batch), "write");
    sl_db_batch_free(batch);
}

/* --- events ------------------------------------------------------------------------------- */

typedef struct gen {
    int64_t now; /* event time, ms */
    int64_t persons, auctions;
} gen;

static sl_value str(sl_arena *ar, const char *s)
{
    return sl_value_str(sl_arena_strdup(ar, s), (uint32_t)strlen(s));
}

static void person(gen *g, sl_batch *b)
{
    sl_row *r = sl_batch_add(b);
    int64_t id = 1000 + g->persons++;
    uint64_t x = next_rand();
    r->col[0] = sl_value_int(id);
    r->col[1] = str(b->ar, cities[x % 10]); /* name: any short string */
    r->col[2] = str(b->ar, "someone@example.com");
    r->col[3] = str(b->ar, cities[(x >> 8) % 10]);
    r->col[4] = str(b->ar, states[(x >> 16) % 10]);
    r->ts = g->now;
}

/* An auction of a recent seller (q3: keyed by seller) or keyed by its id (q20). */
static void auction(gen *g, sl_batch *b, bool by_seller)
{
    sl_row *r = sl_batch_add(b);
    uint64_t x = next_rand();
    int64_t id = 1000 + g->auctions++;
    int64_t hot = g->persons < 1000 ? g->persons : 1000; /* one of the last 1000 persons */
    int64_t seller = 1000 + g->persons - hot + (hot ? (int64_t)(x % (uint64_t)hot) : 0);
    sl_value v[8] = {
        sl_value_int(by_seller ? seller : id), sl_value_int(by_seller ? id : 0),
        str(b->ar, "item of the day"),         str(b->ar, "a thing people like to bid on"),
        sl_value_int((int64_t)(x % 1000)),     sl_value_int((int64_t)(x % 5000)),
        sl_value_int(g->now + 10000),          sl_value_int(10 + (int64_t)((x >> 20) % 10))};
    if (!by_seller) { /* [id | itemname, description, initialbid, reserve, expires, seller,
                         category] */
        memmove(v + 1, v + 2, 5 * sizeof *v);
        v[6] = sl_value_int(seller);
    }
    memcpy(r->col, v, sizeof v);
    r->ts = g->now;
}

static void bid(gen *g, sl_batch *b)
{
    sl_row *r = sl_batch_add(b);
    uint64_t x = next_rand();
    int64_t recent = g->auctions < 100 ? g->auctions : 100;
    r->col[0] =
        sl_value_int(1000 + g->auctions - 1 - (recent ? (int64_t)(x % (uint64_t)recent) : 0));
    r->col[1] = sl_value_int(1000 + (int64_t)(x >> 32) % 10000);
    r->col[2] = sl_value_int((int64_t)(x >> 8) % 100000);
    r->col[3] = str(b->ar, "Google");
    r->col[4] = str(b->ar, "https://www.nexmark.com/bid/item.htm?query=1");
    r->ts = g->now;
}

typedef struct events {
    sl_batch **b;
    int *port; /* which source each batch goes to */
    size_t n, cap;
    uint64_t count;
} events;

static sl_batch *add_batch(events *e, int port, uint32_t ncols)
{
    SL_GROW(e->b, e->cap, e->n + 1);
    e->port = realloc(e->port, e->cap * sizeof *e->port);
    e->port[e->n] = port;
    return e->b[e->n++] = sl_batch_new(ncols);
}

/* Nexmark's mix in rounds of BATCH events of the majority kind: q3 reads persons (1) and
 * auctions (3), q20 auctions (3) and bids (46). Time advances 1 ms per 10 events. */
static void generate(events *e, bool q3, uint64_t n)
{
    gen g = {0};
    while (e->count < n) {
        uint32_t major = BATCH, minor = q3 ? BATCH / 3 : BATCH * 3 / 46;
        sl_batch *mb = add_batch(e, 1, q3 ? 5 : 8); /* persons | auctions */
        for (uint32_t i = 0; i < minor; i++, g.now += (i % 10 == 0)) {
            if (q3)
                person(&g, mb);
            else
                auction(&g, mb, false);
        }
        sl_batch *b = add_batch(e, 0, q3 ? 8 : 5); /* auctions | bids */
        for (uint32_t i = 0; i < major; i++, g.now += (i % 10 == 0)) {
            if (q3)
                auction(&g, b, true);
            else
                bid(&g, b);
        }
        e->count += major + minor;
    }
}

/* --- running ------------------------------------------------------------------------------ */

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double run(const char *const *sql, const events *e, bool store, uint64_t *out)
{
    bench b = {0};
    the_bench = &b;
    plan(&b, sql);
    start(&b, store);
    uint64_t since = 0;
    double t0 = cpu_seconds();
    for (size_t i = 0; i < e->n; i++) {
        sl_op *op = b.src[e->port[i]];
        die(op->vt->push(op, e->b[i], 0), "push");
        since += e->b[i]->n;
        if (since >= COMMIT_EVERY) {
            commit(&b);
            since = 0;
        }
    }
    commit(&b);
    double t = cpu_seconds() - t0;
    *out = b.out;
    stop(&b);
    return (double)e->count / t;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *query = "q3";
    uint64_t n = 2000000;
    int runs = 3;
    bool store = true;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--query") == 0 && i + 1 < argc)
            query = argv[++i];
        else if (strcmp(argv[i], "--events") == 0 && i + 1 < argc)
            n = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--no-store") == 0)
            store = false;
        else {
            fprintf(stderr,
                    "usage: join_bench [--query q3|q20] [--events N] [--runs R] [--no-store]\n");
            return 2;
        }
    }
    bool q3 = strcmp(query, "q3") == 0;
    if (!q3 && strcmp(query, "q20") != 0) {
        fprintf(stderr, "unknown query %s\n", query);
        return 2;
    }
    events e = {0};
    generate(&e, q3, n);
    double *rate = sl_calloc((size_t)(runs > 0 ? runs : 1), sizeof *rate);
    uint64_t out = 0;
    for (int r = 0; r < runs; r++)
        rate[r] = run(q3 ? q3_sql : q20_sql, &e, store, &out);
    qsort(rate, (size_t)runs, sizeof *rate, cmp_double);
    printf("%s: %llu events (%s), %llu rows out, %.0f events/s per core (median of %d)\n", query,
           (unsigned long long)e.count, store ? "RocksDB state" : "memory state",
           (unsigned long long)out, rate[runs / 2], runs);
    for (size_t i = 0; i < e.n; i++)
        sl_batch_free(e.b[i]);
    free(e.b);
    free(e.port);
    free(rate);
    return 0;
}
