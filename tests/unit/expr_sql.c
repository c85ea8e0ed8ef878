/*
 * expr_sql.c - a test-only parser from ksqlDB expression text to sl_expr
 * builder calls (see expr_sql.h). Precedence, lowest first: OR, AND, NOT,
 * predicates (comparisons, IS, BETWEEN, IN, LIKE), ||, + -, * / %, unary -,
 * postfix ([i], ->f), primaries. Lambdas are function arguments written
 * x => body or (x, y) => body.
 */
#include "expr_sql.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { T_EOF, T_ID, T_NUM, T_STR, T_SYM };

typedef struct tok {
    int kind;
    const char *p;
    size_t n;
} tok;

typedef struct scope {
    const char *names[3];
    const sl_type *types[3];
    int n;
} scope;

typedef struct P {
    sl_arena *ar;
    const char *s;
    size_t pos;
    tok cur;
    const expr_sql_col *cols;
    int ncols;
    sl_error *err;
    scope scopes[8];
    int nscopes;
} P;

static tok lex_at(const char *s, size_t *pos)
{
    size_t i = *pos;
    while (isspace((unsigned char)s[i]))
        i++;
    tok t = {T_EOF, s + i, 0};
    if (!s[i]) {
        *pos = i;
        return t;
    }
    size_t st = i;
    if (isalpha((unsigned char)s[i]) || s[i] == '_') {
        while (isalnum((unsigned char)s[i]) || s[i] == '_')
            i++;
        t.kind = T_ID;
    } else if (isdigit((unsigned char)s[i]) || (s[i] == '.' && isdigit((unsigned char)s[i + 1]))) {
        while (isdigit((unsigned char)s[i]) || s[i] == '.')
            i++;
        if (s[i] == 'e' || s[i] == 'E') {
            i++;
            if (s[i] == '+' || s[i] == '-') i++;
            while (isdigit((unsigned char)s[i]))
                i++;
        }
        t.kind = T_NUM;
    } else if (s[i] == '\'') {
        for (i++; s[i] && !(s[i] == '\'' && s[i + 1] != '\''); i++)
            if (s[i] == '\'') i++;
        if (s[i]) i++;
        t.kind = T_STR;
    } else {
        static const char *const two[] = {"||", "<>", "!=", "<=", ">=", "=>", ":=", "->"};
        t.kind = T_SYM;
        i++;
        for (size_t k = 0; k < sizeof two / sizeof *two; k++)
            if (strncmp(s + st, two[k], 2) == 0) i = st + 2;
    }
    t.p = s + st;
    t.n = i - st;
    *pos = i;
    return t;
}

static void next(P *p)
{
    p->cur = lex_at(p->s, &p->pos);
}

static bool is(P *p, const char *word)
{
    return p->cur.kind != T_EOF && p->cur.n == strlen(word) &&
           strncasecmp(p->cur.p, word, p->cur.n) == 0 && p->cur.kind != T_STR;
}

static bool accept(P *p, const char *word)
{
    if (!is(p, word)) return false;
    next(p);
    return true;
}

static sl_expr *fail(P *p, const char *what)
{
    if (!p->err) p->err = sl_error_new(SL_E_SYNTAX, "%s at '%.*s'", what, (int)p->cur.n, p->cur.p);
    return NULL;
}

static bool expect(P *p, const char *word)
{
    if (accept(p, word)) return true;
    fail(p, sl_arena_printf(p->ar, "expected %s", word));
    return false;
}

/* Keeps the first error (from the builder or the syntax). *e is read after the builder
 * call that fills it has run (argument evaluation order is unspecified). */
static sl_expr *built(P *p, sl_error *err, sl_expr **e)
{
    if (err) {
        if (!p->err)
            p->err = err;
        else
            sl_error_free(err);
        return NULL;
    }
    return *e;
}

static sl_expr *expr(P *p);

/* --- types ------------------------------------------------------------------------------- */

