/*
 * ast_expr.c - builders for identifiers, literals, expressions and types (see parser_int.h).
 *
 * Called from the grammar's actions with tokens that point into the parsed text; every
 * string a node keeps is copied into the parse arena. Each node records its depth (1 +
 * its deepest child) and a node deeper than the max_depth option fails the parse with
 * SL_E_LIMIT, which keeps every recursive walk over a tree (printer, equality, planner)
 * within a bounded C stack. AND / OR chains are flattened into one n-ary node, so long
 * generated conjunctions do not count against the depth.
 */
#include "parser/parser_int.h"

#include "common/str.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers -------------------------------------------------------------------------- */

void sl_ast_list_grow(sl_arena *ar, void **v, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap) return;
    uint32_t ncap = *cap ? *cap * 2 : 4;
    if (ncap < need) ncap = need;
    void *nv = sl_arena_alloc(ar, (size_t)ncap * elem);
    if (*v && need > 1) memcpy(nv, *v, (size_t)(need - 1) * elem);
    *v = nv;
    *cap = ncap;
}

static uint32_t deeper(uint32_t d, const sl_ast_expr *e)
{
    return e && e->depth > d ? e->depth : d;
}

static sl_ast_expr *expr_new(sl_parse_ctx *p, sl_ast_expr_kind kind, sl_pos pos, uint32_t child_depth)
{
    sl_ast_expr *e = SL_ARENA_NEW(p->ar, sl_ast_expr);
    e->kind = kind;
    e->pos = pos;
    e->depth = child_depth + 1;
    if (e->depth > (uint32_t)p->max_depth)
        sl_parse_fail(p, SL_E_LIMIT, pos, "expression is nested too deeply (limit %d)",
                      p->max_depth);
    return e;
}

static char *upper_copy(sl_parse_ctx *p, const char *z, size_t n)
{
    char *s = sl_arena_strndup(p->ar, z, n);
    for (char *c = s; *c; c++)
        if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
    return s;
}

char *sl_ast_unquote(sl_parse_ctx *p, sl_token t, uint32_t *len)
{
    char q = t.z[0];
    char *s = sl_arena_alloc(p->ar, t.n);
    uint32_t n = 0;
    for (uint32_t i = 1; i + 1 < t.n; i++) {
        s[n++] = t.z[i];
        if (t.z[i] == q) i++; /* a doubled quote stands for one */
    }
    s[n] = '\0';
    if (len) *len = n;
    return s;
}

sl_ast_ident sl_ast_ident_of(sl_parse_ctx *p, sl_token t)
{
    sl_ast_ident id = {.pos = t.pos};
    if (!t.z) return id;
    if (t.z[0] == '"' || t.z[0] == '`') {
        id.text = sl_ast_unquote(p, t, NULL);
        id.quoted = true;
    } else if (t.z[0] == '$') {
        id.text = sl_arena_strndup(p->ar, t.z + 2, t.n - 3);
        id.variable = true;
    } else {
        id.text = upper_copy(p, t.z, t.n);
    }
    return id;
}

void sl_ast_expr_done(sl_parse_ctx *p, sl_ast_expr *e)
{
    p->expr = e;
}

/* ---- literals ------------------------------------------------------------------------- */

/* Fills a numeric literal from its text (sign included), checking the range as ksqlDB's
 * parser does: integers are INT when they fit 32 bits, BIGINT when they fit 64. */
static void number_set(sl_parse_ctx *p, sl_ast_expr *e, int type, char *text)
{
    sl_ast_lit *l = &e->lit;
    l->text = text;
    l->len = (uint32_t)strlen(text);
    if (type == TK_DECLIT) {
        l->kind = SL_LIT_DECIMAL;
    } else if (type == TK_INTLIT) {
        long long v;
        if (!sl_str_to_i64(text, l->len, &v)) {
            sl_parse_fail(p, SL_E_SYNTAX, e->pos, "Invalid numeric literal: %s", text);
            return;
        }
        l->i = v;
        l->kind = v >= INT32_MIN && v <= INT32_MAX ? SL_LIT_INT : SL_LIT_BIGINT;
    } else {
        for (char *c = text; *c; c++)
            if (*c == 'e') *c = 'E';
        l->kind = SL_LIT_DOUBLE;
        l->d = strtod(text, NULL);
        if (isinf(l->d)) sl_parse_fail(p, SL_E_SYNTAX, e->pos, "Number overflows DOUBLE: %s", text);
    }
}

