/*
 * expr_compile.c - from a typed expression tree to a flat program (see
 * expr_int.h for the step format).
 *
 * Model
 *   Compilation is two passes over the tree. fold() rewrites, bottom-up, every
 *   sub-tree whose inputs are all constant into a literal by compiling and
 *   running it once (a failure, such as 1/0, leaves it for each row to report);
 *   AND/OR with a constant left side and CASE with constant conditions are cut
 *   down too. emit() then walks the folded tree once and appends steps: each
 *   node yields the register that holds its value. Literals cost no step (their
 *   registers are filled at compile time); AND/OR and CASE jump over what they
 *   do not need; a lambda body is a range of steps skipped by a jump and called
 *   back through sl_lambda_call.
 *
 *   Error boundaries: while a boundary is open, steps that can fail carry a
 *   marker in on_err; when it closes, the compiler appends a jump over a CATCH
 *   step and points the marked steps at the CATCH, which sets the boundary's
 *   register to NULL. Every top-level expression is a boundary, so one failing
 *   column of a projection does not take the others with it.
 *
 * Routines: sl_expr_compile, sl_expr_compile_list, sl_prog_free, sl_prog_type.
 */
#include "exec/decimal.h"
#include "exec/expr_int.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SCOPES 32
#define MAX_DEPTH  1000 /* nesting the compiler accepts (it recurses once per level) */

typedef struct scope {
    const sl_expr *lambda;
    int32_t regs[3];
} scope;

typedef struct cstate {
    sl_arena *ar;
    sl_step *steps; /* malloc'd while compiling, copied into ar at the end */
    uint32_t nsteps, cap;
    uint32_t nregs;
    struct konst {
        int32_t reg;
        sl_value v;
    } * consts;
    size_t nconsts, cconsts;
    call_site **sites;
    size_t nsites, csites;
    col_bind *binds; /* one register per column read */
    size_t nbinds, cbinds;
    int32_t handler; /* on_err for new steps: -1, or a boundary marker (<= -2) */
    int32_t next_marker;
    scope scopes[MAX_SCOPES];
    int nscopes;
    int depth;
    bool no_fold;
    sl_error *err; /* the first compile error */
} cstate;

static int32_t new_reg(cstate *cs)
{
    return (int32_t)cs->nregs++;
}

static int32_t new_regs(cstate *cs, uint32_t n)
{
    int32_t r = (int32_t)cs->nregs;
    cs->nregs += n;
    return r;
}

static sl_step *add_step(cstate *cs, int op, int32_t dst, int32_t a, int32_t b)
{
    if (cs->nsteps == cs->cap) {
        size_t cap = cs->cap;
        SL_GROW(cs->steps, cap, (size_t)cs->nsteps + 1);
        cs->cap = (uint32_t)cap;
    }
    sl_step *s = &cs->steps[cs->nsteps++];
    memset(s, 0, sizeof *s);
    s->op = (uint8_t)op;
    s->dst = dst;
    s->a = a;
    s->b = b;
    s->on_err = cs->handler;
    return s;
}

/* Register reg holds v from compile time on. */
static void preload(cstate *cs, int32_t reg, sl_value v)
{
    if (cs->nconsts == cs->cconsts) SL_GROW(cs->consts, cs->cconsts, cs->nconsts + 1);
    cs->consts[cs->nconsts].reg = reg;
    cs->consts[cs->nconsts++].v = v;
}

static int32_t const_reg(cstate *cs, sl_value v)
{
    int32_t r = new_reg(cs);
    preload(cs, r, v);
    return r;
}

static void fail(cstate *cs, sl_error *err)
{
    if (!cs->err)
        cs->err = err;
    else
        sl_error_free(err);
}

static int32_t emit(cstate *cs, const sl_expr *e);

/* e's value into register dst. exclusive: dst is written by nothing else, so a literal can
 * be put there once at compile time. */
static void emit_into(cstate *cs, const sl_expr *e, int32_t dst, bool exclusive)
{
    if (exclusive && e->kind == SL_EX_LIT) {
        preload(cs, dst, e->lit);
        return;
    }
    int32_t r = emit(cs, e);
    if (r != dst) add_step(cs, OP_MOVE, dst, r, 0);
}

/* --- boundaries -------------------------------------------------------------------------- */

static int32_t open_boundary(cstate *cs, uint32_t *start)
{
    int32_t saved = cs->handler;
    cs->handler = cs->next_marker--;
    *start = cs->nsteps;
    return saved;
}