static const sl_type *type_of(P *p)
{
    static const struct {
        const char *w;
        const sl_type *t;
    } prim[] = {{"INT", &sl_type_int},
                {"INTEGER", &sl_type_int},
                {"BIGINT", &sl_type_bigint},
                {"DOUBLE", &sl_type_double},
                {"BOOLEAN", &sl_type_boolean},
                {"STRING", &sl_type_string},
                {"VARCHAR", &sl_type_string},
                {"BYTES", &sl_type_bytes},
                {"TIMESTAMP", &sl_type_timestamp},
                {"DATE", &sl_type_date},
                {"TIME", &sl_type_time}};
    for (size_t i = 0; i < sizeof prim / sizeof *prim; i++)
        if (accept(p, prim[i].w)) return prim[i].t;
    if (accept(p, "DECIMAL")) {
        expect(p, "(");
        int prec = atoi(p->cur.p);
        next(p);
        expect(p, ",");
        int sc = atoi(p->cur.p);
        next(p);
        expect(p, ")");
        return sl_type_decimal(p->ar, prec, sc);
    }
    if (accept(p, "ARRAY")) {
        expect(p, "<");
        const sl_type *e = type_of(p);
        expect(p, ">");
        return e ? sl_type_array(p->ar, e) : NULL;
    }
    if (accept(p, "MAP")) {
        expect(p, "<");
        const sl_type *k = type_of(p);
        expect(p, ",");
        const sl_type *v = type_of(p);
        expect(p, ">");
        return k && v ? sl_type_map(p->ar, k, v) : NULL;
    }
    if (accept(p, "STRUCT")) {
        sl_field f[16];
        uint32_t n = 0;
        expect(p, "<");
        while (!is(p, ">") && p->cur.kind == T_ID && n < 16) {
            f[n].name = sl_arena_strndup(p->ar, p->cur.p, p->cur.n);
            next(p);
            f[n++].type = type_of(p);
            if (!accept(p, ",")) break;
        }
        expect(p, ">");
        return sl_type_struct(p->ar, n, f);
    }
    fail(p, "expected a type");
    return NULL;
}

const sl_type *expr_sql_type(sl_arena *ar, const char *text)
{
    P p = {.ar = ar, .s = text};
    next(&p);
    const sl_type *t = type_of(&p);
    sl_error_free(p.err);
    return t;
}

/* --- primaries --------------------------------------------------------------------------- */

static sl_expr *number(P *p)
{
    char buf[64];
    size_t n = p->cur.n < sizeof buf - 1 ? p->cur.n : sizeof buf - 1;
    memcpy(buf, p->cur.p, n);
    buf[n] = '\0';
    next(p);
    if (strpbrk(buf, "eE")) return sl_expr_lit_double(p->ar, strtod(buf, NULL));
    if (strchr(buf, '.')) {
        sl_expr *e = NULL;
        return built(p, sl_expr_lit_decimal(p->ar, buf, n, &e), &e);
    }
    long long v = strtoll(buf, NULL, 10);
    return v >= INT32_MIN && v <= INT32_MAX ? sl_expr_lit_int(p->ar, (int32_t)v)
                                            : sl_expr_lit_bigint(p->ar, v);
}

static sl_expr *string(P *p)
{
    size_t n = p->cur.n >= 2 ? p->cur.n - 2 : 0, k = 0;
    char *s = sl_arena_alloc(p->ar, n + 1);
    for (size_t i = 0; i < n; i++) {
        s[k++] = p->cur.p[1 + i];
        if (p->cur.p[1 + i] == '\'') i++;
    }
    next(p);
    return sl_expr_lit_string(p->ar, s, k);
}

static sl_expr *case_expr(P *p)
{
    sl_expr *operand = NULL, *whens[32], *thens[32], *otherwise = NULL;
    uint32_t n = 0;
    if (!is(p, "WHEN")) operand = expr(p);
    while (accept(p, "WHEN") && n < 32) {
        whens[n] = expr(p);
        expect(p, "THEN");
        thens[n++] = expr(p);
    }
    if (accept(p, "ELSE")) otherwise = expr(p);
    expect(p, "END");
    if (p->err) return NULL;
    sl_expr *e = NULL;
    return built(p, sl_expr_case_new(p->ar, operand, whens, thens, n, otherwise, &e), &e);
}

