/*
 * agg_collect.c - the aggregates that keep the values themselves:
 * COLLECT_LIST, COLLECT_SET and HISTOGRAM.
 *
 *   COLLECT_LIST(x)   any type -> ARRAY   every value, NULLs included, in
 *                     arrival order; at most ksql.functions.collect_list.limit
 *                     (call->conf; unlimited by default), later values ignored.
 *                     Over tables: retract removes the last equal value (as
 *                     ksqlDB does; it does not track which one was inserted).
 *   COLLECT_SET(x)    any type -> ARRAY   distinct values (NULL is one value)
 *                     in order of first arrival; at most
 *                     ksql.functions.collect_set.limit. Streams only.
 *   HISTOGRAM(s)      STRING -> MAP<STRING, BIGINT>   how often each value
 *                     occurs, keys in order of first arrival; at most 1000
 *                     distinct values, later new ones ignored. Over tables:
 *                     retract decrements and drops a key at zero.
 *
 * Model
 *   Values are deep copies in an sl_agg_vals (payloads in an arena the
 *   accumulator owns, compacted as removals leave garbage). COLLECT_SET and
 *   HISTOGRAM look values up through an sl_agg_index, so an add is O(1)
 *   where ksqlDB scans the list. Equality is sl_value_eq's: maps compare
 *   without regard to order, structs field by field.
 *
 *   Merging appends the other side's values in its order, within the limit:
 *   for a session merge that is ksqlDB's documented order (first window, then
 *   the second).
 *
 * ksqlDB refuses COLLECT_SET over a table ("The aggregation function(s)
 * COLLECT_SET cannot be applied to a table source, only to a stream
 * source."): its retract is NULL.
 */
#include "exec/agg_int.h"
#include "common/mem.h"

#include <stdlib.h>

enum { HISTOGRAM_LIMIT = 1000 };

/* A configured limit: negative means none. */
static uint32_t limit_of(int32_t limit)
{
    return limit < 0 ? UINT32_MAX : (uint32_t)limit;
}

static uint32_t list_limit(const sl_fn_call *call)
{
    return call->conf ? limit_of(call->conf->collect_list_limit) : UINT32_MAX;
}

static uint32_t set_limit(const sl_fn_call *call)
{
    return call->conf ? limit_of(call->conf->collect_set_limit) : UINT32_MAX;
}

/* ---- COLLECT_LIST ---- */

static void vals_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    memset(acc, 0, sizeof(sl_agg_vals));
}

static void vals_destroy(const sl_fn_call *call, void *acc)
{
    (void)call;
    sl_agg_vals_free(acc);
}

static sl_error *list_add(const sl_fn_call *call, void *acc, const sl_value *args,
                          const sl_agg_info *info)
{
    (void)info;
    sl_agg_vals *vs = acc;
    if (vs->n < list_limit(call)) sl_agg_vals_push(vs, call->arg_types[0], args[0]);
    return NULL;
}

static sl_error *list_retract(const sl_fn_call *call, void *acc, const sl_value *args,
                              const sl_agg_info *info)
{
    (void)info;
    sl_agg_vals *vs = acc;
    const sl_type *t = call->arg_types[0];
    for (uint32_t i = vs->n; i-- > 0;) {
        if (sl_value_eq(t, vs->v[i], args[0])) {
            sl_agg_vals_remove(vs, t, i, 1);
            break;
        }
    }
    return NULL;
}

static void list_merge(const sl_fn_call *call, void *acc, const void *other)
{
    sl_agg_vals *vs = acc;
    const sl_agg_vals *o = other;
    uint32_t limit = list_limit(call);
    for (uint32_t i = 0; i < o->n && vs->n < limit; i++)
        sl_agg_vals_push(vs, call->arg_types[0], o->v[i]);
}

static sl_error *vals_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    *out = sl_agg_vals_array(acc, call->arg_types[0], ar);
    return NULL;
}

static void list_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    sl_agg_put_header(out, SL_AGG_TAG_COLLECT_LIST);
    sl_agg_vals_put(out, acc, call->arg_types[0]);
}

/* A state written under a larger limit keeps its first values (the limit is
 * a setting and may have been lowered since). */
static sl_error *list_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, SL_AGG_TAG_COLLECT_LIST);
    if (err) return err;
    sl_agg_vals_get(&r, acc, call->arg_types[0], list_limit(call));
    if ((err = sl_agg_rd_close(&r))) {
        vals_destroy(call, acc);
        return err;
    }
    return NULL;
}

static const sl_agg_vt list_vt = {
    .size = sizeof(sl_agg_vals),
    .init = vals_init,
    .add = list_add,
    .retract = list_retract,
    .merge = list_merge,
    .result = vals_result,
    .serialize = list_serialize,
    .deserialize = list_deserialize,
    .destroy = vals_destroy,
};

/* ---- COLLECT_SET ---- */

typedef struct set_acc {
    sl_agg_vals vals; /* first: vals_result reads the accumulator as one */
    sl_agg_index ix;
} set_acc;

static void set_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    memset(acc, 0, sizeof(set_acc));
}

