/*
 * fuzz_serde_kafka.c - libFuzzer target for the KAFKA format. The first byte
 * picks the column type; the rest is the record. Whatever decodes must encode
 * back to the same bytes, except that invalid UTF-8 in a STRING becomes
 * U+FFFD: then the string must come out valid (checked by a validator of its
 * own, written from the Unicode table of well-formed sequences).
 */
#include "exec/serde.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sl_arena *ar;
static sl_serde *serdes[5];

/* Unicode 15, table 3-7: the well-formed UTF-8 byte sequences. */
static bool valid_utf8(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint8_t c = p[i];
        size_t len = c < 0x80                 ? 1
                     : c >= 0xC2 && c <= 0xDF ? 2
                     : c >= 0xE0 && c <= 0xEF ? 3
                     : c >= 0xF0 && c <= 0xF4 ? 4
                                              : 0;
        if (!len || i + len > n) return false;
        uint8_t lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        uint8_t hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        for (size_t k = 1; k < len; k++, lo = 0x80, hi = 0xBF)
            if (p[i + k] < lo || p[i + k] > hi) return false;
        i += len;
    }
    return true;
}

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
    if (i == 3 && !valid_utf8(data + 1, size - 1))
        same = !same && valid_utf8((const uint8_t *)v.u.s, v.len);
    if (!same) abort();
    sl_buf_free(&b);
    return 0;
}
