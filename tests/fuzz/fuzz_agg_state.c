/*
 * fuzz_agg_state.c - fuzz target for aggregate state bytes (what the state
 * store and its changelog hand back to deserialize).
 *
 * The first input byte picks an aggregate overload, the rest are its state.
 * Whatever the bytes, deserialize must either fail with an error or leave a
 * usable accumulator; a usable one must give a result, serialize to bytes
 * that read back to the same bytes, survive merges and adds, and free
 * everything (ASan/UBSan watch). Any broken promise aborts.
 */
#include "common/mem.h"
#include "exec/agg_int.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fcase {
    const char *name, *params;
    int ncols; /* column arguments */
    int64_t k; /* an INT literal after the columns, when > 0 */
    int ign;   /* a BOOLEAN literal last, when >= 0 */
    sl_fn_call *call;
} fcase;

static fcase cases[] = {
    {"COUNT", "ANY", 1, 0, -1, NULL},
    {"SUM", "INT", 1, 0, -1, NULL},
    {"SUM", "BIGINT", 1, 0, -1, NULL},
    {"SUM", "DOUBLE", 1, 0, -1, NULL},
    {"SUM", "DECIMAL", 1, 0, -1, NULL},
    {"SUM_LIST", "ARRAY<INT>", 1, 0, -1, NULL},
    {"AVG", "BIGINT", 1, 0, -1, NULL},
    {"AVG", "DOUBLE", 1, 0, -1, NULL},
    {"MIN", "BIGINT", 1, 0, -1, NULL},
    {"MAX", "DOUBLE", 1, 0, -1, NULL},
    {"MAX", "DECIMAL", 1, 0, -1, NULL},
    {"MIN", "STRING", 1, 0, -1, NULL},
    {"STDDEV_SAMPLE", "INT", 1, 0, -1, NULL},
    {"STDDEV_SAMP", "INT", 1, 0, -1, NULL},
    {"STDDEV_SAMP", "DOUBLE", 1, 0, -1, NULL},
    {"CORRELATION", "DOUBLE, DOUBLE", 2, 0, -1, NULL},
    {"COUNT_DISTINCT", "ANY", 1, 0, -1, NULL},
    {"EARLIEST_BY_OFFSET", "T", 1, 0, -1, NULL},
    {"LATEST_BY_OFFSET", "T, BOOLEAN", 1, 0, 0, NULL},
    {"LATEST_BY_OFFSET", "T, INT", 1, 3, -1, NULL},
    {"EARLIEST_BY_OFFSET", "T, INT, BOOLEAN", 1, 3, 0, NULL},
    {"COLLECT_LIST", "T", 1, 0, -1, NULL},
    {"COLLECT_SET", "T", 1, 0, -1, NULL},
    {"HISTOGRAM", "STRING", 1, 0, -1, NULL},
    {"TOPK", "T, INT", 1, 4, -1, NULL},
    {"TOPK", "T, ANY, INT", 2, 4, -1, NULL},
    {"TOPKDISTINCT", "T, INT", 1, 4, -1, NULL},
};
enum { NCASES = sizeof cases / sizeof cases[0] };

static sl_arena *ar;
static const sl_type *composite; /* ARRAY<STRUCT<A STRING, M MAP<STRING, DECIMAL(6,2)>>> */

static const sl_fn_def *find_def(const char *name)
{
    static const struct {
        const sl_fn_def *defs;
        const uint32_t *n;
    } groups[] = {
        {sl_fn_defs_agg_basic, &sl_fn_ndefs_agg_basic},
        {sl_fn_defs_agg_minmax, &sl_fn_ndefs_agg_minmax},
        {sl_fn_defs_agg_stats, &sl_fn_ndefs_agg_stats},
        {sl_fn_defs_agg_offset, &sl_fn_ndefs_agg_offset},
        {sl_fn_defs_agg_collect, &sl_fn_ndefs_agg_collect},
        {sl_fn_defs_agg_topk, &sl_fn_ndefs_agg_topk},
    };
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        for (uint32_t i = 0; i < *groups[g].n; i++)
            if (strcmp(groups[g].defs[i].name, name) == 0) return &groups[g].defs[i];
    abort();
}

/* The column type a case aggregates: its fixed parameter type, or for type
 * variables a composite (collections, offsets) or STRING (TOPK). */
static const sl_type *column_type(const fcase *fc)
{
    const char *p = fc->params;
    if (strncmp(p, "DECIMAL", 7) == 0) return sl_type_decimal(ar, 6, 2);
    if (strncmp(p, "ARRAY<INT>", 10) == 0) return sl_type_array(ar, &sl_type_int);
    if (strncmp(p, "INT", 3) == 0) return &sl_type_int;
    if (strncmp(p, "BIGINT", 6) == 0 || strncmp(p, "ANY", 3) == 0) return &sl_type_bigint;
    if (strncmp(p, "DOUBLE", 6) == 0) return &sl_type_double;
    if (strncmp(p, "STRING", 6) == 0) return &sl_type_string;
    return strncmp(fc->name, "TOPK", 4) == 0 ? &sl_type_string : composite;
}

