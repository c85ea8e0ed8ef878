/*
 * fuzz_log_record.c - the embedded log's record decoder on arbitrary bytes
 * (what a corrupt or hostile data dir could hold): it must reject or decode
 * without reading out of bounds, and what it decodes must encode back to the
 * same bytes.
 */
#include "exec/log_emb.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a private copy, so reads past the end are caught by the sanitizer */
    uint8_t *buf = malloc(size ? size : 1);
    memcpy(buf, data, size);
    sl_arena *ar = sl_arena_new(0);
    sl_log_record rec;
    if (sl_log_rec_decode(buf, size, &rec, ar)) {
        size_t n = sl_log_rec_size(&rec);
        uint8_t *again = malloc(n ? n : 1);
        if (sl_log_rec_encode(&rec, again) != again + n) abort();
        /* varints have one shortest form; a longer one decodes but re-encodes shorter */
        if (n > size || (n == size && memcmp(again, buf, n) != 0)) abort();
        free(again);
    }
    sl_arena_free(ar);
    free(buf);
    return 0;
}
