/*
 * verify_stream.c - the streaming side of `sluice verify`: the pipeline on a fresh
 * in-process engine, fed the input records in a fixed order, and its result read back.
 *
 *   pipeline.sql --statements--> engine (synchronous, temp data dir)
 *   records (by time) --encode with the source's formats--> source topics
 *        --run until idle (whenever the source changes, and at the end)-->
 *   result topic --read from the start--> table: last record per key, tombstones drop
 *                                         the key; stream: every record
 *        --decode with the result's formats--> rows of cells
 *
 * Running the queries dry each time the next record comes from another source keeps the
 * sources interleaved by time as the records say (a table update lands before the stream
 * records that follow it), without paying a run per record.
 */
#include "cli/cli.h"
#include "cli/harness.h"
#include "cli/verify.h"
#include "common/mem.h"
#include "exec/db.h"
#include "exec/log.h"
#include "parser/parser.h"
#include "planner/planner.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct sl_verify_stream {
    sl_cli_harness h;
    sl_request req; /* SET and DEFINE in the pipeline apply to the statements after them */
    sl_arena *ar;   /* the pipeline's text and statements */
};

sl_error *sl_verify_stream_open(sl_verify_stream **out)
{
    sl_verify_stream *vs = sl_calloc(1, sizeof *vs);
    vs->ar = sl_arena_new(0);
    vs->req = (sl_request){json_object(), json_object(), false};
    sl_error *err = sl_cli_harness_open(&vs->h, "sluice_verify_");
    if (err) {
        sl_verify_stream_close(vs);
        vs = NULL;
    }
    *out = vs;
    return err;
}

void sl_verify_stream_close(sl_verify_stream *vs)
{
    if (!vs) return;
    sl_cli_harness_close(&vs->h);
    json_decref(vs->req.props);
    json_decref(vs->req.vars);
    sl_arena_free(vs->ar);
    free(vs);
}

/* --- the pipeline ----------------------------------------------------------------------- */

static sl_error *run_statement(sl_verify_stream *vs, const char *path, const sl_ast_stmt *st)
{
    sl_cli_harness_topic_for(&vs->h, st->text);
    sl_result res;
    sl_engine_execute(vs->h.eng, st->text, &vs->req, &res);
    sl_error *err = res.err;
    res.err = NULL;
    sl_result_fini(&res);
    if (!err) return NULL;
    return sl_error_prefix(err, "%s:%u:%u: ", path, st->pos.line, st->pos.col);
}

/* Notes what statement st declares in out. */
static void note_statement(sl_verify_stream *vs, const sl_ast_stmt *st, sl_verify_pipeline *out,
                           const char **last_table, const char **last_stream)
{
    if (st->kind == SL_STMT_CREATE_AS && st->create_as.is_table)
        *last_table = st->create_as.name.text;
    else if (st->kind == SL_STMT_CREATE_AS)
        *last_stream = st->create_as.name.text;
    if (st->kind != SL_STMT_CREATE_SOURCE) return;
    const char **v = SL_ARENA_ARRAY(vs->ar, const char *, out->nsources + 1);
    if (out->nsources) memcpy(v, out->sources, out->nsources * sizeof *v);
    v[out->nsources++] = st->source.name.text;
    out->sources = v;
}

sl_error *sl_verify_stream_pipeline(sl_verify_stream *vs, const char *path, sl_verify_pipeline *out)
{
    char *text;
    size_t len;
    sl_ast_stmt_list stmts = {0};
    const char *last_table = NULL, *last_stream = NULL;
    memset(out, 0, sizeof *out);
    sl_error *err = sl_cli_file_read(vs->ar, path, &text, &len);
    if (err) return err;
    if ((err = sl_parse_script(vs->ar, text, len, NULL, &stmts)))
        return sl_error_prefix(err, "%s:%d:%d: ", path, err->line, err->col);
    if (!stmts.n) return sl_error_new(SL_E_BAD_REQUEST, "%s: no statements", path);
    for (uint32_t i = 0; i < stmts.n; i++) {
        if ((err = run_statement(vs, path, stmts.v[i]))) return err;
        note_statement(vs, stmts.v[i], out, &last_table, &last_stream);
    }
    out->result = last_table ? last_table : last_stream;
    return NULL;
}