static void build_calls(void)
{
    ar = sl_arena_new(0);
    sl_field mf[2] = {{"A", &sl_type_string},
                      {"M", sl_type_map(ar, &sl_type_string, sl_type_decimal(ar, 6, 2))}};
    composite = sl_type_array(ar, sl_type_struct(ar, 2, sl_arena_memdup(ar, mf, sizeof mf)));
    for (int i = 0; i < NCASES; i++) {
        fcase *fc = &cases[i];
        sl_fn_call *c = SL_ARENA_NEW(ar, sl_fn_call);
        c->def = find_def(fc->name);
        for (uint32_t s = 0; s < c->def->nsigs; s++)
            if (strcmp(c->def->sigs[s].params, fc->params) == 0) c->sig = &c->def->sigs[s];
        if (!c->sig) abort();
        const sl_type **types = SL_ARENA_ARRAY(ar, const sl_type *, 4);
        sl_value *consts = SL_ARENA_ARRAY(ar, sl_value, 4);
        bool *is_const = SL_ARENA_ARRAY(ar, bool, 4);
        int n = 0;
        types[n++] = column_type(fc);
        if (fc->ncols == 2) types[n++] = fc->name[0] == 'C' ? &sl_type_double : &sl_type_bigint;
        if (fc->k > 0) types[n] = &sl_type_int, consts[n] = sl_value_int(fc->k), is_const[n++] = 1;
        if (fc->ign >= 0)
            types[n] = &sl_type_boolean, consts[n] = sl_value_bool(fc->ign), is_const[n++] = 1;
        c->nargs = n;
        c->arg_types = types;
        c->const_args = consts;
        c->is_const = is_const;
        sl_error *err = NULL;
        c->ret_type = c->sig->ret_fn ? c->sig->ret_fn(ar, types, n, &err) : types[0];
        if (!c->ret_type) abort();
        fc->call = c;
    }
}

/* One record of plausible arguments for the case, allocated in a. */
static void some_args(const fcase *fc, sl_arena *a, sl_value *args)
{
    const sl_fn_call *c = fc->call;
    for (int i = 0; i < c->nargs; i++)
        args[i] = c->const_args[i];
    for (int i = 0; i < fc->ncols; i++) {
        const sl_type *t = c->arg_types[i];
        switch (t->kind) {
        case SL_K_DOUBLE:
            args[i] = sl_value_double(2.5);
            break;
        case SL_K_DECIMAL:
            args[i] = sl_value_decimal(a, 1234);
            break;
        case SL_K_STRING:
            args[i] = sl_value_str("zz", 2);
            break;
        case SL_K_ARRAY:
            args[i] = sl_value_array(sl_array_new(a, 0));
            break;
        default:
            args[i] = sl_value_int(7);
            break;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ar) build_calls();
    if (size < 1) return 0;
    const fcase *fc = &cases[data[0] % NCASES];
    const sl_fn_call *c = fc->call;
    const sl_agg_vt *vt = c->sig->agg;
    void *acc = sl_calloc(1, vt->size), *copy = sl_calloc(1, vt->size);
    sl_arena *tmp = sl_arena_new(0);
    vt->init(c, acc);
    vt->init(c, copy);
    sl_error *err = vt->deserialize(c, acc, data + 1, size - 1);
    sl_value out, args[4];
    if (err) {
        sl_error_free(err);
        if (vt->result(c, acc, tmp, &out)) abort(); /* empty, still usable */
    } else {
        if ((err = vt->result(c, acc, tmp, &out))) abort();
        sl_buf s1 = SL_BUF_INIT, s2 = SL_BUF_INIT;
        vt->serialize(c, acc, &s1);
        if ((err = vt->deserialize(c, copy, (const uint8_t *)s1.p, s1.len))) abort();
        vt->serialize(c, copy, &s2);
        if (s1.len != s2.len || memcmp(s1.p, s2.p, s1.len) != 0) abort();
        vt->merge(c, acc, copy);
        some_args(fc, tmp, args);
        sl_agg_info info = {0, INT64_MAX};
        sl_error_free(vt->add(c, acc, args, &info));
        if (vt->retract) sl_error_free(vt->retract(c, acc, args, &info));
        if ((err = vt->result(c, acc, tmp, &out))) abort();
        sl_buf_free(&s1);
        sl_buf_free(&s2);
    }
    if (vt->destroy) {
        vt->destroy(c, acc);
        vt->destroy(c, copy);
    }
    free(acc);
    free(copy);
    sl_arena_free(tmp);
    return 0;
}
