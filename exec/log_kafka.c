/*
 * log_kafka.c - the Kafka log: configuration, the producer, transactions.
 * (Consumers: log_kafka_consumer.c; topics and offsets: log_kafka_admin.c.)
 *
 * Output is at-least-once. A transaction hands each record to librdkafka as
 * it is produced (so sending overlaps the engine's work) and counts it; the
 * producer's poller thread serves delivery reports, which count down. Commit
 * waits until every record of the transaction is acknowledged by the brokers,
 * and only then writes the transaction's batch (source offsets + state) to
 * RocksDB. If any record failed, the commit fails and writes nothing, and the
 * engine replays from its last committed offsets; records that did reach
 * Kafka are then written again (duplicates, never losses). An abort cannot
 * recall records already handed over either: it waits for them like a commit
 * (their memory is librdkafka's until delivered) and then drops the batch.
 *
 * The producer: linger.ms=5 (batches form while the engine works),
 * enable.idempotence=true (retries cannot duplicate or reorder within a
 * partition), partitioner=murmur2_random (keyed records go where Java
 * clients put them; null keys to a random partition), message.timeout.ms
 * 30000 (a commit waits at most that long for a broker). Any of these can be
 * overridden through sl_log_kafka_conf.extra. A fatal error (rd_kafka_fatal_error)
 * makes the failing commit rebuild the producer; later transactions use the
 * new one.
 */
#include "exec/log_kafka.h"

#include "common/logger.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

struct kprod {
    rd_kafka_t *rk;
    atomic_int refs;
    atomic_bool stop;
    pthread_t poller;
    pthread_mutex_t tmu; /* guards the topic handle cache */
    rd_kafka_topic_t **rkts;
    size_t nrkts, caprkts;
};

typedef struct ktxn {
    sl_log_txn base;
    kprod *prod;
    atomic_long pending;     /* records handed to librdkafka, not yet reported */
    pthread_cond_t cv;       /* signalled (under dr_mu) when pending reaches 0 */
    rd_kafka_resp_err_t err; /* the first delivery error (under dr_mu) */
    char errstr[256];
    int32_t partition; /* of the last delivered record (for sl_log_produce) */
    int64_t offset;
    rd_kafka_topic_t *rkt; /* the last topic produced to */
} ktxn;

sl_error *sl_log_kafka_error(rd_kafka_resp_err_t e, const char *what)
{
    return sl_error_new(SL_E_KAFKA, "%s: %s", what, rd_kafka_err2str(e));
}

/* --- configuration ---------------------------------------------------------------------- */

void sl_log_kafka_log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    (void)rk;
    sl_loglevel l = level <= 3   ? SL_LOGLEVEL_ERROR
                    : level == 4 ? SL_LOGLEVEL_WARN
                    : level <= 6 ? SL_LOGLEVEL_INFO
                                 : SL_LOGLEVEL_DEBUG;
    if (sl_logger_enabled(l)) sl_logger_write(l, buf, "component=librdkafka facility=%s", fac);
}

/* librdkafka's error events: transient ones (a broker went away) are retried by
 * librdkafka and already in its log; a fatal one reaches the caller through
 * the failed deliveries it causes, and is logged here too. */
static void error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    (void)opaque;
    if (err == RD_KAFKA_RESP_ERR__FATAL)
        SL_ERROR("fatal Kafka client error", "client=%s reason=\"%s\"", rd_kafka_name(rk), reason);
    else
        SL_DEBUG("Kafka client error", "client=%s reason=\"%s\"", rd_kafka_name(rk), reason);
}

sl_error *sl_log_kafka_conf_set(rd_kafka_conf_t *conf, const char *key, const char *val)
{
    char errstr[256];
    if (rd_kafka_conf_set(conf, key, val, errstr, sizeof errstr) == RD_KAFKA_CONF_OK) return NULL;
    return sl_error_new(SL_E_KAFKA, "invalid Kafka property %s=%s: %s", key, val, errstr);
}

rd_kafka_conf_t *sl_log_kafka_conf_new(kafka_log *log, int role, const char *const *defaults,
                                       char *errstr, size_t errlen)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, sl_log_kafka_log_cb);
    rd_kafka_conf_set_error_cb(conf, error_cb);
    for (size_t i = 0; defaults && defaults[i]; i += 2)
        if (rd_kafka_conf_set(conf, defaults[i], defaults[i + 1], errstr, errlen)) goto fail;
    if (rd_kafka_conf_set(conf, "bootstrap.servers", log->bootstrap, errstr, errlen)) goto fail;
    const int roles[] = {KPROPS_ALL, role};
    for (int r = 0; r < 2; r++) {
        char **kv = log->props[roles[r]];
        for (size_t i = 0; i + 1 < log->nprops[roles[r]]; i += 2)
            if (rd_kafka_conf_set(conf, kv[i], kv[i + 1], errstr, errlen)) goto fail;
    }
    return conf;
