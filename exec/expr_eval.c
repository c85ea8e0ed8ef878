/*
 * expr_eval.c - the evaluator: runs a compiled program's steps over one row,
 * the batch entry points built on it, and sl_lambda_call.
 *
 * Model
 *   sl_expr_run is one loop over a switch (a dispatch state machine): each
 *   step reads and writes the program's registers and either falls through,
 *   jumps, or fails. A failing step hands its error to the nearest boundary
 *   (on_err, a CATCH step) after recording it as the row's error, or leaves
 *   the range with it (a lambda body). Values are 16-byte copies; payloads a
 *   step creates (strings, decimals, containers) go to the row's arena.
 *
 *   Java semantics where ksqlDB inherits them: INT and BIGINT arithmetic wraps
 *   (MIN / -1 is MIN), integer division by zero fails ("/ by zero"), a NULL
 *   operand of arithmetic fails (an unboxing NullPointerException in ksqlDB),
 *   doubles follow IEEE (x / 0.0 is Infinity; % is fmod), comparisons with a
 *   NULL side are FALSE and double equality is (a <= b && a >= b).
 */
#include "exec/decimal.h"
#include "exec/expr_int.h"

#include <math.h>
#include <string.h>

void sl_expr_record(struct sl_eval *ev, sl_error *err)
{
    if (!ev->err)
        ev->err = err;
    else
        sl_error_free(err);
}

static sl_value load_sys(const sl_row *row, int which)
{
    switch (which) {
    case SL_SYSCOL_ROWTIME:
        return sl_value_int(row->ts);
    case SL_SYSCOL_ROWPARTITION:
        return row->partition < 0 ? sl_value_null() : sl_value_int(row->partition);
    case SL_SYSCOL_ROWOFFSET:
        return row->offset < 0 ? sl_value_null() : sl_value_int(row->offset);
    default:
        if (!(row->flags & SL_ROW_WINDOWED)) return sl_value_null();
        return sl_value_int(which == SL_SYSCOL_WINDOWSTART ? row->wstart : row->wend);
    }
}

static bool is_true(sl_value v)
{
    return !v.null && v.u.i;
}

static bool is_false(sl_value v)
{
    return !v.null && !v.u.i;
}

/* cmp_table[op][c + 1]: whether a three-way result c satisfies comparison op (EQ..GE). */
static const bool cmp_table[6][3] = {
    {0, 1, 0}, {1, 0, 1}, {1, 0, 0}, {1, 1, 0}, {0, 0, 1}, {0, 1, 1},
};

static bool cmp_result(int op, int c)
{
    return cmp_table[op][c + 1];
}

static int cmp_i64(int64_t a, int64_t b)
{
    return (a > b) - (a < b);
}

static sl_error *null_operand(const sl_step *s)
{
    return sl_error_new(SL_E_EVAL, "Arithmetic on a NULL value: %s", s->text);
}

/* --- arithmetic -------------------------------------------------------------------------- */

static sl_error *arith_int(const sl_step *s, sl_value a, sl_value b, bool wide, sl_value *out)
{
    if (a.null || b.null) return null_operand(s);
    int64_t x = a.u.i, y = b.u.i, r;
    int64_t min = wide ? INT64_MIN : INT32_MIN;
    switch (s->sub) {
    case SL_OP_ADD:
        r = (int64_t)((uint64_t)x + (uint64_t)y);
        break;
    case SL_OP_SUB:
        r = (int64_t)((uint64_t)x - (uint64_t)y);
        break;
    case SL_OP_MUL:
        r = (int64_t)((uint64_t)x * (uint64_t)y);
        break;
    case SL_OP_DIV:
        if (y == 0) return sl_error_new(SL_E_EVAL, "/ by zero: %s", s->text);
        r = x == min && y == -1 ? min : x / y;
        break;
    default:
        if (y == 0) return sl_error_new(SL_E_EVAL, "/ by zero: %s", s->text);
        r = y == -1 ? 0 : x % y;
        break;
    }
    *out = sl_value_int(wide ? r : (int64_t)(int32_t)(uint32_t)(uint64_t)r);
    return NULL;
}

static sl_error *arith_dec(struct sl_eval *ev, const sl_step *s, sl_value a, sl_value b,
                           sl_value *out)
{
    if (a.null || b.null) return null_operand(s);
    const dec_info *d = s->aux.dec;
    sl_int128 u = 0;
    sl_error *err =
        sl_decimal_arith((sl_decimal_op)s->sub, *a.u.dec, d->sa, *b.u.dec, d->sb, d->rp, d->rs, &u);
    if (!err) *out = sl_value_decimal(ev->ar, u);
    return err;
}

