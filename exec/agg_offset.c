/*
 * agg_offset.c - EARLIEST_BY_OFFSET and LATEST_BY_OFFSET, with ksqlDB's four
 * forms each: (x), (x, ignoreNulls), (x, n), (x, n, ignoreNulls). x may be of
 * any type; n and ignoreNulls must be literals (n >= 1); ignoreNulls defaults
 * to true.
 *
 * Model
 *   Order is arrival order: sl_agg_info.seq, which grows with the offset of
 *   the records a task reads. Every kept value carries the seq it arrived
 *   with, so merging two accumulators (session windows that an out-of-order
 *   record joins; panes combined into a hopping window) keeps the values that
 *   are earliest or latest over both, not over whichever came second.
 *
 *     single value   the chosen value and its seq, or nothing yet. EARLIEST
 *                    keeps the first value taken, LATEST replaces it each time.
 *                    With ignoreNulls a NULL is never taken; without, a NULL is
 *                    a value like any other.
 *     n values       up to n (seq, value) pairs in arrival order: EARLIEST
 *                    stops taking values when full, LATEST drops the oldest.
 *
 *   Values of payload-free types (numbers, booleans, times) sit in the
 *   accumulator; others are kept encoded (the state codec) in a buffer the
 *   accumulator owns and reuses, or, for n values, as deep copies in an
 *   sl_agg_vals.
 *
 * Differences from ksqlDB kept deliberately small: ksqlDB stamps values with
 * a process-wide counter and its "initial" accumulator gets a fresh stamp, so
 * merging into an empty accumulator can prefer the empty one; here an empty
 * accumulator holds no stamp and always yields to the other. The results of
 * ksqlDB's session-merge cases are the same.
 *
 * ksqlDB refuses both over a table ("The aggregation function(s) ... cannot be
 * applied to a table source, only to a stream source."): retract is NULL.
 */
#include "exec/agg_int.h"
#include "common/mem.h"

#include <stdlib.h>

/* Whether NULLs are skipped: the trailing BOOLEAN literal, true by default. */
static bool ignore_nulls(const sl_fn_call *call)
{
    int last = call->nargs - 1;
    if (last >= 1 && call->arg_types[last]->kind == SL_K_BOOLEAN)
        return call->const_args[last].u.i != 0;
    return true;
}

/* n of the (x, n [, ignoreNulls]) forms. */
static uint32_t n_of(const sl_fn_call *call)
{
    return (uint32_t)sl_agg_const_int(call, 1);
}

static bool is_latest(const sl_fn_call *call)
{
    return call->def->name[0] == 'L';
}

/* Planning-time check of the literal arguments (see agg.h). */
static sl_error *offset_check(const sl_fn_call *call, void **state)
{
    *state = NULL;
    sl_error *err = sl_agg_check_literals(call, 1);
    if (err) return err;
    for (int i = 1; i < call->nargs; i++) {
        if (call->const_args[i].null)
            return sl_error_new(SL_E_STATEMENT,
                                "Parameter %d passed to function %s must not be null", i + 1,
                                call->def->name);
    }
    if (call->nargs >= 2 && call->arg_types[1]->kind == SL_K_INT) {
        int64_t n = sl_agg_const_int(call, 1);
        if (n <= 0)
            return sl_error_new(SL_E_STATEMENT, "%s must be 1 or greater",
                                is_latest(call) ? "latestN" : "earliestN");
    }
    return NULL;
}

/* ---- one value ---- */

typedef struct one_acc {
    int64_t seq;
    sl_value v;  /* the value; for payload types only its null flag counts */
    sl_buf enc;  /* the encoded value, payload types only */
    uint8_t set; /* a value has been taken */
} one_acc;

static void one_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    memset(acc, 0, sizeof(one_acc));
}

static void one_destroy(const sl_fn_call *call, void *acc)
{
    (void)call;
    one_acc *a = acc;
    sl_buf_free(&a->enc);
    memset(a, 0, sizeof *a);
}

static void one_take(const sl_type *t, one_acc *a, sl_value v, int64_t seq)
{
    a->seq = seq;
    a->set = 1;
    a->v = v;
    if (!v.null && sl_agg_type_has_payload(t)) {
        sl_buf_reset(&a->enc);
        sl_agg_put_value(&a->enc, t, v);
        a->v = sl_value_int(0);
    }
}

static sl_error *one_add(const sl_fn_call *call, void *acc, const sl_value *args,
                         const sl_agg_info *info)
{
    one_acc *a = acc;
    if (args[0].null && ignore_nulls(call)) return NULL;
    if (a->set && !is_latest(call)) return NULL;
    one_take(call->arg_types[0], a, args[0], info->seq);
    return NULL;
}

