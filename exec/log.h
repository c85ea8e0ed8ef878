/*
 * log.h - topics: the one interface the engine uses to read and write streams.
 *
 * Two backends behind one set of functions:
 *
 *   embedded  the default (no bootstrap.servers): topics live in the server's
 *             RocksDB (exec/db.h), one column family per topic, records keyed
 *             by (partition, offset). A transaction's output records, its
 *             source offsets and its state changes go into one RocksDB write,
 *             so a kill -9 at any moment loses no committed record and
 *             duplicates none.
 *   kafka     librdkafka. Output is at-least-once: a transaction produces its
 *             records, waits for their acknowledgement, then writes source
 *             offsets + state to RocksDB in one write. Offsets are also
 *             committed to the consumer group, as a progress marker for lag.
 *
 * Partitioning is Kafka's everywhere: a keyed record without an explicit
 * partition goes to murmur2(key) % partitions (Java clients' choice), a record
 * with a null key to a round-robin partition.
 *
 * Reading is through a consumer: a group id and a list of topics. The log
 * assigns partitions (embedded: all of them, at once; kafka: as the group
 * rebalances) and asks the caller, through sl_log_assign_cb, where each newly
 * assigned partition should start, because source offsets are the engine's,
 * kept with its state. Records from a poll are valid until the next poll.
 *
 * Threads: an sl_log is shared by all threads. A consumer and a transaction are
 * each used by one thread at a time.
 */
#ifndef SL_EXEC_LOG_H
#define SL_EXEC_LOG_H

#include "common/error.h"
#include "exec/row.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct sl_log sl_log;
typedef struct sl_log_consumer sl_log_consumer;
typedef struct sl_log_txn sl_log_txn;
typedef struct sl_db sl_db;
typedef struct sl_db_batch sl_db_batch;

#define SL_LOG_EARLIEST      (-2) /* start offsets: the oldest retained record */
#define SL_LOG_LATEST        (-1) /* start offsets: only records produced from now on */
#define SL_LOG_ANY_PARTITION (-1)

typedef struct sl_log_record {
    const uint8_t *key; /* NULL for a null key */
    const uint8_t *val; /* NULL for a null value (a tombstone) */
    uint32_t klen, vlen;
    int64_t ts;        /* record timestamp, ms */
    int64_t offset;    /* set by the log on reads and produces */
    int32_t partition; /* SL_LOG_ANY_PARTITION on produce: by key */
    uint32_t topic;    /* on reads: index into the consumer's topic list */
    sl_headers headers;
} sl_log_record;

typedef struct sl_topic_info {
    char name[256];
    int32_t partitions;
    int16_t replicas;     /* 0 on create: the backend's default (embedded: always 1) */
    int64_t retention_ms; /* -1: forever; 0 on create: the backend's default (embedded:
                           * forever, kafka: the broker's retention.ms) */
    bool compacted;       /* cleanup.policy=compact */
} sl_topic_info;

typedef struct sl_log_kafka_conf {
    const char *bootstrap_servers;
    /* NULL-terminated key, value, key, value... librdkafka properties, given to
     * the producer and every consumer; a key starting "producer." or
     * "consumer." (prefix removed) goes to that role only, as in Kafka Streams.
     * Keys starting "sluice." are sluice's own:
     *   sluice.admin.timeout.ms  admin and metadata requests (default 30000)
     *   sluice.mock.control      path of the control socket of a mock cluster
     *                            (tests/tools/sl_mock_kafka): topics are created
     *                            through it, as librdkafka's mock cluster has no
     *                            CreateTopics; used by tests and benchmarks only */
    const char *const *extra;
} sl_log_kafka_conf;

typedef struct sl_log_embedded_conf {
    /* How often a background thread applies retention and compaction
     * (sl_log_maintain); 0: no thread, the caller calls sl_log_maintain. */
    int64_t maintain_interval_ms;
    /* A compacted topic's partition is compacted once this many records were
     * appended since its last compaction (and at least as many as it kept
     * then); 0: 100000. */
    int64_t compact_min_dirty;
} sl_log_embedded_conf;

/* --- backends --------------------------------------------------------------------------- */

/* The embedded log on db (borrowed; must outlive the log), with a maintenance
 * thread every 60 s. Recovers every topic's offsets from db. */
sl_error *sl_log_open_embedded(sl_db *db, sl_log **out);
/* The same with explicit settings (conf may be NULL for the defaults). */
sl_error *sl_log_open_embedded_conf(sl_db *db, const sl_log_embedded_conf *conf, sl_log **out);
/* The Kafka log; db (borrowed) holds source offsets and state. */
sl_error *sl_log_open_kafka(const sl_log_kafka_conf *conf, sl_db *db, sl_log **out);
/* Closes the log; every consumer and transaction must be closed first. NULL is a no-op. */
void sl_log_close(sl_log *log);
bool sl_log_is_kafka(const sl_log *log);

/* --- topics ----------------------------------------------------------------------------- */