/* Closes the boundary opened at start; a failure inside sets register r to NULL. */
static void close_boundary(cstate *cs, int32_t saved, uint32_t start, int32_t r)
{
    int32_t marker = cs->handler;
    cs->handler = saved;
    bool any = false;
    for (uint32_t i = start; i < cs->nsteps; i++)
        any |= cs->steps[i].on_err == marker;
    if (!any) return;
    uint32_t ji = cs->nsteps;
    add_step(cs, OP_JUMP, 0, 0, 0);
    add_step(cs, OP_CATCH, r, 0, 0);
    int32_t catch_at = (int32_t)cs->nsteps - 1;
    cs->steps[ji].jump = catch_at + 1;
    for (uint32_t i = start; i < (uint32_t)catch_at; i++)
        if (cs->steps[i].on_err == marker) cs->steps[i].on_err = catch_at;
}

/* e inside its own boundary, its value in dst (a register e's steps write). */
static void emit_guarded_into(cstate *cs, const sl_expr *e, int32_t dst, bool exclusive)
{
    uint32_t start;
    int32_t saved = open_boundary(cs, &start);
    if (e->kind == SL_EX_LIT) { /* nothing can fail */
        cs->handler = saved;
        emit_into(cs, e, dst, exclusive);
        return;
    }
    int32_t r = emit(cs, e);
    if (r != dst) add_step(cs, OP_MOVE, dst, r, 0);
    close_boundary(cs, saved, start, dst);
}

/* --- leaves, arithmetic, comparisons ----------------------------------------------------- */

/* The register column col is copied into when a row starts. */
static int32_t column_reg(cstate *cs, int32_t col)
{
    for (size_t i = 0; i < cs->nbinds; i++)
        if (cs->binds[i].col == col) return cs->binds[i].reg;
    if (cs->nbinds == cs->cbinds) SL_GROW(cs->binds, cs->cbinds, cs->nbinds + 1);
    cs->binds[cs->nbinds].col = col;
    cs->binds[cs->nbinds].reg = new_reg(cs);
    return cs->binds[cs->nbinds++].reg;
}

static int32_t emit_lambda_var(cstate *cs, const sl_expr *e)
{
    for (int s = cs->nscopes - 1; s >= 0; s--)
        for (uint32_t i = 0; i < cs->scopes[s].lambda->nparams; i++)
            if (strcasecmp(cs->scopes[s].lambda->names[i], e->name) == 0)
                return cs->scopes[s].regs[i];
    fail(cs, sl_error_new(SL_E_TYPE, "Unknown lambda variable %s", e->name));
    return const_reg(cs, sl_value_null());
}

static int32_t emit_arith(cstate *cs, const sl_expr *e)
{
    int32_t a = emit(cs, e->args[0]), b = emit(cs, e->args[1]), dst = new_reg(cs);
    const sl_type *t = e->type;
    int op = t->kind == SL_K_INT      ? OP_ARITH_I32
             : t->kind == SL_K_BIGINT ? OP_ARITH_I64
             : t->kind == SL_K_DOUBLE ? OP_ARITH_F64
             : t->kind == SL_K_STRING ? OP_STR_PLUS
                                      : OP_ARITH_DEC;
    sl_step *s = add_step(cs, op, dst, a, b);
    s->sub = e->op;
    s->text = sl_expr_text(cs->ar, e);
    if (op == OP_ARITH_DEC) {
        dec_info *d = SL_ARENA_NEW(cs->ar, dec_info);
        d->sa = e->args[0]->type->scale;
        d->sb = e->args[1]->type->scale;
        d->rp = t->precision;
        d->rs = t->scale;
        s->aux.dec = d;
    }
    return dst;
}

static int32_t emit_neg(cstate *cs, const sl_expr *e)
{
    int32_t a = emit(cs, e->args[0]), dst = new_reg(cs);
    sl_kind k = e->type->kind;
    sl_step *s = add_step(cs,
                          k == SL_K_INT      ? OP_NEG_I32
                          : k == SL_K_BIGINT ? OP_NEG_I64
                          : k == SL_K_DOUBLE ? OP_NEG_F64
                                             : OP_NEG_DEC,
                          dst, a, 0);
    s->text = sl_expr_text(cs->ar, e);
    return dst;
}

