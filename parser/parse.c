/*
 * parse.c - the parse driver and syntax errors (see parser.h).
 *
 * Model
 *   The driver walks the text with sl_lex_next, keeping line and column as it goes,
 *   drops spaces and comments, and hands each token to the lemon parser generated from
 *   grammar/sql.y. It adds what the grammar cannot see:
 *     - a ';' at the end of text when the last statement has none, then end-of-input;
 *     - ARRAY, MAP and STRUCT are keywords only when followed by what makes them one
 *       ('[' / '(' / '<'), so `SELECT map, array FROM t` reads them as names;
 *     - limits: a statement longer than max_stmt_len, more than max_depth open brackets
 *       ('(', '[', CASE), or a parser stack higher than that nesting allows (a long
 *       "- - - ..." or "NOT NOT ...") fails with SL_E_LIMIT before anything is built from
 *       it; nodes deeper than max_depth (a + b + ... chains) fail in the builders.
 *   It stops at the first error. The lemon parser is allocated per call and freed on every
 *   path; the tree lives in the caller's arena.
 *
 *   A syntax error names the token found and lists what the parser could have taken in
 *   the state where it stopped (grammar/sql.y is generated without default reductions, so
 *   that state is exact): "mismatched input 'heh' expecting INTEGER_VALUE".
 */
#include "parser/parser_int.h"

#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stack entries the grammar may use per level of nesting, and a floor for flat statements. */
#define STACK_PER_LEVEL 8
#define STACK_BASE      64
#define EXPECT_MAX      12 /* expected tokens listed in a message */

/* ---- errors --------------------------------------------------------------------------- */

void sl_parse_fail(sl_parse_ctx *p, sl_errcode code, sl_pos pos, const char *fmt, ...)
{
    if (p->err) return;
    va_list ap;
    va_start(ap, fmt);
    p->err = sl_error_newv(code, fmt, ap);
    va_end(ap);
    p->err->line = (int)pos.line;
    p->err->col = (int)pos.col;
}

void sl_parse_fail_syntax(sl_parse_ctx *p, sl_pos pos, const char *fmt, ...)
{
    if (p->err) return;
    va_list ap;
    va_start(ap, fmt);
    sl_buf b = SL_BUF_INIT;
    sl_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    p->err = sl_error_at(SL_E_SYNTAX, (int)pos.line, (int)pos.col, "Syntax Error");
    p->err = sl_error_with_detail(p->err, "%s", sl_buf_cstr(&b));
    sl_buf_free(&b);
}

/* Appends a token's text for a message: quoted, control characters escaped, long text cut. */
static void quote_token(sl_buf *b, const char *z, size_t n)
{
    sl_buf_putc(b, '\'');
    for (size_t i = 0; i < n && i < 40; i++) {
        unsigned char c = (unsigned char)z[i];
        if (c < 0x20 || c == 0x7f)
            sl_buf_printf(b, "\\x%02x", c);
        else
            sl_buf_putc(b, (char)c);
    }
    if (n > 40) sl_buf_puts(b, "...");
    sl_buf_putc(b, '\'');
}

void sl_parse_syntax_error(sl_parse_ctx *p, void *parser, int major, sl_token tok)
{
    if (p->err) return;
    int exp[EXPECT_MAX + 1];
    int n = sl_lemon_expected(parser, exp, EXPECT_MAX + 1);
    sl_buf b = SL_BUF_INIT;
    sl_buf_puts(&b, "mismatched input ");
    if (major == 0 || tok.n == 0)
        sl_buf_puts(&b, "'<EOF>'");
    else
        quote_token(&b, tok.z, tok.n);
    if (n > 0) {
        sl_buf_puts(&b, " expecting ");
        if (n > 1) sl_buf_putc(&b, '{');
        for (int i = 0; i < n && i < EXPECT_MAX; i++)
            sl_buf_printf(&b, "%s%s", i ? ", " : "", sl_lex_token_name(exp[i]));
        if (n > EXPECT_MAX) sl_buf_puts(&b, ", ...");
        if (n > 1) sl_buf_putc(&b, '}');
    }
    sl_parse_fail_syntax(p, tok.pos, "%s", sl_buf_cstr(&b));
    sl_buf_free(&b);
}

/* A token the lexer could not make sense of. */
static void fail_illegal(sl_parse_ctx *p, sl_token t)
{
    sl_buf b = SL_BUF_INIT;
    switch (t.z[0]) {
    case '\'':
        sl_buf_puts(&b, "unterminated string literal");
        break;
    case '"':
    case '`':
        sl_buf_puts(&b, "unterminated quoted identifier");
        break;
    case '/':
        sl_buf_puts(&b, "unterminated comment");
        break;
    case '$':
        sl_buf_puts(&b, "invalid variable reference ");
        quote_token(&b, t.z, t.n);
        sl_buf_puts(&b, ": expected ${name}");
        break;
    default:
        sl_buf_puts(&b, "unexpected character ");
        quote_token(&b, t.z, t.n);
        break;
    }
    sl_parse_fail_syntax(p, t.pos, "%s", sl_buf_cstr(&b));
    sl_buf_free(&b);
}