static void one_merge(const sl_fn_call *call, void *acc, const void *other)
{
    one_acc *a = acc;
    const one_acc *o = other;
    if (!o->set) return;
    if (a->set && (is_latest(call) ? o->seq <= a->seq : o->seq >= a->seq)) return;
    a->seq = o->seq;
    a->set = 1;
    a->v = o->v;
    sl_buf_reset(&a->enc);
    if (o->enc.len) sl_buf_append(&a->enc, o->enc.p, o->enc.len);
}

static sl_error *one_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    const one_acc *a = acc;
    const sl_type *t = call->arg_types[0];
    if (!a->set || a->v.null || !sl_agg_type_has_payload(t)) {
        *out = a->set ? a->v : sl_value_null();
        return NULL;
    }
    sl_agg_rd r = {(const uint8_t *)a->enc.p, (const uint8_t *)a->enc.p + a->enc.len, false};
    *out = sl_agg_get_value(&r, t, ar);
    if (r.bad) return sl_error_new(SL_E_INTERNAL, "%s lost its value", call->def->name);
    return NULL;
}

static uint8_t one_tag(const sl_fn_call *call)
{
    return is_latest(call) ? SL_AGG_TAG_LATEST : SL_AGG_TAG_EARLIEST;
}

/* [set][seq][value] */
static void one_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    const one_acc *a = acc;
    sl_agg_put_header(out, one_tag(call));
    sl_agg_put_u8(out, a->set);
    if (!a->set) return;
    sl_agg_put_svarint(out, a->seq);
    if (!a->v.null && sl_agg_type_has_payload(call->arg_types[0]))
        sl_buf_append(out, a->enc.p, a->enc.len);
    else
        sl_agg_put_value(out, call->arg_types[0], a->v);
}

static sl_error *one_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, one_tag(call));
    if (err) return err;
    uint8_t set = sl_agg_get_u8(&r);
    if (set > 1) r.bad = true;
    if (set == 1) {
        int64_t seq = sl_agg_get_svarint(&r);
        sl_arena *tmp = sl_arena_new(0);
        sl_value v = sl_agg_get_value(&r, call->arg_types[0], tmp);
        if (!r.bad) one_take(call->arg_types[0], acc, v, seq);
        sl_arena_free(tmp);
    }
    if ((err = sl_agg_rd_close(&r))) {
        one_destroy(call, acc);
        return err;
    }
    return NULL;
}

static const sl_agg_vt one_vt = {
    .size = sizeof(one_acc),
    .init = one_init,
    .add = one_add,
    .merge = one_merge,
    .result = one_result,
    .serialize = one_serialize,
    .deserialize = one_deserialize,
    .destroy = one_destroy,
};

/* ---- n values ---- */

typedef struct n_acc {
    sl_agg_vals vals;
    int64_t *seq; /* seq[i] goes with vals.v[i]; capacity vals.cap */
} n_acc;

static void n_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    memset(acc, 0, sizeof(n_acc));
}

static void n_destroy(const sl_fn_call *call, void *acc)
{
    (void)call;
    n_acc *a = acc;
    sl_agg_vals_free(&a->vals);
    free(a->seq);
    memset(a, 0, sizeof *a);
}

static void n_push(const sl_type *t, n_acc *a, sl_value v, int64_t seq)
{
    uint32_t cap = a->vals.cap;
    sl_agg_vals_push(&a->vals, t, v);
    if (a->vals.cap != cap || !a->seq) a->seq = sl_realloc(a->seq, sizeof *a->seq * a->vals.cap);
    a->seq[a->vals.n - 1] = seq;
}

static void n_drop_front(const sl_type *t, n_acc *a, uint32_t k)
{
    sl_agg_vals_remove(&a->vals, t, 0, k);
    memmove(a->seq, a->seq + k, sizeof *a->seq * a->vals.n);
}

static sl_error *n_add(const sl_fn_call *call, void *acc, const sl_value *args,
                       const sl_agg_info *info)
{
    n_acc *a = acc;
    const sl_type *t = call->arg_types[0];
    uint32_t n = n_of(call);
    if (args[0].null && ignore_nulls(call)) return NULL;
    if (!is_latest(call)) {
        if (a->vals.n < n) n_push(t, a, args[0], info->seq);
        return NULL;
    }
    n_push(t, a, args[0], info->seq);
    if (a->vals.n > n) n_drop_front(t, a, a->vals.n - n);
    return NULL;
}

/* Both lists are in seq order: interleave them, keep the first n (EARLIEST)
 * or the last n (LATEST); equal seqs keep acc's value first. */