sl_ast_expr *sl_ast_literal_new(sl_parse_ctx *p, sl_token t)
{
    sl_ast_expr *e = expr_new(p, SL_AST_LITERAL, t.pos, 0);
    switch (t.type) {
    case TK_NULL:
        e->lit.kind = SL_LIT_NULL;
        break;
    case TK_TRUE:
    case TK_FALSE:
        e->lit.kind = SL_LIT_BOOLEAN;
        e->lit.b = t.type == TK_TRUE;
        break;
    case TK_STRLIT:
        e->lit.kind = SL_LIT_STRING;
        e->lit.text = sl_ast_unquote(p, t, &e->lit.len);
        break;
    case TK_VARIABLE:
        e->lit.kind = SL_LIT_VARIABLE;
        e->lit.len = t.n - 3;
        e->lit.text = sl_arena_strndup(p->ar, t.z + 2, e->lit.len);
        break;
    default:
        number_set(p, e, t.type, sl_arena_strndup(p->ar, t.z, t.n));
        break;
    }
    return e;
}

sl_ast_expr *sl_ast_negative_new(sl_parse_ctx *p, sl_token minus, sl_token num)
{
    sl_ast_expr *e = expr_new(p, SL_AST_LITERAL, minus.pos, 0);
    char *text = sl_arena_alloc(p->ar, num.n + 2);
    text[0] = '-';
    memcpy(text + 1, num.z, num.n);
    text[num.n + 1] = '\0';
    number_set(p, e, num.type, text);
    return e;
}

sl_ast_expr *sl_ast_typed_literal_new(sl_parse_ctx *p, sl_token type, sl_token str)
{
    sl_ast_expr *e = expr_new(p, SL_AST_TYPED_LITERAL, type.pos, 0);
    e->typed.type = sl_ast_ident_of(p, type);
    e->typed.text = sl_ast_unquote(p, str, &e->typed.len);
    return e;
}

/* ---- names and access ----------------------------------------------------------------- */

sl_ast_expr *sl_ast_column_new(sl_parse_ctx *p, sl_token qualifier, sl_token name)
{
    sl_ast_expr *e = expr_new(p, SL_AST_COLUMN, qualifier.z ? qualifier.pos : name.pos, 0);
    e->column.qualifier = sl_ast_ident_of(p, qualifier);
    e->column.name = sl_ast_ident_of(p, name);
    return e;
}

sl_ast_expr *sl_ast_deref_new(sl_parse_ctx *p, sl_token arrow, sl_ast_expr *base, sl_token field)
{
    sl_ast_expr *e = expr_new(p, SL_AST_DEREF, arrow.pos, base->depth);
    e->deref.base = base;
    e->deref.field = sl_ast_ident_of(p, field);
    return e;
}

sl_ast_expr *sl_ast_subscript_new(sl_parse_ctx *p, sl_token lb, sl_ast_expr *base, sl_ast_expr *index)
{
    sl_ast_expr *e = expr_new(p, SL_AST_SUBSCRIPT, lb.pos, deeper(base->depth, index));
    e->subscript.base = base;
    e->subscript.index = index;
    return e;
}

/* ---- operators ------------------------------------------------------------------------ */

sl_ast_expr *sl_ast_unary_new(sl_parse_ctx *p, sl_token op, sl_ast_expr *arg)
{
    sl_ast_expr *e = expr_new(p, SL_AST_UNARY, op.pos, arg->depth);
    e->unary.negate = op.type == TK_MINUS;
    e->unary.arg = arg;
    return e;
}

