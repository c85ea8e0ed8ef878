/*
 * join_table.c - a join side's table: the latest row per key (see
 * join_state.h).
 *
 *   put k row     hmap[k] = copy of row      k marked dirty
 *   put k NULL    hmap[k] removed            k marked dirty
 *   flush         dirty keys, sorted: store put (encoded row) or delete
 *   open          the store's rows of this task's partition read back
 *
 * Hot state is the hash map; the state store is written in key-sorted
 * batches at commit only (never a get+put per record).
 */
#include "common/mem.h"
#include "exec/join_state.h"
#include "exec/query_int.h"
#include "exec/task.h"

#include <stdlib.h>
#include <string.h>

static sl_error *restore_row(void *ctx, const uint8_t *k, size_t klen, const uint8_t *v,
                             size_t vlen)
{
    sl_join_table *t = ctx;
    sl_arena *scratch = sl_arena_new(0);
    sl_join_row *r;
    sl_error *err = sl_join_row_decode(v, vlen, t->cols, t->ncols, scratch, &r);
    sl_arena_free(scratch);
    if (err) return err;
    bool created;
    sl_hmap_slot *slot = sl_hmap_put(&t->rows, k, (uint32_t)klen, &created);
    free(slot->val);
    slot->val = r;
    return NULL;
}

sl_error *sl_join_table_open(sl_join_table *t, sl_task *task, const char *name,
                             const sl_field *cols, uint32_t ncols)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->ncols = ncols;
    sl_error *err = sl_task_store_open(task, name, &t->store, &t->has_store);
    if (err || !t->has_store) return err;
    return sl_store_scan(&t->store, restore_row, t);
}

const sl_join_row *sl_join_table_get(const sl_join_table *t, const void *key, uint32_t klen)
{
    sl_hmap_slot *slot = sl_hmap_get(&t->rows, key, klen);
    return slot ? slot->val : NULL;
}

static void mark(sl_join_table *t, const void *key, uint32_t klen)
{
    if (!t->has_store) return;
    SL_GROW(t->dirty, t->capdirty, t->ndirty + 1);
    t->dirty[t->ndirty] = (sl_buf)SL_BUF_INIT;
    sl_buf_append(&t->dirty[t->ndirty++], key, klen);
}

bool sl_join_table_put(sl_join_table *t, const void *key, uint32_t klen, const sl_value *vals,
                       int64_t ts)
{
    mark(t, key, klen);
    if (!vals) {
        sl_join_row *old = sl_hmap_del(&t->rows, key, klen);
        free(old);
        return old != NULL;
    }
    bool created;
    sl_hmap_slot *slot = sl_hmap_put(&t->rows, key, klen, &created);
    free(slot->val);
    slot->val = sl_join_row_new(t->cols, t->ncols, vals, ts);
    return !created;
}

sl_error *sl_join_table_flush(sl_join_table *t, sl_db_batch *batch)
{
    if (!t->has_store) return NULL;
    sl_join_keys_sort(t->dirty, &t->ndirty);
    sl_buf enc = SL_BUF_INIT;
    for (size_t i = 0; i < t->ndirty; i++) {
        sl_buf *k = &t->dirty[i];
        const sl_join_row *r = sl_join_table_get(t, k->p, (uint32_t)k->len);
        if (r) {
            sl_buf_reset(&enc);
            sl_join_row_encode(&enc, t->cols, r);
            sl_store_put(&t->store, batch, k->p, k->len, enc.p, enc.len);
        } else {
            sl_store_del(&t->store, batch, k->p, k->len);
        }
        sl_buf_free(k);
    }
    sl_buf_free(&enc);
    t->ndirty = 0;
    return NULL;
}

static void free_row(void *ctx, void *val)
{
    (void)ctx;
    free(val);
}

void sl_join_table_close(sl_join_table *t)
{
    sl_hmap_fini(&t->rows, free_row, NULL);
    for (size_t i = 0; i < t->ndirty; i++)
        sl_buf_free(&t->dirty[i]);
    free(t->dirty);
    memset(t, 0, sizeof *t);
}
