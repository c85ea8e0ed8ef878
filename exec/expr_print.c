/*
 * expr_print.c - expressions as text, the way ksqlDB's ExpressionFormatter
 * prints them in error messages and EXPLAIN: binary operations in parentheses
 * ((A + 1), (X AND Y)), string literals quoted ('text'), constructors as
 * ARRAY[1, 2], MAP('a':=1) and STRUCT(F:=1), calls as NAME(args). Conversions
 * the builder inserted are invisible: they print as their operand.
 */
#include "exec/expr_int.h"

#include <string.h>

static const char *const arith_syms[] = {"+", "-", "*", "/", "%"};
static const char *const cmp_syms[] = {
    "=", "<>", "<", "<=", ">", ">=", "IS DISTINCT FROM", "IS NOT DISTINCT FROM"};
static const char *const syscol_names[] = {"ROWTIME", "ROWPARTITION", "ROWOFFSET", "WINDOWSTART",
                                           "WINDOWEND"};

static void print_list(sl_buf *out, sl_expr *const *es, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i) sl_buf_puts(out, ", ");
        sl_expr_print(out, es[i]);
    }
}

static void print_literal(sl_buf *out, const sl_expr *e)
{
    if (e->lit.null || e->type->kind == SL_K_NULL) {
        sl_buf_puts(out, "null");
        return;
    }
    switch (e->type->kind) {
    case SL_K_STRING:
        sl_buf_putc(out, '\'');
        for (uint32_t i = 0; i < e->lit.len; i++) {
            if (e->lit.u.s[i] == '\'') sl_buf_putc(out, '\'');
            sl_buf_putc(out, e->lit.u.s[i]);
        }
        sl_buf_putc(out, '\'');
        break;
    case SL_K_TIMESTAMP:
    case SL_K_DATE:
    case SL_K_TIME:
    case SL_K_BYTES:
        sl_buf_putc(out, '\'');
        sl_value_print(out, e->type, e->lit);
        sl_buf_putc(out, '\'');
        break;
    default:
        sl_value_print(out, e->type, e->lit);
    }
}

static void print_case(sl_buf *out, const sl_expr *e)
{
    uint32_t i = 0, end = e->nargs - ((e->flags & SL_EXF_CASE_ELSE) != 0);
    sl_buf_puts(out, "(CASE");
    if (e->flags & SL_EXF_CASE_OPERAND) {
        sl_buf_putc(out, ' ');
        sl_expr_print(out, e->args[i++]);
    }
    for (; i < end; i += 2) {
        sl_buf_puts(out, " WHEN ");
        sl_expr_print(out, e->args[i]);
        sl_buf_puts(out, " THEN ");
        sl_expr_print(out, e->args[i + 1]);
    }
    if (e->flags & SL_EXF_CASE_ELSE) {
        sl_buf_puts(out, " ELSE ");
        sl_expr_print(out, e->args[e->nargs - 1]);
    }
    sl_buf_puts(out, " END)");
}

static void print_pairs(sl_buf *out, const sl_expr *e)
{
    for (uint32_t i = 0; i < e->nargs; i++) {
        if (i) sl_buf_puts(out, ", ");
        if (e->kind == SL_EX_STRUCT)
            sl_buf_puts(out, e->names[i]);
        else
            sl_expr_print(out, e->args[i++]);
        sl_buf_puts(out, ":=");
        sl_expr_print(out, e->args[i]);
    }
}

static void print_binary(sl_buf *out, const sl_expr *l, const char *op, const sl_expr *r)
{
    sl_buf_putc(out, '(');
    sl_expr_print(out, l);
    sl_buf_printf(out, " %s ", op);
    sl_expr_print(out, r);
    sl_buf_putc(out, ')');
}

static void print_predicate(sl_buf *out, const sl_expr *e)
{
    const char *no = e->negated ? "NOT " : "";
    sl_buf_putc(out, '(');
    sl_expr_print(out, e->args[0]);
    switch (e->kind) {
    case SL_EX_BETWEEN:
        sl_buf_printf(out, " %sBETWEEN ", no);
        sl_expr_print(out, e->args[1]);
        sl_buf_puts(out, " AND ");
        sl_expr_print(out, e->args[2]);
        break;
    case SL_EX_IN:
        sl_buf_printf(out, " %sIN (", no);
        print_list(out, e->args + 1, e->nargs - 1);
        sl_buf_putc(out, ')');
        break;
    case SL_EX_LIKE:
        sl_buf_printf(out, " %sLIKE ", no);
        sl_expr_print(out, e->args[1]);
        if (e->escape) sl_buf_printf(out, " ESCAPE '%c'", e->escape);
        break;
    default:
        sl_buf_printf(out, " IS %sNULL", no);
        break;
    }
    sl_buf_putc(out, ')');
}

