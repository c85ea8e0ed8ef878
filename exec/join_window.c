/*
 * join_window.c - a stream side's buffer in a windowed join (see
 * join_state.h): Kafka Streams' segmented join window store.
 *
 *   memory:  key bytes ──hmap──> bucket: rows sorted by (time, arrival)
 *   store:   segment(time) ‖ key bytes ‖ time ‖ arrival  ->  row
 *
 *             retention (before + after + grace)
 *        |<------------------------------------------->|
 *   ─────┼─────────────────────────────────────────────┼──> time
 *     live_from = observed - retention + 1          observed (largest time put)
 *   |  seg 0  |  seg 1  |  seg 2  |  seg 3  |  seg 4  |   segment: max(retention / 2, 60 s)
 *   '-- deleted --------'
 *
 * A row older than live_from is not kept and not found, whatever its key
 * (Kafka Streams drops it with the expired segment). In memory, purging frees
 * such rows in one sweep once the cut-off has moved by a quarter of the
 * retention, so the sweep's cost is spread over many records. In the store,
 * rows are written at commit (those put since the last one and still live)
 * and leave a whole segment at a time: one range delete per expired segment,
 * never a delete per row. A task starting reads the store back and drops
 * what has expired since.
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

/* A row put since the last commit and its key (the bucket's may be gone by then). */
struct sl_join_unsaved {
    sl_join_row *row;
    int64_t seg; /* its store segment */
    uint32_t klen;
    uint8_t key[];
};

static int64_t live_from(const sl_join_window *w)
{
    if (w->observed == INT64_MIN) return INT64_MIN;
    return w->observed - w->retention + 1;
}

static int64_t segment_of(const sl_join_window *w, int64_t ts)
{
    return ts >= 0 ? ts / w->segment : -1;
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
    struct sl_join_unsaved *u = sl_arena_alloc(w->unsaved_ar, sizeof *u + klen);
    u->row = r;
    u->seg = segment_of(w, ts);
    u->klen = klen;
    memcpy(u->key, key, klen);
    r->flags |= SL_JOIN_ROW_UNSAVED;
    SL_GROW(w->unsaved, w->capunsaved, w->nunsaved + 1);
    w->unsaved[w->nunsaved++] = u;
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
static bool purge_bucket(sl_join_window *w, wbucket *b, int64_t cut)
{
    uint32_t n = from_time(b, cut);
    for (uint32_t i = 0; i < n; i++) {
        sl_join_row *r = b->rows[i];
        if (!(r->flags & SL_JOIN_ROW_UNSAVED)) {
            free(r);
            continue;
        }
        r->flags |= SL_JOIN_ROW_EXPIRED; /* the commit's list still points at it */
        SL_GROW(w->expired, w->capexpired, w->nexpired + 1);
        w->expired[w->nexpired++] = r;
    }
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
        if (!s->key || !purge_bucket(w, s->val, cut)) continue;
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

/* --- the store ---------------------------------------------------------------------------- */

static void store_key(sl_buf *out, const struct sl_join_unsaved *u)
{
    sl_buf_reset(out);
    sl_keycodec_put_i64(out, u->seg);
    sl_buf_append(out, u->key, u->klen);
    sl_keycodec_put_i64(out, u->row->ts);
    sl_keycodec_put_i64(out, (int64_t)u->row->seq);
}

static int cmp_unsaved(const void *x, const void *y)
{
    const struct sl_join_unsaved *a = *(struct sl_join_unsaved *const *)x;
    const struct sl_join_unsaved *b = *(struct sl_join_unsaved *const *)y;
    if (a->seg != b->seg) return a->seg < b->seg ? -1 : 1;
    uint32_t n = a->klen < b->klen ? a->klen : b->klen;
    int c = memcmp(a->key, b->key, n);
    if (c || a->klen != b->klen) return c ? c : a->klen < b->klen ? -1 : 1;
    if (a->row->ts != b->row->ts) return a->row->ts < b->row->ts ? -1 : 1;
    return (a->row->seq > b->row->seq) - (a->row->seq < b->row->seq);
}

/* Deletes the segments that have expired since the last commit: one range. */
static void drop_segments(sl_join_window *w, sl_db_batch *batch)
{
    int64_t live = live_from(w);
    int64_t cut = live == INT64_MIN ? INT64_MIN : segment_of(w, live);
    if (cut <= w->dropped) return;
    sl_buf lo = SL_BUF_INIT, hi = SL_BUF_INIT;
    sl_keycodec_put_i64(&lo, w->dropped);
    sl_keycodec_put_i64(&hi, cut);
    sl_store_del_range(&w->store, batch, lo.p, lo.len, hi.p, hi.len);
    sl_buf_free(&lo);
    sl_buf_free(&hi);
    w->dropped = cut;
}

void sl_join_window_flush(sl_join_window *w, sl_db_batch *batch)
{
    if (!w->has_store) return;
    if (w->nunsaved) qsort(w->unsaved, w->nunsaved, sizeof *w->unsaved, cmp_unsaved);
    sl_buf k = SL_BUF_INIT, v = SL_BUF_INIT;
    for (size_t i = 0; i < w->nunsaved; i++) {
        struct sl_join_unsaved *u = w->unsaved[i];
        u->row->flags &= (uint16_t)~SL_JOIN_ROW_UNSAVED;
        if (u->row->flags & SL_JOIN_ROW_EXPIRED) continue;
        store_key(&k, u);
        sl_buf_reset(&v);
        sl_join_row_encode(&v, w->cols, u->row);
        sl_store_put(&w->store, batch, k.p, k.len, v.p, v.len);
    }
    sl_buf_free(&k);
    sl_buf_free(&v);
    for (size_t i = 0; i < w->nexpired; i++)
        free(w->expired[i]);
    w->nunsaved = w->nexpired = 0;
    sl_arena_reset(w->unsaved_ar);
    drop_segments(w, batch);
}

static sl_error *restore_row(void *ctx, const uint8_t *k, size_t klen, const uint8_t *v,
                             size_t vlen)
{
    sl_join_window *w = ctx;
    if (klen < 24) return sl_error_new(SL_E_CORRUPT, "join window key too short");
    sl_arena *scratch = sl_arena_new(0);
    sl_join_row *r;
    sl_error *err = sl_join_row_decode(v, vlen, w->cols, w->ncols, scratch, &r);
    sl_arena_free(scratch);
    if (err) return err;
    insert(w, k + 8, (uint32_t)(klen - 24), r);
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
    w->segment = w->retention / 2 > 60000 ? w->retention / 2 : 60000;
    w->observed = w->purged = w->dropped = INT64_MIN;
    sl_error *err = sl_task_store_open(task, name, &w->store, &w->has_store);
    if (err || !w->has_store) return err;
    w->unsaved_ar = sl_arena_new(0);
    err = sl_store_scan(&w->store, restore_row, w);
    sl_join_window_purge(w); /* what expired while the task was away */
    return err;
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
    for (size_t i = 0; i < w->nexpired; i++)
        free(w->expired[i]);
    free(w->expired);
    free(w->unsaved);
    sl_arena_free(w->unsaved_ar);
    memset(w, 0, sizeof *w);
}