/* The comparison step for values of types lt and rt (as the builder left them) into dst. */
static void emit_cmp_step(cstate *cs, sl_cmp_op op, const sl_type *lt, const sl_type *rt, int32_t a,
                          int32_t b, int32_t dst)
{
    if (op == SL_CMP_DISTINCT || op == SL_CMP_NOT_DISTINCT) {
        sl_step *s = add_step(cs, OP_DISTINCT, dst, a, b);
        s->sub = op == SL_CMP_NOT_DISTINCT;
        s->aux.type = lt;
        return;
    }
    sl_kind l = lt->kind, r = rt->kind;
    int code;
    if (l == SL_K_DECIMAL || r == SL_K_DECIMAL) {
        if (l == SL_K_DOUBLE || r == SL_K_DOUBLE) { /* decimal first, the operator mirrored */
            static const uint8_t mirror[] = {SL_CMP_EQ, SL_CMP_NE, SL_CMP_GT,
                                             SL_CMP_GE, SL_CMP_LT, SL_CMP_LE};
            bool swap = l == SL_K_DOUBLE;
            sl_step *s = add_step(cs, OP_CMP_DEC_F64, dst, swap ? b : a, swap ? a : b);
            s->sub = swap ? mirror[op] : (uint8_t)op;
            dec_info *d = SL_ARENA_NEW(cs->ar, dec_info);
            d->sa = swap ? rt->scale : lt->scale;
            s->aux.dec = d;
            return;
        }
        sl_step *s = add_step(cs, OP_CMP_DEC, dst, a, b);
        s->sub = (uint8_t)op;
        dec_info *d = SL_ARENA_NEW(cs->ar, dec_info);
        d->sa = l == SL_K_DECIMAL ? lt->scale : -1; /* -1: an integer payload */
        d->sb = r == SL_K_DECIMAL ? rt->scale : -1;
        s->aux.dec = d;
        return;
    }
    switch (l) {
    case SL_K_DOUBLE:
        code = OP_CMP_F64;
        break;
    case SL_K_STRING:
        code = OP_CMP_STR;
        break;
    case SL_K_BYTES:
        code = OP_CMP_BYTES;
        break;
    case SL_K_ARRAY:
    case SL_K_MAP:
    case SL_K_STRUCT:
        code = OP_CMP_EQ_ANY;
        break;
    default:
        code = OP_CMP_I64;
        break;
    }
    sl_step *s = add_step(cs, code, dst, a, b);
    s->sub = (uint8_t)op;
    s->aux.type = lt;
}

static int32_t emit_cmp(cstate *cs, const sl_expr *e)
{
    int32_t a = emit(cs, e->args[0]), b = emit(cs, e->args[1]), dst = new_reg(cs);
    emit_cmp_step(cs, (sl_cmp_op)e->op, e->args[0]->type, e->args[1]->type, a, b, dst);
    return dst;
}

static int32_t emit_not(cstate *cs, int32_t a)
{
    int32_t dst = new_reg(cs);
    add_step(cs, OP_NOT, dst, a, 0);
    return dst;
}

/* The nodes of a left-deep chain ((a OP b) OP c) OP d of one kind, top first; *leaf is a.
 * Generated predicates (id = 1 OR id = 2 OR ...) nest thousands deep this way, so chains are
 * walked by loops, not recursion. The array is malloc'd; the caller frees it. */
static const sl_expr **spine(const sl_expr *e, uint32_t *n, const sl_expr **leaf)
{
    size_t cap = 0;
    const sl_expr **nodes = NULL;
    *n = 0;
    for (; e->kind == SL_EX_AND || e->kind == SL_EX_OR; e = e->args[0]) {
        if (*n && e->kind != nodes[0]->kind) break;
        SL_GROW(nodes, cap, (size_t)*n + 1);
        nodes[(*n)++] = e;
    }
    *leaf = e;
    return nodes;
}

/* Three-valued AND/OR with short-circuit: once the running value decides the chain
 * (FALSE for AND, TRUE for OR) the rest is skipped. */
static int32_t emit_logic(cstate *cs, const sl_expr *e)
{
    bool is_and = e->kind == SL_EX_AND;
    uint32_t n;
    const sl_expr *leaf;
    const sl_expr **nodes = spine(e, &n, &leaf);
    uint32_t *shorts = sl_malloc(sizeof *shorts * n);
    int32_t acc = emit(cs, leaf), dst = new_reg(cs);
    for (uint32_t k = n; k-- > 0;) {
        shorts[k] = cs->nsteps;
        add_step(cs, is_and ? OP_AND_SHORT : OP_OR_SHORT, dst, acc, 0);
        int32_t b = emit(cs, nodes[k]->args[1]);
        add_step(cs, is_and ? OP_AND : OP_OR, dst, acc, b);
        acc = dst;
    }
    for (uint32_t k = 0; k < n; k++)
        cs->steps[shorts[k]].jump = (int32_t)cs->nsteps;
    free(shorts);
    free(nodes);
    return dst;
}

