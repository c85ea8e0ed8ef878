/*
 * agg_topk.c - TOPK and TOPKDISTINCT: the k largest values of a column.
 *
 *   TOPK(x, k)                  -> ARRAY<T>, largest first, duplicates kept
 *   TOPK(x, c0, c1, ..., k)     -> ARRAY<STRUCT<sort_col T, col0 C0, ...>>: the
 *                                  rows with the k largest x, with up to five
 *                                  other columns carried along
 *   TOPKDISTINCT(x, k)          -> ARRAY<T>, the k largest distinct values
 *
 *   x is any type ksqlDB orders (INT BIGINT DOUBLE DECIMAL STRING BYTES DATE
 *   TIME TIMESTAMP), compared as Java's compareTo (sl_agg_cmp); k is an INT
 *   literal >= 1. A row whose x is NULL is skipped; the other columns may be
 *   NULL.
 *
 * Model
 *   The accumulator is the current answer: at most k entries in descending
 *   order of x, as deep copies (sl_agg_vals). A new entry goes after every
 *   entry with an x at least as large (so among equal x the earlier row comes
 *   first, as ksqlDB's stable sort leaves them); when k entries are held, an
 *   x no larger than the last is ignored and a larger one evicts the last.
 *   TOPKDISTINCT also ignores an x already held. Merging interleaves two
 *   answers (ties: this accumulator's entries first) and keeps k.
 *
 * ksqlDB refuses both over a table ("The aggregation function(s) ... cannot be
 * applied to a table source, only to a stream source."): retract is NULL.
 */
#include "exec/agg_int.h"
#include "common/mem.h"

#include <stdlib.h>

enum { TOPK_MAX_COLUMNS = 5 };

/* k, the last argument (planning has checked it is >= 1). */
static uint32_t k_of(const sl_fn_call *call)
{
    int64_t k = sl_agg_const_int(call, call->nargs - 1);
    return k < 1 ? 0 : k > UINT32_MAX ? UINT32_MAX : (uint32_t)k;
}

/* The type of an entry: x's, or the struct of x and the other columns. */
static const sl_type *entry_type(const sl_fn_call *call)
{
    return call->ret_type->elem;
}

static sl_value sort_key(const sl_fn_call *call, sl_value e)
{
    return call->nargs > 2 ? e.u.st->f[0] : e;
}

/* Position of the first entry whose x is smaller than key (binary search on
 * the descending order). */
static uint32_t insert_pos(const sl_fn_call *call, const sl_agg_vals *vs, sl_value key)
{
    const sl_type *t = call->arg_types[0];
    uint32_t lo = 0, hi = vs->n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (sl_agg_cmp(t, sort_key(call, vs->v[mid]), key) >= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Offers one entry (key not NULL) to the answer. */
static void offer(const sl_fn_call *call, sl_agg_vals *vs, sl_value e, bool distinct)
{
    const sl_type *t = call->arg_types[0], *et = entry_type(call);
    sl_value key = sort_key(call, e);
    uint32_t k = k_of(call);
    if (k == 0) return;
    if (vs->n == k && sl_agg_cmp(t, key, sort_key(call, vs->v[vs->n - 1])) <= 0) return;
    uint32_t at = insert_pos(call, vs, key);
    if (distinct && at > 0 && sl_agg_cmp(t, sort_key(call, vs->v[at - 1]), key) == 0) return;
    if (vs->n == k) sl_agg_vals_remove(vs, et, vs->n - 1, 1);
    sl_agg_vals_insert(vs, et, at, e);
}

static void topk_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    memset(acc, 0, sizeof(sl_agg_vals));
}

static void topk_destroy(const sl_fn_call *call, void *acc)
{
    (void)call;
    sl_agg_vals_free(acc);
}

static sl_error *topk_add_common(const sl_fn_call *call, void *acc, const sl_value *args,
                                 bool distinct)
{
    if (args[0].null) return NULL;
    if (call->nargs <= 2) {
        offer(call, acc, args[0], distinct);
        return NULL;
    }
    sl_value f[TOPK_MAX_COLUMNS + 1];
    sl_struct st = {f, (uint32_t)call->nargs - 1};
    for (int i = 0; i < call->nargs - 1; i++)
        f[i] = args[i];
    offer(call, acc, sl_value_struct(&st), distinct);
    return NULL;
}

static sl_error *topk_add(const sl_fn_call *call, void *acc, const sl_value *args,
                          const sl_agg_info *info)
{
    (void)info;
    return topk_add_common(call, acc, args, false);
}

static sl_error *topkd_add(const sl_fn_call *call, void *acc, const sl_value *args,
                           const sl_agg_info *info)
{
    (void)info;
    return topk_add_common(call, acc, args, true);
}

/* Interleaves both answers into a new one of at most k entries. */
static void merge_common(const sl_fn_call *call, void *acc, const void *other, bool distinct)
{
    sl_agg_vals *a = acc, m = {0};
    const sl_agg_vals *b = other;
    const sl_type *t = call->arg_types[0], *et = entry_type(call);
    uint32_t k = k_of(call), i = 0, j = 0;
    while (m.n < k && (i < a->n || j < b->n)) {
        int c = i == a->n   ? -1
                : j == b->n ? 1
                            : sl_agg_cmp(t, sort_key(call, a->v[i]), sort_key(call, b->v[j]));
        if (c >= 0) {
            sl_agg_vals_push(&m, et, a->v[i++]);
            if (distinct && c == 0) j++;
        } else {
            sl_agg_vals_push(&m, et, b->v[j++]);
        }
    }
    sl_agg_vals_free(a);
    *a = m;
}

static void topk_merge(const sl_fn_call *call, void *acc, const void *other)
{
    merge_common(call, acc, other, false);
}

static void topkd_merge(const sl_fn_call *call, void *acc, const void *other)
{
    merge_common(call, acc, other, true);
}

static sl_error *topk_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    *out = sl_agg_vals_array(acc, entry_type(call), ar);
    return NULL;
}

