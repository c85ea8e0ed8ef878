/*
 * op_aggregate.c - AGGREGATE: GROUP BY with or without windows.
 *
 *   row ──group key──┬─ no window:  group(key)
 *                    ├─ TUMBLING:   group(key ‖ start), start = t - t mod size
 *                    ├─ HOPPING:    group(key ‖ start) for every window holding t
 *                    └─ SESSION:    sessions of key within `gap` of t merge into one
 *   group.accumulators += args  (a retraction subtracts: aggregating a table)
 *   EMIT CHANGES: the group's new result row, at once
 *   EMIT FINAL:   nothing now; one row per window when stream time passes its end + grace
 *
 *   time ─────────────────────────────────────────────────────────────────────>
 *        [ window ........ end )[ grace ...... ] close
 *        records here update it  late ones still  later: late, dropped
 *                                update it        (counted, late topic)
 *
 * Stream time is the watermark over the task's inputs (watermark.h): with one
 * input, the largest record time seen (Kafka Streams' observed stream time);
 * with several (the partitions feeding a repartition), the slowest active
 * one's, so processing skew never makes records late. It is stored with the
 * state. Windows stay in state until end + retention and are then purged. Groups live in memory (agg_state.c) and are written, key-sorted,
 * to the state store at commit; a task restores them when it starts.
 *
 * Routines: push (per row: group key, windows, fold, emit), watermark (EMIT
 * FINAL closing, purging), flush, open/close.
 */
#include "common/clock.h"
#include "common/mem.h"
#include "exec/agg_heap.h"
#include "exec/agg_state.h"
#include "exec/keycodec.h"
#include "exec/op.h"
#include "exec/query_int.h"
#include "exec/task.h"

#include <stdlib.h>
#include <string.h>

typedef struct sess_list {
    agg_group **v;
    size_t n, cap;
} sess_list;

typedef struct op_agg {
    sl_op base;
    const sl_pn_aggregate *spec;
    agg_state st;
    sl_buf key;        /* scratch: the encoded group key */
    sl_value *args;    /* scratch: one aggregate's arguments */
    uint64_t seq;      /* arrival order (EARLIEST/LATEST_BY_OFFSET) */
    int64_t stream_time;
    sl_wm wm;          /* event time per input of the task, from the rows seen here */
    sl_hmap sessions;  /* SESSION: group key -> sess_list of its sessions */
    agg_heap pending;  /* EMIT FINAL: windows whose final row is not out (by start; sessions by end) */
    agg_heap keep;     /* windows in state, in the order they expire (by start; sessions by end) */
    int64_t last_emit_close; /* EMIT FINAL: the close time of the last emission; INT64_MIN: none */
} op_agg;

/* t - d for a stream time t and a duration d >= 0; before any record (INT64_MIN) it stays
 * INT64_MIN: nothing has closed yet. */
static int64_t time_minus(int64_t t, int64_t d)
{
    return t < INT64_MIN + d ? INT64_MIN : t - d;
}

/* --- folding and emitting --------------------------------------------------------------- */

static void report(op_agg *a, sl_error *err)
{
    sl_task_report(a->base.task, SL_PROCLOG_RECORD_PROCESSING, err, NULL);
    sl_error_free(err);
}

static void args_of(op_agg *a, const sl_pn_agg_call *c, const sl_row *row)
{
    for (int i = 0; i < c->call->nargs; i++)
        a->args[i] = c->argcol[i] >= 0 ? row->col[c->argcol[i]] : c->call->const_args[i];
}

static void fold(op_agg *a, agg_group *g, const sl_row *row, bool retract)
{
    const sl_pn_aggregate *spec = a->spec;
    sl_agg_info info = {row->ts, (int64_t)a->seq++};
    for (uint32_t i = 0; i < spec->naggs; i++) {
        const sl_pn_agg_call *c = &spec->aggs[i];
        const sl_agg_vt *vt = c->call->sig->agg;
        args_of(a, c, row);
        void *acc = g->acc + a->st.acc_off[i];
        sl_error *err = retract ? (vt->retract ? vt->retract(c->call, acc, a->args, &info) : NULL)
                                : vt->add(c->call, acc, a->args, &info);
        if (err) report(a, err);
    }
    g->nrows += retract ? -1 : 1;
    if (row->ts > g->ts) g->ts = row->ts;
    agg_state_touch(&a->st, g);
}

