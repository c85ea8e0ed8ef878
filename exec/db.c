/*
 * db.c - the RocksDB wrapper (see db.h for the model).
 *
 * The CF registry is a small array of handles under a mutex: CFs are looked up
 * by name when a topic or store opens, never per record. A dropped CF's handle
 * is kept (marked dropped) until the db closes, so a reader that still holds it
 * never touches freed memory; RocksDB keeps a dropped CF's data readable while
 * a handle to it lives.
 *
 * Options, and why:
 *   - LZ4 on every level: records and state compress 2-4x at a CPU cost far
 *     below the disk and cache it saves; zstd would squeeze more but costs
 *     several times the CPU on the write path.
 *   - one LRU block cache shared by all CFs, 16 KiB blocks (topic scans are
 *     sequential, bigger blocks mean fewer index entries), index and filter
 *     blocks in the cache so their memory is bounded too.
 *   - a 10 bits/key bloom filter: point gets of state stores skip SST files
 *     that cannot hold the key (~1% false positives).
 *   - memtables of 32 MiB per CF under a global budget (256 MiB) enforced by
 *     a write buffer manager, since a server may have hundreds of CFs.
 *   - max_total_wal_size: a CF written rarely would otherwise pin old WAL
 *     files forever; past the limit RocksDB flushes the CFs that pin them.
 *   - dynamic level sizes: keeps space amplification near 1.1x.
 *   - ignore_missing_column_families on writes: a batch that still names a CF
 *     dropped meanwhile (a deleted topic) writes its other CFs and ignores
 *     that one, instead of failing the whole commit.
 */
#include "exec/db.h"

#include "common/mem.h"

#include <pthread.h>
#include <rocksdb/c.h>
#include <stdlib.h>
#include <string.h>

struct sl_db_cf {
    char *name;
    rocksdb_column_family_handle_t *h;
    bool dropped;
};

struct sl_db {
    rocksdb_t *rdb;
    rocksdb_options_t *opts;
    rocksdb_options_t *state_opts; /* CFs of state stores (SL_DB_STATE_PREFIX) */
    rocksdb_block_based_table_options_t *table;
    rocksdb_cache_t *cache;
    rocksdb_writeoptions_t *wopts;
    rocksdb_readoptions_t *ropts;
    pthread_mutex_t mu; /* guards cfs */
    sl_db_cf **cfs;     /* live and dropped */
    size_t ncfs, capcfs;
    sl_db_cf *meta;
};

struct sl_db_batch {
    rocksdb_writebatch_t *wb;
};

struct sl_db_iter {
    rocksdb_iterator_t *it;
    rocksdb_readoptions_t *ropts;
    char *lower, *upper; /* the bounds the read options point at */
};

struct sl_db_snapshot {
    const rocksdb_snapshot_t *s;
};

/* Turns a RocksDB error string (malloc'd by RocksDB) into an sl_error; frees it. */
static sl_error *rocks_error(char *err, const char *what)
{
    sl_error *e = sl_error_new(SL_E_STATE, "%s: %s", what, err);
    rocksdb_free(err);
    return e;
}