static int32_t emit_between(cstate *cs, const sl_expr *e)
{
    int32_t v = emit(cs, e->args[0]), lo = emit(cs, e->args[1]), hi = emit(cs, e->args[2]);
    int32_t t1 = new_reg(cs), t2 = new_reg(cs), dst = new_reg(cs);
    const sl_type *vt = e->args[0]->type;
    emit_cmp_step(cs, SL_CMP_GE, vt, e->args[1]->type, v, lo, t1);
    emit_cmp_step(cs, SL_CMP_LE, vt, e->args[2]->type, v, hi, t2);
    add_step(cs, OP_AND, dst, t1, t2);
    return e->negated ? emit_not(cs, dst) : dst;
}

static int32_t emit_in(cstate *cs, const sl_expr *e)
{
    int32_t v = emit(cs, e->args[0]), base = new_regs(cs, e->nargs - 1), dst = new_reg(cs);
    for (uint32_t i = 1; i < e->nargs; i++)
        emit_into(cs, e->args[i], base + (int32_t)i - 1, true);
    sl_step *s = add_step(cs, OP_IN, dst, v, base);
    s->c = (int32_t)e->nargs - 1;
    s->aux.type = e->args[0]->type;
    return e->negated ? emit_not(cs, dst) : dst;
}

static int32_t emit_like(cstate *cs, const sl_expr *e)
{
    int32_t v = emit(cs, e->args[0]), p = emit(cs, e->args[1]), dst = new_reg(cs);
    sl_step *s = add_step(cs, OP_LIKE, dst, v, p);
    s->c = (unsigned char)e->escape;
    const sl_expr *pe = e->args[1];
    if (pe->kind == SL_EX_LIT && !pe->lit.null) {
        sl_error *err = NULL;
        s->aux.like = sl_like_compile(cs->ar, pe->lit.u.s, pe->lit.len, e->escape, &err);
        if (err) fail(cs, err);
    }
    return e->negated ? emit_not(cs, dst) : dst;
}

/* --- CASE, CAST, access, constructors ---------------------------------------------------- */

static int32_t emit_case(cstate *cs, const sl_expr *e)
{
    int32_t dst = new_reg(cs), operand = -1;
    uint32_t i = 0, end = e->nargs - ((e->flags & SL_EXF_CASE_ELSE) != 0), nexits = 0;
    uint32_t *exits = SL_ARENA_ARRAY(cs->ar, uint32_t, e->nargs / 2 + 1); /* jumps to the end */
    if (e->flags & SL_EXF_CASE_OPERAND) operand = emit(cs, e->args[i++]);
    for (; i < end; i += 2) {
        int32_t c = emit(cs, e->args[i]);
        if (operand >= 0) { /* simple CASE: operand = WHEN value */
            int32_t eq = new_reg(cs);
            emit_cmp_step(cs, SL_CMP_EQ, e->args[0]->type, e->args[i]->type, operand, c, eq);
            c = eq;
        }
        uint32_t test = cs->nsteps;
        add_step(cs, OP_JUMP_UNLESS, 0, c, 0);
        emit_into(cs, e->args[i + 1], dst, false);
        exits[nexits++] = cs->nsteps;
        add_step(cs, OP_JUMP, 0, 0, 0);
        cs->steps[test].jump = (int32_t)cs->nsteps;
    }
    if (e->flags & SL_EXF_CASE_ELSE)
        emit_into(cs, e->args[e->nargs - 1], dst, false);
    else
        add_step(cs, OP_NULL, dst, 0, 0);
    for (uint32_t k = 0; k < nexits; k++)
        cs->steps[exits[k]].jump = (int32_t)cs->nsteps;
    return dst;
}

static int32_t emit_cast_inner(cstate *cs, const sl_expr *e)
{
    const sl_type *from = e->args[0]->type;
    int32_t a = emit(cs, e->args[0]);
    if (sl_type_eq(from, e->type)) return a;
    int32_t dst = new_reg(cs);
    sl_step *s = add_step(cs, OP_CAST, dst, a, 0);
    cast_info *ci = SL_ARENA_NEW(cs->ar, cast_info);
    ci->fn = sl_cast_fn_for(from, e->type);
    ci->from = from;
    ci->to = e->type;
    s->aux.cast = ci;
    if (!ci->fn) fail(cs, sl_cast_check(from, e->type));
    return dst;
}