/* Appends the group's result row; key columns from keyrow when given (borrowed), else
 * decoded from the group's key bytes. */
static void emit_group(op_agg *a, const agg_group *g, const sl_row *keyrow, int64_t ts,
                       bool tombstone)
{
    const sl_pnode *n = a->base.node;
    sl_batch *out = a->base.out;
    sl_row *r = sl_batch_add(out);
    uint32_t nkey = a->spec->nkey;
    if (keyrow) {
        memcpy(r->col, keyrow->col, nkey * sizeof *r->col);
    } else {
        const uint8_t *p = g->key, *end = g->key + g->klen;
        sl_error *err = sl_keycodec_get_row(&p, end, n->cols, nkey, out->ar, r->col);
        if (err) report(a, err);
    }
    for (uint32_t i = 0; i < a->spec->naggs; i++) {
        const sl_fn_call *c = a->spec->aggs[i].call;
        if (tombstone) {
            r->col[nkey + i] = sl_value_null();
            continue;
        }
        sl_error *err = c->sig->agg->result(c, g->acc + a->st.acc_off[i], out->ar, &r->col[nkey + i]);
        if (err) {
            r->col[nkey + i] = sl_value_null();
            report(a, err);
        }
    }
    r->ts = a->spec->win.type == SL_WIN_SESSION ? g->wend : ts; /* Kafka Streams: session end */
    if (keyrow) r->headers = keyrow->headers;
    if (a->spec->win.type != SL_WIN_NONE) {
        r->flags |= SL_ROW_WINDOWED;
        r->wstart = g->wstart;
        r->wend = g->wend;
    }
    if (tombstone) r->flags |= SL_ROW_TOMBSTONE;
}

/* --- windows ---------------------------------------------------------------------------- */

static int64_t floor_to(int64_t t, int64_t step)
{
    int64_t r = t % step;
    return r < 0 ? t - r - step : t - r;
}

static void track_open(op_agg *a, agg_group *g)
{
    agg_heap_push(&a->keep, g);
    if (a->spec->emit_final && !(g->flags & GROUP_EMITTED)) agg_heap_push(&a->pending, g);
}

static void untrack(op_agg *a, agg_group *g)
{
    agg_heap_remove(&a->keep, g);
    agg_heap_remove(&a->pending, g);
}

static agg_group *window_group(op_agg *a, int64_t start, int64_t end)
{
    size_t base = a->key.len;
    sl_keycodec_put_i64(&a->key, start);
    bool created;
    agg_group *g = agg_state_group(&a->st, a->key.p, (uint32_t)a->key.len, &created);
    a->key.len = base;
    if (created) {
        g->wstart = start;
        g->wend = end;
        track_open(a, g);
    }
    return g;
}

/* Appends ,"NAME":value for n columns named by the query's own words where known. */
static void late_columns(const op_agg *a, sl_buf *b, const sl_field *cols, uint32_t n,
                         const sl_value *vals)
{
    for (uint32_t i = 0; i < n; i++) {
        const char *name = a->spec->in_names ? a->spec->in_names[i] : cols[i].name;
        sl_buf_putc(b, ',');
        sl_buf_json_str(b, name, strlen(name));
        sl_buf_putc(b, ':');
        sl_value_print_json(b, cols[i].type, vals[i]);
    }
}

/* Writes one JSON object, closed here, to the query's LATE_DATA_TOPIC. */
static void late_write(op_agg *a, sl_buf *b, int64_t ts)
{
    sl_buf_putc(b, '}');
    sl_log_record rec = {0};
    rec.val = (const uint8_t *)b->p;
    rec.vlen = (uint32_t)b->len;
    rec.ts = ts < 0 ? 0 : ts;
    rec.partition = 0;
    sl_error *err = sl_log_txn_produce(sl_task_txn(a->base.task), a->spec->late_topic, &rec);
    if (err) report(a, err);
}

/* A late record is never lost silently: counted, and written with the reason to the query's
 * LATE_DATA_TOPIC when it has one (a JSON object: why, the times, its grouping key and
 * aggregate arguments under the names the query wrote). */
