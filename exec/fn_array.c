/*
 * fn_array.c - the array functions: ARRAY_CONTAINS ARRAY_DISTINCT ARRAY_EXCEPT
 * ARRAY_INTERSECT ARRAY_UNION ARRAY_CONCAT ARRAY_JOIN ARRAY_LENGTH ARRAY_MAX
 * ARRAY_MIN ARRAY_REMOVE ARRAY_SORT GENERATE_SERIES SLICE.
 *
 * Model: the overloads are generic over the element type T (ARRAY<T>); the
 * call site's argument types say how to compare and copy elements. Equality
 * is SQL equality with NULL equal to NULL (Java's List.contains), the order is
 * Java's natural order (sl_fn_java_cmp) with NULLs last where ksqlDB sorts.
 * The set functions (DISTINCT, EXCEPT, INTERSECT, UNION) keep the order of first
 * occurrence and use a hash set built in the batch arena, so they are linear
 * in the array sizes. Results are deep copies in cx->ar.
 *
 * ARRAY_JOIN, ARRAY_MAX, ARRAY_MIN and ARRAY_SORT take arrays of primitive
 * elements only; their ret_fn rejects other element types when the query is
 * planned.
 */
#include "common/mem.h"
#include "exec/fn_int.h"

#include <stdlib.h>
#include <string.h>

#define FN(name) static sl_error *name(sl_fnctx *cx, const sl_value *a, int n, sl_value *out)

static const sl_type *elem_type(const sl_fnctx *cx, int i)
{
    return fn_argtype(cx, i)->elem;
}

/* A new array in cx->ar holding deep copies of the n values. */
static sl_value copy_items(sl_fnctx *cx, const sl_type *et, const sl_value *v, uint32_t n)
{
    sl_array *r = sl_array_new(cx->ar, n);
    for (uint32_t i = 0; i < n; i++)
        r->v[i] = sl_value_copy(cx->ar, et, v[i]);
    return sl_value_array(r);
}

/* --- a hash set of values, in the batch arena ------------------------------------------- */

typedef struct vset {
    const sl_type *t;
    sl_value *vals; /* the members, in insertion order */
    uint32_t *slot; /* 1 + index into vals, 0 when empty */
    uint32_t n, mask;
} vset;

static void vset_init(vset *s, sl_arena *ar, const sl_type *t, uint32_t cap)
{
    uint32_t size = 16;
    while (size < 2 * cap)
        size *= 2;
    s->t = t;
    s->vals = sl_arena_alloc(ar, sizeof *s->vals * (cap ? cap : 1));
    s->slot = SL_ARENA_ARRAY(ar, uint32_t, size);
    s->n = 0;
    s->mask = size - 1;
}

/* The slot of v: where it is, or the empty slot where it would go. */
static uint32_t vset_find(const vset *s, sl_value v)
{
    uint32_t i = (uint32_t)sl_value_hash(s->t, v) & s->mask;
    while (s->slot[i] && !sl_value_eq(s->t, s->vals[s->slot[i] - 1], v))
        i = (i + 1) & s->mask;
    return i;
}

static bool vset_has(const vset *s, sl_value v)
{
    return s->slot[vset_find(s, v)] != 0;
}

/* Adds v (room for it was reserved by vset_init); true when it was not there. */
static bool vset_add(vset *s, sl_value v)
{
    uint32_t i = vset_find(s, v);
    if (s->slot[i]) return false;
    s->vals[s->n++] = v;
    s->slot[i] = s->n;
    return true;
}

/* --- ARRAY_CONTAINS ARRAY_LENGTH ARRAY_CONCAT ARRAY_REMOVE SLICE -------------------------- */

FN(array_contains)
{
    (void)n;
    *out = sl_value_bool(false);
    if (a[0].null) return NULL;
    const sl_type *et = elem_type(cx, 0);
    for (uint32_t i = 0; i < a[0].u.arr->n; i++)
        if (sl_value_eq(et, a[0].u.arr->v[i], a[1])) {
            *out = sl_value_bool(true);
            break;
        }
    return NULL;
}