sl_ast_expr *sl_ast_binary_new(sl_parse_ctx *p, sl_ast_binop op, sl_token t, sl_ast_expr *l, sl_ast_expr *r)
{
    sl_ast_expr *e = expr_new(p, SL_AST_BINARY, t.pos, deeper(l->depth, r));
    e->binary.op = op;
    e->binary.left = l;
    e->binary.right = r;
    return e;
}

sl_ast_expr *sl_ast_compare_new(sl_parse_ctx *p, sl_ast_cmpop op, sl_token t, sl_ast_expr *l, sl_ast_expr *r)
{
    sl_ast_expr *e = expr_new(p, SL_AST_COMPARE, t.pos, deeper(l->depth, r));
    e->compare.op = op;
    e->compare.left = l;
    e->compare.right = r;
    return e;
}

/* Appends x to the n-ary node e, splicing x's args when x is the same operator. */
static void logic_take(sl_parse_ctx *p, sl_ast_expr *e, sl_ast_expr *x)
{
    if (x->kind == SL_AST_LOGIC && x->logic.op == e->logic.op) {
        for (uint32_t i = 0; i < x->logic.args.n; i++)
            logic_take(p, e, x->logic.args.v[i]);
        return;
    }
    *SL_AST_PUSH(p->ar, e->logic.args) = x;
    if (x->depth + 1 > e->depth) e->depth = x->depth + 1;
}

sl_ast_expr *sl_ast_logic_new(sl_parse_ctx *p, sl_logicop op, sl_token t, sl_ast_expr *l, sl_ast_expr *r)
{
    sl_ast_expr *e = l;
    if (l->kind != SL_AST_LOGIC || l->logic.op != op) {
        e = expr_new(p, SL_AST_LOGIC, t.pos, l->depth);
        e->logic.op = op;
        logic_take(p, e, l);
    }
    logic_take(p, e, r);
    if (e->depth > (uint32_t)p->max_depth)
        sl_parse_fail(p, SL_E_LIMIT, t.pos, "expression is nested too deeply (limit %d)",
                      p->max_depth);
    return e;
}

sl_ast_expr *sl_ast_not_new(sl_parse_ctx *p, sl_token t, sl_ast_expr *arg)
{
    sl_ast_expr *e = expr_new(p, SL_AST_NOT, t.pos, arg->depth);
    e->not_arg = arg;
    return e;
}

sl_ast_expr *sl_ast_is_null_new(sl_parse_ctx *p, sl_token t, sl_ast_expr *arg, bool negated)
{
    sl_ast_expr *e = expr_new(p, SL_AST_IS_NULL, t.pos, arg->depth);
    e->is_null.arg = arg;
    e->is_null.negated = negated;
    return e;
}

sl_ast_expr *sl_ast_between_new(sl_parse_ctx *p, sl_token t, bool negated, sl_ast_expr *v, sl_ast_expr *lo,
                            sl_ast_expr *hi)
{
    sl_ast_expr *e = expr_new(p, SL_AST_BETWEEN, t.pos, deeper(deeper(v->depth, lo), hi));
    e->between.negated = negated;
    e->between.value = v;
    e->between.low = lo;
    e->between.high = hi;
    return e;
}

static uint32_t list_depth(uint32_t d, sl_ast_expr_list l)
{
    for (uint32_t i = 0; i < l.n; i++)
        d = deeper(d, l.v[i]);
    return d;
}

sl_ast_expr *sl_ast_in_new(sl_parse_ctx *p, sl_token t, bool negated, sl_ast_expr *v, sl_ast_expr_list list)
{
    sl_ast_expr *e = expr_new(p, SL_AST_IN, t.pos, list_depth(v->depth, list));
    e->in.negated = negated;
    e->in.value = v;
    e->in.list = list;
    return e;
}

/* Length in bytes of the UTF-8 character starting at s (1 for a stray byte). */
static size_t utf8_len(const unsigned char *s)
{
    if (*s >= 0xF0 && *s < 0xF8) return 4;
    if (*s >= 0xE0) return *s < 0xF0 ? 3 : 1;
    if (*s >= 0xC0) return 2;
    return 1;
}

