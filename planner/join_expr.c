/*
 * join_expr.c - join conditions as ksqlDB's analyzer sees them: which source
 * each column names, and how ksqlDB prints an expression in its messages.
 *
 *   resolve:  Q.C  -> the source aliased Q (else "'Q' is not a valid ...")
 *             C    -> the one source with a column C (else "... cannot be resolved.")
 *   render:   ON t.id = 0        -> (T.ID = 0)
 *             ON foreign_key + 1 -> (LEFT_TABLE.FOREIGN_KEY + 1)
 *
 * The rendering qualifies every column with its source's alias, so equal
 * texts mean equal expressions: the planner compares join expressions by it
 * (ksqlDB's join equivalence sets).
 */
#include "common/mem.h"
#include "planner/join_int.h"

#include <string.h>

static const char *const pseudo_names[JP__COUNT] = {"ROWTIME", "ROWPARTITION", "ROWOFFSET",
                                                    "WINDOWSTART", "WINDOWEND"};

static int pseudo_index(const char *name)
{
    for (int i = 0; i < JP__COUNT; i++)
        if (strcmp(pseudo_names[i], name) == 0) return i;
    return -1;
}

const char *sl_jq_col_name(const jq *j, jcol c)
{
    return c.col >= 0 ? j->srcs[c.src].src->cols[c.col].name : pseudo_names[-1 - c.col];
}

const sl_type *sl_jq_col_type(const jq *j, jcol c)
{
    if (c.col >= 0) return j->srcs[c.src].src->cols[c.col].type;
    int p = -1 - c.col;
    return p == JP_ROWPARTITION ? &sl_type_int : &sl_type_bigint;
}

static int find_alias(const jq *j, uint32_t nsrcs, const char *q)
{
    for (uint32_t i = 0; i < nsrcs; i++)
        if (strcmp(j->srcs[i].alias, q) == 0) return (int)i;
    return -1;
}

/* The column of source s named name, or pseudo column, or INT32_MIN when none. */
static int source_col(const jq *j, int s, const char *name)
{
    int c = sl_source_col(j->srcs[s].src, name);
    if (c >= 0) return c;
    int p = pseudo_index(name);
    if (p < 0 || (p >= JP_WINDOWSTART && !j->srcs[s].src->windowed)) return INT32_MIN;
    return -1 - p;
}

bool sl_jq_resolve_col(const jq *j, uint32_t nsrcs, const sl_ast_expr *e, jcol *out)
{
    if (e->kind != SL_AST_COLUMN) return false;
    const char *q = e->column.qualifier.text, *name = e->column.name.text;
    if (q) {
        int s = find_alias(j, nsrcs, q);
        int c = s < 0 ? INT32_MIN : source_col(j, s, name);
        if (c == INT32_MIN) return false;
        *out = (jcol){s, c};
        return true;
    }
    if (pseudo_index(name) >= 0) return false; /* unqualified pseudo columns name no source */
    int hit = -1, col = 0;
    for (uint32_t s = 0; s < nsrcs; s++) {
        int c = sl_source_col(j->srcs[s].src, name);
        if (c < 0) continue;
        if (hit >= 0) return false;
        hit = (int)s;
        col = c;
    }
    if (hit < 0) return false;
    *out = (jcol){hit, col};
    return true;
}

/* --- walking an expression ----------------------------------------------------------------- */

typedef sl_error *(*visit_fn)(void *ctx, const sl_ast_expr *e);

static sl_error *walk(const sl_ast_expr *e, visit_fn visit, void *ctx);

static sl_error *walk_list(const sl_ast_expr_list *l, visit_fn visit, void *ctx)
{
    sl_error *err = NULL;
    for (uint32_t i = 0; l && i < l->n && !err; i++)
        err = walk(l->v[i], visit, ctx);
    return err;
}

static sl_error *walk2(const sl_ast_expr *a, const sl_ast_expr *b, visit_fn visit, void *ctx)
{
    sl_error *err = walk(a, visit, ctx);
    return err ? err : walk(b, visit, ctx);
}

