/*
 * func.h - the function registry: every scalar, aggregate and table function,
 * one table of definitions, read by the binder (overload resolution), the
 * expression compiler, DESCRIBE FUNCTION and SHOW FUNCTIONS.
 *
 * Model
 *   A definition (sl_fn_def) is a name plus overloads (sl_fn_sig). Each overload
 *   states its parameter and return types in a small type language, so the same
 *   text drives resolution and documentation:
 *
 *     INT BIGINT DOUBLE BOOLEAN STRING BYTES TIMESTAMP DATE TIME    exact kinds
 *     DECIMAL                  any DECIMAL(p, s)
 *     ARRAY<X>  MAP<K, V>      composites, X/K/V any type expression
 *     STRUCT                   any struct
 *     T U V K W                type variables, bound by the first argument that
 *                              matches them and checked against later ones
 *     ANY                      any type, not bound
 *     FUNC(T)->U  FUNC(T, U)->V   a lambda argument: its parameters get the
 *                              types bound so far, its body binds the return
 *     INTERVAL                 a time unit keyword (SECONDS, DAYS, ...)
 *     ...X                     the last parameter repeats zero or more times
 *
 *   A parameter may be followed by a name ("ARRAY<T> list"), shown when ksqlDB-style
 *   errors list the valid alternatives. In a return type, DECIMAL and STRUCT stand
 *   for the type of the first argument of that kind (use ret_fn for anything else).
 *
 *   e.g. {"ARRAY<T>, FUNC(T)->U", "ARRAY<U>"} is TRANSFORM over arrays.
 *   Resolution follows ksqlDB's UdfIndex: overloads that accept the arguments
 *   exactly are considered first; only if there are none, overloads that accept
 *   them with implicit widening (INT -> BIGINT -> DECIMAL -> DOUBLE; a constant
 *   STRING to TIMESTAMP/DATE/TIME); NULL matches any parameter. Among the
 *   candidates of a pass a fixed-arity overload beats a variadic one, then more
 *   parameters, then fewer generic parameters win; a tie is an error naming the
 *   candidates (GREATEST(INT, BIGINT) is ambiguous, as in ksqlDB). When the
 *   return type depends on argument types beyond type variables (DECIMAL
 *   precision, struct shapes), ret_fn computes it.
 *
 * Calling convention (scalars)
 *   impl(cx, args, nargs, &out) writes one value. Unless the overload sets
 *   SL_FN_NULL_SAFE, the evaluator returns NULL without calling impl when any
 *   argument is NULL. Results' payloads (strings, arrays, ...) are allocated in
 *   cx->ar (the batch arena). A per-record failure (bad input for the function)
 *   returns an SL_E_EVAL error: the evaluator reports it to the processing log
 *   and the expression yields NULL, as ksqlDB does. impl never aborts on input.
 *
 *   Each args[i] holds a value of arg_types[i]: the evaluator applies the implicit
 *   widening chosen by resolution (INT -> BIGINT -> DECIMAL -> DOUBLE) before the call.
 *
 *   An INTERVAL parameter (the time unit of TIMESTAMPADD, DATEADD, TIMEADD, ...)
 *   is always a constant: the binder turns the unit keyword into an sl_value
 *   (in const_args and args alike) whose u.i is the unit's length in
 *   milliseconds: MILLISECOND(S) 1, SECOND(S) 1000, MINUTE(S) 60000,
 *   HOUR(S) 3600000, DAY(S) 86400000.
 *
 *   init, when set, runs once per call site when the expression is compiled,
 *   with the constant arguments known (cx->call->const_args), e.g. to compile a
 *   constant regex; what it stores in *state is passed back as cx->state. A
 *   compiled expression is run by one thread at a time, so the state may hold
 *   scratch space; fini frees it.
 *
 * Thread safety: the registry is immutable after its first use; any thread may
 * read it.
 */
#ifndef SL_EXEC_FUNC_H
#define SL_EXEC_FUNC_H

#include "common/arena.h"
#include "common/error.h"
#include "exec/types.h"
#include "exec/value.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum sl_fn_kind { SL_FN_SCALAR, SL_FN_AGGREGATE, SL_FN_TABLE } sl_fn_kind;

enum {
    SL_FN_NULL_SAFE = 1 << 0,        /* impl is called with NULL arguments and handles them */
    SL_FN_NONDETERMINISTIC = 1 << 1, /* RANDOM, UUID: never constant-folded */
    /* Aggregates whose ksqlDB intermediate (state) type is a struct, array or map: ksqlDB
     * refuses them when the value format cannot hold one (DELIMITED, KAFKA) with "One of
     * the functions used in the statement has an intermediate type that the value format
     * can not handle. Please remove the function or change the format." */
    SL_FN_AGG_COMPOSITE_STATE = 1 << 8,
};

typedef struct sl_fn_def sl_fn_def;
typedef struct sl_fn_sig sl_fn_sig;
typedef struct sl_agg_vt sl_agg_vt;
struct sl_eval;

