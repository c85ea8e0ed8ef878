/*
 * sl_log_tool.c - a small command-line client of sl_log, so scripts can
 * check it against real Kafka clients (kcat), and read and write the topics
 * of a stopped sluiced's embedded log:
 *
 *   sl_log_tool -b BOOTSTRAP [-c CONTROL] -d DATADIR create TOPIC PARTITIONS
 *   sl_log_tool ... produce TOPIC      stdin lines: partition|-<TAB>key|-<TAB>ts<TAB>value
 *                                      prints per record: partition<TAB>offset
 *   sl_log_tool ... consume TOPIC N    N records (group sl_log_tool, from the start);
 *                                      prints: partition<TAB>offset<TAB>key<TAB>ts
 *                                      <TAB>value<TAB>headers (name=value,...)
 *   sl_log_tool ... consume TOPIC all  every record the topic holds now
 *   sl_log_tool ... ends TOPIC         per partition: partition<TAB>start<TAB>end offset
 *   sl_log_tool partition KEY N        the partition of KEY among N (murmur2)
 *
 * Without -b the log is the embedded one in the RocksDB at DATADIR (a
 * sluiced's is DATA.DIR/state; sluiced must be stopped, as it locks it).
 * "-" stands for a null key (and for any partition on produce); a null key
 * or value prints as "NULL". CONTROL is the mock cluster's control socket.
 */
#include "exec/db.h"
#include "exec/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fail(sl_error *err)
{
    fprintf(stderr, "sl_log_tool: %s\n", err->msg);
    sl_error_free(err);
    return 1;
}

static sl_error *produce(sl_log *log, const char *topic)
{
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        char *save = NULL, *part = strtok_r(line, "\t", &save), *key = strtok_r(NULL, "\t", &save);
        char *ts = strtok_r(NULL, "\t", &save), *val = strtok_r(NULL, "", &save);
        if (!part || !key || !ts || !val)
            return sl_error_new(SL_E_BAD_REQUEST, "bad input line (partition key ts value)");
        bool null_key = strcmp(key, "-") == 0;
        sl_log_record r = {.key = null_key ? NULL : (const uint8_t *)key,
                           .klen = null_key ? 0 : (uint32_t)strlen(key),
                           .val = (const uint8_t *)val,
                           .vlen = (uint32_t)strlen(val),
                           .ts = atoll(ts),
                           .partition = strcmp(part, "-") == 0 ? SL_LOG_ANY_PARTITION : atoi(part)};
        sl_error *err = sl_log_produce(log, topic, &r);
        if (err) return err;
        printf("%d\t%lld\n", (int)r.partition, (long long)r.offset);
    }
    return NULL;
}

static void print_bytes(const uint8_t *p, uint32_t n)
{
    if (p)
        fwrite(p, 1, n, stdout);
    else
        fputs("NULL", stdout);
}

static sl_error *consume(sl_log *log, const char *topic, int want)
{
    sl_log_consumer *c;
    const char *topics[] = {topic};
    sl_error *err = sl_log_consumer_open(log, "sl_log_tool", topics, 1, NULL, &c);
    sl_log_record recs[64];
    int got = 0, n;
    time_t deadline = time(NULL) + 30;
    while (!err && got < want && time(NULL) < deadline) {
        err = sl_log_consumer_poll(c, recs, want - got < 64 ? want - got : 64, 500, &n);
        for (int i = 0; !err && i < n; i++) {
            sl_log_record *r = &recs[i];
            printf("%d\t%lld\t", (int)r->partition, (long long)r->offset);
            print_bytes(r->key, r->klen);
            printf("\t%lld\t", (long long)r->ts);
            print_bytes(r->val, r->vlen);
            putchar('\t');
            for (uint32_t h = 0; h < r->headers.n; h++) {
                printf("%s%s=", h ? "," : "", r->headers.h[h].key);
                print_bytes(r->headers.h[h].val, r->headers.h[h].len);
            }
            putchar('\n');
        }
        if (!err) got += n;
    }
    if (!err && got < want)
        err = sl_error_new(SL_E_TIMEOUT, "only %d of %d records arrived", got, want);
    sl_log_consumer_close(c);
    return err;
}

/* The number of records topic holds now: the sum over partitions of end - start. */
static sl_error *topic_size(sl_log *log, const char *topic, int *out)
{
    sl_topic_info ti;
    sl_error *err = sl_log_topic_describe(log, topic, &ti);
    if (err) return err;
    int64_t *starts = calloc((size_t)ti.partitions, sizeof *starts);
    int64_t *ends = calloc((size_t)ti.partitions, sizeof *ends);
    err = sl_log_start_offsets(log, topic, starts, ti.partitions);
    if (!err) err = sl_log_end_offsets(log, topic, ends, ti.partitions);
    int64_t n = 0;
    for (int p = 0; !err && p < ti.partitions; p++) n += ends[p] - starts[p];
    free(starts);
    free(ends);
    *out = (int)n;
    return err;
}

