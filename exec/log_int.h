/*
 * log_int.h - what the log backends share; used only by exec/log*.c.
 *
 * sl_log, sl_log_consumer and sl_log_txn are each a small base struct that a
 * backend embeds as its first member (an embedded topic consumer is an
 * emb_consumer whose first member is the sl_log_consumer). log.c dispatches
 * through the backend's ops table and owns what both backends do the same:
 * source offsets in the meta CF, transaction batches, topic name checks,
 * the murmur2 partitioner.
 *
 * Meta CF keys of the log (all under "log/"):
 *   log/t/<topic>                          topic metadata (embedded)
 *   log/s/<topic> \0 <partition BE32>      first retained offset (embedded)
 *   log/o/<topic> \0 <group> \0 <part BE32> next offset to consume, BE64 (both)
 */
#ifndef SL_EXEC_LOG_INT_H
#define SL_EXEC_LOG_INT_H

#include "common/buf.h"
#include "exec/db.h"
#include "exec/log.h"

typedef struct sl_log_ops {
    void (*close)(sl_log *log);
    sl_error *(*topic_create)(sl_log *log, const sl_topic_info *info);
    sl_error *(*topic_describe)(sl_log *log, const char *topic, sl_topic_info *out);
    sl_error *(*topic_delete)(sl_log *log, const char *topic);
    sl_error *(*topic_list)(sl_log *log, sl_topic_info **out, int *n);
    sl_error *(*end_offsets)(sl_log *log, const char *topic, int64_t *ends, int n);
    sl_error *(*start_offsets)(sl_log *log, const char *topic, int64_t *starts, int n);
    sl_error *(*produce)(sl_log *log, const char *topic, sl_log_record *rec);
    sl_error *(*maintain)(sl_log *log, int64_t now_ms);

    sl_error *(*consumer_open)(sl_log *log, const char *group_id, const char *const *topics,
                               int ntopics, const sl_log_assign_cb *cb, sl_log_consumer **out);
    sl_error *(*consumer_poll)(sl_log_consumer *c, sl_log_record *recs, int max, int timeout_ms,
                               int *n);
    sl_error *(*consumer_seek)(sl_log_consumer *c, uint32_t topic, int32_t partition,
                               int64_t offset);
    sl_error *(*consumer_mark)(sl_log_consumer *c, uint32_t topic, int32_t partition,
                               int64_t next_offset);
    void (*consumer_close)(sl_log_consumer *c);
    /* A consumer of one partition from offset `from`, outside any group (NULL: the generic
     * one, a group consumer whose other partitions start at their end). */
    sl_error *(*reader_open)(sl_log *log, const char *topic, int32_t partition, int64_t from,
                             sl_log_consumer **out);

    /* Returns a zeroed backend txn whose first member is the base. */
    sl_log_txn *(*txn_begin)(sl_log *log);
    sl_error *(*txn_produce)(sl_log_txn *txn, const char *topic, const sl_log_record *rec);
    /* Commits (including the db write of txn->batch) and frees the backend's
     * part; log.c frees the base. */
    sl_error *(*txn_commit)(sl_log_txn *txn);
    void (*txn_abort)(sl_log_txn *txn);
} sl_log_ops;

struct sl_log {
    const sl_log_ops *ops;
    sl_db *db;
    bool kafka;
};

struct sl_log_consumer {
    sl_log *log;
    char *group;   /* the group id (malloc'd by the backend, freed by it) */
    char **topics; /* the topic list as given, for default start offsets */
    int ntopics;
};

struct sl_log_txn {
    sl_log *log;
    sl_db_batch *batch;
    bool failed; /* a produce failed: the txn can only be aborted */
};

/* Kafka's topic name rules (1-249 chars of [A-Za-z0-9._-], not "." or ".."),
 * which the embedded log follows too so names move between backends.
 * SL_E_STATEMENT when name breaks them. */
sl_error *sl_log_name_check(const char *name);

/* Meta keys (see the top of this file); each replaces b's contents. */
void sl_log_key_topic(sl_buf *b, const char *topic);
void sl_log_key_start(sl_buf *b, const char *topic, int32_t partition);
void sl_log_key_offset(sl_buf *b, const char *topic, const char *group, int32_t partition);
/* Adds to batch the deletion of every source offset kept for topic. */
void sl_log_offsets_drop(sl_db *db, sl_db_batch *batch, const char *topic);

/* Where a consumer starts a newly assigned partition unless its callback says
 * otherwise: the offset committed in the data dir, else *start as the backend
 * set it (Kafka: the group's committed offset, or SL_LOG_EARLIEST). Then asks
 * the callback, if any. */
sl_error *sl_log_start_for(sl_log_consumer *c, const sl_log_assign_cb *cb, uint32_t topic,
                           int32_t partition, int64_t *start);

/* Copies the base fields of a consumer (group and topic names). */
void sl_log_consumer_base_init(sl_log_consumer *c, sl_log *log, const char *group,
                               const char *const *topics, int ntopics);
void sl_log_consumer_base_free(sl_log_consumer *c);

#endif