static void late_record(op_agg *a, const sl_row *row)
{
    a->base.task->late++;
    if (!a->spec->late_topic) return;
    const sl_pnode *in = a->base.node->in[0];
    sl_buf b = SL_BUF_INIT;
    sl_buf_printf(&b, "{\"REASON\":\"window closed: its end + grace is not after stream time\","
                      "\"RECORD_TIME\":%lld,\"STREAM_TIME\":%lld,\"GRACE_MS\":%lld",
                  (long long)row->ts, (long long)a->stream_time, (long long)a->spec->win.grace);
    if (in) late_columns(a, &b, in->cols, in->ncols, row->col);
    late_write(a, &b, row->ts);
    sl_buf_free(&b);
}

/* EMIT FINAL, Kafka Streams' rule: a window that aged out of retention before a close reached
 * it never fires. Its records count as late, and the window is reported with its key. */
static void expired_window(op_agg *a, const agg_group *g)
{
    a->base.task->late += (uint64_t)(g->nrows > 0 ? g->nrows : 0);
    if (!a->spec->late_topic) return;
    const sl_pnode *n = a->base.node;
    sl_value *key = SL_ARENA_ARRAY(a->base.out->ar, sl_value, a->spec->nkey + 1);
    const uint8_t *p = g->key, *end = g->key + g->klen;
    sl_error *err = sl_keycodec_get_row(&p, end, n->cols, a->spec->nkey, a->base.out->ar, key);
    if (err) {
        report(a, err);
        return;
    }
    sl_buf b = SL_BUF_INIT;
    sl_buf_printf(&b, "{\"REASON\":\"window expired before it closed: time jumped past its end + "
                      "retention\",\"WINDOW_START\":%lld,\"WINDOW_END\":%lld,\"RECORDS\":%lld,"
                      "\"STREAM_TIME\":%lld,\"RETENTION_MS\":%lld",
                  (long long)g->wstart, (long long)g->wend, (long long)g->nrows,
                  (long long)a->stream_time, (long long)a->spec->win.retention);
    late_columns(a, &b, n->cols, a->spec->nkey, key);
    late_write(a, &b, g->ts);
    sl_buf_free(&b);
}

static int cmp_by_start(const void *x, const void *y)
{
    const agg_group *a = *(agg_group *const *)x, *b = *(agg_group *const *)y;
    if (a->wstart != b->wstart) return a->wstart < b->wstart ? -1 : 1;
    uint32_t n = a->klen < b->klen ? a->klen : b->klen;
    int c = memcmp(a->key, b->key, n);
    return c ? c : (int)a->klen - (int)b->klen;
}

/*
 * EMIT FINAL for time windows, as Kafka Streams' emit-on-window-close does: when the close
 * time (stream time - grace) moves, emit the windows that start in
 * [max(0, last close - size), close - size] and are still retained (start >= stream time -
 * retention); windows that aged out of retention before a close reached them expire
 * unemitted (counted and reported as late). Under a source's WATERMARK (fire_all) every
 * window up to the close fires.
 */
static void emit_closed_windows(op_agg *a)
{
    const sl_winspec *w = &a->spec->win;
    int64_t close = time_minus(a->stream_time, w->grace);
    if (a->last_emit_close != INT64_MIN && a->last_emit_close >= close) return;
    int64_t upper = time_minus(close, w->size);
    if (upper < 0) return;
    int64_t lower = a->last_emit_close == INT64_MIN ? 0 : time_minus(a->last_emit_close, w->size);
    if (lower < 0) lower = 0;
    int64_t oldest = time_minus(a->stream_time, w->retention);
    agg_group *g, **hit = NULL;
    size_t n = 0, cap = 0;
    while ((g = agg_heap_top(&a->pending)) && g->wstart <= upper) {
        agg_heap_pop(&a->pending);
        if (!w->fire_all && (g->wstart < lower || g->wstart < oldest)) { /* passed over */
            expired_window(a, g);
            continue;
        }
        SL_GROW(hit, cap, n + 1);
        hit[n++] = g;
    }
    if (n) qsort(hit, n, sizeof *hit, cmp_by_start);
    for (size_t i = 0; i < n; i++) {
        emit_group(a, hit[i], NULL, hit[i]->ts, false);
        hit[i]->flags |= GROUP_EMITTED;
        agg_state_touch(&a->st, hit[i]);
    }
    free(hit);
    a->last_emit_close = close;
}