/* ---- the driver ----------------------------------------------------------------------- */

void sl_parse_pos_advance(sl_pos *pos, const char *z, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)z[i];
        if (c == '\n') {
            pos->line++;
            pos->col = 1;
        } else if ((c & 0xC0) != 0x80) {
            pos->col++;
        }
    }
    pos->off += (uint32_t)n;
}

/* The type of the next token that is not space or a comment. */
static int peek_type(const char *z, size_t n)
{
    int type = 0;
    while (n > 0) {
        size_t len = sl_lex_next(z, n, &type);
        if (type != TK_SPACE && type != TK_COMMENT) return type;
        z += len;
        n -= len;
    }
    return 0;
}

/* ARRAY [..] / ARRAY<..>, MAP(..) / MAP<..>, STRUCT(..) / STRUCT<..>; otherwise a name. */
static int phrase_keyword(int type, const char *rest, size_t n)
{
    if (type != TK_ARRAY && type != TK_MAP && type != TK_STRUCT) return type;
    int next = peek_type(rest, n);
    int open = type == TK_ARRAY ? TK_LB : TK_LP;
    bool empty_struct = type == TK_STRUCT && next == TK_NE; /* STRUCT<> */
    return next == open || next == TK_LT || empty_struct ? type : TK_IDENT;
}

typedef struct driver {
    sl_parse_ctx *p;
    void *parser;
    sl_pos pos;        /* of the next byte */
    size_t stmt_start; /* offset of the current statement's first token; SIZE_MAX if none */
    sl_pos stmt_pos;
    size_t max_len;
    int stack_limit;
    int nest; /* open '(' '[' CASE in the current statement */
} driver;

/* Counts brackets so "((((" fails at the nesting limit, however it would end. */
static bool nest_ok(driver *d, int type)
{
    if (type == TK_SEMI) d->nest = 0;
    if ((type == TK_RP || type == TK_RB || type == TK_END) && d->nest > 0) d->nest--;
    if (type == TK_LP || type == TK_LB || type == TK_CASE) d->nest++;
    return d->nest <= d->p->max_depth;
}

static void feed(driver *d, int type, sl_token t)
{
    sl_parse_ctx *p = d->p;
    if (type != TK_SEMI && type != 0 && d->stmt_start == SIZE_MAX) {
        d->stmt_start = t.pos.off;
        d->stmt_pos = t.pos;
    }
    if (d->stmt_start != SIZE_MAX && t.pos.off + t.n - d->stmt_start > d->max_len) {
        sl_parse_fail(p, SL_E_LIMIT, d->stmt_pos, "statement is too long (limit %zu bytes)",
                      d->max_len);
        return;
    }
    if (type == TK_SEMI) d->stmt_start = SIZE_MAX;
    if (!nest_ok(d, type)) {
        sl_parse_fail(p, SL_E_LIMIT, t.pos, "statement is nested too deeply (limit %d)",
                      p->max_depth);
        return;
    }
    p->at = t.pos;
    t.type = type;
    sl_lemon_parse(d->parser, type, t);
    if (!p->err && sl_lemon_stack_height(d->parser) > d->stack_limit)
        sl_parse_fail(p, SL_E_LIMIT, t.pos, "statement is nested too deeply (limit %d)",
                      p->max_depth);
}

static void drive(driver *d, const char *sql, size_t len, bool expr_mode)
{
    sl_parse_ctx *p = d->p;
    int last = TK_SEMI, fed = 0;
    sl_pos last_end = d->pos;
    if (expr_mode) feed(d, TK_EXPR_MARK, (sl_token){sql, 0, TK_EXPR_MARK, d->pos});
    while (d->pos.off < len && !p->err) {
        int type;
        size_t n = sl_lex_next(sql + d->pos.off, len - d->pos.off, &type);
        sl_token t = {sql + d->pos.off, (uint32_t)n, type, d->pos};
        sl_parse_pos_advance(&d->pos, t.z, n);
        if (type == TK_SPACE || type == TK_COMMENT) continue;
        if (type == TK_ILLEGAL) {
            fail_illegal(p, t);
            break;
        }
        if ((type == TK_STRLIT || type == TK_IDENT) && memchr(t.z, '\0', n)) {
            /* NUL would cut the C strings the tree hands out (names, topics, settings). */
            sl_parse_fail_syntax(p, t.pos, "a string or name cannot contain a NUL character");
            break;
        }
        type = phrase_keyword(type, sql + d->pos.off, len - d->pos.off);
        feed(d, type, t);
        fed++;
        last = type;
        last_end = d->pos;
    }
    if (p->err || (!fed && !expr_mode)) return; /* nothing but spaces and comments */
    sl_token end = {sql + last_end.off, 0, TK_SEMI, last_end};
    if (!expr_mode && last != TK_SEMI) feed(d, TK_SEMI, end);
    end.pos = d->pos;
    end.z = sql + d->pos.off;
    if (!p->err) feed(d, 0, end);
}

