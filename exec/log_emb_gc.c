/*
 * log_emb_gc.c - retention and compaction of the embedded log.
 *
 * Retention (topics with retention_ms > 0), like Kafka's segment deletion:
 * a partition's oldest records are removed while they are all older than
 * now - retention_ms; the first record young enough stops the scan, even if
 * later ones are older (timestamps need not be in offset order). The removal
 * is one range deletion plus the new start offset in the meta CF, in one
 * write.
 *
 *   offsets   start                cut                       end
 *             |  ts < now - ret     |  first young record ...  |
 *             [-- delete range ----)
 *
 * Compaction (compacted topics, i.e. changelogs) keeps the latest record of
 * each key and deletes the older ones, offsets unchanged (gaps appear, as in
 * Kafka). A partition is compacted once the records appended since its last
 * compaction number at least compact_min_dirty and at least as many as that
 * compaction kept, so the work is proportional to what was appended. Two
 * passes over [start, end as of the pass): the first maps each key (by its
 * 128-bit XXH3, as Kafka's cleaner maps keys by MD5) to its latest offset, the
 * second deletes the records that are not their key's latest. Tombstones are
 * kept: they are the latest record of their key.
 *
 * Neither holds a lock that readers or writers take: both only remove records
 * below the end offset they read at the start, which commits never touch, and
 * consumers skip the gaps. One pass runs at a time (gc_mu).
 */
#include "exec/log_emb.h"

#include "common/clock.h"
#include "common/hash.h"
#include "common/logger.h"
#include "common/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { GC_BATCH = 10000 }; /* deletions per write */

/* --- retention -------------------------------------------------------------------------- */

static sl_error *retain_partition(sl_db *db, emb_topic *t, int32_t p, int64_t cutoff)
{
    emb_part *ep = &t->parts[p];
    int64_t start = atomic_load(&ep->start), end = atomic_load(&ep->end), cut = start;
    uint8_t lo[EMB_KEY_LEN], hi[EMB_KEY_LEN];
    emb_key(lo, p, start);
    emb_key(hi, p, end);
    sl_db_iter *it = sl_db_iter_new(db, t->cf, NULL, lo, sizeof lo, hi, sizeof hi);
    for (sl_db_iter_seek(it, lo, sizeof lo);; sl_db_iter_next(it)) {
        if (!sl_db_iter_valid(it)) {
            cut = end;
            break;
        }
        size_t kl, vl;
        const uint8_t *k = sl_db_iter_key(it, &kl), *v = sl_db_iter_value(it, &vl), *key;
        int64_t ts;
        uint32_t klen;
        /* a record that does not decode is not old: leave it to the readers to report */
        if (kl != EMB_KEY_LEN || !sl_log_rec_peek(v, vl, &ts, &key, &klen) || ts >= cutoff) {
            cut = kl == EMB_KEY_LEN ? (int64_t)sl_db_be64_get(k + 4) : start;
            break;
        }
    }
    sl_error *err = sl_db_iter_error(it);
    sl_db_iter_free(it);
    if (err || cut <= start) return err;

    sl_db_batch *b = sl_db_batch_new();
    sl_buf sk = SL_BUF_INIT;
    uint8_t v[8];
    emb_key(hi, p, cut);
    sl_db_batch_delete_range(b, t->cf, lo, sizeof lo, hi, sizeof hi);
    sl_log_key_start(&sk, t->name, p);
    sl_db_be64_put(v, (uint64_t)cut);
    sl_db_batch_put(b, sl_db_meta(db), sk.p, sk.len, v, sizeof v);
    err = sl_db_write(db, b);
    if (!err) atomic_store(&ep->start, cut);
    sl_db_batch_free(b);
    sl_buf_free(&sk);
    return err;
}

/* --- compaction ------------------------------------------------------------------------- */

/* An open-addressing map from a key's 128-bit hash to its latest offset. */
typedef struct kmap_slot {
    XXH128_hash_t h;
    int64_t offset; /* -1: empty */
} kmap_slot;

