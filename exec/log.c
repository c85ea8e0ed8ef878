/*
 * log.c - the face of the topic logs: dispatch to the backend (embedded or
 * kafka, see log_int.h), and what both backends share: Kafka's murmur2
 * partitioner, topic name rules, and source offsets kept in the meta CF.
 *
 * Source offsets are the engine's, not the log's: a transaction records
 * "group G has consumed topic T partition P up to N" as a put into its own
 * RocksDB batch, so the offsets commit in the same atomic write as the state
 * changes (and, embedded, the output records) they belong to. Both backends
 * read them back the same way (sl_log_committed_offset).
 */
#include "exec/log_int.h"

#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- murmur2 ---------------------------------------------------------------------------- */

/*
 * Kafka's Java client hashes a record key with this variant of MurmurHash2
 * (seed 0x9747b28c, 4-byte little-endian blocks, tail bytes folded in from
 * the highest) and sends the record to (hash & 0x7fffffff) % partitions.
 * All arithmetic is on uint32_t so the wrap-around is defined in C; the
 * result is reinterpreted as Java's signed int.
 */
int32_t sl_log_murmur2(const uint8_t *key, uint32_t klen)
{
    const uint32_t m = 0x5bd1e995;
    uint32_t h = 0x9747b28cU ^ klen;
    uint32_t nblocks = klen / 4;
    for (uint32_t i = 0; i < nblocks; i++) {
        const uint8_t *p = key + 4 * i;
        uint32_t k =
            (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        k *= m;
        k ^= k >> 24;
        k *= m;
        h *= m;
        h ^= k;
    }
    const uint8_t *tail = key + 4 * nblocks;
    switch (klen & 3) {
    case 3:
        h ^= (uint32_t)tail[2] << 16;
        /* fall through */
    case 2:
        h ^= (uint32_t)tail[1] << 8;
        /* fall through */
    case 1:
        h ^= tail[0];
        h *= m;
    }
    h ^= h >> 13;
    h *= m;
    h ^= h >> 15;
    return (int32_t)h;
}

int32_t sl_log_partition_for_key(const uint8_t *key, uint32_t klen, int32_t n)
{
    if (n <= 0) return 0;
    return (int32_t)(((uint32_t)sl_log_murmur2(key, klen) & 0x7fffffffU) % (uint32_t)n);
}

/* --- shared helpers --------------------------------------------------------------------- */

sl_error *sl_log_name_check(const char *name)
{
    size_t n = strlen(name);
    if (n == 0) return sl_error_new(SL_E_STATEMENT, "topic name is empty");
    if (n > 249)
        return sl_error_new(SL_E_STATEMENT, "topic name is too long (%zu characters, at most 249)",
                            n);
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return sl_error_new(SL_E_STATEMENT, "topic name cannot be '.' or '..'");
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
        if (!ok) {
            sl_error *err = sl_error_new(SL_E_STATEMENT, "invalid topic name '%s'", name);
            return sl_error_with_hint(err, "topic names may contain ASCII letters, digits, '.', "
                                           "'_' and '-'");
        }
    }
    return NULL;
}

static void put_be32(sl_buf *b, uint32_t v)
{
    uint8_t x[4];
    sl_db_be32_put(x, v);
    sl_buf_append(b, x, 4);
}

void sl_log_key_topic(sl_buf *b, const char *topic)
{
    sl_buf_reset(b);
    sl_buf_puts(b, "log/t/");
    sl_buf_puts(b, topic);
}

void sl_log_key_start(sl_buf *b, const char *topic, int32_t partition)
{
    sl_buf_reset(b);
    sl_buf_puts(b, "log/s/");
    sl_buf_append(b, topic, strlen(topic) + 1);
    put_be32(b, (uint32_t)partition);
}

void sl_log_key_offset(sl_buf *b, const char *topic, const char *group, int32_t partition)
{
    sl_buf_reset(b);
    sl_buf_puts(b, "log/o/");
    sl_buf_append(b, topic, strlen(topic) + 1);
    sl_buf_append(b, group, strlen(group) + 1);
    put_be32(b, (uint32_t)partition);
}

void sl_log_offsets_drop(sl_db *db, sl_db_batch *batch, const char *topic)
{
    /* every key "log/o/<topic>\0..." sorts in ["log/o/<topic>\0", "log/o/<topic>\1") */
    sl_buf lo = SL_BUF_INIT, hi = SL_BUF_INIT;
    sl_buf_printf(&lo, "log/o/%s", topic);
    sl_buf_printf(&hi, "log/o/%s", topic);
    sl_buf_putc(&lo, '\0');
    sl_buf_putc(&hi, '\1');
    sl_db_batch_delete_range(batch, sl_db_meta(db), lo.p, lo.len, hi.p, hi.len);
    sl_buf_free(&lo);
    sl_buf_free(&hi);
}

void sl_log_consumer_base_init(sl_log_consumer *c, sl_log *log, const char *group,
                               const char *const *topics, int ntopics)
{
    c->log = log;
    c->group = sl_strdup(group);
    c->topics = sl_calloc((size_t)ntopics + 1, sizeof(char *));
    for (int i = 0; i < ntopics; i++)
        c->topics[i] = sl_strdup(topics[i]);
    c->ntopics = ntopics;
}

