/*
 * fake_query.c - the fake server's POST /query: canned row streams in the
 * chunked format of ksqlDB's /query (see cli/rest_client.h).
 *
 *   ... FROM PAGEVIEWS ... EMIT CHANGES   a row every 300 ms until the client
 *                                         leaves (or LIMIT n, then "Limit Reached")
 *   ... FROM PAGEVIEWS ... (no EMIT)      3 rows, then the end of the array
 *   ... FROM QUIET ...                    header, then only keep-alive newlines
 *   ... FROM USERS ...                    2 rows, the second a tombstone
 *   ... FROM BROKEN ...                   1 row, then an errorMessage element
 *   ... FROM MISSING ...                  400 statement_error at MISSING's line:col
 *   text that does not parse              400 statement_error as the server words it
 */
#include "tests/tools/fake_ksqldb.h"

#include "common/arena.h"
#include "common/mem.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

typedef enum q_kind { Q_PAGEVIEWS, Q_QUIET, Q_USERS, Q_BROKEN } q_kind;

typedef struct qstream {
    q_kind kind;
    bool push, done;
    long limit, sent; /* limit < 0: none */
    char id[64];
} qstream;

static atomic_int query_counter;

static ssize_t put(char *buf, size_t max, const char *s)
{
    size_t n = strlen(s);
    if (n > max) n = max; /* MHD's buffer is 16 KiB; our elements are far smaller */
    memcpy(buf, s, n);
    return (ssize_t)n;
}

static ssize_t next_row(qstream *q, char *buf, size_t max)
{
    char el[256];
    long i = q->sent++;
    if (q->kind == Q_USERS)
        snprintf(el, sizeof el,
                 i == 0 ? ",\n{\"row\":{\"columns\":[\"u1\",\"Alice\"]}}"
                        : ",\n{\"row\":{\"columns\":[\"u2\",null],\"tombstone\":true}}");
    else
        snprintf(el, sizeof el, ",\n{\"row\":{\"columns\":[%ld,\"User_%ld\",\"Page_%ld\"]}}",
                 1700000000000L + i, i % 5 + 1, i % 7 + 10);
    return put(buf, max, el);
}

static ssize_t q_read(void *ctx, char *buf, size_t max)
{
    qstream *q = ctx;
    if (q->done) return SL_HTTP_STREAM_END;
    if (q->sent < 0) {
        q->sent = 0;
        char h[256];
        snprintf(h, sizeof h, "[{\"header\":{\"queryId\":\"%s\",\"schema\":\"%s\"}}", q->id,
                 q->kind == Q_USERS ? "`ID` STRING KEY, `NAME` STRING"
                                    : "`VIEWTIME` BIGINT, `USERID` STRING, `PAGEID` STRING");
        return put(buf, max, h);
    }
    if (q->kind == Q_QUIET) {
        sleep(1);
        return put(buf, max, "\n");
    }
    if (q->kind == Q_BROKEN && q->sent == 1) {
        q->done = true;
        return put(buf, max,
                   ",\n{\"errorMessage\":{\"@type\":\"generic_error\",\"error_code\":50000,"
                   "\"message\":\"fake failure while reading PAGEVIEWS\"}}]\n");
    }
    if (q->limit >= 0 && q->sent >= q->limit) {
        q->done = true;
        return put(buf, max, ",\n{\"finalMessage\":\"Limit Reached\"}]\n");
    }
    long pull_rows = q->kind == Q_USERS ? 2 : 3;
    if (!q->push && q->sent >= pull_rows) {
        q->done = true;
        return put(buf, max, "]\n");
    }
    if (q->push) usleep(300 * 1000);
    return next_row(q, buf, max);
}

static void q_close(void *ctx)
{
    free(ctx);
}

void fake_query_start(fake_catalog *cat, const char *sql, sl_http_resp *resp)
{
    (void)cat;
    fake_record("query", sql);
    sl_arena *ar = sl_arena_new(0);
    sl_ast_stmt *st = fake_parse(ar, sql, resp, NULL);
    if (st && st->kind != SL_STMT_QUERY)
        fake_statement_error(resp, 400, sql, NULL, "line 1:1: /query takes queries only");
    const sl_ast_relation *from = st && st->kind == SL_STMT_QUERY ? &st->query->from : NULL;
    if (from && strcmp(from->name.text, "MISSING") == 0)
        fake_statement_error(resp, 400, sql, NULL, "line %u:%u: MISSING does not exist.",
                             from->name.pos.line, from->name.pos.col);
    else if (from) {
        qstream *q = sl_calloc(1, sizeof *q);
        const char *name = from->name.text;
        q->kind = strcmp(name, "QUIET") == 0    ? Q_QUIET
                  : strcmp(name, "USERS") == 0  ? Q_USERS
                  : strcmp(name, "BROKEN") == 0 ? Q_BROKEN
                                                : Q_PAGEVIEWS;
        q->push = st->query->emit != SL_EMIT_NONE;
        q->limit = st->query->has_limit ? st->query->limit : -1;
        q->sent = -1;
        snprintf(q->id, sizeof q->id, "transient_PAGEVIEWS_%d",
                 atomic_fetch_add(&query_counter, 1) + 1);
        resp->content_type = "application/vnd.ksql.v1+json";
        resp->stream = (sl_http_stream){q_read, q_close, q};
    }
    sl_arena_free(ar);
}
