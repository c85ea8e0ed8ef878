/*
 * expr.h - typed expressions: the IR the planner builds, the compiler that
 * turns it into a flat program, and the evaluator that runs it per row.
 *
 * Model
 *   The planner builds an expression tree bottom-up through the sl_expr_*_new
 *   builders. Each builder type-checks its node with ksqlDB's rules and inserts
 *   the implicit conversions (CAST nodes marked SL_EXF_IMPLICIT), so a bad
 *   expression fails here with ksqlDB's message ("Cannot compare ID (INTEGER)
 *   to 'x' (STRING) with EQUAL.") and a built tree is always well typed. Trees
 *   live in a query arena; a node is used once (no sharing between parents).
 *
 *   sl_expr_compile folds constant sub-trees and flattens the tree into an
 *   array of steps over a register file (PostgreSQL's ExprState model): no
 *   tree walk, no lookup by name and no allocation per row except result
 *   payloads in the batch arena. Short-circuit AND/OR and lazy CASE branches
 *   are jumps; lambdas are step ranges called back by TRANSFORM/FILTER/REDUCE.
 *
 *   Per-record failures never abort: division by zero, a failed CAST, a
 *   function error, arithmetic on a NULL operand (ksqlDB's NullPointerException)
 *   make the expression NULL, and the first error of the row is handed to the
 *   caller for the processing log. As in ksqlDB an error stops at the nearest
 *   boundary: an explicit CAST, a constructor element (ARRAY/MAP/STRUCT), a
 *   function argument that is itself a call, dereference or coercion, and
 *   otherwise the whole expression.
 *
 *   NULL semantics follow ksqlDB: comparisons, BETWEEN and IN with a NULL
 *   operand are FALSE (NOT then makes them TRUE); LIKE with a NULL operand is
 *   NULL; AND/OR/NOT over NULL booleans use SQL three-valued logic; IS [NOT]
 *   DISTINCT FROM compares NULLs; '+' on strings is Java concatenation (NULL
 *   reads "null") while '||' yields NULL; INT/BIGINT arithmetic wraps as Java's.
 *
 * Threads: builders and the compiler are called by the planner's thread; a
 * compiled program is run by one thread at a time (each task compiles its own).
 */
#ifndef SL_EXEC_EXPR_H
#define SL_EXEC_EXPR_H

#include "common/arena.h"
#include "common/buf.h"
#include "common/error.h"
#include "exec/func.h"
#include "exec/row.h"
#include "exec/types.h"
#include "exec/value.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum sl_expr_kind {
    SL_EX_COL,        /* index: position in sl_row.col; name for messages */
    SL_EX_SYSCOL,     /* index: SL_SYSCOL_* */
    SL_EX_LIT,        /* lit */
    SL_EX_ARITH,      /* op: SL_OP_*; args[0..1] */
    SL_EX_NEG,        /* args[0] */
    SL_EX_CONCAT,     /* args[0] || args[1] */
    SL_EX_CMP,        /* op: SL_CMP_*; args[0..1] */
    SL_EX_AND,        /* args[0..1] */
    SL_EX_OR,         /* args[0..1] */
    SL_EX_NOT,        /* args[0] */
    SL_EX_BETWEEN,    /* args: value, low, high; negated */
    SL_EX_IN,         /* args: value, then the list; negated */
    SL_EX_LIKE,       /* args: value, pattern; escape (0 when none); negated */
    SL_EX_IS_NULL,    /* args[0]; negated for IS NOT NULL */
    SL_EX_CASE,       /* args: [operand] (when, then)... [else]; flags CASE_OPERAND/CASE_ELSE */
    SL_EX_CAST,       /* args[0] to type */
    SL_EX_SUBSCRIPT,  /* args: array or map, index or key */
    SL_EX_DEREF,      /* args[0] a struct; index: field; name: field name */
    SL_EX_ARRAY,      /* args: elements */
    SL_EX_MAP,        /* args: key0, value0, key1, value1, ... */
    SL_EX_STRUCT,     /* args: field values; names: field names */
    SL_EX_CALL,       /* call; args */
    SL_EX_LAMBDA,     /* names, ptypes: nparams parameters; args[0]: the body */
    SL_EX_LAMBDA_VAR, /* name: a parameter of an enclosing lambda */
} sl_expr_kind;

typedef enum sl_arith_op { SL_OP_ADD, SL_OP_SUB, SL_OP_MUL, SL_OP_DIV, SL_OP_MOD } sl_arith_op;

typedef enum sl_cmp_op {
    SL_CMP_EQ,
    SL_CMP_NE,
    SL_CMP_LT,
    SL_CMP_LE,
    SL_CMP_GT,
    SL_CMP_GE,
    SL_CMP_DISTINCT,     /* IS DISTINCT FROM */
    SL_CMP_NOT_DISTINCT, /* IS NOT DISTINCT FROM */
} sl_cmp_op;