/* Calls visit on e and every expression under it, parents first, until one fails. Lambda
 * bodies are left out: their names are the lambda's parameters. A dispatch over the kinds. */
static sl_error *walk(const sl_ast_expr *e, visit_fn visit, void *ctx)
{
    if (!e) return NULL;
    sl_error *err = visit(ctx, e);
    if (err) return err;
    switch (e->kind) {
    case SL_AST_DEREF:
        return walk(e->deref.base, visit, ctx);
    case SL_AST_SUBSCRIPT:
        return walk2(e->subscript.base, e->subscript.index, visit, ctx);
    case SL_AST_UNARY:
        return walk(e->unary.arg, visit, ctx);
    case SL_AST_BINARY:
        return walk2(e->binary.left, e->binary.right, visit, ctx);
    case SL_AST_COMPARE:
        return walk2(e->compare.left, e->compare.right, visit, ctx);
    case SL_AST_LOGIC:
        return walk_list(&e->logic.args, visit, ctx);
    case SL_AST_NOT:
        return walk(e->not_arg, visit, ctx);
    case SL_AST_IS_NULL:
        return walk(e->is_null.arg, visit, ctx);
    case SL_AST_BETWEEN:
        err = walk2(e->between.value, e->between.low, visit, ctx);
        return err ? err : walk(e->between.high, visit, ctx);
    case SL_AST_IN:
        err = walk(e->in.value, visit, ctx);
        return err ? err : walk_list(&e->in.list, visit, ctx);
    case SL_AST_LIKE:
        return walk2(e->like.value, e->like.pattern, visit, ctx);
    case SL_AST_CASE:
        err = walk(e->case_.operand, visit, ctx);
        for (uint32_t i = 0; !err && i < e->case_.whens.n; i++)
            err = walk2(e->case_.whens.v[i].cond, e->case_.whens.v[i].result, visit, ctx);
        return err ? err : walk(e->case_.else_, visit, ctx);
    case SL_AST_CAST:
        return walk(e->cast.arg, visit, ctx);
    case SL_AST_ARRAY:
        return walk_list(&e->array, visit, ctx);
    case SL_AST_MAP:
        for (uint32_t i = 0; !err && i < e->map.n; i++)
            err = walk2(e->map.v[i].key, e->map.v[i].value, visit, ctx);
        return err;
    case SL_AST_STRUCT:
        for (uint32_t i = 0; !err && i < e->struct_.n; i++)
            err = walk(e->struct_.v[i].value, visit, ctx);
        return err;
    case SL_AST_CALL:
        return walk_list(&e->call.args, visit, ctx);
    case SL_AST_AT_TIME_ZONE:
        return walk(e->at_tz.arg, visit, ctx);
    default:
        return NULL; /* columns, literals, time units, lambdas */
    }
}

/* --- sources referenced ------------------------------------------------------------------ */

typedef struct sources_ctx {
    const jq *j;
    uint32_t nsrcs;
    const char *clause;
    uint64_t *mask;
} sources_ctx;

static sl_error *column_sources(void *ctx, const sl_ast_expr *e)
{
    const sources_ctx *c = ctx;
    if (e->kind != SL_AST_COLUMN) return NULL;
    const char *q = e->column.qualifier.text, *name = e->column.name.text;
    if (q && find_alias(c->j, c->nsrcs, q) < 0)
        return sl_error_new(SL_E_STATEMENT,
                            "Failed to prepare statement: '%s' is not a valid stream/table name "
                            "or alias.",
                            q);
    jcol col;
    if (sl_jq_resolve_col(c->j, c->nsrcs, e, &col)) {
        *c->mask |= 1ull << col.src;
        return NULL;
    }
    sl_error *err =
        q ? sl_error_new(SL_E_STATEMENT, "%s column '%s.%s' cannot be resolved.", c->clause, q,
                         name)
          : sl_error_new(SL_E_STATEMENT, "%s column '%s' cannot be resolved.", c->clause, name);
    err->line = (int)e->pos.line;
    err->col = (int)e->pos.col;
    return err;
}

sl_error *sl_jq_expr_sources(const jq *j, uint32_t nsrcs, const sl_ast_expr *e, const char *clause,
                             uint64_t *mask)
{
    sources_ctx c = {j, nsrcs, clause, mask};
    return walk(e, column_sources, &c);
}

