/*
 * qout.c - query answer framings (see qout.h).
 */
#include "server/qout.h"

#include <string.h>

void sl_qout_header(sl_buf *b, sl_qfmt fmt, const char *query_id, const sl_field *cols, uint32_t n,
                    const bool *is_key)
{
    if (fmt == SL_QFMT_V1) {
        sl_buf_puts(b, "[{\"header\":{\"queryId\":");
        sl_buf_json_str(b, query_id, strlen(query_id));
        sl_buf_puts(b, ",\"schema\":");
        sl_buf schema = SL_BUF_INIT;
        for (uint32_t i = 0; i < n; i++) {
            sl_buf_printf(&schema, "%s`%s` ", i ? ", " : "", cols[i].name);
            sl_type_print(&schema, cols[i].type);
            if (is_key && is_key[i]) sl_buf_puts(&schema, " KEY");
        }
        sl_buf_json_str(b, schema.p ? schema.p : "", schema.len);
        sl_buf_free(&schema);
        sl_buf_puts(b, "}}");
        return;
    }
    if (fmt == SL_QFMT_JSON) sl_buf_putc(b, '[');
    sl_buf_puts(b, "{\"queryId\":");
    sl_buf_json_str(b, query_id, strlen(query_id));
    sl_buf_puts(b, ",\"columnNames\":[");
    for (uint32_t i = 0; i < n; i++) {
        if (i) sl_buf_putc(b, ',');
        sl_buf_json_str(b, cols[i].name, strlen(cols[i].name));
    }
    sl_buf_puts(b, "],\"columnTypes\":[");
    for (uint32_t i = 0; i < n; i++) {
        sl_buf t = SL_BUF_INIT;
        sl_type_print(&t, cols[i].type);
        if (i) sl_buf_putc(b, ',');
        sl_buf_json_str(b, t.p, t.len);
        sl_buf_free(&t);
    }
    sl_buf_puts(b, "]}");
    if (fmt == SL_QFMT_DELIMITED) sl_buf_putc(b, '\n');
}

static void values(sl_buf *b, const sl_field *cols, uint32_t n, const sl_value *vals)
{
    sl_buf_putc(b, '[');
    for (uint32_t i = 0; i < n; i++) {
        if (i) sl_buf_putc(b, ',');
        sl_value_print_json(b, cols[i].type, vals[i]);
    }
    sl_buf_putc(b, ']');
}

void sl_qout_row(sl_buf *b, sl_qfmt fmt, const sl_field *cols, uint32_t n, const sl_value *vals,
                 bool tombstone)
{
    switch (fmt) {
    case SL_QFMT_V1:
        sl_buf_puts(b, ",\n{\"row\":{\"columns\":");
        values(b, cols, n, vals);
        sl_buf_puts(b, tombstone ? ",\"tombstone\":true}}" : "}}");
        break;
    case SL_QFMT_DELIMITED:
        values(b, cols, n, vals);
        sl_buf_putc(b, '\n');
        break;
    case SL_QFMT_JSON:
        sl_buf_putc(b, ',');
        values(b, cols, n, vals);
        break;
    }
}

void sl_qout_final(sl_buf *b, sl_qfmt fmt, const char *msg)
{
    if (fmt != SL_QFMT_V1) return;
    sl_buf_puts(b, ",\n{\"finalMessage\":");
    sl_buf_json_str(b, msg, strlen(msg));
    sl_buf_putc(b, '}');
}

void sl_qout_error(sl_buf *b, sl_qfmt fmt, int error_code, const char *msg)
{
    sl_buf e = SL_BUF_INIT;
    sl_buf_printf(&e, "{\"@type\":\"generic_error\",\"error_code\":%d,\"message\":", error_code);
    sl_buf_json_str(&e, msg, strlen(msg));
    sl_buf_putc(&e, '}');
    switch (fmt) {
    case SL_QFMT_V1:
        sl_buf_printf(b, ",\n{\"errorMessage\":%s}", sl_buf_cstr(&e));
        break;
    case SL_QFMT_DELIMITED:
        sl_buf_printf(b, "%s\n", sl_buf_cstr(&e));
        break;
    case SL_QFMT_JSON:
        sl_buf_printf(b, ",%s", sl_buf_cstr(&e));
        break;
    }
    sl_buf_free(&e);
}

void sl_qout_end(sl_buf *b, sl_qfmt fmt)
{
    if (fmt == SL_QFMT_V1)
        sl_buf_puts(b, "]\n");
    else if (fmt == SL_QFMT_JSON)
        sl_buf_puts(b, "]");
}

const char *sl_qout_content_type(sl_qfmt fmt)
{
    switch (fmt) {
    case SL_QFMT_V1:
        return "application/vnd.ksql.v1+json";
    case SL_QFMT_DELIMITED:
        return "application/vnd.ksqlapi.delimited.v1";
    default:
        return "application/json";
    }
}
