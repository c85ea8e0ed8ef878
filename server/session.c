/*
 * session.c - opening a query session, push queries and pull queries on
 * streams, and reading an answer (see session.h).
 *
 * A push query's rows come on its worker thread, through the CALLBACK node:
 *
 *   worker:  on_rows ──lock──> qout rows into out ──> LIMIT? finish : overflow? error+finish
 *                                                 └─> signal
 *   client:  read ──lock──> wait (up to wait_ms) for bytes ──> copy ──> unlock
 *
 * so the worker never waits for the client: a client that does not keep up
 * fills its buffer past buffer_max and loses its query, alone.
 *
 * A pull query on a stream runs the same kind of transient query without a
 * thread: the reading thread steps it until it has read every partition up to
 * the end offsets taken when it started (or its LIMIT), so the answer is a
 * bounded scan of what the topic held then.
 */
#include "server/session_int.h"
#include "common/clock.h"
#include "common/logger.h"
#include "common/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STREAM_IDLE_STEPS 100 /* empty steps (10 ms apart) before a bounded scan gives up */

sl_session *sl_sess_new(sl_engine *eng, sess_kind kind, const sl_session_opts *o)
{
    sl_session *s = sl_calloc(1, sizeof *s);
    s->eng = eng;
    s->kind = kind;
    s->fmt = o->fmt;
    s->buffer_max = o->buffer_max ? o->buffer_max : (size_t)4 << 20;
    s->limit = -1;
    pthread_mutex_init(&s->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->cv, &ca);
    pthread_condattr_destroy(&ca);
    return s;
}

void sl_sess_finish(sl_session *s, const char *final_msg)
{
    if (s->done) return;
    if (final_msg) sl_qout_final(&s->out, s->fmt, final_msg);
    sl_qout_end(&s->out, s->fmt);
    s->done = true;
}

/* --- the registry of push sessions ------------------------------------------------------ */

static sl_error *register_push(sl_session *s, int max_push)
{
    sl_engine *eng = s->eng;
    pthread_mutex_lock(&eng->smu);
    sl_error *err = NULL;
    if (max_push > 0 && eng->nsessions >= (size_t)max_push) {
        err = sl_error_new(SL_E_TOO_MANY,
                           "too many push queries: %zu are running, the limit "
                           "(push.max.queries) is %d",
                           eng->nsessions, max_push);
    } else {
        SL_GROW(eng->sessions, eng->capsessions, eng->nsessions + 1);
        eng->sessions[eng->nsessions++] = s;
        s->registered = true;
    }
    pthread_mutex_unlock(&eng->smu);
    return err;
}

static void unregister(sl_session *s)
{
    sl_engine *eng = s->eng;
    pthread_mutex_lock(&eng->smu);
    for (size_t i = 0; i < eng->nsessions; i++) {
        if (eng->sessions[i] != s) continue;
        eng->sessions[i] = eng->sessions[--eng->nsessions];
        break;
    }
    s->registered = false;
    pthread_mutex_unlock(&eng->smu);
}

sl_error *sl_session_terminate(sl_engine *eng, const char *id)
{
    sl_error *err = sl_error_new(SL_E_NOT_FOUND, "No query with id %s is running here", id);
    pthread_mutex_lock(&eng->smu);
    for (size_t i = 0; i < eng->nsessions; i++) {
        sl_session *s = eng->sessions[i];
        if (strcmp(s->id, id) != 0) continue;
        pthread_mutex_lock(&s->mu);
        sl_sess_finish(s, NULL);
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
        sl_error_free(err);
        err = NULL;
        break;
    }
    pthread_mutex_unlock(&eng->smu);
    return err;
}

