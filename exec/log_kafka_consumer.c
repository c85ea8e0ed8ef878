/*
 * log_kafka_consumer.c - consumers of the Kafka log: one librdkafka consumer
 * per sl_log_consumer, in the consumer group the caller names.
 *
 * Assignment is eager (partition.assignment.strategy=range,roundrobin, fixed):
 * at each rebalance librdkafka revokes every partition, then assigns the new
 * set. Both happen inside sl_log_consumer_poll, in the rebalance callback:
 *
 *   revoke   the caller's revoked() runs for each partition (it can still
 *            commit what it processed), then the assignment is dropped
 *   assign   for each partition the start is the engine's committed offset
 *            (sl_log_committed_offset, kept in RocksDB with the state), else
 *            the group's committed offset (the data dir was lost), else the
 *            earliest; the caller's assigned() may change it; the
 *            partitions are then assigned at exactly those offsets (an
 *            assignment with offsets is a seek)
 *
 * Eager was chosen over cooperative because a task's state and source
 * offsets move together: dropping all tasks at a rebalance and restarting
 * each from its committed state is simple and always right, and rebalances
 * are rare. Group offsets are only a progress marker (sl_log_consumer_mark
 * commits them asynchronously, for lag monitoring); auto-commit is off.
 *
 * A poll waits up to the timeout for the first record, then takes whatever
 * else is ready without waiting, up to max. Records point into librdkafka's
 * messages, which are kept until the next poll: no copy.
 */
#include "exec/log_kafka.h"

#include "common/arena.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

typedef struct kconsumer {
    sl_log_consumer base;
    rd_kafka_t *rk;
    sl_log_assign_cb cb;
    bool closing;
    sl_error *err;             /* found while serving callbacks; returned by the next poll */
    rd_kafka_message_t **msgs; /* the last poll's messages */
    size_t nmsgs, capmsgs;
    sl_arena *ar; /* the last poll's header arrays */
    const rd_kafka_topic_t *last_rkt;
    uint32_t last_topic;
} kconsumer;

static int topic_index(const kconsumer *c, const char *name)
{
    for (int i = 0; i < c->base.ntopics; i++)
        if (strcmp(c->base.topics[i], name) == 0) return i;
    return -1;
}

static void keep_err(kconsumer *c, sl_error *err)
{
    if (!c->err)
        c->err = err;
    else
        sl_error_free(err);
}

static void on_assign(kconsumer *c, rd_kafka_topic_partition_list_t *parts)
{
    /* the group's offsets: where a partition goes on when the data dir has none (it was
     * lost); a progress marker, committed after the state, so at most a commit is redone */
    rd_kafka_resp_err_t ce = rd_kafka_committed(c->rk, parts, 10000);
    for (int i = 0; i < parts->cnt; i++) {
        rd_kafka_topic_partition_t *tp = &parts->elems[i];
        int idx = topic_index(c, tp->topic);
        int64_t start = !ce && tp->offset >= 0 ? tp->offset : SL_LOG_EARLIEST;
        sl_error *err =
            idx < 0 ? NULL
                    : sl_log_start_for(&c->base, &c->cb, (uint32_t)idx, tp->partition, &start);
        if (err) {
            keep_err(c, err);
            start = SL_LOG_EARLIEST;
        }
        /* SL_LOG_EARLIEST and SL_LOG_LATEST are librdkafka's BEGINNING and END */
        tp->offset = start;
    }
    rd_kafka_resp_err_t e = rd_kafka_assign(c->rk, parts);
    if (e) keep_err(c, sl_log_kafka_error(e, "cannot take the assigned partitions"));
}

static void rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t e,
                         rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    kconsumer *c = opaque;
    (void)rk;
    if (e == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        on_assign(c, parts);
        return;
    }
    for (int i = 0; i < parts->cnt && !c->closing && c->cb.revoked; i++) {
        int idx = topic_index(c, parts->elems[i].topic);
        if (idx >= 0) c->cb.revoked(c->cb.ctx, (uint32_t)idx, parts->elems[i].partition);
    }
    rd_kafka_assign(c->rk, NULL);
    if (e != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS)
        keep_err(c, sl_log_kafka_error(e, "consumer group rebalance failed"));
}

