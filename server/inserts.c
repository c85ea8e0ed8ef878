/*
 * inserts.c - rows inserted as JSON objects (POST /inserts-stream) into a
 * stream's or table's topic.
 *
 *   {"K": 1, "V": "a"} ──JSON serde over every column──> values ──key serde──> key bytes
 *                                                               └─value serde─> value bytes
 *                                                      ──> the topic (partition by key)
 *
 * Column names match as ksqlDB's JSON format matches them (case-insensitive;
 * a column not given is NULL). The serdes are compiled once per request from
 * the source as it was when the request began, so a row costs a decode and
 * an encode.
 */
#include "server/engine_int.h"
#include "common/clock.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

struct sl_inserter {
    sl_log *log;
    char *topic;
    uint32_t ncols, nkey;
    sl_serde *row, *key, *value;
    sl_arena *ar;
    sl_value *vals;
    sl_buf kb, vb;
};

static sl_error *check_target(const sl_source *src, const char *target)
{
    if (!src) return sl_error_new(SL_E_NOT_FOUND, "Cannot insert into unknown source: %s", target);
    if (src->is_source)
        return sl_error_new(SL_E_STATEMENT, "Cannot insert into read-only %s: %s",
                            src->is_table ? "table" : "stream", src->name);
    if (src->windowed)
        return sl_error_new(SL_E_STATEMENT, "Cannot insert into windowed source: %s", src->name);
    for (uint32_t i = 0; i < src->ncols; i++)
        if (src->cols[i].role == SL_COLROLE_HEADERS || src->cols[i].role == SL_COLROLE_HEADER)
            return sl_error_new(SL_E_STATEMENT,
                                "Cannot insert into %s because it has header columns", src->name);
    return NULL;
}

static sl_error *compile(sl_inserter *in, const sl_source *src)
{
    sl_field *cols = SL_ARENA_ARRAY(in->ar, sl_field, src->ncols + 1);
    for (uint32_t i = 0; i < src->ncols; i++)
        cols[i] = (sl_field){src->cols[i].name, src->cols[i].type};
    sl_serde_props props = SL_SERDE_PROPS_INIT; /* a JSON object of every column */
    if (src->ncols == 1) props.wrap_single = 1;
    sl_error *err = sl_serde_new(SL_SERDE_JSON, cols, src->ncols, &props, NULL, &in->row);
    if (!err) err = sl_plan_source_serdes(src, NULL, &in->key, &in->value);
    return err;
}

sl_error *sl_engine_inserter_open(sl_engine *eng, const char *target, sl_inserter **out)
{
    *out = NULL;
    sl_inserter *in = sl_calloc(1, sizeof *in);
    in->log = eng->log;
    in->ar = sl_arena_new(0);
    pthread_mutex_lock(&eng->mu);
    const sl_source *src = sl_catalog_source(eng->cat, target);
    sl_error *err = check_target(src, target);
    if (!err) {
        in->topic = sl_strdup(src->topic);
        in->ncols = src->ncols;
        in->nkey = src->nkey;
        err = compile(in, src);
    }
    pthread_mutex_unlock(&eng->mu);
    if (err) {
        sl_engine_inserter_close(in);
        return err;
    }
    in->vals = sl_calloc(in->ncols + 1, sizeof *in->vals);
    *out = in;
    return NULL;
}

sl_error *sl_engine_inserter_row(sl_inserter *in, const char *json, size_t len)
{
    sl_arena_reset(in->ar);
    bool is_null = false;
    sl_error *err = sl_serde_decode(in->row, json, len, in->ar, in->vals, &is_null);
    if (err) return err;
    if (is_null) return sl_error_new(SL_E_BAD_REQUEST, "a row must be a JSON object");
    sl_buf_reset(&in->kb);
    sl_buf_reset(&in->vb);
    bool key_null = true, val_null = false;
    if (in->nkey) err = sl_serde_encode(in->key, in->vals, &in->kb, &key_null);
    if (!err) err = sl_serde_encode(in->value, in->vals + in->nkey, &in->vb, &val_null);
    if (err) return err;
    sl_log_record rec = {0};
    rec.key = key_null ? NULL : (const uint8_t *)(in->kb.p ? in->kb.p : "");
    rec.klen = (uint32_t)in->kb.len;
    rec.val = val_null ? NULL : (const uint8_t *)(in->vb.p ? in->vb.p : "");
    rec.vlen = (uint32_t)in->vb.len;
    rec.ts = sl_clock_wall_ms();
    rec.partition = SL_LOG_ANY_PARTITION;
    return sl_log_produce(in->log, in->topic, &rec);
}

void sl_engine_inserter_close(sl_inserter *in)
{
    if (!in) return;
    sl_serde_free(in->row);
    sl_serde_free(in->key);
    sl_serde_free(in->value);
    sl_arena_free(in->ar);
    sl_buf_free(&in->kb);
    sl_buf_free(&in->vb);
    free(in->vals);
    free(in->topic);
    free(in);
}
