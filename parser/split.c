/*
 * split.c - statement splitting and ${variable} substitution: the two jobs done on
 * statement text with the lexer alone, before (or instead of) parsing. See parser.h.
 *
 * Both walk the text token by token, so ';' and ${...} inside strings, quoted names and
 * comments are never mistaken for syntax. Substitution follows ksqlDB (KLIP-38 and its
 * VariableSubstitutor): references inside string literals are replaced by the value with
 * quotes doubled; a reference standing as a token is replaced only by a value that is one
 * identifier or one literal, so a variable can never inject syntax.
 */
#include "parser/parser_int.h"

#include <string.h>

/* ---- splitter ------------------------------------------------------------------------- */

/* An unterminated string, quoted name or comment runs to the end: the text is incomplete. */
static bool unterminated(int type, const char *z)
{
    return type == TK_ILLEGAL && (z[0] == '\'' || z[0] == '"' || z[0] == '`' || z[0] == '/');
}

size_t sl_parse_split(sl_arena *ar, const char *sql, size_t len, sl_span_list *out)
{
    sl_pos at = {0, 1, 1};
    sl_span start = {0};
    bool in_stmt = false;
    while (at.off < len) {
        int type;
        size_t n = sl_lex_next(sql + at.off, len - at.off, &type);
        if (type == TK_SPACE || type == TK_COMMENT) {
            sl_parse_pos_advance(&at, sql + at.off, n);
            continue;
        }
        if (unterminated(type, sql + at.off) && at.off + n == len)
            return in_stmt ? start.off : at.off;
        if (!in_stmt && type != TK_SEMI) {
            start = (sl_span){at.off, 0, at.line, at.col};
            in_stmt = true;
        }
        sl_parse_pos_advance(&at, sql + at.off, n);
        if (type == TK_SEMI && in_stmt) {
            start.len = at.off - start.off;
            *SL_AST_PUSH(ar, *out) = start;
            in_stmt = false;
        }
    }
    return in_stmt ? start.off : len;
}

/* ---- substitution --------------------------------------------------------------------- */

typedef struct subst {
    sl_parse_var_fn lookup;
    void *ctx;
    sl_buf *out;
} subst;

/* Appends value with every single quote doubled (it goes inside a string literal). */
static void put_escaped(sl_buf *out, const char *value)
{
    for (const char *c = value; *c; c++) {
        if (*c == '\'') sl_buf_putc(out, '\'');
        sl_buf_putc(out, *c);
    }
}

/* Index just past the '}' matching the "${" at z[0], or 0 when there is none within
 * MAX_NESTING levels (the bound keeps the scan linear on hostile text). */
#define MAX_NESTING 16

static size_t ref_end(const char *z, size_t n)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (z[i] == '$' && i + 1 < n && z[i + 1] == '{') {
            if (++depth > MAX_NESTING) return 0;
            i++;
        } else if (z[i] == '}' && --depth == 0) {
            return i + 1;
        }
    }
    return 0;
}

/* Resolves the text of a string literal's contents into out, references replaced. */
static void expand(subst *s, const char *z, size_t n, sl_buf *out)
{
    size_t i = 0;
    while (i < n) {
        size_t end = z[i] == '$' && i + 1 < n && z[i + 1] == '{' ? ref_end(z + i, n - i) : 0;
        if (!end) {
            sl_buf_putc(out, z[i++]);
            continue;
        }
        sl_buf name = SL_BUF_INIT;
        expand(s, z + i + 2, end - 3, &name);
        const char *value = s->lookup(s->ctx, sl_buf_cstr(&name), name.len);
        if (value) {
            put_escaped(out, value);
        } else {
            sl_buf_puts(out, "${");
            sl_buf_append(out, name.p, name.len);
            sl_buf_putc(out, '}');
        }
        sl_buf_free(&name);
        i += end;
    }
}

/* Whether value is a single identifier or literal token (what a ${x} token may become). */
static bool single_token(const char *value)
{
    size_t n = strlen(value), i = 0;
    int type;
    if (n > 0 && value[0] == '-') i = 1; /* a negative number */
    size_t len = sl_lex_next(value + i, n - i, &type);
    if (len != n - i || n == i) return false;
    if (i == 1) return type == TK_INTLIT || type == TK_DECLIT || type == TK_FLOATLIT;
    switch (type) {
    case TK_IDENT:
    case TK_STRLIT:
    case TK_INTLIT:
    case TK_DECLIT:
    case TK_FLOATLIT:
        return true;
    default:
        return sl_lex_keyword_text(type) != NULL; /* TRUE, FALSE, or a word */
    }
}

sl_error *sl_parse_substitute(const char *sql, size_t len, sl_parse_var_fn lookup, void *ctx,
                              sl_buf *out)
{
    subst s = {lookup, ctx, out};
    sl_pos at = {0, 1, 1};
    while (at.off < len) {
        int type;
        const char *z = sql + at.off;
        size_t n = sl_lex_next(z, len - at.off, &type);
        if (type == TK_STRLIT) {
            sl_buf_putc(out, '\'');
            expand(&s, z + 1, n - 2, out);
            sl_buf_putc(out, '\'');
        } else if (type == TK_VARIABLE) {
            const char *value = lookup(ctx, z + 2, n - 3);
            if (!value)
                return sl_error_at(SL_E_SYNTAX, (int)at.line, (int)at.col,
                                   "undefined variable '%.*s'", (int)(n - 3), z + 2);
            if (!single_token(value))
                return sl_error_at(SL_E_SYNTAX, (int)at.line, (int)at.col,
                                   "variable '%.*s' must hold one identifier or literal, not "
                                   "'%s'",
                                   (int)(n - 3), z + 2, value);
            sl_buf_puts(out, value);
        } else {
            sl_buf_append(out, z, n);
        }
        sl_parse_pos_advance(&at, z, n);
    }
    return NULL;
}
