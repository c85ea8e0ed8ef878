/*
 * log_kafka.h - the Kafka log's structures, shared by log_kafka.c (open,
 * producer, transactions), log_kafka_consumer.c and log_kafka_admin.c (topics
 * and offsets). Used only by those files.
 *
 * One producer serves the whole log. It is an object with a reference count
 * (kprod) because a fatal producer error (e.g. idempotence sequence
 * desynchronisation) means it must be replaced: the log swaps in a new one
 * and the old one is destroyed when the last transaction that used it ends.
 * Each producer has a poller thread that serves its delivery reports.
 */
#ifndef SL_EXEC_LOG_KAFKA_H
#define SL_EXEC_LOG_KAFKA_H

#include "exec/log_int.h"

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdatomic.h>

typedef struct kprod kprod;

typedef struct kafka_log {
    sl_log base;
    char *bootstrap;
    /* librdkafka properties as key, value, ...: for both roles, and the
     * "producer." / "consumer." ones (prefix removed) for one role only */
    char **props[3];
    size_t nprops[3];
    char *mock_control; /* sluice.mock.control, or NULL */
    int admin_timeout_ms;
    pthread_mutex_t pmu; /* guards prod */
    kprod *prod;
    pthread_mutex_t dr_mu; /* transactions wait for their deliveries under it */
} kafka_log;

enum { KPROPS_ALL, KPROPS_PRODUCER, KPROPS_CONSUMER };

/* A new librdkafka configuration for role (KPROPS_PRODUCER or _CONSUMER):
 * defaults (NULL-terminated key, value pairs), then the log's brokers and
 * properties, which override them. NULL with errstr set when a property is
 * refused. */
rd_kafka_conf_t *sl_log_kafka_conf_new(kafka_log *log, int role, const char *const *defaults,
                                       char *errstr, size_t errlen);
/* Sets a property the log needs; refusals are bugs, reported as errors. */
sl_error *sl_log_kafka_conf_set(rd_kafka_conf_t *conf, const char *key, const char *val);
/* Routes librdkafka's log lines to the sluice logger. */
void sl_log_kafka_log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf);

/* A reference to the current producer, and its client handle. */
kprod *sl_log_kafka_prod_get(kafka_log *log);
void sl_log_kafka_prod_unref(kprod *p);
rd_kafka_t *sl_log_kafka_prod_rk(const kprod *p);

/* An sl_error for a librdkafka error code. */
sl_error *sl_log_kafka_error(rd_kafka_resp_err_t e, const char *what);

/* Topics and offsets (log_kafka_admin.c). */
sl_error *sl_log_kafka_topic_create(sl_log *log, const sl_topic_info *info);
sl_error *sl_log_kafka_topic_describe(sl_log *log, const char *topic, sl_topic_info *out);
sl_error *sl_log_kafka_topic_delete(sl_log *log, const char *topic);
sl_error *sl_log_kafka_topic_list(sl_log *log, sl_topic_info **out, int *n);
sl_error *sl_log_kafka_end_offsets(sl_log *log, const char *topic, int64_t *ends, int n);
sl_error *sl_log_kafka_start_offsets(sl_log *log, const char *topic, int64_t *starts, int n);
/* SL_E_NOT_FOUND unless every topic exists. */
sl_error *sl_log_kafka_topics_exist(kafka_log *log, const char *const *topics, int n);

/* Consumers (log_kafka_consumer.c). */
sl_error *sl_log_kafka_consumer_open(sl_log *log, const char *group_id, const char *const *topics,
                                     int ntopics, const sl_log_assign_cb *cb,
                                     sl_log_consumer **out);
sl_error *sl_log_kafka_consumer_poll(sl_log_consumer *c, sl_log_record *recs, int max,
                                     int timeout_ms, int *n);
sl_error *sl_log_kafka_consumer_seek(sl_log_consumer *c, uint32_t topic, int32_t partition,
                                     int64_t offset);
sl_error *sl_log_kafka_consumer_mark(sl_log_consumer *c, uint32_t topic, int32_t partition,
                                     int64_t next_offset);
void sl_log_kafka_consumer_close(sl_log_consumer *c);
sl_error *sl_log_kafka_reader_open(sl_log *log, const char *topic, int32_t partition,
                                   int64_t from, sl_log_consumer **out);

#endif
