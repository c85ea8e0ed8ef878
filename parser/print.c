/*
 * print.c - the AST -> SQL printer (see ast.h): names, literals, types and expressions;
 * print_stmt.c prints queries and statements with the helpers exported here.
 *
 * Model
 *   Canonical text: upper-case keywords, one space around binary operators, one statement
 *   on one line ending with ';'. The tree keeps no parentheses, so the printer adds them
 *   from precedence: each node has a level (below) and an operand whose level is lower
 *   than its position requires is wrapped in parentheses. Levels follow the grammar:
 *
 *     OR < AND < NOT < predicate < || < + - < * / % < unary - + < AT TIME ZONE < primary
 *
 *   A predicate's operands are "value expressions", so anything at predicate level or
 *   below is wrapped there ((a = b) = c). Binary operators associate to the left, so the
 *   right operand of the same level is wrapped (a - (b - c)). Unary minus wraps a number
 *   (-(5) is not the literal -5) and anything whose text starts with '-' (no "--").
 *
 *   Identifiers print bare when they re-read as themselves: canonical upper case, not a
 *   reserved word, not a keyword that the grammar takes where a name can also stand
 *   (ARRAY[...], MAP(...), STRUCT(...), WATERMARK FOR, time units as function arguments).
 *   Where a statement offers keywords and a name at the same point (DESCRIBE x,
 *   EXPLAIN x, TERMINATE x, WINDOW w, CREATE STREAM x), every keyword is quoted.
 *   Quoting uses backticks.
 */
#include "parser/parser_int.h"

#include <inttypes.h>
#include <string.h>

enum {
    P_OR = 1,
    P_AND,
    P_NOT,
    P_PRED,
    P_CONCAT = SL_PRINT_VALUE,
    P_ADD,
    P_MUL,
    P_UNARY,
    P_AT,
    P_PRIMARY = SL_PRINT_PRIMARY,
};

static void expr(sl_buf *b, const sl_ast_expr *e);

/* ---- names and literals --------------------------------------------------------------- */

static bool plain_shape(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || *s == '_')) return false;
    for (const char *c = s + 1; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '@'))
            return false;
    return true;
}

bool sl_ast_name_needs_quotes(const char *s, bool strict)
{
    if (!plain_shape(s)) return true;
    int tk = sl_lex_keyword(s, strlen(s));
    if (tk == TK_IDENT) return false;
    if (strict || sl_lex_is_reserved(tk)) return true;
    switch (tk) {
    case TK_ARRAY:
    case TK_MAP:
    case TK_STRUCT:
    case TK_WATERMARK:
    case TK_MILLISECOND:
    case TK_MILLISECONDS:
    case TK_SECONDS:
    case TK_MINUTES:
    case TK_HOURS:
    case TK_DAYS:
        return true;
    default:
        return false;
    }
}

static void quoted(sl_buf *b, char q, const char *s, size_t n)
{
    sl_buf_putc(b, q);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == q) sl_buf_putc(b, q);
        sl_buf_putc(b, s[i]);
    }
    sl_buf_putc(b, q);
}

static void name_print(sl_buf *b, const char *s, bool strict)
{
    if (sl_ast_name_needs_quotes(s, strict))
        quoted(b, '`', s, strlen(s));
    else
        sl_buf_puts(b, s);
}

void sl_ast_ident_print(sl_buf *out, const char *name)
{
    name_print(out, name, false);
}

void sl_ast_name_print(sl_buf *b, const sl_ast_ident *id, bool strict)
{
    if (id->variable)
        sl_buf_printf(b, "${%s}", id->text);
    else
        name_print(b, id->text, strict);
}

static void ident(sl_buf *b, const sl_ast_ident *id)
{
    sl_ast_name_print(b, id, false);
}

void sl_ast_string_print(sl_buf *b, const char *s)
{
    quoted(b, '\'', s, strlen(s));
}

static void literal(sl_buf *b, const sl_ast_lit *l)
{
    switch (l->kind) {
    case SL_LIT_NULL:
        sl_buf_puts(b, "NULL");
        break;
    case SL_LIT_BOOLEAN:
        sl_buf_puts(b, l->b ? "TRUE" : "FALSE");
        break;
    case SL_LIT_STRING:
        quoted(b, '\'', l->text, l->len);
        break;
    case SL_LIT_VARIABLE:
        sl_buf_printf(b, "${%s}", l->text);
        break;
    default:
        sl_buf_puts(b, l->text);
        break;
    }
}

