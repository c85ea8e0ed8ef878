/*
 * verify_compare.c - matching the stream side's rows with the batch side's, key by key.
 *
 *   stream rows --index--> (key, n-th row with that key) sorted --+
 *                                                                  +--merge--> matching
 *   batch rows  --index--> (key, n-th row with that key) sorted --+           mismatched
 *                                                                              missing each side
 *
 * A key is the cells of the key columns, encoded so that equal cells encode equally (an
 * integer and a real of the same integral value alike) and the encodings sort sensibly.
 * A side may repeat a key (a stream result, or a batch query that forgot a GROUP BY column):
 * rows of one key are ordered by all their compared cells and the n-th pairs with the n-th,
 * so a repeat the other side lacks shows up as missing rather than as noise.
 *
 * Columns pair up by name, ignoring case. Columns only one side has are listed, not
 * compared: a batch query need not compute WINDOWEND, say.
 */
#include "cli/verify.h"
#include "common/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct entry {
    const char *key, *all; /* encoded key cells; encoded compared cells */
    uint32_t klen, alen;
    uint32_t occ; /* this is the occ-th row (from 0) with its key */
    size_t row;
} entry;

static void put_u64(sl_buf *b, uint64_t v)
{
    for (int i = 7; i >= 0; i--)
        sl_buf_putc(b, (char)(v >> (8 * i)));
}

/* One cell, encoded to sort and compare as memcmp. */
static void encode_cell(sl_buf *b, const sl_vcell *c)
{
    double d = c->kind == SL_VCELL_REAL ? c->u.d : 0;
    bool integral =
        c->kind == SL_VCELL_INT || (c->kind == SL_VCELL_REAL && d == floor(d) && fabs(d) < 9.2e18);
    if (c->kind == SL_VCELL_NULL || (c->kind == SL_VCELL_REAL && isnan(d))) {
        sl_buf_putc(b, 'a');
    } else if (integral) {
        sl_buf_putc(b, 'i');
        put_u64(b, (uint64_t)(c->kind == SL_VCELL_INT ? c->u.i : (int64_t)d) ^ (1ull << 63));
    } else if (c->kind == SL_VCELL_REAL) {
        uint64_t bits;
        memcpy(&bits, &d, 8);
        sl_buf_putc(b, 'r');
        put_u64(b, bits >> 63 ? ~bits : bits | (1ull << 63));
    } else { /* text: 0x00 escaped as 00 ff, ended by 00 00 */
        sl_buf_putc(b, 't');
        for (uint32_t i = 0; i < c->len; i++) {
            sl_buf_putc(b, c->u.s[i]);
            if (!c->u.s[i]) sl_buf_putc(b, (char)0xff);
        }
        sl_buf_append(b, "\0\0", 2);
    }
}

static const char *encode_cells(sl_arena *ar, sl_buf *b, const sl_vcell *row, const int *cols,
                                uint32_t n, uint32_t *len)
{
    sl_buf_reset(b);
    for (uint32_t i = 0; i < n; i++)
        encode_cell(b, &row[cols[i]]);
    *len = (uint32_t)b->len;
    return sl_arena_memdup(ar, b->p ? b->p : "", b->len);
}

static int bytes_cmp(const char *a, uint32_t na, const char *b, uint32_t nb)
{
    int c = memcmp(a, b, na < nb ? na : nb);
    return c ? c : (na > nb) - (na < nb);
}

static int entry_cmp(const void *x, const void *y)
{
    const entry *a = x, *b = y;
    int c = bytes_cmp(a->key, a->klen, b->key, b->klen);
    if (!c) c = bytes_cmp(a->all, a->alen, b->all, b->alen);
    return c ? c : (a->row > b->row) - (a->row < b->row);
}

