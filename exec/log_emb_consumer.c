/*
 * log_emb_consumer.c - consumers of the embedded log.
 *
 * A consumer owns every partition of its topics (there is one process, so no
 * group protocol): at its first poll it asks the caller where each partition
 * starts (sl_log_start_for), then keeps a read position per partition.
 *
 * A poll reads, partition by partition, the records in [position, end) with
 * one RocksDB iterator per partition that has any, until it has max records.
 * It starts at a different partition each time, so one busy partition cannot
 * starve the others. end is loaded before the iterator is made, and records
 * are durable before end moves past them, so a poll never sees a partial
 * transaction. Payloads are copied into the consumer's arena, reset at the
 * next poll.
 *
 * When nothing is ready the consumer sleeps on its own condition variable.
 * It is registered as a watcher of each of its topics, and a commit to a
 * topic bumps the wake counter of that topic's watchers: a commit wakes only
 * the consumers of the topics it wrote, and a wake-up between the consumer's
 * last check and its sleep is never lost (the counter is read before the
 * check).
 */
#include "exec/log_emb.h"

#include "common/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct emb_cpart {
    emb_topic *t;
    uint32_t topic; /* index in the consumer's topic list */
    int32_t partition;
    int64_t pos; /* next offset to read */
    bool live;   /* false once revoked (its topic was deleted) */
} emb_cpart;

struct emb_consumer {
    sl_log_consumer base;
    sl_log_assign_cb cb;
    emb_topic **topics;
    emb_cpart *parts;
    size_t nparts;
    size_t next; /* the partition the next poll reads first */
    bool assigned;
    sl_arena *ar; /* payloads of the last poll */
    pthread_mutex_t mu;
    pthread_cond_t cv; /* on CLOCK_MONOTONIC */
    uint64_t wake;
};

/* --- watchers --------------------------------------------------------------------------- */

static void watch(emb_topic *t, emb_consumer *c)
{
    pthread_mutex_lock(&t->wmu);
    SL_GROW(t->watchers, t->capwatchers, t->nwatchers + 1);
    t->watchers[t->nwatchers++] = c;
    pthread_mutex_unlock(&t->wmu);
}

static void unwatch(emb_topic *t, emb_consumer *c)
{
    pthread_mutex_lock(&t->wmu);
    for (size_t i = 0; i < t->nwatchers; i++) {
        if (t->watchers[i] == c) {
            t->watchers[i] = t->watchers[--t->nwatchers];
            break;
        }
    }
    pthread_mutex_unlock(&t->wmu);
}

void sl_log_emb_notify(emb_topic *t)
{
    pthread_mutex_lock(&t->wmu);
    for (size_t i = 0; i < t->nwatchers; i++) {
        emb_consumer *c = t->watchers[i];
        pthread_mutex_lock(&c->mu);
        c->wake++;
        pthread_cond_signal(&c->cv);
        pthread_mutex_unlock(&c->mu);
    }
    pthread_mutex_unlock(&t->wmu);
}

static uint64_t wake_count(emb_consumer *c)
{
    pthread_mutex_lock(&c->mu);
    uint64_t w = c->wake;
    pthread_mutex_unlock(&c->mu);
    return w;
}

/* Sleeps until the wake counter moves past w or the deadline (monotonic);
 * false on timeout. */
static bool wait_wake(emb_consumer *c, uint64_t w, const struct timespec *deadline)
{
    int rc = 0;
    pthread_mutex_lock(&c->mu);
    while (c->wake == w && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&c->cv, &c->mu, deadline);
    bool woken = c->wake != w;
    pthread_mutex_unlock(&c->mu);
    return woken;
}

/* --- open and close --------------------------------------------------------------------- */

sl_error *sl_log_emb_consumer_open(sl_log *base, const char *group_id, const char *const *topics,
                                   int ntopics, const sl_log_assign_cb *cb, sl_log_consumer **out)
{
    emb_log *log = (emb_log *)base;
    emb_topic **ts = sl_calloc((size_t)ntopics, sizeof *ts);
    size_t nparts = 0;
    for (int i = 0; i < ntopics; i++) {
        ts[i] = sl_log_emb_topic_get(log, topics[i]);
        if (!ts[i]) {
            sl_error *err = sl_error_new(SL_E_NOT_FOUND, "topic '%s' does not exist", topics[i]);
            while (i-- > 0)
                sl_log_emb_topic_unref(ts[i]);
            free(ts);
            return err;
        }
        nparts += (size_t)ts[i]->info.partitions;
    }
    emb_consumer *c = sl_calloc(1, sizeof *c);
    sl_log_consumer_base_init(&c->base, base, group_id, topics, ntopics);
    if (cb) c->cb = *cb;
    c->topics = ts;
    c->parts = sl_calloc(nparts, sizeof *c->parts);
    for (int i = 0; i < ntopics; i++)
        for (int32_t p = 0; p < ts[i]->info.partitions; p++)
            c->parts[c->nparts++] = (emb_cpart){ts[i], (uint32_t)i, p, 0, false};
    c->ar = sl_arena_new(0);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&c->cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&c->mu, NULL);
    for (int i = 0; i < ntopics; i++)
        watch(ts[i], c);
    *out = &c->base;
    return NULL;
}

void sl_log_emb_consumer_close(sl_log_consumer *base)
{
    emb_consumer *c = (emb_consumer *)base;
    for (int i = 0; i < c->base.ntopics; i++) {
        unwatch(c->topics[i], c);
        sl_log_emb_topic_unref(c->topics[i]);
    }
    free(c->topics);
    free(c->parts);
    sl_arena_free(c->ar);
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
    sl_log_consumer_base_free(&c->base);
    free(c);
}