static sl_error *negate(struct sl_eval *ev, const sl_step *s, sl_value a, sl_value *out)
{
    if (a.null) return null_operand(s);
    switch (s->op) {
    case OP_NEG_I32:
        *out = sl_value_int((int32_t)(0u - (uint32_t)(uint64_t)a.u.i));
        break;
    case OP_NEG_I64:
        *out = sl_value_int((int64_t)(0 - (uint64_t)a.u.i));
        break;
    case OP_NEG_F64:
        *out = sl_value_double(-a.u.d);
        break;
    default:
        *out = sl_value_decimal(ev->ar, -*a.u.dec);
        break;
    }
    return NULL;
}

/* Java's String +: a NULL operand reads "null". */
static sl_value str_plus(struct sl_eval *ev, sl_value a, sl_value b, bool java)
{
    if (!java && (a.null || b.null)) return sl_value_null();
    const char *as = a.null ? "null" : a.u.s, *bs = b.null ? "null" : b.u.s;
    uint32_t an = a.null ? 4 : a.len, bn = b.null ? 4 : b.len;
    char *p = sl_arena_alloc(ev->ar, (size_t)an + bn + 1);
    if (an) memcpy(p, as, an);
    if (bn) memcpy(p + an, bs, bn);
    return sl_value_str(p, an + bn);
}

/* --- comparisons ------------------------------------------------------------------------- */

/* Java's generated code: a NaN side makes every comparison false, <> included. */
static bool cmp_f64(int op, double a, double b)
{
    if (a != a || b != b) return false;
    return cmp_table[op][(a > b) - (a < b) + 1];
}

static int cmp_str(sl_value a, sl_value b)
{
    uint32_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.u.s, b.u.s, n) : 0;
    return c ? (c < 0 ? -1 : 1) : cmp_i64(a.len, b.len);
}

/* ByteBuffer.compareTo: signed bytes, then length. */
static int cmp_bytes(sl_value a, sl_value b)
{
    uint32_t n = a.len < b.len ? a.len : b.len;
    for (uint32_t i = 0; i < n; i++) {
        int x = (signed char)a.u.s[i], y = (signed char)b.u.s[i];
        if (x != y) return x < y ? -1 : 1;
    }
    return cmp_i64(a.len, b.len);
}

static int cmp_dec(const dec_info *d, sl_value a, sl_value b)
{
    sl_int128 x = d->sa < 0 ? (sl_int128)a.u.i : *a.u.dec;
    sl_int128 y = d->sb < 0 ? (sl_int128)b.u.i : *b.u.dec;
    return sl_decimal_cmp(x, d->sa < 0 ? 0 : d->sa, y, d->sb < 0 ? 0 : d->sb);
}

/* Comparison steps; a NULL side is FALSE. */
static sl_error *compare(const sl_step *s, sl_value a, sl_value b, sl_value *out)
{
    if (a.null || b.null) {
        *out = sl_value_bool(false);
        return NULL;
    }
    sl_error *err = NULL;
    bool r;
    switch (s->op) {
    case OP_CMP_I64:
        r = cmp_result(s->sub, cmp_i64(a.u.i, b.u.i));
        break;
    case OP_CMP_F64:
        r = cmp_f64(s->sub, a.u.d, b.u.d);
        break;
    case OP_CMP_DEC:
        r = cmp_result(s->sub, cmp_dec(s->aux.dec, a, b));
        break;
    case OP_CMP_DEC_F64:
        r = cmp_result(s->sub, sl_decimal_cmp_double(*a.u.dec, s->aux.dec->sa, b.u.d, &err));
        break;
    case OP_CMP_STR:
        r = cmp_result(s->sub, cmp_str(a, b));
        break;
    case OP_CMP_BYTES:
        r = cmp_result(s->sub, cmp_bytes(a, b));
        break;
    default:
        r = sl_value_eq(s->aux.type, a, b) == (s->sub == SL_CMP_EQ);
        break;
    }
    *out = sl_value_bool(r);
    return err;
}

static sl_value distinct(const sl_step *s, sl_value a, sl_value b)
{
    bool d = a.null || b.null ? a.null != b.null : !sl_value_eq(s->aux.type, a, b);
    return sl_value_bool(s->sub ? !d : d);
}

