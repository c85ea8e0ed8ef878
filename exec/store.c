/*
 * store.c - task views of state stores (see store.h).
 */
#include "exec/store.h"
#include "common/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sl_error *sl_store_open(sl_db *db, const char *query_id, const char *name, int32_t partition,
                        sl_store *out)
{
    char cf[512];
    snprintf(cf, sizeof cf, "s/%s/%s", query_id, name);
    out->db = db;
    for (int i = 0; i < 4; i++) out->prefix[i] = (uint8_t)((uint32_t)partition >> (24 - 8 * i));
    return sl_db_cf_get(db, cf, true, &out->cf);
}

sl_error *sl_store_scan(sl_store *s, sl_store_visit visit, void *ctx)
{
    uint8_t upper[4];
    memcpy(upper, s->prefix, 4);
    for (int i = 3; i >= 0 && ++upper[i] == 0; i--) {
    }
    bool last = memcmp(s->prefix, "\xff\xff\xff\xff", 4) == 0;
    sl_db_iter *it = sl_db_iter_new(s->db, s->cf, NULL, s->prefix, 4, last ? NULL : upper, last ? 0 : 4);
    sl_error *err = NULL;
    for (sl_db_iter_seek_first(it); !err && sl_db_iter_valid(it); sl_db_iter_next(it)) {
        size_t kl, vl;
        const uint8_t *k = sl_db_iter_key(it, &kl), *v = sl_db_iter_value(it, &vl);
        if (kl < 4) continue;
        err = visit(ctx, k + 4, kl - 4, v, vl);
    }
    if (!err) err = sl_db_iter_error(it);
    sl_db_iter_free(it);
    return err;
}

static void prefixed(sl_store *s, const void *k, size_t klen, sl_buf *out)
{
    sl_buf_reset(out);
    sl_buf_append(out, s->prefix, 4);
    sl_buf_append(out, k, klen);
}

void sl_store_put(sl_store *s, sl_db_batch *b, const void *k, size_t klen, const void *v,
                  size_t vlen)
{
    sl_buf key = SL_BUF_INIT;
    prefixed(s, k, klen, &key);
    sl_db_batch_put(b, s->cf, key.p, key.len, v, vlen);
    sl_buf_free(&key);
}

void sl_store_del(sl_store *s, sl_db_batch *b, const void *k, size_t klen)
{
    sl_buf key = SL_BUF_INIT;
    prefixed(s, k, klen, &key);
    sl_db_batch_delete(b, s->cf, key.p, key.len);
    sl_buf_free(&key);
}

void sl_store_del_range(sl_store *s, sl_db_batch *b, const void *begin, size_t blen,
                        const void *end, size_t elen)
{
    sl_buf lo = SL_BUF_INIT, hi = SL_BUF_INIT;
    prefixed(s, begin, blen, &lo);
    prefixed(s, end, elen, &hi);
    sl_db_batch_delete_range(b, s->cf, lo.p, lo.len, hi.p, hi.len);
    sl_buf_free(&lo);
    sl_buf_free(&hi);
}

void sl_store_drop_query(sl_db *db, const char *query_id)
{
    char prefix[512];
    snprintf(prefix, sizeof prefix, "s/%s/", query_id);
    char **names = NULL;
    int n = 0;
    sl_db_cf_list(db, prefix, &names, &n);
    for (int i = 0; i < n; i++) sl_error_free(sl_db_cf_drop(db, names[i]));
    free(names); /* one block */
}