static int32_t emit_cast(cstate *cs, const sl_expr *e)
{
    if (e->flags & SL_EXF_IMPLICIT) return emit_cast_inner(cs, e);
    int32_t dst = new_reg(cs); /* an explicit CAST is a boundary, as in ksqlDB */
    uint32_t start;
    int32_t saved = open_boundary(cs, &start);
    int32_t r = emit_cast_inner(cs, e);
    add_step(cs, OP_MOVE, dst, r, 0);
    close_boundary(cs, saved, start, dst);
    return dst;
}

static int32_t emit_access(cstate *cs, const sl_expr *e)
{
    int32_t a = emit(cs, e->args[0]), dst = new_reg(cs);
    if (e->kind == SL_EX_DEREF) {
        add_step(cs, OP_FIELD, dst, a, 0)->c = e->index;
        return dst;
    }
    const sl_type *bt = e->args[0]->type;
    int32_t b = emit(cs, e->args[1]);
    sl_step *s = add_step(cs, bt->kind == SL_K_ARRAY ? OP_ARRAY_AT : OP_MAP_GET, dst, a, b);
    s->aux.type = bt->key;
    return dst;
}

static int32_t emit_constructor(cstate *cs, const sl_expr *e)
{
    int32_t base = new_regs(cs, e->nargs), dst = new_reg(cs);
    for (uint32_t i = 0; i < e->nargs; i++) /* each element fails on its own */
        emit_guarded_into(cs, e->args[i], base + (int32_t)i, true);
    int op = e->kind == SL_EX_ARRAY ? OP_MAKE_ARRAY
             : e->kind == SL_EX_MAP ? OP_MAKE_MAP
                                    : OP_MAKE_STRUCT;
    sl_step *s = add_step(cs, op, dst, 0, base);
    s->c = (int32_t)(e->kind == SL_EX_MAP ? e->nargs / 2 : e->nargs);
    s->aux.type = e->kind == SL_EX_MAP ? e->type->key : e->type;
    return dst;
}

/* --- calls and lambdas ------------------------------------------------------------------- */

/* Compiles a lambda body as a range skipped by a jump; returns its closure. */
static lambda_closure *emit_lambda(cstate *cs, const sl_expr *e)
{
    lambda_closure *lc = SL_ARENA_NEW(cs->ar, lambda_closure);
    if (cs->nscopes == MAX_SCOPES) {
        fail(cs, sl_error_new(SL_E_LIMIT, "lambdas nested too deeply"));
        return lc;
    }
    uint32_t jump = cs->nsteps;
    add_step(cs, OP_JUMP, 0, 0, 0);
    scope *sc = &cs->scopes[cs->nscopes++];
    sc->lambda = e;
    lc->nparams = e->nparams;
    for (uint32_t i = 0; i < e->nparams; i++)
        lc->params[i] = sc->regs[i] = new_reg(cs);
    int32_t saved = cs->handler;
    cs->handler = -1; /* an error leaves the body and fails the call */
    lc->start = cs->nsteps;
    lc->result = emit(cs, e->args[0]);
    add_step(cs, OP_END, 0, 0, 0);
    cs->handler = saved;
    cs->nscopes--;
    cs->steps[jump].jump = (int32_t)cs->nsteps;
    return lc;
}

static call_site *new_site(cstate *cs, const sl_expr *e)
{
    const sl_fn_call *call = e->call;
    sl_fn_call *c = SL_ARENA_NEW(cs->ar, sl_fn_call);
    *c = *call; /* constant arguments as folded */
    sl_value *cv = SL_ARENA_ARRAY(cs->ar, sl_value, e->nargs ? e->nargs : 1);
    bool *isc = SL_ARENA_ARRAY(cs->ar, bool, e->nargs ? e->nargs : 1);
    for (uint32_t i = 0; i < e->nargs; i++) {
        isc[i] = e->args[i]->kind == SL_EX_LIT;
        cv[i] = isc[i] ? e->args[i]->lit : sl_value_null();
    }
    c->const_args = cv;
    c->is_const = isc;
    call_site *site = SL_ARENA_NEW(cs->ar, call_site);
    site->cx.call = c;
    site->impl = c->sig->impl;
    site->null_safe = (c->sig->flags & SL_FN_NULL_SAFE) != 0;
    if (c->sig->init) {
        sl_error *err = c->sig->init(c, &site->cx.state);
        if (err) fail(cs, err);
    }
    if (cs->nsites == cs->csites) SL_GROW(cs->sites, cs->csites, cs->nsites + 1);
    cs->sites[cs->nsites++] = site;
    return site;
}

