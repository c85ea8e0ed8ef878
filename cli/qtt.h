/*
 * qtt.h - private to cli/: the `sluice test` runner for ksqlDB's query
 * validation tests (QTT JSON files; see test_main.c for the command).
 *
 * One case = one test after expanding its "format" and "config" lists. A case
 * runs on a fresh in-process engine (synchronous, embedded log, its own temp
 * data dir): statements in order, then each input record produced and the
 * queries driven until idle before the next (deterministic stream time, as
 * ksqlDB's TopologyTestDriver), then outputs compared per topic, in order.
 */
#ifndef SL_CLI_QTT_H
#define SL_CLI_QTT_H

#include "common/buf.h"
#include "common/error.h"
#include "server/engine.h"

#include <jansson.h>
#include <stdbool.h>

typedef enum qtt_outcome { QTT_PASS, QTT_FAIL, QTT_SKIP } qtt_outcome;

typedef struct qtt_case {
    const char *file;  /* base name of the file */
    char *name;        /* test name, with " - FORMAT" / " - CONFIG" appended when expanded */
    json_t *test;      /* the expanded test (owned) */
    bool rqtt;         /* from a REST test file (cases with "responses"): run against a server */
} qtt_case;

/* Expands a test's "format" and "config" lists into cases appended to *cases. */
void qtt_expand(const char *file, json_t *test, qtt_case **cases, size_t *n, size_t *cap);
/* Runs one case; on failure *why (caller frees) says what differed. */
qtt_outcome qtt_run_case(const qtt_case *c, sl_buf *why);

/* qtt_records.c: test records <-> topic bytes, through the catalog's formats. */
sl_error *qtt_encode_input(sl_engine *eng, const char *topic, json_t *rec, sl_buf *key,
                           bool *key_null, sl_buf *val, bool *val_null);
json_t *qtt_decode_output(sl_engine *eng, const char *topic, const uint8_t *key, uint32_t klen,
                          const uint8_t *val, uint32_t vlen, json_t **window);
/* Whether two JSON values are equal as ksqlDB's tests compare them (numbers within 1e-6). */
bool qtt_json_equal(json_t *expected, json_t *actual);

/* qtt_run.c, shared with the RQTT runner: whether a test uses a Schema Registry format or a
 * Java-only test function (reported as skipped); whether an actual output record (key,
 * value, timestamp, headers, window) matches an expected one. */
bool qtt_should_skip(json_t *test);
bool qtt_record_matches(json_t *expected, json_t *actual);

#endif
