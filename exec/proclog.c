/*
 * proclog.c - processing log entries: a record that fails to deserialize,
 * evaluate or serialize becomes one entry in the processing log topic, written
 * in the same transaction as the query's outputs (so entries are exactly once
 * too) and counted in the query's statistics.
 *
 * Entries follow ksqlDB's processing log schema (a JSON value):
 *   {"LOGGER":"processing.<QUERY>","LEVEL":"ERROR","TIME":<ms>,
 *    "MESSAGE":{"TYPE":0,"DESERIALIZATIONERROR":{"TARGET":..,"ERRORMESSAGE":..,
 *                "RECORDB64":..,"CAUSE":[],"topic":..,"partition":..,"offset":..},
 *               "RECORDPROCESSINGERROR":null,"PRODUCTIONERROR":null,
 *               "SERIALIZATIONERROR":null,"KAFKASTREAMSTHREADERROR":null}}
 * The record's bytes appear only with processing.log.include.rows.
 */
#include "common/buf.h"
#include "common/clock.h"
#include "common/logger.h"
#include "exec/query_int.h"

#include <string.h>

static const char *const kind_fields[] = {"DESERIALIZATIONERROR", "RECORDPROCESSINGERROR",
                                          "PRODUCTIONERROR", "SERIALIZATIONERROR"};

static void put_base64(sl_buf *b, const uint8_t *p, uint32_t n)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    sl_buf_putc(b, '"');
    for (uint32_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        sl_buf_putc(b, tbl[v >> 18 & 63]);
        sl_buf_putc(b, tbl[v >> 12 & 63]);
        sl_buf_putc(b, i + 1 < n ? tbl[v >> 6 & 63] : '=');
        sl_buf_putc(b, i + 2 < n ? tbl[v & 63] : '=');
    }
    sl_buf_putc(b, '"');
}

static void put_detail(sl_buf *b, sl_worker *w, sl_proclog_kind kind, const sl_error *err,
                       const sl_log_record *rec)
{
    sl_query *q = w->q;
    sl_buf_puts(b, "{");
    if (kind == SL_PROCLOG_DESERIALIZATION || kind == SL_PROCLOG_SERIALIZATION)
        sl_buf_puts(b, "\"TARGET\":\"value\",");
    sl_buf_puts(b, "\"ERRORMESSAGE\":");
    sl_buf_json_str(b, err->msg, strlen(err->msg));
    sl_buf_puts(b, kind == SL_PROCLOG_DESERIALIZATION ? ",\"RECORDB64\":" : ",\"RECORD\":");
    if (rec && rec->val && q->rt->opts.proclog_include_rows) put_base64(b, rec->val, rec->vlen);
    else sl_buf_puts(b, "null");
    sl_buf_puts(b, ",\"CAUSE\":[]");
    if (rec) {
        sl_buf_puts(b, ",\"topic\":");
        const char *topic = q->topics[rec->topic].topic;
        sl_buf_json_str(b, topic, strlen(topic));
        sl_buf_printf(b, ",\"partition\":%d,\"offset\":%lld", rec->partition,
                      (long long)rec->offset);
    }
    sl_buf_puts(b, "}");
}

void sl_proclog_write(sl_worker *w, sl_proclog_kind kind, const sl_error *err,
                      const sl_log_record *rec, bool alone)
{
    const char *topic = w->q->rt->opts.proclog_topic;
    if (!topic) return;
    sl_buf b = SL_BUF_INIT;
    sl_buf_printf(&b, "{\"LOGGER\":\"processing.%s\",\"LEVEL\":\"ERROR\",\"TIME\":%lld,"
                      "\"MESSAGE\":{\"TYPE\":%d",
                  w->q->plan->query_id, (long long)sl_clock_wall_ms(), (int)kind);
    for (int k = 0; k < 4; k++) {
        sl_buf_printf(&b, ",\"%s\":", kind_fields[k]);
        if (k == (int)kind) put_detail(&b, w, kind, err, rec);
        else sl_buf_puts(&b, "null");
    }
    sl_buf_puts(&b, ",\"KAFKASTREAMSTHREADERROR\":null}}");
    sl_log_record out = {0};
    out.val = (const uint8_t *)b.p;
    out.vlen = (uint32_t)b.len;
    out.ts = sl_clock_wall_ms();
    out.partition = 0;
    sl_log_txn *txn = alone ? sl_log_txn_begin(w->q->rt->opts.log) : w->txn;
    if (!txn) txn = w->txn = sl_log_txn_begin(w->q->rt->opts.log);
    sl_error *perr = sl_log_txn_produce(txn, topic, &out);
    if (alone && !perr) perr = sl_log_txn_commit(txn);
    else if (alone) sl_log_txn_abort(txn);
    if (perr) SL_WARN("processing log entry lost", "query=%s err=\"%s\"", w->q->plan->query_id, perr->msg);
    sl_error_free(perr); /* the entry is diagnostics: its loss must not stop the query */
    sl_buf_free(&b);
}