static sl_error *print_ends(sl_log *log, const char *topic)
{
    sl_topic_info ti;
    sl_error *err = sl_log_topic_describe(log, topic, &ti);
    if (err) return err;
    int64_t *starts = calloc((size_t)ti.partitions, sizeof *starts);
    int64_t *ends = calloc((size_t)ti.partitions, sizeof *ends);
    err = sl_log_start_offsets(log, topic, starts, ti.partitions);
    if (!err) err = sl_log_end_offsets(log, topic, ends, ti.partitions);
    for (int p = 0; !err && p < ti.partitions; p++)
        printf("%d\t%lld\t%lld\n", p, (long long)starts[p], (long long)ends[p]);
    free(starts);
    free(ends);
    return err;
}

/* "partition\tcommitted\tend" per partition of topic for group (committed -2: none). */
static sl_error *print_committed(sl_log *log, const char *group, const char *topic)
{
    sl_topic_info ti;
    sl_error *err = sl_log_topic_describe(log, topic, &ti);
    if (err) return err;
    int64_t *ends = calloc((size_t)ti.partitions, sizeof *ends);
    err = sl_log_end_offsets(log, topic, ends, ti.partitions);
    for (int p = 0; !err && p < ti.partitions; p++) {
        int64_t off;
        err = sl_log_committed_offset(log, group, topic, p, &off);
        if (!err) printf("%d\t%lld\t%lld\n", p, (long long)off, (long long)ends[p]);
    }
    free(ends);
    return err;
}

static int usage(void)
{
    fprintf(stderr, "usage: sl_log_tool [-b BOOTSTRAP [-c CONTROL]] -d DATADIR "
                    "(create TOPIC PARTITIONS | produce TOPIC | consume TOPIC N|all | ends TOPIC |\n"
                    "        committed GROUP TOPIC)\n"
                    "       sl_log_tool partition KEY N\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *bootstrap = NULL, *control = NULL, *dir = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "b:c:d:")) != -1) {
        if (opt == 'b')
            bootstrap = optarg;
        else if (opt == 'c')
            control = optarg;
        else if (opt == 'd')
            dir = optarg;
        else
            return usage();
    }
    char **args = argv + optind;
    int nargs = argc - optind;
    if (nargs == 3 && strcmp(args[0], "partition") == 0) {
        printf("%d\n", (int)sl_log_partition_for_key((const uint8_t *)args[1],
                                                     (uint32_t)strlen(args[1]), atoi(args[2])));
        return 0;
    }
    if (!dir || nargs < 2) return usage();

    sl_db *db = NULL;
    sl_log *log = NULL;
    const char *extra[] = {control ? "sluice.mock.control" : NULL, control, NULL};
    sl_log_kafka_conf conf = {bootstrap, extra};
    sl_log_embedded_conf econf = {0, 0}; /* no maintenance thread: the tool runs briefly */
    sl_error *err = sl_db_open(dir, NULL, &db);
    if (!err && bootstrap) err = sl_log_open_kafka(&conf, db, &log);
    else if (!err) err = sl_log_open_embedded_conf(db, &econf, &log);
    if (!err && nargs == 3 && strcmp(args[0], "create") == 0) {
        sl_topic_info ti = {.partitions = atoi(args[2])};
        snprintf(ti.name, sizeof ti.name, "%s", args[1]);
        err = sl_log_topic_create(log, &ti);
    } else if (!err && nargs == 2 && strcmp(args[0], "produce") == 0) {
        err = produce(log, args[1]);
    } else if (!err && nargs == 3 && strcmp(args[0], "consume") == 0) {
        int want = atoi(args[2]);
        if (strcmp(args[2], "all") == 0) err = topic_size(log, args[1], &want);
        if (!err && want > 0) err = consume(log, args[1], want);
    } else if (!err && nargs == 2 && strcmp(args[0], "ends") == 0) {
        err = print_ends(log, args[1]);
    } else if (!err && nargs == 3 && strcmp(args[0], "committed") == 0) {
        err = print_committed(log, args[1], args[2]);
    } else if (!err) {
        err = sl_error_new(SL_E_BAD_REQUEST, "unknown command '%s'", args[0]);
    }
    sl_log_close(log);
    sl_db_close(db);
    return err ? fail(err) : 0;
}