static void options_build(sl_db *db, const sl_db_options *opt)
{
    sl_db_options o = opt ? *opt : (sl_db_options){0};
    size_t cache = o.block_cache_bytes ? o.block_cache_bytes : (size_t)128 << 20;
    size_t wbuf = o.write_buffer_bytes ? o.write_buffer_bytes : (size_t)32 << 20;
    size_t total = o.total_memtable_bytes ? o.total_memtable_bytes : (size_t)256 << 20;
    int jobs = o.background_jobs > 0 ? o.background_jobs : 2;

    db->cache = rocksdb_cache_create_lru(cache);
    db->table = rocksdb_block_based_options_create();
    rocksdb_block_based_options_set_block_cache(db->table, db->cache);
    rocksdb_block_based_options_set_block_size(db->table, 16 << 10);
    rocksdb_block_based_options_set_filter_policy(db->table,
                                                  rocksdb_filterpolicy_create_bloom_full(10));
    rocksdb_block_based_options_set_cache_index_and_filter_blocks(db->table, 1);
    rocksdb_block_based_options_set_pin_l0_filter_and_index_blocks_in_cache(db->table, 1);
    rocksdb_block_based_options_set_format_version(db->table, 5);

    rocksdb_options_t *op = rocksdb_options_create();
    rocksdb_options_set_create_if_missing(op, 1);
    rocksdb_options_set_create_missing_column_families(op, 1);
    rocksdb_options_set_block_based_table_factory(op, db->table);
    rocksdb_options_set_compression(op, rocksdb_lz4_compression);
    rocksdb_options_set_bottommost_compression(op, rocksdb_lz4_compression);
    rocksdb_options_set_write_buffer_size(op, wbuf);
    rocksdb_options_set_max_write_buffer_number(op, 3);
    rocksdb_options_set_db_write_buffer_size(op, total);
    rocksdb_options_set_max_total_wal_size(op, (uint64_t)total * 2);
    rocksdb_options_set_max_background_jobs(op, jobs);
    rocksdb_options_set_level_compaction_dynamic_level_bytes(op, 1);
    rocksdb_options_set_bytes_per_sync(op, 1 << 20);
    rocksdb_options_set_keep_log_file_num(op, 4);
    rocksdb_options_set_max_log_file_size(op, 8 << 20);
    rocksdb_options_set_info_log_level(op, 2 /* WARN */);
    rocksdb_options_set_allow_concurrent_memtable_write(op, 0); /* the vector memtable's need */
    db->opts = op;
    db->state_opts = rocksdb_options_create_copy(op);
    rocksdb_options_set_memtable_vector_rep(db->state_opts);

    db->wopts = rocksdb_writeoptions_create();
    rocksdb_writeoptions_set_sync(db->wopts, o.sync);
    rocksdb_writeoptions_set_ignore_missing_column_families(db->wopts, 1);
    db->ropts = rocksdb_readoptions_create();
}

/* State stores are written at every commit and read only by scans when a task starts: a
 * vector memtable takes their writes as appends and sorts once, at flush or scan, where a
 * skip list would pay a search per key. Everything else (topics, meta) is read while it is
 * written and keeps the skip list. */
static const rocksdb_options_t *cf_options(const sl_db *db, const char *name)
{
    return strncmp(name, SL_DB_STATE_PREFIX, strlen(SL_DB_STATE_PREFIX)) == 0 ? db->state_opts
                                                                               : db->opts;
}

static sl_db_cf *cf_add(sl_db *db, const char *name, rocksdb_column_family_handle_t *h)
{
    sl_db_cf *cf = sl_calloc(1, sizeof *cf);
    cf->name = sl_strdup(name);
    cf->h = h;
    SL_GROW(db->cfs, db->capcfs, db->ncfs + 1);
    db->cfs[db->ncfs++] = cf;
    return cf;
}

/* The live CF named name, or NULL. Caller holds db->mu (or is alone). */
static sl_db_cf *cf_find(sl_db *db, const char *name)
{
    for (size_t i = 0; i < db->ncfs; i++)
        if (!db->cfs[i]->dropped && strcmp(db->cfs[i]->name, name) == 0) return db->cfs[i];
    return NULL;
}