static sl_error *run(sl_arena *ar, const char *sql, size_t len, const sl_parse_opts *opts,
                     sl_ast_stmt_list *stmts, sl_ast_expr **expr)
{
    sl_parse_opts o = opts ? *opts : (sl_parse_opts){0};
    sl_parse_ctx p = {
        .ar = ar,
        .sql = sql,
        .len = len,
        .max_depth = o.max_depth > 0 ? o.max_depth : SL_PARSE_MAX_DEPTH_DEFAULT,
        .flags = o.flags,
        .stmts = stmts,
    };
    driver d = {
        .p = &p,
        .pos = {0, 1, 1},
        .stmt_start = SIZE_MAX,
        .max_len = o.max_stmt_len ? o.max_stmt_len : SL_PARSE_MAX_STMT_LEN_DEFAULT,
    };
    d.stack_limit = STACK_BASE + STACK_PER_LEVEL * p.max_depth;
    d.parser = sl_lemon_parseAlloc(sl_malloc, &p);
    drive(&d, sql, len, expr != NULL);
    sl_lemon_parseFree(d.parser, free);
    if (!p.err && expr) {
        if (!p.expr) sl_parse_fail_syntax(&p, d.pos, "mismatched input '<EOF>'");
        *expr = p.expr;
    }
    return p.err;
}

sl_error *sl_parse_script(sl_arena *ar, const char *sql, size_t len, const sl_parse_opts *opts,
                          sl_ast_stmt_list *out)
{
    return run(ar, sql, len, opts, out, NULL);
}

sl_error *sl_parse_statement(sl_arena *ar, const char *sql, size_t len, const sl_parse_opts *opts,
                             sl_ast_stmt **out)
{
    sl_ast_stmt_list l = {0};
    *out = NULL;
    sl_error *err = run(ar, sql, len, opts, &l, NULL);
    if (err) return err;
    if (l.n == 0)
        return sl_error_with_detail(sl_error_at(SL_E_SYNTAX, 1, 1, "Syntax Error"), "no statement");
    if (l.n > 1) {
        sl_pos pos = l.v[1]->pos;
        err = sl_error_at(SL_E_SYNTAX, (int)pos.line, (int)pos.col, "Syntax Error");
        return sl_error_with_detail(err, "expected one statement, found %u", l.n);
    }
    *out = l.v[0];
    return NULL;
}

sl_error *sl_parse_expr(sl_arena *ar, const char *sql, size_t len, const sl_parse_opts *opts,
                        sl_ast_expr **out)
{
    *out = NULL;
    return run(ar, sql, len, opts, NULL, out);
}

/* ---- rendering errors ----------------------------------------------------------------- */

void sl_parse_error_text(const sl_error *err, sl_buf *out)
{
    if (err->line > 0) sl_buf_printf(out, "line %d:%d: ", err->line, err->col);
    sl_buf_puts(out, err->msg);
    if (err->detail) sl_buf_printf(out, "\n%s", err->detail);
}

void sl_parse_error_caret(const char *sql, size_t len, const sl_error *err, sl_buf *out)
{
    enum { WINDOW = 100 };
    if (!err || err->line < 1 || err->col < 1) return;
    size_t start = 0;
    for (int line = 1; line < err->line; start++) {
        if (start >= len) return;
        if (sql[start] == '\n') line++;
    }
    size_t end = start;
    while (end < len && sql[end] != '\n' && sql[end] != '\r')
        end++;
    /* The byte offset of the column (columns count characters). */
    size_t at = start;
    for (int col = 1; col < err->col && at < end; col++) {
        at++;
        while (at < end && ((unsigned char)sql[at] & 0xC0) == 0x80)
            at++;
    }
    size_t from = at - start > WINDOW / 2 ? at - WINDOW / 2 : start;
    while (from > start && ((unsigned char)sql[from] & 0xC0) == 0x80)
        from--;
    size_t to = end - from > WINDOW ? from + WINDOW : end;
    while (to < end && ((unsigned char)sql[to] & 0xC0) == 0x80)
        to++;
    bool cut = from > start;
    sl_buf_printf(out, "%s%.*s%s\n%s", cut ? "..." : "", (int)(to - from), sql + from,
                  to < end ? "..." : "", cut ? "   " : "");
    for (size_t i = from; i < at; i++) {
        unsigned char c = (unsigned char)sql[i];
        if ((c & 0xC0) != 0x80) sl_buf_putc(out, c == '\t' ? '\t' : ' ');
    }
    sl_buf_puts(out, "^\n");
}