FN(array_length)
{
    (void)cx;
    (void)n;
    *out = sl_value_int(a[0].u.arr->n);
    return NULL;
}

/* NULL only when both are; a NULL side counts as empty. */
FN(array_concat)
{
    (void)n;
    if (a[0].null && a[1].null) {
        *out = sl_value_null();
        return NULL;
    }
    const sl_type *et = elem_type(cx, a[0].null ? 1 : 0);
    uint32_t n0 = a[0].null ? 0 : a[0].u.arr->n, n1 = a[1].null ? 0 : a[1].u.arr->n;
    sl_array *r = sl_array_new(cx->ar, n0 + n1);
    for (uint32_t i = 0; i < n0; i++)
        r->v[i] = sl_value_copy(cx->ar, et, a[0].u.arr->v[i]);
    for (uint32_t i = 0; i < n1; i++)
        r->v[n0 + i] = sl_value_copy(cx->ar, et, a[1].u.arr->v[i]);
    *out = sl_value_array(r);
    return NULL;
}

/* Every element equal to a[1] removed; a NULL a[1] removes the NULLs. */
FN(array_remove)
{
    (void)n;
    if (a[0].null) {
        *out = sl_value_null();
        return NULL;
    }
    const sl_type *et = elem_type(cx, 0);
    const sl_array *in = a[0].u.arr;
    sl_array *r = sl_array_new(cx->ar, in->n);
    r->n = 0;
    for (uint32_t i = 0; i < in->n; i++)
        if (!sl_value_eq(et, in->v[i], a[1])) r->v[r->n++] = sl_value_copy(cx->ar, et, in->v[i]);
    *out = sl_value_array(r);
    return NULL;
}

/* SLICE(arr, from, to): 1-based and inclusive; a NULL bound is the array's end;
 * bounds outside the array give NULL (Java's subList would throw). */
FN(slice)
{
    (void)n;
    if (a[0].null) {
        *out = sl_value_null();
        return NULL;
    }
    int64_t size = a[0].u.arr->n;
    int64_t start = a[1].null ? 0 : a[1].u.i - 1, end = a[2].null ? size : a[2].u.i;
    if (start < 0 || end > size || start > end) {
        *out = sl_value_null();
        return NULL;
    }
    *out = copy_items(cx, elem_type(cx, 0), a[0].u.arr->v + start, (uint32_t)(end - start));
    return NULL;
}

/* --- the set functions --------------------------------------------------------------------- */

FN(array_distinct)
{
    (void)n;
    const sl_array *in = a[0].u.arr;
    vset s;
    vset_init(&s, cx->ar, elem_type(cx, 0), in->n);
    for (uint32_t i = 0; i < in->n; i++)
        vset_add(&s, in->v[i]);
    *out = copy_items(cx, s.t, s.vals, s.n);
    return NULL;
}

/* The distinct elements of a[0] that are (keep_common) or are not in a[1]. */
static sl_error *filter_by(sl_fnctx *cx, const sl_value *a, bool keep_common, sl_value *out)
{
    const sl_array *x = a[0].u.arr, *y = a[1].u.arr;
    vset other, seen;
    vset_init(&other, cx->ar, elem_type(cx, 0), y->n);
    for (uint32_t i = 0; i < y->n; i++)
        vset_add(&other, y->v[i]);
    vset_init(&seen, cx->ar, elem_type(cx, 0), x->n);
    for (uint32_t i = 0; i < x->n; i++)
        if (vset_has(&other, x->v[i]) == keep_common) vset_add(&seen, x->v[i]);
    *out = copy_items(cx, seen.t, seen.vals, seen.n);
    return NULL;
}

FN(array_except)
{
    (void)n;
    return filter_by(cx, a, false, out);
}