/* TUMBLING and HOPPING: fold the row into every window that holds its time and is open. */
static void time_windows(op_agg *a, const sl_row *row, bool retract)
{
    const sl_winspec *w = &a->spec->win;
    int64_t t = row->ts, step = w->type == SL_WIN_HOPPING ? w->advance : w->size;
    int64_t close = time_minus(a->stream_time, w->grace);
    int64_t first = floor_to(t - w->size + step, step);
    bool any = false;
    for (int64_t s = first; s <= t; s += step) {
        if (s + w->size <= t || s < 0) continue; /* no window starts before 0 */
        if (s + w->size <= close) continue;      /* this window closed */
        any = true;
        agg_group *g = window_group(a, s, s + w->size);
        fold(a, g, row, retract);
        if (!a->spec->emit_final) emit_group(a, g, row, row->ts, false);
    }
    if (!any) late_record(a, row);
    if (a->spec->emit_final) emit_closed_windows(a);
}

static sess_list *sessions_of(op_agg *a, bool create)
{
    bool created = false;
    sl_hmap_slot *s = create ? sl_hmap_put(&a->sessions, a->key.p, (uint32_t)a->key.len, &created)
                             : sl_hmap_get(&a->sessions, a->key.p, (uint32_t)a->key.len);
    if (!s) return NULL;
    if (created) s->val = sl_calloc(1, sizeof(sess_list));
    return s->val;
}

static void sess_remove(sess_list *l, agg_group *g)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i] == g) {
            l->v[i] = l->v[--l->n];
            return;
        }
}

/* SESSION: sessions of the key within gap of t merge, with the row, into one. */
static void session_window(op_agg *a, const sl_row *row, bool retract)
{
    const sl_winspec *w = &a->spec->win;
    int64_t t = row->ts, start = t, end = t;
    sess_list *l = sessions_of(a, true);
    agg_group *hit[64];
    uint32_t nhit = 0;
    for (size_t i = 0; i < l->n && nhit < 64; i++) {
        agg_group *s = l->v[i];
        if (s->wstart > t + w->size || s->wend < t - w->size) continue;
        hit[nhit++] = s;
        if (s->wstart < start) start = s->wstart;
        if (s->wend > end) end = s->wend;
    }
    if (end < time_minus(a->stream_time, w->grace + w->size)) { /* Kafka Streams: end + gap + grace */
        late_record(a, row);
        return;
    }
    size_t base = a->key.len;
    sl_keycodec_put_i64(&a->key, start);
    sl_buf merged_key = SL_BUF_INIT;
    sl_buf_append(&merged_key, a->key.p, a->key.len);
    a->key.len = base;
    /* fold the old sessions into a fresh accumulator, then retire them */
    agg_group *m = sl_calloc(1, a->st.group_size);
    for (uint32_t i = 0; i < a->spec->naggs; i++) {
        const sl_fn_call *c = a->spec->aggs[i].call;
        c->sig->agg->init(c, m->acc + a->st.acc_off[i]);
    }
    m->ts = INT64_MIN;
    for (uint32_t k = 0; k < nhit; k++) {
        agg_group *s = hit[k];
        for (uint32_t i = 0; i < a->spec->naggs; i++) {
            const sl_fn_call *c = a->spec->aggs[i].call;
            c->sig->agg->merge(c, m->acc + a->st.acc_off[i], s->acc + a->st.acc_off[i]);
        }
        m->nrows += s->nrows;
        if (s->ts > m->ts) m->ts = s->ts;
        if (!a->spec->emit_final) emit_group(a, s, row, row->ts, true);
        sess_remove(l, s);
        untrack(a, s);
        agg_state_remove(&a->st, s);
    }
    bool created;
    agg_group *g = agg_state_group(&a->st, merged_key.p, (uint32_t)merged_key.len, &created);
    sl_buf_free(&merged_key);
    memcpy(g->acc, m->acc, a->st.group_size - sizeof(agg_group));
    g->nrows = m->nrows;
    g->ts = m->ts;
    free(m);
    g->wstart = start;
    g->wend = end;
    SL_GROW(l->v, l->cap, l->n + 1);
    l->v[l->n++] = g;
    track_open(a, g);
    fold(a, g, row, retract);
    if (!a->spec->emit_final) emit_group(a, g, row, row->ts, false);
}

