/*
 * expr_int.h - inside the expression module (expr_*.c); not a face.
 *
 * A program is an array of steps over a register file. The columns it reads
 * are copied into their registers when a row starts (col_bind). Each step reads
 * registers a/b (or a run of c registers from b), writes register dst, and
 * either falls through or jumps. Constants (literals, folded sub-trees, lambda
 * closures) are written into their registers once at compile time and never
 * overwritten. A step that can fail names in on_err the step to continue at,
 * a CATCH that sets the failed boundary's register to NULL, or -1 to leave the
 * range with the error (the whole expression, or a lambda body).
 */
#ifndef SL_EXEC_EXPR_INT_H
#define SL_EXEC_EXPR_INT_H

#include "exec/cast.h"
#include "exec/expr.h"

enum {
    /* moves and control */
    OP_END,         /* leave the range */
    OP_LOAD_SYS,    /* dst = system column a */
    OP_MOVE,        /* dst = a */
    OP_CATCH,       /* dst = NULL (reached only through on_err) */
    OP_NULL,        /* dst = NULL */
    OP_JUMP,        /* pc = jump */
    OP_JUMP_UNLESS, /* if a is not TRUE: pc = jump */
    OP_AND_SHORT,   /* if a is FALSE: dst = FALSE, pc = jump */
    OP_OR_SHORT,    /* if a is TRUE: dst = TRUE, pc = jump */
    OP_AND,         /* dst = a AND b, three-valued */
    OP_OR,
    OP_NOT,
    OP_IS_NULL, /* sub: negated */
    /* arithmetic; sub: sl_arith_op; a NULL operand is an error (Java's NPE) */
    OP_ARITH_I32,
    OP_ARITH_I64,
    OP_ARITH_F64,
    OP_ARITH_DEC, /* aux.dec */
    OP_NEG_I32,
    OP_NEG_I64,
    OP_NEG_F64,
    OP_NEG_DEC,
    OP_STR_PLUS, /* Java string +: NULL reads "null" */
    OP_CONCAT,   /* SQL ||: NULL if either is NULL */
    /* comparisons; sub: sl_cmp_op (EQ..GE); a NULL operand gives FALSE */
    OP_CMP_I64,
    OP_CMP_F64,
    OP_CMP_DEC,     /* aux.dec: the scales */
    OP_CMP_DEC_F64, /* decimal a (scale in aux.dec) against double b */
    OP_CMP_STR,
    OP_CMP_BYTES,
    OP_CMP_EQ_ANY,  /* composite (in)equality; aux.type */
    OP_DISTINCT,    /* sub: 1 = IS NOT DISTINCT; aux.type */
    OP_IN,          /* a IN (regs b .. b+c); aux.type */
    OP_LIKE,        /* aux.like: a constant pattern, or NULL to read b */
    OP_CAST,        /* aux.cast */
    OP_ARRAY_AT,    /* dst = a[b] */
    OP_MAP_GET,     /* dst = a[b]; aux.type: key type */
    OP_FIELD,       /* dst = a.field c */
    OP_MAKE_ARRAY,  /* regs b .. b+c */
    OP_MAKE_MAP,    /* key/value pairs in regs b .. b+2c; aux.type: key type */
    OP_MAKE_STRUCT, /* regs b .. b+c */
    OP_CALL,        /* aux.site over regs b .. b+c */
};

typedef struct like_pattern like_pattern;

typedef struct dec_info {
    int sa, sb; /* operand scales */
    int rp, rs; /* result precision and scale */
} dec_info;

typedef struct cast_info {
    sl_cast_fn fn;
    const sl_type *from, *to;
} cast_info;

typedef struct call_site {
    sl_fnctx cx; /* cx.ar set per row; cx.ev set when the program runs */
    sl_scalar_impl impl;
    bool null_safe;
} call_site;

typedef struct lambda_closure {
    uint32_t start; /* first step of the body; the body ends with OP_END */
    int32_t result; /* register of the body's value */
    uint32_t nparams;
    int32_t params[3]; /* parameter registers */
} lambda_closure;

typedef struct sl_step {
    uint8_t op;
    uint8_t sub;
    int32_t dst, a, b, c;
    int32_t jump;   /* jumps; CATCH target of a boundary */
    int32_t on_err; /* step to continue at after an error, -1: leave the range */
    union {
        const sl_type *type;
        const dec_info *dec;
        const cast_info *cast;
        call_site *site;
        const like_pattern *like;
        const char *text; /* the expression, for error messages */
    } aux;
    const char *text; /* arithmetic: the expression printed, for NULL-operand errors */
} sl_step;

struct sl_eval {
    sl_prog *prog;
    const sl_row *row;
    sl_arena *ar;
    sl_error *err; /* the first error of the row */
    sl_buf scratch;
};

/* A column the program reads, copied into its register when a row starts: a column used
 * in several places (or in a lambda called per element) is loaded once, and no step does it. */
typedef struct col_bind {
    int32_t col, reg;
} col_bind;

struct sl_prog {
    sl_step *steps;
    uint32_t nsteps;
    sl_value *regs;
    uint32_t nregs;
    col_bind *binds;
    uint32_t nbinds;
    uint32_t nexprs;
    int32_t *results;      /* [nexprs] result registers */
    const sl_type **types; /* [nexprs] */
    call_site **sites;     /* every call site, for fini */
    uint32_t nsites;
    char escape_default;
    struct sl_eval ev;
};

/* Runs steps from pc until OP_END; returns the error that left the range, or NULL. */
sl_error *sl_expr_run(struct sl_eval *ev, uint32_t pc);
/* Records an error of the current row (keeps the first, frees the others). */
void sl_expr_record(struct sl_eval *ev, sl_error *err);

/* LIKE: compiles a constant pattern (NULL on a bad escape sequence, *err set); matching. */
like_pattern *sl_like_compile(sl_arena *ar, const char *p, size_t n, char escape, sl_error **err);
bool sl_like_match(const like_pattern *lp, const char *s, size_t n);
/* Matches without compiling (a pattern that changes per row); *err on a bad escape. */
bool sl_like_match_text(const char *p, size_t pn, char escape, const char *s, size_t n,
                        sl_error **err);

/* Builder helpers shared by expr_build.c and expr_coerce.c. */
sl_expr *sl_expr_node_new(sl_arena *ar, sl_expr_kind kind, const sl_type *t, uint32_t nargs);
/* e converted to t: e itself when the types are equal, a literal converted now, or an
 * implicit CAST node. Errors when a literal does not convert. */
sl_error *sl_expr_coerce_to(sl_arena *ar, sl_expr *e, const sl_type *t, sl_expr **out);
/* ksqlDB's coercion of a user list (IN lists, ARRAY/MAP elements): the first typed element
 * drives the common type, string literals may become numbers or booleans, constructors are
 * resolved element by element. Converts es in place; *common is NULL when every element is
 * an untyped NULL. */
sl_error *sl_expr_coerce_list(sl_arena *ar, sl_expr **es, uint32_t n, const sl_type **common);
/* The type a string literal's text reads as, when a number: INT, BIGINT or DECIMAL; NULL
 * when it is not a number. */
const sl_type *sl_expr_string_numeric_type(sl_arena *ar, const char *s, size_t n);
/* Printed expression as an arena string. */
const char *sl_expr_text(sl_arena *ar, const sl_expr *e);

#endif