sl_ast_expr *sl_ast_like_new(sl_parse_ctx *p, sl_token t, bool negated, sl_ast_expr *v, sl_ast_expr *pattern,
                         sl_token escape)
{
    sl_ast_expr *e = expr_new(p, SL_AST_LIKE, t.pos, deeper(v->depth, pattern));
    e->like.negated = negated;
    e->like.value = v;
    e->like.pattern = pattern;
    if (escape.z) {
        uint32_t n;
        char *s = sl_ast_unquote(p, escape, &n);
        if (n == 0 || utf8_len((const unsigned char *)s) != n)
            sl_parse_fail(p, SL_E_SYNTAX, escape.pos,
                          "Expected single character escape but got: %s", s);
        e->like.escape = s;
    }
    return e;
}

/* ---- compound values ------------------------------------------------------------------ */

sl_ast_when_list sl_ast_when_add(sl_parse_ctx *p, sl_ast_when_list l, sl_ast_expr *cond, sl_ast_expr *result)
{
    *SL_AST_PUSH(p->ar, l) = (sl_ast_when){cond, result};
    return l;
}

sl_ast_expr *sl_ast_case_new(sl_parse_ctx *p, sl_token t, sl_ast_expr *operand, sl_ast_when_list whens,
                         sl_ast_expr *else_)
{
    uint32_t d = deeper(deeper(0, operand), else_);
    for (uint32_t i = 0; i < whens.n; i++)
        d = deeper(deeper(d, whens.v[i].cond), whens.v[i].result);
    sl_ast_expr *e = expr_new(p, SL_AST_CASE, t.pos, d);
    e->case_.operand = operand;
    e->case_.whens = whens;
    e->case_.else_ = else_;
    return e;
}

sl_ast_expr *sl_ast_cast_new(sl_parse_ctx *p, sl_token t, sl_ast_expr *arg, sl_type_ast *type)
{
    sl_ast_expr *e =
        expr_new(p, SL_AST_CAST, t.pos, arg->depth > type->depth ? arg->depth : type->depth);
    e->cast.arg = arg;
    e->cast.type = type;
    return e;
}

sl_ast_expr *sl_ast_array_new(sl_parse_ctx *p, sl_token t, sl_ast_expr_list elems)
{
    sl_ast_expr *e = expr_new(p, SL_AST_ARRAY, t.pos, list_depth(0, elems));
    e->array = elems;
    return e;
}

sl_ast_map_entry_list sl_ast_map_entry_add(sl_parse_ctx *p, sl_ast_map_entry_list l, sl_ast_expr *k, sl_ast_expr *v)
{
    *SL_AST_PUSH(p->ar, l) = (sl_ast_map_entry){k, v};
    return l;
}

sl_ast_expr *sl_ast_map_new(sl_parse_ctx *p, sl_token t, sl_ast_map_entry_list entries)
{
    uint32_t d = 0;
    for (uint32_t i = 0; i < entries.n; i++)
        d = deeper(deeper(d, entries.v[i].key), entries.v[i].value);
    sl_ast_expr *e = expr_new(p, SL_AST_MAP, t.pos, d);
    e->map = entries;
    return e;
}

sl_ast_field_init_list sl_ast_field_init_add(sl_parse_ctx *p, sl_ast_field_init_list l, sl_token name,
                                         sl_ast_expr *v)
{
    *SL_AST_PUSH(p->ar, l) = (sl_ast_field_init){sl_ast_ident_of(p, name), v};
    return l;
}

sl_ast_expr *sl_ast_struct_new(sl_parse_ctx *p, sl_token t, sl_ast_field_init_list fields)
{
    uint32_t d = 0;
    for (uint32_t i = 0; i < fields.n; i++)
        d = deeper(d, fields.v[i].value);
    sl_ast_expr *e = expr_new(p, SL_AST_STRUCT, t.pos, d);
    e->struct_ = fields;
    return e;
}