void sl_log_consumer_base_free(sl_log_consumer *c)
{
    for (int i = 0; i < c->ntopics; i++)
        free(c->topics[i]);
    free(c->topics);
    free(c->group);
}

sl_error *sl_log_start_for(sl_log_consumer *c, const sl_log_assign_cb *cb, uint32_t topic,
                           int32_t partition, int64_t *start)
{
    int64_t fallback = *start;
    sl_error *err = sl_log_committed_offset(c->log, c->group, c->topics[topic], partition, start);
    if (err) return err;
    if (*start == SL_LOG_EARLIEST) *start = fallback;
    if (cb && cb->assigned) cb->assigned(cb->ctx, topic, partition, start);
    if (*start < SL_LOG_EARLIEST)
        return sl_error_new(SL_E_INTERNAL, "invalid start offset %lld for %s[%d]",
                            (long long)*start, c->topics[topic], (int)partition);
    return NULL;
}

/* --- dispatch --------------------------------------------------------------------------- */

void sl_log_close(sl_log *log)
{
    if (log) log->ops->close(log);
}

bool sl_log_is_kafka(const sl_log *log)
{
    return log->kafka;
}

sl_error *sl_log_topic_create(sl_log *log, const sl_topic_info *info)
{
    sl_error *err = sl_log_name_check(info->name);
    if (err) return err;
    if (info->partitions <= 0)
        return sl_error_new(SL_E_STATEMENT, "invalid number of partitions %d for topic '%s'",
                            (int)info->partitions, info->name);
    if (info->replicas < 0)
        return sl_error_new(SL_E_STATEMENT, "invalid number of replicas %d for topic '%s'",
                            (int)info->replicas, info->name);
    return log->ops->topic_create(log, info);
}

sl_error *sl_log_topic_describe(sl_log *log, const char *topic, sl_topic_info *out)
{
    return log->ops->topic_describe(log, topic, out);
}

sl_error *sl_log_topic_delete(sl_log *log, const char *topic)
{
    return log->ops->topic_delete(log, topic);
}

sl_error *sl_log_topic_list(sl_log *log, sl_topic_info **out, int *n)
{
    *out = NULL;
    *n = 0;
    return log->ops->topic_list(log, out, n);
}

sl_error *sl_log_end_offsets(sl_log *log, const char *topic, int64_t *ends, int n)
{
    return log->ops->end_offsets(log, topic, ends, n);
}

sl_error *sl_log_start_offsets(sl_log *log, const char *topic, int64_t *starts, int n)
{
    return log->ops->start_offsets(log, topic, starts, n);
}

sl_error *sl_log_produce(sl_log *log, const char *topic, sl_log_record *rec)
{
    return log->ops->produce(log, topic, rec);
}

sl_error *sl_log_maintain(sl_log *log, int64_t now_ms)
{
    return log->ops->maintain(log, now_ms);
}

sl_error *sl_log_consumer_open(sl_log *log, const char *group_id, const char *const *topics,
                               int ntopics, const sl_log_assign_cb *cb, sl_log_consumer **out)
{
    *out = NULL;
    if (ntopics <= 0) return sl_error_new(SL_E_INTERNAL, "a consumer needs at least one topic");
    if (!group_id || !*group_id) return sl_error_new(SL_E_INTERNAL, "a consumer needs a group id");
    return log->ops->consumer_open(log, group_id, topics, ntopics, cb, out);
}

/* The generic reader: a consumer whose other partitions start at their end. */
typedef struct reader_start {
    int32_t partition;
    int64_t from;
} reader_start;

static void reader_assigned(void *ctx, uint32_t topic, int32_t partition, int64_t *start)
{
    const reader_start *r = ctx;
    (void)topic;
    *start = partition == r->partition ? r->from : SL_LOG_LATEST;
}

static sl_error *reader_open(sl_log *log, const char *topic, reader_start *r, sl_log_consumer **out)
{
    if (log->ops->reader_open) return log->ops->reader_open(log, topic, r->partition, r->from, out);
    char group[300];
    snprintf(group, sizeof group, "sluice-reader-%s-%d", topic, (int)r->partition);
    sl_log_assign_cb cb = {reader_assigned, NULL, r};
    return log->ops->consumer_open(log, group, &topic, 1, &cb, out);
}

