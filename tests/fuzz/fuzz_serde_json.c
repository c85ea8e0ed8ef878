/*
 * fuzz_serde_json.c - libFuzzer target for the JSON decoder. The first input
 * byte picks a schema (wrapped rows with and without a projection mask,
 * unwrapped values, nested composites, a multi-column key); the rest is the
 * record. Every record must decode or fail cleanly, and whatever decodes must
 * survive encode -> decode unchanged.
 */
#include "exec/serde.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NSCHEMAS 5

static sl_arena *ar, *types;
static sl_serde *serdes[NSCHEMAS];
static const sl_field *cols[NSCHEMAS];
static uint32_t ncols[NSCHEMAS];

static void add(int i, sl_field *f, uint32_t n, bool key, int wrap, const bool *needed)
{
    sl_serde_props p = SL_SERDE_PROPS_INIT;
    p.is_key = key;
    p.wrap_single = (int8_t)wrap;
    p.max_depth = 32;
    p.topic = "fuzz";
    if (sl_serde_new(SL_SERDE_JSON, f, n, &p, needed, &serdes[i])) abort();
    cols[i] = f;
    ncols[i] = n;
}

static void init(void)
{
    ar = sl_arena_new(0);
    types = sl_arena_new(0);
    static sl_field inner[] = {{"NAME", &sl_type_string}, {"v", &sl_type_double}};
    const sl_type *st = sl_type_struct(types, 2, inner);
    static sl_field bid[7];
    sl_field b[] = {{"AUCTION", &sl_type_bigint}, {"BIDDER", &sl_type_bigint},
                    {"PRICE", &sl_type_int},      {"CHANNEL", &sl_type_string},
                    {"URL", &sl_type_string},     {"DATETIME", &sl_type_timestamp},
                    {"EXTRA", &sl_type_string}};
    memcpy(bid, b, sizeof b);
    static const bool mask[] = {true, false, true, true, false, true, false};
    add(0, bid, 7, false, SL_SERDE_WRAP_DEFAULT, mask);
    static sl_field all[12];
    sl_field a[] = {{"B", &sl_type_boolean},
                    {"I", &sl_type_int},
                    {"L", &sl_type_bigint},
                    {"D", &sl_type_double},
                    {"DEC", sl_type_decimal(types, 12, 4)},
                    {"S", &sl_type_string},
                    {"BY", &sl_type_bytes},
                    {"TS", &sl_type_timestamp},
                    {"DT", &sl_type_date},
                    {"T", &sl_type_time},
                    {"ARR", sl_type_array(types, st)},
                    {"M", sl_type_map(types, &sl_type_string, sl_type_array(types, &sl_type_int))}};
    memcpy(all, a, sizeof a);
    add(1, all, 12, false, SL_SERDE_WRAP_DEFAULT, NULL);
    static sl_field one[1] = {{"V", &sl_type_string}};
    add(2, one, 1, false, 0, NULL);
    static sl_field nested[1];
    nested[0] = (sl_field){"N", sl_type_map(types, &sl_type_string, sl_type_array(types, st))};
    add(3, nested, 1, false, 0, NULL);
    static sl_field key[2];
    key[0] = (sl_field){"K", sl_type_decimal(types, 38, 2)};
    key[1] = (sl_field){"K2", st};
    add(4, key, 2, true, SL_SERDE_WRAP_DEFAULT, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ar) init();
    if (size == 0) return 0;
    int i = data[0] % NSCHEMAS;
    sl_value in[16], out[16];
    bool is_null;
    sl_arena_reset(ar);
    sl_error *err = sl_serde_decode(serdes[i], data + 1, size - 1, ar, in, &is_null);
    if (err) {
        if (err->code != SL_E_SERDE || !err->msg[0]) abort();
        sl_error_free(err);
        return 0;
    }
    if (is_null) return 0;
    sl_buf b = SL_BUF_INIT;
    bool enc_null;
    if (sl_serde_encode(serdes[i], in, &b, &enc_null)) abort();
    if (!enc_null) {
        err = sl_serde_decode(serdes[i], b.p, b.len, ar, out, &is_null);
        if (err || is_null) abort();
        for (uint32_t c = 0; c < ncols[i]; c++)
            if (!sl_value_eq(cols[i][c].type, in[c], out[c])) abort();
    }
    sl_buf_free(&b);
    return 0;
}