void sl_ast_duration_print(sl_buf *b, const sl_ast_duration *d)
{
    sl_buf_printf(b, "%" PRId64 " %s", d->value, d->unit_text);
}

/* ---- types ---------------------------------------------------------------------------- */

void sl_ast_type_print(sl_buf *b, const sl_type_ast *t)
{
    switch (t->kind) {
    case SL_TYPE_AST_NAME:
        ident(b, &t->named.name);
        for (uint32_t i = 0; i < t->named.params.n; i++)
            sl_buf_printf(b, "%s%s", i ? ", " : "(", t->named.params.v[i]);
        if (t->named.params.n) sl_buf_putc(b, ')');
        break;
    case SL_TYPE_AST_ARRAY:
        sl_buf_puts(b, "ARRAY<");
        sl_ast_type_print(b, t->elem);
        sl_buf_putc(b, '>');
        break;
    case SL_TYPE_AST_MAP:
        sl_buf_puts(b, "MAP<");
        sl_ast_type_print(b, t->map.key);
        sl_buf_puts(b, ", ");
        sl_ast_type_print(b, t->map.value);
        sl_buf_putc(b, '>');
        break;
    case SL_TYPE_AST_STRUCT:
        sl_buf_puts(b, "STRUCT<");
        for (uint32_t i = 0; i < t->fields.n; i++) {
            if (i) sl_buf_puts(b, ", ");
            ident(b, &t->fields.v[i].name);
            sl_buf_putc(b, ' ');
            sl_ast_type_print(b, t->fields.v[i].type);
        }
        sl_buf_putc(b, '>');
        break;
    }
}

/* ---- expressions ---------------------------------------------------------------------- */

static int level(const sl_ast_expr *e)
{
    switch (e->kind) {
    case SL_AST_LOGIC:
        return e->logic.op == SL_LOGIC_OR ? P_OR : P_AND;
    case SL_AST_NOT:
        return P_NOT;
    case SL_AST_COMPARE:
    case SL_AST_IS_NULL:
    case SL_AST_BETWEEN:
    case SL_AST_IN:
    case SL_AST_LIKE:
        return P_PRED;
    case SL_AST_BINARY:
        return e->binary.op == SL_AST_OP_CONCAT                             ? P_CONCAT
               : e->binary.op == SL_AST_OP_ADD || e->binary.op == SL_AST_OP_SUB ? P_ADD
                                                                        : P_MUL;
    case SL_AST_UNARY:
        return P_UNARY;
    case SL_AST_AT_TIME_ZONE:
        return P_AT;
    default:
        return P_PRIMARY;
    }
}

/* Whether e's text begins with '-' (a negative number or unary minus leftmost). */
static bool starts_with_minus(const sl_ast_expr *e)
{
    switch (e->kind) {
    case SL_AST_LITERAL:
        return e->lit.text && e->lit.kind != SL_LIT_STRING && e->lit.text[0] == '-';
    case SL_AST_UNARY:
        return e->unary.negate;
    case SL_AST_BINARY:
        return starts_with_minus(e->binary.left);
    case SL_AST_COMPARE:
        return starts_with_minus(e->compare.left);
    case SL_AST_SUBSCRIPT:
        return starts_with_minus(e->subscript.base);
    case SL_AST_DEREF:
        return starts_with_minus(e->deref.base);
    case SL_AST_AT_TIME_ZONE:
        return starts_with_minus(e->at_tz.arg);
    default:
        return false;
    }
}

static bool is_number(const sl_ast_expr *e)
{
    return e->kind == SL_AST_LITERAL &&
           (e->lit.kind == SL_LIT_INT || e->lit.kind == SL_LIT_BIGINT ||
            e->lit.kind == SL_LIT_DECIMAL || e->lit.kind == SL_LIT_DOUBLE);
}

/* e where its position requires at least level min. */
void sl_ast_operand_print(sl_buf *b, const sl_ast_expr *e, int min)
{
    bool paren = level(e) < min;
    if (paren) sl_buf_putc(b, '(');
    expr(b, e);
    if (paren) sl_buf_putc(b, ')');
}

void sl_ast_expr_list_print(sl_buf *b, const sl_ast_expr_list *l, int min)
{
    for (uint32_t i = 0; i < l->n; i++) {
        if (i) sl_buf_puts(b, ", ");
        sl_ast_operand_print(b, l->v[i], min);
    }
}

static const char *binop_text(sl_ast_binop op)
{
    static const char *const t[] = {"+", "-", "*", "/", "%", "||"};
    return t[op];
}