static int32_t emit_call(cstate *cs, const sl_expr *e)
{
    if (e->call->def->kind != SL_FN_SCALAR || !e->call->sig->impl) {
        fail(cs, sl_error_new(SL_E_TYPE,
                              "%s is not a scalar function and cannot be evaluated in "
                              "this expression",
                              e->call->def->name));
        return const_reg(cs, sl_value_null());
    }
    int32_t base = new_regs(cs, e->nargs), dst = new_reg(cs);
    for (uint32_t i = 0; i < e->nargs; i++) {
        const sl_expr *a = e->args[i];
        int32_t slot = base + (int32_t)i;
        if (a->kind == SL_EX_LAMBDA) {
            preload(cs, slot, (sl_value){.u.p = emit_lambda(cs, a)});
        } else if (a->kind == SL_EX_CALL || a->kind == SL_EX_DEREF || a->kind == SL_EX_CAST) {
            emit_guarded_into(cs, a, slot, true); /* ksqlDB's evaluateOrReturnNull */
        } else {
            emit_into(cs, a, slot, true);
        }
    }
    sl_step *s = add_step(cs, OP_CALL, dst, 0, base);
    s->c = (int32_t)e->nargs;
    s->aux.site = new_site(cs, e);
    return dst;
}

static int32_t emit_node(cstate *cs, const sl_expr *e);

static int32_t emit(cstate *cs, const sl_expr *e)
{
    if (cs->depth >= MAX_DEPTH) {
        fail(cs, sl_error_new(SL_E_LIMIT, "expression nested more than %d levels deep", MAX_DEPTH));
        return const_reg(cs, sl_value_null());
    }
    cs->depth++;
    int32_t r = emit_node(cs, e);
    cs->depth--;
    return r;
}

static int32_t emit_node(cstate *cs, const sl_expr *e)
{
    int32_t dst;
    switch (e->kind) {
    case SL_EX_LIT:
        return const_reg(cs, e->lit);
    case SL_EX_LAMBDA_VAR:
        return emit_lambda_var(cs, e);
    case SL_EX_COL:
        return column_reg(cs, e->index);
    case SL_EX_SYSCOL:
        add_step(cs, OP_LOAD_SYS, dst = new_reg(cs), e->index, 0);
        return dst;
    case SL_EX_ARITH:
        return emit_arith(cs, e);
    case SL_EX_NEG:
        return emit_neg(cs, e);
    case SL_EX_CONCAT: {
        int32_t a = emit(cs, e->args[0]), b = emit(cs, e->args[1]);
        add_step(cs, OP_CONCAT, dst = new_reg(cs), a, b);
        return dst;
    }
    case SL_EX_CMP:
        return emit_cmp(cs, e);
    case SL_EX_AND:
    case SL_EX_OR:
        return emit_logic(cs, e);
    case SL_EX_NOT:
        return emit_not(cs, emit(cs, e->args[0]));
    case SL_EX_IS_NULL:
        add_step(cs, OP_IS_NULL, dst = new_reg(cs), emit(cs, e->args[0]), 0)->sub = e->negated;
        return dst;
    case SL_EX_BETWEEN:
        return emit_between(cs, e);
    case SL_EX_IN:
        return emit_in(cs, e);
    case SL_EX_LIKE:
        return emit_like(cs, e);
    case SL_EX_CASE:
        return emit_case(cs, e);
    case SL_EX_CAST:
        return emit_cast(cs, e);
    case SL_EX_SUBSCRIPT:
    case SL_EX_DEREF:
        return emit_access(cs, e);
    case SL_EX_ARRAY:
    case SL_EX_MAP:
    case SL_EX_STRUCT:
        return emit_constructor(cs, e);
    case SL_EX_CALL:
        return emit_call(cs, e);
    case SL_EX_LAMBDA:
        fail(cs, sl_error_new(SL_E_TYPE, "A lambda can only be an argument of a function: %s",
                              sl_expr_text(cs->ar, e)));
        return const_reg(cs, sl_value_null());
    }
    return const_reg(cs, sl_value_null());
}

/* --- constant folding -------------------------------------------------------------------- */

static sl_error *build(sl_arena *ar, const sl_expr *const *es, uint32_t n, bool no_fold,
                       sl_prog **out);

