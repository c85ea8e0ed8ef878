/*
 * fuzz_serde_kafka.c - libFuzzer target for the KAFKA format. The first byte
 * picks the column type; the rest is the record. Whatever decodes must encode
 * back to the same bytes (STRING: when the input was valid UTF-8, which the
 * decoder leaves untouched).
 */
#include "exec/serde.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sl_arena *ar;
static sl_serde *serdes[5];

static void init(void)
{
    static const sl_type *types[] = {&sl_type_int, &sl_type_bigint, &sl_type_double,
                                     &sl_type_string, &sl_type_bytes};
    static sl_field f[5];
    ar = sl_arena_new(0);
    for (int i = 0; i < 5; i++) {
        f[i] = (sl_field){"V", types[i]};
        if (sl_serde_new(SL_SERDE_KAFKA, &f[i], 1, NULL, NULL, &serdes[i])) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ar) init();
    if (size == 0) return 0;
    int i = data[0] % 5;
    sl_value v;
    bool is_null;
    sl_arena_reset(ar);
    sl_error *err = sl_serde_decode(serdes[i], data + 1, size - 1, ar, &v, &is_null);
    if (err) {
        if (err->code != SL_E_SERDE || i >= 3) abort(); /* strings and bytes always decode */
        sl_error_free(err);
        return 0;
    }
    sl_buf b = SL_BUF_INIT;
    if (sl_serde_encode(serdes[i], &v, &b, &is_null) || is_null) abort();
    bool same = b.len == size - 1 && memcmp(b.p, data + 1, b.len) == 0;
    if (!same && (i != 3 || v.len == size - 1)) abort(); /* STRING may gain U+FFFD */
    sl_buf_free(&b);
    return 0;
}