static void set_destroy(const sl_fn_call *call, void *acc)
{
    (void)call;
    set_acc *a = acc;
    sl_agg_vals_free(&a->vals);
    sl_agg_index_free(&a->ix);
}

static void set_put(const sl_fn_call *call, set_acc *a, sl_value v)
{
    const sl_type *t = call->arg_types[0];
    if (a->vals.n >= set_limit(call)) return;
    uint64_t h = sl_value_hash(t, v);
    if (sl_agg_index_find(&a->ix, &a->vals, t, v, h) >= 0) return;
    sl_agg_vals_push(&a->vals, t, v);
    sl_agg_index_add(&a->ix, &a->vals, t, a->vals.n - 1, h);
}

static sl_error *set_add(const sl_fn_call *call, void *acc, const sl_value *args,
                         const sl_agg_info *info)
{
    (void)info;
    set_put(call, acc, args[0]);
    return NULL;
}

static void set_merge(const sl_fn_call *call, void *acc, const void *other)
{
    const set_acc *o = other;
    for (uint32_t i = 0; i < o->vals.n; i++)
        set_put(call, acc, o->vals.v[i]);
}

static void set_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    const set_acc *a = acc;
    sl_agg_put_header(out, SL_AGG_TAG_COLLECT_SET);
    sl_agg_vals_put(out, &a->vals, call->arg_types[0]);
}

static sl_error *set_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, SL_AGG_TAG_COLLECT_SET);
    if (err) return err;
    uint32_t count = sl_agg_get_count(&r);
    sl_arena *tmp = sl_arena_new(0);
    for (uint32_t i = 0; i < count && !r.bad; i++) {
        sl_value v = sl_agg_get_value(&r, call->arg_types[0], tmp);
        if (!r.bad) set_put(call, acc, v);
    }
    sl_arena_free(tmp);
    if ((err = sl_agg_rd_close(&r))) {
        set_destroy(call, acc);
        set_init(call, acc);
        return err;
    }
    return NULL;
}

static const sl_agg_vt set_vt = {
    .size = sizeof(set_acc),
    .init = set_init,
    .add = set_add,
    .merge = set_merge,
    .result = vals_result,
    .serialize = set_serialize,
    .deserialize = set_deserialize,
    .destroy = set_destroy,
};

/* ---- HISTOGRAM ---- */

typedef struct hist_acc {
    sl_agg_vals keys;
    sl_agg_index ix;
    int64_t *count; /* count[i] goes with keys.v[i]; capacity keys.cap */
} hist_acc;

static void hist_init(const sl_fn_call *call, void *acc)
{
    (void)call;
    memset(acc, 0, sizeof(hist_acc));
}

static void hist_destroy(const sl_fn_call *call, void *acc)
{
    (void)call;
    hist_acc *a = acc;
    sl_agg_vals_free(&a->keys);
    sl_agg_index_free(&a->ix);
    free(a->count);
    memset(a, 0, sizeof *a);
}

/* Adds k occurrences of key; a new key only while under the limit. */
static void hist_put(hist_acc *a, sl_value key, int64_t k)
{
    const sl_type *t = &sl_type_string;
    uint64_t h = sl_value_hash(t, key);
    int32_t i = sl_agg_index_find(&a->ix, &a->keys, t, key, h);
    if (i >= 0) { /* counts saturate rather than overflow */
        a->count[i] = a->count[i] > INT64_MAX - k ? INT64_MAX : a->count[i] + k;
        return;
    }
    if (a->keys.n >= HISTOGRAM_LIMIT) return;
    uint32_t cap = a->keys.cap;
    sl_agg_vals_push(&a->keys, t, key);
    if (a->keys.cap != cap || !a->count)
        a->count = sl_realloc(a->count, sizeof *a->count * a->keys.cap);
    a->count[a->keys.n - 1] = k;
    sl_agg_index_add(&a->ix, &a->keys, t, a->keys.n - 1, h);
}

static sl_error *hist_add(const sl_fn_call *call, void *acc, const sl_value *args,
                          const sl_agg_info *info)
{
    (void)call, (void)info;
    hist_put(acc, args[0], 1);
    return NULL;
}

static sl_error *hist_retract(const sl_fn_call *call, void *acc, const sl_value *args,
                              const sl_agg_info *info)
{
    (void)call, (void)info;
    hist_acc *a = acc;
    const sl_type *t = &sl_type_string;
    int32_t i = sl_agg_index_find(&a->ix, &a->keys, t, args[0], sl_value_hash(t, args[0]));
    if (i < 0 || --a->count[i] > 0) return NULL; /* never counted (over the limit) */
    sl_agg_vals_remove(&a->keys, t, (uint32_t)i, 1);
    memmove(a->count + i, a->count + i + 1, sizeof *a->count * (a->keys.n - (uint32_t)i));
    sl_agg_index_rebuild(&a->ix, &a->keys, t);
    return NULL;
}

static void hist_merge(const sl_fn_call *call, void *acc, const void *other)
{
    (void)call;
    const hist_acc *o = other;
    for (uint32_t i = 0; i < o->keys.n; i++)
        hist_put(acc, o->keys.v[i], o->count[i]);
}

