/*
 * op_source.c - SOURCE: topic records in, rows out.
 *
 *   record(key bytes, value bytes, ts, headers, partition, offset)
 *      |  key serde (windowed: key ‖ start [‖ end])   value serde
 *      v
 *   row [key cols | value cols, header cols]  ts  offset  partition  [wstart wend]
 *
 * A record whose key or value does not decode goes to the processing log and
 * is dropped (or stops the query with fail.on.deserialization.error). A stream
 * record with a null value becomes a row with a NULL value (flagged as a
 * tombstone: projections keep it, filters drop it, sinks write a null value); a
 * table record with a null value is a delete: a tombstone carrying only the key. Event time is
 * the record's timestamp unless the source names a TIMESTAMP column; a row
 * whose event-time column is NULL or negative is logged and dropped.
 *
 * Routines: feed (called by the task with a run of records of one partition),
 * decode_record, set_event_time.
 */
#include "common/mem.h"
#include "exec/expr.h"
#include "exec/log.h"
#include "exec/op.h"
#include "exec/task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct op_source {
    sl_op base;
    const sl_pn_source *src;
    uint32_t nkeycols, nvalcols;
    sl_value *scratch; /* value serde columns before they are scattered to the row */
    sl_prog *ts;       /* event time from the row, or NULL: the record's timestamp */
    bool direct;       /* value columns sit contiguously after the key: no scatter */
} op_source;

static sl_error *source_open(sl_op *op)
{
    op_source *s = (op_source *)op;
    s->src = &op->node->u.source;
    s->nkeycols = s->src->key ? sl_serde_ncols(s->src->key) : 0;
    s->nvalcols = s->src->value ? sl_serde_ncols(s->src->value) : 0;
    s->scratch = SL_ARENA_ARRAY(op->task->ar, sl_value, s->nvalcols + 1);
    s->direct = true;
    for (uint32_t i = 0; i < op->node->ncols; i++) {
        const sl_colmap *m = &s->src->map[i];
        bool ok = (m->src == SL_COLSRC_KEY && m->index == i) ||
                  (m->src == SL_COLSRC_VALUE && m->index + s->nkeycols == i);
        if (!ok) s->direct = false;
    }
    op->out = sl_batch_new(op->node->ncols);
    if (s->src->ts.col >= 0 && s->src->ts.expr)
        return sl_expr_compile(op->task->ar, s->src->ts.expr, &s->ts);
    return NULL;
}

static sl_error *source_push(sl_op *op, sl_batch *b, int port)
{
    (void)port;
    return sl_op_emit(op, b); /* rows pushed in (not records) pass through */
}

static void source_close(sl_op *op)
{
    op_source *s = (op_source *)op;
    sl_prog_free(s->ts);
    sl_batch_free(op->out);
}

/* The header columns: all headers as ARRAY<STRUCT<KEY, VALUE>>, or one header's value. */
static sl_value header_value(sl_arena *ar, const sl_colmap *m, const sl_log_record *rec)
{
    const sl_headers *hs = &rec->headers;
    if (m->src == SL_COLSRC_HEADER) {
        for (uint32_t i = hs->n; i-- > 0;)
            if (strcmp(hs->h[i].key, m->header) == 0)
                return hs->h[i].val ? sl_value_str((const char *)hs->h[i].val, hs->h[i].len)
                                    : sl_value_null();
        return sl_value_null();
    }
    sl_array *a = sl_array_new(ar, hs->n);
    for (uint32_t i = 0; i < hs->n; i++) {
        sl_struct *st = sl_struct_new(ar, 2);
        st->f[0] = sl_value_str(hs->h[i].key, (uint32_t)strlen(hs->h[i].key));
        st->f[1] = hs->h[i].val ? sl_value_str((const char *)hs->h[i].val, hs->h[i].len)
                                : sl_value_null();
        a->v[i] = sl_value_struct(st);
    }
    return sl_value_array(a);
}

