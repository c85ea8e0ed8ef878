/*
 * func_resolve.c - signature text parsing and overload resolution (see func.h).
 *
 * Model
 *   A signature such as "ARRAY<T>, FUNC(T)->U" is parsed once into trees of
 *   sl_fn_ptype. Resolving name(args) follows ksqlDB's UdfIndex:
 *
 *     pass 1  every overload that accepts the arguments *without* casts
 *     pass 2  if none: every overload that accepts them with implicit widening
 *             (INT -> BIGINT -> DECIMAL -> DOUBLE; a constant STRING to
 *             TIMESTAMP/DATE/TIME), NULL accepting any parameter in both passes
 *
 *   Within a pass the candidates are ranked as ksqlDB ranks them: a fixed-arity
 *   overload beats a variadic one, then more parameters win, then fewer generic
 *   parameters, then no ...ANY, then a later variadic position. If the best two
 *   rank equal the call is ambiguous (so GREATEST(INT, BIGINT) is ambiguous
 *   between the BIGINT, DECIMAL and DOUBLE overloads, as in ksqlDB).
 *
 *   Type variables bind to the first argument that meets them; in pass 2 a later
 *   argument may widen the binding to a common type (T = INT, then BIGINT makes
 *   T = BIGINT). A lambda argument binds its FUNC's return once the binder knows
 *   the body's type; before that it matches any FUNC parameter.
 *
 * Routines: sl_fn_sig_parse, sl_fn_sig_print, sl_fn_index_resolve,
 * sl_fn_index_lambda_params.
 */
#include "exec/func_int.h"

#include <ctype.h>
#include <string.h>

/* --- signature text ----------------------------------------------------------------------- */

typedef struct sig_parser {
    const char *s;
    size_t i;
    sl_arena *ar;
    const char *err; /* first problem found */
} sig_parser;

static void skip_ws(sig_parser *p)
{
    while (p->s[p->i] == ' ' || p->s[p->i] == '\t')
        p->i++;
}

static bool accept(sig_parser *p, const char *tok)
{
    skip_ws(p);
    size_t n = strlen(tok);
    if (strncmp(p->s + p->i, tok, n) != 0) return false;
    p->i += n;
    return true;
}

/* Reads an identifier into buf (truncated at cap-1); false when none. */
static bool ident(sig_parser *p, char *buf, size_t cap)
{
    skip_ws(p);
    size_t start = p->i, n = 0;
    while (isalnum((unsigned char)p->s[p->i]) || p->s[p->i] == '_')
        p->i++;
    if (p->i == start) return false;
    n = p->i - start < cap - 1 ? p->i - start : cap - 1;
    memcpy(buf, p->s + start, n);
    buf[n] = '\0';
    return true;
}

static sl_fn_ptype *new_ptype(sig_parser *p, int tag)
{
    sl_fn_ptype *t = SL_ARENA_NEW(p->ar, sl_fn_ptype);
    t->tag = (uint8_t)tag;
    return t;
}

static const struct {
    const char *name;
    sl_kind kind;
} kind_words[] = {
    {"INT", SL_K_INT},        {"INTEGER", SL_K_INT},     {"BIGINT", SL_K_BIGINT},
    {"DOUBLE", SL_K_DOUBLE},  {"BOOLEAN", SL_K_BOOLEAN}, {"STRING", SL_K_STRING},
    {"VARCHAR", SL_K_STRING}, {"BYTES", SL_K_BYTES},     {"TIMESTAMP", SL_K_TIMESTAMP},
    {"DATE", SL_K_DATE},      {"TIME", SL_K_TIME},
};

static const char var_letters[SL_FN_NVARS + 1] = "TUVKW";

static const sl_fn_ptype *parse_type(sig_parser *p, bool top);

static const sl_fn_ptype *parse_func(sig_parser *p)
{
    sl_fn_ptype *t = new_ptype(p, SL_PT_FUNC);
    if (!accept(p, "(")) return p->err = "expected '(' after FUNC", NULL;
    if (!accept(p, ")")) {
        do {
            if (t->nfparams == SL_FN_MAX_LAMBDA_PARAMS)
                return p->err = "too many lambda params", NULL;
            const sl_fn_ptype *a = parse_type(p, false);
            if (!a) return NULL;
            t->fparams[t->nfparams++] = a;
        } while (accept(p, ","));
        if (!accept(p, ")")) return p->err = "expected ')' in FUNC", NULL;
    }
    if (!accept(p, "->")) return p->err = "expected '->' after FUNC(...)", NULL;
    t->a = parse_type(p, false);
    return t->a ? t : NULL;
}