static const char *cmpop_text(sl_ast_cmpop op)
{
    static const char *const t[] = {
        "=", "<>", "<", "<=", ">", ">=", "IS DISTINCT FROM", "IS NOT DISTINCT FROM"};
    return t[op];
}

static void unary(sl_buf *b, const sl_ast_expr *e)
{
    const sl_ast_expr *a = e->unary.arg;
    sl_buf_putc(b, e->unary.negate ? '-' : '+');
    bool paren = level(a) < P_UNARY || (e->unary.negate && (is_number(a) || starts_with_minus(a)));
    if (paren) sl_buf_putc(b, '(');
    expr(b, a);
    if (paren) sl_buf_putc(b, ')');
}

static void predicate(sl_buf *b, const sl_ast_expr *e)
{
    switch (e->kind) {
    case SL_AST_COMPARE:
        sl_ast_operand_print(b, e->compare.left, P_CONCAT);
        sl_buf_printf(b, " %s ", cmpop_text(e->compare.op));
        sl_ast_operand_print(b, e->compare.right, P_CONCAT);
        break;
    case SL_AST_IS_NULL:
        sl_ast_operand_print(b, e->is_null.arg, P_CONCAT);
        sl_buf_puts(b, e->is_null.negated ? " IS NOT NULL" : " IS NULL");
        break;
    case SL_AST_BETWEEN:
        sl_ast_operand_print(b, e->between.value, P_CONCAT);
        sl_buf_puts(b, e->between.negated ? " NOT BETWEEN " : " BETWEEN ");
        sl_ast_operand_print(b, e->between.low, P_CONCAT);
        sl_buf_puts(b, " AND ");
        sl_ast_operand_print(b, e->between.high, P_CONCAT);
        break;
    case SL_AST_IN:
        sl_ast_operand_print(b, e->in.value, P_CONCAT);
        sl_buf_puts(b, e->in.negated ? " NOT IN (" : " IN (");
        sl_ast_expr_list_print(b, &e->in.list, 0);
        sl_buf_putc(b, ')');
        break;
    default: /* LIKE */
        sl_ast_operand_print(b, e->like.value, P_CONCAT);
        sl_buf_puts(b, e->like.negated ? " NOT LIKE " : " LIKE ");
        sl_ast_operand_print(b, e->like.pattern, P_CONCAT);
        if (e->like.escape) {
            sl_buf_puts(b, " ESCAPE ");
            sl_ast_string_print(b, e->like.escape);
        }
        break;
    }
}

static void case_expr(sl_buf *b, const sl_ast_expr *e)
{
    sl_buf_puts(b, "CASE");
    if (e->case_.operand) {
        sl_buf_putc(b, ' ');
        sl_ast_operand_print(b, e->case_.operand, P_CONCAT);
    }
    for (uint32_t i = 0; i < e->case_.whens.n; i++) {
        sl_buf_puts(b, " WHEN ");
        expr(b, e->case_.whens.v[i].cond);
        sl_buf_puts(b, " THEN ");
        expr(b, e->case_.whens.v[i].result);
    }
    if (e->case_.else_) {
        sl_buf_puts(b, " ELSE ");
        expr(b, e->case_.else_);
    }
    sl_buf_puts(b, " END");
}

static void constructor(sl_buf *b, const sl_ast_expr *e)
{
    if (e->kind == SL_AST_ARRAY) {
        sl_buf_puts(b, "ARRAY[");
        sl_ast_expr_list_print(b, &e->array, 0);
        sl_buf_putc(b, ']');
        return;
    }
    bool map = e->kind == SL_AST_MAP;
    uint32_t n = map ? e->map.n : e->struct_.n;
    sl_buf_puts(b, map ? "MAP(" : "STRUCT(");
    for (uint32_t i = 0; i < n; i++) {
        if (i) sl_buf_puts(b, ", ");
        if (map)
            expr(b, e->map.v[i].key);
        else
            ident(b, &e->struct_.v[i].name);
        sl_buf_puts(b, " := ");
        expr(b, map ? e->map.v[i].value : e->struct_.v[i].value);
    }
    sl_buf_putc(b, ')');
}

static void call(sl_buf *b, const sl_ast_expr *e)
{
    ident(b, &e->call.name);
    sl_buf_putc(b, '(');
    if (e->call.star) sl_buf_putc(b, '*');
    sl_ast_expr_list_print(b, &e->call.args, 0);
    sl_buf_putc(b, ')');
}