const sl_source *sl_verify_stream_source(sl_verify_stream *vs, const char *name)
{
    const sl_source *src = sl_engine_source(vs->h.eng, name);
    if (src) return src;
    char *upper = sl_arena_strdup(vs->ar, name);
    for (char *p = upper; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return sl_engine_source(vs->h.eng, upper);
}

/* --- formats ---------------------------------------------------------------------------- */

/* How a source's records are written and read: its key and value serdes, and which of its
 * columns the value holds. */
typedef struct codec {
    const sl_source *src;
    sl_serde *key, *value;
    uint32_t *vcols, nv;
} codec;

static sl_error *codec_open(const sl_source *src, codec *c)
{
    memset(c, 0, sizeof *c);
    c->src = src;
    c->vcols = sl_calloc(src->ncols + 1, sizeof *c->vcols);
    for (uint32_t i = 0; i < src->ncols; i++)
        if (src->cols[i].role == SL_COLROLE_VALUE) c->vcols[c->nv++] = i;
    return sl_plan_source_serdes(src, NULL, &c->key, &c->value);
}

static void codec_close(codec *c)
{
    sl_serde_free(c->key);
    sl_serde_free(c->value);
    free(c->vcols);
}

/* --- feeding ---------------------------------------------------------------------------- */

/* Scratch reused over the records of a feed. */
typedef struct feed {
    codec *codecs; /* one per source seen */
    size_t ncodecs, cap;
    sl_value *vals; /* a record's value columns */
    size_t vcap;
    sl_buf key, value;
} feed;

static sl_error *produce(sl_verify_stream *vs, feed *f, const codec *c, const sl_verify_rec *rec)
{
    bool knull = false, vnull = false;
    sl_buf_reset(&f->key);
    sl_buf_reset(&f->value);
    SL_GROW(f->vals, f->vcap, c->nv + 1);
    for (uint32_t i = 0; i < c->nv; i++)
        f->vals[i] = rec->cols[c->vcols[i]];
    sl_error *err = c->src->windowed ? sl_serde_window_encode(c->key, &c->src->window, rec->cols,
                                                              rec->wstart, rec->wend, &f->key)
                                     : sl_serde_encode(c->key, rec->cols, &f->key, &knull);
    if (!err) err = sl_serde_encode(c->value, f->vals, &f->value, &vnull);
    if (err) return err;
    sl_log_record lr = {0};
    lr.key = knull ? NULL : (const uint8_t *)(f->key.p ? f->key.p : "");
    lr.klen = (uint32_t)f->key.len;
    lr.val = vnull ? NULL : (const uint8_t *)(f->value.p ? f->value.p : "");
    lr.vlen = (uint32_t)f->value.len;
    lr.ts = rec->ts;
    lr.partition = SL_LOG_ANY_PARTITION;
    return sl_log_produce(sl_engine_log(vs->h.eng), c->src->topic, &lr);
}

/* The codec of src, made on first use. */
static sl_error *codec_for(feed *f, const sl_source *src, const codec **out)
{
    for (size_t k = 0; k < f->ncodecs; k++)
        if (f->codecs[k].src == src) {
            *out = &f->codecs[k];
            return NULL;
        }
    SL_GROW(f->codecs, f->cap, f->ncodecs + 1);
    *out = &f->codecs[f->ncodecs];
    return codec_open(src, &f->codecs[f->ncodecs++]);
}

sl_error *sl_verify_stream_feed(sl_verify_stream *vs, const sl_verify_ref *order, size_t n)
{
    feed f = {.key = SL_BUF_INIT, .value = SL_BUF_INIT};
    sl_error *err = NULL;
    for (size_t i = 0; i < n && !err; i++) {
        const codec *c;
        if (i && order[i - 1].d != order[i].d) err = sl_engine_run_until_idle(vs->h.eng);
        if (!err) err = codec_for(&f, order[i].d->src, &c);
        if (!err) err = produce(vs, &f, c, order[i].rec);
    }
    if (!err) err = sl_engine_run_until_idle(vs->h.eng);
    for (size_t k = 0; k < f.ncodecs; k++)
        codec_close(&f.codecs[k]);
    free(f.codecs);
    free(f.vals);
    sl_buf_free(&f.key);
    sl_buf_free(&f.value);
    return err;
}

/* --- the result ------------------------------------------------------------------------- */

typedef struct raw {
    const uint8_t *key, *val; /* copies; NULL when absent */
    uint32_t klen, vlen;
    int64_t offset;
    size_t seq; /* read order (offset order within a partition) */
} raw;

static sl_error *read_topic(sl_log *log, const char *topic, sl_arena *ar, raw **out, size_t *n)
{
    sl_log_consumer *lc;
    const char *topics[] = {topic};
    sl_error *err = sl_log_consumer_open(log, "_sluice_verify_result", topics, 1, NULL, &lc);
    if (err) return err;
    size_t cap = 0;
    sl_log_record recs[256];
    for (int got = 1; got > 0 && !err;) {
        err = sl_log_consumer_poll(lc, recs, 256, 0, &got);
        for (int i = 0; !err && i < got; i++) {
            SL_GROW(*out, cap, *n + 1);
            raw *r = &(*out)[*n];
            *r = (raw){NULL, NULL, recs[i].klen, recs[i].vlen, recs[i].offset, *n};
            if (recs[i].key) r->key = sl_arena_memdup(ar, recs[i].key, recs[i].klen);
            if (recs[i].val) r->val = sl_arena_memdup(ar, recs[i].val, recs[i].vlen);
            (*n)++;
        }
    }
    sl_log_consumer_close(lc);
    return err;
}

static int key_cmp(const raw *a, const raw *b)
{
    int c = memcmp(a->key, b->key, a->klen < b->klen ? a->klen : b->klen);
    return c ? c : (a->klen > b->klen) - (a->klen < b->klen);
}

static int raw_cmp(const void *x, const void *y)
{
    const raw *a = x, *b = y;
    int c = key_cmp(a, b);
    return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/* A changelog's final state: the last record of each key, without deleted keys. */
static size_t fold_changelog(raw *r, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (r[i].key) r[k++] = r[i]; /* a table record without a key updates nothing */
    if (k) qsort(r, k, sizeof *r, raw_cmp);
    size_t out = 0;
    for (size_t i = 0; i < k; i++) {
        bool last = i + 1 == k || key_cmp(&r[i], &r[i + 1]) != 0;
        if (last && r[i].val) r[out++] = r[i];
    }
    return out;
}

/* Columns: key columns (first in a source), the window's bounds, value columns. */
static sl_vrows *result_rows(const sl_source *res)
{
    const char **names = sl_calloc(res->ncols + 3, sizeof *names);
    uint32_t n = 0;
    for (uint32_t i = 0; i < res->nkey; i++)
        names[n++] = res->cols[i].name;
    if (res->windowed) names[n++] = "WINDOWSTART", names[n++] = "WINDOWEND";
    for (uint32_t i = res->nkey; i < res->ncols; i++)
        if (res->cols[i].role == SL_COLROLE_VALUE) names[n++] = res->cols[i].name;
    sl_vrows *rows = sl_verify_rows_new(names, n);
    free(names);
    return rows;
}

/* Decodes one record into a row: key columns, window bounds, value columns. */
static sl_error *decode_row(const codec *c, const raw *r, sl_arena *scratch, sl_value *vals,
                            sl_vrows *rows)
{
    const sl_source *res = c->src;
    int64_t ws = 0, we = 0;
    uint32_t nk = res->nkey;
    sl_error *err = res->windowed ? sl_serde_window_decode(c->key, &res->window, r->key, r->klen,
                                                           scratch, vals, &ws, &we)
                                  : sl_serde_decode(c->key, r->key, r->klen, scratch, vals, NULL);
    if (!err) err = sl_serde_decode(c->value, r->val, r->vlen, scratch, vals + nk, NULL);
    if (err)
        return sl_error_prefix(err, "result topic %s, offset %lld: ", res->topic,
                               (long long)r->offset);
    sl_vcell *row = sl_verify_rows_add(rows);
    uint32_t k = 0;
    for (uint32_t i = 0; i < nk; i++)
        row[k++] = sl_verify_cell_of(rows->ar, res->cols[i].type, vals[i]);
    if (res->windowed) {
        row[k++] = sl_verify_cell_of(rows->ar, &sl_type_bigint, sl_value_int(ws));
        row[k++] = sl_verify_cell_of(rows->ar, &sl_type_bigint, sl_value_int(we));
    }
    for (uint32_t i = 0; i < c->nv; i++)
        row[k++] = sl_verify_cell_of(rows->ar, res->cols[c->vcols[i]].type, vals[nk + i]);
    return NULL;
}

static sl_error *result_from(sl_log *log, const sl_source *res, sl_vrows **out)
{
    sl_arena *ar = sl_arena_new(0), *scratch = sl_arena_new(0);
    raw *recs = NULL;
    size_t n = 0;
    codec c;
    *out = NULL;
    sl_error *err = codec_open(res, &c);
    if (!err) err = read_topic(log, res->topic, ar, &recs, &n);
    if (!err && res->is_table) n = fold_changelog(recs, n);
    sl_vrows *rows = result_rows(res);
    sl_value *vals = sl_calloc(res->ncols + 1, sizeof *vals);
    for (size_t i = 0; i < n && !err; i++) {
        sl_arena_reset(scratch);
        err = decode_row(&c, &recs[i], scratch, vals, rows);
    }
    if (err)
        sl_verify_rows_free(rows);
    else
        *out = rows;
    free(vals);
    free(recs);
    codec_close(&c);
    sl_arena_free(scratch);
    sl_arena_free(ar);
    return err;
}

sl_error *sl_verify_stream_result(sl_verify_stream *vs, const sl_source *res, sl_vrows **out)
{
    return result_from(sl_engine_log(vs->h.eng), res, out);
}

sl_error *sl_verify_stream_result_in(sl_verify_stream *vs, const char *data_dir,
                                     const sl_source *res, sl_vrows **out)
{
    (void)vs;
    *out = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/state", data_dir);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return sl_error_new(SL_E_BAD_REQUEST, "--data-dir %s: no sluiced data there (%s)", data_dir,
                            path);
    sl_db *db;
    sl_error *err = sl_db_open(path, NULL, &db);
    if (err) return sl_error_prefix(err, "--data-dir %s: ", data_dir);
    sl_log_embedded_conf conf = {0}; /* no maintenance thread: read only */
    sl_log *log = NULL;
    err = sl_log_open_embedded_conf(db, &conf, &log);
    if (!err) err = result_from(log, res, out);
    if (err && err->code == SL_E_NOT_FOUND)
        err = sl_error_prefix(err, "--data-dir %s has no result topic: ", data_dir);
    sl_log_close(log);
    sl_db_close(db);
    return err;
}
