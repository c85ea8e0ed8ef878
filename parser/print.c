/*
 * print.c - the AST -> SQL printer (see ast.h).
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
    P_CONCAT,
    P_ADD,
    P_MUL,
    P_UNARY,
    P_AT,
    P_PRIMARY,
};

static void expr(sl_buf *b, const sl_expr *e);

/* ---- names and literals --------------------------------------------------------------- */

static bool plain_shape(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || *s == '_')) return false;
    for (const char *c = s + 1; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '@'))
            return false;
    return true;
}

static bool needs_quotes(const char *s, bool strict)
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
    if (needs_quotes(s, strict))
        quoted(b, '`', s, strlen(s));
    else
        sl_buf_puts(b, s);
}

void sl_ast_ident_print(sl_buf *out, const char *name)
{
    name_print(out, name, false);
}

static void ident(sl_buf *b, const sl_ident *id)
{
    if (id->variable)
        sl_buf_printf(b, "${%s}", id->text);
    else
        name_print(b, id->text, false);
}

static void ident_strict(sl_buf *b, const sl_ident *id)
{
    if (id->variable)
        sl_buf_printf(b, "${%s}", id->text);
    else
        name_print(b, id->text, true);
}

static void string(sl_buf *b, const char *s)
{
    quoted(b, '\'', s, strlen(s));
}

static void literal(sl_buf *b, const sl_lit *l)
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

static void duration(sl_buf *b, const sl_duration *d)
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

static int level(const sl_expr *e)
{
    switch (e->kind) {
    case SL_EXPR_LOGIC:
        return e->logic.op == SL_LOGIC_OR ? P_OR : P_AND;
    case SL_EXPR_NOT:
        return P_NOT;
    case SL_EXPR_COMPARE:
    case SL_EXPR_IS_NULL:
    case SL_EXPR_BETWEEN:
    case SL_EXPR_IN:
    case SL_EXPR_LIKE:
        return P_PRED;
    case SL_EXPR_BINARY:
        return e->binary.op == SL_OP_CONCAT                             ? P_CONCAT
               : e->binary.op == SL_OP_ADD || e->binary.op == SL_OP_SUB ? P_ADD
                                                                        : P_MUL;
    case SL_EXPR_UNARY:
        return P_UNARY;
    case SL_EXPR_AT_TIME_ZONE:
        return P_AT;
    default:
        return P_PRIMARY;
    }
}

/* Whether e's text begins with '-' (a negative number or unary minus leftmost). */
static bool starts_with_minus(const sl_expr *e)
{
    switch (e->kind) {
    case SL_EXPR_LITERAL:
        return e->lit.text && e->lit.kind != SL_LIT_STRING && e->lit.text[0] == '-';
    case SL_EXPR_UNARY:
        return e->unary.negate;
    case SL_EXPR_BINARY:
        return starts_with_minus(e->binary.left);
    case SL_EXPR_COMPARE:
        return starts_with_minus(e->compare.left);
    case SL_EXPR_SUBSCRIPT:
        return starts_with_minus(e->subscript.base);
    case SL_EXPR_DEREF:
        return starts_with_minus(e->deref.base);
    case SL_EXPR_AT_TIME_ZONE:
        return starts_with_minus(e->at_tz.arg);
    default:
        return false;
    }
}

static bool is_number(const sl_expr *e)
{
    return e->kind == SL_EXPR_LITERAL &&
           (e->lit.kind == SL_LIT_INT || e->lit.kind == SL_LIT_BIGINT ||
            e->lit.kind == SL_LIT_DECIMAL || e->lit.kind == SL_LIT_DOUBLE);
}

/* e where its position requires at least level min. */
static void operand(sl_buf *b, const sl_expr *e, int min)
{
    bool paren = level(e) < min;
    if (paren) sl_buf_putc(b, '(');
    expr(b, e);
    if (paren) sl_buf_putc(b, ')');
}

static void expr_list(sl_buf *b, const sl_expr_list *l, int min)
{
    for (uint32_t i = 0; i < l->n; i++) {
        if (i) sl_buf_puts(b, ", ");
        operand(b, l->v[i], min);
    }
}

static const char *binop_text(sl_binop op)
{
    static const char *const t[] = {"+", "-", "*", "/", "%", "||"};
    return t[op];
}