static sl_error *decode_key(op_source *s, sl_arena *ar, const sl_log_record *rec, sl_row *row)
{
    const sl_pn_source *src = s->src;
    if (!rec->key) row->flags |= SL_ROW_NULL_KEY;
    if (!src->key || s->nkeycols == 0) return NULL;
    if (src->window) {
        row->flags |= SL_ROW_WINDOWED;
        return sl_serde_window_decode(src->key, src->window, rec->key, rec->klen, ar, row->col,
                                      &row->wstart, &row->wend);
    }
    return sl_serde_decode(src->key, rec->key, rec->klen, ar, row->col, NULL);
}

/* A record without a value: a delete of its key in a table; in a stream a row whose value
 * is NULL as a whole, which projections pass on and sinks write as a null value (ksqlDB). */
static sl_error *tombstone(op_source *s, sl_row *row, bool *drop)
{
    (void)drop;
    row->flags |= SL_ROW_TOMBSTONE;
    for (uint32_t i = 0; i < s->base.node->ncols; i++)
        if (s->src->map[i].src != SL_COLSRC_KEY) row->col[i] = sl_value_null();
    return NULL;
}

/* Decodes one record into row; returns an error for the processing log, or NULL.
 * *drop is set for records that silently produce no row (stream tombstones). */
static sl_error *decode_record(op_source *s, sl_arena *ar, const sl_log_record *rec, sl_row *row,
                               bool *drop)
{
    *drop = false;
    sl_error *err = decode_key(s, ar, rec, row);
    if (err) return err;
    const sl_pnode *node = s->base.node;
    if (!rec->val) return tombstone(s, row, drop);
    bool is_null = false;
    sl_value *dst = s->direct ? row->col + s->nkeycols : s->scratch;
    if (s->src->value) {
        err = sl_serde_decode(s->src->value, rec->val, rec->vlen, ar, dst, &is_null);
        if (err) return err;
    }
    if (is_null) return tombstone(s, row, drop);
    if (s->direct) return NULL;
    for (uint32_t i = 0; i < node->ncols; i++) {
        const sl_colmap *m = &s->src->map[i];
        if (m->src == SL_COLSRC_VALUE) row->col[i] = s->scratch[m->index];
        else if (m->src != SL_COLSRC_KEY) row->col[i] = header_value(ar, m, rec);
    }
    return NULL;
}

/* Sets row->ts from the TIMESTAMP column when there is one; false drops the row
 * (a NULL, negative or unparsable event time, logged as ksqlDB's extractor does). */
static bool set_event_time(op_source *s, sl_arena *ar, sl_row *row, const sl_log_record *rec)
{
    row->ts = rec->ts;
    if (!s->ts || (row->flags & SL_ROW_TOMBSTONE)) return true;
    sl_error *err = NULL;
    sl_value v = sl_prog_eval(s->ts, row, ar, &err);
    if (!err && !v.null && v.u.i >= 0) {
        row->ts = v.u.i;
        return true;
    }
    if (!err)
        err = sl_error_new(SL_E_EVAL, "Invalid timestamp in column '%s': %s",
                           s->base.node->cols[s->src->ts.col].name, v.null ? "null" : "negative");
    sl_task_report(s->base.task, SL_PROCLOG_RECORD_PROCESSING, err, rec);
    sl_error_free(err);
    return false;
}

/* A table row must have a key: Kafka Streams skips table records without one. */
static bool table_key_null(const op_source *s, const sl_row *row)
{
    if (row->flags & SL_ROW_NULL_KEY) return true;
    for (uint32_t i = 0; i < s->nkeycols; i++)
        if (!row->col[i].null) return false;
    return s->nkeycols > 0;
}

/* A header sluice writes on its internal topics (sl-from, sl-retract, ...). */
static bool is_internal_header(const op_source *s, const char *key)
{
    return s->src->carry_flags && strncmp(key, "sl-", 3) == 0;
}

/* The record's headers into the row (Kafka Streams forwards them), except those sluice
 * writes on internal topics, which give the row's flags and writer. */