static uint32_t count_args(P *p)
{
    size_t pos = p->pos;
    int depth = 0;
    uint32_t n = is(p, ")") ? 0 : 1;
    for (tok t = p->cur; t.kind != T_EOF; t = lex_at(p->s, &pos)) {
        if (t.kind != T_SYM) continue;
        if (*t.p == '(' || *t.p == '[')
            depth++;
        else if (*t.p == ')' || *t.p == ']') {
            if (depth-- == 0) break;
        } else if (*t.p == ',' && depth == 0)
            n++;
    }
    return n;
}

/* A lambda starts here when the tokens read x => or (x, y) =>. */
static bool lambda_ahead(P *p)
{
    size_t pos = p->pos;
    if (p->cur.kind == T_ID) {
        tok t = lex_at(p->s, &pos);
        return t.kind == T_SYM && t.n == 2 && strncmp(t.p, "=>", 2) == 0;
    }
    if (!is(p, "(")) return false;
    for (tok t = lex_at(p->s, &pos); t.kind != T_EOF; t = lex_at(p->s, &pos)) {
        if (t.kind == T_ID || (t.kind == T_SYM && *t.p == ',')) continue;
        if (t.kind != T_SYM || *t.p != ')') return false;
        t = lex_at(p->s, &pos);
        return t.kind == T_SYM && t.n == 2 && strncmp(t.p, "=>", 2) == 0;
    }
    return false;
}

static sl_expr *lambda(P *p, const char *fname, sl_expr **args, uint32_t nargs, uint32_t li)
{
    scope *sc = &p->scopes[p->nscopes];
    sc->n = 0;
    bool paren = accept(p, "(");
    do {
        if (sc->n < 3) sc->names[sc->n++] = sl_arena_strndup(p->ar, p->cur.p, p->cur.n);
        next(p);
    } while (paren && accept(p, ","));
    if (paren) expect(p, ")");
    expect(p, "=>");
    const sl_type *pt[3];
    uint32_t np = 0;
    sl_error *err = sl_expr_lambda_params(p->ar, fname, args, nargs, li, pt, &np);
    if (err) return built(p, err, &(sl_expr *){NULL});
    for (int i = 0; i < sc->n && (uint32_t)i < np; i++)
        sc->types[i] = pt[i];
    if ((uint32_t)sc->n != np) return fail(p, "lambda arity");
    p->nscopes++;
    sl_expr *body = expr(p);
    p->nscopes--;
    if (!body) return NULL;
    sl_expr *e = NULL;
    return built(p, sl_expr_lambda_new(p->ar, np, sc->names, sc->types, body, &e), &e);
}

static sl_expr *call(P *p, const char *name)
{
    uint32_t n = count_args(p), k = 0;
    sl_expr **args = SL_ARENA_ARRAY(p->ar, sl_expr *, n ? n : 1);
    while (!is(p, ")") && k < n && !p->err) {
        args[k] = lambda_ahead(p) ? lambda(p, name, args, n, k) : expr(p);
        k++;
        if (!accept(p, ",")) break;
    }
    expect(p, ")");
    if (p->err) return NULL;
    sl_expr *e = NULL;
    return built(p, sl_expr_call_new(p->ar, name, args, k, &e), &e);
}

static sl_expr *pairs(P *p, bool map)
{
    sl_expr *keys[32], *vals[32];
    const char *names[32];
    uint32_t n = 0;
    expect(p, "(");
    while (!is(p, ")") && n < 32 && !p->err) {
        if (map)
            keys[n] = expr(p);
        else {
            names[n] = sl_arena_strndup(p->ar, p->cur.p, p->cur.n);
            next(p);
        }
        expect(p, ":=");
        vals[n++] = expr(p);
        if (!accept(p, ",")) break;
    }
    expect(p, ")");
    if (p->err) return NULL;
    sl_expr *e = NULL;
    return built(p,
                 map ? sl_expr_map_new(p->ar, keys, vals, n, &e)
                     : sl_expr_struct_new(p->ar, names, vals, n, &e),
                 &e);
}