/* --- rows ------------------------------------------------------------------------------- */

/* Encodes the row's group key into a->key; false when a key column is NULL (ksqlDB drops
 * such rows: "Group-by column ... resolved to null"). */
static bool group_key(op_agg *a, const sl_row *row)
{
    sl_buf_reset(&a->key);
    for (uint32_t i = 0; i < a->spec->nkey; i++)
        if (row->col[i].null) return false;
    sl_keycodec_put_row(&a->key, a->base.node->cols, a->spec->nkey, row->col);
    return true;
}

static void unwindowed(op_agg *a, const sl_row *row, const sl_row *next, bool *skip_next)
{
    bool created, retract = row->flags & SL_ROW_RETRACT;
    agg_group *g = agg_state_group(&a->st, a->key.p, (uint32_t)a->key.len, &created);
    fold(a, g, row, retract);
    /* a table update whose old and new rows land in one group: fold both, emit once */
    if (retract && next && (next->flags & SL_ROW_PAIRED)) {
        sl_buf mine = a->key;
        a->key = (sl_buf)SL_BUF_INIT;
        bool same = group_key(a, next) && a->key.len == mine.len && memcmp(a->key.p, mine.p, mine.len) == 0;
        sl_buf_free(&a->key);
        a->key = mine;
        if (same) {
            fold(a, g, next, false);
            *skip_next = true;
            row = next;
        }
    }
    if (!a->spec->emit_final) emit_group(a, g, row, row->ts, false);
}

/* Stream time only moves forward; it is stored with the state at each commit. */
static void advance_time(op_agg *a, int64_t t)
{
    if (t > a->stream_time) a->stream_time = a->st.time = t;
}

static void process_row(op_agg *a, const sl_row *row, const sl_row *next, bool *skip_next)
{
    if (row->flags & SL_ROW_TOMBSTONE) return; /* a NULL value: Kafka Streams skips it */
    advance_time(a, sl_wm_observe(&a->wm, row->input, row->ts));
    if (!group_key(a, row)) {
        report(a, sl_error_new(SL_E_EVAL, "Group-by column resolved to null. The source row will "
                                          "be excluded from the table."));
        return;
    }
    bool retract = row->flags & SL_ROW_RETRACT;
    switch (a->spec->win.type) {
    case SL_WIN_NONE: unwindowed(a, row, next, skip_next); return;
    case SL_WIN_SESSION: session_window(a, row, retract); return;
    default: time_windows(a, row, retract); return;
    }
}

static sl_error *agg_push(sl_op *op, sl_batch *b, int port)
{
    (void)port;
    op_agg *a = (op_agg *)op;
    sl_batch_reset(op->out);
    for (uint32_t i = 0; i < b->n; i++) {
        bool skip_next = false;
        process_row(a, &b->rows[i], i + 1 < b->n ? &b->rows[i + 1] : NULL, &skip_next);
        if (skip_next) i++;
    }
    return sl_op_emit(op, op->out);
}

/* --- closing windows -------------------------------------------------------------------- */

static void forget_session(op_agg *a, agg_group *g)
{
    if (a->spec->win.type != SL_WIN_SESSION) return;
    sl_buf_reset(&a->key);
    sl_buf_append(&a->key, g->key, g->klen - 8); /* the key without its start */
    sess_list *l = sessions_of(a, false);
    if (l) sess_remove(l, g);
}

static bool expired(const op_agg *a, const agg_group *g)
{
    const sl_winspec *w = &a->spec->win;
    int64_t oldest = time_minus(a->stream_time, w->retention);
    return w->type == SL_WIN_SESSION ? g->wend <= oldest : g->wstart < oldest;
}

/* Sessions under EMIT FINAL emit once stream time passes end + grace; every window past
 * retention is purged. (Time windows under EMIT FINAL emit per record: emit_closed_windows.) */