/* The rows of one side sorted by key then values, each knowing its repeat number. */
static entry *index_side(sl_arena *ar, const sl_vrows *r, const int *keys, uint32_t nkeys,
                         const int *all, uint32_t nall, size_t *dups)
{
    entry *e = sl_malloc((r->n ? r->n : 1) * sizeof *e);
    sl_buf b = SL_BUF_INIT;
    for (size_t i = 0; i < r->n; i++) {
        const sl_vcell *row = &r->cells[i * r->ncols];
        e[i].key = encode_cells(ar, &b, row, keys, nkeys, &e[i].klen);
        e[i].all = encode_cells(ar, &b, row, all, nall, &e[i].alen);
        e[i].row = i;
    }
    sl_buf_free(&b);
    qsort(e, r->n, sizeof *e, entry_cmp);
    *dups = 0;
    for (size_t i = 0; i < r->n; i++) {
        bool same = i && bytes_cmp(e[i].key, e[i].klen, e[i - 1].key, e[i - 1].klen) == 0;
        e[i].occ = same ? e[i - 1].occ + 1 : 0;
        *dups += same;
    }
    return e;
}

/* --- columns ---------------------------------------------------------------------------- */

static void add_col(sl_verify_cmp *c, const char *name, int scol, int bcol, bool key)
{
    c->cols[c->ncols++] = (sl_vcolstat){.name = name, .scol = scol, .bcol = bcol, .key = key};
    c->nkeys += key;
}

static sl_error *missing_key(const char *name, bool stream)
{
    bool window = strcasecmp(name, "WINDOWSTART") == 0;
    sl_error *err = sl_error_new(SL_E_BAD_REQUEST, "key column %s is not in the %s result", name,
                                 stream ? "streaming" : "batch");
    if (stream) return sl_error_with_hint(err, "choose the key columns with --key");
    return sl_error_with_hint(err, "name it in the SELECT (... AS %s)%s", name,
                              window ? ", or name the batch column with --window-column"
                                     : ", or choose the key columns with --key");
}

static sl_error *resolve_keys(sl_verify_cmp *c, const sl_verify_cmp_opts *o)
{
    if (!o->keys) { /* every column both sides have */
        for (uint32_t i = 0; i < c->s->ncols; i++) {
            int bcol = sl_verify_rows_col(c->b, c->s->cols[i]);
            if (bcol >= 0) add_col(c, c->s->cols[i], (int)i, bcol, true);
        }
        if (!c->nkeys)
            return sl_error_new(SL_E_BAD_REQUEST, "the results have no column in common");
        return NULL;
    }
    for (uint32_t k = 0; k < o->nkeys; k++) {
        int scol = sl_verify_rows_col(c->s, o->keys[k]),
            bcol = sl_verify_rows_col(c->b, o->keys[k]);
        if (scol < 0 || bcol < 0) return missing_key(o->keys[k], scol < 0);
        add_col(c, c->s->cols[scol], scol, bcol, true);
    }
    return NULL;
}

static bool is_key(const sl_verify_cmp *c, int col, bool stream)
{
    for (uint32_t k = 0; k < c->nkeys; k++)
        if ((stream ? c->cols[k].scol : c->cols[k].bcol) == col) return true;
    return false;
}

static sl_error *resolve_cols(sl_verify_cmp *c, const sl_verify_cmp_opts *o)
{
    c->cols = sl_calloc(c->s->ncols + 1, sizeof *c->cols);
    c->only_stream = sl_calloc(c->s->ncols + 1, sizeof *c->only_stream);
    c->only_batch = sl_calloc(c->b->ncols + 1, sizeof *c->only_batch);
    sl_error *err = resolve_keys(c, o);
    if (err) return err;
    for (uint32_t i = 0; i < c->s->ncols; i++) {
        if (is_key(c, (int)i, true)) continue;
        int bcol = sl_verify_rows_col(c->b, c->s->cols[i]);
        if (bcol >= 0 && !is_key(c, bcol, false))
            add_col(c, c->s->cols[i], (int)i, bcol, false);
        else
            c->only_stream[c->nonly_stream++] = c->s->cols[i];
    }
    for (uint32_t i = 0; i < c->b->ncols; i++) {
        bool used = false;
        for (uint32_t k = 0; k < c->ncols && !used; k++)
            used = c->cols[k].bcol == (int)i;
        if (!used) c->only_batch[c->nonly_batch++] = c->b->cols[i];
    }
    return NULL;
}

/* --- the merge -------------------------------------------------------------------------- */

static void add_sample(sl_verify_cmp *c, uint32_t max, sl_vdiff_kind kind, size_t srow, size_t brow)
{
    if (c->nsamples < max) c->samples[c->nsamples++] = (sl_vdiff){kind, srow, brow};
}