static sl_expr *identifier(P *p)
{
    char *name = sl_arena_strndup(p->ar, p->cur.p, p->cur.n);
    next(p);
    if (accept(p, "(")) return call(p, name);
    for (int s = p->nscopes - 1; s >= 0; s--)
        for (int i = 0; i < p->scopes[s].n; i++)
            if (strcasecmp(p->scopes[s].names[i], name) == 0)
                return sl_expr_lambda_var_new(p->ar, name, p->scopes[s].types[i]);
    for (int i = 0; i < p->ncols; i++)
        if (strcasecmp(p->cols[i].name, name) == 0)
            return sl_expr_col_new(p->ar, i, p->cols[i].name, p->cols[i].type);
    static const char *const sys[] = {"ROWTIME", "ROWPARTITION", "ROWOFFSET", "WINDOWSTART",
                                      "WINDOWEND"};
    for (int i = 0; i < 5; i++)
        if (strcasecmp(sys[i], name) == 0) return sl_expr_syscol_new(p->ar, (sl_syscol)i);
    return fail(p, "unknown column");
}

static sl_expr *primary(P *p)
{
    sl_expr *e = NULL;
    if (p->cur.kind == T_NUM) return number(p);
    if (p->cur.kind == T_STR) return string(p);
    if (accept(p, "TRUE")) return sl_expr_lit_bool(p->ar, true);
    if (accept(p, "FALSE")) return sl_expr_lit_bool(p->ar, false);
    if (accept(p, "NULL")) return sl_expr_lit_null(p->ar);
    if (accept(p, "(")) {
        e = expr(p);
        expect(p, ")");
        return e;
    }
    if (accept(p, "CASE")) return case_expr(p);
    if (accept(p, "CAST")) {
        expect(p, "(");
        sl_expr *v = expr(p);
        expect(p, "AS");
        const sl_type *t = type_of(p);
        expect(p, ")");
        if (p->err) return NULL;
        return built(p, sl_expr_cast_new(p->ar, v, t, &e), &e);
    }
    if (accept(p, "ARRAY")) {
        sl_expr *el[64];
        uint32_t n = 0;
        expect(p, "[");
        while (!is(p, "]") && n < 64 && !p->err) {
            el[n++] = expr(p);
            if (!accept(p, ",")) break;
        }
        expect(p, "]");
        if (p->err) return NULL;
        return built(p, sl_expr_array_new(p->ar, el, n, &e), &e);
    }
    if (accept(p, "MAP")) return pairs(p, true);
    if (accept(p, "STRUCT")) return pairs(p, false);
    if (p->cur.kind == T_ID) return identifier(p);
    return fail(p, "unexpected token");
}

/* --- operators --------------------------------------------------------------------------- */

static sl_expr *postfix(P *p)
{
    sl_expr *e = primary(p);
    while (e && !p->err) {
        sl_expr *r = NULL;
        if (accept(p, "[")) {
            sl_expr *i = expr(p);
            expect(p, "]");
            if (!i) return NULL;
            e = built(p, sl_expr_subscript_new(p->ar, e, i, &r), &r);
        } else if (accept(p, "->")) {
            char *f = sl_arena_strndup(p->ar, p->cur.p, p->cur.n);
            next(p);
            e = built(p, sl_expr_deref_new(p->ar, e, f, &r), &r);
        } else {
            break;
        }
    }
    return e;
}

static sl_expr *unary(P *p)
{
    if (accept(p, "-")) {
        sl_expr *v = unary(p), *e = NULL;
        return v ? built(p, sl_expr_neg_new(p->ar, v, &e), &e) : NULL;
    }
    return postfix(p);
}

static sl_expr *binary_level(P *p, int level);

static const struct {
    const char *sym;
    int level;
    int op;
} binops[] = {{"*", 3, SL_OP_MUL}, {"/", 3, SL_OP_DIV}, {"%", 3, SL_OP_MOD},
              {"+", 2, SL_OP_ADD}, {"-", 2, SL_OP_SUB}, {"||", 1, -1}};

static sl_expr *binary_level(P *p, int level)
{
    sl_expr *l = level == 4 ? unary(p) : binary_level(p, level + 1);
    for (;;) {
        if (!l || p->err) return NULL;
        int found = -1;
        for (size_t i = 0; i < sizeof binops / sizeof *binops; i++)
            if (binops[i].level == level && p->cur.kind == T_SYM && is(p, binops[i].sym))
                found = (int)i;
        if (found < 0) return l;
        next(p);
        sl_expr *r = level == 4 ? unary(p) : binary_level(p, level + 1), *e = NULL;
        if (!r) return NULL;
        l = binops[found].op < 0
                ? built(p, sl_expr_concat_new(p->ar, l, r, &e), &e)
                : built(p, sl_expr_arith_new(p->ar, binops[found].op, l, r, &e), &e);
    }
}