fail:
    rd_kafka_conf_destroy(conf);
    return NULL;
}

/* --- the producer ----------------------------------------------------------------------- */

static void dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    kafka_log *log = opaque;
    ktxn *txn = m->_private;
    (void)rk;
    if (m->err) {
        pthread_mutex_lock(&log->dr_mu);
        if (!txn->err) {
            txn->err = m->err;
            snprintf(txn->errstr, sizeof txn->errstr, "%s", rd_kafka_err2str(m->err));
        }
        pthread_mutex_unlock(&log->dr_mu);
    } else {
        txn->partition = m->partition;
        txn->offset = m->offset;
    }
    if (atomic_fetch_sub(&txn->pending, 1) == 1) {
        pthread_mutex_lock(&log->dr_mu);
        pthread_cond_broadcast(&txn->cv);
        pthread_mutex_unlock(&log->dr_mu);
    }
}

static void *poller_main(void *arg)
{
    kprod *p = arg;
    while (!atomic_load(&p->stop))
        rd_kafka_poll(p->rk, 100);
    return NULL;
}

static sl_error *prod_new(kafka_log *log, kprod **out)
{
    static const char *const defaults[] = {
        "linger.ms",
        "5",
        "enable.idempotence",
        "true",
        "partitioner",
        "murmur2_random",
        "message.timeout.ms",
        "30000",
        NULL,
    };
    char errstr[512];
    *out = NULL;
    rd_kafka_conf_t *conf =
        sl_log_kafka_conf_new(log, KPROPS_PRODUCER, defaults, errstr, sizeof errstr);
    if (!conf) return sl_error_new(SL_E_KAFKA, "invalid Kafka configuration: %s", errstr);
    rd_kafka_conf_set_dr_msg_cb(conf, dr_cb);
    rd_kafka_conf_set_opaque(conf, log);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return sl_error_new(SL_E_KAFKA, "cannot create the Kafka producer: %s", errstr);
    }
    kprod *p = sl_calloc(1, sizeof *p);
    p->rk = rk;
    atomic_init(&p->refs, 1);
    pthread_mutex_init(&p->tmu, NULL);
    if (pthread_create(&p->poller, NULL, poller_main, p) != 0) {
        rd_kafka_destroy(rk);
        pthread_mutex_destroy(&p->tmu);
        free(p);
        return sl_error_new(SL_E_INTERNAL, "cannot start the Kafka producer's poller thread");
    }
    *out = p;
    return NULL;
}

kprod *sl_log_kafka_prod_get(kafka_log *log)
{
    pthread_mutex_lock(&log->pmu);
    kprod *p = log->prod;
    atomic_fetch_add(&p->refs, 1);
    pthread_mutex_unlock(&log->pmu);
    return p;
}

void sl_log_kafka_prod_unref(kprod *p)
{
    if (!p || atomic_fetch_sub(&p->refs, 1) != 1) return;
    /* every transaction on it has seen all its delivery reports: nothing is in flight */
    atomic_store(&p->stop, true);
    pthread_join(p->poller, NULL);
    for (size_t i = 0; i < p->nrkts; i++)
        rd_kafka_topic_destroy(p->rkts[i]);
    free(p->rkts);
    rd_kafka_destroy(p->rk);
    pthread_mutex_destroy(&p->tmu);
    free(p);
}

rd_kafka_t *sl_log_kafka_prod_rk(const kprod *p)
{
    return p->rk;
}

/* The producer's handle for topic (made once per topic and producer). */
static rd_kafka_topic_t *prod_topic(kprod *p, const char *topic)
{
    rd_kafka_topic_t *rkt = NULL;
    pthread_mutex_lock(&p->tmu);
    for (size_t i = 0; i < p->nrkts && !rkt; i++)
        if (strcmp(rd_kafka_topic_name(p->rkts[i]), topic) == 0) rkt = p->rkts[i];
    if (!rkt) {
        rkt = rd_kafka_topic_new(p->rk, topic, NULL);
        SL_GROW(p->rkts, p->caprkts, p->nrkts + 1);
        p->rkts[p->nrkts++] = rkt;
    }
    pthread_mutex_unlock(&p->tmu);
    return rkt;
}

/* Replaces a producer that hit a fatal error (unless another thread did). */
static void prod_rebuild(kafka_log *log, kprod *failed)
{
    pthread_mutex_lock(&log->pmu);
    if (log->prod == failed) {
        kprod *p;
        sl_error *err = prod_new(log, &p);
        if (!err) {
            log->prod = p;
            sl_log_kafka_prod_unref(failed);
        }
        sl_error_free(err); /* the old one stays; the next fatal commit retries */
    }
    pthread_mutex_unlock(&log->pmu);
}

