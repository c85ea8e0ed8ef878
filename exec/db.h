/*
 * db.h - the server's one RocksDB instance: column families, atomic batches,
 * point gets, range iterators and snapshots.
 *
 * Model. A server data dir holds one RocksDB database. Everything durable the
 * engine keeps lives in it, each kind in its own column family (CF):
 *
 *   meta       the engine's own small keys (topic metadata, source offsets,
 *              log start offsets, ...), namespaced by a module prefix such as
 *              "log/"; always present
 *   t/<topic>  an embedded topic's records (exec/log_embedded.c)
 *   s/<store>  a state store (exec/state*, later)
 *
 * Keys are byte strings compared with memcmp, so numbers in keys are written
 * big-endian (the sl_db_be* helpers below) and sort as numbers do.
 *
 * Writes go through a batch (sl_db_batch) that may touch any number of CFs and
 * is applied atomically by sl_db_write: after a crash either all of it is
 * there or none. The write-ahead log is always on. With sync off (the default)
 * a write returns once the WAL record is in the OS page cache, so a killed
 * process (kill -9) loses nothing it wrote; only a power loss or kernel crash
 * can lose the last writes, which sync on (fsync per write, much slower)
 * protects against.
 *
 * Reads see the latest committed writes, or a snapshot's view when one is
 * given. An iterator walks a key range [lower, upper) of one CF in key order.
 *
 * Threads: an sl_db and its CF handles are shared by all threads. A batch, an
 * iterator and a snapshot are each used by one thread at a time (a snapshot
 * may be read from several threads, it is immutable).
 */
#ifndef SL_EXEC_DB_H
#define SL_EXEC_DB_H

#include "common/buf.h"
#include "common/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sl_db sl_db;
typedef struct sl_db_cf sl_db_cf;
typedef struct sl_db_batch sl_db_batch;
typedef struct sl_db_iter sl_db_iter;
typedef struct sl_db_snapshot sl_db_snapshot;

typedef struct sl_db_options {
    bool sync;                   /* fsync the WAL on every write (power-loss safety) */
    size_t block_cache_bytes;    /* shared LRU cache of data blocks; 0: 128 MiB */
    size_t write_buffer_bytes;   /* memtable size per CF; 0: 32 MiB */
    size_t total_memtable_bytes; /* memtable budget over all CFs; 0: 256 MiB */
    int background_jobs;         /* flush + compaction threads; 0: 2 */
} sl_db_options;

#define SL_DB_META_CF "meta"
/* Column families of state stores (exec/store.c) start with this: they are write-mostly
 * (written at commits, read by scans when tasks start) and get a memtable made for that. */
#define SL_DB_STATE_PREFIX "s/"

/* --- the database ----------------------------------------------------------------------- */

/* Opens (creating if missing) the database in dir with every CF it holds.
 * opt may be NULL for the defaults. Errors: SL_E_STATE with RocksDB's reason
 * (e.g. the dir is locked by another process). Any thread. */
sl_error *sl_db_open(const char *dir, const sl_db_options *opt, sl_db **out);
/* Flushes nothing (the WAL has it all) and closes; every iterator and snapshot
 * must be freed first. CF handles die with the db. NULL is a no-op. */
void sl_db_close(sl_db *db);

/* --- column families -------------------------------------------------------------------- */

/* The CF named name: an existing one, or a new one when create is true.
 * *out is owned by db and valid until sl_db_close, even after a drop.
 * Errors: SL_E_NOT_FOUND (absent and !create), SL_E_STATE. Any thread. */
sl_error *sl_db_cf_get(sl_db *db, const char *name, bool create, sl_db_cf **out);
/* The meta CF (never NULL). */
sl_db_cf *sl_db_meta(sl_db *db);
/* Drops the CF named name and its data. Handles already given out stay valid
 * to read what they held when dropped; writes to them are ignored. Dropping
 * the meta CF is refused (SL_E_INTERNAL). SL_E_NOT_FOUND when absent. */
sl_error *sl_db_cf_drop(sl_db *db, const char *name);
/* The names of the CFs whose name starts with prefix, sorted; *names is one
 * malloc'd block (free it), *n its length. Any thread. */
void sl_db_cf_list(sl_db *db, const char *prefix, char ***names, int *n);
const char *sl_db_cf_name(const sl_db_cf *cf);
/* Approximate bytes held by cf (SST files plus memtables), for metrics. */
uint64_t sl_db_cf_size(sl_db *db, sl_db_cf *cf);
/* Compacts the key range [begin, end) of cf now (NULL for open ends), so the
 * space of deleted keys is reclaimed and later scans skip no tombstones. Slow:
 * call from background work only. */