static void n_merge(const sl_fn_call *call, void *acc, const void *other)
{
    n_acc *a = acc;
    const n_acc *o = other;
    const sl_type *t = call->arg_types[0];
    uint32_t n = n_of(call), total = a->vals.n + o->vals.n;
    uint32_t skip = is_latest(call) && total > n ? total - n : 0;
    n_acc m = {{0}, NULL};
    for (uint32_t i = 0, j = 0, k = 0; k < total && m.vals.n < n; k++) {
        bool from_a = j >= o->vals.n || (i < a->vals.n && a->seq[i] <= o->seq[j]);
        const n_acc *src = from_a ? a : o;
        uint32_t at = from_a ? i++ : j++;
        if (k >= skip) n_push(t, &m, src->vals.v[at], src->seq[at]);
    }
    n_destroy(call, a);
    *a = m;
}

static sl_error *n_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    const n_acc *a = acc;
    *out = sl_agg_vals_array(&a->vals, call->arg_types[0], ar);
    return NULL;
}

static uint8_t n_tag(const sl_fn_call *call)
{
    return is_latest(call) ? SL_AGG_TAG_LATEST_N : SL_AGG_TAG_EARLIEST_N;
}

/* [count][(seq, value)...] */
static void n_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    const n_acc *a = acc;
    sl_agg_put_header(out, n_tag(call));
    sl_agg_put_uvarint(out, a->vals.n);
    for (uint32_t i = 0; i < a->vals.n; i++) {
        sl_agg_put_svarint(out, a->seq[i]);
        sl_agg_put_value(out, call->arg_types[0], a->vals.v[i]);
    }
}

static sl_error *n_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, n_tag(call));
    if (err) return err;
    uint32_t count = sl_agg_get_count(&r);
    if (count > n_of(call)) r.bad = true;
    sl_arena *tmp = sl_arena_new(0);
    for (uint32_t i = 0; i < count && !r.bad; i++) {
        int64_t seq = sl_agg_get_svarint(&r);
        sl_value v = sl_agg_get_value(&r, call->arg_types[0], tmp);
        if (!r.bad) n_push(call->arg_types[0], acc, v, seq);
    }
    sl_arena_free(tmp);
    if ((err = sl_agg_rd_close(&r))) {
        n_destroy(call, acc);
        return err;
    }
    return NULL;
}

static const sl_agg_vt n_vt = {
    .size = sizeof(n_acc),
    .init = n_init,
    .add = n_add,
    .merge = n_merge,
    .result = n_result,
    .serialize = n_serialize,
    .deserialize = n_deserialize,
    .destroy = n_destroy,
};

/* ---- definitions ---- */

#define SIGS(name, what)                                                                           \
    static const sl_fn_sig name##_sigs[] = {                                                       \
        {.params = "T",                                                                            \
         .ret = "T",                                                                               \
         .agg = &one_vt,                                                                           \
         .flags = SL_FN_AGG_COMPOSITE_STATE,                                                       \
         .doc = "The " what " value of the column."},                                              \
        {.params = "T, BOOLEAN",                                                                   \
         .ret = "T",                                                                               \
         .agg = &one_vt,                                                                           \
         .init = offset_check,                                                                     \
         .flags = SL_FN_AGG_COMPOSITE_STATE,                                                       \
         .doc = "The " what " value of the column; NULLs are skipped when ignoreNulls."},          \
        {.params = "T, INT",                                                                       \
         .ret = "ARRAY<T>",                                                                        \
         .agg = &n_vt,                                                                             \
         .init = offset_check,                                                                     \
         .flags = SL_FN_AGG_COMPOSITE_STATE,                                                       \
         .doc = "The " what " N values of the column, ignoring NULLs."},                           \
        {.params = "T, INT, BOOLEAN",                                                              \
         .ret = "ARRAY<T>",                                                                        \
         .agg = &n_vt,                                                                             \
         .init = offset_check,                                                                     \
         .flags = SL_FN_AGG_COMPOSITE_STATE,                                                       \
         .doc = "The " what " N values of the column; NULLs are skipped when ignoreNulls."},       \
    };

SIGS(earliest, "earliest")
SIGS(latest, "latest")

const sl_fn_def sl_fn_defs_agg_offset[] = {
    {.name = "EARLIEST_BY_OFFSET",
     .kind = SL_FN_AGGREGATE,
     .category = "AGGREGATE",
     .description = "This function returns the oldest N values for the column, computed by "
                    "offset.",
     .sigs = earliest_sigs,
     .nsigs = sizeof earliest_sigs / sizeof earliest_sigs[0]},
    {.name = "LATEST_BY_OFFSET",
     .kind = SL_FN_AGGREGATE,
     .category = "AGGREGATE",
     .description = "This function returns the most recent N values for the column, computed by "
                    "offset.",
     .sigs = latest_sigs,
     .nsigs = sizeof latest_sigs / sizeof latest_sigs[0]},
};
const uint32_t sl_fn_ndefs_agg_offset =
    sizeof sl_fn_defs_agg_offset / sizeof sl_fn_defs_agg_offset[0];