static bool is_lit(const sl_expr *e, int b)
{
    return e->kind == SL_EX_LIT && !e->lit.null && e->type->kind == SL_K_BOOLEAN && e->lit.u.i == b;
}

static const sl_expr *fold(cstate *cs, const sl_expr *e);
static const sl_expr *fold_node(cstate *cs, const sl_expr *e);

/* The value of a constant sub-tree, or e itself when evaluating it fails. */
static const sl_expr *evaluate_now(cstate *cs, const sl_expr *e)
{
    sl_prog *p = NULL;
    sl_error *err = build(cs->ar, &e, 1, true, &p);
    if (err) {
        sl_error_free(err);
        return e;
    }
    sl_row row = {.offset = -1, .partition = -1};
    sl_error *rerr = NULL;
    sl_value v = sl_prog_eval(p, &row, cs->ar, &rerr);
    sl_prog_free(p);
    if (rerr) {
        sl_error_free(rerr);
        return e; /* each row reports it */
    }
    return sl_expr_lit_new(cs->ar, e->type, v);
}

static const sl_expr *fold_chain(cstate *cs, const sl_expr *e);

static const sl_expr *fold(cstate *cs, const sl_expr *e)
{
    if (e->nargs == 0 || cs->depth >= MAX_DEPTH) return e; /* emit() reports the depth */
    if (e->kind == SL_EX_AND || e->kind == SL_EX_OR) return fold_chain(cs, e);
    cs->depth++;
    const sl_expr *r = fold_node(cs, e);
    cs->depth--;
    return r;
}

/* e with its two operands replaced (a copy when they changed). */
static const sl_expr *with_args(cstate *cs, const sl_expr *e, const sl_expr *l, const sl_expr *r)
{
    if (l == e->args[0] && r == e->args[1]) return e;
    sl_expr *c = SL_ARENA_NEW(cs->ar, sl_expr);
    *c = *e;
    c->args = SL_ARENA_ARRAY(cs->ar, sl_expr *, 2);
    c->args[0] = (sl_expr *)l;
    c->args[1] = (sl_expr *)r;
    return c;
}

/* Folds an AND/OR chain bottom-up by a loop (see spine()): a constant left side decides
 * the node or drops out; two literals evaluate. */
static const sl_expr *fold_chain(cstate *cs, const sl_expr *e)
{
    uint32_t n;
    const sl_expr *leaf;
    const sl_expr **nodes = spine(e, &n, &leaf);
    const sl_expr *acc = fold(cs, leaf);
    for (uint32_t k = n; k-- > 0;) {
        const sl_expr *node = nodes[k], *r = fold(cs, node->args[1]);
        int decides = node->kind == SL_EX_AND ? 0 : 1; /* the value that ends the chain */
        if (is_lit(acc, decides)) continue;            /* acc stays: FALSE AND x, TRUE OR x */
        if (is_lit(acc, !decides)) {                   /* TRUE AND x is x */
            acc = r;
            continue;
        }
        const sl_expr *c = with_args(cs, node, acc, r);
        acc = acc->kind == SL_EX_LIT && r->kind == SL_EX_LIT ? evaluate_now(cs, c) : c;
    }
    free(nodes);
    return acc;
}

/* A searched CASE without the WHENs that are constant FALSE or NULL, ending at the first
 * constant TRUE (its THEN becomes the ELSE); its value when no WHEN is left. */
static const sl_expr *fold_case(cstate *cs, const sl_expr *e)
{
    bool has_else = e->flags & SL_EXF_CASE_ELSE;
    uint32_t end = e->nargs - has_else, k = 0;
    const sl_expr *otherwise = has_else ? e->args[e->nargs - 1] : NULL;
    sl_expr **args = SL_ARENA_ARRAY(cs->ar, sl_expr *, e->nargs);
    for (uint32_t i = 0; i < end; i += 2) {
        const sl_expr *w = e->args[i];
        if (w->kind == SL_EX_LIT && (w->lit.null || !w->lit.u.i)) continue; /* never taken */
        if (is_lit(w, 1)) {
            otherwise = e->args[i + 1];
            break;
        }
        args[k++] = e->args[i];
        args[k++] = e->args[i + 1];
    }
    if (k == 0) return otherwise ? otherwise : sl_expr_lit_new(cs->ar, e->type, sl_value_null());
    if (k == end && otherwise == (has_else ? e->args[e->nargs - 1] : NULL)) return e;
    sl_expr *c = SL_ARENA_NEW(cs->ar, sl_expr);
    *c = *e;
    c->flags = otherwise ? SL_EXF_CASE_ELSE : 0;
    if (otherwise) args[k++] = (sl_expr *)otherwise;
    c->args = args;
    c->nargs = k;
    return c;
}