typedef enum sl_syscol {
    SL_SYSCOL_ROWTIME,      /* BIGINT */
    SL_SYSCOL_ROWPARTITION, /* INT, NULL when unknown */
    SL_SYSCOL_ROWOFFSET,    /* BIGINT, NULL when unknown */
    SL_SYSCOL_WINDOWSTART,  /* BIGINT, NULL for an unwindowed row */
    SL_SYSCOL_WINDOWEND,    /* BIGINT, NULL for an unwindowed row */
} sl_syscol;

enum {
    SL_EXF_IMPLICIT = 1 << 0,     /* a conversion the builder inserted; printed as its operand */
    SL_EXF_CASE_OPERAND = 1 << 1, /* CASE x WHEN ...: args[0] is x */
    SL_EXF_CASE_ELSE = 1 << 2,    /* the last arg is the ELSE result */
};

typedef struct sl_expr sl_expr;
struct sl_expr {
    sl_expr_kind kind;
    uint8_t op;    /* sl_arith_op / sl_cmp_op */
    uint8_t flags; /* SL_EXF_* */
    bool negated;  /* NOT BETWEEN, NOT IN, NOT LIKE, IS NOT NULL */
    char escape;   /* LIKE ... ESCAPE 'c' */
    const sl_type *type;
    uint32_t nargs;
    sl_expr **args;
    sl_value lit;           /* LIT */
    int32_t index;          /* COL, SYSCOL, DEREF */
    const char *name;       /* COL, DEREF, LAMBDA_VAR */
    const char **names;     /* STRUCT fields, LAMBDA parameters */
    const sl_type **ptypes; /* LAMBDA parameter types */
    uint32_t nparams;       /* LAMBDA */
    const sl_fn_call *call; /* CALL */
};

/*
 * Builders. All allocate in ar (the query arena) and borrow their children, which become
 * part of the new node. Fallible builders return NULL on success with *out set, or an
 * SL_E_TYPE error (ksqlDB's message) and leave *out untouched; children are not freed (the
 * arena owns them). Strings passed in (names) are copied.
 */
sl_expr *sl_expr_col_new(sl_arena *ar, int32_t index, const char *name, const sl_type *t);
sl_expr *sl_expr_syscol_new(sl_arena *ar, sl_syscol which);
/* A literal of type t; v's payload is copied into ar. t may be &sl_type_null. */
sl_expr *sl_expr_lit_new(sl_arena *ar, const sl_type *t, sl_value v);
sl_expr *sl_expr_lit_null(sl_arena *ar);
sl_expr *sl_expr_lit_bool(sl_arena *ar, bool b);
sl_expr *sl_expr_lit_int(sl_arena *ar, int32_t i);
sl_expr *sl_expr_lit_bigint(sl_arena *ar, int64_t i);
sl_expr *sl_expr_lit_double(sl_arena *ar, double d);
sl_expr *sl_expr_lit_string(sl_arena *ar, const char *s, size_t n);
/* A DECIMAL literal from its text ("2.345" is DECIMAL(4, 3)); error when over 38 digits. */
sl_error *sl_expr_lit_decimal(sl_arena *ar, const char *text, size_t n, sl_expr **out);

sl_error *sl_expr_arith_new(sl_arena *ar, sl_arith_op op, sl_expr *l, sl_expr *r, sl_expr **out);
sl_error *sl_expr_neg_new(sl_arena *ar, sl_expr *e, sl_expr **out);
sl_error *sl_expr_concat_new(sl_arena *ar, sl_expr *l, sl_expr *r, sl_expr **out);
sl_error *sl_expr_cmp_new(sl_arena *ar, sl_cmp_op op, sl_expr *l, sl_expr *r, sl_expr **out);
sl_error *sl_expr_and_new(sl_arena *ar, sl_expr *l, sl_expr *r, sl_expr **out);
sl_error *sl_expr_or_new(sl_arena *ar, sl_expr *l, sl_expr *r, sl_expr **out);
sl_error *sl_expr_not_new(sl_arena *ar, sl_expr *e, sl_expr **out);
sl_error *sl_expr_between_new(sl_arena *ar, sl_expr *v, sl_expr *lo, sl_expr *hi, bool negated,
                              sl_expr **out);
sl_error *sl_expr_in_new(sl_arena *ar, sl_expr *v, sl_expr *const *list, uint32_t n, bool negated,
                         sl_expr **out);
/* escape is the ESCAPE character, or 0. */
sl_error *sl_expr_like_new(sl_arena *ar, sl_expr *v, sl_expr *pattern, char escape, bool negated,
                           sl_expr **out);
sl_expr *sl_expr_is_null_new(sl_arena *ar, sl_expr *e, bool negated);
/* Searched CASE when operand is NULL, else simple CASE (operand = whens[i]). otherwise may be
 * NULL. Branch types must be equal, as in ksqlDB. */
sl_error *sl_expr_case_new(sl_arena *ar, sl_expr *operand, sl_expr *const *whens,
                           sl_expr *const *thens, uint32_t n, sl_expr *otherwise, sl_expr **out);