void sl_db_cf_compact(sl_db *db, sl_db_cf *cf, const void *begin, size_t blen, const void *end,
                      size_t elen);

/* --- batches and writes ----------------------------------------------------------------- */

/* A new empty batch; each function below copies the bytes it is given. */
sl_db_batch *sl_db_batch_new(void);
void sl_db_batch_free(sl_db_batch *b);
void sl_db_batch_put(sl_db_batch *b, sl_db_cf *cf, const void *k, size_t klen, const void *v,
                     size_t vlen);
void sl_db_batch_delete(sl_db_batch *b, sl_db_cf *cf, const void *k, size_t klen);
/* Deletes every key in [begin, end). */
void sl_db_batch_delete_range(sl_db_batch *b, sl_db_cf *cf, const void *begin, size_t blen,
                              const void *end, size_t elen);
/* Number of puts and deletes in b. */
int sl_db_batch_count(sl_db_batch *b);
/* Bytes of the batch's encoding (its WAL record). */
size_t sl_db_batch_size(sl_db_batch *b);
void sl_db_batch_clear(sl_db_batch *b);

/* Applies b atomically (b is left as it was; clear or free it). SL_E_STATE
 * on failure, in which case nothing of b was applied. Any thread. */
sl_error *sl_db_write(sl_db *db, sl_db_batch *b);

/* --- reads ------------------------------------------------------------------------------ */

/* Reads k from cf (as of snap, or the latest when snap is NULL). On success
 * *found tells whether k exists and, when it does, val holds its value
 * (replacing val's contents). SL_E_STATE on a read error. Any thread. */
sl_error *sl_db_get(sl_db *db, sl_db_cf *cf, const sl_db_snapshot *snap, const void *k, size_t klen,
                    sl_buf *val, bool *found);

sl_db_snapshot *sl_db_snapshot_new(sl_db *db);
/* Releases snap; NULL is a no-op. */
void sl_db_snapshot_free(sl_db *db, sl_db_snapshot *snap);

/* An iterator over the keys of cf in [lower, upper) (NULL / 0 for an open end;
 * the bounds are copied), as of snap or now. Not positioned: seek first. */
sl_db_iter *sl_db_iter_new(sl_db *db, sl_db_cf *cf, const sl_db_snapshot *snap, const void *lower,
                           size_t llen, const void *upper, size_t ulen);
void sl_db_iter_free(sl_db_iter *it);
/* Positions at the first key >= k (within the bounds). */
void sl_db_iter_seek(sl_db_iter *it, const void *k, size_t klen);
/* Positions at the last key <= k (within the bounds). */
void sl_db_iter_seek_prev(sl_db_iter *it, const void *k, size_t klen);
void sl_db_iter_seek_first(sl_db_iter *it);
void sl_db_iter_seek_last(sl_db_iter *it);
bool sl_db_iter_valid(const sl_db_iter *it);
void sl_db_iter_next(sl_db_iter *it);
void sl_db_iter_prev(sl_db_iter *it);
/* The current key / value; valid until the iterator moves or is freed. */
const uint8_t *sl_db_iter_key(const sl_db_iter *it, size_t *klen);
const uint8_t *sl_db_iter_value(const sl_db_iter *it, size_t *vlen);
/* The error that ended the iteration early, if any (SL_E_STATE); NULL when
 * the iterator is simply past its range. */
sl_error *sl_db_iter_error(const sl_db_iter *it);

/* --- binary-comparable numbers ---------------------------------------------------------- */

static inline void sl_db_be32_put(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static inline uint32_t sl_db_be32_get(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void sl_db_be64_put(uint8_t *p, uint64_t v)
{
    sl_db_be32_put(p, (uint32_t)(v >> 32));
    sl_db_be32_put(p + 4, (uint32_t)v);
}

static inline uint64_t sl_db_be64_get(const uint8_t *p)
{
    return (uint64_t)sl_db_be32_get(p) << 32 | sl_db_be32_get(p + 4);
}

/* Signed numbers: the sign bit flipped, so negative numbers sort first. */
static inline void sl_db_bei64_put(uint8_t *p, int64_t v)
{
    sl_db_be64_put(p, (uint64_t)v ^ (1ULL << 63));
}

static inline int64_t sl_db_bei64_get(const uint8_t *p)
{
    return (int64_t)(sl_db_be64_get(p) ^ (1ULL << 63));
}

#endif