static const sl_fn_ptype *parse_type(sig_parser *p, bool top)
{
    char w[24];
    if (!ident(p, w, sizeof w)) return p->err = "expected a type", NULL;
    for (size_t k = 0; k < sizeof kind_words / sizeof *kind_words; k++)
        if (strcmp(w, kind_words[k].name) == 0) {
            sl_fn_ptype *t = new_ptype(p, SL_PT_KIND);
            t->kind = (uint8_t)kind_words[k].kind;
            return t;
        }
    if (strlen(w) == 1 && strchr(var_letters, w[0])) {
        sl_fn_ptype *t = new_ptype(p, SL_PT_VAR);
        t->var = (uint8_t)(strchr(var_letters, w[0]) - var_letters);
        return t;
    }
    if (strcmp(w, "DECIMAL") == 0) return new_ptype(p, SL_PT_DECIMAL);
    if (strcmp(w, "STRUCT") == 0) return new_ptype(p, SL_PT_STRUCT);
    if (strcmp(w, "ANY") == 0) return new_ptype(p, SL_PT_ANY);
    if (strcmp(w, "INTERVAL") == 0) return new_ptype(p, SL_PT_INTERVAL);
    if (strcmp(w, "FUNC") == 0) {
        if (!top) return p->err = "FUNC only as a parameter", NULL;
        return parse_func(p);
    }
    bool is_map = strcmp(w, "MAP") == 0;
    if (!is_map && strcmp(w, "ARRAY") != 0) return p->err = "unknown type name", NULL;
    sl_fn_ptype *t = new_ptype(p, is_map ? SL_PT_MAP : SL_PT_ARRAY);
    if (!accept(p, "<")) return p->err = "expected '<'", NULL;
    if (!(t->a = parse_type(p, false))) return NULL;
    if (is_map && (!accept(p, ",") || !(t->b = parse_type(p, false))))
        return p->err = p->err ? p->err : "expected ', V' in MAP<K, V>", NULL;
    if (!accept(p, ">")) return p->err = "expected '>'", NULL;
    return t;
}

static bool has_generic(const sl_fn_ptype *t)
{
    if (!t) return false;
    if (t->tag == SL_PT_VAR || t->tag == SL_PT_ANY) return true;
    for (int i = 0; i < t->nfparams; i++)
        if (has_generic(t->fparams[i])) return true;
    return has_generic(t->a) || has_generic(t->b);
}

static int count_params(const char *s)
{
    int n = 1, depth = 0;
    for (char prev = 0; *s; prev = *s++) {
        if (*s == '<' || *s == '(')
            depth++;
        else if ((*s == '>' && prev != '-') || *s == ')')
            depth--; /* "->" is no bracket */
        else if (*s == ',' && depth == 0)
            n++;
    }
    return n;
}

static sl_error *parse_params(sig_parser *p, sl_fn_psig *out)
{
    skip_ws(p);
    if (!p->s[p->i]) return NULL; /* no parameters */
    int cap = count_params(p->s);
    out->params = SL_ARENA_ARRAY(p->ar, const sl_fn_ptype *, cap);
    out->names = SL_ARENA_ARRAY(p->ar, const char *, cap);
    do {
        if (out->variadic) return sl_error_new(SL_E_INTERNAL, "'...' only on the last parameter");
        out->variadic = accept(p, "...");
        const sl_fn_ptype *t = parse_type(p, true);
        if (!t || out->nparams == cap)
            return sl_error_new(SL_E_INTERNAL, "%s at offset %zu", p->err ? p->err : "bad type",
                                p->i);
        char name[64] = "";
        ident(p, name, sizeof name);
        out->names[out->nparams] = sl_arena_strdup(p->ar, name);
        out->params[out->nparams++] = t;
        if (has_generic(t)) out->ngenerics++;
        if (out->variadic && t->tag == SL_PT_ANY) out->any_vararg = true;
    } while (accept(p, ","));
    skip_ws(p);
    if (p->s[p->i]) return sl_error_new(SL_E_INTERNAL, "unexpected text at offset %zu", p->i);
    return NULL;
}

