/*
 * pullstore.c - the pull-query materialization's layout (see pullstore.h).
 */
#include "exec/pullstore.h"
#include "common/mem.h"
#include "exec/keycodec.h"

#include <stdio.h>
#include <stdlib.h>

sl_error *sl_pullstore_cf(sl_db *db, const char *query_id, bool create, sl_db_cf **out)
{
    char name[512];
    snprintf(name, sizeof name, "s/%s/pull", query_id);
    return sl_db_cf_get(db, name, create, out);
}

void sl_pullstore_key(sl_buf *out, const sl_field *cols, uint32_t nkey, const sl_value *vals,
                      bool windowed, int64_t wstart, int64_t wend)
{
    sl_keycodec_put_row(out, cols, nkey, vals);
    if (!windowed) return;
    sl_keycodec_put_i64(out, wstart);
    sl_keycodec_put_i64(out, wend);
}

void sl_pullstore_value(sl_buf *out, const sl_field *cols, uint32_t ncols, const sl_value *vals,
                        int64_t rowtime)
{
    sl_keycodec_put_i64(out, rowtime);
    sl_keycodec_put_row(out, cols, ncols, vals);
}

sl_error *sl_pullstore_decode(const uint8_t *k, size_t klen, const uint8_t *v, size_t vlen,
                              const sl_field *cols, uint32_t ncols, bool windowed, sl_arena *ar,
                              sl_row *row)
{
    if (vlen < 8 || (windowed && klen < 16))
        return sl_error_new(SL_E_CORRUPT, "a pull store entry is too short (%zu bytes)", vlen);
    row->ts = sl_keycodec_get_i64(v);
    row->offset = -1;
    row->partition = -1;
    row->headers = NULL;
    row->flags = 0;
    if (windowed) {
        row->wstart = sl_keycodec_get_i64(k + klen - 16);
        row->wend = sl_keycodec_get_i64(k + klen - 8);
        row->flags |= SL_ROW_WINDOWED;
    }
    const uint8_t *p = v + 8;
    return sl_keycodec_get_row(&p, v + vlen, cols, ncols, ar, row->col);
}

/* --- reading ---------------------------------------------------------------------------- */

struct sl_pull_reader {
    sl_db *db;
    sl_db_cf *cf;
    const sl_pull_access *acc;
    sl_db_snapshot *snap; /* NULL: one point get needs none */
    sl_db_iter *it;       /* the current range (a range, a scan, or one key's windows) */
    bool it_started;
    uint32_t next_key; /* KEY_LOOKUP: the next key to read */
    sl_buf key, val;   /* a point get's entry */
    sl_error *err;
    bool done;
};

sl_pull_reader *sl_pull_reader_new(sl_db *db, sl_db_cf *cf, const sl_pull_access *acc)
{
    sl_pull_reader *r = sl_calloc(1, sizeof *r);
    r->db = db;
    r->cf = cf;
    r->acc = acc;
    bool one_get = acc->path == SL_PULL_KEY_LOOKUP && acc->nkeys <= 1 && !acc->windowed;
    if (!one_get) r->snap = sl_db_snapshot_new(db);
    if (acc->path == SL_PULL_RANGE || acc->path == SL_PULL_SCAN) {
        const sl_buf *lo = &acc->lo, *hi = &acc->hi;
        bool ranged = acc->path == SL_PULL_RANGE;
        r->it =
            sl_db_iter_new(db, cf, r->snap, ranged && lo->len ? lo->p : NULL, ranged ? lo->len : 0,
                           ranged && hi->len ? hi->p : NULL, ranged ? hi->len : 0);
    }
    return r;
}

/* An iterator over one key's windows whose start is in [ws_lo, ws_hi]. */
static sl_db_iter *windows_of(sl_pull_reader *r, const sl_buf *key)
{
    sl_buf lo = SL_BUF_INIT, hi = SL_BUF_INIT;
    sl_buf_append(&lo, key->p, key->len);
    sl_keycodec_put_i64(&lo, r->acc->ws_lo);
    sl_buf_append(&hi, key->p, key->len);
    if (r->acc->ws_hi == INT64_MAX) {
        for (int i = 0; i < 17; i++)
            sl_buf_putc(&hi, (char)0xFF);
    } else {
        sl_keycodec_put_i64(&hi, r->acc->ws_hi + 1);
    }
    sl_db_iter *it = sl_db_iter_new(r->db, r->cf, r->snap, lo.p, lo.len, hi.p, hi.len);
    sl_buf_free(&lo);
    sl_buf_free(&hi);
    return it;
}

/* Steps the current iterator; true with an entry, false when it is exhausted (and freed). */
static bool iter_step(sl_pull_reader *r, const uint8_t **k, size_t *klen, const uint8_t **v,
                      size_t *vlen)
{
    if (!r->it_started)
        sl_db_iter_seek_first(r->it);
    else
        sl_db_iter_next(r->it);
    r->it_started = true;
    if (sl_db_iter_valid(r->it)) {
        *k = sl_db_iter_key(r->it, klen);
        *v = sl_db_iter_value(r->it, vlen);
        return true;
    }
    r->err = sl_db_iter_error(r->it);
    sl_db_iter_free(r->it);
    r->it = NULL;
    r->it_started = false;
    return false;
}

static bool next_lookup(sl_pull_reader *r, const uint8_t **k, size_t *klen, const uint8_t **v,
                        size_t *vlen)
{
    const sl_pull_access *acc = r->acc;
    while (!r->err) {
        if (r->it && iter_step(r, k, klen, v, vlen)) return true;
        if (r->err || r->next_key >= acc->nkeys) return false;
        const sl_buf *key = &acc->keys[r->next_key++];
        if (acc->windowed) {
            r->it = windows_of(r, key);
            continue;
        }
        bool found = false;
        r->err = sl_db_get(r->db, r->cf, r->snap, key->p, key->len, &r->val, &found);
        if (!found || r->err) continue;
        *k = (const uint8_t *)key->p;
        *klen = key->len;
        *v = (const uint8_t *)r->val.p;
        *vlen = r->val.len;
        return true;
    }
    return false;
}

bool sl_pull_reader_next(sl_pull_reader *r, const uint8_t **k, size_t *klen, const uint8_t **v,
                         size_t *vlen)
{
    if (r->done) return false;
    bool got = r->acc->path == SL_PULL_KEY_LOOKUP ? next_lookup(r, k, klen, v, vlen)
                                                  : r->it && iter_step(r, k, klen, v, vlen);
    if (!got) r->done = true;
    return got;
}

sl_error *sl_pull_reader_error(sl_pull_reader *r)
{
    sl_error *err = r->err;
    r->err = NULL;
    return err;
}

void sl_pull_reader_free(sl_pull_reader *r)
{
    if (!r) return;
    sl_db_iter_free(r->it);
    sl_db_snapshot_free(r->db, r->snap);
    sl_buf_free(&r->key);
    sl_buf_free(&r->val);
    sl_error_free(r->err);
    free(r);
}