/* Query settings that functions read, fixed when the query is planned: ksqlDB's
 * ksql.functions.* properties. A negative limit means no limit. */
typedef struct sl_fn_conf {
    int32_t collect_list_limit; /* ksql.functions.collect_list.limit (COLLECT_LIST) */
    int32_t collect_set_limit;  /* ksql.functions.collect_set.limit (COLLECT_SET) */
} sl_fn_conf;

/* A resolved call site: which overload, with which argument types. Built by
 * sl_fn_resolve in a query arena; immutable afterwards. */
typedef struct sl_fn_call {
    const sl_fn_def *def;
    const sl_fn_sig *sig;
    int nargs;
    const sl_type **arg_types; /* each argument's type after implicit widening */
    const sl_type *ret_type;
    const sl_value *const_args; /* [nargs]: the value of each constant argument */
    const bool *is_const;       /* [nargs]: whether that argument is a constant */
    const sl_fn_conf *conf;     /* set by the planner after resolving; NULL: defaults */
} sl_fn_call;

typedef struct sl_fnctx {
    sl_arena *ar;            /* result payloads go here */
    const sl_fn_call *call;
    void *state;             /* what sig->init stored for this call site, or NULL */
    struct sl_eval *ev;      /* the running evaluator, for sl_lambda_call */
} sl_fnctx;

typedef sl_error *(*sl_scalar_impl)(sl_fnctx *cx, const sl_value *args, int nargs, sl_value *out);
/* Table functions (EXPLODE): writes *nout values, allocated in cx->ar, to *out. */
typedef sl_error *(*sl_table_impl)(sl_fnctx *cx, const sl_value *args, int nargs, sl_value **out,
                                   uint32_t *nout);
typedef sl_error *(*sl_fn_init)(const sl_fn_call *call, void **state);
typedef void (*sl_fn_fini)(void *state);
/* Computes the return type from the argument types; NULL with *err set when invalid. */
typedef const sl_type *(*sl_fn_rettype)(sl_arena *ar, const sl_type *const *args, int nargs,
                                        sl_error **err);

struct sl_fn_sig {
    const char *params;     /* parameter types, comma-separated (see above); "" for none */
    const char *ret;        /* return type, or NULL when ret_fn computes it */
    sl_fn_rettype ret_fn;
    sl_scalar_impl impl;    /* SL_FN_SCALAR */
    const sl_agg_vt *agg;   /* SL_FN_AGGREGATE */
    sl_table_impl table;    /* SL_FN_TABLE */
    sl_fn_init init;
    sl_fn_fini fini;
    uint32_t flags;
    const char *doc;        /* one line for DESCRIBE FUNCTION */
};

struct sl_fn_def {
    const char *name;        /* upper case */
    sl_fn_kind kind;
    const char *category;    /* as SHOW FUNCTIONS groups them: "MATHEMATICAL", "STRING", ... */
    const char *description;
    const sl_fn_sig *sigs;
    uint32_t nsigs;
};

/* The definition named name (any case), or NULL. */
const sl_fn_def *sl_fn_lookup(const char *name);
/* Every definition, sorted by name; *n receives the count. */
const sl_fn_def *const *sl_fn_all(uint32_t *n);
/* Checks every registered table: signature text that does not parse, return types with
 * unbound variables, duplicate names, missing impl/agg/table. NULL when sound, else one
 * SL_E_INTERNAL error listing every problem (one per line). For unit tests. */
sl_error *sl_fn_check_tables(void);

/*
 * Resolves name(args) to one overload. argtypes[i] is NULL for a lambda argument
 * whose type is not known yet; the binder then asks sl_fn_lambda_params for its
 * parameter types, binds the body, and calls sl_fn_resolve again with
 * lambda_ret[i] set to the body's type. const_args/is_const may be NULL.
 * On success *out is allocated in ar. Errors are ksqlDB's messages, e.g.
 * "Function 'ABS' does not accept parameters (STRING)." (SL_E_TYPE).
 */
sl_error *sl_fn_resolve(sl_arena *ar, const char *name, const sl_type *const *argtypes,
                        const sl_type *const *lambda_ret, int nargs, const sl_value *const_args,
                        const bool *is_const, sl_fn_call **out);
/* Types of the parameters of the lambda at argument index li, given the other
 * arguments' types; writes up to 3 types to params and their count to *nparams. */
sl_error *sl_fn_lambda_params(sl_arena *ar, const char *name, const sl_type *const *argtypes,
                              int nargs, int li, const sl_type **params, int *nparams);

/* Calls the lambda value fn (an argument of type LAMBDA) with argv; the result
 * is allocated in cx->ar. Implemented by the expression evaluator. */
sl_error *sl_lambda_call(sl_fnctx *cx, const sl_value *fn, const sl_value *argv, int argc,
                         sl_value *out);

#endif
