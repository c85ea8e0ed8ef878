/*
 * join_window.c - a stream side's buffer in a windowed join (see
 * join_state.h): Kafka Streams' join window store, in memory.
 *
 *   key bytes ──hmap──> bucket: rows sorted by (time, arrival)
 *
 *             retention (before + after + grace)
 *        |<------------------------------------------->|
 *   ─────┼─────────────────────────────────────────────┼──> time
 *     live_from = observed - retention + 1          observed (largest time put)
 *
 * A row older than live_from is not kept and not found, whatever its key
 * (Kafka Streams drops it with the expired segment). Purging frees such rows
 * in one sweep once the cut-off has moved by a quarter of the retention, so
 * the sweep's cost is spread over many records. Every row put or purged is a
 * pending write of the state store (key ‖ time ‖ arrival -> row), written at
 * commit; the task reads the rows back when it starts.
 */
#include "common/mem.h"
#include "exec/join_state.h"
#include "exec/keycodec.h"
#include "exec/query_int.h"
#include "exec/task.h"

#include <stdlib.h>
#include <string.h>

typedef struct wbucket {
    sl_join_row **rows;
    uint32_t n, cap;
} wbucket;

static int64_t live_from(const sl_join_window *w)
{
    if (w->observed == INT64_MIN) return INT64_MIN;
    return w->observed - w->retention + 1;
}

static void store_key(sl_buf *out, const void *key, uint32_t klen, const sl_join_row *r)
{
    sl_buf_reset(out);
    sl_buf_append(out, key, klen);
    sl_keycodec_put_i64(out, r->ts);
    sl_keycodec_put_i64(out, (int64_t)r->seq);
}