static void serialize_common(const sl_fn_call *call, const void *acc, sl_buf *out, uint8_t tag)
{
    sl_agg_put_header(out, tag);
    sl_agg_vals_put(out, acc, entry_type(call));
}

/* Entries are offered again, so whatever the bytes say the answer stays
 * ordered, distinct where it must be, and within k; a NULL x is corrupt. */
static sl_error *deserialize_common(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n,
                                    uint8_t tag)
{
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, tag);
    if (err) return err;
    uint32_t count = sl_agg_get_count(&r);
    if (count > k_of(call)) r.bad = true;
    sl_arena *tmp = sl_arena_new(0);
    for (uint32_t i = 0; i < count && !r.bad; i++) {
        sl_value e = sl_agg_get_value(&r, entry_type(call), tmp);
        if (r.bad || e.null || sort_key(call, e).null)
            r.bad = true;
        else
            offer(call, acc, e, tag == SL_AGG_TAG_TOPK_DISTINCT);
    }
    sl_arena_free(tmp);
    if ((err = sl_agg_rd_close(&r))) {
        topk_destroy(call, acc);
        return err;
    }
    return NULL;
}

static void topk_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    serialize_common(call, acc, out, SL_AGG_TAG_TOPK);
}

static void topkd_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    serialize_common(call, acc, out, SL_AGG_TAG_TOPK_DISTINCT);
}

static sl_error *topk_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    return deserialize_common(call, acc, p, n, SL_AGG_TAG_TOPK);
}

static sl_error *topkd_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    return deserialize_common(call, acc, p, n, SL_AGG_TAG_TOPK_DISTINCT);
}

static const sl_agg_vt topk_vt = {
    .size = sizeof(sl_agg_vals),
    .init = topk_init,
    .add = topk_add,
    .merge = topk_merge,
    .result = topk_result,
    .serialize = topk_serialize,
    .deserialize = topk_deserialize,
    .destroy = topk_destroy,
};

static const sl_agg_vt topkd_vt = {
    .size = sizeof(sl_agg_vals),
    .init = topk_init,
    .add = topkd_add,
    .merge = topkd_merge,
    .result = topk_result,
    .serialize = topkd_serialize,
    .deserialize = topkd_deserialize,
    .destroy = topk_destroy,
};

/* ---- planning: return types and the k literal ---- */