static sl_error *subscribe(kconsumer *c)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(c->base.ntopics);
    for (int i = 0; i < c->base.ntopics; i++)
        rd_kafka_topic_partition_list_add(l, c->base.topics[i], RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t e = rd_kafka_subscribe(c->rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    return e ? sl_log_kafka_error(e, "cannot subscribe") : NULL;
}

/* A consumer in group_id over topics; subscribed (joins the group) or not (the caller
 * assigns partitions itself). */
static sl_error *consumer_new(sl_log *base, const char *group_id, const char *const *topics,
                              int ntopics, const sl_log_assign_cb *cb, bool join,
                              sl_log_consumer **out)
{
    static const char *const defaults[] = {"auto.offset.reset", "earliest", NULL};
    static const char *const fixed[] = {
        "enable.auto.commit",
        "false",
        "enable.auto.offset.store",
        "false",
        "enable.partition.eof",
        "false",
        "partition.assignment.strategy",
        "range,roundrobin",
        NULL,
    };
    kafka_log *log = (kafka_log *)base;
    sl_error *err = sl_log_kafka_topics_exist(log, topics, ntopics);
    if (err) return err;
    char errstr[512];
    rd_kafka_conf_t *conf =
        sl_log_kafka_conf_new(log, KPROPS_CONSUMER, defaults, errstr, sizeof errstr);
    if (!conf) return sl_error_new(SL_E_KAFKA, "invalid Kafka configuration: %s", errstr);
    err = sl_log_kafka_conf_set(conf, "group.id", group_id);
    for (size_t i = 0; !err && fixed[i]; i += 2)
        err = sl_log_kafka_conf_set(conf, fixed[i], fixed[i + 1]);
    if (err) {
        rd_kafka_conf_destroy(conf);
        return err;
    }
    kconsumer *c = sl_calloc(1, sizeof *c);
    sl_log_consumer_base_init(&c->base, base, group_id, topics, ntopics);
    if (cb) c->cb = *cb;
    c->ar = sl_arena_new(0);
    rd_kafka_conf_set_rebalance_cb(conf, rebalance_cb);
    rd_kafka_conf_set_opaque(conf, c);
    c->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!c->rk) {
        rd_kafka_conf_destroy(conf);
        err = sl_error_new(SL_E_KAFKA, "cannot create a Kafka consumer: %s", errstr);
    } else {
        rd_kafka_poll_set_consumer(c->rk);
        if (join) err = subscribe(c);
    }
    if (err) {
        sl_log_kafka_consumer_close(&c->base);
        return err;
    }
    *out = &c->base;
    return NULL;
}

static rd_kafka_topic_partition_list_t *one_partition(kconsumer *c, uint32_t topic,
                                                      int32_t partition, int64_t offset)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, c->base.topics[topic], partition)->offset = offset;
    return l;
}

sl_error *sl_log_kafka_consumer_open(sl_log *base, const char *group_id, const char *const *topics,
                                     int ntopics, const sl_log_assign_cb *cb, sl_log_consumer **out)
{
    return consumer_new(base, group_id, topics, ntopics, cb, true, out);
}

