/*
 * func_int.h - inside the function registry (func.c, func_resolve.c); not a face.
 *
 * An index (sl_fn_index) is an immutable view of a set of function definitions:
 * the definitions sorted by name, and every overload's signature text parsed once
 * into a tree of parameter types (sl_fn_ptype). The process-wide registry that
 * func.h serves is one index built from fn_tables.def; tests build their own
 * indexes over made-up definitions to exercise resolution.
 */
#ifndef SL_EXEC_FUNC_INT_H
#define SL_EXEC_FUNC_INT_H

#include "exec/func.h"

enum {
    SL_PT_KIND,     /* an exact kind (kind) */
    SL_PT_DECIMAL,  /* any DECIMAL(p, s) */
    SL_PT_STRUCT,   /* any struct */
    SL_PT_ARRAY,    /* ARRAY<a> */
    SL_PT_MAP,      /* MAP<a, b> */
    SL_PT_VAR,      /* type variable number var (T U V K W) */
    SL_PT_ANY,      /* anything, not bound */
    SL_PT_FUNC,     /* FUNC(fparams...) -> a */
    SL_PT_INTERVAL, /* a time unit keyword */
};

#define SL_FN_NVARS             5 /* T U V K W */
#define SL_FN_MAX_LAMBDA_PARAMS 3

typedef struct sl_fn_ptype sl_fn_ptype;
struct sl_fn_ptype {
    uint8_t tag;  /* SL_PT_* */
    uint8_t kind; /* SL_PT_KIND: the sl_kind */
    uint8_t var;  /* SL_PT_VAR: 0..SL_FN_NVARS-1 */
    uint8_t nfparams;
    const sl_fn_ptype *a, *b;
    const sl_fn_ptype *fparams[SL_FN_MAX_LAMBDA_PARAMS];
};

/* One overload, parsed. */
typedef struct sl_fn_psig {
    const sl_fn_sig *sig;
    int nparams;
    bool variadic;   /* the last parameter repeats */
    int ngenerics;   /* parameters mentioning a type variable or ANY */
    bool any_vararg; /* the variadic parameter is ANY */
    const sl_fn_ptype **params;
    const char **names;     /* parameter names ("" when none), for messages */
    const sl_fn_ptype *ret; /* NULL when ret_fn computes it */
} sl_fn_psig;

typedef struct sl_fn_entry {
    const sl_fn_def *def;
    sl_fn_psig *psigs; /* [def->nsigs]; psigs[i].params NULL when sig i is malformed */
} sl_fn_entry;

typedef struct sl_fn_index sl_fn_index;

/* Builds an index over n definitions (borrowed; they must outlive the index). Never fails:
 * malformed signatures are skipped at resolution and reported by sl_fn_index_check. */
sl_fn_index *sl_fn_index_new(const sl_fn_def *const *defs, uint32_t n);
void sl_fn_index_free(sl_fn_index *ix);
/* The index of every group in fn_tables.def, built on first use; never freed. */
const sl_fn_index *sl_fn_index_default(void);

const sl_fn_entry *sl_fn_index_find(const sl_fn_index *ix, const char *name);
const sl_fn_def *const *sl_fn_index_all(const sl_fn_index *ix, uint32_t *n);
/* Every problem in the tables (bad signature text, duplicate names, missing impl, ...),
 * one per line in the message; NULL when the tables are sound. */
sl_error *sl_fn_index_check(const sl_fn_index *ix);

sl_error *sl_fn_index_resolve(const sl_fn_index *ix, sl_arena *ar, const char *name,
                              const sl_type *const *argtypes, const sl_type *const *lambda_ret,
                              int nargs, const sl_value *const_args, const bool *is_const,
                              sl_fn_call **out);
sl_error *sl_fn_index_lambda_params(const sl_fn_index *ix, sl_arena *ar, const char *name,
                                    const sl_type *const *argtypes, int nargs, int li,
                                    const sl_type **params, int *nparams);

/* Signature text -> parsed signature, in ar; an error names what is wrong. */
sl_error *sl_fn_sig_parse(sl_arena *ar, const sl_fn_sig *sig, sl_fn_psig *out);
/* Appends "NAME(TYPE name, ELEM... name)" as ksqlDB lists alternatives. */
void sl_fn_sig_print(sl_buf *out, const char *fname, const sl_fn_psig *ps);

#endif