static sl_value in_list(const sl_step *s, const sl_value *r)
{
    sl_value v = r[s->a];
    if (v.null) return sl_value_bool(false);
    for (int32_t i = 0; i < s->c; i++) {
        sl_value e = r[s->b + i];
        if (!e.null && sl_value_eq(s->aux.type, v, e)) return sl_value_bool(true);
    }
    return sl_value_bool(false);
}

static sl_error *like(const sl_step *s, sl_value v, sl_value p, sl_value *out)
{
    if (v.null || p.null) {
        *out = sl_value_null();
        return NULL;
    }
    sl_error *err = NULL;
    bool m = s->aux.like ? sl_like_match(s->aux.like, v.u.s, v.len)
                         : sl_like_match_text(p.u.s, p.len, (char)s->c, v.u.s, v.len, &err);
    *out = sl_value_bool(m);
    return err;
}

/* --- access and constructors ------------------------------------------------------------- */

static sl_value array_at(sl_value a, sl_value i)
{
    if (a.null || i.null) return sl_value_null();
    int64_t n = a.u.arr->n, idx = (int32_t)(uint32_t)(uint64_t)i.u.i; /* Java's (int) */
    int64_t k = idx >= 0 ? idx - 1 : n + idx;
    return k < 0 || k >= n ? sl_value_null() : a.u.arr->v[k];
}

static sl_value map_get(const sl_step *s, sl_value m, sl_value k)
{
    if (m.null) return sl_value_null();
    int j = sl_map_find(m.u.map, s->aux.type, k);
    return j < 0 ? sl_value_null() : m.u.map->v[j];
}

static sl_value make(struct sl_eval *ev, const sl_step *s, const sl_value *r)
{
    uint32_t n = (uint32_t)s->c;
    const sl_value *src = r + s->b;
    if (s->op == OP_MAKE_ARRAY) {
        sl_array *a = sl_array_new(ev->ar, n);
        memcpy(a->v, src, n * sizeof *src);
        return sl_value_array(a);
    }
    if (s->op == OP_MAKE_STRUCT) {
        sl_struct *st = sl_struct_new(ev->ar, n);
        memcpy(st->f, src, n * sizeof *src);
        return sl_value_struct(st);
    }
    sl_map *m = sl_map_new(ev->ar, n);
    m->n = 0;
    for (uint32_t i = 0; i < n; i++) { /* a repeated key keeps its place, takes the last value */
        int j = sl_map_find(m, s->aux.type, src[2 * i]);
        if (j >= 0) {
            m->v[j] = src[2 * i + 1];
            continue;
        }
        m->k[m->n] = src[2 * i];
        m->v[m->n++] = src[2 * i + 1];
    }
    return sl_value_map(m);
}

static sl_error *call(struct sl_eval *ev, const sl_step *s, const sl_value *args, sl_value *out)
{
    call_site *site = s->aux.site;
    if (!site->null_safe)
        for (int32_t i = 0; i < s->c; i++)
            if (args[i].null) {
                *out = sl_value_null();
                return NULL;
            }
    site->cx.ar = ev->ar;
    site->cx.ev = ev;
    *out = sl_value_null();
    sl_error *err = site->impl(&site->cx, args, s->c, out);
    if (err) *out = sl_value_null();
    return err;
}

/* --- the loop ---------------------------------------------------------------------------- */

/* The steps that can fail; the others are handled inline in sl_expr_run. */
static sl_error *step_fallible(struct sl_eval *ev, const sl_step *s, sl_value *r)
{
    sl_value *d = &r[s->dst];
    switch (s->op) {
    case OP_ARITH_DEC:
        return arith_dec(ev, s, r[s->a], r[s->b], d);
    case OP_NEG_I32:
    case OP_NEG_I64:
    case OP_NEG_F64:
    case OP_NEG_DEC:
        return negate(ev, s, r[s->a], d);
    case OP_CMP_DEC_F64:
        return compare(s, r[s->a], r[s->b], d);
    case OP_LIKE:
        return like(s, r[s->a], r[s->b], d);
    case OP_CAST:
        if (r[s->a].null) {
            *d = sl_value_null();
            return NULL;
        }
        return s->aux.cast->fn(ev->ar, &ev->scratch, s->aux.cast->from, s->aux.cast->to, r[s->a],
                               d);
    case OP_CALL:
        return call(ev, s, r + s->b, d);
    default:
        return sl_error_new(SL_E_INTERNAL, "unknown expression step %d", s->op);
    }
}