/* ---- calls and their arguments -------------------------------------------------------- */

sl_ast_expr *sl_ast_call_new(sl_parse_ctx *p, sl_token name, sl_ast_expr_list args, bool star)
{
    sl_ast_expr *e = expr_new(p, SL_AST_CALL, name.pos, list_depth(0, args));
    e->call.name = sl_ast_ident_of(p, name);
    e->call.args = args;
    e->call.star = star;
    return e;
}

sl_ast_expr *sl_ast_lambda_new(sl_parse_ctx *p, sl_token arrow, sl_ast_ident_list params, sl_ast_expr *body)
{
    sl_ast_expr *e = expr_new(p, SL_AST_LAMBDA, arrow.pos, body->depth);
    e->lambda.params = params;
    e->lambda.body = body;
    return e;
}

sl_ast_expr *sl_ast_lambda1_new(sl_parse_ctx *p, sl_token arrow, sl_ast_expr *param, sl_ast_expr *body)
{
    sl_ast_ident_list params = {0};
    if (param->kind != SL_AST_COLUMN || param->column.qualifier.text ||
        param->column.name.variable) {
        sl_parse_fail_syntax(p, param->pos, "a lambda parameter must be a name");
        return param;
    }
    *SL_AST_PUSH(p->ar, params) = param->column.name;
    return sl_ast_lambda_new(p, arrow, params, body);
}

/* The time unit a unit keyword names. */
static sl_time_unit unit_of(int tk)
{
    switch (tk) {
    case TK_MILLISECOND:
    case TK_MILLISECONDS:
        return SL_UNIT_MILLISECOND;
    case TK_SECOND:
    case TK_SECONDS:
        return SL_UNIT_SECOND;
    case TK_MINUTE:
    case TK_MINUTES:
        return SL_UNIT_MINUTE;
    case TK_HOUR:
    case TK_HOURS:
        return SL_UNIT_HOUR;
    default:
        return SL_UNIT_DAY;
    }
}

sl_ast_expr *sl_ast_time_unit_new(sl_parse_ctx *p, sl_token unit)
{
    sl_ast_expr *e = expr_new(p, SL_AST_TIME_UNIT, unit.pos, 0);
    e->time_unit.unit = unit_of(unit.type);
    e->time_unit.text = upper_copy(p, unit.z, unit.n);
    return e;
}

sl_ast_expr *sl_ast_at_tz_new(sl_parse_ctx *p, sl_token t, sl_ast_expr *arg, sl_token zone)
{
    sl_ast_expr *e = expr_new(p, SL_AST_AT_TIME_ZONE, t.pos, arg->depth);
    e->at_tz.arg = arg;
    e->at_tz.zone = sl_ast_unquote(p, zone, NULL);
    return e;
}

sl_ast_expr_list sl_ast_expr_list_add(sl_parse_ctx *p, sl_ast_expr_list l, sl_ast_expr *e)
{
    *SL_AST_PUSH(p->ar, l) = e;
    return l;
}

sl_ast_ident_list sl_ast_ident_list_add(sl_parse_ctx *p, sl_ast_ident_list l, sl_token name)
{
    *SL_AST_PUSH(p->ar, l) = sl_ast_ident_of(p, name);
    return l;
}

/* ---- durations ------------------------------------------------------------------------ */

/* value unit, value given as digits (possibly from INTERVAL '5'). */
static sl_ast_duration *duration_make(sl_parse_ctx *p, const char *z, size_t n, sl_pos pos,
                                  sl_token unit)
{
    static const int64_t ms_per[] = {1, 1000, 60000, 3600000, 86400000};
    sl_ast_duration *d = SL_ARENA_NEW(p->ar, sl_ast_duration);
    long long v = 0;
    d->pos = pos;
    d->unit = unit_of(unit.type);
    d->unit_text = upper_copy(p, unit.z, unit.n);
    if (n == 0 || z[0] == '-' || z[0] == '+' || !sl_str_to_i64(z, n, &v)) {
        sl_parse_fail(p, SL_E_SYNTAX, pos, "Invalid duration: '%.*s %s'", (int)n, z, d->unit_text);
        return d;
    }
    d->value = v;
    if (v > INT64_MAX / ms_per[d->unit]) {
        sl_parse_fail(p, SL_E_SYNTAX, pos, "Invalid duration: '%.*s %s' is too long", (int)n, z,
                      d->unit_text);
        return d;
    }
    d->ms = v * ms_per[d->unit];
    return d;
}