sl_error *sl_log_read_partition(sl_log *log, const char *topic, int32_t partition, int64_t from,
                                int timeout_ms, sl_log_visit visit, void *ctx)
{
    sl_topic_info info;
    sl_error *err = sl_log_topic_describe(log, topic, &info);
    if (err) return err;
    if (partition < 0 || partition >= info.partitions)
        return sl_error_new(SL_E_INTERNAL, "%s has no partition %d", topic, (int)partition);
    int64_t *ends = sl_calloc((size_t)info.partitions, sizeof *ends);
    err = sl_log_end_offsets(log, topic, ends, info.partitions);
    int64_t end = ends[partition];
    free(ends);
    if (err || end <= from) return err;
    reader_start r = {partition, from < 0 ? 0 : from};
    sl_log_consumer *c;
    if ((err = reader_open(log, topic, &r, &c))) return err;
    sl_log_record recs[256];
    int64_t next = r.from, waited = 0;
    while (!err && next < end) {
        int n = 0;
        err = sl_log_consumer_poll(c, recs, 256, 200, &n);
        waited = n ? 0 : waited + 200;
        for (int i = 0; i < n && !err; i++) {
            if (recs[i].partition != partition || recs[i].offset < next) continue;
            next = recs[i].offset + 1;
            if (recs[i].offset < end) err = visit(ctx, &recs[i]);
        }
        if (!err && waited > timeout_ms)
            err = sl_error_new(SL_E_TIMEOUT, "reading %s[%d]: stuck at offset %lld of %lld",
                               topic, (int)partition, (long long)next, (long long)end);
    }
    sl_log_consumer_close(c);
    return err;
}

sl_error *sl_log_consumer_poll(sl_log_consumer *c, sl_log_record *recs, int max, int timeout_ms,
                               int *n)
{
    *n = 0;
    if (max <= 0) return NULL;
    return c->log->ops->consumer_poll(c, recs, max, timeout_ms < 0 ? 0 : timeout_ms, n);
}

static sl_error *check_topic_index(const sl_log_consumer *c, uint32_t topic)
{
    if (topic >= (uint32_t)c->ntopics)
        return sl_error_new(SL_E_INTERNAL, "topic index %u out of range (%d topics)", topic,
                            c->ntopics);
    return NULL;
}

sl_error *sl_log_consumer_seek(sl_log_consumer *c, uint32_t topic, int32_t partition,
                               int64_t offset)
{
    sl_error *err = check_topic_index(c, topic);
    if (err) return err;
    if (offset < SL_LOG_EARLIEST)
        return sl_error_new(SL_E_INTERNAL, "invalid offset %lld", (long long)offset);
    return c->log->ops->consumer_seek(c, topic, partition, offset);
}

sl_error *sl_log_consumer_mark(sl_log_consumer *c, uint32_t topic, int32_t partition,
                               int64_t next_offset)
{
    sl_error *err = check_topic_index(c, topic);
    return err ? err : c->log->ops->consumer_mark(c, topic, partition, next_offset);
}

void sl_log_consumer_close(sl_log_consumer *c)
{
    if (c) c->log->ops->consumer_close(c);
}

/* --- transactions ----------------------------------------------------------------------- */

sl_log_txn *sl_log_txn_begin(sl_log *log)
{
    sl_log_txn *txn = log->ops->txn_begin(log);
    txn->log = log;
    txn->batch = sl_db_batch_new();
    return txn;
}

sl_error *sl_log_txn_produce(sl_log_txn *txn, const char *topic, const sl_log_record *rec)
{
    sl_error *err = txn->log->ops->txn_produce(txn, topic, rec);
    if (err) txn->failed = true;
    return err;
}

void sl_log_txn_offset(sl_log_txn *txn, const char *group_id, const char *topic, int32_t partition,
                       int64_t next_offset)
{
    sl_buf k = SL_BUF_INIT;
    uint8_t v[8];
    sl_log_key_offset(&k, topic, group_id, partition);
    sl_db_be64_put(v, (uint64_t)next_offset);
    sl_db_batch_put(txn->batch, sl_db_meta(txn->log->db), k.p, k.len, v, sizeof v);
    sl_buf_free(&k);
}

sl_db_batch *sl_log_txn_batch(sl_log_txn *txn)
{
    return txn->batch;
}

sl_error *sl_log_txn_commit(sl_log_txn *txn)
{
    /* committing the offsets of input whose output was not taken would lose it */
    if (txn->failed) {
        sl_log_txn_abort(txn);
        return sl_error_new(SL_E_INTERNAL, "a transaction with a failed produce cannot commit");
    }
    sl_db_batch *batch = txn->batch;
    sl_error *err = txn->log->ops->txn_commit(txn);
    sl_db_batch_free(batch);
    return err;
}

void sl_log_txn_abort(sl_log_txn *txn)
{
    if (!txn) return;
    sl_db_batch *batch = txn->batch;
    txn->log->ops->txn_abort(txn);
    sl_db_batch_free(batch);
}

sl_error *sl_log_committed_offset(sl_log *log, const char *group_id, const char *topic,
                                  int32_t partition, int64_t *out)
{
    sl_buf k = SL_BUF_INIT, v = SL_BUF_INIT;
    bool found = false;
    sl_log_key_offset(&k, topic, group_id, partition);
    sl_error *err = sl_db_get(log->db, sl_db_meta(log->db), NULL, k.p, k.len, &v, &found);
    *out = SL_LOG_EARLIEST;
    if (!err && found && v.len == 8) *out = (int64_t)sl_db_be64_get((const uint8_t *)v.p);
    if (!err && found && v.len != 8)
        err = sl_error_new(SL_E_CORRUPT, "committed offset of group '%s' on %s[%d] is corrupt",
                           group_id, topic, (int)partition);
    sl_buf_free(&k);
    sl_buf_free(&v);
    return err;
}
