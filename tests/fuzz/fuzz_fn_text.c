/*
 * fuzz_fn_text.c - fuzz target for the scalar functions that parse text from
 * records: JSON (EXTRACTJSONFIELD, JSON_*), date/time patterns and values
 * (PARSE_TIMESTAMP, FORMAT_TIMESTAMP, zone IDs), URLs, regular expressions,
 * encodings, CHR escapes and the UTF-16 position arithmetic of the string
 * functions.
 *
 * The first input byte picks a group of calls; the rest is split at the first
 * newline into two strings a and b, passed as the calls' text arguments (not as
 * constants, so the per-record paths run). Whatever the bytes, every call must
 * return a value or an SL_E_EVAL error, and free everything (ASan/UBSan watch);
 * anything else aborts.
 */
#include "common/arena.h"
#include "exec/func.h"
#include "exec/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fcall {
    const char *name;
    const char
        *args; /* one letter per argument: a b (the texts), h (hex), 8 (utf8), i (7), t (ts) */
} fcall;

static const fcall groups[][8] = {
    {{"EXTRACTJSONFIELD", "ab"},
     {"JSON_CONCAT", "ab"},
     {"JSON_RECORDS", "a"},
     {"JSON_KEYS", "a"},
     {"JSON_ITEMS", "a"},
     {"IS_JSON_STRING", "a"},
     {"JSON_ARRAY_CONTAINS", "ab"},
     {"JSON_ARRAY_LENGTH", "b"}},
    {{"PARSE_TIMESTAMP", "ab"},
     {"PARSE_TIMESTAMP", "aba"},
     {"FORMAT_TIMESTAMP", "tb"},
     {"FORMAT_TIMESTAMP", "tba"},
     {"PARSE_DATE", "ab"},
     {"PARSE_TIME", "ab"},
     {"CONVERT_TZ", "tab"},
     {"FORMAT_DATE", "ib"}},
    {{"URL_EXTRACT_HOST", "a"},
     {"URL_EXTRACT_PATH", "a"},
     {"URL_EXTRACT_QUERY", "a"},
     {"URL_EXTRACT_FRAGMENT", "a"},
     {"URL_EXTRACT_PORT", "a"},
     {"URL_EXTRACT_PROTOCOL", "a"},
     {"URL_EXTRACT_PARAMETER", "ab"},
     {"URL_DECODE_PARAM", "b"}},
    {{"REGEXP_REPLACE", "aba"},
     {"REGEXP_SPLIT_TO_ARRAY", "ab"},
     {"REGEXP_EXTRACT_ALL", "ba"},
     {"REGEXP_EXTRACT", "bai"},
     {"CHR", "a"},
     {"ENCODE", "ah8"},
     {"TO_BYTES", "ab"},
     {"URL_ENCODE_PARAM", "a"}},
    {{"INSTR", "abii"},
     {"REPLACE", "aba"},
     {"SPLIT", "ab"},
     {"SPLIT_TO_MAP", "aba"},
     {"LPAD", "aib"},
     {"SUBSTRING", "aii"},
     {"MASK_RIGHT", "ai"},
     {"INITCAP", "a"}},
};

static sl_value text_value(const fcall *c, char kind, const char *a, size_t an, const char *b,
                           size_t bn, const sl_type **t)
{
    switch (kind) {
    case 'a':
        *t = &sl_type_string;
        return sl_value_str(a, (uint32_t)an);
    case 'b':
        *t = &sl_type_string;
        return sl_value_str(b, (uint32_t)bn);
    case 'h':
        *t = &sl_type_string;
        return sl_value_str("hex", 3);
    case '8':
        *t = &sl_type_string;
        return sl_value_str("utf8", 4);
    case 'i':
        *t = &sl_type_int;
        return sl_value_int((int64_t)(an % 13) - 6);
    default:
        (void)c;
        *t = &sl_type_timestamp;
        return sl_value_int((int64_t)an * 86400123LL - 5);
    }
}

static void run(const fcall *c, const char *a, size_t an, const char *b, size_t bn)
{
    sl_arena *ar = sl_arena_new(0);
    int n = (int)strlen(c->args);
    const sl_type *types[8];
    sl_value args[8];
    for (int i = 0; i < n; i++)
        args[i] = text_value(c, c->args[i], a, an, b, bn, &types[i]);
    if (strcmp(c->name, "FORMAT_DATE") == 0) types[0] = &sl_type_date;
    sl_fn_call *call = NULL;
    sl_error *err = sl_fn_resolve(ar, c->name, types, NULL, n, NULL, NULL, &call);
    if (err) {
        fprintf(stderr, "fuzz_fn_text: %s does not resolve: %s\n", c->name, err->msg);
        abort();
    }
    void *state = NULL;
    if (call->sig->init && (err = call->sig->init(call, &state))) abort();
    sl_fnctx cx = {.ar = ar, .call = call, .state = state};
    sl_value out;
    err = call->sig->impl(&cx, args, n, &out);
    if (err && err->code != SL_E_EVAL) abort();
    sl_error_free(err);
    if (call->sig->fini) call->sig->fini(state);
    sl_arena_free(ar);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096) return 0;
    size_t g = data[0] % (sizeof groups / sizeof groups[0] + 1);
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    const char *nl = memchr(s, '\n', n);
    size_t an = nl ? (size_t)(nl - s) : n;
    const char *b = nl ? nl + 1 : s + n;
    size_t bn = nl ? n - an - 1 : 0;
    if (g == sizeof groups / sizeof groups[0]) { /* zone IDs and names */
        sl_tz *z = NULL;
        sl_error *err = sl_tz_load(s, an, &z);
        if (!err) {
            sl_tz_offset_at(z, (int64_t)bn * 1000003, NULL);
            sl_tz_local_to_utc(z, (int64_t)bn * -999983);
        }
        sl_error_free(err);
        sl_tz_free(z);
        z = NULL;
        err = sl_tz_load_name(b, bn, &z);
        sl_error_free(err);
        sl_tz_free(z);
        return 0;
    }
    for (size_t i = 0; i < 8; i++)
        if (groups[g][i].name) run(&groups[g][i], s, an, b, bn);
    return 0;
}
