/*
 * log_embedded.c - the embedded log: topics stored in the server's RocksDB
 * (structures and locks in log_emb.h; consumers in log_emb_consumer.c,
 * retention and compaction in log_emb_gc.c).
 *
 * A transaction, from first produce to commit:
 *
 *   txn_produce   resolve the topic (once per topic per txn), pick the
 *                 partition (murmur2 of the key, or round-robin), encode the
 *                 record into the txn's arena; no lock, no offset yet
 *   commit        lock the txn's topics in name order
 *                 assign offsets end[p], end[p]+1, ... in produce order and
 *                 put the records into the txn's batch, which already holds
 *                 its source offsets and state changes
 *                 ONE RocksDB write
 *                 publish the new end offsets, unlock, wake the consumers
 *
 * Offsets are published only after the write, so a reader never sees an
 * offset whose record is not durable, and a failed write leaves no gap.
 * A kill -9 at any moment leaves either the whole transaction or none of it.
 */
#include "exec/log_emb.h"

#include "common/logger.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

/* --- topics ----------------------------------------------------------------------------- */

static emb_topic *topic_new(const sl_topic_info *info, sl_db_cf *cf)
{
    emb_topic *t = sl_calloc(1, sizeof *t);
    t->name = sl_strdup(info->name);
    t->info = *info;
    t->cf = cf;
    pthread_mutex_init(&t->mu, NULL);
    pthread_mutex_init(&t->wmu, NULL);
    atomic_init(&t->refs, 1);
    t->parts = sl_calloc((size_t)info->partitions, sizeof *t->parts);
    return t;
}

void sl_log_emb_topic_unref(emb_topic *t)
{
    if (!t || atomic_fetch_sub(&t->refs, 1) != 1) return;
    pthread_mutex_destroy(&t->mu);
    pthread_mutex_destroy(&t->wmu);
    free(t->watchers);
    free(t->parts);
    free(t->name);
    free(t);
}