static sl_error *hist_result(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out)
{
    (void)call;
    const hist_acc *a = acc;
    sl_map *m = sl_map_new(ar, a->keys.n);
    for (uint32_t i = 0; i < a->keys.n; i++) {
        m->k[i] = sl_value_copy(ar, &sl_type_string, a->keys.v[i]);
        m->v[i] = sl_value_int(a->count[i]);
    }
    *out = sl_value_map(m);
    return NULL;
}

/* [n][(key, count)...] */
static void hist_serialize(const sl_fn_call *call, const void *acc, sl_buf *out)
{
    (void)call;
    const hist_acc *a = acc;
    sl_agg_put_header(out, SL_AGG_TAG_HISTOGRAM);
    sl_agg_put_uvarint(out, a->keys.n);
    for (uint32_t i = 0; i < a->keys.n; i++) {
        sl_agg_put_value(out, &sl_type_string, a->keys.v[i]);
        sl_agg_put_uvarint(out, (uint64_t)a->count[i]);
    }
}

static sl_error *hist_deserialize(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n)
{
    hist_acc *a = acc;
    sl_agg_rd r;
    sl_error *err = sl_agg_rd_open(&r, p, n, SL_AGG_TAG_HISTOGRAM);
    if (err) return err;
    uint32_t count = sl_agg_get_count(&r);
    if (count > HISTOGRAM_LIMIT) r.bad = true;
    sl_arena *tmp = sl_arena_new(0);
    for (uint32_t i = 0; i < count && !r.bad; i++) {
        sl_value key = sl_agg_get_value(&r, &sl_type_string, tmp);
        uint64_t k = sl_agg_get_uvarint(&r);
        if (k == 0 || k > INT64_MAX) r.bad = true;
        if (r.bad) break;
        uint32_t before = a->keys.n;
        hist_put(a, key, (int64_t)k);
        if (a->keys.n == before) r.bad = true; /* a key twice */
    }
    sl_arena_free(tmp);
    if ((err = sl_agg_rd_close(&r))) {
        hist_destroy(call, acc);
        return err;
    }
    return NULL;
}

static const sl_agg_vt hist_vt = {
    .size = sizeof(hist_acc),
    .init = hist_init,
    .add = hist_add,
    .retract = hist_retract,
    .merge = hist_merge,
    .result = hist_result,
    .serialize = hist_serialize,
    .deserialize = hist_deserialize,
    .destroy = hist_destroy,
};

/* ---- definitions ---- */

static const sl_fn_sig list_sigs[] = {
    {.params = "T",
     .ret = "ARRAY<T>",
     .agg = &list_vt,
     .flags = SL_FN_AGG_COMPOSITE_STATE,
     .doc = "Collects all values, NULLs included, into an array."},
};

static const sl_fn_sig set_sigs[] = {
    {.params = "T",
     .ret = "ARRAY<T>",
     .agg = &set_vt,
     .flags = SL_FN_AGG_COMPOSITE_STATE,
     .doc = "Collects the distinct values into an array."},
};

static const sl_fn_sig hist_sigs[] = {
    {.params = "STRING",
     .ret = "MAP<STRING, BIGINT>",
     .agg = &hist_vt,
     .flags = SL_FN_AGG_COMPOSITE_STATE,
     .doc = "Counts how often each distinct string occurs."},
};

const sl_fn_def sl_fn_defs_agg_collect[] = {
    {.name = "COLLECT_LIST",
     .kind = SL_FN_AGGREGATE,
     .category = "AGGREGATE",
     .description = "Gather all of the values from an input grouping into a single Array field. "
                    "Although this aggregate works on both Stream and Table inputs, the order of "
                    "entries in the result array is not guaranteed when working on Table input "
                    "data. You may limit the size of the resultant Array to N entries, beyond "
                    "which any further values will be silently ignored, by setting the "
                    "ksql.functions.collect_list.limit configuration to N.",
     .sigs = list_sigs,
     .nsigs = 1},
    {.name = "COLLECT_SET",
     .kind = SL_FN_AGGREGATE,
     .category = "AGGREGATE",
     .description = "Gather all of the distinct values from an input grouping into a single "
                    "Array. Not available for aggregating values from an input Table. You may "
                    "limit the size of the resultant Array to N entries, beyond which any further "
                    "values will be silently ignored, by setting the "
                    "ksql.functions.collect_set.limit configuration to N.",
     .sigs = set_sigs,
     .nsigs = 1},
    {.name = "HISTOGRAM",
     .kind = SL_FN_AGGREGATE,
     .category = "AGGREGATE",
     .description = "Returns a map of each distinct String from the input Stream or Table and "
                    "how many times each occurs. This version limits the size of the resultant "
                    "Map to 1000 entries. Any entries added beyond this limit will be ignored.",
     .sigs = hist_sigs,
     .nsigs = 1},
};
const uint32_t sl_fn_ndefs_agg_collect =
    sizeof sl_fn_defs_agg_collect / sizeof sl_fn_defs_agg_collect[0];