sl_error *sl_fn_sig_parse(sl_arena *ar, const sl_fn_sig *sig, sl_fn_psig *out)
{
    memset(out, 0, sizeof *out);
    out->sig = sig;
    if (!sig->params) return sl_error_new(SL_E_INTERNAL, "params is NULL (use \"\")");
    sig_parser p = {.s = sig->params, .ar = ar};
    sl_error *err = parse_params(&p, out);
    if (err) return err;
    if (!out->params) out->params = SL_ARENA_ARRAY(ar, const sl_fn_ptype *, 1);
    if (sig->ret) {
        sig_parser r = {.s = sig->ret, .ar = ar};
        out->ret = parse_type(&r, false);
        skip_ws(&r);
        if (!out->ret || r.s[r.i])
            return sl_error_new(SL_E_INTERNAL, "return type \"%s\": %s", sig->ret,
                                r.err ? r.err : "unexpected text");
        if (out->ret->tag == SL_PT_ANY || out->ret->tag == SL_PT_INTERVAL)
            return sl_error_new(SL_E_INTERNAL, "return type cannot be %s", sig->ret);
    }
    return NULL;
}

static void print_ptype(sl_buf *b, const sl_fn_ptype *t)
{
    switch (t->tag) {
    case SL_PT_KIND:
        sl_buf_puts(b, sl_kind_name((sl_kind)t->kind));
        break;
    case SL_PT_DECIMAL:
        sl_buf_puts(b, "DECIMAL");
        break;
    case SL_PT_STRUCT:
        sl_buf_puts(b, "STRUCT");
        break;
    case SL_PT_ANY:
        sl_buf_puts(b, "ANY");
        break;
    case SL_PT_INTERVAL:
        sl_buf_puts(b, "INTERVAL");
        break;
    case SL_PT_VAR:
        sl_buf_putc(b, var_letters[t->var]);
        break;
    case SL_PT_ARRAY:
    case SL_PT_MAP:
        sl_buf_puts(b, t->tag == SL_PT_ARRAY ? "ARRAY<" : "MAP<");
        print_ptype(b, t->a);
        if (t->b) {
            sl_buf_puts(b, ", ");
            print_ptype(b, t->b);
        }
        sl_buf_putc(b, '>');
        break;
    case SL_PT_FUNC:
        sl_buf_puts(b, "FUNC(");
        for (int i = 0; i < t->nfparams; i++) {
            if (i) sl_buf_puts(b, ", ");
            print_ptype(b, t->fparams[i]);
        }
        sl_buf_puts(b, ")->");
        print_ptype(b, t->a);
        break;
    }
}

void sl_fn_sig_print(sl_buf *out, const char *fname, const sl_fn_psig *ps)
{
    sl_buf_printf(out, "%s(", fname);
    for (int i = 0; i < ps->nparams; i++) {
        if (i) sl_buf_puts(out, ", ");
        print_ptype(out, ps->params[i]);
        if (ps->variadic && i == ps->nparams - 1) sl_buf_puts(out, "...");
        if (ps->names[i][0]) sl_buf_printf(out, " %s", ps->names[i]);
    }
    sl_buf_putc(out, ')');
}

/* --- matching ----------------------------------------------------------------------------- */

typedef struct match_ctx {
    sl_arena *ar;
    bool casts;                       /* pass 2: implicit widening allowed */
    const sl_type *bind[SL_FN_NVARS]; /* type variables bound so far */
} match_ctx;

typedef struct call_args {
    const sl_type *const *types; /* NULL entry: a lambda */
    const sl_type *const *lret;  /* lambda body types, may be NULL */
    const sl_value *consts;
    const bool *is_const;
    int n;
} call_args;

static bool is_temporal_kind(int k)
{
    return k == SL_K_TIMESTAMP || k == SL_K_DATE || k == SL_K_TIME;
}

static bool match(match_ctx *mc, const sl_fn_ptype *p, const sl_type *arg, bool const_str);

static bool match_var(match_ctx *mc, int var, const sl_type *arg)
{
    const sl_type *b = mc->bind[var];
    if (!b || b->kind == SL_K_NULL) {
        mc->bind[var] = arg;
        return true;
    }
    if (sl_type_eq(b, arg)) return true;
    if (!mc->casts) return false;
    if (sl_type_can_coerce(arg, b)) return true;
    const sl_type *c = sl_type_common(mc->ar, b, arg);
    if (!c || !sl_type_can_coerce(arg, c) || !sl_type_can_coerce(b, c)) return false;
    mc->bind[var] = c;
    return true;
}

