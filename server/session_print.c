/*
 * session_print.c - PRINT topic [FROM BEGINNING] [INTERVAL n] [LIMIT n]: the
 * topic's records as text lines, as ksqlDB's PRINT writes them:
 *
 *   Key format: KAFKA_STRING                  (the formats of a source over the topic,
 *   Value format: JSON                         when one exists)
 *   rowtime: 2020/01/28 14:54:42.456 Z, key: 10, value: {"ID":1}, partition: 0
 *
 * A consumer of its own (no group offsets kept) reads from the start or the
 * end; every INTERVAL-th record is printed, up to LIMIT of them. Keys and
 * values print as text when they are printable UTF-8, else in base64.
 */
#include "server/session_int.h"
#include "common/mem.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void on_assigned(void *ctx, uint32_t topic, int32_t partition, int64_t *start)
{
    (void)topic, (void)partition;
    sl_session *s = ctx;
    *start = s->from_beginning ? SL_LOG_EARLIEST : SL_LOG_LATEST;
}

static void on_revoked(void *ctx, uint32_t topic, int32_t partition)
{
    (void)ctx, (void)topic, (void)partition;
}

static void print_formats(sl_session *s, const char *topic)
{
    const sl_source *src = sl_engine_source_by_topic(s->eng, topic);
    if (!src) return;
    sl_buf_printf(&s->out, "Key format: %s\nValue format: %s\n",
                  sl_serde_format_name(src->key.format), sl_serde_format_name(src->value.format));
}

sl_error *sl_sess_print_open(sl_session *s, sl_stmtctx *sx)
{
    const sl_ast_stmt *st = sx->st;
    const char *topic = st->print.topic;
    sl_topic_info info;
    sl_error *err = sl_log_topic_describe(s->eng->log, topic, &info);
    if (err) {
        sl_error_free(err);
        return sl_error_new(SL_E_STATEMENT,
                            "Could not find topic '%s', or the KSQL user does not have permissions "
                            "to list the topic. Topic names are case-sensitive.",
                            topic);
    }
    s->from_beginning = st->print.from_beginning;
    s->interval = st->print.has_interval && st->print.interval > 0 ? st->print.interval : 1;
    s->limit = st->print.has_limit ? st->print.limit : -1;
    print_formats(s, topic);
    if (s->limit == 0) {
        s->done = true;
        return NULL;
    }
    char group[160];
    snprintf(group, sizeof group, "_sluice_print_%s", s->id);
    const char *topics[] = {topic};
    sl_log_assign_cb cb = {on_assigned, on_revoked, s};
    return sl_log_consumer_open(s->eng->log, group, topics, 1, &cb, &s->c);
}

static bool printable(const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n;) {
        if (p[i] < 0x20 && p[i] != '\t') return false;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t len = (p[i] & 0xE0) == 0xC0   ? 2
                       : (p[i] & 0xF0) == 0xE0 ? 3
                       : (p[i] & 0xF8) == 0xF0 ? 4
                                               : 0;
        if (!len || i + len > n) return false;
        for (uint32_t k = 1; k < len; k++)
            if ((p[i + k] & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}

static void bytes_text(sl_buf *b, const uint8_t *p, uint32_t n)
{
    if (!p) {
        sl_buf_puts(b, "<null>");
    } else if (printable(p, n)) {
        sl_buf_append(b, p, n);
    } else {
        sl_type t = {.kind = SL_K_BYTES};
        sl_value v = sl_value_str((const char *)p, n);
        sl_value_print(b, &t, v);
    }
}

static void record_line(sl_session *s, const sl_log_record *r)
{
    time_t secs = (time_t)(r->ts >= 0 ? r->ts / 1000 : (r->ts - 999) / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    char when[64];
    strftime(when, sizeof when, "%Y/%m/%d %H:%M:%S", &tm);
    sl_buf_printf(&s->out, "rowtime: %s.%03d Z, key: ", when,
                  (int)(((r->ts % 1000) + 1000) % 1000));
    bytes_text(&s->out, r->key, r->klen);
    sl_buf_puts(&s->out, ", value: ");
    bytes_text(&s->out, r->val, r->vlen);
    sl_buf_printf(&s->out, ", partition: %d\n", (int)r->partition);
}

void sl_sess_print_fill(sl_session *s, int wait_ms)
{
    if (s->done || s->off < s->out.len || !s->c) return;
    sl_log_record recs[256];
    int n = 0;
    sl_error *err = sl_log_consumer_poll(s->c, recs, 256, wait_ms, &n);
    if (err) {
        sl_buf_printf(&s->out, "error: %s\n", err->msg);
        sl_error_free(err);
        s->done = true;
        return;
    }
    for (int i = 0; i < n && !s->done; i++) {
        if (s->seen++ % s->interval != 0) continue;
        record_line(s, &recs[i]);
        if (s->limit >= 0 && ++s->sent >= s->limit) s->done = true;
    }
}

void sl_sess_print_close(sl_session *s)
{
    sl_log_consumer_close(s->c);
    s->c = NULL;
}