sl_error *sl_expr_run(struct sl_eval *ev, uint32_t pc)
{
    const sl_step *steps = ev->prog->steps;
    sl_value *r = ev->prog->regs;
    for (;;) {
        const sl_step *s = &steps[pc];
        sl_error *err;
        switch (s->op) { /* a dispatch loop: one case per step kind */
        case OP_END:
            return NULL;
        case OP_LOAD_SYS:
            r[s->dst] = load_sys(ev->row, s->a);
            pc++;
            continue;
        case OP_MOVE:
            r[s->dst] = r[s->a];
            pc++;
            continue;
        case OP_CATCH:
        case OP_NULL:
            r[s->dst] = sl_value_null();
            pc++;
            continue;
        case OP_JUMP:
            pc = (uint32_t)s->jump;
            continue;
        case OP_JUMP_UNLESS:
            pc = is_true(r[s->a]) ? pc + 1 : (uint32_t)s->jump;
            continue;
        case OP_AND_SHORT:
        case OP_OR_SHORT: {
            bool is_and = s->op == OP_AND_SHORT;
            if (is_and ? is_false(r[s->a]) : is_true(r[s->a])) {
                r[s->dst] = sl_value_bool(!is_and);
                pc = (uint32_t)s->jump;
            } else {
                pc++;
            }
            continue;
        }
        case OP_AND:
        case OP_OR: {
            sl_value a = r[s->a], b = r[s->b];
            bool is_and = s->op == OP_AND;
            if (is_and ? (is_false(a) || is_false(b)) : (is_true(a) || is_true(b)))
                r[s->dst] = sl_value_bool(!is_and);
            else if (a.null || b.null)
                r[s->dst] = sl_value_null();
            else
                r[s->dst] = sl_value_bool(is_and);
            pc++;
            continue;
        }
        case OP_NOT:
            r[s->dst] = r[s->a].null ? sl_value_null() : sl_value_bool(!r[s->a].u.i);
            pc++;
            continue;
        case OP_IS_NULL:
            r[s->dst] = sl_value_bool(r[s->a].null != s->sub);
            pc++;
            continue;
        case OP_STR_PLUS:
        case OP_CONCAT:
            r[s->dst] = str_plus(ev, r[s->a], r[s->b], s->op == OP_STR_PLUS);
            pc++;
            continue;
        case OP_CMP_I64: { /* the hot comparisons inline; NULL compares FALSE */
            sl_value a = r[s->a], b = r[s->b];
            r[s->dst] =
                sl_value_bool(!a.null && !b.null && cmp_result(s->sub, cmp_i64(a.u.i, b.u.i)));
            pc++;
            continue;
        }
        case OP_CMP_F64: {
            sl_value a = r[s->a], b = r[s->b];
            r[s->dst] = sl_value_bool(!a.null && !b.null && cmp_f64(s->sub, a.u.d, b.u.d));
            pc++;
            continue;
        }
        case OP_CMP_STR: {
            sl_value a = r[s->a], b = r[s->b];
            r[s->dst] = sl_value_bool(!a.null && !b.null && cmp_result(s->sub, cmp_str(a, b)));
            pc++;
            continue;
        }
        case OP_ARITH_F64: { /* the common arithmetic inline; failures go the slow way */
            sl_value a = r[s->a], b = r[s->b];
            if (a.null || b.null) {
                err = null_operand(s);
                break;
            }
            r[s->dst] = sl_value_double(s->sub == SL_OP_ADD   ? a.u.d + b.u.d
                                        : s->sub == SL_OP_SUB ? a.u.d - b.u.d
                                        : s->sub == SL_OP_MUL ? a.u.d * b.u.d
                                        : s->sub == SL_OP_DIV ? a.u.d / b.u.d
                                                              : fmod(a.u.d, b.u.d));
            pc++;
            continue;
        }
        case OP_ARITH_I64:
        case OP_ARITH_I32:
            err = arith_int(s, r[s->a], r[s->b], s->op == OP_ARITH_I64, &r[s->dst]);
            if (err) break;
            pc++;
            continue;
        case OP_CMP_DEC:
        case OP_CMP_BYTES:
        case OP_CMP_EQ_ANY:
            compare(s, r[s->a], r[s->b], &r[s->dst]);
            pc++;
            continue;
        case OP_DISTINCT:
            r[s->dst] = distinct(s, r[s->a], r[s->b]);
            pc++;
            continue;
        case OP_IN:
            r[s->dst] = in_list(s, r);
            pc++;
            continue;
        case OP_ARRAY_AT:
            r[s->dst] = array_at(r[s->a], r[s->b]);
            pc++;
            continue;
        case OP_MAP_GET:
            r[s->dst] = map_get(s, r[s->a], r[s->b]);
            pc++;
            continue;
        case OP_FIELD:
            r[s->dst] = r[s->a].null || (uint32_t)s->c >= r[s->a].u.st->n ? sl_value_null()
                                                                          : r[s->a].u.st->f[s->c];
            pc++;
            continue;
        case OP_MAKE_ARRAY:
        case OP_MAKE_MAP:
        case OP_MAKE_STRUCT:
            r[s->dst] = make(ev, s, r);
            pc++;
            continue;
        default:
            err = step_fallible(ev, s, r);
            if (!err) {
                pc++;
                continue;
            }
            break;
        }
        r[s->dst] = sl_value_null();
        if (s->on_err < 0) return err;
        sl_expr_record(ev, err);
        pc = (uint32_t)s->on_err;
    }
}