/* Creates a topic; SL_E_STATEMENT if it exists. info->name and partitions are required. */
sl_error *sl_log_topic_create(sl_log *log, const sl_topic_info *info);
/* SL_E_NOT_FOUND when the topic does not exist. */
sl_error *sl_log_topic_describe(sl_log *log, const char *topic, sl_topic_info *out);
sl_error *sl_log_topic_delete(sl_log *log, const char *topic);
/* Every topic, sorted by name; *out is malloc'd (free it). */
sl_error *sl_log_topic_list(sl_log *log, sl_topic_info **out, int *n);
/* The next offset to be written of each partition (n = the topic's partition count). */
sl_error *sl_log_end_offsets(sl_log *log, const char *topic, int64_t *ends, int n);
/* The oldest retained offset of each partition. */
sl_error *sl_log_start_offsets(sl_log *log, const char *topic, int64_t *starts, int n);
/* The partition a key goes to in a topic of n partitions (murmur2, as Kafka's Java client). */
int32_t sl_log_partition_for_key(const uint8_t *key, uint32_t klen, int32_t n);
/* Kafka's murmur2 hash of key (Java's Utils.murmur2, as a signed 32-bit value). */
int32_t sl_log_murmur2(const uint8_t *key, uint32_t klen);
/* Applies retention and compaction now, as of wall-clock time now_ms (embedded:
 * deletes records past retention and compacts compacted topics that have
 * grown; kafka: nothing, the brokers do it). Readers and writers are not
 * blocked meanwhile. Any thread. */
sl_error *sl_log_maintain(sl_log *log, int64_t now_ms);

/* --- producing outside a transaction (INSERT VALUES, tests, tools) ---------------------- */

/* Writes one record; durable (acknowledged) on return. rec->offset and rec->partition are set. */
sl_error *sl_log_produce(sl_log *log, const char *topic, sl_log_record *rec);

/* --- consuming -------------------------------------------------------------------------- */

typedef struct sl_log_assign_cb {
    /* A partition was assigned; set *start to the offset to read from, or to
     * SL_LOG_EARLIEST / SL_LOG_LATEST. */
    void (*assigned)(void *ctx, uint32_t topic, int32_t partition, int64_t *start);
    /* A partition was taken away (kafka rebalance); the caller drops its task. */
    void (*revoked)(void *ctx, uint32_t topic, int32_t partition);
    void *ctx;
} sl_log_assign_cb;

/* A consumer of topics[0..ntopics) in group group_id. cb is called from within
 * sl_log_consumer_poll. */
sl_error *sl_log_consumer_open(sl_log *log, const char *group_id, const char *const *topics,
                               int ntopics, const sl_log_assign_cb *cb, sl_log_consumer **out);
/* Up to max records into recs; waits up to timeout_ms when none are ready.
 * Records of one partition come in offset order. Payloads are valid until the
 * next poll or close. */
sl_error *sl_log_consumer_poll(sl_log_consumer *c, sl_log_record *recs, int max, int timeout_ms,
                               int *n);
/* Moves a partition's read position (after restart or for replays). */
sl_error *sl_log_consumer_seek(sl_log_consumer *c, uint32_t topic, int32_t partition,
                               int64_t offset);
/* Tells the group how far the engine got (kafka: commits the group offsets;
 * embedded: no-op). Not the source of truth: the engine's offsets are. */
sl_error *sl_log_consumer_mark(sl_log_consumer *c, uint32_t topic, int32_t partition,
                               int64_t next_offset);
void sl_log_consumer_close(sl_log_consumer *c);

/* Called for each record sl_log_read_partition reads; an error it returns stops the read. */
typedef sl_error *(*sl_log_visit)(void *ctx, const sl_log_record *rec);
/* Reads one partition of topic from offset `from` up to its end as of the call, in order,
 * outside any consumer group (no rebalance, nothing committed): how a state store is rebuilt
 * from its changelog. Fails when the end is not reached within timeout_ms of no progress. */
sl_error *sl_log_read_partition(sl_log *log, const char *topic, int32_t partition, int64_t from,
                                int timeout_ms, sl_log_visit visit, void *ctx);

/* --- transactions ----------------------------------------------------------------------- */

sl_log_txn *sl_log_txn_begin(sl_log *log);
/* Adds an output record; assigned an offset at commit. Copies the payloads.
 * After a failed produce the transaction can only be aborted (its commit
 * fails with SL_E_INTERNAL): committing would lose that record. */
sl_error *sl_log_txn_produce(sl_log_txn *txn, const char *topic, const sl_log_record *rec);
/* Records that group has consumed topic/partition up to next_offset, committed with the txn. */
void sl_log_txn_offset(sl_log_txn *txn, const char *group_id, const char *topic, int32_t partition,
                       int64_t next_offset);
/* The RocksDB batch the transaction commits; state stores add their changes here. */
sl_db_batch *sl_log_txn_batch(sl_log_txn *txn);
/* Commits atomically (see the top of this file) and frees txn, whatever the result. */
sl_error *sl_log_txn_commit(sl_log_txn *txn);
void sl_log_txn_abort(sl_log_txn *txn);
/* The committed offset of group on topic/partition, or SL_LOG_EARLIEST when none. */
sl_error *sl_log_committed_offset(sl_log *log, const char *group_id, const char *topic,
                                  int32_t partition, int64_t *out);

#endif