static sl_error *agg_watermark(sl_op *op, int64_t wm)
{
    op_agg *a = (op_agg *)op;
    const sl_winspec *w = &a->spec->win;
    (void)wm;
    if (w->type == SL_WIN_NONE) return NULL;
    sl_wm_merge(&a->wm, &op->task->wm);
    advance_time(a, a->wm.value);
    sl_batch_reset(op->out);
    agg_group *g;
    if (w->type == SL_WIN_SESSION && a->spec->emit_final)
        while ((g = agg_heap_top(&a->pending)) && g->wend + w->size + w->grace <= a->stream_time) {
            agg_heap_pop(&a->pending);
            emit_group(a, g, NULL, g->ts, false);
            g->flags |= GROUP_EMITTED;
            agg_state_touch(&a->st, g);
        }
    while ((g = agg_heap_top(&a->keep)) && expired(a, g)) {
        untrack(a, g);
        forget_session(a, g);
        agg_state_remove(&a->st, g);
    }
    return sl_op_emit(op, op->out);
}

/* --- lifecycle -------------------------------------------------------------------------- */

static sl_error *rebuild_open(op_agg *a)
{
    sl_hmap *m = &a->st.groups;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key) continue;
        agg_group *g = m->slots[i].val;
        if (a->spec->win.type == SL_WIN_NONE) continue;
        track_open(a, g);
        if (a->st.time == INT64_MIN && g->ts > a->stream_time) a->stream_time = g->ts;
        if (a->spec->win.type == SL_WIN_SESSION) {
            sl_buf_reset(&a->key);
            sl_buf_append(&a->key, g->key, g->klen - 8);
            sess_list *l = sessions_of(a, true);
            SL_GROW(l->v, l->cap, l->n + 1);
            l->v[l->n++] = g;
        }
    }
    return NULL;
}

static sl_error *agg_open(sl_op *op)
{
    op_agg *a = (op_agg *)op;
    a->spec = &op->node->u.agg;
    agg_state_init(&a->st, a->spec);
    uint32_t maxargs = 1;
    for (uint32_t i = 0; i < a->spec->naggs; i++)
        if ((uint32_t)a->spec->aggs[i].call->nargs > maxargs) maxargs = (uint32_t)a->spec->aggs[i].call->nargs;
    a->args = SL_ARENA_ARRAY(op->task->ar, sl_value, maxargs);
    a->stream_time = INT64_MIN;
    sl_wm_init(&a->wm, op->task->ar, op->task->wm.n, sl_clock_mono_ns());
    a->last_emit_close = INT64_MIN;
    bool session = a->spec->win.type == SL_WIN_SESSION;
    a->pending = (agg_heap){.which = 0, .by_end = session};
    a->keep = (agg_heap){.which = 1, .by_end = session};
    op->out = sl_batch_new(op->node->ncols);
    if (!a->spec->store) return NULL;
    sl_error *err = sl_task_store_open(op->task, a->spec->store, &a->st.store, &a->st.has_store);
    if (err || !a->st.has_store) return err;
    err = agg_state_restore(&a->st);
    a->stream_time = a->st.time; /* INT64_MIN when none was stored */
    return err ? err : rebuild_open(a);
}

static sl_error *agg_flush(sl_op *op, sl_db_batch *batch)
{
    return agg_state_flush(&((op_agg *)op)->st, batch);
}

static void free_sess(void *ctx, void *val)
{
    (void)ctx;
    sess_list *l = val;
    free(l->v);
    free(l);
}

static void agg_close(sl_op *op)
{
    op_agg *a = (op_agg *)op;
    sl_hmap_fini(&a->sessions, free_sess, NULL);
    agg_state_fini(&a->st);
    sl_buf_free(&a->key);
    agg_heap_free(&a->pending);
    agg_heap_free(&a->keep);
    sl_batch_free(op->out);
}

const sl_op_vt sl_op_aggregate_vt = {
    .name = "aggregate",
    .size = sizeof(op_agg),
    .open = agg_open,
    .push = agg_push,
    .watermark = agg_watermark,
    .flush = agg_flush,
    .close = agg_close,
};