static bool match(match_ctx *mc, const sl_fn_ptype *p, const sl_type *arg, bool const_str)
{
    if (arg->kind == SL_K_NULL && p->tag != SL_PT_FUNC) return true;
    switch (p->tag) {
    case SL_PT_ANY:
        return true;
    case SL_PT_VAR:
        return match_var(mc, p->var, arg);
    case SL_PT_STRUCT:
        return arg->kind == SL_K_STRUCT;
    case SL_PT_INTERVAL:
        return arg->kind == SL_K_INTERVAL;
    case SL_PT_DECIMAL:
        return arg->kind == SL_K_DECIMAL || (mc->casts && sl_type_is_integral(arg));
    case SL_PT_KIND:
        if (arg->kind == p->kind) return true;
        if (!mc->casts) return false;
        if (const_str && arg->kind == SL_K_STRING && is_temporal_kind(p->kind)) return true;
        return sl_type_primitive((sl_kind)p->kind) &&
               sl_type_can_coerce(arg, sl_type_primitive((sl_kind)p->kind));
    case SL_PT_ARRAY:
        return arg->kind == SL_K_ARRAY && match(mc, p->a, arg->elem, false);
    case SL_PT_MAP:
        return arg->kind == SL_K_MAP && match(mc, p->a, arg->key, false) &&
               match(mc, p->b, arg->elem, false);
    default:
        return false; /* FUNC given a non-lambda */
    }
}

static const sl_fn_ptype *param_at(const sl_fn_psig *ps, int i)
{
    return i < ps->nparams ? ps->params[i] : ps->params[ps->nparams - 1];
}

static bool arity_ok(const sl_fn_psig *ps, int n)
{
    return ps->variadic ? n >= ps->nparams - 1 : n == ps->nparams;
}

static bool match_all(match_ctx *mc, const sl_fn_psig *ps, const call_args *ca)
{
    if (!ps->params || !arity_ok(ps, ca->n)) return false;
    for (int i = 0; i < ca->n; i++) {
        const sl_fn_ptype *p = param_at(ps, i);
        if (!ca->types[i]) { /* a lambda */
            if (p->tag != SL_PT_FUNC) return false;
            const sl_type *ret = ca->lret ? ca->lret[i] : NULL;
            if (ret && ret->kind != SL_K_NULL && !match(mc, p->a, ret, false)) return false;
            continue;
        }
        bool cs = ca->is_const && ca->is_const[i] && ca->types[i]->kind == SL_K_STRING;
        if (!match(mc, p, ca->types[i], cs)) return false;
    }
    return true;
}

/* ksqlDB's ranking of two matching overloads: > 0 when a is preferred. */
static int rank_cmp(const sl_fn_psig *a, const sl_fn_psig *b)
{
    if (a->variadic != b->variadic) return a->variadic ? -1 : 1;
    if (a->nparams != b->nparams) return a->nparams - b->nparams;
    if (a->ngenerics != b->ngenerics) return b->ngenerics - a->ngenerics;
    if (a->any_vararg != b->any_vararg) return a->any_vararg ? -1 : 1;
    int va = a->variadic ? a->nparams - 1 : -1, vb = b->variadic ? b->nparams - 1 : -1;
    return va - vb;
}

/* --- messages ----------------------------------------------------------------------------- */

/* Types as ksqlDB lists arguments: struct fields unquoted, an untyped NULL as "null". */
static void print_arg_type(sl_buf *b, const sl_type *t)
{
    if (!t) {
        sl_buf_puts(b, "LAMBDA");
        return;
    }
    switch (t->kind) {
    case SL_K_NULL:
        sl_buf_puts(b, "null");
        break;
    case SL_K_ARRAY:
        sl_buf_puts(b, "ARRAY<");
        print_arg_type(b, t->elem);
        sl_buf_putc(b, '>');
        break;
    case SL_K_MAP:
        sl_buf_puts(b, "MAP<");
        print_arg_type(b, t->key);
        sl_buf_puts(b, ", ");
        print_arg_type(b, t->elem);
        sl_buf_putc(b, '>');
        break;
    case SL_K_STRUCT:
        sl_buf_puts(b, "STRUCT<");
        for (uint32_t i = 0; i < t->nfields; i++) {
            sl_buf_printf(b, "%s%s ", i ? ", " : "", t->fields[i].name);
            print_arg_type(b, t->fields[i].type);
        }
        sl_buf_putc(b, '>');
        break;
    default:
        sl_type_print(b, t);
    }
}

static void print_args(sl_buf *b, const call_args *ca)
{
    sl_buf_putc(b, '(');
    for (int i = 0; i < ca->n; i++) {
        if (i) sl_buf_puts(b, ", ");
        print_arg_type(b, ca->types[i]);
    }
    sl_buf_putc(b, ')');
}