sl_error *sl_log_kafka_reader_open(sl_log *base, const char *topic, int32_t partition,
                                   int64_t from, sl_log_consumer **out)
{
    sl_error *err = consumer_new(base, "sluice-reader", &topic, 1, NULL, false, out);
    if (err) return err;
    kconsumer *c = (kconsumer *)*out;
    rd_kafka_topic_partition_list_t *l = one_partition(c, 0, partition, from);
    rd_kafka_resp_err_t e = rd_kafka_assign(c->rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    if (!e) return NULL;
    sl_log_kafka_consumer_close(*out);
    *out = NULL;
    return sl_log_kafka_error(e, "cannot assign the partition to read");
}

static void drop_messages(kconsumer *c)
{
    for (size_t i = 0; i < c->nmsgs; i++)
        rd_kafka_message_destroy(c->msgs[i]);
    c->nmsgs = 0;
    sl_arena_reset(c->ar);
}

void sl_log_kafka_consumer_close(sl_log_consumer *base)
{
    kconsumer *c = (kconsumer *)base;
    drop_messages(c);
    if (c->rk) {
        c->closing = true;
        rd_kafka_consumer_close(c->rk); /* leaves the group: the revoke is not the caller's */
        rd_kafka_destroy(c->rk);
    }
    sl_error_free(c->err);
    free(c->msgs);
    sl_arena_free(c->ar);
    sl_log_consumer_base_free(&c->base);
    free(c);
}

/* Fills r from m (borrowing m's memory). */
static void record_of(kconsumer *c, const rd_kafka_message_t *m, sl_log_record *r)
{
    if (m->rkt != c->last_rkt) {
        int idx = topic_index(c, rd_kafka_topic_name(m->rkt));
        c->last_rkt = m->rkt;
        c->last_topic = idx < 0 ? 0 : (uint32_t)idx;
    }
    r->key = m->key;
    r->klen = (uint32_t)m->key_len;
    r->val = m->payload;
    r->vlen = (uint32_t)m->len;
    r->ts = rd_kafka_message_timestamp(m, NULL);
    r->offset = m->offset;
    r->partition = m->partition;
    r->topic = c->last_topic;
    r->headers = (sl_headers){NULL, 0};
    rd_kafka_headers_t *hs;
    if (rd_kafka_message_headers(m, &hs) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
    size_t n = rd_kafka_header_cnt(hs);
    sl_header *h = SL_ARENA_ARRAY(c->ar, sl_header, n);
    for (size_t i = 0; i < n; i++) {
        const void *v;
        size_t len;
        rd_kafka_header_get_all(hs, i, &h[i].key, &v, &len);
        h[i].val = v;
        h[i].len = (uint32_t)len;
    }
    r->headers = (sl_headers){h, (uint32_t)n};
}

sl_error *sl_log_kafka_consumer_poll(sl_log_consumer *base, sl_log_record *recs, int max,
                                     int timeout_ms, int *n)
{
    kconsumer *c = (kconsumer *)base;
    drop_messages(c);
    /* an error met while serving callbacks during the last poll comes first */
    sl_error *err = c->err;
    c->err = NULL;
    if (err) return err;
    rd_kafka_message_t *m = rd_kafka_consumer_poll(c->rk, timeout_ms);
    while (m) {
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            rd_kafka_message_destroy(m);
        } else if (m->err) {
            err = sl_error_new(SL_E_KAFKA, "Kafka consumer error: %s", rd_kafka_message_errstr(m));
            rd_kafka_message_destroy(m);
            break;
        } else {
            SL_GROW(c->msgs, c->capmsgs, c->nmsgs + 1);
            c->msgs[c->nmsgs++] = m;
            record_of(c, m, &recs[(*n)++]);
        }
        if (*n == max || c->err) break;
        m = rd_kafka_consumer_poll(c->rk, 0);
    }
    if (err && *n > 0) { /* the records first, the error at the next poll */
        keep_err(c, err);
        err = NULL;
    } else if (!err && *n == 0 && c->err) {
        err = c->err;
        c->err = NULL;
    }
    return err;
}

sl_error *sl_log_kafka_consumer_seek(sl_log_consumer *base, uint32_t topic, int32_t partition,
                                     int64_t offset)
{
    kconsumer *c = (kconsumer *)base;
    rd_kafka_topic_partition_list_t *l = one_partition(c, topic, partition, offset);
    sl_error *err = NULL;
    rd_kafka_error_t *ke = rd_kafka_seek_partitions(c->rk, l, 10000);
    rd_kafka_resp_err_t e = ke ? rd_kafka_error_code(ke) : l->elems[0].err;
    if (e == RD_KAFKA_RESP_ERR__STATE || e == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION)
        err = sl_error_new(SL_E_INTERNAL, "partition %s[%d] is not assigned to this consumer",
                           c->base.topics[topic], (int)partition);
    else if (e)
        err = sl_log_kafka_error(e, "seek failed");
    if (ke) rd_kafka_error_destroy(ke);
    rd_kafka_topic_partition_list_destroy(l);
    return err;
}

sl_error *sl_log_kafka_consumer_mark(sl_log_consumer *base, uint32_t topic, int32_t partition,
                                     int64_t next_offset)
{
    kconsumer *c = (kconsumer *)base;
    rd_kafka_topic_partition_list_t *l = one_partition(c, topic, partition, next_offset);
    rd_kafka_resp_err_t e = rd_kafka_commit(c->rk, l, 1 /* async */);
    rd_kafka_topic_partition_list_destroy(l);
    return e ? sl_log_kafka_error(e, "cannot commit the group offset") : NULL;
}