/* Compares the non-key columns of a stream row and a batch row; true when all are equal. */
static bool compare_pair(sl_verify_cmp *c, size_t srow, size_t brow, double tol)
{
    const sl_vcell *s = &c->s->cells[srow * c->s->ncols], *b = &c->b->cells[brow * c->b->ncols];
    bool all = true;
    for (uint32_t k = c->nkeys; k < c->ncols; k++) {
        sl_vcolstat *st = &c->cols[k];
        bool numeric;
        double abs, rel;
        bool eq = sl_verify_cell_eq(&s[st->scol], &b[st->bcol], tol, &numeric, &abs, &rel);
        if (numeric) st->numeric = true;
        if (numeric && isfinite(abs) && abs > st->max_abs) st->max_abs = abs;
        if (numeric && isfinite(rel) && rel > st->max_rel) st->max_rel = rel;
        if (!eq) st->mismatched++;
        all = all && eq;
    }
    return all;
}

static int pair_cmp(const entry *s, const entry *b)
{
    int c = bytes_cmp(s->key, s->klen, b->key, b->klen);
    return c ? c : (s->occ > b->occ) - (s->occ < b->occ);
}

static void merge(sl_verify_cmp *c, const entry *se, const entry *be, const sl_verify_cmp_opts *o)
{
    size_t i = 0, j = 0, ns = c->s->n, nb = c->b->n;
    while (i < ns || j < nb) {
        int d = i < ns && j < nb ? pair_cmp(&se[i], &be[j]) : i < ns ? -1 : 1;
        if (d < 0) {
            c->missing_batch++;
            add_sample(c, o->sample, SL_VDIFF_MISSING_BATCH, se[i++].row, SIZE_MAX);
        } else if (d > 0) {
            c->missing_stream++;
            add_sample(c, o->sample, SL_VDIFF_MISSING_STREAM, SIZE_MAX, be[j++].row);
        } else if (compare_pair(c, se[i].row, be[j].row, o->tolerance)) {
            c->matching++, i++, j++;
        } else {
            c->mismatched++;
            add_sample(c, o->sample, SL_VDIFF_MISMATCH, se[i++].row, be[j++].row);
        }
    }
}

sl_error *sl_verify_compare(const sl_vrows *s, const sl_vrows *b, const sl_verify_cmp_opts *o,
                            sl_verify_cmp *out)
{
    memset(out, 0, sizeof *out);
    out->s = s;
    out->b = b;
    out->stream_rows = s->n;
    out->batch_rows = b->n;
    sl_error *err = resolve_cols(out, o);
    if (err) {
        sl_verify_cmp_fini(out);
        return err;
    }
    sl_arena *ar = sl_arena_new(0);
    int *keys[2], *all[2];
    for (int side = 0; side < 2; side++) {
        keys[side] = SL_ARENA_ARRAY(ar, int, out->ncols + 1);
        all[side] = SL_ARENA_ARRAY(ar, int, out->ncols + 1);
        for (uint32_t k = 0; k < out->ncols; k++) {
            int col = side ? out->cols[k].bcol : out->cols[k].scol;
            all[side][k] = col;
            if (k < out->nkeys) keys[side][k] = col;
        }
    }
    entry *se = index_side(ar, s, keys[0], out->nkeys, all[0], out->ncols, &out->dup_stream);
    entry *be = index_side(ar, b, keys[1], out->nkeys, all[1], out->ncols, &out->dup_batch);
    out->samples = sl_calloc(o->sample + 1, sizeof *out->samples);
    merge(out, se, be, o);
    out->keys = out->matching + out->mismatched + out->missing_stream + out->missing_batch;
    size_t bad = out->mismatched + out->missing_stream + out->missing_batch;
    out->rate = out->keys ? (double)bad / (double)out->keys : 0;
    free(se);
    free(be);
    sl_arena_free(ar);
    return NULL;
}

void sl_verify_cmp_fini(sl_verify_cmp *c)
{
    free(c->cols);
    free(c->only_stream);
    free(c->only_batch);
    free(c->samples);
    memset(c, 0, sizeof *c);
}
