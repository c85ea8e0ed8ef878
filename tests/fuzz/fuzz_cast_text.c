/*
 * fuzz_cast_text.c - record text through every CAST from STRING, the decimal
 * parsers and LIKE: the paths where bytes from a record meet exec/cast.c,
 * exec/decimal.c and exec/expr_like.c. Input: one byte choosing the DECIMAL
 * precision/scale and the LIKE escape, one byte unused, then the text; for
 * LIKE the text splits at its first NUL into pattern and value. Nothing may
 * crash, leak or hang; errors are expected and freed.
 */
#include "exec/cast.h"
#include "exec/decimal.h"
#include "exec/expr_int.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void cast_all(sl_arena *ar, const char *s, size_t n, int p, int sc)
{
    const sl_type *targets[] = {&sl_type_int,
                                &sl_type_bigint,
                                &sl_type_double,
                                &sl_type_boolean,
                                sl_type_decimal(ar, p, sc),
                                &sl_type_timestamp,
                                &sl_type_date,
                                &sl_type_time,
                                &sl_type_bytes};
    sl_buf scratch = SL_BUF_INIT;
    for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
        sl_value out, back;
        sl_value in = sl_value_str(s, (uint32_t)n);
        sl_error *err = sl_cast_value(ar, &scratch, &sl_type_string, targets[i], in, &out);
        if (!err && targets[i]->kind != SL_K_BYTES) /* and back to text */
            err = sl_cast_value(ar, &scratch, targets[i], &sl_type_string, out, &back);
        sl_error_free(err);
    }
    sl_buf_free(&scratch);
    int tp, ts;
    sl_int128 u;
    sl_decimal_text_type(s, n, &tp, &ts);
    sl_decimal_parse_literal(s, n, &u, &tp, &ts);
}

static void like_all(sl_arena *ar, const char *s, size_t n, char escape)
{
    const char *nul = memchr(s, '\0', n);
    size_t pn = nul ? (size_t)(nul - s) : n / 2;
    const char *v = s + pn + (nul != NULL);
    size_t vn = n - pn - (nul != NULL);
    sl_error *err = NULL;
    sl_like_match_text(s, pn, escape, v, vn, &err);
    sl_error_free(err);
    err = NULL;
    like_pattern *lp = sl_like_compile(ar, s, pn, escape, &err);
    if (lp) sl_like_match(lp, v, vn);
    sl_error_free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    int p = data[0] % 38 + 1, sc = data[0] / 38 % (p + 1);
    char escape = (data[0] & 1) ? '!' : 0;
    const char *s = (const char *)data + 2;
    size_t n = size - 2;
    sl_arena *ar = sl_arena_new(0);
    cast_all(ar, s, n, p, sc);
    like_all(ar, s, n, escape);
    sl_arena_free(ar);
    return 0;
}
