/*
 * log_emb.h - the embedded log's structures, shared by log_embedded.c (topics,
 * transactions, consumers), log_emb_gc.c (retention, compaction) and
 * log_codec.c (the record encoding). Used only by those files.
 *
 * A topic is a column family "t/<name>" whose keys are (partition BE32,
 * offset BE64), so a partition is one contiguous, offset-ordered key range.
 * Each partition's end offset (the next to write) and start offset (the
 * oldest retained) live in memory; end is recovered at open from the last key,
 * start from the meta CF (log/s/...), which retention updates.
 *
 * Locks, in the order they may be taken:
 *   emb_log.lock      (rwlock) the topic table
 *   emb_topic.mu      the commit lock: offsets are assigned and the batch is
 *                     written under it, so offsets are dense and in order;
 *                     a transaction over several topics takes their locks in
 *                     name order
 *   emb_topic.wmu     the topic's list of watching consumers
 *   emb_consumer.mu   a consumer's wake-up counter
 * end and start are atomics: readers load them without any lock.
 */
#ifndef SL_EXEC_LOG_EMB_H
#define SL_EXEC_LOG_EMB_H

#include "common/arena.h"
#include "exec/log_int.h"

#include <pthread.h>
#include <stdatomic.h>

#define EMB_KEY_LEN 12

typedef struct emb_consumer emb_consumer;

typedef struct emb_part {
    _Atomic int64_t end;   /* next offset to write; stored after the write is durable */
    _Atomic int64_t start; /* oldest retained offset */
    int64_t cleaned;       /* compaction: offsets below were compacted (gc only) */
    int64_t kept;          /* records the last compaction kept (gc only) */
} emb_part;

typedef struct emb_topic {
    char *name;
    sl_topic_info info;
    sl_db_cf *cf;
    pthread_mutex_t mu; /* the commit lock */
    atomic_int refs;
    atomic_bool deleted;
    atomic_uint rr; /* round-robin partition for null keys */
    pthread_mutex_t wmu;
    emb_consumer **watchers;
    size_t nwatchers, capwatchers;
    emb_part *parts;
} emb_topic;

typedef struct emb_log {
    sl_log base;
    sl_log_embedded_conf conf;
    pthread_rwlock_t lock;
    emb_topic **topics; /* sorted by name */
    size_t ntopics, captopics;
    pthread_mutex_t gc_mu; /* one maintenance pass at a time */
    /* the maintenance thread */
    pthread_t gc_thread;
    bool gc_running, gc_stop;
    pthread_mutex_t gc_stop_mu;
    pthread_cond_t gc_stop_cv;
} emb_log;

/* The key of a record: partition then offset, both big-endian. */
static inline void emb_key(uint8_t *k, int32_t partition, int64_t offset)
{
    sl_db_be32_put(k, (uint32_t)partition);
    sl_db_be64_put(k + 4, (uint64_t)offset);
}

/* A reference to the live topic named name, or NULL. */
emb_topic *sl_log_emb_topic_get(emb_log *log, const char *name);
void sl_log_emb_topic_unref(emb_topic *t);
/* References to every live topic; *out is malloc'd. */
void sl_log_emb_topic_all(emb_log *log, emb_topic ***out, size_t *n);

/* Consumers (log_emb_consumer.c). */
sl_error *sl_log_emb_consumer_open(sl_log *log, const char *group_id, const char *const *topics,
                                   int ntopics, const sl_log_assign_cb *cb, sl_log_consumer **out);
sl_error *sl_log_emb_consumer_poll(sl_log_consumer *c, sl_log_record *recs, int max, int timeout_ms,
                                   int *n);
sl_error *sl_log_emb_consumer_seek(sl_log_consumer *c, uint32_t topic, int32_t partition,
                                   int64_t offset);
sl_error *sl_log_emb_consumer_mark(sl_log_consumer *c, uint32_t topic, int32_t partition,
                                   int64_t next_offset);
void sl_log_emb_consumer_close(sl_log_consumer *c);
/* Wakes the consumers watching t (new records, or t was deleted). */
void sl_log_emb_notify(emb_topic *t);

/* Retention and compaction (log_emb_gc.c). */
sl_error *sl_log_emb_maintain(sl_log *log, int64_t now_ms);
sl_error *sl_log_emb_gc_start(emb_log *log);
void sl_log_emb_gc_stop(emb_log *log);

/* --- the record encoding (log_codec.c) ---------------------------------------------------
 *
 *   flags u8          1: null key, 2: null value, 4: has headers
 *   ts                zigzag varint
 *   key               varint length + bytes (absent when null)
 *   value             varint length + bytes (absent when null)
 *   headers           varint count, then per header: varint name length,
 *                     name bytes, a 0 byte (so decoded names are C strings in
 *                     place), varint value length + 1 (0: null value), bytes
 */

/* Bytes sl_log_rec_encode writes for rec. */
size_t sl_log_rec_size(const sl_log_record *rec);
/* Writes rec at p (sl_log_rec_size(rec) bytes); returns the end. */
uint8_t *sl_log_rec_encode(const sl_log_record *rec, uint8_t *p);
/* Decodes the n bytes at p into rec, whose key, value and header names and
 * values point into p (so p must outlive rec); the header array comes from ar.
 * false when the bytes are not a valid record. */
bool sl_log_rec_decode(const uint8_t *p, size_t n, sl_log_record *rec, sl_arena *ar);
/* Only the timestamp and key (for retention and compaction). */
bool sl_log_rec_peek(const uint8_t *p, size_t n, int64_t *ts, const uint8_t **key, uint32_t *klen);

#endif