static void print_lambda(sl_buf *out, const sl_expr *e)
{
    sl_buf_putc(out, '(');
    for (uint32_t i = 0; i < e->nparams; i++)
        sl_buf_printf(out, "%s%s", i ? ", " : "", e->names[i]);
    sl_buf_puts(out, ") => ");
    sl_expr_print(out, e->args[0]);
}

void sl_expr_print(sl_buf *out, const sl_expr *e)
{
    switch (e->kind) { /* a dispatch switch: one case per node kind */
    case SL_EX_COL:
        if (e->name)
            sl_buf_puts(out, e->name);
        else
            sl_buf_printf(out, "$%d", e->index);
        break;
    case SL_EX_SYSCOL:
        sl_buf_puts(out, syscol_names[e->index]);
        break;
    case SL_EX_LAMBDA_VAR:
        sl_buf_puts(out, e->name);
        break;
    case SL_EX_LIT:
        print_literal(out, e);
        break;
    case SL_EX_ARITH:
        print_binary(out, e->args[0], arith_syms[e->op], e->args[1]);
        break;
    case SL_EX_CONCAT:
        print_binary(out, e->args[0], "||", e->args[1]);
        break;
    case SL_EX_CMP:
        print_binary(out, e->args[0], cmp_syms[e->op], e->args[1]);
        break;
    case SL_EX_AND:
        print_binary(out, e->args[0], "AND", e->args[1]);
        break;
    case SL_EX_OR:
        print_binary(out, e->args[0], "OR", e->args[1]);
        break;
    case SL_EX_NEG:
        sl_buf_putc(out, '-');
        sl_expr_print(out, e->args[0]);
        break;
    case SL_EX_NOT:
        sl_buf_puts(out, "(NOT ");
        sl_expr_print(out, e->args[0]);
        sl_buf_putc(out, ')');
        break;
    case SL_EX_BETWEEN:
    case SL_EX_IN:
    case SL_EX_LIKE:
    case SL_EX_IS_NULL:
        print_predicate(out, e);
        break;
    case SL_EX_CASE:
        print_case(out, e);
        break;
    case SL_EX_CAST:
        if (e->flags & SL_EXF_IMPLICIT) {
            sl_expr_print(out, e->args[0]);
            break;
        }
        sl_buf_puts(out, "CAST(");
        sl_expr_print(out, e->args[0]);
        sl_buf_puts(out, " AS ");
        sl_type_print(out, e->type);
        sl_buf_putc(out, ')');
        break;
    case SL_EX_SUBSCRIPT:
        sl_expr_print(out, e->args[0]);
        sl_buf_putc(out, '[');
        sl_expr_print(out, e->args[1]);
        sl_buf_putc(out, ']');
        break;
    case SL_EX_DEREF:
        sl_expr_print(out, e->args[0]);
        sl_buf_printf(out, "->%s", e->name);
        break;
    case SL_EX_ARRAY:
        sl_buf_puts(out, "ARRAY[");
        print_list(out, e->args, e->nargs);
        sl_buf_putc(out, ']');
        break;
    case SL_EX_MAP:
    case SL_EX_STRUCT:
        sl_buf_puts(out, e->kind == SL_EX_MAP ? "MAP(" : "STRUCT(");
        print_pairs(out, e);
        sl_buf_putc(out, ')');
        break;
    case SL_EX_CALL:
        sl_buf_printf(out, "%s(", e->name);
        print_list(out, e->args, e->nargs);
        sl_buf_putc(out, ')');
        break;
    case SL_EX_LAMBDA:
        print_lambda(out, e);
        break;
    }
}

bool sl_expr_is_constant(const sl_expr *e)
{
    switch (e->kind) {
    case SL_EX_COL:
    case SL_EX_SYSCOL:
    case SL_EX_LAMBDA_VAR:
    case SL_EX_LAMBDA:
        return false;
    case SL_EX_CALL:
        if (e->call->def->kind != SL_FN_SCALAR || (e->call->sig->flags & SL_FN_NONDETERMINISTIC))
            return false;
        break;
    default:
        break;
    }
    for (uint32_t i = 0; i < e->nargs; i++)
        if (!sl_expr_is_constant(e->args[i])) return false;
    return true;
}