sl_ast_duration *sl_ast_duration_new(sl_parse_ctx *p, sl_token value, sl_token unit)
{
    return duration_make(p, value.z, value.n, value.pos, unit);
}

sl_ast_watermark *sl_ast_watermark_new(sl_parse_ctx *p, sl_token t, sl_token column, sl_token base,
                                   sl_token value, sl_token unit)
{
    sl_ast_watermark *w = SL_ARENA_NEW(p->ar, sl_ast_watermark);
    w->pos = t.pos;
    w->column = sl_ast_ident_of(p, column);
    w->base = sl_ast_ident_of(p, base);
    if (value.z && value.type == TK_STRLIT)
        w->delay = duration_make(p, value.z + 1, value.n - 2, value.pos, unit);
    else if (value.z)
        w->delay = duration_make(p, value.z, value.n, value.pos, unit);
    return w;
}

/* ---- types ---------------------------------------------------------------------------- */

static sl_type_ast *type_new(sl_parse_ctx *p, sl_type_ast_kind kind, sl_pos pos, uint32_t child)
{
    sl_type_ast *t = SL_ARENA_NEW(p->ar, sl_type_ast);
    t->kind = kind;
    t->pos = pos;
    t->depth = child + 1;
    if (t->depth > (uint32_t)p->max_depth)
        sl_parse_fail(p, SL_E_LIMIT, pos, "type is nested too deeply (limit %d)", p->max_depth);
    return t;
}

sl_type_ast *sl_ast_type_name_new(sl_parse_ctx *p, sl_token name, sl_ast_str_list params)
{
    sl_type_ast *t = type_new(p, SL_TYPE_AST_NAME, name.pos, 0);
    t->named.name = sl_ast_ident_of(p, name);
    t->named.params = params;
    return t;
}

sl_ast_str_list sl_ast_type_param_add(sl_parse_ctx *p, sl_ast_str_list l, sl_token param)
{
    *SL_AST_PUSH(p->ar, l) = upper_copy(p, param.z, param.n);
    return l;
}

sl_type_ast *sl_ast_type_array_new(sl_parse_ctx *p, sl_token t, sl_type_ast *elem)
{
    sl_type_ast *a = type_new(p, SL_TYPE_AST_ARRAY, t.pos, elem->depth);
    a->elem = elem;
    return a;
}

sl_type_ast *sl_ast_type_map_new(sl_parse_ctx *p, sl_token t, sl_type_ast *k, sl_type_ast *v)
{
    sl_type_ast *m = type_new(p, SL_TYPE_AST_MAP, t.pos, k->depth > v->depth ? k->depth : v->depth);
    m->map.key = k;
    m->map.value = v;
    return m;
}

sl_type_ast *sl_ast_type_struct_new(sl_parse_ctx *p, sl_token t, sl_ast_type_field_list fields)
{
    uint32_t d = 0;
    for (uint32_t i = 0; i < fields.n; i++)
        if (fields.v[i].type->depth > d) d = fields.v[i].type->depth;
    sl_type_ast *s = type_new(p, SL_TYPE_AST_STRUCT, t.pos, d);
    s->fields = fields;
    return s;
}

sl_ast_type_field_list sl_ast_type_field_add(sl_parse_ctx *p, sl_ast_type_field_list l, sl_token name,
                                         sl_type_ast *type)
{
    *SL_AST_PUSH(p->ar, l) = (sl_ast_type_field){sl_ast_ident_of(p, name), type};
    return l;
}