sl_error *sl_expr_cast_new(sl_arena *ar, sl_expr *e, const sl_type *to, sl_expr **out);
/* base[index]: arrays are 1-based, negative counts from the end; maps look the key up. */
sl_error *sl_expr_subscript_new(sl_arena *ar, sl_expr *base, sl_expr *index, sl_expr **out);
sl_error *sl_expr_deref_new(sl_arena *ar, sl_expr *base, const char *field, sl_expr **out);
sl_error *sl_expr_array_new(sl_arena *ar, sl_expr *const *elems, uint32_t n, sl_expr **out);
sl_error *sl_expr_map_new(sl_arena *ar, sl_expr *const *keys, sl_expr *const *values, uint32_t n,
                          sl_expr **out);
sl_error *sl_expr_struct_new(sl_arena *ar, const char *const *names, sl_expr *const *values,
                             uint32_t n, sl_expr **out);
/* name(args) resolved through the registry. Lambda arguments are SL_EX_LAMBDA nodes whose
 * parameter types the binder got from sl_expr_lambda_params. */
sl_error *sl_expr_call_new(sl_arena *ar, const char *name, sl_expr *const *args, uint32_t n,
                           sl_expr **out);
/* The parameter types of the lambda at argument li of name(args), args[li] (and any other
 * lambda not bound yet) being NULL. Writes up to 3 types to params. */
sl_error *sl_expr_lambda_params(sl_arena *ar, const char *name, sl_expr *const *args, uint32_t n,
                                uint32_t li, const sl_type **params, uint32_t *nparams);
/* A lambda variable as the body refers to it, typed from sl_expr_lambda_params. */
sl_expr *sl_expr_lambda_var_new(sl_arena *ar, const char *name, const sl_type *t);
sl_error *sl_expr_lambda_new(sl_arena *ar, uint32_t nparams, const char *const *names,
                             const sl_type *const *types, sl_expr *body, sl_expr **out);

/* Appends the expression as ksqlDB prints it in messages: (A + 1), 'text', CAST(X AS INTEGER),
 * ARRAY[1, 2], MAP('a':=1), STRUCT(F:=1), F(X, Y), (X) => (X + 1). */
void sl_expr_print(sl_buf *out, const sl_expr *e);
/* Whether e references no column, system column or lambda variable, and calls nothing
 * non-deterministic (it can be folded to a literal). */
bool sl_expr_is_constant(const sl_expr *e);

/*
 * Programs.
 */
typedef struct sl_prog sl_prog;

/* Compiles one expression (a predicate or a value). The program and everything it needs
 * live in ar, which must outlive it; call sl_prog_free before freeing ar (it runs the
 * functions' fini). Errors: SL_E_TYPE for a tree that cannot run here (an aggregate or table
 * function, a lambda outside a call), or a function init failing on its constant arguments. */
sl_error *sl_expr_compile(sl_arena *ar, const sl_expr *e, sl_prog **out);
/* Compiles n expressions evaluated together (a projection); each fails on its own. */
sl_error *sl_expr_compile_list(sl_arena *ar, const sl_expr *const *es, uint32_t n, sl_prog **out);
void sl_prog_free(sl_prog *p);

/* Evaluates expression 0 over row; payloads of the result are allocated in ar or borrowed
 * from the row. *err receives the first per-record error of the row (caller frees), or NULL;
 * err may be NULL to discard it. */
sl_value sl_prog_eval(sl_prog *p, const sl_row *row, sl_arena *ar, sl_error **err);
/* Evaluates every expression of a list program into out[0..n). */
void sl_prog_eval_all(sl_prog *p, const sl_row *row, sl_arena *ar, sl_value *out, sl_error **err);

/* Receives a per-record error (and ownership of err) for row index row of a batch. */
typedef void (*sl_prog_error_fn)(void *ctx, uint32_t row, sl_error *err);

/* Runs a predicate over every row of b and writes to sel (room for b->n) the indexes of the
 * rows where it is TRUE (FALSE and NULL drop the row); returns how many. Intermediate payloads
 * go to b->ar. on_err may be NULL (errors are then discarded). */
uint32_t sl_prog_select(sl_prog *p, const sl_batch *b, uint32_t *sel, sl_prog_error_fn on_err,
                        void *ctx);
/* Runs a list program over every row of in (or only rows sel[0..nsel) when sel is not NULL)
 * and appends one row per input row to out, column i holding expression i (out->ncols should
 * be the program's expression count; extra expressions are dropped, extra columns stay 0);
 * system columns are copied. Results are allocated in out->ar or borrow from in, so out
 * must be consumed before in is reset. */
void sl_prog_project(sl_prog *p, const sl_batch *in, const uint32_t *sel, uint32_t nsel,
                     sl_batch *out, sl_prog_error_fn on_err, void *ctx);

/* The result type of expression i of a program. */
const sl_type *sl_prog_type(const sl_prog *p, uint32_t i);

#endif