static sl_error *resolve_error(const sl_fn_entry *e, const call_args *ca, bool ambiguous)
{
    sl_buf args = SL_BUF_INIT, alts = SL_BUF_INIT;
    print_args(&args, ca);
    if (ambiguous)
        sl_buf_puts(&alts, "Use CAST() to explicitly cast your parameters to one of the supported "
                           "function calls.\nValid function calls are:");
    else
        sl_buf_puts(&alts, "Valid alternatives are:");
    for (uint32_t s = 0; s < e->def->nsigs; s++) {
        if (!e->psigs[s].params) continue;
        sl_buf_putc(&alts, '\n');
        sl_fn_sig_print(&alts, e->def->name, &e->psigs[s]);
    }
    sl_error *err = ambiguous
                        ? sl_error_new(SL_E_TYPE,
                                       "Function '%s' cannot be resolved due to ambiguous method "
                                       "parameters %s.",
                                       e->def->name, sl_buf_cstr(&args))
                        : sl_error_new(SL_E_TYPE, "Function '%s' does not accept parameters %s.",
                                       e->def->name, sl_buf_cstr(&args));
    err = sl_error_with_detail(err, "%s", sl_buf_cstr(&alts));
    err = sl_error_with_hint(err, "For detailed information on a function run: DESCRIBE "
                                  "FUNCTION <Function-Name>;");
    sl_buf_free(&args);
    sl_buf_free(&alts);
    return err;
}

/* --- resolution --------------------------------------------------------------------------- */

/* Picks the overload; *mc holds its bindings. NULL with *err set when none or a tie. */
static const sl_fn_psig *choose(const sl_fn_entry *e, const call_args *ca, sl_arena *ar,
                                match_ctx *mc, sl_error **err)
{
    for (int pass = 0; pass < 2; pass++) {
        const sl_fn_psig *best = NULL;
        bool tie = false;
        for (uint32_t s = 0; s < e->def->nsigs; s++) {
            match_ctx m = {.ar = ar, .casts = pass == 1};
            if (!match_all(&m, &e->psigs[s], ca)) continue;
            int c = best ? rank_cmp(&e->psigs[s], best) : 1;
            if (c > 0) {
                best = &e->psigs[s];
                *mc = m;
                tie = false;
            } else if (c == 0) {
                tie = true;
            }
        }
        if (best && !tie) return best;
        if (best) {
            *err = resolve_error(e, ca, true);
            return NULL;
        }
    }
    *err = resolve_error(e, ca, false);
    return NULL;
}

/* The concrete type an argument of type arg takes for parameter p. */
static const sl_type *widen(sl_arena *ar, const match_ctx *mc, const sl_fn_ptype *p,
                            const sl_type *arg)
{
    if (!arg) return &sl_type_lambda;
    switch (p->tag) {
    case SL_PT_VAR:
        return mc->bind[p->var] ? mc->bind[p->var] : arg;
    case SL_PT_KIND:
        return sl_type_primitive((sl_kind)p->kind);
    case SL_PT_DECIMAL:
        return arg->kind == SL_K_DECIMAL || arg->kind == SL_K_NULL
                   ? arg
                   : sl_type_decimal_of_integral(arg);
    case SL_PT_ARRAY:
        if (arg->kind != SL_K_ARRAY) return arg;
        {
            const sl_type *e = widen(ar, mc, p->a, arg->elem);
            return e == arg->elem ? arg : sl_type_array(ar, e);
        }
    case SL_PT_MAP:
        if (arg->kind != SL_K_MAP) return arg;
        {
            const sl_type *k = widen(ar, mc, p->a, arg->key);
            const sl_type *v = widen(ar, mc, p->b, arg->elem);
            return k == arg->key && v == arg->elem ? arg : sl_type_map(ar, k, v);
        }
    default:
        return arg;
    }
}