static void lambda(sl_buf *b, const sl_ast_expr *e)
{
    const sl_ast_ident_list *ps = &e->lambda.params;
    if (ps->n > 1) sl_buf_putc(b, '(');
    for (uint32_t i = 0; i < ps->n; i++) {
        if (i) sl_buf_puts(b, ", ");
        ident(b, &ps->v[i]);
    }
    if (ps->n > 1) sl_buf_putc(b, ')');
    sl_buf_puts(b, " => ");
    expr(b, e->lambda.body);
}

static void logic(sl_buf *b, const sl_ast_expr *e)
{
    int lv = level(e);
    for (uint32_t i = 0; i < e->logic.args.n; i++) {
        if (i) sl_buf_puts(b, lv == P_OR ? " OR " : " AND ");
        sl_ast_operand_print(b, e->logic.args.v[i], lv + 1);
    }
}

/* A dispatch switch over expression kinds. */
static void expr(sl_buf *b, const sl_ast_expr *e)
{
    switch (e->kind) {
    case SL_AST_LITERAL:
        literal(b, &e->lit);
        break;
    case SL_AST_TYPED_LITERAL:
        ident(b, &e->typed.type);
        sl_buf_putc(b, ' ');
        quoted(b, '\'', e->typed.text, e->typed.len);
        break;
    case SL_AST_COLUMN:
        if (e->column.qualifier.text) {
            ident(b, &e->column.qualifier);
            sl_buf_putc(b, '.');
        }
        ident(b, &e->column.name);
        break;
    case SL_AST_DEREF:
        sl_ast_operand_print(b, e->deref.base, P_PRIMARY);
        sl_buf_puts(b, "->");
        ident(b, &e->deref.field);
        break;
    case SL_AST_SUBSCRIPT:
        sl_ast_operand_print(b, e->subscript.base, P_PRIMARY);
        sl_buf_putc(b, '[');
        sl_ast_operand_print(b, e->subscript.index, P_CONCAT);
        sl_buf_putc(b, ']');
        break;
    case SL_AST_UNARY:
        unary(b, e);
        break;
    case SL_AST_BINARY:
        sl_ast_operand_print(b, e->binary.left, level(e));
        sl_buf_printf(b, " %s ", binop_text(e->binary.op));
        sl_ast_operand_print(b, e->binary.right, level(e) + 1);
        break;
    case SL_AST_LOGIC:
        logic(b, e);
        break;
    case SL_AST_NOT:
        sl_buf_puts(b, "NOT ");
        sl_ast_operand_print(b, e->not_arg, P_NOT);
        break;
    case SL_AST_COMPARE:
    case SL_AST_IS_NULL:
    case SL_AST_BETWEEN:
    case SL_AST_IN:
    case SL_AST_LIKE:
        predicate(b, e);
        break;
    case SL_AST_CASE:
        case_expr(b, e);
        break;
    case SL_AST_CAST:
        sl_buf_puts(b, "CAST(");
        expr(b, e->cast.arg);
        sl_buf_puts(b, " AS ");
        sl_ast_type_print(b, e->cast.type);
        sl_buf_putc(b, ')');
        break;
    case SL_AST_ARRAY:
    case SL_AST_MAP:
    case SL_AST_STRUCT:
        constructor(b, e);
        break;
    case SL_AST_CALL:
        call(b, e);
        break;
    case SL_AST_LAMBDA:
        lambda(b, e);
        break;
    case SL_AST_TIME_UNIT:
        sl_buf_puts(b, e->time_unit.text);
        break;
    case SL_AST_AT_TIME_ZONE:
        sl_ast_operand_print(b, e->at_tz.arg, P_AT);
        sl_buf_puts(b, " AT TIME ZONE ");
        sl_ast_string_print(b, e->at_tz.zone);
        break;
    }
}

void sl_ast_expr_print(sl_buf *out, const sl_ast_expr *e)
{
    expr(out, e);
}

/* ---- names for messages --------------------------------------------------------------- */

const char *sl_ast_expr_kind_name(sl_ast_expr_kind kind)
{
    static const char *const names[] = {
        "LITERAL", "TYPED_LITERAL", "COLUMN", "DEREF",     "SUBSCRIPT",   "UNARY",
        "BINARY",  "COMPARE",       "LOGIC",  "NOT",       "IS_NULL",     "BETWEEN",
        "IN",      "LIKE",          "CASE",   "CAST",      "ARRAY",       "MAP",
        "STRUCT",  "CALL",          "LAMBDA", "TIME_UNIT", "AT_TIME_ZONE"};
    return kind <= SL_AST_AT_TIME_ZONE ? names[kind] : "?";
}