typedef struct kmap {
    kmap_slot *s;
    size_t cap, n; /* cap is a power of two */
} kmap;

static kmap_slot *kmap_find(const kmap *m, XXH128_hash_t h)
{
    size_t i = (size_t)h.low64 & (m->cap - 1);
    while (m->s[i].offset >= 0 && !XXH128_isEqual(m->s[i].h, h))
        i = (i + 1) & (m->cap - 1);
    return &m->s[i];
}

static void kmap_init(kmap *m, size_t cap)
{
    m->cap = cap;
    m->n = 0;
    m->s = sl_malloc(cap * sizeof *m->s);
    for (size_t i = 0; i < cap; i++)
        m->s[i].offset = -1;
}

static void kmap_put(kmap *m, XXH128_hash_t h, int64_t offset)
{
    if (2 * (m->n + 1) > m->cap) {
        kmap old = *m;
        kmap_init(m, old.cap * 2);
        for (size_t i = 0; i < old.cap; i++)
            if (old.s[i].offset >= 0) *kmap_find(m, old.s[i].h) = old.s[i];
        m->n = old.n;
        free(old.s);
    }
    kmap_slot *s = kmap_find(m, h);
    if (s->offset < 0) m->n++;
    s->h = h;
    s->offset = offset;
}

/* Calls fn for each decodable keyed record of [lo, hi). */
static sl_error *scan_keys(sl_db *db, emb_topic *t, const uint8_t *lo, const uint8_t *hi,
                           void (*fn)(void *ctx, XXH128_hash_t h, const uint8_t *k), void *ctx)
{
    sl_db_iter *it = sl_db_iter_new(db, t->cf, NULL, lo, EMB_KEY_LEN, hi, EMB_KEY_LEN);
    for (sl_db_iter_seek(it, lo, EMB_KEY_LEN); sl_db_iter_valid(it); sl_db_iter_next(it)) {
        size_t kl, vl;
        const uint8_t *k = sl_db_iter_key(it, &kl), *v = sl_db_iter_value(it, &vl), *key;
        int64_t ts;
        uint32_t klen;
        if (kl == EMB_KEY_LEN && sl_log_rec_peek(v, vl, &ts, &key, &klen) && key)
            fn(ctx, XXH3_128bits(key, klen), k);
    }
    sl_error *err = sl_db_iter_error(it);
    sl_db_iter_free(it);
    return err;
}

static void map_latest(void *ctx, XXH128_hash_t h, const uint8_t *k)
{
    kmap_put(ctx, h, (int64_t)sl_db_be64_get(k + 4));
}

typedef struct sweep {
    kmap *m;
    sl_db *db;
    emb_topic *t;
    sl_db_batch *b;
    int64_t deleted;
    sl_error *err;
} sweep;

static void delete_older(void *ctx, XXH128_hash_t h, const uint8_t *k)
{
    sweep *sw = ctx;
    if (sw->err || kmap_find(sw->m, h)->offset == (int64_t)sl_db_be64_get(k + 4)) return;
    sl_db_batch_delete(sw->b, sw->t->cf, k, EMB_KEY_LEN);
    sw->deleted++;
    if (sl_db_batch_count(sw->b) >= GC_BATCH) {
        sw->err = sl_db_write(sw->db, sw->b);
        sl_db_batch_clear(sw->b);
    }
}