/* A fatal error of p, if it has one: p is replaced (see the top of this file). */
static sl_error *check_fatal(kafka_log *log, kprod *p)
{
    char reason[256];
    if (!rd_kafka_fatal_error(p->rk, reason, sizeof reason)) return NULL;
    prod_rebuild(log, p);
    sl_error *err = sl_error_new(SL_E_KAFKA, "the Kafka producer failed: %s", reason);
    return sl_error_with_hint(err, "the producer was rebuilt; replay from the last commit");
}

/* --- transactions ----------------------------------------------------------------------- */

static sl_log_txn *kafka_txn_begin(sl_log *base)
{
    ktxn *txn = sl_calloc(1, sizeof *txn);
    txn->prod = sl_log_kafka_prod_get((kafka_log *)base);
    pthread_cond_init(&txn->cv, NULL);
    return &txn->base;
}

static rd_kafka_headers_t *headers_of(const sl_headers *hs)
{
    if (!hs->n) return NULL;
    rd_kafka_headers_t *h = rd_kafka_headers_new(hs->n);
    for (uint32_t i = 0; i < hs->n; i++)
        rd_kafka_header_add(h, hs->h[i].key, -1, hs->h[i].val, hs->h[i].val ? hs->h[i].len : 0);
    return h;
}

static sl_error *kafka_txn_produce(sl_log_txn *base, const char *topic, const sl_log_record *rec)
{
    ktxn *txn = (ktxn *)base;
    rd_kafka_t *rk = txn->prod->rk;
    if (!txn->rkt || strcmp(rd_kafka_topic_name(txn->rkt), topic) != 0)
        txn->rkt = prod_topic(txn->prod, topic);
    rd_kafka_headers_t *h = headers_of(&rec->headers);
    atomic_fetch_add(&txn->pending, 1);
    for (;;) {
        rd_kafka_resp_err_t e =
            rd_kafka_producev(rk, RD_KAFKA_V_RKT(txn->rkt), RD_KAFKA_V_PARTITION(rec->partition),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                              RD_KAFKA_V_KEY(rec->key, rec->key ? rec->klen : 0),
                              RD_KAFKA_V_VALUE((void *)rec->val, rec->val ? rec->vlen : 0),
                              RD_KAFKA_V_TIMESTAMP(rec->ts), RD_KAFKA_V_HEADERS(h),
                              RD_KAFKA_V_OPAQUE(txn), RD_KAFKA_V_END);
        if (!e) return NULL;
        if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) { /* wait for deliveries to make room */
            rd_kafka_poll(rk, 10);
            continue;
        }
        atomic_fetch_sub(&txn->pending, 1);
        if (h) rd_kafka_headers_destroy(h);
        sl_error *err = check_fatal((kafka_log *)base->log, txn->prod);
        return err ? err
                   : sl_error_prefix(sl_log_kafka_error(e, topic), "cannot produce to topic ");
    }
}

/* Waits until every record of txn is reported; returns the first failure. */
static sl_error *txn_wait(kafka_log *log, ktxn *txn)
{
    pthread_mutex_lock(&log->dr_mu);
    while (atomic_load(&txn->pending) > 0)
        pthread_cond_wait(&txn->cv, &log->dr_mu);
    pthread_mutex_unlock(&log->dr_mu);
    if (!txn->err) return NULL;
    sl_error *err = check_fatal(log, txn->prod);
    return err ? err
               : sl_error_new(SL_E_KAFKA, "a record was not delivered to Kafka: %s", txn->errstr);
}

static void txn_free(ktxn *txn)
{
    sl_log_kafka_prod_unref(txn->prod);
    pthread_cond_destroy(&txn->cv);
    free(txn);
}

static sl_error *kafka_txn_commit(sl_log_txn *base)
{
    ktxn *txn = (ktxn *)base;
    sl_error *err = txn_wait((kafka_log *)base->log, txn);
    if (!err && sl_db_batch_count(base->batch)) err = sl_db_write(base->log->db, base->batch);
    txn_free(txn);
    return err;
}

static void kafka_txn_abort(sl_log_txn *base)
{
    ktxn *txn = (ktxn *)base;
    sl_error_free(txn_wait((kafka_log *)base->log, txn));
    txn_free(txn);
}

static sl_error *kafka_produce(sl_log *log, const char *topic, sl_log_record *rec)
{
    sl_log_txn *base = sl_log_txn_begin(log);
    ktxn *txn = (ktxn *)base;
    sl_error *err = kafka_txn_produce(base, topic, rec);
    sl_error *werr = txn_wait((kafka_log *)log, txn);
    if (!err)
        err = werr;
    else
        sl_error_free(werr);
    if (!err) {
        rec->partition = txn->partition;
        rec->offset = txn->offset;
    }
    sl_log_txn_abort(base); /* frees it: everything was reported */
    return err;
}