static const sl_expr *fold_node(cstate *cs, const sl_expr *e)
{
    sl_expr *c = NULL;
    for (uint32_t i = 0; i < e->nargs; i++) {
        const sl_expr *f = fold(cs, e->args[i]);
        if (f == e->args[i]) continue;
        if (!c) {
            c = SL_ARENA_NEW(cs->ar, sl_expr);
            *c = *e;
            c->args = sl_arena_memdup(cs->ar, e->args, e->nargs * sizeof *e->args);
        }
        c->args[i] = (sl_expr *)f;
    }
    const sl_expr *n = c ? c : e;
    if (n->kind == SL_EX_CASE && !(n->flags & SL_EXF_CASE_OPERAND)) n = fold_case(cs, n);
    if (n->kind != SL_EX_CASE && n != (c ? c : e)) return n; /* a branch was chosen */
    /* constant children are literals by now (unless evaluating them failed, which the
     * parent would too): the node folds when all its children are literals */
    for (uint32_t i = 0; i < n->nargs; i++)
        if (n->args[i]->kind != SL_EX_LIT) return n;
    if (n->kind == SL_EX_LAMBDA || !sl_expr_is_constant(n)) return n;
    return evaluate_now(cs, n);
}

/* --- programs ---------------------------------------------------------------------------- */

static sl_error *build(sl_arena *ar, const sl_expr *const *es, uint32_t n, bool no_fold,
                       sl_prog **out)
{
    cstate cs = {.ar = ar, .handler = -1, .next_marker = -2, .no_fold = no_fold};
    sl_prog *p = SL_ARENA_NEW(ar, sl_prog);
    p->nexprs = n;
    p->results = SL_ARENA_ARRAY(ar, int32_t, n ? n : 1);
    p->types = SL_ARENA_ARRAY(ar, const sl_type *, n ? n : 1);
    for (uint32_t i = 0; i < n && !cs.err; i++) {
        const sl_expr *e = no_fold ? es[i] : fold(&cs, es[i]);
        p->types[i] = es[i]->type;
        uint32_t start;
        int32_t saved = open_boundary(&cs, &start);
        int32_t r = emit(&cs, e); /* a literal's register is written by no step */
        close_boundary(&cs, saved, start, r);
        p->results[i] = r;
    }
    add_step(&cs, OP_END, 0, 0, 0);
    p->nsteps = cs.nsteps;
    p->steps = sl_arena_memdup(ar, cs.steps, cs.nsteps * sizeof *cs.steps);
    p->nregs = cs.nregs;
    p->regs = SL_ARENA_ARRAY(ar, sl_value, cs.nregs ? cs.nregs : 1);
    for (size_t i = 0; i < cs.nconsts; i++)
        p->regs[cs.consts[i].reg] = cs.consts[i].v;
    p->nbinds = (uint32_t)cs.nbinds;
    p->binds = cs.nbinds ? sl_arena_memdup(ar, cs.binds, cs.nbinds * sizeof *cs.binds) : NULL;
    p->nsites = (uint32_t)cs.nsites;
    p->sites = cs.nsites ? sl_arena_memdup(ar, cs.sites, cs.nsites * sizeof *cs.sites) : NULL;
    p->ev.prog = p;
    free(cs.steps);
    free(cs.consts);
    free(cs.sites);
    free(cs.binds);
    if (cs.err) {
        sl_prog_free(p);
        return cs.err;
    }
    *out = p;
    return NULL;
}

sl_error *sl_expr_compile(sl_arena *ar, const sl_expr *e, sl_prog **out)
{
    return build(ar, &e, 1, false, out);
}

sl_error *sl_expr_compile_list(sl_arena *ar, const sl_expr *const *es, uint32_t n, sl_prog **out)
{
    return build(ar, es, n, false, out);
}

void sl_prog_free(sl_prog *p)
{
    if (!p) return;
    for (uint32_t i = 0; i < p->nsites; i++) {
        call_site *s = p->sites[i];
        if (s->cx.call->sig->fini && s->cx.state) s->cx.call->sig->fini(s->cx.state);
        s->cx.state = NULL;
    }
    sl_buf_free(&p->ev.scratch);
}

const sl_type *sl_prog_type(const sl_prog *p, uint32_t i)
{
    return i < p->nexprs ? p->types[i] : NULL;
}
