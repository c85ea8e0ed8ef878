/*
 * fn_table.c - the table functions: EXPLODE and CUBE_EXPLODE. A table
 * function turns one input row into zero or more output rows, one per value
 * it returns; the flat-map operator copies the row's other columns to each.
 *
 *   EXPLODE(a)        ARRAY<T> -> T: one row per element, NULL elements
 *                     included; a NULL or empty array gives no rows.
 *   CUBE_EXPLODE(a)   ARRAY<T> -> ARRAY<T>: every combination of the
 *                     elements kept or replaced by NULL (the rows of a CUBE
 *                     grouping), 2^n rows for n elements, in ksqlDB's order:
 *                     bitmask b from 0 to 2^n - 1, element i kept when bit
 *                     n-1-i of b is set. A combination that differs only in
 *                     replacing an element that is already NULL is a
 *                     duplicate and skipped, so k NULL elements give 2^(n-k)
 *                     rows. A NULL array gives no rows, an empty one gives
 *                     one empty row; more than 20 elements is an error for
 *                     the record (2^n rows would exhaust memory), with
 *                     ksqlDB's message.
 *
 * Results are allocated in cx->ar (the batch arena); element payloads are
 * borrowed from the argument, which lives there too.
 */
#include "exec/agg_int.h"

enum { CUBE_MAX_COLUMNS = 20 };

static sl_error *explode(sl_fnctx *cx, const sl_value *args, int nargs, sl_value **out,
                         uint32_t *nout)
{
    (void)nargs;
    *out = NULL;
    *nout = 0;
    if (args[0].null || args[0].u.arr->n == 0) return NULL;
    const sl_array *a = args[0].u.arr;
    *out = sl_arena_memdup(cx->ar, a->v, sizeof *a->v * a->n);
    *nout = a->n;
    return NULL;
}

static sl_error *cube_explode(sl_fnctx *cx, const sl_value *args, int nargs, sl_value **out,
                              uint32_t *nout)
{
    (void)nargs;
    *out = NULL;
    *nout = 0;
    if (args[0].null) return NULL;
    const sl_array *a = args[0].u.arr;
    uint32_t n = a->n;
    if (n > CUBE_MAX_COLUMNS)
        return sl_error_new(SL_E_EVAL,
                            "CUBE_EXPLODE input size (%u) exceeds the maximum of %d columns. The "
                            "output cardinality is 2^N rows and would exhaust server memory.",
                            n, CUBE_MAX_COLUMNS);
    uint32_t present = 0; /* bit n-1-i set when element i is not NULL */
    for (uint32_t i = 0; i < n; i++)
        if (!a->v[i].null) present |= 1u << (n - 1 - i);
    uint32_t rows = 1u << __builtin_popcount(present);
    sl_value *res = sl_arena_alloc(cx->ar, sizeof *res * rows);
    uint32_t r = 0;
    for (uint32_t mask = 0; mask < 1u << n; mask++) {
        if ((mask & present) != mask) continue; /* would null an element already NULL */
        sl_array *row = sl_array_new(cx->ar, n);
        for (uint32_t i = 0; i < n; i++)
            row->v[i] = mask & (1u << (n - 1 - i)) ? a->v[i] : sl_value_null();
        res[r++] = sl_value_array(row);
    }
    *out = res;
    *nout = r;
    return NULL;
}

/* EXPLODE(ARRAY<DECIMAL>) returns the elements' DECIMAL(p, s). */
static const sl_type *elem_type(sl_arena *ar, const sl_type *const *args, int nargs, sl_error **err)
{
    (void)ar;
    if (nargs != 1 || args[0]->kind != SL_K_ARRAY) {
        *err = sl_error_new(SL_E_TYPE, "explode should be provided with an ARRAY");
        return NULL;
    }
    return args[0]->elem;
}

static const sl_fn_sig explode_sigs[] = {
    {.params = "ARRAY<DECIMAL> input",
     .ret_fn = elem_type,
     .table = explode,
     .flags = SL_FN_NULL_SAFE,
     .doc = "One row per element of a DECIMAL array."},
    {.params = "ARRAY<T> list",
     .ret = "T",
     .table = explode,
     .flags = SL_FN_NULL_SAFE,
     .doc = "One row per element of the array."},
};

static const sl_fn_sig cube_sigs[] = {
    {.params = "ARRAY<T>",
     .ret = "ARRAY<T>",
     .table = cube_explode,
     .flags = SL_FN_NULL_SAFE,
     .doc = "One row per combination of the elements kept or set to NULL."},
};

const sl_fn_def sl_fn_defs_table[] = {
    {.name = "CUBE_EXPLODE",
     .kind = SL_FN_TABLE,
     .category = "TABLE",
     .description = "Takes as argument a list of columns and outputs all possible combinations "
                    "of them. It produces 2^d new rows where d is the number of columns given as "
                    "parameter. Duplicate entries for columns with null value are skipped.",
     .sigs = cube_sigs,
     .nsigs = 1},
    {.name = "EXPLODE",
     .kind = SL_FN_TABLE,
     .category = "TABLE",
     .description = "Explodes an array. This function outputs one value for each element of the "
                    "array.",
     .sigs = explode_sigs,
     .nsigs = 2},
};
const uint32_t sl_fn_ndefs_table = sizeof sl_fn_defs_table / sizeof sl_fn_defs_table[0];