static sl_expr *predicate(P *p)
{
    sl_expr *l = binary_level(p, 1), *e = NULL;
    if (!l) return NULL;
    static const struct {
        const char *sym;
        sl_cmp_op op;
    } cmps[] = {{"=", SL_CMP_EQ},  {"<>", SL_CMP_NE}, {"!=", SL_CMP_NE}, {"<=", SL_CMP_LE},
                {">=", SL_CMP_GE}, {"<", SL_CMP_LT},  {">", SL_CMP_GT}};
    for (size_t i = 0; i < sizeof cmps / sizeof *cmps; i++)
        if (p->cur.kind == T_SYM && is(p, cmps[i].sym)) {
            next(p);
            sl_expr *r = binary_level(p, 1);
            return r ? built(p, sl_expr_cmp_new(p->ar, cmps[i].op, l, r, &e), &e) : NULL;
        }
    if (accept(p, "IS")) {
        bool neg = accept(p, "NOT");
        if (accept(p, "NULL")) return sl_expr_is_null_new(p->ar, l, neg);
        expect(p, "DISTINCT");
        expect(p, "FROM");
        sl_expr *r = binary_level(p, 1);
        return r ? built(p,
                         sl_expr_cmp_new(p->ar, neg ? SL_CMP_NOT_DISTINCT : SL_CMP_DISTINCT, l, r,
                                         &e),
                         &e)
                 : NULL;
    }
    bool neg = accept(p, "NOT");
    if (accept(p, "BETWEEN")) {
        sl_expr *lo = binary_level(p, 1);
        expect(p, "AND");
        sl_expr *hi = binary_level(p, 1);
        if (!lo || !hi) return NULL;
        return built(p, sl_expr_between_new(p->ar, l, lo, hi, neg, &e), &e);
    }
    if (accept(p, "IN")) {
        sl_expr *list[64];
        uint32_t n = 0;
        expect(p, "(");
        while (!is(p, ")") && n < 64 && !p->err) {
            list[n++] = expr(p);
            if (!accept(p, ",")) break;
        }
        expect(p, ")");
        if (p->err) return NULL;
        return built(p, sl_expr_in_new(p->ar, l, list, n, neg, &e), &e);
    }
    if (accept(p, "LIKE")) {
        sl_expr *pat = binary_level(p, 1);
        char esc = 0;
        if (accept(p, "ESCAPE")) {
            esc = p->cur.n >= 3 ? p->cur.p[1] : 0;
            next(p);
        }
        if (!pat) return NULL;
        return built(p, sl_expr_like_new(p->ar, l, pat, esc, neg, &e), &e);
    }
    if (neg) return fail(p, "expected BETWEEN, IN or LIKE after NOT");
    return l;
}

static sl_expr *not_level(P *p)
{
    if (accept(p, "NOT")) {
        sl_expr *v = not_level(p), *e = NULL;
        return v ? built(p, sl_expr_not_new(p->ar, v, &e), &e) : NULL;
    }
    return predicate(p);
}

static sl_expr *and_level(P *p)
{
    sl_expr *l = not_level(p);
    while (l && accept(p, "AND")) {
        sl_expr *r = not_level(p), *e = NULL;
        l = r ? built(p, sl_expr_and_new(p->ar, l, r, &e), &e) : NULL;
    }
    return l;
}

static sl_expr *expr(P *p)
{
    sl_expr *l = and_level(p);
    while (l && accept(p, "OR")) {
        sl_expr *r = and_level(p), *e = NULL;
        l = r ? built(p, sl_expr_or_new(p->ar, l, r, &e), &e) : NULL;
    }
    return l;
}

sl_error *expr_sql_parse(sl_arena *ar, const char *text, const expr_sql_col *cols, int ncols,
                         sl_expr **out)
{
    P p = {.ar = ar, .s = text, .cols = cols, .ncols = ncols};
    next(&p);
    sl_expr *e = expr(&p);
    if (!p.err && p.cur.kind != T_EOF) fail(&p, "unexpected text");
    if (p.err) return p.err;
    *out = e;
    return NULL;
}