static const char *cmpop_text(sl_cmpop op)
{
    static const char *const t[] = {
        "=", "<>", "<", "<=", ">", ">=", "IS DISTINCT FROM", "IS NOT DISTINCT FROM"};
    return t[op];
}

static void unary(sl_buf *b, const sl_expr *e)
{
    const sl_expr *a = e->unary.arg;
    sl_buf_putc(b, e->unary.negate ? '-' : '+');
    bool paren = level(a) < P_UNARY || (e->unary.negate && (is_number(a) || starts_with_minus(a)));
    if (paren) sl_buf_putc(b, '(');
    expr(b, a);
    if (paren) sl_buf_putc(b, ')');
}

static void predicate(sl_buf *b, const sl_expr *e)
{
    switch (e->kind) {
    case SL_EXPR_COMPARE:
        operand(b, e->compare.left, P_CONCAT);
        sl_buf_printf(b, " %s ", cmpop_text(e->compare.op));
        operand(b, e->compare.right, P_CONCAT);
        break;
    case SL_EXPR_IS_NULL:
        operand(b, e->is_null.arg, P_CONCAT);
        sl_buf_puts(b, e->is_null.negated ? " IS NOT NULL" : " IS NULL");
        break;
    case SL_EXPR_BETWEEN:
        operand(b, e->between.value, P_CONCAT);
        sl_buf_puts(b, e->between.negated ? " NOT BETWEEN " : " BETWEEN ");
        operand(b, e->between.low, P_CONCAT);
        sl_buf_puts(b, " AND ");
        operand(b, e->between.high, P_CONCAT);
        break;
    case SL_EXPR_IN:
        operand(b, e->in.value, P_CONCAT);
        sl_buf_puts(b, e->in.negated ? " NOT IN (" : " IN (");
        expr_list(b, &e->in.list, 0);
        sl_buf_putc(b, ')');
        break;
    default: /* LIKE */
        operand(b, e->like.value, P_CONCAT);
        sl_buf_puts(b, e->like.negated ? " NOT LIKE " : " LIKE ");
        operand(b, e->like.pattern, P_CONCAT);
        if (e->like.escape) {
            sl_buf_puts(b, " ESCAPE ");
            string(b, e->like.escape);
        }
        break;
    }
}

