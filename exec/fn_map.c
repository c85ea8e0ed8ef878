/*
 * fn_map.c - the map functions: MAP_KEYS MAP_VALUES MAP_UNION AS_MAP ENTRIES.
 *
 * Model: a map value keeps its entries in insertion order with unique keys
 * (value.h). MAP_KEYS and MAP_VALUES list them in that order; MAP_UNION keeps
 * the first map's order and appends the second map's new keys, the second
 * map's value winning on a shared key; AS_MAP pairs keys with values by
 * position, a repeated key keeping its last value; ENTRIES turns entries into
 * STRUCT<K, V> elements, optionally sorted by key in Java's string order.
 * Results are deep copies in cx->ar.
 */
#include "exec/fn_int.h"

#include <string.h>

#define FN(name) static sl_error *name(sl_fnctx *cx, const sl_value *a, int n, sl_value *out)

FN(map_keys)
{
    (void)n;
    const sl_type *t = fn_argtype(cx, 0);
    const sl_map *m = a[0].u.map;
    sl_array *r = sl_array_new(cx->ar, m->n);
    for (uint32_t i = 0; i < m->n; i++)
        r->v[i] = sl_value_copy(cx->ar, t->key, m->k[i]);
    *out = sl_value_array(r);
    return NULL;
}

FN(map_values)
{
    (void)n;
    const sl_type *t = fn_argtype(cx, 0);
    const sl_map *m = a[0].u.map;
    sl_array *r = sl_array_new(cx->ar, m->n);
    for (uint32_t i = 0; i < m->n; i++)
        r->v[i] = sl_value_copy(cx->ar, t->elem, m->v[i]);
    *out = sl_value_array(r);
    return NULL;
}

/* Sets key k to v in m (which has room), replacing an existing entry. */
static void map_put(sl_map *m, const sl_type *kt, sl_value k, sl_value v)
{
    int i = sl_map_find(m, kt, k);
    if (i >= 0) {
        m->v[i] = v;
        return;
    }
    m->k[m->n] = k;
    m->v[m->n++] = v;
}

/* NULL only when both are; a NULL side counts as empty. */
FN(map_union)
{
    (void)n;
    if (a[0].null && a[1].null) {
        *out = sl_value_null();
        return NULL;
    }
    const sl_type *t = fn_argtype(cx, a[0].null ? 1 : 0);
    uint32_t cap = (a[0].null ? 0 : a[0].u.map->n) + (a[1].null ? 0 : a[1].u.map->n);
    sl_map *r = sl_map_new(cx->ar, cap);
    r->n = 0;
    for (int s = 0; s < 2; s++) {
        if (a[s].null) continue;
        const sl_map *m = a[s].u.map;
        for (uint32_t i = 0; i < m->n; i++)
            map_put(r, t->key, sl_value_copy(cx->ar, t->key, m->k[i]),
                    sl_value_copy(cx->ar, t->elem, m->v[i]));
    }
    *out = sl_value_map(r);
    return NULL;
}

/* AS_MAP(keys, values): keys[i] -> values[i], NULL when values runs out. */
FN(as_map)
{
    (void)n;
    const sl_type *kt = fn_argtype(cx, 0)->elem, *vt = fn_argtype(cx, 1)->elem;
    const sl_array *ks = a[0].u.arr, *vs = a[1].u.arr;
    sl_map *r = sl_map_new(cx->ar, ks->n);
    r->n = 0;
    for (uint32_t i = 0; i < ks->n; i++) {
        sl_value v = i < vs->n ? sl_value_copy(cx->ar, vt, vs->v[i]) : sl_value_null();
        map_put(r, kt, sl_value_copy(cx->ar, kt, ks->v[i]), v);
    }
    *out = sl_value_map(r);
    return NULL;
}

/* Insertion sort of entry indexes by key (maps are small; the sort is stable). */
static void sort_by_key(uint32_t *idx, const sl_map *m, const sl_type *kt)
{
    for (uint32_t i = 1; i < m->n; i++) {
        uint32_t x = idx[i], j = i;
        while (j > 0 && sl_fn_java_cmp(kt, m->k[idx[j - 1]], m->k[x]) > 0) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = x;
    }
}