/* Opens with every existing CF plus "default" and "meta". */
static sl_error *open_all(sl_db *db, const char *dir)
{
    size_t nold = 0;
    char *err = NULL;
    char **old = rocksdb_list_column_families(db->opts, dir, &nold, &err);
    if (err) { /* a new database: there is nothing to list yet (old is an empty array) */
        rocksdb_free(err);
        err = NULL;
        nold = 0;
    }
    size_t n = 0;
    const char **names = sl_calloc(nold + 2, sizeof *names);
    names[n++] = "default";
    names[n++] = SL_DB_META_CF;
    for (size_t i = 0; i < nold; i++)
        if (strcmp(old[i], "default") != 0 && strcmp(old[i], SL_DB_META_CF) != 0)
            names[n++] = old[i];
    const rocksdb_options_t **cfopts = sl_calloc(n, sizeof *cfopts);
    for (size_t i = 0; i < n; i++)
        cfopts[i] = cf_options(db, names[i]);
    rocksdb_column_family_handle_t **hs = sl_calloc(n, sizeof *hs);

    db->rdb = rocksdb_open_column_families(db->opts, dir, (int)n, names, cfopts, hs, &err);
    sl_error *e = NULL;
    if (err) {
        e = rocks_error(err, "cannot open the state database");
        e = sl_error_with_detail(e, "data dir: %s", dir);
    } else {
        for (size_t i = 0; i < n; i++)
            cf_add(db, names[i], hs[i]);
        db->meta = cf_find(db, SL_DB_META_CF);
    }
    if (old) rocksdb_list_column_families_destroy(old, nold);
    free(names);
    free(cfopts);
    free(hs);
    return e;
}

sl_error *sl_db_open(const char *dir, const sl_db_options *opt, sl_db **out)
{
    *out = NULL;
    sl_db *db = sl_calloc(1, sizeof *db);
    pthread_mutex_init(&db->mu, NULL);
    options_build(db, opt);
    sl_error *err = open_all(db, dir);
    if (err) {
        sl_db_close(db);
        return err;
    }
    *out = db;
    return NULL;
}

void sl_db_close(sl_db *db)
{
    if (!db) return;
    for (size_t i = 0; i < db->ncfs; i++) {
        rocksdb_column_family_handle_destroy(db->cfs[i]->h);
        free(db->cfs[i]->name);
        free(db->cfs[i]);
    }
    free(db->cfs);
    if (db->rdb) rocksdb_close(db->rdb);
    rocksdb_writeoptions_destroy(db->wopts);
    rocksdb_readoptions_destroy(db->ropts);
    rocksdb_options_destroy(db->opts);
    rocksdb_options_destroy(db->state_opts);
    rocksdb_block_based_options_destroy(db->table);
    rocksdb_cache_destroy(db->cache);
    pthread_mutex_destroy(&db->mu);
    free(db);
}

/* --- column families -------------------------------------------------------------------- */

sl_error *sl_db_cf_get(sl_db *db, const char *name, bool create, sl_db_cf **out)
{
    sl_error *e = NULL;
    pthread_mutex_lock(&db->mu);
    sl_db_cf *cf = cf_find(db, name);
    if (!cf && !create) {
        e = sl_error_new(SL_E_NOT_FOUND, "column family '%s' does not exist", name);
    } else if (!cf) {
        char *err = NULL;
        rocksdb_column_family_handle_t *h =
            rocksdb_create_column_family(db->rdb, cf_options(db, name), name, &err);
        if (err)
            e = rocks_error(err, "cannot create column family");
        else
            cf = cf_add(db, name, h);
    }
    pthread_mutex_unlock(&db->mu);
    *out = cf;
    return e;
}

sl_db_cf *sl_db_meta(sl_db *db)
{
    return db->meta;
}