/* ksqlDB's resolution error for argument types it has no overload for. */
static sl_error *no_overload(const char *name, const sl_type *const *args, int nargs)
{
    sl_buf b = SL_BUF_INIT;
    for (int i = 0; i < nargs; i++) {
        if (i) sl_buf_puts(&b, ", ");
        sl_type_print(&b, args[i]);
    }
    sl_error *err = sl_error_new(SL_E_TYPE, "Function '%s' does not accept parameters (%s).", name,
                                 sl_buf_cstr(&b));
    sl_buf_free(&b);
    return err;
}

static const sl_type *ret_common(const char *name, sl_arena *ar, const sl_type *const *args,
                                 int nargs, sl_error **err)
{
    if (nargs < 2 || nargs > TOPK_MAX_COLUMNS + 2 || !sl_agg_type_is_comparable(args[0]) ||
        args[nargs - 1]->kind != SL_K_INT) {
        *err = no_overload(name, args, nargs);
        return NULL;
    }
    if (nargs == 2) return sl_type_array(ar, args[0]);
    static const char *const names[] = {"col0", "col1", "col2", "col3", "col4"};
    sl_field *f = SL_ARENA_ARRAY(ar, sl_field, nargs - 1);
    f[0] = (sl_field){"sort_col", args[0]};
    for (int i = 1; i < nargs - 1; i++)
        f[i] = (sl_field){names[i - 1], args[i]};
    return sl_type_array(ar, sl_type_struct(ar, (uint32_t)nargs - 1, f));
}

static const sl_type *topk_ret(sl_arena *ar, const sl_type *const *args, int nargs, sl_error **err)
{
    return ret_common("TOPK", ar, args, nargs, err);
}

static const sl_type *topkd_ret(sl_arena *ar, const sl_type *const *args, int nargs, sl_error **err)
{
    return nargs == 2 ? ret_common("TOPKDISTINCT", ar, args, nargs, err)
                      : (*err = no_overload("TOPKDISTINCT", args, nargs), NULL);
}

static sl_error *topk_check(const sl_fn_call *call, void **state)
{
    *state = NULL;
    int last = call->nargs - 1;
    sl_error *err = sl_agg_check_literals(call, last);
    if (err) return err;
    if (call->const_args[last].null || call->const_args[last].u.i < 1)
        return sl_error_new(SL_E_STATEMENT, "k passed to function %s must be 1 or greater",
                            call->def->name);
    return NULL;
}

/* ---- definitions ---- */

#define TOPK_SIG(p, d)                                                                             \
    {                                                                                              \
        .params = p, .ret_fn = topk_ret, .agg = &topk_vt, .init = topk_check,                      \
        .flags = SL_FN_AGG_COMPOSITE_STATE, .doc = d                                               \
    }

static const sl_fn_sig topk_sigs[] = {
    TOPK_SIG("T, INT", "The k largest values of the column."),
    TOPK_SIG("T, ANY, INT", "The rows with the k largest values, with one other column."),
    TOPK_SIG("T, ANY, ANY, INT", "The rows with the k largest values, with two other columns."),
    TOPK_SIG("T, ANY, ANY, ANY, INT",
             "The rows with the k largest values, with three other columns."),
    TOPK_SIG("T, ANY, ANY, ANY, ANY, INT",
             "The rows with the k largest values, with four other columns."),
    TOPK_SIG("T, ANY, ANY, ANY, ANY, ANY, INT",
             "The rows with the k largest values, with five other columns."),
};

static const sl_fn_sig topkd_sigs[] = {
    {.params = "T, INT",
     .ret_fn = topkd_ret,
     .agg = &topkd_vt,
     .init = topk_check,
     .flags = SL_FN_AGG_COMPOSITE_STATE,
     .doc = "The k largest distinct values of the column."},
};

const sl_fn_def sl_fn_defs_agg_topk[] = {
    {.name = "TOPK",
     .kind = SL_FN_AGGREGATE,
     .category = "AGGREGATE",
     .description = "Computes the top k values for a column, per key.",
     .sigs = topk_sigs,
     .nsigs = sizeof topk_sigs / sizeof topk_sigs[0]},
    {.name = "TOPKDISTINCT",
     .kind = SL_FN_AGGREGATE,
     .category = "AGGREGATE",
     .description = "Calculates the Topk distinct values for a column, per key.",
     .sigs = topkd_sigs,
     .nsigs = 1},
};
const uint32_t sl_fn_ndefs_agg_topk = sizeof sl_fn_defs_agg_topk / sizeof sl_fn_defs_agg_topk[0];
