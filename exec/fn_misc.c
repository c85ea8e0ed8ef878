/*
 * fn_misc.c - functions that fit no other group: AS_VALUE.
 *
 * AS_VALUE(key) is the identity; the planner uses it to copy a key column into
 * the value of a row (CREATE TABLE ... AS SELECT ID, AS_VALUE(ID) AS ID2 ...),
 * since key columns are not part of the value otherwise. The result is a deep
 * copy in cx->ar, like every function result.
 */
#include "exec/fn_int.h"

static sl_error *as_value(sl_fnctx *cx, const sl_value *a, int n, sl_value *out)
{
    (void)n;
    *out = sl_value_copy(cx->ar, fn_argtype(cx, 0), a[0]);
    return NULL;
}

static const sl_fn_sig as_value_sigs[] = {
    {.params = "T",
     .ret = "T",
     .impl = as_value,
     .doc = "Returns the value unchanged; used to copy a key column into the row's value."},
};

const sl_fn_def sl_fn_defs_misc[] = {
    {"AS_VALUE", SL_FN_SCALAR, FN_CAT_OTHER,
     "Used exclusively in the projection of a query to "
     "copy a key column into the value schema.",
     FN_NSIGS(as_value_sigs)},
};
const uint32_t sl_fn_ndefs_misc = FN_NDEFS(sl_fn_defs_misc);
