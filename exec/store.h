/*
 * store.h - a task's view of a state store: one RocksDB column family per
 * store ("s/<query id>/<name>"), keys prefixed with the task's partition so
 * the tasks of a query share the family without seeing each other's keys.
 *
 * Operators keep their hot state in memory and use the store only to restore
 * it when a task starts (sl_store_scan) and to persist what changed, key-sorted,
 * into the commit's batch (sl_store_put/del) — never a get+put per record.
 *
 * On the Kafka log a store also has a changelog topic (exec/changelog.c): each
 * put or delete is produced there too, in the same transaction, so a server
 * that lost its data dir rebuilds the store from it.
 */
#ifndef SL_EXEC_STORE_H
#define SL_EXEC_STORE_H

#include "common/error.h"
#include "exec/db.h"

#include <stddef.h>
#include <stdint.h>

struct sl_log_txn;

/* Where a store's changes are also written: a topic, one partition per task. */
typedef struct sl_store_changelog {
    const char *topic; /* NULL: none */
    int32_t partition;
    struct sl_log_txn *(*txn)(void *ctx); /* the open transaction the records join */
    void *ctx;
    uint64_t written; /* records produced so far */
} sl_store_changelog;

typedef struct sl_store {
    sl_db *db;
    sl_db_cf *cf;
    uint8_t prefix[4]; /* the partition, big-endian */
    sl_store_changelog changelog;
} sl_store;

typedef sl_error *(*sl_store_visit)(void *ctx, const uint8_t *k, size_t klen, const uint8_t *v,
                                    size_t vlen);

/* Opens (creating) store name of query for a task on partition (no changelog). */
sl_error *sl_store_open(sl_db *db, const char *query_id, const char *name, int32_t partition,
                        sl_store *out);
/* Calls visit on every entry of the task's partition, keys without the prefix, in order. */
sl_error *sl_store_scan(sl_store *s, sl_store_visit visit, void *ctx);
void sl_store_put(sl_store *s, sl_db_batch *b, const void *k, size_t klen, const void *v,
                  size_t vlen);
void sl_store_del(sl_store *s, sl_db_batch *b, const void *k, size_t klen);
/* Drops every store of a query (TERMINATE). */
void sl_store_drop_query(sl_db *db, const char *query_id);

#endif
