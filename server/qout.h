/*
 * qout.h - the framings of a query's answer over REST: one function per
 * element, appending to a buffer.
 *
 *   V1 (POST /query, application/vnd.ksql.v1+json; one JSON array, chunked):
 *     [{"header":{"queryId":"q","schema":"`K` STRING KEY, `V` INTEGER"}}
 *     ,\n{"row":{"columns":["a",1]}}          ,"tombstone":true for a table delete
 *     ,\n{"errorMessage":{"@type":"generic_error","error_code":..,"message":..}}
 *     ,\n{"finalMessage":"Limit Reached"}
 *     ]\n
 *   DELIMITED (POST /query-stream, application/vnd.ksqlapi.delimited.v1):
 *     {"queryId":"q","columnNames":["K","V"],"columnTypes":["STRING","INTEGER"]}\n
 *     ["a",1]\n
 *     {"@type":"generic_error","error_code":..,"message":..}\n    (an error mid-stream)
 *   JSON (POST /query-stream, application/json): the DELIMITED elements as one array
 *     [{"queryId":...},["a",1],...]
 *
 * Values are rendered as ksqlDB's REST API renders them (sl_value_print_json).
 * Each function writes one whole element, so what a buffer holds is always a
 * prefix of the answer that ends on an element boundary.
 */
#ifndef SL_SERVER_QOUT_H
#define SL_SERVER_QOUT_H

#include "common/buf.h"
#include "exec/types.h"
#include "exec/value.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum sl_qfmt {
    SL_QFMT_V1,
    SL_QFMT_DELIMITED,
    SL_QFMT_JSON,
} sl_qfmt;

/* The first element: the query id and the result columns (is_key may be NULL: none is a
 * key; V1 writes KEY after key columns). */
void sl_qout_header(sl_buf *b, sl_qfmt fmt, const char *query_id, const sl_field *cols, uint32_t n,
                    const bool *is_key);
/* A result row (vals[0..n) of the types of cols). */
void sl_qout_row(sl_buf *b, sl_qfmt fmt, const sl_field *cols, uint32_t n, const sl_value *vals,
                 bool tombstone);
/* V1's finalMessage element (the others have none). */
void sl_qout_final(sl_buf *b, sl_qfmt fmt, const char *msg);
/* An error after the header. */
void sl_qout_error(sl_buf *b, sl_qfmt fmt, int error_code, const char *msg);
/* Closes the answer (V1 and JSON close their array). */
void sl_qout_end(sl_buf *b, sl_qfmt fmt);
/* The Content-Type of a framing. */
const char *sl_qout_content_type(sl_qfmt fmt);

#endif