/* --- rendering ------------------------------------------------------------------------- */

static void text(const jq *j, const sl_ast_expr *e, sl_buf *b);

static void text_column(const jq *j, const sl_ast_expr *e, sl_buf *b)
{
    jcol c;
    if (sl_jq_resolve_col(j, j->nsrcs, e, &c)) {
        sl_ast_ident_print(b, j->srcs[c.src].alias);
        sl_buf_putc(b, '.');
        sl_ast_ident_print(b, e->column.name.text);
        return;
    }
    sl_ast_expr_print(b, e);
}

static void text_literal(const sl_ast_expr *e, sl_buf *b)
{
    const sl_ast_lit *l = &e->lit;
    if (l->kind == SL_LIT_NULL)
        sl_buf_puts(b, "null");
    else if (l->kind == SL_LIT_BOOLEAN)
        sl_buf_puts(b, l->b ? "true" : "false");
    else
        sl_ast_expr_print(b, e);
}

static void text_type(const sl_type_ast *t, sl_buf *b)
{
    if (t->kind == SL_TYPE_AST_NAME && t->named.params.n == 0) {
        const char *n = t->named.name.text;
        sl_buf_puts(b, strcmp(n, "VARCHAR") == 0 ? "STRING"
                       : strcmp(n, "INT") == 0   ? "INTEGER"
                                                 : n);
        return;
    }
    sl_ast_type_print(b, t);
}

static const char *binop_text(sl_ast_binop op)
{
    static const char *const ops[] = {"+", "-", "*", "/", "%", "||"};
    return ops[op];
}

static const char *cmpop_text(sl_ast_cmpop op)
{
    static const char *const ops[] = {
        "=", "<>", "<", "<=", ">", ">=", "IS DISTINCT FROM", "IS NOT DISTINCT FROM"};
    return ops[op];
}

static void text_pair(const jq *j, const sl_ast_expr *l, const char *op, const sl_ast_expr *r,
                      sl_buf *b)
{
    sl_buf_putc(b, '(');
    text(j, l, b);
    sl_buf_printf(b, " %s ", op);
    text(j, r, b);
    sl_buf_putc(b, ')');
}

static void text_logic(const jq *j, const sl_ast_expr *e, sl_buf *b)
{
    const char *op = e->logic.op == SL_LOGIC_AND ? " AND " : " OR ";
    for (uint32_t i = 1; i < e->logic.args.n; i++)
        sl_buf_putc(b, '(');
    text(j, e->logic.args.v[0], b);
    for (uint32_t i = 1; i < e->logic.args.n; i++) {
        sl_buf_puts(b, op);
        text(j, e->logic.args.v[i], b);
        sl_buf_putc(b, ')');
    }
}

static void text_list(const jq *j, const sl_ast_expr_list *l, sl_buf *b)
{
    for (uint32_t i = 0; i < l->n; i++) {
        if (i) sl_buf_puts(b, ", ");
        text(j, l->v[i], b);
    }
}

static void text_case(const jq *j, const sl_ast_expr *e, sl_buf *b)
{
    sl_buf_puts(b, "(CASE");
    if (e->case_.operand) {
        sl_buf_putc(b, ' ');
        text(j, e->case_.operand, b);
    }
    for (uint32_t i = 0; i < e->case_.whens.n; i++) {
        sl_buf_puts(b, " WHEN ");
        text(j, e->case_.whens.v[i].cond, b);
        sl_buf_puts(b, " THEN ");
        text(j, e->case_.whens.v[i].result, b);
    }
    if (e->case_.else_) {
        sl_buf_puts(b, " ELSE ");
        text(j, e->case_.else_, b);
    }
    sl_buf_puts(b, " END)");
}

static void text_unary(const jq *j, const sl_ast_expr *e, sl_buf *b)
{
    sl_buf arg = SL_BUF_INIT;
    text(j, e->unary.arg, &arg);
    const char *s = sl_buf_cstr(&arg);
    sl_buf_puts(b, e->unary.negate ? "-" : "+");
    if (s[0] == '-' || s[0] == '+') sl_buf_putc(b, ' '); /* never "--": a comment */
    sl_buf_puts(b, s);
    sl_buf_free(&arg);
}