static sl_error *compact_partition(emb_log *log, emb_topic *t, int32_t p)
{
    sl_db *db = log->base.db;
    emb_part *ep = &t->parts[p];
    int64_t start = atomic_load(&ep->start), end = atomic_load(&ep->end);
    int64_t dirty = end - ep->cleaned;
    if (dirty < log->conf.compact_min_dirty || dirty < ep->kept) return NULL;

    uint8_t lo[EMB_KEY_LEN], hi[EMB_KEY_LEN];
    emb_key(lo, p, start);
    emb_key(hi, p, end);
    kmap m;
    kmap_init(&m, 1024);
    sweep sw = {&m, db, t, sl_db_batch_new(), 0, NULL};
    sl_error *err = scan_keys(db, t, lo, hi, map_latest, &m);
    if (!err) err = scan_keys(db, t, lo, hi, delete_older, &sw);
    if (!err) err = sw.err;
    if (!err && sl_db_batch_count(sw.b)) err = sl_db_write(db, sw.b);
    if (!err) {
        ep->cleaned = end;
        ep->kept = (int64_t)m.n;
        /* rewrite the range now, so scans do not wade through tombstones */
        if (sw.deleted) sl_db_cf_compact(db, t->cf, lo, sizeof lo, hi, sizeof hi);
    }
    sl_db_batch_free(sw.b);
    free(m.s);
    return err;
}

/* --- the pass and its thread ------------------------------------------------------------ */

static sl_error *maintain_topic(emb_log *log, emb_topic *t, int64_t now_ms)
{
    sl_error *err = NULL;
    for (int32_t p = 0; !err && p < t->info.partitions; p++) {
        if (atomic_load(&t->deleted)) break;
        if (t->info.retention_ms > 0)
            err = retain_partition(log->base.db, t, p, now_ms - t->info.retention_ms);
        if (!err && t->info.compacted) err = compact_partition(log, t, p);
    }
    if (err) err = sl_error_prefix(err, "maintenance of topic '%s': ", t->name);
    return err;
}

sl_error *sl_log_emb_maintain(sl_log *base, int64_t now_ms)
{
    emb_log *log = (emb_log *)base;
    emb_topic **ts;
    size_t n;
    sl_error *err = NULL;
    pthread_mutex_lock(&log->gc_mu);
    sl_log_emb_topic_all(log, &ts, &n);
    for (size_t i = 0; i < n; i++) {
        sl_error *e = maintain_topic(log, ts[i], now_ms);
        if (e && !err)
            err = e; /* the first error; the other topics are still maintained */
        else
            sl_error_free(e);
        sl_log_emb_topic_unref(ts[i]);
    }
    free(ts);
    pthread_mutex_unlock(&log->gc_mu);
    return err;
}

static void *gc_main(void *arg)
{
    emb_log *log = arg;
    pthread_mutex_lock(&log->gc_stop_mu);
    while (!log->gc_stop) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_sec += log->conf.maintain_interval_ms / 1000;
        ts.tv_nsec += (long)(log->conf.maintain_interval_ms % 1000) * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        int rc = 0;
        while (!log->gc_stop && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&log->gc_stop_cv, &log->gc_stop_mu, &ts);
        if (log->gc_stop) break;
        pthread_mutex_unlock(&log->gc_stop_mu);
        /* a background thread has no caller to return to: the log is its report */
        sl_error *err = sl_log_emb_maintain(&log->base, sl_clock_wall_ms());
        if (err) SL_WARN("embedded log maintenance failed", "error=\"%s\"", err->msg);
        sl_error_free(err);
        pthread_mutex_lock(&log->gc_stop_mu);
    }
    pthread_mutex_unlock(&log->gc_stop_mu);
    return NULL;
}

sl_error *sl_log_emb_gc_start(emb_log *log)
{
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_destroy(&log->gc_stop_cv);
    pthread_cond_init(&log->gc_stop_cv, &ca);
    pthread_condattr_destroy(&ca);
    log->gc_running = pthread_create(&log->gc_thread, NULL, gc_main, log) == 0;
    return log->gc_running ? NULL
                           : sl_error_new(SL_E_INTERNAL, "cannot start the log maintenance thread");
}

void sl_log_emb_gc_stop(emb_log *log)
{
    if (!log->gc_running) return;
    pthread_mutex_lock(&log->gc_stop_mu);
    log->gc_stop = true;
    pthread_cond_signal(&log->gc_stop_cv);
    pthread_mutex_unlock(&log->gc_stop_mu);
    pthread_join(log->gc_thread, NULL);
    log->gc_running = false;
}