/* Index of name in the sorted table, or of where it would go (*found false). */
static size_t topic_find(const emb_log *log, const char *name, bool *found)
{
    size_t lo = 0, hi = log->ntopics;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(log->topics[mid]->name, name);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

emb_topic *sl_log_emb_topic_get(emb_log *log, const char *name)
{
    bool found;
    emb_topic *t = NULL;
    pthread_rwlock_rdlock(&log->lock);
    size_t i = topic_find(log, name, &found);
    if (found) {
        t = log->topics[i];
        atomic_fetch_add(&t->refs, 1);
    }
    pthread_rwlock_unlock(&log->lock);
    return t;
}

void sl_log_emb_topic_all(emb_log *log, emb_topic ***out, size_t *n)
{
    pthread_rwlock_rdlock(&log->lock);
    emb_topic **ts = sl_calloc(log->ntopics + 1, sizeof *ts);
    for (size_t i = 0; i < log->ntopics; i++) {
        ts[i] = log->topics[i];
        atomic_fetch_add(&ts[i]->refs, 1);
    }
    *n = log->ntopics;
    pthread_rwlock_unlock(&log->lock);
    *out = ts;
}

/* Adds t to the table; caller holds the write lock and checked the name is new. */
static void topic_insert(emb_log *log, emb_topic *t)
{
    bool found;
    size_t i = topic_find(log, t->name, &found);
    SL_GROW(log->topics, log->captopics, log->ntopics + 1);
    memmove(log->topics + i + 1, log->topics + i, (log->ntopics - i) * sizeof *log->topics);
    log->topics[i] = t;
    log->ntopics++;
}

static sl_error *not_found(const char *topic)
{
    return sl_error_new(SL_E_NOT_FOUND, "topic '%s' does not exist", topic);
}

/* Topic metadata in the meta CF: version 1, partitions BE32, replicas BE32,
 * retention BEI64, compacted u8. */
enum { META_LEN = 18 };

static void meta_encode(const sl_topic_info *info, uint8_t *v)
{
    v[0] = 1;
    sl_db_be32_put(v + 1, (uint32_t)info->partitions);
    sl_db_be32_put(v + 5, (uint32_t)info->replicas);
    sl_db_bei64_put(v + 9, info->retention_ms);
    v[17] = info->compacted;
}

static bool meta_decode(const uint8_t *v, size_t n, const char *name, sl_topic_info *info)
{
    if (n != META_LEN || v[0] != 1 || strlen(name) >= sizeof info->name) return false;
    memset(info, 0, sizeof *info);
    strcpy(info->name, name);
    info->partitions = (int32_t)sl_db_be32_get(v + 1);
    info->replicas = (int16_t)sl_db_be32_get(v + 5);
    info->retention_ms = sl_db_bei64_get(v + 9);
    info->compacted = v[17] != 0;
    return info->partitions > 0;
}

static sl_error *emb_topic_create(sl_log *base, const sl_topic_info *info)
{
    emb_log *log = (emb_log *)base;
    sl_topic_info ti = *info;
    ti.replicas = 1;
    if (ti.retention_ms == 0) ti.retention_ms = -1;

    pthread_rwlock_wrlock(&log->lock);
    bool found;
    topic_find(log, ti.name, &found);
    sl_error *err = NULL;
    if (found) {
        err = sl_error_new(SL_E_STATEMENT, "topic '%s' already exists", ti.name);
        goto out;
    }
    sl_buf name = SL_BUF_INIT, key = SL_BUF_INIT;
    sl_buf_printf(&name, "t/%s", ti.name);
    /* a column family left over by a failed delete holds old records: start afresh */
    sl_db_cf *cf = NULL;
    sl_error *absent = sl_db_cf_get(base->db, name.p, false, &cf);
    if (!absent) err = sl_db_cf_drop(base->db, name.p);
    sl_error_free(absent);
    if (!err) err = sl_db_cf_get(base->db, name.p, true, &cf);
    if (!err) {
        uint8_t v[META_LEN];
        meta_encode(&ti, v);
        sl_log_key_topic(&key, ti.name);
        sl_db_batch *b = sl_db_batch_new();
        sl_db_batch_put(b, sl_db_meta(base->db), key.p, key.len, v, sizeof v);
        err = sl_db_write(base->db, b);
        sl_db_batch_free(b);
    }
    if (!err) topic_insert(log, topic_new(&ti, cf));
    sl_buf_free(&name);
    sl_buf_free(&key);
out:
    pthread_rwlock_unlock(&log->lock);
    return err;
}

static sl_error *emb_topic_describe(sl_log *base, const char *topic, sl_topic_info *out)
{
    emb_topic *t = sl_log_emb_topic_get((emb_log *)base, topic);
    if (!t) return not_found(topic);
    *out = t->info;
    sl_log_emb_topic_unref(t);
    return NULL;
}

/* The meta keys of a topic: its metadata, start offsets and source offsets. */
static void topic_meta_drop(sl_db *db, sl_db_batch *b, const char *topic)
{
    sl_buf k = SL_BUF_INIT, lo = SL_BUF_INIT, hi = SL_BUF_INIT;
    sl_log_key_topic(&k, topic);
    sl_db_batch_delete(b, sl_db_meta(db), k.p, k.len);
    sl_log_key_start(&lo, topic, 0);
    sl_log_key_start(&hi, topic, 0);
    lo.len -= 4; /* "log/s/<topic>\0" .. "log/s/<topic>\1" */
    hi.len -= 5;
    hi.p[hi.len++] = '\1';
    sl_db_batch_delete_range(b, sl_db_meta(db), lo.p, lo.len, hi.p, hi.len);
    sl_log_offsets_drop(db, b, topic);
    sl_buf_free(&k);
    sl_buf_free(&lo);
    sl_buf_free(&hi);
}

static sl_error *emb_topic_delete(sl_log *base, const char *topic)
{
    emb_log *log = (emb_log *)base;
    pthread_rwlock_wrlock(&log->lock);
    bool found;
    size_t i = topic_find(log, topic, &found);
    if (!found) {
        pthread_rwlock_unlock(&log->lock);
        return not_found(topic);
    }
    emb_topic *t = log->topics[i];
    /* the commit lock waits out a commit in flight; later ones see deleted */
    pthread_mutex_lock(&t->mu);
    sl_db_batch *b = sl_db_batch_new();
    topic_meta_drop(base->db, b, topic);
    sl_error *err = sl_db_write(base->db, b);
    sl_db_batch_free(b);
    if (!err) atomic_store(&t->deleted, true);
    pthread_mutex_unlock(&t->mu);
    if (!err) {
        memmove(log->topics + i, log->topics + i + 1,
                (log->ntopics - i - 1) * sizeof(*log->topics));
        log->ntopics--;
    }
    pthread_rwlock_unlock(&log->lock);
    if (err) return err;

    sl_error *derr = sl_db_cf_drop(base->db, sl_db_cf_name(t->cf));
    if (derr) { /* the topic is gone from the metadata; the next open drops the orphan */
        SL_WARN("cannot drop the column family of a deleted topic", "topic=%s error=\"%s\"", topic,
                derr->msg);
        sl_error_free(derr);
    }
    sl_log_emb_notify(t); /* its consumers wake up and see the topic revoked */
    sl_log_emb_topic_unref(t);
    return NULL;
}

static sl_error *emb_topic_list(sl_log *base, sl_topic_info **out, int *n)
{
    emb_topic **ts;
    size_t nt;
    sl_log_emb_topic_all((emb_log *)base, &ts, &nt);
    *out = sl_calloc(nt + 1, sizeof **out);
    for (size_t i = 0; i < nt; i++) {
        (*out)[i] = ts[i]->info;
        sl_log_emb_topic_unref(ts[i]);
    }
    free(ts);
    *n = (int)nt;
    return NULL;
}

static sl_error *offsets(sl_log *base, const char *topic, int64_t *out, int n, bool end)
{
    emb_topic *t = sl_log_emb_topic_get((emb_log *)base, topic);
    if (!t) return not_found(topic);
    sl_error *err = NULL;
    if (n > t->info.partitions)
        err = sl_error_new(SL_E_STATEMENT, "topic '%s' has %d partitions, not %d", topic,
                           (int)t->info.partitions, n);
    for (int p = 0; !err && p < n; p++)
        out[p] = end ? atomic_load(&t->parts[p].end) : atomic_load(&t->parts[p].start);
    sl_log_emb_topic_unref(t);
    return err;
}

static sl_error *emb_end_offsets(sl_log *base, const char *topic, int64_t *ends, int n)
{
    return offsets(base, topic, ends, n, true);
}

static sl_error *emb_start_offsets(sl_log *base, const char *topic, int64_t *starts, int n)
{
    return offsets(base, topic, starts, n, false);
}

/* --- transactions ----------------------------------------------------------------------- */

typedef struct emb_rec {
    const uint8_t *val; /* the encoded record, in the txn's arena */
    uint32_t len;
    int32_t partition;
    int64_t offset; /* assigned at commit */
} emb_rec;

typedef struct emb_txn_topic {
    emb_topic *t;
    emb_rec *recs;
    size_t n, cap;
} emb_txn_topic;

typedef struct emb_txn {
    sl_log_txn base;
    sl_arena *ar;
    emb_txn_topic *tts;
    size_t ntts, captts;
} emb_txn;

static sl_log_txn *emb_txn_begin(sl_log *log)
{
    (void)log;
    emb_txn *txn = sl_calloc(1, sizeof *txn);
    txn->ar = sl_arena_new(0);
    return &txn->base;
}

static void txn_free(emb_txn *txn)
{
    for (size_t i = 0; i < txn->ntts; i++) {
        sl_log_emb_topic_unref(txn->tts[i].t);
        free(txn->tts[i].recs);
    }
    free(txn->tts);
    sl_arena_free(txn->ar);
    free(txn);
}

/* The txn's records for topic, added on first use. */
static sl_error *txn_topic(emb_txn *txn, const char *topic, emb_txn_topic **out)
{
    for (size_t i = txn->ntts; i-- > 0;)
        if (strcmp(txn->tts[i].t->name, topic) == 0) return *out = &txn->tts[i], NULL;
    emb_topic *t = sl_log_emb_topic_get((emb_log *)txn->base.log, topic);
    if (!t) return not_found(topic);
    SL_GROW(txn->tts, txn->captts, txn->ntts + 1);
    *out = &txn->tts[txn->ntts++];
    **out = (emb_txn_topic){.t = t};
    return NULL;
}

static sl_error *pick_partition(emb_topic *t, const sl_log_record *rec, int32_t *p)
{
    int32_t n = t->info.partitions;
    if (rec->partition == SL_LOG_ANY_PARTITION) {
        *p = rec->key ? sl_log_partition_for_key(rec->key, rec->klen, n)
                      : (int32_t)(atomic_fetch_add(&t->rr, 1) % (unsigned)n);
        return NULL;
    }
    if (rec->partition < 0 || rec->partition >= n)
        return sl_error_new(SL_E_STATEMENT,
                            "partition %d out of range for topic '%s' (%d partitions)",
                            (int)rec->partition, t->name, (int)n);
    *p = rec->partition;
    return NULL;
}

static sl_error *emb_txn_produce(sl_log_txn *base, const char *topic, const sl_log_record *rec)
{
    emb_txn *txn = (emb_txn *)base;
    emb_txn_topic *tt = NULL;
    int32_t p = 0;
    sl_error *err = txn_topic(txn, topic, &tt);
    if (!err) err = pick_partition(tt->t, rec, &p);
    if (err) return err;
    if (tt->t->info.compacted && !rec->key)
        return sl_error_new(SL_E_STATEMENT,
                            "compacted topic '%s' cannot take a record with a "
                            "null key",
                            topic);
    size_t len = sl_log_rec_size(rec);
    if (len > UINT32_MAX) return sl_error_new(SL_E_LIMIT, "record too large for topic '%s'", topic);
    uint8_t *v = sl_arena_alloc(txn->ar, len);
    sl_log_rec_encode(rec, v);
    SL_GROW(tt->recs, tt->cap, tt->n + 1);
    tt->recs[tt->n++] = (emb_rec){v, (uint32_t)len, p, -1};
    return NULL;
}

static int cmp_tt(const void *a, const void *b)
{
    return strcmp(((const emb_txn_topic *)a)->t->name, ((const emb_txn_topic *)b)->t->name);
}

/* Orders tt's records by partition, keeping produce order within each (a
 * stable counting sort). RocksDB's memtable inserts a run of adjacent keys
 * far faster than keys scattered over many partitions: its skip list reuses
 * the position of the previous insert. */
static void sort_by_partition(emb_txn *txn, emb_txn_topic *tt)
{
    int32_t np = tt->t->info.partitions;
    if (np == 1 || tt->n < 2) return;
    size_t *at = SL_ARENA_ARRAY(txn->ar, size_t, (size_t)np + 1);
    emb_rec *sorted = SL_ARENA_ARRAY(txn->ar, emb_rec, tt->n);
    for (size_t i = 0; i < tt->n; i++)
        at[tt->recs[i].partition + 1]++;
    for (int32_t p = 0; p < np; p++)
        at[p + 1] += at[p];
    for (size_t i = 0; i < tt->n; i++)
        sorted[at[tt->recs[i].partition]++] = tt->recs[i];
    memcpy(tt->recs, sorted, tt->n * sizeof *sorted);
}

/* Assigns the offsets of tt's records from end[] and adds them to the batch. */
static void txn_topic_put(emb_txn_topic *tt, sl_db_batch *b, int64_t *next)
{
    emb_topic *t = tt->t;
    for (int32_t p = 0; p < t->info.partitions; p++)
        next[p] = atomic_load(&t->parts[p].end);
    for (size_t i = 0; i < tt->n; i++) {
        emb_rec *r = &tt->recs[i];
        uint8_t k[EMB_KEY_LEN];
        r->offset = next[r->partition]++;
        emb_key(k, r->partition, r->offset);
        sl_db_batch_put(b, t->cf, k, sizeof k, r->val, r->len);
    }
}

/* The commit: see the top of this file. */
static sl_error *txn_write(emb_txn *txn)
{
    sl_error *err = NULL;
    size_t locked = 0;
    int64_t **next = SL_ARENA_ARRAY(txn->ar, int64_t *, txn->ntts + 1);
    if (txn->ntts > 1) qsort(txn->tts, txn->ntts, sizeof *txn->tts, cmp_tt);
    for (size_t i = 0; i < txn->ntts; i++)
        sort_by_partition(txn, &txn->tts[i]);
    for (; locked < txn->ntts; locked++) {
        emb_txn_topic *tt = &txn->tts[locked];
        pthread_mutex_lock(&tt->t->mu);
        if (atomic_load(&tt->t->deleted)) {
            err = sl_error_new(SL_E_NOT_FOUND, "topic '%s' was deleted", tt->t->name);
            locked++;
            goto unlock;
        }
        next[locked] = SL_ARENA_ARRAY(txn->ar, int64_t, tt->t->info.partitions);
        txn_topic_put(tt, txn->base.batch, next[locked]);
    }
    err = sl_db_write(txn->base.log->db, txn->base.batch);
    if (!err) {
        for (size_t i = 0; i < txn->ntts; i++) {
            emb_topic *t = txn->tts[i].t;
            for (int32_t p = 0; p < t->info.partitions; p++)
                atomic_store(&t->parts[p].end, next[i][p]);
        }
    }
unlock:
    while (locked-- > 0)
        pthread_mutex_unlock(&txn->tts[locked].t->mu);
    for (size_t i = 0; !err && i < txn->ntts; i++)
        if (txn->tts[i].n) sl_log_emb_notify(txn->tts[i].t);
    return err;
}

static sl_error *emb_txn_commit(sl_log_txn *base)
{
    emb_txn *txn = (emb_txn *)base;
    sl_error *err = txn_write(txn);
    txn_free(txn);
    return err;
}

static void emb_txn_abort(sl_log_txn *base)
{
    txn_free((emb_txn *)base);
}

static sl_error *emb_produce(sl_log *log, const char *topic, sl_log_record *rec)
{
    sl_log_txn *base = sl_log_txn_begin(log);
    emb_txn *txn = (emb_txn *)base;
    sl_error *err = emb_txn_produce(base, topic, rec);
    if (!err) err = txn_write(txn);
    if (!err) {
        rec->partition = txn->tts[0].recs[0].partition;
        rec->offset = txn->tts[0].recs[0].offset;
    }
    sl_log_txn_abort(base); /* frees it; the write, if any, is done */
    return err;
}

/* --- open and recovery ------------------------------------------------------------------ */

/* end = after the partition's last record, but never below its start (all
 * records of a partition may have been removed by retention). */
static sl_error *recover_partition(sl_db *db, emb_topic *t, int32_t p)
{
    sl_buf k = SL_BUF_INIT, v = SL_BUF_INIT;
    bool found = false;
    int64_t start = 0, end = 0;
    sl_log_key_start(&k, t->name, p);
    sl_error *err = sl_db_get(db, sl_db_meta(db), NULL, k.p, k.len, &v, &found);
    if (!err && found && v.len == 8) start = (int64_t)sl_db_be64_get((const uint8_t *)v.p);
    uint8_t lo[EMB_KEY_LEN], hi[EMB_KEY_LEN];
    emb_key(lo, p, 0);
    emb_key(hi, p + 1, 0);
    sl_db_iter *it = sl_db_iter_new(db, t->cf, NULL, lo, sizeof lo, hi, sizeof hi);
    sl_db_iter_seek_last(it);
    if (!err && sl_db_iter_valid(it)) {
        size_t kl;
        const uint8_t *key = sl_db_iter_key(it, &kl);
        if (kl == EMB_KEY_LEN) end = (int64_t)sl_db_be64_get(key + 4) + 1;
    }
    if (!err) err = sl_db_iter_error(it);
    sl_db_iter_free(it);
    atomic_store(&t->parts[p].start, start);
    atomic_store(&t->parts[p].end, end > start ? end : start);
    t->parts[p].cleaned = start;
    sl_buf_free(&k);
    sl_buf_free(&v);
    return err;
}

static sl_error *recover_topic(emb_log *log, const char *name, const uint8_t *v, size_t vlen)
{
    sl_topic_info info;
    if (!meta_decode(v, vlen, name, &info))
        return sl_error_new(SL_E_CORRUPT, "metadata of topic '%s' is corrupt", name);
    sl_buf cfname = SL_BUF_INIT;
    sl_buf_printf(&cfname, "t/%s", name);
    sl_db_cf *cf;
    sl_error *err = sl_db_cf_get(log->base.db, cfname.p, true, &cf);
    sl_buf_free(&cfname);
    if (err) return err;
    emb_topic *t = topic_new(&info, cf);
    for (int32_t p = 0; !err && p < info.partitions; p++)
        err = recover_partition(log->base.db, t, p);
    if (err) {
        sl_log_emb_topic_unref(t);
        return err;
    }
    topic_insert(log, t);
    return NULL;
}

/* Drops "t/..." column families that no topic names (a crash between a
 * topic's column family and its metadata, or a failed drop). */
static void drop_orphans(emb_log *log)
{
    char **names;
    int n;
    sl_db_cf_list(log->base.db, "t/", &names, &n);
    for (int i = 0; i < n; i++) {
        bool found;
        topic_find(log, names[i] + 2, &found);
        if (!found) sl_error_free(sl_db_cf_drop(log->base.db, names[i]));
    }
    free(names);
}

static sl_error *recover(emb_log *log)
{
    sl_db *db = log->base.db;
    const char *lo = "log/t/", *hi = "log/t0"; /* '0' follows '/' */
    sl_db_iter *it = sl_db_iter_new(db, sl_db_meta(db), NULL, lo, strlen(lo), hi, strlen(hi));
    sl_error *err = NULL;
    for (sl_db_iter_seek_first(it); !err && sl_db_iter_valid(it); sl_db_iter_next(it)) {
        size_t kl, vl;
        const uint8_t *k = sl_db_iter_key(it, &kl), *v = sl_db_iter_value(it, &vl);
        char *name = sl_strndup((const char *)k + 6, kl - 6);
        err = recover_topic(log, name, v, vl);
        free(name);
    }
    if (!err) err = sl_db_iter_error(it);
    sl_db_iter_free(it);
    if (!err) drop_orphans(log);
    return err;
}

static void emb_close(sl_log *base)
{
    emb_log *log = (emb_log *)base;
    sl_log_emb_gc_stop(log);
    for (size_t i = 0; i < log->ntopics; i++)
        sl_log_emb_topic_unref(log->topics[i]);
    free(log->topics);
    pthread_rwlock_destroy(&log->lock);
    pthread_mutex_destroy(&log->gc_mu);
    pthread_mutex_destroy(&log->gc_stop_mu);
    pthread_cond_destroy(&log->gc_stop_cv);
    free(log);
}

static const sl_log_ops emb_ops = {
    .close = emb_close,
    .topic_create = emb_topic_create,
    .topic_describe = emb_topic_describe,
    .topic_delete = emb_topic_delete,
    .topic_list = emb_topic_list,
    .end_offsets = emb_end_offsets,
    .start_offsets = emb_start_offsets,
    .produce = emb_produce,
    .maintain = sl_log_emb_maintain,
    .consumer_open = sl_log_emb_consumer_open,
    .consumer_poll = sl_log_emb_consumer_poll,
    .consumer_seek = sl_log_emb_consumer_seek,
    .consumer_mark = sl_log_emb_consumer_mark,
    .consumer_close = sl_log_emb_consumer_close,
    .txn_begin = emb_txn_begin,
    .txn_produce = emb_txn_produce,
    .txn_commit = emb_txn_commit,
    .txn_abort = emb_txn_abort,
};

sl_error *sl_log_open_embedded_conf(sl_db *db, const sl_log_embedded_conf *conf, sl_log **out)
{
    *out = NULL;
    emb_log *log = sl_calloc(1, sizeof *log);
    log->base.ops = &emb_ops;
    log->base.db = db;
    if (conf) log->conf = *conf;
    if (log->conf.compact_min_dirty <= 0) log->conf.compact_min_dirty = 100000;
    pthread_rwlock_init(&log->lock, NULL);
    pthread_mutex_init(&log->gc_mu, NULL);
    pthread_mutex_init(&log->gc_stop_mu, NULL);
    pthread_cond_init(&log->gc_stop_cv, NULL);
    sl_error *err = recover(log);
    if (!err && log->conf.maintain_interval_ms > 0) err = sl_log_emb_gc_start(log);
    if (err) {
        emb_close(&log->base);
        return sl_error_prefix(err, "cannot open the embedded log: ");
    }
    *out = &log->base;
    return NULL;
}

sl_error *sl_log_open_embedded(sl_db *db, sl_log **out)
{
    sl_log_embedded_conf conf = {.maintain_interval_ms = 60000};
    return sl_log_open_embedded_conf(db, &conf, out);
}