/* ENTRIES(map, sorted): an array of STRUCT<K, V>, by key when sorted. */
FN(entries)
{
    (void)n;
    const sl_type *t = fn_argtype(cx, 0);
    const sl_map *m = a[0].u.map;
    uint32_t *idx = sl_arena_alloc(cx->ar, sizeof *idx * (m->n ? m->n : 1));
    for (uint32_t i = 0; i < m->n; i++)
        idx[i] = i;
    if (a[1].u.i) sort_by_key(idx, m, t->key);
    sl_array *r = sl_array_new(cx->ar, m->n);
    for (uint32_t i = 0; i < m->n; i++) {
        sl_struct *st = sl_struct_new(cx->ar, 2);
        st->f[0] = sl_value_copy(cx->ar, t->key, m->k[idx[i]]);
        st->f[1] = sl_value_copy(cx->ar, t->elem, m->v[idx[i]]);
        r->v[i] = sl_value_struct(st);
    }
    *out = sl_value_array(r);
    return NULL;
}

/* ARRAY<STRUCT<K key-type, V value-type>> */
static const sl_type *ret_entries(sl_arena *ar, const sl_type *const *args, int nargs,
                                  sl_error **err)
{
    (void)nargs;
    (void)err;
    sl_field f[2] = {{"K", args[0]->key}, {"V", args[0]->elem}};
    return sl_type_array(ar, sl_type_struct(ar, 2, f));
}

/* --- the table ------------------------------------------------------------------------------ */

static const sl_fn_sig keys_sigs[] = {
    {.params = "MAP<K, V>",
     .ret = "ARRAY<K>",
     .impl = map_keys,
     .doc = "Returns an array of the keys of the map."},
};
static const sl_fn_sig values_sigs[] = {
    {.params = "MAP<K, V>",
     .ret = "ARRAY<V>",
     .impl = map_values,
     .doc = "Returns an array of the values of the map."},
};
static const sl_fn_sig union_sigs[] = {
    {.params = "MAP<K, V>, MAP<K, V>",
     .ret = "MAP<K, V>",
     .impl = map_union,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns the union of both maps; on a shared key the second map's value wins."},
};
static const sl_fn_sig as_map_sigs[] = {
    {.params = "ARRAY<STRING>, ARRAY<T>",
     .ret = "MAP<STRING, T>",
     .impl = as_map,
     .doc = "Returns a map of each key in the first array to the value at the same position in "
            "the second."},
};
static const sl_fn_sig entries_sigs[] = {
    {.params = "MAP<STRING, T>, BOOLEAN",
     .ret_fn = ret_entries,
     .impl = entries,
     .doc = "Returns an array of STRUCT<K, V> of the map's entries, sorted by key when the "
            "second argument is true."},
};

const sl_fn_def sl_fn_defs_map[] = {
    {"AS_MAP", SL_FN_SCALAR, FN_CAT_MAP,
     "Construct a map from a list of keys and a list of values.", FN_NSIGS(as_map_sigs)},
    {"ENTRIES", SL_FN_SCALAR, FN_CAT_MAP,
     "Construct an array from the entries in a map. The array can be optionally sorted on the "
     "keys.",
     FN_NSIGS(entries_sigs)},
    {"MAP_KEYS", SL_FN_SCALAR, FN_CAT_MAP, "Returns an array of keys from the map.",
     FN_NSIGS(keys_sigs)},
    {"MAP_UNION", SL_FN_SCALAR, FN_CAT_MAP,
     "Returns a new map containing the union of all entries from both input maps. If a key is "
     "present in both input maps then the value from the second map is the one present in the "
     "result. Returns NULL if both input maps are NULL.",
     FN_NSIGS(union_sigs)},
    {"MAP_VALUES", SL_FN_SCALAR, FN_CAT_MAP, "Returns an array of values from the map.",
     FN_NSIGS(values_sigs)},
};
const uint32_t sl_fn_ndefs_map = FN_NDEFS(sl_fn_defs_map);