FN(array_intersect)
{
    (void)n;
    return filter_by(cx, a, true, out);
}

FN(array_union)
{
    (void)n;
    const sl_array *x = a[0].u.arr, *y = a[1].u.arr;
    vset s;
    vset_init(&s, cx->ar, elem_type(cx, 0), x->n + y->n);
    for (uint32_t i = 0; i < x->n; i++)
        vset_add(&s, x->v[i]);
    for (uint32_t i = 0; i < y->n; i++)
        vset_add(&s, y->v[i]);
    *out = copy_items(cx, s.t, s.vals, s.n);
    return NULL;
}

/* --- ARRAY_MAX ARRAY_MIN ARRAY_SORT -------------------------------------------------------- */

static sl_error *extreme(sl_fnctx *cx, const sl_value *a, int sign, sl_value *out)
{
    const sl_type *et = elem_type(cx, 0);
    const sl_array *in = a[0].u.arr;
    int best = -1;
    for (uint32_t i = 0; i < in->n; i++)
        if (!in->v[i].null && (best < 0 || sign * sl_fn_java_cmp(et, in->v[i], in->v[best]) > 0))
            best = (int)i;
    *out = best < 0 ? sl_value_null() : sl_value_copy(cx->ar, et, in->v[best]);
    return NULL;
}

FN(array_max)
{
    (void)n;
    return extreme(cx, a, 1, out);
}

FN(array_min)
{
    (void)n;
    return extreme(cx, a, -1, out);
}

/* A stable merge sort by Java's order, NULLs last, descending when desc. */
static void sort_values(sl_value *v, sl_value *tmp, uint32_t n, const sl_type *t, bool desc)
{
    if (n < 2) return;
    uint32_t h = n / 2;
    sort_values(v, tmp, h, t, desc);
    sort_values(v + h, tmp, n - h, t, desc);
    uint32_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        const sl_value *x = &v[i], *y = &v[j];
        int c = x->null || y->null ? (int)x->null - (int)y->null : sl_fn_java_cmp(t, *x, *y);
        if (desc && !x->null && !y->null) c = -c;
        tmp[k++] = c <= 0 ? v[i++] : v[j++];
    }
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

FN(array_sort)
{
    bool desc = false;
    if (n > 1) {
        const char *d = a[1].u.s;
        size_t len = a[1].len;
        if (sl_fn_ieq(d, len, "DESC") || sl_fn_ieq(d, len, "DESCENDING"))
            desc = true;
        else if (!sl_fn_ieq(d, len, "ASC") && !sl_fn_ieq(d, len, "ASCENDING")) {
            *out = sl_value_null();
            return NULL;
        }
    }
    const sl_type *et = elem_type(cx, 0);
    sl_value r = copy_items(cx, et, a[0].u.arr->v, a[0].u.arr->n);
    sl_array *arr = (sl_array *)r.u.arr;
    sl_value *tmp = sl_arena_alloc(cx->ar, sizeof *tmp * (arr->n ? arr->n : 1));
    sort_values(arr->v, tmp, arr->n, et, desc);
    *out = r;
    return NULL;
}

/* --- ARRAY_JOIN ---------------------------------------------------------------------------- */

typedef struct join_state {
    sl_buf buf; /* the text is built here, then copied to cx->ar */
} join_state;

static sl_error *join_init(const sl_fn_call *call, void **state)
{
    (void)call;
    *state = sl_calloc(1, sizeof(join_state));
    return NULL;
}

static void join_fini(void *state)
{
    if (state) sl_buf_free(&((join_state *)state)->buf);
    free(state);
}

/* Elements as Java's toString (NULL as "null"), joined by the delimiter: ","
 * by default, "" when the delimiter is NULL. */