static void case_expr(sl_buf *b, const sl_expr *e)
{
    sl_buf_puts(b, "CASE");
    if (e->case_.operand) {
        sl_buf_putc(b, ' ');
        operand(b, e->case_.operand, P_CONCAT);
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

static void constructor(sl_buf *b, const sl_expr *e)
{
    if (e->kind == SL_EXPR_ARRAY) {
        sl_buf_puts(b, "ARRAY[");
        expr_list(b, &e->array, 0);
        sl_buf_putc(b, ']');
        return;
    }
    bool map = e->kind == SL_EXPR_MAP;
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

static void call(sl_buf *b, const sl_expr *e)
{
    ident(b, &e->call.name);
    sl_buf_putc(b, '(');
    if (e->call.star) sl_buf_putc(b, '*');
    expr_list(b, &e->call.args, 0);
    sl_buf_putc(b, ')');
}

static void lambda(sl_buf *b, const sl_expr *e)
{
    const sl_ident_list *ps = &e->lambda.params;
    if (ps->n > 1) sl_buf_putc(b, '(');
    for (uint32_t i = 0; i < ps->n; i++) {
        if (i) sl_buf_puts(b, ", ");
        ident(b, &ps->v[i]);
    }
    if (ps->n > 1) sl_buf_putc(b, ')');
    sl_buf_puts(b, " => ");
    expr(b, e->lambda.body);
}

static void logic(sl_buf *b, const sl_expr *e)
{
    int lv = level(e);
    for (uint32_t i = 0; i < e->logic.args.n; i++) {
        if (i) sl_buf_puts(b, lv == P_OR ? " OR " : " AND ");
        operand(b, e->logic.args.v[i], lv + 1);
    }
}

/* A dispatch switch over expression kinds. */
static void expr(sl_buf *b, const sl_expr *e)
{
    switch (e->kind) {
    case SL_EXPR_LITERAL:
        literal(b, &e->lit);
        break;
    case SL_EXPR_TYPED_LITERAL:
        ident(b, &e->typed.type);
        sl_buf_putc(b, ' ');
        quoted(b, '\'', e->typed.text, e->typed.len);
        break;
    case SL_EXPR_COLUMN:
        if (e->column.qualifier.text) {
            ident(b, &e->column.qualifier);
            sl_buf_putc(b, '.');
        }
        ident(b, &e->column.name);
        break;
    case SL_EXPR_DEREF:
        operand(b, e->deref.base, P_PRIMARY);
        sl_buf_puts(b, "->");
        ident(b, &e->deref.field);
        break;
    case SL_EXPR_SUBSCRIPT:
        operand(b, e->subscript.base, P_PRIMARY);
        sl_buf_putc(b, '[');
        operand(b, e->subscript.index, P_CONCAT);
        sl_buf_putc(b, ']');
        break;
    case SL_EXPR_UNARY:
        unary(b, e);
        break;
    case SL_EXPR_BINARY:
        operand(b, e->binary.left, level(e));
        sl_buf_printf(b, " %s ", binop_text(e->binary.op));
        operand(b, e->binary.right, level(e) + 1);
        break;
    case SL_EXPR_LOGIC:
        logic(b, e);
        break;
    case SL_EXPR_NOT:
        sl_buf_puts(b, "NOT ");
        operand(b, e->not_arg, P_NOT);
        break;
    case SL_EXPR_COMPARE:
    case SL_EXPR_IS_NULL:
    case SL_EXPR_BETWEEN:
    case SL_EXPR_IN:
    case SL_EXPR_LIKE:
        predicate(b, e);
        break;
    case SL_EXPR_CASE:
        case_expr(b, e);
        break;
    case SL_EXPR_CAST:
        sl_buf_puts(b, "CAST(");
        expr(b, e->cast.arg);
        sl_buf_puts(b, " AS ");
        sl_ast_type_print(b, e->cast.type);
        sl_buf_putc(b, ')');
        break;
    case SL_EXPR_ARRAY:
    case SL_EXPR_MAP:
    case SL_EXPR_STRUCT:
        constructor(b, e);
        break;
    case SL_EXPR_CALL:
        call(b, e);
        break;
    case SL_EXPR_LAMBDA:
        lambda(b, e);
        break;
    case SL_EXPR_TIME_UNIT:
        sl_buf_puts(b, e->time_unit.text);
        break;
    case SL_EXPR_AT_TIME_ZONE:
        operand(b, e->at_tz.arg, P_AT);
        sl_buf_puts(b, " AT TIME ZONE ");
        string(b, e->at_tz.zone);
        break;
    }
}

void sl_ast_expr_print(sl_buf *out, const sl_expr *e)
{
    expr(out, e);
}

/* ---- queries -------------------------------------------------------------------------- */

static void relation(sl_buf *b, const sl_relation *r)
{
    ident(b, &r->name);
    if (r->alias.text) {
        sl_buf_puts(b, " AS ");
        ident(b, &r->alias);
    }
}

static void select_items(sl_buf *b, const sl_select_list *l)
{
    for (uint32_t i = 0; i < l->n; i++) {
        const sl_select_item *it = &l->v[i];
        if (i) sl_buf_puts(b, ", ");
        if (it->kind == SL_SELECT_ALL) {
            if (it->source.text) {
                ident(b, &it->source);
                sl_buf_putc(b, '.');
            }
            sl_buf_putc(b, '*');
        } else if (it->kind == SL_SELECT_STRUCT_ALL) {
            operand(b, it->expr, P_PRIMARY);
            sl_buf_puts(b, "->*");
        } else {
            expr(b, it->expr);
            if (it->alias.text) {
                sl_buf_puts(b, " AS ");
                ident(b, &it->alias);
            }
        }
    }
}

static void join(sl_buf *b, const sl_join *j)
{
    static const char *const kw[] = {" INNER JOIN ", " LEFT JOIN ", " RIGHT JOIN ",
                                     " FULL OUTER JOIN "};
    sl_buf_puts(b, kw[j->type]);
    relation(b, &j->right);
    if (j->within) {
        sl_buf_puts(b, " WITHIN ");
        if (j->within->before_after) {
            sl_buf_putc(b, '(');
            duration(b, &j->within->before);
            sl_buf_puts(b, ", ");
            duration(b, &j->within->after);
            sl_buf_putc(b, ')');
        } else {
            duration(b, &j->within->before);
        }
        if (j->within->grace) {
            sl_buf_puts(b, " GRACE PERIOD ");
            duration(b, j->within->grace);
        }
    }
    sl_buf_puts(b, " ON ");
    expr(b, j->on);
}

static void window(sl_buf *b, const sl_window *w)
{
    static const char *const kw[] = {"TUMBLING (SIZE ", "HOPPING (SIZE ", "SESSION ("};
    sl_buf_puts(b, " WINDOW ");
    if (w->name.text) {
        ident_strict(b, &w->name);
        sl_buf_putc(b, ' ');
    }
    sl_buf_puts(b, kw[w->type]);
    duration(b, &w->size);
    if (w->type == SL_WINDOW_HOPPING) {
        sl_buf_puts(b, ", ADVANCE BY ");
        duration(b, &w->advance);
    }
    if (w->retention) {
        sl_buf_puts(b, ", RETENTION ");
        duration(b, w->retention);
    }
    if (w->grace) {
        sl_buf_puts(b, ", GRACE PERIOD ");
        duration(b, w->grace);
    }
    sl_buf_putc(b, ')');
}

static void by_list(sl_buf *b, const char *kw, const sl_expr_list *l)
{
    if (!l) return;
    sl_buf_puts(b, kw);
    if (l->n == 0) sl_buf_puts(b, "()");
    expr_list(b, l, P_CONCAT);
}

void sl_ast_query_print(sl_buf *b, const sl_query *q)
{
    sl_buf_puts(b, "SELECT ");
    select_items(b, &q->items);
    sl_buf_puts(b, " FROM ");
    relation(b, &q->from);
    for (uint32_t i = 0; i < q->joins.n; i++)
        join(b, &q->joins.v[i]);
    if (q->window) window(b, q->window);
    if (q->where) {
        sl_buf_puts(b, " WHERE ");
        expr(b, q->where);
    }
    by_list(b, " GROUP BY ", q->group_by);
    by_list(b, " PARTITION BY ", q->partition_by);
    if (q->having) {
        sl_buf_puts(b, " HAVING ");
        expr(b, q->having);
    }
    if (q->emit != SL_EMIT_NONE)
        sl_buf_puts(b, q->emit == SL_EMIT_CHANGES ? " EMIT CHANGES" : " EMIT FINAL");
    if (q->has_limit) sl_buf_printf(b, " LIMIT %" PRId64, q->limit);
}

/* ---- statements ----------------------------------------------------------------------- */

static void props(sl_buf *b, const sl_prop_list *l)
{
    if (l->n == 0) return;
    sl_buf_puts(b, " WITH (");
    for (uint32_t i = 0; i < l->n; i++) {
        if (i) sl_buf_puts(b, ", ");
        if (needs_quotes(l->v[i].name.text, false))
            string(b, l->v[i].name.text);
        else
            sl_buf_puts(b, l->v[i].name.text);
        sl_buf_putc(b, '=');
        expr(b, l->v[i].value);
    }
    sl_buf_putc(b, ')');
}

static void column_def(sl_buf *b, const sl_column_def *c)
{
    static const char *const kw[] = {"", " KEY", " PRIMARY KEY", " HEADERS", " HEADER("};
    ident(b, &c->name);
    sl_buf_putc(b, ' ');
    sl_ast_type_print(b, c->type);
    sl_buf_puts(b, kw[c->constraint]);
    if (c->constraint == SL_COL_HEADER) {
        string(b, c->header_key);
        sl_buf_putc(b, ')');
    }
}

static void elements(sl_buf *b, const sl_column_list *cols, const sl_watermark *wm)
{
    if (cols->n == 0 && !wm) return;
    sl_buf_puts(b, " (");
    for (uint32_t i = 0; i < cols->n; i++) {
        if (i) sl_buf_puts(b, ", ");
        column_def(b, &cols->v[i]);
    }
    if (wm) {
        sl_buf_puts(b, cols->n ? ", WATERMARK FOR " : "WATERMARK FOR ");
        ident(b, &wm->column);
        sl_buf_puts(b, " AS ");
        ident(b, &wm->base);
        if (wm->delay)
            sl_buf_printf(b, " - INTERVAL '%" PRId64 "' %s", wm->delay->value,
                          wm->delay->unit_text);
    }
    sl_buf_putc(b, ')');
}

static void name_list(sl_buf *b, const sl_ident_list *l)
{
    if (l->n == 0) return;
    sl_buf_puts(b, " (");
    for (uint32_t i = 0; i < l->n; i++) {
        if (i) sl_buf_puts(b, ", ");
        ident(b, &l->v[i]);
    }
    sl_buf_putc(b, ')');
}

static void values(sl_buf *b, const sl_stmt *s)
{
    static const char *const head[] = {"INSERT INTO ", "ASSERT VALUES ", "ASSERT NULL VALUES "};
    int h = s->kind == SL_STMT_INSERT_VALUES ? 0 : s->kind == SL_STMT_ASSERT_VALUES ? 1 : 2;
    sl_buf_puts(b, head[h]);
    ident(b, &s->values.target);
    name_list(b, &s->values.columns);
    sl_buf_puts(b, h == 2 ? " KEY (" : " VALUES (");
    expr_list(b, &s->values.values, P_CONCAT);
    sl_buf_putc(b, ')');
}

static void source(sl_buf *b, const sl_stmt *s)
{
    if (s->kind == SL_STMT_ASSERT_SOURCE) {
        sl_buf_puts(b, s->source.is_table ? "ASSERT TABLE " : "ASSERT STREAM ");
        ident(b, &s->source.name);
    } else {
        sl_buf_puts(b, s->source.or_replace ? "CREATE OR REPLACE " : "CREATE ");
        if (s->source.is_source) sl_buf_puts(b, "SOURCE ");
        sl_buf_puts(b, s->source.is_table ? "TABLE " : "STREAM ");
        if (s->source.if_not_exists) sl_buf_puts(b, "IF NOT EXISTS ");
        ident_strict(b, &s->source.name);
    }
    elements(b, &s->source.columns, s->source.watermark);
    props(b, &s->source.props);
}

static void show(sl_buf *b, const sl_stmt *s)
{
    static const char *const what[] = {"STREAMS",    "TABLES",           "TOPICS", "QUERIES",
                                       "PROPERTIES", "FUNCTIONS",        "TYPES",  "VARIABLES",
                                       "CONNECTORS", "CONNECTOR PLUGINS"};
    static const char *const scope[] = {"", "SOURCE ", "SINK "};
    sl_buf_printf(b, "SHOW %s%s%s%s", s->show.all ? "ALL " : "", scope[s->show.scope],
                  what[s->show.what], s->show.extended ? " EXTENDED" : "");
}

static void describe(sl_buf *b, const sl_stmt *s)
{
    static const char *const what[] = {"", "STREAMS", "TABLES", "FUNCTION ", "CONNECTOR "};
    sl_buf_printf(b, "DESCRIBE %s", what[s->describe.what]);
    if (s->describe.what == SL_DESCRIBE_SOURCE)
        ident_strict(b, &s->describe.name);
    else if (s->describe.name.text)
        ident(b, &s->describe.name);
    if (s->describe.extended) sl_buf_puts(b, " EXTENDED");
}

static void drop(sl_buf *b, const sl_stmt *s)
{
    static const char *const what[] = {"STREAM ", "TABLE ", "TYPE ", "CONNECTOR "};
    sl_buf_printf(b, "DROP %s%s", what[s->drop.what], s->drop.if_exists ? "IF EXISTS " : "");
    ident_strict(b, &s->drop.name);
    if (s->drop.delete_topic) sl_buf_puts(b, " DELETE TOPIC");
}

static void query_ctl(sl_buf *b, const sl_stmt *s)
{
    sl_buf_puts(b, s->kind == SL_STMT_TERMINATE ? "TERMINATE "
                   : s->kind == SL_STMT_PAUSE   ? "PAUSE "
                                                : "RESUME ");
    if (s->query_ctl.all)
        sl_buf_puts(b, "ALL");
    else
        ident_strict(b, &s->query_ctl.query_id);
}

static void print_stmt(sl_buf *b, const sl_stmt *s)
{
    sl_buf_puts(b, "PRINT ");
    string(b, s->print.topic);
    if (s->print.from_beginning) sl_buf_puts(b, " FROM BEGINNING");
    if (s->print.has_interval) sl_buf_printf(b, " INTERVAL %" PRId64, s->print.interval);
    if (s->print.has_limit) sl_buf_printf(b, " LIMIT %" PRId64, s->print.limit);
}

static void settings(sl_buf *b, const sl_stmt *s)
{
    switch (s->kind) {
    case SL_STMT_SET:
    case SL_STMT_ALTER_SYSTEM:
        sl_buf_puts(b, s->kind == SL_STMT_SET ? "SET " : "ALTER SYSTEM ");
        string(b, s->set.name);
        sl_buf_puts(b, " = ");
        string(b, s->set.value);
        break;
    case SL_STMT_UNSET:
        sl_buf_puts(b, "UNSET ");
        string(b, s->set.name);
        break;
    case SL_STMT_DEFINE:
        sl_buf_printf(b, "DEFINE %s = ", s->define.name);
        string(b, s->define.value);
        break;
    case SL_STMT_UNDEFINE:
        sl_buf_printf(b, "UNDEFINE %s", s->define.name);
        break;
    default: /* RUN_SCRIPT */
        sl_buf_puts(b, "RUN SCRIPT ");
        string(b, s->script_path);
        break;
    }
}

static void asserts(sl_buf *b, const sl_stmt *s)
{
    if (s->kind == SL_STMT_ASSERT_TOPIC) {
        sl_buf_puts(b, s->assert_topic.not_exists ? "ASSERT NOT EXISTS TOPIC " : "ASSERT TOPIC ");
        string(b, s->assert_topic.topic);
        props(b, &s->assert_topic.props);
        if (s->assert_topic.timeout) {
            sl_buf_puts(b, " TIMEOUT ");
            duration(b, s->assert_topic.timeout);
        }
        return;
    }
    sl_buf_puts(b, s->assert_schema.not_exists ? "ASSERT NOT EXISTS SCHEMA" : "ASSERT SCHEMA");
    if (s->assert_schema.subject) {
        sl_buf_puts(b, " SUBJECT ");
        string(b, s->assert_schema.subject);
    }
    if (s->assert_schema.id) {
        sl_buf_puts(b, " ID ");
        expr(b, s->assert_schema.id);
    }
    if (s->assert_schema.timeout) {
        sl_buf_puts(b, " TIMEOUT ");
        duration(b, s->assert_schema.timeout);
    }
}

static void ddl(sl_buf *b, const sl_stmt *s)
{
    switch (s->kind) {
    case SL_STMT_CREATE_AS:
        sl_buf_puts(b, s->create_as.or_replace ? "CREATE OR REPLACE " : "CREATE ");
        sl_buf_puts(b, s->create_as.is_table ? "TABLE " : "STREAM ");
        if (s->create_as.if_not_exists) sl_buf_puts(b, "IF NOT EXISTS ");
        ident_strict(b, &s->create_as.name);
        props(b, &s->create_as.props);
        sl_buf_puts(b, " AS ");
        sl_ast_query_print(b, s->create_as.query);
        break;
    case SL_STMT_CREATE_TYPE:
        sl_buf_puts(b,
                    s->create_type.if_not_exists ? "CREATE TYPE IF NOT EXISTS " : "CREATE TYPE ");
        ident_strict(b, &s->create_type.name);
        sl_buf_puts(b, " AS ");
        sl_ast_type_print(b, s->create_type.type);
        break;
    case SL_STMT_ALTER_SOURCE:
        sl_buf_puts(b, s->alter.is_table ? "ALTER TABLE " : "ALTER STREAM ");
        ident(b, &s->alter.name);
        for (uint32_t i = 0; i < s->alter.columns.n; i++) {
            sl_buf_puts(b, i ? ", ADD COLUMN " : " ADD COLUMN ");
            column_def(b, &s->alter.columns.v[i]);
        }
        break;
    default: /* CREATE_CONNECTOR */
        sl_buf_puts(b,
                    s->connector.is_source ? "CREATE SOURCE CONNECTOR " : "CREATE SINK CONNECTOR ");
        if (s->connector.if_not_exists) sl_buf_puts(b, "IF NOT EXISTS ");
        ident_strict(b, &s->connector.name);
        props(b, &s->connector.props);
        break;
    }
}

/* The statement without its ';'. A dispatch switch over statement kinds. */
static void stmt(sl_buf *b, const sl_stmt *s)
{
    switch (s->kind) {
    case SL_STMT_QUERY:
        sl_ast_query_print(b, s->query);
        break;
    case SL_STMT_CREATE_SOURCE:
    case SL_STMT_ASSERT_SOURCE:
        source(b, s);
        break;
    case SL_STMT_CREATE_AS:
    case SL_STMT_CREATE_TYPE:
    case SL_STMT_ALTER_SOURCE:
    case SL_STMT_CREATE_CONNECTOR:
        ddl(b, s);
        break;
    case SL_STMT_INSERT_INTO:
        sl_buf_puts(b, "INSERT INTO ");
        ident(b, &s->insert_into.target);
        props(b, &s->insert_into.props);
        sl_buf_putc(b, ' ');
        sl_ast_query_print(b, s->insert_into.query);
        break;
    case SL_STMT_INSERT_VALUES:
    case SL_STMT_ASSERT_VALUES:
    case SL_STMT_ASSERT_TOMBSTONE:
        values(b, s);
        break;
    case SL_STMT_DROP:
        drop(b, s);
        break;
    case SL_STMT_SHOW:
        show(b, s);
        break;
    case SL_STMT_DESCRIBE:
        describe(b, s);
        break;
    case SL_STMT_EXPLAIN:
        sl_buf_puts(b, "EXPLAIN ");
        if (s->explain.stmt)
            stmt(b, s->explain.stmt);
        else
            ident_strict(b, &s->explain.query_id);
        break;
    case SL_STMT_TERMINATE:
    case SL_STMT_PAUSE:
    case SL_STMT_RESUME:
        query_ctl(b, s);
        break;
    case SL_STMT_PRINT:
        print_stmt(b, s);
        break;
    case SL_STMT_ASSERT_TOPIC:
    case SL_STMT_ASSERT_SCHEMA:
        asserts(b, s);
        break;
    default:
        settings(b, s);
        break;
    }
}

void sl_ast_stmt_print(sl_buf *out, const sl_stmt *s)
{
    stmt(out, s);
    sl_buf_putc(out, ';');
}

/* ---- names for messages --------------------------------------------------------------- */

const char *sl_ast_stmt_kind_name(sl_stmt_kind kind)
{
    static const char *const names[] = {"QUERY",         "CREATE_SOURCE",
                                        "CREATE_AS",     "INSERT_INTO",
                                        "INSERT_VALUES", "DROP",
                                        "CREATE_TYPE",   "ALTER_SOURCE",
                                        "ALTER_SYSTEM",  "CREATE_CONNECTOR",
                                        "SHOW",          "DESCRIBE",
                                        "EXPLAIN",       "TERMINATE",
                                        "PAUSE",         "RESUME",
                                        "PRINT",         "SET",
                                        "UNSET",         "DEFINE",
                                        "UNDEFINE",      "RUN_SCRIPT",
                                        "ASSERT_VALUES", "ASSERT_TOMBSTONE",
                                        "ASSERT_SOURCE", "ASSERT_TOPIC",
                                        "ASSERT_SCHEMA"};
    _Static_assert(sizeof names / sizeof names[0] == SL_STMT__COUNT, "a name per kind");
    return kind < SL_STMT__COUNT ? names[kind] : "?";
}

const char *sl_ast_expr_kind_name(sl_expr_kind kind)
{
    static const char *const names[] = {
        "LITERAL", "TYPED_LITERAL", "COLUMN", "DEREF",     "SUBSCRIPT",   "UNARY",
        "BINARY",  "COMPARE",       "LOGIC",  "NOT",       "IS_NULL",     "BETWEEN",
        "IN",      "LIKE",          "CASE",   "CAST",      "ARRAY",       "MAP",
        "STRUCT",  "CALL",          "LAMBDA", "TIME_UNIT", "AT_TIME_ZONE"};
    return kind <= SL_EXPR_AT_TIME_ZONE ? names[kind] : "?";
}