/* The return type with type variables substituted; NULL when a variable is unbound. */
static const sl_type *subst(sl_arena *ar, const match_ctx *mc, const sl_fn_psig *ps,
                            const sl_type *const *wide, int n, const sl_fn_ptype *t)
{
    switch (t->tag) {
    case SL_PT_KIND:
        return sl_type_primitive((sl_kind)t->kind);
    case SL_PT_VAR:
        return mc->bind[t->var];
    case SL_PT_DECIMAL:
    case SL_PT_STRUCT: { /* the type of the first argument of that kind */
        sl_kind k = t->tag == SL_PT_DECIMAL ? SL_K_DECIMAL : SL_K_STRUCT;
        for (int i = 0; i < n; i++)
            if (wide[i] && wide[i]->kind == k) return wide[i];
        (void)ps;
        return NULL;
    }
    case SL_PT_ARRAY: {
        const sl_type *e = subst(ar, mc, ps, wide, n, t->a);
        return e ? sl_type_array(ar, e) : NULL;
    }
    case SL_PT_MAP: {
        const sl_type *k = subst(ar, mc, ps, wide, n, t->a);
        const sl_type *v = subst(ar, mc, ps, wide, n, t->b);
        return k && v ? sl_type_map(ar, k, v) : NULL;
    }
    default:
        return NULL;
    }
}

static sl_error *build_call(sl_arena *ar, const sl_fn_entry *e, const sl_fn_psig *ps,
                            const match_ctx *mc, const call_args *ca, sl_fn_call **out)
{
    int n = ca->n;
    sl_fn_call *call = SL_ARENA_NEW(ar, sl_fn_call);
    const sl_type **wide = SL_ARENA_ARRAY(ar, const sl_type *, n ? n : 1);
    sl_value *consts = SL_ARENA_ARRAY(ar, sl_value, n ? n : 1);
    bool *isc = SL_ARENA_ARRAY(ar, bool, n ? n : 1);
    for (int i = 0; i < n; i++) {
        wide[i] = widen(ar, mc, param_at(ps, i), ca->types[i]);
        isc[i] = ca->is_const && ca->is_const[i];
        consts[i] = isc[i] && ca->consts ? ca->consts[i] : sl_value_null();
    }
    const sl_type *ret = NULL;
    if (ps->sig->ret_fn) {
        sl_error *err = NULL;
        ret = ps->sig->ret_fn(ar, wide, n, &err);
        if (!ret)
            return err ? err
                       : sl_error_new(SL_E_TYPE,
                                      "Function '%s' has no return type "
                                      "for these parameters.",
                                      e->def->name);
    } else {
        ret = subst(ar, mc, ps, wide, n, ps->ret);
        if (!ret) ret = &sl_type_null; /* every argument that binds it was NULL */
    }
    call->def = e->def;
    call->sig = ps->sig;
    call->nargs = n;
    call->arg_types = wide;
    call->ret_type = ret;
    call->const_args = consts;
    call->is_const = isc;
    *out = call;
    return NULL;
}

sl_error *sl_fn_index_resolve(const sl_fn_index *ix, sl_arena *ar, const char *name,
                              const sl_type *const *argtypes, const sl_type *const *lambda_ret,
                              int nargs, const sl_value *const_args, const bool *is_const,
                              sl_fn_call **out)
{
    const sl_fn_entry *e = sl_fn_index_find(ix, name);
    if (!e) return sl_error_new(SL_E_TYPE, "Can't find any functions with the name '%s'", name);
    call_args ca = {argtypes, lambda_ret, const_args, is_const, nargs};
    match_ctx mc;
    sl_error *err = NULL;
    const sl_fn_psig *ps = choose(e, &ca, ar, &mc, &err);
    if (!ps) return err;
    return build_call(ar, e, ps, &mc, &ca, out);
}

sl_error *sl_fn_index_lambda_params(const sl_fn_index *ix, sl_arena *ar, const char *name,
                                    const sl_type *const *argtypes, int nargs, int li,
                                    const sl_type **params, int *nparams)
{
    const sl_fn_entry *e = sl_fn_index_find(ix, name);
    if (!e) return sl_error_new(SL_E_TYPE, "Can't find any functions with the name '%s'", name);
    call_args ca = {argtypes, NULL, NULL, NULL, nargs};
    match_ctx mc;
    sl_error *err = NULL;
    const sl_fn_psig *ps = choose(e, &ca, ar, &mc, &err);
    if (!ps) return err;
    const sl_fn_ptype *p = li >= 0 && li < nargs ? param_at(ps, li) : NULL;
    if (!p || p->tag != SL_PT_FUNC)
        return sl_error_new(SL_E_TYPE, "Function '%s' does not take a lambda as argument %d.",
                            e->def->name, li + 1);
    for (int k = 0; k < p->nfparams; k++) {
        const sl_type *t = subst(ar, &mc, ps, argtypes, nargs, p->fparams[k]);
        params[k] = t ? t : &sl_type_null;
    }
    *nparams = p->nfparams;
    return NULL;
}