FN(array_join)
{
    if (a[0].null) {
        *out = sl_value_null();
        return NULL;
    }
    sl_buf *b = &((join_state *)cx->state)->buf;
    sl_buf_reset(b);
    const char *d = ",";
    size_t dn = 1;
    if (n > 1) d = a[1].null ? "" : a[1].u.s, dn = a[1].null ? 0 : a[1].len;
    const sl_type *et = elem_type(cx, 0);
    for (uint32_t i = 0; i < a[0].u.arr->n; i++) {
        if (i) sl_buf_append(b, d, dn);
        sl_fn_print_value(b, et, a[0].u.arr->v[i]);
        if (b->len > FN_MAX_RESULT) return fn_err_too_big("ARRAY_JOIN");
    }
    *out = fn_str_dup(cx, sl_buf_cstr(b), b->len);
    return NULL;
}

/* --- GENERATE_SERIES ----------------------------------------------------------------------- */

/* start..end inclusive by step; int32 for INT, int64 for BIGINT. */
static sl_error *series(sl_fnctx *cx, int64_t start, int64_t end, int64_t step, sl_value *out)
{
    if (step == 0) return fn_err("GENERATE_SERIES step cannot be zero");
    __int128 diff = (__int128)end - start;
    if ((diff > 0 && step < 0) || (diff < 0 && step > 0))
        return fn_err("GENERATE_SERIES step has wrong sign");
    __int128 size = 1 + diff / step;
    if (size > (__int128)(FN_MAX_RESULT / sizeof(sl_value)))
        return fn_err("GENERATE_SERIES would produce %lld elements, more than %zu", (long long)size,
                      FN_MAX_RESULT / sizeof(sl_value));
    sl_array *r = sl_array_new(cx->ar, (uint32_t)size);
    for (uint32_t i = 0; i < r->n; i++)
        r->v[i] = sl_value_int(start + (int64_t)i * step);
    *out = sl_value_array(r);
    return NULL;
}

FN(generate_series)
{
    int64_t start = a[0].u.i, end = a[1].u.i;
    int64_t step = n > 2 ? a[2].u.i : (end > start ? 1 : -1);
    return series(cx, start, end, step, out);
}

/* --- types --------------------------------------------------------------------------------- */

static bool is_primitive(const sl_type *t)
{
    return t->kind != SL_K_ARRAY && t->kind != SL_K_MAP && t->kind != SL_K_STRUCT;
}

/* ARRAY_MAX, ARRAY_MIN: the element type, which must be primitive. */
static const sl_type *ret_primitive_elem(sl_arena *ar, const sl_type *const *args, int nargs,
                                         sl_error **err)
{
    (void)ar;
    (void)nargs;
    if (!is_primitive(args[0]->elem)) {
        *err = sl_error_new(SL_E_TYPE, "only arrays of primitive elements are supported, not %s",
                            sl_kind_name(args[0]->elem->kind));
        return NULL;
    }
    return args[0]->elem;
}

/* ARRAY_SORT: the array type, whose elements must be primitive. */
static const sl_type *ret_sortable(sl_arena *ar, const sl_type *const *args, int nargs,
                                   sl_error **err)
{
    return ret_primitive_elem(ar, args, nargs, err) ? args[0] : NULL;
}

/* ARRAY_JOIN: STRING, for arrays of BOOLEAN, numbers and STRING (ksqlDB's set). */
static const sl_type *ret_joinable(sl_arena *ar, const sl_type *const *args, int nargs,
                                   sl_error **err)
{
    (void)ar;
    (void)nargs;
    switch (args[0]->elem->kind) {
    case SL_K_BOOLEAN:
    case SL_K_INT:
    case SL_K_BIGINT:
    case SL_K_DOUBLE:
    case SL_K_DECIMAL:
    case SL_K_STRING:
    case SL_K_NULL:
        return &sl_type_string;
    default:
        *err = sl_error_new(SL_E_TYPE, "ARRAY_JOIN does not support elements of type %s",
                            sl_kind_name(args[0]->elem->kind));
        return NULL;
    }
}

/* --- the table ------------------------------------------------------------------------------ */

