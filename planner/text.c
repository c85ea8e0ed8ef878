/*
 * text.c - expressions as ksqlDB writes them in its messages (its
 * ExpressionFormatter): every binary operation, comparison and logical
 * combination in parentheses, function calls upper-case with ", " between
 * arguments, qualified columns as written (TEST.DATA), strings in quotes:
 *
 *   (F1 * SUM(F2))    SUBSTRING(SOURCE, 0, 3)    (NOT (A IS NULL))
 *
 * Only for messages; canonical SQL printing is parser/print.c's.
 */
#include "planner/planner_int.h"

#include <string.h>

static const char *binop(sl_ast_binop op)
{
    switch (op) {
    case SL_AST_OP_ADD: return "+";
    case SL_AST_OP_SUB: return "-";
    case SL_AST_OP_MUL: return "*";
    case SL_AST_OP_DIV: return "/";
    case SL_AST_OP_MOD: return "%";
    default: return "||";
    }
}

static const char *cmpop(sl_ast_cmpop op)
{
    switch (op) {
    case SL_AST_CMP_EQ: return "=";
    case SL_AST_CMP_NE: return "<>";
    case SL_AST_CMP_LT: return "<";
    case SL_AST_CMP_LE: return "<=";
    case SL_AST_CMP_GT: return ">";
    case SL_AST_CMP_GE: return ">=";
    case SL_AST_CMP_IS_DISTINCT: return "IS DISTINCT FROM";
    default: return "IS NOT DISTINCT FROM";
    }
}

static void text(sl_buf *out, const sl_ast_expr *e, const char *qual);

static void list(sl_buf *out, const sl_ast_expr_list *l, const char *qual)
{
    for (uint32_t i = 0; i < l->n; i++) {
        if (i) sl_buf_puts(out, ", ");
        text(out, l->v[i], qual);
    }
}

void sl_plan_expr_text(sl_buf *out, const sl_ast_expr *e)
{
    text(out, e, NULL);
}

void sl_plan_expr_text_qualified(sl_buf *out, const sl_ast_expr *e, const char *qual)
{
    text(out, e, qual);
}

/* qual: the qualifier given to unqualified columns (NULL: none). */
static void text(sl_buf *out, const sl_ast_expr *e, const char *qual)
{
    switch (e->kind) {
    case SL_AST_COLUMN:
        if (e->column.qualifier.text) sl_buf_printf(out, "%s.", e->column.qualifier.text);
        else if (qual) sl_buf_printf(out, "%s.", qual);
        sl_buf_puts(out, e->column.name.text);
        return;
    case SL_AST_BINARY:
        sl_buf_putc(out, '(');
        text(out, e->binary.left, qual);
        sl_buf_printf(out, " %s ", binop(e->binary.op));
        text(out, e->binary.right, qual);
        sl_buf_putc(out, ')');
        return;
    case SL_AST_COMPARE:
        sl_buf_putc(out, '(');
        text(out, e->compare.left, qual);
        sl_buf_printf(out, " %s ", cmpop(e->compare.op));
        text(out, e->compare.right, qual);
        sl_buf_putc(out, ')');
        return;
    case SL_AST_LOGIC:
        sl_buf_putc(out, '(');
        for (uint32_t i = 0; i < e->logic.args.n; i++) {
            if (i) sl_buf_puts(out, e->logic.op == SL_LOGIC_AND ? " AND " : " OR ");
            text(out, e->logic.args.v[i], qual);
        }
        sl_buf_putc(out, ')');
        return;
    case SL_AST_NOT:
        sl_buf_puts(out, "(NOT ");
        text(out, e->not_arg, qual);
        sl_buf_putc(out, ')');
        return;
    case SL_AST_CALL:
        sl_buf_printf(out, "%s(", e->call.name.text);
        if (e->call.star) sl_buf_putc(out, '*');
        list(out, &e->call.args, qual);
        sl_buf_putc(out, ')');
        return;
    case SL_AST_DEREF:
        text(out, e->deref.base, qual);
        sl_buf_printf(out, "->%s", e->deref.field.text);
        return;
    case SL_AST_SUBSCRIPT:
        text(out, e->subscript.base, qual);
        sl_buf_putc(out, '[');
        text(out, e->subscript.index, qual);
        sl_buf_putc(out, ']');
        return;
    case SL_AST_LITERAL:
        if (e->lit.kind == SL_LIT_STRING) sl_buf_printf(out, "'%s'", e->lit.text);
        else sl_ast_expr_print(out, e);
        return;
    default: sl_ast_expr_print(out, e); return;
    }
}