static void copy_headers(op_source *s, sl_arena *ar, const sl_log_record *rec, sl_row *row,
                         int32_t *from)
{
    sl_header *copy = sl_arena_alloc(ar, rec->headers.n * sizeof *copy);
    uint32_t n = 0;
    for (uint32_t k = 0; k < rec->headers.n; k++) {
        const sl_header *h = &rec->headers.h[k];
        if (is_internal_header(s, h->key)) {
            if (strcmp(h->key, "sl-retract") == 0) row->flags |= SL_ROW_RETRACT;
            else if (strcmp(h->key, "sl-paired") == 0) row->flags |= SL_ROW_PAIRED;
            else if (strcmp(h->key, "sl-from") == 0 && h->val) *from = (int32_t)strtol((const char *)h->val, NULL, 10);
            continue;
        }
        copy[n].key = sl_arena_strdup(ar, h->key);
        copy[n].val = h->val ? sl_arena_memdup(ar, h->val, h->len) : NULL;
        copy[n++].len = h->len;
    }
    if (!n) return;
    sl_headers *hs = sl_arena_alloc(ar, sizeof *hs);
    *hs = (sl_headers){copy, n};
    row->headers = hs;
}

/* The row's event time moves its input's clock (watermark.h). */
static void observe(op_source *s, sl_row *row, int32_t from)
{
    sl_task *t = s->base.task;
    uint32_t input = t->in_base[s->base.node->id] + (uint32_t)(from < 0 ? 0 : from);
    if (input >= t->wm.n) input = t->wm.n - 1;
    row->input = (uint16_t)input;
    if (row->ts > t->stream_time) t->stream_time = row->ts;
    sl_wm_observe(&t->wm, input, row->ts);
    t->wm.heard_ns[input] = t->now_ns;
}

/* A progress record on an internal topic ("sl-wm: from ts caught_up"), or false. Rows read
 * before it go downstream first: a watermark never overtakes data. */
static bool progress_record(op_source *s, const sl_log_record *rec, sl_error **err)
{
    *err = NULL;
    if (!s->src->carry_flags) return false;
    for (uint32_t k = 0; k < rec->headers.n; k++) {
        const sl_header *h = &rec->headers.h[k];
        if (strcmp(h->key, "sl-wm") != 0 || !h->val) continue;
        char text[64];
        uint32_t len = h->len < sizeof text - 1 ? h->len : (uint32_t)sizeof text - 1;
        memcpy(text, h->val, len);
        text[len] = 0;
        long long from = 0, ts = 0;
        int idle = 0;
        if (sscanf(text, "%lld %lld %d", &from, &ts, &idle) != 3) return true; /* not ours */
        *err = sl_op_emit(&s->base, s->base.out);
        sl_batch_reset(s->base.out);
        if (!*err) *err = sl_task_progress(s->base.task, s->base.node, (int32_t)from, ts, idle != 0);
        return true;
    }
    return false;
}

sl_error *sl_op_source_feed(sl_op *op, const sl_log_record *recs, int n)
{
    op_source *s = (op_source *)op;
    sl_batch *out = op->out;
    sl_batch_reset(out);
    for (int i = 0; i < n; i++) {
        const sl_log_record *rec = &recs[i];
        sl_error *perr;
        if (rec->headers.n && progress_record(s, rec, &perr)) {
            if (perr) return perr;
            continue;
        }
        sl_row *row = sl_batch_add(out);
        bool drop;
        sl_error *err = decode_record(s, out->ar, rec, row, &drop);
        if (err) {
            out->n--;
            sl_task_report(op->task, SL_PROCLOG_DESERIALIZATION, err, rec);
            if (sl_task_fail_on_deser(op->task))
                return sl_error_prefix(err, "query stopped on a record it cannot deserialize: ");
            sl_error_free(err);
            continue;
        }
        if (s->src->is_table && table_key_null(s, row)) drop = true; /* tables need keys */
        if (drop || !set_event_time(s, out->ar, row, rec)) {
            out->n--;
            continue;
        }
        row->offset = rec->offset;
        row->partition = rec->partition;
        int32_t from = 0;
        if (rec->headers.n) copy_headers(s, out->ar, rec, row, &from);
        observe(s, row, from);
    }
    return sl_op_emit(op, out);
}

const sl_op_vt sl_op_source_vt = {
    .name = "source",
    .size = sizeof(op_source),
    .open = source_open,
    .push = source_push,
    .close = source_close,
};