static sl_error *kafka_maintain(sl_log *log, int64_t now_ms)
{
    (void)log, (void)now_ms; /* retention and compaction are the brokers' */
    return NULL;
}

/* --- open and close --------------------------------------------------------------------- */

static void kafka_close(sl_log *base)
{
    kafka_log *log = (kafka_log *)base;
    if (log->prod) rd_kafka_flush(log->prod->rk, 5000);
    sl_log_kafka_prod_unref(log->prod);
    for (int r = 0; r < 3; r++) {
        for (size_t i = 0; i < log->nprops[r]; i++)
            free(log->props[r][i]);
        free(log->props[r]);
    }
    free(log->bootstrap);
    free(log->mock_control);
    pthread_mutex_destroy(&log->pmu);
    pthread_mutex_destroy(&log->dr_mu);
    free(log);
}

static void props_add(kafka_log *log, int role, const char *k, const char *v)
{
    log->props[role][log->nprops[role]++] = sl_strdup(k);
    log->props[role][log->nprops[role]++] = sl_strdup(v);
}

/* Takes the sluice.* keys out of the property list and sorts the rest by role. */
static sl_error *props_parse(kafka_log *log, const char *const *extra)
{
    size_t n = 0;
    while (extra && extra[n])
        n++;
    if (n % 2) return sl_error_new(SL_E_KAFKA, "Kafka property '%s' has no value", extra[n - 1]);
    for (int r = 0; r < 3; r++)
        log->props[r] = sl_calloc(n + 1, sizeof(char *));
    for (size_t i = 0; i < n; i += 2) {
        const char *k = extra[i], *v = extra[i + 1];
        if (strcmp(k, "sluice.mock.control") == 0) {
            free(log->mock_control);
            log->mock_control = sl_strdup(v);
        } else if (strcmp(k, "sluice.admin.timeout.ms") == 0) {
            log->admin_timeout_ms = atoi(v);
            if (log->admin_timeout_ms <= 0)
                return sl_error_new(SL_E_KAFKA, "invalid sluice.admin.timeout.ms '%s'", v);
        } else if (strncmp(k, "sluice.", 7) == 0) {
            return sl_error_new(SL_E_KAFKA, "unknown property '%s'", k);
        } else if (strncmp(k, "producer.", 9) == 0) {
            props_add(log, KPROPS_PRODUCER, k + 9, v);
        } else if (strncmp(k, "consumer.", 9) == 0) {
            props_add(log, KPROPS_CONSUMER, k + 9, v);
        } else {
            props_add(log, KPROPS_ALL, k, v);
        }
    }
    return NULL;
}

static const sl_log_ops kafka_ops = {
    .close = kafka_close,
    .topic_create = sl_log_kafka_topic_create,
    .topic_describe = sl_log_kafka_topic_describe,
    .topic_delete = sl_log_kafka_topic_delete,
    .topic_list = sl_log_kafka_topic_list,
    .end_offsets = sl_log_kafka_end_offsets,
    .start_offsets = sl_log_kafka_start_offsets,
    .produce = kafka_produce,
    .maintain = kafka_maintain,
    .consumer_open = sl_log_kafka_consumer_open,
    .consumer_poll = sl_log_kafka_consumer_poll,
    .consumer_seek = sl_log_kafka_consumer_seek,
    .consumer_mark = sl_log_kafka_consumer_mark,
    .consumer_close = sl_log_kafka_consumer_close,
    .reader_open = sl_log_kafka_reader_open,
    .txn_begin = kafka_txn_begin,
    .txn_produce = kafka_txn_produce,
    .txn_commit = kafka_txn_commit,
    .txn_abort = kafka_txn_abort,
};

sl_error *sl_log_open_kafka(const sl_log_kafka_conf *conf, sl_db *db, sl_log **out)
{
    *out = NULL;
    if (!conf->bootstrap_servers || !*conf->bootstrap_servers)
        return sl_error_new(SL_E_KAFKA, "the Kafka log needs bootstrap.servers");
    kafka_log *log = sl_calloc(1, sizeof *log);
    log->base.ops = &kafka_ops;
    log->base.db = db;
    log->base.kafka = true;
    log->bootstrap = sl_strdup(conf->bootstrap_servers);
    log->admin_timeout_ms = 30000;
    pthread_mutex_init(&log->pmu, NULL);
    pthread_mutex_init(&log->dr_mu, NULL);
    sl_error *err = props_parse(log, conf->extra);
    if (!err) err = prod_new(log, &log->prod);
    if (err) {
        kafka_close(&log->base);
        return err;
    }
    *out = &log->base;
    return NULL;
}