static const sl_fn_sig contains_sigs[] = {
    {.params = "ARRAY<T>, T",
     .ret = "BOOLEAN",
     .impl = array_contains,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns true if the array contains the value (NULL included); false for a NULL "
            "array."},
};
static const sl_fn_sig distinct_sigs[] = {
    {.params = "ARRAY<T>",
     .ret = "ARRAY<T>",
     .impl = array_distinct,
     .doc = "Returns the distinct values of the array, in order of first occurrence."},
};
static const sl_fn_sig except_sigs[] = {
    {.params = "ARRAY<T>, ARRAY<T>",
     .ret = "ARRAY<T>",
     .impl = array_except,
     .doc = "Returns the distinct values of the first array that are not in the second."},
};
static const sl_fn_sig intersect_sigs[] = {
    {.params = "ARRAY<T>, ARRAY<T>",
     .ret = "ARRAY<T>",
     .impl = array_intersect,
     .doc = "Returns the distinct values of the first array that are also in the second."},
};
static const sl_fn_sig union_sigs[] = {
    {.params = "ARRAY<T>, ARRAY<T>",
     .ret = "ARRAY<T>",
     .impl = array_union,
     .doc = "Returns the distinct values of both arrays, in order of first occurrence."},
};
static const sl_fn_sig concat_sigs[] = {
    {.params = "ARRAY<T>, ARRAY<T>",
     .ret = "ARRAY<T>",
     .impl = array_concat,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns the concatenation of both arrays; NULL only when both are NULL."},
};
static const sl_fn_sig join_sigs[] = {
    {.params = "ARRAY<T>",
     .ret_fn = ret_joinable,
     .impl = array_join,
     .init = join_init,
     .fini = join_fini,
     .doc = "Joins the array elements with the delimiter ','."},
    {.params = "ARRAY<T>, STRING",
     .ret_fn = ret_joinable,
     .impl = array_join,
     .init = join_init,
     .fini = join_fini,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Joins the array elements with the given delimiter (none when NULL)."},
};
static const sl_fn_sig length_sigs[] = {
    {.params = "ARRAY<T>",
     .ret = "INT",
     .impl = array_length,
     .doc = "Returns the number of elements in the array."},
};
static const sl_fn_sig max_sigs[] = {
    {.params = "ARRAY<T>",
     .ret_fn = ret_primitive_elem,
     .impl = array_max,
     .doc = "Returns the largest non-NULL element of the array, or NULL."},
};
static const sl_fn_sig min_sigs[] = {
    {.params = "ARRAY<T>",
     .ret_fn = ret_primitive_elem,
     .impl = array_min,
     .doc = "Returns the smallest non-NULL element of the array, or NULL."},
};
static const sl_fn_sig remove_sigs[] = {
    {.params = "ARRAY<T>, T",
     .ret = "ARRAY<T>",
     .impl = array_remove,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns the array without the elements equal to the value (NULLs for NULL)."},
};
static const sl_fn_sig sort_sigs[] = {
    {.params = "ARRAY<T>",
     .ret_fn = ret_sortable,
     .impl = array_sort,
     .doc = "Sorts the array in ascending natural order, NULLs last."},
    {.params = "ARRAY<T>, STRING",
     .ret_fn = ret_sortable,
     .impl = array_sort,
     .doc = "Sorts the array in the direction 'ASC' or 'DESC', NULLs last; NULL for another "
            "direction."},
};
static const sl_fn_sig series_sigs[] = {
    {.params = "INT, INT",
     .ret = "ARRAY<INT>",
     .impl = generate_series,
     .doc = "Returns the INTs from start to end inclusive, counting up or down by one."},
    {.params = "INT, INT, INT",
     .ret = "ARRAY<INT>",
     .impl = generate_series,
     .doc = "Returns the INTs from start to end inclusive, by step."},
    {.params = "BIGINT, BIGINT",
     .ret = "ARRAY<BIGINT>",
     .impl = generate_series,
     .doc = "Returns the BIGINTs from start to end inclusive, counting up or down by one."},
    {.params = "BIGINT, BIGINT, INT",
     .ret = "ARRAY<BIGINT>",
     .impl = generate_series,
     .doc = "Returns the BIGINTs from start to end inclusive, by step."},
};
static const sl_fn_sig slice_sigs[] = {
    {.params = "ARRAY<T>, INT, INT",
     .ret = "ARRAY<T>",
     .impl = slice,
     .flags = SL_FN_NULL_SAFE,
     .doc = "Returns the elements from position from to position to (1-based, inclusive)."},
};

const sl_fn_def sl_fn_defs_array[] = {
    {"ARRAY_CONCAT", SL_FN_SCALAR, FN_CAT_ARRAY,
     "Returns an array representing the concatenation of both input arrays.",
     FN_NSIGS(concat_sigs)},
    {"ARRAY_CONTAINS", SL_FN_SCALAR, FN_CAT_ARRAY,
     "Returns true if the array is non-null and contains the supplied value.",
     FN_NSIGS(contains_sigs)},
    {"ARRAY_DISTINCT", SL_FN_SCALAR, FN_CAT_ARRAY,
     "Returns an array of all the distinct values, including NULL if present, from the input "
     "array.",
     FN_NSIGS(distinct_sigs)},
    {"ARRAY_EXCEPT", SL_FN_SCALAR, FN_CAT_ARRAY,
     "Returns an array of all the distinct elements from an array, except for those also "
     "present in a second array.",
     FN_NSIGS(except_sigs)},
    {"ARRAY_INTERSECT", SL_FN_SCALAR, FN_CAT_ARRAY,
     "Returns an array of all the distinct elements from the intersection of both input "
     "arrays.",
     FN_NSIGS(intersect_sigs)},
    {"ARRAY_JOIN", SL_FN_SCALAR, FN_CAT_ARRAY,
     "joins the array elements into a flat string representation", FN_NSIGS(join_sigs)},
    {"ARRAY_LENGTH", SL_FN_SCALAR, FN_CAT_ARRAY, "Returns the length on an array",
     FN_NSIGS(length_sigs)},
    {"ARRAY_MAX", SL_FN_SCALAR, FN_CAT_ARRAY,
     "Return the maximum value from within an array of primitive values, according to their "
     "natural sort order. If the array is NULL, or contains only NULLs, return NULL.",
     FN_NSIGS(max_sigs)},
    {"ARRAY_MIN", SL_FN_SCALAR, FN_CAT_ARRAY,
     "Return the minimum value from within an array of primitive values, according to their "
     "natural sort order. If the array is NULL, or contains only NULLs, return NULL.",
     FN_NSIGS(min_sigs)},
    {"ARRAY_REMOVE", SL_FN_SCALAR, FN_CAT_ARRAY,
     "Removes all elements from the input array equal to a specified value.",
     FN_NSIGS(remove_sigs)},
    {"ARRAY_SORT", SL_FN_SCALAR, FN_CAT_ARRAY,
     "Sort an array of primitive values, according to their natural sort order. Any NULLs in "
     "the array will be placed at the end.",
     FN_NSIGS(sort_sigs)},
    {"ARRAY_UNION", SL_FN_SCALAR, FN_CAT_ARRAY,
     "Returns an array of all the distinct elements from both input arrays, in the order they're "
     "encountered.",
     FN_NSIGS(union_sigs)},
    {"GENERATE_SERIES", SL_FN_SCALAR, FN_CAT_ARRAY, "Construct an array of a range of values",
     FN_NSIGS(series_sigs)},
    {"SLICE", SL_FN_SCALAR, FN_CAT_ARRAY, "slice of an ARRAY", FN_NSIGS(slice_sigs)},
};
const uint32_t sl_fn_ndefs_array = FN_NDEFS(sl_fn_defs_array);