/* --- entry points ------------------------------------------------------------------------ */

sl_error *sl_lambda_call(sl_fnctx *cx, const sl_value *fn, const sl_value *argv, int argc,
                         sl_value *out)
{
    struct sl_eval *ev = cx->ev;
    const lambda_closure *lc = fn->u.p;
    *out = sl_value_null();
    if (!ev || !lc || argc < 0 || (uint32_t)argc != lc->nparams)
        return sl_error_new(SL_E_INTERNAL, "lambda called with %d arguments, expects %u", argc,
                            lc ? lc->nparams : 0);
    sl_value *r = ev->prog->regs;
    for (int i = 0; i < argc; i++)
        r[lc->params[i]] = argv[i];
    sl_error *err = sl_expr_run(ev, lc->start);
    if (!err) *out = r[lc->result];
    return err;
}

/* Runs the whole program over row; errors are in ev->err. */
static void run_row(sl_prog *p, const sl_row *row, sl_arena *ar)
{
    struct sl_eval *ev = &p->ev;
    ev->row = row;
    ev->ar = ar;
    ev->err = NULL;
    for (uint32_t i = 0; i < p->nbinds; i++)
        p->regs[p->binds[i].reg] = row->col[p->binds[i].col];
    sl_error *err = sl_expr_run(ev, 0);
    if (err) sl_expr_record(ev, err); /* not reached: every expression is a boundary */
}

static void hand_over(struct sl_eval *ev, sl_error **err)
{
    if (err)
        *err = ev->err;
    else
        sl_error_free(ev->err);
    ev->err = NULL;
}

sl_value sl_prog_eval(sl_prog *p, const sl_row *row, sl_arena *ar, sl_error **err)
{
    run_row(p, row, ar);
    sl_value v = p->regs[p->results[0]];
    hand_over(&p->ev, err);
    return v;
}

void sl_prog_eval_all(sl_prog *p, const sl_row *row, sl_arena *ar, sl_value *out, sl_error **err)
{
    run_row(p, row, ar);
    for (uint32_t i = 0; i < p->nexprs; i++)
        out[i] = p->regs[p->results[i]];
    hand_over(&p->ev, err);
}

static void report(struct sl_eval *ev, uint32_t row, sl_prog_error_fn on_err, void *ctx)
{
    if (!ev->err) return;
    if (on_err)
        on_err(ctx, row, ev->err);
    else
        sl_error_free(ev->err);
    ev->err = NULL;
}

uint32_t sl_prog_select(sl_prog *p, const sl_batch *b, uint32_t *sel, sl_prog_error_fn on_err,
                        void *ctx)
{
    uint32_t n = 0;
    const sl_value *res = &p->regs[p->results[0]];
    for (uint32_t i = 0; i < b->n; i++) {
        run_row(p, &b->rows[i], b->ar);
        if (is_true(*res)) sel[n++] = i;
        report(&p->ev, i, on_err, ctx);
    }
    return n;
}

void sl_prog_project(sl_prog *p, const sl_batch *in, const uint32_t *sel, uint32_t nsel,
                     sl_batch *out, sl_prog_error_fn on_err, void *ctx)
{
    uint32_t n = sel ? nsel : in->n;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = sel ? sel[k] : k;
        const sl_row *src = &in->rows[i];
        run_row(p, src, out->ar);
        sl_row *dst = sl_batch_add(out);
        for (uint32_t c = 0; c < p->nexprs && c < out->ncols; c++)
            dst->col[c] = p->regs[p->results[c]];
        dst->ts = src->ts;
        dst->offset = src->offset;
        dst->wstart = src->wstart;
        dst->wend = src->wend;
        dst->headers = src->headers;
        dst->partition = src->partition;
        dst->input = src->input;
        dst->flags = src->flags;
        report(&p->ev, i, on_err, ctx);
    }
}