void sl_session_fail(sl_session *s, const char *msg)
{
    pthread_mutex_lock(&s->mu);
    if (!s->done) {
        sl_qout_error(&s->out, s->fmt, 50000, msg);
        sl_sess_finish(s, NULL);
    }
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

int sl_session_push_count(sl_engine *eng)
{
    pthread_mutex_lock(&eng->smu);
    int n = (int)eng->nsessions;
    pthread_mutex_unlock(&eng->smu);
    return n;
}

/* --- rows from a transient query -------------------------------------------------------- */

static void append_rows(sl_session *s, const sl_batch *b)
{
    for (uint32_t i = 0; i < b->n && !s->done; i++) {
        const sl_row *r = &b->rows[i];
        if (r->flags & SL_ROW_RETRACT) continue;
        /* a stream record with a null value is no row of the stream (ksqlDB ignores it) */
        if (!s->tr.is_table && (r->flags & SL_ROW_TOMBSTONE)) continue;
        sl_qout_row(&s->out, s->fmt, s->cols, s->ncols, r->col, r->flags & SL_ROW_TOMBSTONE);
        if (s->limit >= 0 && ++s->sent >= s->limit) sl_sess_finish(s, "Limit Reached");
    }
}

/* The CALLBACK node's function: the worker thread (push) or the reading thread (stream
 * pull) hands over a batch of result rows. */
static sl_error *on_rows(void *ctx, const sl_pnode *node, const sl_batch *b)
{
    (void)node;
    sl_session *s = ctx;
    pthread_mutex_lock(&s->mu);
    if (!s->done) {
        append_rows(s, b);
        if (!s->done && s->kind == SESS_PUSH && s->out.len - s->off > s->buffer_max) {
            sl_qout_error(&s->out, s->fmt, 50000,
                          "the client is too slow: its push query's buffer passed the limit "
                          "(push.buffer.max.bytes); the query was closed");
            sl_sess_finish(s, NULL);
            /* nothing more is wanted: the worker idles until the connection ends the query */
            if (s->q) sl_query_pause(s->q);
        }
        pthread_cond_broadcast(&s->cv);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* --- opening ---------------------------------------------------------------------------- */

static void make_id_kind(sl_session *s, const char *kind, const char *from)
{
    sl_engine *eng = s->eng;
    pthread_mutex_lock(&eng->smu);
    uint64_t n = ++eng->qseq;
    pthread_mutex_unlock(&eng->smu);
    snprintf(s->id, sizeof s->id, "%s%s_%llu%04llu", kind, from,
             (unsigned long long)(sl_clock_wall_ms() % 1000000000000ULL),
             (unsigned long long)(n % 10000));
}

static void make_id(sl_session *s, const char *from)
{
    make_id_kind(s, s->kind == SESS_PUSH ? "transient_" : "query_", from);
}

/* ksqlDB serves a push query that only filters and projects the new rows of a persistent
 * query's output as a "scalable" one (it taps the persistent query), and names it so; the
 * same query here reads the output topic from its end, with the same answer. */
static bool scalable(sl_stmtctx *sx, bool earliest)
{
    const sl_ast_query *aq = sx->st->query;
    const sl_source *from = sl_catalog_source(sx->eng->cat, aq->from.name.text);
    return from && from->owner && !from->is_source && !earliest && !aq->group_by && !aq->window &&
           !aq->partition_by && !aq->joins.n;
}

static bool want_earliest(sl_stmtctx *sx)
{
    const char *reset =
        sx->req && sx->req->props
            ? json_string_value(json_object_get(sx->req->props, "auto.offset.reset"))
            : NULL;
    return reset && strcmp(reset, "earliest") == 0;
}

/* The end offsets a stream's bounded scan reads up to; empty partitions count as read. */
static sl_error *scan_bounds(sl_session *s)
{
    sl_log *log = s->eng->log;
    sl_topic_info info;
    sl_error *err = sl_log_topic_describe(log, s->tr.topic, &info);
    if (err) return err;
    s->nparts = info.partitions > 0 ? info.partitions : 1;
    s->ends = sl_calloc((size_t)s->nparts, sizeof *s->ends);
    int64_t *starts = sl_calloc((size_t)s->nparts, sizeof *starts);
    err = sl_log_end_offsets(log, s->tr.topic, s->ends, s->nparts);
    if (!err) err = sl_log_start_offsets(log, s->tr.topic, starts, s->nparts);
    for (int32_t p = 0; !err && p < s->nparts; p++)
        if (starts[p] >= s->ends[p]) s->ends[p] = 0;
    free(starts);
    return err;
}

/* A push query, or a stream's pull query: a transient query ending in on_rows. */
static sl_error *open_transient(sl_session *s, sl_stmtctx *sx, const sl_session_opts *o)
{
    sl_engine *eng = s->eng;
    const sl_ast_query *aq = sx->st->query;
    s->kind = sl_plan_is_pull(sx->st) ? SESS_PULL_STREAM : SESS_PUSH;
    if (s->kind == SESS_PUSH && scalable(sx, want_earliest(sx)))
        make_id_kind(s, "SCALABLE_PUSH_QUERY_", aq->from.name.text);
    else
        make_id(s, aq->from.name.text);
    sl_error *err = sl_plan_transient(&sx->pc, sx->st, s->id, &s->tr);
    if (err) return err;
    s->cols = s->tr.cols;
    s->ncols = s->tr.ncols;
    s->limit = s->tr.limit;
    if (s->kind == SESS_PUSH && (err = register_push(s, o->max_push))) return err;
    if (s->kind == SESS_PULL_STREAM && (err = scan_bounds(s))) return err;
    sl_qout_header(&s->out, s->fmt, s->id, s->cols, s->ncols, NULL);
    if (s->limit == 0) sl_sess_finish(s, "Limit Reached");
    sl_plan_callback_set(s->tr.plan, on_rows, s);
    sl_query_opts qo = {.start_latest = s->kind == SESS_PUSH && !want_earliest(sx),
                        .transient = true,
                        .synchronous = s->kind == SESS_PULL_STREAM};
    sl_plan *plan = s->tr.plan;
    s->tr.plan = NULL; /* the query owns it now; cols live in it as long as the query */
    sl_query *q = NULL;
    err = sl_query_start(eng->trt, plan, &qo, &q);
    pthread_mutex_lock(&s->mu); /* on_rows may already run on the worker */
    s->q = q;
    pthread_mutex_unlock(&s->mu);
    return err;
}

static sl_error *open_statement(sl_session *s, sl_stmtctx *sx, const sl_session_opts *o,
                                bool *is_pull)
{
    const sl_ast_stmt *st = sx->st;
    if (st->kind == SL_STMT_PRINT) {
        s->kind = SESS_PRINT;
        make_id(s, "PRINT");
        return sl_sess_print_open(s, sx);
    }
    if (st->kind != SL_STMT_QUERY)
        return sl_error_new(SL_E_WRONG_ENDPOINT,
                            "The following statement types should be issued to the endpoint "
                            "'/ksql': %s (/query takes SELECT and PRINT only)",
                            sl_ast_stmt_kind_name(st->kind));
    bool pull = sl_plan_is_pull(st);
    if (is_pull) *is_pull = pull;
    const sl_source *from = sl_catalog_source(s->eng->cat, st->query->from.name.text);
    if (pull && from && from->is_table) {
        s->kind = SESS_PULL_TABLE;
        make_id(s, from->name);
        return sl_sess_pull_open(s, sx);
    }
    return open_transient(s, sx, o);
}

sl_error *sl_session_open(sl_engine *eng, const char *text, sl_request *req,
                          const sl_session_opts *o, sl_session **out, bool *is_pull)
{
    *out = NULL;
    if (is_pull) *is_pull = false;
    sl_session *s = sl_sess_new(eng, SESS_PUSH, o);
    sl_arena *ar = sl_arena_new(0);
    sl_stmtctx sx;
    pthread_mutex_lock(&eng->mu);
    sl_error *err = sl_engine_stmt_prepare(eng, req, text, ar, &sx);
    if (!err) err = open_statement(s, &sx, o, is_pull);
    pthread_mutex_unlock(&eng->mu);
    sl_arena_free(ar);
    if (err) {
        sl_session_close(s);
        return err;
    }
    *out = s;
    return NULL;
}

/* --- reading ---------------------------------------------------------------------------- */

/* Copies up to max pending bytes; compacts the buffer once half of it was read. */
static size_t take(sl_session *s, char *buf, size_t max)
{
    size_t n = s->out.len - s->off;
    if (n > max) n = max;
    memcpy(buf, s->out.p + s->off, n);
    s->off += n;
    if (s->off == s->out.len) {
        sl_buf_reset(&s->out);
        s->off = 0;
    } else if (s->off > s->out.len / 2) {
        memmove(s->out.p, s->out.p + s->off, s->out.len - s->off);
        s->out.len -= s->off;
        s->off = 0;
    }
    return n;
}

/* A query that failed: its error ends the answer. */
static void check_failed(sl_session *s)
{
    const char *why = NULL;
    if (s->done || !s->q || sl_query_get_state(s->q, &why) != SL_QUERY_ERROR) return;
    sl_qout_error(&s->out, s->fmt, 50000, why ? why : "the query failed");
    sl_sess_finish(s, NULL);
}

static void wait_for_bytes(sl_session *s, int wait_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += wait_ms / 1000;
    until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
    while (s->off == s->out.len && !s->done)
        if (pthread_cond_timedwait(&s->cv, &s->mu, &until) == ETIMEDOUT) break;
}

static ssize_t read_push(sl_session *s, char *buf, size_t max, int wait_ms)
{
    pthread_mutex_lock(&s->mu);
    check_failed(s);
    wait_for_bytes(s, wait_ms);
    ssize_t n = s->off < s->out.len ? (ssize_t)take(s, buf, max) : s->done ? SL_SESSION_END : 0;
    pthread_mutex_unlock(&s->mu);
    return n;
}

/* Steps a stream's bounded scan until out has something or the scan is complete. */
static void fill_stream(sl_session *s)
{
    while (s->off == s->out.len && !s->done) {
        int n = 0;
        sl_error *err = sl_query_step(s->q, &n);
        if (err) {
            sl_qout_error(&s->out, s->fmt, sl_errcode_ksql(err->code), err->msg);
            sl_error_free(err);
            sl_sess_finish(s, NULL);
            break;
        }
        if (s->done) break;
        if (sl_query_reached(s->q, s->tr.topic, s->ends, s->nparts)) {
            sl_sess_finish(s, "Query Completed");
            break;
        }
        if (n > 0) {
            s->idle = 0;
            continue;
        }
        if (++s->idle > STREAM_IDLE_STEPS) { /* records gone under us (retention): stop */
            sl_sess_finish(s, "Query Completed");
            break;
        }
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

ssize_t sl_session_read(sl_session *s, char *buf, size_t max, int wait_ms)
{
    if (max == 0) return 0;
    switch (s->kind) {
    case SESS_PUSH:
        return read_push(s, buf, max, wait_ms);
    case SESS_PULL_STREAM:
        fill_stream(s);
        break;
    case SESS_PULL_TABLE:
        sl_sess_pull_fill(s, max);
        break;
    case SESS_PRINT:
        sl_sess_print_fill(s, wait_ms);
        break;
    }
    if (s->off < s->out.len) return (ssize_t)take(s, buf, max);
    return s->done ? SL_SESSION_END : 0;
}

const char *sl_session_id(const sl_session *s)
{
    return s->id;
}

bool sl_session_is_push(const sl_session *s)
{
    return s->kind == SESS_PUSH;
}

const char *sl_session_content_type(const sl_session *s)
{
    return s->kind == SESS_PRINT ? "text/plain" : sl_qout_content_type(s->fmt);
}

void sl_session_close(sl_session *s)
{
    if (!s) return;
    if (s->registered) unregister(s);
    sl_query_stop(s->q); /* joins its worker, which may be in on_rows: s->mu is free here */
    sl_plan_free(s->tr.plan);
    sl_sess_pull_close(s);
    sl_sess_print_close(s);
    free(s->ends);
    sl_buf_free(&s->out);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    free(s);
}