/* Index of the first row of b later than ts (rows of equal time keep their arrival order). */
static uint32_t after_time(const wbucket *b, int64_t ts)
{
    uint32_t lo = 0, hi = b->n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (b->rows[mid]->ts <= ts)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Index of the first row of b at time >= ts. */
static uint32_t from_time(const wbucket *b, int64_t ts)
{
    uint32_t lo = 0, hi = b->n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (b->rows[mid]->ts < ts)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void insert(sl_join_window *w, const void *key, uint32_t klen, sl_join_row *r)
{
    bool created;
    sl_hmap_slot *slot = sl_hmap_put(&w->keys, key, klen, &created);
    if (created) slot->val = sl_calloc(1, sizeof(wbucket));
    wbucket *b = slot->val;
    if (b->n == b->cap) {
        size_t cap = b->cap;
        SL_GROW(b->rows, cap, b->n + 1);
        b->cap = (uint32_t)cap;
    }
    uint32_t at = after_time(b, r->ts);
    memmove(b->rows + at + 1, b->rows + at, (b->n - at) * sizeof *b->rows);
    b->rows[at] = r;
    b->n++;
    w->nrows++;
}

void sl_join_window_put(sl_join_window *w, const void *key, uint32_t klen, const sl_value *vals,
                        int64_t ts)
{
    if (ts > w->observed) w->observed = ts;
    if (ts < live_from(w)) return; /* its segment has expired */
    sl_join_row *r = sl_join_row_new(w->cols, w->ncols, vals, ts);
    r->seq = w->seq++;
    insert(w, key, klen, r);
    if (!w->has_store) return;
    sl_buf k = SL_BUF_INIT, v = SL_BUF_INIT;
    store_key(&k, key, klen, r);
    sl_join_row_encode(&v, w->cols, r);
    sl_join_pending_put(&w->pending, &k, &v);
    sl_buf_free(&k);
    sl_buf_free(&v);
}

uint32_t sl_join_window_range(const sl_join_window *w, const void *key, uint32_t klen, int64_t from,
                              int64_t to, sl_join_row *const **rows)
{
    int64_t live = live_from(w);
    if (from < live) from = live;
    sl_hmap_slot *slot = to < from ? NULL : sl_hmap_get(&w->keys, key, klen);
    if (!slot) return 0;
    const wbucket *b = slot->val;
    uint32_t lo = from_time(b, from), hi = after_time(b, to);
    *rows = b->rows + lo;
    return hi > lo ? hi - lo : 0;
}

/* Drops b's rows before cut (they are its first); true when b is left empty. */
static bool purge_bucket(sl_join_window *w, const uint8_t *key, uint32_t klen, wbucket *b,
                         int64_t cut)
{
    uint32_t n = from_time(b, cut);
    sl_buf k = SL_BUF_INIT;
    for (uint32_t i = 0; i < n; i++) {
        if (w->has_store) {
            store_key(&k, key, klen, b->rows[i]);
            sl_join_pending_del(&w->pending, &k);
        }
        free(b->rows[i]);
    }
    sl_buf_free(&k);
    memmove(b->rows, b->rows + n, (b->n - n) * sizeof *b->rows);
    b->n -= n;
    w->nrows -= n;
    return b->n == 0;
}

void sl_join_window_purge(sl_join_window *w)
{
    int64_t cut = live_from(w), step = w->retention / 4 > 0 ? w->retention / 4 : 1;
    if (cut == INT64_MIN || (w->purged != INT64_MIN && cut - w->purged < step)) return;
    w->purged = cut;
    sl_buf *empty = NULL;
    size_t nempty = 0, cap = 0;
    for (size_t i = 0; i < w->keys.cap; i++) {
        sl_hmap_slot *s = &w->keys.slots[i];
        if (!s->key || !purge_bucket(w, s->key, s->klen, s->val, cut)) continue;
        SL_GROW(empty, cap, nempty + 1);
        empty[nempty] = (sl_buf)SL_BUF_INIT;
        sl_buf_append(&empty[nempty++], s->key, s->klen);
    }
    for (size_t i = 0; i < nempty; i++) { /* removing moves slots: not during the sweep */
        wbucket *b = sl_hmap_del(&w->keys, empty[i].p, (uint32_t)empty[i].len);
        free(b->rows);
        free(b);
        sl_buf_free(&empty[i]);
    }
    free(empty);
}

static sl_error *restore_row(void *ctx, const uint8_t *k, size_t klen, const uint8_t *v,
                             size_t vlen)
{
    sl_join_window *w = ctx;
    if (klen < 16) return sl_error_new(SL_E_CORRUPT, "join window key too short");
    sl_arena *scratch = sl_arena_new(0);
    sl_join_row *r;
    sl_error *err = sl_join_row_decode(v, vlen, w->cols, w->ncols, scratch, &r);
    sl_arena_free(scratch);
    if (err) return err;
    insert(w, k, (uint32_t)(klen - 16), r);
    if (r->ts > w->observed) w->observed = r->ts;
    if (r->seq >= w->seq) w->seq = r->seq + 1;
    return NULL;
}

sl_error *sl_join_window_open(sl_join_window *w, sl_task *task, const char *name,
                              const sl_field *cols, uint32_t ncols, int64_t retention)
{
    memset(w, 0, sizeof *w);
    w->cols = cols;
    w->ncols = ncols;
    w->retention = retention > 0 ? retention : 1;
    w->observed = w->purged = INT64_MIN;
    sl_db *db = task->worker ? task->worker->q->rt->opts.db : NULL;
    if (!db) return NULL;
    sl_error *err = sl_store_open(db, task->plan->query_id, name, task->partition, &w->store);
    if (err) return err;
    w->has_store = true;
    return sl_store_scan(&w->store, restore_row, w);
}

void sl_join_window_flush(sl_join_window *w, sl_db_batch *batch)
{
    sl_join_pending_flush(&w->pending, w->has_store ? &w->store : NULL, batch);
}

static void free_bucket(void *ctx, void *val)
{
    (void)ctx;
    wbucket *b = val;
    for (uint32_t i = 0; i < b->n; i++)
        free(b->rows[i]);
    free(b->rows);
    free(b);
}

void sl_join_window_close(sl_join_window *w)
{
    sl_hmap_fini(&w->keys, free_bucket, NULL);
    sl_join_pending_free(&w->pending);
    memset(w, 0, sizeof *w);
}
