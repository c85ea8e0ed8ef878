/*
 * fn_null.c - the null group: COALESCE, IFNULL and NULLIF.
 *
 * All three are generic over one type variable T, so the registry gives every
 * argument the same type: the first typed argument binds T and later ones
 * widen it (COALESCE(INT_COL, BIGINT_COL) is BIGINT), as ksqlDB types them.
 * They see NULL arguments (SL_FN_NULL_SAFE) since handling NULL is their job.
 * Values are returned as they are: nothing is copied.
 */
#include "exec/func.h"

static sl_error *coalesce(sl_fnctx *cx, const sl_value *args, int nargs, sl_value *out)
{
    (void)cx;
    *out = sl_value_null();
    for (int i = 0; i < nargs; i++)
        if (!args[i].null) {
            *out = args[i];
            break;
        }
    return NULL;
}

static sl_error *ifnull(sl_fnctx *cx, const sl_value *args, int nargs, sl_value *out)
{
    (void)cx, (void)nargs;
    *out = args[0].null ? args[1] : args[0];
    return NULL;
}

static sl_error *nullif(sl_fnctx *cx, const sl_value *args, int nargs, sl_value *out)
{
    (void)nargs;
    bool same =
        !args[0].null && !args[1].null && sl_value_eq(cx->call->arg_types[0], args[0], args[1]);
    *out = same ? sl_value_null() : args[0];
    return NULL;
}

static const sl_fn_sig coalesce_sigs[] = {
    {.params = "T first, ...T others",
     .ret = "T",
     .impl = coalesce,
     .flags = SL_FN_NULL_SAFE,
     .doc = "The first argument that is not NULL, or NULL when all are."},
};
static const sl_fn_sig ifnull_sigs[] = {
    {.params = "T expression, T altValue",
     .ret = "T",
     .impl = ifnull,
     .flags = SL_FN_NULL_SAFE,
     .doc = "expression when it is not NULL, else altValue."},
};
static const sl_fn_sig nullif_sigs[] = {
    {.params = "T expression1, T expression2",
     .ret = "T",
     .impl = nullif,
     .flags = SL_FN_NULL_SAFE,
     .doc = "NULL when the two are equal, else expression1."},
};

#define DEF(n, s, d)                                                                               \
    {                                                                                              \
        .name = n, .kind = SL_FN_SCALAR, .category = "CONDITIONAL", .description = d, .sigs = s,   \
        .nsigs = sizeof s / sizeof *s                                                              \
    }

const sl_fn_def sl_fn_defs_null[] = {
    DEF("COALESCE", coalesce_sigs, "Returns the first parameter that is not NULL."),
    DEF("IFNULL", ifnull_sigs, "Returns expression if not NULL, otherwise the alternative value."),
    DEF("NULLIF", nullif_sigs, "Returns NULL if both arguments are equal, else the first one."),
};
const uint32_t sl_fn_ndefs_null = sizeof sl_fn_defs_null / sizeof *sl_fn_defs_null;