/* A dispatch over the kinds a join condition is made of; others print as SQL. */
static void text(const jq *j, const sl_ast_expr *e, sl_buf *b)
{
    switch (e->kind) {
    case SL_AST_LITERAL:
        text_literal(e, b);
        return;
    case SL_AST_COLUMN:
        text_column(j, e, b);
        return;
    case SL_AST_DEREF:
        text(j, e->deref.base, b);
        sl_buf_puts(b, "->");
        sl_ast_ident_print(b, e->deref.field.text);
        return;
    case SL_AST_SUBSCRIPT:
        text(j, e->subscript.base, b);
        sl_buf_putc(b, '[');
        text(j, e->subscript.index, b);
        sl_buf_putc(b, ']');
        return;
    case SL_AST_UNARY:
        text_unary(j, e, b);
        return;
    case SL_AST_BINARY:
        text_pair(j, e->binary.left, binop_text(e->binary.op), e->binary.right, b);
        return;
    case SL_AST_COMPARE:
        text_pair(j, e->compare.left, cmpop_text(e->compare.op), e->compare.right, b);
        return;
    case SL_AST_LOGIC:
        text_logic(j, e, b);
        return;
    case SL_AST_NOT:
        sl_buf_puts(b, "(NOT ");
        text(j, e->not_arg, b);
        sl_buf_putc(b, ')');
        return;
    case SL_AST_IS_NULL:
        sl_buf_putc(b, '(');
        text(j, e->is_null.arg, b);
        sl_buf_puts(b, e->is_null.negated ? " IS NOT NULL)" : " IS NULL)");
        return;
    case SL_AST_CAST:
        sl_buf_puts(b, "CAST(");
        text(j, e->cast.arg, b);
        sl_buf_puts(b, " AS ");
        text_type(e->cast.type, b);
        sl_buf_putc(b, ')');
        return;
    case SL_AST_CALL:
        sl_buf_puts(b, e->call.name.text);
        sl_buf_putc(b, '(');
        if (e->call.star)
            sl_buf_putc(b, '*');
        else
            text_list(j, &e->call.args, b);
        sl_buf_putc(b, ')');
        return;
    case SL_AST_CASE:
        text_case(j, e, b);
        return;
    default:
        sl_ast_expr_print(b, e);
        return;
    }
}

void sl_jq_expr_text(const jq *j, const sl_ast_expr *e, sl_buf *out)
{
    text(j, e, out);
}

/* --- pseudo columns the query names ------------------------------------------------------- */

static sl_error *mark_pseudo(void *ctx, const sl_ast_expr *e)
{
    jq *j = ctx;
    if (e->kind != SL_AST_COLUMN || !e->column.qualifier.text) return NULL;
    int p = pseudo_index(e->column.name.text);
    int s = find_alias(j, j->nsrcs, e->column.qualifier.text);
    if (p < 0 || s < 0) return NULL;
    if (p < JP_WINDOWSTART)
        j->srcs[s].pseudo = true;
    else if (j->srcs[s].src->windowed)
        j->srcs[s].wbounds = true;
    return NULL;
}

void sl_jq_find_pseudo(jq *j)
{
    const sl_ast_query *aq = j->q->q;
    for (uint32_t i = 0; i < aq->items.n; i++)
        walk(aq->items.v[i].expr, mark_pseudo, j);
    walk(aq->where, mark_pseudo, j);
    walk(aq->having, mark_pseudo, j);
    walk_list(aq->group_by, mark_pseudo, j);
    walk_list(aq->partition_by, mark_pseudo, j);
    for (uint32_t i = 0; i < aq->joins.n; i++)
        walk(aq->joins.v[i].on, mark_pseudo, j);
    /* after a PARTITION BY, SELECT * shows every column of the join, pseudo ones included */
    for (uint32_t s = 0; s < j->nsrcs && aq->partition_by; s++)
        j->srcs[s].pseudo = true;
}
