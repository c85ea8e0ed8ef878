/*
 * script.h - SQL text as the shell sees it, without a parser: where statements
 * end, what their first words are, ${var} substitution, and a normal form for
 * comparing two statements.
 *
 * Model: a statement ends at a ';' that is outside a string literal ('...'),
 * a quoted identifier (`...` or "..."), a line comment (-- to end of line) and
 * a block comment (/ * ... * /). Quotes escape themselves by doubling ('it''s').
 * Leading blanks and comments are not part of a statement, so its position
 * (line:col, 1-based, columns counted in characters) is that of its first token,
 * which is where the server's "line L:C:" positions start counting.
 *
 * Everything here is pure: no I/O, no allocation except into caller buffers.
 * Any thread.
 */
#ifndef SL_CLI_SCRIPT_H
#define SL_CLI_SCRIPT_H

#include "common/buf.h"
#include "common/error.h"

#include <stdbool.h>
#include <stddef.h>

/* A statement found in a text: a borrowed slice from its first token to its ';'. */
typedef struct sl_script_stmt {
    const char *text;
    size_t len;
    int line, col; /* position of the first character in the whole text */
} sl_script_stmt;

/* Scanning state over one text; zero-initialise through sl_script_scan_init. */
typedef struct sl_script_scan {
    const char *src;
    size_t n, off; /* off: where the next statement search starts */
    int line, col; /* position of src[off] */
} sl_script_scan;

typedef enum sl_script_next_result {
    SL_SCRIPT_STMT,    /* *out is a complete statement; the scan moved past its ';' */
    SL_SCRIPT_END,     /* only blanks and comments remain */
    SL_SCRIPT_PARTIAL, /* *out is the unterminated rest (no ';' yet, or inside a quote) */
} sl_script_next_result;

/* Starts scanning src (borrowed; must outlive the scan) at line 1, column 1. */
void sl_script_scan_init(sl_script_scan *sc, const char *src, size_t n);
/* Finds the next statement. On SL_SCRIPT_PARTIAL the scan does not move. */
sl_script_next_result sl_script_next(sl_script_scan *sc, sl_script_stmt *out);

/* Tokens, enough to recognise statement heads and compare statements. */
typedef enum sl_script_tok_type {
    SL_TOK_END,    /* no more tokens */
    SL_TOK_WORD,   /* keyword or unquoted identifier */
    SL_TOK_NUMBER, /* 12, 1.5, 2e10 */
    SL_TOK_STRING, /* '...' including the quotes */
    SL_TOK_QIDENT, /* `...` or "..." including the quotes */
    SL_TOK_PUNCT,  /* any other single character */
} sl_script_tok_type;

typedef struct sl_script_tok {
    sl_script_tok_type type;
    const char *p; /* borrowed */
    size_t n;
} sl_script_tok;

/* Reads the token at s[0..n), skipping blanks and comments before it. Returns
 * the bytes consumed (blanks + token); an unterminated quote runs to the end. */
size_t sl_script_token(const char *s, size_t n, sl_script_tok *tok);
/* True when tok is a word equal to kw, ignoring ASCII case. */
bool sl_script_tok_is(const sl_script_tok *tok, const char *kw);
/* Appends the text of a STRING or QIDENT token without its quotes, undoubling
 * the quote character; other tokens are appended as they are. */
void sl_script_tok_unquote(const sl_script_tok *tok, sl_buf *out);
/* Reads up to max tokens of s[0..n) into toks; returns how many were read. */
int sl_script_tokens(const char *s, size_t n, sl_script_tok *toks, int max);

/* Looks a variable up by name (ASCII case-insensitive); NULL when undefined. */
typedef const char *(*sl_script_lookup_fn)(void *ctx, const char *name, size_t n);

/* Appends text with ${name} references replaced, as ksqlDB does it: outside
 * quotes the value goes in as is, but must be one SQL token (an identifier, a
 * quoted string, a number, true or false) so a value cannot inject statements;
 * inside a quoted string or identifier it goes in with that quote doubled;
 * inside comments nothing is replaced; undefined references stay as written.
 * Errors (SL_E_SYNTAX) carry the line:col of the reference within text. */
sl_error *sl_script_subst(const char *text, size_t len, sl_script_lookup_fn lookup, void *ctx,
                          sl_buf *out);

/* Appends the normal form of a statement: comments dropped, tokens separated by
 * one space, unquoted words upper-cased, `ABC` written as ABC when it is a plain
 * upper-case identifier, trailing ';' dropped. Two statements that differ only
 * in layout, comments or keyword case have the same normal form. */
void sl_script_normalize(const char *text, size_t len, sl_buf *out);

/* Appends text as one history line: -- comments dropped and line breaks outside
 * quotes turned into spaces, so a recalled multi-line statement still runs. */
void sl_script_flatten(const char *text, size_t len, sl_buf *out);

#endif
