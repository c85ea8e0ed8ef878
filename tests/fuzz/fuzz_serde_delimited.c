/*
 * fuzz_serde_delimited.c - libFuzzer target for the DELIMITED (CSV) decoder.
 * The first byte picks the delimiter and the column set; the rest is the
 * record. Every record must decode or fail cleanly, and whatever decodes must
 * survive encode -> decode unchanged (except the empty record ksqlDB itself
 * cannot read back).
 */
#include "exec/serde.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char delims[] = {',', '|', '\t', ' ', ';', 'a'};
#define NDELIMS (sizeof delims)

static sl_arena *ar, *types;
static sl_serde *wide[NDELIMS], *narrow[NDELIMS];
static sl_field all[10], two[2];

static void init(void)
{
    ar = sl_arena_new(0);
    types = sl_arena_new(0);
    sl_field a[] = {{"B", &sl_type_boolean}, {"I", &sl_type_int},
                    {"L", &sl_type_bigint},  {"D", &sl_type_double},
                    {"S", &sl_type_string},  {"DEC", sl_type_decimal(types, 10, 3)},
                    {"BY", &sl_type_bytes},  {"TS", &sl_type_timestamp},
                    {"DT", &sl_type_date},   {"T", &sl_type_time}};
    for (int i = 0; i < 10; i++)
        all[i] = a[i];
    two[0] = (sl_field){"S", &sl_type_string};
    two[1] = (sl_field){"S2", &sl_type_string};
    for (size_t d = 0; d < NDELIMS; d++) {
        sl_serde_props p = SL_SERDE_PROPS_INIT;
        p.delimiter = delims[d];
        if (sl_serde_new(SL_SERDE_DELIMITED, all, 10, &p, NULL, &wide[d])) abort();
        if (sl_serde_new(SL_SERDE_DELIMITED, two, 2, &p, NULL, &narrow[d])) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ar) init();
    if (size == 0) return 0;
    bool is_wide = data[0] & 0x80;
    sl_serde *s = is_wide ? wide[(data[0] & 0x7f) % NDELIMS] : narrow[data[0] % NDELIMS];
    const sl_field *f = is_wide ? all : two;
    uint32_t n = is_wide ? 10 : 2;
    sl_value in[10], out[10];
    sl_arena_reset(ar);
    sl_error *err = sl_serde_decode(s, data + 1, size - 1, ar, in, NULL);
    if (err) {
        if (err->code != SL_E_SERDE) abort();
        sl_error_free(err);
        return 0;
    }
    sl_buf b = SL_BUF_INIT;
    if (sl_serde_encode(s, in, &b, NULL)) abort();
    if (b.len) {
        if ((err = sl_serde_decode(s, b.p, b.len, ar, out, NULL))) abort();
        for (uint32_t c = 0; c < n; c++)
            if (!sl_value_eq(f[c].type, in[c], out[c])) abort();
    }
    sl_buf_free(&b);
    return 0;
}