/* --- positions -------------------------------------------------------------------------- */

static int64_t resolve(const emb_cpart *cp, int64_t offset)
{
    const emb_part *ep = &cp->t->parts[cp->partition];
    if (offset == SL_LOG_EARLIEST) return atomic_load(&ep->start);
    if (offset == SL_LOG_LATEST) return atomic_load(&ep->end);
    return offset;
}

static sl_error *assign_all(emb_consumer *c)
{
    for (size_t i = 0; i < c->nparts; i++) {
        emb_cpart *cp = &c->parts[i];
        int64_t start = SL_LOG_EARLIEST;
        sl_error *err = sl_log_start_for(&c->base, &c->cb, cp->topic, cp->partition, &start);
        if (err) return err;
        cp->pos = resolve(cp, start);
        cp->live = true;
    }
    c->assigned = true;
    return NULL;
}

static emb_cpart *part_of(emb_consumer *c, uint32_t topic, int32_t partition)
{
    for (size_t i = 0; i < c->nparts; i++)
        if (c->parts[i].topic == topic && c->parts[i].partition == partition && c->parts[i].live)
            return &c->parts[i];
    return NULL;
}

sl_error *sl_log_emb_consumer_seek(sl_log_consumer *base, uint32_t topic, int32_t partition,
                                   int64_t offset)
{
    emb_consumer *c = (emb_consumer *)base;
    emb_cpart *cp = c->assigned ? part_of(c, topic, partition) : NULL;
    if (!cp)
        return sl_error_new(SL_E_INTERNAL, "partition %s[%d] is not assigned to this consumer",
                            c->base.topics[topic], (int)partition);
    cp->pos = resolve(cp, offset);
    return NULL;
}

sl_error *sl_log_emb_consumer_mark(sl_log_consumer *c, uint32_t topic, int32_t partition,
                                   int64_t next_offset)
{
    /* the committed offsets are the transactions' own: nothing to mirror */
    (void)c, (void)topic, (void)partition, (void)next_offset;
    return NULL;
}

/* --- reading ---------------------------------------------------------------------------- */

/* Reads cp's records in [pos, end) into recs[*n..max). */
static sl_error *read_part(emb_consumer *c, emb_cpart *cp, sl_log_record *recs, int max, int *n)
{
    emb_part *ep = &cp->t->parts[cp->partition];
    int64_t end = atomic_load(&ep->end), start = atomic_load(&ep->start);
    if (cp->pos < start) cp->pos = start; /* retention removed them */
    if (cp->pos >= end) return NULL;
    uint8_t lo[EMB_KEY_LEN], hi[EMB_KEY_LEN];
    emb_key(lo, cp->partition, cp->pos);
    emb_key(hi, cp->partition, end);
    sl_db *db = c->base.log->db;
    sl_db_iter *it = sl_db_iter_new(db, cp->t->cf, NULL, lo, sizeof lo, hi, sizeof hi);
    sl_error *err = NULL;
    for (sl_db_iter_seek(it, lo, sizeof lo); sl_db_iter_valid(it) && *n < max;
         sl_db_iter_next(it)) {
        size_t kl, vl;
        const uint8_t *k = sl_db_iter_key(it, &kl), *v = sl_db_iter_value(it, &vl);
        int64_t off = kl == EMB_KEY_LEN ? (int64_t)sl_db_be64_get(k + 4) : -1;
        sl_log_record *r = &recs[*n];
        if (off < 0 || !sl_log_rec_decode(sl_arena_memdup(c->ar, v, vl), vl, r, c->ar)) {
            err = sl_error_new(SL_E_CORRUPT,
                               "corrupt record in topic '%s' partition %d at "
                               "offset %lld",
                               cp->t->name, (int)cp->partition, (long long)off);
            break;
        }
        r->offset = off;
        r->partition = cp->partition;
        r->topic = cp->topic;
        cp->pos = off + 1;
        (*n)++;
    }
    /* past the last record: the rest of [pos, end) are gaps left by compaction */
    if (!err && !sl_db_iter_valid(it)) {
        err = sl_db_iter_error(it);
        if (!err) cp->pos = end;
    }
    sl_db_iter_free(it);
    return err;
}

static void revoke(emb_consumer *c, emb_cpart *cp)
{
    cp->live = false;
    if (c->cb.revoked) c->cb.revoked(c->cb.ctx, cp->topic, cp->partition);
}

static sl_error *read_some(emb_consumer *c, sl_log_record *recs, int max, int *n)
{
    sl_error *err = NULL;
    for (size_t k = 0; k < c->nparts && *n < max && !err; k++) {
        emb_cpart *cp = &c->parts[(c->next + k) % c->nparts];
        if (!cp->live) continue;
        if (atomic_load(&cp->t->deleted))
            revoke(c, cp);
        else
            err = read_part(c, cp, recs, max, n);
    }
    c->next = c->nparts ? (c->next + 1) % c->nparts : 0;
    return err;
}

sl_error *sl_log_emb_consumer_poll(sl_log_consumer *base, sl_log_record *recs, int max,
                                   int timeout_ms, int *n)
{
    emb_consumer *c = (emb_consumer *)base;
    sl_arena_reset(c->ar);
    if (!c->assigned) {
        sl_error *err = assign_all(c);
        if (err) return err;
    }
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    for (;;) {
        uint64_t w = wake_count(c);
        sl_error *err = read_some(c, recs, max, n);
        if (err || *n > 0) return err;
        if (!wait_wake(c, w, &deadline)) return NULL;
    }
}