sl_error *sl_db_cf_drop(sl_db *db, const char *name)
{
    if (strcmp(name, SL_DB_META_CF) == 0 || strcmp(name, "default") == 0)
        return sl_error_new(SL_E_INTERNAL, "column family '%s' cannot be dropped", name);
    sl_error *e = NULL;
    pthread_mutex_lock(&db->mu);
    sl_db_cf *cf = cf_find(db, name);
    if (!cf) {
        e = sl_error_new(SL_E_NOT_FOUND, "column family '%s' does not exist", name);
    } else {
        char *err = NULL;
        rocksdb_drop_column_family(db->rdb, cf->h, &err);
        if (err)
            e = rocks_error(err, "cannot drop column family");
        else
            cf->dropped = true;
    }
    pthread_mutex_unlock(&db->mu);
    return e;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void sl_db_cf_list(sl_db *db, const char *prefix, char ***names, int *n)
{
    size_t plen = strlen(prefix), count = 0, bytes = 0;
    pthread_mutex_lock(&db->mu);
    for (size_t i = 0; i < db->ncfs; i++) {
        const sl_db_cf *cf = db->cfs[i];
        if (!cf->dropped && strncmp(cf->name, prefix, plen) == 0) {
            count++;
            bytes += strlen(cf->name) + 1;
        }
    }
    /* one block: the pointer array, then the strings */
    char **out = sl_malloc((count + 1) * sizeof(char *) + bytes);
    char *s = (char *)(out + count + 1);
    size_t k = 0;
    for (size_t i = 0; i < db->ncfs; i++) {
        const sl_db_cf *cf = db->cfs[i];
        if (cf->dropped || strncmp(cf->name, prefix, plen) != 0) continue;
        size_t len = strlen(cf->name) + 1;
        out[k++] = memcpy(s, cf->name, len);
        s += len;
    }
    pthread_mutex_unlock(&db->mu);
    out[k] = NULL;
    qsort(out, k, sizeof *out, cmp_str);
    *names = out;
    *n = (int)k;
}

const char *sl_db_cf_name(const sl_db_cf *cf)
{
    return cf->name;
}

uint64_t sl_db_cf_size(sl_db *db, sl_db_cf *cf)
{
    uint64_t sst = 0, mem = 0;
    rocksdb_property_int_cf(db->rdb, cf->h, "rocksdb.total-sst-files-size", &sst);
    rocksdb_property_int_cf(db->rdb, cf->h, "rocksdb.cur-size-all-mem-tables", &mem);
    return sst + mem;
}

void sl_db_cf_compact(sl_db *db, sl_db_cf *cf, const void *begin, size_t blen, const void *end,
                      size_t elen)
{
    rocksdb_compact_range_cf(db->rdb, cf->h, begin, begin ? blen : 0, end, end ? elen : 0);
}

/* --- batches and writes ----------------------------------------------------------------- */

sl_db_batch *sl_db_batch_new(void)
{
    sl_db_batch *b = sl_malloc(sizeof *b);
    b->wb = rocksdb_writebatch_create();
    return b;
}

void sl_db_batch_free(sl_db_batch *b)
{
    if (!b) return;
    rocksdb_writebatch_destroy(b->wb);
    free(b);
}

void sl_db_batch_put(sl_db_batch *b, sl_db_cf *cf, const void *k, size_t klen, const void *v,
                     size_t vlen)
{
    rocksdb_writebatch_put_cf(b->wb, cf->h, k, klen, v, vlen);
}

void sl_db_batch_delete(sl_db_batch *b, sl_db_cf *cf, const void *k, size_t klen)
{
    rocksdb_writebatch_delete_cf(b->wb, cf->h, k, klen);
}

void sl_db_batch_delete_range(sl_db_batch *b, sl_db_cf *cf, const void *begin, size_t blen,
                              const void *end, size_t elen)
{
    rocksdb_writebatch_delete_range_cf(b->wb, cf->h, begin, blen, end, elen);
}

int sl_db_batch_count(sl_db_batch *b)
{
    return rocksdb_writebatch_count(b->wb);
}

size_t sl_db_batch_size(sl_db_batch *b)
{
    size_t n = 0;
    rocksdb_writebatch_data(b->wb, &n);
    return n;
}

void sl_db_batch_clear(sl_db_batch *b)
{
    rocksdb_writebatch_clear(b->wb);
}

sl_error *sl_db_write(sl_db *db, sl_db_batch *b)
{
    char *err = NULL;
    rocksdb_write(db->rdb, db->wopts, b->wb, &err);
    return err ? rocks_error(err, "state database write failed") : NULL;
}

/* --- reads ------------------------------------------------------------------------------ */

sl_error *sl_db_get(sl_db *db, sl_db_cf *cf, const sl_db_snapshot *snap, const void *k, size_t klen,
                    sl_buf *val, bool *found)
{
    char *err = NULL;
    rocksdb_readoptions_t *ro = db->ropts;
    if (snap) {
        ro = rocksdb_readoptions_create();
        rocksdb_readoptions_set_snapshot(ro, snap->s);
    }
    rocksdb_pinnableslice_t *ps = rocksdb_get_pinned_cf(db->rdb, ro, cf->h, k, klen, &err);
    if (snap) rocksdb_readoptions_destroy(ro);
    *found = false;
    if (err) return rocks_error(err, "state database read failed");
    if (ps) {
        size_t n = 0;
        const char *v = rocksdb_pinnableslice_value(ps, &n);
        sl_buf_reset(val);
        sl_buf_append(val, v, n);
        rocksdb_pinnableslice_destroy(ps);
        *found = true;
    }
    return NULL;
}

sl_db_snapshot *sl_db_snapshot_new(sl_db *db)
{
    sl_db_snapshot *s = sl_malloc(sizeof *s);
    s->s = rocksdb_create_snapshot(db->rdb);
    return s;
}

void sl_db_snapshot_free(sl_db *db, sl_db_snapshot *snap)
{
    if (!snap) return;
    rocksdb_release_snapshot(db->rdb, snap->s);
    free(snap);
}

sl_db_iter *sl_db_iter_new(sl_db *db, sl_db_cf *cf, const sl_db_snapshot *snap, const void *lower,
                           size_t llen, const void *upper, size_t ulen)
{
    sl_db_iter *it = sl_calloc(1, sizeof *it);
    it->ropts = rocksdb_readoptions_create();
    if (snap) rocksdb_readoptions_set_snapshot(it->ropts, snap->s);
    /* RocksDB keeps pointers to the bound bytes: they live as long as it does */
    if (lower) {
        it->lower = sl_malloc(llen ? llen : 1);
        memcpy(it->lower, lower, llen);
        rocksdb_readoptions_set_iterate_lower_bound(it->ropts, it->lower, llen);
    }
    if (upper) {
        it->upper = sl_malloc(ulen ? ulen : 1);
        memcpy(it->upper, upper, ulen);
        rocksdb_readoptions_set_iterate_upper_bound(it->ropts, it->upper, ulen);
    }
    it->it = rocksdb_create_iterator_cf(db->rdb, it->ropts, cf->h);
    return it;
}

void sl_db_iter_free(sl_db_iter *it)
{
    if (!it) return;
    rocksdb_iter_destroy(it->it);
    rocksdb_readoptions_destroy(it->ropts);
    free(it->lower);
    free(it->upper);
    free(it);
}

void sl_db_iter_seek(sl_db_iter *it, const void *k, size_t klen)
{
    rocksdb_iter_seek(it->it, k, klen);
}

void sl_db_iter_seek_prev(sl_db_iter *it, const void *k, size_t klen)
{
    rocksdb_iter_seek_for_prev(it->it, k, klen);
}

void sl_db_iter_seek_first(sl_db_iter *it)
{
    rocksdb_iter_seek_to_first(it->it);
}

void sl_db_iter_seek_last(sl_db_iter *it)
{
    rocksdb_iter_seek_to_last(it->it);
}

bool sl_db_iter_valid(const sl_db_iter *it)
{
    return rocksdb_iter_valid(it->it) != 0;
}

void sl_db_iter_next(sl_db_iter *it)
{
    rocksdb_iter_next(it->it);
}

void sl_db_iter_prev(sl_db_iter *it)
{
    rocksdb_iter_prev(it->it);
}

const uint8_t *sl_db_iter_key(const sl_db_iter *it, size_t *klen)
{
    return (const uint8_t *)rocksdb_iter_key(it->it, klen);
}

const uint8_t *sl_db_iter_value(const sl_db_iter *it, size_t *vlen)
{
    return (const uint8_t *)rocksdb_iter_value(it->it, vlen);
}

sl_error *sl_db_iter_error(const sl_db_iter *it)
{
    char *err = NULL;
    rocksdb_iter_get_error(it->it, &err);
    return err ? rocks_error(err, "state database scan failed") : NULL;
}
