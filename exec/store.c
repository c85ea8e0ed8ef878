/*
 * store.c - task views of state stores (see store.h).
 */
#include "exec/store.h"
#include "common/buf.h"
#include "exec/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sl_error *sl_store_open(sl_db *db, const char *query_id, const char *name, int32_t partition,
                        sl_store *out)
{
    char cf[512];
    snprintf(cf, sizeof cf, "s/%s/%s", query_id, name);
    memset(out, 0, sizeof *out);
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

/* The prefixed key in buf when it fits (no allocation per key), else in *heap. */
static const uint8_t *prefixed(const sl_store *s, const void *k, size_t klen, uint8_t *buf,
                               size_t cap, uint8_t **heap)
{
    uint8_t *p = klen + 4 <= cap ? buf : (*heap = malloc(klen + 4));
    memcpy(p, s->prefix, 4);
    if (klen) memcpy(p + 4, k, klen);
    return p;
}

static void to_changelog(sl_store *s, const void *k, size_t klen, const void *v, size_t vlen)
{
    sl_store_changelog *c = &s->changelog;
    c->written++;
    sl_log_record rec = {0};
    rec.key = k ? k : (const uint8_t *)"";
    rec.klen = (uint32_t)klen;
    rec.val = v;
    rec.vlen = (uint32_t)vlen;
    rec.partition = c->partition;
    /* a failed produce leaves the transaction able only to abort: nothing is lost silently */
    sl_error_free(sl_log_txn_produce(c->txn(c->ctx), c->topic, &rec));
}

void sl_store_put(sl_store *s, sl_db_batch *b, const void *k, size_t klen, const void *v,
                  size_t vlen)
{
    uint8_t buf[256], *heap = NULL;
    const uint8_t *key = prefixed(s, k, klen, buf, sizeof buf, &heap);
    sl_db_batch_put(b, s->cf, key, klen + 4, v, vlen);
    free(heap);
    if (s->changelog.topic) to_changelog(s, k, klen, v ? v : "", vlen);
}

void sl_store_del(sl_store *s, sl_db_batch *b, const void *k, size_t klen)
{
    uint8_t buf[256], *heap = NULL;
    const uint8_t *key = prefixed(s, k, klen, buf, sizeof buf, &heap);
    sl_db_batch_delete(b, s->cf, key, klen + 4);
    free(heap);
    if (s->changelog.topic) to_changelog(s, k, klen, NULL, 0);
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
